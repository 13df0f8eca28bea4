"""The journal of the session being played: small writes per step, nothing lost to a kill.

Everything runs against real files. Kills are real: forked children SIGKILLed
mid-step, or children that die (``os._exit``) at a chosen write, sync, rename
or delete, so every crash point of a step save and of a fold is reached.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli_helpers import run_cli
from tests.forking import fork
from unpinch.library import journal
from unpinch.library.live import LiveSession
from unpinch.library.session import SessionRecord, session_to_dict
from unpinch.library.store import Store

KILLS = 60
STARTED = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
OLDER = {"id": "older", "started": "2026-02-28T07:00:00+00:00"}
"""The finished session each data file here starts with, the day before."""


def played(index: int, status: str = "interrupted") -> dict[str, Any]:
    """The session at step ``index`` as the player saves it."""
    record = SessionRecord(
        routine_id="gentle",
        routine_name="Gentle",
        started=STARTED,
        ended=STARTED + timedelta(seconds=10 * index),
        status=status,  # type: ignore[arg-type]
        duration_s=10.0 * index,
        exercises=3,
        exercises_completed=0,
        exercises_skipped=0,
        resume_index=index if status == "interrupted" else None,
    )
    return session_to_dict(record)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A data file holding one finished session, in its own private folder."""
    path = tmp_path / "data" / "unpinch.json"
    with Store.open(path) as store:
        store.add_session({**played(3, "completed"), **OLDER})
    return path


def stored(path: Path) -> dict[str, dict[str, Any]]:
    """The sessions the data file itself holds, by id, read as plain JSON (no journal)."""
    if not path.exists():
        return {}
    tables = json.loads(path.read_text())
    return {doc["id"]: doc for doc in tables.get("sessions", {}).values()}


def journal_files(folder: Path) -> list[str]:
    """The journals (and their temporary files) in a folder."""
    return sorted(name for name in os.listdir(folder) if journal.PREFIX in name)


# -- what is written where ---------------------------------------------------------


def test_step_saves_go_to_the_journal_and_the_data_file_is_written_at_start_and_end(
    path: Path,
) -> None:
    with Store.open(path) as store:
        live = LiveSession.claim(store)
        assert live is not None
        assert live.save(played(0)) is None
        after_start = path.stat()
        for index in range(1, 21):
            assert live.save(played(index)) is None
        now = path.stat()
        assert (now.st_ino, now.st_mtime_ns) == (after_start.st_ino, after_start.st_mtime_ns)
        assert stored(path)[live.session_id]["resume_index"] == 0
        assert store.session(live.session_id)["resume_index"] == 20  # type: ignore[index]
        [name] = journal_files(path.parent)
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600
        assert live.save(played(21, "completed")) is None
        live.end()
    assert journal_files(path.parent) == []
    assert stored(path)[live.session_id]["status"] == "completed"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_check_in_saved_after_the_end_goes_to_the_data_file(path: Path) -> None:
    with Store.open(path) as store:
        live = LiveSession.claim(store)
        assert live is not None
        live.save(played(2, "completed"))
        live.end()
        assert live.save({**played(2, "completed"), "after": None}) is None
        assert journal_files(path.parent) == []
        assert live.session_id in stored(path)


# -- SIGKILL during step changes -----------------------------------------------------


def play_until_killed(path: Path, session_id: str, out: int) -> None:
    """In a forked child: save step after step, saying each step once its save returned."""
    store = Store.open(path)
    live = LiveSession.claim(store, session_id)
    assert live is not None
    index = 0
    while True:
        index += 1
        if live.save(played(index)) is None:
            os.write(out, f"{index}\n".encode())


@pytest.mark.forks
def test_sigkill_during_step_changes_loses_no_acknowledged_step(path: Path) -> None:
    """≥ 50 real SIGKILLs at random moments of a step save; the next start folds the journal."""
    rng = random.Random(11)
    passed, steps = 0, []
    for kill in range(KILLS):
        sid = f"k{kill}"
        pid, read_end = fork(lambda out, sid=sid: play_until_killed(path, sid, out))  # type: ignore[misc]
        with os.fdopen(read_end, "rb") as reader:
            acks = [int(reader.readline())]  # the first step is saved: kill during the next ones
            time.sleep(rng.uniform(0, 0.03))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            acks += [int(line) for line in reader.read().split()]
        last = acks[-1]
        Store.open(path).close()  # the next start
        kept = stored(path).get(sid)
        assert kept is not None, f"try {kill}: the session is gone"
        assert kept["resume_index"] >= last, f"try {kill}: step {last} was acknowledged"
        assert journal_files(path.parent) == [], f"try {kill}: the journal was not folded"
        steps.append(last)
        passed += 1
    reached = f"steps {min(steps)}-{max(steps)}"
    print(f"\njournal against SIGKILL: {KILLS} tries, {passed} passed, {reached} acknowledged")
    assert passed == KILLS
    assert "older" in stored(path)


# -- crash points: folding twice is folding once ------------------------------------

CRASHABLE = ("write", "fsync", "replace", "unlink")
"""The calls a save or a fold makes to the disk; a crash point dies just before one of them."""


def die_at(call: int) -> None:
    """From now on in this (child) process, die just before the ``call``-th disk call."""
    count = 0
    for name in CRASHABLE:
        real = getattr(os, name)

        def counted(*args: Any, _real: Any = real) -> Any:
            nonlocal count
            count += 1
            if count == call:
                os._exit(3)
            return _real(*args)

        setattr(os, name, counted)


def play_and_die(path: Path, steps: int, end: bool, call: int | None, out: int) -> None:
    """In a child: play ``steps`` steps (and end) with a crash before disk call ``call``."""
    say = os.write
    store = Store.open(path)
    live = LiveSession.claim(store, "x")
    assert live is not None
    if call is not None:
        die_at(call)
    for index in range(1, steps + 1):
        if live.save(played(index)) is None:
            say(out, f"{index}\n".encode())
    if end:
        live.end()


def in_child(work: Callable[[int], None]) -> list[int]:
    """Run ``work(write_end)`` in a forked child to its end or its crash; its acknowledged steps."""
    pid, read_end = fork(work)
    with os.fdopen(read_end, "rb") as reader:
        acks = [int(line) for line in reader.read().split()]
    os.waitpid(pid, 0)
    return acks


def folded(folder: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """What a folder's data file holds, and its journals, after a start (a fold)."""
    Store.open(folder / "unpinch.json").close()
    return stored(folder / "unpinch.json"), journal_files(folder)


def fold_and_die(path: Path, call: int, out: int) -> None:
    """In a child: start (which folds) with a crash before disk call ``call``."""
    del out
    die_at(call)
    Store.open(path).close()


@pytest.mark.forks
@settings(max_examples=40, deadline=None)
@given(
    steps=st.integers(1, 5),
    end=st.booleans(),
    play_crash=st.none() | st.integers(1, 70),
    fold_crash=st.none() | st.integers(1, 12),
)
def test_after_any_crash_point_folding_twice_is_folding_once_and_no_step_is_lost(
    steps: int, end: bool, play_crash: int | None, fold_crash: int | None
) -> None:
    """A player dies before any disk call of its saves or its end; a fold may die too."""
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "a", Path(tmp) / "b"
        with Store.open(first / "unpinch.json") as store:
            store.add_session({**played(3, "completed"), **OLDER})
        acks = in_child(
            lambda out: play_and_die(first / "unpinch.json", steps, end, play_crash, out)
        )
        shutil.copytree(first, second)
        once = folded(first)
        if fold_crash is not None:
            in_child(lambda out: fold_and_die(second / "unpinch.json", fold_crash, out))
        twice = folded(second)
        assert twice == once
        assert folded(second) == once
        sessions, journals = once
        assert journals == []
        assert "older" in sessions
        if acks:
            assert sessions["x"]["resume_index"] >= acks[-1], (acks, sessions["x"])


# -- two logins ---------------------------------------------------------------------


def play_two_steps_and_wait(path: Path, out: int) -> None:
    """In a child: start a session, reach step 5, say so, and play on until killed."""
    store = Store.open(path)
    live = LiveSession.claim(store, "live")
    assert live is not None
    live.save(played(1))
    live.save(played(5))
    os.write(out, b"playing\n")
    while True:
        time.sleep(60)


@pytest.mark.forks
def test_a_second_login_sees_the_journal_as_live_and_folds_it_once_its_owner_is_gone(
    path: Path,
) -> None:
    pid, read_end = fork(lambda out: play_two_steps_and_wait(path, out))
    with os.fdopen(read_end, "rb") as reader:
        assert reader.readline() == b"playing\n"
        try:
            with Store.open(path) as store:  # a second login starts: nothing is folded
                assert store.session_is_live("live")
                assert LiveSession.claim(store, "live") is None
                newest = store.sessions()[-1]
                assert (newest["id"], newest["resume_index"]) == ("live", 5)
                assert store.session("live")["resume_index"] == 5  # type: ignore[index]
                assert store.last_session_for("gentle")["resume_index"] == 5  # type: ignore[index]
                assert ("gentle", newest["started"]) in store.session_starts()
            listed = json.loads(run_cli("history", "--json", db=path).stdout)
            assert [row["id"] for row in listed] == ["older", "live"]
            assert stored(path)["live"]["resume_index"] == 1
            assert len(journal_files(path.parent)) == 1
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    with Store.open(path) as store:  # the next start after the owner died folds the journal
        assert not store.session_is_live("live")
        assert stored(path)["live"]["resume_index"] == 5
        assert journal_files(path.parent) == []
        assert [s["id"] for s in store.sessions()] == ["older", "live"]
