"""A yes/no question in a small modal box, answered with y / n (or Enter / Escape)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unpinch.tui.plain import plain
from unpinch.tui.screens.footer import compact_footer


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; dismisses with True for yes and False for no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        """The question, an optional detail line, and the keys."""
        with Vertical(id="confirm-box"):
            yield Static(plain(self.question), classes="box-title")
            if self.detail:
                yield Static(plain(self.detail), id="confirm-detail")
            yield Static("y / Enter: yes    n / Esc: no", classes="box-hint")
        yield compact_footer()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


class QuitConfirm(ConfirmScreen):
    """The question ctrl+q asks mid-workout; the app reads a second ctrl+q as yes."""
