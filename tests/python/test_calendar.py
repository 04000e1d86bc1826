"""Working days, calendar days, months, hours and the Calendar API.

Every expected value is worked out by hand from the deadline rules in
docs/deadline-rules.md (cited as "rule N"), from Dodds v Walker [1981] 1 WLR
1027 (HL) for months, and from the England and Wales bank holidays (Banking
and Financial Dealings Act 1971 and the royal proclamations). Days of the week were checked
with ``datetime.date.weekday()``, never with libscr.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

import libscr
from libscr import Calendar, Holiday, Timescale, TimeUnit, add_months

D = dt.date
UTC = dt.timezone.utc
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def test_weekdays_used_below_are_what_the_comments_say():
    # The hand calculations below rely on these days of the week.
    assert D(2022, 6, 4).weekday() == SAT
    assert D(2022, 6, 10).weekday() == FRI
    assert D(2022, 9, 16).weekday() == FRI
    assert D(2022, 9, 19).weekday() == MON
    assert D(2024, 6, 30).weekday() == SUN
    assert D(2024, 7, 1).weekday() == MON
    assert D(2027, 12, 25).weekday() == SAT
    assert D(2028, 1, 1).weekday() == SAT


# -- Rule 1: working days ------------------------------------------------------

# June 2022: Thu 2 (Spring bank holiday, moved) and Fri 3 (Platinum Jubilee) were
# bank holidays. September 2022: Mon 19 was the State Funeral of Queen
# Elizabeth II (announced 12 Sep 2022; rule 11). December 2022: Sun 25, so Boxing
# Day Mon 26 and Christmas (substitute) Tue 27; 1 Jan 2023 a Sunday, so Mon 2 Jan.
# May 2023: Mon 8 the Coronation of King Charles III.
FORWARD = [
    # rule 1's own example: Sat 4 Jun 2022 + 5 = Fri 10 Jun (6 June is day 1)
    (D(2022, 6, 4), 5, D(2022, 6, 10)),
    # anchor is a working day and is not counted (calendar.hpp example)
    (D(2022, 6, 1), 1, D(2022, 6, 6)),
    (D(2022, 6, 6), 1, D(2022, 6, 7)),
    (D(2022, 6, 6), 4, D(2022, 6, 10)),
    # weekend anchor: day 1 is the first working day after it
    (D(2022, 6, 5), 1, D(2022, 6, 6)),
    (D(2024, 1, 6), 1, D(2024, 1, 8)),
    # holiday anchors
    (D(2022, 6, 2), 1, D(2022, 6, 6)),
    (D(2022, 6, 3), 2, D(2022, 6, 7)),
    (D(2022, 9, 19), 1, D(2022, 9, 20)),
    # the State Funeral (19 Sep 2022) is skipped
    (D(2022, 9, 16), 1, D(2022, 9, 20)),
    (D(2022, 9, 17), 1, D(2022, 9, 20)),
    (D(2022, 9, 16), 5, D(2022, 9, 26)),
    # Christmas and New Year 2022/23
    (D(2022, 12, 23), 1, D(2022, 12, 28)),
    (D(2022, 12, 30), 1, D(2023, 1, 3)),
    # Coronation 2023
    (D(2023, 5, 5), 1, D(2023, 5, 9)),
    # calendar.hpp: ew.due(2024-01-15, "5 working days") = 2024-01-22
    (D(2024, 1, 15), 5, D(2024, 1, 22)),
    # "within 10 working days" (seed 003:74) from Fri 16 Sep 2022:
    # 20,21,22,23 | 26,27,28,29,30 | Mon 3 Oct is day 10
    (D(2022, 9, 16), 10, D(2022, 10, 3)),
]


@pytest.mark.parametrize(("anchor", "n", "expected"), FORWARD)
def test_add_working_days_forward(ew, anchor, n, expected):
    assert ew.add_working_days(anchor, n) == expected


@pytest.mark.parametrize(("anchor", "n", "expected"), FORWARD)
def test_due_in_working_days_matches_rule_1(ew, anchor, n, expected):
    unit = "working day" if n == 1 else "working days"
    assert ew.due(anchor, f"{n} {unit}") == expected
    assert ew.due(anchor, Timescale(n, TimeUnit.WORKING_DAYS)) == expected


BACKWARD = [
    # rule 5 / calendar.hpp: 2022-06-06 - 1 = 2022-06-01 (2, 3 June holidays)
    (D(2022, 6, 6), -1, D(2022, 6, 1)),
    # weekend anchor counting backwards: day 1 is the first working day before it
    (D(2022, 6, 4), -1, D(2022, 6, 1)),
    # Fri 10 Jun - 5: 9, 8, 7, 6, (5, 4 weekend; 3, 2 holidays), 1 June
    (D(2022, 6, 10), -5, D(2022, 6, 1)),
    (D(2022, 9, 20), -1, D(2022, 9, 16)),
    (D(2023, 1, 3), -1, D(2022, 12, 30)),
    (D(2022, 12, 28), -1, D(2022, 12, 23)),
]


@pytest.mark.parametrize(("anchor", "n", "expected"), BACKWARD)
def test_add_working_days_negative_counts_backwards(ew, anchor, n, expected):
    assert ew.add_working_days(anchor, n) == expected


@pytest.mark.parametrize(("anchor", "n", "expected"), BACKWARD)
def test_before_in_working_days_is_rule_5(ew, anchor, n, expected):
    # Rule 5: "N working days before Y" counts backwards the same way (Y not counted).
    unit = "working day" if -n == 1 else "working days"
    assert ew.before(anchor, f"{-n} {unit}") == expected


@pytest.mark.parametrize(
    "anchor",
    [D(2022, 6, 6), D(2022, 6, 4), D(2022, 6, 5), D(2022, 6, 2), D(2022, 9, 19)],
    ids=["working day", "Saturday", "Sunday", "holiday", "State Funeral"],
)
def test_zero_working_days_gives_the_anchor_itself(ew, anchor):
    # calendar.hpp: "n == 0 gives d", even when d is not a working day.
    assert ew.add_working_days(anchor, 0) == anchor
    assert ew.due(anchor, "0 working days") == anchor


def test_is_working_day(ew):
    assert ew.is_working_day(D(2022, 9, 16)) is True
    assert ew.is_working_day(D(2022, 9, 19)) is False  # State Funeral
    assert ew.is_working_day(D(2022, 9, 20)) is True
    assert ew.is_working_day(D(2022, 6, 4)) is False  # Saturday
    assert ew.is_working_day(D(2022, 6, 5)) is False  # Sunday
    assert ew.is_working_day(D(2022, 6, 2)) is False
    assert ew.is_working_day(D(2022, 6, 3)) is False


def test_next_and_previous_working_day_are_strict(ew):
    # "strictly after" / "strictly before" (calendar.hpp)
    assert ew.next_working_day(D(2022, 6, 6)) == D(2022, 6, 7)
    assert ew.next_working_day(D(2022, 6, 1)) == D(2022, 6, 6)
    assert ew.next_working_day(D(2022, 9, 16)) == D(2022, 9, 20)
    assert ew.previous_working_day(D(2022, 6, 7)) == D(2022, 6, 6)
    assert ew.previous_working_day(D(2022, 6, 6)) == D(2022, 6, 1)
    assert ew.previous_working_day(D(2022, 9, 20)) == D(2022, 9, 16)


# -- working_days_between ---------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # rule 1 example read the other way (calendar.hpp): 5
        (D(2022, 6, 4), D(2022, 6, 10), 5),
        # a (a working day) not counted, b counted
        (D(2022, 6, 6), D(2022, 6, 7), 1),
        (D(2022, 6, 1), D(2022, 6, 6), 1),
        (D(2022, 9, 16), D(2022, 9, 20), 1),
        (D(2022, 9, 16), D(2022, 9, 19), 0),  # b is the State Funeral
        (D(2022, 6, 10), D(2022, 6, 11), 0),  # b is a Saturday
        (D(2022, 6, 6), D(2022, 6, 6), 0),
        (D(2022, 9, 16), D(2022, 10, 3), 10),
        # b < a: minus the working days in [b, a) (calendar.hpp)
        (D(2022, 6, 6), D(2022, 6, 1), -1),
        (D(2022, 6, 10), D(2022, 6, 1), -5),
        (D(2022, 9, 20), D(2022, 9, 16), -1),
        # [Sat 4 Jun, Fri 10 Jun) holds 6, 7, 8, 9 June
        (D(2022, 6, 10), D(2022, 6, 4), -4),
    ],
)
def test_working_days_between(ew, a, b, expected):
    assert ew.working_days_between(a, b) == expected


def test_working_days_between_inverts_add_working_days_on_examples(ew):
    for anchor, n, _ in FORWARD + BACKWARD:
        assert ew.working_days_between(anchor, ew.add_working_days(anchor, n)) == n


# -- Rule 2: calendar days and weeks ------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "timescale", "expected"),
    [
        (D(2024, 1, 15), "28 days", D(2024, 2, 12)),
        (D(2024, 1, 15), "4 weeks", D(2024, 2, 12)),  # "4 weeks" (000:109)
        (D(2024, 2, 20), "14 days", D(2024, 3, 5)),  # "14 days" (004:464), leap year
        (D(2023, 2, 20), "14 days", D(2023, 3, 6)),
        # calendar days are not rolled off weekends or holidays (rules 2 and 6)
        (D(2024, 1, 15), "5 days", D(2024, 1, 20)),  # a Saturday
        (D(2022, 9, 16), "3 days", D(2022, 9, 19)),  # the State Funeral
        (D(2024, 12, 25), "1 week", D(2025, 1, 1)),
        (D(2024, 1, 15), "0 days", D(2024, 1, 15)),
    ],
)
def test_due_in_days_and_weeks(ew, anchor, timescale, expected):
    assert ew.due(anchor, timescale) == expected


def test_before_in_weeks(ew):
    # calendar.hpp: ew.before(2024-06-20, "2 weeks") = 2024-06-06
    assert ew.before(D(2024, 6, 20), "2 weeks") == D(2024, 6, 6)
    assert ew.before(D(2024, 3, 1), "1 day") == D(2024, 2, 29)


# -- Rule 3: months (Dodds v Walker) -------------------------------------------------

MONTHS = [
    # Dodds v Walker [1981] itself: 30 Sep 1978 + 4 months = 30 Jan 1979, not 31 Jan
    (D(1978, 9, 30), 4, D(1979, 1, 30)),
    # rule 3 worked examples
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2023, 4, 30), 1, D(2023, 5, 30)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2023, 1, 31), 2, D(2023, 3, 31)),  # count from the anchor, never chain
    # libscr docstring: 31 Jan 2024 + 1 month = 29 Feb 2024 (leap year)
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    # calendar.hpp: 2024-01-15 + 1 month = 2024-02-15
    (D(2024, 1, 15), 1, D(2024, 2, 15)),
    # month ends are NOT snapped to month ends (rule 3: Boost's `months` is wrong)
    (D(2023, 2, 28), 1, D(2023, 3, 28)),
    (D(2024, 2, 29), 1, D(2024, 3, 29)),
    (D(2023, 4, 30), 2, D(2023, 6, 30)),
    (D(2023, 6, 30), 1, D(2023, 7, 30)),
    # six months (001:216) into a leap February
    (D(2023, 8, 31), 6, D(2024, 2, 29)),
    (D(2022, 8, 31), 6, D(2023, 2, 28)),
    # across a year end
    (D(2024, 12, 31), 2, D(2025, 2, 28)),
    (D(2024, 11, 30), 3, D(2025, 2, 28)),
    (D(2024, 1, 15), 0, D(2024, 1, 15)),
    # negative counts (months before)
    (D(2023, 3, 31), -1, D(2023, 2, 28)),
    (D(2024, 3, 31), -1, D(2024, 2, 29)),
    (D(2024, 1, 31), -2, D(2023, 11, 30)),
]


@pytest.mark.parametrize(("anchor", "months", "expected"), MONTHS)
def test_add_months_dodds_v_walker(anchor, months, expected):
    assert add_months(anchor, months) == expected
    assert libscr.add_months(date=anchor, months=months) == expected


@pytest.mark.parametrize(("anchor", "months", "expected"), [m for m in MONTHS if m[1] > 0])
def test_due_in_months_dodds_v_walker(ew, anchor, months, expected):
    text = "1 month" if months == 1 else f"{months} months"
    assert ew.due(anchor, text) == expected


def test_month_deadlines_do_not_chain():
    # Rule 3: "Always count from the original anchor, never chain."
    chained = add_months(add_months(D(2023, 1, 31), 1), 1)
    assert chained == D(2023, 3, 28)
    assert add_months(D(2023, 1, 31), 2) == D(2023, 3, 31)


def test_month_due_dates_are_not_rolled_to_working_days(ew):
    # Rule 3 gives a calendar date; "within one month" (001:392) of Fri 16 Sep
    # 2022 ends on Sun 16 Oct 2022 and stays there (rule 6: met by anything on
    # or before that date).
    assert D(2022, 10, 16).weekday() == SUN
    assert ew.due(D(2022, 9, 16), "1 month") == D(2022, 10, 16)


@pytest.mark.parametrize(
    ("anchor", "timescale", "expected"),
    [
        # years are 12 months by the month rule (timescale.hpp); "7 years" (001:650)
        (D(2024, 2, 29), "1 year", D(2025, 2, 28)),
        (D(2024, 2, 29), "7 years", D(2031, 2, 28)),
        (D(2024, 2, 29), "4 years", D(2028, 2, 29)),
        (D(2023, 5, 9), "1 year", D(2024, 5, 9)),
    ],
)
def test_due_in_years(ew, anchor, timescale, expected):
    assert ew.due(anchor, timescale) == expected


def test_before_in_months(ew):
    # "t before d": the month rule counted backwards (calendar.hpp)
    assert ew.before(D(2023, 3, 31), "1 month") == D(2023, 2, 28)
    assert ew.before(D(2024, 8, 31), "6 months") == D(2024, 2, 29)


# -- Rule 4: hours and instants ------------------------------------------------------


def _assert_utc(value: dt.datetime) -> None:
    assert isinstance(value, dt.datetime)
    assert value.tzinfo is not None
    assert value.utcoffset() == dt.timedelta(0)


def test_due_72_hours_is_elapsed_time_in_utc(ew):
    # Rule 4 and calendar.hpp: <2024-03-30T22:00Z> + 72 hours = 2024-04-02T22:00Z.
    # BST starts 31 Mar 2024; elapsed time ignores it (a wall-clock reading
    # would give 21:00Z).
    got = ew.due(dt.datetime(2024, 3, 30, 22, 0, tzinfo=UTC), "72 hours")
    _assert_utc(got)
    assert (got.year, got.month, got.day, got.hour, got.minute) == (2024, 4, 2, 22, 0)


def test_due_hours_converts_a_non_utc_tzinfo(ew):
    # 23:30 at UTC+1 is 22:30Z; + 72 hours = 2024-07-03T22:30Z (rule 4: stored in UTC).
    anchor = dt.datetime(2024, 6, 30, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    got = ew.due(anchor, "72 hours")
    _assert_utc(got)
    assert got.replace(tzinfo=None) == dt.datetime(2024, 7, 3, 22, 30)
    assert got == anchor + dt.timedelta(hours=72)


def test_due_hours_with_a_europe_london_zoneinfo(ew):
    # 2024-03-30 22:00 London is GMT, so 22:00Z; + 72 hours = 2024-04-02T22:00Z.
    anchor = dt.datetime(2024, 3, 30, 22, 0, tzinfo=ZoneInfo("Europe/London"))
    got = ew.due(anchor, "72 hours")
    _assert_utc(got)
    assert got.replace(tzinfo=None) == dt.datetime(2024, 4, 2, 22, 0)


def test_due_hours_keeps_seconds_and_microseconds(ew):
    anchor = dt.datetime(2024, 5, 24, 16, 59, 58, 123456, tzinfo=UTC)
    got = ew.due(anchor, "1 hour")
    _assert_utc(got)
    assert got.replace(tzinfo=None) == dt.datetime(2024, 5, 24, 17, 59, 58, 123456)


def test_before_hours(ew):
    got = ew.before(dt.datetime(2024, 4, 2, 22, 0, tzinfo=UTC), "72 hours")
    _assert_utc(got)
    assert got.replace(tzinfo=None) == dt.datetime(2024, 3, 30, 22, 0)


def test_due_with_a_naive_datetime_is_a_type_error(ew):
    # Rule 4: instants are UTC; a naive datetime's zone would be guessed.
    with pytest.raises(TypeError, match="naive datetime"):
        ew.due(dt.datetime(2024, 5, 24, 17, 0), "72 hours")
    with pytest.raises(TypeError, match="naive datetime"):
        ew.due(dt.datetime(2024, 5, 24, 17, 0), "5 working days")


def test_due_hours_from_a_date_is_an_input_error(ew):
    # Hours need an instant anchor (calendar.hpp: "hours need an instant anchor").
    with pytest.raises(libscr.InputError, match=r"hours.*instant"):
        ew.due(D(2024, 1, 1), "72 hours")
    with pytest.raises(libscr.InputError, match="hours"):
        ew.before(D(2024, 1, 1), "72 hours")


@pytest.mark.parametrize(
    ("timescale", "expected"),
    [
        # 2024-06-30T23:30Z is 00:30 BST on Mon 1 July 2024 (date.hpp example);
        # the UTC date (Sun 30 June) would give 28 July, 30 July and 1 July.
        ("28 days", D(2024, 7, 29)),
        ("1 month", D(2024, 8, 1)),
        ("1 working day", D(2024, 7, 2)),
        ("0 days", D(2024, 7, 1)),
    ],
)
def test_datetime_anchor_with_a_day_timescale_uses_the_london_date(ew, timescale, expected):
    got = ew.due(dt.datetime(2024, 6, 30, 23, 30, tzinfo=UTC), timescale)
    assert type(got) is dt.date
    assert got == expected


def test_datetime_anchor_in_winter_uses_gmt(ew):
    # 2024-01-15T23:30Z is 23:30 GMT on 15 Jan: + 1 day = 16 Jan.
    assert ew.due(dt.datetime(2024, 1, 15, 23, 30, tzinfo=UTC), "1 day") == D(2024, 1, 16)


def test_aware_datetime_where_a_date_is_expected_gives_its_london_date(ew):
    # calendar.py: an aware datetime gives its Europe/London date.
    late_sunday_utc = dt.datetime(2024, 6, 30, 23, 30, tzinfo=UTC)  # Mon 1 Jul in London
    assert ew.is_working_day(late_sunday_utc) is True
    assert ew.is_working_day(dt.datetime(2024, 6, 30, 22, 30, tzinfo=UTC)) is False
    assert ew.add_working_days(late_sunday_utc, 1) == D(2024, 7, 2)


def test_instants_before_1996_are_refused(ew):
    # date.hpp: instants are supported from 1996-01-01 (Europe/London rules).
    with pytest.raises(libscr.RangeError, match="1996-01-01"):
        ew.due(dt.datetime(1990, 1, 1, tzinfo=UTC), "72 hours")


# -- Rule 11: the England and Wales calendar ---------------------------------------


def test_england_and_wales_description(ew):
    assert ew.name == "England and Wales"
    assert isinstance(ew.version, str) and ew.version
    assert ew.first == D(1971, 1, 1)  # Banking and Financial Dealings Act 1971
    assert ew.last == D(2199, 12, 31)
    assert ew.confirmed_through == D(2027, 12, 31)
    assert ew.weekend == frozenset({SAT, SUN})  # Python numbering: Monday = 0
    assert "England and Wales" in repr(ew)


def test_is_provisional_after_confirmed_through(ew):
    assert ew.is_provisional(D(2027, 12, 31)) is False
    assert ew.is_provisional(D(2028, 1, 1)) is True
    assert ew.is_provisional(D(2022, 9, 19)) is False


def test_deadline_past_confirmed_through_is_provisional(ew):
    # Mon 20 Dec 2027 + 10 working days: 21-24 (4); Christmas Sat -> Mon 27,
    # Boxing Day -> Tue 28; 29, 30, 31 (7); New Year Sat 1 Jan 2028 -> Mon 3;
    # 4, 5, 6 Jan (10).
    due = ew.due(D(2027, 12, 20), "10 working days")
    assert due == D(2028, 1, 6)
    assert ew.is_provisional(due) is True


def test_holidays_2022(ew):
    hols = ew.holidays(2022)
    assert all(isinstance(h, Holiday) for h in hols)
    assert [h.date for h in hols] == [
        D(2022, 1, 3),  # New Year's Day (Sat 1 Jan) substitute
        D(2022, 4, 15),  # Good Friday (Easter Sunday 17 Apr)
        D(2022, 4, 18),  # Easter Monday
        D(2022, 5, 2),  # Early May bank holiday
        D(2022, 6, 2),  # Spring bank holiday, moved
        D(2022, 6, 3),  # Platinum Jubilee
        D(2022, 8, 29),  # Summer bank holiday
        D(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        D(2022, 12, 26),  # Boxing Day (Christmas Day is a Sunday)
        D(2022, 12, 27),  # Christmas Day (substitute day)
    ]
    by_date = {h.date: h.name for h in hols}
    assert "State Funeral" in by_date[D(2022, 9, 19)]
    assert "Queen Elizabeth II" in by_date[D(2022, 9, 19)]
    assert "Jubilee" in by_date[D(2022, 6, 3)]
    assert by_date[D(2022, 12, 27)] == "Christmas Day (substitute day)"  # timescale/holiday docs


def test_holiday_name(ew):
    assert "State Funeral" in ew.holiday_name(D(2022, 9, 19))
    assert ew.holiday_name(D(2022, 9, 20)) is None
    assert ew.holiday_name(D(2022, 6, 4)) is None  # a weekend is not a holiday
    assert ew.holiday_name(D(2023, 5, 8)) is not None  # Coronation


def test_holidays_outside_the_calendar_are_refused(ew):
    with pytest.raises(libscr.RangeError, match="1970"):
        ew.holidays(1970)
    with pytest.raises(libscr.RangeError, match="2200"):
        ew.holidays(2200)


def _easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(MON - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    d = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return d - dt.timedelta(days=(d.weekday() - MON) % 7)


# Moved and one-off days: royal proclamations (docs/calendar.md; gov.uk).
_MOVED_EARLY_MAY = {1995: D(1995, 5, 8), 2020: D(2020, 5, 8)}  # VE Day 50th, 75th
_MOVED_SPRING = {
    1977: D(1977, 6, 6),  # Silver Jubilee
    2002: D(2002, 6, 4),  # Golden Jubilee
    2012: D(2012, 6, 4),  # Diamond Jubilee
    2022: D(2022, 6, 2),  # Platinum Jubilee
}
_ONE_OFF = [
    D(1973, 11, 14),  # Wedding of Princess Anne
    D(1977, 6, 7),  # Silver Jubilee
    D(1981, 7, 29),  # Wedding of the Prince of Wales
    D(1999, 12, 31),  # Millennium
    D(2002, 6, 3),  # Golden Jubilee
    D(2011, 4, 29),  # Wedding of Prince William
    D(2012, 6, 5),  # Diamond Jubilee
    D(2022, 6, 3),  # Platinum Jubilee
    D(2022, 9, 19),  # State Funeral of Queen Elizabeth II
    D(2023, 5, 8),  # Coronation of King Charles III
]


def _reference_holidays(year: int) -> set[dt.date]:
    """England and Wales bank holidays from the 1971 Act's rules, by hand."""
    days: set[dt.date] = set()
    easter = _easter_sunday(year)
    days |= {easter - dt.timedelta(days=2), easter + dt.timedelta(days=1)}
    if year >= 1978:  # Early May bank holiday, first Monday in May, from 1978
        days.add(_MOVED_EARLY_MAY.get(year, _first_monday(year, 5)))
    days.add(_MOVED_SPRING.get(year, _last_monday(year, 5)))
    days.add(_last_monday(year, 8))
    days |= {d for d in _ONE_OFF if d.year == year}

    # Fixed-date holidays: a weekend one moves to the next weekday that is not
    # already a holiday (Christmas Sat: Mon 27 + Tue 28; Sun: Mon 26 + Tue 27).
    fixed = [D(year, 12, 25), D(year, 12, 26)]
    if year >= 1974:  # New Year's Day, from 1974
        fixed.insert(0, D(year, 1, 1))
    weekend_ones = [d for d in fixed if d.weekday() >= SAT]
    days |= {d for d in fixed if d.weekday() < SAT}
    for d in weekend_ones:
        sub = d + dt.timedelta(days=1)
        while sub.weekday() >= SAT or sub in days:
            sub += dt.timedelta(days=1)
        days.add(sub)
    return days


def test_reference_holiday_rules_agree_with_known_years():
    # Sanity check of the hand-written rules against years listed in full above
    # and on gov.uk (2023: New Year substitute Mon 2 Jan, Coronation 8 May).
    assert _easter_sunday(2022) == D(2022, 4, 17)
    assert _easter_sunday(2024) == D(2024, 3, 31)
    assert _easter_sunday(2025) == D(2025, 4, 20)
    assert _reference_holidays(2023) == {
        D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 8),
        D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25), D(2023, 12, 26),
    }
    # 2021: Christmas Sat, so Mon 27 and Tue 28.
    assert {D(2021, 12, 27), D(2021, 12, 28)} <= _reference_holidays(2021)


@pytest.mark.parametrize("year", range(1971, 2200))
def test_england_and_wales_holidays_follow_the_rules(ew, year):
    # Rule 11; docs/calendar.md "Built-in England and Wales".
    got = [h.date for h in ew.holidays(year)]
    assert got == sorted(got), "holidays(year) is in date order"
    assert set(got) == _reference_holidays(year)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(1971, 1, 1), True),  # New Year's Day was not a bank holiday before 1974
        (D(1973, 1, 1), True),
        (D(1974, 1, 1), False),
        (D(1977, 5, 2), True),  # no Early May bank holiday before 1978
        (D(1978, 5, 1), False),
        (D(1995, 5, 1), True),  # moved to 8 May 1995
        (D(1995, 5, 8), False),
        (D(2020, 5, 4), True),  # moved to 8 May 2020
        (D(2020, 5, 8), False),
        (D(2022, 5, 30), True),  # Spring moved to 2 June 2022
        (D(2012, 5, 28), True),  # Spring moved to 4 June 2012
        (D(2011, 4, 29), False),
        (D(1999, 12, 31), False),
    ],
)
def test_historical_bank_holidays(ew, day, working):
    assert ew.is_working_day(day) is working


def test_calendar_cannot_be_built_directly():
    with pytest.raises(TypeError, match=re.escape("Calendar.england_and_wales()")):
        Calendar(None)  # type: ignore[arg-type]


# -- Calendar.custom --------------------------------------------------------------


def _board(weekend, holidays, **kw) -> Calendar:
    return Calendar.custom(weekend, holidays, "Board", "2024-1", **kw)


@pytest.mark.parametrize(
    "weekend",
    [("Friday", "Saturday"), ["friday", "SATURDAY"], ("Fri", "Sat"), [4, 5], {4, 5}],
    ids=["names", "any case", "abbreviations", "ints", "set"],
)
def test_custom_weekend(weekend):
    cal = _board(weekend, {D(2024, 3, 3): "Board day"})
    assert cal.weekend == frozenset({FRI, SAT})
    assert cal.name == "Board"
    assert cal.version == "2024-1"
    assert D(2024, 3, 1).weekday() == FRI and D(2024, 3, 3).weekday() == SUN
    assert cal.is_working_day(D(2024, 3, 1)) is False  # Friday
    assert cal.is_working_day(D(2024, 3, 2)) is False  # Saturday
    assert cal.is_working_day(D(2024, 3, 3)) is False  # Sunday, the board's holiday
    assert cal.is_working_day(D(2024, 3, 10)) is True  # an ordinary Sunday
    # Thu 29 Feb + 1: Fri, Sat weekend; Sun 3 Mar holiday; Mon 4 Mar is day 1.
    assert cal.add_working_days(D(2024, 2, 29), 1) == D(2024, 3, 4)


def test_custom_holidays_in_every_accepted_form():
    day1, day2 = D(2024, 5, 6), D(2024, 5, 7)
    forms = {
        "dict": {day1: "Board away day", day2: "Second day"},
        "pairs": [(day1, "Board away day"), (day2, "Second day")],
        "dates": [day1, day2],
        "Holiday": [Holiday(day1, "Board away day"), Holiday(day2, "Second day")],
        "generator": ((d, n) for d, n in [(day1, "Board away day"), (day2, "Second day")]),
    }
    for form, hols in forms.items():
        cal = _board([SAT, SUN], hols)
        assert [h.date for h in cal.holidays(2024)] == [day1, day2], form
        assert cal.is_working_day(day1) is False, form
        # Fri 3 May + 1: weekend, Mon 6 and Tue 7 holidays, so Wed 8 May.
        assert cal.add_working_days(D(2024, 5, 3), 1) == D(2024, 5, 8), form
        expected_name = "Holiday" if form == "dates" else "Board away day"
        assert cal.holiday_name(day1) == expected_name, form


def test_custom_holidays_are_sorted():
    cal = _board([SAT, SUN], [D(2024, 12, 25), D(2024, 1, 1)])
    assert [h.date for h in cal.holidays(2024)] == [D(2024, 1, 1), D(2024, 12, 25)]


def test_custom_duplicate_holiday_is_refused():
    # calendar.hpp: "Holidays on the same day are refused."
    with pytest.raises(libscr.InputError, match="two holidays on 2024-01-01"):
        _board([SAT, SUN], [(D(2024, 1, 1), "A"), (D(2024, 1, 1), "B")])
    with pytest.raises(libscr.InputError, match="2024-01-01"):
        _board([SAT, SUN], [D(2024, 1, 1), D(2024, 1, 1)])


def test_custom_unknown_weekday_is_refused():
    with pytest.raises(libscr.InputError, match="unknown weekday 'Funday'"):
        _board(["Funday"], [])
    with pytest.raises(libscr.InputError, match="unknown weekday 7"):
        _board([7], [])
    with pytest.raises(libscr.InputError, match="unknown weekday True"):
        _board([True], [])


def test_custom_weekend_of_seven_days_is_refused():
    with pytest.raises(libscr.InputError, match="all seven days"):
        _board(range(7), [])


def test_custom_bad_holiday_is_a_type_error():
    with pytest.raises(TypeError, match="a holiday must be"):
        _board([SAT, SUN], ["2024-01-01"])


def test_custom_defaults_for_range():
    # calendar_options: first defaults to 1 January of the first holiday's year,
    # last to 2199-12-31, confirmed_through to last.
    cal = _board([SAT, SUN], [D(2024, 3, 4)])
    assert cal.first == D(2024, 1, 1)
    assert cal.last == D(2199, 12, 31)
    assert cal.confirmed_through == D(2199, 12, 31)
    empty = _board([SAT, SUN], [])
    assert empty.first == D(1900, 1, 1)  # min_date() when there are no holidays
    assert empty.weekend == frozenset({SAT, SUN})


def test_custom_explicit_range_and_confirmed_through():
    cal = _board(
        [SAT, SUN],
        [Holiday(D(2024, 1, 1), "New Year's Day")],
        first=D(2024, 1, 1),
        last=D(2024, 12, 31),
        confirmed_through=D(2024, 6, 30),
    )
    assert (cal.first, cal.last, cal.confirmed_through) == (
        D(2024, 1, 1), D(2024, 12, 31), D(2024, 6, 30),
    )
    assert cal.is_provisional(D(2024, 6, 30)) is False
    assert cal.is_provisional(D(2024, 7, 1)) is True
    with pytest.raises(libscr.RangeError, match="2023-12-31"):
        cal.is_working_day(D(2023, 12, 31))
    # Tue 31 Dec 2024 + 1 working day would be in 2025, past `last`.
    with pytest.raises(libscr.RangeError, match="2024-12-31"):
        cal.add_working_days(D(2024, 12, 31), 1)


def test_custom_holiday_outside_range_is_refused():
    with pytest.raises(libscr.RangeError, match="2023-01-02"):
        _board([SAT, SUN], [D(2023, 1, 2)], first=D(2024, 1, 1))


def test_holiday_value_object():
    h = Holiday(D(2024, 1, 1), "New Year's Day")
    assert h.date == D(2024, 1, 1)
    assert h.name == "New Year's Day"
    assert h == Holiday(D(2024, 1, 1), "New Year's Day")
    assert h != Holiday(D(2024, 1, 1), "Another name")
    assert repr(h) == "Holiday(date=datetime.date(2024, 1, 1), name=\"New Year's Day\")"


def test_holiday_compared_with_another_type_is_not_equal():
    # _core.pyi declares Holiday.__eq__(self, other: object) -> bool, and the
    # Python data model expects == with an unrelated type to be False (via
    # NotImplemented), not to raise.
    h = Holiday(D(2024, 1, 1), "New Year's Day")
    assert (h == (D(2024, 1, 1), "New Year's Day")) is False
    assert (h != None) is True  # noqa: E711


# -- from_govuk_json ---------------------------------------------------------------

GOVUK = """{
 "england-and-wales": {"division": "england-and-wales", "events": [
   {"title": "New Year\u2019s Day", "date": "2024-01-01", "notes": "", "bunting": true},
   {"title": "Good Friday", "date": "2024-03-29", "notes": "", "bunting": false},
   {"title": "Easter Monday", "date": "2024-04-01", "notes": "", "bunting": true},
   {"title": "Christmas Day", "date": "2024-12-25", "notes": "", "bunting": true}]},
 "scotland": {"division": "scotland", "events": [
   {"title": "New Year\u2019s Day", "date": "2024-01-01", "notes": "", "bunting": true},
   {"title": "2nd January", "date": "2024-01-02", "notes": "", "bunting": true},
   {"title": "Good Friday", "date": "2024-03-29", "notes": "", "bunting": false},
   {"title": "St Andrew\u2019s Day", "date": "2024-12-02", "notes": "Substitute day", "bunting": true}]}
}"""


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_from_govuk_json_england_and_wales(as_bytes):
    text = GOVUK.encode("utf-8") if as_bytes else GOVUK
    cal = Calendar.from_govuk_json(text, "england-and-wales")
    assert [h.date for h in cal.holidays(2024)] == [
        D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 12, 25),
    ]
    assert cal.holiday_name(D(2024, 1, 1)) == "New Year\u2019s Day"
    # "answers for the whole years the file covers and is confirmed through its last day"
    assert cal.first == D(2024, 1, 1)
    assert cal.last == D(2024, 12, 31)
    assert cal.confirmed_through == D(2024, 12, 31)
    assert cal.weekend == frozenset({SAT, SUN})
    assert cal.is_working_day(D(2024, 1, 2)) is True
    # Thu 28 Mar + 1: Good Friday, weekend, Easter Monday: Tue 2 Apr.
    assert cal.add_working_days(D(2024, 3, 28), 1) == D(2024, 4, 2)


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_from_govuk_json_scotland(as_bytes):
    text = GOVUK.encode("utf-8") if as_bytes else GOVUK
    cal = Calendar.from_govuk_json(text, "scotland")
    assert cal.is_working_day(D(2024, 1, 2)) is False  # 2nd January
    assert cal.is_working_day(D(2024, 4, 1)) is True  # no Easter Monday in this file
    # gov.uk's "notes": "Substitute day" is kept, as in the built-in names
    # ("Christmas Day (substitute day)").
    assert cal.holiday_name(D(2024, 12, 2)) == "St Andrew\u2019s Day (substitute day)"
    # Fri 29 Dec 2023 is outside the file's years
    with pytest.raises(libscr.RangeError, match="2023-12-29"):
        cal.is_working_day(D(2023, 12, 29))


def test_from_govuk_json_default_division_is_england_and_wales():
    cal = Calendar.from_govuk_json(GOVUK)
    assert cal.is_working_day(D(2024, 1, 2)) is True
    assert cal.is_working_day(D(2024, 4, 1)) is False


def test_from_govuk_json_spans_the_whole_years_of_the_file():
    text = (
        '{"england-and-wales": {"division": "england-and-wales", "events": ['
        '{"title": "Boxing Day", "date": "2023-12-26", "notes": "", "bunting": true},'
        '{"title": "New Year\u2019s Day", "date": "2025-01-01", "notes": "", "bunting": true}]}}'
    )
    cal = Calendar.from_govuk_json(text, "england-and-wales")
    assert cal.first == D(2023, 1, 1)
    assert cal.last == D(2025, 12, 31)
    assert cal.holidays(2024) == []


def test_from_govuk_json_unknown_division_names_it():
    with pytest.raises(libscr.InputError, match="unknown division 'wales'") as info:
        Calendar.from_govuk_json(GOVUK, "wales")
    assert "england-and-wales" in str(info.value) and "scotland" in str(info.value)


def test_from_govuk_json_not_json():
    with pytest.raises(libscr.InputError, match="not valid JSON"):
        Calendar.from_govuk_json("not json", "england-and-wales")
