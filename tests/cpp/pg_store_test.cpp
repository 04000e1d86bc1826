// What a store on PostgreSQL adds to the store's semantics (which the
// `postgresql:` runs of the store tests check on both backends): it is
// opened by a URL whose password is never shown, it is made only in a
// schema of its own, and a writer's turn never blocks a reader nor a
// reader a writer.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>

#include <unistd.h>

#include "backend_support.hpp"
#include "store/postgresql_database.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");

// A connection as the login `url` names, in its schema, without libscr.
std::string info_of(const std::string& url) {
  const char* dir = std::getenv("SCR_TEST_PG_DIR");
  const auto user = url.find("user=") + 5;
  return std::string("host=") + (dir != nullptr ? dir : "") + " user=" + url.substr(user, url.find('&', user) - user) +
         " dbname=postgres connect_timeout=10";
}

struct raw_connection {
  PGconn* c;
  explicit raw_connection(const std::string& url) : c(PQconnectdb(info_of(url).c_str())) {
    EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    run("SET search_path = " + url.substr(url.find("search_path%3D") + 14));
  }
  ~raw_connection() { PQfinish(c); }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;
  /// Whether the server refuses the statement.
  bool refuses(const std::string& sql) const {
    PGresult* res = PQexec(c, sql.c_str());
    const bool failed = PQresultStatus(res) == PGRES_FATAL_ERROR;
    PQclear(res);
    return failed;
  }
  void run(const std::string& sql) const {
    PGresult* r = PQexec(c, sql.c_str());
    EXPECT_TRUE(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
        << sql << ": " << PQresultErrorMessage(r);
    PQclear(r);
  }
};

void open_child_k(scr::store& db) {
  db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child K", london(2024, 1, 15, 9), chair,
                 {{"incident_at", utc(2024, 1, 13, 22)}});
}

template <class F>
std::chrono::milliseconds timed(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

TEST(pg_store, a_password_in_the_url_is_never_shown) {
  const std::string url = "postgresql://scr_admin:s3cret-word@localhost:1/postgres?connect_timeout=2";
  try {
    scr::store db(url);
    FAIL() << "a store was opened on a port with no server";
  } catch (const scr::store_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find("s3cret-word"), std::string::npos) << what;
    EXPECT_NE(what.find("scr_admin:***@localhost"), std::string::npos) << what;
  }
  // Nor one libpq cannot read, which its own message quotes.
  try {
    scr::store db("postgresql://scr_admin:s3cr%zzet@localhost:1/postgres?connect_timeout=2");
    FAIL() << "a store was opened on a port with no server";
  } catch (const scr::store_error& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cr"), std::string::npos) << e.what();
  }
  const std::string in_parameters = fresh_postgresql_url() + "&password=s3cret-word";
  scr::store db(in_parameters);
  EXPECT_EQ(db.path().find("s3cret-word"), std::string::npos) << db.path();
}

TEST(pg_store, a_store_is_made_only_when_asked_and_only_in_a_schema_of_its_own) {
  const std::string url = fresh_postgresql_url();
  scr::store_options no_create;
  no_create.create = false;
  EXPECT_THROW(scr::store(url, no_create), scr::input_error);
  {
    raw_connection raw(url);
    raw.run("CREATE TABLE payroll (name text)");
  }
  try {
    scr::store db(url);
    FAIL() << "a store was made among another application's tables";
  } catch (const scr::store_error& e) {
    EXPECT_NE(std::string(e.what()).find("with other tables, not a libscr store"), std::string::npos) << e.what();
  }
  const std::string other = fresh_postgresql_url();
  { scr::store made(other); }
  scr::store again(other, no_create);  // made once, then opened
  EXPECT_EQ(again.references().size(), 0U);
}

TEST(pg_store, a_newer_or_another_applications_schema_is_refused_and_not_written) {
  const std::string url = fresh_postgresql_url();
  { scr::store made(url); }
  raw_connection admin(url);
  admin.run("UPDATE store_meta SET value = '99' WHERE name = 'schema_version'");
  try {
    scr::store db(url);
    FAIL() << "a newer schema was opened";
  } catch (const scr::store_error& e) {
    EXPECT_NE(std::string(e.what()).find("has schema version 99, newer than this libscr knows"), std::string::npos)
        << e.what();
  }
  admin.run("UPDATE store_meta SET value = '10' WHERE name = 'schema_version'; "
            "UPDATE store_meta SET value = 'XYZ1' WHERE name = 'application'");
  try {
    scr::store db(url);
    FAIL() << "another application's schema was opened";
  } catch (const scr::store_error& e) {
    EXPECT_NE(std::string(e.what()).find("is a PostgreSQL schema of another application"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(postgresql_column(url, "SELECT count(*) FROM reviews"), std::vector<std::string>{"0"});
}

// PostgreSQL answers COMMIT after a failed statement by rolling back, and
// says so only in the command's tag: the backend never takes it for a commit.
TEST(pg_store, a_transaction_in_which_a_statement_failed_is_never_reported_committed) {
  const std::string url = fresh_postgresql_url();
  raw_connection(url).run("CREATE TABLE notes (n integer PRIMARY KEY)");
  auto c = scr::stored::open_postgresql(url);
  c->begin_write();
  c->execute("INSERT INTO notes VALUES (1)");
  EXPECT_THROW(c->execute("INSERT INTO notes VALUES (1)"), scr::stored::database_error);  // a duplicate
  EXPECT_THROW(c->commit(), scr::stored::database_error);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(postgresql_column(url, "SELECT count(*) FROM notes"), std::vector<std::string>{"0"});
}

TEST(pg_store, a_writer_holding_its_turn_blocks_no_reader) {
  const std::string url = fresh_postgresql_url();
  scr::store db(url, clock_at(utc(2024, 6, 1, 12)));
  open_child_k(db);
  // Another writer mid-transaction: it holds the writers' turn.
  raw_connection other(url);
  other.run("BEGIN");
  other.run("SELECT pg_advisory_xact_lock(1396920881)");
  other.run("UPDATE reviews SET state = state");
  const auto read = timed([&] {
    EXPECT_EQ(db.load("Child K").size(), 1U);
    EXPECT_FALSE(db.overdue(scr::make_date(2024, 3, 1)).empty());
    EXPECT_TRUE(db.verify("Child K").ok());
  });
  EXPECT_LT(read.count(), 2000) << "reads waited for the writer";
  // A write waits for its turn, and goes ahead as soon as it has it.
  auto write = std::async(std::launch::async, [&] {
    scr::store w(url, clock_at(utc(2024, 6, 1, 12)));
    return w.record("Child K", "panel_convened", london(2024, 1, 19), chair);
  });
  EXPECT_EQ(write.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
      << "a write did not wait for the writer holding its turn";
  other.run("COMMIT");
  EXPECT_EQ(write.get(), 2U);
}

TEST(pg_store, a_long_reading_transaction_blocks_no_writer) {
  const std::string url = fresh_postgresql_url();
  scr::store db(url, clock_at(utc(2024, 6, 1, 12)));
  open_child_k(db);
  raw_connection reader(url);
  reader.run("BEGIN ISOLATION LEVEL REPEATABLE READ");
  reader.run("SELECT * FROM events");
  const auto wrote = timed([&] { db.record("Child K", "panel_convened", london(2024, 1, 19), chair); });
  EXPECT_LT(wrote.count(), 2000) << "a write waited for a reader";
  EXPECT_EQ(db.sequence("Child K"), 2U);
  reader.run("COMMIT");
}

}  // namespace

namespace {

// Two partnerships in one database, each a schema of its own made by the
// server's administrator, with a member login each.
struct partnerships : ::testing::Test {
  std::string a, b;  // the administrator's URLs of the two stores
  // Logins are the server's, not a schema's: named for this process, as
  // ctest runs tests side by side.
  const std::string alice_login = "scr_alice_" + std::to_string(::getpid());
  const std::string bob_login = "scr_bob_" + std::to_string(::getpid());
  static std::string as_login(const std::string& url, const std::string& login) {
    std::string out = url;
    out.replace(out.find("user=scr_admin"), 14, "user=" + login);
    return out;
  }
  void SetUp() override {
    a = fresh_postgresql_url();
    b = fresh_postgresql_url();
    raw_connection admin(a);
    admin.run("DROP ROLE IF EXISTS " + alice_login + "; DROP ROLE IF EXISTS " + bob_login);
    admin.run("CREATE ROLE " + alice_login + " LOGIN; CREATE ROLE " + bob_login + " LOGIN");
    scr::store sa(a), sb(b);
    sa.grant_login(alice_login, chair);
    sb.grant_login(bob_login, as_actor("B. Jones"));
  }
  void TearDown() override {
    scr::store sa(a), sb(b);
    sa.revoke_login(alice_login);
    sb.revoke_login(bob_login);
    raw_connection admin(a);
    admin.run("DROP ROLE " + alice_login + "; DROP ROLE " + bob_login);
  }
  static scr::actor as_actor(const std::string& name) { return ::as("lscb_chair", name, ""); }
};

TEST_F(partnerships, each_login_sees_and_writes_only_its_own_partnerships_reviews) {
  scr::store alice(as_login(a, alice_login), clock_at(utc(2024, 6, 1, 12)));
  scr::store bob(as_login(b, bob_login), clock_at(utc(2024, 6, 1, 12)));
  EXPECT_EQ(alice.login(), alice_login);
  EXPECT_FALSE(alice.administers());
  open_child_k(alice);
  bob.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child R", london(2024, 2, 1, 9), as_actor("B. Jones"),
                  {{"incident_at", utc(2024, 1, 30, 22)}});
  EXPECT_EQ(alice.references(), std::vector<std::string>{"Child K"});
  EXPECT_EQ(bob.references(), std::vector<std::string>{"Child R"});
  // Bob's store is closed to Alice: no rights on its schema.
  EXPECT_THROW(scr::store(as_login(b, alice_login)), scr::store_error);
  // Even given the right to read it by mistake, row-level security shows
  // her none of its rows: she is not one of its members.
  raw_connection admin(b);
  const std::string schema = b.substr(b.find("search_path%3D") + 14);
  admin.run("GRANT USAGE ON SCHEMA " + schema + " TO " + alice_login + "; GRANT SELECT ON ALL TABLES IN SCHEMA " +
            schema + " TO " + alice_login);
  {
    scr::store peek(as_login(b, alice_login), [] {
      scr::store_options o;
      o.read_only = true;
      return o;
    }());
    EXPECT_TRUE(peek.references().empty());
    EXPECT_TRUE(peek.overdue(scr::make_date(2024, 6, 1)).empty());
  }
  admin.run("REVOKE ALL ON ALL TABLES IN SCHEMA " + schema + " FROM " + alice_login + "; REVOKE ALL ON SCHEMA " + schema +
            " FROM " + alice_login);
  EXPECT_TRUE(scr::store(b).verify_all().ok());
}

TEST_F(partnerships, a_login_acts_only_as_the_people_and_roles_it_is_mapped_to) {
  scr::store alice(as_login(a, alice_login), clock_at(utc(2024, 6, 1, 12)));
  open_child_k(alice);
  // Another person in a role the procedure allows: refused, naming the rule,
  // and nothing written.
  try {
    alice.record("Child K", "panel_convened", london(2024, 1, 19), as_actor("J. Lowe"));
    FAIL() << "a login acted as someone it is not mapped to";
  } catch (const scr::role_error& e) {
    EXPECT_NE(std::string(e.what()).find("login '" + alice_login + "' may not act as J. Lowe"), std::string::npos) << e.what();
  }
  EXPECT_EQ(alice.sequence("Child K"), 1U);
  EXPECT_EQ(alice.record("Child K", "panel_convened", london(2024, 1, 19), chair), 2U);
  // Only the administrator maps logins or repairs.
  EXPECT_THROW(alice.grant_login(alice_login, as_actor("J. Lowe")), scr::role_error);
  EXPECT_EQ(alice.logins().size(), 1U);  // her own mapping
  // The database holds her to it whatever client she uses: a forged actor's
  // event is refused by its trigger, an event is never rewritten.
  raw_connection forged(as_login(a, alice_login));
  const auto refused = [&](const std::string& sql) { return forged.refuses(sql); };
  EXPECT_FALSE(refused("INSERT INTO actors (name, role, agency) VALUES ('J. Lowe', 'lscb_chair', '')"));
  EXPECT_TRUE(refused("INSERT INTO events SELECT reference, 99, kind, name, agency, subject, at_us, recorded_at_us, "
                      "(SELECT actor FROM actors WHERE name = 'J. Lowe'), payload, hash, corrects, reason "
                      "FROM events WHERE sequence = 1"));
  EXPECT_TRUE(refused("UPDATE events SET payload = '{}'"));
  EXPECT_TRUE(refused("DELETE FROM ledger"));
  // Events and reviews go only in a purge, and an actor events name never
  // goes (deleted and put in again under its number, it would change whom
  // the events are attributed to).
  EXPECT_TRUE(refused("DELETE FROM events WHERE reference = 'Child K' AND sequence = 2"));
  EXPECT_TRUE(refused("WITH d AS (DELETE FROM actors WHERE name = 'A. Patel' RETURNING actor) "
                      "INSERT INTO actors SELECT actor, 'J. Lowe', 'lscb_chair', '' FROM d"));
  EXPECT_EQ(alice.history("Child K").at(1).event.by.name, "A. Patel");
  EXPECT_TRUE(scr::store(a).verify_all().ok());
}

// A new calendar version and a migration by a member: only as a person and
// role the login is mapped to, a corrections role of the procedure; a row put
// into calendar_versions by hand as another person is refused by the
// database, and one as herself is found by verify (it is not in the ledger).
TEST_F(partnerships, a_member_loads_a_calendar_version_and_migrates_only_as_a_corrections_role_she_is_mapped_to) {
  const scr::actor administrator = ::as("administrator", "R. Jones", "Solihull LSCB");
  scr::store(a).grant_login(alice_login, administrator);
  scr::store alice(as_login(a, alice_login), clock_at(utc(2024, 6, 1, 12)));
  open_child_k(alice);
  const auto updated = scr::calendar::england_and_wales().updated_with(
      scr::calendar::custom(scr::weekday_set::saturday_sunday(), {{scr::make_date(2024, 1, 22), "Day of mourning"}},
                            "announced", "1", {scr::make_date(2024, 1, 1), scr::make_date(2024, 12, 31), {}}),
      "2024-01-20");
  scr::calendar_update_options apply;
  apply.apply = true;
  EXPECT_THROW(alice.update_calendar(updated, chair, "announced", apply), scr::role_error);  // not a corrections role
  EXPECT_THROW(alice.update_calendar(updated, ::as("administrator", "J. Lowe", "Solihull LSCB"), "announced", apply),
               scr::error);  // not whom she is mapped to
  EXPECT_TRUE(alice.calendar_versions().empty());
  EXPECT_TRUE(alice.update_calendar(updated, administrator, "Day of mourning proclaimed", apply).applied);

  std::string text(scr::procedure::builtin_source("solihull-2011-scr"));
  text.replace(text.find("version: 4"), 10, "version: 5");
  const auto v5 = scr::procedure::parse(text, "v5.yaml");
  scr::migration_options move;
  move.apply = true;
  EXPECT_THROW(alice.migrate({"Child K"}, v5, chair, "revised", move), scr::role_error);
  EXPECT_TRUE(alice.migrate({"Child K"}, v5, administrator, "revised", move).front().applied);
  EXPECT_EQ(alice.load("Child K").definition().version(), 5);

  raw_connection forged(as_login(a, alice_login));
  const auto refused = [&](const std::string& sql) { return forged.refuses(sql); };
  EXPECT_TRUE(refused("UPDATE calendar_versions SET reason = 'x'"));
  EXPECT_TRUE(refused("DELETE FROM calendar_versions"));
  EXPECT_TRUE(refused("INSERT INTO calendar_versions SELECT 2, name, 'forged', definition, at_us, 'J. Lowe', "
                      "'administrator', 'Solihull LSCB', reason FROM calendar_versions"));
  EXPECT_TRUE(scr::store(a).verify_all().ok()) << scr::store(a).verify_all().message;
  EXPECT_FALSE(refused("INSERT INTO calendar_versions SELECT 2, name, 'by hand', definition, at_us, actor_name, "
                       "actor_role, actor_agency, reason FROM calendar_versions"));
  const auto v = scr::store(a).verify_all();
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.message.find("problem"), std::string::npos);
  bool named = false;
  for (const auto& p : v.problems) named = named || p.find("version 2 of calendar 'england-and-wales' is not in the ledger") != std::string::npos;
  EXPECT_TRUE(named) << v.message;
}

// A store of schema 10 (before chronologies) is migrated by its owner alone,
// and its members keep their rights, on the new tables too: a chronology
// setup as the person a member is mapped to, never as another, whatever
// client writes it.
TEST_F(partnerships, a_version_10_store_is_migrated_by_its_owner_and_its_members_keep_their_rights) {
  { scr::store owner(a, clock_at(utc(2024, 6, 1, 12))); open_child_k(owner); }
  raw_connection admin(a);
  admin.run("DROP TABLE chronologies; DROP TABLE chronology_setups; DROP FUNCTION scr_chronology_actor(); "
            "DROP INDEX milestone_closed_unmet; DROP TABLE calendar_versions; DROP FUNCTION scr_calendar_actor(); "
            "UPDATE store_meta SET value = '10' WHERE name = 'schema_version'");
  try {
    scr::store member(as_login(a, alice_login));
    FAIL() << "a member migrated the store";
  } catch (const scr::store_error& e) {
    EXPECT_NE(std::string(e.what()).find("has schema version 10; its owner (login scr_admin) must open it once"),
              std::string::npos) << e.what();
  }
  EXPECT_EQ(postgresql_column(a, "SELECT value FROM store_meta WHERE name = 'schema_version'"),
            std::vector<std::string>{"10"});
  { scr::store owner(a); }
  EXPECT_EQ(postgresql_column(a, "SELECT value FROM store_meta WHERE name = 'schema_version'"),
            std::vector<std::string>{std::to_string(scr::store::schema_version())});
  scr::store alice(as_login(a, alice_login), clock_at(utc(2024, 6, 1, 12)));
  auto setup = scr::chronology_setup::with_format(scr::chronology_format::builtin("solihull-2011"));
  setup.acronyms = {{"K", "family", "the child"}};
  alice.set_chronology_setup("Child K", setup, london(2024, 2, 1, 9), chair);
  EXPECT_EQ(alice.chronology_setup_of("Child K")->acronyms.size(), 1U);
  EXPECT_THROW(alice.set_chronology_setup("Child K", setup, london(2024, 2, 1, 9), as_actor("J. Lowe")),
               scr::role_error);
  raw_connection forged(as_login(a, alice_login));
  PGresult* res = PQexec(forged.c, "UPDATE chronology_setups SET actor_name = 'J. Lowe'");
  EXPECT_EQ(PQresultStatus(res), PGRES_FATAL_ERROR) << "a member recorded a setup as someone she is not mapped to";
  PQclear(res);
  EXPECT_TRUE(scr::store(a).verify_all().ok());
}

}  // namespace

namespace {

TEST(pg_store, a_copy_carries_corrections_purges_and_the_ledger_both_ways) {
  const auto dir = std::filesystem::temp_directory_path() / ("scr_pg_copy_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "reviews.db").string(), back = (dir / "back.db").string();
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  {
    scr::store db(file, clock_at(utc(2024, 6, 1, 12)));
    open_child_k(db);
    db.record("Child K", "panel_convened", london(2024, 2, 19), chair);
    db.amend("Child K", 2, london(2024, 1, 19), {}, "typed 19/02 for 19/01", chair);
    db.open_review(p, "Child M", london(2024, 2, 1, 9), chair, {{"incident_at", utc(2024, 1, 30, 22)}});
    const std::vector<std::uint64_t> first{1};
    db.void_events("Child M", first, "opened by mistake", london(2024, 2, 1, 10), chair);
    db.purge("Child M", chair, "opened by mistake");
  }
  const std::string pg = fresh_postgresql_url();
  const auto there = scr::store::copy(file, pg);
  EXPECT_TRUE(there.to.ok()) << there.to.message;
  EXPECT_EQ(there.to.head.text(), there.from.head.text());
  EXPECT_EQ(there.to.tombstones, 1U);
  EXPECT_GT(there.rows, 20U);
  const auto again = scr::store::copy(pg, back);
  EXPECT_EQ(again.to.head.text(), there.from.head.text());
  scr::store a(file), b(pg), c(back);
  EXPECT_EQ(c.tombstones().size(), 1U);
  for (auto* s : {&b, &c}) {
    EXPECT_EQ(s->history("Child K").size(), a.history("Child K").size());
    EXPECT_EQ(s->load("Child K").state(), a.load("Child K").state());
    EXPECT_EQ(s->overdue(scr::make_date(2024, 6, 1)).size(), a.overdue(scr::make_date(2024, 6, 1)).size());
  }
  // The copy goes on: a write to it chains on from the copied head.
  EXPECT_EQ(b.record("Child K", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}}),
            4U);
  EXPECT_TRUE(b.verify_all().ok());
  // Never into a store that holds anything.
  EXPECT_THROW(scr::store::copy(file, pg), scr::input_error);
  // A keyed store is not copied without its key, and no store is made for it.
  const std::string keyed = (dir / "keyed.db").string(), nowhere = (dir / "nowhere.db").string();
  {
    scr::store_options o = clock_at(utc(2024, 6, 1, 12));
    o.key = scr::store::create_key_file((dir / "board.key").string());
    scr::store db(keyed, o);
    open_child_k(db);
  }
  EXPECT_THROW(scr::store::copy(keyed, nowhere), scr::input_error);
  EXPECT_FALSE(std::filesystem::exists(nowhere));
  std::filesystem::remove_all(dir);
}

}  // namespace
