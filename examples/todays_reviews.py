"""The reviews partnerships run today, one of each, from notification to
publication, and how firm each deadline's source is.

    python examples/todays_reviews.py

In one store in memory:

- a rapid review and local child safeguarding practice review
  (england-2023-lcspr): the local authority becomes aware on Good Friday,
  29 March 2024, so its 5 working days to notify the Panel skip Easter
  Monday and end on Monday 8 April; it notifies on Wednesday 3 April, and the
  rapid review's 15 working days run from then to Wednesday 24 April;
- a domestic homicide review (england-wales-2016-dhr): the police notify
  the community safety partnership on 27 December 2024; the chair decides on
  20 January 2025;
- a safeguarding adults review (england-2014-sar): referred on 17 April
  2025, decided on 10 June.

For each it prints the deadlines with their due dates, statuses and the
firmness of their sources (statute, statutory guidance, national guidance,
local practice, or not confirmed), as of 1 July 2025.
"""

from __future__ import annotations

import datetime as dt
import sys

from libscr import Actor, Store, reports

AS_OF = dt.date(2025, 7, 1)
FIRMNESS = {"statute": "statute", "statutory_guidance": "statutory guidance", "national_guidance": "national guidance",
            "local": "local practice", "not_found": "not confirmed", None: "unstated"}


def at(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 11, tzinfo=dt.timezone.utc)


def build() -> Store:
    db = Store.in_memory()
    la = Actor("A. Officer", "local_authority", "Northtown Council")
    partners = Actor("Northtown partners", "safeguarding_partners", "Northtown")
    db.open_review("england-2023-lcspr", "Child R", at(2024, 3, 29), la, {"became_aware_on": dt.date(2024, 3, 29)})
    db.record("Child R", "panel_notified", at(2024, 4, 3), la, {"notified_on": dt.date(2024, 4, 3)})
    db.record("Child R", "decision_made", at(2024, 4, 22), partners, {"outcome": "lcspr"})
    db.record("Child R", "rapid_review_sent_to_panel", at(2024, 4, 23), partners)

    coordinator = Actor("J. Lowe", "dhr_coordinator", "Northtown CSP")
    csp_chair = Actor("R. Khan", "csp_chair", "Northtown CSP")
    db.open_review("england-wales-2016-dhr", "DHR Adult A", at(2024, 12, 27), coordinator,
                   {"notified_on": dt.date(2024, 12, 27)})
    db.record("DHR Adult A", "decision_made", at(2025, 1, 20), csp_chair,
              {"outcome": "dhr", "reasons": "Criteria in section 9 met"})
    db.record("DHR Adult A", "home_office_informed", at(2025, 1, 22), coordinator)

    manager = Actor("P. Ellis", "business_manager", "Southshire SAB")
    sab_chair = Actor("E. Ward", "sab_chair", "Southshire SAB")
    db.open_review("england-2014-sar", "SAR Adult C", at(2025, 4, 17), manager, {"received_on": dt.date(2025, 4, 17)})
    db.record("SAR Adult C", "decision_made", at(2025, 6, 10), sab_chair,
              {"outcome": "mandatory_sar", "reasons": "Died; neglect suspected"})
    return db


def main() -> int:
    db = build()
    for ref in ("Child R", "DHR Adult A", "SAR Adult C"):
        review = db.load(ref)
        print(f"{ref} ({review.procedure.id}): {review.state}")
        for e in reports.timetable(review, AS_OF):
            if e.kind != "milestone" or e.due is None:
                continue
            print(f"  {e.item:<20} due {e.due}  {e.status:<9} {FIRMNESS[e.confidence]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
