"""One past session in full: when, how it ended, the check-ins, marks and every step.

Opened from the history table with Enter. Each exercise step shows what was
asked (its target) beside what was done (its actual), whether it was skipped,
and whether it was marked "this hurts".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from unpinch.library.describe import minutes
from unpinch.library.history import started_at
from unpinch.library.model import Catalog
from unpinch.tui.context import unpinch_app
from unpinch.tui.plain import plain_line
from unpinch.tui.screens.base import UnpinchScreen
from unpinch.tui.screens.footer import compact_footer

Session = Mapping[str, Any]
STEP_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Exercise", 24),
    ("Side", 5),
    ("Set·rep", 7),
    ("Target", 8),
    ("Actual", 9),
    ("Result", 13),
)
"""Column labels and fixed widths of the steps table, chosen to fit 80 columns."""


def exercise_name(catalog: Catalog, exercise_id: str) -> str:
    """The exercise's name from the library, or its id when the library no longer has it."""
    found = catalog.exercises.get(exercise_id)
    return found.name if found is not None else exercise_id


def reps_text(count: object) -> str:
    """A count of reps in words: "1 rep", "0 reps", "12 reps"."""
    return f"{count} rep" if count == 1 else f"{count} reps"


def target_text(step: Mapping[str, Any]) -> str:
    """What the step asked for: "10 reps" or "20 s"."""
    if step.get("target_reps"):
        return reps_text(step["target_reps"])
    if step.get("target_s"):
        return f"{float(step['target_s']):g} s"
    return "-"


def actual_text(step: Mapping[str, Any]) -> str:
    """What was done: reps counted, or seconds held (with any extension)."""
    if step.get("target_reps") is not None or step.get("actual_reps") is not None:
        return reps_text(step.get("actual_reps") or 0)
    text = f"{round(float(step.get('actual_s') or 0))} s"
    extended = round(float(step.get("extended_s") or 0))
    return f"{text} {extended:+d}" if extended else text


def result_text(step: Mapping[str, Any]) -> str:
    """Done, skipped or not reached, with "hurts" when the step was marked."""
    word = "done" if step.get("completed") else "skipped" if step.get("skipped") else "not reached"
    return f"{word} ⚑hurts" if step.get("marked") else word


def step_cells(catalog: Catalog, step: Mapping[str, Any]) -> tuple[str, ...]:
    """One row of the steps table."""
    name = exercise_name(catalog, str(step.get("exercise_id") or "?"))
    set_rep = f"{step.get('set_no') or 1}·{step.get('rep_no') or 1}"
    return (
        name if len(name) <= 24 else name[:23] + "…",
        str(step.get("side") or ""),
        set_rep,
        target_text(step),
        actual_text(step),
        result_text(step),
    )


def check_in_text(label: str, check_in: object) -> str:
    """A check-in as "Before: leg 5 · back 2 — note", or that there was none."""
    if not isinstance(check_in, Mapping):
        return f"{label}: no check-in"
    text = f"{label}: leg {check_in.get('leg', '?')} · back {check_in.get('back', '?')}"
    note = plain_line(check_in.get("note") or "").strip()
    return f"{text} — {note}" if note else text


def heading_text(session: Session, catalog: Catalog) -> Text:
    """The session's name, time, outcome, check-ins and marks, a few short lines."""
    text = Text()
    name = session.get("routine_name") or session.get("routine_id") or "?"
    text.append(plain_line(name), style="bold")
    when = started_at(session)
    until = started_at({"started": session.get("ended")})
    end = f"{until:%H:%M}" if until is not None else ""
    if when is not None:
        text.append(f"  {when:%a %d %b %Y  %H:%M}" + (f"–{end}" if end else ""))
    duration = minutes(int(session.get("duration_s") or 0))
    text.append(f"\n{str(session.get('status') or '?').capitalize()} · {duration} active")
    text.append(f" · {session.get('exercises_completed', '?')} of ")
    text.append(f"{session.get('exercises', '?')} exercises completed")
    text.append("\n" + check_in_text("Before", session.get("before")))
    text.append("\n" + check_in_text("After", session.get("after")))
    marks = [m for m in session.get("marks") or [] if isinstance(m, Mapping)]
    if marks:
        text.append("\n⚑ This hurts: ", style="bold")
        text.append(", ".join(mark_text(catalog, m) for m in marks))
    return text


def mark_text(catalog: Catalog, mark: Mapping[str, Any]) -> str:
    """One "this hurts" mark as "Knee to chest (left) 07:05"."""
    name = exercise_name(catalog, str(mark.get("exercise_id") or "?"))
    side = f" ({mark['side']})" if mark.get("side") else ""
    at = str(mark.get("at") or "")
    return f"{name}{side} {at[11:16]}".rstrip()


class SessionDetailScreen(UnpinchScreen):
    """A past session's heading and its steps; Escape goes back to the history."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", key_display="esc", id="session_detail.back"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """Header, the heading lines, the steps table and the footer."""
        yield Header(show_clock=False, icon="")
        yield Static(id="detail-heading")
        yield DataTable[str](id="detail-steps", cursor_type="row", zebra_stripes=True)
        yield compact_footer()

    def on_mount(self) -> None:
        """Fill the heading and the steps from the session."""
        catalog = unpinch_app(self).workspace.catalog
        self.title = "Session"
        self.query_one("#detail-heading", Static).update(heading_text(self.session, catalog))
        table: DataTable[str] = self.query_one("#detail-steps", DataTable)
        for label, width in STEP_COLUMNS:
            table.add_column(label, width=width)
        steps = [s for s in self.session.get("steps") or [] if isinstance(s, Mapping)]
        table.add_rows([step_cells(catalog, s) for s in steps])
        table.focus()
