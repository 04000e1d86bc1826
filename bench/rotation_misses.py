"""What an append in rotation costs in instructions and cache misses, counted
(make bench-misses; information, not a target).

At 1,000 reviews in turn an append costs about a quarter more than at 10,
and most of the difference is memory the processor's caches no longer
hold. Timed, a step worth 2% of that is lost in the spread between runs
on a shared machine; counted, it is not. This runs the timed appends of
BM_StoreAppendRotation at 10 and 1,000 reviews in turn under valgrind's
callgrind with its cache simulation, counting only the timed loop
(`rotation_timed_loop` in store_bench.cpp), and prints for each:

  - instructions an append;
  - last-level cache misses an append (reads and writes), with a cache of
    the size given (by default this machine class's: 32 KB first level,
    32 MB last level; valgrind cannot always model the cache a virtual
    processor reports, so it is given explicitly);
  - the functions with the most last-level read misses at 1,000 reviews.

    .venv/bin/python bench/rotation_misses.py build/bench/bench/store_bench

The two runs go side by side (about five minutes on two cores). A miss the
simulation counts is not always time: data read in order is read ahead by
the processor (docs/performance.md, "Counted, not timed"). Exit status: 0
when both ran, 1 when valgrind is missing (scripts/deps.sh installs it) or
a run failed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REVIEWS = ("10", "1000")


def callgrind(binary: str, reviews: str, work: Path, d1: str, ll: str) -> subprocess.Popen:
    files = work / f"files-{reviews}"
    files.mkdir()
    env = dict(os.environ, SCR_BENCH_DIR=str(files))
    return subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--cache-sim=yes", f"--D1={d1}", f"--I1={d1}", f"--LL={ll}",
         "--collect-atstart=no", "--toggle-collect=*rotation_timed_loop*",
         f"--callgrind-out-file={work / f'callgrind-{reviews}.out'}",
         binary, f"--benchmark_filter=BM_StoreAppendRotation/reviews:{reviews}/", "--benchmark_repetitions=1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def totals(out: Path) -> dict[str, int]:
    events: list[str] = []
    values: list[int] = []
    for line in out.read_text(errors="replace").splitlines():
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith(("summary:", "totals:")) and events:
            values = [int(v) for v in line.split()[1:]]
    if not events or len(values) < len(events):
        raise RuntimeError(f"{out}: no totals")
    return dict(zip(events, values))


def appends(log: str) -> int:
    m = re.search(r"BM_StoreAppendRotation/reviews:\d+/iterations:(\d+)", log)
    if not m:
        raise RuntimeError("the benchmark did not report its iterations")
    return int(m.group(1))


def short_name(where: str) -> str:
    """`file:function [object]` as the function's name alone, without its
    template arguments or parameters."""
    obj = re.search(r"\[([^\]]*)\]$", where)
    name = re.sub(r"\s*\[[^\]]*\]$", "", where)
    parts = re.split(r"(?<!:):(?!:)", name, maxsplit=1)  # the file ("???" without debug data), then the function
    if len(parts) == 2 and (parts[0] == "???" or "/" in parts[0] or "." in parts[0]):
        name = parts[1]
    if re.fullmatch(r"0x[0-9a-fA-F]+", name) and obj:  # no symbol: say whose code it is
        return f"{name} in {Path(obj.group(1)).name}"
    name = name.replace("(anonymous namespace)", "{anonymous}")
    while True:
        shorter = re.sub(r"<[^<>]*>", "", name)
        if shorter == name:
            break
        name = shorter
    name = re.sub(r"\(.*", "", name).strip()
    return name[-90:]


def top(out: Path, n: int, per: int) -> list[str]:
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", "--show=DLmr", "--sort=DLmr", str(out)],
                          check=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S.*)$", line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        count = int(m.group(1).replace(",", ""))
        rows.append(f"    {count / per:7.1f}  {short_name(m.group(2))}")
        if len(rows) == n:
            break
    return rows


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store_bench")
    ap.add_argument("--d1", default="32768,8,64", help="first-level cache: size,associativity,line")
    ap.add_argument("--ll", default="33554432,16,64", help="last-level cache: size,associativity,line")
    args = ap.parse_args(argv[1:])
    if shutil.which("valgrind") is None or shutil.which("callgrind_annotate") is None:
        print("rotation_misses: valgrind not found (Debian: valgrind; scripts/deps.sh installs it)")
        return 1
    if not os.access(args.store_bench, os.X_OK):
        print(f"rotation_misses: {args.store_bench} is not an executable benchmark")
        return 1
    with tempfile.TemporaryDirectory(prefix="scr-misses-") as tmp:
        work = Path(tmp)
        runs = {r: callgrind(args.store_bench, r, work, args.d1, args.ll) for r in REVIEWS}
        logs = {}
        for r, p in runs.items():
            logs[r], _ = p.communicate()
            if p.returncode != 0:
                print(f"rotation_misses: the run at {r} reviews failed:\n{logs[r][-2000:]}")
                return 1
        print(f"Appends in rotation, counted by callgrind (D1 {args.d1}, LL {args.ll}; information):")
        figures = {}
        for r in REVIEWS:
            t = totals(work / f"callgrind-{r}.out")
            n = appends(logs[r])
            figures[r] = (t["Ir"] / n, t["DLmr"] / n, t["DLmw"] / n)
            print(f"  {int(r):>5,} reviews in turn: {figures[r][0]:>11,.0f} instructions, "
                  f"{figures[r][1]:6.1f} + {figures[r][2]:5.1f} last-level misses (read + write) an append")
        print(f"  1,000 against 10: {figures['1000'][0] / figures['10'][0]:.3f}x the instructions, "
              f"{figures['1000'][1] + figures['1000'][2] - figures['10'][1] - figures['10'][2]:.0f} more misses")
        print("  most last-level read misses an append at 1,000 reviews, by function:")
        for row in top(work / "callgrind-1000.out", 10, appends(logs["1000"])):
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
