"""The command line's table of commands matches the modules that define them."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from unpinch.tui.commands.common import cli
from unpinch.tui.commands.index import COMMANDS, MODULES

PACKAGE = Path(__file__).resolve().parents[1] / "tui" / "commands"
HELPERS = {"__init__", "common", "index"}


def test_every_command_module_is_listed() -> None:
    found = {p.stem for p in PACKAGE.glob("*.py")} - HELPERS
    assert found == set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_defines_exactly_the_commands_the_table_gives_it(module: str) -> None:
    loaded = importlib.import_module(f"unpinch.tui.commands.{module}")
    defined = {
        command.name
        for command in vars(loaded).values()
        if isinstance(command, click.Command) and command is not cli
    }
    assert defined == {name for name, (where, _) in COMMANDS.items() if where == module}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_holds_each_command_s_own_first_line_of_help(name: str) -> None:
    importlib.import_module(f"unpinch.tui.commands.{COMMANDS[name][0]}")
    command = cli.commands[name]
    assert command.help is not None
    assert command.help.strip().splitlines()[0] == COMMANDS[name][1]


def section(help_text: str) -> str:
    """The Commands section of ``--help``: what the table, not the modules, writes."""
    return help_text[help_text.index("Commands:") :]


def test_help_from_the_table_reads_as_help_from_the_loaded_commands(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "UNPINCH_DB": str(tmp_path / "db.json")}
    loaded = "from unpinch.tui.__main__ import load_commands, main; load_commands(); main()"
    fresh, full = (
        subprocess.run(
            [sys.executable, "-c", code, "--help"], env=env, capture_output=True, text=True
        )
        for code in ("from unpinch.tui.__main__ import main; main()", loaded)
    )
    assert fresh.returncode == full.returncode == 0
    assert section(fresh.stdout) == section(full.stdout)
    assert all(f"\n  {name} " in fresh.stdout for name in COMMANDS)
