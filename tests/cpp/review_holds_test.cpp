// Holds (criminal proceedings, an inquest) under each hold policy
// (docs/deadline-rules.md, rule 9).
//
// No built-in pack pauses a clock: the seeds say reviews should not routinely
// be delayed by criminal proceedings or Coroner's hearings (003:120, 003:183),
// so every built-in milestone continues. This file writes a small procedure
// with one milestone per policy, each once with a working-day timescale and
// once with a calendar-day one, and checks the due dates worked out by hand
// below.
//
// The review is opened on Monday 7 April 2025. Easter and the early May bank
// holiday fall inside the windows:
//
//          April 2025                    May 2025
//   Mo Tu We Th Fr Sa Su         Mo Tu We Th Fr Sa Su
//       1  2  3  4  5  6                  1  2  3  4
//    7  8  9 10 11 12 13         [5] 6  7  8  9 10 11
//   14 15 16 17[18]19 20         12 13 14 15 16 17 18
//  [21]22 23 24 25 26 27         19 20 21 22 23 24 25
//   28 29 30                    [26]27 28 29 30 31
//
//   [18 Apr] Good Friday, [21 Apr] Easter Monday, [5 May] Early May bank
//   holiday, [26 May] Spring bank holiday.
//
// 20 working days after 7 April: 8-11 (4), 14-17 (8), 22-25 (12), 28-30 (15),
// 1-2 May (17), 6-8 May (20): Thursday 8 May 2025.
// 6 weeks after 7 April: Monday 19 May 2025.

#include <gtest/gtest.h>

#include <string>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

using scr::milestone_status;

// tests/data/procedures/hold-policies.yaml: one milestone per policy, each with a
// working-day and a calendar-day timescale.

const scr::actor chair = as("chair", "A. Chair", "Board");

std::shared_ptr<const scr::procedure> policies() {
  static const auto p = std::make_shared<const scr::procedure>(
      scr::procedure::load(std::string(SCR_TEST_DATA_DIR) + "/procedures/hold-policies.yaml"));
  return p;
}

// Opened on Monday 7 April 2025; the referral is acknowledged the next day.
scr::review opened() {
  auto r = scr::review::open(policies(), ew(), "Child H", london(2025, 4, 7, 10), chair);
  r.record("acknowledged", london(2025, 4, 8, 9), chair);
  return r;
}

struct expected_row {
  std::string_view id;
  scr::date due;
  milestone_status status;
};

void expect_rows(const scr::review& r, scr::date as_of, std::initializer_list<expected_row> rows) {
  const auto table = r.timetable(as_of);
  for (const auto& e : rows) {
    SCOPED_TRACE(std::string(e.id) + " as of " + scr::format_date(as_of));
    const auto row = row_of(table, e.id);
    EXPECT_EQ(row.due, e.due);
    EXPECT_EQ(row.status, e.status);
  }
}

TEST(review_holds, the_procedure_loads_with_one_milestone_per_policy) {
  const auto& p = *policies();
  ASSERT_EQ(p.milestones.size(), 9u);
  EXPECT_EQ(p.milestones[1].hold, scr::hold_policy::continue_);
  EXPECT_EQ(p.milestones[3].hold, scr::hold_policy::pause_keep_end);
  EXPECT_EQ(p.milestones[5].hold, scr::hold_policy::pause_resume);
  EXPECT_EQ(p.milestones[7].hold, scr::hold_policy::restart);
}

TEST(review_holds, without_a_hold_every_policy_gives_the_rule_date) {
  const auto r = opened();
  expect_rows(r, ymd(2025, 4, 8),
              {
                  // 7 April + 2 working days = Wednesday 9 April; met on the 8th.
                  {"acknowledgement", ymd(2025, 4, 9), milestone_status::met},
                  {"continue_wd", ymd(2025, 5, 8), milestone_status::pending},
                  {"continue_days", ymd(2025, 5, 19), milestone_status::pending},
                  {"keep_end_wd", ymd(2025, 5, 8), milestone_status::pending},
                  {"keep_end_days", ymd(2025, 5, 19), milestone_status::pending},
                  {"resume_wd", ymd(2025, 5, 8), milestone_status::pending},
                  {"resume_days", ymd(2025, 5, 19), milestone_status::pending},
                  {"restart_wd", ymd(2025, 5, 8), milestone_status::pending},
                  {"restart_days", ymd(2025, 5, 19), milestone_status::pending},
              });
  EXPECT_FALSE(r.on_hold());
  EXPECT_TRUE(r.holds().empty());
}

// Held on Wednesday 16 April 2025 (a suspect charged), released on Wednesday
// 30 April 2025.
//
// Time held: 14 calendar days; in working days, (16 Apr, 30 Apr] holds
// 17, 22-25, 28-30 April = 8 (Good Friday and Easter Monday are not counted).
//
//   pause-resume, 20 working days: 8 May + 8 working days = 9, 12-16, 19, 20
//     May: Tuesday 20 May 2025. (Equivalently, the 13 working days left at
//     the hold, (16 Apr, 8 May], run from 30 April: 1, 2, 6-9, 12-16, 19, 20
//     May.) Counting weekdays instead would give 22 May.
//   pause-resume, 6 weeks: 19 May + 14 days = Monday 2 June 2025.
//   restart, 20 working days from 30 April: 1-2 May (2), 6-9 (6), 12-16 (11),
//     19-23 (16), 27-30 (20; 26 May is a bank holiday): Friday 30 May 2025.
//   restart, 6 weeks from 30 April: Wednesday 11 June 2025.
//   continue and pause-keep-end keep 8 May and 19 May.
scr::review held_and_released() {
  auto r = opened();
  r.hold("Criminal proceedings: a suspect has been charged", london(2025, 4, 16, 15), chair);
  r.release(london(2025, 4, 30, 11), chair, "The CPS agreed the review may proceed");
  return r;
}

TEST(review_holds, while_held_the_paused_policies_show_paused_and_continue_runs) {
  auto r = opened();
  r.hold("Criminal proceedings: a suspect has been charged", london(2025, 4, 16, 15), chair);
  EXPECT_TRUE(r.on_hold());
  ASSERT_EQ(r.holds().size(), 1u);
  EXPECT_EQ(r.holds()[0].reason, "Criminal proceedings: a suspect has been charged");
  EXPECT_EQ(r.holds()[0].from, london(2025, 4, 16, 15));
  EXPECT_EQ(r.holds()[0].to, std::nullopt);

  const auto rows = r.timetable(ymd(2025, 4, 24));
  for (const char* id : {"continue_wd", "continue_days"}) {
    EXPECT_EQ(row_of(rows, id).status, milestone_status::pending) << id;
  }
  for (const char* id : {"keep_end_wd", "keep_end_days", "resume_wd", "resume_days", "restart_wd", "restart_days"}) {
    EXPECT_EQ(row_of(rows, id).status, milestone_status::paused) << id;
  }
  // pause-keep-end: the due date stands while paused.
  EXPECT_EQ(row_of(rows, "keep_end_wd").due, ymd(2025, 5, 8));
  EXPECT_EQ(row_of(rows, "keep_end_days").due, ymd(2025, 5, 19));
  // Met before the hold: neither paused nor moved.
  EXPECT_EQ(row_of(rows, "acknowledgement").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "acknowledgement").due, ymd(2025, 4, 9));
  // As of the day before the hold, nothing was paused.
  EXPECT_EQ(row_of(r.timetable(ymd(2025, 4, 15)), "resume_wd").status, milestone_status::pending);
}

TEST(review_holds, after_release_each_policy_moves_its_due_date_as_its_rule_says) {
  const auto r = held_and_released();
  EXPECT_FALSE(r.on_hold());
  ASSERT_EQ(r.holds().size(), 1u);
  EXPECT_EQ(r.holds()[0].to, london(2025, 4, 30, 11));
  expect_rows(r, ymd(2025, 5, 1),
              {
                  {"acknowledgement", ymd(2025, 4, 9), milestone_status::met},
                  {"continue_wd", ymd(2025, 5, 8), milestone_status::pending},
                  {"continue_days", ymd(2025, 5, 19), milestone_status::pending},
                  {"keep_end_wd", ymd(2025, 5, 8), milestone_status::pending},
                  {"keep_end_days", ymd(2025, 5, 19), milestone_status::pending},
                  {"resume_wd", ymd(2025, 5, 20), milestone_status::pending},
                  {"resume_days", ymd(2025, 6, 2), milestone_status::pending},
                  {"restart_wd", ymd(2025, 5, 30), milestone_status::pending},
                  {"restart_days", ymd(2025, 6, 11), milestone_status::pending},
              });
  // The rule's own date is unchanged; the hold moved the due date.
  // As of 21 May 2025: the continued and kept dates have passed, the resumed
  // working-day date passed the day before, the restarted ones have not.
  expect_rows(r, ymd(2025, 5, 21),
              {
                  {"continue_wd", ymd(2025, 5, 8), milestone_status::overdue},
                  {"continue_days", ymd(2025, 5, 19), milestone_status::overdue},
                  {"keep_end_wd", ymd(2025, 5, 8), milestone_status::overdue},
                  {"keep_end_days", ymd(2025, 5, 19), milestone_status::overdue},
                  {"resume_wd", ymd(2025, 5, 20), milestone_status::overdue},
                  {"resume_days", ymd(2025, 6, 2), milestone_status::pending},
                  {"restart_wd", ymd(2025, 5, 30), milestone_status::pending},
                  {"restart_days", ymd(2025, 6, 11), milestone_status::pending},
              });
}

TEST(review_holds, a_milestone_met_after_release_is_judged_against_its_moved_date) {
  auto r = held_and_released();
  r.record("resume_wd_done", london(2025, 5, 19), chair);     // before 20 May: on time
  r.record("keep_end_wd_done", london(2025, 5, 19), chair);   // after 8 May: late
  r.record("restart_days_done", london(2025, 6, 11), chair);  // on the restarted date
  const auto rows = r.timetable(ymd(2025, 6, 11));
  EXPECT_EQ(row_of(rows, "resume_wd").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "resume_wd").due, ymd(2025, 5, 20));
  EXPECT_EQ(row_of(rows, "keep_end_wd").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "keep_end_wd").days_late(ymd(2025, 6, 11)), 11);
  EXPECT_EQ(row_of(rows, "restart_days").status, milestone_status::met);
}

// A hold that outlasts the due dates: held on Wednesday 16 April 2025,
// released on Wednesday 14 May 2025.
//
// Time held: 28 calendar days; working days in (16 Apr, 14 May]: 17, 22-25,
// 28-30 April, 1-2, 6-9, 12-14 May = 17.
//   pause-resume, 20 working days: 8 May + 17 working days = 9, 12-16, 19-23,
//     27-30 May, 2-3 June: Tuesday 3 June 2025.
//   pause-resume, 6 weeks: 19 May + 28 days = Monday 16 June 2025.
//   restart, 20 working days from 14 May: 15-16 (2), 19-23 (7), 27-30 (11),
//     2-6 June (16), 9-12 June (20): Thursday 12 June 2025.
//   restart, 6 weeks from 14 May: Wednesday 25 June 2025.
TEST(review_holds, a_hold_that_outlasts_the_due_dates) {
  auto r = opened();
  r.hold("Inquest opened and adjourned", london(2025, 4, 16, 15), chair);
  // Monday 12 May, still held: the continued clock has run out, the paused
  // ones have not (pause-keep-end keeps 8 May but is paused, not overdue).
  expect_rows(r, ymd(2025, 5, 12),
              {
                  {"continue_wd", ymd(2025, 5, 8), milestone_status::overdue},
                  {"continue_days", ymd(2025, 5, 19), milestone_status::pending},
                  {"keep_end_wd", ymd(2025, 5, 8), milestone_status::paused},
                  {"keep_end_days", ymd(2025, 5, 19), milestone_status::paused},
              });
  EXPECT_EQ(row_of(r.timetable(ymd(2025, 5, 12)), "resume_wd").status, milestone_status::paused);
  EXPECT_EQ(row_of(r.timetable(ymd(2025, 5, 12)), "restart_days").status, milestone_status::paused);

  r.release(london(2025, 5, 14, 12), chair);
  expect_rows(r, ymd(2025, 5, 15),
              {
                  {"continue_wd", ymd(2025, 5, 8), milestone_status::overdue},
                  {"continue_days", ymd(2025, 5, 19), milestone_status::pending},
                  // The end was kept, so once released it is overdue.
                  {"keep_end_wd", ymd(2025, 5, 8), milestone_status::overdue},
                  {"keep_end_days", ymd(2025, 5, 19), milestone_status::pending},
                  {"resume_wd", ymd(2025, 6, 3), milestone_status::pending},
                  {"resume_days", ymd(2025, 6, 16), milestone_status::pending},
                  {"restart_wd", ymd(2025, 6, 12), milestone_status::pending},
                  {"restart_days", ymd(2025, 6, 25), milestone_status::pending},
              });
}

TEST(review_holds, a_second_hold_moves_the_dates_again) {
  auto r = held_and_released();
  // Held again from Friday 2 May to Tuesday 6 May 2025 (the Monday is the
  // early May bank holiday): 4 calendar days; working days in (2 May, 6 May]:
  // 6 May only = 1.
  r.hold("Trial date brought forward", london(2025, 5, 2, 12), chair);
  r.release(london(2025, 5, 6, 12), chair);
  ASSERT_EQ(r.holds().size(), 2u);
  expect_rows(r, ymd(2025, 5, 7),
              {
                  {"continue_wd", ymd(2025, 5, 8), milestone_status::pending},
                  {"keep_end_wd", ymd(2025, 5, 8), milestone_status::pending},
                  // 20 May + 1 working day = Wednesday 21 May.
                  {"resume_wd", ymd(2025, 5, 21), milestone_status::pending},
                  // 2 June + 4 days = Friday 6 June.
                  {"resume_days", ymd(2025, 6, 6), milestone_status::pending},
                  // From 6 May: 7-9 (3), 12-16 (8), 19-23 (13), 27-30 (17),
                  // 2-4 June (20): Wednesday 4 June.
                  {"restart_wd", ymd(2025, 6, 4), milestone_status::pending},
                  // 6 May + 6 weeks = Tuesday 17 June.
                  {"restart_days", ymd(2025, 6, 17), milestone_status::pending},
              });
}

TEST(review_holds, a_review_already_on_hold_cannot_be_held_again) {
  auto r = opened();
  r.hold("Criminal proceedings: a suspect has been charged", london(2025, 4, 16, 15), chair);
  EXPECT_REFUSED(scr::rule_error, r, r.hold("Inquest", london(2025, 4, 17), chair),
                 "review 'Child H' is already on hold since 2025-04-16",
                 "Criminal proceedings: a suspect has been charged");
  EXPECT_EQ(r.holds().size(), 1u);
}

TEST(review_holds, a_review_not_on_hold_cannot_be_released) {
  auto r = opened();
  EXPECT_REFUSED(scr::rule_error, r, r.release(london(2025, 4, 16), chair), "review 'Child H' is not on hold");
  auto again = held_and_released();
  EXPECT_REFUSED(scr::rule_error, again, again.release(london(2025, 5, 1), chair), "is not on hold");
}

TEST(review_holds, a_hold_needs_a_reason) {
  auto r = opened();
  EXPECT_REFUSED(scr::data_error, r, r.hold("", london(2025, 4, 16), chair), "reason");
  EXPECT_REFUSED(scr::data_error, r, r.hold("   ", london(2025, 4, 16), chair), "reason");
  try {
    r.hold("", london(2025, 4, 16), chair);
    ADD_FAILURE() << "a hold without a reason was accepted";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "reason");
  }
  EXPECT_FALSE(r.on_hold());
}

TEST(review_holds, a_closed_review_cannot_be_held) {
  auto r = opened();
  r.record("close", london(2025, 4, 10), chair);
  EXPECT_REFUSED(scr::transition_error, r, r.hold("Inquest", london(2025, 4, 11), chair), "is closed");
}

TEST(review_holds, the_history_replays_to_the_same_holds_and_dates) {
  const auto r = held_and_released();
  const auto again = scr::review::from_events(policies(), ew(), r.history());
  EXPECT_EQ(again.holds(), r.holds());
  const auto a = again.timetable(ymd(2025, 5, 1)), b = r.timetable(ymd(2025, 5, 1));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id(), b[i].id());
    EXPECT_EQ(a[i].due, b[i].due) << a[i].id();
    EXPECT_EQ(a[i].status, b[i].status) << a[i].id();
  }
}

}  // namespace
