"""The recovery record in the history pane: where the pain reaches, and the report key."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import WALL_NOW, Rig, drive, make_rig, notices, press, widget_text
from tests.record_history import sessions
from tests.test_pilot_history import open_history
from unpinch.library.history import PainPoint
from unpinch.library.store import SCHEMA_VERSION, Store
from unpinch.tui.screens.history import REACH_GLYPHS, reach_text


def recovering(tmp_path: Path, days: int = 60) -> Rig:
    """The app over a generated recovery in which the symptoms draw back toward the spine."""
    db = tmp_path / "data" / "unpinch.json"
    db.parent.mkdir(parents=True)
    docs = sessions(days, end=WALL_NOW.date())
    data = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "sessions": {str(n): doc for n, doc in enumerate(docs, 1)},
        "settings": {"1": {"key": "first_run_ack", "value": True}},
    }
    db.write_text(json.dumps(data))
    return make_rig(db)


def test_the_reach_line_draws_each_session_and_reads_the_direction() -> None:
    found = sessions(60)
    text = reach_text(found).plain
    assert text.startswith("Reach (back → foot) ")
    bars = text.split(" ")[4]
    assert len(bars) == 24 and set(bars) <= set(REACH_GLYPHS)
    assert text.splitlines()[0].endswith("now: back only")


def test_the_reach_line_is_left_out_when_nothing_was_answered() -> None:
    assert reach_text([]).plain == ""


def test_spreading_symptoms_are_read_as_spreading() -> None:
    docs = sessions(12, every=1)
    for n, doc in enumerate(docs):
        level = ["back", "buttock", "thigh", "below_knee", "foot"][min(4, n // 3)]
        doc["before"]["reach"] = doc["after"]["reach"] = level
    said = reach_text(docs).plain
    assert "Spreading: reaching further down the leg" in said
    assert said.endswith("This is information, not a diagnosis.")


def test_the_progress_tab_shows_where_the_pain_reaches(tmp_path: Path) -> None:
    rig = recovering(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "tab")
        await pilot.pause()
        assert "Reach (back → foot)" in widget_text(rig.app, "#reach-line")

    drive(rig, body)


def test_t_writes_the_report_beside_the_data_file_and_says_where(tmp_path: Path) -> None:
    rig = recovering(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_history(pilot, rig)
        await press(pilot, "t")
        [written] = (tmp_path / "data").glob("unpinch-report-*.html")
        assert any(str(written) in n.replace("\n", "") for n in notices(rig.app))
        html = written.read_text(encoding="utf-8")
        assert "Exercise and recovery record" in html and "<b>30</b> sessions" in html

    drive(rig, body)


def test_the_builder_edits_the_schedule_and_refuses_what_does_not_read(tmp_path: Path) -> None:
    from tests.pilot_helpers import ROUTINE_ID, seed
    from unpinch.library.schedule import Schedule
    from unpinch.tui.screens.builder import BuilderScreen

    db = tmp_path / "unpinch.json"
    seed(db)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "end", "e")
        assert isinstance(rig.app.screen, BuilderScreen)
        screen = rig.app.screen
        screen.query_one("#builder-per-week").focus()
        await press(pilot, *"5-3")
        assert "Refused: times a week run from 1 to 14" in widget_text(
            rig.app, "#builder-schedule-said"
        )
        clear = ["end", *["backspace"] * 6]
        await press(pilot, *clear, *"2-3", "tab", *clear, "1", "4", "ctrl+s")

    drive(rig, body)
    with Store.open(db) as store:
        [saved] = [r for r in store.routines() if r["id"] == ROUTINE_ID]
    assert saved["schedule"] == {"per_week": [2, 3], "daily_days": 14}
    assert Schedule((2, 3), 14).label() == "Daily for 14 days, then 2–3 times a week"


def test_the_calendar_marks_rest_days_and_the_streak_carries_over_them() -> None:
    from datetime import timedelta

    from unpinch.tui.widgets.habit_calendar import REST, calendar_text

    today = WALL_NOW.date()
    days = [(today - timedelta(days=20 - n), n % 3 != 1) for n in range(21)]
    rest = {day for day, done in days if not done}
    text = calendar_text(days, 21, 21, rests=rest).plain
    assert text.count(REST) == len(rest) + 1  # every rest day, and the key
    assert "z rest day" in text
    assert REST not in calendar_text(days, 14, 14).plain


def test_the_progress_tab_names_a_meaningful_change_in_pain(tmp_path: Path) -> None:
    from unpinch.tui.screens.history import trend_text

    points = [PainPoint(WALL_NOW, leg, 3) for leg in (7, 7, 6, 4, 3, 3)]
    said = trend_text(points)
    assert said == "Meaningful change in pain: leg 7.0 → 3.0 better"
    assert trend_text(points[:3]) == ""


def test_a_session_s_start_and_end_are_shown_in_the_same_zone() -> None:
    import re

    from unpinch.library.catalog import load_catalog
    from unpinch.tui.screens.session_detail import heading_text

    session = {
        "routine_name": "Stretching stage",
        "started": "2026-11-17T06:34:00+09:00",
        "ended": "2026-11-17T06:38:00+09:00",
        "status": "completed",
        "duration_s": 240,
    }
    shown = heading_text(session, load_catalog()).plain
    found = re.search(r"(\d\d):(\d\d)–(\d\d):(\d\d)", shown)
    assert found is not None, shown
    start, end = (int(found[1]) * 60 + int(found[2])), (int(found[3]) * 60 + int(found[4]))
    assert (end - start) % (24 * 60) == 4
