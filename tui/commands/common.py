"""What every plain command shares: global options, one-line errors, tables and JSON.

Commands live one group per module in this package and attach themselves to
``cli``, which imports a command's module only when that command runs (see
:mod:`unpinch.tui.commands.index`). This module imports nothing of the library
beyond what every command needs, so ``--help`` and ``--version`` stay quick.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from unpinch.library.choices import NOTIFY_FORMS, SOUNDS, VOICES
from unpinch.library.paths import resolve_db_path
from unpinch.library.plain_text import inert_json, shown
from unpinch.library.regular_files import not_regular_reason
from unpinch.tui.commands.index import COMMANDS

if TYPE_CHECKING:
    from unpinch.library.workspace import Workspace


class Options:
    """Global options shared by every command."""

    def __init__(
        self,
        db: str | None,
        sound: str | None,
        notify: str | None = None,
        voice: str | None = None,
    ) -> None:
        self.db_path: Path = resolve_db_path(db, os.environ)
        self.sound = sound
        self.notify = notify
        self.voice = voice
        refused = not_regular_reason(self.db_path)
        if refused is not None:
            fail(f"{self.db_path}: {refused}; the data file must be a regular file")


@contextmanager
def failures_as_messages() -> Iterator[None]:
    """Turn expected failures into one line on stderr and exit status 1, no traceback."""
    from unpinch.library.codec import CatalogError
    from unpinch.library.storage import StoreError

    try:
        yield
    except (CatalogError, StoreError) as error:
        fail(str(error))
    except KeyError as error:
        fail(str(error.args[0]) if error.args else "not found")
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))


def fail(message: str) -> None:
    """Print ``message`` as unpinch's one-line error and exit 1.

    A message can quote a file or the store, so it is printed with every
    control character made visible, on one line.
    """
    click.echo(f"unpinch: {shown(message)}", err=True)
    sys.exit(1)


def say(text: str, *, err: bool = False) -> None:
    """Print text that holds data (names, descriptions, notes), its controls made visible.

    Line breaks and tabs are kept, so a readable listing stays readable.
    """
    click.echo(shown(text, lines=True), err=err)


@contextmanager
def workspace(options: Options) -> Iterator[Workspace]:
    """Open the workspace for a plain command, reporting notices on stderr."""
    from unpinch.library.workspace import open_workspace

    with failures_as_messages():
        space = open_workspace(options.db_path)
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
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, sound: str | None, notify: str | None, voice: str | None
) -> None:
    """Guided stretches and strength work for sciatica, in your terminal.

    With no command, opens the full-screen player.
    """
    ctx.obj = Options(db, sound, notify, voice)
    if ctx.invoked_subcommand is None:
        launch(ctx.obj, routine_id=None)


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
    leave(code)


def leave(code: int) -> None:
    """Exit with ``code``, even when the terminal has gone.

    After a hang-up, flushing what is left for the terminal fails, and Python
    would then end with status 120 instead of the 129 a hang-up gives. After
    a signal the app has already saved and closed everything, so the process
    ends at once, without a final flush that could fail.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        os._exit(code)
    if code >= 128:
        os._exit(code)
    sys.exit(code)
