#pragma once
// The engine's index of a procedure: names resolved to numbers once, so that
// applying an event is a few table look-ups, and the order in which due dates
// are computed (dependencies first, by Boost.Graph).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scr/procedure.hpp"

namespace scr::detail {

struct name_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using name_index = std::unordered_map<std::string, std::uint32_t, name_hash, std::equal_to<>>;

inline std::optional<std::uint32_t> lookup(const name_index& index, std::string_view name) {
  const auto it = index.find(name);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

/// An event of this machine, or of the review (for a track's references to
/// review-level events).
struct event_ref {
  bool review_level = false;
  std::uint32_t index = 0;
  friend bool operator==(const event_ref&, const event_ref&) = default;
};
/// A milestone of this machine, or of the review.
struct milestone_ref {
  bool review_level = false;
  std::uint32_t index = 0;
};

struct machine_plan {
  const machine* m = nullptr;
  const track* t = nullptr;  // null for the review itself
  name_index events, states, milestones, obligations;
  std::uint32_t initial = 0;
  std::vector<bool> terminal;                    // per state
  std::vector<std::vector<std::uint32_t>> rows;  // [state * events + event]: transition indices, in order
  std::vector<std::vector<std::uint32_t>> rows_for_event;  // per event: every row that records it
  std::vector<bool> branching;                   // per event: some row for it takes a branch
  std::vector<std::string> branches;             // every branch its rows take
  std::vector<std::uint32_t> order;              // milestone indices, dependencies first

  // Per milestone.
  std::vector<std::optional<event_ref>> anchor_event;         // event and event_field anchors
  std::vector<std::uint32_t> anchor_field;  // an event_field anchor's field (review_plan::anchor_fields)
  std::vector<std::optional<milestone_ref>> anchor_milestone;
  std::vector<std::vector<event_ref>> completed_by;
  std::vector<std::vector<event_ref>> reopened_by;

  // Per obligation.
  std::vector<std::optional<event_ref>> trigger_event;
  std::vector<std::optional<milestone_ref>> trigger_milestone;  // met or extension
  std::vector<std::optional<event_ref>> discharged_by, until;

  // For a track: the review-level event that instantiates it.
  std::uint32_t instantiated_by = 0;

  // Per event of this machine: the fields (review_plan::anchor_fields) that
  // an event_field anchor reads from it, which the fold keeps as each such
  // event is recorded (review::state_data::anchor_values).
  std::vector<std::vector<std::uint32_t>> anchor_fields_of;

  const std::vector<std::uint32_t>& rows_from(std::uint32_t state, std::uint32_t event) const {
    return rows[state * m->events.size() + event];
  }
};

struct review_plan {
  machine_plan review;
  std::vector<machine_plan> tracks;
  std::vector<std::vector<std::uint32_t>> instantiates;  // per review event: the tracks it instantiates
  std::unordered_map<std::string, std::vector<std::uint32_t>, name_hash, std::equal_to<>> track_events;
  name_index roles;
  /// Every field an event_field anchor reads, each once.
  std::vector<std::string> anchor_fields;

  explicit review_plan(const procedure& p);

  /// The plan of `p`, built once for each procedure object and shared by
  /// every review under it (a store takes reviews up from the file one after
  /// another; each would otherwise index the procedure again). Safe from any
  /// thread. The plan points into `p`: hold `p` for as long as the plan.
  static std::shared_ptr<const review_plan> of(const std::shared_ptr<const procedure>& p);
};

}  // namespace scr::detail
