"""Which module defines each plain command, and its one-line help, without importing any.

``unpinch --help`` lists every command from this table, and running a command
imports only the module that defines it, so a quick command such as ``due``
never pays for the others' imports. A test checks the table against the
modules themselves.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "exercises": ("listing", "List every exercise in the library."),
    "routines": ("listing", "List the built-in routines and your own."),
    "show": ("listing", "Show an exercise or a routine in readable form."),
    "play": ("play", "Open the player straight into ROUTINE_ID."),
    "history": (
        "history",
        "List your sessions: when, which routine, how long, and pain before and after.",
    ),
    "import": (
        "routine_files",
        "Add a routine from a TOML file (see 'unpinch export' for the format).",
    ),
    "export": ("routine_files", "Print a routine as a TOML file that 'unpinch import' reads back."),
    "figures": ("figures", "Draw every exercise's figure, for review."),
    "report": (
        "recovery",
        "Write a report for your physiotherapist: one HTML file that prints on A4.",
    ),
    "due": ("recovery", "Say which routine is due today; exit 1 when one is, 0 when nothing is."),
    "rest-day": (
        "recovery",
        "Mark today (or a day of the past week) as a rest day: streaks and due routines wait.",
    ),
    "locate": (
        "about",
        "Print the path of the config file or of the data file (it may not exist yet).",
    ),
    "sound": (
        "about",
        'Say which cue output plays here, and why: "speaker (miniaudio)", "bell: over SSH".',
    ),
}
"""Command name -> (module under ``unpinch.tui.commands``, first line of its help)."""

MODULES: tuple[str, ...] = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))
"""Every command module, each once, in the order of the table."""
