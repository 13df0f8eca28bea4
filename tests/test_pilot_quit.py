"""ctrl+q mid-workout asks first, as q does; elsewhere it quits at once."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import (
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    make_rig,
    modal_text,
    player_of,
    press,
    seed,
    sessions,
)
from unpinch.tui.screens.confirm import ConfirmScreen
from unpinch.tui.screens.player import PlayerScreen


def playing(tmp_path: Path) -> Rig:
    """An app that opens the pilot routine straight away."""
    db = tmp_path / "unpinch.json"
    seed(db, settings=DEFAULT_SETTINGS)
    return make_rig(db, routine_id=ROUTINE_ID)


def test_ctrl_q_mid_workout_asks_and_n_carries_on(tmp_path: Path) -> None:
    rig = playing(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "ctrl+q")
        assert isinstance(rig.app.screen, ConfirmScreen)
        assert "Quit unpinch" in modal_text(rig.app)
        assert rig.app.return_code is None
        await press(pilot, "n")
        assert isinstance(rig.app.screen, PlayerScreen)
        assert player_of(rig.app).player.status == "running"

    drive(rig, body)
    assert sessions(rig.db_path)[0]["status"] == "interrupted"


def test_ctrl_q_then_y_quits_keeping_the_progress(tmp_path: Path) -> None:
    rig = playing(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4 + 2 + 2)
        await press(pilot, "ctrl+q", "y")
        await pilot.pause()
        assert rig.app.return_code == 0

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert saved["status"] == "interrupted"
    assert saved["resume_index"] == 3


def test_ctrl_q_twice_quits_without_a_second_question(tmp_path: Path) -> None:
    rig = playing(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "ctrl+q", "ctrl+q")
        await pilot.pause()
        assert rig.app.return_code == 0

    drive(rig, body)


def test_ctrl_q_on_home_quits_at_once(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings=DEFAULT_SETTINGS)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "ctrl+q")
        await pilot.pause()
        assert rig.app.return_code == 0

    drive(rig, body)
