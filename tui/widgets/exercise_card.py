"""The live exercise card: name, position and equipment, numbered steps, cautions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from unpinch.library.describe import words
from unpinch.library.model import Exercise

POSITION_WORDS = {
    "lying_on_back": "Lying on your back",
    "lying_on_stomach": "Lying on your stomach",
    "lying_on_side": "Lying on your side",
    "seated": "Seated",
    "standing": "Standing",
    "all_fours": "On all fours",
    "in_bed": "In bed",
    "kneeling": "Kneeling",
}


def where_line(exercise: Exercise) -> str:
    """Position and equipment in one line, e.g. "Lying on your back · towel"."""
    kit = [words(e) for e in exercise.equipment if e != "none"]
    return " · ".join([POSITION_WORDS.get(exercise.position, words(exercise.position)), *kit])


def card_text(exercise: Exercise, heading: str = "") -> Text:
    """The card's body: an optional heading, the name, where, steps and cautions."""
    text = Text()
    if heading:
        text.append(f"{heading}\n", style="bold")
    text.append(f"{exercise.name}\n", style="bold underline")
    text.append(f"{where_line(exercise)}\n", style="italic")
    for n, step in enumerate(exercise.steps, 1):
        text.append(f"\n{n}. ", style="bold")
        text.append(step)
    for caution in exercise.cautions:
        text.append("\n\n⚠ ", style="bold")
        text.append(caution)
    return text


class ExerciseCard(VerticalScroll, can_focus=False):
    """Shows one exercise; redrawn only when the exercise or heading changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        """A single block of text."""
        yield Static(id="card-body")

    def show(self, exercise: Exercise, heading: str = "") -> None:
        """Show ``exercise`` under ``heading`` unless it is already showing."""
        if self.shown == (exercise.id, heading):
            return
        self.shown = (exercise.id, heading)
        self.query_one("#card-body", Static).update(card_text(exercise, heading))
        self.scroll_home(animate=False)
