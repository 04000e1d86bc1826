"""The exceptions libscr raises.

Every error derives from :class:`Error`. Bad input (an impossible date, an
unparseable timescale, an unknown division) raises :class:`InputError`, which is
also a :class:`ValueError`; a procedure definition that does not load raises
:class:`DefinitionError`, an InputError listing every problem; a date outside the supported range or outside the
years a calendar knows raises :class:`RangeError`, a kind of InputError.

A review refuses a command the procedure's rules forbid with a
:class:`RuleError` (``rule`` names the rule: ``"transition"``, ``"guard"``,
``"role"``, ``"prerequisite"``, ``"conflict"``, ``"extension"``,
``"schedule"``, ``"hold"``, ``"discharge"``; corrections ``"void"``,
``"correction"``, ``"waive"``, ``"assignment"``; the store's purge,
``"retention"``), or one of its subclasses; event
data it cannot accept raises :class:`DataError` (``field`` names the field),
and an agency without a track in the review :class:`AgencyError`, both
InputErrors. An event recorded with a time before others, or a correction,
that would leave the history invalid raises the error the first later event
would then raise, its message naming that event. A refused command leaves
the review exactly as it was.

The event store (:class:`libscr.Store`) raises :class:`StoreError` when its
database cannot be used (corrupt, not a libscr store, of a newer schema, or
the disk refused a write; the message names the file), and
:class:`ConcurrencyError` when another writer appended to a review first
(``expected`` is the sequence the caller last saw, ``actual`` the review's
sequence now): load the review again and retry.

An argument of the wrong type (an int where text is expected, text where a
date is, a naive datetime) is not one of these: it raises a plain TypeError
naming the argument, the type it takes and the type it was given, as
``"reference must be text (str), not int: 3"``.

    Error
    ├── InputError (also a ValueError)
    │   ├── RangeError
    │   ├── DefinitionError
    │   ├── DataError
    │   └── AgencyError
    ├── RuleError
    │   ├── TransitionError
    │   ├── GuardError
    │   ├── RoleError
    │   ├── PrerequisiteError
    │   └── ConflictError
    ├── StoreError
    └── ConcurrencyError
"""

from __future__ import annotations

from typing import Iterable, Optional

__all__ = [
    "AgencyError",
    "ConcurrencyError",
    "ConflictError",
    "DataError",
    "DefinitionError",
    "Error",
    "GuardError",
    "InputError",
    "PrerequisiteError",
    "RangeError",
    "RoleError",
    "RuleError",
    "StoreError",
    "TransitionError",
]


class Error(Exception):
    """Anything libscr refuses."""


class InputError(Error, ValueError):
    """The input is malformed or breaks a rule; the message quotes it."""


class RangeError(InputError):
    """A date outside 1900-01-01..2199-12-31, or outside a calendar's years."""


class DefinitionError(InputError):
    """A procedure definition that does not load.

    ``diagnostics`` lists every error (and warning) found, each with its
    ``file``, ``line``, ``column``, ``rule`` and ``message``; ``str(error)``
    gives the errors one per line, as ``file:line:col: error: message [rule]``.
    """

    def __init__(self, message: str, diagnostics: list | None = None) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics or [])


class DataError(InputError):
    """An event's data is missing a required field, names an unknown one, or
    holds a value of the wrong type. ``field`` names the field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class AgencyError(InputError):
    """An agency the command names has no track in the review (or none is
    named where one is needed)."""


class RuleError(Error):
    """The procedure's rules refuse a command. ``rule`` names the rule broken:
    ``"transition"``, ``"guard"``, ``"role"``, ``"prerequisite"``,
    ``"conflict"``, ``"extension"``, ``"schedule"``, ``"hold"``,
    ``"discharge"``, or ``"retention"`` (the store refusing to purge a review
    that is open or inside its retention period)."""

    rule: str = ""

    def __init__(self, message: str, rule: Optional[str] = None) -> None:
        super().__init__(message)
        if rule is not None:
            self.rule = rule


class TransitionError(RuleError):
    """The event is not allowed in the current state (or the review is closed)."""

    rule = "transition"


class GuardError(RuleError):
    """Transitions for the event leave the current state, but no guard holds
    for the data given. ``guards`` lists the guards tried, as text."""

    rule = "guard"

    def __init__(self, message: str, guards: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.guards = list(guards)


class RoleError(RuleError):
    """The actor's role may not do this (record the event, agree the extension)."""

    rule = "role"


class PrerequisiteError(RuleError):
    """A prerequisite of the transition is not met: a milestone, an
    obligation, or a milestone in every agency's track."""

    rule = "prerequisite"


class ConflictError(RuleError):
    """A "must" role conflict: the assignment (or the actor) breaks an
    independence rule. ``conflict_rule`` quotes the procedure's rule."""

    rule = "conflict"

    def __init__(self, message: str, conflict_rule: str = "") -> None:
        super().__init__(message)
        self.conflict_rule = conflict_rule


class StoreError(Error):
    """The store's database cannot be used: it is corrupt, not a libscr store,
    of a newer schema than this libscr knows, or the disk refused a write. The
    message names the file."""


class ConcurrencyError(Error):
    """Someone else appended to the review first. ``expected`` is the sequence
    the caller last saw, ``actual`` the review's sequence now; nothing was
    written. Load the review again and retry."""

    def __init__(self, message: str, expected: int = 0, actual: int = 0) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual
