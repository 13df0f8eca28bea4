"""The library browser's filters: by kind, position, target area and equipment, plus text.

The matching rules are plain functions over :class:`~library.model.Exercise`
so they can be tested without a terminal; the widgets only show and cycle
the chosen values. Each filter is a chip that cycles through the values the
library actually uses, stepping over those that would leave no exercise with
the other filters, with a key shown on the chip; a click cycles it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from unpinch.library.describe import words
from unpinch.library.model import EQUIPMENT, KINDS, POSITIONS, Exercise
from unpinch.library.record import Record, record


@record
class Facet(Record):
    """One way to filter: its field name, its label and the key that cycles it."""

    name: str
    label: str
    key: str


FACETS: tuple[Facet, ...] = (
    Facet("kind", "Kind", "1"),
    Facet("position", "Position", "2"),
    Facet("target", "Target", "3"),
    Facet("equipment", "Equipment", "4"),
)
"""The filters in the order they are shown; digits cycle them, as in the history pane."""

_ORDER: dict[str, tuple[str, ...]] = {"kind": KINDS, "position": POSITIONS, "equipment": EQUIPMENT}


@record
class ExerciseFilter(Record):
    """What the user is looking for; None on a facet means "any"."""

    kind: str | None = None
    position: str | None = None
    target: str | None = None
    equipment: str | None = None
    text: str = ""

    def matches(self, exercise: Exercise) -> bool:
        """True when the exercise passes every chosen facet and the search text."""
        for facet in FACETS:
            wanted = getattr(self, facet.name)
            if wanted is not None and wanted not in facet_values(exercise, facet.name):
                return False
        return text_matches(self.text, exercise)

    def with_value(self, facet: str, value: str | None) -> ExerciseFilter:
        """A copy with one facet set (None clears it)."""
        if facet not in {f.name for f in FACETS}:
            raise KeyError(f"no filter named '{facet}'")
        changes: dict[str, Any] = {facet: value}
        return replace(self, **changes)

    def active(self) -> list[str]:
        """The chosen facets as "kind: stretch" phrases, for the count line and tests."""
        return [
            f"{f.label.lower()}: {value_label(f.name, getattr(self, f.name))}"
            for f in FACETS
            if getattr(self, f.name) is not None
        ]


def facet_values(exercise: Exercise, facet: str) -> tuple[str, ...]:
    """The values an exercise has for one facet (targets and equipment can be several)."""
    if facet == "kind":
        return (exercise.kind,)
    if facet == "position":
        return (exercise.position,)
    if facet == "target":
        return exercise.targets
    return exercise.equipment


def normalised(text: str) -> str:
    """Lower-case text with hyphens read as spaces, so "knee-to-chest" finds "knee to chest"."""
    return text.casefold().replace("-", " ")


def text_matches(query: str, exercise: Exercise) -> bool:
    """True when every word of the query appears in the exercise's name or an alias."""
    haystack = normalised(" | ".join((exercise.name, *exercise.aliases)))
    return all(word in haystack for word in normalised(query).split())


def facet_choices(exercises: Iterable[Exercise], facet: str) -> tuple[str, ...]:
    """The values used by at least one exercise, in the model's order (targets A–Z)."""
    used = {value for e in exercises for value in facet_values(e, facet)}
    order = _ORDER.get(facet, tuple(sorted(used)))
    return tuple(value for value in order if value in used)


def filtered(exercises: Iterable[Exercise], wanted: ExerciseFilter) -> list[Exercise]:
    """The exercises that match, in library order."""
    return [e for e in exercises if wanted.matches(e)]


def cycled(
    choices: Sequence[str],
    current: str | None,
    step: int,
    usable: Callable[[str], bool] = lambda _: True,
) -> str | None:
    """The next (step 1) or previous (step -1) value after ``current``, with "any" between ends.

    Values that ``usable`` turns down (say, ones that would leave no exercise
    with the other filters) are stepped over; "any" is always usable.
    """
    ring: list[str | None] = [None, *choices]
    index = ring.index(current) if current in ring else 0
    direction = 1 if step >= 0 else -1
    for _ in range(abs(step)):
        for _ in range(len(ring)):
            index = (index + direction) % len(ring)
            value = ring[index]
            if value is None or usable(value):
                break
    return ring[index]


def value_label(facet: str, value: str | None) -> str:
    """How a facet value reads on screen: "any", "lying on back", "no equipment"."""
    if value is None:
        return "any"
    if facet == "equipment" and value == "none":
        return "no equipment"
    return words(value)


class FilterChip(Static):
    """One filter: its label and key on the first line, its value on the second."""

    value: reactive[str | None] = reactive(None)
    """The chosen value; None means any."""

    @dataclass
    class Changed(Message):
        """A filter's value changed (by key or by click)."""

        facet: str
        value: str | None

    @dataclass
    class Clicked(Message):
        """The chip was clicked: the screen moves it ``step`` values on (-1 with shift)."""

        facet: str
        step: int

    def __init__(self, facet: Facet, choices: tuple[str, ...]) -> None:
        super().__init__(id=f"filter-{facet.name}", classes="filter-chip")
        self.facet = facet
        self.choices = choices

    def render(self) -> Text:
        """Two lines: "Kind (k)" muted, then the value, highlighted when it narrows the list."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{self.facet.label} ", style="dim")
        text.append(f"({self.facet.key})\n", style="dim")
        style = "bold" if self.value is not None else "dim italic"
        text.append(value_label(self.facet.name, self.value), style=style)
        return text

    def watch_value(self, value: str | None) -> None:
        """Mark the chip as active so the stylesheet can colour it."""
        self.set_class(value is not None, "-active")

    def cycle(self, step: int, usable: Callable[[str], bool] = lambda _: True) -> None:
        """Move to the next or previous ``usable`` value and tell the screen."""
        self.set_value(cycled(self.choices, self.value, step, usable))

    def set_value(self, value: str | None) -> None:
        """Choose a value (None for any) and tell the screen."""
        self.value = value
        self.post_message(self.Changed(self.facet.name, value))

    def on_click(self, event: events.Click) -> None:
        """A click asks to cycle forward; a click with shift held, back."""
        self.post_message(self.Clicked(self.facet.name, -1 if event.shift else 1))


class FilterBar(Horizontal):
    """The four filter chips in one row."""

    def __init__(self, exercises: Sequence[Exercise], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.exercises = exercises

    def compose(self) -> ComposeResult:
        """One chip per facet, each cycling through the values the library uses."""
        for facet in FACETS:
            yield FilterChip(facet, facet_choices(self.exercises, facet.name))

    def chip(self, facet: str) -> FilterChip:
        """The chip for one facet."""
        return self.query_one(f"#filter-{facet}", FilterChip)

    def clear(self) -> None:
        """Set every filter back to any."""
        for chip in self.query(FilterChip):
            if chip.value is not None:
                chip.set_value(None)
