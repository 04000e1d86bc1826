#pragma once
// -----------------------------------------------------------------------------
// scr/timescale.hpp: an amount of time as the procedures write it
// -----------------------------------------------------------------------------
//
// The source procedures give every period in words: "within 72 hours of the
// incident" (001:735), "within 1 working day" (001:348), "within 10 working
// days" (003:74), "14 days" (004:464), "4 weeks" (000:109), "within one month"
// (001:392), "six months" (001:216), "7 years" (001:650). A `timescale` is that
// amount and its unit; the calendar turns it into a due date.
//
//   auto t = scr::timescale::parse("5 working days");
//   t.amount;          // 5
//   t.unit;            // scr::time_unit::working_days
//   t.to_string();     // "5 working days"
//   scr::timescale::parse("1 working day").to_string();   // "1 working day"
//   scr::timescale::parse("fortnight");   // throws scr::input_error:
//     invalid timescale 'fortnight': expected a whole number and a unit, as in
//     "72 hours", "1 working day", "5 working days", "28 days", "4 weeks",
//     "1 month", "6 months" or "7 years"
//
// Parsing ignores case and surrounding spaces and accepts singular or plural
// ("1 days" is accepted); printing always gives the canonical text.
//
// What each unit means (docs/deadline-rules.md, rules 1-4):
//
//   hours         elapsed time from an instant          "72 hours"
//   days          calendar days: X + N                  "28 days"
//   working_days  the N-th working day after X          "5 working days"
//   weeks         X + 7N                                "4 weeks"
//   months        the same day number N months later,   "6 months"
//                 or that month's last day (Dodds v Walker)
//   years         12 months per year, by the month rule "7 years"

#include <cstdint>
#include <string>
#include <string_view>

#include "scr/export.hpp"

namespace scr {

enum class time_unit : std::uint8_t { hours, days, working_days, weeks, months, years };

/// The largest amount a timescale may carry (enough for 200 years in days).
inline constexpr int max_timescale_amount = 99'999;

/// Unit names, singular and plural: "working day", "working days".
SCR_EXPORT std::string_view unit_name(time_unit u, bool plural = true) noexcept;

struct SCR_EXPORT timescale {
  int amount = 0;  // [0, max_timescale_amount]
  time_unit unit = time_unit::days;

  /// Checked construction: throws input_error for a negative or huge amount.
  static timescale of(int amount, time_unit unit);
  /// Parses "5 working days" and the other forms above.
  static timescale parse(std::string_view text);
  /// Canonical text: "5 working days", "1 month".
  std::string to_string() const;

  friend bool operator==(const timescale&, const timescale&) = default;
};

}  // namespace scr
