"""libscr.Review: a Solihull Serious Case Review from referral to closure,
refused commands that change nothing, event data given as text, naive
datetimes, replaying a history, tables as DataFrames, and as-of dates.

The Solihull dates are those of the C++ test (tests/cpp/review_solihull_test.cpp),
each checked against the Solihull guidance (001) as cited. Expected values are
worked out by hand, never by asking libscr.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gc
import re
from typing import Any, Optional
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import libscr
from libscr import (
    Actor,
    AgencyError,
    ConflictError,
    DataError,
    GuardError,
    InputError,
    PrerequisiteError,
    Procedure,
    RangeError,
    Review,
    RoleError,
    RuleError,
    TransitionError,
    _core,
)
from libscr.review import (
    MILESTONE_STATUSES,
    OBLIGATION_STATUSES,
    ComplianceRow,
    Event,
    ObligationRow,
    Table,
    TimetableRow,
)

D = dt.date
UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")
PACK = "solihull-2011-scr"


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A London wall-clock time (GMT or BST as in force)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=UTC)


CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
BOARD = Actor("Solihull LSCB", "lscb", "Solihull LSCB")
PANEL_CHAIR = Actor("J. Smith", "panel_chair", "Independent")
ADMIN = Actor("R. Jones", "administrator", "Solihull LSCB")
NOMINATED = Actor("K. Brown", "nominated_panel_member", "Solihull LSCB")
MANAGER = Actor("L. Green", "business_manager", "Solihull LSCB")
AUTHOR = Actor("M. White", "overview_author", "Independent")
POLICE_REP = Actor("P. Officer", "agency_representative", "Police")
HEALTH_REP = Actor("H. Nurse", "agency_representative", "Health")
AGENCIES = ("Police", "Health")


# ---- the Solihull review, step by step -------------------------------------------


def opened() -> Review:
    """Referral received on Monday 15 January 2024; the incident was on the
    Saturday night before."""
    return Review.open(
        PACK, "Child Q", london(2024, 1, 15, 9), CHAIR,
        {"incident_at": utc(2024, 1, 13, 22), "referring_agency": "Police"},
    )


def decided() -> Review:
    """From the referral to the Chair's decision to hold a review (1 February)."""
    r = opened()
    r.record("agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"})
    r.record("agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Health"})
    r.discharge("incident_notice", london(2024, 1, 17), ADMIN, "Emailed Ofsted and the DfE")
    r.record("involvement_confirmed", london(2024, 1, 18), MANAGER, {"records_secured": True}, "Police")
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.record("nil_return_received", london(2024, 1, 22), MANAGER, agency="Health")
    r.record("panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    r.record("decision_made", london(2024, 2, 1), CHAIR,
             {"outcome": "scr", "reasons": "The criteria in Working Together 8.9 are met"})
    return r


def in_agency_reviews() -> Review:
    """Independents appointed and terms of reference approved (6 February)."""
    r = decided()
    r.discharge("decision_notice", london(2024, 2, 2), NOMINATED)
    r.record("independents_appointed", london(2024, 2, 5), CHAIR)
    r.assign("J. Smith", "panel_chair", "Independent", london(2024, 2, 5), CHAIR, ["member_of_involved_lscb"])
    r.assign("M. White", "overview_author", "Independent", london(2024, 2, 5), CHAIR)
    r.record("terms_of_reference_approved", london(2024, 2, 6), CHAIR)
    return r


def commission(r: Review, **dates: Any) -> None:
    for agency in AGENCIES:
        data: dict[str, Any] = {"agency": agency, "author_named_by": D(2024, 2, 15), "briefing_on": D(2024, 2, 22),
                "imr_due_on": D(2024, 4, 30)}
        data.update(dates)
        r.record("imr_commissioned", london(2024, 2, 8), PANEL_CHAIR, data)


def to_march() -> Review:
    """IMRs commissioned, the briefing held, the presentation meeting set."""
    r = in_agency_reviews()
    commission(r)
    r.record("family_notified", london(2024, 2, 9), PANEL_CHAIR)
    r.record("imr_author_named", london(2024, 2, 14), POLICE_REP)  # the actor's agency addresses its track
    r.record("imr_author_named", london(2024, 2, 16), HEALTH_REP)  # a day after the date set
    r.record("authors_briefing_held", london(2024, 2, 22), PANEL_CHAIR)
    r.discharge("monthly_progress_update", london(2024, 2, 28), NOMINATED)
    r.schedule("presentation_meeting", D(2024, 5, 20), london(2024, 3, 1), PANEL_CHAIR, time="10:00")
    r.discharge("monthly_progress_update", london(2024, 3, 28), NOMINATED)
    return r


def march_to_adoption(r: Review) -> Review:
    """The IMRs written, presented and accepted; the overview report agreed."""
    for agency in AGENCIES:
        r.record("imr_signed_off", london(2024, 4, 25), Actor(f"Director of {agency}", "agency_senior_officer", agency))
    for agency in AGENCIES:
        r.record("imr_submitted", london(2024, 4, 26), (f"Author for {agency}", "imr_author", agency))
    r.discharge("monthly_progress_update", london(2024, 4, 29), NOMINATED)
    r.record("imrs_circulated", london(2024, 5, 3), ADMIN)
    r.record("imr_presentation_meeting_held", london(2024, 5, 20, 10), PANEL_CHAIR)
    assert r.state == "overview_drafting"
    for agency in AGENCIES:
        r.record("imr_presented", london(2024, 5, 20, 12), PANEL_CHAIR, agency=agency)
    r.discharge("monthly_progress_update", london(2024, 5, 30), NOMINATED)
    for agency in AGENCIES:
        r.record("imr_accepted", london(2024, 6, 3), PANEL_CHAIR, agency=agency)
    r.record("overview_draft_presented", london(2024, 6, 10), AUTHOR, {"draft": 1})
    r.record("draft_report_shared", london(2024, 6, 14), PANEL_CHAIR)
    r.record("final_draft_circulated", london(2024, 6, 17), PANEL_CHAIR)
    r.record("fair_representation_confirmed", london(2024, 6, 24), PANEL_CHAIR)
    r.discharge("monthly_progress_update", london(2024, 6, 28), NOMINATED)
    return r


def awaiting_adoption() -> Review:
    return march_to_adoption(to_march())


def occurrences(rows: Table[ObligationRow], obligation: str, agency: Optional[str] = None) -> list[ObligationRow]:
    return [o for o in rows if o.obligation == obligation and o.agency == agency]


def snapshot(r: Review) -> tuple:
    """Everything a refused command must leave as it was."""
    day = r.last_event_at.astimezone(LONDON).date()
    return (list(r.history()), r.state, r.branch, list(r.timetable(day)), list(r.obligations(day)),
            list(r.warnings(day)), list(r.tracks()), list(r.assignments()), list(r.holds()), len(r))


# ---- the procedure's headline milestones ------------------------------------------


def test_procedure_names_its_decision_and_completion_milestones():
    # The pack's `decision: decision` and `completion: completion`: the one-month
    # decision (001:851, 001:392) and the six-month completion (001:216).
    p = Procedure.builtin(PACK)
    assert p.decision_milestone == "decision"
    assert p.completion_milestone == "completion"
    assert p.milestone(p.decision_milestone).kind == "statutory"
    assert p._core.decision_milestone == "decision"


# ---- a Solihull review -------------------------------------------------------------


def test_a_review_opened_today_has_a_provisional_timetable_to_completion():
    r = opened()
    assert r.reference == "Child Q"
    assert r.state == "considering"
    assert not r.closed and r.branch == "" and not r.on_hold
    assert len(r) == 1
    rows = r.timetable(D(2024, 1, 15))
    assert isinstance(rows, Table) and all(isinstance(x, TimetableRow) for x in rows)
    # 001:735: the referral form within 72 hours of the incident (13 Jan 22:00 UTC).
    form = rows.row("referral_form")
    assert form.due == D(2024, 1, 16)
    assert form.due_at == utc(2024, 1, 16, 22)
    assert form.status == "met"
    assert form.cite == ("001:735",)
    # 001:851 / 001:392: decision within one month of the request.
    decision = rows.row("decision")
    assert decision.due == D(2024, 2, 15)
    assert decision.kind == "statutory" and decision.strength == "must"
    assert not decision.projected
    assert decision.status == "pending"
    assert decision.rule == "1 month after referral_received"
    # 001:216: completion six months from the decision, which has not happened:
    # projected from the earliest date the decision is expected (week 3, 001:186-188).
    completion = rows.row("completion")
    assert completion.projected and completion.provisional
    assert completion.anchor_date == D(2024, 2, 5)
    assert completion.due == D(2024, 8, 5)
    # The panel stage runs four months from the authors' briefing (week 6, 001:200-212).
    assert rows.row("authors_briefing").due == D(2024, 2, 26)
    assert rows.row("panel_stage").due == D(2024, 6, 26)
    assert rows.row("panel_stage").projected
    # The presentation meeting has no date until the panel sets one (001:468).
    assert rows.row("presentation_meeting").due is None


def test_the_decision_branches_and_starts_the_six_month_clock():
    r = decided()
    assert r.state == "scoping"
    assert r.branch == "scr"
    rows = r.timetable(D(2024, 2, 1))
    assert rows.row("decision").status == "met"
    assert rows.row("decision").completed_at == london(2024, 2, 1)
    assert rows.row("decision_target").status == "met"
    # 001:216: six months from the decision to proceed, no longer projected.
    completion = rows.row("completion")
    assert not completion.projected
    assert completion.due == D(2024, 8, 1)
    assert completion.rule == "6 months after latest decision_made"
    # 001:348 the Chair writes within 1 working day: the letters on 16 January discharge it.
    obligations = r.obligations(D(2024, 2, 1))
    letter = obligations.row("chair_letter_to_agencies")
    assert letter.due == D(2024, 1, 16)
    assert letter.status == "discharged"
    assert letter.discharged_by == "A. Patel (agency_letter_sent)"
    assert obligations.row("incident_notice").status == "discharged"
    assert obligations.row("incident_notice").note == "Emailed Ofsted and the DfE"
    assert obligations.row("incident_notice").recipients == ("Ofsted", "Department for Education")
    # Weeks 2-3 (001:189): the notice of the decision is still to be sent.
    assert obligations.row("decision_notice").due == D(2024, 2, 5)
    assert obligations.row("decision_notice").status == "pending"
    # 001:340 the first monthly progress update, a month after the decision.
    assert obligations.row("monthly_progress_update").due == D(2024, 3, 1)
    # 001:857-859: each agency replies within 3 working days of the letter (16 Jan).
    police, health = rows.row("reply", "Police"), rows.row("reply", "Health")
    assert police.due == D(2024, 1, 19) and police.status == "met"
    assert police.track == "agency_check"
    assert health.status == "met late"
    assert health.days_late == 3  # replied Monday 22 January, due Friday 19th
    tracks = r.tracks()
    assert [(t.track, t.agency, t.state) for t in tracks] == [
        ("agency_check", "Police", "involved"), ("agency_check", "Health", "not_involved"),
    ]
    assert tracks[1].started_at == london(2024, 1, 16, 11)


def test_waived_branches_and_statuses_as_of_earlier_dates():
    r = decided()
    # As of 10 January nothing had happened.
    assert r.timetable(D(2024, 1, 10)) == []
    # As of 31 January the decision was still to come.
    assert r.state_as_of(D(2024, 1, 31)) == "awaiting_decision"
    jan = r.timetable(D(2024, 1, 31))
    assert jan.row("decision").status == "pending"
    assert jan.row("appointments").status == "pending"
    # The appointments (weeks 2-3, due 5 Feb, 001:186) were not made by 10 February.
    assert r.timetable(D(2024, 2, 10)).row("appointments").status == "overdue"


def test_a_decision_not_to_hold_a_review_waives_the_review_milestones():
    r = opened()
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.record("panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "no_review"})
    r.record("decision_made", london(2024, 2, 1), CHAIR, {"outcome": "no_review", "reasons": "Criteria not met"})
    assert r.state == "not_held"
    assert r.closed
    rows = r.timetable(D(2024, 9, 1))
    assert rows.row("completion").status == "waived"
    assert rows.row("family_notification").status == "waived"
    assert rows.row("decision").status == "met"
    c = r.compliance(D(2024, 9, 1))
    assert c.decision is not None and c.decision.on_time
    assert c.completion is None  # waived: no review was held
    # Nothing more can be recorded in a closed review (001:801).
    before = snapshot(r)
    with pytest.raises(TransitionError, match=re.escape("review 'Child Q' is closed (state 'not_held')")) as info:
        r.record("panel_convened", london(2024, 2, 2), CHAIR)
    assert info.value.rule == "transition"
    assert snapshot(r) == before


def test_from_referral_to_closure():
    r = to_march()
    rows = r.timetable(D(2024, 3, 1))
    assert rows.row("author_named", "Police").status == "met"
    assert rows.row("author_named", "Health").status == "met late"
    assert rows.row("authors_briefing").status == "met"
    # 001:209-212: four months from the briefing on 22 February.
    assert rows.row("panel_stage").due == D(2024, 6, 22)
    assert not rows.row("panel_stage").projected
    assert rows.row("imr_acceptance", "Police").due == D(2024, 6, 22)
    # 001:538: IMRs circulated two weeks before the presentation meeting the panel set.
    meeting = rows.row("presentation_meeting")
    assert meeting.due == D(2024, 5, 20)
    assert meeting.due_at == london(2024, 5, 20, 10)
    assert meeting.scheduled
    assert rows.row("imr_circulation").due == D(2024, 5, 6)
    assert rows.row("imr_submission", "Health").due == D(2024, 4, 30)
    assert [(a.person, a.role, a.declarations) for a in r.assignments()] == [
        ("J. Smith", "panel_chair", ("member_of_involved_lscb",)),
        ("M. White", "overview_author", ()),
    ]

    march_to_adoption(r)
    r.record("scr_adopted", london(2024, 7, 1), BOARD, {"other_processes_considered": True})
    r.record("scr_submitted", london(2024, 7, 15), CHAIR)
    assert r.state == "awaiting_evaluation"

    rows = r.timetable(D(2024, 7, 15))
    for milestone in ("completion", "imr_circulation", "presentation_meeting", "panel_stage"):
        assert rows.row(milestone).status == "met", milestone
    assert rows.row("imr_acceptance", "Health").status == "met"
    # 001:340: five monthly updates fell due before the submission ended them (1 Mar to 1 Jul).
    updates = occurrences(r.obligations(D(2024, 12, 1)), "monthly_progress_update")
    assert [u.occurrence for u in updates] == [1, 2, 3, 4, 5]
    assert updates[4].due == D(2024, 7, 1)
    assert all(u.status == "discharged" for u in updates)

    r.record("ofsted_evaluation_received", london(2024, 9, 9), CHAIR, {"grade": "good"})
    # 001:609: the published summary to Ofsted within a month of the evaluation.
    assert r.obligations(D(2024, 9, 9)).row("published_summary_to_ofsted").due == D(2024, 10, 9)
    r.record("summary_published", london(2024, 9, 20), BOARD, {"published_on": D(2024, 9, 20)})
    # 001:699 the review cannot close before the published summary goes to Ofsted (001:609).
    before = snapshot(r)
    with pytest.raises(PrerequisiteError) as info:
        r.record("action_plan_signed_off", london(2024, 9, 24), BOARD)
    for part in ("needs obligation 'published_summary_to_ofsted'", "discharged first", "pending, due 2024-10-09"):
        assert part in str(info.value)
    assert info.value.rule == "prerequisite"
    assert snapshot(r) == before
    r.record("published_summary_sent_to_ofsted", london(2024, 9, 25), ADMIN)
    r.record("action_plan_signed_off", london(2025, 3, 31), BOARD)
    assert r.state == "closed"
    assert r.closed
    # 001:650 papers kept for 7 years from the close.
    assert r.obligations(D(2025, 3, 31)).row("retain_papers").due == D(2032, 3, 31)

    c = r.compliance(D(2025, 3, 31))
    assert c.as_of == D(2025, 3, 31)
    assert c.decision is not None and c.completion is not None
    assert c.decision.milestone == "decision"
    assert c.decision.due == D(2024, 2, 15) and c.decision.on_time
    assert c.completion.due == D(2024, 8, 1)
    assert c.completion.on_time and c.completion.within_original
    assert not c.completion.extended
    assert c.completion.days_late == 0
    assert c.completion.completed_at == london(2024, 7, 15)
    assert isinstance(c.rows, Table) and all(isinstance(x, ComplianceRow) for x in c.rows)
    assert {"decision", "completion"} <= {x.milestone for x in c.rows}

    # The chair declared she is not a member of an involved LSCB (001:307), and
    # the author chairs nothing: no warnings.
    assert r.warnings(D(2025, 3, 31)) == []

    # The fold: the same events give the same review.
    again = Review.from_events(PACK, r.history())
    assert again.history() == r.history()
    assert again.state == r.state
    assert again.timetable(D(2025, 3, 31)) == r.timetable(D(2025, 3, 31))
    assert again.obligations(D(2025, 3, 31)) == r.obligations(D(2025, 3, 31))
    assert again.compliance(D(2025, 3, 31)) == r.compliance(D(2025, 3, 31))


# ---- holds, extensions, schedules and warnings -------------------------------------


def test_an_extension_keeps_the_original_date_and_tells_ofsted_and_the_family():
    r = in_agency_reviews()
    # Only the LSCB may agree an alternative timescale (001:221, 001:393).
    with pytest.raises(RoleError, match="role 'panel_chair' may not agree an extension of milestone 'completion'"):
        r.extend("completion", D(2024, 10, 1), "Criminal trial", london(2024, 3, 1), PANEL_CHAIR)
    r.extend("completion", D(2024, 10, 1), "Criminal trial in September", london(2024, 3, 1), BOARD)
    row = r.timetable(D(2024, 3, 1)).row("completion")
    assert row.due == D(2024, 10, 1)
    assert row.original_due == D(2024, 8, 1)
    assert row.extended_to == D(2024, 10, 1)
    assert row.rule_due == D(2024, 8, 1)
    assert not row.breach and not row.scheduled and row.scheduled_at is None
    assert row.extensions == 1
    assert row.status == "extended"
    # 001:398 tell Ofsted the new date and the reason; 001:911 tell the family.
    obligations = r.obligations(D(2024, 3, 1))
    assert obligations.row("extension_notice_ofsted").status == "open"  # no period given
    assert obligations.row("extension_notice_family").triggered_at == london(2024, 3, 1)
    assert r.history()[-1] == Event(
        "extended", "completion", london(2024, 3, 1), BOARD,
        data={"due": D(2024, 10, 1), "reason": "Criminal trial in September"},
    )


def test_a_statutory_milestone_scheduled_late_is_a_breach():
    # Domain rule 7: a statutory milestone scheduled after its rule's date is a
    # breach, reported in the row and in warnings(), never hidden. The decision
    # is due one month from the request (001:851, 001:392): 15 February.
    r = opened()
    r.schedule("decision", D(2024, 2, 20), london(2024, 1, 16), CHAIR)
    row = r.timetable(D(2024, 1, 16)).row("decision")
    assert (row.due, row.rule_due, row.original_due, row.extended_to) == (D(2024, 2, 20), D(2024, 2, 15), None, None)
    assert row.scheduled and row.breach
    assert row.scheduled_at == london(2024, 1, 16)
    (w,) = r.warnings(D(2024, 1, 16))
    assert (w.kind, w.strength, w.cite) == ("breach", "must", ("001:851", "001:392"))
    assert "scheduled for 2024-02-20, after its statutory limit 2024-02-15" in w.message
    # Compliance judges it against the statutory date, not the one the panel set.
    c = r.compliance(D(2024, 2, 16)).decision
    assert c is not None
    assert (c.due, c.original_due, c.scheduled, c.breach) == (D(2024, 2, 15), D(2024, 2, 15), D(2024, 2, 20), True)
    assert not c.met and c.days_late == 1


def test_hold_and_release():
    r = in_agency_reviews()
    r.hold("Criminal proceedings", london(2024, 3, 1), CHAIR)
    assert r.on_hold
    assert [(h.reason, h.start, h.end) for h in r.holds()] == [("Criminal proceedings", london(2024, 3, 1), None)]
    with pytest.raises(RuleError, match="already on hold since 2024-03-01") as info:
        r.hold("An inquest", london(2024, 3, 2), CHAIR)
    assert type(info.value) is RuleError and info.value.rule == "hold"
    r.release(london(2024, 4, 2), ("A. Patel", "lscb_chair"), note="Trial concluded")
    assert not r.on_hold
    assert r.holds()[0].end == london(2024, 4, 2)
    assert r.history()[-1].data == {"note": "Trial concluded"}
    # The completion clock continues through the hold (001:625: the LSCB extends instead).
    assert r.timetable(D(2024, 4, 2)).row("completion").due == D(2024, 8, 1)


@pytest.mark.parametrize("time", ["10:00", "9:30", dt.time(10, 0), dt.time(9, 30)])
def test_schedule_takes_a_london_time_as_text_or_a_time(time):
    r = to_march()
    r.schedule("presentation_meeting", D(2024, 5, 21), london(2024, 3, 29), PANEL_CHAIR, time=time)
    hhmm = time if isinstance(time, str) else time.strftime("%H:%M")
    hh, mm = (int(x) for x in hhmm.split(":"))
    # 21 May is in British Summer Time: 10:00 BST is 09:00 UTC.
    assert r.timetable(D(2024, 3, 29)).row("presentation_meeting").due_at == london(2024, 5, 21, hh, mm)
    assert r.history()[-1].data == {"on": D(2024, 5, 21), "time": f"{hh:02d}:{mm:02d}"}


@pytest.mark.parametrize("time", ["10am", "25:00", "10:60", "1000", dt.time(10, 0, 30)])
def test_a_bad_time_is_a_data_error_on_time(time):
    r = to_march()
    before = snapshot(r)
    with pytest.raises(DataError, match="time of milestone 'presentation_meeting'") as info:
        r.schedule("presentation_meeting", D(2024, 5, 21), london(2024, 3, 29), PANEL_CHAIR, time=time)
    assert info.value.field == "time"
    assert snapshot(r) == before


def test_a_should_conflict_is_accepted_and_warned():
    # 001:307: "The overview report author should not be ... the chair of the SCR Panel".
    r = in_agency_reviews()
    r.assign("J. Smith", "overview_author", "Independent", london(2024, 2, 7), CHAIR)
    warnings = r.warnings(D(2024, 2, 7))
    assert len(warnings) == 1
    w = warnings[0]
    assert (w.kind, w.strength) == ("conflict", "should")
    assert w.rule == "The overview report author should not be the chair of the SCR Panel"
    assert w.cite == ("001:307", "001:1295")
    assert w.at == london(2024, 2, 7)
    assert r.warnings(D(2024, 2, 6)) == []  # it arose on 7 February


# ---- refusals: the right error, and nothing changed -------------------------------

# case: (setup, command, error type, attributes, parts of the message)
REFUSALS = {
    "transition": (
        opened,
        lambda r: r.record("decision_made", london(2024, 1, 16), CHAIR, {"outcome": "scr", "reasons": "x"}),
        TransitionError, {"rule": "transition"},
        ["event 'decision_made' is not allowed while the review is in state 'considering'",
         "it is recorded from: awaiting_decision"],
    ),
    "guard": (
        # 001:625 "the SCR cannot be adopted until all information has been considered".
        awaiting_adoption,
        lambda r: r.record("scr_adopted", london(2024, 7, 1), BOARD, {"other_processes_considered": False}),
        GuardError, {"rule": "guard", "guards": ["scr_adopted: other_processes_considered"]},
        ["no guard holds for the data given (other_processes_considered = false)"],
    ),
    "role": (
        # 001:132: the Chair convenes the panel.
        opened,
        lambda r: r.record("panel_convened", london(2024, 1, 16), ADMIN),
        RoleError, {"rule": "role"},
        ["role 'administrator' may not record 'panel_convened'", "it is recorded by: lscb_chair"],
    ),
    "prerequisite": (
        # 001:538: every agency's IMR is submitted before the IMRs are circulated.
        in_agency_reviews,
        lambda r: r.record("imrs_circulated", london(2024, 2, 7), ADMIN),
        PrerequisiteError, {"rule": "prerequisite"},
        ["needs milestone 'imr_submission' met in every agency's track 'imr'", "no agency has one yet"],
    ),
    "conflict": (
        # 001:436: the IMR author will not have been directly concerned with the child or family.
        in_agency_reviews,
        lambda r: r.assign("P. Author", "imr_author", "Police", london(2024, 2, 7), CHAIR,
                           ["line_manager_of_staff_involved"]),
        ConflictError,
        {"rule": "conflict",
         "conflict_rule": "The IMR author will not have been directly concerned with the child or family"},
        ["cannot assign P. Author as 'imr_author'", "(001:436, 001:489)",
         "has not declared 'directly_concerned_with_child_or_family'"],
    ),
    "extension": (
        opened,
        lambda r: r.extend("decision", D(2024, 3, 1), "More time", london(2024, 1, 16), BOARD),
        RuleError, {"rule": "extension"},
        ["milestone 'decision' cannot be extended", "names no role that may agree an extension"],
    ),
    "release": (
        opened,
        lambda r: r.release(london(2024, 1, 16), CHAIR),
        RuleError, {"rule": "hold"},
        ["review 'Child Q' is not on hold, so it cannot be released"],
    ),
    "discharge": (
        decided,
        lambda r: r.discharge("incident_notice", london(2024, 2, 2), ADMIN),
        RuleError, {"rule": "discharge"},
        ["obligation 'incident_notice' has no open occurrence to discharge"],
    ),
    "data-choice": (
        # The decision is one of the outcomes on the referral form, Part 2 (001:799).
        lambda: _awaiting_decision(),
        lambda r: r.record("decision_made", london(2024, 2, 1), CHAIR, {"outcome": "nonsense", "reasons": "x"}),
        DataError, {"field": "outcome"},
        ["event 'decision_made': field 'outcome' is 'nonsense'",
         "expected one of scr, alternative_review, no_review, deferred"],
    ),
    "data-required": (
        lambda: _awaiting_decision(),
        lambda r: r.record("decision_made", london(2024, 2, 1), CHAIR, {"outcome": "scr"}),
        DataError, {"field": "reasons"},
        ["event 'decision_made' needs field 'reasons'"],
    ),
    "data-unknown": (
        opened,
        lambda r: r.record("panel_convened", london(2024, 1, 16), CHAIR, {"urgent": True}),
        DataError, {"field": "urgent"},
        ["event 'panel_convened' has no field 'urgent'"],
    ),
    "data-declaration": (
        in_agency_reviews,
        lambda r: r.assign("P. Author", "imr_author", "Police", london(2024, 2, 7), CHAIR, ["not_a_declaration"]),
        DataError, {"field": "not_a_declaration"},
        ["role 'imr_author' has no declaration 'not_a_declaration'"],
    ),
    "agency-unknown": (
        decided,
        lambda r: r.record("involvement_confirmed", london(2024, 2, 2), MANAGER, {"records_secured": True},
                           agency="Education"),
        AgencyError, {},
        ["agency 'Education' has no track 'agency_check'", "agencies with that track in review 'Child Q': Police, Health"],
    ),
    "agency-unnamed": (
        decided,
        lambda r: r.record("involvement_confirmed", london(2024, 2, 2), MANAGER, {"records_secured": True}),
        AgencyError, {},
        ["event 'involvement_confirmed' belongs to each agency's track 'agency_check'", "name the agency"],
    ),
    # An event dated before others is folded in its place: on 31 January the
    # review was still awaiting the Chair's decision of 1 February.
    "time-order": (
        decided,
        lambda r: r.record("independents_appointed", london(2024, 1, 31), CHAIR),
        TransitionError, {"rule": "transition"},
        ["event 'independents_appointed' is not allowed while the review is in state 'awaiting_decision'",
         "it is recorded from: scoping"],
    ),
    "unknown-event": (
        opened,
        lambda r: r.record("panel_convend", london(2024, 1, 16), CHAIR),
        InputError, {},
        ["unknown event 'panel_convend' in procedure 'solihull-2011-scr'; did you mean 'panel_convened'?"],
    ),
    "unknown-role": (
        opened,
        lambda r: r.record("panel_convened", london(2024, 1, 16), ("A. Patel", "chair")),
        RoleError, {},
        ["the actor's role 'chair' is not a role of procedure 'solihull-2011-scr'"],
    ),
    "before-1996": (
        opened,
        lambda r: r.record("panel_convened", utc(1995, 12, 31, 23), CHAIR),
        RangeError, {},
        ["the event's time 1995-12-31T23:00:00Z is before 1996-01-01T00:00:00Z"],
    ),
}


def _awaiting_decision() -> Review:
    r = opened()
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    r.record("panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    return r


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_command_raises_its_error_and_changes_nothing(case):
    setup, command, error, attributes, parts = REFUSALS[case]
    r = setup()
    before = snapshot(r)
    with pytest.raises(libscr.Error) as info:
        command(r)
    e = info.value
    assert type(e) is error, f"{type(e).__name__}: {e}"
    for name, value in attributes.items():
        assert getattr(e, name) == value, name
    for part in parts:
        assert part in str(e)
    if isinstance(e, RuleError):
        assert not isinstance(e, ValueError)
    else:
        assert isinstance(e, InputError) and isinstance(e, ValueError)
    assert snapshot(r) == before


def test_error_hierarchy():
    for cls in (TransitionError, GuardError, RoleError, PrerequisiteError, ConflictError):
        assert issubclass(cls, RuleError) and issubclass(cls, libscr.Error)
        assert not issubclass(cls, ValueError)
    assert issubclass(RuleError, libscr.Error) and not issubclass(RuleError, InputError)
    for cls in (DataError, AgencyError):
        assert issubclass(cls, InputError) and issubclass(cls, ValueError)
    assert libscr.errors.DataError("m", "outcome").field == "outcome"
    assert libscr.errors.GuardError("m", ("a: x",)).guards == ["a: x"]
    assert libscr.errors.ConflictError("m", "rule").conflict_rule == "rule"
    assert libscr.errors.RuleError("m", "hold").rule == "hold"
    assert libscr.errors.TransitionError("m").rule == "transition"


def test_replaying_a_history_that_does_not_apply_names_the_event():
    # scr/review.hpp: from_events "throws the error the first event that does
    # not apply would throw (the same type), its message prefixed with the
    # event's position".
    events = list(decided().history())
    del events[-2]  # the panel's recommendation: the decision no longer applies
    with pytest.raises(TransitionError, match=r"^event 8 of the history \(recorded 'decision_made'\) does not apply: "
                       r"event 'decision_made' is not allowed while the review is in state 'panel_considering'"):
        Review.from_events(PACK, events)
    events = list(decided().history())
    events[-1] = dataclasses.replace(events[-1], data={"outcome": "nonsense", "reasons": "x"})
    with pytest.raises(DataError, match="^event 9 of the history") as info:
        Review.from_events(PACK, events)
    assert info.value.field == "outcome"
    with pytest.raises(InputError, match="cannot be empty"):
        Review.from_events(PACK, [])


# ---- event data as text -------------------------------------------------------------


def test_event_data_given_as_text_is_converted():
    # The same review with every value given natively, and as the text the CLI
    # would pass: dates ISO or day-first, instants ISO with a zone, flags, numbers.
    native = in_agency_reviews()
    commission(native)
    native.record("imr_author_named", london(2024, 2, 14), POLICE_REP)

    text = Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR,
                       {"incident_at": "2024-01-13T22:00:00Z", "referring_agency": "Police"})
    for e in in_agency_reviews().history()[1:]:
        data = dict(e.data)
        if "records_secured" in data:
            data["records_secured"] = "true"
        text.apply(dataclasses.replace(e, data=data))
    for agency in AGENCIES:
        text.record("imr_commissioned", london(2024, 2, 8), PANEL_CHAIR,
                    {"agency": agency, "author_named_by": "2024-02-15", "briefing_on": "22/02/2024",
                     "imr_due_on": "30.04.2024"})
    text.record("imr_author_named", london(2024, 2, 14), POLICE_REP)

    assert text.history() == native.history()
    commissioned = text.history()[-2].data
    assert commissioned["author_named_by"] == D(2024, 2, 15)
    assert commissioned["briefing_on"] == D(2024, 2, 22)
    assert text.history()[0].data["incident_at"] == utc(2024, 1, 13, 22)
    assert text.timetable(D(2024, 2, 14)) == native.timetable(D(2024, 2, 14))
    assert text.timetable(D(2024, 2, 14)).row("author_named", "Health").due == D(2024, 2, 15)


def test_a_day_first_date_is_never_read_month_first():
    # 24/05/2004 is 24 May (date.hpp: always day-first); 01/02/2024 is 1 February.
    r = in_agency_reviews()
    commission(r, author_named_by="01/03/2024", imr_due_on="24/05/2024")
    data = r.history()[-1].data
    assert data["author_named_by"] == D(2024, 3, 1)
    assert data["imr_due_on"] == D(2024, 5, 24)


@settings(max_examples=25)
@given(st.dates(min_value=D(2024, 2, 9), max_value=D(2027, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]))
def test_a_date_as_text_gives_the_same_review_as_the_date(day, form):
    base = in_agency_reviews()
    a, b = copy.copy(base), copy.copy(base)
    commission(a, imr_due_on=day)
    commission(b, imr_due_on=day.strftime(form))
    assert a.history() == b.history()
    rows = b.timetable(D(2024, 2, 9))
    assert rows == a.timetable(D(2024, 2, 9))
    assert rows.row("imr_submission", "Police").due == day


@pytest.mark.parametrize(
    ("value", "message"),
    [("2024-02-30", "February 2024 has 29 days"), ("tomorrow", "invalid date 'tomorrow'"),
     (20240215, "is 20240215; expected a date")],
)
def test_a_bad_date_is_a_data_error_naming_the_field(value, message):
    r = in_agency_reviews()
    before = snapshot(r)
    with pytest.raises(DataError, match=re.escape(message)) as info:
        commission(r, author_named_by=value)
    assert info.value.field == "author_named_by"
    assert snapshot(r) == before


def _letter_sent() -> Review:
    """The Chair has written to the police, who have 3 working days to reply (001:857)."""
    r = opened()
    r.record("agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"})
    return r


def test_flags_and_numbers_as_text():
    r = _letter_sent()
    with pytest.raises(DataError, match="expected true or false") as info:
        r.record("involvement_confirmed", london(2024, 1, 18), MANAGER, {"records_secured": "perhaps"}, "Police")
    assert info.value.field == "records_secured"
    r.record("involvement_confirmed", london(2024, 1, 18), MANAGER, {"records_secured": "yes"}, "Police")
    assert r.history()[-1].data == {"records_secured": True}
    r = in_agency_reviews()
    commission(r)
    for event, role, day in (("imr_author_named", "agency_representative", 14),
                             ("imr_signed_off", "agency_senior_officer", 15),
                             ("imr_submitted", "imr_author", 16)):
        for agency in AGENCIES:
            r.record(event, london(2024, 2, day), (f"{role} of {agency}", role, agency))
    r.record("imrs_circulated", london(2024, 5, 3), ADMIN)
    r.schedule("presentation_meeting", D(2024, 5, 20), london(2024, 5, 3), PANEL_CHAIR)
    r.record("imr_presentation_meeting_held", london(2024, 5, 20), PANEL_CHAIR)
    r.record("overview_draft_presented", london(2024, 6, 10), AUTHOR, {"draft": "2"})
    assert r.history()[-1].data == {"draft": 2}
    r.record("overview_draft_presented", london(2024, 6, 11), AUTHOR, {"draft": np.int64(3)})
    assert r.history()[-1].data == {"draft": 3} and type(r.history()[-1].data["draft"]) is int
    with pytest.raises(DataError, match="is 'two'; expected a whole number"):
        r.record("overview_draft_presented", london(2024, 6, 11), AUTHOR, {"draft": "two"})


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({"records_secured": 1.5}, TypeError, "event data field 'records_secured' must be bool, int, str"),
        ({"records_secured": [True]}, TypeError, "not list"),
        ({1: True}, TypeError, "event data keys are field names (str), not int"),
        ({"records_secured": 2**70}, DataError, "outside the whole numbers libscr keeps"),
        ({"records_secured": dt.datetime(2024, 2, 2, 10)}, TypeError,
         "event data field 'records_secured' is a naive datetime"),
    ],
)
def test_values_libscr_cannot_keep_are_refused(data, error, message):
    r = _letter_sent()
    before = snapshot(r)
    with pytest.raises(error, match=re.escape(message)):
        r.record("involvement_confirmed", london(2024, 1, 18), MANAGER, data, agency="Police")
    assert snapshot(r) == before


# ---- times must say their zone ---------------------------------------------------


def test_a_naive_datetime_is_refused_with_the_reason():
    # casters.hpp: "a naive datetime is not accepted as an instant (its zone
    # would be guessed)"; the Python layer raises the same TypeError, naming
    # the argument.
    with pytest.raises(TypeError, match=r"at .* is a naive datetime: give it a time zone"):
        Review.open(PACK, "Child Q", dt.datetime(2024, 1, 15, 9), CHAIR, {"incident_at": utc(2024, 1, 13, 22)})
    r = opened()
    before = snapshot(r)
    with pytest.raises(TypeError, match="naive datetime"):
        r.record("panel_convened", dt.datetime(2024, 1, 19, 10), CHAIR)
    with pytest.raises(TypeError, match="naive datetime"):
        r.hold("Inquest", dt.datetime(2024, 1, 19, 10), CHAIR)
    with pytest.raises(TypeError, match="at must be a datetime.datetime with a time zone, not date"):
        r.record("panel_convened", D(2024, 1, 19), CHAIR)
    with pytest.raises(TypeError, match="naive datetime"):
        r.timetable(dt.datetime(2024, 1, 19, 10))
    assert snapshot(r) == before


def test_the_core_refuses_naive_datetimes_too():
    p = _core.Procedure.builtin(PACK)
    with pytest.raises(TypeError, match="naive datetime has no zone"):
        _core.Review.open(p, _core.Calendar.england_and_wales(), "Child Q", dt.datetime(2024, 1, 15, 9),
                          _core.Actor("A. Patel", "lscb_chair"), {"incident_at": utc(2024, 1, 13, 22)})


def test_an_aware_datetime_in_any_zone_is_the_same_instant():
    a = opened()
    b = Review.open(PACK, "Child Q", dt.datetime(2024, 1, 15, 4, tzinfo=ZoneInfo("America/New_York")), CHAIR,
                    {"incident_at": dt.datetime(2024, 1, 14, 7, tzinfo=ZoneInfo("Asia/Tokyo")),
                     "referring_agency": "Police"})
    assert a.history() == b.history()
    assert a.opened_at == utc(2024, 1, 15, 9)


def test_actors_as_tuples():
    r = opened()
    r.record("panel_convened", london(2024, 1, 19), ("A. Patel", "lscb_chair", "Solihull LSCB"))
    assert r.history()[-1].by == CHAIR
    r.record("panel_recommended", london(2024, 1, 29), ("A. Patel", "lscb_chair"), {"recommendation": "scr"})
    assert r.history()[-1].by == Actor("A. Patel", "lscb_chair")
    with pytest.raises(TypeError, match=r"actor must be an Actor or a \(name, role\[, agency\]\) tuple"):
        r.record("agency_letter_sent", london(2024, 1, 29), "A. Patel", {"agency": "Police"})


# ---- the fold ---------------------------------------------------------------------


def test_from_events_round_trip_equals():
    r = to_march()
    r.hold("Criminal proceedings", london(2024, 3, 29), CHAIR)
    r.assign("J. Smith", "overview_author", "Independent", london(2024, 3, 29), CHAIR)  # a warning
    again = Review.from_events(Procedure.builtin(PACK), r.history(), libscr.Calendar.england_and_wales())
    assert again.history() == r.history()
    assert again.reference == r.reference and again.state == r.state and again.branch == r.branch
    for day in (D(2024, 1, 15), D(2024, 3, 29), D(2024, 9, 1)):
        assert again.timetable(day) == r.timetable(day)
        assert again.obligations(day) == r.obligations(day)
        assert again.warnings(day) == r.warnings(day)
        assert again.compliance(day) == r.compliance(day)
        assert again.state_as_of(day) == r.state_as_of(day)
    assert again.tracks() == r.tracks()
    assert again.assignments() == r.assignments()
    assert again.holds() == r.holds()
    assert again.on_hold
    # events replay one by one through apply(), too
    step = Review.from_events(PACK, r.history()[:1])
    for e in r.history()[1:]:
        step.apply(e)
    assert step.history() == r.history()


def test_from_events_reads_every_zone_and_every_kind_of_list_alike():
    # Review.from_events reads a list of plain Events in one pass in C++, and
    # converts anything else (an Event subclass, an Actor subclass, a tuple,
    # a generator) event by event: every route gives the same review, and an
    # event's time in any zone is the instant astimezone(timezone.utc) gives.
    r = to_march()
    r.hold("Criminal proceedings", london(2024, 3, 29), CHAIR)
    zones = [dt.timezone.utc, LONDON, dt.timezone(dt.timedelta(hours=5, minutes=30)),
             dt.timezone(dt.timedelta(hours=-9, minutes=-45, seconds=-7))]
    moved = [dataclasses.replace(e, at=e.at.astimezone(zones[i % len(zones)])) for i, e in enumerate(r.history())]
    assert [e.at for e in moved] == [e.at for e in r.history()]  # equal instants, other zones

    class Later(libscr.review.Event):
        pass

    class Someone(Actor):
        pass

    routes = {
        "plain": moved,
        "an Event subclass": moved[:-1] + [Later(**{f.name: getattr(moved[-1], f.name)
                                                    for f in dataclasses.fields(moved[-1])})],
        "an Actor subclass": [dataclasses.replace(moved[0], by=Someone(*dataclasses.astuple(CHAIR)))] + moved[1:],
        "a tuple": tuple(moved),
        "a generator": (e for e in moved),
    }
    for name, events in routes.items():
        again = Review.from_events(PACK, events)
        assert again.history() == r.history(), name
        assert [e.at.tzinfo for e in again.history()] == [dt.timezone.utc] * len(r), name
        assert again.timetable(D(2024, 4, 1)) == r.timetable(D(2024, 4, 1)), name


def test_from_events_reads_the_repeated_hour_by_its_fold():
    # 01:30 on 27 October 2024 happened twice in London: fold=0 is BST
    # (00:30 UTC), fold=1 GMT (01:30 UTC).
    r = to_march()
    first = dt.datetime(2024, 10, 27, 1, 30, tzinfo=LONDON)
    second = first.replace(fold=1)
    r.hold("Criminal proceedings", first, CHAIR)
    r.release(second, CHAIR)
    events = [dataclasses.replace(e, at=e.at.astimezone(LONDON)) for e in r.history()]
    events[-2] = dataclasses.replace(events[-2], at=first)
    events[-1] = dataclasses.replace(events[-1], at=second)
    again = Review.from_events(PACK, events)
    assert [e.at for e in again.history()[-2:]] == [utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 1, 30)]
    assert again.history() == r.history()


def test_from_events_refuses_a_naive_or_out_of_range_time_in_any_route():
    events = list(to_march().history())
    naive = events[:-1] + [dataclasses.replace(events[-1], at=events[-1].at)]
    object.__setattr__(naive[-1], "at", dt.datetime(2024, 3, 1, 10))  # past the Event's own check
    with pytest.raises(TypeError, match="naive datetime"):
        Review.from_events(PACK, naive)
    with pytest.raises(TypeError, match="naive datetime"):
        Review.from_events(PACK, tuple(naive))
    far = events[:-1] + [dataclasses.replace(events[-1], at=events[-1].at)]
    object.__setattr__(far[-1], "at", dt.datetime(2200, 1, 1, 0, 30, tzinfo=dt.timezone.utc))
    with pytest.raises(RangeError, match="outside the supported range"):
        Review.from_events(PACK, far)


def test_a_copy_is_independent():
    r = decided()
    c = copy.copy(r)
    c.discharge("decision_notice", london(2024, 2, 2), NOMINATED)
    assert len(c) == len(r) + 1
    assert r.obligations(D(2024, 2, 2)).row("decision_notice").status == "pending"
    assert c.obligations(D(2024, 2, 2)).row("decision_notice").status == "discharged"
    assert len(copy.deepcopy(r)) == len(r)


def test_core_rows_outlive_their_review():
    # Rows point into the procedure; the binding keeps it alive.
    r = _core.Review.open(_core.Procedure.builtin(PACK), _core.Calendar.england_and_wales(), "Child Q",
                          utc(2024, 1, 15, 9), _core.Actor("A. Patel", "lscb_chair"),
                          {"incident_at": utc(2024, 1, 13, 22)})
    rows = r.timetable(D(2024, 1, 15))
    obligations = r.obligations(D(2024, 1, 15))
    compliance = r.compliance(D(2024, 1, 15))
    del r
    gc.collect()
    assert [x.milestone for x in rows][:1] == ["referral_form"]
    assert rows[0].title.startswith("Referral form Part 1")
    assert rows[0].cite == ["001:735"]
    assert obligations[0].title
    assert compliance.decision is not None and compliance.decision.title.startswith("Decision whether")


def test_the_review_shares_its_procedure():
    p = Procedure.builtin(PACK)
    r = Review.open(p, "Child Q", london(2024, 1, 15, 9), CHAIR, {"incident_at": utc(2024, 1, 13, 22)})
    assert r.procedure is p
    assert r._core.procedure is p._core
    assert Review(r._core).procedure == p
    assert r.calendar.name == "England and Wales"
    assert "Child Q" in repr(r) and "considering" in repr(r)


# ---- as of today -------------------------------------------------------------------


def _today_in_london() -> dt.date:
    return dt.datetime.now(LONDON).date()


def test_as_of_defaults_to_today_in_london():
    r = decided()
    for _ in range(3):  # a query across midnight could straddle two days; retry
        today = _today_in_london()
        got = (r.timetable(), r.obligations(), r.warnings(), r.compliance())
        if _today_in_london() == today:
            break
    assert got[0] == r.timetable(today)
    assert got[1] == r.obligations(today)
    assert got[2] == r.warnings(today)
    assert got[3] == r.compliance(today)
    assert got[3].as_of == today


def test_as_of_takes_the_london_date_of_an_aware_datetime():
    r = decided()
    # 31 January 23:30 in New York is 1 February 04:30 in London: the decision was made.
    late = dt.datetime(2024, 1, 31, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert r.timetable(late) == r.timetable(D(2024, 2, 1))
    assert r.state_as_of(late) == "scoping"
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date, not bytes"):
        r.timetable(b"2024-02-01")  # type: ignore[arg-type]


# ---- tables as DataFrames ----------------------------------------------------------


def test_timetable_to_pandas():
    from pandas.api.types import (
        is_bool_dtype, is_datetime64_any_dtype, is_integer_dtype, is_object_dtype, is_string_dtype,
    )

    r = to_march()
    rows = r.timetable(D(2024, 3, 1))
    frame = rows.to_pandas()
    assert list(frame.columns) == [f.name for f in dataclasses.fields(TimetableRow)]
    assert len(frame) == len(rows)
    for column in ("due", "anchor_date", "original_due", "extended_to", "rule_due"):
        assert is_datetime64_any_dtype(frame[column]) and getattr(frame[column].dt, "tz", None) is None, column
    for column in ("due_at", "completed_at", "scheduled_at"):
        assert str(frame[column].dt.tz) == "UTC", column
    for column in ("projected", "provisional", "scheduled", "breach"):
        assert is_bool_dtype(frame[column]), column
    assert is_integer_dtype(frame["extensions"]) and is_integer_dtype(frame["days_late"])
    assert isinstance(frame["status"].dtype, pd.CategoricalDtype)
    assert list(frame["status"].cat.categories) == list(MILESTONE_STATUSES)
    assert list(frame["kind"].cat.categories) == ["statutory", "local", "scheduled"]
    assert is_string_dtype(frame["milestone"]) and is_object_dtype(frame["cite"])
    meeting = frame[frame["milestone"] == "presentation_meeting"].iloc[0]
    assert meeting["due"] == pd.Timestamp("2024-05-20")
    assert meeting["due_at"] == pd.Timestamp("2024-05-20 09:00", tz="UTC")  # 10:00 BST
    assert pd.isna(frame[frame["milestone"] == "completion"].iloc[0]["completed_at"])
    assert frame[frame["agency"] == "Health"]["milestone"].tolist()[:1] == ["reply"]


def test_other_tables_to_pandas():
    r = to_march()
    obligations = r.obligations(D(2024, 3, 1)).to_pandas()
    assert list(obligations.columns) == [f.name for f in dataclasses.fields(ObligationRow)]
    assert list(obligations["status"].cat.categories) == list(OBLIGATION_STATUSES)
    assert str(obligations["triggered_at"].dt.tz) == "UTC"
    assert obligations["occurrence"].dtype == "int64"

    history = r.history().to_pandas()
    assert list(history.columns) == ["kind", "name", "at", "by_name", "by_role", "by_agency", "agency",
                                     "subject", "data", "corrects", "reason"]
    assert history["by_name"].iloc[0] == "A. Patel"
    assert history["kind"].iloc[0] == "opened"
    assert history["data"].iloc[0] == {"incident_at": utc(2024, 1, 13, 22), "referring_agency": "Police"}
    assert len(history) == len(r)

    compliance = r.compliance(D(2024, 3, 1)).rows.to_pandas()
    assert list(compliance.columns) == [f.name for f in dataclasses.fields(ComplianceRow)]
    assert compliance["on_time"].dtype == bool
    assert r.tracks().to_pandas()["agency"].tolist() == ["Police", "Health", "Police", "Health"]


def test_an_empty_table_keeps_its_columns_and_dtypes():
    r = decided()
    empty = r.timetable(D(2024, 1, 10)).to_pandas()
    full = r.timetable(D(2024, 2, 1)).to_pandas()
    assert len(empty) == 0
    assert list(empty.columns) == list(full.columns)
    assert (empty.dtypes == full.dtypes).all()
    assert list(r.warnings(D(2024, 2, 1)).to_pandas().columns) == [
        "kind", "message", "rule", "strength", "cite", "at",
    ]
    assert isinstance(r.holds().to_pandas(), pd.DataFrame)


def test_a_missing_row_names_the_rows_present():
    rows = opened().timetable(D(2024, 1, 15))
    with pytest.raises(KeyError, match="no row 'decison'; rows: referral_form, "):
        rows.row("decison")


def test_the_module_examples_run() -> None:
    """The examples in libscr.review's docstrings give what they show."""
    import doctest

    import libscr.review

    result = doctest.testmod(libscr.review, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_timetable_crosses_the_binding_once_and_gives_what_row_by_row_gives():
    # Review.timetable builds its rows from one list of tuples; the rows must
    # be exactly those the compiled rows give one attribute at a time, at
    # every stage of the review (tracks, extensions, completions, NaT-like
    # empty dates) and as of dates before, during and after.
    from libscr.review import _table

    for r in (opened(), decided(), in_agency_reviews(), to_march()):
        for day in (D(2024, 1, 15), D(2024, 2, 1), D(2024, 3, 1), D(2024, 12, 31)):
            fast = r.timetable(day)
            slow = _table(TimetableRow, r._core.timetable(day), day)
            assert list(fast) == list(slow), day
            assert all(type(row) is TimetableRow for row in fast)
            assert [row.days_late for row in fast] == [row.days_late for row in slow]
            assert list(r.obligations(day)) == list(_table(ObligationRow, r._core.obligations(day)))
            later = day.replace(year=day.year + 1)
            assert list(r.obligations(day, later)) == list(_table(ObligationRow, r._core.obligations(day, later)))
    # A tuple of the wrong length is refused, never half-made into a row.
    from libscr import _core

    with pytest.raises(ValueError, match="row 1 is not a tuple of 2 values"):
        _core.rows_as(TimetableRow, ("milestone", "title"), [("a", "b"), ("c",)])
    # Rows stay frozen and hashable.
    row = to_march().timetable(D(2024, 3, 1))[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.due = None  # type: ignore[misc]
    assert hash(row) == hash(dataclasses.replace(row))


def test_a_history_of_event_objects_is_read_in_one_pass_and_replays_the_same():
    # Review.from_events reads a list of Event objects in C++ in one pass; any
    # other iterable (or an event whose actor is a tuple) goes event by event.
    # Both must give the same review.
    r = to_march()
    events = list(r.history())
    fast = Review.from_events(PACK, events)
    slow = Review.from_events(PACK, iter(events))
    assert list(fast.history()) == list(slow.history()) == events
    assert fast.timetable(D(2024, 3, 1)) == r.timetable(D(2024, 3, 1))
    tupled = [dataclasses.replace(events[0], by=("A. Patel", "lscb_chair", "Solihull LSCB")), *events[1:]]
    assert list(Review.from_events(PACK, tupled).history()) == events
    # A history that does not apply names its first bad event either way.
    broken = [events[0], dataclasses.replace(events[1], name="no_such_event"), *events[2:]]
    for history in (broken, iter(broken)):
        with pytest.raises(libscr.InputError, match="event 2 of the history"):
            Review.from_events(PACK, history)
