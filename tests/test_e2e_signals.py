"""End-to-end: a hang-up or SIGTERM mid-hold saves the session as interrupted, and it resumes."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.conftest import Spawn
from tests.e2e_helpers import HOME_TEXT, save_routine, sessions, start_unpinch
from unpinch.library.model import Dose, RoutineItem, Span

pytestmark = pytest.mark.e2e

ROUTINE = "e2e-signals"
ITEMS = (
    RoutineItem("bridge", Dose(reps=Span(1, 1), hold_s=Span(2, 2), rest_s=1)),
    RoutineItem("squat", Dose(reps=Span(1, 1), hold_s=Span(30, 30), rest_s=1)),
)
SETTINGS = {"count_in_s": 1, "switch_pause_s": 1, "first_run_ack": True}
HOLD_INDEX = 3
"""count-in 0, bridge hold 1, rest 2, squat hold 3."""


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_signal_mid_hold_saves_an_interrupted_session_that_resumes(
    spawn: Spawn, tmp_path: Path, e2e_home: Path, signum: int
) -> None:
    db = tmp_path / "unpinch.json"
    save_routine(db, ROUTINE, ITEMS, settings=SETTINGS)
    term = start_unpinch(spawn, db, e2e_home, "--sound", "off", "play", ROUTINE)
    term.wait_until(
        lambda t: "exercise 2 of 2" in t.screen_text() and "REST" not in t.screen_text(),
        timeout=15,
        what="the squat hold",
    )
    time.sleep(1.0)
    sent = time.monotonic()
    term.signal(signum)
    term.wait_exit(5)
    took = time.monotonic() - sent
    print(f"\n{signal.Signals(signum).name}: exited {took:.2f} s after the signal")
    assert took < 3.0

    [saved] = sessions(db)
    assert saved["status"] == "interrupted"
    assert saved["resume_index"] == HOLD_INDEX
    bridge, squat = saved["steps"]
    assert bridge["completed"] and bridge["exercise_id"] == "bridge"
    assert not squat["completed"] and squat["actual_s"] >= 0.5

    again = start_unpinch(spawn, db, e2e_home, "--sound", "off")
    screen = again.wait_for_text("Your last workout was cut off", timeout=15)
    assert "1 of 2 exercises done" in screen
    again.send("r")
    # The resume box itself names the exercise, so wait for the player's own top line.
    screen = again.wait_for_text("exercise 2 of 2", timeout=10)
    assert "Squat" in screen
    again.wait_for_text("Set 1/1 · Hold 1/1", timeout=10)
    again.send("q")
    again.wait_for_text("Stop this workout?", timeout=5)
    again.send("y")
    again.wait_for_text("Workout stopped.", timeout=5)
    again.send_key("enter")
    again.wait_for_text(HOME_TEXT, timeout=5)
    again.send("q")
    assert again.wait_exit(5) == 0
    [resumed] = sessions(db)
    assert resumed["id"] == saved["id"]
    assert resumed["status"] == "stopped"
    assert resumed["steps"][0] == bridge
