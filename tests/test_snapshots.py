"""SVG snapshots of every main screen at the 80×24 design size (and one larger).

Time is injected (a fake monotonic clock and a fixed wall clock), so the
screens are the same on every run; update them with ``--snapshot-update``
after a deliberate layout change, and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.factories import NOW, Snap, seeded_app, session_doc
from tests.fakes import FakeClock
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.store import Store
from unpinch.tui.app import UnpinchApp
from unpinch.tui.screens.player import PlayerScreen


def short_routine() -> Routine:
    """A small routine with a hold on each side, paced reps and counted reps."""
    return Routine(
        id="check",
        name="Snapshot check",
        items=(
            RoutineItem("supine-piriformis-stretch", Dose(reps=Span(1, 1), hold_s=Span(20, 20))),
            RoutineItem("clamshell", Dose(reps=Span(10, 10), tempo_s=2.0)),
            RoutineItem("bird-dog", Dose(reps=Span(8, 8), counted=True)),
        ),
        rest_between_s=15,
        builtin=False,
    )


SETTINGS = {"count_in_s": 5, "switch_pause_s": 5, "first_run_ack": True}
"""Fixed settings, so the pictures do not follow the defaults."""


def past_session(started: datetime) -> dict[str, Any]:
    """A completed session of the spasm-relief routine, as the player would save it."""
    return session_doc(
        "spasm-relief",
        started,
        minutes=7,
        routine_name="Nerve spasm relief",
        steps=[],
        marks=[],
    )


def past_week(db: Path) -> None:
    """Three completed sessions in the days before the fixed wall clock."""
    with Store.open(db) as store:
        for days in (1, 2, 4):
            store.add_session(past_session(NOW - timedelta(days=days, hours=1)))


def build(tmp_path: Path, clock: FakeClock, *, history: bool = False) -> UnpinchApp:
    """The app on the short routine and fixed settings, optionally with a past week."""
    seed = past_week if history else None
    return seeded_app(
        tmp_path, routines=[short_routine()], settings=SETTINGS, seed=seed, clock=clock
    )


def play_until(clock: FakeClock, seconds: float) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A run_before hook: open the short routine and advance the clock in 0.5 s steps."""

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.screen.post_message(pilot.app.screen.Play("check"))  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("escape")  # skip the check-in before the workout
        await pilot.pause()
        elapsed = 0.0
        while elapsed < seconds:
            clock.advance(0.5)
            elapsed += 0.5
            screen = pilot.app.screen
            if isinstance(screen, PlayerScreen):
                screen.wake()
        await pilot.pause()

    return run_before


def test_home(snap_compare: Snap, tmp_path: Path) -> None:
    assert snap_compare(build(tmp_path, FakeClock(), history=True), terminal_size=(80, 24))


def test_home_large(snap_compare: Snap, tmp_path: Path) -> None:
    assert snap_compare(build(tmp_path, FakeClock(), history=True), terminal_size=(120, 40))


@pytest.mark.parametrize(
    ("name", "seconds"),
    [("count_in", 2.0), ("mid_hold", 12.5), ("switch_sides", 27.0), ("rest", 55.0)],
)
def test_player(snap_compare: Snap, tmp_path: Path, name: str, seconds: float) -> None:
    clock = FakeClock()
    app = build(tmp_path, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=play_until(clock, seconds))


def test_summary(snap_compare: Snap, tmp_path: Path) -> None:
    clock = FakeClock()
    app = build(tmp_path, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await play_until(clock, 30.0)(pilot)
        await pilot.press("q", "y")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_too_small(snap_compare: Snap, tmp_path: Path) -> None:
    assert snap_compare(build(tmp_path, FakeClock()), terminal_size=(60, 20))
