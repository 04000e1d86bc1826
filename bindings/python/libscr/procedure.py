"""Review procedures: a board's process as data, loaded from YAML and checked.

>>> from libscr import Procedure
>>> p = Procedure.builtin("solihull-2011-scr")           # doctest: +SKIP
>>> str(p.milestone("completion").timescale)              # doctest: +SKIP
'6 months'

A definition that does not load raises :class:`libscr.DefinitionError`, whose
``diagnostics`` give every problem with its line, column and rule. The language
is documented in docs/procedure-language.md. A wrong type for an argument
raises TypeError naming it and the type it takes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from . import _core
from ._args import _guard_public, _name, _pandas, _path, _wrapping

if TYPE_CHECKING:  # pandas is optional: imported by to_pandas() when called
    import pandas

__all__ = ["Procedure", "ProcedureChange"]


@dataclass(frozen=True)
class ProcedureChange:
    """One difference between two procedures (:meth:`Procedure.diff`).

    ``element`` is "procedure" (its own keys), "choice", "source", "role",
    "conflict", "state", "event", "transition", "milestone", "chain",
    "obligation" or "track"; ``track`` the track it is in ("" for the
    review's own); ``change`` "added", "removed" or "changed"; ``key`` the key
    that changed ("due" for a milestone's rule), with its values ``before``
    and ``after`` as one line of YAML; ``text`` the whole as one line."""

    element: str
    track: str
    id: str
    change: str
    key: str
    before: str
    after: str
    text: str

    def __str__(self) -> str:
        return self.text

# Rows of Procedure.table(): the columns of each kind.
_TABLES = ("states", "transitions", "milestones", "obligations", "roles")


def _closest(name: str, known: Iterable[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""


def _find(items: Sequence[Any], key: str, value: str, what: str, owner: str) -> Any:
    for item in items:
        if getattr(item, key) == value:
            return item
    names = [getattr(i, key) for i in items]
    raise KeyError(f"no {what} {value!r} in {owner}{_closest(value, names)}")


def _rule(m: _core.Milestone) -> str:
    a = m.anchor
    if a.kind == "scheduled":
        return "scheduled"
    source = f"{a.ref}.{a.field}" if a.kind == "event_field" else a.ref
    if m.timescale is None:
        return f"on {source}"
    return f"{m.timescale} {m.direction} {source}"


@_guard_public()
class Procedure:
    """A validated review procedure: states, transitions, milestones,
    obligations, roles and per-agency tracks. Read-only."""

    __slots__ = ("_core",)

    def __init__(self, core: _core.Procedure) -> None:
        _wrapping(core, _core.Procedure, "use Procedure.builtin(), Procedure.load() or Procedure.loads()")
        self._core = core

    # ---- construction ------------------------------------------------------

    @classmethod
    def builtin(cls, id: str) -> Procedure:
        """A built-in pack, such as ``"solihull-2011-scr"``."""
        return cls(_core.Procedure.builtin(_name(id, "id", "text (str) such as 'solihull-2011-scr'")))

    @staticmethod
    def builtin_ids() -> list[str]:
        """The ids of the built-in packs, sorted."""
        return list(_core.Procedure.builtin_ids())

    @staticmethod
    def builtin_source(id: str) -> str:
        """The YAML text of a built-in pack: a starting point for your own."""
        return _core.Procedure.builtin_source(_name(id, "id", "text (str) such as 'solihull-2011-scr'"))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Procedure:
        """Loads a YAML file; raises DefinitionError listing every error."""
        return cls(_core.Procedure.load(_path(path)))

    @classmethod
    def loads(cls, text: str, name: str = "<text>") -> Procedure:
        """Parses YAML text; ``name`` labels it in messages."""
        return cls(_core.Procedure.parse(_name(text, "text", "the YAML as text (str)"), _name(name, "name")))

    @staticmethod
    def check(text: str, name: str = "<text>") -> list[_core.Diagnostic]:
        """Every error and warning in a definition, without raising."""
        return list(_core.Procedure.check(_name(text, "text", "the YAML as text (str)"), _name(name, "name")))

    @staticmethod
    def check_file(path: str | os.PathLike[str]) -> list[_core.Diagnostic]:
        """Every error and warning in a definition file, without raising."""
        file = _path(path)
        with open(file, encoding="utf-8") as f:
            return list(_core.Procedure.check(f.read(), file))

    # ---- metadata ----------------------------------------------------------

    @property
    def id(self) -> str:
        return self._core.id

    @property
    def title(self) -> str:
        return self._core.title

    @property
    def version(self) -> int:
        return self._core.version

    @property
    def effective_from(self) -> Any:
        """The date from which the procedure applies (datetime.date)."""
        return self._core.effective_from

    @property
    def calendar(self) -> str:
        """The name of the working-day calendar its deadlines use."""
        return self._core.calendar_name

    @property
    def opened_by(self) -> str:
        """The event that opens a review."""
        return self._core.opened_by

    @property
    def review_type(self) -> str:
        return self._core.review_type

    @property
    def decision_milestone(self) -> str:
        """The milestone compliance reports headline as the decision whether
        to hold a review ("" if the procedure names none)."""
        return self._core.decision_milestone

    @property
    def completion_milestone(self) -> str:
        """The milestone compliance reports headline as the review's
        completion ("" if the procedure names none)."""
        return self._core.completion_milestone

    @property
    def retention(self) -> _core.Timescale:
        """How long the store keeps a closed review's record, counted from the
        day it closed (``procedure.retention``; 7 years if not stated)."""
        return self._core.retention

    @property
    def corrections(self) -> tuple[str, ...]:
        """The roles (``procedure.corrections``) that may correct any event,
        waive any milestone or obligation and take anyone off a role, besides
        the role that recorded the event."""
        return tuple(self._core.corrections)

    @property
    def chronology(self) -> dict[str, str] | None:
        """``procedure.chronology``: the agencies' chronologies' format and
        the track events an import records (keys ``format``, ``track``,
        ``submitted``, ``returned``; "" where not named), or None."""
        c = self._core.chronology
        return None if c is None else dict(c)

    @property
    def description(self) -> str:
        return self._core.description

    @property
    def sources(self) -> dict[str, str]:
        """Citation key to document title: ``{"001": "Solihull LSCB ..."}``."""
        return dict(self._core.sources)

    @property
    def choices(self) -> dict[str, str]:
        """Where the sources are ambiguous, what this definition chose."""
        return dict(self._core.choices)

    @property
    def warnings(self) -> tuple[_core.Diagnostic, ...]:
        return tuple(self._core.warnings)

    # ---- parts ----------------------------------------------------------------

    @property
    def roles(self) -> tuple[_core.Role, ...]:
        return tuple(self._core.roles)

    @property
    def conflicts(self) -> tuple[_core.RoleConflict, ...]:
        return tuple(self._core.conflicts)

    @property
    def states(self) -> tuple[_core.State, ...]:
        return tuple(self._core.states)

    @property
    def events(self) -> tuple[_core.Event, ...]:
        return tuple(self._core.events)

    @property
    def transitions(self) -> tuple[_core.Transition, ...]:
        return tuple(self._core.transitions)

    @property
    def milestones(self) -> tuple[_core.Milestone, ...]:
        """Milestones, chain steps included (in chain order)."""
        return tuple(self._core.milestones)

    @property
    def chains(self) -> tuple[_core.Chain, ...]:
        return tuple(self._core.chains)

    @property
    def obligations(self) -> tuple[_core.Obligation, ...]:
        return tuple(self._core.obligations)

    @property
    def tracks(self) -> tuple[_core.Track, ...]:
        """Per-agency tracks, each with its own states, events and deadlines."""
        return tuple(self._core.tracks)

    def role(self, id: str) -> _core.Role:
        return _find(self.roles, "id", _name(id, "id"), "role", self.id)

    def state(self, id: str) -> _core.State:
        return _find(self.states, "id", _name(id, "id"), "state", self.id)

    def event(self, name: str) -> _core.Event:
        return _find(self.events, "name", _name(name, "name"), "event", self.id)

    def milestone(self, id: str) -> _core.Milestone:
        return _find(self.milestones, "id", _name(id, "id"), "milestone", self.id)

    def obligation(self, id: str) -> _core.Obligation:
        return _find(self.obligations, "id", _name(id, "id"), "obligation", self.id)

    def track(self, id: str) -> _core.Track:
        return _find(self.tracks, "id", _name(id, "id"), "track", self.id)

    # ---- tables ----------------------------------------------------------------

    def table(self, what: str = "milestones") -> list[dict[str, Any]]:
        """Rows of one part as dictionaries: ``"states"``, ``"transitions"``,
        ``"milestones"`` (track milestones included, with their track),
        ``"obligations"`` or ``"roles"``."""
        if _name(what, "what") not in _TABLES:
            raise ValueError(f"unknown table {what!r}; what must be one of {', '.join(_TABLES)}")
        if what == "roles":
            return [{"id": r.id, "title": r.title, "cite": ", ".join(r.cite)} for r in self.roles]
        machines: list[tuple[str, Any]] = [("", self._core)]
        machines += [(t.id, t) for t in self._core.tracks]
        rows: list[dict[str, Any]] = []
        for track, m in machines:
            if what == "states":
                rows += [{"track": track, "id": s.id, "kind": s.kind, "title": s.title} for s in m.states]
            elif what == "transitions":
                rows += [{"track": track, "event": t.event, "from": ", ".join(t.source),
                          "to": t.target, "when": t.when, "roles": ", ".join(t.roles),
                          "cite": ", ".join(t.cite)} for t in m.transitions]
            elif what == "milestones":
                rows += [{"track": track, "id": ms.id, "title": ms.title, "owner": ms.owner,
                          "rule": _rule(ms), "kind": ms.kind, "strength": ms.strength,
                          "hold": ms.hold, "chain": ms.chain, "cite": ", ".join(ms.cite),
                          "confidence": ms.confidence}
                         for ms in m.milestones]
            else:
                rows += [{"track": track, "id": o.id, "title": o.title, "owner": o.owner,
                          "trigger": f"{o.trigger.kind}:{o.trigger.ref}",
                          "when": o.trigger.when,
                          "within": None if o.timescale is None else str(o.timescale),
                          "repeat": None if o.repeat is None else str(o.repeat),
                          "after_closure": None if o.after_closure is None else str(o.after_closure),
                          "recipients": ", ".join(o.recipients), "cite": ", ".join(o.cite),
                          "confidence": o.confidence}
                         for o in m.obligations]
        return rows

    def to_pandas(self, what: str = "milestones") -> pandas.DataFrame:
        """The same table as a pandas DataFrame (needs pandas)."""
        rows = self.table(what)
        return _pandas("Procedure.to_pandas()").DataFrame(rows)

    # ---- output ----------------------------------------------------------------

    def diff(self, to: Procedure) -> list[ProcedureChange]:
        """What changed from this procedure to ``to``, in the procedure's
        terms: every element added, removed or changed, each changed key
        (a milestone's anchor, timescale and time together as ``due``)::

            milestone rapid_review: due 15 working days after panel_notified.notified_on
                                    -> 15 working days after incident_identified.became_aware_on
        """
        if not isinstance(to, Procedure):
            raise TypeError(f"to must be a Procedure, not {type(to).__name__}")
        return [ProcedureChange(*row) for row in self._core.diff(to._core)]

    def to_yaml(self) -> str:
        """The definition as YAML; ``Procedure.loads(p.to_yaml()) == p``."""
        return self._core.to_yaml()

    def to_dot(self) -> str:
        """A Graphviz DOT diagram: states, transitions, milestones."""
        return self._core.to_dot()

    def to_mermaid(self) -> str:
        """A Mermaid state diagram."""
        return self._core.to_mermaid()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Procedure):
            return NotImplemented
        return self._core.same_definition(other._core)

    def __hash__(self) -> int:
        return hash((self.id, self.version))

    def __repr__(self) -> str:
        return f"<Procedure {self.id} version {self.version}: {self.title}>"
