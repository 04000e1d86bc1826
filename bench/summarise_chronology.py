"""Summarise chronology_bench's JSON output against its target.

Target: 10,000 entries (four agencies' chronologies) read, checked and merged
in under a second. Prints the median, its share of the target, and its ratio
to reading the same bytes alone (the floor, measured in the same run); the
XLSX round trip of the merged chronology is for information. Exits 1 if the
target is missed.

    python bench/summarise_chronology.py build/bench/chronology_bench.json
"""

from __future__ import annotations

import json
import sys

TARGET_MS = 1000.0


def median_ms(benchmarks: list[dict], name: str) -> float:
    for b in benchmarks:
        if b.get("run_name") == name and b.get("aggregate_name") == "median":
            scale = {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[b["time_unit"]]
            return float(b["real_time"]) * scale
    raise SystemExit(f"no median for {name} in the benchmark output")


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        benchmarks = json.load(f)["benchmarks"]
    check = median_ms(benchmarks, "BM_ChronologyCheckAndMerge")
    read = median_ms(benchmarks, "BM_ChronologyReadOnly")
    xlsx = median_ms(benchmarks, "BM_ChronologyXlsxRoundTrip")
    print()
    print("Chronologies, 10,000 entries from four agencies, medians of the repetitions above:")
    print(f"  read, checked and merged  {check:8.1f} ms   target < {TARGET_MS:.0f} ms ({check / TARGET_MS:.2f} of it)")
    print(f"  read only (floor)         {read:8.1f} ms   checking and merging cost {check / read:.1f}x reading")
    print(f"  XLSX written and read     {xlsx:8.1f} ms   (information)")
    if check >= TARGET_MS:
        print("FAIL: 10,000 entries took a second or more to check and merge")
        return 1
    print("PASS: 10,000 entries checked and merged in under a second")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/bench/chronology_bench.json"))
