"""The check-in before a session: how the leg and back feel now, in a few key presses."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from unpinch.tui.screens.footer import compact_footer
from unpinch.tui.widgets.pain_scale import CheckinForm

CHECKIN_HINT = "0–9 or the key shown · ←/→ adjust · Tab next · Enter save · Esc skip"


class CheckinScreen(ModalScreen[dict[str, Any] | None]):
    """Ask for leg and back pain and a note; dismisses with the answer, or None when skipped."""

    BINDINGS = [
        Binding("enter", "save", "Save", id="checkin.save", tooltip="Save the check-in"),
        Binding("escape,q", "skip", "Skip", key_display="esc", id="checkin.skip"),
    ]

    def __init__(self, title: str = "Before you start: how do you feel?") -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        """A box with the question, the form and the keys."""
        with Vertical(id="checkin-box"):
            yield Static(self.title_text, classes="box-title")
            yield CheckinForm(id="checkin-form")
            yield Static(CHECKIN_HINT, classes="box-hint")
        yield compact_footer()

    def on_mount(self) -> None:
        """Start on the leg scale."""
        self.query_one("#checkin-leg").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the note saves too."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Close with what was given (None when nothing was)."""
        self.dismiss(self.query_one(CheckinForm).answer())

    def action_skip(self) -> None:
        """Close without a check-in."""
        self.dismiss(None)
