"""The weekly check and rest days on the home screen, driven by keys as a person would."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import Rig, drive, make_rig, press, widget_text
from tests.test_pilot_flow import seeded
from unpinch.library.store import Store
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.weekly_check import (
    RedFlagScreen,
    UrgentScreen,
    WeeklyCheckScreen,
)

SESSION = {
    "routine_id": "stretching-stage",
    "routine_name": "Stretching stage",
    "started": "2026-11-29T08:00:00+00:00",
    "ended": "2026-11-29T08:20:00+00:00",
    "status": "completed",
    "duration_s": 1200,
}


def with_a_session(tmp_path: Path) -> Path:
    """A seeded data file with one session, so the weekly check is offered."""
    db = seeded(tmp_path)
    with Store.open(db) as store:
        store.add_session(SESSION)
    return db


def weekly(db: Path) -> list[dict[str, object]]:
    """The weekly checks stored in the data file."""
    with Store.open(db) as store:
        return store.weekly_checks()


def test_the_home_screen_says_when_the_weekly_check_is_due(tmp_path: Path) -> None:
    rig = make_rig(with_a_session(tmp_path))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert "weekly check due: press w" in widget_text(rig.app, "#history-strip")

    drive(rig, body)


def test_answers_are_saved_and_the_check_is_not_due_again_this_week(tmp_path: Path) -> None:
    db = with_a_session(tmp_path)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "w")
        assert isinstance(rig.app.screen, RedFlagScreen)
        await press(pilot, "n", "n", "n", "enter")
        assert isinstance(rig.app.screen, WeeklyCheckScreen)
        await press(pilot, "4", "3", "1", "5")  # the index's four items
        await press(pilot, *"Walking the dog", "tab", "6", "tab", "tab", "tab", "tab")
        await press(pilot, "2", "0", "tab", "1", "5", "enter")
        assert isinstance(rig.app.screen, HomeScreen)
        assert "weekly check due" not in widget_text(rig.app, "#history-strip")

    drive(rig, body)
    [check] = weekly(db)
    assert check["sbi"] == {"leg_pain": 4, "numbness": 3, "weakness": 1, "sitting": 5}
    assert check["psfs"] == {"Walking the dog": 6}
    assert (check["sitting_min"], check["walking_min"]) == (20, 15)
    assert check["red_flags"] == {"bladder_bowel": False, "saddle": False, "weakness_worse": False}
    assert check["skipped"] is False


def test_a_red_flag_yes_stops_the_check_and_shows_the_urgent_page(tmp_path: Path) -> None:
    db = with_a_session(tmp_path)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "w", "n", "y", "enter")
        assert isinstance(rig.app.screen, UrgentScreen)
        assert "Get medical care today" in widget_text(rig.app, "#urgent-title")
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    [check] = weekly(db)
    assert check["red_flags"] == {"bladder_bowel": False, "saddle": True, "weakness_worse": None}


def test_escape_skips_the_week_and_is_remembered(tmp_path: Path) -> None:
    db = with_a_session(tmp_path)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "w", "escape")
        assert isinstance(rig.app.screen, HomeScreen)
        assert "weekly check due" not in widget_text(rig.app, "#history-strip")

    drive(rig, body)
    [check] = weekly(db)
    assert check["skipped"] is True


def test_a_rest_day_bridges_the_streak_and_the_month_has_a_cap(tmp_path: Path) -> None:
    db = with_a_session(tmp_path)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "z")
        assert "rest day today" in widget_text(rig.app, "#history-strip")
        await press(pilot, "z")

    drive(rig, body)
    with Store.open(db) as store:
        assert len(store.rest_days()) == 1
