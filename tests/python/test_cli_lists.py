"""The command line's lists in every format (docs/cli.md): `review history`
in London time (BST in summer) or UTC, `review list` as CSV and JSON, and
`overdue` / `due` filtered by agency, owner, procedure, review and kind. The
store is the tests' tracker of 20 Solihull reviews (docs/bulk-load.md) and
one review recorded across a clock change."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from cli_support import scr
from libscr import Store

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
    assert rows[2]["by_name"] == "L. Green" and rows[2]["by_role"] == "business_manager"
    assert rows[0]["at_london"] == "2024-01-08 09:00 GMT" and len(rows[0]["hash"]) == 64
    doc = json.loads(scr(board, "review", "history", "Child A", "--format", "json").stdout)
    first = doc["events"][0]
    assert doc["reference"] == "Child A" and first["kind"] == "opened"
    assert first["at"] == "2024-01-08T09:00:00Z" and first["agency"] is None
    assert first["data"]["referring_agency"] == "Police"
    assert doc["events"][2]["by"] == {"name": "L. Green", "role": "business_manager", "agency": "Solihull LSCB"}
    # An instant in the data is exact in JSON: UTC, whatever the table shows.
    summer = json.loads(scr(board, "review", "history", "Child S2", "--format", "json").stdout)
    assert summer["events"][0]["data"]["incident_at"] == "2010-09-04T21:00:00Z"
    assert summer["events"][0]["at_london"] == "2010-09-06 10:30 BST"


def test_review_list_as_csv_and_json(board: Path):
    rows = list(csv.DictReader(io.StringIO(scr(board, "review", "list", "--format", "csv").stdout)))
    assert [r["reference"] for r in rows][:3] == ["Child S2", "Child A", "Child B"]
    assert rows[1] == {"reference": "Child A", "procedure_id": "solihull-2011-scr", "procedure_version": "4",
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


def test_a_long_list_is_written_as_it_is_read_and_whole(board: Path, tmp_path: Path):
    """`overdue` and `due` write a list as the store reads it: CSV in pieces
    of 64 KB, a table once its columns' widths are known (docs/cli.md). A
    list of several pieces is whole and in order, the same on standard
    output and in -o's file, and row for row what Store.overdue gives."""
    args = ["overdue", "--as-of", "2030-01-01"]
    text = scr(board, *args, "--format", "csv").stdout
    assert len(text.encode("utf-8")) > 3 * 64 * 1024
    rows = list(csv.DictReader(io.StringIO(text)))
    with Store(board) as store:
        items = list(store.overdue(dt.date(2030, 1, 1)))
    assert [(r["reference"], r["kind"], r["item"], r["agency"], r["title"], r["owner"], int(r["occurrence"]),
             r["due"], int(r["days_late"])) for r in rows] == \
        [(i.reference, i.kind, i.item, i.agency or "", i.title, i.owner, i.occurrence, i.due.isoformat(), i.days_late)
         for i in items]
    table = scr(board, *args).stdout
    lines = table.splitlines()
    assert len(lines) == len(items) + 1 and lines[0].split() == ["DUE", "OVERDUE", "REFERENCE", "ITEM", "AGENCY",
                                                                  "OWNER", "TITLE"]
    # Row for row the CSV's: the due date, the reference and the item where
    # the heading puts them (the columns aligned across every piece).
    at = {name: lines[0].index(name) for name in ("REFERENCE", "ITEM", "AGENCY")}
    for line, r in zip(lines[1:], rows):
        assert line.startswith(r["due"] + "  "), line
        assert line[at["REFERENCE"]:].startswith(r["reference"] + "  "), line
        item = r["item"] + (f" #{r['occurrence']}" if r["occurrence"] != "1" else "")
        assert line[at["ITEM"]:].startswith(item + " "), line
        assert line[at["AGENCY"]:].startswith((r["agency"] or "-") + " "), line
    for fmt, expected in (("csv", text), ("table", table)):
        out = tmp_path / f"overdue.{fmt}"
        assert scr(board, *args, "--format", fmt, "-o", str(out)).stderr == f"wrote {out}\n"
        assert out.read_text(encoding="utf-8") == expected
    # Filtered as it is read: the same rows as filtering the whole list.
    police = list(csv.DictReader(io.StringIO(scr(board, *args, "--format", "csv", "--agency", "Police").stdout)))
    assert police == [r for r in rows if r["agency"] == "Police"] and police


DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"

# Every list, with the arguments it needs on the fixture's board, and whether
# it offers XLSX.
LISTS = [
    (["review", "list"], True),
    (["review", "history", "Child A"], True),
    (["review", "show", "Child A", "--as-of", "2024-06-01"], False),
    (["review", "next", "Child A"], False),
    (["overdue", "--as-of", "2024-06-01"], True),
    (["due", "--from", "2024-01-01", "--to", "2024-12-31"], True),
    (["compliance", "--from", "2024-01-01", "--to", "2024-12-31"], True),
    (["report", "monthly", "--month", "2024-06"], True),
    (["retention", "due", "--as-of", "2040-01-01"], True),
    (["chronology", "list", "Child A"], True),
    (["actions", "overdue", "--as-of", "2024-06-01"], True),
]


def vocabulary() -> set[str]:
    """The names the docs' column vocabulary tables list (first column)."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("### Column vocabulary"):]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z][a-z_0-9]*)`", line.split("|")[1]))
    return names


def documented(name: str, names: set[str]) -> bool:
    # The rules the vocabulary states: ..._at an instant, ..._on a day,
    # ..._count a number.
    return name in names or re.fullmatch(r"[a-z]+(_[a-z]+)*_(at|on|count)", name) is not None


@pytest.mark.parametrize("command,xlsx", LISTS, ids=lambda v: " ".join(v) if isinstance(v, list) else str(v))
def test_every_list_gives_csv_and_json_in_the_shared_vocabulary(board: Path, tmp_path: Path, command: list[str],
                                                                  xlsx: bool):
    names = vocabulary()
    assert {"reference", "item", "days_late", "status", "by_name", "procedure_id"} <= names
    header = next(csv.reader(io.StringIO(scr(board, *command, "--format", "csv").stdout)))
    assert header and not [c for c in header if not documented(c, names)], header
    doc = json.loads(scr(board, *command, "--format", "json").stdout)
    assert isinstance(doc, dict) and doc
    # -o writes the list to a new file; the CSV flags are for CSV only.
    out = tmp_path / "list.csv"
    scr(board, *command, "--format", "csv", "--excel", "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf" + ",".join(header).encode())
    p = scr(board, *command, "--format", "json", "--raw", rc=2)
    assert "--raw is for --format csv" in p.stderr
    book = tmp_path / "list.xlsx"
    if not xlsx:
        p = scr(board, *command, "--format", "xlsx", "-o", str(book), rc=2)
        assert "--format xlsx is not offered here: table, csv or json" in p.stderr and not book.exists()
        return
    p = scr(board, *command, "--format", "xlsx", rc=2)
    assert "an XLSX workbook is written to a file: give -o FILE" in p.stderr
    scr(board, *command, "--format", "xlsx", "-o", str(book))
    with zipfile.ZipFile(book) as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
        assert "xl/worksheets/sheet1.xml" in z.namelist()
    for column in header:
        assert f">{column}<" in strings, column


def test_spreadsheets_carry_the_rows_typed(board: Path, tmp_path: Path):
    book = tmp_path / "overdue.xlsx"
    scr(board, "overdue", "--as-of", "2024-06-01", "--review", "Child A", "--format", "xlsx", "-o", str(book))
    rows = list(csv.DictReader(io.StringIO(scr(board, "overdue", "--as-of", "2024-06-01", "--review", "Child A",
                                               "--format", "csv").stdout)))
    assert rows and all(r["status"] == "overdue" for r in rows)
    with zipfile.ZipFile(book) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    # One row per item under the header; days_late a number, not text.
    assert sheet.count("<row ") == len(rows) + 1
    first_days = rows[0]["days_late"]
    assert re.search(rf'<c r="J2"[^>]*><v>{first_days}</v></c>', sheet), sheet[:2000]
    assert ">Child A<" in strings


def test_monthly_report_as_csv_has_a_row_per_review(board: Path):
    rows = list(csv.DictReader(io.StringIO(scr(board, "report", "monthly", "--month", "2024-06", "--format",
                                               "csv").stdout)))
    doc = json.loads(scr(board, "report", "monthly", "--month", "2024-06", "--format", "json").stdout)
    assert [r["reference"] for r in rows if r["closed"] == "false"] == [r["reference"] for r in doc["reviews"]]
    assert [r["reference"] for r in rows if r["closed"] == "true"] == [r["reference"] for r in doc["closed"]]
    for r, j in zip(rows, doc["reviews"]):
        assert r["procedure_id"] == j["procedure_id"] and r["state"] == j["state"]
        assert int(r["overdue_count"]) == len(j["overdue"])
        assert int(r["slippage_days"]) == j["slippage_days"]


def test_next_steps_as_csv_match_the_json(board: Path):
    rows = list(csv.DictReader(io.StringIO(scr(board, "review", "next", "Child A", "--format", "csv").stdout)))
    steps = json.loads(scr(board, "review", "next", "Child A", "--format", "json").stdout)["steps"]
    assert [(r["action"], r["name"], r["allowed"]) for r in rows] == [
        (s["action"], s["name"], "true" if s["allowed"] else "false") for s in steps]
    assert rows[0]["roles"] == "; ".join(steps[0]["roles"])
