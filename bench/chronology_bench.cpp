// Agencies' chronologies (make bench): 10,000 entries read, checked and
// merged in under a second (the chronology issue), beside reading the same
// bytes alone (the floor: what any importer pays), and the merged chronology
// written to XLSX and read back (information).
//
// The chronologies: four agencies of 2,500 entries each in the Stockport
// format (dd/mm/yy, HH:MM, codes, terms of reference, Y/N), every cell
// checked, a known-names list of 16 searched in the text columns, and the
// 10,000 entries merged in date and time order.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "scr/chronology.hpp"

namespace {

const char* const agencies[] = {"Police", "Social Care", "Health", "Education"};
constexpr std::size_t per_agency = 2500;

scr::chronology_setup setup() {
  auto s = scr::chronology_setup::with_format(scr::chronology_format::builtin("stockport-2010"));
  s.period_from = scr::make_date(2010, 1, 1);
  s.period_to = scr::make_date(2024, 12, 31);
  s.questions = {"q1", "q2", "q3", "q4", "q5", "q6"};
  for (const char* c : {"R", "M", "MP", "MGM", "SW1", "SW2", "HV1", "GP1", "PC1", "PS1", "TS", "NS"}) {
    s.acronyms.push_back({c, "family", "someone"});
  }
  s.known_names = {"Rosie Hartwell", "Rosie", "Dana Hartwell", "Dana", "Kyle Brennan", "Kyle", "Maureen Hartwell",
                   "Maureen", "Priya Lomas", "Priya", "Helen Ashdown", "Helen", "Gareth Voss", "Gareth", "Dr Okafor",
                   "Maple Tree Nursery"};
  return s;
}

// An agency's chronology as CSV: one entry every ~2 days from 2010, in
// order, with realistic lengths of text.
std::string agency_csv(std::size_t agency) {
  std::string out = "Date,Time,Source of Information,Subject of recording,\"Event description, actions and outcomes\","
                    "Expected Practice/Standards,Relevant Terms of Reference,Child Seen (Y/N)\r\n";
  scr::date d = scr::make_date(2010, 1, 2) + boost::gregorian::days(static_cast<long>(agency));
  char line[1024];
  for (std::size_t i = 0; i < per_agency; ++i) {
    d += boost::gregorian::days(i % 3 == 0 ? 1 : 2);
    const bool seen = i % 4 == 0;
    std::snprintf(line, sizeof line,
                  "%02d/%02d/%02d,%02zu:%02zu,Case file %zu,\"M, R\",\"Home visit by SW1 to the family home. "
                  "M and MP present; the home was cluttered and R was %s. %s\",Visit within 10 working days "
                  "of the referral; met,%zu,%s\r\n",
                  static_cast<int>(d.day()), static_cast<int>(d.month()), static_cast<int>(d.year() % 100),
                  8 + i % 10, (i * 7) % 60, i,
                  seen ? "seen" : "not seen",
                  seen ? "R seen alone in her bedroom; her wishes and feelings were sought." : "Time of visit from notes.",
                  1 + i % 6, seen ? "Y" : "N");
    out += line;
  }
  return out;
}

const std::vector<std::string>& files() {
  static const std::vector<std::string> f = [] {
    std::vector<std::string> v;
    for (std::size_t a = 0; a < std::size(agencies); ++a) v.push_back(agency_csv(a));
    return v;
  }();
  return f;
}

// The floor: the bytes read into tables, nothing checked.
void BM_ChronologyReadOnly(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t rows = 0;
    for (const auto& f : files()) rows += scr::read_chronology_bytes(f, "agency.csv").rows.size();
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(per_agency * std::size(agencies)));
}
BENCHMARK(BM_ChronologyReadOnly)->Unit(benchmark::kMillisecond);

// Read, checked and merged: the target.
void BM_ChronologyCheckAndMerge(benchmark::State& state) {
  const auto s = setup();
  std::size_t merged = 0;
  for (auto _ : state) {
    std::vector<scr::agency_chronology> accepted;
    for (std::size_t a = 0; a < std::size(agencies); ++a) {
      auto checked = scr::check_chronology(s, agencies[a], scr::read_chronology_bytes(files()[a], "agency.csv"));
      if (checked.refused()) {
        state.SkipWithError(checked.report().substr(0, 400).c_str());
        return;
      }
      accepted.push_back(std::move(checked.chronology));
    }
    const scr::multi_agency_chronology m(s.format, std::move(accepted));
    merged = m.entries().size();
    benchmark::DoNotOptimize(merged);
  }
  if (merged != per_agency * std::size(agencies)) state.SkipWithError("not every entry was merged");
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(merged));
}
BENCHMARK(BM_ChronologyCheckAndMerge)->Unit(benchmark::kMillisecond);

// The merged 10,000 entries written as XLSX and the workbook read back.
void BM_ChronologyXlsxRoundTrip(benchmark::State& state) {
  const auto s = setup();
  std::vector<scr::agency_chronology> accepted;
  for (std::size_t a = 0; a < std::size(agencies); ++a) {
    accepted.push_back(scr::check_chronology(s, agencies[a], scr::read_chronology_bytes(files()[a], "a.csv")).chronology);
  }
  const scr::multi_agency_chronology m(s.format, std::move(accepted));
  for (auto _ : state) {
    const std::string bytes = scr::export_chronology(m, scr::chronology_export::xlsx);
    benchmark::DoNotOptimize(scr::read_chronology_bytes(bytes, "merged.xlsx").rows.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(m.entries().size()));
}
BENCHMARK(BM_ChronologyXlsxRoundTrip)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
