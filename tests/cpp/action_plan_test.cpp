// Action plans in the engine (scr/action_plan.hpp): the Solihull Appendix 13
// example plan (001:1326) recorded in a published review, each action's due
// date counted from the plan's approval at adoption (001:218, 001:615),
// quarterly updates, completion with evidence and sign-off (001:626,
// 001:697), overdue actions, SMART findings, and the assurance report.

#include <gtest/gtest.h>

#include <array>

#include "action_plan_support.hpp"
#include "review_support.hpp"
#include "scr/action_plan.hpp"

namespace {

using namespace action_plan_support;
using scr::action_status;
using scr::milestone_status;
using scr::obligation_status;
using scr::recommendation_status;

const scr::plan_action& action_of(const scr::action_plan& p, const std::string& number) {
  for (const auto* a : p.actions())
    if (a->number == number) return *a;
  ADD_FAILURE() << "no action " << number;
  static const scr::plan_action none;
  return none;
}

TEST(action_plan, by_when_reads_the_plans_words) {
  EXPECT_EQ(scr::by_when::parse("Three months").within, scr::timescale::parse("3 months"));
  EXPECT_EQ(scr::by_when::parse("One month").within, scr::timescale::parse("1 month"));
  EXPECT_EQ(scr::by_when::parse("within six weeks").within, scr::timescale::parse("6 weeks"));
  EXPECT_EQ(scr::by_when::parse("10 working days").within, scr::timescale::parse("10 working days"));
  EXPECT_EQ(scr::by_when::parse("31/03/2025").on, ymd(2025, 3, 31));
  EXPECT_EQ(scr::by_when::parse("2025-03-31").on, ymd(2025, 3, 31));
  EXPECT_TRUE(scr::by_when::parse("Ongoing").ongoing);
  EXPECT_FALSE(scr::by_when::parse("").within.has_value());
  for (const char* bad : {"soonish", "3 hours", "0 months", "31/02/2025", "three fortnights"}) {
    try {
      scr::by_when::parse(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const scr::input_error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("Ongoing"), std::string::npos) << e.what();
    }
  }
}

// Done when: the Appendix 13 plan loaded into a published review, each
// action's due date computed from the plan's approval date.
TEST(action_plan, appendix_13_due_dates_count_from_the_approval_at_adoption) {
  auto r = solihull_review();
  ASSERT_EQ(r.state(), "monitoring_action_plan");
  record_appendix_13(r, london(2024, 9, 23));
  const auto p = scr::action_plan::of(r, ymd(2024, 9, 30));
  ASSERT_EQ(p.recommendations.size(), 1u);
  EXPECT_EQ(p.approved_at, london(2024, 7, 1));
  const auto& rec = p.recommendations[0];
  ASSERT_EQ(rec.actions.size(), 5u);
  EXPECT_EQ(rec.status, recommendation_status::not_started);
  // Approved on 1 July 2024: three months is 1 October, one month 1 August
  // (already past when the plan is recorded), six months 1 January 2025.
  EXPECT_EQ(action_of(p, "1.1").due, ymd(2024, 10, 1));
  EXPECT_EQ(action_of(p, "1.1").by_when, "Three months");
  EXPECT_EQ(action_of(p, "1.1").status, action_status::open);
  EXPECT_EQ(action_of(p, "1.2").due, ymd(2024, 8, 1));
  EXPECT_EQ(action_of(p, "1.2").status, action_status::overdue);
  EXPECT_EQ(action_of(p, "1.2").days_late, 60);
  EXPECT_EQ(action_of(p, "1.3").due, ymd(2025, 1, 1));
  EXPECT_EQ(action_of(p, "1.5").due, std::nullopt);
  EXPECT_EQ(action_of(p, "1.5").status, action_status::ongoing);
  // The same dates are the action track's milestones in the timetable.
  const auto rows = r.timetable(ymd(2024, 9, 30));
  EXPECT_EQ(row_of(rows, "action_due", "1.1").due, ymd(2024, 10, 1));
  EXPECT_EQ(row_of(rows, "action_due", "1.2").status, milestone_status::overdue);
  EXPECT_EQ(row_of(rows, "action_due", "1.5").status, milestone_status::waived);
  // An action number is not an agency involved in the case.
  EXPECT_TRUE(p.warnings.empty()) << p.warnings.front();
}

TEST(action_plan, quarterly_updates_completion_and_sign_off) {
  auto r = solihull_review();
  record_appendix_13(r, london(2024, 9, 23));
  // The first update on each action is due three months after it was agreed.
  auto p = scr::action_plan::of(r, ymd(2024, 12, 1));
  EXPECT_EQ(action_of(p, "1.1").next_update_due, ymd(2024, 12, 23));
  EXPECT_FALSE(action_of(p, "1.1").update_overdue);
  p = scr::action_plan::of(r, ymd(2024, 12, 24));
  EXPECT_TRUE(action_of(p, "1.1").update_overdue);
  EXPECT_EQ(action_of(p, "1.1").updates_overdue, 1);

  r.record("action_updated", london(2024, 12, 20), police_lead,
           {{"status", std::string("on_track")}, {"narrative", std::string("Four courses booked")},
            {"evidence", std::string("Training plan v2")}},
           "1.1");
  p = scr::action_plan::of(r, ymd(2024, 12, 24));
  EXPECT_FALSE(action_of(p, "1.1").update_overdue);
  EXPECT_EQ(action_of(p, "1.1").next_update_due, ymd(2025, 3, 23));
  ASSERT_EQ(action_of(p, "1.1").updates.size(), 1u);
  EXPECT_EQ(action_of(p, "1.1").updates[0].narrative, "Four courses booked");
  EXPECT_EQ(p.recommendations[0].status, recommendation_status::in_progress);

  r.record("action_completed", london(2025, 1, 6), police_lead,
           {{"evidence", std::string("Attendance report: 412 of 430 officers")}}, "1.1");
  p = scr::action_plan::of(r, ymd(2025, 1, 6));
  EXPECT_EQ(action_of(p, "1.1").status, action_status::completed);
  EXPECT_EQ(action_of(p, "1.1").completion_evidence, "Attendance report: 412 of 430 officers");
  // Completed late: due 1 October 2024.
  EXPECT_EQ(action_of(p, "1.1").due_status, milestone_status::met_late);
  // Only the Performance Monitoring sub group (or the business manager) signs it off.
  EXPECT_THROW(r.record("action_signed_off", london(2025, 1, 7), police_lead, {}, "1.1"), scr::role_error);
  r.record("action_completion_returned", london(2025, 1, 7), monitoring,
           {{"reason", std::string("No arrangements for officers who have not attended")}}, "1.1");
  p = scr::action_plan::of(r, ymd(2025, 1, 7));
  EXPECT_EQ(action_of(p, "1.1").status, action_status::overdue);
  EXPECT_FALSE(action_of(p, "1.1").completed_at.has_value());
  // Returned, it still owes its quarterly update (they run until the sign-off).
  EXPECT_EQ(action_of(p, "1.1").next_update_due, ymd(2025, 3, 23));
  r.record("action_completed", london(2025, 1, 20), police_lead,
           {{"evidence", std::string("Attendance report and catch-up sessions")}}, "1.1");
  r.record("action_signed_off", london(2025, 1, 21), monitoring, {}, "1.1");
  p = scr::action_plan::of(r, ymd(2025, 1, 21));
  EXPECT_EQ(action_of(p, "1.1").status, action_status::implemented);
  EXPECT_EQ(action_of(p, "1.1").updates.size(), 5u);
  EXPECT_FALSE(action_of(p, "1.1").next_update_due.has_value());  // the updates end with the sign-off
  // As of an earlier day, the plan is as it stood then.
  EXPECT_EQ(action_of(scr::action_plan::of(r, ymd(2024, 12, 31)), "1.1").status, action_status::overdue);
}

TEST(action_plan, refusals_name_the_field_and_leave_the_review_as_it_was) {
  auto r = solihull_review("Child Q", "drafted");
  r.record(scr::recommendation_event(r), london(2024, 6, 25), manager,
           scr::recommendation_data(r, appendix_13_recommendation()));
  auto a = appendix_13_actions()[0];
  // "Three months" counts from the approval, which has not happened yet.
  try {
    scr::action_data(r, a);
    ADD_FAILURE() << "accepted before approval";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "by_when");
    EXPECT_NE(std::string(e.what()).find("scr_adopted"), std::string::npos) << e.what();
  }
  a.by_when = "30/09/2024";
  const auto size = r.size();
  r.record(scr::action_event(r), london(2024, 6, 25), manager, scr::action_data(r, a));
  EXPECT_EQ(r.size(), size + 1);
  try {
    scr::action_data(r, a);
    ADD_FAILURE() << "a second action 1.1 was accepted";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "action");
    EXPECT_NE(std::string(e.what()).find("already has action '1.1'"), std::string::npos) << e.what();
  }
  a.number = "2.1";
  a.recommendation = "2";
  try {
    scr::action_data(r, a);
    ADD_FAILURE() << "an action under an unknown recommendation was accepted";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "recommendation");
  }
  try {
    scr::recommendation_data(r, appendix_13_recommendation());
    ADD_FAILURE() << "a second recommendation 1 was accepted";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "number");
  }
  try {
    r.record("action_updated", london(2024, 6, 26), manager, {{"narrative", std::string("x")}}, "9.9");
    ADD_FAILURE() << "an update on an unknown action was accepted";
  } catch (const scr::agency_error& e) {
    EXPECT_NE(std::string(e.what()).find("action '9.9' has no track 'action'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("actions with that track in review 'Child Q': 1.1"), std::string::npos)
        << e.what();
  }
  auto other = appendix_13_recommendation();
  other.number = "3";
  other.source = "gossip";
  try {
    scr::recommendation_data(r, other);
    ADD_FAILURE() << "a source the procedure does not list was accepted";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "source");
    EXPECT_NE(std::string(e.what()).find("overview_report, imr, panel"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r.size(), size + 1);
}

TEST(action_plan, smart_findings_name_what_is_missing) {
  auto r = solihull_review();
  scr::recommendation_input rec;
  rec.number = "2";
  rec.text = "Children's social care should improve supervision.";
  r.record(scr::recommendation_event(r), london(2024, 9, 23), manager, scr::recommendation_data(r, rec));
  scr::action_input a;
  a.number = "2.1";
  a.recommendation = "2";
  a.what = "Consider the supervision policy";
  r.record(scr::action_event(r), london(2024, 9, 23), manager, scr::action_data(r, a));
  const auto p = scr::action_plan::of(r, ymd(2024, 9, 30));
  std::vector<std::string> checks;
  for (const auto& f : action_of(p, "2.1").smart) checks.push_back(f.check);
  EXPECT_EQ(checks, (std::vector<std::string>{"lead", "due", "evidence", "vague"}));
  EXPECT_EQ(action_of(p, "2.1").smart.back().message,
            "action 2.1 says 'consider': say what will be done, so that it can be measured");
  ASSERT_EQ(p.recommendations[0].smart.size(), 1u);
  EXPECT_EQ(p.recommendations[0].smart[0].check, "measure");
  EXPECT_EQ(p.recommendations[0].status, recommendation_status::not_started);
}

TEST(action_plan, assurance_across_reviews_counts_what_is_implemented) {
  auto q = solihull_review("Child Q");
  record_appendix_13(q, london(2024, 9, 23));
  for (const auto& n : {"1.1", "1.2", "1.3", "1.4", "1.5"}) {
    q.record("action_completed", london(2025, 2, 3), police_lead, {{"evidence", std::string("Report")}}, n);
    q.record("action_signed_off", london(2025, 2, 4), monitoring, {}, n);
  }
  auto s = solihull_review("Child S");
  auto rec = appendix_13_recommendation();
  rec.urgent = true;
  s.record(scr::recommendation_event(s), london(2024, 9, 23), manager, scr::recommendation_data(s, rec));
  for (const auto& a : appendix_13_actions()) s.record(scr::action_event(s), london(2024, 9, 23), manager, scr::action_data(s, a));
  const auto report = scr::assure({scr::action_plan::of(q, ymd(2025, 3, 31)), scr::action_plan::of(s, ymd(2025, 3, 31))},
                                  ymd(2024, 4, 1), ymd(2025, 3, 31));
  EXPECT_EQ(report.plans.size(), 2u);
  EXPECT_EQ(report.recommendations, 2);
  EXPECT_EQ(report.implemented, 1);
  EXPECT_DOUBLE_EQ(report.proportion_implemented(), 0.5);
  EXPECT_EQ(report.urgent, 1);
  EXPECT_EQ(report.urgent_implemented, 0);
  EXPECT_EQ(report.actions, 10);
  EXPECT_EQ(report.actions_implemented, 5);
  // Child S: 1.1 (1 Oct), 1.2 (1 Aug), 1.3 (1 Jan), 1.4 (1 Aug) overdue; 1.5 ongoing.
  EXPECT_EQ(report.actions_overdue, 4);
  EXPECT_EQ(report.completed_in_period, 5);
  ASSERT_EQ(report.by_agency.size(), 1u);
  EXPECT_EQ(report.by_agency[0].key, "Police");
  EXPECT_EQ(report.by_agency[0].overdue, 4);
  EXPECT_EQ(report.by_agency[0].reviews, 2);
  ASSERT_EQ(report.by_theme.size(), 2u);
  EXPECT_EQ(report.by_theme[0].reviews, 2);
  EXPECT_EQ(report.by_theme[0].implemented, 1);
}

}  // namespace

namespace {

// A board's own procedure with Essex's rule (004:362): every plan complete
// within a year of the first request for an update, the plan's mark.
const char* marked_yaml = R"yaml(
procedure:
  id: test-marked-plan
  title: A plan with a completion mark
  version: 1
  effective_from: 2016-10-01
  opened_by: opened
  sources: {"004": "Essex SCB, Serious Case Review Toolkit"}
  action_plan:
    approved: plan_approved
    recommended: recommendation_made
    track: action
    updated: action_updated
    completed: action_completed
    due: action_due
    mark: plans_complete
    smart: [lead]
roles:
  - {id: manager, title: Board Manager}
states:
  - {id: open, kind: initial}
  - {id: monitoring, kind: active}
  - {id: closed, kind: terminal}
events:
  opened: {title: Opened}
  plan_approved: {title: Plan approved}
  update_requested: {title: Agencies asked for an update}
  plans_completed: {title: Every plan complete}
  recommendation_made:
    data:
      number: {type: text, required: true}
      recommendation: {type: text, required: true}
  action_agreed:
    data:
      action: {type: text, required: true}
      recommendation: {type: text, required: true}
      what: {type: text, required: true}
      lead: {type: text}
      due_on: {type: date}
      due_in: {type: text}
transitions:
  - {event: plan_approved, from: open, to: monitoring, roles: [manager]}
  - {event: update_requested, from: monitoring, roles: [manager]}
  - {event: recommendation_made, from: monitoring, roles: [manager]}
  - {event: action_agreed, from: monitoring, roles: [manager]}
  - {event: plans_completed, from: monitoring, to: closed, roles: [manager]}
milestones:
  - {id: plans_complete, title: Every plan complete, owner: manager, anchor: {event: update_requested},
     within: 1 year, completed_by: plans_completed, cite: "004:362"}
tracks:
  - id: action
    title: Action
    instantiated_by: {event: action_agreed, field: action}
    states:
      - {id: open, kind: initial}
      - {id: done, kind: terminal}
    events:
      action_updated: {data: {narrative: {type: text, required: true}}}
      action_completed: {data: {evidence: {type: text, required: true}}}
    transitions:
      - {event: action_updated, from: open, roles: [manager]}
      - {event: action_completed, from: open, to: done, roles: [manager]}
    milestones:
      - {id: action_due, title: Action due, owner: manager, anchor: {event: action_agreed, field: due_on},
         completed_by: action_completed}
)yaml";

TEST(action_plan, a_plan_past_its_mark_is_named_in_the_assurance_report) {
  const auto p = from_yaml(marked_yaml);
  const scr::actor m = as("manager", "B. Manager");
  auto r = scr::review::open(p, ew(), "Child E", london(2017, 1, 9), m);
  r.record("plan_approved", london(2017, 1, 10), m);
  scr::recommendation_input rec;
  rec.number = "1";
  rec.text = "Agencies should share information at strategy meetings.";
  r.record(scr::recommendation_event(r), london(2017, 1, 10), m, scr::recommendation_data(r, rec));
  scr::action_input a;
  a.number = "1.1";
  a.recommendation = "1";
  a.what = "Revise the information-sharing protocol.";
  a.by_when = "Six months";
  r.record(scr::action_event(r), london(2017, 1, 10), m, scr::action_data(r, a));
  r.record("update_requested", london(2017, 4, 10), m);
  // A year from the first request: 10 April 2018.
  auto plan = scr::action_plan::of(r, ymd(2018, 4, 10));
  ASSERT_TRUE(plan.mark.has_value());
  EXPECT_EQ(plan.mark->due, ymd(2018, 4, 10));
  EXPECT_EQ(plan.mark->status, milestone_status::pending);
  EXPECT_TRUE(scr::assure({plan}, ymd(2017, 4, 1), ymd(2018, 4, 10)).past_mark.empty());
  plan = scr::action_plan::of(r, ymd(2018, 4, 11));
  EXPECT_EQ(plan.mark->status, milestone_status::overdue);
  EXPECT_EQ(action_of(plan, "1.1").due, ymd(2017, 7, 10));
  EXPECT_EQ(action_of(plan, "1.1").smart.size(), 1u);  // only the lead is checked, and there is none
  const auto report = scr::assure({plan}, ymd(2017, 4, 1), ymd(2018, 4, 11));
  EXPECT_EQ(report.past_mark, (std::vector<std::string>{"Child E"}));
  EXPECT_EQ(report.actions_overdue, 1);
}

}  // namespace
