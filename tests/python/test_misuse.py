"""Misuse of the public Python API, swept argument by argument.

The rule: a wrong argument raises TypeError or ValueError (an InputError is a
ValueError) whose message names the argument, the type it takes and the type
it was given, and never pybind11's own message ("incompatible function
arguments ... Invoked with: ...").

CALLS lists every public callable with a call that works
(test_the_valid_call_runs checks that it does) and the kind of value each
parameter takes. Each case makes that call with one argument swapped for a
value of the wrong type. test_every_public_callable_is_swept keeps CALLS
complete: a public method, function or parameter added without an entry here
fails it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import re
from pathlib import Path
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo

import pytest

import libscr
from libscr import (
    Actor,
    Calendar,
    Holiday,
    Procedure,
    Review,
    Store,
    Timescale,
    TimeUnit,
    add_months,
    parse_date,
    reports,
)
from libscr.chronology import (
    Acronym,
    ChronologyFormat,
    ChronologySetup,
    ChronologyTable,
    MultiAgencyChronology,
    check_chronology,
    read_chronology,
    read_chronology_bytes,
)
from libscr.review import Event, NextStep, NextSteps, Table
from libscr.store import LedgerHead, StoreTable

D = dt.date
LONDON = ZoneInfo("Europe/London")
PACK = "solihull-2011-scr"

CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")
ADMIN = Actor("R. Jones", "administrator", "Solihull LSCB")
BOARD = Actor("Solihull LSCB", "lscb", "Solihull LSCB")

#: pybind11's own wording for arguments it cannot convert.
RAW = re.compile(r"incompatible (function|constructor) arguments|Invoked with")


def london(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


OPENING = {"incident_at": london(2024, 1, 13, 22), "referring_agency": "Police"}
RECOMMENDED = {"recommendation": "scr"}

GOVUK = """{"england-and-wales": {"division": "england-and-wales", "events": [
  {"title": "Christmas Day", "date": "2024-12-25", "notes": "", "bunting": true}]}}"""


# ---- the world each case runs in -----------------------------------------------------


class World:
    """A store holding 'Child Q' (opened, the panel convened) and 'Child X'
    (opened by mistake and void), the review 'Child Q' as the store holds it,
    and a folder for files: each made when a case first uses it, afresh for
    every case (a wrong argument that were accepted could change it)."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    @functools.cached_property
    def folder(self) -> Path:
        return self._request.getfixturevalue("tmp_path")

    @functools.cached_property
    def db(self) -> Store:
        db = Store.in_memory(clock=lambda: london(2024, 6, 1, 12))
        db.open_review(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, OPENING)
        db.record("Child Q", "panel_convened", london(2024, 1, 19), CHAIR)
        db.open_review(PACK, "Child X", london(2024, 1, 15, 9), CHAIR, OPENING)
        db.void("Child X", 1, "Opened by mistake", london(2024, 1, 16), CHAIR)
        return db

    @functools.cached_property
    def review(self) -> Review:
        review = Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, OPENING)
        review.record("panel_convened", london(2024, 1, 19), CHAIR)
        return review

    @functools.cached_property
    def pack_file(self) -> Path:
        path = self.folder / "pack.yaml"
        path.write_text(Procedure.builtin_source(PACK), encoding="utf-8")
        return path


@dataclasses.dataclass(frozen=True)
class W:
    """A valid argument that needs the world (a review, a store, rows)."""

    get: Callable[[World], Any]


@dataclasses.dataclass(frozen=True)
class FromValid:
    """A wrong value made from the valid one (its bytes, its first event)."""

    make: Callable[[Any], Any]


# ---- kinds of argument and their wrong values ------------------------------------------


@dataclasses.dataclass(frozen=True)
class Kind:
    #: A pattern the message must match: the type the argument takes.
    expects: str
    #: Wrong values, each with a label for the test id.
    bad: tuple[tuple[str, Any], ...]


def _bytes_of(valid: Any) -> bytes:
    return valid.encode() if isinstance(valid, str) else b"Police"


TEXT = Kind(r"\bstr\b|\btext\b", (("int", 3), ("None", None), ("bytes", FromValid(_bytes_of)),
                                  ("object", object())))
OPT_TEXT = Kind(TEXT.expects, tuple(b for b in TEXT.bad if b[0] != "None"))
INSTANT = Kind(r"datetime", (("str", "2024-01-22T10:00:00+00:00"), ("date", D(2024, 1, 22)),
                             ("int", 1705917600), ("None", None), ("naive", dt.datetime(2024, 1, 22, 10))))
OPT_INSTANT = Kind(INSTANT.expects, tuple(b for b in INSTANT.bad if b[0] != "None"))
# ISO text ("2024-02-01"), numpy.datetime64 and pandas.Timestamp are dates too;
# text in another form, or an ISO date that does not exist, is not.
DATE = Kind(r"date", (("str", "1 February 2024"), ("ISO str, no such day", "2024-02-30"), ("int", 20240201),
                      ("None", None), ("naive", dt.datetime(2024, 2, 1, 10))))
OPT_DATE = Kind(DATE.expects, tuple(b for b in DATE.bad if b[0] != "None"))
INT = Kind(r"\bint\b|integer", (("float", 1.5), ("str", "1"), ("None", None), ("bool", True)))
OPT_INT = Kind(INT.expects, tuple(b for b in INT.bad if b[0] != "None"))
BOOL = Kind(r"\bbool\b", (("str", "no"), ("None", None), ("int", 1)))
ACTOR = Kind(r"\bActor\b", (("str", "A. Patel"), ("None", None), ("short tuple", ("A. Patel",)),
                            ("tuple with int", ("A. Patel", 3))))
DATA = Kind(r"mapping|\bdict\b", (("list", [("recommendation", "scr")]), ("str", "recommendation=scr"),
                                  ("int", 3)))
PROCEDURE = Kind(r"Procedure", (("int", 3), ("None", None), ("object", object())))
OPT_PROCEDURE = Kind(PROCEDURE.expects, (("int", 3), ("object", object())))
CALENDAR = Kind(r"Calendar", (("str", "england-and-wales"), ("None", None), ("int", 3)))
OPT_CALENDAR = Kind(CALENDAR.expects, (("str", "england-and-wales"), ("int", 3)))
# A large number: before paths were checked, open() took an int as a file descriptor.
PATH = Kind(r"PathLike|\bstr\b", (("int", 987654), ("None", None), ("bytes", b"pack.yaml"), ("object", object())))
OPT_PATH = Kind(PATH.expects, tuple(b for b in PATH.bad if b[0] != "None"))
CLOCK = Kind(r"function", (("int", 3), ("str", "now")))
ALLOWANCE = Kind(r"timedelta", (("int", 300), ("str", "5 minutes"), ("float", 1.5)))
EVENT = Kind(r"\bEvent\b", (("str", "recorded"), ("None", None), ("int", 3)))
EVENTS = Kind(r"\bEvent\b", (("int", 3), ("None", None), ("list of str", ["recorded"]),
                             ("one Event", FromValid(lambda events: events[0]))))
DECLARATIONS = Kind(r"\bstr\b|\btext\b", (("int", 3), ("None", None), ("list of int", [3]),
                                          ("list of bytes", [b"member_of_involved_lscb"])))
TIME = Kind(r"datetime\.time|'10:00'", (("int", 10), ("float", 10.5), ("bytes", b"10:00")))
SEQUENCES = Kind(r"\bint", (("str", "2"), ("float", 2.0), ("list of float", [2.0]), ("None", None),
                            ("bool", True)))
EXPECT_HEAD = Kind(r"LedgerHead|POSITION:HASH", (("int", 3), ("tuple", (1, "ab"))))
WEEKEND = Kind(r"weekday", (("int", 5), ("str", "Saturday"), ("list of float", [5.0]), ("None", None)))
HOLIDAYS = Kind(r"Holiday|date", (("int", 3), ("None", None), ("str", "2024-12-25"),
                                  ("list of str", ["2024-12-25"])))
TIMESCALE = Kind(r"Timescale", (("int", 1), ("None", None), ("object", object())))
UNIT = Kind(r"TimeUnit", (("str", "days"), ("int", 1), ("None", None)))
REVIEW = Kind(r"\bReview\b", (("str", "Child Q"), ("None", None), ("object", object())))
STORE = Kind(r"\bStore\b", (("str", ":memory:"), ("None", None), ("object", object())))
MONTH = Kind(r"YYYY-MM|date", (("int", 202402), ("float", 2024.02), ("short tuple", (2024,)),
                               ("tuple of str", ("2024", "02"))))
ROWS = Kind(r"DueItem|HeadlineCompliance", (("int", 3), ("None", None), ("list of str", ["Child Q"])))
OPT_ACTOR = Kind(ACTOR.expects, tuple(b for b in ACTOR.bad if b[0] != "None"))
TEXTS = Kind(r"\bstr\b|\btext\b", (("int", 3), ("None", None), ("str", "Rosie"), ("list of int", [3]),
                                     ("list of bytes", [b"Rosie"])))
OPT_TEXTS = Kind(TEXTS.expects, tuple(b for b in TEXTS.bad if b[0] != "None"))
#: A review export: its JSON text (str or bytes) or a file's path.
DOCUMENT = Kind(r"\bstr\b.*PathLike", (("int", 3), ("None", None), ("object", object())))
#: A table: a file's path or its bytes.
PATH_OR_BYTES = Kind(r"PathLike.*bytes|bytes.*PathLike", (("int", 3), ("None", None), ("object", object())))
REFERENCES = Kind(r"reference", (("int", 3), ("None", None), ("list of int", [3])))
STATES = Kind(r"mapping", (("list", [("scoping", "terms")]), ("str", "scoping=terms"), ("int", 3)))
OPT_PROCEDURES = Kind(r"list of Procedure", (("int", 3), ("str", "solihull-2011-scr"), ("list of str", ["x"])))
CHRONOLOGY_FORMAT = Kind(r"ChronologyFormat", (("int", 3), ("None", None), ("object", object())))
OPT_CHRONOLOGY_FORMAT = Kind(CHRONOLOGY_FORMAT.expects, (("int", 3), ("object", object())))
SETUP = Kind(r"ChronologySetup", (("str", "solihull-2011"), ("None", None), ("int", 3)))
ACRONYMS = Kind(r"Acronym", (("str", "M"), ("None", None), ("int", 3), ("list of str", ["M"]),
                             ("list of int", [3])))
#: An agency's chronology: a ChronologyTable, a file's path or its bytes.
CHRONOLOGY = Kind(r"ChronologyTable", (("int", 3), ("None", None), ("list of rows", [["Date"]])))
CHRONOLOGIES = Kind(r"AgencyChronology", (("int", 3), ("None", None), ("list of str", ["police.csv"])))
CELL_ROWS = Kind(r"list of (rows|cell values)", (("int", 3), ("None", None), ("str", "Date,Time"),
                                                ("list of int", [3])))
BYTES = Kind(r"\bbytes\b", (("str", "Date,Time"), ("int", 3), ("None", None)))


def core_of(how: str) -> Kind:
    """The compiled object a wrapper class is built around; the message says
    how to build one instead."""
    return Kind(re.escape(how), (("str", "x"), ("None", None), ("int", 3)))


# ---- the callables --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Param:
    valid: Any
    kind: Kind
    #: What the message calls the argument, where it is not its name.
    label: Optional[str] = None


@dataclasses.dataclass(frozen=True)
class Call:
    name: str
    target: Callable[[World], Callable[..., Any]]
    params: dict[str, Param]
    #: Parameters not swept, with the reason.
    unswept: dict[str, str] = dataclasses.field(default_factory=dict)


def p(valid: Any, kind: Kind, label: Optional[str] = None) -> Param:
    return Param(valid, kind, label)


def call(name: str, target: Callable[[World], Callable[..., Any]], /, unswept: Optional[dict[str, str]] = None,
         **params: Param) -> Call:
    return Call(name, target, params, unswept or {})


AT = london(2024, 1, 22)
CHRONOLOGY_DATA = Path(__file__).resolve().parents[1] / "data" / "chronology"
SETUP_FILE = CHRONOLOGY_DATA / "setup.yaml"
STOCKPORT_FILE = Path(__file__).resolve().parents[2] / "libscr" / "chronology-formats" / "stockport-2010.yaml"
POLICE = CHRONOLOGY_DATA / "solihull-2011" / "police.csv"
SOLIHULL_SETUP = W(lambda w: ChronologySetup.load(SETUP_FILE, format="solihull-2011"))
POLICE_CHECKS = W(lambda w: [check_chronology(ChronologySetup.load(SETUP_FILE, format="solihull-2011"), "Police",
                                              POLICE)])


def _tracker_path(w: World) -> Path:
    """The tests' tracking spreadsheet of 20 reviews (docs/bulk-load.md)."""
    return Path(__file__).resolve().parents[1] / "data" / "bulk-load" / "tracker.csv"


def _export_of_child_z(w: World) -> str:
    """A review export of 'Child Z', a review the world's store does not hold."""
    other = Store.in_memory(clock=lambda: london(2024, 6, 1, 12))
    other.open_review(PACK, "Child Z", london(2024, 1, 15, 9), CHAIR, OPENING)
    return other.export_reviews()


def _merged(w: World) -> MultiAgencyChronology:
    return MultiAgencyChronology("solihull-2011", POLICE_CHECKS.get(w))
HISTORY = W(lambda w: w.review.history())
NEXT_EVENT = Event("recorded", "panel_recommended", AT, CHAIR, data=RECOMMENDED)
ROWS_OF = W(lambda w: w.db.overdue(D(2024, 3, 1)))

CALLS: list[Call] = [
    # ---- module functions and compiled classes ---------------------------------------
    call("add_months", lambda w: add_months, date=p(D(2024, 1, 31), DATE), months=p(1, INT)),
    call("parse_date", lambda w: parse_date,
         text=p("2024-01-31", Kind(TEXT.expects, TEXT.bad + (("date", D(2024, 1, 31)),)))),
    call("Holiday.__init__", lambda w: Holiday, date=p(D(2024, 12, 25), DATE), name=p("Christmas Day", TEXT)),
    call("Timescale.__init__", lambda w: Timescale, amount=p(5, INT), unit=p(TimeUnit.DAYS, UNIT)),
    call("Timescale.parse", lambda w: Timescale.parse, text=p("5 working days", TEXT)),
    # ---- Calendar --------------------------------------------------------------------
    call("Calendar.__init__", lambda w: Calendar, core=p(W(lambda w: w.review.calendar._c),
                                                         core_of("Calendar.england_and_wales()"))),
    call("Calendar.from_govuk_json", lambda w: Calendar.from_govuk_json,
         text=p(GOVUK, Kind(TEXT.expects + "|bytes", (("int", 3), ("None", None), ("object", object())))),
         division=p("england-and-wales", TEXT)),
    call("Calendar.custom", lambda w: Calendar.custom,
         weekend=p([5, 6], WEEKEND), holidays=p({D(2024, 12, 25): "Christmas Day"}, HOLIDAYS),
         name=p("Board", TEXT), version=p("2024-1", TEXT), first=p(D(2024, 1, 1), OPT_DATE),
         last=p(D(2024, 12, 31), OPT_DATE), confirmed_through=p(D(2024, 12, 31), OPT_DATE)),
    call("Calendar.is_provisional", lambda w: w.review.calendar.is_provisional, d=p(D(2024, 1, 1), DATE, "date")),
    call("Calendar.holidays", lambda w: w.review.calendar.holidays, year=p(2024, INT)),
    call("Calendar.updated_with", lambda w: Calendar.england_and_wales().updated_with,
         announced=p(W(lambda w: Calendar.custom(
             [5, 6], {D(2024, 6, 17): "Day of mourning"}, "announced", "1", first=D(2024, 1, 1),
             last=D(2024, 12, 31))), CALENDAR),
         version=p("2024-06-08", TEXT)),
    call("Calendar.holiday_name", lambda w: w.review.calendar.holiday_name, d=p(D(2024, 12, 25), DATE, "date")),
    call("Calendar.is_working_day", lambda w: w.review.calendar.is_working_day, d=p(D(2024, 1, 1), DATE, "date")),
    call("Calendar.next_working_day", lambda w: w.review.calendar.next_working_day,
         d=p(D(2024, 1, 1), DATE, "date")),
    call("Calendar.previous_working_day", lambda w: w.review.calendar.previous_working_day,
         d=p(D(2024, 1, 1), DATE, "date")),
    call("Calendar.add_working_days", lambda w: w.review.calendar.add_working_days,
         d=p(D(2024, 1, 1), DATE, "date"), n=p(5, INT, "working-day count")),
    call("Calendar.working_days_between", lambda w: w.review.calendar.working_days_between,
         a=p(D(2024, 1, 1), DATE, "start date"), b=p(D(2024, 2, 1), DATE, "end date")),
    call("Calendar.due", lambda w: w.review.calendar.due,
         anchor=p(D(2024, 1, 31), DATE), timescale=p("1 month", TIMESCALE)),
    call("Calendar.before", lambda w: w.review.calendar.before,
         d=p(D(2024, 1, 31), DATE, "date"), timescale=p("5 working days", TIMESCALE)),
    # ---- Procedure -------------------------------------------------------------------
    call("Procedure.__init__", lambda w: Procedure,
         core=p(W(lambda w: w.review.procedure._core), core_of("Procedure.builtin()"))),
    call("Procedure.builtin", lambda w: Procedure.builtin, id=p(PACK, TEXT)),
    call("Procedure.builtin_source", lambda w: Procedure.builtin_source, id=p(PACK, TEXT)),
    call("Procedure.load", lambda w: Procedure.load, path=p(W(lambda w: w.pack_file), PATH)),
    call("Procedure.loads", lambda w: Procedure.loads,
         text=p(Procedure.builtin_source(PACK), TEXT), name=p("pack.yaml", TEXT)),
    call("Procedure.check", lambda w: Procedure.check,
         text=p(Procedure.builtin_source(PACK), TEXT), name=p("pack.yaml", TEXT)),
    call("Procedure.check_file", lambda w: Procedure.check_file, path=p(W(lambda w: w.pack_file), PATH)),
    call("Procedure.role", lambda w: w.review.procedure.role, id=p("lscb_chair", TEXT)),
    call("Procedure.state", lambda w: w.review.procedure.state, id=p("considering", TEXT)),
    call("Procedure.event", lambda w: w.review.procedure.event, name=p("panel_convened", TEXT)),
    call("Procedure.milestone", lambda w: w.review.procedure.milestone, id=p("decision", TEXT)),
    call("Procedure.obligation", lambda w: w.review.procedure.obligation, id=p("incident_notice", TEXT)),
    call("Procedure.track", lambda w: w.review.procedure.track, id=p("imr", TEXT)),
    call("Procedure.table", lambda w: w.review.procedure.table, what=p("milestones", TEXT)),
    call("Procedure.to_pandas", lambda w: w.review.procedure.to_pandas, what=p("milestones", TEXT)),
    call("Procedure.diff", lambda w: w.review.procedure.diff, to=p(W(lambda w: w.review.procedure), PROCEDURE)),
    # ---- rows --------------------------------------------------------------------------
    call("Actor.__init__", lambda w: Actor,
         name=p("A. Patel", TEXT), role=p("lscb_chair", TEXT), agency=p("Solihull LSCB", TEXT)),
    call("Event.__init__", lambda w: Event,
         kind=p("recorded", TEXT), name=p("panel_recommended", TEXT), at=p(AT, INSTANT), by=p(CHAIR, ACTOR),
         agency=p("", TEXT), subject=p("", TEXT), data=p(RECOMMENDED, DATA), corrects=p(0, INT),
         reason=p("", TEXT)),
    call("LedgerHead.__init__", lambda w: LedgerHead, position=p(3, INT), hash=p("ab" * 32, TEXT)),
    call("LedgerHead.parse", lambda w: LedgerHead.parse,
         text=p(W(lambda w: w.db.head().text()), Kind(TEXT.expects, (("int", 3), ("None", None), ("bytes", b"1:ab"))))),
    call("Table.row", lambda w: w.review.timetable(D(2024, 2, 1)).row, key=p("decision", TEXT),
         agency=p("", TEXT)),
    call("NextSteps.row", lambda w: w.review.next(D(2024, 1, 22)).row, key=p("panel_recommended", TEXT),
         agency=p("", TEXT), action=p(None, OPT_TEXT)),
    call("NextStep.field", lambda w: w.review.next(D(2024, 1, 22)).row("panel_recommended").field,
         name=p("recommendation", TEXT)),
    call("StoreTable.row", lambda w: functools.partial(w.db.reviews().row, "Child Q"), agency=p("", TEXT),
         unswept={"key": "any value its rows hold (a reference, a sequence number): one that is not there, "
                         "of any type, is a KeyError naming it"}),
    # ---- Review ------------------------------------------------------------------------
    call("Review.__init__", lambda w: Review,
         core=p(W(lambda w: w.review._core), core_of("Review.open()"))),
    call("Review.open", lambda w: Review.open,
         procedure=p(PACK, PROCEDURE), reference=p("Child Q", TEXT), at=p(london(2024, 1, 15, 9), INSTANT),
         actor=p(CHAIR, ACTOR), data=p(OPENING, DATA), calendar=p(None, OPT_CALENDAR)),
    call("Review.from_events", lambda w: Review.from_events,
         procedure=p(PACK, PROCEDURE), events=p(HISTORY, EVENTS), calendar=p(None, OPT_CALENDAR)),
    call("Review.record", lambda w: w.review.record,
         event=p("panel_recommended", TEXT), at=p(AT, INSTANT), actor=p(CHAIR, ACTOR), data=p(RECOMMENDED, DATA),
         agency=p(None, OPT_TEXT)),
    call("Review.assign", lambda w: w.review.assign,
         person=p("J. Smith", TEXT), role=p("panel_chair", TEXT), agency=p("Independent", TEXT), at=p(AT, INSTANT),
         by=p(CHAIR, ACTOR), declarations=p(["member_of_involved_lscb"], DECLARATIONS),
         person_id=p("E1", OPT_TEXT)),
    call("Review.schedule", lambda w: w.review.schedule,
         milestone=p("decision", TEXT), on=p(D(2024, 2, 10), DATE), at=p(AT, INSTANT), by=p(CHAIR, ACTOR),
         time=p("10:00", TIME), agency=p(None, OPT_TEXT)),
    call("Review.extend", lambda w: w.review.extend,
         milestone=p("completion", TEXT), new_due=p(D(2024, 9, 30), DATE), reason=p("More time", TEXT),
         at=p(AT, INSTANT), agreed_by=p(BOARD, ACTOR), agency=p(None, OPT_TEXT)),
    call("Review.hold", lambda w: w.review.hold, reason=p("Criminal trial", TEXT), at=p(AT, INSTANT),
         by=p(CHAIR, ACTOR)),
    call("Review.release", lambda w: (w.review.hold("Trial", london(2024, 1, 20), CHAIR), w.review.release)[1],
         at=p(AT, INSTANT), by=p(CHAIR, ACTOR), note=p("Trial over", OPT_TEXT)),
    call("Review.discharge", lambda w: w.review.discharge,
         obligation=p("incident_notice", TEXT), at=p(AT, INSTANT), by=p(ADMIN, ACTOR), note=p("Emailed", OPT_TEXT),
         agency=p(None, OPT_TEXT)),
    call("Review.apply", lambda w: w.review.apply, event=p(NEXT_EVENT, EVENT)),
    call("Review.void", lambda w: w.review.void,
         sequences=p(2, SEQUENCES), reason=p("Wrong case", TEXT), at=p(AT, INSTANT), by=p(CHAIR, ACTOR)),
    call("Review.amend", lambda w: w.review.amend,
         sequence=p(2, INT), reason=p("Typo", TEXT), by=p(CHAIR, ACTOR), at=p(london(2024, 1, 18), OPT_INSTANT),
         data=p(None, DATA)),
    call("Review.waive", lambda w: w.review.waive,
         item=p("incident_notice", TEXT), reason=p("Ofsted knew", TEXT), at=p(AT, INSTANT), by=p(ADMIN, ACTOR),
         agency=p(None, OPT_TEXT), occurrence=p(0, OPT_INT)),
    call("Review.unassign",
         lambda w: (w.review.assign("J. Smith", "panel_chair", "Independent", london(2024, 1, 20), CHAIR,
                                    ["member_of_involved_lscb"], "E1"), w.review.unassign)[1],
         person=p("J. Smith", TEXT), role=p("panel_chair", TEXT), reason=p("Wrong person", TEXT), at=p(AT, INSTANT),
         by=p(ADMIN, ACTOR), agency=p("Independent", OPT_TEXT), person_id=p("E1", OPT_TEXT)),
    call("Review.state_as_of", lambda w: w.review.state_as_of, as_of=p(D(2024, 2, 1), DATE)),
    call("Review.sequence_of", lambda w: w.review.sequence_of, index=p(0, INT)),
    call("Review.correction_of", lambda w: w.review.correction_of, sequence=p(2, INT)),
    call("Review.next", lambda w: w.review.next, as_of=p(D(2024, 2, 1), OPT_DATE)),
    call("Review.timetable", lambda w: w.review.timetable, as_of=p(D(2024, 2, 1), OPT_DATE)),
    call("Review.obligations", lambda w: w.review.obligations,
         as_of=p(D(2024, 2, 1), OPT_DATE), through=p(D(2024, 6, 1), OPT_DATE)),
    call("Review.warnings", lambda w: w.review.warnings, as_of=p(D(2024, 2, 1), OPT_DATE)),
    call("Review.compliance", lambda w: w.review.compliance, as_of=p(D(2024, 2, 1), OPT_DATE)),
    call("Review.recompute", lambda w: w.review.recompute,
         calendar=p(W(lambda w: Calendar.england_and_wales()), CALENDAR)),
    # ---- Store -------------------------------------------------------------------------
    call("Store.__init__", lambda w: Store,
         path=p(W(lambda w: w.folder / "reviews.db"), PATH), clock=p(None, CLOCK),
         future_allowance=p(None, ALLOWANCE), key_file=p(None, OPT_PATH), create_key=p(False, BOOL),
         cached_reviews=p(128, INT)),
    call("Store.in_memory", lambda w: Store.in_memory, clock=p(None, CLOCK), future_allowance=p(None, ALLOWANCE)),
    call("Store.copy", lambda w: Store.copy,
         source=p(W(lambda w: (Store(w.folder / "source.db").close(), w.folder / "source.db")[1]), PATH),
         destination=p(W(lambda w: w.folder / "copy.db"), PATH), key_file=p(None, OPT_PATH)),
    call("Store.add_calendar", lambda w: w.db.add_calendar,
         calendar=p(W(lambda w: Calendar.england_and_wales()), CALENDAR)),
    call("Store.open_review", lambda w: w.db.open_review,
         procedure=p(PACK, PROCEDURE), reference=p("Child R", TEXT), at=p(london(2024, 1, 15, 9), INSTANT),
         actor=p(CHAIR, ACTOR), data=p(OPENING, DATA)),
    call("Store.record", lambda w: w.db.record,
         reference=p("Child Q", TEXT), event=p("panel_recommended", TEXT), at=p(AT, INSTANT), actor=p(CHAIR, ACTOR),
         data=p(RECOMMENDED, DATA), agency=p(None, OPT_TEXT)),
    call("Store.assign", lambda w: w.db.assign,
         reference=p("Child Q", TEXT), person=p("J. Smith", TEXT), role=p("panel_chair", TEXT),
         agency=p("Independent", TEXT), at=p(AT, INSTANT), by=p(CHAIR, ACTOR),
         declarations=p(["member_of_involved_lscb"], DECLARATIONS), person_id=p("E1", OPT_TEXT)),
    call("Store.schedule", lambda w: w.db.schedule,
         reference=p("Child Q", TEXT), milestone=p("decision", TEXT), on=p(D(2024, 2, 10), DATE), at=p(AT, INSTANT),
         by=p(CHAIR, ACTOR), time=p("10:00", TIME), agency=p(None, OPT_TEXT)),
    call("Store.extend", lambda w: w.db.extend,
         reference=p("Child Q", TEXT), milestone=p("completion", TEXT), new_due=p(D(2024, 9, 30), DATE),
         reason=p("More time", TEXT), at=p(AT, INSTANT), agreed_by=p(BOARD, ACTOR), agency=p(None, OPT_TEXT)),
    call("Store.hold", lambda w: w.db.hold,
         reference=p("Child Q", TEXT), reason=p("Criminal trial", TEXT), at=p(AT, INSTANT), by=p(CHAIR, ACTOR)),
    call("Store.release", lambda w: (w.db.hold("Child Q", "Trial", london(2024, 1, 20), CHAIR), w.db.release)[1],
         reference=p("Child Q", TEXT), at=p(AT, INSTANT), by=p(CHAIR, ACTOR), note=p("Trial over", OPT_TEXT)),
    call("Store.discharge", lambda w: w.db.discharge,
         reference=p("Child Q", TEXT), obligation=p("incident_notice", TEXT), at=p(AT, INSTANT), by=p(ADMIN, ACTOR),
         note=p("Emailed", OPT_TEXT), agency=p(None, OPT_TEXT)),
    call("Store.append", lambda w: w.db.append,
         reference=p("Child Q", TEXT), expected_sequence=p(2, INT), events=p([NEXT_EVENT], EVENTS)),
    call("Store.void", lambda w: w.db.void,
         reference=p("Child Q", TEXT), sequences=p(2, SEQUENCES), reason=p("Wrong case", TEXT), at=p(AT, INSTANT),
         by=p(CHAIR, ACTOR)),
    call("Store.amend", lambda w: w.db.amend,
         reference=p("Child Q", TEXT), sequence=p(2, INT), reason=p("Typo", TEXT), by=p(CHAIR, ACTOR),
         at=p(london(2024, 1, 18), OPT_INSTANT), data=p(None, DATA)),
    call("Store.waive", lambda w: w.db.waive,
         reference=p("Child Q", TEXT), item=p("incident_notice", TEXT), reason=p("Ofsted knew", TEXT),
         at=p(AT, INSTANT), by=p(ADMIN, ACTOR), agency=p(None, OPT_TEXT), occurrence=p(0, OPT_INT)),
    call("Store.unassign",
         lambda w: (w.db.assign("Child Q", "J. Smith", "panel_chair", "Independent", london(2024, 1, 20), CHAIR,
                                ["member_of_involved_lscb"], "E1"), w.db.unassign)[1],
         reference=p("Child Q", TEXT), person=p("J. Smith", TEXT), role=p("panel_chair", TEXT),
         reason=p("Wrong person", TEXT), at=p(AT, INSTANT), by=p(ADMIN, ACTOR), agency=p("Independent", OPT_TEXT),
         person_id=p("E1", OPT_TEXT)),
    call("Store.purge", lambda w: w.db.purge,
         reference=p("Child X", TEXT), by=p(CHAIR, ACTOR), reason=p("Duplicate", TEXT)),
    call("Store.load", lambda w: w.db.load, reference=p("Child Q", TEXT)),
    call("Store.contains", lambda w: w.db.contains, reference=p("Child Q", TEXT)),
    call("Store.sequence", lambda w: w.db.sequence, reference=p("Child Q", TEXT)),
    call("Store.history", lambda w: w.db.history, reference=p("Child Q", TEXT)),
    call("Store.verify", lambda w: w.db.verify, reference=p("Child Q", TEXT)),
    call("Store.verify_all", lambda w: w.db.verify_all, expect_head=p(None, EXPECT_HEAD)),
    call("Store.ledger", lambda w: w.db.ledger, start=p(1, INT), limit=p(None, OPT_INT)),
    call("Store.export_reviews", lambda w: w.db.export_reviews, references=p(["Child Q"], OPT_TEXTS)),
    call("Store.import_reviews", lambda w: w.db.import_reviews, document=p(W(_export_of_child_z), DOCUMENT),
         by=p(ADMIN, ACTOR), check_only=p(True, BOOL), reseal=p(False, BOOL)),
    call("Store.load_steps", lambda w: w.db.load_steps, table=p(W(_tracker_path), PATH_OR_BYTES),
         check_only=p(True, BOOL), procedures=p(None, OPT_PROCEDURES)),
    call("Store.repair_projections", lambda w: w.db.repair_projections, by=p(ADMIN, ACTOR),
         reason=p("Checked", TEXT)),
    call("Store.migrate", lambda w: w.db.migrate, references=p(["Child Q"], REFERENCES),
         to=p(W(lambda w: Procedure.loads(Procedure.builtin_source(PACK).replace("version: 4", "version: 5", 1))),
              PROCEDURE),
         by=p(ADMIN, ACTOR), reason=p("Revised", TEXT), states=p(None, STATES), apply=p(False, BOOL),
         as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("Store.calendar", lambda w: w.db.calendar, name=p("england-and-wales", TEXT)),
    call("Store.update_calendar", lambda w: w.db.update_calendar,
         updated=p(W(lambda w: Calendar.england_and_wales().updated_with(Calendar.custom(
             [5, 6], {D(2024, 6, 17): "Day of mourning"}, "announced", "1", first=D(2024, 1, 1),
             last=D(2024, 12, 31)), "2024-06-08")), CALENDAR),
         by=p(ADMIN, ACTOR), reason=p("Announced", TEXT), apply=p(False, BOOL), as_of=p(D(2024, 3, 1), OPT_DATE),
         expected_version=p(None, OPT_TEXT)),
    call("Store.open_under", lambda w: w.db.open_under, procedure_id=p(PACK, TEXT), version=p(4, INT)),
    call("Store.stored_procedure", lambda w: w.db.stored_procedure, procedure_id=p(PACK, TEXT), version=p(4, INT)),
    call("Store.next", lambda w: w.db.next, reference=p("Child Q", TEXT), as_of=p(D(2024, 2, 1), OPT_DATE)),
    call("Store.overdue", lambda w: w.db.overdue, as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("Store.due_between", lambda w: w.db.due_between,
         start=p(D(2024, 1, 1), DATE), end=p(D(2024, 12, 31), DATE), as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("Store.events", lambda w: w.db.events, as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("Store.reviews", lambda w: w.db.reviews,
         state=p("panel_considering", OPT_TEXT), procedure=p(PACK, OPT_PROCEDURE), as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("Store.compliance", lambda w: w.db.compliance,
         start=p(D(2024, 1, 1), DATE), end=p(D(2024, 12, 31), DATE), as_of=p(D(2024, 3, 1), OPT_DATE),
         by=p("opened", TEXT)),
    call("Store.retention_due", lambda w: w.db.retention_due, as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("Store.set_chronology_setup", lambda w: w.db.set_chronology_setup,
         reference=p("Child Q", TEXT), setup=p(SOLIHULL_SETUP, SETUP), at=p(AT, INSTANT), by=p(ADMIN, ACTOR)),
    call("Store.chronology_setup", lambda w: w.db.chronology_setup, reference=p("Child Q", TEXT)),
    call("Store.import_chronology", lambda w: w.db.import_chronology,
         reference=p("Child Q", TEXT), agency=p("Police", TEXT), chronology=p(POLICE, CHRONOLOGY),
         at=p(AT, INSTANT), by=p(ADMIN, ACTOR), returned_by=p(None, OPT_ACTOR)),
    call("Store.chronology_submissions", lambda w: w.db.chronology_submissions, reference=p("Child Q", TEXT)),
    call("Store.accepted_chronology",
         lambda w: (w.db.import_chronology("Child Q", "Police", POLICE, AT, ADMIN), w.db.accepted_chronology)[1],
         reference=p("Child Q", TEXT), agency=p("Police", TEXT)),
    call("Store.merged_chronology", lambda w: w.db.merged_chronology, reference=p("Child Q", TEXT)),
    # ---- chronologies ----------------------------------------------------------------
    call("check_chronology", lambda w: check_chronology,
         setup=p(SOLIHULL_SETUP, SETUP), agency=p("Police", TEXT), chronology=p(POLICE, CHRONOLOGY)),
    call("read_chronology", lambda w: read_chronology, path=p(POLICE, PATH)),
    call("read_chronology_bytes", lambda w: read_chronology_bytes,
         data=p(POLICE.read_bytes(), BYTES), file=p("police.csv", TEXT)),
    call("ChronologyFormat.__init__", lambda w: ChronologyFormat,
         core=p(W(lambda w: ChronologyFormat.builtin("stockport-2010")._core), core_of("ChronologyFormat.builtin()"))),
    call("ChronologyFormat.builtin", lambda w: ChronologyFormat.builtin, id=p("stockport-2010", TEXT)),
    call("ChronologyFormat.parse", lambda w: ChronologyFormat.parse,
         text=p(STOCKPORT_FILE.read_text(encoding="utf-8"), TEXT), name=p("stockport.yaml", TEXT)),
    call("ChronologyFormat.load", lambda w: ChronologyFormat.load, path=p(STOCKPORT_FILE, PATH)),
    call("ChronologyFormat.check", lambda w: ChronologyFormat.check,
         text=p(STOCKPORT_FILE.read_text(encoding="utf-8"), TEXT), name=p("stockport.yaml", TEXT)),
    call("ChronologyFormat.check_file", lambda w: ChronologyFormat.check_file, path=p(STOCKPORT_FILE, PATH)),
    call("ChronologyFormat.column", lambda w: ChronologyFormat.builtin("stockport-2010").column, id=p("event", TEXT)),
    call("ChronologyFormat.column_for", lambda w: ChronologyFormat.builtin("stockport-2010").column_for,
         role=p("summary", TEXT)),
    call("Acronym.__init__", lambda w: Acronym,
         code=p("M", TEXT), kind=p("family", TEXT), meaning=p("mother", TEXT)),
    call("ChronologySetup.__init__", lambda w: ChronologySetup,
         format=p("solihull-2011", CHRONOLOGY_FORMAT), period_from=p(D(2023, 3, 1), OPT_DATE),
         period_to=p(D(2024, 2, 29), OPT_DATE), questions=p(["Signs of harm"], TEXTS),
         acronyms=p([Acronym("M", "family", "mother")], ACRONYMS), known_names=p(["Rosie"], TEXTS)),
    call("ChronologySetup.load", lambda w: ChronologySetup.load,
         path=p(SETUP_FILE, PATH), format=p("solihull-2011", OPT_CHRONOLOGY_FORMAT)),
    call("ChronologySetup.loads", lambda w: ChronologySetup.loads,
         text=p(SETUP_FILE.read_text(encoding="utf-8"), TEXT), format=p("solihull-2011", OPT_CHRONOLOGY_FORMAT),
         name=p("setup.yaml", TEXT)),
    call("ChronologySetup.acronym", lambda w: SOLIHULL_SETUP.get(w).acronym, code=p("MP", TEXT)),
    call("ChronologyTable.__init__", lambda w: ChronologyTable,
         core=p(W(lambda w: read_chronology(POLICE)._core), core_of("read_chronology()"))),
    call("ChronologyTable.from_rows", lambda w: ChronologyTable.from_rows,
         rows=p([["Date", "Time"], [D(2023, 3, 12), "10:00"]], CELL_ROWS), file=p("rows.csv", TEXT)),
    call("MultiAgencyChronology.__init__", lambda w: MultiAgencyChronology,
         format=p("solihull-2011", CHRONOLOGY_FORMAT), chronologies=p(POLICE_CHECKS, CHRONOLOGIES)),
    call("MultiAgencyChronology.select", lambda w: _merged(w).select,
         start=p(D(2023, 3, 1), OPT_DATE), end=p(D(2024, 2, 29), OPT_DATE), agency=p("Police", OPT_TEXT),
         subject=p("MP", OPT_TEXT), question=p(None, OPT_INT)),
    call("MultiAgencyChronology.gaps", lambda w: _merged(w).gaps,
         days=p(60, INT), period_from=p(D(2023, 3, 1), OPT_DATE), period_to=p(D(2024, 2, 29), OPT_DATE),
         agency=p("Police", OPT_TEXT)),
    call("MultiAgencyChronology.unlisted_names", lambda w: _merged(w).unlisted_names, names=p(["Rosie"], TEXTS)),
    call("MultiAgencyChronology.export", lambda w: _merged(w).export,
         format=p("csv", TEXT), learning_event=p(False, BOOL), layout=p("colour", TEXT), title=p("Child Q", TEXT)),
    call("MultiAgencyChronology.save", lambda w: _merged(w).save,
         path=p(W(lambda w: w.folder / "merged.csv"), PATH), format=p(None, OPT_TEXT), learning_event=p(False, BOOL),
         layout=p("colour", TEXT), title=p("Child Q", TEXT), overwrite=p(False, BOOL)),
    # ---- reports -----------------------------------------------------------------------
    call("reports.timetable", lambda w: reports.timetable,
         review=p(W(lambda w: w.review), REVIEW), as_of=p(D(2024, 2, 1), OPT_DATE)),
    call("reports.export_timetable", lambda w: reports.export_timetable,
         review=p(W(lambda w: w.review), REVIEW), as_of=p(D(2024, 2, 1), OPT_DATE), format=p("csv", TEXT)),
    call("reports.next_steps", lambda w: reports.next_steps,
         review=p(W(lambda w: w.review), REVIEW), as_of=p(D(2024, 2, 1), OPT_DATE)),
    call("reports.export_next", lambda w: reports.export_next,
         review=p(W(lambda w: w.review), REVIEW), as_of=p(D(2024, 2, 1), OPT_DATE), format=p("json", TEXT)),
    call("reports.overdue", lambda w: reports.overdue,
         store=p(W(lambda w: w.db), STORE), as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("reports.due", lambda w: reports.due,
         store=p(W(lambda w: w.db), STORE), start=p(D(2024, 1, 1), DATE), end=p(D(2024, 12, 31), DATE),
         as_of=p(D(2024, 3, 1), OPT_DATE)),
    call("reports.compliance", lambda w: reports.compliance,
         store=p(W(lambda w: w.db), STORE), start=p(D(2024, 1, 1), OPT_DATE), end=p(D(2024, 12, 31), OPT_DATE),
         as_of=p(D(2024, 3, 1), OPT_DATE), by=p("opened", TEXT)),
    call("reports.compliance_totals", lambda w: reports.compliance_totals,
         store=p(W(lambda w: w.db), STORE), start=p(D(2024, 1, 1), OPT_DATE), end=p(D(2024, 12, 31), OPT_DATE),
         as_of=p(D(2024, 3, 1), OPT_DATE), by=p("opened", TEXT)),
    call("reports.monthly", lambda w: reports.monthly, store=p(W(lambda w: w.db), STORE), month=p("2024-02", MONTH)),
    call("reports.feed", lambda w: reports.feed, store=p(W(lambda w: w.db), STORE), as_of=p(D(2024, 3, 1), OPT_DATE),
         agency=p("Police", OPT_TEXT), owner=p(None, OPT_TEXT), procedure=p(PACK, OPT_TEXT),
         review=p("Child Q", OPT_TEXT), kind=p(None, OPT_TEXT), remind=p(2, INT)),
    call("reports.dashboard", lambda w: reports.dashboard, store=p(W(lambda w: w.db), STORE),
         as_of=p(D(2024, 3, 1), OPT_DATE), title=p(None, OPT_TEXT), soon=p(14, INT)),
    call("reports.to_text", lambda w: reports.to_text, rows=p(ROWS_OF, ROWS)),
    call("reports.to_csv", lambda w: reports.to_csv, rows=p(ROWS_OF, ROWS)),
    call("reports.to_json", lambda w: reports.to_json,
         rows=p(ROWS_OF, ROWS), query=p("overdue", TEXT), start=p(None, OPT_DATE), end=p(None, OPT_DATE)),
]

BY_NAME = {c.name: c for c in CALLS}

# ---- the sweep --------------------------------------------------------------------------


def _resolve(value: Any, world: World) -> Any:
    return value.get(world) if isinstance(value, W) else value


def _arguments(c: Call, world: World) -> dict[str, Any]:
    return {name: _resolve(param.valid, world) for name, param in c.params.items()}


def _cases() -> list[Any]:
    out = []
    for c in CALLS:
        for name, param in c.params.items():
            for label, bad in param.kind.bad:
                out.append(pytest.param(c, name, bad, id=f"{c.name}-{name}-{label}"))
    return out


@pytest.mark.parametrize("c", CALLS, ids=[c.name for c in CALLS])
def test_the_valid_call_runs(c, request):
    """Each case below differs from this call in one argument only."""
    world = World(request)
    c.target(world)(**_arguments(c, world))


@pytest.mark.parametrize("c, name, bad", _cases())
def test_a_wrong_argument_is_named_with_the_type_it_takes(c, name, bad, request):
    world = World(request)
    target = c.target(world)
    args = _arguments(c, world)
    param = c.params[name]
    if isinstance(bad, FromValid):
        bad = bad.make(args[name])
    args[name] = bad
    with pytest.raises((TypeError, ValueError)) as info:
        target(**args)
    message = str(info.value)
    assert not RAW.search(message), message
    label = param.label or name
    assert re.search(rf"(?<![\w-]){re.escape(label)}(?!\w)", message), f"{label!r} not named: {message}"
    assert re.search(param.kind.expects, message), f"the type {name} takes is not named: {message}"
    # What was given: the value or its type, or for a list the item at fault.
    shown = {type(bad).__name__, repr(bad)}
    if isinstance(bad, (list, tuple)):
        shown |= {repr(item) for item in bad} | {type(item).__name__ for item in bad}
    assert any(s in message for s in shown), f"{bad!r} is not shown: {message}"


# ---- the sweep is complete ------------------------------------------------------------------

#: Public callables with parameters that are not swept, and why.
NOT_SWEPT = {
    "Table.__init__": "built by the queries that return tables",
    "Store.grant_login": "a server's (an SQLite file has no logins): test_store_logins.py checks its arguments",
    "Store.revoke_login": "a server's (an SQLite file has no logins): test_store_logins.py checks its arguments",
    "NextSteps.__init__": "built by Review.next",
    "NextStep.__init__": "a row the library builds",
} | {
    f"Store.{name}": "needs a review whose action plan is approved: test_action_plans.py sweeps its arguments"
    for name in ("add_recommendation", "add_action", "update_action", "complete_action", "return_action",
                 "sign_off_action", "action_plan", "assurance", "add_plan")
}

#: Where public callables live.
CLASSES = (Actor, Calendar, Event, Holiday, LedgerHead, NextStep, NextSteps, Procedure, Review, Store, StoreTable,
           Table, Timescale, Acronym, ChronologyFormat, ChronologySetup, ChronologyTable, MultiAgencyChronology)
MODULE_FUNCTIONS = {"add_months": add_months, "parse_date": parse_date, "check_chronology": check_chronology,
                    "read_chronology": read_chronology, "read_chronology_bytes": read_chronology_bytes} | {
    f"reports.{n}": getattr(reports, n) for n in reports.__all__ if callable(getattr(reports, n))
    and not isinstance(getattr(reports, n), type)
}


def _parameters(fn: Any) -> Optional[list[str]]:
    """The parameters a caller gives (not self or cls), or None for a
    compiled function that does not say."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    names = list(signature.parameters)
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return names


def _public_callables() -> dict[str, Any]:
    out = dict(MODULE_FUNCTIONS)
    for cls in CLASSES:
        for name, attr in vars(cls).items():
            if name != "__init__" and name.startswith("_"):
                continue
            if isinstance(attr, (property, functools.cached_property)) or not (
                callable(attr) or isinstance(attr, (classmethod, staticmethod))
            ):
                continue
            out[f"{cls.__name__}.{name}"] = getattr(cls, name)
    return out


def test_every_public_callable_is_swept():
    missing = []
    for name, fn in _public_callables().items():
        params = _parameters(fn)
        if name in NOT_SWEPT or params == []:
            continue
        if name not in BY_NAME:
            missing.append(f"{name}{tuple(params or ())}")
            continue
        if params is not None:
            c = BY_NAME[name]
            absent = [q for q in params if q not in c.params and q not in c.unswept]
            unknown = [q for q in c.params if q not in params]
            if absent or unknown:
                missing.append(f"{name}: not swept {absent}, not its parameters {unknown}")
    assert missing == [], "\n".join(missing)


def test_the_sweep_covers_the_api_it_names():
    # The table is not quietly short: each part of the API has its callables here.
    prefixes = {c.name.split(".")[0] for c in CALLS}
    assert {"Store", "Review", "Procedure", "Calendar", "reports", "Event", "LedgerHead", "ChronologyFormat",
            "ChronologySetup", "MultiAgencyChronology", "check_chronology"} <= prefixes
    assert len(_cases()) > 500


# ---- the backstop ---------------------------------------------------------------------
# Behind the checks above, a public function that lets a wrong type through to
# the compiled layer still names itself, what it takes and what it was given.
# Each case switches off the check that would have caught it.


def _unchecked(value: Any, what: str, takes: str = "") -> Any:
    return value


BACKSTOP = [
    pytest.param(libscr.store, lambda: Store.in_memory().load(3),  # type: ignore[arg-type]
                 "Store.load() was given an argument of a type it does not take (reference=int); "
                 "it takes (reference: str)", id="Store.load"),
    pytest.param(libscr.review, lambda: Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, OPENING)
                 .record(3, AT, CHAIR),  # type: ignore[arg-type]
                 "Review.record() was given an argument of a type it does not take (event=int, at=datetime, "
                 "actor=Actor); it takes (event: str, at: datetime.datetime, actor: Actor, "
                 "data: Optional[Mapping[str, FieldValue]] = None, agency: Optional[str] = None)", id="Review.record"),
    pytest.param(libscr.procedure, lambda: Procedure.builtin_source(3),  # type: ignore[arg-type]
                 "Procedure.builtin_source() was given an argument of a type it does not take (id=int); "
                 "it takes (id: str)", id="Procedure.builtin_source"),
    pytest.param(libscr.calendar, lambda: parse_date(20240131),  # type: ignore[arg-type]
                 "parse_date() was given an argument of a type it does not take (text=int); it takes (text: str)",
                 id="parse_date"),
    pytest.param(libscr.calendar, lambda: Holiday(D(2024, 12, 25), 3),  # type: ignore[arg-type]
                 "Holiday.__init__() was given an argument of a type it does not take (date=date, name=int); "
                 "it takes (date: _dt.date, name: str)", id="Holiday"),
    pytest.param(libscr.reports, lambda: reports.export_timetable(
                     Review.open(PACK, "Child Q", london(2024, 1, 15, 9), CHAIR, OPENING), D(2024, 2, 1), 3),
                 "export_timetable() was given an argument of a type it does not take (review=Review, as_of=date, "
                 "format=int); it takes (review: Review, as_of: Union[datetime.date, None] = None, "
                 "format: str = 'table')", id="reports.export_timetable"),
]


@pytest.mark.parametrize("module, misuse, message", BACKSTOP)
def test_a_wrong_type_no_check_catches_is_named_by_the_backstop(monkeypatch, module, misuse, message):
    monkeypatch.setattr(module, "_name", _unchecked)
    with pytest.raises(TypeError) as info:
        misuse()
    assert str(info.value) == message.replace("_dt.date", "datetime.date")
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_the_backstop_leaves_other_type_errors_alone():
    from libscr._args import _guarded

    error = TypeError("unsupported operand type(s)")

    @_guarded
    def fails() -> None:
        raise error

    with pytest.raises(TypeError) as info:
        fails()
    assert info.value is error


def test_guarded_functions_keep_their_names_signatures_and_documentation():
    assert Store.record.__name__ == "record" and Store.record.__doc__.startswith("Records a procedure event")
    assert list(inspect.signature(Store.record).parameters)[:3] == ["self", "reference", "event"]
    assert reports.monthly.__name__ == "monthly" and "monthly progress report" in reports.monthly.__doc__
    assert list(inspect.signature(Holiday.__init__).parameters) == ["self", "date", "name"]
