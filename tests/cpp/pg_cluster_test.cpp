// The PostgreSQL the store tests run against: a throwaway cluster that ctest
// starts before these tests and removes after them
// (tests/support/pg_cluster.sh; the pg_cluster fixture in CMakeLists.txt),
// from Debian's `postgresql`, on a Unix socket only.
//
// These tests check the harness and the two guarantees of the server that a
// store on PostgreSQL is to be built on: a second writer of the same
// (review, sequence) gets a unique violation, never a duplicate; and an open
// write never blocks a reader, who sees the rows as they were.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

namespace {

struct connection_closer {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using connection = std::unique_ptr<PGconn, connection_closer>;
struct result_clearer {
  void operator()(PGresult* r) const { PQclear(r); }
};
using result = std::unique_ptr<PGresult, result_clearer>;

// The cluster's connection string; a test run outside ctest (without the
// fixture) fails and says why rather than skipping.
std::string conninfo() {
  const char* dir = std::getenv("SCR_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0') return {};
  return std::string("host=") + dir + " user=scr_admin dbname=postgres connect_timeout=10";
}

connection connect() {
  const std::string info = conninfo();
  if (info.empty()) {
    ADD_FAILURE() << "SCR_TEST_PG_DIR is not set: run these tests through ctest, whose pg_cluster fixture starts "
                     "the throwaway cluster (tests/support/pg_cluster.sh)";
    return nullptr;
  }
  connection c(PQconnectdb(info.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to the test cluster (" << info << "): " << PQerrorMessage(c.get());
    return nullptr;
  }
  return c;
}

// Runs SQL that must succeed; its result.
result run(PGconn* c, const std::string& sql) {
  result r(PQexec(c, sql.c_str()));
  const auto status = PQresultStatus(r.get());
  EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) << sql << ": " << PQerrorMessage(c);
  return r;
}

std::string sqlstate(const PGresult* r) {
  const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return s == nullptr ? std::string() : std::string(s);
}

// Two connections and an events table of the test's own (the tests run in
// parallel processes) holding Child Q's opening event; then `a` opens a
// transaction and writes event 2.
struct two_writers {
  connection a = connect(), b = connect();
  explicit two_writers(const std::string& table) {
    if (!a || !b) return;
    run(a.get(), "DROP TABLE IF EXISTS " + table);
    run(a.get(), "CREATE TABLE " + table +
                     " (reference text NOT NULL, sequence bigint NOT NULL, kind text NOT NULL, "
                     "PRIMARY KEY (reference, sequence))");
    run(a.get(), "INSERT INTO " + table + " VALUES ('Child Q', 1, 'opened')");
    run(a.get(), "BEGIN");
    run(a.get(), "INSERT INTO " + table + " VALUES ('Child Q', 2, 'held')");
  }
};

TEST(pg_cluster, the_server_is_postgresql_from_the_cluster_the_tests_started) {
  const auto c = connect();
  ASSERT_TRUE(c);
  EXPECT_GE(PQserverVersion(c.get()), 130000);
  const auto r = run(c.get(), "SELECT current_user, current_setting('listen_addresses')");
  ASSERT_EQ(PQntuples(r.get()), 1);
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "scr_admin");
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 1), "");  // no TCP: the socket in the cluster's folder only
}

TEST(pg_cluster, a_second_writer_of_the_same_sequence_gets_a_unique_violation_not_a_duplicate) {
  const two_writers w("events_race");
  ASSERT_TRUE(w.a && w.b);
  PGconn* a = w.a.get();
  PGconn* b = w.b.get();
  // Both append event 2; B's insert waits for A's open transaction (seen
  // waiting on a lock from a third connection before A commits).
  ASSERT_EQ(PQsendQuery(b, "INSERT INTO events_race VALUES ('Child Q', 2, 'recorded')"), 1)
      << PQerrorMessage(b);
  const auto watcher = connect();
  ASSERT_TRUE(watcher);
  bool waiting = false;
  for (int i = 0; i < 100 && !waiting; ++i) {
    const auto seen = run(watcher.get(),
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                          "AND query LIKE 'INSERT INTO events_race%'");
    waiting = std::string(PQgetvalue(seen.get(), 0, 0)) == "1";
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(waiting) << "the second writer never waited for the first";
  run(a, "COMMIT");
  result lost(PQgetResult(b));
  EXPECT_EQ(PQresultStatus(lost.get()), PGRES_FATAL_ERROR);
  EXPECT_EQ(sqlstate(lost.get()), "23505") << PQresultErrorMessage(lost.get());
  while (PGresult* rest = PQgetResult(b)) PQclear(rest);
  const auto r = run(a, "SELECT kind FROM events_race WHERE sequence = 2");
  ASSERT_EQ(PQntuples(r.get()), 1);
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "held");  // the winner's event, once
}

TEST(pg_cluster, an_open_write_never_blocks_a_reader_who_sees_the_rows_as_they_were) {
  const two_writers w("events_mvcc");
  ASSERT_TRUE(w.a && w.b);
  PGconn* a = w.a.get();
  PGconn* b = w.b.get();
  run(a, "UPDATE events_mvcc SET kind = 'amended' WHERE sequence = 1");
  // A reader that waited would hit its timeout and fail here.
  run(b, "SET statement_timeout = '2s'");
  const auto seen = run(b, "SELECT count(*), max(kind) FROM events_mvcc");
  ASSERT_EQ(PQntuples(seen.get()), 1);
  EXPECT_STREQ(PQgetvalue(seen.get(), 0, 0), "1");
  EXPECT_STREQ(PQgetvalue(seen.get(), 0, 1), "opened");
  run(a, "COMMIT");
  const auto after = run(b, "SELECT count(*) FROM events_mvcc");
  EXPECT_STREQ(PQgetvalue(after.get(), 0, 0), "2");
}

}  // namespace
