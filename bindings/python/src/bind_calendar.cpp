#include <pybind11/native_enum.h>
#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include "bind.hpp"
#include "casters.hpp"
#include "scr/calendar.hpp"
#include "scr/error.hpp"

namespace py = pybind11;

void bind_calendar(py::module_& m) {
  py::native_enum<scr::time_unit>(m, "TimeUnit", "enum.Enum")
      .value("HOURS", scr::time_unit::hours)
      .value("DAYS", scr::time_unit::days)
      .value("WORKING_DAYS", scr::time_unit::working_days)
      .value("WEEKS", scr::time_unit::weeks)
      .value("MONTHS", scr::time_unit::months)
      .value("YEARS", scr::time_unit::years)
      .finalize();

  py::class_<scr::timescale>(m, "Timescale")
      .def(py::init(&scr::timescale::of), py::arg("amount"), py::arg("unit"))
      .def_static("parse", &scr::timescale::parse, py::arg("text"))
      .def_readonly("amount", &scr::timescale::amount)
      .def_readonly("unit", &scr::timescale::unit)
      .def("__str__", &scr::timescale::to_string)
      .def("__repr__",
           [](const scr::timescale& t) { return "Timescale.parse('" + t.to_string() + "')"; })
      .def(py::self == py::self)  // other types compare unequal (NotImplemented)
      .def(py::self != py::self)
      .def("__hash__", [](const scr::timescale& t) {
        return py::hash(py::make_tuple(t.amount, static_cast<int>(t.unit)));
      });

  py::class_<scr::holiday>(m, "Holiday")
      .def(py::init([](scr::date d, std::string name) { return scr::holiday{d, std::move(name)}; }),
           py::arg("date"), py::arg("name"))
      .def_readonly("date", &scr::holiday::day)
      .def_readonly("name", &scr::holiday::name)
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def("__hash__",
           [](const scr::holiday& h) {
             return py::hash(py::make_tuple(scr::calendar::to_serial(h.day), h.name));
           })
      .def("__repr__", [](const scr::holiday& h) {
        const auto ymd = h.day.year_month_day();
        return "Holiday(date=datetime.date(" + std::to_string(ymd.year) + ", " +
               std::to_string(ymd.month) + ", " + std::to_string(ymd.day) + "), name=" +
               py::repr(py::str(h.name)).cast<std::string>() + ")";
      });

  // Weekdays cross as bit masks (bit k = Boost weekday k, Sunday = 0); the
  // Python layer speaks Python's numbering (Monday = 0).
  py::class_<scr::calendar>(m, "Calendar")
      .def_static("england_and_wales", &scr::calendar::england_and_wales)
      .def_static("from_govuk_json", &scr::calendar::from_govuk_json, py::arg("text"),
                  py::arg("division"))
      .def_static(
          "custom",
          [](unsigned weekend_bits, std::vector<scr::holiday> holidays, std::string name,
             std::string version, std::optional<scr::date> first, std::optional<scr::date> last,
             std::optional<scr::date> confirmed_through) {
            const auto set = scr::weekday_set::from_bits(static_cast<std::uint8_t>(weekend_bits & 0x7FU));
            return scr::calendar::custom(set, std::move(holidays), std::move(name),
                                         std::move(version),
                                         {first, last, confirmed_through});
          },
          py::arg("weekend_bits"), py::arg("holidays"), py::arg("name"), py::arg("version"),
          py::arg("first"), py::arg("last"), py::arg("confirmed_through"))
      .def("updated_with", &scr::calendar::updated_with, py::arg("announced"), py::arg("version"))
      .def_property_readonly("name", &scr::calendar::name)
      .def_property_readonly("version", &scr::calendar::version)
      .def_property_readonly("weekend_bits",
                             [](const scr::calendar& c) { return c.weekend().bits(); })
      .def_property_readonly("first", &scr::calendar::first)
      .def_property_readonly("last", &scr::calendar::last)
      .def_property_readonly("confirmed_through", &scr::calendar::confirmed_through)
      .def_property_readonly("all_holidays", &scr::calendar::all_holidays)
      .def("is_provisional", &scr::calendar::is_provisional)
      .def("holidays", &scr::calendar::holidays)
      .def("holiday_name", &scr::calendar::holiday_name)
      .def("is_working_day", &scr::calendar::is_working_day)
      .def("next_working_day", &scr::calendar::next_working_day)
      .def("previous_working_day", &scr::calendar::previous_working_day)
      .def("add_working_days",
           py::overload_cast<scr::date, int>(&scr::calendar::add_working_days, py::const_))
      .def("add_working_days_list",
           [](const scr::calendar& c, const std::vector<scr::date>& days, int n) {
             std::vector<scr::date> out;
             out.reserve(days.size());
             for (const auto& d : days) out.push_back(c.add_working_days(d, n));
             return out;
           })
      .def("add_working_days_serial",
           [](const scr::calendar& c,
              py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> days,
              py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> n) {
             py::array_t<std::int64_t> out(days.request().shape);
             const auto count = static_cast<std::size_t>(days.size());
             const std::span<const std::int64_t> in(days.data(), count);
             const std::span<const std::int64_t> steps(n.data(), static_cast<std::size_t>(n.size()));
             const std::span<std::int64_t> result(out.mutable_data(), count);
             {
               py::gil_scoped_release release;
               c.add_working_days(in, steps, result);
             }
             return out;
           })
      .def("due_serial",
           [](const scr::calendar& c, py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> days,
              const scr::timescale& ts, bool forward) {
             py::array_t<std::int64_t> out(days.request().shape);
             const auto count = static_cast<std::size_t>(days.size());
             const std::span<const std::int64_t> in(days.data(), count);
             const std::span<std::int64_t> result(out.mutable_data(), count);
             {
               py::gil_scoped_release release;
               if (forward) c.due(in, ts, result);
               else c.before(in, ts, result);
             }
             return out;
           })
      .def("working_days_between", &scr::calendar::working_days_between)
      .def("due", py::overload_cast<scr::date, const scr::timescale&>(&scr::calendar::due,
                                                                       py::const_))
      .def("due_instant",
           [](const scr::calendar& c, scr::instant t, const scr::timescale& ts) {
             const auto d = c.due(t, ts);
             return py::make_tuple(d.day, d.at ? py::cast(*d.at) : py::none());
           })
      .def("before", py::overload_cast<scr::date, const scr::timescale&>(&scr::calendar::before,
                                                                          py::const_))
      .def("before_instant", [](const scr::calendar& c, scr::instant t,
                                const scr::timescale& ts) {
        const auto d = c.before(t, ts);
        return py::make_tuple(d.day, d.at ? py::cast(*d.at) : py::none());
      });

  m.def("add_months", &scr::add_months, py::arg("date"), py::arg("months"));
  m.def("parse_date", &scr::parse_date, py::arg("text"));
  m.def("parse_instant", &scr::parse_instant, py::arg("text"));
  m.def("london_date", &scr::london_date, py::arg("instant"));
  m.def("to_serial", &scr::calendar::to_serial);
  m.def("min_date", &scr::min_date);
  m.def("max_date", &scr::max_date);
}
