"""`pip install .` on a machine without libscr's prerequisites stops within
seconds, before compiling anything, naming every missing library and the
one command that installs them (README, "Installing"). The machine's
libraries are hidden from the build: CMake packages with
CMAKE_DISABLE_FIND_PACKAGE_*, pkg-config modules with an empty
PKG_CONFIG_LIBDIR."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.sqlite_only
def test_pip_install_without_the_prerequisites_says_what_to_install(tmp_path: Path):
    hidden = ["yaml-cpp", "ICU", "SQLiteCpp", "CLI11"]
    args = [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--target",
            str(tmp_path / "target"), str(ROOT)]
    for package in hidden:
        args[4:4] = ["-C", f"cmake.define.CMAKE_DISABLE_FIND_PACKAGE_{package}=ON"]
    env = dict(os.environ, PKG_CONFIG_LIBDIR=str(tmp_path / "none"), PKG_CONFIG_PATH="")
    started = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    seconds = time.monotonic() - started
    out = p.stdout + p.stderr
    assert p.returncode != 0, out
    assert seconds < 60, f"pip took {seconds:.0f} s to stop"
    assert "libscr cannot be built: 8 prerequisite(s) missing" in out, out
    install = next(line for line in out.splitlines() if "sudo apt-get install" in line)
    for package in ("libyaml-cpp-dev", "libicu-dev", "libsqlitecpp-dev", "libcli11-dev", "nettle-dev", "libzip-dev",
                    "libexpat1-dev", "libxlsxwriter-dev"):
        assert package in install, install
    assert not (tmp_path / "target").exists() or not any((tmp_path / "target").iterdir())
