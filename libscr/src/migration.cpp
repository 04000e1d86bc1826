// Moving an open review to another version of its procedure (scr/migration.hpp).

#include "scr/migration.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "review_state.hpp"
#include "scr/report.hpp"
#include "suggest.hpp"
#include "text.hpp"

namespace scr {

namespace {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// Every state id of a procedure: the review's and each track's.
std::vector<std::string> state_ids(const procedure& p) {
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  const auto add = [&](const machine& m) {
    for (const auto& s : m.states)
      if (seen.insert(s.id).second) out.push_back(s.id);
  };
  add(p);
  for (const auto& t : p.tracks()) add(t);
  return out;
}

void check_mapping(const procedure& from, const procedure& to, const state_mapping& states) {
  const auto old_ids = state_ids(from);
  const auto new_ids = state_ids(to);
  const auto require = [](const std::vector<std::string>& ids, const std::string& id, const procedure& p,
                          const char* role) {
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) return;
    const std::string hint = detail::closest(id, ids);
    throw input_error("the state mapping names " + in_quotes(id) + " as " + role + ", but " + procedure_ref(p) +
                      " has no such state" + (hint.empty() ? "" : "; did you mean " + in_quotes(hint) + "?") +
                      " (its states: " + detail::join(ids) + ")");
  };
  for (const auto& [old_state, new_state] : states) {
    require(old_ids, old_state, from, "a state of the old version");
    require(new_ids, new_state, to, "the state of the new version");
  }
}

std::string scope_name(const migration_state& s) {
  return s.track.empty() ? std::string("the review") : "the " + in_quotes(s.track) + " track of " + s.agency;
}

}  // namespace

std::string procedure_ref(const procedure& p) { return p.id() + "@" + std::to_string(p.version()); }

namespace {

// The report, and the history as `to` reads it (none where the plan stops
// before replaying: the same version, a void review, another calendar).
struct planned {
  migration_report report;
  std::optional<review> after;
};

planned plan(const review& r, const std::shared_ptr<const procedure>& to, const state_mapping& states, date as_of) {
  if (!to) throw input_error("no procedure to migrate to");
  planned result;
  migration_report& out = result.report;
  const procedure& from = r.definition();
  check_mapping(from, *to, states);
  out.reference = r.reference();
  out.from_id = from.id();
  out.from_version = from.version();
  out.to_id = to->id();
  out.to_version = to->version();
  out.as_of = as_of;
  const std::string target = procedure_ref(*to);
  if (from.id() == to->id() && from.version() == to->version()) {
    out.problems.push_back("review " + in_quotes(out.reference) + " is already under " + target);
    return result;
  }
  if (r.voided()) {
    out.problems.push_back("review " + in_quotes(out.reference) + " is void (opened by mistake): it is not migrated");
    return result;
  }
  if (r.closed()) {
    out.problems.push_back("review " + in_quotes(out.reference) + " is closed (" + r.state() +
                           "): a closed review stays under the version it ran under");
  }

  if (to->calendar_name() != from.calendar_name()) {
    out.problems.push_back(target + " counts working days by the calendar " + in_quotes(to->calendar_name()) + " and " +
                           procedure_ref(from) + " by " + in_quotes(from.calendar_name()) +
                           ": a migration keeps the review's calendar");
    return result;
  }
  std::vector<std::pair<std::uint64_t, std::string>> refused;
  const review& after = result.after.emplace(detail::review_access::replay_listing(to, r.calendar(), r.history(), refused));
  for (auto& [sequence, message] : refused) {
    out.problems.push_back("under " + target + ", " + message);
    out.refused.push_back({sequence, std::move(message)});
  }
  out.deadlines = compare_timetables(timetable_entries(r, as_of), timetable_entries(after, as_of));

  // The states: the review's, then each track's (matched by track and agency).
  const auto add_state = [&](std::string track, std::string agency, std::string was, std::string now,
                             const machine* in_new) {
    migration_state s;
    s.track = std::move(track);
    s.agency = std::move(agency);
    s.from = std::move(was);
    s.to = std::move(now);
    s.gone = !s.from.empty() && (in_new == nullptr || in_new->find_state(s.from) == nullptr);
    if (const auto it = states.find(s.from); !s.from.empty() && it != states.end()) s.expected = it->second;
    if (s.expected && s.to != *s.expected) {
      out.problems.push_back("the state mapping expects " + scope_name(s) + " in " + in_quotes(*s.expected) +
                             " in place of " + in_quotes(s.from) + ", but its history under " + target +
                             (s.to.empty() ? " does not begin it" : " leaves it in " + in_quotes(s.to)));
    } else if (s.gone && !s.expected) {
      out.problems.push_back(
          scope_name(s) + " is in state " + in_quotes(s.from) + ", which " + target + " does not have; " +
          (s.to.empty() ? "under it the history does not begin it"
                        : "under it the history leaves it in " + in_quotes(s.to) + ": map " + in_quotes(s.from) + " to " +
                              in_quotes(s.to) + " to confirm it (scr review migrate --state " + s.from + "=" + s.to +
                              ")"));
    }
    out.states.push_back(std::move(s));
  };
  add_state({}, {}, r.state(), after.state(), to.get());
  const auto new_tracks = after.tracks();
  std::vector<bool> matched(new_tracks.size(), false);
  for (const auto& t : r.tracks()) {
    std::string now;
    for (std::size_t i = 0; i < new_tracks.size(); ++i) {
      if (!matched[i] && new_tracks[i].def->id == t.def->id && new_tracks[i].agency == t.agency) {
        matched[i] = true;
        now = new_tracks[i].state;
        break;
      }
    }
    add_state(t.def->id, t.agency, t.state, std::move(now), to->find_track(t.def->id));
  }
  for (std::size_t i = 0; i < new_tracks.size(); ++i) {
    if (!matched[i]) add_state(new_tracks[i].def->id, new_tracks[i].agency, {}, new_tracks[i].state, nullptr);
  }
  return result;
}

}  // namespace

migration_report plan_migration(const review& r, std::shared_ptr<const procedure> to, const state_mapping& states,
                                date as_of) {
  return plan(r, to, states, as_of).report;
}

review migrate(const review& r, std::shared_ptr<const procedure> to, const state_mapping& states, instant at,
               const actor& by, std::string_view reason, migration_report* report, std::optional<date> as_of) {
  planned planned_move = plan(r, to, states, as_of ? *as_of : london_date(at));
  if (report != nullptr) *report = planned_move.report;
  const std::string target = procedure_ref(*to);
  for (const procedure* p : {&r.definition(), to.get()}) {
    const auto& roles = p->correctors();
    if (std::find(roles.begin(), roles.end(), by.role) == roles.end()) {
      throw role_error("role " + in_quotes(by.role) + " may not migrate review " + in_quotes(r.reference()) + " from " +
                       procedure_ref(r.definition()) + " to " + target + ": " + procedure_ref(*p) +
                       (roles.empty() ? " names no corrections role, so nobody may"
                                      : " lets only its corrections roles (" + detail::join(roles) + ") do it"));
    }
  }
  if (!planned_move.report.ok()) {
    throw rule_error("migration", "review " + in_quotes(r.reference()) + " is not moved to " + target + ": " +
                                      detail::join(planned_move.report.problems, "; "));
  }
  // The history as the plan read it under `to`: it refused no event.
  review after = std::move(*planned_move.after);
  review_event e;
  e.kind = event_kind::migrated;
  e.at = at;
  e.by = by;
  e.reason = std::string(reason);
  e.data["from"] = procedure_ref(r.definition());
  e.data["to"] = target;
  for (const auto& s : planned_move.report.states) {
    if (s.expected) e.data["state " + s.from] = *s.expected;
  }
  after.apply(e);
  return after;
}

std::string migration_report::to_string() const {
  std::string out = in_quotes(reference) + ": " + from_id + "@" + std::to_string(from_version) + " -> " + to_id + "@" +
                    std::to_string(to_version) + " (deadlines as of " + format_date(as_of) + ")\n";
  for (const auto& s : states) {
    if (s.from == s.to && !s.gone) continue;
    out += "  state of " + scope_name(s) + ": " + (s.from.empty() ? "-" : s.from) + " -> " + (s.to.empty() ? "-" : s.to);
    if (s.gone) out += s.expected ? " (" + s.from + " is gone; mapped)" : " (" + s.from + " is gone)";
    out += "\n";
  }
  for (const auto& d : deadlines) out += "  " + d.to_string() + "\n";
  if (deadlines.empty()) out += "  no deadline moves\n";
  if (applied) {
    out += "  migrated: event " + std::to_string(sequence) + "\n";
  } else if (!problems.empty()) {
    out += "  not migrated:\n";
    for (const auto& p : problems) out += "    - " + p + "\n";
  }
  return out;
}

}  // namespace scr
