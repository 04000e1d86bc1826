"""Logins and copies (docs/deploying.md): who acts is the database login on
PostgreSQL, while an SQLite file has no logins and says so; a store copied
from one backend to another verifies with the same ledger head.

These tests make their stores with ``Store.in_memory``, so that `make test`
runs them on SQLite and again on PostgreSQL (conftest.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from libscr import Actor, InputError, LoginGrant, RoleError, Store
from conftest import ON_POSTGRESQL

UTC = dt.timezone.utc
CHAIR = Actor("A. Patel", "lscb_chair", "Solihull LSCB")


def open_child_q(db: Store) -> None:
    db.open_review("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=UTC), CHAIR,
                   {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=UTC)})
    db.record("Child Q", "panel_convened", dt.datetime(2024, 1, 19, 10, tzinfo=UTC), CHAIR)


def server_sql(sql: str) -> None:
    server = os.environ["SCR_TEST_BACKEND"].split(":", 1)[1]
    subprocess.run(["psql", "-h", server, "-U", "scr_admin", "-d", "postgres", "-qXc", sql], check=True,
                   capture_output=True)


def test_a_copy_goes_both_ways_with_the_same_head(tmp_path: Path):
    source = tmp_path / "source.db"
    with Store(source, clock=lambda: dt.datetime(2024, 6, 1, 12, tzinfo=UTC)) as db:
        open_child_q(db)
        head = db.head()
    # On PostgreSQL, to a new schema and back; on SQLite, file to file.
    middle = Store.in_memory().path if ON_POSTGRESQL else os.fspath(tmp_path / "middle.db")
    there = Store.copy(source, middle)
    assert there.copy.ok and there.copy.head == head and there.copy.events == 2
    assert there.source.head == head and there.rows > 10
    back = Store.copy(middle, tmp_path / "back.db")
    assert back.copy.head == head
    with Store(tmp_path / "back.db") as copied:
        assert copied.load("Child Q").state == "panel_considering"
    with pytest.raises(InputError, match="is not empty"):
        Store.copy(source, tmp_path / "back.db")
    with pytest.raises(TypeError, match="source"):
        Store.copy(3, tmp_path / "x.db")  # type: ignore[arg-type]


def test_logins_are_a_servers():
    db = Store.in_memory()
    if ON_POSTGRESQL:
        a_login_acts_only_as_it_is_mapped(db)
        return
    # An SQLite file has none, and says so.
    assert db.login == "" and db.administers
    for attempt in (lambda: db.grant_login("apatel", CHAIR), lambda: db.revoke_login("apatel"), db.logins):
        with pytest.raises(InputError, match="has no logins: who acts is what each command says"):
            attempt()


def a_login_acts_only_as_it_is_mapped(db: Store) -> None:
    assert db.administers and db.login == "scr_admin"
    login = f"py_apatel_{os.getpid()}"
    server_sql(f"DROP ROLE IF EXISTS {login}; CREATE ROLE {login} LOGIN")
    try:
        db.grant_login(login, CHAIR)
        assert list(db.logins()) == [LoginGrant(login, CHAIR)]
        with pytest.raises(TypeError, match="login"):
            db.grant_login(3, CHAIR)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="actor"):
            db.grant_login(login, "A. Patel")  # type: ignore[arg-type]
        # As the member: only as mapped, and no administration.
        with Store(db.path.replace("user=scr_admin", f"user={login}")) as member:
            assert member.login == login and not member.administers
            open_child_q(member)
            with pytest.raises(RoleError, match=f"login '{login}' may not act as J. Lowe"):
                member.record("Child Q", "panel_recommended", dt.datetime(2024, 1, 29, tzinfo=UTC),
                              Actor("J. Lowe", "lscb_chair"), {"recommendation": "scr"})
            with pytest.raises(RoleError, match="only the login that created it maps logins"):
                member.grant_login(login, Actor("J. Lowe", "lscb_chair"))
        assert db.revoke_login(login) == 1
        assert list(db.logins()) == []
    finally:
        server_sql(f"DROP OWNED BY {login}; DROP ROLE IF EXISTS {login}")
