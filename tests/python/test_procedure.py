"""libscr.Procedure: the built-in packs, loading a board's own definition,
errors with positions, round trips, tables and diagrams."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import subprocess
import sys

import pandas as pd
import pytest

import libscr
from libscr import DefinitionError, InputError, Procedure, Timescale

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE = ROOT / "tests" / "data" / "procedures" / "example.yaml"

BUILTIN = [
    "england-2014-sar",
    "england-2023-lcspr",
    "england-wales-2016-dhr",
    "essex-2016-partnership-case-audit",
    "essex-2016-plr",
    "essex-2016-scr",
    "essex-2016-single-agency-review",
    "north-yorkshire-2010-scr",
    "solihull-2011-scr",
    "stockport-2010-imr",
]


def _seed_lines(key: str) -> int | None:
    files = sorted(SEEDS.glob(f"{key}_*.txt"))
    if not files:
        return None
    return len(files[0].read_text(encoding="utf-8", errors="replace").splitlines())


# ---- the built-in packs --------------------------------------------------------


def test_builtin_ids_are_the_ten_packs():
    assert Procedure.builtin_ids() == BUILTIN


@pytest.mark.parametrize("pack", BUILTIN)
def test_each_pack_loads_without_warnings(pack):
    p = Procedure.builtin(pack)
    assert p.id == pack
    assert p.version >= 1
    assert isinstance(p.effective_from, dt.date)
    assert p.warnings == ()
    assert p.opened_by in {e.name for e in p.events}


@pytest.mark.parametrize("pack", BUILTIN)
def test_every_deadline_cites_a_declared_source(pack):
    p = Procedure.builtin(pack)
    machines = [p] + list(p.tracks)
    for m in machines:
        for item in list(m.milestones) + list(m.obligations):
            assert item.cite, f"{pack}: {item.id} has no citation"
            for c in item.cite:
                assert c.split(":")[0] in p.sources, f"{pack}: {item.id} cites {c}"


@pytest.mark.parametrize("pack", [p for p in BUILTIN if not p.startswith("england")])
def test_seed_citations_point_at_lines_that_exist(pack):
    # A citation NNN:LINE or NNN:A-B names lines of seed file NNN.
    if not SEEDS.is_dir():
        pytest.skip("the seed documents are not beside the repository")
    p = Procedure.builtin(pack)
    cites = set()
    for m in [p] + list(p.tracks):
        for group in (m.milestones, m.obligations, m.transitions, m.states):
            for item in group:
                cites.update(item.cite)
    for c in p.conflicts:
        cites.update(c.cite)
    checked = 0
    for c in sorted(cites):
        m = re.fullmatch(r"(\d{3}):(\d+)(?:-(\d+))?", c)
        assert m, f"{pack}: citation {c!r} is not NNN:LINE"
        total = _seed_lines(m.group(1))
        assert total is not None, f"{pack}: no seed file for {c}"
        last = int(m.group(3) or m.group(2))
        assert 1 <= int(m.group(2)) <= last <= total, f"{pack}: {c} is past the end ({total} lines)"
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("pack", BUILTIN)
def test_each_pack_round_trips_through_yaml(pack):
    p = Procedure.builtin(pack)
    again = Procedure.loads(p.to_yaml(), f"{pack}-again.yaml")
    assert again == p
    assert again.to_yaml() == p.to_yaml()


@pytest.mark.parametrize("pack", BUILTIN)
def test_each_pack_draws(pack):
    p = Procedure.builtin(pack)
    dot, mermaid = p.to_dot(), p.to_mermaid()
    assert dot.lstrip().startswith("//") and "digraph" in dot
    assert "stateDiagram-v2" in mermaid
    for s in p.states:
        assert f'"{s.id}"' in dot


def test_solihull_encodes_its_statutory_clock():
    p = Procedure.builtin("solihull-2011-scr")
    decision = p.milestone("decision")
    assert decision.timescale == Timescale.parse("1 month")  # 001:851
    assert decision.kind == "statutory"
    assert decision.completed_when == "outcome != deferred"
    completion = p.milestone("completion")
    assert completion.timescale == Timescale.parse("6 months")  # 001:216
    assert completion.anchor.kind == "event" and completion.anchor.ref == "decision_made"
    assert completion.extendable_by
    # 001:398: an extension obliges the board to tell Ofsted.
    told = [o for o in p.obligations if o.trigger.kind == "extension" and o.trigger.ref == "completion"]
    assert any("Ofsted" in o.recipients for o in told)


def test_the_boards_disagree_on_the_six_month_anchor():
    # C1 in the requirements: decision (001:216), Ofsted notification (003:181),
    # commissioning (004:162).
    anchors = {
        "solihull-2011-scr": Procedure.builtin("solihull-2011-scr").milestone("completion").anchor.ref,
        "north-yorkshire-2010-scr": Procedure.builtin("north-yorkshire-2010-scr").milestone("completion").anchor.ref,
    }
    assert anchors["solihull-2011-scr"] == "decision_made"
    assert anchors["north-yorkshire-2010-scr"] == "ofsted_notification"
    essex = Procedure.builtin("essex-2016-scr")
    six = [m for m in essex.milestones if m.timescale == Timescale.parse("6 months")]
    assert six and all("commission" in m.anchor.ref for m in six)


def test_essex_decision_chain_runs_step_after_step():
    p = Procedure.builtin("essex-2016-scr")
    steps = [p.milestone(s) for c in p.chains for s in c.steps]
    assert [str(m.timescale) for m in steps] == [
        "3 working days", "7 days", "14 days", "28 days", "7 days", "14 days"]  # 004:441-536
    for previous, step in zip(steps, steps[1:]):
        if step.chain == previous.chain:
            assert step.anchor.kind == "milestone" and step.anchor.ref == previous.id


def test_unknown_builtin_names_the_known_ones():
    with pytest.raises(InputError, match="solihull-2011-scr"):
        Procedure.builtin("solihul-2011-scr")


# ---- a board's own definition -------------------------------------------------------


def test_load_accepts_a_path(tmp_path):
    path = tmp_path / "board.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    p = Procedure.load(path)
    assert p.id == "example-board-scr"
    assert p.calendar == "england-and-wales"
    assert p.sources["001"].startswith("Solihull")


def test_a_copied_pack_with_a_changed_timescale_loads_and_differs():
    text = Procedure.builtin_source("solihull-2011-scr")
    assert "within: 1 month" in text
    changed = Procedure.loads(text.replace("within: 1 month", "within: 28 days", 1), "board.yaml")
    assert changed != Procedure.builtin("solihull-2011-scr")


def test_a_mistake_in_a_copied_pack_is_reported_at_its_line():
    text = Procedure.builtin_source("essex-2016-scr")
    lines = text.splitlines()
    target = next(i for i, line in enumerate(lines) if re.search(r"\bto: scoping\b", line))
    lines[target] = lines[target].replace("to: scoping", "to: scopng")
    with pytest.raises(DefinitionError) as caught:
        Procedure.loads("\n".join(lines), "board.yaml")
    errors = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert len(errors) == 1
    d = errors[0]
    assert (d.rule, d.line, d.file) == ("unknown-state", target + 1, "board.yaml")
    assert d.column == lines[target].index("scopng") + 1
    assert "did you mean 'scoping'?" in d.message
    assert str(d) in str(caught.value)


def test_definition_error_is_an_input_error_and_a_value_error():
    with pytest.raises(ValueError):
        Procedure.loads("procedure: [", "broken.yaml")
    assert issubclass(DefinitionError, InputError)
    assert issubclass(DefinitionError, libscr.Error)


def test_check_reports_without_raising(tmp_path):
    diagnostics = Procedure.check("states: 3\n", "x.yaml")
    rules = {d.rule for d in diagnostics}
    assert "missing-key" in rules and "type" in rules
    assert all(d.severity == "error" for d in diagnostics)
    path = tmp_path / "ok.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert Procedure.check_file(path) == []


def test_a_file_that_is_not_utf8_is_refused_with_its_position(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("procedure:\n  title: Caf\u00e9 review\n".encode("latin-1"))
    with pytest.raises(DefinitionError) as caught:
        Procedure.load(path)
    d = caught.value.diagnostics[0]
    assert (d.rule, d.line, d.column) == ("encoding", 2, 13)


# ---- read-only access ------------------------------------------------------------------


def test_parts_of_the_example():
    p = Procedure.load(EXAMPLE)
    assert [s.kind for s in p.states][:2] == ["initial", "active"]
    decide = [t for t in p.transitions if t.event == "decide"]
    assert [t.target for t in decide] == ["in_review", "not_held", "deferred"]
    assert decide[0].when == "outcome == scr" and decide[0].branch == "scr"
    assert decide[0].source == ["referred", "considering"]
    assert p.event("decide").data[0].values == ["scr", "alternative_review", "no_review", "deferred"]
    circulation = p.milestone("imr_circulation")
    assert circulation.direction == "before" and str(circulation.timescale) == "2 weeks"
    assert p.milestone("presentation_meeting").anchor.kind == "scheduled"
    assert p.milestone("reconsideration").anchor.field == "reconsider_on"
    update = p.obligation("monthly_update")
    assert str(update.repeat) == "1 month" and update.until == "complete"
    imr = p.track("imr")
    assert imr.instantiated_by == "commission_agency" and imr.agency_field == "agency"
    assert [m.id for m in imr.milestones] == ["chronology", "imr_submitted"]
    assert {c.kind for c in p.conflicts} == {"same_person", "involved_agency", "declared"}


def test_lookups_suggest_the_likely_name():
    p = Procedure.load(EXAMPLE)
    with pytest.raises(KeyError, match="did you mean 'completion'"):
        p.milestone("completon")


def test_tables_and_pandas():
    p = Procedure.load(EXAMPLE)
    rows = p.table("milestones")
    assert {r["id"] for r in rows} >= {"decision", "completion", "chronology"}
    decision = next(r for r in rows if r["id"] == "decision")
    assert decision["rule"] == "1 month after referral_received"
    assert next(r for r in rows if r["id"] == "chronology")["track"] == "imr"
    with pytest.raises(ValueError, match="unknown table"):
        p.table("nothing")
    frame = p.to_pandas("obligations")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["id"]) == ["tell_ofsted_decision", "tell_ofsted_extension", "monthly_update",
                                 "secure_records", "retain_papers"]


def test_procedure_objects_are_read_only():
    p = Procedure.load(EXAMPLE)
    with pytest.raises(AttributeError):
        p.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p.milestones[0].title = "changed"  # type: ignore[misc]


def test_docs_procedures_match_the_packs():
    script = ROOT / "scripts" / "procedure_docs.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ---- the language reference ------------------------------------------------------------

LANGUAGE = ROOT / "docs" / "procedure-language.md"


def test_the_documented_example_is_the_tested_example():
    text = LANGUAGE.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    assert block == EXAMPLE.read_text(encoding="utf-8")


def test_the_example_uses_every_documented_field():
    text = LANGUAGE.read_text(encoding="utf-8")
    reference = text[text.index("## Reference"):text.index("## What the checker enforces")]
    fields = set()
    for row in re.findall(r"^\| ([^|]+) \|", reference, re.M):
        fields.update(re.findall(r"`([a-z_]+)`", row))
    assert len(fields) > 40
    example = EXAMPLE.read_text(encoding="utf-8")
    unused = sorted(f for f in fields if not re.search(rf"\b{f}:", example))
    assert unused == []
