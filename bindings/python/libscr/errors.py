"""The exceptions libscr raises.

Every error derives from :class:`Error`. Bad input (an impossible date, an
unparseable timescale, an unknown division) raises :class:`InputError`, which is
also a :class:`ValueError`; a procedure definition that does not load raises
:class:`DefinitionError`, an InputError listing every problem; a date outside the supported range or outside the
years a calendar knows raises :class:`RangeError`, a kind of InputError.
"""

from __future__ import annotations

__all__ = ["DefinitionError", "Error", "InputError", "RangeError"]


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
