"""The config file: keymap and defaults, and line-exact messages for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library.config import (
    CONFIG_ENV,
    Config,
    default_config_path,
    load_config,
    resolve_config_path,
)

GOOD = """\
# unpinch config
[keymap]
"player.pause" = "p"
"home.history" = "H, ctrl+h"

[defaults]
sound = "bell"
notifications = false
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config == Config(tmp_path / "nope.toml")
    assert config.settings_defaults() == {}


def test_a_good_file_gives_keymap_and_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.problem is None
    assert config.keymap == {"player.pause": "p", "home.history": "H,ctrl+h"}
    assert config.keymap_lines == {"player.pause": 3, "home.history": 4}
    assert (config.sound, config.notifications) == ("bell", False)
    assert config.settings_defaults() == {"sound": "bell", "notify": "off"}


def test_the_notifications_default_reaches_a_fresh_data_file_but_not_a_chosen_one(
    tmp_path: Path,
) -> None:
    from unpinch.library.store import Store
    from unpinch.library.workspace import open_workspace

    defaults = load_config(write(tmp_path, GOOD)).settings_defaults()
    fresh = open_workspace(tmp_path / "fresh.json", defaults=defaults)
    assert fresh.settings.notify == "off"
    fresh.close()
    with Store.open(tmp_path / "chosen.json") as store:
        store.set_setting("notify", "osc9")
    chosen = open_workspace(tmp_path / "chosen.json", defaults=defaults)
    assert chosen.settings.notify == "osc9"
    chosen.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[keymap]\n"player.pause" = "p"\n\n[defaults]\nsound = "loud"\n',
            ":5: defaults.sound: must be one of auto, speaker, bell, off, got 'loud';"
            " using the defaults",
        ),
        (
            "[defaults]\nnotifications = 1\n",
            ":2: defaults.notifications: must be true or false; using the defaults",
        ),
        (
            "[defaults]\nvolume = 3\n",
            ":2: defaults.volume: unknown key; use sound or notifications; using the defaults",
        ),
        (
            '\n\ntheme = "dark"\n',
            ":3: theme: unknown key; use [keymap] or [defaults]; using the defaults",
        ),
        (
            '[keymap]\n"player.pause" = "p"\n"player.next" = 5\n',
            ':3: keymap.player.next: must be keys like "n" or "ctrl+n,right", comma-separated;'
            " using the defaults",
        ),
        (
            '[keymap]\npause = "p"\n',
            ":2: keymap.pause: is not a binding id like player.next; using the defaults",
        ),
        (
            'keymap = "p"\n',
            ":1: keymap: must be a table ([keymap]); using the defaults",
        ),
    ],
)
def test_a_bad_value_names_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    config = load_config(path)
    assert config.problem == f"{path}{message}"
    assert (config.keymap, config.sound, config.notifications) == ({}, None, None)


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[keymap]\n"player.pause" = "p"\n"player.next" = \n')
    config = load_config(path)
    assert config.problem is not None
    assert config.problem.startswith(f"{path}:3: ")
    assert config.problem.endswith("; using the defaults")
    assert config.keymap == {}


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe[keymap]\n")
    config = load_config(path)
    assert config.problem is not None and config.problem.startswith(f"{path}: cannot be read")


def test_the_environment_points_at_another_file(tmp_path: Path) -> None:
    assert resolve_config_path({CONFIG_ENV: str(tmp_path / "c.toml")}) == tmp_path / "c.toml"
    assert resolve_config_path({CONFIG_ENV: "~/c.toml"}) == Path.home() / "c.toml"
    assert resolve_config_path({CONFIG_ENV: ""}) == default_config_path()
    assert default_config_path().name == "config.toml"
    assert "unpinch" in default_config_path().parts


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_config_or_one_line_problem(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text(text, encoding="utf-8", newline="")
    config = load_config(path)
    if config.problem is None:
        assert all(isinstance(v, str) and v for v in config.keymap.values())
    else:
        assert "\n" not in config.problem
        assert config.problem.startswith(f"{path}:")
        assert config.keymap == {}


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}", fullmatch=True),
        st.from_regex(r"[a-z0-9]{1,6}(\+[a-z]{1,5})?", fullmatch=True),
        max_size=5,
    )
)
def test_every_valid_keymap_reads_back(
    tmp_path_factory: pytest.TempPathFactory, keymap: dict[str, str]
) -> None:
    lines = ["[keymap]", *(f'"{k}" = "{v}"' for k, v in keymap.items())]
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(path)
    assert config.problem is None
    assert config.keymap == keymap
    assert config.keymap_lines == {k: i + 2 for i, k in enumerate(keymap)}
