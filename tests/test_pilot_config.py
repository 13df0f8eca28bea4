"""Pilot tests of the config file in the app: rebound keys everywhere, defaults, a bad file."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Footer

from tests.pilot_helpers import (
    Rig,
    drive,
    flat,
    make_rig,
    modal_text,
    notices,
    press,
    screen_text,
    seed,
)
from unpinch.library.config import Config, load_config
from unpinch.library.store import Store
from unpinch.tui.screens.help import HelpScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.settings import SettingsScreen

KEYMAP = '[keymap]\n"home.history" = "y"\n"home.settings" = "o,ctrl+o"\n'


def config_rig(tmp_path: Path, text: str, *, fresh: bool = False) -> Rig:
    """An app whose config file says ``text``; the first-run notice already seen unless fresh."""
    db = tmp_path / "unpinch.json"
    seed(db)
    if not fresh:
        with Store.open(db) as store:
            store.set_setting("first_run_ack", True)
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return make_rig(db, config=load_config(path))


def footer_text(rig: Rig) -> str:
    """What the footer row (the screen's last line) shows, flattened."""
    assert rig.app.screen.query_one(Footer).display
    return flat(screen_text(rig.app).splitlines()[-1])


def test_a_rebound_key_runs_the_action_and_the_old_one_does_not(tmp_path: Path) -> None:
    rig = config_rig(tmp_path, KEYMAP)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "h")
        rig.extra["after_h"] = type(rig.app.screen).__name__
        await press(pilot, "ctrl+o")
        rig.extra["after_ctrl_o"] = type(rig.app.screen).__name__
        await press(pilot, "escape", "y")
        rig.extra["after_y"] = type(rig.app.screen).__name__

    drive(rig, body)
    assert rig.extra == {
        "after_h": "HomeScreen",
        "after_ctrl_o": "SettingsScreen",
        "after_y": "HistoryScreen",
    }


def test_help_footer_and_palette_show_the_rebound_keys(tmp_path: Path) -> None:
    rig = config_rig(tmp_path, KEYMAP)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, HomeScreen)
        for _ in range(40):  # the footer fills in once its bindings are known
            if "History" in footer_text(rig):
                break
            await pilot.pause(0.05)
        rig.extra["footer"] = footer_text(rig)
        await press(pilot, "question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        rig.extra["help"] = modal_text(rig.app)
        await press(pilot, "escape")
        home = rig.app.screen_stack[-1]
        assert type(home) is HomeScreen
        commands = rig.app.get_system_commands(home)
        rig.extra["palette"] = {c.title: c.help for c in commands}

    drive(rig, body)
    assert "y History" in rig.extra["footer"]
    assert "h History" not in rig.extra["footer"]
    assert "y Your history" in rig.extra["help"]
    assert "o / ctrl+o Settings" in rig.extra["help"]
    assert "h Your history" not in rig.extra["help"]
    assert rig.extra["palette"]["Your history"] == "key: y"
    assert rig.extra["palette"]["Settings"] == "key: o / ctrl+o"


def test_a_bad_config_is_reported_and_the_keys_stay_as_they_were(tmp_path: Path) -> None:
    rig = config_rig(tmp_path, '[keymap]\n"home.history" = "y"\n[defaults]\nsound = 3\n')

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        rig.extra["notices"] = notices(rig.app)
        await press(pilot, "h")
        rig.extra["after_h"] = type(rig.app.screen).__name__

    drive(rig, body)
    path = tmp_path / "config.toml"
    assert (
        f"{path}:4: defaults.sound: must be one of auto, speaker, bell, off, got 3;"
        " using the defaults"
    ) in rig.extra["notices"]
    assert rig.extra["after_h"] == "HistoryScreen"


def test_the_config_sound_default_is_what_a_fresh_store_starts_with(tmp_path: Path) -> None:
    rig = config_rig(tmp_path, '[defaults]\nsound = "bell"\n', fresh=True)
    assert rig.app.workspace.settings.sound == "bell"
    db = tmp_path / "other.json"
    with Store.open(db) as store:
        store.set_setting("sound", "off")
    config = Config(tmp_path / "c.toml", sound="bell")
    assert make_rig(db, config=config).app.workspace.settings.sound == "off"


def test_settings_say_what_plays_the_cues(tmp_path: Path) -> None:
    rig = config_rig(tmp_path, "")

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "s")
        assert isinstance(rig.app.screen, SettingsScreen)
        rig.app.sound_chosen("speaker (miniaudio)")
        await pilot.pause()
        rig.extra["row"] = settings_sound_row(rig)

    drive(rig, body)
    assert rig.extra["row"].startswith("Sound ‹ auto ›")
    assert "Now: speaker (miniaudio) · auto: the speaker, or the bell" in rig.extra["row"]


def settings_sound_row(rig: Rig) -> str:
    """The sound row of the settings screen as plain text."""
    from textual.widgets import OptionList

    from tests.pilot_helpers import plain

    options = rig.app.screen.query_one("#settings-list", OptionList)
    return plain(options.get_option_at_index(0).prompt, width=80)


def test_a_keymap_id_no_binding_has_is_named_with_its_line(tmp_path: Path) -> None:
    rig = config_rig(tmp_path, '[keymap]\n"home.history" = "y"\n"home.histroy" = "z"\n')

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        for _ in range(60):  # the check runs a moment after start
            if any("histroy" in note for note in notices(rig.app)):
                break
            await pilot.pause(0.05)
        rig.extra["notices"] = notices(rig.app)

    drive(rig, body)
    path = tmp_path / "config.toml"
    unknown = [n for n in rig.extra["notices"] if "keymap." in n]
    assert unknown == [
        f"{path}:3: keymap.home.histroy: no binding has this id, so it changes nothing"
    ]


def test_every_binding_id_the_readme_names_is_known() -> None:
    import re

    from unpinch.tui.keymap_check import known_binding_ids

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Config file")[1].split("\n## ")[0]
    named = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section))
    named |= set(re.findall(r'^"([a-z_]+\.[a-z_]+)" =', section, flags=re.M))
    named -= {"config.toml", "screen.action"}  # a file name and the pattern itself
    known = known_binding_ids()
    assert len(named) >= 8
    assert named <= known, named - known
