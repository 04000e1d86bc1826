// Procedure definitions. Read-only views of the C++ structures; enumerations
// cross as their YAML names ("initial", "pause-keep-end"), timescales as
// Timescale objects.

#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <optional>

#include "bind.hpp"
#include "casters.hpp"
#include "scr/procedure.hpp"

namespace py = pybind11;

namespace {

template <class E>
std::string name_of(E e) {
  return std::string(scr::to_string(e));
}

std::string anchor_kind_name(scr::anchor_kind k) {
  switch (k) {
    case scr::anchor_kind::event: return "event";
    case scr::anchor_kind::event_field: return "event_field";
    case scr::anchor_kind::milestone: return "milestone";
    case scr::anchor_kind::scheduled: return "scheduled";
  }
  return "?";
}

std::string trigger_kind_name(scr::trigger_kind k) {
  switch (k) {
    case scr::trigger_kind::event: return "event";
    case scr::trigger_kind::milestone_met: return "milestone";
    case scr::trigger_kind::extension: return "extension";
  }
  return "?";
}

std::string prerequisite_kind_name(scr::prerequisite_kind k) {
  switch (k) {
    case scr::prerequisite_kind::milestone: return "milestone";
    case scr::prerequisite_kind::obligation: return "obligation";
    case scr::prerequisite_kind::every_agency: return "every_agency";
  }
  return "?";
}

std::optional<std::string> predicate_text(const std::optional<scr::predicate>& p) {
  if (!p) return std::nullopt;
  return p->text();
}

template <class T>
std::string repr_id(const char* cls, const T& item) {
  return std::string(cls) + "(" + py::repr(py::str(item.id)).template cast<std::string>() + ")";
}

template <class Class>
void bind_machine_members(Class& c) {
  using M = typename Class::type;
  c.def_property_readonly("states", [](const M& m) { return m.states; })
      .def_property_readonly("events", [](const M& m) { return m.events; })
      .def_property_readonly("transitions", [](const M& m) { return m.transitions; })
      .def_property_readonly("milestones", [](const M& m) { return m.milestones; })
      .def_property_readonly("chains", [](const M& m) { return m.chains; })
      .def_property_readonly("obligations", [](const M& m) { return m.obligations; });
}

}  // namespace

void bind_procedure(py::module_& m) {
  py::class_<scr::diagnostic>(m, "Diagnostic")
      .def_property_readonly("severity", [](const scr::diagnostic& d) { return name_of(d.level); })
      .def_readonly("rule", &scr::diagnostic::rule)
      .def_readonly("message", &scr::diagnostic::message)
      .def_readonly("file", &scr::diagnostic::file)
      .def_readonly("line", &scr::diagnostic::line)
      .def_readonly("column", &scr::diagnostic::column)
      .def("__str__", &scr::diagnostic::to_string)
      .def("__repr__", [](const scr::diagnostic& d) { return "<Diagnostic " + d.to_string() + ">"; });

  py::class_<scr::predicate>(m, "Predicate")
      .def_static("parse", &scr::predicate::parse, py::arg("text"))
      .def_property_readonly("text", &scr::predicate::text)
      .def("fields", &scr::predicate::fields)
      .def("__str__", &scr::predicate::text);

  py::class_<scr::role>(m, "Role")
      .def_readonly("id", &scr::role::id)
      .def_readonly("title", &scr::role::title)
      .def_readonly("description", &scr::role::description)
      .def_readonly("cite", &scr::role::cite)
      .def("__repr__", [](const scr::role& r) { return repr_id("Role", r); });

  py::class_<scr::role_conflict>(m, "RoleConflict")
      .def_property_readonly("kind", [](const scr::role_conflict& c) { return name_of(c.kind); })
      .def_readonly("roles", &scr::role_conflict::roles)
      .def_readonly("declaration", &scr::role_conflict::declaration)
      .def_property_readonly("severity", [](const scr::role_conflict& c) { return name_of(c.level); })
      .def_readonly("rule", &scr::role_conflict::rule)
      .def_readonly("cite", &scr::role_conflict::cite);

  py::class_<scr::state>(m, "State")
      .def_readonly("id", &scr::state::id)
      .def_readonly("title", &scr::state::title)
      .def_readonly("description", &scr::state::description)
      .def_property_readonly("kind", [](const scr::state& s) { return name_of(s.kind); })
      .def_readonly("cite", &scr::state::cite)
      .def_property_readonly("line", [](const scr::state& s) { return s.at.line; })
      .def("__repr__", [](const scr::state& s) { return repr_id("State", s); });

  py::class_<scr::field_spec>(m, "Field")
      .def_readonly("name", &scr::field_spec::name)
      .def_readonly("title", &scr::field_spec::title)
      .def_property_readonly("type", [](const scr::field_spec& f) { return name_of(f.type); })
      .def_readonly("values", &scr::field_spec::values)
      .def_readonly("required", &scr::field_spec::required)
      .def_property_readonly("required_when",
                             [](const scr::field_spec& f) { return predicate_text(f.required_when); });

  py::class_<scr::event_spec>(m, "Event")
      .def_readonly("name", &scr::event_spec::name)
      .def_readonly("title", &scr::event_spec::title)
      .def_readonly("description", &scr::event_spec::description)
      .def_readonly("data", &scr::event_spec::data)
      .def_readonly("cite", &scr::event_spec::cite)
      .def("__repr__", [](const scr::event_spec& e) {
        return "Event(" + py::repr(py::str(e.name)).cast<std::string>() + ")";
      });

  py::class_<scr::prerequisite>(m, "Prerequisite")
      .def_property_readonly("kind", [](const scr::prerequisite& p) { return prerequisite_kind_name(p.kind); })
      .def_readonly("id", &scr::prerequisite::id)
      .def_readonly("track", &scr::prerequisite::track);

  py::class_<scr::transition>(m, "Transition")
      .def_readonly("id", &scr::transition::id)
      .def_readonly("event", &scr::transition::event)
      .def_readonly("source", &scr::transition::from)
      .def_readonly("from_any", &scr::transition::from_any)
      .def_readonly("target", &scr::transition::to)
      .def_readonly("roles", &scr::transition::roles)
      .def_property_readonly("when", [](const scr::transition& t) { return predicate_text(t.when); })
      .def_readonly("branch", &scr::transition::branch)
      .def_readonly("requires", &scr::transition::requires_)
      .def_readonly("cite", &scr::transition::cite)
      .def_property_readonly("line", [](const scr::transition& t) { return t.at.line; });

  py::class_<scr::anchor>(m, "Anchor")
      .def_property_readonly("kind", [](const scr::anchor& a) { return anchor_kind_name(a.kind); })
      .def_readonly("ref", &scr::anchor::ref)
      .def_readonly("field", &scr::anchor::field)
      .def_property_readonly("occurrence",
                             [](const scr::anchor& a) { return a.which == scr::occurrence::first ? "first" : "latest"; });

  py::class_<scr::milestone>(m, "Milestone")
      .def_readonly("id", &scr::milestone::id)
      .def_readonly("title", &scr::milestone::title)
      .def_readonly("description", &scr::milestone::description)
      .def_readonly("owner", &scr::milestone::owner)
      .def_readonly("anchor", &scr::milestone::from)
      .def_readonly("timescale", &scr::milestone::offset)
      .def_property_readonly("direction",
                             [](const scr::milestone& ms) { return ms.dir == scr::direction::after ? "after" : "before"; })
      .def_property_readonly("kind", [](const scr::milestone& ms) { return name_of(ms.kind); })
      .def_property_readonly("strength", [](const scr::milestone& ms) { return name_of(ms.level); })
      .def_property_readonly("confidence",
                             [](const scr::milestone& ms) -> std::optional<std::string> {
                               if (ms.confidence == scr::confidence::unstated) return std::nullopt;
                               return std::string(scr::to_string(ms.confidence));
                             })
      .def_readonly("basis", &scr::milestone::basis)
      .def_readonly("warning", &scr::milestone::warning)
      .def_property_readonly("due_time",
                             [](const scr::milestone& ms) -> std::optional<std::string> {
                               if (!ms.due_time) return std::nullopt;
                               return ms.due_time->to_string();
                             })
      .def_readonly("completed_by", &scr::milestone::completed_by)
      .def_readonly("reopened_by", &scr::milestone::reopened_by)
      .def_property_readonly("completed_when",
                             [](const scr::milestone& ms) { return predicate_text(ms.completed_when); })
      .def_property_readonly("hold", [](const scr::milestone& ms) { return name_of(ms.hold); })
      .def_readonly("branches", &scr::milestone::branches)
      .def_readonly("extendable_by", &scr::milestone::extendable_by)
      .def_readonly("chain", &scr::milestone::chain)
      .def_readonly("cite", &scr::milestone::cite)
      .def_property_readonly("line", [](const scr::milestone& ms) { return ms.at.line; })
      .def("__repr__", [](const scr::milestone& ms) { return repr_id("Milestone", ms); });

  py::class_<scr::chain>(m, "Chain")
      .def_readonly("id", &scr::chain::id)
      .def_readonly("title", &scr::chain::title)
      .def_readonly("anchor", &scr::chain::from)
      .def_readonly("steps", &scr::chain::steps)
      .def_readonly("cite", &scr::chain::cite);

  py::class_<scr::trigger>(m, "Trigger")
      .def_property_readonly("kind", [](const scr::trigger& t) { return trigger_kind_name(t.kind); })
      .def_readonly("ref", &scr::trigger::ref)
      .def_property_readonly("when", [](const scr::trigger& t) { return predicate_text(t.when); });

  py::class_<scr::obligation>(m, "Obligation")
      .def_readonly("id", &scr::obligation::id)
      .def_readonly("title", &scr::obligation::title)
      .def_readonly("description", &scr::obligation::description)
      .def_readonly("owner", &scr::obligation::owner)
      .def_readonly("recipients", &scr::obligation::recipients)
      .def_readonly("trigger", &scr::obligation::on)
      .def_readonly("timescale", &scr::obligation::within)
      .def_readonly("repeat", &scr::obligation::repeat)
      .def_readonly("until", &scr::obligation::until)
      .def_readonly("discharged_by", &scr::obligation::discharged_by)
      .def_readonly("after_closure", &scr::obligation::after_closure)
      .def_property_readonly("kind", [](const scr::obligation& o) { return name_of(o.kind); })
      .def_property_readonly("strength", [](const scr::obligation& o) { return name_of(o.level); })
      .def_property_readonly("confidence",
                             [](const scr::obligation& o) -> std::optional<std::string> {
                               if (o.confidence == scr::confidence::unstated) return std::nullopt;
                               return std::string(scr::to_string(o.confidence));
                             })
      .def_readonly("basis", &scr::obligation::basis)
      .def_readonly("branches", &scr::obligation::branches)
      .def_readonly("cite", &scr::obligation::cite)
      .def("__repr__", [](const scr::obligation& o) { return repr_id("Obligation", o); });

  py::class_<scr::track> track(m, "Track");
  track.def_readonly("id", &scr::track::id)
      .def_readonly("title", &scr::track::title)
      .def_readonly("instantiated_by", &scr::track::instantiated_by)
      .def_readonly("agency_field", &scr::track::agency_field);
  bind_machine_members(track);

  // Held by shared_ptr: a review shares the procedure it runs under.
  py::class_<scr::procedure, std::shared_ptr<scr::procedure>> procedure(m, "Procedure");
  procedure.def_static("parse", &scr::procedure::parse, py::arg("text"), py::arg("file") = "<text>")
      .def_static("load", &scr::procedure::load, py::arg("path"))
      .def_static("check",
                  [](std::string_view text, std::string_view file) {
                    return scr::procedure::check(text, file).diagnostics;
                  },
                  py::arg("text"), py::arg("file") = "<text>")
      .def_static("builtin", &scr::procedure::builtin, py::arg("id"))
      .def_static("builtin_ids", &scr::procedure::builtin_ids)
      .def_static("builtin_source", [](std::string_view id) { return std::string(scr::procedure::builtin_source(id)); },
                  py::arg("id"))
      .def_property_readonly("id", &scr::procedure::id)
      .def_property_readonly("title", &scr::procedure::title)
      .def_property_readonly("version", &scr::procedure::version)
      .def_property_readonly("effective_from", &scr::procedure::effective_from)
      .def_property_readonly("calendar_name", &scr::procedure::calendar_name)
      .def_property_readonly("opened_by", &scr::procedure::opened_by)
      .def_property_readonly("review_type", &scr::procedure::review_type)
      .def_property_readonly("decision_milestone", &scr::procedure::decision_milestone)
      .def_property_readonly("completion_milestone", &scr::procedure::completion_milestone)
      .def_property_readonly("retention", &scr::procedure::retention)
      .def_property_readonly("corrections", &scr::procedure::correctors)
      .def_property_readonly("chronology",
                             [](const scr::procedure& p) -> std::optional<std::map<std::string, std::string>> {
                               if (!p.chronology()) return std::nullopt;
                               const auto& c = *p.chronology();
                               return std::map<std::string, std::string>{
                                   {"format", c.format}, {"track", c.track}, {"submitted", c.submitted},
                                   {"returned", c.returned}};
                             })
      .def_property_readonly("description", &scr::procedure::description)
      .def_property_readonly("sources",
                             [](const scr::procedure& p) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const auto& s : p.sources()) out.emplace_back(s.key, s.title);
                               return out;
                             })
      .def_property_readonly("choices",
                             [](const scr::procedure& p) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const auto& c : p.choices()) out.emplace_back(c.id, c.text);
                               return out;
                             })
      .def_property_readonly("roles", &scr::procedure::roles)
      .def_property_readonly("conflicts", &scr::procedure::conflicts)
      .def_property_readonly("tracks", &scr::procedure::tracks)
      .def_property_readonly("warnings", &scr::procedure::warnings)
      .def_property_readonly("file", &scr::procedure::file)
      .def("to_yaml", &scr::procedure::to_yaml)
      .def(
          "diff",
          [](const scr::procedure& from, const scr::procedure& to) {
            std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string, std::string,
                                   std::string, std::string>>
                out;
            for (const auto& c : scr::diff(from, to))
              out.emplace_back(c.element, c.track, c.id, c.change, c.key, c.from, c.to, c.to_string());
            return out;
          },
          py::arg("to"))
      .def("to_dot", &scr::procedure::to_dot)
      .def("to_mermaid", &scr::procedure::to_mermaid)
      .def("same_definition", &scr::procedure::same_definition, py::arg("other"));
  bind_machine_members(procedure);
}
