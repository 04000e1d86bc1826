"""libscr's vectorised add_working_days against numpy.busday_offset (make bench).

Target (the issue): over 1,000,000 dates, Calendar.add_working_days(dates, 5)
is at least as fast as numpy.busday_offset with the same holidays. Both run in
this one process, alternately, so that noise from a shared machine hits both;
the verdict is the ratio of the medians.

    .venv/bin/python bench/calendar_vectorised.py [--repeat N] [--size N]

Exit status: 0 if libscr is at least as fast as numpy, 1 if it is slower,
2 if the two disagree on a result (then nothing is timed).

Semantics. numpy.busday_offset(d, n, roll='forward') first rolls a
non-working d forward to the next working day w and counts w as day 0, so it
gives the n-th working day after w. libscr never counts the anchor: for a
non-working d, day 1 is w. The two agree on every anchor that is a working
day, which is where the results are checked; on the other anchors libscr's
add_working_days(d, n) equals numpy's busday_offset(d, n - 1, roll='forward'),
which is checked too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import timeit

import numpy as np

import libscr
from libscr import Calendar

SEED = 20240115
FIRST = np.datetime64("2000-01-01", "D")
LAST = np.datetime64("2030-12-31", "D")
N = 5


def random_dates(size: int) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    lo = FIRST.astype(np.int64)
    hi = LAST.astype(np.int64)
    return rng.integers(lo, hi, size=size, endpoint=True).astype("datetime64[D]")


def holidays_for(cal: Calendar, first_year: int, last_year: int) -> np.ndarray:
    days = [h.date for y in range(first_year, last_year + 1) for h in cal.holidays(y)]
    return np.array(days, dtype="datetime64[D]")


def check(cal: Calendar, bdc: np.busdaycalendar, dates: np.ndarray) -> list[str]:
    """Disagreements between libscr and numpy, as messages (empty if none)."""
    problems = []
    ours = cal.add_working_days(dates, N)
    working = np.is_busday(dates, busdaycal=bdc)

    theirs = np.busday_offset(dates, N, roll="forward", busdaycal=bdc)
    bad = working & (ours != theirs)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        problems.append(
            f"{int(bad.sum())} working-day anchors differ, first {dates[k]}: "
            f"libscr {ours[k]}, numpy {theirs[k]}"
        )

    # Non-working anchors: numpy counts the rolled-to day as day 0.
    theirs_off = np.busday_offset(dates, N - 1, roll="forward", busdaycal=bdc)
    bad = ~working & (ours != theirs_off)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        problems.append(
            f"{int(bad.sum())} non-working anchors differ, first {dates[k]}: "
            f"libscr {ours[k]}, numpy (n - 1) {theirs_off[k]}"
        )

    # Backwards from working days: roll does not matter there.
    ours_back = cal.add_working_days(dates, -N)
    theirs_back = np.busday_offset(dates, -N, roll="backward", busdaycal=bdc)
    bad = working & (ours_back != theirs_back)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        problems.append(
            f"{int(bad.sum())} working-day anchors differ for n = -{N}, first {dates[k]}: "
            f"libscr {ours_back[k]}, numpy {theirs_back[k]}"
        )

    # The scalar call agrees with the vectorised one.
    for k in range(0, len(dates), max(1, len(dates) // 1000)):
        d = dates[k].astype(dt.date)
        if np.datetime64(cal.add_working_days(d, N), "D") != ours[k]:
            problems.append(f"scalar and vectorised calls differ at {d}")
            break
    return problems


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def arguments(doc: str) -> argparse.Namespace:
    """--repeat and --size, shared with calendar_due_vectorised.py."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="timed runs of each (default 15)")
    ap.add_argument("--size", type=int, default=1_000_000, help="dates per call (default 1e6)")
    return ap.parse_args()


def main() -> int:
    args = arguments(__doc__)

    cal = Calendar.england_and_wales()
    dates = random_dates(args.size)
    # Results reach a few days past 2030 (and before 2000 for n < 0).
    hol = holidays_for(cal, 1999, 2031)
    bdc = np.busdaycalendar(weekmask="1111100", holidays=hol)
    steps = np.full(dates.shape, N, dtype=np.int64)

    print(f"libscr {libscr.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    print(f"{args.size:,} random dates {FIRST} to {LAST} (seed {SEED}), n = {N}, "
          f"{len(hol)} England and Wales bank holidays 1999-2031")

    problems = check(cal, bdc, dates)
    if problems:
        print("FAIL: libscr and numpy.busday_offset disagree:")
        for p in problems:
            print("  " + p)
        return 2
    print("results agree with numpy.busday_offset (working-day anchors; "
          "non-working anchors with n - 1; n = -5 backwards)")

    runs = {
        "numpy.busday_offset": lambda: np.busday_offset(dates, N, roll="forward", busdaycal=bdc),
        "libscr add_working_days": lambda: cal.add_working_days(dates, N),
        "libscr, n as an array": lambda: cal.add_working_days(dates, steps),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for fn in runs.values():  # warm up: page in, first allocations
        fn()
    names = list(runs)
    for r in range(args.repeat):
        # Interleaved, and the order alternates so neither always goes first.
        for name in names if r % 2 == 0 else reversed(names):
            times[name].append(timed(runs[name]))

    # Per-call overhead of the scalar Python call, for information.
    d0 = dt.date(2024, 1, 15)
    calls = 20_000
    scalar = min(timeit.repeat(lambda: cal.add_working_days(d0, N), number=calls, repeat=5)) / calls
    d0_np = np.datetime64(d0, "D")
    np_scalar = min(timeit.repeat(
        lambda: np.busday_offset(d0_np, N, roll="forward", busdaycal=bdc), number=calls, repeat=5
    )) / calls

    print()
    print(f"{args.repeat} interleaved runs of each, times in ms for {args.size:,} dates")
    print(f"{'':26} {'median':>9} {'min':>9} {'M dates/s':>10}  (from the median)")
    for name in names:
        med = statistics.median(times[name])
        print(f"{name:26} {med * 1e3:9.2f} {min(times[name]) * 1e3:9.2f} "
              f"{args.size / med / 1e6:10.1f}")

    np_med = statistics.median(times["numpy.busday_offset"])
    ours_med = statistics.median(times["libscr add_working_days"])
    ratio = np_med / ours_med
    ratio_min = min(times["numpy.busday_offset"]) / min(times["libscr add_working_days"])
    print()
    print(f"scalar call, one date (information): libscr cal.add_working_days(date, {N}) "
          f"{scalar * 1e9:.0f} ns; numpy.busday_offset(datetime64, {N}) {np_scalar * 1e9:.0f} ns")
    print()
    print(f"libscr is {ratio:.1f}x numpy (ratio of medians, numpy / libscr; "
          f"ratio of minimums {ratio_min:.1f}x)")
    if ratio < 1.0:
        print("FAIL: the vectorised call is slower than numpy.busday_offset "
              "(target: at least as fast)")
        return 1
    print("PASS: the vectorised call is at least as fast as numpy.busday_offset")
    return 0


if __name__ == "__main__":
    sys.exit(main())
