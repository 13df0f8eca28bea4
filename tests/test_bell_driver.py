"""The cue bell written on the UI thread: between whole frames, never waiting, on a real pty.

Frames go through Textual's own output thread, as in the app, into the slave
side of a pty; a reader drains the master side, like a terminal emulator.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import re
import sys
import threading
import time
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pytest
from textual.app import App
from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from unpinch.library.workspace import open_workspace
from unpinch.tui.app import UnpinchApp
from unpinch.tui.bell_driver import BellDriver, SharedTerminal

LINK = "\x1b]8;id=1;https://example.org/\x1b\\"
"""An OSC string like a link in a frame: a BEL inside it would end it early."""
FRAME = re.compile(rb"\x1b\]8;id=1;https://example\.org/\x1b\\x+\x1b\]8;;\x1b\\")


def frame(size: int) -> str:
    """One frame: a link around ``size`` characters, more than one write's worth."""
    return LINK + "x" * size + "\x1b]8;;\x1b\\"


@dataclass
class Pty:
    """A pty whose slave side is the app's terminal file and whose master side is read."""

    master: int
    slave: TextIO
    received: bytearray = field(default_factory=bytearray)
    reading: threading.Event = field(default_factory=threading.Event)

    def drain(self, stop: threading.Event) -> None:
        """Read the master side until told to stop (while ``reading`` is set)."""
        while not stop.is_set():
            if not self.reading.wait(0.05):
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            self.received += chunk


@contextmanager
def pty_pair(read: bool = True) -> Iterator[Pty]:
    """A raw pty with a reader thread on its master side (paused unless ``read``)."""
    master, slave_fd = os.openpty()
    tty.setraw(slave_fd)
    slave = os.fdopen(slave_fd, "w", encoding="utf-8")
    pty = Pty(master, slave)
    if read:
        pty.reading.set()
    stop = threading.Event()
    reader = threading.Thread(target=pty.drain, args=(stop,), daemon=True)
    reader.start()
    try:
        yield pty
    finally:
        stop.set()
        pty.reading.set()
        slave.close()
        reader.join(5)
        os.close(master)


def settle(pty: Pty, size: int) -> None:
    """Wait until the reader has ``size`` bytes (or five seconds)."""
    deadline = time.monotonic() + 5
    while len(pty.received) < size and time.monotonic() < deadline:
        time.sleep(0.01)


def fill(pty: Pty) -> None:
    """Fill the terminal's buffer to the last byte, as a terminal that stopped reading would.

    The kernel moves bytes on to the reading side's buffer in the background,
    freeing room again, so it is full once a byte still does not fit a moment later.
    """
    flags = os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY
    filler = os.open(os.ttyname(pty.slave.fileno()), flags)
    try:
        for _ in range(100):
            for chunk in (b"y" * 4096, b"y"):
                with contextlib.suppress(BlockingIOError):
                    while True:
                        os.write(filler, chunk)
            time.sleep(0.05)
            try:
                os.write(filler, b"y")
            except BlockingIOError:
                return
    finally:
        os.close(filler)
    raise AssertionError("the terminal's buffer never filled up")


def test_every_bell_rung_among_frames_arrives_once_and_frames_stay_whole() -> None:
    frames, size = 60, 20_000
    with pty_pair() as pty:
        terminal = SharedTerminal(pty.slave)
        terminal.open = True
        writer = WriterThread(terminal)  # type: ignore[arg-type]
        writer.start()
        direct = 0
        for _ in range(frames):
            writer.write(frame(size))
            direct += terminal.ring()
            time.sleep(0.001)
        writer.stop()
        expected = frames * len(frame(size).encode()) + direct
        settle(pty, expected)
        left = FRAME.sub(b"", bytes(pty.received))
    assert len(FRAME.findall(bytes(pty.received))) == frames
    assert left == b"\a" * direct
    assert direct > 0, "no bell was written at once"


def ring_within(terminal: SharedTerminal, seconds: float) -> tuple[bool, list[bool]]:
    """Ring on another thread; whether it was still blocked after ``seconds``, and its answer."""
    answer: list[bool] = []
    ringer = threading.Thread(target=lambda: answer.append(terminal.ring()), daemon=True)
    ringer.start()
    ringer.join(seconds)
    return ringer.is_alive(), answer


def test_a_ring_does_not_wait_while_a_frame_is_being_written() -> None:
    with pty_pair(read=False) as pty:
        terminal = SharedTerminal(pty.slave)
        terminal.open = True
        writer = WriterThread(terminal)  # type: ignore[arg-type]
        writer.start()
        writer.write(frame(1_000_000))  # blocks in the write: nobody reads the pty yet
        time.sleep(0.2)
        blocked, answer = ring_within(terminal, 1.0)
        pty.reading.set()
        writer.stop()
    assert not blocked, "ring() waited for the frame being written"
    assert answer == [False]


def test_a_ring_does_not_block_on_a_terminal_that_stopped_reading() -> None:
    with pty_pair(read=False) as pty:
        terminal = SharedTerminal(pty.slave)
        terminal.open = True
        fill(pty)
        blocked, answer = ring_within(terminal, 2.0)
        pty.reading.set()
        time.sleep(0.1)
    assert not blocked, "ring() blocked on a full terminal"
    assert answer == [False]


def test_no_bell_is_written_outside_application_mode() -> None:
    with pty_pair() as pty:
        terminal = SharedTerminal(pty.slave)
        assert terminal.ring() is False
        terminal.open = True
        assert terminal.ring() is True
        settle(pty, 1)
        assert bytes(pty.received) == b"\a"


@pytest.mark.skipif(os.name != "posix", reason="the bell driver is Textual's POSIX driver")
def test_the_app_plays_through_the_bell_driver(tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "unpinch.json")
    try:
        assert UnpinchApp(workspace).driver_class is BellDriver
    finally:
        workspace.close()
    assert issubclass(BellDriver, LinuxDriver)


def test_a_bell_that_cannot_be_written_at_once_is_queued_behind_the_frames() -> None:
    with pty_pair(read=False) as pty:
        driver = BellDriver.__new__(BellDriver)
        driver.terminal = SharedTerminal(pty.slave)
        driver.terminal.open = True
        driver.in_application_mode = True
        queued: list[str] = []
        driver.write = queued.append  # type: ignore[method-assign,assignment]
        fill(pty)
        ringer = threading.Thread(target=driver.ring, daemon=True)
        ringer.start()
        ringer.join(2.0)
        blocked = ringer.is_alive()
        pty.reading.set()
    assert not blocked
    assert queued == ["\a"]


def test_bells_go_straight_out_only_when_the_output_thread_shares_the_terminal() -> None:
    async def build() -> tuple[bool, bool, bool]:
        driver = BellDriver(App[None]())
        before = driver.shares_output()
        driver._writer_thread = WriterThread(driver._file)  # type: ignore[arg-type]  # as Textual does
        shared = driver.shares_output()
        driver._writer_thread = WriterThread(sys.__stderr__)  # type: ignore[arg-type]
        return before, shared, driver.shares_output()

    assert asyncio.run(build()) == (False, True, False)


def test_textuals_output_thread_is_built_on_the_file_the_bell_driver_replaces() -> None:
    source = inspect.getsource(LinuxDriver.start_application_mode)
    assert "WriterThread(self._file)" in source


@pytest.mark.parametrize(("application_mode", "queued"), [(True, ["\a"]), (False, [])])
def test_a_terminal_the_output_thread_does_not_share_gets_its_bells_queued(
    application_mode: bool, queued: list[str]
) -> None:
    with pty_pair() as pty:
        driver = BellDriver.__new__(BellDriver)
        driver.terminal = SharedTerminal(pty.slave)  # open stays False: not shared
        driver.in_application_mode = application_mode
        sent: list[str] = []
        driver.write = sent.append  # type: ignore[method-assign,assignment]
        driver.ring()
        time.sleep(0.1)
        received = bytes(pty.received)
    assert sent == queued
    assert received == b""
