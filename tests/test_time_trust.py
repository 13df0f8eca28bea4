"""Time a person can trust: a session never ends before it began, and days follow the local zone.

The wall clock can jump (a time sync, a manual change); the session's end is
its start plus monotonic time. "Today", streaks and the calendar are worked
out in the zone the user is in now, whatever offset a session was stored with.
Zone cases run the real command line in a child process with ``TZ`` set.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from tests.fakes import FakeClock
from tests.test_workout import fresh
from unpinch.library.history import active_days, current_streak, habit_days, started_at
from unpinch.library.store import Store

STARTED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("jump_s", [-3600.0, -1.0, 0.0, 86_400.0])
def test_ended_is_started_plus_monotonic_time_whatever_the_wall_clock_says(jump_s: float) -> None:
    workout = fresh()
    clock = FakeClock()
    player = workout.play(clock, STARTED)
    clock.advance(42.0)
    player.update()
    wall_now = STARTED + timedelta(seconds=42.0 + jump_s)
    record = workout.record(player, wall_now)
    assert record.started == STARTED
    assert record.ended == STARTED + timedelta(seconds=42.0)
    assert record.ended >= record.started


def test_a_session_stored_in_another_zone_counts_on_the_local_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        # 23:30 in London on 1 March is 08:30 on 2 March in Tokyo.
        session = {"started": "2025-03-01T23:30:00+00:00", "status": "completed"}
        when = started_at(session)
        assert when is not None and when.date() == date(2025, 3, 2)
        assert when.utcoffset() == timedelta(hours=9)
        assert active_days([session]) == {date(2025, 3, 2)}
        assert current_streak([session], date(2025, 3, 2)) == 1
        days = dict(habit_days([session], date(2025, 3, 2), days=2))
        assert days == {date(2025, 3, 1): False, date(2025, 3, 2): True}
    finally:
        monkeypatch.undo()
        time.tzset()


def test_history_lists_a_session_at_the_local_time_of_the_zone_it_runs_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "unpinch.json"
    with Store.open(db) as store:
        store.add_session(
            {
                "routine_id": "r",
                "routine_name": "Zone test",
                "started": "2025-03-01T23:30:00+00:00",
                "status": "completed",
                "duration_s": 60,
            }
        )
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    tokyo = run_cli("history", db=db)
    since = run_cli("history", "--json", "--since", "2025-03-02", db=db)
    monkeypatch.setenv("TZ", "America/New_York")
    new_york = run_cli("history", db=db)
    assert "2025-03-02 08:30" in tokyo.stdout, tokyo.stdout
    assert "2025-03-01 18:30" in new_york.stdout, new_york.stdout
    assert [row["routine_name"] for row in json.loads(since.stdout)] == ["Zone test"]


def test_started_at_keeps_the_instant() -> None:
    session = {"started": "2025-03-01T23:30:00+05:00"}
    when = started_at(session)
    assert when is not None
    assert when == datetime(2025, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=5)))
