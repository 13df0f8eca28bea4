"""Plans: the order of steps for holds, reps, sides, sets and rests; and settings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.factories import hold, reps
from tests.fakes import catalog, exercise, routine
from unpinch.library.model import Dose, Span
from unpinch.library.plan import Plan, Step, build_plan, estimate_duration_s
from unpinch.library.settings import Settings

NO_COUNT_IN = Settings(count_in_s=0)


def shape(plan: Plan) -> list[tuple[Any, ...]]:
    """Each step as (kind, side, set_no, rep_no, duration) for compact assertions."""
    return [(s.kind, s.side, s.set_no, s.rep_no, s.duration_s) for s in plan.steps]


def plan_of(*exercises: Any, settings: Settings = NO_COUNT_IN, rest_between_s: int = 15) -> Plan:
    cat = catalog(*exercises, rest_between_s=rest_between_s)
    return build_plan(routine(cat), cat, settings)


def test_count_in_comes_first_and_indexes_are_consecutive() -> None:
    plan = plan_of(exercise("a", hold(30)), settings=Settings(count_in_s=5))
    assert [s.kind for s in plan.steps] == ["count_in", "hold"]
    assert plan.steps[0].duration_s == 5.0
    assert plan.steps[0].exercise_id is None
    assert plan.steps[0].label == "Get ready"
    assert [s.index for s in plan.steps] == [0, 1]
    assert plan.routine_id == "r"


def test_zero_count_in_is_skipped() -> None:
    plan = plan_of(exercise("a", hold(30)))
    assert [s.kind for s in plan.steps] == ["hold"]


def test_repeated_holds_have_rests_between_and_none_after() -> None:
    plan = plan_of(exercise("a", hold(30, reps=3, rest_s=10)))
    assert shape(plan) == [
        ("hold", "both", 1, 1, 30.0),
        ("rest", None, 1, 0, 10.0),
        ("hold", "both", 1, 2, 30.0),
        ("rest", None, 1, 0, 10.0),
        ("hold", "both", 1, 3, 30.0),
    ]
    assert all(s.reps == 3 for s in plan.steps if s.kind == "hold")
    assert all(s.exercise_id == "a" for s in plan.steps)


def test_a_one_second_rest_is_still_a_rest_between_holds_and_between_sets() -> None:
    plan = plan_of(exercise("a", hold(20, reps=2, sets=2, rest_s=1)))
    assert [(kind, seconds) for kind, _, _, _, seconds in shape(plan)] == [
        ("hold", 20.0),
        ("rest", 1.0),
        ("hold", 20.0),
        ("rest", 1.0),
        ("hold", 20.0),
        ("rest", 1.0),
        ("hold", 20.0),
    ]


def test_zero_rest_omits_rest_steps() -> None:
    plan = plan_of(exercise("a", hold(20, reps=2, sets=2, rest_s=0)))
    assert [s.kind for s in plan.steps] == ["hold"] * 4


def test_each_side_plays_left_first_with_a_switch_between() -> None:
    plan = plan_of(exercise("a", hold(30, reps=2, rest_s=5), sides="each"))
    assert shape(plan) == [
        ("hold", "left", 1, 1, 30.0),
        ("rest", None, 1, 0, 5.0),
        ("hold", "left", 1, 2, 30.0),
        ("switch", None, 1, 0, 5.0),
        ("hold", "right", 1, 1, 30.0),
        ("rest", None, 1, 0, 5.0),
        ("hold", "right", 1, 2, 30.0),
    ]
    assert plan.steps[0].label == "Hold — left side"
    assert plan.steps[3].label == "Switch sides"


@pytest.mark.parametrize(
    ("affected", "first"), [("right", "right"), ("left", "left"), ("both", "left")]
)
def test_affected_side_plays_first(affected: str, first: str) -> None:
    settings = Settings(count_in_s=0, affected_side=affected)
    plan = plan_of(exercise("a", reps(10), sides="each"), settings=settings)
    sides = [s.side for s in plan.steps if s.is_exercise]
    assert sides[0] == first
    assert set(sides) == {"left", "right"}


def test_sides_can_take_turns_hold_by_hold() -> None:
    ex = replace(
        exercise("a", hold(10, reps=2, rest_s=5), sides="each"), switch_sides="after_each_hold"
    )
    plan = plan_of(ex)
    assert shape(plan) == [
        ("hold", "left", 1, 1, 10.0),
        ("switch", None, 1, 0, 5.0),
        ("hold", "right", 1, 1, 10.0),
        ("switch", None, 1, 0, 5.0),
        ("hold", "left", 1, 2, 10.0),
        ("switch", None, 1, 0, 5.0),
        ("hold", "right", 1, 2, 10.0),
    ]
    assert [s.next_label for s in plan.steps[:3]] == [
        "Next: right side",
        "Next: right side",
        "Next: left side",
    ]
    right_first = plan_of(ex, settings=Settings(count_in_s=0, affected_side="right"))
    assert [s.side for s in right_first.steps if s.is_exercise] == ["right", "left"] * 2


def test_turn_by_turn_sides_without_a_switch_pause_run_straight_on() -> None:
    ex = replace(exercise("a", hold(10, reps=2), sides="each"), switch_sides="after_each_hold")
    plan = plan_of(ex, settings=Settings(count_in_s=0, switch_pause_s=0))
    assert [(s.kind, s.side) for s in plan.steps] == [("hold", "left"), ("hold", "right")] * 2


@pytest.mark.parametrize(("affected", "played"), [("left", ["left"]), ("right", ["right"])])
def test_affected_leg_exercises_play_on_the_affected_side_only(
    affected: str, played: list[str]
) -> None:
    ex = replace(exercise("a", hold(5, reps=3, rest_s=5), sides="each"), affected_only=True)
    plan = plan_of(ex, settings=Settings(count_in_s=0, affected_side=affected))
    holds = [s for s in plan.steps if s.is_exercise]
    assert [s.side for s in holds] == played * 3
    assert all(s.affected for s in holds)
    assert "switch" not in [s.kind for s in plan.steps]
    assert holds[0].label == f"Hold — {affected} side (affected leg)"


def test_affected_leg_exercises_play_both_sides_when_both_legs_are_affected() -> None:
    ex = replace(exercise("a", reps(4), sides="each"), affected_only=True)
    plan = plan_of(ex, settings=Settings(count_in_s=0, affected_side="both"))
    assert [(s.kind, s.side) for s in plan.steps] == [
        ("reps", "left"),
        ("switch", None),
        ("reps", "right"),
    ]
    assert not any(s.affected for s in plan.steps)
    other = plan_of(exercise("b", reps(4), sides="each"))
    assert not any(s.affected for s in other.steps)


def test_switch_pause_setting_sets_the_switch_and_zero_omits_it() -> None:
    ex = exercise("a", reps(10), sides="each")
    plan = plan_of(ex, settings=Settings(count_in_s=0, switch_pause_s=8))
    assert [(s.kind, s.duration_s) for s in plan.steps] == [
        ("reps", 30.0),
        ("switch", 8.0),
        ("reps", 30.0),
    ]
    plan = plan_of(ex, settings=Settings(count_in_s=0, switch_pause_s=0))
    assert [s.kind for s in plan.steps] == ["reps", "reps"]


def test_sets_of_each_side_reps_rest_between_sets() -> None:
    plan = plan_of(exercise("a", reps(10, sets=2, rest_s=20), sides="each"))
    assert shape(plan) == [
        ("reps", "left", 1, 1, 30.0),
        ("switch", None, 1, 0, 5.0),
        ("reps", "right", 1, 1, 30.0),
        ("rest", None, 1, 0, 20.0),
        ("reps", "left", 2, 1, 30.0),
        ("switch", None, 2, 0, 5.0),
        ("reps", "right", 2, 1, 30.0),
    ]
    assert all(s.sets == 2 for s in plan.steps)


def test_paced_reps_last_reps_times_tempo() -> None:
    plan = plan_of(exercise("a", reps(8, tempo_s=2.5)))
    (step,) = plan.steps
    assert (step.kind, step.reps, step.rep_no) == ("reps", 8, 1)
    assert step.duration_s == 20.0
    assert step.tempo_s == 2.5
    assert not step.counted
    assert step.label == "8 reps"


def test_counted_reps_are_untimed() -> None:
    plan = plan_of(exercise("a", reps(12, counted=True)))
    (step,) = plan.steps
    assert step.duration_s is None
    assert step.tempo_s is None
    assert step.counted
    assert not step.timed
    assert step.label == "Count 12 reps"


def test_alternating_is_one_step_for_both_sides() -> None:
    plan = plan_of(exercise("a", reps(10, sets=2), sides="alternating"))
    assert [(s.kind, s.side) for s in plan.steps] == [
        ("reps", "both"),
        ("rest", None),
        ("reps", "both"),
    ]
    assert plan.steps[0].label == "10 reps — alternating sides"


def test_rest_between_exercises_and_none_trailing() -> None:
    plan = plan_of(exercise("a", hold(30)), exercise("b", reps(5)), rest_between_s=15)
    assert [(s.kind, s.exercise_id, s.exercise_no) for s in plan.steps] == [
        ("hold", "a", 1),
        ("rest", None, 2),
        ("reps", "b", 2),
    ]
    assert plan.steps[1].duration_s == 15.0
    assert all(s.exercises == 2 for s in plan.steps)
    assert plan.steps[-1].kind != "rest"


def test_settings_rest_between_overrides_the_routine() -> None:
    exercises = (exercise("a", hold(30)), exercise("b", hold(30)))
    plan = plan_of(*exercises, settings=Settings(count_in_s=0, rest_between_s=40))
    assert plan.steps[1].duration_s == 40.0
    plan = plan_of(*exercises, settings=Settings(count_in_s=0, rest_between_s=0))
    assert [s.kind for s in plan.steps] == ["hold", "hold"]


def test_routine_item_dose_and_targets_override() -> None:
    cat = catalog(exercise("a", hold(30)))
    targets = {"a": hold(45, reps=2, rest_s=0)}
    plan = build_plan(routine(cat), cat, NO_COUNT_IN, targets=targets)
    assert [s.duration_s for s in plan.steps] == [45.0, 45.0]
    other = build_plan(routine(cat), cat, NO_COUNT_IN, targets={"zzz": hold(99)})
    assert [s.duration_s for s in other.steps] == [30.0]


def test_ranges_start_at_low() -> None:
    dose = Dose(reps=Span(2, 5), hold_s=Span(10, 30), rest_s=0)
    plan = plan_of(exercise("a", dose))
    assert [s.duration_s for s in plan.steps] == [10.0, 10.0]
    plan = plan_of(exercise("b", Dose(reps=Span(8, 15), tempo_s=2.0)))
    assert plan.steps[0].reps == 8
    assert plan.steps[0].duration_s == 16.0


def test_total_and_estimate_count_counted_reps_at_three_seconds() -> None:
    cat = catalog(exercise("a", hold(30, reps=2, rest_s=10)), exercise("b", reps(10, counted=True)))
    settings = Settings(count_in_s=5)
    plan = build_plan(routine(cat), cat, settings)
    # 5 count-in + 30 + 10 + 30 + 15 between + 10 × 3 counted
    assert plan.total_s == 120.0
    assert estimate_duration_s(routine(cat), cat, settings) == 120
    assert estimate_duration_s(routine(cat), cat) == 120


def test_next_labels_say_what_comes_next() -> None:
    cat = catalog(
        exercise("a", hold(30, reps=2, rest_s=5), sides="each", name="Knee hug"),
        exercise("b", hold(20, sets=2, rest_s=5), name="Bridge"),
    )
    plan = build_plan(routine(cat), cat, Settings(count_in_s=3))
    labels = [(s.kind, s.next_label) for s in plan.steps]
    assert labels == [
        ("count_in", "Next: Knee hug (hold 30 s, left side)"),
        ("hold", "Next: hold 2 of 2"),
        ("rest", "Next: hold 2 of 2"),
        ("hold", "Next: right side"),
        ("switch", "Next: right side"),
        ("hold", "Next: hold 2 of 2"),
        ("rest", "Next: hold 2 of 2"),
        ("hold", "Next: Bridge (hold 20 s)"),
        ("rest", "Next: Bridge (hold 20 s)"),
        ("hold", "Next: set 2 of 2"),
        ("rest", "Next: set 2 of 2"),
        ("hold", "Last step"),
    ]


def test_next_label_for_reps_exercise() -> None:
    cat = catalog(exercise("a", hold(30)), exercise("b", reps(10), name="Clamshell"))
    plan = build_plan(routine(cat), cat, NO_COUNT_IN)
    assert plan.steps[0].next_label == "Next: Clamshell (10 reps)"


def test_plan_helpers_find_exercises_and_their_ends() -> None:
    cat = catalog(exercise("a", hold(30, reps=2, rest_s=5)), exercise("b", reps(5)))
    plan = build_plan(routine(cat), cat, Settings(count_in_s=5))
    # 0 count_in, 1 hold a, 2 rest a, 3 hold a, 4 rest between, 5 reps b
    assert [s.kind for s in plan.steps] == ["count_in", "hold", "rest", "hold", "rest", "reps"]
    assert plan.exercise_at(0) == "a"
    assert plan.exercise_at(4) == "b"
    assert plan.exercise_end(1) == 3
    assert plan.exercise_end(2) == 3
    assert plan.exercise_end(4) == 4
    assert plan.previous_exercise_step(2) == 1
    assert plan.previous_exercise_step(1) is None
    assert plan.previous_exercise_step(5) == 3
    assert plan.leaves_exercise(3, 4)
    assert not plan.leaves_exercise(1, 2)
    assert not plan.leaves_exercise(0, 1)
    assert plan.leaves_exercise(5, 6)
    assert plan.exercise_count == 2
    assert len(plan) == 6


def test_empty_routine_gives_only_the_count_in() -> None:
    cat = catalog()
    assert [s.kind for s in build_plan(routine(cat), cat).steps] == ["count_in"]
    assert build_plan(routine(cat), cat, NO_COUNT_IN).steps == ()


def test_step_estimate() -> None:
    step = plan_of(exercise("a", reps(4, counted=True))).steps[0]
    assert isinstance(step, Step)
    assert step.estimate_s == 12.0


def test_counted_reps_are_estimated_at_the_doses_seconds_per_rep() -> None:
    plan = plan_of(exercise("a", reps(10, counted=True, tempo_s=6.0)))
    (step,) = plan.steps
    assert step.duration_s is None
    assert step.estimate_s == 60.0
    assert plan.total_s == 60.0


# -- settings -----------------------------------------------------------------


def test_settings_defaults() -> None:
    s = Settings()
    assert (s.sound, s.count_in_s, s.affected_side, s.switch_pause_s) == ("auto", 5, "left", 5)
    assert (s.rest_between_s, s.cue_interval_s, s.theme) == (None, 6, "textual-dark")
    assert s.progression is True
    assert s.first_run_ack is False


def test_settings_round_trip() -> None:
    s = Settings(sound="bell", count_in_s=3, affected_side="right", rest_between_s=20)
    assert Settings.from_dict(s.to_dict()) == s


def test_settings_from_dict_ignores_unknown_and_falls_back_on_bad_values() -> None:
    data = {
        "sound": "trumpet",
        "count_in_s": -1,
        "affected_side": "right",
        "switch_pause_s": "5",
        "rest_between_s": 30,
        "cue_interval_s": 0,
        "theme": "",
        "progression": 1,
        "first_run_ack": True,
        "colour": "pink",
    }
    s = Settings.from_dict(data)
    assert s == Settings(affected_side="right", rest_between_s=30, first_run_ack=True)


def test_settings_accepts_null_rest_and_rejects_bools_as_numbers() -> None:
    s = Settings.from_dict({"rest_between_s": None, "count_in_s": True})
    assert s.rest_between_s is None
    assert s.count_in_s == 5
    assert Settings(affected_side="both").first_side == "left"
    assert Settings(affected_side="right").first_side == "right"
