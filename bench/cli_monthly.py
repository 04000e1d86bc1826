"""A cold ``scr report monthly`` over 1,000, 10,000 and 100,000 reviews,
against ``sqlite3`` reading the same rows.

Each timed run is one whole process, as a board manager's script calls
``scr``: ``scr report monthly --month 2030-01`` on the overdue stores that
``store_bench`` builds (every 50th review open, waiting for its decision; the
rest closed within three weeks, long before). The floor is ``sqlite3``
running, on the same file, the queries that give the report's rows: the
reviews open in the month with their overdue milestones, and the obligations
not discharged. Runs are interleaved and the medians compared.

Target (issue: fast from every door): the report at most 2x the ``sqlite3``
floor at every size.

    .venv/bin/python bench/cli_monthly.py [--scr PATH] [--repeat N]

The stores are $SCR_BENCH_DIR/scr-bench-overdue-N-v<schema>.db (default
build/bench/files; run store_bench first). Exit status 0 if the target holds,
1 if not.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import libscr
from cli_timing import arguments, interleaved_medians, verdict
from libscr import Store

SIZES = (1_000, 10_000, 100_000)


def london_midnight_us(day: dt.date) -> int:
    """London midnight at the start of `day`, in microseconds since 1970."""
    from zoneinfo import ZoneInfo

    t = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("Europe/London"))
    return int(t.timestamp()) * 1_000_000


def floor_sql() -> str:
    start, end = london_midnight_us(dt.date(2030, 1, 1)), london_midnight_us(dt.date(2030, 2, 1))
    return (
        "SELECT r.reference, r.procedure_id, r.procedure_version, r.state, r.opened_at_us, r.on_hold, "
        "r.completion_due, r.completion_original, m.milestone, m.agency, l.title, l.owner, m.due FROM reviews r "
        "LEFT JOIN milestone_projection m ON m.reference = r.reference AND m.completed_on IS NULL AND m.waived = 0 "
        f"AND m.due < '2030-01-31' LEFT JOIN labels l ON l.label = m.label WHERE r.voided = 0 AND r.opened_at_us < {end} AND (r.closed_at_us IS NULL OR "
        f"r.closed_at_us >= {start}) ORDER BY r.opened_at_us, r.reference;\n"
        "SELECT reference, obligation, agency, occurrence, title, owner, due FROM obligation_projection "
        "LEFT JOIN labels USING (label) WHERE discharged_on IS NULL AND waived = 0;\n"
    )


def main() -> int:
    args, sqlite3_cmd = arguments(__doc__, 11)
    if sqlite3_cmd is None:
        return 1
    folder = Path(os.environ.get("SCR_BENCH_DIR", "build/bench/files"))
    files = {n: folder / f"scr-bench-overdue-{n}-v{Store.SCHEMA_VERSION}.db" for n in SIZES}
    missing = [str(f) for f in files.values() if not f.exists()]
    if missing:
        print("FAIL: run store_bench first (BM_StoreMonthly builds the stores); missing: " + ", ".join(missing))
        return 1
    sql = floor_sql()

    def scr_report(f: Path) -> int:
        p = subprocess.run([args.scr, "--db", str(f), "report", "monthly", "--month", "2030-01"],
                           check=True, capture_output=True)
        return len(p.stdout)

    def sqlite_rows(f: Path) -> int:
        p = subprocess.run([sqlite3_cmd, "-readonly", str(f)], input=sql.encode(), check=True, capture_output=True)
        return len(p.stdout)

    runs = {}
    for n, f in files.items():
        runs[f"scr, {n:,} reviews"] = (lambda f=f: scr_report(f))
        runs[f"sqlite3, {n:,} reviews"] = (lambda f=f: sqlite_rows(f))
    for name, run in runs.items():
        if run() == 0:
            print(f"FAIL: {name} printed nothing")
            return 1
    med = interleaved_medians(runs, args.repeat)
    print(f"libscr {libscr.__version__}; one report per process, medians of {args.repeat} interleaved runs")
    for k, v in med.items():
        print(f"  {k:26s} {v:8.2f} ms")
    small, large = med[f"scr, {SIZES[0]:,} reviews"], med[f"scr, {SIZES[-1]:,} reviews"]
    print(f"  growth from {SIZES[0]:,} to {SIZES[-1]:,} reviews: {large / small:.1f}x "
          f"(sqlite3 {med[f'sqlite3, {SIZES[-1]:,} reviews'] / med[f'sqlite3, {SIZES[0]:,} reviews']:.1f}x)")
    return verdict([(f"monthly report, {n:,} reviews, vs sqlite3", med[f"scr, {n:,} reviews"] /
                     med[f"sqlite3, {n:,} reviews"], 2.0) for n in SIZES])

if __name__ == "__main__":
    sys.exit(main())
