"""Run a program in a real pseudo-terminal, record its bytes, and read its screen.

``PtyTerm`` starts a command on the slave side of a fresh pty of a given size,
as the session leader with the pty as its controlling terminal (so window-size
changes and hang-ups behave as in a real terminal emulator). A reader thread
records every chunk the program writes with a ``time.monotonic()`` timestamp
and feeds it to a ``pyte`` screen, so callers can both read the screen as text
and measure the byte stream (bytes per second, when each bell rang).

Typical use::

    with PtyTerm(["unpinch"], cols=80, rows=24, env={"TERM": "xterm-256color"}) as term:
        term.wait_for_text("Routines")
        term.send(KEYS["enter"])
        term.wait_for_text("GET READY", timeout=5)
        print(term.screen_text(), len(term.output()), term.bel_times())

The environment is exactly what is passed (plus nothing): give ``TERM``,
``PATH``, ``HOME`` and anything the program needs explicitly.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

import pyte

KEYS: dict[str, str] = {
    "enter": "\r",
    "space": " ",
    "tab": "\t",
    "backspace": "\x7f",
    "escape": "\x1b",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "ctrl+c": "\x03",
    "ctrl+q": "\x11",
}
"""Byte strings an xterm-like terminal sends for common keys, for :meth:`PtyTerm.send`."""

BEL = 0x07
ESC = 0x1B
ALT_SCREEN_ON = b"\x1b[?1049h"
"""Switches to the alternate screen (full-screen apps do this at start)."""
ALT_SCREEN_OFF = b"\x1b[?1049l"
"""Leaves the alternate screen (a clean exit restores the terminal with this)."""

SETTLE_S = 0.05
"""How long output must pause before a screen counts as settled (frames arrive in pieces)."""

_STRING_INTRODUCERS = {ord("]"), ord("P"), ord("_"), ord("^"), ord("X")}
"""Second bytes of ESC-introduced strings (OSC, DCS, APC, PM, SOS) that a BEL may end."""


def bel_offsets(data: bytes) -> list[int]:
    """Return the offsets of BEL bytes in ``data`` that really ring the bell.

    A BEL also terminates OSC strings (``ESC ] ... BEL``, e.g. a window title),
    and may end DCS/APC/PM/SOS strings on some terminals; those BELs are not
    bells and are left out. Strings may also end with ST (ESC then a backslash). Only
    7-bit introducers are recognised: in UTF-8 output, bytes such as 0x9D are
    continuation bytes of ordinary characters, not C1 controls.
    """
    found: list[int] = []
    in_string = False
    after_esc = False
    for offset, byte in enumerate(data):
        if after_esc:
            after_esc = False
            if in_string:
                in_string = byte != ord("\\")
                continue
            if byte in _STRING_INTRODUCERS:
                in_string = True
                continue
        if byte == ESC:
            after_esc = True
        elif byte == BEL:
            if in_string:
                in_string = False
            else:
                found.append(offset)
    return found


def set_window_size(fd: int, cols: int, rows: int) -> None:
    """Set the size a pty reports to programs (TIOCSWINSZ) on ``fd``."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _take_terminal() -> None:
    """In the child, after setsid: make the pty on stdin the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyTerm:
    """A command running in a pseudo-terminal, with its output recorded and rendered.

    ``argv`` is run with ``env`` (exactly; nothing is inherited) in ``cwd`` on a
    ``cols`` × ``rows`` pty. The command is the leader of a new session and
    process group, so :meth:`close` can signal it and its children together.
    All reading methods are safe to call while output is still arriving.
    """

    def __init__(
        self,
        argv: Sequence[str | Path],
        *,
        cols: int = 80,
        rows: int = 24,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
    ) -> None:
        self.argv = [str(a) for a in argv]
        self.cols = cols
        self.rows = rows
        self._lock = threading.Condition()
        self._chunks: list[tuple[float, bytes]] = []
        self._screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self._screen)
        self._eof = False
        self._stop = threading.Event()
        master, slave = os.openpty()
        set_window_size(slave, cols, rows)
        self.started_at = time.monotonic()
        try:
            self.process = subprocess.Popen(
                self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=dict(env) if env is not None else {},
                cwd=cwd,
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read_loop, name="ptyterm-reader", daemon=True)
        self._reader.start()

    # -- context manager -------------------------------------------------------

    def __enter__(self) -> PtyTerm:
        """Return the running terminal; :meth:`close` runs on leaving the block."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Stop the program and release the pty."""
        self.close()

    # -- reading -----------------------------------------------------------------

    @property
    def pid(self) -> int:
        """Return the process id of the command (also its process group and session id)."""
        return self.process.pid

    def _read_loop(self) -> None:
        """Read the pty until every holder of its slave side has closed it, or until stopped."""
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
            except (OSError, ValueError):
                break
            if not ready:
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError:
                data = b""
            now = time.monotonic()
            if not data:
                break
            with self._lock:
                self._chunks.append((now, data))
                self._stream.feed(data)
                self._lock.notify_all()
        with self._lock:
            self._eof = True
            self._lock.notify_all()

    def chunks(self) -> list[tuple[float, bytes]]:
        """Return every chunk read so far as ``(monotonic time, bytes)``, oldest first."""
        with self._lock:
            return list(self._chunks)

    def output(self) -> bytes:
        """Return all bytes the program has written so far."""
        with self._lock:
            return b"".join(data for _, data in self._chunks)

    def bytes_between(self, t0: float, t1: float) -> bytes:
        """Return the bytes of the chunks read at monotonic times ``t0 <= t < t1``."""
        with self._lock:
            return b"".join(data for t, data in self._chunks if t0 <= t < t1)

    def bel_times(self) -> list[float]:
        """Return the arrival time of each real bell (BEL not ending an OSC/DCS string).

        A bell's time is the time its chunk was read, within a few milliseconds
        of when the program wrote it.
        """
        chunks = self.chunks()
        data = b"".join(chunk for _, chunk in chunks)
        ends: list[tuple[int, float]] = []
        total = 0
        for t, chunk in chunks:
            total += len(chunk)
            ends.append((total, t))
        times: list[float] = []
        position = 0
        for offset in bel_offsets(data):
            while ends[position][0] <= offset:
                position += 1
            times.append(ends[position][1])
        return times

    def screen_lines(self) -> list[str]:
        """Return the screen as it looks now, one string per row (right-padded)."""
        with self._lock:
            return list(self._screen.display)

    def screen_text(self) -> str:
        """Return the screen as it looks now, rows joined with newlines, trailing blanks cut."""
        return "\n".join(line.rstrip() for line in self.screen_lines())

    # -- waiting -----------------------------------------------------------------

    def wait_until(
        self,
        predicate: Callable[[PtyTerm], bool],
        timeout: float = 10.0,
        what: str = "",
        settle_s: float = SETTLE_S,
    ) -> None:
        """Wait until ``predicate(self)`` holds on a settled screen.

        The predicate is checked after every chunk of output; once it holds, the
        output must also have been quiet for ``settle_s`` seconds (and the
        predicate still hold), so a frame that arrives in several chunks is read
        whole. Raises ``TimeoutError`` with the current screen after ``timeout``.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                now = time.monotonic()
                if predicate(self):
                    quiet = now - self._last_output_at()
                    if quiet >= settle_s or self._eof:
                        return
                    wait = settle_s - quiet
                else:
                    wait = 0.1
                    if self._eof:
                        break
                left = deadline - now
                if left <= 0:
                    break
                self._lock.wait(min(left, wait))
        state = "the program closed the terminal" if self._eof else f"{timeout:g} s passed"
        raise TimeoutError(f"{what or 'condition'} not met: {state}.\n{self.screen_text()}")

    def wait_for_text(self, text: str, timeout: float = 10.0) -> str:
        """Wait until ``text`` is on a settled screen and return the screen text then."""
        self.wait_until(lambda term: text in term.screen_text(), timeout, f"{text!r} on screen")
        return self.screen_text()

    def wait_quiet(self, quiet_s: float = 0.2, timeout: float = 10.0) -> None:
        """Wait until the program has written nothing for ``quiet_s`` seconds."""
        self.wait_until(lambda term: True, timeout, "quiet output", settle_s=quiet_s)

    def _last_output_at(self) -> float:
        """When the last chunk arrived (the start time before any output)."""
        return self._chunks[-1][0] if self._chunks else self.started_at

    def wait_for_bytes(self, data: bytes, timeout: float = 10.0) -> None:
        """Wait until ``data`` appears anywhere in the output so far."""
        self.wait_until(lambda term: data in term.output(), timeout, f"{data!r} in output")

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Wait for the program to exit and its output to be read; return its exit status.

        Negative statuses are signals, as with ``subprocess``. Raises
        ``subprocess.TimeoutExpired`` if it is still running after ``timeout``.
        """
        code = self.process.wait(timeout)
        self._reader.join(timeout=2.0)
        return code

    def is_alive(self) -> bool:
        """Tell whether the program is still running."""
        return self.process.poll() is None

    # -- writing -----------------------------------------------------------------

    def send(self, data: str | bytes) -> None:
        """Type ``data`` into the terminal (use :data:`KEYS` for special keys)."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        while raw:
            written = os.write(self._master, raw)
            raw = raw[written:]

    def send_key(self, name: str) -> None:
        """Press the key called ``name`` in :data:`KEYS`, or type ``name`` itself."""
        self.send(KEYS.get(name, name))

    def resize(self, cols: int, rows: int) -> None:
        """Change the window size, as a terminal emulator does: TIOCSWINSZ, then SIGWINCH.

        The kernel signals the foreground process group when the size changes;
        SIGWINCH is also sent to the program's group in case it is not in front.
        """
        set_window_size(self._master, cols, rows)
        with self._lock:
            self.cols, self.rows = cols, rows
            self._screen.resize(rows, cols)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGWINCH)

    # -- ending ------------------------------------------------------------------

    def hang_up(self) -> None:
        """Close the terminal's side of the pty, as a closed window or a dropped SSH link does.

        The kernel then hangs up the program's terminal: its session leader
        gets SIGHUP, reads return nothing and writes fail. Output is no longer read.
        """
        self._stop.set()
        self._reader.join(timeout=1.0)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the program alone (not its process group)."""
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signum)

    def close(self, grace_s: float = 2.0) -> int | None:
        """Stop the program (SIGTERM to its group, SIGKILL after ``grace_s``); free the pty.

        Safe to call more than once. Returns the exit status, or None if it
        could not be reaped.
        """
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(grace_s)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(grace_s)
        self._reader.join(timeout=1.0)
        self._stop.set()
        self._reader.join(timeout=1.0)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1
        return self.process.poll()

    def _signal_group(self, signum: int) -> None:
        """Signal the program's process group, or the program if the group is gone."""
        try:
            os.killpg(self.pid, signum)
        except (ProcessLookupError, PermissionError):
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signum)
