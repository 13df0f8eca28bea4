"""The library's keys: j/k move, filters never land on nothing, one caution mark, v to variants."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import Rig, drive, press, screen_text
from tests.test_pilot_library import (
    CATALOG,
    EXERCISES,
    TOTAL,
    chip_values,
    count_text,
    detail_text,
    highlight,
    library_rig,
    listed_ids,
    open_library,
)
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.widgets.exercise_card import CAUTION_MARK
from unpinch.tui.widgets.exercise_filters import FACETS


def test_j_and_k_move_down_and_up_the_list_and_leave_the_filters(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        ids = listed_ids(screen)
        await press(pilot, "j", "j")
        assert screen.highlighted() == CATALOG.exercises[ids[2]]
        await press(pilot, "k")
        assert screen.highlighted() == CATALOG.exercises[ids[1]]
        assert set(chip_values(screen).values()) == {None}
        assert count_text(screen) == f"{TOTAL} of {TOTAL}"

    drive(library_rig(tmp_path), body)


def test_1_cycles_the_kind_filter_round_to_any(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await press(pilot, "1")
        assert chip_values(screen)["kind"] is not None
        for _ in range(10):
            await press(pilot, "1")
            if chip_values(screen)["kind"] is None:
                break
        assert chip_values(screen)["kind"] is None

    drive(library_rig(tmp_path), body)


def test_filters_skip_values_that_would_leave_nothing(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await press(pilot, "1")  # the first kind
        kind = chip_values(screen)["kind"]
        for facet in FACETS[1:]:
            seen: list[str | None] = []
            for _ in range(40):
                await press(pilot, facet.key)
                assert not count_text(screen).startswith("0 of"), (facet.name, seen)
                value = chip_values(screen)[facet.name]
                seen.append(value)
                if value is None:
                    break
            usable = {
                v
                for e in EXERCISES
                if e.kind == kind
                for v in (
                    (e.position,)
                    if facet.name == "position"
                    else e.targets
                    if facet.name == "target"
                    else e.equipment
                )
            }
            assert set(seen) == usable | {None}, facet.name

    drive(library_rig(tmp_path), body)


def test_cautions_carry_the_players_mark(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "plank")
        text = detail_text(screen)
        for caution in CATALOG.exercises["plank"].cautions:
            assert f"{CAUTION_MARK} {caution.split()[0]}" in text
        assert "! " not in text

    drive(library_rig(tmp_path), body)


def test_v_goes_to_each_variant_and_back(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "plank")
        assert "press v" in detail_text(screen)
        await press(pilot, "v")
        assert screen.highlighted() == CATALOG.exercises["knee-plank"]
        await press(pilot, "v")
        assert screen.highlighted() == CATALOG.exercises["side-plank"]
        await press(pilot, "v")
        assert screen.highlighted() == CATALOG.exercises["plank"]

    drive(library_rig(tmp_path), body)


def test_v_on_a_filtered_list_clears_what_hides_the_variant(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "lunge")  # the search hides the squat
        assert "squat" not in listed_ids(screen)
        await press(pilot, "v")
        assert screen.highlighted() == CATALOG.exercises["squat"]
        assert len(listed_ids(screen)) == TOTAL

    drive(library_rig(tmp_path), body)


def test_a_ninth_routine_made_from_the_library_keeps_home_rows_whole(tmp_path: Path) -> None:
    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_library(pilot, rig.app)
        await highlight(pilot, screen, "squat")
        await press(pilot, "a", "down", "enter", "ctrl+u", *"Legs", "enter")
        await press(pilot, "escape", "escape")
        await pilot.pause()
        assert isinstance(rig.app.screen, HomeScreen)
        rows = screen_text(rig.app).splitlines()[2:19]
        pane = [row[:34].rstrip() for row in rows]
        names, whens = pane[0::2], pane[1::2]
        assert all(name.endswith(("min", " s")) for name in names), pane
        assert all(when.strip().endswith("done") for when in whens), pane

    drive(library_rig(tmp_path, with_routine=False), body)
