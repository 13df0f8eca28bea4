"""The current form cue, shown large, rotating through the exercise's cues."""

from __future__ import annotations

from textual.widgets import Static


def cue_at(cues: tuple[str, ...], elapsed_s: float, interval_s: float) -> str:
    """The cue to show ``elapsed_s`` into a step, changing every ``interval_s`` seconds."""
    if not cues:
        return ""
    turn = int(max(0.0, elapsed_s) // max(1.0, interval_s))
    return cues[turn % len(cues)]


def next_change_in(elapsed_s: float, interval_s: float) -> float:
    """Seconds until the cue changes, for scheduling the next redraw."""
    interval = max(1.0, interval_s)
    return interval - (max(0.0, elapsed_s) % interval)


class FormCue(Static, can_focus=False):
    """A banner with one short imperative, like "Keep your hips square"."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""

    def say(self, text: str) -> None:
        """Show ``text`` unless it is already showing."""
        if text != self.text:
            self.text = text
            self.update(f"» {text} «" if text else "")
