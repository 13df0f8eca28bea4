"""How fast ten years of daily sessions export, and how fast the history charts' facts compute.

Three figures, each beside a reference measured in the same run:

* ``unpinch history --csv`` as a real process over a data file of 3,650
  sessions (target <= 1 s), against ``unpinch --version`` as a process: the
  interpreter and import floor every command pays;
* the in-process ``to_csv`` of those sessions, against ``json.dumps`` of them;
* ``weekly_minutes``, ``pain_points``, ``habit_days`` and ``best_streak``
  together (they feed the history pane's charts; target <= 100 ms), against
  ``json.loads`` of the same sessions.

The sessions come from the store benchmark's generator, reshaped into what the
player saves today: step records, pain check-ins on most sessions, "this hurts"
marks where a step was marked, and the doses played.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench.bench_store import DAYS, history
from bench.common import Figure, median_ms
from unpinch.library.export import rows_from_csv, to_csv
from unpinch.library.history import best_streak, habit_days, pain_points, weekly_minutes
from unpinch.library.store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
CHECKED_IN = 0.85
"""The share of sessions with pain check-ins before and after."""


def sessions(rng: random.Random, days: int = DAYS) -> list[dict[str, Any]]:
    """Ten years of daily sessions in the saved shape, with ids, check-ins and marks."""
    return [reshape(doc, rng) for doc in history(rng, days)]


def reshape(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Turn a store-benchmark session into the shape ``session_doc`` and the player save."""
    steps = [step_record(s) for s in doc["steps"]]
    started = datetime.fromisoformat(doc["started"]).astimezone()
    out = {
        **{k: doc[k] for k in ("id", "routine_id", "status", "duration_s")},
        "routine_name": doc["routine_id"].replace("-", " ").capitalize(),
        "started": started.isoformat(timespec="seconds"),
        "ended": datetime.fromisoformat(doc["ended"]).astimezone().isoformat(timespec="seconds"),
        "exercises": len(steps),
        "exercises_completed": sum(s["completed"] for s in steps),
        "exercises_skipped": sum(s["skipped"] for s in steps),
        "steps": steps,
        "marks": [
            {"exercise_id": s["exercise_id"], "side": s["side"], "at": doc["started"]}
            for s in steps
            if s["marked"]
        ],
        "targets": {s["exercise_id"]: {"hold_s": 20, "reps": 1} for s in steps},
    }
    if rng.random() < CHECKED_IN:
        out["before"] = {"leg": doc["pain_before"], "back": rng.randint(1, 5), "note": ""}
        out["after"] = {"leg": doc["pain_after"], "back": rng.randint(1, 5), "note": "ok, fine"}
    return out


def step_record(step: dict[str, Any]) -> dict[str, Any]:
    """One step in the saved shape (``session._step_doc``)."""
    return {
        "exercise_id": step["exercise_id"],
        "side": step["side"],
        "set_no": 1,
        "rep_no": 1,
        "target_s": step["target_hold_s"],
        "actual_s": float(step["actual_hold_s"]),
        "extended_s": 0.0,
        "target_reps": step["target_reps"],
        "actual_reps": step["actual_reps"],
        "skipped": step["skipped"],
        "marked": step["marked"],
        "completed": not step["skipped"],
    }


def write_store(path: Path, docs: list[dict[str, Any]]) -> None:
    """Write a data file laid out as the store keeps it, holding ``docs``."""
    table = {str(n): doc for n, doc in enumerate(docs, start=1)}
    data = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "sessions": table}
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def command(*args: str) -> list[str]:
    """The ``unpinch`` console script beside this Python, else ``python -m unpinch.tui``."""
    script = Path(sys.executable).parent / "unpinch"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), *args]
    return [sys.executable, "-m", "unpinch.tui", *args]


def run_process(argv: list[str], db: Path, home: Path) -> str:
    """Run a command to the end with its own data file and HOME; return its stdout."""
    env = {**os.environ, "UNPINCH_DB": str(db), "HOME": str(home), "NO_COLOR": "1"}
    done = subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, check=True, stdin=subprocess.DEVNULL
    )
    return done.stdout.decode("utf-8")


def measure_processes(db: Path, home: Path, expected: int) -> tuple[float, float]:
    """Median ms of ``history --csv`` and of ``--version`` as processes; checks the CSV."""
    out = run_process(command("history", "--csv"), db, home)
    if len(rows_from_csv(out)) != expected:
        raise RuntimeError("unpinch history --csv did not print every session")
    export_ms = median_ms(lambda: run_process(command("history", "--csv"), db, home), repeat=5)
    floor_ms = median_ms(lambda: run_process(command("--version"), db, home), repeat=5)
    return export_ms, floor_ms


def chart_facts(docs: list[dict[str, Any]], today: date) -> None:
    """Compute every fact the history pane's charts and habit tracker need."""
    weekly_minutes(docs, today)
    pain_points(docs)
    habit_days(docs, today)
    best_streak(docs)


def run() -> list[Figure]:
    """Build ten years of sessions in a data file, then time the export and the chart facts."""
    docs = sessions(random.Random(7))
    text = json.dumps(docs)
    today = datetime.fromisoformat(docs[-1]["started"]).date()
    folder = Path(tempfile.mkdtemp(prefix="unpinch-bench-export-"))
    try:
        db = folder / "unpinch.json"
        write_store(db, docs)
        size_mb = db.stat().st_size / 1e6
        export_ms, floor_ms = measure_processes(db, folder, len(docs))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    csv_ms = median_ms(lambda: to_csv(docs), repeat=7)
    dumps_ms = median_ms(lambda: json.dumps(docs), repeat=7)
    facts_ms = median_ms(lambda: chart_facts(docs, today), repeat=7)
    loads_ms = median_ms(lambda: json.loads(text), repeat=7)
    count = f"{len(docs)} sessions"
    return [
        Figure(
            f"history --csv process, {count} ({size_mb:.1f} MB)",
            export_ms,
            "ms",
            floor_ms,
            "unpinch --version process",
            1000,
        ),
        Figure(f"to_csv in process, {count}", csv_ms, "ms", dumps_ms, "json.dumps of them"),
        Figure(
            f"chart facts (weekly, pain, habit, best streak), {count}",
            facts_ms,
            "ms",
            loads_ms,
            "json.loads of them",
            100,
        ),
    ]


if __name__ == "__main__":
    from bench.__main__ import print_table, row

    header = ("figure", "measured", "target", "reference (same run)", "ratio", "")
    print_table([header, *(row(f) for f in run())])
