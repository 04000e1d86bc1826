// procedure: construction, look-ups, the built-in packs.

#include "scr/procedure.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "builtin_procedures.hpp"
#include "procedure_loader.hpp"

namespace scr {

// ---- names ---------------------------------------------------------------------

std::string_view to_string(state_kind k) noexcept {
  switch (k) {
    case state_kind::initial: return "initial";
    case state_kind::active: return "active";
    case state_kind::waiting: return "waiting";
    case state_kind::terminal: return "terminal";
  }
  return "?";
}

std::string_view to_string(milestone_kind k) noexcept {
  switch (k) {
    case milestone_kind::statutory: return "statutory";
    case milestone_kind::local: return "local";
    case milestone_kind::scheduled: return "scheduled";
  }
  return "?";
}

std::string_view to_string(hold_policy h) noexcept {
  switch (h) {
    case hold_policy::continue_: return "continue";
    case hold_policy::pause_keep_end: return "pause-keep-end";
    case hold_policy::pause_resume: return "pause-resume";
    case hold_policy::restart: return "restart";
  }
  return "?";
}

std::string_view to_string(strength s) noexcept { return s == strength::must ? "must" : "should"; }

std::string_view to_string(confidence c) noexcept {
  switch (c) {
    case confidence::unstated: return "unstated";
    case confidence::statute: return "statute";
    case confidence::statutory_guidance: return "statutory_guidance";
    case confidence::national_guidance: return "national_guidance";
    case confidence::local: return "local";
    case confidence::not_found: return "not_found";
  }
  return "unstated";
}

std::string_view confidence_words(confidence c) noexcept {
  switch (c) {
    case confidence::unstated: return "";
    case confidence::statute: return "statute";
    case confidence::statutory_guidance: return "statutory guidance";
    case confidence::national_guidance: return "national guidance";
    case confidence::local: return "local practice";
    case confidence::not_found: return "not confirmed";
  }
  return "";
}

std::string_view to_string(conflict_kind k) noexcept {
  switch (k) {
    case conflict_kind::same_person: return "same_person";
    case conflict_kind::involved_agency: return "involved_agency";
    case conflict_kind::declared: return "declared";
  }
  return "?";
}

std::string_view to_string(field_type t) noexcept {
  switch (t) {
    case field_type::text: return "text";
    case field_type::local_date: return "date";
    case field_type::timestamp: return "instant";
    case field_type::choice: return "choice";
    case field_type::boolean: return "boolean";
    case field_type::integer: return "integer";
    case field_type::agency: return "agency";
  }
  return "?";
}

std::string_view to_string(severity s) noexcept { return s == severity::error ? "error" : "warning"; }

std::string time_of_day::to_string() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
  return buf;
}

// ---- diagnostics -------------------------------------------------------------------

std::string diagnostic::to_string() const {
  std::string out = file.empty() ? std::string("<text>") : file;
  if (line > 0) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on
    // "literal" + std::to_string(...) chains.
    out += ':';
    out += std::to_string(line);
    out += ':';
    out += std::to_string(column);
  }
  out += ": ";
  out += scr::to_string(level);
  out += ": " + message + " [" + rule + "]";
  return out;
}

namespace {
std::string summarise(const std::vector<diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    if (d.level != severity::error) continue;
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out.empty() ? std::string("invalid procedure definition") : out;
}
}  // namespace

definition_error::definition_error(std::vector<diagnostic> diagnostics)
    : input_error(summarise(diagnostics)), diagnostics_(std::move(diagnostics)) {}

bool check_result::ok() const noexcept { return errors() == 0; }

std::size_t check_result::errors() const noexcept {
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                [](const diagnostic& d) { return d.level == severity::error; }));
}

std::size_t check_result::warnings() const noexcept { return diagnostics.size() - errors(); }

// ---- look-ups ------------------------------------------------------------------------

const field_spec* event_spec::find_field(std::string_view n) const noexcept {
  for (const auto& f : data)
    if (f.name == n) return &f;
  return nullptr;
}

namespace {
template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) noexcept {
  for (const auto& i : items)
    if (i.id == id) return &i;
  return nullptr;
}
}  // namespace

const state* machine::find_state(std::string_view id) const noexcept { return find_by_id(states, id); }
const milestone* machine::find_milestone(std::string_view id) const noexcept { return find_by_id(milestones, id); }
const obligation* machine::find_obligation(std::string_view id) const noexcept {
  return find_by_id(obligations, id);
}
const chain* machine::find_chain(std::string_view id) const noexcept { return find_by_id(chains, id); }

const state* machine::initial_state() const noexcept {
  for (const auto& s : states)
    if (s.kind == state_kind::initial) return &s;
  return nullptr;
}

const event_spec* machine::find_event(std::string_view name) const noexcept {
  for (const auto& e : events)
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<const transition*> machine::transitions_from(std::string_view from, std::string_view event) const {
  std::vector<const transition*> out;
  for (const auto& t : transitions) {
    if (t.event != event) continue;
    if (std::find(t.from.begin(), t.from.end(), from) != t.from.end()) out.push_back(&t);
  }
  return out;
}

const role* procedure::find_role(std::string_view id) const noexcept { return find_by_id(roles_, id); }
const track* procedure::find_track(std::string_view id) const noexcept { return find_by_id(tracks_, id); }

std::vector<const milestone*> procedure::milestones_in_dependency_order() const {
  // Loading has proved the anchor graph acyclic; a depth-first walk suffices.
  std::vector<const milestone*> out;
  std::map<const milestone*, bool> done;
  const auto visit = [&](auto&& self, const machine& m, const milestone& ms) -> void {
    if (done[&ms]) return;
    done[&ms] = true;
    if (ms.from.kind == anchor_kind::milestone) {
      if (const milestone* dep = m.find_milestone(ms.from.ref)) {
        self(self, m, *dep);
      } else if (const milestone* top = find_milestone(ms.from.ref)) {
        self(self, *this, *top);
      }
    }
    out.push_back(&ms);
  };
  for (const auto& ms : milestones) visit(visit, *this, ms);
  for (const auto& t : tracks_)
    for (const auto& ms : t.milestones) visit(visit, t, ms);
  return out;
}

// ---- loading -----------------------------------------------------------------------------

check_result procedure::check(std::string_view text, std::string_view file) {
  procedure_loader loader(file);
  loader.run(text);
  return check_result{loader.take_diagnostics()};
}

procedure procedure::parse(std::string_view text, std::string_view file) {
  procedure_loader loader(file);
  procedure p = loader.run(text);
  auto diagnostics = loader.take_diagnostics();
  if (std::any_of(diagnostics.begin(), diagnostics.end(),
                  [](const diagnostic& d) { return d.level == severity::error; })) {
    throw definition_error(std::move(diagnostics));
  }
  p.warnings_ = std::move(diagnostics);
  return p;
}

procedure procedure::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error("cannot read procedure file '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw input_error("cannot read procedure file '" + path + "'");
  return parse(buffer.str(), path);
}

std::vector<std::string> procedure::builtin_ids() {
  std::vector<std::string> out;
  for (const auto& pack : detail::builtin_packs()) out.emplace_back(pack.id);
  std::sort(out.begin(), out.end());
  return out;
}

std::string_view procedure::builtin_source(std::string_view id) {
  for (const auto& pack : detail::builtin_packs())
    if (pack.id == id) return pack.yaml;
  std::string known;
  for (const auto& k : builtin_ids()) known += (known.empty() ? "" : ", ") + k;
  throw input_error("unknown built-in procedure '" + std::string(id) + "' (built in: " + known + ")");
}

procedure procedure::builtin(std::string_view id) {
  static std::mutex mutex;
  static std::map<std::string, procedure, std::less<>> cache;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(id);
    if (it != cache.end()) return it->second;
  }
  const std::string_view text = builtin_source(id);
  procedure p = parse(text, "builtin:" + std::string(id));
  const std::lock_guard<std::mutex> lock(mutex);
  cache.emplace(std::string(id), p);
  return p;
}

// ---- comparison ---------------------------------------------------------------------------

namespace {
template <class T>
void clear(std::vector<T>& items) {
  for (auto& i : items) i.at = {};
}
void clear(machine& m) {
  clear(m.states);
  clear(m.events);
  clear(m.transitions);
  clear(m.milestones);
  clear(m.chains);
  clear(m.obligations);
}
}  // namespace

bool procedure::same_definition(const procedure& other) const {
  procedure a = *this;
  procedure b = other;
  for (procedure* p : {&a, &b}) {
    clear(static_cast<machine&>(*p));
    clear(p->roles_);
    clear(p->conflicts_);
    for (auto& t : p->tracks_) {
      clear(static_cast<machine&>(t));
      t.at = {};
    }
    if (p->chronology_) p->chronology_->at = {};
    if (p->action_plan_) p->action_plan_->at = {};
  }
  return static_cast<const machine&>(a) == static_cast<const machine&>(b) && a.id_ == b.id_ &&
         a.title_ == b.title_ && a.opened_by_ == b.opened_by_ && a.calendar_ == b.calendar_ && a.review_type_ == b.review_type_ &&
         a.decision_ == b.decision_ && a.completion_ == b.completion_ && a.retention_ == b.retention_ && a.chronology_ == b.chronology_ && a.action_plan_ == b.action_plan_ && a.correctors_ == b.correctors_ &&
         a.description_ == b.description_ && a.version_ == b.version_ &&
         a.effective_from_ == b.effective_from_ && a.sources_ == b.sources_ && a.choices_ == b.choices_ &&
         a.roles_ == b.roles_ && a.conflicts_ == b.conflicts_ && a.tracks_ == b.tracks_;
}

}  // namespace scr
