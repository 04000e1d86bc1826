// Tests for the built-in pack stockport-2010-imr: the Stockport Safeguarding
// Children Board IMR Practice Guidance (seed 002) as a procedure.
//
// A review under this pack is one agency's IMR: the request letter with its
// three dates, the chronology first, the Designated Senior Manager's quality
// assurance before every submission, the panel's return for revision, and the
// copies to Ofsted. Each assertion names the seed line (NNN:LINE) it checks.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scr/procedure.hpp"
#include "scr/timescale.hpp"
#include "procedure_support.hpp"

namespace {

const scr::procedure& pack() { return load_pack("stockport-2010-imr"); }

scr::event_data flag(std::string_view field, bool value) {
  return scr::event_data{{std::string(field), scr::field_value{value}}};
}

}  // namespace

TEST(pack_stockport_2010_imr, loads_as_a_single_agency_imr_with_no_warnings) {
  const auto& p = pack();
  EXPECT_EQ(p.id(), "stockport-2010-imr");
  EXPECT_EQ(p.review_type(), "imr");
  ASSERT_EQ(p.sources().size(), 1u);
  EXPECT_EQ(p.sources()[0].key, "002");
  // The review is one agency's IMR: no per-agency tracks.
  EXPECT_TRUE(p.tracks().empty());
  for (const auto& w : p.warnings()) ADD_FAILURE() << w.to_string();
  // 002:44 the SSCB's letter requesting the IMR opens the review; the agency then
  // confirms its involvement (002:46).
  EXPECT_EQ(p.opened_by(), "imr_requested");
  ASSERT_NE(p.initial_state(), nullptr);
  EXPECT_EQ(p.initial_state()->id, "requested");
}

TEST(pack_stockport_2010_imr, request_letter_carries_three_required_dates) {
  const scr::event_spec* letter = pack().find_event("imr_requested");
  ASSERT_NE(letter, nullptr);
  // 002:44-50 "a letter from SSCB ... giving three dates for submission"
  for (const char* f : {"confirm_by", "chronology_by", "imr_by"}) {
    const scr::field_spec* field = letter->find_field(f);
    ASSERT_NE(field, nullptr) << f;
    EXPECT_EQ(field->type, scr::field_type::local_date) << f;
    EXPECT_TRUE(field->required) << f;
  }
  const scr::field_spec* agency = letter->find_field("agency");
  ASSERT_NE(agency, nullptr);
  EXPECT_EQ(agency->type, scr::field_type::agency);
  EXPECT_TRUE(has_choice(pack(), "letter_dates"));
}

TEST(pack_stockport_2010_imr, the_three_dates_are_panel_set_milestones) {
  struct expected {
    const char* id;
    const char* field;
    const char* completed_by;
    const char* cite;
  };
  // 002:46 confirm involvement and author; 002:48 chronology; 002:50 the rest of the IMR.
  for (const expected& e : {expected{"involvement_confirmation", "confirm_by", "involvement_confirmed", "002:46"},
                            expected{"chronology", "chronology_by", "chronology_submitted", "002:48"},
                            expected{"imr_submission", "imr_by", "imr_submitted", "002:50"}}) {
    const auto& m = milestone(pack(), e.id);
    EXPECT_EQ(m.from.kind, scr::anchor_kind::event_field) << e.id;
    EXPECT_EQ(m.from.ref, "imr_requested") << e.id;
    EXPECT_EQ(m.from.field, e.field) << e.id;
    EXPECT_FALSE(m.offset.has_value()) << e.id;  // the letter's date is the due date
    EXPECT_EQ(m.kind, scr::milestone_kind::scheduled) << e.id;
    EXPECT_EQ(m.level, scr::strength::must) << e.id;
    EXPECT_TRUE(contains(m.completed_by, e.completed_by)) << e.id;
    EXPECT_TRUE(contains(m.cite, e.cite)) << e.id;
  }
}

TEST(pack_stockport_2010_imr, chronology_is_submitted_before_the_rest_of_the_imr) {
  // 002:226 "You will be required to submit a completed chronology BEFORE the other
  // sections of the IMR report."
  EXPECT_EQ(row_for(pack(), "chronology_in_preparation", "chronology_submitted").to, "imr_in_preparation");
  EXPECT_TRUE(pack().transitions_from("chronology_in_preparation", "imr_submitted").empty());
  const auto& submit = row_for(pack(), "quality_assured", "imr_submitted");
  ASSERT_EQ(submit.requires_.size(), 1u);
  EXPECT_EQ(submit.requires_[0].kind, scr::prerequisite_kind::milestone);
  EXPECT_EQ(submit.requires_[0].id, "chronology");
  EXPECT_TRUE(contains(milestone(pack(), "chronology").cite, "002:226"));
  EXPECT_TRUE(has_choice(pack(), "chronology_sign_off"));
}

TEST(pack_stockport_2010_imr, designated_senior_manager_quality_assures_before_every_submission) {
  // 002:59-62 the Designated Senior Manager quality-assures the IMR, accepts it on
  // behalf of the agency and submits it; 002:133 the countersigning person sees
  // the IMR at each submission stage.
  const auto& first = row_for(pack(), "imr_in_preparation", "imr_quality_assured");
  EXPECT_EQ(first.to, "quality_assured");
  EXPECT_EQ(first.roles, std::vector<std::string>{"designated_senior_manager"});
  EXPECT_EQ(row_for(pack(), "under_revision", "imr_quality_assured").to, "quality_assured");
  // No route from writing or revising to the panel that skips quality assurance.
  EXPECT_TRUE(pack().transitions_from("imr_in_preparation", "imr_submitted").empty());
  EXPECT_TRUE(pack().transitions_from("under_revision", "imr_submitted").empty());
  EXPECT_EQ(row_for(pack(), "quality_assured", "imr_submitted").to, "with_panel");
  EXPECT_EQ(milestone(pack(), "imr_submission").owner, "designated_senior_manager");  // 002:62 "submit it"
}

TEST(pack_stockport_2010_imr, panel_may_return_the_imr_for_revision_and_the_loop_repeats) {
  // 002:64-69 the Independent Chair and panel may challenge an IMR; one not of
  // sufficient quality is "returned for 'revision' to the agency".
  const auto& back = row_for(pack(), "with_panel", "imr_returned");
  EXPECT_EQ(back.to, "under_revision");
  EXPECT_EQ(back.roles, std::vector<std::string>{"panel_chair"});
  EXPECT_EQ(row_for(pack(), "with_panel", "imr_accepted").to, "accepted");
  // 002:69 "This will be referred to in the SCR Overview Report."
  const auto& noted = obligation(pack(), "revision_in_overview_report");
  EXPECT_EQ(noted.on.kind, scr::trigger_kind::event);
  EXPECT_EQ(noted.on.ref, "imr_returned");
  EXPECT_EQ(noted.owner, "overview_author");
}

TEST(pack_stockport_2010_imr, front_sheet_final_submission_follows_acceptance) {
  // 002:128-133 the date of final submission, with a front sheet hand-signed by the
  // author and countersigning person, asked for "when revisions are completed".
  EXPECT_EQ(row_for(pack(), "accepted", "final_imr_submitted").to, "final");
  const auto& ask = obligation(pack(), "signed_front_sheet");
  EXPECT_EQ(ask.on.ref, "imr_accepted");
  EXPECT_EQ(ask.discharged_by, "final_imr_submitted");
  EXPECT_EQ(ask.owner, "business_manager");
  EXPECT_TRUE(has_choice(pack(), "revision_deadline"));  // 002:68 sets no date for a revision
}

TEST(pack_stockport_2010_imr, copies_go_to_ofsted_and_the_agency_receives_a_judgement) {
  // 002:72 "A copy of all IMRs will be sent to Ofsted, GONW and DCSF"
  const auto& copies = obligation(pack(), "copies_to_regulators");
  EXPECT_TRUE(contains(copies.recipients, "Ofsted"));
  EXPECT_TRUE(contains(copies.recipients, "GONW"));
  EXPECT_TRUE(contains(copies.recipients, "DCSF"));
  EXPECT_EQ(copies.discharged_by, "sent_to_ofsted");
  EXPECT_EQ(row_for(pack(), "final", "sent_to_ofsted").to, "with_ofsted");
  // 002:74 "individual agencies will receive a judgement on the quality of their IMR"
  const auto& judged = row_for(pack(), "with_ofsted", "judgement_received");
  EXPECT_EQ(judged.to, "judged");
  EXPECT_EQ(pack().find_state("judged")->kind, scr::state_kind::terminal);
}

TEST(pack_stockport_2010_imr, an_agency_with_no_involvement_ends_and_waives_the_later_dates) {
  // 002:46 the first date is for "confirming the agency's involvement with the case".
  const auto& none = row_for(pack(), "requested", "involvement_confirmed", flag("involved", false));
  EXPECT_EQ(none.to, "not_involved");
  EXPECT_EQ(none.branch, "not_involved");
  const auto& yes = row_for(pack(), "requested", "involvement_confirmed", flag("involved", true));
  EXPECT_EQ(yes.to, "chronology_in_preparation");
  EXPECT_EQ(yes.branch, "involved");
  EXPECT_EQ(milestone(pack(), "chronology").branches, std::vector<std::string>{"involved"});
  EXPECT_EQ(milestone(pack(), "imr_submission").branches, std::vector<std::string>{"involved"});
  // The author must be named when the agency was involved.
  const scr::field_spec* author = pack().find_event("involvement_confirmed")->find_field("author");
  ASSERT_NE(author, nullptr);
  ASSERT_TRUE(author->required_when.has_value());
  EXPECT_TRUE(author->required_when->holds(flag("involved", true)));
}

TEST(pack_stockport_2010_imr, author_independence_and_countersigning_are_role_conflicts) {
  const auto& c = pack().conflicts();
  // 002:56 (Working Together 8.33) IMR authors not directly concerned with the
  // child or family, nor the immediate line manager of the practitioners.
  const auto declared = std::count_if(c.begin(), c.end(), [](const scr::role_conflict& r) {
    return r.kind == scr::conflict_kind::declared && contains(r.roles, "imr_author") &&
           r.level == scr::strength::must;
  });
  EXPECT_EQ(declared, 2);
  // 002:133 a countersigning person other than the author.
  EXPECT_TRUE(std::any_of(c.begin(), c.end(), [](const scr::role_conflict& r) {
    return r.kind == scr::conflict_kind::same_person && contains(r.roles, "imr_author") &&
           contains(r.roles, "designated_senior_manager");
  }));
}
