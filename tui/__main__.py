"""unpinch's command line: plain-text commands, and the full-screen app with no command.

Textual is imported only when the full-screen app starts, so the plain
commands stay quick and work where no terminal is attached.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from library import __version__
from library.catalog import CatalogError
from library.codec import exercise_to_dict
from library.describe import describe_exercise, describe_routine, words
from library.paths import resolve_db_path
from library.store import StoreError
from library.workspace import Workspace, open_workspace
from tui.sound import SOUND_MODES


class Options:
    """Global options shared by every command."""

    def __init__(self, db: str | None, sound: str | None) -> None:
        self.db_path: Path = resolve_db_path(db, os.environ)
        self.sound = sound


@contextmanager
def failures_as_messages() -> Iterator[None]:
    """Turn expected failures into one line on stderr and exit status 1, no traceback."""
    try:
        yield
    except (CatalogError, StoreError) as error:
        fail(str(error))
    except KeyError as error:
        fail(str(error.args[0]) if error.args else "not found")
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))


def fail(message: str) -> None:
    """Print ``message`` as unpinch's one-line error and exit 1."""
    click.echo(f"unpinch: {message}", err=True)
    sys.exit(1)


@contextmanager
def workspace(options: Options) -> Iterator[Workspace]:
    """Open the workspace for a plain command, reporting notices on stderr."""
    with failures_as_messages():
        space = open_workspace(options.db_path)
        try:
            for notice in space.notices:
                click.echo(f"unpinch: {notice}", err=True)
            yield space
        finally:
            space.close()


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON, keeping non-ASCII text readable."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def table(rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces, for plain listings."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="unpinch")
@click.option(
    "--db",
    metavar="PATH",
    help="Data file to use (default: $UNPINCH_DB, else the user data folder).",
)
@click.option("--sound", type=click.Choice(SOUND_MODES), help="Cue output; overrides the setting.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, sound: str | None) -> None:
    """Guided stretches and strength work for sciatica, in your terminal.

    With no command, opens the full-screen player.
    """
    ctx.obj = Options(db, sound)
    if ctx.invoked_subcommand is None:
        launch(ctx.obj, routine_id=None)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def exercises(options: Options, as_json: bool) -> None:
    """List every exercise in the library."""
    with workspace(options) as space:
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
    with workspace(options) as space:
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
        rows = [("ID", "NAME", "MIN", "EXERCISES")]
        rows += [
            (r.id, r.name, str(round(space.duration_s(r) / 60)), str(len(r.items))) for r in found
        ]
        click.echo(table(rows))


@cli.command()
@click.argument("item_id", metavar="ID")
@click.pass_obj
def show(options: Options, item_id: str) -> None:
    """Show an exercise or a routine in readable form."""
    with workspace(options) as space:
        catalog = space.catalog
        if item_id in catalog.exercises:
            click.echo(describe_exercise(catalog.exercises[item_id], catalog))
        elif item_id in catalog.routines:
            routine = catalog.routines[item_id]
            click.echo(describe_routine(routine, catalog, space.duration_s(routine)))
        else:
            fail(f"no exercise or routine with id '{item_id}' (see 'unpinch exercises')")


@cli.command()
@click.argument("routine_id")
@click.pass_obj
def play(options: Options, routine_id: str) -> None:
    """Open the player straight into ROUTINE_ID."""
    launch(options, routine_id=routine_id)


def launch(options: Options, routine_id: str | None) -> None:
    """Start the full-screen app, optionally straight into a routine."""
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        fail("the player needs a terminal; try 'unpinch --help' for plain commands")
    from tui.app import run_app

    with failures_as_messages():
        code = run_app(db_path=options.db_path, sound=options.sound, routine_id=routine_id)
    sys.exit(code)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="unpinch")


if __name__ == "__main__":
    main()
