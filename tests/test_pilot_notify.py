"""Pilot tests of desktop notifications: which moments send one, focus, pauses, off.

The app runs headless with a recording writer in place of the terminal, so each
test sees the exact text that would be written. The routine is the pilot one
(see ``pilot_helpers.DEFAULT_ITEMS``): count-in, a hold on each side with a
switch between, a rest, counted squats, a rest and paced knee rocks.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot

from tests.fakes import FakeClock
from tests.pilot_helpers import (
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    WALL_NOW,
    RecordingCues,
    Rig,
    advance,
    drive,
    player_of,
    press,
    seed,
)
from unpinch.tui.app import make_app
from unpinch.tui.screens.summary import SummaryScreen

OSC777 = "\x1b]777;notify;"


def notify_rig(tmp_path: Path, form: str | None = "osc777", **settings: object) -> Rig:
    """The pilot routine, started straight away, with notifications written to a list."""
    db = tmp_path / "unpinch.json"
    seed(db, settings={**DEFAULT_SETTINGS, **settings})
    clock, cues, written = FakeClock(), RecordingCues(), list[str]()
    app = make_app(
        db,
        sound="off",
        routine_id=ROUTINE_ID,
        clock=clock,
        wall_clock=lambda: WALL_NOW,
        cues=cues,
        notify=form,
        notify_write=written.append,
    )
    return Rig(app, clock, cues, db, {"written": written})


def bodies(rig: Rig) -> list[str]:
    """Each osc777 notification written so far, as "title | body"."""
    written: list[str] = rig.extra["written"]
    out = []
    for text in written:
        assert text.startswith(OSC777) and text.endswith("\x07"), repr(text)
        title, body = text[len(OSC777) : -1].split(";")
        out.append(f"{title} | {body}")
    return out


async def play_through(pilot: Pilot[int], rig: Rig) -> None:
    """Play the whole pilot routine a second at a time, counting the squats."""
    await advance(pilot, rig, 3 + 4 + 2 + 4 + 3, step=1)
    await press(pilot, "space", "space", "space")
    await advance(pilot, rig, 3 + 6, step=1)
    assert isinstance(rig.app.screen, SummaryScreen)


def test_the_moments_that_ask_for_action_each_send_one_notification(tmp_path: Path) -> None:
    rig = notify_rig(tmp_path)
    drive(rig, play_through)
    assert bodies(rig) == [
        "Starting | Lower back rotation stretch starts now (hold 4 s, left side).",
        "Switch sides | Lower back rotation stretch: now your right side.",
        "Rest over | Squat starts now (3 reps).",
        "Rest over | In-bed knee rocks starts now (3 reps).",
        "Routine complete | Well done. Take a moment before you get up.",
    ]


def test_nothing_is_sent_while_the_terminal_last_reported_focus(tmp_path: Path) -> None:
    rig = notify_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        rig.app.post_message(events.AppFocus())
        await pilot.pause()
        await play_through(pilot, rig)
        assert bodies(rig) == []
        rig.app.post_message(events.AppBlur())
        await pilot.pause()

    drive(rig, body)
    assert rig.app.notifier.focused is False


def test_looking_away_mid_routine_brings_notifications_back(tmp_path: Path) -> None:
    rig = notify_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        rig.app.post_message(events.AppFocus())
        await pilot.pause()
        await advance(pilot, rig, 3 + 4, step=1)
        rig.app.post_message(events.AppBlur())
        await pilot.pause()
        await advance(pilot, rig, 2 + 4 + 3, step=1)

    drive(rig, body)
    assert bodies(rig) == ["Rest over | Squat starts now (3 reps)."]


def test_off_sends_nothing(tmp_path: Path) -> None:
    rig = notify_rig(tmp_path, form="off")
    drive(rig, play_through)
    assert rig.extra["written"] == []


def test_the_setting_is_used_when_no_form_is_given(tmp_path: Path) -> None:
    rig = notify_rig(tmp_path, form=None, notify="off")
    drive(rig, play_through)
    assert rig.extra["written"] == []
    rig = notify_rig(tmp_path / "on", form=None, notify="osc9")
    drive(rig, play_through)
    done = "\x1b]9;Routine complete: Well done. Take a moment before you get up.\x07"
    assert rig.extra["written"][-1] == done


def test_a_workout_left_paused_for_two_minutes_sends_one_reminder(tmp_path: Path) -> None:
    rig = notify_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 4, step=1)
        rig.extra["written"].clear()
        await press(pilot, "space")
        assert player_of(rig.app).player.status == "paused"
        await advance(pilot, rig, 119, step=7)
        assert bodies(rig) == []
        await advance(pilot, rig, 1)
        await advance(pilot, rig, 300, step=60)
        rig.extra["shown"] = bodies(rig)
        await press(pilot, "space", "space")  # resume, pause again: the wait starts afresh
        await advance(pilot, rig, 119, step=7)
        rig.extra["again"] = len(bodies(rig))
        await advance(pilot, rig, 1)

    drive(rig, body)
    reminder = "Workout paused | Still paused after 2 minutes. Press space to carry on."
    assert rig.extra["shown"] == [reminder]
    assert rig.extra["again"] == 1
    assert bodies(rig) == [reminder, reminder]


def test_the_reminder_wakes_a_paused_player_on_its_own(tmp_path: Path) -> None:
    rig = notify_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 4, step=1)
        rig.extra["written"].clear()
        screen = player_of(rig.app)
        screen.reminder.after_s = 0.1
        await press(pilot, "space")
        assert screen.reminder_timer is not None
        rig.clock.advance(0.1)  # no wake from the test: the screen's own timer must fire
        await pilot.pause(0.3)

    drive(rig, body)
    assert len(bodies(rig)) == 1
