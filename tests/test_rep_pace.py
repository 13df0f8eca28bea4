"""The pace widget's text: the spaced phase word, the sweep, and how often it looks again."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library.pace import phases_from_seconds
from unpinch.tui.widgets.rep_pace import SWEEP_HZ, PaceFeed, pace_look, sweep_text, word_text

LIFT_LOWER = phases_from_seconds((("lift", 1.5), ("lower", 1.5)))


def feed(tempo_s: float, reps: int = 5) -> PaceFeed:
    """A lift-and-lower feed; the tests hand pace_look the position themselves."""
    return PaceFeed(LIFT_LOWER, tempo_s, reps, float)


def test_the_word_is_spaced_capitals() -> None:
    assert word_text("lift") == "L I F T"
    assert word_text("hips back") == "H I P S  B A C K"


def test_the_sweep_fills_by_half_cells_and_marks_the_turn_still_to_come() -> None:
    assert sweep_text(0.0, 10, (0.5,)) == "·····╎····"
    assert sweep_text(0.25, 10, (0.5,)) == "██▌··╎····"
    assert sweep_text(0.75, 10, (0.5,)) == "███████▌··"
    assert sweep_text(1.0, 10) == "█" * 10


def test_a_set_run_to_its_end_shows_a_full_sweep_and_the_last_word() -> None:
    look = pace_look(feed(3.0, reps=2), 10, 2.0)
    assert (look.word, look.sweep, look.next_change) == ("L O W E R", "█" * 10, None)


def test_it_looks_again_at_the_turn_even_when_that_is_sooner_than_the_sweep_rate() -> None:
    look = pace_look(feed(3.0), 26, 0.49)
    assert look.next_change == pytest.approx(0.5)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.5, 30.0), st.floats(0.0, 4.999), st.integers(20, 60))
def test_it_never_redraws_faster_than_the_sweep_rate_between_turns(
    tempo: float, position: float, width: int
) -> None:
    look = pace_look(feed(tempo), width, position)
    assert look.next_change is not None and look.next_change > position
    gap_s = (look.next_change - position) * tempo
    turn = int(position) + 0.5
    crossing = position < turn <= look.next_change + 1e-12 or look.next_change == int(position) + 1
    assert gap_s >= 1 / SWEEP_HZ - 1e-9 or crossing
