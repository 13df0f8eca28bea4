"""One figure, ready to draw: its key poses and a rep's frames at one shared scale.

The scale is fixed over every pose the figure passes through, so the body
does not jump or shrink as it moves, and grids are cached so an animation
costs one lookup per frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unpinch.library.figures.grid import Bounds, Grid, Style, render
from unpinch.library.figures.motion import MAX_FRAMES, pose_at
from unpinch.library.figures.scene import Scene, scene, union_bounds
from unpinch.library.figures.spec import POSE_NAMES, Figure


def key_scenes(figure: Figure, mirrored: bool = False) -> list[Scene]:
    """The figure's distinct poses in order (start, middle, end, other)."""
    names = [n for n in POSE_NAMES if n in figure.poses]
    return [scene(figure, figure.pose(n), mirrored=mirrored) for n in names]


def figure_scenes(figure: Figure, frames: int, mirrored: bool = False) -> list[Scene]:
    """``frames`` evenly spaced moments of one paced rep."""
    return [scene(figure, pose_at(figure, i / frames), mirrored=mirrored) for i in range(frames)]


@dataclass
class FigureDrawing:
    """A figure on one side, drawn on demand into grids of any size and style."""

    figure: Figure
    mirrored: bool = False
    _bounds: Bounds | None = None
    _cache: dict[tuple[object, ...], Grid] = field(default_factory=dict)

    @property
    def bounds(self) -> Bounds:
        """The box holding every pose the figure passes through."""
        if self._bounds is None:
            moments = key_scenes(self.figure, self.mirrored)
            moments += figure_scenes(self.figure, MAX_FRAMES, self.mirrored)
            self._bounds = union_bounds(moments)
        return self._bounds

    def still(self, pose: str, cols: int, rows: int, style: Style) -> Grid:
        """One named pose (``start``, ``end`` ...) as a grid."""
        key = ("still", pose, cols, rows, style)
        if key not in self._cache:
            shown = scene(self.figure, self.figure.pose(pose), mirrored=self.mirrored)
            self._cache[key] = render(shown, cols, rows, style, self.bounds)
        return self._cache[key]

    def moving(self, phase: float, cols: int, rows: int, style: Style) -> Grid:
        """The figure ``phase`` of the way through a rep, as a grid."""
        key = ("moving", round(phase % 1.0, 4), cols, rows, style)
        if key not in self._cache:
            shown = scene(self.figure, pose_at(self.figure, phase), mirrored=self.mirrored)
            self._cache[key] = render(shown, cols, rows, style, self.bounds)
        return self._cache[key]


def figure_grid(
    figure: Figure, cols: int, rows: int, style: Style = "braille", *, mirrored: bool = False
) -> Grid:
    """The figure's hold (or end) pose in one grid: for ``unpinch show`` and quick looks."""
    return FigureDrawing(figure, mirrored).still(figure.hold, cols, rows, style)


def key_grids(figure: Figure, cols: int, rows: int, style: Style, mirrored: bool = False) -> str:
    """The figure's key poses side by side as plain text, for the command line."""
    drawing = FigureDrawing(figure, mirrored)
    names = [n for n in POSE_NAMES if n in figure.poses]
    grids = [drawing.still(n, cols, rows, style) for n in names]
    labels = "   ".join(n.upper().ljust(cols) for n in names).rstrip()
    rows_text = ["   ".join(parts).rstrip() for parts in zip(*(g.rows for g in grids), strict=True)]
    return "\n".join([labels, *rows_text])


class FigureBook:
    """The library's figures, each drawn once per side and kept for reuse."""

    def __init__(self, figures: dict[str, Figure]) -> None:
        self.figures = figures
        self._drawings: dict[tuple[str, bool], FigureDrawing] = {}

    def drawing(self, exercise_id: str, side: str | None) -> FigureDrawing | None:
        """The exercise's figure for ``side`` (the left one mirrored), or None if it has none."""
        figure = self.figures.get(exercise_id)
        if figure is None:
            return None
        key = (exercise_id, side == "left")
        if key not in self._drawings:
            self._drawings[key] = FigureDrawing(figure, mirrored=side == "left")
        return self._drawings[key]
