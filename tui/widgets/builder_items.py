"""The builder's list of a routine's exercises: number, name, dose and sides, one line each."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from unpinch.library.model import Catalog, Routine
from unpinch.library.record import Record, record

SIDE_LABELS = {"both": "both sides", "each": "each side", "alternating": "alternating"}
"""Short words for an exercise's sides, narrow enough for the list's last column."""


SIDES_WIDTH = max(len(label) for label in SIDE_LABELS.values())


@record
class ItemRow(Record):
    """One line laid out for the width it is drawn at: name left, dose and sides right.

    The name gives way (with an ellipsis) when the line is narrow, so the dose,
    which is what the user is editing, always stays whole.
    """

    number: int
    name: str
    dose_label: str
    sides: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render the line at the full available width."""
        width = options.max_width
        right = f" {self.dose_label}  {SIDE_LABELS.get(self.sides, self.sides):<{SIDES_WIDTH}}"
        line = Text.assemble((f"{self.number:>2}. ", "dim"), (self.name, "bold"))
        line.truncate(max(width - len(right), 8), overflow="ellipsis", pad=True)
        line.append(f" {self.dose_label}  ")
        line.append(f"{SIDE_LABELS.get(self.sides, self.sides):<{SIDES_WIDTH}}", style="dim")
        line.truncate(width, overflow="ellipsis")
        yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """Always take the whole width, so rows line up."""
        return Measurement(options.max_width, options.max_width)


def item_option(number: int, name: str, dose_label: str, sides: str) -> Option:
    """One row: "3. Knee to chest" on the left, the dose and the sides on the right."""
    return Option(ItemRow(number, name, dose_label, sides), id=f"item-{number}")


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
