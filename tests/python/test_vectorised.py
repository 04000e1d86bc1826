"""Vectorised Calendar.add_working_days over lists and NumPy arrays.

Semantics are rules 1 and 5 of docs/deadline-rules.md applied per element (the
anchor is never counted); calendar.py documents the array interface
(datetime64[D] in and out, same shape, NaT stays NaT, n a scalar or an integer
array of the same shape).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

import libscr

D = dt.date


def _dates(*iso: str) -> np.ndarray:
    return np.array(iso, dtype="datetime64[D]")


# -- lists ---------------------------------------------------------------------------


def test_list_in_list_out_equals_scalar_calls(ew):
    days = [D(2022, 6, 4), D(2022, 6, 1), D(2022, 9, 16), D(2022, 12, 23), D(2023, 5, 5)]
    got = ew.add_working_days(days, 1)
    assert isinstance(got, list)
    assert got == [ew.add_working_days(d, 1) for d in days]
    # by hand (rule 1): 6 Jun; 6 Jun; 20 Sep (State Funeral); 28 Dec; 9 May (Coronation)
    assert got == [D(2022, 6, 6), D(2022, 6, 6), D(2022, 9, 20), D(2022, 12, 28), D(2023, 5, 9)]
    assert ew.add_working_days(days, 5)[0] == D(2022, 6, 10)  # rule 1 example


def test_list_with_negative_count(ew):
    days = [D(2022, 6, 6), D(2022, 9, 20)]
    assert ew.add_working_days(days, -1) == [D(2022, 6, 1), D(2022, 9, 16)]


def test_tuple_gives_a_list(ew):
    assert ew.add_working_days((D(2022, 6, 4),), 5) == [D(2022, 6, 10)]


def test_empty_list(ew):
    assert ew.add_working_days([], 5) == []


def test_list_element_outside_the_calendar_is_a_range_error(ew):
    with pytest.raises(libscr.RangeError, match="1970-06-01"):
        ew.add_working_days([D(2024, 1, 1), D(1970, 6, 1)], 1)


def test_list_element_of_the_wrong_type_is_a_type_error(ew):
    with pytest.raises(TypeError, match=r"must be a datetime\.date, not bytes"):
        ew.add_working_days([D(2024, 1, 1), b"2024-01-02"], 1)


# -- NumPy arrays --------------------------------------------------------------------


def test_array_in_array_out(ew):
    days = _dates("2022-06-04", "2022-06-01", "2022-09-16", "2022-12-30")
    got = ew.add_working_days(days, 1)
    assert isinstance(got, np.ndarray)
    assert got.dtype == np.dtype("datetime64[D]")
    assert got.shape == days.shape
    np.testing.assert_array_equal(got, _dates("2022-06-06", "2022-06-06", "2022-09-20", "2023-01-03"))
    assert ew.add_working_days(days, 5)[0] == np.datetime64("2022-06-10")  # rule 1 example


def test_array_does_not_modify_its_input(ew):
    days = _dates("2022-06-04", "2022-09-16")
    before = days.copy()
    ew.add_working_days(days, 3)
    np.testing.assert_array_equal(days, before)


def test_two_dimensional_array_keeps_its_shape(ew):
    days = _dates("2022-06-04", "2022-06-05", "2022-06-06", "2022-09-16", "2022-09-19", "2023-05-05")
    grid = days.reshape(2, 3)
    got = ew.add_working_days(grid, 1)
    assert got.shape == (2, 3)
    assert got.dtype == np.dtype("datetime64[D]")
    np.testing.assert_array_equal(
        got,
        _dates("2022-06-06", "2022-06-06", "2022-06-07", "2022-09-20", "2022-09-20", "2023-05-09")
        .reshape(2, 3),
    )


def test_non_contiguous_arrays(ew):
    grid = _dates("2022-06-04", "2022-06-05", "2022-06-06", "2022-09-16", "2022-09-19", "2023-05-05")
    grid = grid.reshape(2, 3)
    steps = np.array([[5, 1, 4], [1, 1, 1]])
    # the transposes are Fortran-ordered views; elements must still pair up
    got = ew.add_working_days(grid.T, steps.T)
    assert got.shape == (3, 2)
    for i in range(3):
        for j in range(2):
            anchor = grid.T[i, j].astype(object)
            assert got[i, j].astype(object) == ew.add_working_days(anchor, int(steps.T[i, j]))
    # rule 1 example at [0, 0]: Sat 4 Jun 2022 + 5 = Fri 10 Jun
    assert got[0, 0] == np.datetime64("2022-06-10")
    # every other element of a strided view
    strided = _dates("2022-06-04", "2000-01-01", "2022-09-16", "2000-01-01")[::2]
    np.testing.assert_array_equal(ew.add_working_days(strided, 1), _dates("2022-06-06", "2022-09-20"))


def test_nat_stays_nat(ew):
    days = _dates("2022-06-04", "NaT", "2022-09-16")
    got = ew.add_working_days(days, 5)
    assert np.isnat(got[1])
    assert got[0] == np.datetime64("2022-06-10")
    assert not np.isnat(got[[0, 2]]).any()
    got2 = ew.add_working_days(days, np.array([5, 7, 1]))
    assert np.isnat(got2[1])
    np.testing.assert_array_equal(got2[[0, 2]], _dates("2022-06-10", "2022-09-20"))


def test_all_nat(ew):
    got = ew.add_working_days(np.full((2, 2), np.datetime64("NaT"), dtype="datetime64[D]"), 3)
    assert got.shape == (2, 2) and np.isnat(got).all()


def test_per_element_counts(ew):
    days = _dates("2022-06-04", "2022-06-06", "2022-06-06", "2022-09-20", "2022-06-04")
    steps = np.array([5, 1, -1, -1, 0])
    got = ew.add_working_days(days, steps)
    # rule 1 example; anchor not counted; rule 5 backwards (x2); n = 0 gives d
    np.testing.assert_array_equal(
        got, _dates("2022-06-10", "2022-06-07", "2022-06-01", "2022-09-16", "2022-06-04")
    )
    for anchor, n, out in zip(days.astype(object), steps, got.astype(object)):
        assert out == ew.add_working_days(anchor, int(n))


def test_per_element_counts_two_dimensional(ew):
    days = _dates("2022-06-04", "2022-06-06", "2022-09-16", "2022-09-20").reshape(2, 2)
    steps = np.array([[5, 1], [1, -1]], dtype=np.int32)
    got = ew.add_working_days(days, steps)
    np.testing.assert_array_equal(
        got, _dates("2022-06-10", "2022-06-07", "2022-09-20", "2022-09-16").reshape(2, 2)
    )


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32])
def test_integer_count_dtypes(ew, dtype):
    days = _dates("2022-06-04", "2022-09-16")
    got = ew.add_working_days(days, np.array([5, 1], dtype=dtype))
    np.testing.assert_array_equal(got, _dates("2022-06-10", "2022-09-20"))
    np.testing.assert_array_equal(ew.add_working_days(days, dtype(1)), _dates("2022-06-06", "2022-09-20"))


def test_empty_array(ew):
    got = ew.add_working_days(np.array([], dtype="datetime64[D]"), 5)
    assert got.shape == (0,) and got.dtype == np.dtype("datetime64[D]")


def test_counts_of_the_wrong_shape(ew):
    with pytest.raises(ValueError, match=re.escape("working-day counts have shape (3,)")):
        ew.add_working_days(_dates("2022-06-04", "2022-06-05"), np.array([1, 2, 3]))


def test_float_counts_are_a_type_error(ew):
    with pytest.raises(TypeError, match="working-day counts must be integers, not float64"):
        ew.add_working_days(_dates("2022-06-04"), np.array([1.0]))


@pytest.mark.parametrize("unit", ["ns", "us", "s", "h", "M", "W"])
def test_other_datetime64_units_are_a_type_error(ew, unit):
    days = np.array(["2022-06-04"], dtype=f"datetime64[{unit}]")
    with pytest.raises(TypeError, match=re.escape("astype('datetime64[D]')")) as info:
        ew.add_working_days(days, 1)
    assert f"datetime64[{unit}]" in str(info.value)


def test_datetime64_ns_after_astype_works(ew):
    days = np.array(["2022-06-04T10:30"], dtype="datetime64[ns]")
    got = ew.add_working_days(days.astype("datetime64[D]"), 5)
    np.testing.assert_array_equal(got, _dates("2022-06-10"))


def test_element_outside_the_calendar_is_a_range_error(ew):
    # calendar.hpp: "Throws range_error naming the first element that falls
    # outside the calendar".
    with pytest.raises(libscr.RangeError, match=r"position 1 1970-06-01 is outside calendar"):
        ew.add_working_days(_dates("2024-01-01", "1970-06-01", "1960-01-01"), 1)


def test_element_outside_the_supported_range_is_named(ew):
    # Same contract for an element before 1900: the message should name the
    # element (its position and date) as it does for 1970-06-01 above, not only
    # its internal day serial.
    with pytest.raises(libscr.RangeError, match=r"position 1.*1850-06-01"):
        ew.add_working_days(_dates("2024-01-01", "1850-06-01"), 1)


def test_result_outside_the_calendar_is_a_range_error(ew):
    with pytest.raises(libscr.RangeError, match="2199-12-31"):
        ew.add_working_days(_dates("2024-01-01", "2199-12-31"), 1)
    with pytest.raises(libscr.RangeError, match="1971-01-04"):
        ew.add_working_days(_dates("1971-01-04"), -2)


# -- against numpy.busday_offset -----------------------------------------------------


@pytest.fixture(scope="module")
def ew_holidays(ew) -> np.ndarray:
    return np.array(
        [h.date for y in range(1971, 2200) for h in ew.holidays(y)], dtype="datetime64[D]"
    )


@pytest.fixture(scope="module")
def random_dates() -> np.ndarray:
    rng = np.random.default_rng(20220919)
    lo = np.datetime64("1973-01-01").astype(np.int64)
    hi = np.datetime64("2197-12-31").astype(np.int64)
    return rng.integers(lo, hi, size=20_000).astype("datetime64[D]")


def test_against_numpy_busday_offset_working_anchors(ew, ew_holidays, random_dates):
    # For an anchor that is a working day, numpy's busday_offset(d, n) counts n
    # business days after (n > 0) or before (n < 0) d, d not counted: rule 1 and
    # rule 5 coincide with it there.
    valid = np.is_busday(random_dates, holidays=ew_holidays)
    anchors = random_dates[valid]
    assert anchors.size > 10_000
    rng = np.random.default_rng(1)
    steps = rng.integers(1, 400, size=anchors.size)
    got = ew.add_working_days(anchors, steps)
    np.testing.assert_array_equal(
        got, np.busday_offset(anchors, steps, roll="forward", holidays=ew_holidays)
    )
    got_back = ew.add_working_days(anchors, -steps)
    np.testing.assert_array_equal(
        got_back, np.busday_offset(anchors, -steps, roll="forward", holidays=ew_holidays)
    )


def test_against_numpy_busday_offset_non_working_anchors(ew, ew_holidays, random_dates):
    # For a weekend or holiday anchor, rule 1 makes the first working day after
    # it day 1, whereas numpy rolls forward to it as day 0: libscr(d, n) ==
    # busday_offset(d, n - 1, roll='forward') for n >= 1, and backwards
    # libscr(d, n) == busday_offset(d, n + 1, roll='backward') for n <= -1.
    valid = np.is_busday(random_dates, holidays=ew_holidays)
    anchors = random_dates[~valid]
    assert anchors.size > 5_000
    rng = np.random.default_rng(2)
    steps = rng.integers(1, 400, size=anchors.size)
    np.testing.assert_array_equal(
        ew.add_working_days(anchors, steps),
        np.busday_offset(anchors, steps - 1, roll="forward", holidays=ew_holidays),
    )
    np.testing.assert_array_equal(
        ew.add_working_days(anchors, -steps),
        np.busday_offset(anchors, -steps + 1, roll="backward", holidays=ew_holidays),
    )


def test_array_equals_list_equals_scalar(ew, random_dates):
    sample = random_dates[:500]
    as_dates = [d.astype(object) for d in sample]
    from_array = ew.add_working_days(sample, 7).astype(object).tolist()
    assert from_array == ew.add_working_days(as_dates, 7)
    assert from_array == [ew.add_working_days(d, 7) for d in as_dates]


# -- due and before over arrays, every unit ------------------------------------------


@pytest.mark.parametrize("timescale", ["1 day", "15 days", "2 weeks", "1 month", "6 months", "1 year",
                                       "5 working days"])
def test_due_and_before_over_an_array_equal_the_scalar_calls(ew, timescale):
    days = np.arange(np.datetime64("2019-01-01"), np.datetime64("2025-12-31")).astype("datetime64[D]")
    due = ew.due(days, timescale)
    before = ew.before(days, timescale)
    assert due.dtype == np.dtype("datetime64[D]") and due.shape == days.shape
    for k in range(0, len(days), 7):
        d = days[k].astype(object)
        assert due[k].astype(object) == ew.due(d, timescale), f"{d} + {timescale}"
        assert before[k].astype(object) == ew.before(d, timescale), f"{d} - {timescale}"


def test_due_over_an_array_by_the_month_rule(ew):
    # Dodds v Walker: the corresponding day, or the month's last day.
    days = _dates("2023-01-31", "2024-01-31", "2024-02-29", "2024-08-31", "NaT").reshape(5, 1)
    assert ew.due(days, "1 month").reshape(-1).tolist() == [
        D(2023, 2, 28), D(2024, 2, 29), D(2024, 3, 29), D(2024, 9, 30), None]
    assert ew.due(days, "1 year")[2, 0] == np.datetime64("2025-02-28")
    assert ew.before(days, "6 months")[3, 0] == np.datetime64("2024-02-29")
    assert ew.due(days, "1 month").shape == (5, 1)


def test_due_over_an_array_against_pandas_date_offset(ew, random_dates):
    import pandas as pd  # part of the test environment (make venv)

    ours = ew.due(random_dates, "6 months")
    theirs = (pd.DatetimeIndex(random_dates) + pd.DateOffset(months=6)).values.astype("datetime64[D]")
    assert (ours == theirs).all()


def test_due_over_an_array_refuses_what_it_cannot_do(ew):
    with pytest.raises(TypeError, match=r"anchor must be a datetime64\[D\] array, not datetime64\[ns\]"):
        ew.due(_dates("2024-01-01").astype("datetime64[ns]"), "1 month")
    with pytest.raises(libscr.InputError, match="hours"):
        ew.due(_dates("2024-01-01"), "72 hours")
    with pytest.raises(libscr.RangeError, match="position 1"):
        ew.due(_dates("2024-01-01", "2199-12-15"), "1 month")
