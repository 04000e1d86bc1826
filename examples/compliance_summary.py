"""A compliance summary across every review in a database, for an annual report.

    python examples/compliance_summary.py reviews.db [FROM TO]

With no database it first builds a small one in memory: four Solihull
reviews referred in 2023 (Child A decided in time; Child B a week late, its
six months then extended by the LSCB; Child C decided not to be held; Child D
still awaiting its decision at the end of the year). Solihull's decision is
due one month after the referral (001:392, 001:851) and the review six months
after the decision (001:216).
"""

from __future__ import annotations

import datetime as dt
import sys

from libscr import Actor, Store, reports

UTC = dt.timezone.utc


def at(y: int, m: int, d: int, hh: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hh, tzinfo=UTC)


def example_store() -> Store:
    db = Store.in_memory()
    chair = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
    lscb = Actor("Solihull LSCB", "lscb", "Solihull LSCB")
    referrals = {"Child A": at(2023, 5, 2), "Child B": at(2023, 6, 5), "Child C": at(2023, 7, 10),
                 "Child D": at(2023, 11, 20)}
    decisions = {"Child A": (at(2023, 5, 30), "scr"), "Child B": (at(2023, 7, 12), "scr"),
                 "Child C": (at(2023, 8, 1), "no_review")}
    for ref, referred in referrals.items():
        db.open_review("solihull-2011-scr", ref, referred, chair, {"incident_at": referred - dt.timedelta(days=2)})
        db.record(ref, "panel_convened", referred + dt.timedelta(days=4), chair)
        if ref in decisions:
            decided, outcome = decisions[ref]
            db.record(ref, "panel_recommended", decided - dt.timedelta(days=1), chair, {"recommendation": outcome})
            db.record(ref, "decision_made", decided, chair, {"outcome": outcome, "reasons": "Panel recommendation"})
    db.extend("Child B", "completion", dt.date(2024, 3, 29), "Criminal trial", at(2023, 12, 1), lscb)
    return db


def main(argv: list[str]) -> int:
    db = Store(argv[1]) if len(argv) > 1 else example_store()
    start = dt.date.fromisoformat(argv[2]) if len(argv) > 2 else dt.date(2023, 1, 1)
    end = dt.date.fromisoformat(argv[3]) if len(argv) > 3 else dt.date(2023, 12, 31)
    rows = reports.compliance(db, start, end)
    reviews = len({r.reference for r in rows})
    print(f"Compliance of the {reviews} reviews opened {start} to {end} ({db.path})")
    for t in reports.compliance_totals(db, start, end):
        rate = "-" if t.on_time_rate is None else f"{t.on_time_rate:.0%}"
        print(f"{t.headline:<11} {t.reviews} reviews  {t.completed} completed  {t.on_time} on time ({rate})  "
              f"{t.late} late  {t.open} open  {t.extended} extended")
    print()
    print("Not on time:")
    for r in rows:
        if r.completed_on is not None and not r.on_time:
            print(f"  {r.reference}  {r.headline} due {r.due}, done {r.completed_on}: late by {r.days_late} days")
    try:
        import pandas  # noqa: F401
    except ImportError:
        return 0
    df = rows.to_pandas()
    df["month"] = df["due"].dt.to_period("M")
    print()
    print("Due by month (pandas):")
    print(df.pivot_table(index="month", columns="headline", values="reference", aggfunc="count", fill_value=0)
          .to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
