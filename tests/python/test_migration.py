"""Open reviews moved to a revised procedure version, from the command line
and Python (docs/migrating-reviews.md).

Worked example: Northshire's overlay counts the rapid review's 15 working
days from the day the local authority became aware (Monday 3 June 2024):
due Monday 24 June. Its revised version 2 (examples/overlays/
northshire-lcspr-2.yaml) sets its own target of 10 working days: Monday
17 June (no bank holiday in June 2024), and the six months projected from
the rapid review move with it, from 24 to 17 December."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import libscr
from cli_support import scr

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "examples" / "overlays" / "rapid-review-from-awareness.yaml"
V2 = ROOT / "examples" / "overlays" / "northshire-lcspr-2.yaml"
LA = ("--actor", "A. Officer", "--role", "local_authority")
CHAIR = ("--actor", "B. Chair", "--role", "safeguarding_partners")
REASON = ("--reason", "Procedure revised by the partnership on 1 July 2024")


def open_two(db: Path) -> None:
    scr(db, "init")
    for reference in ("Child N", "Child M"):
        scr(db, "review", "open", "--procedure", str(V1), "--reference", reference, "--at", "03/06/2024 10:00", *LA,
            "--data", "became_aware_on=2024-06-03")
        scr(db, "review", "record", reference, "panel_notified", "--at", "07/06/2024 10:00", *LA,
            "--data", "notified_on=2024-06-07")


def rapid_review_due(db: Path, reference: str) -> str:
    out = scr(db, "timetable", reference, "--as-of", "2024-06-10", "--format", "json").stdout
    (row,) = [r for r in json.loads(out)["entries"] if r["item"] == "rapid_review"]
    return row["due"]


def test_the_command_line_reports_every_moved_date_then_moves_every_open_review(tmp_path: Path):
    db = tmp_path / "board.db"
    open_two(db)
    before = scr(db, "audit", "head").stdout

    dry = scr(db, "review", "migrate", "--all", "--from", "northshire-lcspr@1", "--to", str(V2), *REASON, *CHAIR,
              "--as-of", "10/06/2024").stdout
    assert "'Child N': northshire-lcspr@1 -> northshire-lcspr@2 (deadlines as of 2024-06-10)" in dry
    assert dry.count("milestone rapid_review: due 2024-06-24 -> 2024-06-17") == 2
    assert dry.count("milestone lcspr_completed: due 2024-12-24 -> 2024-12-17") == 2
    assert "dry run: 2 reviews can move to northshire-lcspr@2; nothing was written" in dry
    assert scr(db, "audit", "head").stdout == before
    assert rapid_review_due(db, "Child N") == "2024-06-24"

    report = json.loads(scr(db, "review", "migrate", "Child N", "--to", str(V2), *REASON, *CHAIR, "--as-of",
                            "2024-06-10", "--format", "json").stdout)
    (child_n,) = report
    assert child_n["from"] == {"id": "northshire-lcspr", "version": 1}
    assert child_n["applied"] is False and child_n["problems"] == []
    moved = {d["id"]: (d["from"], d["to"]) for d in child_n["deadlines"]}
    assert moved == {"rapid_review": ("2024-06-24", "2024-06-17"), "lcspr_completed": ("2024-12-24", "2024-12-17")}

    done = scr(db, "review", "migrate", "--all", "--from", "northshire-lcspr@1", "--to", str(V2), *REASON, *CHAIR,
               "--apply").stdout
    assert "migrated 2 reviews to northshire-lcspr@2" in done
    for reference in ("Child N", "Child M"):
        assert rapid_review_due(db, reference) == "2024-06-17"
    history = scr(db, "review", "history", "Child N").stdout
    assert "migrated" in history and "to=northshire-lcspr@2" in history and "B. Chair" in history
    assert "3 events, hash chain intact" in scr(db, "verify", "Child N").stdout
    ledger = scr(db, "audit", "ledger").stdout
    assert "migrated" in ledger
    # Nothing is left under version 1; a second run says so.
    again = scr(db, "review", "migrate", "--all", "--from", "northshire-lcspr@1", "--to", str(V2), *REASON, *CHAIR)
    assert "no open review is under northshire-lcspr@1" in again.stdout
    # And a version the store holds is named by ID@VERSION: moving back is a migration too.
    back = scr(db, "review", "migrate", "Child M", "--to", "northshire-lcspr@1", *REASON, *CHAIR, "--apply").stdout
    assert "milestone rapid_review: due 2024-06-17 -> 2024-06-24" in back
    assert rapid_review_due(db, "Child M") == "2024-06-24"


def test_an_event_the_new_version_refuses_stops_every_review_and_writes_nothing(tmp_path: Path):
    db = tmp_path / "board.db"
    open_two(db)
    scr(db, "review", "record", "Child M", "partners_informed", "--at", "07/06/2024 11:00", *LA)
    strict = tmp_path / "v3.yaml"
    strict.write_text(
        "extends: {file: " + str(V1) + "}\n"
        "procedure: {id: northshire-lcspr, version: 3}\n"
        "remove:\n"
        "  transitions: [{event: partners_informed}]\n"
        "  events: [partners_informed]\n"
        "  obligations: [report_to_partners]\n",
        encoding="utf-8",
    )
    before = scr(db, "audit", "head").stdout
    p = scr(db, "review", "migrate", "Child N", "Child M", "--to", str(strict), *REASON, *CHAIR, "--apply", rc=1)
    assert "event 3 (recorded 'partners_informed'" in p.stdout
    assert "nothing migrated: 2 reviews, and not every one can move" in p.stdout
    assert scr(db, "audit", "head").stdout == before
    assert rapid_review_due(db, "Child N") == "2024-06-24"


def test_bad_input_is_named_and_changes_nothing(tmp_path: Path):
    db = tmp_path / "board.db"
    open_two(db)
    p = scr(db, "review", "migrate", "Child N", "--to", str(V2), *REASON, *CHAIR, "--state", "scoping", rc=2)
    assert "--state 'scoping' is not OLD=NEW" in p.stderr
    p = scr(db, "review", "migrate", "Child N", "--to", "northshire-lcspr@9", *REASON, *CHAIR, rc=2)
    assert "holds no procedure 'northshire-lcspr' version 9; it holds versions 1" in p.stderr
    p = scr(db, "review", "migrate", "--all", "--to", str(V2), *REASON, *CHAIR, rc=2)
    assert "--all and --from go together" in p.stderr
    p = scr(db, "review", "migrate", "Child N", "--to", str(V2), *REASON, *LA, "--apply", rc=1)
    assert "may not migrate" in p.stderr and "safeguarding_partners" in p.stderr
    p = scr(db, "review", "migrate", "Child Z", "--to", str(V2), *REASON, *CHAIR, rc=2)
    assert "no review 'Child Z'" in p.stderr
    assert rapid_review_due(db, "Child N") == "2024-06-24"


def test_verify_finds_a_pin_set_back_outside_libscr(tmp_path: Path):
    db = tmp_path / "board.db"
    open_two(db)
    scr(db, "review", "migrate", "Child N", "--to", str(V2), *REASON, *CHAIR, "--apply")
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE reviews SET procedure_version = 1 WHERE reference = 'Child N'")
    p = scr(db, "verify", "Child N", rc=1)
    assert "its last migration (event 3) moved it to 'northshire-lcspr@2'" in p.stdout + p.stderr


def test_python_plans_and_applies_a_migration():
    utc = dt.timezone.utc
    la = libscr.Actor("A. Officer", "local_authority", "Northshire Council")
    chair = libscr.Actor("B. Chair", "safeguarding_partners")
    db = libscr.Store.in_memory(clock=lambda: dt.datetime(2024, 6, 10, 12, tzinfo=utc))
    v1, v2 = libscr.Procedure.load(V1), libscr.Procedure.load(V2)
    db.open_review(v1, "Child N", dt.datetime(2024, 6, 3, 9, tzinfo=utc), la, {"became_aware_on": dt.date(2024, 6, 3)})
    db.record("Child N", "panel_notified", dt.datetime(2024, 6, 7, 9, tzinfo=utc), la,
              {"notified_on": dt.date(2024, 6, 7)})
    assert db.open_under("northshire-lcspr", 1) == ["Child N"]

    (plan,) = db.migrate(db.open_under("northshire-lcspr", 1), v2, chair, "Revised")
    assert plan.ok and not plan.applied
    assert plan.as_of == dt.date(2024, 6, 10)
    rapid = next(d for d in plan.deadlines if d.item == "rapid_review")
    assert (rapid.change, rapid.before, rapid.after) == ("moved", dt.date(2024, 6, 24), dt.date(2024, 6, 17))
    assert rapid.agency is None
    assert str(rapid) == "milestone rapid_review: due 2024-06-24 -> 2024-06-17"
    assert plan.states[0] == libscr.MigrationState(None, None, "rapid_review", "rapid_review", False, None)
    assert "dry run" not in str(plan) and "rapid_review: due 2024-06-24 -> 2024-06-17" in str(plan)
    assert db.load("Child N").procedure.version == 1

    (done,) = db.migrate("Child N", v2, chair, "Revised", apply=True)
    assert done.applied and done.sequence == 3
    review = db.load("Child N")
    assert review.procedure.version == 2
    last = list(review.history())[-1]
    assert last.kind == "migrated" and last.data["from"] == "northshire-lcspr@1" and last.reason == "Revised"
    assert db.verify("Child N").ok
    assert db.stored_procedure("northshire-lcspr", 1).id == "northshire-lcspr"

    with pytest.raises(libscr.RuleError) as caught:
        db.migrate("Child N", v2, chair, "Again", apply=True)
    assert caught.value.rule == "migration" and "already under northshire-lcspr@2" in str(caught.value)
    with pytest.raises(libscr.InputError, match="the state mapping names 'scopin'"):
        db.migrate("Child N", v1, chair, "Back", states={"scopin": "rapid_review"})
