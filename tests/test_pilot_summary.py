"""The summary says what happened, from the whole record; the resume offer names the step."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import (
    Rig,
    advance,
    drive,
    flat,
    make_rig,
    modal_text,
    press,
    screen_text,
    sessions,
)
from tests.test_pilot_flow import TWO_HOLDS, interrupted, seeded
from unpinch.tui.screens.resume import ResumeScreen
from unpinch.tui.screens.summary import SummaryScreen


def summary_after(rig: Rig, moves: list[str | float]) -> str:
    """Play: numbers advance the clock, strings are keys; return the summary's text."""

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        for move in moves:
            if isinstance(move, str):
                await press(pilot, move)
            else:
                await advance(pilot, rig, move)
        assert isinstance(rig.app.screen, SummaryScreen)
        rig.extra["text"] = flat(screen_text(rig.app))

    drive(rig, body)
    return str(rig.extra["text"])


def test_after_a_resume_the_summary_counts_what_was_done_before_the_drop(tmp_path: Path) -> None:
    db = seeded(tmp_path, TWO_HOLDS, rest_between_s=2)
    interrupted(db)
    text = summary_after(make_rig(db), ["r", 3, 4])  # the count-in, then the hold
    [saved] = sessions(db)
    assert saved["exercises_completed"] == 2
    assert "Exercises completed 2 of 2" in text, text
    assert f"Time {round(saved['duration_s'])} s" in text, text
    assert "Routine complete — well done." in text


def test_a_stopped_workout_says_how_far_it_got(tmp_path: Path) -> None:
    db = seeded(tmp_path, TWO_HOLDS, rest_between_s=2)
    text = summary_after(make_rig(db, routine_id="pilot-routine"), [3 + 4 + 1, "q", "y"])
    assert "well done" not in text
    assert "Workout stopped. 1 of 2 exercises done." in text, text


def test_a_routine_skipped_to_its_end_is_not_called_complete(tmp_path: Path) -> None:
    db = seeded(tmp_path, TWO_HOLDS, rest_between_s=2)
    text = summary_after(make_rig(db, routine_id="pilot-routine"), [3.5, "n", "n", "n"])
    assert "well done" not in text
    assert "Finished: 0 of 2 exercises done, 2 skipped." in text, text


def test_the_resume_offer_names_the_exercise_it_stopped_at(tmp_path: Path) -> None:
    db = seeded(tmp_path, TWO_HOLDS, rest_between_s=2)
    interrupted(db)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, ResumeScreen)
        rig.extra["text"] = modal_text(rig.app)

    drive(rig, body)
    assert "It stopped at: Squat — " in str(rig.extra["text"]), rig.extra["text"]
