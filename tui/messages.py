"""Messages the app sends to whichever screen is showing."""

from __future__ import annotations

from textual.message import Message


class SoundChosen(Message):
    """Cue output opened or changed; ``summary`` says what plays and why ("speaker (miniaudio)")."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class SettingsChanged(Message):
    """A setting changed outside the settings screen (a theme picked in the command palette)."""
