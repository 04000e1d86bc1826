"""`scr chronology`, through the real executable: formats listed, shown and
checked; a review's setup; agencies' files checked and imported (refused,
returned, accepted); the list, a selection, the merge's gaps; the exports,
each opened by the tool it is for (Python's csv and json, libscr's XLSX
reader or openpyxl, html.parser, and headless Chromium for the HTML).

The case is "Child R" of tests/data/chronology (README.md and ERRORS.md give
what the files hold), in a North Yorkshire review whose three IMR tracks
wait for their chronologies, as docs/chronology.md runs it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import libscr

from cli_support import scr
from PIL import Image as image

DATA = Path(__file__).resolve().parents[1] / "data" / "chronology"
REF = "Child R"
AGENCIES = ("Police", "Social Care", "Health")
FILES = {"Police": "police", "Social Care": "social-care", "Health": "health"}
MANAGER = ["--actor", "M. Manager", "--role", "lscb_manager"]
ADMIN = ["--actor", "J. Lee", "--role", "administrator"]
SUBCOMMANDS = ("formats", "setup", "check", "import", "list", "show", "merge", "export")
# The agencies' colours in the exports, in order of name (Health, Police, Social Care).
COLOURS = ((0xDC, 0xEB, 0xFA), (0xFC, 0xE4, 0xCC), (0xDD, 0xF2, 0xDD))


def writer(agency: str) -> list[str]:
    return ["--actor", f"IMR writer, {agency}", "--role", "imr_author"]


def errors_md(name: str) -> list[tuple[int, str, str, str, str]]:
    """ERRORS.md's table for a faulty file: (row, column, cell, rule, level)."""
    text = (DATA / "ERRORS.md").read_text(encoding="utf-8")
    section = text.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0]
    out = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            out.append((int(cells[0]), cells[1], cells[2], cells[3], cells[4]))
    return sorted(out)


#: A line of a return report: "  error   row 5, B5 (Time): ... [time-missing]".
REPORT_LINE = re.compile(r"^  (error|warning) +(?:row (\d+)|file)(?:, ([A-Z]+\d+))?(?: \((.*?)\))?: .* \[([a-z-]+)\]$")


def report_issues(report: str) -> list[tuple[int, str, str, str, str]]:
    out = []
    for line in report.splitlines()[1:]:
        m = REPORT_LINE.match(line)
        assert m, f"not a report line: {line!r}"
        level, row, cell, column, rule = m.groups()
        out.append((int(row or 0), column or "", cell or "", rule, level))
    return sorted(out)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """Child R (docs/chronology.md, "A review from start to finish"): each
    agency's IMR track waits for its chronology."""
    path = tmp_path / "reviews.db"
    scr(path, "init")
    scr(path, "review", "open", "--procedure", "north-yorkshire-2010-scr", "--reference", REF,
        "--at", "04/03/2024 09:00", *MANAGER, "--data", "referred_by=Police")
    scr(path, "review", "record", REF, "sub_group_met", "--at", "05/03/2024 10:00", "--actor", "S. Chair",
        "--role", "sub_group_chair", "--data", "recommendation=scr")
    scr(path, "review", "record", REF, "manager_report_presented", "--at", "06/03/2024 10:00", *MANAGER)
    scr(path, "review", "record", REF, "recommendation_forwarded", "--at", "06/03/2024 11:00", *MANAGER)
    scr(path, "review", "record", REF, "decision_made", "--at", "07/03/2024 10:00", "--actor", "L. Chair",
        "--role", "lscb_chair", "--data", "outcome=scr")
    scr(path, "review", "record", REF, "ofsted_notified", "--at", "08/03/2024 10:00", *MANAGER)
    for a in AGENCIES:
        scr(path, "review", "record", REF, "imr_commissioned", "--at", "08/03/2024 11:00", *MANAGER,
            "--data", f"agency={a}")
        scr(path, "review", "record", REF, "writer_identified", "--agency", a, "--at", "11/03/2024 10:00",
            "--actor", f"Senior, {a}", "--role", "agency_senior_officer", "--data", "health_service=false")
    return path


def set_up(db: Path, format_id: str = "stockport-2010") -> str:
    return scr(db, "chronology", "setup", REF, "--file", str(DATA / "setup.yaml"), "--format", format_id,
               "--at", "12/03/2024 09:00", *ADMIN).stdout


def import_correct(db: Path) -> None:
    for agency, day, suffix in (("Police", "02", "csv"), ("Health", "03", "xlsx"), ("Social Care", "08", "xlsx")):
        p = scr(db, "chronology", "import", REF, str(DATA / "stockport-2010" / f"{FILES[agency]}.{suffix}"),
                "--agency", agency, "--at", f"{day}/04/2024 10:00", *writer(agency))
        assert p.stdout.startswith(f"Chronology from {agency} (stockport-2010): accepted, ")


@pytest.fixture()
def full(db: Path) -> Path:
    """The review set up in Stockport's format, the faulty Social Care file
    returned, and the three correct files accepted."""
    set_up(db)
    scr(db, "chronology", "import", REF, str(DATA / "stockport-2010" / "social-care-faulty.xlsx"),
        "--agency", "Social Care", "--at", "01/04/2024 10:00", *writer("Social Care"),
        "--returned-by", "J. Lee", "--returned-role", "administrator", rc=1)
    import_correct(db)
    return db


# ---- formats ---------------------------------------------------------------------------


def test_formats_lists_the_built_in_formats():
    out = scr(Path("unused.db"), "chronology", "formats").stdout
    ids = [line.split("  ", 1)[0] for line in out.splitlines()]
    assert ids == libscr.ChronologyFormat.builtin_ids()
    assert "stockport-2010  Stockport IMR comprehensive chronology" in out.splitlines()
    assert not Path("unused.db").exists()


def test_formats_shows_a_formats_columns_and_rules():
    out = scr(Path("unused.db"), "chronology", "formats", "stockport-2010").stdout
    lines = out.splitlines()
    assert lines[0] == "stockport-2010 version 1: Stockport IMR comprehensive chronology"
    assert "dates: dd/mm/yy; times: HH:MM; a time must be given (00:00 when not known, with the reason)" in lines[1]
    assert "entries without one go first in their day" in lines[1]
    columns = lines[lines.index("  columns:") + 1:]
    assert [c.strip().split("  [")[0] for c in columns] == [
        c.title for c in libscr.ChronologyFormat.builtin("stockport-2010").columns]
    assert "    Event description, actions and outcomes  [event: text, summary, required, checked for names] (also headed Event description)" in lines


BAD = """\
format:
  id: Our Board
  title: Ours
  dates: [dd/mm/yyyy, mm/dd]
  times: ["HH:MM", 5pm]
  time: always
  columns:
    - {id: date, title: Date, type: date, role: date, required: true}
    - {id: what, title: What happened, type: text, role: summry}
"""


def test_formats_check_lists_every_problem_at_its_line_and_exits_1(tmp_path: Path):
    bad = tmp_path / "bad-format.yaml"
    bad.write_text(BAD, encoding="utf-8")
    p = scr(tmp_path / "unused.db", "chronology", "formats", "--check", str(bad), rc=1)
    lines = p.stdout.splitlines()
    positioned = [re.match(rf"^{re.escape(str(bad))}:(\d+):(\d+): error: .* \[([a-z-]+)\]$", line) for line in lines]
    assert all(positioned), lines
    assert [(int(m.group(1)), m.group(3)) for m in positioned if m] == [
        (2, "bad-id"), (4, "bad-date-form"), (5, "bad-time-form"), (6, "bad-value"), (9, "bad-value")]
    assert "did you mean 'summary'?" in lines[-1]
    # The same problems, at the same places, as the library gives them.
    assert lines == [str(d) for d in libscr.ChronologyFormat.check_file(bad)]
    good = tmp_path / "our-format.yaml"
    good.write_text(libscr.ChronologyFormat.builtin("essex-2016").source.replace("essex-2016", "our-board"),
                    encoding="utf-8")
    assert scr(tmp_path / "unused.db", "chronology", "formats", "--check", str(good)).stdout == \
        f"{good}: a valid chronology format\n"


# ---- setup, check, import ------------------------------------------------------------------


def test_setup_from_the_file_with_a_format(db: Path):
    assert set_up(db) == ("Child R: chronologies in stockport-2010; period 2023-03-01 to 2024-02-29; "
                          "6 terms of reference questions, 17 acronyms, 16 known names\n")
    with libscr.Store(db) as store:
        assert store.chronology_setup(REF) == libscr.ChronologySetup.load(DATA / "setup.yaml", format="stockport-2010")


def test_setup_refuses_a_file_written_for_another_review(db: Path, tmp_path: Path):
    other = tmp_path / "setup.yaml"
    other.write_text((DATA / "setup.yaml").read_text(encoding="utf-8").replace("reference: Child R",
                                                                               "reference: Child Q"),
                     encoding="utf-8")
    p = scr(db, "chronology", "setup", REF, "--file", str(other), "--format", "stockport-2010",
            "--actor", "J. Lee", "--role", "administrator", rc=2)
    assert "this is the setup of review 'Child Q', not 'Child R'" in p.stderr
    with libscr.Store(db) as store:  # nothing set: the procedure's format alone
        assert store.chronology_setup(REF).acronyms == ()
    assert "Child R: chronologies in" in set_up(db)


def test_check_prints_the_return_report_and_exits_1_for_the_faulty_file(db: Path):
    set_up(db)
    p = scr(db, "chronology", "check", REF, str(DATA / "stockport-2010" / "social-care-faulty.xlsx"),
            "--agency", "Social Care", rc=1)
    assert p.stdout.splitlines()[0] == \
        "Chronology from Social Care (stockport-2010): RETURNED for amendment: 12 errors, 1 warning"
    assert report_issues(p.stdout) == errors_md("stockport-2010/social-care-faulty.csv")
    # The report is the library's.
    setup = libscr.ChronologySetup.load(DATA / "setup.yaml", format="stockport-2010")
    assert p.stdout == libscr.check_chronology(setup, "Social Care",
                                               DATA / "stockport-2010" / "social-care-faulty.xlsx").report()
    good = scr(db, "chronology", "check", REF, str(DATA / "stockport-2010" / "police.xlsx"), "--agency", "Police")
    assert good.stdout == "Chronology from Police (stockport-2010): accepted, 16 entries\n"
    # Nothing is recorded by a check.
    assert json.loads(scr(db, "chronology", "list", REF, "--format", "json").stdout)["chronologies"] == []


def test_import_of_a_faulty_file_records_nothing_unless_it_is_returned(db: Path):
    set_up(db)
    faulty = str(DATA / "stockport-2010" / "social-care-faulty.xlsx")
    history = scr(db, "review", "history", REF).stdout
    p = scr(db, "chronology", "import", REF, faulty, "--agency", "Social Care", "--at", "01/04/2024 10:00",
            *writer("Social Care"), rc=1)
    assert "RETURNED for amendment: 12 errors, 1 warning" in p.stdout
    assert p.stderr == "nothing was recorded: send the report to the agency\n"
    assert scr(db, "review", "history", REF).stdout == history
    assert json.loads(scr(db, "chronology", "list", REF, "--format", "json").stdout)["chronologies"] == []

    p = scr(db, "chronology", "import", REF, faulty, "--agency", "Social Care", "--at", "01/04/2024 10:00",
            *writer("Social Care"), "--returned-by", "J. Lee", "--returned-role", "administrator", rc=1)
    assert p.stderr.startswith("returned: the return is ") and "recorded" in p.stderr
    [row] = json.loads(scr(db, "chronology", "list", REF, "--format", "json").stdout)["chronologies"]
    assert {k: row[k] for k in ("agency", "version", "status", "at", "file", "entries", "errors", "warnings")} == {
        "agency": "Social Care", "version": 1, "status": "returned", "at": "2024-04-01T09:00:00Z",
        "file": "social-care-faulty.xlsx", "entries": 21, "errors": 12, "warnings": 1}
    assert (row["by"]["name"], row["by"]["role"]) == ("J. Lee", "administrator")
    after = scr(db, "review", "history", REF).stdout.splitlines()
    assert re.search(r"recorded chronology_submitted +Social Care +IMR writer, Social Care \(imr_author\)", after[-2])
    assert re.search(r"recorded chronology_returned +Social Care +J\. Lee \(administrator\)", after[-1])
    # One of --returned-by and --returned-role without the other is refused.
    p = scr(db, "chronology", "import", REF, faulty, "--agency", "Social Care", "--at", "01/04/2024 10:00",
            *writer("Social Care"), "--returned-by", "J. Lee", rc=2)
    assert "--returned-by and --returned-role together" in p.stderr


def test_list_in_json_gives_every_import_in_order(full: Path):
    doc = json.loads(scr(full, "chronology", "list", REF, "--format", "json").stdout)
    assert doc["version"] == 1
    rows = doc["chronologies"]
    assert [(r["agency"], r["version"], r["status"], r["entries"]) for r in rows] == [
        ("Social Care", 1, "returned", 21), ("Police", 1, "accepted", 16), ("Health", 1, "accepted", 20),
        ("Social Care", 2, "accepted", 22)]
    assert [r["by"]["name"] for r in rows] == ["J. Lee", "IMR writer, Police", "IMR writer, Health",
                                               "IMR writer, Social Care"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["sha256"]) for r in rows)
    table = scr(full, "chronology", "list", REF).stdout.splitlines()
    assert table[0].split() == ["AGENCY", "VERSION", "STATUS", "AT", "(UTC)", "BY", "FILE", "ENTRIES", "ERRORS",
                                "WARNINGS", "SHA256"]
    assert len(table) == 5 and "J. Lee (administrator)" in "\n".join(table)
    # As CSV, who is three columns, as in every list.
    header = next(csv.reader(io.StringIO(scr(full, "chronology", "list", REF, "--format", "csv").stdout)))
    assert header[4:7] == ["by_name", "by_role", "by_agency"]


def test_show_selects_the_entries_naming_an_acronym_as_csv(full: Path):
    out = scr(full, "chronology", "show", REF, "--subject", "M", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    titles = [c.title for c in libscr.ChronologyFormat.builtin("stockport-2010").columns]
    assert rows[0] == ["Agency", *titles, "Agency's row"]
    # By hand: the rows of the three files whose "Subject of recording" names M.
    expected = set()
    for agency in AGENCIES:
        with open(DATA / "stockport-2010" / f"{FILES[agency]}.csv", encoding="utf-8-sig", newline="") as f:
            for number, r in enumerate(csv.reader(f), start=1):
                if number > 1 and "M" in [c.strip() for c in r[3].split(",")]:
                    expected.add((agency, str(number)))
    assert {(r[0], r[-1]) for r in rows[1:]} == expected and len(rows) - 1 == len(expected)
    assert all("M" in [c.strip() for c in r[4].split(",")] for r in rows[1:])
    dates = [tuple(reversed(r[1].split("/"))) for r in rows[1:]]
    assert dates == sorted(dates)  # in the merged order


def test_merge_shows_the_77_day_gap(full: Path):
    out = scr(full, "chronology", "merge", REF, "--gaps", "60").stdout
    lines = out.splitlines()
    assert lines[0] == "Child R: 58 entries from 3 agencies (stockport-2010)"
    assert "  Police: 16 entries, 2 without a time" in lines
    assert "  2023-07-17 to 2023-10-02: 77 days" in lines
    gaps = lines[lines.index(next(x for x in lines if x.startswith("Periods of more than 60 days"))) + 1:]
    assert gaps[0] == "  2023-07-17 to 2023-10-02: 77 days" and gaps[1] == ""
    assert "Known names in the text: none" in lines
    # The longer gaps of one agency are not gaps of all of them.
    assert "  2023-07-17 to 2023-10-02: 77 days" not in scr(full, "chronology", "merge", REF, "--gaps", "77").stdout


# ---- exports ---------------------------------------------------------------------------------


def test_export_as_xlsx_writes_a_workbook_readable_by_its_owner_only(full: Path, tmp_path: Path):
    out = tmp_path / "child-r.xlsx"
    assert scr(full, "chronology", "export", REF, "--as", "xlsx", "-o", str(out)).stderr == f"wrote {out}\n"
    assert mode(out) == 0o600
    rows = libscr.read_chronology(out).rows
    assert len(rows) == 59 and rows[0][0].text == "Agency"
    with libscr.Store(full) as store:
        merged = store.merged_chronology(REF)
        assert out.read_bytes() == merged.export("xlsx", title=REF)
    at = [c.text for c in rows[0]].index("Agency's row")
    assert [(r[0].text, r[at].text) for r in rows[1:]] == [(e.agency, str(e.row)) for e in merged.entries]
    # An XLSX goes to a file, and never over one unless told to.
    assert "-o FILE" in scr(full, "chronology", "export", REF, "--as", "xlsx", rc=2).stderr
    scr(full, "chronology", "export", REF, "--as", "xlsx", "-o", str(out), rc=2)
    scr(full, "chronology", "export", REF, "--as", "xlsx", "-o", str(out), "--force")
    assert mode(out) == 0o600


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.headings: list[str] = []
        self._th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "th":
            self._th = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        self._th = self._th and tag != "th"

    def handle_data(self, data: str) -> None:
        if self._th:
            self.headings[-1] += data


def learning_event_html(db: Path, tmp_path: Path) -> Path:
    out = tmp_path / "learning-event.html"
    scr(db, "chronology", "export", REF, "--as", "html", "--learning-event", "-o", str(out))
    return out


def test_export_as_html_for_a_learning_event(full: Path, tmp_path: Path):
    out = learning_event_html(full, tmp_path)
    assert mode(out) == 0o600
    text = out.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    assert page.tags[0] == "html" and "svg" in page.tags and "script" not in page.tags
    assert not any(k in ("src", "href") for k, _ in page.attrs)  # nothing loaded from elsewhere
    assert "<title>Multi-agency chronology: Child R (Learning Event copy)</title>" in text
    assert page.headings == ["Agency", *[c.title for c in libscr.ChronologyFormat.builtin("stockport-2010").columns]]
    assert text.count("<tr style=") == 58
    assert "size: A4 landscape" in text


def test_the_essex_learning_event_export_leaves_out_the_comments(db: Path, tmp_path: Path):
    set_up(db, "essex-2016")
    for agency, day in (("Police", "02"), ("Health", "03"), ("Social Care", "08")):
        scr(db, "chronology", "import", REF, str(DATA / "essex-2016" / f"{FILES[agency]}.csv"), "--agency", agency,
            "--at", f"{day}/04/2024 10:00", *writer(agency))
    comments = "Comments, analysis and observations of practice"
    full = next(csv.reader(io.StringIO(scr(db, "chronology", "export", REF).stdout.lstrip("\ufeff"))))
    copy = next(csv.reader(io.StringIO(scr(db, "chronology", "export", REF, "--learning-event").stdout.lstrip("\ufeff"))))
    assert comments in full and copy == [h for h in full if h != comments]
    page = _Page()
    page.feed(learning_event_html(db, tmp_path).read_text(encoding="utf-8"))
    assert comments not in page.headings


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def test_the_html_export_renders_in_headless_chromium(full: Path, tmp_path: Path):
    browser = _chromium()
    assert browser is not None, "headless Chromium is missing: `make deps` installs it"
    out = tmp_path / "child-r.html"
    scr(full, "chronology", "export", REF, "--as", "html", "-o", str(out))
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
              f"--user-data-dir={tmp_path / 'profile'}"]
    env = {**os.environ, "HOME": str(tmp_path)}
    png = tmp_path / "child-r.png"
    subprocess.run([*common, "--window-size=1400,1000", f"--screenshot={png}", out.as_uri()],
                   capture_output=True, timeout=120, check=True, env=env)
    with image.open(png) as shot:
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20, "the page rendered blank"
    # Each agency's colour is on the page (its legend, its lane and its rows).
    present = {rgb for _, rgb in colours}
    assert all(c in present for c in COLOURS), [c for c in COLOURS if c not in present]
    # Printed: A4 landscape pages (842 x 595 points), more than one for 58 entries.
    pdf = tmp_path / "child-r.pdf"
    subprocess.run([*common, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri()],
                   capture_output=True, timeout=120, check=True, env=env)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes, "no page in the PDF"
    assert all(abs(float(w) - 841.9) < 2 and abs(float(h) - 595.3) < 2 for w, h in boxes), boxes[:3]
    assert len(boxes) > 1


# ---- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_each_subcommands_help_shows_an_example(subcommand: str):
    out = scr(Path("unused.db"), "chronology", subcommand, "--help").stdout
    assert re.search(rf"^  example: scr chronology {subcommand}\b", out, re.M), out
