"""The recovery record read from an open workspace: what is due, and the report's data.

The pure rules live in :mod:`unpinch.library.schedule`, :mod:`unpinch.library.recovery` and
:mod:`unpinch.library.report`; this module reads the store once and hands them plain values,
so the command line and the app ask the same questions the same way.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from unpinch.library.history import started_at
from unpinch.library.progression import pins_from
from unpinch.library.recovery import WeeklyCheck, weekly_check_from, weekly_due
from unpinch.library.report import ReportData, build_report
from unpinch.library.schedule import Due, due_for
from unpinch.library.store import Store
from unpinch.library.workspace import Workspace


def rest_days(store: Store) -> list[date]:
    """The stored rest days that read as dates."""
    found = []
    for value in store.rest_days():
        try:
            found.append(date.fromisoformat(value))
        except ValueError:
            continue
    return found


def weekly_checks(store: Store) -> list[WeeklyCheck]:
    """The stored weekly checks that can be read, oldest first."""
    checks = [c for doc in store.weekly_checks() if (c := weekly_check_from(doc)) is not None]
    return sorted(checks, key=lambda c: c.day)


def last_activities(checks: list[WeeklyCheck]) -> list[str]:
    """The activities named in the latest answered weekly check, offered again next time."""
    for check in reversed(checks):
        if check.psfs:
            return list(check.psfs)
    return []


def weekly_check_due(store: Store, today: date) -> bool:
    """True when no weekly check was answered or skipped in the last seven days."""
    return weekly_due(weekly_checks(store), today)


def done_days(store: Store) -> dict[str, set[date]]:
    """The local days each routine was played on, by routine id."""
    days: dict[str, set[date]] = defaultdict(set)
    for routine_id, started in store.session_starts():
        when = started_at({"started": started})
        if when is not None:
            days[routine_id].add(when.astimezone().date())
    return days


def due_today(space: Workspace, today: date) -> list[Due]:
    """The routines the user has taken up that are due today, most overdue first."""
    rests = rest_days(space.store)
    found = []
    for routine_id, days in done_days(space.store).items():
        routine = space.catalog.routines.get(routine_id)
        if routine is None:
            continue
        state = due_for(routine.id, routine.name, routine.schedule, days, rests, today)
        if state.due:
            found.append(state)
    found.sort(key=lambda d: (-d.overdue_days, d.name))
    return found


def report_data(
    space: Workspace, since: date | None, until: date | None, generated: datetime
) -> ReportData:
    """Everything the report shows, read from the store in one go."""
    return ReportData(
        sessions=space.store.sessions(),
        catalog=space.catalog,
        generated=generated,
        weekly=weekly_checks(space.store),
        rest_days=rest_days(space.store),
        pins=pins_from(space.store.settings()),
        since=since,
        until=until,
    )


def write_report(data: ReportData, out: Path) -> int:
    """Write the report to ``out`` atomically and return its size in bytes.

    A temporary file beside ``out`` is renamed over it, so an existing report is never left
    half-written.
    """
    html = build_report(data).encode("utf-8")
    folder = out.parent if str(out.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(html)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(html)
