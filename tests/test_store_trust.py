"""Two logins, a lock that cannot be deleted, and a data file that changes under a player.

Everything here runs against real files; ownership is tested with real
processes that are SIGKILLed, and the lock with real processes racing.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.forking import fork
from tests.store_helpers import finish, go, spawn
from unpinch.library.filelock import FileLock
from unpinch.library.live import LiveSession
from unpinch.library.settings import Settings
from unpinch.library.store import RoutineChanged, SessionTaken, Store, revision
from unpinch.library.workspace import open_workspace

KILLS = 50


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "unpinch.json"
    Store.open(path).close()
    return path


def played(index: int, status: str = "interrupted") -> dict[str, object]:
    """A played session's record at step ``index``."""
    doc: dict[str, object] = {"routine_id": "gentle", "started": "2026-03-01T07:00:00+00:00"}
    doc.update(status=status, steps=[], resume_index=index)
    return doc


# -- ownership ---------------------------------------------------------------------


def hold_a_lease_until_killed(path: Path, session_id: str, out: int) -> None:
    """In a forked child: claim the session, save it once, say so, and wait to be killed."""
    store = Store.open(path)
    live = LiveSession.claim(store, session_id)
    assert live is not None
    live.save(played(10))
    os.write(out, b"playing\n")
    while True:
        time.sleep(60)


def fork_player(path: Path, session_id: str) -> int:
    """Fork a child that plays ``session_id`` and return its pid once it is playing."""
    pid, read_end = fork(lambda out: hold_a_lease_until_killed(path, session_id, out))
    with os.fdopen(read_end) as reader:
        assert reader.readline() == "playing\n"
    return pid


@pytest.mark.forks
def test_a_session_played_elsewhere_is_live_until_its_player_is_killed(path: Path) -> None:
    """≥ 50 real SIGKILLs: never offered while alive, always free after."""
    passed = 0
    for kill in range(KILLS):
        sid = f"s{kill}"
        pid = fork_player(path, sid)
        with Store.open(path) as store:
            assert store.session_is_live(sid), f"try {kill}: live session not seen"
            assert LiveSession.claim(store, sid) is None, f"try {kill}: claimed a live session"
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            assert not store.session_is_live(sid), f"try {kill}: a dead owner still counts"
            live = LiveSession.claim(store, sid)
            assert live is not None, f"try {kill}: could not take over from a dead owner"
            assert live.save(played(11)) is None
            live.end()
            assert store.session(sid) is not None
        passed += 1
    print(f"\nlease against SIGKILL: {KILLS} tries, {passed} passed")
    assert passed == KILLS


def test_a_lease_names_its_owner_and_goes_when_released(path: Path) -> None:
    with Store.open(path) as store:
        live = LiveSession.claim(store)
        assert live is not None
        card = json.loads(live.lease.path.read_text())
        assert card["pid"] == os.getpid()
        assert {"host", "boot_id", "heartbeat"} <= card.keys()
        assert stat.S_IMODE(live.lease.path.stat().st_mode) == 0o600
        live.end()
        assert not live.lease.path.exists()
        assert not store.session_is_live(live.session_id)


def test_a_lease_from_another_host_counts_while_its_heartbeat_is_fresh(path: Path) -> None:
    with Store.open(path) as store:
        live = LiveSession.claim(store, "far")
        assert live is not None
        lease_file = live.lease.path
        live.end()
        card = {"pid": 1, "host": "elsewhere.example", "boot_id": "x", "heartbeat": time.time()}
        lease_file.write_text(json.dumps(card))
        assert store.session_is_live("far")
        card["heartbeat"] = time.time() - 600
        lease_file.write_text(json.dumps(card))
        assert not store.session_is_live("far")


def test_progress_never_goes_backwards_between_two_writers(path: Path) -> None:
    with Store.open(path) as a, Store.open(path) as b:
        a.put_session({**played(10), "id": "x"}, writer="A")
        with pytest.raises(SessionTaken):
            b.put_session({**played(3), "id": "x"}, writer="B")
        assert a.session("x")["resume_index"] == 10  # type: ignore[index]
        b.put_session({**played(10, "stopped"), "id": "x"}, writer="B")
        with pytest.raises(SessionTaken):
            a.put_session({**played(11), "id": "x"}, writer="A")
        assert a.session("x")["status"] == "stopped"  # type: ignore[index]


def test_the_same_writer_may_step_back(path: Path) -> None:
    with Store.open(path) as store:
        store.put_session({**played(10), "id": "x"}, writer="A")
        store.put_session({**played(9), "id": "x"}, writer="A")
        assert store.session("x")["resume_index"] == 9  # type: ignore[index]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),
            st.integers(0, 20),
            st.sampled_from(["interrupted", "interrupted", "stopped", "completed"]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_whatever_two_writers_do_a_finish_stays_and_the_step_only_moves_on(
    writes: list[tuple[str, int, str]],
) -> None:
    store = Store.in_memory()
    last: dict[str, object] | None = None
    for writer, index, status in writes:
        try:
            store.put_session({**played(index, status), "id": "x"}, writer=writer)
        except SessionTaken:
            now = store.session("x")
            assert now == last
            continue
        now = store.session("x")
        assert now is not None
        if last is not None and last["writer"] != writer:
            if last["status"] != "interrupted":
                assert now["status"] != "interrupted"
            elif now["status"] == "interrupted":
                assert now["resume_index"] >= last["resume_index"]
        last = now


# -- the lock ------------------------------------------------------------------------


def test_the_store_keeps_no_lock_file_that_could_be_deleted(path: Path) -> None:
    with Store.open(path) as store:
        store.add_session({"started": "2026-01-01T07:00:00"})
        assert sorted(os.listdir(path.parent)) == ["unpinch.json"]


def test_deleting_the_lock_file_during_80_writes_loses_none(path: Path) -> None:
    """Four processes write 80 sessions while a thread keeps deleting the lock file.

    The file an older unpinch locked is recreated and deleted over and over;
    the store locks its folder, which cannot vanish under it.
    """
    stop = threading.Event()
    deleted = 0

    def vandal() -> None:
        nonlocal deleted
        while not stop.is_set():
            lock_file = path.with_name("unpinch.json.lock")  # what an older unpinch locked
            lock_file.touch()
            try:
                lock_file.unlink()
                deleted += 1
            except OSError:
                pass

    children = [spawn("append", path, "20", f"w{n}") for n in range(4)]
    thread = threading.Thread(target=vandal)
    thread.start()
    try:
        for child in children:
            go(child)
        acknowledged = [line for child in children for line in finish(child)]
    finally:
        stop.set()
        thread.join()
    with Store.open(path) as store:
        stored = {s["id"] for s in store.sessions()}
    kept = len(set(acknowledged) & stored)
    print(f"\n80 writes, the lock file deleted {deleted} times: {kept} kept")
    assert len(acknowledged) == 80
    assert set(acknowledged) <= stored


def test_a_lock_file_deleted_after_use_is_never_locked_again(tmp_path: Path) -> None:
    """A cached descriptor of a deleted lock file must not let two holders in at once."""
    lock_path = tmp_path / "x.lock"
    mine = FileLock(lock_path)
    with mine.exclusive():
        pass
    lock_path.unlink()
    holder = spawn("hold-file-lock", lock_path)
    go(holder)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    got = threading.Event()

    def take() -> None:
        with mine.exclusive():
            got.set()

    taker = threading.Thread(target=take)
    taker.start()
    time.sleep(0.3)
    assert not got.is_set(), "locked the deleted file while another process held the new one"
    go(holder)
    taker.join(timeout=10)
    assert got.is_set()
    finish(holder)
    mine.close()


# -- two logins and settings -----------------------------------------------------


def test_settings_changed_in_two_windows_are_both_kept(path: Path) -> None:
    a, b = open_workspace(path), open_workspace(path)
    try:
        a.save_settings(replace(a.settings, count_in_s=12))
        b.save_settings(replace(b.settings, affected_side="right"))
        a.save_settings(replace(a.settings, theme="nord"))
        assert a.settings.affected_side == "right"
    finally:
        a.close()
        b.close()
    with Store.open(path) as store:
        kept = Settings.from_dict(store.settings())
    assert (kept.count_in_s, kept.affected_side, kept.theme) == (12, "right", "nord")


def test_pins_from_two_processes_at_once_are_all_kept(path: Path) -> None:
    children = [spawn("pin", path, "40", tag) for tag in ("left", "right")]
    for child in children:
        go(child)
    pinned = [line for child in children for line in finish(child)]
    with Store.open(path) as store:
        stored = store.get_setting("pinned_doses")
    assert len(pinned) == 80
    assert set(stored) == set(pinned)


def test_a_routine_changed_elsewhere_is_not_overwritten(path: Path) -> None:
    with Store.open(path) as mine, Store.open(path) as theirs:
        mine.save_routine({"id": "r", "name": "One", "items": []})
        opened = revision(mine.routine("r"))
        theirs.save_routine({"id": "r", "name": "Theirs", "items": []})
        with pytest.raises(RoutineChanged) as caught:
            mine.save_routine({"id": "r", "name": "Mine", "items": []}, expected=opened)
        assert caught.value.current is not None and caught.value.current["name"] == "Theirs"
        assert mine.routine("r")["name"] == "Theirs"  # type: ignore[index]
        now = revision(caught.value.current)
        mine.save_routine({"id": "r", "name": "Mine", "items": []}, expected=now)
        assert theirs.routine("r")["name"] == "Mine"  # type: ignore[index]


def test_a_new_routine_whose_id_appeared_meanwhile_is_not_overwritten(path: Path) -> None:
    with Store.open(path) as mine, Store.open(path) as theirs:
        theirs.save_routine({"id": "new", "name": "Theirs", "items": []})
        with pytest.raises(RoutineChanged):
            mine.save_routine({"id": "new", "name": "Mine", "items": []}, expected="")


# -- the data file changes under a player -------------------------------------------


@pytest.fixture
def live(path: Path) -> Iterator[LiveSession]:
    store = Store.open(path)
    session = LiveSession.claim(store)
    assert session is not None
    assert session.save(played(1)) is None
    assert session.news() == []
    yield session
    session.end()
    store.close()


def stored_session(path: Path, session_id: str) -> dict[str, object] | None:
    with Store.open(path) as store:
        return store.session(session_id)


def test_a_deleted_data_file_gets_the_session_back_and_one_line(
    path: Path, live: LiveSession
) -> None:
    path.unlink()
    assert live.save(played(2)) is None
    lines = live.news()
    assert len(lines) == 1 and "deleted" in lines[0] and str(path) in lines[0]
    assert stored_session(path, live.session_id)["resume_index"] == 2  # type: ignore[index]
    assert live.save(played(3)) is None
    assert live.news() == []


def test_a_backup_restored_over_the_file_gets_the_session_back(
    path: Path, live: LiveSession
) -> None:
    backup = path.with_name("backup.json")
    with Store.open(backup) as old:
        old.add_session({"started": "2025-01-01T07:00:00", "id": "old"})
    os.replace(backup, path)
    assert live.save(played(4)) is None
    lines = live.news()
    assert len(lines) == 1 and "no longer held this session" in lines[0]
    with Store.open(path) as store:
        assert {s["id"] for s in store.sessions()} == {"old", live.session_id}


def test_a_hand_edit_typo_is_moved_aside_and_the_session_kept(
    path: Path, live: LiveSession
) -> None:
    path.write_text(path.read_text()[:-5] + "oops")
    assert live.save(played(5)) is None
    lines = live.news()
    assert any("moved to" in line for line in lines)
    assert any("no longer held this session" in line for line in lines)
    assert len(lines) == 2
    assert list(path.parent.glob("unpinch.json.broken-*"))
    assert stored_session(path, live.session_id)["resume_index"] == 5  # type: ignore[index]


def test_a_failed_save_is_a_value_retried_next_time_and_then_told_it_is_safe(
    path: Path, live: LiveSession
) -> None:
    path.unlink()
    path.mkdir()  # whatever is at the path now cannot be read
    first, second = live.save(played(6)), live.save(played(7))
    assert first is not None and "Is a directory" in first
    assert second == first == live.failing
    assert live.news() == []
    path.rmdir()
    assert live.save(played(8)) is None
    assert live.news() == [
        f"The data file {path} was deleted; a new one was made with this session.",
        "The session is saved again.",
    ]
    assert stored_session(path, live.session_id)["resume_index"] == 8  # type: ignore[index]


def test_a_symlinked_data_file_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "real.json"
    Store.open(real).close()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with Store.open(link) as store:
        store.add_session({"started": "2026-01-01T07:00:00", "id": "a"})
        store.set_setting("count_in_s", 9)
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    with Store.open(real) as store:
        assert store.session("a") is not None
        assert store.get_setting("count_in_s") == 9
    assert not [n for n in os.listdir(tmp_path) if n not in ("synced", "link.json")]


def test_the_data_folder_and_its_new_parents_are_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "unpinch.json"
    Store.open(path).close()
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
