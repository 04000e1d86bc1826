// Action plans in the store: the Appendix 13 plan (001:1326) recorded in a
// published Solihull review in one transaction, its overdue actions in
// `overdue` and the monthly progress report (the action track's milestones
// are projected like every other deadline), verify clean, and the
// assurance report read across the store's reviews.
//
// Backend-neutral (backend_support.hpp): these run on PostgreSQL too.

#include <gtest/gtest.h>

#include <algorithm>

#include "action_plan_support.hpp"
#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/action_plan.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

using namespace action_plan_support;

// The review as the store keeps it: opened, then every later event appended.
void store_review(scr::store& db, const scr::review& r) {
  const auto& h = r.history();
  db.open_review(r.definition(), r.reference(), h[0].at, h[0].by, h[0].data);
  db.append(r.reference(), 1, std::vector<scr::review_event>(h.begin() + 1, h.end()));
}

// The plan recorded as `scr actions import` does: checked in memory, then
// appended in one transaction.
std::uint64_t import_plan(scr::store& db, const std::string& reference, scr::instant at) {
  auto r = db.load(reference);
  const auto before = r.size();
  record_appendix_13(r, at);
  const auto& h = r.history();
  return db.append(reference, before,
                   std::vector<scr::review_event>(h.begin() + static_cast<std::ptrdiff_t>(before), h.end()));
}

TEST(action_plan_store, overdue_actions_are_in_overdue_and_the_monthly_report) {
  auto db = test_store(clock_at(utc(2025, 6, 1, 12)));
  store_review(db, solihull_review("Child Q"));
  const auto before = db.sequence("Child Q");
  EXPECT_EQ(import_plan(db, "Child Q", london(2024, 9, 23)), before + 6);

  // As of 15 October 2024: 1.2 and 1.4 (one month: 1 August) and 1.1 (three
  // months: 1 October) are overdue; 1.3 (1 January 2025) is not yet due.
  std::vector<std::string> late;
  for (const auto& item : db.overdue(ymd(2024, 10, 15))) {
    if (item.id == "action_due") late.push_back(item.agency + ":" + std::to_string(item.days_overdue));
  }
  std::sort(late.begin(), late.end());
  EXPECT_EQ(late, (std::vector<std::string>{"1.1:14", "1.2:75", "1.4:75"}));

  bool in_report = false;
  for (const auto& p : db.progress(ymd(2024, 10, 31), ymd(2024, 10, 1))) {
    if (p.summary.reference != "Child Q") continue;
    for (const auto& item : p.items)
      if (item.id == "action_due" && item.agency == "1.2" && item.status == "overdue") in_report = true;
  }
  EXPECT_TRUE(in_report);

  // Completed and signed off: no longer overdue.
  db.record("Child Q", "action_completed", london(2024, 10, 20), police_lead, {{"evidence", std::string("Instruction issued")}},
            "1.2");
  db.record("Child Q", "action_signed_off", london(2024, 10, 21), monitoring, {}, "1.2");
  late.clear();
  for (const auto& item : db.overdue(ymd(2024, 10, 31)))
    if (item.id == "action_due") late.push_back(item.agency);
  std::sort(late.begin(), late.end());
  EXPECT_EQ(late, (std::vector<std::string>{"1.1", "1.4"}));
  EXPECT_TRUE(db.verify("Child Q").ok()) << db.verify("Child Q").message;
}

TEST(action_plan_store, the_assurance_report_reads_every_review_with_a_plan) {
  auto db = test_store(clock_at(utc(2025, 6, 1, 12)));
  store_review(db, solihull_review("Child Q"));
  store_review(db, solihull_review("Child S"));
  import_plan(db, "Child Q", london(2024, 9, 23));
  for (const auto& n : {"1.1", "1.2", "1.3", "1.4", "1.5"}) {
    db.record("Child Q", "action_completed", london(2025, 2, 3), police_lead, {{"evidence", std::string("Report")}}, n);
    db.record("Child Q", "action_signed_off", london(2025, 2, 4), monitoring, {}, n);
  }
  const auto a = scr::assure(db, ymd(2024, 4, 1), ymd(2025, 3, 31));
  ASSERT_EQ(a.plans.size(), 1u);  // Child S has no plan yet
  EXPECT_EQ(a.recommendations, 1);
  EXPECT_EQ(a.implemented, 1);
  EXPECT_EQ(a.actions_implemented, 5);
  // Only the reviews named.
  EXPECT_TRUE(scr::assure(db, ymd(2024, 4, 1), ymd(2025, 3, 31), {"Child S"}).plans.empty());
  // As the records stood before the completions.
  EXPECT_EQ(scr::assure(db, ymd(2024, 4, 1), ymd(2024, 12, 31)).implemented, 0);
}

}  // namespace
