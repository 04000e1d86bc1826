"""Action plans: a review's recommendations and the actions that carry them
out, tracked to their evidence, and the board's assurance report across
reviews (scr/action_plan.hpp).

>>> from libscr import ByWhen
>>> ByWhen.parse("Three months").within
Timescale.parse('3 months')
>>> ByWhen.parse("31/03/2025").on, ByWhen.parse("Ongoing").ongoing
(datetime.date(2025, 3, 31), True)

A review exists to change practice: the board approves its recommendations
and the action plan that carries them out, then monitors each action to its
evidence. libscr records all of it as events of the review, under the
procedure's ``action_plan`` section (:attr:`libscr.Procedure.action_plan`,
an :class:`ActionPlanBinding`): a recommendation is a review-level event, and
each action an instance of a track keyed by the action's number ("1.2"),
whose due date, review date and progress updates are the track's own
milestone and obligation. Overdue actions and updates therefore appear
wherever every other deadline does (:meth:`libscr.Store.overdue`, the monthly
report, timetables), each under the action's number where an agency's track
would name the agency.

- :class:`RecommendationInput` and :class:`ActionInput`: a recommendation and
  an action as the board words them. An action's "By when?" is a date, a
  timescale counted from the plan's approval ("Three months", "6 weeks") or
  "Ongoing" (:class:`ByWhen`).
- :func:`recommendation_data` and :func:`action_data` check one against the
  review and give the data of its event (:func:`recommendation_event`,
  :func:`action_event`); nothing is recorded. The store does both in one
  call: :meth:`libscr.Store.add_recommendation`,
  :meth:`~libscr.Store.add_action`, then the action's progress:
  :meth:`~libscr.Store.update_action`, :meth:`~libscr.Store.complete_action`,
  :meth:`~libscr.Store.return_action` (the completion not accepted) and
  :meth:`~libscr.Store.sign_off_action`. Each returns the review's new
  sequence. :meth:`~libscr.Store.add_plan` records a whole
  :class:`PlanSheet` in one transaction.
- :class:`ActionPlan`: the plan as the records stood at the end of a day
  (:meth:`ActionPlan.of`, :meth:`libscr.Store.action_plan`): its
  recommendations, each with its actions, their due dates, statuses, updates
  and SMART findings; ``to_pandas()`` gives one row per action, and
  ``export()`` the plan as text, CSV, JSON, HTML or XLSX.
- :func:`assure` (:meth:`libscr.Store.assurance`): the board's
  :class:`AssuranceReport` across reviews: recommendations by status, actions
  overdue and by agency, themes, plans past their completion mark, the
  proportion implemented.
- :func:`read_plan` reads a plan in a board's spreadsheet layout (CSV or
  XLSX) as the :class:`PlanSheet` of inputs to record, or every problem
  found; :func:`write_plan` writes a plan back in that layout.

Statuses are text, as the engine names them: an action's one of
:data:`ACTION_STATUSES`, a recommendation's one of
:data:`RECOMMENDATION_STATUSES`, its due date's one of
:data:`libscr.review.MILESTONE_STATUSES`. Dates are ``datetime.date`` and
times aware ``datetime.datetime`` objects (UTC); as-of dates default to
today in Europe/London. Lists are :class:`~libscr.review.Table` objects of
frozen dataclasses. A refused input raises :class:`libscr.DataError` naming
the field (``field``: "number", "action", "recommendation", "by_when" ...)
and nothing is recorded; a wrong type for any argument raises TypeError
naming it and the type it takes.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Union

import numpy as np

from . import _core
from ._args import _file_bytes, _flag, _guarded, _instant, _iterable, _name, _pandas, _path, _wrong_item, _wrong_type
from ._core import Timescale
from .calendar import Calendar, _date, _is_timestamp
from .chronology import _choice, _closest
from .errors import AgencyError, InputError
from .procedure import Procedure
from .review import (
    MILESTONE_STATUSES,
    Actor,
    ActorLike,
    Review,
    Table,
    TimetableRow,
    _actor,
    _as_of,
    _from_actor,
    _table_of_tuples,
)
from .store import Store

if TYPE_CHECKING:  # pandas is optional: imported by to_pandas() when called
    import pandas

__all__ = [
    "ACTION_STATUSES",
    "ActionInput",
    "ActionPlan",
    "ActionPlanBinding",
    "ActionUpdate",
    "AssuranceCount",
    "AssuranceReport",
    "ByWhen",
    "PLAN_FORMATS",
    "PLAN_ISSUE_RULES",
    "PLAN_LAYOUTS",
    "PlanAction",
    "PlanIssue",
    "PlanRecommendation",
    "PlanSheet",
    "RECOMMENDATION_STATUSES",
    "RecommendationInput",
    "SMART_CHECKS",
    "SmartFinding",
    "UPDATE_KINDS",
    "action_data",
    "action_event",
    "assure",
    "read_plan",
    "recommendation_data",
    "recommendation_event",
    "write_plan",
]

#: An action's status: being carried out and not yet due (or with no due
#: date), past its due date and not completed, ongoing (no end date),
#: completed with its evidence awaiting sign-off, implemented (completed and
#: signed off, or completed where the plan has no sign-off), or waived as not
#: applicable (its due milestone waived).
ACTION_STATUSES = ("open", "overdue", "ongoing", "completed", "implemented", "waived")
#: A recommendation's status: no action carries it out yet, actions agreed
#: but none updated or completed, some progress, every action implemented
#: (or waived).
RECOMMENDATION_STATUSES = ("no actions", "not started", "in progress", "implemented")
#: What an :class:`ActionUpdate` records.
UPDATE_KINDS = ("update", "completed", "returned", "signed off")
#: The forms of :meth:`ActionPlan.export` and :meth:`AssuranceReport.export`.
PLAN_FORMATS = ("text", "csv", "json", "html", "xlsx")
#: The boards' action plan templates: Solihull LSCB's Appendix 13
#: (Outcome | Recommendation | Actions | By Whom? | By When? | Actions taken |
#: Information for audit) and Stockport LSCB's (No | Recommendation | Key
#: Actions (SMART) | Evidence | Key Outcome | Lead Officer (designation) |
#: Date).
PLAN_LAYOUTS = ("solihull-2011", "stockport-2010")
#: What a SMART check looks at (:class:`SmartFinding`).
SMART_CHECKS = ("lead", "due", "measure", "outcome", "evidence", "addressed_to", "vague")
#: The rules an imported plan is read by (:class:`PlanIssue`).
PLAN_ISSUE_RULES = ("header-missing", "required", "by-when", "count", "number", "duplicate", "no-rows")

_RECOMMENDATION_SOURCES = ("overview_report", "imr", "panel")


def _review_core(review: Any) -> _core.Review:
    if isinstance(review, Review):
        return review._core
    if isinstance(review, _core.Review):
        return review
    raise _wrong_type("review", "a libscr.Review (Store.load gives one)", review)


def _text(value: Any, what: str) -> str:
    return _name(value, what)


def _london(t: Optional[_dt.datetime]) -> Optional[_dt.date]:
    return None if t is None else _core.london_date(t)


# ---- the procedure's section -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ActionPlanBinding:
    """A procedure's ``action_plan`` section: the events, track and deadlines
    with which a review records its plan. Review-level events: the plan
    ``approved`` (a "By when?" timescale counts from the latest one) and a
    recommendation made (``recommended``). The actions' ``track`` (begun by
    its instantiating event, :func:`action_event`, keyed by the action's
    number) and its events: a progress update (``updated``), completion with
    evidence (``completed``), the completion not accepted (``returned``) and
    signed off (``signed_off``); its milestones: the action's due date
    (``due``) and an ongoing action's review date (``review``); its
    obligation of progress updates (``update``); and the review-level
    milestone by which the whole plan is complete (``mark``). "" where the
    procedure names none. ``smart``: the SMART checks that apply (empty: the
    defaults), ``vague``: the words that make an action vague (empty: the
    defaults), ``types``: the recommendation types the board uses (empty:
    any)."""

    approved: str
    recommended: str
    track: str
    updated: str
    completed: str
    signed_off: str
    returned: str
    due: str
    review: str
    update: str
    mark: str
    smart: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    @classmethod
    def _from_core(cls, b: _core.ActionPlanBinding) -> ActionPlanBinding:
        return cls(b.approved, b.recommended, b.track, b.updated, b.completed, b.signed_off, b.returned, b.due,
                   b.review, b.update, b.mark, tuple(b.smart), tuple(b.vague), tuple(b.types))


def _procedure_action_plan(self: Procedure) -> Optional[ActionPlanBinding]:
    """``procedure.action_plan``: the events, track and deadlines of a
    review's action plan (:class:`libscr.ActionPlanBinding`), or None when
    the procedure records no action plan."""
    b = self._core.action_plan
    return None if b is None else ActionPlanBinding._from_core(b)


# ---- recording -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ByWhen:
    """How a plan's "By when?" reads: a date (``on``), a timescale counted
    from the plan's approval (``within``), ``ongoing`` (no due date), or
    nothing (all three unset); ``text`` as written, trimmed."""

    on: Optional[_dt.date]
    within: Optional[Timescale]
    ongoing: bool
    text: str

    @classmethod
    @_guarded
    def parse(cls, text: str) -> ByWhen:
        """Reads "Three months", "one month", "6 weeks", "within 2 weeks",
        "31/03/2025", "2025-03-31", "Ongoing" or "". InputError naming the
        text and what is accepted otherwise."""
        return cls(*_core.parse_by_when(_name(text, "text", "the plan's 'By when?' as text (str)")))

    def due(self, approved: _dt.date, calendar: Optional[Calendar] = None) -> Optional[_dt.date]:
        """The due date for a plan approved on ``approved``: the date, or the
        timescale counted from it in ``calendar`` (England and Wales by
        default); None for ongoing or nothing."""
        if self.on is not None:
            return self.on
        if self.within is None:
            return None
        cal = Calendar.england_and_wales() if calendar is None else calendar
        if not isinstance(cal, Calendar):
            raise _wrong_type("calendar", "a libscr.Calendar", cal)
        return cal.due(_date(approved, "approved"), self.within)

    def __str__(self) -> str:
        return self.text


def _themes(value: Any) -> tuple[str, ...]:
    """Themes: a list of text, or one text of themes separated by ';' (as
    the event stores them)."""
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(";") if t.strip())
    takes = "a list of text (str), or text of themes separated by ';'"
    out = []
    for t in _iterable(value, "themes", takes):
        if not isinstance(t, str):
            raise _wrong_item("themes", takes, t)
        out.append(t)
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class RecommendationInput:
    """A recommendation as the board words it: its ``number`` in the plan
    ("1", "R2") and its ``text`` (both required), the intended ``outcome``,
    who it is ``addressed_to`` (someone with the authority to ensure
    compliance, 001:1331), the ``agency`` it is for ("" for a multi-agency
    one), its ``source`` (overview_report, imr or panel, where the procedure
    records it), its ``type`` (one the board lists, when it lists them), how
    its achievement will be measured (``measure``), whether it is ``urgent``,
    its ``themes`` (for learning across reviews; a list, or one text
    separated by ';') and the information for ``audit`` agreed when the plan
    is made. A field of the wrong type raises TypeError naming it."""

    number: str
    text: str
    outcome: str = ""
    addressed_to: str = ""
    agency: str = ""
    source: str = ""
    type: str = ""
    measure: str = ""
    urgent: bool = False
    themes: tuple[str, ...] = ()
    audit: str = ""

    def __post_init__(self) -> None:
        for f in ("number", "text", "outcome", "addressed_to", "agency", "source", "type", "measure", "audit"):
            _text(getattr(self, f), f)
        _flag(self.urgent, "urgent")
        object.__setattr__(self, "themes", _themes(self.themes))


def _by_when_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, ByWhen):
        return value.text
    if isinstance(value, Timescale):
        return str(value)
    if (isinstance(value, _dt.date) and (not isinstance(value, _dt.datetime) or _is_timestamp(value))
            or isinstance(value, np.datetime64)):
        return _date(value, "by_when").isoformat()
    raise _wrong_type("by_when", "text ('Three months', '31/03/2025', 'Ongoing'), a datetime.date (or a "
                                 "numpy.datetime64 or pandas.Timestamp), a Timescale or a ByWhen", value)


@dataclasses.dataclass(frozen=True)
class ActionInput:
    """An action under a recommendation: its ``number`` ("1.2", unique in the
    review), the number of the ``recommendation`` it carries out, ``what``
    will be done (these three required), by whom (``lead``: the lead
    officer's designation, not their name, 000:311) and their ``agency``,
    ``by_when`` as the plan says it (a date, "31/03/2025" or a
    ``datetime.date``; a timescale from the plan's approval, "Three months"
    or a Timescale; or "Ongoing", when ``review_on`` may say when it is next
    reviewed), and the ``evidence`` expected (information for audit)."""

    number: str
    recommendation: str
    what: str
    lead: str = ""
    agency: str = ""
    by_when: str = ""
    review_on: Optional[_dt.date] = None
    evidence: str = ""

    def __post_init__(self) -> None:
        for f in ("number", "recommendation", "what", "lead", "agency", "evidence"):
            _text(getattr(self, f), f)
        object.__setattr__(self, "by_when", _by_when_text(self.by_when))
        if self.review_on is not None:
            object.__setattr__(self, "review_on", _date(self.review_on, "review_on"))


def _input(cls: type, given: Any, fields: Mapping[str, Any], what: str) -> Any:
    """An input dataclass: the one given, or one made of the keyword fields."""
    if given is not None:
        if fields:
            raise TypeError(f"give {what} as a {cls.__name__} or as keyword fields, not both")
        if not isinstance(given, cls):
            raise _wrong_type(what, f"a libscr.{cls.__name__}", given)
        return given
    try:
        return cls(**fields)
    except TypeError as e:
        if "argument" not in str(e):
            raise
        names = ", ".join(f.name for f in dataclasses.fields(cls))
        raise TypeError(f"{what}: {e}; the fields of {cls.__name__}: {names}") from None


@_guarded
def recommendation_event(review: Review) -> str:
    """The review-level event that records a recommendation in the review's
    procedure (Solihull: ``recommendation_made``). InputError if the
    procedure records no action plan."""
    return _core.recommendation_event(_review_core(review))


@_guarded
def action_event(review: Review) -> str:
    """The review-level event that begins an action (the action track's
    instantiating event; Solihull: ``action_agreed``)."""
    return _core.action_event(_review_core(review))


@_guarded
def recommendation_data(
    review: Review, recommendation: Optional[RecommendationInput] = None, /, **fields: Any
) -> dict[str, Any]:
    """The data of the event that records a recommendation (a
    :class:`RecommendationInput`, or its fields as keywords) in ``review``,
    checked against it; nothing is recorded. DataError naming the field for
    a missing number or text, a number already used in the review, a type
    not in the board's list, or a field the procedure does not record."""
    r = _input(RecommendationInput, recommendation, fields, "recommendation")
    return _core.recommendation_data(_review_core(review), r.number, r.text, r.outcome, r.addressed_to, r.agency,
                                     r.source, r.type, r.measure, r.urgent, list(r.themes), r.audit)


@_guarded
def action_data(review: Review, action: Optional[ActionInput] = None, /, **fields: Any) -> dict[str, Any]:
    """The data of the event that begins an action (an :class:`ActionInput`,
    or its fields as keywords) in ``review``; nothing is recorded. Its due
    date (``due_on``) is ``by_when`` as a date, or the timescale counted
    from the plan's approval (the latest approval event; DataError
    ``"by_when"`` if the plan is not approved yet, or for a "By when?" that
    is not a date, a timescale or Ongoing). DataError naming the field for
    an action number already used (the track's key field, Solihull's
    ``"action"``), a recommendation not recorded, or an empty action."""
    a = _input(ActionInput, action, fields, "action")
    return _core.action_data(_review_core(review), a.number, a.recommendation, a.what, a.lead, a.agency, a.by_when,
                             a.review_on, a.evidence)


# ---- the plan as it stands -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SmartFinding:
    """What a SMART check (``check``, one of :data:`SMART_CHECKS`) found
    missing or vague on an action or a recommendation: a warning for the
    board, never a refusal."""

    check: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclasses.dataclass(frozen=True)
class ActionUpdate:
    """A progress update, a completion, its return or its sign-off, as
    recorded: ``kind`` (one of :data:`UPDATE_KINDS`), when and by whom, the
    progress ``status`` an update gives (on_track, at_risk ...; "" if none),
    the ``narrative`` (what was done; for a return, the reason), the
    ``evidence`` reference, and the event's ``sequence`` in the review's
    history."""

    kind: str
    at: _dt.datetime
    by: Actor
    status: str
    narrative: str
    evidence: str
    sequence: int

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"kind": UPDATE_KINDS}

    @classmethod
    def _from_tuple(cls, t: tuple[Any, ...]) -> ActionUpdate:
        kind, at, by, status, narrative, evidence, sequence = t
        return cls(kind, at, _from_actor(by), status, narrative, evidence, sequence)


def _findings(tuples: Iterable[tuple[str, str]]) -> tuple[SmartFinding, ...]:
    return tuple(SmartFinding(c, m) for c, m in tuples)


@dataclasses.dataclass(frozen=True)
class PlanAction:
    """An action as the records stood at the plan's date: its ``number``,
    ``recommendation``, ``what``, ``lead``, ``agency``, ``by_when`` as the
    plan words it (or its date), the ``evidence`` expected; its ``status``
    (one of :data:`ACTION_STATUSES`) and ``state`` ("open", "completed" or
    "signed off"); its ``due`` date in force (as extended; None for an
    ongoing action) and that milestone's ``due_status`` (one of
    :data:`libscr.review.MILESTONE_STATUSES`), an ongoing action's
    ``review_on`` date, ``days_late`` (past the due date: as of the day
    while overdue, at completion when implemented late; 0 otherwise); when it
    was agreed, completed and signed off, the
    evidence given on completion; every update, completion, return and
    sign-off in order (``updates``); the earliest open progress update's
    ``next_update_due``, whether an update is overdue and how many are; and
    its SMART findings."""

    number: str
    recommendation: str
    what: str
    lead: str
    agency: str
    by_when: str
    evidence: str
    status: str
    state: str
    due: Optional[_dt.date]
    review_on: Optional[_dt.date]
    due_status: str
    days_late: int
    agreed_at: Optional[_dt.datetime]
    completed_at: Optional[_dt.datetime]
    signed_off_at: Optional[_dt.datetime]
    completion_evidence: str
    updates: tuple[ActionUpdate, ...]
    next_update_due: Optional[_dt.date]
    update_overdue: bool
    updates_overdue: int
    smart: tuple[SmartFinding, ...]

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "status": ACTION_STATUSES, "due_status": MILESTONE_STATUSES,
    }

    @property
    def overdue(self) -> bool:
        """Past its due date and not completed."""
        return self.status == "overdue"

    @property
    def implemented(self) -> bool:
        return self.status == "implemented"

    @property
    def last_update(self) -> Optional[ActionUpdate]:
        """The latest update, completion, return or sign-off, or None."""
        return self.updates[-1] if self.updates else None

    @classmethod
    def _from_tuple(cls, t: tuple[Any, ...]) -> PlanAction:
        values = list(t)
        values[17] = tuple(ActionUpdate._from_tuple(u) for u in values[17])
        values[21] = _findings(values[21])
        return cls(*values)


def _actions(tuples: Iterable[tuple[Any, ...]]) -> Table[PlanAction]:
    return Table(PlanAction, (PlanAction._from_tuple(t) for t in tuples))


@dataclasses.dataclass(frozen=True)
class PlanRecommendation:
    """A recommendation as recorded (the fields of
    :class:`RecommendationInput`, ``audit`` its information for audit), when
    it was made, its ``status`` (one of :data:`RECOMMENDATION_STATUSES`),
    the ``actions`` that carry it out, in the order agreed, and its SMART
    findings."""

    number: str
    text: str
    outcome: str
    addressed_to: str
    agency: str
    source: str
    type: str
    measure: str
    audit: str
    urgent: bool
    themes: tuple[str, ...]
    made_at: Optional[_dt.datetime]
    status: str
    actions: Table[PlanAction]
    smart: tuple[SmartFinding, ...]

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"status": RECOMMENDATION_STATUSES}

    @property
    def overdue(self) -> bool:
        """Any of its actions overdue."""
        return any(a.status == "overdue" for a in self.actions)

    @classmethod
    def _from_tuple(cls, t: tuple[Any, ...]) -> PlanRecommendation:
        values = list(t)
        values[10] = tuple(values[10])
        values[13] = _actions(values[13])
        values[14] = _findings(values[14])
        return cls(*values)


#: The columns of :meth:`ActionPlan.to_pandas`, in order, and their kinds.
_ACTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", "text"), ("recommendation", "text"), ("recommendation_text", "text"), ("urgent", "bool"),
    ("themes", "text"), ("action", "text"), ("what", "text"), ("lead", "text"), ("agency", "text"),
    ("by_when", "text"), ("due", "date"), ("review_on", "date"), ("status", "status"), ("days_late", "int"),
    ("next_update_due", "date"), ("update_overdue", "bool"), ("updates", "int"), ("last_update_on", "date"),
    ("last_update", "text"), ("completed_on", "date"), ("signed_off_on", "date"), ("evidence", "text"),
    ("completion_evidence", "text"), ("smart", "text"),
)


def _action_rows(plans: Iterable[ActionPlan]) -> dict[str, list[Any]]:
    """The columns of one row per action of every plan, in order."""
    columns: dict[str, list[Any]] = {name: [] for name, _ in _ACTION_COLUMNS}
    for plan in plans:
        recs = [(r, r.actions) for r in plan.recommendations] + [(None, plan.unlinked)]
        for rec, actions in recs:
            for a in actions:
                last = a.last_update
                smart = ([f.message for f in rec.smart] if rec is not None else []) + [f.message for f in a.smart]
                values = (
                    plan.reference, a.recommendation, rec.text if rec else "", rec.urgent if rec else False,
                    "; ".join(rec.themes) if rec else "", a.number, a.what, a.lead, a.agency, a.by_when, a.due,
                    a.review_on, a.status, a.days_late, a.next_update_due, a.update_overdue, len(a.updates),
                    _london(last.at) if last else None, last.narrative if last else "", _london(a.completed_at),
                    _london(a.signed_off_at), a.evidence, a.completion_evidence, "; ".join(smart),
                )
                for (name, _), v in zip(_ACTION_COLUMNS, values):
                    columns[name].append(v)
    return columns


def _actions_frame(plans: Iterable[ActionPlan], what: str) -> pandas.DataFrame:
    pd = _pandas(what)
    text = pd.Series([""]).dtype  # the installed pandas' default for text
    columns = _action_rows(plans)
    out: dict[str, Any] = {}
    for name, kind in _ACTION_COLUMNS:
        values = columns[name]
        if kind == "date":
            out[name] = pd.Series(values, dtype="datetime64[ns]")
        elif kind == "bool":
            out[name] = pd.Series(values, dtype="bool")
        elif kind == "int":
            out[name] = pd.Series(values, dtype="int64")
        elif kind == "status":
            out[name] = pd.Series(values, dtype=pd.CategoricalDtype(ACTION_STATUSES))
        else:
            out[name] = pd.Series(values, dtype=text)
    return pd.DataFrame(out)


def _format(format: Any) -> str:
    return _choice(format, "format", PLAN_FORMATS)


def _layout(layout: Any) -> str:
    return _choice(layout, "layout", PLAN_LAYOUTS)


@dataclasses.dataclass(frozen=True)
class ActionPlan:
    """A review's action plan as the records stood at the end of ``as_of``:
    the review's ``reference``, procedure and ``state``, when the plan was
    approved (the latest approval event by then; None before), its
    ``recommendations`` in the order made, each with its actions, the
    actions whose recommendation is not recorded (``unlinked``), the plan's
    completion ``mark`` (a :class:`libscr.review.TimetableRow`, when the
    procedure names one: Essex's year), and the ``warnings`` a reader must
    know (an action recorded twice, a due date that no longer follows the
    plan's approval because the approval was corrected, an action under an
    unknown recommendation).

    Made by :meth:`of` or :meth:`libscr.Store.action_plan`."""

    reference: str
    procedure_id: str
    procedure_version: int
    state: str
    as_of: _dt.date
    approved_at: Optional[_dt.datetime]
    recommendations: Table[PlanRecommendation]
    unlinked: Table[PlanAction]
    mark: Optional[TimetableRow]
    warnings: tuple[str, ...]

    @classmethod
    @_guarded
    def of(cls, review: Review, as_of: Optional[_dt.date] = None) -> ActionPlan:
        """The plan of ``review`` as of the end of ``as_of`` (today in
        Europe/London by default). InputError if its procedure records no
        action plan."""
        return cls._from_core(_core.ActionPlan.of(_review_core(review), _as_of(as_of)))

    @classmethod
    def _from_core(cls, core: _core.ActionPlan) -> ActionPlan:
        (reference, procedure_id, version, state, as_of, approved_at, recs, unlinked, mark,
         warnings) = core.as_tuple()
        out = cls(reference, procedure_id, version, state, as_of, approved_at,
                  Table(PlanRecommendation, (PlanRecommendation._from_tuple(r) for r in recs)), _actions(unlinked),
                  None if mark is None else _timetable_row(mark), tuple(warnings))
        object.__setattr__(out, "_core", core)  # kept outside the fields: what exports and assurance need
        return out

    @property
    def actions(self) -> Table[PlanAction]:
        """Every action: under its recommendation in the order made, then the
        unlinked ones."""
        return Table(PlanAction, [a for r in self.recommendations for a in r.actions] + list(self.unlinked))

    @property
    def action_count(self) -> int:
        return sum(len(r.actions) for r in self.recommendations) + len(self.unlinked)

    def recommendation(self, number: str) -> PlanRecommendation:
        """Recommendation ``number``; KeyError naming the numbers otherwise."""
        _name(number, "number")
        for r in self.recommendations:
            if r.number == number:
                return r
        numbers = [r.number for r in self.recommendations]
        raise KeyError(f"no recommendation {number!r} in the plan of {self.reference}{_closest(number, numbers)}; "
                       f"its recommendations: {', '.join(numbers) or 'none'}")

    def action(self, number: str) -> PlanAction:
        """Action ``number``; KeyError naming the numbers otherwise."""
        _name(number, "number")
        actions = self.actions
        for a in actions:
            if a.number == number:
                return a
        numbers = [a.number for a in actions]
        raise KeyError(f"no action {number!r} in the plan of {self.reference}{_closest(number, numbers)}; "
                       f"its actions: {', '.join(numbers) or 'none'}")

    @_guarded
    def export(self, format: str = "text") -> Union[str, bytes]:
        """The plan as ``"text"`` (what ``scr actions show`` prints), ``"csv"``
        (one row per action, and one per recommendation without an action,
        with its recommendation, due date, status, last update and SMART
        findings; cells a spreadsheet would take for a formula written after
        an apostrophe), ``"json"`` (versioned: ``schema``
        "libscr.action_plan"), ``"html"`` (A4 landscape, every text
        escaped) as text, or ``"xlsx"`` as bytes."""
        return self._core.export(_format(format))  # type: ignore[attr-defined,no-any-return]

    def write(self, layout: str, xlsx: bool = False) -> Union[str, bytes]:
        """:func:`write_plan` of this plan."""
        return write_plan(self, layout, xlsx)

    def to_pandas(self) -> pandas.DataFrame:
        """One row per action (needs pandas), as the CSV export gives them
        but for the recommendations without an action: reference,
        recommendation (its number), recommendation_text, urgent (bool),
        themes (text, separated by "; "), action (its number), what, lead,
        agency, by_when (as the plan words it), due and review_on
        (datetime64[ns], NaT for none), status (a category of
        :data:`ACTION_STATUSES`), days_late (int64), next_update_due
        (datetime64[ns]), update_overdue (bool), updates (how many, int64),
        last_update_on (datetime64[ns]) and last_update (its narrative),
        completed_on and signed_off_on (datetime64[ns], Europe/London days),
        evidence (expected), completion_evidence (given) and smart (the
        recommendation's and the action's SMART findings, separated by
        "; ")."""
        return _actions_frame([self], "ActionPlan.to_pandas()")

    def __repr__(self) -> str:
        return (f"<ActionPlan {self.reference!r} as of {self.as_of.isoformat()}: "
                f"{len(self.recommendations)} recommendations, {self.action_count} actions>")


def _plans(values: Any, what: str) -> list[ActionPlan]:
    takes = "a libscr.Store or a list of ActionPlan (ActionPlan.of or Store.action_plan gives them)"
    out = []
    for p in _iterable(values, what, takes):
        if not isinstance(p, ActionPlan) or not hasattr(p, "_core"):
            raise _wrong_item(what, takes, p)
        out.append(p)
    return out


def _references(values: Any) -> list[str]:
    takes = "a list of review references (str)"
    out = []
    for r in _iterable(values, "references", takes):
        if not isinstance(r, str):
            raise _wrong_item("references", takes, r)
        out.append(r)
    return out


# ---- the board's assurance report ----------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AssuranceCount:
    """A row of an assurance table: its ``key`` (an agency, a theme or a
    recommendation status), the recommendations and actions under it, the
    actions overdue, those implemented (actions for agencies; recommendations
    for statuses and themes), and the number of ``reviews`` it appears in.
    Recommendations count under their agency ("(multi-agency)" for none),
    actions under theirs ("(no agency named)" for none)."""

    key: str
    recommendations: int
    actions: int
    overdue: int
    implemented: int
    reviews: int


def _counts(tuples: list[tuple[Any, ...]]) -> Table[AssuranceCount]:
    return _table_of_tuples(AssuranceCount, tuples)


@dataclasses.dataclass(frozen=True)
class AssuranceReport:
    """The board's assurance report, as the records stood at the end of
    ``as_of``; ``from_`` .. ``as_of`` is the period whose completions and
    updates it counts. ``plans``: every review with a recommendation, in the
    order opened. The figures: recommendations and those implemented,
    urgent ones and those implemented, actions, implemented, overdue, with an
    update overdue, completed in the period, and updates in the period;
    ``past_mark``: the reviews whose plan is past its completion mark; and
    the tables ``by_status`` (recommendations by status, in the order of
    :data:`RECOMMENDATION_STATUSES`), ``by_agency`` (by name) and
    ``by_theme`` (the themes in most reviews first)."""

    from_: _dt.date
    as_of: _dt.date
    plans: tuple[ActionPlan, ...]
    recommendations: int
    implemented: int
    urgent: int
    urgent_implemented: int
    actions: int
    actions_implemented: int
    actions_overdue: int
    updates_overdue: int
    completed_in_period: int
    updates_in_period: int
    past_mark: tuple[str, ...]
    by_status: Table[AssuranceCount]
    by_agency: Table[AssuranceCount]
    by_theme: Table[AssuranceCount]

    @classmethod
    def _from_core(cls, core: _core.AssuranceReport) -> AssuranceReport:
        t = core.as_tuple()
        plans = tuple(ActionPlan._from_core(p) for p in core.plans)
        out = cls(t[0], t[1], plans, *t[2:12], tuple(t[12]), _counts(t[13]), _counts(t[14]), _counts(t[15]))
        object.__setattr__(out, "_core", core)
        return out

    def proportion_implemented(self) -> float:
        """Recommendations implemented, as a proportion of all (0 when there
        are none)."""
        return self.implemented / self.recommendations if self.recommendations else 0.0

    def proportion_urgent_implemented(self) -> float:
        """Urgent recommendations implemented, as a proportion of the urgent
        ones (0 when there are none)."""
        return self.urgent_implemented / self.urgent if self.urgent else 0.0

    @_guarded
    def export(self, format: str = "text") -> Union[str, bytes]:
        """The report: the headline figures, then the tables (by status, by
        agency, themes, reviews): ``"text"``, ``"csv"`` (one table: section,
        key, reviews, recommendations, actions, overdue, implemented),
        ``"json"`` (versioned: ``schema`` "libscr.assurance"), ``"html"`` as
        text, or ``"xlsx"`` as bytes (sheets Summary, By agency, Themes,
        Reviews and Actions)."""
        return self._core.export(_format(format))  # type: ignore[attr-defined,no-any-return]

    def to_pandas(self) -> dict[str, pandas.DataFrame]:
        """The report as DataFrames (needs pandas), by name:

        - ``"actions"``: one row per action of every plan, as
          :meth:`ActionPlan.to_pandas` gives them (its ``reference`` names
          the review);
        - ``"reviews"``: one row per plan: reference, approved_on
          (datetime64[ns]), recommendations, implemented, actions,
          actions_overdue, updates_overdue (int64) and past_mark (bool);
        - ``"by_status"``, ``"by_agency"``, ``"by_theme"``: the tables, one
          row per :class:`AssuranceCount` (a by_status ``key`` is a category
          of :data:`RECOMMENDATION_STATUSES`).

        The headline figures are the report's own fields."""
        pd = _pandas("AssuranceReport.to_pandas()")
        text = pd.Series([""]).dtype
        past = set(self.past_mark)
        reviews = pd.DataFrame({
            "reference": pd.Series([p.reference for p in self.plans], dtype=text),
            "approved_on": pd.Series([_london(p.approved_at) for p in self.plans], dtype="datetime64[ns]"),
            "recommendations": pd.Series([len(p.recommendations) for p in self.plans], dtype="int64"),
            "implemented": pd.Series(
                [sum(r.status == "implemented" for r in p.recommendations) for p in self.plans], dtype="int64"),
            "actions": pd.Series([p.action_count for p in self.plans], dtype="int64"),
            "actions_overdue": pd.Series([sum(a.overdue for a in p.actions) for p in self.plans], dtype="int64"),
            "updates_overdue": pd.Series(
                [sum(a.update_overdue for a in p.actions) for p in self.plans], dtype="int64"),
            "past_mark": pd.Series([p.reference in past for p in self.plans], dtype="bool"),
        })
        by_status = self.by_status.to_pandas()
        by_status["key"] = pd.Series(list(by_status["key"]), dtype=pd.CategoricalDtype(RECOMMENDATION_STATUSES))
        return {
            "actions": _actions_frame(self.plans, "AssuranceReport.to_pandas()"),
            "reviews": reviews,
            "by_status": by_status,
            "by_agency": self.by_agency.to_pandas(),
            "by_theme": self.by_theme.to_pandas(),
        }

    def __repr__(self) -> str:
        return (f"<AssuranceReport {self.from_.isoformat()} to {self.as_of.isoformat()}: {len(self.plans)} plans, "
                f"{self.implemented} of {self.recommendations} recommendations implemented>")


@_guarded
def assure(
    source: Union[Store, Iterable[ActionPlan]],
    from_: _dt.date,
    as_of: Optional[_dt.date] = None,
    references: Optional[Iterable[str]] = None,
) -> AssuranceReport:
    """The board's assurance report as of the end of ``as_of`` (today in
    Europe/London by default), counting the completions and updates from
    ``from_`` to ``as_of``: over every review in a :class:`libscr.Store`
    whose procedure records action plans (void reviews and reviews opened
    after ``as_of`` left out), or only the ``references`` named (InputError
    for one whose procedure records none); or over ``ActionPlan`` objects
    (``references`` not given). InputError if ``from_`` is after ``as_of``."""
    start = _date(from_, "from_")
    day = _as_of(as_of)
    if isinstance(source, Store):
        refs = [] if references is None else _references(references)
        return AssuranceReport._from_core(source._core.assure(start, day, refs))
    plans = _plans(source, "source")
    if references is not None:
        raise TypeError("references names reviews of a Store: give a Store and references, or plans")
    cores = [p._core for p in plans]  # type: ignore[attr-defined]
    return AssuranceReport._from_core(_core.assure_plans(cores, start, day))


# ---- the boards' layouts -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PlanIssue:
    """A problem in an imported plan: the file's ``row`` (1-based, as the
    spreadsheet numbers it; 0 for the file as a whole), the ``column``'s
    heading ("" for none), the ``rule`` broken (one of
    :data:`PLAN_ISSUE_RULES`) and what to do (``message``)."""

    row: int
    column: str
    rule: str
    message: str

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"rule": PLAN_ISSUE_RULES}

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "", self.column) if p)
        return f"{where + ': ' if where else ''}{self.message} [{self.rule}]"


@dataclasses.dataclass(frozen=True)
class PlanSheet:
    """A plan read from a file in a board's ``layout``: its
    ``recommendations`` and ``actions`` as they would be recorded
    (recommendations numbered 1, 2 ... and actions 1.1, 1.2 ... unless the
    file numbers them), or every problem found (``issues``). :attr:`ok`
    when there is none; :meth:`report` lists them one per line.
    :meth:`libscr.Store.add_plan` records it."""

    layout: str
    recommendations: tuple[RecommendationInput, ...]
    actions: tuple[ActionInput, ...]
    issues: Table[PlanIssue]

    @property
    def ok(self) -> bool:
        """True when the file has no problem."""
        return not self.issues

    def report(self) -> str:
        """Every issue, one per line: "row 4, By When?: 'soonish' is not a
        date, a timescale or Ongoing ... [by-when]"; "" when there is none."""
        return self._report  # type: ignore[attr-defined,no-any-return]


@_guarded
def read_plan(
    source: Union[bytes, bytearray, memoryview, str, os.PathLike[str]],
    layout: str,
    name: Optional[str] = None,
) -> PlanSheet:
    """Reads an action plan in a board's ``layout`` (one of
    :data:`PLAN_LAYOUTS`) from a file's content (bytes) or its path: CSV or
    XLSX, told apart by content. A cell of the Actions column may hold
    several actions as numbered lines ("1. ... 2. ..."), with the By Whom?
    and By When? cells holding as many lines (Appendix 13); or each action
    has its row, the recommendation's cells blank on the rows after its
    first. ``name`` names the file in messages (its path by default).
    Never raises for what is in the file: every problem is an issue
    (InputError for a file that cannot be read)."""
    kind = _layout(layout)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        what = "<bytes>" if name is None else _name(name, "name")
    elif isinstance(source, (str, os.PathLike)):
        file = _path(source, "source")
        data = _file_bytes(file, "action plan")
        what = file if name is None else _name(name, "name")
    else:
        raise _wrong_type("source", "a file's content (bytes) or its path (str or os.PathLike)", source)
    layout_name, recs, actions, issues, report = _core.read_plan(data, kind, what)
    out = PlanSheet(layout_name, tuple(RecommendationInput(*r) for r in recs),
                    tuple(ActionInput(*a) for a in actions), _table_of_tuples(PlanIssue, issues))
    object.__setattr__(out, "_report", report)
    return out


@_guarded
def write_plan(plan: ActionPlan, layout: str, xlsx: bool = False) -> Union[str, bytes]:
    """Writes a plan in a board's ``layout``, one row per action (the
    recommendation's cells on its first row only, as a merged cell reads),
    "Actions taken" holding the latest update and the completion: CSV text
    (with a byte order mark, for Excel; cells a spreadsheet would take for a
    formula written after an apostrophe, which :func:`read_plan` takes off),
    or with ``xlsx`` an XLSX workbook as bytes. :func:`read_plan` reads it
    back."""
    if not isinstance(plan, ActionPlan) or not hasattr(plan, "_core"):
        raise _wrong_type("plan", "a libscr.ActionPlan (ActionPlan.of or Store.action_plan gives one)", plan)
    return plan._core.write(_layout(layout), _flag(xlsx, "xlsx"))  # type: ignore[attr-defined,no-any-return]


# ---- the store's methods -------------------------------------------------------------
#
# Added to libscr.Store (below): each records through Store.record, so it is
# checked, stored and audited as any event is, and returns the review's new
# sequence.


def _binding_of(review: Review) -> ActionPlanBinding:
    b = _procedure_action_plan(review.procedure)
    if b is None:
        p = review.procedure
        raise InputError(f"review {review.reference!r} runs under procedure {p.id!r} version {p.version}, which "
                         f"records no action plan (it has no procedure.action_plan)")
    return b


def _track_event(store: Store, reference: str, number: str, which: str,
                 event_of: Any) -> tuple[str, str]:
    """The event of an action's track the binding names (``event_of``), and
    the action's number; AgencyError if the review has no such action,
    InputError if the procedure names no such event."""
    review = store.load(reference)
    b = _binding_of(review)
    event = event_of(b)
    if not event:
        raise InputError(f"procedure {review.procedure.id!r} version {review.procedure.version} names no event "
                         f"for {which} in its action_plan section")
    numbers = [t.agency for t in review.tracks() if t.track == b.track]
    if number not in numbers:
        raise AgencyError(f"review {reference!r} has no action {number!r}{_closest(number, numbers)}; its actions: "
                          f"{', '.join(numbers) or 'none'} (record it with add_action first)")
    return event, number


def _optional_text(value: Any, what: str) -> Optional[str]:
    return None if value is None else _name(value, what)


def add_recommendation(
    self: Store,
    reference: str,
    number: str,
    text: str,
    at: _dt.datetime,
    by: ActorLike,
    *,
    outcome: str = "",
    addressed_to: str = "",
    agency: str = "",
    source: str = "",
    type: str = "",
    measure: str = "",
    urgent: bool = False,
    themes: Union[Iterable[str], str] = (),
    audit: str = "",
) -> int:
    """Records a recommendation in the review (the fields of
    :class:`libscr.RecommendationInput`), checked as
    :func:`libscr.action_plans.recommendation_data` checks it: its
    procedure's recommendation event, at ``at``, by ``by``. Returns the new
    sequence; a refusal writes nothing."""
    ref, when, actor = _name(reference, "reference"), _instant(at), _actor(by, "by")
    rec = RecommendationInput(number, text, outcome, addressed_to, agency, source, type, measure, urgent,
                              themes, audit)  # type: ignore[arg-type]
    review = self.load(ref)
    return self.record(ref, recommendation_event(review), when, actor, recommendation_data(review, rec))


def add_action(
    self: Store,
    reference: str,
    number: str,
    recommendation: str,
    what: str,
    at: _dt.datetime,
    by: ActorLike,
    *,
    lead: str = "",
    agency: str = "",
    by_when: Union[str, _dt.date, Timescale, ByWhen] = "",
    review_on: Optional[_dt.date] = None,
    evidence: str = "",
) -> int:
    """Records an action of the plan (the fields of
    :class:`libscr.ActionInput`), beginning its track: its due date follows
    ``by_when`` (a timescale counts from the plan's approval), and its
    deadlines (due date, review date, progress updates) run under its
    number. Returns the new sequence; a refusal writes nothing."""
    ref, when, actor = _name(reference, "reference"), _instant(at), _actor(by, "by")
    action = ActionInput(number, recommendation, what, lead, agency, by_when, review_on,  # type: ignore[arg-type]
                         evidence)
    review = self.load(ref)
    return self.record(ref, action_event(review), when, actor, action_data(review, action))


def update_action(
    self: Store,
    reference: str,
    number: str,
    narrative: str,
    at: _dt.datetime,
    by: ActorLike,
    *,
    status: Optional[str] = None,
    evidence: Optional[str] = None,
) -> int:
    """Records a progress update on action ``number`` (the procedure's
    update event, Solihull's ``action_updated``): what was done
    (``narrative``), and optionally its progress ``status`` (Solihull:
    not_started, on_track, at_risk, off_track) and an ``evidence``
    reference. It discharges the update then due. Returns the new sequence."""
    ref, when, actor = _name(reference, "reference"), _instant(at), _actor(by, "by")
    data: dict[str, Any] = {"narrative": _name(narrative, "narrative")}
    if _optional_text(status, "status") is not None:
        data["status"] = status
    if _optional_text(evidence, "evidence") is not None:
        data["evidence"] = evidence
    event, action = _track_event(self, ref, _name(number, "number"), "a progress update", lambda b: b.updated)
    return self.record(ref, event, when, actor, data, action)


def complete_action(
    self: Store,
    reference: str,
    number: str,
    evidence: str,
    at: _dt.datetime,
    by: ActorLike,
    *,
    narrative: Optional[str] = None,
) -> int:
    """Records action ``number`` completed, with the ``evidence`` of
    completion (the information agreed for audit) and optionally what was
    done (``narrative``): its due date is met. Returns the new sequence."""
    ref, when, actor = _name(reference, "reference"), _instant(at), _actor(by, "by")
    data: dict[str, Any] = {"evidence": _name(evidence, "evidence")}
    if _optional_text(narrative, "narrative") is not None:
        data["narrative"] = narrative
    event, action = _track_event(self, ref, _name(number, "number"), "a completion", lambda b: b.completed)
    return self.record(ref, event, when, actor, data, action)


def return_action(
    self: Store,
    reference: str,
    number: str,
    reason: str,
    at: _dt.datetime,
    by: ActorLike,
) -> int:
    """Records the completion of action ``number`` not accepted, for
    ``reason``: the action is open again (and its due date with it).
    InputError if the procedure has no such event. Returns the new
    sequence."""
    ref, when, actor = _name(reference, "reference"), _instant(at), _actor(by, "by")
    data = {"reason": _name(reason, "reason")}
    event, action = _track_event(self, ref, _name(number, "number"), "a completion returned", lambda b: b.returned)
    return self.record(ref, event, when, actor, data, action)


def sign_off_action(self: Store, reference: str, number: str, at: _dt.datetime, by: ActorLike) -> int:
    """Records the completion of action ``number`` signed off (Solihull: by
    the Performance Monitoring sub group): the action is implemented.
    InputError if the procedure has no sign-off (a completion is then
    enough). Returns the new sequence."""
    ref, when, actor = _name(reference, "reference"), _instant(at), _actor(by, "by")
    event, action = _track_event(self, ref, _name(number, "number"), "a sign-off", lambda b: b.signed_off)
    return self.record(ref, event, when, actor, None, action)


def add_plan(self: Store, reference: str, plan: PlanSheet, at: _dt.datetime, by: ActorLike) -> int:
    """Records every recommendation and action of an imported plan
    (:func:`libscr.read_plan`) at ``at``, by ``by``, in one transaction:
    either all are recorded or none. InputError listing the file's problems
    if it has any; otherwise what recording each one raises. Returns the
    new sequence."""
    ref = _name(reference, "reference")
    if not isinstance(plan, PlanSheet):
        raise _wrong_type("plan", "a libscr.PlanSheet (read_plan gives one)", plan)
    if not plan.ok:
        raise InputError(f"the plan has {len(plan.issues)} problem{'s' if len(plan.issues) != 1 else ''}; nothing "
                         f"was recorded:\n{plan.report()}")
    when, actor = _instant(at), _actor(by, "by")
    review = self.load(ref)
    start = len(review)
    for rec in plan.recommendations:
        review.record(recommendation_event(review), when, actor, recommendation_data(review, rec))
    for action in plan.actions:
        review.record(action_event(review), when, actor, action_data(review, action))
    return self.append(ref, start, list(review.history())[start:])


def action_plan(self: Store, reference: str, as_of: Optional[_dt.date] = None) -> ActionPlan:
    """The review's :class:`libscr.ActionPlan` as of the end of ``as_of``
    (today in Europe/London by default)."""
    return ActionPlan.of(self.load(_name(reference, "reference")), _as_of(as_of))


def assurance(
    self: Store,
    from_: _dt.date,
    as_of: Optional[_dt.date] = None,
    references: Optional[Iterable[str]] = None,
) -> AssuranceReport:
    """:func:`libscr.assure` over the store's reviews (or those named)."""
    return assure(self, from_, as_of, references)


_STORE_METHODS = (add_recommendation, add_action, update_action, complete_action, return_action, sign_off_action,
                  add_plan, action_plan, assurance)


def _install() -> None:
    """Adds the store's action plan methods to libscr.Store and
    ``action_plan`` to libscr.Procedure."""
    for f in _STORE_METHODS:
        f.__qualname__ = f"Store.{f.__name__}"
        setattr(Store, f.__name__, _guarded(f))
    _procedure_action_plan.__qualname__ = "Procedure.action_plan"
    Procedure.action_plan = property(_procedure_action_plan)  # type: ignore[attr-defined]


_install()

# The store's methods are reached as Store methods, not from this module.
del add_recommendation, add_action, update_action, complete_action, return_action, sign_off_action, add_plan
del action_plan, assurance


def _timetable_row(fields: tuple[Any, ...]) -> TimetableRow:
    """A timetable row from the compiled layer's tuple of its fields (its
    agency None for the review's own milestone)."""
    row = TimetableRow(*fields)
    if row.agency == "":
        object.__setattr__(row, "agency", None)
    return row
