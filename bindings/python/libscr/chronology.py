"""Agencies' chronologies: checked on arrival, kept with the review, merged
into one multi-agency chronology and exported (scr/chronology.hpp).

>>> from libscr import ChronologyFormat
>>> f = ChronologyFormat.builtin("stockport-2010")
>>> [c.id for c in f.columns]
['date', 'time', 'source', 'subject', 'event', 'standards', 'tor', 'child_seen']
>>> f.date_forms, f.time_rule, f.unknown_time, f.untimed_first
(('dd/mm/yy',), 'must', '00:00', True)

Each agency involved in a review sends a chronology of its involvement
between the dates of the terms of reference, on the board's template; the
board checks it, returning it when it deviates from the template or the
acronym list, and merges the accepted ones for the reviewer and the panel.

- :class:`ChronologyFormat`: a board's template as data (its columns, their
  types and meanings, which must be filled, and its rules). Four are built
  in (``ChronologyFormat.builtin_ids()``); a board writes its own in the
  same YAML (:meth:`ChronologyFormat.check` lists every problem at its line).
- :class:`ChronologySetup`: what a review's chronologies are checked
  against: the format, the terms of reference's period and questions, the
  acronym list and the names the board knows (:meth:`ChronologySetup.load`
  reads the YAML file ``scr chronology setup --file`` takes).
- :func:`read_chronology` reads an agency's file (CSV in UTF-8 or
  Windows-1252, or XLSX); :func:`check_chronology` checks it and gives a
  :class:`ChronologyCheck`: every problem with its row, cell and rule, and the
  report that goes back to the agency.
- :class:`MultiAgencyChronology`: the accepted chronologies merged in date
  and time order, with the questions a reviewer asks of it (a selection, the
  child seen per agency and month, gaps in contact, known names in the text)
  and its exports (CSV, JSON, HTML and XLSX; the Learning Event copy).

:class:`libscr.Store` keeps them with the review: ``set_chronology_setup``,
``import_chronology`` (which records the submission, and a return, on the
agency's track), ``chronology_submissions``, ``accepted_chronology`` and
``merged_chronology``.

The rules a chronology is checked by, each named in its issues (``rule``):
the headings (``header-unknown``: a column the template does not have, when
the format refuses them; ``header-missing``: one of its columns left out),
every cell by its column's type (``date-format``, ``date-invalid``,
``time-format``, ``yes-no``, ``number``, ``number-sequence``), the columns
every entry fills (``required``), the time (``time-missing``; and where the
format has a time that stands for "not known", Stockport's 00:00,
``time-unknown-reason`` when the entry does not say why), the terms of
reference's ``period`` and questions (``tor-unknown``), the acronym list
(``code-unknown``, ``acronyms-missing``), the board's known names in the
text (``known-name``: a name where its acronym belongs), whether an entry
with the child seen says whether alone and whether their wishes were sought
(``seen-detail``), the date order (``date-order``), the summary of themes
and learning a format may require at the end (``summary-missing``), and a
file with no entries (``no-entries``). Errors refuse the chronology;
warnings do not.

Dates are ``datetime.date`` and times of day ``datetime.time`` objects.
Lists are :class:`~libscr.review.Table` objects of frozen dataclasses with
``to_pandas()``; :meth:`MultiAgencyChronology.to_pandas` gives one row per
entry with a column per column of the format. A wrong type for any argument
raises TypeError naming it and the type it takes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Union

from . import _core
from ._args import (
    _flag, _guard_public, _guarded, _integer, _iterable, _name, _optional_name, _pandas, _path, _wrapping,
    _wrong_item, _wrong_type,
)
from .calendar import _is_timestamp, _optional_date
from .errors import InputError
from .review import Table, _table_of_tuples

if TYPE_CHECKING:  # pandas is optional: imported by to_pandas() when called
    import pandas

__all__ = [
    "Acronym",
    "AgencyChronology",
    "CHRONOLOGY_EXPORTS",
    "CHRONOLOGY_LAYOUTS",
    "CHRONOLOGY_ROLES",
    "CHRONOLOGY_TYPES",
    "ChronologyCell",
    "ChronologyCheck",
    "ChronologyColumn",
    "ChronologyEntry",
    "ChronologyFormat",
    "ChronologyGap",
    "ChronologyIssue",
    "ChronologySetup",
    "ChronologyTable",
    "ISSUE_LEVELS",
    "MultiAgencyChronology",
    "SeenCount",
    "check_chronology",
    "read_chronology",
    "read_chronology_bytes",
]

#: What a column holds, as format files name it: a whole number (an event
#: number), a date in one of the format's date forms, a time in one of its
#: time forms, Y or N, acronyms from the review's list, terms of reference
#: question numbers, or free text.
CHRONOLOGY_TYPES = ("number", "date", "time", "yes_no", "codes", "tor", "text")
#: What a column means: the merge and the queries read columns by meaning.
CHRONOLOGY_ROLES = (
    "number", "date", "time", "age", "subject", "seen", "seen_alone", "wishes", "source", "summary", "actions",
    "standards", "tor", "comment", "other",
)
#: The forms of :meth:`MultiAgencyChronology.export`.
CHRONOLOGY_EXPORTS = ("csv", "json", "html", "xlsx")
#: The HTML export's layouts: one table with rows coloured by agency, or one
#: column per agency.
CHRONOLOGY_LAYOUTS = ("colour", "columns")
#: An issue's level: an error refuses the chronology, a warning does not.
ISSUE_LEVELS = ("error", "warning")

_STRENGTHS = ("must", "should")


def _closest(name: str, known: Iterable[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""


def _choice(value: Any, what: str, choices: Sequence[str]) -> str:
    if _name(value, what, f"one of {', '.join(choices)} (str)") not in choices:
        raise InputError(f"{what} {value!r} is not one of {', '.join(choices)}{_closest(value, choices)}")
    return value


# ---- formats ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ChronologyColumn:
    """A column of a format: its ``id``, the template's heading (``title``)
    and the other ``headings`` accepted for it, its ``type`` (one of
    :data:`CHRONOLOGY_TYPES`) and ``role`` (one of :data:`CHRONOLOGY_ROLES`),
    whether every entry must fill it (``required``), whether a file may leave
    it out (``optional``), whether its text is searched for the board's known
    names (``names``), and the guidance it comes from (``cite``)."""

    id: str
    title: str
    type: str
    role: str
    required: bool
    optional: bool
    names: bool
    headings: tuple[str, ...] = ()
    cite: tuple[str, ...] = ()

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"type": CHRONOLOGY_TYPES, "role": CHRONOLOGY_ROLES}

    @classmethod
    def _from_core(cls, c: _core.ChronologyColumn) -> ChronologyColumn:
        return cls(c.id, c.title, c.type, c.role, c.required, c.optional, c.names, tuple(c.headings), tuple(c.cite))


@_guard_public()
class ChronologyFormat:
    """A board's chronology template and its rules, read-only. Built in:
    north-yorkshire-2010 (ChronoLator), stockport-2010, solihull-2011 and
    essex-2016 (with comments and an end summary).

    A format file that does not load raises :class:`libscr.DefinitionError`
    whose ``diagnostics`` give every problem with its line, column and rule.
    """

    __slots__ = ("_core", "_columns")

    def __init__(self, core: _core.ChronologyFormat) -> None:
        _wrapping(core, _core.ChronologyFormat,
                  "use ChronologyFormat.builtin(), ChronologyFormat.load() or ChronologyFormat.parse()")
        self._core = core
        self._columns = tuple(ChronologyColumn._from_core(c) for c in core.columns)

    # ---- construction ------------------------------------------------------

    @classmethod
    def builtin(cls, id: str) -> ChronologyFormat:
        """A built-in format, such as ``"stockport-2010"``; InputError naming
        the built-in ids otherwise."""
        return cls(_core.ChronologyFormat.builtin(_name(id, "id", "text (str) such as 'stockport-2010'")))

    @staticmethod
    def builtin_ids() -> list[str]:
        """The ids of the built-in formats."""
        return list(_core.ChronologyFormat.builtin_ids())

    @classmethod
    def parse(cls, text: str, name: str = "<format>") -> ChronologyFormat:
        """A format from its YAML text; ``name`` labels it in messages.
        DefinitionError listing every problem otherwise."""
        return cls(_core.ChronologyFormat.parse(_name(text, "text", "the YAML as text (str)"), _name(name, "name")))

    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> ChronologyFormat:
        """A format from a YAML file; DefinitionError listing every problem,
        InputError if the file cannot be read."""
        return cls(_core.ChronologyFormat.load(_path(path)))

    @staticmethod
    def check(text: str, name: str = "<format>") -> list[_core.Diagnostic]:
        """Every problem of a format's YAML text, each at its line and column
        (``severity``, ``rule``, ``message``), without raising: an empty
        list for a valid format."""
        return list(_core.ChronologyFormat.check(_name(text, "text", "the YAML as text (str)"), _name(name, "name")))

    @staticmethod
    def check_file(path: Union[str, os.PathLike[str]]) -> list[_core.Diagnostic]:
        """:meth:`check` of a file, named by its path in the diagnostics."""
        file = _path(path)
        try:
            with open(file, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise InputError(f"cannot read chronology format {file}: {e.strerror}") from None
        return list(_core.ChronologyFormat.check(text, file))

    # ---- what it says ------------------------------------------------------

    @property
    def id(self) -> str:
        return self._core.id

    @property
    def version(self) -> int:
        return self._core.version

    @property
    def title(self) -> str:
        return self._core.title

    @property
    def cite(self) -> tuple[str, ...]:
        return tuple(self._core.cite)

    @property
    def columns(self) -> tuple[ChronologyColumn, ...]:
        """The template's columns, in its order."""
        return self._columns

    @property
    def date_forms(self) -> tuple[str, ...]:
        """The forms a date may take: ``"dd/mm/yy"``, ``"dd.mm.yyyy"``, ..."""
        return tuple(self._core.date_forms)

    @property
    def time_forms(self) -> tuple[str, ...]:
        """The forms a time may take: ``"HH:MM"``, ``"HHMM"``, ..."""
        return tuple(self._core.time_forms)

    @property
    def time_rule(self) -> str:
        """``"must"``: an entry without a time is an error (rule
        ``time-missing``); ``"should"``: a warning."""
        return self._core.time_rule

    @property
    def unknown_time(self) -> Optional[str]:
        """The time that stands for "not known" (Stockport's ``"00:00"``), or
        None; such an entry must say why in :attr:`unknown_time_reason_in`
        (rule ``time-unknown-reason``) and is merged as untimed."""
        return self._core.unknown_time

    @property
    def unknown_time_reason_in(self) -> str:
        """The column that says why the time is not known ("" for none)."""
        return self._core.unknown_time_reason_in

    @property
    def untimed_first(self) -> bool:
        """Whether entries without a time go first in their day when merged
        (else last); either way they are flagged."""
        return self._core.untimed_first

    @property
    def period_rule(self) -> str:
        """How an entry dated outside the terms of reference's period is
        taken (rule ``period``): ``"must"`` (an error) or ``"should"``."""
        return self._core.period_rule

    @property
    def other_columns_refused(self) -> bool:
        """Whether a column the template does not have is an error (rule
        ``header-unknown``: the template may not be amended)."""
        return self._core.other_columns_refused

    @property
    def seen_detail(self) -> Optional[str]:
        """Whether an entry with the child seen must (``"must"``) or should
        (``"should"``) say whether the child was seen alone and whether their
        wishes were sought (rule ``seen-detail``); None: no such rule."""
        return self._core.seen_detail

    @property
    def summary_rule(self) -> Optional[str]:
        """Whether the chronology must or should end with a summary of themes
        and learning (rule ``summary-missing``); None: no such rule."""
        return self._core.summary_rule

    @property
    def learning_event_leaves_out(self) -> tuple[str, ...]:
        """The ids of the columns the Learning Event copy leaves out."""
        return tuple(self._core.learning_event_leaves_out)

    @property
    def source(self) -> str:
        """The YAML it was read from."""
        return self._core.source

    def column(self, id: str) -> ChronologyColumn:
        """The column ``id``; KeyError naming the columns otherwise."""
        _name(id, "id")
        for c in self._columns:
            if c.id == id:
                return c
        ids = [c.id for c in self._columns]
        raise KeyError(f"no column {id!r} in chronology format {self.id}{_closest(id, ids)}; its columns: "
                       f"{', '.join(ids)}")

    def column_for(self, role: str) -> Optional[ChronologyColumn]:
        """The first column of that meaning (one of :data:`CHRONOLOGY_ROLES`), or None."""
        _choice(role, "role", CHRONOLOGY_ROLES)
        return next((c for c in self._columns if c.role == role), None)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChronologyFormat):
            return NotImplemented
        return (self.id, self.version, self.source) == (other.id, other.version, other.source)

    def __hash__(self) -> int:
        return hash((self.id, self.version, self.source))

    def __repr__(self) -> str:
        return f"ChronologyFormat({self.id!r}, version {self.version})"


def _format(f: Any, what: str = "format") -> ChronologyFormat:
    if isinstance(f, ChronologyFormat):
        return f
    if isinstance(f, str):
        return ChronologyFormat.builtin(f)
    raise _wrong_type(what, "a libscr.ChronologyFormat or a built-in format's id such as 'stockport-2010'", f)


# ---- the setup --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Acronym:
    """A person, place or body the chronologies name by acronym: its
    ``code`` ("M", "SW1"), its ``kind`` (family, professional, place,
    school, agency, other) and what it stands for (``meaning``: "mother",
    never a name)."""

    code: str
    kind: str = "other"
    meaning: str = ""

    def __post_init__(self) -> None:
        for part in ("code", "kind", "meaning"):
            _name(getattr(self, part), part)


def _texts(values: Any, what: str) -> tuple[str, ...]:
    takes = "a list of text (str)"
    out = []
    for v in _iterable(values, what, takes):
        if not isinstance(v, str):
            raise _wrong_item(what, takes, v)
        out.append(v)
    return tuple(out)


def _acronyms(values: Any) -> tuple[Acronym, ...]:
    takes = "a list of Acronym or (code, kind, meaning) tuples of text"
    out = []
    for a in _iterable(values, "acronyms", takes):
        if isinstance(a, Acronym):
            out.append(a)
        elif isinstance(a, tuple) and 1 <= len(a) <= 3 and all(isinstance(p, str) for p in a):
            out.append(Acronym(*a))
        else:
            raise _wrong_item("acronyms", takes, a)
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class ChronologySetup:
    """What a review's chronologies are checked against: the ``format`` (a
    :class:`ChronologyFormat` or a built-in id), the terms of reference's
    period (``period_from`` to ``period_to``, either open: rule ``period``)
    and ``questions`` (numbered from 1: rule ``tor-unknown``), the acronym
    list (``acronyms``: rule ``code-unknown``) and the names the board knows
    (``known_names``: family members, professionals, schools, places; none
    may appear in an entry's text, where its acronym belongs: rule
    ``known-name``). Lists are kept as tuples; acronyms may be given as
    ``(code, kind, meaning)`` tuples. A period that ends before it starts
    raises InputError."""

    format: ChronologyFormat
    period_from: Optional[_dt.date] = None
    period_to: Optional[_dt.date] = None
    questions: tuple[str, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    known_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "format", _format(self.format))
        for end in ("period_from", "period_to"):
            value = getattr(self, end)
            if isinstance(value, _dt.datetime) and not _is_timestamp(value):
                raise _wrong_type(end, "a datetime.date or None", value)
            set_(self, end, _optional_date(value, end))
        if self.period_from is not None and self.period_to is not None and self.period_to < self.period_from:
            raise InputError(f"the terms of reference's period ends ({self.period_to.isoformat()}) before it "
                             f"starts ({self.period_from.isoformat()})")
        set_(self, "questions", _texts(self.questions, "questions"))
        set_(self, "acronyms", _acronyms(self.acronyms))
        set_(self, "known_names", _texts(self.known_names, "known_names"))

    @classmethod
    def load(
        cls,
        path: Union[str, os.PathLike[str]],
        format: Union[ChronologyFormat, str, None] = None,
    ) -> ChronologySetup:
        """Reads a setup file, the YAML ``scr chronology setup --file``
        takes: ``period: {from: DATE, to: DATE}``, ``questions`` (a list),
        ``acronyms`` (a list of ``{code, kind, meaning}``), ``known_names``
        (a list), and optionally ``format`` (a built-in id) and ``reference``
        (not checked here; ``scr chronology setup`` refuses a file naming
        another review). ``format`` given here (a :class:`ChronologyFormat`, a
        board's own, or a built-in id) replaces the file's; one of them must
        name it. InputError naming the file and line of any problem: an
        unknown key, a period that ends before it starts, an acronym listed
        twice."""
        file = _path(path)
        try:
            with open(file, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise InputError(f"cannot read chronology setup {file}: {e.strerror}") from None
        return cls._read(text, file, format)

    @classmethod
    def loads(
        cls,
        text: str,
        format: Union[ChronologyFormat, str, None] = None,
        name: str = "<setup>",
    ) -> ChronologySetup:
        """:meth:`load` of the YAML text; ``name`` labels it in messages."""
        return cls._read(_name(text, "text", "the YAML as text (str)"), _name(name, "name"), format)

    @classmethod
    def _read(cls, text: str, file: str, format: Any) -> ChronologySetup:
        given = None if format is None else _format(format)
        base = None if given is None else _core.ChronologySetup(given._core, None, None, [], [], [])
        s = cls._from_core(_core.ChronologySetup.parse(text, file, base))
        return s if given is None else dataclasses.replace(s, format=given)

    def acronym(self, code: str) -> Acronym:
        """The acronym ``code`` (compared as the checker compares it,
        ignoring case); KeyError naming the codes otherwise."""
        _name(code, "code")
        for a in self.acronyms:
            if a.code.strip().lower() == code.strip().lower():
                return a
        codes = [a.code for a in self.acronyms]
        raise KeyError(f"no acronym {code!r}{_closest(code, codes)}; the list: {', '.join(codes) or 'none'}")

    def _to_core(self) -> _core.ChronologySetup:
        return _core.ChronologySetup(
            self.format._core, self.period_from, self.period_to, list(self.questions),
            [(a.code, a.kind, a.meaning) for a in self.acronyms], list(self.known_names),
        )

    @classmethod
    def _from_core(cls, s: _core.ChronologySetup) -> ChronologySetup:
        return cls(ChronologyFormat(s.format), s.period_from, s.period_to, tuple(s.questions),
                   tuple(Acronym(*a) for a in s.acronyms), tuple(s.known_names))


def _setup(s: Any) -> ChronologySetup:
    if isinstance(s, ChronologySetup):
        return s
    raise _wrong_type("setup", "a libscr.ChronologySetup", s)


# ---- files --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ChronologyCell:
    """A cell of an agency's file as read: its ``text`` as shown (a date cell
    "dd/mm/yyyy", a time "HH:MM"), and for a spreadsheet's date or time cell
    its ``day`` or ``time`` (None otherwise: a date typed as text is checked
    as text)."""

    text: str
    day: Optional[_dt.date] = None
    time: Optional[_dt.time] = None


def _cell(value: Any, where: str) -> tuple[str, Optional[_dt.date], Optional[int]]:
    """A cell from a Python value: text; a date; a time of day; a datetime
    (a spreadsheet's date and time); a whole number; or None / NaN (blank)."""
    if value is None:
        return ("", None, None)
    if isinstance(value, str):
        return (value, None, None)
    if isinstance(value, ChronologyCell):
        t = value.time
        return (value.text, value.day, None if t is None else t.hour * 60 + t.minute)
    if isinstance(value, _dt.datetime):
        if value != value:  # pandas' NaT
            return ("", None, None)
        minutes = value.hour * 60 + value.minute
        text = value.strftime("%d/%m/%Y") + (value.strftime(" %H:%M") if minutes else "")
        return (text, value.date(), minutes if minutes else None)
    if isinstance(value, _dt.date):
        return (value.strftime("%d/%m/%Y"), value, None)
    if isinstance(value, _dt.time):
        return (value.strftime("%H:%M"), None, value.hour * 60 + value.minute)
    if isinstance(value, bool):
        raise TypeError(f"{where} must be text, a date, a time, a number or None, not bool: {value!r}")
    if isinstance(value, int):
        return (str(value), None, None)
    if isinstance(value, float):
        if math.isnan(value):
            return ("", None, None)
        return (str(int(value)) if value.is_integer() else repr(value), None, None)
    raise TypeError(f"{where} must be text, a date, a time, a number or None, not {type(value).__name__}: "
                    f"{value!r}")


@_guard_public()
class ChronologyTable:
    """An agency's file as read, before it is checked: its rows (row ``i``
    of :attr:`rows` is the file's row ``i + 1``) of :class:`ChronologyCell`.
    Made by :func:`read_chronology`, :func:`read_chronology_bytes`, or
    :meth:`from_rows` from Python values (a DataFrame's rows, say)."""

    __slots__ = ("_core",)

    def __init__(self, core: _core.ChronologyTable) -> None:
        _wrapping(core, _core.ChronologyTable,
                  "use read_chronology(), read_chronology_bytes() or ChronologyTable.from_rows()")
        self._core = core

    @classmethod
    def from_rows(cls, rows: Iterable[Iterable[Any]], file: str = "<rows>") -> ChronologyTable:
        """A table from rows of values, the heading row first: text, a
        ``datetime.date`` (a date cell), a ``datetime.time`` (a time cell), a
        ``datetime.datetime`` (both), a whole number, or None or NaN (a blank
        cell). ``file`` names it in the issues."""
        _name(file, "file")
        out = []
        for i, row in enumerate(_iterable(rows, "rows", "a list of rows (lists of cell values)")):
            cells = _iterable(row, f"rows[{i}]", "a list of cell values")
            out.append([_cell(v, f"the cell rows[{i}][{j}]") for j, v in enumerate(cells)])
        return cls(_core.ChronologyTable(file, out))

    @property
    def file(self) -> str:
        """The file's name, as the issues give it."""
        return self._core.file

    @property
    def rows(self) -> tuple[tuple[ChronologyCell, ...], ...]:
        """Every row, blank ones included."""
        return tuple(tuple(ChronologyCell(*c) for c in row) for row in self._core.rows())

    def __len__(self) -> int:
        return len(self._core)

    def __repr__(self) -> str:
        return f"<ChronologyTable {self.file!r}: {len(self)} rows>"


@_guarded
def read_chronology(path: Union[str, os.PathLike[str]]) -> ChronologyTable:
    """Reads an agency's chronology file: CSV (RFC 4180; UTF-8 with or
    without a byte order mark, or the Windows-1252 of Excel's CSV) or an XLSX
    workbook (its first worksheet; dates and times by their number format),
    told apart by content. InputError naming the file when it is neither, is
    larger than 32 MiB or cannot be read."""
    return ChronologyTable(_core.read_chronology(_path(path)))


@_guarded
def read_chronology_bytes(data: Union[bytes, bytearray, memoryview], file: str = "<bytes>") -> ChronologyTable:
    """:func:`read_chronology` of a file's content (an upload, say); ``file``
    names it in messages."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise _wrong_type("data", "bytes (the file's content)", data)
    return ChronologyTable(_core.read_chronology_bytes(bytes(data), _name(file, "file")))


def _table(chronology: Any, what: str = "chronology") -> _core.ChronologyTable:
    """An agency's chronology: a ChronologyTable, a file's path, or its bytes."""
    if isinstance(chronology, ChronologyTable):
        return chronology._core
    if isinstance(chronology, (str, os.PathLike)):
        return _core.read_chronology(_path(chronology, what))
    if isinstance(chronology, (bytes, bytearray, memoryview)):
        return _core.read_chronology_bytes(bytes(chronology), "<bytes>")
    raise _wrong_type(what, "a ChronologyTable, a file's path (str or os.PathLike) or its bytes", chronology)


# ---- checking -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ChronologyIssue:
    """A problem found in an agency's chronology: its ``level`` (one of
    :data:`ISSUE_LEVELS`: an error refuses the chronology), the ``rule``
    broken (see the module's documentation), the file's ``row`` (1-based,
    the heading row included; 0 for the file as a whole), the ``column``'s
    heading as the file has it and the ``cell`` ("C7"), each "" where none,
    and what to do (``message``)."""

    level: str
    rule: str
    row: int
    column: str
    cell: str
    message: str

    _CATEGORIES: ClassVar[Mapping[str, tuple[str, ...]]] = {"level": ISSUE_LEVELS}

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        if self.cell:
            where += f", {self.cell}"
        if self.column:
            where += f" ({self.column})"
        return f"{self.level} {where}: {self.message} [{self.rule}]"


@dataclasses.dataclass(frozen=True)
class ChronologyEntry:
    """One entry of an agency's chronology: the ``agency``, the ``row`` in its
    file, its place in the agency's chronology (``position``: 0, 1, ...), its
    ``day`` and ``time`` (None when the entry has none, or the format's time
    for "not known"), its ``values`` (column id to text, normalised: dates
    "dd/mm/yyyy", times "HH:MM", yes/no "Y" or "N"), the acronyms it names
    (``subjects``), the terms of reference ``questions`` it bears on, and
    whether the child was seen, seen alone and their wishes sought (None
    when it does not say)."""

    agency: str
    row: int
    position: int
    day: _dt.date
    time: Optional[_dt.time]
    values: dict[str, str]
    subjects: tuple[str, ...]
    questions: tuple[int, ...]
    child_seen: Optional[bool]
    seen_alone: Optional[bool]
    wishes_sought: Optional[bool]

    @property
    def untimed(self) -> bool:
        """True when the entry has no time (it is flagged where it is merged)."""
        return self.time is None


def _entries(tuples: list[Any]) -> Table[ChronologyEntry]:
    return _table_of_tuples(ChronologyEntry, tuples)


#: The columns of an entries DataFrame besides the format's own.
_FRAME_FIXED = ("agency", "row", "position", "date", "time", "untimed", "subjects", "questions", "child_seen",
                "seen_alone", "wishes_sought")


def _entries_frame(columns: Mapping[str, Any], fmt: ChronologyFormat, agencies: Sequence[str],
                   what: str) -> pandas.DataFrame:
    """One row per entry: agency (a category of the agencies, in order),
    row, position, date (datetime64[ns]), time (timedelta64[ns] after
    midnight, NaT when untimed, so that date + time is the entry's date and
    time), untimed, then a text column per column of the format but its date
    and time and its Y/N columns of the child seen, alone and wishes (named
    by the column's id; an id that is one of the fixed names gets the suffix
    "_text"), then subjects and questions (tuples) and child_seen,
    seen_alone and wishes_sought (pandas' nullable boolean: <NA> when the
    entry does not say)."""
    import numpy as np

    pd = _pandas(what)
    text = pd.Series([""]).dtype  # the installed pandas' default for text
    days = np.asarray(columns["day"], dtype="int64").astype("datetime64[D]").astype("datetime64[ns]")
    minutes = np.asarray(columns["minutes"], dtype="int64")
    times = (np.where(minutes < 0, 0, minutes) * 60).astype("timedelta64[s]").astype("timedelta64[ns]")
    times[minutes < 0] = np.timedelta64("NaT")
    out: dict[str, Any] = {
        "agency": pd.Series(columns["agency"], dtype=pd.CategoricalDtype(list(dict.fromkeys(agencies)))),
        "row": pd.Series(columns["row"], dtype="int64"),
        "position": pd.Series(columns["position"], dtype="int64"),
        "date": pd.Series(days),
        "time": pd.Series(times),
        "untimed": pd.Series(minutes < 0, dtype="bool"),
    }
    # The date, the time and the child seen, alone and wishes columns are
    # the typed columns; their text is not repeated.
    skip = {c.id for c in fmt.columns
            if c.role in ("date", "time") or (c.role in ("seen", "seen_alone", "wishes") and c.type == "yes_no")}
    for key, values in columns["values"].items():
        if key in skip:
            continue
        out[f"{key}_text" if key in _FRAME_FIXED else key] = pd.Series(values, dtype=text)
    out["subjects"] = pd.Series(columns["subjects"], dtype=object)
    out["questions"] = pd.Series(columns["questions"], dtype=object)
    for flag in ("child_seen", "seen_alone", "wishes_sought"):
        out[flag] = pd.Series(columns[flag], dtype="boolean")
    return pd.DataFrame(out)


@dataclasses.dataclass(frozen=True)
class AgencyChronology:
    """An agency's chronology as checked: the ``agency``, its format's id
    and version, its ``entries`` in the agency's order, the summary of themes
    and learning at its end ("" if none), and the SHA-256 (hex) of its
    canonical form, which the store's audit records."""

    agency: str
    format: str
    format_version: int
    entries: Table[ChronologyEntry]
    summary: str
    sha256: str

    def to_pandas(self) -> pandas.DataFrame:
        """The entries as a DataFrame, as :meth:`MultiAgencyChronology.to_pandas`
        gives them."""
        return _entries_frame(self._core.entry_columns(self._format._core), self._format, [self.agency],
                              "AgencyChronology.to_pandas()")

    @classmethod
    def _from_core(cls, c: _core.AgencyChronology, fmt: ChronologyFormat) -> AgencyChronology:
        return cls._from_tuple(c.as_tuple(fmt._core), c, fmt)

    @classmethod
    def _from_tuple(cls, t: tuple[Any, ...], core: _core.AgencyChronology, fmt: ChronologyFormat) -> AgencyChronology:
        agency, format_id, version, entries, summary, sha256 = t
        out = cls(agency, format_id, version, _entries(entries), summary, sha256)
        # Kept outside the fields: what a merge of it needs.
        object.__setattr__(out, "_core", core)
        object.__setattr__(out, "_format", fmt)
        return out


@dataclasses.dataclass(frozen=True)
class ChronologyCheck:
    """What :func:`check_chronology` (or :meth:`libscr.Store.import_chronology`)
    found: the ``chronology`` as read (its entries: the rows that have a
    date) and every issue, by row. :attr:`refused` when any is an error;
    :meth:`report` is what goes back to the agency."""

    chronology: AgencyChronology
    issues: Table[ChronologyIssue]

    @property
    def refused(self) -> bool:
        """True when any issue is an error: the chronology goes back."""
        return any(i.level == "error" for i in self.issues)

    @property
    def errors(self) -> int:
        """How many issues are errors."""
        return sum(1 for i in self.issues if i.level == "error")

    @property
    def warnings(self) -> int:
        """How many issues are warnings."""
        return sum(1 for i in self.issues if i.level == "warning")

    def report(self) -> str:
        """The return report for the agency: accepted or returned, then every
        problem with its row, cell, column and rule, errors first (what
        ``scr chronology check`` prints)."""
        return self._report  # type: ignore[attr-defined,no-any-return]

    @classmethod
    def _from_core(cls, c: _core.ChronologyCheck, fmt: ChronologyFormat) -> ChronologyCheck:
        chronology, issues, report = c.as_tuple(fmt._core)
        out = cls(AgencyChronology._from_tuple(chronology, c.chronology, fmt),
                  _table_of_tuples(ChronologyIssue, issues))
        object.__setattr__(out, "_report", report)
        return out


@_guarded
def check_chronology(
    setup: ChronologySetup,
    agency: str,
    chronology: Union[ChronologyTable, str, os.PathLike[str], bytes],
) -> ChronologyCheck:
    """Checks an agency's chronology (a :class:`ChronologyTable`, a file's
    path or its bytes) against the setup: the headings, every cell, the
    acronyms, the period, the terms of reference and the known names. Never
    raises for what is in the file: every problem is an issue (InputError
    only for a file that cannot be read as CSV or XLSX). Nothing is
    recorded: :meth:`libscr.Store.import_chronology` keeps it."""
    s = _setup(setup)
    table = _table(chronology)
    return ChronologyCheck._from_core(_core.check_chronology(s._to_core(), _name(agency, "agency"), table), s.format)


# ---- the multi-agency chronology ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SeenCount:
    """An agency's entries in a month (``year``, ``month``), and of them those
    with the child seen, seen alone and their wishes sought (as far as the
    format records them)."""

    agency: str
    year: int
    month: int
    entries: int
    seen: int
    seen_alone: int
    wishes_sought: int


@dataclasses.dataclass(frozen=True)
class ChronologyGap:
    """A period of more than the days asked with no entry (of ``agency``, or
    of any when it is ""): from ``start`` (the last entry before it, or the
    period's start) to ``end`` (the first entry after it, or the period's
    end), ``days`` apart."""

    agency: str
    start: _dt.date
    end: _dt.date
    days: int


def _agency_chronologies(values: Any) -> list[_core.AgencyChronology]:
    takes = "a list of AgencyChronology or ChronologyCheck (accepted)"
    out = []
    for c in _iterable(values, "chronologies", takes):
        if isinstance(c, ChronologyCheck):
            if c.refused:
                raise InputError(f"the chronology of {c.chronology.agency} was refused ({c.errors} errors): only "
                                 f"accepted chronologies are merged")
            c = c.chronology
        if not isinstance(c, AgencyChronology) or not hasattr(c, "_core"):
            raise _wrong_item("chronologies", takes + " as libscr makes them", c)
        out.append(c._core)  # type: ignore[attr-defined]
    return out


@_guard_public()
class MultiAgencyChronology:
    """Every accepted agency chronology in one date and time order: entries
    of a day without a time first or last in the day as the format says
    (flagged ``untimed``), each agency's entries in the order it gave them,
    agencies otherwise in order of name.

    Made by :meth:`libscr.Store.merged_chronology`, or from checked
    chronologies: ``MultiAgencyChronology(format, [check.chronology, ...])``
    (a :class:`ChronologyCheck` is taken as its chronology; InputError for
    one refused, for two of one agency, or for one in another format).
    """

    def __init__(
        self,
        format: Union[ChronologyFormat, str],
        chronologies: Iterable[Union[AgencyChronology, ChronologyCheck]],
    ) -> None:
        f = _format(format)
        self._core = _core.MultiAgencyChronology(f._core, _agency_chronologies(chronologies))
        self._format = f

    @classmethod
    def _wrap(cls, core: _core.MultiAgencyChronology) -> MultiAgencyChronology:
        out = cls.__new__(cls)
        out._core = core
        out._format = ChronologyFormat(core.format)
        return out

    @property
    def format(self) -> ChronologyFormat:
        """The review's format, in which every agency's chronology is."""
        return self._format

    @property
    def agencies(self) -> list[str]:
        """The agencies, in order of name."""
        return list(self._core.agencies())

    @property
    def chronologies(self) -> tuple[AgencyChronology, ...]:
        """Each agency's chronology, in order of agency name."""
        cached = self.__dict__.get("_chronologies")
        if cached is None:
            cached = tuple(AgencyChronology._from_core(c, self._format) for c in self._core.chronologies)
            self.__dict__["_chronologies"] = cached
        return cached  # type: ignore[no-any-return]

    @property
    def entries(self) -> Table[ChronologyEntry]:
        """Every entry, merged."""
        cached = self.__dict__.get("_entries")
        if cached is None:
            cached = _entries(self._core.entry_tuples())
            self.__dict__["_entries"] = cached
        return cached  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self._core)

    def select(
        self,
        start: Optional[_dt.date] = None,
        end: Optional[_dt.date] = None,
        agency: Optional[str] = None,
        subject: Optional[str] = None,
        question: Optional[int] = None,
    ) -> Table[ChronologyEntry]:
        """The entries from ``start`` to ``end`` (inclusive, either open), of
        ``agency`` (ignoring case), naming the acronym ``subject`` (ignoring
        case), bearing on terms of reference ``question``: each given
        condition holds. In the merged order."""
        q = None if question is None else _integer(question, "question")
        return _entries(self._core.select_tuples(
            _optional_date(start, "start"), _optional_date(end, "end"), _optional_name(agency, "agency"),
            _optional_name(subject, "subject"), q))

    def seen_counts(self) -> Table[SeenCount]:
        """Per agency and month: its entries, and of them those with the child
        seen, seen alone and their wishes sought. ``to_pandas()`` for a
        DataFrame."""
        return _table_of_tuples(SeenCount, self._core.seen_count_tuples())

    def gaps(
        self,
        days: int,
        period_from: Optional[_dt.date] = None,
        period_to: Optional[_dt.date] = None,
        agency: Optional[str] = None,
    ) -> Table[ChronologyGap]:
        """Periods of more than ``days`` with no entry (of ``agency``, or of
        any agency), from the period's start (or the first entry) to its end
        (or the last entry). InputError for ``days`` under 1."""
        return _table_of_tuples(ChronologyGap, self._core.gap_tuples(
            _integer(days, "days"), _optional_date(period_from, "period_from"),
            _optional_date(period_to, "period_to"), _optional_name(agency, "agency")))

    def unlisted_names(self, names: Iterable[str]) -> Table[ChronologyIssue]:
        """Known names (``names``: a setup's ``known_names``) found in the
        entries' text: one issue (rule ``known-name``) per entry, column and
        name, its ``row`` the agency's own row and its message naming the
        agency. What :func:`check_chronology` does per agency, for the merged
        chronology."""
        return _table_of_tuples(ChronologyIssue, self._core.unlisted_name_tuples(list(_texts(names, "names"))))

    def export(
        self,
        format: str = "csv",
        learning_event: bool = False,
        layout: str = "colour",
        title: str = "",
    ) -> Union[str, bytes]:
        """The merged chronology in the board's format, with the agency and
        the agency's own row of every entry: ``"csv"`` (cells a spreadsheet
        would take for a formula written after a single quote), ``"json"``
        (versioned), ``"html"`` (A4 landscape, colour-coded by agency, with a
        timeline; ``layout`` ``"colour"`` or ``"columns"``: one column per
        agency) as text, or ``"xlsx"`` as bytes. ``learning_event``: the copy
        for a Learning Event, without the columns the format leaves out of it
        (Essex: the comments) nor the summaries. ``title``: the review's
        reference, for headings."""
        return self._core.export(  # type: ignore[no-any-return]
            _choice(format, "format", CHRONOLOGY_EXPORTS), _flag(learning_event, "learning_event"),
            _choice(layout, "layout", CHRONOLOGY_LAYOUTS), _name(title, "title"))

    def save(
        self,
        path: Union[str, os.PathLike[str]],
        format: Optional[str] = None,
        learning_event: bool = False,
        layout: str = "colour",
        title: str = "",
        overwrite: bool = False,
    ) -> None:
        """Writes :meth:`export` to a new file readable by its owner only
        (mode 0600), in ``format`` or the one its suffix names (.csv, .json,
        .html, .xlsx). InputError if the file exists, unless ``overwrite``
        (then it is replaced, with mode 0600)."""
        file = _path(path)
        if format is None:
            suffix = os.path.splitext(file)[1].lower().lstrip(".")
            format = "html" if suffix == "htm" else suffix
            if format not in CHRONOLOGY_EXPORTS:
                raise InputError(f"{file}: give format= ({', '.join(CHRONOLOGY_EXPORTS)}), or a file ending in "
                                 f"one of them")
        data = self.export(format, learning_event, layout, title)
        content = data.encode("utf-8") if isinstance(data, str) else data
        if not _flag(overwrite, "overwrite"):
            try:
                fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                raise InputError(f"{file} exists: give overwrite=True to replace it") from None
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            return
        folder = os.path.dirname(os.path.abspath(file))
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".chronology-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            os.replace(temporary, file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def to_pandas(self) -> pandas.DataFrame:
        """One row per entry, merged: agency (a category), row, position,
        date (datetime64[ns]), time (timedelta64[ns] after midnight, NaT when
        untimed: date + time is the entry's date and time), untimed, a text
        column per column of the format but its date and time and its Y/N
        columns of the child seen, seen alone and wishes sought (named by the
        column's id; an id among these fixed names gets the suffix "_text"),
        subjects and questions (tuples), and child_seen, seen_alone and
        wishes_sought (nullable booleans: <NA> where the entry does not
        say)."""
        return _entries_frame(self._core.entry_columns(), self._format, self.agencies,
                              "MultiAgencyChronology.to_pandas()")

    def __repr__(self) -> str:
        return (f"<MultiAgencyChronology {self._format.id}: {len(self)} entries from "
                f"{', '.join(self.agencies) or 'no agency'}>")
