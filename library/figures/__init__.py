"""Drawn figures of the exercises: pose data in, a character grid or SVG out.

``load_figures`` reads ``library/data/figures.toml``; ``frames`` gives the
scenes of one figure for a side; ``grid.render`` and ``svg.svg`` draw them.
Nothing here imports the terminal UI.
"""

from __future__ import annotations

from unpinch.library.figures.data import load_figures
from unpinch.library.figures.draw import FigureDrawing, figure_grid, figure_scenes, key_scenes
from unpinch.library.figures.spec import Figure

__all__ = ["Figure", "FigureDrawing", "figure_grid", "figure_scenes", "key_scenes", "load_figures"]
