"""Pilot tests of the live card at the 80×24 design size, for every exercise in the library.

A caution must stay on screen for as long as its exercise plays, and so must
the current form cue, however long the steps and however many lines (get
ready, a progression note, a hurt flag) sit above the name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.pilot_helpers import (
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    flat,
    make_rig,
    player_of,
    press,
    region_text,
    seed,
)
from unpinch.library.catalog import load_catalog
from unpinch.library.model import Exercise
from unpinch.library.progress import clock
from unpinch.library.store import Store
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.form_cue import FormCue

CATALOG = load_catalog()
LONGEST_HEADING = "Get ready\n11 reps — up from 10 reps\n⚑ hurt last time — go gently"


async def settle(pilot: Pilot[int]) -> None:
    """Wait until the new content has been laid out and drawn."""
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def rig_for(tmp_path: Path, exercises: list[Exercise]) -> Rig:
    """An app that opens a routine of ``exercises`` straight away."""
    db = tmp_path / "unpinch.json"
    seed(db, tuple((e.id, e.dose) for e in exercises))
    return make_rig(db, routine_id=ROUTINE_ID)


def test_every_caution_and_cue_stays_on_screen_at_80x24(tmp_path: Path) -> None:
    exercises = list(CATALOG.exercises.values())
    rig = rig_for(tmp_path, exercises[:1])
    hidden: list[str] = []

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 0.5)
        await press(pilot, "space")  # paused, the player leaves the card to this test
        card = rig.app.screen.query_one(ExerciseCard)
        cue = rig.app.screen.query_one(FormCue)
        for exercise in exercises:
            for heading in ("", LONGEST_HEADING):
                card.show(exercise, heading)
                cue.say(max(exercise.cues, key=len))
                await settle(pilot)
                shown = region_text(rig.app, "#exercise-card")
                wanted = [flat(c) for c in exercise.cautions] + [exercise.name]
                hidden.extend(f"{exercise.id}: {w}" for w in wanted if w not in shown)
                if flat(max(exercise.cues, key=len)) not in region_text(rig.app, "#form-cue"):
                    hidden.append(f"{exercise.id}: cue")

    drive(rig, body)
    assert not hidden, "\n".join(h[:70] for h in hidden)


@pytest.mark.parametrize("keys", [("j",), ("down",), ("pagedown",)])
def test_a_shown_key_pages_the_steps_and_the_caution_stays(
    tmp_path: Path, keys: tuple[str, ...]
) -> None:
    exercise = CATALOG.exercises["hip-rotator-stretch"]
    rig = rig_for(tmp_path, [exercise])
    last_step = flat(exercise.steps[-1])

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3.5)
        before = region_text(rig.app, "#exercise-card")
        assert last_step not in before
        assert "↓ more steps below (↓/j, PgDn)" in before
        for _ in range(4):
            await press(pilot, *keys)
        after = region_text(rig.app, "#exercise-card")
        assert last_step in after
        assert "earlier steps above" in after
        assert flat(exercise.cautions[0]) in after
        assert rig.app.screen.query_one(FormCue).text in region_text(rig.app, "#form-cue")
        await press(pilot, "k", "k", "k", "k", "up", "pageup")
        assert flat(exercise.steps[0]) in region_text(rig.app, "#exercise-card")

    drive(rig, body)


def test_steps_that_fit_show_no_scroll_hint(tmp_path: Path) -> None:
    exercise = CATALOG.exercises["pelvic-tilt"]
    rig = rig_for(tmp_path, [exercise])

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3.5)
        shown = region_text(rig.app, "#exercise-card")
        assert all(flat(step) in shown for step in exercise.steps)
        assert "more steps" not in shown

    drive(rig, body)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
def test_the_top_line_shows_the_whole_routines_progress(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    db = tmp_path / "unpinch.json"
    seed(db)
    with Store.open(db) as store:
        [doc] = [r for r in store.routines() if r["id"] == ROUTINE_ID]
        store.save_routine({**doc, "name": "A very long routine name " * 4})
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 5)
        top = region_text(rig.app, "#player-top")
        plan = player_of(rig.app).plan
        left = plan.total_s - 5
        assert top.startswith("A very long routine name")
        assert top.endswith(f"exercise 1 of 3 · 0:05 done · {clock(left)} left"), top

    drive(rig, body, size=size)


def test_the_next_line_never_parts_a_number_from_its_unit(tmp_path: Path) -> None:
    rig = rig_for(tmp_path, [CATALOG.exercises["in-bed-knee-rocks"]])

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 0.5)
        await settle(pilot)
        region = rig.app.screen.query_one("#timer-next").region
        rows = rig.app.screen._compositor.render_strips()[region.y : region.bottom]
        lines = [strip.crop(region.x, region.right).text.strip() for strip in rows]
        lines = [line for line in lines if line]
        assert lines[0].startswith("Next: In-bed knee rocks")
        assert any(line.endswith("(10 reps)") for line in lines), lines

    drive(rig, body)
