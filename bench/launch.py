"""Start the app and its reference programs in a pty the same way for every figure.

Both sides of a comparison run with this interpreter, in the same environment
(a throwaway ``HOME``, ``TERM=xterm-256color``, true colour), on an 80×24 pty
from :mod:`bench.ptyterm`. Times come from the harness's output timestamps,
replayed through a fresh screen so a "the screen shows X" moment is the arrival
of the very chunk that made it show X, not the moment this process noticed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyte

from bench.ptyterm import PtyTerm
from unpinch.library.codec import routine_to_dict
from unpinch.library.model import Routine
from unpinch.library.store import Store

COLS, ROWS = 80, 24
"""The design size every figure is measured at."""

REFERENCE_APPS = Path(__file__).with_name("reference_apps.py")

ScreenTest = Callable[[Sequence[str]], bool]
"""A test of the screen's rows, such as "shows the routine list"."""


def app_command(*args: str) -> list[str]:
    """Return the command line that runs unpinch as users do, with this interpreter.

    That is the ``unpinch`` console script installed beside this Python, or
    ``python -m unpinch.tui`` when it is not installed.
    """
    script = Path(sys.executable).parent / "unpinch"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), *args]
    return [sys.executable, "-m", "unpinch.tui", *args]


def reference_command(*args: str) -> list[str]:
    """Return the command line that runs a program of ``bench/reference_apps.py``."""
    return [sys.executable, str(REFERENCE_APPS), *args]


def pty_env(
    home: Path, db: Path | None = None, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Build the exact environment for a program in the pty, with a throwaway ``HOME``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    if db is not None:
        env["UNPINCH_DB"] = str(db)
    env.update(extra or {})
    return env


def spawn(argv: Sequence[str], env: Mapping[str, str]) -> PtyTerm:
    """Start ``argv`` on a fresh 80×24 pty."""
    return PtyTerm(argv, cols=COLS, rows=ROWS, env=env)


def prepare_db(
    db: Path, routines: Iterable[Routine] = (), settings: Mapping[str, Any] | None = None
) -> None:
    """Create the data file ``db`` holding these user routines and settings."""
    db.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(db)
    try:
        for routine in routines:
            store.save_routine(routine_to_dict(routine))
        for key, value in (settings or {}).items():
            store.set_setting(key, value)
    finally:
        store.close()


def screen_shows(lines: Sequence[str], texts: Sequence[str]) -> bool:
    """Tell whether every one of ``texts`` appears on some row of the screen."""
    return all(any(text in line for line in lines) for text in texts)


def has_content(lines: Sequence[str]) -> bool:
    """Tell whether anything but blanks is on the screen (a first frame was drawn)."""
    return any(line.strip() for line in lines)


def first_time(
    chunks: Sequence[tuple[float, bytes]],
    shows: ScreenTest,
    cols: int = COLS,
    rows: int = ROWS,
) -> float | None:
    """Return the arrival time of the chunk after which ``shows(screen rows)`` first holds.

    Replays the output on a fresh screen of the same size; None if it never holds.
    """
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    for at, data in chunks:
        stream.feed(data)
        if shows(screen.display):
            return at
    return None


def first_showing(
    chunks: Sequence[tuple[float, bytes]], texts: Sequence[str], cols: int = COLS, rows: int = ROWS
) -> float | None:
    """Return the arrival time of the chunk after which the screen first shows all ``texts``."""
    return first_time(chunks, lambda lines: screen_shows(lines, texts), cols, rows)


def wait_first(term: PtyTerm, shows: ScreenTest, what: str, timeout: float = 30.0) -> float:
    """Wait until ``shows(screen rows)`` holds and return when it first did (monotonic)."""
    term.wait_until(lambda t: shows(t.screen_lines()), timeout, what)
    at = first_time(term.chunks(), shows, term.cols, term.rows)
    if at is None:
        raise RuntimeError(f"replaying the output never showed {what}")
    return at


def wait_showing(term: PtyTerm, texts: Sequence[str], timeout: float = 30.0) -> float:
    """Wait until the screen shows all ``texts`` and return when it first did (monotonic)."""
    return wait_first(term, lambda lines: screen_shows(lines, texts), f"{list(texts)}", timeout)
