"""Pilot tests of the flow around a workout: check-ins, marks, easier variants, progression,
pins, resuming an interrupted session, the safety page and the first-run notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.pilot_helpers import (
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    flat,
    hold,
    make_rig,
    modal_text,
    notices,
    player_of,
    press,
    screen_text,
    seed,
    sessions,
    widget_text,
)
from unpinch.library.catalog import load_catalog
from unpinch.library.model import Dose, Span
from unpinch.library.progression import PINS_KEY
from unpinch.library.store import Store
from unpinch.tui.screens.checkin import CheckinScreen
from unpinch.tui.screens.first_run import FIRST_RUN_TEXT, FirstRunScreen
from unpinch.tui.screens.heads_up import HeadsUpScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.player import PlayerScreen
from unpinch.tui.screens.resume import ResumeScreen
from unpinch.tui.screens.safety import SafetyPage, SafetyScreen, safety_text
from unpinch.tui.screens.summary import SummaryScreen

ACK = {"count_in_s": 3, "switch_pause_s": 2, "first_run_ack": True}
ONE_HOLD = (("bridge", hold(4, rest_s=2)),)


def seeded(tmp_path: Path, items: Any = ONE_HOLD, **settings: Any) -> Path:
    db = tmp_path / "unpinch.json"
    seed(db, items, {**ACK, **settings})
    return db


async def open_routine(pilot: Pilot[int], rig: Rig) -> None:
    """From home, highlight the pilot routine (the last one) and press Enter."""
    await press(pilot, "end", "enter")
    await pilot.pause()


def test_first_run_notice_is_shown_once_and_remembered(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, FirstRunScreen)
        text = modal_text(rig.app)
        assert "doctor or physiotherapist" in text
        assert "further down your leg" in text
        await press(pilot, "enter")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    with Store.open(db) as store:
        assert store.get_setting("first_run_ack") is True
    again = make_rig(db)

    async def second(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, HomeScreen)

    drive(again, second)


def test_play_from_the_command_line_skips_the_first_run_notice(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, ONE_HOLD)
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, PlayerScreen)

    drive(rig, body)


def test_safety_screen_lists_warning_signs_and_the_avoid_list_with_sources(
    tmp_path: Path,
) -> None:
    rig = make_rig(seeded(tmp_path))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "i")
        assert isinstance(rig.app.screen, SafetyScreen)
        text = flat(str(rig.app.screen.query_one(SafetyPage).render()))
        for sign in ("Weakness in a leg", "bladder or bowels", "groin", "fever", "fall"):
            assert sign in text, sign
        catalog = rig.app.workspace.catalog
        for avoid in catalog.avoid:
            assert avoid.name in text
        assert catalog.sources["sciatica-exercises"].title in text
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)


def test_safety_page_sends_nerve_warning_signs_to_emergency_care_and_cites_the_guideline() -> None:
    text = flat(str(safety_text(load_catalog())))
    emergency, rest = text.split("See a doctor within days", 1)
    assert "Go to emergency care today" in emergency
    for sign in (
        "bladder or bowels",
        "saddle area",
        "back passage",
        "sexual function",
        "both legs",
    ):
        assert sign in emergency, sign
    for sign in ("cancer", "weight loss", "unrelenting at night", "fever"):
        assert sign in rest, sign
    assert "straight away" not in text
    assert 'NICE guideline NG59, "Low back pain and sciatica in over 16s' in text


def test_first_run_notice_names_the_same_day_emergency_signs() -> None:
    text = flat(FIRST_RUN_TEXT)
    assert "emergency care the same day" in text
    for sign in ("bladder or bowel", "back passage", "both legs", "NG59"):
        assert sign in text, sign


def test_checkin_before_is_filled_with_digits_and_saved(tmp_path: Path) -> None:
    rig = make_rig(seeded(tmp_path))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_routine(pilot, rig)
        assert isinstance(rig.app.screen, CheckinScreen)
        await press(pilot, "6", "right", "3", "3", "l", "s", "o", "r", "e", "enter")
        assert isinstance(rig.app.screen, PlayerScreen)

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert saved["before"] == {
        "leg": 6,
        "back": 3,
        "note": "sore",
        "reach": "thigh",
        "reach_leg": "left",
    }
    assert "after" not in saved


def test_a_half_filled_checkin_saves_the_blank_answers_as_not_answered(tmp_path: Path) -> None:
    rig = make_rig(seeded(tmp_path))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_routine(pilot, rig)
        await press(pilot, "5", "enter")
        assert isinstance(rig.app.screen, PlayerScreen)

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert saved["before"] == {
        "leg": 5,
        "back": None,
        "note": "",
        "reach": None,
        "reach_leg": None,
    }


def test_where_the_pain_reaches_is_one_key_and_arrows_move_it(tmp_path: Path) -> None:
    rig = make_rig(seeded(tmp_path))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_routine(pilot, rig)
        await press(pilot, "tab", "tab", "5")
        await press(pilot, "shift+tab", "left", "left", "tab", "b", "enter")
        assert isinstance(rig.app.screen, PlayerScreen)

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert saved["before"]["reach"] == "thigh"
    assert saved["before"]["reach_leg"] == "both"
    assert saved["before"]["leg"] is None and saved["before"]["back"] is None


def test_checkin_before_is_skipped_with_escape(tmp_path: Path) -> None:
    rig = make_rig(seeded(tmp_path))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_routine(pilot, rig)
        await press(pilot, "left", "left", "escape")
        assert isinstance(rig.app.screen, PlayerScreen)

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert "before" not in saved


def test_checkin_after_on_the_summary_is_saved_with_the_session(tmp_path: Path) -> None:
    rig = make_rig(seeded(tmp_path), routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4)
        assert isinstance(rig.app.screen, SummaryScreen)
        assert "How do you feel now?" in screen_text(rig.app)
        await press(pilot, "2", "1", "enter")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert saved["status"] == "completed"
    assert saved["after"] == {"leg": 2, "back": 1, "note": "", "reach": None, "reach_leg": None}


def test_summary_enter_without_answers_saves_no_checkin(tmp_path: Path) -> None:
    rig = make_rig(seeded(tmp_path), routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4)
        await press(pilot, "enter")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    [saved] = sessions(rig.db_path)
    assert "after" not in saved


def past(marks: list[str], targets: dict[str, Any] | None = None) -> dict[str, Any]:
    """A finished session of the pilot routine from the day before, with marks."""
    return {
        "routine_id": ROUTINE_ID,
        "routine_name": "Pilot routine",
        "started": "2026-11-21T08:00:00+01:00",
        "ended": "2026-11-21T08:10:00+01:00",
        "status": "completed",
        "duration_s": 60.0,
        "steps": [],
        "marks": [
            {"exercise_id": m, "side": "both", "at": "2026-11-21T08:05:00+01:00"} for m in marks
        ],
        "targets": targets or {},
    }


def add_session(db: Path, doc: dict[str, Any]) -> None:
    with Store.open(db) as store:
        store.add_session(doc)


def test_marks_from_the_last_session_show_in_the_preview_and_on_the_card(tmp_path: Path) -> None:
    db = seeded(tmp_path, (("squat", hold(4, rest_s=2)), ("bridge", hold(4, rest_s=2))))
    add_session(db, past(["bridge"]))
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "end")
        preview = flat(widget_text(rig.app, "#preview-body"))
        assert "Bridge — 4 s ⚑ hurt last time" in preview
        assert "Squat — 4 s" in preview and "Squat — 4 s ⚑" not in preview
        await press(pilot, "enter")
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, PlayerScreen)
        await advance(pilot, rig, 3 + 4 + 3)
        assert "⚑ hurt last time — go gently" in screen_text(rig.app)

    drive(rig, body)


def test_an_easier_variant_is_offered_and_used_for_this_session_only(tmp_path: Path) -> None:
    db = seeded(tmp_path, (("plank", hold(4, rest_s=2)),))
    add_session(db, past(["plank"]))
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, HeadsUpScreen)
        text = modal_text(rig.app)
        assert "“Plank” hurt last time" in text and "instead this time? y/n" in text
        await press(pilot, "y")
        assert isinstance(rig.app.screen, PlayerScreen)
        assert player_of(rig.app).plan.steps[1].exercise_id == "knee-plank"

    drive(rig, body)
    saved = sessions(db)[-1]
    assert saved["swaps"] == {"plank": "knee-plank"}
    assert saved["steps"][0]["exercise_id"] == "knee-plank"
    assert rig.app.workspace.catalog.routines[ROUTINE_ID].items[0].exercise_id == "plank"


def test_declining_the_easier_variant_keeps_the_plan(tmp_path: Path) -> None:
    db = seeded(tmp_path, (("plank", hold(4, rest_s=2)),))
    add_session(db, past(["plank"]))
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "n")
        assert player_of(rig.app).plan.steps[1].exercise_id == "plank"

    drive(rig, body)
    assert "swaps" not in sessions(db)[-1]


RANGED = Dose(reps=Span(1, 1), hold_s=Span(10, 30), rest_s=2)


def test_progression_note_is_shown_and_targets_are_saved(tmp_path: Path) -> None:
    db = seeded(tmp_path, (("bridge", RANGED),))
    last = {"bridge": {"hold_s": 15, "reps": 1, "sets": 1, "rest_s": 2}}
    add_session(
        db,
        {
            **past([], last),
            "steps": [
                {
                    "exercise_id": "bridge",
                    "side": "both",
                    "completed": True,
                    "marked": False,
                    "skipped": False,
                }
            ],
        },
    )
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.pause()
        assert "Hold 20 s — up from 15 s" in screen_text(rig.app)
        assert player_of(rig.app).plan.steps[1].duration_s == 20

    drive(rig, body)
    saved = sessions(db)[-1]
    assert saved["targets"]["bridge"]["hold_s"] == 20


def test_p_pins_the_current_dose_and_again_unpins_it(tmp_path: Path) -> None:
    db = seeded(tmp_path, (("bridge", RANGED),))
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        await press(pilot, "P")
        assert any("Pinned “Bridge”" in n for n in notices(rig.app))
        rig.extra["pins"] = rig.app.workspace.store.get_setting(PINS_KEY)
        await press(pilot, "P")
        rig.extra["after"] = rig.app.workspace.store.get_setting(PINS_KEY)

    drive(rig, body)
    assert rig.extra["pins"]["bridge"]["hold_s"] == 10
    assert rig.extra["after"] == {}


def interrupted(db: Path) -> dict[str, Any]:
    """Play the two-hold pilot routine into its second hold, then close the app."""
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 4 + 2 + 1)
        rig.extra["index"] = player_of(rig.app).player.index

    drive(rig, body)
    [saved] = sessions(db)
    assert saved["status"] == "interrupted"
    assert saved["resume_index"] == rig.extra["index"] == 3
    return saved


TWO_HOLDS = (("bridge", hold(4, rest_s=2)), ("squat", hold(4, rest_s=2)))


def test_resume_continues_the_same_session_from_its_step(tmp_path: Path) -> None:
    db = seeded(tmp_path, TWO_HOLDS, rest_between_s=2)
    old = interrupted(db)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, ResumeScreen)
        assert "It stopped at:" in modal_text(rig.app)
        await press(pilot, "r")
        assert isinstance(rig.app.screen, PlayerScreen)
        player = player_of(rig.app).player
        assert (player.step.kind, player.resume_at) == ("count_in", 3)  # a count-in first
        rig.extra["top"] = widget_text(rig.app, "#player-top")
        rig.extra["next"] = widget_text(rig.app, "#timer-next")
        await advance(pilot, rig, 3)
        assert player.index == 3
        await advance(pilot, rig, 4)
        assert isinstance(rig.app.screen, SummaryScreen)

    drive(rig, body)
    assert "exercise 2 of 2" in rig.extra["top"]
    assert "Squat" in rig.extra["next"]
    [saved] = sessions(db)
    assert saved["id"] == old["id"]
    assert saved["status"] == "completed"
    assert saved["started"] == old["started"]
    assert [s["completed"] for s in saved["steps"]] == [True, True]
    assert saved["exercises_completed"] == 2
    assert "resume_index" not in saved


def test_finish_as_is_marks_the_interrupted_session_stopped(tmp_path: Path) -> None:
    db = seeded(tmp_path, TWO_HOLDS, rest_between_s=2)
    interrupted(db)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "f")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    [saved] = sessions(db)
    assert saved["status"] == "stopped"
    assert "resume_index" not in saved
    assert saved["exercises_completed"] == 1


def test_not_now_leaves_the_session_and_asks_again(tmp_path: Path) -> None:
    db = seeded(tmp_path, TWO_HOLDS, rest_between_s=2)
    interrupted(db)
    for _ in range(2):
        rig = make_rig(db)

        async def body(pilot: Pilot[int], rig: Rig) -> None:
            assert isinstance(rig.app.screen, ResumeScreen)
            await press(pilot, "escape")
            assert isinstance(rig.app.screen, HomeScreen)

        drive(rig, body)
    assert sessions(db)[0]["status"] == "interrupted"


def test_safety_bullets_wrap_under_their_first_word(tmp_path: Path) -> None:
    rig = make_rig(seeded(tmp_path))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "i")
        assert isinstance(rig.app.screen, SafetyScreen)
        lines = screen_text(rig.app).splitlines()
        start = next(n for n, line in enumerate(lines) if "• Numbness in the saddle" in line)
        bullet_column = lines[start].index("•")
        follow = lines[start + 1]
        assert follow.strip() and not follow.strip().startswith("•"), lines[start : start + 2]
        text_column = len(follow) - len(follow.lstrip())
        assert text_column == bullet_column + 2, (lines[start], follow)

    drive(rig, body)
