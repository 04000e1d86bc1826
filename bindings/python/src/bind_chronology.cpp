// Agencies' chronologies (scr/chronology.hpp) and the store's methods for
// them (scr/store.hpp). Type conversion only. Enumerations cross as the names
// the format files use ("date", "yes_no", "seen_alone"; "must", "should";
// "error", "warning"); a time of day as a datetime.time; an XLSX export as
// bytes. Lists of entries, issues, counts and gaps cross as tuples in the
// order of the fields of the libscr.chronology dataclasses (one crossing of
// the binding for a whole list), or as columns for a DataFrame.
//
// The store's chronology methods are added to libscr._core.Store here, on
// the store bind_store.cpp binds (store_of in bind.hpp).

#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bind.hpp"
#include "casters.hpp"
#include "scr/chronology.hpp"
#include "scr/error.hpp"
#include "scr/store.hpp"

namespace py = pybind11;

namespace {

template <class E>
std::string name_of(E e) {
  return std::string(scr::to_string(e));
}

std::optional<std::string> strength_name(const std::optional<scr::strength>& s) {
  if (!s) return std::nullopt;
  return name_of(*s);
}

// CPython's datetime accessors are C macros with C casts.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#endif

py::object time_of(const std::optional<int>& minutes) {
  if (!minutes) return py::none();
  py::detail::ensure_datetime_api();
  PyObject* t = PyTime_FromTime(*minutes / 60, *minutes % 60, 0, 0);
  if (t == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(t);
}

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

py::object tri(const std::optional<bool>& b) {
  if (!b) return py::none();
  return py::bool_(*b);
}

/// The keys of an entry's values: the format's column ids, and for values a
/// format does not have (a chronology kept under another format) their
/// place, "column N".
std::vector<py::str> value_keys(const scr::chronology_format& f, std::size_t count) {
  std::vector<py::str> out;
  out.reserve(std::max(count, f.columns().size()));
  for (const auto& c : f.columns()) out.emplace_back(c.id);
  for (std::size_t i = out.size(); i < count; ++i) out.emplace_back("column " + std::to_string(i + 1));
  return out;
}

std::size_t widest(const std::vector<const scr::chronology_entry*>& entries) {
  std::size_t n = 0;
  for (const auto* e : entries) n = std::max(n, e->values.size());
  return n;
}

// Entries as tuples in the order of libscr.chronology.ChronologyEntry's
// fields: agency, row, position, day, time, values, subjects, questions,
// child_seen, seen_alone, wishes_sought.
py::list entry_tuples(const std::vector<const scr::chronology_entry*>& entries, const scr::chronology_format& f) {
  const auto keys = value_keys(f, widest(entries));
  py::list out(entries.size());
  std::size_t k = 0;
  for (const auto* e : entries) {
    py::dict values;
    for (std::size_t i = 0; i < e->values.size(); ++i) values[keys[i]] = py::str(e->values[i]);
    py::tuple subjects(e->subjects.size());
    for (std::size_t i = 0; i < e->subjects.size(); ++i) subjects[i] = py::str(e->subjects[i]);
    py::tuple questions(e->questions.size());
    for (std::size_t i = 0; i < e->questions.size(); ++i) questions[i] = py::int_(e->questions[i]);
    out[k++] = py::make_tuple(e->agency, e->row, e->position, e->day, time_of(e->minutes), std::move(values),
                              std::move(subjects), std::move(questions), tri(e->seen), tri(e->seen_alone),
                              tri(e->wishes));
  }
  return out;
}

std::vector<const scr::chronology_entry*> pointers(const std::vector<scr::chronology_entry>& entries) {
  std::vector<const scr::chronology_entry*> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(&e);
  return out;
}

// Entries as columns, for a DataFrame: agency, row, position, day (days
// since 1970-01-01), minutes (-1 when untimed), one list of text per value,
// subjects, questions, and the child seen, alone and wishes sought (None
// when not known).
py::dict entry_columns(const std::vector<const scr::chronology_entry*>& entries, const scr::chronology_format& f) {
  const std::size_t n = entries.size();
  const std::size_t width = std::max(widest(entries), f.columns().size());
  const auto keys = value_keys(f, width);
  const scr::date epoch(1970, 1, 1);
  py::list agency(n), row(n), position(n), day(n), minutes(n), subjects(n), questions(n), seen(n), alone(n),
      wishes(n);
  std::vector<py::list> values;
  values.reserve(width);
  for (std::size_t c = 0; c < width; ++c) values.emplace_back(n);
  std::size_t k = 0;
  for (const auto* e : entries) {
    agency[k] = py::str(e->agency);
    row[k] = py::int_(e->row);
    position[k] = py::int_(e->position);
    day[k] = py::int_(static_cast<long long>((e->day - epoch).days()));
    minutes[k] = py::int_(e->minutes ? *e->minutes : -1);
    for (std::size_t c = 0; c < width; ++c) values[c][k] = py::str(c < e->values.size() ? e->values[c] : std::string());
    subjects[k] = py::tuple(py::cast(e->subjects));
    questions[k] = py::tuple(py::cast(e->questions));
    seen[k] = tri(e->seen);
    alone[k] = tri(e->seen_alone);
    wishes[k] = tri(e->wishes);
    ++k;
  }
  py::dict value_columns;
  for (std::size_t c = 0; c < width; ++c) value_columns[keys[c]] = values[c];
  py::dict out;
  out["agency"] = agency;
  out["row"] = row;
  out["position"] = position;
  out["day"] = day;
  out["minutes"] = minutes;
  out["values"] = value_columns;
  out["subjects"] = subjects;
  out["questions"] = questions;
  out["child_seen"] = seen;
  out["seen_alone"] = alone;
  out["wishes_sought"] = wishes;
  return out;
}

// Issues as tuples in the order of libscr.chronology.ChronologyIssue's
// fields: level, rule, row, column, cell, message.
py::list issue_tuples(const std::vector<scr::chronology_issue>& issues) {
  py::list out(issues.size());
  std::size_t k = 0;
  for (const auto& i : issues) {
    out[k++] = py::make_tuple(name_of(i.level), i.rule, i.row, i.column, i.cell, i.message);
  }
  return out;
}

// An agency's chronology as a tuple in the order of
// libscr.chronology.AgencyChronology's fields: agency, format,
// format_version, entries, summary, sha256.
py::tuple chronology_tuple(const scr::agency_chronology& c, const scr::chronology_format& f) {
  return py::make_tuple(c.agency, c.format, c.format_version, entry_tuples(pointers(c.entries), f), c.summary,
                        c.sha256());
}

/// The format an agency's chronology was checked in: the setup's when it is
/// the same, else the built-in one of its id, else the setup's (its values
/// are then named by the setup's columns where they line up).
scr::chronology_format format_for(const scr::agency_chronology& c, const std::optional<scr::chronology_setup>& setup) {
  if (setup && setup->format.id() == c.format) return setup->format;
  const auto ids = scr::chronology_format::builtin_ids();
  if (std::find(ids.begin(), ids.end(), c.format) != ids.end()) return scr::chronology_format::builtin(c.format);
  if (setup) return setup->format;
  return scr::chronology_format::builtin(ids.front());
}

// ---- tables from Python ----------------------------------------------------------

using cell_tuple = std::tuple<std::string, std::optional<scr::date>, std::optional<int>>;

scr::chronology_table table_of(std::string file, const std::vector<std::vector<cell_tuple>>& rows) {
  scr::chronology_table t;
  t.file = std::move(file);
  t.rows.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<scr::chronology_cell> row;
    row.reserve(r.size());
    for (const auto& [text, day, minutes] : r) {
      if (minutes && (*minutes < 0 || *minutes >= 24 * 60)) {
        throw scr::input_error("a cell's time is minutes after midnight (0 to 1439), not " + std::to_string(*minutes));
      }
      row.push_back({text, day, minutes});
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

py::list table_rows(const scr::chronology_table& t) {
  py::list out(t.rows.size());
  std::size_t k = 0;
  for (const auto& r : t.rows) {
    py::list row(r.size());
    std::size_t c = 0;
    for (const auto& cell : r) {
      row[c++] = py::make_tuple(cell.text, cell.day ? py::cast(*cell.day) : py::none(), time_of(cell.minutes));
    }
    out[k++] = std::move(row);
  }
  return out;
}

scr::chronology_export_options export_options(bool learning_event, std::string layout, std::string title) {
  scr::chronology_export_options o;
  o.learning_event = learning_event;
  o.layout = std::move(layout);
  o.title = std::move(title);
  return o;
}

// Adds a method to a class bound elsewhere (libscr._core.Store).
template <class F, class... Extra>
void add_method(py::object cls, const char* name, F&& f, const Extra&... extra) {
  py::cpp_function method(std::forward<F>(f), py::name(name), py::is_method(cls),
                          py::sibling(py::getattr(cls, name, py::none())), extra...);
  py::setattr(cls, name, method);
}

}  // namespace

void bind_chronology(py::module_& m) {
  py::class_<scr::chronology_column>(m, "ChronologyColumn")
      .def_readonly("id", &scr::chronology_column::id)
      .def_readonly("title", &scr::chronology_column::title)
      .def_readonly("headings", &scr::chronology_column::headings)
      .def_property_readonly("type", [](const scr::chronology_column& c) { return name_of(c.type); })
      .def_property_readonly("role", [](const scr::chronology_column& c) { return name_of(c.role); })
      .def_readonly("required", &scr::chronology_column::required)
      .def_readonly("optional", &scr::chronology_column::optional)
      .def_readonly("names", &scr::chronology_column::names)
      .def_readonly("cite", &scr::chronology_column::cite);

  py::class_<scr::chronology_format>(m, "ChronologyFormat")
      .def_static("parse", &scr::chronology_format::parse, py::arg("text"), py::arg("file") = "<format>")
      .def_static(
          "load", [](const std::string& path) { return scr::chronology_format::load(path); }, py::arg("path"))
      .def_static("check", &scr::chronology_format::check, py::arg("text"), py::arg("file") = "<format>")
      .def_static(
          "builtin", [](std::string_view id) { return scr::chronology_format::builtin(id); }, py::arg("id"))
      .def_static("builtin_ids", &scr::chronology_format::builtin_ids)
      .def_property_readonly("id", &scr::chronology_format::id)
      .def_property_readonly("version", &scr::chronology_format::version)
      .def_property_readonly("title", &scr::chronology_format::title)
      .def_property_readonly("cite", &scr::chronology_format::cite)
      .def_property_readonly("columns", &scr::chronology_format::columns)
      .def_property_readonly("date_forms", &scr::chronology_format::date_forms)
      .def_property_readonly("time_forms", &scr::chronology_format::time_forms)
      .def_property_readonly("time_rule", [](const scr::chronology_format& f) { return name_of(f.time_rule()); })
      .def_property_readonly("unknown_time", &scr::chronology_format::unknown_time)
      .def_property_readonly("unknown_time_reason_in", &scr::chronology_format::unknown_time_reason_in)
      .def_property_readonly("untimed_first", &scr::chronology_format::untimed_first)
      .def_property_readonly("period_rule", [](const scr::chronology_format& f) { return name_of(f.period_rule()); })
      .def_property_readonly("other_columns_refused", &scr::chronology_format::other_columns_refused)
      .def_property_readonly("seen_detail", [](const scr::chronology_format& f) { return strength_name(f.seen_detail()); })
      .def_property_readonly("summary_rule",
                             [](const scr::chronology_format& f) { return strength_name(f.summary_rule()); })
      .def_property_readonly("learning_event_leaves_out", &scr::chronology_format::learning_event_leaves_out)
      .def_property_readonly("source", &scr::chronology_format::source);

  py::class_<scr::chronology_setup>(m, "ChronologySetup")
      .def(py::init([](scr::chronology_format format, std::optional<scr::date> period_from,
                       std::optional<scr::date> period_to, std::vector<std::string> questions,
                       const std::vector<std::tuple<std::string, std::string, std::string>>& acronyms,
                       std::vector<std::string> known_names) {
             auto s = scr::chronology_setup::with_format(std::move(format));
             s.period_from = period_from;
             s.period_to = period_to;
             s.questions = std::move(questions);
             for (const auto& [code, kind, meaning] : acronyms) s.acronyms.push_back({code, kind, meaning});
             s.known_names = std::move(known_names);
             return s;
           }),
           py::arg("format"), py::arg("period_from"), py::arg("period_to"), py::arg("questions"), py::arg("acronyms"),
           py::arg("known_names"))
      .def_readonly("format", &scr::chronology_setup::format)
      .def_readonly("period_from", &scr::chronology_setup::period_from)
      .def_readonly("period_to", &scr::chronology_setup::period_to)
      .def_readonly("questions", &scr::chronology_setup::questions)
      .def_property_readonly("acronyms",
                             [](const scr::chronology_setup& s) {
                               std::vector<std::tuple<std::string, std::string, std::string>> out;
                               for (const auto& a : s.acronyms) out.emplace_back(a.code, a.kind, a.meaning);
                               return out;
                             })
      .def_readonly("known_names", &scr::chronology_setup::known_names)
      .def_static(
          "parse",
          [](std::string_view text, std::string_view file, const std::optional<scr::chronology_setup>& base) {
            return scr::chronology_setup::parse(text, file, base ? &*base : nullptr);
          },
          py::arg("text"), py::arg("file"), py::arg("base"));

  py::class_<scr::chronology_table>(m, "ChronologyTable")
      .def(py::init(&table_of), py::arg("file"), py::arg("rows"))
      .def_readonly("file", &scr::chronology_table::file)
      .def("rows", &table_rows)
      .def("__len__", [](const scr::chronology_table& t) { return t.rows.size(); });

  m.def(
      "read_chronology", [](const std::string& path) { return scr::read_chronology(path); }, py::arg("path"));
  m.def(
      "read_chronology_bytes",
      [](const py::bytes& data, std::string_view file) {
        return scr::read_chronology_bytes(std::string_view(data), file);
      },
      py::arg("data"), py::arg("file"));

  py::class_<scr::agency_chronology>(m, "AgencyChronology")
      .def_readonly("agency", &scr::agency_chronology::agency)
      .def_readonly("format", &scr::agency_chronology::format)
      .def_readonly("format_version", &scr::agency_chronology::format_version)
      .def_readonly("summary", &scr::agency_chronology::summary)
      .def("sha256", &scr::agency_chronology::sha256)
      .def("canonical", &scr::agency_chronology::canonical)
      .def_static("from_canonical", &scr::agency_chronology::from_canonical, py::arg("text"))
      .def(
          "as_tuple", [](const scr::agency_chronology& c, const scr::chronology_format& f) { return chronology_tuple(c, f); },
          py::arg("format"))
      .def(
          "entry_columns",
          [](const scr::agency_chronology& c, const scr::chronology_format& f) {
            return entry_columns(pointers(c.entries), f);
          },
          py::arg("format"))
      .def("__len__", [](const scr::agency_chronology& c) { return c.entries.size(); });

  py::class_<scr::chronology_check>(m, "ChronologyCheck")
      .def_readonly("chronology", &scr::chronology_check::chronology)
      // The chronology (as AgencyChronology.as_tuple), the issues and the report.
      .def(
          "as_tuple",
          [](const scr::chronology_check& c, const scr::chronology_format& f) {
            return py::make_tuple(chronology_tuple(c.chronology, f), issue_tuples(c.issues), c.report());
          },
          py::arg("format"))
      .def("issue_tuples", [](const scr::chronology_check& c) { return issue_tuples(c.issues); })
      .def_property_readonly("refused", &scr::chronology_check::refused)
      .def_property_readonly("errors", &scr::chronology_check::errors)
      .def_property_readonly("warnings", &scr::chronology_check::warnings)
      .def("report", &scr::chronology_check::report);

  m.def("check_chronology", &scr::check_chronology, py::arg("setup"), py::arg("agency"), py::arg("table"));

  py::class_<scr::multi_agency_chronology>(m, "MultiAgencyChronology")
      .def(py::init([](scr::chronology_format format, std::vector<scr::agency_chronology> chronologies) {
             // Made in place (never copied: its entries point into its chronologies).
             return std::make_unique<scr::multi_agency_chronology>(std::move(format), std::move(chronologies));
           }),
           py::arg("format"), py::arg("chronologies"))
      .def_property_readonly("format", &scr::multi_agency_chronology::format)
      .def_property_readonly("chronologies", &scr::multi_agency_chronology::chronologies)
      .def("agencies", &scr::multi_agency_chronology::agencies)
      .def("entry_tuples",
           [](const scr::multi_agency_chronology& c) { return entry_tuples(c.entries(), c.format()); })
      .def("entry_columns",
           [](const scr::multi_agency_chronology& c) { return entry_columns(c.entries(), c.format()); })
      .def(
          "select_tuples",
          [](const scr::multi_agency_chronology& c, std::optional<scr::date> from, std::optional<scr::date> to,
             std::optional<std::string> agency, std::optional<std::string> subject, std::optional<int> question) {
            scr::multi_agency_chronology::filter f;
            f.from = from;
            f.to = to;
            f.agency = std::move(agency);
            f.subject = std::move(subject);
            f.question = question;
            return entry_tuples(c.select(f), c.format());
          },
          py::arg("start"), py::arg("end"), py::arg("agency"), py::arg("subject"), py::arg("question"))
      .def("seen_count_tuples",
           [](const scr::multi_agency_chronology& c) {
             py::list out;
             for (const auto& s : c.seen_counts()) {
               out.append(py::make_tuple(s.agency, s.year, s.month, s.entries, s.seen, s.seen_alone, s.wishes));
             }
             return out;
           })
      .def(
          "gap_tuples",
          [](const scr::multi_agency_chronology& c, int days, std::optional<scr::date> period_from,
             std::optional<scr::date> period_to, std::optional<std::string> agency) {
            py::list out;
            for (const auto& g : c.gaps(days, period_from, period_to, agency)) {
              out.append(py::make_tuple(g.agency, g.from, g.to, g.days));
            }
            return out;
          },
          py::arg("days"), py::arg("period_from"), py::arg("period_to"), py::arg("agency"))
      .def(
          "unlisted_name_tuples",
          [](const scr::multi_agency_chronology& c, const std::vector<std::string>& names) {
            return issue_tuples(c.unlisted_names(names));
          },
          py::arg("names"))
      .def(
          "export",
          [](const scr::multi_agency_chronology& c, std::string_view as, bool learning_event, std::string layout,
             std::string title) -> py::object {
            const auto kind = scr::parse_chronology_export(as);
            std::string out =
                scr::export_chronology(c, kind, export_options(learning_event, std::move(layout), std::move(title)));
            if (kind == scr::chronology_export::xlsx) return py::bytes(out);
            return py::str(out);
          },
          py::arg("as_"), py::arg("learning_event"), py::arg("layout"), py::arg("title"))
      .def("__len__", [](const scr::multi_agency_chronology& c) { return c.entries().size(); });

  // ---- the store's methods ----
  py::object store = m.attr("Store");
  add_method(
      store, "set_chronology_setup",
      [](py::handle self, std::string_view reference, const scr::chronology_setup& setup, scr::instant at,
         const scr::actor& by) { store_of(self).set_chronology_setup(reference, setup, at, by); },
      py::arg("reference"), py::arg("setup"), py::arg("at"), py::arg("by"));
  add_method(
      store, "chronology_setup_of",
      [](py::handle self, std::string_view reference) { return store_of(self).chronology_setup_of(reference); },
      py::arg("reference"));
  add_method(
      store, "import_chronology",
      [](py::handle self, std::string_view reference, std::string_view agency, const scr::chronology_table& table,
         scr::instant at, const scr::actor& by, const std::optional<scr::actor>& returned_by) {
        // The check, and the format whose columns name its values.
        auto& db = store_of(self);
        auto checked = db.import_chronology(reference, agency, table, at, by, returned_by);
        auto f = format_for(checked.chronology, db.chronology_setup_of(reference));
        return std::make_pair(std::move(checked), std::move(f));
      },
      py::arg("reference"), py::arg("agency"), py::arg("table"), py::arg("at"), py::arg("by"),
      py::arg("returned_by") = py::none());
  add_method(
      store, "chronology_submission_tuples",
      [](py::handle self, std::string_view reference) {
        // In the order of libscr.store.ChronologySubmission's fields.
        py::list out;
        for (const auto& s : store_of(self).chronology_submissions(reference)) {
          out.append(py::make_tuple(s.agency, s.version, s.status, s.at, s.by, s.file, s.entries, s.errors,
                                    s.warnings, s.sha256, s.report, s.event));
        }
        return out;
      },
      py::arg("reference"));
  add_method(
      store, "accepted_chronology",
      [](py::handle self, std::string_view reference, std::string_view agency) {
        auto& db = store_of(self);
        auto c = db.accepted_chronology(reference, agency);
        auto f = format_for(c, db.chronology_setup_of(reference));
        return std::make_pair(std::move(c), std::move(f));
      },
      py::arg("reference"), py::arg("agency"));
  add_method(
      store, "merged_chronology",
      [](py::handle self, std::string_view reference) {
        return std::make_unique<scr::multi_agency_chronology>(store_of(self).merged_chronology(reference));
      },
      py::arg("reference"));
}
