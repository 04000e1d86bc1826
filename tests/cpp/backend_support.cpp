#include "backend_support.hpp"

#include <gtest/gtest.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace {

// SCR_TEST_BACKEND: unset or "sqlite", or "postgresql:DIR" with DIR the
// folder of the server's socket (ctest's `postgresql:` tests); anything else
// stops the tests rather than running them on the wrong backend.
std::string backend() {
  const char* b = std::getenv("SCR_TEST_BACKEND");
  const std::string v = b == nullptr ? "" : b;
  if (!v.empty() && v != "sqlite" && v.rfind("postgresql:", 0) != 0) {
    throw std::runtime_error("SCR_TEST_BACKEND is " + v + ": give sqlite or postgresql:DIR");
  }
  return v;
}

std::string server_dir() {
  if (const auto b = backend(); b.rfind("postgresql:", 0) == 0 && b.size() > 11) return b.substr(11);
  const char* dir = std::getenv("SCR_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0') {
    throw std::runtime_error(
        "SCR_TEST_PG_DIR is not set: run the PostgreSQL tests through ctest, whose pg_cluster fixture starts the "
        "server");
  }
  return dir;
}

// The schema a URL's search_path names.
std::string schema_of(const std::string& url) {
  const auto at = url.find("search_path%3D");
  return at == std::string::npos ? std::string("public") : url.substr(at + 14);
}

// The result of the last statement of `sql`, run as the administrator in
// `schema`; throws if any failed.
std::pair<int, std::vector<std::vector<std::string>>> run_for(const std::string& sql, const std::string& schema) {
  PGconn* c = PQconnectdb(("host=" + server_dir() + " user=scr_admin dbname=postgres connect_timeout=10").c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string why = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("the tests' PostgreSQL server cannot be reached: " + why);
  }
  PGresult* r = PQexec(c, ("SET search_path = " + schema + "; " + sql).c_str());
  const auto status = PQresultStatus(r);
  std::string why = PQresultErrorMessage(r);
  std::pair<int, std::vector<std::vector<std::string>>> out;
  if (status == PGRES_TUPLES_OK) {
    for (int i = 0; i < PQntuples(r); ++i) {
      auto& row = out.second.emplace_back();
      for (int k = 0; k < PQnfields(r); ++k) row.emplace_back(PQgetvalue(r, i, k));
    }
  }
  const char* tuples = PQcmdTuples(r);
  out.first = tuples != nullptr && *tuples != '\0' ? std::atoi(tuples) : 0;
  PQclear(r);
  PQfinish(c);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error("SQL failed: " + why);
  return out;
}

void run(const std::string& sql, const std::string& schema) { run_for(sql, schema); }

}  // namespace

bool on_postgresql() {
  static const bool on = backend().rfind("postgresql:", 0) == 0;
  return on;
}

std::string fresh_postgresql_url() {
  static int made = 0;
  const std::string schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(++made);
  run("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema, "public");
  return "postgresql:///postgres?host=" + server_dir() + "&user=scr_admin&options=-csearch_path%3D" + schema;
}

void postgresql_run(const std::string& url, const std::string& sql) { run(sql, schema_of(url)); }

scr::store test_store(scr::store_options options) {
  if (!on_postgresql()) return scr::store::in_memory(std::move(options));
  options.create = true;
  return scr::store(fresh_postgresql_url(), std::move(options));
}

int postgresql_tamper(const std::string& url, const std::string& sql) {
  return run_for("SET session_replication_role = replica; " + sql, schema_of(url)).first;
}

std::vector<std::string> postgresql_column(const std::string& url, const std::string& sql) {
  std::vector<std::string> out;
  for (auto& row : run_for(sql, schema_of(url)).second) out.push_back(std::move(row.at(0)));
  return out;
}

std::vector<std::string> column_of(const std::string& name, const std::string& sql) {
  std::vector<std::string> out;
  for (auto& row : rows_of(name, sql)) out.push_back(std::move(row.at(0)));
  return out;
}

std::vector<std::vector<std::string>> rows_of(const std::string& name, const std::string& sql) {
  if (scr::store::is_url(name)) return run_for(sql, schema_of(name)).second;
  SQLite::Database raw(name);
  SQLite::Statement q(raw, sql);
  std::vector<std::vector<std::string>> out;
  while (q.executeStep()) {
    auto& row = out.emplace_back();
    for (int k = 0; k < q.getColumnCount(); ++k) row.push_back(q.getColumn(k).getString());
  }
  return out;
}

std::string hex_sql(const std::string& name, const std::string& column) {
  return scr::store::is_url(name) ? "encode(" + column + ", 'hex')" : "lower(hex(" + column + "))";
}

std::string bytes_sql(const std::string& name, const std::string& hex) {
  return scr::store::is_url(name) ? "decode('" + hex + "', 'hex')" : "X'" + hex + "'";
}

std::string store_at(const std::string& file) { return on_postgresql() ? fresh_postgresql_url() : file; }

int tamper_with(const std::string& name, const std::string& sql) {
  if (scr::store::is_url(name)) return postgresql_tamper(name, sql);
  SQLite::Database raw(name, SQLite::OPEN_READWRITE);
  return raw.exec(sql);
}
