"""Builder rough edges: hints that match the keys, rename, duplicate names, add, counted, undo."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tests.pilot_helpers import ROUTINE_ID, ROUTINE_NAME, Rig, drive, notices, press, widget_text
from tests.test_pilot_builder import (
    EXERCISES,
    SEEDED_IDS,
    add_exercise,
    builder,
    item_ids,
    open_builder,
    rig_for,
    stored,
)
from unpinch.library.catalog import load_catalog
from unpinch.tui.screens.dose_editor import DoseEditor
from unpinch.tui.screens.exercise_picker import ExercisePicker
from unpinch.tui.widgets.mark_box import MarkBox

BUILTIN = next(iter(load_catalog().routines.values()))


def name_box(rig: Rig) -> Input:
    """The builder's name box."""
    return builder(rig).query_one("#builder-name", Input)


def test_a_new_routines_hint_matches_what_keys_do_in_the_name_box(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "c")
        assert name_box(rig).has_focus
        hint = widget_text(rig.app, "#builder-note")
        assert "Enter" in hint and "press a" not in hint
        assert "Press a" not in widget_text(rig.app, "#builder-status")
        await press(pilot, *"Test", "enter")  # what the hint says, in its order
        assert "press a to add" in widget_text(rig.app, "#builder-note")
        await press(pilot, "a")
        assert isinstance(rig.app.screen, ExercisePicker)
        await press(pilot, "escape")
        assert builder(rig).routine.name == "Test"

    drive(rig, body)


def test_rename_starts_from_the_current_name_and_the_name_is_stripped(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "e")
        box = name_box(rig)
        assert box.value == ROUTINE_NAME
        assert box.cursor_position == len(ROUTINE_NAME) and box.selected_text == ""
        await press(pilot, *" two")
        assert builder(rig).routine.name == f"{ROUTINE_NAME} two"
        await press(pilot, "ctrl+u", *"  Evening  ", "enter", "ctrl+s")
        assert builder(rig).routine.name == "Evening"

    drive(rig, body)
    assert stored(rig.db_path)[ROUTINE_ID]["name"] == "Evening"


def test_a_name_another_routine_has_is_refused_with_a_message(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "e", "ctrl+u", *BUILTIN.name.upper(), "enter", "ctrl+s")
        said = notices(rig.app)
        assert any("already has that name" in n and BUILTIN.name in n for n in said), said
        assert "unsaved changes" in widget_text(rig.app, "#builder-status")

    drive(rig, body)
    assert stored(rig.db_path)[ROUTINE_ID]["name"] == ROUTINE_NAME


def test_a_new_exercise_goes_at_the_end_as_the_hint_says(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        assert builder(rig).query_one("#builder-items").highlighted == 0  # type: ignore[attr-defined]
        await add_exercise(pilot, rig, "plank on knees")
        assert item_ids(rig) == [*SEEDED_IDS, "knee-plank"]
        assert builder(rig).query_one("#builder-items").highlighted == 3  # type: ignore[attr-defined]
        assert any("at the end" in str(b.tooltip) for b in builder(rig).BINDINGS)  # type: ignore[union-attr]

    drive(rig, body)


def test_the_counted_box_looks_different_checked_and_not(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "down", "down", "enter")  # the paced movement
        editor = rig.app.screen
        assert isinstance(editor, DoseEditor)
        box = editor.query_one("#dose-counted", MarkBox)
        before = str(box.render())
        box.value = not box.value
        await pilot.pause()
        after = str(box.render())
        rig.extra["shown"] = {box.value: after, not box.value: before}

    drive(rig, body)
    shown = rig.extra["shown"]
    assert shown[True] != shown[False]
    assert "[x]" in shown[True] and "[ ]" in shown[False]


def test_u_undoes_a_removal_and_the_toast_says_so(tmp_path: Path) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "down", "d")
        assert item_ids(rig) == ["lower-back-rotation", "in-bed-knee-rocks"]
        assert f"Removed {EXERCISES['squat'].name}. Press u to undo." in notices(rig.app)
        await press(pilot, "d")
        await press(pilot, "u")
        assert item_ids(rig) == ["lower-back-rotation", "in-bed-knee-rocks"]
        await press(pilot, "u")
        assert item_ids(rig) == SEEDED_IDS
        assert builder(rig).query_one("#builder-items").highlighted == 1  # type: ignore[attr-defined]
        assert "saved" in widget_text(rig.app, "#builder-status")
        assert not builder(rig).dirty
        await press(pilot, "u")
        assert "Nothing to undo." in notices(rig.app)

    drive(rig, body)
