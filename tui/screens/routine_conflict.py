"""Asking what to keep when a routine was changed elsewhere while the builder had it open.

Another login, or ``unpinch import --replace``, may have saved the same routine
since the builder opened it. Saving over it silently would lose that change,
so the builder asks: overwrite it, keep the other version, or save this one
as a copy.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unpinch.tui.screens.footer import compact_footer

ConflictAnswer = Literal["overwrite", "theirs", "copy"] | None


class RoutineConflictScreen(ModalScreen[ConflictAnswer]):
    """o overwrites the other version, k keeps it, c saves mine as a copy, Esc keeps editing."""

    BINDINGS = [
        Binding("o", "answer('overwrite')", "Overwrite", id="conflict.overwrite"),
        Binding("k", "answer('theirs')", "Keep theirs", id="conflict.theirs"),
        Binding("c", "answer('copy')", "Save as copy", id="conflict.copy"),
        Binding("escape,q", "answer('')", "Keep editing", id="conflict.cancel"),
    ]

    def __init__(self, name: str, gone: bool) -> None:
        super().__init__()
        self.routine_name = name
        self.gone = gone

    def compose(self) -> ComposeResult:
        """The question, what happened, and the three answers."""
        what = "deleted" if self.gone else "changed"
        with Vertical(id="conflict-box"):
            yield Static("Changed elsewhere", classes="box-title")
            yield Static(
                Text(f"“{self.routine_name}” was {what} in another window since you opened it.")
            )
            yield Static(
                "o: overwrite it with mine\n"
                "k: keep the other version (drop my changes)\n"
                "c: save mine as a copy\n"
                "Esc: keep editing",
                classes="box-hint",
            )
        yield compact_footer()

    def action_answer(self, answer: str) -> None:
        """Close with the answer, or None to keep editing."""
        choices: dict[str, ConflictAnswer] = {
            "overwrite": "overwrite",
            "theirs": "theirs",
            "copy": "copy",
        }
        self.dismiss(choices.get(answer))
