// Benchmarks of loading a stored procedure (make bench).
//
// Target: a store that keeps a procedure's definition loads it in well under
// a millisecond (ideally under 200 microseconds), where parsing its YAML again
// takes several (about 5.6 ms for Solihull 2011, most of it in yaml-cpp).
// Run with repetitions and read the medians, as `make bench` does:
//
//   build/bench/bench/procedure_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true       (one command line)
//
// Side by side, for the Solihull 2011 pack:
//   * BM_ProcedureParseStored parses the YAML a store would keep (to_yaml(),
//     about 35 KB), checks included: the cost without a binary form;
//   * BM_ProcedureDecode decodes the binary form of procedure_codec.hpp.
// Each checks before its timed loop that what it loads is the pack.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include "procedure_codec.hpp"
#include "scr/procedure.hpp"

namespace {

const scr::procedure& solihull() {
  static const scr::procedure p = scr::procedure::builtin("solihull-2011-scr");
  return p;
}

void BM_ProcedureParseStored(benchmark::State& state) {
  const std::string yaml = solihull().to_yaml();
  try {
    if (!scr::procedure::parse(yaml, "stored").same_definition(solihull())) {
      state.SkipWithError("the stored YAML parses to another definition");
    }
  } catch (const std::exception& x) {
    state.SkipWithError(x.what());
  }
  for (auto _ : state) {
    scr::procedure p = scr::procedure::parse(yaml, "stored");
    benchmark::DoNotOptimize(p);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(yaml.size()));
}
BENCHMARK(BM_ProcedureParseStored)->Unit(benchmark::kMicrosecond);

void BM_ProcedureDecode(benchmark::State& state) {
  const std::string bytes = scr::detail::encode_procedure(solihull());
  const auto back = scr::detail::decode_procedure(bytes);
  if (!back || !back->same_definition(solihull())) state.SkipWithError("the encoding decodes to another definition");
  for (auto _ : state) {
    std::optional<scr::procedure> p = scr::detail::decode_procedure(bytes);
    benchmark::DoNotOptimize(p);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_ProcedureDecode)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
