"""Pilot tests of the player's rough edges at 80×24: the footer, help, toasts, taps, back, pins.

The routine is the pilot routine (see ``test_pilot_player``): a count-in of
3 s, holds of 4 s on each side with a 2 s switch, a 3 s rest, then three
squats counted with space.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import (
    DEFAULT_ITEMS,
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    flat,
    make_rig,
    notices,
    player_of,
    press,
    region_text,
    screen_text,
    seed,
)
from unpinch.tui.screens.confirm import ConfirmScreen
from unpinch.tui.screens.help import HelpScreen
from unpinch.tui.widgets.form_cue import FormCue

TO_COUNTED = 3 + 4 + 2 + 4 + 3
"""Seconds from the start to the counted squats."""


def start(tmp_path: Path) -> Rig:
    """The pilot routine, opened straight into the player."""
    db = tmp_path / "unpinch.json"
    seed(db, DEFAULT_ITEMS, settings=DEFAULT_SETTINGS)
    return make_rig(db, routine_id=ROUTINE_ID)


def rows(rig: Rig) -> list[str]:
    """The terminal's rows as plain text."""
    return screen_text(rig.app).splitlines()


def test_the_footer_of_counted_reps_and_of_a_hold_fits_in_80_columns(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        rig.extra["hold"] = rows(rig)[-1]
        await advance(pilot, rig, TO_COUNTED - 4, step=1)
        assert player_of(rig.app).player.step.counted
        rig.extra["counted"] = rows(rig)[-1]

    drive(rig, body)
    for footer in (rig.extra["hold"], rig.extra["counted"]):
        assert footer.rstrip().endswith("? Help"), footer
        assert len(footer.rstrip()) <= 80


def test_help_fits_with_its_close_line_and_leaves_the_top_line_and_footer(
    tmp_path: Path,
) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        rig.extra["rows"] = rows(rig)
        rig.extra["box"] = rig.app.screen.query_one("#help-box").region

    drive(rig, body)
    shown, box = rig.extra["rows"], rig.extra["box"]
    assert any("Esc closes" in row for row in shown)
    assert any("Stop any exercise" in row for row in shown)
    assert box.y >= 1 and box.bottom <= 23, box  # the top line and the footer show around it


def test_a_notification_leaves_the_form_cue_and_the_caution_in_view(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, TO_COUNTED, step=1)  # the squats: a caution and cues
        await press(pilot, "P")  # pinned: a notification
        assert any("Pinned" in note for note in notices(rig.app))
        await pilot.pause(0.3)
        rig.extra["cue"] = player_of(rig.app).query_one(FormCue).text
        rig.extra["shown cue"] = region_text(rig.app, "#form-cue")
        rig.extra["caution"] = region_text(rig.app, "#card-cautions")
        rig.extra["digits"] = region_text(rig.app, "#timer-counter")
        rig.extra["screen"] = screen_text(rig.app)

    drive(rig, body, toasts=True)
    assert "Pinned “Squat” at 3 reps." in flat(rig.extra["screen"])
    assert rig.extra["shown cue"] == f"» {rig.extra['cue']} «"
    assert rig.extra["caution"] == "⚠ Stop higher up if your back starts to round."
    assert rig.extra["digits"] == "Rep 0 of 3 · Set 1/1"


def test_taps_after_the_last_counted_rep_never_pause_the_rest(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, TO_COUNTED, step=1)
        await press(pilot, "space", "space", "space")  # the three squats
        player = player_of(rig.app).player
        assert player.step.kind == "rest"
        for _ in range(2):  # two taps too many
            await press(pilot, "space")
            assert player.step.kind == "rest"
            assert player.status == "running"
        await advance(pilot, rig, 2)
        await press(pilot, "space")  # a tap well after the reps pauses, as ever
        assert player.status == "paused"

    drive(rig, body)


def test_back_during_counted_reps_asks_before_dropping_the_count(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, TO_COUNTED, step=1)
        await press(pilot, "space", "space")
        player = player_of(rig.app).player
        assert player.reps_done() == 2
        await press(pilot, "p")
        assert isinstance(rig.app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert (player.step.counted, player.reps_done()) == (True, 2)
        await press(pilot, "left")
        assert isinstance(rig.app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert player.reps_done() == 0

    drive(rig, body)


def test_back_before_any_counted_rep_goes_back_without_asking(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, TO_COUNTED, step=1)
        index = player_of(rig.app).player.index
        await press(pilot, "p")
        assert not isinstance(rig.app.screen, ConfirmScreen)
        assert player_of(rig.app).player.index < index

    drive(rig, body)


def test_pinning_shows_on_the_card_at_once(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "P")
        rig.extra["pinned"] = flat(screen_text(rig.app))
        await press(pilot, "P")
        rig.extra["unpinned"] = flat(screen_text(rig.app))

    drive(rig, body)
    assert "Hold 4 s — pinned" in rig.extra["pinned"]
    assert "— pinned" not in rig.extra["unpinned"]
