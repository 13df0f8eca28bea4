"""Pilot tests of the player screen: a whole routine, the controls, sides, reps and rests.

The routine is a user routine of shipped exercises with short doses (see
``pilot_helpers.DEFAULT_ITEMS``); its plan with the seeded settings is:

    0 count-in 3 s · 1 hold left 4 s · 2 switch 2 s · 3 hold right 4 s · 4 rest 3 s
    5 squat, 3 counted reps · 6 rest 3 s · 7 knee rocks, 3 reps at 2 s
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer

from tests.pilot_helpers import (
    DEFAULT_ITEMS,
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    ROUTINE_NAME,
    WALL_NOW,
    Rig,
    advance,
    counted,
    drive,
    flat,
    hold,
    make_rig,
    notices,
    paced,
    player_of,
    press,
    routine_rows,
    saves_settled,
    screen_text,
    seed,
    sessions,
    widget_text,
)
from unpinch.library.model import Dose
from unpinch.tui.screens.confirm import ConfirmScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.player import PlayerScreen
from unpinch.tui.screens.summary import SummaryScreen
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.hold_timer import HoldTimer, TimerView
from unpinch.tui.widgets.routine_list import RoutineList

NO_COUNT_IN: dict[str, object] = {"count_in_s": 0, "switch_pause_s": 2}


def start(
    tmp_path: Path, items: tuple[tuple[str, Dose], ...] | None = None, **settings: object
) -> Rig:
    """Seed the data file and build an app that opens the pilot routine straight away."""
    db = tmp_path / "unpinch.json"
    seed(db, items or DEFAULT_ITEMS, settings={**DEFAULT_SETTINGS, **settings})
    return make_rig(db, routine_id=ROUTINE_ID)


def view(rig: Rig) -> TimerView:
    """What the hold timer panel shows right now."""
    shown = player_of(rig.app).query_one(HoldTimer).view
    assert shown is not None
    return shown


def remaining(rig: Rig) -> float:
    """Seconds left in the current step, from the player the screen drives."""
    left = player_of(rig.app).player.remaining_s()
    assert left is not None
    return left


def index(rig: Rig) -> int:
    """The index of the step being played."""
    return player_of(rig.app).player.index


# -- a whole routine ----------------------------------------------------------


@dataclass(frozen=True)
class WholeRun:
    """What one play-through of the pilot routine, from home and back, left behind."""

    cues: list[str]
    summary: str
    strip: str
    row: str
    saved: list[dict[str, Any]]


async def play_whole_routine(pilot: Pilot[int], rig: Rig) -> None:
    """From home: highlight the pilot routine, Enter, play it through, go back home."""
    routines = rig.app.screen.query_one(RoutineList)
    await press(pilot, "end")
    assert routines.get_option_at_index(routines.highlighted or 0).id == ROUTINE_ID
    await press(pilot, "enter", "escape")  # Esc skips the check-in before
    assert isinstance(rig.app.screen, PlayerScreen)
    await advance(pilot, rig, 3 + 4 + 2 + 4 + 3, step=1)
    assert player_of(rig.app).player.step.kind == "reps"
    await press(pilot, "space", "space", "space")
    await advance(pilot, rig, 3 + 6, step=1)
    assert isinstance(rig.app.screen, SummaryScreen)
    rig.extra["summary"] = flat(screen_text(rig.app))
    await press(pilot, "enter")
    assert isinstance(rig.app.screen, HomeScreen)
    rig.extra["home"] = flat(widget_text(rig.app, "#history-strip"))
    rig.extra["row"] = routine_rows(rig.app)[ROUTINE_ID]


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory: pytest.TempPathFactory) -> WholeRun:
    """Play the pilot routine once, a second at a time, for the tests below to inspect."""
    db = tmp_path_factory.mktemp("whole") / "unpinch.json"
    seed(db)
    rig = make_rig(db)
    drive(rig, play_whole_routine)
    extra = rig.extra
    return WholeRun(rig.cues.played, extra["summary"], extra["home"], extra["row"], sessions(db))


def test_whole_routine_ends_on_a_summary_with_its_numbers(whole_run: WholeRun) -> None:
    summary = whole_run.summary
    assert "Routine complete — well done." in summary
    assert ROUTINE_NAME in summary
    assert "Time 25 s" in summary
    assert "Exercises completed 3 of 3" in summary
    assert "Skipped 0" in summary
    assert "Marked “this hurts” 0" in summary
    assert "Saved to your history." in summary


def test_whole_routine_sounds_every_cue_in_order(whole_run: WholeRun) -> None:
    assert whole_run.cues == [
        *["tick"] * 3,
        "start",
        "switch",
        "start",
        "done",
        "rest",
        "start",
        "done",
        "rest",
        "start",
        "turn",
        "rep",
        "turn",
        "rep",
        "turn",
        "done",
        "complete",
    ]


def test_whole_routine_is_saved_with_one_record_per_exercise_step(whole_run: WholeRun) -> None:
    [saved] = whole_run.saved
    assert saved["status"] == "completed"
    assert (saved["routine_id"], saved["routine_name"]) == (ROUTINE_ID, ROUTINE_NAME)
    assert saved["duration_s"] == 25.0
    assert (saved["exercises"], saved["exercises_completed"]) == (3, 3)
    assert datetime.fromisoformat(saved["started"]) == WALL_NOW
    keys = [
        "exercise_id",
        "side",
        "target_s",
        "actual_s",
        "target_reps",
        "actual_reps",
        "completed",
        "skipped",
    ]
    rows = [tuple(step[key] for key in keys) for step in saved["steps"]]
    assert rows == [
        ("lower-back-rotation", "left", 4.0, 4.0, None, None, True, False),
        ("lower-back-rotation", "right", 4.0, 4.0, None, None, True, False),
        ("squat", "both", None, 0.0, 3, 3, True, False),
        ("in-bed-knee-rocks", "both", 6.0, 6.0, 3, 3, True, False),
    ]
    assert saved["marks"] == []
    assert "resume_index" not in saved


def test_whole_routine_then_home_shows_it_done_today(whole_run: WholeRun) -> None:
    assert whole_run.row == "Pilot routine 34 s yours · last done today"
    assert whole_run.strip.startswith("Streak: 1 day ✓ Pilot routine · today")


def test_a_started_routine_is_saved_at_once_as_interrupted(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4 + 2 + 4)
        await saves_settled(pilot)  # step saves run on their own thread, spaced apart
        rig.extra["saved"] = rig.app.workspace.store.sessions()

    drive(rig, body)
    [saved] = rig.extra["saved"]
    assert saved["status"] == "interrupted"
    assert saved["resume_index"] == 4
    assert [s["completed"] for s in saved["steps"]] == [True, True, False, False]


def test_a_session_that_cannot_be_saved_is_said_once_and_on_the_summary(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    seed(folder / "unpinch.json")
    rig = make_rig(folder / "unpinch.json", routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        shutil.rmtree(folder)
        folder.write_text("the data folder is gone")  # every later save fails for real
        await advance(pilot, rig, 3 + 4 + 2, step=1)  # three step changes, three saves
        await pilot.pause(0.2)
        rig.extra["notices"] = [n for n in notices(rig.app) if "Could not save" in n]
        await press(pilot, "q", "y")
        rig.extra["saved"] = widget_text(rig.app, "#summary-saved")

    drive(rig, body)
    [notice] = rig.extra["notices"]
    assert notice.startswith("Could not save the session: Could not")
    assert rig.extra["saved"].startswith("Not saved: Could not")


# -- controls -------------------------------------------------------------------


def test_space_pauses_and_resumes_keeping_the_time_left(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        assert remaining(rig) == 3.0
        await press(pilot, "space")
        assert player_of(rig.app).player.status == "paused"
        assert view(rig).state == "PAUSED"
        assert "PAUSED" in screen_text(rig.app)
        rig.clock.advance(30)
        player_of(rig.app).wake()
        await pilot.pause()
        assert remaining(rig) == 3.0
        assert index(rig) == 1
        await press(pilot, "space")
        assert player_of(rig.app).player.status == "running"
        assert player_of(rig.app).player.next_due() == rig.clock() + 3.0
        await advance(pilot, rig, 1)
        assert view(rig).digits == "0:02"
        assert view(rig).state == ""

    drive(rig, body)


def test_n_and_right_arrow_skip_to_the_next_step(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "n")
        assert index(rig) == 1
        assert view(rig).side == "LEFT SIDE"
        await press(pilot, "right")
        assert index(rig) == 2
        assert view(rig).side == "SWITCH SIDES"
        record = player_of(rig.app).player.records()[1]
        assert record.skipped and not record.completed

    drive(rig, body)


def test_p_restarts_a_running_hold_and_left_arrow_goes_back_a_hold(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4 + 2 + 2)
        assert (index(rig), remaining(rig)) == (3, 2.0)
        await press(pilot, "p")
        assert (index(rig), remaining(rig)) == (3, 4.0)
        await press(pilot, "left")
        assert (index(rig), remaining(rig)) == (1, 4.0)
        assert view(rig).side == "LEFT SIDE"

    drive(rig, body)


def test_plus_and_minus_change_the_time_left(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "plus")
        assert remaining(rig) == 8.0
        assert "+5 s" in notices(rig.app)
        assert view(rig).digits == "0:08"
        await press(pilot, "minus")
        assert remaining(rig) == 3.0
        await press(pilot, "minus")
        assert remaining(rig) == 1.0
        assert player_of(rig.app).player.records()[1].extended_s == -2.0

    drive(rig, body)


def test_r_restarts_the_current_step(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 3)
        assert remaining(rig) == 1.0
        await press(pilot, "r")
        assert (index(rig), remaining(rig)) == (1, 4.0)
        await advance(pilot, rig, 3)
        assert index(rig) == 1

    drive(rig, body)


def test_this_hurts_marks_the_exercise_and_moves_on(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "exclamation_mark")
        assert index(rig) == 4
        assert view(rig).side == "REST"
        assert any("Lower back rotation stretch" in n and "hurting" in n for n in notices(rig.app))
        await saves_settled(pilot)
        rig.extra["saved"] = rig.app.workspace.store.sessions()

    drive(rig, body)
    [saved] = rig.extra["saved"]
    assert [(m["exercise_id"], m["side"]) for m in saved["marks"]] == [
        ("lower-back-rotation", "left")
    ]
    left, right = saved["steps"][:2]
    assert left["marked"] and left["skipped"] and left["actual_s"] == 1.0
    assert right["skipped"] and not right["marked"]


def test_q_then_y_stops_saves_as_stopped_and_shows_the_summary(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4 + 2 + 4 + 3)
        await press(pilot, "q")
        assert isinstance(rig.app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert isinstance(rig.app.screen, SummaryScreen)
        rig.extra["summary"] = flat(screen_text(rig.app))
        await press(pilot, "enter")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    assert "Workout stopped." in rig.extra["summary"]
    assert "Exercises completed 1 of 3" in rig.extra["summary"]
    [saved] = sessions(rig.db_path)
    assert saved["status"] == "stopped"
    assert saved["exercises_completed"] == 1
    assert "resume_index" not in saved
    assert [s["completed"] for s in saved["steps"]] == [True, True, False, False]


def test_q_then_n_carries_on(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "q")
        assert player_of(rig.app).player.status == "paused"
        rig.clock.advance(20)
        await press(pilot, "n")
        assert isinstance(rig.app.screen, PlayerScreen)
        assert player_of(rig.app).player.status == "running"
        assert (index(rig), remaining(rig)) == (1, 3.0)
        await advance(pilot, rig, 3)
        assert index(rig) == 2

    drive(rig, body)
    assert sessions(rig.db_path)[0]["status"] == "interrupted"


def test_quitting_mid_workout_keeps_the_progress_so_far(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4 + 2 + 2)
        assert player_of(rig.app).player.index == 3
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert rig.app.return_code == 0

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert saved["status"] == "interrupted"
    assert saved["resume_index"] == 3
    assert saved["steps"][0]["completed"]
    assert saved["duration_s"] == 11.0


# -- sides, reps and rests ---------------------------------------------------------


def test_affected_side_right_plays_right_first_with_a_switch_between(tmp_path: Path) -> None:
    rig = start(tmp_path, affected_side="right")

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3)
        assert view(rig).side == "RIGHT SIDE"
        assert player_of(rig.app).player.step.side == "right"
        assert view(rig).up_next == "Next: left side"
        rig.cues.played.clear()
        await advance(pilot, rig, 4)
        assert view(rig).side == "SWITCH SIDES"
        assert "SWITCH SIDES" in screen_text(rig.app)
        assert rig.cues.played == ["switch"]
        await advance(pilot, rig, 2)
        assert view(rig).side == "LEFT SIDE"
        assert rig.cues.played == ["switch", "start"]

    drive(rig, body)


def test_an_affected_leg_stretch_plays_on_that_leg_only(tmp_path: Path) -> None:
    items = (("seated-ankle-to-chest", hold(4, reps=2, rest_s=2)),)
    rig = start(tmp_path, items, count_in_s=0, affected_side="right")

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert view(rig).side == "RIGHT SIDE ONLY"
        assert "RIGHT SIDE ONLY" in screen_text(rig.app)
        assert view(rig).up_next == "Next: hold 2 of 2"
        await advance(pilot, rig, 4 + 2)
        assert player_of(rig.app).player.step.side == "right"
        assert view(rig).side == "RIGHT SIDE ONLY"
        assert "switch" not in [s.kind for s in player_of(rig.app).player.plan.steps]

    drive(rig, body)


def test_turn_by_turn_sides_change_feet_after_every_hold(tmp_path: Path) -> None:
    items = (("standing-forward-bend", hold(4, reps=2, rest_s=2)),)
    rig = start(tmp_path, items, **NO_COUNT_IN)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert view(rig).side == "LEFT SIDE"
        assert view(rig).up_next == "Next: right side"
        await advance(pilot, rig, 4)
        assert view(rig).side == "SWITCH SIDES"
        await advance(pilot, rig, 2)
        assert view(rig).side == "RIGHT SIDE"
        assert view(rig).up_next == "Next: left side"
        await advance(pilot, rig, 4 + 2)
        assert view(rig).side == "LEFT SIDE"
        assert player_of(rig.app).player.step.rep_no == 2

    drive(rig, body)


def test_paced_reps_sound_a_rep_cue_at_the_tempo(tmp_path: Path) -> None:
    rig = start(tmp_path, (("in-bed-knee-rocks", paced(3, 2.0)),), **NO_COUNT_IN)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert rig.cues.played == ["start"]
        assert view(rig).counter == "Rep 1 of 3 · Set 1/1"
        seen = []
        for _ in range(5):
            await advance(pilot, rig, 1)
            seen.append((rig.cues.played.count("rep"), view(rig).digits))
        assert seen == [(0, "1"), (1, "2"), (1, "2"), (2, "3"), (2, "3")]
        await advance(pilot, rig, 1)
        assert isinstance(rig.app.screen, SummaryScreen)

    drive(rig, body)
    assert rig.cues.played == [
        *("start", "turn", "rep", "turn", "rep", "turn"),
        *("done", "complete"),
    ]


def test_counted_reps_advance_only_on_space(tmp_path: Path) -> None:
    rig = start(tmp_path, (("squat", counted(3)),), **NO_COUNT_IN)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert view(rig).state == "Press space for each rep"
        await advance(pilot, rig, 60, step=10)
        assert (index(rig), player_of(rig.app).player.reps_done()) == (0, 0)
        assert rig.cues.played == ["start"]
        await press(pilot, "space")
        assert view(rig).counter == "Rep 1 of 3 · Set 1/1"
        assert player_of(rig.app).player.status == "running"
        await press(pilot, "space")
        assert view(rig).digits == "2"
        await press(pilot, "space")
        assert isinstance(rig.app.screen, SummaryScreen)

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert saved["steps"][0]["actual_reps"] == 3
    assert saved["status"] == "completed"


def test_rest_between_exercises_shows_rest_and_the_next_exercise(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4 + 2 + 4)
        assert view(rig).side == "REST"
        assert view(rig).up_next == "Next: Squat (3 reps)"
        card = player_of(rig.app).query_one(ExerciseCard)
        assert card.shown == ("squat", "Up next")
        assert widget_text(rig.app, "#card-head").startswith("Up next\nSquat\n")
        text = screen_text(rig.app)
        assert "REST" in text
        assert "Squat" in text
        assert "exercise 2 of 3" in text

    drive(rig, body)


def test_rest_between_holds_shows_rest_and_the_same_exercise(tmp_path: Path) -> None:
    items = (("lower-back-rotation", hold(3, reps=2, rest_s=2)),)
    rig = start(tmp_path, items, **NO_COUNT_IN)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3)
        assert view(rig).side == "REST"
        assert view(rig).up_next == "Next: hold 2 of 2"
        assert player_of(rig.app).query_one(ExerciseCard).shown == (
            "lower-back-rotation",
            "Rest",
        )
        assert rig.cues.played == ["start", "rest"]

    drive(rig, body)


# -- redraws -------------------------------------------------------------------------


def test_a_hold_second_leaves_the_footer_alone(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 0.5)
        footer = player_of(rig.app).query_one(Footer)
        before = list(footer.children)
        await advance(pilot, rig, 1)
        assert view(rig).digits == "0:03"
        after = list(footer.children)
        assert len(after) == len(before) > 0
        assert all(new is old for new, old in zip(after, before, strict=True))

    drive(rig, body)
