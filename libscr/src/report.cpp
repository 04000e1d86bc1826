// Timetables for people and programs (see scr/report.hpp).

#include "scr/report.hpp"

#include <array>
#include <map>
#include <charconv>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>

#include "digest.hpp"
#include "text.hpp"

namespace scr {

namespace {

using detail::join;

std::string iso(const std::optional<date>& d) { return d ? format_date(*d) : std::string(); }
std::string iso(const std::optional<instant>& t) { return t ? format_instant(*t) : std::string(); }

std::string trigger_text(const trigger& t) {
  switch (t.kind) {
    case trigger_kind::event: return t.ref;
    case trigger_kind::milestone_met: return t.ref + " met";
    case trigger_kind::extension: return "an extension of " + t.ref;
  }
  return t.ref;
}

std::string obligation_rule(const obligation& o) {
  std::string out = o.within ? o.within->to_string() + " after " + trigger_text(o.on) : "on " + trigger_text(o.on);
  if (o.repeat) out += ", then every " + o.repeat->to_string() + (o.until.empty() ? "" : " until " + o.until);
  return out;
}

std::string uid_of(const std::string& procedure_id, const std::string& reference, const timetable_entry& e) {
  std::string key;
  key.reserve(procedure_id.size() + reference.size() + e.kind.size() + e.id.size() + e.agency.size() + 16);
  key += procedure_id;
  for (const std::string* part : {&reference, &e.kind, &e.id, &e.agency}) {
    key += '\x1f';
    key += *part;
  }
  key += '\x1f';
  key += std::to_string(e.occurrence);
  std::string uid;
  uid.reserve(39);
  detail::append_sha256_hex(uid, key, 32);
  uid += "@libscr";
  return uid;
}

std::string uid_of(const review& r, const timetable_entry& e) { return uid_of(r.definition().id(), r.reference(), e); }

// Code points in UTF-8 text (continuation bytes are not counted), without
// ANSI colour sequences (ESC [ ... m).
std::size_t width_of(std::string_view s) {
  std::size_t n = 0;
  if (s.find('\x1b') == std::string_view::npos) {
    // Most cells: no colour; one branch-free pass the compiler vectorises
    // (a 26,000-row `scr overdue` measures some 200,000 cells).
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// A status in its colour, for a terminal.
std::string coloured(const std::string& text, std::string_view status) {
  const char* code = nullptr;
  if (status == "overdue") code = "31";
  else if (status == "due soon" || status == "met late" || status == "discharged late" || status == "extended") code = "33";
  else if (status == "met" || status == "discharged") code = "32";
  if (!code) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

}  // namespace

export_format parse_export_format(std::string_view name) {
  if (name == "text" || name == "table") return export_format::text;
  if (name == "csv") return export_format::csv;
  if (name == "json") return export_format::json;
  if (name == "ics") return export_format::ics;
  if (name == "html") return export_format::html;
  throw input_error("unknown format '" + std::string(name) + "': one of table, csv, json, ics, html");
}

std::string_view to_string(export_format f) noexcept {
  switch (f) {
    case export_format::text: return "table";
    case export_format::csv: return "csv";
    case export_format::json: return "json";
    case export_format::ics: return "ics";
    case export_format::html: return "html";
  }
  return "table";
}

namespace {

// "" when the definition does not say, as in CSV.
std::string confidence_id(confidence c) { return c == confidence::unstated ? std::string() : std::string(to_string(c)); }

}  // namespace

std::string rule_with_confidence(const timetable_entry& e) {
  if (e.confidence == confidence::unstated) return e.rule;
  return e.rule + " [" + std::string(confidence_words(e.confidence)) + "]";
}

std::vector<timetable_entry> timetable_entries(const review& r, date as_of) {
  std::vector<timetable_entry> out;
  for (const auto& row : r.timetable(as_of)) {
    timetable_entry e;
    e.kind = "milestone";
    e.id = row.id();
    e.agency = row.agency;
    e.title = row.title();
    e.owner = row.owner();
    e.status = std::string(to_string(row.status));
    e.rule = row.rule();
    e.due = row.due;
    e.due_at = row.due_at;
    e.original_due = row.original_due;
    e.extended_to = row.extended_to;
    e.anchor_date = row.anchor_date;
    e.completed_at = row.completed_at;
    e.statutory = row.def->kind == milestone_kind::statutory;
    e.projected = row.projected;
    e.provisional = row.provisional;
    e.scheduled = row.scheduled;
    e.breach = row.breach;
    e.days_late = row.days_late(as_of);
    e.cite = row.def->cite;
    e.confidence = row.def->confidence;
    e.uid = uid_of(r, e);
    out.push_back(std::move(e));
  }
  std::vector<timetable_entry> obligations;
  for (const auto& row : r.obligations(as_of)) {
    timetable_entry e;
    e.kind = "obligation";
    e.id = row.id();
    e.agency = row.agency;
    e.occurrence = row.occurrence;
    e.title = row.title();
    e.owner = row.owner();
    e.status = std::string(to_string(row.status));
    e.rule = obligation_rule(*row.def);
    e.due = row.due;
    e.anchor_date = london_date(row.triggered_at);
    e.completed_at = row.discharged_at;
    e.statutory = row.def->kind == milestone_kind::statutory;
    e.provisional = row.provisional;
    if (row.due && row.status != obligation_status::waived) {
      const date until = row.discharged_at ? london_date(*row.discharged_at) : as_of;
      const auto late = (until - *row.due).days();
      e.days_late = late > 0 ? static_cast<int>(late) : 0;
    }
    e.cite = row.def->cite;
    e.confidence = row.def->confidence;
    e.uid = uid_of(r, e);
    obligations.push_back(std::move(e));
  }
  std::stable_sort(obligations.begin(), obligations.end(), [](const timetable_entry& a, const timetable_entry& b) {
    if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
    return a.due && *a.due < *b.due;
  });
  out.insert(out.end(), std::make_move_iterator(obligations.begin()), std::make_move_iterator(obligations.end()));
  return out;
}

void text_table::cell(std::string_view text) {
  // Offsets of 32 bits: a table of 4 GB is not a table anyone reads.
  if (text_.size() + text.size() > UINT32_MAX || cell_end_.size() >= UINT32_MAX) {
    throw input_error("a table of more than 4 GB: write the list as CSV or JSON");
  }
  text_ += text;
  cell_end_.push_back(static_cast<std::uint32_t>(text_.size()));
  if (width_.size() <= in_row_) width_.push_back(0);
  width_[in_row_] = std::max(width_[in_row_], width_of(text));
  ++in_row_;
}

void text_table::end_row() {
  row_end_.push_back(static_cast<std::uint32_t>(cell_end_.size()));
  in_row_ = 0;
}

void text_table::lines(std::string& out, const std::function<void(std::string_view)>* write,
                       std::size_t piece) const {
  // The lines are written straight into `out`; each cell's width is
  // measured again as it is written (one vectorised pass) rather than kept.
  // Trailing spaces are trimmed.
  std::size_t c = 0, begin = 0;
  for (const auto row_end : row_end_) {
    const std::size_t start = out.size();
    for (std::size_t i = 0; c < row_end; ++i, ++c) {
      const std::string_view text(text_.data() + begin, cell_end_[c] - begin);
      begin = cell_end_[c];
      out += text;
      if (c + 1 < row_end) out.append(width_[i] - width_of(text) + 2, ' ');
    }
    while (out.size() > start && out.back() == ' ') out.pop_back();
    out += '\n';
    if (write != nullptr && out.size() >= piece) {
      (*write)(out);
      out.clear();
    }
  }
}

void text_table::write(const std::function<void(std::string_view)>& write, std::size_t piece) const {
  std::string out;
  out.reserve(std::min(piece, text_.size() + row_end_.size()) + 4096);
  lines(out, &write, piece);
  if (!out.empty()) write(out);
}

std::string text_table::str() const {
  std::size_t line_width = 0;
  for (const auto w : width_) line_width += w + 2;
  std::string out;
  out.reserve(text_.size() + row_end_.size() * (line_width + 1));
  lines(out, nullptr, 0);
  return out;
}

std::string aligned_table(const std::vector<std::vector<std::string>>& rows) {
  text_table t;
  for (const auto& r : rows) {
    for (const auto& c : r) t.cell(c);
    t.end_row();
  }
  return t.str();
}

namespace {

// The UTF-8 byte order mark, for Excel.
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// One field, quoted as RFC 4180 requires: when it holds a comma, a quote or
// a line break (quotes doubled).
void append_csv_field(std::string& out, std::string_view f) {
  // One pass over the bytes (find_first_of looks each byte up in the set
  // with memchr: an eighth of a 26,000-row `scr overdue --format csv`).
  const bool plain = std::none_of(f.begin(), f.end(), [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
  if (plain) {
    out += f;
    return;
  }
  out += '"';
  for (const char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// A CSV document. `own[i]`: column i holds only what the library writes
// itself (numbers, dates, flags, kinds, statuses, uids), written as it is;
// every other cell is text and is neutralised unless `options.raw`.
std::string csv_document(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& own,
                         const csv_options& options) {
  std::string out;
  if (options.excel) out += utf8_bom;
  for (std::size_t n = 0; n < rows.size(); ++n) {
    const auto& r = rows[n];
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i) out += ',';
      // The header (n == 0 in the library's documents) is the library's own.
      const bool text = !options.raw && !(i < own.size() && own[i]);
      if (text && csv_formula_trigger(r[i])) append_csv_field(out, csv_neutralised(r[i]));
      else append_csv_field(out, r[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace

bool csv_formula_trigger(std::string_view cell) noexcept {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r': return true;
    default: return false;
  }
}

std::string csv_neutralised(std::string_view cell) {
  if (!csv_formula_trigger(cell)) return std::string(cell);
  std::string out;
  out.reserve(cell.size() + 1);
  out += '\'';
  out += cell;
  return out;
}

std::string csv_table(const std::vector<std::vector<std::string>>& rows, const csv_options& options) {
  return csv_document(rows, {}, options);
}

// ---- text -------------------------------------------------------------------------

namespace {

std::string heading(const review& r, date as_of) {
  const auto& p = r.definition();
  return r.reference() + " (" + p.id() + " version " + std::to_string(p.version()) + "), as of " +
         format_date(as_of) + ": state " + r.state(as_of) + (r.on_hold(as_of) ? ", on hold" : "") + "\n";
}

std::string due_text(const timetable_entry& e) {
  if (!e.due) return "-";
  std::string out = format_date(*e.due);
  if (e.due_at && e.kind == "milestone" && e.scheduled) {
    const auto local = to_london(*e.due_at).time_of_day();
    char hhmm[32];
    std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", static_cast<int>(local.hours()), static_cast<int>(local.minutes()));
    out += std::string(" ") + hhmm;
  }
  if (e.projected) out += " (projected)";
  else if (e.provisional) out += " (provisional)";
  return out;
}

std::string status_text(const timetable_entry& e) {
  std::string out = e.status;
  if (e.days_late > 0 && (e.status == "overdue" || e.status == "met late" || e.status == "discharged late")) {
    out += " by " + std::to_string(e.days_late) + (e.days_late == 1 ? " day" : " days");
  }
  if (e.breach) out += ", past the statutory date";
  if (e.extended_to && e.original_due) out += " (was " + format_date(*e.original_due) + ")";
  return out;
}

}  // namespace

std::string timetable_text(const review& r, date as_of, bool colour) {
  const auto entries = timetable_entries(r, as_of);
  std::vector<std::vector<std::string>> milestones{{"MILESTONE", "AGENCY", "DUE", "STATUS", "RULE", "OWNER"}};
  std::vector<std::vector<std::string>> obligations{{"OBLIGATION", "AGENCY", "DUE", "STATUS", "RULE", "OWNER"}};
  for (const auto& e : entries) {
    auto& rows = e.kind == "milestone" ? milestones : obligations;
    std::string id = e.id;
    if (e.occurrence > 1) id += " #" + std::to_string(e.occurrence);
    const std::string status = colour ? coloured(status_text(e), e.status) : status_text(e);
    rows.push_back({id, e.agency.empty() ? "-" : e.agency, due_text(e), status, rule_with_confidence(e), e.owner});
  }
  std::string out = heading(r, as_of) + "\n" + aligned_table(milestones);
  if (obligations.size() > 1) out += "\n" + aligned_table(obligations);
  const auto warnings = r.warnings(as_of);
  if (!warnings.empty()) {
    out += "\n";
    for (const auto& w : warnings) out += "warning: " + w.message + "\n";
  }
  return out;
}

// ---- csv --------------------------------------------------------------------------

std::string timetable_csv(const review& r, date as_of, const csv_options& options) {
  std::vector<std::vector<std::string>> rows{{"reference", "kind", "item", "agency", "occurrence", "title", "owner",
                                              "status", "due", "due_at", "original_due", "extended_to", "anchor_date",
                                              "completed_at", "days_late", "statutory", "projected", "provisional",
                                              "scheduled", "breach", "rule", "confidence", "cite", "uid"}};
  const auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  for (const auto& e : timetable_entries(r, as_of)) {
    rows.push_back({r.reference(), e.kind, e.id, e.agency, std::to_string(e.occurrence), e.title, e.owner, e.status,
                    iso(e.due), iso(e.due_at), iso(e.original_due), iso(e.extended_to), iso(e.anchor_date),
                    iso(e.completed_at), std::to_string(e.days_late), flag(e.statutory), flag(e.projected),
                    flag(e.provisional), flag(e.scheduled), flag(e.breach), e.rule, confidence_id(e.confidence),
                    join(e.cite, " "), e.uid});
  }
  // The library's own columns: kind, occurrence, status, the dates and
  // times, days_late, the flags and the uid. The reference, id, agency,
  // title, owner, rule and cite come from people and procedure definitions.
  std::vector<bool> own(rows.front().size(), true);
  for (const std::size_t text : std::initializer_list<std::size_t>{0, 2, 3, 5, 6, 20, 22}) own[text] = false;
  return csv_document(rows, own, options);
}

// ---- json -------------------------------------------------------------------------

namespace {

// The review's history as the exports show it: every event as recorded,
// corrections included, each marked with the event that voided or amended it.
struct history_row {
  std::uint64_t sequence = 0;
  const review_event* e = nullptr;
  std::string data;          // k=v; k=v
  std::string corrected_by;  // "void (5)", "amended (4)" or ""
};

std::string value_string(const field_value& v) {
  if (const auto* t = std::get_if<std::string>(&v)) return *t;
  if (const auto* d = std::get_if<date>(&v)) return format_date(*d);
  if (const auto* i = std::get_if<instant>(&v)) return format_instant(*i);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return {};
}

std::vector<history_row> history_rows(const review& r) {
  const auto& log = r.history();
  std::vector<history_row> out(log.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    out[i].sequence = i + 1;
    out[i].e = &log[i];
    for (const auto& [k, v] : log[i].data) {
      out[i].data += (out[i].data.empty() ? "" : "; ") + k + "=" + value_string(v);
    }
  }
  for (std::size_t i = 0; i < log.size(); ++i) {
    const auto& e = log[i];
    if (!is_correction(e.kind) || e.corrects == 0 || e.corrects > log.size()) continue;
    auto& target = out[e.corrects - 1].corrected_by;
    if (target.rfind("void", 0) == 0) continue;
    target = std::string(e.kind == event_kind::voided ? "void" : "amended") + " (" + std::to_string(i + 1) + ")";
  }
  return out;
}

}  // namespace

std::string timetable_json(const review& r, date as_of) {
  using json = nlohmann::ordered_json;
  const auto opt = [](const auto& v) -> json {
    if (!v) return nullptr;
    return iso(v);
  };
  json entries = json::array();
  for (const auto& e : timetable_entries(r, as_of)) {
    entries.push_back({{"kind", e.kind},
                       {"item", e.id},
                       {"agency", e.agency},
                       {"occurrence", e.occurrence},
                       {"title", e.title},
                       {"owner", e.owner},
                       {"status", e.status},
                       {"rule", e.rule},
                       {"due", opt(e.due)},
                       {"due_at", opt(e.due_at)},
                       {"original_due", opt(e.original_due)},
                       {"extended_to", opt(e.extended_to)},
                       {"anchor_date", opt(e.anchor_date)},
                       {"completed_at", opt(e.completed_at)},
                       {"days_late", e.days_late},
                       {"statutory", e.statutory},
                       {"projected", e.projected},
                       {"provisional", e.provisional},
                       {"scheduled", e.scheduled},
                       {"breach", e.breach},
                       {"cite", e.cite},
                       {"confidence", e.confidence == confidence::unstated ? json(nullptr)
                                                                           : json(to_string(e.confidence))},
                       {"uid", e.uid}});
  }
  const auto& p = r.definition();
  const json doc = {{"schema", "libscr.timetable"},
                    {"version", json_schema_version},
                    {"reference", r.reference()},
                    {"procedure", {{"id", p.id()}, {"version", p.version()}, {"title", p.title()}}},
                    {"calendar", r.definition().calendar_name()},
                    {"as_of", format_date(as_of)},
                    {"state", r.state(as_of)},
                    {"closed", r.closed()},
                    {"on_hold", r.on_hold(as_of)},
                    {"voided", r.voided()},
                    {"entries", std::move(entries)},
                    {"warnings", [&] {
                       json w = json::array();
                       for (const auto& x : r.warnings(as_of)) {
                         w.push_back({{"kind", x.kind}, {"message", x.message}, {"rule", x.rule},
                                      {"level", std::string(to_string(x.level))}, {"cite", x.cite},
                                      {"at", format_instant(x.at)}});
                       }
                       return w;
                     }()},
                    {"history", [&] {
                       json h = json::array();
                       for (const auto& row : history_rows(r)) {
                         json data = json::object();
                         for (const auto& [k, v] : row.e->data) data[k] = value_string(v);
                         h.push_back({{"sequence", row.sequence},
                                      {"kind", std::string(to_string(row.e->kind))},
                                      {"name", row.e->name},
                                      {"agency", row.e->agency},
                                      {"subject", row.e->subject},
                                      {"at", format_instant(row.e->at)},
                                      {"by", {{"name", row.e->by.name}, {"role", row.e->by.role},
                                              {"agency", row.e->by.agency}}},
                                      {"data", std::move(data)},
                                      {"corrects", row.e->corrects == 0 ? json(nullptr) : json(row.e->corrects)},
                                      {"reason", row.e->reason},
                                      {"corrected_by", row.corrected_by}});
                       }
                       return h;
                     }()}};
  return doc.dump(2) + "\n";
}

// ---- iCalendar (RFC 5545) ---------------------------------------------------------

namespace {

std::string ics_text(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

// Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a
// UTF-8 sequence; every line ends with CRLF.
void ics_line(std::string& out, const std::string& line) {
  std::size_t start = 0;
  std::size_t limit = 75;
  while (line.size() - start > limit) {
    std::size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, start, cut - start);
    out += "\r\n ";
    start = cut;
    limit = 74;  // the leading space counts
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
}

std::string ics_date(date d) {
  const std::string iso_day = format_date(d);
  return iso_day.substr(0, 4) + iso_day.substr(5, 2) + iso_day.substr(8, 2);
}

std::string ics_instant(instant t) {
  const std::string s = format_instant(t);  // 2024-05-24T16:00:00Z
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2) + "T" + s.substr(11, 2) + s.substr(14, 2) + s.substr(17, 2) +
         "Z";
}

}  // namespace

namespace {

// An entry as a VEVENT of a review's calendar.
void ics_event(std::string& out, const review& r, const timetable_entry& e, date as_of, const std::string& stamp) {
  ics_line(out, "BEGIN:VEVENT");
  ics_line(out, "UID:" + e.uid);
  ics_line(out, "DTSTAMP:" + stamp);
  // A newer export of the same review replaces the entries of an older one.
  ics_line(out, "SEQUENCE:" + std::to_string(r.size()));
  if (e.due_at && (e.scheduled || e.rule.find("hour") != std::string::npos)) {
    ics_line(out, "DTSTART:" + ics_instant(*e.due_at));
    ics_line(out, "DURATION:PT1H");
  } else {
    ics_line(out, "DTSTART;VALUE=DATE:" + ics_date(*e.due));
    ics_line(out, "DTEND;VALUE=DATE:" + ics_date(*e.due + boost::gregorian::days(1)));
  }
  std::string summary = r.reference() + ": " + e.title;
  if (!e.agency.empty()) summary += " (" + e.agency + ")";
  if (e.occurrence > 1) summary += " #" + std::to_string(e.occurrence);
  ics_line(out, "SUMMARY:" + ics_text(summary));
  std::string description = "Due " + format_date(*e.due) + ": " + rule_with_confidence(e) + ".\nOwner: " + e.owner +
                            ".\nStatus as of " + format_date(as_of) + ": " + status_text(e) + ".";
  if (!e.cite.empty()) description += "\nSource: " + join(e.cite, ", ") + ".";
  ics_line(out, "DESCRIPTION:" + ics_text(description));
  ics_line(out, "CATEGORIES:" + ics_text(e.kind) + "," + ics_text(e.status));
  ics_line(out, std::string("STATUS:") + (e.status == "waived" ? "CANCELLED" : "CONFIRMED"));
  ics_line(out, "TRANSP:TRANSPARENT");
}

bool open_item(const timetable_entry& e) {
  return e.due && e.status != "met" && e.status != "met late" && e.status != "waived" && e.status != "discharged" &&
         e.status != "discharged late" && e.status != "outstanding at closure";
}

}  // namespace

std::string timetable_ics(const review& r, date as_of) {
  std::string out;
  ics_line(out, "BEGIN:VCALENDAR");
  ics_line(out, "VERSION:2.0");
  ics_line(out, "PRODID:-//libscr//scr timetable//EN");
  ics_line(out, "CALSCALE:GREGORIAN");
  ics_line(out, "METHOD:PUBLISH");
  ics_line(out, "X-WR-CALNAME:" + ics_text(r.reference() + " timetable"));
  const std::string stamp = ics_instant(r.last_event_at());
  for (const auto& e : timetable_entries(r, as_of)) {
    if (!e.due) continue;
    ics_event(out, r, e, as_of, stamp);
    ics_line(out, "END:VEVENT");
  }
  ics_line(out, "END:VCALENDAR");
  return out;
}

std::string deadline_feed(const store& db, date as_of, const feed_options& options) {
  if (!options.kind.empty() && options.kind != "milestone" && options.kind != "obligation") {
    throw input_error("kind '" + options.kind + "' is not milestone or obligation");
  }
  if (options.remind_working_days < 0 || options.remind_working_days > 60) {
    throw input_error("a reminder " + std::to_string(options.remind_working_days) +
                      " working days before is not 0 (none) to 60");
  }
  std::string out;
  ics_line(out, "BEGIN:VCALENDAR");
  ics_line(out, "VERSION:2.0");
  ics_line(out, "PRODID:-//libscr//scr feed//EN");
  ics_line(out, "CALSCALE:GREGORIAN");
  ics_line(out, "METHOD:PUBLISH");
  ics_line(out, "X-WR-CALNAME:" + ics_text("Review deadlines"));
  const std::optional<std::string> procedure =
      options.procedure_id.empty() ? std::nullopt : std::optional<std::string>(options.procedure_id);
  for (const auto& s : db.reviews(std::nullopt, procedure, as_of)) {
    if (s.closed || s.voided) continue;
    if (!options.reference.empty() && s.reference != options.reference) continue;
    const review r = db.load(s.reference);
    const std::string stamp = ics_instant(r.last_event_at());
    for (const auto& e : timetable_entries(r, as_of)) {
      if (!open_item(e)) continue;
      if (!options.agency.empty() && e.agency != options.agency) continue;
      if (!options.owner.empty() && e.owner != options.owner) continue;
      if (!options.kind.empty() && e.kind != options.kind) continue;
      ics_event(out, r, e, as_of, stamp);
      if (options.remind_working_days > 0) {
        const date on = r.calendar().before(
            *e.due, timescale::parse(std::to_string(options.remind_working_days) + " working days"));
        ics_line(out, "BEGIN:VALARM");
        ics_line(out, "ACTION:DISPLAY");
        ics_line(out, "DESCRIPTION:" + ics_text(r.reference() + ": " + e.title + " is due " + format_date(*e.due)));
        ics_line(out, "TRIGGER;VALUE=DATE-TIME:" +
                          ics_instant(from_london(boost::posix_time::ptime(on, boost::posix_time::hours(9)),
                                                  choose::earliest)));
        ics_line(out, "END:VALARM");
      }
      ics_line(out, "END:VEVENT");
    }
  }
  ics_line(out, "END:VCALENDAR");
  return out;
}

// ---- HTML -------------------------------------------------------------------------

namespace {

std::string html(std::string_view s) { return detail::html_escaped(s); }

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

constexpr const char* style = R"css(
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em; color: #1b1b1b; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
p.meta { color: #444; margin-top: 0; }
svg { display: block; margin: 1em 0 1.5em; }
svg text { font-size: 12px; fill: #1b1b1b; }
svg .axis { stroke: #bbb; stroke-width: 1; }
svg .today { stroke: #1d70b8; stroke-width: 2; stroke-dasharray: 4 3; }
svg .planned { fill: #b1b4b6; }
svg .projected { fill: #dee0e2; stroke: #6f777b; stroke-dasharray: 3 2; }
svg .overdue { fill: #d4351c; }
svg .extended { fill: #f47738; }
svg .actual { fill: #00703c; stroke: #fff; stroke-width: 1; }
svg .due { fill: #0b0c0c; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #b1b4b6; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
td.due { white-space: nowrap; }
.firmness { color: #505a5f; font-style: italic; white-space: nowrap; }
tr.overdue td.status { color: #d4351c; font-weight: bold; }
tr.met td.status, tr.discharged td.status { color: #00703c; }
tr.extended td.status { color: #f47738; }
tr.met-late td.status, tr.discharged-late td.status { color: #b35b00; font-weight: bold; }
tr.waived td, tr.outstanding-at-closure td.status { color: #6f777b; }
p.summary { font-size: 1.05em; background: #f3f2f1; padding: 0.6em 0.8em; border-left: 4px solid #1d70b8; }
p.warning { background: #fff7bf; border-left: 4px solid #ffdd00; padding: 0.4em 0.8em; }
.legend span { display: inline-block; width: 1em; height: 0.8em; margin: 0 0.3em 0 1em; vertical-align: middle; }
)css";

std::string css_class(const std::string& status) {
  std::string out;
  for (const char c : status) out += c == ' ' ? '-' : c;
  return out;
}

std::string gantt(const std::vector<timetable_entry>& entries, date as_of) {
  std::vector<const timetable_entry*> rows;
  for (const auto& e : entries) {
    if (e.kind == "milestone" && e.due && e.status != "waived") rows.push_back(&e);
  }
  if (rows.empty()) return "<p>No milestone has a date yet.</p>\n";
  date lo = as_of, hi = as_of;
  const auto widen = [&](const std::optional<date>& d) {
    if (!d) return;
    lo = std::min(lo, *d);
    hi = std::max(hi, *d);
  };
  for (const auto* e : rows) {
    widen(e->due);
    widen(e->anchor_date);
    widen(e->original_due);
    widen(e->extended_to);
    if (e->completed_at) widen(london_date(*e->completed_at));
  }
  lo -= boost::gregorian::days(3);
  hi += boost::gregorian::days(3);
  const double label = 330, chart = 720, line_h = 14, top = 30;
  const double span = static_cast<double>((hi - lo).days());
  const auto x = [&](date d) { return label + chart * static_cast<double>((d - lo).days()) / span; };
  // Each label whole, wrapped at word boundaries into lines of at most 48
  // characters' width; a row is as tall as its label.
  std::vector<std::vector<std::string>> labels;
  std::vector<double> row_top;
  double y_next = top;
  for (const auto* e : rows) {
    const std::string name = e->title + (e->agency.empty() ? "" : " (" + e->agency + ")");
    std::vector<std::string> lines{""};
    std::size_t start = 0;
    while (start < name.size()) {
      std::size_t end = name.find(' ', start);
      if (end == std::string::npos) end = name.size();
      const std::string word = name.substr(start, end - start);
      if (!lines.back().empty() && width_of(lines.back() + " " + word) > 48) lines.emplace_back();
      lines.back() += (lines.back().empty() ? "" : " ") + word;
      start = end + 1;
    }
    labels.push_back(lines);
    row_top.push_back(y_next);
    y_next += std::max(22.0, line_h * static_cast<double>(lines.size()) + 8);
  }
  const double height = y_next + 10;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(label + chart + 60) + "\" height=\"" +
                    num(height) + "\" role=\"img\" aria-label=\"Gantt chart of the milestones\">\n";
  // Month ticks.
  for (date m(lo.year(), lo.month(), 1); m <= hi; m = add_months(m, 1)) {
    if (m < lo) continue;
    out += "<line class=\"axis\" x1=\"" + num(x(m)) + "\" y1=\"" + num(top - 8) + "\" x2=\"" + num(x(m)) +
           "\" y2=\"" + num(height - 10) + "\"/>";
    out += "<text x=\"" + num(x(m) + 2) + "\" y=\"" + num(top - 12) + "\">" + format_date(m).substr(0, 7) +
           "</text>\n";
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& e = *rows[i];
    const double y = row_top[i];
    out += "<text x=\"0\" y=\"" + num(y + 14) + "\">";
    for (std::size_t k = 0; k < labels[i].size(); ++k) {
      out += "<tspan x=\"0\" dy=\"" + num(k == 0 ? 0.0 : line_h) + "\">" + html(labels[i][k]) + "</tspan>";
    }
    out += "</text>";
    const date start = e.anchor_date ? std::min(*e.anchor_date, *e.due) : *e.due;
    const date planned_end = e.original_due && e.extended_to ? *e.original_due : *e.due;
    const std::string cls = e.status == "overdue" ? "overdue" : e.projected ? "projected" : "planned";
    out += "<rect class=\"" + cls + "\" x=\"" + num(x(start)) + "\" y=\"" + num(y + 4) + "\" width=\"" +
           num(std::max(2.0, x(planned_end) - x(start))) + "\" height=\"12\"><title>" + html(e.title) + ": " +
           html(e.status) + ", due " + format_date(*e.due) + "</title></rect>";
    if (e.original_due && e.extended_to) {
      out += "<rect class=\"extended\" x=\"" + num(x(*e.original_due)) + "\" y=\"" + num(y + 4) + "\" width=\"" +
             num(std::max(2.0, x(*e.extended_to) - x(*e.original_due))) + "\" height=\"12\"><title>extended to " +
             format_date(*e.extended_to) + "</title></rect>";
    }
    out += "<rect class=\"due\" x=\"" + num(x(*e.due) - 1) + "\" y=\"" + num(y + 2) + "\" width=\"2\" height=\"16\"/>";
    if (e.completed_at) {
      const double cx = x(london_date(*e.completed_at));
      out += "<polygon class=\"actual\" points=\"" + num(cx) + "," + num(y + 3) + " " + num(cx + 7) + "," +
             num(y + 10) + " " + num(cx) + "," + num(y + 17) + " " + num(cx - 7) + "," + num(y + 10) +
             "\"><title>met " + format_date(london_date(*e.completed_at)) + "</title></polygon>";
    }
    out += "\n";
  }
  out += "<line class=\"today\" x1=\"" + num(x(as_of)) + "\" y1=\"" + num(top - 6) + "\" x2=\"" + num(x(as_of)) +
         "\" y2=\"" + num(height - 6) + "\"><title>as of " + format_date(as_of) + "</title></line>\n";
  out += "</svg>\n";
  return out;
}

}  // namespace

namespace {

// A rule as a person reads it: the procedure's event ids and `event.field`
// anchors given their titles ("72 hours after Referral received (incident
// at)" for "72 hours after referral_received.incident_at").
std::string rule_in_words(const procedure& p, const std::string& rule) {
  const auto event_of = [&](std::string_view id) -> const event_spec* {
    if (const auto* e = p.find_event(id)) return e;
    for (const auto& t : p.tracks())
      if (const auto* e = t.find_event(id)) return e;
    return nullptr;
  };
  std::string out;
  std::size_t start = 0;
  while (start <= rule.size()) {
    std::size_t end = rule.find(' ', start);
    if (end == std::string::npos) end = rule.size();
    std::string word = rule.substr(start, end - start);
    std::string trail;
    while (!word.empty() && (word.back() == ',' || word.back() == ')' || word.back() == ';')) {
      trail.insert(trail.begin(), word.back());
      word.pop_back();
    }
    const auto dot = word.find('.');
    const event_spec* e = event_of(dot == std::string::npos ? word : word.substr(0, dot));
    if (e != nullptr && !e->title.empty()) {
      std::string field = dot == std::string::npos ? "" : word.substr(dot + 1);
      if (const auto* f = field.empty() ? nullptr : e->find_field(field); f != nullptr && !f->title.empty()) field = f->title;
      for (auto& c : field) c = c == '_' ? ' ' : c;
      word = e->title + (field.empty() ? "" : " (" + field + ")");
    }
    out += (out.empty() ? "" : " ") + word + trail;
    start = end + 1;
  }
  return out;
}

// An instant in London time, as the page shows it: "2024-01-15 09:00 GMT".
std::string london_text(instant t) {
  const auto local = to_london(t);
  char clock[32];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(local.time_of_day().hours()),
                static_cast<int>(local.time_of_day().minutes()));
  return format_date(local.date()) + " " + clock + (is_bst(t) ? " BST" : " GMT");
}

}  // namespace

std::string timetable_html(const review& r, date as_of) {
  const auto entries = timetable_entries(r, as_of);
  const auto& p = r.definition();
  // Who holds each role now, by role (and agency).
  std::map<std::string, std::vector<std::string>> people;
  for (const auto& a : r.assignments()) {
    if (london_date(a.at) > as_of) continue;
    people[a.role].push_back(a.person + (a.agency.empty() ? "" : ", " + a.agency));
  }
  const auto owner_text = [&](const std::string& role) {
    const auto it = people.find(role);
    return it == people.end() ? role : role + " (" + join(it->second, "; ") + ")";
  };
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Timetable: " +
                    html(r.reference()) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n";
  out += "<h1>Timetable: " + html(r.reference()) + "</h1>\n";
  out += "<p class=\"meta\">" + html(p.title()) + " (" + html(p.id()) + ", version " + std::to_string(p.version()) +
         "). As of " + format_date(as_of) + ": state <strong>" + html(r.state(as_of)) + "</strong>" +
         (r.on_hold(as_of) ? ", on hold" : "") + ".</p>\n";
  // In brief: what is overdue, and what is next.
  {
    int late = 0;
    const timetable_entry* oldest = nullptr;
    const timetable_entry* next = nullptr;
    for (const auto& e : entries) {
      if (!e.due) continue;
      if (e.status == "overdue") {
        ++late;
        if (oldest == nullptr || *e.due < *oldest->due) oldest = &e;
      } else if ((e.status == "pending" || e.status == "due soon" || e.status == "extended" || e.status == "open") &&
                 (next == nullptr || *e.due < *next->due)) {
        next = &e;
      }
    }
    out += "<p class=\"summary\" id=\"summary\">";
    out += late == 0 ? std::string("Nothing is overdue.")
                     : "<strong>" + std::to_string(late) + (late == 1 ? " item is" : " items are") +
                           " overdue</strong>; the oldest: " + html(oldest->title) +
                           (oldest->agency.empty() ? "" : " (" + html(oldest->agency) + ")") + ", due " +
                           format_date(*oldest->due) + ".";
    if (next != nullptr) {
      out += " Next: " + html(next->title) + (next->agency.empty() ? "" : " (" + html(next->agency) + ")") +
             ", due " + format_date(*next->due) + ".";
    }
    out += "</p>\n";
    for (const auto& w : r.warnings(as_of)) out += "<p class=\"warning\">Warning: " + html(w.message) + "</p>\n";
  }
  out += gantt(entries, as_of);
  out += "<p class=\"legend\"><span style=\"background:#b1b4b6\"></span>planned"
         "<span style=\"background:#dee0e2;border:1px dashed #6f777b\"></span>projected"
         "<span style=\"background:#00703c\"></span>met"
         "<span style=\"background:#f47738\"></span>extended"
         "<span style=\"background:#d4351c\"></span>overdue</p>\n";
  out += "<table>\n<thead><tr><th>Kind</th><th>Milestone or obligation</th><th>Agency</th><th>Due</th><th>Status</th>"
         "<th>Rule</th><th>Owner</th><th>Source</th></tr></thead>\n<tbody>\n";
  for (const auto& e : entries) {
    out += "<tr class=\"" + css_class(e.status) + "\"><td>" + e.kind + "</td><td>" + html(e.title) +
           (e.occurrence > 1 ? " #" + std::to_string(e.occurrence) : "") + "</td><td>" + html(e.agency) +
           "</td><td class=\"due\">" + html(due_text(e)) + "</td><td class=\"status\">" + html(status_text(e)) + "</td><td>" +
           html(rule_in_words(p, e.rule)) +
           (e.confidence == confidence::unstated
                ? std::string()
                : " <span class=\"firmness\">(" + std::string(confidence_words(e.confidence)) + ")</span>") +
           "</td><td>" + html(owner_text(e.owner)) + "</td><td>" +
           html(join(e.cite, ", ")) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  // The record: every event as recorded, corrections and what they corrected.
  out += "<h2>History</h2>\n<table class=\"history\">\n<thead><tr><th>#</th><th>When (London)</th><th>What</th><th>Agency</th>"
         "<th>By</th><th>Data</th><th>Reason</th><th>Corrected</th></tr></thead>\n<tbody>\n";
  for (const auto& row : history_rows(r)) {
    const auto& e = *row.e;
    std::string what = std::string(to_string(e.kind)) + " " + e.name;
    if (e.corrects != 0) what += " (event " + std::to_string(e.corrects) + ")";
    if (!e.subject.empty() && e.kind != event_kind::opened) what += ": " + e.subject;
    out += "<tr><td>" + std::to_string(row.sequence) + "</td><td>" + london_text(e.at) + "</td><td>" + html(what) +
           "</td><td>" + html(e.agency) + "</td><td>" + html(e.by.name + " (" + e.by.role + ")") + "</td><td>" +
           html(row.data) + "</td><td>" + html(e.reason) + "</td><td>" + html(row.corrected_by) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n</body>\n</html>\n";
  return out;
}

// ---- across reviews ---------------------------------------------------------------

namespace {

// A monthly report's line for an item: what the store's progress gives
// (report.hpp, monthly_review).
timetable_entry entry_of(const review_progress& p, progress_item&& i) {
  timetable_entry e;
  e.kind = std::move(i.kind);
  e.id = std::move(i.id);
  e.agency = std::move(i.agency);
  e.occurrence = i.occurrence;
  e.title = std::move(i.title);
  e.owner = std::move(i.owner);
  e.status = std::move(i.status);
  e.due = i.due;
  e.days_late = i.days_late;
  e.uid = uid_of(p.summary.procedure_id, p.summary.reference, e);
  return e;
}

}  // namespace

monthly_report monthly_progress(const store& db, int year, int month) {
  monthly_report out;
  out.year = year;
  out.month = month;
  const date first = make_date(year, month, 1);
  out.as_of = add_months(first, 1) - boost::gregorian::days(1);
  for (auto& p : db.progress(out.as_of, first)) {
    if (p.summary.closed) {
      monthly_closure c;
      c.reference = p.summary.reference;
      c.procedure_id = p.summary.procedure_id;
      c.state = p.summary.state;
      c.stage = p.stage;
      c.closed_on = london_date(*p.summary.closed_at);
      for (auto& i : p.items)
        if (i.status == to_string(milestone_status::outstanding)) c.outstanding.push_back(entry_of(p, std::move(i)));
      out.closed.push_back(std::move(c));
      continue;
    }
    monthly_review m;
    m.reference = p.summary.reference;
    m.procedure_id = p.summary.procedure_id;
    m.state = p.summary.state;
    m.stage = p.stage;
    m.on_hold = p.on_hold;
    m.planned_completion = p.planned_completion;
    m.original_completion = p.original_completion;
    m.completion_projected = p.completion_projected;
    if (m.planned_completion && m.original_completion) {
      m.slippage_days = static_cast<int>((*m.planned_completion - *m.original_completion).days());
    }
    for (auto& i : p.items) {
      const bool overdue = i.status == "overdue";
      const bool open = i.kind == "obligation" && (overdue || i.status == "open" || i.status == "pending");
      if (!overdue && !open) continue;
      timetable_entry e = entry_of(p, std::move(i));
      if (overdue && open) m.overdue.push_back(e);
      (open ? m.open_obligations : m.overdue).push_back(std::move(e));
    }
    m.warnings = std::move(p.warnings);
    out.reviews.push_back(std::move(m));
  }
  return out;
}

namespace {

// Appends each piece to `out` in turn: a report of many lines is written
// into one buffer, not through a temporary string per line.
template <typename... Pieces>
void put(std::string& out, const Pieces&... pieces) {
  (out.append(std::string_view(pieces)), ...);
}

void put_item_name(std::string& out, const timetable_entry& e) {
  out += e.id;
  if (e.occurrence > 1) put(out, " #", std::to_string(e.occurrence));
  if (!e.agency.empty()) put(out, " (", e.agency, ")");
}

std::string days(int n) { return std::to_string(n) + (n == 1 || n == -1 ? " day" : " days"); }

// An item that is not overdue: its name, title, due date if it has one, owner.
void put_item(std::string& out, const timetable_entry& e) {
  out += "    ";
  put_item_name(out, e);
  put(out, ": ", e.title);
  if (e.due) put(out, ", due ", format_date(*e.due));
  put(out, " (", e.owner, ")\n");
}

}  // namespace

std::string monthly_text(const monthly_report& m) {
  const date first = make_date(m.year, m.month, 1);
  std::string out;
  std::size_t lines = m.reviews.size() * 5 + m.closed.size() * 3;
  for (const auto& r : m.reviews) lines += r.overdue.size() + r.open_obligations.size() + r.warnings.size();
  for (const auto& c : m.closed) lines += c.outstanding.size();
  out.reserve(128 + lines * 96);
  put(out, "Monthly progress report, ", first.month().as_long_string(), " ", std::to_string(m.year), " (as of ",
      format_date(m.as_of), "): ", std::to_string(m.reviews.size()),
      m.reviews.size() == 1 ? " open review\n" : " open reviews\n");
  for (const auto& r : m.reviews) {
    put(out, "\n", r.reference, " (", r.procedure_id, "): ", r.stage.empty() ? r.state : r.stage, " [", r.state, "]",
        r.on_hold ? ", ON HOLD" : "", "\n");
    if (r.planned_completion) {
      put(out, "  planned completion ", format_date(*r.planned_completion),
          r.completion_projected ? " (projected)" : "");
      if (r.slippage_days > 0) {
        put(out, ", ", days(r.slippage_days), " later than the original plan (", format_date(*r.original_completion),
            ")");
      } else if (r.slippage_days < 0) {
        put(out, ", ", days(-r.slippage_days), " earlier than the original plan (",
            format_date(*r.original_completion), ")");
      } else {
        out += ", as originally planned";
      }
      out += "\n";
    } else {
      out += "  planned completion: not yet set\n";
    }
    if (r.overdue.empty()) {
      out += "  overdue: none\n";
    } else {
      out += "  overdue:\n";
      for (const auto& e : r.overdue) {
        out += "    ";
        put_item_name(out, e);
        put(out, ": ", e.title, ", due ", format_date(*e.due), ", ", days(e.days_late), " overdue (", e.owner, ")\n");
      }
    }
    if (r.open_obligations.empty()) {
      out += "  open obligations: none\n";
    } else {
      out += "  open obligations:\n";
      for (const auto& e : r.open_obligations) put_item(out, e);
    }
    for (const auto& w : r.warnings) put(out, "  warning: ", w.message, "\n");
  }
  if (!m.closed.empty()) {
    put(out, "\nClosed this month: ", std::to_string(m.closed.size()), "\n");
    for (const auto& c : m.closed) {
      put(out, "\n", c.reference, " (", c.procedure_id, "): closed ", format_date(c.closed_on), ", ",
          c.stage.empty() ? c.state : c.stage, " [", c.state, "]\n");
      if (c.outstanding.empty()) {
        out += "  outstanding at closure: none\n";
      } else {
        out += "  outstanding at closure:\n";
        for (const auto& e : c.outstanding) put_item(out, e);
      }
    }
  }
  return out;
}

namespace {

nlohmann::ordered_json entry_json(const timetable_entry& e) {
  using json = nlohmann::ordered_json;
  return json{{"kind", e.kind},           {"item", e.id},       {"agency", e.agency},
              {"occurrence", e.occurrence}, {"title", e.title}, {"owner", e.owner},
              {"status", e.status},       {"due", e.due ? json(format_date(*e.due)) : json(nullptr)},
              {"days_late", e.days_late}, {"uid", e.uid}};
}

nlohmann::ordered_json opt_date(const std::optional<date>& d) {
  if (!d) return nullptr;
  return format_date(*d);
}

}  // namespace

std::string monthly_json(const monthly_report& m) {
  using json = nlohmann::ordered_json;
  json reviews = json::array();
  for (const auto& r : m.reviews) {
    json overdue = json::array(), open = json::array(), warnings = json::array();
    for (const auto& e : r.overdue) overdue.push_back(entry_json(e));
    for (const auto& e : r.open_obligations) open.push_back(entry_json(e));
    for (const auto& w : r.warnings) {
      warnings.push_back({{"kind", w.kind}, {"message", w.message}, {"rule", w.rule}, {"cite", w.cite}});
    }
    reviews.push_back({{"reference", r.reference},
                       {"procedure_id", r.procedure_id},
                       {"state", r.state},
                       {"stage", r.stage},
                       {"on_hold", r.on_hold},
                       {"planned_completion", opt_date(r.planned_completion)},
                       {"original_completion", opt_date(r.original_completion)},
                       {"completion_projected", r.completion_projected},
                       {"slippage_days", r.slippage_days},
                       {"overdue", std::move(overdue)},
                       {"open_obligations", std::move(open)},
                       {"warnings", std::move(warnings)}});
  }
  json closed = json::array();
  for (const auto& c : m.closed) {
    json outstanding = json::array();
    for (const auto& e : c.outstanding) outstanding.push_back(entry_json(e));
    closed.push_back({{"reference", c.reference},
                      {"procedure_id", c.procedure_id},
                      {"state", c.state},
                      {"stage", c.stage},
                      {"closed_on", format_date(c.closed_on)},
                      {"outstanding", std::move(outstanding)}});
  }
  const json doc = {{"schema", "libscr.monthly_report"},
                    {"version", json_schema_version},
                    {"month", format_date(make_date(m.year, m.month, 1)).substr(0, 7)},
                    {"as_of", format_date(m.as_of)},
                    {"reviews", std::move(reviews)},
                    {"closed", std::move(closed)}};
  return doc.dump(2) + "\n";
}

text_table due_items_table(bool with_days_overdue) {
  text_table t;
  for (const char* h : {"DUE", "OVERDUE", "REFERENCE", "ITEM", "AGENCY", "OWNER", "TITLE"}) {
    if (with_days_overdue || std::string_view(h) != "OVERDUE") t.cell(h);
  }
  t.end_row();
  return t;
}

void add_due_item_row(text_table& table, const due_item& i, bool with_days_overdue, bool colour) {
  table.cell(format_date(i.due));
  if (with_days_overdue) table.cell(colour ? coloured(days(i.days_overdue), "overdue") : days(i.days_overdue));
  table.cell(i.reference);
  if (i.occurrence > 1) table.cell(i.id + " #" + std::to_string(i.occurrence));
  else table.cell(i.id);
  table.cell(i.agency.empty() ? std::string_view("-") : std::string_view(i.agency));
  table.cell(i.owner);
  table.cell(i.title);
  table.end_row();
}

std::string due_items_text(const std::vector<due_item>& items, bool with_days_overdue, bool colour) {
  auto t = due_items_table(with_days_overdue);
  for (const auto& i : items) add_due_item_row(t, i, with_days_overdue, colour);
  return t.str();
}

std::string due_items_csv(const std::vector<due_item>& items) { return due_items_csv_with(items, {}); }

std::string due_items_csv_with(const std::vector<due_item>& items, const csv_options& options) {
  auto out = due_items_csv_header(options);
  out.reserve(out.size() + items.size() * 128);
  for (const auto& i : items) append_due_item_csv(out, i, options);
  return out;
}

std::string due_items_csv_header(const csv_options& options) {
  std::string out;
  if (options.excel) out += utf8_bom;
  out += "reference,kind,item,agency,occurrence,title,owner,status,due,days_late\r\n";
  return out;
}

void append_due_item_csv(std::string& out, const due_item& i, const csv_options& options) {
  // Written straight into the document (a list may run to tens of thousands
  // of rows): the same cells and rules as csv_document, without a string
  // per cell first. Text: reference, id, agency, title, owner.
  const auto text = [&](std::string_view cell) {
    if (!options.raw && csv_formula_trigger(cell)) append_csv_field(out, csv_neutralised(cell));
    else append_csv_field(out, cell);
  };
  const auto number = [&](long long n) {
    std::array<char, 24> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), n);
    out.append(buf.data(), static_cast<std::size_t>(end - buf.data()));
  };
  text(i.reference);
  out += ',';
  append_csv_field(out, i.kind);
  out += ',';
  text(i.id);
  out += ',';
  text(i.agency);
  out += ',';
  number(i.occurrence);
  out += ',';
  text(i.title);
  out += ',';
  text(i.owner);
  out += ',';
  out += due_item_status(i);
  out += ',';
  const auto ymd = i.due.year_month_day();
  number(ymd.year);
  out += ymd.month < 10 ? "-0" : "-";
  number(ymd.month);
  out += ymd.day < 10 ? "-0" : "-";
  number(ymd.day);
  out += ',';
  number(i.days_overdue);
  out += "\r\n";
}

std::string ledger_text(const std::vector<ledger_entry>& entries) {
  std::vector<std::vector<std::string>> rows{{"#", "WHEN (UTC)", "KIND", "REVIEW", "EVENTS", "EVENT HASH", "HASH", "NOTE"}};
  for (const auto& e : entries) {
    rows.push_back({std::to_string(e.position), format_instant(e.at), e.kind, e.reference, std::to_string(e.sequence),
                    e.event_hash.substr(0, 12), e.hash.substr(0, 12), e.note});
  }
  return aligned_table(rows);
}

std::string ledger_csv(const std::vector<ledger_entry>& entries, const csv_options& options) {
  std::vector<std::vector<std::string>> rows{
      {"position", "at", "kind", "reference", "sequence", "event_hash", "context_hash", "hash", "note"}};
  for (const auto& e : entries) {
    rows.push_back({std::to_string(e.position), format_instant(e.at), e.kind, e.reference, std::to_string(e.sequence),
                    e.event_hash, e.context_hash, e.hash, e.note});
  }
  // Text: the reference and the note.
  const std::vector<bool> own{true, true, true, false, true, true, true, true, false};
  return csv_document(rows, own, options);
}

std::string ledger_json(const std::vector<ledger_entry>& entries) {
  using json = nlohmann::ordered_json;
  json list = json::array();
  for (const auto& e : entries) {
    list.push_back({{"position", e.position},
                    {"at", format_instant(e.at)},
                    {"kind", e.kind},
                    {"reference", e.reference},
                    {"sequence", e.sequence},
                    {"event_hash", e.event_hash},
                    {"context_hash", e.context_hash},
                    {"hash", e.hash},
                    {"note", e.note}});
  }
  const json doc = {{"schema", "libscr.ledger"}, {"version", json_schema_version}, {"entries", std::move(list)}};
  return doc.dump(2) + "\n";
}

std::string due_items_json(const std::vector<due_item>& items, std::string_view query) {
  using json = nlohmann::ordered_json;
  json list = json::array();
  for (const auto& i : items) {
    list.push_back({{"reference", i.reference},
                    {"kind", i.kind},
                    {"item", i.id},
                    {"agency", i.agency},
                    {"occurrence", i.occurrence},
                    {"title", i.title},
                    {"owner", i.owner},
                    {"status", due_item_status(i)},
                    {"due", format_date(i.due)},
                    {"days_late", i.days_overdue}});
  }
  const json doc = {{"schema", "libscr.due_items"},
                    {"version", json_schema_version},
                    {"query", std::string(query)},
                    {"items", std::move(list)}};
  return doc.dump(2) + "\n";
}

namespace {

std::string result_of(const headline_compliance& h) {
  std::string out;
  if (!h.completed_on) out = "open";
  else if (h.on_time) out = "on time";
  else out = "late by " + days(h.days_late);
  if (h.extended) out += ", extended";
  if (h.breach) out += ", scheduled past the statutory date";
  return out;
}

}  // namespace

std::string compliance_text(const std::vector<headline_compliance>& rows) {
  std::vector<std::vector<std::string>> table{
      {"REFERENCE", "HEADLINE", "MILESTONE", "DUE", "ORIGINAL", "COMPLETED", "RESULT"}};
  for (const auto& h : rows) {
    table.push_back({h.reference, h.headline, h.milestone, h.due ? format_date(*h.due) : "-",
                     h.original_due ? format_date(*h.original_due) : "-",
                     h.completed_on ? format_date(*h.completed_on) : "-", result_of(h)});
  }
  std::size_t done = 0, on_time = 0;
  for (const auto& h : rows) {
    if (h.completed_on) ++done;
    if (h.completed_on && h.on_time) ++on_time;
  }
  return aligned_table(table) + "\n" + std::to_string(on_time) + " of " + std::to_string(done) +
         " completed headline milestones on time; " + std::to_string(rows.size() - done) + " still open\n";
}

std::string compliance_csv(const std::vector<headline_compliance>& rows) { return compliance_csv_with(rows, {}); }

namespace {

// The compliance rows as CSV and XLSX give them, header first.
std::vector<std::vector<std::string>> compliance_table(const std::vector<headline_compliance>& rows) {
  std::vector<std::vector<std::string>> table{{"reference", "headline", "milestone", "due", "original_due",
                                               "completed_on", "on_time", "extended", "breach", "days_late"}};
  const auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  for (const auto& h : rows) {
    table.push_back({h.reference, h.headline, h.milestone, iso(h.due), iso(h.original_due), iso(h.completed_on),
                     flag(h.on_time), flag(h.extended), flag(h.breach), std::to_string(h.days_late)});
  }
  return table;
}

}  // namespace

std::string compliance_csv_with(const std::vector<headline_compliance>& rows, const csv_options& options) {
  // Text: reference, headline, milestone.
  const std::vector<bool> own{false, false, false, true, true, true, true, true, true, true};
  return csv_document(compliance_table(rows), own, options);
}

std::string compliance_xlsx(const std::vector<headline_compliance>& rows) {
  return table_xlsx(compliance_table(rows), "Compliance");
}

std::string compliance_json(const std::vector<headline_compliance>& rows, date from, date to) {
  using json = nlohmann::ordered_json;
  json list = json::array();
  for (const auto& h : rows) {
    list.push_back({{"reference", h.reference},
                    {"headline", h.headline},
                    {"milestone", h.milestone},
                    {"due", opt_date(h.due)},
                    {"original_due", opt_date(h.original_due)},
                    {"completed_on", opt_date(h.completed_on)},
                    {"on_time", h.on_time},
                    {"extended", h.extended},
                    {"breach", h.breach},
                    {"days_late", h.days_late}});
  }
  const json doc = {{"schema", "libscr.compliance"},
                    {"version", json_schema_version},
                    {"from", format_date(from)},
                    {"to", format_date(to)},
                    {"rows", std::move(list)}};
  return doc.dump(2) + "\n";
}

std::string export_timetable(const review& r, date as_of, export_format f) {
  switch (f) {
    case export_format::text: return timetable_text(r, as_of, false);
    case export_format::csv: return timetable_csv(r, as_of);
    case export_format::json: return timetable_json(r, as_of);
    case export_format::ics: return timetable_ics(r, as_of);
    case export_format::html: return timetable_html(r, as_of);
  }
  return timetable_text(r, as_of, false);
}

}  // namespace scr

namespace scr {

namespace {

std::string field_text(const next_field& f) {
  std::string out = f.name + " (" + f.type;
  if (!f.values.empty()) out += ": " + detail::join(f.values, "|");
  out += f.required ? ", required" : !f.required_when.empty() ? ", required when " + f.required_when : ", optional";
  return out + ")";
}

}  // namespace

std::string next_steps_text(const std::vector<next_step>& steps) {
  std::string out;
  bool blocked_heading = false;
  for (const auto& s : steps) {
    if (!s.allowed && !blocked_heading) {
      out += out.empty() ? "" : "\n";
      out += "Not yet:\n";
      blocked_heading = true;
    } else if (s.allowed && out.empty()) {
      out += "Can be done now:\n";
    }
    std::string line = "  " + s.action + (s.name.empty() ? "" : " " + s.name) + (s.agency.empty() ? "" : " --agency \"" + s.agency + "\"");
    line += "  " + s.title + "\n";
    if (!s.allowed) {
      line += "      blocked: " + s.blocked_by + "\n";
    } else {
      line += "      by: " + (s.roles.empty() ? std::string("any role") : detail::join(s.roles)) + "\n";
      if (!s.when.empty()) line += "      when: " + detail::join(s.when, " or ") + "\n";
      if (!s.leads_to.empty()) line += "      leads to: " + detail::join(s.leads_to) + "\n";
      if (!s.fields.empty()) {
        std::vector<std::string> f;
        for (const auto& x : s.fields) f.push_back(field_text(x));
        line += "      data: " + detail::join(f, "; ") + "\n";
      }
    }
    out += line;
  }
  if (out.empty()) out = "Nothing can be done: the review is void.\n";
  return out;
}

std::string next_steps_json(const std::vector<next_step>& steps, std::string_view reference, date as_of) {
  using json = nlohmann::ordered_json;
  json list = json::array();
  for (const auto& s : steps) {
    json fields = json::array();
    for (const auto& f : s.fields) {
      json x = {{"name", f.name}, {"type", f.type}, {"required", f.required}};
      if (!f.required_when.empty()) x["required_when"] = f.required_when;
      if (!f.values.empty()) x["values"] = f.values;
      if (!f.description.empty()) x["description"] = f.description;
      fields.push_back(std::move(x));
    }
    json j = {{"action", s.action}, {"name", s.name}, {"agency", s.agency}, {"title", s.title},
              {"allowed", s.allowed}, {"roles", s.roles}, {"fields", std::move(fields)}, {"leads_to", s.leads_to},
              {"when", s.when}};
    if (!s.allowed) j["blocked_by"] = s.blocked_by;
    list.push_back(std::move(j));
  }
  json out = {{"version", 1}, {"reference", std::string(reference)}, {"as_of", format_date(as_of)}, {"steps", std::move(list)}};
  return out.dump(2) + "\n";
}

}  // namespace scr
