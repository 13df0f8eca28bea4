"""Convert plain dicts to the domain dataclasses and back, validating on the way in.

The same dict shape is used by the TOML library files and by the TinyDB store,
which keeps plain JSON documents. Every ``*_to_dict`` output is JSON-ready and
round-trips through the matching ``*_from_dict``. Every problem raises
:class:`CatalogError` with a message of the form ``<where>: <field> <problem>``,
where ``where`` names the file and the entry, e.g.
``library/data/exercises.toml: exercise 'bridge': hold_s must be a positive number, got -5``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any, NoReturn, cast

from unpinch.library.model import (
    EQUIPMENT,
    KINDS,
    POSITIONS,
    SIDES,
    SWITCH_SIDES,
    Avoid,
    Dose,
    Equipment,
    Exercise,
    Kind,
    Position,
    Routine,
    RoutineItem,
    Sides,
    Source,
    Span,
    SwitchSides,
    Term,
)
from unpinch.library.pace import MAX_PHASE_NAME, MAX_PHASES, MIN_PHASES
from unpinch.library.schedule import (
    DEFAULT_SCHEDULE,
    Schedule,
    schedule_from_dict,
    schedule_to_dict,
)

__all__ = [
    "CatalogError",
    "avoid_from_dict",
    "check_known",
    "did_you_mean",
    "dose_from_dict",
    "dose_to_dict",
    "exercise_from_dict",
    "exercise_to_dict",
    "routine_from_dict",
    "routine_to_dict",
    "source_from_dict",
    "term_from_dict",
]

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

HOLD_BOUNDS = (1, 600)
REPS_BOUNDS = (1, 200)
SETS_BOUNDS = (1, 20)
REST_BOUNDS = (0, 600)
TEMPO_BOUNDS = (0.5, 30.0)
PHASE_BOUNDS = (0.1, 30.0)

DOSE_FIELDS = ("hold_s", "reps", "sets", "rest_s", "tempo_s", "counted")
EXERCISE_REQUIRED = ("id", "name", "kind", "position", "sides", "dose", "steps", "cues", "sources")
EXERCISE_OPTIONAL = (
    "aliases",
    "summary",
    "targets",
    "equipment",
    "cautions",
    "easier",
    "harder",
    "switch_sides",
    "affected_only",
    "builtin",
    "phases",
)
ROUTINE_REQUIRED = ("id", "name", "items")
ROUTINE_OPTIONAL = (
    "description",
    "frequency",
    "sources",
    "rest_between_s",
    "builtin",
    "schedule",
)
ITEM_FIELDS = ("exercise", "dose")
AVOID_FIELDS = ("id", "name", "reason", "instead", "sources")
SOURCE_FIELDS = ("id", "title")
TERM_REQUIRED = ("id", "term", "meaning")
TERM_OPTIONAL = ("sources",)


class CatalogError(ValueError):
    """Library or routine data that cannot be used; the message says where and why."""


# --- reporting ----------------------------------------------------------------


def _fail(where: str, message: str) -> NoReturn:
    """Raise a CatalogError prefixed with the file and entry it concerns."""
    raise CatalogError(f"{where}: {message}")


def _show(value: Any) -> str:
    """Render a bad value the way it would look in a TOML file, for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "a table"
    return repr(value)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return a " (did you mean 'x'?)" hint for a misspelt name, or "" if none is close."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_fields(
    d: Mapping[str, Any], where: str, required: Collection[str], optional: Collection[str] = ()
) -> None:
    """Reject unknown keys (suggesting the nearest known one) and missing required keys.

    Unknown keys are reported first: a misspelt required key is both unknown and
    missing, and "did you mean" is the more useful message.
    """
    known = [*required, *optional]
    for key in d:
        if key not in known:
            _fail(where, f"unknown field '{key}'{did_you_mean(str(key), known)}")
    for key in required:
        if key not in d:
            _fail(where, f"missing required field '{key}'")


def check_known(
    where: str, field: str, values: Iterable[str], known: Collection[str], what: str
) -> None:
    """Fail if any of ``values`` is not one of ``known``, e.g. a source id or exercise id.

    ``what`` names the kind of thing referred to ("source", "exercise").
    """
    for value in values:
        if value not in known:
            hint = did_you_mean(value, known)
            _fail(where, f"{field} names unknown {what} '{value}'{hint}")


# --- scalar fields --------------------------------------------------------------


def _is_int(value: Any) -> bool:
    """Tell whether a value is a whole number; TOML booleans do not count as numbers."""
    return isinstance(value, int) and not isinstance(value, bool)


def _check_bounds(value: float, key: str, where: str, bounds: tuple[float, float]) -> None:
    """Fail if a number lies outside the inclusive ``bounds``, with a plain-words message."""
    low, high = bounds
    if value < low:
        if low == 1:
            _fail(where, f"{key} must be a positive number, got {_show(value)}")
        if low == 0:
            _fail(where, f"{key} must not be negative, got {_show(value)}")
        _fail(where, f"{key} must be at least {low}, got {_show(value)}")
    if value > high:
        _fail(where, f"{key} must be at most {_show(high)}, got {_show(value)}")


def _whole(value: Any, key: str, where: str, bounds: tuple[int, int]) -> int:
    """Validate a whole number within bounds."""
    if not _is_int(value):
        _fail(where, f"{key} must be a whole number, got {_show(value)}")
    _check_bounds(value, key, where, bounds)
    return cast(int, value)


def _number(value: Any, key: str, where: str, bounds: tuple[float, float]) -> float:
    """Validate a whole or decimal number within bounds, returned as a float."""
    if not (_is_int(value) or isinstance(value, float)) or not math.isfinite(value):
        _fail(where, f"{key} must be a number, got {_show(value)}")
    _check_bounds(value, key, where, bounds)
    return float(value)


def _flag(value: Any, key: str, where: str) -> bool:
    """Validate a true/false value."""
    if not isinstance(value, bool):
        _fail(where, f"{key} must be true or false, got {_show(value)}")
    return value


def _text(value: Any, key: str, where: str, *, blank_ok: bool = False) -> str:
    """Validate a string; blank strings are refused unless ``blank_ok``."""
    if not isinstance(value, str):
        _fail(where, f"{key} must be text, got {_show(value)}")
    if not blank_ok and not value.strip():
        _fail(where, f"{key} must not be empty")
    return value


def _ident(value: Any, key: str, where: str) -> str:
    """Validate a stable kebab-case id such as "knee-to-chest"."""
    text = _text(value, key, where)
    if not ID_PATTERN.fullmatch(text):
        _fail(
            where,
            f"{key} must be kebab-case (lowercase letters, digits and single hyphens), "
            f"got {_show(text)}",
        )
    return text


def _choice(value: Any, key: str, where: str, allowed: tuple[str, ...]) -> str:
    """Validate one of a fixed set of words, listing the allowed ones on failure."""
    if not isinstance(value, str) or value not in allowed:
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        _fail(where, f"{key} must be one of {', '.join(allowed)}, got {_show(value)}{hint}")
    return value


def _span(value: Any, key: str, where: str, bounds: tuple[int, int]) -> Span:
    """Validate a whole number or a ``[low, high]`` range, both ends within bounds."""
    if _is_int(value):
        number = _whole(value, key, where, bounds)
        return Span(number, number)
    if not isinstance(value, list | tuple) or len(value) != 2 or not all(map(_is_int, value)):
        _fail(where, f"{key} must be a whole number or [low, high], got {_show(value)}")
    low = _whole(value[0], key, where, bounds)
    high = _whole(value[1], key, where, bounds)
    if low > high:
        _fail(where, f"{key} range must be [low, high] with low <= high, got {_show(value)}")
    return Span(low, high)


def span_to_json(span: Span) -> int | list[int]:
    """Serialise a span as a plain number when fixed, else as ``[low, high]``."""
    return span.low if span.fixed else [span.low, span.high]


# --- list fields ----------------------------------------------------------------


def _list(value: Any, key: str, where: str, *, non_empty: bool) -> list[Any]:
    """Validate that a value is a list (a TOML array), optionally non-empty."""
    if not isinstance(value, list | tuple):
        _fail(where, f"{key} must be a list, got {_show(value)}")
    if non_empty and not value:
        _fail(where, f"{key} must not be empty")
    return list(value)


def _texts(value: Any, key: str, where: str, *, non_empty: bool = False) -> tuple[str, ...]:
    """Validate a list of non-blank strings such as steps or cues."""
    items = _list(value, key, where, non_empty=non_empty)
    return tuple(_text(v, f"{key} item {n}", where) for n, v in enumerate(items, 1))


def _idents(value: Any, key: str, where: str) -> tuple[str, ...]:
    """Validate a list of ids such as sources or easier variants."""
    items = _list(value, key, where, non_empty=False)
    return tuple(_ident(v, f"{key} item {n}", where) for n, v in enumerate(items, 1))


def _choices(value: Any, key: str, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Validate a list whose entries each come from a fixed set, such as equipment."""
    items = _list(value, key, where, non_empty=True)
    return tuple(_choice(v, f"{key} item {n}", where, allowed) for n, v in enumerate(items, 1))


def _table(value: Any, key: str, where: str) -> Mapping[str, Any]:
    """Validate a nested table such as an exercise's dose."""
    if not isinstance(value, Mapping):
        _fail(where, f"{key} must be a table, got {_show(value)}")
    return cast(Mapping[str, Any], value)


# --- doses ----------------------------------------------------------------------


def dose_from_dict(d: Mapping[str, Any], where: str) -> Dose:
    """Build a Dose from a dose table; absent fields take the Dose defaults."""
    check_fields(d, where, (), DOSE_FIELDS)
    base = Dose()
    hold = d.get("hold_s")
    return Dose(
        reps=_span(d["reps"], "reps", where, REPS_BOUNDS) if "reps" in d else base.reps,
        hold_s=None if hold is None else _span(hold, "hold_s", where, HOLD_BOUNDS),
        sets=_whole(d.get("sets", base.sets), "sets", where, SETS_BOUNDS),
        rest_s=_whole(d.get("rest_s", base.rest_s), "rest_s", where, REST_BOUNDS),
        tempo_s=_number(d.get("tempo_s", base.tempo_s), "tempo_s", where, TEMPO_BOUNDS),
        counted=_flag(d.get("counted", base.counted), "counted", where),
    )


def dose_to_dict(dose: Dose) -> dict[str, Any]:
    """Serialise a Dose; ``hold_s`` is left out for movement (non-hold) doses."""
    out: dict[str, Any] = {}
    if dose.hold_s is not None:
        out["hold_s"] = span_to_json(dose.hold_s)
    out.update(
        reps=span_to_json(dose.reps),
        sets=dose.sets,
        rest_s=dose.rest_s,
        tempo_s=dose.tempo_s,
        counted=dose.counted,
    )
    return out


# --- exercises ------------------------------------------------------------------


def exercise_from_dict(d: Mapping[str, Any], where: str) -> Exercise:
    """Build an Exercise from one ``[[exercise]]`` table or stored document.

    Checks each field on its own; references to other exercises and to sources
    are checked by the caller, which knows the whole library.
    """
    check_fields(d, where, EXERCISE_REQUIRED, EXERCISE_OPTIONAL)
    sides = cast(Sides, _choice(d["sides"], "sides", where, SIDES))
    exercise = Exercise(
        id=_ident(d["id"], "id", where),
        name=_text(d["name"], "name", where),
        kind=cast(Kind, _choice(d["kind"], "kind", where, KINDS)),
        position=cast(Position, _choice(d["position"], "position", where, POSITIONS)),
        sides=sides,
        dose=dose_from_dict(_table(d["dose"], "dose", where), where),
        steps=_texts(d["steps"], "steps", where, non_empty=True),
        cues=_texts(d["cues"], "cues", where, non_empty=True),
        sources=_idents(d["sources"], "sources", where),
        summary=_text(d.get("summary", ""), "summary", where, blank_ok=True),
        aliases=_texts(d.get("aliases", []), "aliases", where),
        targets=_texts(d.get("targets", []), "targets", where),
        equipment=cast(
            tuple[Equipment, ...],
            _choices(d.get("equipment", ["none"]), "equipment", where, EQUIPMENT),
        ),
        cautions=_texts(d.get("cautions", []), "cautions", where),
        easier=_idents(d.get("easier", []), "easier", where),
        harder=_idents(d.get("harder", []), "harder", where),
        switch_sides=_switch_sides(d, sides, where),
        affected_only=_affected_only(d, sides, where),
        builtin=_flag(d.get("builtin", True), "builtin", where),
        phases=_phases(d.get("phases", []), where),
    )
    _phases_fit(exercise, where)
    return exercise


def _each_side_only(key: str, sides: Sides, where: str) -> None:
    """Refuse a side setting on an exercise that is not played on each side in turn."""
    if sides != "each":
        _fail(where, f"{key} only applies when sides = 'each', got sides = {_show(sides)}")


def _switch_sides(d: Mapping[str, Any], sides: Sides, where: str) -> SwitchSides:
    """Validate when an each-side exercise changes sides: after all holds, or after each."""
    if "switch_sides" not in d:
        return "after_all_holds"
    value = _choice(d["switch_sides"], "switch_sides", where, SWITCH_SIDES)
    if value != "after_all_holds":
        _each_side_only("switch_sides", sides, where)
    return cast(SwitchSides, value)


def _affected_only(d: Mapping[str, Any], sides: Sides, where: str) -> bool:
    """Validate the flag for exercises the articles give for the affected leg only."""
    value = _flag(d.get("affected_only", False), "affected_only", where)
    if value:
        _each_side_only("affected_only", sides, where)
    return value


def _phases(value: Any, where: str) -> tuple[tuple[str, float], ...]:
    """Validate the parts of a paced rep: ``[["lift", 1.5], ["hold", 1], ["lower", 1.5]]``.

    Each part is a short word (shown large on the card and spoken) and its
    seconds at the dose's tempo; an empty list means the default halves.
    """
    items = _list(value, "phases", where, non_empty=False)
    if items and not MIN_PHASES <= len(items) <= MAX_PHASES:
        _fail(where, f"phases must list {MIN_PHASES} to {MAX_PHASES} parts, got {len(items)}")
    out: list[tuple[str, float]] = []
    for number, item in enumerate(items, 1):
        key = f"phases item {number}"
        if not isinstance(item, list | tuple) or len(item) != 2:
            _fail(where, f"{key} must be [name, seconds], got {_show(item)}")
        name = _text(item[0], f"{key} name", where).strip()
        if len(name) > MAX_PHASE_NAME:
            _fail(
                where, f"{key} name must be at most {MAX_PHASE_NAME} characters, got {_show(name)}"
            )
        out.append((name, _number(item[1], f"{key} seconds", where, PHASE_BOUNDS)))
    return tuple(out)


def _phases_fit(exercise: Exercise, where: str) -> None:
    """Refuse phases whose seconds do not add up to the exercise's own tempo."""
    if not exercise.phases:
        return
    total = sum(seconds for _, seconds in exercise.phases)
    if not math.isclose(total, exercise.dose.tempo_s, abs_tol=1e-6):
        _fail(
            where,
            f"phases add up to {total:g} s but the dose's tempo_s is {exercise.dose.tempo_s:g} s",
        )


def exercise_to_dict(e: Exercise) -> dict[str, Any]:
    """Serialise an Exercise to a JSON-ready dict that exercise_from_dict accepts."""
    return {
        "id": e.id,
        "name": e.name,
        "aliases": list(e.aliases),
        "summary": e.summary,
        "kind": e.kind,
        "position": e.position,
        "targets": list(e.targets),
        "equipment": list(e.equipment),
        "sides": e.sides,
        "dose": dose_to_dict(e.dose),
        "steps": list(e.steps),
        "cues": list(e.cues),
        "cautions": list(e.cautions),
        "easier": list(e.easier),
        "harder": list(e.harder),
        "switch_sides": e.switch_sides,
        "affected_only": e.affected_only,
        "sources": list(e.sources),
        "builtin": e.builtin,
    } | ({"phases": [[name, seconds] for name, seconds in e.phases]} if e.phases else {})


# --- routines -------------------------------------------------------------------


def _item_from_dict(
    value: Any, number: int, where: str, exercise_ids: Collection[str]
) -> RoutineItem:
    """Build one routine item, ``{ exercise = "id" }`` with an optional dose override."""
    if not isinstance(value, Mapping):
        _fail(
            where, f'item {number} must be a table like {{ exercise = "id" }}, got {_show(value)}'
        )
    here = f"{where}: item {number}"
    check_fields(value, here, ("exercise",), ("dose",))
    exercise_id = _ident(value["exercise"], "exercise", here)
    if exercise_id not in exercise_ids:
        _fail(here, f"unknown exercise '{exercise_id}'{did_you_mean(exercise_id, exercise_ids)}")
    dose = value.get("dose")
    if dose is None:
        return RoutineItem(exercise_id)
    return RoutineItem(exercise_id, dose_from_dict(_table(dose, "dose", here), here))


def routine_from_dict(d: Mapping[str, Any], where: str, exercise_ids: Collection[str]) -> Routine:
    """Build a Routine from one ``[[routine]]`` table, checking it names known exercises.

    Source ids are checked by the caller, which knows the sources.
    """
    check_fields(d, where, ROUTINE_REQUIRED, ROUTINE_OPTIONAL)
    raw_items = _list(d["items"], "items", where, non_empty=True)
    return Routine(
        id=_ident(d["id"], "id", where),
        name=_text(d["name"], "name", where),
        items=tuple(_item_from_dict(v, n, where, exercise_ids) for n, v in enumerate(raw_items, 1)),
        description=_text(d.get("description", ""), "description", where, blank_ok=True),
        frequency=_text(d.get("frequency", ""), "frequency", where, blank_ok=True),
        sources=_idents(d.get("sources", []), "sources", where),
        rest_between_s=_whole(
            d.get("rest_between_s", Routine.rest_between_s), "rest_between_s", where, REST_BOUNDS
        ),
        builtin=_flag(d.get("builtin", True), "builtin", where),
        schedule=_schedule(d.get("schedule"), where),
    )


def _schedule(value: Any, where: str) -> Schedule:
    """A routine's schedule, the library's default when it has none."""
    if value is None:
        return DEFAULT_SCHEDULE
    try:
        return schedule_from_dict(value)
    except ValueError as problem:
        _fail(where, str(problem))


def _item_to_dict(item: RoutineItem) -> dict[str, Any]:
    """Serialise a routine item, leaving out the dose when it uses the exercise's own."""
    out: dict[str, Any] = {"exercise": item.exercise_id}
    if item.dose is not None:
        out["dose"] = dose_to_dict(item.dose)
    return out


def routine_to_dict(r: Routine) -> dict[str, Any]:
    """Serialise a Routine to a JSON-ready dict that routine_from_dict accepts."""
    return {
        "id": r.id,
        "name": r.name,
        "description": r.description,
        "frequency": r.frequency,
        "sources": list(r.sources),
        "rest_between_s": r.rest_between_s,
        "items": [_item_to_dict(item) for item in r.items],
        "builtin": r.builtin,
        "schedule": schedule_to_dict(r.schedule),
    }


# --- avoid list and sources -------------------------------------------------------


def avoid_from_dict(d: Mapping[str, Any], where: str) -> Avoid:
    """Build an Avoid entry from one ``[[avoid]]`` table."""
    check_fields(d, where, AVOID_FIELDS)
    return Avoid(
        id=_ident(d["id"], "id", where),
        name=_text(d["name"], "name", where),
        reason=_text(d["reason"], "reason", where),
        instead=_text(d["instead"], "instead", where),
        sources=_idents(d["sources"], "sources", where),
    )


def source_from_dict(d: Mapping[str, Any], where: str) -> Source:
    """Build a Source from one ``[[source]]`` table."""
    check_fields(d, where, SOURCE_FIELDS)
    return Source(id=_ident(d["id"], "id", where), title=_text(d["title"], "title", where))


def term_from_dict(d: Mapping[str, Any], where: str) -> Term:
    """Build a glossary Term from one ``[[term]]`` table."""
    check_fields(d, where, TERM_REQUIRED, TERM_OPTIONAL)
    return Term(
        id=_ident(d["id"], "id", where),
        term=_text(d["term"], "term", where),
        meaning=_text(d["meaning"], "meaning", where),
        sources=_idents(d.get("sources", []), "sources", where),
    )
