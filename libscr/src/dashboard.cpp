// The board's dashboard (report.hpp, dashboard_html; docs/reports.md): one
// self-contained, printable page of every open review with its stage, a
// red/amber/green rating against its deadlines, what is overdue, what is due
// in the next days, its warnings, and its timetable a click away. No script,
// no external resource; every text escaped.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "scr/report.hpp"
#include "text.hpp"

namespace scr {

namespace {

std::string esc(std::string_view s) { return detail::html_escaped(s); }

constexpr const char* dashboard_style = R"css(
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em; color: #1b1b1b; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 2px solid #1d70b8; padding-bottom: 0.2em; }
p.meta { color: #444; margin-top: 0; }
.figures { display: flex; flex-wrap: wrap; gap: 1em; margin: 1em 0; }
.figure { border: 1px solid #b1b4b6; padding: 0.6em 1em; min-width: 9em; }
.figure b { display: block; font-size: 1.8em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
th, td { border: 1px solid #b1b4b6; padding: 0.3em 0.5em; text-align: left; vertical-align: top; font-size: 0.92em; }
th { background: #f3f2f1; }
.rag { font-weight: bold; padding: 0.1em 0.5em; border-radius: 3px; white-space: nowrap; }
.red { background: #d4351c; color: #fff; }
.amber { background: #ffdd00; color: #0b0c0c; }
.green { background: #00703c; color: #fff; }
td.overdue, span.overdue { color: #d4351c; font-weight: bold; }
td.date { white-space: nowrap; }
td.met-late, td.discharged-late { color: #b35b00; }
td.met, td.discharged { color: #00703c; }
details { margin: 0.6em 0; border: 1px solid #b1b4b6; padding: 0.4em 0.8em; }
summary { cursor: pointer; font-weight: bold; }
p.warning { background: #fff7bf; border-left: 4px solid #ffdd00; padding: 0.3em 0.6em; }
@media print { details { page-break-inside: avoid; } details > * { display: block; } a { color: inherit; } }
)css";

struct review_row {
  review_summary summary;
  std::string stage;
  std::vector<timetable_entry> entries;
  std::vector<review_warning> warnings;
  int overdue = 0, soon = 0;
  const timetable_entry* next = nullptr;
  std::string rag;
};

bool is_open(const timetable_entry& e) {
  return e.due && (e.status == "pending" || e.status == "due soon" || e.status == "overdue" ||
                   e.status == "extended" || e.status == "paused" || e.status == "open");
}

std::string css_class(const std::string& status) {
  std::string out;
  for (const char c : status) out += c == ' ' ? '-' : c;
  return out;
}

std::string item_name(const timetable_entry& e) {
  std::string out = e.title;
  if (!e.agency.empty()) out += " (" + e.agency + ")";
  if (e.occurrence > 1) out += " #" + std::to_string(e.occurrence);
  return out;
}

}  // namespace

std::string dashboard_html(const store& db, date as_of, const dashboard_options& options) {
  if (options.soon_days < 1 || options.soon_days > 366) {
    throw input_error("the dashboard's 'due soon' window of " + std::to_string(options.soon_days) +
                      " days is not 1 to 366");
  }
  const date soon_until = as_of + boost::gregorian::days(options.soon_days);
  std::vector<review_row> rows;
  for (const auto& s : db.reviews(std::nullopt, std::nullopt, as_of)) {
    if (s.closed || s.voided) continue;
    const review r = db.load(s.reference);
    review_row row;
    row.summary = s;
    for (const auto& st : r.definition().states)
      if (st.id == s.state) row.stage = st.title.empty() ? st.id : st.title;
    row.entries = timetable_entries(r, as_of);
    row.warnings = r.warnings(as_of);
    for (const auto& e : row.entries) {
      if (!is_open(e)) continue;
      if (e.status == "overdue") ++row.overdue;
      else if (*e.due <= soon_until) ++row.soon;
      if (e.status != "overdue" && (row.next == nullptr || *e.due < *row.next->due)) row.next = &e;
    }
    row.rag = row.overdue > 0 ? "red" : row.soon > 0 ? "amber" : "green";
    rows.push_back(std::move(row));
  }
  int red = 0, amber = 0, green = 0, overdue = 0, soon = 0;
  for (const auto& r : rows) {
    (r.rag == "red" ? red : r.rag == "amber" ? amber : green) += 1;
    overdue += r.overdue;
    soon += r.soon;
  }
  const std::string title = options.title.empty() ? std::string("Reviews dashboard") : options.title;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) +
                    "</title>\n<style>" + dashboard_style + "</style>\n</head>\n<body>\n";
  out += "<h1>" + esc(title) + "</h1>\n<p class=\"meta\">As of " + format_date(as_of) +
         " (London). Red: something is overdue. Amber: nothing overdue, something due by " +
         format_date(soon_until) + ". Green: nothing overdue or due in the next " +
         std::to_string(options.soon_days) + " days.</p>\n";
  const auto figure = [&](int n, const std::string& what, const std::string& id) {
    out += "<div class=\"figure\" id=\"" + id + "\"><b>" + std::to_string(n) + "</b>" + esc(what) + "</div>\n";
  };
  out += "<div class=\"figures\">\n";
  figure(static_cast<int>(rows.size()), "open reviews", "open-reviews");
  figure(red, "red", "red-reviews");
  figure(amber, "amber", "amber-reviews");
  figure(green, "green", "green-reviews");
  figure(overdue, "items overdue", "items-overdue");
  figure(soon, "due in the next " + std::to_string(options.soon_days) + " days", "items-due-soon");
  out += "</div>\n";

  out += "<h2>Open reviews</h2>\n<table>\n<thead><tr><th>Review</th><th>Procedure</th><th>Stage</th><th>Rating</th>"
         "<th>Overdue</th><th>Due soon</th><th>Next deadline</th><th>Warnings</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    out += "<tr><td><a href=\"#review-" + std::to_string(i + 1) + "\">" + esc(r.summary.reference) + "</a></td><td>" +
           esc(r.summary.procedure_id) + "</td><td>" + esc(r.stage) + "</td><td><span class=\"rag " + r.rag + "\">" +
           r.rag + "</span></td><td>" + std::to_string(r.overdue) + "</td><td>" + std::to_string(r.soon) + "</td><td>" +
           (r.next ? esc(item_name(*r.next)) + ", " + format_date(*r.next->due) : std::string("-")) + "</td><td>" +
           std::to_string(r.warnings.size()) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";

  // Every overdue item, then everything due soon, across the reviews.
  struct line {
    std::size_t review;
    const timetable_entry* e;
  };
  std::vector<line> late, coming;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (const auto& e : rows[i].entries) {
      if (!is_open(e)) continue;
      if (e.status == "overdue") late.push_back({i, &e});
      else if (*e.due <= soon_until) coming.push_back({i, &e});
    }
  }
  const auto by_due = [](const line& a, const line& b) { return *a.e->due < *b.e->due; };
  std::stable_sort(late.begin(), late.end(), by_due);
  std::stable_sort(coming.begin(), coming.end(), by_due);
  const auto list = [&](const std::vector<line>& lines, const std::string& heading, const std::string& none,
                        bool days) {
    out += "<h2>" + esc(heading) + "</h2>\n";
    if (lines.empty()) {
      out += "<p>" + esc(none) + "</p>\n";
      return;
    }
    out += "<table>\n<thead><tr><th>Due</th>" + std::string(days ? "<th>Days overdue</th>" : "") +
           "<th>Review</th><th>Item</th><th>Owner</th></tr></thead>\n<tbody>\n";
    for (const auto& l : lines) {
      out += "<tr><td class=\"date\">" + format_date(*l.e->due) + "</td>" +
             (days ? "<td class=\"overdue\">" + std::to_string(l.e->days_late) + "</td>" : std::string()) +
             "<td><a href=\"#review-" + std::to_string(l.review + 1) + "\">" + esc(rows[l.review].summary.reference) +
             "</a></td><td>" + esc(item_name(*l.e)) + "</td><td>" + esc(l.e->owner) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  };
  list(late, "Overdue", "Nothing is overdue.", true);
  list(coming, "Due in the next " + std::to_string(options.soon_days) + " days",
       "Nothing is due in the next " + std::to_string(options.soon_days) + " days.", false);

  out += "<h2>Each review</h2>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    out += "<details id=\"review-" + std::to_string(i + 1) + "\"" + (r.rag == "red" ? " open" : "") + ">\n<summary>" +
           esc(r.summary.reference) + ": " + esc(r.stage) + " <span class=\"rag " + r.rag + "\">" + r.rag +
           "</span></summary>\n";
    for (const auto& w : r.warnings) out += "<p class=\"warning\">Warning: " + esc(w.message) + "</p>\n";
    out += "<table>\n<thead><tr><th>Item</th><th>Owner</th><th>Due</th><th>Status</th><th>Rule</th></tr></thead>\n"
           "<tbody>\n";
    for (const auto& e : r.entries) {
      out += "<tr><td>" + esc(item_name(e)) + "</td><td>" + esc(e.owner) + "</td><td class=\"date\">" +
             (e.due ? format_date(*e.due) : std::string("not yet set")) + "</td><td class=\"" + css_class(e.status) +
             "\">" + esc(e.status) + (e.status == "overdue" ? " (" + std::to_string(e.days_late) + " days)" : "") +
             "</td><td>" + esc(rule_with_confidence(e)) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</details>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace scr
