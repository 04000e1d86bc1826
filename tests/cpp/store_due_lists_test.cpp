// store::overdue and store::due_between read projection rows for the
// reviews whose records end by the day asked about, replay the others, and
// merge the two in the list's order as the rows are read
// (store::each_overdue, store::each_due_between, which hand the rows out
// without keeping a list). On random histories of every built-in pack,
// stored in one file, the lists at every week of their span equal what
// each review, loaded and asked, gives; the each_ forms hand out the same
// rows in the same order; and what the function given throws passes
// through and leaves the store as it was.

#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "backend_support.hpp"
#include "random_history.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

std::string text_of(const scr::due_item& i) {
  return scr::format_date(i.due) + " " + i.reference + " " + i.kind + " " + i.id + "@" + i.agency + "#" +
         std::to_string(i.occurrence) + " (" + i.title + ", " + i.owner + ") late " + std::to_string(i.days_overdue);
}

auto key(const scr::due_item& i) { return std::tie(i.due, i.reference, i.kind, i.id, i.agency, i.occurrence); }

// The items of one review that are open at the end of `as_of` and due from
// `from` to `to`, as the review itself says (its timetable and obligations
// as of that day).
void asked(const scr::review& r, scr::date as_of, scr::date from, scr::date to, bool late,
           std::vector<scr::due_item>& out) {
  const auto add = [&](const char* kind, const std::string& id, const std::string& agency, int occurrence,
                       const std::string& title, const std::string& owner, scr::date due) {
    if (due < from || due > to) return;
    const auto days = late ? (as_of - due).days() : 0;
    out.push_back({r.reference(), kind, id, agency, title, owner, occurrence, due,
                   days > 0 ? static_cast<int>(days) : 0});
  };
  for (const auto& row : r.timetable(as_of)) {
    const bool open = !row.completed_at && row.status != scr::milestone_status::waived &&
                      row.status != scr::milestone_status::outstanding && row.status != scr::milestone_status::paused;
    if (row.due && open) add("milestone", row.id(), row.agency, 1, row.title(), row.owner(), *row.due);
  }
  for (const auto& row : r.obligations(as_of, std::max(as_of, to))) {
    const bool open = row.status == scr::obligation_status::open || row.status == scr::obligation_status::pending ||
                      row.status == scr::obligation_status::overdue;
    if (row.due && open) add("obligation", row.id(), row.agency, row.occurrence, row.title(), row.owner(), *row.due);
  }
}

std::string text_of(std::vector<scr::due_item> items, bool sort) {
  if (sort) std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return key(a) < key(b); });
  std::string out;
  for (const auto& i : items) out += text_of(i) + "\n";
  return out;
}

// The rows each_ hands out, copied, checked to come in the list's order.
template <class Read>
std::vector<scr::due_item> handed_out(Read read) {
  std::vector<scr::due_item> out;
  read([&](const scr::due_item& i) {
    if (!out.empty()) {
      EXPECT_LT(key(out.back()), key(i)) << text_of(out.back()) << " then " << text_of(i);
    }
    out.push_back(i);
  });
  return out;
}

class due_lists_property : public ::testing::TestWithParam<std::string> {};

TEST_P(due_lists_property, projections_and_replays_merged_say_what_each_review_says) {
  const auto p = pack(GetParam());
  auto db = test_store(clock_at(utc(2030, 1, 1, 12)));
  scr::instant last = london(2024, 1, 1);
  for (unsigned seed = 1; seed <= 8; ++seed) {
    // Short histories ending apart: items left open, records ending early and late.
    const std::string ref = "Child " + std::to_string(seed);
    const auto r = random_history(p, seed * 7919U, static_cast<int>(4 * seed + 2), ref);
    const auto& h = r.history();
    db.open_review(*p, ref, h.front().at, h.front().by, h.front().data);
    if (h.size() > 1) db.append(ref, 1, std::span(h).subspan(1));
    last = std::max(last, r.last_event_at());
  }
  const auto stored = db.reviews();
  int lists_mixed = 0, rows = 0;
  for (scr::date as_of = scr::make_date(2024, 1, 20); as_of <= scr::london_date(last) + boost::gregorian::days(365);
       as_of += boost::gregorian::days(7)) {
    const scr::date from = as_of - boost::gregorian::days(30), to = as_of + boost::gregorian::days(90);
    std::vector<scr::due_item> overdue, due;
    int projected = 0, replayed = 0;
    for (const auto& s : stored) {
      if (scr::london_date(s.opened_at) > as_of) continue;
      const auto r = db.load(s.reference);
      (scr::london_date(r.last_event_at()) <= as_of ? projected : replayed) += 1;
      asked(r, as_of, scr::date(boost::gregorian::min_date_time), as_of - boost::gregorian::days(1), true, overdue);
      asked(r, as_of, from, to, false, due);
    }
    if (projected > 0 && replayed > 0 && !overdue.empty()) ++lists_mixed;
    const auto got_overdue = handed_out([&](const auto& each) { db.each_overdue(as_of, each); });
    const auto got_due = handed_out([&](const auto& each) { db.each_due_between(from, to, as_of, each); });
    ASSERT_EQ(text_of(got_overdue, false), text_of(overdue, true)) << GetParam() << " as of " << scr::format_date(as_of);
    ASSERT_EQ(text_of(got_due, false), text_of(due, true)) << GetParam() << " as of " << scr::format_date(as_of);
    // The lists are the rows each_ hands out.
    ASSERT_EQ(text_of(db.overdue(as_of), false), text_of(got_overdue, false));
    ASSERT_EQ(text_of(db.due_between(from, to, as_of), false), text_of(got_due, false));
    rows += static_cast<int>(got_overdue.size() + got_due.size());
  }
  // Some packs' random reviews all close at once (not held) and list
  // nothing: the merge itself is shown below on reviews built to need it.
  if (GetParam() == "solihull-2011-scr" || GetParam() == "north-yorkshire-2010-scr") {
    EXPECT_GT(lists_mixed, 0);
    EXPECT_GT(rows, 100);
  }
}

INSTANTIATE_TEST_SUITE_P(every_pack, due_lists_property, ::testing::ValuesIn(scr::procedure::builtin_ids()),
                         pack_test_name);

// Six Solihull reviews opened a few days apart, the notice and the
// decision of each overdue by 20 February 2024; three of them record a step
// in March. As of 20 February those three are replayed, the others read
// from the projections, and the list has both kinds of row in one order:
// a replayed review's rows between projected ones.
std::vector<std::string> six_reviews(scr::store& db) {
  const auto p = pack("solihull-2011-scr");
  const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
  // References that sort byte by byte, as both databases sort them here:
  // capitals before small letters, and UTF-8 after ASCII.
  const std::vector<std::string> refs{"Child A", "child B", "Zoë C", "Child D", "Ümit E", "Child F"};
  for (std::size_t n = 0; n < refs.size(); ++n) {
    const int day = 2 + 3 * static_cast<int>(n);
    db.open_review(*p, refs[n], london(2024, 1, day, 9), chair, {{"incident_at", utc(2024, 1, day - 1, 22)}});
  }
  for (std::size_t n = 1; n < refs.size(); n += 2) db.record(refs[n], "panel_convened", london(2024, 3, 4, 10), chair);
  return refs;
}

TEST(store_due_lists, replayed_reviews_rows_are_merged_among_the_projected_in_order) {
  auto db = test_store(clock_at(utc(2030, 1, 1, 12)));
  const auto refs = six_reviews(db);
  const auto as_of = scr::make_date(2024, 2, 20);
  std::vector<scr::due_item> expected;
  for (const auto& ref : refs) {
    asked(db.load(ref), as_of, scr::date(boost::gregorian::min_date_time), as_of - boost::gregorian::days(1), true,
          expected);
  }
  const auto got = handed_out([&](const auto& each) { db.each_overdue(as_of, each); });
  EXPECT_EQ(text_of(got, false), text_of(expected, true));
  EXPECT_EQ(text_of(db.overdue(as_of), false), text_of(got, false));
  // A replayed review's row (B, D or F) after a projected one and before another.
  const auto replayed = [](const scr::due_item& i) { return i.reference.back() == 'B' || i.reference.back() == 'D' ||
                                                            i.reference.back() == 'F'; };
  bool between = false;
  for (std::size_t k = 1; k + 1 < got.size(); ++k) {
    between = between || (replayed(got[k]) && !replayed(got[k - 1]) && !replayed(got[k + 1]));
  }
  EXPECT_TRUE(between) << text_of(got, false);
  // From 1 February to 31 March as of 20 February: the same merge.
  std::vector<scr::due_item> due;
  for (const auto& ref : refs) {
    asked(db.load(ref), as_of, scr::make_date(2024, 2, 1), scr::make_date(2024, 3, 31), false, due);
  }
  const auto got_due = handed_out([&](const auto& each) {
    db.each_due_between(scr::make_date(2024, 2, 1), scr::make_date(2024, 3, 31), as_of, each);
  });
  EXPECT_EQ(text_of(got_due, false), text_of(due, true));
  EXPECT_FALSE(got_due.empty());
}

// The function given may read reviews while the list is handed out, but not
// ask for another list of due items: that is a logic_error, and the store
// answers as before afterwards.
TEST(store_due_lists, the_function_may_read_reviews_but_not_ask_for_another_list) {
  auto db = test_store(clock_at(utc(2030, 1, 1, 12)));
  six_reviews(db);
  const auto as_of = scr::make_date(2024, 2, 20);
  const auto all = db.overdue(as_of);
  ASSERT_FALSE(all.empty());
  std::size_t loaded = 0;
  db.each_overdue(as_of, [&](const scr::due_item& i) { loaded += db.load(i.reference).reference() == i.reference; });
  EXPECT_EQ(loaded, all.size());
  EXPECT_THROW(db.each_overdue(as_of, [&](const scr::due_item&) { (void)db.overdue(as_of); }), std::logic_error);
  EXPECT_THROW(db.each_due_between(scr::make_date(2024, 1, 1), as_of, std::nullopt,
                                   [&](const scr::due_item&) { (void)db.due_between(as_of, as_of); }),
               std::logic_error);
  EXPECT_EQ(text_of(db.overdue(as_of), false), text_of(all, false));
}

// What the function given throws ends the list, passes through as it was
// thrown, and leaves the store to answer again: the read is over.
TEST(store_due_lists, what_the_function_throws_passes_through_and_the_store_answers_again) {
  auto db = test_store(clock_at(utc(2030, 1, 1, 12)));
  six_reviews(db);
  const auto as_of = scr::make_date(2024, 2, 20);  // three reviews replayed, three not
  const auto all = db.overdue(as_of);
  ASSERT_GT(all.size(), 3U);
  std::size_t seen = 0;
  struct stop : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  EXPECT_THROW(db.each_overdue(as_of,
                               [&](const scr::due_item&) {
                                 if (++seen == 3) throw stop("enough");
                               }),
               stop);
  EXPECT_EQ(seen, 3U);
  seen = 0;
  EXPECT_THROW(db.each_due_between(scr::make_date(2024, 1, 1), as_of, std::nullopt,
                                   [&](const scr::due_item&) {
                                     if (++seen == 2) throw stop("enough");
                                   }),
               stop);
  EXPECT_EQ(seen, 2U);
  // The read ended: the store answers as before, and writes.
  EXPECT_EQ(text_of(db.overdue(as_of), false), text_of(all, false));
  const auto p = pack("solihull-2011-scr");
  const auto r = random_history(p, 4242U, 10, "Child N");
  const auto& h = r.history();
  db.open_review(*p, "Child N", h.front().at, h.front().by, h.front().data);
  db.append("Child N", 1, std::span(h).subspan(1));
  EXPECT_EQ(db.history("Child N").size(), h.size());
  EXPECT_TRUE(db.verify_all().ok());
}

}  // namespace
