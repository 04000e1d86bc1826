// Checking an agency's chronology against the board's format and the
// review's acronyms, period, terms of reference and known names
// (scr/chronology.hpp; the rules: docs/chronology.md, "Checks").

#include <nlohmann/json.hpp>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "chronology/chronology_internal.hpp"
#include "chronology/sheet.hpp"
#include "digest.hpp"
#include "suggest.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace scr {

namespace detail {

std::string column_letters(std::size_t index) {
  std::string out;
  std::size_t n = index + 1;
  while (n > 0) {
    const std::size_t r = (n - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + r));
    n = (n - 1) / 26;
  }
  return out;
}

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

// Text as names are looked for in it: case-folded, typographic apostrophes
// and quotes as ' and ", a no-break space as a space, dashes as '-'.
std::string lower_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const auto k = static_cast<unsigned char>(s[i + 2]);
      if (k == 0x98 || k == 0x99) out += '\'';                  // ‘ ’
      else if (k == 0x9C || k == 0x9D) out += '"';              // “ ”
      else if (k >= 0x90 && k <= 0x95) out += '-';              // hyphens and dashes
      else if (k == 0xAF) out += ' ';                           // narrow no-break space
      else {
        out.append(s.substr(i, 3));
        i += 2;
        continue;
      }
      i += 2;
    } else if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      out += ' ';  // no-break space
      ++i;
    } else {
      out += static_cast<char>(std::tolower(u));
    }
  }
  // Beyond ASCII, Unicode case folding (ICU): "CHLOÉ" holds "Chloé".
  if (std::any_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    std::string folded;
    icu::UnicodeString::fromUTF8(out).foldCase().toUTF8String(folded);
    return folded;
  }
  return out;
}

// A letter or digit (any byte of a non-ASCII letter counts): what a name's
// first and last letters may not touch. An apostrophe is not one: "Rosie's"
// and "'Rosie'" name Rosie.
bool word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || u >= 0x80;
}

}  // namespace

parsed_day parse_day(std::string_view text, const std::vector<std::string>& forms, std::optional<date> period_to) {
  parsed_day out;
  const std::string_view t = trim(text);
  for (const auto& form : forms) {
    char sep = 0;
    for (const char c : form) {
      if (c == '.' || c == '/' || c == '-' || c == ' ') {
        sep = c;
        break;
      }
    }
    std::vector<std::string_view> want, got;
    for (std::string_view f = form;;) {
      const auto p = f.find(sep);
      want.push_back(f.substr(0, p));
      if (p == std::string_view::npos) break;
      f.remove_prefix(p + 1);
    }
    for (std::string_view f = t;;) {
      const auto p = f.find(sep);
      got.push_back(f.substr(0, p));
      if (p == std::string_view::npos) break;
      f.remove_prefix(p + 1);
    }
    if (want.size() != got.size()) continue;
    int d = 0, m = 0, y = 0;
    bool fits = true, two_digit_year = false;
    for (std::size_t i = 0; i < want.size() && fits; ++i) {
      const auto w = want[i];
      const auto g = got[i];
      if (!all_digits(g)) fits = false;
      else if (w == "dd" || w == "mm") fits = g.size() == 2;  // "dd/mm/yy ONLY" (002:242): two digits
      else if (w == "d" || w == "m") fits = g.size() <= 2;
      else if (w == "yy") fits = g.size() == 2;
      else if (w == "yyyy") fits = g.size() == 4;
      if (!fits) break;
      if (w[0] == 'd') d = to_int(g);
      else if (w[0] == 'm') m = to_int(g);
      else {
        y = to_int(g);
        two_digit_year = w == "yy";
      }
    }
    if (!fits) continue;
    if (two_digit_year) {
      // The century that does not put the date years after the period (or
      // after this century's present): a chronology is of the past.
      y += 2000;
      const int limit = period_to ? period_to->year() + 1 : 2069;
      if (y > limit) y -= 100;
    }
    try {
      out.day = make_date(y, m, d);
      out.invalid = false;
      return out;
    } catch (const input_error&) {
      out.invalid = true;
    }
  }
  return out;
}

std::optional<int> parse_time(std::string_view text, const std::vector<std::string>& forms) {
  const std::string_view t = trim(text);
  for (const auto& form : forms) {
    int h = -1, m = -1;
    if (form == "HHMM" && t.size() == 4 && all_digits(t)) {
      h = to_int(t.substr(0, 2));
      m = to_int(t.substr(2));
    } else if (form == "HH:MM" || form == "H:MM" || form == "HH.MM") {
      const char sep = form == "HH.MM" ? '.' : ':';
      const auto p = t.find(sep);
      if (p == std::string_view::npos) continue;
      const auto hh = t.substr(0, p), mm = t.substr(p + 1);
      if (!all_digits(hh) || !all_digits(mm) || mm.size() != 2) continue;
      if (hh.size() != 2 && !(form == "H:MM" && hh.size() == 1)) continue;
      h = to_int(hh);
      m = to_int(mm);
    }
    if (h >= 0 && h < 24 && m >= 0 && m < 60) return h * 60 + m;
  }
  return std::nullopt;
}

std::string format_day(date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", static_cast<int>(d.day()), static_cast<int>(d.month()),
                static_cast<int>(d.year()));
  return buf;
}

std::string format_minutes(int m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

namespace {

// Whether lower-cased `t` holds lower-cased `n` at a word's start and end.
bool holds_word(std::string_view t, std::string_view n) {
  if (n.empty()) return false;
  for (std::size_t p = t.find(n); p != std::string_view::npos; p = t.find(n, p + 1)) {
    const bool before = p == 0 || !word_char(t[p - 1]);
    const std::size_t e = p + n.size();
    const bool after = e >= t.size() || !word_char(t[e]);
    if (before && after) return true;
  }
  return false;
}

}  // namespace

bool contains_name(std::string_view text, std::string_view name) {
  return holds_word(lower_ascii(text), lower_ascii(trim(name)));
}

std::vector<std::string> names_in(std::string_view text, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  if (names.empty() || text.empty()) return out;
  std::string left = lower_ascii(text);
  // Longest first, so that a name inside a longer one found is not found again.
  std::vector<std::pair<std::string, const std::string*>> sorted;
  sorted.reserve(names.size());
  for (const auto& n : names) sorted.emplace_back(lower_ascii(trim(n)), &n);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [k, n] : sorted) {
    if (!holds_word(left, k)) continue;
    out.push_back(*n);
    for (std::size_t p = left.find(k); p != std::string::npos; p = left.find(k, p + 1)) {
      const std::size_t e = p + k.size();
      if ((p > 0 && word_char(left[p - 1])) || (e < left.size() && word_char(left[e]))) continue;
      for (std::size_t i = p; i < e; ++i) left[i] = ' ';
    }
  }
  return out;
}

}  // namespace detail

// ---- reading files ----------------------------------------------------------------

chronology_table read_chronology_bytes(std::string_view bytes, std::string_view file) {
  const detail::sheet s = detail::looks_like_xlsx(bytes) ? detail::read_xlsx(bytes, file) : detail::read_csv(bytes, file);
  chronology_table t;
  t.file = std::string(file);
  t.rows.reserve(s.rows.size());
  for (const auto& r : s.rows) {
    std::vector<chronology_cell> row;
    row.reserve(r.size());
    for (const auto& c : r) {
      chronology_cell cell{c.text, c.day, c.minutes};
      // A number shown as text is checked as its text; only dates and times
      // that Excel holds as such are taken as they are.
      if (c.type != detail::sheet_cell::kind::date && c.type != detail::sheet_cell::kind::date_time) cell.day.reset();
      if (c.type != detail::sheet_cell::kind::time && c.type != detail::sheet_cell::kind::date_time) cell.minutes.reset();
      row.push_back(std::move(cell));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

chronology_table read_chronology(const std::filesystem::path& path) {
  // Read up to the limit and no further (checked while reading, so that a
  // device that never ends is refused too): 32 MiB is some 100,000 entries.
  constexpr std::size_t limit = 32 * 1024 * 1024;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error("cannot read chronology " + path.string());
  std::string bytes;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > limit) {
      throw input_error("chronology " + path.string() + " is larger than 32 MiB: split it, or check it is the agency's chronology");
    }
  }
  return read_chronology_bytes(bytes, path.filename().string());
}

// ---- the canonical form ---------------------------------------------------------------

std::string agency_chronology::canonical() const {
  nlohmann::json entries_json = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json j{{"row", e.row},           {"position", e.position}, {"day", format_date(e.day)},
                     {"values", e.values},     {"subjects", e.subjects}, {"questions", e.questions}};
    j["minutes"] = e.minutes ? nlohmann::json(*e.minutes) : nlohmann::json();
    const auto tri = [](const std::optional<bool>& b) { return b ? nlohmann::json(*b) : nlohmann::json(); };
    j["seen"] = tri(e.seen);
    j["seen_alone"] = tri(e.seen_alone);
    j["wishes"] = tri(e.wishes);
    entries_json.push_back(std::move(j));
  }
  const nlohmann::json doc{{"kind", "libscr agency chronology"},
                           {"version", 1},
                           {"agency", agency},
                           {"format", format},
                           {"format_version", format_version},
                           {"summary", summary},
                           {"entries", std::move(entries_json)}};
  return doc.dump();
}

agency_chronology agency_chronology::from_canonical(std::string_view json) {
  try {
    const auto doc = nlohmann::json::parse(json);
    if (doc.at("kind") != "libscr agency chronology" || doc.at("version") != 1) {
      throw input_error("not a stored agency chronology of version 1");
    }
    agency_chronology c;
    c.agency = doc.at("agency").get<std::string>();
    c.format = doc.at("format").get<std::string>();
    c.format_version = doc.at("format_version").get<int>();
    c.summary = doc.at("summary").get<std::string>();
    for (const auto& j : doc.at("entries")) {
      chronology_entry e;
      e.agency = c.agency;
      e.row = j.at("row").get<std::size_t>();
      e.position = j.at("position").get<std::size_t>();
      e.day = parse_date(j.at("day").get<std::string>());
      if (!j.at("minutes").is_null()) e.minutes = j.at("minutes").get<int>();
      e.values = j.at("values").get<std::vector<std::string>>();
      e.subjects = j.at("subjects").get<std::vector<std::string>>();
      e.questions = j.at("questions").get<std::vector<int>>();
      const auto tri = [&](const char* k) -> std::optional<bool> {
        if (j.at(k).is_null()) return std::nullopt;
        return j.at(k).get<bool>();
      };
      e.seen = tri("seen");
      e.seen_alone = tri("seen_alone");
      e.wishes = tri("wishes");
      c.entries.push_back(std::move(e));
    }
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw input_error(std::string("a stored agency chronology does not read: ") + e.what());
  }
}

std::string agency_chronology::sha256() const { return detail::sha256_hex(canonical()); }

// ---- the check ------------------------------------------------------------------------

bool chronology_check::refused() const noexcept { return errors() > 0; }

std::size_t chronology_check::errors() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(issues.begin(), issues.end(), [](const chronology_issue& i) { return i.level == severity::error; }));
}

std::size_t chronology_check::warnings() const noexcept { return issues.size() - errors(); }

std::string chronology_check::report() const {
  std::ostringstream out;
  out << "Chronology from " << chronology.agency << " (" << chronology.format << "): ";
  if (refused()) {
    out << "RETURNED for amendment: " << errors() << (errors() == 1 ? " error" : " errors");
  } else {
    out << "accepted, " << chronology.entries.size() << (chronology.entries.size() == 1 ? " entry" : " entries");
  }
  if (warnings() > 0) out << ", " << warnings() << (warnings() == 1 ? " warning" : " warnings");
  out << "\n";
  for (const severity level : {severity::error, severity::warning}) {
    for (const auto& i : issues) {
      if (i.level != level) continue;
      out << "  " << (level == severity::error ? "error  " : "warning") << " ";
      if (i.row > 0) out << "row " << i.row;
      else out << "file";
      if (!i.cell.empty()) out << ", " << i.cell;
      if (!i.column.empty()) out << " (" << i.column << ")";
      out << ": " << i.message << " [" << i.rule << "]\n";
    }
  }
  return out.str();
}

namespace {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

bool is_blank(const std::vector<chronology_cell>& row) {
  return std::all_of(row.begin(), row.end(), [](const chronology_cell& c) { return detail::trim(c.text).empty(); });
}

// Splits a codes cell: "M, MP", "M/MP", "M & MP", "M and MP".
std::vector<std::string> split_codes(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  const auto flush = [&] {
    const auto t = detail::trim(cur);
    if (!t.empty()) out.emplace_back(t);
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ',' || c == '/' || c == '&' || c == ';' || c == '+') {
      flush();
    } else if ((c == ' ' || c == '\t') && i + 4 < s.size() && detail::lower(s.substr(i + 1, 3)) == "and" &&
               (s[i + 4] == ' ' || s[i + 4] == '\t')) {
      flush();
      i += 3;
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

std::vector<std::string> split_numbers(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : s) {
    if (c == ',' || c == ';' || c == '/' || c == ' ' || c == '&') {
      if (!cur.empty() && detail::lower(cur) != "and") out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty() && detail::lower(cur) != "and") out.push_back(cur);
  return out;
}

std::optional<bool> yes_no(std::string_view s) {
  const std::string v = detail::lower(detail::trim(s));
  if (v == "y" || v == "yes") return true;
  if (v == "n" || v == "no") return false;
  return std::nullopt;
}


// Whether an entry's text says the child was seen alone, and whether their
// wishes were sought (formats without columns for them): the clause (from
// the last '.', ';' or ':' before the word to the next) that holds "alone"
// or "wishes" says yes unless it holds a "not", "n't", "no" or "without"
// before the word or, for the wishes, a "not" after it ("her wishes and
// feelings were not sought"); no such clause says nothing.
// docs/chronology.md.
std::optional<bool> clause_says(std::string_view text, std::string_view word, bool look_after) {
  const std::string t = detail::lower_ascii(text);  // ’ as '
  std::optional<bool> out;
  for (std::size_t p = t.find(word); p != std::string::npos; p = t.find(word, p + word.size())) {
    const std::size_t from = [&] {
      const auto b = t.find_last_of(".;:", p);
      return b == std::string::npos ? std::size_t{0} : b + 1;
    }();
    const std::size_t to = std::min(t.size(), t.find_first_of(".;:", p));
    const std::string before = " " + t.substr(from, p - from) + " ", after = " " + t.substr(p, to - p) + " ";
    const auto has = [](const std::string& clause, std::string_view w) { return detail::contains_name(clause, w); };
    const bool negated = has(before, "not") || before.find("n't") != std::string::npos || has(before, "no") ||
                         has(before, "without") ||
                         (look_after && (has(after, "not") || after.find("n't") != std::string::npos));
    out = !negated;
    if (*out) return out;  // any clause that says yes
  }
  return out;
}
// "seen alone and her wishes were not sought": what follows "alone" is of
// the wishes, so only what comes before it counts.
std::optional<bool> said_alone(std::string_view t) { return clause_says(t, "alone", false); }
std::optional<bool> said_wishes(std::string_view t) { return clause_says(t, "wishes", true); }

}  // namespace

chronology_check check_chronology(const chronology_setup& setup, std::string_view agency,
                                  const chronology_table& table) {
  const chronology_format& f = setup.format;
  chronology_check out;
  out.chronology.agency = std::string(agency);
  out.chronology.format = f.id();
  out.chronology.format_version = f.version();
  const auto issue = [&](severity level, std::string rule, std::size_t row, std::string column, std::string cell,
                         std::string message) {
    out.issues.push_back({level, std::move(rule), row, std::move(column), std::move(cell), std::move(message)});
  };
  const auto level_of = [](strength s) { return s == strength::must ? severity::error : severity::warning; };

  // The header: among the first rows, the one that names most of the
  // template's headings (a title may stand above it).
  std::map<std::string, std::size_t> heading_of;  // folded heading -> format column
  for (std::size_t i = 0; i < f.columns().size(); ++i) {
    heading_of.emplace(detail::fold_heading(f.columns()[i].title), i);
    for (const auto& h : f.columns()[i].headings) heading_of.emplace(detail::fold_heading(h), i);
  }
  std::size_t header = table.rows.size(), best = 0;
  for (std::size_t r = 0; r < std::min<std::size_t>(table.rows.size(), 10); ++r) {
    std::size_t hits = 0;
    for (const auto& c : table.rows[r]) hits += heading_of.count(detail::fold_heading(c.text));
    if (hits > best) {
      best = hits;
      header = r;
    }
  }
  if (header == table.rows.size()) {
    // No heading of the template at all: the first non-blank row is taken as
    // the header, so that each of its headings is reported.
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      if (!is_blank(table.rows[r])) {
        header = r;
        break;
      }
    }
  }
  if (header == table.rows.size()) {
    issue(severity::error, "no-entries", 0, "", "", table.file + " is empty");
    return out;
  }
  const auto& head = table.rows[header];
  std::vector<std::optional<std::size_t>> file_to_format(head.size());
  std::vector<std::optional<std::size_t>> format_to_file(f.columns().size());
  std::vector<std::size_t> unmatched, twice;  // file columns
  for (std::size_t c = 0; c < head.size(); ++c) {
    const std::string text(detail::trim(head[c].text));
    if (text.empty()) continue;
    const auto it = heading_of.find(detail::fold_heading(text));
    if (it == heading_of.end()) {
      unmatched.push_back(c);
    } else if (format_to_file[it->second]) {
      twice.push_back(c);
    } else {
      file_to_format[c] = it->second;
      format_to_file[it->second] = c;
    }
  }
  const auto cell_of = [&](std::size_t c) { return detail::column_letters(c) + std::to_string(header + 1); };
  for (const auto c : twice) {
    const std::string text(detail::trim(head[c].text));
    issue(severity::error, "header-unknown", header + 1, text, cell_of(c),
          in_quotes(text) + " is given twice; the template has the column once");
  }
  // A heading the template does not have: a column renamed is named (and
  // its cells are still checked as that column's, so that the agency hears
  // of every problem at once); another is refused, or ignored.
  std::vector<std::size_t> guessed(f.columns().size(), head.size());
  for (const auto c : unmatched) {
    const std::string text(detail::trim(head[c].text));
    std::vector<std::string> titles;
    for (std::size_t i = 0; i < f.columns().size(); ++i) {
      if (!format_to_file[i] && guessed[i] == head.size()) titles.push_back(f.columns()[i].title);
    }
    std::string hint = detail::closest(text, titles);
    // "Date of event" for "Date": a heading of the template inside it.
    for (const auto& t : titles) {
      if (hint.empty() && detail::contains_name(text, t)) hint = t;
    }
    if (!hint.empty()) {
      for (std::size_t i = 0; i < f.columns().size(); ++i) {
        if (f.columns()[i].title == hint) guessed[i] = c;
      }
    }
    if (f.other_columns_refused() || !hint.empty()) {
      issue(severity::error, "header-unknown", header + 1, text, cell_of(c),
            in_quotes(text) + " is not a heading of " + f.title() +
                (hint.empty() ? "; the format may not be amended" : "; did you mean " + in_quotes(hint) + "?"));
    }
  }
  std::vector<bool> absent(f.columns().size(), false);  // missing, and no column taken for it
  for (std::size_t i = 0; i < f.columns().size(); ++i) {
    const auto& col = f.columns()[i];
    if (format_to_file[i] || col.optional) continue;
    issue(severity::error, "header-missing", header + 1, col.title, "",
          "the template's column " + in_quotes(col.title) + " is missing");
    if (guessed[i] < head.size()) format_to_file[i] = guessed[i];
    else absent[i] = true;
  }
  if (setup.acronyms.empty() && f.column_for(chronology_role::subject) != nullptr) {
    issue(severity::warning, "acronyms-missing", 0, "", "",
          "the review has no acronym list: the codes were not checked against one");
  }

  const auto cell_at = [&](const std::vector<chronology_cell>& row, std::size_t col) -> const chronology_cell* {
    const auto c = format_to_file[col];
    if (!c || *c >= row.size()) return nullptr;
    return &row[*c];
  };
  // A column of the format as the file names it, and its cell in a row.
  const auto index_of = [&](const chronology_column* col) {
    return static_cast<std::size_t>(col - f.columns().data());
  };
  const auto heading_in_file = [&](std::size_t i) {
    return format_to_file[i] ? std::string(detail::trim(head[*format_to_file[i]].text)) : f.columns()[i].title;
  };
  const auto cell_in_file = [&](std::size_t i, std::size_t file_row) {
    return format_to_file[i] ? detail::column_letters(*format_to_file[i]) + std::to_string(file_row) : std::string();
  };
  std::optional<int> last_number;
  std::optional<date> last_day;
  const chronology_column* summary_col = f.column_for(chronology_role::summary);
  for (std::size_t r = header + 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (is_blank(row)) continue;
    const std::size_t file_row = r + 1;
    // The summary of themes at the end (Essex): a row that starts with it.
    std::size_t first = 0;
    while (first < row.size() && detail::trim(row[first].text).empty()) ++first;
    const std::string lead = detail::fold_heading(row[first].text);
    if (f.summary_rule() && (lead.rfind("summaryofthemes", 0) == 0 || lead == "summary")) {
      std::string text;
      for (std::size_t q = r; q < table.rows.size(); ++q) {
        for (std::size_t c = q == r ? first + 1 : 0; c < table.rows[q].size(); ++c) {
          const auto t = detail::trim(table.rows[q][c].text);
          if (t.empty()) continue;
          if (!text.empty()) text += "\n";
          text += t;
        }
      }
      out.chronology.summary = text;
      for (const auto& name : detail::names_in(text, setup.known_names)) {
        issue(severity::error, "known-name", file_row, "", "",
              "the summary names " + in_quotes(name) + ", on the board's list of names: use its acronym");
      }
      break;
    }
    // Text under no heading of the template is not dropped unseen.
    if (f.other_columns_refused()) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (detail::trim(row[c].text).empty() && !row[c].day && !row[c].minutes) continue;
        if (c < head.size() && !detail::trim(head[c].text).empty()) continue;
        issue(severity::error, "header-unknown", file_row, "", detail::column_letters(c) + std::to_string(file_row),
              "text under no heading of the template: put it in the column it belongs to");
      }
    }
    chronology_entry e;
    e.agency = std::string(agency);
    e.row = file_row;
    e.position = out.chronology.entries.size();
    e.values.resize(f.columns().size());
    bool dated = false, untimed_unknown = false;
    for (std::size_t i = 0; i < f.columns().size(); ++i) {
      const auto& col = f.columns()[i];
      if (absent[i]) continue;  // reported once, at the heading
      const chronology_cell* cell = cell_at(row, i);
      const std::string ref =
          format_to_file[i] ? detail::column_letters(*format_to_file[i]) + std::to_string(file_row) : std::string();
      const std::string heading = format_to_file[i] ? std::string(detail::trim(head[*format_to_file[i]].text)) : col.title;
      const std::string text = cell ? std::string(detail::trim(cell->text)) : std::string();
      const bool empty = text.empty() && !(cell && (cell->day || cell->minutes));
      const auto bad = [&](std::string rule, std::string message, severity level = severity::error) {
        issue(level, std::move(rule), file_row, heading, ref, std::move(message));
      };
      if (empty) {
        if (col.type == chronology_type::time_of_day) {
          const std::string how = f.unknown_time()
                                      ? "; if no time is known, enter " + *f.unknown_time() + " and say why in " +
                                            in_quotes(f.column(f.unknown_time_reason_in())->title)
                                      : std::string("; without one the order of the day's entries cannot be known");
          bad("time-missing", "no time" + how, level_of(f.time_rule()));
        } else if (col.required) {
          bad("required", in_quotes(col.title) + " must be filled in every entry");
        }
        continue;
      }
      // What no cell may hold, whatever its column: controls, bidirectional
      // overrides, more than a spreadsheet cell (32,767 characters).
      if (const auto problem = detail::free_text_problem(text)) {
        bad("text", "the cell " + *problem);
        continue;
      }
      if (text.size() > 4 * 32'767) {
        bad("text", "the cell holds more text than a spreadsheet cell can (32,767 characters)");
        continue;
      }
      switch (col.type) {
        case chronology_type::day: {
          std::optional<date> d = cell->day;
          if (d && (d->year() < 1900 || d->year() > 2199)) {
            bad("date-invalid", detail::format_day(*d) + " is outside the dates libscr knows (1900 to 2199)");
            break;
          }
          if (!d) {
            const auto p = detail::parse_day(text, f.date_forms(), setup.period_to);
            if (p.invalid) {
              bad("date-invalid", in_quotes(text) + " is not a date that exists");
            } else if (!p.day) {
              bad("date-format", in_quotes(text) + " is not a date in the form " + detail::join(f.date_forms(), " or "));
            }
            d = p.day;
          }
          if (d) {
            e.day = *d;
            dated = true;
            e.values[i] = detail::format_day(*d);
            const bool before = setup.period_from && *d < *setup.period_from;
            const bool after = setup.period_to && *d > *setup.period_to;
            if (before || after) {
              bad("period",
                  detail::format_day(*d) + " is outside the terms of reference's period (" +
                      (setup.period_from ? detail::format_day(*setup.period_from) : std::string("...")) + " to " +
                      (setup.period_to ? detail::format_day(*setup.period_to) : std::string("...")) + ")",
                  level_of(f.period_rule()));
            }
          }
          break;
        }
        case chronology_type::time_of_day: {
          std::optional<int> m = cell->minutes;
          if (!m) {
            m = detail::parse_time(text, f.time_forms());
            if (!m) bad("time-format", in_quotes(text) + " is not a time in the form " + detail::join(f.time_forms(), " or "));
          }
          if (m) {
            e.values[i] = detail::format_minutes(*m);
            if (f.unknown_time() && detail::format_minutes(*m) == *f.unknown_time()) {
              untimed_unknown = true;  // checked against its reason below
            } else {
              e.minutes = m;
            }
          }
          break;
        }
        case chronology_type::yes_no: {
          const auto v = yes_no(text);
          if (!v) {
            bad("yes-no", in_quotes(text) + " is neither Y nor N");
          } else {
            e.values[i] = *v ? "Y" : "N";
            if (col.role == chronology_role::seen) e.seen = v;
            else if (col.role == chronology_role::seen_alone) e.seen_alone = v;
            else if (col.role == chronology_role::wishes) e.wishes = v;
          }
          break;
        }
        case chronology_type::codes: {
          std::vector<std::string> codes = split_codes(text);
          std::string normal;
          for (const auto& code : codes) {
            const acronym* a = setup.find_acronym(code);
            const bool name = a == nullptr && !detail::names_in(code, setup.known_names).empty();
            if (name) {
              bad("known-name", in_quotes(code) + " is a name on the board's list: use its acronym");
            } else if (a == nullptr && !setup.acronyms.empty()) {
              std::vector<std::string> known;
              for (const auto& x : setup.acronyms) known.push_back(x.code);
              const std::string hint = detail::closest(code, known);
              bad("code-unknown", in_quotes(code) + " is not on the review's acronym list" +
                                      (hint.empty() ? "; ask the administrator for one"
                                                    : "; did you mean " + in_quotes(hint) + "?"));
            }
            const std::string c = a ? a->code : code;
            e.subjects.push_back(c);
            if (!normal.empty()) normal += ", ";
            normal += c;
          }
          e.values[i] = normal;
          break;
        }
        case chronology_type::tor: {
          std::string normal;
          for (const auto& n : split_numbers(text)) {
            const bool number = std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                                n.size() < 4;
            const int q = number ? std::stoi(n) : 0;
            if (!number || q < 1 || (!setup.questions.empty() && static_cast<std::size_t>(q) > setup.questions.size())) {
              bad("tor-unknown", in_quotes(n) + " is not the number of a terms of reference question" +
                                     (setup.questions.empty() ? std::string()
                                                              : " (1 to " + std::to_string(setup.questions.size()) + ")"));
              continue;
            }
            e.questions.push_back(q);
            if (!normal.empty()) normal += ", ";
            normal += std::to_string(q);
          }
          e.values[i] = normal;
          break;
        }
        case chronology_type::number: {
          if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) || text.size() > 9) {
            bad("number", in_quotes(text) + " is not a whole number");
            break;
          }
          const int n = std::stoi(text);
          if (last_number && n != *last_number + 1) {
            bad("number-sequence", "event number " + text + " does not follow " + std::to_string(*last_number),
                severity::warning);
          }
          last_number = n;
          e.values[i] = text;
          break;
        }
        case chronology_type::text: {
          e.values[i] = text;
          if (col.names) {
            for (const auto& name : detail::names_in(text, setup.known_names)) {
              bad("known-name", "names " + in_quotes(name) + ", on the board's list of names: use its acronym");
            }
          }
          break;
        }
      }
    }
    if (untimed_unknown) {
      const auto* reason_col = f.column(f.unknown_time_reason_in());
      const std::size_t ri = static_cast<std::size_t>(reason_col - f.columns().data());
      if (!detail::contains_name(e.values[ri], "time")) {
        const std::size_t ti = index_of(f.column_for(chronology_role::time_of_day));
        issue(severity::error, "time-unknown-reason", file_row, heading_in_file(ti), cell_in_file(ti, file_row),
              *f.unknown_time() + " stands for a time not known: " + in_quotes(heading_in_file(ri)) +
                  " must say why (e.g. \"time not recorded\")");
      }
    }
    // What the entry says of the child seen, when the format has no column for it.
    if (summary_col != nullptr) {
      const std::string& t = e.values[static_cast<std::size_t>(summary_col - f.columns().data())];
      if (!e.seen_alone && f.column_for(chronology_role::seen_alone) == nullptr && e.seen == true) e.seen_alone = said_alone(t);
      if (!e.wishes && f.column_for(chronology_role::wishes) == nullptr && e.seen == true) e.wishes = said_wishes(t);
      if (f.seen_detail() && e.seen == true && (!e.seen_alone || !e.wishes)) {
        const std::size_t si = index_of(summary_col);
        issue(level_of(*f.seen_detail()), "seen-detail", file_row, heading_in_file(si), cell_in_file(si, file_row),
              std::string("the child was seen: say ") +
                  (!e.seen_alone && !e.wishes ? "whether alone and whether their wishes and feelings were sought"
                   : !e.seen_alone            ? "whether alone"
                                              : "whether their wishes and feelings were sought"));
      }
    }
    if (!dated) continue;  // reported; not an entry
    if (last_day && e.day < *last_day) {
      const std::size_t di = index_of(f.column_for(chronology_role::day));
      issue(severity::warning, "date-order", file_row, heading_in_file(di), cell_in_file(di, file_row),
            "dated before the entry above it: entries run in date order");
    }
    last_day = e.day;
    out.chronology.entries.push_back(std::move(e));
  }
  if (f.summary_rule() && out.chronology.summary.empty()) {
    issue(level_of(*f.summary_rule()), "summary-missing", 0, "", "",
          "the chronology must end with a row \"Summary of themes and learning\" and the summary beside it");
  }
  if (out.chronology.entries.empty() && out.errors() == 0) {
    issue(severity::error, "no-entries", 0, "", "", "the chronology has no entries");
  }
  // By row, then by column (the cell's letters: shorter first, then in order).
  std::stable_sort(out.issues.begin(), out.issues.end(), [](const chronology_issue& a, const chronology_issue& b) {
    const auto letters = [](const std::string& cell) {
      const auto n = cell.find_first_of("0123456789");
      return cell.substr(0, n == std::string::npos ? cell.size() : n);
    };
    const std::string x = letters(a.cell), y = letters(b.cell);
    return std::tuple(a.row, x.size(), x) < std::tuple(b.row, y.size(), y);
  });
  return out;
}

}  // namespace scr
