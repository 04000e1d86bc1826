"""Timescale: an amount and a unit, as the procedures write them.

The forms come from the seeds (scr/timescale.hpp cites them): "72 hours"
(001:735), "1 working day" (001:348), "10 working days" (003:74), "14 days"
(004:464), "4 weeks" (000:109), "1 month" (001:392), "6 months" (001:216),
"7 years" (001:650). What each unit means is docs/deadline-rules.md, rules 1-4.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import libscr
from libscr import Timescale, TimeUnit

CANONICAL = [
    ("5 working days", 5, TimeUnit.WORKING_DAYS),
    ("1 working day", 1, TimeUnit.WORKING_DAYS),  # 001:348
    ("10 working days", 10, TimeUnit.WORKING_DAYS),  # 003:74
    ("28 days", 28, TimeUnit.DAYS),
    ("14 days", 14, TimeUnit.DAYS),  # 004:464
    ("1 day", 1, TimeUnit.DAYS),
    ("4 weeks", 4, TimeUnit.WEEKS),  # 000:109
    ("1 week", 1, TimeUnit.WEEKS),
    ("1 month", 1, TimeUnit.MONTHS),  # 001:392
    ("6 months", 6, TimeUnit.MONTHS),  # 001:216
    ("72 hours", 72, TimeUnit.HOURS),  # 001:735
    ("1 hour", 1, TimeUnit.HOURS),
    ("7 years", 7, TimeUnit.YEARS),  # 001:650
    ("1 year", 1, TimeUnit.YEARS),
    ("0 days", 0, TimeUnit.DAYS),
    ("99999 days", 99999, TimeUnit.DAYS),  # max_timescale_amount
]


@pytest.mark.parametrize(("text", "amount", "unit"), CANONICAL)
def test_parse_and_str_round_trip(text, amount, unit):
    t = Timescale.parse(text)
    assert t.amount == amount
    assert t.unit == unit
    assert str(t) == text
    assert Timescale.parse(str(t)) == t


@pytest.mark.parametrize(("text", "amount", "unit"), CANONICAL)
def test_constructor_equals_parse(text, amount, unit):
    t = Timescale(amount, unit)
    assert t == Timescale.parse(text)
    assert str(t) == text
    assert Timescale(amount=amount, unit=unit) == t


def test_five_working_days_constructor_equals_parse():
    assert Timescale(5, TimeUnit.WORKING_DAYS) == Timescale.parse("5 working days")
    assert not (Timescale(5, TimeUnit.WORKING_DAYS) != Timescale.parse("5 working days"))


def test_different_timescales_are_not_equal():
    assert Timescale(5, TimeUnit.DAYS) != Timescale(5, TimeUnit.WORKING_DAYS)
    assert Timescale(4, TimeUnit.WEEKS) != Timescale(28, TimeUnit.DAYS)  # same length, other unit
    assert Timescale(1, TimeUnit.MONTHS) != Timescale(2, TimeUnit.MONTHS)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # "Parsing ignores case and surrounding spaces and accepts singular or
        # plural" (timescale.hpp)
        ("5 Working Days", "5 working days"),
        ("  72 HOURS  ", "72 hours"),
        ("1 days", "1 day"),
        ("6 month", "6 months"),
        ("1 working days", "1 working day"),
    ],
)
def test_parse_is_lenient_and_prints_canonical_text(text, canonical):
    assert str(Timescale.parse(text)) == canonical


def test_repr_is_evaluable():
    t = Timescale.parse("5 working days")
    assert repr(t) == "Timescale.parse('5 working days')"
    assert eval(repr(t), {"Timescale": Timescale}) == t


def test_hashable():
    a = Timescale.parse("5 working days")
    b = Timescale(5, TimeUnit.WORKING_DAYS)
    assert hash(a) == hash(b)
    assert len({a, b, Timescale.parse("5 days")}) == 2
    table = {a: "agency letter"}
    assert table[b] == "agency letter"


def test_timescale_compared_with_text_is_not_equal():
    # _core.pyi declares Timescale.__eq__(self, other: object) -> bool; the
    # Python data model expects == with an unrelated type to be False (via
    # NotImplemented), not to raise TypeError.
    t = Timescale.parse("1 day")
    assert (t == "1 day") is False
    assert (t != "1 day") is True
    assert t not in [None, "1 day"]


def test_time_units():
    assert {u.name for u in TimeUnit.__members__.values()} == {
        "HOURS", "DAYS", "WORKING_DAYS", "WEEKS", "MONTHS", "YEARS",
    }


ACCEPTED_FORMS = ['"72 hours"', '"1 working day"', '"5 working days"', '"28 days"',
                  '"4 weeks"', '"1 month"', '"6 months"', '"7 years"']


@pytest.mark.parametrize(
    "text",
    ["fortnight", "", "5", "days", "five days", "5 fortnights", "-5 days", "5.5 days",
     "5 working", "working days 5", "100000 days"],
)
def test_bad_text_is_an_input_error_quoting_it_and_listing_forms(text):
    # timescale.hpp: "invalid timescale 'fortnight': expected a whole number and a
    # unit, as in "72 hours", ..."
    with pytest.raises(libscr.InputError, match=re.escape(f"invalid timescale '{text}'")) as info:
        Timescale.parse(text)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, libscr.Error)
    message = str(info.value)
    assert "expected a whole number and a unit" in message
    for form in ACCEPTED_FORMS:
        assert form in message


@pytest.mark.parametrize("amount", [-1, 100000])
def test_constructor_checks_the_amount(amount):
    # timescale.hpp: amount in [0, max_timescale_amount = 99999]
    with pytest.raises(libscr.InputError, match=rf"amount {amount}: must be 0 to 99999"):
        Timescale(amount, TimeUnit.DAYS)


def test_parse_needs_text():
    with pytest.raises(TypeError):
        Timescale.parse(5)  # type: ignore[arg-type]


def test_due_accepts_text_or_timescale(ew):
    d = dt.date(2022, 6, 4)
    assert ew.due(d, "5 working days") == ew.due(d, Timescale(5, TimeUnit.WORKING_DAYS))
    assert ew.due(d, Timescale(5, TimeUnit.WORKING_DAYS)) == dt.date(2022, 6, 10)  # rule 1


def test_due_refuses_other_timescale_types(ew):
    with pytest.raises(TypeError, match="timescale must be a Timescale or text"):
        ew.due(dt.date(2024, 1, 1), 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="timescale must be a Timescale or text"):
        ew.before(dt.date(2024, 1, 1), dt.timedelta(days=5))  # type: ignore[arg-type]


def test_due_with_unparseable_text_raises_input_error(ew):
    with pytest.raises(libscr.InputError, match="invalid timescale 'a fortnight'"):
        ew.due(dt.date(2024, 1, 1), "a fortnight")
