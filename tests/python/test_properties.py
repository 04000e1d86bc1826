"""Property tests (hypothesis) for the deadline rules.

Rule numbers are those of docs/deadline-rules.md. Working-day
properties are checked against an independent day-by-day count built from the
calendar's holiday list and Python's weekday(), so they test the arithmetic,
not only its self-consistency.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import libscr
from libscr import Calendar, add_months

EW = Calendar.england_and_wales()
HOLIDAYS = frozenset(h.date for y in range(1971, 2200) for h in EW.holidays(y))
ONE_DAY = dt.timedelta(days=1)
LONDON = ZoneInfo("Europe/London")

# Dates in 1971..2199 whose +-400 working days stay inside the calendar
# (400 working days are under 600 calendar days).
working_dates = st.dates(min_value=dt.date(1972, 9, 1), max_value=dt.date(2198, 4, 30))
counts = st.integers(min_value=-400, max_value=400)
supported_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))


def is_working(d: dt.date) -> bool:
    """Rule 1: Monday to Friday, minus the calendar's holidays."""
    return d.weekday() < 5 and d not in HOLIDAYS


def step_working_days(d: dt.date, n: int) -> dt.date:
    """Rule 1 / rule 5 by hand: walk day by day; the anchor is never counted."""
    step = ONE_DAY if n > 0 else -ONE_DAY
    left = abs(n)
    while left:
        d += step
        if is_working(d):
            left -= 1
    return d


@settings(max_examples=300)
@given(d=working_dates, n=counts)
@example(d=dt.date(2022, 6, 4), n=5)  # rule 1's own example
@example(d=dt.date(2022, 9, 16), n=1)  # across the State Funeral
def test_add_working_days_matches_a_day_by_day_count(d, n):
    assert EW.add_working_days(d, n) == step_working_days(d, n)


@given(d=working_dates, n=counts)
@example(d=dt.date(2022, 6, 4), n=5)
@example(d=dt.date(2022, 6, 10), n=-5)
def test_working_days_between_inverts_add_working_days(d, n):
    # calendar.hpp: working_days_between(d, add_working_days(d, n)) == n
    assert EW.working_days_between(d, EW.add_working_days(d, n)) == n


@given(d=working_dates, n=counts.filter(lambda n: n != 0))
def test_result_is_a_working_day(d, n):
    result = EW.add_working_days(d, n)
    assert EW.is_working_day(result)
    assert is_working(result)


@given(d=working_dates, n=counts)
def test_result_direction(d, n):
    result = EW.add_working_days(d, n)
    if n > 0:
        assert result > d
    elif n < 0:
        assert result < d
    else:
        assert result == d


@given(d=working_dates, n=counts)
def test_round_trip_from_a_working_day(d, n):
    assume(is_working(d))
    assert EW.add_working_days(EW.add_working_days(d, n), -n) == d


@given(d=working_dates, n=st.integers(min_value=0, max_value=400))
def test_due_and_before_in_working_days(d, n):
    # rule 1 (due) and rule 5 (before)
    assert EW.due(d, libscr.Timescale(n, libscr.TimeUnit.WORKING_DAYS)) == EW.add_working_days(d, n)
    assert EW.before(d, libscr.Timescale(n, libscr.TimeUnit.WORKING_DAYS)) == EW.add_working_days(d, -n)


@given(a=working_dates, span=st.integers(min_value=-60, max_value=60))
def test_working_days_between_counts_by_hand(a, span):
    # calendar.hpp: b >= a: working days in (a, b]; b < a: minus those in [b, a).
    b = a + dt.timedelta(days=span)
    if b >= a:
        expected = sum(is_working(a + dt.timedelta(days=i)) for i in range(1, span + 1))
    else:
        expected = -sum(is_working(b + dt.timedelta(days=i)) for i in range(0, -span))
    assert EW.working_days_between(a, b) == expected


@given(d=working_dates, n=st.integers(min_value=0, max_value=2000))
def test_calendar_days_and_weeks(d, n):
    # rule 2: "within N days" = X + N; "within N weeks" = X + 7N
    assume(d + dt.timedelta(days=7 * n) <= dt.date(2199, 12, 31))
    assert EW.due(d, libscr.Timescale(n, libscr.TimeUnit.DAYS)) == d + dt.timedelta(days=n)
    assert EW.due(d, libscr.Timescale(n, libscr.TimeUnit.WEEKS)) == d + dt.timedelta(weeks=n)


def _month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


@settings(max_examples=400)
@given(d=supported_dates, n=st.integers(min_value=-2400, max_value=2400))
@example(d=dt.date(1978, 9, 30), n=4)  # Dodds v Walker
@example(d=dt.date(2024, 2, 29), n=12)
def test_add_months_corresponding_date_rule(d, n):
    # Rule 3 (Dodds v Walker): the same day number n months later, or the last
    # day of that month when it is shorter.
    target = _month_index(d) + n
    year, month0 = divmod(target, 12)
    assume(1900 <= year <= 2199)
    result = add_months(d, n)
    assert _month_index(result) == target
    assert result.day == min(d.day, pycal.monthrange(year, month0 + 1)[1])


@given(d=working_dates, n=st.integers(min_value=0, max_value=24))
def test_due_in_months_and_years_is_add_months(d, n):
    assume(d.year + n <= 2199)
    assert EW.due(d, libscr.Timescale(n, libscr.TimeUnit.MONTHS)) == add_months(d, n)
    assert EW.before(d, libscr.Timescale(n, libscr.TimeUnit.MONTHS)) == add_months(d, -n)
    assert EW.due(d, libscr.Timescale(n, libscr.TimeUnit.YEARS)) == add_months(d, 12 * n)


def test_add_months_does_not_compose():
    # Rule 3: count from the anchor, never chain. add_months(d, a + b) is not
    # add_months(add_months(d, a), b) in general; 31 Jan +1 +1 = 28 Mar but
    # 31 Jan + 2 = 31 Mar.
    d = dt.date(2023, 1, 31)
    assert add_months(add_months(d, 1), 1) == dt.date(2023, 3, 28)
    assert add_months(d, 2) == dt.date(2023, 3, 31)


@given(d=supported_dates, a=st.integers(-36, 36), b=st.integers(-36, 36))
def test_add_months_composes_when_no_day_is_clipped(d, a, b):
    # ... but when the day number fits every month on the way, chaining agrees.
    assume(d.day <= 28)
    assume(1907 <= d.year <= 2192)  # a, a + b within 6 years of d
    assert add_months(add_months(d, a), b) == add_months(d, a + b)


instants = st.datetimes(
    min_value=dt.datetime(1996, 1, 2), max_value=dt.datetime(2199, 11, 28),
    timezones=st.just(dt.timezone.utc),
)


@given(t=instants, hours=st.integers(min_value=0, max_value=500))
@example(t=dt.datetime(2024, 3, 30, 22, 0, tzinfo=dt.timezone.utc), hours=72)
def test_hours_are_elapsed_time(t, hours):
    # Rule 4: elapsed time from an instant, in UTC.
    got = EW.due(t, libscr.Timescale(hours, libscr.TimeUnit.HOURS))
    assert got.utcoffset() == dt.timedelta(0)
    assert got == t + dt.timedelta(hours=hours)


@given(t=instants)
@example(t=dt.datetime(2024, 6, 30, 23, 30, tzinfo=dt.timezone.utc))
@example(t=dt.datetime(2024, 10, 27, 0, 59, tzinfo=dt.timezone.utc))
@example(t=dt.datetime(2024, 10, 27, 1, 0, tzinfo=dt.timezone.utc))
@example(t=dt.datetime(2024, 3, 31, 0, 59, tzinfo=dt.timezone.utc))
def test_day_timescales_use_the_europe_london_date(t):
    # Rule 4: local dates are taken in Europe/London (checked against zoneinfo).
    london = t.astimezone(LONDON).date()
    assert EW.due(t, "0 days") == london
    assert EW.due(t, "1 day") == london + ONE_DAY
    assert EW.due(t, "1 month") == add_months(london, 1)
