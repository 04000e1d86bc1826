// The lists across reviews as spreadsheets: one XLSX workbook per list, its
// columns named and typed by the shared column vocabulary (docs/reports.md),
// and the monthly report and a review's next steps as CSV.

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "chronology/sheet.hpp"
#include "scr/report.hpp"

namespace scr {

namespace {

using cell = detail::sheet_cell;

// The vocabulary's typed columns; every other column is text.
bool is_date_column(std::string_view name) {
  static const std::set<std::string_view> dates{"due",          "original_due",       "extended_to",
                                                "anchor_date",  "dispose_from",       "planned_completion",
                                                "original_completion", "as_of"};
  return dates.contains(name) || (name.size() > 3 && name.ends_with("_on"));
}

bool is_number_column(std::string_view name) {
  static const std::set<std::string_view> numbers{"occurrence", "days_late",     "events",   "sequence",
                                                  "procedure_version", "slippage_days", "corrects"};
  return numbers.contains(name) || (name.size() > 6 && name.ends_with("_count"));
}

bool is_flag_column(std::string_view name) {
  static const std::set<std::string_view> flags{"closed",    "voided",    "on_hold",     "on_time",
                                                "extended",  "breach",    "statutory",   "projected",
                                                "provisional", "scheduled", "completion_projected", "allowed"};
  return flags.contains(name);
}

// An integer as written by the CSV and JSON forms ("-3", "12").
bool is_integer(std::string_view s) {
  if (s.empty() || s.size() > 15) return false;
  std::size_t i = s.front() == '-' ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

cell typed(std::string_view column, const std::string& text) {
  cell c = cell::of_text(text);
  if (text.empty()) return c;
  if (is_date_column(column) && text.size() == 10 && text[4] == '-' && text[7] == '-') {
    try {
      c.day = parse_date(text);
      c.type = cell::kind::date;
    } catch (const input_error&) {
      // written as the text it is
    }
  } else if (is_number_column(column) && is_integer(text)) {
    c.type = cell::kind::number;
  } else if (is_flag_column(column) && (text == "true" || text == "false")) {
    c.type = cell::kind::boolean;
  }
  return c;
}

// Width in characters (code points), so that a column fits its longest
// cell up to a limit; text wraps beyond it.
double width_of(std::string_view s) {
  double n = 0;
  for (const char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

detail::sheet_to_write sheet_from(const std::vector<std::vector<std::string>>& rows, std::string_view name) {
  if (rows.empty()) throw input_error("a table to write as XLSX needs its header row");
  detail::sheet_to_write s;
  s.name = std::string(name);
  s.headings = rows.front();
  s.widths.assign(s.headings.size(), 0);
  for (std::size_t c = 0; c < s.headings.size(); ++c) s.widths[c] = std::max(8.0, width_of(s.headings[c]) + 2);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != s.headings.size()) {
      throw input_error("row " + std::to_string(r + 1) + " of the table has " + std::to_string(row.size()) +
                        " cells; its header has " + std::to_string(s.headings.size()));
    }
    std::vector<cell> cells;
    cells.reserve(row.size());
    for (std::size_t c = 0; c < row.size(); ++c) {
      cells.push_back(typed(s.headings[c], row[c]));
      s.widths[c] = std::min(60.0, std::max(s.widths[c], width_of(row[c]) + 2));
    }
    s.rows.push_back(std::move(cells));
  }
  return s;
}

std::string flag(bool b) { return b ? "true" : "false"; }

// A CSV document whose typed columns (dates, numbers, flags) are the
// library's own, written as they are; every other cell is text, neutralised
// unless options.raw (csv_options).
std::string csv_of(std::vector<std::vector<std::string>> rows, const csv_options& options) {
  if (!options.raw && !rows.empty()) {
    const auto& head = rows.front();
    for (std::size_t r = 1; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size() && c < head.size(); ++c) {
        if (typed(head[c], rows[r][c]).type == cell::kind::text) rows[r][c] = csv_neutralised(rows[r][c]);
      }
    }
  }
  csv_options as_is = options;
  as_is.raw = true;
  return csv_table(rows, as_is);
}
std::string iso(const std::optional<date>& d) { return d ? format_date(*d) : std::string(); }

const std::vector<std::string>& item_columns() {
  static const std::vector<std::string> columns{"reference", "kind",   "item", "agency",   "occurrence",
                                                "title",     "owner",  "status", "due",    "days_late"};
  return columns;
}

std::vector<std::string> item_row(const std::string& reference, const timetable_entry& e) {
  return {reference, e.kind,   e.id,     e.agency, std::to_string(e.occurrence),
          e.title,   e.owner,  e.status, iso(e.due), std::to_string(e.days_late)};
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

// The monthly report as one row per review: the open ones, then those that
// closed during the month.
std::vector<std::vector<std::string>> monthly_rows(const monthly_report& m) {
  std::vector<std::vector<std::string>> rows{{"reference", "procedure_id", "state", "stage", "closed", "closed_on",
                                              "on_hold", "planned_completion", "original_completion",
                                              "completion_projected", "slippage_days", "overdue_count",
                                              "open_obligation_count", "outstanding_count", "warning_count",
                                              "overdue_items"}};
  const auto items = [](const std::vector<timetable_entry>& entries) {
    std::vector<std::string> parts;
    for (const auto& e : entries) {
      parts.push_back(e.id + (e.agency.empty() ? "" : " (" + e.agency + ")") + " due " + iso(e.due));
    }
    return joined(parts);
  };
  for (const auto& r : m.reviews) {
    rows.push_back({r.reference, r.procedure_id, r.state, r.stage, "false", "", flag(r.on_hold),
                    iso(r.planned_completion), iso(r.original_completion), flag(r.completion_projected),
                    std::to_string(r.slippage_days), std::to_string(r.overdue.size()),
                    std::to_string(r.open_obligations.size()), "0", std::to_string(r.warnings.size()),
                    items(r.overdue)});
  }
  for (const auto& c : m.closed) {
    rows.push_back({c.reference, c.procedure_id, c.state, c.stage, "true", format_date(c.closed_on), "false", "", "",
                    "false", "0", "0", "0", std::to_string(c.outstanding.size()), "0", ""});
  }
  return rows;
}

}  // namespace

std::string table_xlsx(const std::vector<std::vector<std::string>>& rows, std::string_view sheet) {
  return detail::write_xlsx({sheet_from(rows, sheet)});
}

std::string due_items_xlsx(const std::vector<due_item>& items) {
  std::vector<std::vector<std::string>> rows{item_columns()};
  rows.reserve(items.size() + 1);
  for (const auto& i : items) {
    rows.push_back({i.reference, i.kind, i.id, i.agency, std::to_string(i.occurrence), i.title, i.owner,
                    std::string(due_item_status(i)), format_date(i.due), std::to_string(i.days_overdue)});
  }
  return table_xlsx(rows, "Items");
}

std::string_view due_item_status(const due_item& i) noexcept { return i.days_overdue > 0 ? "overdue" : "open"; }

std::string monthly_csv(const monthly_report& m, const csv_options& options) {
  return csv_of(monthly_rows(m), options);
}

std::string monthly_xlsx(const monthly_report& m) {
  std::vector<std::vector<std::string>> overdue{item_columns()}, open{item_columns()}, outstanding{item_columns()};
  for (const auto& r : m.reviews) {
    for (const auto& e : r.overdue) overdue.push_back(item_row(r.reference, e));
    for (const auto& e : r.open_obligations) open.push_back(item_row(r.reference, e));
  }
  for (const auto& c : m.closed) {
    for (const auto& e : c.outstanding) outstanding.push_back(item_row(c.reference, e));
  }
  return detail::write_xlsx({sheet_from(monthly_rows(m), "Reviews"), sheet_from(overdue, "Overdue"),
                             sheet_from(open, "Open obligations"), sheet_from(outstanding, "Outstanding at closure")});
}

std::string next_steps_csv(const std::vector<next_step>& steps, std::string_view reference,
                           const csv_options& options) {
  std::vector<std::vector<std::string>> rows{{"reference", "action", "name", "agency", "title", "allowed",
                                              "blocked_by", "roles", "fields", "leads_to", "when"}};
  for (const auto& s : steps) {
    std::vector<std::string> fields;
    for (const auto& f : s.fields) fields.push_back(f.name + ":" + f.type + (f.required ? " (required)" : ""));
    rows.push_back({std::string(reference), s.action, s.name, s.agency, s.title, flag(s.allowed), s.blocked_by,
                    joined(s.roles), joined(fields), joined(s.leads_to), joined(s.when)});
  }
  return csv_of(std::move(rows), options);
}

}  // namespace scr
