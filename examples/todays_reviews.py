"""The reviews partnerships run today, one of each, from notification to the
end, and how firm each deadline's source is.

    python examples/todays_reviews.py

In one store in memory:

- a rapid review and local child safeguarding practice review
  (england-2023-lcspr). The local authority becomes aware on Good Friday,
  29 March 2024, so its 5 working days to notify the Panel skip Easter Monday
  and end on Monday 8 April. It notifies on Wednesday 3 April, and the rapid
  review's 15 working days run from then to Wednesday 24 April. The review is
  published in October, its one action is signed off, and the partners close
  it;
- a domestic homicide review (england-wales-2016-dhr). The police notify the
  community safety partnership on 27 December 2024, and the chair decides on
  20 January 2025. The report goes to the Home Office in July, is approved,
  and is published;
- a safeguarding adults review (england-2014-sar). It is referred on
  17 April 2025 (before Easter), decided on 10 June, agreed and published,
  and reported in the board's annual report.

For each it prints its state and its deadlines: the due dates, statuses,
and the firmness of their sources (statute, statutory guidance, national
guidance, local practice, or not confirmed), as of the day it ended.
"""

from __future__ import annotations

import datetime as dt
import sys

from libscr import Actor, Store, reports

FIRMNESS = {"statute": "statute", "statutory_guidance": "statutory guidance", "national_guidance": "national guidance",
            "local": "local practice", "not_found": "not confirmed", None: "unstated"}


def at(y: int, m: int, d: int) -> dt.datetime:
    """11:00 UTC: midday in London in summer, 11:00 in winter."""
    return dt.datetime(y, m, d, 11, tzinfo=dt.timezone.utc)


def child_review(db: Store) -> None:
    la = Actor("A. Officer", "local_authority", "Northtown Council")
    partners = Actor("Northtown partners", "safeguarding_partners", "Northtown")
    lead = Actor("D. Shaw", "action_lead", "Northtown Council")
    ref = "Child R"
    db.open_review("england-2023-lcspr", ref, at(2024, 3, 29), la, {"became_aware_on": dt.date(2024, 3, 29)})
    db.record(ref, "panel_notified", at(2024, 4, 3), la, {"notified_on": dt.date(2024, 4, 3)})
    db.record(ref, "partners_informed", at(2024, 4, 3), la)
    db.record(ref, "decision_made", at(2024, 4, 22), partners, {"outcome": "lcspr"})
    db.record(ref, "rapid_review_sent_to_panel", at(2024, 4, 23), partners)
    db.record(ref, "reviewer_appointed", at(2024, 5, 7), partners, {"reviewer": "R. Lane", "lead": True})
    db.record(ref, "final_report_received", at(2024, 9, 20), partners)
    db.record(ref, "recommendation_made", at(2024, 9, 23), partners,
              {"number": "1", "recommendation": "Share concerns about unseen children across agencies"})
    db.record(ref, "action_agreed", at(2024, 9, 24), partners,
              {"action": "1.1", "recommendation": "1", "what": "Audit of unseen-child referrals",
               "due_on": dt.date(2024, 12, 20)})
    db.record(ref, "action_plan_agreed", at(2024, 9, 24), partners)
    db.schedule(ref, "publication", dt.date(2024, 10, 14), at(2024, 9, 24), partners)
    db.record(ref, "report_sent_to_panel", at(2024, 10, 1), partners)
    db.record(ref, "report_sent_to_ofsted", at(2024, 10, 1), partners)
    db.record(ref, "report_published", at(2024, 10, 14), partners, {"form": "full_report"})
    db.record(ref, "action_completed", at(2024, 12, 13), lead, {"evidence": "Audit report, December 2024"},
              agency="1.1")
    db.record(ref, "action_signed_off", at(2024, 12, 18), partners, agency="1.1")
    db.record(ref, "review_closed", at(2025, 1, 6), partners, {"reason": "Action plan complete"})


def domestic_homicide_review(db: Store) -> None:
    coordinator = Actor("J. Lowe", "dhr_coordinator", "Northtown CSP")
    csp_chair = Actor("R. Khan", "csp_chair", "Northtown CSP")
    chair = Actor("M. Grey", "independent_chair", "Independent")
    ref = "DHR Adult A"
    db.open_review("england-wales-2016-dhr", ref, at(2024, 12, 27), coordinator,
                   {"notified_on": dt.date(2024, 12, 27)})
    db.record(ref, "decision_made", at(2025, 1, 20), csp_chair,
              {"outcome": "dhr", "reasons": "Criteria in section 9 met"})
    db.record(ref, "home_office_informed", at(2025, 1, 22), coordinator)
    db.record(ref, "chair_appointed", at(2025, 2, 3), csp_chair, {"chair": "M. Grey"})
    db.record(ref, "family_contacted", at(2025, 2, 10), chair)
    db.record(ref, "overview_report_agreed", at(2025, 7, 1), chair)
    db.record(ref, "report_submitted_to_home_office", at(2025, 7, 7), coordinator)
    db.record(ref, "report_sent_to_commissioner", at(2025, 7, 8), coordinator)
    db.record(ref, "qa_panel_response", at(2025, 9, 15), coordinator, {"response": "approved"})
    db.schedule(ref, "publication", dt.date(2025, 10, 6), at(2025, 9, 16), csp_chair)
    db.record(ref, "report_published", at(2025, 10, 6), coordinator)


def safeguarding_adults_review(db: Store) -> None:
    manager = Actor("P. Ellis", "business_manager", "Southshire SAB")
    sab_chair = Actor("E. Ward", "sab_chair", "Southshire SAB")
    reviewer = Actor("K. Moss", "lead_reviewer", "Independent")
    ref = "SAR Adult C"
    db.open_review("england-2014-sar", ref, at(2025, 4, 17), manager, {"received_on": dt.date(2025, 4, 17)})
    db.record(ref, "decision_made", at(2025, 6, 10), sab_chair,
              {"outcome": "mandatory_sar", "reasons": "Died; neglect suspected"})
    db.record(ref, "reviewer_appointed", at(2025, 7, 1), sab_chair, {"reviewer": "K. Moss"})
    db.record(ref, "family_contacted", at(2025, 7, 15), reviewer)
    db.record(ref, "report_agreed", at(2025, 11, 25), sab_chair)
    db.schedule(ref, "publication", dt.date(2025, 12, 15), at(2025, 11, 26), sab_chair)
    db.record(ref, "annual_report_published", at(2025, 12, 1), manager)
    db.record(ref, "report_published", at(2025, 12, 15), manager)


def main() -> int:
    db = Store.in_memory()
    child_review(db)
    domestic_homicide_review(db)
    safeguarding_adults_review(db)
    for ref in ("Child R", "DHR Adult A", "SAR Adult C"):
        review = db.load(ref)
        ended = review.last_event_at.date()
        print(f"{ref} ({review.procedure.id}): {review.state} on {ended}")
        for e in reports.timetable(review, ended):
            if e.kind != "milestone" or e.due is None or e.agency:
                continue
            print(f"  {e.item:<38} due {e.due}  {e.status:<9} {FIRMNESS[e.confidence]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
