"""Facts about past sessions: streaks, habit days, weekly minutes and pain trends.

Works on the plain session dicts the store keeps, so it needs no UI and can be
tested with hand-written history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from unpinch.library.due import local_start
from unpinch.library.record import Record, record

Session = Mapping[str, Any]
COUNTS_FOR_STREAK = frozenset({"completed"})


def started_at(session: Session) -> datetime | None:
    """The session's start as a datetime, or None if it is missing or malformed.

    The time is given in the zone the user is in now, whatever offset it was
    stored with, so "today", streaks and the calendar follow the local day
    (a session stored at 23:30 in London is on the next day in Tokyo). A time
    written without a UTC offset (a hand-edited file) is taken as local time.
    """
    try:
        return local_start(str(session["started"]))
    except KeyError:
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
    return streak_in(active_days(sessions), today)


def streak_in(days: set[date], today: date) -> int:
    """:func:`current_streak` from the active days, for callers that have them already."""
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


def newest_cut_off(sessions: Sequence[Session]) -> bool:
    """Tell whether the newest session says it was cut off, at a glance at its status.

    A start asks this before it loads what offering to resume it needs (the
    workout and session code, about 8 ms of imports), which most starts do not.
    """
    return bool(sessions) and sessions[-1].get("status") == "interrupted"


def recent(sessions: Iterable[Session], count: int) -> list[Session]:
    """The ``count`` most recent sessions, newest first."""
    dated = [(when, s) for s in sessions if (when := started_at(s)) is not None]
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return [s for _, s in dated[:count]]


# --- habit and volume -------------------------------------------------------------


def best_streak(sessions: Iterable[Session]) -> int:
    """The longest run of consecutive days with a completed session, ever.

    Shown beside the current streak so a user who missed a day still sees
    what they managed before; the same rule as :func:`current_streak` (only
    completed sessions count) keeps the two comparable.
    """
    return longest_run(active_days(sessions))


def longest_run(days: set[date]) -> int:
    """:func:`best_streak` from the active days, for callers that have them already."""
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue  # not the first day of a run
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        best = max(best, length)
    return best


def habit_days(sessions: Iterable[Session], today: date, days: int = 21) -> list[tuple[date, bool]]:
    """The last ``days`` days up to today, oldest first, True where a session was completed.

    Feeds the 21-day habit tracker: forming the habit is the point, so every
    day is listed, done or not.
    """
    done = active_days(sessions)
    first = today - timedelta(days=days - 1)
    return [(day, day in done) for day in (first + timedelta(days=n) for n in range(days))]


def week_start(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def weekly_minutes(
    sessions: Iterable[Session], today: date, weeks: int = 12
) -> list[tuple[date, float]]:
    """Minutes of active exercise per week (Monday first), oldest first, zero-filled.

    Every session counts, finished or not: time spent moving is time spent
    moving. Weeks with nothing are listed with 0.0 so a chart shows the gaps.
    """
    last = week_start(today)
    first = last - timedelta(weeks=weeks - 1)
    totals = {first + timedelta(weeks=n): 0.0 for n in range(weeks)}
    for session in sessions:
        when = started_at(session)
        if when is None:
            continue
        monday = week_start(when.date())
        if monday in totals:
            totals[monday] += _seconds(session.get("duration_s")) / 60
    return list(totals.items())


def _seconds(value: Any) -> float:
    """A duration as a non-negative number of seconds; anything unusable counts as 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return max(float(value), 0.0)


# --- pain check-ins ---------------------------------------------------------------


@record
class PainPoint(Record):
    """One session's pain check-in on the chart: when, and leg and back pain (0–10)."""

    when: datetime
    leg: int
    back: int


HEALING_NOTE = (
    "Pain moving out of the leg and towards the back is what the article "
    '"Sciatica Exercises" describes as a sign of healing. This is information, '
    "not a diagnosis."
)
"""One plain line shown when :func:`healing_sign` holds."""


def check_in(session: Session, which: str) -> dict[str, Any] | None:
    """The session's ``before`` or ``after`` check-in when it is well formed, else None.

    Check-ins are typed by people and stored as plain JSON: leg and back are whole numbers
    0–10, or None where the person left the scale unset (never read as 0). Anything else
    makes the check-in unreadable rather than trusted; one with neither score is None here.
    """
    value = session.get(which)
    if not isinstance(value, Mapping):
        return None
    leg, back = value.get("leg"), value.get("back")
    if not ((leg is None or _is_score(leg)) and (back is None or _is_score(back))):
        return None
    if leg is None and back is None:
        return None
    note = value.get("note")
    return {"leg": leg, "back": back, "note": note if isinstance(note, str) else ""}


def _is_score(value: Any) -> bool:
    """True for a whole number from 0 to 10 (booleans are not scores)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def pain_points(sessions: Iterable[Session]) -> list[PainPoint]:
    """One point per session with a check-in, oldest first; ``after`` wins over ``before``.

    The after check-in is how the session left the user, which is what the
    trend over weeks is about; a session with only a before check-in still
    says how that day was.
    """
    points = []
    for session in sessions:
        when = started_at(session)
        found = check_in(session, "after") or check_in(session, "before")
        if when is None or found is None or found["leg"] is None or found["back"] is None:
            continue
        points.append(PainPoint(when, found["leg"], found["back"]))
    points.sort(key=lambda p: _timestamp(p.when))
    return points


def _timestamp(when: datetime) -> float:
    """Seconds since the epoch; naive times count as local, so mixed data still sorts."""
    return when.timestamp()


def healing_sign(points: Sequence[PainPoint]) -> bool:
    """True when leg pain fell while back pain held or rose, comparing first and last thirds.

    Averages over a third of the points at each end, so one bad day does not
    decide it; fewer than four points are too few to speak of a trend.
    """
    if len(points) < 4:
        return False
    third = len(points) // 3
    early, late = points[:third], points[-third:]
    leg_fell = _mean(p.leg for p in late) < _mean(p.leg for p in early)
    back_held = _mean(p.back for p in late) >= _mean(p.back for p in early)
    return leg_fell and back_held


def _mean(values: Iterable[int]) -> float:
    """The arithmetic mean of a non-empty run of numbers."""
    items = list(values)
    return sum(items) / len(items)


def pain_change(session: Session) -> str:
    """Before → after pain as text, e.g. "leg 5→3 · back 2→2"; "" without check-ins.

    A missing side shows as "–" so the table still lines up and the user can
    see which check-in was skipped.
    """
    before, after = check_in(session, "before"), check_in(session, "after")
    if before is None and after is None:
        return ""
    parts = []
    for part in ("leg", "back"):
        was = "–" if before is None or before[part] is None else str(before[part])
        now = "–" if after is None or after[part] is None else str(after[part])
        parts.append(f"{part} {was}→{now}")
    return " · ".join(parts)


# --- choosing sessions ------------------------------------------------------------


def filter_sessions(
    sessions: Iterable[Session],
    routine_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """The sessions of one routine and/or within a date range (inclusive), in the given order.

    Dates are the session's own local start date. With a date bound, a
    session with no readable start is left out, since it cannot be placed.
    """
    chosen = []
    for session in sessions:
        if routine_id is not None and session.get("routine_id") != routine_id:
            continue
        if since is not None or until is not None:
            when = started_at(session)
            if when is None:
                continue
            if (since is not None and when.date() < since) or (
                until is not None and when.date() > until
            ):
                continue
        chosen.append(dict(session))
    return chosen
