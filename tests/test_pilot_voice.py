"""Pilot tests of spoken cues in the app: what a whole routine says, and when it stays quiet.

The speech engine is the real espeak-ng; the cue player records the lines the
sound worker would get, so each ``wav PATH`` line is a phrase played.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import skip_or_fail
from tests.fakes import FakeClock
from tests.pilot_helpers import (
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    WALL_NOW,
    Rig,
    advance,
    drive,
    player_of,
    press,
    seed,
)
from tests.test_speech import Speaker
from unpinch.tui.app import make_app
from unpinch.tui.screens.summary import SummaryScreen
from unpinch.tui.voice import Silence, Voice, find_engine


@pytest.fixture(autouse=True)
def espeak() -> None:
    engine = find_engine()
    if engine is None or engine.name != "espeak-ng":
        skip_or_fail("espeak-ng is not installed (apt-get install espeak-ng)")


def voice_rig(tmp_path: Path, flag: str | None, speaker: Speaker, **settings: object) -> Rig:
    """The pilot routine, started straight away, with a speaker-mode cue recorder."""
    db = tmp_path / "unpinch.json"
    seed(db, settings={**DEFAULT_SETTINGS, **settings})
    clock = FakeClock()
    app = make_app(
        db,
        sound="off",
        routine_id=ROUTINE_ID,
        clock=clock,
        wall_clock=lambda: WALL_NOW,
        cues=speaker,
        voice=flag,
    )
    return Rig(app, clock, speaker, db)  # type: ignore[arg-type]


async def rendered(pilot: Pilot[int], rig: Rig) -> Voice:
    """The screen's voice once every phrase it may say has been rendered."""
    voice = player_of(rig.app).voice
    assert isinstance(voice, Voice) and voice.renderer is not None
    texts = [p.text for ps in voice.by_step.values() for p in ps]
    deadline = time.monotonic() + 60
    while any(voice.renderer.ready(t) is None for t in texts):
        assert time.monotonic() < deadline
        await pilot.pause(0.05)
    return voice


async def play_through(pilot: Pilot[int], rig: Rig) -> None:
    """Play the whole pilot routine a second at a time, counting the squats."""
    await advance(pilot, rig, 3 + 4 + 2 + 4 + 3, step=1)
    await press(pilot, "space", "space", "space")
    await advance(pilot, rig, 3 + 6, step=1)
    assert isinstance(rig.app.screen, SummaryScreen)


def test_a_whole_routine_is_announced_step_by_step(tmp_path: Path) -> None:
    speaker = Speaker()
    rig = voice_rig(tmp_path, "announce", speaker)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.pause()
        voice = await rendered(pilot, rig)  # the first phrase is said once it is ready
        await play_through(pilot, rig)
        rig.extra["spoken"] = list(voice.spoken)

    drive(rig, body)
    assert rig.extra["spoken"] == [
        "Get ready. First: Lower back rotation stretch.",
        "Lower back rotation stretch. Left side. Hold for 4 seconds.",
        "Switch to your right side.",
        "Lower back rotation stretch. Right side. Hold for 4 seconds.",
        "Rest, 3 seconds. Next: Squat.",
        "Squat. 3 reps, at your own pace.",
        "Rest, 3 seconds. Next: In-bed knee rocks.",
        "In-bed knee rocks. 3 reps, 2 seconds each.",
        "Routine complete. Well done.",
    ]
    wavs = [line for line in speaker.lines if line.startswith("wav ")]
    assert len(wavs) == 9
    assert [line for line in speaker.lines if not line.startswith("wav ")][:2] == ["tick", "tick"]


def test_voice_off_and_the_setting_off_say_nothing(tmp_path: Path) -> None:
    for flag, setting in (("off", "announce"), (None, "off")):
        speaker = Speaker()
        rig = voice_rig(tmp_path / str(flag), flag, speaker, voice=setting)

        async def body(pilot: Pilot[int], rig: Rig) -> None:
            await pilot.pause()
            assert isinstance(player_of(rig.app).voice, Silence)
            await play_through(pilot, rig)

        drive(rig, body)
        assert not [line for line in speaker.lines if line.startswith("wav ")]


def test_without_the_speaker_the_voice_is_off_and_settings_say_why(tmp_path: Path) -> None:
    rig = voice_rig(tmp_path, "announce", Speaker(mode="bell"))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.pause()
        assert isinstance(player_of(rig.app).voice, Silence)
        rig.extra["why"] = rig.app.voice_choice().reason

    drive(rig, body)
    assert rig.extra["why"] == "Needs speaker sound; sound is bell now"
