"""Which routines are due, from plain stored values: the one rule the app and ``due`` share.

:mod:`unpinch.library.programme` feeds it from an open store and the catalogue.
It takes plain values (starts, rest days, names and schedules) rather than the
store, so the rule can be tested, and reused, without a data file.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from unpinch.library.schedule import Due, Schedule, due_for

RoutineTimes = Mapping[str, tuple[str, Schedule]]
"""Each routine's name and schedule, by routine id."""

WEEK_DAYS = 7
"""A weekly check is due again this many days after the last one, answered or skipped."""


def check_day(doc: Mapping[str, Any]) -> date | None:
    """The day a stored weekly check was made, or None when it does not read as a date.

    A check without a readable day is not a check at all (see
    :func:`unpinch.library.recovery.weekly_check_from`, which reads the rest).
    """
    try:
        return date.fromisoformat(str(doc.get("day")))
    except ValueError:
        return None


def weekly_due_on(days: Iterable[date], today: date) -> bool:
    """True when no weekly check was made in the seven days up to ``today``.

    ``days`` are the days of the stored checks; one after ``today`` (a clock
    set back) does not count.
    """
    past = [day for day in days if day <= today]
    return not past or (today - max(past)).days >= WEEK_DAYS


def local_start(started: str) -> datetime | None:
    """A stored start time in the zone the user is in now, or None if it does not read as one.

    A time written without a UTC offset (a hand-edited file) is taken as local time.
    Streaks, the calendar and the pain chart each ask for every session's start,
    so the answers are remembered per text and per local zone (a change of
    ``TZ`` followed by ``time.tzset()`` is a new zone).
    """
    return _local_start(started, (time.tzname, time.timezone, time.altzone, time.daylight))


@lru_cache(maxsize=1 << 15)
def _local_start(started: str, zone: object) -> datetime | None:
    """:func:`local_start` for one text in one zone (``zone`` only keys the cache)."""
    try:
        return datetime.fromisoformat(started).astimezone()
    except (ValueError, OverflowError):
        return None


def readable_days(values: Iterable[str]) -> list[date]:
    """The stored days (YYYY-MM-DD text) that read as dates, in the order given."""
    found = []
    for value in values:
        try:
            found.append(date.fromisoformat(value))
        except ValueError:
            continue
    return found


def days_done(starts: Iterable[tuple[str, str]]) -> dict[str, set[date]]:
    """The local days each routine was played on, by routine id, from (id, start) pairs."""
    days: dict[str, set[date]] = defaultdict(set)
    for routine_id, started in starts:
        when = local_start(started)
        if when is not None:
            days[routine_id].add(when.astimezone().date())
    return days


def due_routines(
    starts: Iterable[tuple[str, str]],
    rest_values: Iterable[str],
    routines: RoutineTimes,
    today: date,
) -> list[Due]:
    """The routines taken up (played at least once) that are due today, most overdue first.

    Sessions of routines that no longer exist are left out.
    """
    rests = readable_days(rest_values)
    found = []
    for routine_id, days in days_done(starts).items():
        known = routines.get(routine_id)
        if known is None:
            continue
        state = due_for(routine_id, known[0], known[1], days, rests, today)
        if state.due:
            found.append(state)
    found.sort(key=lambda d: (-d.overdue_days, d.name))
    return found
