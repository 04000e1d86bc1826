// Action plans (scr/action_plan.hpp): a review's recommendations and
// actions, the plan as it stands, the board's assurance report, and the
// boards' spreadsheet layouts. Type conversion only.
//
// Enumerations cross as the names to_string gives them ("in progress",
// "implemented"; a plan's layout "solihull-2011"; a milestone status "met
// late"); a "By when?" timescale as a Timescale; an XLSX export as bytes.
// Event data crosses as the dict a review's event data is. A plan crosses as
// nested tuples in the order of the fields of the libscr.action_plans
// dataclasses (one crossing of the binding for a whole plan); its completion
// mark in the order of libscr.review.TimetableRow's fields.
//
// The store's assurance report (`assure`) is added to libscr._core.Store,
// and `action_plan` (the procedure's action_plan section) to
// libscr._core.Procedure, on the classes bind_store.cpp and
// bind_procedure.cpp bind: call bind_action_plan after both.

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "bind.hpp"
#include "casters.hpp"
#include "scr/action_plan.hpp"
#include "scr/error.hpp"
#include "scr/store.hpp"

namespace py = pybind11;

namespace {

template <class E>
std::string name_of(E e) {
  return std::string(scr::to_string(e));
}

// Event data as the dict a review gives it (the values action plans write:
// text, flags and dates; the others for completeness).
py::dict data_dict(const scr::event_data& data) {
  struct visitor {
    py::object operator()(std::monostate) const { return py::none(); }
    py::object operator()(bool b) const { return py::bool_(b); }
    py::object operator()(std::int64_t i) const { return py::int_(i); }
    py::object operator()(const std::string& s) const { return py::str(s); }
    py::object operator()(const scr::date& d) const { return py::cast(d); }
    py::object operator()(const scr::instant& t) const { return py::cast(t); }
  };
  py::dict out;
  for (const auto& [k, v] : data) out[py::str(k)] = std::visit(visitor{}, v);
  return out;
}

// Findings as (check, message) tuples.
py::tuple smart_tuples(const std::vector<scr::smart_finding>& findings) {
  py::tuple out(findings.size());
  std::size_t k = 0;
  for (const auto& f : findings) out[k++] = py::make_tuple(f.check, f.message);
  return out;
}

// An update in the order of libscr.action_plans.ActionUpdate's fields: kind,
// at, by, status, narrative, evidence, sequence.
py::tuple update_tuple(const scr::action_update& u) {
  return py::make_tuple(u.kind, u.at, u.by, u.status, u.narrative, u.evidence, u.sequence);
}

// An action in the order of libscr.action_plans.PlanAction's fields.
py::tuple action_tuple(const scr::plan_action& a) {
  py::tuple updates(a.updates.size());
  std::size_t k = 0;
  for (const auto& u : a.updates) updates[k++] = update_tuple(u);
  return py::make_tuple(a.number, a.recommendation, a.what, a.lead, a.agency, a.by_when, a.evidence,
                        name_of(a.status), a.state, a.due, a.review_on, name_of(a.due_status), a.days_late,
                        a.agreed_at, a.completed_at, a.signed_off_at, a.completion_evidence, std::move(updates),
                        a.next_update_due, a.update_overdue, a.updates_overdue, smart_tuples(a.smart));
}

py::list action_tuples(const std::vector<scr::plan_action>& actions) {
  py::list out(actions.size());
  std::size_t k = 0;
  for (const auto& a : actions) out[k++] = action_tuple(a);
  return out;
}

// A recommendation in the order of libscr.action_plans.PlanRecommendation's
// fields.
py::tuple recommendation_tuple(const scr::plan_recommendation& r) {
  return py::make_tuple(r.number, r.text, r.outcome, r.addressed_to, r.agency, r.source, r.type, r.measure, r.audit,
                        r.urgent, py::tuple(py::cast(r.themes)), r.made_at, name_of(r.status),
                        action_tuples(r.actions), smart_tuples(r.smart));
}

// The plan's completion mark in the order of libscr.review.TimetableRow's
// fields (its days late as of the plan's day), or None.
py::object mark_tuple(const std::optional<scr::timetable_row>& mark, scr::date as_of) {
  if (!mark || mark->def == nullptr) return py::none();
  const auto& m = *mark;
  return py::make_tuple(m.id(), m.title(), m.owner(), m.agency, m.in_track != nullptr ? m.in_track->id : std::string(),
                        name_of(m.def->kind), name_of(m.def->level), m.rule(), py::tuple(py::cast(m.def->cite)),
                        m.anchor_date, m.due, m.due_at, m.original_due, m.extended_to, m.rule_due, name_of(m.status),
                        m.completed_at, m.projected, m.provisional, m.scheduled, m.scheduled_at, m.breach,
                        m.extensions, m.days_late(as_of));
}

// A plan in the order of libscr.action_plans.ActionPlan's fields:
// reference, procedure_id, procedure_version, state, as_of, approved_at,
// recommendations, unlinked, mark, warnings.
py::tuple plan_tuple(const scr::action_plan& p) {
  py::list recs(p.recommendations.size());
  std::size_t k = 0;
  for (const auto& r : p.recommendations) recs[k++] = recommendation_tuple(r);
  return py::make_tuple(p.reference, p.procedure_id, p.procedure_version, p.state, p.as_of, p.approved_at,
                        std::move(recs), action_tuples(p.unlinked), mark_tuple(p.mark, p.as_of),
                        py::tuple(py::cast(p.warnings)));
}

// Counts in the order of libscr.action_plans.AssuranceCount's fields: key,
// recommendations, actions, overdue, implemented, reviews.
py::list count_tuples(const std::vector<scr::assurance_count>& counts) {
  py::list out(counts.size());
  std::size_t k = 0;
  for (const auto& c : counts) {
    out[k++] = py::make_tuple(c.key, c.recommendations, c.actions, c.overdue, c.implemented, c.reviews);
  }
  return out;
}

// The report's figures in the order of libscr.action_plans.AssuranceReport's
// fields, its plans left out (`plans` gives them): from, as_of,
// recommendations, implemented, urgent, urgent_implemented, actions,
// actions_implemented, actions_overdue, updates_overdue, completed_in_period,
// updates_in_period, past_mark, by_status, by_agency, by_theme.
py::tuple assurance_tuple(const scr::assurance_report& a) {
  return py::make_tuple(a.from, a.as_of, a.recommendations, a.implemented, a.urgent, a.urgent_implemented, a.actions,
                        a.actions_implemented, a.actions_overdue, a.updates_overdue, a.completed_in_period,
                        a.updates_in_period, py::tuple(py::cast(a.past_mark)), count_tuples(a.by_status),
                        count_tuples(a.by_agency), count_tuples(a.by_theme));
}

// Inputs in the order of libscr.action_plans.RecommendationInput's fields:
// number, text, outcome, addressed_to, agency, source, type, measure, urgent,
// themes, audit.
py::tuple recommendation_input_tuple(const scr::recommendation_input& r) {
  return py::make_tuple(r.number, r.text, r.outcome, r.addressed_to, r.agency, r.source, r.type, r.measure, r.urgent,
                        py::tuple(py::cast(r.themes)), r.audit);
}

// ... and ActionInput's: number, recommendation, what, lead, agency, by_when,
// review_on, evidence.
py::tuple action_input_tuple(const scr::action_input& a) {
  return py::make_tuple(a.number, a.recommendation, a.what, a.lead, a.agency, a.by_when, a.review_on, a.evidence);
}

// A text export as str; XLSX as bytes.
py::object exported(std::string out, scr::plan_format as) {
  if (as == scr::plan_format::xlsx) return py::bytes(out);
  return py::str(out);
}

// Adds a method to a class bound elsewhere (libscr._core.Store).
template <class F, class... Extra>
void add_method(py::object cls, const char* name, F&& f, const Extra&... extra) {
  py::cpp_function method(std::forward<F>(f), py::name(name), py::is_method(cls),
                          py::sibling(py::getattr(cls, name, py::none())), extra...);
  py::setattr(cls, name, method);
}

// Adds a read-only property to a class bound elsewhere (libscr._core.Procedure).
template <class F>
void add_property(py::object cls, const char* name, F&& getter) {
  py::cpp_function get(std::forward<F>(getter), py::is_method(cls));
  py::setattr(cls, name, py::module_::import("builtins").attr("property")(get));
}

}  // namespace

void bind_action_plan(py::module_& m) {
  // ---- the procedure's action_plan section ----
  py::class_<scr::action_plan_binding>(m, "ActionPlanBinding")
      .def_readonly("approved", &scr::action_plan_binding::approved)
      .def_readonly("recommended", &scr::action_plan_binding::recommended)
      .def_readonly("track", &scr::action_plan_binding::track)
      .def_readonly("updated", &scr::action_plan_binding::updated)
      .def_readonly("completed", &scr::action_plan_binding::completed)
      .def_readonly("signed_off", &scr::action_plan_binding::signed_off)
      .def_readonly("returned", &scr::action_plan_binding::returned)
      .def_readonly("due", &scr::action_plan_binding::due)
      .def_readonly("review", &scr::action_plan_binding::review)
      .def_readonly("update", &scr::action_plan_binding::update)
      .def_readonly("mark", &scr::action_plan_binding::mark)
      .def_readonly("smart", &scr::action_plan_binding::smart)
      .def_readonly("vague", &scr::action_plan_binding::vague)
      .def_readonly("types", &scr::action_plan_binding::types);
  add_property(m.attr("Procedure"), "action_plan",
               [](const scr::procedure& p) -> std::optional<scr::action_plan_binding> { return p.action_plan(); });

  // ---- recording ----
  m.def(
      "parse_by_when",
      [](std::string_view text) {
        const auto w = scr::by_when::parse(text);
        return py::make_tuple(w.on, w.within, w.ongoing, w.text);
      },
      py::arg("text"));
  m.def(
      "recommendation_event", [](const scr::review& r) { return scr::recommendation_event(r); }, py::arg("review"));
  m.def(
      "action_event", [](const scr::review& r) { return scr::action_event(r); }, py::arg("review"));
  m.def(
      "recommendation_data",
      [](const scr::review& r, std::string number, std::string text, std::string outcome, std::string addressed_to,
         std::string agency, std::string source, std::string type, std::string measure, bool urgent,
         std::vector<std::string> themes, std::string audit) {
        scr::recommendation_input in;
        in.number = std::move(number);
        in.text = std::move(text);
        in.outcome = std::move(outcome);
        in.addressed_to = std::move(addressed_to);
        in.agency = std::move(agency);
        in.source = std::move(source);
        in.type = std::move(type);
        in.measure = std::move(measure);
        in.urgent = urgent;
        in.themes = std::move(themes);
        in.audit = std::move(audit);
        return data_dict(scr::recommendation_data(r, in));
      },
      py::arg("review"), py::arg("number"), py::arg("text"), py::arg("outcome"), py::arg("addressed_to"),
      py::arg("agency"), py::arg("source"), py::arg("type"), py::arg("measure"), py::arg("urgent"), py::arg("themes"),
      py::arg("audit"));
  m.def(
      "action_data",
      [](const scr::review& r, std::string number, std::string recommendation, std::string what, std::string lead,
         std::string agency, std::string by_when, std::optional<scr::date> review_on, std::string evidence) {
        scr::action_input in;
        in.number = std::move(number);
        in.recommendation = std::move(recommendation);
        in.what = std::move(what);
        in.lead = std::move(lead);
        in.agency = std::move(agency);
        in.by_when = std::move(by_when);
        in.review_on = review_on;
        in.evidence = std::move(evidence);
        return data_dict(scr::action_data(r, in));
      },
      py::arg("review"), py::arg("number"), py::arg("recommendation"), py::arg("what"), py::arg("lead"),
      py::arg("agency"), py::arg("by_when"), py::arg("review_on"), py::arg("evidence"));

  // ---- the plan as it stands ----
  py::class_<scr::action_plan>(m, "ActionPlan")
      .def_static(
          "of", [](const scr::review& r, scr::date as_of) { return scr::action_plan::of(r, as_of); },
          py::arg("review"), py::arg("as_of"))
      .def_readonly("reference", &scr::action_plan::reference)
      .def_readonly("as_of", &scr::action_plan::as_of)
      .def("as_tuple", &plan_tuple)
      .def(
          "export",
          [](const scr::action_plan& p, std::string_view as) {
            const auto kind = scr::plan_format_from(as);
            return exported(scr::export_action_plan(p, kind), kind);
          },
          py::arg("as_"))
      .def(
          "write",
          [](const scr::action_plan& p, std::string_view layout, bool xlsx) -> py::object {
            std::string out = scr::write_plan(p, scr::plan_layout_from(layout), xlsx);
            if (xlsx) return py::bytes(out);
            return py::str(out);
          },
          py::arg("layout"), py::arg("xlsx"))
      .def("__len__", &scr::action_plan::action_count);

  // ---- the board's assurance report ----
  py::class_<scr::assurance_report>(m, "AssuranceReport")
      .def("as_tuple", &assurance_tuple)
      .def_readonly("plans", &scr::assurance_report::plans)
      .def("proportion_implemented", &scr::assurance_report::proportion_implemented)
      .def("proportion_urgent_implemented", &scr::assurance_report::proportion_urgent_implemented)
      .def(
          "export",
          [](const scr::assurance_report& a, std::string_view as) {
            const auto kind = scr::plan_format_from(as);
            return exported(scr::export_assurance(a, kind), kind);
          },
          py::arg("as_"));
  m.def(
      "assure_plans",
      [](const std::vector<scr::action_plan>& plans, scr::date from, scr::date as_of) {
        return scr::assure(plans, from, as_of);
      },
      py::arg("plans"), py::arg("start"), py::arg("as_of"));

  // ---- the boards' layouts ----
  m.def(
      "read_plan",
      [](const py::bytes& data, std::string_view layout, std::string_view what) {
        // (layout, recommendations, actions, issues, report): the inputs as
        // RecommendationInput's and ActionInput's fields, the issues as
        // PlanIssue's (row, column, rule, message).
        const auto sheet = scr::read_plan(std::string_view(data), scr::plan_layout_from(layout), what);
        py::list recs(sheet.recommendations.size());
        std::size_t k = 0;
        for (const auto& r : sheet.recommendations) recs[k++] = recommendation_input_tuple(r);
        py::list actions(sheet.actions.size());
        k = 0;
        for (const auto& a : sheet.actions) actions[k++] = action_input_tuple(a);
        py::list issues(sheet.issues.size());
        k = 0;
        for (const auto& i : sheet.issues) issues[k++] = py::make_tuple(i.row, i.column, i.rule, i.message);
        return py::make_tuple(name_of(sheet.layout), std::move(recs), std::move(actions), std::move(issues),
                              sheet.report());
      },
      py::arg("data"), py::arg("layout"), py::arg("what"));

  // ---- the store's method ----
  add_method(
      m.attr("Store"), "assure",
      [](py::handle self, scr::date from, scr::date as_of, const std::vector<std::string>& references) {
        return scr::assure(store_of(self), from, as_of, references);
      },
      py::arg("start"), py::arg("as_of"), py::arg("references"));
}
