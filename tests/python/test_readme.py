"""The README's Python tour runs, and every result it shows in a comment is true."""

from __future__ import annotations

import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_a_python_tour():
    assert _python_blocks(), "README.md has no ```python block"


def test_readme_python_results_are_true():
    checked = 0
    for block in _python_blocks():
        namespace: dict[str, object] = {}
        lines = block.splitlines()
        for i, line in enumerate(lines):
            code, _, comment = line.partition("  # ")
            if not code.strip():
                continue
            # A statement whose shown result continues on the next line ("# ...").
            shown = comment.strip()
            if not shown and i + 1 < len(lines) and lines[i + 1].startswith("# "):
                shown = lines[i + 1][2:].strip()
            if code.startswith("#"):
                continue
            try:
                value = eval(code, namespace)  # an expression with a shown result
            except SyntaxError:
                exec(code, namespace)
                continue
            if shown:
                if shown.startswith("array("):
                    # NumPy's repr wraps; compare the listed dates only.
                    assert re.findall(r"'[0-9-]+'", shown) == re.findall(r"'[0-9-]+'", repr(value))
                else:
                    assert repr(value) == shown, f"README line {code!r} gives {value!r}"
                checked += 1
    assert checked >= 4
