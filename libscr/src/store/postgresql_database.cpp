// The store's PostgreSQL backend (postgresql_database.hpp), on libpq.

#include "postgresql_database.hpp"

#include "bundled_libraries.hpp"

#include <dlfcn.h>
#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace scr::stored {

namespace {

// libpq, loaded when a store on PostgreSQL is first opened: a process that
// only opens SQLite files (every `scr` command on one) neither loads it nor
// the two dozen libraries it needs (TLS, Kerberos, LDAP), whose loading
// would cost every command its start-up time.
struct libpq {
  decltype(&::PQclear) clear = nullptr;
  decltype(&::PQcmdTuples) cmdTuples = nullptr;
  decltype(&::PQconnectdb) connectdb = nullptr;
  decltype(&::PQerrorMessage) errorMessage = nullptr;
  decltype(&::PQexec) exec = nullptr;
  decltype(&::PQexecParams) execParams = nullptr;
  decltype(&::PQexecPrepared) execPrepared = nullptr;
  decltype(&::PQfinish) finish = nullptr;
  decltype(&::PQftype) ftype = nullptr;
  decltype(&::PQgetisnull) getisnull = nullptr;
  decltype(&::PQgetlength) getlength = nullptr;
  decltype(&::PQgetvalue) getvalue = nullptr;
  decltype(&::PQntuples) ntuples = nullptr;
  decltype(&::PQprepare) prepare = nullptr;
  decltype(&::PQresultErrorField) resultErrorField = nullptr;
  decltype(&::PQresultErrorMessage) resultErrorMessage = nullptr;
  decltype(&::PQresultStatus) resultStatus = nullptr;
  decltype(&::PQstatus) status = nullptr;
  decltype(&::PQtransactionStatus) transactionStatus = nullptr;
};

const libpq& pq() {
  static const libpq api = [] {
    libpq a;
#if SCR_LOAD_ON_USE
    // In a wheel, its bundled copy, through the helper that links it.
    void* lib = detail::bundled_libraries();
    if (lib == nullptr) lib = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = ::dlerror();
      throw database_error(database_error::kind::other,
                           std::string("PostgreSQL's client library cannot be loaded (") + (why ? why : "libpq.so.5") +
                               "): install it (Debian and Ubuntu: apt-get install libpq5)");
    }
    const auto load = [&](auto& f, const char* name) {
      f = reinterpret_cast<std::remove_reference_t<decltype(f)>>(::dlsym(lib, name));  // NOLINT: dlsym's contract
      if (f == nullptr) throw database_error(database_error::kind::other, std::string("libpq.so.5 has no ") + name);
    };
#define SCR_BIND(field, symbol) load(field, #symbol)
#else
    // Linked (the Python wheel, whose repair bundles the libraries it sees linked).
#define SCR_BIND(field, symbol) field = &::symbol
#endif
    SCR_BIND(a.clear, PQclear);
    SCR_BIND(a.cmdTuples, PQcmdTuples);
    SCR_BIND(a.connectdb, PQconnectdb);
    SCR_BIND(a.errorMessage, PQerrorMessage);
    SCR_BIND(a.exec, PQexec);
    SCR_BIND(a.execParams, PQexecParams);
    SCR_BIND(a.execPrepared, PQexecPrepared);
    SCR_BIND(a.finish, PQfinish);
    SCR_BIND(a.ftype, PQftype);
    SCR_BIND(a.getisnull, PQgetisnull);
    SCR_BIND(a.getlength, PQgetlength);
    SCR_BIND(a.getvalue, PQgetvalue);
    SCR_BIND(a.ntuples, PQntuples);
    SCR_BIND(a.prepare, PQprepare);
    SCR_BIND(a.resultErrorField, PQresultErrorField);
    SCR_BIND(a.resultErrorMessage, PQresultErrorMessage);
    SCR_BIND(a.resultStatus, PQresultStatus);
    SCR_BIND(a.status, PQstatus);
    SCR_BIND(a.transactionStatus, PQtransactionStatus);
#undef SCR_BIND
    return a;
  }();
  return api;
}

// The types of result columns the backend reads (pg_type's numbers).
constexpr Oid bool_oid = 16, bytea_oid = 17, int8_oid = 20, int2_oid = 21, int4_oid = 23;

// libpq's message without its trailing newline.
std::string message_of(const char* m) {
  std::string s = m != nullptr ? m : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The kind of a failure by its SQLSTATE: class 23 is a constraint; a lock
// not had in time (55P03), a serialization failure (40001) or a deadlock
// (40P01) is another writer in the way.
database_error::kind kind_of(const char* state) {
  if (state == nullptr) return database_error::kind::other;
  const std::string_view s(state);
  if (s.substr(0, 2) == "23") return database_error::kind::constraint;
  if (s == "55P03" || s == "40001" || s == "40P01") return database_error::kind::busy;
  return database_error::kind::other;
}

// Runs `sql` with no parameters (several statements may be given).
void run(PGconn* db, const char* sql) {
  PGresult* r = pq().exec(db, sql);
  const auto status = pq().resultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    const auto k = kind_of(pq().resultErrorField(r, PG_DIAG_SQLSTATE));
    std::string why = message_of(r != nullptr ? pq().resultErrorMessage(r) : pq().errorMessage(db));
    pq().clear(r);
    throw database_error(k, why);
  }
  pq().clear(r);
}

// The store's SQL with PostgreSQL's parameters: `?N` becomes `$N`, and a
// bare `?` the number after the largest so far (SQLite's rule). Quoted
// text and names are left as they are.
std::string numbered_parameters(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int largest = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // a comment to the end of the line
      const auto end = sql.find('\n', i);
      out.append(sql, i, end == std::string::npos ? std::string::npos : end - i);
      if (end == std::string::npos) break;
      i = end - 1;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    std::size_t j = i + 1;
    int n = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
      n = n * 10 + (sql[j++] - '0');
      if (n > 65535) throw std::logic_error("a parameter number above 65535 in the store's SQL");
    }
    if (j == i + 1) n = largest + 1;
    if (n == 0) throw std::logic_error("parameter ?0 in the store's SQL: parameters are numbered from 1");
    largest = std::max(largest, n);
    out += '$';
    out += std::to_string(n);
    i = j - 1;
  }
  return out;
}

class postgresql_statement final : public statement {
 public:
  postgresql_statement(PGconn* db, std::string sql, std::string name)
      : db_(db), sql_(numbered_parameters(sql)), name_(std::move(name)) {}
  ~postgresql_statement() override { pq().clear(result_); }
  postgresql_statement(const postgresql_statement&) = delete;
  postgresql_statement& operator=(const postgresql_statement&) = delete;

  void bind_null(int i) override { slot(i) = parameter{}; }
  void bind_integer(int i, std::int64_t v) override { slot(i) = parameter{std::to_string(v), false, true}; }
  void bind_text(int i, std::string_view v) override { slot(i) = parameter{std::string(v), false, true}; }
  void bind_blob(int i, std::string_view v) override { slot(i) = parameter{std::string(v), true, true}; }

  bool step() override {
    if (result_ == nullptr) run_it();
    return ++row_ < pq().ntuples(result_);
  }
  void reset() override {
    pq().clear(result_);
    result_ = nullptr;
    row_ = -1;
    params_.clear();
  }
  [[nodiscard]] std::int64_t changes() const override { return changes_; }

  [[nodiscard]] bool is_null(int c) const override { return pq().getisnull(result_, row_, c) != 0; }
  [[nodiscard]] bool is_integer(int c) const override {
    const Oid t = pq().ftype(result_, c);
    return !is_null(c) && (t == bool_oid || t == int2_oid || t == int4_oid || t == int8_oid);
  }
  [[nodiscard]] bool is_blob(int c) const override { return !is_null(c) && pq().ftype(result_, c) == bytea_oid; }
  [[nodiscard]] std::int64_t integer(int c) const override {
    if (is_null(c)) return 0;
    const char* v = pq().getvalue(result_, row_, c);
    const Oid t = pq().ftype(result_, c);
    if (t == bool_oid) return *v != 0 ? 1 : 0;
    if (t == int2_oid) return be<std::int16_t>(v);
    if (t == int4_oid) return be<std::int32_t>(v);
    if (t == int8_oid) return be<std::int64_t>(v);
    // Text read as a number, as SQLite reads it: its leading digits.
    std::int64_t n = 0;
    const auto len = static_cast<std::size_t>(pq().getlength(result_, row_, c));
    std::from_chars(v, v + len, n);
    return n;
  }
  [[nodiscard]] std::string_view bytes(int c) const override {
    if (is_null(c)) return {};
    if (is_integer(c)) {
      digits_ = std::to_string(integer(c));
      return digits_;
    }
    return {pq().getvalue(result_, row_, c), static_cast<std::size_t>(pq().getlength(result_, row_, c))};
  }

 private:
  struct parameter {
    std::string value;
    bool binary = false;
    bool given = false;  // false: NULL
  };

  parameter& slot(int i) {
    const auto at = static_cast<std::size_t>(i - 1);
    if (params_.size() <= at) params_.resize(at + 1);
    return params_[at];
  }

  template <class T>
  static T be(const char* p) {
    using U = std::make_unsigned_t<T>;
    U u = 0;
    for (std::size_t k = 0; k < sizeof(T); ++k) u = static_cast<U>((u << 8U) | static_cast<unsigned char>(p[k]));
    return static_cast<T>(u);
  }

  void run_it() {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const auto& p : params_) {
      values.push_back(p.given ? p.value.data() : nullptr);
      lengths.push_back(static_cast<int>(p.value.size()));
      formats.push_back(p.binary ? 1 : 0);
    }
    const int n = static_cast<int>(params_.size());
    if (!name_.empty() && !prepared_) {
      PGresult* r = pq().prepare(db_, name_.c_str(), sql_.c_str(), 0, nullptr);
      check(r);
      pq().clear(r);
      prepared_ = true;
    }
    // Results in binary: integers and bytes as they are, not as text to parse.
    result_ = name_.empty() ? pq().execParams(db_, sql_.c_str(), n, nullptr, values.data(), lengths.data(),
                                           formats.data(), 1)
                            : pq().execPrepared(db_, name_.c_str(), n, values.data(), lengths.data(), formats.data(), 1);
    check(result_);
    const char* tuples = pq().cmdTuples(result_);
    changes_ = 0;
    if (tuples != nullptr) std::from_chars(tuples, tuples + std::strlen(tuples), changes_);
    row_ = -1;
  }

  void check(PGresult*& r) {
    const auto status = pq().resultStatus(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const auto k = kind_of(pq().resultErrorField(r, PG_DIAG_SQLSTATE));
    std::string why = message_of(r != nullptr ? pq().resultErrorMessage(r) : pq().errorMessage(db_));
    pq().clear(r);
    r = nullptr;
    throw database_error(k, why);
  }

  PGconn* db_;
  std::string sql_, name_;
  bool prepared_ = false;
  std::vector<parameter> params_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  std::int64_t changes_ = 0;
  mutable std::string digits_;
};

class postgresql_connection final : public connection {
 public:
  explicit postgresql_connection(const std::string& url) : db_(pq().connectdb(url.c_str())) {
    if (db_ == nullptr || pq().status(db_) != CONNECTION_OK) {
      std::string why = db_ != nullptr ? message_of(pq().errorMessage(db_)) : "out of memory";
      pq().finish(db_);
      db_ = nullptr;
      throw database_error(database_error::kind::other, why);
    }
    // Another writer's turn is waited for as long as SQLite's busy timeout;
    // times and text as the store writes them.
    run(db_, "SET lock_timeout = '10s'; SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
  }
  ~postgresql_connection() override { pq().finish(db_); }
  postgresql_connection(const postgresql_connection&) = delete;
  postgresql_connection& operator=(const postgresql_connection&) = delete;

  [[nodiscard]] dialect kind() const noexcept override { return dialect::postgresql; }
  std::unique_ptr<statement> prepare(const std::string& sql, bool kept) override {
    return std::make_unique<postgresql_statement>(db_, sql, kept ? "scr_" + std::to_string(++statements_) : "");
  }
  void execute(const std::string& sql) override { run(db_, sql.c_str()); }
  // The store's writers in turn: one advisory lock (its key "SCR1") for the
  // whole transaction, released at its end, whichever way it ends.
  void begin_write() override {
    try {
      run(db_, "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(1396920881)");  // one round trip
    } catch (...) {
      rollback();
      throw;
    }
  }
  void begin_read() override { run(db_, "BEGIN ISOLATION LEVEL REPEATABLE READ"); }
  // A transaction in which a statement failed is rolled back by its COMMIT,
  // which still reports success: never taken for a commit.
  void commit() override {
    if (pq().transactionStatus(db_) == PQTRANS_INERROR) {
      rollback();
      throw database_error(database_error::kind::other,
                           "the transaction was not committed: one of its statements failed; nothing was written");
    }
    run(db_, "COMMIT");
  }
  void rollback() noexcept override {
    PGresult* r = pq().exec(db_, "ROLLBACK");
    pq().clear(r);
  }
  [[nodiscard]] bool in_transaction() const override { return pq().transactionStatus(db_) != PQTRANS_IDLE; }
  [[nodiscard]] const char* insertion_order() const noexcept override { return "ordinal"; }
  PGconn* handle() const { return db_; }

 private:
  PGconn* db_;
  unsigned statements_ = 0;
};

}  // namespace

namespace {

// The passwords a URL holds, as written: after the user, and in a password
// parameter.
std::vector<std::string> url_secrets(const std::string& url) {
  std::vector<std::string> out;
  const auto scheme = url.find("://");
  if (scheme != std::string::npos) {
    const auto start = scheme + 3;
    const auto end = url.find('/', start);
    const auto at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
    const auto colon = url.find(':', start);
    if (at != std::string::npos && at >= start && colon != std::string::npos && colon < at) {
      out.push_back(url.substr(colon + 1, at - colon - 1));
    }
  }
  for (std::size_t p = url.find("password="); p != std::string::npos; p = url.find("password=", p + 1)) {
    const auto value = p + 9;
    const auto end = url.find('&', value);
    out.push_back(url.substr(value, (end == std::string::npos ? url.size() : end) - value));
  }
  return out;
}

}  // namespace

bool is_postgresql_url(std::string_view name) noexcept {
  return name.rfind("postgresql://", 0) == 0 || name.rfind("postgres://", 0) == 0;
}

std::string shown_url(std::string_view url) {
  std::string out(url);
  // postgresql://user:password@host/...: the user only.
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto start = scheme + 3;
    const auto end = out.find('/', start);  // libpq reads the user and password up to the path
    const auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at >= start) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon, at - colon, ":***");
    }
  }
  // ...?password=...: hidden too.
  for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const auto value = p + 9;
    const auto end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

std::unique_ptr<connection> open_postgresql(const std::string& url) {
  try {
    return std::make_unique<postgresql_connection>(url);
  } catch (const database_error& e) {
    // libpq's message may quote the URL, or a password it could not decode.
    std::string why = e.what();
    const std::string shown = shown_url(url);
    for (std::size_t at = why.find(url); at != std::string::npos; at = why.find(url, at + shown.size())) {
      why.replace(at, url.size(), shown);
    }
    for (const auto& secret : url_secrets(url)) {
      for (std::size_t at = why.find(secret); !secret.empty() && at != std::string::npos; at = why.find(secret, at + 3)) {
        why.replace(at, secret.size(), "***");
      }
    }
    throw database_error(e.which(), why);
  }
}

std::string postgresql_login(connection& c) {
  query q(c, "SELECT session_user");
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

}  // namespace scr::stored
