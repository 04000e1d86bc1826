#include "scr/calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "calendar_table.hpp"
#include "scr/error.hpp"

namespace scr {

namespace g = boost::gregorian;
namespace pt = boost::posix_time;

namespace detail {

void build_tables(calendar_table& t) {
  t.first_day = static_cast<std::int64_t>(t.first.day_number());
  t.days = static_cast<std::int32_t>((t.last - t.first).days() + 1);
  const auto n = static_cast<std::size_t>(t.days);
  t.before.resize(n + 1);
  t.by_rank.clear();
  t.by_rank.reserve(n);
  // The holidays are sorted and inside [first, last]: walked with the days.
  auto next = t.holidays.begin();
  const auto index_of = [&](const holiday& h) { return static_cast<std::int64_t>(h.day.day_number()) - t.first_day; };
  std::int64_t next_off = next == t.holidays.end() ? -1 : index_of(*next);
  // [0, 6], Sunday = 0, advanced one day at a time.
  auto wd = static_cast<unsigned>(t.first.day_of_week().as_number());
  std::int32_t rank = 0;
  for (std::int32_t i = 0; i < t.days; ++i) {
    t.before[static_cast<std::size_t>(i)] = rank;
    bool off = t.weekend.contains(static_cast<weekday>(wd));
    if (i == next_off) {
      off = true;
      next_off = ++next == t.holidays.end() ? -1 : index_of(*next);
    }
    if (!off) {
      t.by_rank.push_back(i);
      ++rank;
    }
    wd = wd == 6 ? 0 : wd + 1;
  }
  t.before[n] = rank;
}

}  // namespace detail

namespace {

// Day serials count days since 1970-01-01, as NumPy's datetime64[D] does.
const date serial_epoch(1970, 1, 1);

std::int64_t serial_of(date d) noexcept {
  return static_cast<std::int64_t>(d.day_number()) -
         static_cast<std::int64_t>(serial_epoch.day_number());
}

std::string describe(const detail::calendar_table& t) {
  return "calendar '" + t.name + "' (version " + t.version + ")";
}

[[noreturn]] void outside(const detail::calendar_table& t, date d, std::string_view what) {
  check_date(d, what);
  throw range_error(std::string(what) + " " + format_date(d) + " is outside " + describe(t) +
                    ", which knows holidays from " + format_date(t.first) + " to " +
                    format_date(t.last));
}

// Index of d in the tables, or throws naming d.
inline std::int32_t index_of(const detail::calendar_table& t, date d, std::string_view what) {
  const std::int64_t i = static_cast<std::int64_t>(d.day_number()) - t.first_day;
  if (d.is_special() || i < 0 || i >= t.days) outside(t, d, what);
  return static_cast<std::int32_t>(i);
}

inline date at_index(const detail::calendar_table& t, std::int32_t i) {
  return t.first + g::date_duration(i);
}

[[noreturn]] void past_end(const detail::calendar_table& t, date d, std::int64_t n) {
  const bool forward = n > 0;
  // Magnitude without negating INT64_MIN.
  const auto count = forward ? static_cast<std::uint64_t>(n) : 0U - static_cast<std::uint64_t>(n);
  throw range_error(std::to_string(count) + (count == 1 ? " working day " : " working days ") +
                    (forward ? "after " : "before ") + format_date(d) + " falls " +
                    (forward ? "after " : "before ") + "the range of " + describe(t) + " (" +
                    format_date(t.first) + " to " + format_date(t.last) + ")");
}

// The civil date of any day serial, for messages (Hinnant's civil_from_days).
std::string format_serial(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                  // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);           // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                // [0, 11]
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;                        // [1, 31]
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;                           // [1, 12]
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d));
  return buf;
}

// d shifted by a number of calendar days, or range_error naming the timescale.
date shift(date d, std::int64_t days, const timescale& ts, bool forward) {
  const std::int64_t to = forward ? serial_of(d) + days : serial_of(d) - days;
  if (to < serial_of(min_date()) || to > serial_of(max_date())) {
    throw range_error(ts.to_string() + (forward ? " after " : " before ") + format_date(d) +
                      " is " + format_serial(to) + ", outside the supported range " +
                      format_date(min_date()) + " to " + format_date(max_date()));
  }
  return d + g::date_duration(static_cast<long>(forward ? days : -days));
}

}  // namespace

calendar::calendar(std::shared_ptr<const detail::calendar_table> table)
    : table_(std::move(table)) {}

calendar calendar::custom(weekday_set weekend, std::vector<holiday> holidays, std::string name,
                          std::string version, calendar_options options) {
  if (name.empty()) throw input_error("calendar name must not be empty");
  if (version.empty()) throw input_error("calendar '" + name + "': version must not be empty");
  if (weekend.size() == 7) {
    throw input_error("calendar '" + name + "': the weekend covers all seven days, so no day "
                      "would ever be a working day");
  }
  const auto by_day = [](const holiday& a, const holiday& b) { return a.day < b.day; };
  if (!std::is_sorted(holidays.begin(), holidays.end(), by_day)) std::sort(holidays.begin(), holidays.end(), by_day);
  for (const auto& h : holidays) {
    // The name in the message only when it is needed: a calendar has
    // thousands of holidays, and a process makes one on every start.
    if (h.day.is_special() || h.day < min_date() || h.day > max_date()) check_date(h.day, "holiday '" + h.name + "'");
  }
  for (std::size_t i = 1; i < holidays.size(); ++i) {
    if (holidays[i].day == holidays[i - 1].day) {
      throw input_error("calendar '" + name + "': two holidays on " +
                        format_date(holidays[i].day) + " ('" + holidays[i - 1].name + "' and '" +
                        holidays[i].name + "'); give each day once");
    }
  }
  auto t = std::make_shared<detail::calendar_table>();
  t->name = std::move(name);
  t->version = std::move(version);
  t->weekend = weekend;
  t->first = options.first ? *options.first
             : holidays.empty()
                 ? min_date()
                 : date(holidays.front().day.year(), 1, 1);
  t->last = options.last ? *options.last : max_date();
  check_date(t->first, "calendar first date");
  check_date(t->last, "calendar last date");
  if (t->last < t->first) {
    throw input_error("calendar '" + t->name + "': last date " + format_date(t->last) +
                      " is before first date " + format_date(t->first));
  }
  t->confirmed_through = options.confirmed_through ? *options.confirmed_through : t->last;
  check_date(t->confirmed_through, "calendar confirmed-through date");
  for (const auto& h : holidays) {
    if (h.day < t->first || h.day > t->last) {
      throw range_error("calendar '" + t->name + "': holiday '" + h.name + "' on " +
                        format_date(h.day) + " is outside the calendar's range " +
                        format_date(t->first) + " to " + format_date(t->last));
    }
  }
  t->holidays = std::move(holidays);
  detail::build_tables(*t);
  if (t->by_rank.empty()) {
    throw input_error("calendar '" + t->name + "' has no working day between " +
                      format_date(t->first) + " and " + format_date(t->last));
  }
  return calendar(std::move(t));
}

calendar calendar::updated_with(const calendar& announced, std::string version) const {
  const auto& t = table();
  const auto& a = announced.table();
  if (a.weekend != t.weekend) {
    throw input_error(describe(a) + " has another weekend than " + describe(t) + ": it cannot update it");
  }
  if (version.empty()) throw input_error("calendar '" + t.name + "': the new version must not be empty");
  if (version == t.version) {
    throw input_error("calendar '" + t.name + "' is already version '" + version + "'; give the update a new version");
  }
  std::vector<holiday> merged;
  merged.reserve(t.holidays.size() + a.holidays.size());
  for (const auto& h : t.holidays)
    if (h.day < a.first || h.day > a.last) merged.push_back(h);
  merged.insert(merged.end(), a.holidays.begin(), a.holidays.end());
  calendar_options o;
  o.first = std::min(t.first, a.first);
  o.last = std::max(t.last, a.last);
  o.confirmed_through = std::max(t.confirmed_through, a.confirmed_through);
  return custom(t.weekend, std::move(merged), t.name, std::move(version), o);
}

const std::string& calendar::name() const noexcept { return table().name; }
const std::string& calendar::version() const noexcept { return table().version; }
weekday_set calendar::weekend() const noexcept { return table().weekend; }
date calendar::first() const noexcept { return table().first; }
date calendar::last() const noexcept { return table().last; }
date calendar::confirmed_through() const noexcept { return table().confirmed_through; }
const std::vector<holiday>& calendar::all_holidays() const noexcept { return table().holidays; }

bool calendar::is_provisional(date d) const {
  check_date(d);
  return d > table().confirmed_through;
}

std::vector<holiday> calendar::holidays(int year) const {
  const auto& t = table();
  if (year < t.first.year() || year > t.last.year()) {
    throw range_error("year " + std::to_string(year) + " is outside " + describe(t) +
                      ", which knows holidays from " + format_date(t.first) + " to " +
                      format_date(t.last));
  }
  std::vector<holiday> out;
  for (const auto& h : t.holidays) {
    if (h.day.year() == year) out.push_back(h);
  }
  return out;
}

std::optional<std::string> calendar::holiday_name(date d) const {
  const auto& t = table();
  index_of(t, d, "date");
  auto it = std::lower_bound(t.holidays.begin(), t.holidays.end(), d,
                             [](const holiday& h, date x) { return h.day < x; });
  if (it != t.holidays.end() && it->day == d) return it->name;
  return std::nullopt;
}

bool calendar::is_working_day(date d) const {
  const auto& t = table();
  const auto i = static_cast<std::size_t>(index_of(t, d, "date"));
  return t.before[i + 1] != t.before[i];
}

date calendar::next_working_day(date d) const { return add_working_days(d, 1); }

date calendar::previous_working_day(date d) const { return add_working_days(d, -1); }

date calendar::add_working_days(date d, int n) const {
  const auto& t = table();
  const auto i = static_cast<std::size_t>(index_of(t, d, "date"));
  if (n == 0) return d;
  // Rank of the target working day. Forward: the first working day after d
  // has rank before[i + 1]. Backward: the last one before d has before[i] - 1.
  const std::int64_t rank = n > 0 ? std::int64_t{t.before[i + 1]} + n - 1
                                  : std::int64_t{t.before[i]} + n;
  if (rank < 0 || rank >= static_cast<std::int64_t>(t.by_rank.size())) past_end(t, d, n);
  return at_index(t, t.by_rank[static_cast<std::size_t>(rank)]);
}

namespace {

[[noreturn]] void serial_outside(const detail::calendar_table& t, std::int64_t s,
                                 std::size_t k) {
  const std::string what = "date at position " + std::to_string(k);
  if (s < serial_of(min_date()) || s > serial_of(max_date())) {
    throw range_error(what + " " + format_serial(s) + " is outside the supported range " +
                      format_date(min_date()) + " to " + format_date(max_date()));
  }
  outside(t, calendar::from_serial(s), what);
}

}  // namespace

std::int64_t calendar::to_serial(date d) noexcept {
  return serial_of(d);
}

date calendar::from_serial(std::int64_t serial) {
  if (serial < serial_of(min_date()) || serial > serial_of(max_date())) {
    throw range_error("day serial " + std::to_string(serial) +
                      " is outside the supported range " + format_date(min_date()) + " to " +
                      format_date(max_date()));
  }
  return serial_epoch + g::date_duration(static_cast<long>(serial));
}

void calendar::add_working_days(std::span<const std::int64_t> days,
                                std::span<const std::int64_t> n,
                                std::span<std::int64_t> out) const {
  if (out.size() != days.size() || (n.size() != 1 && n.size() != days.size())) {
    throw input_error("add_working_days: " + std::to_string(days.size()) + " dates, " +
                      std::to_string(n.size()) + " counts and " + std::to_string(out.size()) +
                      " outputs; counts must be one number or one per date");
  }
  const auto& t = table();
  // Serial s is table index s - offset.
  const std::int64_t offset = serial_of(t.first);
  const auto ranks = static_cast<std::int64_t>(t.by_rank.size());
  const std::int32_t* before = t.before.data();
  const std::int32_t* by_rank = t.by_rank.data();
  const bool one_n = n.size() == 1;
  for (std::size_t k = 0; k < days.size(); ++k) {
    const std::int64_t s = days[k];
    if (s == missing_serial) {
      out[k] = missing_serial;
      continue;
    }
    const std::int64_t step = one_n ? n[0] : n[k];
    const std::int64_t i = s - offset;
    if (i < 0 || i >= t.days) serial_outside(t, s, k);
    const auto ui = static_cast<std::size_t>(i);
    if (step == 0) {
      out[k] = s;
      continue;
    }
    // A count beyond the number of working days is out of range whatever the
    // date; clamping first keeps the sums below from overflowing.
    if (step > ranks || step < -ranks) past_end(t, from_serial(s), step);
    const std::int64_t rank = step > 0 ? before[ui + 1] + step - 1 : before[ui] + step;
    if (rank < 0 || rank >= ranks) past_end(t, from_serial(s), step);
    out[k] = by_rank[rank] + offset;
  }
}

namespace {

// Civil dates and day serials by arithmetic, for the vectorised forms. The
// proleptic Gregorian calendar repeats every 400 years (146,097 days); within
// a cycle, counting years from 1 March puts the leap day last, so a year's
// day is a simple function of its month.
struct civil {
  std::int64_t year;
  int month, day;  // 1-12, 1-31
};

constexpr std::int64_t days_per_cycle = 146'097;
// 0000-03-01 is 719,468 days before 1970-01-01.
constexpr std::int64_t cycle_start_offset = 719'468;

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : (a - b + 1) / b; }

civil civil_of(std::int64_t serial) {
  const std::int64_t z = serial + cycle_start_offset;
  const std::int64_t cycle = floor_div(z, days_per_cycle);
  const std::int64_t day_of_cycle = z - cycle * days_per_cycle;                          // [0, 146096]
  const std::int64_t year_of_cycle =
      (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 - day_of_cycle / 146096) / 365;  // [0, 399]
  const std::int64_t day_of_year =
      day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);  // [0, 365], from 1 March
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;                      // [0, 11], March is 0
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  return {year_of_cycle + cycle * 400 + (month <= 2 ? 1 : 0), month, day};
}

std::int64_t serial_of_civil(std::int64_t year, int month, int day) {
  const std::int64_t y = month <= 2 ? year - 1 : year;
  const std::int64_t cycle = floor_div(y, 400);
  const std::int64_t year_of_cycle = y - cycle * 400;
  const std::int64_t shifted_month = month > 2 ? month - 3 : month + 9;
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
  const std::int64_t day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
  return cycle * days_per_cycle + day_of_cycle - cycle_start_offset;
}

constexpr bool leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int month_length(std::int64_t year, int month) {
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : lengths[month - 1];
}

// The vectorised due (forward) or before: `months` months, or `days` days,
// from each serial; the result checked against the supported range.
void shift_serials(std::span<const std::int64_t> in, std::span<std::int64_t> out, std::int64_t months,
                   std::int64_t days, const timescale& ts, bool forward) {
  const std::int64_t lo = serial_of(min_date()), hi = serial_of(max_date());
  for (std::size_t k = 0; k < in.size(); ++k) {
    const std::int64_t s = in[k];
    if (s == calendar::missing_serial) {
      out[k] = calendar::missing_serial;
      continue;
    }
    if (s < lo || s > hi) {
      throw range_error("date at position " + std::to_string(k) + " " + format_serial(s) +
                        " is outside the supported range " + format_date(min_date()) + " to " +
                        format_date(max_date()));
    }
    std::int64_t r = 0;
    if (months != 0) {
      // Dodds v Walker: the corresponding day, or the month's last day.
      const civil c = civil_of(s);
      const std::int64_t total = c.year * 12 + (c.month - 1) + (forward ? months : -months);
      const std::int64_t year = floor_div(total, 12);
      const int month = static_cast<int>(total - year * 12 + 1);
      r = (year < 1900 || year > 2199) ? lo - 1 : serial_of_civil(year, month, std::min(c.day, month_length(year, month)));
    } else {
      r = forward ? s + days : s - days;
    }
    if (r < lo || r > hi) {
      throw range_error(ts.to_string() + (forward ? " after " : " before ") + format_serial(s) +
                        " (position " + std::to_string(k) + ") falls outside the supported range " +
                        format_date(min_date()) + " to " + format_date(max_date()));
    }
    out[k] = r;
  }
}

}  // namespace

void calendar::due(std::span<const std::int64_t> days, const timescale& ts, std::span<std::int64_t> out) const {
  shift_many(days, ts, out, true);
}

void calendar::before(std::span<const std::int64_t> days, const timescale& ts, std::span<std::int64_t> out) const {
  shift_many(days, ts, out, false);
}

void calendar::shift_many(std::span<const std::int64_t> days, const timescale& ts, std::span<std::int64_t> out,
                          bool forward) const {
  if (out.size() != days.size()) {
    throw input_error((forward ? "due: " : "before: ") + std::to_string(days.size()) + " dates and " +
                      std::to_string(out.size()) + " outputs");
  }
  const std::int64_t amount = ts.amount;
  switch (ts.unit) {
    case time_unit::hours:
      throw input_error("timescale '" + ts.to_string() + "' counts hours, which need instants (dates and times), "
                        "not dates");
    case time_unit::days: return shift_serials(days, out, 0, amount, ts, forward);
    case time_unit::weeks: return shift_serials(days, out, 0, 7 * amount, ts, forward);
    case time_unit::months: return shift_serials(days, out, amount, 0, ts, forward);
    case time_unit::years: return shift_serials(days, out, 12 * amount, 0, ts, forward);
    case time_unit::working_days: {
      const std::int64_t step = forward ? amount : -amount;
      return add_working_days(days, std::span<const std::int64_t>(&step, 1), out);
    }
  }
  throw input_error("unknown timescale unit");
}

int calendar::working_days_between(date a, date b) const {
  const auto& t = table();
  const auto i = static_cast<std::size_t>(index_of(t, a, "start date"));
  const auto j = static_cast<std::size_t>(index_of(t, b, "end date"));
  if (j >= i) return t.before[j + 1] - t.before[i + 1];  // (a, b]
  return -(t.before[i] - t.before[j]);                  // [b, a)
}

date calendar::due(date anchor, const timescale& ts) const {
  check_date(anchor, "anchor");
  switch (ts.unit) {
    case time_unit::hours:
      throw input_error("timescale '" + ts.to_string() + "' counts hours, which need an instant "
                        "(a date and time) as anchor, not the date " + format_date(anchor));
    case time_unit::days: return shift(anchor, ts.amount, ts, true);
    case time_unit::weeks: return shift(anchor, std::int64_t{7} * ts.amount, ts, true);
    case time_unit::months: return add_months(anchor, ts.amount);
    case time_unit::years: return add_months(anchor, 12 * ts.amount);
    case time_unit::working_days: return add_working_days(anchor, ts.amount);
  }
  throw input_error("unknown timescale unit");
}

date calendar::before(date d, const timescale& ts) const {
  check_date(d, "date");
  switch (ts.unit) {
    case time_unit::hours:
      throw input_error("timescale '" + ts.to_string() + "' counts hours, which need an instant "
                        "(a date and time), not the date " + format_date(d));
    case time_unit::days: return shift(d, ts.amount, ts, false);
    case time_unit::weeks: return shift(d, std::int64_t{7} * ts.amount, ts, false);
    case time_unit::months: return add_months(d, -ts.amount);
    case time_unit::years: return add_months(d, -12 * ts.amount);
    case time_unit::working_days: return add_working_days(d, -ts.amount);
  }
  throw input_error("unknown timescale unit");
}

namespace {

instant checked_instant(instant t, std::string_view what) {
  if (t.is_special() || t < min_instant() || t >= instant(max_date() + g::days(1))) {
    throw range_error(std::string(what) + " " + format_instant(t) +
                      " is outside the supported range " + format_instant(min_instant()) +
                      " to " + format_date(max_date()));
  }
  return t;
}

}  // namespace

deadline calendar::due(instant anchor, const timescale& ts) const {
  checked_instant(anchor, "anchor");
  if (ts.unit == time_unit::hours) {
    const instant at = checked_instant(anchor + pt::hours(ts.amount), "due instant");
    return {london_date(at), at};
  }
  return {due(london_date(anchor), ts), std::nullopt};
}

deadline calendar::before(instant d, const timescale& ts) const {
  checked_instant(d, "instant");
  if (ts.unit == time_unit::hours) {
    const instant at = checked_instant(d - pt::hours(ts.amount), "result");
    return {london_date(at), at};
  }
  return {before(london_date(d), ts), std::nullopt};
}

date add_months(date d, int n) {
  check_date(d, "anchor");
  const auto ymd = d.year_month_day();
  // Months since year 0, shifted by n; then back to (year, month).
  const long total = long{ymd.year} * 12 + (ymd.month - 1) + n;
  const long year = total >= 0 ? total / 12 : (total - 11) / 12;
  const long month = total - year * 12 + 1;  // [1, 12]
  if (year < min_date().year() || year > max_date().year()) {
    const long count = n < 0 ? -long{n} : long{n};
    throw range_error(std::to_string(count) + (count == 1 ? " month" : " months") +
                      (n < 0 ? " before " : " after ") + format_date(d) +
                      " falls outside the supported range " + format_date(min_date()) + " to " +
                      format_date(max_date()));
  }
  const auto y = static_cast<unsigned short>(year);
  const auto m = static_cast<unsigned short>(month);
  // Dodds v Walker: the corresponding day, or the month's last day if shorter.
  const auto last = g::gregorian_calendar::end_of_month_day(y, m);
  const auto day = std::min<unsigned short>(ymd.day, last);
  return date(y, m, day);
}

}  // namespace scr
