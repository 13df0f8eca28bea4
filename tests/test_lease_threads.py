"""A lease beaten on the UI thread while the save thread releases it."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from unpinch.library import lease


@pytest.fixture
def switch_often() -> Iterator[None]:
    """Switch threads after (nearly) every bytecode, so a race shows within a few tries."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_a_heartbeat_racing_the_release_never_fails_nor_writes_after_it(
    tmp_path: Path, switch_often: None
) -> None:
    """The player's heartbeat timer and the end of a workout on the save thread meet at times."""
    errors: list[str] = []
    for attempt in range(100):
        path = tmp_path / f"session-{attempt}.lease"
        held = lease.take(path)
        assert held is not None
        stop = threading.Event()

        def beat(held: lease.Lease = held, stop: threading.Event = stop) -> None:
            try:
                while not stop.is_set():
                    held.beat()
            except Exception as error:
                errors.append(repr(error))

        beating = threading.Thread(target=beat)
        beating.start()
        held.release()
        stop.set()
        beating.join()
        assert not held.held
        assert not path.exists(), "a beat after the release wrote the lease file again"
    assert errors == []
