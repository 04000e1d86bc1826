"""How firm each rule's source is (docs/procedure-language.md, "Names and
citations"): the England 2023 pack says, for every deadline and duty,
whether it rests on statute, statutory guidance, the national Panel's
guidance, local practice, or nothing found; `scr procedures list` and
`show`, the pack pages, and every form of a review's timetable show it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cli_support import scr
from libscr import Procedure, Store, reports

LA = ["--actor", "A. Officer", "--role", "local_authority"]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "procedures" / "england-2023-lcspr.md"


def england_review(tmp_path: Path) -> Path:
    # A child seriously harmed; the local authority became aware on Friday
    # 12 April 2024 and notified the Panel on 16 April.
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "open", "--procedure", "england-2023-lcspr", "--reference", "Child E", "--at",
        "12/04/2024 15:00", *LA, "--data", "became_aware_on=2024-04-12")
    scr(db, "review", "record", "Child E", "panel_notified", "--at", "16/04/2024 10:00", *LA,
        "--data", "notified_on=2024-04-16")
    return db


def test_the_pack_states_the_firmness_of_every_rule():
    p = Procedure.builtin("england-2023-lcspr")
    items = list(p._core.milestones) + list(p._core.obligations)
    items += [o for t in p._core.tracks for o in t.obligations]
    assert items and all(i.confidence for i in items), [i.id for i in items if not i.confidence]
    assert all(len(i.basis) > 30 for i in items)
    firmness = {i.id: i.confidence for i in items}
    assert firmness["panel_notification"] == "statutory_guidance"
    assert firmness["rapid_review"] == "national_guidance"
    assert firmness["monitor_review"] == "statute"
    assert firmness["copy_to_ofsted"] == "not_found"
    rows = {r["id"]: r for r in p.table("milestones")}
    assert rows["rapid_review"]["confidence"] == "national_guidance"
    # Packs written before the field say nothing, rather than seeming firm.
    solihull = Procedure.builtin("solihull-2011-scr")
    assert all(m.confidence is None for m in solihull._core.milestones)


def test_procedures_list_and_show_say_how_firm(tmp_path: Path):
    listed = scr(tmp_path / "none.db", "procedures", "list").stdout
    line = next(li for li in listed.splitlines() if li.startswith("england-2023-lcspr"))
    assert "1 statutory guidance" in line and "1 national guidance" in line and "2 not confirmed" in line
    solihull = next(li for li in listed.splitlines() if li.startswith("solihull-2011-scr"))
    assert " -  " in solihull
    shown = scr(tmp_path / "none.db", "procedures", "show", "england-2023-lcspr").stdout
    assert "wt2023:5 Rapid reviews [national guidance]" in shown
    assert "How firm each rule is" in shown
    assert "rapid_review: national guidance. The Panel: rapid reviews are 'usually completed within 15" in shown


def test_the_timetable_shows_it_in_every_form(tmp_path: Path):
    db = england_review(tmp_path)
    text = scr(db, "timetable", "Child E", "--as-of", "2024-04-20").stdout
    assert "15 working days after panel_notified.notified_on [national guidance]" in text
    rows = list(csv.DictReader(io.StringIO(scr(db, "timetable", "Child E", "--as-of", "2024-04-20", "--format",
                                               "csv").stdout)))
    by_item = {r["item"]: r for r in rows}
    assert by_item["panel_notification"]["confidence"] == "statutory_guidance"
    assert by_item["rapid_review"]["confidence"] == "national_guidance"
    # 15 working days from Tuesday 16 April 2024: 8 May, past the early May
    # bank holiday (Monday 6 May).
    assert by_item["rapid_review"]["due"] == "2024-05-08"
    doc = json.loads(scr(db, "timetable", "Child E", "--as-of", "2024-04-20", "--format", "json").stdout)
    entries = {e["item"]: e for e in doc["entries"]}
    assert entries["copy_to_ofsted"]["confidence"] == "not_found"
    html = scr(db, "timetable", "Child E", "--as-of", "2024-04-20", "--format", "html").stdout
    assert '<span class="firmness">(national guidance)</span>' in html
    with Store(db) as store:
        entry = next(e for e in reports.timetable(store.load("Child E"), "2024-04-20") if e.item == "rapid_review")
    assert entry.confidence == "national_guidance"


def test_the_pack_page_has_the_firmness_table():
    page = DOCS.read_text(encoding="utf-8")
    assert "## How firm each rule is" in page
    assert "| rapid_review | national guidance |" in page.replace("|  | rapid_review", "| rapid_review")
    assert "wt2023:5 Rapid reviews [national guidance]" in page


def test_procedures_list_rules_gives_every_rule_with_its_firmness(tmp_path: Path):
    lines = scr(tmp_path / "none.db", "procedures", "list", "--rules").stdout.splitlines()
    assert lines[0].split()[:5] == ["PACK", "RULE", "DUE", "FIRMNESS", "SOURCE"]
    rapid = next(li for li in lines if li.split()[:2] == ["england-2023-lcspr", "rapid_review"])
    assert "15 working days after panel_notified.notified_on" in rapid and "national guidance" in rapid
    assert rapid.rstrip().endswith("wt2023:5 Rapid reviews")
    packs = {li.split()[0] for li in lines[1:]}
    assert {"england-2023-lcspr", "england-wales-2016-dhr", "england-2014-sar", "solihull-2011-scr"} <= packs
    # A pack that does not say how firm its rules are shows "-", not a guess.
    solihull = next(li for li in lines if li.split()[:2] == ["solihull-2011-scr", "decision"])
    assert "  -  " in solihull
    sar = next(li for li in lines if li.split()[:2] == ["england-2014-sar", "account_in_annual_report"])
    assert "statute" in sar and "ca2014:sch2 para4" in sar
