"""The cue player interface, and the two players that need no sound output.

The app starts with a :class:`PendingPlayer`, which keeps the first cues while
:mod:`unpinch.tui.sound` opens the real output off the UI thread. Keeping
these apart from that module lets the app draw its first frame without
importing the code that probes devices and starts the speaker's worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class CuePlayer(Protocol):
    """Plays named cues (see ``sounds.CUES``) one way or another."""

    @property
    def mode(self) -> str:
        """Return how cues are played right now: "speaker", "bell" or "off"."""

    @property
    def problem(self) -> str | None:
        """Return a one-line note when the player had to fall back, else None."""

    def play(self, cue: str) -> None:
        """Start playing ``cue`` and return at once; never raises."""

    def close(self) -> None:
        """Stop accepting cues and release any process or timer."""


class OffPlayer:
    """Plays nothing; cues are shown on screen only."""

    def __init__(self, problem: str | None = None) -> None:
        self.problem: str | None = problem
        self.mode: str = "off"

    def play(self, cue: str) -> None:
        """Ignore the cue."""

    def close(self) -> None:
        """Nothing to release."""


class PendingPlayer:
    """Holds cues while the real output is still opening, then hands the fresh ones over.

    Opening sound takes a moment (a device probe, a worker process) and runs
    off the UI thread; a workout started straight from the command line can
    raise its first count-in tick before that is done. Those cues are kept
    and played once the output is ready, unless they have gone stale.
    """

    mode = "pending"
    problem: str | None = None

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_age_s: float = 0.5) -> None:
        self.clock = clock
        self.max_age_s = max_age_s
        self.waiting: list[tuple[str, float]] = []

    def play(self, cue: str) -> None:
        """Keep the cue for the output that is being opened."""
        self.waiting.append((cue, self.clock()))

    def hand_over(self, player: CuePlayer) -> None:
        """Play the cues that are still fresh on ``player`` and forget the rest."""
        now = self.clock()
        for cue, at in self.waiting:
            if now - at <= self.max_age_s:
                player.play(cue)
        self.waiting.clear()

    def close(self) -> None:
        """Drop any cues still waiting."""
        self.waiting.clear()
