"""The history strip on the home screen: the last few sessions and the current streak."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from unpinch.library.describe import minutes
from unpinch.library.history import days_ago, recent, started_at
from unpinch.library.home_facts import StripFacts
from unpinch.library.schedule import streak_with_rest
from unpinch.tui.plain import plain_line

STATUS_MARK = {"completed": "✓", "stopped": "■", "interrupted": "…"}


def strip_text(facts: StripFacts, today: date, count: int = 2) -> Text:
    """The streak (rest days bridge it), what is waiting, then one line per recent session."""
    text = Text()
    streak = streak_with_rest(facts.done, facts.rests, today)
    text.append("Streak: ", style="bold")
    text.append(f"{streak} day{'s' if streak != 1 else ''}")
    if today in facts.rests:
        text.append(" · rest day today", style="dim")
    latest = recent(facts.recent, count)
    if not latest:
        text.append("   No sessions yet — pick a routine and press Enter.", style="dim")
        return text
    for session in latest:
        when = started_at(session)
        mark = STATUS_MARK.get(str(session.get("status")), "?")
        text.append(f"\n{mark} ", style="bold")
        text.append(plain_line(session.get("routine_name") or session.get("routine_id", "?")))
        duration = minutes(int(session.get("duration_s") or 0))
        text.append(f" · {days_ago(when, today) if when else '?'} · {duration}", style="dim")
    if facts.weekly_due(today):
        text.append("   ⚑ weekly check due: press w", style="bold")
    return text


class HistoryStrip(Static):
    """A few lines of recent history that read from the same store as the history pane.

    A click posts :class:`HistoryStrip.Open`; the screen holding the strip opens
    the full history (the home screen's h key does the same).
    """

    class Open(Message):
        """The user asked for the full history."""

    def on_mount(self) -> None:
        """Say on hover that a click opens the history."""
        self.tooltip = "Open your history (h)"

    def on_click(self) -> None:
        """Ask for the history pane."""
        self.post_message(self.Open())

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[StripFacts, date] | None = None

    def show(self, facts: StripFacts, today: date) -> None:
        """Render the strip from these facts, as many sessions as the height holds."""
        self.shown = (facts, today)
        rows = max(2, self.content_region.height - 1)
        self.update(strip_text(facts, today, rows))

    def on_resize(self) -> None:
        """A taller strip lists more sessions."""
        if self.shown is not None:
            self.show(*self.shown)
