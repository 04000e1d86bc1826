// Tests for scr/calendar.hpp: working days, calendar days, weeks, months, hours,
// custom calendars and the vectorised working-day arithmetic.
//
// The contract is docs/deadline-rules.md, the deadline rules (cited below as
// "rule N"). Seed lines are cited as NNN:LINE (../seeds/NNN_*.txt). Every expected
// date below was worked out by hand from the rule and a printed calendar; the
// comments show the counting so that a reviewer can check it without running
// libscr.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/error.hpp"
#include "scr/timescale.hpp"
#include "test_support.hpp"


namespace {

namespace g = boost::gregorian;
namespace pt = boost::posix_time;
using scr::calendar;
using scr::date;
using scr::instant;
using scr::time_unit;
using scr::timescale;




timescale ts(std::string_view text) { return timescale::parse(text); }

bool is_weekend(date d) {
  const auto w = d.day_of_week().as_number();  // Sunday = 0
  return w == 0 || w == 6;
}

// An independent working-day test: Monday to Friday and not in `holidays`.
struct naive_calendar {
  std::set<date> holidays;
  explicit naive_calendar(const calendar& c) {
    for (const auto& h : c.all_holidays()) holidays.insert(h.day);
  }
  bool working(date d) const { return !is_weekend(d) && !holidays.contains(d); }
  // Rule 1 and 5, literally: step one day at a time, never counting d itself.
  date add(date d, int n) const {
    const int step = n >= 0 ? 1 : -1;
    int left = n >= 0 ? n : -n;
    while (left > 0) {
      d += g::days(step);
      if (working(d)) --left;
    }
    return d;
  }
  // Working days in (a, b] for b >= a, minus those in [b, a) for b < a.
  int between(date a, date b) const {
    int n = 0;
    if (b >= a) {
      for (date d = a + g::days(1); d <= b; d += g::days(1)) n += working(d) ? 1 : 0;
      return n;
    }
    for (date d = b; d < a; d += g::days(1)) n += working(d) ? 1 : 0;
    return -n;
  }
};

const naive_calendar& naive() {
  static const naive_calendar n(ew());
  return n;
}

// ---------------------------------------------------------------------------
// Fixture facts: the days of the week the tests below rely on.

TEST(fixtures, days_of_the_week_used_in_these_tests) {
  // June 2022: 1 Wed, 2 Thu (Spring bank holiday, moved), 3 Fri (Platinum
  // Jubilee), 4 Sat, 5 Sun, 6 Mon ... 10 Fri.
  EXPECT_EQ(ymd(2022, 6, 1).day_of_week(), g::Wednesday);
  EXPECT_EQ(ymd(2022, 6, 4).day_of_week(), g::Saturday);
  EXPECT_EQ(ymd(2022, 6, 10).day_of_week(), g::Friday);
  EXPECT_EQ(ymd(2022, 9, 16).day_of_week(), g::Friday);
  EXPECT_EQ(ymd(2022, 9, 19).day_of_week(), g::Monday);
  EXPECT_EQ(ymd(2022, 12, 23).day_of_week(), g::Friday);
  EXPECT_EQ(ymd(2022, 12, 25).day_of_week(), g::Sunday);
  EXPECT_EQ(ymd(2024, 1, 15).day_of_week(), g::Monday);
  EXPECT_EQ(ymd(2024, 1, 19).day_of_week(), g::Friday);
  EXPECT_EQ(ymd(2024, 5, 24).day_of_week(), g::Friday);
  EXPECT_EQ(ymd(2024, 12, 23).day_of_week(), g::Monday);
  EXPECT_EQ(ymd(2024, 12, 16).day_of_week(), g::Monday);
  EXPECT_EQ(ymd(2021, 12, 24).day_of_week(), g::Friday);
  EXPECT_EQ(ymd(2024, 3, 31).day_of_week(), g::Sunday);
  EXPECT_EQ(ymd(2024, 10, 27).day_of_week(), g::Sunday);
}

// ---------------------------------------------------------------------------
// Rule 1: working days

TEST(working_days, rule_1_worked_example_saturday_4_june_2022_plus_5_is_friday_10_june) {
  // docs/deadline-rules.md, rule 1: 2 and 3 June 2022 were bank holidays, 6 June
  // is day 1.
  // 6 Mon (1), 7 Tue (2), 8 Wed (3), 9 Thu (4), 10 Fri (5).
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 4), 5), ymd(2022, 6, 10));
  EXPECT_EQ(ew().due(ymd(2022, 6, 4), ts("5 working days")), ymd(2022, 6, 10));
}

TEST(working_days, anchor_day_is_never_counted) {
  // Rule 1: "the day of X itself is never counted, even when X is a working day".
  // Wednesday 1 June 2022 is a working day; day 1 is Monday 6 June (2, 3 June
  // holidays, 4, 5 June weekend).
  ASSERT_TRUE(ew().is_working_day(ymd(2022, 6, 1)));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 1), 1), ymd(2022, 6, 6));
  // Monday 15 January 2024 + 1 is Tuesday 16, not Monday 15.
  ASSERT_TRUE(ew().is_working_day(ymd(2024, 1, 15)));
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 15), 1), ymd(2024, 1, 16));
  // + 5: 16, 17, 18, 19, 22 (calendar.hpp's example).
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 15), 5), ymd(2024, 1, 22));
  EXPECT_EQ(ew().due(ymd(2024, 1, 15), ts("5 working days")), ymd(2024, 1, 22));
}

TEST(working_days, weekend_anchor_makes_the_next_working_day_day_1) {
  // Rule 1: "If X is a weekend or holiday, day 1 is the first working day after X."
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 13), 1), ymd(2024, 1, 15));  // Sat -> Mon
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 14), 1), ymd(2024, 1, 15));  // Sun -> Mon
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 13), 5), ymd(2024, 1, 19));  // Mon..Fri
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 14), 6), ymd(2024, 1, 22));
}

TEST(working_days, holiday_anchor_makes_the_next_working_day_day_1) {
  // Thursday 2 June 2022 (Spring bank holiday) + 1: 3 June holiday, 4-5 weekend,
  // Monday 6 June.
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 2), 1), ymd(2022, 6, 6));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 3), 1), ymd(2022, 6, 6));
  // Christmas Day 2024 (Wednesday) + 1: Boxing Day Thursday, so Friday 27.
  EXPECT_EQ(ew().add_working_days(ymd(2024, 12, 25), 1), ymd(2024, 12, 27));
}

TEST(working_days, friday_plus_one_is_monday) {
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 19), 1), ymd(2024, 1, 22));
  // Unless Monday is a bank holiday: Friday 24 May 2024 + 1 skips Spring bank
  // holiday Monday 27 May.
  EXPECT_EQ(ew().add_working_days(ymd(2024, 5, 24), 1), ymd(2024, 5, 28));
}

TEST(working_days, across_christmas_and_new_year) {
  // 2024: 25 Wed and 26 Thu holidays, 1 Jan 2025 Wed holiday.
  // Mon 23 Dec + 1 = Tue 24; +2 = Fri 27; +3 = Mon 30; +4 = Tue 31; +5 = Thu 2 Jan.
  EXPECT_EQ(ew().add_working_days(ymd(2024, 12, 23), 1), ymd(2024, 12, 24));
  EXPECT_EQ(ew().add_working_days(ymd(2024, 12, 23), 2), ymd(2024, 12, 27));
  EXPECT_EQ(ew().add_working_days(ymd(2024, 12, 23), 3), ymd(2024, 12, 30));
  EXPECT_EQ(ew().add_working_days(ymd(2024, 12, 23), 5), ymd(2025, 1, 2));
  // 2022: Christmas on Sunday; Boxing Day Mon 26, Christmas substitute Tue 27;
  // New Year's Day 2023 on Sunday, substitute Mon 2 Jan.
  // Fri 23 Dec + 1 = Wed 28; +3 = Fri 30; +4 = Tue 3 Jan 2023.
  EXPECT_EQ(ew().add_working_days(ymd(2022, 12, 23), 1), ymd(2022, 12, 28));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 12, 23), 3), ymd(2022, 12, 30));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 12, 23), 4), ymd(2023, 1, 3));
  // 2021: Christmas on Saturday; substitutes Mon 27 and Tue 28.
  EXPECT_EQ(ew().add_working_days(ymd(2021, 12, 24), 1), ymd(2021, 12, 29));
}

TEST(working_days, state_funeral_19_september_2022_is_not_a_working_day) {
  // Rule 11 names 19 Sep 2022 as a one-off day announced at short notice.
  EXPECT_FALSE(ew().is_working_day(ymd(2022, 9, 19)));
  // Fri 16 Sep + 1 = Tue 20 Sep; + 5 = 20, 21, 22, 23, 26.
  EXPECT_EQ(ew().add_working_days(ymd(2022, 9, 16), 1), ymd(2022, 9, 20));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 9, 16), 5), ymd(2022, 9, 26));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 9, 20), -1), ymd(2022, 9, 16));
  EXPECT_EQ(ew().working_days_between(ymd(2022, 9, 16), ymd(2022, 9, 20)), 1);
}

TEST(working_days, seed_deadlines_in_working_days) {
  // 001:348 "the LSCB chair will, within 1 working day, send a copy of the
  // referral form": a referral on Friday 16 September 2022 -> Tuesday 20th.
  EXPECT_EQ(ew().due(ymd(2022, 9, 16), ts("1 working day")), ymd(2022, 9, 20));
  // 003:74 "within a maximum of 10 working days of the initial notification":
  // Monday 16 Dec 2024 -> 17, 18, 19, 20, 23, 24, (25, 26 hol), 27, 30, 31,
  // (1 Jan hol), Thursday 2 January 2025 is day 10.
  EXPECT_EQ(ew().due(ymd(2024, 12, 16), ts("10 working days")), ymd(2025, 1, 2));
  // 001:857 "by (give 3 working days)": letter Thursday 1 June 2022 -> 6, 7, 8.
  EXPECT_EQ(ew().due(ymd(2022, 6, 1), ts("3 working days")), ymd(2022, 6, 8));
}

TEST(working_days, rule_5_counts_backwards_without_counting_the_end_date) {
  // "5 working days before Friday 10 June 2022": 9 Thu (1), 8 Wed (2), 7 Tue (3),
  // 6 Mon (4), 5-4 weekend, 3 and 2 holidays, 1 Wed (5).
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 10), -5), ymd(2022, 6, 1));
  EXPECT_EQ(ew().before(ymd(2022, 6, 10), ts("5 working days")), ymd(2022, 6, 1));
  // calendar.hpp example: 6 June 2022 - 1 = 1 June 2022.
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 6), -1), ymd(2022, 6, 1));
  // The end date is not counted even when it is a working day: Tue 16 Jan 2024 - 1
  // is Mon 15 Jan.
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 16), -1), ymd(2024, 1, 15));
  // Weekend and holiday end dates: the last working day before them is day 1.
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 14), -1), ymd(2024, 1, 12));  // Sun -> Fri
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 13), -1), ymd(2024, 1, 12));  // Sat -> Fri
  EXPECT_EQ(ew().add_working_days(ymd(2025, 1, 1), -1), ymd(2024, 12, 31));
  EXPECT_EQ(ew().add_working_days(ymd(2023, 1, 3), -1), ymd(2022, 12, 30));
  EXPECT_EQ(ew().add_working_days(ymd(2023, 1, 3), -2), ymd(2022, 12, 29));
}

TEST(working_days, zero_returns_the_date_itself_even_on_a_weekend_or_holiday) {
  EXPECT_EQ(ew().add_working_days(ymd(2024, 1, 15), 0), ymd(2024, 1, 15));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 4), 0), ymd(2022, 6, 4));
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 2), 0), ymd(2022, 6, 2));
  EXPECT_EQ(ew().due(ymd(2022, 6, 4), ts("0 working days")), ymd(2022, 6, 4));
  EXPECT_EQ(ew().before(ymd(2022, 6, 4), ts("0 working days")), ymd(2022, 6, 4));
}

TEST(working_days, next_and_previous_working_day_are_strictly_after_and_before) {
  EXPECT_EQ(ew().next_working_day(ymd(2024, 1, 15)), ymd(2024, 1, 16));
  EXPECT_EQ(ew().next_working_day(ymd(2024, 1, 19)), ymd(2024, 1, 22));
  EXPECT_EQ(ew().next_working_day(ymd(2022, 6, 1)), ymd(2022, 6, 6));
  EXPECT_EQ(ew().next_working_day(ymd(2022, 6, 4)), ymd(2022, 6, 6));
  EXPECT_EQ(ew().previous_working_day(ymd(2024, 1, 16)), ymd(2024, 1, 15));
  EXPECT_EQ(ew().previous_working_day(ymd(2024, 1, 15)), ymd(2024, 1, 12));
  EXPECT_EQ(ew().previous_working_day(ymd(2022, 6, 6)), ymd(2022, 6, 1));
  EXPECT_EQ(ew().previous_working_day(ymd(2022, 6, 5)), ymd(2022, 6, 1));
}

TEST(working_days, next_and_previous_working_day_exhaustively_2015_to_2030) {
  const auto& nv = naive();
  for (date d = ymd(2015, 1, 1); d <= ymd(2030, 12, 31); d += g::days(1)) {
    const date next = ew().next_working_day(d);
    const date prev = ew().previous_working_day(d);
    ASSERT_GT(next, d) << scr::format_date(d);
    ASSERT_LT(prev, d) << scr::format_date(d);
    ASSERT_TRUE(nv.working(next)) << scr::format_date(d);
    ASSERT_TRUE(nv.working(prev)) << scr::format_date(d);
    for (date x = d + g::days(1); x < next; x += g::days(1)) {
      ASSERT_FALSE(nv.working(x)) << scr::format_date(d) << " skipped " << scr::format_date(x);
    }
    for (date x = prev + g::days(1); x < d; x += g::days(1)) {
      ASSERT_FALSE(nv.working(x)) << scr::format_date(d) << " skipped " << scr::format_date(x);
    }
  }
}

TEST(working_days, is_working_day_matches_weekend_and_holiday_list_every_day_1971_to_2199) {
  const auto& nv = naive();
  int working = 0;
  for (date d = ew().first(); d <= ew().last(); d += g::days(1)) {
    const bool expected = nv.working(d);
    ASSERT_EQ(ew().is_working_day(d), expected) << scr::format_date(d);
    EXPECT_EQ(ew().holiday_name(d).has_value(), nv.holidays.contains(d));
    working += expected ? 1 : 0;
  }
  EXPECT_GT(working, 0);
}

TEST(working_days, table_matches_a_naive_day_by_day_loop_2015_to_2030) {
  // Rule 1 / rule 5 literally, for every day and every n in [-40, 40].
  const auto& nv = naive();
  for (date d = ymd(2015, 1, 1); d <= ymd(2030, 12, 31); d += g::days(1)) {
    for (int n = -40; n <= 40; ++n) {
      ASSERT_EQ(ew().add_working_days(d, n), nv.add(d, n))
          << scr::format_date(d) << " + " << n << " working days";
    }
  }
}

TEST(working_days, table_matches_a_naive_loop_at_the_ends_of_the_calendar) {
  const auto& nv = naive();
  for (date d = ymd(1971, 1, 1); d <= ymd(1982, 12, 31); d += g::days(1)) {
    for (int n = 1; n <= 12; ++n) {
      ASSERT_EQ(ew().add_working_days(d, n), nv.add(d, n)) << scr::format_date(d) << " + " << n;
    }
  }
  for (date d = ymd(2190, 1, 1); d <= ymd(2199, 12, 1); d += g::days(1)) {
    for (int n = -12; n <= -1; ++n) {
      ASSERT_EQ(ew().add_working_days(d, n), nv.add(d, n)) << scr::format_date(d) << " " << n;
    }
  }
}

TEST(working_days, past_the_ends_of_the_calendar_throws_range_error) {
  // 1971-01-01 is a Friday and a working day; nothing before it is known.
  EXPECT_ERROR(scr::range_error, ew().add_working_days(ymd(1971, 1, 1), -1), "1971-01-01",
               "England and Wales");
  EXPECT_ERROR(scr::range_error, ew().previous_working_day(ymd(1971, 1, 1)), "1971-01-01");
  // 2199-12-31 is a Tuesday; the calendar has no working day after it.
  EXPECT_ERROR(scr::range_error, ew().add_working_days(ymd(2199, 12, 31), 1), "2199-12-31");
  EXPECT_ERROR(scr::range_error, ew().next_working_day(ymd(2199, 12, 31)), "2199-12-31");
  EXPECT_ERROR(scr::range_error, ew().add_working_days(ymd(2024, 1, 1), 1'000'000),
               "2024-01-01");
  EXPECT_ERROR(scr::range_error,
               ew().add_working_days(ymd(2024, 1, 1), std::numeric_limits<int>::max()),
               "2024-01-01");
  EXPECT_ERROR(scr::range_error,
               ew().add_working_days(ymd(2024, 1, 1), -std::numeric_limits<int>::max()),
               "2024-01-01");
  // The most negative int has no positive counterpart; it is still just "too far".
  EXPECT_ERROR(scr::range_error,
               ew().add_working_days(ymd(2024, 1, 1), std::numeric_limits<int>::min()),
               "2024-01-01");
  EXPECT_ERROR(scr::range_error, ew().due(ymd(2199, 12, 20), ts("30 working days")),
               "2199-12-20");
  EXPECT_ERROR(scr::range_error, ew().before(ymd(1971, 1, 20), ts("30 working days")),
               "1971-01-20");
}

TEST(working_days, dates_outside_the_calendar_throw_range_error_naming_them) {
  EXPECT_ERROR(scr::range_error, ew().is_working_day(ymd(1970, 12, 31)), "1970-12-31",
               "England and Wales", "1971-01-01");
  EXPECT_ERROR(scr::range_error, ew().add_working_days(ymd(1970, 6, 1), 5), "1970-06-01");
  EXPECT_ERROR(scr::range_error, ew().working_days_between(ymd(1970, 6, 1), ymd(2000, 1, 1)),
               "1970-06-01");
  EXPECT_ERROR(scr::range_error, ew().working_days_between(ymd(2000, 1, 1), ymd(1970, 6, 1)),
               "1970-06-01");
  EXPECT_ERROR(scr::range_error, ew().is_working_day(date(g::not_a_date_time)));
  EXPECT_ERROR(scr::range_error, ew().due(date(g::not_a_date_time), ts("1 day")));
}

// ---------------------------------------------------------------------------
// working_days_between

TEST(working_days_between, start_never_counted_end_counted) {
  // Rule 1 example read backwards: Sat 4 June 2022 to Fri 10 June 2022 is 5.
  EXPECT_EQ(ew().working_days_between(ymd(2022, 6, 4), ymd(2022, 6, 10)), 5);
  // A working start day is not counted: Wed 1 June to Mon 6 June is 1.
  EXPECT_EQ(ew().working_days_between(ymd(2022, 6, 1), ymd(2022, 6, 6)), 1);
  // Fri 19 Jan 2024 to Mon 22 Jan is 1.
  EXPECT_EQ(ew().working_days_between(ymd(2024, 1, 19), ymd(2024, 1, 22)), 1);
  // An end date that is a holiday adds nothing: 1 June to 3 June 2022 is 0.
  EXPECT_EQ(ew().working_days_between(ymd(2022, 6, 1), ymd(2022, 6, 3)), 0);
  EXPECT_EQ(ew().working_days_between(ymd(2024, 1, 15), ymd(2024, 1, 15)), 0);
  EXPECT_EQ(ew().working_days_between(ymd(2022, 6, 4), ymd(2022, 6, 4)), 0);
}

TEST(working_days_between, negative_when_the_end_is_before_the_start) {
  // For b < a: minus the working days in [b, a). [4 June, 10 June) 2022 holds
  // 6, 7, 8, 9 June: -4 (and 10 June - 4 working days = 6 June).
  EXPECT_EQ(ew().working_days_between(ymd(2022, 6, 10), ymd(2022, 6, 4)), -4);
  EXPECT_EQ(ew().add_working_days(ymd(2022, 6, 10), -4), ymd(2022, 6, 6));
  // [1 June, 10 June) 2022: 1, 6, 7, 8, 9 -> -5.
  EXPECT_EQ(ew().working_days_between(ymd(2022, 6, 10), ymd(2022, 6, 1)), -5);
  // Mon 22 Jan 2024 back to Fri 19 Jan: [19, 22) holds Fri 19 -> -1.
  EXPECT_EQ(ew().working_days_between(ymd(2024, 1, 22), ymd(2024, 1, 19)), -1);
}

TEST(working_days_between, whole_years_count_the_working_days_of_the_year) {
  // 2024 starts on a Monday and has 366 days: 52 weeks + Mon, Tue = 262 weekdays;
  // its 8 bank holidays are all weekdays: 254 working days.
  EXPECT_EQ(ew().working_days_between(ymd(2023, 12, 31), ymd(2024, 12, 31)), 254);
  // 2022 starts on a Saturday, 365 days = 52 weeks + Sat: 260 weekdays; 10 bank
  // holidays on weekdays (with the Jubilee and the State Funeral): 250.
  EXPECT_EQ(ew().working_days_between(ymd(2021, 12, 31), ymd(2022, 12, 31)), 250);
  // 2023 starts on a Sunday: 260 weekdays, 9 bank holidays (Coronation): 251.
  EXPECT_EQ(ew().working_days_between(ymd(2022, 12, 31), ymd(2023, 12, 31)), 251);
  EXPECT_EQ(ew().working_days_between(ymd(2024, 1, 1), ymd(2023, 1, 1)), -251);
}

TEST(working_days_between, round_trips_with_add_working_days_every_day_2019_to_2024) {
  // Property: working_days_between(d, add_working_days(d, n)) == n.
  for (date d = ymd(2019, 1, 1); d <= ymd(2024, 12, 31); d += g::days(1)) {
    for (int n = -30; n <= 30; ++n) {
      const date r = ew().add_working_days(d, n);
      ASSERT_EQ(ew().working_days_between(d, r), n)
          << scr::format_date(d) << " + " << n << " = " << scr::format_date(r);
    }
  }
}

TEST(working_days_between, add_working_days_reaches_any_working_day_b) {
  // Property: add_working_days(d, working_days_between(d, b)) == b when b is a
  // working day, for every d in 2021-2023 and every b within 60 days of it.
  for (date d = ymd(2021, 1, 1); d <= ymd(2023, 12, 31); d += g::days(1)) {
    for (int k = -60; k <= 60; ++k) {
      const date b = d + g::days(k);
      if (!ew().is_working_day(b)) continue;
      ASSERT_EQ(ew().add_working_days(d, ew().working_days_between(d, b)), b)
          << scr::format_date(d) << " -> " << scr::format_date(b);
    }
  }
}

TEST(working_days_between, matches_a_naive_count) {
  const auto& nv = naive();
  for (date a = ymd(2020, 1, 1); a <= ymd(2023, 12, 31); a += g::days(1)) {
    for (int k = -45; k <= 45; ++k) {
      const date b = a + g::days(k);
      ASSERT_EQ(ew().working_days_between(a, b), nv.between(a, b))
          << scr::format_date(a) << " to " << scr::format_date(b);
    }
  }
}

// ---------------------------------------------------------------------------
// Rule 2: calendar days and weeks

TEST(calendar_days, days_are_x_plus_n_regardless_of_holidays) {
  // 004:464 "(Timescale – 14 days)": Friday 24 May 2024 + 14 = Friday 7 June.
  EXPECT_EQ(ew().due(ymd(2024, 5, 24), ts("14 days")), ymd(2024, 6, 7));
  // 004:475 "28 days": 25 Jan 2024 + 28 = 22 Feb 2024.
  EXPECT_EQ(ew().due(ymd(2024, 1, 25), ts("28 days")), ymd(2024, 2, 22));
  // Calendar days land on holidays and weekends: 1 June 2022 + 2 = 3 June (a
  // bank holiday), + 3 = 4 June (Saturday).
  EXPECT_EQ(ew().due(ymd(2022, 6, 1), ts("2 days")), ymd(2022, 6, 3));
  EXPECT_EQ(ew().due(ymd(2022, 6, 1), ts("3 days")), ymd(2022, 6, 4));
  // Leap years: 20 Feb 2024 + 10 = 1 March 2024; 20 Feb 2023 + 10 = 2 March 2023.
  EXPECT_EQ(ew().due(ymd(2024, 2, 20), ts("10 days")), ymd(2024, 3, 1));
  EXPECT_EQ(ew().due(ymd(2023, 2, 20), ts("10 days")), ymd(2023, 3, 2));
  EXPECT_EQ(ew().due(ymd(2023, 12, 25), ts("7 days")), ymd(2024, 1, 1));
  EXPECT_EQ(ew().due(ymd(2024, 5, 24), ts("0 days")), ymd(2024, 5, 24));
  EXPECT_EQ(ew().due(ymd(2024, 5, 24), ts("1 day")), ymd(2024, 5, 25));
}

TEST(calendar_days, weeks_are_x_plus_7n) {
  // 000:109 "IMR writers given 4 weeks": Monday 24 May 2004 + 28 = Monday 21 June.
  EXPECT_EQ(ew().due(ymd(2004, 5, 24), ts("4 weeks")), ymd(2004, 6, 21));
  EXPECT_EQ(ew().due(ymd(2024, 12, 20), ts("2 weeks")), ymd(2025, 1, 3));
  EXPECT_EQ(ew().due(ymd(2024, 2, 22), ts("1 week")), ymd(2024, 2, 29));
}

TEST(calendar_days, before_counts_days_and_weeks_backwards) {
  // calendar.hpp example: 2 weeks before 20 June 2024 is 6 June 2024.
  EXPECT_EQ(ew().before(ymd(2024, 6, 20), ts("2 weeks")), ymd(2024, 6, 6));
  // 001:538 "IMRs circulated 2 weeks before the presentation meeting".
  EXPECT_EQ(ew().before(ymd(2004, 6, 10), ts("2 weeks")), ymd(2004, 5, 27));
  EXPECT_EQ(ew().before(ymd(2024, 3, 1), ts("1 day")), ymd(2024, 2, 29));
  EXPECT_EQ(ew().before(ymd(2023, 3, 1), ts("1 day")), ymd(2023, 2, 28));
  EXPECT_EQ(ew().before(ymd(2024, 1, 3), ts("5 days")), ymd(2023, 12, 29));
}

TEST(calendar_days, days_and_weeks_exhaustively_2020_to_2024) {
  for (date d = ymd(2020, 1, 1); d <= ymd(2024, 12, 31); d += g::days(1)) {
    const auto s = calendar::to_serial(d);
    for (int n = 0; n <= 60; ++n) {
      const auto day_ts = timescale::of(n, time_unit::days);
      const auto week_ts = timescale::of(n, time_unit::weeks);
      ASSERT_EQ(calendar::to_serial(ew().due(d, day_ts)), s + n);
      ASSERT_EQ(calendar::to_serial(ew().before(d, day_ts)), s - n);
      ASSERT_EQ(calendar::to_serial(ew().due(d, week_ts)), s + 7 * n);
      ASSERT_EQ(calendar::to_serial(ew().before(d, week_ts)), s - 7 * n);
    }
  }
}

TEST(calendar_days, results_outside_the_supported_range_throw_range_error) {
  EXPECT_ERROR(scr::range_error, ew().due(ymd(2199, 12, 25), ts("7 days")), "2200-01-01");
  EXPECT_ERROR(scr::range_error, ew().before(ymd(1900, 1, 3), ts("1 week")), "1899-12-27");
  EXPECT_ERROR(scr::range_error, ew().due(ymd(2199, 12, 31), ts("99999 weeks")));
  EXPECT_ERROR(scr::range_error, ew().before(ymd(2024, 5, 24), ts("99999 days")));
}

TEST(calendar_days, many_weeks_before_a_date_throws_range_error_not_a_boost_exception) {
  // error.hpp: "Every error libscr throws derives from scr::error". 40000 weeks
  // (280000 days, about 767 years) before 24 May 2024 is in the 13th century.
  EXPECT_ERROR(scr::range_error, ew().before(ymd(2024, 5, 24), ts("40000 weeks")), "range");
  EXPECT_ERROR(scr::range_error, ew().before(ymd(2024, 5, 24), ts("99999 weeks")), "range");
}

// ---------------------------------------------------------------------------
// Rule 3: months (Dodds v Walker [1981] 1 WLR 1027, HL)

TEST(months, corresponding_date_rule_dodds_v_walker) {
  // Rule 3's examples.
  EXPECT_EQ(scr::add_months(ymd(1978, 9, 30), 4), ymd(1979, 1, 30));  // not 31 Jan
  EXPECT_EQ(scr::add_months(ymd(2023, 1, 31), 1), ymd(2023, 2, 28));
  EXPECT_EQ(scr::add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
  EXPECT_EQ(scr::add_months(ymd(2023, 4, 30), 1), ymd(2023, 5, 30));  // not 31 May
  EXPECT_EQ(scr::add_months(ymd(2024, 2, 29), 12), ymd(2025, 2, 28));
  EXPECT_EQ(scr::add_months(ymd(2024, 2, 29), 48), ymd(2028, 2, 29));
  EXPECT_EQ(scr::add_months(ymd(2023, 2, 28), 1), ymd(2023, 3, 28));  // not 31 March
  EXPECT_EQ(scr::add_months(ymd(2024, 5, 24), 0), ymd(2024, 5, 24));
}

TEST(months, always_from_the_anchor_never_chained) {
  // Rule 3: 31 Jan + 2 months = 31 Mar; chaining two single months gives 28 Mar.
  EXPECT_EQ(scr::add_months(ymd(2023, 1, 31), 2), ymd(2023, 3, 31));
  EXPECT_EQ(scr::add_months(scr::add_months(ymd(2023, 1, 31), 1), 1), ymd(2023, 3, 28));
  EXPECT_EQ(ew().due(ymd(2023, 1, 31), ts("2 months")), ymd(2023, 3, 31));
  // 001:216 "completed within 6 months from the date of the decision to proceed":
  // a decision on 31 August 2023 -> 29 February 2024 (a leap year).
  EXPECT_EQ(ew().due(ymd(2023, 8, 31), ts("6 months")), ymd(2024, 2, 29));
  EXPECT_EQ(ew().due(ymd(2022, 8, 31), ts("6 months")), ymd(2023, 2, 28));
}

TEST(months, negative_months_and_before) {
  EXPECT_EQ(scr::add_months(ymd(2023, 3, 31), -1), ymd(2023, 2, 28));
  EXPECT_EQ(scr::add_months(ymd(2024, 3, 31), -1), ymd(2024, 2, 29));
  EXPECT_EQ(scr::add_months(ymd(2023, 5, 31), -1), ymd(2023, 4, 30));
  EXPECT_EQ(ew().before(ymd(2023, 3, 31), ts("1 month")), ymd(2023, 2, 28));
  EXPECT_EQ(ew().before(ymd(2025, 2, 28), ts("12 months")), ymd(2024, 2, 28));
  EXPECT_EQ(ew().before(ymd(2024, 8, 31), ts("6 months")), ymd(2024, 2, 29));
}

TEST(months, year_ends) {
  EXPECT_EQ(scr::add_months(ymd(2023, 12, 31), 1), ymd(2024, 1, 31));
  EXPECT_EQ(scr::add_months(ymd(2023, 12, 15), 1), ymd(2024, 1, 15));
  EXPECT_EQ(scr::add_months(ymd(2023, 11, 30), 3), ymd(2024, 2, 29));
  EXPECT_EQ(scr::add_months(ymd(2024, 1, 31), -1), ymd(2023, 12, 31));
  EXPECT_EQ(scr::add_months(ymd(2024, 1, 15), -13), ymd(2022, 12, 15));
  EXPECT_EQ(scr::add_months(ymd(2023, 12, 31), 14), ymd(2025, 2, 28));
  EXPECT_EQ(scr::add_months(ymd(2023, 10, 31), 2), ymd(2023, 12, 31));
}

TEST(months, due_with_months_and_years) {
  // calendar.hpp example and 001:392 "within one month".
  EXPECT_EQ(ew().due(ymd(2024, 1, 15), ts("1 month")), ymd(2024, 2, 15));
  // 001:650 "Retain copies ... for a period of 7 years": years are 12 months each.
  EXPECT_EQ(ew().due(ymd(2024, 5, 24), ts("7 years")), ymd(2031, 5, 24));
  EXPECT_EQ(ew().due(ymd(2016, 2, 29), ts("7 years")), ymd(2023, 2, 28));
  EXPECT_EQ(ew().due(ymd(2016, 2, 29), ts("8 years")), ymd(2024, 2, 29));
  EXPECT_EQ(ew().before(ymd(2023, 2, 28), ts("1 year")), ymd(2022, 2, 28));
  EXPECT_EQ(ew().before(ymd(2024, 2, 29), ts("1 year")), ymd(2023, 2, 28));
}

TEST(months, years_are_twelve_months_each) {
  for (date d = ymd(2000, 1, 1); d <= ymd(2004, 12, 31); d += g::days(1)) {
    for (int n = 0; n <= 10; ++n) {
      ASSERT_EQ(ew().due(d, timescale::of(n, time_unit::years)), scr::add_months(d, 12 * n))
          << scr::format_date(d) << " + " << n << " years";
      ASSERT_EQ(ew().before(d, timescale::of(n, time_unit::years)), scr::add_months(d, -12 * n));
      ASSERT_EQ(ew().due(d, timescale::of(12 * n, time_unit::months)),
                scr::add_months(d, 12 * n));
    }
  }
}

// Independent Gregorian month lengths.
int days_in_month(int y, int m) {
  static constexpr int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : len[m - 1];
}

TEST(months, exhaustive_every_day_2000_to_2030_and_n_from_minus_24_to_24) {
  for (date d = ymd(2000, 1, 1); d <= ymd(2030, 12, 31); d += g::days(1)) {
    const int y = static_cast<int>(d.year());
    const int m = static_cast<int>(d.month());
    const int day = static_cast<int>(d.day());
    for (int n = -24; n <= 24; ++n) {
      // Independent month arithmetic: months counted from January of year 0.
      const int total = y * 12 + (m - 1) + n;  // always positive here
      const int ty = total / 12;
      const int tm = total % 12 + 1;
      const int td = std::min(day, days_in_month(ty, tm));
      const date r = scr::add_months(d, n);
      ASSERT_EQ(static_cast<int>(r.year()), ty) << scr::format_date(d) << " + " << n;
      ASSERT_EQ(static_cast<int>(r.month()), tm) << scr::format_date(d) << " + " << n;
      ASSERT_EQ(static_cast<int>(r.day()), td) << scr::format_date(d) << " + " << n;
      if (n >= 0) {
        ASSERT_EQ(ew().due(d, timescale::of(n, time_unit::months)), r);
      } else {
        ASSERT_EQ(ew().before(d, timescale::of(-n, time_unit::months)), r);
      }
    }
  }
}

TEST(months, outside_the_supported_range_throws_range_error) {
  EXPECT_ERROR(scr::range_error, scr::add_months(ymd(2199, 12, 15), 1), "2199-12-15");
  EXPECT_ERROR(scr::range_error, scr::add_months(ymd(1900, 1, 15), -1), "1900-01-15");
  EXPECT_ERROR(scr::range_error, scr::add_months(ymd(1850, 1, 1), 1), "1850-01-01");
  EXPECT_ERROR(scr::range_error, scr::add_months(ymd(2024, 1, 1), 1'000'000));
  EXPECT_ERROR(scr::range_error, scr::add_months(ymd(2024, 1, 1), std::numeric_limits<int>::min()));
  EXPECT_ERROR(scr::range_error, ew().due(ymd(2190, 1, 1), ts("10 years")), "2190-01-01");
  EXPECT_ERROR(scr::range_error, ew().before(ymd(1905, 1, 1), ts("99999 months")), "1905-01-01");
}

// ---------------------------------------------------------------------------
// Rule 4: hours, from an instant; local dates in Europe/London

TEST(hours, seventy_two_hours_is_elapsed_time_across_the_march_clock_change) {
  // calendar.hpp example. 001:735 "within 72 hours of incident". BST starts at
  // 01:00 UTC on Sunday 31 March 2024: 2024-03-30T22:00Z + 72 h =
  // 2024-04-02T22:00Z, which is 23:00 BST on 2 April.
  const auto r = ew().due(utc(2024, 3, 30, 22), ts("72 hours"));
  ASSERT_TRUE(r.at.has_value());
  EXPECT_EQ(*r.at, utc(2024, 4, 2, 22));
  EXPECT_EQ(r.day, ymd(2024, 4, 2));
  EXPECT_EQ(r, (scr::deadline{ymd(2024, 4, 2), utc(2024, 4, 2, 22)}));
}

TEST(hours, late_evening_utc_in_summer_is_the_next_london_date) {
  // 2024-06-27T23:30Z + 72 h = 2024-06-30T23:30Z = 00:30 BST on 1 July.
  const auto r = ew().due(utc(2024, 6, 27, 23, 30), ts("72 hours"));
  ASSERT_TRUE(r.at.has_value());
  EXPECT_EQ(*r.at, utc(2024, 6, 30, 23, 30));
  EXPECT_EQ(r.day, ymd(2024, 7, 1));
  // The same clock time in winter stays on its UTC date (GMT).
  const auto w = ew().due(utc(2024, 1, 15, 23, 30), ts("72 hours"));
  EXPECT_EQ(*w.at, utc(2024, 1, 18, 23, 30));
  EXPECT_EQ(w.day, ymd(2024, 1, 18));
}

TEST(hours, across_the_october_clock_change_and_before) {
  // BST ends at 01:00 UTC on Sunday 27 October 2024.
  const auto r = ew().due(utc(2024, 10, 26, 23, 30), ts("1 hour"));
  EXPECT_EQ(*r.at, utc(2024, 10, 27, 0, 30));
  EXPECT_EQ(r.day, ymd(2024, 10, 27));  // 01:30 BST
  const auto b = ew().before(utc(2024, 4, 2, 22), ts("72 hours"));
  ASSERT_TRUE(b.at.has_value());
  EXPECT_EQ(*b.at, utc(2024, 3, 30, 22));
  EXPECT_EQ(b.day, ymd(2024, 3, 30));
  // 23:30 UTC on 1 July is 00:30 BST on 2 July.
  const auto b2 = ew().before(utc(2024, 7, 2, 23, 30), ts("24 hours"));
  EXPECT_EQ(*b2.at, utc(2024, 7, 1, 23, 30));
  EXPECT_EQ(b2.day, ymd(2024, 7, 2));
  EXPECT_EQ(ew().due(utc(2024, 5, 24, 17), ts("0 hours")).at, utc(2024, 5, 24, 17));
}

TEST(hours, date_anchor_with_an_hours_timescale_throws_input_error_naming_it) {
  EXPECT_ERROR(scr::input_error, ew().due(ymd(2024, 3, 30), ts("72 hours")), "72 hours",
               "2024-03-30");
  EXPECT_ERROR(scr::input_error, ew().before(ymd(2024, 3, 30), ts("1 hour")), "1 hour",
               "2024-03-30");
}

TEST(hours, day_based_timescales_from_an_instant_use_its_london_date) {
  // 2024-06-30T23:30Z is 00:30 BST on Monday 1 July 2024.
  const instant late = utc(2024, 6, 30, 23, 30);
  EXPECT_EQ(scr::london_date(late), ymd(2024, 7, 1));
  // 1 working day from Monday 1 July is Tuesday 2 July (from the UTC date,
  // Sunday 30 June, it would have been Monday 1 July).
  const auto wd = ew().due(late, ts("1 working day"));
  EXPECT_EQ(wd.day, ymd(2024, 7, 2));
  EXPECT_FALSE(wd.at.has_value());
  EXPECT_EQ(ew().due(late, ts("1 day")).day, ymd(2024, 7, 2));
  EXPECT_EQ(ew().due(late, ts("1 week")).day, ymd(2024, 7, 8));
  // 2024-05-31T23:30Z is 1 June in London: + 1 month = 1 July (from 31 May it
  // would have been 30 June).
  EXPECT_EQ(ew().due(utc(2024, 5, 31, 23, 30), ts("1 month")).day, ymd(2024, 7, 1));
  // In winter London is on GMT: 2024-01-31T23:30Z is 31 January; + 1 month = 29 Feb.
  EXPECT_EQ(ew().due(utc(2024, 1, 31, 23, 30), ts("1 month")).day, ymd(2024, 2, 29));
  // before() too: the instant 2022-06-10T23:30Z is 00:30 BST on Saturday
  // 11 June in London; 5 working days before it: 10, 9, 8, 7, 6 June.
  const auto b = ew().before(utc(2022, 6, 10, 23, 30), ts("5 working days"));
  EXPECT_EQ(b.day, ymd(2022, 6, 6));
  EXPECT_FALSE(b.at.has_value());
}

TEST(hours, instants_outside_the_supported_range_throw_range_error) {
  EXPECT_ERROR(scr::range_error, ew().due(utc(1995, 12, 31, 12), ts("1 hour")), "1995-12-31");
  EXPECT_ERROR(scr::range_error, ew().due(utc(2199, 12, 30, 0), ts("72 hours")));
  EXPECT_ERROR(scr::range_error, ew().before(utc(1996, 1, 1, 1), ts("2 hours")));
  EXPECT_ERROR(scr::range_error, ew().due(instant(pt::not_a_date_time), ts("1 hour")));
}

// ---------------------------------------------------------------------------
// custom()

TEST(custom_calendar, friday_and_saturday_weekend) {
  const scr::weekday_set weekend{scr::weekday::friday, scr::weekday::saturday};
  const auto c = calendar::custom(weekend, {}, "Gulf office", "1");
  EXPECT_EQ(c.name(), "Gulf office");
  EXPECT_EQ(c.version(), "1");
  EXPECT_EQ(c.weekend(), weekend);
  // Thursday 18 January 2024 + 1 working day = Sunday 21 January.
  ASSERT_EQ(ymd(2024, 1, 18).day_of_week(), g::Thursday);
  EXPECT_EQ(c.add_working_days(ymd(2024, 1, 18), 1), ymd(2024, 1, 21));
  EXPECT_TRUE(c.is_working_day(ymd(2024, 1, 21)));   // Sunday
  EXPECT_FALSE(c.is_working_day(ymd(2024, 1, 19)));  // Friday
  EXPECT_FALSE(c.is_working_day(ymd(2024, 1, 20)));  // Saturday
  // Sunday 21 - 1 working day = Thursday 18.
  EXPECT_EQ(c.add_working_days(ymd(2024, 1, 21), -1), ymd(2024, 1, 18));
  EXPECT_EQ(c.working_days_between(ymd(2024, 1, 18), ymd(2024, 1, 21)), 1);
  // Default range without holidays: the whole supported range, all confirmed.
  EXPECT_EQ(c.first(), scr::min_date());
  EXPECT_EQ(c.last(), scr::max_date());
  EXPECT_EQ(c.confirmed_through(), scr::max_date());
  EXPECT_FALSE(c.is_provisional(ymd(2199, 12, 31)));
  EXPECT_TRUE(c.all_holidays().empty());
}

TEST(custom_calendar, holidays_are_named_sorted_and_skipped) {
  const auto c = calendar::custom(scr::weekday_set::saturday_sunday(),
                                  {{ymd(2025, 3, 14), "Board away day"},
                                   {ymd(2025, 3, 12), "Founders' day"}},
                                  "Board", "2025-1");
  ASSERT_EQ(c.all_holidays().size(), 2U);
  EXPECT_EQ(c.all_holidays()[0].day, ymd(2025, 3, 12));
  EXPECT_EQ(c.all_holidays()[1].name, "Board away day");
  EXPECT_EQ(c.holiday_name(ymd(2025, 3, 12)), std::optional<std::string>("Founders' day"));
  EXPECT_FALSE(c.holiday_name(ymd(2025, 3, 13)).has_value());
  // Tue 11 March 2025 + 2 working days: 12 holiday, 13 (1), 14 holiday, 17 (2).
  ASSERT_EQ(ymd(2025, 3, 11).day_of_week(), g::Tuesday);
  EXPECT_EQ(c.add_working_days(ymd(2025, 3, 11), 2), ymd(2025, 3, 17));
  // Default first date: 1 January of the first holiday's year.
  EXPECT_EQ(c.first(), ymd(2025, 1, 1));
  EXPECT_ERROR(scr::range_error, c.is_working_day(ymd(2024, 12, 31)), "2024-12-31", "Board");
  EXPECT_EQ(c.holidays(2025).size(), 2U);
}

TEST(custom_calendar, duplicate_holiday_dates_are_refused_naming_both) {
  EXPECT_ERROR(scr::input_error,
               calendar::custom(scr::weekday_set::saturday_sunday(),
                                {{ymd(2025, 3, 12), "Founders' day"},
                                 {ymd(2025, 6, 2), "Summer fete"},
                                 {ymd(2025, 3, 12), "Board away day"}},
                                "Board", "2025-1"),
               "2025-03-12", "Founders' day", "Board away day", "Board");
}

TEST(custom_calendar, a_weekend_of_all_seven_days_is_refused) {
  EXPECT_ERROR(scr::input_error,
               calendar::custom(scr::weekday_set::from_bits(0x7F), {}, "Never", "1"),
               "Never", "seven days");
  EXPECT_ERROR(scr::input_error,
               calendar::custom(scr::weekday_set::from_bits(0xFF), {}, "Never", "1"),
               "seven days");
}

TEST(custom_calendar, holiday_outside_the_range_is_refused) {
  scr::calendar_options o;
  o.first = ymd(2024, 1, 1);
  o.last = ymd(2024, 12, 31);
  EXPECT_ERROR(scr::range_error,
               calendar::custom(scr::weekday_set::saturday_sunday(),
                                {{ymd(2025, 1, 1), "New Year's Day"}}, "Board", "1", o),
               "New Year's Day", "2025-01-01", "2024-01-01", "2024-12-31");
  EXPECT_ERROR(scr::range_error,
               calendar::custom(scr::weekday_set::saturday_sunday(),
                                {{ymd(2023, 12, 25), "Christmas Day"}}, "Board", "1", o),
               "Christmas Day", "2023-12-25");
}

TEST(custom_calendar, options_first_last_and_confirmed_through_are_respected) {
  scr::calendar_options o;
  o.first = ymd(2024, 1, 1);
  o.last = ymd(2026, 12, 31);
  o.confirmed_through = ymd(2024, 12, 31);
  const auto c = calendar::custom(scr::weekday_set::saturday_sunday(),
                                  {{ymd(2024, 12, 25), "Christmas Day"}}, "Board", "1", o);
  EXPECT_EQ(c.first(), ymd(2024, 1, 1));
  EXPECT_EQ(c.last(), ymd(2026, 12, 31));
  EXPECT_EQ(c.confirmed_through(), ymd(2024, 12, 31));
  EXPECT_FALSE(c.is_provisional(ymd(2024, 12, 31)));
  EXPECT_TRUE(c.is_provisional(ymd(2025, 1, 1)));
  EXPECT_TRUE(c.is_working_day(ymd(2026, 12, 31)));
  EXPECT_ERROR(scr::range_error, c.is_working_day(ymd(2027, 1, 1)), "2027-01-01");
  EXPECT_ERROR(scr::range_error, c.is_working_day(ymd(2023, 12, 31)), "2023-12-31");
  EXPECT_ERROR(scr::range_error, c.holidays(2027), "2027");
  EXPECT_TRUE(c.holidays(2026).empty());
  // Without confirmed_through it defaults to last.
  scr::calendar_options o2;
  o2.last = ymd(2030, 6, 30);
  const auto c2 = calendar::custom(scr::weekday_set::saturday_sunday(), {}, "B", "1", o2);
  EXPECT_EQ(c2.confirmed_through(), ymd(2030, 6, 30));
}

TEST(custom_calendar, bad_names_versions_and_ranges_are_refused) {
  EXPECT_ERROR(scr::input_error,
               calendar::custom(scr::weekday_set::saturday_sunday(), {}, "", "1"), "name");
  EXPECT_ERROR(scr::input_error,
               calendar::custom(scr::weekday_set::saturday_sunday(), {}, "Board", ""),
               "version", "Board");
  scr::calendar_options o;
  o.first = ymd(2025, 1, 1);
  o.last = ymd(2024, 1, 1);
  EXPECT_ERROR(scr::input_error,
               calendar::custom(scr::weekday_set::saturday_sunday(), {}, "Board", "1", o),
               "2024-01-01", "2025-01-01");
  scr::calendar_options o3;
  o3.first = ymd(1850, 1, 1);
  EXPECT_ERROR(scr::range_error,
               calendar::custom(scr::weekday_set::saturday_sunday(), {}, "Board", "1", o3),
               "1850-01-01");
}

TEST(weekday_set, membership_and_bits) {
  constexpr auto we = scr::weekday_set::saturday_sunday();
  static_assert(we.size() == 2);
  static_assert(we.contains(scr::weekday::saturday));
  static_assert(we.contains(scr::weekday::sunday));
  static_assert(!we.contains(scr::weekday::monday));
  static_assert(we.bits() == 0x41);
  static_assert(scr::weekday_set::from_bits(0xFF).size() == 7);
  static_assert(scr::weekday_set::from_bits(0xFF).bits() == 0x7F);
  static_assert(scr::weekday_set{}.size() == 0);
  EXPECT_EQ(we, (scr::weekday_set{scr::weekday::sunday, scr::weekday::saturday}));
}

// ---------------------------------------------------------------------------
// Day serials and the vectorised add_working_days

TEST(serials, days_since_1970_01_01) {
  EXPECT_EQ(calendar::to_serial(ymd(1970, 1, 1)), 0);
  EXPECT_EQ(calendar::to_serial(ymd(1970, 1, 2)), 1);
  EXPECT_EQ(calendar::to_serial(ymd(1969, 12, 31)), -1);
  // 1970..1999 is 30 years with 7 leap days (72, 76, 80, 84, 88, 92, 96).
  EXPECT_EQ(calendar::to_serial(ymd(2000, 1, 1)), 10957);
  EXPECT_EQ(calendar::from_serial(10957), ymd(2000, 1, 1));
  EXPECT_EQ(calendar::from_serial(-1), ymd(1969, 12, 31));
  for (date d = scr::min_date(); d <= scr::max_date(); d += g::days(97)) {
    ASSERT_EQ(calendar::from_serial(calendar::to_serial(d)), d);
  }
  EXPECT_EQ(calendar::from_serial(calendar::to_serial(scr::max_date())), scr::max_date());
  EXPECT_ERROR(scr::range_error,
               calendar::from_serial(calendar::to_serial(scr::max_date()) + 1), "serial");
  EXPECT_ERROR(scr::range_error,
               calendar::from_serial(calendar::to_serial(scr::min_date()) - 1), "serial");
  EXPECT_ERROR(scr::range_error, calendar::from_serial(calendar::missing_serial));
}

TEST(vectorised, equals_the_scalar_call_with_one_count) {
  std::vector<std::int64_t> days;
  for (date d = ymd(2015, 1, 1); d <= ymd(2030, 12, 31); d += g::days(1)) {
    days.push_back(calendar::to_serial(d));
  }
  for (const std::int64_t n : {-25, -5, -1, 0, 1, 5, 25}) {
    std::vector<std::int64_t> out(days.size(), 12345);
    const std::vector<std::int64_t> counts{n};
    ew().add_working_days(days, counts, out);
    for (std::size_t k = 0; k < days.size(); ++k) {
      const date d = calendar::from_serial(days[k]);
      ASSERT_EQ(calendar::from_serial(out[k]), ew().add_working_days(d, static_cast<int>(n)))
          << scr::format_date(d) << " + " << n;
    }
  }
}

TEST(vectorised, per_element_counts) {
  std::vector<std::int64_t> days;
  std::vector<std::int64_t> counts;
  int k = 0;
  for (date d = ymd(2019, 1, 1); d <= ymd(2024, 12, 31); d += g::days(1), ++k) {
    days.push_back(calendar::to_serial(d));
    counts.push_back(k % 61 - 30);
  }
  std::vector<std::int64_t> out(days.size());
  ew().add_working_days(days, counts, out);
  for (std::size_t i = 0; i < days.size(); ++i) {
    const date d = calendar::from_serial(days[i]);
    ASSERT_EQ(calendar::from_serial(out[i]), ew().add_working_days(d, static_cast<int>(counts[i])))
        << scr::format_date(d) << " + " << counts[i];
  }
  // The rule 1 example through serials.
  const std::vector<std::int64_t> one{calendar::to_serial(ymd(2022, 6, 4)),
                                      calendar::to_serial(ymd(2022, 6, 10))};
  const std::vector<std::int64_t> n2{5, -5};
  std::vector<std::int64_t> o2(2);
  ew().add_working_days(one, n2, o2);
  EXPECT_EQ(calendar::from_serial(o2[0]), ymd(2022, 6, 10));
  EXPECT_EQ(calendar::from_serial(o2[1]), ymd(2022, 6, 1));
}

TEST(vectorised, missing_serial_passes_through) {
  const std::vector<std::int64_t> days{calendar::missing_serial,
                                       calendar::to_serial(ymd(2022, 6, 4)),
                                       calendar::missing_serial};
  const std::vector<std::int64_t> n{5};
  std::vector<std::int64_t> out(3, 0);
  ew().add_working_days(days, n, out);
  EXPECT_EQ(out[0], calendar::missing_serial);
  EXPECT_EQ(calendar::from_serial(out[1]), ymd(2022, 6, 10));
  EXPECT_EQ(out[2], calendar::missing_serial);
  // With a per-element count too, whatever the count.
  const std::vector<std::int64_t> ns{1, 1, -1'000'000};
  ew().add_working_days(days, ns, out);
  EXPECT_EQ(out[0], calendar::missing_serial);
  EXPECT_EQ(out[2], calendar::missing_serial);
  // Empty input is fine.
  const std::vector<std::int64_t> none;
  std::vector<std::int64_t> no_out;
  EXPECT_NO_THROW(ew().add_working_days(none, n, no_out));
}

TEST(vectorised, size_mismatch_throws_input_error) {
  const std::vector<std::int64_t> days{0, 1, 2};
  std::vector<std::int64_t> out2(2);
  std::vector<std::int64_t> out3(3);
  const std::vector<std::int64_t> n1{1};
  const std::vector<std::int64_t> n2{1, 2};
  const std::vector<std::int64_t> n0;
  EXPECT_ERROR(scr::input_error, ew().add_working_days(days, n1, out2), "3 dates", "2 outputs");
  EXPECT_ERROR(scr::input_error, ew().add_working_days(days, n2, out3), "3 dates", "2 counts");
  EXPECT_ERROR(scr::input_error, ew().add_working_days(days, n0, out3), "0 counts");
}

TEST(vectorised, element_outside_the_calendar_throws_range_error_naming_its_position) {
  // 1960-01-01 is inside the supported range but before England and Wales (1971).
  const std::vector<std::int64_t> days{calendar::to_serial(ymd(2022, 6, 4)),
                                       calendar::to_serial(ymd(2022, 6, 5)),
                                       calendar::to_serial(ymd(1960, 1, 1))};
  const std::vector<std::int64_t> n{1};
  std::vector<std::int64_t> out(3);
  EXPECT_ERROR(scr::range_error, ew().add_working_days(days, n, out), "position 2",
               "1960-01-01", "England and Wales");
}

TEST(vectorised, element_outside_the_supported_range_names_its_position) {
  // calendar.hpp: "Throws range_error naming the first element that falls
  // outside the calendar". Serial -40000 is 1860-07-30, before 1900-01-01;
  // serial 10^9 is far beyond 2199.
  const std::vector<std::int64_t> n{1};
  std::vector<std::int64_t> out(3);
  const std::vector<std::int64_t> early{calendar::to_serial(ymd(2022, 6, 3)),
                                        calendar::to_serial(ymd(2022, 6, 4)), -40000};
  EXPECT_ERROR(scr::range_error, ew().add_working_days(early, n, out), "position 2");
  const std::vector<std::int64_t> late{calendar::to_serial(ymd(2022, 6, 4)), 1'000'000'000,
                                       calendar::to_serial(ymd(2022, 6, 5))};
  EXPECT_ERROR(scr::range_error, ew().add_working_days(late, n, out), "position 1");
}

TEST(vectorised, result_outside_the_calendar_throws_range_error) {
  const std::vector<std::int64_t> days{calendar::to_serial(ymd(2022, 6, 4)),
                                       calendar::to_serial(ymd(2199, 12, 30))};
  const std::vector<std::int64_t> n{10};
  std::vector<std::int64_t> out(2);
  EXPECT_ERROR(scr::range_error, ew().add_working_days(days, n, out), "2199-12-30");
  const std::vector<std::int64_t> huge{std::numeric_limits<std::int64_t>::max() / 2};
  EXPECT_ERROR(scr::range_error, ew().add_working_days(days, huge, out));
  const std::vector<std::int64_t> tiny{std::numeric_limits<std::int64_t>::min() / 2};
  EXPECT_ERROR(scr::range_error, ew().add_working_days(days, tiny, out));
  // The extremes of the count type: no overflow, just out of range.
  const std::vector<std::int64_t> max{std::numeric_limits<std::int64_t>::max()};
  EXPECT_ERROR(scr::range_error, ew().add_working_days(days, max, out));
  const std::vector<std::int64_t> min{std::numeric_limits<std::int64_t>::min()};
  EXPECT_ERROR(scr::range_error, ew().add_working_days(days, min, out));
}

// ---------------------------------------------------------------------------
// Provisional results (rule 11)

TEST(provisional, results_after_confirmed_through_are_provisional) {
  EXPECT_EQ(ew().confirmed_through(), ymd(2027, 12, 31));
  EXPECT_FALSE(ew().is_provisional(ymd(2027, 12, 31)));
  EXPECT_TRUE(ew().is_provisional(ymd(2028, 1, 1)));
  // Mon 20 Dec 2027 + 10 working days: 21, 22, 23, 24, (27, 28 substitutes),
  // 29, 30, 31, (Mon 3 Jan 2028: New Year's Day substitute), 4, 5, 6 January.
  const date r = ew().due(ymd(2027, 12, 20), ts("10 working days"));
  EXPECT_EQ(r, ymd(2028, 1, 6));
  EXPECT_TRUE(ew().is_provisional(r));
  EXPECT_ERROR(scr::range_error, ew().is_provisional(ymd(1899, 12, 31)), "1899-12-31");
}

TEST(copies, share_their_tables_and_answer_alike) {
  const calendar a = calendar::england_and_wales();
  const calendar b = a;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&a.all_holidays(), &b.all_holidays());
  EXPECT_EQ(b.add_working_days(ymd(2022, 6, 4), 5), ymd(2022, 6, 10));
}

}  // namespace

namespace {

// Every day of the supported range, as serials.
std::vector<std::int64_t> every_supported_day() {
  std::vector<std::int64_t> out;
  for (std::int64_t s = calendar::to_serial(scr::min_date()); s <= calendar::to_serial(scr::max_date()); ++s) {
    out.push_back(s);
  }
  return out;
}

}  // namespace

// The vectorised due and before give what the scalar forms give, for every
// day of 1900-2199 and each unit (the month rule with every month end and
// leap day, issue: vectorised due for every timescale unit).
TEST(vectorised, due_and_before_equal_the_scalar_forms_on_every_day) {
  const auto all = every_supported_day();
  for (const char* text : {"1 day", "15 days", "2 weeks", "1 month", "6 months", "13 months", "1 year",
                           "7 years", "5 working days", "0 months"}) {
    const scr::timescale ts = scr::timescale::parse(text);
    for (const bool forward : {true, false}) {
      SCOPED_TRACE(std::string(forward ? "due " : "before ") + text);
      std::vector<std::int64_t> in, want;
      for (const auto s : all) {
        try {
          const date d = calendar::from_serial(s);
          want.push_back(calendar::to_serial(forward ? ew().due(d, ts) : ew().before(d, ts)));
          in.push_back(s);
        } catch (const scr::range_error&) {
          // Outside the range (or the calendar): checked below.
        }
      }
      ASSERT_GT(in.size(), 30'000u);
      std::vector<std::int64_t> out(in.size(), 12345);
      if (forward) ew().due(in, ts, out);
      else ew().before(in, ts, out);
      for (std::size_t k = 0; k < in.size(); ++k) {
        ASSERT_EQ(out[k], want[k]) << scr::format_date(calendar::from_serial(in[k]));
      }
    }
  }
  // Worked examples: Dodds v Walker (31 January + 1 month is the last day of
  // February; 29 February + 1 year is 28 February).
  const std::vector<std::int64_t> days{calendar::to_serial(ymd(2023, 1, 31)), calendar::to_serial(ymd(2024, 1, 31)),
                                       calendar::to_serial(ymd(2024, 2, 29)), calendar::missing_serial};
  std::vector<std::int64_t> out(days.size());
  ew().due(days, scr::timescale::parse("1 month"), out);
  EXPECT_EQ(calendar::from_serial(out[0]), ymd(2023, 2, 28));
  EXPECT_EQ(calendar::from_serial(out[1]), ymd(2024, 2, 29));
  EXPECT_EQ(out[3], calendar::missing_serial);
  ew().due(days, scr::timescale::parse("1 year"), out);
  EXPECT_EQ(calendar::from_serial(out[2]), ymd(2025, 2, 28));
  ew().before(days, scr::timescale::parse("1 month"), out);
  EXPECT_EQ(calendar::from_serial(out[2]), ymd(2024, 1, 29));
}

TEST(vectorised, due_and_before_name_the_element_out_of_range) {
  const std::vector<std::int64_t> days{calendar::to_serial(ymd(2024, 1, 31)), calendar::to_serial(ymd(2199, 12, 1))};
  std::vector<std::int64_t> out(2);
  EXPECT_ERROR(scr::range_error, ew().due(days, scr::timescale::parse("1 month"), out), "1 month after 2199-12-01",
               "position 1", "outside the supported range");
  EXPECT_ERROR(scr::range_error, ew().due(days, scr::timescale::parse("31 days"), out), "position 1");
  const std::vector<std::int64_t> early{calendar::to_serial(ymd(1900, 1, 15))};
  std::vector<std::int64_t> one(1);
  EXPECT_ERROR(scr::range_error, ew().before(early, scr::timescale::parse("1 month"), one),
               "1 month before 1900-01-15");
  const std::vector<std::int64_t> beyond{std::int64_t{1'000'000'000}};
  EXPECT_ERROR(scr::range_error, ew().due(beyond, scr::timescale::parse("1 day"), one), "position 0");
  EXPECT_ERROR(scr::input_error, ew().due(days, scr::timescale::parse("72 hours"), out), "hours");
  std::vector<std::int64_t> short_out(1);
  EXPECT_ERROR(scr::input_error, ew().due(days, scr::timescale::parse("1 day"), short_out), "2 dates", "1 outputs");
}
