// Benchmarks of the review engine (make bench).
//
// Targets (the issue):
//   1. at least 1 million events applied per second, in memory;
//   2. a 10,000-event review rebuilt (from_events) in under 10 ms;
//   3. the timetable of a typical review in under 50 microseconds.
// Run with repetitions and read the medians, as `make bench` does:
//
//   build/bench/bench/review_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true       (one command line)
//
// Every input is built once, before timing, through the public API of the
// Solihull 2011 pack, so every history is one the engine accepts; each
// benchmark checks its input before the timed loop and stops with an error if
// the engine refuses it or gives something unexpected.
//
// Histories (BM_FromEvents/agencies:N/events:M): the referral, the Chair's
// letter to each of the N agencies and to one more that sends a NIL return,
// and each reply (one agency_check track per agency), the panel and the
// decision, the appointments, then an IMR commissioned from each agency and
// its author named (one imr track per agency), and then IMR loops, round robin
// over the agencies: imr_signed_off, imr_submitted, imr_presented,
// imr_returned (with a reason and a resubmission date). A prefix of a valid
// history is valid, so the history is cut at exactly M events. Events are a
// minute apart, with a jump to the date of each stage.
//
// BM_FromEvents times the rebuild and the freeing of the rebuilt review;
// BM_CopyEvents likewise times the copy and its freeing. BM_Record and
// BM_AppendEvents stop the timer while they copy their inputs and free their
// results, and time 1,000 calls per iteration.
//
// Baselines, side by side:
//   * BM_CopyEvents copies the same vector of events: the cost of the data
//     alone, the floor under from_events (which copies every event it applies);
//   * BM_AppendEvents builds the same events as BM_Record and appends them to
//     a copy of the same history, without any check: the floor under record;
//   * the queries on a review just opened (one event), next to the same
//     queries on a review mid-way.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/procedure.hpp"
#include "scr/review.hpp"
#include "solihull_history.hpp"

namespace {

using namespace bench;  // NOLINT(google-build-using-namespace): the shared histories

/// A long history: `agencies` agencies, then IMR loops, cut at `events`.
std::vector<review_event> long_history(std::size_t agencies, std::size_t events) {
  const auto names = agency_names(agencies);
  auto r = commissioned(names, false);
  if (r.size() > events) throw std::logic_error("too many agencies for the number of events");
  for (auto& c : imr_loops(names, r.last_event_at(), events - r.size())) record(r, std::move(c));
  return r.history();
}

// One history per (agencies, events), built once.
const std::vector<review_event>& history_for(std::size_t agencies, std::size_t events) {
  static std::vector<std::pair<std::pair<std::size_t, std::size_t>, std::vector<review_event>>> cache;
  for (const auto& [key, h] : cache)
    if (key == std::pair{agencies, events}) return h;
  cache.emplace_back(std::pair{agencies, events}, long_history(agencies, events));
  return cache.back().second;
}

std::size_t arg(const benchmark::State& state, std::size_t k) { return static_cast<std::size_t>(state.range(k)); }

// The typical review of target 3: decided, five IMRs commissioned, the
// presentation meeting scheduled, three IMRs signed off and two submitted;
// asked as of 2 April 2024.
const review& midway() {
  static const review r = [] {
    const auto names = agency_names(5);
    auto m = commissioned(names, true);
    for (std::size_t k = 0; k < 3; ++k) {
      m.record("imr_signed_off", london(2024, 3, 20), people_of(names[k]).senior_officer, {}, names[k]);
    }
    for (std::size_t k = 0; k < 2; ++k) {
      m.record("imr_submitted", london(2024, 3, 22), people_of(names[k]).author, {}, names[k]);
    }
    m.discharge("monthly_progress_update", london(2024, 3, 28), nominated);
    return m;
  }();
  return r;
}
const date midway_as_of = scr::make_date(2024, 4, 2);

// The baseline of target 3: the same review just opened, as of the next day.
const review& fresh() {
  static const review r =
      review::open(solihull(), ew(), "Child Q", london(2024, 1, 15, 9), chair,
                   {{"incident_at", london(2024, 1, 13, 22)}, {"referring_agency", std::string("Police")}});
  return r;
}
const date fresh_as_of = scr::make_date(2024, 1, 16);

// --- target 1 and 2: from_events -------------------------------------------------

void BM_FromEvents(benchmark::State& state) {
  const auto& events = history_for(arg(state, 0), arg(state, 1));
  try {
    const auto r = review::from_events(solihull(), ew(), events);
    if (r.size() != events.size() || r.state() != "agency_reviews" || r.tracks().size() != 2 * arg(state, 0) + 1) {
      state.SkipWithError("the rebuilt review is not the one recorded");
    }
  } catch (const std::exception& x) {
    state.SkipWithError(x.what());
  }
  for (auto _ : state) {
    review r = review::from_events(solihull(), ew(), events);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_FromEvents)
    ->ArgNames({"agencies", "events"})
    ->Args({5, 10'000})
    ->Args({500, 10'000})
    ->Args({5, 100'000})
    ->Args({2000, 100'000})
    ->Unit(benchmark::kMillisecond);

// Baseline: copying the same events (and freeing the copy), no engine at all.
void BM_CopyEvents(benchmark::State& state) {
  const auto& events = history_for(arg(state, 0), arg(state, 1));
  for (auto _ : state) {
    std::vector<review_event> copy(events.begin(), events.end());
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_CopyEvents)
    ->ArgNames({"agencies", "events"})
    ->Args({5, 10'000})
    ->Args({500, 10'000})
    ->Args({5, 100'000})
    ->Args({2000, 100'000})
    ->Unit(benchmark::kMillisecond);

// --- target 1: record, one event at a time ----------------------------------------

constexpr std::size_t record_batch = 1000;

// Five agencies, every IMR in drafting, 25 events recorded so far.
const review& ready_to_loop() {
  static const review r = commissioned(agency_names(5), true);
  return r;
}

const std::vector<command>& loop_commands() {
  static const auto c = imr_loops(agency_names(5), london(2024, 3, 4, 9), record_batch);
  return c;
}

// Each iteration copies the prepared review and the commands with the timer
// stopped, then records the 1,000 commands one call at a time.
void BM_Record(benchmark::State& state) {
  const review& prepared = ready_to_loop();
  const auto& commands = loop_commands();
  try {
    review r = prepared;
    for (const auto& c : commands) record(r, c);
    if (r.size() != prepared.size() + commands.size()) state.SkipWithError("not every command was recorded");
  } catch (const std::exception& x) {
    state.SkipWithError(x.what());
  }
  for (auto _ : state) {
    state.PauseTiming();
    review r = prepared;
    std::vector<command> batch = commands;
    state.ResumeTiming();
    for (auto& c : batch) r.record(c.event, c.at, c.by, std::move(c.data), c.agency);
    benchmark::DoNotOptimize(r);
    state.PauseTiming();  // the review and the batch are freed untimed
    {
      review gone = std::move(r);
      std::vector<command> done = std::move(batch);
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(record_batch));
}
BENCHMARK(BM_Record)->Unit(benchmark::kMicrosecond);

// Baseline: the same events built from the same arguments and appended to a
// copy of the same history, with no check.
void BM_AppendEvents(benchmark::State& state) {
  const auto& history = ready_to_loop().history();
  const auto& commands = loop_commands();
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<review_event> events = history;
    std::vector<command> batch = commands;
    state.ResumeTiming();
    for (auto& c : batch) {
      review_event e;
      e.kind = scr::event_kind::recorded;
      e.name = c.event;
      e.agency = c.agency;
      e.at = c.at;
      e.by = c.by;
      e.data = std::move(c.data);
      events.push_back(std::move(e));
    }
    benchmark::DoNotOptimize(events.data());
    benchmark::ClobberMemory();
    state.PauseTiming();
    {
      std::vector<review_event> gone = std::move(events);
      std::vector<command> done = std::move(batch);
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(record_batch));
}
BENCHMARK(BM_AppendEvents)->Unit(benchmark::kMicrosecond);

// --- target 3: queries as of a date -----------------------------------------------

const review& query_subject(const benchmark::State& state) { return state.range(0) == 0 ? fresh() : midway(); }
date query_date(const benchmark::State& state) { return state.range(0) == 0 ? fresh_as_of : midway_as_of; }

void BM_Timetable(benchmark::State& state) {
  const review& r = query_subject(state);
  const date as_of = query_date(state);
  state.counters["rows"] = static_cast<double>(r.timetable(as_of).size());
  for (auto _ : state) {
    auto rows = r.timetable(as_of);
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Timetable)->ArgName("midway")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Obligations(benchmark::State& state) {
  const review& r = query_subject(state);
  const date as_of = query_date(state);
  state.counters["rows"] = static_cast<double>(r.obligations(as_of).size());
  for (auto _ : state) {
    auto rows = r.obligations(as_of);
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Obligations)->ArgName("midway")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Compliance(benchmark::State& state) {
  const review& r = query_subject(state);
  const date as_of = query_date(state);
  state.counters["rows"] = static_cast<double>(r.compliance(as_of).rows.size());
  for (auto _ : state) {
    auto summary = r.compliance(as_of);
    benchmark::DoNotOptimize(summary.rows.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Compliance)->ArgName("midway")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// For information: the timetable of the long histories (every track's rows).
void BM_TimetableLong(benchmark::State& state) {
  const auto& events = history_for(arg(state, 0), arg(state, 1));
  const review r = review::from_events(solihull(), ew(), events);
  const date as_of = scr::london_date(r.last_event_at());
  state.counters["rows"] = static_cast<double>(r.timetable(as_of).size());
  for (auto _ : state) {
    auto rows = r.timetable(as_of);
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimetableLong)
    ->ArgNames({"agencies", "events"})
    ->Args({5, 10'000})
    ->Args({500, 10'000})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
