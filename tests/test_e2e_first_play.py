"""End-to-end: ``unpinch play`` on a fresh data file reads the notice first; ctrl+q asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Spawn
from tests.e2e_helpers import save_routine, sessions, start_unpinch
from unpinch.library.model import Dose, RoutineItem, Span
from unpinch.library.store import Store

pytestmark = pytest.mark.e2e

LONG_ID = "e2e-long"
LONG_ITEMS = (RoutineItem("bridge", Dose(reps=Span(1, 1), hold_s=Span(120, 120))),)
"""A two-minute hold: long enough to be mid-workout whenever ctrl+q arrives."""


def test_play_on_a_fresh_file_shows_the_notice_before_the_player(
    spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = tmp_path / "fresh.json"
    save_routine(db, LONG_ID, LONG_ITEMS, settings={"count_in_s": 1})
    term = start_unpinch(spawn, db, e2e_home, "--sound", "off", "play", LONG_ID)
    term.wait_for_text("Welcome to unpinch")
    assert sessions(db) == []
    term.send_key("enter")
    term.wait_until(lambda t: "Welcome to unpinch" not in t.screen_text(), what="notice gone")
    term.wait_until(lambda t: bool(sessions(db)), what="the workout started")
    term.send_key("ctrl+q")
    term.wait_for_text("Quit unpinch?")
    term.send("y")
    assert term.wait_exit(5) == 0
    with Store.open(db) as store:
        assert store.settings()["first_run_ack"] is True
    assert sessions(db)[0]["status"] == "interrupted"
