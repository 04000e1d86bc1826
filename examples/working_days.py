"""Statutory deadlines for one referral, and working days over a NumPy array.

Run with the environment libscr is installed in:

    .venv/bin/python examples/working_days.py

The timescales are quoted from the source procedures (seed file:line).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np

from libscr import Calendar

LONDON = ZoneInfo("Europe/London")


def show(label: str, when: dt.date) -> None:
    print(f"{label:<56} {when.isoformat()} ({when:%A})")


def main() -> None:
    ew = Calendar.england_and_wales()
    print(f"Calendar: {ew.name}, version {ew.version}, confirmed through {ew.confirmed_through}")
    print()

    # A serious incident on Wednesday 14 September 2022 at 15:30 (BST), referred
    # to the LSCB on Friday 16 September, the last working day before the State
    # Funeral of Queen Elizabeth II (a bank holiday on Monday 19 September).
    incident = dt.datetime(2022, 9, 14, 15, 30, tzinfo=LONDON)
    referral = dt.date(2022, 9, 16)

    part1 = ew.due(incident, "72 hours")  # an aware datetime, in UTC
    print(f"{'Incident':<56} {incident:%Y-%m-%d %H:%M} London")
    print(f"{'Part 1 referral form, within 72 hours (001:735)':<56} "
          f"{part1.astimezone(LONDON):%Y-%m-%d %H:%M} London")
    show("Referral received", referral)

    letter = ew.due(referral, "1 working day")  # 001:348
    show("Letter to agencies, within 1 working day (001:348)", letter)
    show("Agencies confirm involvement, 3 working days (001:857)", ew.due(letter, "3 working days"))
    show("Report to the LSCB Chair, 10 working days (003:74)", ew.due(referral, "10 working days"))
    decision = ew.due(referral, "1 month")  # Dodds v Walker: same day number
    show("Decision whether to hold an SCR, 1 month (001:392)", decision)
    completion = ew.due(decision, "6 months")
    show("SCR complete, 6 months from the decision (001:216)", completion)
    print()

    # Vectorised: + 5 working days for many referral dates at once.
    referrals = np.array(
        ["2022-06-01", "2022-06-04", "2022-09-16", "2022-12-23", "2023-05-05", "NaT"],
        dtype="datetime64[D]",
    )
    due = ew.add_working_days(referrals, 5)
    print("Referral      + 5 working days")
    for start, end in zip(referrals, due):
        print(f"{str(start):<13} {end}")


if __name__ == "__main__":
    main()
