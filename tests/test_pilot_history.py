"""Pilot tests of the history pane, its session detail and its export, on a seeded history.

The history is ten weeks of seeded sessions ending on the fixed wall-clock
day (58 sessions with check-ins), written straight into a fresh data file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from bench.bench_history import seeded_history, write_sessions
from tests.pilot_helpers import (
    WALL_NOW,
    Rig,
    binding_rows,
    drive,
    make_rig,
    modal_text,
    notices,
    palette_entries,
    palette_title,
    press,
    run_from_palette,
    screen_text,
    sessions,
)
from unpinch.library.export import rows_from_csv
from unpinch.library.history import (
    HEALING_NOTE,
    PainPoint,
    best_streak,
    current_streak,
    habit_days,
    started_at,
    weekly_minutes,
)
from unpinch.tui.screens.help import HelpScreen
from unpinch.tui.screens.history import HistoryScreen, chart_data, recent_tail, routine_choices
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.session_detail import (
    SessionDetailScreen,
    actual_text,
    result_text,
    target_text,
)
from unpinch.tui.widgets.charts import BACK, BOTH, LEG, pain_plot, pain_row, week_bars
from unpinch.tui.widgets.habit_calendar import calendar_text
from unpinch.tui.widgets.session_table import SessionTable, completion, line_of

TODAY = WALL_NOW.date()


def seeded_rig(tmp_path: Path, days: int = 70) -> Rig:
    """The app over a data file holding ``days`` days of seeded history (some days skipped)."""
    db = tmp_path / "data" / "unpinch.json"
    write_sessions(db, seeded_history(days, skip=0.15) if days else [])
    return make_rig(db)


async def open_history(pilot: Pilot[int], rig: Rig) -> HistoryScreen:
    """Press h on home and return the history screen."""
    assert isinstance(rig.app.screen, HomeScreen)
    await press(pilot, "h")
    await pilot.pause()
    screen = rig.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def table_of(rig: Rig) -> SessionTable:
    """The session table on the current screen."""
    return rig.app.screen.query_one(SessionTable)


def ids(rows: list[Any]) -> list[str]:
    """The ids of sessions, in order."""
    return [str(s["id"]) for s in rows]


def test_h_opens_the_table_newest_first_matching_the_store(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)
    stored = sessions(rig.db_path)
    assert len(stored) == 58

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        table = table_of(rig)
        assert table.row_count == len(stored)
        assert ids(table.shown) == ids(stored)[::-1]
        newest = stored[-1]
        when = started_at(newest)
        assert when is not None
        text = screen_text(rig.app)
        assert f"{when:%Y-%m-%d %H:%M}" in text.splitlines()[5]
        assert "58 sessions" in text
        assert "Pain before → after" in text
        assert table.row_text(0).split()[:2] == [f"{when:%Y-%m-%d}", f"{when:%H:%M}"]

    drive(rig, body)


def test_routine_and_date_filters_change_the_rows(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)
    stored = sessions(rig.db_path)
    choices = routine_choices(stored[::-1])
    first_id = choices[1][0]

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "1")
        table = table_of(rig)
        expected = [s for s in stored[::-1] if s["routine_id"] == first_id]
        assert ids(table.shown) == ids(expected)
        assert 0 < table.row_count < len(stored)
        assert f"Routine: {choices[1][1]} (1)" in screen_text(rig.app)
        await press(pilot, "2")  # last 7 days of that routine
        week = [s for s in expected if _day(s) >= TODAY - timedelta(days=6)]
        assert ids(table.shown) == ids(week)
        for _ in range(len(choices) - 1):
            await press(pilot, "1")  # back round to all routines
        last7 = [s for s in stored[::-1] if _day(s) >= TODAY - timedelta(days=6)]
        assert ids(table.shown) == ids(last7)
        await press(pilot, "2", "2")  # 30, then 90 days (everything seeded)
        assert table.row_count == len(stored)
        assert "Dates: last 90 days (2)" in screen_text(rig.app)
        await press(pilot, "2")
        assert "Dates: all time (2)" in screen_text(rig.app)

    drive(rig, body)


def _day(session: Mapping[str, Any]) -> date:
    when = started_at(session)
    assert when is not None
    return when.date()


def test_enter_opens_the_detail_with_every_step_then_back_home(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)
    stored = sessions(rig.db_path)
    second = stored[-2]

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "down", "enter")
        await pilot.pause()
        detail = rig.app.screen
        assert isinstance(detail, SessionDetailScreen)
        assert detail.session["id"] == second["id"]
        steps = detail.query_one("#detail-steps", DataTable)
        assert steps.row_count == len(second["steps"])
        for row, step in enumerate(second["steps"]):
            cells = [str(c) for c in steps.get_row_at(row)]
            assert cells[3:6] == [target_text(step), actual_text(step), result_text(step)]
        heading = str(detail.query_one("#detail-heading", Static).content)
        assert second["routine_name"] in heading
        assert f"Before: leg {second['before']['leg']} · back {second['before']['back']}" in heading
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HistoryScreen)
        assert table_of(rig).cursor_row == 1
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)


def test_export_writes_the_shown_sessions_as_csv_and_says_where(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)
    stored = sessions(rig.db_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "2")  # last 7 days
        shown = ids(table_of(rig).shown)
        await press(pilot, "x")
        path = rig.db_path.parent / f"unpinch-history-{WALL_NOW:%Y%m%d-%H%M%S}.csv"
        assert path.exists()
        rows = rows_from_csv(path.read_text(encoding="utf-8-sig"))
        assert [str(r["id"]) for r in rows] == shown
        assert 0 < len(rows) < len(stored)
        assert any(
            str(path) in note.replace("\n", "") and f"{len(shown)} sessions" in note
            for note in notices(rig.app)
        )

    drive(rig, body)


def test_export_failure_is_reported_not_raised(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)
    # A folder where the export file should go makes the final rename fail, even for root.
    (rig.db_path.parent / f"unpinch-history-{WALL_NOW:%Y%m%d-%H%M%S}.csv").mkdir()

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "x")
        assert isinstance(rig.app.screen, HistoryScreen)
        assert any("Could not export" in note for note in notices(rig.app)), notices(rig.app)
        assert not [p for p in rig.db_path.parent.iterdir() if p.name.endswith(".tmp")]

    drive(rig, body)


def test_progress_tab_shows_the_habit_streaks_charts_and_healing_line(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)
    stored = sessions(rig.db_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "tab")
        await pilot.pause()
        text = screen_text(rig.app)
        done = sum(
            1 for s in stored if s["status"] == "completed" and _day(s) > TODAY - timedelta(days=21)
        )
        assert f"21-day habit: {done} of 21 days" in text
        current, best = current_streak(stored, TODAY), best_streak(stored)
        assert f"Streak {current} day" in text and f"best {best} day" in text
        assert "Minutes per week" in text
        assert f"last {len(stored)} check-ins" in text
        assert HEALING_NOTE[:40] in " ".join(text.split())
        await press(pilot, "tab")
        assert "Pain before → after" in screen_text(rig.app)
        await press(pilot, "q")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)


def test_empty_history_says_so_on_both_tabs(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path, days=0)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        assert table_of(rig).row_count == 0
        assert "No sessions yet" in screen_text(rig.app)
        await press(pilot, "enter", "1", "2")
        assert isinstance(rig.app.screen, HistoryScreen)
        await press(pilot, "tab")
        await pilot.pause()
        text = screen_text(rig.app)
        assert "No pain check-ins yet" in text
        assert "21-day habit: 0 of 21 days" in text
        assert "Sciatica Exercises" not in text

    drive(rig, body)


def test_table_keys_move_the_cursor_and_scroll(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        table = table_of(rig)
        await press(pilot, "end")
        assert table.cursor_row == table.row_count - 1
        assert table.scroll_offset.y > 0
        oldest = table.shown[-1]
        assert f"▸{_day(oldest):%Y-%m-%d}" in screen_text(rig.app)
        await press(pilot, "home", "j", "j", "k")
        assert table.cursor_row == 1
        await press(pilot, "pagedown")
        assert table.cursor_row > 10

    drive(rig, body)


def test_a_click_on_the_home_history_strip_opens_the_history(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, HomeScreen)
        assert await pilot.click("#history-strip")
        await pilot.pause()
        assert isinstance(rig.app.screen, HistoryScreen)
        assert table_of(rig).row_count == 58

    drive(rig, body)


def test_help_and_the_command_palette_list_the_history_keys(tmp_path: Path) -> None:
    rig = seeded_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_history(pilot, rig)
        await press(pilot, "question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        text = modal_text(rig.app)
        for row in binding_rows(screen.BINDINGS):
            assert row in text, row
        assert "Open the session's detail" in text
        await press(pilot, "escape")
        assert rig.app.screen_stack[-1] is screen
        entries = await palette_entries(pilot, rig.app)
        for action in ("next_routine", "next_range", "export", "delete", "switch_view"):
            assert palette_title(screen.BINDINGS, action) in entries, entries
        await press(pilot, "escape")
        await run_from_palette(pilot, rig.app, palette_title(screen.BINDINGS, "next_range"))
        assert "Dates: last 7 days (2)" in screen_text(rig.app)

    drive(rig, body)


# --- the pure pieces ------------------------------------------------------------------------


def test_calendar_columns_are_monday_first_and_today_is_bracketed() -> None:
    first = date(2026, 11, 5)  # a Thursday
    days = [(first + timedelta(days=n), n % 3 == 0) for n in range(21)]
    lines = calendar_text(days, current=2, best=9).plain.splitlines()
    assert lines[0] == "21-day habit: 7 of 21 days"
    assert lines[1].split() == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    assert lines[2].startswith("02 Nov") and lines[5].startswith("23 Nov")
    assert lines[2][7:16].strip() == ""  # Mon 2 to Wed 4 Nov come before the 21 days
    assert lines[2].split()[2:] == ["●", "·", "·", "●"]
    assert lines[5].rstrip().endswith("[·]")  # Wed 25 Nov, today; Thu to Sun are blank
    assert len(lines[5].rstrip()) == 7 + 3 * 3
    assert lines[-1] == "Streak 2 days · best 9 days"


def test_pain_plot_uses_distinct_glyphs_and_rows() -> None:
    when = datetime(2026, 11, 1, 8, 0)
    points = [PainPoint(when, 8, 2), PainPoint(when, 4, 4), PainPoint(when, 0, 10)]
    lines = pain_plot(points, 40).plain.splitlines()
    assert lines[0].startswith(f"Pain 0-10  {LEG} leg  {BACK} back  {BOTH} both")
    grid = {line[:2].strip(): line[3:] for line in lines[1:7]}
    assert grid["8"][0] == LEG and grid["2"][0] == BACK
    assert grid["4"][1] == BOTH
    assert grid["0"][2] == LEG and grid["10"][2] == BACK
    assert [pain_row(v) for v in (10, 9, 8, 1, 0)] == [0, 0, 1, 4, 5]
    assert "01 Nov 2026" in lines[-1]


def test_pain_plot_keeps_the_latest_points_that_fit() -> None:
    start = datetime(2026, 1, 1)
    points = [PainPoint(start + timedelta(days=n), 5, 5) for n in range(200)]
    text = pain_plot(points, 50).plain
    assert "last 46 check-ins" in text
    assert f"{points[-1].when:%d %b %Y}" in text.splitlines()[-1]


def test_week_bars_scale_to_the_busiest_week_and_print_minutes() -> None:
    monday = date(2026, 11, 2)
    weeks = [
        (monday, 0.0),
        (monday + timedelta(weeks=1), 30.0),
        (monday + timedelta(weeks=2), 60.0),
    ]
    lines = week_bars(weeks).plain.splitlines()
    assert lines[1].split() == ["███"]  # only the busiest week reaches the top
    assert lines[4].split() == ["███", "███"]  # both non-empty weeks at the bottom
    assert lines[5].split() == ["0", "30", "60"]
    assert lines[6].startswith("week of 02 Nov") and lines[6].endswith("16 Nov")


def test_row_text_and_completion_words() -> None:
    assert completion({"status": "completed", "exercises": 4, "exercises_completed": 3}) == "3/4"
    assert completion({"status": "stopped", "exercises": 4}) == "stopped"
    assert completion({"status": "interrupted"}) == "cut off"
    line = line_of(["2026-11-22 07:00", "A very long routine name indeed", "3 min", "4/4", ""])
    assert "A very long routi…" not in line and "A very long rout…" in line
    assert len(line) == 79


def test_recent_tail_and_chart_data_agree_with_the_whole_history() -> None:
    history = seeded_history(200, skip=0.2)
    tail = recent_tail(history, TODAY - timedelta(weeks=12))
    assert len(tail) < len(history)
    assert all(_day(s) >= TODAY - timedelta(weeks=12, days=1) for s in tail)
    data = chart_data(history, TODAY)
    assert data.days == habit_days(history, TODAY)
    assert data.weeks == weekly_minutes(history, TODAY)
    assert data.healing is True


def test_the_benchmark_helpers_time_a_small_history(tmp_path: Path) -> None:
    from bench import bench_history

    history = seeded_history(40)
    db = tmp_path / "unpinch.json"
    write_sessions(db, history)
    pane = bench_history.time_push(
        db, HistoryScreen, lambda s: s.query_one(SessionTable).row_count, expect=40
    )
    assert len(pane) == bench_history.RUNS and all(ms > 0 for ms in pane)
    progress, back = bench_history.time_tabs(db)
    assert len(progress) == len(back) == bench_history.RUNS
    assert bench_history.build_charts(history) > 0
    assert bench_history.build_rows(history) == 16 * len(history)
