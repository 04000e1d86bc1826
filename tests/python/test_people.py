"""People are compared as people, from Python and from the shell: the
independence rules hold whatever spelling a name is given in, near matches
are warned about, and person ids keep two people of one name apart or make
two spellings one person.

Stockport's IMR procedure (002) forbids the overview report author to chair
the SCR Panel (002:56, "must"); the IMR is requested on Monday 4 March 2024.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cli_support import scr

from libscr import Actor, ConflictError, DataError, InputError, Review, RuleError, Store

LONDON = ZoneInfo("Europe/London")
PACK = "stockport-2010-imr"
REF = "Child S (Police IMR)"
MANAGER = Actor("B. Manager", "business_manager", "Stockport SCB")
RULE = "The overview report author should not be the chair of the SCR Panel"
LETTER = {"agency": "Police", "confirm_by": dt.date(2024, 3, 11), "chronology_by": dt.date(2024, 4, 8),
          "imr_by": dt.date(2024, 5, 31)}


def london(y: int, m: int, d: int, hh: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hh, tzinfo=LONDON)


def with_author(name: str = "J. Smith", person_id: str | None = None) -> Review:
    r = Review.open(PACK, REF, london(2024, 3, 4), MANAGER, LETTER)
    r.assign(name, "overview_author", "Independent", london(2024, 3, 5), MANAGER, person_id=person_id)
    return r


# ---- a review in memory ------------------------------------------------------------------


@pytest.mark.parametrize("spelling", [
    "J. Smith ", "j. smith", "J Smith", "Smith, J.", "J. Sm\u0456th", "J.\u00a0Smith", "\uff2a. Smith", "SMITH J",
])
def test_the_author_may_not_chair_the_panel_under_another_spelling(spelling: str):
    r = with_author()
    with pytest.raises(ConflictError) as e:
        r.assign(spelling, "panel_chair", "Independent", london(2024, 3, 6), MANAGER)
    assert e.value.conflict_rule == RULE
    assert f"'{spelling}' is the same person as 'J. Smith', who already holds overview_author" in str(e.value)
    assert len(r.history()) == 2  # nothing was recorded


def test_a_different_person_is_accepted_and_a_near_one_warned_about():
    r = with_author("Ann Lee")
    r.assign("K. Smith", "panel_chair", "Independent", london(2024, 3, 6), MANAGER)
    assert list(r.warnings()) == []
    r = with_author("Ann Lee")
    r.assign("Anne Lee", "panel_chair", "Independent", london(2024, 3, 6), MANAGER)
    [w] = r.warnings()
    assert w.kind == "near_match"
    assert w.message.startswith("'Anne Lee' (panel_chair) may be the same person as 'Ann Lee' (overview_author): "
                                "the names are one letter apart")
    assert w.rule == RULE and w.strength == "must" and w.cite == ("002:56",)
    assert list(r.warnings(dt.date(2024, 3, 5))) == []
    # The kind is a category of the DataFrame, not a missing value.
    df = r.warnings().to_pandas()
    assert list(df["kind"]) == ["near_match"]


def test_unassignment_finds_the_person_under_another_spelling():
    r = with_author()
    r.unassign("smith, j", "overview_author", "chairs the panel instead", london(2024, 3, 6), MANAGER)
    assert list(r.assignments()) == []
    r.assign("J Smith", "panel_chair", "Independent", london(2024, 3, 7), MANAGER)
    assert [a.person for a in r.assignments()] == ["J Smith"]


def test_person_ids_keep_two_people_of_one_name_apart_and_join_two_spellings():
    r = with_author("J. Smith", "E100")
    r.assign("J. Smith", "panel_chair", "Independent", london(2024, 3, 6), MANAGER, person_id="E200")
    assert [(a.person, a.role, a.person_id) for a in r.assignments()] == [
        ("J. Smith", "overview_author", "E100"), ("J. Smith", "panel_chair", "E200")]
    assert r.assignments()[0].declarations == ()
    [w] = r.warnings()
    assert w.kind == "near_match" and "their person ids say they are two people" in w.message
    assert r.history()[-1].data == {"person_id": "E200"}
    # The same id is the same person, whatever the name.
    r = with_author("Jane Smith", "E100")
    with pytest.raises(ConflictError, match=r"'Jane Jones' is the same person as 'Jane Smith' \(person id E100\)"):
        r.assign("Jane Jones", "panel_chair", "Independent", london(2024, 3, 6), MANAGER, person_id="e-100")


def test_unassignment_takes_a_person_id():
    r = Review.open(PACK, REF, london(2024, 3, 4), MANAGER, LETTER)
    declarations = ["directly_concerned_with_the_child_or_family", "immediate_line_manager_of_practitioners_involved",
                    "less_than_two_management_lines_from_decisions_in_the_case"]
    r.assign("A. Author", "imr_author", "Police", london(2024, 3, 5), MANAGER, declarations, person_id="P1")
    r.assign("A. Author", "imr_author", "Health", london(2024, 3, 5, 11), MANAGER, declarations, person_id="P2")
    with pytest.raises(RuleError, match="give the person id"):
        r.unassign("A. Author", "imr_author", "mistake", london(2024, 3, 6), MANAGER)
    r.unassign("A. Author", "imr_author", "mistake", london(2024, 3, 6), MANAGER, person_id="P2")
    assert [a.person_id for a in r.assignments()] == ["P1"]


def test_a_bad_person_id_is_refused_naming_it():
    r = Review.open(PACK, REF, london(2024, 3, 4), MANAGER, LETTER)
    with pytest.raises(DataError, match="the person id of 'J. Smith' is '--', which has no letter or digit") as e:
        r.assign("J. Smith", "panel_chair", "Independent", london(2024, 3, 5), MANAGER, person_id="--")
    assert e.value.field == "person_id"
    with pytest.raises(TypeError, match="person_id must be text"):
        r.assign("J. Smith", "panel_chair", "Independent", london(2024, 3, 5), MANAGER, person_id=100)  # type: ignore[arg-type]
    with pytest.raises(DataError, match="'person_id' is not a declaration"):
        r.assign("J. Smith", "panel_chair", "Independent", london(2024, 3, 5), MANAGER, ["person_id"])


# ---- stored --------------------------------------------------------------------------------


def test_a_stored_person_id_is_in_the_hash_chain_and_reloads(tmp_path: Path):
    path = tmp_path / "reviews.db"
    with Store(path) as db:
        db.open_review(PACK, REF, london(2024, 3, 4), MANAGER, LETTER)
        db.assign(REF, "J. Smith", "overview_author", "Independent", london(2024, 3, 5), MANAGER, person_id="E100")
        with pytest.raises(ConflictError, match="'J Smith' is the same person as 'J. Smith' \\(person id E100\\)"):
            db.assign(REF, "J Smith", "panel_chair", "Independent", london(2024, 3, 6), MANAGER, person_id="e100")
        assert db.sequence(REF) == 2
        assert db.assign(REF, "J. Smith", "panel_chair", "Independent", london(2024, 3, 6), MANAGER,
                         person_id="E200") == 3
        assert db.assign(REF, "K. Jones", "designated_senior_manager", "Police", london(2024, 3, 6), MANAGER) == 4
    with Store(path) as db:
        assert [a.person_id for a in db.load(REF).assignments()] == ["E100", "E200", ""]
        assert db.history(REF)[1].event.data == {"person_id": "E100"}
        assert db.verify(REF).ok
    # The id is hashed: changing it behind the store's back is found.
    import contextlib
    import sqlite3
    with contextlib.closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("UPDATE events SET payload = ? WHERE sequence = 2", ('{"person_id":"E200"}',))
    with Store(path) as db:
        assert db.verify(REF).first_altered == 2


# ---- from the shell -------------------------------------------------------------------------


ACT = ["--actor", "B. Manager", "--role", "business_manager"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.db"
    scr(path, "init")
    scr(path, "review", "open", "--procedure", PACK, "--reference", REF, "--at", "04/03/2024 10:00", *ACT,
        "--data", "agency=Police", "--data", "confirm_by=2024-03-11", "--data", "chronology_by=2024-04-08",
        "--data", "imr_by=2024-05-31")
    scr(path, "review", "assign", REF, "--person", "J. Smith", "--as", "overview_author", "--agency", "Independent",
        "--at", "05/03/2024", *ACT)
    return path


def test_the_shell_refuses_another_spelling_naming_both(db: Path):
    p = scr(db, "review", "assign", REF, "--person", "Smith, J.", "--as", "panel_chair", "--agency", "Independent",
            "--at", "06/03/2024", *ACT, rc=1)
    assert "'Smith, J.' is the same person as 'J. Smith', who already holds overview_author" in p.stderr
    assert RULE in p.stderr


def test_the_shell_warns_of_a_near_match(db: Path):
    p = scr(db, "review", "assign", REF, "--person", "John Smith", "--as", "panel_chair", "--agency", "Independent",
            "--at", "06/03/2024", *ACT)
    assert "John Smith (Independent) is panel_chair" in p.stdout
    assert ("warning: 'John Smith' (panel_chair) may be the same person as 'J. Smith' (overview_author): "
            "the names differ only in initials or names left out") in p.stderr


def test_the_shell_takes_a_person_id(db: Path):
    p = scr(db, "review", "assign", REF, "--person", "J. Smith", "--person-id", "E200", "--as", "panel_chair",
            "--agency", "Independent", "--at", "06/03/2024", *ACT, rc=1)
    # An id on one side only: the names decide.
    assert "cannot assign J. Smith as 'panel_chair'" in p.stderr
    assert "J. Smith already holds overview_author" in p.stderr
    # With ids on both sides, two people of one name are kept apart.
    scr(db, "review", "unassign", REF, "--person", "J. Smith", "--as", "overview_author", "--reason", "re-entered",
        "--at", "06/03/2024 10:00", *ACT)
    scr(db, "review", "assign", REF, "--person", "J. Smith", "--person-id", "E100", "--as", "overview_author",
        "--agency", "Independent", "--at", "06/03/2024 11:00", *ACT)
    p = scr(db, "review", "assign", REF, "--person", "J. Smith", "--person-id", "E200", "--as", "panel_chair",
            "--agency", "Independent", "--at", "06/03/2024 12:00", *ACT)
    assert "J. Smith (person id E200) (Independent) is panel_chair" in p.stdout
    assert "their person ids say they are two people" in p.stderr
    history = scr(db, "review", "history", REF).stdout
    assert "person_id=E100" in history and "person_id=E200" in history
    assert scr(db, "review", "verify", REF).returncode == 0
    # A bad id is refused naming it.
    p = scr(db, "review", "assign", REF, "--person", "K. Jones", "--person-id", "??", "--as",
            "designated_senior_manager", "--agency", "Police", "--at", "06/03/2024 13:00", *ACT, rc=2)
    assert "the person id of 'K. Jones' is '??', which has no letter or digit" in p.stderr


def test_a_role_already_held_is_not_taken_again_under_another_spelling():
    r = with_author()
    with pytest.raises(InputError, match="already holds role 'overview_author'"):
        r.assign("J Smith", "overview_author", "Independent", london(2024, 3, 6), MANAGER)


def test_the_shell_unassigns_by_person_id(db: Path):
    # Two people named A. Author, each an IMR author for a different agency.
    declarations = ["--declare", "directly_concerned_with_the_child_or_family",
                    "--declare", "immediate_line_manager_of_practitioners_involved",
                    "--declare", "less_than_two_management_lines_from_decisions_in_the_case"]
    for agency, pid, hour in (("Police", "P1", "10:00"), ("Health", "P2", "11:00")):
        scr(db, "review", "assign", REF, "--person", "A. Author", "--person-id", pid, "--as", "imr_author",
            "--agency", agency, *declarations, "--at", f"06/03/2024 {hour}", *ACT)
    p = scr(db, "review", "unassign", REF, "--person", "A. Author", "--as", "imr_author", "--reason", "mistake",
            "--at", "06/03/2024 12:00", *ACT, rc=1)
    assert "give the person id" in p.stderr
    scr(db, "review", "unassign", REF, "--person", "A. Author", "--as", "imr_author", "--reason", "mistake",
        "--person-id", "P2", "--at", "06/03/2024 12:00", *ACT)
    history = scr(db, "review", "history", REF).stdout
    assert "unassigned" in history and "person_id=P2" in history.split("unassigned", 1)[1]
