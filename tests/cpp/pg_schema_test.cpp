// The store's schema on PostgreSQL (libscr/src/store/postgresql_schema.cpp),
// created on the tests' own server, against the schema a new SQLite store
// has: the same tables, the same columns in the same order, each as
// nullable and each table with the same primary key.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "scr/store.hpp"
#include "store/postgresql_schema.hpp"

namespace {

namespace fs = std::filesystem;

// A table as both describe it: each column "name" or "name not null", then
// "primary key (a, b)".
using tables = std::map<std::string, std::vector<std::string>>;

tables from_postgresql(PGconn* c) {
  tables out;
  PGresult* r = PQexec(c,
                       "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                       "WHERE table_schema = 'scr_schema' ORDER BY table_name, ordinal_position");
  EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
  for (int i = 0; i < PQntuples(r); ++i) {
    // `ordinal` stands for SQLite's rowid (the order rows were added in),
    // which SQLite's tables have without naming it.
    if (std::string(PQgetvalue(r, i, 1)) == "ordinal") continue;
    out[PQgetvalue(r, i, 0)].push_back(std::string(PQgetvalue(r, i, 1)) +
                                       (std::string(PQgetvalue(r, i, 2)) == "NO" ? " not null" : ""));
  }
  PQclear(r);
  r = PQexec(c,
             "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc "
             "JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name, table_name) "
             "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'scr_schema' "
             "ORDER BY tc.table_name, kcu.ordinal_position");
  EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
  std::map<std::string, std::string> keys;
  for (int i = 0; i < PQntuples(r); ++i) {
    auto& k = keys[PQgetvalue(r, i, 0)];
    k += (k.empty() ? "" : ", ") + std::string(PQgetvalue(r, i, 1));
  }
  PQclear(r);
  for (const auto& [table, k] : keys) out[table].push_back("primary key (" + k + ")");
  return out;
}

tables from_sqlite(const std::string& path) {
  tables out;
  SQLite::Database db(path);
  SQLite::Statement t(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (t.executeStep()) {
    const std::string table = t.getColumn(0).getString();
    SQLite::Statement q(db, "PRAGMA table_info(" + table + ")");
    std::map<int, std::string> key;
    while (q.executeStep()) {
      const std::string name = q.getColumn(1).getString();
      const int pk = q.getColumn(5).getInt();
      // (SQLite lets a rowid table's text key be NULL; PostgreSQL's keys never are.)
      const bool not_null = q.getColumn(3).getInt() != 0 || pk > 0;
      out[table].push_back(name + (not_null ? " not null" : ""));
      if (pk > 0) key[pk] = name;
    }
    std::string k;
    for (const auto& [n, name] : key) k += (k.empty() ? "" : ", ") + name;
    if (!k.empty()) out[table].push_back("primary key (" + k + ")");
  }
  return out;
}

TEST(pg_schema, has_the_tables_columns_and_keys_of_a_new_sqlite_store) {
  const char* dir = std::getenv("SCR_TEST_PG_DIR");
  ASSERT_TRUE(dir != nullptr && *dir != '\0')
      << "SCR_TEST_PG_DIR is not set: run these tests through ctest, whose pg_cluster fixture starts the cluster";
  const std::string info = std::string("host=") + dir + " user=scr_admin dbname=postgres connect_timeout=10";
  const std::unique_ptr<PGconn, void (*)(PGconn*)> c(PQconnectdb(info.c_str()), PQfinish);
  ASSERT_EQ(PQstatus(c.get()), CONNECTION_OK) << PQerrorMessage(c.get());
  const auto exec = [&](const std::string& sql) {
    PGresult* r = PQexec(c.get(), sql.c_str());
    const auto status = PQresultStatus(r);
    PQclear(r);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  };
  ASSERT_TRUE(exec("DROP SCHEMA IF EXISTS scr_schema CASCADE")) << PQerrorMessage(c.get());
  ASSERT_TRUE(exec("CREATE SCHEMA scr_schema")) << PQerrorMessage(c.get());
  ASSERT_TRUE(exec("SET search_path = scr_schema")) << PQerrorMessage(c.get());
  ASSERT_TRUE(exec(scr::stored::postgresql_schema())) << PQerrorMessage(c.get());
  const tables pg = from_postgresql(c.get());

  const fs::path folder = fs::temp_directory_path() / ("scr_pg_schema_" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  const std::string path = (folder / "reviews.db").string();
  { scr::store db(path); }
  const tables lite = from_sqlite(path);
  fs::remove_all(folder);

  // PostgreSQL's own: which login may act as whom (SQLite has no logins).
  ASSERT_EQ(pg.count("logins"), 1U);
  EXPECT_EQ(pg.at("logins"), (std::vector<std::string>{"login not null", "name not null", "role not null",
                                                       "agency not null", "primary key (login, name, role, agency)"}));
  ASSERT_EQ(pg.size(), lite.size() + 1);
  for (const auto& [table, columns] : lite) {
    const auto it = pg.find(table);
    ASSERT_NE(it, pg.end()) << "no table " << table << " on PostgreSQL";
    EXPECT_EQ(it->second, columns) << table;
  }
  // The version and the marker SQLite keeps in PRAGMAs.
  PGresult* r = PQexec(c.get(), "SELECT value FROM store_meta WHERE name = 'schema_version'");
  ASSERT_EQ(PQntuples(r), 1);
  EXPECT_EQ(std::string(PQgetvalue(r, 0, 0)), std::to_string(scr::store::schema_version()));
  PQclear(r);
}

}  // namespace
