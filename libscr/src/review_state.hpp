#pragma once
// The fold of a review's events, shared by the commands (review.cpp) and the
// queries (review_query.cpp). Everything is kept as lists of event indices in
// time order, so that "as of a date" is a prefix of every list.

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <memory_resource>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "person.hpp"
#include "review_plan.hpp"
#include "scr/review.hpp"

namespace scr {
namespace detail {

/// Rethrows the error being handled (one of libscr's) as the same type, with
/// `prefix` before its message. Only inside a catch block.
[[noreturn]] void rethrow_prefixed(const std::string& prefix);

/// The text value of a field, if it holds text.
inline const std::string* text_of(const event_data& data, std::string_view key) {
  const auto it = data.find(key);
  if (it == data.end()) return nullptr;
  return std::get_if<std::string>(&it->second);
}

inline constexpr std::uint32_t no_track = std::numeric_limits<std::uint32_t>::max();

/// A list of event indices in a scope, in time order: where they are and
/// how many, 16 bytes, with nothing to destroy. The index_lists it belongs
/// to adds to it and owns where it lives.
class index_list {
 public:
  using value_type = std::uint32_t;
  using const_iterator = const std::uint32_t*;
  [[nodiscard]] const std::uint32_t* begin() const noexcept { return data_; }
  [[nodiscard]] const std::uint32_t* end() const noexcept { return data_ + size_; }
  [[nodiscard]] const std::uint32_t* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  std::uint32_t operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] std::uint32_t front() const noexcept { return data_[0]; }
  [[nodiscard]] std::uint32_t back() const noexcept { return data_[size_ - 1]; }

 private:
  friend class index_lists;
  std::uint32_t* data_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
};

/// A scope's lists of one kind (one per event, milestone or obligation of
/// its machine). In the review's arena (fold_arena) nothing is freed one by
/// one, and nothing is walked when it goes: the arena frees every list at
/// once, so pushing a review out of a writer's memory does not read the
/// hundreds of lists of its scopes again. A copy (a copy of the fold) keeps
/// its lists on the heap, and frees them.
class index_lists {
 public:
  index_lists(std::size_t n, std::pmr::memory_resource* arena) : r_(arena) {
    if (n > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("too many lists");
    if (n == 0) return;
    lists_ = static_cast<index_list*>(r_->allocate(n * sizeof(index_list), alignof(index_list)));
    std::uninitialized_value_construct_n(lists_, n);
    size_ = static_cast<std::uint32_t>(n);
  }
  index_lists(const index_lists& o) : r_(std::pmr::new_delete_resource()), owned_(true) {
    if (o.size_ == 0) return;
    lists_ = static_cast<index_list*>(r_->allocate(o.size_ * sizeof(index_list), alignof(index_list)));
    std::uninitialized_value_construct_n(lists_, o.size_);
    size_ = o.size_;
    try {
      for (std::uint32_t i = 0; i < size_; ++i) {
        const index_list& from = o.lists_[i];
        if (from.size_ == 0) continue;
        std::copy(from.begin(), from.end(), room(i, from.size_).begin());
      }
    } catch (...) {
      release();
      throw;
    }
  }
  index_lists(index_lists&& o) noexcept
      : lists_(std::exchange(o.lists_, nullptr)), size_(std::exchange(o.size_, 0)), r_(o.r_),
        owned_(std::exchange(o.owned_, false)) {}
  index_lists& operator=(const index_lists&) = delete;
  index_lists& operator=(index_lists&& o) noexcept {
    if (this != &o) {
      release();
      lists_ = std::exchange(o.lists_, nullptr);
      size_ = std::exchange(o.size_, 0);
      r_ = o.r_;
      owned_ = std::exchange(o.owned_, false);
    }
    return *this;
  }
  ~index_lists() { release(); }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const index_list* begin() const noexcept { return lists_; }
  [[nodiscard]] const index_list* end() const noexcept { return lists_ + size_; }
  const index_list& operator[](std::size_t i) const noexcept { return lists_[i]; }

  /// Adds `v` at the end of list i.
  void push_back(std::size_t i, std::uint32_t v) {
    index_list& l = lists_[i];
    if (l.size_ == l.capacity_) {
      if (l.capacity_ > std::numeric_limits<std::uint32_t>::max() / 2) throw std::length_error("a list is too long");
      move_to(l, l.capacity_ == 0 ? 4 : 2 * l.capacity_, true);
    }
    l.data_[l.size_++] = v;
  }
  /// List i, empty, as room for `n` indices, to be written in place.
  std::span<std::uint32_t> room(std::size_t i, std::size_t n) {
    if (n > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("a list is too long");
    index_list& l = lists_[i];
    if (n > l.capacity_) move_to(l, static_cast<std::uint32_t>(n), false);
    l.size_ = static_cast<std::uint32_t>(n);
    return {l.data_, n};
  }

 private:
  // List l in a new block of `capacity` indices, its indices copied when
  // `keep`; the old block given back (a no-op in the arena).
  void move_to(index_list& l, std::uint32_t capacity, bool keep) {
    auto* data = static_cast<std::uint32_t*>(r_->allocate(capacity * sizeof(std::uint32_t), alignof(std::uint32_t)));
    if (keep && l.size_ != 0) std::copy(l.begin(), l.end(), data);
    if (l.data_ != nullptr) r_->deallocate(l.data_, l.capacity_ * sizeof(std::uint32_t), alignof(std::uint32_t));
    l.data_ = data;
    l.capacity_ = capacity;
  }
  // Only the heap's lists are freed one by one; the arena's go with it.
  void release() noexcept {
    if (!owned_ || lists_ == nullptr) return;
    for (std::uint32_t i = 0; i < size_; ++i) {
      const index_list& l = lists_[i];
      if (l.data_ != nullptr) r_->deallocate(l.data_, l.capacity_ * sizeof(std::uint32_t), alignof(std::uint32_t));
    }
    r_->deallocate(lists_, size_ * sizeof(index_list), alignof(index_list));
    lists_ = nullptr;
    size_ = 0;
  }

  index_list* lists_ = nullptr;
  std::uint32_t size_ = 0;
  std::pmr::memory_resource* r_;
  bool owned_ = false;  // on the heap (a copy): freed here
};

/// Where a review's scopes keep their lists: one arena per review, so that
/// taking a review up is mostly bump allocation and freeing it is a few
/// blocks, not a free for each of its hundreds of small lists (a store's
/// writer takes reviews up and pushes them out at every write when it goes
/// round more than it keeps). Monotonic: a list that grows leaves its old
/// block, at most as much again as the lists hold. A copy of the fold has
/// an arena of its own (its lists are copied to the heap).
class fold_arena {
 public:
  fold_arena() : r_(std::make_unique<std::pmr::monotonic_buffer_resource>(initial)) {}
  fold_arena(const fold_arena&) : fold_arena() {}
  fold_arena(fold_arena&&) noexcept = default;
  fold_arena& operator=(const fold_arena&) = delete;
  fold_arena& operator=(fold_arena&&) = delete;
  ~fold_arena() = default;
  [[nodiscard]] std::pmr::memory_resource* get() const noexcept { return r_.get(); }

 private:
  static constexpr std::size_t initial = 4096;
  std::unique_ptr<std::pmr::monotonic_buffer_resource> r_;
};

/// A container whose every allocation is in the review's arena (`arena`),
/// or, in a copy of the fold, on the heap. In the arena nothing is walked
/// when it goes: the arena frees its nodes at once (a monotonic arena frees
/// nothing one by one, so the container's destructor would only read them
/// again). A copy is destroyed as usual.
template <class T>
class arena_held {
 public:
  explicit arena_held(std::pmr::memory_resource* arena) : arena_(arena) { std::construct_at(&v_, arena); }
  arena_held(const arena_held& o) : arena_(nullptr) { std::construct_at(&v_, o.v_); }  // on the heap
  arena_held(arena_held&&) = delete;
  arena_held& operator=(const arena_held&) = delete;
  arena_held& operator=(arena_held&&) = delete;
  ~arena_held() {
    if (v_.get_allocator().resource() != arena_) std::destroy_at(&v_);
  }
  T& operator*() noexcept { return v_; }
  const T& operator*() const noexcept { return v_; }
  T* operator->() noexcept { return &v_; }
  const T* operator->() const noexcept { return &v_; }

 private:
  union {
    T v_;
  };
  std::pmr::memory_resource* arena_;
};

/// The review itself, or one agency's track.
struct review_scope {
  std::uint32_t track = no_track;  // index in the procedure's tracks
  const machine_plan* plan = nullptr;
  std::string agency;
  std::uint32_t started = 0;  // the event that began it
  std::pmr::vector<std::pair<std::uint32_t, std::uint32_t>> states;  // (event, state entered)
  std::vector<std::pair<std::uint32_t, std::string>> branches;       // (event, branch taken)
  index_lists occurrences;           // per event of the machine
  std::pmr::vector<std::uint32_t> instantiations;  // review events that named this agency
  index_lists schedules, extensions;  // per milestone
  index_lists discharges;            // per obligation
  index_lists waivers;               // per milestone
  index_lists obligation_waivers;    // per obligation

  review_scope(const machine_plan& p, std::uint32_t track_index, std::string agency_name, std::uint32_t start,
               std::pmr::memory_resource* arena)
      : track(track_index), plan(&p), agency(std::move(agency_name)), started(start),
        states({{start, p.initial}}, arena), occurrences(p.m->events.size(), arena), instantiations(arena),
        schedules(p.m->milestones.size(), arena), extensions(p.m->milestones.size(), arena),
        discharges(p.m->obligations.size(), arena), waivers(p.m->milestones.size(), arena),
        obligation_waivers(p.m->obligations.size(), arena) {}

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
  detail::fold_arena arena;                  // first: the lists in it go before it
  std::vector<detail::review_scope> scopes;  // [0] is the review itself
  std::vector<date> dates;                   // the London date of each event
  std::vector<std::uint32_t> assignments;    // assigned events
  std::vector<detail::person> people;        // people[k]: who assignments[k] assigned, as compared
  std::map<std::uint32_t, std::uint32_t> unassigned;  // assigned event -> the unassigned event that ended it
  std::vector<std::uint32_t> holds;          // held and released events, alternating
  // What each event_field anchor's field holds in each event it is read
  // from (review_plan::anchor_fields_of), by event and field, for the
  // events that carry it: a timetable finds its anchors here, not in the
  // events' bodies (which a writer that took the review up may not have
  // decoded, and which are cold memory when it has).
  struct anchor_value {
    std::uint32_t event;
    std::uint32_t field;                 // in review_plan::anchor_fields
    std::optional<date> day;             // a date
    std::optional<instant> at;           // a time
    // Neither: some other value (or not-a-date-time), read from the
    // event's body as before.
    friend bool operator==(const anchor_value&, const anchor_value&) = default;
  };
  std::vector<anchor_value> anchor_values;  // in order of event, then field
  /// The field's value in the event; nullptr when it carries none (or an empty one).
  const anchor_value* anchor_value_of(std::uint32_t event, std::uint32_t field) const {
    const auto it = std::lower_bound(anchor_values.begin(), anchor_values.end(), std::pair{event, field},
                                     [](const anchor_value& a, const std::pair<std::uint32_t, std::uint32_t>& k) {
                                       return a.event != k.first ? a.event < k.first : a.field < k.second;
                                     });
    return it != anchor_values.end() && it->event == event && it->field == field ? &*it : nullptr;
  }
  // The agencies, their keys and the maps of them are in the arena too: a
  // few dozen allocations fewer to make when a review is taken up and to
  // free when it is pushed out.
  struct involvement {
    std::uint32_t event;       // the first track event for the agency
    std::pmr::string agency;   // the agency as that event named it: always made in the arena
  };                           // (arena_held frees nothing of `involved` one by one)
  detail::arena_held<std::pmr::map<std::pmr::string, involvement, std::less<>>> involved{arena.get()};  // agency key (detail::agency_key) -> involvement
  detail::arena_held<std::pmr::vector<std::pmr::map<std::pmr::string, std::uint32_t, std::less<>>>> track_scope{arena.get()};  // per track: agency -> scope

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

/// The bodies of a review's events before review::base_, in a review a
/// store's writer took up from its snapshot: each decoded when first asked
/// for, from the snapshot's bodies kept as read (`bytes`) or, for the events
/// they lack, through `fetch` from the store's events. A write reads a few
/// dozen bodies whatever the review's length, so a review taken up holds
/// bytes for the others (about 80 an event) rather than decoded events
/// (about 430). Decoded bodies are found by index, in pages of 64: asking
/// for one is two lookups, as the engine does many times a command.
struct early_bodies {
  static constexpr std::size_t page = 64;
  using fetcher = std::function<std::vector<review_event>(std::uint64_t first, std::uint64_t last)>;
  /// Where a text of a chunk of `bytes` is, and where it is defined (the
  /// position after its number where it is written out in full).
  struct text_at {
    std::uint32_t at, size, defined;
  };

  explicit early_bodies(std::size_t events) : count(events), pages((events + page - 1) / page) {}

  /// Event i's body if it was decoded or read.
  const review_event* find(std::size_t i) const {
    const auto& p = pages[i / page];
    return p ? (*p)[i % page].get() : nullptr;
  }
  const review_event& put(std::size_t i, review_event e);
  /// Room for the bodies of `events` events (no fewer than count).
  void grow(std::size_t events) {
    count = events;
    pages.resize((events + page - 1) / page);
  }
  /// Event i's body, decoded or read first if it was not (i < count).
  const review_event& get(std::size_t i);
  /// Decodes or reads every body from `from` on (those read in one read).
  void read_from(std::size_t from);
  /// Event i's body, to move out of it (once read_from has read it).
  review_event& taken(std::size_t i) { return *(*pages[i / page])[i % page]; }
  /// Takes `bodies`, the snapshot's bodies of the first `events` events
  /// (chunks, review_access::snapshot_bytes), and indexes them; throws
  /// malformed when they are not that many well-formed bodies.
  void keep(std::string bodies, std::size_t events);

  std::size_t count;  // the events before base_
  std::vector<std::unique_ptr<std::array<std::unique_ptr<review_event>, page>>> pages;
  std::string bytes;
  std::vector<std::uint32_t> starts;  // where each event's body begins in bytes (starts.size() are there)
  std::vector<std::pair<std::size_t, std::vector<text_at>>> chunks;  // (first event, its texts)
  fetcher fetch;
  /// The fold of the first `count` events, as the snapshot bytes a writer
  /// took the review up from (review_access::restore with kept_bodies), so
  /// that parking it again writes no fold (review_access::park).
  std::string fold;

 private:
  review_event decode(std::size_t i) const;
};

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
  // 2: events' texts written once each; 3: bodies apart, indices and dates
  // as differences; 4: the time of each event (withdrawn; never reused, so
  // that no store's snapshot of that layout is read as another); 5: the
  // length of each list of indices in a byte or so (most are empty), not four;
  // 6: what the fields event_field anchors read hold (state_data::anchor_values).
  static constexpr std::uint32_t snapshot_format = 6;
  /// A snapshot: the fold, and apart from it the bodies of the events it
  /// folds when the history as recorded is the events in force (the usual
  /// case; otherwise `bodies` is empty and the events are in the fold). A
  /// writer takes the fold up without the bodies and reads the few it needs.
  struct snapshot_bytes {
    std::string fold;
    std::string bodies;  // chunks: a count, then that many events, with texts of their own
    bool operator==(const snapshot_bytes&) const = default;
  };
  /// A store's writer decodes a snapshot's bodies when the snapshot folds at
  /// most this many events; a longer one's are read from the store's events
  /// when asked for (a write reads a few dozen at any length), so that
  /// taking it up costs about the same at any length.
  static inline std::size_t snapshot_bodies_up_to = 512;
  /// A longer review's fold holds the bodies of its first this many events
  /// and of its last: what a write reads first at any length.
  static inline std::size_t snapshot_head = 64;
  /// `bodies_from`: the bodies are of the events from that index on only
  /// (one chunk, for a store to append to the bodies it holds).
  static snapshot_bytes snapshot(const review& r, std::size_t bodies_from = 0);
  /// The review the bytes hold, under `p` and `cal` (the procedure and
  /// calendar it was folded under); nullopt when they are not a well-formed
  /// snapshot of this format for that procedure. When the fold has the
  /// bodies apart, `bodies` gives them all (as bodies_of and the store's
  /// events give them); without it, all but the few the fold holds are
  /// absent, to be read through set_fetch.
  static std::optional<review> restore(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                                       std::string_view fold, std::optional<std::vector<review_event>> bodies);
  /// A writer's way to take a review up from its snapshot: its bodies kept
  /// as bytes, each decoded when first asked for (early_bodies).
  struct kept_bodies {
    std::string bytes;                // the snapshot's bodies, as stored
    std::size_t events = 0;           // how many events' bodies they hold: the first
    std::vector<review_event> after;  // the bodies of those after them that the fold holds
    std::unique_ptr<early_bodies> early;  // or all of them as a parked review kept them (bytes unused)
  };
  /// As restore, the bodies kept as bytes; nullopt too when they are not
  /// `kept.events` well-formed bodies. The events the fold holds must be
  /// those of `kept` and `kept.after`; the review reads the bodies of
  /// others through set_fetch (none when the store wrote the snapshot).
  static std::optional<review> restore(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                                       std::string_view fold, kept_bodies kept);
  /// A review a store's writer pushes out of those it keeps in full, kept
  /// as a snapshot in memory (fold and bodies) so that the next write to it
  /// takes it up from these bytes (restore with kept_bodies{bodies, events})
  /// instead of reading and checking its snapshot and later events in the
  /// file. The bodies already kept as bytes are moved, not encoded again.
  struct parked_review {
    std::string fold;
    std::size_t events = 0;  // the events `fold` folds
    std::vector<review_event> tail;  // the events after them, to fold again (resume)
    // When the fold holds the bodies apart, the bodies of all `events`
    // events: those of a review taken up from a snapshot as they were kept
    // (bytes and the bodies decoded from them, early_bodies), so that the
    // next write neither indexes nor decodes them again; those of another
    // review as bytes.
    std::unique_ptr<early_bodies> early;
    std::string bodies;
  };
  /// `r` parked; nullopt when it is longer than snapshot_bodies_up_to events
  /// (its bodies would be read from the file to park it) or its bodies are
  /// not all at hand. A review taken up from snapshot bytes is parked with
  /// those bytes and the events since (at most park_tail of them), not
  /// written out again: the fold lies in many small lists in memory that a
  /// review pushed out has not been read in a while, so writing it costs
  /// more than folding a few events again. `r` is left unusable.
  static std::optional<parked_review> park(review&& r);
  /// Folding an event again costs about half a microsecond, writing a cold
  /// fold out 13-22: past this many events since, the fold is written out
  /// (and the next take-up starts from it, with no events since).
  static inline std::size_t park_tail = 16;
  /// The events snapshot bodies hold (the first of the review's; malformed
  /// if they do not decode).
  static std::vector<review_event> bodies_of(std::string_view bodies);
  /// Folds recorded events after those of `r`, exactly as from_events would
  /// have folded them with the rest of the history.
  static void resume(review& r, std::span<const review_event> tail);
  static const std::vector<review_event>& events(const review& r) { return r.effective(); }
  /// Event i in force, its body read first if the review was taken up
  /// without it.
  static const review_event& event(const review& r, std::size_t i) { return r.body(i); }
  static std::size_t events_in_force(const review& r) { return r.count(); }
  /// Event `sequence` (1, 2, ...) as recorded, its body read first if absent.
  static const review_event& recorded(const review& r, std::uint64_t sequence) {
    return r.shared_log_ ? r.body(sequence - 1) : r.log_[sequence - 1];
  }
  /// Gives a review restored without its events' bodies the means to read
  /// them; `complete` reads them all now and forgets it.
  static void set_fetch(review& r, early_bodies::fetcher fetch) {
    if (r.early_) r.early_->fetch = std::move(fetch);
  }
  static void complete(review& r) { r.read_all(); }
  static bool has_absent_bodies(const review& r) { return r.base_ != 0; }
  /// The history replayed under `p`: every event that does not apply is
  /// listed in `refused` (its sequence, and why) and left out.
  static review replay_listing(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                               std::vector<review_event> log, std::vector<std::pair<std::uint64_t, std::string>>& refused) {
    review r(std::move(p), cal);
    return r.refold(std::move(log), "the history", 0, &refused);
  }
  /// The capacity to keep for a review of `n` events (review::leave_room).
  static std::size_t room_for(std::size_t n) { return n + std::max<std::size_t>(n / 8, 64); }

 private:
  // restore: with every body (`bodies`), with them kept as bytes (`kept`), or
  // with none.
  static std::optional<review> restore_from(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                                            std::string_view fold, std::optional<std::vector<review_event>> bodies,
                                            kept_bodies* kept);
};

}  // namespace detail
}  // namespace scr
