"""The 21-day habit tracker: three weeks of days, done days marked, and the streaks.

The article "7 Best Pinched Sciatic Nerve Stretches and Exercises" advises the
stretches daily for 21 days; this shows how close the user is to that at a glance.
Done days are told apart by their glyph (● against ·), not by colour alone, so
the calendar reads the same with NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

DONE = "●"
MISSED = "·"
REST = "z"
"""A rest day the user marked: neither done nor missed, and the streak carries over it."""
CELL = 3
LABEL = 7
"""Width of the row label ("02 Nov ") before each week's cells."""


WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
"""The calendar's columns, always Monday to Sunday, so a weekday keeps its column."""


def calendar_text(
    days: Sequence[tuple[date, bool]],
    current: int,
    best: int,
    done_style: Style | str = "",
    rests: Collection[date] = (),
) -> Text:
    """Weekday header, one row per calendar week (Monday first), then the tally and streaks.

    ``days`` is oldest first, as ``unpinch.library.history.habit_days`` gives it. The
    columns are fixed Monday to Sunday, so the days before the first and after the
    last (today, bracketed) are blank cells in the first and last rows.
    """
    text = Text()
    done = sum(1 for _, was_done in days if was_done)
    text.append("21-day habit", style="bold")
    text.append(f": {done} of {len(days)} days\n")
    text.append(" " * LABEL)
    text.append("".join(name.center(CELL) for name in WEEKDAYS))
    shown = dict(days)
    if days:
        monday = days[0][0] - timedelta(days=days[0][0].weekday())
        while monday <= days[-1][0]:
            text.append("\n")
            text.append(week_label(monday).ljust(LABEL), style="dim")
            for offset in range(7):
                day = monday + timedelta(days=offset)
                if day not in shown:
                    text.append(" " * CELL)
                    continue
                glyph = DONE if shown[day] else REST if day in rests else MISSED
                cell_text(text, glyph, day == days[-1][0], done_style)
            monday += timedelta(weeks=1)
    rest_key = f"  {REST} rest day" if any(day in rests for day, _ in days) else ""
    text.append(f"\n{DONE} done  {MISSED} not yet{rest_key}  [ ] today\n", style="dim")
    text.append("Streak ", style="bold")
    text.append(plural_days(current))
    text.append(" · best ", style="bold")
    text.append(plural_days(best))
    return text


def cell_text(text: Text, glyph: str, today: bool, done_style: Style | str) -> None:
    """Append one day's cell: its glyph, bracketed when it is today."""
    text.append("[" if today else " ")
    text.append(glyph, style=done_style if glyph == DONE else "dim")
    text.append("]" if today else " ")


def week_label(day: date) -> str:
    """The label of a week's row: the day of month and month of its Monday."""
    return day.strftime("%d %b")


def plural_days(count: int) -> str:
    """A count of days in words: "1 day", "3 days"."""
    return f"{count} day{'' if count == 1 else 's'}"


class HabitCalendar(Static):
    """The habit calendar; fed once with the days and the streaks."""

    COMPONENT_CLASSES = {"habit-calendar--done"}
    """The style of a done day's glyph."""

    def show(
        self,
        days: Sequence[tuple[date, bool]],
        current: int,
        best: int,
        rests: Collection[date] = (),
    ) -> None:
        """Render the calendar for these days, streaks and rest days."""
        done_style = self.get_component_rich_style("habit-calendar--done", partial=True)
        self.update(calendar_text(days, current, best, done_style, rests))
