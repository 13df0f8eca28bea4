"""Rep phases: shares, where a moment falls, and the player's tempo changes against a fake clock."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import reps
from tests.fakes import FakeClock, catalog, exercise, routine
from unpinch.library.codec import TEMPO_BOUNDS
from unpinch.library.pace import (
    DEFAULT_PHASES,
    Phase,
    phase_at,
    phase_seconds,
    phases_from_seconds,
    tempo_text,
    turn_points,
)
from unpinch.library.plan import build_plan
from unpinch.library.player import Player
from unpinch.library.settings import Settings

BRIDGE = (("lift", 1.5), ("hold", 1.0), ("lower", 1.5))

PARTS = st.lists(
    st.tuples(st.sampled_from(["lift", "hold", "lower", "reach"]), st.floats(0.1, 30.0)),
    min_size=2,
    max_size=5,
)
TEMPOS = st.floats(*TEMPO_BOUNDS)


def test_bridge_phases_fall_where_their_seconds_say() -> None:
    phases = phases_from_seconds(BRIDGE)
    assert [p.name for p in phases] == ["lift", "hold", "lower"]
    assert [phase_at(phases, 4.0, t).name for t in (0.0, 1.4, 1.5, 2.4, 2.5, 3.9)] == [
        "lift",
        "lift",
        "hold",
        "hold",
        "lower",
        "lower",
    ]
    at = phase_at(phases, 4.0, 6.0)
    assert (at.rep, at.index, at.name, at.fraction) == (1, 1, "hold", 0.5)


def test_no_phases_means_move_and_return_halves() -> None:
    assert phases_from_seconds(()) == DEFAULT_PHASES
    assert [phase_at(DEFAULT_PHASES, 4.0, t).name for t in (1.9, 2.0)] == ["move", "return"]


def test_phases_scale_with_the_tempo() -> None:
    phases = phases_from_seconds(BRIDGE)
    assert phase_seconds(phases, 4.0) == pytest.approx((1.5, 1.0, 1.5))
    assert phase_seconds(phases, 8.0) == pytest.approx((3.0, 2.0, 3.0))
    assert turn_points(phases) == pytest.approx((0.375, 0.625))


def test_tempo_text_reads_like_the_card() -> None:
    assert (tempo_text(4.0), tempo_text(3.5)) == ("4 s a rep", "3.5 s a rep")


@settings(max_examples=200, deadline=None)
@given(PARTS, TEMPOS)
def test_phases_add_up_to_the_tempo(parts: list[tuple[str, float]], tempo: float) -> None:
    phases = phases_from_seconds(parts)
    assert math.isclose(sum(phase_seconds(phases, tempo)), tempo, rel_tol=1e-9)
    assert all(p.share >= 0 for p in phases)


@settings(max_examples=200, deadline=None)
@given(PARTS, TEMPOS, st.lists(st.floats(0, 1, exclude_max=True), min_size=2, max_size=20))
def test_fraction_and_phase_only_go_forward_within_a_rep(
    parts: list[tuple[str, float]], tempo: float, points: list[float]
) -> None:
    phases = phases_from_seconds(parts)
    rep = 3
    seen = [phase_at(phases, tempo, (rep + p) * tempo) for p in sorted(points)]
    inside = [s for s in seen if s.rep == rep]
    assert [s.fraction for s in inside] == sorted(s.fraction for s in inside)
    assert [s.index for s in inside] == sorted(s.index for s in inside)


@settings(max_examples=300, deadline=None)
@given(PARTS, TEMPOS, st.floats(0, 10_000))
def test_every_moment_is_in_exactly_one_phase(
    parts: list[tuple[str, float]], tempo: float, t: float
) -> None:
    phases = phases_from_seconds(parts)
    at = phase_at(phases, tempo, t)
    starts = [0.0, *turn_points(phases)]
    ends = [*turn_points(phases), 1.0]
    holding = [
        i
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
        if start <= at.fraction < end or (i == len(phases) - 1 and at.fraction >= start)
    ]
    assert holding[-1] == at.index
    assert 0.0 <= at.fraction < 1.0 and 0.0 <= at.phase_fraction <= 1.0
    assert at.name == phases[at.index].name


def test_a_phase_of_no_share_is_never_chosen_over_a_real_one() -> None:
    phases = (Phase("lift", 1.0), Phase("lower", 0.0))
    assert phase_at(phases, 2.0, 0.5).name == "lift"


# -- the player ----------------------------------------------------------------


def paced_player(clock: FakeClock, count: int = 4, tempo: float = 4.0) -> Player:
    """A player at the start of one paced set of ``count`` reps (no count-in)."""
    ex = replace(exercise("b", reps(count, tempo_s=tempo)), phases=(("lift", 1.5), ("lower", 2.5)))
    cat = catalog(ex)
    player = Player(build_plan(routine(cat), cat, Settings(count_in_s=0)), clock)
    player.start()
    player.update()
    return player


def test_player_names_the_phase_and_sounds_each_turn() -> None:
    clock = FakeClock(0.0)
    player = paced_player(clock)
    clock.advance(1.0)
    phase = player.phase()
    assert phase is not None and (phase.rep, phase.name) == (0, "lift")
    clock.advance(4.0)
    cues = [(c.kind, c.at, c.word) for c in player.update()]
    assert cues == [("turn", 1.5, "lower"), ("rep", 4.0, "lift")]


def test_slower_tempo_keeps_the_rep_where_it_is_and_moves_the_end() -> None:
    clock = FakeClock(0.0)
    player = paced_player(clock)
    clock.advance(6.0)  # halfway through rep 2 of 4
    assert player.rep_position() == pytest.approx(1.5)
    assert player.change_tempo(2.0) == 2.0
    assert player.tempo_s() == 6.0
    assert player.rep_position() == pytest.approx(1.5)
    assert player.remaining_s() == pytest.approx(2.5 * 6.0)
    clock.advance(3.0)
    assert player.rep_position() == pytest.approx(2.0)
    assert player.reps_done() == 2


def test_tempo_stays_within_its_bounds_and_ignores_other_steps() -> None:
    clock = FakeClock(0.0)
    player = paced_player(clock, tempo=1.0)
    assert player.change_tempo(-5.0) == pytest.approx(TEMPO_BOUNDS[0] - 1.0)
    assert player.tempo_s() == TEMPO_BOUNDS[0]
    player.next()
    assert player.change_tempo(1.0) == 0.0


def test_extend_at_the_last_rep_slows_it_rather_than_standing_still() -> None:
    clock = FakeClock(0.0)
    player = paced_player(clock, count=3, tempo=4.0)
    clock.advance(10.0)  # halfway through the last rep: 2 s left
    assert player.extend(5) == pytest.approx(5.0)
    assert player.remaining_s() == pytest.approx(7.0)
    assert player.tempo_s() == pytest.approx(14.0)
    clock.advance(6.0)
    assert player.rep_position() < 3.0 and player.reps_done() == 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0.0, 3.0), st.sampled_from([-0.5, 0.0, 0.5, 5.0, -5.0])),
        min_size=1,
        max_size=12,
    )
)
def test_tempo_changes_never_move_the_rep_position_back_or_make_it_jump(
    moves: list[tuple[float, float]],
) -> None:
    clock = FakeClock(0.0)
    player = paced_player(clock, count=6, tempo=3.0)
    last = 0.0
    for wait, change in moves:
        clock.advance(wait)
        player.update()
        if player.over:
            break
        before = player.rep_position()
        assert before >= last - 1e-9
        player.change_tempo(change)
        after = player.rep_position()
        assert after == pytest.approx(before, abs=1e-9)
        tempo = player.tempo_s()
        assert tempo is not None and TEMPO_BOUNDS[0] <= tempo <= TEMPO_BOUNDS[1]
        remaining = player.remaining_s()
        assert remaining == pytest.approx((6 - after) * tempo, abs=1e-6)
        last = after
