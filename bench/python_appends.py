"""Single durable appends from Python, 200 reviews in rotation, against
Python's sqlite3 inserting rows of the same width (make bench).

Target (issue: Python close to C++): at least 2,000 appends a second, each
its own transaction, when the writer moves from review to review (200 in
turn: more than the 128 a store keeps in memory, so every append takes its
review up from the file). Each append is a hold or a release of a Solihull
review (the store checks it against the procedure, chains its hash, writes
its projections and its ledger row, and syncs the WAL: synchronous=FULL).
The floor, timed in the same process and interleaved, is Python's sqlite3
inserting one row of the store's event width per transaction into a plain
table of a file with the same pragmas. Medians of rounds of 400 appends.

    .venv/bin/python bench/python_appends.py [--repeat N] [--reviews N]

Files are written in $SCR_BENCH_DIR (build/bench/files). Exit status: 0 if
the target holds, 1 if not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

import libscr
from libscr import Actor, Store

from cli_timing import interleaved_medians

TARGET = 2000.0
ROUND = 400
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
UTC = dt.timezone.utc
PLAIN = """CREATE TABLE events (reference TEXT, sequence INTEGER, kind TEXT, name TEXT, agency TEXT,
  subject TEXT, at_us INTEGER, recorded_at_us INTEGER, actor_name TEXT, actor_role TEXT, actor_agency TEXT,
  payload TEXT, previous_hash TEXT, hash TEXT, PRIMARY KEY (reference, sequence)) WITHOUT ROWID"""


class Writer:
    """Holds and releases in turn across the reviews, one append a call."""

    def __init__(self, path: Path, reviews: int) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.store = Store(str(path))
        self.refs = [f"SCR-{k:04d}" for k in range(reviews)]
        self.at = dt.datetime(2024, 1, 15, 9, tzinfo=UTC)
        for ref in self.refs:
            self.store.open_review("solihull-2011-scr", ref, self.at, CHAIR,
                                   {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC),
                                    "referring_agency": "Police"})
        self.held = [False] * reviews
        self.next = 0

    def append(self) -> None:
        k = self.next
        self.next = (k + 1) % len(self.refs)
        if k == 0:
            self.at += dt.timedelta(minutes=1)
        if self.held[k]:
            self.store.release(self.refs[k], self.at, CHAIR)
        else:
            self.store.hold(self.refs[k], "Criminal proceedings", self.at, CHAIR)
        self.held[k] = not self.held[k]


class Plain:
    """One row of the same width per transaction, with the store's pragmas."""

    def __init__(self, path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute(PLAIN)
        self.n = 0

    def append(self) -> None:
        self.n += 1
        self.db.execute("BEGIN")
        self.db.execute("INSERT INTO events VALUES (?, ?, 'recorded', 'held', '', '', ?, ?, 'A. Patel', "
                        "'lscb_chair', 'Solihull LSCB', '{\"reason\":\"Criminal proceedings\"}', ?, ?)",
                        (f"SCR-{self.n % 200:04d}", self.n, self.n, self.n, "a" * 64, "b" * 64))
        self.db.execute("COMMIT")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help=f"timed rounds of {ROUND} appends each (default 7)")
    ap.add_argument("--reviews", type=int, default=200, help="reviews in rotation (default 200)")
    args = ap.parse_args()
    where = Path(os.environ.get("SCR_BENCH_DIR", "build/bench/files"))
    where.mkdir(parents=True, exist_ok=True)
    ours = Writer(where / "python-appends.db", args.reviews)
    floor = Plain(where / "python-appends-plain.db")

    def rounds(w: Writer | Plain):
        return lambda: [w.append() for _ in range(ROUND)]

    medians = interleaved_medians({"Store.hold/release": rounds(ours), "sqlite3 insert": rounds(floor)},
                                  args.repeat, per=ROUND)
    print(f"libscr {libscr.__version__}, SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}: "
          f"{args.reviews} reviews in turn, one durable append each")
    for name, ms in medians.items():
        print(f"  {name:20} median {ms * 1e3:7.0f} us an append  ({1e3 / ms:,.0f}/s)")
    rate = 1e3 / medians["Store.hold/release"]
    print(f"Store appends: {rate:,.0f}/s (target >= {TARGET:,.0f}/s), "
          f"{medians['Store.hold/release'] / medians['sqlite3 insert']:.1f}x the time of a plain insert")
    ours.store.close()
    if rate < TARGET:
        print(f"FAIL: {rate:,.0f} appends a second is under {TARGET:,.0f}")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
