// A review's action plan in the boards' own spreadsheet layouts
// (scr/action_plan.hpp, "the boards' layouts"): read from CSV or XLSX as the
// recommendations and actions to record, and written back one row per action.
//
// Solihull's Appendix 13 (001:1322-1331; the example at 001:1326) keeps one
// row per recommendation, its Actions cell holding numbered lines and the
// By Whom? and By When? cells one line per action; boards also keep one row
// per action with the recommendation's cells blank (merged) on the rows after
// its first. Both read the same way here. Stockport's template (002:367-408)
// numbers its recommendations in a "No" column.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "chronology/chronology_internal.hpp"
#include "chronology/sheet.hpp"
#include "scr/action_plan.hpp"
#include "scr/error.hpp"
#include "scr/report.hpp"
#include "text.hpp"

namespace scr {

// ---- layouts -------------------------------------------------------------------

plan_layout plan_layout_from(std::string_view name) {
  if (name == "solihull-2011") return plan_layout::solihull_2011;
  if (name == "stockport-2010") return plan_layout::stockport_2010;
  throw input_error("unknown action plan layout '" + std::string(name) +
                    "': expected solihull-2011 (Solihull LSCB, Appendix 13) or stockport-2010 (Stockport LSCB)");
}

std::string_view to_string(plan_layout l) noexcept {
  switch (l) {
    case plan_layout::solihull_2011: return "solihull-2011";
    case plan_layout::stockport_2010: return "stockport-2010";
  }
  return "unknown";
}

std::string plan_sheet::report() const {
  std::string out;
  for (const auto& i : issues) {
    std::string where;
    if (i.row > 0) where = "row " + std::to_string(i.row);
    if (!i.column.empty()) where += (where.empty() ? "" : ", ") + i.column;
    if (!where.empty()) out += where + ": ";
    out += i.message + " [" + i.rule + "]\n";
  }
  return out;
}

namespace {

// What a column of a layout holds.
enum class plan_role : std::uint8_t {
  number,          // the recommendation's number (Stockport "No")
  recommendation,  // its text
  outcome,         // its intended outcome
  audit,           // information for audit: the recommendation's, and its actions' evidence
  actions,         // the actions, one or more (numbered lines)
  lead,            // by whom
  by_when,         // by when
  evidence,        // an action's evidence (Stockport)
  progress,        // actions taken: progress, recorded separately (ignored on import)
};

struct column_spec {
  std::string_view heading;  // as the template has it
  plan_role what;
  bool required;
  std::vector<std::string_view> also;  // other headings boards use for it
  double width;                        // in characters, in an XLSX export
};

const std::vector<column_spec>& columns_of(plan_layout l) {
  // Appendix 13 (001:1326).
  static const std::vector<column_spec> solihull{
      {"Outcome", plan_role::outcome, false, {"Outcomes", "Intended outcome"}, 32},
      {"Recommendation", plan_role::recommendation, true, {"Recommendations"}, 48},
      {"Actions", plan_role::actions, true, {"Action"}, 48},
      {"By Whom?", plan_role::lead, true, {}, 24},
      {"By When?", plan_role::by_when, true, {}, 16},
      {"Actions taken", plan_role::progress, false, {"Action taken"}, 40},
      {"Information for audit", plan_role::audit, false, {}, 40},
  };
  // Stockport's action plan (002:367-408).
  static const std::vector<column_spec> stockport{
      {"No", plan_role::number, false, {"No.", "Number", "Ref"}, 6},
      {"Recommendation", plan_role::recommendation, true, {"Recommendations"}, 48},
      {"Key Actions (SMART)", plan_role::actions, true, {"Key Actions", "Actions"}, 48},
      {"Evidence", plan_role::evidence, false, {}, 36},
      {"Key Outcome", plan_role::outcome, false, {"Key Outcomes", "Outcome"}, 32},
      {"Lead Officer (designation)", plan_role::lead, true, {"Lead Officer"}, 26},
      {"Date", plan_role::by_when, true, {"By When?", "Target date"}, 14},
  };
  return l == plan_layout::stockport_2010 ? stockport : solihull;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// A cell's text as compared and stored: line ends as "\n", trimmed.
std::string cell_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      if (i + 1 < raw.size() && raw[i + 1] == '\n') continue;
      out += '\n';
    } else {
      out += raw[i];
    }
  }
  return std::string(detail::trim(out));
}

// The non-empty lines of a cell, each trimmed.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto line =
        detail::trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!line.empty()) out.emplace_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// "1. Determine ...", "2) Issue ...": the text after the number when the line
// starts a numbered item, or nullopt.
std::optional<std::string> numbered_item(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] >= '0' && line[i] <= '9') ++i;
  if (i == 0 || i >= line.size() || (line[i] >= '0' && line[i] <= '9')) return std::nullopt;
  if (line[i] != '.' && line[i] != ')') return std::nullopt;
  ++i;
  if (i < line.size() && line[i] != ' ' && line[i] != '\t') return std::nullopt;  // "1.5 days", not an item
  return std::string(detail::trim(line.substr(i)));
}

// The actions a cell holds: numbered lines each begin one; other lines go on
// with the one before (or begin the first).
std::vector<std::string> actions_in(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(text)) {
    if (auto item = numbered_item(line)) {
      out.push_back(std::move(*item));
    } else if (out.empty()) {
      out.push_back(line);
    } else {
      if (!out.back().empty()) out.back() += ' ';
      out.back() += line;
    }
  }
  // A number with nothing after it ("3.") is no action.
  out.erase(std::remove_if(out.begin(), out.end(), [](const std::string& s) { return s.empty(); }), out.end());
  return out;
}

// A recommendation's number as a file gives it: one short label ("1", "R2", "3a").
bool plausible_number(std::string_view n) {
  if (n.empty() || n.size() > 16) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || c == '.' || c == '-' ||
           c == '_' || c == '/';
  });
}

bool blank_row(const std::vector<detail::sheet_cell>& row) {
  return std::all_of(row.begin(), row.end(), [](const detail::sheet_cell& c) { return detail::trim(c.text).empty(); });
}

}  // namespace

// ---- reading -----------------------------------------------------------------------

plan_sheet read_plan(std::string_view bytes, plan_layout layout, std::string_view what) {
  const bool xlsx = detail::looks_like_xlsx(bytes);
  const detail::sheet table = xlsx ? detail::read_xlsx(bytes, what) : detail::read_csv(bytes, what);
  plan_sheet out;
  out.layout = layout;
  const auto issue = [&](std::size_t row, std::string column, std::string rule, std::string message) {
    out.issues.push_back({row, std::move(column), std::move(rule), std::move(message)});
  };
  const auto& spec = columns_of(layout);

  std::map<std::string, std::size_t> spec_of;  // folded heading -> layout column
  for (std::size_t i = 0; i < spec.size(); ++i) {
    spec_of.emplace(detail::fold_heading(spec[i].heading), i);
    for (const auto& h : spec[i].also) spec_of.emplace(detail::fold_heading(h), i);
  }
  // The header: the first row with anything in it, or, when a title stands
  // above the table, the first of the next rows that has one of the layout's
  // headings.
  std::size_t header = 0;
  while (header < table.rows.size() && blank_row(table.rows[header])) ++header;
  if (header == table.rows.size()) {
    issue(0, "", "no-rows", std::string(what) + " is empty: it has no header row and no recommendation");
    return out;
  }
  const auto names_a_heading = [&](const std::vector<detail::sheet_cell>& row) {
    return std::any_of(row.begin(), row.end(), [&](const detail::sheet_cell& c) {
      return !detail::trim(c.text).empty() && spec_of.count(detail::fold_heading(c.text)) > 0;
    });
  };
  for (std::size_t r = header, seen = 0; r < table.rows.size() && seen < 10; ++r) {
    if (blank_row(table.rows[r])) continue;
    ++seen;
    if (names_a_heading(table.rows[r])) {
      header = r;
      break;
    }
  }
  const auto& head = table.rows[header];
  std::vector<std::optional<std::size_t>> file_col(spec.size());  // layout column -> file column
  std::vector<std::string> heading(spec.size());                  // as the file names it
  for (std::size_t c = 0; c < head.size(); ++c) {
    const std::string text = cell_text(head[c].text);
    if (text.empty()) continue;
    const auto it = spec_of.find(detail::fold_heading(text));
    if (it == spec_of.end()) continue;  // a column of the board's own: not imported
    if (file_col[it->second]) {
      issue(header + 1, text, "duplicate",
            in_quotes(text) + " is given twice (columns " + detail::column_letters(*file_col[it->second]) + " and " +
                detail::column_letters(c) + "); the layout has the column once");
      continue;
    }
    file_col[it->second] = c;
    heading[it->second] = text;
  }
  // A file in the other board's layout is named as such.
  const plan_layout other =
      layout == plan_layout::solihull_2011 ? plan_layout::stockport_2010 : plan_layout::solihull_2011;
  const bool is_other = std::all_of(columns_of(other).begin(), columns_of(other).end(), [&](const column_spec& col) {
    return !col.required || std::any_of(head.begin(), head.end(), [&](const detail::sheet_cell& c) {
      return detail::fold_heading(c.text) == detail::fold_heading(col.heading);
    });
  });
  bool missing = false;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    if (!heading[i].empty()) continue;
    heading[i] = std::string(spec[i].heading);
    if (!spec[i].required) continue;
    missing = true;
    issue(header + 1, heading[i], "header-missing",
          "the " + std::string(to_string(layout)) + " layout's column " + in_quotes(spec[i].heading) + " is missing" +
              (is_other ? "; the header is the " + std::string(to_string(other)) + " layout's" : ""));
  }
  if (missing) return out;

  const auto index_of = [&](plan_role r) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < spec.size(); ++i) {
      if (spec[i].what == r) return i;
    }
    return std::nullopt;
  };
  // The text of the layout's column `r` in a row ("" when the layout or the
  // file has no such column). A CSV cell that an export neutralised ("'=...")
  // is read as it was recorded.
  const auto cell = [&](const std::vector<detail::sheet_cell>& row, plan_role r) -> std::string {
    const auto i = index_of(r);
    if (!i || !file_col[*i] || *file_col[*i] >= row.size()) return {};
    std::string_view raw = row[*file_col[*i]].text;
    if (!xlsx && raw.size() > 1 && raw.front() == '\'' && csv_formula_trigger(raw.substr(1))) raw.remove_prefix(1);
    return cell_text(raw);
  };
  const auto heading_of = [&](plan_role r) -> std::string {
    const auto i = index_of(r);
    return i ? heading[*i] : std::string();
  };

  std::set<std::string> numbers;             // recommendations' numbers, for duplicates
  std::vector<std::size_t> action_counts;    // per recommendation, actions so far
  for (std::size_t r = header + 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (blank_row(row)) continue;
    const std::size_t file_row = r + 1;
    const std::string number = cell(row, plan_role::number);
    const std::string text = cell(row, plan_role::recommendation);
    const bool has_current = !out.recommendations.empty();

    // Does the row begin a recommendation? A blank Recommendation cell (or
    // the current one's text again, as when a merged cell is filled down)
    // goes on with the current one.
    bool starts = !text.empty();
    if (starts && has_current && text == out.recommendations.back().text &&
        (number.empty() || number == out.recommendations.back().number)) {
      starts = false;
    }
    if (!starts && !number.empty() && (!has_current || number != out.recommendations.back().number)) {
      issue(file_row, heading_of(plan_role::recommendation), "required",
            in_quotes(heading_of(plan_role::recommendation)) + " is blank on a row numbered " + in_quotes(number) +
                ": a recommendation needs its text");
      continue;
    }
    if (starts) {
      recommendation_input rec;
      if (!number.empty()) {
        if (!plausible_number(number)) {
          issue(file_row, heading_of(plan_role::number), "number",
                in_quotes(number) + " is not a recommendation number: give one short label such as 1 or R2");
        }
        rec.number = number;
      } else {
        rec.number = std::to_string(out.recommendations.size() + 1);
      }
      if (!numbers.insert(rec.number).second) {
        issue(file_row, heading_of(number.empty() ? plan_role::recommendation : plan_role::number), "duplicate",
              "recommendation " + in_quotes(rec.number) + " is numbered twice");
      }
      rec.text = text;
      rec.outcome = cell(row, plan_role::outcome);
      rec.audit = cell(row, plan_role::audit);
      out.recommendations.push_back(std::move(rec));
      action_counts.push_back(0);
    }

    const std::string actions_cell = cell(row, plan_role::actions);
    const std::string lead_cell = cell(row, plan_role::lead);
    const std::string by_when_cell = cell(row, plan_role::by_when);
    const std::vector<std::string> whats = actions_in(actions_cell);
    if (out.recommendations.empty()) {
      const std::string rec_heading = in_quotes(heading_of(plan_role::recommendation));
      issue(file_row, heading_of(plan_role::recommendation), "required",
            whats.empty() ? rec_heading + " is blank on a row before the first recommendation"
                          : "an action comes before any recommendation: " + rec_heading + " is blank");
      continue;
    }
    if (whats.empty()) {
      if (!lead_cell.empty() || !by_when_cell.empty()) {
        issue(file_row, heading_of(plan_role::actions), "required",
              in_quotes(heading_of(plan_role::actions)) + " is blank but " +
                  in_quotes(heading_of(lead_cell.empty() ? plan_role::by_when : plan_role::lead)) + " is given");
      }
      continue;
    }
    // One line for every action of the row, or one line each.
    const auto per_action = [&](const std::string& text_of, plan_role col) -> std::optional<std::vector<std::string>> {
      std::vector<std::string> lines = lines_of(text_of);
      if (lines.size() == whats.size()) return lines;
      if (lines.size() <= 1) return std::vector<std::string>(whats.size(), lines.empty() ? "" : lines.front());
      issue(file_row, heading_of(col), "count",
            in_quotes(heading_of(col)) + " has " + std::to_string(lines.size()) + " lines for " +
                std::to_string(whats.size()) + (whats.size() == 1 ? " action" : " actions") + " in " +
                in_quotes(heading_of(plan_role::actions)) + ": give one line for them all, or one line for each");
      return std::nullopt;
    };
    const auto leads = per_action(lead_cell, plan_role::lead);
    const auto whens = per_action(by_when_cell, plan_role::by_when);
    if (whens) {
      std::set<std::string> checked;
      for (const auto& w : *whens) {
        if (w.empty() || !checked.insert(w).second) continue;
        try {
          (void)by_when::parse(w);
        } catch (const input_error& e) {
          issue(file_row, heading_of(plan_role::by_when), "by-when", e.what());
        }
      }
    }
    const auto& rec = out.recommendations.back();
    // Evidence: Stockport's column, or Solihull's information for audit (on
    // the rows after a recommendation's first, blank as a merged cell is:
    // the recommendation's).
    std::string evidence = cell(row, plan_role::evidence);
    if (index_of(plan_role::audit)) {
      evidence = cell(row, plan_role::audit);
      if (evidence.empty()) evidence = rec.audit;
    }
    for (std::size_t k = 0; k < whats.size(); ++k) {
      action_input a;
      a.number = rec.number + "." + std::to_string(++action_counts.back());
      a.recommendation = rec.number;
      a.what = whats[k];
      if (leads) a.lead = (*leads)[k];
      if (whens) a.by_when = (*whens)[k];
      a.evidence = evidence;
      out.actions.push_back(std::move(a));
    }
  }
  if (out.recommendations.empty() && std::none_of(out.issues.begin(), out.issues.end(), [](const plan_issue& i) {
        return i.rule == "required";
      })) {
    issue(0, "", "no-rows", std::string(what) + " has no recommendation under its header (row " +
                                std::to_string(header + 1) + ")");
  }
  return out;
}

// ---- writing -----------------------------------------------------------------------

namespace {

// Text on one line: a cell read back one line per action must not be split.
std::string one_line(std::string_view s) {
  std::string out;
  for (const auto& l : lines_of(s)) {
    if (!out.empty()) out += ' ';
    out += l;
  }
  return out;
}

std::string day_of(instant t) { return detail::format_day(london_date(t)); }

// "Actions taken": the latest update, and the completion.
std::string progress_of(const plan_action& a) {
  std::vector<std::string> lines;
  if (!a.updates.empty()) {
    const auto& u = a.updates.back();
    const bool completion = u.kind == "completed" && a.completed_at;
    if (!u.narrative.empty()) lines.push_back(day_of(u.at) + ": " + u.narrative);
    else if (!completion) lines.push_back(day_of(u.at) + ": " + u.kind);
  }
  if (a.completed_at) {
    std::string line = "Completed " + day_of(*a.completed_at);
    if (!a.completion_evidence.empty()) line += ": " + a.completion_evidence;
    lines.push_back(std::move(line));
  }
  return detail::join(lines, "\n");
}

constexpr std::string_view no_recommendation = "(no recommendation recorded)";

}  // namespace

std::string write_plan(const action_plan& p, plan_layout layout, bool xlsx) {
  const auto& spec = columns_of(layout);
  std::vector<std::vector<detail::sheet_cell>> rows;
  const auto text = [](std::string s) { return detail::sheet_cell::of_text(std::move(s)); };

  // One row: the recommendation's cells on its first row only (`first`), the
  // action's (if any) on every row.
  const auto add = [&](const plan_recommendation& rec, bool first, const plan_action* a) {
    std::vector<detail::sheet_cell> row;
    for (const auto& col : spec) {
      detail::sheet_cell c;
      switch (col.what) {
        case plan_role::number: c = text(first ? rec.number : ""); break;
        case plan_role::recommendation: c = text(first ? rec.text : ""); break;
        case plan_role::outcome: c = text(first ? rec.outcome : ""); break;
        case plan_role::audit:
          // The recommendation's on its first row; below it, blank as a merged
          // cell is, unless the action's evidence is its own.
          // On the first row, a recommendation without information for
          // audit of its own shows its first action's evidence (which the
          // template's one cell then holds for both).
          if (first) c = text(rec.audit.empty() && a ? a->evidence : rec.audit);
          else if (a && a->evidence != rec.audit) c = text(a->evidence);
          break;
        case plan_role::actions: c = text(a ? one_line(a->what) : ""); break;
        case plan_role::lead: c = text(a ? one_line(a->lead) : ""); break;
        case plan_role::by_when:
          if (a && !one_line(a->by_when).empty()) {
            c = text(one_line(a->by_when));
          } else if (a && a->due) {
            c = text(detail::format_day(*a->due));
            if (xlsx) {
              c.type = detail::sheet_cell::kind::date;
              c.day = *a->due;
            }
          }
          break;
        case plan_role::evidence: c = text(a ? a->evidence : ""); break;
        case plan_role::progress: c = text(a ? progress_of(*a) : ""); break;
      }
      row.push_back(std::move(c));
    }
    rows.push_back(std::move(row));
  };
  const auto add_all = [&](const plan_recommendation& rec, const std::vector<plan_action>& actions) {
    if (actions.empty()) add(rec, true, nullptr);
    for (std::size_t k = 0; k < actions.size(); ++k) add(rec, k == 0, &actions[k]);
  };
  for (const auto& rec : p.recommendations) add_all(rec, rec.actions);
  if (!p.unlinked.empty()) {
    // Under a recommendation of their own: below a blank Recommendation cell
    // they would be read back as the last recommendation's.
    plan_recommendation none;
    none.text = std::string(no_recommendation);
    add_all(none, p.unlinked);
  }

  std::vector<std::string> headings;
  for (const auto& col : spec) headings.emplace_back(col.heading);
  if (xlsx) {
    detail::sheet_to_write s;
    s.name = "Action plan";
    s.headings = headings;
    for (const auto& col : spec) s.widths.push_back(col.width);
    s.rows = std::move(rows);
    s.freeze_header = true;
    return detail::write_xlsx({s});
  }
  std::vector<std::vector<std::string>> table;
  table.push_back(std::move(headings));
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(c.text);
    table.push_back(std::move(cells));
  }
  // Every cell is text: one a spreadsheet would take for a formula is written
  // after an apostrophe (csv_neutralised), which read_plan takes off again.
  csv_options options;
  options.excel = true;  // a byte order mark, so that Excel reads UTF-8 as such
  return csv_table(table, options);
}

}  // namespace scr
