// libscr._core: the compiled layer of the libscr Python package. One
// bind_<area>() per C++ module; no logic beyond type conversion.

#include "bind.hpp"
#include "scr/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "libscr compiled core (use the libscr package, not this module)";
  m.attr("__version__") = SCR_VERSION_STRING;
  bind_errors(m);
  bind_calendar(m);
  bind_procedure(m);
  bind_review(m);
  bind_store(m);
  bind_report(m);
}
