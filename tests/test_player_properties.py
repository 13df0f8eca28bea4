"""Random routines and random key presses never break the player's promises."""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes import FakeClock, catalog, exercise, routine
from unpinch.library.model import SWITCH_SIDES, Catalog, Dose, Exercise, Routine, Sides, Span
from unpinch.library.plan import Plan, _step_seconds, build_plan, estimate_duration_s
from unpinch.library.player import Cue, Player
from unpinch.library.settings import Settings

SIDES: tuple[Sides, ...] = ("both", "each", "alternating")
KEYS = (
    "pause",
    "resume",
    "toggle",
    "next",
    "previous",
    "extend+",
    "extend-",
    "restart",
    "mark",
    "count_rep",
    "stop",
)

holds = st.builds(
    Dose,
    reps=st.integers(1, 3).map(lambda n: Span(n, n + 1)),
    hold_s=st.integers(1, 20).map(lambda n: Span(n, n)),
    sets=st.integers(1, 2),
    rest_s=st.integers(0, 5),
)
rep_doses = st.builds(
    Dose,
    reps=st.integers(1, 5).map(lambda n: Span(n, n)),
    sets=st.integers(1, 2),
    rest_s=st.integers(0, 5),
    tempo_s=st.sampled_from([0.5, 0.7, 1.0, 1.5, 2.0, 3.0]),
    counted=st.booleans(),
)


Setup = tuple[Routine, Catalog, Settings]
"""A routine, the catalogue it draws on and the user's settings."""


@st.composite
def setups(draw: st.DrawFn) -> Setup:
    """A random routine of one to four exercises, with random settings."""
    count = draw(st.integers(1, 4))
    exercises: list[Exercise] = []
    for n in range(count):
        dose = draw(st.one_of(holds, rep_doses))
        sides = draw(st.sampled_from(SIDES))
        made = replace(
            exercise(f"e{n}", dose, sides=sides),
            switch_sides=draw(st.sampled_from(SWITCH_SIDES)),
            affected_only=draw(st.booleans()),
        )
        exercises.append(made)
    cat = catalog(*exercises, rest_between_s=draw(st.integers(0, 10)))
    user = Settings(
        count_in_s=draw(st.integers(0, 5)),
        switch_pause_s=draw(st.integers(0, 5)),
        affected_side=draw(st.sampled_from(["left", "right", "both"])),
        rest_between_s=draw(st.one_of(st.none(), st.integers(0, 10))),
    )
    return routine(cat), cat, user


def plans() -> st.SearchStrategy[Plan]:
    """Plans of random routines."""
    return setups().map(lambda setup: build_plan(*setup))


actions = st.lists(st.one_of(st.sampled_from(KEYS), st.floats(0, 20, allow_nan=False)), max_size=40)


def press(player: Player, key: str) -> None:
    """Apply one named control."""
    match key:
        case "pause":
            player.pause()
        case "resume":
            player.resume()
        case "toggle":
            player.toggle_pause()
        case "next":
            player.next()
        case "previous":
            player.previous()
        case "extend+":
            player.extend(5)
        case "extend-":
            player.extend(-5)
        case "restart":
            player.restart_step()
        case "mark":
            player.mark_hurts()
        case "count_rep":
            player.count_rep()
        case "stop":
            player.stop()


def check(player: Player, plan: Plan, clock: FakeClock, cues: list[Cue]) -> None:
    """The promises that hold after every action."""
    remaining = player.remaining_s()
    assert remaining is None or remaining >= 0
    assert player.elapsed_in_step() >= 0
    assert 0 <= player.index < len(plan.steps)
    records = player.records()
    assert [r.index for r in records] == list(range(len(plan.steps)))
    assert all(r.actual_s >= 0 for r in records)
    assert not any(r.skipped and r.completed for r in records)
    assert all(a.at <= b.at for a, b in itertools.pairwise(cues))
    assert all(c.at <= clock() for c in cues)
    due = player.next_due()
    assert due is None or player.status == "running" or due <= clock()


def finish(player: Player, plan: Plan, clock: FakeClock, cues: list[Cue]) -> None:
    """Play out whatever is left: wait, resume, count reps."""
    for _ in range(len(plan.steps) * 8 + 10):
        if player.over:
            return
        if player.status == "paused":
            player.resume()
        clock.advance(10_000)
        cues += player.update()
        if player.step.counted:
            player.count_rep()
        cues += player.update()


@settings(max_examples=200, deadline=None)
@given(plan=plans(), steps=actions)
def test_random_presses_keep_the_players_promises(plan: Plan, steps: list[str | float]) -> None:
    clock = FakeClock()
    player = Player(plan, clock)
    player.start()
    cues: list[Cue] = []
    for action in steps:
        if isinstance(action, str):
            press(player, action)
        else:
            clock.advance(action)
            stale = player.remaining_s()  # asked before update() has caught up
            assert stale is None or stale >= 0
        cues += player.update()
        check(player, plan, clock, cues)
    finish(player, plan, clock, cues)
    check(player, plan, clock, cues)
    assert player.status in ("finished", "stopped")
    assert len(player.records()) == len(plan.steps)
    if player.status == "finished":
        assert cues[-1].kind == "complete"
        assert all(r.completed or r.skipped for r in player.records())
    assert player.summary().active_s >= 0


@given(setup=setups())
def test_a_routines_estimated_length_is_its_plans_length(setup: Setup) -> None:
    plan = build_plan(*setup)
    assert estimate_duration_s(*setup) == round(plan.total_s)
    routine, cat, user = setup
    assert list(_step_seconds(routine, cat, user, None)) == [s.estimate_s for s in plan.steps]
