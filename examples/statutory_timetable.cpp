// The statutory timetable of a sample referral, computed with the built-in
// England and Wales calendar.
//
// A referral reaches the LSCB on Sunday 11 September 2022 after an incident on
// the Friday evening. The State Funeral bank holiday (Monday 19 September 2022)
// falls inside the ten-working-day report period.
//
//   $ statutory_timetable [REFERRAL-DATE]

#include <iostream>
#include <string>

#include "scr/scr.hpp"

namespace {

void row(const scr::calendar& cal, const std::string& what, scr::date due,
         const std::string& rule) {
  std::cout << "  " << what;
  for (std::size_t i = what.size(); i < 44; ++i) std::cout << ' ';
  std::cout << scr::format_date(due) << "  " << due.day_of_week().as_short_string() << "  "
            << rule;
  if (cal.is_provisional(due)) std::cout << "  [provisional]";
  std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto cal = scr::calendar::england_and_wales();
    const scr::instant incident = scr::parse_instant("2022-09-09T19:30:00+01:00");
    const scr::date referral = argc > 1 ? scr::parse_date(argv[1]) : scr::make_date(2022, 9, 11);
    const auto ts = [](const char* t) { return scr::timescale::parse(t); };

    std::cout << "Statutory timetable for a referral received " << scr::format_date(referral)
              << " (" << cal.name() << " calendar, version " << cal.version() << ")\n\n";
    const auto form = cal.due(incident, ts("72 hours"));
    std::cout << "  Referral form (72 hours from the incident at "
              << scr::format_instant(incident) << ")\n";
    std::cout << "  " << std::string(42, ' ') << scr::format_instant(*form.at)
              << "  001:735\n";
    row(cal, "Referral to core members", cal.due(referral, ts("1 working day")),
        "1 working day, 001:348");
    row(cal, "Agencies confirm involvement", cal.due(referral, ts("3 working days")),
        "3 working days, 001:857");
    row(cal, "Report to LSCB Chair", cal.due(referral, ts("10 working days")),
        "10 working days, 003:74");
    const scr::date decision_due = cal.due(referral, ts("1 month"));
    row(cal, "Decision due", decision_due, "1 month, 001:392 (WT 2010 8.22)");

    // Suppose the Chair decides on the last permitted day.
    const scr::date decided = decision_due;
    row(cal, "Completion due (from the decision)", cal.due(decided, ts("6 months")),
        "6 months, 001:216");
    const scr::date panel_meeting = scr::make_date(2023, 2, 9);
    row(cal, "IMRs circulated before a panel meeting", cal.before(panel_meeting, ts("2 weeks")),
        "2 weeks before 2023-02-09, 001:538");
    std::cout << "\n  Working days from referral to decision due: "
              << cal.working_days_between(referral, decision_due)
              << " (19 September 2022 was the State Funeral bank holiday)\n";
  } catch (const scr::error& e) {
    std::cerr << "statutory_timetable: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
