"""What a hold costs: bytes sent to the terminal, CPU time and peak memory.

Beside the still hold, the same measure is taken during a paced rep, where
the drawn figure moves at the rep's tempo (a few frames a second at most),
so the price of the animation over SSH is a number next to the still hold.

unpinch plays a user routine of one 30 s hold (no count-in, default settings
otherwise, so the form cue rotates; ``--sound bell``, so every cue is a BEL and
a flash) in an 80×24 pty. The hold starts when the player screen first
appears; the first second (the screen arriving) is skipped, and the bytes the
app wrote from then until the screen leaves the hold are averaged over that
time: the **mean**, which is what a user over SSH pays, seconds with a cue
change or a flash included. CPU time is what the kernel charged the process
(utime + stime from ``/proc/PID/stat``, all threads) over 10 s of the hold.
Peak RSS is the process's high-water mark (``VmHWM``) at the end of that, so
it covers start-up too. The references run the same way for as long: a bare
Textual app showing a ``Digits`` countdown redrawn at 1 Hz, and the same at
10 Hz (tenths shown, so every redraw changes). The paced rep is averaged over
its first 30 s the same way.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyte

from bench.common import Figure
from bench.launch import (
    COLS,
    ROWS,
    app_command,
    first_showing,
    has_content,
    prepare_db,
    pty_env,
    reference_command,
    screen_shows,
    spawn,
    wait_first,
    wait_showing,
)
from unpinch.library.model import Dose, Routine, RoutineItem, Span

HOLD_S = 30
SKIP_S = 1.0
WINDOW_S = 10
"""Seconds of CPU time measured, from the end of the skipped start."""
MEAN_S = 30.0
"""Longest stretch the bytes are averaged over (the hold ends sooner)."""
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
PLAY_SETTINGS: dict[str, object] = {"count_in_s": 0, "first_run_ack": True}
"""Straight into the hold: no count-in, and the first-run notice already read."""
HOLD_TEXTS = ("Bench hold · exercise 1 of 1", "Hold 1/1")
"""What the player screen shows once the hold has started."""
REPS_ROUTINE = Routine(
    id="bench-reps",
    name="Bench reps",
    items=(RoutineItem("in-bed-knee-rocks", Dose(reps=Span(20, 20), tempo_s=4.0)),),
    builtin=False,
)
"""Twenty knee rocks paced at 4 s each: the figure moves for the whole window."""
REPS_TEXTS = ("Bench reps · exercise 1 of 1", " of 20 · Set")
REPS_BYTES_TARGET = 4000.0
"""An animated figure may cost a few kB a second: still a trickle on any SSH link."""


@dataclass(frozen=True)
class HoldCost:
    """What one program cost over the measured window."""

    bytes_per_s: list[int]
    cpu_percent: float
    peak_rss_mb: float
    mean_bytes_per_s: float = 0.0
    """All bytes of the window over its length: what a user's link carries on average."""

    @property
    def median_bytes_per_s(self) -> float:
        """Return the median of the one-second byte counts."""
        return float(statistics.median(self.bytes_per_s))


def mean_rate(chunks: Sequence[tuple[float, bytes]], start: float, end: float) -> float:
    """Bytes per second that arrived from ``start`` up to (not including) ``end``."""
    if end <= start:
        return 0.0
    total = sum(len(data) for at, data in chunks if start <= at < end)
    return total / (end - start)


def left_screen(
    chunks: Sequence[tuple[float, bytes]], texts: Sequence[str], after: float
) -> float | None:
    """When the screen stopped showing all of ``texts``, first after ``after``; None if never."""
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    for at, data in chunks:
        stream.feed(data)
        if at > after and not screen_shows(screen.display, texts):
            return at
    return None


def hold_mean(chunks: Sequence[tuple[float, bytes]], texts: Sequence[str]) -> tuple[float, float]:
    """The mean bytes per second over a hold, and the seconds it was taken over.

    From one second after the screen first shows ``texts`` (the screen's own
    arrival is not the hold) until it stops showing them, or for at most
    :data:`MEAN_S` seconds.
    """
    shown = first_showing(chunks, texts)
    if shown is None:
        raise RuntimeError(f"the output never showed {list(texts)}")
    start = shown + SKIP_S
    gone = left_screen(chunks, texts, shown)
    end = min(start + MEAN_S, gone if gone is not None else chunks[-1][0])
    return mean_rate(chunks, start, end), end - start


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
    """Run ``argv`` on a pty, wait for ``texts`` (any content if empty), and measure the hold.

    The mean covers the whole hold (see :func:`hold_mean`); a program that
    shows no ``texts`` (a reference) is averaged over :data:`MEAN_S` seconds.
    """
    term = spawn(argv, env)
    try:
        if texts:
            shown = wait_showing(term, texts)
        else:
            shown = wait_first(term, has_content, "a first frame")
        start = shown + SKIP_S
        sleep_until(start)
        cpu0, t0 = cpu_seconds(term.pid), time.monotonic()
        sleep_until(start + WINDOW_S)
        cpu1, t1 = cpu_seconds(term.pid), time.monotonic()
        peak = peak_rss_mb(term.pid)
        sleep_until(start + MEAN_S + 0.2)
        chunks = term.chunks()
        counts = per_second_bytes(chunks, start, WINDOW_S)
        if texts:
            mean, _ = hold_mean(chunks, texts)
        else:
            mean = mean_rate(chunks, start, start + MEAN_S)
        return HoldCost(counts, 100.0 * (cpu1 - cpu0) / (t1 - t0), peak, mean)
    finally:
        term.close()


def measure_all(scratch: Path) -> tuple[HoldCost, HoldCost, HoldCost, HoldCost]:
    """Measure the app's hold and paced rep, then the 1 Hz and 10 Hz Digits references."""
    db = scratch / "unpinch.json"
    prepare_db(db, [ROUTINE, REPS_ROUTINE], PLAY_SETTINGS)
    env = pty_env(scratch, db)
    app = measure(app_command("--sound", "bell", "play", ROUTINE.id), env, HOLD_TEXTS)
    reps = measure(app_command("--sound", "bell", "play", REPS_ROUTINE.id), env, REPS_TEXTS)
    slow = measure(reference_command("digits", "1"), env, ())
    fast = measure(reference_command("digits", "10"), env, ())
    return app, reps, slow, fast


def figures(app: HoldCost, reps: HoldCost, slow: HoldCost, fast: HoldCost) -> list[Figure]:
    """Turn the four measurements into the bytes, CPU and memory figures."""
    one_hz = "bare Digits countdown, 1 Hz"
    name = "bytes to terminal, mean over a 30 s hold (cue rotation, --sound bell), 80×24"
    return [
        Figure(name, app.mean_bytes_per_s, "B/s", slow.mean_bytes_per_s, one_hz, BYTES_TARGET),
        Figure(
            name,
            app.mean_bytes_per_s,
            "B/s",
            fast.mean_bytes_per_s,
            "bare Digits countdown, 10 Hz",
            BYTES_TARGET,
        ),
        Figure(
            "bytes to terminal, mean over 30 s of a paced rep (moving figure), 80×24",
            reps.mean_bytes_per_s,
            "B/s",
            app.mean_bytes_per_s,
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
