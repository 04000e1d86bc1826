#pragma once
// The backend the store tests run on: SQLite (by default), or PostgreSQL
// when SCR_TEST_BACKEND=postgresql:DIR (ctest's `postgresql:` tests, on the
// tests' own server, tests/support/pg_cluster.sh, its socket in DIR).

#include <string>
#include <vector>

#include "scr/store.hpp"

/// Whether the tests run on PostgreSQL.
bool on_postgresql();

/// A new, empty store on the tests' backend: in memory on SQLite, a schema
/// of its own on PostgreSQL.
scr::store test_store(scr::store_options options = {});

/// The URL of a new, empty schema on the tests' PostgreSQL server (each call
/// a new one); the test fails if there is no server.
std::string fresh_postgresql_url();

/// Runs SQL as the server's administrator in the schema `url` names.
void postgresql_run(const std::string& url, const std::string& sql);

/// Runs SQL on the store `url` names as someone with the database's
/// administrator's rights would, past its triggers and foreign keys (as a
/// raw SQLite connection is); the rows the last statement changed.
int postgresql_tamper(const std::string& url, const std::string& sql);

/// The first column of every row of `sql`, in the store `url` names.
std::vector<std::string> postgresql_column(const std::string& url, const std::string& sql);

/// The first column of every row of `sql` in the store `name` (a file, or
/// a URL on the tests' server), read outside libscr.
std::vector<std::string> column_of(const std::string& name, const std::string& sql);

/// Where a test's store is: `file` on SQLite, a new schema on PostgreSQL.
std::string store_at(const std::string& file);

/// Runs SQL on the store `name` outside libscr, as someone with the file or
/// the database's administrator's rights would (past its triggers and
/// foreign keys); the rows the last statement changed.
int tamper_with(const std::string& name, const std::string& sql);

/// Every row of `sql` in the store `name`, each column as text ("" for NULL).
std::vector<std::vector<std::string>> rows_of(const std::string& name, const std::string& sql);

/// SQL for a bytes column as lowercase hex, and for bytes given as hex, in
/// the store `name`'s dialect.
std::string hex_sql(const std::string& name, const std::string& column);
std::string bytes_sql(const std::string& name, const std::string& hex);
