"""The exceptions libscr raises.

Every error derives from :class:`Error`. Bad input (an impossible date, an
unparseable timescale, an unknown division) raises :class:`InputError`, which is
also a :class:`ValueError`; a date outside the supported range or outside the
years a calendar knows raises :class:`RangeError`, a kind of InputError.
"""

from __future__ import annotations

__all__ = ["Error", "InputError", "RangeError"]


class Error(Exception):
    """Anything libscr refuses."""


class InputError(Error, ValueError):
    """The input is malformed or breaks a rule; the message quotes it."""


class RangeError(InputError):
    """A date outside 1900-01-01..2199-12-31, or outside a calendar's years."""
