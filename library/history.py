"""Facts about past sessions: streaks and when a routine was last done.

Works on the plain session dicts the store keeps, so it needs no UI and can be
tested with hand-written history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

Session = Mapping[str, Any]
COUNTS_FOR_STREAK = frozenset({"completed"})


def started_at(session: Session) -> datetime | None:
    """The session's start as a datetime, or None if it is missing or malformed."""
    try:
        return datetime.fromisoformat(str(session["started"]))
    except (KeyError, ValueError):
        return None


def active_days(sessions: Iterable[Session]) -> set[date]:
    """Local calendar days on which at least one session was completed."""
    days = set()
    for session in sessions:
        when = started_at(session)
        if when is not None and session.get("status") in COUNTS_FOR_STREAK:
            days.add(when.date())
    return days


def current_streak(sessions: Iterable[Session], today: date) -> int:
    """Consecutive days with a completed session, ending today or yesterday.

    A streak is not broken until a whole day passes without a session, so a
    user who exercised yesterday but not yet today still sees their streak.
    """
    days = active_days(sessions)
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def days_ago(when: datetime, today: date) -> str:
    """Say how long ago a day was the way a person would: today, yesterday, 3 days ago."""
    delta = (today - when.date()).days
    if delta <= 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta < 14:
        return f"{delta} days ago"
    return when.strftime("%d %b %Y")


def last_done(sessions: Iterable[Session], routine_id: str) -> datetime | None:
    """When the routine was last started, completed or not; None if never."""
    times = [
        when
        for s in sessions
        if s.get("routine_id") == routine_id and (when := started_at(s)) is not None
    ]
    return max(times, default=None)


def recent(sessions: Iterable[Session], count: int) -> list[Session]:
    """The ``count`` most recent sessions, newest first."""
    dated = [(when, s) for s in sessions if (when := started_at(s)) is not None]
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return [s for _, s in dated[:count]]
