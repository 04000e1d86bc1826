"""libzip and libxlsxwriter (and the libcrypto they link) are loaded when a
workbook is first read or written, not when `scr` starts or libscr is
imported: every command pays no start-up time for them
(docs/performance.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cli_support import SCR, scr

WORKBOOK_LIBRARIES = ("libzip", "libxlsxwriter")


def test_scr_needs_no_workbook_library_to_start():
    linked = subprocess.run(["ldd", str(SCR)], capture_output=True, text=True, check=True).stdout
    assert "libc.so" in linked
    for name in WORKBOOK_LIBRARIES + ("libcrypto",):
        assert name not in linked, f"{name} is linked into scr:\n{linked}"


def test_the_python_module_loads_them_on_first_use(tmp_path: Path):
    # A workbook written by scr: libxlsxwriter is loaded then, and works.
    db = tmp_path / "board.db"
    book = tmp_path / "reviews.xlsx"
    scr(db, "init")
    scr(db, "review", "list", "--format", "xlsx", "-o", str(book))
    assert book.read_bytes()[:2] == b"PK"
    # Python: nothing after the import; libzip once a workbook is read.
    program = f"""
from libscr import InputError, Store

def loaded():
    maps = open("/proc/self/maps").read()
    return [n for n in {WORKBOOK_LIBRARIES!r} if n in maps]

print("import", loaded())
try:
    Store.in_memory().load_steps({str(book)!r}, check_only=True)
except InputError as e:
    print("refused:", str(e)[:60])
print("read", loaded())
"""
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert "import []" in out, out
    assert "read ['libzip']" in out, out
