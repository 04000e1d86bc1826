// Migrating open reviews to a new procedure version (docs/migrating-reviews.md):
// the history is read again under the new version, every deadline that moves
// is reported first (a dry run changes nothing), events and states the new
// version lacks stop it, and an applied migration is a `migrated` event in the
// review's chain that verify, the ledger and an export follow. The store tests
// run on the tests' backend (SQLite, or PostgreSQL in the `postgresql:` run).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/migration.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

namespace fs = std::filesystem;

const scr::actor la{"A. Officer", "local_authority", "Northshire Council"};
const scr::actor partners{"B. Chair", "safeguarding_partners", "Northshire Partnership"};

std::shared_ptr<const scr::procedure> national() { return pack("england-2023-lcspr"); }

// The board's overlay: the rapid review counted from the day the local
// authority became aware (examples/overlays).
std::shared_ptr<const scr::procedure> from_awareness() {
  return std::make_shared<const scr::procedure>(scr::procedure::load(
      (fs::path(SCR_TEST_DATA_DIR) / ".." / ".." / "examples" / "overlays" / "rapid-review-from-awareness.yaml")
          .string()));
}

// The national pack with one state renamed, as a revised version would.
std::shared_ptr<const scr::procedure> renamed(const std::string& to_name = "reviewer_being_commissioned") {
  std::string text(scr::procedure::builtin_source("england-2023-lcspr"));
  for (auto at = text.find("lcspr_commissioning"); at != std::string::npos;
       at = text.find("lcspr_commissioning", at + to_name.size())) {
    text.replace(at, std::string("lcspr_commissioning").size(), to_name);
  }
  const auto id = text.find("id: england-2023-lcspr");
  text.replace(id, std::string("id: england-2023-lcspr").size(), "id: northshire-lcspr");
  const auto version = text.find("version: 3");
  text.replace(version, std::string("version: 3").size(), "version: 2");
  return std::make_shared<const scr::procedure>(scr::procedure::parse(text, "renamed.yaml"));
}

// The national pack without the partners_informed step (and the duty it discharges).
std::shared_ptr<const scr::procedure> without_informing() {
  return std::make_shared<const scr::procedure>(scr::procedure::parse(R"yaml(extends: {id: england-2023-lcspr, version: 3}
procedure: {id: northshire-lcspr, version: 5}
remove:
  transitions: [{event: partners_informed}]
  events: [partners_informed]
  obligations: [report_to_partners]
)yaml",
                                                                      "without.yaml"));
}

// Became aware Monday 3 June 2024, notified Friday 7 June.
void child_p(scr::store& db, const std::string& reference = "Child P") {
  db.open_review(*national(), reference, london(2024, 6, 3), la, {{"became_aware_on", scr::make_date(2024, 6, 3)}});
  db.record(reference, "panel_notified", london(2024, 6, 7), la, {{"notified_on", scr::make_date(2024, 6, 7)}});
}

const scr::deadline_change* change_of(const scr::migration_report& m, const std::string& id) {
  for (const auto& d : m.deadlines)
    if (d.id == id) return &d;
  return nullptr;
}

}  // namespace

TEST(migration, a_dry_run_reports_every_moved_deadline_and_writes_nothing) {
  auto db = test_store(clock_at(london(2024, 6, 10)));
  child_p(db);
  const auto head = db.head();
  const auto reports = db.migrate({"Child P"}, *from_awareness(), partners, "the board's revised procedure");
  ASSERT_EQ(reports.size(), 1u);
  const auto& m = reports.front();
  EXPECT_TRUE(m.ok()) << m.to_string();
  EXPECT_FALSE(m.applied);
  EXPECT_EQ(m.from_id, "england-2023-lcspr");
  EXPECT_EQ(m.to_id, "northshire-lcspr");
  EXPECT_EQ(m.as_of, scr::make_date(2024, 6, 10));
  const auto* rapid = change_of(m, "rapid_review");
  ASSERT_NE(rapid, nullptr) << m.to_string();
  EXPECT_EQ(rapid->from, scr::make_date(2024, 6, 28));
  EXPECT_EQ(rapid->to, scr::make_date(2024, 6, 24));
  const auto* six = change_of(m, "lcspr_completed");
  ASSERT_NE(six, nullptr);
  EXPECT_EQ(six->to, scr::make_date(2024, 12, 24));
  EXPECT_NE(m.to_string().find("milestone rapid_review: due 2024-06-28 -> 2024-06-24"), std::string::npos)
      << m.to_string();
  // Nothing written: the head, the pin and the timetable as they were.
  EXPECT_EQ(db.head().text(), head.text());
  EXPECT_EQ(db.load("Child P").definition().id(), "england-2023-lcspr");
  EXPECT_EQ(db.sequence("Child P"), 2u);
}

TEST(migration, applied_it_is_an_event_in_the_chain_and_every_deadline_follows_the_new_version) {
  const std::string where = store_at((fs::temp_directory_path() / "scr_migration_apply.db").string());
  fs::remove(fs::temp_directory_path() / "scr_migration_apply.db");
  {
    scr::store db(where, clock_at(london(2024, 6, 10)));
    child_p(db);
    child_p(db, "Child S");
    scr::migration_options apply;
    apply.apply = true;
    const auto reports =
        db.migrate({"Child P", "Child S"}, *from_awareness(), partners, "the board's revised procedure", apply);
    ASSERT_EQ(reports.size(), 2u);
    for (const auto& m : reports) {
      EXPECT_TRUE(m.applied);
      EXPECT_EQ(m.sequence, 3u);
    }
    const auto history = db.history("Child P");
    ASSERT_EQ(history.size(), 3u);
    const auto& e = history.back().event;
    EXPECT_EQ(e.kind, scr::event_kind::migrated);
    EXPECT_EQ(std::get<std::string>(e.data.at("from")), "england-2023-lcspr@3");
    EXPECT_EQ(std::get<std::string>(e.data.at("to")), "northshire-lcspr@1");
    EXPECT_EQ(e.reason, "the board's revised procedure");
    EXPECT_EQ(e.by, partners);
    // The ledger names it, and the store's questions follow the new rule.
    const auto ledger = db.ledger();
    EXPECT_EQ(ledger.back().kind, "migrated");
    EXPECT_NE(ledger.back().note.find("to northshire-lcspr@1 by B. Chair"), std::string::npos) << ledger.back().note;
    const auto due = db.due_between(scr::make_date(2024, 6, 20), scr::make_date(2024, 6, 30));
    ASSERT_FALSE(due.empty());
    for (const auto& d : due) {
      if (d.id == "rapid_review") {
        EXPECT_EQ(d.due, scr::make_date(2024, 6, 24)) << d.reference;
      }
    }
    // Writes go on under the new version.
    db.record("Child P", "partners_informed", london(2024, 6, 10, 9), la);
    EXPECT_TRUE(db.verify("Child P").ok()) << db.verify("Child P").message;
    EXPECT_TRUE(db.verify_all().ok());
  }
  {
    // Another process: no cache, no snapshot.
    scr::store db(where, clock_at(london(2024, 6, 11)));
    const auto r = db.load("Child P");
    EXPECT_EQ(r.definition().id(), "northshire-lcspr");
    EXPECT_EQ(row_of(r.timetable(scr::make_date(2024, 6, 11)), "rapid_review").due, scr::make_date(2024, 6, 24));
    EXPECT_EQ(r.size(), 4u);
    EXPECT_EQ(r.effective().size(), 3u);  // the migration is not a step
    EXPECT_TRUE(db.open_under("england-2023-lcspr", 3).empty());
    EXPECT_EQ(db.open_under("northshire-lcspr", 1), (std::vector<std::string>{"Child P", "Child S"}));
    // A migrated event is not appended by hand: only migrate() pins a version.
    scr::review_event forged = db.history("Child P").at(2).event;
    forged.at = london(2024, 6, 11, 9);
    EXPECT_THROW(db.append("Child P", db.sequence("Child P"), std::vector<scr::review_event>{forged}),
                 scr::input_error);
    // Migrated again, it is refused: it is already there.
    scr::migration_options apply;
    apply.apply = true;
    EXPECT_THROW(db.migrate({"Child P"}, *from_awareness(), partners, "again", apply), scr::rule_error);
  }
  if (!on_postgresql()) fs::remove(fs::temp_directory_path() / "scr_migration_apply.db");
}

TEST(migration, an_event_the_new_version_does_not_accept_is_named_and_nothing_is_moved) {
  auto db = test_store(clock_at(london(2024, 6, 10)));
  child_p(db);
  db.record("Child P", "partners_informed", london(2024, 6, 7, 11), la);
  child_p(db, "Child S");
  const auto head = db.head();
  const auto dry = db.migrate({"Child P", "Child S"}, *without_informing(), partners, "revised");
  ASSERT_EQ(dry[0].refused.size(), 1u);
  EXPECT_EQ(dry[0].refused[0].sequence, 3u);
  EXPECT_NE(dry[0].refused[0].message.find("partners_informed"), std::string::npos) << dry[0].refused[0].message;
  EXPECT_FALSE(dry[0].ok());
  EXPECT_TRUE(dry[1].ok()) << dry[1].to_string();
  scr::migration_options apply;
  apply.apply = true;
  try {
    db.migrate({"Child P", "Child S"}, *without_informing(), partners, "revised", apply);
    FAIL() << "migrated";
  } catch (const scr::rule_error& e) {
    EXPECT_EQ(e.rule(), "migration");
    EXPECT_NE(std::string(e.what()).find("event 3"), std::string::npos) << e.what();
  }
  // All or none: Child S, which could move, did not.
  EXPECT_EQ(db.head().text(), head.text());
  EXPECT_EQ(db.load("Child S").definition().id(), "england-2023-lcspr");
  EXPECT_EQ(db.sequence("Child S"), 2u);
  EXPECT_TRUE(db.verify_all().ok());
}

TEST(migration, a_state_the_new_version_renamed_needs_a_mapping_the_history_agrees_with) {
  auto db = test_store(clock_at(london(2024, 6, 21)));
  child_p(db);
  db.record("Child P", "decision_made", london(2024, 6, 20), partners, {{"outcome", std::string("lcspr")}});
  const auto v2 = renamed();
  scr::migration_options apply;
  apply.apply = true;

  // No mapping: the state that is gone is named, with the state the history gives.
  auto m = db.migrate({"Child P"}, *v2, partners, "renamed").front();
  ASSERT_FALSE(m.ok());
  ASSERT_FALSE(m.states.empty());
  EXPECT_EQ(m.states[0].from, "lcspr_commissioning");
  EXPECT_EQ(m.states[0].to, "reviewer_being_commissioned");
  EXPECT_TRUE(m.states[0].gone);
  EXPECT_NE(m.problems[0].find("--state lcspr_commissioning=reviewer_being_commissioned"), std::string::npos)
      << m.problems[0];
  EXPECT_THROW(db.migrate({"Child P"}, *v2, partners, "renamed", apply), scr::rule_error);

  // A mapping the history contradicts is refused too.
  scr::migration_options wrong = apply;
  wrong.states = {{"lcspr_commissioning", "lcspr_in_progress"}};
  try {
    db.migrate({"Child P"}, *v2, partners, "renamed", wrong);
    FAIL() << "migrated";
  } catch (const scr::rule_error& e) {
    EXPECT_NE(std::string(e.what()).find("leaves it in 'reviewer_being_commissioned'"), std::string::npos)
        << e.what();
  }
  // A mapping naming a state neither version has is an input error.
  scr::migration_options unknown = apply;
  unknown.states = {{"lcspr_comissioning", "reviewer_being_commissioned"}};
  try {
    db.migrate({"Child P"}, *v2, partners, "renamed", unknown);
    FAIL() << "migrated";
  } catch (const scr::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'lcspr_commissioning'?"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db.sequence("Child P"), 3u);

  // The mapping the history agrees with: moved, and the mapping kept in the event.
  scr::migration_options right = apply;
  right.states = {{"lcspr_commissioning", "reviewer_being_commissioned"}};
  m = db.migrate({"Child P"}, *v2, partners, "renamed", right).front();
  EXPECT_TRUE(m.applied) << m.to_string();
  EXPECT_EQ(db.load("Child P").state(), "reviewer_being_commissioned");
  const auto e = db.history("Child P").back().event;
  EXPECT_EQ(std::get<std::string>(e.data.at("state lcspr_commissioning")), "reviewer_being_commissioned");
  EXPECT_TRUE(db.verify("Child P").ok());
}

TEST(migration, only_a_corrections_role_of_both_versions_migrates_and_closed_reviews_stay) {
  auto db = test_store(clock_at(london(2024, 6, 10)));
  child_p(db);
  scr::migration_options apply;
  apply.apply = true;
  EXPECT_THROW(db.migrate({"Child P"}, *from_awareness(), la, "not mine", apply), scr::role_error);
  EXPECT_THROW(db.migrate({"Child P"}, *from_awareness(), partners, "", apply), scr::input_error);
  EXPECT_THROW(db.migrate({"Child Q"}, *from_awareness(), partners, "no such review", apply), scr::input_error);
  EXPECT_THROW(db.migrate({"Child P", "Child P"}, *from_awareness(), partners, "twice", apply), scr::input_error);
  EXPECT_EQ(db.sequence("Child P"), 2u);

  db.open_review(*national(), "Child N", london(2024, 6, 3), la, {{"became_aware_on", scr::make_date(2024, 6, 3)}});
  db.record("Child N", "notification_not_required", london(2024, 6, 4), la,
            {{"reason", std::string("not a serious incident")}});
  const auto m = db.migrate({"Child N"}, *from_awareness(), partners, "revised").front();
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.problems[0].find("is closed"), std::string::npos) << m.problems[0];
}

TEST(migration, verify_finds_a_pin_changed_back_outside_libscr) {
  const std::string where = store_at((fs::temp_directory_path() / "scr_migration_verify.db").string());
  fs::remove(fs::temp_directory_path() / "scr_migration_verify.db");
  {
    scr::store db(where, clock_at(london(2024, 6, 10)));
    child_p(db);
    scr::migration_options apply;
    apply.apply = true;
    db.migrate({"Child P"}, *from_awareness(), partners, "revised", apply);
    ASSERT_TRUE(db.verify("Child P").ok());
  }
  ASSERT_EQ(tamper_with(where, "UPDATE reviews SET procedure_id = 'england-2023-lcspr', procedure_version = 3 "
                               "WHERE reference = 'Child P'"),
            1);
  scr::store db(where, clock_at(london(2024, 6, 10)));
  const auto v = db.verify("Child P");
  ASSERT_FALSE(v.ok());
  std::string all;
  for (const auto& p : v.problems) all += p + "\n";
  EXPECT_NE(all.find("its last migration (event 3) moved it to 'northshire-lcspr@1'"), std::string::npos) << all;
  if (!on_postgresql()) fs::remove(fs::temp_directory_path() / "scr_migration_verify.db");
}

TEST(migration, an_export_carries_the_migration_and_an_import_keeps_it) {
  auto src = test_store(clock_at(london(2024, 6, 10)));
  child_p(src);
  scr::migration_options apply;
  apply.apply = true;
  src.migrate({"Child P"}, *from_awareness(), partners, "revised", apply);
  const std::string document = src.export_reviews();
  auto dst = test_store(clock_at(london(2024, 6, 11)));
  dst.import_reviews(document, partners);
  const auto r = dst.load("Child P");
  EXPECT_EQ(r.definition().id(), "northshire-lcspr");
  EXPECT_EQ(r.history().back().kind, scr::event_kind::migrated);
  EXPECT_EQ(row_of(r.timetable(scr::make_date(2024, 6, 11)), "rapid_review").due, scr::make_date(2024, 6, 24));
  EXPECT_TRUE(dst.verify_all().ok());
}

TEST(migration, the_engine_keeps_a_migration_in_the_history_and_out_of_the_fold) {
  auto r = scr::review::open(national(), scr::calendar::england_and_wales(), "Child P", london(2024, 6, 3), la,
                             {{"became_aware_on", scr::make_date(2024, 6, 3)}});
  r.record("panel_notified", london(2024, 6, 7), la, {{"notified_on", scr::make_date(2024, 6, 7)}});
  const auto moved = scr::migrate(r, from_awareness(), {}, london(2024, 6, 10), partners, "revised");
  EXPECT_EQ(moved.size(), 3u);
  EXPECT_EQ(moved.effective().size(), 2u);
  EXPECT_EQ(row_of(moved.timetable(scr::make_date(2024, 6, 10)), "rapid_review").due, scr::make_date(2024, 6, 24));
  // Replayed, the history gives the same review.
  const auto again = scr::review::from_events(from_awareness(), moved.calendar(), moved.history());
  EXPECT_EQ(again.history(), moved.history());
  // A migration is not corrected, and a migrated event must name the version it is read under.
  auto copy = moved;
  EXPECT_THROW(copy.void_events(std::vector<std::uint64_t>{3}, "undo", london(2024, 6, 11), partners),
               scr::rule_error);
  scr::review_event wrong = moved.history().back();
  wrong.data["to"] = std::string("england-2023-lcspr@3");
  wrong.at = london(2024, 6, 12);
  EXPECT_THROW(copy.apply(wrong), scr::data_error);
  // Before the last event: refused.
  EXPECT_THROW(scr::migrate(r, from_awareness(), {}, london(2024, 6, 6), partners, "revised"), scr::input_error);
}
