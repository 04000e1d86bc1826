// Chronology formats from YAML (scr/chronology.hpp; docs/chronology.md,
// "Formats"): every problem is collected with its position, as for
// procedure files.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "builtin_formats.hpp"
#include "chronology/chronology_internal.hpp"
#include "scr/chronology.hpp"
#include "suggest.hpp"
#include "text.hpp"

namespace scr {

namespace {

template <class E>
struct named {
  std::string_view name;
  E value;
};

constexpr named<chronology_type> type_names[] = {
    {"number", chronology_type::number}, {"date", chronology_type::day},   {"time", chronology_type::time_of_day},
    {"yes_no", chronology_type::yes_no}, {"codes", chronology_type::codes}, {"tor", chronology_type::tor},
    {"text", chronology_type::text}};
constexpr named<chronology_role> role_names[] = {
    {"number", chronology_role::number},       {"date", chronology_role::day},
    {"time", chronology_role::time_of_day},           {"age", chronology_role::age},
    {"subject", chronology_role::subject},     {"seen", chronology_role::seen},
    {"seen_alone", chronology_role::seen_alone}, {"wishes", chronology_role::wishes},
    {"source", chronology_role::source},       {"summary", chronology_role::summary},
    {"actions", chronology_role::actions},     {"standards", chronology_role::standards},
    {"tor", chronology_role::tor},             {"comment", chronology_role::comment},
    {"other", chronology_role::other}};

template <class E, std::size_t N>
std::string_view name_of(const named<E> (&table)[N], E v) noexcept {
  for (const auto& n : table) {
    if (n.value == v) return n.name;
  }
  return "?";
}

bool valid_id(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

// A date form: day, month and year fields (d or dd, m or mm, yy or yyyy)
// joined by one separator.
bool valid_date_form(std::string_view f) {
  std::vector<std::string> parts;
  char sep = 0;
  std::string cur;
  for (const char c : f) {
    if (c == '.' || c == '/' || c == '-' || c == ' ') {
      if (sep != 0 && c != sep) return false;
      sep = c;
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (parts.size() != 3 || sep == 0) return false;
  bool d = false, m = false, y = false;
  for (const auto& p : parts) {
    bool* seen = p == "d" || p == "dd" ? &d : p == "m" || p == "mm" ? &m : p == "yy" || p == "yyyy" ? &y : nullptr;
    if (seen == nullptr || *seen) return false;
    *seen = true;
  }
  return true;
}

bool valid_time_form(std::string_view f) {
  return f == "HH:MM" || f == "HHMM" || f == "H:MM" || f == "HH.MM";
}

}  // namespace

std::string_view to_string(chronology_type t) noexcept { return name_of(type_names, t); }
std::string_view to_string(chronology_role r) noexcept { return name_of(role_names, r); }

class chronology_format_loader {
 public:
  explicit chronology_format_loader(std::string_view file) : file_(file) {}

  chronology_format run(std::string_view text) {
    chronology_format f;
    f.source_ = std::string(text);
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      diags_.push_back({severity::error, "yaml-syntax", e.msg, std::string(file_), e.mark.line + 1, e.mark.column + 1});
      return f;
    }
    if (!root.IsMap() || !root["format"]) {
      error(root, "missing-key", "a chronology format file needs a 'format' section (id, title, dates, times, columns)");
      return f;
    }
    const YAML::Node m = root["format"];
    if (!m.IsMap()) {
      error(m, "type", "'format' must be a mapping");
      return f;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.Scalar() != "format") error(it->first, "unknown-key", "unknown top-level key " + in_quotes(it->first.Scalar()));
    }
    check_keys(m, {"id", "version", "title", "description", "cite", "dates", "times", "time", "unknown_time",
                   "untimed", "period", "other_columns", "seen_detail", "summary", "learning_event", "columns"},
               "format");
    f.id_ = scalar(m, "id", true);
    if (m["id"] && !valid_id(f.id_)) {
      error(m["id"], "bad-id", "invalid format id " + in_quotes(f.id_) + " (lower-case letters, digits, '_' and '-')");
    }
    f.title_ = scalar(m, "title", true);
    if (m["version"]) {
      const std::string v = scalar(m, "version", true);
      try {
        std::size_t used = 0;
        const int n = std::stoi(v, &used);
        if (used != v.size() || n < 1) throw std::invalid_argument(v);
        f.version_ = n;
      } catch (const std::exception&) {
        error(m["version"], "type", "version " + in_quotes(v) + " must be a whole number, 1 or more");
      }
    }
    f.cite_ = list(m, "cite", false);
    f.dates_ = list(m, "dates", true);
    for (std::size_t i = 0; i < f.dates_.size(); ++i) {
      if (!valid_date_form(f.dates_[i])) {
        error(m["dates"][i], "bad-date-form",
              "date form " + in_quotes(f.dates_[i]) + " is not day, month and year (d or dd, m or mm, yy or yyyy) joined by one of . / - or a space");
      }
    }
    if (m["dates"] && f.dates_.empty()) error(m["dates"], "missing-key", "'dates' lists no date form");
    f.times_ = list(m, "times", true);
    for (std::size_t i = 0; i < f.times_.size(); ++i) {
      if (!valid_time_form(f.times_[i])) {
        error(m["times"][i], "bad-time-form", "time form " + in_quotes(f.times_[i]) + " is not one of HH:MM, HHMM, H:MM, HH.MM");
      }
    }
    f.time_ = strength_of(m, "time", strength::should);
    f.period_ = strength_of(m, "period", strength::must);
    if (m["seen_detail"]) f.seen_detail_ = strength_of(m, "seen_detail", strength::should);
    if (m["summary"]) f.summary_ = strength_of(m, "summary", strength::must);
    if (const auto u = m["untimed"]) {
      const std::string v = scalar(m, "untimed", false);
      if (v == "first") f.untimed_first_ = true;
      else if (v != "last") error(u, "bad-value", "untimed must be first or last, not " + in_quotes(v));
    }
    if (const auto o = m["other_columns"]) {
      const std::string v = scalar(m, "other_columns", false);
      if (v == "allowed") f.other_columns_refused_ = false;
      else if (v != "refused") error(o, "bad-value", "other_columns must be refused or allowed, not " + in_quotes(v));
    }
    read_columns(m, f);
    if (const auto u = m["unknown_time"]) {
      if (!u.IsMap()) {
        error(u, "type", "unknown_time must be a mapping {as: \"00:00\", reason_in: COLUMN}");
      } else {
        check_keys(u, {"as", "reason_in"}, "unknown_time");
        f.unknown_time_ = scalar(u, "as", true);
        f.reason_in_ = scalar(u, "reason_in", true);
        const chronology_column* c = f.column(f.reason_in_);
        if (u["reason_in"] && (c == nullptr || c->type != chronology_type::text)) {
          error(u["reason_in"], "unknown-column", "unknown_time.reason_in " + in_quotes(f.reason_in_) +
                                                      " is not a text column of this format" + hint(f, f.reason_in_));
        }
        if (f.column_for(chronology_role::time_of_day) == nullptr) {
          error(u, "time-column", "unknown_time needs a column of type time");
        }
        if (u["as"] && (f.unknown_time_->size() != 5 || (*f.unknown_time_)[2] != ':')) {
          error(u["as"], "bad-value", "unknown_time.as must be a time HH:MM, not " + in_quotes(*f.unknown_time_));
        }
      }
    }
    if (const auto le = m["learning_event"]) {
      if (!le.IsMap()) {
        error(le, "type", "learning_event must be a mapping {leave_out: [COLUMN, ...]}");
      } else {
        check_keys(le, {"leave_out"}, "learning_event");
        f.leave_out_ = list(le, "leave_out", false);
        for (std::size_t i = 0; i < f.leave_out_.size(); ++i) {
          if (f.column(f.leave_out_[i]) == nullptr) {
            error(le["leave_out"][i], "unknown-column",
                  "learning_event.leave_out names " + in_quotes(f.leave_out_[i]) + ", not a column of this format" +
                      hint(f, f.leave_out_[i]));
          }
        }
      }
    }
    return f;
  }

  std::vector<diagnostic> take() {
    std::stable_sort(diags_.begin(), diags_.end(), [](const diagnostic& a, const diagnostic& b) {
      if (a.level != b.level) return a.level == severity::error;
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return std::move(diags_);
  }

 private:
  std::string_view file_;
  std::vector<diagnostic> diags_;

  static std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

  void error(const YAML::Node& at, std::string rule, std::string message) {
    const auto mark = at.Mark();
    diags_.push_back({severity::error, std::move(rule), std::move(message), std::string(file_),
                      mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0});
  }

  static std::string hint(const chronology_format& f, std::string_view name) {
    std::vector<std::string> ids;
    for (const auto& c : f.columns_) ids.push_back(c.id);
    const std::string h = detail::closest(name, ids);
    return h.empty() ? std::string() : "; did you mean " + in_quotes(h) + "?";
  }

  void check_keys(const YAML::Node& n, std::initializer_list<std::string_view> allowed, std::string_view what) {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string k = it->first.Scalar();
      if (std::find(names.begin(), names.end(), k) != names.end()) continue;
      const std::string h = detail::closest(k, names);
      error(it->first, "unknown-key", "unknown key " + in_quotes(k) + " in " + std::string(what) +
                                          (h.empty() ? std::string() : "; did you mean " + in_quotes(h) + "?"));
    }
  }

  std::string scalar(const YAML::Node& parent, std::string_view key, bool required) {
    const YAML::Node n = parent[std::string(key)];
    if (!n) {
      if (required) error(parent, "missing-key", "missing " + in_quotes(key));
      return {};
    }
    if (!n.IsScalar()) {
      error(n, "type", in_quotes(key) + " must be a single value");
      return {};
    }
    return n.Scalar();
  }

  bool flag(const YAML::Node& parent, std::string_view key) {
    const std::string v = scalar(parent, key, false);
    if (v.empty() || v == "false") return false;
    if (v == "true") return true;
    error(parent[std::string(key)], "type", in_quotes(key) + " must be true or false, not " + in_quotes(v));
    return false;
  }

  std::vector<std::string> list(const YAML::Node& parent, std::string_view key, bool required) {
    const YAML::Node n = parent[std::string(key)];
    std::vector<std::string> out;
    if (!n) {
      if (required) error(parent, "missing-key", "missing " + in_quotes(key));
      return out;
    }
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) {
      error(n, "type", in_quotes(key) + " must be a list");
      return out;
    }
    for (const auto& x : n) {
      if (!x.IsScalar()) {
        error(x, "type", "each of " + in_quotes(key) + " must be a single value");
        continue;
      }
      out.push_back(x.Scalar());
    }
    return out;
  }

  strength strength_of(const YAML::Node& parent, std::string_view key, strength fallback) {
    const std::string v = scalar(parent, key, false);
    if (v.empty()) return fallback;
    if (v == "must") return strength::must;
    if (v == "should") return strength::should;
    error(parent[std::string(key)], "bad-value", in_quotes(key) + " must be must or should, not " + in_quotes(v));
    return fallback;
  }

  template <class E, std::size_t N>
  E pick(const YAML::Node& parent, std::string_view key, const named<E> (&table)[N], E fallback) {
    const std::string v = scalar(parent, key, true);
    if (v.empty()) return fallback;
    std::vector<std::string> names;
    for (const auto& n : table) {
      if (n.name == v) return n.value;
      names.emplace_back(n.name);
    }
    const std::string h = detail::closest(v, names);
    error(parent[std::string(key)], "bad-value",
          "unknown " + std::string(key) + " " + in_quotes(v) +
              (h.empty() ? " (one of " + detail::join(names) + ")" : "; did you mean " + in_quotes(h) + "?"));
    return fallback;
  }

  void read_columns(const YAML::Node& m, chronology_format& f) {
    const YAML::Node cols = m["columns"];
    if (!cols) {
      error(m, "missing-key", "missing 'columns'");
      return;
    }
    if (!cols.IsSequence() || cols.size() == 0) {
      error(cols, "type", "'columns' must be a list of columns");
      return;
    }
    std::map<std::string, std::string> headings;  // folded heading -> column id
    for (const auto& c : cols) {
      if (!c.IsMap()) {
        error(c, "type", "each column must be a mapping {id, title, type, role, ...}");
        continue;
      }
      check_keys(c, {"id", "title", "headings", "type", "role", "required", "present", "names", "cite"}, "a column");
      chronology_column col;
      col.id = scalar(c, "id", true);
      if (c["id"] && !valid_id(col.id)) error(c["id"], "bad-id", "invalid column id " + in_quotes(col.id));
      if (f.column(col.id) != nullptr) error(c["id"], "duplicate-key", "column " + in_quotes(col.id) + " is declared twice");
      col.title = scalar(c, "title", true);
      col.headings = list(c, "headings", false);
      col.type = pick(c, "type", type_names, chronology_type::text);
      col.role = pick(c, "role", role_names, chronology_role::other);
      col.required = flag(c, "required");
      col.names = flag(c, "names");
      col.cite = list(c, "cite", false);
      if (const auto p = c["present"]) {
        const std::string v = scalar(c, "present", false);
        if (v == "optional") col.optional = true;
        else if (v != "required") error(p, "bad-value", "present must be required or optional, not " + in_quotes(v));
      }
      if (col.names && col.type != chronology_type::text) {
        error(c["names"], "bad-value", "names: true is for text columns; " + in_quotes(col.id) + " is " +
                                           std::string(to_string(col.type)));
      }
      if (col.optional && col.required) {
        error(c["present"], "bad-value", "column " + in_quotes(col.id) + " cannot be both required in every entry and optional in the file");
      }
      std::vector<std::string> all{col.title};
      all.insert(all.end(), col.headings.begin(), col.headings.end());
      for (const auto& h : all) {
        const std::string key = fold_heading(h);
        if (key.empty()) continue;
        if (const auto it = headings.find(key); it != headings.end() && it->second != col.id) {
          error(c, "duplicate-heading", "heading " + in_quotes(h) + " of column " + in_quotes(col.id) +
                                            " is also column " + in_quotes(it->second) + "'s");
        } else if (it == headings.end()) {
          headings.emplace(key, col.id);
        }
      }
      f.columns_.push_back(std::move(col));
    }
    const auto count = [&](chronology_type t) {
      return std::count_if(f.columns_.begin(), f.columns_.end(), [t](const chronology_column& x) { return x.type == t; });
    };
    if (count(chronology_type::day) != 1) {
      error(cols, "date-column", "a format needs exactly one column of type date (it has " +
                                     std::to_string(count(chronology_type::day)) + ")");
    }
    if (count(chronology_type::time_of_day) > 1) error(cols, "time-column", "a format has at most one column of type time");
    for (const auto& c : f.columns_) {
      if (c.type == chronology_type::day && !c.required) {
        error(cols, "date-column", "the date column " + in_quotes(c.id) + " must be required: every entry has a date");
      }
      // The merge and the queries find the date and the time by their role.
      if ((c.type == chronology_type::day) != (c.role == chronology_role::day)) {
        error(cols, "date-column", "column " + in_quotes(c.id) + ": a column of type date has role date, and only it");
      }
      if ((c.type == chronology_type::time_of_day) != (c.role == chronology_role::time_of_day)) {
        error(cols, "time-column", "column " + in_quotes(c.id) + ": a column of type time has role time, and only it");
      }
    }
  }

 public:
  /// Headings are compared without case, spaces, punctuation or a "(Y/N)".
  static std::string fold_heading(std::string_view h) {
    std::string out;
    for (std::size_t i = 0; i < h.size(); ++i) {
      const auto c = static_cast<unsigned char>(h[i]);
      if (c == 0xC2 && i + 1 < h.size() && static_cast<unsigned char>(h[i + 1]) == 0xA0) {
        ++i;  // a no-break space, as Word and Excel put in headings
      } else if (std::isalnum(c) != 0) {
        out += static_cast<char>(std::tolower(c));
      } else if (c >= 0x80) {
        out += h[i];
      }
    }
    for (const char* tail : {"yn", "yesno"}) {
      const std::string t(tail);
      if (out.size() > t.size() && out.compare(out.size() - t.size(), t.size(), t) == 0) out.resize(out.size() - t.size());
    }
    return out;
  }
};

std::string detail::fold_heading(std::string_view h) { return chronology_format_loader::fold_heading(h); }

chronology_format chronology_format::parse(std::string_view yaml, std::string_view file) {
  chronology_format_loader l(file);
  chronology_format f = l.run(yaml);
  auto d = l.take();
  if (std::any_of(d.begin(), d.end(), [](const diagnostic& x) { return x.level == severity::error; })) {
    throw definition_error(std::move(d));
  }
  return f;
}

std::vector<diagnostic> chronology_format::check(std::string_view yaml, std::string_view file) {
  chronology_format_loader l(file);
  (void)l.run(yaml);
  return l.take();
}

chronology_format chronology_format::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error("cannot read chronology format " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return parse(s.str(), path.string());
}

const chronology_format& chronology_format::builtin(std::string_view id) {
  static const std::map<std::string, chronology_format, std::less<>> all = [] {
    std::map<std::string, chronology_format, std::less<>> m;
    for (const auto& p : detail::builtin_formats()) {
      m.emplace(std::string(p.id), parse(p.yaml, std::string(p.id) + ".yaml"));
    }
    return m;
  }();
  if (const auto it = all.find(id); it != all.end()) return it->second;
  throw input_error("no built-in chronology format '" + std::string(id) + "' (the built-in formats: " +
                    detail::join(builtin_ids()) + ")");
}

std::vector<std::string> chronology_format::builtin_ids() {
  std::vector<std::string> out;
  for (const auto& p : detail::builtin_formats()) out.emplace_back(p.id);
  return out;
}

const chronology_column* chronology_format::column(std::string_view id) const noexcept {
  for (const auto& c : columns_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const chronology_column* chronology_format::column_for(chronology_role role) const noexcept {
  for (const auto& c : columns_) {
    if (c.role == role) return &c;
  }
  return nullptr;
}

chronology_setup chronology_setup::parse(std::string_view yaml, std::string_view file, const chronology_setup* base,
                                         std::string_view reference) {
  const std::string where(file);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw input_error(where + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  const auto fail = [&](const YAML::Node& n, const std::string& why) {
    throw input_error(where + ":" + std::to_string(n.Mark().line + 1) + ": " + why);
  };
  if (!root.IsMap()) {
    throw input_error(where + ": a setup file is a mapping (format, period, questions, acronyms, known_names)");
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (k != "reference" && k != "format" && k != "period" && k != "questions" && k != "acronyms" && k != "known_names") {
      fail(it->first, "unknown key '" + k + "' (format, period, questions, acronyms, known_names)");
    }
  }
  if (const auto r = root["reference"]; r && !reference.empty() && (!r.IsScalar() || r.Scalar() != reference)) {
    fail(r, "this is the setup of review '" + (r.IsScalar() ? r.Scalar() : std::string("?")) + "', not '" +
                std::string(reference) + "'");
  }
  if (!root["format"] && base == nullptr) fail(root, "the setup names no format: give 'format' (a built-in id)");
  try {
    // `format`: a built-in id, or a board's own format file (a path with a
    // '/' or ending .yaml or .yml, relative to the setup file's folder).
    const auto format_named = [&](const std::string& name) {
      const auto ids = chronology_format::builtin_ids();
      const bool file_name = name.find('/') != std::string::npos || name.ends_with(".yaml") || name.ends_with(".yml");
      if (std::find(ids.begin(), ids.end(), name) != ids.end() || !file_name) return chronology_format::builtin(name);
      const std::filesystem::path path(name);
      return chronology_format::load(path.is_absolute() ? path : std::filesystem::path(where).parent_path() / path);
    };
    chronology_setup s = root["format"] ? with_format(format_named(root["format"].as<std::string>())) : *base;
    if (root["format"] && base != nullptr) {
      chronology_setup kept = *base;
      kept.format = std::move(s.format);
      s = std::move(kept);
    }
    const auto text_list = [&](const YAML::Node& n, const char* what) {
      if (!n.IsSequence()) fail(n, std::string(what) + " is a list");
      std::vector<std::string> out;
      for (const auto& x : n) {
        if (!x.IsScalar()) fail(x, std::string("each of ") + what + " is text");
        out.push_back(x.Scalar());
      }
      return out;
    };
    if (const auto p = root["period"]) {
      if (!p.IsMap()) fail(p, "period is {from: DATE, to: DATE}");
      for (auto it = p.begin(); it != p.end(); ++it) {
        if (it->first.Scalar() != "from" && it->first.Scalar() != "to") fail(it->first, "period has only 'from' and 'to'");
      }
      try {
        if (p["from"]) s.period_from = parse_date(p["from"].Scalar());
        if (p["to"]) s.period_to = parse_date(p["to"].Scalar());
      } catch (const input_error& e) {
        fail(p, std::string("period: ") + e.what());
      }
      if (s.period_from && s.period_to && *s.period_to < *s.period_from) fail(p, "the period ends before it starts");
    }
    if (const auto q = root["questions"]) s.questions = text_list(q, "questions");
    if (const auto a = root["acronyms"]) {
      if (!a.IsSequence()) fail(a, "acronyms is a list of {code, kind, meaning}");
      s.acronyms.clear();
      for (const auto& x : a) {
        if (!x.IsMap() || !x["code"] || !x["code"].IsScalar()) fail(x, "an acronym is {code, kind, meaning}");
        for (auto it = x.begin(); it != x.end(); ++it) {
          const std::string k = it->first.Scalar();
          if (k != "code" && k != "kind" && k != "meaning") fail(it->first, "an acronym has only code, kind and meaning");
        }
        acronym one{x["code"].Scalar(), x["kind"] ? x["kind"].Scalar() : "other",
                    x["meaning"] ? x["meaning"].Scalar() : ""};
        if (s.find_acronym(one.code) != nullptr) fail(x, "acronym '" + one.code + "' is listed twice");
        s.acronyms.push_back(std::move(one));
      }
    }
    if (const auto n = root["known_names"]) s.known_names = text_list(n, "known_names");
    return s;
  } catch (const YAML::Exception& e) {
    throw input_error(where + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

chronology_setup chronology_setup::load(const std::filesystem::path& path, const chronology_setup* base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error("cannot read chronology setup " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string(), base);
}

const acronym* chronology_setup::find_acronym(std::string_view code) const noexcept {
  const std::string k = detail::lower(detail::trim(code));
  for (const auto& a : acronyms) {
    if (detail::lower(a.code) == k) return &a;
  }
  return nullptr;
}

}  // namespace scr
