"""End-to-end: the installed ``unpinch`` drawing home from its copy, in a real pseudo-terminal.

A start whose data file is as the last run left it draws home from the copy
that run saved, then from the data file; a change made elsewhere in between
means a start that reads the data file first; a first start shows its notice
before it makes the data file, and says so in one line if it cannot.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench.ptyterm import ALT_SCREEN_OFF, ALT_SCREEN_ON
from tests.conftest import Spawn
from tests.e2e_helpers import UNPINCH, base_env, start_unpinch
from unpinch.library.home_snapshot import snapshot_path

pytestmark = pytest.mark.e2e


def routine_pane(screen: str) -> list[str]:
    """The routine list's column of the home screen, row by row (the preview pane left out)."""
    return [line.split("▎")[0].rstrip() for line in screen.splitlines()[1:19]]


def home_screen(spawn: Spawn, db: Path, home: Path) -> str:
    """Start unpinch on ``db``, wait for the home screen and its strip, quit; return the screen."""
    term = start_unpinch(spawn, db, home, "--sound", "off")
    term.wait_until(lambda t: "Streak:" in t.screen_text(), timeout=20, what="the home screen")
    term.wait_for_text("never done")
    shown = term.screen_text()
    term.send("q")
    assert term.wait_exit(5) == 0
    return shown


def test_home_from_the_copy_matches_the_data_file_and_follows_a_change_made_elsewhere(
    spawn: Spawn, db: Path, e2e_home: Path
) -> None:
    first = home_screen(spawn, db, e2e_home)
    assert snapshot_path(db).is_file() and "rest day today" not in first
    env = base_env(db, e2e_home)
    marked = subprocess.run([UNPINCH, "rest-day"], env=env, capture_output=True, check=False)
    assert marked.returncode == 0, marked.stderr
    changed = home_screen(spawn, db, e2e_home)  # the data file changed: read first
    assert "rest day today" in changed
    again = home_screen(spawn, db, e2e_home)  # unchanged since: drawn from the copy first
    assert "rest day today" in again
    assert routine_pane(again) == routine_pane(changed) == routine_pane(first)


def unmakeable(tmp_path: Path) -> Path:
    """A data file whose folder cannot be made, for root as for anyone else."""
    if os.geteuid() == 0:  # permissions do not stop root; /proc takes no new folders
        return Path("/proc") / f"unpinch-e2e-{os.getpid()}" / "unpinch.json"
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    return locked / "unpinch" / "unpinch.json"


def test_a_first_start_that_cannot_make_its_data_folder_says_so_in_one_line(
    spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = unmakeable(tmp_path)
    term = start_unpinch(spawn, db, e2e_home, "--sound", "off")
    assert term.wait_exit(20) == 1
    output = term.output()
    assert output.rfind(ALT_SCREEN_OFF) > output.rfind(ALT_SCREEN_ON)  # the terminal is back
    tail = output[output.rfind(ALT_SCREEN_OFF) :].decode("utf-8", "replace")
    assert f"unpinch: Could not create the folder {db.parent}" in tail
    assert "Traceback" not in output.decode("utf-8", "replace")
    assert not db.parent.exists()
