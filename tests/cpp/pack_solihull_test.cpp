// Tests for the built-in pack solihull-2011-scr: the Solihull LSCB Serious
// Case Reviews Practice Guidance (February 2011) as a procedure.
//
// Each assertion names the seed line (NNN:LINE) it checks. The pack counts the
// week-by-week timetable from the referral (001:177) and the six-month
// completion from the decision to proceed (001:216), and keeps both clocks
// (requirements ambiguity 10.5).

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scr/procedure.hpp"
#include "scr/timescale.hpp"
#include "procedure_support.hpp"

namespace {

const scr::procedure& pack() { return load_pack("solihull-2011-scr"); }

// The single row for `event` leaving `from` (the test fails if there is not
// exactly one).
const scr::transition& only_row(const scr::machine& m, std::string_view from,
                                std::string_view event) {
  auto rows = m.transitions_from(from, event);
  if (rows.size() != 1) {
    throw std::runtime_error("expected one row for " + std::string(event) + " from " +
                             std::string(from) + ", found " + std::to_string(rows.size()));
  }
  return *rows.front();
}

scr::event_data outcome(std::string_view value) {
  return scr::event_data{{"outcome", scr::field_value{std::string(value)}}};
}

}  // namespace

TEST(pack_solihull_2011_scr, loads_with_its_sources_and_choices) {
  const auto& p = pack();
  EXPECT_EQ(p.id(), "solihull-2011-scr");
  EXPECT_EQ(p.review_type(), "scr");
  // A review opens with the referral to the LSCB Chair (001:132), which is also
  // when the LSCB "becomes aware" and the week-by-week timetable starts (001:177).
  EXPECT_EQ(p.opened_by(), "referral_received");
  ASSERT_NE(p.initial_state(), nullptr);
  EXPECT_EQ(p.initial_state()->id, "considering");
  EXPECT_TRUE(p.warnings().empty());
  // Every citation key is a declared source; 001 is the Solihull guidance.
  EXPECT_TRUE(std::any_of(p.sources().begin(), p.sources().end(),
                          [](const scr::source& s) { return s.key == "001"; }));
  // Ambiguity 10.5 (week 1 vs six months from the decision) is a recorded choice.
  EXPECT_TRUE(has_choice(p, "completion_from_decision"));
  // Ambiguity 10.11 (no anchor for the 7-year retention, 001:650) likewise.
  EXPECT_TRUE(has_choice(p, "retention_from_closure"));
}

TEST(pack_solihull_2011_scr, referral_form_part_1_is_due_72_hours_after_the_incident) {
  const auto& p = pack();
  const auto* referral = p.find_event("referral_received");
  ASSERT_NE(referral, nullptr);
  const auto* incident = referral->find_field("incident_at");
  ASSERT_NE(incident, nullptr);
  EXPECT_EQ(incident->type, scr::field_type::timestamp);  // an instant: hours run from it (001:735)
  EXPECT_TRUE(incident->required);

  const auto& m = milestone(p, "referral_form");
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event_field);  // "within 72 hours of incident" (001:735)
  EXPECT_EQ(m.from.ref, "referral_received");
  EXPECT_EQ(m.from.field, "incident_at");
  ASSERT_TRUE(m.offset.has_value());
  EXPECT_EQ(m.offset->to_string(), "72 hours");  // 001:735
  EXPECT_EQ(m.owner, "referring_officer");       // "by the Referring Officer" (001:735)
  EXPECT_TRUE(contains(m.completed_by, "referral_received"));
}

TEST(pack_solihull_2011_scr, chair_writes_to_agencies_within_one_working_day) {
  const auto& o = obligation(pack(), "chair_letter_to_agencies");
  EXPECT_EQ(o.on.kind, scr::trigger_kind::event);  // "Once a referral ... has been received" (001:348)
  EXPECT_EQ(o.on.ref, "referral_received");
  ASSERT_TRUE(o.within.has_value());
  EXPECT_EQ(o.within->to_string(), "1 working day");  // 001:348
  EXPECT_EQ(o.owner, "lscb_chair");                   // "the LSCB chair will" (001:348)
  EXPECT_EQ(o.level, scr::strength::must);            // "will" (001:348)
  EXPECT_EQ(o.discharged_by, "agency_letter_sent");
  EXPECT_EQ(o.kind, scr::milestone_kind::local);
}

TEST(pack_solihull_2011_scr, each_agency_replies_or_makes_a_nil_return_within_three_working_days) {
  const auto& t = track(pack(), "agency_check");
  EXPECT_EQ(t.instantiated_by, "agency_letter_sent");  // one check per agency written to (001:348)
  EXPECT_EQ(t.agency_field, "agency");

  const auto& m = milestone(t, "reply");
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(m.from.ref, "agency_letter_sent");
  ASSERT_TRUE(m.offset.has_value());
  EXPECT_EQ(m.offset->to_string(), "3 working days");  // "by (give 3 working days)" (001:857)
  // "where your agency has not had any involvement ... a NIL return is required" (001:859)
  EXPECT_TRUE(contains(m.completed_by, "nil_return_received"));
  EXPECT_TRUE(contains(m.completed_by, "involvement_confirmed"));
  EXPECT_EQ(only_row(t, "awaiting_reply", "nil_return_received").to, "not_involved");  // 001:859
}

TEST(pack_solihull_2011_scr, decision_is_statutory_within_one_month_of_the_request) {
  const auto& m = milestone(pack(), "decision");
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event);  // "of the date of the request" (001:851)
  EXPECT_EQ(m.from.ref, "referral_received");
  ASSERT_TRUE(m.offset.has_value());
  EXPECT_EQ(m.offset->to_string(), "1 month");         // 001:851, 001:392
  EXPECT_EQ(m.kind, scr::milestone_kind::statutory);  // Working Together 8.22 (001:392)
  EXPECT_EQ(m.level, scr::strength::must);            // "I am required to" (001:851)
  EXPECT_EQ(m.owner, "lscb_chair");                   // the Chair decides (001:155)
  EXPECT_TRUE(contains(m.completed_by, "decision_made"));
  EXPECT_EQ(m.hold, scr::hold_policy::continue_);
}

TEST(pack_solihull_2011_scr, decision_outcomes_branch) {
  const auto& p = pack();
  auto rows = p.transitions_from("awaiting_decision", "decision_made");
  ASSERT_EQ(rows.size(), 4u);  // scr, alternative review, no review, deferred (001:155, 001:803-811)

  auto row_for = [&](std::string_view value) -> const scr::transition* {
    const auto data = outcome(value);
    for (const auto* r : rows) {
      if (r->when && r->when->holds(data)) return r;
    }
    return nullptr;
  };
  const auto* scr_row = row_for("scr");
  ASSERT_NE(scr_row, nullptr);
  EXPECT_EQ(scr_row->to, "scoping");  // the Chair invokes an SCR (001:188)
  EXPECT_EQ(scr_row->branch, "scr");
  EXPECT_TRUE(contains(scr_row->roles, "lscb_chair"));  // "ultimately responsible for deciding" (001:155)

  const auto* alt_row = row_for("alternative_review");
  ASSERT_NE(alt_row, nullptr);
  EXPECT_EQ(alt_row->to, "alternative_review");  // "other options may be considered" (001:803)
  EXPECT_EQ(alt_row->branch, "alternative_review");

  const auto* none_row = row_for("no_review");
  ASSERT_NE(none_row, nullptr);
  EXPECT_EQ(none_row->to, "not_held");  // "[not recommended]" (001:801)
  ASSERT_NE(p.find_state("not_held"), nullptr);
  EXPECT_EQ(p.find_state("not_held")->kind, scr::state_kind::terminal);

  const auto* defer_row = row_for("deferred");
  ASSERT_NE(defer_row, nullptr);
  EXPECT_EQ(defer_row->to, "deferred");  // a date is fixed for further consideration (003:111)
  EXPECT_EQ(p.find_state("deferred")->kind, scr::state_kind::waiting);

  // The alternatives listed in Part 2 of the referral form (001:805, 001:807, 001:809, 001:811).
  const auto* alternative = p.find_event("decision_made")->find_field("alternative");
  ASSERT_NE(alternative, nullptr);
  EXPECT_EQ(alternative->values,
            (std::vector<std::string>{"single_agency_management_review", "learning_day",
                                      "inter_agency_audit", "other"}));
  ASSERT_TRUE(alternative->required_when.has_value());
  EXPECT_TRUE(alternative->required_when->holds(outcome("alternative_review")));
  EXPECT_FALSE(alternative->required_when->holds(outcome("scr")));
}

TEST(pack_solihull_2011_scr, deferral_carries_a_date_and_sets_a_reconsideration_milestone) {
  const auto& p = pack();
  const auto* date_field = p.find_event("decision_made")->find_field("reconsider_on");
  ASSERT_NE(date_field, nullptr);
  EXPECT_EQ(date_field->type, scr::field_type::local_date);
  ASSERT_TRUE(date_field->required_when.has_value());
  EXPECT_EQ(date_field->required_when->text(), "outcome == deferred");  // 003:111
  EXPECT_TRUE(date_field->required_when->holds(outcome("deferred")));

  const auto& m = milestone(p, "reconsideration");
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event_field);  // "a date should be fixed" (003:111)
  EXPECT_EQ(m.from.ref, "decision_made");
  EXPECT_EQ(m.from.field, "reconsider_on");
  EXPECT_FALSE(m.offset.has_value());  // the date itself is the deadline
  EXPECT_TRUE(contains(m.completed_by, "deferral_reconsidered"));
  EXPECT_EQ(only_row(p, "deferred", "deferral_reconsidered").to, "panel_considering");
}

TEST(pack_solihull_2011_scr, week_by_week_timetable_counts_from_awareness) {
  const auto& p = pack();
  struct week_case {
    const char* id;
    const char* timescale;
    const char* cite;
  };
  const week_case plan[] = {
      {"panel_consideration", "1 week", "001:182"},  // First Week (001:179-182)
      {"decision_target", "3 weeks", "001:188"},     // Second and Third Weeks (001:186-188)
      {"appointments", "3 weeks", "001:191"},        // 001:191
      {"terms_of_reference", "3 weeks", "001:192"},  // 001:192
      {"imr_commissioning", "4 weeks", "001:196"},   // By the end of the Fourth Week (001:194-196)
      {"family_notification", "4 weeks", "001:198"},  // 001:198
      {"authors_briefing", "6 weeks", "001:203"},    // Fifth and Sixth Weeks (001:200-203)
  };
  for (const auto& c : plan) {
    SCOPED_TRACE(c.id);
    const auto& m = milestone(p, c.id);
    // "from the point at which the LSCB becomes aware a review needs to be considered" (001:177)
    EXPECT_EQ(m.from.kind, scr::anchor_kind::event);
    EXPECT_EQ(m.from.ref, "referral_received");
    ASSERT_TRUE(m.offset.has_value());
    EXPECT_EQ(m.offset->to_string(), c.timescale);
    EXPECT_EQ(m.kind, scr::milestone_kind::local);
    EXPECT_EQ(m.level, scr::strength::should);  // "Every review will be different" (001:177)
    EXPECT_TRUE(contains(m.cite, c.cite));
  }
  // "Over the next four months" follows weeks 5-6 (001:209).
  const auto& stage = milestone(p, "panel_stage");
  EXPECT_EQ(stage.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(stage.from.ref, "authors_briefing");
  EXPECT_EQ(stage.offset->to_string(), "4 months");  // 001:209
  EXPECT_TRUE(contains(stage.completed_by, "draft_report_shared"));  // 001:212
}

TEST(pack_solihull_2011_scr, ofsted_and_dfe_told_of_the_incident_in_week_1_and_the_decision_in_weeks_2_3) {
  const auto& p = pack();
  const auto& incident = obligation(p, "incident_notice");
  EXPECT_EQ(incident.on.ref, "referral_received");
  EXPECT_EQ(incident.within->to_string(), "1 week");  // First Week (001:181)
  EXPECT_EQ(incident.owner, "administrator");         // "by LSCB Administrator" (001:181)
  EXPECT_TRUE(contains(incident.recipients, "Ofsted"));
  EXPECT_TRUE(contains(incident.recipients, "Department for Education"));

  const auto& decision = obligation(p, "decision_notice");
  EXPECT_EQ(decision.on.ref, "referral_received");    // weeks counted from awareness (001:177)
  EXPECT_EQ(decision.within->to_string(), "3 weeks");  // Second and Third Weeks (001:189)
  EXPECT_EQ(decision.owner, "nominated_panel_member");  // 001:339
  EXPECT_TRUE(contains(decision.recipients, "Ofsted"));
  EXPECT_TRUE(has_choice(p, "decision_notice_by_week_3"));
}

TEST(pack_solihull_2011_scr, completion_six_months_from_the_decision_extendable_by_the_lscb) {
  const auto& p = pack();
  const auto& m = milestone(p, "completion");
  // "within 6 months from the date of the decision to proceed" (001:216, 001:221)
  EXPECT_EQ(m.from.kind, scr::anchor_kind::event);
  EXPECT_EQ(m.from.ref, "decision_made");
  EXPECT_EQ(m.from.which, scr::occurrence::latest);  // a deferral does not start the clock
  EXPECT_EQ(m.offset->to_string(), "6 months");       // 001:216, 001:393
  EXPECT_EQ(m.kind, scr::milestone_kind::statutory);  // "statutory timescales" (001:394)
  EXPECT_EQ(m.level, scr::strength::must);            // "must be completed" (001:216)
  EXPECT_EQ(m.branches, std::vector<std::string>{"scr"});
  // "unless an alternative timescale is agreed by the LSCB" (001:221, 001:393)
  EXPECT_EQ(m.extendable_by, std::vector<std::string>{"lscb"});
  // Submitted to Ofsted, the SHA and the DfE in the last month (001:219).
  EXPECT_TRUE(contains(m.completed_by, "scr_submitted"));

  // Ambiguity 10.5: both clocks are kept. The decision runs from awareness,
  // the completion from the decision.
  EXPECT_EQ(milestone(p, "decision").from.ref, "referral_received");  // 001:177, 001:851
  EXPECT_EQ(milestone(p, "decision_target").from.ref, "referral_received");
}

TEST(pack_solihull_2011_scr, extension_tells_ofsted_the_new_date_and_reason_and_tells_the_family) {
  const auto& p = pack();
  const auto& ofsted = obligation(p, "extension_notice_ofsted");
  EXPECT_EQ(ofsted.on.kind, scr::trigger_kind::extension);  // "Where an extension ... is necessary" (001:398)
  EXPECT_EQ(ofsted.on.ref, "completion");
  EXPECT_EQ(ofsted.recipients, std::vector<std::string>{"Ofsted"});  // 001:398
  EXPECT_EQ(ofsted.level, scr::strength::should);  // "the LSCB should inform Ofsted" (001:398)

  const auto& family = obligation(p, "extension_notice_family");
  EXPECT_EQ(family.on.kind, scr::trigger_kind::extension);
  EXPECT_EQ(family.on.ref, "completion");
  // "you would be informed and the reasons why explained to you" (001:911)
  EXPECT_EQ(family.recipients, std::vector<std::string>{"Family"});
}

TEST(pack_solihull_2011_scr, monthly_progress_update_repeats_until_submission) {
  const auto& o = obligation(pack(), "monthly_progress_update");
  EXPECT_EQ(o.on.kind, scr::trigger_kind::event);
  EXPECT_EQ(o.on.ref, "decision_made");
  ASSERT_TRUE(o.on.when.has_value());
  EXPECT_TRUE(o.on.when->holds(outcome("scr")));  // only once an SCR is held (001:340)
  EXPECT_FALSE(o.on.when->holds(outcome("no_review")));
  ASSERT_TRUE(o.repeat.has_value());
  EXPECT_EQ(o.repeat->to_string(), "1 month");  // "monthly update" (001:340)
  EXPECT_EQ(o.until, "scr_submitted");          // "planned dates for completion" (001:340)
  EXPECT_EQ(o.owner, "nominated_panel_member");  // "Identified member of SCRP" (001:340)
  EXPECT_TRUE(contains(o.recipients, "LSCB Chair"));
}

TEST(pack_solihull_2011_scr, imr_track_commissioning_author_and_interview_notice) {
  const auto& t = track(pack(), "imr");
  EXPECT_EQ(t.instantiated_by, "imr_commissioned");  // Let-comissionIMR (001:476)
  EXPECT_EQ(t.agency_field, "agency");

  // "Please confirm the name ... of your agency's IMR Author to me by (enter date)" (001:1003)
  const auto& named = milestone(t, "author_named");
  EXPECT_EQ(named.from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(named.from.ref, "imr_commissioned");
  EXPECT_EQ(named.from.field, "author_named_by");
  EXPECT_EQ(named.kind, scr::milestone_kind::scheduled);

  // The briefing date is in the commissioning letter (001:989).
  EXPECT_EQ(milestone(t, "author_briefing").from.field, "briefing_on");

  // "at least 2 weeks notice of the interview" (001:507)
  const auto& notice = milestone(t, "interview_notice");
  EXPECT_EQ(notice.from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(notice.from.field, "interview_on");
  EXPECT_EQ(notice.dir, scr::direction::before);
  EXPECT_EQ(notice.offset->to_string(), "2 weeks");
  EXPECT_EQ(notice.level, scr::strength::should);  // "should, wherever possible" (001:507)
}

TEST(pack_solihull_2011_scr, imr_signed_off_before_submission_and_returned_for_further_work) {
  const auto& t = track(pack(), "imr");
  // Quality assured by the senior officer who commissioned it (001:381, 001:438).
  const auto& sign_off = only_row(t, "drafting", "imr_signed_off");
  EXPECT_EQ(sign_off.to, "signed_off");
  EXPECT_EQ(sign_off.roles, std::vector<std::string>{"agency_senior_officer"});
  // Submission only from the signed-off state (001:1380 "MUST ensure ... signed off").
  EXPECT_TRUE(t.transitions_from("drafting", "imr_submitted").empty());
  EXPECT_EQ(only_row(t, "signed_off", "imr_submitted").to, "submitted");
  // "returned for further work, with guidance" (001:1381; re-worked or revised, 001:328),
  // back to drafting, so it is signed off again before it is resubmitted.
  EXPECT_EQ(only_row(t, "submitted", "imr_returned").to, "drafting");
  EXPECT_EQ(only_row(t, "presented", "imr_returned").to, "drafting");
  const auto* returned = t.find_event("imr_returned");
  ASSERT_NE(returned, nullptr);
  ASSERT_NE(returned->find_field("resubmit_by"), nullptr);  // "by when it should be returned" (001:1451)
  const auto& resubmission = milestone(t, "resubmission");
  EXPECT_EQ(resubmission.from.ref, "imr_returned");
  EXPECT_EQ(resubmission.from.which, scr::occurrence::latest);
}

TEST(pack_solihull_2011_scr, imrs_circulated_two_weeks_before_the_presentation_meeting) {
  const auto& p = pack();
  const auto& meeting = milestone(p, "presentation_meeting");
  EXPECT_EQ(meeting.from.kind, scr::anchor_kind::scheduled);  // date set by the Panel (001:999)
  EXPECT_EQ(meeting.kind, scr::milestone_kind::scheduled);

  const auto& circulation = milestone(p, "imr_circulation");
  EXPECT_EQ(circulation.from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(circulation.from.ref, "presentation_meeting");
  EXPECT_EQ(circulation.dir, scr::direction::before);
  EXPECT_EQ(circulation.offset->to_string(), "2 weeks");  // "2 weeks before the presentation meeting" (001:538)
  EXPECT_EQ(circulation.owner, "administrator");          // "by the LSCB Administrator" (001:538)

  // "Once Individual Management Reviews are completed they will be circulated" (001:538)
  const auto& row = only_row(p, "agency_reviews", "imrs_circulated");
  ASSERT_EQ(row.requires_.size(), 1u);
  EXPECT_EQ(row.requires_[0].kind, scr::prerequisite_kind::every_agency);
  EXPECT_EQ(row.requires_[0].track, "imr");
  EXPECT_EQ(row.requires_[0].id, "imr_submission");
}

TEST(pack_solihull_2011_scr, final_draft_checked_by_imr_authors_before_adoption) {
  const auto& p = pack();
  // "Several drafts may be produced" (001:560): drafts loop in overview_drafting.
  EXPECT_FALSE(only_row(p, "overview_drafting", "overview_draft_presented").to.has_value());
  // "the final draft ... distributed to IMR authors who must confirm" (001:562)
  const auto& circulate = only_row(p, "overview_drafting", "final_draft_circulated");
  EXPECT_EQ(circulate.to, "factual_accuracy_check");
  EXPECT_TRUE(std::any_of(circulate.requires_.begin(), circulate.requires_.end(),
                          [](const scr::prerequisite& r) {
                            return r.kind == scr::prerequisite_kind::every_agency &&
                                   r.track == "imr" && r.id == "imr_acceptance";
                          }));
  EXPECT_EQ(only_row(p, "factual_accuracy_check", "fair_representation_confirmed").to,
            "awaiting_adoption");
  EXPECT_EQ(only_row(p, "factual_accuracy_check", "final_draft_disputed").to, "overview_drafting");
}

TEST(pack_solihull_2011_scr, adoption_waits_for_information_from_a_criminal_trial) {
  const auto& p = pack();
  // "the SCR cannot be adopted until all information has been considered" (001:625)
  const auto& adopt = only_row(p, "awaiting_adoption", "scr_adopted");
  EXPECT_EQ(adopt.to, "adopted");
  EXPECT_EQ(adopt.roles, std::vector<std::string>{"lscb"});  // adopted by Solihull LSCB (001:615)
  ASSERT_TRUE(adopt.when.has_value());
  EXPECT_TRUE(adopt.when->holds({{"other_processes_considered", scr::field_value{true}}}));
  EXPECT_FALSE(adopt.when->holds({{"other_processes_considered", scr::field_value{false}}}));
  EXPECT_EQ(only_row(p, "awaiting_adoption", "adoption_postponed").to, "adoption_on_hold");
  EXPECT_EQ(p.find_state("adoption_on_hold")->kind, scr::state_kind::waiting);  // 001:625
  // Submission to Ofsted, the SHA and the DfE follows adoption (001:219, 001:627).
  EXPECT_EQ(only_row(p, "adopted", "scr_submitted").to, "awaiting_evaluation");
}

TEST(pack_solihull_2011_scr, published_summary_to_ofsted_within_one_month_of_the_evaluation_letter) {
  const auto& o = obligation(pack(), "published_summary_to_ofsted");
  EXPECT_EQ(o.on.kind, scr::trigger_kind::event);
  EXPECT_EQ(o.on.ref, "ofsted_evaluation_received");  // "receipt of the Ofsted evaluation letter" (001:609)
  EXPECT_EQ(o.within->to_string(), "1 month");         // "within one month" (001:609)
  EXPECT_TRUE(contains(o.recipients, "Ofsted"));
  EXPECT_EQ(o.discharged_by, "published_summary_sent_to_ofsted");
}

TEST(pack_solihull_2011_scr, signing_off_the_action_plan_ends_the_review_and_papers_are_kept_7_years) {
  const auto& p = pack();
  // "formally conclude the SCR Process by signing off the completion of the action plan" (001:699)
  const auto& end = only_row(p, "monitoring_action_plan", "action_plan_signed_off");
  EXPECT_EQ(end.to, "closed");
  EXPECT_EQ(p.find_state("closed")->kind, scr::state_kind::terminal);

  // "Retain copies of all papers ... for a period of 7 years" (001:650), counted
  // from closure (choice retention_from_closure; ambiguity 10.11).
  const auto& keep = obligation(p, "retain_papers");
  EXPECT_EQ(keep.on.ref, "action_plan_signed_off");
  EXPECT_EQ(keep.within->to_string(), "7 years");
  EXPECT_EQ(keep.owner, "administrator");  // "The LSCB Administrator ... will" (001:648-650)
}

TEST(pack_solihull_2011_scr, role_conflicts_keep_the_chairs_and_authors_independent) {
  const auto& conflicts = pack().conflicts();
  auto has = [&](scr::conflict_kind kind, std::vector<std::string> roles,
                 std::string_view declaration, scr::strength level) {
    std::sort(roles.begin(), roles.end());
    return std::any_of(conflicts.begin(), conflicts.end(), [&](const scr::role_conflict& c) {
      auto r = c.roles;
      std::sort(r.begin(), r.end());
      return c.kind == kind && r == roles && c.declaration == declaration && c.level == level;
    });
  };
  using k = scr::conflict_kind;
  // "The overview report author should not be the chair of the LSCB or the SCR Panel" (001:307)
  EXPECT_TRUE(has(k::same_person, {"overview_author", "lscb_chair"}, "", scr::strength::should));
  EXPECT_TRUE(has(k::same_person, {"overview_author", "panel_chair"}, "", scr::strength::should));
  // Panel chair not "an employee of any of the agencies involved" nor "a member of the LSCB(s)" (001:307)
  EXPECT_TRUE(has(k::involved_agency, {"panel_chair"}, "", scr::strength::should));
  EXPECT_TRUE(has(k::declared, {"panel_chair"}, "member_of_involved_lscb", scr::strength::should));
  // "The Author will not have been directly concerned with the child or family, or have
  // been the immediate line manager of the practitioner(s) involved" (001:436)
  EXPECT_TRUE(has(k::declared, {"imr_author"}, "directly_concerned_with_child_or_family",
                  scr::strength::must));
  EXPECT_TRUE(has(k::declared, {"imr_author"}, "line_manager_of_staff_involved",
                  scr::strength::must));
}
