"""The config file: what a person sets once by hand, in ``config.toml``.

Settings that the settings screen changes live in the store. The config file
holds the rest: a ``[keymap]`` table that rebinds any action by its binding id,
and a ``[defaults]`` table with the sound mode and notifications that a fresh
store starts with. It lives in the platform's user config folder
(``~/.config/unpinch/config.toml`` on Linux); ``UNPINCH_CONFIG`` points elsewhere.

A file that does not parse or holds a value that is not allowed is reported on
one line naming the file, the line and the key, and then ignored as a whole, so
the app starts with the defaults rather than half a configuration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unpinch.library.paths import APP_NAME
from unpinch.library.record import Record, record
from unpinch.library.settings import SOUNDS

if TYPE_CHECKING:
    import tomllib

    from unpinch.library.toml_positions import KeyPath

CONFIG_ENV = "UNPINCH_CONFIG"
CONFIG_FILE = "config.toml"
KEY_LIST = re.compile(r"^[A-Za-z0-9_+\-]+(,[A-Za-z0-9_+\-]+)*$")
"""Comma-separated Textual key names: ``ctrl+n``, ``space``, ``j,down``."""
BINDING_ID = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$")
"""A binding id as unpinch writes them: ``player.next``, ``home.history``."""


@record
class Config(Record):
    """What the config file says, or the defaults with a note on why it was ignored."""

    path: Path
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, as Textual's ``App.set_keymap`` takes it."""
    keymap_lines: dict[str, int] = field(default_factory=dict)
    """The line of each keymap entry, to point at an id no binding has."""
    sound: str | None = None
    """The sound mode a fresh store starts with; None leaves the built-in "auto"."""
    notifications: bool | None = None
    """Whether desktop notifications may be sent; None leaves the front end's default."""
    problem: str | None = None
    """One line naming the file, line and key when the file was ignored."""

    def settings_defaults(self) -> dict[str, Any]:
        """Return the stored-settings defaults this file sets (only those it names).

        ``notifications = false`` starts with desktop notifications off; ``true`` with the
        form the terminal is likely to show (``auto``).
        """
        found: dict[str, Any] = {} if self.sound is None else {"sound": self.sound}
        if self.notifications is not None:
            found["notify"] = "auto" if self.notifications else "off"
        return found


class ConfigError(ValueError):
    """A config value that is not allowed, with the key path that holds it."""

    def __init__(self, path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.path = path


def default_config_path() -> Path:
    """Return ``config.toml`` in the per-user config folder (~/.config/unpinch on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / CONFIG_FILE


def resolve_config_path(env: Mapping[str, str]) -> Path:
    """Pick the config file: ``UNPINCH_CONFIG`` when set (``~`` expanded), else the default."""
    value = env.get(CONFIG_ENV)
    return Path(value).expanduser() if value else default_config_path()


def load_config(path: Path) -> Config:
    """Read and check the config file; a missing file is the defaults, a bad one is reported."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError) as error:
        return Config(path, problem=f"{path}: cannot be read ({error}); using the defaults")
    # Only a start with a config file pays for the TOML parser (about 2 ms of imports).
    import tomllib

    from unpinch.library.toml_positions import dotted, scan_positions

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(path, problem=syntax_problem(path, error))
    lines = scan_positions(text)
    try:
        return parse_config(path, data, {k: lines.line_of(k) for k in lines.lines})
    except ConfigError as error:
        where = f"{path}:{lines.line_of(error.path)}: {dotted(error.path)}"
        return Config(path, problem=f"{where}: {error}; using the defaults")


def syntax_problem(path: Path, error: tomllib.TOMLDecodeError) -> str:
    """Say where TOML's parser stopped: ``FILE:LINE: message``."""
    message = str(error)
    found = re.search(r"\(at line (\d+), column \d+\)", message)
    line = found.group(1) if found else "1"
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "not valid TOML"
    return f"{path}:{line}: {reason}; using the defaults"


def parse_config(path: Path, data: Mapping[str, Any], lines: Mapping[KeyPath, int]) -> Config:
    """Turn parsed TOML into a ``Config``, raising ``ConfigError`` on the first bad key."""
    for key in data:
        if key not in ("keymap", "defaults"):
            raise ConfigError((key,), "unknown key; use [keymap] or [defaults]")
    keymap = parse_keymap(table(data, "keymap"))
    defaults = table(data, "defaults")
    for key in defaults:
        if key not in ("sound", "notifications"):
            raise ConfigError(("defaults", key), "unknown key; use sound or notifications")
    sound = defaults.get("sound")
    if sound is not None and sound not in SOUNDS:
        choices = ", ".join(SOUNDS)
        raise ConfigError(("defaults", "sound"), f"must be one of {choices}, got {sound!r}")
    notifications = defaults.get("notifications")
    if notifications is not None and not isinstance(notifications, bool):
        raise ConfigError(("defaults", "notifications"), "must be true or false")
    keymap_lines = {k: lines.get(("keymap", k), 1) for k in keymap}
    return Config(path, keymap, keymap_lines, sound, notifications)


def table(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """Return the table ``name`` (empty when absent); anything else is an error."""
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError((name,), f"must be a table ([{name}])")
    return value


def parse_keymap(keymap: Mapping[str, Any]) -> dict[str, str]:
    """Check each ``binding.id = "keys"`` entry: a dotted id and Textual key names."""
    out: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        if not BINDING_ID.match(binding_id):
            raise ConfigError(("keymap", binding_id), "is not a binding id like player.next")
        if not isinstance(keys, str) or not KEY_LIST.match(keys.replace(" ", "")):
            raise ConfigError(
                ("keymap", binding_id), 'must be keys like "n" or "ctrl+n,right", comma-separated'
            )
        out[binding_id] = keys.replace(" ", "")
    return out
