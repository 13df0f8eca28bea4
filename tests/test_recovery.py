"""Where the pain reaches, meaningful change and the weekly check, as rules with their edges."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unpinch.library.due import check_day, weekly_due_on
from unpinch.library.recovery import (
    REACH_LEVELS,
    WeeklyCheck,
    meaningful,
    pain_direction,
    reach_points,
    reach_reading,
    session_reach,
    spread_during,
    trend_line,
    weekly_check_doc,
    weekly_check_from,
    weekly_due,
)

levels = st.lists(st.integers(0, 4), min_size=3, max_size=12)
scores = st.integers(0, 10)


def checkin(reach: str | None, leg: int = 3) -> dict[str, Any]:
    return {"leg": leg, "back": 2, "note": "", "reach": reach}


def test_after_wins_over_before_and_bad_answers_are_no_answer() -> None:
    assert session_reach({"before": checkin("thigh"), "after": checkin("buttock")}) == 1
    assert session_reach({"before": checkin("foot")}) == 4
    assert session_reach({"before": checkin("knee")}) is None
    assert session_reach({"before": "thigh"}) is None
    assert session_reach({}) is None


def test_spread_during_a_session_needs_both_answers_and_a_move_down_the_leg() -> None:
    assert spread_during({"before": checkin("buttock"), "after": checkin("below_knee")})
    assert not spread_during({"before": checkin("thigh"), "after": checkin("thigh")})
    assert not spread_during({"before": checkin("foot"), "after": checkin("thigh")})
    assert not spread_during({"after": checkin("foot")})


def test_reach_points_are_oldest_first_and_skip_unanswered_sessions() -> None:
    sessions = [
        {"started": "2026-03-02T07:00:00+00:00", "after": checkin("thigh")},
        {"started": "2026-03-01T07:00:00+00:00", "after": checkin("foot")},
        {"started": "2026-03-03T07:00:00+00:00", "after": checkin(None)},
    ]
    assert [p.level for p in reach_points(sessions)] == [4, 2]


def test_the_reading_needs_three_answers() -> None:
    assert reach_reading([4, 3]) is None
    assert reach_reading([4, 3, 1]) == "centralising"
    assert reach_reading([1, 2, 4]) == "spreading"
    assert reach_reading([2, 2, 2, 2]) == "steady"


@given(st.lists(st.integers(0, 4), min_size=3, max_size=12).map(sorted))
def test_symptoms_only_drawing_back_never_read_as_spreading(values: list[int]) -> None:
    assert reach_reading(list(reversed(values))) != "spreading"
    assert reach_reading(values) != "centralising"


@given(levels)
def test_reversing_the_answers_reverses_the_reading(values: list[int]) -> None:
    recent = values[-6:]
    flipped = {"centralising": "spreading", "spreading": "centralising", "steady": "steady"}
    # Same window, read backwards: the direction flips, steady stays steady.
    forward, backward = reach_reading(recent), reach_reading(list(reversed(recent)))
    if len(recent) % 2 == 0:
        assert backward == flipped[str(forward)]


@given(st.integers(0, 4), st.integers(3, 12))
def test_the_same_answer_every_time_is_steady(level: int, count: int) -> None:
    assert reach_reading([level] * count) == "steady"


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [(6, 4, True), (6, 5, False), (3, 2, True), (10, 8, True), (10, 9, False), (0, 1, False)],
)
def test_meaningful_change_is_two_points_or_thirty_percent(
    before: int, after: int, expected: bool
) -> None:
    assert meaningful(before, after) is expected


@given(scores, scores)
def test_meaningfulness_is_the_published_rule(before: int, after: int) -> None:
    change = abs(after - before)
    expected = change >= 2 or (before > 0 and change / before >= 0.3)
    assert meaningful(before, after) is expected
    direction = pain_direction(before, after)
    if not expected:
        assert direction == "no meaningful change"
    else:
        assert direction == ("better" if after < before else "worse")


@given(scores, scores)
def test_a_two_point_change_is_always_meaningful(before: int, after: int) -> None:
    if abs(after - before) >= 2:
        assert meaningful(before, after)


def test_trend_line_names_the_direction_and_needs_four_values() -> None:
    assert trend_line("Leg pain", [7, 7, 6]) is None
    said = trend_line("Leg pain", [7, 7, 6, 5, 4, 3])
    assert said == "Leg pain: 7.0 → 3.5, better (a meaningful change)."
    assert trend_line("Back", [3, 3, 3, 3]) == "Back: 3.0 → 3.0, no meaningful change."


def test_weekly_check_round_trips_and_totals_the_index() -> None:
    check = WeeklyCheck(
        day=date(2026, 3, 2),
        sbi={"leg_pain": 4, "numbness": 3, "weakness": 1, "sitting": 5},
        psfs={"Walking the dog": 4},
        sitting_min=20,
        walking_min=15,
        red_flags={"bladder_bowel": False, "saddle": False, "weakness_worse": True},
    )
    back = weekly_check_from(weekly_check_doc(check))
    assert back == check
    assert check.sbi_total == 13
    assert check.any_red_flag


def test_an_unanswered_item_leaves_the_index_total_empty() -> None:
    check = WeeklyCheck(date(2026, 3, 2), {"leg_pain": 4, "numbness": None}, {})
    assert check.sbi_total is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            ["day", "sbi", "psfs", "sitting_min", "walking_min", "red_flags", "skipped"]
        ),
        json_values,
    )
)
def test_a_hand_edited_weekly_check_never_crashes_and_keeps_only_valid_answers(
    doc: dict[str, Any],
) -> None:
    check = weekly_check_from(doc)
    if check is None:
        return
    assert all(v is None or 0 <= v <= 6 for v in check.sbi.values())
    assert all(v is None or 0 <= v <= 10 for v in check.psfs.values())
    assert len(check.psfs) <= 3
    assert check.sitting_min is None or 0 <= check.sitting_min <= 1440


def test_weekly_check_is_due_once_a_week_and_a_skip_counts() -> None:
    today = date(2026, 3, 10)
    assert weekly_due([], today)
    skipped = WeeklyCheck(today - timedelta(days=3), {}, {}, skipped=True)
    assert not weekly_due([skipped], today)
    old = WeeklyCheck(today - timedelta(days=7), {}, {})
    assert weekly_due([old], today)


stored_days = st.one_of(
    st.dates(date(2026, 1, 1), date(2026, 4, 1)).map(date.isoformat),
    st.text(max_size=12),
    st.none(),
    st.integers(),
)
"""What a hand-edited data file can hold as a weekly check's day."""


@given(st.lists(st.fixed_dictionaries({"day": stored_days}), max_size=6))
def test_the_home_screens_quick_weekly_check_due_agrees_with_reading_whole_checks(
    docs: list[dict[str, Any]],
) -> None:
    today = date(2026, 3, 10)
    days = [day for doc in docs if (day := check_day(doc)) is not None]
    whole = [check for doc in docs if (check := weekly_check_from(doc)) is not None]
    assert days == [check.day for check in whole]
    assert weekly_due_on(days, today) == weekly_due(whole, today)


def test_reach_levels_run_from_the_spine_outwards() -> None:
    assert REACH_LEVELS == ("back", "buttock", "thigh", "below_knee", "foot")
