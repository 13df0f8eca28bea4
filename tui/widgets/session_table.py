"""The table of past sessions: date, routine, time, completion and pain before → after.

It draws only the rows on screen. Textual's DataTable measures every cell of
every row when rows are added, which takes seconds for ten years of daily
sessions (see ``bench/bench_history.py``); here a row's text is built the first
time it scrolls into view and kept, so the pane opens as fast with 3,650
sessions as with ten. The sessions behind the rows are kept in order, so the
cursor's row index finds its session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from unpinch.library.describe import minutes
from unpinch.library.history import pain_change, started_at
from unpinch.tui.plain import plain_line

Session = Mapping[str, Any]
COLUMNS: tuple[tuple[str, int], ...] = (
    ("Date", 16),
    ("Routine", 17),
    ("Time", 6),
    ("Done", 11),
    ("Pain before → after", 19),
)
"""Column labels and widths when every column is full; they fit the table and its scrollbar
in 80 columns. :func:`fitted_widths` narrows the last three to what the rows need and gives
the routine name the room that frees."""
TABLE_WIDTH = sum(width + 2 for _, width in COLUMNS)
CURSOR = "▸"
"""Marks the highlighted row by glyph too, so it shows with NO_COLOR."""
STATUS_WORDS = {"stopped": "stopped", "interrupted": "cut off"}
DONE_FIELDS = ("status", "exercises", "exercises_completed")
"""The fields the Done column is made from."""
SHORT_PAIN = "Pain"
"""The pain column's label when no row has a check-in, so the column takes little room."""


def completion(session: Session) -> str:
    """Exercises done of all: "3/4", and "2/4 stopped" or "1/3 cut off" for one cut short.

    How far a stopped session got matters more than that it stopped, so the
    count comes first and the word after it; without counts only the word is left.
    """
    status = str(session.get("status") or "")
    word = STATUS_WORDS.get(status, "")
    total = session.get("exercises")
    done = session.get("exercises_completed")
    if isinstance(total, int) and isinstance(done, int):
        return f"{done}/{total} {word}".rstrip()
    if word:
        return word
    return "done" if status == "completed" else status or "?"


def clip(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters, ending in … when it was longer."""
    return text if len(text) <= width else text[: width - 1] + "…"


def row_cells(session: Session) -> tuple[str, str, str, str, str]:
    """One table row for a session, as plain strings (the routine name uncut)."""
    when = started_at(session)
    name = session.get("routine_name") or session.get("routine_id") or "?"
    return (
        when.strftime("%Y-%m-%d %H:%M") if when else "?",
        plain_line(name),
        minutes(int(session.get("duration_s") or 0)),
        completion(session),
        pain_change(session),
    )


def fitted_widths(sessions: Sequence[Session]) -> tuple[int, ...]:
    """Column widths for these sessions within :data:`TABLE_WIDTH`: the routine gets the rest.

    Time and Done are as wide as their longest cell (at most their full width, at
    least their label), and Pain takes its full width only when some session has a
    check-in, so a name is cut only when the row is full. It reads each session
    once without building its row, as the rows are built only as they scroll
    into view; the longest time is the longest duration's.
    """
    full = [width for _, width in COLUMNS]
    longest = max((float(s.get("duration_s") or 0) for s in sessions), default=0.0)
    time_width = max(4, min(full[2], len(minutes(int(longest)))))
    kinds = {tuple(plain_value(s.get(name)) for name in DONE_FIELDS) for s in sessions}
    done = (completion(dict(zip(DONE_FIELDS, kind, strict=True))) for kind in kinds)
    done_width = max(4, min(full[3], max(map(len, done), default=0)))
    checked = any(s.get("before") or s.get("after") for s in sessions)
    widths = [full[0], 0, time_width, done_width, full[4] if checked else len(SHORT_PAIN)]
    widths[1] = TABLE_WIDTH - sum(width + 2 for width in widths)
    return tuple(widths)


def plain_value(value: object) -> object:
    """``value`` if it is a number or text (so it can be a set member), else None."""
    return value if isinstance(value, (int, float, str)) else None


def header_line(widths: Sequence[int]) -> str:
    """The column labels laid out in these widths."""
    labels = [label for label, _ in COLUMNS]
    if widths[4] < len(labels[4]):
        labels[4] = SHORT_PAIN
    return line_of(labels, widths)


def line_of(cells: Sequence[str], widths: Sequence[int] | None = None) -> str:
    """Cells laid out in their columns, one space of padding each side."""
    chosen = widths or [width for _, width in COLUMNS]
    return "".join(
        f" {clip(cell, width).ljust(width)} " for cell, width in zip(cells, chosen, strict=True)
    )


class SessionHeader(Static):
    """The column labels above the table; they stay put while the rows scroll."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(line_of([label for label, _ in COLUMNS]), id=id, markup=False)

    def show(self, widths: Sequence[int]) -> None:
        """Lay the labels out in the table's current column widths."""
        self.update(header_line(widths))


class SessionTable(ScrollView, can_focus=True):
    """Sessions, one per line, with a row cursor; Enter or a click posts ``Selected``."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="session_table.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="session_table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="session_table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="session_table.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="session_table.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="session_table.last"),
        Binding("enter", "select", "Open", id="session_table.open", tooltip="Open this session"),
    ]
    COMPONENT_CLASSES = {"session-table--cursor"}
    """The style of the row under the cursor."""

    cursor_row: reactive[int] = reactive(0)
    """Index of the highlighted row."""

    @dataclass
    class Selected(Message):
        """A row was chosen with Enter or a click on the highlighted row."""

        row: int
        session: Mapping[str, Any]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: list[Session] = []
        self.lines: dict[int, str] = {}
        self.widths: tuple[int, ...] = tuple(width for _, width in COLUMNS)

    def watch_cursor_row(self, old: int, new: int) -> None:
        """Redraw the two rows that changed and keep the cursor in view."""
        self.refresh_line(old - self.scroll_offset.y)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh_line(new - self.scroll_offset.y)

    @property
    def row_count(self) -> int:
        """How many sessions the table holds."""
        return len(self.shown)

    def show(self, sessions: Sequence[Session]) -> None:
        """Replace the rows with these sessions, in the order given, cursor on the first.

        The column widths are fitted to every row shown, so they do not change as
        the rows scroll.
        """
        self.shown = list(sessions)
        self.lines = {}
        self.widths = fitted_widths(self.shown)
        self.virtual_size = Size(TABLE_WIDTH, len(self.shown))
        self.set_reactive(SessionTable.cursor_row, 0)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def session_at(self, row: int) -> Session | None:
        """The session shown in row ``row``, or None when there is no such row."""
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def row_text(self, row: int) -> str:
        """Row ``row``'s text, built once."""
        text = self.lines.get(row)
        if text is None:
            text = self.lines[row] = line_of(row_cells(self.shown[row]), self.widths)
        return text

    def render_line(self, y: int) -> Strip:
        """Draw the row at screen line ``y``, highlighted when the cursor is on it."""
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self.shown):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        text = self.row_text(row)
        if row == self.cursor_row:
            style += self.get_component_rich_style("session-table--cursor")
            text = CURSOR + text[1:]
        strip = Strip([Segment(text, style)])
        strip = strip.crop(self.scroll_offset.x, self.scroll_offset.x + width)
        return strip.extend_cell_length(width, style)

    def action_move(self, step: int) -> None:
        """Move the cursor up or down a row."""
        self.jump_to(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful up or down."""
        self.jump_to(self.cursor_row + direction * max(1, self.size.height - 1))

    def action_jump(self, row: int) -> None:
        """Move the cursor to the first row (0) or the last (-1)."""
        self.jump_to(row if row >= 0 else len(self.shown) - 1)

    def jump_to(self, row: int) -> None:
        """Put the cursor on ``row``, kept within the table."""
        if self.shown:
            self.cursor_row = min(max(row, 0), len(self.shown) - 1)

    def action_select(self) -> None:
        """Say which session is highlighted, so the screen can open it."""
        session = self.session_at(self.cursor_row)
        if session is not None:
            self.post_message(self.Selected(self.cursor_row, session))

    def on_click(self, event: events.Click) -> None:
        """A click highlights a row; a click on the highlighted row opens it."""
        row = self.scroll_offset.y + event.y
        if self.session_at(row) is None:
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row
