// A Solihull Serious Case Review opened on 15 January 2024: its provisional
// timetable to completion on the day it opens, and again once the Chair has
// decided to hold a review (see docs/engine.md).

#include <iomanip>
#include <iostream>
#include <memory>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/procedure.hpp"
#include "scr/review.hpp"

namespace {

void print(const scr::review& r, scr::date as_of) {
  std::cout << "Timetable of " << r.reference() << " as of " << scr::format_date(as_of) << " (state "
            << r.state(as_of) << ")\n";
  for (const auto& row : r.timetable(as_of)) {
    if (row.in_track != nullptr) continue;  // the agencies' tracks are left out here
    std::cout << "  " << std::left << std::setw(22) << row.id() << std::setw(46) << row.rule() << std::setw(12)
              << (row.due ? scr::format_date(*row.due) : "-") << to_string(row.status)
              << (row.projected ? " (projected)" : "") << '\n';
  }
}

}  // namespace

int main() {
  try {
    auto solihull = std::make_shared<const scr::procedure>(scr::procedure::builtin("solihull-2011-scr"));
    const scr::actor chair{"A. Patel", "lscb_chair", "Solihull LSCB"};
    auto r = scr::review::open(solihull, scr::calendar::england_and_wales(), "Child Q",
                               scr::parse_instant("2024-01-15T09:00:00Z"), chair,
                               {{"incident_at", scr::parse_instant("2024-01-13T22:00:00Z")}});
    r.record("panel_convened", scr::parse_instant("2024-01-19T10:00:00Z"), chair);
    print(r, scr::make_date(2024, 1, 19));

    r.record("panel_recommended", scr::parse_instant("2024-01-29T10:00:00Z"), chair,
             {{"recommendation", std::string("scr")}});
    r.record("decision_made", scr::parse_instant("2024-02-01T10:00:00Z"), chair,
             {{"outcome", std::string("scr")}, {"reasons", std::string("The criteria are met")}});
    std::cout << '\n';
    print(r, scr::make_date(2024, 2, 1));

    const auto c = r.compliance(scr::make_date(2024, 2, 1));
    if (c.decision) {
      std::cout << "\nDecision due " << scr::format_date(*c.decision->due) << ", made "
                << scr::format_date(scr::london_date(*c.decision->completed_at))
                << (c.decision->on_time ? ", on time\n" : ", late\n");
    }
  } catch (const scr::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
