"""libscr's version comes from one place, the CMake project: the Python
metadata, the module, `scr --version`, the documents libscr writes, the JSON
Schema shipped with the package and the CHANGELOG all agree with it. (The C++
header's SCR_VERSION_STRING is checked by the consumer test, which prints it
from an installed libscr.)"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import importlib.resources
import json
import pathlib
import re
import subprocess

import jsonschema

import libscr
from cli_support import SCR

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "schemas" / "libscr.reviews.v1.schema.json"


def project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    m = re.search(r"project\(libscr\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", text)
    assert m, "CMakeLists.txt has no project(libscr VERSION x.y.z)"
    return m.group(1)


def test_python_metadata_and_module_say_the_project_version():
    v = project_version()
    assert libscr.__version__ == v
    assert importlib.metadata.version("libscr") == v


def test_scr_version_says_the_project_version():
    out = subprocess.run([str(SCR), "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
    assert out.split() == ["scr", project_version()], out


def test_an_export_names_the_version_that_wrote_it_and_validates_against_the_shipped_schema():
    gmt = dt.timezone.utc
    chair = libscr.Actor("A. Patel", "lscb_chair", "Solihull LSCB")
    db = libscr.Store.in_memory()
    db.open_review("solihull-2011-scr", "Child Q", dt.datetime(2024, 1, 15, 9, tzinfo=gmt), chair,
                   {"incident_at": dt.datetime(2024, 1, 13, 22, tzinfo=gmt)})
    doc = json.loads(db.export_reviews())
    assert doc["libscr"] == project_version()
    shipped = importlib.resources.files("libscr").joinpath("schemas", SCHEMA_FILE.name)
    schema = json.loads(shipped.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    # The schema's format version is the one in its name and in the document.
    assert schema["properties"]["version"]["const"] == doc["version"]
    assert f".v{doc['version']}." in SCHEMA_FILE.name


def test_the_package_ships_the_schema_as_documented():
    shipped = importlib.resources.files("libscr").joinpath("schemas", SCHEMA_FILE.name)
    assert shipped.read_bytes() == SCHEMA_FILE.read_bytes()


def test_the_changelog_has_a_section_for_the_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings and headings[0] in ("Unreleased", project_version()), headings[:3]
    assert project_version() in headings, f"CHANGELOG.md has no section '## {project_version()}'"
