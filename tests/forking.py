"""Forked children for the kill tests, forked only from a process with a single thread.

A child of ``fork`` has only the thread that forked; a lock another thread
held at that moment (an import lock, a stream's buffer, a lock inside a
library) stays held in the child for ever, and the test then waits on a child
that never speaks. pytest-xdist's workers always run a second thread, so the
tests that fork carry the ``forks`` mark and ``./dev test`` runs them in a
pytest process of their own, without xdist and with signal-based time limits.
:func:`fork` checks this, so a test run the wrong way fails at once instead of
hanging now and then.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

SINGLE_THREAD = (
    "this test forks, which is only safe from a process with one thread; "
    "run it as ./dev test does: pytest -m forks -p no:xdist -o timeout_method=signal"
)


def fork(child: Callable[[int], None]) -> tuple[int, int]:
    """Fork ``child(write_end)``, which never returns into pytest; its pid and the read end."""
    assert threading.active_count() == 1, SINGLE_THREAD
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            child(write_end)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end
