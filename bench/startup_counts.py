"""Start-up counted in instructions: the same comparison as the timed starts, free of the host.

Timed starts on a shared machine swing with the host (one run saw the bare
reference take anywhere from 188 to 370 ms). The number of instructions a
program executes before its first frame does not: run under valgrind, the
same start counts the same to within a tenth of a percent. So beside the
timed rows, the start-up bench counts each kind of start once with
``valgrind --tool=callgrind`` (user-space instructions, from the
interpreter's first to the one that hands Textual's driver the frame
showing the screen's texts; see :mod:`bench.first_frame`), in the same 80×24
pty and environment as the timed starts, and gives each against the one-word
app's count.

These rows have no target: the issue's target is on time, which is what a
user waits. They say where a start stands without the host's noise, and they
leave out what instructions cannot see (the kernel's time opening and reading
files, page faults), which the timed rows include. Without valgrind the rows
are left out, with a line saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from bench.common import Figure
from bench.launch import spawn
from bench.reference_apps import WORD_LABEL

FIRST_FRAME = Path(__file__).with_name("first_frame.py")
COUNT_TIMEOUT_S = 300.0
"""One start runs about 25 times slower under valgrind: some 5 s here, longer on a slow host."""
COLLECTED = re.compile(r"Collected\s*:\s*([0-9]+)")
"""Callgrind's summary line of the instructions it counted."""


def valgrind() -> str | None:
    """The path of valgrind, or None when it is not installed."""
    return shutil.which("valgrind")


def counted(log: str) -> int:
    """The instruction count in callgrind's log text; ValueError when it holds none."""
    found = COLLECTED.findall(log)
    if not found:
        raise ValueError("valgrind's log holds no instruction count")
    return int(found[-1])


def count_start(program: Sequence[str], texts: Sequence[str], env: Mapping[str, str]) -> int:
    """Count the instructions ``program`` runs in a pty until its frame shows every text.

    ``program`` is what follows ``first_frame.py TEXTS`` (``app``, or
    ``reference word``...). Raises RuntimeError when the program does not
    end at that frame (an error, or it never showed the texts).
    """
    tool = valgrind()
    if tool is None:
        raise RuntimeError("valgrind is not installed")
    with tempfile.TemporaryDirectory(prefix="unpinch-count-") as folder:
        log = Path(folder) / "valgrind.log"
        argv = [
            tool,
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            f"--log-file={log}",
            sys.executable,
            str(FIRST_FRAME),
            "|".join(texts),
            *program,
        ]
        term = spawn(argv, {**env, "PYTHONHASHSEED": "0"})
        try:
            status = term.wait_exit(COUNT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{' '.join(program)} never showed {list(texts)}") from None
        finally:
            term.close()
        if status != 0:
            shown = term.output().decode("utf-8", "replace")[-400:]
            raise RuntimeError(f"{' '.join(program)} ended with {status}: {shown}")
        return counted(log.read_text(encoding="utf-8", errors="replace"))


Kinds = dict[str, tuple[Sequence[str], Sequence[str], Mapping[str, str]]]
"""Each start to count, by kind: the program, the texts its first frame shows, its environment."""


def count_figures(kinds: Kinds) -> list[Figure]:
    """Count each start of ``kinds`` once and give the figures (``reference`` is the one-word app).

    Returns one line saying valgrind is missing instead, when it is.
    """
    if valgrind() is None:
        print("startup: valgrind is not installed; the instruction counts are left out")
        return []
    found = {kind: count_start(*start) / 1e6 for kind, start in kinds.items()}
    return figures(found)


def figures(found: Mapping[str, float]) -> list[Figure]:
    """The counted starts (millions of instructions) against the one-word app's, no targets."""
    names = {
        "fresh": "start-up instructions to the first-run notice, fresh data file (no target)",
        "warm": "start-up instructions to home screen, warm data file (no target)",
        "uncopied": (
            "start-up instructions to home screen, warm, data file read first "
            "(no home copy; no target)"
        ),
        "shaped": "start-up instructions of the bare app laid out like home (no target)",
    }
    reference = found["reference"]
    return [
        Figure(name, found[kind], "M instr", reference=reference, reference_label=WORD_LABEL)
        for kind, name in names.items()
        if kind in found
    ]
