"""The end of a workout: the numbers, whether it was saved, and how the leg and back feel now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from unpinch.library.describe import minutes
from unpinch.library.player import Summary
from unpinch.tui.plain import plain
from unpinch.tui.widgets.pain_scale import CheckinForm

HEADLINES = {
    "finished": "Routine complete — well done.",
    "stopped": "Workout stopped.",
}
AFTER_TITLE = "How do you feel now? (0–9, ←/→, Tab; Enter saves)"

SaveAfter = Callable[[dict[str, Any]], str | None]
"""Stores the after-session check-in; returns a problem to show, or None when saved."""


def summary_table(summary: Summary) -> Table:
    """The numbers of the session as a two-column table."""
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold")
    table.add_column(justify="right")
    active = round(summary.active_s)
    table.add_row("Time", minutes(active) if active >= 60 else f"{active} s")
    table.add_row("Exercises completed", f"{summary.exercises_completed} of {summary.exercises}")
    table.add_row("Skipped", str(summary.exercises_skipped))
    table.add_row("Marked “this hurts”", str(len(summary.marks)))
    return table


class SummaryScreen(Screen[None]):
    """Shown once after a workout; Enter saves the check-in (if given) and goes home."""

    BINDINGS = [
        Binding(
            "enter",
            "home(True)",
            "Save & home",
            id="summary.home",
            tooltip="Save how you feel and go back home",
        ),
        Binding(
            "escape,q",
            "home(False)",
            "Home",
            key_display="esc",
            id="summary.skip",
            tooltip="Go back home without a check-in",
        ),
    ]

    def __init__(
        self,
        routine_name: str,
        summary: Summary,
        problem: str | None = None,
        save_after: SaveAfter | None = None,
    ) -> None:
        super().__init__()
        self.routine_name = routine_name
        self.summary = summary
        self.problem = problem
        self.save_after = save_after

    def compose(self) -> ComposeResult:
        """A centred box with the headline, the numbers, the save state and the check-in."""
        with Middle(), Center(), Vertical(id="summary-box"):
            yield Static(HEADLINES.get(self.summary.status, "Workout over."), classes="box-title")
            yield Static(plain(self.routine_name), id="summary-routine")
            yield Static(summary_table(self.summary), id="summary-table")
            saved = f"Not saved: {self.problem}" if self.problem else "Saved to your history."
            yield Static(
                plain(saved), id="summary-saved", classes="-problem" if self.problem else ""
            )
            if self.summary.marks:
                yield Static(
                    "Marked exercises will be flagged next time; go gently with them.",
                    classes="box-hint",
                )
            if self.save_after is not None:
                yield Static(AFTER_TITLE, id="summary-after-title")
                yield CheckinForm(id="summary-checkin")
        yield Footer()

    def on_mount(self) -> None:
        """Put the keys on the leg scale, so a digit answers at once."""
        if self.save_after is not None:
            self.query_one("#checkin-leg").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the note saves and goes home too."""
        event.stop()
        self.action_home(True)

    def action_home(self, save: bool = True) -> None:
        """Save the check-in when asked and one was given, then go back home."""
        if save and self.save_after is not None:
            answer = self.query_one(CheckinForm).answer()
            if answer is not None:
                problem = self.save_after(answer)
                if problem:
                    self.notify(f"Could not save the check-in: {problem}", severity="error")
        self.dismiss()
