"""Where unpinch keeps things, and what plays its cues here: ``locate`` and ``sound``."""

from __future__ import annotations

import os

import click

from unpinch.tui.commands.common import cli, workspace
from unpinch.tui.launch import Options


@cli.command()
@click.argument("what", type=click.Choice(["config", "data"]))
@click.pass_obj
def locate(options: Options, what: str) -> None:
    """Print the path of the config file or of the data file (it may not exist yet)."""
    if what == "data":
        click.echo(str(options.db_path))
        return
    from unpinch.library.config import load_config, resolve_config_path

    path = resolve_config_path(os.environ)
    click.echo(str(path))
    problem = load_config(path).problem
    if problem:
        click.echo(f"unpinch: {problem}", err=True)


@cli.command()
@click.pass_obj
def sound(options: Options) -> None:
    """Say which cue output plays here, and why: "speaker (miniaudio)", "bell: over SSH"."""
    from unpinch.tui.sound import SpeakerCheck, check_speaker, choose_mode

    mode = options.sound
    if mode is None:
        with workspace(options, read_only=True) as space:
            mode = space.settings.sound
    checks: list[SpeakerCheck] = []

    def probe() -> SpeakerCheck:
        checks.append(check_speaker(os.environ))
        return checks[-1]

    choice = choose_mode(mode, os.environ, probe)
    click.echo(choice.summary)
    if checks and checks[0].detail:
        click.echo(f"speaker library: {checks[0].detail}")
    if choice.reason:
        click.echo(f"unpinch: {choice.reason}", err=True)
