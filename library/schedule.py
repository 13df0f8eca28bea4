"""A programme you keep: how often each routine is meant to be done, what is due, rest days.

A routine's schedule comes from its article ("daily for 21 days, then three to four times a
week" in "7 Best Pinched Sciatic Nerve Stretches and Exercises"; "three to five times a week" in
"Sciatica Exercises") and the user may change it in the builder. A routine is *due* when the
user has taken it up (played it at least once) and the gap since it was last done has reached
the schedule's spacing. Rest days, which the user marks on a bad day, pause both what is due and
the streak, and are capped per month so that they stay the exception.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, timedelta

from unpinch.library.record import Record, record

TYPE_CHECKING = False
"""Stands in for ``typing.TYPE_CHECKING``: ``unpinch due`` runs without importing typing."""

if TYPE_CHECKING:
    from typing import Any

PER_WEEK_BOUNDS = (1, 14)
"""Sessions a week a schedule may ask for."""

DAILY_DAYS_BOUNDS = (0, 90)
"""How many first days a schedule may ask for a session every day."""

REST_DAYS_PER_MONTH = 4
"""Rest days the user may mark in one calendar month."""


@record
class Schedule(Record):
    """How often a routine is meant to be done.

    ``daily_days`` first days every day (0 for none), then ``per_week`` sessions a week, a
    range such as (3, 5).
    """

    per_week: tuple[int, int] = (7, 7)
    daily_days: int = 0

    def label(self) -> str:
        """The schedule in words: "Daily for 21 days, then 3–4 times a week"."""
        low, high = self.per_week
        weekly = "every day" if low >= 7 else f"{_range(low, high)} times a week"
        if self.daily_days and low < 7:
            return f"Daily for {self.daily_days} days, then {weekly}"
        return weekly[0].upper() + weekly[1:]

    def spacing_on(self, day_number: int) -> int:
        """Days between sessions on the ``day_number``-th day (0-based) of the programme.

        In the daily phase that is one day; after it, seven days shared out over the lower
        count of the weekly range, rounded down, so "three to five times a week" asks again
        two days after a session.
        """
        if day_number < self.daily_days:
            return 1
        return max(1, math.floor(7 / self.per_week[0]))


DEFAULT_SCHEDULE = Schedule(per_week=(3, 5))
"""For a routine whose article gives no schedule: three to five times a week (the library's own)."""


def _range(low: int, high: int) -> str:
    """A count or range of sessions, such as 3 or 3–5."""
    return str(low) if low == high else f"{low}–{high}"


def schedule_from_dict(value: Any) -> Schedule:
    """Read ``{ per_week = [3, 5], daily_days = 21 }``; raise ValueError naming what is wrong."""
    if not isinstance(value, Mapping):
        raise ValueError(f"schedule must be a table like {{ per_week = [3, 5] }}, got {value!r}")
    unknown = sorted(set(value) - {"per_week", "daily_days"})
    if unknown:
        raise ValueError(f"schedule has unknown field '{unknown[0]}' (known: daily_days, per_week)")
    per_week = _per_week(value.get("per_week", [7, 7]))
    daily = value.get("daily_days", 0)
    if not _whole_in(daily, DAILY_DAYS_BOUNDS):
        raise ValueError(f"schedule.daily_days must be a whole number from 0 to 90, got {daily!r}")
    return Schedule(per_week=per_week, daily_days=daily)


def _per_week(value: Any) -> tuple[int, int]:
    """A [low, high] or a single number of sessions a week, checked."""
    pair = [value, value] if not isinstance(value, list) else value
    if len(pair) != 2 or not all(_whole_in(v, PER_WEEK_BOUNDS) for v in pair):
        raise ValueError(
            f"schedule.per_week must be a number or [low, high] from 1 to 14, got {value!r}"
        )
    low, high = pair
    if low > high:
        raise ValueError(f"schedule.per_week runs from low to high, got {value!r}")
    return low, high


def _whole_in(value: Any, bounds: tuple[int, int]) -> bool:
    """True for a whole number within the bounds (booleans are not numbers)."""
    ok = isinstance(value, int) and not isinstance(value, bool)
    return ok and bounds[0] <= value <= bounds[1]


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The stored and TOML form of a schedule."""
    return {"per_week": list(schedule.per_week), "daily_days": schedule.daily_days}


@record
class Due(Record):
    """Whether one routine is due today, and the words for it."""

    routine_id: str
    name: str
    due: bool
    last: date | None
    overdue_days: int

    def line(self, today: date) -> str:
        """The line for a person, such as: Stretching stage is due today (last done Tuesday)."""
        when = _last_words(self.last, today)
        verb = "is due today" if self.due else "is not due today"
        return f"{self.name} {verb} (last done {when})"


def _last_words(day: date | None, today: date) -> str:
    """When a day was, in words: today, yesterday, a weekday within the week, else the date."""
    if day is None:
        return "never"
    gap = (today - day).days
    if gap <= 0:
        return "today"
    if gap == 1:
        return "yesterday"
    if gap < 7:
        return day.strftime("%A")
    return day.strftime("%d %b %Y")


def due_for(
    routine_id: str,
    name: str,
    schedule: Schedule,
    done_days: Iterable[date],
    rest_days: Iterable[date],
    today: date,
) -> Due:
    """Whether a routine the user has taken up is due today.

    ``done_days`` are the local days it was done (any session counts: a stopped session is
    still exercise). Nothing is due on a rest day, and rest days since the last session do
    not count toward the gap.
    """
    days = sorted({d for d in done_days if d <= today})
    if not days:
        return Due(routine_id, name, False, None, 0)
    first, last = days[0], days[-1]
    rests = {d for d in rest_days if last < d <= today}
    if today in rests or last == today:
        return Due(routine_id, name, False, last, 0)
    gap = (today - last).days - len(rests)
    spacing = schedule.spacing_on((last - first).days + 1)
    return Due(routine_id, name, gap >= spacing, last, max(0, gap - spacing))


def rest_days_left(rest_days: Iterable[date], month_of: date) -> int:
    """How many rest days are still free in ``month_of``'s calendar month."""
    used = {d for d in rest_days if (d.year, d.month) == (month_of.year, month_of.month)}
    return max(0, REST_DAYS_PER_MONTH - len(used))


class RestDayRefused(ValueError):
    """A rest day that cannot be marked, with the reason as its message."""


def check_rest_day(day: date, rest_days: Iterable[date], today: date) -> None:
    """Raise :class:`RestDayRefused` unless ``day`` may be marked as a rest day.

    Only today or the past week, once per day, and no more than the month's allowance.
    """
    known = set(rest_days)
    if day > today:
        raise RestDayRefused("a rest day can be today or a day in the past week, not ahead")
    if (today - day).days > 7:
        raise RestDayRefused("a rest day can only be marked within the past week")
    if day in known:
        raise RestDayRefused(f"{day:%a %d %b} is already a rest day")
    if rest_days_left(known, day) == 0:
        raise RestDayRefused(
            f"all {REST_DAYS_PER_MONTH} rest days of {day:%B} are used; they stay the exception"
        )


def streak_with_rest(done: AbstractSet[date], rest: AbstractSet[date], today: date) -> int:
    """Consecutive days with a completed session ending today or yesterday; rest days bridge.

    A rest day neither breaks the streak nor adds to it, as a flare-up should not undo weeks
    of work.
    """
    day = today if today in done or today in rest else today - timedelta(days=1)
    streak = 0
    while day in done or day in rest:
        streak += day in done
        day -= timedelta(days=1)
    return streak


_RANGE_TEXT = re.compile(r"\s*(\d{1,2})\s*(?:(?:-|–|to)\s*(\d{1,2})\s*)?")


def parse_per_week(text: str) -> tuple[int, int]:
    """Read sessions a week as typed in the builder: "4", "3-5", "3–5" or "3 to 5".

    Raises ValueError with the reason a person can act on.
    """
    found = _RANGE_TEXT.fullmatch(text)
    if not found:
        raise ValueError("type how many times a week, such as 4 or 3-5")
    low = int(found.group(1))
    high = int(found.group(2) or low)
    if not (PER_WEEK_BOUNDS[0] <= low <= high <= PER_WEEK_BOUNDS[1]):
        raise ValueError("times a week run from 1 to 14, the lower number first")
    return low, high


def parse_daily_days(text: str) -> int:
    """Read the daily first days as typed in the builder ("" or "0" for none, up to 90)."""
    stripped = text.strip()
    if not stripped:
        return 0
    if not stripped.isdigit() or int(stripped) > DAILY_DAYS_BOUNDS[1]:
        raise ValueError("daily days are a whole number from 0 to 90")
    return int(stripped)


def per_week_text(schedule: Schedule) -> str:
    """The builder's text for a schedule's weekly range: "4" or "3-5"."""
    low, high = schedule.per_week
    return str(low) if low == high else f"{low}-{high}"
