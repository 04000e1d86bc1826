// The multi-agency chronology as CSV, JSON, HTML and XLSX
// (scr/chronology.hpp; docs/chronology.md, "Exports").

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

#include "chronology/chronology_internal.hpp"
#include "chronology/sheet.hpp"
#include "scr/report.hpp"
#include "text.hpp"

namespace scr {

chronology_export parse_chronology_export(std::string_view name) {
  if (name == "csv") return chronology_export::csv;
  if (name == "json") return chronology_export::json;
  if (name == "html") return chronology_export::html;
  if (name == "xlsx") return chronology_export::xlsx;
  throw input_error("unknown chronology export '" + std::string(name) + "' (csv, json, html or xlsx)");
}

namespace {

// Light fills that keep black text readable, one per agency in turn.
constexpr std::uint32_t palette[] = {0xDCEBFA, 0xFCE4CC, 0xDDF2DD, 0xF6DDEB, 0xEDE4F7,
                                     0xFFF4C2, 0xDDF1F1, 0xEEE7DA, 0xE6E6E6, 0xF9DCDC};

std::uint32_t colour_of(std::size_t agency) { return palette[agency % std::size(palette)]; }

std::string hex_colour(std::uint32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06X", c);
  return buf;
}

// The format's columns that this copy shows.
std::vector<std::size_t> shown_columns(const chronology_format& f, bool learning_event) {
  std::vector<std::size_t> out;
  const auto& leave = f.learning_event_leaves_out();
  for (std::size_t i = 0; i < f.columns().size(); ++i) {
    if (learning_event && std::find(leave.begin(), leave.end(), f.columns()[i].id) != leave.end()) continue;
    out.push_back(i);
  }
  return out;
}

std::string untimed_note(const chronology_format& f, const chronology_entry& e) {
  if (e.minutes) return {};
  return std::string("no time: placed ") + (f.untimed_first() ? "first" : "last") + " in its day";
}

std::map<std::string, std::size_t> agency_index(const multi_agency_chronology& m) {
  std::map<std::string, std::size_t> out;
  for (std::size_t i = 0; i < m.chronologies().size(); ++i) out.emplace(m.chronologies()[i].agency, i);
  return out;
}

std::string csv_of(const multi_agency_chronology& m, const chronology_export_options& o) {
  const auto& f = m.format();
  const auto cols = shown_columns(f, o.learning_event);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head{"Agency"};
  for (const auto i : cols) head.push_back(f.columns()[i].title);
  head.insert(head.end(), {"Agency's row", "Note"});
  rows.push_back(std::move(head));
  for (const auto* e : m.entries()) {
    std::vector<std::string> r{e->agency};
    for (const auto i : cols) r.push_back(e->values[i]);
    r.push_back(std::to_string(e->row));
    r.push_back(untimed_note(f, *e));
    rows.push_back(std::move(r));
  }
  csv_options c;
  c.excel = true;
  return csv_table(rows, c);
}

std::string json_of(const multi_agency_chronology& m, const chronology_export_options& o) {
  const auto& f = m.format();
  const auto cols = shown_columns(f, o.learning_event);
  nlohmann::json columns = nlohmann::json::array();
  for (const auto i : cols) {
    const auto& c = f.columns()[i];
    columns.push_back({{"id", c.id}, {"title", c.title}, {"type", to_string(c.type)}, {"role", to_string(c.role)}});
  }
  nlohmann::json agencies = nlohmann::json::array();
  for (const auto& c : m.chronologies()) {
    nlohmann::json a{{"agency", c.agency}, {"entries", c.entries.size()}, {"sha256", c.sha256()}};
    a["summary"] = o.learning_event ? nlohmann::json() : nlohmann::json(c.summary);
    agencies.push_back(std::move(a));
  }
  nlohmann::json entries = nlohmann::json::array();
  const auto tri = [](const std::optional<bool>& b) { return b ? nlohmann::json(*b) : nlohmann::json(); };
  for (const auto* e : m.entries()) {
    nlohmann::json values = nlohmann::json::object();
    for (const auto i : cols) values[f.columns()[i].id] = e->values[i];
    entries.push_back({{"agency", e->agency},
                       {"row", e->row},
                       {"date", format_date(e->day)},
                       {"time", e->minutes ? nlohmann::json(detail::format_minutes(*e->minutes)) : nlohmann::json()},
                       {"untimed", !e->minutes.has_value()},
                       {"values", std::move(values)},
                       {"subjects", e->subjects},
                       {"questions", e->questions},
                       {"child_seen", tri(e->seen)},
                       {"seen_alone", tri(e->seen_alone)},
                       {"wishes_sought", tri(e->wishes)}});
  }
  const nlohmann::json doc{{"schema", "libscr multi-agency chronology"},
                           {"version", 1},
                           {"title", o.title},
                           {"learning_event", o.learning_event},
                           {"format", {{"id", f.id()}, {"version", f.version()}, {"title", f.title()}}},
                           {"columns", std::move(columns)},
                           {"agencies", std::move(agencies)},
                           {"entries", std::move(entries)}};
  return doc.dump(2) + "\n";
}

std::string xlsx_of(const multi_agency_chronology& m, const chronology_export_options& o) {
  const auto& f = m.format();
  const auto cols = shown_columns(f, o.learning_event);
  const auto index = agency_index(m);
  detail::sheet_to_write s;
  s.name = o.learning_event ? "Learning Event copy" : "Chronology";
  s.headings.push_back("Agency");
  s.widths.push_back(18);
  for (const auto i : cols) {
    const auto& c = f.columns()[i];
    s.headings.push_back(c.title);
    s.widths.push_back(c.type == chronology_type::text ? (c.role == chronology_role::summary ? 60 : 30)
                       : c.type == chronology_type::codes ? 14
                                                          : 11);
  }
  s.headings.insert(s.headings.end(), {"Agency's row", "Note"});
  s.widths.insert(s.widths.end(), {8, 22});
  for (const auto* e : m.entries()) {
    const std::uint32_t fill = colour_of(index.at(e->agency));
    std::vector<detail::sheet_cell> row;
    const auto text = [&](std::string t) {
      auto c = detail::sheet_cell::of_text(std::move(t));
      c.fill = fill;
      return c;
    };
    row.push_back(text(e->agency));
    for (const auto i : cols) {
      const auto& col = f.columns()[i];
      detail::sheet_cell c = text(e->values[i]);
      if (col.type == chronology_type::day) {
        c.type = detail::sheet_cell::kind::date;
        c.day = e->day;
      } else if (col.type == chronology_type::time_of_day && e->minutes) {
        c.type = detail::sheet_cell::kind::time;
        c.minutes = e->minutes;
      }
      row.push_back(std::move(c));
    }
    detail::sheet_cell n;
    n.type = detail::sheet_cell::kind::number;
    n.text = std::to_string(e->row);
    n.fill = fill;
    row.push_back(std::move(n));
    row.push_back(text(untimed_note(f, *e)));
    s.rows.push_back(std::move(row));
  }
  std::vector<detail::sheet_to_write> sheets{std::move(s)};
  if (!o.learning_event) {
    detail::sheet_to_write sum;
    sum.name = "Summaries";
    sum.headings = {"Agency", "Entries", "Summary of themes and learning", "SHA-256 of the chronology"};
    sum.widths = {18, 8, 80, 66};
    for (const auto& c : m.chronologies()) {
      detail::sheet_cell n;
      n.type = detail::sheet_cell::kind::number;
      n.text = std::to_string(c.entries.size());
      sum.rows.push_back({detail::sheet_cell::of_text(c.agency), n, detail::sheet_cell::of_text(c.summary),
                          detail::sheet_cell::of_text(c.sha256())});
    }
    sheets.push_back(std::move(sum));
  }
  return detail::write_xlsx(sheets);
}

// ---- HTML ---------------------------------------------------------------------------

using detail::html_escaped;

std::string timeline_svg(const multi_agency_chronology& m) {
  if (m.entries().empty()) return {};
  const date first = m.entries().front()->day, last = m.entries().back()->day;
  const double span = std::max<double>(1, static_cast<double>((last - first).days()));
  const double left = 150, width = 820, lane = 26;
  const auto& chrons = m.chronologies();
  const double height = 30 + lane * static_cast<double>(chrons.size()) + 20;
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<svg class=\"timeline\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Entries by agency over time\">",
                left + width + 20, height);
  out += buf;
  const auto x_of = [&](date d) { return left + width * static_cast<double>((d - first).days()) / span; };
  // Month ticks.
  for (date d(first.year(), first.month(), 1); d <= last; d += boost::gregorian::months(1)) {
    if (d < first) continue;
    std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%.1f\" class=\"tick\"/>", x_of(d),
                  x_of(d), height - 20);
    out += buf;
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"12\" class=\"month\">%02d/%02d</text>", x_of(d),
                  static_cast<int>(d.month()), static_cast<int>(d.year() % 100));
    out += buf;
  }
  for (std::size_t a = 0; a < chrons.size(); ++a) {
    const double y = 30 + lane * static_cast<double>(a);
    std::snprintf(buf, sizeof buf, "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" fill=\"%s\"/>", y - 2,
                  left + width + 20, lane - 4, hex_colour(colour_of(a)).c_str());
    out += buf;
    std::snprintf(buf, sizeof buf, "<text x=\"6\" y=\"%.1f\" class=\"lane\">", y + 15);
    out += buf;
    out += html_escaped(chrons[a].agency);
    out += "</text>";
    for (const auto& e : chrons[a].entries) {
      std::snprintf(buf, sizeof buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" class=\"%s\"><title>", x_of(e.day),
                    y + 10, e.seen == true ? 5 : 3, e.seen == true ? "seen" : "entry");
      out += buf;
      out += html_escaped(detail::format_day(e.day) + (e.seen == true ? ", child seen" : ""));
      out += "</title></circle>";
    }
  }
  out += "</svg>";
  return out;
}

std::string html_of(const multi_agency_chronology& m, const chronology_export_options& o) {
  const auto& f = m.format();
  const auto cols = shown_columns(f, o.learning_event);
  const auto index = agency_index(m);
  const bool by_columns = o.layout == "columns";
  if (!by_columns && o.layout != "colour") {
    throw input_error("unknown HTML layout '" + o.layout + "' (colour or columns)");
  }
  std::string title = "Multi-agency chronology";
  if (!o.title.empty()) title += ": " + o.title;
  if (o.learning_event) title += " (Learning Event copy)";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>" +
      html_escaped(title) +
      "</title>\n<style>\n"
      "@page { size: A4 landscape; margin: 12mm; }\n"
      "body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 277mm; }\n"
      "h1 { font-size: 15pt; margin: 0 0 4pt; }\n"
      "p.meta { margin: 0 0 8pt; color: #444; }\n"
      ".legend span { display: inline-block; padding: 2pt 6pt; margin: 0 4pt 4pt 0; border: 1px solid #999; }\n"
      "svg.timeline { width: 100%; height: auto; margin: 4pt 0 10pt; }\n"
      "svg .tick { stroke: #bbb; stroke-width: 0.5; } svg .month { font-size: 8px; text-anchor: middle; fill: #555; }\n"
      "svg .lane { font-size: 11px; } svg .entry { fill: #333; } svg .seen { fill: #b00020; }\n"
      "table { border-collapse: collapse; width: 100%; table-layout: auto; }\n"
      "th, td { border: 1px solid #888; padding: 3pt 4pt; vertical-align: top; text-align: left; overflow-wrap: break-word; }\n"
      "td.day, td.agency { white-space: nowrap; }\n"
      "thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }\n"
      "th { background: #eee; }\n"
      "td.untimed { font-style: italic; }\n"
      ".flag { font-size: 8pt; color: #555; display: block; }\n"
      "section.summaries { break-before: page; }\n"
      "</style>\n</head>\n<body>\n<h1>" +
      html_escaped(title) + "</h1>\n<p class=\"meta\">" + html_escaped(f.title()) + " &middot; " +
      std::to_string(m.entries().size()) + " entries from " + std::to_string(m.chronologies().size()) +
      (m.chronologies().size() == 1 ? " agency" : " agencies") +
      "; entries without a time are placed " + (f.untimed_first() ? "first" : "last") +
      " in their day and marked.</p>\n<div class=\"legend\">";
  for (std::size_t a = 0; a < m.chronologies().size(); ++a) {
    out += "<span style=\"background:" + hex_colour(colour_of(a)) + "\">" + html_escaped(m.chronologies()[a].agency) +
           "</span>";
  }
  out += "</div>\n" + timeline_svg(m) + "\n<table>\n<thead><tr>";
  const chronology_column* date_col = f.column_for(chronology_role::day);
  const chronology_column* time_col = f.column_for(chronology_role::time_of_day);
  if (by_columns) {
    out += "<th>" + html_escaped(date_col->title) + "</th>";
    if (time_col) out += "<th>" + html_escaped(time_col->title) + "</th>";
    for (std::size_t a = 0; a < m.chronologies().size(); ++a) {
      out += "<th style=\"background:" + hex_colour(colour_of(a)) + "\">" + html_escaped(m.chronologies()[a].agency) +
             "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto* e : m.entries()) {
      const std::size_t a = index.at(e->agency);
      out += "<tr><td class=\"day\">" + detail::format_day(e->day) + "</td>";
      if (time_col) {
        out += e->minutes ? "<td>" + detail::format_minutes(*e->minutes) + "</td>"
                          : "<td class=\"untimed\">&mdash;<span class=\"flag\">" + html_escaped(untimed_note(f, *e)) +
                                "</span></td>";
      }
      for (std::size_t k = 0; k < m.chronologies().size(); ++k) {
        if (k != a) {
          out += "<td></td>";
          continue;
        }
        out += "<td style=\"background:" + hex_colour(colour_of(a)) + "\">";
        bool first = true;
        for (const auto i : cols) {
          const auto& c = f.columns()[i];
          if (c.role == chronology_role::day || c.role == chronology_role::time_of_day || e->values[i].empty()) continue;
          if (!first) out += "<br>";
          first = false;
          out += "<b>" + html_escaped(c.title) + ":</b> " + html_escaped(e->values[i]);
        }
        out += "<span class=\"flag\">row " + std::to_string(e->row) + "</span></td>";
      }
      out += "</tr>\n";
    }
  } else {
    out += "<th>Agency</th>";
    for (const auto i : cols) out += "<th>" + html_escaped(f.columns()[i].title) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto* e : m.entries()) {
      const std::size_t a = index.at(e->agency);
      out += "<tr style=\"background:" + hex_colour(colour_of(a)) + "\"><td class=\"agency\">" + html_escaped(e->agency) +
             "<span class=\"flag\">row " + std::to_string(e->row) + "</span></td>";
      for (const auto i : cols) {
        const auto& c = f.columns()[i];
        if (c.role == chronology_role::time_of_day && !e->minutes) {
          out += "<td class=\"untimed\">" + html_escaped(e->values[i].empty() ? "\xE2\x80\x94" : e->values[i]) +
                 "<span class=\"flag\">" + html_escaped(untimed_note(f, *e)) + "</span></td>";
        } else {
          const bool day_or_time = c.role == chronology_role::day || c.role == chronology_role::time_of_day;
          out += (day_or_time ? "<td class=\"day\">" : "<td>") + html_escaped(e->values[i]) + "</td>";
        }
      }
      out += "</tr>\n";
    }
  }
  out += "</tbody>\n</table>\n";
  if (!o.learning_event) {
    bool any = false;
    for (const auto& c : m.chronologies()) any = any || !c.summary.empty();
    if (any) {
      out += "<section class=\"summaries\">\n<h2>Summaries of themes and learning</h2>\n";
      for (const auto& c : m.chronologies()) {
        if (c.summary.empty()) continue;
        out += "<h3>" + html_escaped(c.agency) + "</h3>\n<p>" + html_escaped(c.summary) + "</p>\n";
      }
      out += "</section>\n";
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace

std::string export_chronology(const multi_agency_chronology& m, chronology_export as,
                              const chronology_export_options& options) {
  switch (as) {
    case chronology_export::csv: return csv_of(m, options);
    case chronology_export::json: return json_of(m, options);
    case chronology_export::html: return html_of(m, options);
    case chronology_export::xlsx: return xlsx_of(m, options);
  }
  throw input_error("unknown chronology export");
}

}  // namespace scr
