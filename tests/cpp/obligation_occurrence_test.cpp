// An obligation triggered more than once: each occurrence has its own number,
// so the store's projections (one row per obligation, agency and occurrence)
// hold every one, and the lists read from them agree with the review.
//
// England 2023 (england-2023-lcspr): a safeguarding partner may ask the same
// agency for information twice (Children Act 2004 s.16H: each request must be
// complied with); an action agreed again restarts its quarterly updates (the
// pack's choice action_plan_monitoring).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"

namespace {

const scr::actor la{"A. Officer", "local_authority", "Northtown Council"};
const scr::actor partners{"Northtown partners", "safeguarding_partners", "Northtown"};
const scr::actor lead{"Police lead", "agency_safeguarding_lead", "Police"};

scr::store with_a_review() {
  auto db = test_store();
  db.open_review(*pack("england-2023-lcspr"), "Child W", london(2024, 2, 5), la,
                 {{"became_aware_on", scr::make_date(2024, 2, 5)}});
  db.record("Child W", "panel_notified", london(2024, 2, 7), la, {{"notified_on", scr::make_date(2024, 2, 7)}});
  return db;
}

std::vector<scr::timetable_entry> occurrences_of(const scr::review& r, const std::string& id, scr::date as_of) {
  std::vector<scr::timetable_entry> out;
  for (auto& e : scr::timetable_entries(r, as_of))
    if (e.id == id) out.push_back(std::move(e));
  return out;
}

}  // namespace

TEST(obligation_occurrences, a_request_made_twice_is_owed_twice_under_its_own_numbers) {
  auto db = with_a_review();
  db.record("Child W", "information_requested", london(2024, 2, 8), partners, {{"agency", std::string("Police")}});
  db.record("Child W", "information_provided", london(2024, 2, 12), lead, {}, "Police");
  db.record("Child W", "clarification_sought", london(2024, 2, 13), partners, {}, "Police");
  db.record("Child W", "information_requested", london(2024, 2, 14), partners, {{"agency", std::string("Police")}});
  const auto rows = occurrences_of(db.load("Child W"), "comply_with_request", scr::make_date(2024, 2, 20));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].occurrence, 1);
  EXPECT_EQ(rows[0].status, "discharged");
  EXPECT_EQ(rows[1].occurrence, 2);
  EXPECT_EQ(rows[1].status, "open");
  EXPECT_NE(rows[0].uid, rows[1].uid);
  // The store's projections hold both: the open one is in the monthly report.
  const auto progress = db.progress(scr::make_date(2024, 2, 29), scr::make_date(2024, 2, 1));
  ASSERT_EQ(progress.size(), 1u);
  int open = 0;
  for (const auto& item : progress.front().items) {
    if (item.id == "comply_with_request") {
      EXPECT_EQ(item.occurrence, 2);
      ++open;
    }
  }
  EXPECT_EQ(open, 1);
  EXPECT_TRUE(db.verify("Child W").ok());
}

TEST(obligation_occurrences, a_repeating_obligation_triggered_again_starts_its_periods_afresh) {
  auto db = with_a_review();
  const auto at = london(2024, 2, 9);
  db.record("Child W", "decision_made", at, partners, {{"outcome", std::string("lcspr")}});
  db.record("Child W", "reviewer_appointed", london(2024, 2, 12), partners, {{"reviewer", std::string("R. Lane")}});
  db.record("Child W", "final_report_received", london(2024, 6, 3), partners);
  db.record("Child W", "action_agreed", london(2024, 6, 10), partners,
            {{"action", std::string("1.1")}, {"recommendation", std::string("1")}, {"what", std::string("Audit")}});
  // Agreed again on 1 August: the first cycle's update of 10 September is
  // superseded; the new cycle is due 1 November, 1 February ...
  db.record("Child W", "action_agreed", london(2024, 8, 1), partners,
            {{"action", std::string("1.1")}, {"recommendation", std::string("1")}, {"what", std::string("Audit, wider")}});
  const auto rows = occurrences_of(db.load("Child W"), "action_update", scr::make_date(2025, 1, 10));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].occurrence, 1);
  EXPECT_EQ(rows[0].due, scr::make_date(2024, 11, 1));
  EXPECT_EQ(rows[0].status, "overdue");
  EXPECT_EQ(rows[1].occurrence, 2);
  EXPECT_EQ(rows[1].due, scr::make_date(2025, 2, 1));
  // Lists read from the projections say the same.
  const auto overdue = db.overdue(scr::make_date(2025, 1, 10));
  int updates = 0;
  for (const auto& i : overdue) {
    if (i.id == "action_update") {
      EXPECT_EQ(i.due, scr::make_date(2024, 11, 1));
      ++updates;
    }
  }
  EXPECT_EQ(updates, 1);
  EXPECT_TRUE(db.verify("Child W").ok());
}
