// North Yorkshire Serious Case Reviews through the engine: the 2004 example
// timetable of the IMR Handbook (000:806-822) entered as the panel's
// scheduled dates and checked against the six-month limit of the
// north-yorkshire-2010-scr pack; an Ofsted grade of inadequate (003:220); a
// deferral to a fixed date (003:110-111); and an IMR returned for amendment
// twice (Solihull's IMR track, which dates each resubmission).
//
// Expected dates are worked out by hand from the deadline rules
// (docs/deadline-rules.md): working days skip weekends and bank holidays and never
// count the anchor day; months keep the day number (Dodds v Walker).
//
// 2004 calendar used below (England and Wales bank holidays in the period:
// Good Friday 9 April, Easter Monday 12 April, 3 May, 31 May, 30 August;
// British Summer Time from 28 March to 31 October):
//
//        March 2004              May 2004               June 2004
//   Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su
//    1  2  3  4  5  6  7                   1  2       1  2  3  4  5  6
//    8  9 10 11 12 13 14   [3] 4  5  6  7  8  9    7  8  9 10 11 12 13
//   15 16 17 18 19 20 21   10 11 12 13 14 15 16   14 15 16 17 18 19 20
//   22 23 24 25 26 27 28   17 18 19 20 21 22 23   21 22 23 24 25 26 27
//   29 30 31               24 25 26 27 28 29 30   28 29 30
//                         [31]

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "review_support.hpp"
#include "scr/action_plan.hpp"
#include "scr/review.hpp"

namespace {

using scr::milestone_status;
using scr::obligation_status;

const scr::actor manager = as("lscb_manager", "LSCB Manager", "North Yorkshire LSCB");
const scr::actor lscb_chair = as("lscb_chair", "Independent Chair of the LSCB", "North Yorkshire LSCB");
const scr::actor sub_chair = as("sub_group_chair", "Chair of the SCR Sub Group", "North Yorkshire LSCB");
const scr::actor panel_chair = as("panel_chair", "Independent Chairperson", "Independent");
const scr::actor writer = as("overview_author", "Overview Report Writer", "Independent");
const scr::actor nurse = as("designated_nurse", "Designated Nurse", "North Yorkshire and York PCT");

// 000:767-773: the organisations asked to compile IMRs.
const std::vector<std::string> agencies{"Children's Social Care", "Education", "Police", "General Practitioner",
                                        "NSPCC"};

scr::actor senior(const std::string& agency) { return as("agency_senior_officer", "Senior officer, " + agency, agency); }
scr::actor imr_writer(const std::string& agency) { return as("imr_author", "IMR writer, " + agency, agency); }

scr::event_data choice(const char* field, const char* value) { return {{field, std::string(value)}}; }

// ---- the 2004 example ----------------------------------------------------------
//
// The notification reaches the LSCB Manager on Monday 1 March 2004 (003:66).
// The Sub Group meets on Wednesday 3 March and recommends an SCR; the Chair
// decides on Friday 5 March (003:118). "Immediately following the decision"
// (003:132) is 1 working day in the pack: Monday 8 March (the weekend is
// skipped). The six months run from the notification to Ofsted (003:181):
// 8 March 2004 + 6 months = Wednesday 8 September 2004.

// The 2004 worked example runs under the 2010 pack, so every review here
// carries the warning that it opened before its procedure took effect; these
// are the other warnings.
std::vector<scr::review_warning> besides_effective(const std::vector<scr::review_warning>& all) {
  std::vector<scr::review_warning> out;
  for (const auto& w : all)
    if (w.kind != "effective") out.push_back(w);
  return out;
}
std::vector<scr::review_warning> besides_effective(const scr::review& r) { return besides_effective(r.warnings()); }

scr::review notified() {
  auto r = scr::review::open(pack("north-yorkshire-2010-scr"), ew(), "Child X", london(2004, 3, 1, 9), manager,
                             choice("referred_by", "North Yorkshire Police"));
  r.discharge("secure_files", london(2004, 3, 1, 14), manager, "Agencies asked to secure their files (003:82)");
  r.record("sub_group_met", london(2004, 3, 3, 10), sub_chair, choice("recommendation", "scr"));
  r.record("manager_report_presented", london(2004, 3, 4, 10), manager);
  r.record("recommendation_forwarded", london(2004, 3, 4, 11), manager);
  r.record("decision_made", london(2004, 3, 5, 10), lscb_chair, choice("outcome", "scr"));
  return r;
}

// Ofsted told on Monday 8 March; IMRs commissioned; terms of reference and
// the first panel meeting on Friday 12 March; and the timetable of the Terms
// of Reference dated Sunday 14 March 2004 (000:806-822) entered as the
// panel's dates.
scr::review timetabled() {
  auto r = notified();
  r.record("ofsted_notified", london(2004, 3, 8, 10), manager);
  for (const auto& a : agencies) r.record("imr_commissioned", london(2004, 3, 8, 11), manager, {{"agency", a}});
  r.discharge("letters_to_executive", london(2004, 3, 9), manager);
  r.schedule("first_panel_meeting", ymd(2004, 3, 12), scr::time_of_day{14, 0}, london(2004, 3, 9), manager);
  for (const auto& a : agencies) {
    r.record("writer_identified", london(2004, 3, 11), senior(a),
             {{"health_service", a == "General Practitioner"}}, a);
  }
  r.record("terms_of_reference_agreed", london(2004, 3, 12, 10), sub_chair);
  r.record("first_panel_meeting_held", london(2004, 3, 12, 14), panel_chair);
  const auto letter = london(2004, 3, 14, 12);
  for (const auto& a : agencies) {
    // 000:808 "Agency chronology to be prepared by 2 April 2004."
    r.schedule("chronology", ymd(2004, 4, 2), std::nullopt, letter, manager, a);
    // 000:810-811 IMRs and single agency action plans "by 24 May 2004 at 5 pm".
    r.schedule("imr_report", ymd(2004, 5, 24), scr::time_of_day{17, 0}, letter, manager, a);
    // 000:812 "Meeting with IMR writers and Panel on 10 June 2004 at 10 am."
    r.schedule("feedback_meeting", ymd(2004, 6, 10), scr::time_of_day{10, 0}, letter, manager, a);
  }
  // 000:817 "Submission to Ofsted no later than 2 September 2004."
  r.schedule("completion", ymd(2004, 9, 2), std::nullopt, letter, manager);
  return r;
}

// The timetable kept, one chronology late, one IMR in after 5 pm and one
// returned at the feedback meeting, and the review sent to Ofsted on
// Thursday 2 September 2004.
scr::review submitted() {
  auto r = timetabled();
  for (const auto& a : agencies) {
    if (a != "NSPCC") r.record("chronology_submitted", london(2004, 4, 1), imr_writer(a), {}, a);
  }
  r.record("chronology_submitted", london(2004, 4, 5), imr_writer("NSPCC"), {}, "NSPCC");
  // 000:112-114 the health IMR goes to the Designated Nurse.
  r.record("imr_sent_to_designated_nurse", london(2004, 4, 14), imr_writer("General Practitioner"), {},
           "General Practitioner");
  for (const auto& a : agencies) r.record("imr_signed_off", london(2004, 5, 21), senior(a), {}, a);
  for (const auto& a : agencies) {
    if (a != "NSPCC") r.record("imr_submitted", london(2004, 5, 24, 16, 30), imr_writer(a), {}, a);
  }
  r.record("imr_submitted", london(2004, 5, 24, 17, 30), imr_writer("NSPCC"), {}, "NSPCC");
  for (const auto& a : agencies) r.record("feedback_given", london(2004, 6, 10, 10), writer, {}, a);
  r.record("imr_returned", london(2004, 6, 10, 12), writer, {}, "Education");
  r.record("imr_signed_off", london(2004, 6, 18), senior("Education"), {}, "Education");
  r.record("imr_submitted", london(2004, 6, 21), imr_writer("Education"), {}, "Education");
  // 000:813 the SCR Overview Panel meetings on 17 and 24 June.
  for (const auto& a : agencies) r.record("imr_accepted", london(2004, 6, 24, 10), panel_chair, {}, a);
  r.record("health_overview_report_completed", london(2004, 7, 1), nurse);
  // 000:814 "Meeting to consider draft Overview Report on 15 July 2004 at 10 am."
  r.record("draft_overview_presented", london(2004, 7, 15, 10), writer);
  // 000:815 "Sub Group meeting to accept report and confirm inter agency
  // Action Plan on 5 August 2004 at 1.30 pm."
  r.record("draft_report_agreed", london(2004, 8, 5, 13, 30), sub_chair);
  // 000:816 "LSCB meeting to consider Report and Action Plan on 19 August 2004."
  r.record("executive_group_received", london(2004, 8, 19, 10), lscb_chair);
  r.record("submitted_to_ofsted", london(2004, 9, 2, 10), manager);
  return r;
}

TEST(review_north_yorkshire, the_decision_starts_the_ofsted_notification_and_a_projected_six_months) {
  const auto r = notified();
  EXPECT_EQ(r.state(), "scoping");
  EXPECT_EQ(r.branch(), "scr");
  const auto rows = r.timetable(ymd(2004, 3, 5));
  // 003:74 the Manager's report within 10 working days of 1 March: 2-5, 8-12,
  // 15 March: Monday 15 March.
  EXPECT_EQ(row_of(rows, "manager_report").due, ymd(2004, 3, 15));
  EXPECT_EQ(row_of(rows, "manager_report").status, milestone_status::met);
  // 003:76 the Serious Review Panel meeting within one month: 1 April 2004.
  EXPECT_EQ(row_of(rows, "decision_meeting").due, ymd(2004, 4, 1));
  EXPECT_EQ(row_of(rows, "decision_meeting").completed_at, london(2004, 3, 3, 10));
  // 000:74-91 the first four weeks: 1 March + 28 days = 29 March.
  EXPECT_EQ(row_of(rows, "initial_stages").due, ymd(2004, 3, 29));
  // 003:132 Ofsted notified immediately after the decision of Friday 5 March: Monday 8 March.
  const auto ofsted = row_of(rows, "ofsted_notification");
  EXPECT_EQ(ofsted.due, ymd(2004, 3, 8));
  EXPECT_EQ(ofsted.status, milestone_status::pending);
  // 003:181 six months from the notification to Ofsted, which has not been
  // made: projected from the date it is due.
  const auto completion = row_of(rows, "completion");
  EXPECT_TRUE(completion.projected);
  EXPECT_TRUE(completion.provisional);
  EXPECT_EQ(completion.anchor_date, ymd(2004, 3, 8));
  EXPECT_EQ(completion.due, ymd(2004, 9, 8));
  EXPECT_EQ(completion.def->kind, scr::milestone_kind::statutory);

  const auto obligations = r.obligations(ymd(2004, 3, 5));
  // 003:116 recommendation forwarded within 5 working days of 3 March: Wednesday 10 March.
  EXPECT_EQ(obligation_of(obligations, "recommendation_to_chair").due, ymd(2004, 3, 10));
  EXPECT_EQ(obligation_of(obligations, "recommendation_to_chair").status, obligation_status::discharged);
  // 003:128 letters to the Executive within 5 working days of 5 March: Friday 12 March.
  EXPECT_EQ(obligation_of(obligations, "letters_to_executive").due, ymd(2004, 3, 12));
  EXPECT_EQ(obligation_of(obligations, "secure_files").status, obligation_status::discharged);
  // 003:128 the health bodies, HMIC and probation are told; no period is given.
  EXPECT_EQ(obligation_of(obligations, "inform_hmic").due, std::nullopt);
  EXPECT_EQ(obligation_of(obligations, "inform_hmic").owner(), "police_dci");
}

TEST(review_north_yorkshire, the_2004_timetable_is_entered_as_scheduled_dates_inside_the_six_months) {
  const auto r = timetabled();
  EXPECT_EQ(r.state(), "imrs_in_progress");
  ASSERT_EQ(r.tracks().size(), 5u);
  const auto rows = r.timetable(ymd(2004, 3, 14));
  // Ofsted was told on 8 March: the six months are no longer projected.
  EXPECT_EQ(row_of(rows, "ofsted_notification").status, milestone_status::met);
  const auto completion = row_of(rows, "completion");
  EXPECT_FALSE(completion.projected);
  EXPECT_EQ(completion.anchor_date, ymd(2004, 3, 8));
  // 003:181: 8 March + 6 months = 8 September 2004; the panel's date,
  // 2 September (000:817), replaces it and is inside it: no breach.
  EXPECT_EQ(completion.rule_due, ymd(2004, 9, 8));
  EXPECT_EQ(completion.due, ymd(2004, 9, 2));
  EXPECT_TRUE(completion.scheduled);
  EXPECT_FALSE(completion.breach);
  EXPECT_EQ(completion.status, milestone_status::pending);
  EXPECT_TRUE(besides_effective(r).empty());
  // Opened in 2004 under a procedure effective from 2010: said once.
  ASSERT_EQ(r.warnings().size(), 1u);
  EXPECT_EQ(r.warnings()[0].kind, "effective");
  EXPECT_NE(r.warnings()[0].message.find("before procedure 'north-yorkshire-2010-scr'"), std::string::npos)
      << r.warnings()[0].message;

  for (const auto& a : agencies) {
    SCOPED_TRACE(a);
    // 000:109 the rule: chronology 4 weeks after the request of 8 March = 5 April;
    // 000:808 the panel's date, Friday 2 April, replaces it.
    const auto chronology = row_of(rows, "chronology", a);
    EXPECT_EQ(chronology.rule_due, ymd(2004, 4, 5));
    EXPECT_EQ(chronology.due, ymd(2004, 4, 2));
    EXPECT_TRUE(chronology.scheduled);
    EXPECT_FALSE(chronology.breach);  // a local rule: nothing statutory to breach
    // 000:810 by 24 May 2004 at 5 pm (BST): 16:00 UTC.
    const auto imr = row_of(rows, "imr_report", a);
    EXPECT_EQ(imr.due, ymd(2004, 5, 24));
    EXPECT_EQ(imr.due_at, utc(2004, 5, 24, 16));
    EXPECT_TRUE(imr.scheduled);
    // 000:812 10 June 2004 at 10 am (BST): 09:00 UTC.
    const auto feedback = row_of(rows, "feedback_meeting", a);
    EXPECT_EQ(feedback.due, ymd(2004, 6, 10));
    EXPECT_EQ(feedback.due_at, utc(2004, 6, 10, 9));
    // 000:117 amendments 2 weeks after the feedback, which is expected at the
    // meeting of 10 June: projected to 24 June.
    const auto amendments = row_of(rows, "amendments", a);
    EXPECT_TRUE(amendments.projected);
    EXPECT_EQ(amendments.anchor_date, ymd(2004, 6, 10));
    EXPECT_EQ(amendments.due, ymd(2004, 6, 24));
  }
  EXPECT_FALSE(completion.provisional);
  // The first panel meeting, as set on 9 March: 12 March at 2 pm (GMT), held then.
  EXPECT_EQ(row_of(rows, "first_panel_meeting").due_at, utc(2004, 3, 12, 14));
  EXPECT_EQ(row_of(rows, "first_panel_meeting").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "initial_stages").status, milestone_status::met);
}

TEST(review_north_yorkshire, the_2004_review_runs_to_its_submission_to_ofsted) {
  const auto r = submitted();
  EXPECT_EQ(r.state(), "with_ofsted");
  const auto rows = r.timetable(ymd(2004, 9, 2));
  // Chronologies by 2 April: the NSPCC's came on Monday 5 April, 3 days late
  // against the panel's date though inside the rule's 5 April.
  EXPECT_EQ(row_of(rows, "chronology", "Police").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "chronology", "NSPCC").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "chronology", "NSPCC").days_late(ymd(2004, 9, 2)), 3);
  // 000:112 the health IMR to the Designated Nurse 2 weeks after the
  // chronology (1 April): 15 April; only the GP is a health service.
  EXPECT_EQ(row_of(rows, "health_imr_to_designated_nurse", "General Practitioner").due, ymd(2004, 4, 15));
  EXPECT_EQ(row_of(rows, "health_imr_to_designated_nurse", "General Practitioner").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "health_imr_to_designated_nurse", "Police").status, milestone_status::waived);
  // Rule 6: "by 24 May 2004 at 5 pm": 4.30 pm is on time, 5.30 pm is late
  // although it is the same day.
  EXPECT_EQ(row_of(rows, "imr_report", "Police").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "imr_report", "NSPCC").status, milestone_status::met_late);
  EXPECT_EQ(row_of(rows, "imr_report", "NSPCC").completed_at, london(2004, 5, 24, 17, 30));
  EXPECT_EQ(row_of(rows, "feedback_meeting", "Education").status, milestone_status::met);
  // 000:117 amendments within 2 weeks of the feedback (10 June): 24 June.
  EXPECT_EQ(row_of(rows, "amendments", "Education").due, ymd(2004, 6, 24));
  EXPECT_EQ(row_of(rows, "amendments", "Education").completed_at, london(2004, 6, 21));
  EXPECT_EQ(row_of(rows, "amendments", "NSPCC").completed_at, london(2004, 6, 24, 10));
  EXPECT_EQ(row_of(rows, "amendments", "NSPCC").status, milestone_status::met);
  for (const auto& t : r.tracks()) EXPECT_EQ(t.state, "accepted") << t.agency;

  // Submitted on the panel's date, inside the statutory six months.
  const auto completion = row_of(rows, "completion");
  EXPECT_EQ(completion.status, milestone_status::met);
  EXPECT_EQ(completion.completed_at, london(2004, 9, 2, 10));
  const auto c = r.compliance(ymd(2004, 9, 2));
  ASSERT_TRUE(c.decision && c.completion);
  EXPECT_EQ(c.decision->id(), "decision_meeting");
  EXPECT_TRUE(c.decision->on_time);
  // Compliance judges it against the statutory date (003:181), and shows the
  // panel's date beside it.
  EXPECT_EQ(c.completion->due, ymd(2004, 9, 8));
  EXPECT_EQ(c.completion->scheduled, ymd(2004, 9, 2));
  EXPECT_FALSE(c.completion->breach);
  EXPECT_TRUE(c.completion->on_time);
  EXPECT_FALSE(c.completion->extended);
  EXPECT_TRUE(besides_effective(r).empty());
  // 000:359 lessons fed back within each agency once its IMR is accepted.
  EXPECT_EQ(obligation_rows(r.obligations(ymd(2004, 9, 2)), "lessons_to_staff", "NSPCC").size(), 1u);
}

TEST(review_north_yorkshire, a_scheduled_date_past_the_six_months_is_reported_as_a_breach) {
  auto r = timetabled();
  // In August the panel moves the submission to Friday 17 September 2004,
  // after the statutory 8 September (003:181). The date is kept, and the
  // breach is shown in the row and in the warnings (deadline rule 7).
  r.schedule("completion", ymd(2004, 9, 17), std::nullopt, london(2004, 8, 2), manager);
  const auto row = row_of(r.timetable(ymd(2004, 8, 2)), "completion");
  EXPECT_EQ(row.due, ymd(2004, 9, 17));
  EXPECT_EQ(row.rule_due, ymd(2004, 9, 8));
  EXPECT_TRUE(row.scheduled);
  EXPECT_TRUE(row.breach);
  const auto w = besides_effective(r);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "breach");
  EXPECT_EQ(w[0].level, scr::strength::must);
  EXPECT_NE(w[0].message.find("2004-09-17"), std::string::npos) << w[0].message;
  EXPECT_NE(w[0].message.find("2004-09-08"), std::string::npos) << w[0].message;
  EXPECT_NE(std::find(w[0].cite.begin(), w[0].cite.end(), "003:181"), w[0].cite.end());
  EXPECT_EQ(w[0].at, london(2004, 8, 2));
  // Before the reschedule (as of 1 August) there was no breach.
  EXPECT_TRUE(besides_effective(r.warnings(ymd(2004, 8, 1))).empty());
  EXPECT_FALSE(row_of(r.timetable(ymd(2004, 8, 1)), "completion").breach);
  // Scheduling it back inside the limit clears it.
  r.schedule("completion", ymd(2004, 9, 8), std::nullopt, london(2004, 8, 9), manager);
  EXPECT_FALSE(row_of(r.timetable(ymd(2004, 8, 9)), "completion").breach);
  EXPECT_TRUE(besides_effective(r).empty());
}

TEST(review_north_yorkshire, a_breach_stays_reported_after_the_late_submission) {
  auto r = submitted();
  // Replay the same review with the submission moved to 17 September.
  std::vector<scr::review_event> events(r.history().begin(), r.history().end() - 1);
  auto late = scr::review::from_events(pack("north-yorkshire-2010-scr"), ew(), events);
  late.schedule("completion", ymd(2004, 9, 17), std::nullopt, london(2004, 8, 20), manager);
  late.record("submitted_to_ofsted", london(2004, 9, 17, 10), manager);
  const auto row = row_of(late.timetable(ymd(2004, 9, 17)), "completion");
  EXPECT_TRUE(row.breach);
  EXPECT_EQ(row.rule_due, ymd(2004, 9, 8));
  EXPECT_EQ(row.due, ymd(2004, 9, 17));
  ASSERT_EQ(besides_effective(late).size(), 1u);
  EXPECT_EQ(besides_effective(late)[0].kind, "breach");
  // The breach arose when the date was set (20 August), not at the last event.
  EXPECT_EQ(besides_effective(late)[0].at, london(2004, 8, 20));
  // The compliance summary does not hide it either (deadline rule 7): the
  // submission met the panel's date, but not the statutory date before it,
  // 8 September 2004 (003:181).
  const auto c = late.compliance(ymd(2004, 9, 17));
  ASSERT_TRUE(c.completion.has_value());
  EXPECT_TRUE(c.completion->met);
  EXPECT_FALSE(c.completion->within_original);
  EXPECT_TRUE(c.completion->breach);
  EXPECT_EQ(c.completion->due, ymd(2004, 9, 8));
  EXPECT_EQ(c.completion->scheduled, ymd(2004, 9, 17));
  EXPECT_FALSE(c.completion->on_time);
  EXPECT_EQ(c.completion->days_late, 9);
}

TEST(review_north_yorkshire, an_adequate_grade_leads_to_publication) {
  auto r = submitted();
  r.record("evaluation_received", london(2004, 11, 1), lscb_chair, choice("grade", "satisfactory"));
  EXPECT_EQ(r.state(), "publication_pending");
  const auto obligations = r.obligations(ymd(2004, 11, 1));
  // 003:222 outcomes shared with CQC, HMI and HMIC; 003:220 no new action plan.
  EXPECT_EQ(obligation_of(obligations, "outcomes_to_inspectorates").status, obligation_status::open);
  EXPECT_TRUE(obligation_rows(obligations, "revised_action_plan").empty());
  // 003:216 the Executive Group decided not to publish the full report.
  r.record("report_published", london(2004, 11, 15), manager, {{"full_report_published", false}});
  // 003:226 published, the action plans are monitored by the SCR Sub Group,
  // which closes the review when it signs them off.
  EXPECT_EQ(r.state(), "monitoring_actions");
  EXPECT_FALSE(r.closed());
  EXPECT_THROW(r.record("action_plans_signed_off", london(2005, 6, 1), manager), scr::role_error);
  r.record("action_plans_signed_off", london(2005, 6, 1), sub_chair);
  EXPECT_EQ(r.state(), "closed");
  EXPECT_TRUE(r.closed());
}

// The action plans (000:497-502): every recommendation with its type
// (000:425-435), intended outcome and measure (000:283-293), each action's
// "when" counted from the Executive Group's receipt of the plan (003:197).
TEST(review_north_yorkshire, the_action_plan_counts_from_the_executive_group) {
  auto r = submitted();
  scr::recommendation_input rec;
  rec.number = "1";
  rec.text = "The Chief Constable will ensure that all officers understand the procedure when a child is present.";
  rec.type = "Professional_Knowledge_And_Skills";
  rec.outcome = "Officers attending domestic abuse incidents see and speak to the children present";
  rec.measure = "Audit of incident records";
  r.record(scr::recommendation_event(r), london(2004, 9, 20), manager, scr::recommendation_data(r, rec));
  scr::action_input a;
  a.number = "1.1";
  a.recommendation = "1";
  a.what = "Brief every response officer on the procedure.";
  a.lead = "Head of Public Protection";
  a.by_when = "Three months";
  a.evidence = "Briefing register";
  r.record(scr::action_event(r), london(2004, 9, 20), manager, scr::action_data(r, a));
  const auto plan = scr::action_plan::of(r, ymd(2004, 12, 1));
  ASSERT_EQ(plan.recommendations.size(), 1u);
  EXPECT_EQ(plan.recommendations[0].type, "professional_knowledge_and_skills");
  EXPECT_TRUE(plan.recommendations[0].smart.empty());
  ASSERT_EQ(plan.recommendations[0].actions.size(), 1u);
  // Received on 19 August 2004: three months is 19 November 2004.
  EXPECT_EQ(plan.recommendations[0].actions[0].due, ymd(2004, 11, 19));
  EXPECT_EQ(plan.recommendations[0].actions[0].status, scr::action_status::overdue);
  rec.number = "2";
  rec.type = "training";
  try {
    scr::recommendation_data(r, rec);
    ADD_FAILURE() << "a type the board does not use was accepted";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "type");
    EXPECT_NE(std::string(e.what()).find("resources, professional_action, professional_knowledge_and_skills"),
              std::string::npos)
        << e.what();
  }
}

TEST(review_north_yorkshire, an_inadequate_grade_leads_to_a_re_review_and_a_new_action_plan_in_three_months) {
  auto r = submitted();
  // 003:220 "if the Evaluation Letter indicates inadequate, a new SCR Panel
  // with a new Independent Chair will be convened to reconsider the review. A
  // new Action Plan ... presented to Ofsted within three months."
  r.record("evaluation_received", london(2004, 11, 30), lscb_chair, choice("grade", "inadequate"));
  EXPECT_EQ(r.state(), "re_review");
  auto obligations = r.obligations(ymd(2004, 11, 30));
  const auto plan = obligation_of(obligations, "revised_action_plan");
  // 30 November 2004 + 3 months: February 2005 has no 30th, so its last day,
  // 28 February 2005 (rule 3).
  EXPECT_EQ(plan.due, ymd(2005, 2, 28));
  EXPECT_EQ(plan.status, obligation_status::pending);
  EXPECT_EQ(obligation_of(obligations, "outcomes_to_inspectorates").status, obligation_status::open);
  // Publication waits: the review cannot be published from re-review.
  EXPECT_REFUSED(scr::transition_error, r,
                 r.record("report_published", london(2004, 12, 1), manager, {{"full_report_published", true}}),
                 "state 're_review'", "publication_pending");
  r.record("new_panel_convened", london(2004, 12, 6), lscb_chair);
  EXPECT_EQ(obligation_of(r.obligations(ymd(2005, 3, 1)), "revised_action_plan").status, obligation_status::overdue);
  r.record("revised_action_plan_submitted", london(2005, 2, 25), manager);
  EXPECT_EQ(r.state(), "publication_pending");
  obligations = r.obligations(ymd(2005, 3, 1));
  EXPECT_EQ(obligation_of(obligations, "revised_action_plan").status, obligation_status::discharged);
  EXPECT_EQ(obligation_of(obligations, "revised_action_plan").discharged_at, london(2005, 2, 25));
  r.record("report_published", london(2005, 3, 14), manager, {{"full_report_published", false}});
  EXPECT_EQ(r.state(), "monitoring_actions");
}

// ---- a deferral to a fixed date (003:110-111) ------------------------------------------
//
// Notification on Monday 7 June 2004. The Sub Group recommends deferral on
// Wednesday 9 June and the Chair defers on Friday 11 June to Friday 25 June
// (waiting for the post-mortem report).

scr::review deferred() {
  auto r = scr::review::open(pack("north-yorkshire-2010-scr"), ew(), "Child D", london(2004, 6, 7, 9), manager);
  r.record("sub_group_met", london(2004, 6, 9, 10), sub_chair, choice("recommendation", "deferred"));
  return r;
}

TEST(review_north_yorkshire, a_deferral_needs_a_fixed_date) {
  auto r = deferred();
  // 003:111 "a date should be fixed for further consideration - cases must
  // not be deferred generally".
  EXPECT_REFUSED(scr::data_error, r, r.record("decision_made", london(2004, 6, 11), lscb_chair, choice("outcome", "deferred")),
                 "event 'decision_made' needs field 'reconsider_on' when outcome == deferred");
  try {
    r.record("decision_made", london(2004, 6, 11), lscb_chair, choice("outcome", "deferred"));
    ADD_FAILURE() << "a general deferral was accepted";
  } catch (const scr::data_error& e) {
    EXPECT_EQ(e.field(), "reconsider_on");
  }
  EXPECT_EQ(r.state(), "recommended");
}

TEST(review_north_yorkshire, a_deferral_to_a_fixed_date_becomes_the_reconsideration_milestone) {
  auto r = deferred();
  r.record("decision_made", london(2004, 6, 11), lscb_chair,
           {{"outcome", std::string("deferred")}, {"reconsider_on", ymd(2004, 6, 25)}});
  EXPECT_EQ(r.state(), "deferred");
  auto rows = r.timetable(ymd(2004, 6, 11));
  const auto reconsideration = row_of(rows, "reconsideration");
  EXPECT_EQ(reconsideration.due, ymd(2004, 6, 25));
  EXPECT_EQ(reconsideration.def->kind, scr::milestone_kind::scheduled);
  EXPECT_EQ(reconsideration.status, milestone_status::pending);
  // The panel meeting within a month was held (the Sub Group on 9 June).
  EXPECT_EQ(row_of(rows, "decision_meeting").status, milestone_status::met);
  // No SCR has been decided: nothing to tell Ofsted yet (003:132 follows the
  // decision to hold an SCR), so the notification cannot be overdue.
  EXPECT_NE(row_of(r.timetable(ymd(2004, 6, 21)), "ofsted_notification").status, milestone_status::overdue);
  // Not taken up on the date fixed: overdue the next working day.
  EXPECT_EQ(row_of(r.timetable(ymd(2004, 6, 28)), "reconsideration").status, milestone_status::overdue);

  r.record("deferral_reconsidered", london(2004, 6, 25, 10), sub_chair);
  EXPECT_EQ(r.state(), "under_consideration");
  EXPECT_EQ(row_of(r.timetable(ymd(2004, 6, 25)), "reconsideration").status, milestone_status::met);

  // Deferred a second time, to Friday 9 July: the milestone follows the
  // latest deferral, and the earlier reconsideration does not meet it.
  r.record("decision_made", london(2004, 6, 28), lscb_chair,
           {{"outcome", std::string("deferred")}, {"reconsider_on", ymd(2004, 7, 9)}});
  rows = r.timetable(ymd(2004, 6, 28));
  EXPECT_EQ(row_of(rows, "reconsideration").due, ymd(2004, 7, 9));
  EXPECT_EQ(row_of(rows, "reconsideration").status, milestone_status::pending);
  EXPECT_EQ(row_of(rows, "reconsideration").completed_at, std::nullopt);
  r.record("deferral_reconsidered", london(2004, 7, 9, 10), sub_chair);

  // The SCR is decided on Monday 12 July: Ofsted is due to be told on
  // Tuesday 13 July, 1 working day after the latest decision, and the six
  // months are projected from that date to 13 January 2005.
  r.record("decision_made", london(2004, 7, 12), lscb_chair, choice("outcome", "scr"));
  rows = r.timetable(ymd(2004, 7, 12));
  EXPECT_EQ(row_of(rows, "reconsideration").status, milestone_status::met);
  EXPECT_EQ(row_of(rows, "ofsted_notification").due, ymd(2004, 7, 13));
  EXPECT_TRUE(row_of(rows, "completion").projected);
  EXPECT_EQ(row_of(rows, "completion").due, ymd(2005, 1, 13));
  // Ofsted told a day late, on Wednesday 14 July: six months from the
  // notification itself (003:181), 14 January 2005.
  r.record("ofsted_notified", london(2004, 7, 14), manager);
  rows = r.timetable(ymd(2004, 7, 14));
  EXPECT_EQ(row_of(rows, "ofsted_notification").status, milestone_status::met_late);
  EXPECT_FALSE(row_of(rows, "completion").projected);
  EXPECT_EQ(row_of(rows, "completion").due, ymd(2005, 1, 14));
}

// ---- an IMR returned for amendment twice (Solihull IMR track, 001:1381, 001:1451) ----------

const scr::actor sol_chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor sol_panel = as("panel_chair", "J. Smith", "Independent");

scr::review solihull_imr_submitted() {
  auto r = scr::review::open(pack("solihull-2011-scr"), ew(), "Child Y", london(2024, 1, 8, 9), sol_chair,
                             {{"incident_at", utc(2024, 1, 6, 22)}});
  r.record("panel_convened", london(2024, 1, 12), sol_chair);
  r.record("panel_recommended", london(2024, 1, 22), sol_chair, choice("recommendation", "scr"));
  r.record("decision_made", london(2024, 1, 25), sol_chair,
           {{"outcome", std::string("scr")}, {"reasons", std::string("Criteria met")}});
  r.record("terms_of_reference_approved", london(2024, 2, 1), sol_chair);
  r.record("imr_commissioned", london(2024, 2, 5), sol_panel,
           {{"agency", std::string("Health")}, {"author_named_by", ymd(2024, 2, 12)},
            {"briefing_on", ymd(2024, 2, 19)}, {"imr_due_on", ymd(2024, 4, 26)}});
  r.record("imr_author_named", london(2024, 2, 9), as("agency_representative", "H. Rep", "Health"));
  r.record("imr_signed_off", london(2024, 4, 24), as("agency_senior_officer", "Director of Nursing", "Health"));
  r.record("imr_submitted", london(2024, 4, 25), as("imr_author", "H. Author", "Health"));
  r.record("imr_presented", london(2024, 5, 13, 10), sol_panel, {}, "Health");
  return r;
}

TEST(review_north_yorkshire, an_imr_returned_twice_is_due_again_by_the_latest_date_set) {
  auto r = solihull_imr_submitted();
  const scr::actor health_senior = as("agency_senior_officer", "Director of Nursing", "Health");
  const scr::actor health_author = as("imr_author", "H. Author", "Health");
  // First return, at the presentation: resubmit by Friday 7 June 2024.
  r.record("imr_returned", london(2024, 5, 13, 12), sol_panel,
           {{"reason", std::string("The health visitor's contacts are not analysed")}, {"resubmit_by", ymd(2024, 6, 7)}},
           "Health");
  auto rows = r.timetable(ymd(2024, 5, 13));
  EXPECT_EQ(row_of(rows, "resubmission", "Health").due, ymd(2024, 6, 7));
  EXPECT_EQ(row_of(rows, "resubmission", "Health").status, milestone_status::pending);
  // The first submission still meets the original date (26 April).
  EXPECT_EQ(row_of(rows, "imr_submission", "Health").status, milestone_status::met);
  r.record("imr_signed_off", london(2024, 6, 5), health_senior);
  r.record("imr_submitted", london(2024, 6, 6), health_author);
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 6, 6)), "resubmission", "Health").status, milestone_status::met);

  // Second return, on Monday 17 June: resubmit by Friday 28 June.
  r.record("imr_presented", london(2024, 6, 17, 10), sol_panel, {}, "Health");
  r.record("imr_returned", london(2024, 6, 17, 12), sol_panel,
           {{"reason", std::string("The action plan has no timescales")}, {"resubmit_by", ymd(2024, 6, 28)}},
           "Health");
  rows = r.timetable(ymd(2024, 6, 20));
  const auto second = row_of(rows, "resubmission", "Health");
  EXPECT_EQ(second.due, ymd(2024, 6, 28));
  EXPECT_EQ(second.anchor_date, ymd(2024, 6, 28));
  // The 6 June submission came before this return: it does not meet it.
  EXPECT_EQ(second.completed_at, std::nullopt);
  EXPECT_EQ(second.status, milestone_status::pending);
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 7, 1)), "resubmission", "Health").status, milestone_status::overdue);

  // Resubmitted on Wednesday 3 July: 5 days after 28 June.
  r.record("imr_signed_off", london(2024, 7, 2), health_senior);
  r.record("imr_submitted", london(2024, 7, 3), health_author);
  const auto late = row_of(r.timetable(ymd(2024, 7, 3)), "resubmission", "Health");
  EXPECT_EQ(late.status, milestone_status::met_late);
  EXPECT_EQ(late.completed_at, london(2024, 7, 3));
  EXPECT_EQ(late.days_late(ymd(2024, 7, 3)), 5);
  r.record("imr_presented", london(2024, 7, 8, 10), sol_panel, {}, "Health");
  r.record("imr_accepted", london(2024, 7, 8, 12), sol_panel, {}, "Health");
  EXPECT_EQ(r.tracks()[0].state, "accepted");
}

// Regression: an IMR never returned has no resubmission to make. Its
// `resubmission` milestone is anchored on the latest return's date; without
// a return it is not met by the first submission (a milestone is met only at
// or after its anchoring event).
TEST(review_north_yorkshire, a_resubmission_is_not_met_by_the_first_submission) {
  const auto r = solihull_imr_submitted();
  const auto row = row_of(r.timetable(ymd(2024, 5, 20)), "resubmission", "Health");
  EXPECT_EQ(row.completed_at, std::nullopt);
  EXPECT_NE(row.status, milestone_status::met);
  EXPECT_EQ(row.due, std::nullopt);
}

// Regression: the Health IMR's milestone to the Designated Nurse (000:112-114)
// is for the health branch of each agency's track. Before an agency takes a
// branch (its writer is identified) it is not waived by the review's own
// branch; once a non-health agency takes its branch it is waived for it.
TEST(review_north_yorkshire, the_health_branch_is_waived_only_when_an_agency_takes_the_other) {
  auto r = notified();
  r.record("ofsted_notified", london(2004, 3, 8, 10), manager);
  for (const auto& a : agencies) r.record("imr_commissioned", london(2004, 3, 8, 11), manager, {{"agency", a}});
  for (const auto& a : agencies) {
    EXPECT_NE(row_of(r.timetable(ymd(2004, 3, 9)), "health_imr_to_designated_nurse", a).status,
              milestone_status::waived)
        << a;
  }
  r.record("writer_identified", london(2004, 3, 11), senior("Police"), {{"health_service", false}}, "Police");
  r.record("writer_identified", london(2004, 3, 11), senior("General Practitioner"), {{"health_service", true}},
           "General Practitioner");
  const auto rows = r.timetable(ymd(2004, 3, 12));
  EXPECT_EQ(row_of(rows, "health_imr_to_designated_nurse", "Police").status, milestone_status::waived);
  EXPECT_NE(row_of(rows, "health_imr_to_designated_nurse", "General Practitioner").status, milestone_status::waived);
}

}  // namespace

namespace {

// A chronology returned for amendment (000:393) is not yet in: the
// `chronology` milestone (due 2 April 2004 by the scheduled timetable) is
// open again after the return, overdue once its date has passed, and met
// by the resubmission, late (reopened_by in the pack).
TEST(review_north_yorkshire, a_returned_chronology_is_due_again_until_it_is_resubmitted) {
  auto r = timetabled();
  const scr::actor administrator = as("administrator", "LSCB Administrator", "North Yorkshire LSCB");
  r.record("chronology_submitted", london(2004, 3, 31), imr_writer("Police"), {}, "Police");
  EXPECT_EQ(row_of(r.timetable(ymd(2004, 4, 1)), "chronology", "Police").status, milestone_status::met);
  r.record("chronology_returned", london(2004, 4, 1), administrator, {}, "Police");
  const auto returned = row_of(r.timetable(ymd(2004, 4, 6)), "chronology", "Police");
  EXPECT_FALSE(returned.completed_at.has_value());
  EXPECT_EQ(returned.status, milestone_status::overdue);
  // As of the day before the return, it was met: the history is kept.
  EXPECT_EQ(row_of(r.timetable(ymd(2004, 3, 31)), "chronology", "Police").status, milestone_status::met);
  r.record("chronology_submitted", london(2004, 4, 7), imr_writer("Police"), {}, "Police");
  const auto again = row_of(r.timetable(ymd(2004, 4, 8)), "chronology", "Police");
  EXPECT_EQ(again.completed_at, london(2004, 4, 7));
  EXPECT_EQ(again.status, milestone_status::met_late);
}

}  // namespace
