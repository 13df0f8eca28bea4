"""Telling the time away after SIGCONT from the heartbeats, however late the handler runs."""

from __future__ import annotations

from tests.fakes import FakeClock
from unpinch.tui.away import BEAT_S, AwayWatch


def watch(clock: FakeClock, threshold_s: float = 5.0) -> AwayWatch:
    """A watch on a fake clock; its heartbeat is driven by hand."""
    return AwayWatch(lambda since, away: None, clock, threshold_s)


def test_a_handler_that_runs_at_once_sees_the_stop_after_the_last_beat() -> None:
    clock = FakeClock()
    away = watch(clock)
    for _ in range(5):
        clock.advance(BEAT_S)
        away.beat()
    stopped_at = clock()
    clock.advance(30.0)
    assert away.time_away(clock()) == (stopped_at, 30.0)


def test_a_handler_that_runs_after_two_more_beats_still_sees_the_whole_stop() -> None:
    """Under load the heartbeat thread may beat twice before the main thread handles SIGCONT."""
    clock = FakeClock()
    away = watch(clock)
    clock.advance(BEAT_S)
    away.beat()
    stopped_at = clock()
    clock.advance(30.0)  # stopped
    for _ in range(2):  # woken: the heartbeat runs first, twice
        away.beat()
        clock.advance(BEAT_S)
    since, gone = away.time_away(clock())
    assert since == stopped_at
    assert gone >= 30.0


def test_a_gap_long_past_is_not_taken_for_a_new_stop() -> None:
    clock = FakeClock()
    away = watch(clock)
    clock.advance(10.0)  # a long gap the heartbeat saw, with no SIGCONT after it
    away.beat()
    for _ in range(50):
        clock.advance(BEAT_S)
        away.beat()
    _, gone = away.time_away(clock())
    assert gone < 1.0
