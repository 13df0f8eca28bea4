"""What the home screen shows, as plain values: its routine rows and the facts behind its strip.

The home screen draws two things from the data file: one row per routine
(name, duration, when it was last done) and the history strip (the streak,
whether today is a rest day, the latest sessions, whether the weekly check is
due). Both are worked out here from the workspace, so the screen and the
start-up snapshot (:mod:`unpinch.library.home_snapshot`) use the same rules.
Dates that depend on today (the streak, "3 days ago", the weekly check) are
not worked out here but when the strip or the list is drawn, so facts saved
one day still draw right the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from unpinch.library.due import check_day, readable_days, weekly_due_on
from unpinch.library.history import Session, active_days, last_done, recent
from unpinch.library.record import Record, record

if TYPE_CHECKING:
    from unpinch.library.workspace import Workspace

RoutineRow = tuple[str, str, int, bool, datetime | None]
"""One routine as the home list shows it: id, name, duration in seconds, built in, last done."""
RECENT_KEPT = 12
"""Sessions the strip can list: it is at most twelve lines tall, one of them the streak."""
SESSION_KEYS = ("started", "status", "routine_id", "routine_name", "duration_s")
"""The fields of a session the strip reads."""


@record
class StripFacts(Record):
    """Everything the history strip draws from, whatever day it is drawn on.

    ``done`` and ``rests`` are the local days with a completed session and
    the rest days; ``recent`` the newest sessions (at most
    :data:`RECENT_KEPT`, only the fields the strip reads); ``check_days`` the
    days of the weekly checks; ``has_sessions`` whether any session exists.
    """

    done: frozenset[date]
    rests: frozenset[date]
    recent: tuple[Mapping[str, Any], ...]
    check_days: tuple[date, ...]
    has_sessions: bool

    def weekly_due(self, today: date) -> bool:
        """Whether the strip says the weekly check is due: sessions, and no check this week."""
        return self.has_sessions and weekly_due_on(self.check_days, today)

    def newest_day(self) -> date | None:
        """The latest day that is done or a rest day, if any."""
        return max(self.done | self.rests, default=None)


def home_rows(space: Workspace, sessions: Sequence[Session]) -> list[RoutineRow]:
    """One row per routine of the catalogue, in its order, with when it was last done."""
    return [
        (r.id, r.name, space.duration_s(r), r.builtin, last_done(sessions, r.id))
        for r in space.catalog.routines.values()
    ]


def read_home(space: Workspace) -> tuple[list[RoutineRow], StripFacts]:
    """The routine rows and the strip's facts, read from the workspace's data file."""
    store = space.store
    sessions = store.sealed_sessions()
    facts = strip_facts(sessions, store.rest_days(), store.weekly_checks())
    return home_rows(space, sessions), facts


def strip_facts(
    sessions: Sequence[Session], rests: Iterable[str], checks: Iterable[Mapping[str, Any]]
) -> StripFacts:
    """The strip's facts from every session, the stored rest days and the stored weekly checks."""
    newest = recent(sessions, RECENT_KEPT)
    return StripFacts(
        done=frozenset(active_days(sessions)),
        rests=frozenset(readable_days(rests)),
        recent=tuple({key: s[key] for key in SESSION_KEYS if key in s} for s in newest),
        check_days=tuple(day for doc in checks if (day := check_day(doc)) is not None),
        has_sessions=bool(sessions),
    )


def streak_run(facts: StripFacts) -> StripFacts:
    """The facts with only the done and rest days of the unbroken run that ends at the newest one.

    A streak counts back from today (or yesterday) through done and rest
    days. On any day from the newest one on, the count walks no further back
    than that run, so it is all a saved copy needs to keep; ten years of
    daily sessions need not be saved to draw one number.
    """
    newest = facts.newest_day()
    if newest is None:
        return facts
    days = facts.done | facts.rests
    day = newest
    while day - timedelta(days=1) in days:
        day -= timedelta(days=1)
    return StripFacts(
        done=frozenset(d for d in facts.done if d >= day),
        rests=frozenset(d for d in facts.rests if d >= day),
        recent=facts.recent,
        check_days=facts.check_days,
        has_sessions=facts.has_sessions,
    )
