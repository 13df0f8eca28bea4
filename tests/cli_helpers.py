"""Run the real command line in a child process with its own data file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, db: Path, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m unpinch.tui ARGS`` with UNPINCH_DB set to ``db`` and no terminal attached.

    ``env`` adds to (or, with an empty value, clears) variables of this process's environment.
    """
    env = {**os.environ, "UNPINCH_DB": str(db), "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "unpinch.tui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
