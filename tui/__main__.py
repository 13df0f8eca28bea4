"""unpinch's command line: plain-text commands, and the full-screen app with no command.

Textual is imported only when the full-screen app starts, so the plain
commands stay quick and work where no terminal is attached. Each group of
commands lives in its own module under ``tui/commands``.
"""

from __future__ import annotations

import importlib

from unpinch.tui.commands.common import cli

COMMAND_MODULES = (
    "listing",
    "play",
    "history",
    "routine_files",
    "figures",
    "recovery",
    "about",
)
"""The modules under ``tui/commands``; each attaches its commands to ``cli`` when imported."""


def load_commands() -> None:
    """Import every command module so each attaches its commands to ``cli``."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"unpinch.tui.commands.{name}")


def main() -> None:
    """Console-script entry point."""
    load_commands()
    cli(prog_name="unpinch")


if __name__ == "__main__":
    main()
