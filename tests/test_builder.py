"""The routine builder's pure helpers: checked values, ids, copies and item edits."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.builder import (
    DOSE_LIMITS,
    NAME_MAX,
    check_dose_value,
    check_name,
    dose_conflict,
    duplicate,
    estimated_duration_s,
    new_routine_id,
    with_item_added,
    with_item_dose,
    with_item_moved,
    with_item_removed,
)
from unpinch.library.catalog import load_catalog
from unpinch.library.codec import ID_PATTERN, dose_from_dict
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.plan import estimate_duration_s
from unpinch.library.settings import Settings

CATALOG = load_catalog()
SEVEN = CATALOG.routines["pinched-nerve-seven"]

# --- check_dose_value ----------------------------------------------------------------

WORDS = {
    "hold_s": "hold",
    "reps": "reps",
    "sets": "sets",
    "rest_s": "rest",
    "tempo_s": "tempo",
    "rest_between_s": "rest between exercises",
}


def test_limits_cover_every_dose_number_and_unpack_as_triples() -> None:
    assert set(DOSE_LIMITS) == set(WORDS)
    low, high, unit = DOSE_LIMITS["hold_s"]
    assert (low, high, unit) == (1, 600, "s")
    assert DOSE_LIMITS["reps"].unit == ""


@pytest.mark.parametrize("field", sorted(WORDS))
def test_both_ends_of_each_range_are_accepted(field: str) -> None:
    low, high, _ = DOSE_LIMITS[field]
    for bound in (low, high):
        value, reason = check_dose_value(field, f" {bound:g} ")
        assert reason is None
        assert value == bound


@pytest.mark.parametrize("field", sorted(WORDS))
def test_values_outside_a_range_are_refused_with_the_range(field: str) -> None:
    low, high, unit = DOSE_LIMITS[field]
    for outside in (low - 1, high + 1):
        value, reason = check_dose_value(field, f"{outside:g}")
        assert value is None
        assert reason == f"{WORDS[field]} must be between {low:g} and {high:g} {unit}".rstrip()


@pytest.mark.parametrize("field", sorted(WORDS))
@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1e999", "12 s"])
def test_text_that_is_not_a_number_is_refused(field: str, text: str) -> None:
    value, reason = check_dose_value(field, text)
    assert value is None
    assert reason is not None
    assert reason.startswith(f"{WORDS[field]} must be a number")


@pytest.mark.parametrize("field", sorted(set(WORDS) - {"tempo_s"}))
def test_whole_number_fields_refuse_decimals(field: str) -> None:
    value, reason = check_dose_value(field, "2.5")
    assert value is None
    assert reason is not None
    assert "whole number" in reason


def test_hold_example_reason_and_typed_values() -> None:
    assert check_dose_value("hold_s", "0") == (None, "hold must be between 1 and 600 s")
    assert check_dose_value("hold_s", "-5")[1] == "hold must be between 1 and 600 s"
    value, reason = check_dose_value("reps", "12")
    assert (value, reason) == (12, None)
    assert isinstance(value, int)


def test_tempo_takes_decimals_with_a_point_or_comma() -> None:
    assert check_dose_value("tempo_s", "2.5") == (2.5, None)
    assert check_dose_value("tempo_s", "2,5") == (2.5, None)
    assert check_dose_value("tempo_s", "0.4")[1] == "tempo must be between 0.5 and 30 s"


def test_unknown_field_is_refused() -> None:
    value, reason = check_dose_value("sides", "each")
    assert value is None
    assert reason == "there is no dose field called 'sides'"


@given(st.sampled_from(["hold_s", "reps", "sets", "rest_s"]), st.integers(-1000, 1000))
def test_builder_accepts_exactly_what_the_codec_accepts(field: str, number: int) -> None:
    value, _ = check_dose_value(field, str(number))
    try:
        dose_from_dict({field: number}, "x")
        codec_ok = True
    except ValueError:
        codec_ok = False
    assert (value is not None) == codec_ok


# --- names and conflicts --------------------------------------------------------------


def test_check_name() -> None:
    assert check_name("Morning") is None
    assert check_name("   ") == "name must not be empty"
    assert check_name("x" * NAME_MAX) is None
    assert (
        check_name("x" * (NAME_MAX + 1))
        == f"name must be at most 80 characters, got {NAME_MAX + 1}"
    )


def test_a_counted_hold_is_a_conflict() -> None:
    assert dose_conflict(Dose(reps=Span(10, 10), counted=True)) is None
    assert dose_conflict(Dose(hold_s=Span(20, 20))) is None
    reason = dose_conflict(Dose(hold_s=Span(20, 20), counted=True))
    assert reason is not None
    assert reason.startswith("counted cannot be true for a hold")


# --- ids and copies -------------------------------------------------------------------


def test_new_id_is_a_slug_of_the_name() -> None:
    assert new_routine_id("My Evening Wind-down!", ()) == "my-evening-wind-down"
    assert new_routine_id("Mañana — stretch", ()) == "manana-stretch"
    assert new_routine_id("✓✓✓", ()) == "routine"
    assert len(new_routine_id("word " * 40, ())) <= 48


def test_new_id_skips_taken_ones() -> None:
    taken = {"morning", "morning-2"}
    assert new_routine_id("Morning", taken) == "morning-3"
    assert new_routine_id("Evening", taken) == "evening"


@given(st.text(max_size=120), st.sets(st.sampled_from(["routine", "a", "a-2", "x-y", "routine-2"])))
def test_new_ids_are_valid_and_unique(name: str, taken: set[str]) -> None:
    made = new_routine_id(name, taken)
    assert ID_PATTERN.fullmatch(made)
    assert made not in taken


def test_duplicate_makes_a_user_copy_with_a_fresh_id() -> None:
    taken = set(CATALOG.routines)
    copy = duplicate(SEVEN, taken)
    assert copy.name == "Copy of Pinched-nerve stretches and exercises"
    assert copy.id == "copy-of-pinched-nerve-stretches-and-exercises"
    assert copy.builtin is False
    assert copy.items == SEVEN.items
    again = duplicate(SEVEN, taken | {copy.id})
    assert again.id == "copy-of-pinched-nerve-stretches-and-exercises-2"


def test_duplicate_keeps_long_names_within_the_limit() -> None:
    long = Routine("long", "n" * NAME_MAX, (RoutineItem("bridge"),))
    copy = duplicate(long, {"long"})
    assert len(copy.name) == NAME_MAX
    assert copy.name.startswith("Copy of nnn")
    assert copy.name.endswith("…")
    assert check_name(copy.name) is None


# --- item edits ------------------------------------------------------------------------


def test_add_inserts_at_the_index_and_leaves_the_original() -> None:
    added = with_item_added(SEVEN, 1, "pelvic-tilt")
    assert added.items[1] == RoutineItem("pelvic-tilt")
    assert added.items[0] == SEVEN.items[0]
    assert len(added.items) == len(SEVEN.items) + 1
    assert len(SEVEN.items) == 8
    appended = with_item_added(SEVEN, 99, "bridge", Dose(hold_s=Span(5, 5)))
    assert appended.items[-1] == RoutineItem("bridge", Dose(hold_s=Span(5, 5)))


def test_remove_takes_out_one_item() -> None:
    removed = with_item_removed(SEVEN, 0)
    assert removed.items == SEVEN.items[1:]
    with pytest.raises(IndexError, match="no item 8"):
        with_item_removed(SEVEN, 8)


@given(st.integers(0, 7), st.integers(-3, 10))
def test_move_keeps_every_item(index: int, to_index: int) -> None:
    moved = with_item_moved(SEVEN, index, to_index)
    assert Counter(moved.items) == Counter(SEVEN.items)
    assert moved.items[max(0, min(to_index, 7))] == SEVEN.items[index]


def test_move_up_and_down() -> None:
    down = with_item_moved(SEVEN, 0, 1)
    assert [i.exercise_id for i in down.items[:2]] == ["figure-four-stretch", "knee-to-chest"]
    assert with_item_moved(down, 1, 0) == SEVEN
    with pytest.raises(IndexError):
        with_item_moved(SEVEN, -1, 0)


def test_dose_is_set_and_cleared() -> None:
    dose = Dose(hold_s=Span(45, 60), reps=Span(2, 2))
    changed = with_item_dose(SEVEN, 2, dose)
    assert changed.items[2] == RoutineItem("seated-hip-stretch", dose)
    assert with_item_dose(changed, 2, None).items[2] == RoutineItem("seated-hip-stretch")
    with pytest.raises(IndexError):
        with_item_dose(SEVEN, 10, None)


def test_estimated_duration_follows_the_plan_and_grows_with_items() -> None:
    settings = Settings(count_in_s=3)
    assert estimated_duration_s(SEVEN, CATALOG, settings) == estimate_duration_s(
        SEVEN, CATALOG, settings
    )
    longer = with_item_added(SEVEN, 7, "bridge")
    assert estimated_duration_s(longer, CATALOG) > estimated_duration_s(SEVEN, CATALOG)
    assert estimated_duration_s(Routine("e", "Empty", ()), CATALOG) == 0
