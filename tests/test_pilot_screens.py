"""Pilot tests of the screens around the player: palette, help, too small, a broken data file."""

from __future__ import annotations

import json
from pathlib import Path

from textual.binding import Binding
from textual.pilot import Pilot

from tests.pilot_helpers import (
    ROUTINE_ID,
    Rig,
    advance,
    binding_rows,
    drive,
    flat,
    make_rig,
    modal_text,
    notices,
    palette_entries,
    palette_title,
    player_of,
    press,
    routine_rows,
    run_from_palette,
    screen_text,
    seed,
)
from unpinch.tui.screen_size import covers_too_small, too_small
from unpinch.tui.screens.help import HelpScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.player import PlayerScreen
from unpinch.tui.screens.too_small import TooSmallScreen

PLAYER_KEYS = PlayerScreen.BINDINGS
SPACE_ACTIONS = ("pause", "resume", "count")


def player_rig(tmp_path: Path) -> Rig:
    """An app that opens the pilot routine straight away (count-in 3 s, then a 4 s hold)."""
    db = tmp_path / "unpinch.json"
    seed(db)
    return make_rig(db, routine_id=ROUTINE_ID)


def remaining(rig: Rig) -> float | None:
    """Seconds left in the step being played."""
    return player_of(rig.app).player.remaining_s()


def status(rig: Rig) -> str:
    """The player's status: running, paused, ..."""
    return player_of(rig.app).player.status


def too_small_screens(rig: Rig) -> list[TooSmallScreen]:
    """Every too-small screen in the stack, covering or covered."""
    return [s for s in rig.app.screen_stack if isinstance(s, TooSmallScreen)]


# -- command palette ----------------------------------------------------------------


def test_palette_lists_the_players_actions(tmp_path: Path) -> None:
    rig = player_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        rig.extra["entries"] = await palette_entries(pilot, rig.app)

    drive(rig, body)
    entries = rig.extra["entries"]
    actions = [b.action for b in PLAYER_KEYS if isinstance(b, Binding)]
    paced_only = [a for a in actions if a.startswith("tempo(")]
    for action in actions:
        if action not in SPACE_ACTIONS and action not in paced_only:
            assert palette_title(PLAYER_KEYS, action) in entries, action
    assert palette_title(PLAYER_KEYS, "next") == "Next step"
    assert palette_title(PLAYER_KEYS, "count") not in entries
    assert len(paced_only) == 2  # a hold has no tempo to change
    assert not any(palette_title(PLAYER_KEYS, a) in entries for a in paced_only)


def test_palette_runs_a_player_action(tmp_path: Path) -> None:
    rig = player_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await run_from_palette(pilot, rig.app, palette_title(PLAYER_KEYS, "next"))
        assert isinstance(rig.app.screen, PlayerScreen)
        assert player_of(rig.app).player.index == 1
        assert status(rig) == "running"

    drive(rig, body)


def test_palette_can_pause_a_running_workout(tmp_path: Path) -> None:
    rig = player_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        assert status(rig) == "running"
        await run_from_palette(pilot, rig.app, palette_title(PLAYER_KEYS, "pause"))
        assert isinstance(rig.app.screen, PlayerScreen)
        rig.clock.advance(10)
        await pilot.pause()
        assert (status(rig), remaining(rig)) == ("paused", 3.0)

    drive(rig, body)


# -- help ---------------------------------------------------------------------------


def test_help_pauses_the_player_while_open_and_resumes_after(tmp_path: Path) -> None:
    rig = player_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        assert status(rig) == "paused"
        rig.extra["help"] = modal_text(rig.app)
        rig.extra["screen"] = flat(screen_text(rig.app))
        rig.clock.advance(30)
        await pilot.pause()
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, PlayerScreen)
        assert status(rig) == "running"
        assert remaining(rig) == 3.0
        await advance(pilot, rig, 3)
        assert player_of(rig.app).player.index == 2

    drive(rig, body)
    for row in binding_rows(PLAYER_KEYS):
        assert row in rig.extra["help"], row
    assert "n/→ Next step" in rig.extra["help"]
    assert "check with a doctor" in rig.extra["screen"]


def test_help_keeps_a_pause_the_user_made(tmp_path: Path) -> None:
    rig = player_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "space")
        await press(pilot, "question_mark")
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, PlayerScreen)
        assert status(rig) == "paused"
        rig.clock.advance(10)
        await press(pilot, "space")
        assert (status(rig), remaining(rig)) == ("running", 3.0)

    drive(rig, body)


# -- too small ------------------------------------------------------------------------


def test_only_the_too_small_notice_covers_a_small_window() -> None:
    assert covers_too_small(TooSmallScreen(60, 20))
    assert not covers_too_small(HomeScreen()) and not covers_too_small(None)
    assert too_small(79, 24) and too_small(80, 23) and not too_small(80, 24)


def test_too_small_window_shows_a_message_until_resized_back(tmp_path: Path) -> None:
    seed(tmp_path / "unpinch.json")
    rig = make_rig(tmp_path / "unpinch.json")

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(rig.app.screen, TooSmallScreen)
        rig.extra["first"] = flat(screen_text(rig.app))
        await pilot.resize_terminal(79, 40)
        await pilot.pause()
        assert len(too_small_screens(rig)) == 1
        rig.extra["second"] = flat(screen_text(rig.app))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(rig.app.screen, HomeScreen)
        assert too_small_screens(rig) == []

    drive(rig, body)
    assert "Make the window at least 80×24 (it is 60×20 now)." in rig.extra["first"]
    assert "a workout waits, paused" in rig.extra["first"]
    assert "(it is 79×40 now)" in rig.extra["second"]


def test_too_small_during_a_workout_pauses_it_until_resized_back(tmp_path: Path) -> None:
    rig = player_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert isinstance(rig.app.screen, TooSmallScreen)
        assert status(rig) == "paused"
        rig.clock.advance(60)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(rig.app.screen, PlayerScreen)
        assert (status(rig), remaining(rig)) == ("running", 3.0)
        await advance(pilot, rig, 3)
        assert player_of(rig.app).player.index == 2

    drive(rig, body)


def test_starting_in_a_small_window_shows_the_message_then_home(tmp_path: Path) -> None:
    seed(tmp_path / "unpinch.json")
    rig = make_rig(tmp_path / "unpinch.json")

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body, size=(60, 20))


def test_starting_a_routine_in_a_small_window_leaves_no_stale_message(tmp_path: Path) -> None:
    rig = player_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(rig.app.screen, PlayerScreen)
        await press(pilot, "q", "y", "enter")
        await pilot.pause()
        rig.extra["screen"] = type(rig.app.screen).__name__
        rig.extra["stale"] = len(too_small_screens(rig))

    drive(rig, body, size=(60, 20))
    assert (rig.extra["screen"], rig.extra["stale"]) == ("HomeScreen", 0)


# -- a broken data file ---------------------------------------------------------------


def test_broken_data_file_is_moved_aside_and_the_app_starts(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    db.write_text('{"sessions": {"1": {"routine_id": ', encoding="utf-8")
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        # A fresh start shows the first-run notice over home; Enter acknowledges it.
        await press(pilot, "enter")
        assert isinstance(rig.app.screen, HomeScreen)
        rig.extra["notices"] = notices(rig.app)
        rig.extra["rows"] = routine_rows(rig.app)

    drive(rig, body)
    [moved] = tmp_path.glob("unpinch.json.broken-*")
    assert moved.read_text(encoding="utf-8").startswith('{"sessions"')
    [notice] = rig.extra["notices"]
    assert "could not be read" in notice
    assert str(moved) in notice
    assert "morning-in-bed" in rig.extra["rows"]
    assert isinstance(json.loads(db.read_text(encoding="utf-8")), dict)
