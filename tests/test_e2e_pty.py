"""End-to-end: the installed ``unpinch`` in a real pseudo-terminal, read back through pyte."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.ptyterm import ALT_SCREEN_OFF, ALT_SCREEN_ON
from tests.conftest import Spawn
from tests.e2e_helpers import (
    HOME_TEXT,
    SHORT_ID,
    SHORT_ITEMS,
    SHORT_SETTINGS,
    bell_schedule,
    clock_seconds,
    is_grey,
    planned_cues,
    read_big_clock,
    routine_names,
    routines_json,
    save_routine,
    sessions,
    sgr_colours,
    start_unpinch,
)
from unpinch.library.model import Dose, RoutineItem, Span

pytestmark = pytest.mark.e2e

HOLD_ID = "e2e-hold6"
HOLD_S = 6
REDRAW_LAG_S = 0.35
"""How long after a second ticks over the screen may still show the old value."""


def test_first_start_shows_the_notice_once(spawn: Spawn, tmp_path: Path, e2e_home: Path) -> None:
    fresh = tmp_path / "fresh.json"
    term = start_unpinch(spawn, fresh, e2e_home, "--sound", "off")
    term.wait_for_text("Welcome to unpinch")
    term.send_key("enter")
    term.wait_until(lambda t: "Welcome to unpinch" not in t.screen_text(), what="notice gone")
    term.send("q")
    assert term.wait_exit(5) == 0
    again = start_unpinch(spawn, fresh, e2e_home, "--sound", "off")
    again.wait_for_text(HOME_TEXT)
    time.sleep(0.5)
    assert "Welcome to unpinch" not in again.screen_text()
    again.send("q")
    assert again.wait_exit(5) == 0


def visible_name(name: str) -> str:
    """The part of a routine name that fits in the home list even when it is cut short."""
    return name[:24]


def test_home_lists_routines_and_enter_counts_in_then_the_hold_counts_down(
    spawn: Spawn, db: Path, e2e_home: Path
) -> None:
    save_routine(
        db,
        HOLD_ID,
        [RoutineItem("bridge", Dose(hold_s=Span(HOLD_S, HOLD_S)))],
        settings={"count_in_s": 2},
    )
    names = routine_names(db, e2e_home)
    assert names[-1] == f"Test routine {HOLD_ID}"
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell")
    screen = term.wait_for_text(HOME_TEXT)
    for name in names[:3]:
        assert visible_name(name) in screen

    term.send_key("end")
    term.wait_for_text(f"▎  Test routine {HOLD_ID}")
    term.send_key("enter")
    term.wait_for_text("how do you feel", timeout=5)
    term.send_key("escape")
    screen = term.wait_for_text("GET READY", timeout=5)
    assert f"Test routine {HOLD_ID} · exercise 1 of 1" in screen
    screen = term.wait_for_text("Set 1/1 · Hold 1/1", timeout=5)
    assert "BOTH SIDES" not in screen  # a bridge has no side to show

    samples: list[tuple[float, int]] = []
    until = time.monotonic() + 3.0
    while time.monotonic() < until:
        shown = read_big_clock(term.screen_lines())
        assert shown is not None, term.screen_text()
        samples.append((time.monotonic(), clock_seconds(shown)))
        time.sleep(0.1)
    values = [value for _, value in samples]
    assert values == sorted(values, reverse=True), values
    assert values[0] <= HOLD_S and values[0] - values[-1] >= 2, values
    # The clock shows ceil(end - now): every sample bounds when the hold ends.
    earliest_end = max(t + shown - 1 for t, shown in samples)
    latest_end = min(t + shown + REDRAW_LAG_S for t, shown in samples)
    assert earliest_end <= latest_end, samples


@pytest.mark.parametrize(
    "term_name", ["xterm-256color", "xterm", "screen-256color", "tmux-256color"]
)
def test_starts_on_the_home_screen_in_common_terminals(
    spawn: Spawn, db: Path, e2e_home: Path, term_name: str
) -> None:
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell", term=term_name)
    term.wait_for_text(HOME_TEXT)
    colours = sgr_colours(term.output())
    if term_name.endswith("256color"):
        assert any(not is_grey(c) for c in colours), colours
    else:
        assert not any(c.startswith(("5;", "2;")) for c in colours), colours
    term.send("q")
    assert term.wait_exit(5) == 0


def test_no_color_draws_in_greys_only(spawn: Spawn, db: Path, e2e_home: Path) -> None:
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell", NO_COLOR="1")
    term.wait_for_text(HOME_TEXT)
    term.send_key("enter")
    term.wait_for_text("how do you feel", timeout=5)
    term.send_key("escape")
    term.wait_for_text("GET READY", timeout=5)
    output = term.output()
    # Textual turns every colour grey under NO_COLOR (it still uses 256-colour greys).
    assert b"38;2;" not in output and b"48;2;" not in output
    colours = sgr_colours(output)
    assert colours, "expected some shading even without colour"
    assert all(is_grey(c) for c in colours), sorted(c for c in colours if not is_grey(c))


def test_too_small_window_asks_for_more_room_until_resized(
    spawn: Spawn, db: Path, e2e_home: Path
) -> None:
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell", cols=60, rows=20)
    screen = term.wait_for_text("Make the window at least 80×24")
    assert HOME_TEXT not in screen
    term.resize(80, 24)
    term.wait_until(
        lambda t: HOME_TEXT in t.screen_text() and "Make the window" not in t.screen_text(),
        timeout=5,
        what="the home screen in place of the size message",
    )


def test_q_on_home_quits_and_restores_the_terminal(spawn: Spawn, db: Path, e2e_home: Path) -> None:
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell")
    term.wait_for_text(HOME_TEXT)
    term.send("q")
    assert term.wait_exit(5) == 0
    output = term.output()
    assert ALT_SCREEN_ON in output
    assert output.rfind(ALT_SCREEN_OFF) > output.rfind(ALT_SCREEN_ON)
    assert ALT_SCREEN_OFF in output[-200:]


def test_short_routine_plays_to_the_end_and_is_saved(
    spawn: Spawn, db: Path, e2e_home: Path
) -> None:
    save_routine(db, SHORT_ID, SHORT_ITEMS)
    expected_bells = bell_schedule(planned_cues(db, SHORT_ID))
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell", "play", SHORT_ID)
    screen = term.wait_for_text("Routine complete", timeout=25)
    assert "Exercises completed   2 of 2" in screen
    assert "Saved to your history." in screen
    time.sleep(0.3)
    assert len(term.bel_times()) == len(expected_bells)

    term.send_key("enter")
    term.wait_for_text(HOME_TEXT)
    term.send("q")
    assert term.wait_exit(5) == 0

    (session,) = sessions(db)
    assert session["status"] == "completed"
    assert session["routine_id"] == SHORT_ID
    assert session["exercises_completed"] == 2
    steps = [(s["exercise_id"], s["side"], s["target_s"], s["completed"]) for s in session["steps"]]
    assert steps == [
        ("bridge", "both", 3.0, True),
        ("knee-to-chest", "left", 2.0, True),
        ("knee-to-chest", "right", 2.0, True),
    ]
    for step in session["steps"]:
        assert step["actual_s"] == pytest.approx(step["target_s"], abs=0.3)
        assert not step["skipped"]


def test_play_opens_straight_into_the_routine(spawn: Spawn, db: Path, e2e_home: Path) -> None:
    first = routines_json(db, e2e_home)[0]
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell", "play", str(first["id"]))
    screen = term.wait_for_text("GET READY", timeout=5)
    assert f"{first['name']} · exercise 1 of {len(first['exercises'])}" in screen
    assert HOME_TEXT not in screen
    term.send("q")
    term.wait_for_text("Stop this workout?", timeout=5)
    term.send("y")
    term.wait_for_text("Workout stopped.", timeout=5)
    (session,) = sessions(db)
    assert session["status"] == "stopped"
    assert session["routine_id"] == first["id"]


def test_the_harness_counts_real_bells_only(spawn: Spawn, e2e_home: Path) -> None:
    script = r"printf 'one\a\033]0;title\a\033]2;x\033\\two\a'; sleep 0.3; printf ' three\a'"
    term = spawn(["/bin/sh", "-c", script], env={"PATH": "/usr/bin:/bin"}, cwd=e2e_home)
    assert term.wait_exit(5) == 0
    bells = term.bel_times()
    assert len(bells) == 3
    assert bells[2] - bells[0] >= 0.25
    assert term.screen_text().startswith("onetwo three")


def test_a_paced_rep_shows_its_phases_and_plus_slows_it_in_a_real_terminal(
    spawn: Spawn, db: Path, e2e_home: Path
) -> None:
    items = [RoutineItem("clamshell", Dose(reps=Span(6, 6), tempo_s=3.0))]
    save_routine(db, "e2e-pace", items, settings={**SHORT_SETTINGS, "count_in_s": 0})
    term = start_unpinch(spawn, db, e2e_home, "--sound", "bell", "play", "e2e-pace")
    screen = term.wait_for_text("L I F T", timeout=15)
    assert "3 s a rep" in screen and "+/- Tempo" in screen
    term.wait_for_text("L O W E R", timeout=5)
    term.send("+")
    screen = term.wait_for_text("3.5 s a rep", timeout=5)
    assert "Rep " in screen
