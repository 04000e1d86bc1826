// Snapshots: a review restored from the bytes of its fold, with the rest of
// its history folded after it, is the review a full replay gives.
//
// The property is checked on random histories of every built-in pack: a
// seeded driver records whatever the engine accepts (procedure events for
// the review and each agency's track, assignments, holds, schedules,
// extensions, discharges, waivers) and, now and then, corrections (a voided
// event, an amended time, a late fact) that make the engine fold the whole
// history again. For every split of every history, snapshot(prefix) + tail
// must equal from_events(history), byte for byte in the snapshot and row by
// row in the queries.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory_resource>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../../libscr/src/binary.hpp"
#include "../../libscr/src/review_state.hpp"
#include "random_history.hpp"
#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

using access = scr::detail::review_access;

// What the queries say, in one comparable text.
std::string queries_of(const scr::review& r, scr::date as_of) {
  std::string out = r.state(as_of) + "|" + (r.closed() ? "closed" : "open") + "|" + r.branch() + "\n";
  for (const auto& row : r.timetable(as_of)) {
    out += row.id() + "@" + row.agency + " " + std::string(scr::to_string(row.status)) + " " +
           (row.due ? scr::format_date(*row.due) : "-") + " " + std::to_string(row.extensions) + "\n";
  }
  for (const auto& row : r.obligations(as_of)) {
    out += row.id() + "@" + row.agency + "#" + std::to_string(row.occurrence) + " " +
           std::string(scr::to_string(row.status)) + " " + (row.due ? scr::format_date(*row.due) : "-") + "\n";
  }
  for (const auto& w : r.warnings(as_of)) out += w.kind + ": " + w.message + "\n";
  for (const auto& n : r.next(as_of)) out += n.action + " " + n.name + "@" + n.agency + (n.allowed ? " allowed" : "") + "\n";
  for (const auto& a : r.assignments()) out += a.person + " as " + a.role + "\n";
  return out;
}

class snapshot_property : public ::testing::TestWithParam<std::string> {};

// A review restored with its events' bodies, as a store loads it.
std::optional<scr::review> restore(const std::shared_ptr<const scr::procedure>& p,
                                   const access::snapshot_bytes& bytes) {
  std::optional<std::vector<scr::review_event>> bodies;
  if (!bytes.bodies.empty()) bodies = access::bodies_of(bytes.bodies);
  return access::restore(p, ew(), bytes.fold, std::move(bodies));
}

void check_every_split(const std::string& id, bool without_bodies);

TEST_P(snapshot_property, snapshot_and_tail_equal_a_full_replay_at_every_split) {
  check_every_split(GetParam(), false);
}

// A writer takes a long review up without its events' bodies: they are
// read from the recorded history when asked for, but for the first and the
// last, which a long review's fold holds (long here: over 16 events; the
// first two only, so that most bodies a fold or query needs are read).
TEST_P(snapshot_property, the_same_without_the_events_bodies) {
  const scoped_setting few(access::snapshot_bodies_up_to, std::size_t{16});
  const scoped_setting two(access::snapshot_head, std::size_t{2});
  check_every_split(GetParam(), true);
}

void check_every_split(const std::string& id, bool without_bodies) {
  const auto p = pack(id);
  int corrected = 0, splits = 0, lazy = 0, kept_splits = 0;
  std::size_t fetched = 0;  // bodies read when asked for
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const auto live = random_history(p, seed * 7919U, 120);
    const auto& history = live.history();
    for (const auto& e : history) corrected += scr::is_correction(e.kind) ? 1 : 0;
    const auto full = scr::review::from_events(p, ew(), history);
    const auto expected = access::snapshot(full);
    // The review as commands built it is the review a replay builds.
    ASSERT_EQ(access::snapshot(live), expected) << "seed " << seed;
    const scr::date as_of = scr::london_date(full.last_event_at()) + boost::gregorian::days(10);
    const std::string answers = queries_of(full, as_of);
    for (std::size_t k = 1; k <= history.size(); ++k) {
      const std::span<const scr::review_event> all(history);
      const auto prefix = scr::review::from_events(p, ew(), all.first(k));
      const auto bytes = access::snapshot(prefix);
      const std::size_t mid = std::max<std::size_t>(k / 2, 1);
      const std::string first_half =
          bytes.bodies.empty() ? std::string()
                               : access::snapshot(scr::review::from_events(p, ew(), all.first(mid))).bodies;
      // Without bodies (as a writer takes a long review up), or with those of
      // the first half and the others as the store reads them from its events.
      std::optional<std::vector<scr::review_event>> some;
      if (!first_half.empty()) {
        some = access::bodies_of(first_half);
        some->insert(some->end(), all.begin() + static_cast<std::ptrdiff_t>(mid),
                     all.begin() + static_cast<std::ptrdiff_t>(k));
      }
      auto restored = without_bodies ? access::restore(p, ew(), bytes.fold, std::nullopt)
                                     : (k % 2 == 0 && some) ? access::restore(p, ew(), bytes.fold, std::move(some))
                                                            : restore(p, bytes);
      ASSERT_TRUE(restored.has_value()) << "seed " << seed << ", split " << k;
      if (without_bodies && access::has_absent_bodies(*restored)) {
        ++lazy;
        // Taken up as a writer does and folded on at once: each body the
        // fold or a query needs is read when first asked for.
        auto second = access::restore(p, ew(), bytes.fold, std::nullopt);
        ASSERT_TRUE(second.has_value());
        std::size_t asked = 0;
        access::set_fetch(*second, [&history, &asked](std::uint64_t first, std::uint64_t last) {
          asked += last - first + 1;
          return std::vector<scr::review_event>(history.begin() + static_cast<std::ptrdiff_t>(first - 1),
                                                history.begin() + static_cast<std::ptrdiff_t>(last));
        });
        access::resume(*second, all.subspan(k));
        if (k % 15 == 1 || k == history.size()) {
          ASSERT_EQ(queries_of(*second, as_of), answers) << "seed " << seed << ", split " << k << " (lazy)";
        }
        ASSERT_EQ(access::snapshot(*second), expected) << "seed " << seed << ", split " << k << " (lazy)";
        fetched += asked;
        access::set_fetch(*restored, [&history](std::uint64_t first, std::uint64_t last) {
          return std::vector<scr::review_event>(history.begin() + static_cast<std::ptrdiff_t>(first - 1),
                                                history.begin() + static_cast<std::ptrdiff_t>(last));
        });
        // The fold alone, and the bodies of the events from any point on,
        // as a writer appends them to those it holds.
        const auto from_mid = access::snapshot(*restored, mid);
        ASSERT_EQ(from_mid.fold, bytes.fold);
        ASSERT_EQ(access::bodies_of(first_half + from_mid.bodies),
                  std::vector<scr::review_event>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k)))
            << "seed " << seed << ", split " << k;
      }
      if (!without_bodies && !first_half.empty()) {
        // As a store's writer takes it up: the bodies kept as the bytes it
        // stores (the first half's, and the others as read from its events;
        // or the first half's and a chunk of the rest), each decoded when
        // first asked for.
        access::kept_bodies kept;
        if (k % 2 == 0) {
          kept.bytes = first_half;
          kept.events = mid;
          kept.after.assign(all.begin() + static_cast<std::ptrdiff_t>(mid), all.begin() + static_cast<std::ptrdiff_t>(k));
        } else {
          kept.bytes = first_half + access::snapshot(prefix, mid).bodies;
          kept.events = k;
        }
        auto taken = access::restore(p, ew(), bytes.fold, std::move(kept));
        ASSERT_TRUE(taken.has_value()) << "seed " << seed << ", split " << k << " (kept)";
        ASSERT_TRUE(access::has_absent_bodies(*taken));
        access::resume(*taken, all.subspan(k));
        if (k % 15 == 1 || k == history.size()) {
          ASSERT_EQ(queries_of(*taken, as_of), answers) << "seed " << seed << ", split " << k << " (kept)";
        }
        ASSERT_EQ(access::snapshot(*taken), expected) << "seed " << seed << ", split " << k << " (kept)";
        ASSERT_EQ(taken->history(), history);
        ++kept_splits;
      }
      // The bytes give back the review they were taken from.
      ASSERT_EQ(access::snapshot(*restored), bytes) << "seed " << seed << ", split " << k;
      access::resume(*restored, all.subspan(k));
      ASSERT_EQ(access::snapshot(*restored), expected) << "seed " << seed << ", split " << k << " of " << history.size();
      ASSERT_EQ(restored->history(), history);
      if (k % 15 == 1 || k == history.size()) {
        ASSERT_EQ(queries_of(*restored, as_of), answers) << "split " << k;
      }
      ++splits;
    }
  }
  EXPECT_GT(splits, 100);
  // The driver must reach the corrections, or the refold path is untested.
  EXPECT_GT(corrected, 0) << "no history of " << id << " had a correction";
  if (!without_bodies) {
    EXPECT_GT(kept_splits, 50) << "few snapshots of " << id << " were taken up with bodies kept";
  }
  if (without_bodies) {
    EXPECT_GT(lazy, 50) << "few snapshots of " << id << " were without their bodies";
    EXPECT_GT(fetched, 0U) << "no body of " << id << " was read when asked for";
  }
}

// A writer parks a review it pushes out of those it keeps in full (its fold
// and bodies as bytes, or the bodies it had taken up kept whole) and takes
// it up again from them at the next write. Parked and taken up twice, with
// events folded in between and bodies decoded by queries before parking,
// it must be the review a full replay gives; a review too long to park is
// not parked.
TEST_P(snapshot_property, a_parked_review_taken_up_again_equals_a_full_replay) {
  const auto p = pack(GetParam());
  const auto unpark = [&p](access::parked_review&& parked) {
    auto r = access::restore(p, ew(), parked.fold,
                             {std::move(parked.bodies), parked.events, {}, std::move(parked.early)});
    if (r) access::resume(*r, parked.tail);
    return r;
  };
  int splits = 0, whole = 0, as_bytes = 0, folded = 0, with_tail = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const auto live = random_history(p, seed * 7919U, 120);
    const auto& history = live.history();
    const std::span<const scr::review_event> all(history);
    const auto full = scr::review::from_events(p, ew(), history);
    const auto expected = access::snapshot(full);
    const scr::date as_of = scr::london_date(full.last_event_at()) + boost::gregorian::days(10);
    const std::string answers = queries_of(full, as_of);
    for (std::size_t k = 1; k <= history.size(); ++k) {
      const std::string at = "seed " + std::to_string(seed) + ", split " + std::to_string(k);
      // Built by a replay (no bodies kept as bytes), or taken up from a
      // snapshot with its bodies kept as bytes, as a writer takes it up.
      scr::review first = scr::review::from_events(p, ew(), all.first(k));
      if (k % 2 == 0) {
        const auto bytes = access::snapshot(first);
        if (!bytes.bodies.empty()) {
          auto taken = access::restore(p, ew(), bytes.fold, access::kept_bodies{bytes.bodies, k, {}, {}});
          ASSERT_TRUE(taken.has_value()) << at;
          first = std::move(*taken);
        }
      }
      // Some bodies decoded before it is parked, as a write's queries do.
      if (k % 3 == 0) (void)queries_of(first, as_of);
      const bool from_bytes = access::has_absent_bodies(first);
      auto parked = access::park(std::move(first));
      ASSERT_TRUE(parked.has_value()) << at;
      (parked->early ? whole : as_bytes) += 1;
      if (from_bytes) {
        EXPECT_TRUE(parked->early != nullptr) << at << ": bodies taken up as bytes are kept whole";
      }
      auto second = unpark(std::move(*parked));
      ASSERT_TRUE(second.has_value()) << at;
      // Folded on a little, parked again (its bodies now kept whole), and
      // taken up again for the rest.
      const std::size_t mid = std::min(history.size(), k + 1 + k % 5);
      access::resume(*second, all.subspan(k, mid - k));
      // Parked with the bytes it was taken up from and the events since, or
      // (no events kept that way) its fold written out again.
      std::optional<access::parked_review> again;
      if (k % 4 == 1) {
        const scoped_setting none(access::park_tail, std::size_t{0});
        again = access::park(std::move(*second));
      } else {
        again = access::park(std::move(*second));
      }
      ASSERT_TRUE(again.has_value()) << at;
      (again->early ? whole : as_bytes) += 1;
      with_tail += again->tail.empty() ? 0 : 1;
      auto third = unpark(std::move(*again));
      ASSERT_TRUE(third.has_value()) << at;
      access::resume(*third, all.subspan(mid));
      folded += mid > k ? 1 : 0;
      ASSERT_EQ(access::snapshot(*third), expected) << at;
      ASSERT_EQ(third->history(), history) << at;
      if (k % 15 == 1 || k == history.size()) {
        ASSERT_EQ(queries_of(*third, as_of), answers) << at;
      }
      ++splits;
    }
  }
  EXPECT_GT(splits, 100);
  // Histories with a correction in force are parked with their events in
  // the fold (neither way): the random driver corrects often.
  EXPECT_GT(whole, 20) << "few reviews of " << GetParam() << " were parked with their bodies whole";
  EXPECT_GT(as_bytes, 20) << "few reviews of " << GetParam() << " were parked as bytes";
  EXPECT_GT(folded, 100);
  EXPECT_GT(with_tail, 10) << "few reviews of " << GetParam() << " were parked with the events since their fold";
  // Longer than a writer decodes the bodies of: not parked (their bodies
  // would be read from the file to park them).
  const scoped_setting few(access::snapshot_bodies_up_to, std::size_t{4});
  int longer = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    auto r = scr::review::from_events(p, ew(), random_history(p, seed * 7919U, 120).history());
    if (access::events_in_force(r) <= 4) continue;
    EXPECT_FALSE(access::park(std::move(r)).has_value()) << "seed " << seed;
    ++longer;
  }
  EXPECT_GT(longer, 0);
}

INSTANTIATE_TEST_SUITE_P(every_pack, snapshot_property, ::testing::ValuesIn(scr::procedure::builtin_ids()),
                         pack_test_name);

// A copy of a review holds its fold on the heap, apart from the original's
// arena: folded on after the original is gone, it is the review a full
// replay gives (under ASan, a list still in the original's arena would be
// read after it was freed).
TEST_P(snapshot_property, a_copy_folded_on_alone_equals_a_full_replay) {
  const auto p = pack(GetParam());
  int copies = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const auto live = random_history(p, seed * 104729U, 80);
    const auto& history = live.history();
    const std::span<const scr::review_event> all(history);
    const auto expected = access::snapshot(scr::review::from_events(p, ew(), history));
    for (std::size_t k = 1; k <= history.size(); k += 2) {
      std::optional<scr::review> copy;
      {
        const scr::review original = scr::review::from_events(p, ew(), all.first(k));
        copy.emplace(original);
      }
      access::resume(*copy, all.subspan(k));
      ASSERT_EQ(access::snapshot(*copy), expected) << "seed " << seed << ", split " << k;
      ++copies;
    }
  }
  EXPECT_GT(copies, 20);
}

// The fold keeps, for every event an event_field anchor reads, what the
// field holds (state_data::anchor_values), so that a timetable finds its
// anchors without the events' bodies. Checked against the bodies: each
// occurrence of each event, in whichever scope recorded it, has an entry
// for each field an anchor reads from it exactly when its body carries a
// value, and the entry holds that value.
TEST_P(snapshot_property, the_fold_keeps_what_each_anchored_field_holds) {
  // review::state_data is the engine's own: named through what access::state gives.
  using state_data = std::remove_cvref_t<decltype(access::state(std::declval<const scr::review&>()))>;
  using anchor_value = state_data::anchor_value;
  const auto p = pack(GetParam());
  const auto& plan = *scr::detail::review_plan::of(p);
  std::size_t kept = 0;
  for (unsigned seed = 1; seed <= 8; ++seed) {
    const auto live = random_history(p, seed * 15485863U, 120);
    const auto r = scr::review::from_events(p, ew(), live.history());
    const auto& s = access::state(r);
    const auto& events = access::events(r);
    std::vector<anchor_value> expected;
    for (const auto& sc : s.scopes) {
      for (std::size_t ei = 0; ei < sc.occurrences.size(); ++ei) {
        for (const auto idx : sc.occurrences[ei]) {
          for (const auto f : sc.plan->anchor_fields_of[ei]) {
            const auto it = events.at(idx).data.find(plan.anchor_fields.at(f));
            if (it == events[idx].data.end() || std::holds_alternative<std::monostate>(it->second)) continue;
            anchor_value v{idx, f, std::nullopt, std::nullopt};
            if (const auto* d = std::get_if<scr::date>(&it->second)) v.day = *d;
            if (const auto* t = std::get_if<scr::instant>(&it->second)) v.at = *t;
            expected.push_back(v);
          }
        }
      }
    }
    std::sort(expected.begin(), expected.end(), [](const anchor_value& a, const anchor_value& b) {
      return a.event != b.event ? a.event < b.event : a.field < b.field;
    });
    ASSERT_EQ(s.anchor_values, expected) << "seed " << seed;
    for (const auto& v : expected) {
      const anchor_value* found = s.anchor_value_of(v.event, v.field);
      ASSERT_NE(found, nullptr);
      EXPECT_EQ(*found, v);
    }
    // An event that carries no anchored field has no entry.
    for (std::uint32_t idx = 0; idx < events.size(); ++idx) {
      for (std::uint32_t f = 0; f < plan.anchor_fields.size(); ++f) {
        const bool listed = std::any_of(expected.begin(), expected.end(),
                                        [&](const anchor_value& v) { return v.event == idx && v.field == f; });
        EXPECT_EQ(s.anchor_value_of(idx, f) != nullptr, listed) << "event " << idx << ", field " << f;
      }
    }
    kept += expected.size();
  }
  // A pack whose anchors read fields: some were kept.
  if (!plan.anchor_fields.empty()) {
    EXPECT_GT(kept, 0U);
  }
}

using scr::detail::index_lists;

std::vector<std::uint32_t> items(const scr::detail::index_list& l) { return {l.begin(), l.end()}; }

TEST(index_lists, lists_in_an_arena_grow_and_keep_their_order) {
  std::pmr::monotonic_buffer_resource arena;
  index_lists lists(3, &arena);
  ASSERT_EQ(lists.size(), 3U);
  for (const auto& l : lists) EXPECT_TRUE(l.empty());
  std::vector<std::uint32_t> want;
  for (std::uint32_t i = 0; i < 1000; ++i) {  // past several doublings
    lists.push_back(1, i * 3);
    want.push_back(i * 3);
  }
  lists.push_back(2, 7);
  EXPECT_TRUE(lists[0].empty());
  EXPECT_EQ(items(lists[1]), want);
  EXPECT_EQ(lists[1].front(), 0U);
  EXPECT_EQ(lists[1].back(), 2997U);
  EXPECT_EQ(lists[1][500], 1500U);
  EXPECT_EQ(items(lists[2]), std::vector<std::uint32_t>{7});
  // Room written in place, then added to.
  auto room = lists.room(0, 2);
  room[0] = 4;
  room[1] = 9;
  lists.push_back(0, 12);
  EXPECT_EQ(items(lists[0]), (std::vector<std::uint32_t>{4, 9, 12}));
  EXPECT_EQ(lists.room(0, 1).size(), 1U);  // smaller: the same room, shorter
  EXPECT_EQ(items(lists[0]), std::vector<std::uint32_t>{4});
}

TEST(index_lists, a_copy_is_its_own_and_outlives_the_arena) {
  std::optional<index_lists> copy;
  {
    std::pmr::monotonic_buffer_resource arena;
    index_lists lists(2, &arena);
    for (std::uint32_t i = 0; i < 40; ++i) lists.push_back(0, i);
    copy.emplace(lists);
    lists.push_back(1, 5);  // after the copy: not in it
    copy->push_back(0, 40);  // in the copy only
    EXPECT_EQ(lists[0].size(), 40U);
  }  // the arena, and every list in it, freed
  ASSERT_EQ(copy->size(), 2U);
  EXPECT_EQ((*copy)[0].size(), 41U);
  EXPECT_EQ((*copy)[0].back(), 40U);
  EXPECT_TRUE((*copy)[1].empty());
  index_lists moved(std::move(*copy));
  EXPECT_EQ(moved[0].size(), 41U);
  EXPECT_EQ(copy->size(), 0U);  // NOLINT(bugprone-use-after-move): moved from, empty
  moved.push_back(1, 3);
  EXPECT_EQ(items(moved[1]), std::vector<std::uint32_t>{3});
  index_lists none(0, std::pmr::new_delete_resource());
  EXPECT_EQ(none.size(), 0U);
  EXPECT_EQ(none.begin(), none.end());
}

TEST(snapshot, a_snapshot_of_a_voided_review_stays_void) {
  const auto p = pack("solihull-2011-scr");
  auto r = random_history(p, 11, 20);
  const std::vector<std::uint64_t> first{1};
  r.void_events(first, "Opened by mistake", r.last_event_at() + boost::posix_time::hours(1), as("administrator"));
  auto restored = restore(p, access::snapshot(r));
  ASSERT_TRUE(restored.has_value());
  EXPECT_TRUE(restored->voided());
  EXPECT_THROW(restored->hold("x", r.last_event_at() + boost::posix_time::hours(2), as("administrator")),
               scr::rule_error);
}

TEST(snapshot, bytes_that_are_not_a_snapshot_of_this_procedure_are_refused) {
  const auto p = pack("solihull-2011-scr");
  // A history with nothing corrected, whose bodies are apart from the fold.
  unsigned seed = 5;
  while (access::snapshot(random_history(p, seed, 40)).bodies.empty()) ++seed;
  const auto r = random_history(p, seed, 40);
  const auto both = access::snapshot(r);
  ASSERT_TRUE(restore(p, both).has_value());
  ASSERT_FALSE(both.bodies.empty());
  // Another procedure: the lists would not match its machines.
  EXPECT_FALSE(restore(pack("stockport-2010-imr"), both).has_value());
  // Every truncation of either part, a trailing byte, another format. (The
  // bodies are decoded first, as the store does: bodies that do not decode,
  // or not as many as the fold's events, are refused.)
  const std::string& bytes = both.fold;
  const std::string& bodies = both.bodies;
  const auto from_bytes = [&](std::string_view fold, std::string_view b) -> std::optional<scr::review> {
    std::vector<scr::review_event> decoded;
    try {
      decoded = access::bodies_of(b);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    return access::restore(p, ew(), fold, std::move(decoded));
  };
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    ASSERT_FALSE(from_bytes(std::string_view(bytes).substr(0, n), bodies).has_value()) << "prefix " << n;
  }
  for (std::size_t n = 0; n < bodies.size(); ++n) {
    ASSERT_FALSE(from_bytes(bytes, std::string_view(bodies).substr(0, n)).has_value()) << "bodies prefix " << n;
  }
  EXPECT_FALSE(from_bytes(bytes + '\0', bodies).has_value());
  EXPECT_FALSE(from_bytes(bytes, bodies + '\0').has_value());
  std::string other = bytes;
  other[4] = static_cast<char>(other[4] + 1);
  EXPECT_FALSE(from_bytes(other, bodies).has_value());
  // Any byte changed: refused, or a review whose every index is in range
  // (the queries run without reading out of bounds; ASan checks).
  int refused = 0;
  for (std::size_t i = 0; i < bytes.size() + bodies.size(); ++i) {
    std::string flipped = bytes;
    std::string flipped_bodies = bodies;
    char& c = i < bytes.size() ? flipped[i] : flipped_bodies[i - bytes.size()];
    c = static_cast<char>(c ^ 0x5A);
    auto x = from_bytes(flipped, flipped_bodies);
    if (!x) {
      ++refused;
      continue;
    }
    try {
      (void)queries_of(*x, scr::london_date(r.last_event_at()));
    } catch (const scr::error&) {
      // A query may refuse what it finds; it must not crash.
    } catch (const std::exception&) {
    }
  }
  EXPECT_GT(refused, 0);
}

// A writer keeps a review's bodies as the bytes the store holds and decodes
// each when it is first asked for, in any order: each must be the body the
// bytes give read in order, and bytes that do not read in order must not be
// kept either (whatever byte is changed, or where they are cut).
TEST(snapshot, bodies_kept_as_bytes_decode_in_any_order_as_in_order) {
  const auto p = pack("solihull-2011-scr");
  unsigned seed = 3;
  while (access::snapshot(random_history(p, seed, 60)).bodies.empty()) ++seed;
  const auto r = random_history(p, seed, 60);
  const std::size_t n = r.size();
  const std::size_t mid = n / 2;
  // Two chunks, each with texts of its own, as a long review's writer leaves them.
  const auto first = access::snapshot(scr::review::from_events(p, ew(), std::span(r.history()).first(mid))).bodies;
  const std::string bodies = first + access::snapshot(r, mid).bodies;
  const auto in_order = access::bodies_of(bodies);
  ASSERT_EQ(in_order, r.history());

  const auto kept_matches = [&](const std::string& b, std::size_t events) {
    std::optional<std::vector<scr::review_event>> eager;
    try {
      eager = access::bodies_of(b);
      if (eager->size() != events) eager.reset();
    } catch (const std::exception&) {
    }
    scr::detail::early_bodies kept(events);
    try {
      kept.keep(b, events);
    } catch (const scr::detail::malformed&) {
      return !eager.has_value();  // refused both ways
    }
    if (!eager) return false;
    for (std::size_t i = events; i-- > 0;) {  // last first
      if (kept.find(i) != nullptr || kept.get(i) != (*eager)[i]) return false;
    }
    return true;
  };
  ASSERT_TRUE(kept_matches(bodies, n));
  // Asked for one at a time, only that one is decoded.
  scr::detail::early_bodies some(n);
  some.keep(bodies, n);
  EXPECT_EQ(some.get(n - 1), in_order[n - 1]);
  EXPECT_EQ(some.get(mid), in_order[mid]);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(some.find(i) != nullptr, i == n - 1 || i == mid) << i;
  some.read_from(mid - 1);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(some.find(i) != nullptr, i >= mid - 1) << i;
  // Not as many events as said, cut anywhere, a byte more, any byte changed.
  EXPECT_THROW(scr::detail::early_bodies(n + 1).keep(bodies, n + 1), scr::detail::malformed);
  EXPECT_THROW(scr::detail::early_bodies(n - 1).keep(bodies, n - 1), scr::detail::malformed);
  for (std::size_t k = 0; k < bodies.size(); ++k) {
    EXPECT_THROW(scr::detail::early_bodies(n).keep(bodies.substr(0, k), n), scr::detail::malformed) << "cut at " << k;
  }
  EXPECT_THROW(scr::detail::early_bodies(n).keep(bodies + '\0', n), scr::detail::malformed);
  int refused = 0;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    std::string flipped = bodies;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
    ASSERT_TRUE(kept_matches(flipped, n)) << "byte " << i << " changed";
    try {
      scr::detail::early_bodies(n).keep(flipped, n);
    } catch (const scr::detail::malformed&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
}

// Reviews share their procedure's index (review_plan::of), built once for
// each procedure object. A procedure freed and another made, perhaps at the
// same address, must get its own: each review here opens under the procedure
// it was given, in that procedure's initial state (a stale index would name
// another pack's states, or read freed memory under ASan).
TEST(review_plan_sharing, each_procedure_object_gets_its_own_index) {
  const auto ids = scr::procedure::builtin_ids();
  ASSERT_GE(ids.size(), 2U);
  for (int round = 0; round < 3; ++round) {
    for (const auto& id : ids) {
      SCOPED_TRACE(id);
      auto p = std::make_shared<const scr::procedure>(scr::procedure::builtin(id));
      const scr::review r = random_history(p, static_cast<unsigned>(round), 12);
      const scr::review copy = r;  // a copy shares the index
      EXPECT_EQ(&copy.definition(), p.get());
      EXPECT_NE(p->find_state(copy.state()), nullptr) << copy.state();
      const auto again = scr::review::from_events(p, ew(), r.history());
      EXPECT_EQ(again.state(), r.state());
      const auto day = scr::london_date(r.last_event_at());
      EXPECT_EQ(queries_of(again, day), queries_of(r, day));
    }
  }
}

}  // namespace

namespace {

// A review keeps one copy of its events while its history as recorded and
// its events in force are the same; a late fact makes them differ, and each
// then keeps its own order, through copies and snapshots alike.
TEST(one_copy, the_history_keeps_the_order_recorded_after_a_late_fact) {
  const auto p = pack("solihull-2011-scr");
  const auto chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
  auto r = scr::review::open(p, ew(), "Child Q", london(2024, 1, 15, 9), chair,
                             {{"incident_at", london(2024, 1, 13, 22)}});
  r.record("panel_convened", london(2024, 1, 19), chair);
  ASSERT_EQ(&r.history(), &r.effective());  // one copy
  const auto in_order = restore(p, access::snapshot(r));
  ASSERT_TRUE(in_order.has_value());
  EXPECT_EQ(&in_order->history(), &in_order->effective());
  // A letter sent on the 16th, recorded after the panel of the 19th.
  r.record("agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
  ASSERT_EQ(r.history().size(), 3u);
  EXPECT_NE(&r.history(), &r.effective());
  EXPECT_EQ(r.history()[2].name, "agency_letter_sent");
  EXPECT_EQ(r.effective()[1].name, "agency_letter_sent");
  EXPECT_EQ(r.sequence_of(1), 3u);
  for (const scr::review& copy : {scr::review(r), *restore(p, access::snapshot(r))}) {
    EXPECT_EQ(copy.history(), r.history());
    EXPECT_EQ(copy.effective(), r.effective());
    EXPECT_EQ(copy.sequence_of(1), 3u);
  }
  // The same review replayed from its history.
  const auto replayed = scr::review::from_events(p, ew(), r.history());
  EXPECT_EQ(access::snapshot(replayed), access::snapshot(r));
}

}  // namespace
