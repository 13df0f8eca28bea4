"""The recovery record read from an open workspace: what is due, and the report's data.

The pure rules live in :mod:`unpinch.library.schedule`, :mod:`unpinch.library.recovery` and
:mod:`unpinch.library.report`; this module reads the store once and hands them plain values,
so the command line and the app ask the same questions the same way.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from unpinch.library.due import check_day, days_done, due_routines, readable_days, weekly_due_on
from unpinch.library.schedule import Due, Schedule
from unpinch.library.store import Store
from unpinch.library.workspace import Workspace

if TYPE_CHECKING:
    from unpinch.library.recovery import WeeklyCheck
    from unpinch.library.report import ReportData


def rest_days(store: Store) -> list[date]:
    """The stored rest days that read as dates."""
    return readable_days(store.rest_days())


def weekly_checks(store: Store) -> list[WeeklyCheck]:
    """The stored weekly checks that can be read, oldest first."""
    from unpinch.library.recovery import weekly_check_from  # not needed by the home screen

    checks = [c for doc in store.weekly_checks() if (c := weekly_check_from(doc)) is not None]
    return sorted(checks, key=lambda c: c.day)


def last_activities(checks: list[WeeklyCheck]) -> list[str]:
    """The activities named in the latest answered weekly check, offered again next time."""
    for check in reversed(checks):
        if check.psfs:
            return list(check.psfs)
    return []


def weekly_check_due(store: Store, today: date) -> bool:
    """True when no weekly check was answered or skipped in the last seven days.

    Only the checks' days are read, by the rule that reads whole checks, so
    the home screen (which asks at every start) need not load the rest.
    """
    days = (day for doc in store.weekly_checks() if (day := check_day(doc)) is not None)
    return weekly_due_on(days, today)


def done_days(store: Store) -> dict[str, set[date]]:
    """The local days each routine was played on, by routine id."""
    return days_done(store.session_starts())


def due_today(space: Workspace, today: date) -> list[Due]:
    """The routines the user has taken up that are due today, most overdue first."""
    return due_routines(
        space.store.session_starts(), space.store.rest_days(), routine_times(space), today
    )


def routine_times(space: Workspace) -> dict[str, tuple[str, Schedule]]:
    """Every routine's name and schedule, by id: all ``due`` needs of the catalogue."""
    return {key: (r.name, r.schedule) for key, r in space.catalog.routines.items()}


def report_data(
    space: Workspace, since: date | None, until: date | None, generated: datetime
) -> ReportData:
    """Everything the report shows, read from the store in one go.

    The report's module is imported here, not at the top: the home screen asks
    this module what is due, and its first frame need not wait for the report
    (nor for the progression rules, which give the report its pinned doses).
    """
    from unpinch.library.progression import pins_from
    from unpinch.library.report import ReportData

    return ReportData(
        sessions=space.store.sealed_sessions(),
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
    from unpinch.library.report import build_report

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
