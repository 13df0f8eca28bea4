"""A check-in: leg and back pain, where the symptoms reach and which leg, and a note.

Digits set the focused field at once and move on to the next, so a check-in is a few key
presses. A field nobody touched shows "–" and is saved as not answered (null), never as 0:
a blank scale is not a pain-free leg.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

from unpinch.library.recovery import LEGS, REACH_LABELS, REACH_LEVELS

PAIN_MAX = 10


def scale_text(label: str, value: int | None, top: int = PAIN_MAX, width: int = 10) -> Text:
    """One line such as "Leg pain   ◂  4 ▸  ■■■■□□□□□□"; "–" when not set yet."""
    text = Text()
    text.append(f"{label:<{width}}", style="bold")
    shown = "–" if value is None else str(value)
    text.append(f" ◂ {shown:>2} ▸  ")
    filled = value or 0
    text.append("■" * filled, style="bold")
    text.append("□" * (top - filled), style="dim")
    return text


class PainScale(Widget, can_focus=True):
    """One 0–10 scale (or 0–``top``): digits set it, ←/→ move it by one."""

    BINDINGS = [
        *(Binding(str(d), f"set_value({d})", show=False) for d in range(10)),
        Binding("left", "adjust(-1)", "Less", key_display="←", show=False),
        Binding("right", "adjust(1)", "More", key_display="→", show=False),
    ]

    value: reactive[int | None] = reactive(None)
    """The pain level, or None while the user has not answered."""

    def __init__(
        self, label: str, *, top: int = PAIN_MAX, width: int = 10, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.top = top
        self.label_width = width

    def render(self) -> Text:
        """The label, the number and a bar."""
        return scale_text(self.label, self.value, self.top, self.label_width)

    def action_set_value(self, level: int) -> None:
        """Set the level from a digit and move on to the next field.

        Focus moves here, not through a message, so a quickly typed next digit
        already lands on the next scale.
        """
        if level > self.top:
            return
        self.value = level
        if self.has_focus:
            self.screen.focus_next()

    def action_adjust(self, change: int) -> None:
        """Move the level by one, within 0–10 (an unset scale starts from 0)."""
        self.value = max(0, min(self.top, (self.value or 0) + change))


def choice_text(
    label: str, choices: Sequence[tuple[str, str]], chosen: int | None, width: int = 10
) -> Text:
    """One line such as "Reaches    1 Back · 2 Buttock · [3 Thigh] · …"; the choice stands out."""
    text = Text()
    text.append(f"{label:<{width}}", style="bold")
    for n, (key, word) in enumerate(choices):
        if n:
            text.append(" · ", style="dim")
        style = "reverse bold" if n == chosen else ""
        text.append(f"{key} {word}", style=style)
    return text


class ChoiceRow(Widget, can_focus=True):
    """A row of named choices picked with one key each (or ←/→); unset until one is picked.

    Subclasses set ``LABEL`` and ``CHOICES`` (key, word) and bind each key to ``choose(n)``.
    """

    LABEL = ""
    CHOICES: Sequence[tuple[str, str]] = ()
    WIDTH = 10
    BINDINGS = [
        Binding("left", "move(-1)", "Before", key_display="←", show=False),
        Binding("right", "move(1)", "After", key_display="→", show=False),
    ]

    value: reactive[int | None] = reactive(None)
    """The index of the chosen option, or None while unanswered."""

    def render(self) -> Text:
        """The label and the choices, the chosen one reversed."""
        return choice_text(self.LABEL, self.CHOICES, self.value, self.WIDTH)

    def action_choose(self, index: int) -> None:
        """Pick a choice and move on to the next field."""
        self.value = index
        if self.has_focus:
            self.screen.focus_next()

    def action_move(self, change: int) -> None:
        """Move the choice by one within the row; an unset row starts at the first choice."""
        if self.value is None:
            self.value = 0
        else:
            self.value = max(0, min(len(self.CHOICES) - 1, self.value + change))


class ReachRow(ChoiceRow):
    """How far down the symptoms reach now, from the back only to the foot (keys 1–5)."""

    LABEL = "Reaches"
    CHOICES = [(str(n + 1), REACH_LABELS[level].lower()) for n, level in enumerate(REACH_LEVELS)]
    BINDINGS = [
        *ChoiceRow.BINDINGS,
        *(Binding(str(n + 1), f"choose({n})", show=False) for n in range(len(REACH_LEVELS))),
    ]


class LegRow(ChoiceRow):
    """Which leg the symptoms are in (keys l, r, b)."""

    LABEL = "Which leg"
    CHOICES = [("l", "left"), ("r", "right"), ("b", "both")]
    BINDINGS = [
        *ChoiceRow.BINDINGS,
        *(Binding(key, f"choose({n})", show=False) for n, key in enumerate("lrb")),
    ]


class CheckinForm(Vertical):
    """Leg and back pain, how far down it reaches, which leg, a note; :meth:`answer` reads them."""

    def compose(self) -> ComposeResult:
        """The two scales, the reach and leg rows and the note field."""
        yield PainScale("Leg pain", id="checkin-leg")
        yield PainScale("Back pain", id="checkin-back")
        yield ReachRow(id="checkin-reach")
        yield LegRow(id="checkin-reach-leg")
        yield Input(placeholder="Note (optional)", id="checkin-note", max_length=200, compact=True)

    def answer(self) -> dict[str, Any] | None:
        """The check-in as saved, or None when nothing at all was given.

        Every field left unset is saved as None (not answered), so a half-filled check-in
        never records a 0 the person did not choose.
        """
        leg = self.query_one("#checkin-leg", PainScale).value
        back = self.query_one("#checkin-back", PainScale).value
        reach = self.query_one(ReachRow).value
        side = self.query_one(LegRow).value
        note = self.query_one("#checkin-note", Input).value.strip()
        if leg is None and back is None and reach is None and side is None and not note:
            return None
        return {
            "leg": leg,
            "back": back,
            "reach": None if reach is None else REACH_LEVELS[reach],
            "reach_leg": None if side is None else LEGS[side],
            "note": note,
        }
