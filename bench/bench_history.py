"""How fast the history pane opens, and its charts build, with ten years of daily sessions.

The pane figure is the time from pushing the history screen until its first
full paint has been rendered (the compositor's update turned into terminal
output), in a headless 80×24 app; the reference, in the same run and the same
app, is pushing a bare screen holding one DataTable of the same 3,650 rows.
The chart figure is building the progress tab's content from the sessions
(habit days, streaks, weekly minutes, pain points and the rendered text);
its reference is rendering the same number of sessions' table rows as text.
The charts are built when the Progress tab is first shown, so a third figure
times that first switch until the charts are painted, beside a plain switch back.

Each sample starts after ``gc.collect()``: the previous sample's screen and its
copy of 3,650 sessions are garbage, and a full collection of them landing inside
the next sample would add tens of milliseconds that belong to neither.

The generator here also seeds the tests' fixed history (see ``seeded_history``).
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import Figure, median_ms
from unpinch.library.store import SCHEMA_VERSION

DAYS = 3650
RUNS = 5
OPEN_TARGET_MS = 150.0
CHARTS_TARGET_MS = 100.0
END = datetime(2026, 11, 22, 7, 0, tzinfo=timezone(timedelta(hours=1)))
"""The last seeded session's day; the benchmark's and tests' wall clock is on this day."""

ROUTINES: dict[str, tuple[str, tuple[str, ...]]] = {
    "spasm-relief": (
        "Nerve spasm relief",
        (
            "lower-back-rotation",
            "towel-hamstring-stretch",
            "back-flexion-stretch",
            "supine-piriformis-stretch",
        ),
    ),
    "gentle-stretches": (
        "Gentle stretches",
        ("pelvic-tilt", "knee-to-chest", "figure-four-stretch", "seated-spinal-twist"),
    ),
    "strength-stage-1": (
        "Strengthening stage 1: back, core and legs",
        ("bird-dog", "core-stabilisation", "bridge", "lunge"),
    ),
}
"""Built-in routines and their exercises, so seeded sessions read like real ones."""
NOTES = ("", "", "", "stiff after sitting", "slept badly", "easier than last week")


def seeded_history(
    days: int, end: datetime = END, skip: float = 0.0, seed: int = 7
) -> list[dict[str, Any]]:
    """Sessions (oldest first) on each of ``days`` days ending at ``end``, as the player saves them.

    Each day is left out with probability ``skip``. Leg pain drifts down over
    the period while back pain rises a little, so the healing line shows; ids are
    fixed ("s00001" ...) so tests and snapshots are the same on every run.
    """
    rng = random.Random(seed)
    sessions = []
    for day in range(days):
        if rng.random() < skip:
            continue
        started = end - timedelta(days=days - 1 - day, minutes=rng.randint(0, 90))
        session = make_session(rng, started, progress=day / max(1, days - 1))
        sessions.append(session)
    if sessions:
        finish(sessions[-1])  # the newest is complete, so no resume offer at start
    for number, session in enumerate(sessions, start=1):
        session["id"] = f"s{number:05d}"
    return sessions


def make_session(rng: random.Random, started: datetime, progress: float) -> dict[str, Any]:
    """One session of a built-in routine with steps, marks and both check-ins."""
    routine_id = rng.choice(sorted(ROUTINES))
    name, exercises = ROUTINES[routine_id]
    status = rng.choices(["completed", "stopped", "interrupted"], weights=[17, 2, 1])[0]
    reached = len(exercises) if status == "completed" else rng.randint(1, len(exercises) - 1)
    steps = [make_step(rng, ex, n < reached) for n, ex in enumerate(exercises)]
    duration = round(sum(s["actual_s"] for s in steps) + 30.0 * reached, 1)
    leg = max(0, min(10, round(7 - 4 * progress + rng.randint(-1, 1))))
    back = max(0, min(10, round(2 + 2 * progress) + rng.randint(-1, 1)))
    return {
        "routine_id": routine_id,
        "routine_name": name,
        "started": started.isoformat(timespec="seconds"),
        "ended": (started + timedelta(seconds=duration + 60)).isoformat(timespec="seconds"),
        "status": status,
        "duration_s": duration,
        "exercises": len(exercises),
        "exercises_completed": sum(1 for s in steps if s["completed"]),
        "exercises_skipped": sum(1 for s in steps if s["skipped"]),
        "steps": steps,
        "marks": [
            {"exercise_id": s["exercise_id"], "side": s["side"], "at": started.isoformat()}
            for s in steps
            if s["marked"]
        ],
        "before": {"leg": leg, "back": back, "note": rng.choice(NOTES)},
        "after": {"leg": max(0, leg - rng.randint(0, 2)), "back": back, "note": ""},
    }


def finish(session: dict[str, Any]) -> None:
    """Mark a seeded session completed (its steps are left as they were)."""
    session["status"] = "completed"
    session.pop("resume_index", None)


def make_step(rng: random.Random, exercise_id: str, reached: bool) -> dict[str, Any]:
    """One exercise step: a 20-30 s hold or 8-12 counted reps, done, skipped or not reached."""
    skipped = reached and rng.random() < 0.08
    done = reached and not skipped
    holds = rng.random() < 0.6
    target_s = float(rng.choice([20, 30])) if holds else None
    target_reps = None if holds else rng.choice([8, 10, 12])
    return {
        "exercise_id": exercise_id,
        "side": rng.choice(["left", "right", "both"]),
        "set_no": 1,
        "rep_no": 1,
        "target_s": target_s,
        "actual_s": (target_s or 3.0 * (target_reps or 0)) if done else 0.0,
        "extended_s": 0.0,
        "target_reps": target_reps,
        "actual_reps": target_reps if done and target_reps else None if holds else 0,
        "skipped": skipped,
        "marked": done and rng.random() < 0.05,
        "completed": done,
    }


def write_sessions(
    path: Path, sessions: Sequence[dict[str, Any]], settings: Mapping[str, Any] | None = None
) -> None:
    """Write a data file laid out as the store keeps it, holding these sessions and settings.

    The first-run notice is acknowledged unless ``settings`` says otherwise, so
    the app opens straight on home.
    """
    table = {str(n): doc for n, doc in enumerate(sessions, start=1)}
    chosen = {"first_run_ack": True, **(settings or {})}
    stored = {str(n): {"key": k, "value": v} for n, (k, v) in enumerate(chosen.items(), 1)}
    data = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "sessions": table,
        "settings": stored,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def build_charts(sessions: Sequence[dict[str, Any]]) -> int:
    """Compute and render the progress tab's content; return its length so nothing is skipped."""
    from unpinch.tui.screens.history import chart_data
    from unpinch.tui.widgets.charts import pain_plot, week_bars
    from unpinch.tui.widgets.habit_calendar import calendar_text

    data = chart_data(sessions, END.date())
    calendar = calendar_text(data.days, data.current, data.best)
    bars = week_bars(data.weeks)
    plot = pain_plot(data.points, 76)
    return len(calendar) + len(bars) + len(plot) + data.healing


def build_rows(sessions: Sequence[dict[str, Any]]) -> int:
    """Build every table row's text, the reference for the chart figure."""
    from unpinch.tui.widgets.session_table import row_cells

    return sum(len(row_cells(s)[0]) for s in sessions)


def time_push(
    db: Path, make_screen: Callable[[], Any], rows: Callable[[Any], int], expect: int = DAYS
) -> list[float]:
    """Ms samples from pushing a screen to its first rendered paint, headless.

    ``rows`` counts the table rows the pushed screen holds; it must be ``expect``
    after each push, so a screen that painted before filling its table fails.
    """
    from unpinch.tui.app import make_app

    samples: list[float] = []

    async def main() -> None:
        app = make_app(db, sound="off", wall_clock=lambda: END, cues=_Silent())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            painted = _watch_paints(app)
            for _ in range(RUNS + 1):
                gc.collect()  # every sample starts without the last one's garbage
                painted.clear()
                start = time.perf_counter()
                screen = make_screen()
                app.push_screen(screen)
                while not any(s is screen for s in painted):
                    await asyncio.sleep(0)
                samples.append((time.perf_counter() - start) * 1000)
                assert rows(screen) == expect, rows(screen)
                app.pop_screen()
                await pilot.pause()

    asyncio.run(main())
    return samples[1:]  # the first push also imports and parses styles


def time_tabs(db: Path) -> tuple[list[float], list[float]]:
    """Ms samples of the first switch to the Progress tab (charts built and painted) and back.

    The charts are built when the Progress tab is first shown; the way back to
    the Sessions tab, a plain tab switch, is the reference.
    """
    from unpinch.tui.app import make_app
    from unpinch.tui.screens.history import HistoryScreen

    progress: list[float] = []
    back: list[float] = []

    async def until(check: Callable[[], bool]) -> float:
        start = time.perf_counter()
        while not check():
            await asyncio.sleep(0)
        return (time.perf_counter() - start) * 1000

    async def main() -> None:
        app = make_app(db, sound="off", wall_clock=lambda: END, cues=_Silent())
        async with app.run_test(size=(80, 24)) as pilot:
            painted = _watch_paints(app)
            for _ in range(RUNS):
                screen = HistoryScreen()
                await app.push_screen(screen)
                await pilot.pause()
                gc.collect()
                painted.clear()
                screen.action_tab("progress")
                progress.append(await until(partial(_charted, screen, painted)))
                painted.clear()
                screen.action_tab("sessions")
                back.append(await until(lambda: bool(painted)))
                app.pop_screen()
                await pilot.pause()

    asyncio.run(main())
    return progress, back


def _charted(screen: Any, painted: list[Any]) -> bool:
    """True once the screen's charts are drawn and a paint has gone out since."""
    return _drawn(screen) and bool(painted)


def _drawn(screen: Any) -> bool:
    """True once the screen's pain chart has been rendered (it renders just before a paint)."""
    from unpinch.tui.widgets.charts import PainChart

    found = screen.query(PainChart)
    return bool(found) and found.first().drawn is not None


def _watch_paints(app: Any) -> list[Any]:
    """Record each screen as it is painted, turning each update into terminal output."""
    painted: list[Any] = []
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            renderable.render_segments(app.console)
            painted.append(screen)
        original(screen, renderable)

    app._display = display
    return painted


class _Silent:
    """A cue sink that plays nothing."""

    mode = "off"
    problem = None

    def play(self, cue: str) -> None:
        """Play nothing."""

    def close(self) -> None:
        """Nothing to close."""


def bare_table_screen(sessions: Sequence[dict[str, Any]]) -> Callable[[], Any]:
    """A factory of bare screens holding one DataTable of the sessions' rows."""
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable

    from unpinch.tui.widgets.session_table import COLUMNS, row_cells

    class BareTable(Screen[None]):
        def compose(self) -> ComposeResult:
            yield DataTable[str]()

        def on_mount(self) -> None:
            table: DataTable[str] = self.query_one(DataTable)
            for label, width in COLUMNS:
                table.add_column(label, width=width)
            table.add_rows([row_cells(s) for s in sessions])

    return BareTable


def run() -> list[Figure]:
    """Seed ten years of daily sessions, then time the pane, its charts and the references."""
    from textual.widgets import DataTable

    from unpinch.tui.screens.history import HistoryScreen
    from unpinch.tui.widgets.session_table import SessionTable

    sessions = seeded_history(DAYS)
    folder = Path(tempfile.mkdtemp(prefix="unpinch-bench-history-"))
    try:
        db = folder / "unpinch.json"
        write_sessions(db, sessions)
        pane = time_push(db, HistoryScreen, lambda s: s.query_one(SessionTable).row_count)
        bare = time_push(
            db, bare_table_screen(sessions[::-1]), lambda s: s.query_one(DataTable).row_count
        )
        progress, back = time_tabs(db)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    charts = median_ms(lambda: build_charts(sessions))
    rows = median_ms(lambda: build_rows(sessions))
    return [
        Figure(
            f"history pane: push to first paint, {DAYS} sessions, 80×24",
            statistics.median(pane),
            "ms",
            statistics.median(bare),
            f"bare screen, one DataTable of the same {DAYS} rows",
            OPEN_TARGET_MS,
        ),
        Figure(
            f"history charts: build habit, weekly and pain content, {DAYS} sessions",
            charts,
            "ms",
            rows,
            f"building the {DAYS} table rows' text",
            CHARTS_TARGET_MS,
        ),
        Figure(
            f"history progress tab: first switch to painted charts, {DAYS} sessions",
            statistics.median(progress),
            "ms",
            statistics.median(back),
            "switching back to the Sessions tab",
            OPEN_TARGET_MS,
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(f"{figure.name}: {figure.value:.1f} {figure.unit} (ref {figure.reference:.1f})")
