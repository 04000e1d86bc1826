// Tests for scr/date.hpp: checked dates, parsing and formatting, instants, and
// Europe/London local time.
//
// Sources: docs/deadline-rules.md, rule 4 (instants are kept in UTC; local dates
// are taken in Europe/London, GMT or BST); the Summer Time Order 2002 (SI 2002/262):
// BST from 01:00 UTC on the last Sunday in March to 01:00 UTC on the last Sunday
// in October; seed 000:391 (ChronoLator accepts "01.01.2004 or 22.05.04").

#include <gtest/gtest.h>

#include <initializer_list>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include "scr/date.hpp"
#include "scr/error.hpp"
#include "test_support.hpp"


namespace {

namespace g = boost::gregorian;
namespace pt = boost::posix_time;
using scr::choose;
using scr::date;
using scr::instant;


// A London wall-clock reading (no zone).
pt::ptime local(int y, int m, int d, int hh, int mm = 0) {
  return pt::ptime(ymd(y, m, d), pt::hours(hh) + pt::minutes(mm));
}




// The last Sunday of a month, found by stepping back from the month's last day
// (independent of libscr and of Boost's last_day_of_the_week_in_month).
date last_sunday(int y, int m) {
  date d = ymd(y, m, 1) + g::months(1) - g::days(1);
  while (d.day_of_week() != g::Sunday) d -= g::days(1);
  return d;
}

// ---------------------------------------------------------------------------
// Range

TEST(date_range, supported_range_is_1900_to_2199) {
  EXPECT_EQ(scr::min_date(), ymd(1900, 1, 1));
  EXPECT_EQ(scr::max_date(), ymd(2199, 12, 31));
  EXPECT_EQ(scr::min_instant(), utc(1996, 1, 1, 0));
}

// ---------------------------------------------------------------------------
// make_date and check_date

TEST(make_date, builds_valid_dates) {
  EXPECT_EQ(scr::make_date(2024, 2, 29), ymd(2024, 2, 29));
  EXPECT_EQ(scr::make_date(2004, 5, 24), ymd(2004, 5, 24));
  EXPECT_EQ(scr::make_date(1900, 1, 1), scr::min_date());
  EXPECT_EQ(scr::make_date(2199, 12, 31), scr::max_date());
  EXPECT_EQ(scr::make_date(2000, 2, 29), ymd(2000, 2, 29));  // 400-year leap day
}

TEST(make_date, impossible_day_names_the_length_of_the_month) {
  // date.hpp / error.hpp: "invalid date '2024-02-30': February 2024 has 29 days".
  EXPECT_ERROR(scr::input_error, scr::make_date(2024, 2, 30), "2024-02-30",
               "February 2024 has 29 days");
  EXPECT_ERROR(scr::input_error, scr::make_date(2023, 2, 29), "2023-02-29",
               "February 2023 has 28 days");
  EXPECT_ERROR(scr::input_error, scr::make_date(2023, 4, 31), "2023-04-31",
               "April 2023 has 30 days");
  EXPECT_ERROR(scr::input_error, scr::make_date(1900, 2, 29), "1900-02-29",
               "February 1900 has 28 days");  // centuries are not leap years...
  EXPECT_ERROR(scr::input_error, scr::make_date(2100, 2, 29), "February 2100 has 28 days");
  EXPECT_ERROR(scr::input_error, scr::make_date(2024, 1, 0), "2024-01-00",
               "January 2024 has 31 days");
  EXPECT_ERROR(scr::input_error, scr::make_date(2024, 1, 32), "2024-01-32");
}

TEST(make_date, impossible_month_is_refused) {
  EXPECT_ERROR(scr::input_error, scr::make_date(2024, 13, 1), "2024-13-01", "month");
  EXPECT_ERROR(scr::input_error, scr::make_date(2024, 0, 1), "2024-00-01", "month");
  EXPECT_ERROR(scr::input_error, scr::make_date(2024, -1, 1), "month");
}

TEST(make_date, outside_the_supported_range_throws_range_error) {
  EXPECT_ERROR(scr::range_error, scr::make_date(1899, 12, 31), "1899-12-31", "1900-01-01",
               "2199-12-31");
  EXPECT_ERROR(scr::range_error, scr::make_date(2200, 1, 1), "2200-01-01", "1900-01-01",
               "2199-12-31");
}

TEST(make_date, a_real_date_with_a_four_digit_year_before_1900_is_a_range_error) {
  // error.hpp: range_error is "A valid date that falls outside the supported
  // range (1900-01-01 to 2199-12-31)". 31 December 1399 and 1 January 1000 are
  // real (proleptic Gregorian) dates with four-digit years.
  EXPECT_ERROR(scr::range_error, scr::make_date(1399, 12, 31), "1399-12-31", "1900-01-01");
  EXPECT_ERROR(scr::range_error, scr::make_date(1000, 1, 1), "1000-01-01", "1900-01-01");
  EXPECT_ERROR(scr::range_error, scr::parse_date("1399-12-31"), "1399-12-31", "1900-01-01");
  EXPECT_ERROR(scr::range_error, scr::parse_date("01/01/1000"), "01/01/1000", "1900-01-01");
}

TEST(check_date, names_what_it_checks) {
  EXPECT_NO_THROW(scr::check_date(ymd(2024, 5, 24)));
  EXPECT_NO_THROW(scr::check_date(scr::min_date()));
  EXPECT_NO_THROW(scr::check_date(scr::max_date()));
  EXPECT_ERROR(scr::range_error, scr::check_date(ymd(1850, 1, 1), "anchor"), "anchor",
               "1850-01-01");
  EXPECT_ERROR(scr::range_error, scr::check_date(ymd(2200, 1, 1)), "date", "2200-01-01");
  EXPECT_ERROR(scr::range_error, scr::check_date(date(g::not_a_date_time), "anchor"),
               "anchor");
  EXPECT_ERROR(scr::range_error, scr::check_date(date(g::pos_infin)));
  EXPECT_ERROR(scr::range_error, scr::check_date(date(g::neg_infin)));
}

// ---------------------------------------------------------------------------
// parse_date and format_date

TEST(parse_date, accepts_iso_and_day_first_forms) {
  const date may24 = ymd(2004, 5, 24);
  EXPECT_EQ(scr::parse_date("2004-05-24"), may24);
  EXPECT_EQ(scr::parse_date("24/05/2004"), may24);
  EXPECT_EQ(scr::parse_date("24.05.2004"), may24);
  EXPECT_EQ(scr::parse_date("24-05-2004"), may24);
  EXPECT_EQ(scr::parse_date("24/05/04"), may24);
  EXPECT_EQ(scr::parse_date("24.05.04"), may24);
  // 000:391: "for example 01.01.2004 or 22.05.04".
  EXPECT_EQ(scr::parse_date("22.05.04"), ymd(2004, 5, 22));
  EXPECT_EQ(scr::parse_date("01.01.2004"), ymd(2004, 1, 1));
}

TEST(parse_date, is_always_day_first) {
  EXPECT_EQ(scr::parse_date("04/06/2022"), ymd(2022, 6, 4));  // 4 June, not 6 April
  EXPECT_EQ(scr::parse_date("05/06/2022"), ymd(2022, 6, 5));
  EXPECT_EQ(scr::parse_date("13/01/2022"), ymd(2022, 1, 13));
  // US order is refused: there is no month 13.
  EXPECT_ERROR(scr::input_error, scr::parse_date("01/13/2022"), "'01/13/2022'", "month");
}

TEST(parse_date, two_digit_years_pivot_at_70) {
  // date.hpp: 70-99 -> 19xx, 00-69 -> 20xx.
  EXPECT_EQ(scr::parse_date("01/02/90"), ymd(1990, 2, 1));
  EXPECT_EQ(scr::parse_date("01/01/70"), ymd(1970, 1, 1));
  EXPECT_EQ(scr::parse_date("31/12/99"), ymd(1999, 12, 31));
  EXPECT_EQ(scr::parse_date("01/01/00"), ymd(2000, 1, 1));
  EXPECT_EQ(scr::parse_date("31.12.69"), ymd(2069, 12, 31));
}

TEST(parse_date, refuses_other_forms_quoting_the_text_and_listing_the_forms) {
  for (const char* text : {"2004/05/24", "24-05-04", "tomorrow", "", "2024-2-3", "24/05-2004",
                           "24/05/2004x", "2004-05-24T10:00", "24 May 2004", "24/05/204",
                           "2004-5-24", "2004 05 24"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR(scr::input_error, scr::parse_date(text),
                 quoted(text), "YYYY-MM-DD", "DD/MM/YYYY", "DD.MM.YY");
  }
}

TEST(parse_date, impossible_dates_name_the_month_length) {
  EXPECT_ERROR(scr::input_error, scr::parse_date("2024-02-30"), "'2024-02-30'",
               "February 2024 has 29 days");
  EXPECT_ERROR(scr::input_error, scr::parse_date("30/02/2024"), "'30/02/2024'",
               "February 2024 has 29 days");
  EXPECT_ERROR(scr::input_error, scr::parse_date("29.02.23"), "'29.02.23'",
               "February 2023 has 28 days");
  EXPECT_ERROR(scr::input_error, scr::parse_date("2024-13-01"), "'2024-13-01'", "month");
  EXPECT_ERROR(scr::input_error, scr::parse_date("00/01/2024"), "'00/01/2024'");
}

TEST(parse_date, outside_the_supported_range_throws_range_error) {
  EXPECT_ERROR(scr::range_error, scr::parse_date("1899-12-31"), "1899-12-31", "1900-01-01");
  EXPECT_ERROR(scr::range_error, scr::parse_date("2200-01-01"), "2200-01-01", "2199-12-31");
  EXPECT_ERROR(scr::range_error, scr::parse_date("31/12/1899"), "31/12/1899");
  EXPECT_EQ(scr::parse_date("1900-01-01"), scr::min_date());
  EXPECT_EQ(scr::parse_date("31/12/2199"), scr::max_date());
}

TEST(format_date, is_iso_8601_with_zero_padding) {
  EXPECT_EQ(scr::format_date(ymd(2004, 5, 24)), "2004-05-24");
  EXPECT_EQ(scr::format_date(ymd(2004, 5, 4)), "2004-05-04");
  EXPECT_EQ(scr::format_date(ymd(1900, 1, 1)), "1900-01-01");
  EXPECT_EQ(scr::format_date(ymd(2199, 12, 31)), "2199-12-31");
  // Any Boost date, beyond the range libscr accepts: four digits of year.
  EXPECT_EQ(scr::format_date(date(1400, 1, 1)), "1400-01-01");
  EXPECT_EQ(scr::format_date(date(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(scr::format_date(date(boost::gregorian::not_a_date_time)), "not-a-date");
}

TEST(format_date, round_trips_through_parse_date_for_every_supported_day) {
  for (date d = scr::min_date(); d <= scr::max_date(); d += g::days(1)) {
    const std::string s = scr::format_date(d);
    ASSERT_EQ(s.size(), 10U) << s;
    ASSERT_EQ(scr::parse_date(s), d) << s;
  }
}

// ---------------------------------------------------------------------------
// parse_instant and format_instant

TEST(parse_instant, accepts_utc_and_offsets) {
  const instant t = utc(2024, 5, 24, 17);
  EXPECT_EQ(scr::parse_instant("2024-05-24T17:00:00Z"), t);
  EXPECT_EQ(scr::parse_instant("2024-05-24T17:00Z"), t);
  EXPECT_EQ(scr::parse_instant("2024-05-24T18:00:00+01:00"), t);
  EXPECT_EQ(scr::parse_instant("2024-05-24 17:00Z"), t);
  EXPECT_EQ(scr::parse_instant("2024-05-24T12:00:00-05:00"), t);
  EXPECT_EQ(scr::parse_instant("2024-05-24T17:00:00+00:00"), t);
  // An offset can move the UTC date.
  EXPECT_EQ(scr::parse_instant("2024-05-25T00:30:00+01:00"), utc(2024, 5, 24, 23, 30));
  EXPECT_EQ(scr::parse_instant("2024-12-31T22:00:00-05:00"), utc(2025, 1, 1, 3));
  EXPECT_EQ(scr::parse_instant("2024-05-24T17:05:09Z"), utc(2024, 5, 24, 17, 5, 9));
}

TEST(parse_instant, refuses_a_time_without_a_zone) {
  EXPECT_ERROR(scr::input_error, scr::parse_instant("2024-05-24T17:00:00"),
               "'2024-05-24T17:00:00'", "zone");
  EXPECT_ERROR(scr::input_error, scr::parse_instant("2024-05-24T17:00"), "'2024-05-24T17:00'");
}

TEST(parse_instant, refuses_malformed_text_quoting_it) {
  for (const char* text : {"2024-05-24", "", "now", "24/05/2024T17:00Z", "2024-05-24T25:00Z",
                           "2024-05-24T17:60Z", "2024-05-24T17:00:00ZZ", "2024-05-24T1700Z",
                           "2024-05-24T17:00:00+1"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR(scr::input_error, scr::parse_instant(text), quoted(text));
  }
  EXPECT_ERROR(scr::input_error, scr::parse_instant("2024-02-30T10:00Z"),
               "February 2024 has 29 days");
}

TEST(parse_instant, outside_the_supported_range_throws_range_error) {
  EXPECT_ERROR(scr::range_error, scr::parse_instant("1995-12-31T23:59:59Z"),
               "1995-12-31T23:59:59Z");
  // 00:00 at +01:00 is 23:00 UTC the day before: still out of range.
  EXPECT_ERROR(scr::range_error, scr::parse_instant("1996-01-01T00:00:00+01:00"));
  EXPECT_ERROR(scr::range_error, scr::parse_instant("2200-01-01T00:00:00Z"));
  EXPECT_EQ(scr::parse_instant("1996-01-01T00:00:00Z"), scr::min_instant());
  EXPECT_EQ(scr::parse_instant("2199-12-31T23:59:59Z"), utc(2199, 12, 31, 23, 59, 59));
}

TEST(format_instant, is_iso_8601_utc) {
  EXPECT_EQ(scr::format_instant(utc(2024, 5, 24, 16)), "2024-05-24T16:00:00Z");
  EXPECT_EQ(scr::format_instant(utc(2004, 1, 2, 3, 4, 5)), "2004-01-02T03:04:05Z");
}

TEST(format_instant, round_trips_through_parse_instant) {
  // A stride that is not a whole number of hours or minutes, 1996 to 2199.
  const pt::time_duration stride = pt::hours(7) + pt::minutes(13) + pt::seconds(17);
  for (instant t = scr::min_instant(); t < instant(ymd(2200, 1, 1)); t += stride) {
    const std::string s = scr::format_instant(t);
    ASSERT_EQ(scr::parse_instant(s), t) << s;
  }
}

// ---------------------------------------------------------------------------
// Europe/London

TEST(london, bst_starts_at_0100_utc_on_the_last_sunday_of_march) {
  EXPECT_FALSE(scr::is_bst(utc(2024, 3, 31, 0, 59, 59)));
  EXPECT_TRUE(scr::is_bst(utc(2024, 3, 31, 1)));
  EXPECT_EQ(scr::london_offset(utc(2024, 3, 31, 0, 59, 59)), pt::hours(0));
  EXPECT_EQ(scr::london_offset(utc(2024, 3, 31, 1)), pt::hours(1));
  // 2023: Sunday 26 March.
  EXPECT_FALSE(scr::is_bst(utc(2023, 3, 26, 0, 59, 59)));
  EXPECT_TRUE(scr::is_bst(utc(2023, 3, 26, 1)));
}

TEST(london, bst_ends_at_0100_utc_on_the_last_sunday_of_october) {
  EXPECT_TRUE(scr::is_bst(utc(2024, 10, 27, 0, 59, 59)));
  EXPECT_FALSE(scr::is_bst(utc(2024, 10, 27, 1)));
  // 2023: Sunday 29 October.
  EXPECT_TRUE(scr::is_bst(utc(2023, 10, 29, 0, 59, 59)));
  EXPECT_FALSE(scr::is_bst(utc(2023, 10, 29, 1)));
  EXPECT_FALSE(scr::is_bst(utc(2024, 1, 15, 12)));
  EXPECT_TRUE(scr::is_bst(utc(2024, 7, 1, 12)));
}

TEST(london, change_instants_every_year_1996_to_2199) {
  for (int y = 1996; y <= 2199; ++y) {
    SCOPED_TRACE(y);
    const instant start(last_sunday(y, 3), pt::hours(1));
    const instant end(last_sunday(y, 10), pt::hours(1));
    const pt::time_duration second = pt::seconds(1);
    ASSERT_FALSE(scr::is_bst(start - second));
    ASSERT_TRUE(scr::is_bst(start));
    ASSERT_TRUE(scr::is_bst(end - second));
    ASSERT_FALSE(scr::is_bst(end));
    ASSERT_FALSE(scr::is_bst(instant(ymd(y, 1, 1))));
    ASSERT_FALSE(scr::is_bst(instant(ymd(y, 12, 31), pt::hours(23))));
  }
  // Spot checks of the independent last Sunday.
  EXPECT_EQ(last_sunday(1996, 3), ymd(1996, 3, 31));
  EXPECT_EQ(last_sunday(1996, 10), ymd(1996, 10, 27));
  EXPECT_EQ(last_sunday(2024, 3), ymd(2024, 3, 31));
  EXPECT_EQ(last_sunday(2025, 3), ymd(2025, 3, 30));
  EXPECT_EQ(last_sunday(2025, 10), ymd(2025, 10, 26));
}

TEST(london, london_date_around_every_change_and_midnight_1898_to_2201) {
  // The changes of 1899-2200 are kept in a table and the others worked out
  // when asked: both sides of its ends, against the independent last Sunday.
  // A London date is the UTC date, or the next day from 23:00 UTC in BST.
  const pt::time_duration tick = pt::microseconds(1);
  for (int y = 1898; y <= 2201; ++y) {
    SCOPED_TRACE(y);
    const instant start(last_sunday(y, 3), pt::hours(1));
    const instant end(last_sunday(y, 10), pt::hours(1));
    ASSERT_EQ(scr::london_date(start - tick), last_sunday(y, 3));
    ASSERT_EQ(scr::london_date(start), last_sunday(y, 3));
    // 23:00 UTC on the evening BST begins is midnight in London.
    const instant first_evening(last_sunday(y, 3), pt::hours(23));
    ASSERT_EQ(scr::london_date(first_evening - tick), last_sunday(y, 3));
    ASSERT_EQ(scr::london_date(first_evening), last_sunday(y, 3) + g::days(1));
    // The evening before BST ends is still BST; the evening it ends is not.
    const instant last_bst_evening(last_sunday(y, 10) - g::days(1), pt::hours(23));
    ASSERT_EQ(scr::london_date(last_bst_evening), last_sunday(y, 10));
    ASSERT_EQ(scr::london_date(end - tick), last_sunday(y, 10));
    ASSERT_EQ(scr::london_date(end), last_sunday(y, 10));
    ASSERT_EQ(scr::london_date(instant(last_sunday(y, 10), pt::hours(23))), last_sunday(y, 10));
    // New Year's Eve is GMT.
    ASSERT_EQ(scr::london_date(instant(ymd(y, 12, 31), pt::hours(23) + pt::minutes(59))), ymd(y, 12, 31));
  }
}

TEST(london, local_time_and_date) {
  // date.hpp examples.
  EXPECT_EQ(scr::london_date(utc(2024, 3, 31, 0, 30)), ymd(2024, 3, 31));
  EXPECT_EQ(scr::london_date(utc(2024, 6, 30, 23, 30)), ymd(2024, 7, 1));
  EXPECT_EQ(scr::to_london(utc(2024, 6, 30, 23, 30)), local(2024, 7, 1, 0, 30));
  EXPECT_EQ(scr::to_london(utc(2024, 1, 15, 23, 30)), local(2024, 1, 15, 23, 30));
  EXPECT_EQ(scr::london_date(utc(2024, 1, 15, 23, 30)), ymd(2024, 1, 15));
  EXPECT_EQ(scr::london_date(utc(2024, 12, 31, 23, 59, 59)), ymd(2024, 12, 31));
  // The first instant of BST is 02:00 local; the last second of GMT is 00:59:59.
  EXPECT_EQ(scr::to_london(utc(2024, 3, 31, 1)), local(2024, 3, 31, 2));
  EXPECT_EQ(scr::to_london(utc(2024, 10, 27, 0, 30)), local(2024, 10, 27, 1, 30));
  EXPECT_EQ(scr::to_london(utc(2024, 10, 27, 1, 30)), local(2024, 10, 27, 1, 30));
}

TEST(from_london, unambiguous_times) {
  EXPECT_EQ(scr::from_london(local(2024, 6, 1, 12)), utc(2024, 6, 1, 11));
  EXPECT_EQ(scr::from_london(local(2024, 1, 15, 12)), utc(2024, 1, 15, 12));
  // "by 24 May 2004 at 5 pm" (rule 6) is 16:00 UTC.
  EXPECT_EQ(scr::from_london(local(2004, 5, 24, 17)), utc(2004, 5, 24, 16));
  // Either side of the changes.
  EXPECT_EQ(scr::from_london(local(2024, 3, 31, 0, 59)), utc(2024, 3, 31, 0, 59));
  EXPECT_EQ(scr::from_london(local(2024, 3, 31, 2)), utc(2024, 3, 31, 1));
  EXPECT_EQ(scr::from_london(local(2024, 10, 27, 0, 59)), utc(2024, 10, 26, 23, 59));
  EXPECT_EQ(scr::from_london(local(2024, 10, 27, 2)), utc(2024, 10, 27, 2));
}

TEST(from_london, a_time_that_happened_twice_needs_a_choice) {
  // 2024-10-27 01:30 was read first in BST (00:30 UTC), then in GMT (01:30 UTC).
  const auto t = local(2024, 10, 27, 1, 30);
  EXPECT_EQ(scr::from_london(t, choose::earliest), utc(2024, 10, 27, 0, 30));
  EXPECT_EQ(scr::from_london(t, choose::latest), utc(2024, 10, 27, 1, 30));
  EXPECT_ERROR(scr::input_error, scr::from_london(t, choose::reject), "2024-10-27 01:30",
               "twice");
  // reject is the default.
  EXPECT_ERROR(scr::input_error, scr::from_london(t), "2024-10-27 01:30");
  // 01:00 local is the first instant of the repeated hour.
  EXPECT_EQ(scr::from_london(local(2024, 10, 27, 1), choose::earliest), utc(2024, 10, 27, 0));
  EXPECT_EQ(scr::from_london(local(2024, 10, 27, 1), choose::latest), utc(2024, 10, 27, 1));
}

TEST(from_london, a_time_that_never_happened_maps_to_the_jump) {
  // Clocks went from 01:00 GMT to 02:00 BST at 01:00 UTC on 31 March 2024.
  const auto t = local(2024, 3, 31, 1, 30);
  EXPECT_EQ(scr::from_london(t, choose::earliest), utc(2024, 3, 31, 1));
  EXPECT_EQ(scr::from_london(t, choose::latest), utc(2024, 3, 31, 1));
  EXPECT_ERROR(scr::input_error, scr::from_london(t, choose::reject), "2024-03-31 01:30",
               "did not happen");
  EXPECT_ERROR(scr::input_error, scr::from_london(local(2024, 3, 31, 1)), "2024-03-31 01:00");
}

TEST(from_london, inverts_to_london_every_half_hour_1996_to_2040) {
  // Property: from_london(to_london(t), BST ? earliest : latest) == t.
  for (instant t = scr::min_instant(); t < instant(ymd(2041, 1, 1)); t += pt::minutes(30)) {
    const choose c = scr::is_bst(t) ? choose::earliest : choose::latest;
    ASSERT_EQ(scr::from_london(scr::to_london(t), c), t) << scr::format_instant(t);
  }
}

TEST(from_london, outside_the_supported_range_throws_range_error) {
  EXPECT_ERROR(scr::range_error, scr::from_london(local(1995, 12, 31, 12)), "1995-12-31 12:00");
  EXPECT_ERROR(scr::range_error, scr::from_london(pt::ptime(pt::not_a_date_time)));
}

}  // namespace

// ---- std::chrono at the edges ----------------------------------------------------------

TEST(date_chrono, dates_convert_to_and_from_sys_days) {
  using namespace std::chrono;
  EXPECT_EQ(scr::from_sys_days(sys_days{2024y / February / 29}), scr::make_date(2024, 2, 29));
  EXPECT_EQ(scr::to_sys_days(scr::make_date(1970, 1, 1)).time_since_epoch().count(), 0);
  EXPECT_EQ(scr::to_sys_days(scr::make_date(2004, 5, 24)), sys_days{2004y / May / 24});
  EXPECT_EQ(scr::from_year_month_day(2199y / December / 31), scr::max_date());
  EXPECT_EQ(scr::from_sys_days(scr::to_sys_days(scr::min_date())), scr::min_date());
  // Outside the range, or not a date: refused, naming the range or the date.
  EXPECT_THROW((void)scr::from_sys_days(sys_days{1899y / December / 31}), scr::input_error);
  EXPECT_THROW((void)scr::from_sys_days(sys_days{days{1'000'000}}), scr::input_error);
  try {
    (void)scr::from_year_month_day(2023y / February / 29);
    FAIL() << "29 February 2023 was accepted";
  } catch (const scr::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("2023-02-29"), std::string::npos) << e.what();
  }
}

TEST(date_chrono, instants_convert_to_and_from_system_clock) {
  using namespace std::chrono;
  const auto at = scr::parse_instant("2024-06-30T23:30:00Z") + boost::posix_time::milliseconds(250);
  const auto tp = scr::to_time_point(at);
  EXPECT_EQ(tp, sys_days{2024y / June / 30} + 23h + 30min + 250ms);
  EXPECT_EQ(scr::from_time_point(tp), at);
  // Finer than a microsecond is dropped.
  EXPECT_EQ(scr::from_time_point(tp + nanoseconds{999}), at);
  EXPECT_THROW((void)scr::from_time_point(sys_days{1995y / December / 31} + 23h), scr::input_error);
  EXPECT_THROW((void)scr::to_time_point(scr::instant()), scr::input_error);
}

TEST(date_chrono, london_wall_clock_times_without_boost_types) {
  using namespace std::chrono;
  // 10:30 on 1 July 2024 is BST: 09:30 UTC.
  EXPECT_EQ(scr::from_london(local_days{2024y / July / 1} + 10h + 30min),
            scr::parse_instant("2024-07-01T09:30:00Z"));
  // 10:30 on 15 January 2024 is GMT.
  EXPECT_EQ(scr::from_london(local_days{2024y / January / 15} + 10h + 30min),
            scr::parse_instant("2024-01-15T10:30:00Z"));
  // 01:30 on 27 October 2024 happened twice: refused, or chosen.
  const auto twice = local_days{2024y / October / 27} + 1h + 30min;
  EXPECT_THROW((void)scr::from_london(twice), scr::input_error);
  EXPECT_EQ(scr::from_london(twice, scr::choose::earliest), scr::parse_instant("2024-10-27T00:30:00Z"));
  EXPECT_EQ(scr::from_london(twice, scr::choose::latest), scr::parse_instant("2024-10-27T01:30:00Z"));
}
