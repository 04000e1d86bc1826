"""The installed package is typed (PEP 561) and its stubs match the runtime."""

from __future__ import annotations

import ast
import enum
import importlib.metadata
import importlib.resources
import re

import pytest

import libscr
from libscr import _core

PACKAGE = importlib.resources.files("libscr")


def test_ships_py_typed():
    assert PACKAGE.joinpath("py.typed").is_file()


def test_ships_core_stub():
    stub = PACKAGE.joinpath("_core.pyi")
    assert stub.is_file()
    ast.parse(stub.read_text(encoding="utf-8"))  # valid Python


def test_ships_the_compiled_core():
    names = [p.name for p in PACKAGE.iterdir()]
    assert any(re.match(r"_core\..*(so|pyd)$", n) for n in names), names


@pytest.mark.parametrize("name", libscr.__all__)
def test_every_public_name_exists(name):
    assert hasattr(libscr, name)
    assert getattr(libscr, name) is not None


def test_all_lists_the_documented_api():
    expected = {"Calendar", "DefinitionError", "Error", "Holiday", "InputError", "Procedure",
                "RangeError", "TimeUnit", "Timescale", "WEEKDAY_NAMES", "add_months", "parse_date",
                "__version__", "Review", "Actor", "RuleError", "TransitionError", "GuardError",
                "RoleError", "PrerequisiteError", "ConflictError", "DataError", "AgencyError"}
    assert expected <= set(libscr.__all__)
    assert len(libscr.__all__) == len(set(libscr.__all__))


def test_version_matches_the_distribution():
    assert re.fullmatch(r"\d+\.\d+\.\d+", libscr.__version__)
    assert importlib.metadata.version("libscr") == libscr.__version__


def test_weekday_names_use_python_numbering():
    import datetime as dt

    assert libscr.WEEKDAY_NAMES[dt.date(2024, 1, 1).weekday()] == "Monday"
    assert len(libscr.WEEKDAY_NAMES) == 7


def _stub() -> ast.Module:
    return ast.parse(PACKAGE.joinpath("_core.pyi").read_text(encoding="utf-8"))


def _stub_top_level() -> dict[str, ast.AST]:
    out: dict[str, ast.AST] = {}
    for node in _stub().body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            out[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = node
    return out


def test_every_stubbed_name_exists_in_the_core():
    missing = [name for name in _stub_top_level() if not hasattr(_core, name)]
    assert missing == []


def test_every_core_name_is_stubbed():
    stubbed = set(_stub_top_level())
    public = {n for n in dir(_core) if not n.startswith("_")} | {"__version__"}
    assert public - stubbed == set()


def _members(cls: ast.ClassDef) -> set[str]:
    names = set()
    for node in cls.body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


@pytest.mark.parametrize(
    "cls_name", [n for n, node in _stub_top_level().items() if isinstance(node, ast.ClassDef)]
)
def test_every_stubbed_member_exists(cls_name):
    cls_node = _stub_top_level()[cls_name]
    runtime = getattr(_core, cls_name)
    missing = [m for m in _members(cls_node) if not hasattr(runtime, m)]
    assert missing == []


@pytest.mark.parametrize(
    "cls_name",
    ["Calendar", "Timescale", "Holiday", "Procedure", "Milestone", "Obligation", "Transition",
     "Track", "Diagnostic", "Event", "State", "Review", "ReviewEvent", "Actor", "TimetableRow",
     "ObligationRow", "ReviewWarning", "Assignment", "HoldPeriod", "TrackStatus", "ComplianceRow",
     "ComplianceSummary", "MovedDate", "ChronologyColumn", "ChronologyFormat", "ChronologySetup",
     "ChronologyTable", "AgencyChronology", "ChronologyCheck", "MultiAgencyChronology"],
)
def test_every_runtime_member_is_stubbed(cls_name):
    stubbed = _members(_stub_top_level()[cls_name])
    runtime = {n for n in dir(getattr(_core, cls_name)) if not n.startswith("_")}
    assert runtime - stubbed == set()


def test_time_unit_stub_matches_the_runtime_enum():
    node = _stub_top_level()["TimeUnit"]
    stub_values = {
        s.targets[0].id: s.value.value
        for s in node.body
        if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant)
    }
    runtime = {name: member.value for name, member in _core.TimeUnit.__members__.items()}
    assert stub_values == runtime


def test_time_unit_behaves_as_the_enum_the_stub_declares():
    # _core.pyi declares ``class TimeUnit(enum.Enum)``, so a type checker
    # accepts iteration, lookup by name and isinstance(..., enum.Enum); the
    # runtime class must support them too.
    node = _stub_top_level()["TimeUnit"]
    assert any(ast.unparse(b) == "enum.Enum" for b in node.bases)
    assert issubclass(libscr.TimeUnit, enum.Enum)
    assert [u.name for u in libscr.TimeUnit] == [
        "HOURS", "DAYS", "WORKING_DAYS", "WEEKS", "MONTHS", "YEARS",
    ]
    assert libscr.TimeUnit["WORKING_DAYS"] is libscr.TimeUnit.WORKING_DAYS
