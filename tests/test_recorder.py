"""The session recorder against a real TinyDB file: ordered saves, one id, problems as values."""

from __future__ import annotations

import itertools
import shutil
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from unpinch.library.recorder import MIN_GAP_S, SessionRecorder
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
    assert seen == sorted(set(seen)), "never an older state over a newer one"
    assert seen[-1] == 50.0


def test_a_burst_of_background_saves_is_coalesced_and_spaced(store: Store) -> None:
    """A held-down step key must not rewrite the data file 30 times a second."""
    recorder = SessionRecorder(store)
    recorder.save(state(0))
    writes: list[float] = []
    update = store.update_session

    def counted(session_id: str, doc: Mapping[str, Any]) -> None:
        writes.append(time.monotonic())
        update(session_id, doc)

    store.update_session = counted  # type: ignore[method-assign]
    began = time.monotonic()
    futures = []
    for s in range(1, 31):  # one second of a held key at 30 steps a second
        futures.append(recorder.save_soon(state(s)))
        time.sleep(1 / 30)
    assert all(f.result() is None for f in futures)
    took = time.monotonic() - began
    assert len(writes) <= took / MIN_GAP_S + 2, (len(writes), took)
    gaps = [b - a for a, b in itertools.pairwise(writes)]
    assert all(gap >= MIN_GAP_S * 0.9 for gap in gaps), gaps
    assert recorder.save(state(31)) is None
    recorder.close()
    assert store.sessions()[0]["duration_s"] == 31


def test_save_now_does_not_wait_for_the_gap(store: Store) -> None:
    recorder = SessionRecorder(store)
    recorder.save(state(0))
    recorder.save_soon(state(1))
    began = time.monotonic()
    assert recorder.save(state(2)) is None
    assert time.monotonic() - began < MIN_GAP_S
    recorder.close()
    assert store.sessions()[0]["duration_s"] == 2


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


def test_release_folds_the_journal_on_the_save_thread_after_the_saves(store: Store) -> None:
    """The fold writes the whole data file: it must not run in the caller (the UI loop)."""
    recorder = SessionRecorder(store)
    recorder.save(state(1))
    folded_in: list[str] = []
    release = store.release_session

    def watched(session_id: str, held: Any) -> None:
        folded_in.append(threading.current_thread().name)
        release(session_id, held)

    store.release_session = watched  # type: ignore[method-assign]
    recorder.save_soon(state(2))
    recorder.release()
    recorder.close()
    assert len(folded_in) == 1 and folded_in[0].startswith("save")
    assert store.path is not None
    assert not list(store.path.parent.glob(".*journal*"))
    assert store.sessions()[0]["duration_s"] == 2
    assert recorder.save(state(3)) is None  # after the end, saves go to the data file
    assert store.sessions()[0]["duration_s"] == 3


def test_asking_for_news_never_waits_for_a_save_in_progress(store: Store) -> None:
    """The player asks for news at every wake; a save syncing to disk must not hold it up."""
    recorder = SessionRecorder(store)
    recorder.save(state(0))
    writing, finish = threading.Event(), threading.Event()
    put = store.put_session

    def slow(doc: Mapping[str, Any], writer: str = "", *, saved_before: bool = True) -> Any:
        writing.set()
        finish.wait(5)
        return put(doc, writer, saved_before=saved_before)

    store.put_session = slow  # type: ignore[method-assign]
    saving = recorder.save_soon(state(1))
    assert writing.wait(5)
    began = time.monotonic()
    assert recorder.news() == []
    waited = time.monotonic() - began
    finish.set()
    assert saving.result() is None
    recorder.close()
    assert waited < 1.0, f"news waited {waited:.2f} s for the save"


def test_an_unexpected_error_in_a_save_is_a_problem_and_never_a_wait_for_ever(
    store: Store,
) -> None:
    """The UI waits on ``save``: an error the save thread did not expect must not hang it."""
    recorder = SessionRecorder(store)
    assert recorder.owner is not None
    recorder.save(state(1))

    def broken() -> None:
        raise RuntimeError("the heartbeat broke")

    recorder.owner.lease.beat_if_due = broken  # type: ignore[method-assign]
    answers: list[str | None] = []
    saving = threading.Thread(target=lambda: answers.append(recorder.save(state(2))), daemon=True)
    saving.start()
    saving.join(10)
    assert not saving.is_alive(), "save() is still waiting for the save thread"
    assert answers == ["the heartbeat broke"]
    recorder.owner.lease.beat_if_due = lambda: None  # type: ignore[method-assign]
    assert recorder.save(state(3)) is None  # the save thread still works
    recorder.close()
    assert store.sessions()[0]["duration_s"] == 3


def test_a_cancelled_background_save_never_leaves_a_later_save_waiting(store: Store) -> None:
    """A closing screen cancels its save watchers, then saves at once: the save must return."""
    recorder = SessionRecorder(store)
    recorder.save(state(1))
    watched = recorder.save_soon(state(2))  # waits out the gap after the first save
    assert watched.cancel()
    answers: list[str | None] = []
    saving = threading.Thread(target=lambda: answers.append(recorder.save(state(3))), daemon=True)
    saving.start()
    saving.join(10)
    assert not saving.is_alive(), "save() is still waiting for the save thread"
    assert answers == [None]
    recorder.close()
    assert store.sessions()[0]["duration_s"] == 3
