"""A session after which the symptoms spread: the next start says so, holds doses, offers easier."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from tests.pilot_helpers import ROUTINE_ID, Rig, drive, make_rig
from tests.test_pilot_flow import open_routine, seeded
from tests.test_workout import fresh, play
from unpinch.library.session import CheckIn, SessionRecord, session_to_dict
from unpinch.library.store import Store
from unpinch.library.workout import EasierOffer
from unpinch.tui.screens.checkin import CheckinScreen
from unpinch.tui.screens.heads_up import HeadsUpScreen


def clean_session(before: str | None, after: str | None) -> SessionRecord:
    """A completed session of routine "r" with check-ins saying where the symptoms reached."""
    _, done = play(fresh(), 600)
    return replace(
        done,
        before=CheckIn(5, 2, "", reach=before),
        after=CheckIn(5, 2, "", reach=after),
    )


def test_symptoms_spreading_hold_every_dose_and_offer_the_easier_variants() -> None:
    last = clean_session("thigh", "below_knee")
    workout = fresh(last)
    note = workout.spread_note()
    assert note is not None and "(thigh → below the knee)" in note
    assert workout.build().steps[1].duration_s == 10  # not progressed to 15
    assert workout.flags("a") == []
    assert workout.easier_offers() == [EasierOffer("a", "A", "a-easy", "A-Easy")]


def test_symptoms_drawing_back_or_unanswered_progress_as_usual() -> None:
    for before, after in (("foot", "thigh"), ("thigh", "thigh"), (None, "foot"), ("back", None)):
        workout = fresh(clean_session(before, after))
        assert workout.spread_note() is None
        assert workout.build().steps[1].duration_s == 15


def test_the_next_start_of_the_routine_says_the_symptoms_spread(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    with Store.open(db) as store:
        store.add_session(
            {
                "routine_id": ROUTINE_ID,
                "routine_name": "Pilot routine",
                "started": "2026-11-29T08:00:00+00:00",
                "ended": "2026-11-29T08:20:00+00:00",
                "status": "completed",
                "duration_s": 1200,
                "before": {"leg": 4, "back": 2, "note": "", "reach": "buttock"},
                "after": {"leg": 5, "back": 2, "note": "", "reach": "foot"},
            }
        )
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_routine(pilot, rig)
        assert isinstance(rig.app.screen, HeadsUpScreen)
        said = str(rig.app.screen.query_one("#heads-up-spread", Static).render())
        assert "reached further down the leg (buttock → foot)" in said
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(rig.app.screen, CheckinScreen)

    drive(rig, body)


def test_session_records_keep_the_reach_answers() -> None:
    record = clean_session("thigh", "foot")
    doc = session_to_dict(record)
    assert doc["before"]["reach"] == "thigh" and doc["after"]["reach"] == "foot"
