"""Store.overdue from Python against Python's sqlite3 reading the same rows
(make bench, after store_bench has built its 100,000-review file).

Targets (issue: Python close to C++): ``Store.overdue`` over 100,000 reviews
in under 100 ms, and at most 1.5x Python's own ``sqlite3`` running the same
SELECT over the projections and fetching every row (no objects made). Both
run in this one process, interleaved; medians.

    .venv/bin/python bench/python_overdue.py [FILE] [--repeat N]

FILE defaults to $SCR_BENCH_DIR/scr-bench-overdue-100000-v<schema>.db. Exit status:
0 if both targets hold, 1 if not, 2 if the file is missing or the two give a
different number of rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import libscr
from libscr import Store

AS_OF = dt.date(2030, 1, 1)
# The store's own query (libscr/src/store/store.cpp, open_items), for the same date.
FLOOR_SQL = """
  SELECT reference, 'milestone', milestone, agency, 1, title, owner, due FROM milestone_projection
   LEFT JOIN labels USING (label) WHERE completed_on IS NULL AND waived = 0 AND due IS NOT NULL AND due < ?1
  UNION ALL
  SELECT reference, 'obligation', obligation, agency, occurrence, title, owner, due FROM obligation_projection
   LEFT JOIN labels USING (label) WHERE discharged_on IS NULL AND waived = 0 AND due IS NOT NULL AND due < ?1 AND (open_until IS NULL OR open_until >= ?1)
  ORDER BY 8, 1, 2, 3, 4, 5"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("SCR_BENCH_DIR", "build/bench/files")) / (
        f"scr-bench-overdue-100000-v{Store.SCHEMA_VERSION}.db")
    ap.add_argument("file", nargs="?", type=Path, default=default)
    ap.add_argument("--repeat", type=int, default=9, help="timed runs of each (default 9)")
    args = ap.parse_args()
    if not args.file.exists():
        print(f"FAIL: {args.file} is missing: run store_bench first (make bench does)")
        return 2
    db = Store(str(args.file))
    raw = sqlite3.connect(f"file:{args.file}?mode=ro", uri=True)
    day = AS_OF.isoformat()
    ours_rows = len(db.overdue(AS_OF))
    floor_rows = len(raw.execute(FLOOR_SQL, (day,)).fetchall())
    print(f"libscr {libscr.__version__}, SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    print(f"{args.file.name}: {ours_rows:,} overdue rows on {AS_OF} (the floor's SELECT: {floor_rows:,})")
    if ours_rows != floor_rows:
        print("FAIL: Store.overdue and the floor's SELECT give different numbers of rows")
        return 2
    runs = {"Store.overdue": lambda: db.overdue(AS_OF), "sqlite3 fetchall": lambda: raw.execute(FLOOR_SQL, (day,)).fetchall()}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for k in range(args.repeat):
        for name in runs if k % 2 == 0 else reversed(list(runs)):
            t0 = time.perf_counter()
            runs[name]()
            times[name].append((time.perf_counter() - t0) * 1e3)
    for name, ts in times.items():
        print(f"  {name:18} median {statistics.median(ts):7.1f} ms  (min {min(ts):.1f})")
    ours = statistics.median(times["Store.overdue"])
    ratio = ours / statistics.median(times["sqlite3 fetchall"])
    print(f"Store.overdue: {ours:.1f} ms (target < 100), {ratio:.2f}x the floor (target <= 1.5)")
    if ours >= 100 or ratio > 1.5:
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
