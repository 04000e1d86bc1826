"""What the benchmarks share: the whole-command ones (cli_record.py,
cli_monthly.py, cli_overdue.py) their arguments and the sqlite3 command they
compare with; all of them interleaved timing with medians."""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from typing import Callable


def arguments(doc: str, repeat: int) -> tuple[argparse.Namespace, str | None]:
    """--scr and --repeat, and the sqlite3 command (None, with a message
    printed, when it is missing)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--scr", default=shutil.which("scr") or "scr", help="the scr command")
    ap.add_argument("--repeat", type=int, default=repeat, help=f"timed runs of each (default {repeat})")
    args = ap.parse_args()
    sqlite3_cmd = shutil.which("sqlite3")
    if sqlite3_cmd is None:
        print("FAIL: the sqlite3 command is missing (apt-get install sqlite3)")
    return args, sqlite3_cmd


def interleaved_medians(runs: dict[str, Callable[[], object]], repeat: int, per: int = 1) -> dict[str, float]:
    """One untimed run of each, then `repeat` rounds running each in turn;
    the median of each in milliseconds (divided by `per`). What a run returns
    is freed after its time is taken."""
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            t = time.perf_counter()
            result = run()  # freed after the clock is read: the call is timed, not the freeing
            times[name].append((time.perf_counter() - t) * 1e3 / per)
            del result
    return {k: statistics.median(v) for k, v in times.items()}


def verdict(checks: list[tuple[str, float, float]]) -> int:
    """Prints each (what, ratio, target) against its target (at most), then
    PASS or FAIL; returns the exit status (1 if a target is missed)."""
    failed = False
    for what, ratio, target in checks:
        ok = ratio <= target
        failed = failed or not ok
        print(f"  {what:44s} {ratio:5.2f}x (target <= {target}x)  {'ok' if ok else 'MISSED'}")
    print("FAIL: a target is missed" if failed else "PASS: every target holds")
    return 1 if failed else 0
