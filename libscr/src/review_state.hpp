#pragma once
// The fold of a review's events, shared by the commands (review.cpp) and the
// queries (review_query.cpp). Everything is kept as lists of event indices in
// time order, so that "as of a date" is a prefix of every list.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "person.hpp"
#include "review_plan.hpp"
#include "scr/review.hpp"

namespace scr {
namespace detail {

/// The text value of a field, if it holds text.
inline const std::string* text_of(const event_data& data, std::string_view key) {
  const auto it = data.find(key);
  if (it == data.end()) return nullptr;
  return std::get_if<std::string>(&it->second);
}

inline constexpr std::uint32_t no_track = std::numeric_limits<std::uint32_t>::max();

/// The review itself, or one agency's track.
struct review_scope {
  std::uint32_t track = no_track;  // index in the procedure's tracks
  const machine_plan* plan = nullptr;
  std::string agency;
  std::uint32_t started = 0;  // the event that began it
  std::vector<std::pair<std::uint32_t, std::uint32_t>> states;  // (event, state entered)
  std::vector<std::pair<std::uint32_t, std::string>> branches;  // (event, branch taken)
  std::vector<std::vector<std::uint32_t>> occurrences;          // per event of the machine
  std::vector<std::uint32_t> instantiations;                    // review events that named this agency
  std::vector<std::vector<std::uint32_t>> schedules, extensions; // per milestone
  std::vector<std::vector<std::uint32_t>> discharges;           // per obligation
  std::vector<std::vector<std::uint32_t>> waivers;              // per milestone
  std::vector<std::vector<std::uint32_t>> obligation_waivers;   // per obligation

  review_scope(const machine_plan& p, std::uint32_t track_index, std::string agency_name, std::uint32_t start)
      : track(track_index), plan(&p), agency(std::move(agency_name)), started(start),
        states{{start, p.initial}}, occurrences(p.m->events.size()), schedules(p.m->milestones.size()),
        extensions(p.m->milestones.size()), discharges(p.m->obligations.size()),
        waivers(p.m->milestones.size()), obligation_waivers(p.m->obligations.size()) {}

  bool is_track() const noexcept { return track != no_track; }
  /// The state as of the first `cutoff` events.
  std::uint32_t state_at(std::uint32_t cutoff) const {
    const auto it = std::lower_bound(states.begin(), states.end(), cutoff,
                                     [](const auto& s, std::uint32_t c) { return s.first < c; });
    return it == states.begin() ? states.front().second : std::prev(it)->second;
  }
  std::uint32_t state_now() const { return states.back().second; }
  const std::string* branch_at(std::uint32_t cutoff) const {
    const auto it = std::lower_bound(branches.begin(), branches.end(), cutoff,
                                     [](const auto& b, std::uint32_t c) { return b.first < c; });
    return it == branches.begin() ? nullptr : &std::prev(it)->second;
  }
  /// The event at which it first entered a terminal state, if before `cutoff`.
  std::optional<std::uint32_t> terminal_at(std::uint32_t cutoff) const {
    if (terminal && *terminal < cutoff) return terminal;
    return std::nullopt;
  }
  std::optional<std::uint32_t> terminal;  // set when it enters a terminal state
};

/// A milestone as computed for a timetable, with what the obligations need.
struct milestone_result {
  timetable_row row;
  std::optional<std::uint32_t> completed_index;
  bool known = false;  // computed (false for a milestone of a track not yet begun)
};

struct computed {
  std::vector<std::vector<milestone_result>> milestones;  // per scope, per milestone
  std::vector<obligation_row> obligations;
};

struct review_access;

}  // namespace detail

struct review::state_data {
  std::vector<detail::review_scope> scopes;  // [0] is the review itself
  std::vector<date> dates;                   // the London date of each event
  std::vector<std::uint32_t> assignments;    // assigned events
  std::vector<detail::person> people;        // people[k]: who assignments[k] assigned, as compared
  std::map<std::uint32_t, std::uint32_t> unassigned;  // assigned event -> the unassigned event that ended it
  std::vector<std::uint32_t> holds;          // held and released events, alternating
  struct involvement {
    std::uint32_t event;  // the first track event for the agency
    std::string agency;   // the agency as that event named it
  };
  std::map<std::string, involvement, std::less<>> involved;  // agency key (detail::agency_key) -> involvement
  std::vector<std::map<std::string, std::uint32_t, std::less<>>> track_scope;  // per track: agency -> scope

  /// While a recorded history is replayed (review::from_events, and the
  /// events before the one a command adds when the history is folded
  /// again): a same-person conflict or a role held twice that only the
  /// comparison of people finds (the names as written differ, so the
  /// comparison by exact spelling used before accepted it) is kept as a
  /// warning, not refused, so that no recorded review stops loading.
  bool replaying = false;
  struct tolerated_conflict {
    std::uint32_t event;  // the event at which it arose (in the fold)
    review_warning warning;
  };
  std::vector<tolerated_conflict> tolerated;

  /// The number of events dated on or before `as_of`.
  std::uint32_t cutoff(date as_of) const;
  /// Whether assignments[k] is in force among the first `cutoff` events:
  /// made among them, and not ended by an unassignment among them.
  bool in_force(std::size_t k, std::size_t cutoff) const {
    if (assignments[k] >= cutoff) return false;
    const auto u = unassigned.find(assignments[k]);
    return u == unassigned.end() || u->second >= cutoff;
  }
};

namespace detail {

/// What the queries compute: every milestone (and obligation) of every scope
/// as of the first `cutoff` events and the date `as_of`. With `only`, just the
/// review itself and the scopes marked true (the others stay unknown).
struct review_access {
  using state_data = review::state_data;
  static computed compute(const review& r, std::uint32_t cutoff, date as_of, bool obligations,
                          const std::vector<bool>* only = nullptr, std::optional<date> through = std::nullopt);
  /// What the store projects after a write, from one computation: every
  /// known milestone (timetable rows), the obligation occurrences due up to
  /// `through`, and the compliance of the review, as of `as_of` (the same as
  /// timetable(as_of), obligations(as_of, through) and compliance(as_of)).
  struct projection_inputs {
    std::vector<timetable_row> timetable;
    std::vector<obligation_row> obligations;
    compliance_summary compliance;
    std::vector<review_warning> warnings;
  };
  static projection_inputs for_projection(const review& r, date as_of, date through);
  static const review::state_data& state(const review& r) { return *r.s_; }

  // Snapshots (review_snapshot.cpp): the whole fold as bytes, so that a
  // store takes a review up where it was instead of replaying its history.
  // `snapshot_format` changes whenever the fold or the bytes do.
  static constexpr std::uint32_t snapshot_format = 2;  // 2: events' texts written once each
  static std::string snapshot(const review& r);
  /// The review the bytes hold, under `p` and `cal` (the procedure and
  /// calendar it was folded under); nullopt when they are not a well-formed
  /// snapshot of this format for that procedure.
  static std::optional<review> restore(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                                       std::string_view bytes);
  /// Folds recorded events after those of `r`, exactly as from_events would
  /// have folded them with the rest of the history.
  static void resume(review& r, std::span<const review_event> tail);
  static const std::vector<review_event>& events(const review& r) { return r.events_; }
  /// The capacity to keep for a review of `n` events (review::leave_room).
  static std::size_t room_for(std::size_t n) { return n + std::max<std::size_t>(n / 8, 64); }
};

}  // namespace detail
}  // namespace scr
