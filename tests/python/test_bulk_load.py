"""Loading many reviews' steps from one table (docs/bulk-load.md):
Store.load_steps and `scr review load`, on the tests' tracking spreadsheet of
20 Solihull reviews (tests/data/bulk-load/tracker.csv, 200 rows in date
order). The Store tests run again on PostgreSQL (`store_name`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cli_support import scr
from libscr import Procedure, Store

TRACKER = Path(__file__).resolve().parents[1] / "data" / "bulk-load" / "tracker.csv"
UTC = dt.timezone.utc


def faulty(tmp_path: Path) -> tuple[Path, int]:
    """The tracker with Child C's recommendation dated 31 February; the row's number."""
    lines = TRACKER.read_text().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("Child C,,panel_recommended,"))
    cells = lines[row].split(",")
    cells[3] = "31/02/2024 10:00"
    lines[row] = ",".join(cells)
    path = tmp_path / "faulty.csv"
    path.write_text("\n".join(lines) + "\n")
    return path, row + 1


def test_the_tracker_loads_in_one_call_and_again_adds_nothing(store_name):
    db = Store(store_name())
    result = db.load_steps(TRACKER)
    assert (result.loaded, result.refused) == (20, 0)
    assert [r.reference for r in result.reviews] == [f"Child {chr(65 + k)}" for k in range(20)]
    assert all(r.opened and len(r.rows) == 10 and r.events_after == 10 for r in result.reviews)
    a = db.load("Child A")
    assert a.state == "agency_reviews"
    opening = db.history("Child A")[0].event
    assert opening.at == dt.datetime(2024, 1, 8, 9, tzinfo=UTC)  # 09:00 GMT in January
    assert opening.data["incident_at"] == dt.datetime(2024, 1, 6, 22, tzinfo=UTC)
    assert db.verify_all().ok
    again = db.load_steps(TRACKER.read_bytes())
    assert again.loaded == 20 and all(r.skipped == 10 and not r.opened for r in again.reviews)
    assert db.sequence("Child T") == 10


def test_a_faulty_row_is_named_and_its_review_loads_nothing(store_name, tmp_path: Path):
    path, row = faulty(tmp_path)
    db = Store(store_name())
    checked = db.load_steps(path, check_only=True)
    assert checked.check_only and checked.loaded == 19 and db.references() == []
    result = db.load_steps(path)
    c = next(r for r in result.reviews if r.reference == "Child C")
    assert not c.loaded
    assert c.error.startswith(f"row {row}, column 'Occurred at': '31/02/2024 10:00'")
    assert "Child C" not in db.references() and len(db.references()) == 19


def test_a_boards_own_procedure_is_named_by_id(store_name, tmp_path: Path):
    own = Procedure.loads(Procedure.builtin_source("solihull-2011-scr").replace(
        "id: solihull-2011-scr", "id: our-board-scr", 1))
    table = tmp_path / "ours.csv"
    table.write_text("Reference,Procedure,Event,At,Actor,Role,Actor agency,incident_at\n"
                     "Child Z,our-board-scr,referral_received,15/01/2024 09:00,A. Patel,lscb_chair,Solihull LSCB,"
                     "13/01/2024 22:00\n")
    db = Store(store_name())
    assert db.load_steps(table, procedures=[own]).loaded == 1
    assert db.load("Child Z").procedure.id == "our-board-scr"


def test_the_command_line_loads_checks_and_refuses_by_row(tmp_path: Path):
    db = tmp_path / "board.db"
    scr(db, "init")
    p = scr(db, "review", "load", str(TRACKER), "--check")
    assert p.stdout.splitlines()[-1] == "checked 20 reviews: 20 would load, 0 refused; nothing was written"
    path, row = faulty(tmp_path)
    p = scr(db, "review", "load", str(path), rc=2)
    assert f"refused Child C (nothing loaded for it): row {row}, column 'Occurred at'" in p.stdout
    assert p.stdout.splitlines()[-1] == "20 reviews: 19 loaded, 1 refused"
    p = scr(db, "review", "load", str(TRACKER))
    assert "loaded Child C: opened, 10 steps" in p.stdout
    assert "loaded Child A: 0 steps after its 10 events (10 rows were recorded already)" in p.stdout
    assert "verified" in scr(db, "verify", "--all").stdout


@pytest.mark.parametrize("header, missing", [("Reference,Event,Actor", "'at', 'role'")])
def test_a_table_without_its_columns_loads_nothing(tmp_path: Path, header: str, missing: str):
    table = tmp_path / "t.csv"
    table.write_text(header + "\nChild A,referral_received,A. Patel\n")
    db = tmp_path / "board.db"
    scr(db, "init")
    p = scr(db, "review", "load", str(table), rc=2)
    assert f"has no {missing} column" in p.stderr and "Nothing was loaded" in p.stderr
