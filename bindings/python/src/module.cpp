// libscr._core: the compiled layer of the libscr Python package. One
// bind_<area>() per C++ module; no logic beyond type conversion.

#include "bind.hpp"
#include "scr/version.hpp"

namespace py = pybind11;

void bind_action_plan(py::module_& m);  // bind_action_plan.cpp

namespace {

// Rows of a frozen dataclass without checks of its own (the package's row
// types) from tuples of its fields in order: each made by object.__new__ and
// its fields set in its __dict__, as the generated __init__ sets them, at a
// fraction of the cost of calling it once per row.
py::list rows_as(const py::type& cls, const py::tuple& names, const py::list& tuples) {
  const auto n = static_cast<Py_ssize_t>(names.size());
  const auto count = static_cast<Py_ssize_t>(tuples.size());
  py::list out(static_cast<std::size_t>(count));
  const py::tuple no_args;
  for (Py_ssize_t i = 0; i < count; ++i) {
    PyObject* t = PyList_GET_ITEM(tuples.ptr(), i);
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != n) {
      throw py::value_error("rows_as: row " + std::to_string(i) + " is not a tuple of " + std::to_string(n) +
                            " values");
    }
    const py::object row = py::reinterpret_steal<py::object>(PyBaseObject_Type.tp_new(
        reinterpret_cast<PyTypeObject*>(cls.ptr()), no_args.ptr(), nullptr));  // NOLINT: the C API's type
    if (!row) throw py::error_already_set();
    const py::object dict = py::reinterpret_steal<py::object>(PyObject_GenericGetDict(row.ptr(), nullptr));
    if (!dict) throw py::error_already_set();
    for (Py_ssize_t k = 0; k < n; ++k) {
      if (PyDict_SetItem(dict.ptr(), PyTuple_GET_ITEM(names.ptr(), k), PyTuple_GET_ITEM(t, k)) != 0) {
        throw py::error_already_set();
      }
    }
    PyList_SET_ITEM(out.ptr(), i, row.inc_ref().ptr());
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "libscr compiled core (use the libscr package, not this module)";
  m.attr("__version__") = SCR_VERSION_STRING;
  bind_errors(m);
  bind_calendar(m);
  bind_procedure(m);
  bind_review(m);
  bind_store(m);
  bind_report(m);
  bind_chronology(m);
  bind_action_plan(m);  // after bind_store and bind_procedure: adds to their classes
  m.def("rows_as", &rows_as, py::arg("cls"), py::arg("names"), py::arg("tuples"));
}
