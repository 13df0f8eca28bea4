"""Pilot tests of the settings screen: every setting changes, is saved, and survives a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.pilot_helpers import Rig, drive, make_rig, notices, plain, press
from unpinch.library.settings import PINS_KEY, SPECS, Settings
from unpinch.library.store import Store
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.settings import ROWS, SettingRow, SettingsScreen, stepped, stepped_number

KEYS = [row.key for row in ROWS]


def settings_rig(tmp_path: Path, **stored: Any) -> Rig:
    """An app on a fresh data file holding these settings (the first-run notice already seen)."""
    db = tmp_path / "unpinch.json"
    with Store.open(db) as store:
        for key, value in {"first_run_ack": True, **stored}.items():
            store.set_setting(key, value)
    return make_rig(db)


async def open_settings(pilot: Pilot[int], rig: Rig, key: str) -> SettingsScreen:
    """Press s on home and move down to the row of ``key``."""
    await press(pilot, "s")
    screen = rig.app.screen
    assert isinstance(screen, SettingsScreen)
    await press(pilot, *(["down"] * KEYS.index(key)))
    assert screen.current_row() == (KEYS.index(key), ROWS[KEYS.index(key)])
    return screen


def row_text(screen: SettingsScreen, key: str) -> str:
    """One settings row as plain text."""
    options = screen.query_one("#settings-list", OptionList)
    return plain(options.get_option_at_index(KEYS.index(key)).prompt, width=80)


def restarted(db_path: Path) -> Settings:
    """The settings a new app on the same data file starts with."""
    app = make_rig(db_path).app
    try:
        return app.workspace.settings
    finally:
        app.workspace.close()


def row(key: str) -> SettingRow:
    """The row for one setting."""
    return ROWS[KEYS.index(key)]


# --- pure stepping rules -----------------------------------------------------------


def test_numbers_stay_within_bounds() -> None:
    count_in = row("count_in_s")
    assert stepped_number(count_in, 5, 1) == 6
    assert stepped_number(count_in, 58, 5) == 60
    assert stepped_number(count_in, 2, -5) == 0
    assert stepped_number(count_in, 0, -1) == 0


def test_optional_rest_goes_below_zero_to_the_routines_own() -> None:
    rest = row("rest_between_s")
    assert stepped_number(rest, 0, -1) is None
    assert stepped_number(rest, 3, -5) == 0
    assert stepped_number(rest, None, 1) == 0
    assert stepped_number(rest, None, -1) is None
    assert stepped_number(rest, 598, 5) == 600


def test_choices_cycle_and_flags_flip() -> None:
    sound = row("sound")
    assert stepped(sound, "off", 1, sound.choices) == "auto"
    assert stepped(sound, "auto", -5, sound.choices) == "off"
    assert stepped(row("progression"), True, 1, ()) is False
    assert stepped(row("first_run_ack"), True, -1, ()) is False


def test_every_setting_has_a_row() -> None:
    # Pinned doses are a setting too, but they are set from the player (P), not here.
    assert set(KEYS) == set(Settings().to_dict()) - {PINS_KEY}


def test_rows_take_their_choices_and_bounds_from_the_library_settings() -> None:
    for setting in ROWS:
        spec = SPECS[setting.key]
        assert (setting.choices, setting.bounds, setting.optional) == (
            spec.choices,
            spec.bounds,
            spec.optional,
        )
        if setting.kind == "number":
            low, high = setting.bounds
            assert spec.accepts(low) and spec.accepts(high) and not spec.accepts(high + 1)


# --- the screen ------------------------------------------------------------------

Change = tuple[str, tuple[str, ...], Any, str]
"""A setting, the keys pressed on its row, the value expected after, and how the row shows it."""

FORWARD: list[Change] = [
    ("sound", ("right",), "speaker", "‹ speaker ›"),
    ("count_in_s", ("right",), 6, "‹ 6 s ›"),
    ("rest_between_s", ("right", "shift+right"), 5, "‹ 5 s ›"),
    ("affected_side", ("enter",), "right", "‹ right ›"),
    ("switch_pause_s", ("left",), 4, "‹ 4 s ›"),
    ("cue_interval_s", ("shift+left",), 1, "‹ 1 s ›"),
    ("progression", ("enter",), False, "‹ off ›"),
    ("first_run_ack", ("enter",), False, "‹ shows at next start ›"),
]
BACKWARD: list[Change] = [
    ("sound", ("left",), "off", "‹ off ›"),
    ("count_in_s", ("shift+right", "shift+right"), 15, "‹ 15 s ›"),
    ("rest_between_s", ("left", "left"), None, "‹ routine's own ›"),
    ("affected_side", ("left",), "both", "‹ both ›"),
    ("switch_pause_s", ("shift+right",), 10, "‹ 10 s ›"),
    ("cue_interval_s", ("right",), 7, "‹ 7 s ›"),
    ("progression", ("right", "left"), True, "‹ on ›"),
]


@pytest.mark.parametrize(
    ("changes", "stored"),
    [(FORWARD, {}), (BACKWARD, {"rest_between_s": 1})],
    ids=["forward", "backward"],
)
def test_every_setting_changes_at_once_and_survives_a_restart(
    tmp_path: Path, changes: list[Change], stored: dict[str, Any]
) -> None:
    rig = settings_rig(tmp_path, **stored)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "s")
        screen = rig.app.screen
        assert isinstance(screen, SettingsScreen)
        for key, keys, expected, shown in changes:
            index, _ = screen.current_row() or (0, None)
            await press(pilot, *(["down"] * (KEYS.index(key) - index)))
            before = rig.app.workspace.settings.to_dict()
            await press(pilot, *keys)
            assert getattr(rig.app.workspace.settings, key) == expected, key
            assert shown in row_text(screen, key)
            after = rig.app.workspace.settings.to_dict()
            assert {k for k in after if after[k] != before[k]} <= {key}
            with Store.open(rig.db_path) as store:  # saved while the app still runs
                assert store.get_setting(key) == expected
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    settings = restarted(rig.db_path)
    for key, _, expected, _ in changes:
        assert getattr(settings, key) == expected, key


def test_theme_applies_at_once_and_survives_a_restart(tmp_path: Path) -> None:
    rig = settings_rig(tmp_path)
    themes = sorted(rig.app.available_themes)
    chosen: list[str] = []

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_settings(pilot, rig, "theme")
        assert rig.app.theme == "textual-dark"
        await press(pilot, "right")
        after = themes[(themes.index("textual-dark") + 1) % len(themes)]
        assert rig.app.theme == after
        assert rig.app.current_theme.name == after
        assert f"‹ {after} ›" in row_text(screen, "theme")
        await press(pilot, "left", "left")
        before = themes[(themes.index("textual-dark") - 1) % len(themes)]
        assert rig.app.theme == before
        chosen.append(before)

    drive(rig, body)
    assert restarted(rig.db_path).theme == chosen[0]
    again = make_rig(rig.db_path)

    async def check(pilot: Pilot[int], rig: Rig) -> None:
        assert rig.app.theme == chosen[0]

    drive(again, check)


def test_numbers_stop_at_their_bounds_and_say_so(tmp_path: Path) -> None:
    rig = settings_rig(tmp_path, count_in_s=58, cue_interval_s=1)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_settings(pilot, rig, "count_in_s")
        assert "0–60 s" in row_text(screen, "count_in_s")
        await press(pilot, "shift+right")
        assert rig.app.workspace.settings.count_in_s == 60
        await press(pilot, "right")
        assert rig.app.workspace.settings.count_in_s == 60
        assert any("Count-in is already at its limit" in n for n in notices(rig.app))
        await press(pilot, *(["down"] * 4))
        assert screen.current_row() == (KEYS.index("cue_interval_s"), row("cue_interval_s"))
        await press(pilot, "left")
        assert rig.app.workspace.settings.cue_interval_s == 1

    drive(rig, body)
    assert restarted(rig.db_path).count_in_s == 60


def test_every_row_shows_its_value_and_an_explanation(tmp_path: Path) -> None:
    rig = settings_rig(tmp_path, rest_between_s=30)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_settings(pilot, rig, "sound")
        for setting in ROWS:
            text = row_text(screen, setting.key)
            assert text.startswith(setting.label)
            assert setting.explain in " ".join(text.split())
        assert "‹ 30 s ›" in row_text(screen, "rest_between_s")
        assert "‹ auto ›" in row_text(screen, "sound")

    drive(rig, body)


def test_reset_first_run_notice_brings_it_back_next_start(tmp_path: Path) -> None:
    rig = settings_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_settings(pilot, rig, "first_run_ack")
        await press(pilot, "enter")
        assert any("first-run notice will show again" in n for n in notices(rig.app))

    drive(rig, body)
    again = make_rig(rig.db_path)

    async def check(pilot: Pilot[int], rig: Rig) -> None:
        assert type(rig.app.screen).__name__ == "FirstRunScreen"

    drive(again, check)
