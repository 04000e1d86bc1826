"""The reviews boards and partnerships run today, end to end through the
command line: a domestic homicide review (`england-wales-2016-dhr`) and a
safeguarding adults review (`england-2014-sar`), with real calendar dates
across Christmas, New Year and Easter. Each rule's source and firmness is in
the pack (docs/procedures/); the figures asserted here are the packs' rules
worked by hand:

- DHR: the CSP chair's decision within one month of the police's written
  notification, the review within six months of the decision (counted to
  its submission to the Home Office), the Home Office told of the decision
  and of any delay, the chair independent of the agencies involved
  (Home Office statutory guidance 2016, as restated; DVCVA 2004 s.9).
- SAR: the board's decision (a local target of two months), the review
  within six months of the decision (care and support statutory guidance,
  not confirmed), the review accounted for in the board's annual report
  (Care Act 2014 Sch.2 para 4)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import scr

CSP = ["--actor", "R. Khan", "--role", "csp_chair", "--actor-agency", "Northtown CSP"]
COORD = ["--actor", "J. Lowe", "--role", "dhr_coordinator", "--actor-agency", "Northtown CSP"]
CHAIR = ["--actor", "M. Grey", "--role", "independent_chair", "--actor-agency", "Independent"]
POLICE = ["--actor", "DI Hart", "--role", "agency_representative", "--actor-agency", "Police"]
SAB = ["--actor", "E. Ward", "--role", "sab_chair", "--actor-agency", "Southshire SAB"]
MANAGER = ["--actor", "P. Ellis", "--role", "business_manager", "--actor-agency", "Southshire SAB"]
REVIEWER = ["--actor", "K. Moss", "--role", "lead_reviewer", "--actor-agency", "Independent"]


def entries(db: Path, ref: str, as_of: str) -> dict[str, dict]:
    doc = json.loads(scr(db, "timetable", ref, "--as-of", as_of, "--format", "json").stdout)
    out: dict[str, dict] = {}
    for e in doc["entries"]:
        out.setdefault(e["item"] + (f"/{e['agency']}" if e["agency"] else ""), e)
    return out


def state(db: Path, ref: str) -> str:
    return json.loads(scr(db, "review", "list", "--format", "json").stdout)["reviews"][0]["state"]


def test_a_domestic_homicide_review_from_notification_to_publication(tmp_path: Path):
    db = tmp_path / "csp.db"
    scr(db, "init")
    ref = "DHR 2024/03 Adult A"
    # The police tell the CSP in writing on Friday 27 December 2024, between
    # the Christmas and New Year bank holidays.
    scr(db, "review", "open", "--procedure", "england-wales-2016-dhr", "--reference", ref, "--at",
        "27/12/2024 11:00", *COORD, "--data", "notified_on=2024-12-27", "--data", "died_on=2024-12-21")
    # One calendar month, not working days: due Monday 27 January 2025.
    e = entries(db, ref, "2025-01-06")
    assert e["decision"]["due"] == "2025-01-27" and e["decision"]["status"] == "pending"
    assert e["decision"]["confidence"] == "local"
    assert "1 month after death_notified.notified_on [local practice]" in scr(
        db, "timetable", ref, "--as-of", "2025-01-06").stdout

    scr(db, "review", "record", ref, "decision_made", "--at", "20/01/2025 14:00", *CSP,
        "--data", "outcome=dhr", "--data", "reasons=Criteria in section 9 met")
    assert state(db, ref) == "commissioning"
    e = entries(db, ref, "2025-01-21")
    assert e["decision"]["status"] == "met"
    # Six months from the decision; the Home Office and the family are owed.
    assert e["completion"]["due"] == "2025-07-20"
    assert e["tell_home_office"]["status"] == "open" and e["involve_family"]["status"] == "open"
    scr(db, "review", "record", ref, "home_office_informed", "--at", "22/01/2025 09:30", *COORD)

    # The chair must be independent of the agencies involved: the Police,
    # asked for an IMR, are involved.
    scr(db, "review", "record", ref, "chair_appointed", "--at", "03/02/2025 10:00", *CSP, "--data", "chair=M. Grey")
    scr(db, "review", "record", ref, "imr_requested", "--at", "10/02/2025 10:00", *CHAIR, "--data", "agency=Police")
    refused = scr(db, "review", "assign", ref, "--person", "DI Hart", "--as", "independent_chair", "--agency",
                  "Police", "--at", "10/02/2025 11:00", *CSP, rc=1)
    assert "independent of the agencies involved" in refused.stderr
    scr(db, "review", "assign", ref, "--person", "M. Grey", "--as", "independent_chair", "--agency", "Independent",
        "--at", "10/02/2025 11:00", *CSP)
    scr(db, "review", "record", ref, "family_contacted", "--at", "12/02/2025 10:00", *CHAIR)
    scr(db, "review", "record", ref, "imr_submitted", "--agency", "Police", "--at", "28/03/2025 16:00", *POLICE)
    scr(db, "review", "record", ref, "imr_accepted", "--agency", "Police", "--at", "07/04/2025 10:00", *CHAIR)

    # A criminal trial holds the review: the chair agrees a later date, and
    # the Home Office is to be told.
    scr(db, "review", "extend", ref, "completion", "31/10/2025", "--reason", "criminal trial listed for July",
        "--at", "02/06/2025 10:00", *CSP)
    e = entries(db, ref, "2025-06-03")
    assert e["completion"]["due"] == "2025-10-31" and e["completion"]["original_due"] == "2025-07-20"
    assert e["tell_home_office_of_delay"]["status"] == "open"

    scr(db, "review", "record", ref, "overview_report_agreed", "--at", "01/10/2025 15:00", *CHAIR)
    scr(db, "review", "record", ref, "report_submitted_to_home_office", "--at", "06/10/2025 10:00", *COORD)
    assert state(db, ref) == "quality_assurance"
    # The quality assurance panel asks for changes; the report goes back.
    scr(db, "review", "record", ref, "qa_panel_response", "--at", "15/12/2025 10:00", *COORD,
        "--data", "response=resubmit")
    assert state(db, ref) == "in_progress"
    scr(db, "review", "record", ref, "overview_report_agreed", "--at", "06/01/2026 15:00", *CHAIR)
    scr(db, "review", "record", ref, "report_submitted_to_home_office", "--at", "12/01/2026 10:00", *COORD)
    scr(db, "review", "record", ref, "qa_panel_response", "--at", "02/03/2026 10:00", *COORD,
        "--data", "response=approved")
    scr(db, "review", "record", ref, "report_sent_to_commissioner", "--at", "03/03/2026 10:00", *COORD)
    scr(db, "review", "schedule", ref, "publication", "30/03/2026", "--at", "03/03/2026 11:00", *CSP)
    scr(db, "review", "record", ref, "report_published", "--at", "30/03/2026 09:00", *COORD)
    assert state(db, ref) == "published"

    e = entries(db, ref, "2026-04-01")
    # Met by the first submission, on 6 October, inside the extended date.
    assert e["completion"]["status"] == "met" and e["completion"]["days_late"] == 0
    assert e["copy_to_commissioner"]["status"] == "discharged"
    assert e["tell_home_office_of_delay"]["status"] == "outstanding at closure"
    assert e["submit_imr/Police"]["status"] == "discharged"
    assert scr(db, "verify", ref).returncode == 0


def test_a_decision_not_to_hold_a_dhr_still_tells_the_home_office(tmp_path: Path):
    db = tmp_path / "csp.db"
    scr(db, "init")
    ref = "DHR 2025/01 Adult B"
    scr(db, "review", "open", "--procedure", "england-wales-2016-dhr", "--reference", ref, "--at",
        "03/03/2025 09:00", *COORD, "--data", "notified_on=2025-03-03")
    scr(db, "review", "record", ref, "decision_made", "--at", "31/03/2025 16:00", *CSP,
        "--data", "outcome=no_dhr", "--data", "reasons=Not a death within section 9")
    assert state(db, ref) == "not_held"
    e = entries(db, ref, "2025-04-02")
    assert e["decision"]["status"] == "met"
    # The notice goes on for a month after closure; then it is outstanding.
    assert e["tell_home_office"]["status"] == "open"
    scr(db, "review", "discharge", ref, "tell_home_office", "--at", "07/04/2025 10:00", *COORD)
    assert entries(db, ref, "2025-05-30")["tell_home_office"]["status"] == "discharged"


def test_a_safeguarding_adults_review_across_easter(tmp_path: Path):
    db = tmp_path / "sab.db"
    scr(db, "init")
    ref = "SAR Adult C"
    # Referred on Thursday 17 April 2025, the day before Good Friday.
    scr(db, "review", "open", "--procedure", "england-2014-sar", "--reference", ref, "--at", "17/04/2025 16:30",
        *MANAGER, "--data", "received_on=2025-04-17", "--data", "adult_died=true")
    e = entries(db, ref, "2025-04-22")
    assert e["decision"]["due"] == "2025-06-17"        # the pack's two-month target
    assert e["decision"]["confidence"] == "local"
    scr(db, "review", "record", ref, "decision_made", "--at", "10/06/2025 10:00", *SAB,
        "--data", "outcome=mandatory_sar", "--data", "reasons=Died; neglect suspected; agencies could have worked "
        "together more effectively (s.44(2)-(3))")
    scr(db, "review", "record", ref, "reviewer_appointed", "--at", "01/07/2025 10:00", *SAB,
        "--data", "reviewer=K. Moss")
    e = entries(db, ref, "2025-07-02")
    assert e["completion"]["due"] == "2025-12-10" and e["completion"]["confidence"] == "not_found"
    assert e["account_in_annual_report"]["status"] == "open"
    scr(db, "review", "record", ref, "family_contacted", "--at", "15/07/2025 10:00", *REVIEWER)
    # The report is agreed on 20 January 2026: 41 days after the six months.
    scr(db, "review", "record", ref, "report_agreed", "--at", "20/01/2026 14:00", *SAB)
    e = entries(db, ref, "2026-01-21")
    assert e["completion"]["status"] == "met late" and e["completion"]["days_late"] == 41
    scr(db, "review", "schedule", ref, "publication", "16/02/2026", "--at", "21/01/2026 10:00", *SAB)
    scr(db, "review", "record", ref, "report_published", "--at", "16/02/2026 09:00", *MANAGER)
    assert state(db, ref) == "published"
    # Still owed after closure: the annual report for 2025-26, published in
    # the summer, accounts for it.
    assert entries(db, ref, "2026-03-01")["account_in_annual_report"]["status"] == "open"
    scr(db, "review", "discharge", ref, "account_in_annual_report", "--note", "Annual report 2025-26, section 4",
        "--at", "15/07/2026 10:00", *MANAGER)
    assert entries(db, ref, "2026-07-16")["account_in_annual_report"]["status"] == "discharged"
    compliance = json.loads(scr(db, "compliance", "--from", "2025-04-01", "--to", "2025-04-30", "--format",
                                "json").stdout)
    completion = next(r for r in compliance["rows"] if r["headline"] == "completion")
    assert completion["on_time"] is False and completion["days_late"] == 41
