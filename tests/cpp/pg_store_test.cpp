// What a store on PostgreSQL adds to the store's semantics (which the
// `postgresql:` runs of the store tests check on both backends): it is
// opened by a URL whose password is never shown, it is made only in a
// schema of its own, and a writer's turn never blocks a reader nor a
// reader a writer.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <future>
#include <string>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/store.hpp"
#include "store_support.hpp"

namespace {

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");

std::string admin_info() {
  const char* dir = std::getenv("SCR_TEST_PG_DIR");
  return std::string("host=") + (dir != nullptr ? dir : "") + " user=scr_admin dbname=postgres connect_timeout=10";
}

// A connection of the server's administrator, in the schema `url` names.
struct raw_connection {
  PGconn* c;
  explicit raw_connection(const std::string& url) : c(PQconnectdb(admin_info().c_str())) {
    EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    run("SET search_path = " + url.substr(url.find("search_path%3D") + 14));
  }
  ~raw_connection() { PQfinish(c); }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;
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
