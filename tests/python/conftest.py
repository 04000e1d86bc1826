"""Shared fixtures for the libscr Python tests.

Expected values in these tests are worked out by hand from the deadline rules
in docs/deadline-rules.md (rules 1-11) and checked
against Python's own ``datetime`` for days of the week, never against libscr.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import os
import sqlite3
import subprocess
from typing import Any

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


# ---- the backend ------------------------------------------------------------------
#
# SCR_TEST_BACKEND=postgresql:DIR runs the store's tests again on PostgreSQL
# (the tests' own server, its socket in DIR: tests/support/pg_cluster.sh,
# started by `make test`). The backend-neutral tests are those that make their
# store with ``Store.in_memory`` or name it with the ``store_name`` fixture: on
# PostgreSQL each such store is a new schema of its own on the server instead,
# and the other tests are deselected (they reach into an SQLite file, and ran
# on SQLite in the first run).

_BACKEND = os.environ.get("SCR_TEST_BACKEND", "")
if _BACKEND and _BACKEND != "sqlite" and not _BACKEND.startswith("postgresql:"):
    raise pytest.UsageError(f"SCR_TEST_BACKEND is {_BACKEND!r}: give sqlite or postgresql:DIR")
ON_POSTGRESQL = _BACKEND.startswith("postgresql:")


_SCHEMAS = itertools.count(1)


def _new_schema_url() -> str:
    """The URL of a new, empty schema on the tests' PostgreSQL server."""
    server = _BACKEND.split(":", 1)[1]
    schema = f"py{os.getpid()}_{next(_SCHEMAS)}"
    subprocess.run(
        ["psql", "-h", server, "-U", "scr_admin", "-d", "postgres", "-qXc", f"CREATE SCHEMA {schema}"],
        check=True,
        capture_output=True,
    )
    return f"postgresql:///postgres?host={server}&user=scr_admin&options=-csearch_path%3D{schema}"


def _store_in_a_new_schema(cls, *, clock=None, future_allowance=None):
    """``Store.in_memory`` as a new schema on the tests' PostgreSQL server."""
    return cls(_new_schema_url(), clock=clock, future_allowance=future_allowance)


def pytest_collection_modifyitems(config, items):
    if not ON_POSTGRESQL:
        return
    keep, drop = [], []
    for item in items:
        # The test's own source and its fixtures' (a fixture may make the store).
        functions = [getattr(item, "function", None)]
        info = getattr(item, "_fixtureinfo", None)
        for defs in (info.name2fixturedefs.values() if info is not None else ()):
            functions.extend(d.func for d in defs)
        source = ""
        for fn in functions:
            try:
                source += inspect.getsource(fn) if fn is not None else ""
            except (OSError, TypeError):
                pass
        uses = "Store.in_memory(" in source or "store_name" in getattr(item, "fixturenames", ())
        neutral = uses and "sqlite_only" not in item.keywords
        (keep if neutral else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.fixture()
def store_name(tmp_path):
    """Names a new store by a name the test gives: a file in the test's
    folder on SQLite, a new schema of its own on PostgreSQL (the same name
    the same store)."""
    made: dict[str, str] = {}

    def name(file: str = "reviews.db") -> str:
        if file not in made:
            made[file] = _new_schema_url() if ON_POSTGRESQL else os.fspath(tmp_path / file)
        return made[file]

    return name


def tamper(name: Any, *statements: str) -> int:
    """Runs SQL on a store outside libscr, as someone with the file (or the
    database's administrator's rights, past its triggers) would; the rows the
    last statement changed."""
    name = os.fspath(name)
    if name.startswith("postgresql://"):
        server = _BACKEND.split(":", 1)[1]
        schema = name.rsplit("%3D", 1)[1]
        sql = f"SET search_path = {schema}; SET session_replication_role = replica; " + "; ".join(statements)
        done = subprocess.run(["psql", "-h", server, "-U", "scr_admin", "-d", "postgres", "-Xv", "ON_ERROR_STOP=1",
                               "-c", sql], check=True, capture_output=True, text=True)
        tags = done.stdout.split()
        return int(tags[-1]) if tags and tags[-1].isdigit() else 0
    with contextlib.closing(sqlite3.connect(name)) as raw, raw:
        changed = 0
        for statement in statements:
            changed = raw.execute(statement).rowcount
        return changed


@pytest.fixture(autouse=True)
def _store_on_the_backend(monkeypatch):
    if ON_POSTGRESQL:
        monkeypatch.setattr(libscr.Store, "in_memory", classmethod(_store_in_a_new_schema))
    yield
