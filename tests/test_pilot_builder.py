"""Pilot tests of the routine builder: create, copy, rename, add, remove, reorder, doses, delete.

Every test drives the real app from the home screen with the keyboard, on a
fresh data file under ``tmp_path``, and checks what the user sees and what the
store holds afterwards (read back through a fresh Store).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.pilot_helpers import (
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    ROUTINE_NAME,
    Rig,
    drive,
    make_rig,
    notices,
    press,
    routine_rows,
    seed,
    shows_name,
    widget_text,
)
from unpinch.library.catalog import load_catalog
from unpinch.library.codec import dose_to_dict
from unpinch.library.model import Dose, Exercise, Span
from unpinch.library.store import Store
from unpinch.tui.screens.builder import BuilderScreen, UnsavedScreen
from unpinch.tui.screens.confirm import ConfirmScreen
from unpinch.tui.screens.dose_editor import DoseEditor, check_field, dose_from_fields, field_text
from unpinch.tui.screens.exercise_picker import ExercisePicker, matches
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.routine_conflict import RoutineConflictScreen
from unpinch.tui.widgets.builder_items import BuilderItems
from unpinch.tui.widgets.routine_list import RoutineList

CATALOG = load_catalog()
EXERCISES = CATALOG.exercises
SEEDED_IDS = ["lower-back-rotation", "squat", "in-bed-knee-rocks"]


def rig_for(tmp_path: Path) -> Rig:
    """The app on a data file holding the pilot routine (a user routine of three exercises)."""
    db = tmp_path / "unpinch.json"
    seed(db, settings={**DEFAULT_SETTINGS, "first_run_ack": True})
    return make_rig(db)


def stored(db: Path) -> dict[str, dict[str, Any]]:
    """The user routines in the data file, by id, read through a fresh store."""
    with Store.open(db) as store:
        return {doc["id"]: doc for doc in store.routines()}


def builder(rig: Rig) -> BuilderScreen:
    """The builder screen, which must be the current screen."""
    screen = rig.app.screen
    assert isinstance(screen, BuilderScreen), screen
    return screen


def item_ids(rig: Rig) -> list[str]:
    """The exercise ids of the routine being built, in order."""
    return [item.exercise_id for item in builder(rig).routine.items]


async def open_builder(pilot: Pilot[int], rig: Rig, routine_id: str) -> BuilderScreen:
    """Highlight ``routine_id`` on the home screen and press e to edit (or copy) it."""
    assert isinstance(rig.app.screen, HomeScreen)
    routines = rig.app.screen.query_one(RoutineList)
    ids = [routines.get_option_at_index(i).id for i in range(routines.option_count)]
    routines.highlighted = ids.index(routine_id)
    await press(pilot, "e")
    return builder(rig)


async def add_exercise(pilot: Pilot[int], rig: Rig, typed: str) -> None:
    """Press a, type ``typed`` into the picker's filter and add the first match."""
    await press(pilot, "a")
    assert isinstance(rig.app.screen, ExercisePicker)
    await press(pilot, *typed)
    await press(pilot, "enter")
    await pilot.pause()


async def set_field(pilot: Pilot[int], rig: Rig, field: str, text: str) -> None:
    """Replace one dose field's text, as if typed after clearing the box."""
    box = rig.app.screen.query_one(f"#dose-{field}", Input)
    box.focus()
    box.value = ""
    await pilot.pause()
    await press(pilot, *text)


def status(rig: Rig) -> str:
    """The builder's status line: count, estimated duration and saved state."""
    return widget_text(rig.app, "#builder-status")


# -- create -------------------------------------------------------------------------------


def test_create_names_adds_two_exercises_saves_and_home_lists_it(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "c")
        screen = builder(rig)
        assert screen.query_one("#builder-name", Input).has_focus
        assert "No exercises yet" in status(rig)
        await press(pilot, *"PT plan", "enter")
        assert screen.query_one(BuilderItems).has_focus
        await add_exercise(pilot, rig, "clamshell")
        await add_exercise(pilot, rig, "bird dog")
        assert item_ids(rig) == ["clamshell", "bird-dog"]
        assert "2 exercises · about" in status(rig)
        assert "unsaved changes" in status(rig)
        await press(pilot, "ctrl+s")
        assert "· saved" in status(rig)
        assert "Saved “PT plan”." in notices(rig.app)
        doc = stored(rig.db_path)["pt-plan"]
        assert doc["name"] == "PT plan"
        assert [item["exercise"] for item in doc["items"]] == ["clamshell", "bird-dog"]
        assert doc["builtin"] is False
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)
        assert "PT plan" in routine_rows(rig.app)["pt-plan"]

    drive(rig, body)


def test_a_new_routine_needs_a_name_and_an_exercise_before_it_saves(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "c", "enter", "ctrl+s")
        assert any("Give the routine a name" in n for n in notices(rig.app))
        await press(pilot, "e", *"Evening", "enter", "ctrl+s")
        assert any("Add at least one exercise" in n for n in notices(rig.app))
        assert set(stored(rig.db_path)) == {ROUTINE_ID}
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, UnsavedScreen)

    drive(rig, body)


def test_leaving_an_untouched_new_routine_asks_nothing_and_saves_nothing(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "c", "escape")
        assert isinstance(rig.app.screen, HomeScreen)
        assert set(stored(rig.db_path)) == {ROUTINE_ID}

    drive(rig, body)


def test_the_picker_filters_by_name_and_alias_and_escape_adds_nothing(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "a")
        picker = rig.app.screen
        assert isinstance(picker, ExercisePicker)
        shown = picker.query_one("#picker-list")
        assert shown.option_count == len(EXERCISES)  # type: ignore[attr-defined]
        await press(pilot, *"nerve floss")
        assert shown.get_option_at_index(0).id == "straight-leg-raise-glide"  # type: ignore[attr-defined]
        assert shown.option_count == 1  # type: ignore[attr-defined]
        await press(pilot, *"zzz")
        assert "Nothing matches" in widget_text(rig.app, "#picker-count")
        await press(pilot, "escape")
        assert item_ids(rig) == SEEDED_IDS
        assert "saved" in status(rig) and "unsaved" not in status(rig)

    drive(rig, body)


def test_added_exercise_goes_at_the_end_and_is_highlighted(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await add_exercise(pilot, rig, "plank on knees")
        assert item_ids(rig) == ["lower-back-rotation", "squat", "in-bed-knee-rocks", "knee-plank"]
        assert builder(rig).query_one(BuilderItems).highlighted == 3

    drive(rig, body)


# -- duplicate and rename -------------------------------------------------------------------


def test_editing_a_builtin_saves_a_copy_and_leaves_the_builtin_alone(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)
    original = CATALOG.routines["spasm-relief"]

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_builder(pilot, rig, "spasm-relief")
        note = widget_text(rig.app, "#builder-note")
        assert f"Editing a copy of “{original.name}”" in note
        assert screen.query_one("#builder-name", Input).value == f"Copy of {original.name}"
        await press(pilot, "d", "ctrl+s")
        docs = stored(rig.db_path)
        copy = docs["copy-of-nerve-spasm-relief"]
        assert copy["builtin"] is False
        expected = [i.exercise_id for i in original.items[1:]]
        assert [item["exercise"] for item in copy["items"]] == expected
        space = rig.app.workspace
        assert space.catalog.routines["spasm-relief"] == original
        assert "spasm-relief" not in docs
        await press(pilot, "escape")
        rows = routine_rows(rig.app)
        assert shows_name(rows["spasm-relief"], original.name)
        assert shows_name(rows["copy-of-nerve-spasm-relief"], f"Copy of {original.name}")

    drive(rig, body)


def test_rename_with_r_keeps_the_id_of_a_saved_routine(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "e")
        assert builder(rig).query_one("#builder-name", Input).has_focus
        await press(pilot, "ctrl+u", *"Morning with my PT", "enter", "ctrl+s")
        assert stored(rig.db_path)[ROUTINE_ID]["name"] == "Morning with my PT"
        await press(pilot, "escape")
        assert "Morning with my PT" in routine_rows(rig.app)[ROUTINE_ID]

    drive(rig, body)


# -- reorder and remove ---------------------------------------------------------------------


def test_reorder_with_shift_arrows_and_j_k_moves_the_highlighted_item(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_builder(pilot, rig, ROUTINE_ID)
        items = screen.query_one(BuilderItems)
        await press(pilot, "J")
        assert item_ids(rig) == ["squat", "lower-back-rotation", "in-bed-knee-rocks"]
        assert items.highlighted == 1
        await press(pilot, "shift+down")
        assert item_ids(rig) == ["squat", "in-bed-knee-rocks", "lower-back-rotation"]
        await press(pilot, "shift+down")  # already last: nothing moves
        assert items.highlighted == 2
        await press(pilot, "K")
        assert item_ids(rig) == ["squat", "lower-back-rotation", "in-bed-knee-rocks"]
        await press(pilot, "shift+up", "shift+up")
        assert item_ids(rig) == ["lower-back-rotation", "squat", "in-bed-knee-rocks"]
        await press(pilot, "down", "shift+down", "ctrl+s")
        doc = stored(rig.db_path)[ROUTINE_ID]
        expected = ["lower-back-rotation", "in-bed-knee-rocks", "squat"]
        assert [item["exercise"] for item in doc["items"]] == expected

    drive(rig, body)


def test_remove_names_the_exercise_and_updates_the_duration(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        before = status(rig)
        await press(pilot, "down", "d")
        assert item_ids(rig) == ["lower-back-rotation", "in-bed-knee-rocks"]
        assert f"Removed {EXERCISES['squat'].name}. Press u to undo." in notices(rig.app)
        assert "2 exercises" in status(rig) and status(rig) != before
        await press(pilot, "delete", "delete")
        assert item_ids(rig) == []
        await press(pilot, "d")
        assert "There is nothing to remove." in notices(rig.app)
        assert len(stored(rig.db_path)[ROUTINE_ID]["items"]) == 3

    drive(rig, body)


# -- doses ------------------------------------------------------------------------------------


def test_refused_dose_shows_the_reason_and_saves_nothing_then_a_good_one_counts(
    tmp_path: Path,
) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        before = status(rig)
        await press(pilot, "enter")
        editor = rig.app.screen
        assert isinstance(editor, DoseEditor)
        assert editor.query_one("#dose-hold_s", Input).value == "4"
        await set_field(pilot, rig, "hold_s", "900")
        assert widget_text(rig.app, "#note-hold_s") == "hold must be between 1 and 600 s"
        await press(pilot, "enter")
        assert rig.app.screen is editor
        assert any(n.startswith("Not saved: fix Hold") for n in notices(rig.app))
        await set_field(pilot, rig, "hold_s", "30-40")
        assert widget_text(rig.app, "#note-hold_s") == "1–600 s"
        await set_field(pilot, rig, "rest_s", "2.5")
        assert "whole number" in widget_text(rig.app, "#note-rest_s")
        await set_field(pilot, rig, "rest_s", "20")
        await press(pilot, "enter")
        screen = builder(rig)
        dose = rig.app.workspace.catalog.dose_for(screen.routine.items[0])
        assert dose.hold_s == Span(30, 40) and dose.rest_s == 20
        assert status(rig) != before and "unsaved changes" in status(rig)
        held = stored(rig.db_path)[ROUTINE_ID]["items"][0]["dose"]
        assert held["hold_s"] == 4  # nothing saved until ctrl+s
        await press(pilot, "ctrl+s")
        assert stored(rig.db_path)[ROUTINE_ID]["items"][0]["dose"]["hold_s"] == [30, 40]

    drive(rig, body)


def test_escape_in_the_dose_editor_keeps_the_old_dose(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "down", "enter")
        assert isinstance(rig.app.screen, DoseEditor)
        await set_field(pilot, rig, "reps", "12")
        await press(pilot, "escape")
        assert builder(rig).routine.items[1].dose == Dose(reps=Span(3, 3), counted=True)
        assert "unsaved" not in status(rig)

    drive(rig, body)


def test_counted_switch_and_tempo_for_a_movement(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "down", "down", "enter")
        editor = rig.app.screen
        assert isinstance(editor, DoseEditor)
        assert not editor.query("#dose-hold_s")
        await set_field(pilot, rig, "tempo_s", "0.2")
        assert widget_text(rig.app, "#note-tempo_s") == "tempo must be between 0.5 and 30 s"
        await set_field(pilot, rig, "tempo_s", "2.5")
        await press(pilot, "tab", "space", "ctrl+s")
        dose = builder(rig).routine.items[2].dose
        assert dose == Dose(reps=Span(3, 3), tempo_s=2.5, counted=True)

    drive(rig, body)


# -- delete ------------------------------------------------------------------------------------


def test_delete_asks_first_n_keeps_and_y_removes(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "ctrl+d")
        assert isinstance(rig.app.screen, ConfirmScreen)
        assert rig.app.screen.question == f"Delete “{ROUTINE_NAME}”?"
        await press(pilot, "n")
        assert isinstance(rig.app.screen, BuilderScreen)
        assert ROUTINE_ID in stored(rig.db_path)
        await press(pilot, "ctrl+d", "y")
        await pilot.pause()
        assert isinstance(rig.app.screen, HomeScreen)
        assert ROUTINE_ID not in stored(rig.db_path)
        assert ROUTINE_ID not in rig.app.workspace.catalog.routines
        assert ROUTINE_ID not in routine_rows(rig.app)
        assert f"Deleted “{ROUTINE_NAME}”." in notices(rig.app)

    drive(rig, body)


def test_a_builtin_cannot_be_deleted_only_its_unsaved_copy_discarded(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, "morning-in-bed")
        await press(pilot, "ctrl+d")
        assert isinstance(rig.app.screen, ConfirmScreen)
        assert rig.app.screen.question == "Discard this routine?"
        await press(pilot, "y")
        await pilot.pause()
        assert isinstance(rig.app.screen, HomeScreen)
        assert "morning-in-bed" in routine_rows(rig.app)
        assert set(stored(rig.db_path)) == {ROUTINE_ID}

    drive(rig, body)


# -- unsaved changes ---------------------------------------------------------------------------


def test_leaving_with_changes_asks_save_discard_or_stay(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)  # no changes: no question
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "J", "escape")
        assert isinstance(rig.app.screen, UnsavedScreen)
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, BuilderScreen)  # cancel: keep editing
        await press(pilot, "escape", "n")
        assert isinstance(rig.app.screen, HomeScreen)
        assert stored(rig.db_path)[ROUTINE_ID]["items"][0]["exercise"] == "lower-back-rotation"
        await open_builder(pilot, rig, ROUTINE_ID)
        assert item_ids(rig) == SEEDED_IDS  # discarded
        await press(pilot, "J", "escape", "y")
        assert isinstance(rig.app.screen, HomeScreen)
        assert stored(rig.db_path)[ROUTINE_ID]["items"][0]["exercise"] == "squat"

    drive(rig, body)


# -- the pure parts of the modals --------------------------------------------------------------


def test_check_field_reads_ranges_and_refuses_backwards_or_bad_ones() -> None:
    assert check_field("hold_s", "20").value == Span(20, 20)
    assert check_field("hold_s", " 20 – 30 ").value == Span(20, 30)
    assert check_field("reps", "8 to 12").value == Span(8, 12)
    assert check_field("hold_s", "30-20").reason == "a range goes from low to high, like 20-30"
    assert check_field("hold_s", "20-900").reason == "hold must be between 1 and 600 s"
    assert check_field("sets", "0").reason == "sets must be between 1 and 20"
    assert check_field("sets", "3").value == 3
    assert check_field("tempo_s", "1.5").value == 1.5


def test_field_text_and_dose_from_fields_round_trip() -> None:
    dose = Dose(reps=Span(8, 12), hold_s=Span(5, 5), sets=2, rest_s=15)
    assert [field_text(dose, f) for f in ("hold_s", "reps", "sets", "tempo_s")] == [
        "5",
        "8-12",
        "2",
        "3",
    ]
    checked = {f: check_field(f, field_text(dose, f)) for f in ("hold_s", "reps", "sets", "rest_s")}
    assert dose_from_fields(dose, checked, counted=True) == dose  # a hold is never counted
    assert dose_to_dict(dose_from_fields(dose, checked, counted=False)) == dose_to_dict(dose)


def test_matches_every_word_in_name_or_aliases_ignoring_case() -> None:
    glide: Exercise = EXERCISES["straight-leg-raise-glide"]
    assert matches(glide, "")
    assert matches(glide, "LEG glide")
    assert matches(glide, "floss")
    assert not matches(glide, "glide plank")


def test_rest_between_exercises_is_checked_and_saved(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_builder(pilot, rig, ROUTINE_ID)
        before = status(rig)
        box = screen.query_one("#builder-rest", Input)
        assert box.value == "3"
        box.focus()
        box.value = ""
        await press(pilot, *"700")
        refused = "Refused: rest between exercises must be between 0 and 600 s"
        assert widget_text(rig.app, "#builder-refused") == refused
        await press(pilot, "ctrl+s")
        assert any("rest between exercises must be" in n for n in notices(rig.app))
        assert stored(rig.db_path)[ROUTINE_ID]["rest_between_s"] == 3
        box.value = ""
        await press(pilot, *"60", "enter")
        assert not screen.query_one("#builder-refused").display
        assert screen.routine.rest_between_s == 60 and status(rig) != before
        await press(pilot, "ctrl+s")
        assert stored(rig.db_path)[ROUTINE_ID]["rest_between_s"] == 60

    drive(rig, body)


def test_clicking_an_exercise_opens_its_dose(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await pilot.click(BuilderItems, offset=(10, 2))
        await pilot.pause()
        editor = rig.app.screen
        assert isinstance(editor, DoseEditor)
        assert editor.exercise_name == EXERCISES["squat"].name

    drive(rig, body)


# -- changed elsewhere ---------------------------------------------------------------------


def change_elsewhere(db: Path) -> None:
    """What another login's ``unpinch import --replace`` does: the routine renamed, in the file."""
    with Store.open(db) as other:
        doc = other.routine(ROUTINE_ID)
        assert doc is not None
        other.save_routine({**doc, "name": "Changed elsewhere"})


@pytest.mark.parametrize("answer", ["o", "k", "c"])
def test_a_routine_changed_elsewhere_is_never_silently_overwritten(
    tmp_path: Path, answer: str
) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        change_elsewhere(rig.db_path)
        await press(pilot, "d", "ctrl+s")
        assert isinstance(rig.app.screen, RoutineConflictScreen)
        assert stored(rig.db_path)[ROUTINE_ID]["name"] == "Changed elsewhere"
        assert len(stored(rig.db_path)[ROUTINE_ID]["items"]) == len(SEEDED_IDS)
        await press(pilot, answer)
        rig.extra["items"] = item_ids(rig)

    drive(rig, body)
    routines = stored(rig.db_path)
    if answer == "o":  # overwrite: mine, one exercise fewer, under my name
        assert routines[ROUTINE_ID]["name"] == ROUTINE_NAME
        assert len(routines[ROUTINE_ID]["items"]) == len(SEEDED_IDS) - 1
    elif answer == "k":  # keep theirs: the builder now shows their version
        assert routines[ROUTINE_ID]["name"] == "Changed elsewhere"
        assert len(routines) == 1
        assert rig.extra["items"] == SEEDED_IDS
    else:  # a copy: both are kept
        assert routines[ROUTINE_ID]["name"] == "Changed elsewhere"
        [copy] = [doc for key, doc in routines.items() if key != ROUTINE_ID]
        assert copy["name"] == f"{ROUTINE_NAME} (my copy)"
        assert len(copy["items"]) == len(SEEDED_IDS) - 1
