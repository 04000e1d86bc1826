"""Summarise pg_bench's JSON output: the store on PostgreSQL beside libpq alone.

Prints each figure's median next to its floor from the same run, the ratio,
and the target; exits 1 if a target is missed.

    python bench/summarise_pg.py build/bench/pg_bench.json

Targets (docs/performance.md, "The store on PostgreSQL"):
  * overdue over 100,000 reviews: at most 1.5 times the same SELECT through
    libpq, every column read;
  * single durable appends, one writer: at least 500 a second (each append is
    a dozen statements, each a round trip, and a commit the server syncs);
  * 16 writers over distinct reviews: at least what one writer does (the
    writers' turns are short enough that more writers never mean fewer
    appends);
  * 16 writers all on one review: at least 100 appends a second (a writer
    that loses the race is refused before it takes the review up).
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)["benchmarks"]
    errors = [b["run_name"] for b in runs if b.get("error_occurred")]
    if errors:
        print("benchmarks that could not run: " + ", ".join(sorted(set(errors))))
        return 1
    m = {b["run_name"]: b for b in runs if b.get("aggregate_name") == "median"}

    def rate(name: str) -> float:
        if name not in m:
            raise SystemExit(f"no median for {name} in the benchmark output")
        return float(m[name]["items_per_second"])

    def ms(name: str) -> float:
        b = m[name]
        return float(b["real_time"]) * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]

    def append(w: int, same: int) -> str:
        return f"BM_PgStoreAppend/writers:{w}/same:{same}/iterations:1/real_time"

    def insert(w: int) -> str:
        return f"BM_PgInsert/writers:{w}/iterations:1/real_time"

    missed = []
    print("The store on PostgreSQL, beside libpq alone (medians of one run)")
    print(f"{'figure':<44}{'store':>12}{'floor':>14}{'ratio':>8}  target")
    for w in (1, 4, 16):
        for same in (0, 1):
            if w == 1 and same == 1:
                continue
            s, f = rate(append(w, same)), rate(insert(w))
            what = f"appends/s, {w} writer{'s' if w > 1 else ''}, {'one review' if same else 'own reviews'}"
            target = ""
            if w == 1:
                target = ">= 500/s"
                if s < 500:
                    missed.append(what)
            elif w == 16 and same == 0:
                target = ">= 1 writer's"
                if s < rate(append(1, 0)):
                    missed.append(what)
            elif w == 16 and same == 1:
                target = ">= 100/s"
                if s < 100:
                    missed.append(what)
            print(f"{what:<44}{s:>12,.0f}{f:>14,.0f}{f / s:>7.1f}x  {target}")
    store, floor = ms("BM_PgStoreOverdue/reviews:100000"), ms("BM_PgOverdueRows/reviews:100000")
    ratio = store / floor
    print(f"{'overdue, 100,000 reviews (ms)':<44}{store:>12.1f}{floor:>14.1f}{ratio:>7.2f}x  <= 1.5x")
    if ratio > 1.5:
        missed.append("overdue over 100,000 reviews")
    if missed:
        print("missed: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
