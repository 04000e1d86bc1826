#pragma once
// -----------------------------------------------------------------------------
// scr/date.hpp: civil dates, instants, and Europe/London local time
// -----------------------------------------------------------------------------
//
// libscr represents a day with Boost.Date_Time's `boost::gregorian::date` and an
// instant with `boost::posix_time::ptime`, always in UTC. It adds only what the
// deadline rules need:
//
//   * checked construction and parsing with messages that name the input;
//   * the supported range, 1900-01-01 to 2199-12-31 (`min_date`, `max_date`);
//   * Europe/London local time (GMT in winter, BST in summer), because a
//     deadline is a local date even when its anchor is an instant.
//
//   scr::make_date(2024, 2, 29);           // 2024-02-29
//   scr::make_date(2023, 2, 29);           // throws scr::input_error:
//                                          // invalid date 2023-02-29: February
//                                          // 2023 has 28 days
//   scr::parse_date("24/05/2004");         // 2004-05-24 (always day-first)
//   scr::parse_date("22.05.04");           // 2004-05-22
//   scr::format_date(scr::make_date(2004, 5, 24));  // "2004-05-24"
//
// Instants and local time. British Summer Time runs from 01:00 UTC on the last
// Sunday in March to 01:00 UTC on the last Sunday in October (the Summer Time
// Order 2002, following the EU rule in force since 1996). Instants are
// supported from 1996-01-01, where that rule begins:
//
//   london_date(parse_instant("2024-03-31T00:30:00Z"))  // 2024-03-31 (GMT)
//   london_date(parse_instant("2024-06-30T23:30:00Z"))  // 2024-07-01 (BST)
//
// A local time that occurs twice (the October change) or never (the March
// change) is ambiguous. `from_london` makes the choice explicit, as the date
// library's `choose` does:
//
//   local 2024-10-27 01:30 happened twice: choose::earliest gives 00:30 UTC,
//   choose::latest gives 01:30 UTC, choose::reject throws.
//   local 2024-03-31 01:30 never happened: earliest and latest both give
//   01:00 UTC (the instant the clocks jumped); reject throws.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <boost/date_time/posix_time/posix_time_types.hpp>

#include "scr/export.hpp"

namespace scr {

/// A civil date (no time, no zone).
using date = boost::gregorian::date;
/// An instant, always in UTC.
using instant = boost::posix_time::ptime;

/// The first and last dates libscr computes with.
SCR_EXPORT date min_date() noexcept;  // 1900-01-01
SCR_EXPORT date max_date() noexcept;  // 2199-12-31
/// The first instant libscr computes with (Europe/London rules are known from here).
SCR_EXPORT instant min_instant() noexcept;  // 1996-01-01T00:00:00Z

/// Builds a date, or throws `input_error` naming the impossible field, or
/// `range_error` if it lies outside [min_date(), max_date()].
SCR_EXPORT date make_date(int year, int month, int day);

/// Throws `range_error` naming `what` (e.g. "anchor") unless d is in range.
/// Special values (not-a-date-time, infinities) are refused too.
SCR_EXPORT void check_date(date d, std::string_view what = "date");

/// Parses a date. Accepted forms, all day-first when not ISO:
///   2004-05-24   24/05/2004   24.05.2004   24-05-2004
///   24/05/04     24.05.04     (two-digit years: 70-99 -> 19xx, 00-69 -> 20xx)
/// Throws `input_error` quoting the text and listing these forms.
SCR_EXPORT date parse_date(std::string_view text);

/// ISO 8601 "YYYY-MM-DD".
SCR_EXPORT std::string format_date(date d);

/// Parses an ISO 8601 instant: "2024-05-24T17:00:00Z", "2024-05-24T17:00Z",
/// "2024-05-24T18:00:00+01:00", "2024-05-24 17:00Z". A time without an offset
/// is refused: an instant must say its zone (use from_london for local times).
SCR_EXPORT instant parse_instant(std::string_view text);

/// ISO 8601 in UTC: "2024-05-24T16:00:00Z".
SCR_EXPORT std::string format_instant(instant t);

/// True if British Summer Time is in force at t.
SCR_EXPORT bool is_bst(instant t);

/// The offset of Europe/London from UTC at t: 0 or 1 hour.
SCR_EXPORT boost::posix_time::time_duration london_offset(instant t);

/// The Europe/London wall-clock time at t, and its date.
SCR_EXPORT boost::posix_time::ptime to_london(instant t);
SCR_EXPORT date london_date(instant t);

/// How to read a London wall-clock time that happened twice or never.
enum class choose {
  earliest,  ///< the first of two readings; for a skipped time, the jump instant
  latest,    ///< the second of two readings; for a skipped time, the jump instant
  reject,    ///< throw input_error naming the time and the clock change
};

/// The UTC instant of a Europe/London wall-clock time.
SCR_EXPORT instant from_london(boost::posix_time::ptime local, choose policy = choose::reject);

/// When something happened, as people type it: "2024-01-15T09:00",
/// "15/01/2024 09:00" or "15/01/2024 09:00:30" (London wall-clock time, the
/// date read as parse_date reads it), "2024-01-15T09:00:00Z" or
/// "...+01:00" (as given), or a date alone (noon in London). A London time
/// that happened twice (the October change) is its first reading; one that
/// never happened (the March change) is refused with input_error naming
/// both readings the writer may have meant. input_error for anything else,
/// quoting the text and giving these forms. `scr` reads every --at with it.
SCR_EXPORT instant parse_london_time(std::string_view text);

// ---- std::chrono at the edges ----------------------------------------------------------
//
// An embedder can keep to the standard library's types: every call that
// takes a date or an instant takes one made from these, and every one it
// returns converts back.
//
//   using namespace std::chrono;
//   const scr::date d = scr::from_sys_days(sys_days{2024y / February / 29});
//   const scr::instant at = scr::from_london(local_days{2024y / July / 1} + 9h + 30min);  // 08:30 UTC
//   const system_clock::time_point tp = scr::to_time_point(at);

/// A date as the days since 1970 that std::chrono counts, and back.
/// input_error for a day outside min_date() to max_date().
SCR_EXPORT std::chrono::sys_days to_sys_days(date d);
SCR_EXPORT date from_sys_days(std::chrono::sys_days d);
/// The same for a year, month and day (input_error if it is not a valid date).
SCR_EXPORT date from_year_month_day(std::chrono::year_month_day ymd);

/// An instant as a system_clock time point (to the microsecond), and back:
/// finer parts of a time point are dropped. input_error for an instant
/// outside min_instant() to the end of max_date().
SCR_EXPORT std::chrono::system_clock::time_point to_time_point(instant t);
SCR_EXPORT instant from_time_point(std::chrono::system_clock::time_point t);

/// A Europe/London wall-clock time, as std::chrono writes a local time
/// (to the second), as an instant: as from_london above.
SCR_EXPORT instant from_london(std::chrono::local_seconds local, choose policy = choose::reject);

}  // namespace scr
