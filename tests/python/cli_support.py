"""Running the installed `scr` executable from the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCR = Path(sys.executable).with_name("scr")


def scr(db: Path, *args: str, rc: int = 0) -> subprocess.CompletedProcess[str]:
    """Runs scr with --db; checks its exit code."""
    p = subprocess.run([str(SCR), "--db", str(db), *args], capture_output=True, text=True, timeout=60)
    assert p.returncode == rc, f"scr {' '.join(args)}: exit {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}"
    return p
