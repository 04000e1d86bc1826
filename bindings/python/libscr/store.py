"""The event store: reviews kept in one SQLite file, as their events.

>>> import datetime as dt
>>> from libscr import Actor, Store
>>> UTC = dt.timezone.utc
>>> chair = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
>>> with Store.in_memory() as db:
...     r = db.open_review("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=UTC), chair,
...                        {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC)})
...     db.record("Child Q", "panel_convened", dt.datetime(2024, 1, 19, 10, tzinfo=UTC), chair)
...     db.load("Child Q").state
...     late = db.overdue(dt.date(2024, 2, 16)).row("Child Q", "decision")
2
'panel_considering'
>>> late.due, late.days_late, late.state
(datetime.date(2024, 2, 15), 1, 'panel_considering')

Every write (:meth:`Store.open_review`, :meth:`~Store.record`,
:meth:`~Store.append`, the corrections :meth:`~Store.void`,
:meth:`~Store.amend`, :meth:`~Store.waive` and :meth:`~Store.unassign`,
:meth:`~Store.purge`) is one transaction: the engine checks the events first
and raises exactly what :class:`libscr.Review` raises (a
:class:`libscr.RuleError` or an :class:`libscr.InputError`), and nothing is
written. An event dated later than the store's clock (give or take
``future_allowance``, 5 minutes by default) is refused as in the future.
:meth:`Store.load` rebuilds a review by replaying its events under the
procedure version it was opened with. A review whose opening is void (opened
by mistake) leaves every list and report (:meth:`Store.voided_reviews` lists
them) and may be purged at once.

Questions across reviews are answered as of a date when one is given: as the
records stood at the end of that day (reviews with events in force after it
are replayed to it). :meth:`Store.overdue` and :meth:`Store.due_between` give
each item with its review's state, procedure and closure;
:meth:`Store.events` gives every event of every review as one table.

An integrator who keeps a copy appends with the sequence it last saw
(:meth:`Store.append`); if another writer got there first the store raises
:class:`libscr.ConcurrencyError` and writes nothing. Every event carries a
SHA-256 hash chained to the one before it; :meth:`Store.verify` names the
first event whose stored content was altered. A closed review is kept for its
procedure's retention (7 years unless the procedure says otherwise, 001:650)
from the day it closed; :meth:`Store.retention_due` lists those whose time is
up and :meth:`Store.purge` deletes one, leaving a :class:`Tombstone`.

Agencies' chronologies (:mod:`libscr.chronology`) are kept with their review:
:meth:`Store.set_chronology_setup` says what they are checked against,
:meth:`Store.import_chronology` checks one and keeps it (recording its
submission, or its return, on the agency's track in the same transaction),
:meth:`Store.chronology_submissions` lists what came in, and
:meth:`Store.merged_chronology` merges the accepted ones.

A file that cannot be used (not a database, another application's, a newer
schema) raises :class:`libscr.StoreError` naming it. Times and dates follow
the rules of :mod:`libscr.review`: aware datetimes (a naive one raises
TypeError), ``datetime.date`` objects, as-of dates defaulting to today in
Europe/London. Queries return frozen dataclasses in a :class:`StoreTable`. A
wrong type for any argument raises TypeError naming it and the type it takes.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import Any, Callable, ClassVar, Optional, Union

from . import _core
from ._args import (
    _file_bytes,
    _flag,
    _guard_public,
    _guarded,
    _integer,
    _iterable,
    _name,
    _optional_name,
    _path,
    _renamed,
    _wrong_item,
    _wrong_type,
)
from ._core import Holiday
from .calendar import Calendar, _date, _optional_date
from .chronology import (
    AgencyChronology,
    ChronologyCheck,
    ChronologyFormat,
    ChronologySetup,
    ChronologyTable,
    MultiAgencyChronology,
    _setup,
    _table,
)
from .errors import InputError
from .procedure import Procedure
from .review import (
    EVENT_KINDS,
    Actor,
    ActorLike,
    Event,
    FieldValue,
    NextSteps,
    Review,
    RowT,
    Table,
    _actor,
    _agency,
    _agency_of,
    _as_of,
    _calendar,
    _core_events,
    _data,
    _from_actor,
    _instant,
    _occurrence,
    _person_id,
    _procedure,
    _reason,
    _sequence,
    _sequences,
    _table_of_tuples,
    _texts,
    _time,
)

__all__ = [
    "COMPLIANCE_BASES",
    "ChronologySubmission",
    "DueItem",
    "EventRow",
    "HeadlineCompliance",
    "RetentionItem",
    "ReviewSummary",
    "Store",
    "StoreTable",
    "StoredEvent",
    "Tombstone",
    "VerifyResult",
    "LedgerHead",
    "LedgerEntry",
    "StoreVerifyResult",
    "RepairResult",
    "DeadlineChange",
    "MigrationState",
    "MigrationRefusal",
    "Migration",
    "CalendarMoves",
    "CalendarUpdate",
    "CalendarVersion",
    "CopyResult",
    "LoginGrant",
]


#: What puts a review in a compliance period (:meth:`Store.compliance`): the
#: day it was opened (the referral), the day its decision milestone was met,
#: or the day its completion milestone was met.
COMPLIANCE_BASES = ("opened", "decided", "completed")


# ---- rows --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class StoredEvent:
    """An event as stored: its sequence in the review (1, 2, ...), the event,
    when it was written (the store's clock), and its place in the hash chain
    (hex SHA-256; the first event's ``previous_hash`` is "")."""

    sequence: int
    event: Event
    recorded_at: _dt.datetime
    previous_hash: str
    hash: str

    _KEY: ClassVar[tuple[str, ...]] = ("sequence",)

    @classmethod
    def _from_core(cls, s: _core.StoredEvent) -> StoredEvent:
        return cls(s.sequence, Event._from_core(s.event), s.recorded_at, s.previous_hash, s.hash)


@dataclasses.dataclass(frozen=True)
class VerifyResult:
    """What :meth:`Store.verify` found: how many events it checked, the first
    whose hash does not match (None if the chain is intact), a message
    ("3 events, hash chain intact, ledger and projections agree" or what is
    wrong), and how many of the events checked are corrections (voided or
    amended). ``keyed``: the chain is HMAC-SHA-256 under the store's key, so
    it finds forgery too, not only accidental damage. ``problems``: everything
    else found wrong, each named: the review's head against the store's
    ledger (events deleted, its procedure or calendar changed) and each
    projection row that differs from what its events give."""

    events: int
    first_altered: Optional[int]
    message: str
    corrections: int = 0
    keyed: bool = False
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True if every event matches its hash and nothing else is wrong."""
        return self.first_altered is None and not self.problems

    @classmethod
    def _from_core(cls, v: _core.VerifyResult) -> VerifyResult:
        return cls(v.events, v.first_altered, v.message, v.corrections, v.keyed, tuple(v.problems))


@dataclasses.dataclass(frozen=True)
class LedgerHead:
    """The head of the store's ledger: how many entries it has and the hash
    of the last. Write :meth:`text` down outside the file (a chair's monthly
    report); :meth:`Store.verify_all` with it finds a file rolled back to an
    earlier copy or a rewritten ledger."""

    position: int
    hash: str

    def __post_init__(self) -> None:
        _integer(self.position, "position")
        _name(self.hash, "hash")

    def text(self) -> str:
        """``"POSITION:HASH"``, as ``scr audit head`` prints it."""
        return f"{self.position}:{self.hash}"

    def __str__(self) -> str:
        return self.text()

    @classmethod
    @_guarded
    def parse(cls, text: str) -> LedgerHead:
        """Reads ``"POSITION:HASH"``; InputError naming the text otherwise."""
        return cls._from_core(_core.LedgerHead.parse(_name(text, "text", "a ledger head 'POSITION:HASH' (str)")))

    @classmethod
    def _from_core(cls, h: _core.LedgerHead) -> LedgerHead:
        return cls(h.position, h.hash)


@dataclasses.dataclass(frozen=True)
class LedgerEntry:
    """One write in the store's ledger: ``kind`` is "events", "purged",
    "repaired" or "adopted" (entered as it stood when the store was
    upgraded); ``sequence`` and ``event_hash`` are the review's number of
    events and last hash after the write; ``context_hash`` is the hash of the
    procedure definition and calendar it ran under (for a purge, of every
    field of the tombstone); ``note`` says who and why for purges and
    repairs."""

    position: int
    kind: str
    reference: str
    sequence: int
    event_hash: str
    context_hash: str
    at: _dt.datetime
    note: str
    hash: str

    _KEY: ClassVar[tuple[str, ...]] = ("reference", "position")
    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "kind": ("events", "purged", "repaired", "imported", "adopted")
    }

    @classmethod
    def _from_core(cls, e: _core.LedgerEntry) -> LedgerEntry:
        return cls(e.position, e.kind, e.reference, e.sequence, e.event_hash, e.context_hash, e.at, e.note, e.hash)


@dataclasses.dataclass(frozen=True)
class StoreVerifyResult:
    """What :meth:`Store.verify_all` found: counts, the ledger's head, and
    every problem, each named (an empty tuple when all is well)."""

    reviews: int
    events: int
    tombstones: int
    keyed: bool
    head: LedgerHead
    problems: tuple[str, ...]
    message: str

    @property
    def ok(self) -> bool:
        return not self.problems

    @classmethod
    def _from_core(cls, v: _core.StoreVerifyResult) -> StoreVerifyResult:
        return cls(v.reviews, v.events, v.tombstones, v.keyed, LedgerHead._from_core(v.head), tuple(v.problems),
                   v.message)


@dataclasses.dataclass(frozen=True)
class CopyResult:
    """What :meth:`Store.copy` did: both stores verified after the copy (the
    same counts and the same ledger head), and the rows copied."""

    source: StoreVerifyResult
    copy: StoreVerifyResult
    rows: int

    @classmethod
    def _from_core(cls, r: _core.CopyResult) -> CopyResult:
        return cls(StoreVerifyResult._from_core(r.source), StoreVerifyResult._from_core(r.copy), r.rows)


@dataclasses.dataclass(frozen=True)
class ReviewImport:
    """What :meth:`Store.import_reviews` did (or, with ``check_only``, would
    do): the reviews in the file's order and their events. ``resealed``: the
    file's chains were checked as exported and sealed again with this
    store's key."""

    references: tuple[str, ...]
    events: int
    check_only: bool
    resealed: bool

    @classmethod
    def _from_core(cls, r: _core.ReviewImport) -> ReviewImport:
        return cls(tuple(r.references), r.events, r.check_only, r.resealed)


@dataclasses.dataclass(frozen=True)
class LoadedReview:
    """One review of a table :meth:`Store.load_steps` read: its rows in the
    file (the header is row 1), whether the table opens it, whether it was
    loaded (all its rows, or with ``check_only`` would be), rows it had
    recorded already (skipped), its events before and after, and why it was
    refused (naming the row and column; "" when loaded)."""

    reference: str
    rows: tuple[int, ...]
    opened: bool
    loaded: bool
    skipped: int
    events_before: int
    events_after: int
    error: str

    @classmethod
    def _from_core(cls, r: _core.LoadedReview) -> LoadedReview:
        return cls(r.reference, tuple(r.rows), r.opened, r.loaded, r.skipped, r.events_before, r.events_after,
                   r.error)


@dataclasses.dataclass(frozen=True)
class StepLoad:
    """What :meth:`Store.load_steps` did: every review the table names, in
    the order of their first rows."""

    reviews: tuple[LoadedReview, ...]
    check_only: bool

    @property
    def loaded(self) -> int:
        return sum(1 for r in self.reviews if r.loaded)

    @property
    def refused(self) -> int:
        return len(self.reviews) - self.loaded

    @classmethod
    def _from_core(cls, r: _core.StepLoad) -> StepLoad:
        return cls(tuple(LoadedReview._from_core(x) for x in r.reviews), r.check_only)


@dataclasses.dataclass(frozen=True)
class LoginGrant:
    """A login of a store on PostgreSQL and a person and role it may act as
    (:meth:`Store.logins`); an ``actor.agency`` of "" means any agency."""

    login: str
    actor: Actor

    @classmethod
    def _from_core(cls, g: _core.LoginGrant) -> LoginGrant:
        return cls(g.login, _from_actor(g.actor))


@dataclasses.dataclass(frozen=True)
class RepairResult:
    """What :meth:`Store.repair_projections` did: how many reviews it
    checked, which it repaired, and each row that differed."""

    reviews: int
    repaired: tuple[str, ...]
    differences: tuple[str, ...]

    @classmethod
    def _from_core(cls, r: _core.RepairResult) -> RepairResult:
        return cls(r.reviews, tuple(r.repaired), tuple(r.differences))


@dataclasses.dataclass(frozen=True)
class DeadlineChange:
    """A deadline that differs when a review is read under another procedure
    version (:meth:`Store.migrate`): ``change`` is "moved" (its due date),
    "added", "removed" or "rule" (the rule changed, the date did not);
    ``before`` and ``after`` are the due dates, ``rule_before`` and
    ``rule_after`` the rules; ``text`` the whole as one line."""

    kind: str
    item: str
    agency: Optional[str]
    occurrence: int
    change: str
    before: Optional[_dt.date]
    after: Optional[_dt.date]
    rule_before: str
    rule_after: str
    text: str

    def __str__(self) -> str:
        return self.text

    @classmethod
    def _from_core(cls, d: tuple[Any, ...]) -> DeadlineChange:
        return cls(d[0], d[1], d[2] or None, *d[3:])


class _Outcome:
    """What a change reports (Migration, CalendarUpdate): its problems and
    its text."""

    problems: tuple[str, ...]
    text: str

    @property
    def ok(self) -> bool:
        """No problem stops it."""
        return not self.problems

    def __str__(self) -> str:
        return self.text


@dataclasses.dataclass(frozen=True)
class MigrationState:
    """The state of a review (``track`` None) or of one agency's track,
    before and after a migration. ``gone``: ``before`` is not a state of the
    new version; ``expected`` the state the mapping gave for it, if any."""

    track: Optional[str]
    agency: Optional[str]
    before: Optional[str]
    after: Optional[str]
    gone: bool
    expected: Optional[str]


@dataclasses.dataclass(frozen=True)
class MigrationRefusal:
    """An event of the history the new version does not accept."""

    sequence: int
    message: str


@dataclasses.dataclass(frozen=True)
class Migration(_Outcome):
    """What :meth:`Store.migrate` does, or would do, to one review: every
    deadline that moves, every state, every event the new version refuses,
    and every problem that stops it. ``applied`` once it is written, with
    the ``migrated`` event's ``sequence``."""

    reference: str
    from_id: str
    from_version: int
    to_id: str
    to_version: int
    as_of: _dt.date
    deadlines: tuple[DeadlineChange, ...]
    states: tuple[MigrationState, ...]
    refused: tuple[MigrationRefusal, ...]
    problems: tuple[str, ...]
    applied: bool
    sequence: int
    text: str

    @classmethod
    def _from_core(cls, row: tuple[Any, ...]) -> Migration:
        (reference, from_id, from_version, to_id, to_version, as_of, deadlines, states, refused, problems, applied,
         sequence, text) = row
        return cls(
            reference, from_id, from_version, to_id, to_version, as_of,
            tuple(DeadlineChange._from_core(d) for d in deadlines),
            tuple(MigrationState(t or None, a or None, b or None, f or None, g, e) for t, a, b, f, g, e in states),
            tuple(MigrationRefusal(*r) for r in refused),
            tuple(problems), applied, sequence, text,
        )


@dataclasses.dataclass(frozen=True)
class CalendarMoves:
    """A review whose due dates a new calendar version moves
    (:meth:`Store.update_calendar`): its state, whether it has closed, and
    each deadline that moves."""

    reference: str
    state: str
    closed: bool
    deadlines: tuple[DeadlineChange, ...]


@dataclasses.dataclass(frozen=True)
class CalendarUpdate(_Outcome):
    """What loading a calendar version does, or would do
    (:meth:`Store.update_calendar`): the holidays it adds and removes, how
    many reviews run under the calendar, those whose due dates move, and
    what stops it. ``applied`` once it is loaded."""

    calendar: str
    from_version: str
    to_version: str
    added: tuple[Holiday, ...]
    removed: tuple[Holiday, ...]
    from_confirmed_through: _dt.date
    to_confirmed_through: _dt.date
    as_of: _dt.date
    reviews: int
    moved: tuple[CalendarMoves, ...]
    problems: tuple[str, ...]
    applied: bool
    text: str

    @classmethod
    def _from_core(cls, row: tuple[Any, ...]) -> CalendarUpdate:
        (name, from_version, to_version, added, removed, from_confirmed, to_confirmed, as_of, reviews, moved,
         problems, applied, text) = row
        return cls(
            name, from_version, to_version, tuple(added), tuple(removed), from_confirmed, to_confirmed, as_of,
            reviews,
            tuple(CalendarMoves(r, st, c, tuple(DeadlineChange._from_core(d) for d in ds))
                  for r, st, c, ds in moved),
            tuple(problems), applied, text,
        )


@dataclasses.dataclass(frozen=True)
class CalendarVersion:
    """A calendar version a store has loaded (:meth:`Store.calendar_versions`)."""

    calendar: str
    version: str
    confirmed_through: _dt.date
    at: _dt.datetime
    by: Actor
    reason: str


@dataclasses.dataclass(frozen=True)
class DueItem:
    """An open milestone or obligation occurrence (not met, discharged or
    waived) with a due date: a row of :meth:`Store.overdue` and
    :meth:`Store.due_between`.

    ``item`` is the milestone's or obligation's id (``kind`` says which);
    ``agency`` the agency whose track it is on (None for the review's own);
    ``days_late`` counts from ``due`` to the query's date (for
    ``due_between``, its start: so 0). ``state``, ``procedure_id`` and
    ``closed`` are the review's, as of the same date as the item, so that
    an analysis needs no join with :meth:`Store.reviews`. ``id`` and
    ``days_overdue`` are the deprecated old names of ``item`` and
    ``days_late``."""

    reference: str
    kind: str
    item: str
    agency: Optional[str]
    title: str
    owner: str
    occurrence: int
    due: _dt.date
    days_late: int
    state: str = ""
    procedure_id: str = ""
    closed: bool = False

    _KEY: ClassVar[tuple[str, ...]] = ("reference", "item", "occurrence")
    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"kind": ("milestone", "obligation")}

    id = _renamed("item", "id")
    days_overdue = _renamed("days_late", "days_overdue")

    @classmethod
    def _from_core(cls, d: _core.DueItem) -> DueItem:
        return cls(d.reference, d.kind, d.id, d.agency or None, d.title, d.owner, d.occurrence, d.due,
                   d.days_overdue)


@dataclasses.dataclass(frozen=True)
class EventRow:
    """One event of one review, as :meth:`Store.events` lists them: the
    review (``reference``, ``procedure_id``), the event's ``sequence`` in its
    history (1, 2, ...), what :class:`libscr.review.Event` holds (``kind``,
    ``name``, ``agency``, None for the review's own, ``subject``, ``at``,
    ``by``, ``data``, ``corrects``, ``reason``), when it was written
    (``recorded_at``, the store's clock) and its ``hash``. ``voided``: the
    review is void (opened by mistake). ``to_pandas()`` gives ``by`` as the
    columns ``by_name``, ``by_role`` and ``by_agency``."""

    reference: str
    procedure_id: str
    sequence: int
    kind: str
    name: str
    agency: Optional[str]
    subject: str
    at: _dt.datetime
    recorded_at: _dt.datetime
    by: Actor
    data: dict[str, Any]
    corrects: int
    reason: str
    hash: str
    voided: bool

    _KEY: ClassVar[tuple[str, ...]] = ("reference", "sequence")
    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"kind": EVENT_KINDS}
    #: The key names one row: ``row()`` does not also match the agency.
    _AGENCY_IN_KEY: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class ReviewSummary:
    """A review as the store lists it: its procedure and version, its state,
    whether it is closed, when it opened and closed, the day its retention
    ends (closed reviews), its number of events (corrections included), and
    whether it is void (opened by mistake)."""

    reference: str
    procedure_id: str
    procedure_version: int
    state: str
    closed: bool
    opened_at: _dt.datetime
    closed_at: Optional[_dt.datetime]
    dispose_from: Optional[_dt.date]
    events: int
    voided: bool = False

    _KEY: ClassVar[tuple[str, ...]] = ("reference",)

    @classmethod
    def _from_core(cls, s: _core.ReviewSummary) -> ReviewSummary:
        return cls(
            s.reference, s.procedure_id, s.procedure_version, s.state, s.closed, s.opened_at, s.closed_at,
            s.dispose_from, s.events, s.voided,
        )


@dataclasses.dataclass(frozen=True)
class HeadlineCompliance:
    """A review's decision or completion (``headline``), as
    :meth:`libscr.Review.compliance` gives it as of the review's last event:
    the milestone, its due date (and the date before any extension), the day
    it was completed (None while open), and whether it was on time, extended
    or breached. ``days_late`` is for a completed milestone."""

    reference: str
    headline: str
    milestone: str
    due: Optional[_dt.date]
    original_due: Optional[_dt.date]
    completed_on: Optional[_dt.date]
    on_time: bool
    extended: bool
    breach: bool
    days_late: int

    _KEY: ClassVar[tuple[str, ...]] = ("reference", "headline")
    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"headline": ("decision", "completion")}

    @classmethod
    def _from_core(cls, h: _core.HeadlineCompliance) -> HeadlineCompliance:
        return cls(
            h.reference, h.headline, h.milestone, h.due, h.original_due, h.completed_on, h.on_time, h.extended,
            h.breach, h.days_late,
        )


@dataclasses.dataclass(frozen=True)
class RetentionItem:
    """A closed review whose retention has ended: it may be disposed of from
    ``dispose_from`` (the day it closed plus its procedure's retention)."""

    reference: str
    procedure_id: str
    procedure_version: int
    opened_at: _dt.datetime
    closed_at: _dt.datetime
    dispose_from: _dt.date

    _KEY: ClassVar[tuple[str, ...]] = ("reference",)

    @classmethod
    def _from_core(cls, r: _core.RetentionItem) -> RetentionItem:
        return cls(r.reference, r.procedure_id, r.procedure_version, r.opened_at, r.closed_at, r.dispose_from)


@dataclasses.dataclass(frozen=True)
class Tombstone:
    """What is left of a purged review: who purged it, when and why, with the
    last hash of its chain as evidence of what was deleted."""

    reference: str
    procedure_id: str
    procedure_version: int
    opened_at: _dt.datetime
    closed_at: _dt.datetime
    dispose_from: _dt.date
    events: int
    last_hash: str
    purged_at: _dt.datetime
    purged_by: Actor
    reason: str

    _KEY: ClassVar[tuple[str, ...]] = ("reference",)

    @classmethod
    def _from_core(cls, t: _core.Tombstone) -> Tombstone:
        return cls(
            t.reference, t.procedure_id, t.procedure_version, t.opened_at, t.closed_at, t.dispose_from, t.events,
            t.last_hash, t.purged_at, _from_actor(t.purged_by), t.reason,
        )


@dataclasses.dataclass(frozen=True)
class ChronologySubmission:
    """An agency's chronology as imported (:meth:`Store.chronology_submissions`):
    the ``agency``, its ``version`` (1, 2, ... for the agency, returns
    included), ``status`` "accepted" or "returned", when it came in (``at``)
    and who is answerable for it (``by``: the submitter of an accepted one,
    the person who returned a refused one), the ``file``'s name, how many
    ``entries``, ``errors`` and ``warnings`` it had, the SHA-256 of its
    entries as read, the check's ``report`` as it went back to the agency,
    and the review's event recorded with it (``event``: its sequence, the
    submission's for a return; 0 for none). Look one up with
    ``submissions.row(version, agency=...)``."""

    agency: str
    version: int
    status: str
    at: _dt.datetime
    by: Actor
    file: str
    entries: int
    errors: int
    warnings: int
    sha256: str
    report: str
    event: int

    _KEY: ClassVar[tuple[str, ...]] = ("version",)
    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"status": ("accepted", "returned")}

    @classmethod
    def _from_tuple(cls, t: tuple[Any, ...]) -> ChronologySubmission:
        return cls(t[0], t[1], t[2], t[3], _from_actor(t[4]), *t[5:])


# ---- tables ------------------------------------------------------------------------


class StoreTable(Table[RowT]):
    """A :class:`~libscr.review.Table` of the store's rows, which span
    reviews: :meth:`row` looks a row up by its review's reference first."""

    def row(self, *key: Any, agency: str = "") -> RowT:  # type: ignore[override]
        """The first row whose key is ``key``: the reference
        (:class:`ReviewSummary`, :class:`RetentionItem`, :class:`Tombstone`);
        the reference and headline (:class:`HeadlineCompliance`); the
        reference, milestone or obligation id, and optionally the occurrence
        (:class:`DueItem`, of the review or, with ``agency``, of that
        agency's track); the reference and sequence (:class:`EventRow`,
        whatever its agency); or the sequence (:class:`StoredEvent`)."""
        _name(agency, "agency")
        fields: tuple[str, ...] = getattr(self.row_type, "_KEY", ())
        if not fields:
            raise TypeError(f"rows of {self.row_type.__name__} have no key to look up")
        if not 1 <= len(key) <= len(fields):
            raise TypeError(f"a key of {self.row_type.__name__} is {', '.join(fields)} (a prefix), not {key!r}")
        by_agency = getattr(self.row_type, "_AGENCY_IN_KEY", True) or agency
        for r in self:
            if all(getattr(r, f) == k for f, k in zip(fields, key)) and (
                not by_agency or _agency_of(r) == agency
            ):
                return r
        present = "; ".join(
            ", ".join(str(getattr(r, f)) for f in fields[: len(key)])
            + (f"@{_agency_of(r)}" if _agency_of(r) else "")
            for r in self
        )
        where = f" for agency {agency!r}" if agency else ""
        shown = key[0] if len(key) == 1 else key
        raise KeyError(f"no row {shown!r}{where}; rows: {present or 'none'}")


def _store_table(row_type: type[RowT], rows: Iterable[Any]) -> StoreTable[RowT]:
    convert = row_type._from_core  # type: ignore[attr-defined]
    return StoreTable(row_type, (convert(r) for r in rows))


def _procedure_id(p: Any) -> Optional[str]:
    if p is None or isinstance(p, str):
        return p
    if isinstance(p, (Procedure, _core.Procedure)):
        return p.id
    raise _wrong_type("procedure", "a procedure id, a libscr.Procedure or None", p)


Clock = Callable[[], _dt.datetime]


# ---- the store ---------------------------------------------------------------------


@_guard_public()
class Store:
    """Reviews kept in one SQLite file (WAL mode), or on PostgreSQL when
    ``path`` is a ``postgresql://`` URL (docs/deploying.md), one row per event.

    ``Store(path)`` opens the store, creating it if there is none, and migrates
    an older schema; a newer one is refused with StoreError and not written.
    ``clock`` (a function of no arguments returning an aware datetime) dates
    each write and decides when a purge is allowed; by default, the system
    clock. An event dated later than the clock plus ``future_allowance`` (a
    ``datetime.timedelta``, 5 minutes by default, for clock skew) is refused
    with InputError as in the future. Close the store with :meth:`close`, or
    use it as a context manager, to release the file; any call after that
    raises InputError (a ValueError).

    ``key_file`` names the store's key: a keyed store chains its audit with
    HMAC-SHA-256, so the file cannot be edited unseen without the key, and it
    refuses writes without its key. ``create_key=True`` makes the key file
    (mode 0600, never overwriting one) for a new store.

    ``cached_reviews`` (128 by default, at least 1) is how many reviews the
    store keeps in memory, rebuilt, after writing them: a write to one of them
    reads neither its snapshot nor its projections back. Eight times as many
    keep only their projection rows (about 12 KB for a 100-event review), so
    that a write to one of them does not read those back. A long-running writer that goes
    round more reviews than that may raise it, at the cost of the memory those
    reviews take. A ``Store`` is used by one thread at a time: open one in
    each thread that works in parallel.
    """

    #: The schema version this libscr writes (SQLite's ``user_version``, or
    #: ``schema_version`` in a PostgreSQL store's ``store_meta``).
    SCHEMA_VERSION: ClassVar[int] = _core.Store.schema_version()

    __slots__ = ("_core",)

    def __init__(
        self,
        path: Union[str, os.PathLike[str]],
        *,
        clock: Optional[Clock] = None,
        future_allowance: Optional[_dt.timedelta] = None,
        key_file: Optional[Union[str, os.PathLike[str]]] = None,
        create_key: bool = False,
        cached_reviews: int = 128,
    ) -> None:
        file = _path(path)
        cached_reviews = _integer(cached_reviews, "cached_reviews")
        if cached_reviews < 1:
            raise InputError(f"cached_reviews must be at least 1 (the review being written), not {cached_reviews}")
        key = None if key_file is None else _path(key_file, "key_file")
        if _flag(create_key, "create_key") and key is None:
            raise InputError("create_key needs key_file: the path of the key file to make")
        self._core = _core.Store(file, _clock(clock), _allowance(future_allowance), key, create_key, cached_reviews)

    @classmethod
    def in_memory(
        cls, *, clock: Optional[Clock] = None, future_allowance: Optional[_dt.timedelta] = None
    ) -> Store:
        """A store in memory, gone when it is closed: for tests."""
        s = cls.__new__(cls)
        s._core = _core.Store.in_memory(_clock(clock), _allowance(future_allowance))
        return s

    @property
    def path(self) -> str:
        """The file's path as given (``":memory:"`` for an in-memory store), or
        the URL without its password."""
        return self._core.path

    @staticmethod
    def copy(
        source: Union[str, os.PathLike[str]],
        destination: Union[str, os.PathLike[str]],
        *,
        key_file: Optional[Union[str, os.PathLike[str]]] = None,
    ) -> CopyResult:
        """Copies the store ``source`` (a file or a ``postgresql://`` URL) into
        a new, empty store ``destination``: every procedure, review, event
        with its hash, ledger entry, tombstone and projection, in one
        transaction. A keyed store only with its ``key_file``, which the copy
        keeps. Both are verified afterwards: StoreError unless the copy has
        the same counts and ledger head; InputError if ``destination`` holds
        anything."""
        key = None if key_file is None else _path(key_file, "key_file")
        return CopyResult._from_core(_core.Store.copy(_path(source, "source"), _path(destination, "destination"), key))

    @property
    def login(self) -> str:
        """The database login this store acts as ("" for an SQLite file)."""
        return self._core.login

    @property
    def administers(self) -> bool:
        """Whether the login administers the store (always, for a file)."""
        return self._core.administers

    def grant_login(self, login: str, actor: ActorLike) -> None:
        """Lets the database login ``login`` act as ``actor`` (its agency ""
        for any), with a member's rights on the store. A store on PostgreSQL
        only (InputError for a file), by its administrator only (RoleError)."""
        self._core.grant_login(_name(login, "login"), _actor(actor, "actor"))

    def revoke_login(self, login: str, actor: Optional[ActorLike] = None) -> int:
        """Takes back the login's mapping to ``actor``, or every one of its
        mappings; with the last go all its rights. Returns how many."""
        return self._core.revoke_login(_name(login, "login"), None if actor is None else _actor(actor, "actor"))

    def logins(self) -> StoreTable[LoginGrant]:
        """The mappings: all for the administrator, a member's own for a member."""
        return _store_table(LoginGrant, self._core.logins())

    @property
    def closed(self) -> bool:
        return self._core.closed

    def close(self) -> None:
        """Closes the database and releases the file. Closing twice is harmless."""
        self._core.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writes ------------------------------------------------------------

    def add_calendar(self, calendar: Calendar) -> None:
        """Makes a calendar known by its name, for reviews whose procedure
        names it (England and Wales is known). Add it before opening or
        loading such a review."""
        self._core.add_calendar(_calendar(calendar, required=True))

    def open_review(
        self,
        procedure: Union[Procedure, str],
        reference: str,
        at: _dt.datetime,
        actor: ActorLike,
        data: Optional[Mapping[str, FieldValue]] = None,
    ) -> Review:
        """Opens a review under the procedure (a :class:`libscr.Procedure` or
        a built-in id; its version is kept) and stores its opening event.
        Raises InputError if the reference is taken (or was purged)."""
        p = _procedure(procedure)
        return Review(self._core.open_review(p._core, _ref(reference), _instant(at), _actor(actor), _data(data)))

    def record(
        self,
        reference: str,
        event: str,
        at: _dt.datetime,
        actor: ActorLike,
        data: Optional[Mapping[str, FieldValue]] = None,
        agency: Optional[str] = None,
    ) -> int:
        """Records a procedure event in the review, as :meth:`libscr.Review.record`
        does, and stores it. Returns the review's new sequence. A refused
        event raises what the review raises, and nothing is written."""
        return self._core.record(_ref(reference), _name(event, "event"), _instant(at), _actor(actor), _data(data),
                                 _agency(agency))

    def assign(
        self,
        reference: str,
        person: str,
        role: str,
        agency: str,
        at: _dt.datetime,
        by: ActorLike,
        declarations: Iterable[str] = (),
        person_id: Optional[str] = None,
    ) -> int:
        """:meth:`libscr.Review.assign`, stored (the person id in the event,
        and so in the audit chain). Returns the new sequence."""
        return self._core.assign(_ref(reference), _name(person, "person"), _name(role, "role"),
                                 _name(agency, "agency"), _instant(at), _actor(by, "by"),
                                 _texts(declarations, "declarations"), _person_id(person_id))

    def schedule(
        self,
        reference: str,
        milestone: str,
        on: _dt.date,
        at: _dt.datetime,
        by: ActorLike,
        time: Union[str, _dt.time, None] = None,
        agency: Optional[str] = None,
    ) -> int:
        """:meth:`libscr.Review.schedule`, stored. Returns the new sequence."""
        milestone = _name(milestone, "milestone")
        return self._core.schedule(
            _ref(reference), milestone, _date(on, "on"), _time(time, milestone), _instant(at), _actor(by, "by"),
            _agency(agency),
        )

    def extend(
        self,
        reference: str,
        milestone: str,
        new_due: _dt.date,
        reason: str,
        at: _dt.datetime,
        agreed_by: ActorLike,
        agency: Optional[str] = None,
    ) -> int:
        """:meth:`libscr.Review.extend`, stored. Returns the new sequence."""
        return self._core.extend(
            _ref(reference), _name(milestone, "milestone"), _date(new_due, "new_due"), _reason(reason), _instant(at),
            _actor(agreed_by, "agreed_by"), _agency(agency),
        )

    def hold(self, reference: str, reason: str, at: _dt.datetime, by: ActorLike) -> int:
        """:meth:`libscr.Review.hold`, stored. Returns the new sequence."""
        return self._core.hold(_ref(reference), _reason(reason), _instant(at), _actor(by, "by"))

    def release(self, reference: str, at: _dt.datetime, by: ActorLike, note: Optional[str] = None) -> int:
        """:meth:`libscr.Review.release`, stored. Returns the new sequence."""
        return self._core.release(_ref(reference), _instant(at), _actor(by, "by"), _optional_name(note, "note") or "")

    def discharge(
        self,
        reference: str,
        obligation: str,
        at: _dt.datetime,
        by: ActorLike,
        note: Optional[str] = None,
        agency: Optional[str] = None,
    ) -> int:
        """:meth:`libscr.Review.discharge`, stored. Returns the new sequence."""
        return self._core.discharge(_ref(reference), _name(obligation, "obligation"), _instant(at), _actor(by, "by"),
                                    _optional_name(note, "note") or "", _agency(agency))

    def append(self, reference: str, expected_sequence: int, events: Iterable[Event]) -> int:
        """Appends events (as :meth:`libscr.Review.history` gives them) if the
        review is still at ``expected_sequence``; otherwise raises
        ConcurrencyError and writes nothing. Every event is checked by the
        engine, and if one is refused none is written. Returns the new
        sequence."""
        return self._core.append(_ref(reference), _integer(expected_sequence, "expected_sequence"),
                                 _core_events(events))

    # ---- corrections -------------------------------------------------------

    def void(
        self,
        reference: str,
        sequences: Union[int, Iterable[int]],
        reason: str,
        at: _dt.datetime,
        by: ActorLike,
    ) -> int:
        """:meth:`libscr.Review.void`, stored: voids events by their sequence
        (one or a list). Voiding event 1 voids the whole review, which then
        leaves every list, report and projection (its events stay; see
        :meth:`voided_reviews`). Returns the new sequence."""
        return self._core.void_events(_ref(reference), _sequences(sequences), _reason(reason), _instant(at),
                                      _actor(by, "by"))

    def amend(
        self,
        reference: str,
        sequence: int,
        reason: str,
        by: ActorLike,
        at: Optional[_dt.datetime] = None,
        data: Optional[Mapping[str, FieldValue]] = None,
    ) -> int:
        """:meth:`libscr.Review.amend`, stored: event ``sequence`` with a
        corrected time (``at``) and/or data (None removes a field). Returns
        the new sequence."""
        occurred = None if at is None else _instant(at)
        return self._core.amend(_ref(reference), _sequence(sequence), occurred, _data(data), _reason(reason),
                                _actor(by, "by"))

    def waive(
        self,
        reference: str,
        item: str,
        reason: str,
        at: _dt.datetime,
        by: ActorLike,
        agency: Optional[str] = None,
        occurrence: int = 0,
    ) -> int:
        """:meth:`libscr.Review.waive`, stored: a milestone or an obligation's
        occurrence does not apply. Returns the new sequence."""
        return self._core.waive(_ref(reference), _name(item, "item"), _reason(reason), _instant(at), _actor(by, "by"),
                                _agency(agency), _occurrence(occurrence))

    def unassign(
        self,
        reference: str,
        person: str,
        role: str,
        reason: str,
        at: _dt.datetime,
        by: ActorLike,
        agency: Optional[str] = None,
        person_id: Optional[str] = None,
    ) -> int:
        """:meth:`libscr.Review.unassign`, stored. Returns the new sequence."""
        return self._core.unassign(_ref(reference), _name(person, "person"), _name(role, "role"), _reason(reason),
                                   _instant(at), _actor(by, "by"), _agency(agency), _person_id(person_id))

    def purge(self, reference: str, by: ActorLike, reason: str) -> Tombstone:
        """Deletes a closed review whose retention has ended on the store
        clock's date in Europe/London, leaving a tombstone. Refused with a
        RuleError (rule ``"retention"``) while the review is open or must
        still be kept; InputError if there is no such review or no reason.
        A void review (opened by mistake) may be purged at once, by a role
        that may correct its opening (the role that opened it, or the
        procedure's ``corrections`` roles); another role raises RoleError."""
        return Tombstone._from_core(self._core.purge(_ref(reference), _actor(by, "by"), _reason(reason)))

    # ---- agencies' chronologies ----------------------------------------------

    def set_chronology_setup(self, reference: str, setup: ChronologySetup, at: _dt.datetime, by: ActorLike) -> None:
        """Sets what the review's chronologies are checked against from now on
        (those already accepted stay accepted), in one transaction with a
        ledger entry. InputError if there is no such review, the period ends
        before it starts, or an acronym has no code or is listed twice;
        RoleError if ``by`` may not act (PostgreSQL)."""
        self._core.set_chronology_setup(_ref(reference), _setup(setup)._to_core(), _instant(at), _actor(by, "by"))

    def chronology_setup(self, reference: str) -> Optional[ChronologySetup]:
        """The review's setup: the one set, or else the format its procedure
        names (``Procedure.chronology``) with nothing else; None when neither.
        InputError if there is no such review."""
        s = self._core.chronology_setup_of(_ref(reference))
        return None if s is None else ChronologySetup._from_core(s)

    def import_chronology(
        self,
        reference: str,
        agency: str,
        chronology: Union[ChronologyTable, str, os.PathLike[str], bytes],
        at: _dt.datetime,
        by: ActorLike,
        returned_by: Optional[ActorLike] = None,
    ) -> ChronologyCheck:
        """Checks an agency's chronology (a :class:`~libscr.ChronologyTable`,
        a file's path or its bytes) against the review's setup, as
        :func:`libscr.check_chronology` does. ``by`` is who submitted it (the
        agency's author: the procedure's submission event is theirs).

        Accepted (no error; warnings allowed): kept as the agency's next
        version, and the procedure's submission event (North Yorkshire:
        ``chronology_submitted``) recorded on the agency's track (or the
        review, for a procedure without a track) in one transaction, so that
        the track's chronology milestone is met. Refused: nothing is written,
        unless ``returned_by`` (the administrator who sends it back) is
        given: then the return is kept (its report, not its entries) and,
        when the procedure names both, its submission and return events
        (``chronology_returned``) are recorded, so that the timetable shows
        the return. Either way the check is returned: its ``report()`` is
        what goes back to the agency.

        InputError if the review has no setup and its procedure names no
        format; the engine's errors (a track not yet commissioned, a role
        that may not submit or return, a state that does not allow it) leave
        nothing changed."""
        returned = None if returned_by is None else _actor(returned_by, "returned_by")
        checked, fmt = self._core.import_chronology(
            _ref(reference), _name(agency, "agency"), _table(chronology), _instant(at), _actor(by, "by"), returned)
        return ChronologyCheck._from_core(checked, ChronologyFormat(fmt))

    def chronology_submissions(self, reference: str) -> StoreTable[ChronologySubmission]:
        """Every chronology imported for the review, accepted or returned, in
        the order imported."""
        rows = self._core.chronology_submission_tuples(_ref(reference))
        return StoreTable(ChronologySubmission, (ChronologySubmission._from_tuple(t) for t in rows))

    def accepted_chronology(self, reference: str, agency: str) -> AgencyChronology:
        """The agency's latest accepted chronology (the agency compared
        ignoring case); InputError if it has none."""
        c, fmt = self._core.accepted_chronology(_ref(reference), _name(agency, "agency"))
        return AgencyChronology._from_core(c, ChronologyFormat(fmt))

    def merged_chronology(self, reference: str) -> MultiAgencyChronology:
        """The latest accepted chronology of every agency, merged in the
        review's format (none yet: an empty chronology). InputError if the
        review has no setup and its procedure names no format."""
        return MultiAgencyChronology._wrap(self._core.merged_chronology(_ref(reference)))

    # ---- one review --------------------------------------------------------

    def load(self, reference: str) -> Review:
        """The review, rebuilt from its events. Raises InputError naming the
        reference if there is none."""
        return Review(self._core.load(_ref(reference)))

    def contains(self, reference: str) -> bool:
        return self._core.contains(_ref(reference))

    def __contains__(self, reference: object) -> bool:
        return isinstance(reference, str) and self._core.contains(reference)

    def references(self) -> list[str]:
        """Every reference, in the order the reviews were opened."""
        return list(self._core.references())

    def sequence(self, reference: str) -> int:
        """The review's last sequence number (its number of events)."""
        return self._core.sequence(_ref(reference))

    def history(self, reference: str) -> StoreTable[StoredEvent]:
        """Who did what, when, and what they recorded, with when each event
        was written and its hashes."""
        return _store_table(StoredEvent, self._core.history(_ref(reference)))

    def verify(self, reference: str) -> VerifyResult:
        """Recomputes the review's hash chain (corrections included), checks
        its head against the store's ledger, and rebuilds its projections
        from its events, naming every difference."""
        return VerifyResult._from_core(self._core.verify(_ref(reference)))

    # ---- the store's audit ---------------------------------------------------

    def verify_all(self, expect_head: Union[LedgerHead, str, None] = None) -> StoreVerifyResult:
        """Verifies every review, the ledger's own chain and every tombstone,
        and that no review the ledger knows has gone. ``expect_head``: a head
        anchored earlier (a :class:`LedgerHead` or its text); the ledger must
        reach it with the same hash there."""
        if expect_head is None:
            expected = None
        elif isinstance(expect_head, LedgerHead):
            expected = _core.LedgerHead.parse(expect_head.text())
        elif isinstance(expect_head, str):
            expected = _core.LedgerHead.parse(expect_head)
        else:
            raise _wrong_type("expect_head", "a LedgerHead or its text 'POSITION:HASH'", expect_head)
        return StoreVerifyResult._from_core(self._core.verify_all(expected))

    def head(self) -> LedgerHead:
        """The ledger's head now."""
        return LedgerHead._from_core(self._core.head())

    def ledger(self, start: int = 1, limit: Optional[int] = None) -> StoreTable[LedgerEntry]:
        """The ledger's entries from ``start`` (1 is the first), at most
        ``limit``."""
        for name, value in (("start", start), ("limit", limit)):
            if value is None and name == "limit":
                continue
            if _integer(value, name) < 1:
                raise ValueError(f"{name} must be 1 or more, not {value}")
        return _store_table(LedgerEntry, self._core.ledger(start, 2**64 - 1 if limit is None else limit))

    def export_reviews(self, references: Optional[Iterable[str]] = None) -> str:
        """The reviews (every one, in the order opened, when ``references`` is
        None; void reviews too) as a ``libscr.reviews`` JSON document: every
        event as stored, with the time it was recorded, its hash and its data
        exactly, and the procedures they run under (docs/review-export.md).
        Write it to a file, or give it to :meth:`import_reviews` of another
        store."""
        takes = "a list of text (str) or None"
        refs: list[str] = []
        if references is not None:
            for r in _iterable(references, "references", takes):
                if not isinstance(r, str):
                    raise _wrong_item("references", takes, r)
                refs.append(r)
            if not refs:
                raise InputError("references is empty: give None to export every review")
        return self._core.export_reviews(refs)

    def import_reviews(
        self,
        document: Union[str, bytes, os.PathLike[str]],
        by: ActorLike,
        check_only: bool = False,
        reseal: bool = False,
    ) -> ReviewImport:
        """Imports every review of a review export, all or none, in one
        transaction: each review's hash chain is checked as exported (the
        first event that does not match is named), every event goes through
        the engine again, and the procedure it runs under is stored (or must
        be the one already stored under its id and version). ``document`` is
        the JSON text, or a path to the file. ``by`` must be a corrections role
        of each review's procedure. With ``check_only`` nothing is written.
        ``reseal``: let a keyed store take an unkeyed file, its chains checked
        as exported and sealed again with the store's key."""
        source = ""
        if isinstance(document, os.PathLike):
            source = os.fspath(document)
            document = _file_bytes(source, "review export")
        if isinstance(document, bytes):
            try:
                document = document.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(f"review export {source or '(bytes)'} is not UTF-8 text: {e}") from None
        if not isinstance(document, str):
            raise _wrong_type("document", "the JSON text (str or bytes) or an os.PathLike", document)
        return ReviewImport._from_core(
            self._core.import_reviews(
                document, _actor(by, "by"), _flag(check_only, "check_only"), _flag(reseal, "reseal"), source
            )
        )

    def load_steps(
        self,
        table: Union[str, bytes, os.PathLike[str]],
        check_only: bool = False,
        procedures: Optional[Iterable[Procedure]] = None,
    ) -> StepLoad:
        """Loads many reviews' steps from one table (docs/bulk-load.md): a
        CSV or XLSX file (a path, or its bytes), one row a step, with the
        columns reference, procedure, event, at, actor, role, actor agency,
        agency and the events' data fields. Each review is loaded all its
        rows or none, every row checked by the engine; rows a stored review
        has recorded already are skipped. A review's ``procedure`` cell names
        a built-in pack, or one of ``procedures``. With ``check_only``
        nothing is written."""
        source = "(bytes)"
        if isinstance(table, (str, os.PathLike)):
            source = _path(table, "table")
            table = _file_bytes(source, "table")
        if not isinstance(table, bytes):
            raise _wrong_type("table", "a path (str or os.PathLike) or the file's bytes", table)
        given: list[Any] = []
        if procedures is not None:
            for p in _iterable(procedures, "procedures", "a list of Procedure"):
                if not isinstance(p, Procedure):
                    raise _wrong_item("procedures", "a list of Procedure", p)
                given.append(p._core)
        return StepLoad._from_core(
            self._core.load_steps(table, source, _flag(check_only, "check_only"), given)
        )

    # ---- migrating open reviews to another procedure version --------------

    def migrate(
        self,
        references: Union[str, Iterable[str]],
        to: Procedure,
        by: ActorLike,
        reason: str,
        states: Optional[Mapping[str, str]] = None,
        apply: bool = False,
        as_of: Optional[_dt.date] = None,
    ) -> list[Migration]:
        """Moves open reviews (one reference or a list) to the procedure
        version ``to``: each review's history is read again under it, and
        every deadline that moves, every state and every event it does not
        accept is reported (a dry run unless ``apply``). ``states`` maps a
        state of the old version the new one lacks to the state the board
        expects in its place; the history must agree. With ``apply`` every
        review is moved in one transaction, or none: RuleError (rule
        "migration") naming every problem. ``by``'s role must be a
        corrections role of both versions. ``as_of``: the timetables compared
        are as of the end of that day (the store clock's date by default)."""
        refs = [_ref(references)] if isinstance(references, str) else [
            _name(r, "references") for r in _iterable(references, "references", "a reference or a list of references")
        ]
        if not isinstance(to, Procedure):
            raise _wrong_type("to", "a libscr.Procedure", to)
        mapping: dict[str, str] = {}
        if states is not None:
            if not isinstance(states, Mapping):
                raise _wrong_type("states", "a mapping of state to state", states)
            for old, new in states.items():
                mapping[_name(old, "states")] = _name(new, "states")
        rows = self._core.migrate(refs, to._core, _actor(by, "by"), _reason(reason), mapping,
                                  _flag(apply, "apply"), _optional_date(as_of, "as_of"))
        return [Migration._from_core(r) for r in rows]

    # ---- calendar versions ---------------------------------------------------

    def calendar(self, name: str = "england-and-wales") -> Calendar:
        """The calendar the store's reviews run under by that name: the last
        version loaded (:meth:`update_calendar`), else the one libscr knows
        or the one added."""
        return Calendar(self._core.calendar_named(_name(name, "name")))

    def update_calendar(
        self,
        updated: Calendar,
        by: ActorLike,
        reason: str,
        apply: bool = False,
        as_of: Optional[_dt.date] = None,
        expected_version: Optional[str] = None,
    ) -> CalendarUpdate:
        """Loads a new version of a calendar the store knows (for England and
        Wales, ``store.calendar().updated_with(Calendar.from_govuk_json(text),
        "2024-06-08")``): every review under it is read again, and every due
        date that moves is reported (a dry run unless ``apply``). Applied, in
        one transaction: the version is kept in the store, every review's
        projections follow it, and the ledger records it for the calendar
        and for each review. ``by``'s role must be a corrections role of
        each review's procedure (RoleError); RuleError (rule "calendar") if a
        review does not replay under it, nothing written. ``expected_version``
        (the version of :meth:`calendar` that ``updated`` was made from):
        refused (InputError) if another version was loaded since, rather
        than undo it."""
        if not isinstance(updated, Calendar):
            raise _wrong_type("updated", "a libscr.Calendar", updated)
        return CalendarUpdate._from_core(self._core.update_calendar(
            updated._c, _actor(by, "by"), _reason(reason), _flag(apply, "apply"), _optional_date(as_of, "as_of"),
            _optional_name(expected_version, "expected_version")))

    def calendar_versions(self) -> list[CalendarVersion]:
        """Every calendar version the store has loaded, in the order loaded."""
        return [CalendarVersion(n, v, c, at, _from_actor(by), r) for n, v, c, at, by, r in self._core.calendar_versions()]

    def open_under(self, procedure_id: str, version: int) -> list[str]:
        """The open reviews (not void, not closed) under a procedure version,
        in the order opened: those ``migrate`` can move."""
        return list(self._core.open_under(_name(procedure_id, "procedure_id"), _integer(version, "version")))

    def stored_procedure(self, procedure_id: str, version: int) -> Procedure:
        """A procedure version the store holds; InputError naming the
        versions it has otherwise."""
        return Procedure(self._core.stored_procedure(_name(procedure_id, "procedure_id"), _integer(version, "version")))

    def repair_projections(self, by: ActorLike, reason: str) -> RepairResult:
        """Rebuilds every review's projections from its events where they
        differ, in one transaction, with a ledger entry ("repaired") naming
        who and why for each review changed. RoleError unless ``by``'s role
        is a corrections role of each changed review's procedure; StoreError
        while any review's events or head are damaged (a repair never hides
        damage)."""
        return RepairResult._from_core(self._core.repair_projections(_actor(by, "by"), _reason(reason)))

    def next(self, reference: str, as_of: Optional[_dt.date] = None) -> NextSteps:
        """What can happen next in the review as of ``as_of`` (today in
        Europe/London by default): :meth:`libscr.Review.next` of the review
        as loaded."""
        return self.load(reference).next(as_of)

    # ---- across reviews ----------------------------------------------------

    def overdue(self, as_of: Optional[_dt.date] = None) -> StoreTable[DueItem]:
        """Every open milestone and obligation due before ``as_of`` (today in
        Europe/London by default), by due date, as the records stood at the
        end of that day; each with its review's state, procedure and whether
        it is closed then."""
        day = _as_of(as_of)
        return self._due_items(self._core.overdue_rows(day), day)

    def due_between(
        self, start: _dt.date, end: _dt.date, as_of: Optional[_dt.date] = None
    ) -> StoreTable[DueItem]:
        """Every open milestone and obligation due from ``start`` to ``end``
        inclusive, by due date: as recorded so far, or with ``as_of`` as the
        records stood at the end of that day (an item met after it is still
        open then); each with its review's state, procedure and whether it is
        closed, as of the same day."""
        day = _optional_date(as_of)
        return self._due_items(
            self._core.due_between_rows(_date(start, "start"), _date(end, "end"), day), day
        )

    def _due_items(self, rows: list[tuple[Any, ...]], as_of: Optional[_dt.date]) -> StoreTable[DueItem]:
        """Due items from the compiled layer's rows: the item's nine fields
        and its review's state, procedure and closure as of ``as_of``, read
        in C++ for the reviews the items are of. A review that listing
        leaves out (not yet opened then) is read as it stood."""
        if not rows:
            return StoreTable(DueItem, ())
        unlisted: dict[str, tuple[str, str, bool]] = {}
        for k, t in enumerate(rows):
            if t[9] is None:
                review = unlisted.get(t[0])
                if review is None:
                    review = unlisted[t[0]] = self._review_as_of(t[0], as_of)
                rows[k] = (*t[:9], *review)
        return _table_of_tuples(DueItem, rows, StoreTable)

    def _review_as_of(self, reference: str, as_of: Optional[_dt.date]) -> tuple[str, str, bool]:
        r = self._core.load(reference)
        if as_of is None:
            return r.state, r.procedure.id, r.closed
        state = r.state_as_of(as_of)
        return state, r.procedure.id, state in {s.id for s in r.procedure.states if s.kind == "terminal"}

    def events(self, as_of: Optional[_dt.date] = None) -> StoreTable[EventRow]:
        """Every event of every review as one table (an :class:`EventRow` a
        row), review by review in the order they were opened and each
        review's events in the order recorded, corrections included: as
        recorded so far, or with ``as_of`` only the events that occurred
        (``at``) by the end of that day in Europe/London. Void reviews are
        included, with ``voided`` set. ``to_pandas()`` gives one column per
        field (``by`` as ``by_name``, ``by_role`` and ``by_agency``).

        It reads each review's history in turn: for one review,
        :meth:`history` is quicker."""
        day = _optional_date(as_of)
        procedures = {s.reference: (s.procedure_id, False) for s in self._core.reviews(None, None, None)}
        procedures.update((s.reference, (s.procedure_id, True)) for s in self._core.voided_reviews())
        rows = []
        for reference in self._core.references():
            known = procedures.get(reference)
            if known is None:
                known = (self._core.load(reference).procedure.id, False)
            procedure_id, voided = known
            for stored in self._core.history(reference):
                e = stored.event
                if day is not None and _core.london_date(e.at) > day:
                    continue
                rows.append((
                    reference, procedure_id, stored.sequence, e.kind, e.name, e.agency or None, e.subject, e.at,
                    stored.recorded_at, _from_actor(e.by), e.data, e.corrects, e.reason, stored.hash, voided,
                ))
        return _table_of_tuples(EventRow, rows, StoreTable)

    def reviews(
        self,
        state: Optional[str] = None,
        procedure: Union[Procedure, str, None] = None,
        as_of: Optional[_dt.date] = None,
    ) -> StoreTable[ReviewSummary]:
        """The reviews, in the order they were opened: all, or only those in
        ``state`` and under ``procedure`` (an id or a Procedure); as recorded
        so far, or with ``as_of`` the reviews opened by the end of that day in
        the state they were in then. Void reviews are left out
        (:meth:`voided_reviews`). A state no stored procedure has raises
        InputError with a suggestion."""
        return _store_table(
            ReviewSummary,
            self._core.reviews(_optional_name(state, "state"), _procedure_id(procedure), _optional_date(as_of)),
        )

    def voided_reviews(self) -> StoreTable[ReviewSummary]:
        """The void reviews (opened by mistake), in the order they were opened."""
        return _store_table(ReviewSummary, self._core.voided_reviews())

    def compliance(
        self,
        start: _dt.date,
        end: _dt.date,
        as_of: Optional[_dt.date] = None,
        by: str = "opened",
    ) -> StoreTable[HeadlineCompliance]:
        """The decision and completion of every review whose opening (``by=
        "opened"``, the default), decision (``"decided"``: the day its
        decision milestone was met) or completion (``"completed"``) falls
        from ``start`` to ``end`` inclusive (dates in Europe/London): as
        recorded so far, or with ``as_of`` as the records stood at the end of
        that day."""
        if _name(by, "by") not in COMPLIANCE_BASES:
            raise InputError(f"compliance by {by!r}: one of {', '.join(COMPLIANCE_BASES)}")
        return _store_table(
            HeadlineCompliance,
            self._core.compliance(_date(start, "start"), _date(end, "end"), _optional_date(as_of), by),
        )

    def retention_due(self, as_of: Optional[_dt.date] = None) -> StoreTable[RetentionItem]:
        """Closed reviews whose retention had ended by ``as_of`` (today in
        Europe/London by default): they may be purged. Oldest first."""
        return _store_table(RetentionItem, self._core.retention_due(_as_of(as_of)))

    def tombstones(self) -> StoreTable[Tombstone]:
        """Every purged review, in the order they were purged."""
        return _store_table(Tombstone, self._core.tombstones())

    def __repr__(self) -> str:
        return f"<Store {self.path!r}{' (closed)' if self.closed else ''}>"


def _ref(reference: Any) -> str:
    return _name(reference, "reference")


def _allowance(allowance: Any) -> Optional[_dt.timedelta]:
    if allowance is None:
        return None
    if not isinstance(allowance, _dt.timedelta):
        raise _wrong_type("future_allowance", "a datetime.timedelta", allowance)
    if allowance < _dt.timedelta(0):
        raise InputError(f"future_allowance must not be negative, not {allowance}")
    return allowance


def _clock(clock: Optional[Clock]) -> Optional[Clock]:
    if clock is not None and not callable(clock):
        raise _wrong_type("clock", "a function of no arguments returning an aware datetime", clock)
    return clock
