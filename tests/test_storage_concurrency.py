"""Two copies of the app on one data file at once (two SSH logins): nothing may be lost."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.store_helpers import finish, go, spawn
from unpinch.library.store import Store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "unpinch.json"
    Store.open(path).close()
    return path


def test_two_processes_appending_at_once_lose_nothing(path: Path) -> None:
    children = [spawn("append", path, "200", tag) for tag in ("left", "right")]
    for child in children:
        go(child)
    printed = [finish(child) for child in children]
    with Store.open(path) as store:
        sessions = store.sessions()
    ids = [s["id"] for s in sessions]
    assert len(sessions) == 400
    assert len(set(ids)) == 400
    assert set(ids) == set(printed[0]) | set(printed[1])
    for tag in ("left", "right"):
        assert sorted(s["n"] for s in sessions if s["routine_id"] == tag) == list(range(200))


def test_settings_and_sessions_from_two_processes_both_survive(path: Path) -> None:
    children = [spawn("append", path, "100", "gentle"), spawn("settings", path, "100", "key")]
    for child in children:
        go(child)
    added, set_keys = (finish(child) for child in children)
    with Store.open(path) as store:
        assert {s["id"] for s in store.sessions()} == set(added)
        assert store.settings() == {key: int(key.split("-")[1]) for key in set_keys}
        assert len(set_keys) == 100


def test_a_process_running_alongside_sees_the_other_ones_sessions(path: Path) -> None:
    with Store.open(path) as mine:
        mine.add_session({"started": "2026-01-01T06:00:00"})
        assert len(mine.sessions()) == 1
        child = spawn("append", path, "30", "theirs")
        go(child)
        theirs = finish(child)
        mine.add_session({"started": "2026-01-02T06:00:00"})
        ids = {s["id"] for s in mine.sessions()}
    assert set(theirs) <= ids and len(ids) == 32


def test_a_save_waits_while_another_process_holds_the_lock(path: Path) -> None:
    holder = spawn("hold-lock", path)
    go(holder)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    done = threading.Event()

    def save() -> None:
        with Store.open(path) as store:
            store.add_session({"started": "2026-01-01T07:00:00"})
        done.set()

    saver = threading.Thread(target=save)
    saver.start()
    time.sleep(0.3)
    assert not done.is_set(), "saved without the lock"
    go(holder)  # let go of the lock
    saver.join(timeout=10)
    assert done.is_set()
    finish(holder)
    with Store.open(path) as store:
        assert len(store.sessions()) == 1
