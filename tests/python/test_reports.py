"""libscr.reports: the reports of the `scr` command as data.

A Solihull review referred on Monday 15 January 2024: the decision is due a
month later, on 15 February (001:851); decided on 1 February, the review is
due six months later, on 1 August (001:216), and the LSCB extends it to
1 October (001:393). Expected values are worked out by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from libscr import Actor, Review, Store, reports
from libscr.reports import ComplianceTotal, MonthlyReport, TimetableEntry
from libscr.store import DueItem

D = dt.date
UTC = dt.timezone.utc
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
LSCB = Actor("Solihull LSCB", "lscb", "Solihull LSCB")


def at(y: int, m: int, d: int, hh: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hh, tzinfo=UTC)


@pytest.fixture()
def db() -> Store:
    s = Store.in_memory()
    for ref in ("Child Q", "Child R"):
        s.open_review("solihull-2011-scr", ref, at(2024, 1, 15, 9), CHAIR, {"incident_at": at(2024, 1, 13, 22)})
        s.record(ref, "panel_convened", at(2024, 1, 19), CHAIR)
    s.record("Child Q", "panel_recommended", at(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    s.record("Child Q", "decision_made", at(2024, 2, 1), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    s.extend("Child Q", "completion", D(2024, 10, 1), "Criminal trial", at(2024, 3, 4), LSCB)
    return s


def test_timetable_entries_are_milestones_then_obligations(db: Store):
    rows = reports.timetable(db.load("Child R"), D(2024, 2, 16))
    assert rows.row_type is TimetableEntry
    decision = rows.row("decision")
    assert (decision.due, decision.status, decision.days_late, decision.statutory) == (D(2024, 2, 15), "overdue", 1,
                                                                                      True)
    kinds = [r.kind for r in rows]
    assert kinds == sorted(kinds, key=lambda k: k != "milestone"), "milestones first"
    assert len({r.uid for r in rows}) == len(rows)
    df = rows.to_pandas()
    assert df.loc[df["item"] == "decision", "due"].iloc[0] == dt.datetime(2024, 2, 15)
    assert str(df["status"].dtype) == "category"


def test_exports_agree_with_the_rows(db: Store):
    r = db.load("Child Q")
    rows = reports.timetable(r, D(2024, 3, 31))
    doc = json.loads(reports.export_timetable(r, D(2024, 3, 31), "json"))
    assert [e["uid"] for e in doc["entries"]] == [e.uid for e in rows]
    completion = next(e for e in doc["entries"] if e["item"] == "completion")
    assert (completion["due"], completion["original_due"], completion["extended_to"]) == (
        "2024-10-01", "2024-08-01", "2024-10-01")
    table = list(csv.DictReader(io.StringIO(reports.export_timetable(r, D(2024, 3, 31), "csv"), newline="")))
    assert len(table) == len(rows)
    assert reports.export_timetable(r, D(2024, 3, 31), "ics").startswith("BEGIN:VCALENDAR\r\n")
    assert reports.export_timetable(r, D(2024, 3, 31), "html").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        reports.export_timetable(r, D(2024, 3, 31), "pdf")
    with pytest.raises(TypeError, match="review must be a libscr.Review"):
        reports.timetable("Child Q", D(2024, 3, 31))  # type: ignore[arg-type]


def test_the_monthly_report(db: Store):
    m = reports.monthly(db, "2024-03")
    assert isinstance(m, MonthlyReport)
    assert (m.year, m.month, m.as_of) == (2024, 3, D(2024, 3, 31))
    q = m.reviews.row("Child Q")
    assert (q.planned_completion, q.original_completion, q.slippage_days) == (D(2024, 10, 1), D(2024, 8, 1), 61)
    assert q.state == "scoping" and q.stage
    # Child R's decision (due 15 February) is overdue by 45 days on 31 March.
    r = m.reviews.row("Child R")
    overdue = {e.item: e.days_late for e in r.overdue}
    assert overdue["decision"] == 45
    assert "Monthly progress report, March 2024 (as of 2024-03-31): 2 open reviews" in m.text()
    assert json.loads(m.to_json())["schema"] == "libscr.monthly_report"
    df = m.to_pandas()
    assert list(df["reference"]) == ["Child Q", "Child R"]
    assert reports.monthly(db, (2024, 3)).reviews == m.reviews
    assert reports.monthly(db, D(2024, 3, 9)).as_of == D(2024, 3, 31)
    # A month before any review was opened.
    assert reports.monthly(db, "2023-12").reviews == []
    with pytest.raises(ValueError, match="is not YYYY-MM"):
        reports.monthly(db, "March 2024")


def test_compliance_totals(db: Store):
    totals = reports.compliance_totals(db, D(2024, 1, 1), D(2024, 1, 31))
    assert totals == [
        ComplianceTotal("decision", 2, 1, 1, 0, 1, 0, 0),
        ComplianceTotal("completion", 2, 0, 0, 0, 2, 1, 0),
    ]
    assert totals[0].on_time_rate == 1.0 and totals[1].on_time_rate is None
    # By default from the first review's opening to today.
    assert len(reports.compliance(db)) == 4


def test_lists_in_the_commands_forms(db: Store):
    items = reports.overdue(db, D(2024, 2, 16))
    assert items.row_type is DueItem
    assert items.row("Child R", "decision").days_late == 1
    text = reports.to_text(items)
    assert text.splitlines()[0].split()[:3] == ["DUE", "OVERDUE", "REFERENCE"]
    rows = list(csv.DictReader(io.StringIO(reports.to_csv(items), newline="")))
    assert len(rows) == len(items)
    doc = json.loads(reports.to_json(items, "overdue as of 2024-02-16"))
    assert doc["schema"] == "libscr.due_items" and len(doc["items"]) == len(items)
    c = reports.compliance(db, D(2024, 1, 1), D(2024, 1, 31))
    assert "1 of 1 completed headline milestones on time; 3 still open" in reports.to_text(c)
    assert json.loads(reports.to_json(c, start=D(2024, 1, 1), end=D(2024, 1, 31)))["from"] == "2024-01-01"
    with pytest.raises(TypeError, match="need the period"):
        reports.to_json(c)
    assert reports.due(db, D(2024, 10, 1), D(2024, 10, 1)).row("Child Q", "completion").due == D(2024, 10, 1)
