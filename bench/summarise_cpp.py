"""Summarise calendar_bench's JSON output against the C++ target.

Target: at least 100 million add_working_days per second on one core. Prints
the median rate of the scalar call, its ratio to the target, and its ratio to
the naive day-by-day baseline measured in the same run. Exits 1 if the target
is missed.

    python bench/summarise_cpp.py build/bench/calendar_bench.json
"""

from __future__ import annotations

import json
import sys

TARGET = 100e6  # add_working_days per second


def median_rate(benchmarks: list[dict], name: str) -> float:
    for b in benchmarks:
        if b.get("run_name") == name and b.get("aggregate_name") == "median":
            return float(b["items_per_second"])
    raise SystemExit(f"no median for {name} in the benchmark output")


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        benchmarks = json.load(f)["benchmarks"]
    scalar = median_rate(benchmarks, "BM_AddWorkingDays_Scalar")
    naive = median_rate(benchmarks, "BM_AddWorkingDays_Naive")
    span = median_rate(benchmarks, "BM_AddWorkingDays_Vectorised")
    print()
    print("C++ add_working_days, medians of the repetitions above:")
    print(f"  scalar call       {scalar / 1e6:8.1f} M/s   {scalar / TARGET:5.1f}x the 100 M/s target")
    print(f"  span call (1e6)   {span / 1e6:8.1f} M/s   {span / TARGET:5.1f}x the target")
    print(f"  naive day loop    {naive / 1e6:8.1f} M/s   (baseline; tables are {scalar / naive:.1f}x faster)")
    if scalar < TARGET:
        print("FAIL: scalar add_working_days is below 100 million per second")
        return 1
    print("PASS: at least 100 million add_working_days per second on one core")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/bench/calendar_bench.json"))
