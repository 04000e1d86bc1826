// The SQLite event store: reviews survive reopening, refusals write nothing,
// stale appends are refused, the hash chain finds alterations, and bad files
// give clear errors.

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

namespace fs = std::filesystem;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");

// A file in a fresh directory of the test's own.
struct temp_file {
  fs::path dir, path;
  explicit temp_file(const std::string& name) {
    dir = fs::temp_directory_path() / ("scr_store_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                       "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / name;
  }
  ~temp_file() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

scr::store_options fixed_clock() {
  scr::store_options o;
  o.clock = [] { return utc(2025, 1, 1, 12); };  // after every event the tests record
  return o;
}

void open_child_q(scr::store& db) {
  db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child Q", london(2024, 1, 15, 9), chair,
                 {{"incident_at", utc(2024, 1, 13, 22, 0, 0) + boost::posix_time::microseconds(123456)},
                  {"referring_agency", std::string("Police")}});
}

TEST(store, a_review_is_stored_and_rebuilt_the_same) {
  auto db = test_store(fixed_clock());
  open_child_q(db);
  EXPECT_EQ(db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}}), 2u);
  EXPECT_EQ(db.record("Child Q", "panel_convened", london(2024, 1, 19), chair), 3u);
  const auto r = db.load("Child Q");
  EXPECT_EQ(r.state(), "panel_considering");
  ASSERT_EQ(r.size(), 3u);
  // Every value keeps its type and precision (an instant to the microsecond).
  EXPECT_EQ(std::get<scr::instant>(r.history()[0].data.at("incident_at")),
            utc(2024, 1, 13, 22) + boost::posix_time::microseconds(123456));
  EXPECT_EQ(r.history()[1].data.at("agency"), scr::field_value(std::string("Police")));
  // The same review as one built in memory from the same commands.
  auto mem = scr::review::open(pack("solihull-2011-scr"), ew(), "Child Q", london(2024, 1, 15, 9), chair,
                               r.history()[0].data);
  mem.record("agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
  mem.record("panel_convened", london(2024, 1, 19), chair);
  EXPECT_EQ(mem.history(), r.history());
  EXPECT_EQ(db.sequence("Child Q"), 3u);
  EXPECT_EQ(db.references(), std::vector<std::string>{"Child Q"});
  const auto h = db.history("Child Q");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[2].sequence, 3u);
  EXPECT_EQ(h[2].event.by, chair);
  EXPECT_EQ(h[2].recorded_at, utc(2025, 1, 1, 12));
  EXPECT_EQ(h[1].hash, h[2].previous_hash);
  EXPECT_EQ(h[0].previous_hash, "");
  EXPECT_EQ(h[2].hash.size(), 64u);
}

TEST(store, reviews_survive_reopening_the_file) {
  temp_file f("reviews.db");
  const std::string name = store_at(f.path.string());
  {
    scr::store db(name);
    open_child_q(db);
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
  }
  scr::store again(name);
  EXPECT_TRUE(again.contains("Child Q"));
  EXPECT_FALSE(again.contains("Child R"));
  EXPECT_EQ(again.load("Child Q").state(), "panel_considering");
  EXPECT_TRUE(again.verify("Child Q").ok());
  EXPECT_EQ(again.verify("Child Q").message, "2 events, hash chain intact, ledger and projections agree");
  // WAL mode, as the store promises.
  if (on_postgresql()) return;
  SQLite::Database raw(f.path.string());
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

// Each store keeps the reviews it wrote last in memory; a write by another
// store (or process) to the same file must never be lost to that cache.
TEST(store, two_stores_on_one_file_each_see_the_others_writes) {
  temp_file f("reviews.db");
  const std::string name = store_at(f.path.string());
  scr::store a(name), b(name);
  open_child_q(a);
  b.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
  // A's cached Child Q is one event behind: A rebuilds it and follows B.
  EXPECT_EQ(a.record("Child Q", "panel_convened", london(2024, 1, 19), chair), 3u);
  EXPECT_ERROR(scr::concurrency_error, b.append("Child Q", 2, {}), "is at event 3, not 2");
  EXPECT_EQ(b.record("Child Q", "panel_recommended", london(2024, 1, 29), chair,
                     {{"recommendation", std::string("scr")}}),
            4u);
  // A refusal through A's cache leaves it able to write what is allowed.
  EXPECT_ERROR(scr::transition_error, a.record("Child Q", "panel_convened", london(2024, 1, 30), chair),
               "is not allowed");
  EXPECT_EQ(a.record("Child Q", "decision_made", london(2024, 2, 1), chair,
                     {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}}),
            5u);
  for (auto* db : {&a, &b}) {
    const auto h = db->history("Child Q");
    ASSERT_EQ(h.size(), 5u);
    EXPECT_EQ(h[1].event.name, "agency_letter_sent");
    EXPECT_EQ(h[4].event.name, "decision_made");
    EXPECT_TRUE(db->verify("Child Q").ok()) << db->verify("Child Q").message;
    EXPECT_EQ(db->load("Child Q").state(), "scoping");
  }
  // The projections written through the caches are what the review gives:
  // the decision is met, so it is not overdue; its notice is.
  bool decision = false, notice = false;
  for (const auto& i : b.overdue(ymd(2024, 3, 1))) {
    decision = decision || i.id == "decision";
    notice = notice || i.id == "decision_notice";
  }
  EXPECT_FALSE(decision);
  EXPECT_TRUE(notice);
  const auto c = a.compliance(ymd(2024, 1, 1), ymd(2024, 1, 31));
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].headline, "completion");
  EXPECT_EQ(c[1].completed_on, ymd(2024, 2, 1));
}

// The `postgresql:` run of these tests is on PostgreSQL, the others on SQLite.
TEST(store, runs_on_the_backend_asked_for) {
  EXPECT_EQ(scr::store::is_url(test_store().path()), on_postgresql());
}

TEST(store, a_refused_event_writes_nothing) {
  auto db = test_store();
  open_child_q(db);
  EXPECT_ERROR(scr::transition_error,
               db.record("Child Q", "decision_made", london(2024, 1, 16), chair,
                         {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}}),
               "is not allowed while the review is in state 'considering'");
  EXPECT_ERROR(scr::data_error, db.record("Child Q", "agency_letter_sent", london(2024, 1, 16), chair, {}),
               "needs field 'agency'");
  EXPECT_EQ(db.sequence("Child Q"), 1u);
  EXPECT_EQ(db.history("Child Q").size(), 1u);
  EXPECT_ERROR(scr::input_error, db.record("Child R", "panel_convened", london(2024, 1, 16), chair),
               "no review 'Child R'");
}

TEST(store, a_stale_append_is_refused_and_writes_nothing) {
  auto db = test_store();
  open_child_q(db);
  scr::review_event e;
  e.kind = scr::event_kind::recorded;
  e.name = "panel_convened";
  e.at = london(2024, 1, 19);
  e.by = chair;
  EXPECT_EQ(db.append("Child Q", 1, std::vector<scr::review_event>{e}), 2u);
  try {
    db.append("Child Q", 1, std::vector<scr::review_event>{e});
    ADD_FAILURE() << "a stale append was accepted";
  } catch (const scr::concurrency_error& x) {
    EXPECT_EQ(x.expected(), 1u);
    EXPECT_EQ(x.actual(), 2u);
    EXPECT_NE(std::string(x.what()).find("someone else wrote first"), std::string::npos) << x.what();
  }
  EXPECT_EQ(db.sequence("Child Q"), 2u);
}

TEST(store, a_reference_is_taken_once) {
  auto db = test_store();
  open_child_q(db);
  EXPECT_ERROR(scr::input_error, open_child_q(db), "review 'Child Q' already exists");
}

TEST(store, quotes_and_sql_in_text_are_kept_verbatim) {
  auto db = test_store();
  const std::string reference = "Child 'Q'; DROP TABLE events; --";
  const scr::actor odd{"O'Brien \"the chair\"", "lscb_chair", "Agency'); DELETE FROM reviews; --"};
  db.open_review(scr::procedure::builtin("solihull-2011-scr"), reference, london(2024, 1, 15, 9), odd,
                 {{"incident_at", utc(2024, 1, 13, 22)}, {"referring_agency", std::string("Ünïcødé ✓ 'x'")}});
  const auto r = db.load(reference);
  EXPECT_EQ(r.reference(), reference);
  EXPECT_EQ(r.history()[0].by, odd);
  EXPECT_EQ(r.history()[0].data.at("referring_agency"), scr::field_value(std::string("Ünïcødé ✓ 'x'")));
  // Bytes that are not UTF-8 are refused by the engine before anything is written.
  EXPECT_ERROR(scr::input_error,
               db.record(reference, "panel_convened", london(2024, 1, 19), scr::actor{"Bad \xff name", "lscb_chair", ""}),
               "is not valid UTF-8");
  EXPECT_EQ(db.sequence(reference), 1u);
}

TEST(store, an_altered_event_is_found_by_the_hash_chain) {
  temp_file f("reviews.db");
  const std::string name = store_at(f.path.string());
  {
    scr::store db(name);
    open_child_q(db);
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
  }
  tamper_with(name, "UPDATE events SET payload = '{\"agency\":\"Health\"}' WHERE sequence = 2");
  scr::store db(name);
  const auto v = db.verify("Child Q");
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_altered, 2u);
  EXPECT_NE(v.message.find("event 2 of review 'Child Q'"), std::string::npos) << v.message;
  tamper_with(name, with_actor_name("Child Q", 3, "Someone else"));
  tamper_with(name, "UPDATE events SET payload = '{\"agency\":\"Police\"}' WHERE sequence = 2");
  EXPECT_EQ(db.verify("Child Q").first_altered, 3u);
}

// A schema version this libscr does not know, newer or one no libscr writes:
// refused, and the file left as it was.
TEST(store, a_newer_or_impossible_schema_is_refused_and_not_written) {
  for (const auto& [version, says] : {std::pair{99, "newer than this libscr knows"}, std::pair{-1, "not a libscr store"}}) {
    temp_file f("reviews.db");
    { scr::store db(f.path.string()); }
    {
      SQLite::Database raw(f.path.string(), SQLite::OPEN_READWRITE);
      raw.exec("PRAGMA user_version = " + std::to_string(version));
    }
    EXPECT_ERROR(scr::store_error, scr::store(f.path.string()), "schema version " + std::to_string(version), says);
    SQLite::Database raw(f.path.string());
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), version);
  }
  EXPECT_EQ(scr::store::schema_version(), 13);
}

TEST(store, a_file_that_is_not_a_store_gives_a_clear_error) {
  temp_file f("notes.db");
  {
    std::ofstream out(f.path, std::ios::binary);
    out << "These are meeting notes, not a database.\n";
    for (int i = 0; i < 100; ++i) out << "line " << i << '\n';
  }
  EXPECT_ERROR(scr::store_error, scr::store(f.path.string()), f.path.filename().string(), "not a database");

  temp_file g("other.db");
  {
    SQLite::Database raw(g.path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE contacts (name TEXT)");
  }
  EXPECT_ERROR(scr::store_error, scr::store(g.path.string()), "not a libscr store");
}

TEST(store, a_truncated_file_gives_a_clear_error) {
  temp_file f("reviews.db");
  {
    scr::store db(f.path.string());
    for (int i = 0; i < 20; ++i) {
      db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child " + std::to_string(i),
                     london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    }
  }
  fs::remove(f.path.string() + "-wal");
  fs::remove(f.path.string() + "-shm");
  fs::resize_file(f.path, fs::file_size(f.path) / 3);
  try {
    scr::store db(f.path.string());
    for (const auto& ref : db.references()) (void)db.load(ref);
    ADD_FAILURE() << "a truncated file opened and loaded every review";
  } catch (const scr::store_error& e) {
    EXPECT_NE(std::string(e.what()).find("reviews.db"), std::string::npos) << e.what();
  }
}

TEST(store, a_procedure_version_is_pinned) {
  auto db = test_store();
  open_child_q(db);
  // The same id and version with a different definition is refused.
  auto text = std::string(scr::procedure::builtin_source("solihull-2011-scr"));
  const auto at = text.find("within: 6 months");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 16, "within: 9 months");
  const auto changed = scr::procedure::parse(text, "changed.yaml");
  EXPECT_ERROR(scr::input_error,
               db.open_review(changed, "Child R", london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}}),
               "already stored with a different definition", "new version");
  EXPECT_FALSE(db.contains("Child R"));
}

// Three Solihull reviews: Child A decided on time, Child B with its decision
// outstanding, Child C not held.
scr::store three_reviews() {
  auto db = test_store();
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  for (const auto* ref : {"Child A", "Child B", "Child C"}) {
    db.open_review(p, ref, london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record(ref, "panel_convened", london(2024, 1, 19), chair);
  }
  db.record("Child A", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  db.record("Child A", "decision_made", london(2024, 2, 1), chair,
            {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}});
  db.record("Child C", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("no_review")}});
  db.record("Child C", "decision_made", london(2024, 2, 1), chair,
            {{"outcome", std::string("no_review")}, {"reasons", std::string("criteria not met")}});
  return db;
}

TEST(store, overdue_is_answered_across_reviews) {
  const auto db = three_reviews();
  // As of 16 February 2024: Child B's decision (due 15 February, 001:851) is
  // overdue; Child A's was made; Child C was not held.
  const auto items = db.overdue(ymd(2024, 2, 16));
  std::vector<std::string> b_ids, a_ids;
  for (const auto& i : items) {
    if (i.reference == "Child B") b_ids.push_back(i.id);
    if (i.reference == "Child A") a_ids.push_back(i.id);
    // Child C's milestones ended with the decision not to hold a review; its
    // notices (the letter to agencies, 001:348) were still owed.
    if (i.reference == "Child C") {
      EXPECT_EQ(i.kind, "obligation") << i.id;
    }
    EXPECT_LT(i.due, ymd(2024, 2, 16)) << i.id;
  }
  EXPECT_NE(std::find(b_ids.begin(), b_ids.end(), "decision"), b_ids.end()) << ::testing::PrintToString(b_ids);
  EXPECT_EQ(std::find(a_ids.begin(), a_ids.end(), "decision"), a_ids.end()) << ::testing::PrintToString(a_ids);
  for (const auto& i : items)
    if (i.reference == "Child B" && i.id == "decision") {
      EXPECT_EQ(i.due, ymd(2024, 2, 15));
      EXPECT_EQ(i.days_overdue, 1);
      EXPECT_EQ(i.kind, "milestone");
      EXPECT_EQ(i.owner, "lscb_chair");
    }
  // Sorted by due date.
  for (std::size_t k = 1; k < items.size(); ++k) EXPECT_LE(items[k - 1].due, items[k].due);
  // The same items as each review's own timetable gives.
  std::size_t expected = 0;
  for (const auto& ref : db.references()) {
    const auto r = db.load(ref);
    for (const auto& row : r.timetable(ymd(2024, 2, 16)))
      if (row.status == scr::milestone_status::overdue) ++expected;
    for (const auto& row : r.obligations(ymd(2024, 2, 16)))
      if (row.status == scr::obligation_status::overdue) ++expected;
  }
  EXPECT_EQ(items.size(), expected);
}

TEST(store, due_between_reviews_and_compliance) {
  const auto db = three_reviews();
  // Child A's completion, six months from the decision on 1 February (001:216).
  bool found = false;
  for (const auto& i : db.due_between(ymd(2024, 8, 1), ymd(2024, 8, 1)))
    if (i.reference == "Child A" && i.id == "completion") found = true;
  EXPECT_TRUE(found);
  const auto held = db.reviews("scoping");
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].reference, "Child A");
  EXPECT_EQ(held[0].events, 4u);
  EXPECT_EQ(db.reviews(std::nullopt, "solihull-2011-scr").size(), 3u);
  EXPECT_TRUE(db.reviews(std::nullopt, "essex-2016-scr").empty());
  EXPECT_TRUE(db.reviews(std::string("not_held"))[0].closed);
  const auto c = db.compliance(ymd(2024, 1, 1), ymd(2024, 1, 31));
  std::map<std::string, scr::headline_compliance> decisions;
  for (const auto& h : c)
    if (h.headline == "decision") decisions[h.reference] = h;
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_TRUE(decisions["Child A"].on_time);
  EXPECT_EQ(decisions["Child A"].completed_on, ymd(2024, 2, 1));
  EXPECT_EQ(decisions["Child B"].completed_on, std::nullopt);
  EXPECT_EQ(decisions["Child B"].due, ymd(2024, 2, 15));
  EXPECT_TRUE(db.compliance(ymd(2024, 2, 1), ymd(2024, 12, 31)).empty());
}

TEST(store, a_version_1_file_is_migrated_with_its_projections) {
  temp_file f("reviews.db");
  {
    scr::store db(f.path.string());
    open_child_q(db);
  }
  {
    // Back to the first schema: no projections.
    SQLite::Database raw(f.path.string(), SQLite::OPEN_READWRITE);
    raw.exec(back_to_schema_7);
    raw.exec("DROP TABLE warning_projection; DROP INDEX reviews_by_closure; ALTER TABLE reviews DROP COLUMN on_hold; ALTER TABLE reviews DROP COLUMN completion_due; ALTER TABLE reviews DROP COLUMN completion_original; ALTER TABLE reviews DROP COLUMN completion_projected;"
             "DROP TABLE milestone_projection; DROP TABLE obligation_projection; DROP TABLE compliance_projection;"
             "DROP INDEX reviews_by_state; DROP TABLE tombstones; DROP INDEX reviews_by_disposal;"
             "ALTER TABLE reviews DROP COLUMN closed_at_us; ALTER TABLE reviews DROP COLUMN dispose_from;"
             "DROP TABLE snapshots; DROP TABLE compiled_procedures; DROP TABLE store_meta; DROP TABLE ledger; DROP INDEX reviews_by_last_event; DROP INDEX reviews_voided;"
             "DROP INDEX reviews_by_projection_end;"
             "ALTER TABLE reviews DROP COLUMN voided;"
             "ALTER TABLE reviews DROP COLUMN last_event_on; ALTER TABLE reviews DROP COLUMN projected_through;"
             "ALTER TABLE events DROP COLUMN corrects;"
             "ALTER TABLE events DROP COLUMN reason;"
             "PRAGMA user_version = 1;");
  }
  scr::store db(f.path.string());
  SQLite::Database raw(f.path.string());
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
  const auto all = db.verify_all();
  EXPECT_TRUE(all.ok()) << all.message;
  EXPECT_EQ(db.ledger().at(0).kind, "adopted");
  const auto items = db.overdue(ymd(2024, 2, 16));
  bool decision = false;
  for (const auto& i : items) decision = decision || (i.reference == "Child Q" && i.id == "decision");
  EXPECT_TRUE(decision);
}


// Schema 8 keeps the projections' titles, owners and kinds once each, in
// `labels`, and the events' actors in `actors`, with hashes as bytes: a
// store of schema 7 is carried over row for row, answers the same, keeps its
// chains and ledger head, and its next writes use the same labels.
TEST(store, a_version_7_file_gets_its_labels_and_answers_the_same) {
  temp_file f("reviews.db");
  const auto items_of = [](const std::vector<scr::due_item>& v) {
    std::vector<std::string> out;
    for (const auto& i : v) {
      out.push_back(i.reference + "|" + i.kind + "|" + i.id + "|" + i.agency + "|" + std::to_string(i.occurrence) +
                    "|" + i.title + "|" + i.owner + "|" + scr::format_date(i.due));
    }
    return out;
  };
  std::vector<std::string> overdue, due, hashes;
  scr::ledger_head head;
  const auto hashes_of = [](const scr::store& db) {
    std::vector<std::string> out;
    for (const auto& e : db.history("Child Q")) out.push_back(e.previous_hash + ">" + e.hash);
    return out;
  };
  {
    scr::store db(f.path.string());
    open_child_q(db);
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 12), chair, {{"agency", std::string("Health")}});
    overdue = items_of(db.overdue(ymd(2024, 6, 1)));
    due = items_of(db.due_between(ymd(2024, 1, 1), ymd(2025, 1, 1)));
    hashes = hashes_of(db);
    head = db.head();
  }
  ASSERT_FALSE(overdue.empty());
  std::int64_t rows = 0;
  {
    SQLite::Database raw(f.path.string(), SQLite::OPEN_READWRITE);
    rows = raw.execAndGet("SELECT (SELECT count(*) FROM milestone_projection) + "
                          "(SELECT count(*) FROM obligation_projection)").getInt64();
    raw.exec(back_to_schema_7);
    ASSERT_EQ(raw.execAndGet("SELECT count(*) FROM milestone_projection WHERE title = ''").getInt(), 0);
    ASSERT_EQ(raw.execAndGet("SELECT count(*) FROM events WHERE length(hash) = 64 AND actor_name != ''").getInt(), 3);
  }
  {
    scr::store db(f.path.string());
    SQLite::Database raw(f.path.string());
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
    EXPECT_EQ(raw.execAndGet("SELECT (SELECT count(*) FROM milestone_projection) + "
                             "(SELECT count(*) FROM obligation_projection)").getInt64(), rows);
    // One label for each distinct title, owner and kind.
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM labels").getInt64(),
              raw.execAndGet("SELECT count(*) FROM (SELECT DISTINCT title, owner, kind FROM milestone_projection "
                             "JOIN labels USING (label) UNION SELECT DISTINCT title, owner, '' FROM "
                             "obligation_projection JOIN labels USING (label))").getInt64());
    EXPECT_EQ(items_of(db.overdue(ymd(2024, 6, 1))), overdue);
    EXPECT_EQ(items_of(db.due_between(ymd(2024, 1, 1), ymd(2025, 1, 1))), due);
    // The same chains, each hash now its 32 bytes; the same ledger head.
    EXPECT_EQ(hashes_of(db), hashes);
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM events WHERE length(hash) = 32").getInt(), 3);
    EXPECT_EQ(db.head().text(), head.text());
    const auto v = db.verify_all();
    EXPECT_TRUE(v.ok()) << v.message;
    const auto labels = raw.execAndGet("SELECT count(*) FROM labels").getInt64();
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 17, 9), chair, {{"agency", std::string("Education")}});
    EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM labels").getInt64(), labels);
    EXPECT_TRUE(db.verify_all().ok());
  }
}

// A store of schema 8 gets its actors and its hashes as bytes: the same
// chains, the same ledger head, and verify finds nothing.
TEST(store, a_version_8_file_gets_its_actors_and_keeps_its_chains) {
  temp_file f("reviews.db");
  std::vector<scr::stored_event> before;
  std::string head;
  {
    scr::store db(f.path.string());
    open_child_q(db);
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
    db.record("Child Q", "panel_recommended", london(2024, 1, 22), as("administrator", "J. Smith", "Solihull LSCB"),
              {{"recommendation", std::string("scr")}});
    before = db.history("Child Q");
    head = db.head().text();
  }
  {
    SQLite::Database raw(f.path.string(), SQLite::OPEN_READWRITE);
    raw.exec(back_to_schema_8);
    ASSERT_EQ(raw.execAndGet("SELECT count(DISTINCT actor_name) FROM events").getInt(), 2);
  }
  scr::store db(f.path.string());
  SQLite::Database raw(f.path.string());
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM actors").getInt(), 2);
  const auto after = db.history("Child Q");
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].event.by.name, before[i].event.by.name);
    EXPECT_EQ(after[i].event.by.role, before[i].event.by.role);
    EXPECT_EQ(after[i].hash, before[i].hash);
    EXPECT_EQ(after[i].previous_hash, before[i].previous_hash);
  }
  EXPECT_EQ(db.head().text(), head);
  const auto v = db.verify_all();
  EXPECT_TRUE(v.ok()) << v.message;
}

// A writer that keeps one review in memory takes the others up from the file
// at each write, and stores exactly what one that keeps them all does.
TEST(store, a_writer_keeping_one_review_writes_what_one_keeping_all_does) {
  scr::store_options one = fixed_clock();
  one.cached_reviews = 1;
  scr::store_options none = fixed_clock();
  none.cached_reviews = 0;  // taken as one: the review being written
  auto a = test_store(fixed_clock());
  auto b = test_store(one);
  auto c = test_store(none);
  for (auto* db : {&a, &b, &c}) {
    for (const char* ref : {"Child Q", "Child R", "Child S"}) {
      db->open_review(scr::procedure::builtin("solihull-2011-scr"), ref, london(2024, 1, 15, 9), chair,
                      {{"incident_at", utc(2024, 1, 13, 22)}, {"referring_agency", std::string("Police")}});
    }
    int hour = 9;
    for (const char* agency : {"Police", "Health", "Education"}) {
      for (const char* ref : {"Child Q", "Child R", "Child S"}) {
        db->record(ref, "agency_letter_sent", london(2024, 1, 16, hour++), chair, {{"agency", std::string(agency)}});
      }
    }
  }
  for (const char* ref : {"Child Q", "Child R", "Child S"}) {
    const auto want = a.history(ref);
    for (const auto* db : {&b, &c}) {
      const auto got = db->history(ref);
      ASSERT_EQ(got.size(), want.size());
      for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].hash, want[i].hash) << ref << " event " << i + 1;
    }
  }
  const auto items = [](const scr::store& db) {
    std::string out;
    for (const auto& i : db.overdue(ymd(2024, 6, 1))) out += i.reference + " " + i.id + " " + i.agency + "\n";
    return out;
  };
  EXPECT_FALSE(items(a).empty());
  EXPECT_EQ(items(b), items(a));
  EXPECT_EQ(items(c), items(a));
  EXPECT_TRUE(b.verify_all().ok());
  EXPECT_TRUE(c.verify_all().ok());
}

// A review a writer no longer keeps in full keeps its projection rows, which
// the next write compares with instead of reading them back: only while the
// file holds what the writer last wrote. Here another writer (another
// process, as far as the first can tell) writes to the review in between,
// and a review pushed out of the eight kept that way is read back again.
TEST(store, a_writer_compares_with_the_projections_it_kept_only_while_no_one_else_wrote) {
  temp_file f("reviews.db");
  scr::store_options one = fixed_clock();
  one.cached_reviews = 1;  // eight more keep only their projections
  scr::store a(f.path.string(), one);
  std::vector<std::string> refs;
  for (int k = 0; k < 11; ++k) {
    refs.push_back("Child " + std::to_string(k + 1));
    a.open_review(scr::procedure::builtin("solihull-2011-scr"), refs.back(), london(2024, 1, 15, 9), chair,
                  {{"incident_at", utc(2024, 1, 13, 22)}, {"referring_agency", std::string("Police")}});
  }
  scr::store b(f.path.string(), fixed_clock());
  int hour = 9;
  const std::array<const char*, 3> agencies{"Police", "Health", "Education"};
  for (std::size_t round = 0; round < agencies.size(); ++round) {
    for (std::size_t k = 0; k < refs.size(); ++k) {
      // Child 1 is written by the other writer each round, after the first
      // wrote it; the rest by the first alone.
      a.record(refs[k], "agency_letter_sent", london(2024, 1, 16 + static_cast<int>(round), hour++), chair,
               {{"agency", std::string(agencies[round])}});
      if (k == 0) {
        b.record(refs[k], "agency_letter_sent", london(2024, 1, 16 + static_cast<int>(round), hour++), chair,
                 {{"agency", std::string("Probation ") + std::to_string(round)}});
      }
    }
  }
  // The other writer holds Child 1 and the first releases it: the release
  // gives Child 1 the projections the first writer last wrote (not on hold),
  // so comparing with what it kept would write nothing and leave the hold in
  // the file.
  a.record(refs[0], "panel_convened", london(2024, 1, 22, 8), chair);
  b.hold(refs[0], "Criminal proceedings", london(2024, 1, 22, 9), chair);
  a.record(refs[1], "panel_convened", london(2024, 1, 22, 10), chair);  // Child 1 is kept by its projections
  a.release(refs[0], london(2024, 1, 23, 9), chair, "Charging decision made");
  const auto v = a.verify_all();
  std::string all;
  for (const auto& p : v.problems) all += p + "\n";
  EXPECT_TRUE(v.ok()) << all;
  EXPECT_FALSE(a.load(refs[0]).on_hold());
  // Written by the first writer alone since it last read them, and pushed
  // out of its cache and taken up again: the same as a full replay.
  scr::store fresh(f.path.string(), fixed_clock());
  for (const auto& ref : refs) EXPECT_TRUE(fresh.verify(ref).ok()) << ref;
}

// What verify reported in a schema-8 file, it reports after the migration
// to 9: rows of no review are carried over (not a failed migration), and an
// event or ledger entry whose copy of the hash before it was altered is kept
// as altered although that copy is gone.
TEST(store, a_version_8_file_keeps_its_damage_visible_through_the_migration) {
  temp_file f("reviews.db");
  {
    scr::store db(f.path.string());
    open_child_q(db);
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
    db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child R", london(2024, 2, 1, 9), chair,
                   {{"incident_at", utc(2024, 1, 30, 22)}});
  }
  {
    SQLite::Database raw(f.path.string(), SQLite::OPEN_READWRITE);
    raw.exec(back_to_schema_8);
    raw.exec("DELETE FROM reviews WHERE reference = 'Child R';"
             "UPDATE events SET previous_hash = '0000' WHERE reference = 'Child Q' AND sequence = 3;"
             "UPDATE ledger SET previous = '0000' WHERE position = 2;");
  }
  scr::store db(f.path.string());
  SQLite::Database raw(f.path.string());
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
  EXPECT_EQ(raw.execAndGet("SELECT count(*) FROM events WHERE reference = 'Child R'").getInt(), 1);
  EXPECT_EQ(db.verify("Child Q").first_altered, 3u);
  const auto v = db.verify_all();
  std::string all;
  for (const auto& p : v.problems) all += p + "\n";
  EXPECT_NE(all.find("ledger entry 2 does not match its hash"), std::string::npos) << all;
  EXPECT_NE(all.find("events holds 1 rows of 'Child R', which is not a review"), std::string::npos) << all;
  EXPECT_NE(all.find("event 3 of review 'Child Q' does not match its hash"), std::string::npos) << all;
}

// A label deleted outside libscr leaves its rows without a title: verify
// names every such row, and the lists still show the items.
TEST(store, a_label_deleted_outside_libscr_is_found) {
  temp_file f("reviews.db");
  const std::string name = store_at(f.path.string());
  {
    scr::store db(name);
    open_child_q(db);
  }
  tamper_with(name, "DELETE FROM labels WHERE label = (SELECT label FROM milestone_projection "
                    "WHERE reference = 'Child Q' AND milestone = 'decision')");
  scr::store db(name);
  const auto v = db.verify_all();
  EXPECT_FALSE(v.ok());
  bool named = false;
  for (const auto& p : v.problems) named = named || p.find("milestone_projection of review 'Child Q', row (decision)") != std::string::npos;
  EXPECT_TRUE(named) << v.message;
  bool listed = false;
  for (const auto& i : db.overdue(ymd(2024, 6, 1))) listed = listed || (i.id == "decision" && i.title.empty());
  EXPECT_TRUE(listed);
}

}  // namespace

namespace {

// Every command of the engine through the store: each is one transaction, and
// the stored review is the one the same commands give in memory.
TEST(store, every_engine_command_is_stored) {
  auto db = test_store(fixed_clock());
  open_child_q(db);
  auto mem = scr::review::open(pack("solihull-2011-scr"), ew(), "Child Q", london(2024, 1, 15, 9), chair,
                               db.history("Child Q")[0].event.data);
  const auto panel_chair = as("panel_chair", "J. Smith", "Independent");
  db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
  mem.record("panel_convened", london(2024, 1, 19), chair);
  EXPECT_EQ(db.assign("Child Q", "J. Smith", "panel_chair", "Independent", london(2024, 1, 20), chair), 3u);
  mem.assign("J. Smith", "panel_chair", "Independent", london(2024, 1, 20), chair);
  EXPECT_EQ(db.discharge("Child Q", "incident_notice", london(2024, 1, 21), chair, "Emailed Ofsted and the DfE"), 4u);
  mem.discharge("incident_notice", london(2024, 1, 21), chair, "Emailed Ofsted and the DfE");
  EXPECT_EQ(db.hold("Child Q", "Criminal proceedings", london(2024, 1, 22), chair), 5u);
  mem.hold("Criminal proceedings", london(2024, 1, 22), chair);
  EXPECT_EQ(db.release("Child Q", london(2024, 1, 23), chair, "Charging decision made"), 6u);
  mem.release(london(2024, 1, 23), chair, "Charging decision made");
  db.record("Child Q", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  mem.record("panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  db.record("Child Q", "decision_made", london(2024, 2, 1), chair,
            {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}});
  mem.record("decision_made", london(2024, 2, 1), chair,
             {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}});
  EXPECT_EQ(db.schedule("Child Q", "presentation_meeting", ymd(2024, 5, 20), scr::time_of_day{10, 0},
                        london(2024, 2, 2), panel_chair),
            9u);
  mem.schedule("presentation_meeting", ymd(2024, 5, 20), scr::time_of_day{10, 0}, london(2024, 2, 2), panel_chair);
  // The LSCB agrees an extension of the six months (001:216, 001:393).
  const auto lscb = as("lscb", "Solihull LSCB meeting", "Solihull LSCB");
  EXPECT_EQ(db.extend("Child Q", "completion", ymd(2024, 10, 1), "Criminal trial listed for July", london(2024, 6, 3),
                      lscb),
            10u);
  mem.extend("completion", ymd(2024, 10, 1), "Criminal trial listed for July", london(2024, 6, 3), lscb);
  EXPECT_EQ(db.load("Child Q").history(), mem.history());
  // A refused command writes nothing, through the cache or not.
  EXPECT_ERROR(scr::rule_error,
               db.extend("Child Q", "completion", ymd(2024, 9, 1), "Earlier", london(2024, 6, 4), lscb), "is not after its current due date 2024-10-01");
  EXPECT_EQ(db.sequence("Child Q"), 10u);
  // The extension is in the projections: completion due 1 October.
  bool found = false;
  for (const auto& i : db.due_between(ymd(2024, 10, 1), ymd(2024, 10, 1))) {
    if (i.id == "completion") {
      found = true;
      EXPECT_EQ(i.days_overdue, 0);
    }
  }
  EXPECT_TRUE(found);
  const auto summary = db.reviews();
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_FALSE(summary[0].closed_at.has_value());
  EXPECT_FALSE(summary[0].dispose_from.has_value());
}

// compliance(from, to) takes the days in London: a review opened at 00:30 BST
// on 1 June 2024 (23:30 UTC on 31 May) is June's.
TEST(store, compliance_periods_are_london_days) {
  auto db = test_store(fixed_clock());
  db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child J", london(2024, 6, 1, 0, 30), chair,
                 {{"incident_at", utc(2024, 5, 30, 22)}});
  EXPECT_TRUE(db.compliance(ymd(2024, 5, 1), ymd(2024, 5, 31)).empty());
  EXPECT_EQ(db.compliance(ymd(2024, 6, 1), ymd(2024, 6, 30)).size(), 2u);
}

// A calendar the caller has not added is the caller's mistake (input_error),
// not a damaged file.
TEST(store, a_calendar_not_added_is_an_input_error) {
  temp_file f("reviews.db");
  auto text = std::string(scr::procedure::builtin_source("solihull-2011-scr"));
  const auto at = text.find("calendar: england-and-wales");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 27, "calendar: board-calendar");
  const auto ew_cal = scr::calendar::england_and_wales();
  const auto cal = scr::calendar::custom(ew_cal.weekend(), ew_cal.all_holidays(), "board-calendar", "1");
  const std::string name = store_at(f.path.string());
  {
    scr::store db(name);
    db.add_calendar(cal);
    db.open_review(scr::procedure::parse(text, "board.yaml"), "Child K", london(2024, 1, 15, 9), chair,
                   {{"incident_at", utc(2024, 1, 13, 22)}});
  }
  scr::store db(name);
  EXPECT_ERROR(scr::input_error, db.load("Child K"), "calendar 'board-calendar' is not known", "add_calendar");
  EXPECT_ERROR(scr::input_error, db.record("Child K", "panel_convened", london(2024, 1, 19), chair),
               "calendar 'board-calendar' is not known");
  db.add_calendar(cal);
  EXPECT_EQ(db.load("Child K").state(), "considering");
}

}  // namespace
