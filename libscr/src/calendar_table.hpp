#pragma once
// The immutable tables behind a scr::calendar, shared by its copies.

#include <cstdint>
#include <string>
#include <vector>

#include "scr/calendar.hpp"

namespace scr::detail {

struct calendar_table {
  std::string name;
  std::string version;
  weekday_set weekend;
  date first;
  date last;
  date confirmed_through;
  std::vector<holiday> holidays;  // sorted by day, unique

  // Day d is index i = day_number(d) - first_day, in [0, days).
  std::int64_t first_day = 0;
  std::int32_t days = 0;
  // before[i]: working days in [first, first + i); size days + 1. The rank of
  // working day i is before[i].
  std::vector<std::int32_t> before;
  // by_rank[k]: index of the working day of rank k.
  std::vector<std::int32_t> by_rank;
};

// Builds the look-up tables from name, version, weekend, range and holidays.
void build_tables(calendar_table& t);

}  // namespace scr::detail
