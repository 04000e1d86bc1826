"""Writes docs/procedures/: for each built-in pack, a page with its Mermaid
diagram and its deadlines, and its Graphviz DOT file.

    .venv/bin/python scripts/procedure_docs.py          # write the files
    .venv/bin/python scripts/procedure_docs.py --check  # exit 1 if any is stale

`make docs` runs the first; tests/python/test_procedure_docs.py runs the check,
so the pages always match the packs compiled into the library.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

from libscr import Procedure

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "procedures"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    out = ["| " + " | ".join(title for _, title in columns) + " |",
           "|" + "---|" * len(columns)]
    for row in rows:
        out.append("| " + " | ".join(_cell(row[key]) for key, _ in columns) + " |")
    return "\n".join(out)


def _fields(e) -> str:
    out = []
    for f in e.data:
        kind = f.type + (": " + "/".join(f.values) if f.values else "")
        need = "required" if f.required else (f"required when {f.required_when}" if f.required_when else "optional")
        out.append(f"`{f.name}` ({kind}; {need})")
    return "; ".join(out) or "-"


def _prerequisite(r) -> str:
    if r.kind == "every_agency":
        return f"{r.id} met in every {r.track} track"
    return f"{r.kind} {r.id}"


def page(p: Procedure) -> str:
    """The Markdown page of one procedure."""
    lines = [
        f"# {p.title}",
        "",
        f"`{p.id}`, version {p.version}, effective from {p.effective_from.isoformat()}; "
        f"calendar `{p.calendar}`; a review opens with `{p.opened_by}`.",
        "",
        "Generated from `libscr/procedures/" + p.id + ".yaml` by `make docs`; "
        "do not edit by hand. The DOT file beside this page draws the same "
        "machine with its milestones: `dot -Tsvg " + p.id + ".dot > " + p.id + ".svg`.",
        "",
    ]
    if p.description:
        lines += [p.description.strip(), ""]
    if p.sources:
        lines += ["## Sources", ""]
        lines += [f"- `{key}`: {title}" for key, title in p.sources.items()]
        lines.append("")
    lines += ["## States and transitions", "", "```mermaid", p.to_mermaid().rstrip(), "```", ""]
    machines = [("", p._core)] + [(t.id, t) for t in p._core.tracks]
    lines += ["## Events and the data they take", "",
              "Each field: name (type; the allowed values of a choice), required, optional, "
              "or required when a condition holds.", "",
              _table([{"track": track, "event": e.name, "title": e.title, "data": _fields(e)}
                      for track, m in machines for e in m.events],
                     [("track", "Track"), ("event", "Event"), ("title", "What"), ("data", "Data")]), ""]
    lines += ["## Who records what, and what must come first", "",
              _table([{"track": track, "event": t.event, "from": "*" if t.from_any else ", ".join(t.source),
                       "to": t.target or "(stays)", "when": t.when or "", "roles": ", ".join(t.roles) or "(any)",
                       "requires": ", ".join(_prerequisite(r) for r in t.requires)}
                      for track, m in machines for t in m.transitions],
                     [("track", "Track"), ("event", "Event"), ("from", "From"), ("to", "To"), ("when", "When"),
                      ("roles", "Roles"), ("requires", "Requires")]), ""]
    milestones = [{"track": track, "id": ms.id, "title": ms.title, "rule": row["rule"], "kind": ms.kind,
                   "strength": ms.strength, "owner": ms.owner,
                   "met_by": ", ".join(ms.completed_by) + (f" [{ms.completed_when}]" if ms.completed_when else "")
                   + (f" (reopened by {', '.join(ms.reopened_by)})" if ms.reopened_by else ""),
                   "extended_by": ", ".join(ms.extendable_by) or "-", "cite": ", ".join(ms.cite)}
                  for (track, m) in machines for ms, row in zip(m.milestones, [r for r in p.table("milestones")
                                                                               if r["track"] == track])]
    lines += ["## Milestones", "",
              _table(milestones, [("track", "Track"), ("id", "Milestone"), ("title", "What"),
                                  ("rule", "Due"), ("kind", "Kind"), ("strength", "Strength"),
                                  ("owner", "Owner"), ("met_by", "Met by"), ("extended_by", "Extended by"),
                                  ("cite", "Source")]), ""]
    obligations = p.table("obligations")
    if obligations:
        lines += ["## Obligations", "",
                  _table(obligations, [("track", "Track"), ("id", "Obligation"), ("title", "What"),
                                       ("trigger", "On"), ("when", "When"), ("within", "Within"),
                                       ("repeat", "Every"), ("after_closure", "After closure"),
                                       ("recipients", "Tell"), ("owner", "Owner"), ("cite", "Source")]), ""]
    if p.chronology is not None:
        c = p.chronology
        where = f"the `{c['track']}` track" if c["track"] else "the review"
        records = []
        if c["submitted"]:
            records.append(f"an accepted one records `{c['submitted']}` on {where}")
        if c["returned"]:
            records.append(f"one returned records `{c['submitted']}` then `{c['returned']}`")
        lines += ["## Chronologies", "",
                  f"Agencies' chronologies are in the `{c['format']}` format ([chronology.md](../chronology.md))"
                  + ("; " + " and ".join(records) if records else "; importing one records no event") + ".", ""]
    lines += ["## Corrections", "",
              "An event may be voided or amended by the role that recorded it, by any role that may record "
              "it, and by the procedure's corrections roles: "
              + (", ".join(f"`{r}`" for r in p._core.corrections) or "none") + ". "
              "A milestone or obligation may be waived by those roles, its owner, and (a milestone) the roles "
              "that may extend it.", ""]
    if p.conflicts:
        lines += ["## Independence rules", ""]
        for c in p.conflicts:
            cite = f" ({', '.join(c.cite)})" if c.cite else ""
            lines.append(f"- **{c.severity}**: {c.rule} — `{c.kind}`: {', '.join(c.roles)}{cite}")
        lines.append("")
    if p.choices:
        lines += ["## Choices where the sources are ambiguous", ""]
        lines += [f"- `{key}`: {' '.join(text.split())}" for key, text in p.choices.items()]
        lines.append("")
    return "\n".join(lines)


def index(procedures: list[Procedure]) -> str:
    lines = ["# Built-in procedures", "",
             "Each page shows a pack's states and transitions as a Mermaid diagram, "
             "then its milestones, obligations, independence rules and the choices it "
             "made where its sources are ambiguous. Generated by `make docs`.", "",
             "| Procedure | Version | Effective | Title |", "|---|---|---|---|"]
    for p in procedures:
        lines.append(f"| [`{p.id}`]({p.id}.md) | {p.version} | {p.effective_from.isoformat()} | {p.title} |")
    return "\n".join(lines) + "\n"


def expected_files() -> dict[pathlib.Path, str]:
    procedures = [Procedure.builtin(i) for i in Procedure.builtin_ids()]
    files = {DOCS / "README.md": index(procedures)}
    for p in procedures:
        files[DOCS / f"{p.id}.md"] = page(p)
        files[DOCS / f"{p.id}.dot"] = p.to_dot()
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files instead of writing")
    args = parser.parse_args()
    stale = []
    for path, text in expected_files().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(DOCS.parent.parent)}")
    if stale:
        print("stale (run `make docs`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
