"""What an analyst working in a notebook meets: ``to_pandas()`` without pandas
says how to get it; dates may be given as ISO text, ``numpy.datetime64`` or
``pandas.Timestamp`` (so values taken from a DataFrame go straight back in);
tables show as HTML in Jupyter, every cell escaped; and ``to_pandas()`` is
typed as returning a DataFrame.

Expected dates are worked out by hand: British Summer Time began at 01:00 UTC
on Sunday 31 March 2024 and ended at 01:00 UTC on Sunday 27 October 2024.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import html.parser
import inspect
import pathlib
import subprocess
import sys
import typing
from typing import Any, Optional
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

import libscr
from libscr import Actor, Calendar, InputError, Procedure, Review, Store, add_months, reports
from libscr.action_plans import ActionInput, ActionPlan, AssuranceReport, assure
from libscr.chronology import (
    AgencyChronology,
    ChronologySetup,
    MultiAgencyChronology,
    check_chronology,
)
from libscr.review import NextSteps, Table, TimetableRow
from libscr.store import StoreTable

D = dt.date
LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
PACK = "solihull-2011-scr"
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
OPENING = {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=LONDON), "referring_agency": "Police"}

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHRONOLOGY_DATA = ROOT / "tests" / "data" / "chronology"
SETUP_FILE = CHRONOLOGY_DATA / "setup.yaml"
POLICE = CHRONOLOGY_DATA / "solihull-2011" / "police.csv"

#: What every message about a missing pandas says to do.
GET_PANDAS = 'pip install "libscr[pandas]"'


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def opened(reference: str = "Child Q") -> Store:
    db = Store.in_memory(clock=lambda: london(2024, 6, 1, 12))
    db.open_review(PACK, reference, london(2024, 1, 15, 9), CHAIR, OPENING)
    return db


def review() -> Review:
    r = Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, OPENING)
    r.record("panel_convened", london(2024, 1, 19), CHAIR)
    return r


def police_check() -> Any:
    return check_chronology(ChronologySetup.load(SETUP_FILE, format="solihull-2011"), "Police", POLICE)


# ---- 1. to_pandas() without pandas -------------------------------------------------------

#: Every to_pandas() of the package, with the name its message gives it.
FRAMES = [
    pytest.param(lambda: review().timetable(D(2024, 2, 1)), "Table.to_pandas()", id="Table"),
    pytest.param(lambda: opened().overdue(D(2024, 3, 1)), "StoreTable.to_pandas()", id="StoreTable"),
    pytest.param(lambda: review().next(D(2024, 2, 1)), "NextSteps.to_pandas()", id="NextSteps"),
    pytest.param(lambda: reports.monthly(opened(), "2024-02"), "MonthlyReport.to_pandas()", id="MonthlyReport"),
    pytest.param(lambda: Procedure.builtin(PACK), "Procedure.to_pandas()", id="Procedure"),
    pytest.param(lambda: police_check().chronology, "AgencyChronology.to_pandas()", id="AgencyChronology"),
    pytest.param(lambda: MultiAgencyChronology("solihull-2011", [police_check()]),
                 "MultiAgencyChronology.to_pandas()", id="MultiAgencyChronology"),
    pytest.param(lambda: ActionPlan.of(opened().load("Child Q"), D(2024, 3, 1)), "ActionPlan.to_pandas()",
                 id="ActionPlan"),
    pytest.param(lambda: assure(opened(), D(2024, 1, 1), D(2024, 3, 1)), "AssuranceReport.to_pandas()",
                 id="AssuranceReport"),
]


@pytest.mark.parametrize("make, name", FRAMES)
def test_to_pandas_without_pandas_says_what_needs_it_and_how_to_get_it(make, name, monkeypatch):
    holder = make()  # made while pandas is there: only to_pandas() needs it
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ModuleNotFoundError
    with pytest.raises(ImportError) as info:
        holder.to_pandas()
    assert isinstance(info.value, ModuleNotFoundError) and info.value.name == "pandas"
    message = str(info.value)
    assert message.startswith(f"{name} needs pandas, which is not installed"), message
    assert GET_PANDAS in message


@pytest.mark.parametrize("make, name", FRAMES)
def test_to_pandas_with_pandas_gives_a_dataframe(make, name):
    frames = make().to_pandas()
    for frame in frames.values() if isinstance(frames, dict) else [frames]:
        assert isinstance(frame, pd.DataFrame)


def test_a_pandas_that_fails_to_import_is_not_called_missing(monkeypatch):
    real_import = builtins.__import__

    def broken(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ImportError("No module named 'pytz'", name="pytz")
        return real_import(name, *args, **kwargs)

    table = review().timetable(D(2024, 2, 1))
    monkeypatch.delitem(sys.modules, "pandas", raising=False)
    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(ImportError) as info:
        table.to_pandas()
    message = str(info.value)
    assert "could not be imported (No module named 'pytz')" in message and GET_PANDAS in message
    assert "not installed" not in message


def test_the_package_imports_and_reads_dates_without_pandas():
    # A fresh interpreter in which pandas cannot be imported: libscr itself
    # must not need it, and dates still work.
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import datetime as dt, numpy as np, libscr\n"
        "assert libscr.add_months('2024-01-31', 1) == dt.date(2024, 2, 29)\n"
        "assert libscr.add_months(np.datetime64('2024-01-31T23:00'), 0) == dt.date(2024, 1, 31)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_the_pandas_extra_is_declared():
    # Read as text: tomllib is in the standard library only from Python 3.11.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    extras = text.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    assert 'pandas = ["pandas>=1.5"]' in extras.splitlines()
    dependencies = text.split("\ndependencies = [", 1)[1].split("]", 1)[0]
    assert "pandas" not in dependencies


# ---- 2. dates in any of the forms a DataFrame holds them ---------------------------------
#
# add_months(x, 0) gives the date the package reads x as.


def as_date(value: Any) -> dt.date:
    return add_months(value, 0)


@pytest.mark.parametrize("value, expected", [
    (D(2024, 3, 1), D(2024, 3, 1)),
    ("2024-03-01", D(2024, 3, 1)),
    ("2024-02-29", D(2024, 2, 29)),
    (np.datetime64("2024-03-01"), D(2024, 3, 1)),
    (np.datetime64("2024-03-01", "D"), D(2024, 3, 1)),
    # Finer units: the date, never rounded up to the next day.
    (np.datetime64("2024-03-01T23:59:59"), D(2024, 3, 1)),
    (np.datetime64("2024-03-01T23:59:59.999999999", "ns"), D(2024, 3, 1)),
    (np.datetime64("2024-03-31T00:30", "m"), D(2024, 3, 31)),
    (np.datetime64("1969-12-31T23:00", "h"), D(1969, 12, 31)),  # before the epoch: floored
    (np.datetime64("2024-03-01", "D").astype("datetime64[us]"), D(2024, 3, 1)),
])
def test_a_date_is_taken_as_text_or_numpy(value, expected):
    assert as_date(value) == expected


@pytest.mark.parametrize("stamp, expected", [
    # Naive: read as a Europe/London wall clock, so its own date, whatever the offset.
    ("2024-03-31T00:30", D(2024, 3, 31)),
    ("2024-03-31T23:30", D(2024, 3, 31)),
    ("2024-10-27T00:30", D(2024, 10, 27)),
    ("2024-03-30T23:59:59.999999999", D(2024, 3, 30)),
])
def test_a_naive_pandas_timestamp_is_a_london_date(stamp, expected):
    assert as_date(pd.Timestamp(stamp)) == expected


@pytest.mark.parametrize("stamp, zone, expected", [
    # 00:30 UTC on 31 March is 00:30 GMT: BST begins at 01:00 UTC.
    ("2024-03-31T00:30", "UTC", D(2024, 3, 31)),
    # 23:30 UTC on 30 March is 23:30 GMT, still the 30th.
    ("2024-03-30T23:30", "UTC", D(2024, 3, 30)),
    # 23:30 UTC on 31 March is 00:30 BST on 1 April.
    ("2024-03-31T23:30", "UTC", D(2024, 4, 1)),
    # 23:30 UTC on 30 June is 00:30 BST on 1 July.
    ("2024-06-30T23:30", "UTC", D(2024, 7, 1)),
    # 23:30 UTC on 27 October is 23:30 GMT: BST ended that morning.
    ("2024-10-27T23:30", "UTC", D(2024, 10, 27)),
    # 20:00 in New York on 31 March (EDT) is 01:00 BST on 1 April.
    ("2024-03-31T20:00", "America/New_York", D(2024, 4, 1)),
    # Already in London: its own date.
    ("2024-03-31T00:30", "Europe/London", D(2024, 3, 31)),
])
def test_an_aware_pandas_timestamp_is_converted_to_london_first(stamp, zone, expected):
    assert as_date(pd.Timestamp(stamp, tz=zone)) == expected


def test_a_datetime_as_a_date_keeps_its_rule():
    # Aware: its Europe/London date. Naive: refused, its zone would be a guess.
    assert as_date(dt.datetime(2024, 6, 30, 23, 30, tzinfo=UTC)) == D(2024, 7, 1)
    with pytest.raises(TypeError, match=r"^date datetime\.datetime\(2024, 3, 31, 0, 30\) is a naive datetime"):
        as_date(dt.datetime(2024, 3, 31, 0, 30))


@pytest.mark.parametrize("text", ["1 March 2024", "01/03/2024", "2024-3-1", "20240301", "2024-03-01T10:00",
                                  " 2024-03-01", "2024-W09-5", "", "２０２４-０３-０１"])
def test_text_that_is_not_an_iso_date_is_an_input_error_naming_the_argument(text):
    r = review()
    with pytest.raises(InputError) as info:
        r.timetable(text)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        f"as_of {text!r} is not a date: give a datetime.date, ISO date text such as '2024-03-01', "
        "a numpy.datetime64 or a pandas.Timestamp"
    )


def test_an_iso_date_that_does_not_exist_is_an_input_error():
    db = opened()
    with pytest.raises(InputError, match=r"^end '2024-02-30' is not a date \(day is out of range for month\)"):
        db.due_between("2024-02-01", "2024-02-30")
    with pytest.raises(InputError, match=r"^start '2024-13-01' is not a date \(month must be in 1\.\.12\)"):
        db.due_between("2024-13-01", "2024-02-01")


def test_a_wrong_type_is_still_a_type_error_that_names_the_dates_forms():
    with pytest.raises(TypeError) as info:
        review().timetable(20240301)  # type: ignore[arg-type]
    assert str(info.value) == (
        "as_of must be a datetime.date, not int: 20240301 (ISO date text such as '2024-03-01', "
        "a numpy.datetime64 or a pandas.Timestamp will do too)"
    )


@pytest.mark.parametrize("value, unit", [
    (np.datetime64("2024-03", "M"), "months"), (np.datetime64("2024", "Y"), "years"),
    (np.datetime64("2024-03-07", "W"), "weeks"),
])
def test_a_datetime64_coarser_than_a_day_is_refused(value, unit):
    with pytest.raises(InputError, match=rf"^as_of .* is a numpy\.datetime64 in {unit}, which names no one day"):
        review().timetable(value)


def test_nat_is_no_date():
    with pytest.raises(InputError, match=r"^as_of is NaT \(no date\)"):
        review().timetable(np.datetime64("NaT"))
    with pytest.raises(InputError, match=r"^as_of is NaT \(no date\)"):
        review().timetable(pd.NaT)
    with pytest.raises(InputError, match=r"^start is NaT"):
        opened().due_between(pd.NaT, D(2024, 3, 1))


def test_every_date_parameter_of_the_api_takes_the_new_forms():
    r = review()
    db = opened()
    forms = ["2024-02-16", np.datetime64("2024-02-16T09:00"), pd.Timestamp("2024-02-16T09:00"),
             pd.Timestamp("2024-02-16T09:00", tz="Europe/London")]
    for when in forms:
        assert r.timetable(when) == r.timetable(D(2024, 2, 16))
        assert r.state_as_of(when) == r.state_as_of(D(2024, 2, 16))
        assert reports.timetable(r, when) == reports.timetable(r, D(2024, 2, 16))
        assert db.overdue(when) == db.overdue(D(2024, 2, 16))
        assert db.reviews(as_of=when) == db.reviews(as_of=D(2024, 2, 16))
        assert db.due_between("2024-01-01", when) == db.due_between(D(2024, 1, 1), D(2024, 2, 16))
        assert db.compliance(np.datetime64("2024-01-01"), when) == db.compliance(D(2024, 1, 1), D(2024, 2, 16))
        assert reports.monthly(db, when).as_of == D(2024, 2, 29)
    cal = Calendar.england_and_wales()
    assert cal.working_days_between("2024-03-28", np.datetime64("2024-04-02")) == 1  # Good Friday, Easter Monday
    assert cal.add_working_days(["2024-03-28", pd.Timestamp("2024-03-28")], 1) == [D(2024, 4, 2)] * 2
    custom = Calendar.custom(["Saturday", "Sunday"], [("2024-12-25", "Christmas Day")], "Board", "1",
                             first="2024-01-01", last=np.datetime64("2024-12-31"), confirmed_through="2024-12-31")
    assert custom.holiday_name(np.datetime64("2024-12-25")) == "Christmas Day"
    assert custom.first == D(2024, 1, 1) and custom.last == D(2024, 12, 31)


def test_a_date_taken_from_a_dataframe_goes_straight_back_in():
    r = review()
    frame = r.timetable(D(2024, 1, 19)).to_pandas()
    due = frame.set_index("milestone").loc["decision", "due"]  # a naive pandas.Timestamp
    assert r.timetable(due).row("decision").status == r.timetable(D(2024, 2, 15)).row("decision").status
    cal = Calendar.england_and_wales()
    assert cal.due(due, "1 month") == D(2024, 3, 15)  # a date in, a date out
    assert cal.next_working_day(frame["due"].to_numpy()[0]) == cal.next_working_day(
        frame["due"].iloc[0].date())


def test_an_aware_timestamp_anchor_is_still_an_instant_for_hours():
    cal = Calendar.england_and_wales()
    got = cal.due(pd.Timestamp("2024-03-30T22:00", tz="UTC"), "72 hours")
    assert got == dt.datetime(2024, 4, 2, 22, 0, tzinfo=UTC)
    assert cal.due(pd.Timestamp("2024-01-31"), "1 month") == D(2024, 2, 29)
    assert cal.before(pd.Timestamp("2024-06-10"), "5 working days") == D(2024, 6, 3)


def test_other_dates_in_the_python_layer_take_the_new_forms():
    setup = ChronologySetup("solihull-2011", period_from="2023-03-01", period_to=pd.Timestamp("2024-02-29"))
    assert (setup.period_from, setup.period_to) == (D(2023, 3, 1), D(2024, 2, 29))
    with pytest.raises(TypeError, match="period_from must be a datetime.date or None"):
        ChronologySetup("solihull-2011", period_from=dt.datetime(2023, 3, 1, tzinfo=UTC))  # as before
    action = ActionInput("1.1", "1", "Refresher", by_when=np.datetime64("2025-03-31"),
                         review_on="2025-01-31")
    assert (action.by_when, action.review_on) == ("2025-03-31", D(2025, 1, 31))
    assert ActionInput("1.1", "1", "Refresher", by_when=pd.Timestamp("2025-03-31")).by_when == "2025-03-31"
    assert reports.monthly(opened(), np.datetime64("2024-02-10")).as_of == D(2024, 2, 29)
    merged = MultiAgencyChronology("solihull-2011", [police_check()])
    assert merged.select(start="2023-01-01", end=np.datetime64("2030-01-01")) == merged.select(
        start=D(2023, 1, 1), end=D(2030, 1, 1))


@pytest.mark.parametrize("at", [
    pytest.param(dt.datetime(2024, 1, 19, 10), id="naive datetime"),
    pytest.param("naive Timestamp", id="naive Timestamp"),
])
def test_instants_still_refuse_naive_times(at):
    if at == "naive Timestamp":
        at = pd.Timestamp("2024-01-19T10:00")
    r = Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, OPENING)
    with pytest.raises(TypeError, match=r"^at .* is a naive datetime: give it a time zone"):
        r.record("panel_convened", at, CHAIR)
    db = opened()
    with pytest.raises(TypeError, match=r"^at .* is a naive datetime: give it a time zone"):
        db.record("Child Q", "panel_convened", at, CHAIR)


@pytest.mark.parametrize("at", ["2024-01-19T10:00:00+00:00", "2024-01-19", D(2024, 1, 19),
                                np.datetime64("2024-01-19T10:00")])
def test_instants_still_take_only_aware_datetimes(at):
    r = Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, OPENING)
    with pytest.raises(TypeError, match=r"^at must be a datetime\.datetime with a time zone, not "):
        r.record("panel_convened", at, CHAIR)


# ---- 3. tables in Jupyter -----------------------------------------------------------------


class _Tags(html.parser.HTMLParser):
    """The tags of an HTML fragment and the text of each cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self.headers: list[str] = []
        self._in: str = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._in = tag
            (self.cells if tag == "td" else self.headers).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "td":
            self.cells[-1] += data
        elif self._in == "th":
            self.headers[-1] += data


def parsed(fragment: str) -> _Tags:
    tags = _Tags()
    tags.feed(fragment)
    tags.close()
    return tags


HOSTILE = '<script>alert("x")</script> & <b onmouseover=\'y\'>Child Q</b>'


def test_a_table_shows_as_html_with_every_cell_escaped():
    db = opened(HOSTILE)
    db.record(HOSTILE, "panel_convened", london(2024, 1, 19), Actor("<i>R. Jones</i>", "lscb_chair", "A & B"))
    for table in (db.reviews(), db.overdue(D(2024, 3, 1)), db.history(HOSTILE)):
        fragment = table._repr_html_()
        assert "<script" not in fragment and "<b " not in fragment and "<i>" not in fragment
        tags = parsed(fragment)
        # Only the table's own markup: nothing a cell holds became a tag.
        assert set(tags.tags) <= {"table", "caption", "thead", "tbody", "tr", "th", "td", "p"}
        assert tags.headers == [f.name for f in dataclasses.fields(table.row_type)]
        if "reference" in tags.headers:
            assert HOSTILE in tags.cells  # the text itself, unescaped again by the parser
    events = db.load(HOSTILE).history()  # the events themselves: who recorded each is a cell
    fragment = events._repr_html_()
    assert "<i>" not in fragment and "&lt;i&gt;R. Jones&lt;/i&gt; (lscb_chair, A &amp; B)" in fragment
    assert "<i>R. Jones</i> (lscb_chair, A & B)" in parsed(fragment).cells
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in db.reviews()._repr_html_()


def test_the_html_names_the_table_and_shows_dates_in_iso_form():
    table = review().timetable(D(2024, 2, 1))
    fragment = table._repr_html_()
    assert fragment.startswith('<table class="libscr-table">')
    assert f"<caption>Table[TimetableRow]: {len(table)} rows</caption>" in fragment
    tags = parsed(fragment)
    assert tags.headers[0] == "milestone" and "due" in tags.headers
    row = dict(zip(tags.headers, tags.cells[: len(tags.headers)]))
    first = table[0]
    assert row["milestone"] == first.milestone and row["due"] == (first.due.isoformat() if first.due else "")


def _rows(n: int) -> Table[TimetableRow]:
    row = review().timetable(D(2024, 2, 1))[0]
    return Table(TimetableRow, [row] * n)


@pytest.mark.parametrize("n, shown, note", [
    (0, 0, None), (1, 1, None), (60, 60, None), (61, 60, "... 1 more row "), (500, 60, "... 440 more rows "),
])
def test_the_html_shows_at_most_60_rows_and_counts_the_rest(n, shown, note):
    fragment = _rows(n)._repr_html_()
    assert fragment.count("<tr>") == shown + 1  # the header's row too
    if note is None:
        assert "more row" not in fragment
    else:
        assert f"<p>{note}(to_pandas() gives them all)</p>" in fragment
    assert f": {n} row{'' if n == 1 else 's'}</caption>" in fragment


def test_subclasses_show_as_html_too():
    steps = review().next(D(2024, 2, 1))
    assert isinstance(steps, NextSteps)
    tags = parsed(steps._repr_html_())
    assert tags.headers[:2] == ["action", "name"] and len(tags.cells) == len(steps) * len(tags.headers)
    overdue = opened().overdue(D(2024, 3, 1))
    assert isinstance(overdue, StoreTable)
    assert "<caption>StoreTable[DueItem]:" in overdue._repr_html_()


def test_the_repr_of_a_long_table_is_short():
    long = _rows(1000)
    text = repr(long)
    assert text.startswith("Table[TimetableRow](1000 rows: TimetableRow(") and text.endswith(", ... 997 more)")
    assert len(text) < 4 * len(repr(long[0]))
    assert repr(_rows(0)) == "Table[TimetableRow](0 rows)"
    assert repr(_rows(1)) == f"Table[TimetableRow](1 row: {long[0]!r})"
    steps = review().next(D(2024, 2, 1))
    assert repr(steps).startswith(f"NextSteps('Child Q', as of 2024-02-01: {len(steps)} rows: NextStep(")
    assert len(repr(steps)) < 4 * max(len(repr(s)) for s in steps)


# ---- 4. typing ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", [
    Table.to_pandas, NextSteps.to_pandas, StoreTable.to_pandas, reports.MonthlyReport.to_pandas,
    Procedure.to_pandas, AgencyChronology.to_pandas, MultiAgencyChronology.to_pandas, ActionPlan.to_pandas,
])
def test_to_pandas_is_typed_as_a_dataframe(method):
    assert inspect.signature(method).return_annotation == "pandas.DataFrame"


def test_the_assurance_report_is_typed_as_dataframes_by_name():
    assert inspect.signature(AssuranceReport.to_pandas).return_annotation == "dict[str, pandas.DataFrame]"


def test_the_dataframe_annotations_resolve_where_pandas_is_installed():
    import typing

    from libscr import review as review_module

    hints = typing.get_type_hints(Table.to_pandas, globalns={**vars(review_module), "pandas": pd})
    assert hints["return"] is pd.DataFrame


def test_libscr_does_not_import_pandas_itself():
    code = "import sys, libscr, libscr.action_plans, libscr.chronology, libscr.reports; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- 5. due items, events and one vocabulary ----------------------------------------------

TRACKER = ROOT / "tests" / "data" / "bulk-load" / "tracker.csv"


def tracked() -> Store:
    """The tests' tracking spreadsheet: 20 Solihull reviews referred weekly
    from 8 January 2024, each decided 17 days after its referral."""
    db = Store.in_memory()
    assert db.load_steps(TRACKER).loaded == 20
    return db


class _Counting:
    """The compiled store, counting the calls of each of its methods."""

    def __init__(self, core: Any) -> None:
        self.core = core
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        self.calls[name] = self.calls.get(name, 0) + 1
        return getattr(self.core, name)


def test_due_items_carry_their_reviews_state_procedure_and_closure():
    db = tracked()
    items = db.overdue(D(2024, 3, 1))
    states = {s.reference: s.state for s in db.reviews(as_of=D(2024, 3, 1))}
    assert len(items) > 20 and {i.reference for i in items} <= set(states)
    assert all(i.state == states[i.reference] and i.procedure_id == PACK and not i.closed for i in items)
    # Child G was referred on 19 February and decided on 7 March: on 1 March
    # its notice of the incident (due in a week) is late, its panel considering.
    assert items.row("Child G", "incident_notice").state == "panel_considering"
    # The same items, and the review's state as of the day asked, not as now.
    assert db.due_between(D(2024, 1, 1), D(2024, 2, 29), as_of=D(2024, 3, 1)).row(
        "Child G", "incident_notice").state == "panel_considering"
    assert db.due_between(D(2024, 1, 1), D(2024, 2, 29)).row("Child G", "incident_notice").state \
        == "agency_reviews"
    # The new fields come last: the old ones keep their places.
    assert [f.name for f in dataclasses.fields(type(items[0]))][-3:] == ["state", "procedure_id", "closed"]


def test_due_items_read_the_reviews_once_per_call_not_once_per_row():
    db = tracked()
    counting = _Counting(db._core)
    db._core = counting  # type: ignore[assignment]
    assert len(db.overdue(D(2024, 7, 1))) > 100
    assert len(db.due_between(D(2024, 1, 1), D(2024, 12, 31))) > 100
    # One call each: the items come with their reviews' state, read in C++
    # for those reviews alone (not every review of the store, nor one a row).
    assert counting.calls == {"overdue_rows": 1, "due_between_rows": 1}


def test_a_review_level_item_has_no_agency_and_a_tracks_names_it():
    db = tracked()
    items = db.overdue(D(2024, 3, 1))
    assert items.row("Child A", "incident_notice").agency is None
    assert items.row("Child A", "author_named", agency="Police").agency == "Police"
    frame = items.to_pandas()
    assert frame["agency"].isna().sum() == sum(1 for i in items if i.agency is None) > 0
    assert set(frame["agency"].dropna()) == {"Police"}

    r = db.load("Child A")
    timetable = r.timetable(D(2024, 3, 1))
    assert timetable.row("decision").agency is None and timetable.row("reply", "Police").agency == "Police"
    assert timetable.to_pandas()["agency"].isna().sum() == sum(1 for t in timetable if t.agency is None) > 0
    assert r.obligations(D(2024, 3, 1)).row("incident_notice").agency is None
    entries = reports.timetable(r, D(2024, 3, 1))
    assert entries.row("decision").agency is None and entries.row("reply", "Police").agency == "Police"


def test_the_old_names_still_read_with_a_deprecation_warning():
    db = tracked()
    item = db.overdue(D(2024, 3, 1)).row("Child A", "incident_notice")
    entry = reports.timetable(db.load("Child A"), D(2024, 3, 1)).row("decision")
    track = db.load("Child A").tracks()[0]
    for row, old, new in ((item, "id", "item"), (item, "days_overdue", "days_late"), (entry, "id", "item"),
                          (track, "started", "started_at")):
        with pytest.warns(DeprecationWarning, match=f"{type(row).__name__}.{old} is deprecated: it is now '{new}'"):
            assert getattr(row, old) == getattr(row, new)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(row, old, None)
        assert old not in {f.name for f in dataclasses.fields(row)}


#: The names every result type shares (docs/reports.md, "Column vocabulary"),
#: and what they replaced.
RENAMED = {"id": "item", "days_overdue": "days_late", "started": "started_at"}


def _result_types() -> list[type]:
    from libscr import action_plans, chronology, review, store

    modules = (review, store, reports, action_plans, chronology)
    return [t for m in modules for t in vars(m).values()
            if isinstance(t, type) and dataclasses.is_dataclass(t) and t.__module__ == m.__name__]


def test_results_use_one_name_for_one_thing():
    instants = (dt.datetime, Optional[dt.datetime])
    for t in _result_types():
        names = {f.name for f in dataclasses.fields(t)}
        kinds = getattr(t, "_CATEGORIES", {}).get("kind", ())
        if set(kinds) == {"milestone", "obligation"}:  # rows of either: the id is the item
            assert "item" in names and "id" not in names, t
        assert not names & {"days_overdue", "started"}, t
        # An instant ends in _at (or is "at"); a date never does.
        hints = typing.get_type_hints(t)
        for name in names:
            if name.endswith("_at"):
                assert hints[name] in instants, (t, name)
    documented = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    vocabulary = documented.split("### Column vocabulary", 1)[1].split("\n#", 1)[0]
    for old, new in RENAMED.items():
        assert f"`{new}`" in vocabulary and f"`{old}`" in vocabulary, new


def test_every_event_of_every_review_is_one_table():
    db = tracked()
    db.void("Child T", 1, "Opened by mistake", london(2024, 6, 7), CHAIR)
    events = db.events()
    assert isinstance(events, StoreTable) and len(events) == 200 + 1
    assert [e.reference for e in events[:10]] == ["Child A"] * 10
    assert [e.sequence for e in events if e.reference == "Child B"] == list(range(1, 11))
    first = events.row("Child A", 1)
    assert (first.kind, first.name, first.subject, first.agency, first.procedure_id, first.voided) == (
        "opened", "referral_received", "Child A", None, PACK, False)
    assert first.data["incident_at"] == dt.datetime(2024, 1, 6, 22, tzinfo=UTC)
    assert first.hash == db.history("Child A")[0].hash
    # A track's event is found by its key whatever its agency.
    confirmed = events.row("Child A", 3)
    assert (confirmed.name, confirmed.agency, confirmed.by) == (
        "involvement_confirmed", "Police", Actor("L. Green", "business_manager", "Solihull LSCB"))
    void = events.row("Child T", 11)
    assert (void.kind, void.corrects, void.reason, void.voided) == ("voided", 1, "Opened by mistake", True)
    assert all(e.voided for e in events if e.reference == "Child T")
    # As of a day: the events that had happened by its end (London time).
    january = db.events(D(2024, 1, 31))
    assert len(january) == 19 and all(e.at < dt.datetime(2024, 2, 1, tzinfo=UTC) for e in january)
    frame = events.to_pandas()
    for column in ("reference", "procedure_id", "sequence", "kind", "name", "agency", "subject", "at",
                   "recorded_at", "by_name", "by_role", "by_agency", "data", "corrects", "reason", "hash", "voided"):
        assert column in frame.columns, column
    assert str(frame["at"].dtype) == "datetime64[ns, UTC]" and str(frame["sequence"].dtype) == "int64"
    assert frame["agency"].isna().sum() == sum(1 for e in events if e.agency is None)
    assert frame.groupby("by_name").size().to_dict() == {"A. Patel": 7 * 20 + 1, "J. Smith": 2 * 20, "L. Green": 20}
