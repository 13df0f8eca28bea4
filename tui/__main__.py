"""unpinch's command line: plain-text commands, and the full-screen app with no command.

Textual is imported only when the full-screen app starts, and each command's
module only when that command runs (see :mod:`unpinch.tui.commands.index`), so
the plain commands stay quick and work where no terminal is attached. The
plain forms of ``due``, meant for a shell prompt or a tmux status line, are
answered before click is even imported (:mod:`unpinch.tui.quick`), and so is
plain ``unpinch``, which starts the app without any option to parse.
"""

from __future__ import annotations

import os
import sys

from unpinch.tui.commands.index import MODULES

COMPLETION_ENV = "_UNPINCH_COMPLETE"
"""Set by a shell asking click for unpinch's completion script or for completions."""

COMMAND_MODULES = MODULES
"""The modules under ``tui/commands`` that define commands, each attached to ``cli`` on import."""


def load_commands() -> None:
    """Import every command module so each attaches its commands to ``cli`` at once."""
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"unpinch.tui.commands.{name}")


def main() -> None:
    """Console-script entry point."""
    from unpinch.tui.quick import answer_due

    status = answer_due(sys.argv[1:])
    if status is not None:
        sys.exit(status)
    if not sys.argv[1:] and COMPLETION_ENV not in os.environ:
        # The everyday start: the app with no options, so click is not needed (it is when
        # a shell asks for its completion script, which comes without arguments too).
        from unpinch.tui.launch import Options, launch

        launch(Options(None, None), routine_id=None)
    from unpinch.tui.commands.common import cli

    cli(prog_name="unpinch")


if __name__ == "__main__":
    main()
