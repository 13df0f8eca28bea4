"""SVG snapshots of the routine builder and its dose editor at the 80×24 design size.

Clocks are injected and every text box's cursor is kept still, so the
pictures are the same on every run; update them with ``--snapshot-update``
after a deliberate layout change and look at them before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.factories import Snap, seeded_app
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.tui.app import UnpinchApp
from unpinch.tui.widgets.routine_list import RoutineList

ROUTINE = Routine(
    id="pt-plan",
    name="My physio plan",
    items=(
        RoutineItem("knee-to-chest", Dose(reps=Span(3, 3), hold_s=Span(20, 30), rest_s=10)),
        RoutineItem("clamshell", Dose(reps=Span(12, 15), sets=2, rest_s=30)),
        RoutineItem("bird-dog"),
        RoutineItem("pelvic-tilt"),
    ),
    builtin=False,
)


def build(tmp_path: Path) -> UnpinchApp:
    """The app on a data file holding one user routine, with fixed clocks and no sound."""
    return seeded_app(
        tmp_path, routines=[ROUTINE], settings={"first_run_ack": True, "count_in_s": 5}
    )


async def open_routine(pilot: Pilot[Any]) -> None:
    """Highlight the user routine on the home screen and press e to edit it."""
    await pilot.pause()
    routines = pilot.app.screen.query_one(RoutineList)
    ids = [routines.get_option_at_index(i).id for i in range(routines.option_count)]
    routines.highlighted = ids.index(ROUTINE.id)
    await pilot.press("e")
    await pilot.pause()


def still_cursors(pilot: Pilot[Any]) -> None:
    """Stop every text box's cursor blinking, so the picture does not depend on timing."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False


def test_builder(snap_compare: Snap, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_routine(pilot)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(build(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_dose_editor_refusing_a_value(snap_compare: Snap, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_routine(pilot)
        await pilot.press("enter")
        await pilot.pause()
        box = pilot.app.screen.query_one("#dose-hold_s", Input)
        box.value = ""
        await pilot.press(*"20-900")
        still_cursors(pilot)
        await pilot.pause()

    assert snap_compare(build(tmp_path), terminal_size=(80, 24), run_before=run_before)
