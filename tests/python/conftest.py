"""Shared fixtures for the libscr Python tests.

Expected values in these tests are worked out by hand from the deadline rules
in docs/deadline-rules.md (rules 1-11) and checked
against Python's own ``datetime`` for days of the week, never against libscr.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

import libscr

# Property tests: no example database in the source tree, no per-example
# deadline (the first call builds the England and Wales tables), and a modest
# number of examples so each test stays around a second.
settings.register_profile(
    "libscr",
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("libscr")


@pytest.fixture(scope="session")
def ew() -> libscr.Calendar:
    """The built-in England and Wales calendar (rule 11)."""
    return libscr.Calendar.england_and_wales()
