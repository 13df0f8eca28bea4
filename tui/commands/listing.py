"""Plain listings of the library: exercises, routines, and one item in readable form."""

from __future__ import annotations

import os

import click

from unpinch.library.codec import exercise_to_dict
from unpinch.library.describe import describe_exercise, describe_routine, minutes, words
from unpinch.tui.commands.common import cli, print_json, say, table, workspace
from unpinch.tui.launch import Options, fail


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def exercises(options: Options, as_json: bool) -> None:
    """List every exercise in the library."""
    with workspace(options, read_only=True) as space:
        items = list(space.catalog.exercises.values())
        if as_json:
            print_json([exercise_to_dict(e) for e in items])
            return
        rows = [("ID", "NAME", "KIND", "POSITION", "DOSE")]
        rows += [(e.id, e.name, words(e.kind), words(e.position), e.dose.label()) for e in items]
        click.echo(table(rows))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def routines(options: Options, as_json: bool) -> None:
    """List the built-in routines and your own."""
    with workspace(options, read_only=True) as space:
        found = list(space.catalog.routines.values())
        if as_json:
            print_json(
                [
                    {
                        "id": r.id,
                        "name": r.name,
                        "builtin": r.builtin,
                        "duration_s": space.duration_s(r),
                        "exercises": [item.exercise_id for item in r.items],
                    }
                    for r in found
                ]
            )
            return
        rows = [("ID", "NAME", "TIME", "EXERCISES", "WHOSE")]
        rows += [
            (r.id, r.name, minutes(space.duration_s(r)), str(len(r.items)), whose(r.builtin))
            for r in found
        ]
        click.echo(table(rows))


def whose(builtin: bool) -> str:
    """The listing's word for who made a routine, so the user's own stand out."""
    return "built-in" if builtin else "yours"


def exercise_drawing(exercise_id: str) -> str:
    """The exercise's poses drawn side by side for this terminal, or "" if it has no figure."""
    from unpinch.library.figures.data import load_figures
    from unpinch.library.figures.draw import key_grids
    from unpinch.library.figures.grid import style_for

    figure = load_figures().get(exercise_id)
    if figure is None:
        return ""
    style = style_for(os.environ.get("TERM"), os.environ.get("UNPINCH_FIGURES", "auto"))
    return key_grids(figure, 24, 6, style)


@cli.command()
@click.argument("item_id", metavar="ID")
@click.pass_obj
def show(options: Options, item_id: str) -> None:
    """Show an exercise or a routine in readable form."""
    with workspace(options, read_only=True) as space:
        catalog = space.catalog
        if item_id in catalog.exercises:
            say(describe_exercise(catalog.exercises[item_id], catalog))
            drawing = exercise_drawing(item_id)
            if drawing:
                click.echo(f"\nFigure:\n{drawing}")
        elif item_id in catalog.routines:
            routine = catalog.routines[item_id]
            say(describe_routine(routine, catalog, space.duration_s(routine)))
        else:
            fail(f"no exercise or routine with id '{item_id}' (see 'unpinch exercises')")
