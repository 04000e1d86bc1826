"""Moving reviews between stores (docs/review-export.md): Store.export_reviews
and Store.import_reviews, `scr review export` and `scr review import`. Every
export is validated against the shipped JSON Schema; a review round-tripped
through two stores (on PostgreSQL in the second run: `store_name` makes each
a schema of its own) keeps its events, hashes and ledger head."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cli_support import scr
from libscr import Actor, InputError, RoleError, Store

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "libscr.reviews.v1.schema.json").read_text())
UTC = dt.timezone.utc
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
ADMIN = Actor("J. Lowe", "administrator", "Solihull LSCB")


def at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=UTC)


def walk(db: Store) -> None:
    """Child Q to the decision, with a correction; Child R opened only."""
    db.open_review("solihull-2011-scr", "Child Q", at(2024, 1, 15, 9), CHAIR,
                   {"incident_at": at(2024, 1, 13, 22) + dt.timedelta(microseconds=123456),
                    "referring_agency": "Police"})
    db.record("Child Q", "panel_convened", at(2024, 1, 19), CHAIR)
    db.record("Child Q", "panel_recommended", at(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    db.amend("Child Q", 3, reason="the minutes say 11:00", by=ADMIN, at=at(2024, 1, 29, 11))
    db.record("Child Q", "decision_made", at(2024, 2, 1), CHAIR, {"outcome": "scr", "reasons": "Criteria met"})
    db.open_review("solihull-2011-scr", "Child R", at(2024, 2, 1, 9), CHAIR, {"incident_at": at(2024, 1, 30, 22)})


def history(db: Store, ref: str) -> list[tuple[Any, ...]]:
    return [(e.sequence, e.event, e.recorded_at, e.previous_hash, e.hash) for e in db.history(ref)]


def test_an_export_follows_its_schema_and_imports_with_the_same_events_hashes_and_head(store_name):
    src = Store(store_name("from.db"))
    walk(src)
    document = src.export_reviews()
    jsonschema.validate(json.loads(document), SCHEMA)
    dst = Store(store_name("to.db"))
    result = dst.import_reviews(document, ADMIN)
    assert result.references == ("Child Q", "Child R") and result.events == 6
    assert not result.check_only and not result.resealed
    for ref in ("Child Q", "Child R"):
        assert history(dst, ref) == history(src, ref)
        assert dst.verify(ref).ok
    source_heads = {e.reference: (e.sequence, e.event_hash) for e in src.ledger()}
    entries = list(dst.ledger())
    assert [e.kind for e in entries] == ["imported", "imported"]
    assert {e.reference: (e.sequence, e.event_hash) for e in entries} == source_heads
    assert "by J. Lowe (administrator" in entries[0].note
    assert dst.verify_all().ok
    # The timetables agree, deadline by deadline.
    assert [(r.milestone, r.agency, r.due) for r in dst.load("Child Q").timetable(dt.date(2024, 3, 1))] == \
        [(r.milestone, r.agency, r.due) for r in src.load("Child Q").timetable(dt.date(2024, 3, 1))]


def test_one_review_by_reference_and_a_file_by_path(store_name, tmp_path: Path):
    src = Store(store_name("from.db"))
    walk(src)
    path = tmp_path / "child-r.json"
    path.write_text(src.export_reviews(["Child R"]))
    doc = json.loads(path.read_text())
    jsonschema.validate(doc, SCHEMA)
    assert [r["reference"] for r in doc["reviews"]] == ["Child R"]
    dst = Store(store_name("to.db"))
    assert dst.import_reviews(path, ADMIN, check_only=True).references == ("Child R",)
    assert dst.references() == []
    dst.import_reviews(path, ADMIN)
    assert dst.references() == ["Child R"]
    assert f"imported from '{path}'" in list(dst.ledger())[0].note
    with pytest.raises(InputError, match="'Child Nobody'"):
        src.export_reviews(["Child Nobody"])


def test_an_altered_export_is_refused_naming_the_event_and_nothing_is_imported(store_name):
    src = Store(store_name("from.db"))
    walk(src)
    doc = json.loads(src.export_reviews())
    doc["reviews"][0]["events"][4]["data"]["outcome"] = "no_scr"
    dst = Store(store_name("to.db"))
    with pytest.raises(InputError, match=r"event 5 \(recorded decision_made.*of review 'Child Q'.*does not match its "
                                         r"hash.*Nothing was imported"):
        dst.import_reviews(json.dumps(doc), ADMIN)
    assert dst.references() == [] and list(dst.ledger()) == []
    with pytest.raises(RoleError, match="may not import"):
        dst.import_reviews(src.export_reviews(), CHAIR)
    with pytest.raises(InputError, match="is not JSON"):
        dst.import_reviews("{", ADMIN)


def test_the_command_line_moves_a_board_and_refuses_an_altered_file(tmp_path: Path):
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    walk(Store(old))
    out = tmp_path / "board.json"
    scr(old, "review", "export", "--all", "-o", str(out))
    jsonschema.validate(json.loads(out.read_text()), SCHEMA)
    assert (out.stat().st_mode & 0o777) == 0o600  # it holds children's names
    scr(new, "init")
    admin = ["--actor", "J. Lowe", "--role", "administrator", "--actor-agency", "Solihull LSCB"]
    p = scr(new, "review", "import", str(out), "--check", *admin)
    assert p.stdout.startswith("checked 2 reviews (6 events) from ")
    assert "nothing was written" in p.stdout
    p = scr(new, "review", "import", str(out), *admin)
    assert p.stdout.splitlines()[0] == f"imported 2 reviews (6 events) from {out}"
    assert "verified" in scr(new, "verify", "--all").stdout
    assert scr(new, "review", "export", "Child Q").stdout == scr(old, "review", "export", "Child Q").stdout.replace(
        json.loads(scr(old, "review", "export", "Child Q").stdout)["exported_at"],
        json.loads(scr(new, "review", "export", "Child Q").stdout)["exported_at"])
    # Again: the references are taken.
    p = scr(new, "review", "import", str(out), *admin, rc=2)
    assert "is already in store" in p.stderr and "Nothing was imported" in p.stderr
    # Altered: refused by name, exit 2.
    doc = json.loads(out.read_text())
    doc["reviews"][1]["events"][0]["by"]["name"] = "Someone Else"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    third = tmp_path / "third.db"
    scr(third, "init")
    p = scr(third, "review", "import", str(bad), *admin, rc=2)
    assert "event 1 (opened" in p.stderr and "'Child R'" in p.stderr and "does not match its hash" in p.stderr
    assert "Child" not in scr(third, "review", "list").stdout
    p = scr(old, "review", "export", rc=2)
    assert "name the reviews to export, or give --all" in p.stderr
