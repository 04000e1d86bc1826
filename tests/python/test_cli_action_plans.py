"""scr actions: the Solihull Appendix 13 example plan (001:1326) loaded into a
published review from the command line, each action's due date counted from
the plan's approval when the LSCB adopted the review (001:218, 001:615),
quarterly updates and completions with evidence, overdue actions in
`scr overdue` and the monthly report, and the board's assurance report
across reviews (text, CSV, JSON, XLSX and HTML, rendered in headless
Chromium)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image as image

from cli_support import scr

DATA = Path(__file__).resolve().parents[1] / "data" / "action-plans"
PLAN = DATA / "solihull-appendix-13.csv"

CHAIR = ["--actor", "A. Patel", "--role", "lscb_chair", "--actor-agency", "Solihull LSCB"]
MANAGER = ["--actor", "L. Green", "--role", "business_manager", "--actor-agency", "Solihull LSCB"]
PANEL = ["--actor", "J. Smith", "--role", "panel_chair", "--actor-agency", "Independent"]
ADMIN = ["--actor", "R. Jones", "--role", "administrator", "--actor-agency", "Solihull LSCB"]
BOARD = ["--actor", "Solihull LSCB", "--role", "lscb", "--actor-agency", "Solihull LSCB"]
LEAD = ["--actor", "Head of Police training", "--role", "action_lead", "--actor-agency", "Police"]
MONITORING = ["--actor", "K. Lee", "--role", "performance_monitoring", "--actor-agency", "Solihull LSCB"]


def publish(db: Path, ref: str) -> None:
    """A Solihull SCR from the referral to publication: adopted (and its
    action plan approved) on 1 July 2024, published on 20 September 2024."""

    def rec(event: str, at: str, *args: str) -> None:
        scr(db, "review", "record", ref, event, "--at", at, *args)

    scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", ref, "--at", "15/01/2024 09:00",
        *CHAIR, "--data", "incident_at=2024-01-13T22:00Z", "--data", "referring_agency=Police")
    rec("agency_letter_sent", "16/01/2024 11:00", *CHAIR, "--data", "agency=Police")
    rec("involvement_confirmed", "18/01/2024 10:00", *MANAGER, "--agency", "Police", "--data", "records_secured=true")
    rec("panel_convened", "19/01/2024 10:00", *CHAIR)
    rec("panel_recommended", "29/01/2024 10:00", *CHAIR, "--data", "recommendation=scr")
    rec("decision_made", "01/02/2024 10:00", *CHAIR, "--data", "outcome=scr", "--data", "reasons=Criteria met")
    rec("independents_appointed", "05/02/2024 10:00", *CHAIR)
    scr(db, "review", "assign", ref, "--person", "J. Smith", "--as", "panel_chair", "--agency", "Independent",
        "--declare", "member_of_involved_lscb", "--at", "05/02/2024 10:00", *CHAIR)
    scr(db, "review", "assign", ref, "--person", "M. White", "--as", "overview_author", "--agency", "Independent",
        "--at", "05/02/2024 10:00", *CHAIR)
    rec("terms_of_reference_approved", "06/02/2024 10:00", *CHAIR)
    rec("imr_commissioned", "08/02/2024 10:00", *PANEL, "--data", "agency=Police", "--data",
        "author_named_by=2024-02-15", "--data", "briefing_on=2024-02-22", "--data", "imr_due_on=2024-04-30")
    rec("family_notified", "09/02/2024 10:00", *PANEL)
    rec("imr_author_named", "14/02/2024 10:00", "--actor", "P. Officer", "--role", "agency_representative",
        "--actor-agency", "Police")
    rec("authors_briefing_held", "22/02/2024 10:00", *PANEL)
    scr(db, "review", "schedule", ref, "presentation_meeting", "20/05/2024", "--time", "10:00", "--at",
        "01/03/2024 10:00", *PANEL)
    rec("imr_signed_off", "25/04/2024 10:00", "--actor", "Director of Police", "--role", "agency_senior_officer",
        "--actor-agency", "Police")
    rec("imr_submitted", "26/04/2024 10:00", "--actor", "Author for Police", "--role", "imr_author",
        "--actor-agency", "Police")
    rec("imrs_circulated", "03/05/2024 10:00", *ADMIN)
    rec("imr_presentation_meeting_held", "20/05/2024 10:00", *PANEL)
    rec("imr_presented", "20/05/2024 12:00", *PANEL, "--agency", "Police")
    rec("imr_accepted", "03/06/2024 10:00", *PANEL, "--agency", "Police")
    rec("overview_draft_presented", "10/06/2024 10:00", "--actor", "M. White", "--role", "overview_author",
        "--actor-agency", "Independent", "--data", "draft=1")
    rec("draft_report_shared", "14/06/2024 10:00", *PANEL)
    rec("final_draft_circulated", "17/06/2024 10:00", *PANEL)
    rec("fair_representation_confirmed", "24/06/2024 10:00", *PANEL)
    rec("scr_adopted", "01/07/2024 10:00", *BOARD, "--data", "other_processes_considered=true")
    rec("scr_submitted", "15/07/2024 10:00", *CHAIR)
    rec("ofsted_evaluation_received", "09/09/2024 10:00", *CHAIR, "--data", "grade=good")
    rec("summary_published", "20/09/2024 10:00", *BOARD, "--data", "published_on=2024-09-20")


@pytest.fixture(scope="module")
def published_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with two published reviews, Child Q and Child S, made once."""
    path = tmp_path_factory.mktemp("actions") / "board.db"
    scr(path, "init")
    publish(path, "Child Q")
    publish(path, "Child S")
    return path


@pytest.fixture
def db(published_store: Path, tmp_path: Path) -> Path:
    """A copy of the store for one test."""
    path = tmp_path / "board.db"
    scr(published_store, "store", "copy", str(published_store), str(path))
    return path


def import_plan(db: Path, ref: str = "Child Q") -> subprocess.CompletedProcess[str]:
    return scr(db, "actions", "import", ref, str(PLAN), "--layout", "solihull-2011", "--agency", "Police", "--at",
               "23/09/2024 10:00", *MANAGER)


def plan_json(db: Path, ref: str, as_of: str) -> dict:
    return json.loads(scr(db, "actions", "show", ref, "--as-of", as_of, "--format", "json").stdout)


def actions_of(plan: dict) -> dict[str, dict]:
    return {a["number"]: a for r in plan["recommendations"] for a in r["actions"]}


def test_the_appendix_13_plan_loads_with_due_dates_from_the_approval(db: Path):
    out = import_plan(db).stdout
    assert "2 recommendations and 7 actions recorded" in out
    plan = plan_json(db, "Child Q", "30/09/2024")
    assert plan["approved_at"] == "2024-07-01T09:00:00Z"  # 10:00 BST
    acts = actions_of(plan)
    # Approved on 1 July 2024: "Three months" is 1 October, "One month" 1 August,
    # "Six months" 1 January 2025; "Ongoing" has no date.
    assert {n: acts[n]["due"] for n in ("1.1", "1.2", "1.3", "1.4", "1.5")} == {
        "1.1": "2024-10-01", "1.2": "2024-08-01", "1.3": "2025-01-01", "1.4": "2024-08-01", "1.5": None}
    assert acts["1.1"]["by_when"] == "Three months"
    assert acts["1.1"]["lead"] == "Head of Police training"
    assert acts["1.5"]["status"] == "ongoing"
    assert acts["1.2"]["status"] == "overdue" and acts["1.2"]["days_late"] == 60
    assert acts["2.1"]["due"] == "2025-03-31"
    assert all(a["agency"] == "Police" for a in acts.values())
    first = plan["recommendations"][0]
    assert first["number"] == "1" and first["status"] == "not started"
    assert first["outcome"].startswith("Police officers acquire knowledge")


def test_a_faulty_file_or_a_second_import_records_nothing(db: Path):
    history = scr(db, "review", "history", "Child Q").stdout
    bad = scr(db, "actions", "import", "Child Q", str(DATA / "faulty" / "bad-by-when.csv"), *MANAGER, rc=1)
    assert "[by-when]" in bad.stdout and "'soonish'" in bad.stdout
    assert "nothing was recorded" in bad.stderr
    checked = scr(db, "actions", "import", "Child Q", str(PLAN), "--check", *MANAGER)
    assert "2 recommendations and 7 actions would be recorded" in checked.stdout
    assert scr(db, "review", "history", "Child Q").stdout == history
    import_plan(db)
    again = scr(db, "actions", "import", "Child Q", str(PLAN), "--at", "24/09/2024 10:00", *MANAGER, rc=2)
    assert "already has recommendation '1'" in again.stderr
    assert scr(db, "review", "history", "Child Q").stdout.count("recommendation_made") == 2


def test_overdue_actions_are_in_scr_overdue_and_the_monthly_report(db: Path):
    import_plan(db)
    items = json.loads(scr(db, "overdue", "--as-of", "15/10/2024", "--format", "json").stdout)
    rows = items["items"] if isinstance(items, dict) else items
    late = sorted((i["agency"], i["days_late"]) for i in rows if i["item"] == "action_due")
    assert late == [("1.1", 14), ("1.2", 75), ("1.4", 75)]
    report = scr(db, "report", "monthly", "--month", "2024-10").stdout
    assert "action_due (1.2): Action completed by the date the plan set, due 2024-08-01, 91 days overdue" in report
    listed = scr(db, "actions", "overdue", "--as-of", "15/10/2024", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(listed.lstrip("\ufeff"))))
    assert sorted((r["action"], r["kind"], r["days_late"]) for r in table) == [
        ("1.1", "action", "14"), ("1.2", "action", "75"), ("1.4", "action", "75")]


def test_updates_completion_return_and_sign_off(db: Path):
    import_plan(db)
    # The first quarterly update is due three months after the action was agreed.
    assert actions_of(plan_json(db, "Child Q", "01/12/2024"))["1.1"]["next_update_due"] == "2024-12-23"
    scr(db, "actions", "update", "Child Q", "1.1", "--status", "on_track", "--narrative", "Four courses booked",
        "--evidence", "Training plan v2", "--at", "20/12/2024 10:00", *LEAD)
    a = actions_of(plan_json(db, "Child Q", "24/12/2024"))["1.1"]
    assert a["next_update_due"] == "2025-03-23" and a["update_overdue"] is False
    assert a["updates"][0]["narrative"] == "Four courses booked"
    # Only the Performance Monitoring sub group signs off, and only a completed action.
    refused = scr(db, "actions", "sign-off", "Child Q", "1.1", "--at", "21/12/2024 10:00", *MONITORING, rc=1)
    assert "for action '1.1'" in refused.stderr and "state 'open'" in refused.stderr
    scr(db, "actions", "complete", "Child Q", "1.1", "--evidence", "Attendance report: 412 of 430 officers", "--at",
        "06/01/2025 10:00", *LEAD)
    scr(db, "actions", "sign-off", "Child Q", "1.1", "--at", "07/01/2025 10:00", *LEAD, rc=1)
    scr(db, "actions", "return", "Child Q", "1.1", "--reason", "No arrangements for officers who missed it", "--at",
        "07/01/2025 10:00", *MONITORING)
    assert actions_of(plan_json(db, "Child Q", "08/01/2025"))["1.1"]["status"] == "overdue"
    scr(db, "actions", "complete", "Child Q", "1.1", "--evidence", "Attendance report and catch-up sessions", "--at",
        "20/01/2025 10:00", *LEAD)
    scr(db, "actions", "sign-off", "Child Q", "1.1", "--at", "21/01/2025 10:00", *MONITORING)
    a = actions_of(plan_json(db, "Child Q", "31/01/2025"))["1.1"]
    assert a["status"] == "implemented"
    assert a["completion_evidence"] == "Attendance report and catch-up sessions"
    assert [u["kind"] for u in a["updates"]] == ["update", "completed", "returned", "completed", "signed off"]
    assert "hash chain intact" in scr(db, "verify", "Child Q").stdout


def complete_recommendation_1(db: Path, ref: str) -> None:
    for n in ("1.1", "1.2", "1.3", "1.4", "1.5"):
        scr(db, "actions", "complete", ref, n, "--evidence", "Report to the sub group", "--at", "03/02/2025 10:00",
            *LEAD)
        scr(db, "actions", "sign-off", ref, n, "--at", "04/02/2025 10:00", *MONITORING)


def test_the_assurance_report_says_how_many_recommendations_are_implemented(db: Path, tmp_path: Path):
    import_plan(db, "Child Q")
    import_plan(db, "Child S")
    complete_recommendation_1(db, "Child Q")
    report = json.loads(scr(db, "actions", "report", "--from", "01/04/2024", "--as-of", "31/03/2025", "--format",
                            "json").stdout)
    assert report["recommendations"] == 4
    assert report["implemented"] == 1
    assert report["proportion_implemented"] == pytest.approx(0.25)
    assert report["actions"] == 14
    assert report["actions_implemented"] == 5
    assert report["completed_in_period"] == 5
    # Child Q: 2.1 (31 March 2025) is not yet late; 2.2 (six months: 1 January) is.
    # Child S: all but the ongoing 1.5, and 2.1, are late.
    assert report["actions_overdue"] == 1 + 5
    assert sorted(r["reference"] for r in report["reviews"]) == ["Child Q", "Child S"]
    text = scr(db, "actions", "report", "--from", "01/04/2024", "--as-of", "31/03/2025").stdout
    assert "Implemented            1 (25.0%)" in text
    xlsx = tmp_path / "assurance.xlsx"
    scr(db, "actions", "report", "--as-of", "31/03/2025", "--format", "xlsx", "-o", str(xlsx))
    assert os.stat(xlsx).st_mode & 0o077 == 0
    with zipfile.ZipFile(xlsx) as book:
        sheets = set(re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode()))
    assert {"Summary", "By agency", "Themes", "Reviews", "Actions"} <= sheets


def test_export_in_either_layout_reads_back(db: Path, tmp_path: Path):
    import_plan(db)
    scr(db, "actions", "update", "Child Q", "1.1", "--narrative", "Four courses booked", "--at", "20/12/2024 10:00",
        *LEAD)
    for layout in ("solihull-2011", "stockport-2010"):
        out = tmp_path / f"{layout}.xlsx"
        scr(db, "actions", "export", "Child Q", "--layout", layout, "--as", "xlsx", "--as-of", "31/12/2024", "-o",
            str(out))
        checked = scr(db, "actions", "import", "Child S", str(out), "--layout", layout, "--check", *MANAGER)
        assert "2 recommendations and 7 actions would be recorded" in checked.stdout
    text = scr(db, "actions", "export", "Child Q", "--as-of", "31/12/2024").stdout
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Outcome", "Recommendation", "Actions", "By Whom?", "By When?"]
    assert any("Four courses booked" in cell for row in rows for cell in row)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def test_the_html_report_renders_in_headless_chromium(db: Path, tmp_path: Path):
    browser = _chromium()
    assert browser is not None, "headless Chromium is missing: `make deps` installs it"
    import_plan(db)
    page = tmp_path / "assurance.html"
    scr(db, "actions", "report", "--as-of", "31/03/2025", "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    png = tmp_path / "assurance.png"
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900", f"--screenshot={png}",
                    page.as_uri()], capture_output=True, timeout=120, check=True, env=env)
    with image.open(png) as shot:
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 10, "the page rendered blank"


def test_every_actions_command_has_an_example_in_its_help():
    for sub in ("recommend", "add", "update", "complete", "return", "sign-off", "show", "overdue", "report", "import",
                "export"):
        out = scr(Path("unused.db"), "actions", sub, "--help").stdout
        assert "example: scr actions " + sub in out, sub
