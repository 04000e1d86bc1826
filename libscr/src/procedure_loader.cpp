// Loading a procedure definition from YAML.
//
// The loader reads in three passes so that it can report every problem at its
// position, whatever order the file declares things in:
//   A. declarations: roles, and for the procedure and each track its states,
//      events, and the ids of its milestones, chain steps and obligations;
//   B. transitions (their references resolve against A; they define branches);
//   C. milestones, chains, obligations, conflicts (they may name branches).
// The graph checks (reachability, cycles) and warnings follow in
// procedure_validate.cpp, using the positions recorded here.

#include "procedure_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include "suggest.hpp"
#include "utf8.hpp"
#include "text.hpp"

namespace scr {

namespace {

using detail::enum_name;

bool absent(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.id);
  return out;
}

bool valid_id(std::string_view s) {
  if (s.empty() || s.size() > 80 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

constexpr enum_name<state_kind> state_kinds[] = {{"initial", state_kind::initial},
                                                 {"active", state_kind::active},
                                                 {"waiting", state_kind::waiting},
                                                 {"terminal", state_kind::terminal}};
constexpr enum_name<milestone_kind> milestone_kinds[] = {{"statutory", milestone_kind::statutory},
                                                         {"local", milestone_kind::local},
                                                         {"scheduled", milestone_kind::scheduled}};
constexpr enum_name<hold_policy> hold_policies[] = {{"continue", hold_policy::continue_},
                                                    {"pause-keep-end", hold_policy::pause_keep_end},
                                                    {"pause-resume", hold_policy::pause_resume},
                                                    {"restart", hold_policy::restart}};
constexpr enum_name<strength> strengths[] = {{"must", strength::must}, {"should", strength::should}};
constexpr enum_name<confidence> confidences[] = {{"statute", confidence::statute},
                                                 {"statutory_guidance", confidence::statutory_guidance},
                                                 {"national_guidance", confidence::national_guidance},
                                                 {"local", confidence::local},
                                                 {"not_found", confidence::not_found}};
constexpr enum_name<conflict_kind> conflict_kinds[] = {
    {"same_person", conflict_kind::same_person},
    {"involved_agency", conflict_kind::involved_agency},
    {"declared", conflict_kind::declared}};
constexpr enum_name<field_type> field_types[] = {
    {"text", field_type::text},     {"date", field_type::local_date},
    {"instant", field_type::timestamp}, {"choice", field_type::choice},
    {"boolean", field_type::boolean}, {"integer", field_type::integer},
    {"agency", field_type::agency}};

}  // namespace

// ---- positions ----------------------------------------------------------------

position procedure_loader::from_mark(const YAML::Mark& m) const {
  if (m.line < 0 || m.pos < 0) return {};
  // The parser counts columns in bytes; an editor counts characters, so
  // count the UTF-8 lead bytes between the start of the line and the mark.
  const auto end = static_cast<std::size_t>(m.pos);
  if (end > source_.size()) return {m.line + 1, m.column + 1};
  const std::size_t start = end - std::min<std::size_t>(static_cast<std::size_t>(m.column), end);
  int column = 1;
  for (std::size_t i = start; i < end; ++i)
    if ((static_cast<unsigned char>(source_[i]) & 0xC0) != 0x80) ++column;
  return {m.line + 1, column};
}

position procedure_loader::pos(const YAML::Node& n) const {
  if (!n.IsDefined()) return {};
  return from_mark(n.Mark());
}

void procedure_loader::check_quotes(const YAML::Node& n) {
  // yaml-cpp 0.7 accepts a quoted scalar that is never closed, taking the
  // rest of the file as its text; refuse it.
  if (!n.IsDefined() || !n.IsScalar()) return;
  const YAML::Mark m = n.Mark();
  if (m.pos < 0 || static_cast<std::size_t>(m.pos) >= source_.size()) return;
  const char q = source_[static_cast<std::size_t>(m.pos)];
  if (q != '"' && q != '\'') return;
  for (std::size_t i = static_cast<std::size_t>(m.pos) + 1; i < source_.size(); ++i) {
    if (q == '"' && source_[i] == '\\') {
      ++i;
    } else if (source_[i] == q) {
      if (q == '\'' && i + 1 < source_.size() && source_[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
      } else {
        return;
      }
    }
  }
  error(n, "yaml-syntax", std::string("not valid YAML: this quoted text is never closed; add the closing ") + q);
}

// ---- diagnostics ------------------------------------------------------------

void procedure_loader::report(severity level, const YAML::Node& at, std::string rule,
                              std::string message) {
  if (!reporting_in_.empty()) {
    // A node of a base read on its own, while an overlay's bases are found:
    // its own file, line and column.
    position in_base;
    if (at.IsDefined() && at.Mark().line >= 0) in_base = {at.Mark().line + 1, at.Mark().column + 1};
    add_diagnostic(level, reporting_in_, in_base, std::move(rule), std::move(message));
    return;
  }
  report_at(level, pos(at), std::move(rule), std::move(message));
}

void procedure_loader::report_at(severity level, position at, std::string rule,
                                 std::string message) {
  std::string file = file_;
  const position in_file = in_layer(at, &file);
  add_diagnostic(level, std::move(file), in_file, std::move(rule), std::move(message));
}

void procedure_loader::add_diagnostic(severity level, std::string file, position at, std::string rule,
                                      std::string message) {
  diagnostic d;
  d.level = level;
  d.rule = std::move(rule);
  d.message = std::move(message);
  d.file = std::move(file);
  d.line = at.line;
  d.column = at.column;
  diagnostics_.push_back(std::move(d));
}

void procedure_loader::error(const YAML::Node& at, std::string rule, std::string message) {
  report(severity::error, at, std::move(rule), std::move(message));
}

void procedure_loader::warn_at(position at, std::string rule, std::string message) {
  report_at(severity::warning, at, std::move(rule), std::move(message));
}

void procedure_loader::error_at(position at, std::string rule, std::string message) {
  report_at(severity::error, at, std::move(rule), std::move(message));
}

// ---- shapes and scalars -----------------------------------------------------

bool procedure_loader::expect_map(const YAML::Node& n, std::string_view what) {
  if (n.IsMap()) return true;
  error(n, "type", std::string(what) + " must be a mapping of keys to values");
  return false;
}

bool procedure_loader::expect_list(const YAML::Node& n, std::string_view what) {
  if (n.IsSequence()) return true;
  error(n, "type", std::string(what) + " must be a list");
  return false;
}

void procedure_loader::check_keys(const YAML::Node& n, std::initializer_list<std::string_view> allowed,
                                  std::string_view what) {
  std::vector<std::string> names(allowed.begin(), allowed.end());
  std::set<std::string> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar()) {
      error(it->first, "type", "a key in " + std::string(what) + " must be a plain name");
      continue;
    }
    const std::string key = it->first.Scalar();
    if (!seen.insert(key).second) {
      error(it->first, "duplicate-key", "key " + quoted(key) + " appears twice in " + std::string(what));
    }
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      error(it->first, "unknown-key",
            "unknown key " + quoted(key) + " in " + std::string(what) + detail::did_you_mean(key, names));
    }
  }
}

std::optional<std::string> procedure_loader::text(const YAML::Node& parent, std::string_view key,
                                                  std::string_view what, bool required) {
  const YAML::Node n = parent[std::string(key)];
  if (absent(n)) {
    if (required) error(parent, "missing-key", std::string(what) + " needs " + quoted(key));
    return std::nullopt;
  }
  if (!n.IsScalar()) {
    error(n, "type", quoted(key) + " of " + std::string(what) + " must be text");
    return std::nullopt;
  }
  check_quotes(n);
  return n.Scalar();
}

std::string procedure_loader::id_field(const YAML::Node& parent, std::string_view key,
                                       std::string_view what) {
  const auto v = text(parent, key, what, true);
  if (!v) return {};
  if (!valid_id(*v)) {
    error(parent[std::string(key)], "bad-id",
          "invalid id " + quoted(*v) + " for " + std::string(what) +
              ": use lower-case letters, digits, '_' and '-', starting with a letter");
  }
  return *v;
}

std::vector<std::pair<std::string, YAML::Node>> procedure_loader::names(const YAML::Node& parent,
                                                                        std::string_view key,
                                                                        std::string_view what) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  const YAML::Node n = parent[std::string(key)];
  if (absent(n)) return out;
  if (n.IsScalar()) {
    check_quotes(n);
    out.emplace_back(n.Scalar(), n);
    return out;
  }
  if (!n.IsSequence()) {
    error(n, "type", quoted(key) + " of " + std::string(what) + " must be a name or a list of names");
    return out;
  }
  for (const auto& item : n) {
    if (!item.IsScalar()) {
      error(item, "type", "each of " + quoted(key) + " in " + std::string(what) + " must be a name");
      continue;
    }
    check_quotes(item);
    out.emplace_back(item.Scalar(), item);
  }
  return out;
}

std::optional<timescale> procedure_loader::timescale_field(const YAML::Node& parent,
                                                           std::string_view key,
                                                           std::string_view what) {
  const auto v = text(parent, key, what, false);
  if (!v) return std::nullopt;
  try {
    return timescale::parse(*v);
  } catch (const input_error& e) {
    error(parent[std::string(key)], "bad-timescale",
          quoted(key) + " of " + std::string(what) + ": " + e.what());
    return std::nullopt;
  }
}

template <class E, std::size_t N>
E procedure_loader::enum_field(const YAML::Node& parent, std::string_view key, std::string_view what,
                               const enum_name<E> (&table)[N], E fallback) {
  const auto v = text(parent, key, what, false);
  if (!v) return fallback;
  std::vector<std::string> options;
  for (const auto& e : table) {
    if (e.name == *v) return e.value;
    options.emplace_back(e.name);
  }
  std::string list;
  for (const auto& o : options) list += (list.empty() ? "" : ", ") + o;
  error(parent[std::string(key)], "bad-value",
        "invalid " + std::string(key) + " " + quoted(*v) + " for " + std::string(what) + " (one of " +
            list + ")" + detail::did_you_mean(*v, options));
  return fallback;
}

std::vector<std::string> procedure_loader::cites(const YAML::Node& parent, std::string_view what) {
  std::vector<std::string> out;
  for (auto& [c, node] : names(parent, "cite", what)) {
    const auto colon = c.find(':');
    const std::string key = colon == std::string::npos ? std::string() : c.substr(0, colon);
    std::vector<std::string> keys;
    for (const auto& s : p_.sources_) keys.push_back(s.key);
    if (colon == std::string::npos || colon + 1 == c.size()) {
      error(node, "bad-citation",
            "citation " + quoted(c) + " in " + std::string(what) +
                " must be SOURCE:PLACE, such as '001:348'");
    } else if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      error(node, "bad-citation",
            "citation " + quoted(c) + " in " + std::string(what) + " names source " + quoted(key) +
                ", which procedure.sources does not declare" + detail::did_you_mean(key, keys));
    }
    out.push_back(std::move(c));
  }
  return out;
}

// ---- references -------------------------------------------------------------

bool procedure_loader::check_ref(const YAML::Node& at, std::string_view kind, const std::string& name,
                                 const std::vector<std::string>& known, std::string_view where) {
  if (std::find(known.begin(), known.end(), name) != known.end()) return true;
  error(at, "unknown-" + std::string(kind),
        "unknown " + std::string(kind) + " " + quoted(name) + " in " + std::string(where) +
            detail::did_you_mean(name, known));
  return false;
}

std::vector<std::string> procedure_loader::role_ids() const { return ids_of(p_.roles_); }

const event_spec* procedure_loader::find_event(const scope& s, std::string_view name) const {
  if (const auto* e = s.m->find_event(name)) return e;
  return s.parent ? find_event(*s.parent, name) : nullptr;
}

std::vector<std::string> procedure_loader::event_names(const scope& s) const {
  std::vector<std::string> out;
  for (const auto& e : s.m->events) out.push_back(e.name);
  if (s.parent) {
    auto more = event_names(*s.parent);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

std::vector<std::string> procedure_loader::milestone_names(const scope& s) const {
  std::vector<std::string> out = s.milestone_ids;
  if (s.parent) {
    auto more = milestone_names(*s.parent);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

std::vector<std::string> procedure_loader::obligation_names(const scope& s) const {
  std::vector<std::string> out = s.obligation_ids;
  if (s.parent) {
    auto more = obligation_names(*s.parent);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

void procedure_loader::check_roles(const YAML::Node& parent, std::string_view key, std::string_view what,
                                   std::vector<std::string>& out) {
  for (auto& [r, node] : names(parent, key, what)) {
    check_ref(node, "role", r, role_ids(), what);
    out.push_back(std::move(r));
  }
}

std::optional<predicate> procedure_loader::predicate_field(const YAML::Node& parent, std::string_view key,
                                                           const event_spec* event,
                                                           std::string_view what) {
  const auto v = text(parent, key, what, false);
  if (!v) return std::nullopt;
  const YAML::Node at = parent[std::string(key)];
  predicate p;
  try {
    p = predicate::parse(*v);
  } catch (const input_error& e) {
    error(at, "bad-predicate", std::string(e.what()) + " in " + std::string(what));
    return std::nullopt;
  }
  if (!event) return p;
  std::vector<std::string> fields;
  for (const auto& f : event->data) fields.push_back(f.name);
  for (const auto& name : p.fields()) {
    const field_spec* f = event->find_field(name);
    if (!f) {
      error(at, "unknown-field",
            "unknown field " + quoted(name) + " of event " + quoted(event->name) + " in the condition of " +
                std::string(what) + detail::did_you_mean(name, fields));
      continue;
    }
    for (const auto& value : p.values_of(name)) {
      if (f->type == field_type::choice &&
          std::find(f->values.begin(), f->values.end(), value) == f->values.end()) {
        error(at, "unknown-value",
              "value " + quoted(value) + " is not one of the values of " + quoted(name) + " in " +
                  std::string(what) + detail::did_you_mean(value, f->values));
      } else if (f->type == field_type::boolean && value != "true" && value != "false") {
        error(at, "field-type",
              "field " + quoted(name) + " is boolean but is compared with " + quoted(value) + " in " +
                  std::string(what));
      } else if (f->type == field_type::local_date || f->type == field_type::timestamp) {
        try {
          if (f->type == field_type::local_date) {
            (void)parse_date(value);
          } else {
            (void)parse_instant(value);
          }
        } catch (const input_error&) {
          error(at, "field-type",
                "field " + quoted(name) + " is " + std::string(f->type == field_type::local_date ? "a date" : "an instant") +
                    " but is compared with " + quoted(value) + " in " + std::string(what));
        }
      } else if (f->type == field_type::integer) {
        std::int64_t i = 0;
        const auto r = std::from_chars(value.data(), value.data() + value.size(), i);
        if (r.ec != std::errc() || r.ptr != value.data() + value.size()) {
          error(at, "field-type",
                "field " + quoted(name) + " is an integer but is compared with " + quoted(value) + " in " +
                    std::string(what));
        }
      }
    }
  }
  return p;
}

// ---- pass A: declarations -----------------------------------------------------

void procedure_loader::read_meta(const YAML::Node& root) {
  const YAML::Node meta = root["procedure"];
  if (absent(meta)) {
    error(root, "missing-key", "a procedure file needs a 'procedure' section (id, title, version, effective_from)");
    return;
  }
  if (!expect_map(meta, "procedure")) return;
  check_keys(meta, {"id", "title", "version", "effective_from", "opened_by", "calendar", "review_type",
                    "description", "sources", "choices", "decision", "completion", "retention", "corrections",
                    "chronology", "action_plan"},
             "procedure");
  // Sources first: citations everywhere else are checked against them.
  const YAML::Node sources = meta["sources"];
  if (!absent(sources) && expect_map(sources, "procedure.sources")) {
    for (auto it = sources.begin(); it != sources.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (std::any_of(p_.sources_.begin(), p_.sources_.end(), [&](const source& x) { return x.key == key; })) {
        error(it->first, "duplicate-key", "source " + quoted(key) + " is declared twice in procedure.sources");
        continue;
      }
      if (!it->second.IsScalar()) {
        error(it->second, "type", "source " + quoted(it->first.Scalar()) + " must be a title");
        continue;
      }
      p_.sources_.push_back({it->first.Scalar(), it->second.Scalar()});
    }
  }
  p_.id_ = id_field(meta, "id", "procedure");
  p_.title_ = text(meta, "title", "procedure", true).value_or("");
  if (const auto v = text(meta, "version", "procedure", true)) {
    int n = 0;
    const auto r = std::from_chars(v->data(), v->data() + v->size(), n);
    if (r.ec != std::errc() || r.ptr != v->data() + v->size() || n < 1) {
      error(meta["version"], "type", "version " + quoted(*v) + " must be a whole number, 1 or more");
    } else {
      p_.version_ = n;
    }
  }
  if (const auto v = text(meta, "effective_from", "procedure", true)) {
    try {
      p_.effective_from_ = parse_date(*v);
    } catch (const input_error& e) {
      error(meta["effective_from"], "bad-date", std::string("effective_from: ") + e.what());
    }
  }
  if (const auto v = text(meta, "calendar", "procedure", false)) {
    if (!valid_id(*v)) {
      error(meta["calendar"], "bad-id", "invalid calendar name " + quoted(*v));
    } else {
      p_.calendar_ = *v;
    }
  }
  p_.review_type_ = text(meta, "review_type", "procedure", false).value_or("");
  p_.retention_ = timescale_field(meta, "retention", "procedure");
  p_.description_ = text(meta, "description", "procedure", false).value_or("");
  const YAML::Node choices = meta["choices"];
  if (!absent(choices) && expect_map(choices, "procedure.choices")) {
    for (auto it = choices.begin(); it != choices.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (std::any_of(p_.choices_.begin(), p_.choices_.end(), [&](const choice_note& x) { return x.id == key; })) {
        error(it->first, "duplicate-key", "choice " + quoted(key) + " is declared twice in procedure.choices");
        continue;
      }
      if (!valid_id(it->first.Scalar())) {
        error(it->first, "bad-id", "invalid choice id " + quoted(it->first.Scalar()));
      }
      if (!it->second.IsScalar()) {
        error(it->second, "type", "choice " + quoted(it->first.Scalar()) + " must be a sentence");
        continue;
      }
      p_.choices_.push_back({it->first.Scalar(), it->second.Scalar()});
    }
  }
}

void procedure_loader::read_roles(const YAML::Node& root) {
  const YAML::Node roles = root["roles"];
  if (absent(roles)) {
    error(root, "missing-key", "a procedure file needs a 'roles' list");
    return;
  }
  if (!expect_list(roles, "roles")) return;
  for (const auto& n : roles) {
    if (!expect_map(n, "a role")) continue;
    check_keys(n, {"id", "title", "description", "cite"}, "a role");
    role r;
    r.id = id_field(n, "id", "a role");
    r.at = pos(n);
    const std::string what = "role " + quoted(r.id);
    r.title = text(n, "title", what, false).value_or(r.id);
    r.description = text(n, "description", what, false).value_or("");
    r.cite = cites(n, what);
    if (r.id.empty()) continue;
    if (p_.find_role(r.id)) {
      error(n["id"], "duplicate-id", "role " + quoted(r.id) + " is declared twice");
      continue;
    }
    p_.roles_.push_back(std::move(r));
  }
}

void procedure_loader::read_states(const YAML::Node& owner, machine& m, std::string_view where) {
  const YAML::Node states = owner["states"];
  if (absent(states)) {
    error(owner, "missing-key", std::string(where) + " needs a 'states' list");
    return;
  }
  if (!expect_list(states, std::string(where) + " states")) return;
  for (const auto& n : states) {
    if (!expect_map(n, "a state")) continue;
    check_keys(n, {"id", "kind", "title", "description", "cite"}, "a state");
    state s;
    s.id = id_field(n, "id", "a state");
    s.at = pos(n);
    const std::string what = "state " + quoted(s.id);
    if (absent(n["kind"])) error(n, "missing-key", what + " needs a 'kind' (initial, active, waiting or terminal)");
    s.kind = enum_field(n, "kind", what, state_kinds, state_kind::active);
    s.title = text(n, "title", what, false).value_or(s.id);
    s.description = text(n, "description", what, false).value_or("");
    s.cite = cites(n, what);
    if (s.id.empty()) continue;
    if (m.find_state(s.id)) {
      error(n["id"], "duplicate-id", "state " + quoted(s.id) + " is declared twice");
      continue;
    }
    m.states.push_back(std::move(s));
  }
}

void procedure_loader::read_events(const YAML::Node& owner, machine& m, const scope* parent,
                                   std::string_view where) {
  const YAML::Node events = owner["events"];
  if (absent(events)) {
    error(owner, "missing-key", std::string(where) + " needs an 'events' mapping");
    return;
  }
  if (!expect_map(events, std::string(where) + " events")) return;
  std::set<std::string> seen;
  for (auto it = events.begin(); it != events.end(); ++it) {
    event_spec e;
    e.name = it->first.Scalar();
    e.at = pos(it->first);
    if (!valid_id(e.name)) {
      error(it->first, "bad-id", "invalid event name " + quoted(e.name) +
                                     ": use lower-case letters, digits, '_' and '-', starting with a letter");
      continue;
    }
    if (!seen.insert(e.name).second || m.find_event(e.name) ||
        (parent && find_event(*parent, e.name))) {
      error(it->first, "duplicate-id", "event " + quoted(e.name) + " is declared twice");
      continue;
    }
    const std::string what = "event " + quoted(e.name);
    const YAML::Node body = it->second;
    if (!absent(body)) {
      // A malformed body is reported, but the event stays declared so that
      // its uses elsewhere are not reported as unknown as well.
      if (!expect_map(body, what)) {
        e.title = e.name;
        m.events.push_back(std::move(e));
        continue;
      }
      check_keys(body, {"title", "description", "data", "cite"}, what);
      e.title = text(body, "title", what, false).value_or("");
      e.description = text(body, "description", what, false).value_or("");
      e.cite = cites(body, what);
      const YAML::Node data = body["data"];
      if (!absent(data) && expect_map(data, what + " data")) {
        for (auto f = data.begin(); f != data.end(); ++f) read_field(f->first, f->second, e);
        // Conditions name other fields of the same event: check them once all
        // fields are known.
        for (auto f = data.begin(); f != data.end(); ++f) {
          if (!f->second.IsMap()) continue;
          for (auto& spec : e.data) {
            if (spec.name != f->first.Scalar()) continue;
            spec.required_when = predicate_field(f->second, "required_when", &e,
                                                 "field " + quoted(spec.name) + " of " + what);
            if (spec.required && spec.required_when) {
              error(f->second["required_when"], "type",
                    "field " + quoted(spec.name) + " of " + what +
                        " has both 'required: true' and 'required_when'; keep one");
            }
          }
        }
      }
    }
    if (e.title.empty()) e.title = e.name;
    m.events.push_back(std::move(e));
  }
}

void procedure_loader::read_field(const YAML::Node& key, const YAML::Node& body, event_spec& e) {
  field_spec f;
  f.name = key.Scalar();
  const std::string what = "field " + quoted(f.name) + " of event " + quoted(e.name);
  if (!valid_id(f.name)) {
    error(key, "bad-id", "invalid field name " + quoted(f.name));
    return;
  }
  if (e.find_field(f.name)) {
    error(key, "duplicate-id", what + " is declared twice");
    return;
  }
  if (!expect_map(body, what)) return;
  check_keys(body, {"type", "values", "required", "required_when", "title"}, what);
  if (absent(body["type"])) error(body, "missing-key", what + " needs a 'type'");
  f.type = enum_field(body, "type", what, field_types, field_type::text);
  f.title = text(body, "title", what, false).value_or("");
  for (auto& [v, node] : names(body, "values", what)) {
    if (std::find(f.values.begin(), f.values.end(), v) != f.values.end()) {
      error(node, "duplicate-id", "value " + quoted(v) + " appears twice in " + what);
      continue;
    }
    f.values.push_back(std::move(v));
  }
  if (f.type == field_type::choice && f.values.empty() && !absent(body["type"])) {
    error(body, "missing-key", what + " is a choice and needs 'values'");
  }
  if (f.type != field_type::choice && !f.values.empty()) {
    error(body["values"], "type", what + " has 'values' but is not a choice; use 'type: choice'");
  }
  if (const auto r = text(body, "required", what, false)) {
    if (*r == "true") {
      f.required = true;
    } else if (*r != "false") {
      error(body["required"], "type", "'required' of " + what + " must be true or false");
    }
  }
  e.data.push_back(std::move(f));
}

void procedure_loader::declare_ids(const YAML::Node& owner, scope& s, std::string_view where) {
  std::set<std::string> seen;
  const auto declare = [&](const YAML::Node& n, std::vector<std::string>& into, std::string_view kind) {
    if (!n.IsMap()) return;
    const YAML::Node id = n["id"];
    if (absent(id) || !id.IsScalar()) return;
    const std::string v = id.Scalar();
    if (!seen.insert(v).second) {
      error(id, "duplicate-id",
            std::string(kind) + " " + quoted(v) + " is declared twice in " + std::string(where) +
                " (milestones, chain steps and obligations share one set of ids)");
      return;
    }
    into.push_back(v);
  };
  const YAML::Node milestones = owner["milestones"];
  if (!absent(milestones) && milestones.IsSequence())
    for (const auto& n : milestones) declare(n, s.milestone_ids, "milestone");
  const YAML::Node chains = owner["chains"];
  if (!absent(chains) && chains.IsSequence()) {
    for (const auto& c : chains) {
      if (!c.IsMap()) continue;
      if (!absent(c["steps"]) && c["steps"].IsSequence())
        for (const auto& n : c["steps"]) declare(n, s.milestone_ids, "chain step");
      if (!absent(c["id"]) && c["id"].IsScalar()) s.chain_ids.push_back(c["id"].Scalar());
    }
  }
  const YAML::Node obligations = owner["obligations"];
  if (!absent(obligations) && obligations.IsSequence())
    for (const auto& n : obligations) declare(n, s.obligation_ids, "obligation");
}

// ---- pass B: transitions -------------------------------------------------------

void procedure_loader::read_transitions(const YAML::Node& owner, scope& s, std::string_view where) {
  const YAML::Node rows = owner["transitions"];
  if (absent(rows)) {
    error(owner, "missing-key", std::string(where) + " needs a 'transitions' list");
    return;
  }
  if (!expect_list(rows, std::string(where) + " transitions")) return;
  const std::vector<std::string> states = ids_of(s.m->states);
  std::vector<std::string> own_events;
  for (const auto& e : s.m->events) own_events.push_back(e.name);
  for (const auto& n : rows) {
    if (!expect_map(n, "a transition")) continue;
    check_keys(n, {"id", "event", "from", "to", "roles", "when", "branch", "requires", "cite"}, "a transition");
    transition t;
    t.at = pos(n);
    t.event = text(n, "event", "a transition", true).value_or("");
    t.id = text(n, "id", "transition", false).value_or(t.event);
    const std::string what = "transition " + quoted(t.id);
    const event_spec* e = nullptr;
    if (!t.event.empty()) {
      // A row records one of this machine's own events: a track's rows use the
      // track's events, the procedure's rows the procedure's.
      if (check_ref(n["event"], "event", t.event, own_events, what)) e = s.m->find_event(t.event);
    }
    // from: a state, a list, or "*"
    const YAML::Node from = n["from"];
    if (absent(from)) {
      error(n, "missing-key", what + " needs 'from' (a state, a list of states, or \"*\")");
    } else if (from.IsScalar() && from.Scalar() == "*") {
      t.from_any = true;
    } else {
      if (from.IsSequence() && from.size() == 0) {
        error(from, "missing-key", what + " has an empty 'from': name the states it leaves (or \"*\")");
      }
      for (auto& [f, node] : names(n, "from", what)) {
        if (!check_ref(node, "state", f, states, what)) {
          s.unresolved_states = true;
        } else {
          const state* st = s.m->find_state(f);
          if (st->kind == state_kind::terminal) {
            error(node, "terminal-state",
                  what + " leaves terminal state " + quoted(f) + "; a terminal state has no way out");
          }
        }
        t.from.push_back(std::move(f));
      }
    }
    if (const auto to = text(n, "to", what, false)) {
      if (!check_ref(n["to"], "state", *to, states, what)) s.unresolved_states = true;
      t.to = *to;
    }
    check_roles(n, "roles", what, t.roles);
    t.when = predicate_field(n, "when", e, what);
    if (const auto b = text(n, "branch", what, false)) {
      if (!valid_id(*b)) {
        error(n["branch"], "bad-id", "invalid branch name " + quoted(*b));
      } else {
        t.branch = *b;
        branches_.insert(*b);
      }
    }
    const YAML::Node req = n["requires"];
    if (!absent(req) && expect_list(req, what + " requires")) {
      for (const auto& r : req) read_prerequisite(r, s, what, t.requires_);
    }
    t.cite = cites(n, what);
    s.m->transitions.push_back(std::move(t));
  }
}

void procedure_loader::read_prerequisite(const YAML::Node& r, const scope& s, const std::string& what,
                                         std::vector<prerequisite>& out) {
  if (!r.IsMap() || r.size() != 1) {
    error(r, "type",
          "each prerequisite of " + what +
              " is one of {milestone: id}, {obligation: id}, {every_agency: track.milestone}");
    return;
  }
  const std::string key = r.begin()->first.Scalar();
  const YAML::Node v = r.begin()->second;
  if (!v.IsScalar()) {
    error(v, "type", "prerequisite " + quoted(key) + " of " + what + " must name one thing");
    return;
  }
  prerequisite p;
  if (key == "milestone") {
    p.kind = prerequisite_kind::milestone;
    p.id = v.Scalar();
    check_ref(v, "milestone", p.id, milestone_names(s), what);
  } else if (key == "obligation") {
    p.kind = prerequisite_kind::obligation;
    p.id = v.Scalar();
    check_ref(v, "obligation", p.id, obligation_names(s), what);
  } else if (key == "every_agency") {
    p.kind = prerequisite_kind::every_agency;
    const std::string ref = v.Scalar();
    const auto dot = ref.find('.');
    if (dot == std::string::npos) {
      error(v, "type", "every_agency in " + what + " must be TRACK.MILESTONE, such as 'imr.chronology'");
      return;
    }
    p.track = ref.substr(0, dot);
    p.id = ref.substr(dot + 1);
    std::vector<std::string> tracks;
    for (const auto& ts : track_scopes_) tracks.push_back(ts.track_id);
    if (check_ref(v, "track", p.track, tracks, what)) {
      for (const auto& ts : track_scopes_) {
        if (ts.track_id == p.track) check_ref(v, "milestone", p.id, ts.milestone_ids, what);
      }
    }
  } else {
    error(r.begin()->first, "unknown-key",
          "unknown prerequisite " + quoted(key) + " in " + what +
              detail::did_you_mean(key, {"milestone", "obligation", "every_agency"}));
    return;
  }
  out.push_back(std::move(p));
}

// ---- pass C: milestones, chains, obligations ---------------------------------------

std::optional<anchor> procedure_loader::read_anchor(const YAML::Node& a, const scope& s,
                                                    const std::string& what) {
  if (a.IsScalar() && a.Scalar() == "scheduled") return anchor{anchor_kind::scheduled, {}, {}, {}, {}};
  if (!a.IsMap()) {
    error(a, "anchor",
          "the anchor of " + what +
              " must be {event: e}, {event: e, field: f}, {milestone: m}, 'scheduled' or {scheduled: who sets it}");
    return std::nullopt;
  }
  if (!absent(a["scheduled"])) {
    // {scheduled: the safeguarding partners}: a date set by someone other than the panel.
    check_keys(a, {"scheduled"}, "the anchor of " + what);
    const auto who = text(a, "scheduled", "the anchor of " + what, true);
    if (!who || who->empty()) return std::nullopt;
    return anchor{anchor_kind::scheduled, {}, {}, {}, *who};
  }
  check_keys(a, {"event", "field", "milestone", "occurrence", "scheduled"}, "the anchor of " + what);
  const bool has_event = !absent(a["event"]);
  const bool has_milestone = !absent(a["milestone"]);
  if (has_event == has_milestone) {
    error(a, "anchor", "the anchor of " + what + " needs exactly one of 'event' and 'milestone'");
    return std::nullopt;
  }
  anchor out;
  if (has_milestone) {
    out.kind = anchor_kind::milestone;
    out.ref = text(a, "milestone", what, true).value_or("");
    if (!absent(a["field"])) error(a["field"], "anchor", "a milestone anchor of " + what + " has no 'field'");
    if (!check_ref(a["milestone"], "milestone", out.ref, milestone_names(s), "the anchor of " + what))
      return std::nullopt;
  } else {
    out.ref = text(a, "event", what, true).value_or("");
    out.kind = absent(a["field"]) ? anchor_kind::event : anchor_kind::event_field;
    if (!check_ref(a["event"], "event", out.ref, event_names(s), "the anchor of " + what)) return std::nullopt;
    if (out.kind == anchor_kind::event_field) {
      out.field = text(a, "field", what, true).value_or("");
      const event_spec* e = find_event(s, out.ref);
      std::vector<std::string> fields;
      for (const auto& f : e->data) fields.push_back(f.name);
      if (!check_ref(a["field"], "field", out.field, fields, "the anchor of " + what)) return std::nullopt;
      const field_spec* f = e->find_field(out.field);
      if (f->type != field_type::local_date && f->type != field_type::timestamp) {
        error(a["field"], "field-type",
              "the anchor of " + what + " is field " + quoted(out.field) + " of event " + quoted(out.ref) +
                  ", which is " + std::string(to_string(f->type)) + ", not a date or an instant");
        return std::nullopt;
      }
    }
  }
  if (const auto o = text(a, "occurrence", what, false)) {
    if (*o == "first") {
      out.which = occurrence::first;
    } else if (*o == "latest") {
      out.which = occurrence::latest;
    } else {
      error(a["occurrence"], "bad-value", "occurrence of " + what + " must be 'first' or 'latest'");
    }
  }
  return out;
}

void procedure_loader::read_milestone_body(const YAML::Node& n, const scope& s, milestone& m,
                                           bool in_chain) {
  const std::string what = (in_chain ? "chain step " : "milestone ") + quoted(m.id);
  m.title = text(n, "title", what, true).value_or(m.id);
  m.description = text(n, "description", what, false).value_or("");
  if (const auto o = text(n, "owner", what, true)) {
    check_ref(n["owner"], "role", *o, role_ids(), what);
    m.owner = *o;
  }
  const bool has_within = !absent(n["within"]);
  const bool has_before = !absent(n["before"]);
  if (has_within && has_before) {
    error(n["before"], "anchor", what + " has both 'within' and 'before'; a deadline runs one way");
  }
  if (has_before) {
    m.dir = direction::before;
    m.offset = timescale_field(n, "before", what);
  } else if (has_within) {
    m.offset = timescale_field(n, "within", what);
  }
  m.kind = enum_field(n, "kind", what, milestone_kinds, milestone_kind::local);
  m.level = enum_field(n, "strength", what, strengths, strength::must);
  m.confidence = enum_field(n, "confidence", what, confidences, confidence::unstated);
  m.basis = text(n, "basis", what, false).value_or("");
  m.warning = timescale_field(n, "warning", what);
  if (const auto t = text(n, "due_time", what, false)) {
    int h = -1, mi = -1;
    const auto digits = [](std::string_view d) {
      return d.size() == 2 && d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9';
    };
    if (t->size() == 5 && (*t)[2] == ':' && digits(std::string_view(*t).substr(0, 2)) &&
        digits(std::string_view(*t).substr(3, 2))) {
      h = ((*t)[0] - '0') * 10 + ((*t)[1] - '0');
      mi = ((*t)[3] - '0') * 10 + ((*t)[4] - '0');
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59) {
      error(n["due_time"], "bad-time", "due_time " + quoted(*t) + " of " + what + " must be HH:MM, such as 17:00");
    } else {
      m.due_time = time_of_day{h, mi};
    }
  }
  if (absent(n["completed_by"])) {
    error(n, "missing-key", what + " needs 'completed_by' (the event that meets it)");
  } else if (n["completed_by"].IsSequence() && n["completed_by"].size() == 0) {
    error(n["completed_by"], "missing-key", what + " has an empty 'completed_by': name the event that meets it");
  }
  for (auto& [e, node] : names(n, "completed_by", what)) {
    check_ref(node, "event", e, event_names(s), what);
    m.completed_by.push_back(std::move(e));
  }
  if (!absent(n["completed_when"])) {
    // The condition is checked against each completing event's data.
    for (const auto& e : m.completed_by) {
      if (const event_spec* spec = find_event(s, e)) {
        auto p = predicate_field(n, "completed_when", spec, what + " (completed by " + quoted(e) + ")");
        if (p && !m.completed_when) m.completed_when = std::move(p);
      }
    }
    if (m.completed_by.empty()) m.completed_when = predicate_field(n, "completed_when", nullptr, what);
  }
  for (auto& [e, node] : names(n, "reopened_by", what)) {
    check_ref(node, "event", e, event_names(s), what);
    if (std::find(m.completed_by.begin(), m.completed_by.end(), e) != m.completed_by.end()) {
      error(node, "reopened-by-completing", what + " is both completed and reopened by " + quoted(e));
    }
    m.reopened_by.push_back(std::move(e));
  }
  m.hold = enum_field(n, "hold", what, hold_policies, hold_policy::continue_);
  for (auto& [b, node] : names(n, "branches", what)) {
    check_ref(node, "branch", b, std::vector<std::string>(branches_.begin(), branches_.end()), what);
    m.branches.push_back(std::move(b));
  }
  check_roles(n, "extendable_by", what, m.extendable_by);
  m.cite = cites(n, what);
}

void procedure_loader::check_offset(const YAML::Node& n, const milestone& m, const scope& s) {
  const std::string what = (m.chain.empty() ? "milestone " : "chain step ") + quoted(m.id);
  const bool dated_anchor = m.from.kind == anchor_kind::event_field || m.from.kind == anchor_kind::scheduled;
  if (!m.offset && !dated_anchor && absent(n["within"]) && absent(n["before"])) {
    error(n, "anchor",
          what + " needs 'within' or 'before': only a date field or a scheduled anchor is a date by itself");
  }
  if (m.from.kind == anchor_kind::scheduled && m.offset) {
    error(absent(n["within"]) ? n["before"] : n["within"], "anchor",
          what + " is scheduled by the panel, so it takes no timescale; anchor another milestone on it instead");
  }
  if (m.offset && m.offset->unit == time_unit::hours && m.from.kind == anchor_kind::event_field) {
    const event_spec* e = find_event(s, m.from.ref);
    const field_spec* f = e ? e->find_field(m.from.field) : nullptr;
    if (f && f->type == field_type::local_date) {
      error(absent(n["within"]) ? n["before"] : n["within"], "field-type",
            what + " counts hours from field " + quoted(m.from.field) +
                ", which is a date; hours need an instant field");
    }
  }
  if (m.offset && m.warning) {
    const auto days = [](const timescale& t) {
      switch (t.unit) {
        case time_unit::hours: return t.amount / 24.0;
        case time_unit::days: return double(t.amount);
        case time_unit::working_days: return t.amount * 7.0 / 5.0;
        case time_unit::weeks: return t.amount * 7.0;
        case time_unit::months: return t.amount * 30.4;
        case time_unit::years: return t.amount * 365.25;
      }
      return 0.0;
    };
    if (days(*m.warning) >= days(*m.offset)) {
      warn_at(pos(n["warning"]), "warning-window",
              what + " warns " + m.warning->to_string() + " ahead but is due only " + m.offset->to_string() +
                  " after its anchor, so it is 'due soon' from the start");
    }
  }
}

void procedure_loader::read_milestones(const YAML::Node& owner, scope& s) {
  const YAML::Node list = owner["milestones"];
  if (absent(list) || !expect_list(list, "milestones")) return;
  for (const auto& n : list) {
    if (!expect_map(n, "a milestone")) continue;
    check_keys(n, {"id", "title", "description", "owner", "anchor", "within", "before", "kind", "strength",
                   "warning", "due_time", "completed_by", "completed_when", "reopened_by", "hold", "branches",
                   "extendable_by", "cite", "confidence", "basis"},
               "a milestone");
    milestone m;
    m.id = id_field(n, "id", "a milestone");
    m.at = pos(n);
    const std::string what = "milestone " + quoted(m.id);
    if (absent(n["anchor"])) {
      error(n, "missing-key", what + " needs an 'anchor' (an event, a milestone, a date field, or 'scheduled')");
    } else if (const auto a = read_anchor(n["anchor"], s, what)) {
      m.from = *a;
    }
    read_milestone_body(n, s, m, false);
    check_offset(n, m, s);
    if (m.from.kind == anchor_kind::milestone && m.from.ref == m.id) {
      error(n["anchor"], "cycle", what + " is anchored on itself");
    }
    s.m->milestones.push_back(std::move(m));
  }
}

void procedure_loader::read_chains(const YAML::Node& owner, scope& s) {
  const YAML::Node list = owner["chains"];
  if (absent(list) || !expect_list(list, "chains")) return;
  for (const auto& n : list) {
    if (!expect_map(n, "a chain")) continue;
    check_keys(n, {"id", "title", "anchor", "steps", "cite"}, "a chain");
    chain c;
    c.id = id_field(n, "id", "a chain");
    c.at = pos(n);
    const std::string what = "chain " + quoted(c.id);
    c.title = text(n, "title", what, true).value_or(c.id);
    c.cite = cites(n, what);
    if (absent(n["anchor"])) {
      error(n, "missing-key", what + " needs an 'anchor' for its first step");
    } else if (const auto a = read_anchor(n["anchor"], s, what)) {
      c.from = *a;
    }
    const YAML::Node steps = n["steps"];
    if (absent(steps)) {
      error(n, "missing-key", what + " needs 'steps'");
    } else if (expect_list(steps, what + " steps")) {
      if (steps.size() == 0) error(steps, "missing-key", what + " has no steps");
      anchor previous = c.from;
      for (const auto& step : steps) {
        if (!expect_map(step, "a chain step")) continue;
        check_keys(step, {"id", "title", "description", "owner", "within", "kind", "strength", "warning",
                          "due_time", "completed_by", "completed_when", "reopened_by", "hold", "branches",
                          "extendable_by", "cite", "confidence", "basis"},
                   "a step of " + what);
        milestone m;
        m.id = id_field(step, "id", "a chain step");
        m.at = pos(step);
        m.chain = c.id;
        m.from = previous;
        if (absent(step["within"])) {
          error(step, "missing-key", "chain step " + quoted(m.id) + " needs 'within' (the time from the previous step)");
        }
        read_milestone_body(step, s, m, true);
        check_offset(step, m, s);
        c.steps.push_back(m.id);
        previous = anchor{anchor_kind::milestone, m.id, {}, occurrence::first, {}};
        s.m->milestones.push_back(std::move(m));
      }
    }
    if (s.m->find_chain(c.id)) {
      error(n["id"], "duplicate-id", "chain " + quoted(c.id) + " is declared twice");
      continue;
    }
    s.m->chains.push_back(std::move(c));
  }
}

void procedure_loader::read_headline_milestones(const YAML::Node& root) {
  const YAML::Node meta = root["procedure"];
  if (absent(meta) || !meta.IsMap()) return;
  std::vector<std::string> known;
  for (const auto& m : p_.milestones) known.push_back(m.id);
  for (const auto& [key, out] : {std::pair{"decision", &p_.decision_}, std::pair{"completion", &p_.completion_}}) {
    if (absent(meta[key])) continue;
    const auto id = text(meta, key, "procedure", false);
    if (id && check_ref(meta[key], "milestone", *id, known, std::string("procedure.") + key)) *out = *id;
  }
  // Read here, once the roles are known.
  check_roles(meta, "corrections", "procedure.corrections", p_.correctors_);
  read_chronology_binding(meta);
  read_action_plan_binding(meta);
}

// procedure.action_plan, read once the tracks and their events are known.
// Each event it names must carry the fields the action plan reads, of the
// types it reads them as (docs/action-plans.md).
void procedure_loader::read_action_plan_binding(const YAML::Node& meta) {
  const YAML::Node n = meta["action_plan"];
  const std::string what = "procedure.action_plan";
  if (absent(n) || !expect_map(n, what)) return;
  check_keys(n, {"approved", "recommended", "track", "updated", "completed", "signed_off", "returned", "due", "review",
                 "update", "mark", "smart", "vague", "types"},
             what);
  action_plan_binding b;
  b.at = pos(n);
  const scope* ts = nullptr;
  const track* tr = nullptr;
  if (const auto t = text(n, "track", what, true)) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < p_.tracks_.size(); ++i) {
      ids.push_back(p_.tracks_[i].id);
      if (p_.tracks_[i].id == *t) {
        ts = &track_scopes_[i];
        tr = &p_.tracks_[i];
      }
    }
    if (check_ref(n["track"], "track", *t, ids, what)) b.track = *t;
  }
  // An event of `m` named by `key`, checked to carry `fields`: {name, types,
  // required}. A field the event must have that it lacks, or has with
  // another type, is an error at the key.
  struct wanted {
    const char* name;
    std::vector<field_type> types;
    bool required;
  };
  const auto event_of = [&](const char* key, const machine* m, bool required, const std::vector<wanted>& fields,
                            std::string& out) {
    const auto e = text(n, key, what, required);
    if (!e || m == nullptr) return;
    const event_spec* spec = m->find_event(*e);
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const auto& ev : m->events) names.push_back(ev.name);
      check_ref(n[key], "event", *e, names, what + "." + key);
      return;
    }
    out = *e;
    for (const auto& f : fields) {
      const field_spec* have = spec->find_field(f.name);
      if (have == nullptr) {
        if (f.required) {
          error(n[key], "action-plan",
                "event " + quoted(*e) + " (" + what + "." + key + ") needs a data field " + quoted(f.name));
        }
        continue;
      }
      if (std::find(f.types.begin(), f.types.end(), have->type) == f.types.end()) {
        std::string types;
        for (const auto t : f.types) types += (types.empty() ? "" : " or ") + std::string(to_string(t));
        error(n[key], "action-plan",
              "field " + quoted(f.name) + " of event " + quoted(*e) + " (" + what + "." + key + ") must have type " +
                  types + ", not " + std::string(to_string(have->type)));
      }
    }
  };
  const std::vector<field_type> text_only{field_type::text};
  const std::vector<field_type> words{field_type::text, field_type::choice};
  event_of("approved", &p_, true, {}, b.approved);
  event_of("recommended", &p_, true,
           {{"number", text_only, true},
            {"recommendation", text_only, true},
            {"addressed_to", text_only, false},
            {"agency", {field_type::agency}, false},
            {"source", words, false},
            {"type", words, false},
            {"outcome", text_only, false},
            {"measure", text_only, false},
            {"urgent", {field_type::boolean}, false},
            {"themes", text_only, false},
            {"audit", text_only, false}},
           b.recommended);
  if (tr != nullptr) {
    // The action itself is the track's instantiating event, keyed by a text
    // field (the action's number).
    const event_spec* add = p_.find_event(tr->instantiated_by);
    const std::vector<std::pair<const char*, std::vector<field_type>>> action_fields{
        {"recommendation", text_only}, {"what", text_only},      {"lead", text_only}, {"agency", {field_type::agency}},
        {"due_on", {field_type::local_date}}, {"due_in", text_only}, {"review_on", {field_type::local_date}},
        {"evidence", text_only}};
    if (add != nullptr) {
      const field_spec* key = add->find_field(tr->agency_field);
      if (key == nullptr || key->type != field_type::text) {
        error(n["track"], "action-plan",
              "track " + quoted(tr->id) + " (" + what + ".track) must be instantiated by a text field (the action's "
              "number), not " + (key ? "a field of type " + std::string(to_string(key->type)) : std::string("none")));
      }
      for (const auto& [name, types] : action_fields) {
        const field_spec* have = add->find_field(name);
        const bool needed = std::string_view(name) == "recommendation" || std::string_view(name) == "what";
        if (have == nullptr) {
          if (needed) {
            error(n["track"], "action-plan",
                  "event " + quoted(add->name) + ", which begins an action, needs a data field " + quoted(name));
          }
        } else if (std::find(types.begin(), types.end(), have->type) == types.end()) {
          error(n["track"], "action-plan",
                "field " + quoted(name) + " of event " + quoted(add->name) + " must have type " +
                    std::string(to_string(types.front())) + ", not " + std::string(to_string(have->type)));
        }
      }
    }
    const machine* m = ts != nullptr ? ts->m : nullptr;
    event_of("updated", m, true, {{"narrative", text_only, true}, {"status", words, false}, {"evidence", text_only, false}},
             b.updated);
    event_of("completed", m, true, {{"evidence", text_only, true}, {"narrative", text_only, false}}, b.completed);
    event_of("signed_off", m, false, {}, b.signed_off);
    event_of("returned", m, false, {{"reason", text_only, false}}, b.returned);
    for (const auto& [key, out, required] :
         {std::tuple{"due", &b.due, true}, std::tuple{"review", &b.review, false}}) {
      const auto id = text(n, key, what, required);
      if (!id) continue;
      if (check_ref(n[key], "milestone", *id, ts->milestone_ids, what + "." + key)) *out = *id;
    }
    if (const auto id = text(n, "update", what, false)) {
      if (check_ref(n["update"], "obligation", *id, ts->obligation_ids, what + ".update")) b.update = *id;
    }
  }
  if (const auto id = text(n, "mark", what, false)) {
    if (check_ref(n["mark"], "milestone", *id, review_scope_.milestone_ids, what + ".mark")) b.mark = *id;
  }
  static const std::vector<std::string> checks{"lead", "due", "measure", "outcome", "evidence", "addressed_to", "vague"};
  for (const auto& [key, out] : {std::pair{"smart", &b.smart}, std::pair{"vague", &b.vague}, std::pair{"types", &b.types}}) {
    if (absent(n[key])) continue;
    if (!expect_list(n[key], what + "." + key)) continue;
    for (const auto& item : n[key]) {
      if (!item.IsScalar()) {
        error(item, "type", what + "." + key + " must be a list of words");
        continue;
      }
      const auto v = item.as<std::string>();
      if (std::string_view(key) == "smart" && std::find(checks.begin(), checks.end(), v) == checks.end()) {
        error(item, "bad-value", "unknown SMART check " + quoted(v) + " in " + what + ".smart; the checks are " +
                                     detail::join(checks));
        continue;
      }
      out->push_back(v);
    }
  }
  p_.action_plan_ = std::move(b);
}

// procedure.chronology: {format, track, submitted, returned}, read once the
// tracks and their events are known.
void procedure_loader::read_chronology_binding(const YAML::Node& meta) {
  const YAML::Node n = meta["chronology"];
  if (absent(n) || !expect_map(n, "procedure.chronology")) return;
  check_keys(n, {"format", "track", "submitted", "returned"}, "procedure.chronology");
  chronology_binding b;
  b.at = pos(n);
  if (const auto f = text(n, "format", "procedure.chronology", true)) {
    if (!valid_id(*f)) error(n["format"], "bad-id", "invalid chronology format id " + quoted(*f));
    b.format = *f;
  }
  const auto t = text(n, "track", "procedure.chronology", false);
  const scope* s = nullptr;
  if (t) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < p_.tracks_.size(); ++i) {
      ids.push_back(p_.tracks_[i].id);
      if (p_.tracks_[i].id == *t) s = &track_scopes_[i];
    }
    if (check_ref(n["track"], "track", *t, ids, "procedure.chronology")) b.track = *t;
  }
  for (const auto& [key, out] : {std::pair{"submitted", &b.submitted}, std::pair{"returned", &b.returned}}) {
    const auto e = text(n, key, "procedure.chronology", false);
    if (!e) continue;
    // Without a track, an event of the review itself (a procedure whose
    // review is one agency's contribution, such as an IMR).
    const machine* m = t ? (s != nullptr ? s->m : nullptr) : static_cast<const machine*>(&p_);
    if (m == nullptr) continue;
    if (m->find_event(*e) == nullptr) {
      std::vector<std::string> names;
      for (const auto& ev : m->events) names.push_back(ev.name);
      check_ref(n[key], "event", *e, names, std::string("procedure.chronology.") + key);
      continue;
    }
    *out = *e;
  }
  if (!b.returned.empty() && b.submitted.empty()) {
    error(n["returned"], "missing-key",
          "procedure.chronology.returned needs 'submitted': a return is recorded after the submission it returns");
  }
  p_.chronology_ = std::move(b);
}

void procedure_loader::read_obligations(const YAML::Node& owner, scope& s) {
  const YAML::Node list = owner["obligations"];
  if (absent(list) || !expect_list(list, "obligations")) return;
  for (const auto& n : list) {
    if (!expect_map(n, "an obligation")) continue;
    check_keys(n, {"id", "title", "description", "owner", "recipients", "trigger", "within", "repeat", "until",
                   "discharged_by", "after_closure", "kind", "strength", "branches", "cite", "confidence",
                   "basis"},
               "an obligation");
    obligation o;
    o.id = id_field(n, "id", "an obligation");
    o.at = pos(n);
    const std::string what = "obligation " + quoted(o.id);
    o.title = text(n, "title", what, true).value_or(o.id);
    o.description = text(n, "description", what, false).value_or("");
    if (const auto r = text(n, "owner", what, true)) {
      check_ref(n["owner"], "role", *r, role_ids(), what);
      o.owner = *r;
    }
    for (auto& [r, node] : names(n, "recipients", what)) o.recipients.push_back(std::move(r));
    const YAML::Node t = n["trigger"];
    if (absent(t)) {
      error(n, "missing-key", what + " needs a 'trigger': {event: e}, {milestone: m} or {extension: m}");
    } else if (!t.IsMap()) {
      error(t, "type", "the trigger of " + what + " must be {event: e}, {milestone: m} or {extension: m}");
    } else {
      check_keys(t, {"event", "when", "milestone", "extension"}, "the trigger of " + what);
      const int kinds = int(!absent(t["event"])) + int(!absent(t["milestone"])) + int(!absent(t["extension"]));
      if (kinds != 1) {
        error(t, "type", "the trigger of " + what + " needs exactly one of 'event', 'milestone' and 'extension'");
      } else if (!absent(t["event"])) {
        o.on.kind = trigger_kind::event;
        o.on.ref = text(t, "event", what, true).value_or("");
        if (check_ref(t["event"], "event", o.on.ref, event_names(s), "the trigger of " + what)) {
          o.on.when = predicate_field(t, "when", find_event(s, o.on.ref), what);
        }
      } else {
        o.on.kind = absent(t["milestone"]) ? trigger_kind::extension : trigger_kind::milestone_met;
        const char* key = absent(t["milestone"]) ? "extension" : "milestone";
        o.on.ref = text(t, key, what, true).value_or("");
        check_ref(t[key], "milestone", o.on.ref, milestone_names(s), "the trigger of " + what);
        if (!absent(t["when"])) {
          error(t["when"], "type", "only an event trigger takes a 'when' condition (in " + what + ")");
        }
      }
    }
    o.within = timescale_field(n, "within", what);
    o.repeat = timescale_field(n, "repeat", what);
    if (const auto u = text(n, "until", what, false)) {
      check_ref(n["until"], "event", *u, event_names(s), what);
      o.until = *u;
    }
    if (!absent(n["repeat"]) && absent(n["until"])) {
      error(n["repeat"], "repeat", what + " repeats but has no 'until' event to stop it");
    }
    if (absent(n["repeat"]) && !absent(n["until"])) {
      error(n["until"], "repeat", what + " has 'until' but does not repeat; add 'repeat' or remove 'until'");
    }
    if (o.repeat && o.repeat->amount == 0) {
      error(n["repeat"], "repeat", what + " repeats every " + o.repeat->to_string() + "; use a positive interval");
    }
    if (const auto d = text(n, "discharged_by", what, false)) {
      check_ref(n["discharged_by"], "event", *d, event_names(s), what);
      o.discharged_by = *d;
    }
    o.after_closure = timescale_field(n, "after_closure", what);
    o.kind = enum_field(n, "kind", what, milestone_kinds, milestone_kind::local);
    o.level = enum_field(n, "strength", what, strengths, strength::must);
    o.confidence = enum_field(n, "confidence", what, confidences, confidence::unstated);
    o.basis = text(n, "basis", what, false).value_or("");
    for (auto& [b, node] : names(n, "branches", what)) {
      check_ref(node, "branch", b, std::vector<std::string>(branches_.begin(), branches_.end()), what);
      o.branches.push_back(std::move(b));
    }
    o.cite = cites(n, what);
    s.m->obligations.push_back(std::move(o));
  }
}

void procedure_loader::read_conflicts(const YAML::Node& root) {
  const YAML::Node list = root["conflicts"];
  if (absent(list) || !expect_list(list, "conflicts")) return;
  for (const auto& n : list) {
    if (!expect_map(n, "a conflict")) continue;
    check_keys(n, {"kind", "roles", "declaration", "severity", "rule", "cite"}, "a conflict");
    role_conflict c;
    c.at = pos(n);
    if (absent(n["kind"])) error(n, "missing-key", "a conflict needs a 'kind' (same_person, involved_agency or declared)");
    c.kind = enum_field(n, "kind", "a conflict", conflict_kinds, conflict_kind::same_person);
    c.level = enum_field(n, "severity", "a conflict", strengths, strength::must);
    if (absent(n["severity"])) error(n, "missing-key", "a conflict needs a 'severity' (must or should)");
    c.rule = text(n, "rule", "a conflict", true).value_or("");
    const std::string what = "conflict " + quoted(c.rule);
    if (absent(n["roles"])) error(n, "missing-key", what + " needs 'roles'");
    check_roles(n, "roles", what, c.roles);
    std::set<std::string> distinct(c.roles.begin(), c.roles.end());
    if (c.kind == conflict_kind::same_person && !absent(n["roles"]) && distinct.size() < 2) {
      error(n["roles"], "conflict", what + " is same_person and needs two or more different roles");
    }
    c.declaration = text(n, "declaration", what, false).value_or("");
    if (c.kind == conflict_kind::declared && c.declaration.empty()) {
      error(n, "conflict", what + " is declared and needs a 'declaration', such as line_manager_of_staff_involved");
    }
    if (c.kind != conflict_kind::declared && !c.declaration.empty()) {
      error(n["declaration"], "conflict", what + " has a 'declaration' but is not kind 'declared'");
    }
    if (!c.declaration.empty() && !valid_id(c.declaration)) {
      error(n["declaration"], "bad-id", "invalid declaration name " + quoted(c.declaration));
    } else if (c.declaration == "person_id") {
      // An assignment's data carries its declarations and the person's id.
      error(n["declaration"], "conflict", what + ": 'person_id' is not a declaration name: an assignment "
                                                 "carries the person's id under that name");
    }
    c.cite = cites(n, what);
    p_.conflicts_.push_back(std::move(c));
  }
}

// ---- tracks ----------------------------------------------------------------------

void procedure_loader::declare_tracks(const YAML::Node& root) {
  const YAML::Node list = root["tracks"];
  if (absent(list) || !expect_list(list, "tracks")) return;
  p_.tracks_.reserve(list.size());
  for (const auto& n : list) {
    if (!expect_map(n, "a track")) continue;
    check_keys(n, {"id", "title", "instantiated_by", "states", "events", "transitions", "milestones", "chains",
                   "obligations"},
               "a track");
    track t;
    t.id = id_field(n, "id", "a track");
    t.at = pos(n);
    if (t.id.empty()) continue;
    if (p_.find_track(t.id)) {
      error(n["id"], "duplicate-id", "track " + quoted(t.id) + " is declared twice");
      continue;
    }
    t.title = text(n, "title", "track " + quoted(t.id), true).value_or(t.id);
    p_.tracks_.push_back(std::move(t));
    track_nodes_.push_back(n);
  }
  // Scopes point into p_.tracks_, which no longer grows.
  for (std::size_t i = 0; i < p_.tracks_.size(); ++i) {
    scope s;
    s.m = &p_.tracks_[i];
    s.parent = &review_scope_;
    s.track_id = p_.tracks_[i].id;
    track_scopes_.push_back(std::move(s));
  }
}

void procedure_loader::read_track_instantiation(const YAML::Node& n, track& t) {
  const std::string what = "track " + quoted(t.id);
  const YAML::Node by = n["instantiated_by"];
  if (absent(by)) {
    error(n, "missing-key", what + " needs 'instantiated_by: {event: e, field: f}' (the agency field of a procedure event)");
    return;
  }
  if (!by.IsMap()) {
    error(by, "type", "'instantiated_by' of " + what + " must be {event: e, field: f}");
    return;
  }
  check_keys(by, {"event", "field"}, "'instantiated_by' of " + what);
  t.instantiated_by = text(by, "event", what, true).value_or("");
  t.agency_field = text(by, "field", what, true).value_or("");
  if (t.instantiated_by.empty()) return;
  std::vector<std::string> review_events;
  for (const auto& e : p_.events) review_events.push_back(e.name);
  if (!check_ref(by["event"], "event", t.instantiated_by, review_events, "'instantiated_by' of " + what)) return;
  const event_spec* e = p_.find_event(t.instantiated_by);
  if (t.agency_field.empty()) return;
  std::vector<std::string> fields;
  for (const auto& f : e->data) fields.push_back(f.name);
  if (!check_ref(by["field"], "field", t.agency_field, fields, "'instantiated_by' of " + what)) return;
  const field_type ft = e->find_field(t.agency_field)->type;
  if (ft != field_type::agency && ft != field_type::text) {
    error(by["field"], "field-type",
          "field " + quoted(t.agency_field) + " of event " + quoted(e->name) + " instantiates " + what +
              " and must have 'type: agency' (or 'type: text', for a track keyed by something else, such as an "
              "action's number)");
  }
}

// ---- the whole file ---------------------------------------------------------------

namespace {

std::optional<position> invalid_utf8(std::string_view s) {
  const auto bad = detail::first_invalid_utf8(s);
  if (!bad) return std::nullopt;
  int line = 1, column = 1;
  for (std::size_t i = 0; i < *bad;) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    if (b == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
  return position{line, column};
}

}  // namespace

procedure procedure_loader::run(std::string_view yaml_text) {
  if (const auto bad = invalid_utf8(yaml_text)) {
    error_at(*bad, "encoding", "the file is not valid UTF-8 here; save it as UTF-8");
    return std::move(p_);
  }
  source_ = yaml_text;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    error_at(from_mark(e.mark), "yaml-syntax", "not valid YAML: " + e.msg);
    return std::move(p_);
  }
  if (!root.IsMap()) {
    error(root, "type", "a procedure file must be a mapping with 'procedure', 'roles', 'states', ... at the top");
    return std::move(p_);
  }
  if (is_overlay(root)) {
    try {
      return run_overlay(yaml_text, root);
    } catch (const YAML::Exception& e) {
      // A shape the overlay's checks did not foresee: an error, never a crash.
      reporting_in_.clear();
      error_at(from_mark(e.mark), "type", "unexpected structure: " + e.msg);
      return std::move(p_);
    }
  }
  try {
    read_all(root);
  } catch (const YAML::Exception& e) {
    // A shape the checks above did not foresee: still an error at a position,
    // never a crash.
    error_at(from_mark(e.mark), "type", "unexpected structure: " + e.msg);
  }
  return std::move(p_);
}

void procedure_loader::read_all(const YAML::Node& root) {
  check_keys(root, {"procedure", "roles", "conflicts", "states", "events", "transitions", "milestones", "chains",
                    "obligations", "tracks"},
             "the file");
  read_meta(root);
  read_roles(root);

  // Pass A: declarations.
  review_scope_.m = &p_;
  read_states(root, p_, "the procedure");
  read_events(root, p_, nullptr, "the procedure");
  declare_ids(root, review_scope_, "the procedure");
  declare_tracks(root);
  for (std::size_t i = 0; i < p_.tracks_.size(); ++i) {
    const std::string where = "track " + quoted(p_.tracks_[i].id);
    read_states(track_nodes_[i], p_.tracks_[i], where);
    read_events(track_nodes_[i], p_.tracks_[i], &review_scope_, where);
    declare_ids(track_nodes_[i], track_scopes_[i], where);
    read_track_instantiation(track_nodes_[i], p_.tracks_[i]);
  }

  if (const YAML::Node meta = root["procedure"]; !absent(meta) && meta.IsMap()) {
    if (absent(meta["opened_by"])) {
      error(meta, "missing-key",
            "procedure needs 'opened_by': the event that opens a review, such as referral_received");
    } else if (const auto e = text(meta, "opened_by", "procedure", true)) {
      std::vector<std::string> names;
      for (const auto& ev : p_.events) names.push_back(ev.name);
      if (check_ref(meta["opened_by"], "event", *e, names, "procedure.opened_by")) p_.opened_by_ = *e;
    }
  }

  // Pass B: transitions (they declare the branches).
  read_transitions(root, review_scope_, "the procedure");
  for (std::size_t i = 0; i < p_.tracks_.size(); ++i)
    read_transitions(track_nodes_[i], track_scopes_[i], "track " + quoted(p_.tracks_[i].id));

  // Pass C: deadlines and rules.
  read_milestones(root, review_scope_);
  read_chains(root, review_scope_);
  read_obligations(root, review_scope_);
  read_headline_milestones(root);
  for (std::size_t i = 0; i < p_.tracks_.size(); ++i) {
    read_milestones(track_nodes_[i], track_scopes_[i]);
    read_chains(track_nodes_[i], track_scopes_[i]);
    read_obligations(track_nodes_[i], track_scopes_[i]);
  }
  read_conflicts(root);

  // "*" means every non-terminal state.
  const auto expand = [](machine& m) {
    for (auto& t : m.transitions) {
      if (!t.from_any) continue;
      for (const auto& s : m.states)
        if (s.kind != state_kind::terminal) t.from.push_back(s.id);
    }
  };
  expand(p_);
  for (auto& t : p_.tracks_) expand(t);

  validate();
}

std::vector<diagnostic> procedure_loader::take_diagnostics() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [this](const diagnostic& a, const diagnostic& b) {
    if (a.level != b.level) return a.level == severity::error;
    // An overlay's own problems before those in what it kept of its bases.
    if (a.file != b.file) return a.file == file_ || (b.file != file_ && a.file < b.file);
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  // The same problem reached twice (a node checked from two places) is said once.
  diagnostics_.erase(std::unique(diagnostics_.begin(), diagnostics_.end()), diagnostics_.end());
  return std::move(diagnostics_);
}

}  // namespace scr
