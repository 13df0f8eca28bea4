"""The end of a workout: the numbers, whether it was saved, and how the leg and back feel now."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from unpinch.library.describe import minutes
from unpinch.library.recorder import SessionRecorder
from unpinch.library.session import SessionRecord, check_in_from
from unpinch.library.workout import WorkoutSummary
from unpinch.tui.plain import plain
from unpinch.tui.widgets.pain_scale import CheckinForm

AFTER_TITLE = "How do you feel now? (0–9, ←/→, Tab; Enter saves)"


def summary_table(summary: WorkoutSummary) -> Table:
    """The numbers of the session as a two-column table."""
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold")
    table.add_column(justify="right")
    active = round(summary.active_s)
    table.add_row("Time", minutes(active) if active >= 60 else f"{active} s")
    table.add_row("Exercises completed", f"{summary.completed} of {summary.exercises}")
    table.add_row("Skipped", str(summary.skipped))
    table.add_row("Marked “this hurts”", str(summary.marks))
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
        summary: WorkoutSummary,
        recorder: SessionRecorder | None = None,
        record: SessionRecord | None = None,
    ) -> None:
        """Show ``summary``; with a recorder and the saved record, offer the check-in after."""
        super().__init__()
        self.routine_name = routine_name
        self.summary = summary
        self.recorder = recorder
        self.record = record
        self.problem = recorder.problem if recorder is not None else None
        self.asks_after = recorder is not None and record is not None

    def compose(self) -> ComposeResult:
        """A centred box with the headline, the numbers, the save state and the check-in."""
        with Middle(), Center(), Vertical(id="summary-box"):
            yield Static(self.summary.headline, classes="box-title")
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
            if self.asks_after:
                yield Static(AFTER_TITLE, id="summary-after-title")
                yield CheckinForm(id="summary-checkin")
        yield Footer()

    def on_mount(self) -> None:
        """Put the keys on the leg scale, so a digit answers at once."""
        if self.asks_after:
            self.query_one("#checkin-leg").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the note saves and goes home too."""
        event.stop()
        self.action_home(True)

    def action_home(self, save: bool = True) -> None:
        """Save the check-in when asked and one was given, then go back home."""
        if save and self.recorder is not None and self.record is not None:
            after = check_in_from(self.query_one(CheckinForm).answer())
            if after is not None:
                problem = self.recorder.save(replace(self.record, after=after))
                if problem:
                    self.notify(f"Could not save the check-in: {problem}", severity="error")
        self.dismiss()
