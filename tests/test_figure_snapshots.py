"""80×24 snapshots of the player with a figure: lying, seated, standing and on all fours.

Each routine holds one exercise; the clock is fake, so a moving figure is
caught at the same frame on every run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.factories import Snap
from tests.fakes import FakeClock
from tests.pilot_helpers import ROUTINE_ID, WALL_NOW, RecordingCues, hold, paced, seed
from unpinch.library.model import Dose, Span
from unpinch.tui.app import make_app
from unpinch.tui.screens.player import PlayerScreen

SETTINGS = {"count_in_s": 3, "switch_pause_s": 2, "first_run_ack": True, "affected_side": "right"}
CASES: dict[str, tuple[str, Dose, float]] = {
    "lying": ("knee-to-chest", hold(20, rest_s=2), 3 + 5),
    "seated": ("seated-hip-stretch", hold(30, rest_s=2), 3 + 5),
    "standing": ("standing-hip-abduction", paced(10, 3.0), 3 + 1.5),
    "all_fours": ("bird-dog", Dose(reps=Span(10, 10), counted=True), 3 + 2),
}


def advance_to(clock: FakeClock, seconds: float) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before hook: move the fake clock on, waking the player each half second."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        elapsed = 0.0
        while elapsed < seconds:
            clock.advance(0.5)
            elapsed += 0.5
            if isinstance(pilot.app.screen, PlayerScreen):
                pilot.app.screen.wake()
            await pilot.pause(0)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("position", sorted(CASES))
def test_player_with_figure(snap_compare: Snap, tmp_path: Path, position: str) -> None:
    exercise_id, dose, seconds = CASES[position]
    db = tmp_path / "db.json"
    seed(db, ((exercise_id, dose),), settings=SETTINGS)
    clock = FakeClock()
    app = make_app(
        db, routine_id=ROUTINE_ID, clock=clock, wall_clock=lambda: WALL_NOW, cues=RecordingCues()
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=advance_to(clock, seconds))


def test_paced_bridge_rep_mid_phase(snap_compare: Snap, tmp_path: Path) -> None:
    """Two seconds into the second rep of a 4 s bridge: halfway through its "hold" phase."""
    db = tmp_path / "db.json"
    seed(db, (("bridge", paced(10, 4.0)),), settings=SETTINGS)
    clock = FakeClock()
    app = make_app(
        db, routine_id=ROUTINE_ID, clock=clock, wall_clock=lambda: WALL_NOW, cues=RecordingCues()
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=advance_to(clock, 3 + 4 + 2.0))
