"""The home preview at 80×24: every exercise of a routine in view, and reachable by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.pilot import Pilot

from tests.pilot_helpers import Rig, drive, flat, make_rig, press, region_text
from tests.test_pilot_card import settle
from unpinch.library.catalog import load_catalog
from unpinch.library.codec import routine_to_dict
from unpinch.library.model import Routine, RoutineItem
from unpinch.library.store import Store
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.widgets.routine_list import RoutineList
from unpinch.tui.widgets.routine_preview import RoutinePreview

CATALOG = load_catalog()


def mine() -> Routine:
    """A routine of the user's own."""
    return Routine(
        id="mine", name="My evening wind-down", items=(RoutineItem("bridge"),), builtin=False
    )


def home(tmp_path: Path) -> Rig:
    """The app on a fresh data file whose first-run notice was already seen."""
    db = tmp_path / "unpinch.json"
    with Store.open(db) as store:
        store.set_setting("first_run_ack", True)
    return make_rig(db)


async def highlight(pilot: Pilot[int], rig: Rig, routine_id: str) -> None:
    """Move the routine list's highlight to ``routine_id``."""
    routines = rig.app.screen.query_one(RoutineList)
    while routines.get_option_at_index(routines.highlighted or 0).id != routine_id:
        await press(pilot, "down")
    await settle(pilot)


@pytest.mark.parametrize("routine_id", list(CATALOG.routines))
def test_the_preview_shows_every_exercise_at_80x24(tmp_path: Path, routine_id: str) -> None:
    rig = home(tmp_path)
    routine = CATALOG.routines[routine_id]

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await highlight(pilot, rig, routine_id)
        shown = region_text(rig.app, "#routine-preview")
        for item in routine.items:
            assert flat(CATALOG.exercises[item.exercise_id].name) in shown, shown

    drive(rig, body)


def test_tab_reaches_the_preview_and_arrows_then_scroll_it(tmp_path: Path) -> None:
    rig = home(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await highlight(pilot, rig, "strength-stage-1")
        routines = rig.app.screen.query_one(RoutineList)
        preview = rig.app.screen.query_one(RoutinePreview)
        assert preview.max_scroll_y > 0, "the description lies below the exercises"
        assert "Tab" in region_text(rig.app, "#preview-more")
        await press(pilot, "tab")
        assert rig.app.focused is preview
        highlighted = routines.highlighted
        await press(pilot, "down", "j")
        await settle(pilot)
        assert preview.scroll_y > 0
        assert routines.highlighted == highlighted
        await press(pilot, "shift+tab")
        assert routines.has_focus

    drive(rig, body)


def test_a_ninth_routine_added_while_open_keeps_every_row_on_its_two_lines(tmp_path: Path) -> None:
    rig = home(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        routines = rig.app.screen.query_one(RoutineList)
        assert routines.option_count == len(CATALOG.routines)
        space = rig.app.workspace
        space.store.save_routine(routine_to_dict(mine()))
        space.reload_routines()
        screen = rig.app.screen
        assert isinstance(screen, HomeScreen)
        screen.refresh_data()
        await settle(pilot)
        await settle(pilot)
        assert routines.option_count == len(CATALOG.routines) + 1
        width = routines.scrollable_content_region.width
        for index in range(routines.option_count):
            prompt = routines.get_option_at_index(index).prompt
            assert isinstance(prompt, Text)
            lines = prompt.plain.split("\n")
            assert len(lines) == 2 and all(cell_len(line) <= width for line in lines), lines
            assert "done" in lines[1]

    drive(rig, body)
