// Putting mistakes right without rewriting history (docs/engine.md,
// "Corrections"): a review is the fold of its events in order of occurrence;
// a late fact is accepted when the whole history still holds; void, amend,
// waive and unassign are events kept in the history with who made them and
// why. Worked through a Solihull SCR (001: the Solihull procedure).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "review_support.hpp"
#include "scr/review.hpp"

namespace {

using scr::milestone_status;
using scr::obligation_status;

const scr::actor lscb_chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor administrator = as("administrator", "J. Lowe", "Solihull LSCB");
const scr::actor overview_author = as("overview_author", "M. White", "Independent");

scr::event_data fields(std::initializer_list<std::pair<const char*, const char*>> list) {
  scr::event_data d;
  for (const auto& [k, v] : list) d.emplace(k, std::string(v));
  return d;
}

// Referred on Monday 15 January 2024 (the incident on the Saturday night).
scr::review child_q() {
  return scr::review::open(pack("solihull-2011-scr"), ew(), "Child Q", london(2024, 1, 15, 9), lscb_chair,
                           {{"incident_at", utc(2024, 1, 13, 22)}});
}

std::uint64_t count_kind(const scr::review& r, scr::event_kind k) {
  std::uint64_t n = 0;
  for (const auto& e : r.history()) n += e.kind == k ? 1 : 0;
  return n;
}

TEST(review_corrections, a_mistyped_date_is_amended_and_the_next_step_goes_in) {
  auto r = child_q();
  // The panel met on 19 January; typed as 19 February.
  r.record("panel_convened", london(2024, 2, 19), lscb_chair);
  // The recommendation of 29 January cannot go in: by the record, the panel
  // had not yet met.
  EXPECT_REFUSED(scr::transition_error, r,
                 r.record("panel_recommended", london(2024, 1, 29), lscb_chair, fields({{"recommendation", "scr"}})),
                 "state 'considering'");
  // The overview author may not correct the Chair's event; the administrator
  // (procedure.corrections) may.
  EXPECT_REFUSED(scr::role_error, r,
                 r.amend(2, london(2024, 1, 19), {}, "typed 19/02 for 19/01", overview_author),
                 "may not correct event 2", "administrator", "lscb_chair");
  EXPECT_REFUSED(scr::input_error, r, r.amend(2, london(2024, 1, 19), {}, " ", administrator), "reason");
  EXPECT_REFUSED(scr::input_error, r, r.amend(9, london(2024, 1, 19), {}, "typo", administrator), "no event 9");
  r.amend(2, london(2024, 1, 19), {}, "typed 19/02 for 19/01", administrator);
  r.record("panel_recommended", london(2024, 1, 29), lscb_chair, fields({{"recommendation", "scr"}}));
  EXPECT_EQ(r.state(), "awaiting_decision");

  // The history keeps all four events, in the order they were recorded; the
  // review is the fold of three, in order of occurrence.
  ASSERT_EQ(r.history().size(), 4u);
  const auto& correction = r.history()[2];
  EXPECT_EQ(correction.kind, scr::event_kind::amended);
  EXPECT_EQ(correction.corrects, 2u);
  EXPECT_EQ(correction.name, "panel_convened");
  EXPECT_EQ(correction.reason, "typed 19/02 for 19/01");
  EXPECT_EQ(correction.by, administrator);
  EXPECT_EQ(r.history()[1].at, london(2024, 2, 19));  // the original, unchanged
  ASSERT_EQ(r.effective().size(), 3u);
  EXPECT_EQ(r.effective()[1].at, london(2024, 1, 19));
  EXPECT_EQ(r.effective()[1].by, lscb_chair);  // still the Chair's event
  EXPECT_EQ(r.sequence_of(1), 2u);
  EXPECT_EQ(r.sequence_of(2), 4u);
  ASSERT_NE(r.correction_of(2), nullptr);
  EXPECT_EQ(r.correction_of(2)->reason, "typed 19/02 for 19/01");
  // 001:159: the panel considers the referral within a week of it: met on
  // time once the date is right.
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 2, 1)), "panel_consideration").status, milestone_status::met);

  // The corrected history rebuilds the same review.
  const auto again = scr::review::from_events(pack("solihull-2011-scr"), ew(), r.history());
  EXPECT_EQ(again.effective(), r.effective());
  EXPECT_EQ(again.state(), r.state());
}

TEST(review_corrections, data_is_amended_and_a_field_removed) {
  auto r = child_q();
  r.record("panel_convened", london(2024, 1, 19), lscb_chair);
  r.record("panel_recommended", london(2024, 1, 29), lscb_chair, fields({{"recommendation", "no_review"}}));
  r.amend(3, std::nullopt, fields({{"recommendation", "scr"}}), "the panel recommended a review", lscb_chair);
  EXPECT_EQ(std::get<std::string>(r.effective().back().data.at("recommendation")), "scr");
  EXPECT_EQ(r.effective().back().at, london(2024, 1, 29));
  // A value the event does not take is refused, naming the field, and
  // nothing changes.
  const auto before = r.history();
  EXPECT_REFUSED(scr::data_error, r,
                 r.amend(3, std::nullopt, fields({{"recommendation", "maybe"}}), "typo", lscb_chair),
                 "recommendation");
  EXPECT_EQ(r.history(), before);
  // A required field cannot be removed.
  scr::event_data remove;
  remove.emplace("recommendation", std::monostate{});
  EXPECT_REFUSED(scr::data_error, r, r.amend(3, std::nullopt, remove, "unsure", lscb_chair), "recommendation");
  // Nothing to amend is refused.
  EXPECT_REFUSED(scr::input_error, r, r.amend(3, std::nullopt, {}, "nothing", lscb_chair), "needs a corrected");
}

TEST(review_corrections, a_schedule_is_amended_with_a_date_given_as_text) {
  auto r = child_q();
  r.schedule("presentation_meeting", ymd(2024, 5, 20), std::nullopt, london(2024, 1, 16), lscb_chair);
  // From the command line the date arrives as text, as record() takes it.
  r.amend(2, std::nullopt, fields({{"on", "27/05/2024"}}), "the meeting moved a week", lscb_chair);
  EXPECT_EQ(row_of(r.timetable(ymd(2024, 1, 20)), "presentation_meeting").due, ymd(2024, 5, 27));
  EXPECT_REFUSED(scr::data_error, r, r.amend(2, std::nullopt, fields({{"on", "27/13/2024"}}), "typo", lscb_chair),
                 "the corrected on '27/13/2024'");
}

TEST(review_corrections, a_late_fact_goes_in_where_it_happened_if_the_history_still_holds) {
  auto r = child_q();
  r.record("panel_convened", london(2024, 1, 19), lscb_chair);
  r.record("panel_recommended", london(2024, 1, 29), lscb_chair, fields({{"recommendation", "scr"}}));
  r.record("decision_made", london(2024, 2, 1), lscb_chair, fields({{"outcome", "scr"}, {"reasons", "criteria met"}}));
  // The Chair's letter to the Police went on 16 January (001:348); it is
  // recorded only now. It goes in where it happened and begins the Police
  // track from then.
  r.record("agency_letter_sent", london(2024, 1, 16), lscb_chair, fields({{"agency", "Police"}}));
  EXPECT_EQ(r.state(), "scoping");
  ASSERT_EQ(r.effective().size(), 5u);
  EXPECT_EQ(r.effective()[1].name, "agency_letter_sent");
  EXPECT_EQ(r.history().back().name, "agency_letter_sent");
  ASSERT_EQ(r.tracks().size(), 1u);
  EXPECT_EQ(r.tracks()[0].started, london(2024, 1, 16));
  // The chair's letter obligation (1 working day, 001:348) was met on time.
  for (const auto& o : r.obligations(ymd(2024, 2, 1))) {
    if (o.id() == "chair_letter_to_agencies") {
      EXPECT_EQ(o.status, obligation_status::discharged);
    }
  }

  // A decision dated 30 January ("no review": the review closes) would come
  // before the real decision of 1 February, which could then not be made:
  // refused, naming the event it would invalidate, and nothing changes.
  const auto before = r.history();
  EXPECT_REFUSED(scr::transition_error, r,
                 r.record("decision_made", london(2024, 1, 30), lscb_chair,
                          fields({{"outcome", "no_review"}, {"reasons", "criteria not met"}})),
                 "would invalidate event 4 (recorded 'decision_made' at 2024-02-01T10:00:00Z)", "is closed");
  EXPECT_EQ(r.history(), before);
  // Nothing goes in before the review opened.
  EXPECT_REFUSED(scr::input_error, r, r.hold("Trial", london(2024, 1, 14), lscb_chair), "before the review opened");
}

TEST(review_corrections, a_void_keeps_the_event_and_refuses_to_orphan_later_steps) {
  auto r = child_q();
  r.record("panel_convened", london(2024, 1, 19), lscb_chair);
  r.record("panel_recommended", london(2024, 1, 29), lscb_chair, fields({{"recommendation", "scr"}}));
  r.record("decision_made", london(2024, 2, 1), lscb_chair, fields({{"outcome", "scr"}, {"reasons", "criteria met"}}));
  const std::vector<std::uint64_t> recommendation{3};
  // The decision was taken on the recommendation: voiding it alone would
  // leave a decision the panel never reached.
  EXPECT_REFUSED(scr::transition_error, r,
                 r.void_events(recommendation, "recorded twice", london(2024, 2, 2), administrator),
                 "voiding event 3 would invalidate event 4");
  // Both in one call: the review is back where it was before them.
  const std::vector<std::uint64_t> both{3, 4};
  r.void_events(both, "recorded against the wrong child", london(2024, 2, 2), administrator);
  EXPECT_EQ(r.state(), "panel_considering");
  EXPECT_EQ(r.history().size(), 6u);
  EXPECT_EQ(count_kind(r, scr::event_kind::voided), 2u);
  EXPECT_EQ(r.effective().size(), 2u);
  EXPECT_EQ(r.correction_of(4)->kind, scr::event_kind::voided);
  EXPECT_EQ(r.correction_of(4)->reason, "recorded against the wrong child");
  // A void event cannot be voided or amended again.
  EXPECT_REFUSED(scr::rule_error, r, r.void_events(recommendation, "again", london(2024, 2, 2), administrator),
                 "already void");
  EXPECT_REFUSED(scr::rule_error, r, r.amend(3, london(2024, 1, 30), {}, "again", administrator), "is void");
  // A correction is not itself corrected: the event it corrects is.
  const std::vector<std::uint64_t> the_void{5};
  EXPECT_REFUSED(scr::input_error, r, r.void_events(the_void, "undo", london(2024, 2, 2), administrator),
                 "itself a correction", "correct event 3 instead");
  const auto again = scr::review::from_events(pack("solihull-2011-scr"), ew(), r.history());
  EXPECT_EQ(again.state(), "panel_considering");
  EXPECT_EQ(again.effective(), r.effective());
}

TEST(review_corrections, voiding_the_opening_voids_the_review) {
  auto r = child_q();
  r.record("panel_convened", london(2024, 1, 19), lscb_chair);
  const std::vector<std::uint64_t> opening{1};
  r.void_events(opening, "opened by mistake: a duplicate of Child P", london(2024, 1, 20), administrator);
  EXPECT_TRUE(r.voided());
  EXPECT_EQ(r.history().size(), 3u);
  EXPECT_REFUSED(scr::rule_error, r, r.record("panel_recommended", london(2024, 1, 29), lscb_chair,
                                              fields({{"recommendation", "scr"}})),
                 "was voided");
  EXPECT_TRUE(r.next().empty());
  const auto again = scr::review::from_events(pack("solihull-2011-scr"), ew(), r.history());
  EXPECT_TRUE(again.voided());
}

TEST(review_corrections, waived_items_are_never_overdue) {
  auto r = child_q();
  r.record("panel_convened", london(2024, 1, 19), lscb_chair);
  // The incident was notified by the police directly; the administrator owns
  // the notice (001:181) and waives it.
  EXPECT_REFUSED(scr::role_error, r,
                 r.waive("incident_notice", "notified by the police", london(2024, 1, 20), overview_author),
                 "may not waive obligation 'incident_notice'", "administrator");
  EXPECT_REFUSED(scr::input_error, r, r.waive("incident_notice", "", london(2024, 1, 20), administrator), "reason");
  EXPECT_REFUSED(scr::input_error, r, r.waive("incident_notise", "x", london(2024, 1, 20), administrator),
                 "did you mean 'incident_notice'?");
  r.waive("incident_notice", "notified by the police", london(2024, 1, 20), administrator);
  const auto later = ymd(2024, 3, 1);
  for (const auto& o : r.obligations(later)) {
    if (o.id() == "incident_notice") {
      EXPECT_EQ(o.status, obligation_status::waived);
      EXPECT_EQ(o.note, "notified by the police");
    }
  }
  EXPECT_REFUSED(scr::rule_error, r,
                 r.waive("incident_notice", "again", london(2024, 1, 21), administrator), "no open occurrence");
  // A milestone: the panel's consideration was met, so it cannot be waived;
  // the decision can (by the administrator, a corrections role).
  EXPECT_REFUSED(scr::rule_error, r, r.waive("panel_consideration", "x", london(2024, 1, 21), administrator),
                 "a met milestone cannot be waived");
  r.waive("decision", "decided by the neighbouring board", london(2024, 1, 21), administrator);
  EXPECT_EQ(row_of(r.timetable(later), "decision").status, milestone_status::waived);
  // As of a day before the waiver, it was still open.
  EXPECT_NE(row_of(r.timetable(ymd(2024, 1, 20)), "decision").status, milestone_status::waived);
}

TEST(review_corrections, unassigning_clears_the_warning_the_assignment_raised) {
  auto r = child_q();
  // 001:307: the overview author should not be the panel chair.
  r.assign("M. White", "panel_chair", "Independent", london(2024, 1, 16), lscb_chair, {"member_of_involved_lscb"});
  r.assign("M. White", "overview_author", "Independent", london(2024, 1, 17), lscb_chair);
  ASSERT_EQ(r.warnings().size(), 1u);
  EXPECT_REFUSED(scr::rule_error, r,
                 r.unassign("M. White", "lscb", "not assigned", london(2024, 1, 18), lscb_chair), "does not hold");
  EXPECT_REFUSED(scr::role_error, r,
                 r.unassign("M. White", "panel_chair", "x", london(2024, 1, 18), overview_author), "may not take");
  r.unassign("M. White", "panel_chair", "the author should not chair the panel (001:307)", london(2024, 1, 18),
             lscb_chair);
  EXPECT_TRUE(r.warnings().empty());
  EXPECT_EQ(r.warnings(ymd(2024, 1, 17)).size(), 1u);  // as it stood then
  ASSERT_EQ(r.assignments().size(), 1u);
  EXPECT_EQ(r.assignments()[0].role, "overview_author");
  // The person may take the role again later (and the warning comes back).
  r.assign("M. White", "panel_chair", "Independent", london(2024, 1, 19), lscb_chair, {"member_of_involved_lscb"});
  EXPECT_EQ(r.warnings().size(), 1u);
}

TEST(review_corrections, next_says_what_may_be_done_and_what_blocks_the_rest) {
  auto r = child_q();
  r.record("panel_convened", london(2024, 1, 19), lscb_chair);
  r.record("panel_recommended", london(2024, 1, 29), lscb_chair, fields({{"recommendation", "scr"}}));
  const auto steps = r.next();
  const auto find = [&](std::string_view action, std::string_view name) -> const scr::next_step* {
    for (const auto& s : steps)
      if (s.action == action && s.name == name) return &s;
    return nullptr;
  };
  const auto* decision = find("record", "decision_made");
  ASSERT_NE(decision, nullptr);
  EXPECT_TRUE(decision->allowed);
  EXPECT_EQ(decision->roles, std::vector<std::string>{"lscb_chair"});
  ASSERT_FALSE(decision->fields.empty());
  EXPECT_EQ(decision->fields[0].name, "outcome");
  EXPECT_EQ(decision->fields[0].type, "choice");
  EXPECT_TRUE(decision->fields[0].required);
  EXPECT_EQ(decision->fields[0].values,
            (std::vector<std::string>{"scr", "alternative_review", "no_review", "deferred"}));
  bool reconsider = false;
  for (const auto& f : decision->fields) {
    if (f.name == "reconsider_on") {
      reconsider = true;
      EXPECT_FALSE(f.required);
      EXPECT_EQ(f.required_when, "outcome == deferred");
    }
  }
  EXPECT_TRUE(reconsider);
  // The panel cannot be convened again: said in words.
  const auto* convene = find("record", "panel_convened");
  ASSERT_NE(convene, nullptr);
  EXPECT_FALSE(convene->allowed);
  EXPECT_NE(convene->blocked_by.find("not allowed in state 'awaiting_decision'"), std::string::npos)
      << convene->blocked_by;
  // The completion may be extended only by the LSCB (001:221); the decision
  // cannot be extended at all.
  const auto* extend = find("extend", "completion");
  ASSERT_NE(extend, nullptr);
  EXPECT_TRUE(extend->allowed);
  EXPECT_EQ(extend->roles, std::vector<std::string>{"lscb"});
  const auto* no_extension = find("extend", "decision");
  ASSERT_NE(no_extension, nullptr);
  EXPECT_FALSE(no_extension->allowed);
  EXPECT_NE(no_extension->blocked_by.find("names no role"), std::string::npos) << no_extension->blocked_by;
  // Allowed steps come first.
  bool seen_blocked = false;
  for (const auto& s : steps) {
    if (!s.allowed) seen_blocked = true;
    else EXPECT_FALSE(seen_blocked) << s.action << " " << s.name;
  }
  // As of the day before the recommendation, the decision was not yet allowed.
  for (const auto& s : r.next(ymd(2024, 1, 28))) {
    if (s.action == "record" && s.name == "decision_made") {
      EXPECT_FALSE(s.allowed);
    }
  }
}

}  // namespace
