"""libscr.action_plans: a Solihull review's action plan (Appendix 13,
001:1322-1331) recorded through the store, its due dates, quarterly updates,
completion, return and sign-off, overdue actions in the store's overdue list,
the board's assurance report, the plan as a DataFrame and in every export,
the boards' spreadsheet layouts, and refusals.

The review is the Solihull walk of test_review.py (the C++ tests' too,
tests/cpp/action_plan_support.hpp), kept in a store: the LSCB adopts the
review, and with it approves the action plans (001:218, 001:615), on Monday
1 July 2024, and publishes the executive summary on 20 September 2024. The
plan is recorded on 23 September 2024. Expected values are worked out by hand
from the pack (solihull-2011-scr version 4), never by asking libscr:

- "By when?" counts from the approval: "Three months" from 1 July 2024 is
  1 October 2024, "One month" 1 August 2024, "Six months" 1 January 2025;
  "Ongoing" has no due date.
- Progress updates (action_update) fall due three months after the action
  was agreed and every three months after: 23 December 2024, 23 March 2025.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

import libscr
from libscr import (
    ActionInput,
    ActionPlan,
    ActionPlanBinding,
    Actor,
    AgencyError,
    AssuranceReport,
    ByWhen,
    DataError,
    InputError,
    PlanSheet,
    Procedure,
    RecommendationInput,
    RoleError,
    Store,
    Timescale,
    assure,
    read_plan,
    write_plan,
)
from libscr.action_plans import (
    ACTION_STATUSES,
    RECOMMENDATION_STATUSES,
    AssuranceCount,
    PlanAction,
    action_data,
    action_event,
    recommendation_data,
    recommendation_event,
)

D = dt.date
UTC = dt.timezone.utc
LONDON = ZoneInfo("Europe/London")
PACK = "solihull-2011-scr"
REF = "Child Q"


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
BOARD = Actor("Solihull LSCB", "lscb", "Solihull LSCB")
PANEL_CHAIR = Actor("J. Smith", "panel_chair", "Independent")
ADMIN = Actor("R. Jones", "administrator", "Solihull LSCB")
MANAGER = Actor("L. Green", "business_manager", "Solihull LSCB")
AUTHOR = Actor("M. White", "overview_author", "Independent")
POLICE_REP = Actor("P. Officer", "agency_representative", "Police")
MONITORING = Actor("Chair of Performance Monitoring", "performance_monitoring", "Solihull LSCB")
POLICE_LEAD = Actor("Head of Police training", "action_lead", "Police")

# Appendix 13's example (001:1326), verbatim: one row, five numbered actions
# in the Actions cell and five lines in By Whom? and By When? (a CSV as Excel
# writes it: CRLF record ends, LF within a cell).
APPENDIX_13 = (
    "Outcome,Recommendation,Actions,By Whom?,By When?,Actions taken,Information for audit\r\n"
    "Police officers acquire knowledge of the risks to children associated with domestic violence,"
    "The assistant chief constable should ensure that all police officers receive training on the links between "
    "domestic violence and child abuse.,"
    '"1. Determine number of courses and arrange.\n2. Issue instruction re: mandatory attendance.\n'
    '3. Deliver and evaluate course.\n4. report on attendance.\n5. Set up rolling programme for new recruits.",'
    '"Head of Police training\nSuperintendents\nHead of police training\nHead of police training\n'
    'Head of police training",'
    '"Three months\nOne month\nSix months\nOne month\nOngoing",,'
    "Head of police training unit to provide written summary of number of officers attending training against "
    "total in post. Reasons for any variance to be given. Arrangements for any officers who have not attended. "
    "Arrangements for future new recruits\r\n"
).encode("utf-8")

WHATS = (
    "Determine number of courses and arrange.",
    "Issue instruction re: mandatory attendance.",
    "Deliver and evaluate course.",
    "report on attendance.",
    "Set up rolling programme for new recruits.",
)
NUMBERS = ("1.1", "1.2", "1.3", "1.4", "1.5")
BY_WHEN = ("Three months", "One month", "Six months", "One month", "Ongoing")
# Approval on 1 July 2024 plus each timescale (none for Ongoing).
DUE = (D(2024, 10, 1), D(2024, 8, 1), D(2025, 1, 1), D(2024, 8, 1), None)
AGREED = london(2024, 9, 23)


# ---- the review, in a store --------------------------------------------------------


def walk(db: Store, reference: str = REF, last: str = "published") -> None:
    """The Solihull review from the referral (15 January 2024) to adoption
    (1 July 2024) and, by default, publication (20 September 2024); "drafted"
    stops before the adoption."""
    db.open_review(PACK, reference, london(2024, 1, 15, 9), CHAIR,
                   {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC), "referring_agency": "Police"})
    db.record(reference, "agency_letter_sent", london(2024, 1, 16, 11), CHAIR, {"agency": "Police"})
    db.record(reference, "involvement_confirmed", london(2024, 1, 18), MANAGER, {"records_secured": True}, "Police")
    db.record(reference, "panel_convened", london(2024, 1, 19), CHAIR)
    db.record(reference, "panel_recommended", london(2024, 1, 29), CHAIR, {"recommendation": "scr"})
    db.record(reference, "decision_made", london(2024, 2, 1), CHAIR,
              {"outcome": "scr", "reasons": "The criteria in Working Together 8.9 are met"})
    db.record(reference, "independents_appointed", london(2024, 2, 5), CHAIR)
    db.assign(reference, "J. Smith", "panel_chair", "Independent", london(2024, 2, 5), CHAIR,
              ["member_of_involved_lscb"])
    db.assign(reference, "M. White", "overview_author", "Independent", london(2024, 2, 5), CHAIR)
    db.record(reference, "terms_of_reference_approved", london(2024, 2, 6), CHAIR)
    db.record(reference, "imr_commissioned", london(2024, 2, 8), PANEL_CHAIR,
              {"agency": "Police", "author_named_by": D(2024, 2, 15), "briefing_on": D(2024, 2, 22),
               "imr_due_on": D(2024, 4, 30)})
    db.record(reference, "family_notified", london(2024, 2, 9), PANEL_CHAIR)
    db.record(reference, "imr_author_named", london(2024, 2, 14), POLICE_REP)
    db.record(reference, "authors_briefing_held", london(2024, 2, 22), PANEL_CHAIR)
    db.schedule(reference, "presentation_meeting", D(2024, 5, 20), london(2024, 3, 1), PANEL_CHAIR, time="10:00")
    db.record(reference, "imr_signed_off", london(2024, 4, 25),
              Actor("Director of Police", "agency_senior_officer", "Police"))
    db.record(reference, "imr_submitted", london(2024, 4, 26), ("Author for Police", "imr_author", "Police"))
    db.record(reference, "imrs_circulated", london(2024, 5, 3), ADMIN)
    db.record(reference, "imr_presentation_meeting_held", london(2024, 5, 20, 10), PANEL_CHAIR)
    db.record(reference, "imr_presented", london(2024, 5, 20, 12), PANEL_CHAIR, agency="Police")
    db.record(reference, "imr_accepted", london(2024, 6, 3), PANEL_CHAIR, agency="Police")
    db.record(reference, "overview_draft_presented", london(2024, 6, 10), AUTHOR, {"draft": 1})
    db.record(reference, "draft_report_shared", london(2024, 6, 14), PANEL_CHAIR)
    db.record(reference, "final_draft_circulated", london(2024, 6, 17), PANEL_CHAIR)
    db.record(reference, "fair_representation_confirmed", london(2024, 6, 24), PANEL_CHAIR)
    if last == "drafted":
        return
    db.record(reference, "scr_adopted", london(2024, 7, 1), BOARD, {"other_processes_considered": True})
    db.record(reference, "scr_submitted", london(2024, 7, 15), CHAIR)
    db.record(reference, "ofsted_evaluation_received", london(2024, 9, 9), CHAIR, {"grade": "good"})
    db.record(reference, "summary_published", london(2024, 9, 20), BOARD, {"published_on": D(2024, 9, 20)})


def record_appendix_13(db: Store, reference: str = REF) -> PlanSheet:
    """Reads Appendix 13 and records it on 23 September 2024 by the business
    manager, with what the template has no column for: the agency, who the
    recommendation is addressed to, its themes, and that it is urgent."""
    sheet = read_plan(APPENDIX_13, "solihull-2011")
    assert sheet.ok, sheet.report()
    (rec,) = sheet.recommendations
    fields = dataclasses.asdict(rec)
    fields.update(agency="Police", addressed_to="Assistant Chief Constable", themes=["domestic abuse", "training"],
                  urgent=True)
    number, text = fields.pop("number"), fields.pop("text")
    db.add_recommendation(reference, number, text, AGREED, MANAGER, **fields)
    for a in sheet.actions:
        db.add_action(reference, a.number, a.recommendation, a.what, AGREED, MANAGER, lead=a.lead,
                      agency="Police", by_when=a.by_when, evidence=a.evidence)
    return sheet


@pytest.fixture
def db():
    with Store.in_memory() as s:
        walk(s)
        assert s.load(REF).state == "monitoring_action_plan"
        yield s


@pytest.fixture
def planned(db: Store) -> Store:
    record_appendix_13(db)
    return db


def monitor(db: Store) -> None:
    """Three months on: an update on 1.1 before its first update falls due;
    1.2 completed and signed off; 1.4 completed, returned, completed again and
    signed off."""
    db.update_action(REF, "1.1", "Two courses arranged for January", london(2024, 12, 20), POLICE_LEAD,
                     status="on_track")
    db.complete_action(REF, "1.2", "Instruction issued 2 August 2024", london(2025, 1, 6), POLICE_LEAD)
    db.sign_off_action(REF, "1.2", london(2025, 1, 7), MONITORING)
    db.complete_action(REF, "1.4", "Attendance report", london(2025, 1, 6), POLICE_LEAD)
    db.return_action(REF, "1.4", "The report gives no attendance figures", london(2025, 1, 7), MONITORING)
    db.complete_action(REF, "1.4", "Attendance report with figures", london(2025, 1, 20), POLICE_LEAD,
                       narrative="Figures by division added")
    db.sign_off_action(REF, "1.4", london(2025, 1, 21), MONITORING)


# ---- the procedure's section ----------------------------------------------------------


def test_the_solihull_pack_names_its_action_plan_events_and_deadlines():
    p = Procedure.builtin(PACK)
    assert p.version == 4
    assert p.action_plan == ActionPlanBinding(
        approved="scr_adopted", recommended="recommendation_made", track="action", updated="action_updated",
        completed="action_completed", signed_off="action_signed_off", returned="action_completion_returned",
        due="action_due", review="action_review", update="action_update", mark="",
    )
    assert p._core.action_plan.track == "action"
    assert {r.id for r in p.roles} >= {"action_lead", "performance_monitoring"}
    # A pack without the section has none.
    assert Procedure.builtin("stockport-2010-imr").action_plan is None


# ---- "By when?" ------------------------------------------------------------------------


def test_by_when_reads_the_plans_words():
    assert ByWhen.parse("Three months") == ByWhen(None, Timescale.parse("3 months"), False, "Three months")
    assert ByWhen.parse("  6 weeks ").within == Timescale.parse("6 weeks")
    assert ByWhen.parse("31/03/2025").on == D(2025, 3, 31)
    assert ByWhen.parse("2025-03-31").on == D(2025, 3, 31)
    ongoing = ByWhen.parse("Ongoing")
    assert ongoing.ongoing and ongoing.on is None and ongoing.within is None
    assert ByWhen.parse("") == ByWhen(None, None, False, "")
    # Counted from an approval on 1 July 2024.
    assert [ByWhen.parse(w).due(D(2024, 7, 1)) for w in BY_WHEN] == list(DUE)
    with pytest.raises(InputError, match="'soonish' is not a date, a timescale or Ongoing"):
        ByWhen.parse("soonish")
    with pytest.raises(TypeError, match="text must be"):
        ByWhen.parse(3)  # type: ignore[arg-type]


# ---- recording -------------------------------------------------------------------------


def test_appendix_13_is_read_as_one_recommendation_and_five_actions():
    sheet = read_plan(APPENDIX_13, "solihull-2011")
    assert sheet.ok and sheet.report() == "" and sheet.layout == "solihull-2011"
    (rec,) = sheet.recommendations
    assert rec.number == "1"
    assert rec.text.startswith("The assistant chief constable should ensure")
    assert rec.outcome.startswith("Police officers acquire knowledge")
    assert rec.audit.startswith("Head of police training unit to provide written summary")
    assert [a.number for a in sheet.actions] == list(NUMBERS)
    assert [a.what for a in sheet.actions] == list(WHATS)
    assert [a.by_when for a in sheet.actions] == list(BY_WHEN)
    assert [a.lead for a in sheet.actions] == ["Head of Police training", "Superintendents"] + [
        "Head of police training"] * 3
    assert all(a.recommendation == "1" and a.evidence == rec.audit for a in sheet.actions)


def test_due_dates_count_from_the_approval_at_adoption(planned: Store):
    plan = planned.action_plan(REF, D(2024, 9, 30))
    assert isinstance(plan, ActionPlan)
    assert plan.reference == REF and plan.procedure_id == PACK and plan.procedure_version == 4
    assert plan.state == "monitoring_action_plan"
    assert plan.approved_at == london(2024, 7, 1)
    assert plan.warnings == () and plan.mark is None and list(plan.unlinked) == []
    (rec,) = plan.recommendations
    assert rec.number == "1" and rec.agency == "Police" and rec.urgent
    assert rec.themes == ("domestic abuse", "training")
    assert rec.made_at == AGREED
    assert rec.status == "not started"
    assert [a.number for a in rec.actions] == list(NUMBERS)
    assert [a.due for a in plan.actions] == list(DUE)
    assert [a.by_when for a in plan.actions] == list(BY_WHEN)
    # As of 30 September the two "One month" actions (due 1 August) are 60
    # days late: 30 days to 31 August, 30 more to 30 September.
    assert [a.status for a in plan.actions] == ["open", "overdue", "open", "overdue", "ongoing"]
    assert [plan.action(n).days_late for n in NUMBERS] == [0, 60, 0, 60, 0]
    assert plan.action("1.2").due_status == "overdue" and plan.action("1.1").due_status == "pending"
    assert rec.overdue and plan.action("1.2").overdue
    assert all(a.state == "open" and a.agreed_at == AGREED for a in plan.actions)
    # The first progress update falls due three months after the action was agreed.
    assert {a.next_update_due for a in plan.actions} == {D(2024, 12, 23)}
    assert not any(a.update_overdue for a in plan.actions)
    # SMART: the ongoing action has no date to review it.
    assert [f.check for f in plan.action("1.5").smart] == ["due"]
    assert "1.5" in plan.action("1.5").smart[0].message
    assert plan.action("1.1").smart == ()
    # The engine's own timetable has each action's due date under its number.
    rows = planned.load(REF).timetable(D(2024, 9, 30))
    assert rows.row("action_due", "1.3").due == D(2025, 1, 1)
    assert rows.row("action_due", "1.3").track == "action"


def test_overdue_actions_are_in_the_stores_overdue_list_under_their_number(planned: Store):
    due = [d for d in planned.overdue(D(2024, 9, 30)) if d.item == "action_due"]
    assert [(d.reference, d.kind, d.agency, d.due, d.days_late) for d in due] == [
        (REF, "milestone", "1.2", D(2024, 8, 1), 60), (REF, "milestone", "1.4", D(2024, 8, 1), 60),
    ]
    assert planned.overdue(D(2024, 9, 30)).row(REF, "action_due", agency="1.4").owner == "action_lead"
    # By 2 October "Three months" (1 October) has passed too.
    late = {d.agency for d in planned.overdue(D(2024, 10, 2)) if d.item == "action_due"}
    assert late == {"1.1", "1.2", "1.4"}
    # And on 24 December each action's first progress update (23 December) is overdue.
    updates = [d for d in planned.overdue(D(2024, 12, 24)) if d.item == "action_update"]
    assert {(d.agency, d.due, d.occurrence) for d in updates} == {(n, D(2024, 12, 23), 1) for n in NUMBERS}


def test_a_quarterly_update_discharges_the_update_due(planned: Store):
    sequence = planned.sequence(REF)
    got = planned.update_action(REF, "1.1", "Two courses arranged for January", london(2024, 12, 20), POLICE_LEAD,
                                status="on_track", evidence="Course bookings")
    assert got == sequence + 1 == planned.sequence(REF)
    event = planned.history(REF)[-1].event
    assert (event.name, event.agency, event.by) == ("action_updated", "1.1", POLICE_LEAD)
    assert event.data == {"narrative": "Two courses arranged for January", "status": "on_track",
                          "evidence": "Course bookings"}
    plan = planned.action_plan(REF, D(2024, 12, 24))
    one = plan.action("1.1")
    (update,) = one.updates
    assert (update.kind, update.at, update.by, update.status, update.narrative, update.evidence, update.sequence) == (
        "update", london(2024, 12, 20), POLICE_LEAD, "on_track", "Two courses arranged for January",
        "Course bookings", got)
    assert one.last_update == update
    assert not one.update_overdue and one.next_update_due == D(2025, 3, 23)
    # 1.3 had no update by 23 December.
    three = plan.action("1.3")
    assert three.update_overdue and three.updates_overdue == 1 and three.next_update_due == D(2024, 12, 23)
    # An update is progress; 1.1 is still overdue (due 1 October): 84 days on 24 December.
    assert one.status == "overdue" and one.days_late == 84
    assert plan.recommendation("1").status == "in progress"


def test_completion_return_and_sign_off(planned: Store):
    planned.complete_action(REF, "1.2", "Instruction issued 2 August 2024", london(2025, 1, 6), POLICE_LEAD)
    plan = planned.action_plan(REF, D(2025, 1, 6))
    two = plan.action("1.2")
    assert (two.status, two.state, two.completion_evidence) == (
        "completed", "completed", "Instruction issued 2 August 2024")
    assert two.completed_at == london(2025, 1, 6) and two.signed_off_at is None
    # Only the Performance Monitoring sub group (or the manager) signs off (001:626).
    before = planned.sequence(REF)
    with pytest.raises(RoleError):
        planned.sign_off_action(REF, "1.2", london(2025, 1, 7), POLICE_LEAD)
    assert planned.sequence(REF) == before
    planned.sign_off_action(REF, "1.2", london(2025, 1, 7), MONITORING)
    two = planned.action_plan(REF, D(2025, 1, 7)).action("1.2")
    assert (two.status, two.state) == ("implemented", "signed off")
    assert two.signed_off_at == london(2025, 1, 7)
    # Completed 158 days after it was due on 1 August 2024.
    assert two.due_status == "met late" and two.days_late == 158
    assert [u.kind for u in two.updates] == ["completed", "signed off"]
    # A completion returned opens the action again.
    planned.complete_action(REF, "1.4", "Attendance report", london(2025, 1, 6), POLICE_LEAD)
    planned.return_action(REF, "1.4", "The report gives no attendance figures", london(2025, 1, 7), MONITORING)
    four = planned.action_plan(REF, D(2025, 1, 7)).action("1.4")
    assert four.status == "overdue" and four.state == "open" and four.completed_at is None
    assert [(u.kind, u.narrative) for u in four.updates] == [
        ("completed", ""), ("returned", "The report gives no attendance figures")]
    event = planned.history(REF)[-1].event
    assert (event.name, event.agency, event.data) == (
        "action_completion_returned", "1.4", {"reason": "The report gives no attendance figures"})


def test_statuses_as_of_the_end_of_march(planned: Store):
    monitor(planned)
    plan = planned.action_plan(REF, D(2025, 3, 31))
    assert [a.status for a in plan.actions] == ["overdue", "implemented", "overdue", "implemented", "ongoing"]
    assert plan.recommendation("1").status == "in progress"
    # 1.1's second update (23 March) and the first of 1.3 and 1.5 (23 December) are overdue.
    assert [a.update_overdue for a in plan.actions] == [True, False, True, False, True]
    assert plan.action("1.3").updates_overdue == 2
    four = plan.action("1.4")
    assert four.completed_at == london(2025, 1, 20) and four.completion_evidence == "Attendance report with figures"
    # The plan as of an earlier day is the plan as it stood then.
    assert planned.action_plan(REF, D(2024, 12, 31)).action("1.2").status == "overdue"


def test_add_plan_records_a_sheet_in_one_transaction(db: Store):
    sheet = read_plan(APPENDIX_13, "solihull-2011")
    before = db.sequence(REF)
    assert db.add_plan(REF, sheet, AGREED, MANAGER) == before + 6
    plan = db.action_plan(REF, D(2024, 9, 30))
    assert [a.due for a in plan.actions] == list(DUE)
    assert [a.lead for a in plan.actions][:2] == ["Head of Police training", "Superintendents"]
    # A sheet with a problem records nothing.
    bad = read_plan(APPENDIX_13.replace(b"Six months", b"soonish"), "solihull-2011")
    assert not bad.ok
    (issue,) = bad.issues
    assert (issue.row, issue.column, issue.rule) == (2, "By When?", "by-when")
    assert "'soonish'" in issue.message and "soonish" in bad.report()
    with Store.in_memory() as other:
        walk(other)
        n = other.sequence(REF)
        with pytest.raises(InputError, match="nothing was recorded"):
            other.add_plan(REF, bad, AGREED, MANAGER)
        assert other.sequence(REF) == n
        # Recorded twice: the second is refused whole (recommendation 1 is taken).
        with pytest.raises(DataError) as info:
            db.add_plan(REF, sheet, AGREED, MANAGER)
        assert info.value.field == "number"
    assert db.sequence(REF) == before + 6


def test_the_data_functions_check_against_the_review(planned: Store):
    r = planned.load(REF)
    assert recommendation_event(r) == "recommendation_made"
    assert action_event(r) == "action_agreed"
    data = recommendation_data(r, RecommendationInput("2", "Health visitors record every adult in the household",
                                                      agency="Health", themes="household; health"))
    assert data == {"number": "2", "recommendation": "Health visitors record every adult in the household",
                    "agency": "Health", "themes": "household; health"}
    # The keyword form is the same.
    assert recommendation_data(r, number="2", text="Health visitors record every adult in the household",
                               agency="Health", themes=["household", "health"]) == data
    data = action_data(r, ActionInput("1.6", "1", "Refresher course", lead="Head of Police training",
                                      by_when="Three months"))
    assert data == {"action": "1.6", "recommendation": "1", "what": "Refresher course",
                    "lead": "Head of Police training", "due_on": D(2024, 10, 1), "due_in": "Three months"}
    # A date, written as a date.
    assert action_data(r, number="1.6", recommendation="1", what="Refresher", by_when=D(2025, 3, 31))["due_on"] == D(
        2025, 3, 31)
    # Nothing was recorded.
    assert len(planned.load(REF)) == len(r)


# ---- refusals --------------------------------------------------------------------------


def test_a_duplicate_action_number_is_refused_naming_the_field(planned: Store):
    before = planned.sequence(REF)
    with pytest.raises(DataError, match="already has action '1.2'") as info:
        planned.add_action(REF, "1.2", "1", "Another action", london(2024, 9, 24), MANAGER, by_when="One month")
    assert info.value.field == "action"
    with pytest.raises(DataError) as info:
        planned.add_recommendation(REF, "1", "Again", london(2024, 9, 24), MANAGER)
    assert info.value.field == "number"
    assert planned.sequence(REF) == before


def test_a_by_when_that_is_not_a_date_timescale_or_ongoing_is_refused_naming_it(planned: Store):
    before = planned.sequence(REF)
    with pytest.raises(DataError, match="'soonish' is not a date, a timescale or Ongoing") as info:
        planned.add_action(REF, "1.6", "1", "Refresher course", london(2024, 9, 24), MANAGER, by_when="soonish")
    assert info.value.field == "by_when"
    assert "1.6" in str(info.value)
    assert planned.sequence(REF) == before


def test_other_refusals(planned: Store):
    before = planned.sequence(REF)
    with pytest.raises(DataError, match="no recommendation '9'") as info:
        planned.add_action(REF, "9.1", "9", "Something", london(2024, 9, 24), MANAGER)
    assert info.value.field == "recommendation"
    with pytest.raises(DataError) as info:
        planned.add_action(REF, "1.6", "1", "   ", london(2024, 9, 24), MANAGER)
    assert info.value.field == "what"
    with pytest.raises(DataError) as info:
        planned.add_recommendation(REF, "2", "From the panel", london(2024, 9, 24), MANAGER, source="gossip")
    assert info.value.field == "source"
    with pytest.raises(AgencyError, match=r"no action '1\.9'.*1\.1, 1\.2"):
        planned.update_action(REF, "1.9", "Progress", london(2024, 12, 1), POLICE_LEAD)
    assert planned.sequence(REF) == before
    # Wrong types name the argument.
    with pytest.raises(TypeError, match="number must be text"):
        ActionInput(1.6, "1", "What")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="urgent must be a bool"):
        RecommendationInput("2", "Text", urgent="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="naive datetime"):
        planned.update_action(REF, "1.1", "Progress", dt.datetime(2024, 12, 1), POLICE_LEAD)
    with pytest.raises(TypeError, match="review must be a libscr.Review"):
        action_event(REF)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="format 'pdf' is not one of text, csv, json, html, xlsx"):
        planned.action_plan(REF, D(2024, 9, 30)).export("pdf")
    with pytest.raises(InputError, match="layout 'essex' is not one of"):
        read_plan(APPENDIX_13, "essex")


def test_a_timescale_before_the_plan_is_approved_is_refused():
    with Store.in_memory() as s:
        walk(s, last="drafted")
        s.add_recommendation(REF, "1", "Training on domestic abuse", london(2024, 6, 25), MANAGER)
        with pytest.raises(DataError, match="counts from the plan's approval .*'scr_adopted'") as info:
            s.add_action(REF, "1.1", "1", "Arrange courses", london(2024, 6, 25), MANAGER, by_when="Three months")
        assert info.value.field == "by_when"
        # A date needs no approval.
        s.add_action(REF, "1.1", "1", "Arrange courses", london(2024, 6, 25), MANAGER, by_when="31/10/2024")
        plan = s.action_plan(REF, D(2024, 6, 30))
        assert plan.approved_at is None and plan.action("1.1").due == D(2024, 10, 31)


def test_a_procedure_without_an_action_plan_is_named():
    with Store.in_memory() as s:
        s.open_review("stockport-2010-imr", "Child N", london(2024, 1, 15, 9),
                      Actor("S. Manager", "business_manager", "Stockport SCB"),
                      {"agency": "Police", "confirm_by": D(2024, 1, 22), "chronology_by": D(2024, 2, 26),
                       "imr_by": D(2024, 3, 25)})
        with pytest.raises(InputError, match="records no action plan"):
            s.action_plan("Child N", D(2024, 2, 1))
        with pytest.raises(InputError, match="records no action plan"):
            s.assurance(D(2024, 1, 1), D(2024, 2, 1), references=["Child N"])
        # Left out of the store-wide report.
        assert s.assurance(D(2024, 1, 1), D(2024, 2, 1)).plans == ()


# ---- the board's assurance report ------------------------------------------------------


@pytest.fixture
def two_reviews(planned: Store) -> Store:
    """Child Q monitored to the end of March 2025, and Child R, whose one
    Health recommendation's one action was completed and signed off."""
    monitor(planned)
    walk(planned, "Child R")
    planned.add_recommendation("Child R", "1", "Health visitors record every adult in the household", AGREED,
                               MANAGER, agency="Health", themes="training")
    planned.add_action("Child R", "1.1", "1", "Amend the record template", AGREED, MANAGER, lead="Named Nurse",
                       agency="Health", by_when="One month", evidence="Amended template")
    planned.complete_action("Child R", "1.1", "Template v2", london(2024, 10, 1), Actor("N. Nurse", "action_lead",
                                                                                          "Health"))
    planned.sign_off_action("Child R", "1.1", london(2024, 10, 2), MONITORING)
    return planned


def test_the_assurance_report_across_reviews(two_reviews: Store):
    a = two_reviews.assurance(D(2024, 4, 1), D(2025, 3, 31))
    assert isinstance(a, AssuranceReport)
    assert (a.from_, a.as_of) == (D(2024, 4, 1), D(2025, 3, 31))
    assert [p.reference for p in a.plans] == [REF, "Child R"]
    assert (a.recommendations, a.implemented, a.urgent, a.urgent_implemented) == (2, 1, 1, 0)
    assert a.proportion_implemented() == 0.5 and a.proportion_urgent_implemented() == 0.0
    # Q: 1.2 and 1.4 implemented, 1.1 and 1.3 overdue, 1.1, 1.3 and 1.5 with an update overdue; R: 1.1 implemented.
    assert (a.actions, a.actions_implemented, a.actions_overdue, a.updates_overdue) == (6, 3, 2, 3)
    # Completions in the period: Q's 1.2 (6 January) and 1.4 (20 January), R's 1.1 (1 October); one update.
    assert (a.completed_in_period, a.updates_in_period) == (3, 1)
    assert a.past_mark == ()
    assert list(a.by_status) == [AssuranceCount("in progress", 1, 5, 2, 0, 1),
                                 AssuranceCount("implemented", 1, 1, 0, 1, 1)]
    assert list(a.by_agency) == [AssuranceCount("Health", 1, 1, 0, 1, 1), AssuranceCount("Police", 1, 5, 2, 2, 1)]
    # Themes in most reviews first.
    assert list(a.by_theme) == [AssuranceCount("training", 2, 6, 0, 1, 2),
                                AssuranceCount("domestic abuse", 1, 5, 0, 0, 1)]
    # The same from the plans, and from the module's function.
    plans = [two_reviews.action_plan(r, D(2025, 3, 31)) for r in (REF, "Child R")]
    assert assure(plans, D(2024, 4, 1), D(2025, 3, 31)) == a
    assert assure(two_reviews, D(2024, 4, 1), D(2025, 3, 31)) == a
    # Only the reviews named.
    only = two_reviews.assurance(D(2024, 4, 1), D(2025, 3, 31), references=["Child R"])
    assert [p.reference for p in only.plans] == ["Child R"] and only.implemented == 1
    # A period that ends before it starts.
    with pytest.raises(InputError, match="its start is after its end"):
        two_reviews.assurance(D(2025, 4, 1), D(2025, 3, 31))


def test_the_assurance_report_as_dataframes(two_reviews: Store):
    frames = two_reviews.assurance(D(2024, 4, 1), D(2025, 3, 31)).to_pandas()
    assert set(frames) == {"actions", "reviews", "by_status", "by_agency", "by_theme"}
    actions = frames["actions"]
    assert list(actions["reference"]) == [REF] * 5 + ["Child R"]
    assert actions["status"].value_counts()["implemented"] == 3
    reviews = frames["reviews"]
    assert list(reviews["reference"]) == [REF, "Child R"]
    assert list(reviews["implemented"]) == [0, 1] and list(reviews["actions_overdue"]) == [2, 0]
    assert str(reviews["approved_on"].dtype) == "datetime64[ns]"
    assert list(reviews["approved_on"]) == [pd.Timestamp(2024, 7, 1)] * 2
    by_status = frames["by_status"]
    assert list(by_status.columns) == ["key", "recommendations", "actions", "overdue", "implemented", "reviews"]
    assert list(by_status["key"].cat.categories) == list(RECOMMENDATION_STATUSES)
    assert list(frames["by_agency"]["key"]) == ["Health", "Police"]
    assert str(frames["by_theme"]["reviews"].dtype) == "int64"


def test_the_assurance_report_exports(two_reviews: Store):
    a = two_reviews.assurance(D(2024, 4, 1), D(2025, 3, 31))
    doc = json.loads(a.export("json"))
    assert doc["schema"] == "libscr.assurance"
    assert (doc["from"], doc["as_of"]) == ("2024-04-01", "2025-03-31")
    assert (doc["recommendations"], doc["implemented"], doc["proportion_implemented"]) == (2, 1, 0.5)
    assert [r["reference"] for r in doc["reviews"]] == [REF, "Child R"]
    text = a.export("text")
    assert "Action plan assurance, 2024-04-01 to 2025-03-31" in text
    csv = a.export("csv")
    assert csv.splitlines()[0] == "section,key,reviews,recommendations,actions,overdue,implemented"
    assert "<h2>By agency</h2>" in a.export("html")
    xlsx = a.export("xlsx")
    assert isinstance(xlsx, bytes) and xlsx[:2] == b"PK"


# ---- the plan as a DataFrame and in every export -----------------------------------------


def test_the_plan_as_a_dataframe(planned: Store):
    monitor(planned)
    frame = planned.action_plan(REF, D(2025, 3, 31)).to_pandas()
    assert len(frame) == 5
    for column in ("reference", "recommendation", "action", "what", "lead", "agency", "by_when", "due", "status",
                   "days_late", "next_update_due", "update_overdue", "completed_on", "signed_off_on", "smart"):
        assert column in frame.columns, column
    assert list(frame["action"]) == list(NUMBERS)
    assert list(frame["what"]) == list(WHATS)
    assert list(frame["by_when"]) == list(BY_WHEN)
    for column in ("due", "review_on", "next_update_due", "completed_on", "signed_off_on", "last_update_on"):
        assert str(frame[column].dtype) == "datetime64[ns]", column
    assert list(frame["due"][:4]) == [pd.Timestamp(d) for d in DUE[:4]]
    assert pd.isna(frame["due"][4])
    assert isinstance(frame["status"].dtype, pd.CategoricalDtype)
    assert list(frame["status"].cat.categories) == list(ACTION_STATUSES)
    assert list(frame["status"]) == ["overdue", "implemented", "overdue", "implemented", "ongoing"]
    assert str(frame["days_late"].dtype) == "int64" and str(frame["update_overdue"].dtype) == "bool"
    assert str(frame["urgent"].dtype) == "bool" and bool(frame["urgent"][0])
    assert list(frame["completed_on"][[1, 3]]) == [pd.Timestamp(2025, 1, 6), pd.Timestamp(2025, 1, 20)]
    assert list(frame["signed_off_on"][[1, 3]]) == [pd.Timestamp(2025, 1, 7), pd.Timestamp(2025, 1, 21)]
    assert frame["themes"][0] == "domestic abuse; training"
    assert "ongoing with no date to review it" in frame["smart"][4]
    assert list(frame["updates"]) == [1, 2, 0, 4, 0]
    # A table of actions converts as any Table does.
    table = planned.action_plan(REF, D(2025, 3, 31)).actions.to_pandas()
    assert list(table["number"]) == list(NUMBERS) and table["status"].dtype == frame["status"].dtype


def test_to_pandas_without_pandas_says_so(planned: Store, monkeypatch: pytest.MonkeyPatch):
    plan = planned.action_plan(REF, D(2024, 9, 30))
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"ActionPlan\.to_pandas\(\) needs pandas.*pip install pandas"):
        plan.to_pandas()
    with pytest.raises(ImportError, match="needs pandas"):
        planned.assurance(D(2024, 4, 1), D(2024, 9, 30)).to_pandas()


def test_the_plans_exports(planned: Store):
    # A recommendation whose text and action would be markup, or a formula.
    planned.add_recommendation(REF, "2", 'Share <b>"findings"</b> & learning', london(2024, 9, 24), MANAGER)
    planned.add_action(REF, "2.1", "2", "<script>alert(1)</script> briefings", london(2024, 9, 24), MANAGER,
                       lead="=HYPERLINK(\"http://example.invalid\")", by_when="2025-03-31")
    plan = planned.action_plan(REF, D(2024, 9, 30))
    doc = json.loads(plan.export("json"))
    assert doc["schema"] == "libscr.action_plan" and doc["reference"] == REF
    assert [r["number"] for r in doc["recommendations"]] == ["1", "2"]
    assert [a["due"] for a in doc["recommendations"][0]["actions"]] == [
        None if d is None else d.isoformat() for d in DUE]
    assert doc["recommendations"][1]["actions"][0]["what"] == "<script>alert(1)</script> briefings"
    html = plan.export("html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; briefings" in html
    assert "&lt;b&gt;" in html and "&amp; learning" in html
    csv = plan.export("csv")
    assert csv.splitlines()[0].startswith("reference,recommendation,recommendation_text,urgent,themes,action,")
    assert "'=HYPERLINK" in csv
    text = plan.export()
    assert "Recommendation 1 [not started] URGENT" in text and "1.2: Issue instruction" in text
    xlsx = plan.export("xlsx")
    assert isinstance(xlsx, bytes) and xlsx[:2] == b"PK"


def test_a_plan_written_in_the_boards_layout_reads_back(planned: Store):
    monitor(planned)
    plan = planned.action_plan(REF, D(2025, 3, 31))
    csv = write_plan(plan, "solihull-2011")
    assert isinstance(csv, str)
    assert csv.lstrip("\ufeff").startswith("Outcome,Recommendation,Actions,By Whom?,By When?,Actions taken,")
    assert "Completed 20/01/2025: Attendance report with figures" in csv
    for data in (csv.encode("utf-8"), write_plan(plan, "solihull-2011", xlsx=True), plan.write("stockport-2010")):
        layout = "stockport-2010" if isinstance(data, str) else "solihull-2011"
        sheet = read_plan(data.encode("utf-8") if isinstance(data, str) else data, layout)
        assert sheet.ok, sheet.report()
        assert [a.what for a in sheet.actions] == list(WHATS)
        assert [a.by_when for a in sheet.actions] == list(BY_WHEN)
    with pytest.raises(TypeError, match="plan must be a libscr.ActionPlan"):
        write_plan("Child Q", "solihull-2011")  # type: ignore[arg-type]


def test_read_plan_takes_a_path(tmp_path):
    path = tmp_path / "appendix-13.csv"
    path.write_bytes(APPENDIX_13.replace(b"One month\nOngoing", b"One month\nsoonish"))
    sheet = read_plan(path, "solihull-2011")
    assert not sheet.ok
    assert [str(i) for i in sheet.issues] == [
        f"row 2, By When?: {sheet.issues[0].message} [by-when]"]
    with pytest.raises(InputError, match="cannot read action plan"):
        read_plan(tmp_path / "missing.csv", "solihull-2011")
    with pytest.raises(TypeError, match="source must be"):
        read_plan(3, "solihull-2011")  # type: ignore[arg-type]


def test_the_module_examples_run():
    import doctest

    import libscr.action_plans

    result = doctest.testmod(libscr.action_plans, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_the_package_exports_the_api():
    for name in ("ActionInput", "ActionPlan", "ActionPlanBinding", "AssuranceReport", "ByWhen", "PlanSheet",
                 "RecommendationInput", "assure", "read_plan", "write_plan", "action_plans"):
        assert name in libscr.__all__ and hasattr(libscr, name)
    for method in ("add_recommendation", "add_action", "update_action", "complete_action", "return_action",
                   "sign_off_action", "add_plan", "action_plan", "assurance"):
        assert callable(getattr(Store, method)), method
    assert PlanAction.__dataclass_params__.frozen  # type: ignore[attr-defined]


# ---- misuse: a wrong argument is named with the type it takes ------------------------------
#
# As test_misuse.py sweeps the rest of the API: each case below is a call
# that works (test_the_valid_call_runs) and, per argument, wrong values; each
# must raise TypeError or ValueError naming the argument, the type it takes
# and what it was given, never pybind11's own "incompatible function
# arguments".

RAW = r"incompatible (function|constructor) arguments|Invoked with"
TEXT = (r"\bstr\b|\btext\b", (3, None, b"x"))
OPT_TEXT = (TEXT[0], (3, b"x"))
DATE = (r"date", ("1 July 2024", 20240701, None))  # ISO text ("2024-07-01") is a date
OPT_DATE = (DATE[0], ("1 July 2024", 20240701))
INSTANT = (r"datetime", ("2024-09-23T10:00:00+01:00", D(2024, 9, 23), None, dt.datetime(2024, 9, 23, 10)))
ACTOR = (r"\bActor\b", ("L. Green", None, ("L. Green",)))
BOOL = (r"\bbool\b", ("no", 1, None))
REVIEW = (r"\bReview\b", ("Child Q", None, 3))
FORMAT = (r"one of text, csv", (3, None, "pdf"))
LAYOUT = (r"one of solihull-2011", (3, None, "essex"))
TEXTS = (r"\bstr\b|\btext\b", (3, None, [3]))


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    call: object  # (world: dict, **arguments) -> result
    valid: dict
    swept: dict
    #: Whether the valid call runs as it is (not when it needs a step first:
    #: the "(wrong)" cases sweep the arguments of the case before them).
    runs: bool = True


def _plan(w):
    return w["db"].action_plan(REF, D(2024, 9, 30))


CASES = [
    Case("ByWhen.parse", lambda w, **a: ByWhen.parse(**a), {"text": "Three months"}, {"text": TEXT}),
    Case("ByWhen.due", lambda w, **a: ByWhen.parse("Three months").due(**a),
         {"approved": D(2024, 7, 1), "calendar": None},
         {"approved": DATE, "calendar": (r"Calendar", ("england-and-wales", 3))}),
    Case("RecommendationInput", lambda w, **a: RecommendationInput(**a),
         {"number": "2", "text": "Text", "urgent": False, "themes": ("training",), "audit": ""},
         {"number": TEXT, "text": TEXT, "urgent": BOOL, "themes": TEXTS, "audit": TEXT}),
    Case("ActionInput", lambda w, **a: ActionInput(**a),
         {"number": "1.6", "recommendation": "1", "what": "Refresher", "by_when": "One month",
          "review_on": None, "lead": ""},
         {"number": TEXT, "recommendation": TEXT, "what": TEXT, "lead": TEXT,
          "by_when": (r"\btext\b.*date.*Timescale", (3, None, 1.5)), "review_on": OPT_DATE}),
    Case("recommendation_data", lambda w, review, recommendation: recommendation_data(review, recommendation),
         {"review": lambda w: w["db"].load(REF), "recommendation": RecommendationInput("2", "Text")},
         {"review": REVIEW, "recommendation": (r"RecommendationInput", (3, "2"))}),
    Case("action_data", lambda w, review, action: action_data(review, action),
         {"review": lambda w: w["db"].load(REF), "action": ActionInput("1.6", "1", "Refresher")},
         {"review": REVIEW, "action": (r"ActionInput", (3, "1.6"))}),
    Case("recommendation_event", lambda w, **a: recommendation_event(**a),
         {"review": lambda w: w["db"].load(REF)}, {"review": REVIEW}),
    Case("action_event", lambda w, **a: action_event(**a), {"review": lambda w: w["db"].load(REF)},
         {"review": REVIEW}),
    Case("ActionPlan.of", lambda w, **a: ActionPlan.of(**a),
         {"review": lambda w: w["db"].load(REF), "as_of": D(2024, 9, 30)}, {"review": REVIEW, "as_of": OPT_DATE}),
    Case("ActionPlan.export", lambda w, **a: _plan(w).export(**a), {"format": "json"}, {"format": FORMAT}),
    Case("ActionPlan.write", lambda w, **a: _plan(w).write(**a), {"layout": "solihull-2011", "xlsx": False},
         {"layout": LAYOUT, "xlsx": BOOL}),
    Case("ActionPlan.recommendation", lambda w, **a: _plan(w).recommendation(**a), {"number": "1"},
         {"number": TEXT}),
    Case("ActionPlan.action", lambda w, **a: _plan(w).action(**a), {"number": "1.1"}, {"number": TEXT}),
    Case("AssuranceReport.export", lambda w, **a: w["db"].assurance(D(2024, 4, 1), D(2024, 9, 30)).export(**a),
         {"format": "csv"}, {"format": FORMAT}),
    Case("assure", lambda w, **a: assure(**a),
         {"source": lambda w: w["db"], "from_": D(2024, 4, 1), "as_of": D(2024, 9, 30), "references": [REF]},
         {"source": (r"Store|ActionPlan", (3, None, [REF])), "from_": DATE, "as_of": OPT_DATE,
          "references": (r"\bstr\b", (3, REF, [3]))}),
    Case("read_plan", lambda w, **a: read_plan(**a),
         {"source": APPENDIX_13, "layout": "solihull-2011", "name": "appendix-13.csv"},
         {"source": (r"bytes.*PathLike|PathLike.*bytes", (3, None, [APPENDIX_13])), "layout": LAYOUT,
          "name": OPT_TEXT}),
    Case("write_plan", lambda w, **a: write_plan(**a),
         {"plan": _plan, "layout": "solihull-2011", "xlsx": True},
         {"plan": (r"ActionPlan", (REF, None, 3)), "layout": LAYOUT, "xlsx": BOOL}),
    Case("Store.add_recommendation", lambda w, **a: w["db"].add_recommendation(**a),
         {"reference": REF, "number": "2", "text": "Text", "at": london(2024, 9, 24), "by": MANAGER,
          "outcome": "", "urgent": False, "themes": ()},
         {"reference": TEXT, "number": TEXT, "text": TEXT, "at": INSTANT, "by": ACTOR, "outcome": TEXT,
          "urgent": BOOL, "themes": TEXTS}),
    Case("Store.add_action", lambda w, **a: w["db"].add_action(**a),
         {"reference": REF, "number": "1.6", "recommendation": "1", "what": "Refresher", "at": london(2024, 9, 24),
          "by": MANAGER, "lead": "", "by_when": "One month", "review_on": None, "evidence": ""},
         {"reference": TEXT, "number": TEXT, "recommendation": TEXT, "what": TEXT, "at": INSTANT, "by": ACTOR,
          "lead": TEXT, "by_when": (r"\btext\b", (3, None)), "review_on": OPT_DATE, "evidence": TEXT}),
    Case("Store.update_action", lambda w, **a: w["db"].update_action(**a),
         {"reference": REF, "number": "1.1", "narrative": "Progress", "at": london(2024, 10, 1), "by": POLICE_LEAD,
          "status": None, "evidence": None},
         {"reference": TEXT, "number": TEXT, "narrative": TEXT, "at": INSTANT, "by": ACTOR, "status": OPT_TEXT,
          "evidence": OPT_TEXT}),
    Case("Store.complete_action", lambda w, **a: w["db"].complete_action(**a),
         {"reference": REF, "number": "1.1", "evidence": "Report", "at": london(2024, 10, 1), "by": POLICE_LEAD,
          "narrative": None},
         {"reference": TEXT, "number": TEXT, "evidence": TEXT, "at": INSTANT, "by": ACTOR, "narrative": OPT_TEXT}),
    Case("Store.return_action",
         lambda w, **a: (w["db"].complete_action(REF, "1.1", "Report", london(2024, 10, 1), POLICE_LEAD),
                         w["db"].return_action(**a)),
         {"reference": REF, "number": "1.1", "reason": "No figures", "at": london(2024, 10, 2), "by": MONITORING},
         {}),
    Case("Store.return_action (wrong)", lambda w, **a: w["db"].return_action(**a),
         {"reference": REF, "number": "1.1", "reason": "No figures", "at": london(2024, 10, 2), "by": MONITORING},
         {"reference": TEXT, "number": TEXT, "reason": TEXT, "at": INSTANT, "by": ACTOR}, runs=False),
    Case("Store.sign_off_action",
         lambda w, **a: (w["db"].complete_action(REF, "1.1", "Report", london(2024, 10, 1), POLICE_LEAD),
                         w["db"].sign_off_action(**a)),
         {"reference": REF, "number": "1.1", "at": london(2024, 10, 2), "by": MONITORING}, {}),
    Case("Store.sign_off_action (wrong)", lambda w, **a: w["db"].sign_off_action(**a),
         {"reference": REF, "number": "1.1", "at": london(2024, 10, 2), "by": MONITORING},
         {"reference": TEXT, "number": TEXT, "at": INSTANT, "by": ACTOR}, runs=False),
    Case("Store.add_plan", lambda w, **a: w["db"].add_plan(**a),
         {"reference": "Child R", "plan": read_plan(APPENDIX_13, "solihull-2011"), "at": AGREED, "by": MANAGER},
         {"reference": TEXT, "plan": (r"PlanSheet", (APPENDIX_13, None, 3)), "at": INSTANT, "by": ACTOR}),
    Case("Store.action_plan", lambda w, **a: w["db"].action_plan(**a), {"reference": REF, "as_of": None},
         {"reference": TEXT, "as_of": OPT_DATE}),
    Case("Store.assurance", lambda w, **a: w["db"].assurance(**a),
         {"from_": D(2024, 4, 1), "as_of": D(2024, 9, 30), "references": None},
         {"from_": DATE, "as_of": OPT_DATE, "references": (r"\bstr\b", (3, REF, [3]))}),
]


def _world() -> dict:
    db = Store.in_memory()
    walk(db)
    record_appendix_13(db)
    walk(db, "Child R")
    return {"db": db}


def _values(case: Case, world: dict) -> dict:
    return {k: v(world) if callable(v) and not isinstance(v, type) else v for k, v in case.valid.items()}


@pytest.fixture(scope="module")
def shared_world():
    world = _world()
    yield world
    world["db"].close()


@pytest.mark.parametrize("case", [c for c in CASES if c.runs], ids=[c.name for c in CASES if c.runs])
def test_the_valid_call_runs(case: Case):
    world = _world()
    try:
        case.call(world, **_values(case, world))
    finally:
        world["db"].close()


def _misuse_cases() -> list:
    return [pytest.param(case, name, expects, bad, id=f"{case.name}-{name}-{bad!r}"[:80])
            for case in CASES for name, (expects, bad_values) in case.swept.items() for bad in bad_values]


@pytest.mark.parametrize("case, name, expects, bad", _misuse_cases())
def test_a_wrong_argument_is_named_with_the_type_it_takes(case: Case, name: str, expects: str, bad, shared_world):
    import re

    before = shared_world["db"].sequence(REF)
    arguments = _values(case, shared_world)
    arguments[name] = bad
    with pytest.raises((TypeError, ValueError)) as info:
        case.call(shared_world, **arguments)
    message = str(info.value)
    assert not re.search(RAW, message), message
    assert re.search(rf"(?<![\w-]){re.escape(name)}(?!\w)", message), f"{name!r} not named: {message}"
    assert re.search(expects, message), f"what {name} takes is not named: {message}"
    shown = {type(bad).__name__, repr(bad)} | ({repr(i) for i in bad} | {type(i).__name__ for i in bad}
                                                if isinstance(bad, (list, tuple)) else set())
    assert any(s in message for s in shown), f"{bad!r} is not shown: {message}"
    assert shared_world["db"].sequence(REF) == before
