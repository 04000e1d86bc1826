"""A long-running writer's allocator: appends in rotation under glibc's malloc
and under jemalloc, one after the other (information, make bench).

A writer that goes round more reviews than it keeps in full takes one up
and pushes one out at every write. Much of what that costs beyond an append
to a review kept in memory is the memory itself: the blocks of the review
pushed out, reused at once by the next allocations, are not in the
processor's caches. The allocator decides that, and it is the application's
choice, not the library's: this measures the same store_bench binary under
each, so that docs/store.md can say what the choice is worth.

    .venv/bin/python bench/rotation_allocator.py build/bench/bench/store_bench

Runs BM_StoreAppendRotation at 10 and 1,000 reviews in turn (medians of 5,
CPU time) once with the process's own allocator and once with jemalloc
preloaded (Debian's libjemalloc2, which scripts/deps.sh installs), and
prints each ratio. Exit status: 0 when both ran, 1 when jemalloc is not
installed or a run failed (nothing is skipped silently).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

FILTER = "BM_StoreAppendRotation/reviews:(10|1000)/"


def jemalloc() -> Path | None:
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    for d in (Path("/usr/lib") / multiarch, Path("/usr/lib64"), Path("/usr/lib")):
        p = d / "libjemalloc.so.2"
        if p.exists():
            return p
    return None


def run(binary: str, preload: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if preload is not None:
        env["LD_PRELOAD"] = str(preload)
    out = subprocess.run(
        [binary, f"--benchmark_filter={FILTER}", "--benchmark_repetitions=5",
         "--benchmark_enable_random_interleaving=true", "--benchmark_report_aggregates_only=true",
         "--benchmark_format=json"],
        env=env, check=True, capture_output=True, text=True).stdout
    medians: dict[str, float] = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b["time_unit"]]
        reviews = b["run_name"].split("reviews:")[1].split("/")[0]
        medians[reviews] = float(b["cpu_time"]) * scale
    if set(medians) != {"10", "1000"}:
        raise RuntimeError(f"expected medians at 10 and 1000 reviews, got {sorted(medians)}")
    return medians


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0])
        print("usage: rotation_allocator.py STORE_BENCH")
        return 1
    lib = jemalloc()
    if lib is None:
        print("rotation_allocator: libjemalloc.so.2 not found (Debian: libjemalloc2; scripts/deps.sh installs it)")
        return 1
    try:
        own = run(argv[1], None)
        je = run(argv[1], lib)
    except (subprocess.CalledProcessError, OSError, RuntimeError, ValueError, KeyError, IndexError) as e:
        print(f"rotation_allocator: a run of {argv[1]} failed: {e}")
        return 1
    print("Appends in rotation by allocator, CPU time, medians of 5 (information):")
    for name, m in (("the process's own (glibc)", own), ("jemalloc, preloaded", je)):
        print(f"  {name:28s} 10 in turn {m['10']:6.0f} us, 1,000 in turn {m['1000']:6.0f} us: "
              f"{m['1000'] / m['10']:.2f}x")
    print(f"  an append at 1,000 in turn under jemalloc: {je['1000']:.0f} us against {own['1000']:.0f} us "
          f"({je['1000'] / own['1000']:.2f}x); at 10 in turn {je['10'] / own['10']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
