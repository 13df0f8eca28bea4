"""User settings: sound, notifications, count-in, affected side, pauses, theme.

Settings live in the store as a plain dict that a person may have edited by
hand, so :meth:`Settings.from_dict` never trusts it: unknown keys are ignored
and a bad value falls back to its default instead of stopping the program.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

SOUNDS: tuple[str, ...] = ("auto", "speaker", "bell", "off")
AFFECTED_SIDES: tuple[str, ...] = ("left", "right", "both")
VOICES: tuple[str, ...] = ("off", "announce", "coach")
"""What is spoken aloud (see ``unpinch.library.speech``)."""
NOTIFY_FORMS: tuple[str, ...] = ("auto", "osc777", "osc9", "osc99", "bell", "off")
"""How desktop notifications are written to the terminal (see ``unpinch.tui.notify``)."""


@dataclass(frozen=True)
class Settings:
    """Everything the user can change, with safe defaults.

    ``affected_side`` decides which side plays first for each-side exercises;
    "both" plays left first, like "left", but keeps the user's answer.
    ``rest_between_s`` of None means "use the routine's own rest".
    """

    sound: str = "auto"
    count_in_s: int = 5
    affected_side: str = "left"
    switch_pause_s: int = 5
    rest_between_s: int | None = None
    cue_interval_s: int = 6
    theme: str = "textual-dark"
    progression: bool = True
    first_run_ack: bool = False
    notify: str = "auto"
    voice: str = "announce"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Build settings from stored data, keeping only known keys with valid values."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in data and _CHECKS[f.name](data[f.name]):
                values[f.name] = data[f.name]
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-serialisable form that :meth:`from_dict` reads back."""
        return asdict(self)

    @property
    def first_side(self) -> str:
        """The side that plays first in each-side exercises ("left" or "right")."""
        return "right" if self.affected_side == "right" else "left"


def _whole(low: int, high: int) -> Callable[[object], bool]:
    """Make a check for a whole number within [low, high]; bools are not numbers here."""

    def check(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high

    return check


def _one_of(choices: tuple[str, ...]) -> Callable[[object], bool]:
    """Make a check for one of a fixed set of strings."""
    return lambda value: isinstance(value, str) and value in choices


def _is_bool(value: object) -> bool:
    """Accept a real bool only (not 0/1, which a hand edit might leave)."""
    return isinstance(value, bool)


def _optional_rest(value: object) -> bool:
    """Accept None (the routine's rest) or whole seconds up to ten minutes."""
    return value is None or _whole(0, 600)(value)


def _theme_name(value: object) -> bool:
    """Accept a non-empty theme name; whether the theme exists is the UI's question."""
    return isinstance(value, str) and value.strip() != ""


_CHECKS: dict[str, Callable[[object], bool]] = {
    "sound": _one_of(SOUNDS),
    "count_in_s": _whole(0, 60),
    "affected_side": _one_of(AFFECTED_SIDES),
    "switch_pause_s": _whole(0, 120),
    "rest_between_s": _optional_rest,
    "cue_interval_s": _whole(1, 120),
    "theme": _theme_name,
    "progression": _is_bool,
    "first_run_ack": _is_bool,
    "notify": _one_of(NOTIFY_FORMS),
    "voice": _one_of(VOICES),
}
