"""Pilot tests of the home screen: the routine list, the preview, keys and the history strip."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.factories import session_doc
from tests.pilot_helpers import (
    ROUTINE_ID,
    WALL_NOW,
    Rig,
    binding_rows,
    drive,
    flat,
    make_rig,
    modal_text,
    player_of,
    press,
    routine_rows,
    screen_text,
    seed,
    shows_name,
    widget_text,
)
from unpinch.library.catalog import load_catalog
from unpinch.library.session import iso_local
from unpinch.library.store import Store
from unpinch.tui.screens.help import HelpScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.player import PlayerScreen
from unpinch.tui.widgets.routine_list import RoutineList

BUILTIN = load_catalog().routines


def home_rig(tmp_path: Path) -> Rig:
    """An app on a data file holding the pilot routine, opening on the home screen."""
    db = tmp_path / "unpinch.json"
    seed(db)
    return make_rig(db)


def preview_title(rig: Rig) -> str:
    """The first line of the preview pane: the previewed routine's name."""
    return widget_text(rig.app, "#preview-body").splitlines()[0]


def highlighted_id(rig: Rig) -> str | None:
    """The id of the highlighted routine."""
    routines = rig.app.screen.query_one(RoutineList)
    assert routines.highlighted is not None
    return routines.get_option_at_index(routines.highlighted).id


def session(routine_id: str, name: str, days_ago: int, status: str) -> dict[str, Any]:
    """A saved session as the player writes it, started ``days_ago`` before the test's now."""
    return session_doc(
        routine_id,
        WALL_NOW - timedelta(days=days_ago),
        minutes=10,
        status=status,
        stamp=iso_local,
        routine_name=name,
        exercises=3,
        exercises_completed=3 if status == "completed" else 1,
        exercises_skipped=0,
        steps=[],
        marks=[],
    )


def test_home_lists_builtin_routines_then_the_users_own(tmp_path: Path) -> None:
    rig = home_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, HomeScreen)
        routines = rig.app.screen.query_one(RoutineList)
        ids = [routines.get_option_at_index(i).id for i in range(routines.option_count)]
        assert ids == [*BUILTIN, ROUTINE_ID]
        rig.extra["rows"] = routine_rows(rig.app)
        rig.extra["text"] = flat(screen_text(rig.app))

    drive(rig, body)
    rows = rig.extra["rows"]
    assert rows["spasm-relief"] == "Nerve spasm relief 7 min never done"
    assert rows[ROUTINE_ID] == "Pilot routine 34 s yours · never done"
    assert all(shows_name(rows[r.id], r.name) for r in BUILTIN.values())
    assert "Streak: 0 days No sessions yet" in rig.extra["text"]


def test_the_footer_follows_the_first_frame_and_shows_the_home_keys(tmp_path: Path) -> None:
    rig = home_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.pause()
        footer = rig.app.screen.query_one(Footer)
        rig.extra["keys"] = [key.description for key in footer.query(FooterKey)]

    drive(rig, body)
    assert rig.extra["keys"][:3] == ["Start", "History", "Library"]
    assert "Quit" in rig.extra["keys"]


def test_j_k_and_arrows_move_the_highlight_and_the_preview_follows(tmp_path: Path) -> None:
    rig = home_rig(tmp_path)
    names = [r.name for r in BUILTIN.values()]

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        seen = [(highlighted_id(rig), preview_title(rig))]
        for key in ("j", "down", "k", "up", "end"):
            await press(pilot, key)
            seen.append((highlighted_id(rig), preview_title(rig)))
        rig.extra["seen"] = seen

    drive(rig, body)
    ids = list(BUILTIN)
    assert rig.extra["seen"] == [
        (ids[0], names[0]),
        (ids[1], names[1]),
        (ids[2], names[2]),
        (ids[1], names[1]),
        (ids[0], names[0]),
        (ROUTINE_ID, "Pilot routine"),
    ]


def test_preview_shows_the_routines_exercises_and_doses(tmp_path: Path) -> None:
    rig = home_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "end")
        rig.extra["preview"] = widget_text(rig.app, "#preview-body")

    drive(rig, body)
    preview = rig.extra["preview"]
    assert "3 exercises" in preview
    assert "1. Lower back rotation stretch — 4 s, each side" in preview
    assert "2. Squat — 3 reps" in preview
    assert "3. In-bed knee rocks — 3 reps" in preview


def test_enter_starts_the_highlighted_routine_once(tmp_path: Path) -> None:
    rig = home_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "j", "enter", "escape")  # Esc skips the check-in
        await pilot.pause()
        assert isinstance(rig.app.screen, PlayerScreen)
        assert player_of(rig.app).routine_id == "spasm-relief"
        players = [s for s in rig.app.screen_stack if isinstance(s, PlayerScreen)]
        assert len(players) == 1
        saved = rig.app.workspace.store.sessions()
        assert [s["routine_id"] for s in saved] == ["spasm-relief"]
        assert "Nerve spasm relief · exercise 1 of 4" in screen_text(rig.app)

    drive(rig, body)


def test_question_mark_opens_help_listing_the_home_keys(tmp_path: Path) -> None:
    rig = home_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, "question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        rig.extra["help"] = modal_text(rig.app)
        rig.extra["screen"] = flat(screen_text(rig.app))
        await press(pilot, "escape")
        assert isinstance(rig.app.screen, HomeScreen)

    drive(rig, body)
    rows = binding_rows(HomeScreen.BINDINGS)
    assert {"enter Start", "? Help", "q Quit", "h Your history"} <= set(rows)
    for row in [*rows, "j/k Pick a routine", "ctrl+p All actions"]:
        assert row in rig.extra["help"], row
    assert "check with a doctor" in rig.extra["screen"]


def test_q_quits_the_app(tmp_path: Path) -> None:
    rig = home_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert rig.app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        assert rig.app.return_code == 0

    drive(rig, body)
    assert rig.cues.closed


def test_history_strip_shows_recent_sessions_and_the_streak(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db)
    with Store.open(db) as store:
        store.add_session(session("spasm-relief", "Nerve spasm relief", 3, "completed"))
        store.add_session(session(ROUTINE_ID, "Pilot routine", 1, "completed"))
        store.add_session(session(ROUTINE_ID, "Pilot routine", 0, "stopped"))
        store.add_weekly_check({"day": WALL_NOW.date().isoformat(), "skipped": True})
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        rig.extra["strip"] = widget_text(rig.app, "#history-strip")
        rig.extra["rows"] = routine_rows(rig.app)

    drive(rig, body)
    assert rig.extra["strip"].splitlines()[:3] == [
        "Streak: 1 day",
        "■ Pilot routine · today · 10 min",
        "✓ Pilot routine · yesterday · 10 min",
    ]
    rows = rig.extra["rows"]
    assert rows["spasm-relief"] == "Nerve spasm relief 7 min last done 3 days ago"
    assert rows[ROUTINE_ID] == "Pilot routine 34 s yours · last done today"
    assert rows["morning-in-bed"].endswith("never done")
