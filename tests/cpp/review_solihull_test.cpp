// A Solihull Serious Case Review from referral to closure, through the C++
// API, with the dates the Solihull guidance (001) sets at each step.

#include <gtest/gtest.h>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

using scr::milestone_status;
using scr::obligation_status;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor board = as("lscb", "Solihull LSCB", "Solihull LSCB");
const scr::actor panel_chair = as("panel_chair", "J. Smith", "Independent");
const scr::actor admin = as("administrator", "R. Jones", "Solihull LSCB");
const scr::actor nominated = as("nominated_panel_member", "K. Brown", "Solihull LSCB");
const scr::actor manager = as("business_manager", "L. Green", "Solihull LSCB");
const scr::actor author = as("overview_author", "M. White", "Independent");

// Referral received on Monday 15 January 2024; the incident was on the
// Saturday night before.
scr::review opened() {
  return scr::review::open(pack("solihull-2011-scr"), ew(), "Child Q", london(2024, 1, 15, 9), chair,
                           {{"incident_at", utc(2024, 1, 13, 22)}, {"referring_agency", std::string("Police")}});
}

// From the referral to the Chair's decision to hold a review (1 February).
scr::review decided() {
  auto r = opened();
  r.record("agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
  r.record("agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Health")}});
  r.discharge("incident_notice", london(2024, 1, 17), admin, "Emailed Ofsted and the DfE");
  r.record("involvement_confirmed", london(2024, 1, 18), manager, {{"records_secured", true}}, "Police");
  r.record("panel_convened", london(2024, 1, 19), chair);
  r.record("nil_return_received", london(2024, 1, 22), manager, {}, "Health");
  r.record("panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  r.record("decision_made", london(2024, 2, 1), chair,
           {{"outcome", std::string("scr")}, {"reasons", std::string("The criteria in Working Together 8.9 are met")}});
  return r;
}

TEST(review_solihull, a_review_opened_today_has_a_provisional_timetable_to_completion) {
  const auto r = opened();
  EXPECT_EQ(r.reference(), "Child Q");
  EXPECT_EQ(r.state(), "considering");
  const auto rows = r.timetable(ymd(2024, 1, 15));
  // 001:735: the referral form within 72 hours of the incident (13 Jan 22:00 UTC).
  const auto form = row_of(rows, "referral_form");
  EXPECT_EQ(form.due, ymd(2024, 1, 16));
  EXPECT_EQ(form.due_at, utc(2024, 1, 16, 22));
  EXPECT_EQ(form.status, milestone_status::met);
  // 001:851 / 001:392: decision within one month of the request.
  const auto decision = row_of(rows, "decision");
  EXPECT_EQ(decision.due, ymd(2024, 2, 15));
  EXPECT_EQ(decision.def->kind, scr::milestone_kind::statutory);
  EXPECT_FALSE(decision.projected);
  EXPECT_EQ(decision.status, milestone_status::pending);
  // 001:216: completion six months from the decision, which has not happened:
  // projected from the earliest date the decision is expected (week 3, 001:186-188).
  const auto completion = row_of(rows, "completion");
  EXPECT_TRUE(completion.projected);
  EXPECT_TRUE(completion.provisional);
  EXPECT_EQ(completion.anchor_date, ymd(2024, 2, 5));
  EXPECT_EQ(completion.due, ymd(2024, 8, 5));
  // The panel stage runs four months from the authors' briefing (week 6).
  EXPECT_EQ(row_of(rows, "authors_briefing").due, ymd(2024, 2, 26));
  EXPECT_EQ(row_of(rows, "panel_stage").due, ymd(2024, 6, 26));
  EXPECT_TRUE(row_of(rows, "panel_stage").projected);
  // The presentation meeting has no date until the panel sets one.
  EXPECT_EQ(row_of(rows, "presentation_meeting").due, std::nullopt);
}

// The refusal the README shows.
TEST(review_solihull, a_decision_before_the_panel_has_considered_the_case_is_refused) {
  auto r = opened();
  EXPECT_REFUSED(scr::transition_error, r,
                 r.record("decision_made", london(2024, 1, 19), chair,
                                       {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}}),
                 "event 'decision_made' is not allowed while the review is in state 'considering'",
                 "it is recorded from: awaiting_decision");
}

TEST(review_solihull, the_decision_branches_and_starts_the_six_month_clock) {
  const auto r = decided();
  EXPECT_EQ(r.state(), "scoping");
  EXPECT_EQ(r.branch(), "scr");
  const auto rows = r.timetable(ymd(2024, 2, 1));
  EXPECT_EQ(row_of(rows, "decision").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "decision").completed_at, london(2024, 2, 1));
  EXPECT_EQ(row_of(rows, "decision_target").status, milestone_status::met);
  // 001:216: six months from the decision to proceed, no longer projected.
  const auto completion = row_of(rows, "completion");
  EXPECT_FALSE(completion.projected);
  EXPECT_EQ(completion.due, ymd(2024, 8, 1));
  EXPECT_EQ(completion.rule(), "6 months after latest decision_made");
  // 001:348 the Chair writes within 1 working day: the letters on 16 January discharge it.
  const auto obligations = r.obligations(ymd(2024, 2, 1));
  const auto letter = obligation_of(obligations, "chair_letter_to_agencies");
  EXPECT_EQ(letter.due, ymd(2024, 1, 16));
  EXPECT_EQ(letter.status, obligation_status::discharged);
  EXPECT_EQ(letter.discharged_by, "A. Patel (agency_letter_sent)");
  EXPECT_EQ(obligation_of(obligations, "incident_notice").status, obligation_status::discharged);
  EXPECT_EQ(obligation_of(obligations, "incident_notice").note, "Emailed Ofsted and the DfE");
  // Weeks 2-3 (001:189): the notice of the decision is still to be sent.
  EXPECT_EQ(obligation_of(obligations, "decision_notice").due, ymd(2024, 2, 5));
  EXPECT_EQ(obligation_of(obligations, "decision_notice").status, obligation_status::pending);
  // 001:340 the first monthly progress update, a month after the decision.
  const auto monthly = obligation_of(obligations, "monthly_progress_update");
  EXPECT_EQ(monthly.due, ymd(2024, 3, 1));
  // 001:857-859: each agency replies within 3 working days of the letter (16 Jan).
  EXPECT_EQ(row_of(rows, "reply", "Police").due, ymd(2024, 1, 19));
  EXPECT_EQ(row_of(rows, "reply", "Police").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "reply", "Health").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "reply", "Health").days_late(ymd(2024, 2, 1)), 3);
  ASSERT_EQ(r.tracks().size(), 2u);
  EXPECT_EQ(r.tracks()[1].agency, "Health");
  EXPECT_EQ(r.tracks()[1].state, "not_involved");
}

TEST(review_solihull, waived_branches_and_statuses_as_of_earlier_dates) {
  const auto r = decided();
  // As of 10 January nothing had happened.
  EXPECT_TRUE(r.timetable(ymd(2024, 1, 10)).empty());
  // As of 31 January the decision was still to come: the scr-only milestones
  // are pending, and the state was awaiting_decision.
  EXPECT_EQ(r.state(ymd(2024, 1, 31)), "awaiting_decision");
  const auto jan = r.timetable(ymd(2024, 1, 31));
  EXPECT_EQ(row_of(jan, "decision").status, milestone_status::pending);
  EXPECT_EQ(row_of(jan, "appointments").status, milestone_status::pending);
  // 10 February: inside the decision's 5-working-day warning window? No: it was met.
  // The appointments (weeks 2-3, due 5 Feb) were not made: overdue.
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 2, 10)), "appointments").status, milestone_status::overdue);
}

TEST(review_solihull, a_decision_not_to_hold_a_review_waives_the_review_milestones) {
  auto r = opened();
  r.record("panel_convened", london(2024, 1, 19), chair);
  r.record("panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("no_review")}});
  r.record("decision_made", london(2024, 2, 1), chair,
           {{"outcome", std::string("no_review")}, {"reasons", std::string("Criteria not met")}});
  EXPECT_EQ(r.state(), "not_held");
  EXPECT_TRUE(r.closed());
  const auto rows = r.timetable(ymd(2024, 9, 1));
  EXPECT_EQ(row_of(rows, "completion").status, milestone_status::waived);
  EXPECT_EQ(row_of(rows, "family_notification").status, milestone_status::waived);
  EXPECT_EQ(row_of(rows, "decision").status, milestone_status::met);
  const auto c = r.compliance(ymd(2024, 9, 1));
  ASSERT_TRUE(c.decision.has_value());
  EXPECT_TRUE(c.decision->on_time);
  EXPECT_FALSE(c.completion.has_value());  // waived: no review was held
  // Nothing more can be recorded in a closed review.
  EXPECT_REFUSED(scr::transition_error, r, r.record("panel_convened", london(2024, 2, 2), chair),
                 "review 'Child Q' is closed (state 'not_held')");
}

TEST(review_solihull, from_referral_to_closure) {
  auto r = decided();
  r.discharge("decision_notice", london(2024, 2, 2), nominated);
  r.record("independents_appointed", london(2024, 2, 5), chair);
  r.assign("J. Smith", "panel_chair", "Independent", london(2024, 2, 5), chair, {"member_of_involved_lscb"});
  r.assign("M. White", "overview_author", "Independent", london(2024, 2, 5), chair);
  r.record("terms_of_reference_approved", london(2024, 2, 6), chair);
  EXPECT_EQ(r.state(), "agency_reviews");
  for (const std::string agency : {"Police", "Health"}) {
    r.record("imr_commissioned", london(2024, 2, 8), panel_chair,
             {{"agency", agency}, {"author_named_by", ymd(2024, 2, 15)}, {"briefing_on", ymd(2024, 2, 22)},
              {"imr_due_on", ymd(2024, 4, 30)}});
  }
  r.record("family_notified", london(2024, 2, 9), panel_chair);
  const scr::actor police_rep = as("agency_representative", "P. Officer", "Police");
  const scr::actor health_rep = as("agency_representative", "H. Nurse", "Health");
  r.record("imr_author_named", london(2024, 2, 14), police_rep);  // the actor's agency addresses its track
  r.record("imr_author_named", london(2024, 2, 16), health_rep);  // a day after the date set
  r.record("authors_briefing_held", london(2024, 2, 22), panel_chair);
  r.discharge("monthly_progress_update", london(2024, 2, 28), nominated);
  r.schedule("presentation_meeting", ymd(2024, 5, 20), scr::time_of_day{10, 0}, london(2024, 3, 1), panel_chair);
  r.discharge("monthly_progress_update", london(2024, 3, 28), nominated);

  auto rows = r.timetable(ymd(2024, 3, 1));
  EXPECT_EQ(row_of(rows, "author_named", "Police").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "author_named", "Health").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "authors_briefing").status, milestone_status::met);
  // 001:209-212: four months from the briefing on 22 February.
  EXPECT_EQ(row_of(rows, "panel_stage").due, ymd(2024, 6, 22));
  EXPECT_FALSE(row_of(rows, "panel_stage").projected);
  EXPECT_EQ(row_of(rows, "imr_acceptance", "Police").due, ymd(2024, 6, 22));
  // 001:538: IMRs circulated two weeks before the presentation meeting the panel set.
  EXPECT_EQ(row_of(rows, "presentation_meeting").due, ymd(2024, 5, 20));
  EXPECT_EQ(row_of(rows, "presentation_meeting").due_at, london(2024, 5, 20, 10));
  EXPECT_TRUE(row_of(rows, "presentation_meeting").scheduled);
  EXPECT_EQ(row_of(rows, "imr_circulation").due, ymd(2024, 5, 6));
  EXPECT_EQ(row_of(rows, "imr_submission", "Health").due, ymd(2024, 4, 30));

  // The IMRs are written, signed off and submitted.
  for (const std::string agency : {"Police", "Health"})
    r.record("imr_signed_off", london(2024, 4, 25), as("agency_senior_officer", "Director of " + agency, agency));
  for (const std::string agency : {"Police", "Health"})
    r.record("imr_submitted", london(2024, 4, 26), as("imr_author", "Author for " + agency, agency));
  r.discharge("monthly_progress_update", london(2024, 4, 29), nominated);
  r.record("imrs_circulated", london(2024, 5, 3), admin);
  r.record("imr_presentation_meeting_held", london(2024, 5, 20, 10), panel_chair);
  EXPECT_EQ(r.state(), "overview_drafting");
  for (const std::string agency : {"Police", "Health"}) {
    r.record("imr_presented", london(2024, 5, 20, 12), panel_chair, {}, agency);
  }
  r.discharge("monthly_progress_update", london(2024, 5, 30), nominated);
  for (const std::string agency : {"Police", "Health"}) {
    r.record("imr_accepted", london(2024, 6, 3), panel_chair, {}, agency);
  }
  r.record("overview_draft_presented", london(2024, 6, 10), author, {{"draft", std::int64_t{1}}});
  r.record("draft_report_shared", london(2024, 6, 14), panel_chair);
  r.record("final_draft_circulated", london(2024, 6, 17), panel_chair);
  r.record("fair_representation_confirmed", london(2024, 6, 24), panel_chair);
  r.discharge("monthly_progress_update", london(2024, 6, 28), nominated);
  r.record("scr_adopted", london(2024, 7, 1), board, {{"other_processes_considered", true}});
  r.record("scr_submitted", london(2024, 7, 15), chair);
  EXPECT_EQ(r.state(), "awaiting_evaluation");

  rows = r.timetable(ymd(2024, 7, 15));
  EXPECT_EQ(row_of(rows, "completion").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "imr_circulation").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "presentation_meeting").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "panel_stage").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "imr_acceptance", "Health").status, milestone_status::met);
  // Five monthly updates fell due before the submission ended them (1 Mar to 1 Jul).
  auto updates = obligation_rows(r.obligations(ymd(2024, 12, 1)), "monthly_progress_update");
  ASSERT_EQ(updates.size(), 5u);
  EXPECT_EQ(updates[4].due, ymd(2024, 7, 1));
  for (const auto& u : updates) EXPECT_EQ(u.status, obligation_status::discharged) << u.occurrence;

  r.record("ofsted_evaluation_received", london(2024, 9, 9), chair, {{"grade", std::string("good")}});
  const auto summary = obligation_of(r.obligations(ymd(2024, 9, 9)), "published_summary_to_ofsted");
  EXPECT_EQ(summary.due, ymd(2024, 10, 9));
  // 001:699 the review cannot close before the published summary goes to Ofsted (001:609).
  r.record("summary_published", london(2024, 9, 20), board, {{"published_on", ymd(2024, 9, 20)}});
  EXPECT_REFUSED(scr::prerequisite_error, r, r.record("action_plan_signed_off", london(2024, 9, 24), board),
                 "needs obligation 'published_summary_to_ofsted'", "discharged first", "pending, due 2024-10-09");
  r.record("published_summary_sent_to_ofsted", london(2024, 9, 25), admin);
  r.record("action_plan_signed_off", london(2025, 3, 31), board);
  EXPECT_EQ(r.state(), "closed");
  EXPECT_TRUE(r.closed());
  // 001:650 papers kept for 7 years from the close.
  EXPECT_EQ(obligation_of(r.obligations(ymd(2025, 3, 31)), "retain_papers").due, ymd(2032, 3, 31));

  const auto c = r.compliance(ymd(2025, 3, 31));
  ASSERT_TRUE(c.decision && c.completion);
  EXPECT_EQ(c.decision->due, ymd(2024, 2, 15));
  EXPECT_TRUE(c.decision->on_time);
  EXPECT_EQ(c.completion->due, ymd(2024, 8, 1));
  EXPECT_TRUE(c.completion->on_time);
  EXPECT_FALSE(c.completion->extended);
  EXPECT_EQ(c.completion->days_late, 0);

  // The chair declared she is not a member of an involved LSCB (001:307), and
  // the author chairs nothing: no warnings.
  EXPECT_TRUE(r.warnings().empty());

  // The fold: the same events give the same review.
  const auto again = scr::review::from_events(pack("solihull-2011-scr"), ew(), r.history());
  EXPECT_EQ(again.history(), r.history());
  EXPECT_EQ(again.state(), r.state());
  const auto a = again.timetable(ymd(2025, 3, 31)), b = r.timetable(ymd(2025, 3, 31));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].due, b[i].due);
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_EQ(a[i].completed_at, b[i].completed_at);
  }
}

}  // namespace
