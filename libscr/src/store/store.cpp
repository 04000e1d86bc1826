// The durable event store (see scr/store.hpp): its semantics, written once
// on a database connection (database.hpp) and the pieces in records.hpp
// (what is kept and how it is hashed); what is SQLite's is in
// sqlite_database.hpp and sqlite_schema.hpp.

#include "scr/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_set>
#include <variant>
#include <nlohmann/json.hpp>
#include <utility>

#include <sys/stat.h>
#include <sys/vfs.h>
#include <filesystem>
#include <thread>
#include <chrono>
#include <fcntl.h>
#include <unistd.h>
#include <cstring>
#include <cerrno>
#include "digest.hpp"
#include "records.hpp"
#include "review_document.hpp"
#include "database.hpp"
#include "postgresql_database.hpp"
#include "postgresql_schema.hpp"
#include "sqlite_database.hpp"
#include "sqlite_schema.hpp"
#include "procedure_codec.hpp"
#include "review_state.hpp"
#include "scr/report.hpp"
#include "scr/version.hpp"
#include "suggest.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace scr {

store_error::store_error(const std::string& what) : error(what) {}
concurrency_error::concurrency_error(std::uint64_t expected, std::uint64_t actual, const std::string& what)
    : error(what), expected_(expected), actual_(actual) {}

namespace {

using namespace stored;  // NOLINT(google-build-using-namespace): the store's own pieces

constexpr int current_schema = sqlite_schema_version;
constexpr int application_id = sqlite_application_id;

// What wrote a snapshot or a compiled procedure: another libscr, or another
// format, may fold or read differently, so its copies are derived again.
// Who acted, as ledger notes name them: "A. Patel (lscb_chair, Solihull LSCB)".
std::string who_of(const actor& by) {
  return by.name + " (" + by.role + (by.agency.empty() ? "" : ", " + by.agency) + ")";
}

const std::string& engine_tag() {
  static const std::string tag = std::string("libscr ") + SCR_VERSION_STRING + "; snapshot " +
                                 std::to_string(detail::review_access::snapshot_format) + "; procedure " +
                                 std::to_string(detail::procedure_codec_version);
  return tag;
}

// An insert that replaces the row of the same key: the key and value
// columns, bound in that order. (ON CONFLICT ... DO UPDATE, as SQLite and
// PostgreSQL both write it.)
std::string upsert_sql(std::string_view table, const std::vector<std::string_view>& keys,
                       const std::vector<std::string_view>& values) {
  std::string sql = "INSERT INTO " + std::string(table) + " (";
  std::string marks, conflict, update;
  for (const auto c : keys) {
    sql.append(marks.empty() ? "" : ", ").append(c);
    marks += marks.empty() ? "?" : ", ?";
    conflict.append(conflict.empty() ? "" : ", ").append(c);
  }
  for (const auto c : values) {
    sql.append(", ").append(c);
    marks += ", ?";
    update.append(update.empty() ? "" : ", ").append(c).append(" = excluded.").append(c);
  }
  return sql + ") VALUES (" + marks + ") ON CONFLICT (" + conflict + ") DO UPDATE SET " + update;
}

// After how many events a review's snapshot is taken again: 32, or an
// eighth of the events the last one folds, whichever is more. A snapshot
// holds the whole fold, so taking one costs in proportion to the review's
// length; taken at a fixed interval, its share of each append would grow with
// the review. Taken at a share of the length it stays constant per append
// (docs/performance.md, "Appends at any length"), and a write that finds no
// cached review folds at most an eighth more events than the snapshot holds.
// A review whose bodies a writer has not all read (a long one) has its fold
// taken every 32 events or a 32nd of its length: the fold is a few bytes an
// event, and the bodies are written again only when they lack an eighth of
// its events (write_snapshot), so the events a miss folds after the
// snapshot stay few.
std::uint64_t snapshot_due(std::uint64_t last, bool fold_alone) {
  return last + std::max<std::uint64_t>(32, last / (fold_alone ? 32 : 8));
}

// The review's completion milestone (not a track's) among its timetable
// rows, when it has a date: what the monthly report gives as the planned
// completion (store::progress, and the projected columns that answer it).
const timetable_row* completion_row(const review& r, const std::vector<timetable_row>& rows) {
  const timetable_row* found = nullptr;
  for (const auto& row : rows)
    if (row.id() == r.definition().completion_milestone() && row.agency.empty() && row.due) found = &row;
  return found;
}

// Its date in the first plan: before extensions and dates set.
std::optional<date> original_completion(const timetable_row& row) {
  return row.original_due ? row.original_due : row.rule_due ? row.rule_due : row.due;
}

// Why a projected row is not open (the `waived` column): 0 when it is.
int closed_code(milestone_status s) {
  switch (s) {
    case milestone_status::waived: return 1;
    case milestone_status::outstanding: return 2;
    case milestone_status::paused: return 3;
    default: return 0;
  }
}
int closed_code(obligation_status s) {
  switch (s) {
    case obligation_status::waived: return 1;
    case obligation_status::outstanding: return 2;
    default: return 0;
  }
}

// How far past a review's last event repeating obligations are projected.
constexpr int projection_horizon_days = 400;


void bind_optional(query& q, int index, const std::optional<std::string>& v) {
  if (v) q.bind(index, *v);
  else q.bind(index);
}

std::optional<date> date_column(const column& c) {
  if (c.isNull()) return std::nullopt;
  return stored_date(c.getString());
}

// A projection row's cells, compared to decide what to write.
using cell = std::variant<std::monostate, std::int64_t, std::string>;
using projected_rows = std::map<std::vector<cell>, std::vector<cell>>;  // key (after reference) -> values

cell cell_of(const column& c) {
  if (c.isNull()) return {};
  if (c.isInteger()) return c.getInt64();
  return c.getString();
}

void bind_cell(query& q, int index, const cell& c) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) q.bind(index, *i);
  else if (const auto* s = std::get_if<std::string>(&c)) q.bind(index, *s);
  else q.bind(index);
}

// A projection cell as bytes: 'n' (NULL); 'i' and eight bytes; 's', four
// bytes of length and the text. Two rows are equal when their bytes are.
void put_integer_cell(std::string& out, std::int64_t v) {
  std::array<char, 9> b{'i'};
  auto u = static_cast<std::uint64_t>(v);
  for (std::size_t i = 1; i < b.size(); ++i, u >>= 8U) b[i] = static_cast<char>(u & 0xFFU);
  out.append(b.data(), b.size());
}

void put_text_cell(std::string& out, std::string_view t) {
  std::array<char, 5> b{'s'};
  auto n = static_cast<std::uint32_t>(t.size());
  for (std::size_t i = 1; i < b.size(); ++i, n >>= 8U) b[i] = static_cast<char>(n & 0xFFU);
  out.append(b.data(), b.size());
  out.append(t);
}

void put_cell(std::string& out, const cell& c) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) put_integer_cell(out, *i);
  else if (const auto* s = std::get_if<std::string>(&c)) put_text_cell(out, *s);
  else out += 'n';
}

// The cells put_cell wrote, in order.
std::vector<cell> cells_of(std::string_view bytes) {
  std::vector<cell> out;
  const auto take = [&](std::size_t n) {
    if (bytes.size() < n) throw std::logic_error("a kept projection row is cut short");
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < n; ++b) v |= std::uint64_t{static_cast<unsigned char>(bytes[b])} << (8U * b);
    bytes.remove_prefix(n);
    return v;
  };
  while (!bytes.empty()) {
    const char tag = bytes.front();
    bytes.remove_prefix(1);
    if (tag == 'i') {
      out.emplace_back(static_cast<std::int64_t>(take(8)));
    } else if (tag == 's') {
      const auto n = static_cast<std::size_t>(take(4));
      if (bytes.size() < n) throw std::logic_error("a kept projection text is cut short");
      out.emplace_back(std::string(bytes.substr(0, n)));
      bytes.remove_prefix(n);
    } else {
      out.emplace_back();
    }
  }
  return out;
}

// One projection table's rows for a review as a writer keeps them between
// writes: each row's cells as bytes (its key's, then its values'), all in
// one buffer, ordered by the key's bytes. A few allocations a table, where
// a map of cells took several a row: dropping a review from the cache and
// reading its rows back on a miss cost a fifth of an append.
struct kept_rows {
  struct row {
    std::uint32_t at = 0, key_size = 0, size = 0;
  };
  std::string bytes;
  std::vector<row> rows;

  [[nodiscard]] std::string_view key(const row& r) const { return std::string_view(bytes).substr(r.at, r.key_size); }
  [[nodiscard]] std::string_view whole(const row& r) const { return std::string_view(bytes).substr(r.at, r.size); }
  // Ends the row begun at `at`, its key `key_size` bytes.
  void end_row(std::size_t at, std::size_t key_size) {
    rows.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(key_size),
                    static_cast<std::uint32_t>(bytes.size() - at)});
  }
  void sort() {
    std::sort(rows.begin(), rows.end(), [this](const row& a, const row& b) { return key(a) < key(b); });
  }
};

// A row of `chronologies`: what the store answers, and what it seals.
struct chronology_row {
  chronology_submission s;
  std::string document, hash;
};

// A review as a writer last wrote it: see impl::writable. Without its
// review (a writer keeps few in full), the entry still knows the review's
// projection rows: about 12 KB for a 100-event review, which spare reading
// them back.
struct cached_review {
  std::uint64_t sequence = 0;
  std::string hash;  // the last hash of its chain
  std::optional<review> r;
  std::array<kept_rows, 4> projections;  // milestones, obligations, compliance, warnings
  std::array<cell, 5> columns;           // the reviews row's projected columns
  bool projected = false;
  // The reviews row's summary columns as last written (write_summary), known
  // once `summarised`: a write sets only those that change, so that an index
  // on a column that did not change (state, closed_at_us) is not written.
  std::array<cell, 7> summary;
  bool summarised = false;
  std::uint64_t used = 0;
  std::uint64_t snapshot = 0;  // the events its stored snapshot folds (0: none known)
  // The events whose bodies the stored snapshot holds, and their hash.
  std::uint64_t bodies_count = 0;
  std::string bodies_hash;
  // While it keeps only its projections: the review as it was pushed out,
  // parked as bytes, and the context it was folded under (write_cache::make_room).
  std::optional<detail::review_access::parked_review> parked;
  std::string parked_context;
};

// The reviews a writer keeps (impl::writable): each entry by reference, and
// the order they were used in, those kept in full apart from those that
// keep only their projections, so that finding the one to push out does not
// walk them all (a writer may keep a thousand).
class write_cache {
 public:
  cached_review* find(std::string_view reference) {
    const auto it = entries_.find(reference);
    return it == entries_.end() ? nullptr : &it->second;
  }
  void erase(std::string_view reference) {
    const auto it = entries_.find(reference);
    if (it == entries_.end()) return;
    order(it->second).erase(it->second.used);
    entries_.erase(it);
  }
  void clear() noexcept {
    entries_.clear();
    full_.clear();
    light_.clear();
  }
  // Kept in full, used now; any entry the reference had is replaced.
  cached_review& put(std::string_view reference, cached_review c) {
    erase(reference);
    c.used = ++tick_;
    const auto it = entries_.emplace(std::string(reference), std::move(c)).first;
    try {
      full_.emplace(it->second.used, it->first);
    } catch (...) {
      entries_.erase(it);  // never an entry out of the order
      throw;
    }
    return it->second;
  }
  void touch(cached_review& c) { move(c, [&] {}); }
  // An entry that kept only its projections, in full again.
  review& promote(cached_review& c, review r) {
    move(c, [&] {
      c.r.emplace(std::move(r));
      c.parked.reset();
    });
    return *c.r;
  }
  // Room for one more review in full, other than `except`'s: the one used
  // longest ago keeps only its projections and the review parked as bytes
  // (`park(c)`, which must not throw), or goes, if it has no projections;
  // and the entry without a review used longest ago goes while there are
  // more than `light` of those.
  template <class Park>
  void make_room(std::string_view except, std::size_t keep, std::size_t light, Park&& park) {
    while (full_.size() >= std::max<std::size_t>(1, keep)) {
      auto oldest = full_.begin();
      if (oldest->second == except && ++oldest == full_.end()) break;
      cached_review& c = entries_.find(oldest->second)->second;
      if (c.projected) {
        move(
            c,
            [&] {
              park(c);
              c.r.reset();
            },
            false);
      } else {
        erase(std::string(oldest->second));
      }
    }
    while (light_.size() > light) {
      auto oldest = light_.begin();
      if (oldest->second == except && ++oldest == light_.end()) break;
      erase(std::string(oldest->second));
    }
  }

 private:
  std::map<std::uint64_t, std::string>& order(const cached_review& c) { return c.r ? full_ : light_; }
  // Changes the entry with `change`, refiling it by what it keeps and, when
  // `used`, as used now.
  // The node moves between the orders without allocating, so the entry is
  // never left out of both.
  template <class F>
  void move(cached_review& c, F&& change, bool used = true) {
    auto& from = order(c);
    auto node = from.extract(c.used);
    try {
      change();
    } catch (...) {
      from.insert(std::move(node));
      throw;
    }
    if (used) c.used = ++tick_;
    node.key() = c.used;
    order(c).insert(std::move(node));
  }

  std::map<std::string, cached_review, std::less<>> entries_;
  std::map<std::uint64_t, std::string> full_, light_;  // when used -> reference
  std::uint64_t tick_ = 0;
};

struct projection_table {
  const char* name;
  std::vector<const char*> keys, values;
  // The first `labelled` values (title, owner and, for milestones, kind) are
  // stored as one number in the `label` column, which refers to `labels`.
  std::size_t labelled = 0;
};

const projection_table milestone_table{
    "milestone_projection",
    {"milestone", "agency"},
    {"title", "owner", "kind", "due", "completed_on", "waived", "provisional"},
    3};
const projection_table obligation_table{
    "obligation_projection",
    {"obligation", "agency", "occurrence"},
    {"title", "owner", "due", "discharged_on", "waived", "open_until"},
    2};
const projection_table compliance_table{
    "compliance_projection",
    {"headline"},
    {"milestone", "due", "original_due", "completed_on", "on_time", "extended", "breach", "days_late"}};
const projection_table warning_table{
    "warning_projection", {"position"}, {"kind", "message", "rule", "level", "cite", "at_us"}};

// The numbers a writer knows of rows kept once and referred to by number (a
// label: a projection row's title, owner and kind; an actor: name, role and
// agency): those it has seen committed, and those found or added in the
// transaction it has open, which it keeps only if that transaction commits
// (a number added and rolled back may be given to another row).
class text_numbers {
 public:
  using key = std::tuple<std::string, std::string, std::string>;
  std::optional<std::int64_t> find(const key& k) const {
    if (const auto it = known_.find(k); it != known_.end()) return it->second;
    if (const auto it = pending_.find(k); it != pending_.end()) return it->second;
    return std::nullopt;
  }
  void add(key k, std::int64_t n) { pending_.emplace(std::move(k), n); }
  void commit() {
    known_.merge(pending_);
    pending_.clear();
  }
  void rollback() noexcept { pending_.clear(); }

 private:
  std::map<key, std::int64_t> known_, pending_;
};

// Labels are never deleted, so their numbers are kept once committed; an
// actor is deleted with the last review it acted in (purge, perhaps by
// another process), so its number is looked up again in each transaction.
struct numbered {
  text_numbers labels, actors;
  void commit() {
    labels.commit();
    actors.rollback();
  }
  void rollback() noexcept {
    labels.rollback();
    actors.rollback();
  }
};

// A transaction in which the store writes (connection::begin_write: every
// writer in turn); rolled back unless committed.
class write_transaction {
 public:
  write_transaction(connection& db, numbered& numbers) : db_(db), numbers_(numbers) { db_.begin_write(); }
  void commit() {
    db_.commit();
    done_ = true;
    numbers_.commit();
  }
  ~write_transaction() {
    if (!done_) {
      numbers_.rollback();
      db_.rollback();
    }
  }
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;

 private:
  connection& db_;
  numbered& numbers_;
  bool done_ = false;
};

// Statements kept for the life of the store, each prepared once.
class kept_statements {
 public:
  statement& get(connection& db, const std::string& sql) {
    if (const auto it = kept_.find(sql); it != kept_.end()) return *it->second;
    return *kept_.emplace(sql, db.prepare(sql, true)).first->second;
  }

 private:
  std::map<std::string, std::unique_ptr<statement>, std::less<>> kept_;
};

// A query on a kept statement that reads the longest lists (tens of
// thousands of rows) without an object per cell; reset when done with.
class raw_query {
 public:
  raw_query(connection& db, kept_statements& kept, const std::string& sql) : q_(kept.get(db, sql)) {}
  ~raw_query() { q_.reset(); }
  raw_query(const raw_query&) = delete;
  raw_query& operator=(const raw_query&) = delete;
  void bind(int index, const std::string& text) { q_.bind_text(index, text); }
  void bind(int index, std::int64_t value) { q_.bind_integer(index, value); }
  bool step() { return q_.step(); }
  [[nodiscard]] std::string_view text(int column) const { return q_.bytes(column); }
  [[nodiscard]] int integer(int column) const { return static_cast<int>(q_.integer(column)); }
  [[nodiscard]] std::int64_t int64(int column) const { return q_.integer(column); }
  [[nodiscard]] bool null(int column) const { return q_.is_null(column); }
  // The value as a projection cell: NULL, an integer, or text.
  [[nodiscard]] cell value(int column) const {
    if (q_.is_null(column)) return {};
    if (q_.is_integer(column)) return q_.integer(column);
    return std::string(q_.bytes(column));
  }
  // The value as put_cell puts the cell value() gives.
  void put(std::string& out, int column) const {
    if (q_.is_null(column)) out += 'n';
    else if (q_.is_integer(column)) put_integer_cell(out, q_.integer(column));
    else put_text_cell(out, q_.bytes(column));
  }
  void reset() { q_.reset(); }

 private:
  statement& q_;
};

}  // namespace

struct store::impl {
  std::string path;
  std::unique_ptr<connection> link;
  connection& db;
  store_options options;
  // A list of due items is being handed out (store::each_overdue,
  // each_due_between): its query is the store's own statement, in use.
  mutable bool listing = false;
  // The calendars libscr knows by name: England and Wales, and those added
  // (add_calendar); and those in use, each replaced by the last version the
  // store has loaded of it (calendar_versions).
  std::map<std::string, calendar, std::less<>> known_calendars;
  mutable std::map<std::string, calendar, std::less<>> calendars;
  // Stored versions that no longer parse, by name: reported by verify; the
  // calendar is not used (store_error) and writes are refused.
  mutable std::map<std::string, std::string, std::less<>> calendar_damage;
  // Name -> the SHA-256 of its last stored version's definition: part of the
  // context a review runs under (none: the calendar libscr knows by the name).
  mutable std::map<std::string, std::string, std::less<>> calendar_tokens;
  mutable std::int64_t calendar_epoch = -1;  // the last calendar_versions position read (-1: not read)
  mutable std::map<std::pair<std::string, int>, std::shared_ptr<const procedure>> procedures;
  // Declared after db, so destroyed before it.
  mutable kept_statements raw;
  // Mutable: a calendar version loaded by another process empties it
  // (refresh_calendars), whatever call notices it first.
  mutable write_cache cache;
  numbered numbers;
  // On PostgreSQL: the login, and whether it owns (administers) the store.
  std::string login;
  bool owner = true;

  impl(std::string p, std::unique_ptr<connection> c, store_options o)
      : path(std::move(p)), link(std::move(c)), db(*link), options(std::move(o)) {
    if (!options.clock) options.clock = [] { return boost::posix_time::microsec_clock::universal_time(); };
    known_calendars.emplace("england-and-wales", calendar::england_and_wales());
    calendars = known_calendars;
  }

  int pragma(const char* name) { return static_cast<int>(integer_of(db, std::string("PRAGMA ") + name)); }

  // One snapshot of the file for a question that reads it more than once: a
  // write committed by another process between two reads would otherwise
  // look like damage, or give a review twice or not at all. Within a
  // transaction already open (a write, or an outer question), that one.
  class reading {
   public:
    explicit reading(connection& db) : db_(db.in_transaction() ? nullptr : &db) {
      if (db_ != nullptr) db_->begin_read();
    }
    ~reading() {
      if (db_ != nullptr) db_->rollback();  // it changed nothing
    }
    reading(const reading&) = delete;
    reading& operator=(const reading&) = delete;

   private:
    connection* db_;
  };

  // What the database says it is: its schema version, whether it is marked
  // as another application's, and whether it holds other tables. One
  // snapshot for the three readings: another process may be creating the
  // schema at this moment.
  struct marks {
    int version = 0;
    bool other_application = false, other_tables = false;
  };

  marks read_marks() {
    marks m;
    db.begin_read();
    try {
      if (db.kind() == dialect::sqlite) {
        m.version = pragma("user_version");
        const int app = pragma("application_id");
        m.other_application = app != 0 && app != application_id;
        m.other_tables = app == 0 && integer_of(db, "SELECT count(*) FROM sqlite_master") != 0;
      } else {
        // The version and the marker in store_meta (postgresql_schema.hpp),
        // in the connection's schema (its search_path).
        check_schema_usable();
        if (integer_of(db, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
                           "tablename = 'store_meta'") != 0) {
          query q(db, "SELECT name, value FROM store_meta WHERE name IN ('application', 'schema_version')");
          bool marked = false;
          while (q.executeStep()) {
            const std::string name = q.getColumn(0).getString(), value = q.getColumn(1).getString();
            if (name == "application") {
              marked = true;
              m.other_application = value != postgresql_application;
            } else {
              m.version = std::atoi(value.c_str());
            }
          }
          m.other_application = m.other_application || !marked;
        } else {
          m.other_tables =
              integer_of(db, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()") != 0;
        }
      }
      db.rollback();
    } catch (...) {
      db.rollback();
      throw;
    }
    return m;
  }

  void prepare() {
    if (db.kind() == dialect::sqlite) {
      // ON CONFLICT ... DO UPDATE and RETURNING, as the store writes its SQL.
      static_assert(SQLITE_VERSION_NUMBER >= 3035000, "libscr needs SQLite 3.35 or later");
      if (sqlite3_libversion_number() < 3035000) {
        throw store_error("store " + in_quotes(path) + ": libscr needs SQLite 3.35 or later, and this process has " +
                          sqlite3_libversion() + ". Nothing was written");
      }
      db.execute("PRAGMA foreign_keys = ON");
    }
    const marks m = read_marks();
    const int version = m.version;
    const char* what = db.kind() == dialect::sqlite ? "an SQLite database" : "a PostgreSQL schema";
    if (m.other_application) {
      throw store_error("store " + in_quotes(path) + " is " + what + " of another application, not a libscr store");
    }
    if (version < 0) {
      throw store_error("store " + in_quotes(path) + " has schema version " + std::to_string(version) +
                        ", which no libscr writes: not a libscr store. Nothing was written");
    }
    if (version > current_schema) {
      throw store_error("store " + in_quotes(path) + " has schema version " + std::to_string(version) +
                        ", newer than this libscr knows (" + std::to_string(current_schema) +
                        "); upgrade libscr to open it. Nothing was written");
    }
    if (version == 0 && m.other_tables) {
      throw store_error("store " + in_quotes(path) + " is " + what + " with other tables, not a libscr store");
    }
    if (options.read_only) {
      // Nothing is written: no pragma that writes, no migration.
      if (version == 0) throw store_error("store " + in_quotes(path) + " is not a libscr store (it has no schema)");
      if (version < current_schema) {
        throw store_error("store " + in_quotes(path) + " has schema version " + std::to_string(version) +
                          "; open it once for writing (any `scr` command that records) to migrate it to " +
                          std::to_string(current_schema));
      }
      check_key_or_throw(version);
      if (!keyed && !options.key.empty()) throw store_error("store " + in_quotes(path) + " has no key");
      refresh_calendars();
      return;
    }
    check_key_or_throw(version);
    if (db.kind() == dialect::sqlite) {
      db.execute("PRAGMA journal_mode = WAL");
      // FULL: each commit syncs the WAL, so an acknowledged write survives a
      // power loss, not only a killed process (NORMAL may lose the last commits).
      db.execute("PRAGMA synchronous = FULL");
      if (version < current_schema) migrate();
    } else if (version == 0) {
      if (!options.create) {
        throw input_error("no store at " + in_quotes(path) + ": create one with `scr init`, or name another database");
      }
      create_postgresql_schema();
    } else if (version < current_schema) {
      migrate_postgresql();
    }
    if (db.kind() == dialect::postgresql) find_login();
    adopt_key();
    compile_procedures();
    refresh_calendars();
  }

  // The calendar versions the store has loaded, if any changed since they
  // were last read (another process may have loaded one): each name's last
  // version replaces the calendar of that name. True if anything changed.
  bool refresh_calendars() const {
    std::int64_t epoch = 0;
    {
      auto q = statement("SELECT coalesce(max(position), 0) FROM calendar_versions");
      if (q->executeStep()) epoch = q->getColumn(0).getInt64();
    }
    if (epoch == calendar_epoch) return false;
    auto next = known_calendars;
    std::map<std::string, std::string, std::less<>> tokens;
    std::map<std::string, std::string, std::less<>> damage;
    query q(db,
            "SELECT c.name, c.version, c.definition FROM calendar_versions c WHERE c.position = "
            "(SELECT max(d.position) FROM calendar_versions d WHERE d.name = c.name)");
    while (q.executeStep()) {
      const std::string name = q.getColumn(0).getString();
      const std::string definition = q.getColumn(2).getString();
      try {
        next.insert_or_assign(name, calendar_from_json(definition));
        tokens.insert_or_assign(name, detail::sha256_hex(definition));
      } catch (const damaged& e) {
        damage.insert_or_assign(name, "calendar " + in_quotes(name) + " version " +
                                          in_quotes(q.getColumn(1).getString()) + " in store " + in_quotes(path) +
                                          " no longer loads (" + e.what() + "): it was altered outside libscr");
      }
    }
    calendars = std::move(next);
    calendar_tokens = std::move(tokens);
    calendar_damage = std::move(damage);
    contexts.clear();
    cache.clear();  // folded under the calendars before
    calendar_epoch = epoch;
    return true;
  }

  // Before a write: the store is still as this process found it (no key
  // since), and its calendars are the last loaded, none damaged.
  void ready_to_write() {
    check_still_unkeyed();
    refresh_calendars();
    if (!calendar_damage.empty()) throw store_error(calendar_damage.begin()->second + "; nothing was written");
  }

  // What the context hash says of a calendar: its name, and the version the
  // store loaded of it, if any.
  std::string calendar_context(const std::string& name) const {
    const auto it = calendar_tokens.find(name);
    return it == calendar_tokens.end() ? name : name + "@" + it->second;
  }

  void find_login() {
    query q(db, "SELECT session_user, (SELECT value FROM store_meta WHERE name = 'owner')");
    q.executeStep();
    login = q.getColumn(0).getString();
    owner = !q.getColumn(1).isNull() && q.getColumn(1).getString() == login;
  }

  // A write by `by` is refused (role_error) unless the login may act as that
  // person in that role: the store's owner may; any other login only as it is
  // mapped (the database's triggers refuse it too, for any client).
  void check_may_act(const actor& by) {
    if (owner || db.kind() != dialect::postgresql) return;
    query q(db, "SELECT scr_may_act(?1, ?2, ?3)");
    q.bind(1, by.name);
    q.bind(2, by.role);
    q.bind(3, by.agency);
    if (q.executeStep() && q.getColumn(0).getInt64() != 0) return;
    std::string mapped;
    query m(db, "SELECT name, role, agency FROM logins WHERE login = session_user ORDER BY name, role, agency");
    while (m.executeStep()) {
      mapped += (mapped.empty() ? "" : "; ") + m.getColumn(0).getString() + " as " + m.getColumn(1).getString() +
                (m.getColumn(2).getString().empty() ? "" : " for " + m.getColumn(2).getString());
    }
    throw role_error("login " + in_quotes(login) + " may not act as " + by.name + " in role " + in_quotes(by.role) +
                     (by.agency.empty() ? "" : " for " + by.agency) + " in store " + in_quotes(path) +
                     ": a login acts only as the people and roles the store's administrator maps it to (" +
                     (mapped.empty() ? std::string("it is mapped to none") : "it is mapped to: " + mapped) +
                     "; `scr logins grant`, docs/deploying.md). Nothing was written");
  }

  // A store on PostgreSQL is in the first schema of the login's search_path
  // that exists and that the login may use (current_schema()).
  void check_schema_usable() {
    query where(db, "SELECT current_schema() IS NULL, session_user, current_setting('search_path')");
    where.executeStep();
    if (where.getColumn(0).getInt64() == 0) return;
    throw store_error("store " + in_quotes(path) + ": login " + in_quotes(where.getColumn(1).getString()) +
                      " may use no schema its search_path names (" + where.getColumn(2).getString() +
                      "): the partnership's schema does not exist (its database administrator creates it: CREATE "
                      "SCHEMA name AUTHORIZATION login), or the login is not one of the partnership's members (its "
                      "administrator maps members with `scr logins grant`; docs/deploying.md)");
  }

  // The schema in an empty PostgreSQL schema; of several processes creating
  // it at once, the first to take the writers' turn creates it.
  void create_postgresql_schema() {
    write_transaction t(db, numbers);
    check_schema_usable();
    const std::string schema = [&] {
      query where(db, "SELECT quote_ident(current_schema())");
      where.executeStep();
      return where.getColumn(0).getString();
    }();
    if (integer_of(db, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
                       "tablename = 'store_meta'") == 0) {
      db.execute(postgresql_schema());
      db.execute(postgresql_security(schema));
    }
    t.commit();
  }

  // A store on PostgreSQL of an older version, by its owner: the tables and
  // rights each version adds (version 11: the chronologies'; 12: an index).
  void migrate_postgresql() {
    write_transaction t(db, numbers);
    query who(db, "SELECT session_user, (SELECT value FROM store_meta WHERE name = 'owner'), "
                  "(SELECT value FROM store_meta WHERE name = 'schema_version'), quote_ident(current_schema())");
    who.executeStep();
    const int from = std::stoi(who.getColumn(2).getString());
    if (from >= current_schema) {
      t.commit();
      return;
    }
    if (who.getColumn(0).getString() != who.getColumn(1).getString()) {
      throw store_error("store " + in_quotes(path) + " has schema version " + std::to_string(from) +
                        "; its owner (login " + who.getColumn(1).getString() + ") must open it once to migrate it to " +
                        std::to_string(current_schema) + ". Nothing was written");
    }
    if (from < 10) {
      throw store_error("store " + in_quotes(path) + " has schema version " + std::to_string(from) +
                        ", from which this libscr does not migrate a PostgreSQL store. Nothing was written");
    }
    std::vector<std::string> logins;
    query l(db, "SELECT DISTINCT quote_ident(login) FROM logins ORDER BY 1");
    while (l.executeStep()) logins.push_back(l.getColumn(0).getString());
    db.execute(postgresql_migration(who.getColumn(3).getString(), logins, from));
    t.commit();
  }

  // Every stored procedure gets the compiled form this engine reads (once
  // per procedure, and again after an upgrade of libscr).
  void compile_procedures() {
    if (!can_check_seals()) return;
    auto stale = [&] {
      query q(db,
              "SELECT p.id, p.version, p.definition FROM procedures p LEFT JOIN compiled_procedures c "
              "ON c.id = p.id AND c.version = p.version WHERE c.engine IS NULL OR c.engine != ?");
      q.bind(1, engine_tag());
      std::vector<std::tuple<std::string, int, std::string>> out;
      while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getString());
      return out;
    };
    if (stale().empty()) return;
    write_transaction t(db, numbers);
    check_still_unkeyed();
    for (const auto& [id, version, definition] : stale()) {
      try {
        store_compiled(id, version, definition, parse_stored(id, version, definition));
      } catch (const damaged&) {
        // Left to fail where it is used, and to verify, naming the procedure.
      }
    }
    t.commit();
  }

  void store_compiled(const std::string& id, int version, const std::string& definition, const procedure& p) {
    if (!can_check_seals()) return;
    const std::string form = detail::encode_procedure(p);
    auto q = statement(upsert_sql("compiled_procedures", {"id", "version"}, {"engine", "form", "seal"}));
    q->bind(1, id);
    q->bind(2, version);
    q->bind(3, engine_tag());
    q->bind_blob(4, form);
    q->bind(5, compiled_seal(id, version, definition, form));
    q->exec();
  }

  bool keyed = false;
  static constexpr const char* key_check_text = "libscr store key";

  std::optional<std::string> stored_key_check() {
    query q(db, "SELECT value FROM store_meta WHERE name = 'key_check'");
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
  }

  // Before anything is written: a keyed store needs its key, and the right one.
  void check_key_or_throw(int version) {
    if (version < 4) return;  // no store_meta yet: it has no key
    const auto stored = stored_key_check();
    if (!stored) return;
    keyed = true;
    if (options.key.empty()) {
      if (options.read_only) return;
      throw store_error("store " + in_quotes(path) +
                        " is keyed: give its key file (--key-file FILE or SCR_KEY_FILE); without it nothing is written");
    }
    if (*stored != detail::hmac_sha256_hex(options.key, key_check_text)) {
      throw store_error("the key given does not match store " + in_quotes(path) + "; nothing was written");
    }
  }

  // A writer that found the store without a key checks, in each write, that
  // another process has not keyed it since (a key is adopted while a store
  // holds no events): the hashes it would write would not verify.
  // Once the ledger holds a write, no one can key the store any more
  // (adopt_key), and the check is not made again.
  void check_still_unkeyed() {
    if (keyed || never_keyed) return;
    auto q = statement(
        "SELECT EXISTS (SELECT 1 FROM store_meta WHERE name = 'key_check'), EXISTS (SELECT 1 FROM ledger)");
    q->executeStep();
    if (q->getColumn(0).getInt() != 0) {
      throw store_error("store " + in_quotes(path) +
                        " was keyed by another process after it was opened here: open it again with its key file "
                        "(--key-file FILE or SCR_KEY_FILE); nothing was written");
    }
    never_keyed = q->getColumn(1).getInt() != 0;
  }
  bool never_keyed = false;  // unkeyed, with writes in its ledger: it stays so

  // After the schema is there: a key given for a store without one keys it,
  // if it holds no events yet.
  void adopt_key() {
    if (keyed || options.key.empty()) {
      if (keyed && !options.key.empty()) check_key_or_throw(current_schema);
      return;
    }
    write_transaction t(db, numbers);
    if (const auto stored = stored_key_check()) {
      t.commit();
      keyed = true;
      check_key_or_throw(current_schema);
      return;
    }
    // Nothing hashed yet: no event, and no write in the ledger (a store whose
    // reviews were all purged still has its unkeyed ledger).
    if (integer_of(db, "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM ledger)") != 0) {
      throw store_error("store " + in_quotes(path) +
                        " was created without a key and already holds events or writes in its ledger: its chains "
                        "cannot be keyed afterwards");
    }
    query q(db, "INSERT INTO store_meta (name, value) VALUES ('key_check', ?)");
    q.bind(1, detail::hmac_sha256_hex(options.key, key_check_text));
    q.exec();
    t.commit();
    keyed = true;
  }

  // Migrations from each older schema, each in one transaction.
  void migrate() {
    // Without foreign key checks: rows of no review (put in outside libscr)
    // are carried over for verify to name, instead of stopping the migration.
    // The pragma has no effect inside a transaction, so it is set around it.
    struct foreign_keys_off {
      connection& db;
      explicit foreign_keys_off(connection& d) : db(d) { db.execute("PRAGMA foreign_keys = OFF"); }
      ~foreign_keys_off() {
        try {
          db.execute("PRAGMA foreign_keys = ON");
        } catch (...) {  // NOLINT(bugprone-empty-catch): the migration's own error is the one to report
        }
      }
      foreign_keys_off(const foreign_keys_off&) = delete;
      foreign_keys_off& operator=(const foreign_keys_off&) = delete;
    } unchecked(db);
    // The write lock first, then the version read again: of several
    // processes creating the same store at once, exactly one creates it.
    write_transaction t(db, numbers);
    const int from = pragma("user_version");
    if (from >= current_schema) {
      t.commit();
      return;
    }
    for (int v = from + 1; v <= current_schema; ++v) {
      if (v == 9) register_sqlite_migration_functions(sqlite_handle(db));
      db.execute(sqlite_schema_step(v));
    }
    // Reviews written under an older version get their projections and
    // retention dates (4), and what the monthly report reads (7), now.
    std::vector<std::string> refs;
    query q(db, "SELECT reference FROM reviews");
    while (from < 7 && q.executeStep()) refs.push_back(q.getColumn(0).getString());
    for (const auto& ref : refs) {
      try {
        const review r = rebuild(ref, require_review(ref));
        write_summary(ref, r);
        project(ref, r);
      } catch (const input_error&) {
        // A calendar not yet added: projected on the review's next write.
      }
    }
    if (from < 5) seed_ledger();
    db.execute("PRAGMA application_id = " + std::to_string(application_id));
    db.execute("PRAGMA user_version = " + std::to_string(current_schema));
    t.commit();
  }

  const calendar& calendar_named(std::string_view name) const {
    if (const auto d = calendar_damage.find(name); d != calendar_damage.end()) throw store_error(d->second);
    const auto it = calendars.find(name);
    if (it == calendars.end()) {
      throw input_error("calendar " + in_quotes(name) + " is not known to the store; add it with add_calendar first");
    }
    return it->second;
  }

  // The seals of derived copies can be checked: the store has no key, or it
  // was given (a keyed store opened to read without its key parses).
  bool can_check_seals() const { return !keyed || !options.key.empty(); }

  std::string compiled_seal(const std::string& id, int version, std::string_view definition,
                            std::string_view form) const {
    return seal_of("compiled", {id, std::to_string(version), engine_tag(), detail::sha256_hex(definition), form},
                   options.key);
  }

  static procedure parse_stored(const std::string& id, int version, const std::string& definition) {
    try {
      return procedure::parse(definition, "stored:" + id + "@" + std::to_string(version));
    } catch (const input_error& e) {
      throw damaged("the stored procedure " + in_quotes(id) + " version " + std::to_string(version) +
                    " no longer loads: " + e.what());
    }
  }

  // A stored procedure: its compiled form when that is sound (this engine's,
  // sealed over the definition), otherwise its definition parsed again.
  std::shared_ptr<const procedure> procedure_of(const std::string& id, int version) const {
    const auto key = std::pair{id, version};
    if (const auto it = procedures.find(key); it != procedures.end()) return it->second;
    auto q = statement(
        "SELECT p.definition, c.engine, c.form, c.seal FROM procedures p LEFT JOIN compiled_procedures c "
        "ON c.id = p.id AND c.version = p.version WHERE p.id = ? AND p.version = ?");
    q->bind(1, id);
    q->bind(2, version);
    if (!q->executeStep()) {
      throw store_error("store " + in_quotes(path) + " has no procedure " + in_quotes(id) + " version " +
                        std::to_string(version));
    }
    const std::string definition = q->getColumn(0).getString();
    std::shared_ptr<const procedure> p;
    if (!q->getColumn(1).isNull() && q->getColumn(1).getString() == engine_tag() && can_check_seals()) {
      const auto form = q->getColumn(2);
      const std::string_view bytes = form.bytes();
      if (q->getColumn(3).getString() == compiled_seal(id, version, definition, bytes)) {
        if (auto decoded = detail::decode_procedure(bytes)) p = std::make_shared<const procedure>(std::move(*decoded));
      }
    }
    if (!p) p = std::make_shared<const procedure>(parse_stored(id, version, definition));
    procedures.emplace(key, p);
    return p;
  }

  struct review_row {
    std::string procedure_id, calendar_name;
    int procedure_version = 0;
    std::uint64_t sequence = 0;
  };

  std::optional<review_row> find_review(std::string_view reference) const {
    auto q = statement("SELECT procedure_id, procedure_version, calendar, sequence FROM reviews WHERE reference = ?");
    q->bind(1, std::string(reference));
    if (!q->executeStep()) return std::nullopt;
    return review_row{q->getColumn(0).getString(), q->getColumn(2).getString(), q->getColumn(1).getInt(),
                      static_cast<std::uint64_t>(q->getColumn(3).getInt64())};
  }

  review_row require_review(std::string_view reference) const {
    auto row = find_review(reference);
    if (!row) {
      // The closest references, whatever the case: a typing mistake.
      const auto lower = [](std::string_view s) {
        std::string out(s);
        for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
      };
      query q(db, "SELECT reference FROM reviews");
      std::vector<std::string> refs, lowered;
      while (q.executeStep()) {
        refs.push_back(q.getColumn(0).getString());
        lowered.push_back(lower(refs.back()));
      }
      std::string hint;
      const std::string want = lower(reference);
      for (std::size_t i = 0; i < refs.size() && hint.empty(); ++i)
        if (lowered[i] == want) hint = refs[i];
      if (hint.empty()) {
        const std::string near = detail::closest(want, lowered);
        for (std::size_t i = 0; i < refs.size() && hint.empty(); ++i)
          if (!near.empty() && lowered[i] == near) hint = refs[i];
      }
      throw input_error("no review " + in_quotes(reference) + " in store " + in_quotes(path) +
                        (hint.empty() ? std::string(refs.empty() ? "; it has no reviews yet" : "")
                                      : "; did you mean " + in_quotes(hint) + "?"));
    }
    return *row;
  }

  // The review's events after the first `after` (up to `last`).
  std::vector<stored_event> read_events(std::string_view reference, std::uint64_t after = 0,
                                        std::uint64_t last = static_cast<std::uint64_t>(INT64_MAX)) const {
    // From event `after` itself, whose hash is the previous hash of the next.
    auto q = statement(
        "SELECT e.sequence, e.kind, e.name, e.agency, e.subject, e.at_us, e.recorded_at_us, a.name, a.role, a.agency, "
        "e.payload, e.hash, e.corrects, e.reason FROM events e LEFT JOIN actors a ON a.actor = e.actor "
        "WHERE e.reference = ? AND e.sequence >= ? AND e.sequence <= ? ORDER BY e.sequence");
    q->bind(1, std::string(reference));
    q->bind(2, static_cast<std::int64_t>(after));
    q->bind(3, static_cast<std::int64_t>(last));
    std::vector<stored_event> out;
    std::string previous;
    while (q->executeStep()) {
      stored_event s;
      s.sequence = static_cast<std::uint64_t>(q->getColumn(0).getInt64());
      if (after != 0 && s.sequence == after) {
        previous = hash_hex(q->getColumn(11));
        continue;
      }
      try {
        s.event.kind = kind_from(q->getColumn(1).getString());
        s.event.name = q->getColumn(2).getString();
        s.event.agency = q->getColumn(3).getString();
        s.event.subject = q->getColumn(4).getString();
        s.event.at = from_micros(q->getColumn(5).getInt64());
        s.recorded_at = from_micros(q->getColumn(6).getInt64());
        s.event.by = actor{q->getColumn(7).getString(), q->getColumn(8).getString(), q->getColumn(9).getString()};
        const std::string_view payload = q->getColumn(10).bytes();
        if (payload != "{}") s.event.data = from_json(nlohmann::json::parse(payload));
      } catch (const damaged& e) {
        throw damaged("event " + std::to_string(s.sequence) + " of review " + in_quotes(reference) +
                      " cannot be read: " + e.what());
      } catch (const nlohmann::json::exception& e) {
        throw damaged("the payload of event " + std::to_string(s.sequence) + " of review " + in_quotes(reference) +
                      " is not valid JSON: " + e.what());
      }
      s.previous_hash = std::move(previous);
      s.hash = hash_hex(q->getColumn(11));
      previous = s.hash;
      s.event.corrects = static_cast<std::uint64_t>(q->getColumn(12).getInt64());
      s.event.reason = q->getColumn(13).getString();
      out.push_back(std::move(s));
    }
    return out;
  }

  // The snapshot a review was taken up from: the events it folds (0 for a
  // full replay), and those whose bodies it holds apart, with their hash.
  struct taken_from {
    std::uint64_t sequence = 0, bodies_count = 0;
    std::string bodies_hash;
  };

  // The review as its events give it: from its snapshot and the events
  // after it when the snapshot is sound and `use_snapshot`, otherwise by
  // replaying every event; `taken` says which.
  // `bodies_unread` (the writer's cache only: such a review never leaves this
  // store): a review taken up from a snapshot of more than
  // snapshot_bodies_up_to events reads each event's body from the file when
  // it is asked for; one of fewer keeps its snapshot's bodies as bytes and
  // decodes each when it is asked for (a write reads a few dozen). Otherwise
  // every body is decoded from the snapshot (or read from the events, for
  // those it lacks) before it is returned.
  review rebuild(std::string_view reference, const review_row& row, bool use_snapshot = true,
                 taken_from* taken = nullptr, bool bodies_unread = false) const {
    refresh_calendars();
    const auto p = procedure_of(row.procedure_id, row.procedure_version);
    std::optional<snapshot_row> snap;
    if (use_snapshot) snap = sound_snapshot(reference, row, false);
    // Lazy only from a snapshot long enough to hold its first and last
    // events' bodies in its fold (review_access::snapshot_head).
    const bool lazy = bodies_unread && snap && snap->sequence > detail::review_access::snapshot_bodies_up_to;
    const bool keep = bodies_unread && snap && !lazy && snap->bodies_count > 0;
    if (snap && !lazy) {
      read_snapshot_bodies(reference, *snap);
      if (bodies_hash_of(*snap->bodies) != snap->bodies_hash) snap.reset();  // altered: replayed in full
    }
    const std::uint64_t from = snap ? snap->sequence : 0;
    // The events the snapshot's bodies lack are read with those after it
    // (bodies_count > 0: the fold has its bodies apart).
    const std::uint64_t read_from = snap && snap->bodies && snap->bodies_count > 0 ? snap->bodies_count : from;
    auto stored = read_events(reference, read_from);
    // The review's row says how many events it has: fewer stored means some
    // were deleted, and a write on top of them would be acknowledged and lost.
    if (stored.size() != row.sequence - read_from ||
        (!stored.empty() && (stored.front().sequence != read_from + 1 || stored.back().sequence != row.sequence))) {
      throw store_error("store " + in_quotes(path) + " is damaged: review " + in_quotes(reference) + " records " +
                        std::to_string(row.sequence) + " events but " + std::to_string(read_from + stored.size()) +
                        " are stored (events were deleted or added outside libscr); nothing was written. "
                        "`scr review verify` names the first missing event");
    }
    std::optional<std::vector<review_event>> bodies;
    detail::review_access::kept_bodies kept;
    if (keep && snap && snap->bodies) {
      kept.bytes = std::move(*snap->bodies);
      kept.events = read_from;
      kept.after.reserve(from - read_from);
      for (std::size_t i = 0; i < from - read_from; ++i) kept.after.push_back(std::move(stored[i].event));
      stored.erase(stored.begin(), stored.begin() + static_cast<std::ptrdiff_t>(from - read_from));
    } else if (snap && snap->bodies && snap->bodies_count > 0) {
      try {
        bodies = detail::review_access::bodies_of(*snap->bodies);
      } catch (const std::exception&) {
        return rebuild(reference, row, false, taken);  // sealed, but not bodies this engine reads
      }
      if (bodies->size() != read_from) return rebuild(reference, row, false, taken);
      for (std::size_t i = 0; i < from - read_from; ++i) bodies->push_back(std::move(stored[i].event));
      stored.erase(stored.begin(), stored.begin() + static_cast<std::ptrdiff_t>(from - read_from));
    }
    std::vector<review_event> events;
    events.reserve(stored.size());
    for (auto& s : stored) events.push_back(std::move(s.event));
    const calendar& cal = calendar_named(row.calendar_name);  // the caller's to add: input_error
    try {
      if (snap) {
        auto r = keep ? detail::review_access::restore(p, cal, snap->state, std::move(kept))
                      : detail::review_access::restore(p, cal, snap->state, std::move(bodies));
        if (r) {
          if (detail::review_access::has_absent_bodies(*r)) detail::review_access::set_fetch(*r, fetcher(reference));
          detail::review_access::resume(*r, events);
          if (!lazy && !keep) detail::review_access::complete(*r);
          if (taken) *taken = {from, snap->bodies_count, snap->bodies_hash};
          return std::move(*r);
        }
        // Sealed but not this procedure's fold: replayed in full.
        return rebuild(reference, row, false, taken);
      }
      if (taken) *taken = {};
      return review::from_events(p, cal, std::move(events));
    } catch (const input_error& e) {
      throw store_error("store " + in_quotes(path) + ": the stored history of review " + in_quotes(reference) +
                        " no longer replays: " + e.what());
    } catch (const rule_error& e) {
      throw store_error("store " + in_quotes(path) + ": the stored history of review " + in_quotes(reference) +
                        " no longer replays: " + e.what());
    } catch (const error&) {
      throw;
    } catch (const std::exception& e) {
      throw damaged("the stored history of review " + in_quotes(reference) + " no longer replays: " + e.what());
    }
  }

  // How a review taken up without its events' bodies reads them from the file.
  detail::early_bodies::fetcher fetcher(std::string_view reference) const {
    return [this, ref = std::string(reference)](std::uint64_t first, std::uint64_t last) {
      auto rows = read_events(ref, first - 1, last);
      std::vector<review_event> out;
      out.reserve(rows.size());
      for (auto& s : rows) {
        if (s.sequence != first + out.size()) break;
        out.push_back(std::move(s.event));
      }
      if (out.size() != last - first + 1) {
        throw damaged("event " + std::to_string(first + out.size()) + " of review " + in_quotes(ref) +
                      " is missing: it was deleted outside libscr");
      }
      return out;
    };
  }

  // ---- snapshots ----

  struct snapshot_row {
    std::uint64_t sequence = 0, bodies_count = 0;
    std::string engine, context_hash, state, seal, event_hash, bodies_hash;
    std::optional<std::string> bodies;  // read only when asked for
  };

  // `with_bodies`: read the bodies of its first events too (a writer taking
  // a long review up reads the fold alone).
  std::optional<snapshot_row> read_snapshot(std::string_view reference, bool with_bodies) const {
    auto q = statement(
        "SELECT s.sequence, s.engine, s.context_hash, s.seal, s.bodies_count, s.bodies_hash, s.state, e.hash "
        "FROM snapshots s LEFT JOIN events e ON e.reference = s.reference AND e.sequence = s.sequence "
        "WHERE s.reference = ?");
    q->bind(1, std::string(reference));
    if (!q->executeStep()) return std::nullopt;
    snapshot_row out;
    out.sequence = static_cast<std::uint64_t>(q->getColumn(0).getInt64());
    out.engine = q->getColumn(1).getString();
    out.context_hash = q->getColumn(2).getString();
    out.seal = q->getColumn(3).getString();
    out.bodies_count = static_cast<std::uint64_t>(q->getColumn(4).getInt64());
    out.bodies_hash = hash_hex(q->getColumn(5));
    const auto state = q->getColumn(6);
    out.state.assign(state.bytes());
    out.event_hash = q->getColumn(7).isNull() ? std::string() : hash_hex(q->getColumn(7));
    if (with_bodies) read_snapshot_bodies(reference, out);
    return out;
  }

  // The bodies of the snapshot's first events (empty if there is no row).
  void read_snapshot_bodies(std::string_view reference, snapshot_row& s) const {
    auto b = statement("SELECT bytes FROM snapshot_bodies WHERE reference = ?");
    b->bind(1, std::string(reference));
    s.bodies.emplace();
    if (b->executeStep()) {
      const auto c = b->getColumn(0);
      s.bodies->assign(c.bytes());
    }
  }

  std::string snapshot_seal(std::string_view reference, const snapshot_row& s) const {
    return seal_of("snapshot",
                   {reference, std::to_string(s.sequence), s.engine, s.context_hash, s.state,
                    std::to_string(s.bodies_count), s.bodies_hash, s.event_hash},
                   options.key);
  }

  static std::string bodies_hash_of(std::string_view bodies) {
    return bodies.empty() ? std::string() : detail::sha256_hex(bodies);
  }

  // Why the review's snapshot cannot stand for its first events ("" when it
  // can): written by another engine, under another procedure or calendar,
  // past the review's end, or not matching its seal (nor its bodies, when
  // they were read, their hash).
  std::string snapshot_unsound(std::string_view reference, const review_row& row, const snapshot_row& s) const {
    if (s.engine != engine_tag()) return "it was written by another engine (" + s.engine + ")";
    if (s.sequence == 0 || s.sequence > row.sequence || s.event_hash.empty() || s.bodies_count > s.sequence) {
      return "it folds " + std::to_string(s.sequence) + " events, not a part of the review's " +
             std::to_string(row.sequence);
    }
    if (s.context_hash != context_of(row)) return "it was folded under another procedure definition or calendar";
    if (s.seal != snapshot_seal(reference, s)) return "it does not match its seal";
    if (s.bodies && bodies_hash_of(*s.bodies) != s.bodies_hash) return "its events' bodies do not match their hash";
    return {};
  }

  std::optional<snapshot_row> sound_snapshot(std::string_view reference, const review_row& row,
                                             bool with_bodies) const {
    if (!can_check_seals()) return std::nullopt;
    auto s = read_snapshot(reference, with_bodies);
    if (!s || !snapshot_unsound(reference, row, *s).empty()) return std::nullopt;
    return s;
  }

  // What is wrong with the review's snapshot, given the review a full replay
  // gives ("" when nothing: none, another engine's, or the fold of its first
  // events byte for byte, and the bodies of those it holds).
  std::string snapshot_difference(std::string_view reference, const review_row& row, const review& full) const {
    if (!can_check_seals()) return {};
    const auto s = read_snapshot(reference, true);
    if (!s || s->engine != engine_tag()) return {};
    const std::string what = "the snapshot of review " + in_quotes(reference) + " (after event " +
                             std::to_string(s->sequence) + ")";
    if (const std::string why = snapshot_unsound(reference, row, *s); !why.empty()) {
      return what + " is not used: " + why + "; it was altered outside libscr";
    }
    try {
      const std::span<const review_event> history(full.history());
      const auto prefix = review::from_events(full.definition_ptr(), full.calendar(), history.first(s->sequence));
      const auto want = detail::review_access::snapshot(prefix);
      // The bodies may be of fewer events than the fold, and in chunks (a
      // writer appends to those it holds): compared as the events they give.
      const bool bodies_apart = !want.bodies.empty();
      if (want.fold == s->state && bodies_apart == (s->bodies_count > 0) &&
          (!bodies_apart || detail::review_access::bodies_of(*s->bodies) ==
                                std::vector<review_event>(history.begin(), history.begin() + static_cast<std::ptrdiff_t>(
                                                                                                s->bodies_count)))) {
        return {};
      }
    } catch (const error& e) {
      return what + " could not be checked: its first events no longer replay (" + e.what() + ")";
    } catch (const std::exception&) {
      // Bodies that do not decode: reported below.
    }
    return what + " does not hold what its events give: it was altered outside libscr";
  }

  // Written with the events it folds, in their transaction. A review whose
  // bodies were not all read (a long one, in a writer) keeps the bodies the
  // store holds while they lack fewer than an eighth of its events, and
  // otherwise adds those of the events after them (a chunk); other reviews
  // write the bodies of all their events.
  void write_snapshot(std::string_view reference, const review& r, const std::string& event_hash,
                      cached_review* cached) {
    if (!can_check_seals()) return;
    const procedure& p = r.definition();
    snapshot_row s;
    s.sequence = r.size();
    s.engine = engine_tag();
    s.context_hash = context_of(p.id(), p.version(), p.calendar_name());
    std::optional<std::string> bodies;  // to write (none: the stored ones stand)
    if (detail::review_access::has_absent_bodies(r) && cached && cached->bodies_count > 0) {
      // The stored bodies: those the cached review knows of, if still there.
      auto q = statement("SELECT bodies_count, bodies_hash FROM snapshots WHERE reference = ?");
      q->bind(1, std::string(reference));
      if (q->executeStep() && static_cast<std::uint64_t>(q->getColumn(0).getInt64()) == cached->bodies_count &&
          hash_hex(q->getColumn(1)) == cached->bodies_hash) {
        s.bodies_count = cached->bodies_count;
        s.bodies_hash = cached->bodies_hash;
        if (s.sequence - s.bodies_count > std::max<std::uint64_t>(32, s.sequence / 8)) {
          auto b = statement("SELECT bytes FROM snapshot_bodies WHERE reference = ?");
          b->bind(1, std::string(reference));
          if (b->executeStep()) {
            const auto c = b->getColumn(0);
            std::string old(c.bytes());
            if (bodies_hash_of(old) == s.bodies_hash) {
              auto bytes = detail::review_access::snapshot(r, s.bodies_count);
              s.state = std::move(bytes.fold);
              bodies = std::move(old) + bytes.bodies;
              s.bodies_count = s.sequence;
            }
          }
          if (!bodies) s.bodies_count = 0;  // the stored ones are not what they were: all written again below
        } else {
          s.state = detail::review_access::snapshot(r, s.sequence).fold;
        }
      }
    }
    if (s.state.empty()) {
      auto bytes = detail::review_access::snapshot(r);
      s.state = std::move(bytes.fold);
      s.bodies_count = bytes.bodies.empty() ? 0 : s.sequence;
      bodies = std::move(bytes.bodies);
    }
    if (bodies) s.bodies_hash = bodies_hash_of(*bodies);
    s.event_hash = event_hash;
    auto q = statement(upsert_sql("snapshots", {"reference"},
                                  {"sequence", "engine", "context_hash", "seal", "bodies_count", "bodies_hash", "state"}));
    q->bind(1, std::string(reference));
    q->bind(2, static_cast<std::int64_t>(s.sequence));
    q->bind(3, s.engine);
    q->bind(4, s.context_hash);
    q->bind(5, snapshot_seal(reference, s));
    q->bind(6, static_cast<std::int64_t>(s.bodies_count));
    bind_hash(*q, 7, s.bodies_hash);
    q->bind_blob(8, s.state);
    q->exec();
    if (bodies) {
      auto b = statement(bodies->empty() ? "DELETE FROM snapshot_bodies WHERE reference = ?"
                                         : upsert_sql("snapshot_bodies", {"reference"}, {"bytes"}));
      b->bind(1, std::string(reference));
      if (!bodies->empty()) b->bind_blob(2, *bodies);
      b->exec();
    }
    if (cached) {
      cached->snapshot = s.sequence;
      cached->bodies_count = s.bodies_count;
      cached->bodies_hash = s.bodies_hash;
    }
  }

  std::string last_hash(std::string_view reference) const { return last_event(reference).second; }

  // The sequence and hash of the review's last stored event (0 and "" if none).
  std::pair<std::uint64_t, std::string> last_event(std::string_view reference) const {
    auto q = statement("SELECT sequence, hash FROM events WHERE reference = ? ORDER BY sequence DESC LIMIT 1");
    q->bind(1, std::string(reference));
    if (!q->executeStep()) return {0, std::string()};
    return {static_cast<std::uint64_t>(q->getColumn(0).getInt64()), hash_hex(q->getColumn(1))};
  }

  // ---- the ledger ----

  // The hash of what a review runs under, from the stored definition.
  mutable std::map<std::tuple<std::string, int, std::string>, std::string, std::less<>> contexts;

  const std::string& context_of(const std::string& id, int version, const std::string& calendar_name) const {
    auto key = std::tuple{id, version, calendar_name};
    if (const auto it = contexts.find(key); it != contexts.end()) return it->second;
    return contexts.emplace(std::move(key), context_under(id, version, calendar_context(calendar_name))).first->second;
  }
  const std::string& context_of(const review_row& row) const {
    return context_of(row.procedure_id, row.procedure_version, row.calendar_name);
  }
  // The context of a procedure version with `calendar` as what the hash says
  // of its calendar (calendar_context), read from the stored definition.
  std::string context_under(const std::string& id, int version, const std::string& calendar) const {
    auto q = statement("SELECT definition FROM procedures WHERE id = ? AND version = ?");
    q->bind(1, id);
    q->bind(2, version);
    if (!q->executeStep()) {
      throw damaged("procedure " + in_quotes(id) + " version " + std::to_string(version) + " is missing from the file");
    }
    return context_hash_of(id, version, q->getColumn(0).getString(), calendar);
  }
  // The context without the calendar's stored version: a review export's.
  std::string plain_context_of(const review_row& row) const {
    return context_under(row.procedure_id, row.procedure_version, row.calendar_name);
  }

  struct ledger_mark {
    std::uint64_t position = 0, sequence = 0;
    std::string kind, event_hash, context_hash;
  };

  // The ledger's last entry for the review: what its last write left.
  std::optional<ledger_mark> ledger_last(std::string_view reference) const {
    auto q = statement(
        "SELECT position, sequence, kind, event_hash, context_hash FROM ledger WHERE reference = ? "
        "AND kind <> 'calendar-version' ORDER BY position DESC LIMIT 1");
    q->bind(1, std::string(reference));
    if (!q->executeStep()) return std::nullopt;
    return ledger_mark{static_cast<std::uint64_t>(q->getColumn(0).getInt64()),
                       static_cast<std::uint64_t>(q->getColumn(1).getInt64()), q->getColumn(2).getString(),
                       hash_hex(q->getColumn(3)), hash_hex(q->getColumn(4))};
  }

  ledger_head ledger_tail() const {
    auto q = statement("SELECT position, hash FROM ledger ORDER BY position DESC LIMIT 1");
    if (!q->executeStep()) return {};
    return {static_cast<std::uint64_t>(q->getColumn(0).getInt64()), hash_hex(q->getColumn(1))};
  }

  // Chains an entry onto the ledger; the caller holds the write transaction.
  void ledger_append(std::string_view kind, std::string_view reference, std::uint64_t sequence,
                     const std::string& event_hash, const std::string& context, instant at, std::string_view note) {
    const ledger_head tail = ledger_tail();
    const ledger_fields f{tail.position + 1, kind, reference, sequence, event_hash, context, to_micros(at), note};
    auto q = statement(
        "INSERT INTO ledger (position, kind, reference, sequence, event_hash, context_hash, at_us, note, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, static_cast<std::int64_t>(f.position));
    q->bind(2, std::string(kind));
    q->bind(3, std::string(reference));
    q->bind(4, static_cast<std::int64_t>(sequence));
    bind_hash(*q, 5, event_hash);
    bind_hash(*q, 6, context);
    q->bind(7, f.at_us);
    q->bind(8, std::string(note));
    bind_hash(*q, 9, ledger_hash(tail.hash, f, options.key));
    q->exec();
  }

  // What is wrong with the review's stored head (its row, its last event and
  // what it runs under) against the ledger's last entry for it; empty if
  // nothing is.
  std::string head_damage(std::string_view reference, const review_row& row, std::uint64_t stored_events,
                          const std::string& last) const {
    const auto mark = ledger_last(reference);
    const std::string r = "review " + in_quotes(reference);
    if (!mark) return r + " is not in the store's ledger: it was put into the file outside libscr";
    const std::string at = " (ledger entry " + std::to_string(mark->position) + ")";
    if (mark->kind == "purged") return r + " was purged" + at + " but its rows are in the file again";
    if (mark->sequence != row.sequence || mark->sequence != stored_events || mark->event_hash != last) {
      std::string why = r + "'s last write" + at + " left " + std::to_string(mark->sequence) +
                        " events; the file now holds " + std::to_string(stored_events);
      if (stored_events != row.sequence) why += " (its row says " + std::to_string(row.sequence) + ")";
      if (stored_events == mark->sequence && row.sequence != mark->sequence) {
        return why + ": its row was altered outside libscr";
      }
      if (stored_events + 1 == mark->sequence) {
        why += ": event " + std::to_string(mark->sequence) + " was deleted outside libscr";
      } else if (stored_events < mark->sequence) {
        why += ": events " + std::to_string(stored_events + 1) + " to " + std::to_string(mark->sequence) +
               " were deleted outside libscr";
      } else if (stored_events > mark->sequence) {
        why += ": events were added outside libscr";
      } else {
        why += ", but the last is not the one written: it was replaced outside libscr";
      }
      return why;
    }
    if (mark->context_hash != context_of(row)) {
      return "the procedure definition (" + in_quotes(row.procedure_id) + " version " +
             std::to_string(row.procedure_version) + ") or calendar (" + in_quotes(row.calendar_name) + ") that " + r +
             " runs under was changed outside libscr after its last write" + at;
    }
    return {};
  }

  // Before any write to a review: its head is where the ledger left it, so
  // nothing is acknowledged on top of damage.
  // `last` is the review's last stored event (last_event).
  void check_head(std::string_view reference, const review_row& row,
                  const std::pair<std::uint64_t, std::string>& last) const {
    const std::string why = head_damage(reference, row, last.first, last.second);
    if (!why.empty()) {
      throw damaged(why + "; nothing was written (`scr verify --all` reports all the damage)");
    }
  }

  // A store written before the ledger: each review and tombstone enters it
  // as it stands, so that later damage is found from here on.
  void seed_ledger() {
    if (integer_of(db, "SELECT (SELECT count(*) FROM reviews) + (SELECT count(*) FROM tombstones)") == 0) {
      return;  // a new store: nothing to enter
    }
    const instant now = options.clock();
    for (const auto& [ref, row] : all_reviews()) {
      ledger_append("adopted", ref, row.sequence, last_hash(ref), context_of(row), now,
                    "entered in the ledger as it stood when the store was upgraded");
    }
    std::vector<tombstone> purged;
    {
      query q(db, std::string(tombstone_columns) + " ORDER BY purged_at_us, " + db.insertion_order());
      while (q.executeStep()) purged.push_back(read_tombstone(q));
    }
    for (const auto& t : purged) {
      ledger_append("purged", t.reference, t.events, t.last_hash, tombstone_hash_of(t), now,
                    "purged before the store was upgraded; entered from its tombstone");
    }
  }

  // A prepared statement kept for the life of the store. The handle resets
  // it when it goes out of scope, so that no finished query keeps a read
  // transaction open.
  class statement_handle {
   public:
    explicit statement_handle(stored::statement& q) : q_(q) {}
    statement_handle(const statement_handle&) = delete;
    statement_handle& operator=(const statement_handle&) = delete;
    query* operator->() noexcept { return &q_; }
    query& operator*() noexcept { return q_; }

   private:
    query q_;  // resets the kept statement when done with
  };

  statement_handle statement(const std::string& sql) const {
    return statement_handle(raw.get(db, sql));
  }

  static constexpr std::array<const projection_table*, 4> projection_tables{&milestone_table, &obligation_table,
                                                                            &compliance_table, &warning_table};

  // The SELECT of a projection table's rows for the review (?1): its keys,
  // then its values, each label read as its texts.
  static const std::string& rows_sql(const projection_table& t) {
    static const std::array<std::string, 4> made{make_rows_sql(milestone_table), make_rows_sql(obligation_table),
                                                 make_rows_sql(compliance_table), make_rows_sql(warning_table)};
    for (std::size_t i = 0; i < projection_tables.size(); ++i) {
      if (projection_tables[i] == &t) return made[i];
    }
    throw std::logic_error(std::string("no projection table ") + t.name);
  }
  static std::string make_rows_sql(const projection_table& t) {
    std::string sql = "SELECT ";
    for (const auto* c : t.keys) sql += std::string("p.") + c + ", ";
    for (std::size_t i = 0; i < t.values.size(); ++i) sql += std::string(i < t.labelled ? "l." : "p.") + t.values[i] + ", ";
    sql.resize(sql.size() - 2);
    sql += std::string(" FROM ") + t.name + " p";
    // A label missing (deleted outside libscr) reads as empty texts, which
    // verify reports as differing from what the events give.
    if (t.labelled != 0) sql += " LEFT JOIN labels l ON l.label = p.label";
    return sql + " WHERE p.reference = ?1";
  }

  // Calls `each(q, keys, values)` on each of one projection table's rows for
  // the review: its keys are the first columns, its values the next.
  template <class F>
  void for_rows(const projection_table& t, const std::string& ref, F&& each) const {
    raw_query q(db, raw, rows_sql(t));
    q.bind(1, ref);
    const int nk = static_cast<int>(t.keys.size()), nv = static_cast<int>(t.values.size());
    while (q.step()) each(q, nk, nv);
  }

  // What one projection table holds for the review.
  projected_rows read_rows(const projection_table& t, const std::string& ref) const {
    projected_rows read;
    for_rows(t, ref, [&](const raw_query& q, int nk, int nv) {
      std::vector<cell> key, values;
      key.reserve(static_cast<std::size_t>(nk));
      values.reserve(static_cast<std::size_t>(nv));
      for (int i = 0; i < nk; ++i) key.push_back(q.value(i));
      for (int i = 0; i < nv; ++i) values.push_back(q.value(nk + i));
      read.emplace_hint(read.end(), std::move(key), std::move(values));
    });
    return read;
  }

  // The same rows as a writer keeps them (kept_rows), read straight into
  // their bytes.
  kept_rows read_kept(const projection_table& t, const std::string& ref) const {
    kept_rows read;
    for_rows(t, ref, [&](const raw_query& q, int nk, int nv) {
      const std::size_t at = read.bytes.size();
      for (int i = 0; i < nk; ++i) q.put(read.bytes, i);
      const std::size_t key_size = read.bytes.size() - at;
      for (int i = 0; i < nv; ++i) q.put(read.bytes, nk + i);
      read.end_row(at, key_size);
    });
    read.sort();
    return read;
  }

  // The number of the label made of a row's first `labelled` values (title,
  // owner and kind, '' for an obligation), added if the store has none yet;
  // the caller holds the write transaction.
  std::int64_t label_of(const std::vector<cell>& values, std::size_t labelled) {
    const auto text = [&](std::size_t i) {
      const auto* t = i < labelled ? std::get_if<std::string>(&values[i]) : nullptr;
      return t ? *t : std::string();
    };
    return number_of(numbers.labels, "SELECT label FROM labels WHERE title = ? AND owner = ? AND kind = ?",
                     "INSERT INTO labels (title, owner, kind) VALUES (?, ?, ?) RETURNING label", {text(0), text(1), text(2)});
  }

  // The number of the actor, added if the store has none yet; the caller
  // holds the write transaction.
  std::int64_t actor_of(const actor& by) {
    check_may_act(by);
    return number_of(numbers.actors, "SELECT actor FROM actors WHERE name = ? AND role = ? AND agency = ?",
                     "INSERT INTO actors (name, role, agency) VALUES (?, ?, ?) RETURNING actor", {by.name, by.role, by.agency});
  }

  std::int64_t number_of(text_numbers& known, const char* find_sql, const char* add_sql, text_numbers::key k) {
    if (const auto n = known.find(k)) return *n;
    const auto bind = [&](query& q) {
      q.bind(1, std::get<0>(k));
      q.bind(2, std::get<1>(k));
      q.bind(3, std::get<2>(k));
    };
    auto find = statement(find_sql);
    bind(*find);
    std::int64_t n = 0;
    if (find->executeStep()) {
      n = find->getColumn(0).getInt64();
    } else {
      auto add = statement(add_sql);  // ... RETURNING the number
      bind(*add);
      if (!add->executeStep()) throw damaged("a label or actor was not numbered when added");
      n = add->getColumn(0).getInt64();
    }
    known.add(std::move(k), n);
    return n;
  }

  // Brings one projection table's rows for the review to `fresh`, writing
  // only the rows that changed: most events change a few rows of many.
  // `known` is what the table holds for the review, if the cache knows it;
  // returns what it holds now, to keep.
  kept_rows sync(const projection_table& t, const std::string& ref, const projected_rows& fresh,
                 const kept_rows* known) {
    // The fresh rows as bytes, each with its cells to write.
    kept_rows now;
    std::vector<std::pair<kept_rows::row, const projected_rows::value_type*>> order;
    order.reserve(fresh.size());
    for (const auto& entry : fresh) {
      const std::size_t at = now.bytes.size();
      for (const auto& c : entry.first) put_cell(now.bytes, c);
      const std::size_t key_size = now.bytes.size() - at;
      for (const auto& c : entry.second) put_cell(now.bytes, c);
      now.end_row(at, key_size);
      order.emplace_back(now.rows.back(), &entry);
    }
    std::sort(order.begin(), order.end(),
              [&now](const auto& a, const auto& b) { return now.key(a.first) < now.key(b.first); });
    for (std::size_t i = 0; i < order.size(); ++i) now.rows[i] = order[i].first;

    kept_rows read;
    if (!known) read = read_kept(t, ref);
    const kept_rows& old = known ? *known : read;

    std::string del_sql = std::string("DELETE FROM ") + t.name + " WHERE reference = ?";
    for (const auto* c : t.keys) del_sql += std::string(" AND ") + c + " = ?";
    std::vector<std::string_view> key_columns{"reference"}, value_columns;
    key_columns.insert(key_columns.end(), t.keys.begin(), t.keys.end());
    if (t.labelled != 0) value_columns.emplace_back("label");
    value_columns.insert(value_columns.end(), t.values.begin() + static_cast<std::ptrdiff_t>(t.labelled),
                         t.values.end());
    const auto remove = [&](const kept_rows::row& r) {
      const auto key = cells_of(old.key(r));
      auto q = statement(del_sql);
      q->bind(1, ref);
      for (std::size_t i = 0; i < key.size(); ++i) bind_cell(*q, static_cast<int>(i) + 2, key[i]);
      q->exec();
    };
    std::string put_sql;
    const auto put = [&](const projected_rows::value_type& entry) {
      if (put_sql.empty()) put_sql = upsert_sql(t.name, key_columns, value_columns);
      const auto& [key, values] = entry;
      auto q = statement(put_sql);
      q->bind(1, ref);
      int i = 2;
      for (const auto& c : key) bind_cell(*q, i++, c);
      if (t.labelled != 0) q->bind(i++, label_of(values, t.labelled));
      for (std::size_t v = t.labelled; v < values.size(); ++v) bind_cell(*q, i++, values[v]);
      q->exec();
    };
    // Both in key order: a row only in the old is deleted, one only in the
    // fresh or different in it is written.
    std::size_t o = 0, f = 0;
    while (o < old.rows.size() || f < order.size()) {
      if (f == order.size() || (o < old.rows.size() && old.key(old.rows[o]) < now.key(order[f].first))) {
        remove(old.rows[o++]);
      } else if (o == old.rows.size() || now.key(order[f].first) < old.key(old.rows[o])) {
        put(*order[f++].second);
      } else {
        if (old.whole(old.rows[o]) != now.whole(order[f].first)) put(*order[f].second);
        ++o;
        ++f;
      }
    }
    return now;
  }

  // The review's projections as its events give them: rows of the three
  // tables, and how far repeating obligations are projected.
  struct projection_set {
    std::array<projected_rows, 4> rows;  // milestones, obligations, compliance, warnings
    // The reviews row's projected columns (projected_columns).
    std::array<cell, 5> columns;
  };

  // The columns of the reviews row that project() writes: how far repeating
  // obligations are projected, and what the monthly report reads.
  static constexpr std::array<const char*, 5> projected_columns{
      "projected_through", "on_hold", "completion_due", "completion_original", "completion_projected"};

  static projection_set projections_of(const review& r) {
    projection_set out;
    const date last = london_date(r.last_event_at());
    const auto day = [](const std::optional<date>& d) { return d ? cell(format_date(*d)) : cell(); };
    const auto day_of = [&](const std::optional<instant>& t) {
      return t ? cell(format_date(london_date(*t))) : cell();
    };
    const auto flag = [](bool b) { return cell(std::int64_t{b ? 1 : 0}); };
    const date horizon = last + boost::gregorian::days(projection_horizon_days);
    // One computation of the review gives all three.
    auto inputs = detail::review_access::for_projection(r, last, horizon);
    for (const auto& row : inputs.timetable) {
      out.rows[0][{row.id(), row.agency}] = {row.title(), row.owner(), std::string(to_string(row.def->kind)),
                                             day(row.due), day_of(row.completed_at),
                                             cell(std::int64_t{closed_code(row.status)}), flag(row.provisional)};
    }
    const auto closed = r.closed_at();
    bool repeating_beyond = false;  // an obligation still repeats past the horizon
    for (const auto& row : inputs.obligations) {
      if (row.def->repeat && row.due && *row.due > horizon) repeating_beyond = true;
      std::optional<date> until;
      if (closed && row.def->after_closure) until = r.calendar().due(london_date(*closed), *row.def->after_closure);
      out.rows[1][{row.id(), row.agency, std::int64_t{row.occurrence}}] = {
          row.title(), row.owner(), day(row.due), day_of(row.discharged_at),
          cell(std::int64_t{closed_code(row.status)}), day(until)};
    }
    if (repeating_beyond) out.columns[0] = format_date(horizon);
    out.columns[1] = flag(r.on_hold());
    out.columns[4] = flag(false);
    if (const timetable_row* c = completion_row(r, inputs.timetable)) {
      out.columns[2] = day(c->due);
      out.columns[3] = day(original_completion(*c));
      out.columns[4] = flag(c->projected);
    }
    std::int64_t position = 0;
    for (const auto& w : inputs.warnings) {
      out.rows[3][{++position}] = {w.kind, w.message, w.rule, std::string(to_string(w.level)),
                                   nlohmann::json(w.cite).dump(), to_micros(w.at)};
    }
    const auto& c = inputs.compliance;
    for (const auto& [name, row] : {std::pair{"decision", &c.decision}, std::pair{"completion", &c.completion}}) {
      if (!*row) continue;
      const compliance_row& x = **row;
      out.rows[2][{std::string(name)}] = {x.id(), day(x.due), day(x.original_due), day_of(x.completed_at),
                                          flag(x.on_time), flag(x.extended), flag(x.breach),
                                          cell(std::int64_t{x.met ? x.days_late : 0})};
    }
    return out;
  }

  // Brings the review's projections up to date; the caller holds the transaction.
  void project(std::string_view reference, const review& r, cached_review* cached = nullptr) {
    const std::string ref(reference);
    projection_set fresh = projections_of(r);
    std::array<kept_rows, 4> now;
    for (std::size_t i = 0; i < projection_tables.size(); ++i) {
      now[i] = sync(*projection_tables[i], ref, fresh.rows[i],
                    cached && cached->projected ? &cached->projections[i] : nullptr);
    }
    if (!cached || !cached->projected || cached->columns != fresh.columns) {
      std::string sql = "UPDATE reviews SET ";
      for (const auto* c : projected_columns) sql += std::string(c) + " = ?, ";
      sql.resize(sql.size() - 2);
      auto q = statement(sql + " WHERE reference = ?");
      int i = 1;
      for (const auto& c : fresh.columns) bind_cell(*q, i++, c);
      q->bind(i, ref);
      q->exec();
    }
    if (cached) {
      cached->columns = fresh.columns;
      cached->projections = std::move(now);
      cached->projected = true;
    }
  }

  // The review's row as its events give it, column by column.
  static constexpr std::array<const char*, 8> summary_columns{"sequence",     "state",        "closed",
                                                             "closed_at_us", "dispose_from", "voided",
                                                             "last_event_on", "opened_at_us"};

  // The last cell, opened_at_us, is written when the review is opened.
  static std::vector<cell> summary_of(const review& r) {
    std::vector<cell> out{std::int64_t(r.size()), r.state(), std::int64_t{r.closed() ? 1 : 0}};
    if (const auto closed = r.closed_at()) {
      out.emplace_back(to_micros(*closed));
      out.emplace_back(format_date(r.calendar().due(london_date(*closed), r.definition().retention())));
    } else {
      out.emplace_back();
      out.emplace_back();
    }
    out.emplace_back(std::int64_t{r.voided() ? 1 : 0});
    out.emplace_back(format_date(london_date(r.last_event_at())));
    out.emplace_back(to_micros(detail::review_access::recorded(r, 1).at));
    return out;
  }

  static std::string cell_text(const cell& c) {
    if (const auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
    if (const auto* t = std::get_if<std::string>(&c)) return in_quotes(*t);
    return "empty";
  }

  // Every way the stored projections and row of the review differ from what
  // its events give, each named.
  std::vector<std::string> projection_differences(std::string_view reference, const review& r) const {
    const std::string ref(reference);
    std::vector<std::string> out;
    const projection_set fresh = projections_of(r);
    const auto key_text = [](const std::vector<cell>& key) {
      std::string t;
      for (const auto& c : key) {
        if (const auto* s = std::get_if<std::string>(&c); s != nullptr && s->empty()) continue;
        t += (t.empty() ? "" : ", ") + (std::holds_alternative<std::string>(c) ? std::get<std::string>(c) : cell_text(c));
      }
      return t;
    };
    for (std::size_t i = 0; i < projection_tables.size(); ++i) {
      const projection_table& t = *projection_tables[i];
      const projected_rows stored = read_rows(t, ref);
      const std::string where = std::string(t.name) + " of review " + in_quotes(ref) + ", row ";
      for (const auto& [key, values] : stored) {
        const auto it = fresh.rows[i].find(key);
        if (it == fresh.rows[i].end()) {
          out.push_back(where + "(" + key_text(key) + ") is not in the review's events");
          continue;
        }
        for (std::size_t v = 0; v < values.size(); ++v) {
          if (values[v] == it->second[v]) continue;
          out.push_back(where + "(" + key_text(key) + "): " + t.values[v] + " is " + cell_text(values[v]) +
                        ", the events give " + cell_text(it->second[v]));
        }
      }
      for (const auto& [key, values] : fresh.rows[i]) {
        if (stored.count(key) == 0) out.push_back(where + "(" + key_text(key) + ") is missing");
      }
    }
    std::vector<const char*> names(summary_columns.begin(), summary_columns.end());
    names.insert(names.end(), projected_columns.begin(), projected_columns.end());
    std::string sql = "SELECT ";
    for (const auto* c : names) sql += std::string(c) + ", ";
    sql.resize(sql.size() - 2);
    auto q = statement(sql + " FROM reviews WHERE reference = ?");
    q->bind(1, ref);
    if (q->executeStep()) {
      auto want = summary_of(r);
      want.insert(want.end(), fresh.columns.begin(), fresh.columns.end());
      for (std::size_t v = 0; v < want.size(); ++v) {
        const cell got = cell_of(q->getColumn(static_cast<int>(v)));
        if (got == want[v]) continue;
        out.push_back("reviews row of review " + in_quotes(ref) + ": " + names[v] + " is " + cell_text(got) +
                      ", the events give " + cell_text(want[v]));
      }
    }
    return out;
  }

  // How a write is entered in the ledger, and when each event was recorded
  // when not now (a review imported keeps its own times).
  struct write_kind {
    std::string_view ledger;  // empty: "events"
    std::string note;
    const std::vector<instant>* recorded;  // one for each event written, in order; null: now
  };

  // Writes the review's events after `from` (its stored sequence), its
  // summary row and its projections; the caller holds the transaction.
  // Returns the last hash of the chain.
  std::string write_tail(std::string_view reference, const review& r, std::uint64_t from,
                         cached_review* cached = nullptr, std::optional<instant> now = std::nullopt,
                         const write_kind& how = {}) {
    std::string previous = from == 0 ? std::string() : cached ? cached->hash : last_hash(reference);
    const instant now_recorded = now ? *now : options.clock();
    auto insert = statement(
        "INSERT INTO events (reference, sequence, kind, name, agency, subject, at_us, recorded_at_us, actor, payload, "
        "hash, corrects, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::uint64_t seq = from + 1; seq <= r.size(); ++seq) {
      const review_event& e = detail::review_access::recorded(r, seq);
      const std::string payload = to_json(e.data).dump();
      const instant recorded = how.recorded ? how.recorded->at(seq - from - 1) : now_recorded;
      const std::string hash =
          chained_hash(previous, reference, seq,
                       {to_string(e.kind), e.name, e.agency, e.subject, to_micros(e.at), to_micros(recorded), e.by.name,
                        e.by.role, e.by.agency, payload, static_cast<std::int64_t>(e.corrects), e.reason},
                       options.key);
      insert->reset();
      insert->bind(1, std::string(reference));
      insert->bind(2, static_cast<std::int64_t>(seq));
      insert->bind(3, std::string(to_string(e.kind)));
      insert->bind(4, e.name);
      insert->bind(5, e.agency);
      insert->bind(6, e.subject);
      insert->bind(7, to_micros(e.at));
      insert->bind(8, to_micros(recorded));
      insert->bind(9, actor_of(e.by));
      insert->bind(10, payload);
      bind_hash(*insert, 11, hash);
      insert->bind(12, static_cast<std::int64_t>(e.corrects));
      insert->bind(13, e.reason);
      insert->exec();
      previous = hash;
    }
    if (r.size() > from) {
      const procedure& p = r.definition();
      ledger_append(how.ledger.empty() ? std::string_view("events") : how.ledger, reference, r.size(), previous, context_of(p.id(), p.version(), p.calendar_name()),
                    now_recorded, how.note);
    }
    write_summary(reference, r, cached);
    project(reference, r, cached);
    if (cached && r.size() >= snapshot_due(cached->snapshot, detail::review_access::has_absent_bodies(r))) {
      write_snapshot(reference, r, previous, cached);
    }
    return previous;
  }

  // Refuses a reference the store has, or had (its tombstone keeps it).
  void require_free_reference(std::string_view reference) const {
    if (find_review(reference)) {
      throw input_error("review " + in_quotes(reference) + " already exists in store " + in_quotes(path) +
                        "; choose another reference");
    }
    if (const auto purged = tombstone_of(reference)) {
      throw input_error("review " + in_quotes(reference) + " was purged from store " + in_quotes(path) + " on " +
                        format_date(london_date(purged->purged_at)) +
                        "; its tombstone keeps the reference, so choose another");
    }
  }

  // A review's snapshot goes when what it was folded under changes (taken
  // again on the next write).
  void drop_snapshots(const std::string& reference) {
    for (const char* sql : {"DELETE FROM snapshots WHERE reference = ?", "DELETE FROM snapshot_bodies WHERE reference = ?"}) {
      auto q = statement(sql);
      q->bind(1, reference);
      q->exec();
    }
  }

  // The stored procedure of `p`'s id and version, if the store has it: the
  // same id and version must be the same definition (input_error otherwise).
  std::shared_ptr<const procedure> stored_as(const procedure& p) const {
    query q(db, "SELECT 1 FROM procedures WHERE id = ? AND version = ?");
    q.bind(1, p.id());
    q.bind(2, p.version());
    if (!q.executeStep()) return nullptr;
    auto pinned = procedure_of(p.id(), p.version());
    if (!pinned->same_definition(p)) {
      throw input_error("procedure " + in_quotes(p.id()) + " version " + std::to_string(p.version()) +
                        " is already stored with a different definition; give the changed procedure a new version");
    }
    return pinned;
  }

  // The procedure as stored: its id and version kept, the same id and
  // version the same definition. Stored (with its compiled form) if new; the
  // caller holds the write transaction.
  std::shared_ptr<const procedure> pin_procedure(const procedure& p) {
    if (auto stored = stored_as(p)) return stored;
    const std::string yaml = p.to_yaml();
    auto pinned = std::make_shared<const procedure>(parse_stored(p.id(), p.version(), yaml));
    query insert(db, "INSERT INTO procedures (id, version, definition) VALUES (?, ?, ?)");
    insert.bind(1, p.id());
    insert.bind(2, p.version());
    insert.bind(3, yaml);
    insert.exec();
    store_compiled(p.id(), p.version(), yaml, *pinned);
    return pinned;
  }

  // A new review's row and every event of it, then the commit; the review
  // is kept in the write cache.
  void insert_new(std::string_view reference, const review& r, write_transaction& t) {
    const instant now = options.clock();
    for (const auto& e : r.history()) check_not_future(e, now);
    const procedure& p = r.definition();
    query insert(db,
                 "INSERT INTO reviews (reference, procedure_id, procedure_version, calendar, opened_at_us, "
                 "sequence, state, closed) VALUES (?, ?, ?, ?, ?, 0, ?, 0)");
    insert.bind(1, std::string(reference));
    insert.bind(2, p.id());
    insert.bind(3, p.version());
    insert.bind(4, p.calendar_name());
    insert.bind(5, to_micros(r.history().front().at));
    insert.bind(6, r.state());
    insert.exec();
    try {
      auto& c = remember(reference, r, 0, {});
      std::string hash = write_tail(reference, r, 0, &c, now);
      t.commit();
      c.sequence = r.size();
      c.hash = std::move(hash);
    } catch (...) {
      cache.erase(std::string(reference));
      contexts.clear();  // it may hold the context of a definition rolled back with the review
      throw;
    }
  }

  // ---- the write cache ----
  //
  // A writer keeps the reviews it wrote last, rebuilt, with their
  // projections, so that the next write to one of them neither replays its
  // history nor reads its projections back. An entry is used only if the file
  // still holds exactly what it was built from (the same sequence and last
  // hash, read inside the write transaction), and is dropped on any failure.
  //
  // It keeps options.cached_reviews reviews in full. An entry pushed out
  // keeps its projection rows (kept_rows, about 12 KB for a 100-event review,
  // where the review took about 80) and, for a review of up to
  // snapshot_bodies_up_to events, the review parked (review_access::park:
  // its fold as snapshot bytes, about 2 KB, and its bodies as it held them,
  // about 8 KB of bytes and the few dozen bodies a write decodes): a write
  // to it takes the review up from those, reading neither its snapshot nor
  // its projections back from the file. Eight times as many of those are
  // kept. A longer review is taken up from its snapshot in the file.

  // The caller holds a write transaction begun with ready_to_write (the
  // calendars are the last loaded).
  review& writable(std::string_view reference, const review_row& row) {
    auto head = last_event(reference);
    check_head(reference, row, head);
    std::string last = std::move(head.second);
    const auto holds = [&](const cached_review* c) { return c && c->sequence == row.sequence && c->hash == last; };
    if (cached_review* c = cache.find(reference)) {
      if (!holds(c)) {
        cache.erase(reference);
      } else if (c->r) {
        cache.touch(*c);
        return *c->r;
      }
    }
    if (cached_review* c = cache.find(reference); c && !c->r && c->parked) {
      if (review* r = unpark(reference, row, *c)) return *r;
    }
    taken_from taken;
    review r = rebuild(reference, row, true, &taken, true);
    // An entry that kept only the projections, if still there (rebuild may
    // have dropped every entry: a calendar version loaded meanwhile), keeps
    // them; otherwise the review gets a new entry.
    cached_review* c = cache.find(reference);
    if (holds(c) && !c->r) {
      make_room(reference);
      cache.promote(*c, std::move(r));
    } else {
      c = &remember(reference, std::move(r), row.sequence, std::move(last));
    }
    c->snapshot = taken.sequence;
    c->bodies_count = taken.bodies_count;
    c->bodies_hash = std::move(taken.bodies_hash);
    return *c->r;
  }

  // The review an entry parked, taken up again (nullptr when it cannot be:
  // then it is taken up from the file). The caller has checked that the
  // file holds the sequence and last hash the entry was written with; the
  // bytes are this writer's own, never read from the file, so they are not
  // checked against a seal; they are used only under the procedure and
  // calendar they were folded under.
  review* unpark(std::string_view reference, const review_row& row, cached_review& c) {
    auto parked = std::move(*c.parked);
    c.parked.reset();
    if (c.parked_context != context_of(row)) return nullptr;  // folded under another procedure or calendar
    const auto p = procedure_of(row.procedure_id, row.procedure_version);
    const calendar& cal = calendar_named(row.calendar_name);
    const std::size_t events = parked.events;
    std::optional<review> r;
    try {
      r = detail::review_access::restore(p, cal, parked.fold,
                                         {std::move(parked.bodies), events, {}, std::move(parked.early)});
    } catch (const std::exception&) {
      return nullptr;
    }
    if (!r) return nullptr;
    if (detail::review_access::has_absent_bodies(*r)) detail::review_access::set_fetch(*r, fetcher(reference));
    try {
      detail::review_access::resume(*r, parked.tail);
    } catch (const std::exception&) {
      return nullptr;
    }
    if (r->size() != row.sequence) return nullptr;
    make_room(reference);
    return &cache.promote(c, std::move(*r));
  }

  // Room for one more review kept in full: the one pushed out is parked
  // (review_access::park) when it is short enough.
  void make_room(std::string_view reference) {
    cache.make_room(reference, options.cached_reviews, light_entries(), [this](cached_review& c) noexcept {
      c.parked.reset();
      if (!c.r) return;
      try {
        const procedure& p = c.r->definition();
        std::string context = context_of(p.id(), p.version(), p.calendar_name());
        c.parked = detail::review_access::park(std::move(*c.r));
        c.parked_context = std::move(context);
      } catch (...) {
        c.parked.reset();  // taken up from the file next time
      }
    });
  }

  // How many entries keep only their projections: eight times the reviews
  // kept in full.
  [[nodiscard]] std::size_t light_entries() const {
    const std::size_t keep = std::max<std::size_t>(1, options.cached_reviews);
    return keep > std::numeric_limits<std::size_t>::max() / 8 ? std::numeric_limits<std::size_t>::max() : 8 * keep;
  }

  cached_review& remember(std::string_view reference, review r, std::uint64_t sequence, std::string hash) {
    cache.erase(reference);
    make_room(reference);
    cached_review c;
    c.sequence = sequence;
    c.hash = std::move(hash);
    c.r.emplace(std::move(r));
    return cache.put(reference, std::move(c));
  }

  cached_review* cached(std::string_view reference) { return cache.find(reference); }

  // Runs a write on a cached review; drops the entry if anything fails, and
  // records the new sequence and hash once the transaction has committed.
  // An append made on a sequence another writer has moved past is refused
  // (concurrency_error) before the review is taken up: a writer that lost a
  // race pays for a read, not for a rebuild, and keeps what it had cached.
  // `then`, if given, runs in the same transaction after the events are
  // written (with the review's row before the write, its new sequence and
  // last hash): what is kept with them commits or fails with them.
  using after_write = std::function<void(const review_row&, std::uint64_t, const std::string&)>;
  template <class F>
  std::uint64_t write_cached(std::string_view reference, F&& apply,
                             std::optional<std::uint64_t> expected = std::nullopt, const after_write* then = nullptr) {
    try {
      write_transaction t(db, numbers);
      ready_to_write();
      const auto row = require_review(reference);
      if (expected && row.sequence != *expected) {
        throw concurrency_error(*expected, row.sequence,
                                "review " + in_quotes(reference) + " is at event " + std::to_string(row.sequence) +
                                    ", not " + std::to_string(*expected) +
                                    ": someone else wrote first; load it again and retry");
      }
      review& r = writable(reference, row);
      apply(r, row);
      // One reading of the clock judges and dates the write.
      const instant now = options.clock();
      for (std::uint64_t seq = row.sequence + 1; seq <= r.size(); ++seq) {
        check_not_future(detail::review_access::recorded(r, seq), now);
      }
      cached_review* c = cached(reference);
      std::string hash = write_tail(reference, r, row.sequence, c, now);
      if (then != nullptr) (*then)(row, static_cast<std::uint64_t>(r.size()), hash);
      t.commit();
      c->sequence = r.size();
      c->hash = std::move(hash);
      return static_cast<std::uint64_t>(r.size());
    } catch (const concurrency_error&) {
      throw;  // refused before anything was taken up: the cache is as it was
    } catch (...) {
      cache.erase(std::string(reference));
      throw;
    }
  }

  static tombstone read_tombstone(query& q) {
    tombstone t;
    t.reference = q.getColumn(0).getString();
    t.procedure_id = q.getColumn(1).getString();
    t.procedure_version = q.getColumn(2).getInt();
    t.opened_at = from_micros(q.getColumn(3).getInt64());
    t.closed_at = from_micros(q.getColumn(4).getInt64());
    t.dispose_from = stored_date(q.getColumn(5).getString());
    t.events = static_cast<std::uint64_t>(q.getColumn(6).getInt64());
    t.last_hash = q.getColumn(7).getString();
    t.purged_at = from_micros(q.getColumn(8).getInt64());
    t.purged_by = actor{q.getColumn(9).getString(), q.getColumn(10).getString(), q.getColumn(11).getString()};
    t.reason = q.getColumn(12).getString();
    return t;
  }

  static constexpr const char* tombstone_columns =
      "SELECT reference, procedure_id, procedure_version, opened_at_us, closed_at_us, dispose_from, events, "
      "last_hash, purged_at_us, purged_by_name, purged_by_role, purged_by_agency, reason FROM tombstones";

  std::optional<tombstone> tombstone_of(std::string_view reference) const {
    query q(db, std::string(tombstone_columns) + " WHERE reference = ?");
    q.bind(1, std::string(reference));
    if (!q.executeStep()) return std::nullopt;
    return read_tombstone(q);
  }

  // An event's time may not be later than the store's clock (give or take
  // the allowance for clock skew): a date typed wrongly, refused at once.
  void check_not_future(const review_event& e, instant now) const {
    if (e.at > now + options.future_allowance) {
      const char* what = e.kind == event_kind::voided    ? "the time of the void "
                         : e.kind == event_kind::amended ? "the corrected time "
                                                         : "the event's time ";
      throw input_error(std::string(what) + format_instant(e.at) + " is in the future (the store's clock says " +
                        format_instant(now) + "); give the time it happened, which cannot be later than now");
    }
  }

  // A time given for a write that is not an event's (a chronology's): not
  // later than the store's clock, give or take the allowance.
  void check_time(instant at, std::string_view what) const {
    const instant now = options.clock();
    if (at > now + options.future_allowance) {
      throw input_error(std::string(what) + " " + format_instant(at) + " is in the future (the store's clock says " +
                        format_instant(now) + ")");
    }
  }

  // Chronologies (defined with the store's chronology methods).
  std::optional<chronology_setup> setup_of(std::string_view reference) const;
  std::vector<chronology_row> chronology_rows(std::string_view reference) const;
  void chronology_damage(std::string_view reference, std::vector<std::string>& problems) const;

  // The reviews whose projections do not answer for `as_of`: void ones, and
  // those with events in force after it, or repeating obligations projected
  // short of `reach`. Each query uses an index; usually the set is small.
  std::set<std::string, std::less<>> not_projected(date as_of, date reach) const {
    query q(db,
            "SELECT reference FROM reviews WHERE voided = 1 "
            "UNION SELECT reference FROM reviews WHERE last_event_on > ?1 "
            "UNION SELECT reference FROM reviews WHERE last_event_on IS NULL "
            "UNION SELECT reference FROM reviews WHERE projected_through IS NOT NULL AND projected_through < ?2");
    q.bind(1, format_date(as_of));
    q.bind(2, format_date(reach));
    std::set<std::string, std::less<>> out;
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
  }

  // References (not void) opened by the end of `as_of` with events in force
  // after it, or open and quiet for longer than the projections reach: a
  // question about that date replays them.
  std::vector<std::string> replayed_for(date as_of, std::optional<date> reach = std::nullopt) const {
    query q(db,
            "SELECT reference FROM reviews WHERE voided = 0 AND (last_event_on IS NULL OR last_event_on > ?1 "
            "OR projected_through < ?3) AND opened_at_us < ?2 ORDER BY opened_at_us, reference");
    q.bind(1, format_date(as_of));
    q.bind(2, to_micros(london_midnight(as_of + boost::gregorian::days(1))));
    q.bind(3, format_date(reach ? std::max(*reach, as_of) : as_of));
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  }

  // ---- verification ----

  void require_key_to_verify() const {
    if (keyed && options.key.empty()) {
      throw store_error("store " + in_quotes(path) + " is keyed: give its key file to verify it");
    }
  }

  // The review's hash chain, and its head against the ledger. `last` is set
  // to the last stored hash.
  verify_result check_chain(std::string_view reference, const review_row& row) const {
    require_key_to_verify();
    // The stored columns as they are, without decoding them: a damaged value
    // is an altered event, not an error.
    auto q = statement(
        "SELECT e.sequence, e.kind, e.name, e.agency, e.subject, e.at_us, e.recorded_at_us, a.name, a.role, a.agency, "
        "e.payload, e.hash, e.corrects, e.reason FROM events e LEFT JOIN actors a ON a.actor = e.actor "
        "WHERE e.reference = ? ORDER BY e.sequence");
    q->bind(1, std::string(reference));
    verify_result out;
    out.keyed = keyed;
    std::string previous, last;
    std::uint64_t corrections = 0, stored = 0;
    // The first event whose copy of the hash before it did not match when
    // schema 9 dropped that copy (0: none).
    std::uint64_t unlinked = 0;
    {
      auto u = statement("SELECT min(position) FROM unlinked WHERE what = 'event' AND reference = ?");
      u->bind(1, std::string(reference));
      if (u->executeStep() && !u->getColumn(0).isNull()) unlinked = static_cast<std::uint64_t>(u->getColumn(0).getInt64());
    }
    while (q->executeStep()) {
      ++stored;
      last = hash_hex(q->getColumn(11));
      if (out.first_altered) continue;  // checked up to the first that does not match
      ++out.events;
      const auto sequence = static_cast<std::uint64_t>(q->getColumn(0).getInt64());
      std::string text[8];
      for (int i = 0; i < 4; ++i) text[i] = q->getColumn(1 + i).getString();
      for (int i = 0; i < 4; ++i) text[4 + i] = q->getColumn(7 + i).getString();
      const bool integers =
          q->getColumn(5).isInteger() && q->getColumn(6).isInteger() && q->getColumn(12).isInteger();
      const std::string reason = q->getColumn(13).getString();
      const std::int64_t corrects = q->getColumn(12).getInt64();
      if (corrects != 0) ++corrections;
      const std::string expected =
          chained_hash(previous, reference, sequence,
                       {text[0], text[1], text[2], text[3], q->getColumn(5).getInt64(), q->getColumn(6).getInt64(),
                        text[4], text[5], text[6], text[7], corrects, reason},
                       options.key);
      if (sequence != out.events || !integers || last != expected || sequence == unlinked) {
        out.first_altered = out.events;
        out.message = "event " + std::to_string(out.events) + " of review " + in_quotes(reference) +
                      " does not match its hash: it, or the chain before it, was altered after it was written";
      }
      previous = last;
    }
    if (!out.first_altered && stored != row.sequence) {
      // The chain itself may be intact, but its end is gone (or more was
      // added than the review records).
      out.first_altered = std::min(out.events, row.sequence) + 1;
      out.message = "review " + in_quotes(reference) + " records " + std::to_string(row.sequence) + " events but " +
                    std::to_string(out.events) + " are stored: " +
                    (out.events < row.sequence ? "events " + std::to_string(out.events + 1) + " to " +
                                                     std::to_string(row.sequence) + " were deleted"
                                               : "events after " + std::to_string(row.sequence) +
                                                     " were added outside libscr");
    }
    if (const std::string why = head_damage(reference, row, stored, last); !why.empty()) {
      out.problems.push_back(why);
    }
    out.corrections = corrections;
    return out;
  }

  // What is wrong with the review's migrations against the procedure it is
  // pinned to: each must move it from where the one before left it, and the
  // last to the version it runs under. Empty if nothing is.
  static std::string migration_damage(std::string_view reference, const std::string& procedure_id, int version,
                                      const std::vector<review_event>& history) {
    std::string last;
    std::uint64_t at = 0;
    for (std::uint64_t seq = 1; seq <= history.size(); ++seq) {
      const review_event& e = history[seq - 1];
      if (e.kind != event_kind::migrated) continue;
      const std::string* from = detail::text_of(e.data, "from");
      const std::string* to = detail::text_of(e.data, "to");
      if (from == nullptr || to == nullptr) {
        return "event " + std::to_string(seq) + " of review " + in_quotes(reference) + " is a migration without " +
               "its \"from\" and \"to\"";
      }
      if (!last.empty() && *from != last) {
        return "event " + std::to_string(seq) + " of review " + in_quotes(reference) + " moves it from " +
               in_quotes(*from) + ", but event " + std::to_string(at) + " had moved it to " + in_quotes(last);
      }
      last = *to;
      at = seq;
    }
    const std::string pinned = procedure_id + "@" + std::to_string(version);
    if (!last.empty() && last != pinned) {
      return "review " + in_quotes(reference) + " runs under " + in_quotes(pinned) + ", but its last migration (event " +
             std::to_string(at) + ") moved it to " + in_quotes(last) + ": its row was changed outside libscr";
    }
    return {};
  }

  // The chain, the head, and the projections rebuilt from the events.
  verify_result verify_review(std::string_view reference, const review_row& row) const {
    verify_result out = check_chain(reference, row);
    if (!out.first_altered) {
      try {
        const review r = rebuild(reference, row, false);
        if (auto d = migration_damage(reference, row.procedure_id, row.procedure_version, r.history()); !d.empty()) {
          out.problems.push_back(std::move(d));
        }
        for (auto& d : projection_differences(reference, r)) out.problems.push_back(std::move(d));
        if (auto d = snapshot_difference(reference, row, r); !d.empty()) out.problems.push_back(std::move(d));
      } catch (const std::exception& e) {
        out.problems.push_back("the projections of review " + in_quotes(reference) +
                               " could not be checked: " + e.what());
      }
    }
    chronology_damage(reference, out.problems);
    if (out.ok()) {
      out.message = std::to_string(out.events) + (out.events == 1 ? " event" : " events");
      if (out.corrections > 0) {
        out.message += " (" + std::to_string(out.corrections) +
                       (out.corrections == 1 ? " correction" : " corrections") +
                       ", each kept with the event it corrects)";
      }
      out.message += ", hash chain intact, ledger and projections agree";
    } else if (!out.first_altered) {
      out.message = out.problems.front();
      if (out.problems.size() > 1) out.message += " (and " + std::to_string(out.problems.size() - 1) + " more)";
    }
    return out;
  }

  struct stored_review {
    std::string reference;
    review_row row;
  };

  std::vector<stored_review> all_reviews() const {
    query q(db, std::string("SELECT reference, procedure_id, procedure_version, calendar, sequence FROM reviews "
                            "ORDER BY opened_at_us, ") +
                    db.insertion_order());
    std::vector<stored_review> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(),
                     review_row{q.getColumn(1).getString(), q.getColumn(3).getString(), q.getColumn(2).getInt(),
                                static_cast<std::uint64_t>(q.getColumn(4).getInt64())}});
    }
    return out;
  }

  store_verify_result verify_store(const std::optional<ledger_head>& expected) const {
    require_key_to_verify();
    store_verify_result out;
    out.keyed = keyed;
    const reading one(db);  // one snapshot for everything read
    // 1. The ledger's own chain.
    std::map<std::string, ledger_mark, std::less<>> last_of;
    std::map<std::string, std::vector<ledger_mark>, std::less<>> calendar_marks;  // by calendar name
    std::optional<std::string> at_expected;
    {
      std::set<std::uint64_t> unlinked;  // see check_chain
      {
        query u(db, "SELECT position FROM unlinked WHERE what = 'ledger'");
        while (u.executeStep()) unlinked.insert(static_cast<std::uint64_t>(u.getColumn(0).getInt64()));
      }
      query q(db,
              "SELECT position, kind, reference, sequence, event_hash, context_hash, at_us, note, hash "
              "FROM ledger ORDER BY position");
      std::string previous;
      std::uint64_t n = 0;
      while (q.executeStep()) {
        ++n;
        const auto position = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
        const std::string kind = q.getColumn(1).getString(), reference = q.getColumn(2).getString(),
                          event_hash = hash_hex(q.getColumn(4)), context = hash_hex(q.getColumn(5)),
                          note = q.getColumn(7).getString(), hash = hash_hex(q.getColumn(8));
        const auto sequence = static_cast<std::uint64_t>(q.getColumn(3).getInt64());
        if (position != n) {
          out.problems.push_back(position > n + 1 ? "ledger entries " + std::to_string(n) + " to " +
                                                        std::to_string(position - 1) +
                                                        " are missing: deleted outside libscr"
                                                  : "ledger entry " + std::to_string(n) +
                                                        " is missing: deleted outside libscr");
          break;
        }
        const ledger_fields f{position, kind, reference, sequence, event_hash, context, q.getColumn(6).getInt64(),
                              note};
        if (!q.getColumn(3).isInteger() || !q.getColumn(6).isInteger() || hash != ledger_hash(previous, f, options.key) ||
            unlinked.count(position) != 0) {
          out.problems.push_back("ledger entry " + std::to_string(position) +
                                 " does not match its hash: it, or the ledger before it, was altered");
          break;
        }
        previous = hash;
        if (kind == "calendar-version") {
          calendar_marks[reference].push_back(ledger_mark{position, sequence, kind, event_hash, context});
        } else {
          last_of[reference] = ledger_mark{position, sequence, kind, event_hash, context};
        }
        if (expected && position == expected->position) at_expected = hash;
      }
    }
    out.head = ledger_tail();
    // 2. The head anchored outside the file.
    if (expected && expected->position > 0) {
      if (expected->position > out.head.position) {
        out.problems.push_back("the ledger has " + std::to_string(out.head.position) + " entries, fewer than the " +
                               std::to_string(expected->position) +
                               " of the anchored head: the file was rolled back to an earlier copy, or its ledger "
                               "was cut short");
      } else if (at_expected && *at_expected != expected->hash) {
        out.problems.push_back("ledger entry " + std::to_string(expected->position) + " is not the anchored one (" +
                               expected->text() + "): the ledger was rewritten after the head was anchored");
      }
    }
    // 3. Every review: its chain, its head against the ledger, its projections.
    for (const auto& [reference, row] : all_reviews()) {
      ++out.reviews;
      const verify_result v = verify_review(reference, row);
      out.events += v.events;
      if (v.first_altered) out.problems.push_back(v.message);
      for (const auto& p : v.problems) out.problems.push_back(p);
      last_of.erase(reference);
    }
    // 4. Every tombstone against the ledger's purge (every field of it).
    {
      query q(db, std::string(tombstone_columns) + " ORDER BY purged_at_us, " + db.insertion_order());
      while (q.executeStep()) {
        ++out.tombstones;
        const std::string reference = q.getColumn(0).getString();
        std::string hash;
        try {
          hash = tombstone_hash_of(read_tombstone(q));
        } catch (const damaged& e) {
          hash = e.what();
        }
        const auto it = last_of.find(reference);
        if (it == last_of.end()) {
          out.problems.push_back("the tombstone of review " + in_quotes(reference) +
                                 " is not in the ledger: it was written outside libscr");
          continue;
        }
        if (it->second.kind != "purged" || it->second.sequence != static_cast<std::uint64_t>(q.getColumn(6).getInt64()) ||
            it->second.event_hash != q.getColumn(7).getString() || it->second.context_hash != hash) {
          out.problems.push_back("the tombstone of review " + in_quotes(reference) + " does not match ledger entry " +
                                 std::to_string(it->second.position) + ": it was altered outside libscr");
        }
        last_of.erase(it);
      }
    }
    // 4b. Every calendar version against the ledger's entry for it, in order.
    {
      // name -> (the row's hash, its definition's hash), in the order loaded
      std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::less<>> versions;
      query q(db,
              "SELECT name, version, definition, at_us, actor_name, actor_role, actor_agency, reason "
              "FROM calendar_versions ORDER BY position");
      while (q.executeStep()) {
        const std::string name = q.getColumn(0).getString(), definition = q.getColumn(2).getString();
        const actor who{q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString()};
        versions[name].emplace_back(calendar_row_hash(name, q.getColumn(1).getString(), definition,
                                                      q.getColumn(3).getInt64(), who, q.getColumn(7).getString()),
                                    detail::sha256_hex(definition));
      }
      for (const auto& [name, d] : calendar_damage) out.problems.push_back(d);
      for (const auto& [name, rows] : versions) {
        const auto& entries = calendar_marks[name];
        for (std::size_t i = 0; i < std::max(rows.size(), entries.size()); ++i) {
          const std::string what = "version " + std::to_string(i + 1) + " of calendar " + in_quotes(name);
          if (i >= entries.size()) {
            out.problems.push_back(what + " is not in the ledger: it was put into the file outside libscr");
          } else if (i >= rows.size()) {
            out.problems.push_back(what + " (ledger entry " + std::to_string(entries[i].position) +
                                   ") is gone: deleted outside libscr");
          } else if (entries[i].event_hash != rows[i].first || entries[i].context_hash != rows[i].second) {
            out.problems.push_back(what + " does not match ledger entry " + std::to_string(entries[i].position) +
                                   ": it was altered outside libscr");
          }
        }
        calendar_marks.erase(name);
      }
      for (const auto& [name, entries] : calendar_marks) {
        out.problems.push_back("calendar " + in_quotes(name) + " has " + std::to_string(entries.size()) +
                               " versions in the ledger and none in the file: deleted outside libscr");
      }
    }
    // 5. Rows of no review: a reference damaged, or rows put in from outside.
    for (const char* table :
         {"events", "milestone_projection", "obligation_projection", "compliance_projection", "warning_projection",
          "snapshots", "snapshot_bodies", "chronologies", "chronology_setups"}) {
      query q(db, std::string("SELECT reference, count(*) FROM ") + table +
                      " WHERE reference NOT IN (SELECT reference FROM reviews) GROUP BY reference");
      while (q.executeStep()) {
        out.problems.push_back(std::string(table) + " holds " + std::to_string(q.getColumn(1).getInt64()) +
                               " rows of " + in_quotes(q.getColumn(0).getString()) +
                               ", which is not a review: put in or altered outside libscr");
      }
    }
    // 5b. Compiled procedures: each this engine would use must be its
    // definition, parsed again, byte for byte.
    if (can_check_seals()) {
      query q(db,
              "SELECT c.id, c.version, c.engine, c.form, c.seal, p.definition FROM compiled_procedures c "
              "LEFT JOIN procedures p ON p.id = c.id AND p.version = c.version ORDER BY c.id, c.version");
      while (q.executeStep()) {
        const std::string id = q.getColumn(0).getString();
        const int version = q.getColumn(1).getInt();
        if (q.getColumn(2).getString() != engine_tag()) continue;  // another engine's: compiled again on open
        const std::string what = "the compiled form of procedure " + in_quotes(id) + " version " + std::to_string(version);
        if (q.getColumn(5).isNull()) {
          out.problems.push_back(what + " belongs to no stored procedure: put in outside libscr");
          continue;
        }
        const std::string definition = q.getColumn(5).getString();
        const auto form = q.getColumn(3);
        const std::string bytes(form.bytes());
        if (q.getColumn(4).getString() != compiled_seal(id, version, definition, bytes)) {
          out.problems.push_back(what + " does not match its seal (it is not used): altered outside libscr");
          continue;
        }
        try {
          if (detail::encode_procedure(parse_stored(id, version, definition)) != bytes) {
            out.problems.push_back(what + " is not its definition: altered outside libscr");
          }
        } catch (const damaged& e) {
          out.problems.push_back(what + " could not be checked: " + e.what());
        }
      }
    }
    // 6. Reviews the ledger knows that are gone.
    for (const auto& [reference, mark] : last_of) {
      if (mark.kind == "purged") {
        out.problems.push_back("the tombstone of review " + in_quotes(reference) + " (purged at ledger entry " +
                               std::to_string(mark.position) + ") is gone: deleted outside libscr");
        continue;
      }
      out.problems.push_back("review " + in_quotes(reference) + " is gone: the ledger's last entry for it (" +
                             std::to_string(mark.position) + ", " + std::to_string(mark.sequence) +
                             " events) is not a purge and it has no tombstone: it was deleted outside libscr");
    }
    const std::string counts = std::to_string(out.reviews) + (out.reviews == 1 ? " review (" : " reviews (") +
                               std::to_string(out.events) + (out.events == 1 ? " event), " : " events), ") +
                               std::to_string(out.tombstones) + (out.tombstones == 1 ? " tombstone" : " tombstones") +
                               " and the ledger (" + std::to_string(out.head.position) +
                               (out.head.position == 1 ? " entry)" : " entries)");
    out.message = out.ok() ? counts + " verified; head " + out.head.text()
                           : std::to_string(out.problems.size()) +
                                 (out.problems.size() == 1 ? " problem" : " problems") + " in " + counts;
    return out;
  }

  repair_result repair(const actor& by, std::string_view reason) {
    // Labels are looked up again by their texts: one altered outside libscr
    // is then replaced, not referred to again.
    numbers = numbered{};
    write_transaction t(db, numbers);
    ready_to_write();
    repair_result out;
    struct fix {
      std::string reference;
      review_row row;
      review r;
      std::size_t differences;
    };
    std::vector<fix> fixes;
    std::vector<std::string> damage;
    for (const auto& [reference, row] : all_reviews()) {
      ++out.reviews;
      const verify_result v = check_chain(reference, row);
      if (!v.ok()) {
        damage.push_back(v.first_altered ? v.message : v.problems.front());
        continue;
      }
      review r = rebuild(reference, row, false);
      auto differences = projection_differences(reference, r);
      if (auto d = snapshot_difference(reference, row, r); !d.empty()) differences.push_back(d + " (it is dropped)");
      if (differences.empty()) continue;
      const auto& roles = r.definition().correctors();
      if (std::find(roles.begin(), roles.end(), by.role) == roles.end()) {
        std::string list;
        for (const auto& x : roles) list += (list.empty() ? "" : ", ") + x;
        throw role_error("role " + in_quotes(by.role) + " may not repair the projections of review " +
                         in_quotes(reference) +
                         (roles.empty() ? "; its procedure names no corrections role, so nobody may"
                                        : "; they may be repaired by: " + list + " (procedure.corrections)"));
      }
      fixes.push_back({reference, row, std::move(r), differences.size()});
      for (auto& d : differences) out.differences.push_back(std::move(d));
    }
    if (!damage.empty()) {
      std::string list;
      for (const auto& d : damage) list += "; " + d;
      throw store_error("store " + in_quotes(path) + ": projections are not repaired while reviews are damaged (a "
                        "repair would hide it)" + list + ". Nothing was written");
    }
    const instant now = options.clock();
    for (const auto& f : fixes) {
      cache.erase(f.reference);
      drop_snapshots(f.reference);
      write_summary(f.reference, f.r);
      {
        auto q = statement("UPDATE reviews SET opened_at_us = ? WHERE reference = ?");
        q->bind(1, to_micros(f.r.history().front().at));
        q->bind(2, f.reference);
        q->exec();
      }
      project(f.reference, f.r);
      ledger_append("repaired", f.reference, f.row.sequence, last_hash(f.reference), context_of(f.row), now,
                    "projections rebuilt from the events by " + who_of(by) + ": " + std::string(reason) + "; " +
                        std::to_string(f.differences) + (f.differences == 1 ? " difference" : " differences"));
      out.repaired.push_back(f.reference);
    }
    t.commit();
    return out;
  }

  // The review's row: sequence, state, and when it closed and may be disposed
  // of (projected_through is project's).
  // With the review's cache entry, only the columns that changed since the
  // entry last wrote them: SQLite rewrites an index whose column is set even
  // to the value it had, and reviews_by_state and reviews_by_closure would
  // otherwise take a page of the log at every append.
  void write_summary(std::string_view reference, const review& r, cached_review* cached = nullptr) {
    const auto cells = summary_of(r);
    std::array<bool, 7> set{};
    std::string sql = "UPDATE reviews SET ";
    for (std::size_t i = 0; i < set.size(); ++i) {
      set[i] = cached == nullptr || !cached->summarised || cached->summary[i] != cells[i];
      if (set[i]) sql += std::string(summary_columns[i]) + " = ?, ";
    }
    if (std::find(set.begin(), set.end(), true) != set.end()) {
      sql.resize(sql.size() - 2);
      auto update = statement(sql + " WHERE reference = ?");
      int k = 1;
      for (std::size_t i = 0; i < set.size(); ++i) {
        if (set[i]) bind_cell(*update, k++, cells[i]);
      }
      update->bind(k, std::string(reference));
      update->exec();
    }
    if (cached != nullptr) {
      std::copy_n(cells.begin(), cached->summary.size(), cached->summary.begin());
      cached->summarised = true;
    }
  }
};

namespace {

// Runs f, turning SQLite's exceptions into store_error naming the file.
template <class F>
auto guarded(const std::string& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const database_error& e) {
    throw store_error("store " + in_quotes(path) + ": " + e.what());
  } catch (const damaged& e) {
    throw store_error("store " + in_quotes(path) + " is damaged: " + e.what());
  }
}

}  // namespace

namespace detail {

// The kind of network filesystem holding `path` (a file or a folder), if it is
// one: SQLite's WAL needs shared memory that these do not give across machines.
std::optional<std::string> network_filesystem(const std::string& path) {
  struct statfs fs {};
  if (::statfs(path.c_str(), &fs) != 0) return std::nullopt;
  const auto type = static_cast<unsigned long>(fs.f_type);
  switch (type) {
    case 0x6969UL: return std::string("NFS");
    case 0x517BUL: return std::string("SMB");
    case 0xFF534D42UL: return std::string("CIFS");
    case 0xFE534D42UL: return std::string("SMB2");
    case 0x65735546UL: return std::string("FUSE");  // sshfs and other user-space network mounts
    case 0x6B414653UL: return std::string("AFS");
    case 0x01021994UL: return std::nullopt;         // tmpfs: local
    default: return std::nullopt;
  }
}

}  // namespace detail

store::store(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

store::store(const std::string& path, store_options options) {
  if (path.empty() || path.find_first_not_of(" \t") == std::string::npos) {
    throw input_error("a store needs the path of its file; an empty path would be a temporary database that "
                      "vanishes (use store::in_memory for that)");
  }
  if (is_postgresql_url(path)) {
    // A database on a server: the store is the schema the URL's login
    // reaches (its search_path); its password is never shown.
    const std::string shown = shown_url(path);
    try {
      impl_ = std::make_unique<impl>(shown, open_postgresql(path), std::move(options));
      impl_->prepare();
    } catch (const database_error& e) {
      throw store_error("store " + in_quotes(shown) + " cannot be opened: " + e.what());
    } catch (const damaged& e) {
      throw store_error("store " + in_quotes(shown) + " is damaged: " + e.what());
    }
    return;
  }
  if (path.front() == ':' || path.rfind("file:", 0) == 0) {
    throw input_error("store path " + in_quotes(path) + " is an SQLite special name, not a file");
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool existed = fs::exists(path, ec);
  if (existed && fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0 && !options.create) {
    throw store_error("store " + in_quotes(path) +
                      " is an empty file, not a libscr store: it is never turned into one (create a store with "
                      "`scr init`, or name another file)");
  }
  if (!existed && !options.create) {
    throw input_error("no store " + in_quotes(path) + ": create one with `scr init`, or name another file");
  }
  if (!options.read_only && !options.allow_network_filesystem) {
    if (const auto kind = detail::network_filesystem(existed ? path : fs::absolute(path, ec).parent_path().string())) {
      throw store_error("store " + in_quotes(path) + " is on a network filesystem (" + *kind +
                        "), where SQLite's write-ahead log is unsafe and corrupts the file when two machines write: "
                        "keep the file on a local disk, written from one machine");
    }
  }
  try {
    const auto how = options.read_only ? sqlite_open::read_only
                     : options.create  ? sqlite_open::create
                                       : sqlite_open::read_write;
    impl_ = std::make_unique<impl>(path, open_sqlite(path, how), std::move(options));
    if (!existed && !impl_->options.read_only) {
      // The owner only, whatever the umask: SQLite gives the -wal and -shm
      // files the database's own mode.
      ::chmod(path.c_str(), S_IRUSR | S_IWUSR);
    }
    // Several processes creating or migrating the same file at once: the one
    // that switches it to WAL holds it briefly in a way SQLite's busy timeout
    // does not wait for. Each try is harmless; the schema is made once.
    for (int attempt = 1;; ++attempt) {
      try {
        impl_->prepare();
        break;
      } catch (const database_error& e) {
        if (e.which() != database_error::kind::busy || attempt == 100) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * std::min(attempt, 10)));
      }
    }
  } catch (const database_error& e) {
    throw store_error("store " + in_quotes(path) + " cannot be opened: " + e.what());
  } catch (const damaged& e) {
    throw store_error("store " + in_quotes(path) + " is damaged: " + e.what());
  }
}

store store::in_memory(store_options options) {
  try {
    auto i = std::make_unique<impl>(":memory:", open_sqlite(":memory:", sqlite_open::create), std::move(options));
    i->prepare();
    return store(std::move(i));
  } catch (const database_error& e) {
    throw store_error(std::string("an in-memory store cannot be created: ") + e.what());
  } catch (const damaged& e) {
    throw store_error(std::string("an in-memory store is damaged: ") + e.what());
  }
}

store::store(store&&) noexcept = default;
store& store::operator=(store&&) noexcept = default;
store::~store() = default;

int store::schema_version() noexcept { return current_schema; }

bool store::is_url(std::string_view name) noexcept { return is_postgresql_url(name); }

std::string store::create_key_file(const std::string& path) {
  const std::string key = detail::random_hex(32);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    throw store_error("cannot create key file " + in_quotes(path) +
                      (errno == EEXIST ? ": it exists (a key file is never overwritten)" : std::string(": ") + std::strerror(errno)));
  }
  ::fchmod(fd, S_IRUSR | S_IWUSR);
  const std::string text = key + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    throw store_error("cannot write key file " + in_quotes(path));
  }
  return key;
}

std::string store::read_key_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw store_error("cannot read key file " + in_quotes(path) + ": " + std::strerror(errno));
  struct stat st {};
  std::string text(129, '\0');
  ssize_t n = -1;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & (S_IRWXG | S_IRWXO)) == 0) {
    n = ::read(fd, text.data(), text.size());
  }
  ::close(fd);
  if (!S_ISREG(st.st_mode)) throw store_error("key file " + in_quotes(path) + " is not a regular file");
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw store_error("key file " + in_quotes(path) + " can be read by others than its owner: chmod 600 it");
  }
  if (n < 0) throw store_error("cannot read key file " + in_quotes(path));
  text.resize(static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.size() != 64 || text.find_first_not_of("0123456789abcdef") != std::string::npos) {
    throw store_error("key file " + in_quotes(path) + " does not hold a libscr key (64 hex digits)");
  }
  return text;
}
const std::string& store::path() const noexcept { return impl_->path; }

namespace {

// The tables a copy carries, in an order their references allow; what
// orders their rows (the order added, or the primary key).
struct copied_table {
  const char* name;
  const char* order;  // nullptr: the order rows were added in
};
constexpr std::array<copied_table, 16> copied_tables{{
    {"procedures", "id, version"},
    {"actors", "actor"},
    {"labels", "label"},
    {"reviews", nullptr},
    {"events", "reference, sequence"},
    {"milestone_projection", "reference, milestone, agency"},
    {"obligation_projection", "reference, obligation, agency, occurrence"},
    {"compliance_projection", "reference, headline"},
    {"warning_projection", "reference, position"},
    {"tombstones", nullptr},
    {"ledger", "position"},
    {"unlinked", "what, reference, position"},
    {"chronology_setups", "reference"},
    {"chronologies", "reference, agency, version"},
    {"calendar_versions", "position"},
    {"store_meta", "name"},
}};

// A table's columns on its backend, in order (PostgreSQL's `ordinal`, the
// order rows were added in, is given by the order they are copied in).
std::vector<std::string> columns_of(connection& db, const char* table) {
  query q(db, db.kind() == dialect::sqlite
                  ? "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
                  : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND "
                    "table_name = ?1 ORDER BY ordinal_position");
  q.bind(1, std::string(table));
  std::vector<std::string> out;
  while (q.executeStep()) {
    if (q.getColumn(0).getString() != "ordinal") out.push_back(q.getColumn(0).getString());
  }
  return out;
}

}  // namespace

copy_result store::copy(const std::string& from, const std::string& to, const store_options& options) {
  if (from == to) throw input_error("scr store copy: the source and the destination are the same store");
  store_options reading = options;
  reading.read_only = true;
  reading.create = false;
  const store source(from, reading);
  // Everything that can refuse the copy before the destination is made.
  if (source.impl_->keyed != !options.key.empty()) {
    throw input_error(source.impl_->keyed
                          ? "store " + in_quotes(source.path()) +
                                " is keyed: give its key file, which the copy keeps (its chains are HMACs with that key)"
                          : "store " + in_quotes(source.path()) +
                                " has no key: copy it without one (a key cannot be given to chains made without it)");
  }
  store_options writing = options;
  writing.read_only = false;
  writing.create = true;
  store destination(to, writing);
  auto& src = source.impl_->db;
  auto& dst = destination.impl_->db;
  copy_result out;
  guarded(destination.path(), [&] {
    if (!destination.impl_->owner) {
      throw role_error("login " + in_quotes(destination.login()) + " does not administer store " +
                       in_quotes(destination.path()) + ": a copy is made by the login that created the store");
    }
    const impl::reading one(src);  // one snapshot of the source
    write_transaction t(dst, destination.impl_->numbers);
    if (integer_of(dst, "SELECT (SELECT count(*) FROM reviews) + (SELECT count(*) FROM tombstones) + "
                        "(SELECT count(*) FROM ledger) + (SELECT count(*) FROM procedures)") != 0) {
      throw input_error("store " + in_quotes(destination.path()) +
                        " is not empty: a copy is made into a new store only (nothing was written)");
    }
    for (const auto& table : copied_tables) {
      const auto columns = columns_of(src, table.name);
      if (columns != columns_of(dst, table.name)) {
        throw store_error("table " + std::string(table.name) + " has other columns in " + in_quotes(source.path()) +
                          " than in " + in_quotes(destination.path()) + ": not the same schema version");
      }
      std::string list, marks;
      for (const auto& c : columns) {
        list += (list.empty() ? "" : ", ") + c;
        marks += marks.empty() ? "?" : ", ?";
      }
      // store_meta: the key's check only (the version, the marker and the
      // owner are the destination's own).
      const bool meta = std::string_view(table.name) == "store_meta";
      query read(src, "SELECT " + list + " FROM " + table.name + (meta ? " WHERE name = 'key_check'" : "") +
                          " ORDER BY " + (table.order != nullptr ? table.order : src.insertion_order()));
      // Rows a hundred to a statement: one round trip to a server for each
      // hundred, not each row. (The parameters numbered in order, in the
      // order the rows are read: the order they are added in.)
      constexpr int batch = 100;
      const int n = static_cast<int>(columns.size());
      const auto insert = [&](int rows) {
        std::string sql = "INSERT INTO " + std::string(table.name) + " (" + list + ") VALUES ";
        for (int r = 0; r < rows; ++r) sql += (r == 0 ? "(" : ", (") + marks + ")";
        return sql + (meta ? " ON CONFLICT (name) DO NOTHING" : "");  // the key's check: the same key's
      };
      query full(dst, insert(batch));
      int held = 0;
      std::vector<std::variant<std::monostate, std::int64_t, std::string, std::vector<char>>> cells;
      const auto flush = [&](query& q) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
          const int at = static_cast<int>(i) + 1;
          if (const auto* v = std::get_if<std::int64_t>(&cells[i])) q.bind(at, *v);
          else if (const auto* text = std::get_if<std::string>(&cells[i])) q.bind(at, *text);
          else if (const auto* b = std::get_if<std::vector<char>>(&cells[i])) q.bind_blob(at, {b->data(), b->size()});
          else q.bind(at);
        }
        q.exec();
        q.reset();
        cells.clear();
        held = 0;
      };
      while (read.executeStep()) {
        for (int i = 0; i < n; ++i) {
          const auto c = read.getColumn(i);
          if (c.isNull()) cells.emplace_back();
          else if (c.isInteger()) cells.emplace_back(c.getInt64());
          else if (c.isBlob()) cells.emplace_back(std::vector<char>(c.bytes().begin(), c.bytes().end()));
          else cells.emplace_back(c.getString());
        }
        ++out.rows;
        if (++held == batch) flush(full);
      }
      if (held > 0) {
        query rest(dst, insert(held));
        flush(rest);
      }
    }
    if (dst.kind() == dialect::postgresql) {
      // Numbers given explicitly: the next ones follow them.
      dst.execute("SELECT setval(pg_get_serial_sequence('actors', 'actor'), coalesce(max(actor), 0) + 1, false) "
                  "FROM actors; SELECT setval(pg_get_serial_sequence('labels', 'label'), coalesce(max(label), 0) + 1, "
                  "false) FROM labels");
    }
    // The source as it was copied: the same snapshot (a write made to it
    // since would otherwise look like a difference).
    out.from = source.verify_all();
    t.commit();
  });
  const store copied(to, reading);
  out.to = copied.verify_all();
  if (!out.to.ok() || out.to.head.text() != out.from.head.text() || out.to.reviews != out.from.reviews ||
      out.to.events != out.from.events || out.to.tombstones != out.from.tombstones) {
    throw store_error("the copy " + in_quotes(copied.path()) + " was written but does not verify as its source " +
                      in_quotes(source.path()) + " does (" + out.to.message + "; the source: " + out.from.message +
                      "); do not use it");
  }
  return out;
}

const std::string& store::login() const noexcept { return impl_->login; }

bool store::administers() const noexcept { return impl_->owner; }

namespace {

// Logins are a server's: an SQLite file has none.
void require_logins(const std::string& path, bool server) {
  if (!server) {
    throw input_error("store " + in_quotes(path) +
                      " is an SQLite file, which has no logins: who acts is what each command says (--actor, "
                      "--role), and anyone who can write the file can write as anyone. Use a store on PostgreSQL "
                      "for logins (docs/deploying.md)");
  }
}

}  // namespace

void store::grant_login(const std::string& login, const actor& as) {
  guarded(impl_->path, [&] {
    require_logins(impl_->path, impl_->db.kind() == dialect::postgresql);
    if (!impl_->owner) {
      throw role_error("login " + in_quotes(impl_->login) + " does not administer store " + in_quotes(impl_->path) +
                       ": only the login that created it maps logins");
    }
    if (login.empty() || as.name.empty() || as.role.empty()) {
      throw input_error("a login is mapped to a login name, a person's name and a role; none may be empty");
    }
    write_transaction t(impl_->db, impl_->numbers);
    query role(impl_->db, "SELECT quote_ident(?1), quote_ident(current_schema()), EXISTS (SELECT 1 FROM pg_catalog.pg_roles "
                          "WHERE rolname = ?1)");
    role.bind(1, login);
    role.executeStep();
    if (role.getColumn(2).getInt64() == 0) {
      throw input_error("there is no login " + in_quotes(login) + " on the server of store " + in_quotes(impl_->path) +
                        ": its database administrator creates it first (CREATE ROLE ... LOGIN)");
    }
    const std::string quoted = role.getColumn(0).getString(), schema = role.getColumn(1).getString();
    query add(impl_->db, "INSERT INTO logins (login, name, role, agency) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
    add.bind(1, login);
    add.bind(2, as.name);
    add.bind(3, as.role);
    add.bind(4, as.agency);
    add.exec();
    impl_->db.execute(postgresql_grant(schema, quoted));
    t.commit();
  });
}

std::size_t store::revoke_login(const std::string& login, const std::optional<actor>& as) {
  return guarded(impl_->path, [&] {
    require_logins(impl_->path, impl_->db.kind() == dialect::postgresql);
    if (!impl_->owner) {
      throw role_error("login " + in_quotes(impl_->login) + " does not administer store " + in_quotes(impl_->path) +
                       ": only the login that created it maps logins");
    }
    write_transaction t(impl_->db, impl_->numbers);
    query del(impl_->db, as ? "DELETE FROM logins WHERE login = ?1 AND name = ?2 AND role = ?3 AND agency = ?4"
                            : "DELETE FROM logins WHERE login = ?1");
    del.bind(1, login);
    if (as) {
      del.bind(2, as->name);
      del.bind(3, as->role);
      del.bind(4, as->agency);
    }
    const auto taken = static_cast<std::size_t>(del.exec());
    query left(impl_->db, "SELECT count(*), quote_ident(?1), quote_ident(current_schema()), EXISTS (SELECT 1 FROM "
                          "pg_catalog.pg_roles WHERE rolname = ?1) FROM logins WHERE login = ?1");
    left.bind(1, login);
    left.executeStep();
    if (left.getColumn(0).getInt64() == 0 && left.getColumn(3).getInt64() != 0) {
      impl_->db.execute(postgresql_revoke(left.getColumn(2).getString(), left.getColumn(1).getString()));
    }
    t.commit();
    return taken;
  });
}

std::vector<login_grant> store::logins() const {
  return guarded(impl_->path, [&] {
    require_logins(impl_->path, impl_->db.kind() == dialect::postgresql);
    std::vector<login_grant> out;
    query q(impl_->db, "SELECT login, name, role, agency FROM logins ORDER BY login, name, role, agency");
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(),
                     actor{q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()}});
    }
    return out;
  });
}

void store::add_calendar(const calendar& cal) {
  guarded(impl_->path, [&] {
    impl_->refresh_calendars();
    bool stored = impl_->calendar_damage.count(cal.name()) != 0;
    for (const auto& [key, token] : impl_->calendar_tokens) {
      stored = stored || key == cal.name() || impl_->calendars.at(key).name() == cal.name();
    }
    if (stored) {
      throw input_error("calendar " + in_quotes(cal.name()) + " has versions loaded into store " +
                        in_quotes(impl_->path) + ", which it uses; load a new one with update_calendar "
                        "(scr calendar update)");
    }
    impl_->known_calendars.insert_or_assign(cal.name(), cal);
    impl_->calendars.insert_or_assign(cal.name(), cal);
    impl_->contexts.clear();
    impl_->cache.clear();
  });
}

calendar store::calendar_named(std::string_view name) const {
  return guarded(impl_->path, [&] {
    impl_->refresh_calendars();
    return impl_->calendar_named(name);
  });
}

review store::open_review(const procedure& p, std::string_view reference, instant at, const actor& by,
                          event_data data) {
  return guarded(impl_->path, [&] {
    write_transaction t(impl_->db, impl_->numbers);
    impl_->ready_to_write();
    const calendar& cal = impl_->calendar_named(p.calendar_name());
    impl_->require_free_reference(reference);
    const auto pinned = impl_->pin_procedure(p);
    review r = review::open(pinned, cal, std::string(reference), at, by, std::move(data));
    impl_->insert_new(reference, r, t);
    impl_->procedures.emplace(std::pair{p.id(), p.version()}, pinned);
    return r;
  });
}

std::uint64_t store::add_review(const review& r) {
  return guarded(impl_->path, [&] {
    const procedure& p = r.definition();
    for (const auto& e : r.history()) {
      if (e.kind == event_kind::migrated) {
        throw input_error("review " + in_quotes(r.reference()) + " has a migrated event: a review moved between "
                          "procedure versions comes into a store with import_reviews, which checks its migrations");
      }
    }
    write_transaction t(impl_->db, impl_->numbers);
    impl_->ready_to_write();
    const calendar& cal = impl_->calendar_named(p.calendar_name());
    impl_->require_free_reference(r.reference());
    const auto pinned = impl_->pin_procedure(p);
    // Counted by the store's calendar (the version it has loaded), whatever
    // the review was built with.
    if (r.calendar().version() != cal.version() || r.calendar().name() != cal.name()) {
      const review under = review::from_events(pinned, cal, r.history());
      impl_->insert_new(r.reference(), under, t);
      impl_->procedures.emplace(std::pair{p.id(), p.version()}, pinned);
      return static_cast<std::uint64_t>(under.size());
    }
    impl_->insert_new(r.reference(), r, t);
    impl_->procedures.emplace(std::pair{p.id(), p.version()}, pinned);
    return static_cast<std::uint64_t>(r.size());
  });
}

review store::load(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);  // the row, the snapshot and the events alike
    return impl_->rebuild(reference, impl_->require_review(reference));
  });
}

bool store::contains(std::string_view reference) const {
  return guarded(impl_->path, [&] { return impl_->find_review(reference).has_value(); });
}

std::vector<std::string> store::references() const {
  return guarded(impl_->path, [&] {
    query q(impl_->db,
            std::string("SELECT reference FROM reviews ORDER BY opened_at_us, ") + impl_->db.insertion_order());
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

std::uint64_t store::sequence(std::string_view reference) const {
  return guarded(impl_->path, [&] { return impl_->require_review(reference).sequence; });
}

std::uint64_t store::record(std::string_view reference, std::string_view event, instant at, const actor& by,
                            event_data data, std::string_view agency) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference, [&](review& r, const impl::review_row&) {
      r.record(event, at, by, std::move(data), agency);
    });
  });
}

std::uint64_t store::assign(std::string_view reference, std::string_view person, std::string_view role,
                            std::string_view agency, instant at, const actor& by, std::vector<std::string> declarations,
                            std::string_view person_id) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference, [&](review& r, const impl::review_row&) {
      r.assign(person, role, agency, at, by, std::move(declarations), person_id);
    });
  });
}

std::uint64_t store::schedule(std::string_view reference, std::string_view milestone, date on,
                              std::optional<time_of_day> time, instant at, const actor& by, std::string_view agency) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(
        reference, [&](review& r, const impl::review_row&) { r.schedule(milestone, on, time, at, by, agency); });
  });
}

std::uint64_t store::extend(std::string_view reference, std::string_view milestone, date new_due,
                            std::string_view reason, instant at, const actor& agreed_by, std::string_view agency) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference, [&](review& r, const impl::review_row&) {
      r.extend(milestone, new_due, reason, at, agreed_by, agency);
    });
  });
}

std::uint64_t store::hold(std::string_view reference, std::string_view reason, instant at, const actor& by) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference, [&](review& r, const impl::review_row&) { r.hold(reason, at, by); });
  });
}

std::uint64_t store::release(std::string_view reference, instant at, const actor& by, std::string_view note) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference, [&](review& r, const impl::review_row&) { r.release(at, by, note); });
  });
}

std::uint64_t store::discharge(std::string_view reference, std::string_view obligation, instant at, const actor& by,
                               std::string_view note, std::string_view agency) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(
        reference, [&](review& r, const impl::review_row&) { r.discharge(obligation, at, by, note, agency); });
  });
}

std::uint64_t store::append(std::string_view reference, std::uint64_t expected_sequence,
                            std::span<const review_event> events) {
  return guarded(impl_->path, [&] {
    for (const auto& e : events) {
      // A migration changes what the review runs under: only migrate() makes one.
      if (e.kind == event_kind::migrated) {
        throw input_error("a migrated event is not appended: move the review with store::migrate "
                          "(scr review migrate), which pins the new version in the same transaction");
      }
    }
    return impl_->write_cached(
        reference, [&](review& r, const impl::review_row&) {
          for (const auto& e : events) r.apply(e);
        },
        expected_sequence);
  });
}

std::uint64_t store::void_events(std::string_view reference, std::span<const std::uint64_t> sequences,
                                 std::string_view reason, instant at, const actor& by) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference,
                               [&](review& r, const impl::review_row&) { r.void_events(sequences, reason, at, by); });
  });
}

std::uint64_t store::amend(std::string_view reference, std::uint64_t sequence, std::optional<instant> occurred,
                           const event_data& changes, std::string_view reason, const actor& by) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(
        reference, [&](review& r, const impl::review_row&) { r.amend(sequence, occurred, changes, reason, by); });
  });
}

std::uint64_t store::waive(std::string_view reference, std::string_view item, std::string_view reason, instant at,
                           const actor& by, std::string_view agency, int occurrence) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference, [&](review& r, const impl::review_row&) {
      r.waive(item, reason, at, by, agency, occurrence);
    });
  });
}

std::uint64_t store::unassign(std::string_view reference, std::string_view person, std::string_view role,
                              std::string_view reason, instant at, const actor& by, std::string_view agency,
                              std::string_view person_id) {
  return guarded(impl_->path, [&] {
    return impl_->write_cached(reference, [&](review& r, const impl::review_row&) {
      r.unassign(person, role, reason, at, by, agency, person_id);
    });
  });
}

std::vector<stored_event> store::history(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);
    impl_->require_review(reference);
    return impl_->read_events(reference);
  });
}

// ---- migrating open reviews to another procedure version -----------------------------

std::vector<std::string> store::open_under(std::string_view procedure_id, int version) const {
  return guarded(impl_->path, [&] {
    query q(impl_->db, std::string("SELECT reference FROM reviews WHERE procedure_id = ? AND procedure_version = ? "
                                   "AND closed = 0 AND voided = 0 ORDER BY opened_at_us, ") +
                           impl_->db.insertion_order());
    q.bind(1, std::string(procedure_id));
    q.bind(2, version);
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

procedure store::stored_procedure(std::string_view id, int version) const {
  return guarded(impl_->path, [&] {
    query q(impl_->db, "SELECT version FROM procedures WHERE id = ? ORDER BY version");
    q.bind(1, std::string(id));
    std::vector<std::string> versions;
    bool found = false;
    while (q.executeStep()) {
      versions.push_back(std::to_string(q.getColumn(0).getInt()));
      found = found || q.getColumn(0).getInt() == version;
    }
    if (!found) {
      throw input_error("store " + in_quotes(impl_->path) + " holds no procedure " + in_quotes(id) + " version " +
                        std::to_string(version) +
                        (versions.empty() ? std::string("; it holds no version of it")
                                          : "; it holds versions " + detail::join(versions)));
    }
    return *impl_->procedure_of(std::string(id), version);
  });
}

std::vector<migration_report> store::migrate(const std::vector<std::string>& references, const procedure& to,
                                             const actor& by, std::string_view reason,
                                             const migration_options& options) {
  return guarded(impl_->path, [&] {
    if (references.empty()) throw input_error("no review to migrate: name at least one");
    {
      std::set<std::string, std::less<>> seen;
      for (const auto& ref : references) {
        if (!seen.insert(ref).second) throw input_error("review " + in_quotes(ref) + " is named twice");
      }
    }
    impl_->refresh_calendars();
    (void)impl_->calendar_named(to.calendar_name());
    const date as_of = options.as_of ? *options.as_of : london_date(impl_->options.clock());
    std::vector<migration_report> out;
    if (!options.apply) {
      const impl::reading one(impl_->db);
      // As apply would pin it: the stored one, or `to` as it is.
      auto target = impl_->stored_as(to);
      if (!target) target = std::make_shared<const procedure>(to);
      for (const auto& ref : references) {
        const auto row = impl_->require_review(ref);
        out.push_back(plan_migration(impl_->rebuild(ref, row), target, options.states, as_of));
      }
      return out;
    }
    write_transaction t(impl_->db, impl_->numbers);
    impl_->ready_to_write();
    const auto target = impl_->pin_procedure(to);
    const instant now = impl_->options.clock();
    std::vector<std::string> problems;
    std::vector<review> moved;
    std::vector<impl::review_row> rows;
    try {
      for (const auto& ref : references) {
        const auto row = impl_->require_review(ref);
        review& r = impl_->writable(ref, row);
        migration_report report;
        try {
          moved.push_back(scr::migrate(r, target, options.states, now, by, reason, &report, as_of));
          rows.push_back(row);
        } catch (const rule_error& e) {
          if (e.rule() != "migration") throw;  // its problems are in the report
        }
        for (const auto& p : report.problems) problems.push_back(p);
        out.push_back(std::move(report));
      }
      if (!problems.empty()) {
        throw rule_error("migration", std::string(references.size() == 1 ? "the review is" : "no review is") +
                                          " moved to " + procedure_ref(to) + ": " + detail::join(problems, "; "));
      }
      const std::string who = who_of(by);
      for (std::size_t i = 0; i < moved.size(); ++i) {
        const std::string& ref = references[i];
        impl_->cache.erase(ref);
        impl_->drop_snapshots(ref);
        {
          auto q = impl_->statement("UPDATE reviews SET procedure_id = ?, procedure_version = ? WHERE reference = ?");
          q->bind(1, to.id());
          q->bind(2, to.version());
          q->bind(3, ref);
          q->exec();
        }
        const std::vector<instant> recorded{now};
        impl_->write_tail(ref, moved[i], rows[i].sequence, nullptr, now,
                          {"migrated",
                           "moved from " + out[i].from_id + "@" + std::to_string(out[i].from_version) + " to " +
                               procedure_ref(to) + " by " + who + ": " + std::string(reason),
                           &recorded});
        out[i].applied = true;
        out[i].sequence = moved[i].size();
      }
      t.commit();
    } catch (...) {
      for (const auto& ref : references) impl_->cache.erase(ref);
      impl_->contexts.clear();  // it may hold the context of a definition not stored after all
      throw;
    }
    return out;
  });
}

// ---- calendar versions ------------------------------------------------------------------

namespace {

std::string holiday_text(const holiday& h) { return format_date(h.day) + " " + h.name; }

}  // namespace

std::string calendar_update::to_string() const {
  std::string out = "calendar " + in_quotes(name) + ": version " + in_quotes(from_version) + " -> " +
                    in_quotes(to_version) + " (confirmed through " + format_date(from_confirmed) + " -> " +
                    format_date(to_confirmed) + ")\n";
  for (const auto& h : added) out += "  new holiday: " + holiday_text(h) + "\n";
  for (const auto& h : removed) out += "  no longer a holiday: " + holiday_text(h) + "\n";
  out += std::to_string(reviews) + (reviews == 1 ? " review" : " reviews") + " under it; due dates as of " +
         format_date(as_of) + (moved.empty() ? ": none moves\n" : ":\n");
  for (const auto& m : moved) {
    out += "  " + in_quotes(m.reference) + " (" + m.state + (m.closed ? ", closed" : "") + ")\n";
    for (const auto& d : m.deadlines) out += "    " + d.to_string() + "\n";
  }
  if (applied) {
    out += "loaded: version " + in_quotes(to_version) + " is in use\n";
  } else if (!problems.empty()) {
    out += "not loaded:\n";
    for (const auto& p : problems) out += "  - " + p + "\n";
  }
  return out;
}

std::vector<calendar_version> store::calendar_versions() const {
  return guarded(impl_->path, [&] {
    query q(impl_->db,
            "SELECT name, version, definition, at_us, actor_name, actor_role, actor_agency, reason "
            "FROM calendar_versions ORDER BY position");
    std::vector<calendar_version> out;
    while (q.executeStep()) {
      calendar_version v;
      v.name = q.getColumn(0).getString();
      v.version = q.getColumn(1).getString();
      try {
        v.confirmed_through = calendar_from_json(q.getColumn(2).getString()).confirmed_through();
      } catch (const damaged& e) {
        throw store_error("store " + in_quotes(impl_->path) + " is damaged: calendar " + in_quotes(v.name) +
                          " version " + in_quotes(v.version) + ": " + e.what());
      }
      v.at = from_micros(q.getColumn(3).getInt64());
      v.by = actor{q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString()};
      v.reason = q.getColumn(7).getString();
      out.push_back(std::move(v));
    }
    return out;
  });
}

calendar_update store::update_calendar(const calendar& updated, const actor& by, std::string_view reason,
                                       const calendar_update_options& options) {
  return guarded(impl_->path, [&] {
    if (detail::trim(reason).empty()) {
      throw input_error("a calendar version is loaded with a reason (who announced the change, and when)");
    }
    if (detail::trim(by.name).empty() || detail::trim(by.role).empty()) {
      throw input_error("a calendar version is loaded by a person in a role: give both");
    }
    const date as_of = options.as_of ? *options.as_of : london_date(impl_->options.clock());
    auto& i = *impl_;
    struct after {
      std::string reference;
      impl::review_row row;
      review r;
    };
    std::vector<after> reviews;
    std::string name;
    // What the version changes; `writing`: each review's head checked, and
    // taken as the new version gives it.
    const auto plan = [&](bool writing) {
      // The name reviews know it by: a procedure's `calendar` (England and
      // Wales is "england-and-wales"), or the name it was added under.
      name = updated.name();
      for (const auto& [key, known] : i.calendars) {
        if (key == updated.name() || known.name() == updated.name()) name = key;
      }
      const calendar& current = i.calendar_named(name);
      if (options.expected_version && *options.expected_version != current.version()) {
        throw input_error("calendar " + in_quotes(name) + " is now version " + in_quotes(current.version()) +
                          ", not " + in_quotes(*options.expected_version) +
                          ": another version was loaded since; make the update from the version in use");
      }
      {
        query q(i.db, "SELECT 1 FROM calendar_versions WHERE name = ? AND version = ?");
        q.bind(1, name);
        q.bind(2, updated.version());
        if (q.executeStep() || updated.version() == current.version()) {
          throw input_error("calendar " + in_quotes(name) + " version " + in_quotes(updated.version()) +
                            " is already loaded into store " + in_quotes(i.path) + "; give the new one its own version");
        }
      }
      if (updated.weekend() != current.weekend()) {
        throw input_error("calendar " + in_quotes(name) + " version " + in_quotes(updated.version()) +
                          " has another weekend than the version in use: not a new version of the same calendar");
      }
      calendar_update u;
      u.name = name;
      u.from_version = current.version();
      u.to_version = updated.version();
      u.from_confirmed = current.confirmed_through();
      u.to_confirmed = updated.confirmed_through();
      u.as_of = as_of;
      const auto& was = current.all_holidays();
      const auto& now = updated.all_holidays();
      // By day: a day renamed (gov.uk's spelling of a holiday) is no change.
      const auto by_day = [](const holiday& a, const holiday& b) { return a.day < b.day; };
      std::set_difference(now.begin(), now.end(), was.begin(), was.end(), std::back_inserter(u.added), by_day);
      std::set_difference(was.begin(), was.end(), now.begin(), now.end(), std::back_inserter(u.removed), by_day);
      query q(i.db, std::string("SELECT reference, voided FROM reviews WHERE calendar = ? ORDER BY opened_at_us, ") +
                        i.db.insertion_order());
      q.bind(1, name);
      std::vector<std::pair<std::string, bool>> refs;
      while (q.executeStep()) refs.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt() != 0);
      for (const auto& [ref, voided] : refs) {
        const auto row = i.require_review(ref);
        // Nothing is vouched for on top of damage.
        if (writing) i.check_head(ref, row, i.last_event(ref));
        // A void review is in no list or report: not counted, but its row,
        // projections and ledger entry follow the version like any.
        if (!voided) ++u.reviews;
        const review r = i.rebuild(ref, row);
        try {
          review moved = review::from_events(r.definition_ptr(), updated, r.history());
          auto deadlines = compare_timetables(timetable_entries(r, as_of), timetable_entries(moved, as_of));
          if (!voided && !deadlines.empty()) {
            u.moved.push_back({ref, moved.state(), moved.closed(), std::move(deadlines)});
          }
          if (writing) reviews.push_back({ref, row, std::move(moved)});
        } catch (const error& e) {
          u.problems.push_back("review " + in_quotes(ref) + " does not replay under version " +
                               in_quotes(updated.version()) + ": " + e.what());
        }
      }
      return u;
    };
    if (!options.apply) {
      const impl::reading one(i.db);
      i.refresh_calendars();
      return plan(false);
    }
    write_transaction t(i.db, i.numbers);
    i.ready_to_write();
    i.check_may_act(by);
    calendar_update u = plan(true);
    if (!u.ok()) {
      throw rule_error("calendar", "calendar " + in_quotes(u.name) + " version " + in_quotes(u.to_version) +
                                       " is not loaded: " + detail::join(u.problems, "; "));
    }
    // Who may: a corrections role of every procedure a review under it runs
    // under; with none, of every stored procedure that names the calendar.
    {
      std::vector<std::shared_ptr<const procedure>> procedures;
      for (const auto& a : reviews) procedures.push_back(i.procedure_of(a.row.procedure_id, a.row.procedure_version));
      if (procedures.empty()) {
        query q(i.db, "SELECT id, version FROM procedures ORDER BY id, version");
        while (q.executeStep()) {
          auto p = i.procedure_of(q.getColumn(0).getString(), q.getColumn(1).getInt());
          if (p->calendar_name() == name) procedures.push_back(std::move(p));
        }
      }
      if (procedures.empty() && !i.owner) {
        throw role_error("no review or procedure in store " + in_quotes(i.path) + " uses calendar " + in_quotes(name) +
                         ", so no procedure says who may load a version of it: its administrator (login " +
                         i.login + " does not administer it) loads the first");
      }
      for (const auto& p : procedures) {
        const auto& roles = p->correctors();
        if (std::find(roles.begin(), roles.end(), by.role) == roles.end()) {
          throw role_error("role " + in_quotes(by.role) + " may not load a version of calendar " + in_quotes(name) +
                           ", which reviews under " + procedure_ref(*p) + " use; it lets only its corrections roles (" +
                           detail::join(roles) + ") do it");
        }
      }
    }
    const instant now = i.options.clock();
    const std::string definition = calendar_json(updated);
    const std::string token = detail::sha256_hex(definition);
    const std::string who = who_of(by);
    const std::string calendar_ctx = name + "@" + token;
    try {
      std::int64_t position = 1;
      {
        auto q = i.statement("SELECT coalesce(max(position), 0) + 1 FROM calendar_versions");
        if (q->executeStep()) position = q->getColumn(0).getInt64();
      }
      {
        query q(i.db,
                "INSERT INTO calendar_versions (position, name, version, definition, at_us, actor_name, actor_role, "
                "actor_agency, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, position);
        q.bind(2, name);
        q.bind(3, u.to_version);
        q.bind(4, definition);
        q.bind(5, to_micros(now));
        q.bind(6, by.name);
        q.bind(7, by.role);
        q.bind(8, by.agency);
        q.bind(9, std::string(reason));
        q.exec();
      }
      const std::string note = "calendar " + in_quotes(name) + " version " + in_quotes(u.to_version) + " loaded by " +
                               who + ": " + std::string(reason);
      i.ledger_append("calendar-version", name, 0,
                      calendar_row_hash(name, u.to_version, definition, to_micros(now), by, reason), token, now, note);
      for (const auto& a : reviews) {
        i.cache.erase(a.reference);
        std::size_t moved = 0;
        i.drop_snapshots(a.reference);
        i.write_summary(a.reference, a.r);
        i.project(a.reference, a.r);
        for (const auto& m : u.moved)
          if (m.reference == a.reference) moved = m.deadlines.size();
        // The review's context under the new version, from its definition.
        i.ledger_append("calendar", a.reference, a.row.sequence, i.last_hash(a.reference),
                        i.context_under(a.row.procedure_id, a.row.procedure_version, calendar_ctx), now,
                        note + (a.r.voided() ? std::string("; the review is void")
                                             : "; " + std::to_string(moved) +
                                                   (moved == 1 ? " due date moved" : " due dates moved")));
      }
      t.commit();
      // Only now, committed, does this process use it.
      i.calendars.insert_or_assign(name, updated);
      i.calendar_tokens.insert_or_assign(name, token);
      i.contexts.clear();
      i.calendar_epoch = position;
    } catch (...) {
      i.calendar_epoch = -1;  // read again from the file on the next use
      i.cache.clear();
      i.contexts.clear();
      throw;
    }
    u.applied = true;
    return u;
  });
}

// ---- moving reviews between stores (docs/review-export.md) ----------------------------

std::string store::export_reviews(const std::vector<std::string>& references) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);
    std::vector<std::string> refs = references;
    if (refs.empty()) {
      query q(impl_->db,
              std::string("SELECT reference FROM reviews ORDER BY opened_at_us, ") + impl_->db.insertion_order());
      while (q.executeStep()) refs.push_back(q.getColumn(0).getString());
    }
    stored::review_document d;
    d.libscr = SCR_VERSION_STRING;
    d.exported_at = format_instant(impl_->options.clock());
    d.keyed = impl_->keyed;
    std::set<std::pair<std::string, int>> carried;
    std::set<std::string> seen;
    for (const auto& ref : refs) {
      if (!seen.insert(ref).second) continue;
      const auto row = impl_->require_review(ref);
      // The context as the importing store checks it: the procedure's
      // definition and the calendar's name (each store applies its own
      // version of the calendar).
      stored::document_review r{ref, row.procedure_id, row.procedure_version, row.calendar_name,
                                impl_->plain_context_of(row), {}};
      auto q = impl_->statement(
          "SELECT e.sequence, e.kind, e.name, e.agency, e.subject, e.at_us, e.recorded_at_us, a.name, a.role, "
          "a.agency, e.payload, e.hash, e.corrects, e.reason FROM events e LEFT JOIN actors a ON a.actor = e.actor "
          "WHERE e.reference = ? ORDER BY e.sequence");
      q->bind(1, ref);
      while (q->executeStep()) {
        stored::document_event x;
        x.sequence = static_cast<std::uint64_t>(q->getColumn(0).getInt64());
        try {
          x.event.kind = kind_from(q->getColumn(1).getString());
          x.payload = q->getColumn(10).getString();
          if (!nlohmann::json::accept(x.payload)) throw damaged("its payload is not JSON");
        } catch (const std::exception& e) {
          throw damaged("event " + std::to_string(x.sequence) + " of review " + in_quotes(ref) +
                        " cannot be read: " + e.what());
        }
        x.event.name = q->getColumn(2).getString();
        x.event.agency = q->getColumn(3).getString();
        x.event.subject = q->getColumn(4).getString();
        x.at_us = q->getColumn(5).getInt64();
        x.recorded_us = q->getColumn(6).getInt64();
        x.event.by = actor{q->getColumn(7).getString(), q->getColumn(8).getString(), q->getColumn(9).getString()};
        x.hash = hash_hex(q->getColumn(11));
        x.event.corrects = static_cast<std::uint64_t>(q->getColumn(12).getInt64());
        x.event.reason = q->getColumn(13).getString();
        r.events.push_back(std::move(x));
      }
      if (carried.emplace(row.procedure_id, row.procedure_version).second) {
        auto p = impl_->statement("SELECT definition FROM procedures WHERE id = ? AND version = ?");
        p->bind(1, row.procedure_id);
        p->bind(2, row.procedure_version);
        if (!p->executeStep()) {
          throw damaged("procedure " + in_quotes(row.procedure_id) + " version " +
                        std::to_string(row.procedure_version) + " is missing from the file");
        }
        d.procedures.push_back({row.procedure_id, row.procedure_version, p->getColumn(0).getString()});
      }
      d.reviews.push_back(std::move(r));
    }
    d.seal = digest_of(stored::review_document_seal_text(d), impl_->keyed ? impl_->options.key : std::string());
    return stored::write_review_document(d);
  });
}

review_import store::import_reviews(std::string_view document, const actor& by, const import_options& options) {
  return guarded(impl_->path, [&] {
    const bool check_only = options.check_only;
    const std::string name = options.source.empty() ? std::string("(text)") : options.source;
    const stored::review_document d = stored::read_review_document(document, name);
    const std::string in_file = " in review export " + in_quotes(name);
    // Contexts computed from procedures this import stores are forgotten if
    // it does not commit.
    struct forget_contexts {
      impl& i;
      bool keep = false;
      ~forget_contexts() {
        if (!keep) i.contexts.clear();
      }
    } forget{*impl_};
    write_transaction t(impl_->db, impl_->numbers);
    impl_->ready_to_write();
    impl_->check_may_act(by);
    if (d.keyed && impl_->options.key.empty()) {
      throw input_error("review export " + in_quotes(name) + " comes from a keyed store: its hashes are "
                        "HMAC-SHA-256 under that store's key, so only a store opened with the same key (--key-file) "
                        "can check them. Nothing was imported");
    }
    if (!d.keyed && impl_->keyed && !options.reseal) {
      throw input_error("review export " + in_quotes(name) + " is not keyed and store " + in_quotes(impl_->path) +
                        " is: anyone can compute its hashes, so a keyed store takes it only when asked to check its "
                        "chains as exported and seal them again with its key (--reseal). Nothing was imported");
    }
    review_import out;
    out.check_only = check_only;
    out.resealed = !d.keyed && impl_->keyed;
    // The procedures, each parsed from the file and, when this store has the
    // same id and version, the same definition.
    std::map<std::pair<std::string, int>, std::shared_ptr<const procedure>> pinned;
    std::map<std::pair<std::string, int>, const stored::document_procedure*> texts;
    std::set<std::pair<std::string, int>> in_store;
    for (const auto& p : d.procedures) {
      std::shared_ptr<const procedure> parsed;
      try {
        parsed = std::make_shared<const procedure>(
            procedure::parse(p.definition, "review export " + name + ": procedure " + p.id + "@" + std::to_string(p.version)));
      } catch (const input_error& e) {
        throw input_error(std::string(e.what()) + ". Nothing was imported");
      }
      if (parsed->id() != p.id || parsed->version() != p.version) {
        throw input_error("review export " + in_quotes(name) + ": procedure " + in_quotes(p.id) + " version " +
                          std::to_string(p.version) + " has a definition of " + in_quotes(parsed->id()) +
                          " version " + std::to_string(parsed->version()) + ": altered after export. Nothing was imported");
      }
      // A built-in pack's id and version is the built-in pack: a file cannot
      // bring its own version of it (who may import, its deadlines).
      std::optional<procedure> builtin;
      try {
        builtin = procedure::builtin(p.id);
      } catch (const input_error&) {
      }
      if (builtin && builtin->version() == p.version && !builtin->same_definition(*parsed)) {
        throw input_error("review export " + in_quotes(name) + ": procedure " + in_quotes(p.id) + " version " +
                          std::to_string(p.version) + " is not libscr's built-in pack of that id and version: "
                          "altered after export. Nothing was imported");
      }
      // Pinned as any stored procedure is (its source named as stored).
      parsed = std::make_shared<const procedure>(impl::parse_stored(p.id, p.version, p.definition));
      texts[{p.id, p.version}] = &p;
      query q(impl_->db, "SELECT definition FROM procedures WHERE id = ? AND version = ?");
      q.bind(1, p.id);
      q.bind(2, p.version);
      if (q.executeStep()) {
        auto stored_form = impl_->procedure_of(p.id, p.version);
        if (!stored_form->same_definition(*parsed)) {
          throw input_error("procedure " + in_quotes(p.id) + " version " + std::to_string(p.version) + in_file +
                            " differs from the definition store " + in_quotes(impl_->path) +
                            " has under that id and version: its reviews cannot run under both. Nothing was imported");
        }
        pinned[{p.id, p.version}] = stored_form;
        in_store.emplace(p.id, p.version);
      } else {
        pinned[{p.id, p.version}] = parsed;
      }
    }
    const instant now = impl_->options.clock();
    for (const auto& x : d.reviews) {
      const std::string r = "review " + in_quotes(x.reference) + in_file;
      if (impl_->find_review(x.reference)) {
        throw input_error(r + " is already in store " + in_quotes(impl_->path) + ". Nothing was imported");
      }
      if (const auto purged = impl_->tombstone_of(x.reference)) {
        throw input_error(r + " was purged from store " + in_quotes(impl_->path) + " on " +
                          format_date(london_date(purged->purged_at)) +
                          ": its tombstone keeps the reference. Nothing was imported");
      }
      const auto key = std::pair{x.procedure_id, x.procedure_version};
      const auto& p = pinned.at(key);
      if (x.calendar != p->calendar_name()) {
        throw input_error(r + " names calendar " + in_quotes(x.calendar) + ", but its procedure runs under " +
                          in_quotes(p->calendar_name()) + ": altered after export. Nothing was imported");
      }
      const calendar& cal = impl_->calendar_named(x.calendar);
      if (context_hash_of(x.procedure_id, x.procedure_version, texts.at(key)->definition, x.calendar) != x.context) {
        throw input_error(r + ": its procedure's definition is not the one the review ran under (the context "
                              "hash differs): altered after export. Nothing was imported");
      }
      // The chain, as the exporting store sealed it.
      const std::string chain_key = d.keyed ? impl_->options.key : std::string();
      std::string previous;
      std::vector<review_event> events;
      std::vector<instant> recorded;
      std::int64_t last_recorded = INT64_MIN;
      for (const auto& e : x.events) {
        const review_event& v = e.event;
        const std::string describe = "event " + std::to_string(e.sequence) + " (" + std::string(to_string(v.kind)) +
                                     (v.name.empty() ? "" : " " + v.name) + ", " + format_instant(v.at) + ") of " + r;
        if (from_micros(e.recorded_us) > now + impl_->options.future_allowance ||
            v.at > now + impl_->options.future_allowance) {
          throw input_error(describe + " is dated after this store's clock (" + format_instant(now) +
                            "): it cannot have happened or been recorded yet. Nothing was imported");
        }
        if (e.recorded_us < last_recorded) {
          throw input_error(describe + " was recorded (" + stored::exact_instant(e.recorded_us) +
                            ") before the event before it: events are in the order recorded. Nothing was imported");
        }
        last_recorded = e.recorded_us;
        try {
          impl_->check_may_act(v.by);
        } catch (const role_error& err) {
          throw role_error(describe + ": " + err.what() + ". Nothing was imported");
        }
        if (e.payload != to_json(v.data).dump()) {
          throw input_error(describe + ": its data is not in the form libscr writes it, so its hash cannot be "
                                       "checked. Nothing was imported");
        }
        const std::string expected =
            chained_hash(previous, x.reference, e.sequence,
                         {to_string(v.kind), v.name, v.agency, v.subject, e.at_us, e.recorded_us, v.by.name, v.by.role,
                          v.by.agency, e.payload, static_cast<std::int64_t>(v.corrects), v.reason},
                         chain_key);
        if (expected != e.hash) {
          throw input_error(describe + " does not match its hash: it, or an event before it, was changed after "
                                       "export" +
                            std::string(d.keyed ? " (or this store's key is not that of the store it came from)" : "") +
                            ". Nothing was imported");
        }
        previous = e.hash;
        events.push_back(v);
        recorded.push_back(from_micros(e.recorded_us));
      }
      // Every event through the engine again.
      review rv = [&] {
        try {
          return review::from_events(p, cal, std::move(events));
        } catch (const error&) {
          detail::rethrow_prefixed(r + ": ");
        }
      }();
      if (auto why = impl::migration_damage(x.reference, x.procedure_id, x.procedure_version, rv.history());
          !why.empty()) {
        throw input_error(why + in_file + ": altered after export. Nothing was imported");
      }
      // The events as the engine keeps them must be the file's, field for
      // field: what is hashed is what is written.
      for (std::size_t k = 0; k < x.events.size(); ++k) {
        const review_event& kept = rv.history()[k];
        const auto& e = x.events[k];
        if (kept.kind != e.event.kind || kept.name != e.event.name || kept.agency != e.event.agency ||
            kept.subject != e.event.subject || kept.at != e.event.at || kept.by != e.event.by ||
            kept.corrects != e.event.corrects || kept.reason != e.event.reason ||
            to_json(kept.data).dump() != e.payload) {
          throw input_error("event " + std::to_string(e.sequence) + " of " + r +
                            " is not as libscr records it (the engine reads its fields or data differently, e.g. a "
                            "null value or an agency on an opening): altered after export. Nothing was imported");
        }
      }
      const auto& roles = rv.definition().correctors();
      if (std::find(roles.begin(), roles.end(), by.role) == roles.end()) {
        std::string list;
        for (const auto& c : roles) list += (list.empty() ? "" : ", ") + c;
        throw role_error("role " + in_quotes(by.role) + " may not import " + r +
                         (roles.empty() ? ": its procedure names no corrections role, so nobody may"
                                        : ": reviews are imported by the roles that correct them: " + list +
                                              " (procedure.corrections)") +
                         ". Nothing was imported");
      }
      if (in_store.insert(key).second) {
        const auto* text = texts.at(key);
        query insert(impl_->db, "INSERT INTO procedures (id, version, definition) VALUES (?, ?, ?)");
        insert.bind(1, text->id);
        insert.bind(2, text->version);
        insert.bind(3, text->definition);
        insert.exec();
        impl_->store_compiled(text->id, text->version, text->definition, *p);
      }
      query insert(impl_->db,
                   "INSERT INTO reviews (reference, procedure_id, procedure_version, calendar, opened_at_us, "
                   "sequence, state, closed) VALUES (?, ?, ?, ?, ?, 0, ?, 0)");
      insert.bind(1, x.reference);
      insert.bind(2, x.procedure_id);
      insert.bind(3, x.procedure_version);
      insert.bind(4, x.calendar);
      insert.bind(5, x.events.front().at_us);
      insert.bind(6, rv.state());
      insert.exec();
      impl::write_kind how{};
      how.ledger = "imported";
      how.note = "imported from " + in_quotes(name) + " (exported " + d.exported_at + " by libscr " + d.libscr + ") by " +
                 who_of(by) +
                 (out.resealed ? "; sealed again with this store's key" : "");
      how.recorded = &recorded;
      const std::string head = impl_->write_tail(x.reference, rv, 0, nullptr, now, how);
      if (!out.resealed && head != x.events.back().hash) {
        throw store_error(r + ": written, its chain does not end in the hash the file gives (" + head +
                          "). Nothing was imported");
      }
      out.references.push_back(x.reference);
      out.events += x.events.size();
    }
    // The seal: with a key, a file cut short, with a review left out or a
    // procedure changed, is refused (without one, anyone can seal again).
    if (digest_of(stored::review_document_seal_text(d), d.keyed ? impl_->options.key : std::string()) != d.seal) {
      throw input_error("review export " + in_quotes(name) +
                        ": its seal does not match its reviews' heads and procedures: reviews or events were removed, "
                        "or a procedure changed, after export. Nothing was imported");
    }
    if (!check_only) {
      t.commit();
      forget.keep = true;
    }
    return out;
  });
}

// ---- agencies' chronologies ---------------------------------------------------------

namespace {

nlohmann::json setup_json(const chronology_setup& s) {
  nlohmann::json acronyms = nlohmann::json::array();
  for (const auto& a : s.acronyms) acronyms.push_back({{"code", a.code}, {"kind", a.kind}, {"meaning", a.meaning}});
  const auto day = [](const std::optional<date>& d) { return d ? nlohmann::json(format_date(*d)) : nlohmann::json(); };
  return {{"format", s.format.source()}, {"period_from", day(s.period_from)}, {"period_to", day(s.period_to)},
          {"questions", s.questions},   {"acronyms", std::move(acronyms)},  {"known_names", s.known_names}};
}

chronology_setup setup_from_json(const std::string& text, std::string_view reference) {
  try {
    const auto j = nlohmann::json::parse(text);
    chronology_setup s = chronology_setup::with_format(
        chronology_format::parse(j.at("format").get<std::string>(), "the chronology format of review " + std::string(reference)));
    const auto day = [&](const char* k) -> std::optional<date> {
      if (j.at(k).is_null()) return std::nullopt;
      return parse_date(j.at(k).get<std::string>());
    };
    s.period_from = day("period_from");
    s.period_to = day("period_to");
    s.questions = j.at("questions").get<std::vector<std::string>>();
    for (const auto& a : j.at("acronyms")) {
      s.acronyms.push_back({a.at("code").get<std::string>(), a.at("kind").get<std::string>(), a.at("meaning").get<std::string>()});
    }
    s.known_names = j.at("known_names").get<std::vector<std::string>>();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw damaged("the chronology setup of review " + in_quotes(reference) + " does not read (" + e.what() +
                  "): altered outside libscr");
  }
}

const char* const chronology_columns =
    "agency, version, status, at_us, actor_name, actor_role, actor_agency, file, document, sha256, entries, errors, "
    "warnings, report, event, hash";

chronology_row read_chronology_row(query& q) {
  chronology_row r;
  r.s.agency = q.getColumn(0).getString();
  r.s.version = q.getColumn(1).getInt();
  r.s.status = q.getColumn(2).getString();
  r.s.at = from_micros(q.getColumn(3).getInt64());
  r.s.by = {q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString()};
  r.s.file = q.getColumn(7).getString();
  r.document = q.getColumn(8).getString();
  r.s.sha256 = hash_hex(q.getColumn(9));
  r.s.entries = static_cast<std::size_t>(q.getColumn(10).getInt64());
  r.s.errors = static_cast<std::size_t>(q.getColumn(11).getInt64());
  r.s.warnings = static_cast<std::size_t>(q.getColumn(12).getInt64());
  r.s.report = q.getColumn(13).getString();
  r.s.event = static_cast<std::uint64_t>(q.getColumn(14).getInt64());
  r.hash = hash_hex(q.getColumn(15));
  return r;
}

std::string chronology_seal(std::string_view reference, const chronology_row& r, std::string_view key) {
  const auto& c = r.s;
  return seal_of("chronology",
                 {reference, c.agency, std::to_string(c.version), c.status, std::to_string(to_micros(c.at)), c.by.name,
                  c.by.role, c.by.agency, c.file, r.document, c.sha256, std::to_string(c.entries),
                  std::to_string(c.errors), std::to_string(c.warnings), c.report, std::to_string(c.event)},
                 key);
}

}  // namespace

std::optional<chronology_setup> store::impl::setup_of(std::string_view reference) const {
  auto q = statement("SELECT setup FROM chronology_setups WHERE reference = ?");
  q->bind(1, std::string(reference));
  if (q->executeStep()) return setup_from_json(q->getColumn(0).getString(), reference);
  const review_row row = require_review(reference);
  const auto p = procedure_of(row.procedure_id, row.procedure_version);
  if (!p->chronology()) return std::nullopt;
  const auto ids = chronology_format::builtin_ids();
  // A board's own format is set with the review's setup (its YAML kept there).
  if (std::find(ids.begin(), ids.end(), p->chronology()->format) == ids.end()) return std::nullopt;
  return chronology_setup::with_format(chronology_format::builtin(p->chronology()->format));
}

std::vector<chronology_row> store::impl::chronology_rows(std::string_view reference) const {
  auto q = statement(std::string("SELECT ") + chronology_columns + " FROM chronologies WHERE reference = ? ORDER BY at_us, " +
                     "agency, version");
  q->bind(1, std::string(reference));
  std::vector<chronology_row> out;
  while (q->executeStep()) out.push_back(read_chronology_row(*q));
  return out;
}

// What is wrong with the review's chronology rows and setup: each row sealed
// and named by a ledger entry, every chronology a ledger entry names still
// there, and the setup the one the last setup entry names.
void store::impl::chronology_damage(std::string_view reference, std::vector<std::string>& problems) const {
  std::map<std::string, std::string> named;  // seal -> what the ledger entry says, of chronologies
  std::optional<std::pair<std::int64_t, std::string>> last_setup;  // position and seal of the last setup entry
  {
    auto q = statement("SELECT kind, note, position FROM ledger WHERE reference = ? AND kind IN ('chronology', "
                       "'chronology setup') ORDER BY position");
    q->bind(1, std::string(reference));
    while (q->executeStep()) {
      const std::string note = q->getColumn(1).getString();
      if (note.size() < 65) continue;
      const std::string seal = note.substr(note.size() - 64);
      if (q->getColumn(0).getString() == "chronology") {
        named[seal] = "ledger entry " + std::to_string(q->getColumn(2).getInt64()) + ", " + note.substr(0, note.size() - 65);
      } else {
        last_setup = std::pair(q->getColumn(2).getInt64(), seal);
      }
    }
  }
  const std::string r = "review " + in_quotes(reference) + ": ";
  for (const auto& row : chronology_rows(reference)) {
    const std::string what = r + "the chronology from " + row.s.agency + " version " + std::to_string(row.s.version);
    const bool known = named.erase(row.hash) != 0;
    if (chronology_seal(reference, row, options.key) != row.hash) {
      problems.push_back(what + " does not match its seal: altered outside libscr");
    } else if (!known) {
      problems.push_back(what + " is named by no ledger entry: put in outside libscr");
    } else if (row.s.status == "accepted" && detail::sha256_hex(row.document) != row.s.sha256) {
      problems.push_back(what + ": its entries are not those accepted: altered outside libscr");
    }
  }
  for (const auto& [seal, entry] : named) {
    problems.push_back(r + "the chronology of " + entry + " is gone: deleted or altered outside libscr");
  }
  auto q = statement("SELECT setup, at_us, actor_name, actor_role, actor_agency, hash FROM chronology_setups WHERE reference = ?");
  q->bind(1, std::string(reference));
  if (q->executeStep()) {
    const std::string stored = hash_hex(q->getColumn(5));
    const std::string seal =
        seal_of("chronology setup",
                {reference, q->getColumn(0).getString(), std::to_string(q->getColumn(1).getInt64()),
                 q->getColumn(2).getString(), q->getColumn(3).getString(), q->getColumn(4).getString()},
                options.key);
    if (seal != stored) {
      problems.push_back(r + "its chronology setup does not match its seal: altered outside libscr");
    } else if (!last_setup || last_setup->second != stored) {
      problems.push_back(r + "its chronology setup is not the one its last setup ledger entry names: put in or "
                             "replaced outside libscr");
    }
  } else if (last_setup) {
    problems.push_back(r + "its chronology setup (ledger entry " + std::to_string(last_setup->first) +
                       ") is gone: deleted outside libscr");
  }
}

void store::set_chronology_setup(std::string_view reference, const chronology_setup& setup, instant at,
                                  const actor& by) {
  guarded(impl_->path, [&] {
    write_transaction t(impl_->db, impl_->numbers);
    impl_->ready_to_write();
    const auto row = impl_->require_review(reference);
    const auto head = impl_->last_event(reference);
    impl_->check_head(reference, row, head);
    impl_->check_may_act(by);
    impl_->check_time(at, "the setup's time");
    if (setup.period_from && setup.period_to && *setup.period_to < *setup.period_from) {
      throw input_error("the terms of reference's period ends (" + format_date(*setup.period_to) +
                        ") before it starts (" + format_date(*setup.period_from) + ")");
    }
    std::set<std::string> codes;
    for (const auto& a : setup.acronyms) {
      if (detail::trim(a.code).empty()) throw input_error("an acronym with no code (its meaning: " + in_quotes(a.meaning) + ")");
      if (!codes.insert(detail::lower(detail::trim(a.code))).second) {
        throw input_error("acronym " + in_quotes(a.code) + " is listed twice");
      }
    }
    for (const auto& c : impl_->chronology_rows(reference)) {
      if (c.s.status != "accepted") continue;
      const auto accepted = agency_chronology::from_canonical(c.document);
      if (accepted.format != setup.format.id() || accepted.format_version != setup.format.version()) {
        throw input_error("review " + in_quotes(reference) + " has a chronology from " + c.s.agency +
                          " accepted in format " + in_quotes(accepted.format) + " version " +
                          std::to_string(accepted.format_version) +
                          ": its chronologies stay in that format and version (a merge takes one), so the setup "
                          "keeps it");
      }
    }
    const std::string text = setup_json(setup).dump();
    const std::string hash =
        seal_of("chronology setup", {reference, text, std::to_string(to_micros(at)), by.name, by.role, by.agency},
                impl_->options.key);
    auto q = impl_->statement(upsert_sql("chronology_setups", {"reference"},
                                         {"setup", "at_us", "actor_name", "actor_role", "actor_agency", "hash"}));
    q->bind(1, std::string(reference));
    q->bind(2, text);
    q->bind(3, to_micros(at));
    q->bind(4, by.name);
    q->bind(5, by.role);
    q->bind(6, by.agency);
    bind_hash(*q, 7, hash);
    q->exec();
    impl_->ledger_append("chronology setup", reference, row.sequence, head.second, impl_->context_of(row),
                         impl_->options.clock(), "by " + by.name + " (" + by.role + "): setup " + hash);
    t.commit();
  });
}

std::optional<chronology_setup> store::chronology_setup_of(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);
    return impl_->setup_of(reference);
  });
}

chronology_check store::import_chronology(std::string_view reference, std::string_view agency,
                                          const chronology_table& table, instant at, const actor& by,
                                          const std::optional<actor>& returned_by) {
  return guarded(impl_->path, [&] {
    if (const auto problem = detail::name_problem(agency); problem || detail::trim(agency) != agency || agency.empty()) {
      throw input_error("the agency " + in_quotes(agency) + " a chronology is from " +
                        (problem ? *problem : std::string("must be a name without spaces around it")));
    }
    std::optional<chronology_setup> setup;
    std::shared_ptr<const procedure> p;
    {
      const impl::reading one(impl_->db);
      const auto row = impl_->require_review(reference);
      p = impl_->procedure_of(row.procedure_id, row.procedure_version);
      setup = impl_->setup_of(reference);
    }
    if (!setup) {
      throw input_error(
          "review " + in_quotes(reference) + " has no chronology setup and its procedure (" + p->id() + ") " +
          (p->chronology() ? "names format " + in_quotes(p->chronology()->format) + ", which is not built in"
                           : std::string("names no chronology format")) +
          ": set the format first (scr chronology setup --format ID or FILE)");
    }
    chronology_check checked = check_chronology(*setup, agency, table);
    const bool accepted = !checked.refused();
    if (!accepted && !returned_by) return checked;
    impl_->check_time(at, "the chronology's time");
    const auto& binding = p->chronology();
    const std::string event = !binding ? std::string() : accepted ? binding->submitted
                              : binding->returned.empty()          ? std::string()
                                                                   : binding->submitted;
    const std::string track_agency = binding && !binding->track.empty() ? std::string(agency) : std::string();
    chronology_row row;
    row.s.agency = std::string(agency);
    row.s.status = accepted ? "accepted" : "returned";
    row.s.at = at;
    row.s.by = accepted ? by : *returned_by;
    row.s.file = table.file;
    std::string canonical = checked.chronology.canonical();
    row.s.sha256 = detail::sha256_hex(canonical);
    if (accepted) row.document = std::move(canonical);
    row.s.entries = checked.chronology.entries.size();
    row.s.errors = checked.errors();
    row.s.warnings = checked.warnings();
    row.s.report = checked.report();
    // Kept with its ledger entry, in the transaction that records its events.
    const impl::after_write keep = [&](const impl::review_row& before, std::uint64_t sequence, const std::string& last) {
      impl_->check_may_act(row.s.by);
      int version = 1;
      {
        auto q = impl_->statement("SELECT agency, version FROM chronologies WHERE reference = ?");
        q->bind(1, std::string(reference));
        while (q->executeStep()) {
          if (detail::lower(q->getColumn(0).getString()) == detail::lower(agency)) {
            version = std::max(version, q->getColumn(1).getInt() + 1);
          }
        }
      }
      row.s.version = version;
      row.s.event = sequence > before.sequence ? before.sequence + 1 : 0;
      row.hash = chronology_seal(reference, row, impl_->options.key);
      auto q = impl_->statement(std::string("INSERT INTO chronologies (reference, ") + chronology_columns +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q->bind(1, std::string(reference));
      q->bind(2, row.s.agency);
      q->bind(3, static_cast<std::int64_t>(row.s.version));
      q->bind(4, row.s.status);
      q->bind(5, to_micros(at));
      q->bind(6, row.s.by.name);
      q->bind(7, row.s.by.role);
      q->bind(8, row.s.by.agency);
      q->bind(9, row.s.file);
      q->bind(10, row.document);
      bind_hash(*q, 11, row.s.sha256);
      q->bind(12, static_cast<std::int64_t>(row.s.entries));
      q->bind(13, static_cast<std::int64_t>(row.s.errors));
      q->bind(14, static_cast<std::int64_t>(row.s.warnings));
      q->bind(15, row.s.report);
      q->bind(16, static_cast<std::int64_t>(row.s.event));
      bind_hash(*q, 17, row.hash);
      q->exec();
      impl_->ledger_append("chronology", reference, sequence, last, impl_->context_of(before), impl_->options.clock(),
                           row.s.agency + " version " + std::to_string(version) + " " + row.s.status + " " + row.hash);
    };
    if (!event.empty()) {
      impl_->write_cached(
          reference,
          [&](review& r, const impl::review_row&) {
            r.record(event, at, by, {}, track_agency);
            if (!accepted) r.record(binding->returned, at, *returned_by, {}, track_agency);
          },
          std::nullopt, &keep);
    } else {
      write_transaction t(impl_->db, impl_->numbers);
      impl_->ready_to_write();
      const auto before = impl_->require_review(reference);
      const auto head = impl_->last_event(reference);
      impl_->check_head(reference, before, head);
      keep(before, before.sequence, head.second);
      t.commit();
    }
    return checked;
  });
}

std::vector<chronology_submission> store::chronology_submissions(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);
    impl_->require_review(reference);
    std::vector<chronology_submission> out;
    for (auto& r : impl_->chronology_rows(reference)) out.push_back(std::move(r.s));
    return out;
  });
}

agency_chronology store::accepted_chronology(std::string_view reference, std::string_view agency) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);
    impl_->require_review(reference);
    std::optional<chronology_row> latest;
    for (auto& r : impl_->chronology_rows(reference)) {
      if (r.s.status == "accepted" && detail::lower(r.s.agency) == detail::lower(agency) &&
          (!latest || r.s.version > latest->s.version)) {
        latest = std::move(r);
      }
    }
    if (!latest) {
      throw input_error("review " + in_quotes(reference) + " has no accepted chronology from " + in_quotes(agency));
    }
    return agency_chronology::from_canonical(latest->document);
  });
}

multi_agency_chronology store::merged_chronology(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);
    const auto setup = impl_->setup_of(reference);
    if (!setup) {
      throw input_error("review " + in_quotes(reference) + "'s procedure names no chronology format and none was set");
    }
    std::map<std::string, chronology_row> latest;  // agency key -> its latest accepted
    for (auto& r : impl_->chronology_rows(reference)) {
      if (r.s.status != "accepted") continue;
      auto& slot = latest[detail::lower(r.s.agency)];
      if (slot.s.version < r.s.version) slot = std::move(r);
    }
    std::vector<agency_chronology> all;
    for (const auto& [key, r] : latest) all.push_back(agency_chronology::from_canonical(r.document));
    return multi_agency_chronology(setup->format, std::move(all));
  });
}

namespace {


// The key due items are listed by: as open_items orders its rows (dates as
// text sort as dates; references, kinds, ids and agencies compared byte by
// byte, as SQLite's BINARY and PostgreSQL's "C" collation compare them).
bool listed_before(const due_item& a, const due_item& b) {
  return std::tie(a.due, a.reference, a.kind, a.id, a.agency, a.occurrence) <
         std::tie(b.due, b.reference, b.kind, b.id, b.agency, b.occurrence);
}

// The rows of open_items, less those of the reviews in `skip` (answered by a
// replay, or void), merged in order with `replayed` (sorted by
// listed_before), each handed to `each`. One item is filled row after row,
// so its strings keep their room: nothing is kept, however long the list.
void visit_due_items(raw_query& q, std::optional<date> as_of, const std::set<std::string, std::less<>>& skip,
                     const std::vector<due_item>& replayed, const std::function<void(const due_item&)>& each) {
  auto next = replayed.begin();
  due_item d;
  while (q.step()) {
    const std::string_view reference = q.text(0);
    if (!skip.empty() && skip.count(reference) != 0) continue;
    d.reference = reference;
    d.kind = q.text(1);
    d.id = q.text(2);
    d.agency = q.text(3);
    d.occurrence = q.integer(4);
    d.title = q.text(5);
    d.owner = q.text(6);
    d.due = stored_date(q.text(7));
    const auto late = as_of ? (*as_of - d.due).days() : 0;
    d.days_overdue = late > 0 ? static_cast<int>(late) : 0;
    for (; next != replayed.end() && listed_before(*next, d); ++next) each(*next);
    each(d);
  }
  for (; next != replayed.end(); ++next) each(*next);
}

// The open items in the projections, through the covering indexes; the
// reviews the projections do not answer for are left out afterwards (see
// store::impl::not_projected).
constexpr const char* open_items = R"sql(
  SELECT reference, 'milestone', milestone, agency, 1, title, owner, due
    FROM milestone_projection LEFT JOIN labels USING (label)
   WHERE completed_on IS NULL AND waived = 0 AND due IS NOT NULL AND %s
  UNION ALL
  SELECT reference, 'obligation', obligation, agency, occurrence, title, owner, due
    FROM obligation_projection LEFT JOIN labels USING (label)
   WHERE discharged_on IS NULL AND waived = 0 AND due IS NOT NULL AND %s AND (open_until IS NULL OR open_until >= %d)
  ORDER BY 8, 1, 2, 3, 4, 5)sql";

// open_items due as `condition` says, as of the date in parameter `as_of`
// (parameters numbered without gaps, as every database can prepare them).
std::string open_items_where(const std::string& condition, const std::string& as_of) {
  std::string sql = open_items;
  for (int i = 0; i < 2; ++i) sql.replace(sql.find("%s"), 2, condition);
  sql.replace(sql.find("%d"), 2, as_of);
  return sql;
}

bool milestone_open(const timetable_row& row) {
  return !row.completed_at && row.status != milestone_status::waived && row.status != milestone_status::outstanding &&
         row.status != milestone_status::paused;
}

bool obligation_open(const obligation_row& row) {
  return row.status == obligation_status::open || row.status == obligation_status::pending ||
         row.status == obligation_status::overdue;
}

// The open items of one review replayed to `as_of`, due in [from, to].
void replayed_items(const review& r, date as_of, date from, date to, bool days_overdue, std::vector<due_item>& out) {
  const auto add = [&](const std::string& kind, const std::string& id, const std::string& agency, int occurrence,
                       const std::string& title, const std::string& owner, date due) {
    if (due < from || due > to) return;
    const auto late = days_overdue ? (as_of - due).days() : 0;
    out.push_back({r.reference(), kind, id, agency, title, owner, occurrence, due, late > 0 ? static_cast<int>(late) : 0});
  };
  for (const auto& row : r.timetable(as_of)) {
    if (row.due && milestone_open(row)) add("milestone", row.id(), row.agency, 1, row.title(), row.owner(), *row.due);
  }
  for (const auto& row : r.obligations(as_of, std::max(as_of, to))) {
    if (row.due && obligation_open(row)) {
      add("obligation", row.id(), row.agency, row.occurrence, row.title(), row.owner(), *row.due);
    }
  }
}

// The items of the reviews in `replay`, replayed to `as_of`, in the order
// listed.
std::vector<due_item> replayed_in_order(const store& db, const std::vector<std::string>& replay, date as_of,
                                        date from, date to, bool days_overdue) {
  std::vector<due_item> out;
  for (const auto& ref : replay) replayed_items(db.load(ref), as_of, from, to, days_overdue, out);
  std::sort(out.begin(), out.end(), listed_before);
  return out;
}

}  // namespace

std::vector<due_item> store::overdue(date as_of) const {
  std::vector<due_item> out;
  each_overdue(as_of, [&](const due_item& d) { out.push_back(d); });
  return out;
}

namespace {

// One list of due items handed out at a time: the function given may not ask
// for another (the query it would run is the one still being read).
class one_list_at_a_time {
 public:
  explicit one_list_at_a_time(bool& busy) : busy_(busy) {
    if (busy_) {
      throw std::logic_error(
          "store: a list of due items asked for while one is being handed out (each_overdue, each_due_between): "
          "collect the rows first, then ask");
    }
    busy_ = true;
  }
  one_list_at_a_time(const one_list_at_a_time&) = delete;
  one_list_at_a_time& operator=(const one_list_at_a_time&) = delete;
  ~one_list_at_a_time() { busy_ = false; }

 private:
  bool& busy_;
};

}  // namespace

void store::each_overdue(date as_of, const std::function<void(const due_item&)>& each) const {
  const one_list_at_a_time alone(impl_->listing);
  guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);  // the projections and the reviews replayed alike
    // The reviews replayed come first: a review that cannot be read stops the
    // list before any of it is handed out.
    const auto skip = impl_->not_projected(as_of, as_of);
    const auto replayed = replayed_in_order(*this, impl_->replayed_for(as_of), as_of,
                                            date(boost::gregorian::min_date_time), as_of - boost::gregorian::days(1),
                                            true);
    raw_query q(impl_->db, impl_->raw, open_items_where("due < ?1", "?1"));
    q.bind(1, format_date(as_of));
    visit_due_items(q, as_of, skip, replayed, each);
  });
}

std::vector<due_item> store::due_between(date from, date to, std::optional<date> as_of) const {
  std::vector<due_item> out;
  each_due_between(from, to, as_of, [&](const due_item& d) { out.push_back(d); });
  return out;
}

void store::each_due_between(date from, date to, std::optional<date> as_of,
                             const std::function<void(const due_item&)>& each) const {
  const one_list_at_a_time alone(impl_->listing);
  guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);  // the projections and the reviews replayed alike
    // As recorded so far is as of today: no event is dated later.
    const date asked = as_of ? *as_of : london_date(impl_->options.clock());
    const date reach = std::max(asked, to);  // the projections must reach the period's end
    const auto skip = impl_->not_projected(asked, reach);
    const auto replayed = replayed_in_order(*this, impl_->replayed_for(asked, reach), asked, from, to, false);
    raw_query q(impl_->db, impl_->raw, open_items_where("due BETWEEN ?1 AND ?2", "?3"));
    q.bind(1, format_date(from));
    q.bind(2, format_date(to));
    q.bind(3, format_date(asked));
    visit_due_items(q, std::nullopt, skip, replayed, each);
  });
}

namespace {

// Items sorted as review_progress keeps them.
void sort_progress(std::vector<progress_item>& items) {
  std::sort(items.begin(), items.end(), [](const progress_item& a, const progress_item& b) {
    const auto key = [](const progress_item& x) {
      return std::tie(x.kind, x.id, x.agency, x.occurrence);
    };
    const auto when = [](const progress_item& x) {
      return std::pair(!x.due.has_value(), x.due.value_or(date(boost::gregorian::min_date_time)));
    };
    if (when(a) != when(b)) return when(a) < when(b);
    return key(a) < key(b);
  });
}

int late_by(const std::optional<date>& due, date as_of) {
  if (!due) return 0;
  const auto days = (as_of - *due).days();
  return days > 0 ? static_cast<int>(days) : 0;
}

// A review's progress from the review itself, replayed to the end of `as_of`.
void replayed_progress(const review& r, date as_of, review_progress& p) {
  p.summary.state = r.state(as_of);
  p.on_hold = r.on_hold(as_of);
  const auto add = [&](const char* kind, const std::string& id, const std::string& agency, int occurrence,
                       const std::string& title, const std::string& owner, std::string_view status,
                       const std::optional<date>& due) {
    p.items.push_back({kind, id, agency, occurrence, title, owner, std::string(status), due, late_by(due, as_of)});
  };
  const auto rows = r.timetable(as_of);
  for (const auto& row : rows) {
    if (row.status == milestone_status::overdue || row.status == milestone_status::outstanding) {
      add("milestone", row.id(), row.agency, 1, row.title(), row.owner(), to_string(row.status), row.due);
    }
  }
  if (const timetable_row* c = completion_row(r, rows)) {
    p.planned_completion = c->due;
    p.original_completion = original_completion(*c);
    p.completion_projected = c->projected;
  }
  for (const auto& row : r.obligations(as_of)) {
    if (row.status == obligation_status::open || row.status == obligation_status::pending ||
        row.status == obligation_status::overdue || row.status == obligation_status::outstanding) {
      add("obligation", row.id(), row.agency, row.occurrence, row.title(), row.owner(), to_string(row.status),
          row.due);
    }
  }
  p.warnings = r.warnings(as_of);
}

}  // namespace

std::vector<review_progress> store::progress(date as_of, date closed_from) const {
  return guarded(impl_->path, [&] {
    auto& db = impl_->db;
    // One read transaction: every row from the same state of the file.
    const impl::reading one(db);
    const std::string day = format_date(as_of);
    std::vector<review_progress> out;
    std::unordered_map<std::string, std::size_t> projected;  // reference -> its place in out, when read from rows
    std::vector<std::size_t> replay;
    {
      raw_query q(impl_->db, impl_->raw,
                  "SELECT reference, procedure_id, procedure_version, state, opened_at_us, sequence, closed_at_us, "
                  "dispose_from, last_event_on, projected_through, on_hold, completion_due, completion_original, "
                  "completion_projected FROM reviews WHERE voided = 0 AND opened_at_us < ?1 AND "
                  "(closed_at_us IS NULL OR closed_at_us >= ?2) ORDER BY opened_at_us, reference");
      q.bind(1, to_micros(london_midnight(as_of + boost::gregorian::days(1))));
      q.bind(2, to_micros(london_midnight(closed_from)));
      while (q.step()) {
        review_progress p;
        review_summary& s = p.summary;
        s.reference = q.text(0);
        s.procedure_id = q.text(1);
        s.procedure_version = q.integer(2);
        s.state = q.text(3);
        s.opened_at = from_micros(q.int64(4));
        s.events = static_cast<std::uint64_t>(q.int64(5));
        if (!q.null(6)) s.closed_at = from_micros(q.int64(6));
        if (!q.null(7)) s.dispose_from = stored_date(q.text(7));
        const std::string_view last = q.text(8), through = q.text(9);
        if (last.empty() || last > day || (!through.empty() && through < day)) {
          replay.push_back(out.size());
        } else {
          projected.emplace(s.reference, out.size());
          p.on_hold = q.integer(10) != 0;
          if (!q.null(11)) p.planned_completion = stored_date(q.text(11));
          if (!q.null(12)) p.original_completion = stored_date(q.text(12));
          p.completion_projected = q.integer(13) != 0;
        }
        out.push_back(std::move(p));
      }
    }
    const auto closed_by = [&](review_progress& p) {
      auto& s = p.summary;
      s.closed = s.closed_at && london_date(*s.closed_at) <= as_of;
      if (!s.closed) {
        s.closed_at.reset();
        s.dispose_from.reset();
      }
      return s.closed;
    };
    std::vector<std::size_t> closed;  // read from rows and closed by the day: their outstanding items
    for (const auto& [ref, i] : projected) {
      if (closed_by(out[i])) closed.push_back(i);
    }
    const auto at = [&](std::string_view reference) -> review_progress* {
      const auto it = projected.find(std::string(reference));
      return it == projected.end() || out[it->second].summary.closed ? nullptr : &out[it->second];
    };
    // Milestones overdue: the open rows' covering index.
    {
      raw_query q(impl_->db, impl_->raw,
                  "SELECT reference, milestone, agency, title, owner, due FROM milestone_projection "
                  "LEFT JOIN labels USING (label) WHERE completed_on IS NULL AND waived = 0 AND due IS NOT NULL AND due < ?1");
      q.bind(1, day);
      while (q.step()) {
        review_progress* p = at(q.text(0));
        if (p == nullptr) continue;
        const date due = stored_date(q.text(5));
        p->items.push_back({"milestone", std::string(q.text(1)), std::string(q.text(2)), 1, std::string(q.text(3)),
                            std::string(q.text(4)), "overdue", due, late_by(due, as_of)});
      }
    }
    // Obligations not discharged: those due by the day, and of each
    // obligation the first due after it (looked up below, since that one may
    // have been discharged early).
    struct later {
      std::size_t review;
      progress_item item;
    };
    std::map<std::tuple<std::string, std::string, std::string>, later> first_later;
    {
      raw_query q(impl_->db, impl_->raw,
                  "SELECT reference, obligation, agency, occurrence, title, owner, due FROM obligation_projection "
                  "LEFT JOIN labels USING (label) WHERE discharged_on IS NULL AND waived = 0");
      while (q.step()) {
        review_progress* p = at(q.text(0));
        if (p == nullptr) continue;
        progress_item item{"obligation", std::string(q.text(1)), std::string(q.text(2)), q.integer(3),
                           std::string(q.text(4)), std::string(q.text(5)), "open", std::nullopt, 0};
        if (!q.null(6)) {
          item.due = stored_date(q.text(6));
          item.status = as_of > *item.due ? "overdue" : "pending";
          item.days_late = late_by(item.due, as_of);
        }
        if (!item.due || *item.due <= as_of) {
          p->items.push_back(std::move(item));
          continue;
        }
        auto key = std::tuple(std::string(q.text(0)), item.id, item.agency);
        const auto it = first_later.find(key);
        if (it == first_later.end()) {
          first_later.emplace(std::move(key), later{static_cast<std::size_t>(p - out.data()), std::move(item)});
        } else if (item.occurrence < it->second.item.occurrence) {
          it->second.item = std::move(item);
        }
      }
    }
    if (!first_later.empty()) {
      raw_query q(impl_->db, impl_->raw,
                  "SELECT min(occurrence) FROM obligation_projection WHERE reference = ?1 AND obligation = ?2 AND "
                  "agency = ?3 AND due > ?4");
      for (auto& [key, l] : first_later) {
        q.reset();
        q.bind(1, std::get<0>(key));
        q.bind(2, std::get<1>(key));
        q.bind(3, std::get<2>(key));
        q.bind(4, day);
        if (q.step() && !q.null(0) && q.integer(0) == l.item.occurrence) out[l.review].items.push_back(std::move(l.item));
      }
    }
    // The milestones outstanding when their review or track closed, through
    // their own small index (schema 12): SQLite, without statistics, would
    // take the primary key and read every row of the review; PostgreSQL's
    // planner finds the smaller index itself.
    const std::string closed_unmet =
        std::string("SELECT milestone, agency, title, owner, due FROM milestone_projection ") +
        (impl_->db.kind() == dialect::sqlite ? "INDEXED BY milestone_closed_unmet " : "") +
        "LEFT JOIN labels USING (label) ";
    // Closed by the day: what was outstanding when they closed.
    const std::string outstanding(to_string(milestone_status::outstanding));
    for (const std::size_t i : closed) {
      review_progress& p = out[i];
      const std::string& ref = p.summary.reference;
      raw_query m(impl_->db, impl_->raw, closed_unmet + "WHERE reference = ?1 AND completed_on IS NULL AND waived = 2");
      m.bind(1, ref);
      while (m.step()) {
        std::optional<date> due;
        if (!m.null(4)) due = stored_date(m.text(4));
        p.items.push_back({"milestone", std::string(m.text(0)), std::string(m.text(1)), 1, std::string(m.text(2)),
                           std::string(m.text(3)), outstanding, due, late_by(due, as_of)});
      }
      // Every occurrence, to find the first due after the day.
      raw_query o(impl_->db, impl_->raw,
                  "SELECT obligation, agency, occurrence, title, owner, due, discharged_on, waived, open_until "
                  "FROM obligation_projection LEFT JOIN labels USING (label) WHERE reference = ?1 ORDER BY obligation, agency, occurrence");
      o.bind(1, ref);
      std::string group;
      bool past = false;  // the group's first occurrence after the day was seen
      while (o.step()) {
        const std::string g = std::string(o.text(0)) + '\x1f' + std::string(o.text(1));
        if (g != group) {
          group = g;
          past = false;
        }
        std::optional<date> due;
        if (!o.null(5)) due = stored_date(o.text(5));
        if (due && *due > as_of) {
          if (past) continue;
          past = true;
        }
        const bool left =
            o.null(6) && (o.integer(7) == 2 || (o.integer(7) == 0 && !o.null(8) && stored_date(o.text(8)) < as_of));
        if (!left) continue;
        p.items.push_back({"obligation", std::string(o.text(0)), std::string(o.text(1)), o.integer(2),
                           std::string(o.text(3)), std::string(o.text(4)), outstanding, due, late_by(due, as_of)});
      }
    }
    // Open by the day: the milestones of an agency's track (or an action's)
    // that closed with them unmet, outstanding at its closure as a replay
    // lists them. Found through the primary key, review by review: a review
    // open by the day is one the report lists anyway.
    for (const auto& [ref, i] : projected) {
      review_progress& p = out[i];
      if (p.summary.closed) continue;
      raw_query m(impl_->db, impl_->raw,
                  closed_unmet + "WHERE reference = ?1 AND agency <> '' AND completed_on IS NULL AND waived = 2");
      m.bind(1, ref);
      while (m.step()) {
        std::optional<date> due;
        if (!m.null(4)) due = stored_date(m.text(4));
        p.items.push_back({"milestone", std::string(m.text(0)), std::string(m.text(1)), 1, std::string(m.text(2)),
                           std::string(m.text(3)), outstanding, due, late_by(due, as_of)});
      }
    }
    // Warnings (few reviews have any).
    {
      raw_query q(impl_->db, impl_->raw,
                  "SELECT reference, kind, message, rule, level, cite, at_us FROM warning_projection "
                  "ORDER BY reference, position");
      while (q.step()) {
        const auto it = projected.find(std::string(q.text(0)));
        if (it == projected.end()) continue;
        review_warning w;
        w.kind = q.text(1);
        w.message = q.text(2);
        w.rule = q.text(3);
        w.level = q.text(4) == "should" ? strength::should : strength::must;
        try {
          w.cite = nlohmann::json::parse(q.text(5)).get<std::vector<std::string>>();
        } catch (const nlohmann::json::exception&) {
          throw damaged("a warning of review " + in_quotes(q.text(0)) +
                        " has citations that are not what libscr wrote (a JSON list of texts)");
        }
        w.at = from_micros(q.int64(6));
        out[it->second].warnings.push_back(std::move(w));
      }
    }
    // The rest, replayed.
    for (const std::size_t i : replay) {
      review_progress& p = out[i];
      replayed_progress(load(p.summary.reference), as_of, p);
      closed_by(p);
    }
    // Open by the day, or closed from closed_from; the stage of each.
    std::vector<review_progress> kept;
    kept.reserve(out.size());
    for (auto& p : out) {
      if (p.summary.closed && p.summary.closed_at && london_date(*p.summary.closed_at) < closed_from) continue;
      const auto def = impl_->procedure_of(p.summary.procedure_id, p.summary.procedure_version);
      for (const auto& st : def->states)
        if (st.id == p.summary.state) p.stage = st.title;
      p.summary.closed = p.summary.closed_at.has_value();
      sort_progress(p.items);
      kept.push_back(std::move(p));
    }
    return kept;
  });
}

namespace {

constexpr const char* summary_columns =
    "SELECT reference, procedure_id, procedure_version, state, closed, opened_at_us, sequence, closed_at_us, "
    "dispose_from, voided, last_event_on FROM reviews ";

review_summary read_summary(query& q) {
  review_summary r;
  r.reference = q.getColumn(0).getString();
  r.procedure_id = q.getColumn(1).getString();
  r.procedure_version = q.getColumn(2).getInt();
  r.state = q.getColumn(3).getString();
  r.closed = q.getColumn(4).getInt() != 0;
  r.opened_at = from_micros(q.getColumn(5).getInt64());
  r.events = static_cast<std::uint64_t>(q.getColumn(6).getInt64());
  if (!q.getColumn(7).isNull()) r.closed_at = from_micros(q.getColumn(7).getInt64());
  r.dispose_from = date_column(q.getColumn(8));
  r.voided = q.getColumn(9).getInt() != 0;
  return r;
}

// The summary `s` (read from `q`, of summary_columns) as the review stood at
// the end of `as_of`: false if it was not yet opened then. A review with
// events in force after the day is loaded to say its state then.
bool as_it_stood(const store& db, const query& q, review_summary& s, date as_of) {
  if (london_date(s.opened_at) > as_of) return false;
  const auto last = q.getColumn(10);
  if (last.isNull() || stored_date(last.getString()) > as_of) {
    const review r = db.load(s.reference);
    s.state = r.state(as_of);
    const auto closed = r.closed_at();
    s.closed = closed && london_date(*closed) <= as_of;
    if (!s.closed) {
      s.closed_at.reset();
      s.dispose_from.reset();
    }
  }
  return true;
}

}  // namespace

std::vector<review_summary> store::reviews(std::optional<std::string> state, std::optional<std::string> procedure_id,
                                           std::optional<date> as_of) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);  // the rows and the reviews replayed alike
    if (state) {
      // A state no stored procedure has is a typing mistake, not an empty list.
      query p(impl_->db, "SELECT id, version FROM procedures WHERE CAST(?1 AS TEXT) IS NULL OR id = ?1");
      bind_optional(p, 1, procedure_id);
      std::vector<std::string> states;
      bool known = false;
      while (p.executeStep()) {
        const auto def = impl_->procedure_of(p.getColumn(0).getString(), p.getColumn(1).getInt());
        for (const auto& s : def->states) {
          if (s.id == *state) known = true;
          if (std::find(states.begin(), states.end(), s.id) == states.end()) states.push_back(s.id);
        }
      }
      if (!known && !states.empty()) {
        const std::string hint = detail::closest(*state, states);
        throw input_error("no procedure " + (procedure_id ? in_quotes(*procedure_id) + " " : std::string("in the store ")) +
                          "has a state " + in_quotes(*state) +
                          (hint.empty() ? "; the states: " + [&] {
                            std::string s;
                            for (const auto& x : states) s += (s.empty() ? "" : ", ") + x;
                            return s;
                          }()
                                        : "; did you mean " + in_quotes(hint) + "?"));
      }
    }
    std::vector<review_summary> out;
    query q(impl_->db, std::string(summary_columns) +
                           "WHERE voided = 0 AND (CAST(?1 AS TEXT) IS NULL OR procedure_id = ?1) ORDER BY opened_at_us, reference");
    bind_optional(q, 1, procedure_id);
    while (q.executeStep()) {
      review_summary s = read_summary(q);
      if (as_of && !as_it_stood(*this, q, s, *as_of)) continue;
      if (state && s.state != *state) continue;
      out.push_back(std::move(s));
    }
    return out;
  });
}

std::vector<review_summary> store::reviews_named(const std::vector<std::string>& references,
                                                 std::optional<date> as_of) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);  // the rows and the reviews replayed alike
    std::vector<review_summary> out;
    std::unordered_set<std::string_view> seen;
    query q(impl_->db, std::string(summary_columns) + "WHERE reference = ?1 AND voided = 0");
    for (const auto& reference : references) {
      if (!seen.insert(reference).second) continue;
      q.reset();
      q.bind(1, reference);
      if (!q.executeStep()) continue;
      review_summary s = read_summary(q);
      if (as_of && !as_it_stood(*this, q, s, *as_of)) continue;
      out.push_back(std::move(s));
    }
    return out;
  });
}

std::vector<review_summary> store::voided_reviews() const {
  return guarded(impl_->path, [&] {
    query q(impl_->db, std::string(summary_columns) + "WHERE voided = 1 ORDER BY opened_at_us, reference");
    std::vector<review_summary> out;
    while (q.executeStep()) out.push_back(read_summary(q));
    return out;
  });
}

std::vector<headline_compliance> store::compliance(date from, date to, std::optional<date> as_of,
                                                   compliance_basis basis) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);  // the projections and the reviews replayed alike
    const char* headline = basis == compliance_basis::decided ? "decision" : "completion";
    const std::string in_period =
        basis == compliance_basis::opened
            ? "r.opened_at_us >= ?2 AND r.opened_at_us < ?3"
            : std::string("EXISTS (SELECT 1 FROM compliance_projection d WHERE d.reference = c.reference AND "
                          "d.headline = '") + headline + "' AND d.completed_on BETWEEN ?2 AND ?3)";
    query q(impl_->db,
            "SELECT c.reference, c.headline, c.milestone, c.due, c.original_due, c.completed_on, c.on_time, "
            "c.extended, c.breach, c.days_late FROM compliance_projection c JOIN reviews r USING (reference) "
            "WHERE r.voided = 0 AND r.last_event_on <= ?1 AND " + in_period +
                " ORDER BY r.opened_at_us, c.reference, c.headline");
    if (basis == compliance_basis::opened) {
      q.bind(2, to_micros(london_midnight(from)));
      q.bind(3, to_micros(london_midnight(to + boost::gregorian::days(1))));
    } else {
      q.bind(2, format_date(from));
      q.bind(3, format_date(to));
    }
    q.bind(1, as_of ? format_date(*as_of) : std::string("9999-12-31"));
    std::vector<headline_compliance> out;
    while (q.executeStep()) {
      headline_compliance h;
      h.reference = q.getColumn(0).getString();
      h.headline = q.getColumn(1).getString();
      h.milestone = q.getColumn(2).getString();
      h.due = date_column(q.getColumn(3));
      h.original_due = date_column(q.getColumn(4));
      h.completed_on = date_column(q.getColumn(5));
      h.on_time = q.getColumn(6).getInt() != 0;
      h.extended = q.getColumn(7).getInt() != 0;
      h.breach = q.getColumn(8).getInt() != 0;
      h.days_late = q.getColumn(9).getInt();
      out.push_back(std::move(h));
    }
    if (!as_of) return out;
    const auto replay = impl_->replayed_for(*as_of);
    if (replay.empty()) return out;
    // A replayed review is answered by its replay alone (one quiet for longer
    // than its projections reach is in both).
    const std::set<std::string, std::less<>> replayed(replay.begin(), replay.end());
    std::erase_if(out, [&](const headline_compliance& h) { return replayed.count(h.reference) != 0; });
    // The replayed reviews, in the order the query gives (opened, reference).
    std::vector<std::pair<instant, std::vector<headline_compliance>>> more;
    for (const auto& ref : replay) {
      const review r = load(ref);
      const auto c = r.compliance(*as_of);
      std::vector<headline_compliance> rows;
      for (const auto& [name, row] : {std::pair{"completion", &c.completion}, std::pair{"decision", &c.decision}}) {
        if (!*row) continue;
        const compliance_row& x = **row;
        headline_compliance h;
        h.reference = ref;
        h.headline = name;
        h.milestone = x.id();
        h.due = x.due;
        h.original_due = x.original_due;
        if (x.completed_at) h.completed_on = london_date(*x.completed_at);
        h.on_time = x.on_time;
        h.extended = x.extended;
        h.breach = x.breach;
        h.days_late = x.met ? x.days_late : 0;
        rows.push_back(std::move(h));
      }
      // In the period by its opening, or by the day its decision or completion was met.
      bool in = false;
      if (basis == compliance_basis::opened) {
        const date opened = london_date(r.opened_at());
        in = opened >= from && opened <= to;
      } else {
        for (const auto& h : rows) {
          if (h.headline == headline && h.completed_on && *h.completed_on >= from && *h.completed_on <= to) in = true;
        }
      }
      if (in && !rows.empty()) more.emplace_back(r.opened_at(), std::move(rows));
    }
    if (more.empty()) return out;
    // Merge by opening instant, then reference: read each kept row's opening.
    std::map<std::string, instant> opened;
    for (const auto& s : reviews()) opened.emplace(s.reference, s.opened_at);
    for (auto& [at, rows] : more) for (auto& h : rows) out.push_back(std::move(h));
    std::stable_sort(out.begin(), out.end(), [&](const headline_compliance& a, const headline_compliance& b) {
      return std::tie(opened[a.reference], a.reference, a.headline) < std::tie(opened[b.reference], b.reference, b.headline);
    });
    return out;
  });
}

std::vector<retention_item> store::retention_due(date as_of) const {
  return guarded(impl_->path, [&] {
    query q(impl_->db,
            "SELECT reference, procedure_id, procedure_version, opened_at_us, closed_at_us, dispose_from "
            "FROM reviews WHERE voided = 0 AND dispose_from IS NOT NULL AND dispose_from <= ? "
            "ORDER BY dispose_from, reference");
    q.bind(1, format_date(as_of));
    std::vector<retention_item> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
                     from_micros(q.getColumn(3).getInt64()), from_micros(q.getColumn(4).getInt64()),
                     stored_date(q.getColumn(5).getString())});
    }
    return out;
  });
}

namespace {

// A name or reason given to purge: present, UTF-8, no control characters but
// line breaks and tabs.
void check_purge_text(std::string_view value, std::string_view what) {
  if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw input_error(std::string(what) + " is empty; a purge or a repair must say who did it and why");
  }
  if (const auto bad = detail::first_invalid_utf8(value)) {
    throw input_error(std::string(what) + " is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
  }
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7F) {
      throw input_error(std::string(what) + " contains a control character");
    }
  }
}

}  // namespace

tombstone store::purge(std::string_view reference, const actor& by, std::string_view reason) {
  check_purge_text(by.name, "the purging actor's name");
  check_purge_text(reason, "the reason for the purge");
  for (const auto* field : {&by.role, &by.agency}) {
    if (!field->empty()) check_purge_text(*field, "the purging actor's role or agency");
  }
  return guarded(impl_->path, [&] {
    write_transaction t(impl_->db, impl_->numbers);
    impl_->ready_to_write();
    impl_->check_may_act(by);
    query q(impl_->db,
            "SELECT procedure_id, procedure_version, opened_at_us, closed_at_us, dispose_from, sequence, "
            "voided FROM reviews WHERE reference = ?");
    q.bind(1, std::string(reference));
    if (!q.executeStep()) {
      if (const auto gone = impl_->tombstone_of(reference)) {
        throw input_error("review " + in_quotes(reference) + " was already purged on " +
                          format_date(london_date(gone->purged_at)) + " by " + gone->purged_by.name);
      }
      throw input_error("no review " + in_quotes(reference) + " in store " + in_quotes(impl_->path));
    }
    tombstone out;
    out.reference = std::string(reference);
    out.procedure_id = q.getColumn(0).getString();
    out.procedure_version = q.getColumn(1).getInt();
    out.opened_at = from_micros(q.getColumn(2).getInt64());
    out.events = static_cast<std::uint64_t>(q.getColumn(5).getInt64());
    // Only the procedure's corrections roles (the board's manager or
    // administrator) may purge a record: it cannot be undone.
    const auto p = impl_->procedure_of(out.procedure_id, out.procedure_version);
    const bool void_review = q.getColumn(6).getInt() != 0;
    if (!void_review) {
      const auto& roles = p->correctors();
      if (std::find(roles.begin(), roles.end(), by.role) == roles.end()) {
        std::string list;
        for (const auto& x : roles) list += (list.empty() ? "" : ", ") + x;
        throw role_error("role " + in_quotes(by.role) + " may not purge review " + in_quotes(reference) +
                         (roles.empty() ? std::string("; procedure ") + in_quotes(out.procedure_id) +
                                              " names no corrections role, so nobody may"
                                        : "; it may be purged by: " + list + " (procedure.corrections)"));
      }
    }
    out.purged_at = impl_->options.clock();
    if (void_review) {
      // A void review (opened by mistake) may go at once, by a role that may
      // correct its opening.
      const review r = load(reference);
      std::vector<std::string> roles = r.definition().correctors();
      roles.push_back(r.history().front().by.role);
      if (std::find(roles.begin(), roles.end(), by.role) == roles.end()) {
        std::string list;
        for (const auto& x : roles) list += (list.empty() ? "" : ", ") + x;
        throw role_error("role " + in_quotes(by.role) + " may not purge void review " + in_quotes(reference) +
                         "; it may be purged by: " + list);
      }
      out.closed_at = out.purged_at;
      out.dispose_from = london_date(out.purged_at);
    } else if (q.getColumn(3).isNull()) {
      throw rule_error("retention", "review " + in_quotes(reference) +
                                        " is still open: only a closed review's record can be purged, once its "
                                        "retention has ended");
    } else {
      out.closed_at = from_micros(q.getColumn(3).getInt64());
      out.dispose_from = stored_date(q.getColumn(4).getString());
    }
    const date today = london_date(out.purged_at);
    if (today < out.dispose_from) {
      throw rule_error("retention", "review " + in_quotes(reference) + " closed on " +
                                        format_date(london_date(out.closed_at)) + " and must be kept until " +
                                        format_date(out.dispose_from - boost::gregorian::days(1)) +
                                        " (its procedure's retention); it can be purged from " +
                                        format_date(out.dispose_from));
    }
    // A damaged review is not purged: its tombstone would vouch for the damage.
    const impl::review_row row = impl_->require_review(reference);
    const auto last = impl_->last_event(reference);
    impl_->check_head(reference, row, last);
    out.last_hash = last.second;
    out.purged_by = by;
    out.reason = std::string(reason);
    query insert(impl_->db,
                 "INSERT INTO tombstones (reference, procedure_id, procedure_version, opened_at_us, "
                 "closed_at_us, dispose_from, events, last_hash, purged_at_us, purged_by_name, "
                 "purged_by_role, purged_by_agency, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, out.reference);
    insert.bind(2, out.procedure_id);
    insert.bind(3, out.procedure_version);
    insert.bind(4, to_micros(out.opened_at));
    insert.bind(5, to_micros(out.closed_at));
    insert.bind(6, format_date(out.dispose_from));
    insert.bind(7, static_cast<std::int64_t>(out.events));
    insert.bind(8, out.last_hash);
    insert.bind(9, to_micros(out.purged_at));
    insert.bind(10, by.name);
    insert.bind(11, by.role);
    insert.bind(12, by.agency);
    insert.bind(13, out.reason);
    insert.exec();
    impl_->cache.erase(out.reference);
    std::vector<std::int64_t> actors;  // who acted in it: deleted below if in no other review
    {
      query who(impl_->db, "SELECT DISTINCT actor FROM events WHERE reference = ?");
      who.bind(1, out.reference);
      while (who.executeStep()) actors.push_back(who.getColumn(0).getInt64());
    }
    for (const char* table :
         {"milestone_projection", "obligation_projection", "compliance_projection", "warning_projection", "snapshots",
          "snapshot_bodies", "unlinked", "chronologies", "chronology_setups", "events", "reviews"}) {
      query del(impl_->db, std::string("DELETE FROM ") + table + " WHERE reference = ?");
      del.bind(1, out.reference);
      del.exec();
    }
    query gone(impl_->db,
               "DELETE FROM actors WHERE actor = ?1 AND NOT EXISTS (SELECT 1 FROM events WHERE actor = ?1)");
    for (const auto a : actors) {
      gone.reset();
      gone.bind(1, a);
      gone.exec();
    }
    impl_->ledger_append("purged", out.reference, out.events, out.last_hash, tombstone_hash_of(out), out.purged_at,
                         "by " + who_of(by) + ": " + out.reason);
    t.commit();
    return out;
  });
}

std::vector<tombstone> store::tombstones() const {
  return guarded(impl_->path, [&] {
    query q(impl_->db, std::string(impl::tombstone_columns) + " ORDER BY purged_at_us, " + impl_->db.insertion_order());
    std::vector<tombstone> out;
    while (q.executeStep()) out.push_back(impl::read_tombstone(q));
    return out;
  });
}

verify_result store::verify(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    const impl::reading one(impl_->db);  // every read of the review alike
    return impl_->verify_review(reference, impl_->require_review(reference));
  });
}

std::string ledger_head::text() const { return std::to_string(position) + ":" + hash; }

ledger_head ledger_head::parse(std::string_view text) {
  const auto colon = text.find(':');
  const auto bad = [&] {
    return input_error("ledger head " + in_quotes(text) +
                       " is not POSITION:HASH (as `scr audit head` prints it: a number, a colon and 64 hex digits)");
  };
  if (colon == std::string_view::npos || colon == 0 || colon > 19) throw bad();
  ledger_head h;
  for (const char c : text.substr(0, colon)) {
    if (c < '0' || c > '9') throw bad();
    h.position = h.position * 10 + static_cast<std::uint64_t>(c - '0');
  }
  h.hash = std::string(text.substr(colon + 1));
  if (h.hash.size() != 64 || h.hash.find_first_not_of("0123456789abcdef") != std::string::npos) throw bad();
  return h;
}

ledger_head store::head() const {
  return guarded(impl_->path, [&] { return impl_->ledger_tail(); });
}

std::vector<ledger_entry> store::ledger(std::uint64_t from, std::uint64_t limit) const {
  return guarded(impl_->path, [&] {
    query q(impl_->db,
            "SELECT position, kind, reference, sequence, event_hash, context_hash, at_us, note, hash "
            "FROM ledger WHERE position >= ? ORDER BY position LIMIT ?");
    q.bind(1, static_cast<std::int64_t>(std::min<std::uint64_t>(from, INT64_MAX)));
    q.bind(2, static_cast<std::int64_t>(std::min<std::uint64_t>(limit, INT64_MAX)));
    std::vector<ledger_entry> out;
    while (q.executeStep()) {
      ledger_entry e;
      e.position = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
      e.kind = q.getColumn(1).getString();
      e.reference = q.getColumn(2).getString();
      e.sequence = static_cast<std::uint64_t>(q.getColumn(3).getInt64());
      e.event_hash = hash_hex(q.getColumn(4));
      e.context_hash = hash_hex(q.getColumn(5));
      e.at = from_micros(q.getColumn(6).getInt64());
      e.note = q.getColumn(7).getString();
      e.hash = hash_hex(q.getColumn(8));
      out.push_back(std::move(e));
    }
    return out;
  });
}

store_verify_result store::verify_all(const std::optional<ledger_head>& expected) const {
  return guarded(impl_->path, [&] { return impl_->verify_store(expected); });
}

repair_result store::repair_projections(const actor& by, std::string_view reason) {
  check_purge_text(by.name, "the repairing actor's name");
  check_purge_text(reason, "the reason for the repair");
  for (const auto* field : {&by.role, &by.agency}) {
    if (!field->empty()) check_purge_text(*field, "the repairing actor's role or agency");
  }
  return guarded(impl_->path, [&] {
    if (!impl_->owner) {
      throw role_error("login " + in_quotes(impl_->login) + " does not administer store " + in_quotes(impl_->path) +
                       ": only the login that created it repairs its projections");
    }
    return impl_->repair(by, reason);
  });
}

}  // namespace scr
