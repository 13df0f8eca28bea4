"""The routine pane: built-in routines and the user's own, with duration and last done."""

from __future__ import annotations

from datetime import date, datetime

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from unpinch.library.describe import minutes
from unpinch.library.history import days_ago
from unpinch.tui.plain import plain_line

DEFAULT_WIDTH = 34
"""Option width used before the list has been laid out."""


class RoutineList(OptionList):
    """A keyboard-first list of routines; Enter plays the highlighted one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="routines.down"),
        Binding("k", "cursor_up", "Up", show=False, id="routines.up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, str, int, bool, datetime | None]] = []
        self.today: date | None = None
        self.drawn_width = 0

    def set_routines(
        self, rows: list[tuple[str, str, int, bool, datetime | None]], today: date
    ) -> None:
        """Fill the list with (id, name, duration_s, builtin, last_done) rows."""
        self.rows, self.today = rows, today
        self.redraw()

    def redraw(self) -> None:
        """Lay the rows out for the list's current width, keeping the highlight."""
        if self.today is None:
            return
        self.drawn_width = self.text_width()
        highlighted = self.highlighted
        self.clear_options()
        width, today = self.drawn_width, self.today
        self.add_options([routine_option(*row, today=today, width=width) for row in self.rows])
        if self.rows:
            self.highlighted = min(highlighted or 0, len(self.rows) - 1)

    def text_width(self) -> int:
        """Cells available for one option's text (a sensible guess before the first layout)."""
        width = self.scrollable_content_region.width
        return width if width > 0 else DEFAULT_WIDTH

    def on_resize(self) -> None:
        """Lay the rows out again when the pane's width changes."""
        if self.text_width() != self.drawn_width:
            self.redraw()


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells with an ellipsis when it is longer."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + "…"


def routine_option(
    routine_id: str,
    name: str,
    duration_s: int,
    builtin: bool,
    last: datetime | None,
    *,
    today: date,
    width: int = DEFAULT_WIDTH,
) -> Option:
    """One two-line entry: the name with its duration at the right, then when it was last done.

    Plain text laid out for a known width draws several times faster than a
    table, which matters on the first screen a user sees.
    """
    duration = minutes(duration_s)
    shown = fit(plain_line(name), max(4, width - cell_len(duration) - 3))
    gap = max(1, width - 2 - cell_len(shown) - cell_len(duration))
    when = "never done" if last is None else f"last done {days_ago(last, today)}"
    owner = "" if builtin else "yours · "
    prompt = Text(" ")
    prompt.append(shown, style="bold")
    prompt.append(" " * gap)
    prompt.append(duration, style="dim")
    prompt.append("\n   ")
    prompt.append(fit(f"{owner}{when}", width - 4), style="dim italic")
    return Option(prompt, id=routine_id)
