// Benchmarks of the calendar module (make bench).
//
// Target (the issue): at least 100 million add_working_days per second on one
// core. Every benchmark reports items_per_second; run with repetitions and
// read the medians, as `make bench` does:
//
//   build/bench/bench/calendar_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true       (one command line)
//
// BM_AddWorkingDays_Naive is a baseline written here, not in the library: it
// steps one day at a time and asks is_working_day at each step, as a simple
// implementation would. Its ratio to BM_AddWorkingDays_Scalar is what the
// look-up tables buy.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "scr/calendar.hpp"
#include "scr/date.hpp"
#include "scr/timescale.hpp"

namespace {

using scr::calendar;
using scr::date;

// Deterministic inputs, the same on every platform (splitmix64).
class rng {
 public:
  explicit rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi] (the modulo bias is irrelevant here).
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1U;
    return lo + static_cast<std::int64_t>(next() % span);
  }

 private:
  std::uint64_t state_;
};

const calendar& ew() {
  static const calendar c = calendar::england_and_wales();
  return c;
}

// Day serials of 2000-01-01 and 2030-12-31.
std::int64_t serial_lo() { return calendar::to_serial(date(2000, 1, 1)); }
std::int64_t serial_hi() { return calendar::to_serial(date(2030, 12, 31)); }

constexpr std::size_t scalar_count = 4096;
constexpr std::size_t vector_count = 1'000'000;

// Working-day counts: 1..20, every fifth one negated.
int step_for(std::size_t k) {
  const int n = static_cast<int>(k % 20) + 1;
  return k % 5 == 4 ? -n : n;
}

struct scalar_inputs {
  std::vector<date> days;
  std::vector<int> n;
};

const scalar_inputs& scalar_data() {
  static const scalar_inputs in = [] {
    scalar_inputs s;
    rng r(20240115);
    s.days.reserve(scalar_count);
    s.n.reserve(scalar_count);
    for (std::size_t k = 0; k < scalar_count; ++k) {
      s.days.push_back(calendar::from_serial(r.between(serial_lo(), serial_hi())));
      s.n.push_back(step_for(k));
    }
    return s;
  }();
  return in;
}

std::vector<std::int64_t> random_serials(std::size_t count, std::uint64_t seed) {
  rng r(seed);
  std::vector<std::int64_t> out(count);
  for (auto& s : out) s = r.between(serial_lo(), serial_hi());
  return out;
}

// The baseline: one day at a time, asking the calendar at each step.
date naive_add_working_days(const calendar& c, date d, int n) {
  if (n == 0) return d;
  const boost::gregorian::date_duration step(n > 0 ? 1 : -1);
  int left = n > 0 ? n : -n;
  while (left > 0) {
    d += step;
    if (c.is_working_day(d)) --left;
  }
  return d;
}

// --- add_working_days(date, int) ---------------------------------------------

void BM_AddWorkingDays_Scalar(benchmark::State& state) {
  const calendar& c = ew();
  const auto& in = scalar_data();
  for (auto _ : state) {
    for (std::size_t k = 0; k < scalar_count; ++k) {
      date r = c.add_working_days(in.days[k], in.n[k]);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(scalar_count));
}
BENCHMARK(BM_AddWorkingDays_Scalar);

void BM_AddWorkingDays_Naive(benchmark::State& state) {
  const calendar& c = ew();
  const auto& in = scalar_data();
  // The baseline must agree with the library, or its timing means nothing.
  for (std::size_t k = 0; k < scalar_count; ++k) {
    if (naive_add_working_days(c, in.days[k], in.n[k]) != c.add_working_days(in.days[k], in.n[k])) {
      state.SkipWithError("naive baseline disagrees with calendar::add_working_days");
      return;
    }
  }
  for (auto _ : state) {
    for (std::size_t k = 0; k < scalar_count; ++k) {
      date r = naive_add_working_days(c, in.days[k], in.n[k]);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(scalar_count));
}
BENCHMARK(BM_AddWorkingDays_Naive);

// --- add_working_days(span, span, span) over 1,000,000 serials --------------

// One count for every date, as calendar.add_working_days(dates, 5) in Python.
void BM_AddWorkingDays_Vectorised(benchmark::State& state) {
  const calendar& c = ew();
  const auto days = random_serials(vector_count, 20240116);
  const std::vector<std::int64_t> n{5};
  std::vector<std::int64_t> out(vector_count);
  for (auto _ : state) {
    c.add_working_days(std::span<const std::int64_t>(days), std::span<const std::int64_t>(n),
                       std::span<std::int64_t>(out));
    std::int64_t* result = out.data();  // an lvalue: the const& overload is deprecated
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(vector_count));
}
BENCHMARK(BM_AddWorkingDays_Vectorised)->Unit(benchmark::kMillisecond);

// One count per date (1..20, some negative).
void BM_AddWorkingDays_VectorisedPerElementN(benchmark::State& state) {
  const calendar& c = ew();
  const auto days = random_serials(vector_count, 20240116);
  std::vector<std::int64_t> n(vector_count);
  for (std::size_t k = 0; k < vector_count; ++k) n[k] = step_for(k);
  std::vector<std::int64_t> out(vector_count);
  for (auto _ : state) {
    c.add_working_days(std::span<const std::int64_t>(days), std::span<const std::int64_t>(n),
                       std::span<std::int64_t>(out));
    std::int64_t* result = out.data();  // an lvalue: the const& overload is deprecated
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(vector_count));
}
BENCHMARK(BM_AddWorkingDays_VectorisedPerElementN)->Unit(benchmark::kMillisecond);

// --- working_days_between ------------------------------------------------------

void BM_WorkingDaysBetween(benchmark::State& state) {
  const calendar& c = ew();
  std::vector<date> a;
  std::vector<date> b;
  rng r(20240117);
  for (std::size_t k = 0; k < scalar_count; ++k) {
    const std::int64_t s = r.between(serial_lo(), serial_hi());
    a.push_back(calendar::from_serial(s));
    b.push_back(calendar::from_serial(s + r.between(-60, 60)));
  }
  for (auto _ : state) {
    for (std::size_t k = 0; k < scalar_count; ++k) {
      int w = c.working_days_between(a[k], b[k]);
      benchmark::DoNotOptimize(w);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(scalar_count));
}
BENCHMARK(BM_WorkingDaysBetween);

// --- due(date, timescale) ------------------------------------------------------

void due_bench(benchmark::State& state, const char* text) {
  const calendar& c = ew();
  const auto t = scr::timescale::parse(text);
  const auto& in = scalar_data();
  for (auto _ : state) {
    for (std::size_t k = 0; k < scalar_count; ++k) {
      date r = c.due(in.days[k], t);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(scalar_count));
}
BENCHMARK_CAPTURE(due_bench, 1_month, "1 month")->Name("BM_Due/1 month");
BENCHMARK_CAPTURE(due_bench, 5_working_days, "5 working days")->Name("BM_Due/5 working days");

}  // namespace

BENCHMARK_MAIN();
