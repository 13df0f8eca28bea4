"""Noticing that the process was suspended, so the time away is not counted as exercise.

A stopped process (SIGSTOP, Ctrl+Z, a debugger) wakes to a monotonic clock
that moved on while nothing ran: without care, a 30 s hold "completes" while
the person was not there. A heartbeat thread notes the time every
:data:`BEAT_S`; a stopped process stops it too. When SIGCONT arrives, the gap
since the last beat is the time away, and if it is at least the threshold
(:data:`AWAY_AFTER_S`, or ``UNPINCH_AWAY_AFTER_S`` in the environment) the
app is told when the stop began and how long it lasted.

Textual handles SIGCONT itself (to come back after Ctrl+Z), so its handler
is kept and called first.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Any

__all__ = ["AWAY_AFTER_S", "BEAT_S", "AwayWatch", "away_after_s"]

BEAT_S = 0.2
"""How often the heartbeat notes the time; the time away is known to within this."""
AWAY_AFTER_S = 5.0
"""A stop at least this long pauses the player."""
GAP_FRESH_S = 2.0
"""A gap the heartbeat saw this recently is the stop a SIGCONT ends; an older one is not."""
Clock = Callable[[], float]


def away_after_s(environ: Mapping[str, str]) -> float:
    """The threshold: ``UNPINCH_AWAY_AFTER_S`` when it is a positive number, else the default."""
    try:
        value = float(environ.get("UNPINCH_AWAY_AFTER_S", ""))
    except ValueError:
        return AWAY_AFTER_S
    return value if value > 0 else AWAY_AFTER_S


class AwayWatch:
    """Calls ``on_away(since, away_s)`` on the event loop after a long enough stop."""

    def __init__(
        self, on_away: Callable[[float, float], None], clock: Clock, threshold_s: float
    ) -> None:
        self.on_away = on_away
        self.clock = clock
        self.threshold_s = threshold_s
        self.beats = (clock(), clock())
        """The last two heartbeats, older first (one attribute, so it is read whole)."""
        self.gap: tuple[float, float] | None = None
        """The last long gap the heartbeat itself saw: (when it began, when it was seen)."""
        self._stopped = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: Any = None

    def install(self) -> None:
        """Start the heartbeat and chain onto SIGCONT."""
        self._loop = asyncio.get_running_loop()
        self.beats = (self.clock(), self.clock())
        with contextlib.suppress(ValueError, OSError):
            self._previous = signal.signal(signal.SIGCONT, self._on_continue)
        threading.Thread(target=self._beat, name="away-heartbeat", daemon=True).start()

    def uninstall(self) -> None:
        """Stop the heartbeat and give SIGCONT back."""
        self._stopped.set()
        if self._previous is not None:
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signal.SIGCONT, self._previous)
            self._previous = None

    def _beat(self) -> None:
        """Note the time every :data:`BEAT_S` until stopped."""
        while not self._stopped.wait(BEAT_S):
            self.beat()

    def beat(self) -> None:
        """Note the time now; a gap since the last beat as long as the threshold is kept.

        On a busy machine the heartbeat can wake, and beat again, before the SIGCONT
        handler runs: the stop then lies further back than the last two beats.
        """
        now, last = self.clock(), self.beats[1]
        if now - last >= self.threshold_s:
            self.gap = (last, now)
        self.beats = (last, now)

    def _on_continue(self, signum: int, frame: FrameType | None) -> None:
        """Let Textual come back first, then report the time away if it was long."""
        if callable(self._previous):
            self._previous(signum, frame)
        since, away = self.time_away(self.clock())
        if away >= self.threshold_s and self._loop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self.on_away, since, away)

    def time_away(self, now: float) -> tuple[float, float]:
        """When the stop began and how long it lasted, from the heartbeats.

        The heartbeat thread may wake before this handler runs and note a
        beat after the stop; then the gap lies between the last two beats, or,
        when it beat twice, it is the gap the heartbeat kept.
        """
        gap, self.gap = self.gap, None
        before, last = self.beats
        if now - last >= self.threshold_s:
            return last, now - last
        if last - before >= self.threshold_s:
            return before, now - before
        if gap is not None and now - gap[1] <= GAP_FRESH_S:
            return gap[0], now - gap[0]
        return last, now - last


def environ_threshold() -> float:
    """The threshold from this process's environment."""
    return away_after_s(os.environ)
