"""Every command module under tui/commands is loaded by the command line."""

from pathlib import Path

from unpinch.tui.__main__ import COMMAND_MODULES

COMMANDS = Path(__file__).resolve().parents[1] / "tui" / "commands"


def test_every_command_module_is_listed() -> None:
    found = {p.stem for p in COMMANDS.glob("*.py")} - {"__init__", "common"}
    assert found == set(COMMAND_MODULES)
