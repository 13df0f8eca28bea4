"""How fast the store opens and saves with ten years of daily sessions.

Stock TinyDB (its default JSONStorage, no lock, no atomic replace) does the
same work on the same data in the same run, as the reference.
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

from tinydb import TinyDB

from bench.common import Figure, median_ms
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


def write_history(path: Path, rng: random.Random) -> None:
    """Write a data file as the store lays it out, holding ten years of sessions."""
    sessions = {str(n): doc for n, doc in enumerate(history(rng), start=1)}
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
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    label = f"stock TinyDB, {DAYS} sessions, {size_mb:.1f} MB"
    return [
        Figure("store: open, 10 years of sessions", open_ms, "ms", stock_open_ms, label, 300),
        Figure("store: append one session", append_ms, "ms", stock_append_ms, label, 50),
    ]


if __name__ == "__main__":
    for figure in run():
        ratio = "-" if figure.ratio is None else f"{figure.ratio:.2f}x"
        verdict = "ok" if figure.ok else "MISSED"
        print(
            f"{figure.name}: {figure.value:.1f} {figure.unit} "
            f"(target <= {figure.target:g} {figure.unit}; "
            f"stock TinyDB {figure.reference:.1f} {figure.unit}; ratio {ratio}) {verdict}"
        )
