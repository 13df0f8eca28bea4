"""Progression: the rule step by step, its bounds as properties, pins, and the card note."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library.catalog import load_catalog
from unpinch.library.codec import dose_to_dict
from unpinch.library.model import Catalog, Dose, Exercise, Routine, RoutineItem, Span
from unpinch.library.plan import build_plan
from unpinch.library.progression import (
    HOLD_STEP_S,
    PINS_KEY,
    REPS_STEP,
    Target,
    next_targets,
    pin,
    session_outcome,
    targets_as_doses,
    unpin,
)

HOLD = Dose(reps=Span(1, 1), hold_s=Span(10, 30))
REPS = Dose(reps=Span(8, 12), tempo_s=2.0)
BOTH = Dose(reps=Span(2, 4), hold_s=Span(20, 30), sets=2)
FIXED = Dose(reps=Span(1, 1), hold_s=Span(20, 20))
T0 = datetime(2024, 3, 1, 7, 0, tzinfo=UTC)


def exercise(exercise_id: str, dose: Dose) -> Exercise:
    return Exercise(
        id=exercise_id,
        name=exercise_id.title(),
        kind="stretch",
        position="lying_on_back",
        sides="both",
        dose=dose,
        steps=("Move.",),
        cues=("Breathe.",),
        sources=("s",),
    )


CATALOG = Catalog(
    exercises={
        "hold": exercise("hold", HOLD),
        "reps": exercise("reps", REPS),
        "both": exercise("both", BOTH),
        "fixed": exercise("fixed", FIXED),
    }
)
ROUTINE = Routine(
    id="r",
    name="R",
    items=tuple(RoutineItem(e) for e in ("hold", "reps", "both", "fixed")),
)


def played(
    targets: dict[str, Dose] | None,
    *,
    day: int = 0,
    routine_id: str = "r",
    completed: bool = True,
    skipped: bool = False,
    marked: tuple[str, ...] = (),
    legs: tuple[int, int] | None = None,
    exercises: tuple[str, ...] = ("hold", "reps", "both", "fixed"),
) -> dict[str, Any]:
    """A session of the routine in which every exercise went as told."""
    doc: dict[str, Any] = {
        "routine_id": routine_id,
        "started": (T0 + timedelta(days=day)).isoformat(),
        "status": "completed" if completed else "stopped",
        "steps": [
            {
                "exercise_id": e,
                "side": "both",
                "completed": completed,
                "skipped": skipped,
                "marked": False,
            }
            for e in exercises
        ],
        "marks": [{"exercise_id": e, "side": "both", "at": T0.isoformat()} for e in marked],
    }
    if targets is not None:
        doc["targets"] = {k: dose_to_dict(v) for k, v in targets.items()}
    if legs is not None:
        doc["before"] = {"leg": legs[0], "back": 2, "note": ""}
        doc["after"] = {"leg": legs[1], "back": 2, "note": ""}
    return doc


def fixed(dose: Dose, hold: int | None, reps: int) -> Dose:
    return replace(dose, hold_s=None if hold is None else Span(hold, hold), reps=Span(reps, reps))


def amounts(dose: Dose) -> tuple[int, int]:
    return (dose.hold_s.low if dose.hold_s else 0), dose.reps.low


# --- the rule, step by step --------------------------------------------------------


def test_a_new_user_starts_at_the_low_end_of_ranged_exercises_only() -> None:
    targets = next_targets(ROUTINE, CATALOG, [], {})
    assert set(targets) == {"hold", "reps", "both"}
    assert targets["hold"].dose == fixed(HOLD, 10, 1)
    assert targets["reps"].dose == fixed(REPS, None, 8)
    assert targets["both"].dose == fixed(BOTH, 20, 2)
    assert all(t.change == "same" and t.previous is None for t in targets.values())
    assert all(t.note() == "" for t in targets.values())


def test_a_clean_session_grows_each_ranged_exercise_one_step() -> None:
    last = {"hold": fixed(HOLD, 15, 1), "reps": fixed(REPS, None, 9), "both": fixed(BOTH, 20, 2)}
    targets = next_targets(ROUTINE, CATALOG, [played(last)], {})
    assert targets["hold"].dose == fixed(HOLD, 20, 1)
    assert targets["reps"].dose == fixed(REPS, None, 10)
    assert targets["both"].dose == fixed(BOTH, 25, 2)  # hold grows before reps
    assert {t.change for t in targets.values()} == {"up"}
    assert targets["hold"].previous == fixed(HOLD, 15, 1)
    assert targets["hold"].note() == "Hold 20 s — up from 15 s"
    assert targets["reps"].note() == "10 reps — up from 9 reps"


def test_steps_are_documented_sizes() -> None:
    assert (HOLD_STEP_S, REPS_STEP) == (5, 1)


def test_an_old_session_without_targets_counts_as_played_at_the_low_end() -> None:
    targets = next_targets(ROUTINE, CATALOG, [played(None)], {})
    assert targets["hold"].previous == fixed(HOLD, 10, 1)
    assert targets["hold"].dose == fixed(HOLD, 15, 1)


def test_growth_stops_at_the_top_and_reps_follow_a_full_hold() -> None:
    last = {"hold": fixed(HOLD, 30, 1), "reps": fixed(REPS, None, 12), "both": fixed(BOTH, 30, 3)}
    targets = next_targets(ROUTINE, CATALOG, [played(last)], {})
    assert targets["hold"].dose == fixed(HOLD, 30, 1)
    assert targets["hold"].change == "same"
    assert targets["reps"].change == "same"
    assert targets["both"].dose == fixed(BOTH, 30, 4)
    assert targets["both"].note() == "4 holds — up from 3 holds"


def test_a_mark_steps_back_and_only_for_the_marked_exercise() -> None:
    last = {"hold": fixed(HOLD, 20, 1), "reps": fixed(REPS, None, 12), "both": fixed(BOTH, 30, 3)}
    targets = next_targets(ROUTINE, CATALOG, [played(last, marked=("reps", "both"))], {})
    assert targets["hold"].dose == fixed(HOLD, 25, 1)
    assert targets["reps"].dose == fixed(REPS, None, 11)
    assert targets["reps"].note() == "11 reps — down from 12 reps"
    assert targets["both"].dose == fixed(BOTH, 30, 2)  # reps come off before hold
    assert targets["both"].change == "down"


def test_a_mark_on_the_step_record_also_counts() -> None:
    doc = played({"hold": fixed(HOLD, 20, 1)})
    doc["steps"][0]["marked"] = True
    assert session_outcome(doc, "hold") == "down"


def test_a_rise_in_leg_pain_steps_back_and_equal_pain_does_not() -> None:
    last = {"hold": fixed(HOLD, 20, 1)}
    risen = next_targets(ROUTINE, CATALOG, [played(last, legs=(3, 4))], {})
    assert risen["hold"].dose == fixed(HOLD, 15, 1)
    assert risen["hold"].note() == "Hold 15 s — down from 20 s"
    steady = next_targets(ROUTINE, CATALOG, [played(last, legs=(3, 3))], {})
    assert steady["hold"].dose == fixed(HOLD, 25, 1)


def test_never_below_the_low_end() -> None:
    last = {"hold": fixed(HOLD, 10, 1)}
    targets = next_targets(ROUTINE, CATALOG, [played(last, marked=("hold",))], {})
    assert targets["hold"].dose == fixed(HOLD, 10, 1)
    assert targets["hold"].change == "same"


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({"completed": False}, "same"),  # stopped before finishing it
        ({"skipped": True}, "same"),  # skipped: no growth, no blame
        ({"exercises": ("reps",)}, "same"),  # not in that session at all
        ({"skipped": True, "legs": (2, 6)}, "same"),  # pain rose but it was not done
    ],
)
def test_unfinished_exercises_stay_the_same(changes: dict[str, Any], outcome: str) -> None:
    doc = played({"hold": fixed(HOLD, 20, 1)}, **changes)
    assert session_outcome(doc, "hold") == outcome
    target = next_targets(ROUTINE, CATALOG, [doc], {})["hold"]
    assert target.dose == fixed(HOLD, 20, 1)
    assert target.note() == ""


def test_only_the_latest_session_of_this_routine_is_read() -> None:
    older = played({"hold": fixed(HOLD, 25, 1)}, day=0)
    latest = played({"hold": fixed(HOLD, 15, 1)}, day=2)
    other = played({"hold": fixed(HOLD, 30, 1)}, day=3, routine_id="other")
    targets = next_targets(ROUTINE, CATALOG, [latest, other, older], {})
    assert targets["hold"].dose == fixed(HOLD, 20, 1)


def test_a_previous_target_outside_an_edited_range_is_pulled_back_in() -> None:
    last = {"hold": fixed(HOLD, 45, 1)}
    targets = next_targets(ROUTINE, CATALOG, [played(last)], {})
    assert targets["hold"].dose == fixed(HOLD, 30, 1)


def test_a_broken_stored_target_counts_as_the_low_end() -> None:
    doc = played(None)
    doc["targets"] = {"hold": {"hold_s": -3}}
    assert next_targets(ROUTINE, CATALOG, [doc], {})["hold"].dose == fixed(HOLD, 15, 1)


def test_a_routine_items_own_dose_is_the_range() -> None:
    routine = Routine("r", "R", (RoutineItem("fixed", Dose(hold_s=Span(5, 15))),))
    last = {"fixed": Dose(hold_s=Span(10, 10))}
    target = next_targets(routine, CATALOG, [played(last, exercises=("fixed",))], {})["fixed"]
    assert target.dose.hold_s == Span(15, 15)


# --- pins and switching off ---------------------------------------------------------


def test_pinned_doses_are_used_exactly_even_for_fixed_or_switched_off_exercises() -> None:
    pinned = Dose(reps=Span(2, 2), hold_s=Span(45, 45), sets=3)
    pins = {"fixed": dose_to_dict(pinned), "hold": dose_to_dict(pinned), "elsewhere": {}}
    for enabled in (True, False):
        targets = next_targets(ROUTINE, CATALOG, [played(None)], pins, enabled=enabled)
        assert targets["fixed"].dose == pinned
        assert targets["hold"].dose == pinned
        assert targets["hold"].change == "pinned"
        assert targets["hold"].note() == "Hold 45 s × 2 — pinned"
        assert "elsewhere" not in targets


def test_a_pin_that_does_not_validate_is_ignored() -> None:
    targets = next_targets(ROUTINE, CATALOG, [], {"hold": {"hold_s": "long"}})
    assert targets["hold"].change == "same"
    assert targets["hold"].dose == fixed(HOLD, 10, 1)


def test_switched_off_means_the_low_end_whatever_happened() -> None:
    last = {"hold": fixed(HOLD, 25, 1), "reps": fixed(REPS, None, 11)}
    targets = next_targets(ROUTINE, CATALOG, [played(last)], {}, enabled=False)
    assert targets["hold"].dose == fixed(HOLD, 10, 1)
    assert targets["reps"].dose == fixed(REPS, None, 8)
    assert all(t.change == "same" and t.note() == "" for t in targets.values())


def test_pin_and_unpin_are_pure_and_keep_other_pins() -> None:
    store_settings: dict[str, Any] = {"theme": "dark", PINS_KEY: {"a": {"reps": 3}}}
    pinned = pin(store_settings, "b", FIXED)
    assert pinned == {"a": {"reps": 3}, "b": dose_to_dict(FIXED)}
    assert store_settings[PINS_KEY] == {"a": {"reps": 3}}
    assert pin({}, "c", {"reps": 5}) == {"c": {"reps": 5}}
    assert unpin({PINS_KEY: pinned}, "a") == {"b": dose_to_dict(FIXED)}
    assert unpin({}, "a") == {}
    assert pinned == {"a": {"reps": 3}, "b": dose_to_dict(FIXED)}


def test_targets_feed_build_plan() -> None:
    catalog = load_catalog()
    routine = next(r for r in catalog.routines.values() if _has_hold_range(r, catalog))
    item = next(i for i in routine.items if _hold_range(catalog.dose_for(i)))
    targets = next_targets(routine, catalog, [], {})
    grown = Target(item.exercise_id, fixed(catalog.dose_for(item), 99, 1), None, "up")
    doses = targets_as_doses({**targets, item.exercise_id: grown})
    plan = build_plan(routine, catalog, targets=doses)
    holds = [s for s in plan.steps if s.exercise_id == item.exercise_id and s.kind == "hold"]
    assert holds and all(s.duration_s == 99 for s in holds)


def _hold_range(dose: Dose) -> bool:
    return dose.hold_s is not None and not dose.hold_s.fixed


def _has_hold_range(routine: Routine, catalog: Catalog) -> bool:
    return any(_hold_range(catalog.dose_for(i)) for i in routine.items)


# --- properties of the bounds -------------------------------------------------------

spans = st.tuples(st.integers(1, 120), st.integers(0, 60)).map(lambda t: Span(t[0], t[0] + t[1]))


@st.composite
def ranged_doses(draw: st.DrawFn) -> Dose:
    reps = draw(spans.filter(lambda s: s.high <= 200))
    hold = draw(st.none() | spans)
    assume_ranged = not reps.fixed or (hold is not None and not hold.fixed)
    if not assume_ranged:
        reps = Span(reps.low, reps.low + 1)
    return Dose(reps=reps, hold_s=hold, sets=draw(st.integers(1, 4)))


@st.composite
def previous_within(draw: st.DrawFn, dose: Dose) -> Dose:
    reps = draw(st.integers(dose.reps.low, dose.reps.high))
    hold = None if dose.hold_s is None else draw(st.integers(dose.hold_s.low, dose.hold_s.high))
    return fixed(dose, hold, reps)


legs_any = st.none() | st.tuples(st.integers(0, 10), st.integers(0, 10))
legs_steady = st.none() | st.integers(0, 10).flatmap(
    lambda before: st.tuples(st.just(before), st.integers(0, before))
)
legs_risen = st.integers(0, 9).flatmap(
    lambda before: st.tuples(st.just(before), st.integers(before + 1, 10))
)


@st.composite
def cases(draw: st.DrawFn, kind: str = "any") -> tuple[Dose, Dose, dict[str, Any]]:
    """A ranged dose, a previous target inside it, and a session of the given kind.

    "clean": completed, no mark, leg pain not up; "hurt": a mark, or leg pain up
    after the exercise was done; "any": anything at all.
    """
    dose = draw(ranged_doses())
    previous = draw(previous_within(dose))
    if kind == "clean":
        completed, skipped, mark, legs = True, False, False, draw(legs_steady)
    elif kind == "hurt":
        mark = draw(st.booleans())
        completed, skipped = draw(st.booleans()), False
        legs = draw(legs_any if mark else legs_risen)
    else:
        completed, skipped, mark = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
        legs = draw(legs_any)
    session = played(
        {"x": previous},
        exercises=("x",),
        completed=completed,
        skipped=skipped,
        marked=("x",) if mark else (),
        legs=legs,
    )
    return dose, previous, session


def run_rule(
    dose: Dose, session: dict[str, Any], pins: dict[str, Any] | None = None, enabled: bool = True
) -> Target:
    catalog = Catalog(exercises={"x": exercise("x", dose)})
    routine = Routine("r", "R", (RoutineItem("x"),))
    return next_targets(routine, catalog, [session], pins or {}, enabled=enabled)["x"]


def within(dose: Dose, base: Dose) -> bool:
    hold_ok = base.hold_s is None or (
        dose.hold_s is not None and base.hold_s.low <= dose.hold_s.low <= base.hold_s.high
    )
    return hold_ok and base.reps.low <= dose.reps.low <= base.reps.high


@settings(max_examples=300)
@given(cases())
def test_the_target_never_leaves_the_range(case: tuple[Dose, Dose, dict[str, Any]]) -> None:
    dose, _, session = case
    target = run_rule(dose, session)
    assert within(target.dose, dose)
    assert target.dose.hold_s is None or target.dose.hold_s.fixed
    assert target.dose.reps.fixed
    assert (target.dose.sets, target.dose.rest_s) == (dose.sets, dose.rest_s)


@settings(max_examples=300)
@given(cases("hurt"))
def test_a_mark_or_more_leg_pain_never_increases_it(
    case: tuple[Dose, Dose, dict[str, Any]],
) -> None:
    dose, previous, session = case
    target = run_rule(dose, session)
    now, was = amounts(target.dose), amounts(previous)
    assert now[0] <= was[0] and now[1] <= was[1]
    assert target.change in ("down", "same")


@settings(max_examples=300)
@given(cases("clean"))
def test_a_clean_session_never_decreases_it(case: tuple[Dose, Dose, dict[str, Any]]) -> None:
    dose, previous, session = case
    target = run_rule(dose, session)
    now, was = amounts(target.dose), amounts(previous)
    assert now[0] >= was[0] and now[1] >= was[1]
    top = fixed(dose, None if dose.hold_s is None else dose.hold_s.high, dose.reps.high)
    at_top = was == amounts(top)
    assert target.change == ("same" if at_top else "up")
    assert (now != was) is (not at_top)


@given(cases(), ranged_doses(), st.booleans())
def test_pinned_doses_are_always_used_exactly(
    case: tuple[Dose, Dose, dict[str, Any]], pinned: Dose, enabled: bool
) -> None:
    dose, _, session = case
    target = run_rule(dose, session, {"x": dose_to_dict(pinned)}, enabled)
    assert target.dose == pinned
    assert target.change == "pinned"


@given(cases())
def test_switched_off_is_always_the_low_end(case: tuple[Dose, Dose, dict[str, Any]]) -> None:
    dose, _, session = case
    target = run_rule(dose, session, enabled=False)
    low = dose.hold_s.low if dose.hold_s else 0
    assert amounts(target.dose) == (low, dose.reps.low)
    assert target.change == "same"


@given(cases())
def test_the_rule_is_deterministic(case: tuple[Dose, Dose, dict[str, Any]]) -> None:
    dose, _, session = case
    assert run_rule(dose, session) == run_rule(dose, session)
