"""``unpinch play ID``: the full-screen player straight into a routine (``common.launch``)."""

from __future__ import annotations

import click

from unpinch.tui.commands.common import Options, cli, launch


@cli.command()
@click.argument("routine_id")
@click.pass_obj
def play(options: Options, routine_id: str) -> None:
    """Open the player straight into ROUTINE_ID."""
    launch(options, routine_id=routine_id)
