"""80×24 SVG snapshots of the check-in, the safety page and the first-run notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.factories import Snap
from tests.fakes import FakeClock
from tests.pilot_helpers import ROUTINE_ID, WALL_NOW, RecordingCues, hold, seed
from unpinch.tui.app import make_app
from unpinch.tui.screens.first_run import FOOTER_DELAY_S


def app_on(db: Path) -> Any:
    return make_app(
        db, sound="off", clock=FakeClock(), wall_clock=lambda: WALL_NOW, cues=RecordingCues()
    )


def test_first_run_notice(snap_compare: Snap, tmp_path: Path) -> None:
    async def footer_added(pilot: Pilot[Any]) -> None:
        await pilot.pause(FOOTER_DELAY_S + 0.2)

    app = app_on(tmp_path / "db.json")
    assert snap_compare(app, run_before=footer_added, terminal_size=(80, 24))


def test_safety_screen(snap_compare: Snap, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    seed(db, settings={"first_run_ack": True})
    assert snap_compare(app_on(db), press=["i"], terminal_size=(80, 24))


def test_checkin(snap_compare: Snap, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    seed(db, (("bridge", hold(4, rest_s=2)),), settings={"first_run_ack": True, "count_in_s": 3})

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.screen.post_message(pilot.app.screen.Play(ROUTINE_ID))  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("5", "2")
        await pilot.pause()

    assert snap_compare(app_on(db), run_before=run_before, terminal_size=(80, 24))
