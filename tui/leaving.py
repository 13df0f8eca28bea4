"""Leaving promptly and with the right status when a signal arrives or the terminal goes away.

A hang-up (the SSH link dropped, the terminal window closed), SIGTERM and
SIGINT end unpinch with 128 + the signal's number (129, 143, 130), the
session so far saved. Three things make that hold when the app is busy or
the terminal is already gone:

- the handler is a plain ``signal.signal`` handler, which Python runs between
  two bytecodes of the main thread even while the event loop works through a
  backlog of a thousand keys, rather than a loop callback queued behind them;
- the first thing it does is start a timer that ends the process outright
  after :data:`EXIT_GRACE_S`, so nothing that follows (a save that fails
  because the data file was removed, a write to a dead terminal that blocks)
  can keep the process alive; every step was saved as it happened anyway;
- a watcher thread notices a terminal that hung up without a SIGHUP reaching
  unpinch (``poll`` reports ``POLLHUP`` on its input) and raises one, so the
  input thread never spins on an input that only ever reads as empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

__all__ = ["EXIT_GRACE_S", "Leaving"]

EXIT_GRACE_S = 1.0
"""After a signal, how long the app may take to close before the process ends outright."""
SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL
"""What ``poll`` reports on the input of a terminal that has gone."""
_Handler = Callable[[int, FrameType | None], Any] | int | None


class Leaving:
    """Catches the signals that end unpinch and the terminal hanging up; installs and removes."""

    def __init__(self, cut_off: Callable[[int], None], terminal_fd: int = 0) -> None:
        """``cut_off(signum)`` runs on the event loop to save and exit gracefully."""
        self.cut_off = cut_off
        self.terminal_fd = terminal_fd
        self.signum: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, _Handler] = {}
        self._stopped = threading.Event()

    def install(self) -> None:
        """Handle SIGHUP, SIGTERM and SIGINT, and watch the terminal for a hang-up."""
        self._loop = asyncio.get_running_loop()
        for signum in SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                self._previous[signum] = signal.signal(signum, self._on_signal)
        if os.isatty(self.terminal_fd):
            watcher = threading.Thread(target=self._watch, name="hangup-watch", daemon=True)
            watcher.start()

    def uninstall(self) -> None:
        """Give the signals back to their previous handlers and stop watching."""
        self._stopped.set()
        for signum, handler in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        """Start the deadline at once, then ask the loop to save and exit (first signal only)."""
        if self.signum is not None:
            return
        self.signum = signum
        deadline = threading.Timer(EXIT_GRACE_S, os._exit, (128 + signum,))
        deadline.daemon = True
        deadline.start()
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self.cut_off, signum)

    def _watch(self) -> None:
        """Wait for the terminal to hang up (never for input) and raise SIGHUP when it does."""
        poller = select.poll()
        poller.register(self.terminal_fd, 0)  # only POLLHUP, POLLERR and POLLNVAL wake it
        while not self._stopped.is_set():
            try:
                events = poller.poll(500)
            except OSError:
                return
            if any(mask & _GONE for _, mask in events):
                if not self._stopped.is_set():
                    os.kill(os.getpid(), signal.SIGHUP)
                return
