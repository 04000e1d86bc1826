"""Summarise store_bench's JSON output against the store's targets.

Prints each target's median next to its baseline from the same run, and
exits 1 if a target is missed.

    python bench/summarise_store.py build/bench/store_bench.json
"""

from __future__ import annotations

import json
import sys


def medians(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        benchmarks = json.load(f)["benchmarks"]
    return {b["run_name"]: b for b in benchmarks if b.get("aggregate_name") == "median"}


def main(path: str) -> int:
    m = medians(path)

    def get(name: str) -> dict:
        if name not in m:
            raise SystemExit(f"no median for {name} in the benchmark output")
        return m[name]

    def ms(name: str) -> float:
        b = get(name)
        scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
        return float(b["real_time"]) * scale

    def rate(name: str) -> float:
        return float(get(name)["items_per_second"])

    rows = [
        # (what, measured, unit, target, target is a minimum, baseline text)
        ("batched appends, 100 a batch", rate("BM_StoreAppendBatch/batch:100"), "events/s", 50_000, True,
         f"SQLite rows alone {rate('BM_SqliteInsertBatch/batch:100'):,.0f}/s"),
        ("batched appends, 1,000 a batch", rate("BM_StoreAppendBatch/batch:1000"), "events/s", 50_000, True,
         f"SQLite rows alone {rate('BM_SqliteInsertBatch/batch:1000'):,.0f}/s"),
        ("single durable appends", rate("BM_StoreRecordSingle/iterations:2000"), "appends/s", 2_000, True,
         f"one SQLite row per transaction {rate('BM_SqliteInsertSingle/iterations:2000'):,.0f}/s"),
        ("load a 1,000-event review", ms("BM_StoreLoad/events:1000"), "ms", 5.0, False,
         f"rebuilt from memory {ms('BM_FromEventsInMemory/events:1000'):.2f} ms"),
        ("overdue over 100,000 reviews", ms("BM_StoreOverdue/reviews:100000"), "ms", 100.0, False,
         f"SQLite alone {ms('BM_SqliteOverdueRows/reviews:100000'):.1f} ms"),
    ]
    def cpu_us(name: str) -> float:
        b = get(name)
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b["time_unit"]]
        return float(b["cpu_time"]) * scale

    # Flat appends: the cost of one durable append (CPU time: the fsync each
    # commit waits for is the same at any length) against the same append to
    # a short review, or to a review the writer keeps in memory, in this run.
    # Target: at most 1.25 times.
    flat = [
        ("append, cached, 1,000 vs 30 events", "BM_StoreAppendCached/events:1000/iterations:400",
         "BM_StoreAppendCached/events:30/iterations:400"),
        ("append, cached, 10,000 vs 30 events", "BM_StoreAppendCached/events:10000/iterations:400",
         "BM_StoreAppendCached/events:30/iterations:400"),
        ("append, new store, 1,000 vs 30 events", "BM_StoreAppendCold/events:1000/iterations:400",
         "BM_StoreAppendCold/events:30/iterations:400"),
        ("append, new store, 10,000 vs 30 events", "BM_StoreAppendCold/events:10000/iterations:400",
         "BM_StoreAppendCold/events:30/iterations:400"),
        ("append, 129 vs 10 reviews in turn", "BM_StoreAppendRotation/reviews:129/iterations:400",
         "BM_StoreAppendRotation/reviews:10/iterations:400"),
        ("append, 1,000 vs 10 reviews in turn", "BM_StoreAppendRotation/reviews:1000/iterations:400",
         "BM_StoreAppendRotation/reviews:10/iterations:400"),
    ]
    for what, name, floor in flat:
        ratio = cpu_us(name) / cpu_us(floor)
        rows.append((what, ratio, "x", 1.25, False, f"{cpu_us(name):,.0f} us against {cpu_us(floor):,.0f} us CPU"))

    # Information, not targets: what a miss costs (the same reviews in turn,
    # taken up from the file each time against all kept in memory; beyond
    # the entries that keep projections, read back too), and what
    # SQLite's own work grows by when the writes go round more of the file
    # (all kept, against 10 reviews in turn).
    info = []
    ten = cpu_us("BM_StoreAppendRotation/reviews:10/iterations:400")
    for n in ("129", "1000"):
        missed = cpu_us(f"BM_StoreAppendRotation/reviews:{n}/iterations:400")
        kept = cpu_us(f"BM_StoreAppendRotationKept/reviews:{n}/iterations:400")
        info.append(f"  {int(n):,} reviews in turn: taken up each time {missed:,.0f} us, all kept in memory "
                    f"{kept:,.0f} us ({missed / kept:.2f}x: the miss), 10 in turn {ten:,.0f} us "
                    f"({kept / ten:.2f}x: the file's pages)")

    beyond = cpu_us("BM_StoreAppendRotationBeyond/reviews:1000/iterations:400")
    info.append(f"  1,000 reviews in turn, a writer keeping 16 in full and 128 by their projections "
                f"(the projections read back too): {beyond:,.0f} us ({beyond / ten:.2f}x 10 in turn)")

    # The monthly report from the projections, against SQLite reading the
    # same rows, at each size: at most 2 times.
    for n in ("1000", "10000", "100000"):
        mine, floor = ms(f"BM_StoreMonthly/reviews:{n}"), ms(f"BM_SqliteMonthlyRows/reviews:{n}")
        rows.append((f"monthly report, {int(n):,} reviews", mine / floor, "x", 2.0, False,
                     f"{mine:.2f} ms against SQLite alone {floor:.2f} ms"))

    # Information, not a target: a new store object (as every `scr` command
    # makes) against an append to a review already in memory. Opening SQLite,
    # reading its schema and preparing statements cannot come near an append
    # in memory; the target for a cold process is a whole `scr` command
    # against a bare `sqlite3` insert (bench/cli_record.py, at most 2x).
    cold = cpu_us("BM_StoreAppendCold/events:30/iterations:400")
    warm = cpu_us("BM_StoreAppendCached/events:30/iterations:400")
    info.append(f"  a new store object each append, 30 events: {cold:,.0f} us against {warm:,.0f} us cached "
                f"({cold / warm:.2f}x; the cold target is bench/cli_record.py's)")

    print()
    print("Appends in rotation and from a new store, CPU time (information):")
    for line in info:
        print(line)
    print()
    print("Store targets, medians of the repetitions above:")
    failed = False
    for what, value, unit, target, minimum, baseline in rows:
        ok = value >= target if minimum else value <= target
        failed = failed or not ok
        ratio = value / target if minimum else target / value
        shown = f"{value:,.0f} {unit}" if minimum else f"{value:.2f} {unit}"
        if unit == "x":
            ratio = target / value
        print(f"  {what:32s} {shown:>18s}  {ratio:5.1f}x the target  ({baseline})  {'ok' if ok else 'MISSED'}")
    if failed:
        print("FAIL: a store target is missed")
        return 1
    print("PASS: every store target holds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
