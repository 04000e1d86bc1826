// Reports: a review's timetable entries and exports, the monthly progress
// report, the text, CSV and JSON forms of the store's lists, and what can
// happen next in a review as text or JSON. Type
// conversion only; the reports are computed by scr/report.hpp.

#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bind.hpp"
#include "casters.hpp"
#include "scr/report.hpp"

namespace py = pybind11;

void bind_report(py::module_& m) {
  py::class_<scr::timetable_entry>(m, "TimetableEntry")
      .def_readonly("kind", &scr::timetable_entry::kind)
      .def_readonly("id", &scr::timetable_entry::id)
      .def_readonly("agency", &scr::timetable_entry::agency)
      .def_readonly("occurrence", &scr::timetable_entry::occurrence)
      .def_readonly("title", &scr::timetable_entry::title)
      .def_readonly("owner", &scr::timetable_entry::owner)
      .def_readonly("status", &scr::timetable_entry::status)
      .def_readonly("rule", &scr::timetable_entry::rule)
      .def_readonly("due", &scr::timetable_entry::due)
      .def_readonly("due_at", &scr::timetable_entry::due_at)
      .def_readonly("original_due", &scr::timetable_entry::original_due)
      .def_readonly("extended_to", &scr::timetable_entry::extended_to)
      .def_readonly("anchor_date", &scr::timetable_entry::anchor_date)
      .def_readonly("completed_at", &scr::timetable_entry::completed_at)
      .def_readonly("statutory", &scr::timetable_entry::statutory)
      .def_readonly("projected", &scr::timetable_entry::projected)
      .def_readonly("provisional", &scr::timetable_entry::provisional)
      .def_readonly("scheduled", &scr::timetable_entry::scheduled)
      .def_readonly("breach", &scr::timetable_entry::breach)
      .def_readonly("days_late", &scr::timetable_entry::days_late)
      .def_readonly("cite", &scr::timetable_entry::cite)
      .def_property_readonly("confidence",
                             [](const scr::timetable_entry& e) -> std::optional<std::string> {
                               if (e.confidence == scr::confidence::unstated) return std::nullopt;
                               return std::string(scr::to_string(e.confidence));
                             })
      .def_readonly("uid", &scr::timetable_entry::uid);

  py::class_<scr::monthly_review>(m, "MonthlyReview")
      .def_readonly("reference", &scr::monthly_review::reference)
      .def_readonly("procedure_id", &scr::monthly_review::procedure_id)
      .def_readonly("state", &scr::monthly_review::state)
      .def_readonly("stage", &scr::monthly_review::stage)
      .def_readonly("on_hold", &scr::monthly_review::on_hold)
      .def_readonly("planned_completion", &scr::monthly_review::planned_completion)
      .def_readonly("original_completion", &scr::monthly_review::original_completion)
      .def_readonly("completion_projected", &scr::monthly_review::completion_projected)
      .def_readonly("slippage_days", &scr::monthly_review::slippage_days)
      .def_readonly("overdue", &scr::monthly_review::overdue)
      .def_readonly("open_obligations", &scr::monthly_review::open_obligations)
      .def_readonly("warnings", &scr::monthly_review::warnings);

  py::class_<scr::monthly_report>(m, "MonthlyReport")
      .def_readonly("year", &scr::monthly_report::year)
      .def_readonly("month", &scr::monthly_report::month)
      .def_readonly("as_of", &scr::monthly_report::as_of)
      .def_readonly("reviews", &scr::monthly_report::reviews);

  m.def("timetable_entries", &scr::timetable_entries, py::arg("review"), py::arg("as_of"));
  m.def(
      "export_timetable",
      [](const scr::review& r, scr::date as_of, std::string_view format) {
        return scr::export_timetable(r, as_of, scr::parse_export_format(format));
      },
      py::arg("review"), py::arg("as_of"), py::arg("format"));
  m.def("monthly_text", &scr::monthly_text, py::arg("report"));
  m.def("monthly_json", &scr::monthly_json, py::arg("report"));
  m.def(
      "due_items_text",
      [](const std::vector<scr::due_item>& items, bool with_days_overdue) {
        return scr::due_items_text(items, with_days_overdue, false);
      },
      py::arg("items"), py::arg("with_days_overdue"));
  m.def("due_items_csv", &scr::due_items_csv, py::arg("items"));
  m.def("due_items_json", &scr::due_items_json, py::arg("items"), py::arg("query"));
  m.def("compliance_text", &scr::compliance_text, py::arg("rows"));
  m.def("compliance_csv", &scr::compliance_csv, py::arg("rows"));
  m.def("next_steps_text", &scr::next_steps_text, py::arg("steps"));
  m.def("next_steps_json", &scr::next_steps_json, py::arg("steps"), py::arg("reference"), py::arg("as_of"));
  m.def("compliance_json", &scr::compliance_json, py::arg("rows"), py::arg("start"), py::arg("end"));
}
