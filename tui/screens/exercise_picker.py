"""A modal that picks one exercise to add to a routine, filtered as you type."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from unpinch.library.describe import words
from unpinch.library.model import Exercise
from unpinch.tui.screens.footer import compact_footer


def matches(exercise: Exercise, query: str) -> bool:
    """True when every word of ``query`` appears in the exercise's name or one of its aliases.

    Case is ignored, so "KNEE chest" finds "Knee to chest stretch"; an empty
    query matches everything.
    """
    haystack = " ".join((exercise.name, *exercise.aliases)).casefold()
    return all(word in haystack for word in query.casefold().split())


def matched_alias(exercise: Exercise, query: str) -> str | None:
    """The alias that ``query`` found when the name alone would not have, if any."""
    found = query.casefold().split()
    if not found or all(word in exercise.name.casefold() for word in found):
        return None
    for alias in exercise.aliases:
        if any(word in alias.casefold() for word in found):
            return alias
    return None


def exercise_option(exercise: Exercise, query: str = "") -> Option:
    """One row: the name (and the alias that matched), then its kind and position, dimmed."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    name = Text(exercise.name, style="bold")
    alias = matched_alias(exercise, query)
    if alias is not None:
        name.append(f" ({alias})", style="italic")
    where = f"{words(exercise.kind)} · {words(exercise.position)}"
    grid.add_row(name, Text(where, style="dim"))
    return Option(grid, id=exercise.id)


class ExercisePicker(ModalScreen[str | None]):
    """Type to filter the library, move with ↑/↓, Enter adds; dismisses with an id or None."""

    BINDINGS = [
        Binding("enter", "choose", "Add", key_display="⏎", id="picker.add", tooltip="Add it"),
        Binding("escape,q", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.up"),
    ]

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        super().__init__()
        self.exercises = tuple(exercises)

    def compose(self) -> ComposeResult:
        """A title, the filter box, the list and a line of keys."""
        with Vertical(id="picker-box"):
            yield Static("Add an exercise", classes="box-title")
            yield Input(placeholder="Type to filter by name", id="picker-filter", compact=True)
            yield OptionList(id="picker-list")
            yield Static("", id="picker-count")
            yield Static("↑/↓ choose · Enter add · Esc cancel", classes="box-hint")
        yield compact_footer()

    def on_mount(self) -> None:
        """Show every exercise and put the cursor in the filter box."""
        self.refilter("")
        self.query_one("#picker-filter", Input).focus()

    @on(Input.Changed, "#picker-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        """Narrow the list to the exercises that match what was typed."""
        self.refilter(event.value)

    @on(Input.Submitted, "#picker-filter")
    def filter_submitted(self) -> None:
        """Enter in the filter box adds the highlighted exercise."""
        self.choose_highlighted()

    @on(OptionList.OptionSelected, "#picker-list")
    def option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click or Enter on a row adds that exercise."""
        self.dismiss(event.option.id)

    def refilter(self, query: str) -> None:
        """Fill the list with the matching exercises and say how many there are."""
        shown = [e for e in self.exercises if matches(e, query)]
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options([exercise_option(e, query) for e in shown])
        if shown:
            options.highlighted = 0
        count = f"{len(shown)} of {len(self.exercises)}" if shown else "Nothing matches"
        self.query_one("#picker-count", Static).update(count)

    def choose_highlighted(self) -> None:
        """Close with the highlighted exercise's id; do nothing when nothing matches."""
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None:
            self.notify("Nothing matches that filter.", severity="warning")
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_choose(self) -> None:
        """Add the highlighted exercise (Enter when the filter box is not focused)."""
        self.choose_highlighted()

    def action_move(self, step: int) -> None:
        """Move the list's highlight while the cursor stays in the filter box."""
        options = self.query_one("#picker-list", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
