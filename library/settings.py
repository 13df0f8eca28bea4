"""User settings: sound, voice, notifications, count-in, side, pauses, theme, progression, pins.

Settings live in the store as a plain dict that a person may have edited by
hand, so :meth:`Settings.from_dict` never trusts it: unknown keys are ignored
and a bad value falls back to its default instead of stopping the program.

What each setting may hold (its choices, or its bounds) is declared once, in
:data:`SPECS`; the check on the way in and the settings screen's rows both
come from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, fields, replace
from typing import Any, Literal

from unpinch.library.choices import NOTIFY_FORMS as NOTIFY_FORMS
from unpinch.library.choices import SOUNDS as SOUNDS
from unpinch.library.choices import VOICES as VOICES
from unpinch.library.codec import CatalogError, dose_from_dict, dose_to_dict
from unpinch.library.model import Dose
from unpinch.library.record import Record, record

AFFECTED_SIDES: tuple[str, ...] = ("left", "right", "both")
GLYPH_MODES: tuple[str, ...] = ("auto", "plain", "unicode")
"""Which characters reach the terminal: plain ones only the Linux console draws (auto: by TERM)."""
PINS_KEY = "pinned_doses"
"""The stored setting holding the user's pinned doses: {exercise_id: dose dict}."""

SpecKind = Literal["choice", "number", "flag", "name", "doses"]


@record
class SettingSpec(Record):
    """What one setting may hold: one of ``choices``, a whole number within ``bounds``, ...

    ``optional`` numbers may also be None (shown as "routine's own"). A
    "name" is any non-empty text (a theme: whether it exists is the UI's
    question); "doses" maps exercise ids to doses.
    """

    key: str
    kind: SpecKind
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] = (0, 0)
    optional: bool = False

    def accepts(self, value: object) -> bool:
        """True when ``value`` is allowed; bools are not numbers here, nor 0/1 bools."""
        if self.kind == "choice":
            return isinstance(value, str) and value in self.choices
        if self.kind == "number":
            return (value is None and self.optional) or _whole_within(value, self.bounds)
        if self.kind == "flag":
            return isinstance(value, bool)
        if self.kind == "name":
            return isinstance(value, str) and value.strip() != ""
        return isinstance(value, Mapping)


def _whole_within(value: object, bounds: tuple[int, int]) -> bool:
    """A whole number (not a bool) within [low, high]."""
    low, high = bounds
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("sound", "choice", choices=SOUNDS),
        SettingSpec("count_in_s", "number", bounds=(0, 60)),
        SettingSpec("affected_side", "choice", choices=AFFECTED_SIDES),
        SettingSpec("switch_pause_s", "number", bounds=(0, 120)),
        SettingSpec("rest_between_s", "number", bounds=(0, 600), optional=True),
        SettingSpec("cue_interval_s", "number", bounds=(1, 120)),
        SettingSpec("theme", "name"),
        SettingSpec("progression", "flag"),
        SettingSpec("first_run_ack", "flag"),
        SettingSpec(PINS_KEY, "doses"),
        SettingSpec("notify", "choice", choices=NOTIFY_FORMS),
        SettingSpec("voice", "choice", choices=VOICES),
        SettingSpec("glyphs", "choice", choices=GLYPH_MODES),
    )
}
"""Every setting's allowed values, by key (the field name in :class:`Settings`)."""


@record
class Settings(Record):
    """Everything the user can change, with safe defaults.

    ``affected_side`` is the leg the user says is affected: exercises meant
    for the affected leg play on it alone ("both" plays them on each side),
    and it plays first in other each-side exercises ("both": left first).
    ``rest_between_s`` of None means "use the routine's own rest".
    ``pinned_doses`` are the doses the user pinned (``P`` in the player): a
    pinned dose is played exactly as stored, whatever progression says.
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
    pinned_doses: Mapping[str, Dose] = field(default_factory=dict)
    notify: str = "auto"
    voice: str = "announce"
    glyphs: str = "auto"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Build settings from stored data, keeping only known keys with valid values."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in data and SPECS[f.name].accepts(data[f.name]):
                values[f.name] = data[f.name]
        values[PINS_KEY] = _doses(values.get(PINS_KEY, {}))
        return cls(**values)

    @classmethod
    def problems(cls, data: Mapping[str, Any]) -> list[str]:
        """One line per stored setting that :meth:`from_dict` drops: out of range or unknown.

        A hand edit must not stop the program, but it must not pass in silence either.
        """
        defaults = cls().to_dict()
        lines = []
        for key, value in data.items():
            if key not in SPECS:
                lines.append(f"Ignored the unknown setting {_short(key)}.")
            elif not SPECS[key].accepts(value):
                lines.append(
                    f"The setting {key} had {_short(value)}, which is not allowed; "
                    f"using the default ({defaults[key]!r})."
                )
        return lines

    def changed_from(self, old: Settings) -> dict[str, Any]:
        """The stored form of the settings that differ from ``old``: all a save should write."""
        mine, theirs = self.to_dict(), old.to_dict()
        return {key: value for key, value in mine.items() if theirs.get(key) != value}

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-serialisable form that :meth:`from_dict` reads back."""
        plain = {f.name: getattr(self, f.name) for f in fields(self)}
        plain[PINS_KEY] = {key: dose_to_dict(dose) for key, dose in self.pinned_doses.items()}
        return plain

    @property
    def first_side(self) -> str:
        """The side that plays first in each-side exercises ("left" or "right")."""
        return "right" if self.affected_side == "right" else "left"

    def pinned(self, exercise_id: str, dose: Dose) -> Settings:
        """These settings with ``exercise_id`` pinned at ``dose``."""
        return replace(self, pinned_doses={**self.pinned_doses, exercise_id: dose})

    def unpinned(self, exercise_id: str) -> Settings:
        """These settings without a pin on ``exercise_id``."""
        pins = {key: dose for key, dose in self.pinned_doses.items() if key != exercise_id}
        return replace(self, pinned_doses=pins)


def pins_merged(stored: object, old: Settings, new: Settings) -> dict[str, Any]:
    """The stored pins with the pins changed from ``old`` to ``new`` applied, and no others.

    Another copy of unpinch may have pinned something meanwhile; applying
    only our own additions and removals keeps its pin too.
    """
    pins = dict(stored) if isinstance(stored, Mapping) else {}
    before, after = old.to_dict()[PINS_KEY], new.to_dict()[PINS_KEY]
    for exercise_id in before.keys() - after.keys():
        pins.pop(exercise_id, None)
    for exercise_id, dose in after.items():
        if before.get(exercise_id) != dose:
            pins[exercise_id] = dose
    return pins


def _short(value: object) -> str:
    """A short, escaped rendering of a stored value for a message."""
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _doses(stored: Mapping[str, Any]) -> dict[str, Dose]:
    """Stored pinned doses as Doses; one that no longer validates is left out."""
    doses: dict[str, Dose] = {}
    for exercise_id, data in stored.items():
        try:
            doses[str(exercise_id)] = dose_from_dict(data, "a pinned dose")
        except (CatalogError, KeyError, TypeError, AttributeError):
            continue
    return doses
