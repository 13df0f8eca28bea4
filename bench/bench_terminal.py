"""What a hold costs: bytes sent to the terminal, CPU time and peak memory.

Beside the still hold, the same measure is taken during a paced rep, where
the drawn figure moves at the rep's tempo (a few frames a second at most),
so the price of the animation over SSH is a number next to the still hold.

unpinch plays a user routine of one 30 s hold (no count-in, ``--sound off``)
in an 80×24 pty. The hold starts when the player screen first appears; the
first 2 s are skipped, then for 10 s the bench counts the bytes the app wrote
(median of the ten one-second windows) and the CPU time the kernel charged the
process (utime + stime from ``/proc/PID/stat``, all threads). Peak RSS is the
process's high-water mark (``VmHWM``) at the end of the window, so it covers
start-up too. The references run the same way: a bare Textual app showing a
``Digits`` countdown redrawn at 1 Hz, and the same at 10 Hz (tenths shown, so
every redraw changes).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import Figure
from bench.launch import (
    app_command,
    has_content,
    prepare_db,
    pty_env,
    reference_command,
    spawn,
    wait_first,
    wait_showing,
)
from unpinch.library.model import Dose, Routine, RoutineItem, Span

HOLD_S = 30
SKIP_S = 2.0
WINDOW_S = 10
BYTES_TARGET = 1000.0
CPU_TARGET = 3.0
RSS_TARGET_MB = 120.0
ROUTINE = Routine(
    id="bench-hold",
    name="Bench hold",
    items=(RoutineItem("bridge", Dose(hold_s=Span(HOLD_S, HOLD_S), reps=Span(1, 1))),),
    builtin=False,
)
"""One 30 s hold of a both-sides exercise, so nothing but the hold is on screen."""
HOLD_TEXTS = ("Bench hold · exercise 1 of 1", "BOTH SIDES")
"""What the player screen shows once the hold has started."""
REPS_ROUTINE = Routine(
    id="bench-reps",
    name="Bench reps",
    items=(RoutineItem("in-bed-knee-rocks", Dose(reps=Span(20, 20), tempo_s=4.0)),),
    builtin=False,
)
"""Twenty knee rocks paced at 4 s each: the figure moves for the whole window."""
REPS_TEXTS = ("Bench reps · exercise 1 of 1", "BOTH SIDES")
REPS_BYTES_TARGET = 4000.0
"""An animated figure may cost a few kB a second: still a trickle on any SSH link."""


@dataclass(frozen=True)
class HoldCost:
    """What one program cost over the measured window."""

    bytes_per_s: list[int]
    cpu_percent: float
    peak_rss_mb: float

    @property
    def median_bytes_per_s(self) -> float:
        """Return the median of the one-second byte counts."""
        return float(statistics.median(self.bytes_per_s))


def per_second_bytes(
    chunks: Sequence[tuple[float, bytes]], start: float, seconds: int
) -> list[int]:
    """Count the bytes that arrived in each of ``seconds`` one-second windows from ``start``."""
    counts = [0] * seconds
    for at, data in chunks:
        slot = int((at - start) // 1.0)
        if 0 <= slot < seconds and at >= start:
            counts[slot] += len(data)
    return counts


def cpu_ticks(stat: str) -> int:
    """Return utime + stime (clock ticks) from the text of ``/proc/PID/stat``.

    Fields are counted after the command name's closing parenthesis, since
    the name itself may contain spaces.
    """
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


def vm_hwm_kib(status: str) -> int:
    """Return the ``VmHWM`` (peak resident set) line of ``/proc/PID/status`` in KiB."""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise ValueError("no VmHWM line")


def cpu_seconds(pid: int) -> float:
    """Return the CPU seconds the kernel has charged process ``pid`` so far."""
    text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return cpu_ticks(text) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """Return process ``pid``'s peak resident memory in megabytes (10⁶ bytes)."""
    return vm_hwm_kib(Path(f"/proc/{pid}/status").read_text(encoding="ascii")) * 1024 / 1e6


def sleep_until(moment: float) -> None:
    """Sleep until the monotonic clock reaches ``moment``."""
    time.sleep(max(0.0, moment - time.monotonic()))


def measure(argv: Sequence[str], env: dict[str, str], texts: Sequence[str]) -> HoldCost:
    """Run ``argv`` on a pty, wait for ``texts`` (any content if empty), and measure a window."""
    term = spawn(argv, env)
    try:
        if texts:
            shown = wait_showing(term, texts)
        else:
            shown = wait_first(term, has_content, "a first frame")
        start, end = shown + SKIP_S, shown + SKIP_S + WINDOW_S
        sleep_until(start)
        cpu0, t0 = cpu_seconds(term.pid), time.monotonic()
        sleep_until(end)
        cpu1, t1 = cpu_seconds(term.pid), time.monotonic()
        peak = peak_rss_mb(term.pid)
        time.sleep(0.2)
        counts = per_second_bytes(term.chunks(), start, WINDOW_S)
        return HoldCost(counts, 100.0 * (cpu1 - cpu0) / (t1 - t0), peak)
    finally:
        term.close()


def measure_all(scratch: Path) -> tuple[HoldCost, HoldCost, HoldCost, HoldCost]:
    """Measure the app's hold and paced rep, then the 1 Hz and 10 Hz Digits references."""
    db = scratch / "unpinch.json"
    prepare_db(db, [ROUTINE, REPS_ROUTINE], {"count_in_s": 0})
    env = pty_env(scratch, db)
    app = measure(app_command("--sound", "off", "play", ROUTINE.id), env, HOLD_TEXTS)
    reps = measure(app_command("--sound", "off", "play", REPS_ROUTINE.id), env, REPS_TEXTS)
    slow = measure(reference_command("digits", "1"), env, ())
    fast = measure(reference_command("digits", "10"), env, ())
    return app, reps, slow, fast


def figures(app: HoldCost, reps: HoldCost, slow: HoldCost, fast: HoldCost) -> list[Figure]:
    """Turn the four measurements into the bytes, CPU and memory figures."""
    one_hz = "bare Digits countdown, 1 Hz"
    name = "bytes to terminal during a hold, 80×24"
    return [
        Figure(name, app.median_bytes_per_s, "B/s", slow.median_bytes_per_s, one_hz, BYTES_TARGET),
        Figure(
            name,
            app.median_bytes_per_s,
            "B/s",
            fast.median_bytes_per_s,
            "bare Digits countdown, 10 Hz",
            BYTES_TARGET,
        ),
        Figure(
            "bytes to terminal during a paced rep (moving figure), 80×24",
            reps.median_bytes_per_s,
            "B/s",
            app.median_bytes_per_s,
            "the same app during a still hold",
            REPS_BYTES_TARGET,
        ),
        Figure("CPU during a hold", app.cpu_percent, "%", slow.cpu_percent, one_hz, CPU_TARGET),
        Figure(
            "CPU during a paced rep (moving figure)",
            reps.cpu_percent,
            "%",
            app.cpu_percent,
            "the same app during a still hold",
            CPU_TARGET * 2,
        ),
        Figure("peak RSS", app.peak_rss_mb, "MB", slow.peak_rss_mb, one_hz, RSS_TARGET_MB),
    ]


def run() -> list[Figure]:
    """Measure a hold and its references and return the figures."""
    with tempfile.TemporaryDirectory(prefix="unpinch-bench-") as folder:
        return figures(*measure_all(Path(folder)))
