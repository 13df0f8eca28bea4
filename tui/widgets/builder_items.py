"""The builder's list of a routine's exercises: number, name, dose and sides, one line each."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from library.model import Catalog, Routine

SIDE_LABELS = {"both": "both sides", "each": "each side", "alternating": "alternating"}
"""Short words for an exercise's sides, narrow enough for the list's last column."""


def item_option(number: int, name: str, dose_label: str, sides: str) -> Option:
    """One row: "3. Knee to chest" on the left, the dose and the sides on the right."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(width=10, no_wrap=True)
    grid.add_row(
        Text.assemble((f"{number:>2}. ", "dim"), (name, "bold")),
        Text(dose_label),
        Text(SIDE_LABELS.get(sides, sides), style="dim"),
    )
    return Option(grid, id=f"item-{number}")


class BuilderItems(OptionList):
    """A keyboard-first list of a routine's items; Enter asks to edit the highlighted dose."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="builder-items.down"),
        Binding("k", "cursor_up", "Up", show=False, id="builder-items.up"),
        Binding(
            "enter",
            "select",
            "Dose",
            key_display="⏎",
            id="builder-items.dose",
            tooltip="Edit the highlighted exercise's dose",
        ),
    ]

    def show(self, routine: Routine, catalog: Catalog, highlight: int | None) -> None:
        """List the routine's items and highlight ``highlight`` (kept within range)."""
        self.clear_options()
        options = []
        for number, item in enumerate(routine.items, 1):
            exercise = catalog.exercises[item.exercise_id]
            dose = catalog.dose_for(item)
            options.append(item_option(number, exercise.name, dose.label(), exercise.sides))
        self.add_options(options)
        if options:
            self.highlighted = max(0, min(highlight or 0, len(options) - 1))
