"""Exact one-shot wake-ups on the app's event loop, and garbage collection kept away from cues.

Textual's ``set_timer`` starts counting its delay when the timer's task first
runs, not when it is set, so anything already queued (a repaint, the rest of
the handler) makes it late by that long. A cue must sound within a few
milliseconds of its schedule, so the player and the bell spacing use the
loop's own ``call_later``, which counts from the moment it is called.

Python's full garbage collections can take tens of milliseconds with a live
Textual app. While a workout plays, automatic collection is off and the
player collects only when nothing is due for a while, so a pause never lands
on a cue.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from typing import Any

from textual.app import App

QUIET_FOR_GC_S = 0.3
"""Collect garbage only when the next wake-up is at least this far away."""
FULL_GC_EVERY = 30
"""Every this many quiet collections, collect all generations rather than the young ones."""
GC_GAP_S = 0.5
"""Collect at most this often: a burst of keys has quiet moments after every key."""


def call_soon_after(app: App[Any], delay: float, callback: Callable[[], None]) -> asyncio.Handle:
    """Run ``callback`` on the app's loop ``delay`` seconds from now, exactly.

    An exception in the callback is handed to the app, which shows it and
    exits as it would for an error in a handler.
    """

    def run() -> None:
        try:
            callback()
        except Exception as error:
            app._handle_exception(error)

    return asyncio.get_running_loop().call_later(max(0.0, delay), run)


class QuietCollector:
    """Keeps garbage collection out of the moments just before a cue."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.active = False
        self.count = 0
        self.clock = clock
        self.last = -GC_GAP_S

    def start(self) -> None:
        """Freeze what exists now (start-up objects never need scanning) and stop automatic GC."""
        if not self.active:
            self.active = True
            gc.collect()
            gc.freeze()
            gc.disable()

    def quiet_moment(self, free_s: float) -> bool:
        """Collect if nothing is due for ``free_s`` seconds: young objects, now and then all.

        Collections are at least :data:`GC_GAP_S` apart, so a held-down key,
        which makes a quiet moment after every press, does not collect (and
        now and then collect everything) some 30 times a second. Returns
        whether it collected.
        """
        if not self.active or free_s < QUIET_FOR_GC_S:
            return False
        now = self.clock()
        if now - self.last < GC_GAP_S:
            return False
        self.last = now
        self.count += 1
        gc.collect(2 if self.count % FULL_GC_EVERY == 0 else 1)
        return True

    def stop(self) -> None:
        """Give garbage collection back to Python, frozen start-up objects included."""
        if self.active:
            self.active = False
            gc.unfreeze()
            gc.enable()
