"""A cold ``scr review hold`` and ``release`` against reviews of 30, 1,000 and
10,000 events, and against ``sqlite3`` inserting the same two rows.

Each timed run is one whole process pair, as a script or an integrator calls
``scr``: ``scr review hold`` then ``scr review release`` on the same review
(two events, two durable transactions). The floor is ``sqlite3`` running two
one-row INSERT transactions into a plain table of the same width in a file
with the store's pragmas (WAL, synchronous FULL). Runs are interleaved and
the medians compared.

Targets (issue: fast from every door): a cold record at most 2x the
``sqlite3`` floor, and flat in the review's length (10,000 events at most
1.25x the cost at 30).

    .venv/bin/python bench/cli_record.py [--scr PATH] [--repeat N]

Files go to $SCR_BENCH_DIR (default build/bench/files). Exit status 0 if the
targets hold, 1 if not.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import libscr
from cli_timing import arguments, interleaved_medians, verdict
from libscr import Actor, Review, Store

LENGTHS = (30, 1_000, 10_000)
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
UTC = dt.timezone.utc


def build(path: Path, events: int) -> None:
    """One Solihull review of `events` events: opened, then held and
    released in turn (the last is a release)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    at = dt.datetime(2020, 1, 6, 9, tzinfo=UTC)
    r = Review.open("solihull-2011-scr", "Child Q", at, CHAIR, {"incident_at": at - dt.timedelta(days=2)})
    for k in range((events - 1) // 2):
        at += dt.timedelta(hours=3)
        r.hold("Criminal proceedings", at, CHAIR)
        at += dt.timedelta(hours=3)
        r.release(at, CHAIR)
    db = Store(str(path))
    history = list(r.history())
    db.open_review("solihull-2011-scr", "Child Q", history[0].at, CHAIR, dict(history[0].data))
    db.append("Child Q", 1, history[1:])


PLAIN = """PRAGMA journal_mode = WAL;
CREATE TABLE events (reference TEXT, sequence INTEGER, kind TEXT, name TEXT, agency TEXT, subject TEXT,
  at_us INTEGER, recorded_at_us INTEGER, actor_name TEXT, actor_role TEXT, actor_agency TEXT, payload TEXT,
  previous_hash TEXT, hash TEXT, PRIMARY KEY (reference, sequence)) WITHOUT ROWID;
"""


def insert_sql(seq: int) -> str:
    h = "a" * 64
    return (f"INSERT INTO events VALUES ('Child Q', {seq}, 'held', '', '', '', {seq}, {seq}, 'A. Patel', "
            f"'lscb_chair', 'Solihull LSCB', '{{\"reason\": \"Criminal proceedings\"}}', '{h}', '{h}');")


def main() -> int:
    args, sqlite3_cmd = arguments(__doc__, 15)
    if sqlite3_cmd is None:
        return 1
    out = Path(os.environ.get("SCR_BENCH_DIR", "build/bench/files"))
    out.mkdir(parents=True, exist_ok=True)
    files = {n: out / f"cli-record-{n}.db" for n in LENGTHS}
    for n, f in files.items():
        build(f, n)
    plain = out / "cli-record-plain.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(plain) + suffix).unlink(missing_ok=True)
    subprocess.run([sqlite3_cmd, str(plain)], input=PLAIN, text=True, check=True, capture_output=True)

    seq = {"plain": 0}

    def scr_pair(f: Path) -> None:
        base = [args.scr, "--db", str(f), "review"]
        who = ["--actor", CHAIR.name, "--role", CHAIR.role]
        subprocess.run(base + ["hold", "Child Q", "--reason", "Inquest"] + who, check=True, capture_output=True)
        subprocess.run(base + ["release", "Child Q"] + who, check=True, capture_output=True)

    def sqlite_pair() -> None:
        for _ in range(2):
            seq["plain"] += 1
            script = "PRAGMA synchronous = FULL;\nBEGIN;\n" + insert_sql(seq["plain"]) + "\nCOMMIT;\n"
            subprocess.run([sqlite3_cmd, str(plain)], input=script, text=True, check=True, capture_output=True)

    runs = {f"scr, {n:,} events": (lambda f=f: scr_pair(f)) for n, f in files.items()}
    runs["sqlite3 floor"] = sqlite_pair
    med = interleaved_medians(runs, args.repeat, per=2)
    print(f"libscr {libscr.__version__}; one event per process, medians of {args.repeat} interleaved runs")
    for k, v in med.items():
        print(f"  {k:22s} {v:7.2f} ms per event")
    floor = med["sqlite3 floor"]
    short, longest = med[f"scr, {LENGTHS[0]:,} events"], med[f"scr, {LENGTHS[-1]:,} events"]
    checks = [
        (f"cold record, {LENGTHS[0]} events, vs sqlite3", short / floor, 2.0),
        (f"cold record, {LENGTHS[-1]:,} events, vs sqlite3", longest / floor, 2.0),
        (f"cold record, {LENGTHS[-1]:,} vs {LENGTHS[0]} events", longest / short, 1.25),
    ]
    return verdict(checks)

if __name__ == "__main__":
    sys.exit(main())
