"""Pilot tests of what a burst of step keys costs: one drawing for the burst, one restyle a step.

A held-down ``n`` or ``p`` repeats some 30 times a second. The player takes
every key at once but draws only the state after the latest of a burst, swaps
the timer panel's classes in one go, and leaves the footer alone when the
keys on offer have not changed. See also the end-to-end CPU test in
``test_e2e_leaving.py``.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.pilot_helpers import (
    DEFAULT_ITEMS,
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    Rig,
    drive,
    make_rig,
    player_of,
    press,
    seed,
)
from unpinch.tui.screens.player import BURST_FRAME_S, PlayerScreen
from unpinch.tui.wakeup import GC_GAP_S, QuietCollector
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.hold_timer import HoldTimer


def start(tmp_path: Path) -> Rig:
    """The pilot routine, opened straight into the player (count-in, hold left, switch, …)."""
    db = tmp_path / "unpinch.json"
    seed(db, DEFAULT_ITEMS, settings=DEFAULT_SETTINGS)
    return make_rig(db, routine_id=ROUTINE_ID)


def side(screen: PlayerScreen) -> str:
    """The side (or pause) label the timer panel shows now."""
    view = screen.query_one(HoldTimer).view
    assert view is not None
    return view.side


def test_a_key_soon_after_a_key_is_taken_at_once_and_drawn_a_frame_later(
    tmp_path: Path,
) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = player_of(rig.app)
        now = [1000.0]
        screen.frame_clock = lambda: now[0]
        card = screen.query_one(ExerciseCard)
        await press(pilot, "n")  # a single key is drawn at once
        assert card.shown is not None and card.shown[1] == ""
        assert side(screen) == "LEFT SIDE"
        now[0] += BURST_FRAME_S / 3  # the key repeats
        screen.action_next()
        screen.action_previous()
        screen.action_next()
        assert screen.player.index == 2  # every key is taken at once …
        assert screen.wake_queued and screen.burst_timer is not None  # … and drawn later
        assert side(screen) == "LEFT SIDE"
        await press(pilot)  # the frame comes: the state after the last key
        assert side(screen) == "SWITCH SIDES"
        now[0] += 2 * BURST_FRAME_S  # a key after a pause
        screen.action_previous()
        assert screen.burst_timer is None
        await press(pilot)
        assert side(screen) == "LEFT SIDE"

    drive(rig, body)


def test_a_step_change_restyles_the_timer_panel_once(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "n")  # the left hold
        stylesheet = rig.app.stylesheet
        restyled: list[int] = []
        real_update = stylesheet.update_nodes

        def counting_update(nodes: object, animate: bool = False) -> None:
            listed = list(nodes)  # type: ignore[call-overload]
            if any(isinstance(node, HoldTimer) for node in listed):
                restyled.append(len(listed))
            real_update(listed, animate=animate)

        stylesheet.update_nodes = counting_update  # type: ignore[method-assign]
        await press(pilot, "n")  # the switch: a new mode and a new cue
        timer = player_of(rig.app).query_one(HoldTimer)
        assert timer.has_class("-switch")
        assert timer.has_class("-cue")
        assert len(restyled) == 1, restyled

    drive(rig, body)


def test_stepping_from_a_hold_to_a_switch_leaves_the_footer_as_it_was(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "n")  # the left hold
        keys = list(rig.app.screen.query_one(Footer).query(FooterKey))
        await press(pilot, "n")  # the switch offers the same keys
        assert player_of(rig.app).player.step.kind == "switch"
        assert list(rig.app.screen.query_one(Footer).query(FooterKey)) == keys

    drive(rig, body)


def test_quiet_moments_collect_garbage_at_most_every_gap() -> None:
    now = [0.0]
    collector = QuietCollector(clock=lambda: now[0])
    collector.start()
    try:
        collected = []
        for n in range(30):  # a held key for a second: a quiet moment every 1/30 s
            now[0] = n / 30
            collected.append(collector.quiet_moment(1.0))
        assert [n for n, done in enumerate(collected) if done] == [0, 15]
        now[0] = 0.5 + GC_GAP_S
        assert collector.quiet_moment(1.0)
        assert not collector.quiet_moment(0.1)
    finally:
        collector.stop()
