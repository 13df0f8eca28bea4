"""Text from the store is shown as text in the full-screen app: never markup, never controls.

A routine named ``[@click=app.quit]Click me[/]`` must read exactly so, ``[/]``
must not end the player with a ``MarkupError``, and a name holding ESC must
show as a visible symbol on every screen that shows it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.pilot_helpers import (
    DEFAULT_SETTINGS,
    Rig,
    advance,
    drive,
    make_rig,
    player_of,
    press,
    screen_text,
)
from unpinch.library.store import Store
from unpinch.library.workout import open_workout
from unpinch.tui.screens.player import PlayerScreen

CLICK = "[@click=app.quit]Click me[/]"
CLOSE = "[/]"
EVIL = "Evil\x1b]52;c;aGFja2Vk\x07\x1b]0;PWNED\x07"
EVIL_SHOWN = "Evil␛]52;c;aGFja2Vk␇␛]0;PWNED␇"


def seed_named(db: Path, name: str, note: str = "") -> None:
    """A user routine called ``name`` with one short hold, and a past session of it."""
    with Store.open(db) as store:
        store.save_routine(
            {
                "id": "aaa-hostile",
                "name": name,
                "description": f"About {name}",
                "items": [{"exercise": "bridge", "dose": {"hold_s": 3, "reps": 1}}],
            }
        )
        store.add_session(
            {
                "routine_id": "aaa-hostile",
                "routine_name": name,
                "started": "2026-11-21T08:00:00+01:00",
                "ended": "2026-11-21T08:05:00+01:00",
                "status": "completed",
                "duration_s": 300,
                "exercises": 1,
                "exercises_completed": 1,
                "before": {"leg": 4, "back": 3, "note": note or name},
                "marks": [],
                "steps": [],
            }
        )
        for key, value in DEFAULT_SETTINGS.items():
            store.set_setting(key, value)


def no_controls(text: str) -> None:
    """Assert the screen holds nothing a terminal would obey."""
    assert not [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]


def no_actions(rig: Rig) -> bool:
    """True when no cell on screen carries a click action from markup."""
    strips = rig.app.screen._compositor.render_strips()
    metas = [seg.style.meta for strip in strips for seg in strip if seg.style is not None]
    return not any("@click" in meta for meta in metas)


@pytest.mark.parametrize(("name", "shown"), [(CLICK, CLICK), (CLOSE, CLOSE), (EVIL, EVIL_SHOWN)])
def test_home_preview_history_and_player_show_the_name_as_written(
    tmp_path: Path, name: str, shown: str
) -> None:
    db = tmp_path / "unpinch.json"
    seed_named(db, name)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        home = screen_text(rig.app)
        no_controls(home)
        assert shown in home, "the home list and its history strip show the name as written"
        assert no_actions(rig), "a name is never a clickable action"
        await press(pilot, "h")
        history = screen_text(rig.app)
        no_controls(history)
        assert shown[:16] in history, "the session table"
        await press(pilot, "1")
        assert f"Routine: {shown[:16]}" in screen_text(rig.app), "the filter line"
        assert no_actions(rig)
        await press(pilot, "enter")
        detail = screen_text(rig.app)
        no_controls(detail)
        assert shown in detail, "the session's heading and its note"
        await press(pilot, "escape")
        await press(pilot, "escape")
        rig.app.push_screen(player_screen(rig))
        await pilot.pause()
        await advance(pilot, rig, 1.0)
        player = player_of(rig.app)
        top = str(player.query_one("#player-top").render())
        assert top.startswith(shown), top
        no_controls(screen_text(rig.app))
        await advance(pilot, rig, 12.0, step=1.0)
        assert rig.app.is_running
        text = screen_text(rig.app)
        no_controls(text)
        assert "Workout complete" in text or "complete" in text.lower(), text
        assert shown[:20] in text

    drive(rig, body)


def player_screen(rig: Rig) -> PlayerScreen:
    """The player on the hostile routine, without the check-in question."""
    return PlayerScreen(open_workout(rig.app.workspace, "aaa-hostile"), checkin=False)


def test_a_notification_quoting_a_markup_name_shows_it_plainly(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed_named(db, CLOSE)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        rig.app.notify(f"Saved “{CLOSE}” and “{EVIL}”.")
        await pilot.pause()
        [note] = list(rig.app._notifications)
        assert note.message == f"Saved “{CLOSE}” and “{EVIL_SHOWN}”."
        assert not note.markup
        await pilot.pause(0.2)
        assert rig.app.is_running

    drive(rig, body)
