"""80×24 SVG snapshots of the history pane's two tabs and of a session's detail.

The history is seeded (ten weeks, fixed ids) and the wall clock is fixed, so
the screens are the same on every run; update them with ``--snapshot-update``
after a deliberate layout change and look at them before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from bench.bench_history import seeded_history, write_sessions
from tests.factories import Snap
from tests.pilot_helpers import make_rig
from unpinch.tui.app import UnpinchApp


def seeded_app(tmp_path: Path) -> UnpinchApp:
    """The app over ten weeks of seeded history, with the fixed wall clock and no sound."""
    db = tmp_path / "unpinch.json"
    write_sessions(db, seeded_history(70, skip=0.15))
    return make_rig(db).app


def pressing(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """A run_before hook that presses ``keys`` and lets the app settle."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_history_sessions(snap_compare: Snap, tmp_path: Path) -> None:
    app = seeded_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing("h", "down"))


def test_history_progress(snap_compare: Snap, tmp_path: Path) -> None:
    app = seeded_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing("h", "tab"))


def test_session_detail(snap_compare: Snap, tmp_path: Path) -> None:
    app = seeded_app(tmp_path)
    keys = ("h", "down", "down", "down", "down", "down", "enter")  # a session with a mark
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing(*keys))
