"""Every thread's stack, written to a file, for a test that hangs.

pytest-timeout ends a test that runs for longer than its timeout and prints
the stacks, but under xdist they go to the crashed worker's stderr, in the
middle of the run's output. When ``UNPINCH_HANG_DIR`` names a folder, each
xdist worker also writes every thread's stack to a file there once a test
has run for :data:`HANG_DUMP_S` seconds, and ``./dev test`` prints those
files after a part of the suite fails, where the end of the output shows them.
"""

from __future__ import annotations

import faulthandler
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

HANG_DUMP_S = float(os.environ.get("UNPINCH_HANG_DUMP_S", "240"))
"""How long a test may run before its stacks are written (under the 300 s timeout)."""

_log: IO[str] | None = None


def hang_log() -> IO[str] | None:
    """This xdist worker's stack file in ``UNPINCH_HANG_DIR``, opened on first use, else None.

    Only xdist workers write one: there the timeout ends the worker, and its
    stacks are lost in the output. The tests that fork run in a process that
    must keep to one thread, and the dump's watchdog would be a second one.
    """
    global _log
    folder = os.environ.get("UNPINCH_HANG_DIR")
    if not folder or "PYTEST_XDIST_WORKER" not in os.environ:
        return None
    if _log is None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        _log = open(Path(folder) / f"stacks-{os.getpid()}.txt", "a", encoding="utf-8")  # noqa: SIM115
    return _log


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Arm the stack dump for one test's setup, call and teardown, then disarm it."""
    log = hang_log()
    if log is None:
        return (yield)
    start = os.fstat(log.fileno()).st_size
    log.write(f"# {item.nodeid} was still running after {HANG_DUMP_S:g} s:\n")
    log.flush()
    header_end = os.fstat(log.fileno()).st_size
    faulthandler.dump_traceback_later(HANG_DUMP_S, file=log)
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()
        if os.fstat(log.fileno()).st_size == header_end:  # no stacks: drop the heading
            os.ftruncate(log.fileno(), start)
