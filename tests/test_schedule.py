"""Schedules, what is due, and rest days that bridge a streak without padding it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.catalog import load_catalog
from unpinch.library.schedule import (
    REST_DAYS_PER_MONTH,
    RestDayRefused,
    Schedule,
    check_rest_day,
    due_for,
    parse_daily_days,
    parse_per_week,
    per_week_text,
    rest_days_left,
    schedule_from_dict,
    schedule_to_dict,
    streak_with_rest,
)

TODAY = date(2026, 3, 18)  # a Wednesday


def test_builtin_schedules_follow_the_articles() -> None:
    routines = load_catalog().routines
    assert routines["pinched-nerve-seven"].schedule == Schedule((3, 4), daily_days=21)
    assert routines["stretching-stage"].schedule == Schedule((3, 5))
    assert routines["pinched-nerve-seven"].schedule.label() == (
        "Daily for 21 days, then 3–4 times a week"
    )
    assert routines["stretching-stage"].schedule.label() == "3–5 times a week"
    assert routines["morning-in-bed"].schedule.label() == "Every day"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"per_week": [5, 3]}, "low to high"),
        ({"per_week": 0}, "from 1 to 14"),
        ({"per_week": [3, 4, 5]}, "from 1 to 14"),
        ({"per_week": True}, "from 1 to 14"),
        ({"daily_days": -1}, "from 0 to 90"),
        ({"weekly": 3}, "unknown field 'weekly'"),
        ("often", "must be a table"),
    ],
)
def test_bad_schedules_are_refused_with_the_reason(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        schedule_from_dict(value)


@given(st.integers(1, 14), st.integers(0, 13), st.integers(0, 90))
def test_schedules_round_trip(low: int, extra: int, daily: int) -> None:
    schedule = Schedule((low, min(14, low + extra)), daily)
    assert schedule_from_dict(schedule_to_dict(schedule)) == schedule


def test_a_routine_never_played_is_not_due() -> None:
    assert not due_for("r", "R", Schedule((3, 5)), [], [], TODAY).due


def test_three_to_five_a_week_asks_again_two_days_after() -> None:
    schedule = Schedule((3, 5))
    assert not due_for("r", "R", schedule, [TODAY - timedelta(days=1)], [], TODAY).due
    state = due_for("r", "R", schedule, [TODAY - timedelta(days=2)], [], TODAY)
    assert state.due
    assert state.line(TODAY) == "R is due today (last done Monday)"


def test_the_daily_phase_asks_every_day_then_relaxes() -> None:
    schedule = Schedule((3, 4), daily_days=21)
    start = TODAY - timedelta(days=10)
    days = [start + timedelta(days=n) for n in range(10)]  # through yesterday
    assert due_for("r", "R", schedule, days, [], TODAY).due
    later = [TODAY - timedelta(days=40 - n) for n in range(40)]  # 40 days in, last yesterday
    assert not due_for("r", "R", schedule, later, [], TODAY).due


def test_nothing_is_due_on_a_rest_day_and_rest_days_do_not_count_toward_the_gap() -> None:
    schedule = Schedule((3, 5))
    last = [TODAY - timedelta(days=2)]
    assert not due_for("r", "R", schedule, last, [TODAY], TODAY).due
    assert not due_for("r", "R", schedule, last, [TODAY - timedelta(days=1)], TODAY).due


@given(st.integers(0, 60), st.sets(st.integers(0, 30)))
def test_rest_days_never_make_a_routine_due(gap: int, rest_offsets: set[int]) -> None:
    schedule = Schedule((3, 5))
    done = [TODAY - timedelta(days=gap)]
    rests = [TODAY - timedelta(days=n) for n in rest_offsets]
    without = due_for("r", "R", schedule, done, [], TODAY).due
    assert due_for("r", "R", schedule, done, rests, TODAY).due <= without


@given(st.integers(0, 60))
def test_a_longer_gap_never_stops_a_routine_being_due(gap: int) -> None:
    schedule = Schedule((3, 5))
    now = due_for("r", "R", schedule, [TODAY - timedelta(days=gap)], [], TODAY).due
    later = due_for("r", "R", schedule, [TODAY - timedelta(days=gap + 1)], [], TODAY).due
    assert later >= now


def test_rest_days_are_capped_per_month() -> None:
    used = [date(2026, 3, d) for d in range(1, REST_DAYS_PER_MONTH + 1)]
    assert rest_days_left(used, TODAY) == 0
    assert rest_days_left(used, date(2026, 4, 1)) == REST_DAYS_PER_MONTH
    with pytest.raises(RestDayRefused, match="rest days of March are used"):
        check_rest_day(TODAY, used, TODAY)


def test_rest_days_are_today_or_the_past_week_once_each() -> None:
    with pytest.raises(RestDayRefused, match="not ahead"):
        check_rest_day(TODAY + timedelta(days=1), [], TODAY)
    with pytest.raises(RestDayRefused, match="past week"):
        check_rest_day(TODAY - timedelta(days=8), [], TODAY)
    with pytest.raises(RestDayRefused, match="already a rest day"):
        check_rest_day(TODAY, [TODAY], TODAY)
    check_rest_day(TODAY - timedelta(days=7), [], TODAY)


def test_a_rest_day_bridges_a_streak_without_adding_to_it() -> None:
    done = {TODAY - timedelta(days=n) for n in (0, 1, 3, 4)}
    assert streak_with_rest(done, set(), TODAY) == 2
    assert streak_with_rest(done, {TODAY - timedelta(days=2)}, TODAY) == 4


@given(st.sets(st.integers(0, 40)), st.sets(st.integers(0, 40)))
def test_rest_days_never_shorten_a_streak_or_count_as_exercise(
    done_offsets: set[int], rest_offsets: set[int]
) -> None:
    done = {TODAY - timedelta(days=n) for n in done_offsets}
    rest = {TODAY - timedelta(days=n) for n in rest_offsets} - done
    plain = streak_with_rest(done, set(), TODAY)
    bridged = streak_with_rest(done, rest, TODAY)
    assert plain <= bridged <= len(done)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("4", (4, 4)), ("3-5", (3, 5)), (" 3 – 5 ", (3, 5)), ("3 to 4", (3, 4)), ("14", (14, 14))],
)
def test_times_a_week_as_people_type_them(typed: str, expected: tuple[int, int]) -> None:
    assert parse_per_week(typed) == expected


@pytest.mark.parametrize("typed", ["", "0", "5-3", "15", "three", "3-", "-5", "3.5", "1-20"])
def test_unusable_times_a_week_are_refused_with_a_reason(typed: str) -> None:
    with pytest.raises(ValueError, match=r"a week|from 1 to 14"):
        parse_per_week(typed)


@given(st.text(max_size=12))
def test_the_weekly_parser_accepts_only_valid_ranges(typed: str) -> None:
    try:
        low, high = parse_per_week(typed)
    except ValueError:
        return
    assert 1 <= low <= high <= 14


@given(st.integers(1, 14), st.integers(0, 13))
def test_the_builder_text_reads_back_as_the_same_schedule(low: int, extra: int) -> None:
    schedule = Schedule((low, min(14, low + extra)))
    assert parse_per_week(per_week_text(schedule)) == schedule.per_week


@given(st.text(max_size=6))
def test_daily_days_are_a_whole_number_up_to_90_or_refused(typed: str) -> None:
    try:
        days = parse_daily_days(typed)
    except ValueError:
        return
    assert 0 <= days <= 90
