"""Corrections, late facts, waivers, what can happen next, and questions as of a date.

Worked scenarios on Solihull reviews (solihull-2011-scr, guidance 001),
through the Python API, each of which fails if the engine or the bindings get
it wrong:

(a) a date typed a month late blocks the next real step; the administrator
    amends it, the step is recorded, the history shows who amended it and why,
    and the hash chain still verifies;
(b) an event dated "now" that really happened days before blocks a backdated
    step until its time is amended;
(c) a late agency fact recorded with its true, earlier date is accepted when
    the history still holds, and refused naming the later event it would
    invalidate when it does not;
(d) a review opened by mistake is voided: it leaves every list, keeps its
    history, and may be purged at once by the role that opened it only;
(e) a person wrongly assigned is taken off the role and the "should"
    conflict warning goes;
(f) a milestone and an obligation that do not apply are waived: "waived",
    never overdue;
(g) next(): what may be recorded now, by whom, with what data, and why the
    rest may not;
(h) the store's questions as of a past date equal each review replayed to
    that date, an item met after it included; and a property over random
    Solihull histories, corrections included.

Dates are worked out by hand from the Solihull timetable (001:175-221) and
Python's datetime; never by asking libscr. The referral is received on
Monday 15 January 2024 (GMT), so: the Chair's letter is due in 1 working day
(Tuesday 16 January, 001:348), the panel in week 1 (Monday 22 January,
001:182), an agency's reply in 3 working days from its letter (001:857), the
decision target in 3 weeks (Monday 5 February, 001:188), the statutory
decision in 1 month (Thursday 15 February, 001:851) and the family
notification in 4 weeks (Monday 12 February, 001:198).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from typing import Any, Optional
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import libscr
from libscr import (
    Actor,
    InputError,
    Procedure,
    Review,
    RoleError,
    RuleError,
    Store,
    TransitionError,
    reports,
)
from libscr.review import (
    EVENT_KINDS,
    MILESTONE_STATUSES,
    OBLIGATION_STATUSES,
    Event,
    NextField,
    NextStep,
    NextSteps,
    Table,
)
from libscr.store import DueItem, ReviewSummary

D = dt.date
UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")
PACK = "solihull-2011-scr"

CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
ADMIN = Actor("R. Jones", "administrator", "Solihull LSCB")
MANAGER = Actor("L. Green", "business_manager", "Solihull LSCB")
PANEL_CHAIR = Actor("J. Smith", "panel_chair", "Independent")
MEMBER = Actor("S. Khan", "nominated_panel_member", "Solihull LSCB")
IMR_AUTHOR = Actor("P. Grey", "imr_author", "Police")


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A London wall-clock time (GMT or BST as in force)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=UTC)


class Clock:
    """A store clock the test sets. Every event must be dated no later than
    it (an event in the future is refused)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def open_in(db: Store, reference: str = "Child Q") -> Review:
    return db.open_review(PACK, reference, london(2024, 1, 15, 9), CHAIR,
                          {"incident_at": utc(2024, 1, 13, 22), "referring_agency": "Police"})


def open_review() -> Review:
    return Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR,
                       {"incident_at": utc(2024, 1, 13, 22), "referring_agency": "Police"})


def stored(db: Store, reference: str) -> list[Any]:
    return list(db.history(reference))


# =====================================================================================
# (a) A date typed a month late, amended
# =====================================================================================


def test_a_date_typed_a_month_late_is_amended_and_the_next_step_recorded():
    # The administrator enters the review from the paper file on 1 March 2024
    # and types the panel's date as 19/02 for 19/01.
    db = Store.in_memory(clock=Clock(london(2024, 3, 1, 12)))
    open_in(db)
    assert db.record("Child Q", "panel_convened", london(2024, 2, 19), CHAIR) == 2
    # As typed, the panel (due within week 1: 22 January) met 28 days late.
    row = db.load("Child Q").timetable(D(2024, 3, 1)).row("panel_consideration")
    assert (row.due, row.status, row.days_late) == (D(2024, 1, 22), "met late", 28)

    # The panel's recommendation of 29 January cannot follow: on that day the
    # review, as typed, had not been to the panel. Nothing is written.
    before = stored(db, "Child Q")
    with pytest.raises(TransitionError, match="'panel_recommended' is not allowed while the review is in state "
                                              "'considering'"):
        db.record("Child Q", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    assert stored(db, "Child Q") == before

    # An IMR author may not correct the Chair's event; the administrator may
    # (procedure.corrections), as may the Chair who recorded it.
    with pytest.raises(RoleError, match="role 'imr_author' may not correct event 2") as info:
        db.amend("Child Q", 2, "typo", IMR_AUTHOR, at=london(2024, 1, 19))
    assert "administrator, business_manager, lscb_chair" in str(info.value)
    assert stored(db, "Child Q") == before

    reason = "Month typed as 02 for 01: the panel met on 19 January (minutes)"
    assert db.amend("Child Q", 2, reason, ADMIN, at=london(2024, 1, 19)) == 3
    assert db.record("Child Q", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"}) == 4

    r = db.load("Child Q")
    assert r.state == "awaiting_decision"
    # The history keeps the event as typed, and the amendment with who and why.
    h = r.history()
    assert len(h) == len(r) == 4
    assert (h[1].kind, h[1].name, h[1].at) == ("recorded", "panel_convened", london(2024, 2, 19))
    amended = h[2]
    assert amended == Event("amended", "panel_convened", london(2024, 1, 19), ADMIN, corrects=2, reason=reason)
    assert amended.is_correction and not h[1].is_correction
    assert r.correction_of(2) == amended
    assert r.correction_of(1) is None
    # What is in force: the panel on 19 January, in order of occurrence.
    effective = r.effective()
    assert [(e.name, e.at) for e in effective] == [
        ("referral_received", london(2024, 1, 15, 9)),
        ("panel_convened", london(2024, 1, 19)),
        ("panel_recommended", london(2024, 1, 29)),
    ]
    assert [r.sequence_of(i) for i in range(len(effective))] == [1, 2, 4]
    assert r.sequence_of(-1) == 4
    with pytest.raises(IndexError):
        r.sequence_of(3)
    row = r.timetable(D(2024, 3, 1)).row("panel_consideration")
    assert (row.status, row.completed_at, row.days_late) == ("met", london(2024, 1, 19), 0)

    # The store's history and hash chain include the correction.
    s = db.history("Child Q")
    assert [x.sequence for x in s] == [1, 2, 3, 4]
    assert s.row(3).event == amended
    v = db.verify("Child Q")
    assert v.ok and (v.events, v.corrections) == (4, 1)
    assert s[3].previous_hash == s[2].hash

    # The history, corrections included, rebuilds the same review.
    again = Review.from_events(PACK, r.history())
    assert again.effective() == effective
    assert again.timetable(D(2024, 3, 1)) == r.timetable(D(2024, 3, 1))
    assert again.history() == h

    # pandas: the corrections' columns.
    import pandas as pd  # installed with the test environment (make test)
    frame = h.to_pandas()
    assert frame["corrects"].tolist() == [0, 0, 2, 0]
    assert frame["reason"].tolist() == ["", "", reason, ""]
    assert frame["kind"].tolist() == ["opened", "recorded", "amended", "recorded"]
    assert list(frame["kind"].cat.categories) == list(EVENT_KINDS)
    assert frame["corrects"].dtype == "int64"
    assert isinstance(frame, pd.DataFrame)


def test_an_amendment_in_memory_matches_the_store_and_may_change_data():
    r = open_review()
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.record("panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "no_review"})
    # The panel recommended a review, not none: the data is amended, the time kept.
    r.amend(3, "The panel recommended an SCR (minutes, item 4)", ADMIN, data={"recommendation": "scr"})
    assert r.effective()[2].data == {"recommendation": "scr"}
    assert r.effective()[2].at == london(2024, 1, 29)
    assert r.history()[2].data == {"recommendation": "no_review"}
    # A field given as None is removed: the referring agency was not recorded.
    r.amend(1, "Referrer's agency not known", CHAIR, data={"referring_agency": None})
    assert r.effective()[0].data == {"incident_at": utc(2024, 1, 13, 22)}
    # The latest amendment is the one in force.
    assert r.correction_of(1) == r.history()[-1]
    assert len(r) == 5

    # A refused amendment changes nothing.
    before = (list(r.history()), list(r.effective()))
    with pytest.raises(InputError, match="needs a corrected time or data"):
        r.amend(2, "nothing", ADMIN)
    with pytest.raises(InputError, match="review 'Child Q' has no event 9; its events are 1 to 5"):
        r.amend(9, "no such event", ADMIN, at=london(2024, 1, 19))
    with pytest.raises(InputError, match="event 4 is itself a correction"):
        r.amend(4, "correcting a correction", ADMIN, at=london(2024, 1, 19))
    with pytest.raises(InputError, match="sequences begin at 1"):
        r.amend(0, "zero", ADMIN, at=london(2024, 1, 19))
    with pytest.raises(TypeError, match=r"^sequence must be an event's sequence \(an integer: 1, 2, \.\.\. in the "
                                        r"history\), not str: '2'"):
        r.amend("2", "text", ADMIN, at=london(2024, 1, 19))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="naive datetime"):
        r.amend(2, "naive", ADMIN, at=dt.datetime(2024, 1, 19, 10))
    # Amending the panel to after the recommendation would invalidate it.
    with pytest.raises(TransitionError, match="would invalidate event 3 \\(recorded 'panel_recommended'"):
        r.amend(2, "later", ADMIN, at=london(2024, 2, 1))
    assert (list(r.history()), list(r.effective())) == before


# =====================================================================================
# (b) A step dated "now" that happened days before
# =====================================================================================


def test_an_event_dated_now_that_blocks_a_backdated_step_is_amended():
    clock = Clock(london(2024, 2, 1, 10))
    db = Store.in_memory(clock=clock)
    open_in(db)
    db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
    # Recorded on 1 February without its time: dated "now".
    assert db.record("Child Q", "panel_recommended", clock.now, CHAIR, {"recommendation": "scr"}) == 3

    # The Chair decided on 31 January, after the panel's recommendation of
    # 29 January; but as recorded, on the 31st the panel had not recommended.
    decision = {"outcome": "scr", "reasons": "The criteria in Working Together 8.9 are met"}
    with pytest.raises(TransitionError, match="'decision_made' is not allowed while the review is in state "
                                              "'panel_considering'"):
        db.record("Child Q", "decision_made", london(2024, 1, 31, 16), CHAIR, decision)
    assert db.sequence("Child Q") == 3

    reason = "Recorded without its time; the panel recommended on 29 January"
    assert db.amend("Child Q", 3, reason, ADMIN, at=london(2024, 1, 29, 14)) == 4
    assert db.record("Child Q", "decision_made", london(2024, 1, 31, 16), CHAIR, decision) == 5

    r = db.load("Child Q")
    assert r.state == "scoping" and r.branch == "scr"
    assert [e.name for e in r.effective()] == [
        "referral_received", "panel_convened", "panel_recommended", "decision_made"]
    rows = r.timetable(D(2024, 2, 1))
    # 001:851: within a month of 15 January; 001:188: within 3 weeks.
    assert (rows.row("decision").due, rows.row("decision").status) == (D(2024, 2, 15), "met")
    assert (rows.row("decision_target").due, rows.row("decision_target").status) == (D(2024, 2, 5), "met")
    # 001:216: six months from the decision of 31 January: 31 July.
    assert rows.row("completion").due == D(2024, 7, 31)
    amendment = r.history()[3]
    assert (amendment.kind, amendment.corrects, amendment.by, amendment.reason) == ("amended", 3, ADMIN, reason)
    assert db.verify("Child Q").ok


# =====================================================================================
# (c) A late agency fact
# =====================================================================================


def _agency_letters(db: Store) -> None:
    open_in(db)
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"})
    db.record("Child Q", "agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Health"})
    db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)


def test_a_late_agency_fact_with_its_true_date_is_accepted_when_the_history_holds():
    db = Store.in_memory(clock=Clock(london(2024, 1, 25, 12)))
    _agency_letters(db)
    # The Police confirmed on 18 January; the business manager records it on
    # the 25th, after the panel of the 19th, with its true date.
    assert db.record("Child Q", "involvement_confirmed", london(2024, 1, 18), MANAGER,
                     {"records_secured": True}, "Police") == 5
    r = db.load("Child Q")
    assert [(e.name, e.agency, e.data.get("agency", "")) for e in r.effective()] == [
        ("referral_received", "", ""),
        ("agency_letter_sent", "", "Police"),
        ("agency_letter_sent", "", "Health"),
        ("involvement_confirmed", "Police", ""),  # in its place, by its date
        ("panel_convened", "", ""),
    ]
    assert [r.sequence_of(i) for i in range(5)] == [1, 2, 3, 5, 4]
    assert [e.name for e in r.history()][-1] == "involvement_confirmed"
    # 001:857: 3 working days from Tuesday 16 January is Friday 19 January;
    # the reply of the 18th was on time. Health has not replied.
    reply = r.timetable(D(2024, 1, 25)).row("reply", "Police")
    assert (reply.due, reply.status, reply.completed_at) == (D(2024, 1, 19), "met", london(2024, 1, 18))
    assert r.timetable(D(2024, 1, 25)).row("reply", "Health").status == "overdue"
    assert {t.agency: t.state for t in r.tracks()} == {"Police": "involved", "Health": "awaiting_reply"}
    assert db.verify("Child Q").ok


def test_a_late_fact_that_would_invalidate_a_later_event_is_refused_naming_it():
    db = Store.in_memory(clock=Clock(london(2024, 1, 25, 12)))
    _agency_letters(db)
    db.record("Child Q", "involvement_confirmed", london(2024, 1, 18), MANAGER, {"records_secured": True}, "Police")
    before = stored(db, "Child Q")
    # A NIL return dated the 17th would close the Police track before its
    # confirmation of the 18th (event 5).
    with pytest.raises(TransitionError) as info:
        db.record("Child Q", "nil_return_received", london(2024, 1, 17), MANAGER, agency="Police")
    message = str(info.value)
    assert message.startswith("recording recorded 'nil_return_received' at 2024-01-17T10:00:00Z would invalidate "
                              "event 5 (recorded 'involvement_confirmed' for Police at 2024-01-18T10:00:00Z)")
    assert "'not_involved'" in message
    assert info.value.rule == "transition"
    assert stored(db, "Child Q") == before

    # The same in memory: the review is left exactly as it was.
    r = db.load("Child Q")
    snapshot = (list(r.history()), list(r.effective()), r.timetable(D(2024, 1, 25)))
    with pytest.raises(TransitionError, match="would invalidate event 5"):
        r.record("nil_return_received", london(2024, 1, 17), MANAGER, agency="Police")
    assert (list(r.history()), list(r.effective()), r.timetable(D(2024, 1, 25))) == snapshot

    # A fact dated before the review opened is refused too.
    with pytest.raises(InputError, match="before the review opened"):
        r.record("agency_letter_sent", london(2024, 1, 14), CHAIR, {"agency": "Education"})


# =====================================================================================
# (d) A review opened by mistake
# =====================================================================================


def test_a_review_opened_by_mistake_is_voided_and_purged_by_the_role_that_opened_it():
    clock = Clock(london(2024, 1, 25, 12))
    db = Store.in_memory(clock=clock)
    open_in(db, "Child Q")
    db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
    open_in(db, "Child Q2")  # the same referral, opened twice
    db.record("Child Q2", "panel_convened", london(2024, 1, 19), CHAIR)
    assert {i.reference for i in db.overdue(D(2024, 1, 25))} == {"Child Q", "Child Q2"}

    # An IMR author may not void the Chair's opening.
    with pytest.raises(RoleError, match="role 'imr_author' may not correct event 1"):
        db.void("Child Q2", 1, "duplicate", london(2024, 1, 25, 11), IMR_AUTHOR)
    reason = "Opened twice: a duplicate of Child Q"
    assert db.void("Child Q2", [1], reason, london(2024, 1, 25, 11), CHAIR) == 3

    # It leaves the lists and reports...
    assert db.reviews().row("Child Q").reference == "Child Q"
    assert [s.reference for s in db.reviews()] == ["Child Q"]
    assert [s.reference for s in db.reviews(as_of=D(2024, 1, 20))] == ["Child Q"]
    voided = db.voided_reviews()
    assert [s.reference for s in voided] == ["Child Q2"]
    assert voided.row("Child Q2").voided and voided.row("Child Q2").events == 3
    assert not db.reviews().row("Child Q").voided
    assert {i.reference for i in db.overdue(D(2024, 1, 25))} == {"Child Q"}
    assert {i.reference for i in db.due_between(D(2024, 1, 1), D(2024, 12, 31))} == {"Child Q"}
    assert {c.reference for c in db.compliance(D(2024, 1, 1), D(2024, 1, 31))} == {"Child Q"}
    # ...but its history stays, and nothing more can be recorded in it.
    r = db.load("Child Q2")
    assert r.voided and not db.load("Child Q").voided
    assert [(e.kind, e.corrects) for e in r.history()] == [("opened", 0), ("recorded", 0), ("voided", 1)]
    assert r.history()[2].reason == reason and r.history()[2].by == CHAIR
    assert len(r.next(D(2024, 1, 25))) == 0
    with pytest.raises(RuleError, match="'Child Q2' was voided \\(opened by mistake\\)") as info:
        db.record("Child Q2", "panel_recommended", london(2024, 1, 25, 11), CHAIR, {"recommendation": "scr"})
    assert info.value.rule == "void"
    with pytest.raises(RuleError, match="is already void"):
        db.void("Child Q2", 1, "again", london(2024, 1, 25, 11), CHAIR)
    assert db.verify("Child Q2").ok and db.verify("Child Q2").corrections == 1

    # It may be purged at once (it was never a review), but only by a role
    # that may correct its opening: the Chair who opened it, not the panel chair.
    with pytest.raises(RoleError, match="role 'panel_chair' may not purge void review 'Child Q2'"):
        db.purge("Child Q2", PANEL_CHAIR, "Duplicate")
    assert "Child Q2" in db
    # A review that is not void keeps its retention, and only the procedure's
    # corrections roles may ever purge it.
    with pytest.raises(RoleError, match="role 'lscb_chair' may not purge review 'Child Q'"):
        db.purge("Child Q", CHAIR, "Not a duplicate")
    with pytest.raises(RuleError, match="'Child Q' is still open") as retention:
        db.purge("Child Q", ADMIN, "Not a duplicate")
    assert retention.value.rule == "retention"
    t = db.purge("Child Q2", CHAIR, "Duplicate opened by mistake")
    assert (t.reference, t.events, t.purged_by, t.purged_at) == ("Child Q2", 3, CHAIR, clock.now)
    assert t.dispose_from == D(2024, 1, 25)
    assert "Child Q2" not in db and db.references() == ["Child Q"]
    assert db.voided_reviews() == []
    assert db.tombstones().row("Child Q2").reason == "Duplicate opened by mistake"


def test_voiding_an_event_rebuilds_the_review_without_it():
    r = open_review()
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.discharge("incident_notice", london(2024, 1, 17), ADMIN, "Emailed Ofsted")  # a late fact, in place
    r.record("panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    assert r.obligations(D(2024, 2, 1)).row("incident_notice").status == "discharged"
    # The discharge was recorded against the wrong review.
    r.void(3, "Recorded in the wrong review", london(2024, 2, 1), ADMIN)
    assert r.obligations(D(2024, 2, 1)).row("incident_notice").status == "overdue"
    assert [e.name for e in r.effective()] == ["referral_received", "panel_convened", "panel_recommended"]
    assert len(r) == 5 and not r.voided
    # The panel cannot be voided while the recommendation rests on it.
    with pytest.raises(TransitionError, match="voiding event 2 would invalidate event 4"):
        r.void(2, "no panel", london(2024, 2, 1), CHAIR)
    with pytest.raises(RuleError, match="already void") as info:
        r.void(3, "again", london(2024, 2, 1), ADMIN)
    assert info.value.rule == "correction"
    # Both together may go; the review is rebuilt without either.
    r.void([2, 4], "The panel met on another case", london(2024, 2, 1), ADMIN)
    assert r.state == "considering"
    assert [e.kind for e in r.history()] == ["opened", "recorded", "discharged", "recorded", "voided", "voided",
                                            "voided"]
    with pytest.raises(InputError, match="nothing to correct"):
        r.void([], "nothing", london(2024, 2, 1), ADMIN)
    with pytest.raises(TypeError, match=r"^sequences must be an event's sequence .* or a list of them, "
                                        r"not a list holding float: 2\.0"):
        r.void([2.0], "float", london(2024, 2, 1), ADMIN)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        r.void("2", "text", london(2024, 2, 1), ADMIN)  # type: ignore[arg-type]
    # Replaying the history gives the same review; so does applying a void as an Event.
    again = Review.from_events(PACK, r.history())
    assert again.effective() == r.effective() and again.state == "considering"
    other = Review.from_events(PACK, r.history()[:2])
    other.apply(Event("voided", "", london(2024, 2, 1), ADMIN, corrects=2, reason="wrong case"))
    assert other.state == "considering" and other.history()[-1].name == "panel_convened"


# =====================================================================================
# (e) A person wrongly assigned
# =====================================================================================

OVERVIEW_CONFLICT = "The overview report author should not be the chair of the SCR Panel"


def test_a_wrongly_assigned_person_is_unassigned_and_the_should_warning_goes():
    db = Store.in_memory(clock=Clock(london(2024, 2, 1, 12)))
    open_in(db)
    db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
    db.record("Child Q", "panel_recommended", london(2024, 1, 22), CHAIR, {"recommendation": "scr"})
    db.record("Child Q", "decision_made", london(2024, 1, 23), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    db.assign("Child Q", "J. Smith", "panel_chair", "Independent", london(2024, 1, 24), CHAIR,
              ["member_of_involved_lscb"])
    # 001:307: the author "should not be the chair of the SCR Panel": a warning.
    db.assign("Child Q", "J. Smith", "overview_author", "Independent", london(2024, 1, 24, 11), CHAIR)
    r = db.load("Child Q")
    assert [w.rule for w in r.warnings(D(2024, 1, 24))] == [OVERVIEW_CONFLICT]

    with pytest.raises(RoleError, match="role 'panel_chair' may not take J. Smith off role 'overview_author'"):
        db.unassign("Child Q", "J. Smith", "overview_author", "mine", london(2024, 1, 25), PANEL_CHAIR)
    with pytest.raises(RuleError, match="K. Brown does not hold role 'overview_author'") as info:
        db.unassign("Child Q", "K. Brown", "overview_author", "not assigned", london(2024, 1, 25), ADMIN)
    assert info.value.rule == "assignment"
    reason = "Assigned in error: J. Smith chairs the panel (001:307)"
    assert db.unassign("Child Q", "J. Smith", "overview_author", reason, london(2024, 1, 25), ADMIN) == 7

    r = db.load("Child Q")
    assert r.warnings(D(2024, 1, 25)) == []
    assert r.warnings() == []
    # As of the 24th the warning stood, as it did then.
    assert [w.rule for w in r.warnings(D(2024, 1, 24))] == [OVERVIEW_CONFLICT]
    assert [(a.person, a.role) for a in r.assignments()] == [("J. Smith", "panel_chair")]
    last = r.history()[-1]
    assert (last.kind, last.subject, last.name, last.agency, last.by, last.reason) == (
        "unassigned", "J. Smith", "overview_author", "Independent", ADMIN, reason)
    # Someone else may take the role without the warning.
    db.assign("Child Q", "K. Brown", "overview_author", "Independent", london(2024, 1, 26), CHAIR)
    assert db.load("Child Q").warnings(D(2024, 1, 26)) == []


# =====================================================================================
# (f) Waivers
# =====================================================================================


def test_a_waived_milestone_and_obligation_are_waived_and_never_overdue():
    db = Store.in_memory(clock=Clock(london(2024, 3, 1, 12)))
    open_in(db)
    db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
    db.record("Child Q", "panel_recommended", london(2024, 1, 22), CHAIR, {"recommendation": "scr"})
    db.record("Child Q", "decision_made", london(2024, 1, 23), CHAIR, {"outcome": "scr", "reasons": "criteria met"})

    def overdue_ids(day: dt.date) -> set[str]:
        return {i.item for i in db.overdue(day)}

    # 001:198 the family notified by the end of week 4 (12 February); 001:181
    # Ofsted told of the incident in week 1 (22 January).
    assert {"family_notification", "incident_notice"} <= overdue_ids(D(2024, 2, 20))

    with pytest.raises(RoleError, match="may not waive milestone 'family_notification'; it may be waived by: "
                                        "administrator, business_manager, panel_chair"):
        db.waive("Child Q", "family_notification", "no family", london(2024, 2, 1), IMR_AUTHOR)
    with pytest.raises(RuleError, match="'panel_consideration' was met on 2024-01-19") as info:
        db.waive("Child Q", "panel_consideration", "met anyway", london(2024, 2, 1), ADMIN)
    assert info.value.rule == "waive"
    with pytest.raises(InputError, match="did you mean 'family_notification'"):
        db.waive("Child Q", "family_notifcation", "typo", london(2024, 2, 1), ADMIN)
    assert db.sequence("Child Q") == 4

    family = "No family to notify: the child is looked after and has no contact with its parents"
    ofsted = "Ofsted were told by the police on 14 January (email on file)"
    assert db.waive("Child Q", "family_notification", family, london(2024, 2, 1), PANEL_CHAIR) == 5
    assert db.waive("Child Q", "incident_notice", ofsted, london(2024, 2, 1), ADMIN) == 6
    with pytest.raises(RuleError, match="'incident_notice' has no open occurrence to waive"):
        db.waive("Child Q", "incident_notice", "again", london(2024, 2, 2), ADMIN)

    r = db.load("Child Q")
    assert r.timetable(D(2024, 2, 20)).row("family_notification").status == "waived"
    notice = r.obligations(D(2024, 2, 20)).row("incident_notice")
    assert (notice.status, notice.due, notice.note) == ("waived", D(2024, 1, 22), ofsted)
    ids = overdue_ids(D(2024, 2, 20))
    assert "family_notification" not in ids and "incident_notice" not in ids
    # Others are still overdue: the decision notice was due in weeks 2-3.
    assert "decision_notice" in ids
    assert all(i.item not in ("family_notification", "incident_notice")
               for i in db.due_between(D(2024, 1, 1), D(2024, 12, 31)))
    # Before the waivers (1 February), the week-1 notice was overdue.
    assert "incident_notice" in overdue_ids(D(2024, 1, 31))
    assert r.obligations(D(2024, 1, 31)).row("incident_notice").status == "overdue"
    waivers = [e for e in r.history() if e.kind == "waived"]
    assert [(e.name, e.by, e.reason) for e in waivers] == [
        ("family_notification", PANEL_CHAIR, family), ("incident_notice", ADMIN, ofsted)]
    assert waivers[1].data == {"occurrence": 1}
    # The compliance of the review does not count a waived milestone.
    assert "family_notification" not in [c.milestone for c in r.compliance(D(2024, 2, 20)).rows]


def test_a_waiver_and_a_date_set_are_corrected_like_any_event():
    r = open_review()
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.waive("incident_notice", "Ofsted were told", london(2024, 1, 20), ADMIN)
    assert r.obligations(D(2024, 1, 25)).row("incident_notice").status == "waived"
    # The waiver was wrong: voided by its maker's role, the notice is overdue
    # again (due 22 January).
    with pytest.raises(RoleError, match="role 'panel_chair' may not correct event 3 \\(waived 'incident_notice'"):
        r.void(3, "not so", london(2024, 1, 26), PANEL_CHAIR)
    r.void(3, "Ofsted had not in fact been told", london(2024, 1, 26), ADMIN)
    assert r.obligations(D(2024, 1, 25)).row("incident_notice").status == "overdue"
    # A date the Chair set, misread from the diary: its data amended.
    r.schedule("decision", D(2024, 2, 10), london(2024, 1, 21), CHAIR)
    assert r.timetable(D(2024, 1, 25)).row("decision").due == D(2024, 2, 10)
    r.amend(5, "Misread from the diary", CHAIR, data={"on": D(2024, 2, 12)})
    assert r.timetable(D(2024, 1, 25)).row("decision").due == D(2024, 2, 12)
    assert r.history()[4].data == {"on": D(2024, 2, 10)}
    # The opening cannot be moved after the events that follow it.
    with pytest.raises(InputError, match="would put event 2 .* before the review opened"):
        r.amend(1, "later", CHAIR, at=london(2024, 1, 20))


def test_a_repeating_obligations_occurrence_is_waived_by_number():
    r = open_review()
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.record("panel_recommended", london(2024, 1, 22), CHAIR, {"recommendation": "scr"})
    r.record("decision_made", london(2024, 1, 23), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    # 001:340: a monthly update from the decision: due 23 February, 23 March, ...
    updates = [o for o in r.obligations(D(2024, 2, 1), D(2024, 4, 30)) if o.obligation == "monthly_progress_update"]
    assert [o.due for o in updates][:3] == [D(2024, 2, 23), D(2024, 3, 23), D(2024, 4, 23)]
    with pytest.raises(RuleError, match="has no occurrence 3 yet"):
        r.waive("monthly_progress_update", "Board did not meet", london(2024, 3, 1), MEMBER, occurrence=3)
    r.waive("monthly_progress_update", "Board did not meet in March", london(2024, 3, 1), MEMBER, occurrence=2)
    rows = [o for o in r.obligations(D(2024, 3, 30)) if o.obligation == "monthly_progress_update"]
    assert [(o.occurrence, o.status) for o in rows][:2] == [(1, "overdue"), (2, "waived")]
    with pytest.raises(InputError, match="occurrence is 1, 2"):
        r.waive("monthly_progress_update", "negative", london(2024, 3, 1), MEMBER, occurrence=-1)


# =====================================================================================
# (g) What can happen next
# =====================================================================================


def test_next_for_a_fresh_review_lists_what_is_allowed_and_why_the_rest_is_not():
    r = open_review()
    steps = r.next(D(2024, 1, 15))
    assert isinstance(steps, NextSteps) and isinstance(steps, Table) and steps.row_type is NextStep
    assert (steps.reference, steps.as_of) == ("Child Q", D(2024, 1, 15))
    # The allowed steps come first.
    flags = [s.allowed for s in steps]
    assert flags == sorted(flags, reverse=True) and flags[0]

    convene = steps.row("panel_convened")
    assert (convene.action, convene.allowed, convene.blocked_by) == ("record", True, "")
    assert convene.roles == ("lscb_chair",) and convene.leads_to == ("panel_considering",)
    letter = steps.row("agency_letter_sent")
    assert letter.allowed and letter.field("agency") == NextField("agency", "agency", True, "", (), "Agency written to")
    # The Chair's decision cannot be made until the panel has recommended.
    decide = steps.row("decision_made")
    assert not decide.allowed
    assert decide.blocked_by == ("not allowed in state 'considering' (Referral received; agencies checking and "
                                 "securing records); it is recorded from: awaiting_decision")
    # The opening event is not offered again; a track's event only once its track begins.
    with pytest.raises(KeyError, match="no step 'referral_received'"):
        steps.row("referral_received")
    with pytest.raises(KeyError):
        steps.row("involvement_confirmed", "Police")
    # Obligations to discharge and milestones to schedule.
    notice = steps.row("incident_notice")
    assert (notice.action, notice.allowed, notice.roles) == ("discharge", True, ("administrator",))
    assert "due 2024-01-22" in notice.title
    assert steps.row("decision", action="schedule").allowed
    hold = steps.row("", action="hold")
    assert hold.allowed and hold.field("reason").required
    assert steps.allowed and all(s.allowed for s in steps.allowed)

    # After the panel and its recommendation: the decision may be made, with its data.
    r.record("agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"})
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.record("panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    steps = r.next(D(2024, 1, 29))
    decide = steps.row("decision_made")
    assert (decide.allowed, decide.blocked_by, decide.roles) == (True, "", ("lscb_chair",))
    assert set(decide.leads_to) == {"scoping", "alternative_review", "not_held", "deferred"}
    assert "outcome == scr" in decide.when
    outcome = decide.field("outcome")
    assert (outcome.type, outcome.required, outcome.values) == (
        "choice", True, ("scr", "alternative_review", "no_review", "deferred"))
    reasons = decide.field("reasons")
    assert (reasons.type, reasons.required) == ("text", True)
    reconsider = decide.field("reconsider_on")
    assert (reconsider.type, reconsider.required, reconsider.required_when) == ("date", False, "outcome == deferred")
    with pytest.raises(KeyError, match="takes no field 'verdict'"):
        decide.field("verdict")
    assert not steps.row("panel_convened").allowed
    # The Police track: the business manager records its reply.
    reply = steps.row("involvement_confirmed", "Police")
    assert reply.allowed and reply.roles == ("business_manager",)
    assert reply.field("records_secured").type == "boolean"
    # As of an earlier date, the steps as they stood then.
    assert r.next(D(2024, 1, 15)).row("panel_convened").allowed
    # The default is today: long after, the decision may still be made.
    assert r.next().row("decision_made").allowed

    # What next() allows, the engine accepts.
    trial = copy.copy(r)
    trial.record("decision_made", london(2024, 2, 1), CHAIR, {"outcome": "no_review", "reasons": "not met"})
    assert trial.closed
    closed = trial.next(D(2024, 2, 1))
    assert not closed.row("independents_appointed").allowed
    assert closed.row("independents_appointed").blocked_by == "the review is closed (state 'not_held')"


def test_next_through_the_store_and_as_text_json_and_pandas():
    db = Store.in_memory(clock=Clock(london(2024, 2, 1, 12)))
    open_in(db)
    db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
    db.record("Child Q", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    steps = db.next("Child Q", D(2024, 1, 30))
    assert steps == db.load("Child Q").next(D(2024, 1, 30))
    text = steps.text()
    assert text.startswith("Can be done now:")
    assert "record decision_made" in text and "Not yet:" in text
    assert reports.export_next(db.load("Child Q"), D(2024, 1, 30)) == text
    doc = json.loads(steps.to_json())
    assert (doc["version"], doc["reference"], doc["as_of"]) == (1, "Child Q", "2024-01-30")
    assert len(doc["steps"]) == len(steps)
    decide = next(s for s in doc["steps"] if s["name"] == "decision_made")
    assert decide["allowed"] is True and decide["roles"] == ["lscb_chair"]
    assert reports.export_next(db.load("Child Q"), D(2024, 1, 30), "json") == steps.to_json()
    with pytest.raises(ValueError, match="format 'csv'"):
        reports.export_next(db.load("Child Q"), D(2024, 1, 30), "csv")
    import pandas as pd  # installed with the test environment (make test)
    frame = steps.to_pandas()
    assert list(frame.columns) == [f.name for f in dataclasses.fields(NextStep)]
    assert frame["allowed"].dtype == bool
    assert set(frame["action"].cat.categories) == {"record", "schedule", "extend", "discharge", "release", "hold"}
    assert frame.loc[frame["name"] == "decision_made", "roles"].iloc[0] == ("lscb_chair",)
    assert isinstance(frame, pd.DataFrame)


# =====================================================================================
# (h) Questions as of a date
# =====================================================================================

OPEN_MILESTONE = {"pending", "due soon", "overdue", "extended"}
OPEN_OBLIGATION = {"open", "pending", "overdue"}


def replayed_overdue(db: Store, as_of: dt.date) -> list[tuple]:
    """What overdue(as_of) must give, from each review replayed to the date."""
    out = []
    for ref in db.references():
        r = db.load(ref)
        if r.voided or r.opened_at.astimezone(LONDON).date() > as_of:
            continue
        for m in r.timetable(as_of):
            if m.status in OPEN_MILESTONE and m.completed_at is None and m.due is not None and m.due < as_of:
                out.append((ref, "milestone", m.milestone, m.agency, 1, m.due, (as_of - m.due).days))
        for o in r.obligations(as_of):
            if o.status in OPEN_OBLIGATION and o.due is not None and o.due < as_of:
                out.append((ref, "obligation", o.obligation, o.agency, o.occurrence, o.due, (as_of - o.due).days))
    return sorted(out)


def replayed_due(db: Store, start: dt.date, end: dt.date, as_of: dt.date) -> list[tuple]:
    out = []
    for ref in db.references():
        r = db.load(ref)
        if r.voided or r.opened_at.astimezone(LONDON).date() > as_of:
            continue
        for m in r.timetable(as_of):
            if m.status in OPEN_MILESTONE and m.completed_at is None and m.due is not None and start <= m.due <= end:
                out.append((ref, "milestone", m.milestone, m.agency, 1, m.due))
        for o in r.obligations(as_of, max(as_of, end)):
            if o.status in OPEN_OBLIGATION and o.due is not None and start <= o.due <= end:
                out.append((ref, "obligation", o.obligation, o.agency, o.occurrence, o.due))
    return sorted(set(out))


def as_tuples(items: list[DueItem], with_days: bool = True) -> list[tuple]:
    return sorted((i.reference, i.kind, i.item, i.agency, i.occurrence, i.due) + ((i.days_late,) if with_days else ())
                  for i in items)


def three_reviews() -> Store:
    """Referred on 15 January 2024: Child A decided on time (1 February),
    Child B late (20 February), Child C not held (1 February)."""
    db = Store.in_memory(clock=Clock(london(2024, 6, 1, 12)))
    for ref in ("Child A", "Child B", "Child C"):
        open_in(db, ref)
        db.record(ref, "panel_convened", london(2024, 1, 19), CHAIR)
    db.record("Child A", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    db.record("Child A", "decision_made", london(2024, 2, 1), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    db.record("Child B", "panel_recommended", london(2024, 2, 12), CHAIR, {"recommendation": "scr"})
    db.record("Child B", "decision_made", london(2024, 2, 20), CHAIR, {"outcome": "scr", "reasons": "criteria met"})
    db.record("Child C", "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "no_review"})
    db.record("Child C", "decision_made", london(2024, 2, 1), CHAIR, {"outcome": "no_review", "reasons": "not met"})
    return db


def test_overdue_as_of_a_past_date_is_each_review_replayed_to_it():
    db = three_reviews()
    as_of = D(2024, 2, 16)
    items = db.overdue(as_of)
    assert as_tuples(items) == replayed_overdue(db, as_of)
    # Child B's decision (due 15 February, 001:851) was made on the 20th: on
    # the 16th it was one day overdue.
    b = items.row("Child B", "decision")
    assert (b.due, b.days_late) == (D(2024, 2, 15), 1)
    assert not any(i.reference == "Child A" and i.item == "decision" for i in items)
    # After the 20th it is not overdue (met late).
    assert not any(i.reference == "Child B" and i.item == "decision" for i in db.overdue(D(2024, 2, 21)))
    for day in (D(2024, 1, 15), D(2024, 1, 23), D(2024, 2, 5), D(2024, 2, 6), D(2024, 2, 21), D(2024, 6, 1)):
        assert as_tuples(db.overdue(day)) == replayed_overdue(db, day), day

    # Due in a period, as the records stood on the 16th: Child B's decision open then.
    due = db.due_between(D(2024, 2, 10), D(2024, 2, 20), as_of=as_of)
    assert as_tuples(due, False) == replayed_due(db, D(2024, 2, 10), D(2024, 2, 20), as_of)
    assert due.row("Child B", "decision").due == D(2024, 2, 15)
    assert not any(i.item == "decision" for i in db.due_between(D(2024, 2, 10), D(2024, 2, 20)))
    assert reports.due(db, D(2024, 2, 10), D(2024, 2, 20), as_of) == due

    # The reviews as they stood: Child B still awaiting the decision.
    states = {s.reference: (s.state, s.closed) for s in db.reviews(as_of=as_of)}
    assert states == {"Child A": ("scoping", False), "Child B": ("awaiting_decision", False),
                      "Child C": ("not_held", True)}
    assert all(states[ref][0] == db.load(ref).state_as_of(as_of) for ref in states)
    assert [s.reference for s in db.reviews(state="awaiting_decision", as_of=as_of)] == ["Child B"]
    assert db.reviews(as_of=D(2024, 1, 14)) == []
    assert db.reviews(state="scoping").row("Child B").state == "scoping"

    # Compliance by the day of the decision: in February all three; as of the
    # 16th, Child B's was not yet made.
    decided = db.compliance(D(2024, 2, 1), D(2024, 2, 29), by="decided")
    assert sorted({c.reference for c in decided}) == ["Child A", "Child B", "Child C"]
    assert decided.row("Child B", "decision").days_late == 5
    early = db.compliance(D(2024, 2, 1), D(2024, 2, 29), as_of=as_of, by="decided")
    assert sorted({c.reference for c in early}) == ["Child A", "Child C"]
    opened = db.compliance(D(2024, 1, 1), D(2024, 1, 31), as_of=as_of)
    assert opened.row("Child B", "decision").completed_on is None
    assert db.compliance(D(2024, 2, 1), D(2024, 2, 29), by="completed") == []
    with pytest.raises(InputError, match="compliance by 'closed': one of opened, decided, completed"):
        db.compliance(D(2024, 1, 1), D(2024, 1, 31), by="closed")
    totals = reports.compliance_totals(db, D(2024, 2, 1), D(2024, 2, 29), by="decided")
    decision = next(t for t in totals if t.headline == "decision")
    assert (decision.reviews, decision.on_time, decision.late) == (3, 2, 1)


def test_an_event_in_the_future_is_refused_unless_within_the_allowance():
    clock = Clock(london(2024, 1, 20, 12))
    db = Store.in_memory(clock=clock)
    open_in(db)
    with pytest.raises(InputError, match="is in the future"):
        db.record("Child Q", "panel_convened", london(2024, 1, 20, 13), CHAIR)
    assert db.record("Child Q", "panel_convened", london(2024, 1, 20, 12, 4), CHAIR) == 2  # 5 minutes' skew
    lenient = Store.in_memory(clock=clock, future_allowance=dt.timedelta(hours=2))
    open_in(lenient)
    assert lenient.record("Child Q", "panel_convened", london(2024, 1, 20, 13), CHAIR) == 2
    with pytest.raises(TypeError, match="future_allowance must be a datetime.timedelta"):
        Store.in_memory(future_allowance=60)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="must not be negative"):
        Store.in_memory(future_allowance=dt.timedelta(minutes=-1))


def test_statuses_and_kinds_cover_what_the_engine_gives():
    assert "outstanding at closure" in MILESTONE_STATUSES and "outstanding at closure" in OBLIGATION_STATUSES
    assert {"voided", "amended", "waived", "unassigned"} <= set(EVENT_KINDS)
    assert Procedure.builtin(PACK).corrections == ("administrator", "business_manager")
    with pytest.raises(InputError, match="unknown kind of event 'deleted'"):
        Review.from_events(PACK, [Event("deleted", "x", london(2024, 1, 15), CHAIR)])
    # A closed review's unmet items are outstanding at closure, and pandas keeps the status.
    db = three_reviews()
    r = db.load("Child C")
    letter = r.obligations(D(2024, 3, 1)).row("chair_letter_to_agencies")
    assert letter.status == "outstanding at closure"
    import pandas as pd  # installed with the test environment (make test)
    frame = r.obligations(D(2024, 3, 1)).to_pandas()
    assert "outstanding at closure" in frame["status"].tolist()
    entries = reports.timetable(r, D(2024, 3, 1)).to_pandas()
    assert not entries["status"].isna().any()
    assert isinstance(frame, pd.DataFrame)


# =====================================================================================
# A property: the store's answers as of any date are the reviews replayed to it
# =====================================================================================

#: A Solihull review step by step: (command, name, actor, data, agency).
SCRIPT: list[tuple[str, str, Actor, Optional[dict[str, Any]], str]] = [
    ("record", "agency_letter_sent", CHAIR, {"agency": "Police"}, ""),
    ("record", "panel_convened", CHAIR, None, ""),
    ("record", "involvement_confirmed", MANAGER, {"records_secured": True}, "Police"),
    ("discharge", "incident_notice", ADMIN, None, ""),
    ("record", "panel_recommended", CHAIR, {"recommendation": "scr"}, ""),
    ("record", "decision_made", CHAIR, {"outcome": "OUTCOME", "reasons": "the criteria"}, ""),
    ("discharge", "decision_notice", MEMBER, None, ""),
    ("record", "independents_appointed", CHAIR, None, ""),
    ("record", "family_notified", PANEL_CHAIR, None, ""),
    ("record", "terms_of_reference_approved", CHAIR, None, ""),
]

review_plans = st.lists(
    st.tuples(
        st.integers(0, len(SCRIPT)),                          # how many steps
        st.lists(st.integers(0, 9), min_size=len(SCRIPT), max_size=len(SCRIPT)),  # days between steps
        st.sampled_from(["scr", "no_review"]),                # the decision
        st.integers(0, 3),                                    # 0: no correction; 1: void; 2: amend; 3: waive
        st.integers(2, 12),                                   # the event corrected
        st.integers(-6, 6),                                   # amend: days moved
    ),
    min_size=1, max_size=3,
)


def _build(db: Store, reference: str, plan: tuple) -> None:
    steps, gaps, outcome, correction, target, shift = plan
    open_in(db, reference)
    at = london(2024, 1, 15, 9)
    for (command, name, who, data, agency), gap in zip(SCRIPT[:steps], gaps):
        at = at + dt.timedelta(days=gap, hours=1)
        if data is not None and data.get("outcome") == "OUTCOME":
            data = {**data, "outcome": outcome}
        try:
            if command == "record":
                db.record(reference, name, at, who, data, agency)
            else:
                db.discharge(reference, name, at, who)
        except libscr.Error:
            break  # the closed review takes no more; the rest is left out
    size = db.sequence(reference)
    try:
        if correction == 1 and target <= size:
            db.void(reference, target, "recorded in error", at + dt.timedelta(hours=1), ADMIN)
        elif correction == 2 and target <= size:
            event = db.history(reference)[target - 1].event
            db.amend(reference, target, "wrong day", ADMIN, at=event.at + dt.timedelta(days=shift))
        elif correction == 3:
            db.waive(reference, "incident_notice", "Ofsted already knew", at + dt.timedelta(hours=1), ADMIN)
    except libscr.Error:
        pass  # refused: nothing written


@settings(max_examples=25)
@given(plans=review_plans, as_of_day=st.integers(0, 200), span=st.integers(0, 60))
def test_the_stores_answers_as_of_any_date_are_the_reviews_replayed(plans, as_of_day, span):
    db = Store.in_memory(clock=Clock(london(2024, 12, 31, 12)))
    for k, plan in enumerate(plans):
        _build(db, f"Child {k}", plan)
        r = db.load(f"Child {k}")
        # The history, corrections included, rebuilds the same review.
        again = Review.from_events(PACK, r.history())
        assert again.effective() == r.effective()
        assert again.timetable(D(2024, 3, 1)) == r.timetable(D(2024, 3, 1))
        assert db.verify(f"Child {k}").ok
    as_of = D(2024, 1, 10) + dt.timedelta(days=as_of_day)
    assert as_tuples(db.overdue(as_of)) == replayed_overdue(db, as_of)
    start = as_of - dt.timedelta(days=30)
    end = start + dt.timedelta(days=span)
    assert as_tuples(db.due_between(start, end, as_of=as_of), False) == replayed_due(db, start, end, as_of)
    listed = {s.reference: s.state for s in db.reviews(as_of=as_of)}
    expected = {ref: db.load(ref).state_as_of(as_of) for ref in db.references()
                if as_of >= D(2024, 1, 15) and not db.load(ref).voided}
    assert listed == expected
    # Each review's next steps as of the date: what is allowed, the engine accepts.
    for ref in db.references():
        steps = db.next(ref, as_of)
        assert all(s.blocked_by == "" for s in steps if s.allowed)
        assert all(s.blocked_by for s in steps if not s.allowed)


def test_a_keyed_store_from_python(tmp_path, store_name):
    # docs/security.md: with a key the chain is HMAC-SHA-256; the store refuses
    # writes without its key or with another; a store without one says so.
    import stat

    from libscr import StoreError

    key = tmp_path / "board.key"
    clock = lambda: dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc)  # noqa: E731
    with Store(store_name("keyed.db"), clock=clock, key_file=key, create_key=True) as db:
        db.open_review("solihull-2011-scr", "Child K", london(2024, 1, 15, 9), CHAIR,
                       {"incident_at": london(2024, 1, 13, 22)})
        assert db.verify("Child K").ok and db.verify("Child K").keyed
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with pytest.raises(StoreError, match="is keyed"):
        Store(store_name("keyed.db"), clock=clock)
    with Store(store_name("keyed.db"), clock=clock, key_file=key) as db:
        db.record("Child K", "panel_convened", london(2024, 1, 19), CHAIR)
    with pytest.raises(StoreError, match="exists"):
        Store(store_name("other.db"), key_file=key, create_key=True)
    with pytest.raises(InputError, match="create_key needs key_file"):
        Store(store_name("other.db"), create_key=True)
    with Store(store_name("plain.db"), clock=clock) as db:
        db.open_review("solihull-2011-scr", "Child P", london(2024, 1, 15, 9), CHAIR,
                       {"incident_at": london(2024, 1, 13, 22)})
        assert not db.verify("Child P").keyed
