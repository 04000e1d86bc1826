"""`scr report dashboard` (docs/reports.md): the board's page of its open
reviews, on the tests' tracker of 20 Solihull reviews (docs/bulk-load.md),
read by html.parser for its figures and rendered in headless Chromium (not
blank, the figures in the rendered text)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image as image

from cli_support import scr

TRACKER = Path(__file__).resolve().parents[1] / "data" / "bulk-load" / "tracker.csv"
AS_OF = "2024-03-01"


class Figures(HTMLParser):
    """The numbers in the page's figure boxes, by id, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, int] = {}
        self.tags: set[str] = set()
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        if tag == "div" and a.get("class") == "figure":
            self._in = a.get("id")

    def handle_data(self, data):
        if self._in and data.strip().isdigit():
            self.figures[self._in] = int(data.strip())
            self._in = None


def board(tmp_path: Path) -> Path:
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "load", str(TRACKER))
    return db


def test_the_figures_are_the_stores(tmp_path: Path):
    db = board(tmp_path)
    page = tmp_path / "board.html"
    scr(db, "report", "dashboard", "--as-of", AS_OF, "-o", str(page))
    text = page.read_text(encoding="utf-8")
    parser = Figures()
    parser.feed(text)
    assert "script" not in parser.tags and "<script" not in text.lower()
    overdue = list(csv.DictReader(io.StringIO(scr(db, "overdue", "--as-of", AS_OF, "--format", "csv").stdout)))
    opened = [r for r in csv.DictReader(io.StringIO(scr(db, "review", "list", "--as-of", AS_OF, "--format",
                                                        "csv").stdout)) if r["closed"] == "false"]
    late_reviews = {r["reference"] for r in overdue}
    assert parser.figures["open-reviews"] == len(opened) == 8
    assert parser.figures["items-overdue"] == len(overdue)
    assert parser.figures["red-reviews"] == len(late_reviews)
    assert parser.figures["red-reviews"] + parser.figures["amber-reviews"] + parser.figures["green-reviews"] == 8
    # Each review a click away: a link to its section, which holds its timetable.
    for k in range(1, 9):
        assert f'href="#review-{k}"' in text and f'<details id="review-{k}"' in text


def test_a_reference_cannot_inject_markup(tmp_path: Path):
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", "Child <b>X</b>", "--at",
        "15/01/2024 09:00", "--actor", "A. Patel", "--role", "lscb_chair", "--data", "incident_at=2024-01-13T22:00Z")
    page = tmp_path / "x.html"
    scr(db, "report", "dashboard", "--as-of", AS_OF, "--title", "Board <script>alert(1)</script>", "-o", str(page))
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "<b>X</b>" not in text and "Child &lt;b&gt;X&lt;/b&gt;" in text


def test_the_page_renders_in_headless_chromium(tmp_path: Path):
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
                   None)
    assert browser is not None, "headless Chromium is missing: `make deps` installs it"
    db = board(tmp_path)
    page = tmp_path / "board.html"
    scr(db, "report", "dashboard", "--as-of", AS_OF, "-o", str(page))
    env = {**os.environ, "HOME": str(tmp_path)}
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              f"--user-data-dir={tmp_path / 'profile'}"]
    png = tmp_path / "board.png"
    subprocess.run([*common, "--window-size=1200,1400", f"--screenshot={png}", page.as_uri()], capture_output=True,
                   timeout=120, check=True, env=env)
    with image.open(png) as shot:
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 10, "the page rendered blank"
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120,
                         check=True, env=env).stdout
    parser = Figures()
    parser.feed(dom)
    assert parser.figures["open-reviews"] == 8 and parser.figures["items-overdue"] > 0
    assert "Child H" in dom and "Overdue" in dom
