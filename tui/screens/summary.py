"""The end of a workout: time, exercises completed, skipped and marked, and that it was saved."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from library.describe import minutes
from library.player import Summary

HEADLINES = {
    "finished": "Routine complete — well done.",
    "stopped": "Workout stopped.",
}


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
    """Shown once after a workout; Enter or Escape goes back home."""

    BINDINGS = [
        Binding("enter,escape,q", "home", "Home", key_display="enter", id="summary.home"),
    ]

    def __init__(self, routine_name: str, summary: Summary, problem: str | None = None) -> None:
        super().__init__()
        self.routine_name = routine_name
        self.summary = summary
        self.problem = problem

    def compose(self) -> ComposeResult:
        """A centred box with the headline, the numbers and whether it was saved."""
        with Middle(), Center(), Vertical(id="summary-box"):
            yield Static(HEADLINES.get(self.summary.status, "Workout over."), classes="box-title")
            yield Static(self.routine_name, id="summary-routine")
            yield Static(summary_table(self.summary), id="summary-table")
            saved = f"Not saved: {self.problem}" if self.problem else "Saved to your history."
            yield Static(saved, id="summary-saved", classes="-problem" if self.problem else "")
            if self.summary.marks:
                yield Static(
                    "Marked exercises will be flagged next time; go gently with them.",
                    classes="box-hint",
                )
        yield Footer()

    def action_home(self) -> None:
        """Back to the home screen."""
        self.dismiss()
