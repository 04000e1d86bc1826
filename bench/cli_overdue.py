"""A cold ``scr overdue`` over 100,000 reviews, as a table and as CSV,
against ``sqlite3`` running the same SELECT.

Each timed run is one whole process: ``scr overdue --as-of 2030-01-01`` on
the overdue store that ``store_bench`` builds (100,000 Solihull reviews,
every 50th waiting for its decision), and ``sqlite3`` running the store's
own query for open items due before that day (``open_items`` in libscr/src/store/store.cpp)
on the same file. Runs are interleaved and the medians compared.

Target (issue: fast from every door): at most 1.5x the ``sqlite3`` floor.

    .venv/bin/python bench/cli_overdue.py [--scr PATH] [--repeat N]

The store is $SCR_BENCH_DIR/scr-bench-overdue-100000-v<schema>.db (default
build/bench/files; run store_bench first). Exit status 0 if the target
holds, 1 if not.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import libscr
from cli_timing import arguments, interleaved_medians, verdict
from libscr import Store

SQL = """SELECT reference, 'milestone', milestone, agency, 1, title, owner, due FROM milestone_projection
 LEFT JOIN labels USING (label) WHERE completed_on IS NULL AND waived = 0 AND due IS NOT NULL AND due < '2030-01-01'
UNION ALL
SELECT reference, 'obligation', obligation, agency, occurrence, title, owner, due FROM obligation_projection
 LEFT JOIN labels USING (label) WHERE discharged_on IS NULL AND waived = 0 AND due IS NOT NULL AND due < '2030-01-01'
   AND (open_until IS NULL OR open_until >= '2030-01-01')
ORDER BY 8, 1, 2, 3, 4, 5;
"""


def main() -> int:
    args, sqlite3_cmd = arguments(__doc__, 11)
    if sqlite3_cmd is None:
        return 1
    folder = Path(os.environ.get("SCR_BENCH_DIR", "build/bench/files"))
    f = folder / f"scr-bench-overdue-100000-v{Store.SCHEMA_VERSION}.db"
    if not f.exists():
        print(f"FAIL: run store_bench first (BM_StoreOverdue builds the store); missing: {f}")
        return 1
    base = [args.scr, "--db", str(f), "overdue", "--as-of", "2030-01-01"]
    runs = {
        "scr overdue (table)": lambda: subprocess.run(base, check=True, capture_output=True),
        "scr overdue --format csv": lambda: subprocess.run(base + ["--format", "csv"], check=True,
                                                           capture_output=True),
        "sqlite3, the same SELECT": lambda: subprocess.run([sqlite3_cmd, "-readonly", str(f)], input=SQL.encode(),
                                                           check=True, capture_output=True),
    }
    med = interleaved_medians(runs, args.repeat)
    print(f"libscr {libscr.__version__}; 100,000 reviews, one process each, medians of {args.repeat} interleaved runs")
    for k, v in med.items():
        print(f"  {k:26s} {v:7.1f} ms")
    floor = med["sqlite3, the same SELECT"]
    return verdict([(f"{name} vs sqlite3", med[name] / floor, 1.5)
                    for name in ("scr overdue (table)", "scr overdue --format csv")])

if __name__ == "__main__":
    sys.exit(main())
