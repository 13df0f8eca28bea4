"""The stack file a hanging test leaves for ``./dev test`` to print."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = """
import time


def test_quick():
    assert True


def test_stuck_for_a_while():
    time.sleep(2.5)
"""


def test_a_test_that_runs_too_long_leaves_every_stack_and_a_quick_one_leaves_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    folder = tmp_path / "stacks"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "UNPINCH_HANG_DIR": str(folder),
        "UNPINCH_HANG_DUMP_S": "0.5",
    }
    argv = [sys.executable, "-m", "pytest", "-q", "-n", "1", "-p", "tests.hangs"]
    argv += ["-p", "no:cacheprovider"]
    done = subprocess.run(
        [*argv, str(tmp_path / "test_sample.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (written,) = folder.iterdir()
    text = written.read_text(encoding="utf-8")
    assert "test_sample.py::test_stuck_for_a_while was still running after 0.5 s" in text
    assert "line 10 in test_stuck_for_a_while" in text  # the frame it was stuck in
    assert "test_quick" not in text
