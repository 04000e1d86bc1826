// C++ exceptions become the classes defined in libscr/errors.py:
//   scr::definition_error -> libscr.DefinitionError (an InputError), with
//                            .diagnostics: every error and warning found
//   scr::range_error -> libscr.RangeError (an InputError)
//   scr::input_error -> libscr.InputError (also a ValueError)
//   scr::error       -> libscr.Error

#include "bind.hpp"
#include <pybind11/stl.h>

#include "scr/error.hpp"
#include "scr/procedure.hpp"

namespace py = pybind11;

namespace {

void raise(const char* cls, const std::exception& e) {
  py::object type = py::module_::import("libscr.errors").attr(cls);
  PyErr_SetString(type.ptr(), e.what());
}

}  // namespace

void bind_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const scr::definition_error& e) {
      py::object type = py::module_::import("libscr.errors").attr("DefinitionError");
      py::object error = type(e.what(), py::cast(e.diagnostics()));
      PyErr_SetObject(type.ptr(), error.ptr());
    } catch (const scr::range_error& e) {
      raise("RangeError", e);
    } catch (const scr::input_error& e) {
      raise("InputError", e);
    } catch (const scr::error& e) {
      raise("Error", e);
    }
  });
}
