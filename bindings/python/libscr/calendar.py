"""Working days, bank holidays and statutory deadlines.

A thin Pythonic layer over the compiled calendar: ``datetime.date`` and
``datetime.datetime`` in and out, weekdays numbered as Python numbers them
(Monday = 0), timescales given as :class:`Timescale` or as text, and a
vectorised :meth:`Calendar.add_working_days` for lists and NumPy arrays.

Every date argument of the package (``as_of``, ``start``, ``end``, ...) is
read here, by :func:`_date`: a ``datetime.date``, ISO text (``'2024-03-01'``),
a ``numpy.datetime64`` or a ``pandas.Timestamp``, so values taken from a
DataFrame can be passed back as they are.

A wrong type for an argument raises TypeError naming it and the type it takes.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any, Callable, Optional, Union, overload

import numpy as np

from . import _core
from ._args import (
    _aware, _guard_public, _guarded, _instant, _integer, _iterable, _name, _wrapping, _wrong_item, _wrong_type,
)
from ._core import Holiday, Timescale, TimeUnit

__all__ = ["Calendar", "WEEKDAY_NAMES", "add_months", "parse_date"]

#: Weekday names by Python's numbering (``date.weekday()``: Monday = 0).
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

TimescaleLike = Union[Timescale, str]
HolidaysLike = Union[
    Mapping[_dt.date, str], Iterable[Union[Holiday, tuple[_dt.date, str], _dt.date]]
]


def _timescale(t: TimescaleLike) -> Timescale:
    if isinstance(t, Timescale):
        return t
    if isinstance(t, str):
        return Timescale.parse(t)
    raise _wrong_type("timescale", "a Timescale or text such as '5 working days'", t)


#: The forms a date argument takes, for messages.
_DATE_FORMS = ("a datetime.date, ISO date text such as '2024-03-01', a numpy.datetime64 or a "
               "pandas.Timestamp")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: NumPy's datetime units of a day or finer: a value in one of them has a date.
_DAY_OR_FINER = frozenset({"D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"})

_EPOCH = _dt.date(1970, 1, 1)


def _date(d: Any, what: str = "date") -> _dt.date:
    """The date ``d`` gives, for an argument named ``what``:

    - a ``datetime.date``, itself;
    - text in ISO form, ``'2024-03-01'``;
    - a ``numpy.datetime64`` of days or a finer unit, its date (NumPy's
      datetimes have no time zone, so none is applied);
    - a ``pandas.Timestamp``: a naive one is read as a Europe/London wall
      clock, so its own date; an aware one is converted to Europe/London first;
    - a ``datetime.datetime`` with a time zone, its Europe/London date (a naive
      one is a TypeError: its zone would be a guess).

    Other types raise TypeError; text that is not an ISO date, NaT or a
    datetime64 coarser than a day raise InputError (a ValueError).
    """
    if type(d) is _dt.date:
        return d  # the common case first: dates are checked in loops
    if isinstance(d, _dt.datetime):
        if _is_timestamp(d):
            return _timestamp_date(d, what)
        return _core.london_date(
            _aware(d, what, "pass a date, or a datetime with tzinfo (its Europe/London date is used)")
        )
    if isinstance(d, _dt.date):
        return d
    if isinstance(d, str):
        return _iso_date(d, what)
    if isinstance(d, np.datetime64):
        return _datetime64_date(d, what)
    raise TypeError(f"{what} must be a datetime.date, not {type(d).__name__}: {d!r} (ISO date text such as "
                    "'2024-03-01', a numpy.datetime64 or a pandas.Timestamp will do too)")


def _optional_date(d: Any, what: str = "as_of") -> Optional[_dt.date]:
    return None if d is None else _date(d, what)


def _is_timestamp(d: Any) -> bool:
    """Whether ``d`` is a pandas.Timestamp or pandas.NaT. pandas is not
    imported to find out: if it has not been imported, ``d`` is neither."""
    pd = sys.modules.get("pandas")
    if pd is None:
        return False
    stamp, nat = getattr(pd, "Timestamp", None), getattr(pd, "NaT", None)
    return (stamp is not None and isinstance(d, stamp)) or (nat is not None and d is nat)


def _is_naive_timestamp(d: Any) -> bool:
    """Whether ``d`` is a pandas.Timestamp (or NaT) without a time zone: a
    date, where an aware one may be an instant."""
    return _is_timestamp(d) and d.tzinfo is None


def _timestamp_date(t: Any, what: str) -> _dt.date:
    """A pandas.Timestamp's date: a naive one is a London wall clock; an aware
    one is converted to Europe/London."""
    if t != t:  # NaT, the only value unequal to itself
        raise _input_error(f"{what} is NaT (no date): give {_DATE_FORMS}")
    if t.tzinfo is None:
        return _dt.date(t.year, t.month, t.day)
    return _core.london_date(t.to_pydatetime(warn=False))


def _iso_date(text: str, what: str) -> _dt.date:
    if not _ISO_DATE.fullmatch(text):
        raise _input_error(f"{what} {text!r} is not a date: give {_DATE_FORMS}")
    try:
        return _dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError as error:
        raise _input_error(f"{what} {text!r} is not a date ({error}): give an ISO date such as '2024-03-01'") \
            from None


def _datetime64_date(d: np.datetime64, what: str) -> _dt.date:
    if np.isnat(d):
        raise _input_error(f"{what} is NaT (no date): give {_DATE_FORMS}")
    unit = np.datetime_data(d.dtype)[0]
    if unit not in _DAY_OR_FINER:
        units = {"Y": "years", "M": "months", "W": "weeks"}.get(unit, repr(unit))
        raise _input_error(
            f"{what} {d!r} is a numpy.datetime64 in {units}, which names no one day: give one in days or a finer "
            "unit, e.g. numpy.datetime64('2024-03-01')"
        )
    days = int(d.astype("datetime64[D]").astype(np.int64))  # floors: 1969-12-31T23:00 is 1969-12-31
    try:
        return _EPOCH + _dt.timedelta(days=days)
    except OverflowError:
        raise _input_error(f"{what} {d!r} is outside the years 1 to 9999 a datetime.date holds") from None


def _weekday_bits(weekend: Iterable[Union[int, str]]) -> int:
    bits = 0
    days = "weekday numbers (0 = Monday to 6) or names"
    for day in _iterable(weekend, "weekend", f"a list of {days}"):
        if not isinstance(day, (int, str)):
            raise _wrong_item("weekend", f"a list of {days}", day)
        if isinstance(day, str):
            names = [n.lower() for n in WEEKDAY_NAMES]
            key = day.strip().lower()
            matches = [i for i, n in enumerate(names) if n == key or n[:3] == key]
            if not matches:
                raise _input_error(f"unknown weekday {day!r}: expected one of {', '.join(WEEKDAY_NAMES)}")
            py_day = matches[0]
        elif isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 6:
            py_day = day
        else:
            raise _input_error(f"unknown weekday {day!r}: expected 0 (Monday) to 6 (Sunday) or a name")
        bits |= 1 << ((py_day + 1) % 7)  # Python Monday = 0 -> C Sunday = 0
    return bits


def _input_error(message: str) -> Exception:
    from .errors import InputError

    return InputError(message)


def _holidays(holidays: HolidaysLike) -> list[Holiday]:
    if isinstance(holidays, Mapping):
        items: Iterable[Any] = holidays.items()
    else:
        items = _iterable(holidays, "holidays", "a mapping of date to name, or a list of dates, (date, name) "
                                                "pairs or Holidays")
    out = []
    for h in items:
        if isinstance(h, Holiday):
            out.append(h)
        elif isinstance(h, tuple) and len(h) == 2:
            out.append(Holiday(_date(h[0], "holiday"), str(h[1])))
        elif isinstance(h, _dt.date) and not isinstance(h, _dt.datetime):
            out.append(Holiday(h, "Holiday"))
        else:
            raise _wrong_type("holidays: a holiday", "a date, a (date, name) pair or a Holiday", h)
    return out


# The day arithmetic is called in loops (one call per date), so it checks its
# own arguments and is left out of the backstop; the scalar add_working_days
# is timed in docs/performance.md.
@_guard_public("is_provisional", "holiday_name", "is_working_day", "next_working_day", "previous_working_day",
               "add_working_days", "working_days_between", "due", "before")
class Calendar:
    """Which days are working days, and the deadline arithmetic on them.

    Build one with :meth:`england_and_wales`, :meth:`from_govuk_json` or
    :meth:`custom`. Calendars are immutable; copies share their tables.
    """

    __slots__ = ("_c",)

    def __init__(self, core: _core.Calendar) -> None:
        _wrapping(core, _core.Calendar,
                  "use Calendar.england_and_wales(), Calendar.from_govuk_json() or Calendar.custom()")
        self._c = core

    # -- construction ---------------------------------------------------------

    @classmethod
    def england_and_wales(cls) -> "Calendar":
        """England and Wales bank holidays, 1971-2199, confirmed through 2027."""
        return cls(_core.Calendar.england_and_wales())

    @classmethod
    def from_govuk_json(cls, text: Union[str, bytes], division: str = "england-and-wales") -> "Calendar":
        """Read gov.uk's ``bank-holidays.json`` (text or UTF-8 bytes) for one division."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        source = _name(text, "text", "the JSON as text (str) or bytes")
        return cls(_core.Calendar.from_govuk_json(source, _name(division, "division")))

    @classmethod
    def custom(
        cls,
        weekend: Iterable[Union[int, str]],
        holidays: HolidaysLike,
        name: str,
        version: str,
        *,
        first: Optional[_dt.date] = None,
        last: Optional[_dt.date] = None,
        confirmed_through: Optional[_dt.date] = None,
    ) -> "Calendar":
        """Any weekend (weekday numbers, Monday = 0, or names) and holiday list."""
        return cls(
            _core.Calendar.custom(
                _weekday_bits(weekend), _holidays(holidays), _name(name, "name"), _name(version, "version"),
                _optional_date(first, "first"), _optional_date(last, "last"),
                _optional_date(confirmed_through, "confirmed_through"),
            )
        )

    # -- description ----------------------------------------------------------

    @property
    def name(self) -> str:
        return self._c.name

    @property
    def version(self) -> str:
        return self._c.version

    @property
    def weekend(self) -> frozenset[int]:
        """Weekend days by Python's numbering (Monday = 0)."""
        bits = self._c.weekend_bits
        return frozenset((c - 1) % 7 for c in range(7) if bits & (1 << c))

    @property
    def first(self) -> _dt.date:
        """The first date whose holidays this calendar knows."""
        return self._c.first

    @property
    def last(self) -> _dt.date:
        """The last date whose holidays this calendar knows."""
        return self._c.last

    @property
    def confirmed_through(self) -> _dt.date:
        """Holidays after this date are projected and may change."""
        return self._c.confirmed_through

    def updated_with(self, announced: "Calendar", version: str) -> "Calendar":
        """This calendar updated with ``announced`` (gov.uk's file for a
        division, say): from its first day to its last, its holidays replace
        this one's; outside them this one's stay. Confirmed through the later
        of the two; the same name, version ``version``. For
        :meth:`libscr.Store.update_calendar`."""
        if not isinstance(announced, Calendar):
            raise _wrong_type("announced", "a libscr.Calendar", announced)
        return Calendar(self._c.updated_with(announced._c, _name(version, "version")))

    def is_provisional(self, d: _dt.date) -> bool:
        """True if ``d`` is after :attr:`confirmed_through`."""
        return self._c.is_provisional(_date(d))

    def holidays(self, year: int) -> list[Holiday]:
        return self._c.holidays(_integer(year, "year"))

    def holiday_name(self, d: _dt.date) -> Optional[str]:
        return self._c.holiday_name(_date(d))

    def __repr__(self) -> str:
        return f"<Calendar {self.name!r} version {self.version!r} {self.first}..{self.last}>"

    # -- working days ---------------------------------------------------------

    def is_working_day(self, d: _dt.date) -> bool:
        return self._c.is_working_day(_date(d))

    def next_working_day(self, d: _dt.date) -> _dt.date:
        """The first working day strictly after ``d``."""
        return self._c.next_working_day(_date(d))

    def previous_working_day(self, d: _dt.date) -> _dt.date:
        """The last working day strictly before ``d``."""
        return self._c.previous_working_day(_date(d))

    @overload
    def add_working_days(self, d: _dt.date, n: int) -> _dt.date: ...
    @overload
    def add_working_days(self, d: list[_dt.date], n: int) -> list[_dt.date]: ...
    @overload
    def add_working_days(self, d: np.ndarray, n: Union[int, np.ndarray]) -> np.ndarray: ...

    def add_working_days(self, d: Any, n: Any) -> Any:
        """The ``n``-th working day after ``d`` (before it for ``n < 0``).

        ``d`` itself is never counted. ``d`` may be a date, a list of dates
        (gives a list) or a NumPy ``datetime64[D]`` array (gives an array;
        ``n`` may then be an integer array of the same shape; NaT stays NaT).
        """
        if type(d) is _dt.date and type(n) is int and -(2**31) < n < 2**31:
            return self._c.add_working_days(d, n)  # the common scalar case, unchecked twice
        if isinstance(d, np.ndarray):
            if d.dtype != np.dtype("datetime64[D]"):
                raise TypeError(
                    f"add_working_days needs a datetime64[D] array, not {d.dtype}; "
                    "convert with .astype('datetime64[D]')"
                )
            steps = np.asarray(n)
            if steps.dtype.kind not in "iu":
                raise TypeError(f"working-day counts must be integers, not {steps.dtype}")
            if steps.ndim != 0 and steps.shape != d.shape:
                raise ValueError(
                    f"working-day counts have shape {steps.shape}; expected one number or shape {d.shape}"
                )
            out = self._c.add_working_days_serial(
                np.ascontiguousarray(d).view(np.int64).reshape(-1),
                steps.astype(np.int64, copy=False).reshape(-1),
            )
            return out.view("datetime64[D]").reshape(d.shape)
        if isinstance(d, (list, tuple)):
            return self._c.add_working_days_list([_date(x) for x in d], _count(n, "working-day count"))
        return self._c.add_working_days(_date(d), _count(n, "working-day count"))

    def working_days_between(self, a: _dt.date, b: _dt.date) -> int:
        """Working days from ``a`` to ``b``: ``a`` never counted, ``b`` counted.

        Negative when ``b`` is before ``a``, so that
        ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        return self._c.working_days_between(_date(a, "start date"), _date(b, "end date"))

    # -- deadlines ------------------------------------------------------------

    @overload
    def due(self, anchor: _dt.datetime, timescale: TimescaleLike) -> Union[_dt.datetime, _dt.date]: ...
    @overload
    def due(self, anchor: _dt.date, timescale: TimescaleLike) -> _dt.date: ...

    @overload
    def due(self, anchor: np.ndarray, timescale: TimescaleLike) -> np.ndarray: ...

    def due(self, anchor: Any, timescale: TimescaleLike) -> Any:
        """The due date "within ``timescale`` of ``anchor``".

        A date anchor gives a date (any form of date the API takes: ISO
        text, a ``numpy.datetime64``, a naive ``pandas.Timestamp``). An aware
        datetime anchor gives an aware UTC datetime for hour timescales ("72
        hours"), otherwise the date computed from the anchor's Europe/London
        date. A NumPy ``datetime64[D]`` array gives an array of the same
        shape, each element as a date anchor would (NaT stays NaT), for every
        unit but hours.
        """
        t = _timescale(timescale)
        if isinstance(anchor, np.ndarray):
            return self._serials(anchor, t, True, "anchor")
        if isinstance(anchor, _dt.datetime) and not _is_naive_timestamp(anchor):
            day, at = self._c.due_instant(_instant(anchor, "anchor"), t)
            return at if at is not None else day
        return self._c.due(_date(anchor, "anchor"), t)

    def before(self, d: Any, timescale: TimescaleLike) -> Any:
        """The date ``timescale`` before ``d`` (``d`` not counted); a
        ``datetime64[D]`` array gives an array, as :meth:`due` does."""
        t = _timescale(timescale)
        if isinstance(d, np.ndarray):
            return self._serials(d, t, False, "d")
        if isinstance(d, _dt.datetime) and not _is_naive_timestamp(d):
            day, at = self._c.before_instant(_instant(d, "date"), t)
            return at if at is not None else day
        return self._c.before(_date(d), t)

    def _serials(self, days: np.ndarray, t: Timescale, forward: bool, name: str) -> np.ndarray:
        """due or before over a datetime64[D] array, in the compiled layer."""
        if days.dtype != np.dtype("datetime64[D]"):
            raise TypeError(
                f"{name} must be a datetime64[D] array, not {days.dtype}; convert with .astype('datetime64[D]')"
            )
        out = self._c.due_serial(np.ascontiguousarray(days).view(np.int64).reshape(-1), t, forward)
        return out.view("datetime64[D]").reshape(days.shape)


def _count(n: Any, what: str, counted: str = "") -> int:
    """A count of days or months the engine takes (32 bits)."""
    n = _integer(n, what)
    if not -(2**31) < n < 2**31:
        raise _input_error(f"{counted or what} {n} is out of range")
    return n


@_guarded
def add_months(date: _dt.date, months: int) -> _dt.date:
    """``date`` plus ``months`` calendar months by the corresponding-date rule.

    *Dodds v Walker* [1981]: the same day number in the later month, or that
    month's last day when it is shorter (31 Jan + 1 month = 28 Feb 2023).
    """
    return _core.add_months(_date(date, "date"), _count(months, "months", "month count"))


@_guarded
def parse_date(text: str) -> _dt.date:
    """The date ``text`` gives: ``2024-05-24``, or day first (``24/05/2024``,
    ``24.05.2024``, ``24-05-2024``, ``24/05/24``). InputError quoting the text
    otherwise; RangeError outside 1900-01-01 to 2199-12-31."""
    return _core.parse_date(_name(text, "text"))


# ---- the compiled Holiday and Timescale ------------------------------------------------
# libscr.Holiday and libscr.Timescale are the compiled classes themselves (the
# engine's rows hold them), so their constructors are checked in place: each
# check below replaces the compiled method and calls it.

_compiled_holiday = Holiday.__init__
_compiled_timescale = Timescale.__init__
_compiled_parse = Timescale.parse


def _holiday(self: Holiday, date: _dt.date, name: str) -> None:
    """A holiday: its date and name."""
    _compiled_holiday(self, _date(date, "date"), _name(name, "name"))


def _timescale_of(self: Timescale, amount: int, unit: TimeUnit) -> None:
    """An amount of a unit: ``Timescale(5, TimeUnit.WORKING_DAYS)``."""
    if not isinstance(unit, TimeUnit):
        raise _wrong_type("unit", "a TimeUnit, such as TimeUnit.WORKING_DAYS", unit)
    _compiled_timescale(self, _count(amount, "amount"), unit)


def _parse_timescale(text: str) -> Timescale:
    """Reads a timescale: ``"5 working days"``, ``"1 month"``, ``"72 hours"``."""
    return _compiled_parse(_name(text, "text"))


def _in_place(check: Callable[..., Any], qualname: str) -> Callable[..., Any]:
    """``check``, named as the compiled method it replaces, with the backstop."""
    check.__qualname__ = qualname
    check.__name__ = qualname.rsplit(".", 1)[1]
    return _guarded(check)


Holiday.__init__ = _in_place(_holiday, "Holiday.__init__")  # type: ignore[method-assign]
Timescale.__init__ = _in_place(_timescale_of, "Timescale.__init__")  # type: ignore[method-assign]
Timescale.parse = staticmethod(_in_place(_parse_timescale, "Timescale.parse"))  # type: ignore[method-assign,assignment]
