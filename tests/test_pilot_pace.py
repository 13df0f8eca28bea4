"""Pilot tests of the pace controls: + and - are offered only where there is a time to change."""

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
    player_of,
    press,
    screen_text,
    seed,
)


def footer_line(rig: Rig) -> str:
    """The footer: the last row of the screen."""
    return screen_text(rig.app).splitlines()[-1]


def test_plus_and_minus_are_hidden_on_counted_steps_and_shown_on_holds(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings=DEFAULT_SETTINGS)
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 0.5)
        rig.extra["hold"] = footer_line(rig)
        await advance(pilot, rig, 4 + 2 + 4 + 3, step=1)
        screen = player_of(rig.app)
        assert screen.player.step.counted
        await pilot.pause()
        rig.extra["counted"] = footer_line(rig)
        before = screen.player.remaining_s()
        await press(pilot, "plus")
        rig.extra["after_plus"] = (before, screen.player.remaining_s(), screen.player.index)

    drive(rig, body)
    assert "+5s" in rig.extra["hold"] and "-5s" in rig.extra["hold"]
    assert "+5s" not in rig.extra["counted"] and "-5s" not in rig.extra["counted"]
    assert "Count rep" in rig.extra["counted"]
    before, after, _ = rig.extra["after_plus"]
    assert before is None and after is None
