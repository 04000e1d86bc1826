// Tests for the built-in pack north-yorkshire-2010-scr: North Yorkshire LSCB
// Procedures section 13 (seed 003) and the IMR Handbook (seed 000) as one
// procedure.
//
// Each assertion names the seed line (NNN:LINE) it checks. The pack counts the
// six months from the notification to Ofsted (003:181), runs each agency's
// chronology and IMR as a track, and records the two ambiguities of the
// handbook's timetable (000:112 and 000:116) as choices.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scr/procedure.hpp"
#include "scr/timescale.hpp"
#include "procedure_support.hpp"

namespace {

const scr::procedure& pack() { return load_pack("north-yorkshire-2010-scr"); }

scr::event_data choice(std::string_view field, std::string_view value) {
  return scr::event_data{{std::string(field), scr::field_value{std::string(value)}}};
}

std::string offset(const scr::milestone& m) { return m.offset ? m.offset->to_string() : "(none)"; }

}  // namespace

TEST(pack_north_yorkshire_2010_scr, loads_with_both_sources_and_no_warnings) {
  const auto& p = pack();
  EXPECT_EQ(p.id(), "north-yorkshire-2010-scr");
  EXPECT_EQ(p.review_type(), "scr");
  ASSERT_EQ(p.sources().size(), 2u);  // 000 (IMR Handbook) and 003 (Procedures section 13)
  EXPECT_EQ(p.sources()[0].key, "000");
  EXPECT_EQ(p.sources()[1].key, "003");
  for (const auto& w : p.warnings()) ADD_FAILURE() << w.to_string();
  ASSERT_NE(p.initial_state(), nullptr);
  // 003:66 "Notification should be made to the LSCB Manager": the notification
  // opens the review, which starts under consideration (003:72).
  EXPECT_EQ(p.opened_by(), "notification_received");
  EXPECT_EQ(p.initial_state()->id, "under_consideration");
}

TEST(pack_north_yorkshire_2010_scr, manager_reports_to_the_chair_within_ten_working_days) {
  const auto& m = milestone(pack(), "manager_report");
  // 003:74 "within a maximum of 10 working days of the initial notification"
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(m.from.ref, "notification_received");
  EXPECT_EQ(offset(m), "10 working days");
  EXPECT_EQ(m.owner, "lscb_manager");
  EXPECT_EQ(m.kind, scr::milestone_kind::local);
  EXPECT_EQ(m.level, scr::strength::must);
  EXPECT_TRUE(contains(m.completed_by, "manager_report_presented"));
  EXPECT_TRUE(contains(m.cite, "003:74"));
}

TEST(pack_north_yorkshire_2010_scr, decision_meeting_is_convened_within_one_month_of_notification) {
  const auto& m = milestone(pack(), "decision_meeting");
  // 003:76 "within one month of notification, a meeting of the Serious Review Panel is convened"
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(m.from.ref, "notification_received");
  EXPECT_EQ(offset(m), "1 month");
  EXPECT_EQ(m.owner, "lscb_chair");  // 003:76 "The LSCB Chairperson will ensure"
  EXPECT_EQ(m.kind, scr::milestone_kind::local);
  EXPECT_TRUE(contains(m.completed_by, "sub_group_met"));
  // 003:66 the Chair may decide at once where the criteria are clearly met.
  EXPECT_TRUE(contains(m.completed_by, "decision_made"));
  EXPECT_TRUE(contains(m.cite, "003:76"));
  // 000:74 the handbook's first four weeks: decision, terms of reference, panel, writers.
  const auto& first = milestone(pack(), "initial_stages");
  EXPECT_EQ(offset(first), "4 weeks");
  EXPECT_TRUE(contains(first.branches, "scr"));
}

TEST(pack_north_yorkshire_2010_scr, decision_offers_the_sub_group_options_and_branches_on_them) {
  const auto& p = pack();
  const scr::event_spec* decide = p.find_event("decision_made");
  ASSERT_NE(decide, nullptr);
  const scr::field_spec* outcome = decide->find_field("outcome");
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->type, scr::field_type::choice);
  EXPECT_TRUE(outcome->required);
  // 003:110-114: an SCR, defer, internal management reviews, a smaller scale audit,
  // a non statutory review; 003:62 "what if any action is needed".
  for (const char* v : {"scr", "deferred", "internal_management_reviews", "small_scale_audit",
                        "non_statutory_review", "no_further_action"})
    EXPECT_TRUE(contains(outcome->values, v)) << v;

  // 003:118 the LSCB Chair decides.
  const auto& scr_row = row_for(p, "recommended", "decision_made", choice("outcome", "scr"));
  EXPECT_EQ(scr_row.to, "scoping");
  EXPECT_EQ(scr_row.branch, "scr");
  EXPECT_EQ(scr_row.roles, std::vector<std::string>{"lscb_chair"});
  // 003:84 a decision not to hold an SCR ends the review.
  for (const char* v : {"internal_management_reviews", "small_scale_audit", "non_statutory_review",
                        "no_further_action"}) {
    const auto& row = row_for(p, "recommended", "decision_made", choice("outcome", v));
    EXPECT_EQ(row.to, "not_held") << v;
    EXPECT_EQ(row.branch, "no_scr") << v;
  }
  // 003:66 "the Chair will decide immediately": the decision can precede the Sub Group.
  EXPECT_EQ(row_for(p, "under_consideration", "decision_made", choice("outcome", "scr")).to, "scoping");
  // 003:108 the Sub Group records its own recommendation with the same options (less no action).
  const scr::field_spec* rec = p.find_event("sub_group_met")->find_field("recommendation");
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(rec->values.size(), 5u);
}

TEST(pack_north_yorkshire_2010_scr, deferral_needs_a_date_and_is_reconsidered_on_it) {
  const auto& p = pack();
  const scr::field_spec* fixed = p.find_event("decision_made")->find_field("reconsider_on");
  ASSERT_NE(fixed, nullptr);
  EXPECT_EQ(fixed->type, scr::field_type::local_date);
  // 003:111 "a date should be fixed for futher consideration - cases must not be deferred generally"
  ASSERT_TRUE(fixed->required_when.has_value());
  EXPECT_TRUE(fixed->required_when->holds(choice("outcome", "deferred")));
  EXPECT_FALSE(fixed->required_when->holds(choice("outcome", "scr")));

  const auto& row = row_for(p, "recommended", "decision_made", choice("outcome", "deferred"));
  EXPECT_EQ(row.to, "deferred");
  EXPECT_EQ(p.find_state("deferred")->kind, scr::state_kind::waiting);
  EXPECT_EQ(row_for(p, "deferred", "deferral_reconsidered").to, "under_consideration");

  const auto& m = milestone(p, "reconsideration");
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(m.from.ref, "decision_made");
  EXPECT_EQ(m.from.field, "reconsider_on");
  EXPECT_EQ(m.from.which, scr::occurrence::latest);  // a case may be deferred more than once
  EXPECT_FALSE(m.offset.has_value());                // the fixed date is the due date
  EXPECT_TRUE(contains(m.completed_by, "deferral_reconsidered"));
  EXPECT_TRUE(contains(m.cite, "003:111"));
}

TEST(pack_north_yorkshire_2010_scr, recommendation_reaches_the_chair_within_five_working_days) {
  const auto& o = obligation(pack(), "recommendation_to_chair");
  // 003:116 "The LSCB Manager should forward the recommendation to the LSCB Chair
  // within 5 working days of the Sub Group meeting."
  EXPECT_EQ(o.on.kind, scr::trigger_kind::event);
  EXPECT_EQ(o.on.ref, "sub_group_met");
  ASSERT_TRUE(o.within.has_value());
  EXPECT_EQ(o.within->to_string(), "5 working days");
  EXPECT_EQ(o.level, scr::strength::should);
  EXPECT_EQ(o.owner, "lscb_manager");
  EXPECT_EQ(o.discharged_by, "recommendation_forwarded");
  EXPECT_TRUE(contains(o.cite, "003:116"));
}

TEST(pack_north_yorkshire_2010_scr, scr_decision_triggers_letters_and_ofsted_notification) {
  const auto& p = pack();
  const auto scr_decision = choice("outcome", "scr");
  const auto& letters = obligation(p, "letters_to_executive");
  // 003:128 "... informing them that a SCR is being undertaken within 5 working days"
  EXPECT_EQ(letters.on.ref, "decision_made");
  ASSERT_TRUE(letters.on.when.has_value());
  EXPECT_TRUE(letters.on.when->holds(scr_decision));
  EXPECT_FALSE(letters.on.when->holds(choice("outcome", "deferred")));
  EXPECT_EQ(letters.within->to_string(), "5 working days");

  // 003:132 "immediately following the decision, there is formal notification to Ofsted"
  const auto& ofsted = milestone(p, "ofsted_notification");
  EXPECT_EQ(ofsted.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(ofsted.from.ref, "decision_made");
  EXPECT_EQ(ofsted.from.which, scr::occurrence::latest);  // the decision after any deferral
  EXPECT_EQ(offset(ofsted), "1 working day");              // choice ofsted_notified_immediately
  EXPECT_TRUE(contains(ofsted.completed_by, "ofsted_notified"));
  EXPECT_EQ(ofsted.branches, std::vector<std::string>{"scr"});
  EXPECT_TRUE(has_choice(pack(), "ofsted_notified_immediately"));

  // 003:128 health bodies through the Designated Nurse, HMIC through the police DCI.
  EXPECT_EQ(obligation(p, "inform_health_bodies").owner, "designated_nurse");
  EXPECT_EQ(obligation(p, "inform_hmic").owner, "police_dci");
}

TEST(pack_north_yorkshire_2010_scr, files_are_secured_on_notification_and_released_if_no_scr) {
  const auto& p = pack();
  // 003:82 "Once it is known that a case is being considered for review ... secure
  // both paper and electronic files"
  const auto& secure = obligation(p, "secure_files");
  EXPECT_EQ(secure.on.kind, scr::trigger_kind::event);
  EXPECT_EQ(secure.on.ref, "notification_received");
  EXPECT_TRUE(contains(secure.cite, "003:82"));
  // 003:84 "Where the decision is later taken not to hold a Serious Case Review ...
  // rescind the instruction"
  const auto& rescind = obligation(p, "rescind_file_security");
  EXPECT_EQ(rescind.on.ref, "decision_made");
  ASSERT_TRUE(rescind.on.when.has_value());
  for (const char* v : {"internal_management_reviews", "small_scale_audit", "non_statutory_review",
                        "no_further_action"})
    EXPECT_TRUE(rescind.on.when->holds(choice("outcome", v))) << v;
  EXPECT_FALSE(rescind.on.when->holds(choice("outcome", "scr")));
  EXPECT_FALSE(rescind.on.when->holds(choice("outcome", "deferred")));  // still under consideration
  EXPECT_TRUE(contains(rescind.cite, "003:84"));
}

TEST(pack_north_yorkshire_2010_scr, completion_is_six_months_from_the_ofsted_notification) {
  const auto& p = pack();
  const auto& m = milestone(p, "completion");
  // 003:181 "The SCR must be completed within six months of the notification to Ofsted"
  EXPECT_EQ(m.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(m.from.ref, "ofsted_notification");
  EXPECT_EQ(offset(m), "6 months");
  // 003:146 "Ofsted require SCRs to be completed within six months of notification"
  EXPECT_EQ(m.kind, scr::milestone_kind::statutory);
  EXPECT_EQ(m.level, scr::strength::must);
  EXPECT_EQ(m.hold, scr::hold_policy::continue_);  // 003:183 not routinely delayed
  EXPECT_TRUE(contains(m.completed_by, "submitted_to_ofsted"));  // 000:124
  // 003:181 "unless an alternative timescale is agreed with the Ofsted Safeguarding
  // Unit ... a discussion with the Safeguarding Adviser to agree a new timetable"
  EXPECT_TRUE(contains(m.extendable_by, "ofsted_safeguarding_unit"));
  EXPECT_TRUE(contains(m.extendable_by, "safeguarding_adviser"));
  // 003:181 "This is dependent on a revised update and project plan."
  const auto& plan = obligation(p, "revised_timetable");
  EXPECT_EQ(plan.on.kind, scr::trigger_kind::extension);
  EXPECT_EQ(plan.on.ref, "completion");
  EXPECT_TRUE(has_choice(pack(), "completion_anchor"));
}

TEST(pack_north_yorkshire_2010_scr, imr_track_follows_the_handbook_timetable) {
  const auto& t = track(pack(), "imr");
  EXPECT_EQ(t.instantiated_by, "imr_commissioned");  // 003:126 letter asking the agency for an IMR
  EXPECT_EQ(t.agency_field, "agency");

  // 000:109 "IMR writers given 4 weeks to complete the single agency chronology"
  const auto& chron = milestone(t, "chronology");
  EXPECT_EQ(chron.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(chron.from.ref, "imr_commissioned");  // choice imr_process_start (000:116)
  EXPECT_EQ(offset(chron), "4 weeks");
  // 000:112 "a further 4 weeks (making a total of 8 weeks)"
  const auto& imr = milestone(t, "imr_report");
  EXPECT_EQ(imr.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(imr.from.ref, "chronology");
  EXPECT_EQ(offset(imr), "4 weeks");
  // 000:116 feedback meeting "approximately 10 weeks after the start": week 8 + 2
  const auto& feedback = milestone(t, "feedback_meeting");
  EXPECT_EQ(feedback.from.ref, "imr_report");
  EXPECT_EQ(offset(feedback), "2 weeks");
  EXPECT_EQ(feedback.level, scr::strength::should);
  // 000:117 "a further 2 weeks to make amendments", counted from the latest feedback
  const auto& amend = milestone(t, "amendments");
  EXPECT_EQ(amend.from.ref, "feedback_given");
  EXPECT_EQ(amend.from.which, scr::occurrence::latest);
  EXPECT_EQ(offset(amend), "2 weeks");
}

TEST(pack_north_yorkshire_2010_scr, health_imr_deadline_and_process_start_are_recorded_choices) {
  // Requirements ambiguities 10.2 (000:112) and 10.3 (000:116).
  EXPECT_TRUE(has_choice(pack(), "health_imr_deadline"));
  EXPECT_TRUE(has_choice(pack(), "imr_process_start"));
  const auto& t = track(pack(), "imr");
  const auto& health = milestone(t, "health_imr_to_designated_nurse");
  // 000:112-114 health writers: "a further 2 weeks", read as week 6 (chronology + 2).
  EXPECT_EQ(health.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(health.from.ref, "chronology");
  EXPECT_EQ(offset(health), "2 weeks");
  EXPECT_EQ(health.branches, std::vector<std::string>{"health_service"});
  // The health branch is taken when the agency names its writer as a health service.
  const auto& row = row_for(t, "commissioned", "writer_identified",
                            scr::event_data{{"health_service", scr::field_value{true}}});
  EXPECT_EQ(row.branch, "health_service");
}

TEST(pack_north_yorkshire_2010_scr, imr_is_signed_off_before_submission_and_loops_on_return) {
  const auto& t = track(pack(), "imr");
  // 000:167 / 003:177 "All IMRs should have been signed off by their respective
  // agencies before they are presented to the panel."
  const auto& sign = row_for(t, "imr_in_preparation", "imr_signed_off");
  EXPECT_EQ(sign.to, "signed_off");
  EXPECT_EQ(sign.roles, std::vector<std::string>{"agency_senior_officer"});
  EXPECT_TRUE(t.transitions_from("imr_in_preparation", "imr_submitted").empty());
  const auto& submit = row_for(t, "signed_off", "imr_submitted");
  EXPECT_EQ(submit.to, "submitted");
  ASSERT_EQ(submit.requires_.size(), 1u);
  EXPECT_EQ(submit.requires_[0].kind, scr::prerequisite_kind::milestone);
  EXPECT_EQ(submit.requires_[0].id, "chronology");  // 000:110 the chronology goes first
  // 000:128 "returned for amendment", then approved again (000:354-356).
  EXPECT_EQ(row_for(t, "submitted", "imr_returned").to, "imr_in_preparation");
  EXPECT_EQ(row_for(t, "submitted", "imr_accepted").to, "accepted");  // 000:359
  EXPECT_EQ(t.find_state("accepted")->kind, scr::state_kind::terminal);
}

TEST(pack_north_yorkshire_2010_scr, ofsted_evaluation_precedes_publication_and_inadequate_means_re_review) {
  const auto& p = pack();
  // 003:220 "adequate or above" → no further action by Ofsted; on to publication (003:216).
  for (const char* g : {"outstanding", "good", "satisfactory"})
    EXPECT_EQ(row_for(p, "with_ofsted", "evaluation_received", choice("grade", g)).to, "publication_pending") << g;
  // 003:220 "inadequate" → a new panel with a new Independent Chair reconsiders the review.
  EXPECT_EQ(row_for(p, "with_ofsted", "evaluation_received", choice("grade", "inadequate")).to, "re_review");
  const auto& plan = obligation(p, "revised_action_plan");
  ASSERT_TRUE(plan.on.when.has_value());
  EXPECT_TRUE(plan.on.when->holds(choice("grade", "inadequate")));
  EXPECT_FALSE(plan.on.when->holds(choice("grade", "good")));
  EXPECT_EQ(plan.within->to_string(), "3 months");  // "presented to Ofsted within three months"
  EXPECT_EQ(plan.discharged_by, "revised_action_plan_submitted");
  // 003:216 publication "after the LSCB has received the Ofsted Evaluation Letter":
  // only from publication_pending; 003:224 allows the executive summary earlier.
  EXPECT_TRUE(p.transitions_from("with_ofsted", "report_published").empty());
  // 003:226 the SCR Sub Group then monitors the action plans; the review
  // closes when it signs them off.
  EXPECT_EQ(row_for(p, "publication_pending", "report_published").to, "monitoring_actions");
  EXPECT_EQ(row_for(p, "monitoring_actions", "action_plans_signed_off").to, "closed");
  EXPECT_EQ(row_for(p, "monitoring_actions", "action_plans_signed_off").roles, std::vector<std::string>{"sub_group_chair"});
  EXPECT_FALSE(p.transitions_from("with_ofsted", "early_summary_published").empty());
  // 000:123-124 the Executive Group receives the report before it goes to Ofsted.
  EXPECT_EQ(row_for(p, "with_executive", "executive_group_received").to, "agreed");
  EXPECT_EQ(row_for(p, "agreed", "submitted_to_ofsted").to, "with_ofsted");
}

TEST(pack_north_yorkshire_2010_scr, independence_rules_are_role_conflicts) {
  const auto& c = pack().conflicts();
  const auto find = [&](std::string_view role, scr::conflict_kind kind) {
    return std::find_if(c.begin(), c.end(), [&](const scr::role_conflict& r) {
      return r.kind == kind && contains(r.roles, role);
    });
  };
  // 003:139, 003:141 the panel chair and the overview writer "must be independant of the LSCB".
  const auto lscb = find("overview_author", scr::conflict_kind::declared);
  ASSERT_NE(lscb, c.end());
  EXPECT_TRUE(contains(lscb->roles, "panel_chair"));
  EXPECT_EQ(lscb->level, scr::strength::must);
  // 000:33, 000:190 IMR writers independent of the line management of staff involved.
  const auto imr = find("imr_author", scr::conflict_kind::declared);
  ASSERT_NE(imr, c.end());
  EXPECT_EQ(imr->level, scr::strength::must);
  // 003:90 "desireable" → should.
  const auto sub = find("sub_group_chair", scr::conflict_kind::declared);
  ASSERT_NE(sub, c.end());
  EXPECT_EQ(sub->level, scr::strength::should);
}
