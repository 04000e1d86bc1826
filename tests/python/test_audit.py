"""The store's audit from Python and from `scr`: the ledger and its head,
verify_all against an anchored head, projections checked and repaired
(docs/security.md). Every attack edits the store directly, as someone with
the file (or the database's rights) would; `make test` runs the tests that
name their store with `store_name` on SQLite and again on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from cli_support import scr
from conftest import tamper
from libscr import Actor, InputError, RoleError, Store, StoreError
from libscr.store import LedgerEntry, LedgerHead, RepairResult, StoreVerifyResult

UTC = dt.timezone.utc
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
ADMIN = Actor("J. Lowe", "administrator", "Solihull LSCB")
CHAIR_CLI = ["--actor", "A. Patel", "--role", "lscb_chair", "--actor-agency", "Solihull LSCB"]
ADMIN_CLI = ["--actor", "J. Lowe", "--role", "administrator", "--actor-agency", "Solihull LSCB"]


def two_reviews(path: str) -> Store:
    """Child Q (three events) and Child R (one), under Solihull 2011."""
    db = Store(path)
    db.open_review("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=UTC), CHAIR,
                   {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC)})
    db.record("Child Q", "panel_convened", dt.datetime(2024, 1, 19, 10, tzinfo=UTC), CHAIR)
    db.record("Child Q", "panel_recommended", dt.datetime(2024, 1, 29, 10, tzinfo=UTC), CHAIR,
              {"recommendation": "scr"})
    db.open_review("solihull-2011-scr", "Child R", dt.datetime(2024, 2, 1, 9, tzinfo=UTC), CHAIR,
                   {"incident_at": dt.datetime(2024, 1, 30, 22, tzinfo=UTC)})
    return db




def test_the_ledger_and_its_head(store_name) -> None:
    db = two_reviews(store_name())
    head = db.head()
    assert isinstance(head, LedgerHead)
    assert head.position == 4 and len(head.hash) == 64
    assert LedgerHead.parse(head.text()) == head
    assert str(head) == f"4:{head.hash}"
    entries = db.ledger()
    assert [e.reference for e in entries] == ["Child Q", "Child Q", "Child Q", "Child R"]
    assert [e.sequence for e in entries] == [1, 2, 3, 1]
    assert all(isinstance(e, LedgerEntry) and e.kind == "events" for e in entries)
    assert entries[2].event_hash == db.history("Child Q")[-1].hash
    assert [e.position for e in db.ledger(start=2, limit=2)] == [2, 3]
    frame = db.ledger().to_pandas()
    assert list(frame["position"]) == [1, 2, 3, 4]
    result = db.verify_all(head)
    assert isinstance(result, StoreVerifyResult)
    assert result.ok and result.problems == () and result.reviews == 2 and result.events == 4
    assert result.head == head
    assert db.verify_all(head.text()).ok


@pytest.mark.parametrize("bad", ["", "4", "4:", "x:" + "0" * 64, "4:" + "A" * 64, "4:" + "0" * 63])
def test_a_head_that_is_not_position_colon_hash_is_refused(store_name, bad: str) -> None:
    db = two_reviews(store_name())
    with pytest.raises(InputError, match="is not POSITION:HASH"):
        db.verify_all(bad)
    with pytest.raises(InputError, match="is not POSITION:HASH"):
        LedgerHead.parse(bad)


@pytest.mark.parametrize("misuse", [4, b"4:00", 4.0])
def test_misused_arguments_raise_type_error(store_name, misuse: object) -> None:
    db = two_reviews(store_name())
    with pytest.raises(TypeError, match="expect_head must be a LedgerHead"):
        db.verify_all(misuse)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="start must be an int"):
        db.ledger(start="1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit must be 1 or more, not 0"):
        db.ledger(limit=0)


def test_a_deleted_review_and_a_rolled_back_file_are_found(tmp_path: Path) -> None:
    path = tmp_path / "reviews.db"
    two_reviews(path).close()
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    with Store(path) as db:
        db.record("Child R", "panel_convened", dt.datetime(2024, 2, 5, 10, tzinfo=UTC), CHAIR)
        anchored = db.head()
    shutil.copyfile(copy, path)
    with Store(path) as db:
        assert db.verify_all().ok
        rolled = db.verify_all(anchored)
        assert not rolled.ok
        assert "fewer than the 5 of the anchored head" in rolled.problems[0]
    tamper(path, "DELETE FROM events WHERE reference = 'Child R'")
    tamper(path, "DELETE FROM reviews WHERE reference = 'Child R'")
    with Store(path) as db:
        gone = db.verify_all()
        assert any("review 'Child R' is gone" in p for p in gone.problems), gone.problems


def test_edited_projections_are_found_and_repaired(store_name) -> None:
    path = store_name()
    two_reviews(path).close()
    assert tamper(path, "UPDATE milestone_projection SET completed_on = '2024-02-02' "
                        "WHERE reference = 'Child R' AND milestone = 'decision'") == 1
    with Store(path) as db:
        assert not any(i.reference == "Child R" and i.item == "decision" for i in db.overdue(dt.date(2024, 5, 1)))
        v = db.verify("Child R")
        assert not v.ok and v.first_altered is None
        assert v.problems == ("milestone_projection of review 'Child R', row (decision): completed_on is "
                              "'2024-02-02', the events give empty",)
        with pytest.raises(RoleError, match="may not repair"):
            db.repair_projections(CHAIR, "edited rows")
        fixed = db.repair_projections(ADMIN, "edited rows")
        assert isinstance(fixed, RepairResult)
        assert fixed.repaired == ("Child R",) and len(fixed.differences) == 1
        assert db.verify("Child R").ok
        assert any(i.reference == "Child R" and i.item == "decision" for i in db.overdue(dt.date(2024, 5, 1)))
        last = db.ledger()[-1]
        assert last.kind == "repaired" and "by J. Lowe (administrator, Solihull LSCB): edited rows" in last.note


def test_an_edited_procedure_refuses_writes(store_name) -> None:
    path = store_name()
    two_reviews(path).close()
    assert tamper(path, "UPDATE procedures SET definition = replace(definition, 'within: 1 month', "
                        "'within: 2 months')") == 1
    with Store(path) as db:
        with pytest.raises(StoreError, match="procedure definition .* was changed outside libscr"):
            db.record("Child R", "panel_convened", dt.datetime(2024, 2, 5, 10, tzinfo=UTC), CHAIR)
        assert db.sequence("Child R") == 1


# ---- the command line ----------------------------------------------------------------


def cli_store(store_name) -> str:
    db = store_name()
    scr(db, "init")
    scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child Q",
        "--at", "15/01/2024 09:00", *CHAIR_CLI, "--data", "incident_at=2024-01-13T22:00Z")
    scr(db, "review", "record", "Child Q", "panel_convened", "--at", "19/01/2024 10:00", *CHAIR_CLI)
    return db


def test_cli_head_verify_all_and_an_anchored_head(store_name) -> None:
    db = cli_store(store_name)
    head = scr(db, "audit", "head").stdout.strip()
    position, digest = head.split(":")
    assert position == "2" and len(digest) == 64
    ok = scr(db, "verify", "--all", "--expect-head", head)
    assert ok.stdout.startswith("1 review (2 events), 0 tombstones and the ledger (2 entries) verified; head 2:")
    assert "no key" in ok.stderr
    assert scr(db, "verify", "Child Q").stdout.endswith("hash chain intact, ledger and projections agree\n")
    # A head from the future (or another store) is not reached.
    later = scr(db, "verify", "--all", "--expect-head", "9:" + digest, rc=1)
    assert "fewer than the 9 of the anchored head" in later.stderr
    assert "scr verify: give a REFERENCE or --all" in scr(db, "verify", rc=2).stderr
    assert "is not POSITION:HASH" in scr(db, "verify", "--all", "--expect-head", "2", rc=2).stderr


def test_cli_ledger_in_every_format(tmp_path: Path, store_name) -> None:
    db = cli_store(store_name)
    table = scr(db, "audit", "ledger").stdout
    assert table.splitlines()[0].split()[:3] == ["#", "WHEN", "(UTC)"]
    assert len(table.splitlines()) == 3
    doc = json.loads(scr(db, "audit", "ledger", "--format", "json").stdout)
    assert doc["schema"] == "libscr.ledger"
    assert [e["sequence"] for e in doc["entries"]] == [1, 2]
    csv = scr(db, "audit", "ledger", "--format", "csv", "--from", "2").stdout
    assert csv.splitlines()[0] == "position,at,kind,reference,sequence,event_hash,context_hash,hash,note"
    assert csv.splitlines()[1].startswith("2,")
    out = tmp_path / "ledger.csv"
    scr(db, "audit", "ledger", "--format", "csv", "-o", str(out))
    assert out.stat().st_mode & 0o077 == 0
    assert "already exists" in scr(db, "audit", "ledger", "-o", str(out), rc=2).stderr


def test_cli_verify_names_the_damage_and_repair_fixes_projections(store_name) -> None:
    db = cli_store(store_name)
    tamper(db, "UPDATE reviews SET state = 'closed' WHERE reference = 'Child Q'")
    bad = scr(db, "verify", "Child Q", rc=1)
    assert "reviews row of review 'Child Q': state is 'closed'" in bad.stderr
    assert "1 problem in 1 review" in scr(db, "verify", "--all", rc=1).stderr
    refused = scr(db, "repair", "projections", "--reason", "edited", *CHAIR_CLI, rc=1)
    assert "may not repair" in refused.stderr
    fixed = scr(db, "repair", "projections", "--reason", "verify found an edited state", *ADMIN_CLI)
    assert "1 of 1 review repaired" in fixed.stdout
    scr(db, "verify", "--all")
    assert "repaired" in scr(db, "audit", "ledger").stdout
    tamper(db, "DELETE FROM events WHERE reference = 'Child Q' AND sequence = 2")
    tamper(db, "UPDATE reviews SET sequence = 1 WHERE reference = 'Child Q'")
    refused = scr(db, "review", "record", "Child Q", "panel_recommended", "--at", "29/01/2024 10:00", *CHAIR_CLI,
                  "--data", "recommendation=scr", rc=2)
    assert "event 2 was deleted outside libscr" in refused.stderr
    assert "not repaired while reviews are damaged" in scr(db, "repair", "projections", "--reason", "x",
                                                           *ADMIN_CLI, rc=2).stderr
