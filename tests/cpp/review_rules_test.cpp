// The engine's rules, through real Solihull (001) and North Yorkshire (003)
// stories: extensions (deadline rule 8), refusals that leave the review as it
// was, role conflicts, bank holidays and calendar versions (deadline rules 1 and
// 11), and the fold (a review is rebuilt from its events).
//
// Every expected date below is worked out by hand from the deadline rules in
// docs/deadline-rules.md; the comments show the working.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

using scr::milestone_status;
using scr::obligation_status;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor board = as("lscb", "Solihull LSCB", "Solihull LSCB");
const scr::actor panel_chair = as("panel_chair", "J. Smith", "Independent");
const scr::actor author = as("overview_author", "M. White", "Independent");
const scr::actor admin = as("administrator", "R. Jones", "Solihull LSCB");
const scr::actor nominated = as("nominated_panel_member", "K. Brown", "Solihull LSCB");
const scr::actor manager = as("business_manager", "L. Green", "Solihull LSCB");
const scr::actor police_rep = as("agency_representative", "P. Officer", "Police");
const scr::actor health_rep = as("agency_representative", "H. Nurse", "Health");

scr::event_data text(std::initializer_list<std::pair<const char*, const char*>> fields) {
  scr::event_data d;
  for (const auto& [k, v] : fields) d.emplace(k, std::string(v));
  return d;
}

// ---- a Solihull review, referral to adoption ---------------------------------
//
// Referral received on Monday 4 March 2024; the incident was on the Saturday
// evening before. The Chair decides on Thursday 21 March 2024, so the
// six months run to Saturday 21 September 2024 (001:216, rule 3).

scr::review opened() {
  return scr::review::open(pack("solihull-2011-scr"), ew(), "Child R", london(2024, 3, 4, 9), chair,
                           {{"incident_at", utc(2024, 3, 2, 20)}, {"referring_agency", std::string("Police")}});
}

scr::review awaiting_decision() {
  auto r = opened();
  r.record("agency_letter_sent", london(2024, 3, 4, 14), chair, text({{"agency", "Police"}}));
  r.record("agency_letter_sent", london(2024, 3, 4, 14), chair, text({{"agency", "Health"}}));
  r.record("involvement_confirmed", london(2024, 3, 6), manager, {{"records_secured", true}}, "Police");
  r.record("nil_return_received", london(2024, 3, 7), manager, {}, "Health");
  r.record("panel_convened", london(2024, 3, 8), chair);
  r.record("panel_recommended", london(2024, 3, 18), chair, text({{"recommendation", "scr"}}));
  return r;
}

scr::review decided() {
  auto r = awaiting_decision();
  r.record("decision_made", london(2024, 3, 21), chair,
           text({{"outcome", "scr"}, {"reasons", "A child has been seriously harmed and abuse is suspected"}}));
  return r;
}

// Through the IMRs and the overview report to the LSCB's adoption meeting.
scr::review awaiting_adoption() {
  auto r = decided();
  r.record("independents_appointed", london(2024, 3, 22), chair);
  r.record("terms_of_reference_approved", london(2024, 3, 25), chair);
  for (const char* agency : {"Police", "Health"}) {
    r.record("imr_commissioned", london(2024, 3, 27), panel_chair,
             {{"agency", std::string(agency)}, {"author_named_by", ymd(2024, 4, 3)}, {"briefing_on", ymd(2024, 4, 10)},
              {"imr_due_on", ymd(2024, 5, 31)}});
  }
  r.record("family_notified", london(2024, 3, 28), panel_chair);
  r.record("imr_author_named", london(2024, 4, 2), police_rep);
  r.record("imr_author_named", london(2024, 4, 2), health_rep);
  r.record("authors_briefing_held", london(2024, 4, 10), panel_chair);
  r.schedule("presentation_meeting", ymd(2024, 6, 17), scr::time_of_day{10, 0}, london(2024, 4, 12), panel_chair);
  for (const char* agency : {"Police", "Health"})
    r.record("imr_signed_off", london(2024, 5, 28), as("agency_senior_officer", std::string("Director, ") + agency, agency));
  for (const char* agency : {"Police", "Health"})
    r.record("imr_submitted", london(2024, 5, 30), as("imr_author", std::string("Author, ") + agency, agency));
  r.record("imrs_circulated", london(2024, 6, 3), admin);
  r.record("imr_presentation_meeting_held", london(2024, 6, 17, 10), panel_chair);
  for (const char* agency : {"Police", "Health"}) r.record("imr_presented", london(2024, 6, 17, 12), panel_chair, {}, agency);
  for (const char* agency : {"Police", "Health"}) r.record("imr_accepted", london(2024, 6, 24), panel_chair, {}, agency);
  r.record("overview_draft_presented", london(2024, 7, 1), author, {{"draft", std::int64_t{1}}});
  r.record("draft_report_shared", london(2024, 7, 5), panel_chair);
  r.record("final_draft_circulated", london(2024, 7, 8), panel_chair);
  r.record("fair_representation_confirmed", london(2024, 7, 15), panel_chair);
  return r;
}

// 001:625: adoption waits for the criminal trial; 001:398: the LSCB agrees a
// new completion date, Friday 20 December 2024.
scr::review extended() {
  auto r = awaiting_adoption();
  r.record("adoption_postponed", london(2024, 7, 16), chair, text({{"reason", "Criminal trial listed for October"}}));
  r.extend("completion", ymd(2024, 12, 20), "Adoption awaits the criminal trial (001:625)", london(2024, 7, 22), board);
  return r;
}

// ---- extensions (deadline rule 8) ------------------------------------------------

TEST(review_rules, an_agreed_extension_keeps_the_original_date_and_raises_the_notices) {
  const auto r = extended();
  EXPECT_EQ(r.state(), "adoption_on_hold");
  const auto rows = r.timetable(ymd(2024, 7, 22));
  const auto completion = row_of(rows, "completion");
  // 21 March 2024 + 6 months = 21 September 2024 (001:216); extended to 20 December.
  EXPECT_EQ(completion.rule_due, ymd(2024, 9, 21));
  EXPECT_EQ(completion.original_due, ymd(2024, 9, 21));
  EXPECT_EQ(completion.due, ymd(2024, 12, 20));
  EXPECT_EQ(completion.extensions, 1);
  EXPECT_EQ(completion.status, milestone_status::extended);
  EXPECT_FALSE(completion.breach);
  // Inside the one-month warning window (from 20 November) it is due soon.
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 11, 25)), "completion").status, milestone_status::due_soon);
  // Past the original date but inside the extension: not overdue.
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 10, 1)), "completion").status, milestone_status::extended);

  // 001:398 tell Ofsted the new completion date and the reason; 001:911 tell
  // the family. Neither has a period in the source, so neither has a due date.
  const auto obligations = r.obligations(ymd(2024, 7, 22));
  const auto ofsted = obligation_of(obligations, "extension_notice_ofsted");
  EXPECT_EQ(ofsted.triggered_at, london(2024, 7, 22));
  EXPECT_EQ(ofsted.due, std::nullopt);
  EXPECT_EQ(ofsted.status, obligation_status::open);
  EXPECT_EQ(ofsted.def->recipients, std::vector<std::string>{"Ofsted"});
  const auto family = obligation_of(obligations, "extension_notice_family");
  EXPECT_EQ(family.status, obligation_status::open);
  EXPECT_EQ(family.owner(), "panel_chair");
  // As of the day before the extension, neither had been raised.
  const auto before = r.obligations(ymd(2024, 7, 21));
  EXPECT_TRUE(obligation_rows(before, "extension_notice_ofsted").empty());
  EXPECT_TRUE(obligation_rows(before, "extension_notice_family").empty());
}

// A date the panel sets after an extension does not rewrite the original date
// (deadline rule 8: extensions keep the original due date).
TEST(review_rules, a_schedule_after_an_extension_keeps_the_original_date) {
  auto r = extended();
  r.schedule("completion", ymd(2024, 11, 29), std::nullopt, london(2024, 7, 23), chair);
  const auto row = row_of(r.timetable(ymd(2024, 7, 23)), "completion");
  EXPECT_EQ(row.original_due, ymd(2024, 9, 21));
  EXPECT_EQ(row.extended_to, ymd(2024, 12, 20));
  EXPECT_EQ(row.due, ymd(2024, 11, 29));  // the panel's date, inside the extension
  EXPECT_FALSE(row.breach);
}

TEST(review_rules, compliance_shows_an_extended_completion_within_and_over_the_original_date) {
  auto r = extended();
  r.discharge("extension_notice_ofsted", london(2024, 7, 23), nominated, "New date 20 December 2024 and the reason");
  r.discharge("extension_notice_family", london(2024, 7, 24), panel_chair, "Letter to the mother");
  const auto notices = r.obligations(ymd(2024, 7, 24));
  EXPECT_EQ(obligation_of(notices, "extension_notice_ofsted").status, obligation_status::discharged);
  EXPECT_EQ(obligation_of(notices, "extension_notice_family").discharged_by, "J. Smith");

  // The trial collapsed early: adopted and submitted before the original date.
  {
    auto early = r;
    early.record("proceedings_information_considered", london(2024, 9, 2), panel_chair, {{"changes_needed", false}});
    early.record("scr_adopted", london(2024, 9, 9), board, {{"other_processes_considered", true}});
    early.record("scr_submitted", london(2024, 9, 16), chair);
    const auto c = early.compliance(ymd(2024, 9, 16));
    ASSERT_TRUE(c.completion.has_value());
    EXPECT_TRUE(c.completion->met);
    EXPECT_TRUE(c.completion->extended);
    EXPECT_TRUE(c.completion->on_time);
    EXPECT_TRUE(c.completion->within_original);
    EXPECT_EQ(c.completion->original_due, ymd(2024, 9, 21));
    EXPECT_EQ(c.completion->due, ymd(2024, 12, 20));
  }
  // The trial ran to October: submitted on Monday 18 November 2024, inside
  // the extension but after the original date.
  {
    auto later = r;
    later.record("proceedings_information_considered", london(2024, 11, 4), panel_chair, {{"changes_needed", false}});
    later.record("scr_adopted", london(2024, 11, 11), board, {{"other_processes_considered", true}});
    later.record("scr_submitted", london(2024, 11, 18), chair);
    const auto c = later.compliance(ymd(2024, 11, 18));
    ASSERT_TRUE(c.completion.has_value());
    EXPECT_TRUE(c.completion->met);
    EXPECT_TRUE(c.completion->extended);
    EXPECT_TRUE(c.completion->on_time);
    EXPECT_FALSE(c.completion->within_original);
    EXPECT_EQ(c.completion->days_late, 0);
    EXPECT_EQ(c.completion->status, milestone_status::met);
  }
  // Submitted on Monday 6 January 2025: late even against the extension, by
  // 17 days (20 December to 6 January).
  {
    auto late = r;
    late.record("proceedings_information_considered", london(2024, 12, 2), panel_chair, {{"changes_needed", false}});
    late.record("scr_adopted", london(2024, 12, 30), board, {{"other_processes_considered", true}});
    late.record("scr_submitted", london(2025, 1, 6), chair);
    const auto c = late.compliance(ymd(2025, 1, 6));
    ASSERT_TRUE(c.completion.has_value());
    EXPECT_TRUE(c.completion->met);
    EXPECT_TRUE(c.completion->extended);
    EXPECT_FALSE(c.completion->on_time);
    EXPECT_FALSE(c.completion->within_original);
    EXPECT_EQ(c.completion->days_late, 17);
    EXPECT_EQ(c.completion->status, milestone_status::met_late);
  }
}

TEST(review_rules, an_extension_is_refused_to_a_role_not_named_in_extendable_by) {
  auto r = awaiting_adoption();
  // 001:221 the LSCB agrees an alternative timescale, not its Chair alone.
  EXPECT_REFUSED(scr::role_error, r,
                 r.extend("completion", ymd(2024, 12, 20), "Criminal trial", london(2024, 7, 22), chair),
                 "role 'lscb_chair' may not agree an extension of milestone 'completion'", "agreed by: lscb");
  EXPECT_REFUSED(scr::role_error, r,
                 r.extend("completion", ymd(2024, 12, 20), "Criminal trial", london(2024, 7, 22), panel_chair),
                 "role 'panel_chair'");
  // A milestone no role may extend.
  EXPECT_REFUSED(scr::rule_error, r,
                 r.extend("panel_stage", ymd(2024, 12, 20), "Criminal trial", london(2024, 7, 22), board),
                 "cannot be extended");
}

TEST(review_rules, an_extension_must_be_later_than_the_current_due_date) {
  auto r = extended();
  // Not after 20 December 2024, the date now in force.
  EXPECT_REFUSED(scr::rule_error, r,
                 r.extend("completion", ymd(2024, 12, 20), "Same date", london(2024, 7, 23), board),
                 "the new due date 2024-12-20", "is not after its current due date 2024-12-20");
  EXPECT_REFUSED(scr::rule_error, r,
                 r.extend("completion", ymd(2024, 11, 1), "Earlier", london(2024, 7, 23), board),
                 "is not after its current due date 2024-12-20");
  // Before any extension, the original 21 September 2024 is the bar.
  auto plain = awaiting_adoption();
  EXPECT_REFUSED(scr::rule_error, plain,
                 plain.extend("completion", ymd(2024, 9, 20), "Earlier", london(2024, 7, 23), board),
                 "is not after its current due date 2024-09-21");
  // An extension needs a reason.
  EXPECT_REFUSED(scr::data_error, plain,
                 plain.extend("completion", ymd(2024, 12, 20), "", london(2024, 7, 23), board), "reason");
  // A second extension moves the date again and keeps the first original.
  r.extend("completion", ymd(2025, 2, 28), "The trial was adjourned to January", london(2024, 12, 2), board);
  const auto row = row_of(r.timetable(ymd(2024, 12, 2)), "completion");
  EXPECT_EQ(row.due, ymd(2025, 2, 28));
  EXPECT_EQ(row.original_due, ymd(2024, 9, 21));
  EXPECT_EQ(row.extensions, 2);
  // Each extension tells Ofsted and the family again.
  EXPECT_EQ(obligation_rows(r.obligations(ymd(2024, 12, 2)), "extension_notice_ofsted").size(), 2u);
}

TEST(review_rules, a_met_milestone_cannot_be_extended) {
  auto r = awaiting_adoption();
  r.record("scr_adopted", london(2024, 7, 29), board, {{"other_processes_considered", true}});
  r.record("scr_submitted", london(2024, 8, 5), chair);
  EXPECT_EQ(r.state(), "awaiting_evaluation");
  EXPECT_REFUSED(scr::rule_error, r,
                 r.extend("completion", ymd(2024, 12, 20), "Too late to ask", london(2024, 8, 6), board),
                 "milestone 'completion' was met on 2024-08-05", "a met milestone cannot be extended");
  // The decision (001:851) was met on 21 March; it has no extendable_by either.
  EXPECT_REFUSED(scr::rule_error, r,
                 r.extend("decision", ymd(2024, 12, 20), "Too late to ask", london(2024, 8, 6), board), "decision");
}

// ---- a deferral is not the decision (003:111, pack choice deferral_from_north_yorkshire) ----

TEST(review_rules, a_deferral_does_not_start_the_six_months) {
  // Referral on Monday 8 January 2024; the Chair defers on Thursday 25 January
  // to Friday 2 February 2024, then decides on Tuesday 6 February.
  auto r = scr::review::open(pack("solihull-2011-scr"), ew(), "Child Q2", london(2024, 1, 8, 9), chair,
                             {{"incident_at", utc(2024, 1, 6, 22)}});
  r.record("panel_convened", london(2024, 1, 12), chair);
  r.record("panel_recommended", london(2024, 1, 22), chair, text({{"recommendation", "deferred"}}));
  r.record("decision_made", london(2024, 1, 25), chair,
           {{"outcome", std::string("deferred")}, {"reasons", std::string("Awaiting the post-mortem report")},
            {"reconsider_on", ymd(2024, 2, 2)}});
  EXPECT_EQ(r.state(), "deferred");
  auto rows = r.timetable(ymd(2024, 1, 25));
  // The deferral does not meet the decision (001:851: one month, 8 February).
  EXPECT_EQ(row_of(rows, "decision").status, milestone_status::pending);
  EXPECT_EQ(row_of(rows, "decision").due, ymd(2024, 2, 8));
  EXPECT_EQ(row_of(rows, "reconsideration").due, ymd(2024, 2, 2));
  // 001:216 six months "from the date of the decision to proceed": the
  // deferral is not that decision, so the six months are still a projection
  // and do not run from 25 January (which would end on 25 July).
  const auto completion = row_of(rows, "completion");
  EXPECT_TRUE(completion.projected);
  EXPECT_NE(completion.anchor_date, ymd(2024, 1, 25));
  EXPECT_NE(completion.due, ymd(2024, 7, 25));

  r.record("deferral_reconsidered", london(2024, 2, 2), chair);
  r.record("panel_recommended", london(2024, 2, 5), chair, text({{"recommendation", "scr"}}));
  r.record("decision_made", london(2024, 2, 6), chair, text({{"outcome", "scr"}, {"reasons", "Criteria met"}}));
  rows = r.timetable(ymd(2024, 2, 6));
  EXPECT_EQ(row_of(rows, "decision").status, milestone_status::met);
  // 001:186-188 weeks 2-3: 8 January + 3 weeks = 29 January; 8 days late.
  EXPECT_EQ(row_of(rows, "decision_target").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "decision_target").days_late(ymd(2024, 2, 6)), 8);
  EXPECT_FALSE(row_of(rows, "completion").projected);
  EXPECT_EQ(row_of(rows, "completion").due, ymd(2024, 8, 6));
  // The deferred case was taken up on the date fixed: that stays met after
  // the decision that followed.
  EXPECT_EQ(row_of(rows, "reconsideration").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "reconsideration").due, ymd(2024, 2, 2));
}

// ---- refusals leave the review as it was -------------------------------------------

TEST(review_rules, an_event_not_allowed_in_the_state_is_a_transition_error) {
  auto r = opened();
  // 001:155: the Chair decides once the Panel has recommended.
  EXPECT_REFUSED(scr::transition_error, r,
                 r.record("decision_made", london(2024, 3, 5), chair, text({{"outcome", "scr"}, {"reasons", "x"}})),
                 "event 'decision_made' is not allowed while the review is in state 'considering'",
                 "it is recorded from: awaiting_decision");
  EXPECT_REFUSED(scr::transition_error, r, r.record("scr_submitted", london(2024, 3, 5), chair),
                 "state 'considering'", "it is recorded from: adopted");
  try {
    r.record("scr_submitted", london(2024, 3, 5), chair);
  } catch (const scr::transition_error& e) {
    EXPECT_EQ(e.rule(), "transition");
  }
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(r.state(), "considering");
}

TEST(review_rules, a_guard_that_does_not_hold_is_a_guard_error) {
  auto r = awaiting_adoption();
  // 001:625 "the SCR cannot be adopted until all information has been considered".
  EXPECT_REFUSED(scr::guard_error, r,
                 r.record("scr_adopted", london(2024, 7, 22), board, {{"other_processes_considered", false}}),
                 "event 'scr_adopted' in state 'awaiting_adoption'", "no guard holds",
                 "other_processes_considered = false");
  try {
    r.record("scr_adopted", london(2024, 7, 22), board, {{"other_processes_considered", false}});
    ADD_FAILURE() << "the guard was not checked";
  } catch (const scr::guard_error& e) {
    EXPECT_EQ(e.rule(), "guard");
    EXPECT_EQ(e.guards(), std::vector<std::string>{"scr_adopted: other_processes_considered"});
  }
  EXPECT_EQ(r.state(), "awaiting_adoption");
}

TEST(review_rules, a_role_the_transition_does_not_name_is_a_role_error) {
  auto r = awaiting_decision();
  // 001:155 the decision is the LSCB Chair's.
  EXPECT_REFUSED(scr::role_error, r,
                 r.record("decision_made", london(2024, 3, 21), admin, text({{"outcome", "scr"}, {"reasons", "x"}})),
                 "role 'administrator' may not record 'decision_made'", "transition 'decide_scr'",
                 "it is recorded by: lscb_chair");
  EXPECT_REFUSED(scr::role_error, r,
                 r.record("decision_made", london(2024, 3, 21), panel_chair,
                          text({{"outcome", "no_review"}, {"reasons", "x"}})),
                 "transition 'decide_no_review'");
  // A role the procedure does not have at all is refused by the rules too.
  EXPECT_REFUSED(scr::role_error, r,
                 r.record("decision_made", london(2024, 3, 21), as("director", "Z. Z."),
                          text({{"outcome", "scr"}, {"reasons", "x"}})),
                 "'director' is not a role of procedure 'solihull-2011-scr'");
}

std::string field_of_data_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const scr::data_error& e) {
    return e.field();
  } catch (...) {
    return "(another error)";
  }
  return "(nothing thrown)";
}

TEST(review_rules, missing_or_invalid_data_is_a_data_error_naming_the_field) {
  auto r = awaiting_decision();
  const auto at = london(2024, 3, 21);
  EXPECT_REFUSED(scr::data_error, r, r.record("decision_made", at, chair, text({{"outcome", "scr"}})),
                 "event 'decision_made' needs field 'reasons'");
  EXPECT_EQ(field_of_data_error([&] { r.record("decision_made", at, chair, text({{"outcome", "scr"}})); }), "reasons");

  EXPECT_REFUSED(scr::data_error, r,
                 r.record("decision_made", at, chair, text({{"outcome", "nonsense"}, {"reasons", "x"}})),
                 "field 'outcome' is 'nonsense'", "expected one of scr, alternative_review, no_review, deferred");
  EXPECT_EQ(field_of_data_error([&] {
              r.record("decision_made", at, chair, text({{"outcome", "nonsense"}, {"reasons", "x"}}));
            }),
            "outcome");

  EXPECT_REFUSED(scr::data_error, r,
                 r.record("decision_made", at, chair, text({{"outcome", "scr"}, {"reason", "x"}})),
                 "has no field 'reason'", "did you mean 'reasons'?");
  EXPECT_EQ(field_of_data_error([&] {
              r.record("decision_made", at, chair, text({{"outcome", "scr"}, {"reason", "x"}}));
            }),
            "reason");

  // 001:803-811: an alternative review names which one.
  EXPECT_REFUSED(scr::data_error, r,
                 r.record("decision_made", at, chair, text({{"outcome", "alternative_review"}, {"reasons", "x"}})),
                 "needs field 'alternative' when outcome == alternative_review");
  // A date that is not a date.
  EXPECT_REFUSED(scr::data_error, r,
                 r.record("decision_made", at, chair,
                          text({{"outcome", "deferred"}, {"reasons", "x"}, {"reconsider_on", "next week"}})),
                 "field 'reconsider_on'");
  EXPECT_EQ(field_of_data_error([&] {
              r.record("decision_made", at, chair,
                       text({{"outcome", "deferred"}, {"reasons", "x"}, {"reconsider_on", "next week"}}));
            }),
            "reconsider_on");
  EXPECT_EQ(r.state(), "awaiting_decision");
}

TEST(review_rules, an_agency_without_a_track_is_an_agency_error) {
  auto r = awaiting_adoption();
  const auto at = london(2024, 7, 16);
  EXPECT_REFUSED(scr::agency_error, r, r.record("imr_accepted", at, panel_chair, {}, "Fire Service"),
                 "agency 'Fire Service' has no track 'imr' in review 'Child R'", "Police, Health");
  // An actor with no agency of their own must name one.
  EXPECT_REFUSED(scr::agency_error, r, r.record("imr_returned", at, panel_chair, text({{"reason", "x"}})),
                 "name the agency");
  EXPECT_REFUSED(scr::agency_error, r, r.discharge("staff_informed", at, admin, "", "Fire Service"),
                 "agency 'Fire Service'");
  EXPECT_REFUSED(scr::agency_error, r,
                 r.schedule("imr_submission", ymd(2024, 8, 1), std::nullopt, at, panel_chair, "Fire Service"),
                 "agency 'Fire Service'");
}

// ---- role conflicts ----------------------------------------------------------------

TEST(review_rules, a_must_conflict_refuses_the_assignment) {
  auto r = decided();
  const auto at = london(2024, 3, 27);
  // 001:436 the IMR author will not have been directly concerned with the
  // child or family, nor the immediate line manager of those involved.
  EXPECT_REFUSED(scr::conflict_error, r, r.assign("D. Jones", "imr_author", "Police", at, chair),
                 "cannot assign D. Jones as 'imr_author'",
                 "The IMR author will not have been directly concerned with the child or family", "001:436",
                 "has not declared 'directly_concerned_with_child_or_family'");
  try {
    r.assign("D. Jones", "imr_author", "Police", at, chair, {"directly_concerned_with_child_or_family"});
    ADD_FAILURE() << "an IMR author without the line-management declaration was accepted";
  } catch (const scr::conflict_error& e) {
    EXPECT_EQ(e.rule(), "conflict");
    EXPECT_EQ(e.conflict_rule(),
              "The IMR author will not have been the immediate line manager of the practitioner(s) involved");
  }
  EXPECT_TRUE(r.assignments().empty());
  r.assign("D. Jones", "imr_author", "Police", at, chair,
           {"directly_concerned_with_child_or_family", "line_manager_of_staff_involved"});
  ASSERT_EQ(r.assignments().size(), 1u);
  EXPECT_EQ(r.assignments()[0].person, "D. Jones");
  EXPECT_EQ(r.assignments()[0].declarations.size(), 2u);
  EXPECT_TRUE(r.warnings().empty());
  // A declaration the role does not have is bad data.
  EXPECT_REFUSED(scr::data_error, r,
                 r.assign("E. Grey", "imr_author", "Health", at, chair, {"not_a_declaration"}),
                 "no declaration 'not_a_declaration'");
}

TEST(review_rules, a_should_conflict_is_recorded_as_a_warning) {
  auto r = decided();
  // 001:307 "The overview report author should not be the chair of the LSCB
  // or the SCR Panel": Solihull says should, so the assignment stands.
  r.assign("M. White", "overview_author", "Independent", london(2024, 3, 22, 10), chair);
  EXPECT_TRUE(r.warnings().empty());
  r.assign("M. White", "panel_chair", "Independent", london(2024, 3, 22, 11), chair, {"member_of_involved_lscb"});
  ASSERT_EQ(r.assignments().size(), 2u);
  const auto w = r.warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "conflict");
  EXPECT_EQ(w[0].level, scr::strength::should);
  EXPECT_EQ(w[0].rule, "The overview report author should not be the chair of the SCR Panel");
  EXPECT_NE(w[0].message.find("M. White"), std::string::npos) << w[0].message;
  EXPECT_NE(std::find(w[0].cite.begin(), w[0].cite.end(), "001:307"), w[0].cite.end());
  EXPECT_EQ(w[0].at, london(2024, 3, 22, 11));
  // Not there as of the day before.
  EXPECT_TRUE(r.warnings(ymd(2024, 3, 21)).empty());
}

TEST(review_rules, a_must_same_person_conflict_in_north_yorkshire_is_refused) {
  // 003:152 the individual panel has different members from the standing SCR Sub Group.
  auto r = scr::review::open(pack("north-yorkshire-2010-scr"), ew(), "Child N", london(2024, 3, 4),
                             as("lscb_manager", "LSCB Manager", "NYSCB"));
  const auto manager_ny = as("lscb_manager", "LSCB Manager", "NYSCB");
  r.assign("S. Legal", "sub_group_chair", "NYSCB", london(2024, 3, 5), manager_ny,
           {"represents_social_care_police_education_or_health"});
  EXPECT_REFUSED(scr::conflict_error, r,
                 r.assign("S. Legal", "panel_chair", "NYSCB", london(2024, 3, 6), manager_ny,
                          {"member_or_officer_of_the_lscb"}),
                 "The individual panel consists of different members to the standing SCR Sub Group", "003:152");
}

// ---- bank holidays (deadline rules 1 and 11) --------------------------------------------

TEST(review_rules, a_referral_on_the_summer_bank_holiday_counts_working_days_from_the_next_day) {
  // Monday 26 August 2024 was the summer bank holiday. The incident was on the
  // Saturday evening (20:00 BST = 19:00 UTC).
  auto r = scr::review::open(pack("solihull-2011-scr"), ew(), "Child B", london(2024, 8, 26, 9), chair,
                             {{"incident_at", utc(2024, 8, 24, 19)}});
  const auto obligations = r.obligations(ymd(2024, 8, 26));
  // 001:348 the Chair writes within 1 working day: the referral day is never
  // counted and is not a working day anyway; day 1 is Tuesday 27 August.
  EXPECT_EQ(obligation_of(obligations, "chair_letter_to_agencies").due, ymd(2024, 8, 27));
  // 001:181 notice of the incident in week 1: 26 August + 7 days (weeks ignore holidays).
  EXPECT_EQ(obligation_of(obligations, "incident_notice").due, ymd(2024, 9, 2));
  const auto rows = r.timetable(ymd(2024, 8, 26));
  // 001:735 72 hours from 24 August 19:00 UTC: 27 August 19:00 UTC.
  EXPECT_EQ(row_of(rows, "referral_form").due_at, utc(2024, 8, 27, 19));
  EXPECT_EQ(row_of(rows, "referral_form").status, milestone_status::met);
  // 001:851 one month from 26 August: Thursday 26 September.
  EXPECT_EQ(row_of(rows, "decision").due, ymd(2024, 9, 26));

  // The Chair writes on the holiday itself; 001:857 replies within 3 working
  // days: 27, 28, 29 August: Thursday 29 August.
  r.record("agency_letter_sent", london(2024, 8, 26, 15), chair, text({{"agency", "Police"}}));
  EXPECT_EQ(obligation_of(r.obligations(ymd(2024, 8, 26)), "chair_letter_to_agencies").status,
            obligation_status::discharged);
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 8, 26)), "reply", "Police").due, ymd(2024, 8, 29));

  // A referral on the Friday before: the Chair's letter is due on Tuesday 27
  // August (not Monday the 26th), and a letter sent that Friday is answered
  // by Thursday 29 August (27, 28, 29), not Wednesday 28 August.
  auto friday = scr::review::open(pack("solihull-2011-scr"), ew(), "Child F", london(2024, 8, 23, 9), chair,
                                  {{"incident_at", utc(2024, 8, 22, 19)}});
  EXPECT_EQ(obligation_of(friday.obligations(ymd(2024, 8, 23)), "chair_letter_to_agencies").due, ymd(2024, 8, 27));
  friday.record("agency_letter_sent", london(2024, 8, 23, 15), chair, text({{"agency", "Health"}}));
  const auto reply = row_of(friday.timetable(ymd(2024, 8, 28)), "reply", "Health");
  EXPECT_EQ(reply.due, ymd(2024, 8, 29));
  EXPECT_EQ(reply.status, milestone_status::pending);

  // Rule 4: dates are Europe/London dates. A NIL return at 22:30 UTC on
  // 29 August is 23:30 BST that day: on time. At 23:30 UTC it is already
  // 00:30 BST on 30 August: a day late.
  auto on_time = friday;
  on_time.record("nil_return_received", utc(2024, 8, 29, 22, 30), manager, {}, "Health");
  EXPECT_EQ(row_of(on_time.timetable(ymd(2024, 8, 30)), "reply", "Health").status, milestone_status::met);
  auto after_midnight = friday;
  after_midnight.record("nil_return_received", utc(2024, 8, 29, 23, 30), manager, {}, "Health");
  const auto late = row_of(after_midnight.timetable(ymd(2024, 8, 30)), "reply", "Health");
  EXPECT_EQ(late.status, milestone_status::met_late);
  EXPECT_EQ(late.days_late(ymd(2024, 8, 30)), 1);
  // As of 29 August (London), the 00:30 BST reply had not yet happened.
  EXPECT_EQ(row_of(after_midnight.timetable(ymd(2024, 8, 29)), "reply", "Health").status, milestone_status::pending);
}

// Friday 16 September 2022: a Solihull referral and the Chair's letters. The
// state funeral of Queen Elizabeth II made Monday 19 September 2022 a one-off
// bank holiday, announced on 10 September.
scr::review state_funeral_week(const scr::calendar& cal) {
  auto r = scr::review::open(pack("solihull-2011-scr"), cal, "Child S", london(2022, 9, 16, 9), chair,
                             {{"incident_at", utc(2022, 9, 15, 18)}});
  r.record("agency_letter_sent", london(2022, 9, 16, 14), chair, text({{"agency", "Police"}}));
  return r;
}

TEST(review_rules, the_state_funeral_is_skipped_inside_a_working_day_window) {
  const auto r = state_funeral_week(ew());
  // 001:857: 3 working days after Friday 16 September: Tuesday 20 (1),
  // Wednesday 21 (2), Thursday 22 (3). Monday 19 is the state funeral.
  const auto reply = row_of(r.timetable(ymd(2022, 9, 16)), "reply", "Police");
  EXPECT_EQ(reply.due, ymd(2022, 9, 22));
  EXPECT_EQ(row_of(r.timetable(ymd(2022, 9, 22)), "reply", "Police").status, milestone_status::pending);
  EXPECT_EQ(row_of(r.timetable(ymd(2022, 9, 23)), "reply", "Police").status, milestone_status::overdue);
  // 001:348 the Chair's letter within 1 working day: Tuesday 20 September.
  EXPECT_EQ(obligation_of(r.obligations(ymd(2022, 9, 16)), "chair_letter_to_agencies").due, ymd(2022, 9, 20));
}

// Every England and Wales holiday, less (or plus) the days given.
scr::calendar england_and_wales_but(const std::vector<scr::date>& remove, const std::vector<scr::holiday>& add,
                                    const std::string& version) {
  std::vector<scr::holiday> days;
  for (const auto& h : ew().all_holidays())
    if (std::find(remove.begin(), remove.end(), h.day) == remove.end()) days.push_back(h);
  days.insert(days.end(), add.begin(), add.end());
  std::sort(days.begin(), days.end(), [](const scr::holiday& a, const scr::holiday& b) { return a.day < b.day; });
  return scr::calendar::custom(scr::weekday_set::saturday_sunday(), days, "england-and-wales", version);
}

std::vector<scr::moved_date> sorted(std::vector<scr::moved_date> v) {
  std::sort(v.begin(), v.end(), [](const scr::moved_date& a, const scr::moved_date& b) {
    return std::tie(a.kind, a.id, a.agency, a.occurrence) < std::tie(b.kind, b.id, b.agency, b.occurrence);
  });
  return v;
}

TEST(review_rules, recomputing_under_a_new_calendar_lists_exactly_the_dates_that_moved) {
  // The review was opened under the holidays published before the state
  // funeral was announced: no holiday on 19 September 2022.
  const auto before_announcement = england_and_wales_but({ymd(2022, 9, 19)}, {}, "2022-09-01");
  auto r = state_funeral_week(before_announcement);
  // Without the holiday: the reply is due Wednesday 21 September (19, 20, 21)
  // and the Chair's letter Monday 19 September.
  EXPECT_EQ(row_of(r.timetable(ymd(2022, 9, 16)), "reply", "Police").due, ymd(2022, 9, 21));
  EXPECT_EQ(obligation_of(r.obligations(ymd(2022, 9, 16)), "chair_letter_to_agencies").due, ymd(2022, 9, 19));

  // The proclamation adds the holiday: only the two working-day deadlines
  // move. Weeks, months and hours (incident notice, decision, 72 hours) do not.
  const auto moved = r.recompute(ew());
  const std::vector<scr::moved_date> expected{
      {"milestone", "reply", "Police", 1, ymd(2022, 9, 21), ymd(2022, 9, 22)},
      {"obligation", "chair_letter_to_agencies", "", 1, ymd(2022, 9, 19), ymd(2022, 9, 20)},
  };
  EXPECT_EQ(sorted(moved), sorted(expected));
  EXPECT_EQ(r.calendar().version(), ew().version());
  EXPECT_EQ(row_of(r.timetable(ymd(2022, 9, 16)), "reply", "Police").due, ymd(2022, 9, 22));

  // Recomputing under the same calendar moves nothing.
  EXPECT_TRUE(r.recompute(ew()).empty());

  // A board closure day on Wednesday 21 September added to the calendar moves
  // the reply to Friday 23 September (20, 22, 23); the letter (20th) stays.
  const auto with_closure = england_and_wales_but({}, {{ymd(2022, 9, 21), "Board closure day"}}, "2022-09-21");
  const auto moved2 = r.recompute(with_closure);
  const std::vector<scr::moved_date> expected2{
      {"milestone", "reply", "Police", 1, ymd(2022, 9, 22), ymd(2022, 9, 23)},
  };
  EXPECT_EQ(moved2, expected2);
  EXPECT_EQ(r.calendar().version(), "2022-09-21");
}

// ---- the fold --------------------------------------------------------------------------

TEST(review_rules, from_events_rebuilds_the_same_review) {
  auto r = extended();
  r.assign("M. White", "overview_author", "Independent", london(2024, 7, 22, 12), chair);
  r.assign("M. White", "panel_chair", "Independent", london(2024, 7, 22, 13), chair);  // two should warnings
  r.discharge("extension_notice_ofsted", london(2024, 7, 23), nominated, "Emailed");
  r.hold("Criminal trial", london(2024, 7, 24), chair);
  r.release(london(2024, 10, 31), chair, "Verdict given");
  r.record("proceedings_information_considered", london(2024, 11, 4), panel_chair, {{"changes_needed", false}});

  const auto again = scr::review::from_events(pack("solihull-2011-scr"), ew(), r.history());
  EXPECT_EQ(again.history(), r.history());
  EXPECT_EQ(again.reference(), "Child R");
  EXPECT_EQ(again.state(), r.state());
  EXPECT_EQ(again.branch(), r.branch());
  EXPECT_EQ(again.holds(), r.holds());
  EXPECT_EQ(again.assignments(), r.assignments());
  EXPECT_EQ(again.warnings(), r.warnings());
  EXPECT_EQ(r.warnings().size(), 2u);
  ASSERT_EQ(again.tracks().size(), r.tracks().size());
  for (std::size_t i = 0; i < r.tracks().size(); ++i) {
    EXPECT_EQ(again.tracks()[i].agency, r.tracks()[i].agency);
    EXPECT_EQ(again.tracks()[i].state, r.tracks()[i].state);
  }
  for (const auto day : {ymd(2024, 3, 21), ymd(2024, 7, 22), ymd(2024, 11, 4), ymd(2025, 1, 1)}) {
    const auto a = again.timetable(day), b = r.timetable(day);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].id(), b[i].id());
      EXPECT_EQ(a[i].agency, b[i].agency);
      EXPECT_EQ(a[i].due, b[i].due) << a[i].id();
      EXPECT_EQ(a[i].original_due, b[i].original_due) << a[i].id();
      EXPECT_EQ(a[i].status, b[i].status) << a[i].id();
      EXPECT_EQ(a[i].completed_at, b[i].completed_at) << a[i].id();
    }
    const auto oa = again.obligations(day), ob = r.obligations(day);
    ASSERT_EQ(oa.size(), ob.size());
    for (std::size_t i = 0; i < oa.size(); ++i) {
      EXPECT_EQ(oa[i].id(), ob[i].id());
      EXPECT_EQ(oa[i].due, ob[i].due) << oa[i].id();
      EXPECT_EQ(oa[i].status, ob[i].status) << oa[i].id();
    }
  }
  // apply() of each event, one by one, is what from_events does.
  auto stepwise = scr::review::from_events(pack("solihull-2011-scr"), ew(), std::span(r.history()).first(1));
  for (std::size_t i = 1; i < r.history().size(); ++i) stepwise.apply(r.history()[i]);
  EXPECT_EQ(stepwise.history(), r.history());
  EXPECT_EQ(stepwise.state(), r.state());
}

TEST(review_rules, an_event_dated_before_others_must_fit_the_history) {
  auto r = awaiting_decision();  // last event: the Panel's recommendation, 18 March 2024 10:00
  // A decision dated before the recommendation would be taken while the
  // panel was still considering: refused with the decision's own error.
  EXPECT_REFUSED(scr::transition_error, r,
                 r.record("decision_made", london(2024, 3, 18, 9), chair, text({{"outcome", "scr"}, {"reasons", "x"}})),
                 "not allowed while the review is in state 'panel_considering'");
  // Nothing happens before the review opened (4 March).
  EXPECT_REFUSED(scr::input_error, r, r.hold("Trial", london(2024, 3, 1), chair), "before the review opened",
                 "a review begins with its opening event");
  // The same instant is not before: accepted.
  r.record("decision_made", london(2024, 3, 18, 10), chair, text({{"outcome", "scr"}, {"reasons", "x"}}));
  EXPECT_EQ(r.state(), "scoping");

  // A history recorded out of order is folded in order of occurrence: it
  // rebuilds the same review.
  const auto original = awaiting_decision();
  auto events = original.history();
  std::swap(events[4], events[5]);  // the Health nil return (7 March) recorded after the panel (8 March)
  const auto swapped = scr::review::from_events(pack("solihull-2011-scr"), ew(), events);
  EXPECT_EQ(swapped.effective(), original.effective());
  EXPECT_EQ(swapped.state(), original.state());
  EXPECT_EQ(swapped.history(), events);
  EXPECT_EQ(swapped.sequence_of(4), 6u);
}

TEST(review_rules, from_events_throws_the_error_the_failing_event_would_throw) {
  // review.hpp: from_events "throws the error the first event that does not
  // apply would throw, naming its position". The second event is recorded by
  // a role the transition does not allow (001:348: the Chair writes).
  auto events = opened().history();
  scr::review_event letter;
  letter.kind = scr::event_kind::recorded;
  letter.name = "agency_letter_sent";
  letter.at = london(2024, 3, 4, 14);
  letter.by = admin;
  letter.data = text({{"agency", "Police"}});
  events.push_back(letter);
  EXPECT_ERROR(scr::role_error, scr::review::from_events(pack("solihull-2011-scr"), ew(), events),
               "event 2 of the history", "role 'administrator' may not record 'agency_letter_sent'");
}

}  // namespace
