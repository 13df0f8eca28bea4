"""The recovery record over ten years of history: ``unpinch due`` and ``unpinch report``.

Figures, each beside a reference measured in the same run:

* ``unpinch due`` as a real process over a data file of 3,650 daily sessions with check-ins
  and weekly checks (target <= 100 ms, for a shell prompt or a login message), against
  ``python -c pass``, the bare interpreter, and ``unpinch --version``, the command floor;
  and the first ``due`` after the data file changed, which works the answer out in full
  (no target: it comes once after each saved session);
* ``unpinch report`` over the same file (target <= 3 s), against ``unpinch history --csv``,
  which reads the same sessions; and the report's size.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.bench_export import command, run_process
from bench.common import Figure, median_ms
from tests.record_history import sessions, weekly
from unpinch.library.quick_due import cache_path
from unpinch.library.store import SCHEMA_VERSION

DAYS = 3650


def write_store(path: Path) -> None:
    """A data file holding ten years of daily sessions and weekly checks."""
    data = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "sessions": {str(n): d for n, d in enumerate(sessions(DAYS, every=1), 1)},
        "weekly_checks": {str(n): d for n, d in enumerate(weekly(DAYS), 1)},
    }
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def run_due(db: Path, home: Path) -> None:
    """``unpinch due`` to the end; it exits 1 when something is due, which is fine here."""
    subprocess.run(
        command("--db", str(db), "due"),
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def run_due_afresh(db: Path, home: Path) -> None:
    """``unpinch due`` with no stored answer, as the first run after a session was saved."""
    Path(cache_path(db)).unlink(missing_ok=True)
    run_due(db, home)


def run() -> list[Figure]:
    """Time due and report as processes over a ten-year data file."""
    folder = Path(tempfile.mkdtemp(prefix="unpinch-bench-record-"))
    try:
        db = folder / "unpinch.json"
        write_store(db)
        bare = [sys.executable, "-c", "pass"]
        python_ms = median_ms(lambda: subprocess.run(bare, check=True), repeat=9)
        due_ms = median_ms(lambda: run_due(db, folder), repeat=9)
        full_ms = median_ms(lambda: run_due_afresh(db, folder), repeat=5)
        floor_ms = median_ms(lambda: run_process(command("--version"), db, folder), repeat=9)
        out = folder / "report.html"
        report = command("--db", str(db), "report", "--out", str(out))
        report_ms = median_ms(lambda: run_process(report, db, folder), repeat=3)
        csv_ms = median_ms(lambda: run_process(command("history", "--csv"), db, folder), repeat=3)
        size_kb = out.stat().st_size / 1024
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Figure("unpinch due, 10 years", due_ms, "ms", python_ms, "python -c pass", target=100),
        Figure("unpinch due against --version", due_ms, "ms", floor_ms, "unpinch --version"),
        Figure("first due after a change, 10 years", full_ms, "ms", floor_ms, "unpinch --version"),
        Figure("unpinch report, 10 years", report_ms, "ms", csv_ms, "history --csv", target=3000),
        Figure("report size, 10 years", size_kb, "KB", target=2048),
    ]
