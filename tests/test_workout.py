"""A workout from its routine to its record: swaps, doses, pins, resume and the record after."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import hold, reps
from tests.fakes import FakeClock, catalog, exercise
from unpinch.library.codec import dose_to_dict
from unpinch.library.describe import HURT_MARK
from unpinch.library.model import Catalog, Dose, Span
from unpinch.library.player import Player
from unpinch.library.session import CheckIn, SessionRecord, session_to_dict
from unpinch.library.settings import Settings
from unpinch.library.store import Store
from unpinch.library.workout import (
    EasierOffer,
    Workout,
    finished_as_is,
    open_workout,
    resumable,
    resume_plan,
    resumed_workout,
)
from unpinch.library.workspace import Workspace

STARTED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SETTINGS = Settings(count_in_s=5, switch_pause_s=5)
RANGED = Dose(reps=Span(1, 1), hold_s=Span(10, 30), rest_s=5)


def the_catalog() -> Catalog:
    """Routine "r": a ranged hold "a" (easier: "a-easy"), then reps "b" on each side."""
    cat = catalog(
        replace(exercise("a", RANGED), easier=("a-easy",)),
        exercise("b", reps(3, tempo_s=2.0), sides="each"),
        rest_between_s=10,
    )
    easy = exercise("a-easy", hold(8))
    return replace(cat, exercises={**cat.exercises, "a-easy": easy})


def play(workout: Workout, seconds: float) -> tuple[Player, SessionRecord]:
    """Play ``workout`` for ``seconds`` on a fake clock; the player and the record then."""
    clock = FakeClock()
    player = workout.play(clock, STARTED)
    clock.advance(seconds)
    player.update()
    return player, workout.record(player, STARTED + timedelta(seconds=seconds))


def fresh(last: SessionRecord | None = None, **pins: Dose) -> Workout:
    """A new workout of routine "r"."""
    cat = the_catalog()
    return Workout(cat.routines["r"], cat, replace(SETTINGS, pinned_doses=pins), last)


def test_a_first_workout_offers_nothing_and_starts_ranges_at_the_low_end() -> None:
    workout = fresh()
    assert workout.marked == () and workout.easier_offers() == []
    plan = workout.build()
    assert plan.steps[1].duration_s == 10
    assert workout.flags("a") == []


def test_what_hurt_last_time_is_flagged_and_offered_an_easier_variant() -> None:
    player, _ = play(fresh(), 12)
    player.mark_hurts()
    player.stop()
    last = fresh().record(player, STARTED)
    workout = fresh(last)
    assert workout.marked == ("a",)
    assert workout.easier_offers() == [EasierOffer("a", "A", "a-easy", "A-Easy")]
    assert f"{HURT_MARK} — go gently" in workout.flags("a")


def test_a_swap_plays_the_easier_exercise_at_its_own_dose_and_is_recorded() -> None:
    workout = fresh()
    workout.swaps = {"a": "a-easy"}
    workout.before = CheckIn(3, 2, "stiff")
    _, record = play(workout, 5)
    assert workout.build().steps[1].exercise_id == "a-easy"
    assert workout.build().steps[1].duration_s == 8
    assert record.swaps == {"a": "a-easy"} and record.before == CheckIn(3, 2, "stiff")
    assert set(record.targets) == {"a-easy", "b"}


def test_a_clean_session_moves_the_next_target_up_and_says_so() -> None:
    _, done = play(fresh(), 600)
    assert done.status == "completed"
    workout = fresh(done)
    assert workout.build().steps[1].duration_s == 15
    assert workout.flags("a") == ["Hold 15 s — up from 10 s"]


def test_a_pin_is_played_exactly() -> None:
    pinned = Dose(reps=Span(1, 1), hold_s=Span(25, 25), rest_s=5)
    workout = fresh(a=pinned)
    assert workout.build().steps[1].duration_s == 25
    assert workout.doses["a"] == pinned
    assert workout.pin_toggled("a").pinned_doses == {}


def test_pinning_keeps_the_dose_played_now() -> None:
    workout = fresh()
    workout.build()
    assert workout.pin_toggled("a").pinned_doses == {"a": workout.doses["a"]}


def test_the_record_after_carries_the_check_in_after() -> None:
    workout = fresh()
    player, _ = play(workout, 600)
    record = workout.record(player, STARTED, after=CheckIn(1, 1))
    assert record.after == CheckIn(1, 1) and record.status == "completed"
    assert (record.exercises, record.exercises_completed) == (2, 2)


# --- resuming ----------------------------------------------------------------------


def interrupted(seconds: float = 27) -> SessionRecord:
    """A session of "r" cut off after ``seconds`` (in "b", left side, at 27 s), with an id."""
    workout = fresh()
    workout.swaps = {}
    workout.before = CheckIn(4, 4)
    _, record = play(workout, seconds)
    return replace(record, id="s1")


def test_a_resumed_workout_starts_where_it_was_cut_off_with_the_same_doses() -> None:
    cut = interrupted()
    cat = the_catalog()
    workout = Workout(cat.routines["r"], cat, SETTINGS, resumed=cut)
    assert workout.start_index == cut.resume_index == 3
    assert workout.easier_offers() == [] and workout.before == CheckIn(4, 4)
    clock = FakeClock()
    player = workout.play(clock, STARTED)
    assert player.index == 0, "a resumed workout counts in first"
    clock.advance(SETTINGS.count_in_s)
    player.update()
    assert player.index == 3
    assert workout.doses == dict(cut.targets)


def test_a_resumed_record_joins_the_interrupted_one() -> None:
    cut = interrupted()
    cat = the_catalog()
    workout = Workout(cat.routines["r"], cat, SETTINGS, resumed=cut)
    _, record = play(workout, 600)
    assert (record.id, record.started, record.before) == ("s1", cut.started, CheckIn(4, 4))
    assert record.steps[0] == cut.steps[0]  # before the resume point: as saved
    assert record.status == "completed" and record.resume_index is None
    # The resumed run's count-in is active time too, like the first run's.
    assert record.duration_s == round(cut.duration_s + SETTINGS.count_in_s + 17.0, 1)
    assert (record.exercises_completed, record.exercises_skipped) == (2, 0)


def test_finished_as_is_is_stopped_without_a_resume_point() -> None:
    closed = finished_as_is(interrupted())
    assert (closed.status, closed.resume_index, closed.id) == ("stopped", None, "s1")
    assert not closed.resumable


def test_resumable_is_the_newest_session_only_when_it_was_cut_off() -> None:
    cut, done = session_to_dict(interrupted()), session_to_dict(finished_as_is(interrupted()))
    assert resumable([done, cut]) == interrupted()
    assert resumable([cut, done]) is None
    assert resumable([]) is None
    assert resumable([{**cut, "started": "never"}]) is None


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        ({}, True),
        ({"routine_id": "gone"}, False),
        ({"swaps": {"a": "missing"}}, False),
        ({"resume_index": 99}, False),
    ],
)
def test_resume_plan_is_none_when_the_session_can_no_longer_be_rebuilt(
    change: dict[str, object], rebuilt: bool
) -> None:
    record = replace(interrupted(), **change)  # type: ignore[arg-type]
    plan = resume_plan(the_catalog(), SETTINGS, record)
    assert (plan is not None) is rebuilt


def test_open_workout_reads_the_last_session_from_the_store_and_pins_from_settings() -> None:
    store = Store.in_memory()
    pinned = Dose(reps=Span(1, 1), hold_s=Span(20, 20), rest_s=5)
    store.set_setting("pinned_doses", {"a": dose_to_dict(pinned)})
    space = Workspace(the_catalog(), store, Settings.from_dict(store.settings()))
    player, _ = play(fresh(), 12)
    player.mark_hurts()
    player.stop()
    store.add_session(session_to_dict(fresh().record(player, STARTED)))
    workout = open_workout(space, "r")
    assert workout.marked == ("a",)
    assert workout.build().steps[1].duration_s == 20
    again = resumed_workout(space, interrupted())
    assert again.resumed is not None and again.start_index == 3
