"""A plain start imports only what the home screen needs: the rest waits for its screen.

Importing the workout and session code, the quit question, the resume offer,
the footer (mounted a frame later), ``wave`` and the thread pool cost about
15 ms of a 300 ms start, and sound, voice and notifications (each opened when
first used), the progression and recovery rules and the preview pane (mounted
a frame later) some 8 ms more; none of it draws the home screen. Nor does the
notice of a too-small window, nor ``hashlib``, which loads OpenSSL (the
digests a start needs come from :mod:`unpinch.library.digest`). These tests
hold the import graph of a plain start to that, in a fresh interpreter
(tomllib too: the library's parse is cached, and only a config file needs
it); the timings themselves are in ``./dev bench startup``. A start whose
data file is as the app left it draws home from the copy saved then, and
loads the store, TinyDB, the catalogue and the planner after that frame.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unpinch.library.history import newest_cut_off
from unpinch.library.home_snapshot import capture, save
from unpinch.library.store import Store
from unpinch.library.workspace import open_workspace

START = "import unpinch.tui.__main__, unpinch.tui.launch, unpinch.tui.app"
"""What ``unpinch`` with no arguments imports before it builds the app."""
DEFERRED = (
    "unpinch.library.workout",
    "unpinch.library.player",
    "unpinch.library.session",
    "unpinch.library.live",
    "unpinch.tui.screens.confirm",
    "unpinch.tui.screens.resume",
    "unpinch.tui.screens.player",
    "unpinch.tui.screens.footer",
    "textual.widgets._footer",
    "click",
    "wave",
    "concurrent.futures.thread",
    "tomllib",
    "unpinch.tui.sound",
    "unpinch.tui.notify",
    "unpinch.tui.voice",
    "unpinch.library.speech",
    "unpinch.library.progression",
    "unpinch.library.recovery",
    "unpinch.tui.widgets.routine_preview",
    "unpinch.tui.screens.too_small",
    "hashlib",
)
"""Modules a plain start must not import with the app; each is loaded where it is used."""


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


def test_a_plain_start_imports_no_code_of_other_screens() -> None:
    loaded = modules_after(START)
    assert "unpinch.tui.screens.home" in loaded  # the probe did import the app
    assert sorted(loaded & set(DEFERRED)) == []


def test_each_deferred_module_still_imports() -> None:
    loaded = modules_after("; ".join(f"import {name}" for name in DEFERRED))
    assert set(DEFERRED) <= loaded


@pytest.mark.parametrize(
    ("statuses", "cut_off"),
    [
        ([], False),
        (["completed"], False),
        (["interrupted", "completed"], False),
        (["completed", "interrupted"], True),
        (["stopped"], False),
    ],
)
def test_only_a_newest_session_that_was_cut_off_loads_the_resume_offer(
    statuses: list[str], cut_off: bool
) -> None:
    assert newest_cut_off([{"status": status} for status in statuses]) is cut_off


DATA_FILE_CODE = (
    "tinydb",
    "unpinch.library.storage",
    "unpinch.library.store",
    "unpinch.library.workspace",
    "unpinch.library.catalog",
    "unpinch.library.plan",
)
"""What opening the data file loads; a start drawn from the home copy loads it after that frame."""


def built_app_modules(db: Path) -> set[str]:
    """The modules a fresh interpreter holds once it has built the app on ``db`` as unpinch does."""
    build = "from pathlib import Path\nfrom unpinch.tui.app import make_app\n"
    build += f"make_app(Path({str(db)!r}))"
    return modules_after(f"{START}\n{build}")


def test_a_start_drawn_from_the_home_copy_opens_the_data_file_after_its_first_frame(
    tmp_path: Path,
) -> None:
    db = tmp_path / "unpinch.json"
    with Store.open(db) as store:
        store.set_setting("first_run_ack", True)
    assert set(DATA_FILE_CODE) <= built_app_modules(db)  # no copy yet: the file is read first
    space = open_workspace(db, sync_exercises=False)
    snapshot = capture(space)
    space.close()
    save(db, None, snapshot)
    assert sorted(built_app_modules(db) & set(DATA_FILE_CODE)) == []


def test_a_first_start_makes_its_data_file_after_the_notices_first_frame(tmp_path: Path) -> None:
    db = tmp_path / "new" / "unpinch.json"
    assert sorted(built_app_modules(db) & set(DATA_FILE_CODE)) == []
    assert not db.exists()
