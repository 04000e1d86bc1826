// Tests for calendar::england_and_wales(): every bank holiday against lists
// written independently of libscr.
//
// Sources:
//   * gov.uk, "UK bank holidays", https://www.gov.uk/bank-holidays and its data
//     file https://www.gov.uk/bank-holidays.json (England and Wales, 2010-2027).
//     The literal table below and tests/data/govuk-bank-holidays-2010-2027.json
//     were both written by hand from that published list, not from libscr.
//   * Banking and Financial Dealings Act 1971, Schedule 1 (the rules) and the
//     royal proclamations under its section 1 (moved and one-off days):
//     Early May from 1978; New Year's Day from 1974; Spring bank holiday moved
//     in 1977, 2002, 2012 and 2022; Early May moved to 8 May in 1995 and 2020
//     (VE Day anniversaries); one-off days 14 Nov 1973, 7 Jun 1977, 29 Jul 1981,
//     31 Dec 1999, 3 Jun 2002, 29 Apr 2011, 5 Jun 2012, 3 Jun 2022,
//     19 Sep 2022 (State Funeral of Queen Elizabeth II) and 8 May 2023
//     (Coronation of King Charles III).
//   * docs/deadline-rules.md, rule 11 (calendar versions, confirmed-through
//     date).
//
// Days of the week are computed with Sakamoto's formula below, independently
// of Boost and libscr.

#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/error.hpp"
#include "test_support.hpp"


namespace {

namespace g = boost::gregorian;
using scr::calendar;
using scr::date;




// Day of the week, 0 = Sunday (Sakamoto's method).
int dow(int y, int m, int d) {
  static constexpr int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}
constexpr int sunday = 0, monday = 1, friday = 5, saturday = 6;

int days_in_month(int y, int m) {
  static constexpr int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : len[m - 1];
}

// Gregorian Easter Sunday by Knuth's method (TAOCP vol. 1, 1.3.2 exercise 14),
// a different algorithm from the one libscr uses.
date easter(int y) {
  const int golden = y % 19 + 1;
  const int century = y / 100 + 1;
  const int x = 3 * century / 4 - 12;
  const int z = (8 * century + 5) / 25 - 5;
  const int sun = 5 * y / 4 - x - 10;
  int epact = (11 * golden + 20 + z - x) % 30;
  if ((epact == 25 && golden > 11) || epact == 24) ++epact;
  int n = 44 - epact;
  if (n < 21) n += 30;
  n = n + 7 - ((sun + n) % 7);
  return n > 31 ? ymd(y, 4, n - 31) : ymd(y, 3, n);
}

int first_monday(int y, int m) {
  int d = 1;
  while (dow(y, m, d) != monday) ++d;
  return d;
}

int last_monday(int y, int m) {
  int d = days_in_month(y, m);
  while (dow(y, m, d) != monday) --d;
  return d;
}

// The bank holidays of one year, from the rules and the proclamations, with
// substitute days written out case by case.
std::set<date> expected_holidays(int y) {
  std::set<date> s;
  // New Year's Day, from 1974; Saturday -> Monday 3rd, Sunday -> Monday 2nd.
  if (y >= 1974) {
    const int w = dow(y, 1, 1);
    s.insert(ymd(y, 1, w == saturday ? 3 : w == sunday ? 2 : 1));
  }
  const date e = easter(y);
  s.insert(e - g::days(2));  // Good Friday
  s.insert(e + g::days(1));  // Easter Monday
  // Early May, from 1978; moved to 8 May for VE Day in 1995 and 2020.
  if (y == 1995 || y == 2020) {
    s.insert(ymd(y, 5, 8));
  } else if (y >= 1978) {
    s.insert(ymd(y, 5, first_monday(y, 5)));
  }
  // Spring: last Monday in May, except the jubilee years.
  if (y == 1977) {
    s.insert(ymd(1977, 6, 6));
  } else if (y == 2002 || y == 2012) {
    s.insert(ymd(y, 6, 4));
  } else if (y == 2022) {
    s.insert(ymd(2022, 6, 2));
  } else {
    s.insert(ymd(y, 5, last_monday(y, 5)));
  }
  // Summer: last Monday in August.
  s.insert(ymd(y, 8, last_monday(y, 8)));
  // Christmas Day and Boxing Day with their substitutes.
  switch (dow(y, 12, 25)) {
    case friday: s.insert({ymd(y, 12, 25), ymd(y, 12, 28)}); break;    // Boxing Day Sat
    case saturday: s.insert({ymd(y, 12, 27), ymd(y, 12, 28)}); break;  // both at weekend
    case sunday: s.insert({ymd(y, 12, 26), ymd(y, 12, 27)}); break;    // Christmas Sun
    default: s.insert({ymd(y, 12, 25), ymd(y, 12, 26)}); break;
  }
  // One-off days.
  for (const date d : {ymd(1973, 11, 14), ymd(1977, 6, 7), ymd(1981, 7, 29), ymd(1999, 12, 31),
                       ymd(2002, 6, 3), ymd(2011, 4, 29), ymd(2012, 6, 5), ymd(2022, 6, 3),
                       ymd(2022, 9, 19), ymd(2023, 5, 8)}) {
    if (static_cast<int>(d.year()) == y) s.insert(d);
  }
  return s;
}

std::set<date> dates_of(const std::vector<scr::holiday>& hs) {
  std::set<date> s;
  for (const auto& h : hs) s.insert(h.day);
  return s;
}

std::string list(const std::set<date>& s) {
  std::string out;
  for (const auto d : s) out += scr::format_date(d) + " ";
  return out;
}

bool is_substitute(const std::string& name) {
  return name.find("(substitute day)") != std::string::npos;
}

// ---------------------------------------------------------------------------
// (a) The gov.uk list for 2010-2027, typed out by hand.

struct listed {
  int y, m, d;
  bool substitute;  // gov.uk notes "Substitute day"
};

// https://www.gov.uk/bank-holidays.json, division "england-and-wales".
constexpr listed govuk_2010_2027[] = {
    // 2010 (Christmas Day Saturday, Boxing Day Sunday)
    {2010, 1, 1, false}, {2010, 4, 2, false}, {2010, 4, 5, false}, {2010, 5, 3, false},
    {2010, 5, 31, false}, {2010, 8, 30, false}, {2010, 12, 27, true}, {2010, 12, 28, true},
    // 2011 (New Year's Day Saturday; Royal wedding 29 April; Christmas Day Sunday)
    {2011, 1, 3, true}, {2011, 4, 22, false}, {2011, 4, 25, false}, {2011, 4, 29, false},
    {2011, 5, 2, false}, {2011, 5, 30, false}, {2011, 8, 29, false}, {2011, 12, 26, false},
    {2011, 12, 27, true},
    // 2012 (New Year's Day Sunday; Spring moved to 4 June; Diamond Jubilee 5 June)
    {2012, 1, 2, true}, {2012, 4, 6, false}, {2012, 4, 9, false}, {2012, 5, 7, false},
    {2012, 6, 4, false}, {2012, 6, 5, false}, {2012, 8, 27, false}, {2012, 12, 25, false},
    {2012, 12, 26, false},
    // 2013
    {2013, 1, 1, false}, {2013, 3, 29, false}, {2013, 4, 1, false}, {2013, 5, 6, false},
    {2013, 5, 27, false}, {2013, 8, 26, false}, {2013, 12, 25, false}, {2013, 12, 26, false},
    // 2014
    {2014, 1, 1, false}, {2014, 4, 18, false}, {2014, 4, 21, false}, {2014, 5, 5, false},
    {2014, 5, 26, false}, {2014, 8, 25, false}, {2014, 12, 25, false}, {2014, 12, 26, false},
    // 2015 (Boxing Day Saturday)
    {2015, 1, 1, false}, {2015, 4, 3, false}, {2015, 4, 6, false}, {2015, 5, 4, false},
    {2015, 5, 25, false}, {2015, 8, 31, false}, {2015, 12, 25, false}, {2015, 12, 28, true},
    // 2016 (Christmas Day Sunday)
    {2016, 1, 1, false}, {2016, 3, 25, false}, {2016, 3, 28, false}, {2016, 5, 2, false},
    {2016, 5, 30, false}, {2016, 8, 29, false}, {2016, 12, 26, false}, {2016, 12, 27, true},
    // 2017 (New Year's Day Sunday)
    {2017, 1, 2, true}, {2017, 4, 14, false}, {2017, 4, 17, false}, {2017, 5, 1, false},
    {2017, 5, 29, false}, {2017, 8, 28, false}, {2017, 12, 25, false}, {2017, 12, 26, false},
    // 2018
    {2018, 1, 1, false}, {2018, 3, 30, false}, {2018, 4, 2, false}, {2018, 5, 7, false},
    {2018, 5, 28, false}, {2018, 8, 27, false}, {2018, 12, 25, false}, {2018, 12, 26, false},
    // 2019
    {2019, 1, 1, false}, {2019, 4, 19, false}, {2019, 4, 22, false}, {2019, 5, 6, false},
    {2019, 5, 27, false}, {2019, 8, 26, false}, {2019, 12, 25, false}, {2019, 12, 26, false},
    // 2020 (Early May moved to Friday 8 May, VE Day; Boxing Day Saturday)
    {2020, 1, 1, false}, {2020, 4, 10, false}, {2020, 4, 13, false}, {2020, 5, 8, false},
    {2020, 5, 25, false}, {2020, 8, 31, false}, {2020, 12, 25, false}, {2020, 12, 28, true},
    // 2021 (Christmas Day Saturday, Boxing Day Sunday)
    {2021, 1, 1, false}, {2021, 4, 2, false}, {2021, 4, 5, false}, {2021, 5, 3, false},
    {2021, 5, 31, false}, {2021, 8, 30, false}, {2021, 12, 27, true}, {2021, 12, 28, true},
    // 2022 (New Year's Day Saturday; Spring moved to Thursday 2 June; Platinum
    // Jubilee 3 June; State Funeral 19 September; Christmas Day Sunday)
    {2022, 1, 3, true}, {2022, 4, 15, false}, {2022, 4, 18, false}, {2022, 5, 2, false},
    {2022, 6, 2, false}, {2022, 6, 3, false}, {2022, 8, 29, false}, {2022, 9, 19, false},
    {2022, 12, 26, false}, {2022, 12, 27, true},
    // 2023 (New Year's Day Sunday; Coronation 8 May)
    {2023, 1, 2, true}, {2023, 4, 7, false}, {2023, 4, 10, false}, {2023, 5, 1, false},
    {2023, 5, 8, false}, {2023, 5, 29, false}, {2023, 8, 28, false}, {2023, 12, 25, false},
    {2023, 12, 26, false},
    // 2024
    {2024, 1, 1, false}, {2024, 3, 29, false}, {2024, 4, 1, false}, {2024, 5, 6, false},
    {2024, 5, 27, false}, {2024, 8, 26, false}, {2024, 12, 25, false}, {2024, 12, 26, false},
    // 2025
    {2025, 1, 1, false}, {2025, 4, 18, false}, {2025, 4, 21, false}, {2025, 5, 5, false},
    {2025, 5, 26, false}, {2025, 8, 25, false}, {2025, 12, 25, false}, {2025, 12, 26, false},
    // 2026 (Boxing Day Saturday)
    {2026, 1, 1, false}, {2026, 4, 3, false}, {2026, 4, 6, false}, {2026, 5, 4, false},
    {2026, 5, 25, false}, {2026, 8, 31, false}, {2026, 12, 25, false}, {2026, 12, 28, true},
    // 2027 (Christmas Day Saturday, Boxing Day Sunday)
    {2027, 1, 1, false}, {2027, 3, 26, false}, {2027, 3, 29, false}, {2027, 5, 3, false},
    {2027, 5, 31, false}, {2027, 8, 30, false}, {2027, 12, 27, true}, {2027, 12, 28, true},
};

TEST(england_and_wales, literal_table_is_consistent) {
  // Guards against typing mistakes in the table: every listed day is a weekday.
  int count = 0;
  for (const auto& h : govuk_2010_2027) {
    const int w = dow(h.y, h.m, h.d);
    EXPECT_TRUE(w != saturday && w != sunday) << h.y << "-" << h.m << "-" << h.d;
    ++count;
  }
  EXPECT_EQ(count, 149);
}

TEST(england_and_wales, every_holiday_2010_to_2027_matches_the_gov_uk_list) {
  std::map<int, std::map<date, bool>> by_year;
  for (const auto& h : govuk_2010_2027) by_year[h.y][ymd(h.y, h.m, h.d)] = h.substitute;
  for (int y = 2010; y <= 2027; ++y) {
    SCOPED_TRACE(y);
    std::map<date, bool> got;
    for (const auto& h : ew().holidays(y)) got[h.day] = is_substitute(h.name);
    EXPECT_EQ(got, by_year[y]);
    for (const auto& [d, sub] : by_year[y]) {
      EXPECT_FALSE(ew().is_working_day(d)) << scr::format_date(d);
      const auto name = ew().holiday_name(d);
      ASSERT_TRUE(name.has_value()) << scr::format_date(d);
      EXPECT_EQ(is_substitute(*name), sub) << scr::format_date(d) << " " << *name;
    }
  }
}

// ---------------------------------------------------------------------------
// (b) The same years from the gov.uk JSON file in tests/data.

std::string read_data_file(const std::string& name) {
  const std::string path = std::string(SCR_TEST_DATA_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(england_and_wales, every_holiday_2010_to_2027_matches_the_gov_uk_json_file) {
  const auto gov = calendar::from_govuk_json(
      read_data_file("govuk-bank-holidays-2010-2027.json"), "england-and-wales");
  ASSERT_EQ(gov.first(), ymd(2010, 1, 1));
  ASSERT_EQ(gov.last(), ymd(2027, 12, 31));
  for (int y = 2010; y <= 2027; ++y) {
    SCOPED_TRACE(y);
    const auto want = gov.holidays(y);
    const auto got = ew().holidays(y);
    EXPECT_EQ(list(dates_of(got)), list(dates_of(want)));
    if (got.size() != want.size()) continue;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(is_substitute(got[i].name), is_substitute(want[i].name))
          << scr::format_date(got[i].day) << ": '" << got[i].name << "' vs '" << want[i].name
          << "'";
    }
  }
  // And working days agree on every day the file covers.
  for (date d = gov.first(); d <= gov.last(); d += g::days(1)) {
    ASSERT_EQ(ew().is_working_day(d), gov.is_working_day(d)) << scr::format_date(d);
  }
}

// ---------------------------------------------------------------------------
// (c) Every year 1971-2199 against the rules, written independently.

TEST(england_and_wales, independent_easter_matches_known_dates) {
  // Checks the test's own Easter algorithm against remembered dates.
  EXPECT_EQ(easter(1974), ymd(1974, 4, 14));
  EXPECT_EQ(easter(1981), ymd(1981, 4, 19));
  EXPECT_EQ(easter(2000), ymd(2000, 4, 23));
  EXPECT_EQ(easter(2008), ymd(2008, 3, 23));
  EXPECT_EQ(easter(2011), ymd(2011, 4, 24));
  EXPECT_EQ(easter(2024), ymd(2024, 3, 31));
  EXPECT_EQ(easter(2025), ymd(2025, 4, 20));
  EXPECT_EQ(easter(2035), ymd(2035, 3, 25));
  EXPECT_EQ(easter(2038), ymd(2038, 4, 25));
}

TEST(england_and_wales, every_year_1971_to_2199_follows_the_rules) {
  for (int y = 1971; y <= 2199; ++y) {
    const auto got = dates_of(ew().holidays(y));
    const auto want = expected_holidays(y);
    EXPECT_EQ(list(got), list(want)) << "year " << y;
  }
}

TEST(england_and_wales, holidays_per_year) {
  // 1971-1973: no New Year's Day, no Early May: 6 (7 in 1973 with the wedding).
  EXPECT_EQ(ew().holidays(1971).size(), 6U);
  EXPECT_EQ(ew().holidays(1972).size(), 6U);
  EXPECT_EQ(ew().holidays(1973).size(), 7U);
  EXPECT_EQ(ew().holidays(1974).size(), 7U);
  EXPECT_EQ(ew().holidays(1977).size(), 8U);  // + Silver Jubilee
  EXPECT_EQ(ew().holidays(1978).size(), 8U);
  EXPECT_EQ(ew().holidays(2022).size(), 10U);
  EXPECT_EQ(ew().holidays(2100).size(), 8U);
}

TEST(england_and_wales, holidays_are_sorted_unique_weekdays) {
  const auto& all = ew().all_holidays();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& h = all[i];
    const int w = dow(static_cast<int>(h.day.year()), static_cast<int>(h.day.month()),
                      static_cast<int>(h.day.day()));
    EXPECT_TRUE(w != saturday && w != sunday) << scr::format_date(h.day) << " " << h.name;
    EXPECT_FALSE(h.name.empty());
    if (i > 0) {
      EXPECT_LT(all[i - 1].day, h.day);
    }
  }
  EXPECT_EQ(all.front().day, ymd(1971, 4, 9));  // Good Friday 1971 (Easter 11 April)
}

// ---------------------------------------------------------------------------
// Moved and one-off days

TEST(england_and_wales, early_may_moved_to_8_may_in_1995_and_2020) {
  // 1995: 50th anniversary of VE Day, moved from Monday 1 May to Monday 8 May.
  ASSERT_EQ(dow(1995, 5, 1), monday);
  ASSERT_EQ(dow(1995, 5, 8), monday);
  EXPECT_FALSE(ew().is_working_day(ymd(1995, 5, 8)));
  EXPECT_TRUE(ew().is_working_day(ymd(1995, 5, 1)));
  // 2020: 75th anniversary, moved from Monday 4 May to Friday 8 May.
  ASSERT_EQ(dow(2020, 5, 4), monday);
  ASSERT_EQ(dow(2020, 5, 8), friday);
  EXPECT_FALSE(ew().is_working_day(ymd(2020, 5, 8)));
  EXPECT_TRUE(ew().is_working_day(ymd(2020, 5, 4)));
  EXPECT_NE(ew().holiday_name(ymd(2020, 5, 8)).value_or("").find("Early May"), std::string::npos);
}

TEST(england_and_wales, spring_bank_holiday_moved_in_jubilee_years) {
  struct moved {
    date to, rule_date;
  };
  for (const auto& m : {moved{ymd(1977, 6, 6), ymd(1977, 5, 30)},
                        moved{ymd(2002, 6, 4), ymd(2002, 5, 27)},
                        moved{ymd(2012, 6, 4), ymd(2012, 5, 28)},
                        moved{ymd(2022, 6, 2), ymd(2022, 5, 30)}}) {
    SCOPED_TRACE(scr::format_date(m.to));
    // The rule date is the last Monday in May.
    ASSERT_EQ(dow(static_cast<int>(m.rule_date.year()), 5, static_cast<int>(m.rule_date.day())),
              monday);
    EXPECT_FALSE(ew().is_working_day(m.to));
    EXPECT_TRUE(ew().is_working_day(m.rule_date));
    EXPECT_NE(ew().holiday_name(m.to).value_or("").find("Spring"), std::string::npos);
  }
}

TEST(england_and_wales, one_off_bank_holidays) {
  struct one_off {
    date day;
    int weekday;
  };
  for (const auto& o : {one_off{ymd(1973, 11, 14), 3},   // Wed: Princess Anne's wedding
                        one_off{ymd(1977, 6, 7), 2},     // Tue: Silver Jubilee
                        one_off{ymd(1981, 7, 29), 3},    // Wed: Royal wedding
                        one_off{ymd(1999, 12, 31), 5},   // Fri: Millennium
                        one_off{ymd(2002, 6, 3), 1},     // Mon: Golden Jubilee
                        one_off{ymd(2011, 4, 29), 5},    // Fri: Royal wedding
                        one_off{ymd(2012, 6, 5), 2},     // Tue: Diamond Jubilee
                        one_off{ymd(2022, 6, 3), 5},     // Fri: Platinum Jubilee
                        one_off{ymd(2022, 9, 19), 1},    // Mon: State Funeral
                        one_off{ymd(2023, 5, 8), 1}}) {  // Mon: Coronation
    SCOPED_TRACE(scr::format_date(o.day));
    ASSERT_EQ(dow(static_cast<int>(o.day.year()), static_cast<int>(o.day.month()),
                  static_cast<int>(o.day.day())),
              o.weekday);
    EXPECT_FALSE(ew().is_working_day(o.day));
    EXPECT_TRUE(ew().holiday_name(o.day).has_value());
  }
  EXPECT_NE(ew().holiday_name(ymd(2022, 9, 19)).value_or("").find("State Funeral"),
            std::string::npos);
  EXPECT_NE(ew().holiday_name(ymd(2023, 5, 8)).value_or("").find("oronation"),
            std::string::npos);
  // The days either side are ordinary working days.
  EXPECT_TRUE(ew().is_working_day(ymd(2022, 9, 20)));
  EXPECT_TRUE(ew().is_working_day(ymd(2022, 9, 16)));
  EXPECT_TRUE(ew().is_working_day(ymd(1973, 11, 13)));
  EXPECT_TRUE(ew().is_working_day(ymd(1973, 11, 15)));
}

TEST(england_and_wales, normal_rule_dates_in_exception_years_are_working_days) {
  for (const date d : {ymd(1995, 5, 1), ymd(2020, 5, 4), ymd(2022, 5, 30), ymd(1977, 5, 30),
                       ymd(2002, 5, 27), ymd(2012, 5, 28)}) {
    EXPECT_TRUE(ew().is_working_day(d)) << scr::format_date(d);
    EXPECT_FALSE(ew().holiday_name(d).has_value()) << scr::format_date(d);
  }
}

// ---------------------------------------------------------------------------
// Substitute days

TEST(england_and_wales, christmas_on_saturday_moves_both_days) {
  // 2021: Christmas Saturday, Boxing Day Sunday -> Monday 27 and Tuesday 28.
  ASSERT_EQ(dow(2021, 12, 25), saturday);
  EXPECT_FALSE(ew().is_working_day(ymd(2021, 12, 27)));
  EXPECT_FALSE(ew().is_working_day(ymd(2021, 12, 28)));
  EXPECT_TRUE(ew().is_working_day(ymd(2021, 12, 29)));
  EXPECT_EQ(ew().holiday_name(ymd(2021, 12, 27)), "Christmas Day (substitute day)");
  EXPECT_EQ(ew().holiday_name(ymd(2021, 12, 28)), "Boxing Day (substitute day)");
}

TEST(england_and_wales, christmas_on_sunday_keeps_boxing_day_and_moves_christmas) {
  // 2022: Boxing Day Monday 26, Christmas Day substitute Tuesday 27 (as gov.uk).
  ASSERT_EQ(dow(2022, 12, 25), sunday);
  EXPECT_EQ(ew().holiday_name(ymd(2022, 12, 26)), "Boxing Day");
  EXPECT_EQ(ew().holiday_name(ymd(2022, 12, 27)), "Christmas Day (substitute day)");
  EXPECT_TRUE(ew().is_working_day(ymd(2022, 12, 28)));
}

TEST(england_and_wales, boxing_day_on_saturday_moves_to_monday) {
  // 2020: Christmas Friday, Boxing Day Saturday -> Monday 28.
  ASSERT_EQ(dow(2020, 12, 26), saturday);
  EXPECT_EQ(ew().holiday_name(ymd(2020, 12, 25)), "Christmas Day");
  EXPECT_EQ(ew().holiday_name(ymd(2020, 12, 28)), "Boxing Day (substitute day)");
  EXPECT_TRUE(ew().is_working_day(ymd(2020, 12, 29)));
}

TEST(england_and_wales, new_year_on_a_weekend_moves_to_monday) {
  ASSERT_EQ(dow(2022, 1, 1), saturday);
  EXPECT_NE(ew().holiday_name(ymd(2022, 1, 3)).value_or("").find("New Year"), std::string::npos);
  EXPECT_TRUE(is_substitute(ew().holiday_name(ymd(2022, 1, 3)).value_or("")));
  EXPECT_TRUE(ew().is_working_day(ymd(2022, 1, 4)));
  ASSERT_EQ(dow(2023, 1, 1), sunday);
  EXPECT_NE(ew().holiday_name(ymd(2023, 1, 2)).value_or("").find("New Year"), std::string::npos);
  EXPECT_TRUE(is_substitute(ew().holiday_name(ymd(2023, 1, 2)).value_or("")));
  EXPECT_TRUE(ew().is_working_day(ymd(2023, 1, 3)));
  // 2000: the Millennium Friday 31 Dec 1999, then New Year's Day Saturday -> Monday 3 January.
  ASSERT_EQ(dow(2000, 1, 1), saturday);
  EXPECT_FALSE(ew().is_working_day(ymd(2000, 1, 3)));
  EXPECT_TRUE(ew().is_working_day(ymd(2000, 1, 4)));
}

// ---------------------------------------------------------------------------
// The early years

TEST(england_and_wales, new_years_day_is_not_a_holiday_before_1974) {
  ASSERT_EQ(dow(1973, 1, 1), monday);
  EXPECT_TRUE(ew().is_working_day(ymd(1973, 1, 1)));
  ASSERT_EQ(dow(1971, 1, 1), friday);
  EXPECT_TRUE(ew().is_working_day(ymd(1971, 1, 1)));
  ASSERT_EQ(dow(1972, 1, 1), saturday);
  EXPECT_TRUE(ew().is_working_day(ymd(1972, 1, 3)));  // no substitute either
  ASSERT_EQ(dow(1974, 1, 1), 2);                      // Tuesday
  EXPECT_FALSE(ew().is_working_day(ymd(1974, 1, 1)));
}

TEST(england_and_wales, no_early_may_bank_holiday_before_1978) {
  ASSERT_EQ(dow(1977, 5, 2), monday);
  EXPECT_TRUE(ew().is_working_day(ymd(1977, 5, 2)));
  ASSERT_EQ(dow(1976, 5, 3), monday);
  EXPECT_TRUE(ew().is_working_day(ymd(1976, 5, 3)));
  ASSERT_EQ(dow(1978, 5, 1), monday);
  EXPECT_FALSE(ew().is_working_day(ymd(1978, 5, 1)));
}

// ---------------------------------------------------------------------------
// Range, version, provisional

TEST(england_and_wales, dates_before_1971_throw_range_error_naming_date_and_calendar) {
  EXPECT_ERROR(scr::range_error, ew().is_working_day(ymd(1970, 12, 31)), "1970-12-31",
               "England and Wales");
  EXPECT_ERROR(scr::range_error, ew().holiday_name(ymd(1970, 12, 31)), "1970-12-31",
               "England and Wales");
  EXPECT_ERROR(scr::range_error, ew().holidays(1970), "1970", "England and Wales");
  EXPECT_ERROR(scr::range_error, ew().holidays(2200), "2200", "England and Wales");
  EXPECT_ERROR(scr::range_error, ew().is_working_day(ymd(2200, 1, 1)), "2200-01-01");
  EXPECT_NO_THROW((void)ew().is_working_day(ymd(1971, 1, 1)));
  EXPECT_NO_THROW((void)ew().is_working_day(ymd(2199, 12, 31)));
}

TEST(england_and_wales, name_range_version_and_confirmed_through) {
  EXPECT_EQ(ew().name(), "England and Wales");
  EXPECT_FALSE(ew().version().empty());
  EXPECT_EQ(ew().weekend(), scr::weekday_set::saturday_sunday());
  EXPECT_EQ(ew().first(), ymd(1971, 1, 1));
  EXPECT_EQ(ew().last(), ymd(2199, 12, 31));
  EXPECT_EQ(ew().confirmed_through(), ymd(2027, 12, 31));
  EXPECT_FALSE(ew().is_provisional(ymd(2027, 12, 31)));
  EXPECT_TRUE(ew().is_provisional(ymd(2028, 1, 1)));
  EXPECT_FALSE(ew().is_provisional(ymd(1971, 1, 1)));
}

}  // namespace
