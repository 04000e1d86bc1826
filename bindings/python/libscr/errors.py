"""The exceptions libscr raises.

Every error derives from :class:`Error`. Bad input (an impossible date, an
unparseable timescale, an unknown division) raises :class:`InputError`, which is
also a :class:`ValueError`; a procedure definition that does not load raises
:class:`DefinitionError`, an InputError listing every problem; a date outside the supported range or outside the
years a calendar knows raises :class:`RangeError`, a kind of InputError.

A review refuses a command the procedure's rules forbid with a
:class:`RuleError` (``rule`` names the rule: ``"transition"``, ``"guard"``,
``"role"``, ``"prerequisite"``, ``"conflict"``, ``"extension"``,
``"schedule"``, ``"hold"``, ``"discharge"``), or one of its subclasses; event
data it cannot accept raises :class:`DataError` (``field`` names the field),
and an agency without a track in the review :class:`AgencyError`, both
InputErrors. A refused command leaves the review exactly as it was.

    Error
    ├── InputError (also a ValueError)
    │   ├── RangeError
    │   ├── DefinitionError
    │   ├── DataError
    │   └── AgencyError
    └── RuleError
        ├── TransitionError
        ├── GuardError
        ├── RoleError
        ├── PrerequisiteError
        └── ConflictError
"""

from __future__ import annotations

from typing import Iterable, Optional

__all__ = [
    "AgencyError",
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
    ``"conflict"``, ``"extension"``, ``"schedule"``, ``"hold"`` or
    ``"discharge"``."""

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
