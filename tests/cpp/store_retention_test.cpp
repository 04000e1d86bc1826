// Retention: a closed review is kept for its procedure's retention (7 years by
// default, Solihull's "Retain copies of all papers ... for a period of 7
// years", 001:650) from the day it closed; then it may be purged, leaving a
// tombstone.

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <memory>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

namespace fs = std::filesystem;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor administrator = as("administrator", "J. Lowe", "Solihull LSCB");

// A store whose clock the test sets.
struct clocked_store {
  // After the last event the tests record (29 February 2024): an event may
  // not be dated after the store's clock.
  std::shared_ptr<scr::instant> now = std::make_shared<scr::instant>(utc(2024, 3, 1, 12));
  scr::store db;
  explicit clocked_store(const std::string& path = {}) : db(make(path, now)) {}
  static scr::store make(const std::string& path, std::shared_ptr<scr::instant> now) {
    scr::store_options o;
    o.clock = [now] { return *now; };
    return path.empty() ? test_store(o) : scr::store(path, o);
  }
};

// Child A is held and still open; Child C is decided "not held" on 29
// February 2024, which closes it (001:801).
void two_reviews(scr::store& db, const scr::procedure& p) {
  for (const auto* ref : {"Child A", "Child C"}) {
    db.open_review(p, ref, london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record(ref, "panel_convened", london(2024, 1, 19), chair);
  }
  db.record("Child A", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  db.record("Child A", "decision_made", london(2024, 2, 1), chair,
            {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}});
  db.record("Child C", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("no_review")}});
  db.record("Child C", "decision_made", london(2024, 2, 29, 16), chair,
            {{"outcome", std::string("no_review")}, {"reasons", std::string("criteria not met")}});
}

TEST(store_retention, a_closed_review_is_due_seven_years_after_it_closed) {
  clocked_store s;
  two_reviews(s.db, scr::procedure::builtin("solihull-2011-scr"));
  const auto c = s.db.load("Child C");
  ASSERT_TRUE(c.closed());
  EXPECT_EQ(c.closed_at(), london(2024, 2, 29, 16));
  EXPECT_EQ(s.db.load("Child A").closed_at(), std::nullopt);
  // Seven years from 29 February 2024 is 28 February 2031 (years are twelve
  // months, and the month rule ends on the month's last day).
  EXPECT_TRUE(s.db.retention_due(ymd(2031, 2, 27)).empty());
  const auto due = s.db.retention_due(ymd(2031, 2, 28));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].reference, "Child C");
  EXPECT_EQ(due[0].procedure_id, "solihull-2011-scr");
  EXPECT_EQ(due[0].procedure_version, 4);
  EXPECT_EQ(due[0].opened_at, london(2024, 1, 15, 9));
  EXPECT_EQ(due[0].closed_at, london(2024, 2, 29, 16));
  EXPECT_EQ(due[0].dispose_from, ymd(2031, 2, 28));
  // An open review is never due, however old.
  EXPECT_EQ(s.db.retention_due(ymd(2099, 1, 1)).size(), 1u);
}

TEST(store_retention, the_retention_is_the_procedures) {
  clocked_store s;
  auto text = std::string(scr::procedure::builtin_source("solihull-2011-scr"));
  for (const auto& [from, to] : {std::pair{std::string("retention: 7 years"), std::string("retention: 10 years")},
                                 std::pair{std::string("version: 4"), std::string("version: 5")}}) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }
  two_reviews(s.db, scr::procedure::parse(text, "ten-years.yaml"));
  EXPECT_TRUE(s.db.retention_due(ymd(2034, 2, 27)).empty());
  ASSERT_EQ(s.db.retention_due(ymd(2034, 2, 28)).size(), 1u);
  EXPECT_EQ(s.db.retention_due(ymd(2034, 2, 28))[0].dispose_from, ymd(2034, 2, 28));
}

TEST(store_retention, purge_is_refused_early_and_for_an_open_review) {
  clocked_store s;
  two_reviews(s.db, scr::procedure::builtin("solihull-2011-scr"));
  const auto before = s.db.history("Child C");
  *s.now = london(2031, 2, 27, 23, 59);
  try {
    s.db.purge("Child C", administrator, "retention period ended");
    ADD_FAILURE() << "purged a review inside its retention";
  } catch (const scr::rule_error& e) {
    EXPECT_EQ(e.rule(), "retention");
    EXPECT_NE(std::string(e.what()).find("must be kept until 2031-02-27"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("can be purged from 2031-02-28"), std::string::npos) << e.what();
  }
  *s.now = london(2099, 1, 1);
  // A purge cannot be undone: only the procedure's corrections roles may.
  EXPECT_ERROR(scr::role_error, s.db.purge("Child C", as("made_up_role", "Random Person"), "ended"),
               "role 'made_up_role' may not purge", "administrator, business_manager");
  EXPECT_ERROR(scr::role_error, s.db.purge("Child C", scr::actor{"Random Person", "", ""}, "ended"), "role ''");
  EXPECT_ERROR(scr::role_error, s.db.purge("Child C", chair, "ended"), "role 'lscb_chair' may not purge");
  EXPECT_ERROR(scr::rule_error, s.db.purge("Child A", administrator, "tidying up"), "'Child A' is still open");
  EXPECT_ERROR(scr::input_error, s.db.purge("Child C", administrator, "  "), "reason for the purge is empty");
  EXPECT_ERROR(scr::input_error, s.db.purge("Child C", scr::actor{"", "administrator", ""}, "ended"), "actor's name is empty");
  EXPECT_ERROR(scr::input_error, s.db.purge("Child C", administrator, "bad \xff byte"), "not valid UTF-8");
  EXPECT_ERROR(scr::input_error, s.db.purge("Child Z", administrator, "ended"), "no review 'Child Z'");
  // Nothing changed.
  EXPECT_TRUE(s.db.contains("Child C"));
  EXPECT_EQ(s.db.history("Child C").size(), before.size());
  EXPECT_TRUE(s.db.tombstones().empty());
  EXPECT_TRUE(s.db.verify("Child C").ok());
}

TEST(store_retention, purge_deletes_everything_and_leaves_a_tombstone) {
  const fs::path dir = fs::temp_directory_path() /
                       ("scr_retention_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = store_at((dir / "reviews.db").string());
  std::string last_hash;
  {
    clocked_store s(path);
    two_reviews(s.db, scr::procedure::builtin("solihull-2011-scr"));
    last_hash = s.db.history("Child C").back().hash;
    *s.now = london(2031, 2, 28, 10);
    const auto t = s.db.purge("Child C", administrator, "Retention of 7 years ended (001:650)");
    EXPECT_EQ(t.reference, "Child C");
    EXPECT_EQ(t.events, 4u);
    EXPECT_EQ(t.last_hash, last_hash);
    EXPECT_EQ(t.closed_at, london(2024, 2, 29, 16));
    EXPECT_EQ(t.dispose_from, ymd(2031, 2, 28));
    EXPECT_EQ(t.purged_at, london(2031, 2, 28, 10));
    EXPECT_EQ(t.purged_by, administrator);
    // Gone from every question.
    EXPECT_FALSE(s.db.contains("Child C"));
    EXPECT_ERROR(scr::input_error, s.db.load("Child C"), "no review 'Child C'");
    EXPECT_EQ(s.db.references(), std::vector<std::string>{"Child A"});
    EXPECT_TRUE(s.db.retention_due(ymd(2031, 3, 1)).empty());
    for (const auto& i : s.db.overdue(ymd(2031, 3, 1))) EXPECT_NE(i.reference, "Child C");
    for (const auto& h : s.db.compliance(ymd(2024, 1, 1), ymd(2024, 12, 31))) EXPECT_NE(h.reference, "Child C");
    EXPECT_ERROR(scr::input_error, s.db.purge("Child C", administrator, "again"), "already purged on 2031-02-28",
                 "J. Lowe");
    EXPECT_ERROR(scr::input_error,
                 s.db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child C", london(2031, 3, 1, 9), chair,
                                  {{"incident_at", utc(2031, 2, 27, 22)}}),
                 "'Child C' was purged", "choose another");
    // Child A is untouched.
    EXPECT_TRUE(s.db.verify("Child A").ok());
    EXPECT_EQ(s.db.load("Child A").state(), "scoping");
  }
  {
    // No row of Child C is left in any table; the tombstone survives reopening.
    for (const char* table : {"events", "reviews", "milestone_projection", "obligation_projection",
                              "compliance_projection", "snapshots", "snapshot_bodies"}) {
      EXPECT_EQ(column_of(path, std::string("SELECT count(*) FROM ") + table + " WHERE reference = 'Child C'"),
                std::vector<std::string>{"0"})
          << table;
    }
    scr::store db(path);
    const auto ts = db.tombstones();
    ASSERT_EQ(ts.size(), 1u);
    EXPECT_EQ(ts[0].reference, "Child C");
    EXPECT_EQ(ts[0].reason, "Retention of 7 years ended (001:650)");
    EXPECT_EQ(ts[0].last_hash, last_hash);
    EXPECT_EQ(ts[0].purged_by, administrator);
    EXPECT_EQ(ts[0].opened_at, london(2024, 1, 15, 9));
  }
  fs::remove_all(dir);
}

TEST(store_retention, a_version_2_file_gets_its_retention_dates) {
  const fs::path dir = fs::temp_directory_path() /
                       ("scr_retention_v2_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "reviews.db").string();
  {
    clocked_store s(path);
    two_reviews(s.db, scr::procedure::builtin("solihull-2011-scr"));
  }
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec(back_to_schema_7);
    raw.exec("DROP TABLE warning_projection; DROP INDEX reviews_by_closure; ALTER TABLE reviews DROP COLUMN on_hold; ALTER TABLE reviews DROP COLUMN completion_due; ALTER TABLE reviews DROP COLUMN completion_original; ALTER TABLE reviews DROP COLUMN completion_projected;"
             "DROP TABLE tombstones; DROP INDEX reviews_by_disposal; ALTER TABLE reviews DROP COLUMN closed_at_us;"
             "ALTER TABLE reviews DROP COLUMN dispose_from;"
             "DROP TABLE snapshots; DROP TABLE compiled_procedures; DROP TABLE store_meta; DROP TABLE ledger; DROP INDEX reviews_by_last_event; DROP INDEX reviews_voided;"
             "DROP INDEX reviews_by_projection_end;"
             "ALTER TABLE reviews DROP COLUMN voided;"
             "ALTER TABLE reviews DROP COLUMN last_event_on; ALTER TABLE reviews DROP COLUMN projected_through;"
             "ALTER TABLE events DROP COLUMN corrects;"
             "ALTER TABLE events DROP COLUMN reason; DROP INDEX obligation_open_by_due;"
             "ALTER TABLE obligation_projection DROP COLUMN open_until;"
             "CREATE INDEX obligation_open_by_due ON obligation_projection (due) WHERE discharged_on IS NULL AND waived = 0;"
             "PRAGMA user_version = 2;");
  }
  {
    scr::store db(path);
    const auto due = db.retention_due(ymd(2031, 2, 28));
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].reference, "Child C");
    EXPECT_EQ(due[0].closed_at, london(2024, 2, 29, 16));
    SQLite::Database raw(path);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
    const auto all = db.verify_all();
    EXPECT_TRUE(all.ok()) << all.message;
  }
  fs::remove_all(dir);
}

}  // namespace
