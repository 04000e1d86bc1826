"""A new calendar version loaded into a store, from the command line and
Python (docs/calendar.md, "A new bank holiday"; rule 11 of
docs/deadline-rules.md).

Worked example: the local authority became aware on Monday 3 June 2024 and
notified the Panel on Friday 7 June; the rapid review is due on the 15th
working day after the notification, Friday 28 June. Suppose Monday 17 June
2024 were proclaimed a bank holiday (as 19 September 2022 was, nine days
before): gov.uk's file gains the day, and the 15th working day becomes
Monday 1 July."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import libscr
from cli_support import scr

ROOT = Path(__file__).resolve().parents[2]
GOVUK = ROOT / "tests" / "data" / "govuk-bank-holidays-2010-2027.json"
LA = ("--actor", "A. Officer", "--role", "local_authority")
CHAIR = ("--actor", "B. Chair", "--role", "safeguarding_partners")
REASON = ("--reason", "Day of mourning proclaimed on 8 June 2024")


def announced(folder: Path) -> Path:
    doc = json.loads(GOVUK.read_text(encoding="utf-8"))
    doc["england-and-wales"]["events"].append(
        {"title": "Day of mourning", "date": "2024-06-17", "notes": "", "bunting": False})
    path = folder / "bank-holidays.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def open_child_p(db: Path) -> None:
    scr(db, "init")
    scr(db, "review", "open", "--procedure", "england-2023-lcspr", "--reference", "Child P", "--at",
        "03/06/2024 10:00", *LA, "--data", "became_aware_on=2024-06-03")
    scr(db, "review", "record", "Child P", "panel_notified", "--at", "07/06/2024 10:00", *LA,
        "--data", "notified_on=2024-06-07")


def rapid_review_due(db: Path) -> str:
    out = scr(db, "timetable", "Child P", "--as-of", "2024-06-10", "--format", "json").stdout
    (row,) = [r for r in json.loads(out)["entries"] if r["item"] == "rapid_review"]
    return row["due"]


def test_the_command_line_reports_the_moved_date_then_loads_the_version(tmp_path: Path):
    db = tmp_path / "board.db"
    open_child_p(db)
    file = announced(tmp_path)
    head = scr(db, "audit", "head").stdout

    dry = scr(db, "calendar", "update", str(file), "--version", "2024-06-08", *REASON, *CHAIR,
              "--as-of", "10/06/2024").stdout
    assert "new holiday: 2024-06-17 Day of mourning" in dry
    assert "'Child P' (rapid_review)" in dry
    assert "milestone rapid_review: due 2024-06-28 -> 2024-07-01" in dry
    assert "dry run: nothing was written" in dry
    assert scr(db, "audit", "head").stdout == head
    assert rapid_review_due(db) == "2024-06-28"
    assert "no calendar version has been loaded" in scr(db, "calendar", "versions").stdout

    report = json.loads(scr(db, "calendar", "update", str(file), "--version", "2024-06-08", *REASON, *CHAIR,
                            "--as-of", "2024-06-10", "--format", "json").stdout)
    assert report["calendar"] == "england-and-wales" and report["applied"] is False
    assert report["added"] == [{"date": "2024-06-17", "name": "Day of mourning"}]
    (moved,) = report["moved"]
    rapid = [d for d in moved["deadlines"] if d["id"] == "rapid_review"]
    assert rapid == [{"kind": "milestone", "id": "rapid_review", "agency": "", "occurrence": 1, "change": "moved",
                      "from": "2024-06-28", "to": "2024-07-01", "rule_from": rapid[0]["rule_from"],
                      "rule_to": rapid[0]["rule_to"],
                      "text": "milestone rapid_review: due 2024-06-28 -> 2024-07-01"}]

    done = scr(db, "calendar", "update", str(file), "--version", "2024-06-08", *REASON, *CHAIR, "--apply").stdout
    assert "loaded: version '2024-06-08' is in use" in done
    assert rapid_review_due(db) == "2024-07-01"
    versions = scr(db, "calendar", "versions").stdout
    assert "england-and-wales version 2024-06-08" in versions and "B. Chair" in versions
    ledger = scr(db, "audit", "ledger").stdout
    assert "calendar-version" in ledger
    assert "verified" in scr(db, "verify", "--all").stdout
    # Loaded twice: refused, naming the version.
    p = scr(db, "calendar", "update", str(file), "--version", "2024-06-08", *REASON, *CHAIR, "--apply", rc=2)
    assert "is already version '2024-06-08'; give the update a new version" in p.stderr


def test_a_version_altered_outside_libscr_is_found(tmp_path: Path):
    db = tmp_path / "board.db"
    open_child_p(db)
    scr(db, "calendar", "update", str(announced(tmp_path)), "--version", "2024-06-08", *REASON, *CHAIR, "--apply")
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE calendar_versions SET definition = replace(definition, '2024-06-17', '2024-06-18')")
    p = scr(db, "verify", "--all", rc=1)
    out = p.stdout + p.stderr
    assert "version 1 of calendar 'england-and-wales' does not match ledger entry" in out


def test_a_role_that_may_not_correct_the_reviews_is_refused_and_nothing_is_loaded(tmp_path: Path):
    db = tmp_path / "board.db"
    open_child_p(db)
    p = scr(db, "calendar", "update", str(announced(tmp_path)), "--version", "2024-06-08", *REASON, *LA, "--apply",
            rc=1)
    assert "may not load a version of calendar" in p.stderr
    assert rapid_review_due(db) == "2024-06-28"
    p = scr(db, "calendar", "update", str(tmp_path / "missing.json"), "--version", "x", *REASON, *CHAIR, rc=2)
    assert "missing.json" in p.stderr


def test_python_loads_a_version_and_the_store_keeps_it(tmp_path: Path):
    utc = dt.timezone.utc
    la = libscr.Actor("A. Officer", "local_authority", "Northshire Council")
    chair = libscr.Actor("B. Chair", "safeguarding_partners")
    path = tmp_path / "board.db"
    db = libscr.Store(path, clock=lambda: dt.datetime(2024, 6, 10, 12, tzinfo=utc))
    db.open_review("england-2023-lcspr", "Child P", dt.datetime(2024, 6, 3, 9, tzinfo=utc), la,
                   {"became_aware_on": dt.date(2024, 6, 3)})
    db.record("Child P", "panel_notified", dt.datetime(2024, 6, 7, 9, tzinfo=utc), la,
              {"notified_on": dt.date(2024, 6, 7)})
    gov = libscr.Calendar.from_govuk_json(announced(tmp_path).read_text(encoding="utf-8"))
    updated = db.calendar().updated_with(gov, "2024-06-08")
    assert updated.name == db.calendar().name and updated.version == "2024-06-08"

    plan = db.update_calendar(updated, chair, "Day of mourning proclaimed on 8 June 2024")
    assert plan.ok and not plan.applied and plan.reviews == 1
    assert [h.date for h in plan.added] == [dt.date(2024, 6, 17)]
    (moves,) = plan.moved
    rapid = next(d for d in moves.deadlines if d.item == "rapid_review")
    assert (rapid.before, rapid.after) == (dt.date(2024, 6, 28), dt.date(2024, 7, 1))

    with pytest.raises(libscr.RoleError):
        db.update_calendar(updated, la, "Day of mourning", apply=True)
    done = db.update_calendar(updated, chair, "Day of mourning proclaimed on 8 June 2024", apply=True)
    assert done.applied
    db.close()

    again = libscr.Store(path, clock=lambda: dt.datetime(2024, 6, 11, 12, tzinfo=utc))
    assert again.calendar().version == "2024-06-08"
    (version,) = again.calendar_versions()
    assert (version.calendar, version.version, version.by.name) == ("england-and-wales", "2024-06-08", "B. Chair")
    row = next(r for r in again.load("Child P").timetable(dt.date(2024, 6, 11)) if r.milestone == "rapid_review")
    assert row.due == dt.date(2024, 7, 1)
    assert again.verify_all().ok
