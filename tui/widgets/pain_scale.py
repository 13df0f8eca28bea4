"""A pain check-in: leg and back pain on 0–10 scales and an optional note, keyboard only.

Digits set the focused scale at once and move on to the next field, so a
check-in is three or four key presses. A scale nobody touched shows "–": a
form left untouched is no check-in at all rather than a row of zeros.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

PAIN_MAX = 10
BAR_CELLS = PAIN_MAX


def scale_text(label: str, value: int | None) -> Text:
    """One line such as "Leg pain   ◂  4 ▸  ■■■■□□□□□□"; "–" when not set yet."""
    text = Text()
    text.append(f"{label:<10}", style="bold")
    shown = "–" if value is None else str(value)
    text.append(f" ◂ {shown:>2} ▸  ")
    filled = value or 0
    text.append("■" * filled, style="bold")
    text.append("□" * (BAR_CELLS - filled), style="dim")
    return text


class PainScale(Widget, can_focus=True):
    """One 0–10 scale: digits set it, ←/→ move it by one."""

    BINDINGS = [
        *(Binding(str(d), f"set_value({d})", show=False) for d in range(10)),
        Binding("left", "adjust(-1)", "Less", key_display="←", show=False),
        Binding("right", "adjust(1)", "More", key_display="→", show=False),
    ]

    value: reactive[int | None] = reactive(None)
    """The pain level, or None while the user has not answered."""

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label

    def render(self) -> Text:
        """The label, the number and a bar."""
        return scale_text(self.label, self.value)

    def action_set_value(self, level: int) -> None:
        """Set the level from a digit and move on to the next field.

        Focus moves here, not through a message, so a quickly typed next digit
        already lands on the next scale.
        """
        self.value = level
        if self.has_focus:
            self.screen.focus_next()

    def action_adjust(self, change: int) -> None:
        """Move the level by one, within 0–10 (an unset scale starts from 0)."""
        self.value = max(0, min(PAIN_MAX, (self.value or 0) + change))


class CheckinForm(Vertical):
    """Leg pain, back pain and a note; :meth:`answer` reads them back."""

    def compose(self) -> ComposeResult:
        """The two scales and the note field."""
        yield PainScale("Leg pain", id="checkin-leg")
        yield PainScale("Back pain", id="checkin-back")
        yield Input(placeholder="Note (optional)", id="checkin-note", max_length=200, compact=True)

    def answer(self) -> dict[str, Any] | None:
        """The check-in as saved ({"leg", "back", "note"}), or None when nothing was given.

        A scale left unset counts as 0 once anything else was given.
        """
        leg = self.query_one("#checkin-leg", PainScale).value
        back = self.query_one("#checkin-back", PainScale).value
        note = self.query_one("#checkin-note", Input).value.strip()
        if leg is None and back is None and not note:
            return None
        return {"leg": leg or 0, "back": back or 0, "note": note}
