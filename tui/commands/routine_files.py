"""Routine files on the command line: ``unpinch import FILE.toml`` and ``unpinch export ID``."""

from __future__ import annotations

from pathlib import Path

import click

from unpinch.library.plain_text import shown
from unpinch.library.routine_files import import_routine_file, routine_to_toml
from unpinch.tui.commands.common import cli, say, workspace
from unpinch.tui.launch import Options, fail


@cli.command("import")
@click.argument("file", metavar="FILE.toml", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite your routine with the same id.")
@click.pass_obj
def import_cmd(options: Options, file: Path, replace: bool) -> None:
    """Add a routine from a TOML file (see 'unpinch export' for the format)."""
    with workspace(options) as space:
        routine = import_routine_file(file, space, replace=replace)
        minutes = max(1, round(space.duration_s(routine) / 60))
        count = len(routine.items)
        noun = "exercise" if count == 1 else "exercises"
        summary = f"{count} {noun}, about {minutes} min"
        say(f"Imported '{shown(routine.name)}' ({routine.id}) — {summary}")


@cli.command("export")
@click.argument("routine_id", metavar="ROUTINE_ID")
@click.pass_obj
def export_cmd(options: Options, routine_id: str) -> None:
    """Print a routine as a TOML file that 'unpinch import' reads back."""
    with workspace(options, read_only=True) as space:
        routine = space.catalog.routines.get(routine_id)
        if routine is None:
            fail(f"no routine with id '{routine_id}' (see 'unpinch routines')")
            return
        click.echo(routine_to_toml(routine, space.catalog), nl=False)
