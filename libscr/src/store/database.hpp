#pragma once
// What the store asks of a database: a backend gives a connection that
// prepares statements, runs them, and holds transactions of two kinds. The
// store's semantics (store.cpp) are written once on top of this; SQLite
// (sqlite_database.cpp) and PostgreSQL (postgresql_database.cpp) are its
// backends. docs/store.md ("Backends") says what each must guarantee.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace scr::stored {

/// An error the database itself raised (a statement it refused, a lost
/// connection, a lock it could not take): the store names the store and
/// the database's message.
class database_error : public std::runtime_error {
 public:
  enum class kind {
    busy,        ///< locked by another writer for longer than the wait allowed
    constraint,  ///< a unique key, foreign key or check refused the row
    other,
  };
  database_error(kind k, const std::string& what) : std::runtime_error(what), kind_(k) {}
  [[nodiscard]] kind which() const noexcept { return kind_; }

 private:
  kind kind_;
};

/// One prepared statement. Parameters are numbered from 1 (`?` or `?N` in
/// the store's SQL; a backend rewrites them into its own form); columns
/// from 0. A statement is reset before it is bound and run again.
class statement {
 public:
  statement() = default;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  virtual ~statement() = default;

  virtual void bind_null(int index) = 0;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  /// Runs the statement on the first call, then moves to the next row:
  /// false when there is none.
  virtual bool step() = 0;
  /// Ready to run again, its parameters unbound.
  virtual void reset() = 0;
  /// The rows the last run inserted, updated or deleted.
  [[nodiscard]] virtual std::int64_t changes() const = 0;

  [[nodiscard]] virtual bool is_null(int column) const = 0;
  /// An integer (or a truth value, as 0 or 1), not text or bytes.
  [[nodiscard]] virtual bool is_integer(int column) const = 0;
  /// Bytes (SQLite's BLOB, PostgreSQL's bytea), not text.
  [[nodiscard]] virtual bool is_blob(int column) const = 0;
  [[nodiscard]] virtual std::int64_t integer(int column) const = 0;
  /// Text or bytes, valid until the next step or reset.
  [[nodiscard]] virtual std::string_view bytes(int column) const = 0;
};

/// The kind of backend, where the store's SQL must differ.
enum class dialect { sqlite, postgresql };

/// A connection to one store's database.
class connection {
 public:
  connection() = default;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  virtual ~connection() = default;

  [[nodiscard]] virtual dialect kind() const noexcept = 0;
  /// A statement for `sql`; `kept` ones are prepared to be run many times.
  virtual std::unique_ptr<statement> prepare(const std::string& sql, bool kept) = 0;
  /// Runs SQL that returns no rows (several statements may be given).
  virtual void execute(const std::string& sql) = 0;
  /// A transaction in which the store writes: writers take turns for the
  /// whole transaction (the ledger is one chain across the store), and
  /// each statement sees every write committed before it took its turn.
  virtual void begin_write() = 0;
  /// A transaction that reads one snapshot, blocking no writer.
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  [[nodiscard]] virtual bool in_transaction() const = 0;
  /// What the store's rows are ordered by when all else ties: the order
  /// they were added in (SQLite's rowid, PostgreSQL's ordinal column).
  [[nodiscard]] virtual const char* insertion_order() const noexcept = 0;
};

/// A column of the current row, read as SQLiteCpp's columns are read (the
/// store's code was first written on it).
class column {
 public:
  column(const statement& s, int index) : s_(&s), i_(index) {}
  [[nodiscard]] bool isNull() const { return s_->is_null(i_); }
  [[nodiscard]] bool isInteger() const { return s_->is_integer(i_); }
  [[nodiscard]] bool isBlob() const { return s_->is_blob(i_); }
  [[nodiscard]] std::int64_t getInt64() const { return s_->integer(i_); }
  [[nodiscard]] int getInt() const { return static_cast<int>(s_->integer(i_)); }
  [[nodiscard]] std::string getString() const { return std::string(s_->bytes(i_)); }
  [[nodiscard]] std::string_view bytes() const { return s_->bytes(i_); }

 private:
  const statement* s_;
  int i_;
};

/// A statement with SQLiteCpp's calls: one of its own (prepared for this
/// use), or one the store keeps (reset when this is done with it).
class query {
 public:
  query(connection& db, const std::string& sql) : own_(db.prepare(sql, false)), s_(own_.get()) {}
  explicit query(statement& kept) : s_(&kept) {}
  query(const query&) = delete;
  query& operator=(const query&) = delete;
  query(query&& o) noexcept : own_(std::move(o.own_)), s_(o.s_) { o.s_ = nullptr; }
  query& operator=(query&&) = delete;
  ~query() {
    if (s_ != nullptr && !own_) s_->reset();
  }

  void bind(int i, std::int64_t v) { s_->bind_integer(i, v); }
  void bind(int i, int v) { s_->bind_integer(i, v); }
  void bind(int i, unsigned v) { s_->bind_integer(i, v); }
  void bind(int i, const std::string& v) { s_->bind_text(i, v); }
  void bind(int i, const char* v) { s_->bind_text(i, v); }
  void bind(int i) { s_->bind_null(i); }
  /// Bytes, not text.
  void bind_blob(int i, std::string_view bytes) { s_->bind_blob(i, bytes); }
  bool executeStep() { return s_->step(); }
  /// Runs it to the end; the rows it changed.
  std::int64_t exec() {
    while (s_->step()) {
    }
    return s_->changes();
  }
  [[nodiscard]] column getColumn(int i) const { return {*s_, i}; }
  void reset() { s_->reset(); }
  statement& raw() { return *s_; }

 private:
  std::unique_ptr<statement> own_;
  statement* s_;
};

/// The first column of the first row of `sql` as an integer (0 without a row).
inline std::int64_t integer_of(connection& db, const std::string& sql) {
  query q(db, sql);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

}  // namespace scr::stored
