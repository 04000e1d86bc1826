// Many reviews' steps from one table (scr/bulk_load.hpp, docs/bulk-load.md):
// the table read as the chronologies' tables are (CSV or XLSX), each
// review's rows recorded through the engine in memory, row by row, so that
// an error names its row and column; then each review written in one
// transaction (a new one with store::add_review, a stored one with
// store::append at the sequence it was read at).

#include "scr/bulk_load.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <utility>

#include "../chronology/sheet.hpp"
#include "scr/error.hpp"
#include "scr/review.hpp"

namespace scr {

std::size_t step_load::loaded() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(reviews.begin(), reviews.end(), [](const loaded_review& r) { return r.loaded; }));
}

std::size_t step_load::refused() const noexcept { return reviews.size() - loaded(); }

namespace {

std::string quote_of(std::string_view s) { return "'" + std::string(s) + "'"; }

// A header as compared: letters and digits only, lower case ("Occurred at",
// "occurred_at" and "OCCURRED-AT" are one column).
std::string folded(std::string_view header) {
  std::string out;
  for (const char c : header) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) out += static_cast<char>(std::tolower(u));
  }
  return out;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// A header that says it is a data field ("data: agency", "data.agency"),
// for a field whose name is also one of the table's own columns.
bool data_prefixed(std::string_view header) {
  const std::string h = trimmed(header);
  return h.size() > 5 && (h.compare(0, 5, "data:") == 0 || h.compare(0, 5, "data.") == 0 ||
                          h.compare(0, 5, "Data:") == 0 || h.compare(0, 5, "Data.") == 0);
}

// The data field a data column holds: its header, without a "data:" prefix.
std::string field_name(std::string_view header) {
  const std::string h = trimmed(header);
  return data_prefixed(h) ? trimmed(std::string_view(h).substr(5)) : h;
}

enum class column { reference, procedure, event, at, actor, role, actor_agency, agency, data };

column column_of(const std::string& f) {
  if (f == "reference" || f == "review") return column::reference;
  if (f == "procedure") return column::procedure;
  if (f == "event" || f == "step") return column::event;
  if (f == "at" || f == "occurredat" || f == "when") return column::at;
  if (f == "actor" || f == "by" || f == "recordedby") return column::actor;
  if (f == "role") return column::role;
  if (f == "actoragency") return column::actor_agency;
  if (f == "agency" || f == "foragency" || f == "trackagency") return column::agency;
  return column::data;
}

const char* column_name(column c) {
  switch (c) {
    case column::reference: return "reference";
    case column::procedure: return "procedure";
    case column::event: return "event";
    case column::at: return "at";
    case column::actor: return "actor";
    case column::role: return "role";
    case column::actor_agency: return "actor agency";
    case column::agency: return "agency";
    case column::data: return "data";
  }
  return "data";
}

// One row of the table, as the loader reads it.
struct step_row {
  std::size_t row = 0;  // in the file, the header being row 1
  std::map<column, std::size_t> at;  // where each known column is
  const std::vector<detail::sheet_cell>* cells = nullptr;
};

struct table_layout {
  std::vector<std::string> headers;          // as written
  std::map<column, std::size_t> known;       // column -> index
  std::vector<std::size_t> data;             // indices of data columns
};

// A step's problem, with the row and the column it is in.
class row_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(std::size_t row, const std::string& column_header, const std::string& what) {
  throw row_error("row " + std::to_string(row) + ", column " + quote_of(column_header) + ": " + what);
}

const detail::sheet_cell* cell_at(const std::vector<detail::sheet_cell>& cells, std::optional<std::size_t> i) {
  if (!i || *i >= cells.size()) return nullptr;
  return &cells[*i];
}

// The text of a cell: what its reader shows, trimmed.
std::string text_of(const detail::sheet_cell* c) { return c == nullptr ? std::string() : trimmed(c->text); }

// A date-and-time cell (XLSX) as London time, or the text read as people type it.
instant when_of(const detail::sheet_cell& c, std::size_t row, const std::string& header) {
  if (c.type == detail::sheet_cell::kind::date_time && c.day && c.minutes) {
    const boost::posix_time::ptime local(*c.day, boost::posix_time::minutes(*c.minutes));
    try {
      return from_london(local, choose::earliest);
    } catch (const input_error& e) {
      fail(row, header, e.what());
    }
  }
  try {
    return parse_london_time(trimmed(c.text));
  } catch (const input_error& e) {
    fail(row, header, e.what());
  }
}

// The event's own description of a field, to give a date cell its type.
const field_spec* field_of(const procedure& p, std::string_view event, std::string_view field) {
  const event_spec* e = p.find_event(event);
  for (std::size_t i = 0; e == nullptr && i < p.tracks().size(); ++i) e = p.tracks()[i].find_event(event);
  return e == nullptr ? nullptr : e->find_field(field);
}

// The row's data: each data column's cell, typed where the cell says what
// it is (a date or date-and-time cell for a date or time field); otherwise
// the text, which the engine reads as the field's type.
event_data data_of(const procedure& p, const std::string& event, const step_row& r, const table_layout& t) {
  event_data out;
  for (const std::size_t i : t.data) {
    const detail::sheet_cell* c = cell_at(*r.cells, i);
    if (c == nullptr || c->type == detail::sheet_cell::kind::empty || trimmed(c->text).empty()) continue;
    const std::string name = field_name(t.headers[i]);
    const field_spec* f = field_of(p, event, name);
    if (f != nullptr && f->type == field_type::timestamp) {
      out.emplace(name, when_of(*c, r.row, t.headers[i]));
    } else if (f != nullptr && f->type == field_type::local_date && c->day) {
      out.emplace(name, *c->day);
    } else if (f != nullptr && f->type == field_type::local_date) {
      try {
        out.emplace(name, parse_date(trimmed(c->text)));
      } catch (const input_error& e) {
        fail(r.row, t.headers[i], e.what());
      }
    } else {
      out.emplace(name, trimmed(c->text));
    }
  }
  return out;
}

// A row read: the step it records.
struct step {
  std::string event;
  instant at;
  actor by;
  std::string agency;
  event_data data;
};

step read_step(const procedure& p, const step_row& r, const table_layout& t) {
  const auto header = [&](column c) { return t.headers[t.known.at(c)]; };
  step s;
  s.event = text_of(cell_at(*r.cells, t.known.at(column::event)));
  if (s.event.empty()) fail(r.row, header(column::event), "is empty: name the step (the procedure's event)");
  s.at = when_of(*cell_at(*r.cells, t.known.at(column::at)), r.row, header(column::at));
  s.by = actor{text_of(cell_at(*r.cells, t.known.at(column::actor))),
               text_of(cell_at(*r.cells, t.known.at(column::role))),
               t.known.contains(column::actor_agency) ? text_of(cell_at(*r.cells, t.known.at(column::actor_agency)))
                                                      : std::string()};
  s.agency = t.known.contains(column::agency) ? text_of(cell_at(*r.cells, t.known.at(column::agency))) : std::string();
  s.data = data_of(p, s.event, r, t);
  return s;
}

// Runs `f` (a command on the review); an error is put in the row's column
// (the field's, for a problem with a field).
template <class F>
void in_row(const step_row& r, const table_layout& t, F&& f) {
  const auto header = [&](column c) { return t.headers[t.known.at(c)]; };
  try {
    f();
  } catch (const data_error& e) {
    std::string where = header(column::event);
    for (const std::size_t i : t.data)
      if (field_name(t.headers[i]) == e.field()) where = t.headers[i];
    fail(r.row, where, e.what());
  } catch (const role_error& e) {
    fail(r.row, header(column::role), e.what());
  } catch (const agency_error& e) {
    fail(r.row, t.known.contains(column::agency) ? header(column::agency) : header(column::event), e.what());
  } catch (const error& e) {
    fail(r.row, header(column::event), e.what());
  }
}

// Whether the review has recorded this step already (the same event at the
// same time by the same person and role, for the same agency): a table
// loaded again, or after a review it refused was put right, adds only what
// is new.
bool already_recorded(const review& rv, const step& s) {
  return std::any_of(rv.history().begin(), rv.history().end(), [&](const review_event& e) {
    return (e.kind == event_kind::recorded || e.kind == event_kind::opened) && e.name == s.event && e.at == s.at &&
           e.by.name == s.by.name && e.by.role == s.by.role && e.agency == s.agency;
  });
}

}  // namespace

step_load load_steps(store& db, std::string_view bytes, std::string_view source, const step_load_options& options) {
  const std::string what(source);
  const detail::sheet sheet =
      detail::looks_like_xlsx(bytes) ? detail::read_xlsx(bytes, what) : detail::read_csv(bytes, what);
  step_load out;
  out.check_only = options.check_only;
  std::size_t header_row = 0;
  while (header_row < sheet.rows.size() &&
         std::all_of(sheet.rows[header_row].begin(), sheet.rows[header_row].end(),
                     [](const detail::sheet_cell& c) { return trimmed(c.text).empty(); })) {
    ++header_row;
  }
  if (header_row == sheet.rows.size()) throw input_error("table " + quote_of(what) + " is empty: no header row");
  table_layout t;
  for (const auto& c : sheet.rows[header_row]) t.headers.push_back(c.text);
  for (std::size_t i = 0; i < t.headers.size(); ++i) {
    const std::string f = folded(t.headers[i]);
    if (f.empty()) continue;
    // "data: agency" is the data field `agency`, not the agency column.
    const column c = data_prefixed(t.headers[i]) ? column::data : column_of(f);
    if (c == column::data) {
      t.data.push_back(i);
    } else if (!t.known.emplace(c, i).second) {
      throw input_error("table " + quote_of(what) + ", row " + std::to_string(header_row + 1) + ": columns " +
                        quote_of(t.headers[t.known[c]]) + " and " + quote_of(t.headers[i]) + " are both the " +
                        column_name(c) + " column; keep one");
    }
  }
  std::string missing;
  for (const column c : {column::reference, column::event, column::at, column::actor, column::role}) {
    if (!t.known.contains(c)) missing += (missing.empty() ? "" : ", ") + quote_of(column_name(c));
  }
  if (!missing.empty()) {
    throw input_error("table " + quote_of(what) + " has no " + missing + " column (its header row " +
                      std::to_string(header_row + 1) +
                      " must name reference, event, at, actor and role; docs/bulk-load.md). Nothing was loaded");
  }

  // The rows of each review, in the order of their first rows.
  std::vector<std::pair<std::string, std::vector<step_row>>> reviews;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = header_row + 1; i < sheet.rows.size(); ++i) {
    const auto& cells = sheet.rows[i];
    if (std::all_of(cells.begin(), cells.end(), [](const detail::sheet_cell& c) { return trimmed(c.text).empty(); })) {
      continue;
    }
    step_row r{i + 1, t.known, &cells};
    const std::string ref = text_of(cell_at(cells, t.known.at(column::reference)));
    const auto [it, added] = index.emplace(ref, reviews.size());
    if (added) reviews.emplace_back(ref, std::vector<step_row>{});
    reviews[it->second].second.push_back(r);
  }

  const auto named = options.procedure_named ? options.procedure_named
                                             : [](const std::string& id) { return procedure::builtin(id); };
  for (const auto& [ref, rows] : reviews) {
    loaded_review result;
    result.reference = ref;
    for (const auto& r : rows) result.rows.push_back(r.row);
    try {
      if (ref.empty()) fail(rows.front().row, t.headers[t.known.at(column::reference)], "is empty: name the review");
      const auto header = [&](column c) { return t.headers[t.known.at(c)]; };
      std::optional<review> rv;
      std::size_t first = 0;
      if (db.contains(ref)) {
        rv = db.load(ref);
        result.events_before = rv->size();
        if (t.known.contains(column::procedure)) {
          for (const auto& r : rows) {
            const std::string named_procedure = text_of(cell_at(*r.cells, t.known.at(column::procedure)));
            if (!named_procedure.empty() && named_procedure != rv->definition().id()) {
              fail(r.row, header(column::procedure),
                   "review " + quote_of(ref) + " is in the store under procedure " + quote_of(rv->definition().id()) +
                       ", not " + quote_of(named_procedure));
            }
          }
        }
      } else {
        result.opened = true;
        const step_row& r = rows.front();
        const std::string pid =
            t.known.contains(column::procedure) ? text_of(cell_at(*r.cells, t.known.at(column::procedure))) : "";
        if (pid.empty()) {
          fail(r.row, t.known.contains(column::procedure) ? header(column::procedure) : std::string("procedure"),
               "review " + quote_of(ref) + " is not in the store: its first row opens it and names its procedure");
        }
        std::optional<procedure> p;
        try {
          p = named(pid);
        } catch (const error& e) {
          fail(r.row, header(column::procedure), e.what());
        }
        const std::string event = text_of(cell_at(*r.cells, t.known.at(column::event)));
        if (event != p->opened_by()) {
          fail(r.row, header(column::event),
               "review " + quote_of(ref) + " is not in the store, so its first row must open it with " +
                   quote_of(p->opened_by()) + " (procedure " + quote_of(p->id()) + "), not " + quote_of(event));
        }
        const step o = read_step(*p, r, t);
        // Named again: clang before 16 does not let a lambda capture a structured binding.
        const std::string& reference = ref;
        in_row(r, t, [&] {
          rv = review::open(*p, db.calendar_named(p->calendar_name()), reference, o.at, o.by, o.data);
        });
        first = 1;
      }
      for (std::size_t i = first; i < rows.size(); ++i) {
        const step s = read_step(rv->definition(), rows[i], t);
        if (!result.opened && already_recorded(*rv, s)) {
          ++result.skipped;
          continue;
        }
        in_row(rows[i], t, [&] { rv->record(s.event, s.at, s.by, s.data, s.agency); });
      }
      result.events_after = rv->size();
      if (!options.check_only) {
        try {
          if (result.opened) {
            db.add_review(*rv);
          } else if (rv->size() > result.events_before) {
            const auto& h = rv->history();
            const std::vector<review_event> tail(h.begin() + static_cast<std::ptrdiff_t>(result.events_before),
                                                 h.end());
            db.append(ref, result.events_before, tail);
          }
        } catch (const error& e) {
          throw row_error(std::string("rows ") + std::to_string(rows.front().row) + "-" +
                          std::to_string(rows.back().row) + ": not stored: " + e.what());
        }
      }
      result.loaded = true;
    } catch (const row_error& e) {
      result.error = e.what();
      result.events_after = result.events_before;
    }
    out.reviews.push_back(std::move(result));
  }
  return out;
}

}  // namespace scr
