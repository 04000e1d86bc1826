// The store's SQLite backend (sqlite_database.hpp), on SQLite's C API.

#include "sqlite_database.hpp"

#include <sqlite3.h>

namespace scr::stored {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc) {
  const int primary = rc & 0xFF;
  const auto k = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? database_error::kind::busy
                 : primary == SQLITE_CONSTRAINT                    ? database_error::kind::constraint
                                                                   : database_error::kind::other;
  throw database_error(k, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

class sqlite_statement final : public statement {
 public:
  sqlite_statement(sqlite3* db, const std::string& sql, bool kept) : db_(db) {
    const unsigned flags = kept ? SQLITE_PREPARE_PERSISTENT : 0;
    if (const int rc = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), flags, &stmt_, nullptr);
        rc != SQLITE_OK) {
      fail(db, rc);
    }
  }
  ~sqlite_statement() override { sqlite3_finalize(stmt_); }
  sqlite_statement(const sqlite_statement&) = delete;
  sqlite_statement& operator=(const sqlite_statement&) = delete;

  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  void bind_integer(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));  // NOLINT: SQLite's constant
  }
  void bind_blob(int i, std::string_view v) override {
    check(sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT));  // NOLINT: SQLite's constant
  }
  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail(db_, rc);
    changes_ = sqlite3_changes64(db_);
    return false;
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  [[nodiscard]] std::int64_t changes() const override { return changes_; }
  [[nodiscard]] bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  [[nodiscard]] bool is_integer(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_INTEGER; }
  [[nodiscard]] bool is_blob(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_BLOB; }
  [[nodiscard]] std::int64_t integer(int c) const override { return sqlite3_column_int64(stmt_, c); }
  [[nodiscard]] std::string_view bytes(int c) const override {
    // Text for all but bytes (an integer read as text is its digits).
    const void* p = sqlite3_column_type(stmt_, c) == SQLITE_BLOB ? sqlite3_column_blob(stmt_, c)
                                                                  : static_cast<const void*>(sqlite3_column_text(stmt_, c));
    if (p == nullptr) return {};
    return {static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))};
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) fail(db_, rc);
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::int64_t changes_ = 0;
};

class sqlite_connection final : public connection {
 public:
  sqlite_connection(const std::string& path, sqlite_open how) {
    // NOMUTEX: a store object (and its connection) is used by one thread at
    // a time (docs/store.md), so SQLite need not lock the connection on every
    // call: reading a column cost twice as much with the lock.
    const int flags = (how == sqlite_open::read_only ? SQLITE_OPEN_READONLY
                       : how == sqlite_open::create  ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                                     : SQLITE_OPEN_READWRITE) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw database_error(database_error::kind::other, why);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10'000);
  }
  ~sqlite_connection() override { sqlite3_close_v2(db_); }
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;

  [[nodiscard]] dialect kind() const noexcept override { return dialect::sqlite; }
  std::unique_ptr<statement> prepare(const std::string& sql, bool kept) override {
    return std::make_unique<sqlite_statement>(db_, sql, kept);
  }
  void execute(const std::string& sql) override {
    if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK) fail(db_, rc);
  }
  // IMMEDIATE: the write lock at once, so two writers never both read the
  // same sequence and then both append.
  void begin_write() override { execute("BEGIN IMMEDIATE"); }
  void begin_read() override { execute("BEGIN"); }
  void commit() override { execute("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
  [[nodiscard]] bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  [[nodiscard]] const char* insertion_order() const noexcept override { return "rowid"; }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<connection> open_sqlite(const std::string& path, sqlite_open how) {
  return std::make_unique<sqlite_connection>(path, how);
}

sqlite3* sqlite_handle(connection& c) { return dynamic_cast<sqlite_connection&>(c).handle(); }

}  // namespace scr::stored
