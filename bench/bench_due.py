"""How long ``unpinch due`` and ``unpinch --version`` take, as a shell prompt runs them.

``unpinch due --tmux`` is meant for a tmux status line and ``due`` for a shell
prompt, so each run is a fresh process, as there. Each command is run
:data:`RUNS` times through the installed console script, with no terminal, on a
data file holding a routine that is due (so the answer is the long one), after
one unmeasured run of each has stored the answer and warmed the file-system
and bytecode caches. The first ``due`` after a change (the full command, which
stores the answer again) is measured too, without a target. The floor is
``python -c pass`` with the same interpreter, run in the same rounds. Figures
are the mean and the 90th percentile of wall time; the CPU time the children were charged is printed
too, since wall time on a busy machine also counts other programs' turns.
"""

from __future__ import annotations

import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.common import Figure
from bench.launch import app_command
from unpinch.library.quick_due import cache_path
from unpinch.library.store import Store

RUNS = 20
QUICK_RUNS = 5
DUE_TARGET_MS = 100.0
"""A status line that refreshes every few seconds can spend this much on each answer."""
AFTER_A_CHANGE = "unpinch due --tmux, first after a change"
"""The full command, which answers when the data file has changed since the stored answer."""
DUE_ROUTINE = "stretching-stage"
"""A built-in routine, played four days ago so that it is due today."""


@dataclass(frozen=True)
class Timing:
    """Wall and CPU times (ms) of repeated runs of one command."""

    wall_ms: list[float]
    cpu_ms: list[float]

    @property
    def mean(self) -> float:
        """Mean wall time."""
        return statistics.mean(self.wall_ms)

    @property
    def p90(self) -> float:
        """90th percentile (nearest rank) of wall time."""
        ordered = sorted(self.wall_ms)
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]

    @property
    def cpu_mean(self) -> float:
        """Mean CPU time (user + system) charged to the process."""
        return statistics.mean(self.cpu_ms)


def due_db(folder: Path) -> Path:
    """A data file where one built-in routine is due: played once, four days ago."""
    db = folder / "unpinch.json"
    day = date.today() - timedelta(days=4)
    started = datetime(day.year, day.month, day.day, 8, 0).astimezone()
    with Store.open(db) as store:
        store.add_session(
            {"routine_id": DUE_ROUTINE, "started": started.isoformat(), "status": "completed"}
        )
    return db


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``argv`` once without a terminal; return its wall and CPU time in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return wall, cpu


def measure(commands: dict[str, list[str]], env: dict[str, str], count: int) -> dict[str, Timing]:
    """Time ``count`` rounds of every command, one of each per round, after a warm-up round.

    The command named :data:`AFTER_A_CHANGE` runs with the stored answer removed
    first, as the first ``due`` after a session is saved does.
    """
    for argv in commands.values():
        run_once(argv, env)
    samples: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in commands}
    for _ in range(count):
        for name, argv in commands.items():
            if name == AFTER_A_CHANGE:
                Path(cache_path(env["UNPINCH_DB"])).unlink(missing_ok=True)
            wall, cpu = run_once(argv, env)
            samples[name][0].append(wall)
            samples[name][1].append(cpu)
    return {name: Timing(*lists) for name, lists in samples.items()}


def commands() -> dict[str, list[str]]:
    """The floor and the commands measured, as a shell would run them."""
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "unpinch due": app_command("due"),
        "unpinch due --tmux": app_command("due", "--tmux"),
        AFTER_A_CHANGE: app_command("due", "--tmux"),
        "unpinch --version": app_command("--version"),
    }


def figures(timings: dict[str, Timing]) -> list[Figure]:
    """Mean and p90 of each command beside the same statistic of ``python -c pass``."""
    floor = timings["python -c pass"]
    rows = []
    for name, timing in timings.items():
        if timing is floor:
            continue
        target = DUE_TARGET_MS if "due" in name and name != AFTER_A_CHANGE else None
        rows.append(
            Figure(f"{name}, mean", timing.mean, "ms", floor.mean, "python -c pass", target)
        )
        rows.append(Figure(f"{name}, p90", timing.p90, "ms", floor.p90, "python -c pass", target))
    for name, timing in timings.items():
        rows.append(Figure(f"{name}, CPU time, mean", timing.cpu_mean, "ms"))
    return rows


def run() -> list[Figure]:
    """Measure ``due`` and ``--version`` against the interpreter's own start."""
    count = QUICK_RUNS if os.environ.get("UNPINCH_BENCH_QUICK") == "1" else RUNS
    with tempfile.TemporaryDirectory(prefix="unpinch-bench-") as folder:
        db = due_db(Path(folder))
        env = {**os.environ, "UNPINCH_DB": str(db), "HOME": folder}
        return figures(measure(commands(), env, count))
