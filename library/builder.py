"""Pure helpers behind the routine builder: checked dose values, ids, copies and item edits.

Nothing here touches the store or the screen. Every edit returns a new
:class:`Routine`, so the builder can keep the original for "discard changes"
and tests can check each edit on its own. The limits are the codec's, so a
value the builder accepts is one the store and routine files accept too.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection
from dataclasses import replace
from typing import NamedTuple

from unpinch.library.codec import HOLD_BOUNDS, REPS_BOUNDS, REST_BOUNDS, SETS_BOUNDS, TEMPO_BOUNDS
from unpinch.library.model import Dose, Routine, RoutineItem
from unpinch.library.plan import estimate_duration_s

__all__ = [
    "DOSE_LIMITS",
    "NAME_MAX",
    "Limit",
    "check_dose_value",
    "check_name",
    "dose_conflict",
    "duplicate",
    "estimated_duration_s",
    "new_routine_id",
    "with_item_added",
    "with_item_dose",
    "with_item_moved",
    "with_item_removed",
]

NAME_MAX = 80
"""The longest routine name accepted, so it fits a line of the 80-column home screen."""

ID_MAX = 48
"""The longest id :func:`new_routine_id` makes from a name."""


class Limit(NamedTuple):
    """The accepted range of one number field and its unit ("s" or "")."""

    low: float
    high: float
    unit: str


DOSE_LIMITS: dict[str, Limit] = {
    "hold_s": Limit(*HOLD_BOUNDS, "s"),
    "reps": Limit(*REPS_BOUNDS, ""),
    "sets": Limit(*SETS_BOUNDS, ""),
    "rest_s": Limit(*REST_BOUNDS, "s"),
    "tempo_s": Limit(*TEMPO_BOUNDS, "s"),
    "rest_between_s": Limit(*REST_BOUNDS, "s"),
}
"""Per field: lowest and highest accepted value and the unit, as the codec enforces them."""

_WORDS = {
    "hold_s": "hold",
    "reps": "reps",
    "sets": "sets",
    "rest_s": "rest",
    "tempo_s": "tempo",
    "rest_between_s": "rest between exercises",
}
_DECIMAL_FIELDS = frozenset({"tempo_s"})


# --- checking typed values ----------------------------------------------------


def _limits_text(field: str) -> str:
    """Say a field's accepted range in words: "between 1 and 600 s"."""
    low, high, unit = DOSE_LIMITS[field]
    return f"between {low:g} and {high:g} {unit}".rstrip()


def check_dose_value(field: str, text: str) -> tuple[int | float | None, str | None]:
    """Parse a typed dose value; return (value, None), or (None, reason) when refused.

    Whole-number fields refuse decimals; tempo takes decimals. The reason is
    a plain sentence the builder shows beside the field, such as
    "hold must be between 1 and 600 s".
    """
    if field not in DOSE_LIMITS:
        return None, f"there is no dose field called '{field}'"
    word = _WORDS[field]
    cleaned = text.strip().replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None, f"{word} must be a number {_limits_text(field)}"
    if not math.isfinite(number):
        return None, f"{word} must be a number {_limits_text(field)}"
    if field not in _DECIMAL_FIELDS and not number.is_integer():
        return None, f"{word} must be a whole number {_limits_text(field)}"
    low, high, _ = DOSE_LIMITS[field]
    if not low <= number <= high:
        return None, f"{word} must be {_limits_text(field)}"
    return (number if field in _DECIMAL_FIELDS else int(number)), None


def check_name(text: str) -> str | None:
    """Return why a routine name is refused (blank or too long), or None when it is fine."""
    if not text.strip():
        return "name must not be empty"
    if len(text) > NAME_MAX:
        return f"name must be at most {NAME_MAX} characters, got {len(text)}"
    return None


def dose_conflict(dose: Dose) -> str | None:
    """Return why a dose's fields contradict each other, or None when they agree.

    A counted dose is paced by the user's own taps, which only makes sense
    for movements: a hold is timed, so "counted" and "hold_s" exclude each other.
    """
    if dose.counted and dose.hold_s is not None:
        return "counted cannot be true for a hold: a hold is timed, counted reps are not"
    return None


# --- ids and copies -------------------------------------------------------------


def _slug(name: str) -> str:
    """Turn a name into kebab-case ASCII: "Mañana stretch!" -> "manana-stretch"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:ID_MAX].rstrip("-") or "routine"


def new_routine_id(name: str, taken: Collection[str]) -> str:
    """Make a kebab-case id from ``name`` that is not in ``taken``, adding -2, -3... if needed."""
    base = _slug(name)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def duplicate(routine: Routine, taken: Collection[str]) -> Routine:
    """A user-owned copy named "Copy of …" with a fresh id, so built-ins stay untouched."""
    name = f"Copy of {routine.name}"
    if len(name) > NAME_MAX:
        name = name[: NAME_MAX - 1].rstrip() + "…"
    return replace(routine, id=new_routine_id(name, taken), name=name, builtin=False)


# --- item edits -----------------------------------------------------------------


def _clamp(index: int, size: int) -> int:
    """Keep an index within 0..size."""
    return max(0, min(index, size))


def _checked_index(routine: Routine, index: int) -> None:
    """Raise IndexError naming the routine when ``index`` is not one of its items."""
    if not 0 <= index < len(routine.items):
        raise IndexError(f"routine '{routine.id}' has no item {index}")


def with_item_added(
    routine: Routine, index: int, exercise_id: str, dose: Dose | None = None
) -> Routine:
    """Insert an exercise before position ``index`` (clamped; len(items) appends)."""
    items = list(routine.items)
    items.insert(_clamp(index, len(items)), RoutineItem(exercise_id, dose))
    return replace(routine, items=tuple(items))


def with_item_removed(routine: Routine, index: int) -> Routine:
    """Remove the item at ``index``; IndexError when there is none."""
    _checked_index(routine, index)
    return replace(routine, items=routine.items[:index] + routine.items[index + 1 :])


def with_item_moved(routine: Routine, index: int, to_index: int) -> Routine:
    """Move the item at ``index`` to ``to_index`` (clamped to the ends), keeping every item."""
    _checked_index(routine, index)
    items = list(routine.items)
    item = items.pop(index)
    items.insert(_clamp(to_index, len(items)), item)
    return replace(routine, items=tuple(items))


def with_item_dose(routine: Routine, index: int, dose: Dose | None) -> Routine:
    """Give the item at ``index`` its own dose; None goes back to the exercise's dose."""
    _checked_index(routine, index)
    items = list(routine.items)
    items[index] = replace(items[index], dose=dose)
    return replace(routine, items=tuple(items))


estimated_duration_s = estimate_duration_s
"""The routine's length in seconds as the player would play it; 0 when it is empty."""
