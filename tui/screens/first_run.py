"""The notice shown once, on the very first start, before any exercise."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unpinch.tui.context import unpinch_app

FOOTER_DELAY_S = 0.05
"""Add the footer this long after the notice is mounted, once its first frame is drawn."""

FIRST_RUN_TEXT = (
    "Before you start, see a doctor or physiotherapist about your back and leg, so you "
    "know these exercises suit you.\n\n"
    "Stop any exercise that sends pain further down your leg, and press ! to mark it: it "
    "will be flagged next time.\n\n"
    "Go to emergency care the same day for new bladder or bowel trouble, numbness between "
    "the legs or around the back passage, or sciatica in both legs (NICE NG59). "
    "Press i on the home screen for every warning sign."
)


class FirstRunScreen(ModalScreen[None]):
    """Shown until read: Enter acknowledges it for good; Esc or q closes it for this time."""

    STYLED_AT_START: ClassVar[bool] = True
    """Every rule it needs is in app.tcss, read before the first frame."""

    BINDINGS = [
        Binding("enter", "understood", "I understand", id="first_run.ok"),
        Binding("escape,q", "later", "Not now", key_display="esc", id="first_run.later"),
    ]

    def compose(self) -> ComposeResult:
        """The notice and the key that acknowledges it; the footer follows the first frame."""
        with Vertical(id="first-run-box"):
            yield Static("Welcome to unpinch", classes="box-title")
            yield Static(FIRST_RUN_TEXT, id="first-run-text")
            yield Static(
                "Press Enter to say you have read this (Esc: show it again next time).",
                classes="box-hint",
            )

    def on_mount(self) -> None:
        """Add the footer a moment later, as the home screen does.

        On a first start this notice is the first frame, and the footer (its
        code, its style rules, its keys) cost about as much again; the box
        itself says which keys to press. The notice is pushed before the app's
        first frame, when waiting for a refresh would not wait for that frame.
        """
        self.set_timer(FOOTER_DELAY_S, self.mount_footer)

    async def mount_footer(self) -> None:
        """Add the footer (see :func:`unpinch.tui.screens.footer.mount_footer`)."""
        from unpinch.tui.screens.footer import mount_footer

        await mount_footer(self)

    def action_understood(self) -> None:
        """Remember the acknowledgement in the settings and close."""
        app = unpinch_app(self)
        app.apply_settings(replace(app.workspace.settings, first_run_ack=True))
        self.dismiss()

    def action_later(self) -> None:
        """Close the notice without the acknowledgement, so the next start shows it again."""
        self.dismiss()
