"""What every plain command shares: the global options, tables and JSON.

The options object and the one-line errors live in :mod:`unpinch.tui.launch`,
which the everyday start (``unpinch`` alone) uses without importing click.

Commands live one group per module in this package and attach themselves to
``cli``, which imports a command's module only when that command runs (see
:mod:`unpinch.tui.commands.index`). This module imports nothing of the library
beyond what every command needs, so ``--help`` and ``--version`` stay quick.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from unpinch.library.choices import NOTIFY_FORMS, SOUNDS, VOICES
from unpinch.library.plain_text import inert_json, shown
from unpinch.tui.commands.index import COMMANDS
from unpinch.tui.launch import Options, failures_as_messages, launch

if TYPE_CHECKING:
    from unpinch.library.workspace import Workspace


def say(text: str, *, err: bool = False) -> None:
    """Print text that holds data (names, descriptions, notes), its controls made visible.

    Line breaks and tabs are kept, so a readable listing stays readable.
    """
    click.echo(shown(text, lines=True), err=err)


@contextmanager
def workspace(options: Options, *, read_only: bool = False) -> Iterator[Workspace]:
    """Open the workspace for a plain command, reporting notices on stderr.

    A command that only reads passes ``read_only``: the data file is then
    neither created nor rewritten (see :meth:`Store.open_read_only`).
    """
    from unpinch.library.workspace import open_workspace

    with failures_as_messages():
        space = open_workspace(options.db_path, read_only=read_only)
        try:
            for notice in space.notices:
                click.echo(f"unpinch: {shown(notice)}", err=True)
            yield space
            for notice in space.store.news():  # records skipped while the command read them
                click.echo(f"unpinch: {notice}", err=True)
        finally:
            space.close()


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON, keeping non-ASCII text readable.

    Characters a terminal would obey are written as JSON escapes, so the data
    is the same and nothing is sent to the terminal raw.
    """
    click.echo(inert_json(json.dumps(value, indent=2, ensure_ascii=False)))


def table(rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces, for plain listings.

    Each cell is shown on one line with its controls made visible.
    """
    cells = [[shown(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells
    )


def print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print unpinch's, Python's, Textual's and the speaker libraries' versions, then exit."""
    if not value or ctx.resilient_parsing:
        return
    from unpinch.tui.versions import version_text

    click.echo(version_text())
    ctx.exit()


class LazyGroup(click.Group):
    """A command group that imports a command's module only when the command is wanted.

    The names and one-line help come from :data:`~unpinch.tui.commands.index.COMMANDS`,
    so listing the commands in ``--help`` imports none of them.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, the attached ones and those not imported yet, sorted."""
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, importing the module that defines it on first use."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"unpinch.tui.commands.{COMMANDS[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the command list of ``--help`` from the table, importing no command module."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self._short_help(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, name: str, limit: int) -> str:
        """A command's help cut to ``limit`` characters, as click shortens it."""
        command = self.commands.get(name) or click.Command(name, help=COMMANDS[name][1])
        return command.get_short_help_str(limit)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    "-V",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=print_version,
    help="Show the versions of unpinch, Python, Textual and the sound libraries, then exit.",
)
@click.option(
    "--db",
    metavar="PATH",
    help="Data file to use (default: $UNPINCH_DB, else the user data folder).",
)
@click.option("--sound", type=click.Choice(SOUNDS), help="Cue output; overrides the setting.")
@click.option(
    "--notify",
    type=click.Choice(NOTIFY_FORMS),
    help="Desktop notifications through the terminal; overrides the setting.",
)
@click.option(
    "--voice",
    type=click.Choice(VOICES),
    help="Spoken cues where unpinch runs (never over SSH); overrides the setting.",
)
@click.option(
    "--glyphs",
    type=click.Choice(("auto", "plain", "unicode")),
    help="plain: only characters the Linux console draws (auto: plain when TERM=linux).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    sound: str | None,
    notify: str | None,
    voice: str | None,
    glyphs: str | None,
) -> None:
    """Guided stretches and strength work for sciatica, in your terminal.

    With no command, opens the full-screen player.
    """
    ctx.obj = Options(db, sound, notify, voice, glyphs)
    if ctx.invoked_subcommand is None:
        launch(ctx.obj, routine_id=None)
