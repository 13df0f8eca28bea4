"""A plain message in place of a broken layout when the window is below the minimum."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from unpinch.tui.screen_size import MIN_HEIGHT, MIN_WIDTH


def size_message(width: int, height: int) -> str:
    """The words shown while the window is too small, with both sizes in them."""
    return (
        f"Make the window at least {MIN_WIDTH}×{MIN_HEIGHT}\n"
        f"(it is {width}×{height} now).\n\n"
        "Nothing is lost: a workout waits, paused, until then.\n"
        "q quits (what you did is saved)."
    )


class TooSmallScreen(Screen[None]):
    """Covers the app until the terminal is resized to at least the minimum."""

    STYLED_AT_START: ClassVar[bool] = True
    """Every rule it needs is in app.tcss, read before the first frame."""

    COVERS_TOO_SMALL: ClassVar[bool] = True
    """What the app looks for (:func:`unpinch.tui.screen_size.covers_too_small`)."""

    BINDINGS = [
        Binding("escape,q,ctrl+q", "app.quit", "Quit", key_display="q", id="too_small.quit"),
    ]
    """Nothing lies behind this notice to go back to, so q and Esc quit, as ctrl+q does;
    a workout is saved at every step."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.start_size = (width, height)

    def compose(self) -> ComposeResult:
        """One centred message."""
        with Middle(), Center():
            yield Static(size_message(*self.start_size), id="too-small-message")

    def update_size(self, width: int, height: int) -> None:
        """Show the new size after another resize that is still too small."""
        self.query_one("#too-small-message", Static).update(size_message(width, height))
