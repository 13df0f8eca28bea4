"""The live exercise card: name, position and equipment, numbered steps, cautions.

The card is laid out so that what matters most never leaves the screen: the
heading, the name and the cautions are pinned at the top, and only the
numbered steps below them scroll, with a line that says which key shows the
rest. At 80×24 every exercise in the library keeps its caution in
view, however many lines the heading takes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
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

CAUTION_MARK = "⚠"
"""The one mark for a caution, in the player and the library alike."""

MORE_BELOW = "↓ more steps below (↓/j, PgDn)"
MORE_ABOVE = "↑ earlier steps above (↑/k, PgUp)"
MORE_BOTH = "↑↓ more steps (↑/↓ or j/k)"


def where_line(exercise: Exercise) -> str:
    """Position and equipment in one line, e.g. "Lying on your back · towel"."""
    kit = [words(e) for e in exercise.equipment if e != "none"]
    return " · ".join([POSITION_WORDS.get(exercise.position, words(exercise.position)), *kit])


def head_text(exercise: Exercise, heading: str = "") -> Text:
    """The card's top: an optional heading, the name and where it is done."""
    text = Text()
    if heading:
        text.append(f"{heading}\n", style="bold")
    text.append(f"{exercise.name}\n", style="bold underline")
    text.append(where_line(exercise), style="italic")
    return text


def steps_text(exercise: Exercise) -> Text:
    """The numbered steps, one paragraph each."""
    text = Text()
    for n, step in enumerate(exercise.steps, 1):
        if n > 1:
            text.append("\n")
        text.append(f"{n}. ", style="bold")
        text.append(step)
    return text


def cautions_text(exercise: Exercise) -> Text:
    """The cautions, each behind the caution mark; empty when there are none."""
    text = Text()
    for n, caution in enumerate(exercise.cautions):
        if n:
            text.append("\n")
        text.append(f"{CAUTION_MARK} ", style="bold")
        text.append(caution)
    return text


def more_hint(scroll_y: float, max_scroll_y: float) -> str:
    """The line under the steps: which way more steps lie, and the keys that show them."""
    above = scroll_y > 0
    below = scroll_y < max_scroll_y
    if above and below:
        return MORE_BOTH
    if below:
        return MORE_BELOW
    if above:
        return MORE_ABOVE
    return ""


class StepList(VerticalScroll, can_focus=False):
    """The card's numbered steps: the only part of the card that scrolls."""

    def compose(self) -> ComposeResult:
        """One block of text."""
        yield Static(id="card-steps-text")

    def on_resize(self) -> None:
        """The steps' own room changed (the card did not): the card's hint may be stale."""
        card = self.parent
        if isinstance(card, ExerciseCard):
            card.call_after_refresh(card.update_hint)


class ExerciseCard(Vertical, can_focus=False):
    """Shows one exercise; redrawn only when the exercise or heading changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        """The head and the cautions, pinned at the top; then the steps that scroll, and a hint."""
        yield Static(id="card-head")
        yield Static(id="card-cautions")
        yield StepList(id="card-steps")
        yield Static(id="card-more")

    def on_mount(self) -> None:
        """Keep the "more steps" line in step with the scroll position and the room."""
        steps = self.query_one(StepList)
        self.watch(steps, "scroll_y", self.update_hint, init=False)
        self.watch(steps, "virtual_size", self.update_hint, init=False)

    def on_resize(self) -> None:
        """The room changed: the steps may now fit, or no longer."""
        self.call_after_refresh(self.update_hint)

    def show(self, exercise: Exercise, heading: str = "") -> None:
        """Show ``exercise`` under ``heading`` unless it is already showing."""
        if self.shown == (exercise.id, heading):
            return
        new_exercise = self.shown is None or self.shown[0] != exercise.id
        self.shown = (exercise.id, heading)
        self.query_one("#card-head", Static).update(head_text(exercise, heading))
        cautions = self.query_one("#card-cautions", Static)
        cautions.update(cautions_text(exercise))
        cautions.display = bool(exercise.cautions)
        if new_exercise:
            self.query_one("#card-steps-text", Static).update(steps_text(exercise))
            self.query_one(StepList).scroll_home(animate=False)
        self.call_after_refresh(self.update_hint)

    def scroll_steps(self, pages: float) -> None:
        """Move the steps by ``pages`` screens of steps (negative: back up)."""
        steps = self.query_one(StepList)
        lines = max(1, steps.scrollable_content_region.height - 1)
        steps.scroll_to(y=steps.scroll_y + pages * lines, animate=False)
        self.call_after_refresh(self.update_hint)

    def update_hint(self) -> None:
        """Say whether more steps lie above or below, and how to see them."""
        steps = self.query_one(StepList)
        self.query_one("#card-more", Static).update(more_hint(steps.scroll_y, steps.max_scroll_y))
