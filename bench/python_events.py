"""Review.from_events from Python Event objects against the same events
already compiled (make bench).

Target (issue: Python close to C++): rebuilding a 10,000-event review from
Python ``Event`` objects (as ``Review.history()`` gives them) in under 10 ms.
The review is a Solihull SCR whose panel holds and releases it 5,000 times
(10,001 events). The peer, timed in the same process and interleaved, is the
compiled call on events already converted (``_core.Review.from_events`` on
``_core.ReviewEvent`` objects): the replay alone, no conversion.

    .venv/bin/python bench/python_events.py [--repeat N] [--events N]

Exit status: 0 if the median is under 10 ms, 1 if not, 2 if the two rebuilt
reviews differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

import libscr
from libscr import Actor, Review
from libscr import _core

from cli_timing import interleaved_medians

TARGET_MS = 10.0
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
UTC = dt.timezone.utc


def held_review(pairs: int) -> Review:
    r = Review.open("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=UTC), CHAIR,
                    {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC), "referring_agency": "Police"})
    t = dt.datetime(2024, 1, 16, 9, tzinfo=UTC)
    step = dt.timedelta(minutes=30)
    for _ in range(pairs):
        r.hold("Criminal proceedings", t, CHAIR)
        t += step
        r.release(t, CHAIR)
        t += step
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=11, help="timed runs of each (default 11)")
    ap.add_argument("--events", type=int, default=10_000, help="events after the opening one (default 10,000)")
    args = ap.parse_args()
    r = held_review(args.events // 2)
    events = r.history()
    compiled = [e._to_core() for e in events]
    procedure = r.procedure
    cal = _core.Calendar.england_and_wales()
    ours = Review.from_events(procedure, events)
    peer = _core.Review.from_events(procedure._core, cal, compiled)
    if ours.history() != events or len(peer.history()) != len(events):
        print("FAIL: the rebuilt reviews differ from the history")
        return 2
    runs = {
        "Review.from_events": lambda: Review.from_events(procedure, events),
        "compiled events": lambda: _core.Review.from_events(procedure._core, cal, compiled),
    }
    medians = interleaved_medians(runs, args.repeat)
    print(f"libscr {libscr.__version__}, Python {sys.version.split()[0]}: "
          f"a Solihull review of {len(events):,} events (holds and releases)")
    for name, median in medians.items():
        print(f"  {name:20} median {median:7.2f} ms")
    mine = medians["Review.from_events"]
    floor = medians["compiled events"]
    print(f"Review.from_events: {mine:.2f} ms (target < {TARGET_MS:.0f}), {mine / floor:.2f}x the compiled events;"
          f" conversion {(mine - floor) / len(events) * 1e3:.2f} us an event")
    if mine >= TARGET_MS:
        print(f"FAIL: {mine:.2f} ms is not under {TARGET_MS:.0f} ms")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
