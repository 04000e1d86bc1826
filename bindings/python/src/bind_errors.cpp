// C++ exceptions become the classes defined in libscr/errors.py:
//   scr::definition_error -> libscr.DefinitionError (an InputError), with
//                            .diagnostics: every error and warning found
//   scr::data_error   -> libscr.DataError (an InputError), with .field
//   scr::agency_error -> libscr.AgencyError (an InputError)
//   scr::range_error  -> libscr.RangeError (an InputError)
//   scr::input_error  -> libscr.InputError (also a ValueError)
//   scr::guard_error  -> libscr.GuardError (a RuleError), with .guards
//   scr::conflict_error -> libscr.ConflictError (a RuleError), with .conflict_rule
//   scr::transition_error, role_error, prerequisite_error -> libscr.TransitionError,
//                        RoleError, PrerequisiteError (each a RuleError)
//   scr::rule_error   -> libscr.RuleError (an Error), with .rule
//   scr::store_error  -> libscr.StoreError (an Error)
//   scr::concurrency_error -> libscr.ConcurrencyError (an Error), with
//                            .expected and .actual
//   scr::error        -> libscr.Error

#include "bind.hpp"
#include <pybind11/stl.h>

#include "scr/error.hpp"
#include "scr/procedure.hpp"
#include "scr/review.hpp"
#include "scr/store.hpp"

namespace py = pybind11;

namespace {

void raise(const char* cls, const std::exception& e) {
  py::object type = py::module_::import("libscr.errors").attr(cls);
  PyErr_SetString(type.ptr(), e.what());
}

// Raises libscr.errors.<cls>(what, *extra).
template <class... Extra>
void raise_with(const char* cls, const std::exception& e, Extra&&... extra) {
  py::object type = py::module_::import("libscr.errors").attr(cls);
  py::object error = type(e.what(), std::forward<Extra>(extra)...);
  PyErr_SetObject(type.ptr(), error.ptr());
}

}  // namespace

void bind_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const scr::definition_error& e) {
      raise_with("DefinitionError", e, py::cast(e.diagnostics()));
    } catch (const scr::data_error& e) {
      raise_with("DataError", e, e.field());
    } catch (const scr::agency_error& e) {
      raise("AgencyError", e);
    } catch (const scr::range_error& e) {
      raise("RangeError", e);
    } catch (const scr::input_error& e) {
      raise("InputError", e);
    } catch (const scr::guard_error& e) {
      raise_with("GuardError", e, py::cast(e.guards()));
    } catch (const scr::conflict_error& e) {
      raise_with("ConflictError", e, e.conflict_rule());
    } catch (const scr::transition_error& e) {
      raise("TransitionError", e);
    } catch (const scr::role_error& e) {
      raise("RoleError", e);
    } catch (const scr::prerequisite_error& e) {
      raise("PrerequisiteError", e);
    } catch (const scr::rule_error& e) {
      raise_with("RuleError", e, e.rule());
    } catch (const scr::store_error& e) {
      raise("StoreError", e);
    } catch (const scr::concurrency_error& e) {
      raise_with("ConcurrencyError", e, e.expected(), e.actual());
    } catch (const scr::error& e) {
      raise("Error", e);
    }
  });
}
