#pragma once
// -----------------------------------------------------------------------------
// scr/calendar.hpp: working days, holidays and statutory deadline arithmetic
// -----------------------------------------------------------------------------
//
// A `calendar` knows which days are working days: Monday to Friday (or any
// weekend mask) minus a set of named holidays. It has a name, a version and a
// `confirmed_through` date: holidays after that date are projected from the
// rules and may yet change (a one-off day such as 19 September 2022 is announced
// at a few months' notice), so a deadline that falls after it is provisional.
//
// A calendar answers for the dates whose holidays it knows, `first()` to
// `last()`. England and Wales is known from 1971, the year the Banking and
// Financial Dealings Act 1971 set today's pattern, to 2199.
//
// Construction
//
//   auto ew = scr::calendar::england_and_wales();        // built in
//   auto gov = scr::calendar::from_govuk_json(text, "england-and-wales");
//   auto own = scr::calendar::custom(weekend, holidays, "Board", "2025-1");
//
// Copies share their tables, so a calendar is cheap to pass by value.
//
// Working days (deadline rules 1 and 5). "Within N working days of X" is the
// N-th working day after X. X itself is never counted, even when it is a
// working day; if X is a weekend or holiday, day 1 is the first working day
// after it. "N working days before Y" counts backwards the same way.
//
//          June 2022
//   Mo Tu We Th Fr Sa Su
//          1 [2][3] 4  5      [2] Spring bank holiday (moved), [3] Platinum Jubilee
//    6  7  8  9 10 11 12
//
//   ew.add_working_days(2022-06-04, 5)    // 2022-06-10 (6 June is day 1)
//   ew.add_working_days(2022-06-01, 1)    // 2022-06-06
//   ew.add_working_days(2022-06-06, -1)   // 2022-06-01
//   ew.working_days_between(2022-06-04, 2022-06-10)   // 5
//
// Calendar days, weeks, months (rules 2 and 3). `add_months` follows
// Dodds v Walker [1981] 1 WLR 1027 (HL): the same day number in the later
// month, or that month's last day when it is shorter; always from the anchor.
//
//   scr::add_months(1978-09-30, 4)    // 1979-01-30, not 1979-01-31
//   scr::add_months(2023-01-31, 1)    // 2023-02-28
//   scr::add_months(2024-02-29, 12)   // 2025-02-28
//
// Deadlines. `due(anchor, timescale)` and `before(date, timescale)` apply the
// rule for the timescale's unit; hours need an instant anchor.
//
//   ew.due(2024-01-15, "1 month")            // 2024-02-15
//   ew.due(2024-01-15, "5 working days")     // 2024-01-22
//   ew.before(2024-06-20, "2 weeks")         // 2024-06-06
//   ew.due(<2024-03-30T22:00Z>, "72 hours")  // 2024-04-02T22:00Z, local date
//                                            // 2024-04-02 (BST from 31 March)
//
// Performance. Working-day arithmetic is two table look-ups: the number of
// working days before each date, and the date of each working day by rank.

#include <array>
#include <cstdint>
#include <memory>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scr/date.hpp"
#include "scr/export.hpp"
#include "scr/timescale.hpp"

namespace scr {

/// Days of the week, numbered as Boost and C (`tm_wday`) number them.
enum class weekday : std::uint8_t {
  sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday
};

/// A set of weekdays, e.g. the weekend.
class SCR_EXPORT weekday_set {
 public:
  constexpr weekday_set() noexcept = default;
  constexpr weekday_set(std::initializer_list<weekday> days) noexcept {
    for (auto d : days) bits_ = static_cast<std::uint8_t>(bits_ | bit(d));
  }
  /// From a mask with bit k set for weekday k (Sunday = 0); bit 7 is ignored.
  static constexpr weekday_set from_bits(std::uint8_t bits) noexcept {
    weekday_set s;
    s.bits_ = static_cast<std::uint8_t>(bits & 0x7FU);
    return s;
  }
  /// Saturday and Sunday.
  static constexpr weekday_set saturday_sunday() noexcept {
    return {weekday::saturday, weekday::sunday};
  }
  constexpr bool contains(weekday d) const noexcept { return (bits_ & bit(d)) != 0; }
  constexpr std::size_t size() const noexcept {
    std::size_t n = 0;
    for (int i = 0; i < 7; ++i) n += (bits_ >> i) & 1U;
    return n;
  }
  constexpr std::uint8_t bits() const noexcept { return bits_; }
  friend constexpr bool operator==(weekday_set, weekday_set) noexcept = default;

 private:
  static constexpr std::uint8_t bit(weekday d) noexcept {
    return static_cast<std::uint8_t>(1U << static_cast<unsigned>(d));
  }
  std::uint8_t bits_ = 0;
};

/// A named non-working day.
struct SCR_EXPORT holiday {
  date day;
  std::string name;  // "Christmas Day", "Christmas Day (substitute day)"
  friend bool operator==(const holiday&, const holiday&) = default;
};

/// A deadline computed from an instant: its Europe/London date, and for
/// hour-based timescales the exact instant too.
struct SCR_EXPORT deadline {
  date day;
  std::optional<instant> at;
  friend bool operator==(const deadline&, const deadline&) = default;
};

/// Options for `calendar::custom`.
struct SCR_EXPORT calendar_options {
  /// First and last dates the holiday list answers for. Defaults: 1 January of
  /// the first holiday's year (or min_date() with no holidays) and 2199-12-31.
  std::optional<date> first;
  std::optional<date> last;
  /// Holidays after this date may still change; results after it are
  /// provisional. Default: `last`.
  std::optional<date> confirmed_through;
};

namespace detail {
struct calendar_table;
}

class SCR_EXPORT calendar {
 public:
  /// The bank holidays of England and Wales from 1971 to 2199: the rules of
  /// the Banking and Financial Dealings Act 1971 and the annual proclamations,
  /// with every moved and one-off day. Confirmed through 2027-12-31.
  static calendar england_and_wales();

  /// Reads the gov.uk bank-holidays.json format (https://www.gov.uk/bank-holidays.json)
  /// for one division: "england-and-wales", "scotland" or "northern-ireland".
  /// The calendar answers for the whole years the file covers and is confirmed
  /// through its last day. Weekend: Saturday and Sunday.
  static calendar from_govuk_json(std::string_view json_text, std::string_view division);

  /// Any weekend and holiday list. Holidays on the same day are refused.
  static calendar custom(weekday_set weekend, std::vector<holiday> holidays, std::string name,
                         std::string version, calendar_options options = {});

  /// This calendar updated with `announced` (gov.uk's file for a division,
  /// say): from `announced`'s first day to its last, its holidays replace
  /// this one's; outside them this one's stay. Confirmed through the later of
  /// the two; the same name, the version `version`. input_error if the
  /// weekends differ or `version` is empty or this calendar's own.
  calendar updated_with(const calendar& announced, std::string version) const;

  const std::string& name() const noexcept;
  const std::string& version() const noexcept;
  weekday_set weekend() const noexcept;
  date first() const noexcept;
  date last() const noexcept;
  date confirmed_through() const noexcept;
  /// Every holiday, in date order.
  const std::vector<holiday>& all_holidays() const noexcept;

  /// True if d is after confirmed_through(): its holidays may still change.
  bool is_provisional(date d) const;

  /// The holidays in one year, in date order. Throws range_error outside the calendar.
  std::vector<holiday> holidays(int year) const;
  /// The holiday's name, if d is a holiday.
  std::optional<std::string> holiday_name(date d) const;

  bool is_working_day(date d) const;
  /// The first working day strictly after d.
  date next_working_day(date d) const;
  /// The last working day strictly before d.
  date previous_working_day(date d) const;
  /// The n-th working day after d (n > 0) or before d (n < 0); d itself is
  /// never counted. n == 0 gives d.
  date add_working_days(date d, int n) const;
  /// The signed number of working days from a to b, a never counted and b
  /// counted: for b >= a the working days in (a, b]; for b < a, minus those
  /// in [b, a). So working_days_between(d, add_working_days(d, n)) == n.
  int working_days_between(date a, date b) const;

  /// Day serials: days since 1970-01-01, as NumPy's datetime64[D] stores them.
  static constexpr std::int64_t missing_serial = std::numeric_limits<std::int64_t>::min();
  static std::int64_t to_serial(date d) noexcept;
  static date from_serial(std::int64_t serial);

  /// Vectorised add_working_days over day serials: out[i] is days[i] plus
  /// n[i] working days (or n[0] for every i when n has one element).
  /// `missing_serial` (NumPy's NaT) passes through. Throws range_error naming
  /// the first element that falls outside the calendar, with `out` unspecified.
  /// Requires out.size() == days.size() and n.size() is 1 or days.size().
  void add_working_days(std::span<const std::int64_t> days, std::span<const std::int64_t> n,
                        std::span<std::int64_t> out) const;

  /// Vectorised due and before over day serials: out[i] is due(days[i], t)
  /// (or before), computed without building a date per element; as the
  /// scalar forms give for every day of the supported range (a test checks
  /// each). `missing_serial` passes through. Throws input_error for hours,
  /// and range_error naming the first element whose result (or, for working
  /// days, whose date) is outside the range, with `out` unspecified.
  /// Requires out.size() == days.size().
  void due(std::span<const std::int64_t> days, const timescale& t, std::span<std::int64_t> out) const;
  void before(std::span<const std::int64_t> days, const timescale& t, std::span<std::int64_t> out) const;

  /// The due date "within t of anchor". Throws input_error for hours (use the
  /// instant overload) and range_error outside the supported range.
  date due(date anchor, const timescale& t) const;
  /// For hours: anchor + t, and its London date. Otherwise the rule for the
  /// unit applied to the anchor's London date.
  deadline due(instant anchor, const timescale& t) const;
  /// "t before d": the rule for the unit, counted backwards (d not counted).
  date before(date d, const timescale& t) const;
  deadline before(instant d, const timescale& t) const;

 private:
  void shift_many(std::span<const std::int64_t> days, const timescale& t, std::span<std::int64_t> out,
                  bool forward) const;
  explicit calendar(std::shared_ptr<const detail::calendar_table> table);
  const detail::calendar_table& table() const noexcept { return *table_; }
  std::shared_ptr<const detail::calendar_table> table_;
};

/// "Within n months of d" by the corresponding-date rule (Dodds v Walker):
/// the same day number n months later (or earlier, n < 0), or the last day of
/// that month when it is shorter. Throws range_error outside the supported range.
SCR_EXPORT date add_months(date d, int n);

}  // namespace scr
