"""How fast the store opens and saves with ten years of daily sessions, and how much a step writes.

Stock TinyDB (its default JSONStorage, no lock, no atomic replace) does the
same work on the same data in the same run, as the reference.

Bytes per step change are read from ``/proc/self/io`` around the player's real
save path (a live session's step saves), at 0, 1 and 10 years of history. The
judged figure is ``write_bytes``: the bytes this process sent towards the disk
(the page-cache pages it dirtied, counted in whole 4 KB pages), which is what
wears flash and crosses a network home folder. ``wchar`` counts every byte
handed to ``write()``, to pipes and terminals too, and no page rounding; it is
printed beside it for 10 years. Metadata the file system writes on its own (the
inode, the folder, its own journal) is in neither.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from bench.common import Figure, median_ms
from unpinch.library.live import LiveSession
from unpinch.library.store import SCHEMA_VERSION, Store

DAYS = 3650
STEPS = 8
EXERCISES = (
    "knee-to-chest",
    "piriformis-stretch",
    "sciatic-nerve-glide",
    "cat-cow",
    "bird-dog",
    "glute-bridge",
    "pelvic-tilt",
    "seated-hamstring-stretch",
    "prone-press-up",
    "clamshell",
)
ROUTINES = ("gentle-morning", "desk-break", "evening-release", "strength-basics")


def make_session(rng: random.Random, started: datetime) -> dict[str, Any]:
    """One realistic finished session of about eight exercise steps."""
    steps = [make_step(rng, name) for name in rng.sample(EXERCISES, STEPS)]
    duration = sum(s["actual_hold_s"] * max(s["actual_reps"], 1) for s in steps) + 60 * STEPS
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex,
        "routine_id": rng.choice(ROUTINES),
        "started": started.isoformat(timespec="seconds"),
        "ended": (started + timedelta(seconds=duration)).isoformat(timespec="seconds"),
        "status": rng.choices(["completed", "stopped"], weights=[9, 1])[0],
        "duration_s": duration,
        "pain_before": rng.randint(2, 7),
        "pain_after": rng.randint(1, 6),
        "steps": steps,
    }


def make_step(rng: random.Random, exercise_id: str) -> dict[str, Any]:
    """One exercise entry of a session: what was asked and what was done."""
    hold = rng.choice([0, 10, 20, 30])
    reps = rng.choice([1, 5, 8, 10])
    skipped = rng.random() < 0.05
    return {
        "exercise_id": exercise_id,
        "side": rng.choice(["left", "right", "both"]),
        "target_hold_s": hold,
        "actual_hold_s": 0 if skipped else max(0, hold - rng.randint(0, 3)),
        "target_reps": reps,
        "actual_reps": 0 if skipped else reps - rng.randint(0, 1),
        "skipped": skipped,
        "marked": rng.random() < 0.1,
    }


def history(rng: random.Random, days: int = DAYS) -> Iterator[dict[str, Any]]:
    """Daily sessions for ``days`` days, each at a slightly different morning time."""
    first = datetime(2016, 1, 1, 7, 0)
    for day in range(days):
        yield make_session(rng, first + timedelta(days=day, minutes=rng.randint(0, 90)))


def write_history(path: Path, rng: random.Random, days: int = DAYS) -> None:
    """Write a data file as the store lays it out, holding ``days`` daily sessions."""
    sessions = {str(n): doc for n, doc in enumerate(history(rng, days), start=1)}
    data = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "sessions": sessions}
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def measure_store(path: Path, rng: random.Random) -> tuple[float, float]:
    """Median ms to open the store, and to append one session to it."""

    def open_close() -> None:
        Store.open(path).close()

    opened = median_ms(open_close, repeat=7)
    with Store.open(path) as store:
        day = datetime(2026, 1, 1, 7, 0)
        appended = median_ms(lambda: store.add_session(make_session(rng, day)), repeat=15)
    return opened, appended


def measure_stock(path: Path, rng: random.Random) -> tuple[float, float]:
    """The same two operations with stock TinyDB (default JSONStorage, no lock)."""

    def open_close() -> None:
        with TinyDB(path) as db:
            db.table("meta").all()  # TinyDB reads lazily; make it load the file

    opened = median_ms(open_close, repeat=7)
    with TinyDB(path) as db:
        sessions = db.table("sessions")
        day = datetime(2026, 1, 1, 7, 0)
        appended = median_ms(lambda: sessions.insert(make_session(rng, day)), repeat=15)
    return opened, appended


STEP_SAVES = 20
"""Step changes measured per history size."""
YEARS = (0, 1, 10)
STEP_TARGET = 64 * 1024


def io_counters() -> dict[str, int]:
    """Read the I/O counters of this process from ``/proc/self/io`` (wchar, write_bytes, ...)."""
    lines = Path("/proc/self/io").read_text().splitlines()
    return {key: int(value) for key, value in (line.split(": ") for line in lines)}


def written(action: Any) -> dict[str, float]:
    """Run ``action(n)`` for each of :data:`STEP_SAVES` steps; the counters' growth per step."""
    before = io_counters()
    for step in range(STEP_SAVES):
        action(step)
    after = io_counters()
    return {key: (after[key] - before[key]) / STEP_SAVES for key in after}


def playing(rng: random.Random, step: int) -> dict[str, Any]:
    """The session being played, as saved at step ``step``."""
    doc = make_session(rng, datetime(2026, 1, 1, 7, 0))
    return {**doc, "id": "playing", "status": "interrupted", "resume_index": step}


def step_bytes_ours(path: Path) -> dict[str, float]:
    """Bytes per step change of a workout played through the store (its journal)."""
    rng = random.Random(3)
    with Store.open(path) as store:
        live = LiveSession.claim(store, "playing")
        assert live is not None
        assert live.save(playing(rng, 0)) is None  # the start writes the data file once
        per_step = written(lambda step: live.save(playing(rng, step + 1)))
        live.end()
    return per_step


def step_bytes_stock(path: Path) -> dict[str, float]:
    """Bytes per step change of the same saves through stock TinyDB: the whole file each time."""
    rng = random.Random(3)
    with TinyDB(path) as db:
        sessions = db.table("sessions")
        sessions.insert(playing(rng, 0))
        match = Query().id == "playing"
        return written(lambda step: sessions.update(playing(rng, step + 1), match))


def step_figures(folder: Path) -> list[Figure]:
    """Bytes per step change at 0, 1 and 10 years of history, beside stock TinyDB's."""
    figures = []
    for years in YEARS:
        ours, stock = folder / f"ours-{years}" / "u.json", folder / f"stock-{years}" / "u.json"
        ours.parent.mkdir()
        stock.parent.mkdir()
        write_history(ours, random.Random(7), days=365 * years)
        shutil.copyfile(ours, stock)
        size_mb = ours.stat().st_size / 1e6
        mine, theirs = step_bytes_ours(ours), step_bytes_stock(stock)
        label = f"stock TinyDB, {size_mb:.1f} MB file"
        span = f"{years} year{'' if years == 1 else 's'}"
        name = f"store: bytes per step, {span} (write_bytes)"
        kb = 1024
        figures.append(
            Figure(name, mine["write_bytes"] / kb, "KB", theirs["write_bytes"] / kb, label, 64)
        )
        if years == YEARS[-1]:
            name = f"store: bytes per step, {span} (wchar)"
            figures.append(Figure(name, mine["wchar"] / kb, "KB", theirs["wchar"] / kb, label, 64))
    return figures


def run() -> list[Figure]:
    """Build ten years of history, then time opening and appending against stock TinyDB."""
    folder = Path(tempfile.mkdtemp(prefix="unpinch-bench-"))
    try:
        ours, stock = folder / "ours" / "unpinch.json", folder / "stock" / "unpinch.json"
        ours.parent.mkdir()
        stock.parent.mkdir()
        write_history(ours, random.Random(7))
        shutil.copyfile(ours, stock)
        size_mb = ours.stat().st_size / 1e6
        open_ms, append_ms = measure_store(ours, random.Random(8))
        stock_open_ms, stock_append_ms = measure_stock(stock, random.Random(8))
        steps = step_figures(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    label = f"stock TinyDB, {DAYS} sessions, {size_mb:.1f} MB"
    return [
        Figure("store: open, 10 years of sessions", open_ms, "ms", stock_open_ms, label, 300),
        Figure("store: append one session", append_ms, "ms", stock_append_ms, label, 50),
        *steps,
    ]


if __name__ == "__main__":
    for figure in run():
        ratio = "-" if figure.ratio is None else f"{figure.ratio:.2f}x"
        verdict = "ok" if figure.ok else "MISSED"
        print(
            f"{figure.name}: {figure.value:.1f} {figure.unit} "
            f"(target <= {figure.target:g} {figure.unit}; "
            f"{figure.reference_label} {figure.reference:.1f} {figure.unit}; ratio {ratio}) "
            f"{verdict}"
        )
