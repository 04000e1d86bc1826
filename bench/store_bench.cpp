// Benchmarks of the SQLite event store (make bench).
//
// Targets (the store issue):
//   1. at least 50,000 events per second appended in batches;
//   2. at least 2,000 single-event durable appends per second (WAL,
//      synchronous NORMAL);
//   3. a 1,000-event review loaded in under 5 ms;
//   4. an overdue query over 100,000 reviews in under 100 ms;
//   5. appends that cost the same at any length and any number of reviews
//      (BM_StoreAppendCached, BM_StoreAppendCold, BM_StoreAppendRotation:
//      each against its shortest or cached case, CPU time, at most 1.25x).
// Run with repetitions and read the medians, as `make bench` does; the files
// are written in the directory named by SCR_BENCH_DIR, or the system's
// temporary directory.
//
// Histories are Solihull 2011 reviews with five agencies (solihull_history.hpp):
// the referral to the naming of every IMR author (30 events), then IMR loops
// (sign-off, submission, presentation, return with a reason and a date).
//
// Baselines, side by side:
//   * BM_SqliteInsertBatch / BM_SqliteInsertSingle insert rows of the same
//     width into a plain table of the same kind of file (WAL, synchronous
//     NORMAL) with no engine, no hash and no projection: the floor under 1
//     and 2;
//   * BM_FromEventsInMemory rebuilds the same 1,000-event review from events
//     already in memory: the floor under 3.
//
// Target 4's database is built once (about a minute) and kept as
// scr-bench-overdue-<reviews>-v<schema>.db for later runs: 100,000 reviews
// opened one every 50 minutes from 2015, of which 98 in 100 were decided not
// to be held and closed, their notices sent; every 50th is still waiting for
// its decision. The query is asked as of 1 January 2030.

#include <benchmark/benchmark.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "scr/report.hpp"
#include "scr/store.hpp"
#include "solihull_history.hpp"

namespace {

using namespace bench;  // NOLINT(google-build-using-namespace): the shared histories
namespace fs = std::filesystem;

fs::path bench_dir() {
  const char* dir = std::getenv("SCR_BENCH_DIR");
  fs::path out = dir != nullptr && *dir != '\0' ? fs::path(dir) : fs::temp_directory_path() / "scr-bench";
  fs::create_directories(out);
  return out;
}

// A fresh file for one run of one benchmark.
std::string fresh_file(const std::string& name) {
  const fs::path p = bench_dir() / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p.string();
}

std::size_t arg(const benchmark::State& state, std::size_t k) { return static_cast<std::size_t>(state.range(k)); }

// The first 30 events: the referral to every IMR author named, five agencies.
const std::vector<review_event>& prefix() {
  static const std::vector<review_event> h = commissioned(agency_names(5), false).history();
  return h;
}

// `count` IMR-loop events following the prefix.
std::vector<review_event> loops(std::size_t count) {
  auto r = review::from_events(solihull(), ew(), prefix());
  for (auto& c : imr_loops(agency_names(5), r.last_event_at(), count)) record(r, std::move(c));
  return {r.history().begin() + static_cast<std::ptrdiff_t>(prefix().size()), r.history().end()};
}

// Opens a review in the store with the prefix as its history.
void open_with_prefix(scr::store& db, const std::string& reference) {
  const auto& h = prefix();
  db.open_review(*solihull(), reference, h[0].at, h[0].by, h[0].data);
  db.append(reference, 1, std::span(h).subspan(1));
}

// --- target 1: batches ------------------------------------------------------------

// Each iteration opens a review with the prefix (timer stopped), then appends
// a batch of IMR-loop events to it in one call.
void BM_StoreAppendBatch(benchmark::State& state) {
  const auto batch = loops(arg(state, 0));
  scr::store db(fresh_file("append-batch.db"));
  std::size_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string ref = "Child " + std::to_string(++n);
    open_with_prefix(db, ref);
    state.ResumeTiming();
    db.append(ref, prefix().size(), batch);
  }
  if (db.sequence("Child 1") != prefix().size() + batch.size()) state.SkipWithError("the batch was not appended");
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch.size()));
}
BENCHMARK(BM_StoreAppendBatch)->ArgName("batch")->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

constexpr const char* plain_table =
    "CREATE TABLE events (reference TEXT, sequence INTEGER, kind TEXT, name TEXT, agency TEXT, subject TEXT, "
    "at_us INTEGER, recorded_at_us INTEGER, actor_name TEXT, actor_role TEXT, actor_agency TEXT, payload TEXT, "
    "previous_hash TEXT, hash TEXT, PRIMARY KEY (reference, sequence)) WITHOUT ROWID";

SQLite::Database plain_database(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");  // as the store: durable across a power loss
  db.exec(plain_table);
  return db;
}

void insert_plain(SQLite::Statement& q, const std::string& ref, std::int64_t seq, const review_event& e) {
  static const std::string hash(64, 'a');
  q.reset();
  q.bind(1, ref);
  q.bind(2, seq);
  q.bind(3, "recorded");
  q.bind(4, e.name);
  q.bind(5, e.agency);
  q.bind(6, e.subject);
  q.bind(7, seq);
  q.bind(8, seq);
  q.bind(9, e.by.name);
  q.bind(10, e.by.role);
  q.bind(11, e.by.agency);
  q.bind(12, "{}");
  q.bind(13, hash);
  q.bind(14, hash);
  q.exec();
}

constexpr const char* plain_insert = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// Baseline: the same number of rows of the same width in one transaction.
void BM_SqliteInsertBatch(benchmark::State& state) {
  const auto batch = loops(arg(state, 0));
  auto db = plain_database(fresh_file("plain-batch.db"));
  SQLite::Statement q(db, plain_insert);
  std::size_t n = 0;
  for (auto _ : state) {
    const std::string ref = "Child " + std::to_string(++n);
    SQLite::Transaction t(db);
    std::int64_t seq = 0;
    for (const auto& e : batch) insert_plain(q, ref, ++seq, e);
    t.commit();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch.size()));
}
BENCHMARK(BM_SqliteInsertBatch)->ArgName("batch")->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// --- target 2: single durable appends -----------------------------------------------

constexpr std::size_t single_reviews = 100;
constexpr std::int64_t single_appends = 2000;

// 100 reviews with the prefix; iteration k records one IMR-loop command in
// review k mod 100, each in its own transaction (store::record), so each
// review grows from 30 to 50 events.
void BM_StoreRecordSingle(benchmark::State& state) {
  scr::store db(fresh_file("record-single.db"));
  std::vector<std::string> refs;
  for (std::size_t k = 0; k < single_reviews; ++k) {
    refs.push_back("Child " + std::to_string(k + 1));
    open_with_prefix(db, refs.back());
  }
  const auto commands =
      imr_loops(agency_names(5), prefix().back().at, static_cast<std::size_t>(single_appends) / single_reviews + 1);
  std::size_t k = 0;
  for (auto _ : state) {
    const auto& c = commands[k / single_reviews];
    db.record(refs[k % single_reviews], c.event, c.at, c.by, c.data, c.agency);
    ++k;
  }
  if (db.sequence(refs[0]) <= prefix().size()) state.SkipWithError("nothing was recorded");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreRecordSingle)->Iterations(single_appends)->Unit(benchmark::kMicrosecond);

// Baseline: one row per transaction, the same pragmas.
void BM_SqliteInsertSingle(benchmark::State& state) {
  const auto rows = loops(64);
  auto db = plain_database(fresh_file("plain-single.db"));
  SQLite::Statement q(db, plain_insert);
  std::int64_t seq = 0;
  for (auto _ : state) {
    ++seq;
    SQLite::Transaction t(db);
    insert_plain(q, "Child " + std::to_string(seq % 100), seq, rows[static_cast<std::size_t>(seq) % rows.size()]);
    t.commit();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteInsertSingle)->Iterations(single_appends)->Unit(benchmark::kMicrosecond);

// --- appends at any length and any number of reviews -----------------------------
//
// `reviews` reviews of `events` events each (the prefix, then IMR loops); then
// one event appended per iteration, to review k mod `reviews`, each in its
// own durable transaction (store::append with the expected sequence):
//   * BM_StoreAppendCached: one store object throughout, every review among
//     the 128 it keeps in memory: the floor for the others;
//   * BM_StoreAppendCold: a new store object for every append, as every `scr`
//     command is: the procedure from its compiled form, the review from its
//     snapshot and the events after it;
//   * BM_StoreAppendRotation: one store object, more reviews than it keeps
//     in memory in full (129, 1,000), so that every append takes its review
//     up again: from the entry that parked it when it was pushed out (with
//     its projections: 1,024 reviews by default), or (a writer's first write
//     to it) from the file.
constexpr std::int64_t length_appends = 400;

struct long_reviews {
  std::string path;
  std::vector<std::string> refs;
  std::vector<std::uint64_t> sequence, appended;
  std::vector<review_event> next;  // the events to append, in order, the same for every review
};

// The IMR loop's events (signed off, submitted, presented, returned with a
// date to resubmit by): each kind costs a write differently.
constexpr std::size_t imr_loop = 4;

// With `stagger` 1, every review has `events` events; with imr_loop, review k
// has k mod 4 more, so that whatever the number of reviews in turn the
// appends timed are of the loop's four kinds in equal shares (1,000 reviews
// in turn, 400 appends, would otherwise each be sent the same kind).
long_reviews make_long_reviews(const std::string& name, std::size_t reviews, std::size_t events,
                               std::size_t appends, std::size_t stagger = 1) {
  long_reviews out;
  out.path = fresh_file(name);
  const std::size_t tail = events - prefix().size();
  auto all = loops(tail + appends / reviews + stagger + 3);
  out.next.assign(all.begin() + static_cast<std::ptrdiff_t>(tail), all.end());
  all.resize(tail);
  scr::store db(out.path);
  for (std::size_t k = 0; k < reviews; ++k) {
    out.refs.push_back("Child " + std::to_string(k + 1));
    open_with_prefix(db, out.refs.back());
    const std::size_t more = k % stagger;
    auto history = all;
    history.insert(history.end(), out.next.begin(), out.next.begin() + static_cast<std::ptrdiff_t>(more));
    if (!history.empty()) db.append(out.refs.back(), prefix().size(), history);
    out.sequence.push_back(events + more);
    out.appended.push_back(more);
  }
  return out;
}

// Appends the next event to review k mod reviews.
void append_next(scr::store& db, long_reviews& l, std::size_t k) {
  const std::size_t i = k % l.refs.size();
  const auto& e = l.next.at(l.appended[i]++);
  l.sequence[i] = db.append(l.refs[i], l.sequence[i], std::span(&e, 1));
}

void check_appended(benchmark::State& state, const long_reviews& l, std::size_t events) {
  scr::store db(l.path);
  if (db.sequence(l.refs[0]) <= events) state.SkipWithError("nothing was appended");
  state.SetItemsProcessed(state.iterations());
}

void BM_StoreAppendCached(benchmark::State& state) {
  const std::size_t events = arg(state, 0);
  auto l = make_long_reviews("append-cached.db", 4, events, length_appends);
  scr::store db(l.path);
  // Each review written once before timing, so that every timed append finds
  // it in the writer's memory (the first takes it up from the file).
  for (std::size_t k = 0; k < l.refs.size(); ++k) append_next(db, l, k);
  std::size_t k = l.refs.size();
  for (auto _ : state) append_next(db, l, k++);
  check_appended(state, l, events);
}
BENCHMARK(BM_StoreAppendCached)
    ->ArgName("events")->Arg(30)->Arg(1000)->Arg(10'000)
    ->Iterations(length_appends)->Unit(benchmark::kMicrosecond);

void BM_StoreAppendCold(benchmark::State& state) {
  const std::size_t events = arg(state, 0);
  auto l = make_long_reviews("append-cold.db", 4, events, length_appends);
  std::size_t k = 0;
  for (auto _ : state) {
    scr::store db(l.path);
    append_next(db, l, k++);
  }
  check_appended(state, l, events);
}
BENCHMARK(BM_StoreAppendCold)
    ->ArgName("events")->Arg(30)->Arg(1000)->Arg(10'000)
    ->Iterations(length_appends)->Unit(benchmark::kMicrosecond);

// The timed appends of append_in_turn, apart, so that a profiler can count
// them alone (bench/rotation_misses.py: callgrind --toggle-collect).
[[gnu::noinline]] void rotation_timed_loop(benchmark::State& state, scr::store& db, long_reviews& l, std::size_t k) {
  for (auto _ : state) append_next(db, l, k++);
}

// Appends to `reviews` reviews of 100 events (to 103: make_long_reviews) in
// turn, through one store object keeping `cached` reviews in full (0: the
// default).
void append_in_turn(benchmark::State& state, const std::string& name, std::size_t cached) {
  const std::size_t reviews = arg(state, 0);
  auto l = make_long_reviews(name, reviews, 100, length_appends, imr_loop);
  scr::store_options o;
  if (cached != 0) o.cached_reviews = cached;
  scr::store db(l.path, o);
  // Every review written once before timing, as a long-running writer would have.
  for (std::size_t k = 0; k < reviews; ++k) append_next(db, l, k);
  rotation_timed_loop(state, db, l, reviews);
  check_appended(state, l, 100);
}

void BM_StoreAppendRotation(benchmark::State& state) { append_in_turn(state, "append-rotation.db", 0); }
BENCHMARK(BM_StoreAppendRotation)
    ->ArgName("reviews")->Arg(10)->Arg(129)->Arg(1000)
    ->Iterations(length_appends)->Unit(benchmark::kMicrosecond);

// The same reviews in turn, with a writer that keeps all of them in memory
// (store_options::cached_reviews): against BM_StoreAppendRotation it gives
// what taking a review up from the file costs; against 10 reviews in turn,
// what SQLite's own work grows by when the writes go round more of the file.
void BM_StoreAppendRotationKept(benchmark::State& state) {
  append_in_turn(state, "append-rotation-kept.db", arg(state, 0));
}
BENCHMARK(BM_StoreAppendRotationKept)
    ->ArgName("reviews")->Arg(129)->Arg(1000)
    ->Iterations(length_appends)->Unit(benchmark::kMicrosecond);

// The same 1,000 reviews in turn, with a writer that keeps 16 in full and
// 128 by their projections (store_options::cached_reviews 16): every append
// takes its review up from the file and reads its projections back, as any
// writer does that goes round more reviews than it keeps either way.
void BM_StoreAppendRotationBeyond(benchmark::State& state) {
  append_in_turn(state, "append-rotation-beyond.db", 16);
}
BENCHMARK(BM_StoreAppendRotationBeyond)
    ->ArgName("reviews")->Arg(1000)
    ->Iterations(length_appends)->Unit(benchmark::kMicrosecond);

// --- target 3: loading a long review --------------------------------------------------

void BM_StoreLoad(benchmark::State& state) {
  const std::size_t events = arg(state, 0);
  scr::store db(fresh_file("load.db"));
  open_with_prefix(db, "Child Q");
  db.append("Child Q", prefix().size(), loops(events - prefix().size()));
  for (auto _ : state) {
    scr::review r = db.load("Child Q");
    benchmark::DoNotOptimize(r);
  }
  if (db.load("Child Q").size() != events) state.SkipWithError("the review does not have the events appended");
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events));
}
BENCHMARK(BM_StoreLoad)->ArgName("events")->Arg(1000)->Unit(benchmark::kMillisecond);

// Baseline: the same review rebuilt from events already in memory.
void BM_FromEventsInMemory(benchmark::State& state) {
  const std::size_t events = arg(state, 0);
  auto h = prefix();
  for (auto& e : loops(events - prefix().size())) h.push_back(std::move(e));
  for (auto _ : state) {
    review r = review::from_events(solihull(), ew(), h);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events));
}
BENCHMARK(BM_FromEventsInMemory)->ArgName("events")->Arg(1000)->Unit(benchmark::kMillisecond);

// --- target 4: overdue across 100,000 reviews -------------------------------------------

const actor manager_of_police{"L. Green", "business_manager", "Solihull LSCB"};

// Review k: opened 50 minutes after review k - 1; closed "not held" within
// three weeks with its notices sent, except every 50th.
void add_review(scr::store& db, std::size_t k) {
  const instant opened = london(2015, 1, 5, 9) + boost::posix_time::minutes(50 * static_cast<long>(k));
  const std::string ref = "SCR-" + std::to_string(100000 + k);
  db.open_review(*solihull(), ref, opened, chair,
                 {{"incident_at", opened - boost::posix_time::hours(36)}, {"referring_agency", std::string("Police")}});
  if (k % 50 == 0) return;
  auto r = db.load(ref);
  const auto day = [&](int d) { return opened + boost::posix_time::hours(24 * d); };
  r.record("agency_letter_sent", day(1), chair, {{"agency", std::string("Police")}});
  r.discharge("incident_notice", day(2), admin, "Emailed Ofsted and the DfE");
  r.record("involvement_confirmed", day(3), manager_of_police, {{"records_secured", true}}, "Police");
  r.record("panel_convened", day(4), chair);
  r.record("panel_recommended", day(10), chair, {{"recommendation", std::string("no_review")}});
  r.record("decision_made", day(14), chair,
           {{"outcome", std::string("no_review")}, {"reasons", std::string("The criteria are not met")}});
  r.discharge("decision_notice", day(15), admin, "Letters sent");
  db.append(ref, 1, std::span(r.history()).subspan(1));
}

const scr::store& overdue_store(std::size_t reviews) {
  static std::vector<std::pair<std::size_t, std::unique_ptr<scr::store>>> cache;
  for (const auto& [n, db] : cache)
    if (n == reviews) return *db;
  const fs::path path = bench_dir() / ("scr-bench-overdue-" + std::to_string(reviews) + "-v" +
                                       std::to_string(scr::store::schema_version()) + ".db");
  auto db = std::make_unique<scr::store>(path.string());
  for (std::size_t k = db->references().size(); k < reviews; ++k) add_review(*db, k);
  cache.emplace_back(reviews, std::move(db));
  return *cache.back().second;
}

const date overdue_as_of = scr::make_date(2030, 1, 1);

void BM_StoreOverdue(benchmark::State& state) {
  const auto& db = overdue_store(arg(state, 0));
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto items = db.overdue(overdue_as_of);
    rows = items.size();
    benchmark::DoNotOptimize(items.data());
  }
  // Every 50th review waits for its decision: at least that milestone each.
  if (rows < arg(state, 0) / 50) state.SkipWithError("fewer overdue rows than reviews waiting for a decision");
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_StoreOverdue)->ArgName("reviews")->Arg(100'000)->Unit(benchmark::kMillisecond);

// Baseline: the same rows read by SQLite alone, each column stepped over
// without building a due_item, on the same file.
void BM_SqliteOverdueRows(benchmark::State& state) {
  const auto& db = overdue_store(arg(state, 0));
  SQLite::Database raw(db.path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(raw,
                      "SELECT reference, 'milestone', milestone, agency, 1, title, owner, due FROM milestone_projection "
                      "LEFT JOIN labels USING (label) WHERE completed_on IS NULL AND waived = 0 AND due IS NOT NULL AND due < ?1 UNION ALL "
                      "SELECT reference, 'obligation', obligation, agency, occurrence, title, owner, due "
                      "FROM obligation_projection LEFT JOIN labels USING (label) WHERE discharged_on IS NULL AND waived = 0 "
                      "AND due IS NOT NULL AND due < ?1 ORDER BY 8, 1, 2, 3, 4, 5");
  std::size_t rows = 0;
  for (auto _ : state) {
    q.reset();
    q.bind(1, scr::format_date(overdue_as_of));
    rows = 0;
    std::size_t bytes = 0;
    while (q.executeStep()) {
      for (int c = 0; c < 8; ++c) bytes += static_cast<std::size_t>(q.getColumn(c).size());
      ++rows;
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_SqliteOverdueRows)->ArgName("reviews")->Arg(100'000)->Unit(benchmark::kMillisecond);

// The same question for one day's due items, the shape of a daily reminder.
void BM_StoreDueBetween(benchmark::State& state) {
  const auto& db = overdue_store(arg(state, 0));
  for (auto _ : state) {
    const auto items = db.due_between(scr::make_date(2020, 3, 2), scr::make_date(2020, 3, 8));
    benchmark::DoNotOptimize(items.data());
  }
}
BENCHMARK(BM_StoreDueBetween)->ArgName("reviews")->Arg(100'000)->Unit(benchmark::kMillisecond);

// --- the monthly report across 1,000, 10,000 and 100,000 reviews -----------------------
//
// The overdue stores: every 50th review open (waiting for its decision since
// it was referred), the rest closed within three weeks, long before the
// month asked about. The report reads the open reviews' rows; its cost
// should grow with them, never with the closed reviews.

void BM_StoreMonthly(benchmark::State& state) {
  const auto& db = overdue_store(arg(state, 0));
  std::size_t open = 0, bytes = 0;
  for (auto _ : state) {
    const auto m = scr::monthly_progress(db, 2030, 1);
    const std::string text = scr::monthly_text(m);
    open = m.reviews.size();
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  if (open != (arg(state, 0) + 49) / 50) state.SkipWithError("not every 50th review is in the report");
  state.counters["reviews"] = static_cast<double>(open);
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_StoreMonthly)->ArgName("reviews")->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Baseline: the rows the report reads, by SQLite alone, each column stepped
// over: the reviews open in the month with their overdue milestones, and the
// obligations not discharged.
void BM_SqliteMonthlyRows(benchmark::State& state) {
  const auto& db = overdue_store(arg(state, 0));
  SQLite::Database raw(db.path(), SQLite::OPEN_READONLY);
  SQLite::Statement reviews(
      raw,
      "SELECT r.reference, r.procedure_id, r.procedure_version, r.state, r.opened_at_us, r.on_hold, "
      "r.completion_due, r.completion_original, m.milestone, m.agency, l.title, l.owner, m.due FROM reviews r "
      "LEFT JOIN milestone_projection m ON m.reference = r.reference AND m.completed_on IS NULL AND m.waived = 0 "
      "AND m.due < ?1 LEFT JOIN labels l ON l.label = m.label WHERE r.voided = 0 AND r.opened_at_us < ?2 AND (r.closed_at_us IS NULL OR "
      "r.closed_at_us >= ?3) ORDER BY r.opened_at_us, r.reference");
  SQLite::Statement obligations(raw,
                                "SELECT reference, obligation, agency, occurrence, title, owner, due "
                                "FROM obligation_projection LEFT JOIN labels USING (label) "
                                "WHERE discharged_on IS NULL AND waived = 0");
  // London midnight at the start of a day, in microseconds since 1970 (UTC).
  const auto micros = [](scr::date d) {
    return (scr::from_london(boost::posix_time::ptime(d)) - scr::instant(scr::make_date(1970, 1, 1)))
        .total_microseconds();
  };
  std::size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    std::size_t bytes = 0;
    reviews.reset();
    reviews.bind(1, "2030-01-31");
    reviews.bind(2, static_cast<std::int64_t>(micros(scr::make_date(2030, 2, 1))));
    reviews.bind(3, static_cast<std::int64_t>(micros(scr::make_date(2030, 1, 1))));
    while (reviews.executeStep()) {
      for (int c = 0; c < 13; ++c) bytes += static_cast<std::size_t>(reviews.getColumn(c).size());
      ++rows;
    }
    obligations.reset();
    while (obligations.executeStep()) {
      for (int c = 0; c < 7; ++c) bytes += static_cast<std::size_t>(obligations.getColumn(c).size());
      ++rows;
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_SqliteMonthlyRows)
    ->ArgName("reviews")->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
