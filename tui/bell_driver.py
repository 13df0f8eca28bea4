"""The terminal bell rung on the UI thread, at the cue's moment, between two frames.

Textual writes to the terminal from an output thread of its own, and
``App.bell`` only queues a BEL for it. That thread must then win the GIL from
the UI thread, which at that very moment is drawing the frame the cue changed,
so the BEL waits up to Python's switch interval (5 ms) and often longer: over
the cue benchmark's three-minute routine, a rung bell reached the terminal
5.5 ms after the call at the median and 11.6 ms at the 90th percentile, and
that wait, not the cue's timer, was most of the cues' jitter.

:class:`SharedTerminal` is the file the output thread writes frames to. Each
of its writes (a whole frame, or a whole escape sequence such as a desktop
notification) is written and flushed under a lock, and
:meth:`SharedTerminal.ring` writes the BEL under the same lock from the UI
thread. A text file is not safe to use from two threads at once, and the lock
keeps the BEL out of the middle of any write (inside an OSC string, such as a
link or a notification, a BEL would end it early). The bell never blocks the
UI either: while a frame is being written, or when the terminal is not reading
(a stalled connection), it says no, and the bell is queued behind the frames as
before. In the same benchmark, two runs each way, the cues' median deviation
from their schedule fell from 1.6-2.8 ms to 0.6-0.7 ms, and their p99 from
11.9-14.8 ms to 2.7-9.5 ms.
"""

from __future__ import annotations

import select
import sys
import threading
from typing import Any, TextIO, cast

from textual.drivers.linux_driver import LinuxDriver

BEL = "\a"


def writable_now(fd: int) -> bool:
    """Tell whether a one-byte write to ``fd`` would not block (room in the terminal's buffer)."""
    try:
        _, ready, _ = select.select([], [fd], [], 0)
    except (OSError, ValueError):
        return False
    return bool(ready)


class SharedTerminal:
    """The terminal's text file, shared by the output thread's frames and the UI thread's bells."""

    def __init__(self, file: TextIO) -> None:
        self._file = file
        self._lock = threading.Lock()
        self.open = False
        """True while bells may be written straight out: the app owns the terminal
        (application mode) and Textual's output thread writes through this file."""

    def write(self, text: str) -> int:
        """Write one frame (or escape sequence) and flush it, whole, under the lock."""
        with self._lock:
            written = self._file.write(text)
            self._file.flush()
        return written

    def flush(self) -> None:
        """Flush under the lock (every write already flushes)."""
        with self._lock:
            self._file.flush()

    def fileno(self) -> int:
        """The terminal's file descriptor."""
        return self._file.fileno()

    def isatty(self) -> bool:
        """Whether the file is a terminal."""
        return self._file.isatty()

    def ring(self) -> bool:
        """Write one BEL now, between frames; False (nothing written) if that could wait or block.

        The lock is only tried: a frame being written keeps it, and waiting
        for it would hold up the UI thread for as long as the terminal takes
        to read that frame.
        """
        if not self.open or not self._lock.acquire(blocking=False):
            return False
        try:
            if not writable_now(self._file.fileno()):
                return False
            self._file.write(BEL)
            self._file.flush()
            return True
        except (OSError, ValueError):
            return False
        finally:
            self._lock.release()


class BellDriver(LinuxDriver):
    """Textual's POSIX terminal driver, writing through a :class:`SharedTerminal`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terminal = SharedTerminal(cast(TextIO, self._file or sys.__stderr__))
        self.in_application_mode = False
        # The output thread takes its file from here when application mode starts;
        # the terminal offers every method it and the driver call on that file.
        self._file = cast(Any, self.terminal)

    def start_application_mode(self) -> None:
        """Take the terminal over; from now on bells may be written straight to it.

        Only if the output thread really writes through the shared terminal: a
        Textual that built it some other way would have it write beside the bells,
        without the lock, so then every bell is queued as Textual does it.
        """
        super().start_application_mode()  # type: ignore[no-untyped-call]
        self.in_application_mode = True
        self.terminal.open = self.shares_output()

    def shares_output(self) -> bool:
        """Tell whether Textual's output thread writes its frames through :attr:`terminal`."""
        writer = getattr(self, "_writer_thread", None)
        return writer is not None and getattr(writer, "_file", None) is self.terminal

    def stop_application_mode(self) -> None:
        """Stop writing bells first, then give the terminal back."""
        self.terminal.open = False
        self.in_application_mode = False
        super().stop_application_mode()

    def ring(self) -> None:
        """Ring the bell now, or queue it behind the frames when it cannot be written at once.

        Outside application mode (suspended, or closing) there is no output
        thread to queue it for, and the terminal is not the app's: no bell.
        """
        if not self.terminal.ring() and self.in_application_mode:
            self.write(BEL)
