"""The preview of the highlighted routine: exercises with doses, equipment, how often.

Exercises marked "this hurts" in the last session of the routine (the screen
passes them in) carry a flag, so the user sees it before starting rather than
in the middle of a hold.
"""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from unpinch.library.describe import HURT_MARK, dose_and_sides, minutes, words
from unpinch.library.model import Catalog, Routine
from unpinch.tui.plain import plain, plain_line

__all__ = ["HURT_MARK", "RoutinePreview", "needed_equipment", "preview_text"]


def needed_equipment(routine: Routine, catalog: Catalog) -> list[str]:
    """Equipment the routine needs, in first-use order, without 'none'."""
    found: list[str] = []
    for item in routine.items:
        for thing in catalog.exercises[item.exercise_id].equipment:
            if thing != "none" and words(thing) not in found:
                found.append(words(thing))
    return found


def preview_text(
    routine: Routine, catalog: Catalog, duration_s: int, marked: Collection[str] = ()
) -> Text:
    """The preview's content as styled text; ``marked`` exercises carry the hurt flag."""
    text = Text()
    text.append(f"{plain_line(routine.name)}\n", style="bold")
    text.append(f"About {minutes(duration_s)} · {len(routine.items)} exercises", style="dim")
    equipment = needed_equipment(routine, catalog)
    text.append("\nYou need: ", style="bold")
    text.append(", ".join(equipment) if equipment else "nothing but a mat or a bed")
    text.append("\n")
    for n, item in enumerate(routine.items, 1):
        exercise = catalog.exercises[item.exercise_id]
        dose = catalog.dose_for(item)
        text.append(f"\n{n:>2}. ")
        text.append(plain_line(exercise.name))
        text.append(f" — {dose_and_sides(dose.label(), exercise)}", style="dim")
        if item.exercise_id in marked:
            text.append(f"  {HURT_MARK}", style="bold")
    if routine.description:
        text.append("\n\n")
        text.append(plain(routine.description))
    if routine.frequency:
        text.append("\n\nHow often: ", style="bold")
        text.append(plain(routine.frequency))
    return text


PREVIEW_MORE = "↓ more below · Tab to read on"
PREVIEW_FOCUSED = "↑/↓ or j/k scroll · Tab back to the list"


def preview_hint(focused: bool, scroll_y: float, max_scroll_y: float) -> str:
    """The line under the preview: how to reach what lies below, or how to scroll it."""
    if focused:
        return PREVIEW_FOCUSED if max_scroll_y > 0 else ""
    return PREVIEW_MORE if scroll_y < max_scroll_y else ""


class RoutinePreview(VerticalScroll, can_focus=True):
    """A scrollable description of one routine: the exercises first, then what it is for.

    Tab gives it the keys, so the arrows (or j/k) read on without moving the
    routine list's highlight.
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="preview.down"),
        Binding("k", "scroll_up", "Up", show=False, id="preview.up"),
    ]

    def compose(self) -> ComposeResult:
        """A single text block."""
        yield Static(id="preview-body")

    def show(
        self, routine: Routine, catalog: Catalog, duration_s: int, marked: Collection[str] = ()
    ) -> None:
        """Show this routine, flagging the ``marked`` exercises, and scroll back to its top."""
        body = preview_text(routine, catalog, duration_s, marked)
        self.query_one("#preview-body", Static).update(body)
        self.scroll_home(animate=False)
