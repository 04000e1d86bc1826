// The four Essex packs (Essex SCB Serious Case Review Toolkit, October 2016,
// seed 004): the Serious Case Review, the Partnership Learning Review, the
// Partnership Case Audit and the Single Agency Review. Each test checks a rule
// of the source, with the line it comes from next to the assertion.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scr/procedure.hpp"
#include "scr/review.hpp"
#include "scr/timescale.hpp"
#include "procedure_support.hpp"
#include "review_support.hpp"

namespace {

const scr::procedure& scr_pack() { return load_pack("essex-2016-scr"); }
const scr::procedure& plr_pack() { return load_pack("essex-2016-plr"); }
const scr::procedure& audit_pack() { return load_pack("essex-2016-partnership-case-audit"); }
const scr::procedure& single_agency_pack() { return load_pack("essex-2016-single-agency-review"); }

std::string offset(const scr::milestone* m) { return m && m->offset ? m->offset->to_string() : ""; }

const scr::role_conflict* conflict_on(const scr::procedure& p, scr::conflict_kind kind,
                                      std::string_view role) {
  for (const auto& c : p.conflicts())
    if (c.kind == kind && contains(c.roles, role)) return &c;
  return nullptr;
}

// ---- the Serious Case Review --------------------------------------------------

TEST(pack_essex_2016_scr, loads_with_its_id_and_source) {
  const auto& p = scr_pack();
  EXPECT_EQ(p.id(), "essex-2016-scr");
  EXPECT_EQ(p.review_type(), "scr");
  ASSERT_EQ(p.sources().size(), 1u);
  EXPECT_EQ(p.sources()[0].key, "004");  // Essex SCB toolkit, Oct 2016 (004:1, 004:7)
  EXPECT_EQ(p.opened_by(), "referral_received");   // 004:433 incident leading to referral
  EXPECT_EQ(p.initial_state()->id, "referred");
  // 004:435 the referral states why a review is needed, and which agency refers
  EXPECT_TRUE(p.find_event("referral_received")->find_field("reason")->required);
}

TEST(pack_essex_2016_scr, appendix_1_chain_runs_step_after_step) {
  const auto& p = scr_pack();
  const auto* first = p.find_chain("consideration_chain");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->from.kind, scr::anchor_kind::event);
  EXPECT_EQ(first->from.ref, "referral_received");
  EXPECT_EQ(first->steps, (std::vector<std::string>{"initial_review", "consideration_decision",
                                                    "agency_information"}));
  EXPECT_EQ(offset(p.find_milestone("initial_review")), "3 working days");  // 004:441
  EXPECT_EQ(offset(p.find_milestone("consideration_decision")), "7 days");  // 004:451
  EXPECT_EQ(offset(p.find_milestone("agency_information")), "14 days");     // 004:464
  EXPECT_EQ(p.find_milestone("agency_information")->chain, "consideration_chain");

  const auto* second = p.find_chain("consideration_panel_chain");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->steps, (std::vector<std::string>{"consideration_panel", "panel_recommendation",
                                                     "chair_decision"}));
  EXPECT_EQ(offset(p.find_milestone("consideration_panel")), "28 days");   // 004:475
  EXPECT_EQ(offset(p.find_milestone("panel_recommendation")), "7 days");   // 004:530
  EXPECT_EQ(offset(p.find_milestone("chair_decision")), "14 days");        // 004:536

  // Ambiguity 10.1: sequential, so the 28 days run from the agencies'
  // information (004:464), not from the referral; the choice is recorded.
  EXPECT_EQ(second->from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(second->from.ref, "agency_information");
  EXPECT_TRUE(has_choice(p, "decision_chain_counting"));
}

TEST(pack_essex_2016_scr, initial_review_may_take_longer_to_gather_information) {
  const auto* m = scr_pack().find_milestone("initial_review");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->owner, "board_manager");                // 004:443 ESCB Manager
  EXPECT_EQ(m->level, scr::strength::should);          // 004:447 "(appropriately) lead to a longer process"
  EXPECT_EQ(m->kind, scr::milestone_kind::local);
  const auto* forward = scr_pack().find_obligation("referral_to_independent_chair");
  ASSERT_NE(forward, nullptr);                          // 004:445 forward to the Independent Chair
  EXPECT_EQ(forward->on.ref, "referral_received");
}

TEST(pack_essex_2016_scr, no_consideration_panel_ends_with_a_letter_to_the_referrer) {
  const auto& p = scr_pack();
  const auto* no = first_row(p, "sub_committee_commenting", "consideration_decided",
                             {{"outcome", std::string("no_panel")}});
  ASSERT_NE(no, nullptr);
  EXPECT_EQ(no->to, "informing_referrer");  // 004:468 3(ii) If No
  const auto* yes = first_row(p, "sub_committee_commenting", "consideration_decided",
                              {{"outcome", std::string("convene_panel")}});
  ASSERT_NE(yes, nullptr);
  EXPECT_EQ(yes->to, "gathering_information");  // 004:459-461 all agencies asked for information

  const auto rows = p.transitions_from("informing_referrer", "referrer_informed");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]->to, "closed_no_panel");  // 004:470 letter to referrer
  EXPECT_EQ(p.find_state("closed_no_panel")->kind, scr::state_kind::terminal);
  EXPECT_NE(p.find_event("referrer_informed")->find_field("reasons"), nullptr);  // 004:470 "full explanation"

  const auto* letter = p.find_obligation("letter_to_referrer");
  ASSERT_NE(letter, nullptr);
  EXPECT_EQ(letter->on.ref, "consideration_decided");
  ASSERT_TRUE(letter->on.when.has_value());
  EXPECT_TRUE(letter->on.when->holds({{"outcome", std::string("no_panel")}}));
  EXPECT_NE(p.find_obligation("no_panel_confirmed_to_sub_committee"), nullptr);  // 004:471
}

TEST(pack_essex_2016_scr, chair_accepts_rejects_or_defers_to_a_dated_reconsideration) {
  const auto& p = scr_pack();
  const auto* decided = p.find_event("chair_decided");
  ASSERT_NE(decided, nullptr);
  const auto* outcome = decided->find_field("outcome");
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->values,
            (std::vector<std::string>{"accepted", "rejected", "deferred"}));  // 004:540
  const auto* reconsider_on = decided->find_field("reconsider_on");
  ASSERT_NE(reconsider_on, nullptr);
  EXPECT_EQ(reconsider_on->type, scr::field_type::local_date);
  ASSERT_TRUE(reconsider_on->required_when.has_value());
  EXPECT_TRUE(reconsider_on->required_when->holds({{"outcome", std::string("deferred")}}));
  EXPECT_FALSE(reconsider_on->required_when->holds({{"outcome", std::string("accepted")}}));

  const auto* defer = first_row(p, "chair_considering", "chair_decided",
                                {{"outcome", std::string("deferred")}});
  ASSERT_NE(defer, nullptr);
  EXPECT_EQ(defer->to, "decision_deferred");  // 004:540 defer pending further information
  EXPECT_EQ(p.find_state("decision_deferred")->kind, scr::state_kind::waiting);

  const auto* again = p.find_milestone("reconsideration");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(again->from.ref, "chair_decided");
  EXPECT_EQ(again->from.field, "reconsider_on");
  EXPECT_EQ(again->from.which, scr::occurrence::latest);  // a second deferral carries a new date
  EXPECT_FALSE(again->offset.has_value());
  EXPECT_EQ(again->completed_by, std::vector<std::string>{"decision_reconsidered"});
}

TEST(pack_essex_2016_scr, the_chairs_decision_commissions_an_scr_or_another_review) {
  const auto& p = scr_pack();
  const auto* scr_row = first_row(p, "chair_considering", "chair_decided",
                                  {{"outcome", std::string("accepted")}, {"review", std::string("scr")}});
  ASSERT_NE(scr_row, nullptr);
  EXPECT_EQ(scr_row->to, "commissioning");  // 004:552 review panel and Lead Reviewer
  EXPECT_EQ(scr_row->branch, "scr");
  EXPECT_EQ(scr_row->roles, std::vector<std::string>{"independent_chair"});  // 004:101 final decision

  const auto* plr_row = first_row(p, "chair_considering", "chair_decided",
                                  {{"outcome", std::string("rejected")},
                                   {"review", std::string("partnership_learning_review")}});
  ASSERT_NE(plr_row, nullptr);
  EXPECT_EQ(plr_row->to, "other_review_commissioned");  // 004:524 "SCR or alternate review"

  const auto* none = first_row(p, "chair_considering", "chair_decided",
                               {{"outcome", std::string("accepted")}, {"review", std::string("no_review")}});
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->to, "no_review");

  // 004:546 decision confirmed in writing to the Panel Chair and the Sub Committee Chair
  EXPECT_NE(p.find_obligation("decision_confirmed_in_writing"), nullptr);
  // 004:479 collated information shared before the Consideration Panel meets
  const auto rows = p.transitions_from("panel_pending", "consideration_panel_held");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0]->requires_.size(), 1u);
  EXPECT_EQ(rows[0]->requires_[0].id, "agency_information");
}

TEST(pack_essex_2016_scr, the_26_week_model_counts_from_commissioning) {
  const auto& p = scr_pack();
  const std::vector<std::pair<std::string, std::string>> weeks = {
      {"scoping", "3 weeks"},                       // 004:226
      {"medical_records_letter", "5 weeks"},        // 004:227
      {"information_collection", "8 weeks"},        // 004:229
      {"key_themes", "8 weeks"},                    // 004:231
      {"family_invitation", "8 weeks"},             // 004:231
      {"learning_event_preparation", "11 weeks"},   // 004:232
      {"learning_event", "12 weeks"},               // 004:236
      {"draft_1", "15 weeks"},                      // 004:237
      {"review_team_meeting", "16 weeks"},          // 004:238 meeting 5
      {"draft_2", "18 weeks"},                      // 004:239
      {"practitioner_feedback_event", "20 weeks"},  // 004:240
      {"report_final", "22 weeks"},                 // 004:241
      {"sub_committee_presentation", "24 weeks"},   // 004:243
      {"publication_target", "26 weeks"},           // 004:246
  };
  for (const auto& [id, within] : weeks) {
    SCOPED_TRACE(id);
    const auto* m = p.find_milestone(id);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->from.kind, scr::anchor_kind::event);
    EXPECT_EQ(m->from.ref, "review_commissioned");
    EXPECT_EQ(offset(m), within);
    EXPECT_EQ(m->kind, scr::milestone_kind::local);
    EXPECT_EQ(m->level, scr::strength::should);  // 004:222 "approximations of the timeframes"
  }
  // 004:227 the medical-records letter is "If required": either event meets it.
  EXPECT_EQ(p.find_milestone("medical_records_letter")->completed_by.size(), 2u);
}

TEST(pack_essex_2016_scr, publication_is_scheduled_and_circulation_counts_back_from_it) {
  const auto& p = scr_pack();
  const auto* pub = p.find_milestone("publication");
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(pub->from.kind, scr::anchor_kind::scheduled);  // 004:348 Sub Committee agrees publication
  EXPECT_EQ(pub->kind, scr::milestone_kind::scheduled);

  const auto* agencies = p.find_milestone("circulation_to_agencies");
  ASSERT_NE(agencies, nullptr);
  EXPECT_EQ(agencies->from.kind, scr::anchor_kind::milestone);
  EXPECT_EQ(agencies->from.ref, "publication");
  EXPECT_EQ(agencies->dir, scr::direction::before);
  EXPECT_EQ(offset(agencies), "2 weeks");  // 004:350 2 weeks before publication

  const auto* board = p.find_milestone("circulation_to_board");
  ASSERT_NE(board, nullptr);
  EXPECT_EQ(board->dir, scr::direction::before);
  EXPECT_EQ(offset(board), "1 week");  // 004:350 to ESCB 1 week before publication
}

TEST(pack_essex_2016_scr, six_months_from_commissioning_with_delays_told_to_ofsted_and_dfe) {
  const auto& p = scr_pack();
  const auto* done = p.find_milestone("completion");
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->from.kind, scr::anchor_kind::event);
  EXPECT_EQ(done->from.ref, "review_commissioned");  // 004:162 "of commissioning the review"
  EXPECT_EQ(offset(done), "6 months");
  EXPECT_EQ(done->level, scr::strength::must);
  EXPECT_EQ(done->branches, std::vector<std::string>{"scr"});
  EXPECT_TRUE(contains(done->extendable_by, "independent_chair"));
  EXPECT_TRUE(has_choice(p, "completion_anchor"));  // 004:146 against 004:162

  const auto* delay = p.find_obligation("delay_reported_to_ofsted_dfe");
  ASSERT_NE(delay, nullptr);
  EXPECT_EQ(delay->on.kind, scr::trigger_kind::extension);
  EXPECT_EQ(delay->on.ref, "completion");
  EXPECT_EQ(delay->owner, "board_manager");  // 004:162 "by the ESCB Board Manager"
  EXPECT_EQ(delay->recipients, (std::vector<std::string>{"Ofsted", "DfE"}));
}

TEST(pack_essex_2016_scr, action_plans_are_followed_up_quarterly_for_a_year) {
  const auto& p = scr_pack();
  const auto* q = p.find_obligation("quarterly_update_request");
  ASSERT_NE(q, nullptr);
  ASSERT_TRUE(q->repeat.has_value());
  EXPECT_EQ(q->repeat->to_string(), "3 months");  // 004:359 "sent quarterly"
  EXPECT_EQ(q->until, "action_plans_completed");
  EXPECT_EQ(q->discharged_by, "update_requested");

  const auto* year = p.find_milestone("action_plans_complete");
  ASSERT_NE(year, nullptr);
  EXPECT_EQ(year->from.kind, scr::anchor_kind::event);
  EXPECT_EQ(year->from.ref, "update_requested");  // 004:362 "of the first request for update"
  EXPECT_EQ(year->from.which, scr::occurrence::first);
  EXPECT_EQ(offset(year), "1 year");
  EXPECT_EQ(year->level, scr::strength::should);  // 004:362 "should be completed"
}

TEST(pack_essex_2016_scr, agencies_give_a_chronology_summary_and_action_plan_and_an_imr_only_if_asked) {
  const auto& p = scr_pack();
  const auto* t = p.find_track("agency_contribution");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->instantiated_by, "agency_commissioned");  // 004:256 LSCB Chair asks each agency
  EXPECT_EQ(t->agency_field, "agency");
  for (const char* id : {"agency_chronology", "agency_learning_summary", "agency_action_plan"}) {
    SCOPED_TRACE(id);
    const auto* m = t->find_milestone(id);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->owner, "iar");               // 004:208 the IAR writes them
    EXPECT_EQ(offset(m), "8 weeks");          // 004:229 week 8
    EXPECT_EQ(m->from.ref, "review_commissioned");
  }
  // 004:264 signed off by a Senior Manager before it goes to the Review Team.
  const auto sign = t->transitions_from("preparing", "contribution_signed_off");
  ASSERT_EQ(sign.size(), 1u);
  EXPECT_EQ(sign[0]->roles, std::vector<std::string>{"agency_senior_manager"});
  EXPECT_EQ(sign[0]->to, "signed_off");
  EXPECT_TRUE(t->transitions_from("preparing", "contribution_submitted").empty());
  // 004:265 the Review Team may ask for more: back to the IAR.
  const auto more = t->transitions_from("submitted", "more_information_requested");
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0]->to, "preparing");
  // 004:208, 004:232 no IMR unless requested.
  EXPECT_TRUE(t->transitions_from("preparing", "imr_submitted").empty());
  const auto imr = t->transitions_from("submitted", "imr_requested");
  ASSERT_EQ(imr.size(), 1u);
  EXPECT_EQ(imr[0]->to, "imr_in_preparation");
  const auto returned = t->transitions_from("imr_under_review", "imr_returned");
  ASSERT_EQ(returned.size(), 1u);
  EXPECT_EQ(returned[0]->to, "imr_in_preparation");
  // 004:264 the Review Team starts once every agency's chronology is in.
  const auto collate = p.transitions_from("collecting_information", "chronologies_collated");
  ASSERT_EQ(collate.size(), 1u);
  ASSERT_EQ(collate[0]->requires_.size(), 1u);
  EXPECT_EQ(collate[0]->requires_[0].kind, scr::prerequisite_kind::every_agency);
  EXPECT_EQ(collate[0]->requires_[0].track, "agency_contribution");
  EXPECT_EQ(collate[0]->requires_[0].id, "agency_submission");
}

TEST(pack_essex_2016_scr, independence_rules_for_reviewer_panel_chair_and_iar) {
  const auto& p = scr_pack();
  const auto* lscb = conflict_on(p, scr::conflict_kind::declared, "lead_reviewer");
  ASSERT_NE(lscb, nullptr);  // 004:139, 004:202 independent of the LSCB
  EXPECT_TRUE(contains(lscb->cite, "004:139"));
  const auto* orgs = conflict_on(p, scr::conflict_kind::involved_agency, "lead_reviewer");
  ASSERT_NE(orgs, nullptr);  // 004:139 "should be independent of ... the organisations involved"
  EXPECT_EQ(orgs->level, scr::strength::should);
  const auto* chair = conflict_on(p, scr::conflict_kind::involved_agency, "panel_chair");
  ASSERT_NE(chair, nullptr);  // 004:477 "should be independent of the services directly concerned"
  EXPECT_EQ(chair->level, scr::strength::should);
  const auto* iar = conflict_on(p, scr::conflict_kind::declared, "iar");
  ASSERT_NE(iar, nullptr);  // 004:208 "must have had no line management experience in the case"
  EXPECT_EQ(iar->level, scr::strength::must);
  EXPECT_EQ(iar->declaration, "line_management_in_the_case");
}

// ---- the Partnership Learning Review --------------------------------------------

TEST(pack_essex_2016_plr, follows_steps_1_to_8_then_sub_committee_and_key_themes) {
  const auto& p = plr_pack();
  EXPECT_EQ(p.id(), "essex-2016-plr");
  EXPECT_EQ(p.review_type(), "plr");
  EXPECT_EQ(p.opened_by(), "recommendation_received");  // 004:368 Sub Committee recommends a PLR
  const std::vector<std::pair<std::string, std::string>> weeks = {
      {"scoping", "3 weeks"},                      // 004:397
      {"information_collection", "8 weeks"},       // 004:399
      {"key_themes", "8 weeks"},                   // 004:400
      {"learning_event_preparation", "11 weeks"},  // 004:401
      {"learning_event", "12 weeks"},              // 004:403
      {"draft_1", "15 weeks"},                     // 004:404
      {"draft_2", "18 weeks"},                     // 004:406
      {"report_final", "22 weeks"},                // 004:409
      {"sub_committee_presentation", "24 weeks"},  // 004:410 step 9
      {"learning_themes_to_board", "24 weeks"},    // 004:410 learning themes shared with the ESCB
      {"key_themes_publication", "26 weeks"},      // 004:411 step 10 publication of key themes
  };
  for (const auto& [id, within] : weeks) {
    SCOPED_TRACE(id);
    const auto* m = p.find_milestone(id);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->from.ref, "review_commissioned");
    EXPECT_EQ(offset(m), within);
  }
  // 004:386 a nominated member of the SCR Sub Committee shares the themes.
  const auto share = p.transitions_from("sharing_learning", "learning_themes_shared");
  ASSERT_EQ(share.size(), 1u);
  EXPECT_EQ(share[0]->roles, std::vector<std::string>{"sub_committee_member"});
  EXPECT_NE(p.find_track("agency_contribution"), nullptr);  // 004:372 steps 1 to 8 include chronologies
}

TEST(pack_essex_2016_plr, the_report_itself_is_not_published) {
  const auto& p = plr_pack();
  // 004:374 "the Report itself is not published and does not have to be sent
  // to the National SCR Panel of Experts"
  EXPECT_EQ(p.find_event("report_published"), nullptr);
  EXPECT_EQ(p.find_milestone("publication"), nullptr);
  for (const auto& o : p.obligations) EXPECT_FALSE(contains(o.recipients, "National SCR Panel"));
  // 004:389, 004:411 the key themes are published, and that closes the PLR.
  const auto rows = p.transitions_from("disseminating", "key_themes_published");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]->to, "closed");
}

TEST(pack_essex_2016_plr, six_months_from_commissioning_and_a_dated_deferral) {
  const auto& p = plr_pack();
  const auto* done = p.find_milestone("completion");
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->from.ref, "review_commissioned");  // 004:162 "All reviews"
  EXPECT_EQ(offset(done), "6 months");
  EXPECT_FALSE(done->extendable_by.empty());
  const auto* delay = p.find_obligation("delay_reported_to_ofsted_dfe");
  ASSERT_NE(delay, nullptr);
  EXPECT_EQ(delay->on.kind, scr::trigger_kind::extension);

  // 004:368 the Sub Committee recommends, the Independent Chair decides (004:540).
  const auto* defer = first_row(p, "recommended", "chair_decided",
                                {{"outcome", std::string("deferred")}});
  ASSERT_NE(defer, nullptr);
  EXPECT_EQ(defer->to, "decision_deferred");
  const auto* again = p.find_milestone("reconsideration");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(again->from.field, "reconsider_on");
  // 004:227 and 004:372: the medical-records letter stays at week 5 (recorded choice).
  EXPECT_EQ(offset(p.find_milestone("medical_records_letter")), "5 weeks");
  EXPECT_TRUE(has_choice(p, "medical_records_letter_week"));
}

// ---- the Partnership Case Audit ---------------------------------------------------

TEST(pack_essex_2016_partnership_case_audit, commissioned_by_the_sub_committee_and_chaired_by_audit_unit) {
  const auto& p = audit_pack();
  EXPECT_EQ(p.id(), "essex-2016-partnership-case-audit");
  EXPECT_EQ(p.opened_by(), "audit_commissioned");  // 004:413 commissioned by the SCR Sub Committee
  EXPECT_EQ(p.find_milestone("completion")->owner, "sub_committee_chair");  // 004:413
  const auto meeting = p.transitions_from("arranging_meeting", "audit_meeting_held");
  ASSERT_EQ(meeting.size(), 1u);
  EXPECT_EQ(meeting[0]->roles, std::vector<std::string>{"audit_chair"});  // 004:417 PS&A Unit chairs
  const auto* m = p.find_milestone("audit_meeting");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->from.kind, scr::anchor_kind::scheduled);
  // 004:415 children in need, on a child protection plan, or in care
  const auto* status = p.find_event("audit_commissioned")->find_field("child_status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->values.size(), 3u);
}

TEST(pack_essex_2016_partnership_case_audit, results_feed_training_within_six_months) {
  const auto& p = audit_pack();
  const auto* o = p.find_obligation("findings_into_training");
  ASSERT_NE(o, nullptr);  // 004:419 taken into account in training and service development
  EXPECT_EQ(o->on.ref, "findings_reported");
  const auto* done = p.find_milestone("completion");
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->from.ref, "audit_commissioned");
  EXPECT_EQ(offset(done), "6 months");  // 004:162 "All reviews"
  EXPECT_TRUE(contains(done->cite, "004:162"));
}

// ---- the Single Agency Review -----------------------------------------------------

TEST(pack_essex_2016_single_agency_review, one_agency_reports_to_the_board_within_six_months) {
  const auto& p = single_agency_pack();
  EXPECT_EQ(p.id(), "essex-2016-single-agency-review");
  EXPECT_EQ(p.opened_by(), "review_commissioned");
  const auto* commissioned = p.find_event("review_commissioned");
  ASSERT_NE(commissioned, nullptr);
  const auto* agency = commissioned->find_field("agency");
  ASSERT_NE(agency, nullptr);  // 004:423 "Review undertaken by one agency"
  EXPECT_EQ(agency->type, scr::field_type::agency);
  EXPECT_TRUE(agency->required);
  EXPECT_TRUE(p.tracks().empty());

  const auto* done = p.find_milestone("completion");
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->from.ref, "review_commissioned");
  EXPECT_EQ(offset(done), "6 months");  // 004:162: no timescale of its own, so "All reviews"
  EXPECT_EQ(done->completed_by, std::vector<std::string>{"report_provided"});  // 004:423 report and action plan
  EXPECT_TRUE(contains(done->cite, "004:162"));
  const auto rows = p.transitions_from("in_review", "report_provided");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]->to, "board_considering");
  EXPECT_NE(p.find_obligation("delay_reported_to_ofsted_dfe"), nullptr);  // 004:162
}

// ---- all four ------------------------------------------------------------------

TEST(pack_essex_2016_scr, the_four_essex_packs_have_distinct_ids_and_one_source) {
  const std::vector<const scr::procedure*> packs = {&scr_pack(), &plr_pack(), &audit_pack(),
                                                    &single_agency_pack()};
  std::vector<std::string> ids;
  for (const auto* p : packs) {
    ids.push_back(p->id());
    EXPECT_EQ(p->effective_from(), scr::date(2016, 10, 1));  // 004:7 October 2016
    ASSERT_EQ(p->sources().size(), 1u);
    EXPECT_EQ(p->sources()[0].key, "004");
    EXPECT_TRUE(p->warnings().empty()) << p->id();
    // Every milestone and obligation names the seed line it encodes.
    for (const auto& m : p->milestones) EXPECT_FALSE(m.cite.empty()) << p->id() << ": " << m.id;
    for (const auto& o : p->obligations) EXPECT_FALSE(o.cite.empty()) << p->id() << ": " << o.id;
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());
}

// ---- the PLR at closure ------------------------------------------------------------
//
// A PLR with one agency, recommended on 2 January 2018, commissioned on 15
// January, closed by the publication of its key themes on Monday 16 July 2018.

scr::review plr_closed_on_16_july_2018() {
  const auto p = std::make_shared<const scr::procedure>(plr_pack());
  const auto chair = as("independent_chair", "ESCB Independent Chair", "Essex SCB");
  const auto sub_chair = as("sub_committee_chair", "Chair of the SCR Sub Committee", "Essex SCB");
  const auto lead = as("lead_reviewer", "Independent Lead Reviewer", "Independent");
  const std::string police = "Essex Police";
  const auto iar = as("iar", "IAR, Essex Police", police);
  auto r = scr::review::open(p, ew(), "Child P", london(2018, 1, 2), sub_chair,
                             {{"potential_learning", std::string("Information sharing")}});
  r.record("chair_decided", london(2018, 1, 10), chair, {{"outcome", std::string("accepted")}});
  r.record("review_commissioned", london(2018, 1, 15), chair);
  r.record("agency_commissioned", london(2018, 1, 16), chair, {{"agency", police}});
  r.record("scoping_meeting_held", london(2018, 2, 5), lead);
  for (const char* e : {"chronology_completed", "learning_summary_completed", "action_plan_drafted"}) {
    r.record(e, london(2018, 2, 26), iar, {}, police);
  }
  r.record("contribution_signed_off", london(2018, 3, 1), as("agency_senior_manager", "Senior Manager", police), {},
           police);
  r.record("terms_of_reference_agreed", london(2018, 3, 9), as("board_manager", "ESCB Board Manager", "Essex SCB"));
  r.record("contribution_submitted", london(2018, 3, 9, 12), iar, {}, police);
  r.record("chronologies_collated", london(2018, 3, 15), lead);
  r.record("key_themes_agreed", london(2018, 3, 19), lead);
  r.record("composite_chronology_sent", london(2018, 3, 29), as("support_team", "ESCB Support Team", "Essex SCB"));
  for (const auto& [e, at] : {std::pair{"learning_event_held", london(2018, 4, 9)},
                              std::pair{"draft_1_completed", london(2018, 4, 27)},
                              std::pair{"draft_discussed", london(2018, 5, 8)},
                              std::pair{"draft_2_completed", london(2018, 5, 21)},
                              std::pair{"practitioner_feedback_held", london(2018, 6, 4)},
                              std::pair{"report_finalised", london(2018, 6, 18)}}) {
    r.record(e, at, lead);
  }
  r.record("sub_committee_decided", london(2018, 7, 2), sub_chair, {{"outcome", std::string("agreed")}});
  r.record("learning_themes_shared", london(2018, 7, 2, 15), as("sub_committee_member", "Sub Committee member", police));
  r.record("board_response_agreed", london(2018, 7, 10), chair);
  r.record("key_themes_published", london(2018, 7, 16), sub_chair);
  return r;
}

TEST(pack_essex_2016_plr, board_oversight_of_actions_goes_on_for_a_year_after_closure) {
  const auto& o = obligation(plr_pack(), "board_oversight_of_actions");
  ASSERT_TRUE(o.after_closure.has_value());
  EXPECT_EQ(o.after_closure->to_string(), "12 months");  // 004:109 "reflect on progress in its annual report"
  EXPECT_TRUE(has_choice(plr_pack(), "oversight_after_closure"));

  const auto r = plr_closed_on_16_july_2018();
  ASSERT_TRUE(r.closed());
  EXPECT_EQ(r.state(), "closed");
  // The day after closure it is still open (no due date of its own) ...
  const auto next_day = r.obligations(ymd(2018, 7, 17));
  EXPECT_EQ(obligation_of(next_day, "board_oversight_of_actions").status, scr::obligation_status::open);
  // ... while the family's feedback (004:411), which ends with the review, is
  // outstanding at closure at once.
  EXPECT_EQ(obligation_of(next_day, "family_feedback").status, scr::obligation_status::outstanding);
  // Live through 16 July 2019, twelve months after closure; outstanding from the day after.
  EXPECT_EQ(obligation_of(r.obligations(ymd(2019, 7, 16)), "board_oversight_of_actions").status,
            scr::obligation_status::open);
  EXPECT_EQ(obligation_of(r.obligations(ymd(2019, 7, 17)), "board_oversight_of_actions").status,
            scr::obligation_status::outstanding);
  // Thirteen months after closure: outstanding at closure, never overdue.
  EXPECT_EQ(obligation_of(r.obligations(ymd(2019, 8, 16)), "board_oversight_of_actions").status,
            scr::obligation_status::outstanding);
}

TEST(pack_essex_2016_plr, board_oversight_of_actions_can_be_discharged_after_closure) {
  auto r = plr_closed_on_16_july_2018();
  r.discharge("board_oversight_of_actions", london(2019, 6, 28),
              as("independent_chair", "ESCB Independent Chair", "Essex SCB"), "Progress reported in the annual report");
  const auto row = obligation_of(r.obligations(ymd(2019, 8, 16)), "board_oversight_of_actions");
  EXPECT_EQ(row.status, scr::obligation_status::discharged);
  EXPECT_EQ(row.discharged_at, london(2019, 6, 28));
}

// ---- all eight built-in packs ---------------------------------------------------------

// procedure.corrections: each pack names the roles that run its reviews for the
// board (its manager, business manager or administrators), and they are roles
// the pack declares. The file in libscr/procedures and the built-in copy agree.
TEST(pack_builtins, every_pack_names_the_roles_that_may_correct_its_reviews) {
  const std::map<std::string, std::vector<std::string>> expected{
      {"england-2014-sar", {"business_manager", "sab_chair"}},
      {"england-2023-lcspr", {"safeguarding_partners"}},
      {"england-wales-2016-dhr", {"dhr_coordinator", "csp_chair"}},
      {"essex-2016-partnership-case-audit", {"board_manager"}},
      {"essex-2016-plr", {"board_manager", "support_team"}},
      {"essex-2016-scr", {"board_manager", "support_team"}},
      {"essex-2016-single-agency-review", {"board_manager"}},
      {"north-yorkshire-2010-scr", {"lscb_manager", "administrator"}},
      {"solihull-2011-scr", {"administrator", "business_manager"}},
      {"stockport-2010-imr", {"business_manager"}},
  };
  const auto ids = scr::procedure::builtin_ids();
  EXPECT_EQ(ids.size(), 10u);
  for (const auto& id : ids) {
    const auto& p = load_pack(id);
    ASSERT_FALSE(p.correctors().empty()) << id << " names no corrections roles";
    for (const auto& r : p.correctors()) EXPECT_NE(p.find_role(r), nullptr) << id << ": " << r;
    EXPECT_EQ(p.correctors(), scr::procedure::builtin(id).correctors()) << id;
    const auto it = expected.find(id);
    ASSERT_NE(it, expected.end()) << "a new built-in pack: " << id;
    EXPECT_EQ(p.correctors(), it->second) << id;
  }
}

// after_closure: the obligations that truly go on after the review closes,
// and for how long. Every other obligation ends with its review.
TEST(pack_builtins, obligations_that_go_on_after_closure) {
  const std::map<std::string, std::string> expected{
      {"england-2023-lcspr/notify_looked_after_death", "5 working days"},
      // The annual report of the year a review concludes (Care Act 2014 Sch.2 para 4).
      {"england-2014-sar/account_in_annual_report", "12 months"},
      // A decision not to hold a DHR closes it; the Home Office is still told.
      {"england-wales-2016-dhr/tell_home_office", "1 month"},
      // The copy for the Domestic Abuse Commissioner may follow publication.
      {"england-wales-2016-dhr/copy_to_commissioner", "1 month"},
      {"essex-2016-partnership-case-audit/findings_into_training", "12 months"},       // 004:419
      {"essex-2016-plr/board_oversight_of_actions", "12 months"},                      // 004:109
      {"essex-2016-scr/no_panel_confirmed_to_sub_committee", "7 days"},               // 004:471
      {"essex-2016-scr/decision_confirmed_in_writing", "7 days"},                     // 004:546
      {"north-yorkshire-2010-scr/rescind_file_security", "5 working days"},          // 003:84
      {"solihull-2011-scr/decision_notice", "2 weeks"},                               // 001:189
      {"solihull-2011-scr/retain_papers", "7 years"},                                 // 001:650
      {"stockport-2010-imr/action_plan_progress", "12 months"},                       // 002:363
  };
  std::map<std::string, std::string> found;
  for (const auto& id : scr::procedure::builtin_ids()) {
    const auto& p = load_pack(id);
    const auto add = [&](const scr::machine& m) {
      for (const auto& o : m.obligations)
        if (o.after_closure) found[id + "/" + o.id] = o.after_closure->to_string();
    };
    add(p);
    for (const auto& t : p.tracks()) add(t);
  }
  EXPECT_EQ(found, expected);
}

}  // namespace
