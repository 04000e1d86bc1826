"""Overlays from the command line and Python (docs/adapting-a-procedure.md):
a partnership's procedure that extends the national pack and changes one
rule, checked, used to open a review, and refused with positioned errors.

Worked example: the pack's choice rapid_review_anchor. The local authority
became aware on Monday 3 June 2024 and notified the Panel on Friday 7 June
(no bank holiday in June 2024): the rapid review is due on the 15th working
day after awareness, Monday 24 June, where the pack counts from the
notification and gives Friday 28 June."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import libscr
from cli_support import scr

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "examples" / "overlays" / "rapid-review-from-awareness.yaml"


def rapid_review_due(db: Path, reference: str) -> str:
    out = scr(db, "timetable", reference, "--as-of", "2024-06-10", "--format", "json").stdout
    rows = json.loads(out)["entries"]
    (row,) = [r for r in rows if r["item"] == "rapid_review"]
    return row["due"]


def test_the_command_line_checks_and_runs_a_review_under_an_overlay(tmp_path: Path):
    db = tmp_path / "board.db"
    assert "valid (0 errors, 0 warnings)" in scr(db, "procedures", "check", str(OVERLAY)).stdout
    scr(db, "init")
    for reference, procedure in (("Child N", str(OVERLAY)), ("Child P", "england-2023-lcspr")):
        scr(db, "review", "open", "--procedure", procedure, "--reference", reference, "--at", "03/06/2024 10:00",
            "--actor", "A. Officer", "--role", "local_authority", "--data", "became_aware_on=2024-06-03")
        scr(db, "review", "record", reference, "panel_notified", "--at", "07/06/2024 10:00", "--actor", "A. Officer",
            "--role", "local_authority", "--data", "notified_on=2024-06-07")
    assert rapid_review_due(db, "Child N") == "2024-06-24"
    assert rapid_review_due(db, "Child P") == "2024-06-28"


def test_an_overlays_errors_are_at_its_lines_and_the_bases(tmp_path: Path):
    bad = tmp_path / "ours.yaml"
    bad.write_text(
        "extends: {id: england-2023-lcspr, version: 3}\n"
        "procedure: {id: ours, version: 1}\n"
        "remove:\n"
        "  states: [reconsidering]\n"
        "  events: [panel_notifed]\n",
        encoding="utf-8",
    )
    p = scr(tmp_path / "x.db", "procedures", "check", str(bad), rc=1)
    assert f"{bad}:5:12: error: there is no event 'panel_notifed'" in p.stderr
    assert "did you mean 'panel_notified'?" in p.stderr
    assert "builtin:england-2023-lcspr:" in p.stderr and "[unknown-state]" in p.stderr

    with pytest.raises(libscr.DefinitionError) as caught:
        libscr.Procedure.load(bad)
    files = {(d.file, d.rule) for d in caught.value.diagnostics}
    assert (str(bad), "overlay-unknown") in files
    assert ("builtin:england-2023-lcspr", "unknown-state") in files


def test_python_loads_an_overlay_and_a_store_keeps_it_whole():
    p = libscr.Procedure.load(OVERLAY)
    pack = libscr.Procedure.builtin("england-2023-lcspr")
    assert p.id == "northshire-lcspr"
    assert p.milestone("rapid_review").anchor.ref == "incident_identified"
    assert pack.milestone("rapid_review").anchor.ref == "panel_notified"
    assert str(p.milestone("rapid_review").timescale) == str(pack.milestone("rapid_review").timescale)
    la = libscr.Actor("A. Officer", "local_authority", "Northshire Council")
    utc = dt.timezone.utc
    db = libscr.Store.in_memory()
    db.open_review(p, "Child N", dt.datetime(2024, 6, 3, 9, tzinfo=utc), la, {"became_aware_on": dt.date(2024, 6, 3)})
    db.record("Child N", "panel_notified", dt.datetime(2024, 6, 7, 9, tzinfo=utc), la,
              {"notified_on": dt.date(2024, 6, 7)})
    assert db.load("Child N").timetable(dt.date(2024, 6, 10)).row("rapid_review").due == dt.date(2024, 6, 24)


def test_diff_from_the_command_line_and_python_names_the_change_and_the_moved_dates(tmp_path: Path):
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "open", "--procedure", "england-2023-lcspr", "--reference", "Child P", "--at", "03/06/2024 10:00",
        "--actor", "A. Officer", "--role", "local_authority", "--data", "became_aware_on=2024-06-03")
    scr(db, "review", "record", "Child P", "panel_notified", "--at", "07/06/2024 10:00", "--actor", "A. Officer",
        "--role", "local_authority", "--data", "notified_on=2024-06-07")
    doc = json.loads(scr(db, "procedures", "diff", "england-2023-lcspr", str(OVERLAY), "--review", "Child P",
                         "--as-of", "2024-06-10", "--format", "json").stdout)
    assert doc["from"] == {"id": "england-2023-lcspr", "version": 3}
    assert doc["to"] == {"id": "northshire-lcspr", "version": 1}
    (rule,) = [c for c in doc["changes"] if c["element"] == "milestone"]
    assert (rule["id"], rule["key"], rule["from"], rule["to"]) == (
        "rapid_review", "due", "15 working days after panel_notified.notified_on",
        "15 working days after incident_identified.became_aware_on")
    assert doc["review"]["replays"] is True
    moved = {(d["id"], d["from"], d["to"]) for d in doc["review"]["deadlines"]}
    assert moved == {("rapid_review", "2024-06-28", "2024-06-24"), ("lcspr_completed", "2024-12-28", "2024-12-24")}
    text = scr(db, "procedures", "diff", "england-2023-lcspr", str(OVERLAY)).stdout
    assert "milestone rapid_review: due 15 working days after panel_notified.notified_on -> " in text

    changes = libscr.Procedure.builtin("england-2023-lcspr").diff(libscr.Procedure.load(OVERLAY))
    (m,) = [c for c in changes if c.element == "milestone"]
    assert (m.id, m.before, m.after) == ("rapid_review", "15 working days after panel_notified.notified_on",
                                         "15 working days after incident_identified.became_aware_on")
    assert str(m) == m.text and m.text.startswith("milestone rapid_review: due ")
    assert libscr.Procedure.load(OVERLAY).diff(libscr.Procedure.load(OVERLAY)) == []


def test_a_history_the_new_version_refuses_is_reported_not_replayed(tmp_path: Path):
    # An overlay that accepts partners_informed only once the rapid review is
    # under way: the review recorded it before, so the replay fails, naming
    # the event, and the command says so (exit 1).
    without = tmp_path / "without.yaml"
    without.write_text(
        "extends: {id: england-2023-lcspr, version: 3}\n"
        "procedure: {id: ours, version: 1}\n"
        "remove:\n"
        "  transitions: [{event: partners_informed}]\n"
        "transitions:\n"
        "  - {event: partners_informed, from: rapid_review, roles: [local_authority]}\n",
        encoding="utf-8",
    )
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "open", "--procedure", "england-2023-lcspr", "--reference", "Child P", "--at", "03/06/2024 10:00",
        "--actor", "A. Officer", "--role", "local_authority", "--data", "became_aware_on=2024-06-03")
    scr(db, "review", "record", "Child P", "partners_informed", "--at", "04/06/2024 10:00", "--actor", "A. Officer",
        "--role", "local_authority")
    p = scr(db, "procedures", "diff", "england-2023-lcspr", str(without), "--review", "Child P", "--format", "json",
            rc=1)
    doc = json.loads(p.stdout)
    assert doc["review"]["replays"] is False
    assert "partners_informed" in doc["review"]["error"]
