"""``unpinch play ID``: the full-screen player straight into a routine.

It starts the app as plain ``unpinch`` does, through :func:`unpinch.tui.launch.launch`.
"""

from __future__ import annotations

import click

from unpinch.library.workspace import open_workspace
from unpinch.tui.commands.common import cli
from unpinch.tui.launch import Options, fail, failures_as_messages, launch


@cli.command()
@click.argument("routine_id")
@click.pass_obj
def play(options: Options, routine_id: str) -> None:
    """Open the player straight into ROUTINE_ID.

    The routine is looked up first, so a mistyped id is named as such even
    where no terminal is attached. The look-up reads without writing, and
    leaves any notices about the data to the app, which shows them.
    """
    with failures_as_messages():
        space = open_workspace(options.db_path, read_only=True)
        known = routine_id in space.catalog.routines
        space.close()
    if not known:
        fail(f"no routine with id '{routine_id}' (see 'unpinch routines')")
    launch(options, routine_id=routine_id)
