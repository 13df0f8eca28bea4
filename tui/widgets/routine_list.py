"""The routine pane: built-in routines and the user's own, with duration and last done."""

from __future__ import annotations

from datetime import date, datetime

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from library.describe import minutes
from library.history import days_ago


class RoutineList(OptionList):
    """A keyboard-first list of routines; Enter plays the highlighted one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="routines.down"),
        Binding("k", "cursor_up", "Up", show=False, id="routines.up"),
    ]

    def set_routines(
        self, rows: list[tuple[str, str, int, bool, datetime | None]], today: date
    ) -> None:
        """Fill the list with (id, name, duration_s, builtin, last_done) rows."""
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([routine_option(*row, today=today) for row in rows])
        if rows:
            self.highlighted = min(highlighted or 0, len(rows) - 1)


def routine_option(
    routine_id: str,
    name: str,
    duration_s: int,
    builtin: bool,
    last: datetime | None,
    *,
    today: date,
) -> Option:
    """One two-line entry: the name and duration, then when it was last done."""
    grid = Table.grid(expand=True, padding=(0, 1), pad_edge=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", no_wrap=True)
    when = "never done" if last is None else f"last done {days_ago(last, today)}"
    owner = "" if builtin else "yours · "
    grid.add_row(Text(name, style="bold"), Text(minutes(duration_s), style="dim"))
    grid.add_row(Text(f" {owner}{when}", style="dim italic"), "")
    return Option(grid, id=routine_id)
