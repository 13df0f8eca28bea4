"""The first-run safety notice is read once before the first workout, however it starts."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import (
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    make_rig,
    press,
    screen_text,
    seed,
    sessions,
)
from unpinch.library.store import Store
from unpinch.tui.screens.first_run import FOOTER_DELAY_S, FirstRunScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.player import PlayerScreen

FRESH = {"count_in_s": 3, "switch_pause_s": 2}
"""Settings of a data file on which the notice was never acknowledged."""


def fresh(tmp_path: Path, routine_id: str | None) -> Rig:
    """An app on a data file that has never seen the notice."""
    db = tmp_path / "unpinch.json"
    seed(db, settings=FRESH)
    return make_rig(db, routine_id=routine_id)


def acknowledged(db: Path) -> bool:
    """What the data file says about the notice."""
    with Store.open(db) as store:
        return store.settings().get("first_run_ack") is True


def test_play_id_on_a_fresh_file_shows_the_notice_before_the_player(tmp_path: Path) -> None:
    rig = fresh(tmp_path, ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, FirstRunScreen)
        assert not any(isinstance(s, PlayerScreen) for s in rig.app.screen_stack)
        await advance(pilot, rig, 30)
        assert sessions(rig.db_path) == []  # nothing plays while the notice is up
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, PlayerScreen)

    drive(rig, body)
    assert acknowledged(rig.db_path)


def test_play_id_after_the_notice_was_read_goes_straight_in(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings={**FRESH, "first_run_ack": True})
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, PlayerScreen)

    drive(rig, body)


def test_a_plain_start_shows_the_notice_over_home_once(tmp_path: Path) -> None:
    rig = fresh(tmp_path, None)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, FirstRunScreen)
        await press(pilot, "enter")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    assert acknowledged(rig.db_path)


def test_the_bottom_line_names_the_notices_keys_not_the_home_screens(tmp_path: Path) -> None:
    """The footer under a box says what Enter and Esc do there, not what they do on home."""
    rig = fresh(tmp_path, None)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, FirstRunScreen)
        await pilot.pause(FOOTER_DELAY_S + 0.2)  # the footer follows the notice's first frame
        bottom = screen_text(rig.app).splitlines()[-1]
        assert "I understand" in bottom and "Not now" in bottom, bottom
        assert "Start" not in bottom and "Quit" not in bottom, bottom

    drive(rig, body)
