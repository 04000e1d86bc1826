"""The exception hierarchy and its messages.

scr/error.hpp and libscr/errors.py: every error derives from libscr.Error;
bad input raises InputError (also a ValueError) whose message names the input
and the rule broken; a well-formed date outside what libscr or the calendar can
answer for raises RangeError, a kind of InputError. Wrong Python types raise
TypeError (casters.hpp).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import libscr
from libscr import Calendar, add_months, parse_date
from libscr import _core
from libscr import errors as errors_module

D = dt.date
UTC = dt.timezone.utc


# -- hierarchy ---------------------------------------------------------------------


def test_error_is_the_base():
    assert issubclass(libscr.Error, Exception)
    assert not issubclass(libscr.Error, ValueError)
    assert libscr.Error is errors_module.Error


def test_input_error_is_an_error_and_a_value_error():
    assert issubclass(libscr.InputError, libscr.Error)
    assert issubclass(libscr.InputError, ValueError)
    assert libscr.InputError is errors_module.InputError


def test_range_error_is_an_input_error():
    assert issubclass(libscr.RangeError, libscr.InputError)
    assert issubclass(libscr.RangeError, ValueError)
    assert issubclass(libscr.RangeError, libscr.Error)
    assert libscr.RangeError is errors_module.RangeError


def test_one_except_clause_catches_every_libscr_error(ew):
    caught = []
    for bad in (
        lambda: parse_date("2024-02-30"),  # InputError
        lambda: ew.is_working_day(D(1970, 12, 31)),  # RangeError
        lambda: libscr.Timescale.parse("fortnight"),  # InputError
    ):
        try:
            bad()
        except libscr.Error as e:
            caught.append(type(e))
    assert caught == [libscr.InputError, libscr.RangeError, libscr.InputError]


# -- impossible dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # error.hpp: "invalid date '2024-02-30': February 2024 has 29 days"
        ("2024-02-30", "invalid date '2024-02-30': February 2024 has 29 days"),
        ("2023-02-29", "invalid date '2023-02-29': February 2023 has 28 days"),
        ("2024-04-31", "invalid date '2024-04-31': April 2024 has 30 days"),
        ("31/02/2023", "invalid date '31/02/2023': February 2023 has 28 days"),  # day-first
        ("2024-13-01", "invalid date '2024-13-01': month must be 1 to 12"),
    ],
)
def test_impossible_dates_are_input_errors(text, message):
    with pytest.raises(libscr.InputError, match=re.escape(message)) as info:
        parse_date(text)
    assert type(info.value) is libscr.InputError  # not a RangeError
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text", ["nonsense", "2024-1-1", "24 May 2004", ""])
def test_unparseable_dates_list_the_accepted_forms(text):
    # date.hpp: "Throws input_error quoting the text and listing these forms."
    with pytest.raises(libscr.InputError, match=re.escape(f"invalid date '{text}'")) as info:
        parse_date(text)
    for form in ("YYYY-MM-DD", "DD/MM/YYYY", "DD.MM.YYYY", "DD-MM-YYYY", "DD/MM/YY", "DD.MM.YY"):
        assert form in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # date.hpp: ISO or day-first; two-digit years 70-99 -> 19xx, 00-69 -> 20xx
        ("2004-05-24", D(2004, 5, 24)),
        ("24/05/2004", D(2004, 5, 24)),
        ("24.05.2004", D(2004, 5, 24)),
        ("24-05-2004", D(2004, 5, 24)),
        ("24/05/04", D(2004, 5, 24)),
        ("22.05.04", D(2004, 5, 22)),
        ("01/02/2024", D(2024, 2, 1)),  # day-first, never month-first
        ("01/01/70", D(1970, 1, 1)),
        ("31/12/69", D(2069, 12, 31)),
    ],
)
def test_parse_date_accepted_forms(text, expected):
    assert parse_date(text) == expected


# -- ranges --------------------------------------------------------------------------


def test_before_1971_with_england_and_wales_is_a_range_error(ew):
    # calendar.hpp: England and Wales is known from 1971 (the 1971 Act).
    pattern = r"1970-12-31 is outside calendar 'England and Wales'.*1971-01-01"
    with pytest.raises(libscr.RangeError, match=pattern):
        ew.is_working_day(D(1970, 12, 31))
    with pytest.raises(libscr.RangeError, match="1970-12-31"):
        ew.add_working_days(D(1970, 12, 31), 1)
    with pytest.raises(libscr.RangeError, match="1970-12-31"):
        ew.working_days_between(D(1970, 12, 31), D(1971, 1, 4))
    with pytest.raises(libscr.RangeError, match="1970-12-31"):
        ew.due(D(1970, 12, 31), "5 working days")
    with pytest.raises(libscr.RangeError, match="1970-12-31"):
        ew.holiday_name(D(1970, 12, 31))


def test_working_days_falling_before_1971_are_a_range_error(ew):
    # Fri 1 Jan 1971 was a working day (New Year's Day became a bank holiday in
    # 1974), so Mon 4 Jan 1971 - 1 is 1 Jan; - 2 would be in 1970.
    assert ew.add_working_days(D(1971, 1, 4), -1) == D(1971, 1, 1)
    with pytest.raises(libscr.RangeError, match="1971-01-04"):
        ew.add_working_days(D(1971, 1, 4), -2)


def test_working_days_falling_after_2199_are_a_range_error(ew):
    with pytest.raises(libscr.RangeError, match="2199-12-31"):
        ew.add_working_days(D(2199, 12, 31), 1)


@pytest.mark.parametrize("day", [D(1899, 12, 31), D(1, 1, 1), D(2200, 1, 1), D(9999, 12, 31)])
def test_dates_outside_1900_to_2199_are_range_errors(ew, day):
    # date.hpp: the supported range is 1900-01-01 to 2199-12-31.
    pattern = rf"{day.isoformat()} is outside the supported range 1900-01-01 to 2199-12-31"
    with pytest.raises(libscr.RangeError, match=pattern):
        ew.is_working_day(day)
    with pytest.raises(libscr.RangeError, match=pattern):
        add_months(day, 1)


def test_parse_date_outside_the_supported_range():
    with pytest.raises(libscr.RangeError, match=r"1899-12-31.*supported range"):
        parse_date("1899-12-31")
    with pytest.raises(libscr.RangeError, match=r"2200-01-01.*supported range"):
        parse_date("2200-01-01")


def test_add_months_result_outside_the_range():
    with pytest.raises(libscr.RangeError, match=r"2199-12-31.*supported range"):
        add_months(D(2199, 12, 31), 1)
    with pytest.raises(libscr.RangeError, match=r"1900-01-01.*supported range"):
        add_months(D(1900, 1, 1), -1)


def test_working_day_count_out_of_int_range(ew):
    with pytest.raises(libscr.InputError, match="working-day count 2147483648 is out of range"):
        ew.add_working_days(D(2024, 1, 1), 2**31)


# -- gov.uk division -----------------------------------------------------------------


def test_unknown_govuk_division_names_it():
    text = '{"england-and-wales": {"division": "england-and-wales", "events": []}}'
    with pytest.raises(libscr.InputError, match="unknown division 'wales'") as info:
        Calendar.from_govuk_json(text, "wales")
    assert "england-and-wales" in str(info.value)


# -- wrong types ---------------------------------------------------------------------


def test_wrong_type_or_text_where_a_date_is_expected(ew):
    # ISO text is a date (test_analyst.py); other text is an InputError, other types TypeError.
    with pytest.raises(libscr.InputError, match=r"^date '01/01/2024' is not a date: give a datetime\.date, ISO"):
        ew.is_working_day("01/01/2024")
    with pytest.raises(libscr.InputError, match=r"^start date '2024-1-1' is not a date"):
        ew.working_days_between("2024-1-1", D(2024, 1, 2))
    with pytest.raises(TypeError, match=r"end date must be a datetime\.date, not NoneType"):
        ew.working_days_between(D(2024, 1, 1), None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"anchor must be a datetime\.date, not int"):
        ew.due(20240101, "1 month")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^date must be a datetime\.date, not bytes"):
        add_months(b"2024-01-31", 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^text must be text \(str\), not int: 20240101"):
        parse_date(20240101)  # type: ignore[arg-type]


def test_datetime_where_a_date_is_expected_in_the_core_is_a_type_error():
    # casters.hpp: "A datetime is not accepted where a date is expected (its
    # time and zone would be dropped silently)".
    with pytest.raises(TypeError, match="incompatible function arguments"):
        _core.add_months(dt.datetime(2024, 1, 31, tzinfo=UTC), 1)  # type: ignore[arg-type]


def test_add_months_takes_the_london_date_of_an_aware_datetime():
    # 2024-06-30T23:30Z is 00:30 BST on 1 July (rule 4), so + 1 month = 1 August.
    assert add_months(dt.datetime(2024, 6, 30, 23, 30, tzinfo=UTC), 1) == D(2024, 8, 1)
    with pytest.raises(TypeError, match="naive datetime"):
        add_months(dt.datetime(2024, 6, 30, 23, 30), 1)


def test_add_months_count_out_of_range_is_an_input_error():
    with pytest.raises(libscr.InputError, match="month count 1099511627776 is out of range"):
        add_months(D(2024, 1, 31), 2**40)


def test_naive_datetime_is_a_type_error(ew):
    with pytest.raises(TypeError, match="naive datetime"):
        ew.is_working_day(dt.datetime(2024, 1, 1, 12, 0))


@pytest.mark.parametrize("n", [1.5, True, "1", None])
def test_working_day_count_must_be_an_integer(ew, n):
    with pytest.raises(TypeError, match="working-day count must be an integer"):
        ew.add_working_days(D(2024, 1, 1), n)


def test_misuse_names_the_argument_not_the_binding():
    # Never pybind's "incompatible function arguments" from the package's own API.
    from libscr import Actor, Procedure, Review

    chair = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
    r = Review.open("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=UTC), chair,
                    {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC)})
    at = dt.datetime(2024, 1, 16, 9, tzinfo=UTC)
    with pytest.raises(TypeError, match=r"^event must be text \(str\), not NoneType"):
        r.record(None, at, chair)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^agency must be text \(str\), not int"):
        r.record("panel_convened", at, chair, agency=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^obligation must be text"):
        r.discharge(7, at, chair)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^reason must be text"):
        r.hold(b"trial", at, chair)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^id must be text \(str\) such as 'solihull-2011-scr', not int"):
        Procedure.builtin(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^text must be the YAML as text"):
        Procedure.loads(b"procedure: {}")  # type: ignore[arg-type]
