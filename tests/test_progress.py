"""The whole routine's progress: which exercise of how many, time done and time left."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes import FakeClock
from unpinch.library.catalog import load_catalog
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.plan import build_plan
from unpinch.library.player import Player
from unpinch.library.progress import progress_line, routine_progress
from unpinch.library.settings import Settings

CATALOG = load_catalog()


def player_of(clock: FakeClock) -> Player:
    """A started player of two 10 s holds with a 5 s rest between and no count-in."""
    routine = Routine(
        id="p",
        name="P",
        items=(
            RoutineItem("bridge", Dose(hold_s=Span(10, 10))),
            RoutineItem("pelvic-tilt", Dose(hold_s=Span(10, 10))),
        ),
        rest_between_s=5,
    )
    plan = build_plan(routine, CATALOG, Settings(count_in_s=0))
    player = Player(plan, clock)
    player.start()
    return player


def test_progress_counts_time_done_and_left_across_the_routine() -> None:
    clock = FakeClock()
    player = player_of(clock)
    assert routine_progress(player).left_s == 25
    clock.advance(12)
    player.update()
    progress = routine_progress(player)
    assert (progress.exercise_no, progress.exercises) == (2, 2)  # the rest leads into no. 2
    assert progress.done_s == 12
    assert progress.left_s == 13
    assert progress_line(progress) == "exercise 2 of 2 · 0:12 done · 0:13 left"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=8), max_size=6))
def test_done_and_left_always_add_up_to_the_plan_when_nothing_is_skipped(
    moves: list[float],
) -> None:
    clock = FakeClock()
    player = player_of(clock)
    for move in moves:
        clock.advance(move)
        player.update()
        progress = routine_progress(player)
        if not player.over:
            assert abs(progress.done_s + progress.left_s - 25) < 1e-6
