"""libscr.Store: Solihull reviews kept in SQLite, reopened and rebuilt the same;
refusals that write nothing; stale appends; the hash chain; questions across
reviews; retention and purging; naive datetimes; files that are not stores.

The scenarios mirror the C++ tests (tests/cpp/store_test.cpp and
tests/cpp/store_retention_test.cpp); the dates are checked against the
Solihull guidance (001) as cited. Expected values are worked out by hand,
never by asking libscr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
import sqlite3
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

import libscr
from libscr import (
    Actor,
    Calendar,
    ConcurrencyError,
    DataError,
    InputError,
    Procedure,
    Review,
    RuleError,
    Store,
    StoreError,
    TransitionError,
)
from conftest import ON_POSTGRESQL, tamper
from libscr.review import Event, Table
from libscr.store import (
    DueItem,
    HeadlineCompliance,
    RetentionItem,
    ReviewSummary,
    StoredEvent,
    StoreTable,
    Tombstone,
    VerifyResult,
)

D = dt.date
UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")
PACK = "solihull-2011-scr"
#: The version of the pack the store pins a review to.
PACK_VERSION = Procedure.builtin(PACK).version


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A London wall-clock time (GMT or BST as in force)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=UTC)


CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
ADMIN = Actor("R. Jones", "administrator", "Solihull LSCB")
MANAGER = Actor("L. Green", "business_manager", "Solihull LSCB")
RECORDS = Actor("J. Lowe", "administrator", "Solihull LSCB")

#: When every write in these tests is made, unless a test moves the clock.
WRITTEN = utc(2024, 6, 1, 12)


class Clock:
    """A store clock the test sets."""

    def __init__(self, now: dt.datetime = WRITTEN) -> None:
        self.now: Any = now
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.now


def open_child_q(db: Store, reference: str = "Child Q") -> Review:
    """Referral received on Monday 15 January 2024; the incident was on the
    Saturday night before (to the microsecond, which the store keeps)."""
    return db.open_review(
        PACK, reference, london(2024, 1, 15, 9), CHAIR,
        {"incident_at": utc(2024, 1, 13, 22) + dt.timedelta(microseconds=123456), "referring_agency": "Police"},
    )


def record_both(db: Store, mem: Review, *args: Any, **kwargs: Any) -> int:
    """Records an event in the stored review and in its copy in memory."""
    mem.record(*args, **kwargs)
    return db.record(mem.reference, *args, **kwargs)


# ---- a Solihull review, stored and rebuilt ----------------------------------------


def test_a_review_is_stored_reopened_and_rebuilt_the_same(store_name):
    path = store_name()
    mem = Review.open(
        PACK, "Child Q", london(2024, 1, 15, 9), CHAIR,
        {"incident_at": utc(2024, 1, 13, 22) + dt.timedelta(microseconds=123456), "referring_agency": "Police"},
    )
    with Store(path, clock=Clock()) as db:
        opened = open_child_q(db)
        assert isinstance(opened, Review)
        assert opened.state == "considering" and len(opened) == 1
        assert record_both(db, mem, "agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"}) == 2
        assert record_both(db, mem, "agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Health"}) == 3
        # The store has no discharge command: an integrator appends the event
        # its own copy of the review made.
        mem.discharge("incident_notice", london(2024, 1, 17), ADMIN, "Emailed Ofsted and the DfE")
        assert db.append("Child Q", 3, mem.history()[3:]) == 4
        assert record_both(db, mem, "involvement_confirmed", london(2024, 1, 18), MANAGER,
                           {"records_secured": True}, "Police") == 5
        assert record_both(db, mem, "panel_convened", london(2024, 1, 19), CHAIR) == 6
        assert record_both(db, mem, "nil_return_received", london(2024, 1, 22), MANAGER, agency="Health") == 7
        assert record_both(db, mem, "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"}) == 8
        assert record_both(db, mem, "decision_made", london(2024, 2, 1), CHAIR,
                           {"outcome": "scr", "reasons": "The criteria in Working Together 8.9 are met"}) == 9

    with Store(os.fspath(path)) as again:
        assert again.path == os.fspath(path)
        assert "Child Q" in again and again.contains("Child Q")
        assert "Child R" not in again
        assert again.references() == ["Child Q"]
        assert again.sequence("Child Q") == 9
        r = again.load("Child Q")
        assert r.history() == mem.history()
        assert r.history()[0].data["incident_at"] == utc(2024, 1, 13, 22) + dt.timedelta(microseconds=123456)
        assert (r.state, r.branch, len(r)) == ("scoping", "scr", 9)
        assert r.timetable(D(2024, 2, 1)) == mem.timetable(D(2024, 2, 1))
        assert r.obligations(D(2024, 2, 1)) == mem.obligations(D(2024, 2, 1))
        rows = r.timetable(D(2024, 2, 1))
        assert rows.row("decision").status == "met"
        # 001:216: six months from the decision to hold a review.
        assert rows.row("completion").due == D(2024, 8, 1)
        # 001:348: the Chair writes to the agencies within 1 working day; the
        # letters of 16 January discharged it.
        letter = r.obligations(D(2024, 2, 1)).row("chair_letter_to_agencies")
        assert (letter.due, letter.status) == (D(2024, 1, 16), "discharged")

        h = again.history("Child Q")
        assert isinstance(h, Table) and h.row_type is StoredEvent
        assert [s.sequence for s in h] == list(range(1, 10))
        assert [s.event for s in h] == list(mem.history())
        assert all(s.recorded_at == WRITTEN for s in h)
        assert h[0].previous_hash == ""
        assert all(h[k].previous_hash == h[k - 1].hash for k in range(1, 9))
        assert all(re.fullmatch(r"[0-9a-f]{64}", s.hash) for s in h)
        assert h.row(4).event == Event("discharged", "incident_notice", london(2024, 1, 17), ADMIN,
                                       data={"note": "Emailed Ofsted and the DfE"})

        v = again.verify("Child Q")
        assert v == VerifyResult(9, None, "9 events, hash chain intact, ledger and projections agree")
        assert v.ok

        summary = again.reviews().row("Child Q")
        assert summary == ReviewSummary("Child Q", PACK, PACK_VERSION, "scoping", False, london(2024, 1, 15, 9), None, None, 9)

    # WAL mode, as the store promises.
    if not ON_POSTGRESQL:
        with contextlib.closing(sqlite3.connect(path)) as raw:
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_clock_dates_every_write():
    clock = Clock()
    db = Store.in_memory(clock=clock)
    open_child_q(db)
    clock.now = london(2024, 1, 19, 17)
    db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
    assert [s.recorded_at for s in db.history("Child Q")] == [WRITTEN, london(2024, 1, 19, 17)]
    # Each write reads the clock once: it dates the event and refuses one
    # dated in the future by the same reading.
    assert clock.calls == 2


def test_a_reference_is_taken_once():
    db = Store.in_memory()
    open_child_q(db)
    with pytest.raises(InputError, match="review 'Child Q' already exists"):
        open_child_q(db)
    assert db.sequence("Child Q") == 1


# ---- refusals write nothing ---------------------------------------------------------


def test_a_refused_record_raises_what_the_review_raises_and_writes_nothing():
    db = Store.in_memory()
    mem = open_child_q(db)
    # The decision cannot be made before the panel has considered the referral
    # (001:851): the same TransitionError, word for word, as the review gives.
    args = ("decision_made", london(2024, 1, 16), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    with pytest.raises(TransitionError) as in_memory:
        mem.record(*args)
    with pytest.raises(TransitionError, match="is not allowed while the review is in state 'considering'") as stored:
        db.record("Child Q", *args)
    assert str(stored.value) == str(in_memory.value)
    assert stored.value.rule == "transition"
    assert isinstance(stored.value, RuleError)
    # A letter to an agency names the agency.
    with pytest.raises(DataError, match="needs field 'agency'") as missing:
        db.record("Child Q", "agency_letter_sent", london(2024, 1, 16), CHAIR, {})
    assert missing.value.field == "agency"
    with pytest.raises(TypeError, match="event data field 'agency' must be bool, int, str"):
        db.record("Child Q", "agency_letter_sent", london(2024, 1, 16), CHAIR, {"agency": 1.5})
    assert db.sequence("Child Q") == 1
    assert len(db.history("Child Q")) == 1
    assert db.verify("Child Q").ok
    with pytest.raises(InputError, match="no review 'Child R'"):
        db.record("Child R", "panel_convened", london(2024, 1, 16), CHAIR)
    with pytest.raises(InputError, match="no review 'Child R'"):
        db.load("Child R")
    # What was refused can be followed by what is allowed.
    assert db.record("Child Q", "agency_letter_sent", london(2024, 1, 16), CHAIR, {"agency": "Police"}) == 2


def test_a_stale_append_raises_concurrency_error_and_writes_nothing():
    db = Store.in_memory()
    open_child_q(db)
    convened = Event("recorded", "panel_convened", london(2024, 1, 19), CHAIR)
    assert db.append("Child Q", 1, [convened]) == 2
    with pytest.raises(ConcurrencyError, match="someone else wrote first") as info:
        db.append("Child Q", 1, [convened])
    assert (info.value.expected, info.value.actual) == (1, 2)
    assert isinstance(info.value, libscr.Error) and not isinstance(info.value, RuleError)
    assert db.sequence("Child Q") == 2
    # Appended events are checked: if one is refused, none is written.
    recommended = Event("recorded", "panel_recommended", london(2024, 1, 29), CHAIR, data={"recommendation": "scr"})
    too_early = Event("recorded", "action_plan_signed_off", london(2024, 1, 30), CHAIR)
    with pytest.raises(TransitionError):
        db.append("Child Q", 2, [recommended, too_early])
    assert db.sequence("Child Q") == 2
    with pytest.raises(TypeError, match="events must be a list of libscr.review.Event objects, not a list holding str"):
        db.append("Child Q", 2, ["panel_recommended"])  # type: ignore[list-item]


def test_two_stores_on_one_file_see_each_others_writes(store_name):
    path = store_name()
    with Store(path) as a, Store(path) as b:
        open_child_q(a)
        assert b.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"}) == 2
        assert a.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR) == 3
        # B last saw event 2; A wrote event 3.
        with pytest.raises(ConcurrencyError, match="is at event 3, not 2") as info:
            b.append("Child Q", 2, [Event("recorded", "panel_recommended", london(2024, 1, 29), CHAIR,
                                          data={"recommendation": "scr"})])
        assert (info.value.expected, info.value.actual) == (2, 3)
        assert [s.event.name for s in b.history("Child Q")] == ["referral_received", "agency_letter_sent",
                                                               "panel_convened"]


def test_a_store_keeping_one_review_in_memory_stores_the_same(tmp_path: Path, store_name):
    histories = []
    for kept in (128, 1):
        with Store(store_name(f"kept-{kept}.db"), clock=lambda: london(2024, 2, 1), cached_reviews=kept) as db:
            for ref in ("Child Q", "Child R"):
                db.open_review("solihull-2011-scr", ref, london(2024, 1, 15, 9), CHAIR,
                               {"incident_at": london(2024, 1, 13, 22)})
            for hour, agency in enumerate(("Police", "Health", "Education"), start=10):
                for ref in ("Child Q", "Child R"):  # each write to the review the other did not
                    db.record(ref, "agency_letter_sent", london(2024, 1, 16, hour), CHAIR, {"agency": agency})
            histories.append([(s.sequence, s.event.name, s.hash) for ref in ("Child Q", "Child R")
                              for s in db.history(ref)])
            assert db.verify_all().ok
    assert histories[0] == histories[1]
    assert len(histories[0]) == 8
    with pytest.raises(InputError, match="cached_reviews must be at least 1"):
        Store(tmp_path / "none.db", cached_reviews=0)
    with pytest.raises(TypeError, match="cached_reviews must be an integer"):
        Store(tmp_path / "none.db", cached_reviews=1.5)  # type: ignore[arg-type]
    assert not (tmp_path / "none.db").exists()


def test_quotes_and_sql_in_text_are_kept_verbatim():
    db = Store.in_memory()
    reference = "Child 'Q'; DROP TABLE events; --"
    odd = Actor("O'Brien \"the chair\"", "lscb_chair", "Agency'); DELETE FROM reviews; --")
    data = {"incident_at": utc(2024, 1, 13, 22), "referring_agency": "Ünïcødé ✓ 'x'); DROP TABLE reviews; --"}
    db.open_review(PACK, reference, london(2024, 1, 15, 9), odd, data)
    r = db.load(reference)
    assert r.reference == reference
    assert r.history()[0].by == odd
    assert r.history()[0].data == data
    assert db.references() == [reference]
    assert reference in db
    assert db.reviews().row(reference).reference == reference
    assert db.verify(reference).ok


# ---- the hash chain -------------------------------------------------------------------


def test_an_altered_event_is_found_by_the_hash_chain(store_name):
    path = store_name()
    with Store(path) as db:
        open_child_q(db)
        db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"})
        db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
    # Someone edits the letter's recipient behind the store's back.
    tamper(path, """UPDATE events SET payload = '{"agency":"Health"}' WHERE sequence = 2""")
    with Store(path) as db:
        assert db.load("Child Q").history()[1].data == {"agency": "Health"}
        v = db.verify("Child Q")
        assert not v.ok
        assert v.first_altered == 2
        assert v.events == 2  # checked up to the first that does not match
        assert "event 2 of review 'Child Q' does not match its hash" in v.message
        # Put it back and alter the actor of the third instead.
        tamper(path, """UPDATE events SET payload = '{"agency":"Police"}' WHERE sequence = 2""",
               "INSERT INTO actors (name, role, agency) SELECT 'Someone else', role, agency FROM actors "
               "WHERE actor = (SELECT actor FROM events WHERE sequence = 3)",
               "UPDATE events SET actor = (SELECT actor FROM actors WHERE name = 'Someone else') WHERE sequence = 3")
        assert db.verify("Child Q").first_altered == 3


# ---- questions across reviews ---------------------------------------------------------


def three_reviews() -> Store:
    """Three Solihull reviews referred on 15 January 2024: Child A decided on
    time (1 February), Child B with its decision outstanding, Child C not held."""
    db = Store.in_memory(clock=Clock())
    for ref in ("Child A", "Child B", "Child C"):
        db.open_review(PACK, ref, london(2024, 1, 15, 9), CHAIR, {"incident_at": utc(2024, 1, 13, 22)})
        db.record(ref, "panel_convened", london(2024, 1, 19), CHAIR)
    db.record("Child A", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    db.record("Child A", "decision_made", london(2024, 2, 1), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    db.record("Child C", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "no_review"})
    db.record("Child C", "decision_made", london(2024, 2, 1), CHAIR,
              {"outcome": "no_review", "reasons": "criteria not met"})
    return db


def test_overdue_is_answered_across_reviews():
    db = three_reviews()
    items = db.overdue(D(2024, 2, 16))
    assert isinstance(items, StoreTable) and items.row_type is DueItem
    # 001:851: the decision is due one month from the referral on 15 January,
    # so Child B's, still outstanding, is one day overdue on 16 February.
    decision = items.row("Child B", "decision")
    assert decision == DueItem("Child B", "milestone", "decision", None, decision.title, "lscb_chair", 1,
                               D(2024, 2, 15), 1, "panel_considering", PACK, False)
    assert decision.title
    # Child A's decision was made; Child C's milestones ended with the decision
    # not to hold a review on 1 February. Its notice of the decision to Ofsted
    # (due 5 February, weeks 2-3) stays live for 2 weeks after the closure
    # (001:186-189), so it is overdue on 10 February; by 16 February that time
    # has ended and what was still owed is outstanding at closure, not overdue.
    assert not any(i.reference == "Child A" and i.item == "decision" for i in items)
    assert not any(i.reference == "Child C" for i in items)
    assert [(i.kind, i.item, i.due) for i in db.overdue(D(2024, 2, 10)) if i.reference == "Child C"] == [
        ("obligation", "decision_notice", D(2024, 2, 5))]
    # Each item carries its review's state and closure as of the same day:
    # Child C closed (not held) on 1 February with its notice still owed.
    notice = db.overdue(D(2024, 2, 10)).row("Child C", "decision_notice")
    assert (notice.state, notice.procedure_id, notice.closed, notice.agency) == ("not_held", PACK, True, None)
    assert {(i.reference, i.state, i.closed) for i in items} == {("Child A", "scoping", False),
                                                                ("Child B", "panel_considering", False)}
    assert db.load("Child C").obligations(D(2024, 2, 16)).row("decision_notice").status == "outstanding at closure"
    assert all(i.due < D(2024, 2, 16) for i in items)
    assert [i.due for i in items] == sorted(i.due for i in items)
    assert all(i.days_late == (D(2024, 2, 16) - i.due).days for i in items)
    # The same items as each review's own timetable and obligations give.
    expected = 0
    for ref in db.references():
        r = db.load(ref)
        expected += sum(row.status == "overdue" for row in r.timetable(D(2024, 2, 16)))
        expected += sum(row.status == "overdue" for row in r.obligations(D(2024, 2, 16)))
    assert len(items) == expected
    # Nothing is overdue on the day of the referral.
    assert db.overdue(D(2024, 1, 15)) == []
    with pytest.raises(KeyError, match="no row \\('Child A', 'decision'\\)"):
        items.row("Child A", "decision")


def test_due_between_reviews_and_compliance():
    db = three_reviews()
    # Child A's completion: six months from the decision on 1 February (001:216).
    august = db.due_between(D(2024, 8, 1), D(2024, 8, 1))
    completion = august.row("Child A", "completion")
    assert (completion.kind, completion.due, completion.days_late) == ("milestone", D(2024, 8, 1), 0)
    assert all(i.due == D(2024, 8, 1) for i in august)

    held = db.reviews("scoping")
    assert [s.reference for s in held] == ["Child A"]
    assert held.row("Child A").events == 4
    assert len(db.reviews(procedure=PACK)) == 3
    assert len(db.reviews(procedure=Procedure.builtin(PACK))) == 3
    assert db.reviews(procedure="essex-2016-scr") == []
    assert db.reviews("not_held").row("Child C").closed
    assert [s.reference for s in db.reviews()] == ["Child A", "Child B", "Child C"]

    c = db.compliance(D(2024, 1, 1), D(2024, 1, 31))
    assert c.row_type is HeadlineCompliance
    assert {h.reference for h in c if h.headline == "decision"} == {"Child A", "Child B", "Child C"}
    a = c.row("Child A", "decision")
    assert a.milestone == "decision" and a.on_time and a.completed_on == D(2024, 2, 1)
    b = c.row("Child B", "decision")
    assert b.completed_on is None and b.due == D(2024, 2, 15) and not b.on_time
    assert c.row("Child A", "completion").due == D(2024, 8, 1)
    # Opened in January: none in the rest of the year.
    assert db.compliance(D(2024, 2, 1), D(2024, 12, 31)) == []


def test_overdue_to_pandas():
    db = three_reviews()
    frame = db.overdue(D(2024, 2, 16)).to_pandas()
    assert list(frame.columns) == [f.name for f in dataclasses.fields(DueItem)]
    assert str(frame["due"].dtype).startswith("datetime64")
    assert list(frame["kind"].cat.categories) == ["milestone", "obligation"]
    assert frame["days_late"].dtype == "int64" and frame["occurrence"].dtype == "int64"
    decision = frame[(frame["reference"] == "Child B") & (frame["item"] == "decision")].iloc[0]
    assert decision["due"] == pd.Timestamp("2024-02-15")
    assert decision["days_late"] == 1
    empty = db.overdue(D(2024, 1, 15)).to_pandas()
    assert list(empty.columns) == list(frame.columns)


def test_a_calendar_is_added_by_name():
    # A board whose calendar has a local holiday on Tuesday 16 January 2024:
    # the Chair's letter, due 1 working day after the referral (001:348),
    # falls due on Wednesday the 17th.
    text = Procedure.builtin_source(PACK).replace("calendar: england-and-wales", "calendar: board-2024", 1)
    board = Procedure.loads(text, "board.yaml")
    assert board.calendar == "board-2024"
    db = Store.in_memory()
    with pytest.raises(InputError, match="calendar 'board-2024' is not known to the store; add it with add_calendar"):
        db.open_review(board, "Child Q", london(2024, 1, 15, 9), CHAIR, {"incident_at": utc(2024, 1, 13, 22)})
    assert "Child Q" not in db
    db.add_calendar(Calendar.custom(("Saturday", "Sunday"), [(D(2024, 1, 16), "Board day")], "board-2024", "1",
                                    first=D(2000, 1, 1), last=D(2100, 12, 31)))
    r = db.open_review(board, "Child Q", london(2024, 1, 15, 9), CHAIR, {"incident_at": utc(2024, 1, 13, 22)})
    assert r.obligations(D(2024, 1, 15)).row("chair_letter_to_agencies").due == D(2024, 1, 17)
    assert db.due_between(D(2024, 1, 17), D(2024, 1, 17)).row("Child Q", "chair_letter_to_agencies")
    with pytest.raises(TypeError, match="calendar must be a libscr.Calendar"):
        db.add_calendar("board-2024")  # type: ignore[arg-type]


def test_every_engine_command_is_stored_as_the_review_does_it():
    # The clock is later than every event (an event in the future is refused).
    db = Store.in_memory(clock=Clock(utc(2024, 6, 5, 12)))
    mem = open_child_q(db)
    panel_chair = Actor("J. Smith", "panel_chair", "Independent")
    lscb = Actor("Solihull LSCB meeting", "lscb", "Solihull LSCB")
    record_both(db, mem, "panel_convened", london(2024, 1, 19), CHAIR)
    mem.assign("J. Smith", "panel_chair", "Independent", london(2024, 1, 20), CHAIR)
    assert db.assign("Child Q", "J. Smith", "panel_chair", "Independent", london(2024, 1, 20), CHAIR) == 3
    mem.discharge("incident_notice", london(2024, 1, 21), CHAIR, "Emailed Ofsted and the DfE")
    assert db.discharge("Child Q", "incident_notice", london(2024, 1, 21), CHAIR, "Emailed Ofsted and the DfE") == 4
    mem.hold("Criminal proceedings", london(2024, 1, 22), CHAIR)
    assert db.hold("Child Q", "Criminal proceedings", london(2024, 1, 22), CHAIR) == 5
    mem.release(london(2024, 1, 23), CHAIR, "Charging decision made")
    assert db.release("Child Q", london(2024, 1, 23), CHAIR, "Charging decision made") == 6
    record_both(db, mem, "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    record_both(db, mem, "decision_made", london(2024, 2, 1), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    mem.schedule("presentation_meeting", D(2024, 5, 20), london(2024, 2, 2), panel_chair, time="10:00")
    assert db.schedule("Child Q", "presentation_meeting", D(2024, 5, 20), london(2024, 2, 2), panel_chair,
                       time="10:00") == 9
    # The LSCB agrees an extension of the six months (001:216, 001:393).
    mem.extend("completion", D(2024, 10, 1), "Criminal trial listed for July", london(2024, 6, 3), lscb)
    assert db.extend("Child Q", "completion", D(2024, 10, 1), "Criminal trial listed for July",
                     london(2024, 6, 3), lscb) == 10
    assert db.load("Child Q").history() == mem.history()
    with pytest.raises(RuleError, match="is not after its current due date 2024-10-01"):
        db.extend("Child Q", "completion", D(2024, 9, 1), "Earlier", london(2024, 6, 4), lscb)
    assert db.sequence("Child Q") == 10
    assert db.due_between(D(2024, 10, 1), D(2024, 10, 1)).row("Child Q", "completion").days_late == 0
    summary = db.reviews().row("Child Q")
    assert summary.closed_at is None and summary.dispose_from is None


# ---- retention -------------------------------------------------------------------------


def two_reviews(db: Store) -> None:
    """Child A is held and still open; Child C is decided "not held" at 4pm on
    29 February 2024, which closes it (001:801)."""
    for ref in ("Child A", "Child C"):
        db.open_review(PACK, ref, london(2024, 1, 15, 9), CHAIR, {"incident_at": utc(2024, 1, 13, 22)})
        db.record(ref, "panel_convened", london(2024, 1, 19), CHAIR)
    db.record("Child A", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    db.record("Child A", "decision_made", london(2024, 2, 1), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    db.record("Child C", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "no_review"})
    db.record("Child C", "decision_made", london(2024, 2, 29, 16), CHAIR,
              {"outcome": "no_review", "reasons": "criteria not met"})


def test_a_closed_review_is_purged_after_its_retention(store_name):
    path = store_name()
    clock = Clock(utc(2024, 3, 1, 12))  # later than the events: one in the future is refused
    with Store(path, clock=clock) as db:
        two_reviews(db)
        assert db.load("Child C").closed and not db.load("Child A").closed
        # 001:650: papers are kept for 7 years from the close. Seven years from
        # 29 February 2024 is 28 February 2031 (no 29th that year).
        assert db.retention_due(D(2031, 2, 27)) == []
        due = db.retention_due(D(2031, 2, 28))
        assert due == [RetentionItem("Child C", PACK, PACK_VERSION, london(2024, 1, 15, 9), london(2024, 2, 29, 16),
                                     D(2031, 2, 28))]
        assert due.row("Child C").dispose_from == D(2031, 2, 28)
        closed = db.reviews(state="not_held").row("Child C")
        assert (closed.closed_at, closed.dispose_from) == (london(2024, 2, 29, 16), D(2031, 2, 28))
        # An open review is never due, however old.
        assert [i.reference for i in db.retention_due(D(2099, 1, 1))] == ["Child C"]

        # A minute before midnight on the last day it must be kept: refused.
        before = list(db.history("Child C"))
        clock.now = london(2031, 2, 27, 23, 59)
        with pytest.raises(RuleError, match="must be kept until 2031-02-27") as info:
            db.purge("Child C", RECORDS, "Retention of 7 years ended (001:650)")
        assert info.value.rule == "retention"
        assert "can be purged from 2031-02-28" in str(info.value)
        clock.now = london(2099, 1, 1)
        with pytest.raises(RuleError, match="'Child A' is still open"):
            db.purge("Child A", RECORDS, "tidying up")
        with pytest.raises(InputError, match="reason for the purge is empty"):
            db.purge("Child C", RECORDS, "  ")
        with pytest.raises(InputError, match="no review 'Child Z'"):
            db.purge("Child Z", RECORDS, "ended")
        assert list(db.history("Child C")) == before
        assert db.tombstones() == []

        # On 28 February 2031 it may go.
        clock.now = london(2031, 2, 28, 10)
        t = db.purge("Child C", RECORDS, "Retention of 7 years ended (001:650)")
        assert t == Tombstone("Child C", PACK, PACK_VERSION, london(2024, 1, 15, 9), london(2024, 2, 29, 16), D(2031, 2, 28),
                              4, before[-1].hash, london(2031, 2, 28, 10), RECORDS,
                              "Retention of 7 years ended (001:650)")
        assert "Child C" not in db
        assert db.references() == ["Child A"]
        with pytest.raises(InputError, match="no review 'Child C'"):
            db.load("Child C")
        assert db.retention_due(D(2031, 3, 1)) == []
        assert all(i.reference != "Child C" for i in db.overdue(D(2031, 3, 1)))
        with pytest.raises(InputError, match="already purged on 2031-02-28 by J. Lowe"):
            db.purge("Child C", RECORDS, "again")
        with pytest.raises(InputError, match="'Child C' was purged"):
            db.open_review(PACK, "Child C", london(2031, 3, 1, 9), CHAIR, {"incident_at": utc(2031, 2, 27, 22)})
        assert db.load("Child A").state == "scoping"

    # No row of Child C is left; the tombstone survives reopening.
    assert tamper(path, "DELETE FROM events WHERE reference = 'Child C'") == 0  # none there to delete
    with Store(path) as again:
        tombstones = again.tombstones()
        assert tombstones == [t]
        assert tombstones.row("Child C").purged_by == RECORDS


def test_tombstones_to_pandas():
    clock = Clock(utc(2024, 3, 1, 12))
    db = Store.in_memory(clock=clock)
    two_reviews(db)
    clock.now = london(2031, 2, 28, 10)
    db.purge("Child C", RECORDS, "Retention ended")
    frame = db.tombstones().to_pandas()
    assert frame["purged_by_name"].tolist() == ["J. Lowe"]
    assert frame["purged_by_role"].tolist() == ["administrator"]
    assert frame["purged_at"].iloc[0] == pd.Timestamp("2031-02-28 10:00", tz="UTC")  # GMT in February
    assert frame["dispose_from"].iloc[0] == pd.Timestamp("2031-02-28")


# ---- times must say their zone -----------------------------------------------------------


def test_a_naive_datetime_is_refused_with_the_reason():
    db = Store.in_memory()
    with pytest.raises(TypeError, match=r"at .* is a naive datetime: give it a time zone"):
        db.open_review(PACK, "Child Q", dt.datetime(2024, 1, 15, 9), CHAIR, {"incident_at": utc(2024, 1, 13, 22)})
    with pytest.raises(TypeError, match="event data field 'incident_at' is a naive datetime"):
        db.open_review(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, {"incident_at": dt.datetime(2024, 1, 13, 22)})
    assert db.references() == []
    open_child_q(db)
    with pytest.raises(TypeError, match="naive datetime"):
        db.record("Child Q", "panel_convened", dt.datetime(2024, 1, 19, 10), CHAIR)
    with pytest.raises(TypeError, match="naive datetime"):
        db.append("Child Q", 1, [Event("recorded", "panel_convened", dt.datetime(2024, 1, 19, 10), CHAIR)])
    with pytest.raises(TypeError, match="naive datetime"):
        db.overdue(dt.datetime(2024, 2, 16, 10))
    assert db.sequence("Child Q") == 1


def test_a_clock_must_give_aware_datetimes():
    clock = Clock(dt.datetime(2024, 6, 1, 12))
    db = Store.in_memory(clock=clock)
    with pytest.raises(TypeError, match=re.escape("the store's clock returned a naive datetime (2024-06-01 12:00:00)")):
        open_child_q(db)
    assert "Child Q" not in db and db.references() == []
    clock.now = "2024-06-01T12:00Z"
    with pytest.raises(TypeError, match="the store's clock must return a datetime.datetime with a time zone, not str"):
        open_child_q(db)
    # A clock that fails: its exception passes through and nothing is written.
    clock.now = WRITTEN
    open_child_q(db)

    def broken() -> dt.datetime:
        raise RuntimeError("the clock is broken")

    other = Store.in_memory(clock=broken)
    with pytest.raises(RuntimeError, match="the clock is broken"):
        open_child_q(other)
    assert other.references() == []
    with pytest.raises(TypeError, match="clock must be a function"):
        Store.in_memory(clock=WRITTEN)  # type: ignore[arg-type]


# ---- files -------------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_raises_store_error_naming_it(tmp_path: Path):
    notes = tmp_path / "notes.db"
    notes.write_text("These are meeting notes, not a database.\n" + "".join(f"line {i}\n" for i in range(100)))
    with pytest.raises(StoreError, match="notes.db") as info:
        Store(notes)
    assert "not a database" in str(info.value)
    assert isinstance(info.value, libscr.Error) and not isinstance(info.value, InputError)

    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as raw, raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(StoreError, match="other.db.* is an SQLite database with other tables, not a libscr store"):
        Store(other)


def test_a_newer_schema_is_refused_and_not_written(tmp_path: Path):
    path = tmp_path / "reviews.db"
    Store(path).close()
    with contextlib.closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="schema version 99, newer than this libscr knows"):
        Store(path)
    with contextlib.closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA user_version").fetchone() == (99,)
    assert Store.SCHEMA_VERSION == 13


def test_closing_releases_the_file(tmp_path: Path):
    path = tmp_path / "reviews.db"
    with Store(path) as db:
        open_child_q(db)
        assert not db.closed
        assert Path(f"{path}-wal").exists()
    assert db.closed
    # The last connection closed: SQLite folded the write-ahead log into the file.
    assert not Path(f"{path}-wal").exists()
    assert repr(db) == f"<Store {os.fspath(path)!r} (closed)>"
    for call in (db.references, lambda: db.load("Child Q"), lambda: "Child Q" in db, db.tombstones):
        with pytest.raises(InputError, match=re.escape(f"store '{path}' is closed")) as info:
            call()
        assert isinstance(info.value, ValueError)
    db.close()  # harmless
    with Store(path) as again:
        assert again.load("Child Q").state == "considering"


@pytest.mark.sqlite_only
def test_an_in_memory_store_is_gone_when_closed():
    db = Store.in_memory()
    assert db.path == ":memory:"
    open_child_q(db)
    db.close()
    with pytest.raises(InputError, match="store ':memory:' is closed"):
        db.sequence("Child Q")
    assert Store.in_memory().references() == []


def test_a_path_must_be_text():
    with pytest.raises(TypeError, match="path must be a str or os.PathLike, not int"):
        Store(3)  # type: ignore[arg-type]


# ---- rows ----------------------------------------------------------------------------------


def test_row_lookups_name_the_rows_present():
    db = three_reviews()
    summaries = db.reviews()
    with pytest.raises(KeyError, match="no row 'Child D'; rows: Child A; Child B; Child C"):
        summaries.row("Child D")
    with pytest.raises(TypeError, match="a key of ReviewSummary is reference"):
        summaries.row("Child A", "scoping")
    assert db.history("Child A").row(1).event.kind == "opened"


@pytest.mark.parametrize(
    "cls_name",
    ["Store", "StoredEvent", "VerifyResult", "DueItem", "ReviewSummary", "HeadlineCompliance", "RetentionItem",
     "Tombstone"],
)
def test_the_store_classes_are_stubbed(cls_name):
    from test_typing import _members, _stub_top_level

    stubbed = _members(_stub_top_level()[cls_name])
    runtime = {n for n in dir(getattr(libscr._core, cls_name)) if not n.startswith("_")}
    assert runtime - stubbed == set()


def test_the_package_exports_the_store():
    expected = {"Store", "StoreError", "ConcurrencyError", "StoredEvent", "VerifyResult", "DueItem",
                "ReviewSummary", "HeadlineCompliance", "RetentionItem", "Tombstone"}
    assert expected <= set(libscr.__all__)
    assert {"StoreError", "ConcurrencyError"} <= set(libscr.errors.__all__)
    assert libscr.Store is libscr.store.Store and libscr.StoreError is libscr.errors.StoreError


def test_the_module_examples_run() -> None:
    """The examples in libscr.store's docstrings give what they show."""
    import doctest

    import libscr.store

    result = doctest.testmod(libscr.store, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_due_lists_cross_the_binding_once_and_give_what_row_by_row_gives():
    # overdue and due_between build their rows from one list of tuples: the
    # rows must be those the compiled items give one attribute at a time.
    from libscr.store import _store_table

    db = three_reviews()

    def with_reviews(items: list[DueItem], as_of: Any) -> list[DueItem]:
        """The items with their reviews' state, procedure and closure from
        the store's list of reviews as of the same day."""
        reviews = {s.reference: s for s in db.reviews(as_of=as_of)}
        return [dataclasses.replace(i, state=reviews[i.reference].state,
                                    procedure_id=reviews[i.reference].procedure_id,
                                    closed=reviews[i.reference].closed) for i in items]

    for day in (D(2024, 1, 15), D(2024, 2, 10), D(2024, 2, 16), D(2025, 1, 1)):
        fast = db.overdue(day)
        assert isinstance(fast, StoreTable) and fast.row_type is DueItem
        assert list(fast) == with_reviews(_store_table(DueItem, db._core.overdue(day)), day), day
        assert all(type(i) is DueItem for i in fast)
    for start, end, as_of in ((D(2024, 1, 1), D(2024, 12, 31), None), (D(2024, 2, 1), D(2024, 8, 31), D(2024, 2, 16))):
        fast = db.due_between(start, end, as_of)
        assert list(fast) == with_reviews(_store_table(DueItem, db._core.due_between(start, end, as_of)), as_of)
        assert len(fast) > 0
    item = db.overdue(D(2024, 2, 16))[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.due = None  # type: ignore[misc]
