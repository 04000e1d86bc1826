// Tests for the built-in pack england-2023-lcspr: the national procedure for
// serious child safeguarding incidents in England under Working Together to
// Safeguard Children 2023, chapter 5.
//
// Sources (the pack's `procedure.sources`):
//   wt2023    Working Together to Safeguard Children 2023, chapter 5, cited by
//             section heading ("wt2023:5 Rapid reviews")
//   ca2004    Children Act 2004 ss16C, 16F, 16H (Children and Social Work Act 2017)
//   regs2018  Child Safeguarding Practice Review and Relevant Agency (England)
//             Regulations 2018, Part 3

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scr/procedure.hpp"
#include "scr/timescale.hpp"
#include "procedure_support.hpp"

namespace {

const scr::procedure& pack() { return load_pack("england-2023-lcspr"); }

bool any_cite_starts_with(const std::vector<std::string>& cites, std::string_view prefix) {
  return std::any_of(cites.begin(), cites.end(),
                     [&](const std::string& c) { return c.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST(pack_england_2023_lcspr, loads_with_its_three_sources_and_recorded_choices) {
  const auto& p = pack();
  EXPECT_EQ(p.id(), "england-2023-lcspr");
  EXPECT_EQ(p.review_type(), "lcspr");
  // ca2004:s16C(1): everything starts when the local authority knows or
  // suspects abuse or neglect and the child has died or been seriously harmed.
  EXPECT_EQ(p.opened_by(), "incident_identified");
  EXPECT_EQ(p.initial_state()->id, "identified");
  std::vector<std::string> keys;
  for (const auto& s : p.sources()) keys.push_back(s.key);
  EXPECT_TRUE(contains(keys, "wt2023"));
  EXPECT_TRUE(contains(keys, "ca2004"));
  EXPECT_TRUE(contains(keys, "regs2018"));
  // Every ambiguity the pack resolves is named, the rapid-review anchor first
  // among them (wt2023:5 Rapid reviews gives no single start point).
  std::vector<std::string> choices;
  for (const auto& c : p.choices()) choices.push_back(c.id);
  EXPECT_TRUE(contains(choices, "rapid_review_anchor"));
  EXPECT_TRUE(contains(choices, "six_month_anchor"));
  EXPECT_TRUE(contains(choices, "extension_by_partners"));
}

TEST(pack_england_2023_lcspr, the_three_safeguarding_partners_are_roles) {
  const auto& p = pack();
  // ca2004:s16F - the local authority, the ICB and the chief officer of police.
  EXPECT_NE(p.find_role("local_authority"), nullptr);
  EXPECT_NE(p.find_role("integrated_care_board"), nullptr);
  EXPECT_NE(p.find_role("chief_officer_of_police"), nullptr);
  EXPECT_NE(p.find_role("lead_reviewer"), nullptr);
  EXPECT_NE(p.find_role("reviewer"), nullptr);
}

TEST(pack_england_2023_lcspr, panel_is_notified_within_5_working_days_of_awareness) {
  const auto* m = pack().find_milestone("panel_notification");
  ASSERT_NE(m, nullptr);
  // ca2004:s16C(1) "must notify"; wt2023:5 Duty on local authorities to notify:
  // within 5 working days of becoming aware of the incident.
  EXPECT_EQ(m->owner, "local_authority");
  EXPECT_EQ(m->from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(m->from.ref, "incident_identified");
  EXPECT_EQ(m->from.field, "became_aware_on");
  ASSERT_TRUE(m->offset.has_value());
  EXPECT_EQ(m->offset->to_string(), "5 working days");
  EXPECT_EQ(m->dir, scr::direction::after);
  EXPECT_EQ(m->kind, scr::milestone_kind::statutory);
  EXPECT_EQ(m->level, scr::strength::must);
  EXPECT_TRUE(contains(m->completed_by, "panel_notified"));
  EXPECT_TRUE(any_cite_starts_with(m->cite, "ca2004:s16C"));
}

TEST(pack_england_2023_lcspr, both_start_points_are_stored_and_rapid_review_counts_from_notification) {
  const auto& p = pack();
  // Both dates are carried as data, so the anchor can move between them.
  const auto* aware = p.find_event("incident_identified");
  ASSERT_NE(aware, nullptr);
  ASSERT_NE(aware->find_field("became_aware_on"), nullptr);
  EXPECT_EQ(aware->find_field("became_aware_on")->type, scr::field_type::local_date);
  const auto* sent = p.find_event("panel_notified");
  ASSERT_NE(sent, nullptr);
  ASSERT_NE(sent->find_field("notified_on"), nullptr);
  EXPECT_EQ(sent->find_field("notified_on")->type, scr::field_type::local_date);

  // wt2023:5 Rapid reviews: 15 working days, "should"; anchored on the date the
  // notification was sent (choice rapid_review_anchor).
  const auto* m = p.find_milestone("rapid_review");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->owner, "safeguarding_partners");
  EXPECT_EQ(m->from.kind, scr::anchor_kind::event_field);
  EXPECT_EQ(m->from.ref, "panel_notified");
  EXPECT_EQ(m->from.field, "notified_on");
  ASSERT_TRUE(m->offset.has_value());
  EXPECT_EQ(m->offset->to_string(), "15 working days");
  EXPECT_EQ(m->kind, scr::milestone_kind::statutory);
  EXPECT_EQ(m->level, scr::strength::should);
  EXPECT_TRUE(contains(m->completed_by, "decision_made"));
}

TEST(pack_england_2023_lcspr, rapid_review_decision_branches_on_its_outcome) {
  const auto& p = pack();
  // ca2004:s16F, regs2018:reg11: the partners decide whether a local review is
  // appropriate.
  const auto* lcspr = first_row(p, "rapid_review", "decision_made", {{"outcome", std::string("lcspr")}});
  ASSERT_NE(lcspr, nullptr);
  EXPECT_EQ(lcspr->to, "lcspr_commissioning");
  EXPECT_EQ(lcspr->branch, "lcspr");

  const auto* none = first_row(p, "rapid_review", "decision_made", {{"outcome", std::string("no_lcspr")}});
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->to, "awaiting_panel_view");
  EXPECT_EQ(none->branch, "no_lcspr");
  EXPECT_EQ(p.find_state("awaiting_panel_view")->kind, scr::state_kind::waiting);
}

TEST(pack_england_2023_lcspr, the_panels_view_closes_reopens_or_takes_the_case_national) {
  const auto& p = pack();
  // wt2023:5 Decisions on local and national reviews.
  const auto* agrees =
      first_row(p, "awaiting_panel_view", "panel_view_received", {{"panel_view", std::string("agrees")}});
  ASSERT_NE(agrees, nullptr);
  EXPECT_EQ(agrees->to, "closed_no_lcspr");
  // regs2018:reg11(d): the Panel concluded a local review may be more appropriate.
  const auto* advised = first_row(p, "awaiting_panel_view", "panel_view_received",
                                  {{"panel_view", std::string("local_review_advised")}});
  ASSERT_NE(advised, nullptr);
  EXPECT_EQ(advised->to, "reconsidering");
  const auto* national = first_row(p, "lcspr_in_progress", "panel_view_received",
                                   {{"panel_view", std::string("national_review")}});
  ASSERT_NE(national, nullptr);
  EXPECT_EQ(national->to, "national_review");
  EXPECT_EQ(national->branch, "national_review");
  // The Panel can only answer once it has the rapid review (wt2023:5 Rapid reviews).
  ASSERT_EQ(agrees->requires_.size(), 1u);
  EXPECT_EQ(agrees->requires_[0].kind, scr::prerequisite_kind::obligation);
  EXPECT_EQ(agrees->requires_[0].id, "send_rapid_review_to_panel");
  // A reconsidered decision is taken from the reconsidering state.
  EXPECT_NE(first_row(p, "reconsidering", "decision_made", {{"outcome", std::string("lcspr")}}), nullptr);
}

TEST(pack_england_2023_lcspr, panel_is_told_of_the_decision) {
  const auto* o = pack().find_obligation("send_rapid_review_to_panel");
  ASSERT_NE(o, nullptr);
  // wt2023:5 Rapid reviews: send the rapid review and the decision to the Panel
  // as soon as it is complete - no fixed timescale, "should".
  EXPECT_EQ(o->on.kind, scr::trigger_kind::event);
  EXPECT_EQ(o->on.ref, "decision_made");
  EXPECT_FALSE(o->within.has_value());
  EXPECT_EQ(o->discharged_by, "rapid_review_sent_to_panel");
  EXPECT_TRUE(contains(o->recipients, "Child Safeguarding Practice Review Panel"));
  EXPECT_EQ(o->kind, scr::milestone_kind::statutory);
  EXPECT_EQ(o->level, scr::strength::should);
}

TEST(pack_england_2023_lcspr, local_review_is_published_within_six_months_of_the_decision) {
  const auto* m = pack().find_milestone("lcspr_completed");
  ASSERT_NE(m, nullptr);
  // wt2023:5 Local child safeguarding practice reviews: completed and published
  // within six months of the decision to initiate it (choice six_month_anchor:
  // the latest decision).
  EXPECT_EQ(m->from.kind, scr::anchor_kind::event);
  EXPECT_EQ(m->from.ref, "decision_made");
  EXPECT_EQ(m->from.which, scr::occurrence::latest);
  ASSERT_TRUE(m->offset.has_value());
  EXPECT_EQ(m->offset->to_string(), "6 months");
  EXPECT_EQ(m->kind, scr::milestone_kind::statutory);
  EXPECT_EQ(m->level, scr::strength::should);
  EXPECT_TRUE(contains(m->completed_by, "report_published"));
  EXPECT_EQ(m->branches, std::vector<std::string>{"lcspr"});
  EXPECT_EQ(m->extendable_by, std::vector<std::string>{"safeguarding_partners"});

  // Choice extension_by_partners: an extension tells the Panel the new date.
  const auto* o = pack().find_obligation("tell_panel_of_delay");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->on.kind, scr::trigger_kind::extension);
  EXPECT_EQ(o->on.ref, "lcspr_completed");
  EXPECT_EQ(o->kind, scr::milestone_kind::local);
}

TEST(pack_england_2023_lcspr, final_report_goes_to_panel_secretary_of_state_and_ofsted_7_working_days_before_publication) {
  const auto& p = pack();
  const auto* pub = p.find_milestone("publication");
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(pub->from.kind, scr::anchor_kind::scheduled);
  EXPECT_EQ(pub->kind, scr::milestone_kind::scheduled);

  // wt2023:5 Expectations for the final report: "no later than seven working
  // days before the date of publication", to the Panel and the Secretary of
  // State, and to Ofsted within the same timescale.
  for (const char* id : {"copy_to_panel_and_secretary_of_state", "copy_to_ofsted"}) {
    SCOPED_TRACE(id);
    const auto* m = p.find_milestone(id);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->from.kind, scr::anchor_kind::milestone);
    EXPECT_EQ(m->from.ref, "publication");
    EXPECT_EQ(m->dir, scr::direction::before);
    ASSERT_TRUE(m->offset.has_value());
    EXPECT_EQ(m->offset->to_string(), "7 working days");
    EXPECT_EQ(m->kind, scr::milestone_kind::statutory);
    EXPECT_EQ(m->level, scr::strength::should);
  }
  // Publication waits for both copies.
  const auto rows = p.transitions_from("final_report", "report_published");
  ASSERT_EQ(rows.size(), 1u);
  std::vector<std::string> needed;
  for (const auto& r : rows[0]->requires_) needed.push_back(r.id);
  EXPECT_TRUE(contains(needed, "copy_to_panel_and_secretary_of_state"));
  EXPECT_TRUE(contains(needed, "copy_to_ofsted"));
  EXPECT_EQ(rows[0]->to, "published");
}

TEST(pack_england_2023_lcspr, partners_and_ofsted_are_told_of_the_incident) {
  const auto& p = pack();
  // wt2023:5 Duty on local authorities to notify: report to the safeguarding
  // partners within 5 working days ("should").
  const auto* partners = p.find_obligation("report_to_partners");
  ASSERT_NE(partners, nullptr);
  EXPECT_EQ(partners->on.ref, "incident_identified");
  ASSERT_TRUE(partners->within.has_value());
  EXPECT_EQ(partners->within->to_string(), "5 working days");
  EXPECT_EQ(partners->level, scr::strength::should);

  // ...and "must" notify Ofsted and the Secretary of State when a looked-after
  // child has died, whether or not abuse or neglect is suspected.
  const auto* lac = p.find_obligation("notify_looked_after_death");
  ASSERT_NE(lac, nullptr);
  EXPECT_TRUE(contains(lac->recipients, "Ofsted"));
  EXPECT_TRUE(contains(lac->recipients, "Secretary of State"));
  EXPECT_EQ(lac->level, scr::strength::must);
  ASSERT_TRUE(lac->on.when.has_value());
  EXPECT_TRUE(lac->on.when->holds({{"looked_after", true}, {"child_died", true}}));
  EXPECT_FALSE(lac->on.when->holds({{"looked_after", false}, {"child_died", true}}));
}

TEST(pack_england_2023_lcspr, progress_is_monitored_until_the_final_report) {
  const auto* o = pack().find_obligation("monitor_review");
  ASSERT_NE(o, nullptr);
  // regs2018:reg14(1): monitor time and quality "at regular intervals"
  // (choice monitoring_interval: monthly).
  ASSERT_TRUE(o->repeat.has_value());
  EXPECT_EQ(o->repeat->to_string(), "1 month");
  EXPECT_EQ(o->until, "final_report_received");
  EXPECT_EQ(o->on.ref, "reviewer_appointed");
}

TEST(pack_england_2023_lcspr, reviewers_are_independent) {
  // wt2023:5 Commissioning a reviewer: independence of the agencies involved,
  // no real or perceived conflict of interest.
  bool agency = false, declared = false;
  for (const auto& c : pack().conflicts()) {
    if (!contains(c.roles, "lead_reviewer")) continue;
    EXPECT_TRUE(contains(c.roles, "reviewer"));
    EXPECT_EQ(c.level, scr::strength::should);
    if (c.kind == scr::conflict_kind::involved_agency) agency = true;
    if (c.kind == scr::conflict_kind::declared &&
        c.declaration == "real_or_perceived_conflict_of_interest")
      declared = true;
  }
  EXPECT_TRUE(agency);
  EXPECT_TRUE(declared);
}

TEST(pack_england_2023_lcspr, agencies_must_answer_information_requests) {
  const auto* t = pack().find_track("agency_information");
  ASSERT_NE(t, nullptr);
  // ca2004:s16H: a safeguarding partner may request information; the person or
  // body must comply.
  EXPECT_EQ(t->instantiated_by, "information_requested");
  EXPECT_EQ(t->agency_field, "agency");
  const auto* o = t->find_obligation("comply_with_request");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->kind, scr::milestone_kind::statutory);
  EXPECT_EQ(o->level, scr::strength::must);
  EXPECT_EQ(o->discharged_by, "information_provided");
  EXPECT_TRUE(any_cite_starts_with(o->cite, "ca2004:s16H"));
  // A return for clarification loops back to the agency.
  const auto back = t->transitions_from("provided", "clarification_sought");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0]->to, "requested");
}

TEST(pack_england_2023_lcspr, every_deadline_cites_its_source) {
  const auto& p = pack();
  for (const auto& m : p.milestones) {
    SCOPED_TRACE(m.id);
    EXPECT_FALSE(m.cite.empty());
  }
  for (const auto& o : p.obligations) {
    SCOPED_TRACE(o.id);
    EXPECT_FALSE(o.cite.empty());
  }
  // Statutory deadlines cite a statutory source, never a board's own rule.
  for (const auto& m : p.milestones) {
    if (m.kind != scr::milestone_kind::statutory) continue;
    SCOPED_TRACE(m.id);
    EXPECT_TRUE(any_cite_starts_with(m.cite, "wt2023:") || any_cite_starts_with(m.cite, "ca2004:") ||
                any_cite_starts_with(m.cite, "regs2018:"));
  }
}
