// What the store derives and keeps (docs/store.md, "Snapshots"): a review's
// snapshot every 32 events and each procedure's compiled form. They are
// copies: a write or a load that finds one sound uses it and gets the review
// a full replay gives; one that is stale, altered or moved is never used, and
// verify names it when it is damaged.

#include <gtest/gtest.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "backend_support.hpp"
#include "../../libscr/src/review_state.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

namespace fs = std::filesystem;
using access = scr::detail::review_access;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor manager = as("business_manager", "L. Green", "Solihull LSCB");

struct snapshot_fixture : ::testing::Test {
  fs::path dir;
  std::string path;
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("scr_snapshot_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    // On PostgreSQL (the `postgresql:` run), a schema of its own.
    path = on_postgresql() ? fresh_postgresql_url() : (dir / "reviews.db").string();
  }
  void TearDown() override { fs::remove_all(dir); }

  // The first column of each row of a query, read outside libscr.
  std::vector<std::string> column(const std::string& sql) const { return column_of(path, sql); }
  std::int64_t number(const std::string& sql) const {
    const auto rows = column(sql);
    return rows.empty() ? 0 : std::stoll(rows.front());
  }

  scr::store open() const { return scr::store(path, clock_at(utc(2025, 6, 1, 12))); }

  // Child Q, opened and then held and released `pairs` times: 1 + 2 * pairs events.
  void long_review(scr::store& db, int pairs, const std::string& ref = "Child Q") const {
    const auto p = scr::procedure::builtin("solihull-2011-scr");
    db.open_review(p, ref, london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    scr::instant at = london(2024, 1, 16, 9);
    for (int i = 0; i < pairs; ++i) {
      db.hold(ref, "Criminal proceedings", at, chair);
      at += boost::posix_time::hours(2);
      db.release(ref, at, chair, "Proceedings adjourned");
      at += boost::posix_time::hours(20);
    }
  }

  std::int64_t snapshot_sequence(const std::string& ref = "Child Q") const {
    return number("SELECT sequence FROM snapshots WHERE reference = '" + ref + "'");
  }

  // Replaces `from` by `to` (of the same length) in a blob column, as an
  // editor of the file would.
  void alter_blob(const std::string& table, const std::string& column, const std::string& where,
                  const std::string& from, const std::string& to) const {
    if (on_postgresql()) {
      const std::string f = "convert_to('" + from + "', 'UTF8')";
      ASSERT_EQ(postgresql_tamper(path, "UPDATE " + table + " SET " + column + " = overlay(" + column + " placing " +
                                            "convert_to('" + to + "', 'UTF8') from position(" + f + " in " + column +
                                            ")) WHERE " + where + " AND position(" + f + " in " + column + ") > 0"),
                1)
          << from;
      return;
    }
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    SQLite::Statement q(raw, "SELECT " + column + " FROM " + table + " WHERE " + where);
    ASSERT_TRUE(q.executeStep());
    const auto c = q.getColumn(0);
    std::string bytes(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
    const auto at = bytes.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    bytes.replace(at, from.size(), to);
    q.reset();
    SQLite::Statement u(raw, "UPDATE " + table + " SET " + column + " = ? WHERE " + where);
    u.bind(1, bytes.data(), static_cast<int>(bytes.size()));
    u.exec();
  }

  void tamper(const std::string& sql) const {
    if (on_postgresql()) {
      postgresql_tamper(path, sql);
      return;
    }
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec(sql);
  }

  // The review the store gives against the one a full replay of its history gives.
  static void expect_replay_equal(const scr::review& r) {
    const auto full = scr::review::from_events(r.definition_ptr(), r.calendar(), r.history());
    EXPECT_EQ(access::snapshot(r), access::snapshot(full));
  }
};

TEST_F(snapshot_fixture, a_snapshot_is_taken_every_32_events_with_the_events_it_folds) {
  auto db = open();
  long_review(db, 15);  // 31 events
  EXPECT_EQ(snapshot_sequence(), 0);
  db.hold("Child Q", "Inquest", london(2024, 3, 1, 9), chair);  // 32
  EXPECT_EQ(snapshot_sequence(), 32);
  for (int i = 0; i < 31; ++i) {
    db.release("Child Q", london(2024, 3, 2 + i / 2, 9 + i % 2), chair);
    ++i;
    db.hold("Child Q", "Inquest", london(2024, 3, 2 + i / 2, 9 + i % 2), chair);
  }
  EXPECT_EQ(db.sequence("Child Q"), 64U);
  EXPECT_EQ(snapshot_sequence(), 64);
  EXPECT_TRUE(db.verify("Child Q").ok()) << db.verify("Child Q").message;
}

TEST_F(snapshot_fixture, another_process_takes_the_review_up_from_its_snapshot_and_gets_the_replayed_review) {
  {
    auto db = open();
    long_review(db, 20);  // 41 events: snapshot at 32, nine after it
  }
  ASSERT_EQ(snapshot_sequence(), 32);
  auto db = open();  // nothing cached
  const auto loaded = db.load("Child Q");
  EXPECT_EQ(loaded.size(), 41U);
  expect_replay_equal(loaded);
  // A write from the snapshot: the review is the one a replay gives, the
  // chain and projections verify.
  db.hold("Child Q", "Inquest", london(2024, 4, 1, 9), chair);
  db.release("Child Q", london(2024, 4, 2, 9), chair);
  const auto after = db.load("Child Q");
  EXPECT_EQ(after.size(), 43U);
  expect_replay_equal(after);
  EXPECT_TRUE(db.verify_all().ok());
}

TEST_F(snapshot_fixture, a_load_from_the_snapshot_reads_only_the_events_after_it_and_verify_reads_them_all) {
  {
    auto db = open();
    long_review(db, 20);  // 41 events, snapshot at 32
  }
  // Event 2 deleted outside libscr: the snapshot stands for it, so a load
  // (which reads events 33 to 41) does not see the gap ...
  tamper("DELETE FROM events WHERE reference = 'Child Q' AND sequence = 2");
  auto db = open();
  EXPECT_EQ(db.load("Child Q").size(), 41U);
  // ... and verify, which replays every event, names it.
  const auto v = db.verify("Child Q");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_altered, 2U) << v.message;
}

TEST_F(snapshot_fixture, an_altered_snapshot_is_not_used_and_verify_names_it_and_repair_drops_it) {
  {
    auto db = open();
    long_review(db, 17);  // 35 events
    long_review(db, 2, "Child R");
  }
  // The fold's bytes changed, the seal left as it was.
  alter_blob("snapshots", "state", "reference = 'Child Q'", "solihull-2011-scr", "solihull-2011-scx");
  auto db = open();
  expect_replay_equal(db.load("Child Q"));
  const auto v = db.verify("Child Q");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.message.find("the snapshot of review 'Child Q' (after event 32) is not used: it does not match its seal"),
            std::string::npos)
      << v.message;
  // Repair drops it (a copy; the events stay the record) ...
  const auto repaired = db.repair_projections(manager, "snapshot altered");
  ASSERT_EQ(repaired.repaired.size(), 1U);
  EXPECT_EQ(repaired.repaired.front(), "Child Q");
  EXPECT_EQ(snapshot_sequence(), 0);
  EXPECT_TRUE(db.verify_all().ok()) << db.verify_all().problems.front();
  // ... and the next write, which replays the review, takes a new one.
  db.hold("Child Q", "Inquest", london(2024, 4, 1, 9), chair);
  EXPECT_EQ(snapshot_sequence(), 36);
  expect_replay_equal(db.load("Child Q"));
  EXPECT_TRUE(db.verify_all().ok());
}

TEST_F(snapshot_fixture, a_write_that_finds_an_altered_snapshot_replays_and_replaces_it) {
  {
    auto db = open();
    long_review(db, 17);
  }
  // The events' bodies changed, their hash left as it was.
  alter_blob("snapshot_bodies", "bytes", "reference = 'Child Q'", "Criminal", "Criminax");
  auto db = open();
  db.hold("Child Q", "Inquest", london(2024, 4, 1, 9), chair);
  EXPECT_EQ(snapshot_sequence(), 36);
  expect_replay_equal(db.load("Child Q"));
  EXPECT_TRUE(db.verify_all().ok());
}

// A writer that pushed a review out of those it keeps in full parked it, and
// takes it up from there at its next write: it reads nothing of the review's
// snapshot, so an altered one is neither used nor replaced by that write (a
// write that takes the review up from the file replaces it: above). The
// write is still the review's replay, and verify names the altered copy.
TEST_F(snapshot_fixture, a_write_to_a_parked_review_reads_nothing_of_its_snapshot) {
  {
    auto db = open();
    long_review(db, 17);  // 35 events, a snapshot after 32
  }
  scr::store_options one = clock_at(utc(2025, 6, 1, 12));
  one.cached_reviews = 1;
  scr::store db(path, one);
  db.hold("Child Q", "Inquest", london(2024, 4, 1, 9), chair);  // taken up from the file
  long_review(db, 1, "Child R");                                 // Child Q pushed out: parked
  alter_blob("snapshot_bodies", "bytes", "reference = 'Child Q'", "Criminal", "Criminax");
  db.release("Child Q", london(2024, 4, 2, 9), chair, "Inquest adjourned");
  EXPECT_EQ(snapshot_sequence(), 32) << "the write read the snapshot, so the review was not taken up where it was parked";
  expect_replay_equal(db.load("Child Q"));
  const auto v = db.verify("Child Q");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.message.find("do not match their hash"), std::string::npos) << v.message;
  // Another writer takes the review up from the file, and replaces the copy.
  auto other = open();
  other.hold("Child Q", "Inquest", london(2024, 4, 3, 9), chair);
  EXPECT_EQ(snapshot_sequence(), 38);
  EXPECT_TRUE(other.verify_all().ok());
}

TEST_F(snapshot_fixture, a_snapshot_moved_to_another_review_is_not_used) {
  {
    auto db = open();
    long_review(db, 17);
    long_review(db, 17, "Child R");
  }
  ASSERT_EQ(snapshot_sequence("Child R"), 32);
  // Child R's snapshot replaced by Child Q's (sealed with Q's reference).
  tamper("UPDATE snapshots SET (state, bodies_hash, seal) = (SELECT state, bodies_hash, seal "
         "FROM snapshots WHERE reference = 'Child Q') WHERE reference = 'Child R'; "
         "UPDATE snapshot_bodies SET bytes = (SELECT bytes FROM snapshot_bodies WHERE reference = 'Child Q') "
         "WHERE reference = 'Child R'");
  auto db = open();
  const auto r = db.load("Child R");
  EXPECT_EQ(r.reference(), "Child R");
  expect_replay_equal(r);
  EXPECT_FALSE(db.verify("Child R").ok());
}

TEST_F(snapshot_fixture, a_snapshot_of_another_engine_is_replaced_on_the_next_write_and_is_not_damage) {
  {
    auto db = open();
    long_review(db, 17);
  }
  tamper("UPDATE snapshots SET engine = 'libscr 0.0.1; snapshot 0; procedure 0'");
  auto db = open();
  EXPECT_TRUE(db.verify_all().ok());
  expect_replay_equal(db.load("Child Q"));
  db.hold("Child Q", "Inquest", london(2024, 4, 1, 9), chair);
  EXPECT_NE(column("SELECT engine FROM snapshots").at(0), "libscr 0.0.1; snapshot 0; procedure 0");
  EXPECT_EQ(snapshot_sequence(), 36);
}

TEST_F(snapshot_fixture, a_purge_removes_the_snapshot) {
  {
    auto db = open();
    long_review(db, 17);
    const std::vector<std::uint64_t> first{1};
    db.void_events("Child Q", first, "opened by mistake", london(2024, 5, 1, 9), manager);
    db.purge("Child Q", manager, "opened by mistake");
  }
  EXPECT_EQ(number("SELECT count(*) FROM snapshots"), 0);
}

TEST_F(snapshot_fixture, the_compiled_procedure_is_used_and_an_altered_one_is_not) {
  {
    auto db = open();
    long_review(db, 1);
  }
  EXPECT_EQ(number("SELECT count(*) FROM compiled_procedures"), 1);
  // A title changed in the compiled form (same length, seal kept): not used,
  // the definition is parsed instead, and verify names it.
  alter_blob("compiled_procedures", "form", "1 = 1", "Serious Case Review", "Serious Case Reviex");
  auto db = open();
  const auto r = db.load("Child Q");
  EXPECT_EQ(r.definition().title().find("Reviex"), std::string::npos);
  const auto v = db.verify_all();
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.problems.front().find("the compiled form of procedure 'solihull-2011-scr' version"), std::string::npos)
      << v.problems.front();
}

TEST_F(snapshot_fixture, a_compiled_procedure_of_another_engine_is_compiled_again_on_open) {
  {
    auto db = open();
    long_review(db, 1);
  }
  tamper(on_postgresql() ? "UPDATE compiled_procedures SET engine = 'libscr 0.0.1', form = decode('00', 'hex')"
                         : "UPDATE compiled_procedures SET engine = 'libscr 0.0.1', form = x'00'");
  {
    auto db = open();
    EXPECT_TRUE(db.verify_all().ok());
  }
  EXPECT_NE(column("SELECT engine FROM compiled_procedures").at(0), "libscr 0.0.1");
  EXPECT_GT(number("SELECT length(form) FROM compiled_procedures"), 1000);
}

}  // namespace

namespace {

// A snapshot holds its fold and, apart, its events' bodies. A writer takes a
// long review up from the fold alone and reads only the bodies a write asks
// for (a few dozen at any length); when it takes the next snapshot it keeps
// the bodies the last one held and adds the new events' (a second chunk); a
// load decodes them all; and a snapshot whose bodies were altered is not used.
// With no body in the fold, a writer reads every body it needs from the
// events (the reference from event 1, the time of the last event the
// snapshot folds, ...); one deleted outside libscr stops the write with an
// error naming it, and nothing is written.
TEST_F(snapshot_fixture, a_writer_reads_the_bodies_it_needs_and_a_missing_one_stops_the_write) {
  const scoped_setting few(access::snapshot_bodies_up_to, std::size_t{8});
  const scoped_setting none(access::snapshot_head, std::size_t{0});
  {
    auto db = open();
    long_review(db, 20);  // 41 events, snapshot at 32
  }
  {
    auto db = open();
    EXPECT_EQ(db.hold("Child Q", "Inquest", london(2024, 4, 1, 9), chair), 42U);
  }
  {
    auto db = open();
    expect_replay_equal(db.load("Child Q"));
    EXPECT_TRUE(db.verify_all().ok());
  }
  tamper("DELETE FROM events WHERE reference = 'Child Q' AND sequence = 1");
  auto db = open();
  EXPECT_ERROR(scr::store_error, db.release("Child Q", london(2024, 4, 2, 9), chair),
               "event 1 of review 'Child Q' is missing: it was deleted outside libscr");
  EXPECT_EQ(db.sequence("Child Q"), 42U);
}

// Schema 10 keeps a snapshot's bodies apart: the snapshots of a version 9
// file (one blob each) are dropped, and taken again at the next write.
TEST_F(snapshot_fixture, a_version_9_file_drops_its_snapshots_and_takes_them_again) {
  {
    auto db = open();
    long_review(db, 17);  // 35 events, snapshot at 32
  }
  tamper(back_to_schema_9 +
         "INSERT INTO snapshots VALUES ('Child Q', 32, 'libscr 0.9; snapshot 2; procedure 3', 'x', x'00', 'y')");
  auto db = open();
  {
    SQLite::Database raw(path);
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM snapshots").getInt(), 0);
  }
  expect_replay_equal(db.load("Child Q"));
  EXPECT_TRUE(db.verify_all().ok()) << db.verify_all().problems.front();
  db.hold("Child Q", "Inquest", london(2024, 4, 1, 9), chair);
  EXPECT_EQ(snapshot_sequence(), 36);
  EXPECT_TRUE(open().verify_all().ok());
}

TEST_F(snapshot_fixture, a_long_review_is_taken_up_without_its_events_bodies) {
  const scoped_setting few(access::snapshot_bodies_up_to, std::size_t{8});
  {
    auto db = open();
    long_review(db, 20);  // 41 events, snapshot at 32 with its bodies
  }
  const auto lengths = [this] {
    return std::pair{number("SELECT length(state) FROM snapshots WHERE reference = 'Child Q'"),
                     number("SELECT length(bytes) FROM snapshot_bodies WHERE reference = 'Child Q'")};
  };
  const auto [fold, bodies] = lengths();
  EXPECT_GT(fold, 0);
  EXPECT_GT(bodies, 32 * 20) << "the bodies are kept apart";
  const auto bodies_count = [this] { return number("SELECT bodies_count FROM snapshots WHERE reference = 'Child Q'"); };
  EXPECT_EQ(bodies_count(), 32);
  scr::instant at = london(2024, 4, 1, 9);
  const auto pairs = [&](int n) {
    auto db = open();  // a new writer: the fold alone, bodies read when asked for
    for (int i = 0; i < n; ++i) {
      db.hold("Child Q", "Inquest", at, chair);
      db.release("Child Q", at + boost::posix_time::hours(2), chair);
      at += boost::posix_time::hours(24);
    }
  };
  // To 65 events: the fold taken again at 64, the bodies of 32 kept.
  pairs(12);
  EXPECT_EQ(snapshot_sequence(), 64);
  EXPECT_EQ(bodies_count(), 32);
  {
    auto db = open();
    const auto loaded = db.load("Child Q");  // bodies 1-32 from the snapshot, 33-65 from the events
    ASSERT_EQ(loaded.size(), 65U);
    expect_replay_equal(loaded);
    EXPECT_TRUE(db.verify_all().ok()) << db.verify_all().problems.front();
  }
  // To 97 events: at 96 the bodies lack a third: those of 33-96 added.
  pairs(16);
  EXPECT_EQ(snapshot_sequence(), 96);
  EXPECT_EQ(bodies_count(), 96);
  auto db = open();
  const auto loaded = db.load("Child Q");
  ASSERT_EQ(loaded.size(), 97U);
  expect_replay_equal(loaded);
  EXPECT_EQ(loaded.history()[1].kind, scr::event_kind::held);
  EXPECT_EQ(loaded.history()[1].data.at("reason"), scr::field_value(std::string("Criminal proceedings")));
  EXPECT_EQ(loaded.history()[63].data.at("reason"), scr::field_value(std::string("Inquest")));
  EXPECT_TRUE(db.verify_all().ok()) << db.verify_all().problems.front();
  // The bodies altered, their hash left: a load replays, verify names it.
  alter_blob("snapshot_bodies", "bytes", "reference = 'Child Q'", "Inquest", "Inquesx");
  auto again = open();
  expect_replay_equal(again.load("Child Q"));
  EXPECT_EQ(again.load("Child Q").history()[63].data.at("reason"), scr::field_value(std::string("Inquest")));
  const auto v = again.verify("Child Q");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.message.find("its events' bodies do not match their hash"), std::string::npos) << v.message;
  // An event deleted outside libscr: verify names it.
  tamper("DELETE FROM events WHERE reference = 'Child Q' AND sequence = 2");
  const auto w = open().verify("Child Q");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.first_altered, 2U) << w.message;
}

}  // namespace
