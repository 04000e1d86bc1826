"""The engine's scenario tests, through the Python API.

Python versions of the C++ scenario tests in tests/cpp/review_north_yorkshire_test.cpp,
review_essex_test.cpp, review_rules_test.cpp and review_holds_test.cpp: the
North Yorkshire 2004 example (000, 003), the Essex decision chain and 26-week
model (004), extensions, refusals, role conflicts, bank holidays and calendar
versions (Solihull, 001), and holds under each hold policy.

Every expected date is the one the C++ test works out by hand from the
deadline rules (docs/deadline-rules.md, rules 1-11), with the same NNN:LINE
citations; none is obtained by asking libscr. Times are Europe/London
wall-clock times, as the C++ ``london()`` helper gives them.
"""

from __future__ import annotations

import copy
import datetime as dt
import pathlib
from typing import Any, Callable, Iterable, Optional
from zoneinfo import ZoneInfo

import pytest

from libscr import (
    Actor,
    Calendar,
    ConflictError,
    DataError,
    Holiday,
    Procedure,
    Review,
    RoleError,
    RuleError,
    TransitionError,
)
from libscr.review import MovedDate, ObligationRow, Table, TimetableRow

D = dt.date
UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")
EW = Calendar.england_and_wales()


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A London wall-clock time (GMT or BST as in force)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=UTC)


def occurrences(rows: Table[ObligationRow], obligation: str, agency: Optional[str] = None) -> list[ObligationRow]:
    """Every occurrence of an obligation (of the review, or of an agency's track)."""
    return [o for o in rows if o.obligation == obligation and o.agency == agency]


def has_row(rows: Table[TimetableRow], milestone: str, agency: Optional[str] = None) -> bool:
    return any(r.milestone == milestone and r.agency == agency for r in rows)


def snapshot(r: Review) -> tuple:
    """What a refused command must leave as it was: history, state, timetable."""
    day = r.last_event_at.astimezone(LONDON).date()
    return (list(r.history()), r.state, list(r.timetable(day)), list(r.obligations(day)), len(r))


def refused(r: Review, error: type, command: Callable[[], Any], *parts: str) -> Exception:
    """Expects ``command`` to raise exactly ``error``, its message containing
    each part, and the review to be unchanged (the C++ EXPECT_REFUSED)."""
    before = snapshot(r)
    with pytest.raises(error) as info:
        command()
    assert type(info.value) is error, f"expected {error.__name__}, got {type(info.value).__name__}: {info.value}"
    for part in parts:
        assert part in str(info.value), f"message {str(info.value)!r} should contain {part!r}"
    assert snapshot(r) == before, "the refused command changed the review"
    return info.value


# =====================================================================================
# North Yorkshire Serious Case Reviews (tests/cpp/review_north_yorkshire_test.cpp)
# =====================================================================================
#
# The 2004 example timetable of the IMR Handbook (000:806-822) entered as the
# panel's scheduled dates and checked against the six-month limit of the
# north-yorkshire-2010-scr pack.
#
# 2004 bank holidays in the period: Good Friday 9 April, Easter Monday 12 April,
# 3 May, 31 May, 30 August; British Summer Time from 28 March to 31 October.

NY = Procedure.builtin("north-yorkshire-2010-scr")

NY_MANAGER = Actor("LSCB Manager", "lscb_manager", "North Yorkshire LSCB")
NY_LSCB_CHAIR = Actor("Independent Chair of the LSCB", "lscb_chair", "North Yorkshire LSCB")
NY_SUB_CHAIR = Actor("Chair of the SCR Sub Group", "sub_group_chair", "North Yorkshire LSCB")
NY_PANEL_CHAIR = Actor("Independent Chairperson", "panel_chair", "Independent")
NY_WRITER = Actor("Overview Report Writer", "overview_author", "Independent")
NY_NURSE = Actor("Designated Nurse", "designated_nurse", "North Yorkshire and York PCT")

# 000:767-773: the organisations asked to compile IMRs.
NY_AGENCIES = ("Children's Social Care", "Education", "Police", "General Practitioner", "NSPCC")


def senior(agency: str) -> Actor:
    return Actor(f"Senior officer, {agency}", "agency_senior_officer", agency)


def imr_writer(agency: str) -> Actor:
    return Actor(f"IMR writer, {agency}", "imr_author", agency)


def besides_effective(warnings):
    """The 2004 worked example runs under the 2010 pack: every NY review here
    carries the warning that it opened before its procedure took effect."""
    return [w for w in warnings if w.kind != "effective"]


def ny_notified() -> Review:
    """The notification reaches the LSCB Manager on Monday 1 March 2004
    (003:66); the Sub Group recommends an SCR on Wednesday 3 March and the
    Chair decides on Friday 5 March (003:118)."""
    r = Review.open(NY, "Child X", london(2004, 3, 1, 9), NY_MANAGER, {"referred_by": "North Yorkshire Police"})
    r.discharge("secure_files", london(2004, 3, 1, 14), NY_MANAGER, "Agencies asked to secure their files (003:82)")
    r.record("sub_group_met", london(2004, 3, 3, 10), NY_SUB_CHAIR, {"recommendation": "scr"})
    r.record("manager_report_presented", london(2004, 3, 4, 10), NY_MANAGER)
    r.record("recommendation_forwarded", london(2004, 3, 4, 11), NY_MANAGER)
    r.record("decision_made", london(2004, 3, 5, 10), NY_LSCB_CHAIR, {"outcome": "scr"})
    return r


def ny_timetabled() -> Review:
    """Ofsted told on Monday 8 March; IMRs commissioned; the first panel
    meeting on Friday 12 March; and the timetable of the Terms of Reference
    dated Sunday 14 March 2004 (000:806-822) entered as the panel's dates."""
    r = ny_notified()
    r.record("ofsted_notified", london(2004, 3, 8, 10), NY_MANAGER)
    for a in NY_AGENCIES:
        r.record("imr_commissioned", london(2004, 3, 8, 11), NY_MANAGER, {"agency": a})
    r.discharge("letters_to_executive", london(2004, 3, 9), NY_MANAGER)
    r.schedule("first_panel_meeting", D(2004, 3, 12), london(2004, 3, 9), NY_MANAGER, time="14:00")
    for a in NY_AGENCIES:
        r.record("writer_identified", london(2004, 3, 11), senior(a),
                 {"health_service": a == "General Practitioner"}, agency=a)
    r.record("terms_of_reference_agreed", london(2004, 3, 12, 10), NY_SUB_CHAIR)
    r.record("first_panel_meeting_held", london(2004, 3, 12, 14), NY_PANEL_CHAIR)
    letter = london(2004, 3, 14, 12)
    for a in NY_AGENCIES:
        # 000:808 "Agency chronology to be prepared by 2 April 2004."
        r.schedule("chronology", D(2004, 4, 2), letter, NY_MANAGER, agency=a)
        # 000:810-811 IMRs and single agency action plans "by 24 May 2004 at 5 pm".
        r.schedule("imr_report", D(2004, 5, 24), letter, NY_MANAGER, time="17:00", agency=a)
        # 000:812 "Meeting with IMR writers and Panel on 10 June 2004 at 10 am."
        r.schedule("feedback_meeting", D(2004, 6, 10), letter, NY_MANAGER, time="10:00", agency=a)
    # 000:817 "Submission to Ofsted no later than 2 September 2004."
    r.schedule("completion", D(2004, 9, 2), letter, NY_MANAGER)
    return r


def ny_submitted() -> Review:
    """The timetable kept, one chronology late, one IMR in after 5 pm and one
    returned at the feedback meeting; sent to Ofsted on Thursday 2 September 2004."""
    r = ny_timetabled()
    for a in NY_AGENCIES:
        if a != "NSPCC":
            r.record("chronology_submitted", london(2004, 4, 1), imr_writer(a), agency=a)
    r.record("chronology_submitted", london(2004, 4, 5), imr_writer("NSPCC"), agency="NSPCC")
    # 000:112-114 the health IMR goes to the Designated Nurse.
    r.record("imr_sent_to_designated_nurse", london(2004, 4, 14), imr_writer("General Practitioner"),
             agency="General Practitioner")
    for a in NY_AGENCIES:
        r.record("imr_signed_off", london(2004, 5, 21), senior(a), agency=a)
    for a in NY_AGENCIES:
        if a != "NSPCC":
            r.record("imr_submitted", london(2004, 5, 24, 16, 30), imr_writer(a), agency=a)
    r.record("imr_submitted", london(2004, 5, 24, 17, 30), imr_writer("NSPCC"), agency="NSPCC")
    for a in NY_AGENCIES:
        r.record("feedback_given", london(2004, 6, 10, 10), NY_WRITER, agency=a)
    r.record("imr_returned", london(2004, 6, 10, 12), NY_WRITER, agency="Education")
    r.record("imr_signed_off", london(2004, 6, 18), senior("Education"), agency="Education")
    r.record("imr_submitted", london(2004, 6, 21), imr_writer("Education"), agency="Education")
    # 000:813 the SCR Overview Panel meetings on 17 and 24 June.
    for a in NY_AGENCIES:
        r.record("imr_accepted", london(2004, 6, 24, 10), NY_PANEL_CHAIR, agency=a)
    r.record("health_overview_report_completed", london(2004, 7, 1), NY_NURSE)
    # 000:814 "Meeting to consider draft Overview Report on 15 July 2004 at 10 am."
    r.record("draft_overview_presented", london(2004, 7, 15, 10), NY_WRITER)
    # 000:815 "Sub Group meeting to accept report ... on 5 August 2004 at 1.30 pm."
    r.record("draft_report_agreed", london(2004, 8, 5, 13, 30), NY_SUB_CHAIR)
    # 000:816 "LSCB meeting to consider Report and Action Plan on 19 August 2004."
    r.record("executive_group_received", london(2004, 8, 19, 10), NY_LSCB_CHAIR)
    r.record("submitted_to_ofsted", london(2004, 9, 2, 10), NY_MANAGER)
    return r


def test_ny_the_decision_starts_the_ofsted_notification_and_a_projected_six_months():
    r = ny_notified()
    assert r.state == "scoping"
    assert r.branch == "scr"
    rows = r.timetable(D(2004, 3, 5))
    # 003:74 the Manager's report within 10 working days of 1 March: Monday 15 March.
    assert rows.row("manager_report").due == D(2004, 3, 15)
    assert rows.row("manager_report").status == "met"
    # 003:76 the Serious Review Panel meeting within one month: 1 April 2004.
    assert rows.row("decision_meeting").due == D(2004, 4, 1)
    assert rows.row("decision_meeting").completed_at == london(2004, 3, 3, 10)
    # 000:74-91 the first four weeks: 1 March + 28 days = 29 March.
    assert rows.row("initial_stages").due == D(2004, 3, 29)
    # 003:132 Ofsted notified immediately after the decision of Friday 5 March: Monday 8 March.
    ofsted = rows.row("ofsted_notification")
    assert (ofsted.due, ofsted.status) == (D(2004, 3, 8), "pending")
    # 003:181 six months from the notification to Ofsted, not yet made: projected.
    completion = rows.row("completion")
    assert completion.projected and completion.provisional
    assert completion.anchor_date == D(2004, 3, 8)
    assert completion.due == D(2004, 9, 8)
    assert completion.kind == "statutory"

    obligations = r.obligations(D(2004, 3, 5))
    # 003:116 recommendation forwarded within 5 working days of 3 March: Wednesday 10 March.
    assert obligations.row("recommendation_to_chair").due == D(2004, 3, 10)
    assert obligations.row("recommendation_to_chair").status == "discharged"
    # 003:128 letters to the Executive within 5 working days of 5 March: Friday 12 March.
    assert obligations.row("letters_to_executive").due == D(2004, 3, 12)
    assert obligations.row("secure_files").status == "discharged"
    # 003:128 HMIC is told; no period is given.
    assert obligations.row("inform_hmic").due is None
    assert obligations.row("inform_hmic").owner == "police_dci"


def test_ny_the_2004_timetable_is_entered_as_scheduled_dates_inside_the_six_months():
    r = ny_timetabled()
    assert r.state == "imrs_in_progress"
    assert len(r.tracks()) == 5
    rows = r.timetable(D(2004, 3, 14))
    # Ofsted was told on 8 March: the six months are no longer projected.
    assert rows.row("ofsted_notification").status == "met"
    completion = rows.row("completion")
    assert not completion.projected and not completion.provisional
    assert completion.anchor_date == D(2004, 3, 8)
    # 003:181: 8 March + 6 months = 8 September 2004; the panel's date,
    # 2 September (000:817), replaces it and is inside it: no breach.
    assert completion.rule_due == D(2004, 9, 8)
    assert completion.due == D(2004, 9, 2)
    assert completion.scheduled and not completion.breach
    assert completion.status == "pending"
    assert besides_effective(r.warnings()) == []
    # Opened in 2004 under a procedure effective from 2010: said once.
    assert [w.kind for w in r.warnings()] == ["effective"]
    for a in NY_AGENCIES:
        # 000:109 the rule: chronology 4 weeks after the request of 8 March =
        # 5 April; 000:808 the panel's date, Friday 2 April, replaces it.
        chronology = rows.row("chronology", a)
        assert (chronology.rule_due, chronology.due) == (D(2004, 4, 5), D(2004, 4, 2)), a
        assert chronology.scheduled and not chronology.breach, a  # a local rule: nothing statutory
        # 000:810 by 24 May 2004 at 5 pm (BST): 16:00 UTC.
        imr = rows.row("imr_report", a)
        assert (imr.due, imr.due_at) == (D(2004, 5, 24), utc(2004, 5, 24, 16)), a
        assert imr.scheduled, a
        # 000:812 10 June 2004 at 10 am (BST): 09:00 UTC.
        feedback = rows.row("feedback_meeting", a)
        assert (feedback.due, feedback.due_at) == (D(2004, 6, 10), utc(2004, 6, 10, 9)), a
        # 000:117 amendments 2 weeks after the feedback expected on 10 June: projected to 24 June.
        amendments = rows.row("amendments", a)
        assert amendments.projected, a
        assert (amendments.anchor_date, amendments.due) == (D(2004, 6, 10), D(2004, 6, 24)), a
    # The first panel meeting, as set on 9 March: 12 March at 2 pm (GMT), held then.
    assert rows.row("first_panel_meeting").due_at == utc(2004, 3, 12, 14)
    assert rows.row("first_panel_meeting").status == "met"
    assert rows.row("initial_stages").status == "met"


def test_ny_the_2004_review_runs_to_its_submission_to_ofsted():
    r = ny_submitted()
    assert r.state == "with_ofsted"
    rows = r.timetable(D(2004, 9, 2))
    # Chronologies by 2 April: the NSPCC's came on Monday 5 April, 3 days late
    # against the panel's date though inside the rule's 5 April.
    assert rows.row("chronology", "Police").status == "met"
    assert rows.row("chronology", "NSPCC").status == "met late"
    assert rows.row("chronology", "NSPCC").days_late == 3
    # 000:112 the health IMR to the Designated Nurse 2 weeks after the
    # chronology (1 April): 15 April; only the GP is a health service.
    gp = rows.row("health_imr_to_designated_nurse", "General Practitioner")
    assert (gp.due, gp.status) == (D(2004, 4, 15), "met")
    assert rows.row("health_imr_to_designated_nurse", "Police").status == "waived"
    # Rule 6: "by 24 May 2004 at 5 pm": 4.30 pm is on time, 5.30 pm is late.
    assert rows.row("imr_report", "Police").status == "met"
    assert rows.row("imr_report", "NSPCC").status == "met late"
    assert rows.row("imr_report", "NSPCC").completed_at == london(2004, 5, 24, 17, 30)
    assert rows.row("feedback_meeting", "Education").status == "met"
    # 000:117 amendments within 2 weeks of the feedback (10 June): 24 June.
    assert rows.row("amendments", "Education").due == D(2004, 6, 24)
    assert rows.row("amendments", "Education").completed_at == london(2004, 6, 21)
    assert rows.row("amendments", "NSPCC").completed_at == london(2004, 6, 24, 10)
    assert rows.row("amendments", "NSPCC").status == "met"
    assert all(t.state == "accepted" for t in r.tracks())

    # Submitted on the panel's date, inside the statutory six months.
    completion = rows.row("completion")
    assert completion.status == "met"
    assert completion.completed_at == london(2004, 9, 2, 10)
    c = r.compliance(D(2004, 9, 2))
    assert c.decision is not None and c.completion is not None
    assert c.decision.milestone == "decision_meeting"
    assert c.decision.on_time
    # Compliance judges it against the statutory date (003:181), and shows the
    # panel's date beside it.
    assert c.completion.due == D(2004, 9, 8)
    assert c.completion.scheduled == D(2004, 9, 2)
    assert not c.completion.breach
    assert c.completion.on_time
    assert not c.completion.extended
    assert besides_effective(r.warnings()) == []
    # 000:359 lessons fed back within each agency once its IMR is accepted.
    assert len(occurrences(r.obligations(D(2004, 9, 2)), "lessons_to_staff", "NSPCC")) == 1


def test_ny_a_scheduled_date_past_the_six_months_is_reported_as_a_breach():
    r = ny_timetabled()
    # In August the panel moves the submission to Friday 17 September 2004,
    # after the statutory 8 September (003:181). The date is kept, and the
    # breach is shown in the row and in the warnings (deadline rule 7).
    r.schedule("completion", D(2004, 9, 17), london(2004, 8, 2), NY_MANAGER)
    row = r.timetable(D(2004, 8, 2)).row("completion")
    assert row.due == D(2004, 9, 17)
    assert row.rule_due == D(2004, 9, 8)
    assert row.scheduled and row.breach
    w = besides_effective(r.warnings())
    assert len(w) == 1
    assert w[0].kind == "breach"
    assert w[0].strength == "must"
    assert "2004-09-17" in w[0].message and "2004-09-08" in w[0].message
    assert "003:181" in w[0].cite
    assert w[0].at == london(2004, 8, 2)
    # Before the reschedule (as of 1 August) there was no breach.
    assert besides_effective(r.warnings(D(2004, 8, 1))) == []
    assert not r.timetable(D(2004, 8, 1)).row("completion").breach
    # Scheduling it back inside the limit clears it.
    r.schedule("completion", D(2004, 9, 8), london(2004, 8, 9), NY_MANAGER)
    assert not r.timetable(D(2004, 8, 9)).row("completion").breach
    assert besides_effective(r.warnings()) == []


def test_ny_a_breach_stays_reported_after_the_late_submission():
    r = ny_submitted()
    # Replay the same review, the submission moved to 17 September.
    late = Review.from_events(NY, r.history()[:-1])
    late.schedule("completion", D(2004, 9, 17), london(2004, 8, 20), NY_MANAGER)
    late.record("submitted_to_ofsted", london(2004, 9, 17, 10), NY_MANAGER)
    row = late.timetable(D(2004, 9, 17)).row("completion")
    assert row.breach
    assert (row.rule_due, row.due) == (D(2004, 9, 8), D(2004, 9, 17))
    warnings = besides_effective(late.warnings())
    assert [w.kind for w in warnings] == ["breach"]
    # The breach arose when the date was set (20 August), not at the last event.
    assert warnings[0].at == london(2004, 8, 20)
    # Compliance does not hide it either (deadline rule 7): the submission met
    # the panel's date, but not the statutory 8 September 2004 (003:181).
    c = late.compliance(D(2004, 9, 17))
    assert c.completion is not None
    assert c.completion.met
    assert not c.completion.within_original
    assert c.completion.breach
    assert c.completion.due == D(2004, 9, 8)
    assert c.completion.scheduled == D(2004, 9, 17)
    assert not c.completion.on_time
    assert c.completion.days_late == 9


def test_ny_an_inadequate_grade_leads_to_a_re_review_and_a_new_action_plan_in_three_months():
    r = ny_submitted()
    # 003:220 "if the Evaluation Letter indicates inadequate, a new SCR Panel
    # with a new Independent Chair will be convened to reconsider the review. A
    # new Action Plan ... presented to Ofsted within three months."
    r.record("evaluation_received", london(2004, 11, 30), NY_LSCB_CHAIR, {"grade": "inadequate"})
    assert r.state == "re_review"
    obligations = r.obligations(D(2004, 11, 30))
    plan = obligations.row("revised_action_plan")
    # 30 November 2004 + 3 months: February 2005 has no 30th, so its last day,
    # 28 February 2005 (rule 3).
    assert (plan.due, plan.status) == (D(2005, 2, 28), "pending")
    assert obligations.row("outcomes_to_inspectorates").status == "open"
    # Publication waits: the review cannot be published from re-review.
    refused(r, TransitionError,
            lambda: r.record("report_published", london(2004, 12, 1), NY_MANAGER, {"full_report_published": True}),
            "state 're_review'", "publication_pending")
    r.record("new_panel_convened", london(2004, 12, 6), NY_LSCB_CHAIR)
    assert r.obligations(D(2005, 3, 1)).row("revised_action_plan").status == "overdue"
    r.record("revised_action_plan_submitted", london(2005, 2, 25), NY_MANAGER)
    assert r.state == "publication_pending"
    plan = r.obligations(D(2005, 3, 1)).row("revised_action_plan")
    assert plan.status == "discharged"
    assert plan.discharged_at == london(2005, 2, 25)
    r.record("report_published", london(2005, 3, 14), NY_MANAGER, {"full_report_published": False})
    # 003:226 the SCR Sub Group monitors the action plans, then closes the review.
    assert r.state == "monitoring_actions"
    r.record("action_plans_signed_off", london(2005, 9, 1), NY_SUB_CHAIR)
    assert r.state == "closed"


# ---- a deferral to a fixed date (003:110-111) ------------------------------------------
#
# Notification on Monday 7 June 2004. The Sub Group recommends deferral on
# Wednesday 9 June and the Chair defers on Friday 11 June to Friday 25 June.


def ny_deferred() -> Review:
    r = Review.open(NY, "Child D", london(2004, 6, 7, 9), NY_MANAGER)
    r.record("sub_group_met", london(2004, 6, 9, 10), NY_SUB_CHAIR, {"recommendation": "deferred"})
    return r


def test_ny_a_deferral_needs_a_fixed_date():
    r = ny_deferred()
    # 003:111 "a date should be fixed for further consideration - cases must
    # not be deferred generally".
    error = refused(r, DataError,
                    lambda: r.record("decision_made", london(2004, 6, 11), NY_LSCB_CHAIR, {"outcome": "deferred"}),
                    "event 'decision_made' needs field 'reconsider_on' when outcome == deferred")
    assert error.field == "reconsider_on"
    assert r.state == "recommended"


def test_ny_a_deferral_to_a_fixed_date_becomes_the_reconsideration_milestone():
    r = ny_deferred()
    r.record("decision_made", london(2004, 6, 11), NY_LSCB_CHAIR,
             {"outcome": "deferred", "reconsider_on": D(2004, 6, 25)})
    assert r.state == "deferred"
    rows = r.timetable(D(2004, 6, 11))
    reconsideration = rows.row("reconsideration")
    assert reconsideration.due == D(2004, 6, 25)
    assert reconsideration.kind == "scheduled"
    assert reconsideration.status == "pending"
    # The panel meeting within a month was held (the Sub Group on 9 June).
    assert rows.row("decision_meeting").status == "met"
    # No SCR decided: nothing to tell Ofsted yet (003:132), so not overdue.
    assert r.timetable(D(2004, 6, 21)).row("ofsted_notification").status != "overdue"
    # Not taken up on the date fixed: overdue the next working day.
    assert r.timetable(D(2004, 6, 28)).row("reconsideration").status == "overdue"

    r.record("deferral_reconsidered", london(2004, 6, 25, 10), NY_SUB_CHAIR)
    assert r.state == "under_consideration"
    assert r.timetable(D(2004, 6, 25)).row("reconsideration").status == "met"

    # Deferred a second time, to Friday 9 July: the milestone follows the
    # latest deferral, and the earlier reconsideration does not meet it.
    r.record("decision_made", london(2004, 6, 28), NY_LSCB_CHAIR,
             {"outcome": "deferred", "reconsider_on": D(2004, 7, 9)})
    again = r.timetable(D(2004, 6, 28)).row("reconsideration")
    assert (again.due, again.status, again.completed_at) == (D(2004, 7, 9), "pending", None)
    r.record("deferral_reconsidered", london(2004, 7, 9, 10), NY_SUB_CHAIR)

    # The SCR is decided on Monday 12 July: Ofsted is due to be told on
    # Tuesday 13 July, and the six months are projected to 13 January 2005.
    r.record("decision_made", london(2004, 7, 12), NY_LSCB_CHAIR, {"outcome": "scr"})
    rows = r.timetable(D(2004, 7, 12))
    assert rows.row("reconsideration").status == "met"
    assert rows.row("ofsted_notification").due == D(2004, 7, 13)
    assert rows.row("completion").projected
    assert rows.row("completion").due == D(2005, 1, 13)
    # Ofsted told a day late, on Wednesday 14 July: six months from the
    # notification itself (003:181), 14 January 2005.
    r.record("ofsted_notified", london(2004, 7, 14), NY_MANAGER)
    rows = r.timetable(D(2004, 7, 14))
    assert rows.row("ofsted_notification").status == "met late"
    assert not rows.row("completion").projected
    assert rows.row("completion").due == D(2005, 1, 14)


# ---- an IMR returned for amendment twice (Solihull IMR track, 001:1381, 001:1451) ----

SOLIHULL = Procedure.builtin("solihull-2011-scr")
SOL_CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
SOL_PANEL = Actor("J. Smith", "panel_chair", "Independent")
HEALTH_SENIOR = Actor("Director of Nursing", "agency_senior_officer", "Health")
HEALTH_AUTHOR = Actor("H. Author", "imr_author", "Health")


def solihull_imr_submitted() -> Review:
    r = Review.open(SOLIHULL, "Child Y", london(2024, 1, 8, 9), SOL_CHAIR, {"incident_at": utc(2024, 1, 6, 22)})
    r.record("panel_convened", london(2024, 1, 12), SOL_CHAIR)
    r.record("panel_recommended", london(2024, 1, 22), SOL_CHAIR, {"recommendation": "scr"})
    r.record("decision_made", london(2024, 1, 25), SOL_CHAIR, {"outcome": "scr", "reasons": "Criteria met"})
    r.record("terms_of_reference_approved", london(2024, 2, 1), SOL_CHAIR)
    r.record("imr_commissioned", london(2024, 2, 5), SOL_PANEL,
             {"agency": "Health", "author_named_by": D(2024, 2, 12), "briefing_on": D(2024, 2, 19),
              "imr_due_on": D(2024, 4, 26)})
    r.record("imr_author_named", london(2024, 2, 9), Actor("H. Rep", "agency_representative", "Health"))
    r.record("imr_signed_off", london(2024, 4, 24), HEALTH_SENIOR)
    r.record("imr_submitted", london(2024, 4, 25), HEALTH_AUTHOR)
    r.record("imr_presented", london(2024, 5, 13, 10), SOL_PANEL, agency="Health")
    return r


def test_an_imr_returned_twice_is_due_again_by_the_latest_date_set():
    r = solihull_imr_submitted()
    # First return, at the presentation: resubmit by Friday 7 June 2024.
    r.record("imr_returned", london(2024, 5, 13, 12), SOL_PANEL,
             {"reason": "The health visitor's contacts are not analysed", "resubmit_by": D(2024, 6, 7)},
             agency="Health")
    rows = r.timetable(D(2024, 5, 13))
    assert rows.row("resubmission", "Health").due == D(2024, 6, 7)
    assert rows.row("resubmission", "Health").status == "pending"
    # The first submission still meets the original date (26 April).
    assert rows.row("imr_submission", "Health").status == "met"
    r.record("imr_signed_off", london(2024, 6, 5), HEALTH_SENIOR)
    r.record("imr_submitted", london(2024, 6, 6), HEALTH_AUTHOR)
    assert r.timetable(D(2024, 6, 6)).row("resubmission", "Health").status == "met"

    # Second return, on Monday 17 June: resubmit by Friday 28 June.
    r.record("imr_presented", london(2024, 6, 17, 10), SOL_PANEL, agency="Health")
    r.record("imr_returned", london(2024, 6, 17, 12), SOL_PANEL,
             {"reason": "The action plan has no timescales", "resubmit_by": D(2024, 6, 28)}, agency="Health")
    second = r.timetable(D(2024, 6, 20)).row("resubmission", "Health")
    assert second.due == D(2024, 6, 28)
    assert second.anchor_date == D(2024, 6, 28)
    # The 6 June submission came before this return: it does not meet it.
    assert second.completed_at is None
    assert second.status == "pending"
    assert r.timetable(D(2024, 7, 1)).row("resubmission", "Health").status == "overdue"

    # Resubmitted on Wednesday 3 July: 5 days after 28 June.
    r.record("imr_signed_off", london(2024, 7, 2), HEALTH_SENIOR)
    r.record("imr_submitted", london(2024, 7, 3), HEALTH_AUTHOR)
    late = r.timetable(D(2024, 7, 3)).row("resubmission", "Health")
    assert late.status == "met late"
    assert late.completed_at == london(2024, 7, 3)
    assert late.days_late == 5
    r.record("imr_presented", london(2024, 7, 8, 10), SOL_PANEL, agency="Health")
    r.record("imr_accepted", london(2024, 7, 8, 12), SOL_PANEL, agency="Health")
    assert r.tracks()[0].state == "accepted"


# =====================================================================================
# Essex Safeguarding Children Board (tests/cpp/review_essex_test.cpp, seed 004)
# =====================================================================================
#
# Appendix 1 gives each step its own timescale: 3 working days (004:441),
# 7 days (004:451), 14 days (004:464), 28 days (004:475), 7 days (004:530) and
# 14 days (004:536), each counted from the previous step's completion, and
# while that step is still open from its due date.
#
#   [26 Dec 2016] Boxing Day, [27 Dec] Christmas Day (substitute day),
#   [2 Jan 2017] New Year's Day (substitute day).

ESSEX = Procedure.builtin("essex-2016-scr")
BOARD_MANAGER = Actor("ESCB Board Manager", "board_manager", "Essex SCB")
INDEPENDENT_CHAIR = Actor("ESCB Independent Chair", "independent_chair", "Essex SCB")
CONSIDERATION_CHAIR = Actor("Consideration Panel Chair", "panel_chair", "Independent")
SUB_COMMITTEE_CHAIR = Actor("Chair of the SCR Sub Committee", "sub_committee_chair", "Essex SCB")


def expect_chain(rows: Table[TimetableRow], steps: Iterable[tuple[str, dt.date, bool]]) -> None:
    for milestone, due, projected in steps:
        row = rows.row(milestone)
        assert (row.due, row.projected) == (due, projected), milestone


def essex_referred() -> Review:
    """A referral reaches the ESCB on Thursday 22 December 2016."""
    return Review.open(ESSEX, "Child E", london(2016, 12, 22, 10), BOARD_MANAGER,
                       {"referring_agency": "Essex Police",
                        "reason": "A child died and neglect is suspected (Working Together 2015)"})


def essex_decided() -> Review:
    """The chain as it happened, to the Independent Chair's decision on
    Wednesday 8 March 2017."""
    r = essex_referred()
    r.record("initial_review_circulated", london(2016, 12, 28, 10), BOARD_MANAGER)
    r.record("consideration_decided", london(2017, 1, 11, 10), INDEPENDENT_CHAIR,
             {"outcome": "convene_panel", "sub_committee_majority": True})
    r.record("agency_information_collated", london(2017, 1, 23, 10), BOARD_MANAGER)
    r.record("consideration_panel_held", london(2017, 2, 16, 10), CONSIDERATION_CHAIR)
    r.record("panel_recommendation_sent", london(2017, 2, 27, 10), CONSIDERATION_CHAIR,
             {"recommendation": "scr", "rationale": "The criteria in regulation 5(2) are met"})
    r.record("chair_decided", london(2017, 3, 8, 10), INDEPENDENT_CHAIR, {"outcome": "accepted", "review": "scr"})
    return r


def test_essex_a_referral_gets_a_projected_decision_chain():
    r = essex_referred()
    assert r.state == "referred"
    rows = r.timetable(D(2016, 12, 22))
    # 004:441 3 working days: Friday 23 (1), 26 and 27 December are bank
    # holidays, Wednesday 28 (2), Thursday 29 (3). Each later step is
    # projected from the due date of the step before:
    #   004:451  29 Dec + 7 days  = 5 January 2017
    #   004:464   5 Jan + 14 days = 19 January
    #   004:475  19 Jan + 28 days = 16 February
    #   004:530  16 Feb + 7 days  = 23 February
    #   004:536  23 Feb + 14 days = 9 March 2017
    expect_chain(rows, [
        ("initial_review", D(2016, 12, 29), False),
        ("consideration_decision", D(2017, 1, 5), True),
        ("agency_information", D(2017, 1, 19), True),
        ("consideration_panel", D(2017, 2, 16), True),
        ("panel_recommendation", D(2017, 2, 23), True),
        ("chair_decision", D(2017, 3, 9), True),
    ])
    assert rows.row("consideration_decision").anchor_date == D(2016, 12, 29)
    assert rows.row("initial_review").strength == "should"  # 004:447
    # 004:445 the referral goes to the Independent Chair in the same 3 working days.
    assert r.obligations(D(2016, 12, 22)).row("referral_to_independent_chair").due == D(2016, 12, 29)


def test_essex_each_step_counts_from_the_previous_completion_and_from_its_due_date_while_open():
    r = essex_referred()
    r.record("initial_review_circulated", london(2016, 12, 28, 10), BOARD_MANAGER)
    rows = r.timetable(D(2016, 12, 28))
    assert rows.row("initial_review").status == "met"
    # From the completion (28 December): 28 Dec + 7 = 4 January.
    expect_chain(rows, [
        ("consideration_decision", D(2017, 1, 4), False),
        ("agency_information", D(2017, 1, 18), True),
        ("consideration_panel", D(2017, 2, 15), True),
        ("panel_recommendation", D(2017, 2, 22), True),
        ("chair_decision", D(2017, 3, 8), True),
    ])
    assert rows.row("consideration_decision").anchor_date == D(2016, 12, 28)

    # Tuesday 10 January: not decided. The overdue step still anchors the next
    # on its due date (4 January).
    rows = r.timetable(D(2017, 1, 10))
    assert rows.row("consideration_decision").status == "overdue"
    assert rows.row("agency_information").anchor_date == D(2017, 1, 4)
    assert rows.row("agency_information").due == D(2017, 1, 18)

    # Decided on Wednesday 11 January, 7 days late: the rest of the chain moves.
    #   11 Jan + 14 = 25 January; + 28 = 22 February; + 7 = 1 March; + 14 = 15 March.
    r.record("consideration_decided", london(2017, 1, 11, 10), INDEPENDENT_CHAIR,
             {"outcome": "convene_panel", "sub_committee_majority": True})
    assert r.state == "gathering_information"
    rows = r.timetable(D(2017, 1, 11))
    assert rows.row("consideration_decision").status == "met late"
    assert rows.row("consideration_decision").days_late == 7
    expect_chain(rows, [
        ("agency_information", D(2017, 1, 25), False),
        ("consideration_panel", D(2017, 2, 22), True),
        ("panel_recommendation", D(2017, 3, 1), True),
        ("chair_decision", D(2017, 3, 15), True),
    ])

    # Collated on Monday 23 January: 004:475's 28 days run to Monday 20 February.
    r.record("agency_information_collated", london(2017, 1, 23, 10), BOARD_MANAGER)
    rows = r.timetable(D(2017, 1, 23))
    assert rows.row("agency_information").status == "met"
    expect_chain(rows, [
        ("consideration_panel", D(2017, 2, 20), False),
        ("panel_recommendation", D(2017, 2, 27), True),
        ("chair_decision", D(2017, 3, 13), True),
    ])


def test_essex_the_chain_runs_to_the_independent_chairs_decision():
    r = essex_decided()
    assert r.state == "commissioning"
    assert r.branch == "scr"
    rows = r.timetable(D(2017, 3, 8))
    # Panel on 16 February, within 28 days of 23 January (20 February).
    assert rows.row("consideration_panel").status == "met"
    # 004:530 the letter within 7 days of the panel: 23 February; sent on the 27th, 4 days late.
    letter = rows.row("panel_recommendation")
    assert (letter.due, letter.status, letter.days_late) == (D(2017, 2, 23), "met late", 4)
    # 004:536 the Independent Chair within 14 days of the letter (27 February):
    # Monday 13 March. Decided on 8 March.
    decision = rows.row("chair_decision")
    assert (decision.due, decision.projected, decision.status) == (D(2017, 3, 13), False, "met")
    c = r.compliance(D(2017, 3, 8))
    assert c.decision is not None
    assert c.decision.milestone == "chair_decision"
    assert c.decision.due == D(2017, 3, 13)
    assert c.decision.on_time
    # 004:546 the decision confirmed in writing; 004:146 Ofsted and the DfE told.
    obligations = r.obligations(D(2017, 3, 8))
    assert obligations.row("decision_confirmed_in_writing").status == "open"
    assert obligations.row("ofsted_dfe_notification").status == "open"
    # A Consideration Panel was convened: no letter to the referrer (004:470).
    assert occurrences(obligations, "letter_to_referrer") == []


def test_essex_the_26_week_model_and_six_months_from_commissioning():
    # Commissioned on Monday 13 March 2017. Week N is 13 March + 7N days
    # (rule 2: weeks are calendar days, bank holidays included); 17 April,
    # 29 May and 28 August are bank holidays and calendar weeks do not move
    # off them. Six months from commissioning (004:162): 13 September 2017.
    r = essex_decided()
    r.record("review_commissioned", london(2017, 3, 13, 10), INDEPENDENT_CHAIR)
    r.record("ofsted_dfe_notified", london(2017, 3, 14, 10), BOARD_MANAGER)
    assert r.state == "scoping"
    rows = r.timetable(D(2017, 3, 14))
    weeks = {
        "scoping": D(2017, 4, 3),                      # week 3
        "medical_records_letter": D(2017, 4, 17),      # week 5
        "information_collection": D(2017, 5, 8),       # week 8
        "terms_of_reference": D(2017, 5, 8),
        "key_themes": D(2017, 5, 8),
        "family_invitation": D(2017, 5, 8),
        "learning_event_preparation": D(2017, 5, 29),  # week 11
        "learning_event": D(2017, 6, 5),               # week 12
        "draft_1": D(2017, 6, 26),                     # week 15
        "review_team_meeting": D(2017, 7, 3),          # week 16
        "draft_2": D(2017, 7, 17),                     # week 18
        "practitioner_feedback_event": D(2017, 7, 31), # week 20
        "report_final": D(2017, 8, 14),                # week 22
        "sub_committee_presentation": D(2017, 8, 28),  # week 24
        "collated_action_plan": D(2017, 9, 11),        # week 26
        "publication_target": D(2017, 9, 11),
    }
    for milestone, due in weeks.items():
        row = rows.row(milestone)
        assert row.due == due, milestone
        assert not row.projected, milestone
        assert row.strength == "should", milestone  # 004:222 "approximations"
    completion = rows.row("completion")
    assert completion.due == D(2017, 9, 13)
    assert completion.anchor_date == D(2017, 3, 13)  # commissioning, not the notification of 14 March
    assert not completion.projected
    assert completion.strength == "must"
    assert completion.rule == "6 months after review_commissioned"
    # The publication date is the Sub Committee's to set (004:348).
    assert rows.row("publication").due is None
    assert r.obligations(D(2017, 3, 14)).row("ofsted_dfe_notification").status == "discharged"

    # Publication set for Monday 11 September: to the agencies 2 weeks before
    # (28 August) and to the ESCB 1 week before (4 September) (004:246, 004:350).
    r.schedule("publication", D(2017, 9, 11), london(2017, 3, 20), SUB_COMMITTEE_CHAIR)
    later = r.timetable(D(2017, 3, 20))
    assert later.row("circulation_to_agencies").due == D(2017, 8, 28)
    assert later.row("circulation_to_board").due == D(2017, 9, 4)

    # 004:162 a delay is reported to Ofsted and the DfE by the Board Manager.
    r.extend("completion", D(2017, 11, 13), "The Learning Event was postponed", london(2017, 6, 1),
             INDEPENDENT_CHAIR)
    extended = r.timetable(D(2017, 6, 1)).row("completion")
    assert (extended.original_due, extended.due) == (D(2017, 9, 13), D(2017, 11, 13))
    delay = r.obligations(D(2017, 6, 1)).row("delay_reported_to_ofsted_dfe")
    assert (delay.owner, delay.status) == ("board_manager", "open")


def test_essex_six_months_from_the_end_of_august_ends_on_the_last_day_of_february():
    r = Review.open(ESSEX, "Child M", london(2017, 7, 3, 10), BOARD_MANAGER,
                    {"referring_agency": "Essex County Council", "reason": "Serious injury"})
    r.record("initial_review_circulated", london(2017, 7, 5), BOARD_MANAGER)
    r.record("consideration_decided", london(2017, 7, 11), INDEPENDENT_CHAIR, {"outcome": "convene_panel"})
    r.record("agency_information_collated", london(2017, 7, 25), BOARD_MANAGER)
    r.record("consideration_panel_held", london(2017, 8, 8), CONSIDERATION_CHAIR)
    r.record("panel_recommendation_sent", london(2017, 8, 14), CONSIDERATION_CHAIR,
             {"recommendation": "scr", "rationale": "Criteria met"})
    r.record("chair_decided", london(2017, 8, 30), INDEPENDENT_CHAIR, {"outcome": "accepted", "review": "scr"})
    r.record("review_commissioned", london(2017, 8, 31, 10), INDEPENDENT_CHAIR)
    rows = r.timetable(D(2017, 8, 31))
    # Rule 3: 31 August 2017 + 6 months: February 2018 has no 31st, so
    # Wednesday 28 February 2018.
    assert rows.row("completion").due == D(2018, 2, 28)
    # Week 26 (182 days) is Thursday 1 March 2018: after the six months.
    assert rows.row("publication_target").due == D(2018, 3, 1)


# =====================================================================================
# The engine's rules (tests/cpp/review_rules_test.cpp)
# =====================================================================================
#
# A Solihull review: referral received on Monday 4 March 2024; the Chair
# decides on Thursday 21 March 2024, so the six months run to Saturday
# 21 September 2024 (001:216, rule 3).

BOARD = Actor("Solihull LSCB", "lscb", "Solihull LSCB")
AUTHOR = Actor("M. White", "overview_author", "Independent")
ADMIN = Actor("R. Jones", "administrator", "Solihull LSCB")
NOMINATED = Actor("K. Brown", "nominated_panel_member", "Solihull LSCB")
MANAGER = Actor("L. Green", "business_manager", "Solihull LSCB")
POLICE_REP = Actor("P. Officer", "agency_representative", "Police")
HEALTH_REP = Actor("H. Nurse", "agency_representative", "Health")


def opened() -> Review:
    return Review.open(SOLIHULL, "Child R", london(2024, 3, 4, 9), SOL_CHAIR,
                       {"incident_at": utc(2024, 3, 2, 20), "referring_agency": "Police"})


def awaiting_decision() -> Review:
    r = opened()
    r.record("agency_letter_sent", london(2024, 3, 4, 14), SOL_CHAIR, {"agency": "Police"})
    r.record("agency_letter_sent", london(2024, 3, 4, 14), SOL_CHAIR, {"agency": "Health"})
    r.record("involvement_confirmed", london(2024, 3, 6), MANAGER, {"records_secured": True}, agency="Police")
    r.record("nil_return_received", london(2024, 3, 7), MANAGER, agency="Health")
    r.record("panel_convened", london(2024, 3, 8), SOL_CHAIR)
    r.record("panel_recommended", london(2024, 3, 18), SOL_CHAIR, {"recommendation": "scr"})
    return r


def decided() -> Review:
    r = awaiting_decision()
    r.record("decision_made", london(2024, 3, 21), SOL_CHAIR,
             {"outcome": "scr", "reasons": "A child has been seriously harmed and abuse is suspected"})
    return r


def awaiting_adoption() -> Review:
    """Through the IMRs and the overview report to the LSCB's adoption meeting."""
    r = decided()
    r.record("independents_appointed", london(2024, 3, 22), SOL_CHAIR)
    r.record("terms_of_reference_approved", london(2024, 3, 25), SOL_CHAIR)
    for agency in ("Police", "Health"):
        r.record("imr_commissioned", london(2024, 3, 27), SOL_PANEL,
                 {"agency": agency, "author_named_by": D(2024, 4, 3), "briefing_on": D(2024, 4, 10),
                  "imr_due_on": D(2024, 5, 31)})
    r.record("family_notified", london(2024, 3, 28), SOL_PANEL)
    r.record("imr_author_named", london(2024, 4, 2), POLICE_REP)
    r.record("imr_author_named", london(2024, 4, 2), HEALTH_REP)
    r.record("authors_briefing_held", london(2024, 4, 10), SOL_PANEL)
    r.schedule("presentation_meeting", D(2024, 6, 17), london(2024, 4, 12), SOL_PANEL, time="10:00")
    for agency in ("Police", "Health"):
        r.record("imr_signed_off", london(2024, 5, 28), Actor(f"Director, {agency}", "agency_senior_officer", agency))
    for agency in ("Police", "Health"):
        r.record("imr_submitted", london(2024, 5, 30), Actor(f"Author, {agency}", "imr_author", agency))
    r.record("imrs_circulated", london(2024, 6, 3), ADMIN)
    r.record("imr_presentation_meeting_held", london(2024, 6, 17, 10), SOL_PANEL)
    for agency in ("Police", "Health"):
        r.record("imr_presented", london(2024, 6, 17, 12), SOL_PANEL, agency=agency)
    for agency in ("Police", "Health"):
        r.record("imr_accepted", london(2024, 6, 24), SOL_PANEL, agency=agency)
    r.record("overview_draft_presented", london(2024, 7, 1), AUTHOR, {"draft": 1})
    r.record("draft_report_shared", london(2024, 7, 5), SOL_PANEL)
    r.record("final_draft_circulated", london(2024, 7, 8), SOL_PANEL)
    r.record("fair_representation_confirmed", london(2024, 7, 15), SOL_PANEL)
    return r


def extended() -> Review:
    """001:625: adoption waits for the criminal trial; 001:398: the LSCB agrees
    a new completion date, Friday 20 December 2024."""
    r = awaiting_adoption()
    r.record("adoption_postponed", london(2024, 7, 16), SOL_CHAIR, {"reason": "Criminal trial listed for October"})
    r.extend("completion", D(2024, 12, 20), "Adoption awaits the criminal trial (001:625)", london(2024, 7, 22), BOARD)
    return r


# ---- extensions (deadline rule 8) ------------------------------------------------


def test_an_agreed_extension_keeps_the_original_date_and_raises_the_notices():
    r = extended()
    assert r.state == "adoption_on_hold"
    completion = r.timetable(D(2024, 7, 22)).row("completion")
    # 21 March 2024 + 6 months = 21 September 2024 (001:216); extended to 20 December.
    assert completion.rule_due == D(2024, 9, 21)
    assert completion.original_due == D(2024, 9, 21)
    assert completion.due == D(2024, 12, 20)
    assert completion.extensions == 1
    assert completion.status == "extended"
    assert not completion.breach
    # Inside the one-month warning window (from 20 November) it is due soon.
    assert r.timetable(D(2024, 11, 25)).row("completion").status == "due soon"
    # Past the original date but inside the extension: not overdue.
    assert r.timetable(D(2024, 10, 1)).row("completion").status == "extended"

    # 001:398 tell Ofsted the new date and the reason; 001:911 tell the family.
    # Neither has a period in the source, so neither has a due date.
    obligations = r.obligations(D(2024, 7, 22))
    ofsted = obligations.row("extension_notice_ofsted")
    assert ofsted.triggered_at == london(2024, 7, 22)
    assert ofsted.due is None
    assert ofsted.status == "open"
    assert ofsted.recipients == ("Ofsted",)
    family = obligations.row("extension_notice_family")
    assert (family.status, family.owner) == ("open", "panel_chair")
    # As of the day before the extension, neither had been raised.
    before = r.obligations(D(2024, 7, 21))
    assert occurrences(before, "extension_notice_ofsted") == []
    assert occurrences(before, "extension_notice_family") == []


def test_compliance_shows_an_extended_completion_within_and_over_the_original_date():
    r = extended()
    r.discharge("extension_notice_ofsted", london(2024, 7, 23), NOMINATED, "New date 20 December 2024 and the reason")
    r.discharge("extension_notice_family", london(2024, 7, 24), SOL_PANEL, "Letter to the mother")
    notices = r.obligations(D(2024, 7, 24))
    assert notices.row("extension_notice_ofsted").status == "discharged"
    assert notices.row("extension_notice_family").discharged_by == "J. Smith"

    def submit(considered: dt.datetime, adopted: dt.datetime, submitted: dt.datetime) -> Any:
        review = copy.copy(r)
        review.record("proceedings_information_considered", considered, SOL_PANEL, {"changes_needed": False})
        review.record("scr_adopted", adopted, BOARD, {"other_processes_considered": True})
        review.record("scr_submitted", submitted, SOL_CHAIR)
        c = review.compliance(submitted.date())
        assert c.completion is not None
        return c.completion

    # The trial collapsed early: submitted before the original date.
    early = submit(london(2024, 9, 2), london(2024, 9, 9), london(2024, 9, 16))
    assert early.met and early.extended and early.on_time and early.within_original
    assert (early.original_due, early.due) == (D(2024, 9, 21), D(2024, 12, 20))
    # Submitted on Monday 18 November 2024: inside the extension, after the original date.
    later = submit(london(2024, 11, 4), london(2024, 11, 11), london(2024, 11, 18))
    assert later.met and later.extended and later.on_time and not later.within_original
    assert (later.days_late, later.status) == (0, "met")
    # Submitted on Monday 6 January 2025: late even against the extension,
    # by 17 days (20 December to 6 January).
    late = submit(london(2024, 12, 2), london(2024, 12, 30), london(2025, 1, 6))
    assert late.met and late.extended and not late.on_time and not late.within_original
    assert (late.days_late, late.status) == (17, "met late")


def test_an_extension_is_refused_to_a_role_not_named_in_extendable_by_or_not_after_the_due_date():
    r = awaiting_adoption()
    # 001:221 the LSCB agrees an alternative timescale, not its Chair alone.
    error = refused(r, RoleError,
                    lambda: r.extend("completion", D(2024, 12, 20), "Criminal trial", london(2024, 7, 22), SOL_CHAIR),
                    "role 'lscb_chair' may not agree an extension of milestone 'completion'", "agreed by: lscb")
    assert error.rule == "role"
    refused(r, RoleError,
            lambda: r.extend("completion", D(2024, 12, 20), "Criminal trial", london(2024, 7, 22), SOL_PANEL),
            "role 'panel_chair'")
    # A milestone no role may extend.
    refused(r, RuleError,
            lambda: r.extend("panel_stage", D(2024, 12, 20), "Criminal trial", london(2024, 7, 22), BOARD),
            "cannot be extended")
    # Before any extension, the original 21 September 2024 is the bar.
    refused(r, RuleError,
            lambda: r.extend("completion", D(2024, 9, 20), "Earlier", london(2024, 7, 23), BOARD),
            "is not after its current due date 2024-09-21")
    # An extension needs a reason.
    refused(r, DataError, lambda: r.extend("completion", D(2024, 12, 20), "", london(2024, 7, 23), BOARD), "reason")

    # Once extended, 20 December 2024 is the date in force.
    x = extended()
    refused(x, RuleError,
            lambda: x.extend("completion", D(2024, 12, 20), "Same date", london(2024, 7, 23), BOARD),
            "the new due date 2024-12-20", "is not after its current due date 2024-12-20")
    # A second extension moves the date again and keeps the first original.
    x.extend("completion", D(2025, 2, 28), "The trial was adjourned to January", london(2024, 12, 2), BOARD)
    row = x.timetable(D(2024, 12, 2)).row("completion")
    assert (row.due, row.original_due, row.extensions) == (D(2025, 2, 28), D(2024, 9, 21), 2)
    # Each extension tells Ofsted and the family again.
    assert len(occurrences(x.obligations(D(2024, 12, 2)), "extension_notice_ofsted")) == 2


# ---- refusals leave the review as it was -----------------------------------------


def test_an_event_not_allowed_in_the_state_is_a_transition_error_and_changes_nothing():
    r = opened()
    # 001:155: the Chair decides once the Panel has recommended.
    refused(r, TransitionError,
            lambda: r.record("decision_made", london(2024, 3, 5), SOL_CHAIR, {"outcome": "scr", "reasons": "x"}),
            "event 'decision_made' is not allowed while the review is in state 'considering'",
            "it is recorded from: awaiting_decision")
    error = refused(r, TransitionError, lambda: r.record("scr_submitted", london(2024, 3, 5), SOL_CHAIR),
                    "state 'considering'", "it is recorded from: adopted")
    assert error.rule == "transition"
    assert len(r) == 1
    assert r.state == "considering"


# ---- role conflicts ----------------------------------------------------------------


def test_a_must_conflict_refuses_the_assignment():
    r = decided()
    at = london(2024, 3, 27)
    # 001:436 the IMR author will not have been directly concerned with the
    # child or family, nor the immediate line manager of those involved.
    refused(r, ConflictError, lambda: r.assign("D. Jones", "imr_author", "Police", at, SOL_CHAIR),
            "cannot assign D. Jones as 'imr_author'",
            "The IMR author will not have been directly concerned with the child or family", "001:436",
            "has not declared 'directly_concerned_with_child_or_family'")
    error = refused(r, ConflictError,
                    lambda: r.assign("D. Jones", "imr_author", "Police", at, SOL_CHAIR,
                                     ["directly_concerned_with_child_or_family"]))
    assert error.rule == "conflict"
    assert error.conflict_rule == (
        "The IMR author will not have been the immediate line manager of the practitioner(s) involved"
    )
    assert r.assignments() == []
    r.assign("D. Jones", "imr_author", "Police", at, SOL_CHAIR,
             ["directly_concerned_with_child_or_family", "line_manager_of_staff_involved"])
    assert [(a.person, len(a.declarations)) for a in r.assignments()] == [("D. Jones", 2)]
    assert r.warnings() == []
    # A declaration the role does not have is bad data.
    refused(r, DataError,
            lambda: r.assign("E. Grey", "imr_author", "Health", at, SOL_CHAIR, ["not_a_declaration"]),
            "no declaration 'not_a_declaration'")


def test_a_must_same_person_conflict_in_north_yorkshire_is_refused():
    # 003:152 the individual panel has different members from the standing SCR Sub Group.
    manager_ny = Actor("LSCB Manager", "lscb_manager", "NYSCB")
    r = Review.open(NY, "Child N", london(2024, 3, 4), manager_ny)
    r.assign("S. Legal", "sub_group_chair", "NYSCB", london(2024, 3, 5), manager_ny,
             ["represents_social_care_police_education_or_health"])
    refused(r, ConflictError,
            lambda: r.assign("S. Legal", "panel_chair", "NYSCB", london(2024, 3, 6), manager_ny,
                             ["member_or_officer_of_the_lscb"]),
            "The individual panel consists of different members to the standing SCR Sub Group", "003:152")
    assert len(r.assignments()) == 1


def test_a_should_conflict_is_recorded_as_a_warning():
    r = decided()
    # 001:307 "The overview report author should not be the chair of the LSCB
    # or the SCR Panel": Solihull says should, so the assignment stands.
    r.assign("M. White", "overview_author", "Independent", london(2024, 3, 22, 10), SOL_CHAIR)
    assert r.warnings() == []
    r.assign("M. White", "panel_chair", "Independent", london(2024, 3, 22, 11), SOL_CHAIR,
             ["member_of_involved_lscb"])
    assert len(r.assignments()) == 2
    w = r.warnings()
    assert len(w) == 1
    assert w[0].kind == "conflict"
    assert w[0].strength == "should"
    assert w[0].rule == "The overview report author should not be the chair of the SCR Panel"
    assert "M. White" in w[0].message
    assert "001:307" in w[0].cite
    assert w[0].at == london(2024, 3, 22, 11)
    # Not there as of the day before.
    assert r.warnings(D(2024, 3, 21)) == []


# ---- bank holidays (deadline rules 1 and 11) --------------------------------------------


def test_a_referral_on_the_summer_bank_holiday_counts_working_days_from_the_next_day():
    # Monday 26 August 2024 was the summer bank holiday. The incident was on
    # the Saturday evening (20:00 BST = 19:00 UTC).
    assert EW.holiday_name(D(2024, 8, 26)) is not None
    r = Review.open(SOLIHULL, "Child B", london(2024, 8, 26, 9), SOL_CHAIR, {"incident_at": utc(2024, 8, 24, 19)})
    obligations = r.obligations(D(2024, 8, 26))
    # 001:348 the Chair writes within 1 working day: day 1 is Tuesday 27 August.
    assert obligations.row("chair_letter_to_agencies").due == D(2024, 8, 27)
    # 001:181 notice of the incident in week 1: 26 August + 7 days (weeks ignore holidays).
    assert obligations.row("incident_notice").due == D(2024, 9, 2)
    rows = r.timetable(D(2024, 8, 26))
    # 001:735 72 hours from 24 August 19:00 UTC: 27 August 19:00 UTC.
    assert rows.row("referral_form").due_at == utc(2024, 8, 27, 19)
    assert rows.row("referral_form").status == "met"
    # 001:851 one month from 26 August: Thursday 26 September.
    assert rows.row("decision").due == D(2024, 9, 26)

    # The Chair writes on the holiday itself; 001:857 replies within 3 working
    # days: 27, 28, 29 August: Thursday 29 August.
    r.record("agency_letter_sent", london(2024, 8, 26, 15), SOL_CHAIR, {"agency": "Police"})
    assert r.obligations(D(2024, 8, 26)).row("chair_letter_to_agencies").status == "discharged"
    assert r.timetable(D(2024, 8, 26)).row("reply", "Police").due == D(2024, 8, 29)

    # A referral on the Friday before: the Chair's letter is due on Tuesday 27
    # August, and a letter sent that Friday is answered by Thursday 29 August.
    friday = Review.open(SOLIHULL, "Child F", london(2024, 8, 23, 9), SOL_CHAIR,
                         {"incident_at": utc(2024, 8, 22, 19)})
    assert friday.obligations(D(2024, 8, 23)).row("chair_letter_to_agencies").due == D(2024, 8, 27)
    friday.record("agency_letter_sent", london(2024, 8, 23, 15), SOL_CHAIR, {"agency": "Health"})
    reply = friday.timetable(D(2024, 8, 28)).row("reply", "Health")
    assert (reply.due, reply.status) == (D(2024, 8, 29), "pending")

    # Rule 4: dates are Europe/London dates. A NIL return at 22:30 UTC on
    # 29 August is 23:30 BST that day: on time. At 23:30 UTC it is already
    # 00:30 BST on 30 August: a day late.
    on_time = copy.copy(friday)
    on_time.record("nil_return_received", utc(2024, 8, 29, 22, 30), MANAGER, agency="Health")
    assert on_time.timetable(D(2024, 8, 30)).row("reply", "Health").status == "met"
    after_midnight = copy.copy(friday)
    after_midnight.record("nil_return_received", utc(2024, 8, 29, 23, 30), MANAGER, agency="Health")
    late = after_midnight.timetable(D(2024, 8, 30)).row("reply", "Health")
    assert (late.status, late.days_late) == ("met late", 1)
    # As of 29 August (London), the 00:30 BST reply had not yet happened.
    assert after_midnight.timetable(D(2024, 8, 29)).row("reply", "Health").status == "pending"


def state_funeral_week(calendar: Calendar) -> Review:
    """Friday 16 September 2022: a Solihull referral and the Chair's letters.
    The state funeral of Queen Elizabeth II made Monday 19 September 2022 a
    one-off bank holiday, announced on 10 September."""
    r = Review.open(SOLIHULL, "Child S", london(2022, 9, 16, 9), SOL_CHAIR,
                    {"incident_at": utc(2022, 9, 15, 18)}, calendar=calendar)
    r.record("agency_letter_sent", london(2022, 9, 16, 14), SOL_CHAIR, {"agency": "Police"})
    return r


def test_the_state_funeral_is_skipped_inside_a_working_day_window():
    r = state_funeral_week(EW)
    # 001:857: 3 working days after Friday 16 September: Tuesday 20 (1),
    # Wednesday 21 (2), Thursday 22 (3). Monday 19 is the state funeral.
    assert r.timetable(D(2022, 9, 16)).row("reply", "Police").due == D(2022, 9, 22)
    assert r.timetable(D(2022, 9, 22)).row("reply", "Police").status == "pending"
    assert r.timetable(D(2022, 9, 23)).row("reply", "Police").status == "overdue"
    # 001:348 the Chair's letter within 1 working day: Tuesday 20 September.
    assert r.obligations(D(2022, 9, 16)).row("chair_letter_to_agencies").due == D(2022, 9, 20)


def england_and_wales_but(remove: Iterable[dt.date], add: Iterable[Holiday], version: str) -> Calendar:
    """Every England and Wales holiday, less (or plus) the days given."""
    removed = set(remove)
    days = [h for year in range(EW.first.year, EW.last.year + 1) for h in EW.holidays(year) if h.date not in removed]
    days.extend(add)
    days.sort(key=lambda h: h.date)
    return Calendar.custom(["Saturday", "Sunday"], days, "england-and-wales", version)


def moved_key(m: MovedDate) -> tuple:
    return (m.kind, m.item, m.agency or "", m.occurrence)


def test_recomputing_under_a_new_calendar_lists_exactly_the_dates_that_moved():
    # Opened under the holidays published before the state funeral was
    # announced: no holiday on 19 September 2022.
    before_announcement = england_and_wales_but([D(2022, 9, 19)], [], "2022-09-01")
    assert before_announcement.is_working_day(D(2022, 9, 19))
    r = state_funeral_week(before_announcement)
    # Without the holiday: the reply is due Wednesday 21 September (19, 20, 21)
    # and the Chair's letter Monday 19 September.
    assert r.timetable(D(2022, 9, 16)).row("reply", "Police").due == D(2022, 9, 21)
    assert r.obligations(D(2022, 9, 16)).row("chair_letter_to_agencies").due == D(2022, 9, 19)

    # The proclamation adds the holiday: only the two working-day deadlines
    # move. Weeks, months and hours (incident notice, decision, 72 hours) do not.
    moved = r.recompute(EW)
    assert sorted(moved, key=moved_key) == sorted([
        MovedDate("milestone", "reply", "Police", 1, D(2022, 9, 21), D(2022, 9, 22)),
        MovedDate("obligation", "chair_letter_to_agencies", None, 1, D(2022, 9, 19), D(2022, 9, 20)),
    ], key=moved_key)
    assert r.calendar.version == EW.version
    assert r.timetable(D(2022, 9, 16)).row("reply", "Police").due == D(2022, 9, 22)

    # Recomputing under the same calendar moves nothing.
    assert r.recompute(EW) == []

    # A board closure day on Wednesday 21 September moves the reply to Friday
    # 23 September (20, 22, 23); the letter (20th) stays.
    with_closure = england_and_wales_but([], [Holiday(D(2022, 9, 21), "Board closure day")], "2022-09-21")
    assert r.recompute(with_closure) == [
        MovedDate("milestone", "reply", "Police", 1, D(2022, 9, 22), D(2022, 9, 23)),
    ]
    assert r.calendar.version == "2022-09-21"


# =====================================================================================
# Holds under each hold policy (tests/cpp/review_holds_test.cpp, deadline rule 9)
# =====================================================================================
#
# No built-in pack pauses a clock (003:120, 003:183), so this small procedure
# has one milestone per policy, each once with a working-day timescale and
# once with a calendar-day one. The review is opened on Monday 7 April 2025.
#
#   [18 Apr] Good Friday, [21 Apr] Easter Monday, [5 May] Early May bank
#   holiday, [26 May] Spring bank holiday.
#
# 20 working days after 7 April: 8-11 (4), 14-17 (8), 22-25 (12), 28-30 (15),
# 1-2 May (17), 6-8 May (20): Thursday 8 May 2025.
# 6 weeks after 7 April: Monday 19 May 2025.


POLICIES = Procedure.load(str(pathlib.Path(__file__).resolve().parents[1] / "data" / "procedures" / "hold-policies.yaml"))
HOLD_CHAIR = Actor("A. Chair", "chair", "Board")


def hold_opened() -> Review:
    """Opened on Monday 7 April 2025; the referral is acknowledged the next day."""
    r = Review.open(POLICIES, "Child H", london(2025, 4, 7, 10), HOLD_CHAIR)
    r.record("acknowledged", london(2025, 4, 8, 9), HOLD_CHAIR)
    return r


def held_and_released() -> Review:
    """Held on Wednesday 16 April 2025 (a suspect charged), released on
    Wednesday 30 April 2025.

    Time held: 14 calendar days; in working days, (16 Apr, 30 Apr] holds
    17, 22-25, 28-30 April = 8 (Good Friday and Easter Monday are not counted).

      pause-resume, 20 working days: 8 May + 8 working days = 9, 12-16, 19, 20
        May: Tuesday 20 May 2025.
      pause-resume, 6 weeks: 19 May + 14 days = Monday 2 June 2025.
      restart, 20 working days from 30 April: 1-2 May (2), 6-9 (6), 12-16 (11),
        19-23 (16), 27-30 (20; 26 May is a bank holiday): Friday 30 May 2025.
      restart, 6 weeks from 30 April: Wednesday 11 June 2025.
      continue and pause-keep-end keep 8 May and 19 May.
    """
    r = hold_opened()
    r.hold("Criminal proceedings: a suspect has been charged", london(2025, 4, 16, 15), HOLD_CHAIR)
    r.release(london(2025, 4, 30, 11), HOLD_CHAIR, "The CPS agreed the review may proceed")
    return r


def expect_rows(r: Review, as_of: dt.date, expected: Iterable[tuple[str, dt.date, str]]) -> None:
    table = r.timetable(as_of)
    for milestone, due, status in expected:
        row = table.row(milestone)
        assert (row.due, row.status) == (due, status), f"{milestone} as of {as_of}"


def test_holds_the_procedure_loads_with_one_milestone_per_policy():
    assert len(POLICIES.milestones) == 9
    assert [m.hold for m in POLICIES.milestones][1::2] == ["continue", "pause-keep-end", "pause-resume", "restart"]


def test_holds_without_a_hold_every_policy_gives_the_rule_date():
    r = hold_opened()
    expect_rows(r, D(2025, 4, 8), [
        # 7 April + 2 working days = Wednesday 9 April; met on the 8th.
        ("acknowledgement", D(2025, 4, 9), "met"),
        ("continue_wd", D(2025, 5, 8), "pending"),
        ("continue_days", D(2025, 5, 19), "pending"),
        ("keep_end_wd", D(2025, 5, 8), "pending"),
        ("keep_end_days", D(2025, 5, 19), "pending"),
        ("resume_wd", D(2025, 5, 8), "pending"),
        ("resume_days", D(2025, 5, 19), "pending"),
        ("restart_wd", D(2025, 5, 8), "pending"),
        ("restart_days", D(2025, 5, 19), "pending"),
    ])
    assert not r.on_hold
    assert r.holds() == []


def test_holds_while_held_the_paused_policies_show_paused_and_continue_runs():
    r = hold_opened()
    r.hold("Criminal proceedings: a suspect has been charged", london(2025, 4, 16, 15), HOLD_CHAIR)
    assert r.on_hold
    assert [(h.reason, h.start, h.end) for h in r.holds()] == [
        ("Criminal proceedings: a suspect has been charged", london(2025, 4, 16, 15), None),
    ]
    rows = r.timetable(D(2025, 4, 24))
    for milestone in ("continue_wd", "continue_days"):
        assert rows.row(milestone).status == "pending", milestone
    for milestone in ("keep_end_wd", "keep_end_days", "resume_wd", "resume_days", "restart_wd", "restart_days"):
        assert rows.row(milestone).status == "paused", milestone
    # pause-keep-end: the due date stands while paused.
    assert rows.row("keep_end_wd").due == D(2025, 5, 8)
    assert rows.row("keep_end_days").due == D(2025, 5, 19)
    # Met before the hold: neither paused nor moved.
    assert (rows.row("acknowledgement").status, rows.row("acknowledgement").due) == ("met", D(2025, 4, 9))
    # As of the day before the hold, nothing was paused.
    assert r.timetable(D(2025, 4, 15)).row("resume_wd").status == "pending"
    # A review already on hold cannot be held again.
    error = refused(r, RuleError, lambda: r.hold("Inquest", london(2025, 4, 17), HOLD_CHAIR),
                    "review 'Child H' is already on hold since 2025-04-16",
                    "Criminal proceedings: a suspect has been charged")
    assert error.rule == "hold"


def test_holds_after_release_each_policy_moves_its_due_date_as_its_rule_says():
    r = held_and_released()
    assert not r.on_hold
    assert [h.end for h in r.holds()] == [london(2025, 4, 30, 11)]
    expect_rows(r, D(2025, 5, 1), [
        ("acknowledgement", D(2025, 4, 9), "met"),
        ("continue_wd", D(2025, 5, 8), "pending"),
        ("continue_days", D(2025, 5, 19), "pending"),
        ("keep_end_wd", D(2025, 5, 8), "pending"),
        ("keep_end_days", D(2025, 5, 19), "pending"),
        ("resume_wd", D(2025, 5, 20), "pending"),
        ("resume_days", D(2025, 6, 2), "pending"),
        ("restart_wd", D(2025, 5, 30), "pending"),
        ("restart_days", D(2025, 6, 11), "pending"),
    ])
    # As of 21 May 2025: the continued and kept dates have passed, the resumed
    # working-day date passed the day before, the restarted ones have not.
    expect_rows(r, D(2025, 5, 21), [
        ("continue_wd", D(2025, 5, 8), "overdue"),
        ("continue_days", D(2025, 5, 19), "overdue"),
        ("keep_end_wd", D(2025, 5, 8), "overdue"),
        ("keep_end_days", D(2025, 5, 19), "overdue"),
        ("resume_wd", D(2025, 5, 20), "overdue"),
        ("resume_days", D(2025, 6, 2), "pending"),
        ("restart_wd", D(2025, 5, 30), "pending"),
        ("restart_days", D(2025, 6, 11), "pending"),
    ])
    # The history replays to the same holds and dates.
    again = Review.from_events(POLICIES, r.history())
    assert again.holds() == r.holds()
    assert again.timetable(D(2025, 5, 1)) == r.timetable(D(2025, 5, 1))


def test_holds_a_milestone_met_after_release_is_judged_against_its_moved_date():
    r = held_and_released()
    r.record("resume_wd_done", london(2025, 5, 19), HOLD_CHAIR)     # before 20 May: on time
    r.record("keep_end_wd_done", london(2025, 5, 19), HOLD_CHAIR)   # after 8 May: late
    r.record("restart_days_done", london(2025, 6, 11), HOLD_CHAIR)  # on the restarted date
    rows = r.timetable(D(2025, 6, 11))
    assert (rows.row("resume_wd").status, rows.row("resume_wd").due) == ("met", D(2025, 5, 20))
    assert rows.row("keep_end_wd").status == "met late"
    assert rows.row("keep_end_wd").days_late == 11
    assert rows.row("restart_days").status == "met"


def test_holds_a_hold_that_outlasts_the_due_dates():
    # Held on Wednesday 16 April 2025, released on Wednesday 14 May 2025.
    # Time held: 28 calendar days; working days in (16 Apr, 14 May]: 17,
    # 22-25, 28-30 April, 1-2, 6-9, 12-14 May = 17.
    #   pause-resume, 20 working days: 8 May + 17 working days = 9, 12-16,
    #     19-23, 27-30 May, 2-3 June: Tuesday 3 June 2025.
    #   pause-resume, 6 weeks: 19 May + 28 days = Monday 16 June 2025.
    #   restart, 20 working days from 14 May: 15-16 (2), 19-23 (7), 27-30 (11),
    #     2-6 June (16), 9-12 June (20): Thursday 12 June 2025.
    #   restart, 6 weeks from 14 May: Wednesday 25 June 2025.
    r = hold_opened()
    r.hold("Inquest opened and adjourned", london(2025, 4, 16, 15), HOLD_CHAIR)
    # Monday 12 May, still held: the continued clock has run out, the paused
    # ones have not (pause-keep-end keeps 8 May but is paused, not overdue).
    expect_rows(r, D(2025, 5, 12), [
        ("continue_wd", D(2025, 5, 8), "overdue"),
        ("continue_days", D(2025, 5, 19), "pending"),
        ("keep_end_wd", D(2025, 5, 8), "paused"),
        ("keep_end_days", D(2025, 5, 19), "paused"),
    ])
    assert r.timetable(D(2025, 5, 12)).row("resume_wd").status == "paused"
    assert r.timetable(D(2025, 5, 12)).row("restart_days").status == "paused"

    r.release(london(2025, 5, 14, 12), HOLD_CHAIR)
    expect_rows(r, D(2025, 5, 15), [
        ("continue_wd", D(2025, 5, 8), "overdue"),
        ("continue_days", D(2025, 5, 19), "pending"),
        # The end was kept, so once released it is overdue.
        ("keep_end_wd", D(2025, 5, 8), "overdue"),
        ("keep_end_days", D(2025, 5, 19), "pending"),
        ("resume_wd", D(2025, 6, 3), "pending"),
        ("resume_days", D(2025, 6, 16), "pending"),
        ("restart_wd", D(2025, 6, 12), "pending"),
        ("restart_days", D(2025, 6, 25), "pending"),
    ])


def test_holds_a_second_hold_moves_the_dates_again():
    r = held_and_released()
    # Held again from Friday 2 May to Tuesday 6 May 2025 (the Monday is the
    # early May bank holiday): 4 calendar days; working days in (2 May, 6 May]:
    # 6 May only = 1.
    r.hold("Trial date brought forward", london(2025, 5, 2, 12), HOLD_CHAIR)
    r.release(london(2025, 5, 6, 12), HOLD_CHAIR)
    assert len(r.holds()) == 2
    expect_rows(r, D(2025, 5, 7), [
        ("continue_wd", D(2025, 5, 8), "pending"),
        ("keep_end_wd", D(2025, 5, 8), "pending"),
        # 20 May + 1 working day = Wednesday 21 May.
        ("resume_wd", D(2025, 5, 21), "pending"),
        # 2 June + 4 days = Friday 6 June.
        ("resume_days", D(2025, 6, 6), "pending"),
        # From 6 May: 7-9 (3), 12-16 (8), 19-23 (13), 27-30 (17), 2-4 June (20): Wednesday 4 June.
        ("restart_wd", D(2025, 6, 4), "pending"),
        # 6 May + 6 weeks = Tuesday 17 June.
        ("restart_days", D(2025, 6, 17), "pending"),
    ])


def test_holds_a_review_not_on_hold_cannot_be_released_and_a_closed_one_cannot_be_held():
    r = hold_opened()
    refused(r, RuleError, lambda: r.release(london(2025, 4, 16), HOLD_CHAIR), "review 'Child H' is not on hold")
    again = held_and_released()
    refused(again, RuleError, lambda: again.release(london(2025, 5, 1), HOLD_CHAIR), "is not on hold")
    error = refused(r, DataError, lambda: r.hold("   ", london(2025, 4, 16), HOLD_CHAIR), "reason")
    assert error.field == "reason"
    r.record("close", london(2025, 4, 10), HOLD_CHAIR)
    refused(r, TransitionError, lambda: r.hold("Inquest", london(2025, 4, 11), HOLD_CHAIR), "is closed")
