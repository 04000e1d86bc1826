// Tests for calendar::from_govuk_json: the gov.uk bank-holidays.json format.
//
// Source of the format and of tests/data/govuk-bank-holidays-2010-2027.json:
// https://www.gov.uk/bank-holidays.json (written by hand from the published
// list; see england_and_wales_test.cpp). The Scotland and Northern Ireland
// entries in that file are 2022 only, enough to test division selection:
// Scotland's summer bank holiday is the first Monday in August (1 August 2022)
// and it has no Easter Monday; Northern Ireland adds St Patrick's Day
// (17 March) and the Battle of the Boyne (12 July).

#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/error.hpp"
#include "test_support.hpp"


namespace {

namespace g = boost::gregorian;
using scr::calendar;
using scr::date;




const std::string& data_file() {
  static const std::string text = [] {
    const std::string path = std::string(SCR_TEST_DATA_DIR) + "/govuk-bank-holidays-2010-2027.json";
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}

// A one-division document with the given events (a JSON array body).
std::string doc(std::string_view events, std::string_view division = "england-and-wales") {
  return std::string(R"({")") + std::string(division) + R"(": {"division": ")" +
         std::string(division) + R"(", "events": [)" + std::string(events) + "]}}";
}

// ---------------------------------------------------------------------------
// Division selection

TEST(govuk, england_and_wales_division_from_the_file) {
  const auto c = calendar::from_govuk_json(data_file(), "england-and-wales");
  EXPECT_EQ(c.name(), "England and Wales");
  EXPECT_FALSE(c.version().empty());
  EXPECT_EQ(c.weekend(), scr::weekday_set::saturday_sunday());
  EXPECT_EQ(c.all_holidays().size(), 149U);
  // Rule 1's worked example works on the gov.uk calendar too.
  EXPECT_EQ(c.add_working_days(ymd(2022, 6, 4), 5), ymd(2022, 6, 10));
  EXPECT_FALSE(c.is_working_day(ymd(2022, 9, 19)));
  EXPECT_TRUE(c.is_working_day(ymd(2022, 8, 1)));
  EXPECT_FALSE(c.is_working_day(ymd(2022, 8, 29)));
  EXPECT_FALSE(c.is_working_day(ymd(2022, 4, 18)));  // Easter Monday
  EXPECT_EQ(c.holiday_name(ymd(2022, 9, 19)),
            "Bank Holiday for the State Funeral of Queen Elizabeth II");
}

TEST(govuk, scotland_division_has_its_own_holidays) {
  const auto c = calendar::from_govuk_json(data_file(), "scotland");
  EXPECT_EQ(c.name(), "Scotland");
  EXPECT_EQ(c.all_holidays().size(), 11U);
  EXPECT_FALSE(c.is_working_day(ymd(2022, 8, 1)));   // Summer: first Monday in August
  EXPECT_TRUE(c.is_working_day(ymd(2022, 8, 29)));   // England's summer bank holiday
  EXPECT_TRUE(c.is_working_day(ymd(2022, 4, 18)));   // no Easter Monday in Scotland
  EXPECT_FALSE(c.is_working_day(ymd(2022, 11, 30)));  // St Andrew's Day
  EXPECT_FALSE(c.is_working_day(ymd(2022, 1, 4)));   // 2nd January (substitute day)
  EXPECT_EQ(c.holiday_name(ymd(2022, 1, 4)), "2nd January (substitute day)");
  // Friday 29 July 2022 + 1 working day: Monday 1 August is a holiday in Scotland.
  ASSERT_EQ(ymd(2022, 7, 29).day_of_week(), g::Friday);
  EXPECT_EQ(c.add_working_days(ymd(2022, 7, 29), 1), ymd(2022, 8, 2));
}

TEST(govuk, northern_ireland_division_keeps_utf8_titles) {
  const auto c = calendar::from_govuk_json(data_file(), "northern-ireland");
  EXPECT_EQ(c.name(), "Northern Ireland");
  EXPECT_FALSE(c.is_working_day(ymd(2022, 7, 12)));
  EXPECT_FALSE(c.is_working_day(ymd(2022, 3, 17)));
  EXPECT_EQ(c.holiday_name(ymd(2022, 3, 17)), "St Patrick\u2019s Day");
  EXPECT_EQ(c.holiday_name(ymd(2022, 1, 3)), "New Year\u2019s Day (substitute day)");
}

TEST(govuk, unknown_division_lists_the_divisions_in_the_file) {
  EXPECT_ERROR(scr::input_error, calendar::from_govuk_json(data_file(), "wales"), "'wales'",
               "england-and-wales", "scotland", "northern-ireland");
  EXPECT_ERROR(scr::input_error, calendar::from_govuk_json(data_file(), ""), "''",
               "england-and-wales");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "A", "date": "2022-01-03"})"),
                                         "Scotland"),
               "'Scotland'", "england-and-wales");
}

// ---------------------------------------------------------------------------
// Malformed files

TEST(govuk, invalid_json_is_refused) {
  EXPECT_ERROR(scr::input_error, calendar::from_govuk_json("{", "england-and-wales"),
               "not valid JSON");
  EXPECT_ERROR(scr::input_error, calendar::from_govuk_json("", "england-and-wales"),
               "not valid JSON");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(data_file().substr(0, 500), "england-and-wales"),
               "not valid JSON");
  EXPECT_ERROR(scr::input_error, calendar::from_govuk_json("[]", "england-and-wales"),
               "object");
}

TEST(govuk, division_without_an_events_list_is_refused) {
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(R"({"england-and-wales": {"division": "x"}})",
                                         "england-and-wales"),
               "england-and-wales", "events");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(R"({"england-and-wales": {"events": {}}})",
                                         "england-and-wales"),
               "events");
}

TEST(govuk, event_without_a_date_is_refused) {
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "Good Friday", "date": "2022-04-15"},
                                              {"title": "Easter Monday", "notes": ""})"),
                                         "england-and-wales"),
               "event 1", "\"date\"", "england-and-wales");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "Easter Monday", "date": 20220418})"),
                                         "england-and-wales"),
               "event 0", "\"date\"");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"("2022-04-18")"), "england-and-wales"),
               "event 0");
}

TEST(govuk, event_without_a_title_is_refused) {
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"date": "2022-04-18"})"), "england-and-wales"),
               "event 0", "title");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "", "date": "2022-04-18"})"),
                                         "england-and-wales"),
               "event 0", "title");
}

TEST(govuk, non_string_title_or_notes_is_an_input_error_not_a_json_exception) {
  // error.hpp: "Every error libscr throws derives from scr::error"; a file with
  // a wrongly typed field is bad input, like a missing one.
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": 5, "date": "2022-04-18"})"),
                                         "england-and-wales"),
               "event 0", "title");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(
                   doc(R"({"title": "Easter Monday", "date": "2022-04-18", "notes": null})"),
                   "england-and-wales"),
               "event 0");
}

TEST(govuk, bad_date_inside_names_the_event_and_its_title) {
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "Good Friday", "date": "2022-04-15"},
                                              {"title": "Leap day party", "date": "2022-02-29"})"),
                                         "england-and-wales"),
               "event 1", "Leap day party", "2022-02-29", "February 2022 has 28 days");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "Easter Monday", "date": "18/04/2022"})"),
                                         "england-and-wales"),
               "event 0", "Easter Monday", "18/04/2022", "YYYY-MM-DD");
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "Someday", "date": "soon"})"),
                                         "england-and-wales"),
               "event 0", "Someday", "soon");
}

TEST(govuk, empty_events_are_refused) {
  EXPECT_ERROR(scr::input_error, calendar::from_govuk_json(doc(""), "england-and-wales"),
               "england-and-wales", "no holidays");
}

TEST(govuk, duplicate_dates_are_refused_naming_both_titles) {
  EXPECT_ERROR(scr::input_error,
               calendar::from_govuk_json(doc(R"({"title": "Spring bank holiday", "date": "2022-06-02"},
                                              {"title": "Jubilee", "date": "2022-06-02"})"),
                                         "england-and-wales"),
               "2022-06-02", "Spring bank holiday", "Jubilee");
}

// ---------------------------------------------------------------------------
// Names and range

TEST(govuk, substitute_day_notes_become_part_of_the_name) {
  const auto c = calendar::from_govuk_json(
      doc(R"({"title": "Boxing Day", "date": "2022-12-26", "notes": "", "bunting": true},
             {"title": "Christmas Day", "date": "2022-12-27", "notes": "Substitute day", "bunting": true},
             {"title": "Queen’s Diamond Jubilee", "date": "2012-06-05", "notes": "Extra bank holiday"},
             {"title": "Summer bank holiday", "date": "2022-08-29"})"),
      "england-and-wales");
  EXPECT_EQ(c.holiday_name(ymd(2022, 12, 27)), "Christmas Day (substitute day)");
  EXPECT_EQ(c.holiday_name(ymd(2022, 12, 26)), "Boxing Day");
  EXPECT_EQ(c.holiday_name(ymd(2012, 6, 5)), "Queen\u2019s Diamond Jubilee");
  EXPECT_EQ(c.holiday_name(ymd(2022, 8, 29)), "Summer bank holiday");
  // The file's real substitute days too.
  const auto f = calendar::from_govuk_json(data_file(), "england-and-wales");
  EXPECT_EQ(f.holiday_name(ymd(2021, 12, 28)), "Boxing Day (substitute day)");
  EXPECT_EQ(f.holiday_name(ymd(2015, 12, 28)), "Boxing Day (substitute day)");
  EXPECT_EQ(f.holiday_name(ymd(2022, 1, 3)), "New Year\u2019s Day (substitute day)");
}

TEST(govuk, range_is_the_whole_years_of_the_file) {
  const auto f = calendar::from_govuk_json(data_file(), "england-and-wales");
  EXPECT_EQ(f.first(), ymd(2010, 1, 1));
  EXPECT_EQ(f.last(), ymd(2027, 12, 31));
  EXPECT_EQ(f.confirmed_through(), ymd(2027, 12, 31));
  EXPECT_FALSE(f.is_provisional(ymd(2027, 12, 31)));
  const auto s = calendar::from_govuk_json(data_file(), "scotland");
  EXPECT_EQ(s.first(), ymd(2022, 1, 1));
  EXPECT_EQ(s.last(), ymd(2022, 12, 31));
  // Unsorted events spanning three years: 2021-01-01 to 2023-12-31.
  const auto c = calendar::from_govuk_json(
      doc(R"({"title": "B", "date": "2023-07-03"}, {"title": "A", "date": "2021-03-01"},
             {"title": "C", "date": "2022-05-02"})"),
      "england-and-wales");
  EXPECT_EQ(c.first(), ymd(2021, 1, 1));
  EXPECT_EQ(c.last(), ymd(2023, 12, 31));
  EXPECT_EQ(c.confirmed_through(), ymd(2023, 12, 31));
  ASSERT_EQ(c.all_holidays().size(), 3U);
  EXPECT_EQ(c.all_holidays().front().name, "A");
  EXPECT_EQ(c.all_holidays().back().name, "B");
  EXPECT_TRUE(c.is_working_day(ymd(2021, 1, 1)));  // a Friday, not in this list
  EXPECT_TRUE(c.is_working_day(ymd(2023, 12, 29)));
  EXPECT_TRUE(c.holidays(2022).size() == 1U);
}

TEST(govuk, working_day_queries_outside_the_file_throw_range_error) {
  const auto f = calendar::from_govuk_json(data_file(), "england-and-wales");
  EXPECT_ERROR(scr::range_error, f.is_working_day(ymd(2009, 12, 31)), "2009-12-31",
               "England and Wales", "2010-01-01", "2027-12-31");
  EXPECT_ERROR(scr::range_error, f.is_working_day(ymd(2028, 1, 4)), "2028-01-04");
  EXPECT_ERROR(scr::range_error, f.holidays(2028), "2028");
  EXPECT_ERROR(scr::range_error, f.holidays(2009), "2009");
  // Wednesday 29 December 2027: 30, 31 December are the last working days known.
  EXPECT_EQ(f.add_working_days(ymd(2027, 12, 29), 2), ymd(2027, 12, 31));
  EXPECT_ERROR(scr::range_error, f.add_working_days(ymd(2027, 12, 29), 3), "2027-12-29");
  EXPECT_ERROR(scr::range_error, f.due(ymd(2027, 12, 29), scr::timescale::parse("3 working days")),
               "2027-12-29");
  // Calendar days and months do not need the holiday list.
  EXPECT_EQ(f.due(ymd(2027, 12, 29), scr::timescale::parse("1 month")), ymd(2028, 1, 29));
  const auto s = calendar::from_govuk_json(data_file(), "scotland");
  EXPECT_ERROR(scr::range_error, s.add_working_days(ymd(2021, 12, 31), 1), "2021-12-31",
               "Scotland");
}

}  // namespace
