"""Load and validate the figures in ``library/data/figures.toml``.

Each ``[[figure]]`` names an exercise, the props it uses, the limbs its
steps move and a ``[figure.start]`` and ``[figure.end]`` pose (optionally
``middle`` and ``other``). A pose lists only the angles that differ from the
start pose (the start pose from standing straight): ``legs.knee = 90`` bends
both knees, ``right_leg.knee = 90`` only the right one. Every problem raises a
:class:`CatalogError` naming the file, the figure and the field.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, cast

from unpinch.library.catalog import (
    DATA_DIR,
    _entries,
    _entry_where,
    _read_toml,
    shown_path,
)
from unpinch.library.codec import CatalogError, did_you_mean
from unpinch.library.figures.body import JOINT_RANGES, Arm, Leg, Pose, joint_names
from unpinch.library.figures.spec import (
    LIMBS,
    POSE_NAMES,
    PROPS,
    SUPPORTS,
    Figure,
    Limb,
    Prop,
    Support,
)

FIGURES_FILE = "figures.toml"
FIGURE_FIELDS = (
    "exercise",
    "working",
    "props",
    "view",
    "hold",
    "rep",
    "support",
    "anchor",
    "note",
    "still",
    *POSE_NAMES,
)
BODY_FIELDS = ("spine", "roll", "twist", "neck")
LIMB_GROUPS = {
    "legs": ("left_leg", "right_leg"),
    "arms": ("left_arm", "right_arm"),
    "left_leg": ("left_leg",),
    "right_leg": ("right_leg",),
    "left_arm": ("left_arm",),
    "right_arm": ("right_arm",),
}
LEG_FIELDS = tuple(f.name for f in fields(Leg))
ARM_FIELDS = tuple(f.name for f in fields(Arm))


def _check_keys(
    table: Mapping[str, Any], where: str, allowed: tuple[str, ...], prefix: str
) -> None:
    """Refuse any key of ``table`` that is not in ``allowed``, suggesting the nearest."""
    for key in table:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            raise CatalogError(f"{where}: unknown field '{prefix}{key}'{hint}")


def _angle(value: Any, key: str, where: str, kind: str) -> float:
    """A joint angle in degrees within the body's range for that joint."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogError(f"{where}: {key} must be a number of degrees, got {value!r}")
    low, high = JOINT_RANGES[kind]
    if not low <= value <= high:
        raise CatalogError(
            f"{where}: {key} must be between {low:g} and {high:g} degrees, got {value:g}"
        )
    return float(value)


def _limb(base: Leg | Arm, table: Any, key: str, where: str) -> Leg | Arm:
    """Apply one limb table (``{hip = 90, knee = 45}``) to a leg or an arm."""
    if not isinstance(table, Mapping):
        raise CatalogError(f"{where}: {key} must be a table of joint angles")
    kind = "leg" if isinstance(base, Leg) else "arm"
    allowed = LEG_FIELDS if kind == "leg" else ARM_FIELDS
    _check_keys(table, where, allowed, f"{key}.")
    values: dict[str, Any] = {
        n: _angle(v, f"{key}.{n}", where, f"{kind}.{n}") for n, v in table.items()
    }
    return replace(base, **values)


def pose_from_dict(table: Any, base: Pose, key: str, where: str) -> Pose:
    """Build a pose from its table, starting from ``base`` for everything it leaves out."""
    if not isinstance(table, Mapping):
        raise CatalogError(f"{where}: {key} must be a table, written [figure.{key}]")
    _check_keys(table, where, (*BODY_FIELDS, *LIMB_GROUPS), f"{key}.")
    pose = base
    for name in BODY_FIELDS:
        if name in table:
            angle: dict[str, Any] = {name: _angle(table[name], f"{key}.{name}", where, name)}
            pose = replace(pose, **angle)
    for group in LIMB_GROUPS:
        if group not in table:
            continue
        for part in LIMB_GROUPS[group]:
            limb = _limb(getattr(pose, part), table[group], f"{key}.{group}", where)
            limbs: dict[str, Any] = {part: limb}
            pose = replace(pose, **limbs)
    return pose


def _names(value: Any, key: str, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A list of words, each one of ``allowed``."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: {key} must be a list of words")
    for item in value:
        if item not in allowed:
            hint = did_you_mean(item, allowed)
            raise CatalogError(
                f"{where}: {key} has unknown value '{item}'{hint}; use one of {', '.join(allowed)}"
            )
    return tuple(value)


def _word(value: Any, key: str, where: str, allowed: tuple[str, ...]) -> str:
    """One word out of ``allowed``."""
    if not isinstance(value, str) or value not in allowed:
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        raise CatalogError(
            f"{where}: {key} must be one of {', '.join(allowed)}, got {value!r}{hint}"
        )
    return value


def _poses(d: Mapping[str, Any], where: str) -> dict[str, Pose]:
    """The figure's named poses; ``start`` and ``end`` are required."""
    for name in ("start", "end"):
        if name not in d:
            raise CatalogError(f"{where}: missing [figure.{name}] pose")
    start = pose_from_dict(d["start"], Pose(), "start", where)
    poses = {"start": start}
    for name in POSE_NAMES[1:]:
        if name in d:
            poses[name] = pose_from_dict(d[name], start, name, where)
    return poses


def _default_rep(poses: Mapping[str, Pose]) -> tuple[str, ...]:
    """Start, through the middle pose if there is one, to the end, and back."""
    if "middle" in poses:
        return ("start", "middle", "end", "middle")
    return ("start", "end")


def figure_from_dict(d: Mapping[str, Any], where: str) -> Figure:
    """Build and check one figure from its ``[[figure]]`` table."""
    _check_keys(d, where, FIGURE_FIELDS, "")
    exercise = d.get("exercise")
    if not isinstance(exercise, str) or not exercise:
        raise CatalogError(f"{where}: exercise must name an exercise id")
    poses = _poses(d, where)
    working = cast(tuple[Limb, ...], _names(d.get("working", []), "working", where, LIMBS))
    props = cast(tuple[Prop, ...], _names(d.get("props", ["floor"]), "props", where, PROPS))
    rep = _names(d.get("rep", list(_default_rep(poses))), "rep", where, tuple(poses))
    if len(rep) < 2:
        raise CatalogError(f"{where}: rep must pass through at least two poses")
    default_support = "bed" if "bed" in props else "floor"
    support = _word(d.get("support", default_support), "support", where, SUPPORTS)
    view = d.get("view", 0)
    if isinstance(view, bool) or not isinstance(view, int | float) or not -180 <= view <= 180:
        raise CatalogError(f"{where}: view must be a number of degrees from -180 to 180")
    note = d.get("note", "")
    if not isinstance(note, str):
        raise CatalogError(f"{where}: note must be text")
    still = d.get("still", False)
    if not isinstance(still, bool):
        raise CatalogError(f"{where}: still must be true or false")
    return Figure(
        exercise_id=exercise,
        poses=poses,
        working=working,
        props=props,
        view=float(view),
        hold=_word(d.get("hold", "end"), "hold", where, tuple(poses)),
        rep=rep,
        support=cast(Support, support),
        anchor=_word(d.get("anchor", "hip"), "anchor", where, joint_names()),
        note=note,
        still=still,
    )


def _load(path: Path, exercise_ids: frozenset[str]) -> dict[str, Figure]:
    """Read every figure in ``path``, refusing unknown exercises and duplicates."""
    shown = shown_path(path)
    found: dict[str, Figure] = {}
    for number, table in enumerate(_entries(_read_toml(path), shown, "figure"), 1):
        label = table.get("exercise")
        where = _entry_where(shown, "figure", {"id": label}, number)
        figure = figure_from_dict(table, where)
        if exercise_ids and figure.exercise_id not in exercise_ids:
            hint = did_you_mean(figure.exercise_id, exercise_ids)
            raise CatalogError(
                f"{where}: exercise '{figure.exercise_id}' is not in the library{hint}"
            )
        if figure.exercise_id in found:
            raise CatalogError(f"{where}: a figure for this exercise is already given")
        found[figure.exercise_id] = figure
    return found


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, exercise_ids: frozenset[str]) -> dict[str, Figure]:
    """Memoised :func:`_load`: the figures do not change while the app runs."""
    return _load(path, exercise_ids)


def load_figures(
    data_dir: Path = DATA_DIR, exercise_ids: frozenset[str] = frozenset()
) -> dict[str, Figure]:
    """Every figure in ``data_dir``, by exercise id, checked against ``exercise_ids`` if given."""
    return dict(_load_cached((data_dir / FIGURES_FILE).resolve(), exercise_ids))
