"""A year of Solihull reviews, analysed with pandas: compliance and workload.

    python examples/analyst_year.py

It builds a temporary store of 26 reviews under the built-in pack
"solihull-2011-scr", loaded in one call from a tracking table (the bulk-load
form of docs/bulk-load.md) made here: a referral every other Monday from 8
January 2024, each review's steps in the order the tracker in
tests/data/bulk-load/tracker.csv has them. The decision is due one month
after the referral (001:392, 001:851); every fourth review is decided 40
days after it (late), the others after 17 days (on time). Nothing after 31
December 2024 has happened yet, so the last reviews are still waiting.

Then, with pandas:

1. decisions within the statutory time, by the month they were made;
2. overdue items at the end of the year, by agency (the review's own items
   have no agency) and by owner, and by the state of their review;
3. events recorded, per person and month (the workload).

It needs pandas (``pip install "libscr[pandas]"``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import pandas as pd

from libscr import Store

PACK = "solihull-2011-scr"
FIRST_REFERRAL = dt.date(2024, 1, 8)  # a Monday
REVIEWS = 26
YEAR_END = dt.date(2024, 12, 31)
AGENCIES = ("Police", "Health", "Social Care")

CHAIR = ("A. Patel", "lscb_chair", "Solihull LSCB")
MANAGER = ("L. Green", "business_manager", "Solihull LSCB")
PANEL_CHAIRS = (("J. Smith", "panel_chair", "Independent"), ("M. Khan", "panel_chair", "Independent"))

COLUMNS = ["Reference", "Procedure", "Event", "Occurred at", "Actor", "Role", "Actor agency", "Agency",
           "incident_at", "referring_agency", "data: agency", "records_secured", "recommendation", "outcome",
           "reasons", "author_named_by", "briefing_on", "imr_due_on"]


def decision_delay(k: int) -> int:
    """Days from the referral of review ``k`` (0, 1, ...) to its decision."""
    return 40 if k % 4 == 3 else 17


def when(day: dt.date) -> str:
    """A step's time as the tracker writes it: 09:00 on the day."""
    return f"{day:%d/%m/%Y} 09:00"


def tracker() -> bytes:
    """The year's tracking table as CSV: one row a step, in date order."""
    rows: list[dict[str, str]] = []
    for k in range(REVIEWS):
        reference = f"Child {k + 1:02d}"
        agency = AGENCIES[k % len(AGENCIES)]
        panel_chair = PANEL_CHAIRS[k % len(PANEL_CHAIRS)]
        referred = FIRST_REFERRAL + dt.timedelta(days=14 * k)
        decided = referred + dt.timedelta(days=decision_delay(k))
        commissioned = decided + dt.timedelta(days=7)

        def step(day: dt.date, event: str, actor: tuple[str, str, str], **data: str) -> None:
            if day > YEAR_END:
                return
            row = dict.fromkeys(COLUMNS, "")
            row.update({"Reference": reference, "Event": event, "Occurred at": when(day), "Actor": actor[0],
                        "Role": actor[1], "Actor agency": actor[2]})
            row.update({key.replace("data_agency", "data: agency"): value for key, value in data.items()})
            rows.append(row)

        step(referred, "referral_received", CHAIR, Procedure=PACK, referring_agency=agency,
             incident_at=when(referred - dt.timedelta(days=2)))
        step(referred + dt.timedelta(days=1), "agency_letter_sent", CHAIR, data_agency=agency)
        step(referred + dt.timedelta(days=3), "involvement_confirmed", MANAGER, Agency=agency, records_secured="yes")
        step(referred + dt.timedelta(days=4), "panel_convened", CHAIR)
        step(decided - dt.timedelta(days=3), "panel_recommended", CHAIR, recommendation="scr")
        step(decided, "decision_made", CHAIR, outcome="scr", reasons="Criteria met: serious harm")
        step(decided + dt.timedelta(days=4), "independents_appointed", CHAIR)
        step(decided + dt.timedelta(days=5), "terms_of_reference_approved", CHAIR)
        step(commissioned, "imr_commissioned", panel_chair, data_agency=agency,
             author_named_by=f"{commissioned + dt.timedelta(days=7):%d/%m/%Y}",
             briefing_on=f"{commissioned + dt.timedelta(days=14):%d/%m/%Y}",
             imr_due_on=f"{commissioned + dt.timedelta(days=82):%d/%m/%Y}")
        step(commissioned + dt.timedelta(days=1), "family_notified", panel_chair)
    rows.sort(key=lambda r: dt.datetime.strptime(r["Occurred at"], "%d/%m/%Y %H:%M"))  # stable: a review's order kept
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def decisions_by_month(db: Store) -> pd.DataFrame:
    """Decisions made in the year, by month: how many, how many within the
    statutory month, and the share."""
    rows = db.compliance(dt.date(2024, 1, 1), YEAR_END, by="decided").to_pandas()
    decided = rows[(rows["headline"] == "decision") & rows["completed_on"].notna()]
    month = decided["completed_on"].dt.to_period("M").rename("month")
    table = decided.groupby(month).agg(decided=("reference", "size"), on_time=("on_time", "sum"))
    table["late"] = table["decided"] - table["on_time"]
    table["on_time_%"] = (100 * table["on_time"] / table["decided"]).round().astype(int)
    return table


def overdue_by_agency_and_owner(db: Store, as_of: dt.date) -> pd.DataFrame:
    """Overdue items as of a day: a row per agency (the review's own items
    under "(review)"), a column per owner, and totals."""
    items = db.overdue(as_of).to_pandas()
    items["agency"] = items["agency"].fillna("(review)")
    return pd.crosstab(items["agency"], items["owner"], margins=True, margins_name="total")


def events_per_actor_and_month(db: Store) -> pd.DataFrame:
    """Events recorded per person (rows) and month of the event (columns)."""
    events = db.events().to_pandas()
    month = events["at"].dt.tz_convert("Europe/London").dt.tz_localize(None).dt.to_period("M")
    return pd.crosstab(events["by_name"], month.rename("month"), margins=True, margins_name="total")


def main() -> int:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "year.db") as db:
            load = db.load_steps(tracker())
            if load.refused:
                for r in load.reviews:
                    if not r.loaded:
                        print(f"refused {r.reference}: {r.error}")
                return 1
            print(f"Loaded {load.loaded} reviews ({sum(r.events_after for r in load.reviews)} events) "
                  f"under {PACK}")
            print()

            decisions = decisions_by_month(db)
            decided, on_time = int(decisions["decided"].sum()), int(decisions["on_time"].sum())
            print(f"Decisions made in 2024: {decided}, {on_time} within the statutory month "
                  f"({100 * on_time / decided:.0f}%)")
            print(decisions.to_string())
            print()

            overdue = db.overdue(YEAR_END)
            late = [f"{i.reference} ({i.days_late} days)" for i in overdue if i.item == "decision"]
            print(f"Overdue on {YEAR_END}: {len(overdue)} items in {len({i.reference for i in overdue})} reviews; "
                  f"decisions overdue: {', '.join(late) or 'none'}")
            print(overdue_by_agency_and_owner(db, YEAR_END).to_string())
            by_state = overdue.to_pandas().groupby("state").size()
            print("by the review's state: " + ", ".join(f"{state} {n}" for state, n in by_state.items()))
            print()

            print("Events per person and month")
            print(events_per_actor_and_month(db).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
