// The bank holidays of England and Wales, generated from the rules and the
// exceptions announced by royal proclamation.
//
// Rules (Banking and Financial Dealings Act 1971, Schedule 1, and the annual
// proclamations under its section 1):
//   New Year's Day      1 January, from 1974 (first proclaimed for 1974); if it
//                       falls on a weekend, the following Monday.
//   Good Friday         Easter Sunday - 2 (a common-law holiday).
//   Easter Monday       Easter Sunday + 1.
//   Early May           first Monday in May, from 1978.
//   Spring              last Monday in May.
//   Summer              last Monday in August.
//   Christmas Day       25 December; Boxing Day 26 December. A holiday that
//                       falls on a weekend moves to the next weekday not
//                       already a holiday (substitute day).
// Every exception below cites its proclamation or announcement.

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "calendar_table.hpp"
#include "scr/calendar.hpp"

namespace scr {

namespace g = boost::gregorian;

namespace {

constexpr int first_year = 1971;
constexpr int last_year = 2199;
// The last year for which the rules above have been confirmed by published
// proclamations and gov.uk's list (bank-holidays.json covers it as of the
// calendar version below).
constexpr int confirmed_year = 2027;
constexpr const char* calendar_version = "2026.11";

// Gregorian Easter Sunday (the anonymous algorithm, as in Meeus, Astronomical
// Algorithms, ch. 8).
date easter_sunday(int y) {
  const int a = y % 19;
  const int b = y / 100;
  const int c = y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int gg = (b - f + 1) / 3;
  const int h = (19 * a + b - d - gg + 15) % 30;  // [0, 29]
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;  // [0, 6]
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;      // [3, 4]
  const int day = ((h + l - 7 * m + 114) % 31) + 1;  // [1, 31]
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

date ymd(int y, int m, int d) {
  return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(d));
}

date first_monday(int y, int month) {
  return g::first_day_of_the_week_in_month(g::Monday, static_cast<unsigned short>(month))
      .get_date(static_cast<unsigned short>(y));
}

date last_monday(int y, int month) {
  return g::last_day_of_the_week_in_month(g::Monday, static_cast<unsigned short>(month))
      .get_date(static_cast<unsigned short>(y));
}

bool weekend(date d) {
  const auto w = d.day_of_week().as_number();
  return w == 0 || w == 6;
}

// Moved holidays: the year's rule date is replaced by another.
struct moved_day {
  int year;
  const char* rule;  // "early-may" or "spring"
  date day;
  const char* name;
};

const std::vector<moved_day>& moved_days() {
  static const std::vector<moved_day> v = {
      // 1977: Spring bank holiday moved from 30 May to 6 June for the Silver
      // Jubilee (proclamation, London Gazette, 1976).
      {1977, "spring", ymd(1977, 6, 6), "Spring bank holiday"},
      // 1995: Early May bank holiday moved from 1 May to 8 May for the 50th
      // anniversary of VE Day (Banking and Financial Dealings Act 1971,
      // proclamation of 1994).
      {1995, "early-may", ymd(1995, 5, 8), "Early May bank holiday (VE day)"},
      // 2002: Spring bank holiday moved from 27 May to 4 June for the Golden
      // Jubilee (proclamation, London Gazette, 2001).
      {2002, "spring", ymd(2002, 6, 4), "Spring bank holiday"},
      // 2012: Spring bank holiday moved from 28 May to 4 June for the Diamond
      // Jubilee (proclamation of 2011; gov.uk bank-holidays.json, 2012).
      {2012, "spring", ymd(2012, 6, 4), "Spring bank holiday"},
      // 2020: Early May bank holiday moved from 4 May to Friday 8 May for the
      // 75th anniversary of VE Day (proclamation of 2019; gov.uk, 2020).
      {2020, "early-may", ymd(2020, 5, 8), "Early May bank holiday (VE day)"},
      // 2022: Spring bank holiday moved from 30 May to Thursday 2 June for the
      // Platinum Jubilee (proclamation of 2021; gov.uk, 2022).
      {2022, "spring", ymd(2022, 6, 2), "Spring bank holiday"},
  };
  return v;
}

// One-off bank holidays, in addition to the rules.
const std::vector<holiday>& one_off_days() {
  static const std::vector<holiday> v = {
      // Wedding of Princess Anne and Mark Phillips (proclamation, 1973).
      {ymd(1973, 11, 14), "Wedding of Princess Anne"},
      // Silver Jubilee of Queen Elizabeth II (proclamation, 1976).
      {ymd(1977, 6, 7), "Silver Jubilee of Queen Elizabeth II"},
      // Wedding of the Prince of Wales and Lady Diana Spencer (proclamation, 1981).
      {ymd(1981, 7, 29), "Royal wedding"},
      // Millennium celebrations (proclamation, 1998).
      {ymd(1999, 12, 31), "Millennium celebrations"},
      // Golden Jubilee of Queen Elizabeth II (proclamation, 2001).
      {ymd(2002, 6, 3), "Golden Jubilee of Queen Elizabeth II"},
      // Wedding of Prince William and Catherine Middleton (proclamation, 2010;
      // gov.uk bank-holidays.json, 2011).
      {ymd(2011, 4, 29), "Royal wedding"},
      // Diamond Jubilee of Queen Elizabeth II (proclamation of 2011; gov.uk, 2012).
      {ymd(2012, 6, 5), "Queen's Diamond Jubilee"},
      // Platinum Jubilee of Queen Elizabeth II (proclamation of 2021; gov.uk, 2022).
      {ymd(2022, 6, 3), "Platinum Jubilee bank holiday"},
      // State Funeral of Queen Elizabeth II, announced 10 September 2022 by
      // proclamation (gov.uk, "Bank holiday for the State Funeral", 2022).
      {ymd(2022, 9, 19), "Bank holiday for the State Funeral of Queen Elizabeth II"},
      // Coronation of King Charles III (proclamation of 2022; gov.uk, 2023).
      {ymd(2023, 5, 8), "Bank holiday for the coronation of King Charles III"},
  };
  return v;
}

std::vector<holiday> generate() {
  // Year by year (a substitute day never leaves its year: 2 or 3 January, or
  // 27 or 28 December), each year's days kept in a short list.
  std::vector<holiday> out;
  out.reserve(static_cast<std::size_t>(last_year - first_year + 1) * 8 + one_off_days().size());
  std::size_t year_start = 0;
  const auto taken = [&](date d) {
    return std::any_of(out.begin() + static_cast<std::ptrdiff_t>(year_start), out.end(),
                       [&](const holiday& h) { return h.day == d; });
  };
  const auto add = [&](date d, std::string_view name) {
    // A holiday on a weekend, or on a day already taken, moves to the next
    // free weekday and becomes a substitute day.
    if (!weekend(d) && !taken(d)) {
      out.push_back({d, std::string(name)});
      return;
    }
    date s = d;
    while (weekend(s) || taken(s)) s += g::days(1);
    out.push_back({s, std::string(name) + " (substitute day)"});
  };
  const auto moved = [&](int y, std::string_view rule) -> const moved_day* {
    for (const auto& m : moved_days()) {
      if (m.year == y && rule == m.rule) return &m;
    }
    return nullptr;
  };
  const auto by_day = [](const holiday& a, const holiday& b) { return a.day < b.day; };
  for (int y = first_year; y <= last_year; ++y) {
    if (year_start < out.size()) std::sort(out.begin() + static_cast<std::ptrdiff_t>(year_start), out.end(), by_day);
    year_start = out.size();
    if (y >= 1974) add(ymd(y, 1, 1), "New Year's Day");
    const date easter = easter_sunday(y);
    add(easter - g::days(2), "Good Friday");
    add(easter + g::days(1), "Easter Monday");
    if (y >= 1978) {
      if (const auto* m = moved(y, "early-may")) {
        add(m->day, m->name);
      } else {
        add(first_monday(y, 5), "Early May bank holiday");
      }
    }
    if (const auto* m = moved(y, "spring")) {
      add(m->day, m->name);
    } else {
      add(last_monday(y, 5), "Spring bank holiday");
    }
    add(last_monday(y, 8), "Summer bank holiday");
    // Christmas before Boxing Day, so that with Christmas on a Saturday the
    // substitute for Christmas is Monday 27 and for Boxing Day Tuesday 28;
    // with Christmas on a Sunday, Boxing Day keeps Monday 26 and Christmas
    // moves to Tuesday 27 (gov.uk lists 2016 and 2022 this way).
    const date xmas = ymd(y, 12, 25);
    if (xmas.day_of_week().as_number() == 0) {
      add(ymd(y, 12, 26), "Boxing Day");
      add(xmas, "Christmas Day");
    } else {
      add(xmas, "Christmas Day");
      add(ymd(y, 12, 26), "Boxing Day");
    }
  }
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(year_start), out.end(), by_day);
  // The one-off days (in order of date), each unless its day is already a
  // holiday, merged in.
  const auto generated = static_cast<std::ptrdiff_t>(out.size());
  for (const auto& h : one_off_days()) {
    if (!std::binary_search(out.begin(), out.begin() + generated, h, by_day)) out.push_back(h);
  }
  std::inplace_merge(out.begin(), out.begin() + generated, out.end(), by_day);
  return out;
}

}  // namespace

calendar calendar::england_and_wales() {
  // Built once; every copy shares the tables.
  static const calendar instance = [] {
    calendar_options o;
    o.first = ymd(first_year, 1, 1);
    o.last = ymd(last_year, 12, 31);
    o.confirmed_through = ymd(confirmed_year, 12, 31);
    return custom(weekday_set::saturday_sunday(), generate(), "England and Wales", calendar_version, o);
  }();
  return instance;
}

}  // namespace scr
