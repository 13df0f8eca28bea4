"""The session recorder against a real TinyDB file: ordered saves, one id, problems as values."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from unpinch.library.recorder import SessionRecorder
from unpinch.library.session import SessionRecord, session_to_dict
from unpinch.library.store import Store

STARTED = datetime(2025, 3, 1, 9, 0, 0, tzinfo=UTC)


def state(seconds: float) -> SessionRecord:
    """The session after ``seconds`` of play: duration and end move on."""
    return SessionRecord(
        routine_id="r",
        routine_name="Routine",
        started=STARTED,
        ended=STARTED + timedelta(seconds=seconds),
        status="interrupted",
        duration_s=seconds,
        exercises=3,
        exercises_completed=0,
        exercises_skipped=0,
        resume_index=1,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store on a real file in its own folder."""
    opened = Store.open(tmp_path / "data" / "unpinch.json")
    yield opened
    opened.close()


def test_the_first_save_adds_the_session_and_later_ones_update_it(store: Store) -> None:
    recorder = SessionRecorder(store)
    assert recorder.save(state(1)) is None
    first_id = recorder.session_id
    for seconds in range(2, 30):
        recorder.save_soon(state(seconds))
    assert recorder.save(state(30)) is None
    recorder.close()
    (saved,) = store.sessions()
    assert saved["id"] == first_id
    assert saved["duration_s"] == 30


def test_background_saves_land_in_the_order_given(store: Store) -> None:
    recorder = SessionRecorder(store)
    recorder.save(state(0))
    seen: list[float] = []
    put = store.put_session

    def watched(doc: Mapping[str, Any], writer: str = "", *, saved_before: bool = True) -> None:
        seen.append(float(str(doc["duration_s"])))
        assert threading.current_thread() is not threading.main_thread()
        put(doc, writer, saved_before=saved_before)

    store.put_session = watched  # type: ignore[method-assign]
    futures = [recorder.save_soon(state(s)) for s in range(1, 51)]
    assert [f.result() for f in futures] == [None] * 50
    recorder.close()
    assert seen == [float(s) for s in range(1, 51)]


def test_a_resumed_session_keeps_its_stored_id(store: Store) -> None:
    old_id = store.add_session(session_to_dict(state(5)))
    recorder = SessionRecorder(store, old_id)
    recorder.save(replace(state(9), status="completed", resume_index=None))
    recorder.close()
    (saved,) = store.sessions()
    assert (saved["id"], saved["status"], saved["duration_s"]) == (old_id, "completed", 9)
    assert "resume_index" not in saved


def test_a_failed_save_is_a_value_said_once(store: Store, tmp_path: Path) -> None:
    recorder = SessionRecorder(store)
    recorder.save(state(1))
    folder = tmp_path / "data"
    shutil.rmtree(folder)
    folder.write_text("the data folder is gone")  # every later save fails for real
    problem = recorder.save_soon(state(2)).result()
    assert problem is not None and "Could not" in problem
    assert recorder.save(state(3)) is not None
    assert recorder.problem == problem
    assert recorder.unreported() == problem
    assert recorder.unreported() is None
    recorder.close()


def test_saves_after_close_happen_at_once_in_the_caller(store: Store) -> None:
    recorder = SessionRecorder(store)
    recorder.save(state(1))
    recorder.close()
    assert recorder.save(state(2)) is None
    assert recorder.save_soon(state(3)).result() is None
    assert store.sessions()[0]["duration_s"] == 3
