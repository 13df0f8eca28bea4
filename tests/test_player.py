"""The player against a fake clock: schedule, catch-up, controls, records and the saved session."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.factories import hold, reps
from tests.fakes import FakeClock, catalog, exercise, routine
from unpinch.library.plan import Plan, build_plan
from unpinch.library.player import Cue, Player
from unpinch.library.session import iso_local, resume_index, session_doc, session_status
from unpinch.library.settings import Settings

T0 = 1000.0


def two_exercise_plan() -> Plan:
    """The plan most tests use; its steps and times from the start are.

    0 count-in 0–5 · 1 hold a 5–15 · 2 rest 15–20 · 3 hold a 20–30 ·
    4 rest between 30–40 · 5 reps b left 40–46 · 6 switch 46–51 · 7 reps b right 51–57
    """
    cat = catalog(
        exercise("a", hold(10, reps=2, rest_s=5)),
        exercise("b", reps(3, tempo_s=2.0), sides="each"),
        rest_between_s=10,
    )
    return build_plan(routine(cat), cat, Settings(count_in_s=5, switch_pause_s=5))


EXPECTED = [
    ("tick", 2.0, 0),
    ("tick", 3.0, 0),
    ("tick", 4.0, 0),
    ("start", 5.0, 1),
    ("rest", 15.0, 2),
    ("start", 20.0, 3),
    ("done", 30.0, 3),
    ("rest", 30.0, 4),
    ("start", 40.0, 5),
    ("turn", 41.0, 5),
    ("rep", 42.0, 5),
    ("turn", 43.0, 5),
    ("rep", 44.0, 5),
    ("turn", 45.0, 5),
    ("switch", 46.0, 6),
    ("start", 51.0, 7),
    ("turn", 52.0, 7),
    ("rep", 53.0, 7),
    ("turn", 54.0, 7),
    ("rep", 55.0, 7),
    ("turn", 56.0, 7),
    ("done", 57.0, 7),
    ("complete", 57.0, 7),
]


def status(player: Player) -> str:
    """The status, read through a call so that mypy does not narrow it between controls."""
    return player.status


def rel(cues: list[Cue]) -> list[tuple[str, float, int]]:
    """Cues as (kind, seconds since T0, step) for comparison with EXPECTED."""
    return [(c.kind, c.at - T0, c.step_index) for c in cues]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def player(clock: FakeClock) -> Player:
    p = Player(two_exercise_plan(), clock)
    p.start()
    return p


def test_new_player_is_ready_and_controls_wait_for_start(clock: FakeClock) -> None:
    p = Player(two_exercise_plan(), clock)
    assert p.status == "ready"
    assert p.remaining_s() == 5.0
    assert p.elapsed_in_step() == 0.0
    p.next()
    p.pause()
    assert p.extend(5) == 0.0
    assert (p.status, p.index, p.update()) == ("ready", 0, [])
    p.toggle_pause()
    assert status(p) == "running"
    assert p.started_at == T0


def test_empty_plan_is_refused() -> None:
    with pytest.raises(ValueError, match="no steps"):
        Player(Plan("r", ()))


def test_whole_routine_in_one_jump_gives_every_cue_on_schedule(
    player: Player, clock: FakeClock
) -> None:
    clock.advance(1000)
    assert rel(player.update()) == EXPECTED
    assert player.status == "finished"
    assert player.update() == []


def test_small_steps_and_one_jump_give_identical_cues(player: Player, clock: FakeClock) -> None:
    cues: list[Cue] = []
    for _ in range(60 * 4):
        clock.advance(0.25)
        cues += player.update()
    assert rel(cues) == EXPECTED


def test_every_step_completed_with_its_target_time(player: Player, clock: FakeClock) -> None:
    clock.advance(60)
    player.update()
    records = player.records()
    assert len(records) == 8
    assert all(r.completed and not r.skipped for r in records)
    assert [r.actual_s for r in records] == [r.target_s for r in records]
    assert [r.actual_reps for r in records if r.kind == "reps"] == [3, 3]
    summary = player.summary()
    assert (summary.exercises, summary.exercises_completed, summary.exercises_skipped) == (2, 2, 0)
    assert summary.active_s == 57.0
    assert summary.status == "finished"
    assert player.remaining_s() == 0.0
    assert player.ended_at == T0 + 57


def test_ten_second_jump_mid_routine_keeps_the_schedule(player: Player, clock: FakeClock) -> None:
    clock.advance(7)  # 2 s into the first hold
    assert rel(player.update()) == EXPECTED[:4]
    clock.advance(10)  # to 17: the hold ended at 15, the rest started then
    assert rel(player.update()) == [("rest", 15.0, 2)]
    assert player.index == 2
    assert player.remaining_s() == 3.0
    assert player.records()[1].completed
    assert player.records()[1].actual_s == 10.0
    clock.advance(100)
    assert rel(player.update()) == EXPECTED[5:]


def test_pause_freezes_remaining_and_resume_shifts_the_deadline(
    player: Player, clock: FakeClock
) -> None:
    clock.advance(3)
    player.pause()
    assert player.status == "paused"
    assert player.remaining_s() == 2.0
    clock.advance(100)
    assert rel(player.update()) == [("tick", 2.0, 0), ("tick", 3.0, 0)]
    assert player.remaining_s() == 2.0
    assert player.next_due() is None
    player.resume()
    assert player.remaining_s() == 2.0
    assert player.next_due() == T0 + 104.0  # the last tick, moved by the pause
    clock.advance(2)
    assert rel(player.update()) == [("tick", 104.0, 0), ("start", 105.0, 1)]
    assert player.records()[0].actual_s == 5.0  # the pause is not counted


def test_toggle_pause_flips_between_running_and_paused(player: Player) -> None:
    player.toggle_pause()
    assert player.status == "paused"
    player.toggle_pause()
    assert status(player) == "running"


def test_next_due_points_at_the_next_cue_or_step_change(player: Player, clock: FakeClock) -> None:
    assert player.next_due() == T0 + 2.0
    clock.advance(4.5)
    player.update()
    assert player.next_due() == T0 + 5.0
    clock.advance(1)
    player.update()
    assert player.next_due() == T0 + 15.0
    player.next()  # queued cues are due at once
    assert player.next_due() == clock()


def test_next_skips_and_records_the_step(player: Player, clock: FakeClock) -> None:
    clock.advance(8)  # 3 s into the first hold
    player.update()
    player.next()
    assert rel(player.update()) == [("rest", 8.0, 2)]
    record = player.records()[1]
    assert (record.skipped, record.completed, record.actual_s) == (True, False, 3.0)
    assert player.remaining_s() == 5.0


def test_next_while_paused_stays_paused_on_the_next_step(player: Player, clock: FakeClock) -> None:
    clock.advance(6)
    player.pause()
    player.next()
    assert (player.status, player.index, player.remaining_s()) == ("paused", 2, 5.0)
    clock.advance(30)
    assert player.remaining_s() == 5.0


def test_skipping_the_last_exercise_step_says_done(player: Player, clock: FakeClock) -> None:
    clock.advance(21)
    player.update()
    player.next()
    assert rel(player.update()) == [("done", 21.0, 3), ("rest", 21.0, 4)]


def test_previous_restarts_an_exercise_step_after_its_first_second(
    player: Player, clock: FakeClock
) -> None:
    clock.advance(23)  # 3 s into hold 2
    player.update()
    player.previous()
    assert (player.index, player.remaining_s()) == (3, 10.0)
    assert rel(player.update()) == [("start", 23.0, 3)]
    clock.advance(10)
    player.update()
    assert player.records()[3].actual_s == 13.0


def test_previous_in_a_first_second_goes_to_the_previous_exercise_step(
    player: Player, clock: FakeClock
) -> None:
    clock.advance(20.5)  # half a second into hold 2
    player.update()
    player.previous()
    assert player.index == 1
    clock.advance(100)
    player.update()
    assert player.status == "finished"
    assert not any(r.skipped for r in player.records())


def test_previous_in_a_rest_goes_back_to_the_hold(player: Player, clock: FakeClock) -> None:
    clock.advance(17)
    player.update()
    player.previous()
    assert player.index == 1
    assert not player.records()[2].skipped


def test_previous_with_no_earlier_exercise_restarts(player: Player, clock: FakeClock) -> None:
    clock.advance(3)
    player.previous()
    assert (player.index, player.remaining_s()) == (0, 5.0)


def test_extend_adds_and_removes_time_but_leaves_a_second(player: Player, clock: FakeClock) -> None:
    clock.advance(7)  # hold 1, 8 s left
    player.update()
    assert player.extend(5) == 5.0
    assert player.remaining_s() == 13.0
    assert player.extend(-5) == -5.0
    assert player.extend(-5) == -5.0
    assert player.remaining_s() == 3.0
    assert player.extend(-5) == -2.0
    assert player.remaining_s() == 1.0
    assert player.records()[1].extended_s == -7.0
    clock.advance(1)
    assert rel(player.update()) == [("rest", 8.0, 2)]
    assert player.records()[1].actual_s == 3.0
    assert player.records()[1].completed


def test_extend_below_a_second_never_adds_time(player: Player, clock: FakeClock) -> None:
    clock.advance(4.5)
    assert player.extend(-5) == 0.0
    assert player.remaining_s() == 0.5


def test_extend_a_count_in_restarts_its_countdown(player: Player, clock: FakeClock) -> None:
    clock.advance(4)
    player.extend(5)
    clock.advance(100)
    kinds = [(c.kind, c.at - T0) for c in player.update() if c.kind == "tick"]
    assert kinds == [
        ("tick", 2.0),
        ("tick", 3.0),
        ("tick", 4.0),
        ("tick", 7.0),
        ("tick", 8.0),
        ("tick", 9.0),
    ]


def test_restart_step_starts_again_and_keeps_time_spent(player: Player, clock: FakeClock) -> None:
    clock.advance(9)
    player.restart_step()
    assert (player.index, player.remaining_s(), player.elapsed_in_step()) == (1, 10.0, 0.0)
    clock.advance(10)
    player.update()
    assert player.records()[1].actual_s == 14.0
    assert player.records()[1].completed


def test_mark_hurts_skips_the_rest_of_the_exercise(player: Player, clock: FakeClock) -> None:
    clock.advance(8)
    player.update()
    mark = player.mark_hurts()
    assert mark is not None
    assert (mark.exercise_id, mark.side, mark.step_index, mark.at) == ("a", "both", 1, T0 + 8)
    assert rel(player.update()) == [("done", 8.0, 1), ("rest", 8.0, 4)]
    records = player.records()
    assert [(r.skipped, r.marked) for r in records[1:4]] == [
        (True, True),
        (True, False),
        (True, False),
    ]
    assert player.index == 4
    summary = player.summary()
    assert (summary.exercises_skipped, summary.marks) == (1, (mark,))


def test_mark_in_a_rest_inside_an_exercise_marks_the_hold_just_done(
    player: Player, clock: FakeClock
) -> None:
    clock.advance(16)
    mark = player.mark_hurts()
    assert mark is not None and mark.step_index == 1
    assert player.records()[1].completed and player.records()[1].marked
    assert player.records()[2].skipped and player.records()[3].skipped
    assert player.index == 4


def test_mark_on_a_side_of_the_last_exercise_finishes(player: Player, clock: FakeClock) -> None:
    clock.advance(41)
    player.update()
    mark = player.mark_hurts()
    assert mark is not None and (mark.exercise_id, mark.side) == ("b", "left")
    assert player.status == "finished"
    assert [c.kind for c in player.update()] == ["done", "complete"]
    assert [r.skipped for r in player.records()[5:]] == [True, True, True]


def test_mark_between_exercises_marks_the_last_one_and_keeps_resting(
    player: Player, clock: FakeClock
) -> None:
    clock.advance(32)
    mark = player.mark_hurts()
    assert mark is not None and mark.step_index == 3
    assert player.index == 4
    assert not player.records()[4].skipped


def test_mark_in_the_count_in_does_nothing(player: Player, clock: FakeClock) -> None:
    clock.advance(1)
    assert player.mark_hurts() is None
    assert player.marks() == ()
    assert player.index == 0


def test_stop_keeps_every_record_and_freezes(player: Player, clock: FakeClock) -> None:
    clock.advance(9)
    player.stop()
    assert player.status == "stopped"
    assert player.ended_at == T0 + 9
    clock.advance(100)
    player.update()
    player.next()
    assert (player.status, player.index, player.remaining_s()) == ("stopped", 1, 6.0)
    records = player.records()
    assert len(records) == 8
    assert records[1].actual_s == 4.0
    assert not records[1].completed and not records[1].skipped
    assert player.summary().active_s == 9.0


def test_counted_reps_wait_for_count_rep(clock: FakeClock) -> None:
    cat = catalog(exercise("c", reps(3, counted=True)), exercise("d", hold(5)), rest_between_s=0)
    player = Player(build_plan(routine(cat), cat, Settings(count_in_s=0)), clock)
    player.start()
    clock.advance(500)
    assert rel(player.update()) == [("start", 0.0, 0)]
    assert player.remaining_s() is None
    assert player.next_due() is None
    assert player.extend(5) == 0.0
    assert [player.count_rep(), player.count_rep()] == [1, 2]
    assert player.reps_done() == 2
    assert player.index == 0
    assert player.count_rep() == 3
    assert player.index == 1
    assert rel(player.update()) == [("done", 500.0, 0), ("start", 500.0, 1)]
    assert player.count_rep() == 0
    record = player.records()[0]
    assert (record.actual_reps, record.target_reps, record.completed) == (3, 3, True)
    assert (record.actual_s, record.target_s) == (500.0, None)


def test_paced_reps_count_themselves_from_the_clock(player: Player, clock: FakeClock) -> None:
    clock.advance(43)  # 3 s into a 2 s tempo
    player.update()
    assert player.reps_done() == 1
    assert player.records()[5].actual_reps == 1
    player.next()
    assert player.records()[5].actual_reps == 1


def test_start_from_an_index_resumes(clock: FakeClock) -> None:
    player = Player(two_exercise_plan(), clock)
    player.start(from_index=5)
    assert rel(player.update()) == [("start", 0.0, 5)]
    clock.advance(100)
    player.update()
    assert player.status == "finished"
    assert not player.records()[1].completed


def test_a_resume_with_a_count_in_plays_it_first_then_goes_on_where_it_left_off(
    clock: FakeClock,
) -> None:
    player = Player(two_exercise_plan(), clock)
    count_in = player.plan.steps[0]
    assert count_in.kind == "count_in" and count_in.duration_s
    player.start(from_index=5, count_in=True)
    assert (player.index, player.resume_at) == (0, 5)
    assert resume_index(player) == 5  # cut off during the count-in: it goes on from there
    clock.advance(count_in.duration_s)
    player.update()
    assert (player.index, player.resume_at) == (5, None)
    assert not any(record.completed for record in player.records()[1:5])


def test_skipping_a_resumed_count_in_goes_to_where_it_left_off(clock: FakeClock) -> None:
    player = Player(two_exercise_plan(), clock)
    player.start(from_index=5, count_in=True)
    player.next()
    assert (player.index, player.resume_at) == (5, None)


# -- the saved session --------------------------------------------------------

STARTED = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone(timedelta(hours=2)))


def test_session_doc_of_a_completed_session(player: Player, clock: FakeClock) -> None:
    clock.advance(60)
    player.update()
    doc = session_doc(player.plan, player, "Test routine", STARTED, STARTED + timedelta(seconds=57))
    json.dumps(doc)
    assert "id" not in doc
    assert (doc["routine_id"], doc["routine_name"], doc["status"]) == (
        "r",
        "Test routine",
        "completed",
    )
    assert doc["started"] == iso_local(STARTED)
    assert datetime.fromisoformat(doc["started"]) == STARTED
    assert datetime.fromisoformat(doc["ended"]).utcoffset() is not None
    assert doc["duration_s"] == 57.0
    assert [(s["exercise_id"], s["side"]) for s in doc["steps"]] == [
        ("a", "both"),
        ("a", "both"),
        ("b", "left"),
        ("b", "right"),
    ]
    assert doc["steps"][0] == {
        "exercise_id": "a",
        "side": "both",
        "set_no": 1,
        "rep_no": 1,
        "target_s": 10.0,
        "actual_s": 10.0,
        "extended_s": 0.0,
        "target_reps": None,
        "actual_reps": None,
        "skipped": False,
        "marked": False,
        "completed": True,
    }
    assert doc["marks"] == []
    assert "resume_index" not in doc


def test_session_doc_marks_carry_wall_clock_times(player: Player, clock: FakeClock) -> None:
    clock.advance(8)
    player.mark_hurts()
    player.stop()
    doc = session_doc(player.plan, player, "Test routine", STARTED, STARTED + timedelta(seconds=8))
    assert doc["status"] == "stopped"
    (mark,) = doc["marks"]
    assert (mark["exercise_id"], mark["side"]) == ("a", "both")
    assert datetime.fromisoformat(mark["at"]) == STARTED + timedelta(seconds=8)
    assert doc["steps"][0]["marked"] and doc["steps"][0]["skipped"]
    assert doc["exercises_skipped"] == 1


def test_session_doc_of_an_interrupted_session_says_where_to_resume(
    player: Player, clock: FakeClock
) -> None:
    clock.advance(41)
    player.update()
    assert session_status(player) == "interrupted"
    doc = session_doc(player.plan, player, "Test routine", STARTED, STARTED + timedelta(seconds=41))
    assert (doc["status"], doc["resume_index"]) == ("interrupted", 5)
    assert doc["duration_s"] == 41.0
    assert [s["completed"] for s in doc["steps"]] == [True, True, False, False]


def test_naive_times_are_saved_as_local_with_an_offset() -> None:
    text = iso_local(datetime(2025, 3, 1, 9, 30))
    assert text.startswith("2025-03-01T09:30:00")
    assert datetime.fromisoformat(text).utcoffset() is not None
