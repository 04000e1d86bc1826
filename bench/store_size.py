"""What each byte of a store buys (make bench, after store_bench has built its
100,000-review file).

Target (issue: fast from every door): at most 400 bytes a stored event on
the 100,000-review benchmark file, and say what the bytes are for. The floor
beside it is the events table alone: the history with its hash chain, which
is what a plain log of the same events would keep. Every table and index is
measured by SQLite's own page accounting (the dbstat table), grouped by what
it is for.

    .venv/bin/python bench/store_size.py [FILE]

FILE defaults to $SCR_BENCH_DIR/scr-bench-overdue-100000-v<schema>.db. Exit
status: 0 if the target holds, 1 if not, 2 if the file is missing.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from libscr import Store

TARGET = 400.0

# What each table or index is for, in the order printed.
PURPOSES: list[tuple[str, tuple[str, ...]]] = [
    ("events: the history, each event with its hash chain", ("events",)),
    ("ledger: every write, chained, to find a deleted or rolled-back one", ("ledger", "ledger_by_reference")),
    ("milestone rows: overdue, due, monthly, as of any day", ("milestone_projection", "milestone_open_by_due")),
    ("obligation rows: the same for notices and updates", ("obligation_projection", "obligation_open_by_due")),
    ("compliance and warning rows", ("compliance_projection", "warning_projection")),
    ("reviews: one row each, its state, and its indexes", ("reviews", "sqlite_autoindex_reviews_1")),
    ("snapshots: a review's fold, so a write does not replay it", ("snapshots", "sqlite_autoindex_snapshots_1")),
    ("procedures, compiled and as written", ("procedures", "compiled_procedures")),
    ("labels: each projection title, owner and kind once", ("labels", "sqlite_autoindex_labels_1")),
    ("actors, once each, and the index of their events (for purge)",
     ("actors", "sqlite_autoindex_actors_1", "events_by_actor")),
]


def purpose_of(name: str) -> str:
    for what, names in PURPOSES:
        if name in names:
            return what
    if name.startswith("reviews_"):
        return PURPOSES[5][0]
    return "the rest: schema, tombstones, settings"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("SCR_BENCH_DIR", "build/bench/files")) / (
        f"scr-bench-overdue-100000-v{Store.SCHEMA_VERSION}.db")
    ap.add_argument("file", nargs="?", type=Path, default=default)
    args = ap.parse_args()
    if not args.file.exists():
        print(f"FAIL: {args.file} is missing: run store_bench first (make bench does)")
        return 2
    db = sqlite3.connect(f"file:{args.file}?mode=ro", uri=True)
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    reviews = db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    sizes: dict[str, int] = {}
    for name, size in db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        sizes[purpose_of(name)] = sizes.get(purpose_of(name), 0) + size
    total = sum(sizes.values())
    print(f"{args.file.name}: {total / 1e6:,.1f} MB, {reviews:,} reviews, {events:,} events "
          f"({events / reviews:.1f} a review)")
    for what, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {what:66s} {size / events:7.1f} B/event  {100 * size / total:5.1f}%")
    per_event = total / events
    floor = sizes.get(PURPOSES[0][0], 0) / events
    print(f"store: {per_event:.0f} B/event (target <= {TARGET:.0f}); the events alone {floor:.0f} B/event, "
          f"{per_event / floor:.2f}x")
    if per_event > TARGET:
        print(f"FAIL: {per_event:.0f} bytes a stored event is more than {TARGET:.0f}")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
