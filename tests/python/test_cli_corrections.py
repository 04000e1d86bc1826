"""Putting mistakes right from the shell, as a new user would: a mistyped date,
a forgotten --at, a late agency fact, a review opened by mistake, a person
wrongly assigned; `scr review next` for every built-in pack; and careless
input refused with the fix named. The review is Solihull's (001): referral on
Monday 15 January 2024.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import scr

from libscr import Procedure

CHAIR = ["--actor", "A. Patel", "--role", "lscb_chair", "--actor-agency", "Solihull LSCB"]
ADMIN = ["--actor", "J. Lowe", "--role", "administrator", "--actor-agency", "Solihull LSCB"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.db"
    scr(path, "init")
    scr(path, "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child Q",
        "--at", "15/01/2024 09:00", *CHAIR, "--data", "incident_at=2024-01-13T22:00Z")
    return path


def history(db: Path, ref: str = "Child Q") -> list[str]:
    return scr(db, "review", "history", ref).stdout.splitlines()


def test_a_mistyped_date_is_amended_from_the_shell(db: Path):
    scr(db, "review", "record", "Child Q", "panel_convened", "--at", "19/02/2024 10:00", *CHAIR)  # meant 19/01
    refused = scr(db, "review", "record", "Child Q", "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR,
                  "--data", "recommendation=scr", rc=1)
    assert "state 'considering'" in refused.stderr
    scr(db, "review", "amend", "Child Q", "2", "--at", "19/01/2024 10:00", "--reason", "typed 19/02 for 19/01", *ADMIN)
    scr(db, "review", "record", "Child Q", "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR,
        "--data", "recommendation=scr")
    lines = history(db)
    assert "amended (3)" in lines[2]  # event 2, superseded by 3
    assert "amended panel_convened (event 2)" in lines[3]
    assert "J. Lowe (administrator)" in lines[3] and "reason=typed 19/02 for 19/01" in lines[3]
    assert "1 correction" in scr(db, "review", "verify", "Child Q").stdout
    # The overview author may not correct the Chair's step.
    out = scr(db, "review", "amend", "Child Q", "2", "--at", "18/01/2024 10:00", "--reason", "x",
              "--actor", "M. White", "--role", "overview_author", rc=1)
    assert "may not correct event 2" in out.stderr


def test_a_forgotten_at_is_said_and_put_right(db: Path):
    # Without --at the step is dated now, and scr says so.
    p = scr(db, "review", "record", "Child Q", "panel_convened", *CHAIR)
    assert "no --at given: dated now" in p.stderr
    # The recommendation of 29 January can then not be backfilled...
    scr(db, "review", "record", "Child Q", "panel_recommended", "--at", "29/01/2024", *CHAIR,
        "--data", "recommendation=scr", rc=1)
    # ...until the step's real time is given.
    scr(db, "review", "amend", "Child Q", "2", "--at", "19/01/2024 10:00", "--reason", "forgot --at", *CHAIR)
    scr(db, "review", "record", "Child Q", "panel_recommended", "--at", "29/01/2024", *CHAIR,
        "--data", "recommendation=scr")
    assert "awaiting_decision" in scr(db, "review", "list").stdout


def test_a_late_agency_fact_goes_in_with_its_true_date(db: Path):
    scr(db, "review", "record", "Child Q", "panel_convened", "--at", "19/01/2024 10:00", *CHAIR)
    scr(db, "review", "record", "Child Q", "panel_recommended", "--at", "29/01/2024", *CHAIR,
        "--data", "recommendation=scr")
    # The letter to the Police went on 16 January; recorded only now.
    scr(db, "review", "record", "Child Q", "agency_letter_sent", "--at", "16/01/2024 11:00", *CHAIR,
        "--data", "agency=Police")
    show = scr(db, "review", "show", "Child Q", "--as-of", "01/02/2024").stdout
    assert "Police" in show
    # A decision dated before the recommendation is refused with its own error.
    out = scr(db, "review", "record", "Child Q", "decision_made", "--at", "20/01/2024", *CHAIR,
              "--data", "outcome=scr", "--data", "reasons=met", rc=1)
    assert "refused (rule 'transition')" in out.stderr


def test_a_review_opened_by_mistake_is_voided_listed_and_purged(db: Path):
    scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child Z",
        "--at", "16/01/2024 09:00", *CHAIR, "--data", "incident_at=2024-01-13T22:00Z")
    out = scr(db, "review", "void", "Child Z", "1", "--reason", "a duplicate of Child Q", *ADMIN)
    assert "Child Z is void" in out.stdout
    assert "Child Z" not in scr(db, "review", "list").stdout
    assert "Child Z" in scr(db, "review", "list", "--voided").stdout
    assert "Child Z" not in scr(db, "overdue", "--as-of", "01/06/2024").stdout
    kept = history(db, "Child Z")  # its events stay for audit, the opening marked void
    assert len(kept) == 3 and "opened referral_received" in kept[1] and kept[1].endswith("void (2)")
    scr(db, "review", "record", "Child Z", "panel_convened", "--at", "19/01/2024", *CHAIR, rc=1)
    scr(db, "retention", "purge", "Child Z", "--reason", "opened by mistake", "--actor", "K. Brown",
        "--role", "nominated_panel_member", rc=1)
    scr(db, "retention", "purge", "Child Z", "--reason", "opened by mistake", *ADMIN)
    assert "Child Z" not in scr(db, "review", "list", "--voided").stdout


def test_a_wrongly_assigned_person_is_unassigned_and_the_warning_goes(db: Path):
    scr(db, "review", "assign", "Child Q", "--person", "M. White", "--as", "panel_chair", "--agency", "Independent",
        "--declare", "member_of_involved_lscb", "--at", "16/01/2024", *CHAIR)
    p = scr(db, "review", "assign", "Child Q", "--person", "M. White", "--as", "overview_author",
            "--agency", "Independent", "--at", "17/01/2024", *CHAIR)
    assert "warning:" in p.stderr
    assert "warning:" in scr(db, "review", "show", "Child Q", "--as-of", "18/01/2024").stdout
    scr(db, "review", "unassign", "Child Q", "--person", "M. White", "--as", "panel_chair",
        "--reason", "the author should not chair the panel", "--at", "18/01/2024", *CHAIR)
    assert "warning:" not in scr(db, "review", "show", "Child Q", "--as-of", "18/01/2024").stdout
    assert "unassigned panel_chair: M. White" in "\n".join(history(db))


def test_an_item_that_does_not_apply_is_waived(db: Path):
    scr(db, "review", "waive", "Child Q", "incident_notice", "--reason", "notified by the police directly",
        "--at", "16/01/2024", *ADMIN)
    assert "incident_notice" not in scr(db, "overdue", "--as-of", "01/03/2024").stdout
    scr(db, "review", "waive", "Child Q", "incident_notice", "--reason", "again", "--at", "16/01/2024", *ADMIN, rc=1)


@pytest.mark.parametrize("pack", [
    "solihull-2011-scr", "north-yorkshire-2010-scr", "essex-2016-scr", "essex-2016-plr",
    "essex-2016-partnership-case-audit", "essex-2016-single-agency-review", "stockport-2010-imr",
    "england-2023-lcspr"])
def test_next_tells_a_new_user_what_they_can_do(tmp_path: Path, pack: str):
    path = tmp_path / "reviews.db"
    scr(path, "init")
    # Open it as the procedure says: a role that may record the opening event,
    # and a value for each field it requires.
    p = Procedure.builtin(pack)
    rows = [t for t in p.transitions if t.event == p.opened_by]
    role = rows[0].roles[0] if rows and rows[0].roles else p.roles[0].id
    sample = {"date": "2024-01-15", "instant": "2024-01-13T22:00Z", "text": "Notes", "boolean": "true",
              "integer": "1", "agency": "Police"}
    data: list[str] = []
    for f in p.event(p.opened_by).data:
        if f.required:
            data += ["--data", f"{f.name}={f.values[0] if f.values else sample[f.type]}"]
    scr(path, "review", "open", "--procedure", pack, "--reference", "Child N", "--at", "15/01/2024 09:00",
        "--actor", "A. User", "--role", role, *data)
    steps = json.loads(scr(path, "review", "next", "Child N", "--format", "json").stdout)
    assert steps["reference"] == "Child N" and steps["version"] == 1
    allowed = [s for s in steps["steps"] if s["allowed"]]
    blocked = [s for s in steps["steps"] if not s["allowed"]]
    assert any(s["action"] == "record" for s in allowed), steps
    for s in blocked:
        assert s["blocked_by"], s
    for s in allowed:
        for f in s["fields"]:
            assert f["name"] and f["type"], s
    # The first allowed event is really allowed: record it with its data.
    text = scr(path, "review", "next", "Child N").stdout
    assert text.startswith("Can be done now:\n")


def test_careless_input_is_refused_with_the_fix_named(db: Path):
    assert "--at is empty" in scr(db, "review", "record", "Child Q", "panel_convened", "--at", "", *CHAIR, rc=2).stderr
    assert "--as-of is empty" in scr(db, "overdue", "--as-of", "", rc=2).stderr
    assert "given twice" in scr(db, "review", "record", "Child Q", "panel_recommended", "--at", "19/01/2024",
                                *CHAIR, "--data", "recommendation=scr", "--data", "recommendation=no_review",
                                rc=2).stderr
    skipped = scr(db, "review", "record", "Child Q", "panel_convened", "--at", "31/03/2024 01:30", *CHAIR, rc=2).stderr
    assert "did not happen" in skipped and "00:30 GMT" in skipped and "02:30 BST" in skipped
    assert "in the future" in scr(db, "review", "record", "Child Q", "panel_convened", "--at", "01/01/2099",
                                  *CHAIR, rc=2).stderr
    assert "did you mean 'scoping'?" in scr(db, "review", "list", "--state", "scopng", rc=2).stderr
    assert "did you mean 'Child Q'?" in scr(db, "review", "show", "child q", rc=2).stderr
    # Opening before the procedure took effect: a warning, or refused with --strict.
    warned = scr(db, "review", "open", "--procedure", "england-2023-lcspr", "--reference", "Child E",
                 "--at", "01/06/2023 09:00", "--actor", "L. A.", "--role", "local_authority",
                 "--data", "became_aware_on=2023-06-01")
    assert "before procedure 'england-2023-lcspr'" in warned.stderr
    scr(db, "review", "open", "--procedure", "england-2023-lcspr", "--reference", "Child F",
        "--at", "01/06/2023 09:00", "--actor", "L. A.", "--role", "local_authority",
        "--data", "became_aware_on=2023-06-01", "--strict", rc=2)
    # A file that never ends is refused after the size limit, not read to the end.
    assert "larger than 4 MiB" in scr(db, "procedures", "check", "/dev/zero", rc=2).stderr
    # Nothing of the refused commands was stored.
    assert len(history(db)) == 2


def test_as_of_means_as_of_from_the_shell(db: Path):
    scr(db, "review", "discharge", "Child Q", "incident_notice", "--at", "01/03/2024", *ADMIN)
    assert "incident_notice" in scr(db, "overdue", "--as-of", "01/02/2024").stdout
    assert "incident_notice" not in scr(db, "overdue", "--as-of", "02/03/2024").stdout
    assert "considering" in scr(db, "review", "list", "--state", "considering", "--as-of", "16/01/2024").stdout


def test_a_keyed_store_from_the_shell(tmp_path: Path):
    path, key = tmp_path / "board.db", tmp_path / "keys" / "board.key"
    key.parent.mkdir()
    scr(path, "--key-file", str(key), "init")
    assert key.stat().st_mode & 0o077 == 0
    scr(path, "--key-file", str(key), "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child K",
        "--at", "15/01/2024 09:00", *CHAIR, "--data", "incident_at=2024-01-13T22:00Z")
    keyed = scr(path, "--key-file", str(key), "review", "verify", "Child K")
    assert keyed.stdout.endswith("hash chain intact, ledger and projections agree\n") and "no key" not in keyed.stderr
    # Without the key nothing is written; with the key file others can read, neither.
    out = scr(path, "review", "record", "Child K", "panel_convened", "--at", "19/01/2024", *CHAIR, rc=2)
    assert "is keyed" in out.stderr
    # A store made without a key says what its chain can and cannot find.
    plain = tmp_path / "plain.db"
    scr(plain, "init")
    scr(plain, "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child P",
        "--at", "15/01/2024 09:00", *CHAIR, "--data", "incident_at=2024-01-13T22:00Z")
    assert "not forgery" in scr(plain, "review", "verify", "Child P").stderr
