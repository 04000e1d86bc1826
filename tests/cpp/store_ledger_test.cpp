// The store's ledger and what verify checks beyond each review's chain
// (docs/security.md): every attack here edits the SQLite file directly, as
// someone with the file would, and must be found by verify and refused by a
// write; repairs of the projections are audited and never hide damage.

#include <gtest/gtest.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "backend_support.hpp"
#include "../../libscr/src/digest.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

namespace fs = std::filesystem;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor administrator = as("administrator", "J. Lowe", "Solihull LSCB");

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("scr_ledger_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct ledger_fixture : ::testing::Test {
  fs::path dir;
  std::string path;
  void SetUp() override {
    dir = fresh_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // On PostgreSQL (the `postgresql:` run), a schema of its own.
    path = on_postgresql() ? fresh_postgresql_url() : (dir / "reviews.db").string();
  }
  void TearDown() override { fs::remove_all(dir); }

  scr::store open() const { return scr::store(path, clock_at(utc(2024, 6, 1, 12))); }

  // Two reviews: Child Q with three events, Child R with one.
  void two_reviews() const {
    auto db = open();
    const auto p = scr::procedure::builtin("solihull-2011-scr");
    db.open_review(p, "Child Q", london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record("Child Q", "panel_convened", london(2024, 1, 19), chair);
    db.record("Child Q", "panel_recommended", london(2024, 1, 29), chair,
              {{"recommendation", std::string("scr")}});
    db.open_review(p, "Child R", london(2024, 2, 1, 9), chair, {{"incident_at", utc(2024, 1, 30, 22)}});
  }

  // Child R was opened by mistake: voided, then purged at once.
  void void_and_purge_r() const {
    auto db = open();
    const std::vector<std::uint64_t> first{1};
    db.void_events("Child R", first, "opened by mistake", london(2024, 2, 2, 9), administrator);
    db.purge("Child R", administrator, "opened by mistake");
  }

  // Runs SQL on the file as someone with the file would (on PostgreSQL, as
  // someone with the database's administrator's rights); returns rows changed.
  int tamper(const std::string& sql) const {
    if (on_postgresql()) return postgresql_tamper(path, sql);
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    return raw.exec(sql);
  }

  // The first column of each row of a query, read outside libscr.
  std::vector<std::string> column(const std::string& sql) const { return column_of(path, sql); }

  static bool mentions(const std::vector<std::string>& problems, const std::string& part) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(part) != std::string::npos; });
  }
  static std::string all(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems) out += p + "\n";
    return out;
  }
};

TEST_F(ledger_fixture, every_write_advances_the_head_and_the_ledger_names_it) {
  two_reviews();
  auto db = open();
  const auto head = db.head();
  EXPECT_EQ(head.position, 4u);  // three writes to Child Q, one to Child R
  EXPECT_EQ(head.hash.size(), 64u);
  EXPECT_EQ(scr::ledger_head::parse(head.text()).hash, head.hash);
  EXPECT_EQ(scr::ledger_head::parse(head.text()).position, 4u);
  db.record("Child R", "panel_convened", london(2024, 2, 5), chair);
  EXPECT_EQ(db.head().position, 5u);
  EXPECT_NE(db.head().hash, head.hash);
  const auto entries = db.ledger();
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].reference, "Child Q");
  EXPECT_EQ(entries[0].kind, "events");
  EXPECT_EQ(entries[0].sequence, 1u);
  EXPECT_EQ(entries[4].reference, "Child R");
  EXPECT_EQ(entries[4].sequence, 2u);
  EXPECT_EQ(entries[4].event_hash, db.history("Child R").back().hash);
  EXPECT_EQ(entries[4].at, utc(2024, 6, 1, 12));
  EXPECT_EQ(db.ledger(4, 1).size(), 1u);
  EXPECT_EQ(db.ledger(4, 1)[0].position, 4u);
  const auto v = db.verify_all();
  EXPECT_TRUE(v.ok()) << all(v.problems);
  EXPECT_EQ(v.reviews, 2u);
  EXPECT_EQ(v.events, 5u);
  EXPECT_EQ(v.head.text(), db.head().text());
  EXPECT_TRUE(db.verify_all(head).ok());  // an earlier anchor: the ledger reaches past it
  EXPECT_TRUE(db.verify_all(db.head()).ok());
}

// The people who acted only in a purged review leave the file with it; those
// who acted in another review stay.
TEST_F(ledger_fixture, a_purge_deletes_the_actors_of_no_other_review) {
  two_reviews();
  const auto clerk = as("administrator", "K. Only-in-R", "Solihull LSCB");
  open().record("Child R", "panel_convened", london(2024, 2, 5), chair);
  open().amend("Child R", 2, london(2024, 2, 6), {}, "typed the wrong day", clerk);
  const auto names = [&] { return column("SELECT name FROM actors ORDER BY name"); };
  EXPECT_EQ(names(), (std::vector<std::string>{"A. Patel", "K. Only-in-R"}));
  void_and_purge_r();
  EXPECT_EQ(names(), (std::vector<std::string>{"A. Patel"}));
  // The same person acting again is added again.
  auto db = open();
  db.amend("Child Q", 2, london(2024, 1, 20), {}, "a day later", clerk);
  EXPECT_TRUE(db.verify_all().ok()) << all(db.verify_all().problems);
}

// A label altered outside libscr is replaced by the repair, even by the store
// object that wrote the rows (and knows the label's number).
TEST_F(ledger_fixture, a_repair_replaces_an_altered_label) {
  two_reviews();
  auto db = open();
  db.record("Child Q", "agency_letter_sent", london(2024, 1, 30), chair, {{"agency", std::string("Police")}});
  tamper("UPDATE labels SET title = 'Nothing to see' WHERE label = (SELECT label FROM milestone_projection "
         "WHERE reference = 'Child Q' AND milestone = 'decision')");
  EXPECT_TRUE(mentions(db.verify_all().problems, "row (decision): title is 'Nothing to see'"))
      << all(db.verify_all().problems);
  const auto r = db.repair_projections(administrator, "a label was altered");
  EXPECT_FALSE(r.repaired.empty());
  const auto v = db.verify_all();
  EXPECT_TRUE(v.ok()) << all(v.problems);
}

TEST_F(ledger_fixture, a_head_that_is_not_position_colon_hash_is_refused) {
  for (const char* bad : {"", "12", ":abc", "12:", "x:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                          "12:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                          "12:0123456789abcdef", "-1:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}) {
    EXPECT_ERROR(scr::input_error, scr::ledger_head::parse(bad), "is not POSITION:HASH");
  }
}

TEST_F(ledger_fixture, a_deleted_review_is_found) {
  two_reviews();
  EXPECT_EQ(tamper("DELETE FROM milestone_projection WHERE reference = 'Child R';"
                   "DELETE FROM obligation_projection WHERE reference = 'Child R';"
                   "DELETE FROM compliance_projection WHERE reference = 'Child R';"
                   "DELETE FROM events WHERE reference = 'Child R';"
                   "DELETE FROM reviews WHERE reference = 'Child R'"),
            1);
  const auto v = open().verify_all();
  EXPECT_FALSE(v.ok());
  EXPECT_TRUE(mentions(v.problems, "review 'Child R' is gone")) << all(v.problems);
  EXPECT_TRUE(mentions(v.problems, "deleted outside libscr")) << all(v.problems);
  EXPECT_EQ(v.problems.size(), 1u) << all(v.problems);
}

TEST_F(ledger_fixture, a_deleted_tail_with_its_count_rewritten_is_found_and_refused) {
  two_reviews();
  // The careful attacker: the tail goes and the review's row is made to agree.
  tamper("DELETE FROM events WHERE reference = 'Child Q' AND sequence >= 2;"
         "UPDATE reviews SET sequence = 1 WHERE reference = 'Child Q'");
  auto db = open();
  const auto v = db.verify("Child Q");
  EXPECT_FALSE(v.ok());
  EXPECT_FALSE(v.first_altered);  // the chain is intact as far as it goes
  EXPECT_TRUE(mentions(v.problems, "left 3 events; the file now holds 1: events 2 to 3 were deleted")) << v.message;
  EXPECT_ERROR(scr::store_error, db.record("Child Q", "panel_convened", london(2024, 1, 19), chair), "ledger entry 3",
               "events 2 to 3 were deleted", "nothing was written");
  EXPECT_EQ(db.head().position, 4u);
  EXPECT_FALSE(db.verify_all().ok());
}

TEST_F(ledger_fixture, an_edited_procedure_definition_is_found_and_refused) {
  two_reviews();
  // Every deadline of the procedure moves: "1 month" becomes "2 months".
  EXPECT_GE(tamper("UPDATE procedures SET definition = replace(definition, 'within: 1 month', 'within: 2 months')"), 1);
  EXPECT_NE(column("SELECT definition FROM procedures").at(0).find("within: 2 months"), std::string::npos);
  auto db = open();
  for (const char* ref : {"Child Q", "Child R"}) {
    const auto v = db.verify(ref);
    EXPECT_FALSE(v.ok()) << ref;
    EXPECT_TRUE(mentions(v.problems, "the procedure definition ('solihull-2011-scr' version")) << v.message;
    EXPECT_TRUE(mentions(v.problems, "was changed outside libscr")) << v.message;
  }
  EXPECT_ERROR(scr::store_error, db.record("Child R", "panel_convened", london(2024, 2, 5), chair),
               "procedure definition", "changed outside libscr", "nothing was written");
}

TEST_F(ledger_fixture, a_changed_calendar_is_found) {
  two_reviews();
  tamper("UPDATE reviews SET calendar = 'scotland' WHERE reference = 'Child R'");
  const auto v = open().verify_all();
  EXPECT_TRUE(mentions(v.problems, "or calendar ('scotland')")) << all(v.problems);
}

TEST_F(ledger_fixture, edited_projections_are_found_and_repaired_with_an_audit_entry) {
  two_reviews();
  auto before = open().overdue(ymd(2024, 5, 1));
  const auto listed = [](const std::vector<scr::due_item>& items, const std::string& id) {
    return std::any_of(items.begin(), items.end(), [&](const scr::due_item& i) {
      return i.reference == "Child R" && i.id == id;
    });
  };
  ASSERT_TRUE(listed(before, "decision"));
  // The overdue decision disappears from every list, and a retention date is
  // brought forward.
  EXPECT_EQ(tamper("UPDATE milestone_projection SET completed_on = '2024-02-02' "
                   "WHERE reference = 'Child R' AND milestone = 'decision'"),
            1);
  EXPECT_EQ(tamper("UPDATE reviews SET state = 'closed' WHERE reference = 'Child Q'"), 1);
  auto db = open();
  EXPECT_FALSE(listed(db.overdue(ymd(2024, 5, 1)), "decision"));
  const auto r = db.verify("Child R");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.problems, "milestone_projection of review 'Child R', row (decision): completed_on is "
                                   "'2024-02-02', the events give empty"))
      << all(r.problems);
  const auto q = db.verify("Child Q");
  EXPECT_TRUE(mentions(q.problems, "reviews row of review 'Child Q': state is 'closed'")) << all(q.problems);
  const auto head = db.head();
  // Only a corrections role may repair, and a refusal writes nothing.
  EXPECT_ERROR(scr::role_error, db.repair_projections(chair, "projections edited"), "may not repair",
               "administrator, business_manager");
  EXPECT_ERROR(scr::input_error, db.repair_projections(administrator, " "), "reason for the repair is empty");
  EXPECT_EQ(db.head().text(), head.text());
  const auto fixed = db.repair_projections(administrator, "projections edited outside libscr (incident 42)");
  EXPECT_EQ(fixed.reviews, 2u);
  EXPECT_EQ(fixed.repaired, (std::vector<std::string>{"Child Q", "Child R"}));
  EXPECT_EQ(fixed.differences.size(), 2u);
  EXPECT_TRUE(listed(db.overdue(ymd(2024, 5, 1)), "decision"));
  EXPECT_TRUE(db.verify_all().ok()) << all(db.verify_all().problems);
  const auto entries = db.ledger(head.position + 1);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].kind, "repaired");
  EXPECT_EQ(entries[1].reference, "Child R");
  EXPECT_NE(entries[1].note.find("by J. Lowe (administrator, Solihull LSCB): projections edited outside libscr "
                                 "(incident 42); 1 difference"),
            std::string::npos)
      << entries[1].note;
  // Nothing left to repair: nothing written.
  EXPECT_TRUE(db.repair_projections(administrator, "again").repaired.empty());
  EXPECT_EQ(db.head().position, head.position + 2);
  // The reviews still take writes.
  EXPECT_EQ(db.record("Child R", "panel_convened", london(2024, 2, 5), chair), 2u);
}

TEST_F(ledger_fixture, rows_of_no_review_and_a_changed_opening_time_are_found) {
  two_reviews();
  tamper("INSERT INTO milestone_projection SELECT 'Child X', milestone, agency, label, due, completed_on, "
         "waived, provisional FROM milestone_projection WHERE reference = 'Child R'");
  tamper("UPDATE reviews SET opened_at_us = opened_at_us + 86400000000 WHERE reference = 'Child Q'");
  auto db = open();
  const auto v = db.verify_all();
  EXPECT_TRUE(mentions(v.problems, "milestone_projection holds")) << all(v.problems);
  EXPECT_TRUE(mentions(v.problems, "rows of 'Child X', which is not a review")) << all(v.problems);
  EXPECT_TRUE(mentions(v.problems, "reviews row of review 'Child Q': opened_at_us is")) << all(v.problems);
  // The opening time is the opening event's: a repair puts it back.
  db.repair_projections(administrator, "an opening time edited");
  EXPECT_TRUE(db.verify("Child Q").ok()) << db.verify("Child Q").message;
}

TEST_F(ledger_fixture, a_repair_never_hides_damage) {
  two_reviews();
  tamper("UPDATE milestone_projection SET completed_on = '2024-02-02' WHERE reference = 'Child R' AND "
         "milestone = 'decision';" + with_actor_name("Child Q", 2, "Someone Else"));
  auto db = open();
  const auto head = db.head();
  EXPECT_ERROR(scr::store_error, db.repair_projections(administrator, "tidy up"), "not repaired while reviews are damaged",
               "event 2 of review 'Child Q' does not match its hash", "Nothing was written");
  EXPECT_EQ(db.head().text(), head.text());
}

TEST_F(ledger_fixture, a_review_put_in_from_outside_is_found) {
  two_reviews();
  // A whole review copied in under another reference: its own chain is
  // recomputable, but the ledger never saw it.
  tamper("INSERT INTO reviews SELECT 'Child Z', procedure_id, procedure_version, calendar, opened_at_us, sequence, "
         "state, closed, closed_at_us, dispose_from, voided, last_event_on, projected_through, on_hold, "
         "completion_due, completion_original, completion_projected FROM reviews WHERE reference = 'Child R'");
  auto db = open();
  const auto v = db.verify_all();
  EXPECT_TRUE(mentions(v.problems, "review 'Child Z' is not in the store's ledger")) << all(v.problems);
  EXPECT_ERROR(scr::store_error, db.record("Child Z", "panel_convened", london(2024, 2, 5), chair),
               "not in the store's ledger");
}

TEST_F(ledger_fixture, purges_enter_the_ledger_and_a_deleted_tombstone_is_found) {
  two_reviews();
  {
    void_and_purge_r();
    const auto db = open();
    const auto last = db.ledger().back();
    EXPECT_EQ(last.kind, "purged");
    EXPECT_EQ(last.reference, "Child R");
    EXPECT_EQ(last.sequence, 2u);
    EXPECT_NE(last.note.find("by J. Lowe (administrator, Solihull LSCB): opened by mistake"), std::string::npos);
    const auto v = db.verify_all();
    EXPECT_TRUE(v.ok()) << all(v.problems);
    EXPECT_EQ(v.tombstones, 1u);
  }
  tamper("UPDATE tombstones SET reason = 'retention ended'");
  EXPECT_TRUE(mentions(open().verify_all().problems, "the tombstone of review 'Child R' does not match ledger entry"));
  tamper("UPDATE tombstones SET reason = 'opened by mistake', events = 1");
  EXPECT_TRUE(mentions(open().verify_all().problems, "the tombstone of review 'Child R' does not match ledger entry"));
  tamper("DELETE FROM tombstones");
  EXPECT_TRUE(mentions(open().verify_all().problems, "the tombstone of review 'Child R' (purged at ledger entry 6) is gone"));
}

TEST_F(ledger_fixture, a_file_rolled_back_to_an_earlier_copy_is_found_against_an_anchored_head) {
  two_reviews();
  const auto copy = (dir / "copy.db").string();
  fs::copy_file(path, copy);  // closed: the WAL is checkpointed into the file
  scr::ledger_head anchored;
  {
    auto db = open();
    db.record("Child R", "panel_convened", london(2024, 2, 5), chair);
    anchored = db.head();  // written in the chair's monthly report
  }
  EXPECT_TRUE(open().verify_all(anchored).ok());
  fs::copy_file(copy, path, fs::copy_options::overwrite_existing);
  auto db = open();
  EXPECT_TRUE(db.verify_all().ok());  // the copy is consistent in itself
  const auto v = db.verify_all(anchored);
  EXPECT_FALSE(v.ok());
  EXPECT_TRUE(mentions(v.problems, "the ledger has 4 entries, fewer than the 5 of the anchored head")) << all(v.problems);
  EXPECT_TRUE(mentions(v.problems, "rolled back to an earlier copy")) << all(v.problems);
  // A different history since the copy reaches the position with another hash.
  db.record("Child R", "panel_convened", london(2024, 2, 6), chair);
  const auto w = db.verify_all(anchored);
  EXPECT_TRUE(mentions(w.problems, "ledger entry 5 is not the anchored one")) << all(w.problems);
}

TEST_F(ledger_fixture, deleted_or_edited_ledger_entries_are_found) {
  two_reviews();
  tamper("UPDATE ledger SET note = 'nothing to see' WHERE position = 2");
  EXPECT_TRUE(mentions(open().verify_all().problems, "ledger entry 2 does not match its hash"));
  tamper("DELETE FROM ledger WHERE position = 2");
  EXPECT_TRUE(mentions(open().verify_all().problems, "ledger entry 2 is missing"));
}

TEST_F(ledger_fixture, a_store_from_before_the_ledger_enters_it_as_it_stands) {
  two_reviews();
  void_and_purge_r();
  tamper(back_to_schema_7);
  tamper("DROP TABLE warning_projection; DROP INDEX reviews_by_closure; ALTER TABLE reviews DROP COLUMN on_hold; ALTER TABLE reviews DROP COLUMN completion_due; ALTER TABLE reviews DROP COLUMN completion_original; ALTER TABLE reviews DROP COLUMN completion_projected; DROP TABLE snapshots; DROP TABLE compiled_procedures; DROP TABLE ledger; PRAGMA user_version = 4");
  auto db = open();
  const auto entries = db.ledger();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].kind, "adopted");
  EXPECT_EQ(entries[0].reference, "Child Q");
  EXPECT_EQ(entries[0].sequence, 3u);
  EXPECT_EQ(entries[1].kind, "purged");
  EXPECT_EQ(entries[1].reference, "Child R");
  const auto v = db.verify_all();
  EXPECT_TRUE(v.ok()) << all(v.problems);
  SQLite::Database raw(path);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), scr::store::schema_version());
}

// The digests the chain is made of, against published test vectors: SHA-256
// of "abc" and of the empty text (FIPS 180-4 examples), and HMAC-SHA-256 test
// cases 1 and 2 of RFC 4231.
TEST(digests, sha256_and_hmac_sha256_give_the_published_values) {
  using scr::detail::hmac_sha256_hex;
  using scr::detail::sha256_hex;
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Random bytes: the length asked for, in hex, and not the same twice.
  const std::string a = scr::detail::random_hex(32), b = scr::detail::random_hex(32);
  EXPECT_EQ(a.size(), 64U);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

// Hashes are stored as their bytes and shown as hex: the two are inverse, and
// anything that is not lowercase hex of even length is no bytes at all.
TEST(digests, hex_and_bytes_are_inverse) {
  using scr::detail::from_hex;
  using scr::detail::to_hex;
  EXPECT_EQ(to_hex(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(from_hex("00ff10"), std::string("\x00\xff\x10", 3));
  const std::string h = scr::detail::sha256_hex("abc");
  ASSERT_TRUE(from_hex(h).has_value());
  EXPECT_EQ(from_hex(h)->size(), 32U);
  EXPECT_EQ(to_hex(*from_hex(h)), h);
  for (const char* bad : {"0", "0g", "AB", "0x12", " 12"}) EXPECT_FALSE(from_hex(bad).has_value()) << bad;
  EXPECT_EQ(from_hex(""), std::string());
}

}  // namespace
