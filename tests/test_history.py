"""History facts: streaks, habit days, weekly minutes, pain points, the healing sign, filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import session_doc
from unpinch.library.history import (
    HEALING_NOTE,
    PainPoint,
    best_streak,
    current_streak,
    filter_sessions,
    habit_days,
    healing_sign,
    pain_change,
    pain_points,
    weekly_minutes,
)

PLUS2 = timezone(timedelta(hours=2))


def session(
    day: date,
    *,
    hour: int = 7,
    status: str = "completed",
    routine_id: str = "gentle",
    duration_s: Any = 600,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    started = datetime(day.year, day.month, day.day, hour, 0, tzinfo=PLUS2)
    checks: dict[str, Any] = {
        k: v for k, v in (("before", before), ("after", after)) if v is not None
    }
    return session_doc(routine_id, started, status=status, duration_s=duration_s, **checks)


def days(*offsets: int, start: date = date(2024, 3, 1), **kw: Any) -> list[dict[str, Any]]:
    return [session(start + timedelta(days=n), **kw) for n in offsets]


# --- streaks ------------------------------------------------------------------------


def test_best_streak_finds_the_longest_run() -> None:
    sessions = days(0, 1, 2, 5, 6, 7, 8, 10)
    assert best_streak(sessions) == 4


def test_best_streak_counts_a_day_once_and_ignores_unfinished_sessions() -> None:
    sessions = days(0, 0, 1) + days(2, status="stopped") + days(3, status="interrupted")
    assert best_streak(sessions) == 2


def test_best_streak_of_nothing_is_zero() -> None:
    assert best_streak([]) == 0
    assert best_streak([{"started": "garbage", "status": "completed"}]) == 0


@given(st.sets(st.integers(min_value=0, max_value=60), max_size=40))
def test_best_streak_is_at_least_the_current_one(offsets: set[int]) -> None:
    sessions = days(*sorted(offsets))
    today = date(2024, 3, 1) + timedelta(days=61)
    assert best_streak(sessions) >= current_streak(sessions, today)
    assert best_streak(sessions) <= len(offsets)
    assert (best_streak(sessions) == 0) == (not offsets)


# --- habit days ---------------------------------------------------------------------


def test_habit_days_lists_21_days_oldest_first_ending_today() -> None:
    today = date(2024, 3, 21)
    found = habit_days(days(0, 2, 20, 25), today)
    assert len(found) == 21
    assert found[0] == (date(2024, 3, 1), True)
    assert found[-1] == (today, True)
    assert [d for d, done in found if done] == [date(2024, 3, 1), date(2024, 3, 3), today]
    assert [d for d, _ in found] == sorted(d for d, _ in found)


def test_habit_days_takes_a_length_and_only_counts_completed() -> None:
    today = date(2024, 3, 7)
    found = habit_days(days(6, status="stopped") + days(5), today, days=3)
    assert found == [(date(2024, 3, 5), False), (date(2024, 3, 6), True), (today, False)]


# --- weekly minutes -----------------------------------------------------------------


def test_weekly_minutes_sums_by_monday_and_zero_fills() -> None:
    today = date(2024, 3, 20)  # a Wednesday
    sessions = [
        session(date(2024, 3, 18), duration_s=600),  # this week
        session(date(2024, 3, 20), duration_s=300, status="stopped"),  # counts too
        session(date(2024, 3, 4), duration_s=90.0),  # two weeks back
        session(date(2023, 1, 2), duration_s=6000),  # long before: left out
        session(date(2024, 3, 19), duration_s="ten"),  # unusable: counts as 0
    ]
    found = weekly_minutes(sessions, today, weeks=4)
    assert found == [
        (date(2024, 2, 26), 0.0),
        (date(2024, 3, 4), 1.5),
        (date(2024, 3, 11), 0.0),
        (date(2024, 3, 18), 15.0),
    ]
    assert all(monday.weekday() == 0 for monday, _ in found)


def test_weekly_minutes_defaults_to_twelve_weeks() -> None:
    assert len(weekly_minutes([], date(2024, 3, 20))) == 12


# --- pain ---------------------------------------------------------------------------


def test_pain_points_prefer_after_then_before_and_skip_bad_check_ins() -> None:
    sessions = [
        session(date(2024, 3, 3), before={"leg": 6, "back": 2, "note": ""}),
        session(
            date(2024, 3, 1),
            before={"leg": 7, "back": 1, "note": ""},
            after={"leg": 5, "back": 2, "note": "better"},
        ),
        session(date(2024, 3, 2)),  # no check-in
        session(date(2024, 3, 4), after={"leg": 11, "back": 2}),  # out of range
        session(date(2024, 3, 5), after={"leg": True, "back": 2}),  # not a number
    ]
    points = pain_points(sessions)
    assert [(p.when.date(), p.leg, p.back) for p in points] == [
        (date(2024, 3, 1), 5, 2),
        (date(2024, 3, 3), 6, 2),
    ]


def test_pain_points_sort_naive_and_aware_times_together() -> None:
    naive = {"started": "2024-03-02T07:00:00", "after": {"leg": 1, "back": 1}}
    aware = {"started": "2024-03-01T07:00:00+00:00", "after": {"leg": 2, "back": 2}}
    assert [p.leg for p in pain_points([naive, aware])] == [2, 1]


def points(legs: list[int], backs: list[int]) -> list[PainPoint]:
    start = datetime(2024, 3, 1, tzinfo=PLUS2)
    return [
        PainPoint(start + timedelta(days=n), leg, back)
        for n, (leg, back) in enumerate(zip(legs, backs, strict=True))
    ]


@pytest.mark.parametrize(
    ("legs", "backs", "expected"),
    [
        ([7, 7, 6, 5, 4, 3], [2, 2, 2, 3, 3, 3], True),  # leg falls, back rises
        ([7, 7, 6, 5, 4, 3], [2, 2, 2, 2, 2, 2], True),  # leg falls, back holds
        ([7, 7, 6, 5, 4, 3], [4, 4, 3, 3, 2, 2], False),  # back falls too
        ([3, 3, 4, 5, 6, 7], [2, 2, 3, 3, 4, 4], False),  # leg rises
        ([5, 5, 5, 5, 5, 5], [2, 2, 2, 3, 3, 3], False),  # leg holds
        ([7, 6, 4], [2, 3, 4], False),  # too few points
    ],
)
def test_healing_sign(legs: list[int], backs: list[int], expected: bool) -> None:
    assert healing_sign(points(legs, backs)) is expected


def test_healing_sign_needs_four_points() -> None:
    assert healing_sign(points([8, 7, 3, 1], [1, 1, 2, 2])) is True
    assert healing_sign(points([8, 3, 1], [1, 2, 2])) is False


def test_healing_note_is_one_plain_line_naming_the_article() -> None:
    assert "\n" not in HEALING_NOTE
    assert '"Sciatica Exercises"' in HEALING_NOTE
    assert "not a diagnosis" in HEALING_NOTE


def test_pain_change() -> None:
    both = session(
        date(2024, 3, 1),
        before={"leg": 5, "back": 2, "note": ""},
        after={"leg": 3, "back": 2, "note": ""},
    )
    assert pain_change(both) == "leg 5→3 · back 2→2"
    only_before = session(date(2024, 3, 1), before={"leg": 5, "back": 2})
    assert pain_change(only_before) == "leg 5→– · back 2→–"
    only_after = session(date(2024, 3, 1), after={"leg": 0, "back": 10})
    assert pain_change(only_after) == "leg –→0 · back –→10"
    assert pain_change(session(date(2024, 3, 1))) == ""
    assert pain_change({**both, "before": None, "after": None}) == ""


# --- filters ------------------------------------------------------------------------


def test_filter_by_routine_and_inclusive_dates_keeps_order() -> None:
    sessions = days(0, 1, 2, 3, routine_id="a") + days(1, 2, routine_id="b")
    sessions.append({"routine_id": "a", "started": None})
    assert len(filter_sessions(sessions)) == 7
    assert len(filter_sessions(sessions, routine_id="a")) == 5
    chosen = filter_sessions(
        sessions, routine_id="a", since=date(2024, 3, 2), until=date(2024, 3, 3)
    )
    assert [s["started"][:10] for s in chosen] == ["2024-03-02", "2024-03-03"]
    assert [s["started"][:10] for s in filter_sessions(sessions, since=date(2024, 3, 4))] == [
        "2024-03-04"
    ]
    assert len(filter_sessions(sessions, until=date(2024, 3, 1))) == 1


def test_filter_uses_the_sessions_own_local_date() -> None:
    late = {"routine_id": "a", "started": "2024-03-01T23:30:00+02:00"}  # 21:30 UTC
    assert filter_sessions([late], since=date(2024, 3, 1), until=date(2024, 3, 1)) == [late]


def test_filter_returns_copies() -> None:
    original = days(0)
    chosen = filter_sessions(original)
    chosen[0]["status"] = "changed"
    assert original[0]["status"] == "completed"
