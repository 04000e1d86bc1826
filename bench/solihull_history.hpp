#pragma once
// Solihull 2011 histories for the benchmarks (review_bench, store_bench):
// the actors, agencies and commands of a review through the commissioning of
// every IMR, and IMR loops to make it as long as wanted. Built through the
// public API, so every history is one the engine accepts.

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/procedure.hpp"
#include "scr/review.hpp"

namespace bench {


using scr::actor;
using scr::date;
using scr::event_data;
using scr::instant;
using scr::review;
using scr::review_event;

inline const std::shared_ptr<const scr::procedure>& solihull() {
  static const auto p = std::make_shared<const scr::procedure>(scr::procedure::builtin("solihull-2011-scr"));
  return p;
}

inline const scr::calendar& ew() {
  static const scr::calendar c = scr::calendar::england_and_wales();
  return c;
}

/// A London wall-clock time as an instant (GMT or BST as in force).
inline instant london(int y, int m, int d, int hh = 10, int mm = 0) {
  return scr::from_london(boost::posix_time::ptime(scr::make_date(y, m, d), boost::posix_time::hours(hh) +
                                                                               boost::posix_time::minutes(mm)),
                          scr::choose::earliest);
}

inline const actor chair{"A. Patel", "lscb_chair", "Solihull LSCB"};
inline const actor admin{"R. Jones", "administrator", "Solihull LSCB"};
inline const actor nominated{"K. Brown", "nominated_panel_member", "Solihull LSCB"};
inline const actor manager{"L. Green", "business_manager", "Solihull LSCB"};
inline const actor panel_chair{"J. Smith", "panel_chair", "Independent"};

/// The people who act in an agency's track.
struct agency_people {
  actor representative, senior_officer, author;
};

inline agency_people people_of(const std::string& agency) {
  return {{"Representative of " + agency, "agency_representative", agency},
          {"Director of " + agency, "agency_senior_officer", agency},
          {"IMR author for " + agency, "imr_author", agency}};
}

/// Five agencies for a typical review; "Agency 0001", ... for more.
inline std::vector<std::string> agency_names(std::size_t n) {
  static const char* const typical[] = {"Police", "Health", "Children's Social Care", "Education", "Probation"};
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    if (n <= 5) {
      out.emplace_back(typical[k]);
    } else {
      std::string number = std::to_string(k + 1);
      out.push_back("Agency " + std::string(4 - std::min<std::size_t>(4, number.size()), '0') + number);
    }
  }
  return out;
}

/// One call of review::record, prepared in advance.
struct command {
  std::string event;
  instant at;
  actor by;
  event_data data;
  std::string agency;
};

/// `count` IMR-loop commands, round robin over agencies whose imr tracks are
/// all in state drafting, one a minute from `from`.
inline std::vector<command> imr_loops(const std::vector<std::string>& agencies, instant from, std::size_t count) {
  std::vector<agency_people> people;
  people.reserve(agencies.size());
  for (const auto& a : agencies) people.push_back(people_of(a));
  const date resubmit_by = scr::make_date(2024, 7, 31);
  std::vector<command> out;
  out.reserve(count);
  instant t = from;
  const auto next = [&] { return t += boost::posix_time::minutes(1); };
  for (std::size_t k = 0; out.size() < count; ++k) {
    const std::size_t a = k % agencies.size();
    const std::string& agency = agencies[a];
    const agency_people& p = people[a];
    const command loop[] = {
        {"imr_signed_off", next(), p.senior_officer, {}, agency},
        {"imr_submitted", next(), p.author, {}, agency},
        {"imr_presented", next(), panel_chair, {}, agency},
        {"imr_returned",
         next(),
         panel_chair,
         {{"reason", std::string("The chronology stops before the incident; please extend it")},
          {"resubmit_by", resubmit_by}},
         agency},
    };
    for (const auto& c : loop) {
      if (out.size() == count) break;
      out.push_back(c);
    }
  }
  return out;
}

inline void record(review& r, command c) { r.record(c.event, c.at, c.by, std::move(c.data), c.agency); }

/// A Solihull review with `agencies` agencies, through the commissioning of
/// every IMR and the naming of every author (all imr tracks in drafting).
/// With `midway_extras` it also has the review-level steps a real review has
/// by then (discharges, the briefing, the presentation meeting scheduled).
inline review commissioned(const std::vector<std::string>& agencies, bool midway_extras) {
  auto r = review::open(solihull(), ew(), "Child Q", london(2024, 1, 15, 9), chair,
                        {{"incident_at", london(2024, 1, 13, 22)}, {"referring_agency", std::string("Police")}});
  instant t = london(2024, 1, 16, 9);
  const auto next = [&] { return t += boost::posix_time::minutes(1); };
  for (const auto& a : agencies) r.record("agency_letter_sent", next(), chair, {{"agency", a}});
  // The letter also goes to an agency that turns out not to be involved.
  r.record("agency_letter_sent", next(), chair, {{"agency", std::string("Youth Offending Service")}});
  if (midway_extras) r.discharge("incident_notice", london(2024, 1, 17), admin, "Emailed Ofsted and the DfE");
  t = std::max(t, london(2024, 1, 18, 9));
  for (const auto& a : agencies) r.record("involvement_confirmed", next(), manager, {{"records_secured", true}}, a);
  r.record("nil_return_received", next(), manager, {}, "Youth Offending Service");
  t = std::max(t, london(2024, 1, 19, 9));
  r.record("panel_convened", next(), chair);
  t = std::max(t, london(2024, 1, 29, 9));
  r.record("panel_recommended", next(), chair, {{"recommendation", std::string("scr")}});
  t = std::max(t, london(2024, 2, 1, 9));
  r.record("decision_made", next(), chair,
           {{"outcome", std::string("scr")}, {"reasons", std::string("The criteria in Working Together 8.9 are met")}});
  if (midway_extras) r.discharge("decision_notice", next(), nominated);
  t = std::max(t, london(2024, 2, 5, 9));
  r.record("independents_appointed", next(), chair);
  r.assign("J. Smith", "panel_chair", "Independent", next(), chair, {"member_of_involved_lscb"});
  r.assign("M. White", "overview_author", "Independent", next(), chair);
  t = std::max(t, london(2024, 2, 6, 9));
  r.record("terms_of_reference_approved", next(), chair);
  t = std::max(t, london(2024, 2, 8, 9));
  for (const auto& a : agencies) {
    r.record("imr_commissioned", next(), panel_chair,
             {{"agency", a},
              {"author_named_by", scr::make_date(2024, 2, 15)},
              {"briefing_on", scr::make_date(2024, 2, 22)},
              {"imr_due_on", scr::make_date(2024, 4, 30)}});
  }
  if (midway_extras) r.record("family_notified", london(2024, 2, 9), panel_chair);
  t = std::max(t, london(2024, 2, 14, 9));
  for (const auto& a : agencies) r.record("imr_author_named", next(), people_of(a).representative, {}, a);
  if (midway_extras) {
    r.record("authors_briefing_held", london(2024, 2, 22), panel_chair);
    r.discharge("monthly_progress_update", london(2024, 2, 28), nominated);
    r.schedule("presentation_meeting", scr::make_date(2024, 5, 20), scr::time_of_day{10, 0}, london(2024, 3, 1),
               panel_chair);
  }
  return r;
}
}  // namespace bench
