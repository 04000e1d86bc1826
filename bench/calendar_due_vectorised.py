"""libscr's vectorised Calendar.due against pandas DateOffset (make bench).

Target (issue: Python close to C++): over 1,000,000 dates, ``due(dates,
"6 months")`` is at least as fast as pandas adding ``DateOffset(months=6)``
to a DatetimeIndex (the same corresponding-date rule: 31 August + 6 months is
28 or 29 February). Years are timed against ``DateOffset(years=N)`` and days
against NumPy's own ``dates + timedelta64`` for information. Both sides run
in this one process, interleaved, so that noise from a shared machine hits
both; the verdict is the ratio of the medians. Results are checked equal
before anything is timed.

    .venv/bin/python bench/calendar_due_vectorised.py [--repeat N] [--size N]

Exit status: 0 if libscr is at least as fast as pandas for months, 1 if it is
slower, 2 if the two disagree on a result.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pandas as pd

import libscr
from calendar_vectorised import FIRST, LAST, SEED, arguments, random_dates
from libscr import Calendar


def main() -> int:
    args = arguments(__doc__)

    cal = Calendar.england_and_wales()
    dates = random_dates(args.size)
    index = pd.DatetimeIndex(dates)
    print(f"libscr {libscr.__version__}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}")
    print(f"{args.size:,} random dates {FIRST} to {LAST} (seed {SEED})")

    pairs = {
        "6 months": (lambda: cal.due(dates, "6 months"), lambda: (index + pd.DateOffset(months=6)).values),
        "2 years": (lambda: cal.due(dates, "2 years"), lambda: (index + pd.DateOffset(years=2)).values),
        "15 days": (lambda: cal.due(dates, "15 days"), lambda: dates + np.timedelta64(15, "D")),
    }
    for name, (ours, theirs) in pairs.items():
        a = ours()
        b = theirs().astype("datetime64[D]")
        if not (a == b).all():
            k = int(np.flatnonzero(a != b)[0])
            print(f"FAIL: {name}: libscr and the peer disagree, first at {dates[k]}: {a[k]} vs {b[k]}")
            return 2
    print("results agree with pandas DateOffset (months, years) and numpy (days)")

    runs: dict[str, object] = {}
    for name, (ours, theirs) in pairs.items():
        runs[f"libscr due {name}"] = ours
        runs[f"{'pandas' if 'days' not in name else 'numpy'} + {name}"] = theirs
    times: dict[str, list[float]] = {name: [] for name in runs}
    for fn in runs.values():
        fn()  # type: ignore[operator]
    names = list(runs)
    for r in range(args.repeat):
        for name in names if r % 2 == 0 else reversed(names):
            t0 = time.perf_counter()
            runs[name]()  # type: ignore[operator]
            times[name].append(time.perf_counter() - t0)

    print()
    print(f"{args.repeat} interleaved runs of each, for {args.size:,} dates")
    print(f"{'':24} {'median ms':>10} {'ns/date':>8}")
    for name in names:
        med = statistics.median(times[name])
        print(f"{name:24} {med * 1e3:10.2f} {med / args.size * 1e9:8.1f}")

    ratio = statistics.median(times["pandas + 6 months"]) / statistics.median(times["libscr due 6 months"])
    print()
    print(f"months: libscr is {ratio:.1f}x pandas DateOffset (ratio of medians, pandas / libscr)")
    if ratio < 1.0:
        print("FAIL: due over an array is slower than pandas DateOffset (target: at least as fast)")
        return 1
    print("PASS: due over an array is at least as fast as pandas DateOffset")
    return 0


if __name__ == "__main__":
    sys.exit(main())
