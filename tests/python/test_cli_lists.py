"""The command line's lists in every format (docs/cli.md): `review history`
in London time (BST in summer) or UTC, `review list` as CSV and JSON, and
`overdue` / `due` filtered by agency, owner, procedure, review and kind. The
store is the tests' tracker of 20 Solihull reviews (docs/bulk-load.md) and
one review recorded across a clock change."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli_support import scr

TRACKER = Path(__file__).resolve().parents[1] / "data" / "bulk-load" / "tracker.csv"
CHAIR = ["--actor", "A. Patel", "--role", "lscb_chair", "--actor-agency", "Solihull LSCB"]


@pytest.fixture()
def board(tmp_path: Path) -> Path:
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "load", str(TRACKER))
    # A summer review: 10:30 in London is 09:30 UTC.
    scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child S2", "--at",
        "06/09/2010 10:30", *CHAIR, "--data", "incident_at=2010-09-04T21:00Z")
    return db


def test_history_is_in_london_time_unless_utc(board: Path):
    lines = scr(board, "review", "history", "Child S2").stdout.splitlines()
    assert "AT (LONDON)" in lines[0]
    assert "2010-09-06 10:30 BST" in lines[1] and "incident_at=2010-09-04 22:00 BST" in lines[1]
    utc = scr(board, "review", "history", "Child S2", "--utc").stdout.splitlines()
    assert "AT (UTC)" in utc[0] and "2010-09-06T09:30:00Z" in utc[1]
    winter = scr(board, "review", "history", "Child A").stdout.splitlines()
    assert "2024-01-08 09:00 GMT" in winter[1]


def test_history_as_csv_and_json_carries_every_field(board: Path):
    rows = list(csv.DictReader(io.StringIO(scr(board, "review", "history", "Child A", "--format", "csv").stdout)))
    assert len(rows) == 10
    assert rows[2]["name"] == "involvement_confirmed" and rows[2]["agency"] == "Police"
    assert rows[2]["actor"] == "L. Green" and rows[2]["role"] == "business_manager"
    assert rows[0]["at_london"] == "2024-01-08 09:00 GMT" and len(rows[0]["hash"]) == 64
    doc = json.loads(scr(board, "review", "history", "Child A", "--format", "json").stdout)
    first = doc["events"][0]
    assert doc["reference"] == "Child A" and first["kind"] == "opened"
    assert first["at"] == "2024-01-08T09:00:00Z" and first["agency"] is None
    assert first["data"]["referring_agency"] == "Police"
    # An instant in the data is exact in JSON: UTC, whatever the table shows.
    summer = json.loads(scr(board, "review", "history", "Child S2", "--format", "json").stdout)
    assert summer["events"][0]["data"]["incident_at"] == "2010-09-04T21:00:00Z"
    assert summer["events"][0]["at_london"] == "2010-09-06 10:30 BST"


def test_review_list_as_csv_and_json(board: Path):
    rows = list(csv.DictReader(io.StringIO(scr(board, "review", "list", "--format", "csv").stdout)))
    assert [r["reference"] for r in rows][:3] == ["Child S2", "Child A", "Child B"]
    assert rows[1] == {"reference": "Child A", "procedure": "solihull-2011-scr", "procedure_version": "4",
                       "state": "agency_reviews", "closed": "false", "opened_on": "2024-01-08", "closed_on": "",
                       "events": "10", "voided": "false"}
    doc = json.loads(scr(board, "review", "list", "--format", "json").stdout)
    assert len(doc["reviews"]) == 21 and doc["reviews"][1]["closed_on"] is None


def test_overdue_and_due_are_filtered(board: Path):
    def overdue(*filters: str) -> list[dict[str, str]]:
        out = scr(board, "overdue", "--as-of", "2024-06-01", "--format", "csv", *filters).stdout
        return list(csv.DictReader(io.StringIO(out)))

    everything = overdue()
    police = overdue("--agency", "Police")
    assert police and all(r["agency"] == "Police" for r in police)
    assert len(police) == sum(1 for r in everything if r["agency"] == "Police")
    child_b = overdue("--review", "Child B", "--kind", "milestone")
    assert {r["reference"] for r in child_b} == {"Child B"} and all(r["kind"] == "milestone" for r in child_b)
    owners = overdue("--owner", "panel_chair")
    assert owners and all(r["owner"] == "panel_chair" for r in owners)
    assert overdue("--procedure", "solihull-2011-scr") == everything
    due = scr(board, "due", "--from", "2024-04-01", "--to", "2024-04-30", "--format", "csv", "--review", "Child C").stdout
    assert {r["reference"] for r in csv.DictReader(io.StringIO(due))} == {"Child C"}
    p = scr(board, "overdue", "--kind", "deadline", rc=2)
    assert "--kind 'deadline' is not milestone or obligation" in p.stderr
    p = scr(board, "overdue", "--review", "Child Nobody", rc=2)
    assert "--review 'Child Nobody'" in p.stderr
