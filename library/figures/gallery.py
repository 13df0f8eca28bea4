"""SVG pages of the figures: one exercise in its poses, or the whole library at once."""

from __future__ import annotations

from collections.abc import Mapping

from unpinch.library.figures.draw import key_scenes
from unpinch.library.figures.spec import Figure
from unpinch.library.figures.svg import gallery, svg
from unpinch.library.model import Exercise


def figure_svg(figure: Figure, exercise: Exercise, *, mirrored: bool = False) -> str:
    """One exercise's poses side by side, titled with its name and the side shown."""
    side = "left side" if mirrored else "right side"
    title = exercise.name if exercise.sides == "both" else f"{exercise.name} ({side})"
    return svg(key_scenes(figure, mirrored), title)


def gallery_svg(
    figures: Mapping[str, Figure], exercises: Mapping[str, Exercise], columns: int = 3
) -> str:
    """Every figure in library order, each in its poses, for review at a glance."""
    items = [
        (f"{exercise.name} · {exercise.position.replace('_', ' ')}", key_scenes(figures[key]))
        for key, exercise in exercises.items()
        if key in figures
    ]
    return gallery(items, columns)
