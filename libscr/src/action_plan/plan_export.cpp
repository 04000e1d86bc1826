// A review's action plan and the board's assurance report as text, CSV,
// JSON, HTML and XLSX (scr/action_plan.hpp; docs/action-plans.md).
//
// Every form of a plan is written from the same rows (`plan_rows`), so the
// CSV, the XLSX and the assurance workbook's "Actions" sheet always agree.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <initializer_list>
#include <utility>

#include "chronology/sheet.hpp"
#include "scr/action_plan.hpp"
#include "scr/error.hpp"
#include "scr/report.hpp"
#include "text.hpp"

namespace scr {

plan_format plan_format_from(std::string_view name) {
  if (name == "text") return plan_format::text;
  if (name == "csv") return plan_format::csv;
  if (name == "json") return plan_format::json;
  if (name == "html") return plan_format::html;
  if (name == "xlsx") return plan_format::xlsx;
  throw input_error("unknown action plan format '" + std::string(name) + "' (text, csv, json, html or xlsx)");
}

std::string_view to_string(action_status s) noexcept {
  switch (s) {
    case action_status::open: return "open";
    case action_status::overdue: return "overdue";
    case action_status::ongoing: return "ongoing";
    case action_status::completed: return "completed";
    case action_status::implemented: return "implemented";
    case action_status::waived: return "waived";
  }
  return "?";
}

std::string_view to_string(recommendation_status s) noexcept {
  switch (s) {
    case recommendation_status::no_actions: return "no actions";
    case recommendation_status::not_started: return "not started";
    case recommendation_status::in_progress: return "in progress";
    case recommendation_status::implemented: return "implemented";
  }
  return "?";
}

namespace {

using detail::html_escaped;
using detail::join;
using json = nlohmann::ordered_json;

std::string iso(const std::optional<date>& d) { return d ? format_date(*d) : std::string(); }
std::optional<date> day_of(const std::optional<instant>& t) {
  if (!t) return std::nullopt;
  return london_date(*t);
}

json json_date(const std::optional<date>& d) { return d ? json(format_date(*d)) : json(nullptr); }
json json_instant(const std::optional<instant>& t) { return t ? json(format_instant(*t)) : json(nullptr); }

std::string percent(double proportion) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", proportion * 100.0);
  return buf;
}

// A status as a CSS class: "in progress" -> "status-in-progress".
std::string status_class(std::string_view status) {
  std::string out = "status-";
  for (const char c : status) out += c == ' ' ? '-' : c;
  return out;
}

std::vector<std::string> messages(const std::vector<smart_finding>& findings) {
  std::vector<std::string> out;
  out.reserve(findings.size());
  for (const auto& f : findings) out.push_back(f.message);
  return out;
}

const action_update* last_update(const plan_action& a) { return a.updates.empty() ? nullptr : &a.updates.back(); }

// "2024-06-30", the plan's "By when?" as written ("Ongoing"), or "no date".
std::string due_text(const plan_action& a) {
  if (a.due) return format_date(*a.due);
  if (!a.by_when.empty()) return a.by_when;
  return "no date";
}

int count_if_status(const action_plan& p, action_status s) {
  int n = 0;
  for (const auto& r : p.recommendations)
    for (const auto& a : r.actions) n += a.status == s ? 1 : 0;
  for (const auto& a : p.unlinked) n += a.status == s ? 1 : 0;
  return n;
}

int updates_overdue(const action_plan& p) {
  int n = 0;
  for (const auto& r : p.recommendations)
    for (const auto& a : r.actions) n += a.update_overdue ? 1 : 0;
  for (const auto& a : p.unlinked) n += a.update_overdue ? 1 : 0;
  return n;
}

int recommendations_implemented(const action_plan& p) {
  int n = 0;
  for (const auto& r : p.recommendations) n += r.status == recommendation_status::implemented ? 1 : 0;
  return n;
}

int actions_in(const action_plan& p) {
  std::size_t n = p.unlinked.size();
  for (const auto& r : p.recommendations) n += r.actions.size();
  return static_cast<int>(n);
}

// ---- the rows of a plan (CSV, XLSX) ---------------------------------------------------

// One cell of a plan's table. `text` came from a person (neutralised in
// CSV); `own` is the library's (a status); `day`, `number` and `flag` are
// written as dates, numbers and true/false.
struct cell {
  enum class kind : std::uint8_t { text, own, day, number, flag };
  kind type = kind::text;
  std::string value;  // as CSV writes it ("" for an empty cell)
  std::optional<date> on;

  static cell text(std::string s) { return {kind::text, std::move(s), std::nullopt}; }
  static cell own(std::string_view s) { return {kind::own, std::string(s), std::nullopt}; }
  static cell day(const std::optional<date>& d) { return {kind::day, iso(d), d}; }
  static cell number(long long n) { return {kind::number, std::to_string(n), std::nullopt}; }
  static cell flag(bool b) { return {kind::flag, b ? "true" : "false", std::nullopt}; }
  static cell blank(kind k) { return {k, std::string(), std::nullopt}; }
};

using row = std::vector<cell>;

const std::vector<std::string> plan_columns{
    "reference",   "recommendation",  "recommendation_text", "urgent",         "themes",
    "action",      "action_text",     "lead",                "agency",         "by_when",
    "due",         "status",          "days_late",           "next_update_due", "update_overdue",
    "updates",     "last_update_on",  "last_update",         "completed_on",   "signed_off_on",
    "evidence",    "smart"};

const std::vector<double> plan_widths{14, 8, 50, 7, 20, 8, 50, 24, 18, 14, 11,
                                      12, 8,  11, 8, 8, 11, 50, 11, 11, 30, 40};

// The recommendation's cells of a row (reference to themes): blank for an
// action under no recorded recommendation.
row recommendation_cells(const action_plan& p, const plan_recommendation* r, const std::string& number) {
  if (!r) {
    return {cell::text(p.reference), cell::text(number), cell::blank(cell::kind::text), cell::blank(cell::kind::flag),
            cell::blank(cell::kind::text)};
  }
  return {cell::text(p.reference), cell::text(r->number), cell::text(r->text), cell::flag(r->urgent),
          cell::text(join(r->themes, "; "))};
}

row action_row(const action_plan& p, const plan_recommendation* r, const plan_action& a) {
  row out = recommendation_cells(p, r, a.recommendation);
  const auto* last = last_update(a);
  std::vector<std::string> smart;
  if (r) smart = messages(r->smart);
  for (auto& m : messages(a.smart)) smart.push_back(std::move(m));
  out.insert(out.end(),
             {cell::text(a.number), cell::text(a.what), cell::text(a.lead), cell::text(a.agency), cell::text(a.by_when),
              cell::day(a.due), cell::own(to_string(a.status)),
              cell::number(a.days_late), cell::day(a.next_update_due),
              cell::flag(a.update_overdue), cell::number(static_cast<long long>(a.updates.size())),
              last ? cell::day(london_date(last->at)) : cell::blank(cell::kind::day),
              cell::text(last ? last->narrative : std::string()), cell::day(day_of(a.completed_at)),
              cell::day(day_of(a.signed_off_at)), cell::text(a.evidence), cell::text(join(smart, "; "))});
  return out;
}

// A recommendation no action carries out yet: its cells, the action's blank.
row recommendation_row(const action_plan& p, const plan_recommendation& r) {
  row out = recommendation_cells(p, &r, r.number);
  using k = cell::kind;
  out.insert(out.end(), {cell::blank(k::text), cell::blank(k::text), cell::blank(k::text), cell::text(r.agency),
                         cell::blank(k::text), cell::blank(k::day), cell::own(to_string(r.status)),
                         cell::blank(k::number), cell::blank(k::day), cell::blank(k::flag), cell::blank(k::number),
                         cell::blank(k::day), cell::blank(k::text), cell::blank(k::day), cell::blank(k::day),
                         cell::blank(k::text), cell::text(join(messages(r.smart), "; "))});
  return out;
}

void append_plan_rows(const action_plan& p, std::vector<row>& out) {
  for (const auto& r : p.recommendations) {
    if (r.actions.empty()) out.push_back(recommendation_row(p, r));
    for (const auto& a : r.actions) out.push_back(action_row(p, &r, a));
  }
  for (const auto& a : p.unlinked) out.push_back(action_row(p, nullptr, a));
}

std::string csv_of(const std::vector<std::string>& headings, const std::vector<row>& rows) {
  std::vector<std::vector<std::string>> table{headings};
  table.reserve(rows.size() + 1);
  for (const auto& r : rows) {
    std::vector<std::string> line;
    line.reserve(r.size());
    for (const auto& c : r) {
      line.push_back(c.type == cell::kind::text && csv_formula_trigger(c.value) ? csv_neutralised(c.value) : c.value);
    }
    table.push_back(std::move(line));
  }
  // The text cells are neutralised above; the library's own (dates, numbers,
  // statuses, flags) are written as they are.
  csv_options raw;
  raw.raw = true;
  return csv_table(table, raw);
}

detail::sheet_cell sheet_cell_of(const cell& c) {
  detail::sheet_cell out;
  if (c.value.empty()) return out;
  switch (c.type) {
    case cell::kind::text:
    case cell::kind::own: return detail::sheet_cell::of_text(c.value);
    case cell::kind::day:
      out.type = detail::sheet_cell::kind::date;
      out.day = c.on;
      out.text = c.value;
      return out;
    case cell::kind::number:
      out.type = detail::sheet_cell::kind::number;
      out.text = c.value;
      return out;
    case cell::kind::flag:
      out.type = detail::sheet_cell::kind::boolean;
      out.text = c.value;
      return out;
  }
  return out;
}

detail::sheet_to_write sheet_of(std::string name, std::vector<std::string> headings, std::vector<double> widths,
                                const std::vector<row>& rows) {
  detail::sheet_to_write s;
  s.name = std::move(name);
  s.headings = std::move(headings);
  s.widths = std::move(widths);
  s.rows.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<detail::sheet_cell> line;
    line.reserve(r.size());
    for (const auto& c : r) line.push_back(sheet_cell_of(c));
    s.rows.push_back(std::move(line));
  }
  return s;
}

// ---- a plan as text ------------------------------------------------------------------

void append_action_text(std::string& out, const plan_action& a) {
  out += "  " + a.number + ": " + a.what + "\n";
  std::string line = "      lead " + (a.lead.empty() ? std::string("not named") : a.lead);
  if (!a.agency.empty()) line += " (" + a.agency + ")";
  line += "; due " + due_text(a);
  if (a.review_on) line += ", review on " + format_date(*a.review_on);
  line += "; " + std::string(to_string(a.status));
  if (a.status == action_status::overdue && a.days_late > 0) {
    line += ", " + std::to_string(a.days_late) + (a.days_late == 1 ? " day late" : " days late");
  }
  if (a.completed_at) line += ", completed " + format_date(london_date(*a.completed_at));
  if (a.signed_off_at) line += ", signed off " + format_date(london_date(*a.signed_off_at));
  out += line + "\n";
  if (a.next_update_due || a.update_overdue) {
    out += "      next update due " + (a.next_update_due ? format_date(*a.next_update_due) : std::string("-"));
    if (a.update_overdue) out += ", update overdue";
    out += "\n";
  }
  if (const auto* u = last_update(a)) {
    out += "      last update " + format_date(london_date(u->at));
    if (u->kind != "update" && !u->kind.empty()) out += " (" + u->kind + ")";
    if (!u->narrative.empty()) out += ": " + u->narrative;
    out += "\n";
  }
  for (const auto& f : a.smart) out += "  ! " + f.message + "\n";
}

std::string plan_text(const action_plan& p) {
  std::string out = "Action plan of " + p.reference + " (" + p.procedure_id + " version " +
                    std::to_string(p.procedure_version) + "), as of " + format_date(p.as_of) + ": state " + p.state +
                    "\n";
  out += p.approved_at ? "Approved " + format_date(london_date(*p.approved_at)) + "\n" : "Not yet approved\n";
  if (p.mark) {
    const auto& m = *p.mark;
    out += "Completion mark: " + (m.def ? m.title() : std::string("-")) + ", due " +
           (m.due ? format_date(*m.due) : std::string("-")) + ", " + std::string(to_string(m.status)) + "\n";
  }
  if (p.recommendations.empty() && p.unlinked.empty()) out += "\nNo recommendations recorded.\n";
  for (const auto& r : p.recommendations) {
    out += "\nRecommendation " + r.number + " [" + std::string(to_string(r.status)) + "]" +
           (r.urgent ? " URGENT" : "") + ": " + r.text + "\n";
    for (const auto& f : r.smart) out += "  ! " + f.message + "\n";
    for (const auto& a : r.actions) append_action_text(out, a);
  }
  if (!p.unlinked.empty()) {
    out += "\nActions under no recorded recommendation\n";
    for (const auto& a : p.unlinked) append_action_text(out, a);
  }
  if (!p.warnings.empty()) {
    out += "\n";
    for (const auto& w : p.warnings) out += "Warning: " + w + "\n";
  }
  return out;
}

// ---- a plan as JSON ------------------------------------------------------------------

json smart_json(const std::vector<smart_finding>& findings) {
  json out = json::array();
  for (const auto& f : findings) out.push_back({{"check", f.check}, {"message", f.message}});
  return out;
}

json action_json(const plan_action& a) {
  json updates = json::array();
  for (const auto& u : a.updates) {
    updates.push_back({{"kind", u.kind},
                       {"at", format_instant(u.at)},
                       {"by", {{"name", u.by.name}, {"role", u.by.role}, {"agency", u.by.agency}}},
                       {"status", u.status},
                       {"narrative", u.narrative},
                       {"evidence", u.evidence},
                       {"sequence", u.sequence}});
  }
  return {{"number", a.number},
          {"recommendation", a.recommendation},
          {"what", a.what},
          {"lead", a.lead},
          {"agency", a.agency},
          {"by_when", a.by_when},
          {"due", json_date(a.due)},
          {"review_on", json_date(a.review_on)},
          {"status", to_string(a.status)},
          {"state", a.state},
          {"days_late", a.days_late},
          {"next_update_due", json_date(a.next_update_due)},
          {"update_overdue", a.update_overdue},
          {"updates_overdue", a.updates_overdue},
          {"agreed_at", json_instant(a.agreed_at)},
          {"completed_at", json_instant(a.completed_at)},
          {"signed_off_at", json_instant(a.signed_off_at)},
          {"completion_evidence", a.completion_evidence},
          {"evidence", a.evidence},
          {"smart", smart_json(a.smart)},
          {"updates", std::move(updates)}};
}

json plan_json_value(const action_plan& p) {
  json recs = json::array();
  for (const auto& r : p.recommendations) {
    json actions = json::array();
    for (const auto& a : r.actions) actions.push_back(action_json(a));
    recs.push_back({{"number", r.number},
                    {"text", r.text},
                    {"outcome", r.outcome},
                    {"addressed_to", r.addressed_to},
                    {"agency", r.agency},
                    {"source", r.source},
                    {"type", r.type},
                    {"measure", r.measure},
                    {"urgent", r.urgent},
                    {"themes", r.themes},
                    {"audit", r.audit},
                    {"status", to_string(r.status)},
                    {"made_at", json_instant(r.made_at)},
                    {"smart", smart_json(r.smart)},
                    {"actions", std::move(actions)}});
  }
  json unlinked = json::array();
  for (const auto& a : p.unlinked) unlinked.push_back(action_json(a));
  json mark = nullptr;
  if (p.mark) {
    const auto& m = *p.mark;
    mark = {{"id", m.def ? json(m.id()) : json(nullptr)},
            {"title", m.def ? json(m.title()) : json(nullptr)},
            {"due", json_date(m.due)},
            {"status", to_string(m.status)}};
  }
  return {{"schema", "libscr.action_plan"},
          {"version", 1},
          {"reference", p.reference},
          {"procedure", {{"id", p.procedure_id}, {"version", p.procedure_version}}},
          {"state", p.state},
          {"as_of", format_date(p.as_of)},
          {"approved_at", json_instant(p.approved_at)},
          {"mark", std::move(mark)},
          {"recommendations", std::move(recs)},
          {"unlinked", std::move(unlinked)},
          {"warnings", p.warnings}};
}

// ---- HTML ----------------------------------------------------------------------------

constexpr const char* page_style = R"css(
@page { size: A4 landscape; margin: 12mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 277mm; }
h1 { font-size: 15pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; }
p.meta, p.summary { margin: 0 0 6pt; color: #333; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 1px solid #888; padding: 3pt 4pt; vertical-align: top; text-align: left; overflow-wrap: break-word; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
td.day { white-space: nowrap; }
thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
section.recommendation { break-inside: avoid-page; }
.urgent { color: #fff; background: #b00020; padding: 0 4pt; font-size: 9pt; font-weight: bold; }
.badge { padding: 0 4pt; border: 1px solid #888; font-size: 9pt; font-weight: normal; }
.status-overdue { background: #f9dcdc; color: #8a0014; font-weight: bold; }
.status-open, .status-not-started, .status-no-actions { background: #fff; }
.status-ongoing, .status-in-progress { background: #dcebfa; }
.status-completed { background: #fff4c2; }
.status-implemented { background: #ddf2dd; color: #0b5a1f; }
.status-waived { background: #e6e6e6; color: #555; }
.update-overdue { color: #8a0014; font-weight: bold; }
ul.smart { margin: 2pt 0 6pt; padding-left: 14pt; color: #7a4a00; }
ul.warnings { color: #8a0014; }
dl.detail { margin: 0 0 4pt; } dl.detail dt { font-weight: bold; float: left; clear: left; margin-right: 4pt; }
dl.detail dd { margin: 0 0 2pt; }
tr.past-mark td { background: #f9dcdc; }
table.figures { width: auto; min-width: 40%; }
)css";

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
         "<title>" +
         html_escaped(title) + "</title>\n<style>" + page_style + "</style>\n</head>\n<body>\n<h1>" +
         html_escaped(title) + "</h1>\n";
}

constexpr std::string_view page_foot = "</body>\n</html>\n";

std::string status_cell(std::string_view status) {
  return "<td class=\"status " + status_class(status) + "\">" + html_escaped(status) + "</td>";
}

std::string smart_list(const std::vector<smart_finding>& findings) {
  if (findings.empty()) return {};
  std::string out = "<ul class=\"smart\">";
  for (const auto& f : findings) out += "<li>" + html_escaped(f.message) + "</li>";
  return out + "</ul>";
}

std::string actions_table(const std::vector<plan_action>& actions) {
  std::string out =
      "<table>\n<thead><tr><th>Action</th><th>What</th><th>Lead</th><th>Agency</th><th>By when</th><th>Due</th>"
      "<th>Status</th><th>Next update</th><th>Last update</th><th>Evidence</th></tr></thead>\n<tbody>\n";
  for (const auto& a : actions) {
    std::string status = std::string(to_string(a.status));
    out += "<tr><td>" + html_escaped(a.number) + "</td><td>" + html_escaped(a.what) + smart_list(a.smart) +
           "</td><td>" + html_escaped(a.lead) + "</td><td>" + html_escaped(a.agency) + "</td><td>" +
           html_escaped(a.by_when) + "</td><td class=\"day\">" + html_escaped(iso(a.due)) +
           (a.review_on ? "<br>review " + format_date(*a.review_on) : "") + "</td>";
    std::string shown = status;
    if (a.status == action_status::overdue && a.days_late > 0) {
      shown += ", " + std::to_string(a.days_late) + (a.days_late == 1 ? " day late" : " days late");
    }
    out += "<td class=\"status " + status_class(status) + "\">" + html_escaped(shown) + "</td>";
    out += "<td class=\"day" + std::string(a.update_overdue ? " update-overdue" : "") + "\">" +
           html_escaped(iso(a.next_update_due)) + (a.update_overdue ? " (overdue)" : "") + "</td><td>";
    if (const auto* u = last_update(a)) {
      out += format_date(london_date(u->at));
      if (u->kind != "update" && !u->kind.empty()) out += " (" + html_escaped(u->kind) + ")";
      if (!u->narrative.empty()) out += ": " + html_escaped(u->narrative);
    }
    std::string evidence = a.evidence;
    if (!a.completion_evidence.empty()) {
      evidence += (evidence.empty() ? "" : "; given: ") + a.completion_evidence;
    }
    out += "</td><td>" + html_escaped(evidence) + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string plan_html(const action_plan& p) {
  std::string out = page_head("Action plan: " + p.reference);
  out += "<p class=\"meta\">" + html_escaped(p.procedure_id) + " version " + std::to_string(p.procedure_version) +
         ". As of " + format_date(p.as_of) + ": state <strong>" + html_escaped(p.state) + "</strong>. " +
         (p.approved_at ? "Approved " + format_date(london_date(*p.approved_at)) : std::string("Not yet approved")) +
         ".";
  if (p.mark) {
    const auto& m = *p.mark;
    const auto status = to_string(m.status);
    out += " Completion mark: " + html_escaped(m.def ? m.title() : std::string("-")) + ", due " +
           (m.due ? format_date(*m.due) : std::string("-")) + ", <span class=\"" + status_class(status) + "\">" +
           html_escaped(status) + "</span>.";
  }
  out += "</p>\n";
  const int recs = static_cast<int>(p.recommendations.size());
  out += "<p class=\"summary\">" + std::to_string(recs) + (recs == 1 ? " recommendation, " : " recommendations, ") +
         std::to_string(recommendations_implemented(p)) + " implemented; " + std::to_string(actions_in(p)) +
         " actions, " + std::to_string(count_if_status(p, action_status::overdue)) + " overdue; updates overdue: " +
         std::to_string(updates_overdue(p)) + ".</p>\n";
  if (!p.warnings.empty()) {
    out += "<ul class=\"warnings\">";
    for (const auto& w : p.warnings) out += "<li>" + html_escaped(w) + "</li>";
    out += "</ul>\n";
  }
  for (const auto& r : p.recommendations) {
    const auto status = to_string(r.status);
    out += "<section class=\"recommendation\">\n<h2>Recommendation " + html_escaped(r.number) +
           " <span class=\"badge " + status_class(status) + "\">" + html_escaped(status) + "</span>" +
           (r.urgent ? " <span class=\"urgent\">URGENT</span>" : "") + "</h2>\n<p>" + html_escaped(r.text) + "</p>\n";
    std::string detail;
    const auto item = [&](const char* term, const std::string& value) {
      if (!value.empty()) detail += std::string("<dt>") + term + "</dt><dd>" + html_escaped(value) + "</dd>";
    };
    item("Outcome:", r.outcome);
    item("Addressed to:", r.addressed_to);
    item("Agency:", r.agency);
    item("Measure:", r.measure);
    item("Themes:", join(r.themes, "; "));
    item("Information for audit:", r.audit);
    if (!detail.empty()) out += "<dl class=\"detail\">" + detail + "</dl>\n";
    out += smart_list(r.smart);
    if (r.actions.empty()) out += "<p>No action carries this recommendation out yet.</p>\n";
    else out += actions_table(r.actions);
    out += "</section>\n";
  }
  if (!p.unlinked.empty()) {
    out += "<section class=\"recommendation\">\n<h2>Actions under no recorded recommendation</h2>\n" +
           actions_table(p.unlinked) + "</section>\n";
  }
  out += page_foot;
  return out;
}

// ---- the assurance report --------------------------------------------------------------

struct review_figures {
  int recommendations = 0, implemented = 0, actions = 0, actions_overdue = 0, updates_overdue = 0;
};

review_figures figures_of(const action_plan& p) {
  return {static_cast<int>(p.recommendations.size()), recommendations_implemented(p), actions_in(p),
          count_if_status(p, action_status::overdue), updates_overdue(p)};
}

bool past_mark(const assurance_report& a, const std::string& reference) {
  for (const auto& r : a.past_mark)
    if (r == reference) return true;
  return false;
}

std::string figure_with_percent(int n, double proportion) {
  return std::to_string(n) + " (" + percent(proportion) + ")";
}

std::vector<std::pair<std::string, std::string>> headline(const assurance_report& a) {
  return {{"Recommendations", std::to_string(a.recommendations)},
          {"Implemented", figure_with_percent(a.implemented, a.proportion_implemented())},
          {"Urgent", std::to_string(a.urgent)},
          {"Urgent implemented", figure_with_percent(a.urgent_implemented, a.proportion_urgent_implemented())},
          {"Actions", std::to_string(a.actions)},
          {"Actions implemented", std::to_string(a.actions_implemented)},
          {"Actions overdue", std::to_string(a.actions_overdue)},
          {"Updates overdue", std::to_string(a.updates_overdue)},
          {"Completed in period", std::to_string(a.completed_in_period)},
          {"Updates in period", std::to_string(a.updates_in_period)},
          {"Plans past their mark",
           std::to_string(a.past_mark.size()) + (a.past_mark.empty() ? "" : ": " + join(a.past_mark, ", "))}};
}

std::string key_or_dash(const std::string& key) { return key.empty() ? "-" : key; }

std::string assurance_text(const assurance_report& a) {
  std::string out = "Action plan assurance, " + format_date(a.from) + " to " + format_date(a.as_of) + "\n\n";
  std::vector<std::vector<std::string>> figures;
  for (auto& [k, v] : headline(a)) figures.push_back({k, v});
  out += aligned_table(figures);
  const auto n = [](int v) { return std::to_string(v); };
  if (!a.by_status.empty()) {
    std::vector<std::vector<std::string>> t{{"STATUS", "RECOMMENDATIONS", "ACTIONS"}};
    for (const auto& c : a.by_status) t.push_back({key_or_dash(c.key), n(c.recommendations), n(c.actions)});
    out += "\nBy status\n" + aligned_table(t);
  }
  if (!a.by_agency.empty()) {
    std::vector<std::vector<std::string>> t{{"AGENCY", "RECOMMENDATIONS", "ACTIONS", "OVERDUE", "IMPLEMENTED"}};
    for (const auto& c : a.by_agency) {
      t.push_back({key_or_dash(c.key), n(c.recommendations), n(c.actions), n(c.overdue), n(c.implemented)});
    }
    out += "\nBy agency\n" + aligned_table(t);
  }
  if (!a.by_theme.empty()) {
    std::vector<std::vector<std::string>> t{{"THEME", "REVIEWS", "RECOMMENDATIONS", "IMPLEMENTED"}};
    for (const auto& c : a.by_theme) {
      t.push_back({key_or_dash(c.key), n(c.reviews), n(c.recommendations), n(c.implemented)});
    }
    out += "\nThemes\n" + aligned_table(t);
  }
  if (!a.plans.empty()) {
    std::vector<std::vector<std::string>> t{{"REVIEW", "RECOMMENDATIONS", "IMPLEMENTED", "ACTIONS OVERDUE"}};
    for (const auto& p : a.plans) {
      const auto f = figures_of(p);
      t.push_back({p.reference + (past_mark(a, p.reference) ? " (past its mark)" : ""), n(f.recommendations),
                   n(f.implemented), n(f.actions_overdue)});
    }
    out += "\nReviews\n" + aligned_table(t);
  }
  return out;
}

const std::vector<std::string> assurance_columns{"section", "key", "reviews", "recommendations",
                                                 "actions", "overdue", "implemented"};

// The assurance report as one table. "implemented" counts what the
// section's figures count: recommendations for the total, urgent, status
// and review rows, and as the report gives them for agencies and themes.
std::vector<row> assurance_rows(const assurance_report& a) {
  using k = cell::kind;
  std::vector<row> rows;
  rows.push_back({cell::own("total"), cell::own("all"), cell::number(static_cast<long long>(a.plans.size())),
                  cell::number(a.recommendations), cell::number(a.actions), cell::number(a.actions_overdue),
                  cell::number(a.implemented)});
  rows.push_back({cell::own("urgent"), cell::own("all"), cell::blank(k::number), cell::number(a.urgent),
                  cell::blank(k::number), cell::blank(k::number), cell::number(a.urgent_implemented)});
  const auto counts = [&](const char* section, const std::vector<assurance_count>& list, bool own_key) {
    for (const auto& c : list) {
      rows.push_back({cell::own(section), own_key ? cell::own(c.key) : cell::text(c.key), cell::number(c.reviews),
                      cell::number(c.recommendations), cell::number(c.actions), cell::number(c.overdue),
                      cell::number(c.implemented)});
    }
  };
  counts("status", a.by_status, true);
  counts("agency", a.by_agency, false);
  counts("theme", a.by_theme, false);
  for (const auto& p : a.plans) {
    const auto f = figures_of(p);
    rows.push_back({cell::own("review"), cell::text(p.reference), cell::number(1), cell::number(f.recommendations),
                    cell::number(f.actions), cell::number(f.actions_overdue), cell::number(f.implemented)});
  }
  return rows;
}

json counts_json(const std::vector<assurance_count>& list) {
  json out = json::array();
  for (const auto& c : list) {
    out.push_back({{"key", c.key},
                   {"reviews", c.reviews},
                   {"recommendations", c.recommendations},
                   {"actions", c.actions},
                   {"overdue", c.overdue},
                   {"implemented", c.implemented}});
  }
  return out;
}

std::string assurance_json(const assurance_report& a) {
  json reviews = json::array();
  for (const auto& p : a.plans) {
    const auto f = figures_of(p);
    reviews.push_back({{"reference", p.reference},
                       {"recommendations", f.recommendations},
                       {"implemented", f.implemented},
                       {"actions", f.actions},
                       {"actions_overdue", f.actions_overdue},
                       {"updates_overdue", f.updates_overdue},
                       {"approved_at", json_instant(p.approved_at)}});
  }
  const json doc{{"schema", "libscr.assurance"},
                 {"version", 1},
                 {"from", format_date(a.from)},
                 {"as_of", format_date(a.as_of)},
                 {"recommendations", a.recommendations},
                 {"implemented", a.implemented},
                 {"proportion_implemented", a.proportion_implemented()},
                 {"urgent", a.urgent},
                 {"urgent_implemented", a.urgent_implemented},
                 {"proportion_urgent_implemented", a.proportion_urgent_implemented()},
                 {"actions", a.actions},
                 {"actions_implemented", a.actions_implemented},
                 {"actions_overdue", a.actions_overdue},
                 {"updates_overdue", a.updates_overdue},
                 {"completed_in_period", a.completed_in_period},
                 {"updates_in_period", a.updates_in_period},
                 {"past_mark", a.past_mark},
                 {"by_status", counts_json(a.by_status)},
                 {"by_agency", counts_json(a.by_agency)},
                 {"by_theme", counts_json(a.by_theme)},
                 {"reviews", std::move(reviews)}};
  return doc.dump(2) + "\n";
}

std::string num_cell(int v) { return "<td class=\"num\">" + std::to_string(v) + "</td>"; }

std::string assurance_html(const assurance_report& a) {
  std::string out = page_head("Action plan assurance, " + format_date(a.from) + " to " + format_date(a.as_of));
  out += "<table class=\"figures\">\n<tbody>\n";
  for (const auto& [k, v] : headline(a)) {
    out += "<tr><th scope=\"row\">" + html_escaped(k) + "</th><td>" + html_escaped(v) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!a.by_status.empty()) {
    out += "<h2>By status</h2>\n<table>\n<thead><tr><th>Status</th><th>Recommendations</th><th>Actions</th></tr>"
           "</thead>\n<tbody>\n";
    for (const auto& c : a.by_status) {
      out += "<tr>" + status_cell(c.key) + num_cell(c.recommendations) + num_cell(c.actions) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  if (!a.by_agency.empty()) {
    out += "<h2>By agency</h2>\n<table>\n<thead><tr><th>Agency</th><th>Recommendations</th><th>Actions</th>"
           "<th>Overdue</th><th>Implemented</th></tr></thead>\n<tbody>\n";
    for (const auto& c : a.by_agency) {
      out += "<tr><td>" + html_escaped(key_or_dash(c.key)) + "</td>" + num_cell(c.recommendations) +
             num_cell(c.actions) +
             (c.overdue > 0 ? "<td class=\"num status-overdue\">" + std::to_string(c.overdue) + "</td>"
                            : num_cell(c.overdue)) +
             num_cell(c.implemented) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  if (!a.by_theme.empty()) {
    out += "<h2>Themes</h2>\n<table>\n<thead><tr><th>Theme</th><th>Reviews</th><th>Recommendations</th>"
           "<th>Implemented</th></tr></thead>\n<tbody>\n";
    for (const auto& c : a.by_theme) {
      out += "<tr><td>" + html_escaped(key_or_dash(c.key)) + "</td>" + num_cell(c.reviews) +
             num_cell(c.recommendations) + num_cell(c.implemented) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  if (!a.plans.empty()) {
    out += "<h2>Reviews</h2>\n<table>\n<thead><tr><th>Review</th><th>Approved</th><th>Recommendations</th>"
           "<th>Implemented</th><th>Actions</th><th>Actions overdue</th><th>Updates overdue</th></tr></thead>\n"
           "<tbody>\n";
    for (const auto& p : a.plans) {
      const auto f = figures_of(p);
      const bool past = past_mark(a, p.reference);
      out += std::string(past ? "<tr class=\"past-mark\">" : "<tr>") + "<td>" + html_escaped(p.reference) +
             (past ? " <strong>(past its mark)</strong>" : "") + "</td><td class=\"day\">" +
             (p.approved_at ? format_date(london_date(*p.approved_at)) : std::string("not yet")) + "</td>" +
             num_cell(f.recommendations) + num_cell(f.implemented) + num_cell(f.actions) +
             num_cell(f.actions_overdue) + num_cell(f.updates_overdue) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += page_foot;
  return out;
}

// A proportion as a number of per cent, to one decimal place (50.0).
cell percent_cell(double proportion) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", proportion * 100.0);
  return {cell::kind::number, buf, std::nullopt};
}

std::string assurance_xlsx(const assurance_report& a) {
  std::vector<row> summary{
      {cell::own("From"), cell::day(a.from)},
      {cell::own("As of"), cell::day(a.as_of)},
      {cell::own("Recommendations"), cell::number(a.recommendations)},
      {cell::own("Implemented"), cell::number(a.implemented)},
      {cell::own("Implemented (%)"), percent_cell(a.proportion_implemented())},
      {cell::own("Urgent"), cell::number(a.urgent)},
      {cell::own("Urgent implemented"), cell::number(a.urgent_implemented)},
      {cell::own("Urgent implemented (%)"), percent_cell(a.proportion_urgent_implemented())},
      {cell::own("Actions"), cell::number(a.actions)},
      {cell::own("Actions implemented"), cell::number(a.actions_implemented)},
      {cell::own("Actions overdue"), cell::number(a.actions_overdue)},
      {cell::own("Updates overdue"), cell::number(a.updates_overdue)},
      {cell::own("Completed in period"), cell::number(a.completed_in_period)},
      {cell::own("Updates in period"), cell::number(a.updates_in_period)},
      {cell::own("Plans past their mark"), cell::number(static_cast<long long>(a.past_mark.size()))}};
  for (const auto& r : a.past_mark) summary.push_back({cell::own("Past its mark"), cell::text(r)});
  for (const auto& c : a.by_status) {
    summary.push_back({cell::own("Recommendations " + c.key), cell::number(c.recommendations)});
  }
  std::vector<row> agencies, themes, reviews, actions;
  for (const auto& c : a.by_agency) {
    agencies.push_back({cell::text(c.key), cell::number(c.recommendations), cell::number(c.actions),
                        cell::number(c.overdue), cell::number(c.implemented)});
  }
  for (const auto& c : a.by_theme) {
    themes.push_back({cell::text(c.key), cell::number(c.reviews), cell::number(c.recommendations),
                      cell::number(c.implemented)});
  }
  for (const auto& p : a.plans) {
    const auto f = figures_of(p);
    reviews.push_back({cell::text(p.reference), cell::day(day_of(p.approved_at)), cell::number(f.recommendations),
                       cell::number(f.implemented), cell::number(f.actions), cell::number(f.actions_overdue),
                       cell::number(f.updates_overdue), cell::flag(past_mark(a, p.reference))});
    append_plan_rows(p, actions);
  }
  std::vector<detail::sheet_to_write> sheets;
  sheets.push_back(sheet_of("Summary", {"Figure", "Value"}, {34, 16}, summary));
  sheets.push_back(sheet_of("By agency", {"Agency", "Recommendations", "Actions", "Overdue", "Implemented"},
                            {30, 16, 10, 10, 12}, agencies));
  sheets.push_back(
      sheet_of("Themes", {"Theme", "Reviews", "Recommendations", "Implemented"}, {30, 10, 16, 12}, themes));
  sheets.push_back(sheet_of("Reviews",
                            {"Review", "Approved", "Recommendations", "Implemented", "Actions", "Actions overdue",
                             "Updates overdue", "Past its mark"},
                            {20, 11, 16, 12, 10, 14, 14, 12}, reviews));
  sheets.push_back(sheet_of("Actions", plan_columns, plan_widths, actions));
  return detail::write_xlsx(sheets);
}

}  // namespace

std::string export_action_plan(const action_plan& p, plan_format as) {
  switch (as) {
    case plan_format::text: return plan_text(p);
    case plan_format::csv: {
      std::vector<row> rows;
      append_plan_rows(p, rows);
      return csv_of(plan_columns, rows);
    }
    case plan_format::json: return plan_json_value(p).dump(2) + "\n";
    case plan_format::html: return plan_html(p);
    case plan_format::xlsx: {
      std::vector<row> rows;
      append_plan_rows(p, rows);
      return detail::write_xlsx({sheet_of("Action plan", plan_columns, plan_widths, rows)});
    }
  }
  throw input_error("unknown action plan format");
}

std::string export_assurance(const assurance_report& a, plan_format as) {
  switch (as) {
    case plan_format::text: return assurance_text(a);
    case plan_format::csv: return csv_of(assurance_columns, assurance_rows(a));
    case plan_format::json: return assurance_json(a);
    case plan_format::html: return assurance_html(a);
    case plan_format::xlsx: return assurance_xlsx(a);
  }
  throw input_error("unknown action plan format");
}

}  // namespace scr
