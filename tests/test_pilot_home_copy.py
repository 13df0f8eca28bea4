"""Pilot tests of a start drawn from the home copy: the same home, then the data file, once.

A start whose data file is as the app last left it draws its first frame from
the copy saved at that close (:mod:`unpinch.library.home_snapshot`), then
opens the data file. These tests run the real app on real data files: the
first run leaves the copy, the second starts from it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from tests.factories import session_doc
from tests.fakes import FakeClock
from tests.pilot_helpers import (
    ROUTINE_ID,
    ROUTINE_NAME,
    SIZE,
    WALL_NOW,
    RecordingCues,
    drive,
    make_rig,
    routine_rows,
    seed,
    widget_text,
)
from unpinch.library.home_snapshot import EarlyStart, load, snapshot_path
from unpinch.library.store import Store, StoreError
from unpinch.library.workspace import Workspace, open_workspace
from unpinch.tui.app import UnpinchApp
from unpinch.tui.screens.home import HomeScreen

Seen = dict[str, object]


def seeded(tmp_path: Path, status: str = "completed") -> Path:
    """A data file with the pilot routine, played yesterday, and the first-run notice read."""
    db = tmp_path / "unpinch.json"
    seed(db)
    with Store.open(db) as store:
        started = WALL_NOW - timedelta(days=1)
        store.add_session(session_doc(ROUTINE_ID, started, minutes=4, status=status))
    return db


def home_seen(db: Path) -> Seen:
    """Run the app once on ``db`` as a user would, note what home shows, and quit."""
    rig = make_rig(db)
    seen: Seen = {}

    async def body(pilot: object, _rig: object) -> None:
        if isinstance(rig.app.screen, HomeScreen):
            seen["rows"] = routine_rows(rig.app)
            seen["strip"] = widget_text(rig.app, "#history-strip")
        else:
            seen["screen"] = type(rig.app.screen).__name__

    drive(rig, body)
    return seen


def early_app(db: Path, opened: Callable[[], Workspace]) -> UnpinchApp:
    """The app as ``unpinch`` builds it when the copy is good, with ``opened`` opening the file."""
    snapshot = load(db, None)
    assert snapshot is not None, "the first run left no usable copy"
    start = EarlyStart(snapshot=snapshot, open=opened)
    return UnpinchApp(start, clock=FakeClock(), wall_clock=lambda: WALL_NOW, cues=RecordingCues())


def test_a_second_start_draws_home_from_the_copy_then_from_the_data_file(
    tmp_path: Path,
) -> None:
    db = seeded(tmp_path)
    first = home_seen(db)
    assert snapshot_path(db).is_file()
    assert "yesterday" in first["rows"][ROUTINE_ID]  # type: ignore[index]
    seen: Seen = {}
    opens: list[Seen] = []

    def opened() -> Workspace:
        """Note what home shows at the moment the data file is opened, then open it."""
        opens.append({"rows": routine_rows(app), "strip": widget_text(app, "#history-strip")})
        return open_workspace(db, sync_exercises=False)

    app = early_app(db, opened)
    assert app.home_snapshot is not None

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            seen["rows"] = routine_rows(app)
            seen["strip"] = widget_text(app, "#history-strip")
            seen["copy"] = app.home_snapshot

    asyncio.run(main())
    assert opens == [first]  # the frame before the data file showed what the last run showed
    assert seen == {**first, "copy": None}  # and so does the one after


def test_a_change_made_elsewhere_means_a_start_that_reads_the_data_file_first(
    tmp_path: Path,
) -> None:
    db = seeded(tmp_path)
    home_seen(db)
    with Store.open(db) as store:  # another login plays the routine today
        store.add_session(session_doc(ROUTINE_ID, WALL_NOW - timedelta(hours=1), minutes=4))
    assert load(db, None) is None
    rig = make_rig(db)
    assert rig.app.home_snapshot is None
    seen: Seen = {}

    async def body(pilot: object, _rig: object) -> None:
        seen["row"] = routine_rows(rig.app)[ROUTINE_ID]

    drive(rig, body)
    assert ROUTINE_NAME in str(seen["row"]) and "today" in str(seen["row"])


def counted_opens(db: Path, calls: list[int]) -> Callable[[], Workspace]:
    """Open ``db``'s workspace, noting each call in ``calls``."""

    def opened() -> Workspace:
        calls.append(1)
        return open_workspace(db, sync_exercises=False)

    return opened


def test_the_data_file_is_opened_once_whoever_asks_for_it_first(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    home_seen(db)
    calls: list[int] = []
    app = early_app(db, counted_opens(db, calls))
    assert app.workspace.settings.first_run_ack  # a key pressed before the first frame asks
    assert app.home_snapshot is None and calls == [1]

    async def main() -> bool:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            return isinstance(app.screen, HomeScreen)

    assert asyncio.run(main())
    assert calls == [1]


def test_a_data_file_that_cannot_be_opened_after_the_first_frame_ends_the_start(
    tmp_path: Path,
) -> None:
    db = seeded(tmp_path)
    home_seen(db)
    problem = StoreError(f"Could not read {db}: it was replaced by something unreadable")

    def opened() -> Workspace:
        raise problem

    app = early_app(db, opened)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()

    asyncio.run(main())
    assert app.start_failure is problem
    assert app.return_code == 1


def test_no_copy_is_kept_after_a_cut_off_session_or_before_the_first_run_notice_is_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    cut_off = seeded(tmp_path / "a", status="interrupted")
    home_seen(cut_off)
    assert not snapshot_path(cut_off).exists()
    (tmp_path / "b").mkdir()
    fresh = tmp_path / "b" / "unpinch.json"
    assert home_seen(fresh) == {"screen": "FirstRunScreen"}  # never read
    assert fresh.exists() and not snapshot_path(fresh).exists()


def test_a_first_start_shows_the_notice_first_and_makes_the_data_file_after_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "new" / "unpinch.json"
    rig = make_rig(db)
    assert rig.app.home_snapshot is not None and not db.exists()
    seen: Seen = {}

    async def body(pilot: object, _rig: object) -> None:
        seen["screen"] = type(rig.app.screen).__name__
        seen["made"] = db.exists()
        await rig.app.screen.run_action("understood")
        await asyncio.sleep(0.05)
        seen["rows"] = len(routine_rows(rig.app))

    drive(rig, body)
    assert seen == {"screen": "FirstRunScreen", "made": True, "rows": 8}
    with Store.open(db) as store:
        assert store.settings()["first_run_ack"] is True
    assert snapshot_path(db).is_file()  # read now: the next start draws home from its copy


def test_what_runs_before_the_data_file_is_open_reads_the_copys_settings(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    home_seen(db)
    calls: list[int] = []
    app = early_app(db, counted_opens(db, calls))
    assert app.notifier is not None  # a focus report from the terminal builds it
    assert app.settings_in_use().first_run_ack
    assert calls == []
    assert app.settings_in_use() == app.workspace.settings and calls == [1]


def test_what_the_data_file_shows_differently_from_the_copy_is_drawn_again(
    tmp_path: Path,
) -> None:
    db = seeded(tmp_path)
    first = home_seen(db)
    snapshot = load(db, None)
    assert snapshot is not None
    wrong = [(key, "Renamed", 60, builtin, None) for key, _, _, builtin, _ in snapshot.rows]
    stale = replace(snapshot, rows=tuple(wrong), strip=replace(snapshot.strip, recent=()))
    drawn: list[Seen] = []

    def opened() -> Workspace:
        drawn.append({"rows": routine_rows(app), "strip": widget_text(app, "#history-strip")})
        return open_workspace(db, sync_exercises=False)

    app = UnpinchApp(
        EarlyStart(snapshot=stale, open=opened),
        clock=FakeClock(),
        wall_clock=lambda: WALL_NOW,
        cues=RecordingCues(),
    )

    async def main() -> Seen:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            return {"rows": routine_rows(app), "strip": widget_text(app, "#history-strip")}

    assert asyncio.run(main()) == first
    assert all("Renamed" in row for row in drawn[0]["rows"].values())  # type: ignore[attr-defined]
    assert "yesterday" not in str(drawn[0]["strip"])


def test_a_timer_due_as_the_app_ends_writes_nothing_after_the_copy_was_kept(
    tmp_path: Path,
) -> None:
    db = seeded(tmp_path)
    rig = make_rig(db)

    async def body(pilot: object, _rig: object) -> None:
        """Quit at once: the exercises' save after the first frame is still due."""

    drive(rig, body)
    kept = load(db, None)
    assert kept is not None
    rig.app.after_first_frame()  # the timer, firing as the app ends
    assert load(db, None) == kept
