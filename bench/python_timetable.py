"""Review.timetable from Python against the compiled call it wraps (make bench).

Target (issue: Python close to C++): a typical review's timetable in Python in
under 50 microseconds. The review is a Solihull SCR a month after its
decision, its terms of reference approved (16 rows as of 1 March 2024). The
peer, timed in the same process and interleaved, is the compiled call alone
(``Review._core.timetable``), which builds the rows without converting them to
Python.

    .venv/bin/python bench/python_timetable.py [--repeat N]

Exit status: 0 if the median is under 50 us, 1 if not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import timeit
from zoneinfo import ZoneInfo

import libscr
from libscr import Actor, Review

LONDON = ZoneInfo("Europe/London")
TARGET_US = 50.0
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
ADMIN = Actor("R. Jones", "administrator", "Solihull LSCB")
MANAGER = Actor("L. Green", "business_manager", "Solihull LSCB")
NOMINATED = Actor("K. Brown", "nominated_panel_member", "Solihull LSCB")


def at(m: int, d: int, hh: int = 10) -> dt.datetime:
    return dt.datetime(2024, m, d, hh, tzinfo=LONDON)


def typical_review() -> Review:
    r = Review.open("solihull-2011-scr", "Child Q", at(1, 15, 9), CHAIR,
                    {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=dt.timezone.utc),
                     "referring_agency": "Police"})
    for agency in ("Police", "Health"):
        r.record("agency_letter_sent", at(1, 16, 11), CHAIR, {"agency": agency})
    r.discharge("incident_notice", at(1, 17), ADMIN, "Emailed Ofsted and the DfE")
    r.record("involvement_confirmed", at(1, 18), MANAGER, {"records_secured": True}, "Police")
    r.record("panel_convened", at(1, 19), CHAIR)
    r.record("nil_return_received", at(1, 22), MANAGER, agency="Health")
    r.record("panel_recommended", at(1, 29), CHAIR, {"recommendation": "scr"})
    r.record("decision_made", at(2, 1), CHAIR, {"outcome": "scr", "reasons": "The criteria are met"})
    r.discharge("decision_notice", at(2, 2), NOMINATED)
    r.record("independents_appointed", at(2, 5), CHAIR)
    r.record("terms_of_reference_approved", at(2, 6), CHAIR)
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="timed runs of each (default 15)")
    args = ap.parse_args()
    r = typical_review()
    day = dt.date(2024, 3, 1)
    rows = len(r.timetable(day))
    calls = 2000
    runs = {"Review.timetable": lambda: r.timetable(day), "compiled call alone": lambda: r._core.timetable(day)}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for k in range(args.repeat):
        for name in runs if k % 2 == 0 else reversed(list(runs)):
            times[name].append(timeit.timeit(runs[name], number=calls) / calls * 1e6)
    print(f"libscr {libscr.__version__}, Python {sys.version.split()[0]}: a Solihull review, {rows} timetable rows")
    for name, ts in times.items():
        print(f"  {name:22} median {statistics.median(ts):7.1f} us  (min {min(ts):.1f})")
    ours = statistics.median(times["Review.timetable"])
    peer = statistics.median(times["compiled call alone"])
    print(f"Review.timetable is {ours / peer:.1f}x the compiled call; target under {TARGET_US:.0f} us")
    if ours >= TARGET_US:
        print("FAIL: Review.timetable takes 50 us or more")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
