"""The store on a bad day: killed writers, broken files, a full disk, a read-only folder.

All against real files; the kill test forks real writer processes and
SIGKILLs them at random moments.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.forking import fork
from unpinch.library.storage import SafeJSONStorage
from unpinch.library.store import SCHEMA_VERSION, Store, StoreError

KILLS = 220
NOTICE = re.compile(
    r"Your data file could not be read \((?P<reason>[^\n]+)\); "
    r"it was moved to (?P<moved>\S+) and a fresh one was started\."
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "unpinch.json"


def temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if ".tmp-" in name]


# -- killed writers --------------------------------------------------------------


def writer(path: Path, out: int, seed: int) -> None:
    """Forever: add a session, report its id, mark it completed, report that (never returns)."""
    rng = random.Random(seed)
    with Store.open(path) as store:
        while True:
            steps = [{"exercise_id": "cat-cow", "actual_reps": rng.randint(0, 9)}] * 3
            doc = {"routine_id": "gentle", "started": "2026-01-01T07:00:00", "steps": steps}
            sid = store.add_session({**doc, "status": "active"})
            os.write(out, f"added {sid}\n".encode())
            store.update_session(sid, {**doc, "status": "completed"})
            os.write(out, f"completed {sid}\n".encode())


def run_and_kill(path: Path, delay_s: float, seed: int) -> list[str]:
    """Fork a writer, SIGKILL it ``delay_s`` after its first returned write, return its lines.

    Waiting for the first write (rather than a fixed time after the fork) makes
    every kill land in the middle of writing however loaded the machine is.
    """
    pid, read_end = fork(lambda out: writer(path, out, seed))
    chunks = [os.read(read_end, 65536)]  # blocks until the first write has returned
    time.sleep(delay_s)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), "the writer stopped by itself: it failed"
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    return b"".join(chunks).decode().splitlines()


@pytest.mark.forks
def test_killing_a_writer_at_random_moments_never_loses_a_returned_write(path: Path) -> None:
    Store.open(path).close()
    rng = random.Random(20261122)
    added: set[str] = set()
    completed: set[str] = set()
    for kill in range(KILLS):
        for line in run_and_kill(path, rng.uniform(0, 0.030), seed=kill):
            what, sid = line.split()
            (added if what == "added" else completed).add(sid)
        json.loads(path.read_text())  # the file on disk always parses as it stands
        with Store.open(path) as store:
            assert store.notice is None
            status = {s["id"]: s["status"] for s in store.sessions()}
        assert added <= status.keys(), f"kill {kill}: a saved session went missing"
        assert all(status[sid] == "completed" for sid in completed), f"kill {kill}: lost update"
        assert temp_files(path.parent) == []
    # Every writer got at least one write in before it was killed, whatever the machine's load.
    assert len(added) >= KILLS and completed, "the writers hardly ever got to write"


def test_temporary_files_of_dead_writers_are_swept_at_open(path: Path) -> None:
    Store.open(path).close()
    orphans = [f".unpinch.json.tmp-{pid}-0badf00d" for pid in (1, 99999, os.getpid())]
    for name in orphans:
        (path.parent / name).write_text('{"half": ')
    keep = [".other.json.tmp-1-0badf00d", "unpinch.json.bak", "notes.txt"]
    for name in keep:
        (path.parent / name).write_text("mine")
    with Store.open(path) as store:
        assert store.sessions() == []
    assert sorted(os.listdir(path.parent)) == sorted([*keep, "unpinch.json"])


def test_opening_in_a_crowded_folder_resolves_the_data_file_once_not_per_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(path).close()
    for number in range(300):
        (path.parent / f"other-{number}.txt").write_text("")
    calls: list[str] = []
    realpath = os.path.realpath

    def counted(name: str) -> str:
        calls.append(name)
        return realpath(name)

    monkeypatch.setattr(os.path, "realpath", counted)
    SafeJSONStorage(path).close()
    assert len(calls) < 10


# -- broken files ----------------------------------------------------------------

BROKEN = {
    "empty": (b"", "line 1: Expecting value"),
    "truncated": (b'{"meta":{"1":{"schema_version":1}},"sessions":{"1":{"id":"a","st', "line 1: "),
    "garbage": (bytes(range(256)) * 4, "not UTF-8"),
    "a list": (b'[{"id": "a"}]', "it holds a JSON array, not an object"),
    "a table that is not an object": (b'{"sessions": [1, 2]}', "table 'sessions'"),
}


@pytest.mark.parametrize("content, reason", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_is_moved_aside_and_a_fresh_store_starts(
    path: Path, content: bytes, reason: str
) -> None:
    path.write_bytes(content)
    with Store.open(path) as store:
        assert store.notice is not None
        match = NOTICE.fullmatch(store.notice)
        assert match, store.notice
        assert reason in match["reason"]
        moved = Path(match["moved"])
        assert moved.parent == path.parent
        assert re.fullmatch(r"unpinch\.json\.broken-\d{8}-\d{6}", moved.name)
        assert moved.read_bytes() == content
        assert store.sessions() == [] and store.schema_version() == SCHEMA_VERSION
        sid = store.add_session({"started": "2026-01-01T07:00:00"})
    with Store.open(path) as store:
        assert store.notice is None
        assert [s["id"] for s in store.sessions()] == [sid]
    assert moved.read_bytes() == content


def test_broken_files_moved_aside_in_the_same_second_keep_distinct_names(path: Path) -> None:
    names = set()
    for content in (b"", b"{", b"[]"):
        path.write_bytes(content)
        with Store.open(path) as store:
            assert store.notice is not None
            match = NOTICE.fullmatch(store.notice)
            assert match
            names.add(match["moved"])
            assert Path(match["moved"]).read_bytes() == content
    assert len(names) == 3


def test_a_file_broken_while_running_is_moved_aside_not_overwritten(path: Path) -> None:
    with Store.open(path) as store:
        store.add_session({"started": "2026-01-01T07:00:00"})
        path.write_bytes(b'{"sessions": {"1": {"id": "cut off')
        assert store.sessions() == []
        assert store.notice is not None
        match = NOTICE.fullmatch(store.notice)
        assert match
        assert Path(match["moved"]).read_bytes() == b'{"sessions": {"1": {"id": "cut off'


def test_a_stock_tinydb_file_with_whitespace_reads_fine(path: Path) -> None:
    v1 = {"meta": {"1": {"schema_version": 1}}, "sessions": {"1": {"id": "a", "started": "x"}}}
    path.write_text(json.dumps(v1, indent=4))
    with Store.open(path) as store:
        assert store.notice is None
        assert store.session("a") == {"id": "a", "started": "x"}


# -- save failures ---------------------------------------------------------------


@contextmanager
def tiny_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """Mount a small tmpfs at ``folder``, or skip (saying why) where mounting is not allowed."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)]
    try:
        result = subprocess.run(mount, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        pytest.skip("no mount command")
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(filler: Path) -> None:
    """Write ``filler`` until the disk is full to the last byte."""
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for chunk in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError as error:
                assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)


def assert_one_line_naming(error: StoreError, path: Path, reason: str) -> None:
    message = str(error)
    assert "\n" not in message
    assert str(path) in message and reason in message, message


def test_a_full_disk_is_a_clear_error_and_the_old_file_stays(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "small", "256k") as folder:
        path = folder / "unpinch.json"
        store = Store.open(path)
        kept = store.add_session({"started": "2026-01-01T07:00:00", "note": "x" * 30_000})
        before = path.read_bytes()
        filler = folder / "filler"
        fill(filler)
        with pytest.raises(StoreError) as caught:
            store.add_session({"started": "2026-01-02T07:00:00", "note": "y" * 30_000})
        assert_one_line_naming(caught.value, path, "No space left on device")
        assert path.read_bytes() == before
        assert temp_files(folder) == []
        assert [s["id"] for s in store.sessions()] == [kept]
        filler.unlink()  # room again: the same store saves normally
        later = store.add_session({"started": "2026-01-03T07:00:00"})
        assert [s["id"] for s in store.sessions()] == [kept, later]
        store.close()


def test_a_read_only_folder_is_a_clear_error_and_the_old_file_stays(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # permissions do not stop root: make the file system read-only
        with tiny_tmpfs(tmp_path / "ro", "256k") as folder:
            check_read_only(folder, "Read-only file system", remount=True)
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        check_read_only(folder, "Permission denied", remount=False)


def check_read_only(folder: Path, reason: str, remount: bool) -> None:
    path = folder / "unpinch.json"
    store = Store.open(path)
    kept = store.add_session({"started": "2026-01-01T07:00:00"})
    before = path.read_bytes()
    if remount:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        with pytest.raises(StoreError) as caught:
            store.add_session({"started": "2026-01-02T07:00:00"})
        assert_one_line_naming(caught.value, path, reason)
        assert path.read_bytes() == before
        assert temp_files(folder) == []
        assert [s["id"] for s in store.sessions()] == [kept]
        with Store.open(path) as reader:  # reading still works
            assert [s["id"] for s in reader.sessions()] == [kept]
    finally:
        store.close()
        if not remount:
            folder.chmod(0o755)


def test_a_data_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("I am a file")
    path = tmp_path / "data" / "unpinch.json"
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert_one_line_naming(caught.value, path.parent, "File exists")


def test_a_data_file_that_is_a_folder_is_a_clear_error(path: Path) -> None:
    path.mkdir()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert_one_line_naming(caught.value, path, "Is a directory")
    assert path.is_dir()


def test_the_storage_alone_writes_atomically_under_tinydb(path: Path) -> None:
    from tinydb import TinyDB

    with TinyDB(path, storage=SafeJSONStorage) as db:
        db.insert({"a": 1})
        db.insert({"b": 2})
    assert json.loads(path.read_text()) == {"_default": {"1": {"a": 1}, "2": {"b": 2}}}
    assert temp_files(path.parent) == []
