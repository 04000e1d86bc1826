// Tests for scr/timescale.hpp: parsing and printing the periods the procedures
// write in words.
//
// Sources (seed lines NNN:LINE): "within 72 hours of incident" (001:735),
// "within 1 working day" (001:348), "within a maximum of 10 working days"
// (003:74), "5 working days" (003:116), "(Timescale – 14 days)" (004:464),
// "28 days" (004:475), "4 weeks" (000:109), "within one month" (001:392),
// "6 months" (001:216), "7 years" (001:650). Units: docs/deadline-rules.md,
// rules 1-4.

#include <gtest/gtest.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include "scr/error.hpp"
#include "scr/timescale.hpp"
#include "test_support.hpp"

namespace {

using scr::time_unit;
using scr::timescale;




struct canonical_case {
  const char* text;
  int amount;
  time_unit unit;
};

// The forms timescale.hpp lists, each with its source.
constexpr canonical_case canonical[] = {
    {"5 working days", 5, time_unit::working_days},  // 003:116
    {"1 working day", 1, time_unit::working_days},   // 001:348
    {"10 working days", 10, time_unit::working_days},  // 003:74
    {"28 days", 28, time_unit::days},                // 004:475
    {"14 days", 14, time_unit::days},                // 004:464
    {"1 day", 1, time_unit::days},
    {"4 weeks", 4, time_unit::weeks},                // 000:109
    {"1 week", 1, time_unit::weeks},
    {"1 month", 1, time_unit::months},               // 001:392
    {"6 months", 6, time_unit::months},              // 001:216
    {"72 hours", 72, time_unit::hours},              // 001:735
    {"1 hour", 1, time_unit::hours},
    {"7 years", 7, time_unit::years},                // 001:650
    {"1 year", 1, time_unit::years},
    {"0 days", 0, time_unit::days},
    {"99999 days", 99999, time_unit::days},
};

TEST(timescale, parses_each_canonical_form_and_prints_it_back_exactly) {
  for (const auto& c : canonical) {
    SCOPED_TRACE(c.text);
    const timescale t = timescale::parse(c.text);
    EXPECT_EQ(t.amount, c.amount);
    EXPECT_EQ(t.unit, c.unit);
    EXPECT_EQ(t.to_string(), c.text);
    EXPECT_EQ(t, timescale::of(c.amount, c.unit));
  }
}

TEST(timescale, ignores_case_and_surrounding_or_repeated_whitespace) {
  EXPECT_EQ(timescale::parse("  5 Working DAYS  "), timescale::of(5, time_unit::working_days));
  EXPECT_EQ(timescale::parse("72\tHours"), timescale::of(72, time_unit::hours));
  EXPECT_EQ(timescale::parse("5   working    days"), timescale::of(5, time_unit::working_days));
  EXPECT_EQ(timescale::parse("\t6 MONTHS\n"), timescale::of(6, time_unit::months));
  EXPECT_EQ(timescale::parse("1 Month"), timescale::of(1, time_unit::months));
  EXPECT_EQ(timescale::parse("  5 Working DAYS  ").to_string(), "5 working days");
}

TEST(timescale, accepts_singular_or_plural_and_prints_canonically) {
  // timescale.hpp: '"1 days" is accepted'; printing gives the canonical text.
  EXPECT_EQ(timescale::parse("1 days").to_string(), "1 day");
  EXPECT_EQ(timescale::parse("5 working day").to_string(), "5 working days");
  EXPECT_EQ(timescale::parse("1 working days").to_string(), "1 working day");
  EXPECT_EQ(timescale::parse("3 month").to_string(), "3 months");
  EXPECT_EQ(timescale::parse("2 hour").to_string(), "2 hours");
  EXPECT_EQ(timescale::parse("1 weeks").to_string(), "1 week");
  EXPECT_EQ(timescale::parse("10 year").to_string(), "10 years");
}

TEST(timescale, leading_zeros_are_just_digits) {
  EXPECT_EQ(timescale::parse("05 days"), timescale::of(5, time_unit::days));
  EXPECT_EQ(timescale::parse("05 days").to_string(), "5 days");
}

TEST(timescale, bad_text_throws_input_error_quoting_it_and_listing_the_forms) {
  for (const char* text :
       {"fortnight", "", "5", "five days", "-3 days", "5 working", "3 hours later",
        "100000 days", "5 workings days", "5 working weeks", "working days", "5days",
        "days 5", "+5 days", "5.5 days", "5 minutes", "   "}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR(scr::input_error, timescale::parse(text),
                 "invalid timescale " + quoted(text),
                 "\"72 hours\"", "\"1 working day\"", "\"5 working days\"", "\"28 days\"",
                 "\"4 weeks\"", "\"1 month\"", "\"6 months\"", "\"7 years\"");
  }
}

TEST(timescale, of_checks_the_amount) {
  EXPECT_EQ(scr::max_timescale_amount, 99'999);
  EXPECT_EQ(timescale::of(0, time_unit::days).amount, 0);
  EXPECT_EQ(timescale::of(99'999, time_unit::hours).amount, 99'999);
  EXPECT_EQ(timescale::of(5, time_unit::working_days).unit, time_unit::working_days);
  EXPECT_ERROR(scr::input_error, timescale::of(-1, time_unit::days), "-1", "0 to 99999");
  EXPECT_ERROR(scr::input_error, timescale::of(100'000, time_unit::weeks), "100000",
               "0 to 99999");
  EXPECT_ERROR(scr::input_error, timescale::of(-2'147'483'647 - 1, time_unit::days));
}

TEST(timescale, default_is_zero_days) {
  const timescale t;
  EXPECT_EQ(t.amount, 0);
  EXPECT_EQ(t.unit, time_unit::days);
  EXPECT_EQ(t.to_string(), "0 days");
}

TEST(timescale, equality_compares_amount_and_unit) {
  EXPECT_EQ(timescale::parse("4 weeks"), timescale::parse("4 WEEK"));
  EXPECT_NE(timescale::parse("4 weeks"), timescale::parse("28 days"));
  EXPECT_NE(timescale::parse("5 days"), timescale::parse("5 working days"));
  EXPECT_NE(timescale::parse("12 months"), timescale::parse("1 year"));
}

TEST(unit_name, singular_and_plural) {
  EXPECT_EQ(scr::unit_name(time_unit::hours), "hours");
  EXPECT_EQ(scr::unit_name(time_unit::hours, false), "hour");
  EXPECT_EQ(scr::unit_name(time_unit::days), "days");
  EXPECT_EQ(scr::unit_name(time_unit::days, false), "day");
  EXPECT_EQ(scr::unit_name(time_unit::working_days), "working days");
  EXPECT_EQ(scr::unit_name(time_unit::working_days, false), "working day");
  EXPECT_EQ(scr::unit_name(time_unit::weeks), "weeks");
  EXPECT_EQ(scr::unit_name(time_unit::weeks, false), "week");
  EXPECT_EQ(scr::unit_name(time_unit::months), "months");
  EXPECT_EQ(scr::unit_name(time_unit::months, false), "month");
  EXPECT_EQ(scr::unit_name(time_unit::years), "years");
  EXPECT_EQ(scr::unit_name(time_unit::years, false), "year");
}

TEST(timescale, every_amount_and_unit_round_trips_through_text) {
  for (const auto u : {time_unit::hours, time_unit::days, time_unit::working_days,
                       time_unit::weeks, time_unit::months, time_unit::years}) {
    for (int n = 0; n <= scr::max_timescale_amount; n += (n < 1000 ? 1 : 997)) {
      const auto t = timescale::of(n, u);
      ASSERT_EQ(timescale::parse(t.to_string()), t) << t.to_string();
    }
  }
}

}  // namespace
