"""The settings' sound row says what ``auto`` actually chose here, never a guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.fakes import FakeClock
from tests.pilot_helpers import WALL_NOW, RecordingCues, Rig, drive, flat, plain, press, seed
from unpinch.tui.app import make_app
from unpinch.tui.screens.settings import ROWS, SettingsScreen, row_prompt

SOUND = next(row for row in ROWS if row.key == "sound")


def real_sound_rig(tmp_path: Path) -> Rig:
    """An app that opens its own cue output, as a real start does (sound: auto)."""
    db = tmp_path / "unpinch.json"
    seed(db)
    clock = FakeClock()
    app = make_app(db, sound=None, clock=clock, wall_clock=lambda: WALL_NOW)
    return Rig(app, clock, RecordingCues(), db)


def sound_row_text(prompt: object) -> str:
    """A sound row as one line of plain text."""
    return flat(plain(prompt, width=80))


def test_over_ssh_the_row_says_the_bell_was_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    rig = real_sound_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        for _ in range(50):
            if rig.app.sound_summary:
                break
            await pilot.pause(0.05)
        await press(pilot, "s")
        screen = rig.app.screen
        assert isinstance(screen, SettingsScreen)
        options = screen.query_one("#settings-list")
        rig.extra["row"] = sound_row_text(options.get_option_at_index(0).prompt)  # type: ignore[attr-defined]

    drive(rig, body)
    row = rig.extra["row"]
    assert row.startswith("Sound ‹ auto ›")
    assert "Now: bell: over SSH" in row
    assert "speaker here" not in row


@pytest.mark.parametrize(
    "playing", ["bell: over SSH", "bell: no sound device", "speaker (miniaudio)"]
)
def test_the_row_never_claims_a_speaker_auto_did_not_pick(playing: str) -> None:
    row = sound_row_text(row_prompt(SOUND, "auto", SOUND.choices, playing))
    assert f"Now: {playing}" in row
    assert "speaker here" not in row


def test_before_the_output_opens_the_row_says_it_is_still_being_chosen() -> None:
    row = sound_row_text(row_prompt(SOUND, "auto", SOUND.choices, ""))
    assert "Now: checking what can play here" in row
    assert "speaker here" not in row
