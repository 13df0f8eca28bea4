"""Side labels say what happens: one side then the other, alternating, or no side at all."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import ROUTINE_ID, Rig, advance, drive, hold, make_rig, seed
from unpinch.library.catalog import load_catalog
from unpinch.library.describe import describe_exercise, side_label, side_phrase
from unpinch.library.model import Dose, RoutineItem, Span
from unpinch.tui.widgets.hold_timer import HoldTimer
from unpinch.tui.widgets.routine_preview import preview_text

CATALOG = load_catalog()


def test_each_case_is_named_plainly_and_no_side_shows_nothing() -> None:
    assert side_label("each", "left") == "LEFT SIDE"
    assert side_label("each", "right") == "RIGHT SIDE"
    assert side_label("alternating", "both") == "ALTERNATE SIDES"
    assert side_label("both", "both") == ""
    assert side_phrase("each") == "each side"
    assert side_phrase("alternating") == "alternating sides"
    assert side_phrase("both") == ""


def test_the_preview_names_no_side_for_a_plank_and_alternating_for_a_bird_dog() -> None:
    plank, bird = CATALOG.exercises["plank"], CATALOG.exercises["bird-dog"]
    assert plank.sides == "both" and bird.sides == "alternating"
    some = next(iter(CATALOG.routines.values()))
    routine = replace(some, items=(RoutineItem("plank"), RoutineItem("bird-dog")))
    text = preview_text(routine, CATALOG, 100).plain
    assert f"1. Plank — {plank.dose.label()}\n" in text
    assert "both sides" not in text
    assert f"2. Bird dog — {bird.dose.label()}, alternating sides" in text


def test_the_show_page_says_there_is_no_side_to_change() -> None:
    page = describe_exercise(CATALOG.exercises["plank"], CATALOG)
    assert "both sides at once" not in page
    assert "Sides:     none to change" in page


def timer_side(tmp_path: Path, exercise_id: str, dose: Dose) -> str:
    """The side label the player shows once the first step of ``exercise_id`` plays."""
    db = tmp_path / "unpinch.json"
    seed(db, ((exercise_id, dose),))
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3.5)
        view = rig.app.screen.query_one(HoldTimer).view
        assert view is not None and view.mode in ("hold", "reps")
        rig.extra["side"] = view.side

    drive(rig, body)
    return str(rig.extra["side"])


def test_the_player_shows_alternate_sides_for_a_bird_dog(tmp_path: Path) -> None:
    assert timer_side(tmp_path, "bird-dog", Dose(reps=Span(4, 4))) == "ALTERNATE SIDES"


def test_the_player_shows_no_side_for_a_plank(tmp_path: Path) -> None:
    assert timer_side(tmp_path, "plank", hold(10, rest_s=2)) == ""
