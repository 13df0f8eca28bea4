"""Opening the full-screen player, from plain ``unpinch`` or ``unpinch play ID``."""

from __future__ import annotations

import os
import sys

import click

from unpinch.tui.commands.common import Options, cli, fail, failures_as_messages


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
    from unpinch.library.config import load_config, resolve_config_path
    from unpinch.tui.app import run_app

    config = load_config(resolve_config_path(os.environ))
    with failures_as_messages():
        code = run_app(
            db_path=options.db_path,
            sound=options.sound,
            routine_id=routine_id,
            config=config,
            notify=options.notify,
            voice=options.voice,
        )
    sys.exit(code)
