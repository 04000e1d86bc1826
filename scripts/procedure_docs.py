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


FIRMNESS = {"statute": "statute", "statutory_guidance": "statutory guidance",
            "national_guidance": "national guidance", "local": "local practice", "not_found": "not confirmed"}


def _source(item) -> str:
    """The citations, and how firm they are where the pack says."""
    text = ", ".join(item.cite)
    if item.confidence:
        text += f" [{FIRMNESS[item.confidence]}]"
    return text


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
                   "extended_by": ", ".join(ms.extendable_by) or "-", "cite": _source(ms)}
                  for (track, m) in machines for ms, row in zip(m.milestones, [r for r in p.table("milestones")
                                                                               if r["track"] == track])]
    lines += ["## Milestones", "",
              _table(milestones, [("track", "Track"), ("id", "Milestone"), ("title", "What"),
                                  ("rule", "Due"), ("kind", "Kind"), ("strength", "Strength"),
                                  ("owner", "Owner"), ("met_by", "Met by"), ("extended_by", "Extended by"),
                                  ("cite", "Source")]), ""]
    obligations = p.table("obligations")
    every = [(track, o) for track, m in machines for o in m.obligations]
    for row, (_, o) in zip(obligations, every):
        row["cite"] = _source(o)
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
    firm = [(track, item) for track, m in machines for item in list(m.milestones) + list(m.obligations)
            if item.confidence or item.basis]
    if firm:
        lines += ["## How firm each rule is", "",
                  "Each milestone's and obligation's source, and how firm it is: statute (an Act or regulations), "
                  "statutory guidance, national guidance (non-statutory), local practice (a partnership's "
                  "procedures, a national rule found restated only there, or the pack's choice), or not "
                  "confirmed (no text found; check before relying on it).", "",
                  _table([{"track": track, "id": item.id, "firmness": FIRMNESS.get(item.confidence or "", "-"),
                           "basis": " ".join(item.basis.split())} for track, item in firm],
                         [("track", "Track"), ("id", "Rule"), ("firmness", "Firmness"), ("basis", "What the source says")]),
                  ""]
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


# The regime each kind of review belongs to.
REGIMES = {
    "lcspr": "England today: rapid review and local child safeguarding practice review (Children Act 2004 "
             "ss.16C-16F; Working Together 2018 and 2023)",
    "dhr": "England and Wales today: domestic homicide review, to be called domestic abuse related death review "
           "(Domestic Violence, Crime and Victims Act 2004 s.9)",
    "sar": "England today: safeguarding adults review (Care Act 2014 s.44)",
    "scr": "England before 2019: serious case review by a local safeguarding children board (a board's own "
           "procedure under Working Together 2010-2015)",
    "plr": "England before 2019: a board's learning review short of a serious case review",
    "audit": "England before 2019: a board's partnership case audit",
    "single_agency_review": "England before 2019: a single agency's review for the board",
    "imr": "England before 2019: one agency's individual management review for a serious case review",
}


def _firmness(p: Procedure) -> str:
    counts: dict[str, int] = {}
    items = [i for m in [p._core] + list(p._core.tracks) for i in list(m.milestones) + list(m.obligations)]
    for i in items:
        if i.confidence:
            counts[i.confidence] = counts.get(i.confidence, 0) + 1
    return ", ".join(f"{counts[k]} {FIRMNESS[k]}" for k in FIRMNESS if k in counts) or "not stated"


def index(procedures: list[Procedure]) -> str:
    lines = ["# Built-in procedures", "",
             "Each page shows a pack's states and transitions as a Mermaid diagram, "
             "then its milestones, obligations, independence rules and the choices it "
             "made where its sources are ambiguous. Generated by `make docs`.", "",
             "Serious case reviews ended in England in 2019. Boards now run rapid reviews and local child "
             "safeguarding practice reviews (`england-2023-lcspr`); community safety partnerships run domestic "
             "homicide reviews (`england-wales-2016-dhr`); safeguarding adults boards run safeguarding adults "
             "reviews (`england-2014-sar`). The older packs are the procedures of four boards before 2019, kept "
             "for the reviews they still hold and as worked examples.", "",
             "**What was confirmed.** The packs for today's regimes say of every deadline and duty how firm its "
             "source is: statute, statutory guidance, national (non-statutory) guidance, local practice (a "
             "partnership's restatement, or the pack's own choice), or not confirmed (no text found; check before "
             "relying on it). The column below counts them; each page's \"How firm each rule is\" says what the "
             "source says. The texts of Working Together 2023 chapter 5, the Home Office's 2016 domestic homicide "
             "review guidance (section 5) and the care and support statutory guidance (chapter 14) could not be "
             "read in full for these packs: their timescales are used as partnerships restate them, and marked so. "
             "The older packs follow their boards' own documents, cited line by line.", "",
             "**Not built in.** Wales's single unified safeguarding review (from 2024) and Scotland's learning "
             "reviews (national guidance 2021) have no pack: their processes are known, but no timescale for "
             "their decisions or completion could be confirmed, and a pack of unconfirmed dates would be a pack "
             "of local choices. A board there writes its own procedure (docs/procedure-language.md) from its "
             "regional or committee procedures; in Wales a domestic homicide review still goes to the Home Office "
             "for quality assurance, as in `england-wales-2016-dhr`.", "",
             "**Working Together 2018 and 2023.** The notification (5 working days), the rapid review (15 working "
             "days) and the local review (6 months) are the same in both editions as far as the texts found show, "
             "so there is no separate 2018 pack: a review begun under the 2018 edition (from 29 June 2018) is opened "
             "under `england-2023-lcspr` with its real dates, and `scr review open` says, as a warning, that it "
             "predates the pack's effective date (only `--strict` refuses it); its deadlines are those of the 2018 "
             "edition.", "",
             "| Procedure | Version | Effective | Regime | Rules by firmness | Title |", "|---|---|---|---|---|---|"]
    for p in procedures:
        lines.append(f"| [`{p.id}`]({p.id}.md) | {p.version} | {p.effective_from.isoformat()} | "
                     f"{REGIMES.get(p.review_type or '', '-')} | {_firmness(p)} | {p.title} |")
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
