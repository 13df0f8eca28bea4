"""The typed session record and its codec: what a played session looks like in the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import hold, reps
from tests.fakes import FakeClock, catalog, exercise, routine
from unpinch.library.model import Dose, Span
from unpinch.library.plan import build_plan
from unpinch.library.player import Player
from unpinch.library.session import (
    CheckIn,
    MarkResult,
    SessionError,
    SessionRecord,
    StepResult,
    check_in_from,
    record_of,
    session_from_dict,
    session_to_dict,
)
from unpinch.library.settings import Settings

STARTED = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone(timedelta(hours=2)))


def played(seconds: float) -> tuple[Player, SessionRecord]:
    """A two-exercise routine played for ``seconds`` on a fake clock, and its record."""
    cat = catalog(exercise("a", hold(10, reps=2, rest_s=5)), exercise("b", reps(3), sides="each"))
    plan = build_plan(routine(cat), cat, Settings(count_in_s=5, switch_pause_s=5))
    clock = FakeClock()
    player = Player(plan, clock)
    player.start()
    clock.advance(seconds)
    player.update()
    return player, record_of(plan, player, "Test routine", STARTED, STARTED)


def test_a_record_of_a_player_round_trips_through_json() -> None:
    player, _ = played(12)
    player.mark_hurts()
    record = record_of(player.plan, player, "Test routine", STARTED, STARTED)
    doc = json.loads(json.dumps(session_to_dict(record)))
    assert session_from_dict(doc) == record
    assert (record.status, record.resume_index) == ("interrupted", player.index)
    assert [(m.exercise_id, m.at) for m in record.marks] == [("a", STARTED + timedelta(seconds=12))]


def test_an_interrupted_record_is_resumable_and_a_finished_one_is_not() -> None:
    _, cut = played(12)
    _, done = played(600)
    assert cut.resumable
    assert (done.status, done.resume_index, done.resumable) == ("completed", None, False)


def test_marked_lists_each_marked_exercise_once_in_order() -> None:
    at = STARTED
    marks = (MarkResult("b", "left", at), MarkResult("a", None, at), MarkResult("b", "right", at))
    record = SessionRecord("r", "R", at, at, "stopped", 1.0, 2, 0, 2, marks=marks)
    assert record.marked == ["b", "a"]


def test_unknown_keys_and_unreadable_check_ins_are_kept_as_they_were() -> None:
    _, record = played(600)
    doc = session_to_dict(record)
    doc.update(before={"leg": "bad"}, after={"leg": 3, "back": 4, "note": "ok"}, device="phone")
    again = session_from_dict(doc)
    assert again.before is None and again.after == CheckIn(3, 4, "ok")
    saved = session_to_dict(again)
    assert (saved["before"], saved["device"]) == ({"leg": "bad"}, "phone")


def test_an_old_session_with_only_the_core_fields_reads_with_defaults() -> None:
    doc = {"routine_id": "r", "started": "2024-03-01T07:00:00", "status": "completed"}
    record = session_from_dict(doc)
    assert (record.routine_name, record.duration_s, record.steps) == ("r", 0.0, ())
    assert record.started.utcoffset() is not None
    assert record.ended == record.started


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": "paused"}, "status"),
        ({"started": "yesterday"}, "started"),
        ({"routine_id": None}, "routine_id"),
        ({"duration_s": "long"}, "duration_s"),
        ({"steps": "none"}, "steps"),
        ({"exercises": True}, "exercises"),
    ],
)
def test_a_session_whose_core_fields_do_not_parse_is_an_error(
    change: dict[str, Any], words: str
) -> None:
    _, record = played(600)
    doc = {**session_to_dict(record), **change}
    with pytest.raises(SessionError, match=words):
        session_from_dict(doc)


def test_broken_targets_are_skipped_and_good_ones_kept() -> None:
    _, record = played(600)
    doc = session_to_dict(record)
    doc["targets"] = {"a": {"hold_s": 20, "reps": 2}, "b": {"hold_s": -5}, "c": "x"}
    assert set(session_from_dict(doc).targets) == {"a"}


def test_check_in_from_a_form_answer() -> None:
    assert check_in_from({"leg": 2, "back": 0, "note": "stiff"}) == CheckIn(2, 0, "stiff")
    assert check_in_from(None) is None
    assert check_in_from({"leg": 11, "back": 0, "note": ""}) is None


# --- any record survives the store's JSON ------------------------------------------

times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda t: t.replace(microsecond=0))
counts = st.integers(min_value=0, max_value=50)
seconds = st.floats(min_value=0, max_value=1e5, allow_nan=False).map(lambda x: round(x, 2))
sides = st.sampled_from(["left", "right", "both", None])
ids = st.from_regex(r"[a-z]{1,8}", fullmatch=True)
steps = st.builds(
    StepResult,
    exercise_id=ids,
    side=sides,
    set_no=counts,
    rep_no=counts,
    target_s=st.none() | seconds,
    actual_s=seconds,
    extended_s=seconds,
    target_reps=st.none() | counts,
    actual_reps=st.none() | counts,
    skipped=st.booleans(),
    marked=st.booleans(),
    completed=st.booleans(),
)
check_ins = st.none() | st.builds(
    CheckIn, st.integers(0, 10), st.integers(0, 10), st.text(max_size=20)
)
doses = st.builds(
    lambda hold, n: Dose(reps=Span(n, n), hold_s=None if hold is None else Span(hold, hold)),
    st.none() | st.integers(1, 600),
    st.integers(1, 200),
)
records = st.builds(
    SessionRecord,
    routine_id=ids,
    routine_name=st.text(min_size=1, max_size=30),
    started=times,
    ended=times,
    status=st.sampled_from(["completed", "stopped", "interrupted"]),
    duration_s=seconds,
    exercises=counts,
    exercises_completed=counts,
    exercises_skipped=counts,
    steps=st.lists(steps, max_size=4).map(tuple),
    marks=st.lists(st.builds(MarkResult, ids, sides, times), max_size=3).map(tuple),
    targets=st.dictionaries(ids, doses, max_size=3),
    swaps=st.dictionaries(ids, ids, max_size=2),
    before=check_ins,
    after=check_ins,
    resume_index=st.none() | counts,
    id=st.none() | ids,
    extra=st.dictionaries(st.sampled_from(["device", "app_version"]), st.text(max_size=5)),
)


@given(records)
def test_any_record_round_trips_through_the_stored_form(record: SessionRecord) -> None:
    doc = json.loads(json.dumps(session_to_dict(record)))
    again = session_from_dict(doc)
    assert again == record
