#include "scr/date.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <string>

#include "scr/error.hpp"
#include "text.hpp"

namespace scr {

namespace g = boost::gregorian;
namespace pt = boost::posix_time;

namespace {

constexpr std::array<const char*, 12> month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

constexpr const char* date_forms =
    "expected YYYY-MM-DD, or day-first DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY, "
    "DD/MM/YY or DD.MM.YY";

std::string iso(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int days_in_month(int y, int m) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  return m == 2 && leap ? 29 : days[m - 1];
}

// Why (y, m, d) is not a date in the proleptic Gregorian calendar, or empty
// if it is one. Range is checked separately (a real date can be out of range).
std::string date_problem(int y, int m, int d) {
  if (m < 1 || m > 12) return "month must be 1 to 12";
  const int last = days_in_month(y, m);
  if (d < 1 || d > last) {
    return std::string(month_names[static_cast<std::size_t>(m - 1)]) + " " + std::to_string(y) +
           " has " + std::to_string(last) + " days";
  }
  return {};
}

std::string range_text() { return format_date(min_date()) + " to " + format_date(max_date()); }

// Reads 1 to max_len digits at s[pos]; advances pos.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t min_len,
                          std::size_t max_len) {
  std::size_t start = pos;
  while (pos < s.size() && pos - start < max_len && s[pos] >= '0' && s[pos] <= '9') ++pos;
  if (pos - start < min_len) return std::nullopt;
  int v = 0;
  std::from_chars(s.data() + start, s.data() + pos, v);
  return v;
}

struct ymd {
  int y, m, d;
};

std::optional<ymd> parse_ymd_fields(std::string_view s) {
  std::size_t pos = 0;
  // ISO 8601: YYYY-MM-DD exactly.
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    auto y = digits(s, pos, 4, 4);
    ++pos;
    auto m = digits(s, pos, 2, 2);
    ++pos;
    auto d = digits(s, pos, 2, 2);
    if (y && m && d && pos == s.size()) return ymd{*y, *m, *d};
    return std::nullopt;
  }
  // Day-first: D/M/Y with '/', '.' or '-' (the same separator twice).
  auto d = digits(s, pos, 1, 2);
  if (!d || pos >= s.size()) return std::nullopt;
  const char sep = s[pos];
  if (sep != '/' && sep != '.' && sep != '-') return std::nullopt;
  ++pos;
  auto m = digits(s, pos, 1, 2);
  if (!m || pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  const std::size_t ystart = pos;
  auto y = digits(s, pos, 2, 4);
  if (!y || pos != s.size()) return std::nullopt;
  const std::size_t ylen = pos - ystart;
  if (ylen == 2) {
    if (sep == '-') return std::nullopt;  // 24-05-04 reads too much like ISO
    // Two-digit years, as the chronology templates write them (000:391).
    *y += (*y >= 70) ? 1900 : 2000;
  } else if (ylen != 4) {
    return std::nullopt;
  }
  return ymd{*y, *m, *d};
}

}  // namespace

date min_date() noexcept { return date(1900, 1, 1); }
date max_date() noexcept { return date(2199, 12, 31); }
instant min_instant() noexcept { return instant(date(1996, 1, 1)); }

namespace {
bool in_range(int y) { return y >= min_date().year() && y <= max_date().year(); }
}  // namespace

date make_date(int year, int month, int day) {
  if (auto why = date_problem(year, month, day); !why.empty()) {
    throw input_error("invalid date " + iso(year, month, day) + ": " + why);
  }
  if (!in_range(year)) {
    throw range_error("date " + iso(year, month, day) + " is outside the supported range " +
                      range_text());
  }
  date d(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
         static_cast<unsigned short>(day));
  check_date(d);
  return d;
}

void check_date(date d, std::string_view what) {
  if (d.is_special()) throw range_error(std::string(what) + " is not a date");
  if (d < min_date() || d > max_date()) {
    throw range_error(std::string(what) + " " + format_date(d) +
                      " is outside the supported range " + range_text());
  }
}

date parse_date(std::string_view text) {
  const std::string_view s = detail::trim(text);
  auto f = parse_ymd_fields(s);
  if (!f) throw input_error("invalid date '" + std::string(text) + "': " + date_forms);
  if (auto why = date_problem(f->y, f->m, f->d); !why.empty()) {
    throw input_error("invalid date '" + std::string(text) + "': " + why);
  }
  if (!in_range(f->y)) {
    throw range_error("date '" + std::string(text) + "' is outside the supported range " +
                      range_text());
  }
  return date(static_cast<unsigned short>(f->y), static_cast<unsigned short>(f->m),
              static_cast<unsigned short>(f->d));
}

std::string format_date(date d) {
  if (d.is_special()) return "not-a-date";
  // Digit by digit: reports and exports format every date they show, and a
  // formatted print of each cost a tenth of a monthly report. A date's year
  // is 1400-9999 (Boost's range), always four digits.
  const auto ymd = d.year_month_day();
  const auto digit = [](unsigned v) { return static_cast<char>('0' + v % 10); };
  const unsigned y = ymd.year, m = ymd.month, day = ymd.day;
  std::string out(10, '-');
  out[0] = digit(y / 1000);
  out[1] = digit(y / 100);
  out[2] = digit(y / 10);
  out[3] = digit(y);
  out[5] = digit(m / 10);
  out[6] = digit(m);
  out[8] = digit(day / 10);
  out[9] = digit(day);
  return out;
}

instant parse_instant(std::string_view text) {
  const std::string_view s = detail::trim(text);
  const auto fail = [&](const std::string& why) -> instant {
    throw input_error("invalid instant '" + std::string(text) + "': " + why);
  };
  const char* forms =
      "expected ISO 8601 with a zone, as in 2024-05-24T17:00:00Z, 2024-05-24T17:00Z "
      "or 2024-05-24T18:00:00+01:00";
  if (s.size() < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return fail(forms);
  auto f = parse_ymd_fields(s.substr(0, 10));
  if (!f || s[4] != '-') return fail(forms);
  if (auto why = date_problem(f->y, f->m, f->d); !why.empty()) return fail(why);
  if (!in_range(f->y)) {
    throw range_error("instant '" + std::string(text) + "' is outside the supported range " +
                      format_instant(min_instant()) + " to " + format_date(max_date()));
  }
  std::size_t pos = 11;
  auto hh = digits(s, pos, 2, 2);
  if (!hh || pos >= s.size() || s[pos] != ':') return fail(forms);
  ++pos;
  auto mm = digits(s, pos, 2, 2);
  if (!mm) return fail(forms);
  int ss = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    auto sec = digits(s, pos, 2, 2);
    if (!sec) return fail(forms);
    ss = *sec;
  }
  if (*hh > 23 || *mm > 59 || ss > 59) return fail("time of day out of range");
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    auto oh = digits(s, pos, 2, 2);
    if (!oh) return fail(forms);
    if (pos < s.size() && s[pos] == ':') ++pos;
    auto om = digits(s, pos, 2, 2);
    if (!om || *oh > 23 || *om > 59) return fail(forms);
    offset_minutes = sign * (*oh * 60 + *om);
  } else {
    return fail("no zone: add Z for UTC or an offset such as +01:00");
  }
  if (pos != s.size()) return fail(forms);
  date d(static_cast<unsigned short>(f->y), static_cast<unsigned short>(f->m),
         static_cast<unsigned short>(f->d));
  instant t = instant(d, pt::hours(*hh) + pt::minutes(*mm) + pt::seconds(ss)) -
              pt::minutes(offset_minutes);
  if (t < min_instant() || t >= instant(max_date() + g::days(1))) {
    throw range_error("instant '" + std::string(text) + "' is outside the supported range " +
                      format_instant(min_instant()) + " to " + format_date(max_date()));
  }
  return t;
}

std::string format_instant(instant t) {
  if (t.is_special()) return "not-an-instant";
  const auto tod = t.time_of_day();
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(tod.hours()),
                static_cast<int>(tod.minutes()), static_cast<int>(tod.seconds()));
  return format_date(t.date()) + buf;
}

namespace {

// "2024-10-27 01:30", a wall-clock time for messages.
std::string format_local(pt::ptime local) {
  const auto tod = local.time_of_day();
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d", static_cast<int>(tod.hours()),
                static_cast<int>(tod.minutes()));
  return format_date(local.date()) + buf;
}

// BST starts and ends at 01:00 UTC on the last Sunday of March and October
// (Summer Time Order 2002, SI 2002/262; the same rule since 1996).
instant compute_bst_change(int year, int month) {
  g::last_day_of_the_week_in_month last_sunday(g::Sunday, static_cast<unsigned short>(month));
  return instant(last_sunday.get_date(static_cast<unsigned short>(year)), pt::hours(1));
}

// The changes of the years around the supported range, worked out once:
// every event's London date asks for two of them.
constexpr int first_tabled_year = 1899, last_tabled_year = 2200;
struct bst_table {
  std::array<std::array<instant, 2>, last_tabled_year - first_tabled_year + 1> changes;
  bst_table() {
    for (int y = first_tabled_year; y <= last_tabled_year; ++y) {
      changes[static_cast<std::size_t>(y - first_tabled_year)] = {compute_bst_change(y, 3),
                                                                   compute_bst_change(y, 10)};
    }
  }
};

/// 01:00 GMT on the last Sunday of March (month 3) or October (month 10).
instant bst_change(int year, int month) {
  if (year < first_tabled_year || year > last_tabled_year) return compute_bst_change(year, month);
  static const bst_table table;
  return table.changes[static_cast<std::size_t>(year - first_tabled_year)][month == 3 ? 0 : 1];
}

// Whether t, an instant of UTC year y, falls in that year's BST.
bool in_bst(instant t, int y) { return t >= bst_change(y, 3) && t < bst_change(y, 10); }

}  // namespace

bool is_bst(instant t) { return in_bst(t, t.date().year()); }

pt::time_duration london_offset(instant t) { return is_bst(t) ? pt::hours(1) : pt::hours(0); }

pt::ptime to_london(instant t) { return t + london_offset(t); }

date london_date(instant t) {
  // to_london(t).date(), with the calendar worked out once: BST moves only
  // the last hour of a UTC day into the next London day.
  const date d = t.date();
  return in_bst(t, d.year()) && t.time_of_day() >= pt::hours(23) ? d + g::days(1) : d;
}

instant from_london(pt::ptime local, choose policy) {
  if (local.is_special()) throw range_error("local time is not a time");
  const instant as_gmt = local;                 // reading the wall clock as GMT
  const instant as_bst = local - pt::hours(1);  // reading it as BST
  const bool gmt_ok = !is_bst(as_gmt);
  const bool bst_ok = is_bst(as_bst);
  instant t;
  if (gmt_ok && bst_ok) {  // the hour repeated when clocks go back
    if (policy == choose::reject) {
      throw input_error("local time " + format_local(local) +
                        " happened twice in Europe/London (clocks went back); choose the "
                        "earlier (BST) or later (GMT) reading");
    }
    t = policy == choose::earliest ? as_bst : as_gmt;
  } else if (gmt_ok) {
    t = as_gmt;
  } else if (bst_ok) {
    t = as_bst;
  } else {  // the hour skipped when clocks go forward
    if (policy == choose::reject) {
      throw input_error("local time " + format_local(local) +
                        " did not happen in Europe/London (clocks went forward)");
    }
    t = bst_change(local.date().year(), 3);
  }
  if (t < min_instant() || t >= instant(max_date() + g::days(1))) {
    throw range_error("local time " + format_local(local) +
                      " is outside the supported range " + format_instant(min_instant()) +
                      " to " + format_date(max_date()));
  }
  return t;
}

instant parse_london_time(std::string_view text_view) {
  const std::string text(text_view);
  const auto quoted = [](const std::string& t) { return "'" + t + "'"; };
  try {
    const auto sep = text.find_first_of("T ");
    if (sep == std::string::npos) {
      return from_london(boost::posix_time::ptime(parse_date(text), boost::posix_time::hours(12)), choose::earliest);
    }
    const std::string day = text.substr(0, sep), clock = text.substr(sep + 1);
    if (clock.find_first_of("Z+-") != std::string::npos) {
      return parse_instant(format_date(parse_date(day)) + "T" + clock);
    }
    int h = -1, m = -1, s = 0;
    char c1 = 0, c2 = 0;
    const int n = std::sscanf(clock.c_str(), "%2d%c%2d%c%2d", &h, &c1, &m, &c2, &s);
    if (n < 3 || c1 != ':' || (n == 5 && c2 != ':') || n == 4 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 ||
        s > 59) {
      throw input_error("the time " + quoted(clock) + " is not HH:MM or HH:MM:SS");
    }
    const boost::posix_time::ptime local(parse_date(day), boost::posix_time::hours(h) + boost::posix_time::minutes(m) +
                                                              boost::posix_time::seconds(s));
    const instant at = from_london(local, choose::earliest);
    if (to_london(at) != local) {
      // The hour the clocks skipped (spring forward): name both readings.
      const auto gmt = local;                                // read as GMT
      const auto bst = local - boost::posix_time::hours(1);  // read as BST
      const auto hhmm = [](const boost::posix_time::ptime& t) {
        char out[8];
        std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(t.time_of_day().hours()),
                      static_cast<int>(t.time_of_day().minutes()));
        return std::string(out);
      };
      throw input_error("the London time " + hhmm(local) + " on " + format_date(local.date()) +
                        " did not happen: the clocks went forward an hour. Did you mean " + hhmm(bst) + " GMT (" +
                        format_instant(bst) + ") or " + hhmm(to_london(gmt)) + " BST (" + format_instant(gmt) + ")?");
    }
    return at;
  } catch (const input_error& e) {
    throw input_error(quoted(text) + ": " + e.what() +
                      ". Give a date and time such as 2024-01-15T09:00 or 15/01/2024 09:00 (London time)");
  }
}

// ---- std::chrono at the edges ----------------------------------------------------------

namespace {

const date unix_epoch(1970, 1, 1);

}  // namespace

std::chrono::sys_days to_sys_days(date d) {
  check_date(d);
  return std::chrono::sys_days{std::chrono::days{(d - unix_epoch).days()}};
}

date from_sys_days(std::chrono::sys_days d) {
  const auto n = d.time_since_epoch().count();
  // Outside the supported range by far: refused before Boost is asked.
  if (n < -30000 || n > 90000) {
    throw range_error("date " + std::to_string(n) + " days from 1970-01-01 is outside the supported range " +
                      format_date(min_date()) + " to " + format_date(max_date()));
  }
  const date out = unix_epoch + g::days(n);
  check_date(out);
  return out;
}

date from_year_month_day(std::chrono::year_month_day ymd) {
  return make_date(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day())));
}

std::chrono::system_clock::time_point to_time_point(instant t) {
  if (t.is_special() || t < min_instant() || t >= instant(max_date() + g::days(1))) {
    throw range_error("instant " + (t.is_special() ? std::string("(not a time)") : format_instant(t)) +
                      " is outside the supported range " + format_instant(min_instant()) + " to " +
                      format_date(max_date()));
  }
  const auto us = (t - instant(unix_epoch)).total_microseconds();
  return std::chrono::system_clock::time_point{
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::microseconds{us})};
}

instant from_time_point(std::chrono::system_clock::time_point t) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  const auto first = (min_instant() - instant(unix_epoch)).total_microseconds();
  const auto end = (instant(max_date() + g::days(1)) - instant(unix_epoch)).total_microseconds();
  if (us < first || us >= end) {
    throw range_error("time point " + std::to_string(us) + " microseconds from 1970-01-01T00:00:00Z is outside the "
                      "supported range " + format_instant(min_instant()) + " to " + format_date(max_date()));
  }
  return instant(unix_epoch) + pt::microseconds(us);
}

instant from_london(std::chrono::local_seconds local, choose policy) {
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const auto seconds = (local - day).count();
  const date d = from_sys_days(std::chrono::sys_days{day.time_since_epoch()});
  return from_london(pt::ptime(d, pt::seconds(seconds)), policy);
}

}  // namespace scr
