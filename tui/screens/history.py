"""The history pane: every session in a table, and the habit tracker and charts.

Two tabs keep it readable at 80×24: "Sessions" (the table, filtered by
routine and date range, Enter for a session's detail, d to delete one, x to
export a CSV) and
"Progress" (the 21-day habit calendar with the streaks, minutes per week, and
leg against back pain). Sessions are read from the store once when the pane
opens, and the charts are computed once from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Static, TabbedContent, TabPane

from unpinch.library.export import write_csv
from unpinch.library.history import (
    HEALING_NOTE,
    PainPoint,
    active_days,
    filter_sessions,
    habit_days,
    healing_sign,
    longest_run,
    pain_points,
    started_at,
    streak_in,
    weekly_minutes,
)
from unpinch.library.paths import path_lines
from unpinch.library.programme import report_data, rest_days, write_report
from unpinch.library.record import Record, record
from unpinch.library.recovery import (
    NOT_A_DIAGNOSIS,
    REACH_LABELS,
    REACH_LEVELS,
    pain_direction,
    reach_points,
    reach_reading,
    trend_ends,
)
from unpinch.library.schedule import streak_with_rest
from unpinch.tui.context import unpinch_app
from unpinch.tui.plain import plain, plain_line
from unpinch.tui.screens.base import PALETTE_ROW, UnpinchScreen, help_row
from unpinch.tui.screens.confirm import ConfirmScreen
from unpinch.tui.screens.footer import compact_footer
from unpinch.tui.screens.session_detail import SessionDetailScreen
from unpinch.tui.widgets.charts import PainChart, WeeklyBars
from unpinch.tui.widgets.habit_calendar import HabitCalendar
from unpinch.tui.widgets.session_table import SessionHeader, SessionTable

Session = Mapping[str, Any]
RANGES: tuple[tuple[int | None, str], ...] = (
    (None, "all time"),
    (7, "last 7 days"),
    (30, "last 30 days"),
    (90, "last 90 days"),
)
"""The date ranges the "2" key cycles through: days back from today (None is everything)."""
TOAST_WIDTH = 36
"""Characters a notice's line holds at 80 columns, for breaking a path at its separators."""


def session_line(session: Session) -> str:
    """A session in a few words for a question or a notice: "2026-11-21 06:00, Routine"."""
    when = started_at(session)
    name = plain_line(session.get("routine_name") or session.get("routine_id") or "?")
    return f"{when:%Y-%m-%d %H:%M}, {name}" if when else name


def routine_choices(sessions: Sequence[Session]) -> list[tuple[str | None, str]]:
    """The routine filter's choices: all routines, then each routine with sessions, by name."""
    names: dict[str, str] = {}
    for session in sessions:
        routine_id = session.get("routine_id")
        if isinstance(routine_id, str) and routine_id not in names:
            names[routine_id] = str(session.get("routine_name") or routine_id)
    by_name = sorted(names.items(), key=lambda pair: pair[1].casefold())
    return [(None, "all routines"), *by_name]


def since_date(today: date, days: int | None) -> date | None:
    """The first day of a range of ``days`` days ending today; None for all time."""
    return None if days is None else today - timedelta(days=days - 1)


def recent_tail(oldest_first: Sequence[Session], first: date) -> Sequence[Session]:
    """The sessions from ``first`` on (a day early, for other UTC offsets), read from the end.

    The store lists sessions oldest first, so the charts that look back a few
    weeks need not read ten years of history to find them.
    """
    cutoff = first - timedelta(days=1)
    start = len(oldest_first)
    while start > 0:
        when = started_at(oldest_first[start - 1])
        if when is not None and when.date() < cutoff:
            break
        start -= 1
    return oldest_first[start:]


@record
class ChartData(Record):
    """What the progress tab shows, computed once from the sessions."""

    days: list[tuple[date, bool]]
    active: set[date]
    """Every local day with a completed session (streaks are made of them)."""
    current: int
    best: int
    weeks: list[tuple[date, float]]
    points: list[PainPoint]
    healing: bool


def chart_data(sessions: Sequence[Session], today: date) -> ChartData:
    """Compute the progress tab's figures from sessions listed oldest first.

    Streaks and pain need the whole history; the calendar and the weekly bars
    only the last twelve weeks of it.
    """
    recent = recent_tail(sessions, today - timedelta(weeks=12))
    points = pain_points(sessions)
    active = active_days(sessions)
    return ChartData(
        days=habit_days(recent, today),
        active=active,
        current=streak_in(active, today),
        best=longest_run(active),
        weeks=weekly_minutes(recent, today),
        points=points,
        healing=healing_sign(points),
    )


REACH_GLYPHS = "▁▃▄▆█"
"""One glyph per reach level: higher bars reach further down the leg."""


def reach_text(sessions: Sequence[Session], count: int = 24) -> Text:
    """The latest sessions' reach as a row of bars; a reading when it has a direction."""
    points = reach_points(sessions)[-count:]
    text = Text()
    if not points:
        return text
    text.append("Reach (back → foot) ", style="bold")
    if not points:
        return text
    text.append("".join(REACH_GLYPHS[p.level] for p in points))
    last = REACH_LABELS[REACH_LEVELS[points[-1].level]].lower()
    text.append(f"  now: {last}", style="dim")
    reading = reach_reading([p.level for p in points])
    if reading in ("centralising", "spreading"):
        text.append(f"\n{reading.capitalize()}: {READING_SHORT[reading]} {NOT_A_DIAGNOSIS}")
    return text


READING_SHORT = {
    "centralising": 'drawing back toward the spine, a sign of healing in "Sciatica Exercises".',
    "spreading": "reaching further down the leg; ease off and tell your clinician.",
}
"""The progress tab's one-line readings of where the symptoms reach."""


def trend_text(points: Sequence[PainPoint]) -> str:
    """A line naming each meaningful change in leg or back pain (first third against last)."""
    said = []
    for label, part in (("leg", "leg"), ("back", "back")):
        ends = trend_ends([float(getattr(p, part)) for p in points])
        if ends is None:
            continue
        direction = pain_direction(*ends)
        if direction != "no meaningful change":
            said.append(f"{label} {ends[0]:.1f} → {ends[1]:.1f} {direction}")
    if not said:
        return ""
    return "Meaningful change in pain: " + " · ".join(said)


class HistoryScreen(UnpinchScreen):
    """Sessions table and progress charts over the user's whole history."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", key_display="esc", id="history.back"),
        Binding("1", "next_routine", "Routine", id="history.routine", tooltip="Filter by routine"),
        Binding(
            "2",
            "next_range",
            "Dates",
            id="history.range",
            tooltip="Filter by date: last 7, 30, 90 days or all",
        ),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            key_display="d",
            id="history.delete",
            tooltip="Delete the highlighted session (asks first)",
        ),
        Binding(
            "x", "export", "Export", id="history.export", tooltip="Export the shown sessions (CSV)"
        ),
        Binding(
            "t",
            "report",
            "Report",
            id="history.report",
            tooltip="Write a report for your physiotherapist (HTML, prints on A4)",
        ),
        Binding(
            "tab",
            "switch_view",
            "Tabs",
            id="history.view",
            tooltip="Switch between Sessions and Progress",
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="history.help"),
    ]

    HELP_BEFORE = (
        help_row("up,down,j,k", "Move in the table", "↑/↓  j/k"),
        help_row("pageup,pagedown,home,end", "Page, first, last", "PgUp/PgDn"),
        help_row("enter", "Open the session's detail"),
    )
    HELP_AFTER = (PALETTE_ROW,)

    def __init__(self) -> None:
        super().__init__()
        self.oldest_first: Sequence[Session] = []
        self.newest_first: Sequence[Session] = []
        self.charted = False
        self.figures: tuple[ChartData, Text] | None = None
        """The progress tab's figures and reach line, worked out once per list of sessions."""
        self.shown: Sequence[Session] = []
        self.routines: list[tuple[str | None, str]] = [(None, "all routines")]
        self.routine_index = 0
        self.range_index = 0

    def compose(self) -> ComposeResult:
        """Header, the two tabs and the footer."""
        yield Header(show_clock=False, icon="")
        with TabbedContent(initial="sessions", id="history-tabs"):
            with TabPane("Sessions", id="sessions"):
                yield Static(id="history-filter")
                yield SessionHeader(id="history-header")
                yield SessionTable(id="history-table")
            yield TabPane("Progress", id="progress")
        yield compact_footer()

    def on_mount(self) -> None:
        """Read the sessions once and fill the table; the charts wait for their tab."""
        self.title = "History"
        self.oldest_first = unpinch_app(self).workspace.store.sealed_sessions()
        self.newest_first = self.oldest_first[::-1]
        self.routines = routine_choices(self.newest_first)
        self.show_sessions()
        self.query_one(SessionTable).focus()
        self.call_after_refresh(self.progress_figures)

    def progress_figures(self) -> tuple[ChartData, Text]:
        """The progress tab's figures over every session, worked out once, in the first idle.

        The table is painted first; this runs right after, while the user reads
        it, so that switching to the Progress tab only has to draw.
        """
        if self.figures is None:
            sessions = self.oldest_first
            self.figures = (chart_data(sessions, self.today), reach_text(sessions))
        return self.figures

    @property
    def today(self) -> date:
        """Today by the app's wall clock (injected in tests)."""
        return unpinch_app(self).wall_clock().date()

    def show_sessions(self) -> None:
        """Fill the table with the sessions that pass the current filters, and say which."""
        routine_id, routine_name = self.routines[self.routine_index]
        days, range_name = RANGES[self.range_index]
        since = since_date(self.today, days)
        if routine_id is None and since is None:
            self.shown = self.newest_first
        else:
            self.shown = filter_sessions(self.newest_first, routine_id, since)
        table = self.query_one(SessionTable)
        table.show(self.shown)
        self.query_one(SessionHeader).show(table.widths)
        line = self.filter_line(routine_name, range_name)
        self.query_one("#history-filter", Static).update(plain(line))

    def filter_line(self, routine_name: str, range_name: str) -> str:
        """The line above the table: the filters, their keys and how many sessions match."""
        if not self.newest_first:
            return "No sessions yet. Play a routine from home and it will be listed here."
        count = len(self.shown)
        return (
            f"Routine: {routine_name} (1) · Dates: {range_name} (2) · "
            f"{count} session{'' if count == 1 else 's'}"
        )

    @on(TabbedContent.TabActivated, pane="#progress")
    async def progress_shown(self) -> None:
        """Mount and draw the progress tab the first time it is shown, not before.

        Most visits are to look at the table; mounting the charts only when
        asked, and working out their figures only after the table is painted,
        keeps the pane quick to open with years of history.
        """
        if self.charted:
            return
        self.charted = True
        await self.query_one("#progress", TabPane).mount_all(
            [
                Horizontal(
                    HabitCalendar(id="habit-calendar"),
                    WeeklyBars(id="weekly-bars"),
                    id="progress-top",
                ),
                PainChart(id="pain-chart"),
                Static(id="reach-line"),
                Static(id="healing-note"),
            ]
        )
        self.show_progress()

    def show_progress(self) -> None:
        """Draw the habit calendar, the weekly minutes, the pain chart and the healing note."""
        data, reach = self.progress_figures()
        reach = reach.copy()
        rests = set(rest_days(unpinch_app(self).workspace.store))
        current = streak_with_rest(data.active, rests, self.today)
        self.query_one(HabitCalendar).show(data.days, current, data.best, rests)
        self.query_one(WeeklyBars).show(data.weeks)
        self.query_one(PainChart).show(data.points)
        trend = trend_text(data.points)
        if trend:
            reach.append(("\n" if reach.plain else "") + trend)
        line = self.query_one("#reach-line", Static)
        line.update(reach)
        line.display = bool(reach.plain)
        note = self.query_one("#healing-note", Static)
        note.update(HEALING_NOTE if data.healing else "")
        note.display = data.healing

    @on(SessionTable.Selected)
    def open_session(self, event: SessionTable.Selected) -> None:
        """Enter on a row opens that session's detail."""
        self.app.push_screen(SessionDetailScreen(event.session))

    def action_next_routine(self) -> None:
        """Show the next routine's sessions (after the last, all of them again)."""
        self.routine_index = (self.routine_index + 1) % len(self.routines)
        self.show_sessions()

    def action_next_range(self) -> None:
        """Show the next date range: all, last 7, 30, 90 days."""
        self.range_index = (self.range_index + 1) % len(RANGES)
        self.show_sessions()

    def action_tab(self, name: str) -> None:
        """Switch to the Sessions or Progress tab."""
        self.query_one(TabbedContent).active = name
        if name == "sessions":
            self.query_one(SessionTable).focus()

    def action_switch_view(self) -> None:
        """Switch between the Sessions and the Progress tab."""
        active = self.query_one(TabbedContent).active
        self.action_tab("progress" if active == "sessions" else "sessions")

    def action_delete(self) -> None:
        """Ask whether to delete the highlighted session; delete it from the data file if so."""
        table = self.query_one(SessionTable)
        if self.query_one(TabbedContent).active != "sessions":
            return
        session = table.session_at(table.cursor_row)
        if session is None:
            return
        detail = f"{session_line(session)}. This cannot be undone."
        self.app.push_screen(
            ConfirmScreen("Delete this session?", detail),
            lambda yes: self.delete_session(session, table.cursor_row) if yes else None,
        )

    def delete_session(self, session: Session, row: int) -> None:
        """Delete ``session`` through the store, then show the table without it."""
        session_id = str(session.get("id") or "")
        try:
            unpinch_app(self).workspace.store.delete_session(session_id)
        except OSError as error:
            self.notify(f"Could not delete: {error}", severity="error", timeout=10)
            return
        self.oldest_first = [s for s in self.oldest_first if s.get("id") != session_id]
        self.newest_first = self.oldest_first[::-1]
        self.figures = None
        chosen = self.routines[self.routine_index][0]
        self.routines = routine_choices(self.newest_first)
        ids = [routine_id for routine_id, _ in self.routines]
        self.routine_index = ids.index(chosen) if chosen in ids else 0
        self.show_sessions()
        self.query_one(SessionTable).jump_to(row)
        if self.charted:
            self.show_progress()
        self.notify(f"Deleted the session of {session_line(session)}.", timeout=6, markup=False)

    def action_export(self) -> None:
        """Write the shown sessions to a CSV beside the data file and say where.

        With no session shown there is nothing to write, and no empty file is left.
        """
        app = unpinch_app(self)
        path = app.workspace.store.path
        if path is None:
            self.notify("There is no data folder to export to.", severity="warning")
            return
        count = len(self.shown)
        if not count:
            self.notify("Nothing to export: no session is shown.", severity="warning")
            return
        try:
            written = write_csv(self.shown, path.parent, app.wall_clock())
        except OSError as error:
            self.notify(f"Could not export: {error}", severity="error", timeout=10)
            return
        where = "\n".join(path_lines(written, TOAST_WIDTH))
        said = f"Exported {count} session{'' if count == 1 else 's'} to\n{where}"
        self.notify(said, timeout=10, markup=False)

    def action_report(self) -> None:
        """Write the whole record as an HTML report beside the data file and say where."""
        app = unpinch_app(self)
        path = app.workspace.store.path
        if path is None:
            self.notify("There is no data folder to write the report to.", severity="warning")
            return
        now = app.wall_clock()
        out = path.parent / f"unpinch-report-{now:%Y%m%d-%H%M}.html"
        try:
            write_report(report_data(app.workspace, None, None, now), out)
        except OSError as error:
            self.notify(f"Could not write the report: {error}", severity="error", timeout=10)
            return
        where = "\n".join(path_lines(out, TOAST_WIDTH))
        said = f"Report written to\n{where}\nOpen it in a browser to print."
        self.notify(said, timeout=15, markup=False)
