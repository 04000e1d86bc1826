// Reviews. Type conversion only: enumerations cross as the names to_string
// gives them ("met late", "discharged late"), event data as a dict of
// str -> bool | int | str | datetime.date | datetime.datetime | None, and the
// rows that point into the procedure (timetable, obligations, compliance,
// tracks) carry a reference to it, so a row Python keeps stays valid after
// its review is gone.

#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "bind.hpp"
#include "casters.hpp"
#include "scr/review.hpp"

namespace py = pybind11;

namespace {

using procedure_ptr = std::shared_ptr<const scr::procedure>;

// Procedure objects are held by std::shared_ptr<scr::procedure> on the Python
// side (bind_procedure.cpp); the review shares them read-only.
procedure_ptr shared(const std::shared_ptr<scr::procedure>& p) { return p; }
std::shared_ptr<scr::procedure> to_python(const procedure_ptr& p) {
  return std::const_pointer_cast<scr::procedure>(p);
}

/// A row that points into a procedure, with the procedure kept alive.
template <class Row>
struct held {
  Row row;
  procedure_ptr procedure;
};

template <class Row>
std::vector<held<Row>> hold_all(std::vector<Row> rows, const procedure_ptr& p) {
  std::vector<held<Row>> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back({std::move(r), p});
  return out;
}

template <class E>
std::string name_of(E e) {
  return std::string(scr::to_string(e));
}

std::string track_id(const scr::track* t) { return t != nullptr ? t->id : std::string(); }

// ---- event data -------------------------------------------------------------------

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#endif

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string type_name(py::handle v) { return py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>(); }

scr::field_value to_field_value(const std::string& field, py::handle v) {
  const std::string what = "event data field " + quoted(field);
  if (v.is_none()) return std::monostate{};
  if (PyBool_Check(v.ptr())) return v.ptr() == Py_True;
  if (PyLong_Check(v.ptr()) || (PyIndex_Check(v.ptr()) && !PyFloat_Check(v.ptr()))) {
    py::int_ i = py::reinterpret_steal<py::int_>(PyNumber_Index(v.ptr()));
    if (!i) throw py::error_already_set();
    int overflow = 0;
    const long long n = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
    if (overflow != 0) {
      throw scr::data_error(field, what + " is " + py::str(i).cast<std::string>() +
                                       ", outside the whole numbers libscr keeps (64 bits)");
    }
    if (n == -1 && PyErr_Occurred()) throw py::error_already_set();
    return static_cast<std::int64_t>(n);
  }
  if (PyUnicode_Check(v.ptr())) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
    if (text == nullptr) {
      PyErr_Clear();
      throw scr::data_error(field, what + " is not valid text (it cannot be encoded as UTF-8)");
    }
    return std::string(text, static_cast<std::size_t>(size));
  }
  py::detail::ensure_datetime_api();
  if (PyDateTime_Check(v.ptr())) {
    if (v.attr("utcoffset")().is_none()) {
      throw py::type_error(what + " is a naive datetime (" + py::str(v).cast<std::string>() +
                           "): give it a time zone, e.g. tzinfo=timezone.utc");
    }
    return v.cast<scr::instant>();
  }
  if (PyDate_Check(v.ptr())) return v.cast<scr::date>();
  throw py::type_error(what + " must be bool, int, str, datetime.date, datetime.datetime or None, not " +
                       type_name(v));
}

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

}  // namespace

namespace {

/// The fields of a plain Python object (a frozen dataclass of the package's,
/// checked when it was made) read from its __dict__: a dictionary lookup
/// each, not an attribute lookup through the class.
class field_reader {
 public:
  explicit field_reader(py::handle object) : object_(object) {
    if (PyObject* d = PyObject_GenericGetDict(object.ptr(), nullptr)) {
      dict_ = py::reinterpret_steal<py::object>(d);
    } else {
      PyErr_Clear();  // no __dict__: every field is read as an attribute
    }
  }
  /// The field (a borrowed reference); an attribute lookup when the object
  /// keeps it elsewhere.
  py::handle get(const py::str& key) const {
    if (dict_ && PyDict_Check(dict_.ptr())) {
      if (PyObject* v = PyDict_GetItemWithError(dict_.ptr(), key.ptr())) return v;
      if (PyErr_Occurred()) throw py::error_already_set();
    }
    held_.push_back(object_.attr(key));
    return held_.back();
  }
  /// A text field as UTF-8, without copying it.
  std::string_view text(const py::str& key) const {
    const py::handle v = get(key);
    if (!PyUnicode_Check(v.ptr())) {
      throw py::type_error(key.cast<std::string>() + " must be a str, not " + type_name(v));
    }
    Py_ssize_t size = 0;
    const char* bytes = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
    if (bytes == nullptr) throw py::error_already_set();
    return {bytes, static_cast<std::size_t>(size)};
  }

 private:
  py::handle object_;
  py::object dict_;
  mutable std::vector<py::object> held_;  // fields read as attributes, kept alive
};

}  // namespace

scr::event_data to_event_data(const py::object& data) {
  scr::event_data out;
  if (data.is_none()) return out;
  if (!py::isinstance<py::dict>(data)) {
    throw py::type_error("event data must be a dict of field name to value, not " + type_name(data));
  }
  for (const auto& [key, value] : data.cast<py::dict>()) {
    if (!py::isinstance<py::str>(key)) {
      throw py::type_error("event data keys are field names (str), not " + type_name(key) + ": " +
                           py::repr(key).cast<std::string>());
    }
    const auto name = key.cast<std::string>();
    out.insert_or_assign(name, to_field_value(name, value));
  }
  return out;
}

namespace {

py::object from_field_value(const scr::field_value& v) {
  struct visitor {
    py::object operator()(std::monostate) const { return py::none(); }
    py::object operator()(bool b) const { return py::bool_(b); }
    py::object operator()(std::int64_t i) const { return py::int_(i); }
    py::object operator()(const std::string& s) const { return py::str(s); }
    py::object operator()(const scr::date& d) const { return py::cast(d); }
    py::object operator()(const scr::instant& t) const { return py::cast(t); }
  };
  return std::visit(visitor{}, v);
}

py::dict from_event_data(const scr::event_data& data) {
  py::dict out;
  for (const auto& [k, v] : data) out[py::str(k)] = from_field_value(v);
  return out;
}

std::optional<scr::time_of_day> time_from(const std::optional<std::pair<int, int>>& t) {
  if (!t) return std::nullopt;
  return scr::time_of_day{t->first, t->second};
}

std::string repr_actor(const scr::actor& a) {
  return "Actor(" + py::repr(py::str(a.name)).cast<std::string>() + ", " + py::repr(py::str(a.role)).cast<std::string>() +
         ", " + py::repr(py::str(a.agency)).cast<std::string>() + ")";
}

}  // namespace

void bind_review(py::module_& m) {
  py::class_<scr::actor>(m, "Actor")
      .def(py::init([](std::string name, std::string role, std::string agency) {
             return scr::actor{std::move(name), std::move(role), std::move(agency)};
           }),
           py::arg("name"), py::arg("role"), py::arg("agency") = "")
      .def_readonly("name", &scr::actor::name)
      .def_readonly("role", &scr::actor::role)
      .def_readonly("agency", &scr::actor::agency)
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def("__hash__", [](const scr::actor& a) { return py::hash(py::make_tuple(a.name, a.role, a.agency)); })
      .def("__repr__", &repr_actor);

  py::class_<scr::review_event>(m, "ReviewEvent")
      .def(py::init([](std::string_view kind, std::string name, scr::instant at, scr::actor by, const py::object& data,
                       std::string agency, std::string subject, std::uint64_t corrects, std::string reason) {
             scr::review_event e;
             e.kind = scr::event_kind_from(kind);
             e.name = std::move(name);
             e.agency = std::move(agency);
             e.subject = std::move(subject);
             e.at = at;
             e.by = std::move(by);
             e.data = to_event_data(data);
             e.corrects = corrects;
             e.reason = std::move(reason);
             return e;
           }),
           py::arg("kind"), py::arg("name"), py::arg("at"), py::arg("by"), py::arg("data") = py::none(),
           py::arg("agency") = "", py::arg("subject") = "", py::arg("corrects") = 0, py::arg("reason") = "")
      .def_property_readonly("kind", [](const scr::review_event& e) { return name_of(e.kind); })
      .def_readonly("name", &scr::review_event::name)
      .def_readonly("agency", &scr::review_event::agency)
      .def_readonly("subject", &scr::review_event::subject)
      .def_readonly("at", &scr::review_event::at)
      .def_readonly("by", &scr::review_event::by)
      .def_property_readonly("data", [](const scr::review_event& e) { return from_event_data(e.data); })
      .def_readonly("corrects", &scr::review_event::corrects)
      .def_readonly("reason", &scr::review_event::reason)
      .def_property_readonly("is_correction", [](const scr::review_event& e) { return scr::is_correction(e.kind); })
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def("__repr__", [](const scr::review_event& e) {
        return "<ReviewEvent " + name_of(e.kind) + " " + py::repr(py::str(e.name)).cast<std::string>() +
               (e.corrects != 0 ? " (event " + std::to_string(e.corrects) + ")" : std::string()) + " at " +
               scr::format_instant(e.at) + ">";
      });

  using timetable_row = held<scr::timetable_row>;
  py::class_<timetable_row>(m, "TimetableRow")
      .def_property_readonly("milestone", [](const timetable_row& r) { return r.row.id(); })
      .def_property_readonly("title", [](const timetable_row& r) { return r.row.title(); })
      .def_property_readonly("owner", [](const timetable_row& r) { return r.row.owner(); })
      .def_property_readonly("agency", [](const timetable_row& r) { return r.row.agency; })
      .def_property_readonly("track", [](const timetable_row& r) { return track_id(r.row.in_track); })
      .def_property_readonly("kind", [](const timetable_row& r) { return name_of(r.row.def->kind); })
      .def_property_readonly("strength", [](const timetable_row& r) { return name_of(r.row.def->level); })
      .def_property_readonly("rule", [](const timetable_row& r) { return r.row.rule(); })
      .def_property_readonly("cite", [](const timetable_row& r) { return r.row.def->cite; })
      .def_property_readonly("status", [](const timetable_row& r) { return name_of(r.row.status); })
      .def_property_readonly("due", [](const timetable_row& r) { return r.row.due; })
      .def_property_readonly("due_at", [](const timetable_row& r) { return r.row.due_at; })
      .def_property_readonly("original_due", [](const timetable_row& r) { return r.row.original_due; })
      .def_property_readonly("extended_to", [](const timetable_row& r) { return r.row.extended_to; })
      .def_property_readonly("rule_due", [](const timetable_row& r) { return r.row.rule_due; })
      .def_property_readonly("anchor_date", [](const timetable_row& r) { return r.row.anchor_date; })
      .def_property_readonly("completed_at", [](const timetable_row& r) { return r.row.completed_at; })
      .def_property_readonly("projected", [](const timetable_row& r) { return r.row.projected; })
      .def_property_readonly("provisional", [](const timetable_row& r) { return r.row.provisional; })
      .def_property_readonly("scheduled", [](const timetable_row& r) { return r.row.scheduled; })
      .def_property_readonly("scheduled_at", [](const timetable_row& r) { return r.row.scheduled_at; })
      .def_property_readonly("breach", [](const timetable_row& r) { return r.row.breach; })
      .def_property_readonly("extensions", [](const timetable_row& r) { return r.row.extensions; })
      .def("days_late", [](const timetable_row& r, scr::date as_of) { return r.row.days_late(as_of); },
           py::arg("as_of"))
      .def("__repr__", [](const timetable_row& r) {
        return "<TimetableRow " + r.row.id() + (r.row.agency.empty() ? "" : "@" + r.row.agency) + " " +
               name_of(r.row.status) + ">";
      });

  using obligation_row = held<scr::obligation_row>;
  py::class_<obligation_row>(m, "ObligationRow")
      .def_property_readonly("obligation", [](const obligation_row& r) { return r.row.id(); })
      .def_property_readonly("title", [](const obligation_row& r) { return r.row.title(); })
      .def_property_readonly("owner", [](const obligation_row& r) { return r.row.owner(); })
      .def_property_readonly("recipients", [](const obligation_row& r) { return r.row.def->recipients; })
      .def_property_readonly("agency", [](const obligation_row& r) { return r.row.agency; })
      .def_property_readonly("track", [](const obligation_row& r) { return track_id(r.row.in_track); })
      .def_property_readonly("kind", [](const obligation_row& r) { return name_of(r.row.def->kind); })
      .def_property_readonly("strength", [](const obligation_row& r) { return name_of(r.row.def->level); })
      .def_property_readonly("cite", [](const obligation_row& r) { return r.row.def->cite; })
      .def_property_readonly("occurrence", [](const obligation_row& r) { return r.row.occurrence; })
      .def_property_readonly("triggered_at", [](const obligation_row& r) { return r.row.triggered_at; })
      .def_property_readonly("due", [](const obligation_row& r) { return r.row.due; })
      .def_property_readonly("status", [](const obligation_row& r) { return name_of(r.row.status); })
      .def_property_readonly("discharged_at", [](const obligation_row& r) { return r.row.discharged_at; })
      .def_property_readonly("discharged_by", [](const obligation_row& r) { return r.row.discharged_by; })
      .def_property_readonly("note", [](const obligation_row& r) { return r.row.note; })
      .def_property_readonly("provisional", [](const obligation_row& r) { return r.row.provisional; })
      .def("__repr__", [](const obligation_row& r) {
        return "<ObligationRow " + r.row.id() + (r.row.agency.empty() ? "" : "@" + r.row.agency) + " #" +
               std::to_string(r.row.occurrence) + " " + name_of(r.row.status) + ">";
      });

  py::class_<scr::review_warning>(m, "ReviewWarning")
      .def_readonly("kind", &scr::review_warning::kind)
      .def_readonly("message", &scr::review_warning::message)
      .def_readonly("rule", &scr::review_warning::rule)
      .def_property_readonly("strength", [](const scr::review_warning& w) { return name_of(w.level); })
      .def_readonly("cite", &scr::review_warning::cite)
      .def_readonly("at", &scr::review_warning::at)
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def("__repr__", [](const scr::review_warning& w) { return "<ReviewWarning " + w.kind + ": " + w.message + ">"; });

  py::class_<scr::assignment>(m, "Assignment")
      .def_readonly("person", &scr::assignment::person)
      .def_readonly("role", &scr::assignment::role)
      .def_readonly("agency", &scr::assignment::agency)
      .def_readonly("declarations", &scr::assignment::declarations)
      .def_readonly("at", &scr::assignment::at)
      .def_readonly("person_id", &scr::assignment::person_id)
      .def(py::self == py::self)
      .def(py::self != py::self);

  py::class_<scr::hold_period>(m, "HoldPeriod")
      .def_readonly("reason", &scr::hold_period::reason)
      .def_readonly("start", &scr::hold_period::from)
      .def_readonly("end", &scr::hold_period::to)
      .def(py::self == py::self)
      .def(py::self != py::self);

  using track_status = held<scr::track_status>;
  py::class_<track_status>(m, "TrackStatus")
      .def_property_readonly("track", [](const track_status& t) { return t.row.def->id; })
      .def_property_readonly("title", [](const track_status& t) { return t.row.def->title; })
      .def_property_readonly("agency", [](const track_status& t) { return t.row.agency; })
      .def_property_readonly("state", [](const track_status& t) { return t.row.state; })
      .def_property_readonly("started", [](const track_status& t) { return t.row.started; });

  using compliance_row = held<scr::compliance_row>;
  py::class_<compliance_row>(m, "ComplianceRow")
      .def_property_readonly("milestone", [](const compliance_row& r) { return r.row.id(); })
      .def_property_readonly("title", [](const compliance_row& r) { return r.row.def->title; })
      .def_property_readonly("kind", [](const compliance_row& r) { return name_of(r.row.def->kind); })
      .def_property_readonly("due", [](const compliance_row& r) { return r.row.due; })
      .def_property_readonly("original_due", [](const compliance_row& r) { return r.row.original_due; })
      .def_property_readonly("scheduled", [](const compliance_row& r) { return r.row.scheduled; })
      .def_property_readonly("completed_at", [](const compliance_row& r) { return r.row.completed_at; })
      .def_property_readonly("met", [](const compliance_row& r) { return r.row.met; })
      .def_property_readonly("on_time", [](const compliance_row& r) { return r.row.on_time; })
      .def_property_readonly("within_original", [](const compliance_row& r) { return r.row.within_original; })
      .def_property_readonly("extended", [](const compliance_row& r) { return r.row.extended; })
      .def_property_readonly("breach", [](const compliance_row& r) { return r.row.breach; })
      .def_property_readonly("days_late", [](const compliance_row& r) { return r.row.days_late; })
      .def_property_readonly("status", [](const compliance_row& r) { return name_of(r.row.status); });

  using compliance_summary = held<scr::compliance_summary>;
  const auto optional_row = [](const compliance_summary& s, const std::optional<scr::compliance_row>& r) {
    return r ? std::optional<compliance_row>(compliance_row{*r, s.procedure}) : std::nullopt;
  };
  py::class_<compliance_summary>(m, "ComplianceSummary")
      .def_property_readonly("as_of", [](const compliance_summary& s) { return s.row.as_of; })
      .def_property_readonly("rows", [](const compliance_summary& s) { return hold_all(s.row.rows, s.procedure); })
      .def_property_readonly("decision",
                             [optional_row](const compliance_summary& s) { return optional_row(s, s.row.decision); })
      .def_property_readonly("completion",
                             [optional_row](const compliance_summary& s) { return optional_row(s, s.row.completion); });

  py::class_<scr::moved_date>(m, "MovedDate")
      .def_readonly("kind", &scr::moved_date::kind)
      .def_readonly("id", &scr::moved_date::id)
      .def_readonly("agency", &scr::moved_date::agency)
      .def_readonly("occurrence", &scr::moved_date::occurrence)
      .def_readonly("before", &scr::moved_date::before)
      .def_readonly("after", &scr::moved_date::after)
      .def(py::self == py::self)
      .def(py::self != py::self);

  py::class_<scr::next_field>(m, "NextField")
      .def_readonly("name", &scr::next_field::name)
      .def_readonly("type", &scr::next_field::type)
      .def_readonly("required", &scr::next_field::required)
      .def_readonly("required_when", &scr::next_field::required_when)
      .def_readonly("values", &scr::next_field::values)
      .def_readonly("description", &scr::next_field::description)
      .def("__repr__", [](const scr::next_field& f) { return "<NextField " + f.name + ": " + f.type + ">"; });

  py::class_<scr::next_step>(m, "NextStep")
      .def_readonly("action", &scr::next_step::action)
      .def_readonly("name", &scr::next_step::name)
      .def_readonly("agency", &scr::next_step::agency)
      .def_readonly("title", &scr::next_step::title)
      .def_readonly("allowed", &scr::next_step::allowed)
      .def_readonly("blocked_by", &scr::next_step::blocked_by)
      .def_readonly("roles", &scr::next_step::roles)
      .def_readonly("fields", &scr::next_step::fields)
      .def_readonly("leads_to", &scr::next_step::leads_to)
      .def_readonly("when", &scr::next_step::when)
      .def("__repr__", [](const scr::next_step& n) {
        return "<NextStep " + n.action + (n.name.empty() ? "" : " " + n.name) +
               (n.agency.empty() ? "" : "@" + n.agency) + (n.allowed ? " allowed" : " blocked") + ">";
      });

  py::class_<scr::review>(m, "Review")
      .def_static(
          "open",
          [](const std::shared_ptr<scr::procedure>& p, scr::calendar cal, std::string reference, scr::instant at,
             const scr::actor& by, const py::object& data) {
            return scr::review::open(shared(p), std::move(cal), std::move(reference), at, by, to_event_data(data));
          },
          py::arg("procedure"), py::arg("calendar"), py::arg("reference"), py::arg("at"), py::arg("by"),
          py::arg("data") = py::none())
      .def_static(
          "from_events",
          [](const std::shared_ptr<scr::procedure>& p, scr::calendar cal, const std::vector<scr::review_event>& events) {
            return scr::review::from_events(shared(p), std::move(cal), events);
          },
          py::arg("procedure"), py::arg("calendar"), py::arg("events"))
      .def_static(
          "from_event_objects",
          [](const std::shared_ptr<scr::procedure>& p, scr::calendar cal, const py::list& events,
             const py::type& event_type, const py::type& actor_type) -> std::optional<scr::review> {
            // The package's Event objects (checked when they were made) read
            // here, in one pass, from each one's __dict__, rather than each
            // made into a ReviewEvent across the binding. None when an item
            // is not exactly an Event whose actor is exactly an Actor (a
            // subclass may compute its fields): the caller converts those
            // one by one.
            // Made once a call, not static: a Python object must not outlive
            // the interpreter.
            const py::str kind("kind"), name("name"), at("at"), by("by"), data("data"), agency("agency"),
                subject("subject"), corrects("corrects"), reason("reason"), role("role");
            const auto* const event_class = reinterpret_cast<PyTypeObject*>(event_type.ptr());
            const auto* const actor_class = reinterpret_cast<PyTypeObject*>(actor_type.ptr());
            std::vector<scr::review_event> out;
            out.reserve(events.size());
            for (const py::handle e : events) {
              if (Py_TYPE(e.ptr()) != event_class) return std::nullopt;
              const field_reader event(e);
              const py::handle who = event.get(by);
              if (Py_TYPE(who.ptr()) != actor_class) return std::nullopt;
              const field_reader actor(who);
              scr::review_event x;
              x.kind = scr::event_kind_from(event.text(kind));
              x.name = event.text(name);
              x.at = py::cast<scr::instant>(event.get(at));
              x.by = scr::actor{std::string(actor.text(name)), std::string(actor.text(role)),
                                std::string(actor.text(agency))};
              const py::handle fields = event.get(data);
              if (!PyDict_Check(fields.ptr()) || PyDict_Size(fields.ptr()) != 0) {
                x.data = to_event_data(py::reinterpret_borrow<py::object>(fields));
              }
              x.agency = event.text(agency);
              x.subject = event.text(subject);
              x.corrects = py::cast<std::uint64_t>(event.get(corrects));
              x.reason = event.text(reason);
              out.push_back(std::move(x));
            }
            return scr::review::from_events(shared(p), std::move(cal), std::move(out));
          },
          py::arg("procedure"), py::arg("calendar"), py::arg("events"), py::arg("event_type"),
          py::arg("actor_type"))
      // ---- commands ----
      .def(
          "record",
          [](scr::review& r, std::string_view event, scr::instant at, const scr::actor& by, const py::object& data,
             std::string_view agency) { r.record(event, at, by, to_event_data(data), agency); },
          py::arg("event"), py::arg("at"), py::arg("by"), py::arg("data") = py::none(), py::arg("agency") = "")
      .def("assign", &scr::review::assign, py::arg("person"), py::arg("role"), py::arg("agency"), py::arg("at"),
           py::arg("by"), py::arg("declarations") = std::vector<std::string>{}, py::arg("person_id") = "")
      .def(
          "schedule",
          [](scr::review& r, std::string_view milestone, scr::date on, const std::optional<std::pair<int, int>>& time,
             scr::instant at, const scr::actor& by,
             std::string_view agency) { r.schedule(milestone, on, time_from(time), at, by, agency); },
          py::arg("milestone"), py::arg("on"), py::arg("time"), py::arg("at"), py::arg("by"), py::arg("agency") = "")
      .def("extend", &scr::review::extend, py::arg("milestone"), py::arg("new_due"), py::arg("reason"), py::arg("at"),
           py::arg("agreed_by"), py::arg("agency") = "")
      .def("hold", &scr::review::hold, py::arg("reason"), py::arg("at"), py::arg("by"))
      .def("release", &scr::review::release, py::arg("at"), py::arg("by"), py::arg("note") = "")
      .def("discharge", &scr::review::discharge, py::arg("obligation"), py::arg("at"), py::arg("by"),
           py::arg("note") = "", py::arg("agency") = "")
      .def("apply", &scr::review::apply, py::arg("event"))
      // ---- corrections ----
      .def(
          "void_events",
          [](scr::review& r, const std::vector<std::uint64_t>& sequences, std::string_view reason, scr::instant at,
             const scr::actor& by) { r.void_events(sequences, reason, at, by); },
          py::arg("sequences"), py::arg("reason"), py::arg("at"), py::arg("by"))
      .def(
          "amend",
          [](scr::review& r, std::uint64_t sequence, std::optional<scr::instant> occurred, const py::object& changes,
             std::string_view reason, const scr::actor& by) {
            r.amend(sequence, occurred, to_event_data(changes), reason, by);
          },
          py::arg("sequence"), py::arg("occurred"), py::arg("changes"), py::arg("reason"), py::arg("by"))
      .def("waive", &scr::review::waive, py::arg("item"), py::arg("reason"), py::arg("at"), py::arg("by"),
           py::arg("agency") = "", py::arg("occurrence") = 0)
      .def("unassign", &scr::review::unassign, py::arg("person"), py::arg("role"), py::arg("reason"), py::arg("at"),
           py::arg("by"), py::arg("agency") = "", py::arg("person_id") = "")
      .def_property_readonly("voided", &scr::review::voided)
      .def("effective", &scr::review::effective)
      .def("sequence_of", &scr::review::sequence_of, py::arg("index"))
      .def(
          "correction_of",
          [](const scr::review& r, std::uint64_t sequence) -> std::optional<scr::review_event> {
            const scr::review_event* c = r.correction_of(sequence);
            return c != nullptr ? std::optional<scr::review_event>(*c) : std::nullopt;
          },
          py::arg("sequence"))
      .def(
          "next",
          [](const scr::review& r, std::optional<scr::date> as_of) { return as_of ? r.next(*as_of) : r.next(); },
          py::arg("as_of") = py::none())
      // ---- queries ----
      .def_property_readonly("reference", &scr::review::reference)
      .def_property_readonly("procedure", [](const scr::review& r) { return to_python(r.definition_ptr()); })
      .def_property_readonly("calendar", [](const scr::review& r) { return r.calendar(); })
      .def_property_readonly("state", [](const scr::review& r) { return r.state(); })
      .def("state_as_of", [](const scr::review& r, scr::date as_of) { return r.state(as_of); }, py::arg("as_of"))
      .def_property_readonly("closed", &scr::review::closed)
      .def_property_readonly("branch", &scr::review::branch)
      .def_property_readonly("opened_at", &scr::review::opened_at)
      .def_property_readonly("last_event_at", &scr::review::last_event_at)
      .def_property_readonly("on_hold", [](const scr::review& r) { return r.on_hold(); })
      .def("history", &scr::review::history)
      .def("__len__", &scr::review::size)
      .def("tracks", [](const scr::review& r) { return hold_all(r.tracks(), r.definition_ptr()); })
      .def("assignments", &scr::review::assignments)
      .def("holds", &scr::review::holds)
      .def(
          "timetable", [](const scr::review& r, scr::date as_of) { return hold_all(r.timetable(as_of), r.definition_ptr()); },
          py::arg("as_of"))
      .def(
          "timetable_tuples",
          [](const scr::review& r, scr::date as_of) {
            // One crossing for the whole timetable: each row as a tuple in
            // the order of libscr.review.TimetableRow's fields.
            const auto rows = r.timetable(as_of);
            py::list out(rows.size());
            std::size_t i = 0;
            for (const auto& x : rows) {
              out[i++] = py::make_tuple(
                  x.id(), x.title(), x.owner(), x.agency, track_id(x.in_track), name_of(x.def->kind),
                  name_of(x.def->level), x.rule(), py::tuple(py::cast(x.def->cite)), x.anchor_date, x.due, x.due_at,
                  x.original_due, x.extended_to, x.rule_due, name_of(x.status), x.completed_at, x.projected,
                  x.provisional, x.scheduled, x.scheduled_at, x.breach, x.extensions, x.days_late(as_of));
            }
            return out;
          },
          py::arg("as_of"))
      .def(
          "obligations_tuples",
          [](const scr::review& r, scr::date as_of, std::optional<scr::date> through) {
            // One crossing: each occurrence as a tuple in the order of
            // libscr.review.ObligationRow's fields.
            const auto rows = through ? r.obligations(as_of, *through) : r.obligations(as_of);
            py::list out(rows.size());
            std::size_t i = 0;
            for (const auto& x : rows) {
              out[i++] = py::make_tuple(x.id(), x.title(), x.owner(), py::tuple(py::cast(x.def->recipients)),
                                        x.agency, track_id(x.in_track), name_of(x.def->kind), name_of(x.def->level),
                                        py::tuple(py::cast(x.def->cite)), x.occurrence, x.triggered_at, x.due,
                                        name_of(x.status), x.discharged_at, x.discharged_by, x.note, x.provisional);
            }
            return out;
          },
          py::arg("as_of"), py::arg("through") = py::none())
      .def(
          "obligations",
          [](const scr::review& r, scr::date as_of, std::optional<scr::date> through) {
            return hold_all(through ? r.obligations(as_of, *through) : r.obligations(as_of), r.definition_ptr());
          },
          py::arg("as_of"), py::arg("through") = py::none())
      .def(
          "warnings",
          [](const scr::review& r, std::optional<scr::date> as_of) { return as_of ? r.warnings(*as_of) : r.warnings(); },
          py::arg("as_of") = py::none())
      .def(
          "compliance",
          [](const scr::review& r, scr::date as_of) { return compliance_summary{r.compliance(as_of), r.definition_ptr()}; },
          py::arg("as_of"))
      .def("recompute", &scr::review::recompute, py::arg("calendar"))
      .def("__copy__", [](const scr::review& r) { return scr::review(r); })
      .def("__deepcopy__", [](const scr::review& r, const py::dict&) { return scr::review(r); }, py::arg("memo"))
      .def("__repr__", [](const scr::review& r) {
        return "<Review " + py::repr(py::str(r.reference())).cast<std::string>() + " under " + r.definition().id() +
               ": " + r.state() + ">";
      });
}
