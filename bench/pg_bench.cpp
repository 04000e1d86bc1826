// Benchmarks of the store on PostgreSQL (make bench), each beside its floor
// through libpq in the same run, on a throwaway server that `make bench`
// starts (tests/support/pg_cluster.sh; its socket's folder in
// SCR_BENCH_PG_DIR):
//
//   * BM_PgStoreAppend/writers:W/same:S: W writers at once (1, 4, 16), each a
//     process's own store and connection, appending single events, each its
//     own durable transaction, to a review of its own (S = 0) or all to the
//     same review (S = 1: a writer that loses the race for a sequence reads
//     the new one and tries again). Items are appends that succeeded.
//   * BM_PgInsert/writers:W: the floor: W connections each inserting rows of
//     an event's width into a plain table, one row per transaction, no lock,
//     no hash, no projection.
//   * BM_PgStoreOverdue/reviews:100000 and BM_PgOverdueRows: overdue over
//     store_bench's 100,000 reviews (copied to the server with store::copy),
//     and the same SELECT through libpq, every column read.

#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "scr/store.hpp"
#include "solihull_history.hpp"

namespace {

using namespace bench;  // NOLINT(google-build-using-namespace): the shared histories
namespace fs = std::filesystem;

constexpr int appends_each = 100;

std::string server_dir() {
  const char* dir = std::getenv("SCR_BENCH_PG_DIR");
  return dir != nullptr ? dir : "";
}

std::string url_of(const std::string& schema) {
  return "postgresql:///postgres?host=" + server_dir() + "&user=scr_admin&options=-csearch_path%3D" + schema;
}

PGconn* connect_raw() {
  PGconn* c = PQconnectdb(("host=" + server_dir() + " user=scr_admin dbname=postgres").c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    PQfinish(c);
    return nullptr;
  }
  return c;
}

bool run(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  return ok;
}

// A new, empty schema; empty text if the server cannot be reached.
std::string fresh_schema(const std::string& name) {
  PGconn* c = connect_raw();
  if (c == nullptr) return {};
  const bool ok = run(c, "DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name);
  PQfinish(c);
  return ok ? name : std::string();
}

bool no_server(benchmark::State& state) {
  if (!server_dir().empty()) {
    if (PGconn* c = connect_raw()) {
      PQfinish(c);
      return false;
    }
  }
  state.SkipWithError("no PostgreSQL server: run through make bench, which starts one (SCR_BENCH_PG_DIR)");
  return true;
}

// The chair's letter to agency n: recorded any number of times while the
// case is considered, so that writers' appends hold in any order.
scr::review_event letter(std::size_t n) {
  scr::review_event e;
  e.kind = scr::event_kind::recorded;
  e.name = "agency_letter_sent";
  e.at = london(2024, 1, 16) + boost::posix_time::seconds(static_cast<long>(n));
  e.by = chair;
  e.data.emplace("agency", "Agency " + std::to_string(n));
  return e;
}

void open_considering(scr::store& db, const std::string& ref) {
  db.open_review(*solihull(), ref, london(2024, 1, 15, 9), chair, {{"incident_at", london(2024, 1, 13, 22)}});
}

void BM_PgStoreAppend(benchmark::State& state) {
  if (no_server(state)) return;
  const auto writers = static_cast<std::size_t>(state.range(0));
  const bool same = state.range(1) != 0;
  std::vector<scr::review_event> events;
  for (std::size_t n = 0; n < static_cast<std::size_t>(appends_each) * writers; ++n) events.push_back(letter(n));
  std::int64_t appended = 0;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string schema = fresh_schema("bench_append_" + std::to_string(::getpid()) + "_" + std::to_string(++round));
    const std::string url = url_of(schema);
    {
      scr::store db(url);
      for (std::size_t w = 0; w < (same ? 1 : writers); ++w) open_considering(db, "Child " + std::to_string(w));
    }
    std::atomic<std::int64_t> done{0};
    std::vector<std::thread> threads;
    state.ResumeTiming();
    for (std::size_t w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        scr::store db(url);
        const std::string ref = "Child " + std::to_string(same ? 0 : w);
        for (int i = 0; i < appends_each; ++i) {
          const auto& e = events[w * appends_each + static_cast<std::size_t>(i)];
          for (;;) {
            try {
              db.append(ref, db.sequence(ref), std::span(&e, 1));
              break;
            } catch (const scr::concurrency_error&) {  // another writer took the sequence: read it again
            }
          }
          ++done;
        }
      });
    }
    for (auto& t : threads) t.join();
    appended += done.load();
  }
  state.SetItemsProcessed(appended);
}
BENCHMARK(BM_PgStoreAppend)
    ->ArgNames({"writers", "same"})
    ->Args({1, 0})->Args({4, 0})->Args({16, 0})->Args({4, 1})->Args({16, 1})
    ->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_PgInsert(benchmark::State& state) {
  if (no_server(state)) return;
  const auto writers = static_cast<std::size_t>(state.range(0));
  const std::string payload(220, 'x');  // about an event row's width
  std::int64_t inserted = 0;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string schema = fresh_schema("bench_insert_" + std::to_string(::getpid()) + "_" + std::to_string(++round));
    {
      PGconn* c = connect_raw();
      run(c, "CREATE TABLE " + schema +
                 ".rows (reference text, sequence bigint, payload text, PRIMARY KEY (reference, sequence))");
      PQfinish(c);
    }
    std::atomic<std::int64_t> done{0};
    std::vector<std::thread> threads;
    state.ResumeTiming();
    for (std::size_t w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        PGconn* c = connect_raw();
        const std::string sql = "INSERT INTO " + schema + ".rows VALUES ($1, $2, $3)";
        const std::string ref = "Child " + std::to_string(w);
        for (int i = 0; i < appends_each; ++i) {
          const std::string seq = std::to_string(i + 1);
          const char* values[3] = {ref.c_str(), seq.c_str(), payload.c_str()};
          PGresult* r = PQexecParams(c, sql.c_str(), 3, nullptr, values, nullptr, nullptr, 0);
          if (PQresultStatus(r) == PGRES_COMMAND_OK) ++done;
          PQclear(r);
        }
        PQfinish(c);
      });
    }
    for (auto& t : threads) t.join();
    inserted += done.load();
  }
  state.SetItemsProcessed(inserted);
}
BENCHMARK(BM_PgInsert)->ArgName("writers")->Arg(1)->Arg(4)->Arg(16)->Iterations(1)->UseRealTime()->Unit(
    benchmark::kMillisecond);

// store_bench's 100,000 reviews, copied to the server once per run.
const std::string& overdue_url() {
  static const std::string url = [] {
    const char* dir = std::getenv("SCR_BENCH_DIR");
    const fs::path file = fs::path(dir != nullptr ? dir : (fs::temp_directory_path() / "scr-bench").string()) /
                          ("scr-bench-overdue-100000-v" + std::to_string(scr::store::schema_version()) + ".db");
    if (!fs::exists(file)) return std::string();
    const std::string schema = fresh_schema("bench_overdue_" + std::to_string(::getpid()));
    if (schema.empty()) return std::string();
    scr::store::copy(file.string(), url_of(schema));
    return url_of(schema);
  }();
  return url;
}

const scr::date overdue_as_of = scr::make_date(2030, 1, 1);

bool no_overdue_store(benchmark::State& state) {
  if (no_server(state)) return true;
  if (!overdue_url().empty()) return false;
  state.SkipWithError("no 100,000-review store to copy: store_bench builds it (make bench runs it first)");
  return true;
}

void BM_PgStoreOverdue(benchmark::State& state) {
  if (no_overdue_store(state)) return;
  const scr::store db(overdue_url());
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto items = db.overdue(overdue_as_of);
    rows = items.size();
    benchmark::DoNotOptimize(items.data());
  }
  if (rows < 100'000 / 50) state.SkipWithError("fewer overdue rows than reviews waiting for a decision");
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_PgStoreOverdue)->ArgName("reviews")->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_PgOverdueRows(benchmark::State& state) {
  if (no_overdue_store(state)) return;
  PGconn* c = connect_raw();
  const std::string url = overdue_url();
  run(c, "SET search_path = " + url.substr(url.find("%3D") + 3));
  const char* sql =
      "SELECT reference, 'milestone', milestone, agency, 1, title, owner, due FROM milestone_projection "
      "LEFT JOIN labels USING (label) WHERE completed_on IS NULL AND waived = 0 AND due IS NOT NULL AND due < $1 "
      "UNION ALL SELECT reference, 'obligation', obligation, agency, occurrence, title, owner, due "
      "FROM obligation_projection LEFT JOIN labels USING (label) WHERE discharged_on IS NULL AND waived = 0 "
      "AND due IS NOT NULL AND due < $1 ORDER BY 8, 1, 2, 3, 4, 5";
  const std::string as_of = scr::format_date(overdue_as_of);
  const char* values[1] = {as_of.c_str()};
  std::size_t rows = 0;
  for (auto _ : state) {
    PGresult* r = PQexecParams(c, sql, 1, nullptr, values, nullptr, nullptr, 1);
    rows = static_cast<std::size_t>(PQntuples(r));
    std::size_t bytes = 0;
    for (int i = 0; i < PQntuples(r); ++i)
      for (int k = 0; k < 8; ++k) bytes += static_cast<std::size_t>(PQgetlength(r, i, k));
    benchmark::DoNotOptimize(bytes);
    PQclear(r);
  }
  PQfinish(c);
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_PgOverdueRows)->ArgName("reviews")->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
