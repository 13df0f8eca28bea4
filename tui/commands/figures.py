"""``unpinch figures``: every exercise's figure, in the terminal or as SVG files for review."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import click

from unpinch.library.figures.data import load_figures
from unpinch.library.figures.draw import key_grids
from unpinch.library.figures.gallery import figure_svg, gallery_svg
from unpinch.library.figures.grid import STYLES, style_for
from unpinch.library.figures.spec import Figure
from unpinch.library.model import Exercise
from unpinch.tui.commands.common import cli, workspace
from unpinch.tui.launch import Options

GRID_COLS = 24
GRID_ROWS = 6


@cli.command()
@click.option(
    "--svg",
    "svg_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one SVG per exercise and side, and gallery.svg, into DIR.",
)
@click.option(
    "--style",
    type=click.Choice(["auto", *STYLES]),
    default="auto",
    help="Characters to draw with (auto: ASCII on the Linux console, else braille).",
)
@click.pass_obj
def figures(options: Options, svg_dir: Path | None, style: str) -> None:
    """Draw every exercise's figure, for review."""
    with workspace(options, read_only=True) as space:
        exercises = space.catalog.exercises
        found = load_figures(exercise_ids=frozenset(exercises))
        if svg_dir is not None:
            written = write_svgs(svg_dir, found, exercises)
            click.echo(f"Wrote {written} SVG files to {svg_dir}")
            return
        chosen = style_for(os.environ.get("TERM"), style)
        for key, exercise in exercises.items():
            if key not in found:
                click.echo(f"{exercise.name} ({key}): no figure yet\n")
                continue
            click.echo(f"{exercise.name} ({key})")
            click.echo(key_grids(found[key], GRID_COLS, GRID_ROWS, chosen) + "\n")


def write_svgs(folder: Path, found: Mapping[str, Figure], exercises: Mapping[str, Exercise]) -> int:
    """Write each figure (both sides where the exercise has sides) and the gallery."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for key, figure in found.items():
        exercise = exercises[key]
        sides = [False] if exercise.sides == "both" else [False, True]
        for mirrored in sides:
            suffix = "" if exercise.sides == "both" else ("-left" if mirrored else "-right")
            (folder / f"{key}{suffix}.svg").write_text(
                figure_svg(figure, exercise, mirrored=mirrored), encoding="utf-8"
            )
            count += 1
    (folder / "gallery.svg").write_text(gallery_svg(found, exercises), encoding="utf-8")
    return count + 1
