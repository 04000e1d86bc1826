"""Reports as data: the same reports the ``scr`` command prints, as rows an
analyst can filter, join and chart (pandas DataFrames with ``to_pandas()``).

>>> import datetime as dt
>>> from libscr import Actor, Store, reports
>>> UTC = dt.timezone.utc
>>> chair = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
>>> db = Store.in_memory()
>>> r = db.open_review("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=UTC), chair,
...                    {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC)})
>>> reports.timetable(r, dt.date(2024, 2, 16)).row("decision").status
'overdue'
>>> reports.monthly(db, "2024-02").reviews[0].reference
'Child Q'
>>> reports.compliance_totals(db, dt.date(2024, 1, 1), dt.date(2024, 12, 31))[0].open
1

- :func:`timetable` / :func:`export_timetable`: one review's milestones and
  obligations as of a date, as rows or as text, CSV, JSON, iCalendar or HTML
  (the forms are described in docs/reports.md);
- :func:`overdue`, :func:`due`, :func:`compliance`: across every review in a
  :class:`~libscr.Store`, from its indexed projections (as recorded so far, or
  as the records stood at the end of an ``as_of`` date);
- :func:`next_steps` / :func:`export_next`: what can happen next in a review,
  as rows or as the text or JSON ``scr review next`` prints;
- :func:`compliance_totals`: how many decisions and completions were on time;
- :func:`monthly`: the monthly progress report to the board chair (001:340);
- :func:`to_text`, :func:`to_csv`, :func:`to_json`: a list of due items or
  compliance rows in the form the command prints.

A wrong type for any argument raises TypeError naming it and the type it takes.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from ._args import _guarded, _integer, _iterable, _name, _pandas, _renamed, _wrong_type
from .calendar import _ISO_DATE, _optional_date
from .review import MILESTONE_STATUSES, OBLIGATION_STATUSES, NextSteps, Review, ReviewWarning, Table, _as_of, _date
from .store import DueItem, HeadlineCompliance, Store, StoreTable

if TYPE_CHECKING:  # pandas is optional: imported by to_pandas() when called
    import pandas

__all__ = [
    "ComplianceTotal",
    "MonthlyReport",
    "MonthlyReview",
    "TimetableEntry",
    "compliance",
    "compliance_totals",
    "dashboard",
    "due",
    "export_next",
    "export_timetable",
    "feed",
    "monthly",
    "next_steps",
    "overdue",
    "timetable",
    "to_csv",
    "to_json",
    "to_text",
]

_FORMATS = ("table", "text", "csv", "json", "ics", "html")


@dataclasses.dataclass(frozen=True)
class TimetableEntry:
    """One line of a review's timetable: a milestone (``kind ==
    "milestone"``) or one occurrence of an obligation (its id is ``item``;
    ``id`` is the deprecated old name), of the review or of an agency's
    track (``agency``, None for the review's own), with its status, rule in
    words, dates and sources; ``uid`` is the same in every export;
    ``confidence`` how firm the rule's source is (``statute``,
    ``statutory_guidance``, ``national_guidance``, ``local``, ``not_found``;
    None where the procedure does not say)."""

    kind: str
    item: str
    agency: Optional[str]
    occurrence: int
    title: str
    owner: str
    status: str
    rule: str
    due: Optional[_dt.date]
    due_at: Optional[_dt.datetime]
    original_due: Optional[_dt.date]
    extended_to: Optional[_dt.date]
    anchor_date: Optional[_dt.date]
    completed_at: Optional[_dt.datetime]
    statutory: bool
    projected: bool
    provisional: bool
    scheduled: bool
    breach: bool
    days_late: int
    cite: tuple[str, ...]
    uid: str
    confidence: Optional[str] = None

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "kind": ("milestone", "obligation"),
        "status": tuple(dict.fromkeys(MILESTONE_STATUSES + OBLIGATION_STATUSES)),
    }

    id = _renamed("item", "id")

    @classmethod
    def _from_core(cls, e: _core.TimetableEntry) -> TimetableEntry:
        return cls(
            e.kind, e.id, e.agency or None, e.occurrence, e.title, e.owner, e.status, e.rule, e.due, e.due_at,
            e.original_due, e.extended_to, e.anchor_date, e.completed_at, e.statutory, e.projected, e.provisional,
            e.scheduled, e.breach, e.days_late, tuple(e.cite), e.uid, e.confidence,
        )


@dataclasses.dataclass(frozen=True)
class MonthlyReview:
    """One open review in the monthly report: its stage, planned completion
    and the slippage against the original plan (days; positive when later),
    what is overdue, its open obligations (each by due date) and its
    warnings. The report is read from the store's projections: its entries
    carry kind, item, agency, occurrence, title, owner, status, due, days_late
    and uid; the rest of a line (rule, citations) is in the review's
    timetable."""

    reference: str
    procedure_id: str
    state: str
    stage: str
    on_hold: bool
    planned_completion: Optional[_dt.date]
    original_completion: Optional[_dt.date]
    completion_projected: bool
    slippage_days: int
    overdue: tuple[TimetableEntry, ...]
    open_obligations: tuple[TimetableEntry, ...]
    warnings: tuple[ReviewWarning, ...]

    _KEY: ClassVar[tuple[str, ...]] = ("reference",)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)

    @classmethod
    def _from_core(cls, r: _core.MonthlyReview) -> MonthlyReview:
        return cls(
            r.reference, r.procedure_id, r.state, r.stage, r.on_hold, r.planned_completion, r.original_completion,
            r.completion_projected, r.slippage_days,
            tuple(TimetableEntry._from_core(e) for e in r.overdue),
            tuple(TimetableEntry._from_core(e) for e in r.open_obligations),
            tuple(ReviewWarning._from_core(w) for w in r.warnings),
        )


@dataclasses.dataclass(frozen=True)
class MonthlyReport:
    """The monthly progress report as of the month's last day: every review
    open that day. ``text()`` and ``to_json()`` give what ``scr report
    monthly`` prints; ``to_pandas()`` one row per review."""

    year: int
    month: int
    as_of: _dt.date
    reviews: StoreTable[MonthlyReview]
    _core: Any = dataclasses.field(repr=False, compare=False)

    def text(self) -> str:
        return _core.monthly_text(self._core)

    def to_json(self) -> str:
        return _core.monthly_json(self._core)

    def to_pandas(self) -> pandas.DataFrame:
        """One row per review open at the month's end (needs pandas)."""
        _pandas("MonthlyReport.to_pandas()")
        return self.reviews.to_pandas()


@dataclasses.dataclass(frozen=True)
class ComplianceTotal:
    """How one headline milestone (``"decision"`` or ``"completion"``) went
    across the reviews opened in a period."""

    headline: str
    reviews: int
    completed: int
    on_time: int
    late: int
    open: int
    extended: int
    breaches: int

    @property
    def on_time_rate(self) -> Optional[float]:
        """On time as a share of those completed (None if none were)."""
        return self.on_time / self.completed if self.completed else None


@_guarded
def timetable(review: Review, as_of: Union[_dt.date, None] = None) -> Table[TimetableEntry]:
    """The review's milestones then obligation occurrences, as of a date
    (default today in Europe/London)."""
    rows = _core.timetable_entries(_review(review)._core, _as_of(as_of))
    return Table(TimetableEntry, (TimetableEntry._from_core(e) for e in rows))


@_guarded
def export_timetable(review: Review, as_of: Union[_dt.date, None] = None, format: str = "table") -> str:
    """The timetable as ``"table"`` (aligned text), ``"csv"`` (RFC 4180),
    ``"json"`` (schema ``libscr.timetable``), ``"ics"`` (RFC 5545) or
    ``"html"`` (one self-contained page with a Gantt chart)."""
    return _core.export_timetable(_review(review)._core, _as_of(as_of), _name(format, "format"))


@_guarded
def next_steps(review: Review, as_of: Union[_dt.date, None] = None) -> NextSteps:
    """What can happen next in the review as of a date (default today in
    Europe/London): :meth:`libscr.Review.next`."""
    return _review(review).next(as_of)


@_guarded
def export_next(review: Review, as_of: Union[_dt.date, None] = None, format: str = "text") -> str:
    """What can happen next as ``"text"`` (or ``"table"``: one line a step)
    or ``"json"`` (``{"version": 1, "reference", "as_of", "steps"}``)."""
    steps = next_steps(review, as_of)
    if _name(format, "format") in ("text", "table"):
        return steps.text()
    if format == "json":
        return steps.to_json()
    raise ValueError(f"format {format!r} is not one of: text, table, json")


@_guarded
def overdue(store: Store, as_of: Union[_dt.date, None] = None) -> StoreTable[DueItem]:
    """Every open milestone and obligation due before ``as_of``, across
    reviews, as the records stood at the end of ``as_of`` (default today)."""
    return _store(store).overdue(as_of)


@_guarded
def due(
    store: Store, start: _dt.date, end: _dt.date, as_of: Union[_dt.date, None] = None
) -> StoreTable[DueItem]:
    """Every open milestone and obligation due from ``start`` to ``end``: as
    recorded so far, or as the records stood at the end of ``as_of``."""
    return _store(store).due_between(start, end, as_of)


@_guarded
def compliance(
    store: Store,
    start: Union[_dt.date, None] = None,
    end: Union[_dt.date, None] = None,
    as_of: Union[_dt.date, None] = None,
    by: str = "opened",
) -> StoreTable[HeadlineCompliance]:
    """Decision and completion of every review opened (or, ``by="decided"``
    or ``"completed"``, decided or completed) from ``start`` (default: the
    first review's opening) to ``end`` (default today): as recorded so far,
    or as the records stood at the end of ``as_of``."""
    db = _store(store)
    end_day = _as_of(end, "end")
    if start is None:
        opened = [s.opened_at for s in db.reviews()]
        start_day = min((_core.london_date(t) for t in opened), default=end_day)
    else:
        start_day = _date(start, "start")
    return db.compliance(start_day, end_day, as_of, by)


@_guarded
def compliance_totals(
    store: Store,
    start: Union[_dt.date, None] = None,
    end: Union[_dt.date, None] = None,
    as_of: Union[_dt.date, None] = None,
    by: str = "opened",
) -> Table[ComplianceTotal]:
    """For the decision and the completion: how many reviews, completed, on
    time, late, still open, extended, and scheduled past a statutory date."""
    rows = compliance(store, start, end, as_of, by)
    out = []
    for headline in ("decision", "completion"):
        mine = [r for r in rows if r.headline == headline]
        done = [r for r in mine if r.completed_on is not None]
        on_time = sum(1 for r in done if r.on_time)
        out.append(ComplianceTotal(
            headline, len(mine), len(done), on_time, len(done) - on_time, len(mine) - len(done),
            sum(1 for r in mine if r.extended), sum(1 for r in mine if r.breach),
        ))
    return Table(ComplianceTotal, out)


@_guarded
def monthly(store: Store, month: Union[str, _dt.date, tuple[int, int], None] = None) -> MonthlyReport:
    """The monthly progress report for ``month``: ``"2024-03"``, a date in
    the month, ``(2024, 3)``, or this month (Europe/London) by default."""
    db = _store(store)
    year, number = _month(month)
    core = db._core.monthly_progress(year, number)
    reviews = StoreTable(MonthlyReview, (MonthlyReview._from_core(r) for r in core.reviews))
    return MonthlyReport(core.year, core.month, core.as_of, reviews, core)


@_guarded
def feed(
    store: Store,
    as_of: Union[_dt.date, None] = None,
    *,
    agency: Optional[str] = None,
    owner: Optional[str] = None,
    procedure: Optional[str] = None,
    review: Optional[str] = None,
    kind: Optional[str] = None,
    remind: int = 2,
) -> str:
    """One iCalendar feed (text) of every open deadline across the store's
    open reviews as of ``as_of`` (today in London by default), as ``scr
    feed`` writes it: the reviews' own stable UIDs, so a calendar that
    subscribes to it or imports it again updates each entry in place, and a
    reminder ``remind`` working days before each due date (0: none). The
    filters keep the items that match each one given."""
    texts = {}
    for name, value in (("agency", agency), ("owner", owner), ("procedure", procedure), ("review", review),
                        ("kind", kind)):
        texts[name] = "" if value is None else _name(value, name)
    return _store(store)._core.deadline_feed(_as_of(as_of), texts["agency"], texts["owner"], texts["procedure"],
                                             texts["review"], texts["kind"], _integer(remind, "remind"))


@_guarded
def dashboard(
    store: Store, as_of: Union[_dt.date, None] = None, *, title: Optional[str] = None, soon: int = 14
) -> str:
    """The board's dashboard as one self-contained HTML page (text), as ``scr
    report dashboard`` writes it: every open review with its stage, a
    red/amber/green rating against its deadlines, what is overdue, what is
    due within ``soon`` days, warnings, and each review's timetable."""
    return _store(store)._core.dashboard_html(
        _as_of(as_of), "" if title is None else _name(title, "title"), _integer(soon, "soon")
    )


@_guarded
def to_text(rows: Sequence[Any]) -> str:
    """Due items or compliance rows as the ``scr`` command prints them."""
    kind, core = _core_rows(rows)
    return _core.due_items_text(core, True) if kind is DueItem else _core.compliance_text(core)


@_guarded
def to_csv(rows: Sequence[Any]) -> str:
    """Due items or compliance rows as RFC 4180 CSV."""
    kind, core = _core_rows(rows)
    return _core.due_items_csv(core) if kind is DueItem else _core.compliance_csv(core)


@_guarded
def to_json(rows: Sequence[Any], query: str = "", start: Optional[_dt.date] = None,
            end: Optional[_dt.date] = None) -> str:
    """Due items (schema ``libscr.due_items``) or compliance rows (schema
    ``libscr.compliance``, for the period ``start`` to ``end``) as JSON."""
    kind, core = _core_rows(rows)
    query = _name(query, "query")
    start, end = _optional_date(start, "start"), _optional_date(end, "end")
    if kind is DueItem:
        return _core.due_items_json(core, query)
    if start is None or end is None:
        raise TypeError("compliance rows as JSON need the period: start and end")
    return _core.compliance_json(core, start, end)


def _store(store: Any) -> Store:
    if not isinstance(store, Store):
        raise _wrong_type("store", "a libscr.Store", store)
    return store


def _review(review: Any) -> Review:
    if not isinstance(review, Review):
        raise _wrong_type("review", "a libscr.Review", review)
    return review


_MONTH = "'YYYY-MM', a date in the month or a (year, month) pair"


def _month(month: Any) -> tuple[int, int]:
    """The year and month number of ``month`` (this month in Europe/London for None)."""
    if month is None:
        today = _as_of(None)
        year, number = today.year, today.month
    elif isinstance(month, str) and _ISO_DATE.fullmatch(month):  # a date in the month, 2024-03-01
        d = _date(month, "month")
        year, number = d.year, d.month
    elif isinstance(month, str):
        try:
            year_text, number_text = month.split("-")
            if len(year_text) != 4 or len(number_text) != 2:
                raise ValueError
            year, number = int(year_text), int(number_text)
        except ValueError:
            raise ValueError(f"month {month!r} is not YYYY-MM, e.g. '2024-03'") from None
    elif isinstance(month, tuple):
        if len(month) != 2:
            raise _wrong_type("month", _MONTH, month)
        year, number = (_integer(n, "month", f"{_MONTH} of integers") for n in month)
    elif isinstance(month, (_dt.date, np.datetime64)):
        d = _date(month, "month")
        year, number = d.year, d.month
    else:
        raise _wrong_type("month", _MONTH, month)
    if not 1 <= number <= 12:
        raise ValueError(f"month {number} is not 1 to 12")
    return year, number


def _core_rows(rows: Sequence[Any]) -> tuple[type, list[Any]]:
    """The rows' C++ counterparts, rebuilt from their fields."""
    takes = "DueItem or HeadlineCompliance rows"
    items = list(_iterable(rows, "rows", takes))
    kind = getattr(rows, "row_type", None) or (type(items[0]) if items else DueItem)
    if kind is DueItem:
        return kind, [_core.DueItem.make(
            reference=i.reference, kind=i.kind, id=i.item, agency=i.agency or "", title=i.title, owner=i.owner,
            occurrence=i.occurrence, due=i.due, days_overdue=i.days_late) for i in items]
    if kind is HeadlineCompliance:
        return kind, [_core.HeadlineCompliance.make(**dataclasses.asdict(h)) for h in items]
    raise TypeError(f"rows must be {takes}, not {kind.__name__} rows")
