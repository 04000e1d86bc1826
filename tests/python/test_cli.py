"""The `scr` command, through the real executable: every review command, its
refusals and bad input, and every export opened by the tool it is meant for
(the CSV by Python's csv reader, the JSON by json, the iCalendar file by the
icalendar parser, the HTML by html.parser and by headless Chromium).

The review is Solihull's (001): referral on Monday 15 January 2024, so the
decision is due a month later, on 15 February (001:851), and is one day
overdue on the 16th.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest
from PIL import Image as image

import libscr

from cli_support import SCR, scr

REF = "Child Q, Solihull"  # a comma, so that CSV quoting is exercised
CHAIR = ["--actor", "A. Patel", "--role", "lscb_chair", "--actor-agency", "Solihull LSCB"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.db"
    scr(path, "init")
    scr(path, "review", "open", "--procedure", "solihull-2011-scr", "--reference", REF,
        "--at", "15/01/2024 09:00", *CHAIR, "--data", "incident_at=2024-01-13T22:00Z",
        "--data", "referring_agency=Police")
    scr(path, "review", "record", REF, "agency_letter_sent", "--at", "16/01/2024 11:00", *CHAIR,
        "--data", "agency=Police")
    scr(path, "review", "record", REF, "panel_convened", "--at", "19/01/2024 10:00", *CHAIR)
    return path


def test_the_executable_is_installed():
    assert SCR.exists(), f"{SCR} is missing: `pip install .` installs scr beside the interpreter"


def test_init_creates_a_store_and_says_so_again(tmp_path: Path):
    path = tmp_path / "board.db"
    version = libscr.Store.SCHEMA_VERSION
    assert version == 13
    assert scr(path, "init").stdout == f"created {path} (schema {version})\n"
    assert scr(path, "init").stdout == f"{path} is a libscr store (schema {version}) with 0 reviews\n"


def test_a_missing_database_is_named_with_the_fix(tmp_path: Path):
    p = scr(tmp_path / "none.db", "overdue", rc=2)
    assert "no database" in p.stderr and "none.db" in p.stderr and "scr init" in p.stderr
    assert not (tmp_path / "none.db").exists()


def test_open_and_record_say_what_happened(db: Path):
    p = scr(db, "review", "record", REF, "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR,
            "--data", "recommendation=scr")
    assert p.stdout == f"recorded panel_recommended as event 4 of {REF}: state awaiting_decision\n"
    p = scr(db, "review", "list")
    assert REF in p.stdout and "awaiting_decision" in p.stdout


def test_a_refused_step_exits_1_naming_the_rule_and_writes_nothing(db: Path):
    before = scr(db, "review", "history", REF).stdout
    p = scr(db, "review", "record", REF, "decision_made", "--at", "20/01/2024 10:00", *CHAIR,
            "--data", "outcome=scr", "--data", "reasons=criteria met", rc=1)
    assert "refused (rule 'transition')" in p.stderr
    assert "is not allowed while the review is in state 'panel_considering'" in p.stderr
    p = scr(db, "review", "record", REF, "panel_recommended", "--at", "29/01/2024 10:00",
            "--actor", "P. Officer", "--role", "agency_representative", "--data", "recommendation=scr", rc=1)
    assert "rule 'role'" in p.stderr
    assert scr(db, "review", "history", REF).stdout == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "31/02/2024 10:00"], "--at '31/02/2024 10:00'"),
        (["--at", "15/01/2024 25:00"], "is not HH:MM"),
        (["--data", "recommendation"], "is not key=value"),
        (["--data", "recommendation=maybe"], "recommendation"),
    ],
)
def test_bad_input_exits_2_naming_the_input(db: Path, args: list[str], message: str):
    base = ["review", "record", REF, "panel_recommended", *CHAIR]
    if not any(a == "--at" for a in args):
        base += ["--at", "29/01/2024 10:00"]
    if not any(a == "--data" for a in args):
        base += ["--data", "recommendation=scr"]
    p = scr(db, *base, *args, rc=2)
    assert message in p.stderr
    assert p.stderr.startswith("scr: ")


def test_unknown_procedure_reference_and_format_exit_2(db: Path):
    p = scr(db, "review", "open", "--procedure", "leeds-2012", "--reference", "Child Z", *CHAIR, rc=2)
    assert "unknown procedure 'leeds-2012'" in p.stderr and "scr procedures list" in p.stderr
    assert "no review 'Child Z'" in scr(db, "review", "show", "Child Z", rc=2).stderr
    assert "unknown format 'pdf'" in scr(db, "timetable", REF, "--format", "pdf", rc=2).stderr
    assert "is for a review's timetable" in scr(db, "overdue", "--format", "ics", rc=2).stderr
    assert "is not YYYY-MM" in scr(db, "report", "monthly", "--month", "2024-13", rc=2).stderr


def test_show_judges_as_of_a_day_first_date(db: Path):
    # 16.02.24 is read day-first (000:391): 16 February 2024.
    out = scr(db, "review", "show", REF, "--as-of", "16.02.24").stdout
    assert out.startswith(f"{REF} (solihull-2011-scr version 4), as of 2024-02-16: state panel_considering\n")
    decision = next(line for line in out.splitlines() if line.startswith("decision "))
    assert "2024-02-15" in decision and "overdue by 1 day" in decision


def test_every_other_command_of_the_engine(db: Path):
    scr(db, "review", "record", REF, "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR,
        "--data", "recommendation=scr")
    scr(db, "review", "record", REF, "decision_made", "--at", "01/02/2024 10:00", *CHAIR,
        "--data", "outcome=scr", "--data", "reasons=criteria met")
    p = scr(db, "review", "assign", REF, "--person", "J. Smith", "--as", "panel_chair", "--agency", "Independent",
            "--at", "05/02/2024 10:00", *CHAIR)
    assert p.stdout == f"J. Smith (Independent) is panel_chair in {REF}\n"
    assert "should not be a member of the LSCB" in p.stderr  # a "should" conflict is a warning (001:307)
    panel = ["--actor", "J. Smith", "--role", "panel_chair"]
    p = scr(db, "review", "schedule", REF, "presentation_meeting", "20/05/2024", "--time", "10:00",
            "--at", "01/03/2024 10:00", *panel)
    assert p.stdout == f"presentation_meeting of {REF} set for 2024-05-20 at 10:00\n"
    assert "is not HH:MM" in scr(db, "review", "schedule", REF, "presentation_meeting", "20/05/2024", "--time",
                                 "10am", "--at", "01/03/2024 11:00", *panel, rc=2).stderr
    scr(db, "review", "hold", REF, "--reason", "Criminal proceedings", "--at", "02/03/2024 10:00", *CHAIR)
    assert "on hold" in scr(db, "review", "show", REF, "--as-of", "2024-03-03").stdout
    scr(db, "review", "release", REF, "--note", "Charged", "--at", "04/03/2024 10:00", *CHAIR)
    # Judged as of each day: on hold from the 2nd to the release on the 4th.
    for day, held in (("2024-03-01", False), ("2024-03-03", True), ("2024-03-04", False)):
        heading = scr(db, "review", "show", REF, "--as-of", day).stdout.splitlines()[0]
        assert heading.endswith(", on hold") == held, heading
    scr(db, "review", "discharge", REF, "incident_notice", "--note", "Emailed Ofsted", "--at", "05/03/2024 10:00",
        "--actor", "R. Jones", "--role", "administrator")
    lscb = ["--actor", "Solihull LSCB", "--role", "lscb"]
    p = scr(db, "review", "extend", REF, "completion", "01/10/2024", "--reason", "trial in July",
            "--at", "06/03/2024 10:00", *lscb)
    assert p.stdout == f"completion of {REF} extended to 2024-10-01\n"
    p = scr(db, "review", "extend", REF, "completion", "01/09/2024", "--reason", "earlier",
            "--at", "07/03/2024 10:00", *lscb, rc=1)
    assert "is not after its current due date 2024-10-01" in p.stderr
    hist = scr(db, "review", "history", REF).stdout
    for what in ("assigned panel_chair", "scheduled presentation_meeting", "held", "released",
                 "discharged incident_notice", "extended completion"):
        assert what in hist, what
    assert scr(db, "review", "verify", REF).stdout == f"{REF}: 11 events, hash chain intact, ledger and projections agree\n"


def test_verify_exits_1_when_an_event_was_altered(db: Path):
    with sqlite3.connect(db) as raw:
        # Event 2 gets an actor of another name (its actor's other events keep theirs).
        raw.execute("INSERT INTO actors (name, role, agency) SELECT 'Someone else', role, agency FROM actors "
                    "WHERE actor = (SELECT actor FROM events WHERE sequence = 2)")
        raw.execute("UPDATE events SET actor = last_insert_rowid() WHERE sequence = 2")
    p = scr(db, "review", "verify", REF, rc=1)
    assert "event 2 of review 'Child Q, Solihull' does not match its hash" in p.stderr


# ---- exports ------------------------------------------------------------------------


def test_timetable_csv_is_rfc_4180(db: Path, tmp_path: Path):
    out = tmp_path / "t.csv"
    p = scr(db, "timetable", REF, "--as-of", "2024-02-16", "--format", "csv", "-o", str(out))
    assert p.stdout == "" and p.stderr == f"wrote {out}\n"
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n"), "every record ends with CRLF"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert all(r["reference"] == REF for r in rows)  # the comma survived quoting
    decision = next(r for r in rows if r["item"] == "decision")
    assert (decision["due"], decision["status"], decision["days_late"]) == ("2024-02-15", "overdue", "1")
    assert decision["statutory"] == "true"
    assert {r["kind"] for r in rows} == {"milestone", "obligation"}


def test_timetable_json_has_a_versioned_schema(db: Path):
    doc = json.loads(scr(db, "timetable", REF, "--as-of", "2024-02-16", "--format", "json").stdout)
    assert (doc["schema"], doc["version"]) == ("libscr.timetable", 2)
    assert doc["reference"] == REF and doc["as_of"] == "2024-02-16" and doc["state"] == "panel_considering"
    assert doc["procedure"] == {"id": "solihull-2011-scr", "version": 4,
                                "title": "Solihull LSCB Serious Case Review (Practice Guidance, February 2011)"}
    decision = next(e for e in doc["entries"] if e["item"] == "decision")
    assert decision["due"] == "2024-02-15" and decision["cite"][0].startswith("001:")
    letter = next(e for e in doc["entries"] if e["item"] == "chair_letter_to_agencies")
    assert letter["status"] == "discharged" and letter["completed_at"] == "2024-01-16T11:00:00Z"


def test_timetable_ics_opens_in_a_calendar_parser_and_updates_on_reimport(db: Path):
    ics = Path(db).with_name("t.ics")
    scr(db, "timetable", REF, "--as-of", "2024-02-16", "--format", "ics", "-o", str(ics))
    raw = ics.read_bytes()
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    first = raw.decode("utf-8")
    cal = icalendar.Calendar.from_ical(first)
    events = [c for c in cal.walk("VEVENT")]
    doc = json.loads(scr(db, "timetable", REF, "--as-of", "2024-02-16", "--format", "json").stdout)
    dated = [e for e in doc["entries"] if e["due"]]
    assert len(events) == len(dated)
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events), "UIDs are unique"
    decision = next(e for e in dated if e["item"] == "decision")
    ev = by_uid[decision["uid"]]
    assert ev.decoded("DTSTART").isoformat() == "2024-02-15"
    assert str(ev["SUMMARY"]) == f"{REF}: " + next(
        e["title"] for e in doc["entries"] if e["item"] == "decision")
    # A later export of the same review: the same UIDs, a higher SEQUENCE, so
    # importing it updates the entries instead of adding new ones.
    scr(db, "review", "record", REF, "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR,
        "--data", "recommendation=scr")
    second = icalendar.Calendar.from_ical(
        scr(db, "timetable", REF, "--as-of", "2024-02-16", "--format", "ics").stdout)
    again = {str(e["UID"]): e for e in second.walk("VEVENT")}
    assert set(again) == set(by_uid)
    assert int(again[decision["uid"]]["SEQUENCE"]) > int(ev["SEQUENCE"])


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, Any]] = []
        self.rows = 0
        self.classes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "tr":
            self.rows += 1
        for k, v in attrs:
            if k == "class" and v:
                self.classes.update(v.split())


def test_timetable_html_is_one_self_contained_page(db: Path, tmp_path: Path):
    lscb = ["--actor", "Solihull LSCB", "--role", "lscb"]
    scr(db, "review", "record", REF, "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR,
        "--data", "recommendation=scr")
    scr(db, "review", "record", REF, "decision_made", "--at", "01/02/2024 10:00", *CHAIR,
        "--data", "outcome=scr", "--data", "reasons=criteria met")
    scr(db, "review", "extend", REF, "completion", "01/10/2024", "--reason", "trial", "--at", "02/02/2024", *lscb)
    out = tmp_path / "t.html"
    scr(db, "timetable", REF, "--as-of", "2024-03-01", "--format", "html", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    assert page.tags[0] == "html" and "svg" in page.tags and "table" in page.tags
    # No network: nothing is loaded from elsewhere.
    assert not any(k in ("src", "href") for k, _ in page.attrs)
    assert "@import" not in text and "url(" not in text
    doc = json.loads(scr(db, "timetable", REF, "--as-of", "2024-03-01", "--format", "json").stdout)
    # The timetable (a header and a row per entry), then the history (a header
    # and a row per event).
    assert page.rows == 1 + len(doc["entries"]) + 1 + len(doc["history"])
    # Planned, actual, extended and overdue are drawn in distinct styles.
    assert {"planned", "actual", "extended", "overdue"} <= page.classes


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def test_timetable_html_renders_in_headless_chromium(db: Path, tmp_path: Path):
    assert _chromium() is not None, "headless Chromium is missing: `make deps` installs it"
    out = tmp_path / "t.html"
    scr(db, "timetable", REF, "--as-of", "2024-02-16", "--format", "html", "-o", str(out))
    png = tmp_path / "t.png"
    subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900", f"--screenshot={png}",
         out.as_uri()],
        capture_output=True, timeout=120, check=True, env={**os.environ, "HOME": str(tmp_path)},
    )
    with image.open(png) as shot:
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20, "the page rendered blank"
    # The overdue red of the chart is on the page.
    assert any(abs(r - 0xD4) < 8 and abs(g - 0x35) < 8 and abs(b - 0x1C) < 8 for _, (r, g, b) in colours)


# ---- across reviews -----------------------------------------------------------------


def test_overdue_and_due_in_three_formats(db: Path):
    out = scr(db, "overdue", "--as-of", "2024-02-16").stdout
    decision = next(line for line in out.splitlines() if re.search(r"  decision  ", line))
    assert decision.startswith("2024-02-15  1 day ")
    rows = list(csv.DictReader(io.StringIO(scr(db, "overdue", "--as-of", "2024-02-16", "--format", "csv").stdout,
                                           newline="")))
    assert any(r["item"] == "decision" and r["days_late"] == "1" for r in rows)
    doc = json.loads(scr(db, "due", "--from", "15/02/2024", "--to", "15/02/2024", "--format", "json").stdout)
    assert (doc["schema"], doc["version"]) == ("libscr.due_items", 2)
    assert [i["item"] for i in doc["items"]] == ["decision"]
    assert "nothing overdue as of 2024-01-15" in scr(db, "overdue", "--as-of", "2024-01-15").stdout
    assert "is before --from" in scr(db, "due", "--from", "2024-02-15", "--to", "2024-02-01", rc=2).stderr


def test_compliance_and_the_monthly_report(db: Path):
    scr(db, "review", "record", REF, "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR,
        "--data", "recommendation=scr")
    scr(db, "review", "record", REF, "decision_made", "--at", "01/02/2024 10:00", *CHAIR,
        "--data", "outcome=scr", "--data", "reasons=criteria met")
    out = scr(db, "compliance", "--from", "01/01/2024", "--to", "31/01/2024").stdout
    decision = next(line for line in out.splitlines() if re.search(r"  decision  ", line))
    assert "2024-02-01" in decision and "on time" in decision
    doc = json.loads(scr(db, "compliance", "--format", "json").stdout)
    assert doc["schema"] == "libscr.compliance" and len(doc["rows"]) == 2
    text = scr(db, "report", "monthly", "--month", "2024-03").stdout
    assert text.startswith("Monthly progress report, March 2024 (as of 2024-03-31): 1 open review\n")
    # Six months from the decision on 1 February (001:216).
    assert "planned completion 2024-08-01, as originally planned" in text
    doc = json.loads(scr(db, "report", "monthly", "--month", "2024-03", "--format", "json").stdout)
    assert doc["schema"] == "libscr.monthly_report" and doc["reviews"][0]["reference"] == REF


def test_retention_due_and_a_refused_purge(db: Path):
    assert scr(db, "retention", "due", "--as-of", "2040-01-01").stdout == "REFERENCE  PROCEDURE  CLOSED  DISPOSE FROM\n"
    p = scr(db, "retention", "purge", REF, "--reason", "tidy up", "--actor", "J. Lowe", "--role", "administrator", rc=1)
    assert "rule 'retention'" in p.stderr and "still open" in p.stderr


@pytest.mark.parametrize(
    "command",
    [["init"], ["review", "open"], ["review", "record"], ["review", "assign"], ["review", "schedule"],
     ["review", "extend"], ["review", "hold"], ["review", "release"], ["review", "discharge"], ["review", "show"],
     ["review", "history"], ["review", "verify"], ["review", "list"], ["timetable"], ["overdue"], ["due"],
     ["compliance"], ["report", "monthly"], ["retention", "due"], ["retention", "purge"]],
)
def test_every_command_has_help_with_an_example(command: list[str], tmp_path: Path):
    p = scr(tmp_path / "x.db", *command, "--help")
    assert "example: scr " in p.stdout, p.stdout


def _on_a_terminal(db: Path, *args: str, env: dict[str, str]) -> bytes:
    """What scr prints when its stdout is a terminal (a pseudo-terminal here)."""
    import pty

    leader, follower = pty.openpty()
    try:
        p = subprocess.run([str(SCR), "--db", str(db), *args], stdout=follower, stderr=subprocess.PIPE,
                           timeout=60, env=env)
        assert p.returncode == 0, p.stderr
        os.close(follower)
        follower = -1
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


def test_colour_only_on_a_terminal_and_never_with_no_color(db: Path):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    piped = scr(db, "overdue", "--as-of", "2024-02-16").stdout
    assert "\x1b[" not in piped
    coloured = _on_a_terminal(db, "overdue", "--as-of", "2024-02-16", env=env)
    assert b"\x1b[31m1 day\x1b[0m" in coloured
    # The columns still line up: the escapes take no width.
    plain = coloured.replace(b"\x1b[31m", b"").replace(b"\x1b[0m", b"").decode().replace("\r\n", "\n")
    assert plain == piped
    assert b"\x1b[" not in _on_a_terminal(db, "overdue", "--as-of", "2024-02-16", env={**env, "NO_COLOR": "1"})
    shown = _on_a_terminal(db, "review", "show", REF, "--as-of", "2024-02-16", env=env)
    assert b"\x1b[32mmet\x1b[0m" in shown and b"\x1b[31moverdue by 1 day\x1b[0m" in shown


def test_hold_and_release_refusals(db: Path):
    p = scr(db, "review", "release", REF, "--at", "20/01/2024 10:00", *CHAIR, rc=1)
    assert "rule 'hold'" in p.stderr and "not on hold" in p.stderr
    scr(db, "review", "hold", REF, "--reason", "Inquest", "--at", "20/01/2024 10:00", *CHAIR)
    p = scr(db, "review", "hold", REF, "--reason", "Again", "--at", "21/01/2024 10:00", *CHAIR, rc=1)
    assert "already on hold" in p.stderr


def test_a_review_closed_seven_years_ago_is_purged(tmp_path: Path):
    # Decided "not held" on 1 February 2018 (001:801): kept for 7 years
    # (001:650), so disposable from 1 February 2025, which has passed.
    db = tmp_path / "old.db"
    scr(db, "init")
    scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child O", "--at", "15/01/2018 09:00",
        *CHAIR, "--data", "incident_at=2018-01-13T22:00Z")
    scr(db, "review", "record", "Child O", "panel_convened", "--at", "19/01/2018 10:00", *CHAIR)
    scr(db, "review", "record", "Child O", "panel_recommended", "--at", "29/01/2018 10:00", *CHAIR,
        "--data", "recommendation=no_review")
    scr(db, "review", "record", "Child O", "decision_made", "--at", "01/02/2018 10:00", *CHAIR,
        "--data", "outcome=no_review", "--data", "reasons=criteria not met")
    due = scr(db, "retention", "due").stdout.splitlines()
    assert due[1].split() == ["Child", "O", "solihull-2011-scr", "2018-02-01", "2025-02-01"]
    p = scr(db, "retention", "purge", "Child O", "--reason", "7 years after closure (001:650)",
            "--actor", "J. Lowe", "--role", "administrator")
    assert p.stdout == "purged Child O (4 events); tombstone kept\n"
    assert "no review 'Child O'" in scr(db, "review", "show", "Child O", rc=2).stderr
    assert "already purged" in scr(db, "retention", "purge", "Child O", "--reason", "again", "--actor", "J. Lowe",
                                   "--role", "administrator", rc=2).stderr
