"""The history pane's rough edges: the Done column, the routine column, deleting a session,
the calendar's fixed weekdays, the export's empty case and its path, and one CSV rule.

Each test drives the real app over a real data file (or the real CLI), as a user would.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot

from bench.bench_history import seeded_history, write_sessions
from tests.factories import session_doc
from tests.pilot_helpers import (
    WALL_NOW,
    Rig,
    drive,
    make_rig,
    modal_text,
    notices,
    press,
    screen_text,
)
from unpinch.library.export import BOM
from unpinch.library.paths import path_lines
from unpinch.tui.screens.confirm import ConfirmScreen
from unpinch.tui.screens.history import HistoryScreen
from unpinch.tui.screens.session_detail import actual_text, target_text
from unpinch.tui.widgets.habit_calendar import calendar_text
from unpinch.tui.widgets.session_table import SessionTable, completion

LONG_NAME = "Gentle morning mobility stretch"


def session(number: int, **fields: Any) -> dict[str, Any]:
    """A stored session of the long-named routine, ``number`` days before the wall clock."""
    started = WALL_NOW - timedelta(days=number, hours=1)
    counts = {"exercises": 4, "exercises_completed": 4, "steps": [], "marks": []}
    return session_doc(
        "morning",
        started,
        minutes=5,
        stamp=seconds_stamp,
        **{"id": f"t{number:03d}", "routine_name": LONG_NAME, **counts, **fields},
    )


def seconds_stamp(moment: datetime) -> str:
    """ISO 8601 to the second, as the player stores times."""
    return moment.isoformat(timespec="seconds")


def rig_with(tmp_path: Path, stored: list[dict[str, Any]]) -> Rig:
    """The app over a fresh data file holding these sessions."""
    db = tmp_path / "data" / "unpinch.json"
    write_sessions(db, stored)
    return make_rig(db)


async def open_history(pilot: Pilot[int], rig: Rig) -> HistoryScreen:
    """Press h on home and return the history screen."""
    await press(pilot, "h")
    await pilot.pause()
    screen = rig.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def stored_sessions(db: Path) -> dict[str, dict[str, Any]]:
    """The sessions in the data file on disk, by id, read without unpinch."""
    data = json.loads(db.read_text(encoding="utf-8"))
    return {doc["id"]: doc for doc in data["sessions"].values()}


# --- the table ------------------------------------------------------------------------------


def test_a_stopped_session_shows_how_far_it_got() -> None:
    assert completion({"status": "stopped", "exercises": 4, "exercises_completed": 2}) == (
        "2/4 stopped"
    )
    assert completion({"status": "interrupted", "exercises": 3, "exercises_completed": 1}) == (
        "1/3 cut off"
    )
    assert completion({"status": "stopped"}) == "stopped"


def test_routine_names_are_whole_when_the_columns_to_their_right_have_room(
    tmp_path: Path,
) -> None:
    rig = rig_with(tmp_path, [session(1), session(2, status="stopped", exercises_completed=2)])

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        text = screen_text(rig.app)
        assert text.count(LONG_NAME) == 2, text
        assert "2/4 stopped" in text
        table = rig.app.screen.query_one(SessionTable)
        assert all(len(table.row_text(row)) <= 79 for row in range(table.row_count))

    drive(rig, body)


def test_one_rep_is_singular() -> None:
    assert target_text({"target_reps": 1}) == "1 rep"
    assert actual_text({"target_reps": 1, "actual_reps": 1}) == "1 rep"
    assert actual_text({"target_reps": 5, "actual_reps": 2}) == "2 reps"
    assert actual_text({"target_reps": 5, "actual_reps": 0}) == "0 reps"


# --- deleting a session ---------------------------------------------------------------------


def test_d_deletes_the_highlighted_session_after_a_confirm(tmp_path: Path) -> None:
    stored = [session(3), session(2), session(1)]
    rig = rig_with(tmp_path, stored)
    before = stored_sessions(rig.db_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_history(pilot, rig)
        await press(pilot, "down", "d")  # the second newest: t002
        assert isinstance(rig.app.screen, ConfirmScreen)
        assert "Delete this session?" in modal_text(rig.app)
        await press(pilot, "n")  # no: nothing changes
        assert rig.app.screen_stack[-1] is screen
        assert stored_sessions(rig.db_path) == before
        await press(pilot, "delete", "y")
        assert rig.app.screen_stack[-1] is screen
        after = stored_sessions(rig.db_path)
        assert sorted(after) == ["t001", "t003"]
        assert after == {k: v for k, v in before.items() if k != "t002"}
        table = screen.query_one(SessionTable)
        assert [s["id"] for s in table.shown] == ["t001", "t003"]
        assert "2 sessions" in screen_text(rig.app)
        assert any("Deleted" in note for note in notices(rig.app))

    drive(rig, body)


def test_delete_in_an_empty_history_does_nothing(tmp_path: Path) -> None:
    rig = rig_with(tmp_path, [])

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_history(pilot, rig)
        await press(pilot, "d")
        assert rig.app.screen is screen

    drive(rig, body)


# --- the calendar ---------------------------------------------------------------------------


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_the_calendar_columns_are_monday_to_sunday_whatever_today_is(today: date) -> None:
    days = [(today - timedelta(days=20 - n), n % 2 == 0) for n in range(21)]
    lines = calendar_text(days, current=1, best=1).plain.splitlines()
    assert lines[1].split() == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    header = lines[1]
    rows = [line for line in lines[2:] if line[:2].isdigit()]
    for row in rows:  # each row's first day is a Monday, and its label says so
        label = row[:6]
        assert label.strip()
    cells = [(row, col) for row in rows for col in range(7)]
    assert len(rows) in (3, 4) and len(cells) >= 21
    today_row = next(row for row in rows if "[" in row)
    col = (today_row.index("[") - header.index("Mo") + 1) // 3
    assert col == today.weekday()


# --- exporting ------------------------------------------------------------------------------


def test_exporting_nothing_says_so_and_writes_no_file(tmp_path: Path) -> None:
    rig = rig_with(tmp_path, [])

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "x")
        assert any("Nothing to export" in note for note in notices(rig.app)), notices(rig.app)
        assert [p.name for p in rig.db_path.parent.iterdir()] == ["unpinch.json"]

    drive(rig, body)


def test_the_export_toast_breaks_its_path_only_at_separators(tmp_path: Path) -> None:
    deep = tmp_path / "a-rather-long-folder-name" / "another-long-folder" / "data"
    db = deep / "unpinch.json"
    write_sessions(db, [session(1)])
    rig = make_rig(db)

    async def main() -> None:
        async with rig.app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.pause()
            await open_history(pilot, rig)
            await press(pilot, "x")
            await pilot.pause(0.2)
            name = f"unpinch-history-{WALL_NOW:%Y%m%d-%H%M%S}.csv"
            assert (deep / name).exists()
            toast = screen_text(rig.app)
            assert name in toast, toast
            assert "a-rather-long-folder-name/" in toast and "another-long-folder/" in toast

    asyncio.run(main())


@given(
    st.lists(st.text(alphabet="abcdefghij-_.", min_size=1, max_size=30), min_size=1, max_size=8),
    st.integers(min_value=20, max_value=60),
)
def test_path_lines_break_after_separators_and_fit(parts: list[str], width: int) -> None:
    path = Path("/", *parts)
    lines = path_lines(path, width, home=Path("/nonexistent-home"))
    assert "".join(lines) == str(path)
    for line in lines:
        assert len(line) <= width or "/" not in line.rstrip("/")
    for line in lines[:-1]:
        assert line.endswith("/") or len(line) == width


def test_path_lines_shorten_the_home_folder() -> None:
    home = Path("/home/pat")
    assert path_lines(home / "data" / "x.csv", 40, home=home) == ["~/data/x.csv"]


def test_the_pane_export_and_the_cli_follow_one_byte_order_mark_rule(tmp_path: Path) -> None:
    from tests.test_history_cli import run_raw

    db = tmp_path / "unpinch.json"
    write_sessions(db, seeded_history(3))
    cli = run_raw("history", "--csv", db=db)
    assert cli.returncode == 0
    assert cli.stdout.startswith(BOM.encode("utf-8"))
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "x")
        written = next(tmp_path.glob("unpinch-history-*.csv")).read_bytes()
        assert written.splitlines()[0] == cli.stdout.splitlines()[0]  # the mark and the header
        assert sorted(written.splitlines()) == sorted(cli.stdout.splitlines())

    drive(rig, body)


@given(st.integers(min_value=0, max_value=4))
def test_the_store_deletes_one_session_and_keeps_the_others(index: int) -> None:
    import tempfile

    from unpinch.library.store import Store

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "unpinch.json"
        stored = [session(n) for n in range(5)]
        write_sessions(db, stored)
        before = stored_sessions(db)
        gone = stored[index]["id"]
        with Store.open(db) as store:
            assert store.delete_session(gone) is True
            assert store.delete_session(gone) is False
        after = stored_sessions(db)
        assert after == {k: v for k, v in before.items() if k != gone}


def test_the_progress_figures_are_ready_before_the_tab_and_follow_a_deletion(
    tmp_path: Path,
) -> None:
    """Worked out while the table is read, so the tab only draws; a deletion starts over."""
    rig = rig_with(tmp_path, [session(2), session(1), session(0)])

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screen = await open_history(pilot, rig)
        assert screen.figures is not None and not screen.charted
        assert screen.figures[0].current == 3
        await press(pilot, "d", "y")  # the newest, today's: the streak is now 2 days
        assert screen.figures is None or screen.figures[0].current == 2
        await press(pilot, "tab")
        await pilot.pause()
        assert screen.charted and screen.figures is not None
        assert screen.figures[0].current == 2
        assert len(screen.figures[0].active) == 2

    drive(rig, body)
