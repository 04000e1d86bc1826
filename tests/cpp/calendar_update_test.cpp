// A new calendar version loaded into a store (rule 11 of docs/deadline-rules.md;
// docs/calendar.md, "A new bank holiday"): every due date it moves, across the
// store's reviews, is reported first (a dry run changes nothing); applied, it
// is kept in the store, every review follows it, and the ledger and verify
// cover it. Each store is on the tests' backend (SQLite, or PostgreSQL in the
// `postgresql:` run).
//
// Worked example: became aware Monday 3 June 2024, the Panel notified Friday
// 7 June; the rapid review is due on the 15th working day after the
// notification, Friday 28 June. Were Monday 17 June 2024 declared a bank
// holiday (as 19 September 2022 was, nine days before), the 15th working day
// would be Monday 1 July.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

namespace fs = std::filesystem;

const scr::actor la{"A. Officer", "local_authority", "Northshire Council"};
const scr::actor partners{"B. Chair", "safeguarding_partners", "Northshire Partnership"};

// gov.uk's file with one more England and Wales holiday: 17 June 2024.
scr::calendar announced() {
  std::ifstream in(std::string(SCR_TEST_DATA_DIR) + "/govuk-bank-holidays-2010-2027.json", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str());
  doc["england-and-wales"]["events"].push_back(
      {{"title", "Day of mourning"}, {"date", "2024-06-17"}, {"notes", ""}, {"bunting", false}});
  return scr::calendar::from_govuk_json(doc.dump(), "england-and-wales");
}

scr::calendar updated() { return scr::calendar::england_and_wales().updated_with(announced(), "2024-06-08"); }

void child_p(scr::store& db, const std::string& reference = "Child P") {
  db.open_review(*pack("england-2023-lcspr"), reference, london(2024, 6, 3), la,
                 {{"became_aware_on", scr::make_date(2024, 6, 3)}});
  db.record(reference, "panel_notified", london(2024, 6, 7), la, {{"notified_on", scr::make_date(2024, 6, 7)}});
}

scr::calendar_update_options applying() {
  scr::calendar_update_options o;
  o.apply = true;
  return o;
}

}  // namespace

TEST(calendar_update, updated_with_keeps_the_rules_outside_the_files_years_and_takes_its_days_inside) {
  const auto ew = scr::calendar::england_and_wales();
  const auto u = updated();
  EXPECT_EQ(u.name(), ew.name());
  EXPECT_EQ(u.version(), "2024-06-08");
  EXPECT_TRUE(ew.is_working_day(scr::make_date(2024, 6, 17)));
  EXPECT_FALSE(u.is_working_day(scr::make_date(2024, 6, 17)));
  EXPECT_EQ(u.holiday_name(scr::make_date(2024, 6, 17)), "Day of mourning");
  // Outside the file's years the built-in rules stay.
  EXPECT_EQ(u.holidays(1995), ew.holidays(1995));
  EXPECT_EQ(u.holidays(2040), ew.holidays(2040));
  EXPECT_EQ(u.due(scr::make_date(2024, 6, 7), scr::timescale::parse("15 working days")), scr::make_date(2024, 7, 1));
  EXPECT_THROW(ew.updated_with(announced(), ew.version()), scr::input_error);
  EXPECT_THROW(ew.updated_with(announced(), ""), scr::input_error);
}

TEST(calendar_update, a_dry_run_reports_the_moved_rapid_review_and_writes_nothing) {
  auto db = test_store(clock_at(london(2024, 6, 10)));
  child_p(db);
  const auto head = db.head().text();
  const auto u = db.update_calendar(updated(), partners, "Day of mourning proclaimed on 8 June 2024");
  EXPECT_TRUE(u.ok());
  EXPECT_FALSE(u.applied);
  EXPECT_EQ(u.name, "england-and-wales");
  EXPECT_EQ(u.to_version, "2024-06-08");
  ASSERT_EQ(u.added.size(), 1u) << u.to_string();
  EXPECT_EQ(u.added[0].day, scr::make_date(2024, 6, 17));
  EXPECT_EQ(u.reviews, 1u);
  ASSERT_EQ(u.moved.size(), 1u);
  EXPECT_EQ(u.moved[0].reference, "Child P");
  bool rapid = false;
  for (const auto& d : u.moved[0].deadlines) {
    if (d.id != "rapid_review") continue;
    rapid = true;
    EXPECT_EQ(d.from, scr::make_date(2024, 6, 28));
    EXPECT_EQ(d.to, scr::make_date(2024, 7, 1));
  }
  EXPECT_TRUE(rapid) << u.to_string();
  EXPECT_NE(u.to_string().find("new holiday: 2024-06-17 Day of mourning"), std::string::npos) << u.to_string();
  EXPECT_NE(u.to_string().find("milestone rapid_review: due 2024-06-28 -> 2024-07-01"), std::string::npos);
  EXPECT_EQ(db.head().text(), head);
  EXPECT_TRUE(db.calendar_versions().empty());
  EXPECT_EQ(row_of(db.load("Child P").timetable(scr::make_date(2024, 6, 10)), "rapid_review").due,
            scr::make_date(2024, 6, 28));
}

TEST(calendar_update, applied_it_is_kept_audited_and_every_later_open_uses_it) {
  const fs::path file = fs::temp_directory_path() / "scr_calendar_update.db";
  fs::remove(file);
  const std::string where = store_at(file.string());
  {
    scr::store db(where, clock_at(london(2024, 6, 10)));
    child_p(db);
    child_p(db, "Child S");
    const auto u = db.update_calendar(updated(), partners, "Day of mourning proclaimed on 8 June 2024", applying());
    EXPECT_TRUE(u.applied);
    EXPECT_EQ(u.moved.size(), 2u);
    const auto ledger = db.ledger();
    ASSERT_GE(ledger.size(), 3u);
    EXPECT_EQ(ledger[ledger.size() - 3].kind, "calendar-version");
    EXPECT_EQ(ledger[ledger.size() - 3].reference, "england-and-wales");
    EXPECT_EQ(ledger.back().kind, "calendar");
    EXPECT_NE(ledger.back().note.find("loaded by B. Chair"), std::string::npos) << ledger.back().note;
    // The projections follow it at once.
    const auto due = db.due_between(scr::make_date(2024, 6, 1), scr::make_date(2024, 7, 31));
    int rapid = 0;
    for (const auto& d : due) {
      if (d.id != "rapid_review") continue;
      ++rapid;
      EXPECT_EQ(d.due, scr::make_date(2024, 7, 1)) << d.reference;
    }
    EXPECT_EQ(rapid, 2);
    EXPECT_TRUE(db.verify_all().ok()) << db.verify_all().message;
    db.record("Child P", "partners_informed", london(2024, 6, 10, 9), la);
    // The same version again is refused.
    EXPECT_THROW(db.update_calendar(updated(), partners, "again", applying()), scr::input_error);
  }
  {
    scr::store db(where, clock_at(london(2024, 6, 11)));
    EXPECT_EQ(db.calendar_named("england-and-wales").version(), "2024-06-08");
    EXPECT_EQ(row_of(db.load("Child S").timetable(scr::make_date(2024, 6, 11)), "rapid_review").due,
              scr::make_date(2024, 7, 1));
    const auto versions = db.calendar_versions();
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_EQ(versions[0].version, "2024-06-08");
    EXPECT_EQ(versions[0].by, partners);
    EXPECT_EQ(versions[0].reason, "Day of mourning proclaimed on 8 June 2024");
    const auto v = db.verify_all();
    EXPECT_TRUE(v.ok()) << v.message;
    // A calendar the store keeps versions of is not replaced in memory.
    EXPECT_THROW(db.add_calendar(scr::calendar::england_and_wales()), scr::input_error);
  }
  {
    // A copy of the store keeps the version, and verifies with the same head.
    const fs::path copy_file = fs::temp_directory_path() / "scr_calendar_update_copy.db";
    fs::remove(copy_file);
    const std::string copy_at = store_at(copy_file.string());
    const auto copied = scr::store::copy(where, copy_at);
    EXPECT_TRUE(copied.to.ok()) << copied.to.message;
    EXPECT_EQ(copied.to.head.text(), copied.from.head.text());
    scr::store db(copy_at, clock_at(london(2024, 6, 11)));
    EXPECT_EQ(db.calendar_named("england-and-wales").version(), "2024-06-08");
    EXPECT_EQ(row_of(db.load("Child P").timetable(scr::make_date(2024, 6, 11)), "rapid_review").due,
              scr::make_date(2024, 7, 1));
    if (!on_postgresql()) fs::remove(copy_file);
  }
  // The version altered outside libscr: found, for the calendar and for each review.
  ASSERT_EQ(tamper_with(where, "UPDATE calendar_versions SET reason = 'x', definition = replace(definition, "
                               "'Day of mourning', 'Day of mournin')"),
            1);
  {
    scr::store db(where, clock_at(london(2024, 6, 11)));
    const auto v = db.verify_all();
    ASSERT_FALSE(v.ok());
    std::string all;
    for (const auto& p : v.problems) all += p + "\n";
    EXPECT_NE(all.find("version 1 of calendar 'england-and-wales' does not match ledger entry"), std::string::npos)
        << all;
    EXPECT_NE(all.find("calendar ('england-and-wales') that review 'Child P' runs under was changed"),
              std::string::npos)
        << all;
  }
  if (!on_postgresql()) fs::remove(file);
}

TEST(calendar_update, only_a_corrections_role_loads_it_and_a_refusal_writes_nothing) {
  auto db = test_store(clock_at(london(2024, 6, 10)));
  child_p(db);
  const auto head = db.head().text();
  EXPECT_THROW(db.update_calendar(updated(), la, "announced", applying()), scr::role_error);
  EXPECT_THROW(db.update_calendar(updated(), partners, " ", applying()), scr::input_error);
  auto other = scr::calendar::custom(scr::weekday_set::saturday_sunday(), {}, "nowhere", "1");
  EXPECT_THROW(db.update_calendar(other, partners, "announced", applying()), scr::input_error);
  EXPECT_EQ(db.head().text(), head);
  EXPECT_TRUE(db.calendar_versions().empty());
  // The store still runs on the calendar it had.
  db.record("Child P", "partners_informed", london(2024, 6, 10, 9), la);
  EXPECT_EQ(row_of(db.load("Child P").timetable(scr::make_date(2024, 6, 10)), "rapid_review").due,
            scr::make_date(2024, 6, 28));
  EXPECT_TRUE(db.verify_all().ok());
}

TEST(calendar_update, a_review_exported_from_a_store_with_a_version_imports_under_the_destinations_calendar) {
  auto src = test_store(clock_at(london(2024, 6, 10)));
  child_p(src);
  src.update_calendar(updated(), partners, "Day of mourning proclaimed on 8 June 2024", applying());
  auto dst = test_store(clock_at(london(2024, 6, 11)));
  dst.import_reviews(src.export_reviews(), partners);
  EXPECT_EQ(row_of(dst.load("Child P").timetable(scr::make_date(2024, 6, 11)), "rapid_review").due,
            scr::make_date(2024, 6, 28));
  EXPECT_TRUE(dst.verify_all().ok());
  // Loaded there too, it moves the same.
  const auto u = dst.update_calendar(updated(), partners, "Day of mourning proclaimed on 8 June 2024", applying());
  ASSERT_EQ(u.moved.size(), 1u);
  EXPECT_TRUE(dst.verify_all().ok());
}

TEST(calendar_update, another_processs_version_is_used_at_once_and_void_and_damaged_reviews_are_handled) {
  const fs::path file = fs::temp_directory_path() / "scr_calendar_update_two.db";
  fs::remove(file);
  const std::string where = store_at(file.string());
  scr::store one(where, clock_at(london(2024, 6, 10)));
  child_p(one);
  // Child V: void, with a rapid review the new version moves.
  child_p(one, "Child V");
  one.void_events("Child V", std::vector<std::uint64_t>{1}, "opened by mistake", london(2024, 6, 8), partners);
  {
    // Another process loads the version, made from the one in use.
    scr::store two(where, clock_at(london(2024, 6, 10)));
    auto o = applying();
    o.expected_version = "not the one in use";
    EXPECT_THROW(two.update_calendar(updated(), partners, "Day of mourning", o), scr::input_error);
    o.expected_version = two.calendar_named("england-and-wales").version();
    EXPECT_TRUE(two.update_calendar(updated(), partners, "Day of mourning proclaimed on 8 June 2024", o).applied);
  }
  // The first process reads, then writes: under the new version, nothing stale kept.
  EXPECT_EQ(row_of(one.load("Child P").timetable(scr::make_date(2024, 6, 10)), "rapid_review").due,
            scr::make_date(2024, 7, 1));
  one.record("Child P", "partners_informed", london(2024, 6, 10, 9), la);
  for (const auto& d : one.due_between(scr::make_date(2024, 6, 1), scr::make_date(2024, 7, 31))) {
    if (d.id == "rapid_review") {
      EXPECT_EQ(d.due, scr::make_date(2024, 7, 1));
    }
  }
  // The void review follows the version too (row, projections, ledger): nothing looks altered.
  const auto v = one.verify_all();
  EXPECT_TRUE(v.ok()) << v.message << (v.problems.empty() ? "" : ": " + v.problems.front());

  // A review whose last event was deleted outside libscr: no version is loaded over it.
  ASSERT_EQ(tamper_with(where, "DELETE FROM events WHERE reference = 'Child P' AND sequence = 3"), 1);
  scr::store three(where, clock_at(london(2024, 6, 11)));
  const auto second = scr::calendar::england_and_wales().updated_with(announced(), "2024-06-09");
  EXPECT_THROW(three.update_calendar(second, partners, "again", applying()), scr::store_error);
  EXPECT_EQ(three.calendar_versions().size(), 1u);
  if (!on_postgresql()) fs::remove(file);
}

TEST(calendar_update, the_state_funeral_of_19_september_2022_moves_an_open_rapid_review_by_a_day) {
  // The bank holiday for the State Funeral of Queen Elizabeth II was
  // proclaimed on 10 September 2022 for Monday 19 September. A rapid review
  // notified on Monday 5 September was due on the 15th working day after:
  // Monday 26 September as the calendar stood before, Tuesday 27 after.
  std::ifstream in(std::string(SCR_TEST_DATA_DIR) + "/govuk-bank-holidays-2010-2027.json", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string after = text.str();
  auto doc = nlohmann::json::parse(after);
  auto& events = doc["england-and-wales"]["events"];
  for (auto it = events.begin(); it != events.end(); ++it) {
    if ((*it)["date"] == "2022-09-19") {
      events.erase(it);
      break;
    }
  }
  const auto ew = scr::calendar::england_and_wales();
  const auto before = ew.updated_with(scr::calendar::from_govuk_json(doc.dump(), "england-and-wales"), "2022-09-01");
  ASSERT_TRUE(before.is_working_day(scr::make_date(2022, 9, 19)));

  auto db = test_store(clock_at(london(2022, 9, 12)));
  db.update_calendar(before, partners, "the calendar as it stood on 1 September 2022", applying());
  db.open_review(*pack("england-2023-lcspr"), "Child F", london(2022, 9, 1), la,
                 {{"became_aware_on", scr::make_date(2022, 9, 1)}});
  db.record("Child F", "panel_notified", london(2022, 9, 5), la, {{"notified_on", scr::make_date(2022, 9, 5)}});
  EXPECT_EQ(row_of(db.load("Child F").timetable(scr::make_date(2022, 9, 12)), "rapid_review").due,
            scr::make_date(2022, 9, 26));

  const auto proclaimed = db.calendar_named("england-and-wales")
                              .updated_with(scr::calendar::from_govuk_json(after, "england-and-wales"), "2022-09-10");
  const auto u = db.update_calendar(proclaimed, partners, "State Funeral bank holiday proclaimed 10 September 2022",
                                    applying());
  ASSERT_EQ(u.added.size(), 1u);
  EXPECT_EQ(u.added[0].day, scr::make_date(2022, 9, 19));
  ASSERT_EQ(u.moved.size(), 1u);
  const auto& rapid = u.moved[0].deadlines.front();
  EXPECT_EQ(rapid.id, "rapid_review");
  EXPECT_EQ(rapid.from, scr::make_date(2022, 9, 26));
  EXPECT_EQ(rapid.to, scr::make_date(2022, 9, 27));
  EXPECT_EQ(row_of(db.load("Child F").timetable(scr::make_date(2022, 9, 12)), "rapid_review").due,
            scr::make_date(2022, 9, 27));
  EXPECT_EQ(db.calendar_versions().size(), 2u);
  EXPECT_TRUE(db.verify_all().ok());
}
