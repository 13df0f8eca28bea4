"""The theme picked in the command palette is the theme: settings show it and a restart keeps it."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.pilot_helpers import Rig, drive, make_rig, press, run_from_palette
from tests.test_pilot_settings import open_settings, restarted, row_text, settings_rig
from unpinch.library.store import Store
from unpinch.tui.screens.settings import SettingsScreen

CHOSEN = "nord"


async def pick_theme_in_palette(pilot: Pilot[int], rig: Rig, name: str) -> None:
    """Run the palette's Theme command, type the theme's name and choose it."""
    await run_from_palette(pilot, rig.app, "Theme")
    assert isinstance(rig.app.screen, CommandPalette)
    await press(pilot, *name)
    await pilot.pause(0.2)
    await press(pilot, "enter")
    await pilot.pause()
    assert rig.app.theme == name


def stored_theme(db: Path) -> object:
    """The theme the data file holds."""
    with Store.open(db) as store:
        return store.settings().get("theme")


def test_a_theme_chosen_in_the_palette_is_saved_and_survives_a_restart(tmp_path: Path) -> None:
    rig = settings_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pick_theme_in_palette(pilot, rig, CHOSEN)
        assert rig.app.workspace.settings.theme == CHOSEN

    drive(rig, body)
    assert stored_theme(rig.db_path) == CHOSEN
    assert restarted(rig.db_path).theme == CHOSEN
    again = make_rig(rig.db_path)

    async def check(pilot: Pilot[int], rig: Rig) -> None:
        assert rig.app.theme == CHOSEN

    drive(again, check)


def test_the_settings_screen_shows_a_theme_chosen_in_the_palette_over_it(tmp_path: Path) -> None:
    rig = settings_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_settings(pilot, rig, "theme")
        await pick_theme_in_palette(pilot, rig, CHOSEN)
        assert isinstance(rig.app.screen, SettingsScreen)
        assert f"‹ {CHOSEN} ›" in row_text(screen, "theme")

    drive(rig, body)


def test_a_stored_theme_this_textual_lacks_is_not_overwritten_by_the_fallback(
    tmp_path: Path,
) -> None:
    db = tmp_path / "unpinch.json"
    with Store.open(db) as store:
        store.set_setting("first_run_ack", True)
        store.set_setting("theme", "from-a-later-textual")
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert rig.app.theme == "textual-dark"
        await press(pilot, "s", "escape")

    drive(rig, body)
    assert stored_theme(db) == "from-a-later-textual"
