// Essex Safeguarding Children Board reviews through the engine (seed 004):
// the decision chain of Appendix 1 (004:441-536), the 26-week model for
// conducting an SCR with its six months from commissioning (004:162,
// 004:224-246), and a Partnership Learning Review from the Sub Committee's
// recommendation to the publication of its key themes (004:366-411).
//
// Appendix 1 gives each step its own timescale: 3 working days (004:441),
// 7 days (004:451), 14 days (004:464), 28 days (004:475), 7 days (004:530)
// and 14 days (004:536). The essex-2016-scr pack counts each step from the
// previous step's completion, and while that step is still open from its due
// date (choice decision_chain_counting). Expected dates are worked out by
// hand from the deadline rules (docs/deadline-rules.md, rules 1-3).
//
//      December 2016             January 2017            February 2017
//   Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su
//             1  2  3  4                      1          1  2  3  4  5
//    5  6  7  8  9 10 11   [2] 3  4  5  6  7  8    6  7  8  9 10 11 12
//   12 13 14 15 16 17 18    9 10 11 12 13 14 15   13 14 15 16 17 18 19
//   19 20 21 22 23 24 25   16 17 18 19 20 21 22   20 21 22 23 24 25 26
//  [26][27]28 29 30 31     23 24 25 26 27 28 29   27 28
//                          30 31
//   [26 Dec] Boxing Day, [27 Dec] Christmas Day (substitute day),
//   [2 Jan] New Year's Day (substitute day).

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

using scr::milestone_status;
using scr::obligation_status;

const scr::actor board_manager = as("board_manager", "ESCB Board Manager", "Essex SCB");
const scr::actor independent_chair = as("independent_chair", "ESCB Independent Chair", "Essex SCB");
const scr::actor consideration_chair = as("panel_chair", "Consideration Panel Chair", "Independent");
const scr::actor sub_committee_chair = as("sub_committee_chair", "Chair of the SCR Sub Committee", "Essex SCB");
const scr::actor sub_committee_member = as("sub_committee_member", "Sub Committee member", "Essex Police");
const scr::actor lead_reviewer = as("lead_reviewer", "Independent Lead Reviewer", "Independent");
const scr::actor support_team = as("support_team", "ESCB Support Team", "Essex SCB");

scr::event_data text(std::initializer_list<std::pair<const char*, const char*>> fields) {
  scr::event_data d;
  for (const auto& [k, v] : fields) d.emplace(k, std::string(v));
  return d;
}

struct expected_step {
  std::string_view id;
  scr::date due;
  bool projected;
};

void expect_chain(const std::vector<scr::timetable_row>& rows, std::initializer_list<expected_step> steps) {
  for (const auto& s : steps) {
    SCOPED_TRACE(std::string(s.id));
    const auto row = row_of(rows, s.id);
    EXPECT_EQ(row.due, s.due);
    EXPECT_EQ(row.projected, s.projected);
  }
}

// ---- the decision chain ----------------------------------------------------------
//
// A referral reaches the ESCB on Thursday 22 December 2016.

scr::review referred() {
  return scr::review::open(pack("essex-2016-scr"), ew(), "Child E", london(2016, 12, 22, 10), board_manager,
                           text({{"referring_agency", "Essex Police"},
                                 {"reason", "A child died and neglect is suspected (Working Together 2015)"}}));
}

TEST(review_essex, a_referral_gets_a_projected_decision_chain) {
  const auto r = referred();
  EXPECT_EQ(r.state(), "referred");
  const auto rows = r.timetable(ymd(2016, 12, 22));
  // 004:441 3 working days: Friday 23 (1), then 26 and 27 December are bank
  // holidays, Wednesday 28 (2), Thursday 29 (3).
  // Each later step is projected from the due date of the step before:
  //   004:451  29 Dec + 7 days  = 5 January 2017
  //   004:464   5 Jan + 14 days = 19 January
  //   004:475  19 Jan + 28 days = 16 February
  //   004:530  16 Feb + 7 days  = 23 February
  //   004:536  23 Feb + 14 days = 9 March 2017
  expect_chain(rows, {
                         {"initial_review", ymd(2016, 12, 29), false},
                         {"consideration_decision", ymd(2017, 1, 5), true},
                         {"agency_information", ymd(2017, 1, 19), true},
                         {"consideration_panel", ymd(2017, 2, 16), true},
                         {"panel_recommendation", ymd(2017, 2, 23), true},
                         {"chair_decision", ymd(2017, 3, 9), true},
                     });
  EXPECT_EQ(row_of(rows, "consideration_decision").anchor_date, ymd(2016, 12, 29));
  EXPECT_EQ(row_of(rows, "initial_review").def->level, scr::strength::should);  // 004:447
  // 004:445 the referral goes to the Independent Chair for information, in
  // the same 3 working days.
  EXPECT_EQ(obligation_of(r.obligations(ymd(2016, 12, 22)), "referral_to_independent_chair").due, ymd(2016, 12, 29));
}

// The chain as it happened: the initial review on Wednesday 28 December, the
// Chair's decision a week late on Wednesday 11 January, the agencies'
// information on Monday 23 January, the Consideration Panel on Thursday
// 16 February, the Panel Chair's letter 4 days late on Monday 27 February,
// and the Independent Chair's decision on Wednesday 8 March 2017.
scr::review decided() {
  auto r = referred();
  r.record("initial_review_circulated", london(2016, 12, 28, 10), board_manager);
  r.record("consideration_decided", london(2017, 1, 11, 10), independent_chair,
           {{"outcome", std::string("convene_panel")}, {"sub_committee_majority", true}});
  r.record("agency_information_collated", london(2017, 1, 23, 10), board_manager);
  r.record("consideration_panel_held", london(2017, 2, 16, 10), consideration_chair);
  r.record("panel_recommendation_sent", london(2017, 2, 27, 10), consideration_chair,
           text({{"recommendation", "scr"}, {"rationale", "The criteria in regulation 5(2) are met"}}));
  r.record("chair_decided", london(2017, 3, 8, 10), independent_chair,
           text({{"outcome", "accepted"}, {"review", "scr"}}));
  return r;
}

TEST(review_essex, each_step_counts_from_the_previous_completion_and_from_its_due_date_while_open) {
  auto r = referred();
  r.record("initial_review_circulated", london(2016, 12, 28, 10), board_manager);
  auto rows = r.timetable(ymd(2016, 12, 28));
  EXPECT_EQ(row_of(rows, "initial_review").status, milestone_status::met);
  // From the completion (28 December), no longer the due date: 28 Dec + 7 = 4 January.
  expect_chain(rows, {
                         {"consideration_decision", ymd(2017, 1, 4), false},
                         {"agency_information", ymd(2017, 1, 18), true},
                         {"consideration_panel", ymd(2017, 2, 15), true},
                         {"panel_recommendation", ymd(2017, 2, 22), true},
                         {"chair_decision", ymd(2017, 3, 8), true},
                     });
  EXPECT_EQ(row_of(rows, "consideration_decision").anchor_date, ymd(2016, 12, 28));

  // Tuesday 10 January: the Chair has not decided. The overdue step still
  // anchors the next on its due date (4 January).
  rows = r.timetable(ymd(2017, 1, 10));
  EXPECT_EQ(row_of(rows, "consideration_decision").status, milestone_status::overdue);
  EXPECT_EQ(row_of(rows, "agency_information").anchor_date, ymd(2017, 1, 4));
  EXPECT_EQ(row_of(rows, "agency_information").due, ymd(2017, 1, 18));

  // Decided on Wednesday 11 January, 7 days late: the rest of the chain moves.
  //   11 Jan + 14 = 25 January; + 28 = 22 February; + 7 = 1 March; + 14 = 15 March.
  r.record("consideration_decided", london(2017, 1, 11, 10), independent_chair,
           {{"outcome", std::string("convene_panel")}, {"sub_committee_majority", true}});
  EXPECT_EQ(r.state(), "gathering_information");
  rows = r.timetable(ymd(2017, 1, 11));
  EXPECT_EQ(row_of(rows, "consideration_decision").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "consideration_decision").days_late(ymd(2017, 1, 11)), 7);
  expect_chain(rows, {
                         {"agency_information", ymd(2017, 1, 25), false},
                         {"consideration_panel", ymd(2017, 2, 22), true},
                         {"panel_recommendation", ymd(2017, 3, 1), true},
                         {"chair_decision", ymd(2017, 3, 15), true},
                     });

  // The information is collated on Monday 23 January: the 28 days of
  // 004:475 run from then, to Monday 20 February.
  r.record("agency_information_collated", london(2017, 1, 23, 10), board_manager);
  rows = r.timetable(ymd(2017, 1, 23));
  EXPECT_EQ(row_of(rows, "agency_information").status, milestone_status::met);
  expect_chain(rows, {
                         {"consideration_panel", ymd(2017, 2, 20), false},
                         {"panel_recommendation", ymd(2017, 2, 27), true},
                         {"chair_decision", ymd(2017, 3, 13), true},
                     });
}

TEST(review_essex, the_chain_runs_to_the_independent_chairs_decision) {
  const auto r = decided();
  EXPECT_EQ(r.state(), "commissioning");
  EXPECT_EQ(r.branch(), "scr");
  const auto rows = r.timetable(ymd(2017, 3, 8));
  // Panel on 16 February, within 28 days of 23 January (20 February).
  EXPECT_EQ(row_of(rows, "consideration_panel").status, milestone_status::met);
  // 004:530 the letter within 7 days of the panel: 23 February; sent on the
  // 27th, 4 days late.
  const auto letter = row_of(rows, "panel_recommendation");
  EXPECT_EQ(letter.due, ymd(2017, 2, 23));
  EXPECT_EQ(letter.status, milestone_status::met_late);
  EXPECT_EQ(letter.days_late(ymd(2017, 3, 8)), 4);
  // 004:536 the Independent Chair within 14 days of the letter (27 February):
  // Monday 13 March. Decided on 8 March.
  const auto decision = row_of(rows, "chair_decision");
  EXPECT_EQ(decision.due, ymd(2017, 3, 13));
  EXPECT_FALSE(decision.projected);
  EXPECT_EQ(decision.status, milestone_status::met);
  const auto c = r.compliance(ymd(2017, 3, 8));
  ASSERT_TRUE(c.decision.has_value());
  EXPECT_EQ(c.decision->id(), "chair_decision");
  EXPECT_EQ(c.decision->due, ymd(2017, 3, 13));
  EXPECT_TRUE(c.decision->on_time);
  // 004:546 the decision confirmed in writing; 004:146 Ofsted and the DfE told.
  const auto obligations = r.obligations(ymd(2017, 3, 8));
  EXPECT_EQ(obligation_of(obligations, "decision_confirmed_in_writing").status, obligation_status::open);
  EXPECT_EQ(obligation_of(obligations, "ofsted_dfe_notification").status, obligation_status::open);
  // A Consideration Panel was convened: no letter to the referrer (004:470).
  EXPECT_TRUE(obligation_rows(obligations, "letter_to_referrer").empty());
}

TEST(review_essex, no_consideration_panel_waives_the_rest_of_the_chain) {
  auto r = referred();
  r.record("initial_review_circulated", london(2016, 12, 28, 10), board_manager);
  r.record("consideration_decided", london(2017, 1, 3, 10), independent_chair,
           {{"outcome", std::string("no_panel")}, {"sub_committee_majority", false}});
  EXPECT_EQ(r.state(), "informing_referrer");
  auto rows = r.timetable(ymd(2017, 1, 3));
  EXPECT_EQ(row_of(rows, "consideration_decision").status, milestone_status::met);
  for (const char* id : {"agency_information", "consideration_panel", "panel_recommendation", "chair_decision"}) {
    EXPECT_EQ(row_of(rows, id).status, milestone_status::waived) << id;
  }
  // 004:470-471 a letter to the referrer with the reasons, and confirmation
  // to the Sub Committee.
  const auto obligations = r.obligations(ymd(2017, 1, 3));
  EXPECT_EQ(obligation_of(obligations, "letter_to_referrer").status, obligation_status::open);
  EXPECT_EQ(obligation_of(obligations, "no_panel_confirmed_to_sub_committee").status, obligation_status::open);
  r.record("referrer_informed", london(2017, 1, 5), board_manager,
           text({{"reasons", "The Sub Committee did not consider the criteria met"}}));
  EXPECT_EQ(r.state(), "closed_no_panel");
  EXPECT_EQ(obligation_of(r.obligations(ymd(2017, 1, 5)), "letter_to_referrer").status, obligation_status::discharged);
}

// ---- the 26-week model and the six months (004:162) -------------------------------------
//
// Commissioned on Monday 13 March 2017. Week N is 13 March + 7N days (rule 2:
// weeks are calendar days, bank holidays included):
//   week 3  = 3 April        week 15 = 26 June        week 22 = 14 August
//   week 5  = 17 April       week 16 = 3 July         week 24 = 28 August
//   week 8  = 8 May          week 18 = 17 July        week 26 = 11 September
//   week 11 = 29 May         week 20 = 31 July
//   week 12 = 5 June
// 17 April (Easter Monday), 29 May (Spring bank holiday) and 28 August
// (Summer bank holiday) are bank holidays; calendar weeks do not move off them.
// Six months from commissioning (004:162): 13 September 2017, two days after week 26.

TEST(review_essex, the_26_week_model_and_six_months_from_commissioning) {
  auto r = decided();
  r.record("review_commissioned", london(2017, 3, 13, 10), independent_chair);
  r.record("ofsted_dfe_notified", london(2017, 3, 14, 10), board_manager);
  EXPECT_EQ(r.state(), "scoping");
  const auto rows = r.timetable(ymd(2017, 3, 14));
  const struct {
    const char* id;
    scr::date due;
  } weeks[] = {
      {"scoping", ymd(2017, 4, 3)},
      {"medical_records_letter", ymd(2017, 4, 17)},
      {"information_collection", ymd(2017, 5, 8)},
      {"terms_of_reference", ymd(2017, 5, 8)},
      {"key_themes", ymd(2017, 5, 8)},
      {"family_invitation", ymd(2017, 5, 8)},
      {"learning_event_preparation", ymd(2017, 5, 29)},
      {"learning_event", ymd(2017, 6, 5)},
      {"draft_1", ymd(2017, 6, 26)},
      {"review_team_meeting", ymd(2017, 7, 3)},
      {"draft_2", ymd(2017, 7, 17)},
      {"practitioner_feedback_event", ymd(2017, 7, 31)},
      {"report_final", ymd(2017, 8, 14)},
      {"sub_committee_presentation", ymd(2017, 8, 28)},
      {"collated_action_plan", ymd(2017, 9, 11)},
      {"publication_target", ymd(2017, 9, 11)},
  };
  for (const auto& w : weeks) {
    const auto row = row_of(rows, w.id);
    EXPECT_EQ(row.due, w.due) << w.id;
    EXPECT_FALSE(row.projected) << w.id;
    EXPECT_EQ(row.def->level, scr::strength::should) << w.id;  // 004:222 "approximations"
  }
  const auto completion = row_of(rows, "completion");
  EXPECT_EQ(completion.due, ymd(2017, 9, 13));
  EXPECT_EQ(completion.anchor_date, ymd(2017, 3, 13));  // commissioning, not the notification of 14 March
  EXPECT_FALSE(completion.projected);
  EXPECT_EQ(completion.def->level, scr::strength::must);
  EXPECT_EQ(completion.rule(), "6 months after review_commissioned");
  // The publication date is the Sub Committee's to set (004:348).
  EXPECT_EQ(row_of(rows, "publication").due, std::nullopt);
  EXPECT_EQ(obligation_of(r.obligations(ymd(2017, 3, 14)), "ofsted_dfe_notification").status,
            obligation_status::discharged);

  // The Sub Committee sets publication for Monday 11 September: the report
  // goes to the agencies 2 weeks before (28 August) and to the ESCB 1 week
  // before (4 September) (004:246, 004:350).
  r.schedule("publication", ymd(2017, 9, 11), std::nullopt, london(2017, 3, 20), sub_committee_chair);
  const auto later = r.timetable(ymd(2017, 3, 20));
  EXPECT_EQ(row_of(later, "circulation_to_agencies").due, ymd(2017, 8, 28));
  EXPECT_EQ(row_of(later, "circulation_to_board").due, ymd(2017, 9, 4));

  // 004:162 a delay is reported to Ofsted and the DfE by the Board Manager.
  r.extend("completion", ymd(2017, 11, 13), "The Learning Event was postponed", london(2017, 6, 1), independent_chair);
  const auto extended = row_of(r.timetable(ymd(2017, 6, 1)), "completion");
  EXPECT_EQ(extended.original_due, ymd(2017, 9, 13));
  EXPECT_EQ(extended.due, ymd(2017, 11, 13));
  const auto delay = obligation_of(r.obligations(ymd(2017, 6, 1)), "delay_reported_to_ofsted_dfe");
  EXPECT_EQ(delay.owner(), "board_manager");
  EXPECT_EQ(delay.status, obligation_status::open);
}

TEST(review_essex, six_months_from_the_end_of_august_ends_on_the_last_day_of_february) {
  auto r = scr::review::open(pack("essex-2016-scr"), ew(), "Child M", london(2017, 7, 3, 10), board_manager,
                             text({{"referring_agency", "Essex County Council"}, {"reason", "Serious injury"}}));
  r.record("initial_review_circulated", london(2017, 7, 5), board_manager);
  r.record("consideration_decided", london(2017, 7, 11), independent_chair, text({{"outcome", "convene_panel"}}));
  r.record("agency_information_collated", london(2017, 7, 25), board_manager);
  r.record("consideration_panel_held", london(2017, 8, 8), consideration_chair);
  r.record("panel_recommendation_sent", london(2017, 8, 14), consideration_chair,
           text({{"recommendation", "scr"}, {"rationale", "Criteria met"}}));
  r.record("chair_decided", london(2017, 8, 30), independent_chair, text({{"outcome", "accepted"}, {"review", "scr"}}));
  r.record("review_commissioned", london(2017, 8, 31, 10), independent_chair);
  const auto rows = r.timetable(ymd(2017, 8, 31));
  // Rule 3: 31 August 2017 + 6 months: February 2018 has no 31st, so
  // Wednesday 28 February 2018.
  EXPECT_EQ(row_of(rows, "completion").due, ymd(2018, 2, 28));
  // Week 26 (182 days) is Thursday 1 March 2018: after the six months.
  EXPECT_EQ(row_of(rows, "publication_target").due, ymd(2018, 3, 1));
}

// ---- a Partnership Learning Review, opened to closed ---------------------------------------
//
// The Sub Committee recommends a PLR on Tuesday 2 January 2018; the
// Independent Chair accepts on Wednesday 10 January and commissions it on
// Monday 15 January 2018. Week N is 15 January + 7N days:
//   week 3  = 5 February     week 12 = 9 April        week 20 = 4 June
//   week 5  = 19 February    week 15 = 30 April       week 22 = 18 June
//   week 8  = 12 March       week 16 = 7 May          week 24 = 2 July
//   week 11 = 2 April        week 18 = 21 May         week 26 = 16 July
// Six months (004:162): 15 July 2018.

const std::vector<std::string> plr_agencies{"Essex Police", "Children's Social Care", "Health"};

scr::review plr_commissioned() {
  auto r = scr::review::open(pack("essex-2016-plr"), ew(), "Child P", london(2018, 1, 2, 10), sub_committee_chair,
                             text({{"potential_learning", "Information sharing between health and education"}}));
  r.record("chair_decided", london(2018, 1, 10, 10), independent_chair, text({{"outcome", "accepted"}}));
  r.record("review_commissioned", london(2018, 1, 15, 10), independent_chair);
  for (const auto& a : plr_agencies) r.record("agency_commissioned", london(2018, 1, 16), independent_chair, {{"agency", a}});
  return r;
}

TEST(review_essex, a_commissioned_plr_has_the_week_model_timetable) {
  const auto r = plr_commissioned();
  EXPECT_EQ(r.state(), "scoping");
  const auto rows = r.timetable(ymd(2018, 1, 16));
  // 004:536 (choice decision_timescale): 14 days from 2 January.
  EXPECT_EQ(row_of(rows, "chair_decision").due, ymd(2018, 1, 16));
  EXPECT_EQ(row_of(rows, "chair_decision").status, milestone_status::met);
  const struct {
    const char* id;
    scr::date due;
  } weeks[] = {
      {"scoping", ymd(2018, 2, 5)},                       // 004:397
      {"medical_records_letter", ymd(2018, 2, 19)},
      {"information_collection", ymd(2018, 3, 12)},       // 004:399
      {"key_themes", ymd(2018, 3, 12)},                   // 004:400
      {"learning_event_preparation", ymd(2018, 4, 2)},    // 004:401, Easter Monday
      {"learning_event", ymd(2018, 4, 9)},
      {"draft_1", ymd(2018, 4, 30)},                      // 004:404
      {"review_team_meeting", ymd(2018, 5, 7)},           // 004:405, Early May bank holiday
      {"draft_2", ymd(2018, 5, 21)},                      // 004:406
      {"practitioner_feedback_event", ymd(2018, 6, 4)},   // 004:408
      {"report_final", ymd(2018, 6, 18)},                 // 004:409
      {"sub_committee_presentation", ymd(2018, 7, 2)},    // 004:410
      {"learning_themes_to_board", ymd(2018, 7, 2)},
      {"collated_action_plan", ymd(2018, 7, 16)},         // 004:411
      {"key_themes_publication", ymd(2018, 7, 16)},
      {"completion", ymd(2018, 7, 15)},                   // 004:162
  };
  for (const auto& w : weeks) EXPECT_EQ(row_of(rows, w.id).due, w.due) << w.id;
  for (const auto& a : plr_agencies) {
    EXPECT_EQ(row_of(rows, "agency_chronology", a).due, ymd(2018, 3, 12)) << a;
    EXPECT_EQ(row_of(rows, "agency_submission", a).due, ymd(2018, 3, 12)) << a;
  }
  // 004:374 the PLR report is not published: no publication milestone.
  EXPECT_FALSE(has_row(rows, "publication"));
}

TEST(review_essex, a_plr_from_recommendation_to_the_publication_of_key_themes) {
  auto r = plr_commissioned();
  for (const auto& a : plr_agencies) {
    r.record("iar_appointed", london(2018, 1, 19), as("agency_chief_officer", "Chief Officer, " + a, a), {}, a);
  }
  r.record("scoping_meeting_held", london(2018, 2, 5, 10), lead_reviewer);
  r.record("medical_records_not_required", london(2018, 2, 5, 12), lead_reviewer);
  // Each agency's chronology, summary and action plan (004:208), signed off
  // (004:264) and submitted; Health's submission comes after week 8.
  for (const auto& a : plr_agencies) {
    const auto iar = as("iar", "IAR, " + a, a);
    r.record("chronology_completed", london(2018, 2, 26, 10), iar, {}, a);
    r.record("learning_summary_completed", london(2018, 2, 26, 10), iar, {}, a);
    r.record("action_plan_drafted", london(2018, 2, 26, 10), iar, {}, a);
  }
  for (const auto& a : plr_agencies) {
    r.record("contribution_signed_off", london(2018, 3, 1), as("agency_senior_manager", "Senior Manager, " + a, a), {}, a);
  }
  r.record("terms_of_reference_agreed", london(2018, 3, 9, 10), board_manager);
  r.record("family_invited", london(2018, 3, 9, 11), support_team);
  for (const auto& a : plr_agencies) {
    if (a != "Health") r.record("contribution_submitted", london(2018, 3, 9, 12), as("iar", "IAR, " + a, a), {}, a);
  }
  // The Review Team cannot collate before every contribution is in (004:264).
  EXPECT_REFUSED(scr::prerequisite_error, r, r.record("chronologies_collated", london(2018, 3, 12), lead_reviewer),
                 "agency_submission", "Health");
  r.record("contribution_submitted", london(2018, 3, 14), as("iar", "IAR, Health", "Health"), {}, "Health");
  r.record("chronologies_collated", london(2018, 3, 15), lead_reviewer);
  for (const auto& a : plr_agencies) r.record("contribution_accepted", london(2018, 3, 15, 12), lead_reviewer, {}, a);
  r.record("key_themes_agreed", london(2018, 3, 19), lead_reviewer);
  r.record("composite_chronology_sent", london(2018, 3, 29), support_team);
  r.record("learning_event_held", london(2018, 4, 9, 10), lead_reviewer);
  r.record("draft_1_completed", london(2018, 4, 27), lead_reviewer);
  r.record("draft_discussed", london(2018, 5, 8), lead_reviewer);
  r.record("draft_2_completed", london(2018, 5, 21), lead_reviewer);
  r.record("practitioner_feedback_held", london(2018, 6, 4), lead_reviewer);
  r.record("report_finalised", london(2018, 6, 18), lead_reviewer);
  // 004:382 the Sub Committee quality-assures: amendments first, then agreed.
  r.record("sub_committee_decided", london(2018, 6, 25), sub_committee_chair,
           text({{"outcome", "amendments_required"}, {"amendments", "Clarify the school nurse's role"}}));
  EXPECT_EQ(r.state(), "finalising");
  r.record("report_finalised", london(2018, 6, 28), lead_reviewer);
  r.record("sub_committee_decided", london(2018, 7, 2, 10), sub_committee_chair, text({{"outcome", "agreed"}}));
  // 004:386 learning themes shared with the ESCB; 004:387 its response.
  r.record("learning_themes_shared", london(2018, 7, 2, 15), sub_committee_member);
  r.record("board_response_agreed", london(2018, 7, 10), independent_chair);
  r.record("family_feedback_given", london(2018, 7, 11), lead_reviewer);
  r.record("action_plan_collated", london(2018, 7, 13), sub_committee_chair);
  r.record("key_themes_published", london(2018, 7, 16), sub_committee_chair);
  EXPECT_EQ(r.state(), "closed");
  EXPECT_TRUE(r.closed());

  const auto rows = r.timetable(ymd(2018, 7, 16));
  const struct {
    const char* id;
    milestone_status status;
  } expected[] = {
      {"chair_decision", milestone_status::met},
      {"scoping", milestone_status::met},                      // 5 February, on the day
      {"medical_records_letter", milestone_status::met},
      {"information_collection", milestone_status::met_late},  // 15 March, week 8 was 12 March
      {"terms_of_reference", milestone_status::met},
      {"family_invitation", milestone_status::met},
      {"key_themes", milestone_status::met_late},              // 19 March
      {"learning_event_preparation", milestone_status::met},
      {"learning_event", milestone_status::met},
      {"draft_1", milestone_status::met},
      {"review_team_meeting", milestone_status::met_late},     // week 16 fell on the bank holiday of 7 May
      {"draft_2", milestone_status::met},
      {"practitioner_feedback_event", milestone_status::met},
      {"report_final", milestone_status::met},
      {"sub_committee_presentation", milestone_status::met},
      {"learning_themes_to_board", milestone_status::met},
      {"collated_action_plan", milestone_status::met},
      {"key_themes_publication", milestone_status::met},
      {"completion", milestone_status::met},                   // 10 July, within 15 July
  };
  for (const auto& e : expected) EXPECT_EQ(row_of(rows, e.id).status, e.status) << e.id;
  EXPECT_EQ(row_of(rows, "information_collection").days_late(ymd(2018, 7, 16)), 3);
  EXPECT_EQ(row_of(rows, "review_team_meeting").days_late(ymd(2018, 7, 16)), 1);
  EXPECT_EQ(row_of(rows, "agency_submission", "Health").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "agency_submission", "Essex Police").status, milestone_status::met);
  for (const auto& t : r.tracks()) EXPECT_EQ(t.state, "accepted") << t.agency;

  const auto c = r.compliance(ymd(2018, 7, 16));
  ASSERT_TRUE(c.decision && c.completion);
  EXPECT_TRUE(c.decision->on_time);
  EXPECT_EQ(c.completion->due, ymd(2018, 7, 15));
  EXPECT_TRUE(c.completion->on_time);
  EXPECT_EQ(c.completion->completed_at, london(2018, 7, 10));

  const auto obligations = r.obligations(ymd(2018, 7, 16));
  EXPECT_EQ(obligation_of(obligations, "family_feedback").status, obligation_status::discharged);
  // 004:109 the Board's oversight of the actions goes on after the review closes.
  EXPECT_EQ(obligation_of(obligations, "board_oversight_of_actions").status, obligation_status::open);
  EXPECT_TRUE(obligation_rows(obligations, "delay_reported_to_ofsted_dfe").empty());
  // Nothing more can be recorded.
  EXPECT_REFUSED(scr::transition_error, r, r.record("family_feedback_given", london(2018, 7, 17), lead_reviewer),
                 "is closed");
}

}  // namespace
