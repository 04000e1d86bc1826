// Statutory deadlines with the standard library's types only: the dates in
// and out are std::chrono ones, the London time of an incident is a
// std::chrono local time, and nothing of libscr's implementation (Boost) is
// spelled. The worked example is rule 1's (docs/calendar.md): the Platinum
// Jubilee holidays of Thursday 2 and Friday 3 June 2022 are not working days.
//
//   $ chrono_deadlines

#include <chrono>
#include <iostream>

#include "scr/scr.hpp"

namespace {

using namespace std::chrono;

void print(const char* what, sys_days day) {
  const year_month_day ymd{day};
  const weekday wd{day};
  static constexpr const char* names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  std::cout << what << static_cast<int>(ymd.year()) << '-' << (static_cast<unsigned>(ymd.month()) < 10 ? "0" : "")
            << static_cast<unsigned>(ymd.month()) << '-' << (static_cast<unsigned>(ymd.day()) < 10 ? "0" : "")
            << static_cast<unsigned>(ymd.day()) << ' ' << names[wd.c_encoding()] << '\n';
}

}  // namespace

int main() {
  try {
    const auto ew = scr::calendar::england_and_wales();

    // The partnership learns of a serious incident on Saturday 4 June 2022.
    const sys_days aware = 2022y / June / 4;
    const auto from = scr::from_sys_days(aware);
    print("became aware:          ", aware);
    // Notify the Panel within 5 working days; the rapid review within 15.
    print("notify the Panel by:   ", scr::to_sys_days(ew.due(from, scr::timescale::parse("5 working days"))));
    print("rapid review by:       ", scr::to_sys_days(ew.due(from, scr::timescale::parse("15 working days"))));

    // A referral form within 72 hours of an incident at 21:30 London time on
    // Friday 3 June 2022 (British Summer Time: 20:30 UTC).
    const scr::instant incident = scr::from_london(local_days{2022y / June / 3} + 21h + 30min);
    const system_clock::time_point at = scr::to_time_point(incident);
    const auto form = ew.due(incident, scr::timescale::parse("72 hours"));
    std::cout << "incident (UTC hour):   " << duration_cast<hours>(at - floor<days>(at)).count() << ":30\n";
    print("referral form by:      ", scr::to_sys_days(form.day));
    return 0;
  } catch (const scr::error& e) {
    std::cerr << "chrono_deadlines: " << e.what() << '\n';
    return 1;
  }
}
