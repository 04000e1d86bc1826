// Uses the installed headers and library: rule 1's worked example.
#include <scr/scr.hpp>

#include <iostream>

int main() {
  const auto ew = scr::calendar::england_and_wales();
  const auto due = ew.due(scr::make_date(2022, 6, 4), scr::timescale::parse("5 working days"));
  std::cout << "libscr " << SCR_VERSION_STRING << ": " << scr::format_date(due) << '\n';
  return due == scr::make_date(2022, 6, 10) ? 0 : 1;
}
