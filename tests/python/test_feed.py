"""`scr feed` (docs/reports.md): one iCalendar feed of every open deadline
across the board's reviews, read back with the `icalendar` parser as a
calendar would read it. The store is the tests' tracker of 20 Solihull
reviews (docs/bulk-load.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import icalendar

from cli_support import scr
from libscr import Store

TRACKER = Path(__file__).resolve().parents[1] / "data" / "bulk-load" / "tracker.csv"
AS_OF = "2024-06-01"
OPEN = {"pending", "due soon", "overdue", "extended", "paused", "open"}


def events(ics: str) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    out = {}
    for e in cal.walk("VEVENT"):
        assert str(e["UID"]) not in out, "a UID twice"
        out[str(e["UID"])] = e
    return out


def test_one_event_per_open_deadline_with_reminders_and_filters(tmp_path: Path):
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "load", str(TRACKER))
    feed = events(scr(db, "feed", "--as-of", AS_OF).stdout)
    # What each review's own timetable says is open (its CSV: milestones and
    # obligation occurrences), each with its uid.
    expected = {}
    for ref in Store(db).references():
        out = scr(db, "timetable", ref, "--as-of", AS_OF, "--format", "csv").stdout
        for row in csv.DictReader(io.StringIO(out)):
            if row["due"] and row["status"] in OPEN:
                expected[row["uid"]] = (ref, dt.date.fromisoformat(row["due"]))
    got = {uid: (str(e["SUMMARY"]).split(": ", 1)[0], e["DTSTART"].dt) for uid, e in feed.items()}
    assert len(got) > 100
    assert got == expected
    # The reminder: 09:00 London two working days before (a Monday's is the Thursday before).
    briefing = next(e for e in feed.values() if str(e["SUMMARY"]) == "Child A: IMR authors' briefing (weeks 5-6)")
    assert briefing["DTSTART"].dt == dt.date(2024, 2, 19)
    alarm = briefing.subcomponents[0]
    assert alarm["TRIGGER"].dt == dt.datetime(2024, 2, 15, 9, tzinfo=dt.timezone.utc)
    police = events(scr(db, "feed", "--as-of", AS_OF, "--agency", "Police", "--remind", "0").stdout)
    assert police and all("(Police)" in str(e["SUMMARY"]) for e in police.values())
    assert all(not e.subcomponents for e in police.values())
    assert set(police) < set(feed)


def test_a_calendar_updates_each_entry_in_place(tmp_path: Path):
    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "load", str(TRACKER))
    before = events(scr(db, "feed", "--as-of", AS_OF).stdout)
    # Child A's Police report is submitted: its deadline leaves the feed; the
    # rest of Child A's entries are the same entries, one sequence later.
    scr(db, "review", "record", "Child A", "imr_author_named", "--at", "14/02/2024 10:00", "--actor", "P. Officer",
        "--role", "agency_representative", "--actor-agency", "Police")
    after = events(scr(db, "feed", "--as-of", AS_OF).stdout)
    gone = set(before) - set(after)
    assert len(gone) == 1 and "IMR author named" in str(before[gone.pop()]["SUMMARY"])
    assert not set(after) - set(before)  # nothing new, nothing twice
    for uid, e in after.items():
        if str(e["SUMMARY"]).startswith("Child A: "):
            assert e["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
        else:
            assert e["SEQUENCE"] == before[uid]["SEQUENCE"]
    # A calendar keeping the newest of each UID holds exactly the new feed.
    kept = dict(before)
    kept.update(after)
    assert {u for u in kept if u in after} == set(after)


def test_python_gives_the_same_feed_and_the_dashboard(tmp_path: Path):
    from libscr import reports

    db = tmp_path / "board.db"
    scr(db, "init")
    scr(db, "review", "load", str(TRACKER))
    store = Store(db)
    # (the command line's output is read as text: its CRLF line ends become LF)
    assert reports.feed(store, dt.date(2024, 6, 1)).replace("\r\n", "\n") == scr(db, "feed", "--as-of", AS_OF).stdout
    police = events(reports.feed(store, "2024-06-01", agency="Police", remind=0))
    assert police and all("(Police)" in str(e["SUMMARY"]) for e in police.values())
    page = reports.dashboard(store, dt.date(2024, 3, 1), title="Solihull LSCB", soon=7)
    assert page == scr(db, "report", "dashboard", "--as-of", "2024-03-01", "--title", "Solihull LSCB", "--soon",
                       "7").stdout
    assert "<h1>Solihull LSCB</h1>" in page
