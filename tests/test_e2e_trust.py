"""End-to-end: two logins on one data file, and a data file deleted under a playing workout.

Real ``unpinch`` processes in real pseudo-terminals, on a real data file.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import Spawn
from tests.e2e_helpers import HOME_TEXT, save_routine, sessions, start_unpinch, toast_text
from unpinch.library.model import Dose, RoutineItem, Span

pytestmark = pytest.mark.e2e

ROUTINE = "e2e-trust"
ITEMS = (
    RoutineItem("bridge", Dose(reps=Span(1, 1), hold_s=Span(2, 2), rest_s=1)),
    RoutineItem("squat", Dose(reps=Span(1, 1), hold_s=Span(60, 60), rest_s=1)),
)
SETTINGS = {"count_in_s": 1, "switch_pause_s": 1, "first_run_ack": True}
CUT_OFF = "Your last workout was cut off"


def wait_for_the_long_hold(term: object) -> None:
    """Wait until the player is in the squat's long hold (exercise 2 of 2)."""
    term.wait_until(  # type: ignore[attr-defined]
        lambda t: "exercise 2 of 2" in t.screen_text() and "REST" not in t.screen_text(),
        timeout=20,
        what="the squat hold",
    )


def test_a_workout_playing_in_one_login_is_not_offered_in_another(
    spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = tmp_path / "unpinch.json"
    save_routine(db, ROUTINE, ITEMS, settings=SETTINGS)
    login_a = start_unpinch(spawn, db, e2e_home, "--sound", "off", "play", ROUTINE)
    wait_for_the_long_hold(login_a)
    [saved] = sessions(db)
    assert saved["status"] == "interrupted"  # on disk it looks cut off: only the lease says not

    login_b = start_unpinch(spawn, db, e2e_home, "--sound", "off")
    screen = login_b.wait_for_text(HOME_TEXT, timeout=20)
    time.sleep(1.0)
    assert CUT_OFF not in login_b.screen_text(), screen
    login_b.send("q")
    login_b.wait_exit(10)

    login_a.close()  # the first login goes away (its terminal closes)
    login_c = start_unpinch(spawn, db, e2e_home, "--sound", "off")
    login_c.wait_for_text(CUT_OFF, timeout=20)


def test_a_data_file_deleted_mid_workout_gets_the_session_back_with_one_line(
    spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = tmp_path / "unpinch.json"
    save_routine(db, ROUTINE, ITEMS, settings=SETTINGS)
    term = start_unpinch(spawn, db, e2e_home, "--sound", "off", "play", ROUTINE)
    term.wait_until(lambda t: "exercise 1 of 2" in t.screen_text(), timeout=20, what="bridge")
    db.unlink()
    wait_for_the_long_hold(term)  # the step changes on the way: each saves
    term.wait_until(
        lambda t: "was deleted" in toast_text(t.screen_text()), timeout=10, what="the one line"
    )
    assert "Traceback" not in term.screen_text()
    term.send("q")
    term.wait_for_text("Stop this workout?", timeout=10)
    term.send("y")
    time.sleep(1.0)
    assert db.exists()
    [saved] = sessions(db)
    assert saved["routine_id"] == ROUTINE
    assert saved["steps"][0]["completed"] is True
    assert "no session with id" not in term.screen_text()
    assert not list(tmp_path.glob(".unpinch.json.live-*")), "the lease outlived the workout"
