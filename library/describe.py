"""Plain-text descriptions of exercises and routines for the command line.

Kept apart from the UI so the same words can be printed, exported or tested
without a terminal.
"""

from __future__ import annotations

import re
import textwrap

from unpinch.library.model import Catalog, Exercise, Routine

SIDE_PHRASES = {"both": "", "each": "each side", "alternating": "alternating sides"}
"""How a routine line names an exercise's sides; nothing where there is no side to change."""

SIDE_LABELS = {"left": "LEFT SIDE", "right": "RIGHT SIDE"}

HURT_MARK = "⚑ hurt last time"
"""The flag on an exercise marked "this hurts" in the routine's last session."""


def side_phrase(sides: str) -> str:
    """Say "each side" or "alternating sides"; nothing for an exercise with no side to change."""
    return SIDE_PHRASES.get(sides, "")


def side_label(sides: str, side: str | None, affected: bool = False) -> str:
    """The player's big side label for a step: the side now, alternating, or nothing.

    A step played on the affected leg only says so ("LEFT SIDE ONLY").
    """
    if side in SIDE_LABELS:
        return f"{SIDE_LABELS[side]} ONLY" if affected else SIDE_LABELS[side]
    return "ALTERNATE SIDES" if sides == "alternating" else ""


def dose_and_sides(dose_label: str, exercise: Exercise) -> str:
    """A routine line's dose with its sides, e.g. "3 × 30 s, each side" or "10 reps"."""
    phrase = sides_text(exercise)
    return f"{dose_label}, {phrase}" if phrase else dose_label


def sides_text(exercise: Exercise) -> str:
    """Say how an exercise uses the sides: "each side", "affected leg only", "each side in turn".

    The affected-leg wording matters because such an exercise plays on one
    side only unless the user says both legs are affected.
    """
    if exercise.sides != "each":
        return side_phrase(exercise.sides)
    if exercise.affected_only:
        return "affected leg only"
    if exercise.switch_sides == "after_each_hold":
        return "each side, taking turns"
    return side_phrase("each")


def words(value: str) -> str:
    """Turn a data word like ``lying_on_back`` into ``lying on back``."""
    return value.replace("_", " ")


def minutes(seconds: int) -> str:
    """Format a duration as ``12 min`` or ``45 s``, the way a person reads it."""
    if seconds < 60:
        return f"{seconds} s"
    whole, rest = divmod(seconds, 60)
    return f"{whole} min" if rest < 30 else f"{whole + 1} min"


def numbered(lines: tuple[str, ...]) -> list[str]:
    """Number a list of lines from 1 with a hanging indent."""
    return [f"  {n}. {line}" for n, line in enumerate(lines, 1)]


def bulleted(lines: tuple[str, ...]) -> list[str]:
    """Bullet a list of lines."""
    return [f"  - {line}" for line in lines]


def source_titles(catalog: Catalog, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Article titles for source ids, falling back to the id itself."""
    return tuple(catalog.sources[i].title if i in catalog.sources else i for i in ids)


def describe_exercise(exercise: Exercise, catalog: Catalog) -> str:
    """A readable page about one exercise: what, how, form cues, cautions, sources."""
    equipment = ", ".join(words(e) for e in exercise.equipment)
    out = [
        exercise.name,
        "=" * len(exercise.name),
        exercise.summary,
        "",
        f"Kind:      {words(exercise.kind)}",
        f"Position:  {words(exercise.position)}",
        f"Sides:     {sides_text(exercise) or 'none to change'}",
        f"Dose:      {exercise.dose.label()}",
        f"Equipment: {equipment}",
    ]
    if exercise.targets:
        out.append(f"Targets:   {', '.join(exercise.targets)}")
    if exercise.aliases:
        out.append(f"Also:      {', '.join(exercise.aliases)}")
    out += ["", "Steps:", *numbered(exercise.steps), "", "Form cues:", *bulleted(exercise.cues)]
    if exercise.cautions:
        out += ["", "Cautions:", *bulleted(exercise.cautions)]
    out += variants_lines(exercise, catalog)
    out += ["", "Sources:", *bulleted(source_titles(catalog, exercise.sources))]
    return "\n".join(line for line in out if line is not None)


def variants_lines(exercise: Exercise, catalog: Catalog) -> list[str]:
    """Lines naming the easier and harder variants, if the library has any."""
    out: list[str] = []
    for label, ids in (("Easier", exercise.easier), ("Harder", exercise.harder)):
        if ids:
            names = ", ".join(catalog.exercises[i].name for i in ids if i in catalog.exercises)
            out.append(f"{label}:    {names}")
    return ["", *out] if out else []


def describe_routine(routine: Routine, catalog: Catalog, duration_s: int) -> str:
    """A readable page about one routine: what it is for, how often, and its exercises."""
    kind = "built-in" if routine.builtin else "your routine"
    out = [
        routine.name,
        "=" * len(routine.name),
        routine.description,
        "",
        f"About {minutes(duration_s)} ({kind}, id {routine.id})",
    ]
    if routine.frequency:
        out.append(f"How often: {routine.frequency}")
    out += ["", "Exercises:"]
    for n, item in enumerate(routine.items, 1):
        exercise = catalog.exercises[item.exercise_id]
        dose = catalog.dose_for(item)
        out.append(f"  {n}. {exercise.name} — {dose_and_sides(dose.label(), exercise)}")
    if routine.sources:
        out += ["", "Sources:", *bulleted(source_titles(catalog, routine.sources))]
    return "\n".join(out)


NUMBER_AND_UNIT = re.compile(r"(\d) (s|reps?|min|sets?)\b")
KEEP = "\u00a0"


def wrap_keeping_units(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` with explicit line ends, never between a number and its unit.

    Terminal widgets wrap at any whitespace, a no-break space included, so the
    lines are broken here (``textwrap`` only breaks at ASCII whitespace) and
    the widget is given lines that already fit.
    """
    if width <= 0:
        return text
    joined = NUMBER_AND_UNIT.sub(rf"\1{KEEP}\2", text)
    lines = textwrap.wrap(joined, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace(KEEP, " ")
