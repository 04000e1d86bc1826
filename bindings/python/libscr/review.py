"""Case reviews: one review run under one procedure, as the fold of its events.

>>> import datetime as dt
>>> from libscr import Actor, Review
>>> UTC = dt.timezone.utc
>>> chair = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
>>> r = Review.open("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=UTC), chair,
...                {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC)})
>>> r.state
'considering'
>>> decision = r.timetable(dt.date(2024, 1, 15)).row("decision")
>>> decision.due, decision.status
(datetime.date(2024, 2, 15), 'pending')

Every command (:meth:`Review.record`, :meth:`~Review.assign`,
:meth:`~Review.schedule`, :meth:`~Review.extend`, :meth:`~Review.hold`,
:meth:`~Review.release`, :meth:`~Review.discharge`) is checked against the
procedure and either appends one event or raises (a :class:`libscr.RuleError`
or an :class:`libscr.InputError`) and leaves the review exactly as it was.
:meth:`Review.from_events` replays a history into the same review.

Events are folded in order of occurrence: an event may be recorded with a
time before events already recorded (a late fact, a backdated step) when the
whole history still holds; otherwise it is refused naming the later event it
would invalidate. Mistakes are corrected by appending, never by editing:
:meth:`Review.void` (voiding event 1 voids the whole review),
:meth:`~Review.amend` (a corrected time or data), :meth:`~Review.waive` (a
milestone or obligation that does not apply) and :meth:`~Review.unassign`.
:meth:`Review.history` keeps every event with who corrected it and why;
:meth:`Review.effective` is what is in force. :meth:`Review.next` says what
can happen next, who may do it and the data it takes.

Times are aware ``datetime.datetime`` objects (a naive one raises TypeError:
give it a time zone); dates are ``datetime.date`` objects (an aware datetime
gives its Europe/London date). The engine has no clock: every query is asked
as of a date, which defaults to today's date in Europe/London. Queries return
frozen dataclasses in a :class:`Table`, a list with ``to_pandas()``. A wrong
type for any argument (an :class:`Actor`'s and an :class:`Event`'s fields
included, checked when they are made) raises TypeError naming the argument
and the type it takes.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import html
import re
import typing
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, List, Optional, TypeVar, Union

from . import _core
from ._args import (
    _empty_as_none, _guard_public, _instant, _integer, _iterable, _name, _optional_name, _pandas, _renamed,
    _wrapping, _wrong_item, _wrong_type,
)
from .calendar import Calendar, _date
from .errors import DataError, InputError
from .procedure import Procedure

if TYPE_CHECKING:  # pandas is optional: imported by to_pandas() when called
    import pandas

__all__ = [
    "Actor",
    "Assignment",
    "CORRECTION_KINDS",
    "ComplianceRow",
    "ComplianceSummary",
    "EVENT_KINDS",
    "Event",
    "Hold",
    "MILESTONE_STATUSES",
    "MovedDate",
    "NEXT_ACTIONS",
    "NextField",
    "NextStep",
    "NextSteps",
    "OBLIGATION_STATUSES",
    "ObligationRow",
    "Review",
    "ReviewWarning",
    "Table",
    "TimetableRow",
    "TrackStatus",
]

#: Milestone statuses, as the engine names them (scr/review.hpp). "outstanding
#: at closure": the review closed with it unmet after it fell due (listed once,
#: never overdue).
MILESTONE_STATUSES = (
    "pending", "due soon", "overdue", "met", "met late", "extended", "paused", "waived", "outstanding at closure",
)
#: Obligation statuses.
OBLIGATION_STATUSES = (
    "open", "pending", "overdue", "discharged", "discharged late", "waived", "outstanding at closure",
)
#: The kinds of event in a review's history. ``voided`` and ``amended`` are
#: corrections of an earlier event (``Event.corrects``); ``waived`` and
#: ``unassigned`` are steps that carry a reason; ``migrated`` moved the review
#: to another procedure version (its data says ``from`` and ``to``).
EVENT_KINDS = (
    "opened", "recorded", "assigned", "scheduled", "extended", "held", "released", "discharged",
    "voided", "amended", "waived", "unassigned", "migrated",
)
#: The kinds of event that correct another.
CORRECTION_KINDS = ("voided", "amended")
#: What a :class:`NextStep` does.
NEXT_ACTIONS = ("record", "schedule", "extend", "discharge", "release", "hold")

_MILESTONE_KINDS = ("statutory", "local", "scheduled")
_STRENGTHS = ("must", "should")

#: A value in an event's data. Text is converted to the field's type by the
#: engine: ``"2024-05-24"`` or ``"24/05/2024"`` for a date, ``"true"`` for a flag.
FieldValue = Union[bool, int, str, _dt.date, _dt.datetime, None]


# ---- people ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who did something: a person, the role they acted in, and their agency.

    Commands also accept a ``(name, role)`` or ``(name, role, agency)`` tuple.
    Each part must be text (TypeError naming it otherwise).
    """

    name: str
    role: str
    agency: str = ""

    def __post_init__(self) -> None:
        for part in ("name", "role", "agency"):
            _name(getattr(self, part), part)


ActorLike = Union[Actor, tuple[str, str], tuple[str, str, str]]


def _actor(a: Any, what: str = "actor") -> _core.Actor:
    if isinstance(a, Actor):
        parts: tuple[Any, ...] = (a.name, a.role, a.agency)
    elif isinstance(a, _core.Actor):
        return a
    elif isinstance(a, tuple) and len(a) in (2, 3) and all(isinstance(p, str) for p in a):
        parts = a
    else:
        raise _wrong_type(what, "an Actor or a (name, role[, agency]) tuple of text", a)
    return _core.Actor(*parts)


def _from_actor(a: _core.Actor) -> Actor:
    return Actor(a.name, a.role, a.agency)


# ---- conversions -------------------------------------------------------------------


def _london_today() -> _dt.date:
    return _core.london_date(_dt.datetime.now(_dt.timezone.utc))


def _as_of(d: Any, what: str = "as_of") -> _dt.date:
    return _london_today() if d is None else _date(d, what)


def _data(data: Optional[Mapping[str, Any]]) -> Optional[dict[str, Any]]:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise TypeError(f"event data must be a mapping of field name to value, not {type(data).__name__}")
    return dict(data)


def _agency(agency: Optional[str]) -> str:
    return _optional_name(agency, "agency") or ""


def _person_id(person_id: Optional[str]) -> str:
    return _optional_name(person_id, "person_id") or ""


def _texts(values: Any, what: str) -> list[str]:
    """One text or a list of them."""
    if isinstance(values, str):
        return [values]
    takes = "text (str) or a list of text"
    out = []
    for v in _iterable(values, what, takes):
        if not isinstance(v, str):
            raise _wrong_item(what, takes, v)
        out.append(v)
    return out


_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def _time(t: Any, milestone: str) -> Optional[tuple[int, int]]:
    """A local (Europe/London) time of day: ``"10:00"`` or ``datetime.time``."""
    if t is None:
        return None
    if isinstance(t, _dt.time):
        if t.tzinfo is not None or t.second or t.microsecond:
            raise DataError(
                f"the time of milestone {milestone!r} is a Europe/London time to the minute "
                f"(HH:MM), not {t.isoformat()}",
                "time",
            )
        return (t.hour, t.minute)
    if isinstance(t, str):
        match = _TIME.fullmatch(t.strip())
        if match is None:
            raise DataError(f"the time of milestone {milestone!r} must be HH:MM (24-hour clock), not {t!r}", "time")
        return (int(match.group(1)), int(match.group(2)))
    raise TypeError(f"time must be text such as '10:00' or a datetime.time, not {type(t).__name__}")


def _procedure(p: Any) -> Procedure:
    if isinstance(p, Procedure):
        return p
    if isinstance(p, str):
        return Procedure.builtin(p)
    if isinstance(p, _core.Procedure):
        return Procedure(p)
    raise _wrong_type("procedure", "a libscr.Procedure or a built-in id such as 'solihull-2011-scr'", p)


def _calendar(c: Any, required: bool = False) -> _core.Calendar:
    """A calendar; None gives England and Wales unless one is ``required``."""
    if c is None and not required:
        return _core.Calendar.england_and_wales()
    if isinstance(c, Calendar):
        return c._c
    if isinstance(c, _core.Calendar):
        return c
    raise _wrong_type("calendar", "a libscr.Calendar", c)


# ---- rows --------------------------------------------------------------------------

RowT = TypeVar("RowT")


@dataclasses.dataclass(frozen=True)
class Event:
    """One entry of a review's history; :meth:`Review.from_events` replays them.

    ``kind`` is one of :data:`EVENT_KINDS`. ``name`` is the procedure event,
    milestone, obligation or role; ``agency`` the agency whose track it
    addresses (for ``assigned`` and ``unassigned``, the person's agency);
    ``subject`` the review's reference (``opened``) or the person
    (``assigned``, ``unassigned``).

    A correction (``voided``, ``amended``) names the event it corrects by its
    sequence in the history (``corrects``: 1, 2, ...); an amendment's ``at``
    and ``data`` are the corrected event's time and data in full, a void's
    ``at`` is when it was voided. ``reason`` says why (corrections, waivers
    and unassignments; "" otherwise). ``by`` is who recorded it. A field of
    the wrong type raises TypeError naming it when the event is made.
    """

    kind: str
    name: str
    at: _dt.datetime
    by: Actor
    agency: str = ""
    subject: str = ""
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    corrects: int = 0
    reason: str = ""

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"kind": EVENT_KINDS}

    def __post_init__(self) -> None:
        for text in ("kind", "name", "agency", "subject", "reason"):
            _name(getattr(self, text), text)
        _instant(self.at)
        if not isinstance(self.by, Actor):
            _actor(self.by, "by")
        _data(self.data)
        if _integer(self.corrects, "corrects", "an event's sequence (an integer, 1 or more; 0 for none)") < 0:
            raise InputError(f"corrects is an event's sequence (1 or more; 0 for none), not {self.corrects}")

    @property
    def is_correction(self) -> bool:
        """True for a ``voided`` or ``amended`` event: a correction of event
        ``corrects``, kept in the history but not itself a step."""
        return self.kind in CORRECTION_KINDS

    @classmethod
    def _from_core(cls, e: _core.ReviewEvent) -> Event:
        return cls(e.kind, e.name, e.at, _from_actor(e.by), e.agency, e.subject, e.data, e.corrects, e.reason)

    def _to_core(self) -> _core.ReviewEvent:
        return _core.ReviewEvent(
            self.kind, self.name, self.at, _actor(self.by, "by"), _data(self.data),
            self.agency, self.subject, int(self.corrects), self.reason,
        )


@dataclasses.dataclass(frozen=True)
class TimetableRow:
    """One milestone of the review (or of one agency's track), as of a date.

    ``due`` is the date in force (the rule's, a date the panel set, or an
    extension); ``rule_due`` what the rule alone gives; ``original_due`` the
    date before the first extension and ``extended_to`` the latest one agreed.
    ``breach`` is set when a statutory milestone was scheduled past its
    statutory date. ``status`` is one of :data:`MILESTONE_STATUSES`;
    ``days_late`` counts from ``due`` to the completion (or to the as-of date,
    while open). ``agency`` is the agency whose track the milestone is on
    (None for the review's own).
    """

    milestone: str
    title: str
    owner: str
    agency: Optional[str]
    track: str
    kind: str
    strength: str
    rule: str
    cite: tuple[str, ...]
    anchor_date: Optional[_dt.date]
    due: Optional[_dt.date]
    due_at: Optional[_dt.datetime]
    original_due: Optional[_dt.date]
    extended_to: Optional[_dt.date]
    rule_due: Optional[_dt.date]
    status: str
    completed_at: Optional[_dt.datetime]
    projected: bool
    provisional: bool
    scheduled: bool
    scheduled_at: Optional[_dt.datetime]
    breach: bool
    extensions: int
    days_late: int

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "status": MILESTONE_STATUSES, "kind": _MILESTONE_KINDS, "strength": _STRENGTHS,
    }

    @classmethod
    def _from_core(cls, r: _core.TimetableRow, as_of: _dt.date) -> TimetableRow:
        return cls(
            r.milestone, r.title, r.owner, r.agency or None, r.track, r.kind, r.strength, r.rule, tuple(r.cite),
            r.anchor_date, r.due, r.due_at, r.original_due, r.extended_to, r.rule_due, r.status,
            r.completed_at, r.projected, r.provisional, r.scheduled, r.scheduled_at, r.breach,
            r.extensions, r.days_late(as_of),
        )


@dataclasses.dataclass(frozen=True)
class ObligationRow:
    """One occurrence of an obligation (a repeating one has one per period).

    ``status`` is one of :data:`OBLIGATION_STATUSES`; ``discharged_by`` names
    the person (and the event, when an event discharged it). ``agency`` is
    the agency whose track it is on (None for the review's own).
    """

    obligation: str
    title: str
    owner: str
    recipients: tuple[str, ...]
    agency: Optional[str]
    track: str
    kind: str
    strength: str
    cite: tuple[str, ...]
    occurrence: int
    triggered_at: _dt.datetime
    due: Optional[_dt.date]
    status: str
    discharged_at: Optional[_dt.datetime]
    discharged_by: str
    note: str
    provisional: bool

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "status": OBLIGATION_STATUSES, "kind": _MILESTONE_KINDS, "strength": _STRENGTHS,
    }

    @classmethod
    def _from_core(cls, r: _core.ObligationRow) -> ObligationRow:
        return cls(
            r.obligation, r.title, r.owner, tuple(r.recipients), r.agency or None, r.track, r.kind, r.strength,
            tuple(r.cite), r.occurrence, r.triggered_at, r.due, r.status, r.discharged_at,
            r.discharged_by, r.note, r.provisional,
        )


@dataclasses.dataclass(frozen=True)
class ReviewWarning:
    """Something every report must show: a "should" independence conflict, a
    "must" conflict that arose after an assignment (``kind == "conflict"``),
    two people in roles a same-person conflict joins whose names are alike
    but not the same (``kind == "near_match"``), a date set past a statutory
    limit (``kind == "breach"``), or a review opened before its procedure took
    effect (``kind == "effective"``)."""

    kind: str
    message: str
    rule: str
    strength: str
    cite: tuple[str, ...]
    at: _dt.datetime

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "kind": ("conflict", "near_match", "breach", "effective"), "strength": _STRENGTHS,
    }

    @classmethod
    def _from_core(cls, w: _core.ReviewWarning) -> ReviewWarning:
        return cls(w.kind, w.message, w.rule, w.strength, tuple(w.cite), w.at)


@dataclasses.dataclass(frozen=True)
class ComplianceRow:
    """Was a review milestone met in time? ``on_time`` is judged against
    ``due`` and ``within_original`` against ``original_due`` (before any
    extension). A statutory milestone is judged against its statutory date
    (the rule's, or an agreed extension's), not a later date the panel set
    (``scheduled``): that is a ``breach``."""

    milestone: str
    title: str
    kind: str
    due: Optional[_dt.date]
    original_due: Optional[_dt.date]
    scheduled: Optional[_dt.date]
    completed_at: Optional[_dt.datetime]
    met: bool
    on_time: bool
    within_original: bool
    extended: bool
    breach: bool
    days_late: int
    status: str

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "status": MILESTONE_STATUSES, "kind": _MILESTONE_KINDS,
    }

    @classmethod
    def _from_core(cls, r: _core.ComplianceRow) -> ComplianceRow:
        return cls(
            r.milestone, r.title, r.kind, r.due, r.original_due, r.scheduled, r.completed_at, r.met,
            r.on_time, r.within_original, r.extended, r.breach, r.days_late, r.status,
        )


@dataclasses.dataclass(frozen=True)
class ComplianceSummary:
    """Compliance as of a date: a row per review milestone that applies, and
    the procedure's headline ``decision`` and ``completion`` milestones (None
    when the procedure does not name them or they do not apply)."""

    as_of: _dt.date
    rows: Table[ComplianceRow]
    decision: Optional[ComplianceRow]
    completion: Optional[ComplianceRow]

    @classmethod
    def _from_core(cls, s: _core.ComplianceSummary) -> ComplianceSummary:
        def row(r: Optional[_core.ComplianceRow]) -> Optional[ComplianceRow]:
            return None if r is None else ComplianceRow._from_core(r)

        return cls(
            s.as_of, Table(ComplianceRow, (ComplianceRow._from_core(r) for r in s.rows)),
            row(s.decision), row(s.completion),
        )


@dataclasses.dataclass(frozen=True)
class TrackStatus:
    """One agency's track: which track, for which agency, its state, and when
    it began (``started_at``; ``started`` is its deprecated old name)."""

    track: str
    title: str
    agency: str
    state: str
    started_at: _dt.datetime

    started = _renamed("started_at", "started")

    @classmethod
    def _from_core(cls, t: _core.TrackStatus) -> TrackStatus:
        return cls(t.track, t.title, t.agency, t.state, t.started)


@dataclasses.dataclass(frozen=True)
class Assignment:
    """A person holding a role, with the declarations they made, and the
    person id the assignment gave ("" for none)."""

    person: str
    role: str
    agency: str
    declarations: tuple[str, ...]
    at: _dt.datetime
    person_id: str = ""

    @classmethod
    def _from_core(cls, a: _core.Assignment) -> Assignment:
        return cls(a.person, a.role, a.agency, tuple(a.declarations), a.at, a.person_id)


@dataclasses.dataclass(frozen=True)
class Hold:
    """A period on hold; ``end`` is None while it lasts."""

    reason: str
    start: _dt.datetime
    end: Optional[_dt.datetime]

    @classmethod
    def _from_core(cls, h: _core.HoldPeriod) -> Hold:
        return cls(h.reason, h.start, h.end)


@dataclasses.dataclass(frozen=True)
class MovedDate:
    """A due date that moved when the calendar changed (:meth:`Review.recompute`):
    the milestone or obligation (``item``; ``kind`` says which; ``id`` is its
    deprecated old name), the agency whose track it is on (None for the
    review's own), the occurrence, and its due date before and after."""

    kind: str
    item: str
    agency: Optional[str]
    occurrence: int
    before: Optional[_dt.date]
    after: Optional[_dt.date]

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"kind": ("milestone", "obligation")}

    id = _renamed("item", "id")

    @classmethod
    def _from_core(cls, m: _core.MovedDate) -> MovedDate:
        return cls(m.kind, m.id, m.agency or None, m.occurrence, m.before, m.after)


@dataclasses.dataclass(frozen=True)
class NextField:
    """A data field a next step takes: its ``type`` ("text", "date",
    "instant", "boolean", "integer", "choice", "agency"), whether it is always
    ``required`` or ``required_when`` a condition holds (the condition's text,
    else ""), a choice's allowed ``values``, and what it is."""

    name: str
    type: str
    required: bool
    required_when: str
    values: tuple[str, ...]
    description: str

    @classmethod
    def _from_core(cls, f: _core.NextField) -> NextField:
        return cls(f.name, f.type, f.required, f.required_when, tuple(f.values), f.description)


@dataclasses.dataclass(frozen=True)
class NextStep:
    """One thing that may (or may not yet) be done next in a review.

    ``action`` is one of :data:`NEXT_ACTIONS`: ``"record"`` an event (for
    ``agency``, a track's event), ``"schedule"`` or ``"extend"`` a
    milestone, ``"discharge"`` an obligation, ``"hold"`` or ``"release"``
    the review. ``allowed`` says whether it may be done now; if not,
    ``blocked_by`` says why in words. ``roles`` may take it; ``fields`` is
    the data it takes; ``leads_to`` the states it may lead to; ``when`` the
    data conditions one of which must hold (``"outcome == scr"``), empty
    when a row without one allows it.
    """

    action: str
    name: str
    agency: str
    title: str
    allowed: bool
    blocked_by: str
    roles: tuple[str, ...]
    fields: tuple[NextField, ...]
    leads_to: tuple[str, ...]
    when: tuple[str, ...]

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"action": NEXT_ACTIONS}

    def field(self, name: str) -> NextField:
        """The field named ``name``; KeyError naming the fields if none."""
        _name(name, "name")
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"step {self.action} {self.name!r} takes no field {name!r}; "
                       f"its fields: {', '.join(f.name for f in self.fields) or 'none'}")

    @classmethod
    def _from_core(cls, n: _core.NextStep) -> NextStep:
        return cls(
            n.action, n.name, n.agency, n.title, n.allowed, n.blocked_by, tuple(n.roles),
            tuple(NextField._from_core(f) for f in n.fields), tuple(n.leads_to), tuple(n.when),
        )


# ---- tables ------------------------------------------------------------------------


class Table(List[RowT]):
    """A list of rows (frozen dataclasses of one type) that can become a
    pandas DataFrame with :meth:`to_pandas`. Jupyter shows it as an HTML
    table of its first 60 rows; its ``repr`` shows the first three."""

    def __init__(self, row_type: type[RowT], rows: Iterable[RowT] = ()) -> None:
        super().__init__(rows)
        self.row_type = row_type

    def row(self, key: str, agency: str = "") -> RowT:
        """The row for a milestone or obligation (its first occurrence), of
        the review or, with ``agency``, of that agency's track."""
        _name(key, "key")
        _name(agency, "agency")
        keys = [f for f in ("milestone", "obligation", "item", "id", "track") if f in self._fields()]
        if not keys:
            raise TypeError(f"rows of {self.row_type.__name__} have no id to look up")
        id_field = keys[0]
        for r in self:
            if getattr(r, id_field) == key and _agency_of(r) == agency:
                return r
        present = ", ".join(
            getattr(r, id_field) + (f"@{_agency_of(r)}" if _agency_of(r) else "") for r in self
        )
        where = f" for agency {agency!r}" if agency else ""
        raise KeyError(f"no row {key!r}{where}; rows: {present or 'none'}")

    def _fields(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self.row_type)]  # type: ignore[arg-type]

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (needs pandas), one column per field.

        Dates become ``datetime64[ns]``, instants ``datetime64[ns, UTC]`` (NaT
        for none), flags ``bool``, counts ``int64``, statuses and kinds
        categories of every value they can take; an actor becomes three
        columns (``by_name``, ``by_role``, ``by_agency``).
        """
        pd = _pandas(f"{type(self).__name__}.to_pandas()")

        text = pd.Series([""]).dtype  # the installed pandas' default for text
        columns: dict[str, Any] = {}
        categories: Mapping[str, tuple[str, ...]] = getattr(self.row_type, "_CATEGORIES", {})
        for name, kind in _column_kinds(self.row_type):
            values = [getattr(r, name) for r in self]
            if kind == "actor":
                for part in ("name", "role", "agency"):
                    columns[f"{name}_{part}"] = pd.Series([getattr(v, part) for v in values], dtype=text)
            elif kind == "date":
                columns[name] = pd.Series(values, dtype="datetime64[ns]")
            elif kind == "instant":
                columns[name] = pd.Series(values, dtype="datetime64[ns, UTC]")
            elif kind == "bool":
                columns[name] = pd.Series(values, dtype="bool")
            elif kind == "int":
                columns[name] = pd.Series(values, dtype="int64")
            elif kind == "str" and name in categories:
                columns[name] = pd.Series(values, dtype=pd.CategoricalDtype(categories[name]))
            elif kind == "str":
                columns[name] = pd.Series(values, dtype=text)
            else:
                columns[name] = pd.Series(values, dtype=object)
        return pd.DataFrame(columns)

    def __repr__(self) -> str:
        return f"{type(self).__name__}[{self.row_type.__name__}]({self._rows_repr()})"

    def _rows_repr(self) -> str:
        """How many rows, and the first few: a table may hold thousands."""
        count = f"{len(self)} row" + ("" if len(self) == 1 else "s")
        if not self:
            return count
        shown = ", ".join(repr(r) for r in self[:_REPR_ROWS])
        more = f", ... {len(self) - _REPR_ROWS} more" if len(self) > _REPR_ROWS else ""
        return f"{count}: {shown}{more}"

    def _repr_html_(self) -> str:
        """The rows as an HTML table, as Jupyter shows them: a header of the
        column names and at most 60 rows, then how many more there are.
        Every cell is HTML-escaped (rows hold names and text people typed)."""
        names = self._fields()
        title = html.escape(f"{type(self).__name__}[{self.row_type.__name__}]: {len(self)} row"
                            + ("" if len(self) == 1 else "s"))
        out = [f'<table class="libscr-table">\n<caption>{title}</caption>\n<thead><tr>']
        out += [f"<th>{html.escape(n)}</th>" for n in names]
        out.append("</tr></thead>\n<tbody>\n")
        for r in self[:_HTML_ROWS]:
            out.append("<tr>")
            out += [f"<td>{html.escape(_cell_text(getattr(r, n)))}</td>" for n in names]
            out.append("</tr>\n")
        out.append("</tbody>\n</table>")
        if len(self) > _HTML_ROWS:
            more = len(self) - _HTML_ROWS
            out.append(f"\n<p>... {more} more row{'' if more == 1 else 's'} (to_pandas() gives them all)</p>")
        return "".join(out)


def _agency_of(row: Any) -> str:
    """A row's agency for looking it up: "" for none (None or no such field)."""
    return getattr(row, "agency", None) or ""


#: The rows a table's HTML shows (in Jupyter); the rest are counted.
_HTML_ROWS = 60

#: The rows a table's repr shows.
_REPR_ROWS = 3


def _cell_text(value: Any) -> str:
    """A field's value as a table cell shows it (not yet escaped): dates and
    times in ISO form, an actor as its name, role and agency, a tuple as its
    items separated by commas (a row among them by its name or id), nothing
    for None."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (Actor, _core.Actor)):
        return f"{value.name} ({', '.join(p for p in (value.role, value.agency) if p)})"
    if isinstance(value, (tuple, list, frozenset, set)):
        return ", ".join(_cell_text(v) for v in value)
    if dataclasses.is_dataclass(value):  # a row's part, such as a step's field or an overdue entry
        for key in ("name", "item", "id"):
            if isinstance(getattr(value, key, None), str):
                return str(getattr(value, key))
    return str(value)


def _column_kinds(row_type: type) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(row_type)
    out = []
    for f in dataclasses.fields(row_type):
        t = hints[f.name]
        args = typing.get_args(t)
        if typing.get_origin(t) is Union and type(None) in args:
            t = next(a for a in args if a is not type(None))
        if t is _dt.datetime:
            kind = "instant"
        elif t is _dt.date:
            kind = "date"
        elif t is Actor:
            kind = "actor"
        elif t in (bool, int, str):
            kind = t.__name__
        else:
            kind = "object"
        out.append((f.name, kind))
    return out


def _table(row_type: type[RowT], rows: Iterable[Any], *args: Any) -> Table[RowT]:
    convert = row_type._from_core  # type: ignore[attr-defined]
    return Table(row_type, (convert(r, *args) for r in rows))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _table_of_tuples(row_type: type[RowT], tuples: list[tuple[Any, ...]], table: type[Table[Any]] = Table) -> Any:
    """A table from the compiled layer's tuples, one per row with the row
    type's fields in order (one crossing of the binding for the whole table).
    The rows are frozen dataclasses with no checks of their own, so their
    fields are set as their generated ``__init__`` would set them, at a
    fraction of its cost."""
    names = _FIELD_NAMES.get(row_type)
    if names is None:
        names = _FIELD_NAMES[row_type] = tuple(f.name for f in dataclasses.fields(row_type))  # type: ignore[arg-type]
    return table(row_type, _core.rows_as(row_type, names, tuples))


class NextSteps(Table[NextStep]):
    """What can happen next in a review as of a date (:meth:`Review.next`):
    the steps allowed first. ``text()`` and ``to_json()`` give what ``scr
    review next`` prints."""

    def __init__(self, core_steps: list[Any], reference: str, as_of: _dt.date) -> None:
        super().__init__(NextStep, (NextStep._from_core(n) for n in core_steps))
        self.reference = reference
        self.as_of = as_of
        self._core_steps = core_steps

    def row(self, key: str, agency: str = "", action: Optional[str] = None) -> NextStep:  # type: ignore[override]
        """The step for an event, milestone or obligation (``key``), of the
        review or, with ``agency``, of that agency's track; ``action`` picks
        one of several (a milestone may be scheduled or extended)."""
        _name(key, "key")
        _name(agency, "agency")
        _optional_name(action, "action")
        for n in self:
            if n.name == key and n.agency == agency and (action is None or n.action == action):
                return n
        present = ", ".join(
            f"{n.action} {n.name}" + (f"@{n.agency}" if n.agency else "") for n in self if n.name
        )
        what = f"{action} {key!r}" if action else repr(key)
        where = f" for agency {agency!r}" if agency else ""
        raise KeyError(f"no step {what}{where}; steps: {present or 'none'}")

    @property
    def allowed(self) -> Table[NextStep]:
        """The steps that may be taken now."""
        return Table(NextStep, (n for n in self if n.allowed))

    def text(self) -> str:
        """One line a step, the allowed first, with who may take them and the
        data each takes; the others say what blocks them."""
        return _core.next_steps_text(self._core_steps)

    def to_json(self) -> str:
        """``{"version": 1, "reference", "as_of", "steps": [...]}``."""
        return _core.next_steps_json(self._core_steps, self.reference, self.as_of)

    def __repr__(self) -> str:
        return f"NextSteps({self.reference!r}, as of {self.as_of.isoformat()}: {self._rows_repr()})"


#: What an event's sequence is, for messages.
_SEQUENCE = "an event's sequence (an integer: 1, 2, ... in the history)"


def _sequences(sequences: Any) -> list[int]:
    """One event's sequence or several, as a list of ints (1 or more)."""
    if isinstance(sequences, int) and not isinstance(sequences, bool):
        return [_sequence(sequences)]
    takes = f"{_SEQUENCE} or a list of them"
    out = []
    for n in _iterable(sequences, "sequences", takes):
        if isinstance(n, bool) or not isinstance(n, int):
            raise _wrong_item("sequences", takes, n)
        out.append(_sequence(n))
    return out


def _sequence(sequence: Any, what: str = "sequence") -> int:
    if _integer(sequence, what, _SEQUENCE) < 1:
        raise InputError(f"event sequences begin at 1 (the opening event), not {sequence}; see the review's history")
    return int(sequence)


def _reason(reason: Any) -> str:
    return _name(reason, "reason")


def _occurrence(occurrence: Any) -> int:
    if occurrence is None:
        return 0
    n = _integer(occurrence, "occurrence", "an integer (1, 2, ...; 0 for the earliest open one)")
    if n < 0:
        raise InputError(f"occurrence is 1, 2, ... (0 for the earliest open one), not {n}")
    return n


# ---- the review --------------------------------------------------------------------


def _core_events(events: Any) -> list[_core.ReviewEvent]:
    takes = "a list of libscr.review.Event objects"
    if isinstance(events, (Event, _core.ReviewEvent)):
        raise _wrong_type("events", f"{takes} (put one event in a list)", events)
    out = []
    for e in _iterable(events, "events", takes):
        if isinstance(e, Event):
            out.append(e._to_core())
        elif isinstance(e, _core.ReviewEvent):
            out.append(e)
        else:
            raise _wrong_item("events", takes, e)
    return out


@_guard_public()
class Review:
    """One case review run under one version of a procedure.

    Open one with :meth:`open` or rebuild one from its history with
    :meth:`from_events`. ``copy.copy(review)`` gives an independent copy (to
    try a command without changing the original).
    """

    __slots__ = ("_core", "_procedure")

    def __init__(self, core: _core.Review) -> None:
        _wrapping(core, _core.Review, "use Review.open() or Review.from_events()")
        self._core = core
        self._procedure: Optional[Procedure] = None

    # ---- construction ------------------------------------------------------

    @classmethod
    def open(
        cls,
        procedure: Union[Procedure, str],
        reference: str,
        at: _dt.datetime,
        actor: ActorLike,
        data: Optional[Mapping[str, FieldValue]] = None,
        calendar: Optional[Calendar] = None,
    ) -> Review:
        """Opens a review with the procedure's opening event.

        ``procedure`` is a :class:`libscr.Procedure` or a built-in id;
        ``reference`` the anonymised name the review is known by ("Child Q");
        ``data`` the opening event's data; ``calendar`` the working-day
        calendar (England and Wales by default).
        """
        p = _procedure(procedure)
        core = _core.Review.open(p._core, _calendar(calendar), _name(reference, "reference"), _instant(at),
                                 _actor(actor), _data(data))
        r = cls(core)
        r._procedure = p
        return r

    @classmethod
    def from_events(
        cls,
        procedure: Union[Procedure, str],
        events: Iterable[Event],
        calendar: Optional[Calendar] = None,
    ) -> Review:
        """Replays a history (as :meth:`history` gives it); the first event
        must be the opening one. Raises InputError naming the first event
        that does not apply."""
        p = _procedure(procedure)
        cal = _calendar(calendar)
        # The common case (a history as history() gives it) is read in C++;
        # anything else is converted event by event.
        core = _core.Review.from_event_objects(p._core, cal, events, Event, Actor) if isinstance(events, list) else None
        r = cls(core if core is not None else _core.Review.from_events(p._core, cal, _core_events(events)))
        r._procedure = p
        return r

    # ---- commands ----------------------------------------------------------

    def record(
        self,
        event: str,
        at: _dt.datetime,
        actor: ActorLike,
        data: Optional[Mapping[str, FieldValue]] = None,
        agency: Optional[str] = None,
    ) -> None:
        """Records a procedure event. For a track's event, ``agency`` names the
        agency (the actor's own agency is used when it has that track)."""
        self._core.record(_name(event, "event"), _instant(at), _actor(actor), _data(data), _agency(agency))

    def assign(
        self,
        person: str,
        role: str,
        agency: str,
        at: _dt.datetime,
        by: ActorLike,
        declarations: Iterable[str] = (),
        person_id: Optional[str] = None,
    ) -> None:
        """``person`` of ``agency`` takes ``role``. ``declarations`` lists the
        statements the person makes for the procedure's declared conflicts. A
        "must" conflict raises ConflictError; a "should" conflict becomes a
        warning. A single declaration may be given as a str.

        People are compared as people: names that differ only in case,
        spacing, punctuation, word order or lookalike letters ("J. Smith",
        "smith, j", "J. Smіth" with a Cyrillic i) are one person's, and names
        that are close but not the same give a ``near_match`` warning.
        ``person_id`` (a staff number, say) is kept in the event: when two
        assignments both give one, the ids decide whether they are one
        person, whatever the names."""
        self._core.assign(_name(person, "person"), _name(role, "role"), _name(agency, "agency"), _instant(at),
                          _actor(by, "by"), _texts(declarations, "declarations"), _person_id(person_id))

    def schedule(
        self,
        milestone: str,
        on: _dt.date,
        at: _dt.datetime,
        by: ActorLike,
        time: Union[str, _dt.time, None] = None,
        agency: Optional[str] = None,
    ) -> None:
        """Sets the date of a milestone (and optionally its Europe/London time,
        ``"10:00"``). A statutory milestone set past its rule's date is
        reported as a breach."""
        milestone = _name(milestone, "milestone")
        self._core.schedule(
            milestone, _date(on, "on"), _time(time, milestone), _instant(at), _actor(by, "by"), _agency(agency)
        )

    def extend(
        self,
        milestone: str,
        new_due: _dt.date,
        reason: str,
        at: _dt.datetime,
        agreed_by: ActorLike,
        agency: Optional[str] = None,
    ) -> None:
        """Extends a milestone to ``new_due``, agreed by ``agreed_by`` for
        ``reason``; the original due date is kept."""
        self._core.extend(
            _name(milestone, "milestone"), _date(new_due, "new_due"), _reason(reason), _instant(at),
            _actor(agreed_by, "agreed_by"), _agency(agency),
        )

    def hold(self, reason: str, at: _dt.datetime, by: ActorLike) -> None:
        """Puts the review on hold (criminal proceedings, an inquest)."""
        self._core.hold(_reason(reason), _instant(at), _actor(by, "by"))

    def release(self, at: _dt.datetime, by: ActorLike, note: Optional[str] = None) -> None:
        """Ends the hold."""
        self._core.release(_instant(at), _actor(by, "by"), _optional_name(note, "note") or "")

    def discharge(
        self,
        obligation: str,
        at: _dt.datetime,
        by: ActorLike,
        note: Optional[str] = None,
        agency: Optional[str] = None,
    ) -> None:
        """Discharges the earliest open occurrence of an obligation."""
        self._core.discharge(_name(obligation, "obligation"), _instant(at), _actor(by, "by"),
                             _optional_name(note, "note") or "", _agency(agency))

    def apply(self, event: Event) -> None:
        """Checks and appends any event (what :meth:`from_events` does for each),
        a correction included."""
        if not isinstance(event, Event):
            raise _wrong_type("event", "a libscr.review.Event", event)
        self._core.apply(event._to_core())

    # ---- corrections -------------------------------------------------------

    def void(
        self,
        sequences: Union[int, Iterable[int]],
        reason: str,
        at: _dt.datetime,
        by: ActorLike,
    ) -> None:
        """Voids events by their sequence in :meth:`history` (1, 2, ...; one
        or a list): each stays in the history, and the review is rebuilt
        without them. Voiding the opening event (1) voids the whole review
        (:attr:`voided`). ``at`` is when they were voided. Refused (RuleError
        or InputError, the review unchanged) if the history without them no
        longer holds, naming the event it would invalidate.

        Who may correct an event: the role that recorded it, any role that may
        record that event, and the procedure's ``corrections`` roles."""
        self._core.void_events(_sequences(sequences), _reason(reason), _instant(at), _actor(by, "by"))

    def amend(
        self,
        sequence: int,
        reason: str,
        by: ActorLike,
        at: Optional[_dt.datetime] = None,
        data: Optional[Mapping[str, FieldValue]] = None,
    ) -> None:
        """Supersedes event ``sequence`` with a corrected time (``at``: when it
        really happened) and/or data (``data`` is merged into its data; a
        value of None removes a field). The amendment is appended to the
        history with who made it and why; the review is rebuilt with the event
        as corrected, and the amendment is refused if the history would no
        longer hold."""
        occurred = None if at is None else _instant(at)
        self._core.amend(_sequence(sequence), occurred, _data(data), _reason(reason), _actor(by, "by"))

    def waive(
        self,
        item: str,
        reason: str,
        at: _dt.datetime,
        by: ActorLike,
        agency: Optional[str] = None,
        occurrence: int = 0,
    ) -> None:
        """Marks a milestone, or an occurrence of an obligation (the earliest
        open one unless ``occurrence`` is given), as not applicable: its
        status becomes "waived" and it is never overdue. It may be waived by
        the procedure's ``corrections`` roles, the item's owner and (a
        milestone) the roles that may agree its extension."""
        self._core.waive(_name(item, "item"), _reason(reason), _instant(at), _actor(by, "by"), _agency(agency),
                         _occurrence(occurrence))

    def unassign(
        self,
        person: str,
        role: str,
        reason: str,
        at: _dt.datetime,
        by: ActorLike,
        agency: Optional[str] = None,
        person_id: Optional[str] = None,
    ) -> None:
        """Takes ``person`` off ``role`` (for ``agency``, when they hold it for
        several), clearing the warnings the assignment raised. The person is
        found as :meth:`assign` compares people; ``person_id`` picks one of
        two people of one name whose assignments gave ids."""
        self._core.unassign(_name(person, "person"), _name(role, "role"), _reason(reason), _instant(at),
                            _actor(by, "by"), _agency(agency), _person_id(person_id))

    # ---- queries -----------------------------------------------------------

    @property
    def reference(self) -> str:
        """The anonymised name the review is known by."""
        return self._core.reference

    @property
    def procedure(self) -> Procedure:
        """The procedure the review runs under."""
        if self._procedure is None:
            self._procedure = Procedure(self._core.procedure)
        return self._procedure

    @property
    def calendar(self) -> Calendar:
        """The working-day calendar its deadlines use."""
        return Calendar(self._core.calendar)

    @property
    def state(self) -> str:
        """The current state."""
        return self._core.state

    def state_as_of(self, as_of: _dt.date) -> str:
        """The state at the end of a date."""
        return self._core.state_as_of(_date(as_of, "as_of"))

    @property
    def closed(self) -> bool:
        """True in a terminal state: nothing more can be recorded."""
        return self._core.closed

    @property
    def branch(self) -> str:
        """The branch the review took last ("" before any)."""
        return self._core.branch

    @property
    def on_hold(self) -> bool:
        return self._core.on_hold

    @property
    def opened_at(self) -> _dt.datetime:
        return self._core.opened_at

    @property
    def last_event_at(self) -> _dt.datetime:
        return self._core.last_event_at

    @property
    def voided(self) -> bool:
        """True once the opening event is void: the review was opened by mistake."""
        return self._core.voided

    def history(self) -> Table[Event]:
        """Every event in the order it was recorded, corrections included (the
        sequence of ``history()[i]`` is ``i + 1``);
        ``Review.from_events(p, r.history())`` rebuilds the review."""
        return _table(Event, self._core.history())

    def effective(self) -> Table[Event]:
        """The events in force, in order of occurrence (ties in recorded
        order): the history less its corrections and voided events, amended
        events as corrected. Every query is a fold of these;
        :meth:`sequence_of` gives each one's sequence in :meth:`history`."""
        return _table(Event, self._core.effective())

    def sequence_of(self, index: int) -> int:
        """The sequence in :meth:`history` of ``effective()[index]``."""
        index = _integer(index, "index")
        n = len(self._core.effective())
        if not -n <= index < n:
            raise IndexError(f"index {index} is outside the {n} events in force")
        return self._core.sequence_of(index % n)

    def correction_of(self, sequence: int) -> Optional[Event]:
        """The correction of event ``sequence`` in force (its void, or its
        latest amendment), or None."""
        c = self._core.correction_of(_sequence(sequence))
        return None if c is None else Event._from_core(c)

    def next(self, as_of: Optional[_dt.date] = None) -> NextSteps:
        """What can happen next as of the end of ``as_of`` (today in
        Europe/London by default): every event the procedure offers (per
        agency for a track's), milestones to schedule or extend, obligations
        to discharge, and hold or release; the steps allowed first, each with
        who may take it and the data it takes, the others with what blocks
        them. Empty for a void review."""
        day = _as_of(as_of)
        return NextSteps(self._core.next(day), self.reference, day)

    def timetable(self, as_of: Optional[_dt.date] = None) -> Table[TimetableRow]:
        """Every milestone of the review and its tracks, as of the end of
        ``as_of`` (today in Europe/London by default)."""
        rows = _table_of_tuples(TimetableRow, self._core.timetable_tuples(_as_of(as_of)))
        _empty_as_none(rows)
        return rows

    def obligations(
        self, as_of: Optional[_dt.date] = None, through: Optional[_dt.date] = None
    ) -> Table[ObligationRow]:
        """Every obligation occurrence triggered by the end of ``as_of`` (and
        the next occurrence of a repeating one). With ``through`` (a later
        date), the occurrences of repeating obligations due through it, as
        the records stood at the end of ``as_of``."""
        day = _as_of(as_of)
        end = None if through is None else _date(through, "through")
        rows = _table_of_tuples(ObligationRow, self._core.obligations_tuples(day, end))
        _empty_as_none(rows)
        return rows

    def warnings(self, as_of: Optional[_dt.date] = None) -> Table[ReviewWarning]:
        """Conflicts and breaches that had arisen by the end of ``as_of``, in
        the order they arose."""
        return _table(ReviewWarning, self._core.warnings(_as_of(as_of)))

    def compliance(self, as_of: Optional[_dt.date] = None) -> ComplianceSummary:
        """Each review milestone that applies: due, completed, on time,
        extended, days late; and the decision and completion headlines."""
        return ComplianceSummary._from_core(self._core.compliance(_as_of(as_of)))

    def tracks(self) -> Table[TrackStatus]:
        """The agencies' tracks, in the order they began."""
        return _table(TrackStatus, self._core.tracks())

    def assignments(self) -> Table[Assignment]:
        return _table(Assignment, self._core.assignments())

    def holds(self) -> Table[Hold]:
        return _table(Hold, self._core.holds())

    def recompute(self, calendar: Calendar) -> Table[MovedDate]:
        """Switches to another calendar (a new version of the holidays) and
        lists every due date that moved."""
        return _table(MovedDate, self._core.recompute(_calendar(calendar, required=True)))

    def __len__(self) -> int:
        """The number of events in the history (corrections included)."""
        return len(self._core)

    def __copy__(self) -> Review:
        r = Review(self._core.__copy__())
        r._procedure = self._procedure
        return r

    def __deepcopy__(self, memo: dict[int, Any]) -> Review:
        return self.__copy__()

    def __repr__(self) -> str:
        p = self.procedure
        return (
            f"<Review {self.reference!r} under {p.id} version {p.version}: "
            f"{self.state}, {len(self)} events>"
        )
