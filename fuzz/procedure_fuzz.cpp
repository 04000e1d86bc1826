// libFuzzer target for the procedure loader.
//
// Any input must give a check_result, never a crash, a hang or a sanitizer
// report. A definition that loads must also round-trip: its YAML loads back to
// the same definition, and the diagrams render.
//
//   make fuzz                      # clang, -fsanitize=fuzzer,address,undefined
//   build/fuzz/procedure_fuzz -max_total_time=60 fuzz/corpus/procedure
//
// The corpus (fuzz/corpus/procedure, plus the built-in packs and the test
// definitions) also runs as a regression test in `make test`, through
// replay_main.cpp, which needs no clang.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "scr/procedure.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const scr::check_result result = scr::procedure::check(text, "fuzz.yaml");
  for (const auto& d : result.diagnostics) {
    if (d.rule.empty() || d.message.empty()) {
      std::fprintf(stderr, "diagnostic without a rule or message: %s\n", d.to_string().c_str());
      std::abort();
    }
  }
  if (!result.ok()) return 0;
  const scr::procedure p = scr::procedure::parse(text, "fuzz.yaml");
  const std::string yaml = p.to_yaml();
  const scr::check_result again = scr::procedure::check(yaml, "round-trip.yaml");
  if (!again.ok()) {
    std::fprintf(stderr, "to_yaml() gave a definition that does not load:\n%s\n",
                 again.diagnostics.front().to_string().c_str());
    std::abort();
  }
  if (!scr::procedure::parse(yaml, "round-trip.yaml").same_definition(p)) {
    std::fprintf(stderr, "to_yaml() does not round-trip\n");
    std::abort();
  }
  (void)p.to_dot();
  (void)p.to_mermaid();
  (void)p.milestones_in_dependency_order();
  return 0;
}
