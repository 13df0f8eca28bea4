"""Pilot tests of the exercise library: filters, search, the detail panel and add-to-routine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.pilot_helpers import (
    ROUTINE_ID,
    ROUTINE_NAME,
    Rig,
    drive,
    flat,
    make_rig,
    notices,
    plain,
    press,
    routine_rows,
    screen_text,
    seed,
)
from unpinch.library.catalog import load_catalog
from unpinch.library.model import Exercise
from unpinch.library.store import Store
from unpinch.tui.app import UnpinchApp
from unpinch.tui.screens.glossary import GlossaryScreen, glossary_text
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.library_browser import LibraryScreen
from unpinch.tui.screens.pick_routine import PickRoutineScreen, suggested_name
from unpinch.tui.widgets.exercise_filters import (
    ExerciseFilter,
    FilterChip,
    cycled,
    facet_choices,
    filtered,
    text_matches,
    value_label,
)

CATALOG = load_catalog()
EXERCISES = list(CATALOG.exercises.values())
TOTAL = len(EXERCISES)


def library_rig(tmp_path: Path, *, with_routine: bool = True) -> Rig:
    """An app on a fresh data file, with the pilot user routine unless asked not to."""
    db = tmp_path / "unpinch.json"
    if with_routine:
        seed(db)
    with Store.open(db) as store:
        store.set_setting("first_run_ack", True)
    return make_rig(db)


async def open_library(pilot: Pilot[int], app: UnpinchApp) -> LibraryScreen:
    """Press l on home and return the library screen."""
    await press(pilot, "l")
    assert isinstance(app.screen, LibraryScreen)
    return app.screen


def on_top(app: UnpinchApp) -> object:
    """The screen on top of the stack (a call, so a type check above does not narrow it)."""
    return app.screen


def listed_ids(screen: LibraryScreen) -> list[str]:
    """The ids of the exercises the list shows, in order."""
    options = screen.query_one("#library-list", OptionList)
    return [options.get_option_at_index(i).id or "" for i in range(options.option_count)]


def count_text(screen: LibraryScreen) -> str:
    """The "N of M" line."""
    return str(screen.query_one("#library-count", Static).content)


def detail_text(screen: LibraryScreen) -> str:
    """The detail panel as plain text with whitespace squeezed."""
    return plain(screen.query_one("#detail-body", Static).content, width=200)


def chip_values(screen: LibraryScreen) -> dict[str, str | None]:
    """Each filter chip's current value."""
    return {chip.facet.name: chip.value for chip in screen.query(FilterChip)}


async def highlight(pilot: Pilot[int], screen: LibraryScreen, exercise_id: str) -> None:
    """Search for an exercise by its full name and leave the highlight on it."""
    name = CATALOG.exercises[exercise_id].name
    await press(pilot, "slash")
    await pilot.pause()
    await press(pilot, *name.lower())
    await press(pilot, "enter")
    await press(pilot, "home", *(["down"] * listed_ids(screen).index(exercise_id)))
    assert screen.highlighted() == CATALOG.exercises[exercise_id]


def stored_routine(db_path: Path, routine_id: str) -> dict[str, Any] | None:
    """A routine document as the store holds it, read through a fresh store."""
    with Store.open(db_path) as store:
        found = [doc for doc in store.routines() if doc["id"] == routine_id]
    return found[0] if found else None


# --- pure filter rules -----------------------------------------------------------


def test_cycled_goes_through_any_at_both_ends() -> None:
    choices = ("a", "b")
    assert cycled(choices, None, 1) == "a"
    assert cycled(choices, "b", 1) is None
    assert cycled(choices, None, -1) == "b"
    assert cycled(choices, "a", -1) is None
    assert cycled(choices, "gone", 1) == "a"


def test_facet_choices_are_the_values_the_library_uses() -> None:
    kinds = facet_choices(EXERCISES, "kind")
    assert set(kinds) == {e.kind for e in EXERCISES}
    assert facet_choices(EXERCISES, "target") == tuple(
        sorted({t for e in EXERCISES for t in e.targets})
    )
    for facet in ("kind", "position", "target", "equipment"):
        for value in facet_choices(EXERCISES, facet):
            assert filtered(EXERCISES, ExerciseFilter().with_value(facet, value)), (facet, value)


def test_text_search_reads_names_and_aliases_any_case_and_hyphens() -> None:
    rotation = CATALOG.exercises["lower-back-rotation"]
    assert text_matches("KNEE roll", rotation)  # an alias, "lying knee roll"
    assert text_matches("back rotation", rotation)
    assert not text_matches("knee plank", rotation)
    assert text_matches("knee to chest", CATALOG.exercises["knee-to-chest"])
    assert text_matches("", rotation)


def test_every_facet_narrows_and_combines() -> None:
    wanted = ExerciseFilter(kind="stretch", position="lying_on_back", equipment="none")
    found = filtered(EXERCISES, wanted)
    assert found
    assert all(
        e.kind == "stretch" and e.position == "lying_on_back" and "none" in e.equipment
        for e in found
    )
    hamstrings = filtered(EXERCISES, ExerciseFilter(target="hamstrings"))
    assert {e.id for e in hamstrings} == {e.id for e in EXERCISES if "hamstrings" in e.targets}
    assert wanted.active() == [
        "kind: stretch",
        "position: lying on back",
        "equipment: no equipment",
    ]
    assert value_label("kind", None) == "any"


def test_with_value_refuses_an_unknown_facet() -> None:
    with pytest.raises(KeyError, match="colour"):
        ExerciseFilter().with_value("colour", "red")


# --- the screen ------------------------------------------------------------------


def test_library_lists_everything_and_filter_keys_cycle_and_clear(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        assert len(listed_ids(screen)) == TOTAL
        assert count_text(screen) == f"{TOTAL} of {TOTAL}"
        first_kind = facet_choices(EXERCISES, "kind")[0]
        await press(pilot, "n")
        assert chip_values(screen)["kind"] == first_kind
        kind_ids = [e.id for e in EXERCISES if e.kind == first_kind]
        assert listed_ids(screen) == kind_ids
        assert count_text(screen) == f"{len(kind_ids)} of {TOTAL}"
        await press(pilot, "e")
        assert chip_values(screen)["equipment"] == facet_choices(EXERCISES, "equipment")[0]
        both = [e.id for e in EXERCISES if e.kind == first_kind and "none" in e.equipment]
        assert listed_ids(screen) == both
        text = screen_text(rig.app)
        assert value_label("kind", first_kind) in text and "no equipment" in text
        await press(pilot, "N")  # back to any kind
        assert chip_values(screen)["kind"] is None
        await press(pilot, "t", "p")
        assert chip_values(screen)["target"] is not None
        await press(pilot, "x")
        assert set(chip_values(screen).values()) == {None}
        assert len(listed_ids(screen)) == TOTAL

    drive(library_rig(tmp_path), body)


def test_a_click_on_a_filter_cycles_it(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await pilot.click("#filter-position")
        await pilot.pause()
        first = facet_choices(EXERCISES, "position")[0]
        assert chip_values(screen)["position"] == first
        assert listed_ids(screen) == [e.id for e in EXERCISES if e.position == first]
        await pilot.click("#filter-position", shift=True)
        await pilot.pause()
        assert chip_values(screen)["position"] is None

    drive(library_rig(tmp_path), body)


def test_search_narrows_by_name_and_alias_and_escape_steps_back(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await press(pilot, "slash")
        await pilot.pause()
        assert isinstance(rig.app.focused, Input)
        await press(pilot, *"plank")
        assert set(listed_ids(screen)) == {"knee-plank", "plank", "side-plank"}
        assert chip_values(screen)["kind"] is None  # "n" typed into the search, not a filter
        await press(pilot, *(["backspace"] * 5), *"glute bridge")  # alias of the bridge
        assert listed_ids(screen) == ["bridge"]
        await press(pilot, *(["backspace"] * 12), *"zzz")
        assert listed_ids(screen) == []
        assert count_text(screen) == f"0 of {TOTAL}"
        assert "No exercise matches" in detail_text(screen)
        await press(pilot, "escape")
        assert isinstance(rig.app.focused, OptionList)
        await press(pilot, "x")
        assert screen.query_one("#library-search", Input).value == ""
        assert len(listed_ids(screen)) == TOTAL
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(library_rig(tmp_path), body)


def test_detail_shows_steps_cues_cautions_variants_and_sources(tmp_path: Path) -> None:
    plank: Exercise = CATALOG.exercises["plank"]

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "plank")
        text = detail_text(screen)
        assert text.startswith(plank.name)
        assert plank.dose.label() in text
        for line in (*plank.steps, *plank.cues, *plank.cautions):
            assert flat(line) in text
        assert f"Easier: {CATALOG.exercises['knee-plank'].name}" in text
        assert f"Harder: {CATALOG.exercises['side-plank'].name}" in text
        for source in plank.sources:
            assert CATALOG.sources[source].title in text
        await press(pilot, "down")
        following = screen.highlighted()
        assert following is not None and following.id != "plank"
        assert detail_text(screen).startswith(following.name)

    drive(library_rig(tmp_path), body)


def test_detail_says_an_affected_leg_exercise_plays_on_that_leg(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "towel-hamstring-stretch")
        assert "affected leg only" in detail_text(screen)

    drive(library_rig(tmp_path), body)


def test_g_opens_the_glossary_and_escape_comes_back(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await press(pilot, "g")
        assert isinstance(on_top(rig.app), GlossaryScreen)
        text = flat(screen_text(rig.app))
        first = CATALOG.glossary[0]
        assert first.term in text
        assert flat(first.meaning)[:40] in text
        await press(pilot, "escape")
        assert on_top(rig.app) is screen

    drive(library_rig(tmp_path), body)


def test_glossary_text_has_every_term_and_its_articles() -> None:
    text = plain(glossary_text(CATALOG), width=200)
    for term in CATALOG.glossary:
        assert term.term in text
        assert flat(term.meaning) in text
    assert "Used in: 7 Best Pinched Sciatic Nerve Stretches and Exercises" in text


def test_add_to_an_existing_user_routine(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "bridge")
        await press(pilot, "a")
        assert isinstance(rig.app.screen, PickRoutineScreen)
        picker = rig.app.screen.query_one("#pick-list", OptionList)
        offered = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
        builtin_ids = [r.id for r in CATALOG.routines.values()]
        assert offered == [ROUTINE_ID, "new-routine"]
        assert not set(offered) & set(builtin_ids)
        await press(pilot, "enter")
        assert on_top(rig.app) is screen
        assert f"Added Bridge to {ROUTINE_NAME}" in notices(rig.app)
        doc = stored_routine(rig.db_path, ROUTINE_ID)
        assert doc is not None
        assert [item["exercise"] for item in doc["items"]][-1] == "bridge"
        assert len(doc["items"]) == 4 and "dose" not in doc["items"][-1]
        merged = rig.app.workspace.catalog.routines[ROUTINE_ID]
        assert merged.items[-1].exercise_id == "bridge"

    drive(library_rig(tmp_path), body)


def test_add_to_a_new_routine_with_a_typed_name(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "squat")
        await press(pilot, "a", "down", "enter")
        name_box = rig.app.screen.query_one("#pick-name", Input)
        assert rig.app.focused is name_box
        assert name_box.value == suggested_name({ROUTINE_NAME}) == "My routine"
        await press(pilot, "ctrl+u")
        await press(pilot, "enter")  # a blank name is refused
        assert isinstance(rig.app.screen, PickRoutineScreen)
        assert "name must not be empty" in str(
            rig.app.screen.query_one("#pick-hint", Static).content
        )
        await press(pilot, *"Legs at noon", "enter")
        assert on_top(rig.app) is screen
        assert "Added Squat to Legs at noon" in notices(rig.app)
        doc = stored_routine(rig.db_path, "legs-at-noon")
        assert doc is not None
        assert doc["name"] == "Legs at noon" and doc["builtin"] is False
        assert [item["exercise"] for item in doc["items"]] == ["squat"]
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)
        assert "Legs at noon" in routine_rows(rig.app)["legs-at-noon"]

    drive(library_rig(tmp_path), body)


def test_first_routine_from_the_library_takes_the_suggested_name(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await press(pilot, "a")
        picker = rig.app.screen.query_one("#pick-list", OptionList)
        assert picker.option_count == 1  # only "New routine…": built-ins are read-only
        await press(pilot, "enter", "enter")
        first = EXERCISES[0]
        assert f"Added {first.name} to My routine" in notices(rig.app)
        doc = stored_routine(rig.db_path, "my-routine")
        assert doc is not None and [i["exercise"] for i in doc["items"]] == [first.id]
        # a second one goes to a fresh name and id, not over the first
        await press(pilot, "down", "a", "down", "enter")
        assert rig.app.screen.query_one("#pick-name", Input).value == "My routine 2"
        await press(pilot, "enter")
        assert screen.highlighted() == EXERCISES[1]
        second = stored_routine(rig.db_path, "my-routine-2")
        assert second is not None and [i["exercise"] for i in second["items"]] == [EXERCISES[1].id]

    drive(library_rig(tmp_path, with_routine=False), body)


def test_escape_in_the_picker_adds_nothing(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await press(pilot, "a", "down", "enter")
        assert rig.app.focused is rig.app.screen.query_one("#pick-name", Input)
        await press(pilot, "escape")  # leaves the name field
        assert isinstance(rig.app.screen, PickRoutineScreen)
        assert isinstance(rig.app.focused, OptionList)
        await press(pilot, "escape")  # closes the picker
        assert on_top(rig.app) is screen
        doc = stored_routine(rig.db_path, ROUTINE_ID)
        assert doc is not None and len(doc["items"]) == 3
        with Store.open(rig.db_path) as store:
            assert len(store.routines()) == 1
        assert not any(n.startswith("Added") for n in notices(rig.app))

    drive(library_rig(tmp_path), body)


def test_add_with_no_match_says_so(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await press(pilot, "slash")
        await pilot.pause()
        await press(pilot, *"zzz", "enter", "a")
        assert on_top(rig.app) is screen
        assert "Nothing to add: no exercise matches." in notices(rig.app)

    drive(library_rig(tmp_path), body)
