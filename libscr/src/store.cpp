// The durable event store on SQLite (see scr/store.hpp).

#include "scr/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <openssl/evp.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

namespace scr {

store_error::store_error(const std::string& what) : error(what) {}
concurrency_error::concurrency_error(std::uint64_t expected, std::uint64_t actual, const std::string& what)
    : error(what), expected_(expected), actual_(actual) {}

namespace {

constexpr int current_schema = 1;
// PRAGMA application_id marks the file as a libscr store: "SCR1".
constexpr int application_id = 0x53435231;

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

const instant& epoch() {
  static const instant e(date(1970, 1, 1));
  return e;
}
std::int64_t to_micros(instant t) { return (t - epoch()).total_microseconds(); }
instant from_micros(std::int64_t us) { return epoch() + boost::posix_time::microseconds(us); }

// ---- payloads: event data as JSON, each value's type kept ------------------------

nlohmann::json to_json(const event_data& data) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : data) {
    struct visitor {
      nlohmann::json operator()(std::monostate) const { return nullptr; }
      nlohmann::json operator()(bool b) const { return b; }
      nlohmann::json operator()(std::int64_t i) const { return i; }
      nlohmann::json operator()(const std::string& s) const { return s; }
      nlohmann::json operator()(date d) const { return {{"date", format_date(d)}}; }
      nlohmann::json operator()(instant t) const { return {{"instant_us", to_micros(t)}}; }
    };
    out[k] = std::visit(visitor{}, v);
  }
  return out;
}

event_data from_json(const nlohmann::json& j) {
  event_data out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_null()) out.emplace(k, std::monostate{});
    else if (v.is_boolean()) out.emplace(k, v.get<bool>());
    else if (v.is_number_integer()) out.emplace(k, v.get<std::int64_t>());
    else if (v.is_string()) out.emplace(k, v.get<std::string>());
    else if (v.is_object() && v.contains("date")) out.emplace(k, parse_date(v.at("date").get<std::string>()));
    else if (v.is_object() && v.contains("instant_us")) out.emplace(k, from_micros(v.at("instant_us").get<std::int64_t>()));
    else throw store_error("a stored payload holds a value of an unknown form in field " + in_quotes(k));
  }
  return out;
}

event_kind kind_from(std::string_view s) {
  for (const auto k : {event_kind::opened, event_kind::recorded, event_kind::assigned, event_kind::scheduled,
                       event_kind::extended, event_kind::held, event_kind::released, event_kind::discharged}) {
    if (to_string(k) == s) return k;
  }
  throw store_error("a stored event has an unknown kind " + in_quotes(s));
}

// ---- the hash chain ------------------------------------------------------------------

std::string sha256_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
    throw store_error("SHA-256 failed");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0xF]);
  }
  return out;
}

// Every field, length-prefixed so that no two events share a serialisation.
std::string chained_hash(const std::string& previous, std::string_view reference, std::uint64_t sequence,
                         const review_event& e, instant recorded, const std::string& payload) {
  std::string text;
  const auto add = [&](std::string_view s) {
    text += std::to_string(s.size());
    text += ':';
    text += s;
    text += ';';
  };
  add(previous);
  add(reference);
  add(std::to_string(sequence));
  add(to_string(e.kind));
  add(e.name);
  add(e.agency);
  add(e.subject);
  add(std::to_string(to_micros(e.at)));
  add(std::to_string(to_micros(recorded)));
  add(e.by.name);
  add(e.by.role);
  add(e.by.agency);
  add(payload);
  return sha256_hex(text);
}

constexpr const char* schema_v1 = R"sql(
CREATE TABLE procedures (
  id         TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  definition TEXT    NOT NULL,          -- the procedure as YAML (procedure::to_yaml)
  PRIMARY KEY (id, version)
);
CREATE TABLE reviews (
  reference         TEXT    PRIMARY KEY,
  procedure_id      TEXT    NOT NULL,
  procedure_version INTEGER NOT NULL,
  calendar          TEXT    NOT NULL,
  opened_at_us      INTEGER NOT NULL,
  sequence          INTEGER NOT NULL,   -- the number of events
  state             TEXT    NOT NULL,
  closed            INTEGER NOT NULL,
  FOREIGN KEY (procedure_id, procedure_version) REFERENCES procedures (id, version)
);
CREATE TABLE events (
  reference      TEXT    NOT NULL REFERENCES reviews (reference),
  sequence       INTEGER NOT NULL,
  kind           TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  agency         TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  at_us          INTEGER NOT NULL,      -- microseconds since 1970-01-01T00:00:00Z
  recorded_at_us INTEGER NOT NULL,
  actor_name     TEXT    NOT NULL,
  actor_role     TEXT    NOT NULL,
  actor_agency   TEXT    NOT NULL,
  payload        TEXT    NOT NULL,      -- the event's data as JSON
  previous_hash  TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  PRIMARY KEY (reference, sequence)
) WITHOUT ROWID;
)sql";

}  // namespace

struct store::impl {
  std::string path;
  SQLite::Database db;
  store_options options;
  std::map<std::string, calendar, std::less<>> calendars;
  mutable std::map<std::pair<std::string, int>, std::shared_ptr<const procedure>> procedures;

  impl(std::string p, int flags, store_options o)
      : path(std::move(p)), db(path, flags), options(std::move(o)) {
    if (!options.clock) options.clock = [] { return boost::posix_time::microsec_clock::universal_time(); };
    calendars.emplace("england-and-wales", calendar::england_and_wales());
  }

  [[noreturn]] void fail(const std::exception& e) const {
    throw store_error("store " + in_quotes(path) + ": " + e.what());
  }

  int pragma(const char* name) { return db.execAndGet(std::string("PRAGMA ") + name).getInt(); }

  void prepare() {
    db.setBusyTimeout(10'000);
    db.exec("PRAGMA foreign_keys = ON");
    const int version = pragma("user_version");
    const int app = pragma("application_id");
    if (app != 0 && app != application_id) {
      throw store_error("store " + in_quotes(path) + " is an SQLite database of another application, not a libscr store");
    }
    if (version > current_schema) {
      throw store_error("store " + in_quotes(path) + " has schema version " + std::to_string(version) +
                        ", newer than this libscr knows (" + std::to_string(current_schema) +
                        "); upgrade libscr to open it. Nothing was written");
    }
    if (version == 0) {
      const int tables = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
      if (tables != 0 && app == 0) {
        throw store_error("store " + in_quotes(path) + " is an SQLite database with other tables, not a libscr store");
      }
    }
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    if (version < current_schema) migrate(version);
  }

  // Migrations from each older schema, each in one transaction.
  void migrate(int from) {
    SQLite::Transaction t(db);
    if (from < 1) db.exec(schema_v1);
    db.exec("PRAGMA application_id = " + std::to_string(application_id));
    db.exec("PRAGMA user_version = " + std::to_string(current_schema));
    t.commit();
  }

  const calendar& calendar_named(std::string_view name) const {
    const auto it = calendars.find(name);
    if (it == calendars.end()) {
      throw input_error("calendar " + in_quotes(name) + " is not known to the store; add it with add_calendar first");
    }
    return it->second;
  }

  std::shared_ptr<const procedure> procedure_of(const std::string& id, int version) const {
    const auto key = std::pair{id, version};
    if (const auto it = procedures.find(key); it != procedures.end()) return it->second;
    SQLite::Statement q(db, "SELECT definition FROM procedures WHERE id = ? AND version = ?");
    q.bind(1, id);
    q.bind(2, version);
    if (!q.executeStep()) {
      throw store_error("store " + in_quotes(path) + " has no procedure " + in_quotes(id) + " version " +
                        std::to_string(version));
    }
    auto p = std::make_shared<const procedure>(procedure::parse(q.getColumn(0).getString(),
                                                                "stored:" + id + "@" + std::to_string(version)));
    procedures.emplace(key, p);
    return p;
  }

  struct review_row {
    std::string procedure_id, calendar_name;
    int procedure_version = 0;
    std::uint64_t sequence = 0;
  };

  std::optional<review_row> find_review(std::string_view reference) const {
    SQLite::Statement q(db, "SELECT procedure_id, procedure_version, calendar, sequence FROM reviews WHERE reference = ?");
    q.bind(1, std::string(reference));
    if (!q.executeStep()) return std::nullopt;
    return review_row{q.getColumn(0).getString(), q.getColumn(2).getString(), q.getColumn(1).getInt(),
                      static_cast<std::uint64_t>(q.getColumn(3).getInt64())};
  }

  review_row require_review(std::string_view reference) const {
    auto row = find_review(reference);
    if (!row) throw input_error("no review " + in_quotes(reference) + " in store " + in_quotes(path));
    return *row;
  }

  std::vector<stored_event> read_events(std::string_view reference) const {
    SQLite::Statement q(db,
                        "SELECT sequence, kind, name, agency, subject, at_us, recorded_at_us, actor_name, actor_role, "
                        "actor_agency, payload, previous_hash, hash FROM events WHERE reference = ? ORDER BY sequence");
    q.bind(1, std::string(reference));
    std::vector<stored_event> out;
    while (q.executeStep()) {
      stored_event s;
      s.sequence = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
      s.event.kind = kind_from(q.getColumn(1).getString());
      s.event.name = q.getColumn(2).getString();
      s.event.agency = q.getColumn(3).getString();
      s.event.subject = q.getColumn(4).getString();
      s.event.at = from_micros(q.getColumn(5).getInt64());
      s.recorded_at = from_micros(q.getColumn(6).getInt64());
      s.event.by = actor{q.getColumn(7).getString(), q.getColumn(8).getString(), q.getColumn(9).getString()};
      try {
        s.event.data = from_json(nlohmann::json::parse(q.getColumn(10).getString()));
      } catch (const nlohmann::json::exception& e) {
        throw store_error("store " + in_quotes(path) + ": the payload of event " + std::to_string(s.sequence) +
                          " of review " + in_quotes(reference) + " is not valid JSON: " + e.what());
      }
      s.previous_hash = q.getColumn(11).getString();
      s.hash = q.getColumn(12).getString();
      out.push_back(std::move(s));
    }
    return out;
  }

  review rebuild(std::string_view reference, const review_row& row) const {
    const auto p = procedure_of(row.procedure_id, row.procedure_version);
    const auto stored = read_events(reference);
    std::vector<review_event> events;
    events.reserve(stored.size());
    for (auto& s : stored) events.push_back(s.event);
    try {
      return review::from_events(p, calendar_named(row.calendar_name), events);
    } catch (const input_error& e) {
      throw store_error("store " + in_quotes(path) + ": the stored history of review " + in_quotes(reference) +
                        " no longer replays: " + e.what());
    } catch (const rule_error& e) {
      throw store_error("store " + in_quotes(path) + ": the stored history of review " + in_quotes(reference) +
                        " no longer replays: " + e.what());
    }
  }

  std::string last_hash(std::string_view reference) const {
    SQLite::Statement q(db, "SELECT hash FROM events WHERE reference = ? ORDER BY sequence DESC LIMIT 1");
    q.bind(1, std::string(reference));
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  }

  // Writes the review's events after `from` (its stored sequence) and its
  // summary row; the caller holds the transaction.
  void write_tail(std::string_view reference, const review& r, std::uint64_t from) {
    std::string previous = last_hash(reference);
    const instant recorded = options.clock();
    SQLite::Statement insert(db,
                             "INSERT INTO events (reference, sequence, kind, name, agency, subject, at_us, "
                             "recorded_at_us, actor_name, actor_role, actor_agency, payload, previous_hash, hash) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const auto& events = r.history();
    for (std::uint64_t seq = from + 1; seq <= events.size(); ++seq) {
      const review_event& e = events[seq - 1];
      const std::string payload = to_json(e.data).dump();
      const std::string hash = chained_hash(previous, reference, seq, e, recorded, payload);
      insert.reset();
      insert.bind(1, std::string(reference));
      insert.bind(2, static_cast<std::int64_t>(seq));
      insert.bind(3, std::string(to_string(e.kind)));
      insert.bind(4, e.name);
      insert.bind(5, e.agency);
      insert.bind(6, e.subject);
      insert.bind(7, to_micros(e.at));
      insert.bind(8, to_micros(recorded));
      insert.bind(9, e.by.name);
      insert.bind(10, e.by.role);
      insert.bind(11, e.by.agency);
      insert.bind(12, payload);
      insert.bind(13, previous);
      insert.bind(14, hash);
      insert.exec();
      previous = hash;
    }
    SQLite::Statement update(db, "UPDATE reviews SET sequence = ?, state = ?, closed = ? WHERE reference = ?");
    update.bind(1, static_cast<std::int64_t>(events.size()));
    update.bind(2, r.state());
    update.bind(3, r.closed() ? 1 : 0);
    update.bind(4, std::string(reference));
    update.exec();
  }
};

namespace {

// BEGIN IMMEDIATE: the write lock is taken at once, so two writers never both
// read the same sequence and then both append.
class write_transaction {
 public:
  explicit write_transaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }
  ~write_transaction() {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {  // NOLINT(bugprone-empty-catch): the original error is what matters
      }
    }
  }
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;

 private:
  SQLite::Database& db_;
  bool done_ = false;
};

// Runs f, turning SQLite's exceptions into store_error naming the file.
template <class F>
auto guarded(const std::string& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw store_error("store " + in_quotes(path) + ": " + e.what());
  }
}

}  // namespace

store::store(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

store::store(const std::string& path, store_options options) {
  try {
    impl_ = std::make_unique<impl>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, std::move(options));
    impl_->prepare();
  } catch (const SQLite::Exception& e) {
    throw store_error("store " + in_quotes(path) + " cannot be opened: " + e.what());
  }
}

store store::in_memory(store_options options) {
  try {
    auto i = std::make_unique<impl>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, std::move(options));
    i->prepare();
    return store(std::move(i));
  } catch (const SQLite::Exception& e) {
    throw store_error(std::string("an in-memory store cannot be created: ") + e.what());
  }
}

store::store(store&&) noexcept = default;
store& store::operator=(store&&) noexcept = default;
store::~store() = default;

int store::schema_version() noexcept { return current_schema; }
const std::string& store::path() const noexcept { return impl_->path; }

void store::add_calendar(const calendar& cal) { impl_->calendars.insert_or_assign(cal.name(), cal); }

review store::open_review(const procedure& p, std::string_view reference, instant at, const actor& by,
                          event_data data) {
  return guarded(impl_->path, [&] {
    const calendar& cal = impl_->calendar_named(p.calendar_name());
    write_transaction t(impl_->db);
    if (impl_->find_review(reference)) {
      throw input_error("review " + in_quotes(reference) + " already exists in store " + in_quotes(impl_->path) +
                        "; choose another reference");
    }
    // The procedure's version is kept; the same id and version must be the same definition.
    std::shared_ptr<const procedure> pinned;
    SQLite::Statement q(impl_->db, "SELECT definition FROM procedures WHERE id = ? AND version = ?");
    q.bind(1, p.id());
    q.bind(2, p.version());
    if (q.executeStep()) {
      pinned = impl_->procedure_of(p.id(), p.version());
      if (!pinned->same_definition(p)) {
        throw input_error("procedure " + in_quotes(p.id()) + " version " + std::to_string(p.version()) +
                          " is already stored with a different definition; give the changed procedure a new version");
      }
    } else {
      const std::string yaml = p.to_yaml();
      pinned = std::make_shared<const procedure>(procedure::parse(yaml, "stored:" + p.id()));
      SQLite::Statement insert(impl_->db, "INSERT INTO procedures (id, version, definition) VALUES (?, ?, ?)");
      insert.bind(1, p.id());
      insert.bind(2, p.version());
      insert.bind(3, yaml);
      insert.exec();
    }
    review r = review::open(pinned, cal, std::string(reference), at, by, std::move(data));
    SQLite::Statement insert(impl_->db,
                             "INSERT INTO reviews (reference, procedure_id, procedure_version, calendar, opened_at_us, "
                             "sequence, state, closed) VALUES (?, ?, ?, ?, ?, 0, ?, 0)");
    insert.bind(1, std::string(reference));
    insert.bind(2, p.id());
    insert.bind(3, p.version());
    insert.bind(4, p.calendar_name());
    insert.bind(5, to_micros(at));
    insert.bind(6, r.state());
    insert.exec();
    impl_->write_tail(reference, r, 0);
    t.commit();
    impl_->procedures.emplace(std::pair{p.id(), p.version()}, pinned);
    return r;
  });
}

review store::load(std::string_view reference) const {
  return guarded(impl_->path, [&] { return impl_->rebuild(reference, impl_->require_review(reference)); });
}

bool store::contains(std::string_view reference) const {
  return guarded(impl_->path, [&] { return impl_->find_review(reference).has_value(); });
}

std::vector<std::string> store::references() const {
  return guarded(impl_->path, [&] {
    SQLite::Statement q(impl_->db, "SELECT reference FROM reviews ORDER BY opened_at_us, rowid");
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
    write_transaction t(impl_->db);
    const auto row = impl_->require_review(reference);
    review r = impl_->rebuild(reference, row);
    r.record(event, at, by, std::move(data), agency);
    impl_->write_tail(reference, r, row.sequence);
    t.commit();
    return static_cast<std::uint64_t>(r.size());
  });
}

std::uint64_t store::append(std::string_view reference, std::uint64_t expected_sequence,
                            std::span<const review_event> events) {
  return guarded(impl_->path, [&] {
    write_transaction t(impl_->db);
    const auto row = impl_->require_review(reference);
    if (row.sequence != expected_sequence) {
      throw concurrency_error(expected_sequence, row.sequence,
                              "review " + in_quotes(reference) + " is at event " + std::to_string(row.sequence) +
                                  ", not " + std::to_string(expected_sequence) +
                                  ": someone else wrote first; load it again and retry");
    }
    review r = impl_->rebuild(reference, row);
    for (const auto& e : events) r.apply(e);
    impl_->write_tail(reference, r, row.sequence);
    t.commit();
    return static_cast<std::uint64_t>(r.size());
  });
}

std::vector<stored_event> store::history(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    impl_->require_review(reference);
    return impl_->read_events(reference);
  });
}

verify_result store::verify(std::string_view reference) const {
  return guarded(impl_->path, [&] {
    impl_->require_review(reference);
    verify_result out;
    std::string previous;
    for (const auto& s : impl_->read_events(reference)) {
      ++out.events;
      const std::string payload = to_json(s.event.data).dump();
      const std::string expected = chained_hash(previous, reference, s.sequence, s.event, s.recorded_at, payload);
      if (s.sequence != out.events || s.previous_hash != previous || s.hash != expected) {
        out.first_altered = s.sequence;
        out.message = "event " + std::to_string(s.sequence) + " of review " + in_quotes(reference) +
                      " does not match its hash: it, or the chain before it, was altered after it was written";
        return out;
      }
      previous = s.hash;
    }
    out.message = std::to_string(out.events) + " events, hash chain intact";
    return out;
  });
}

}  // namespace scr
