#pragma once
// A Solihull SCR (solihull-2011-scr) taken from the referral to publication,
// for the action plan tests: the LSCB adopts it, and with it approves the
// action plans (001:218, 001:615), on 1 July 2024, and publishes the
// executive summary on 20 September 2024 (the review is then monitoring its
// action plan, 001:626).

#include <string>
#include <vector>

#include "review_support.hpp"
#include "scr/action_plan.hpp"
#include "scr/review.hpp"

namespace action_plan_support {

inline const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
inline const scr::actor board = as("lscb", "Solihull LSCB", "Solihull LSCB");
inline const scr::actor panel_chair = as("panel_chair", "J. Smith", "Independent");
inline const scr::actor admin = as("administrator", "R. Jones", "Solihull LSCB");
inline const scr::actor nominated = as("nominated_panel_member", "K. Brown", "Solihull LSCB");
inline const scr::actor manager = as("business_manager", "L. Green", "Solihull LSCB");
inline const scr::actor author = as("overview_author", "M. White", "Independent");
inline const scr::actor monitoring = as("performance_monitoring", "Chair of Performance Monitoring", "Solihull LSCB");
inline const scr::actor police_lead = as("action_lead", "Head of Police training", "Police");

/// The review up to (and including) `last`: "adopted" (1 July 2024) or
/// "published" (20 September 2024).
inline scr::review solihull_review(const std::string& reference = "Child Q", const std::string& last = "published") {
  auto r = scr::review::open(pack("solihull-2011-scr"), ew(), reference, london(2024, 1, 15, 9), chair,
                             {{"incident_at", utc(2024, 1, 13, 22)}, {"referring_agency", std::string("Police")}});
  r.record("agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
  r.record("involvement_confirmed", london(2024, 1, 18), manager, {{"records_secured", true}}, "Police");
  r.record("panel_convened", london(2024, 1, 19), chair);
  r.record("panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  r.record("decision_made", london(2024, 2, 1), chair,
           {{"outcome", std::string("scr")}, {"reasons", std::string("The criteria in Working Together 8.9 are met")}});
  r.record("independents_appointed", london(2024, 2, 5), chair);
  r.assign("J. Smith", "panel_chair", "Independent", london(2024, 2, 5), chair, {"member_of_involved_lscb"});
  r.assign("M. White", "overview_author", "Independent", london(2024, 2, 5), chair);
  r.record("terms_of_reference_approved", london(2024, 2, 6), chair);
  r.record("imr_commissioned", london(2024, 2, 8), panel_chair,
           {{"agency", std::string("Police")}, {"author_named_by", ymd(2024, 2, 15)}, {"briefing_on", ymd(2024, 2, 22)},
            {"imr_due_on", ymd(2024, 4, 30)}});
  r.record("family_notified", london(2024, 2, 9), panel_chair);
  r.record("imr_author_named", london(2024, 2, 14), as("agency_representative", "P. Officer", "Police"));
  r.record("authors_briefing_held", london(2024, 2, 22), panel_chair);
  r.schedule("presentation_meeting", ymd(2024, 5, 20), scr::time_of_day{10, 0}, london(2024, 3, 1), panel_chair);
  r.record("imr_signed_off", london(2024, 4, 25), as("agency_senior_officer", "Director of Police", "Police"));
  r.record("imr_submitted", london(2024, 4, 26), as("imr_author", "Author for Police", "Police"));
  r.record("imrs_circulated", london(2024, 5, 3), admin);
  r.record("imr_presentation_meeting_held", london(2024, 5, 20, 10), panel_chair);
  r.record("imr_presented", london(2024, 5, 20, 12), panel_chair, {}, "Police");
  r.record("imr_accepted", london(2024, 6, 3), panel_chair, {}, "Police");
  r.record("overview_draft_presented", london(2024, 6, 10), author, {{"draft", std::int64_t{1}}});
  r.record("draft_report_shared", london(2024, 6, 14), panel_chair);
  r.record("final_draft_circulated", london(2024, 6, 17), panel_chair);
  r.record("fair_representation_confirmed", london(2024, 6, 24), panel_chair);
  if (last == "drafted") return r;
  r.record("scr_adopted", london(2024, 7, 1), board, {{"other_processes_considered", true}});
  if (last == "adopted") return r;
  r.record("scr_submitted", london(2024, 7, 15), chair);
  r.record("ofsted_evaluation_received", london(2024, 9, 9), chair, {{"grade", std::string("good")}});
  r.record("summary_published", london(2024, 9, 20), board, {{"published_on", ymd(2024, 9, 20)}});
  return r;
}

/// The Appendix 13 example (001:1326): one recommendation to the police and
/// its five actions, with "By when?" counted from the plan's approval.
inline scr::recommendation_input appendix_13_recommendation() {
  scr::recommendation_input rec;
  rec.number = "1";
  rec.outcome = "Police officers acquire knowledge of the risks to children associated with domestic violence";
  rec.text =
      "The assistant chief constable should ensure that all police officers receive training on the links between "
      "domestic violence and child abuse.";
  rec.addressed_to = "Assistant Chief Constable";
  rec.agency = "Police";
  rec.themes = {"domestic abuse", "training"};
  rec.audit =
      "Head of police training unit to provide written summary of number of officers attending training against "
      "total in post. Reasons for any variance to be given. Arrangements for any officers who have not attended. "
      "Arrangements for future new recruits";
  return rec;
}

inline std::vector<scr::action_input> appendix_13_actions() {
  const std::vector<std::array<std::string, 3>> rows{
      {"Determine number of courses and arrange.", "Head of Police training", "Three months"},
      {"Issue instruction re: mandatory attendance.", "Superintendents", "One month"},
      {"Deliver and evaluate course.", "Head of police training", "Six months"},
      {"report on attendance.", "Head of police training", "One month"},
      {"Set up rolling programme for new recruits.", "Head of police training", "Ongoing"}};
  std::vector<scr::action_input> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    scr::action_input a;
    a.number = "1." + std::to_string(i + 1);
    a.recommendation = "1";
    a.what = rows[i][0];
    a.lead = rows[i][1];
    a.agency = "Police";
    a.by_when = rows[i][2];
    a.evidence = "Written summary of officers attending against total in post";
    out.push_back(a);
  }
  return out;
}

/// Records the Appendix 13 plan in `r` on `at`, by the business manager.
inline void record_appendix_13(scr::review& r, scr::instant at) {
  r.record(scr::recommendation_event(r), at, manager, scr::recommendation_data(r, appendix_13_recommendation()));
  for (const auto& a : appendix_13_actions()) r.record(scr::action_event(r), at, manager, scr::action_data(r, a));
}

}  // namespace action_plan_support
