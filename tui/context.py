"""Typed access to what the running app owns, from any screen or widget.

Screens need the workspace, the clocks, the sound output, the voice, the
notifications and the settings the app owns. :class:`AppContext` says
exactly that much, so screens and widgets never import the app
(``tui/app.py`` imports them); the app is an ``AppContext`` by having those
attributes, which mypy checks where the app hands itself out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

if TYPE_CHECKING:  # only named here: the app imports them when it first uses them
    from unpinch.library.home_snapshot import HomeSnapshot
    from unpinch.library.plan import Plan
    from unpinch.library.settings import Settings
    from unpinch.library.workspace import Workspace
    from unpinch.tui.cue_players import CuePlayer
    from unpinch.tui.notify import Notice, Notifier
    from unpinch.tui.voice import Engine, Silence, Voice, VoiceChoice


class AppContext(Protocol):
    """The part of the app that screens use besides Textual's own ``App``."""

    @property
    def workspace(self) -> Workspace:
        """The library, the data file and the settings (opened when first asked, at the latest)."""

    home_snapshot: HomeSnapshot | None
    """What home showed when the app last closed, until the data file is open; then None."""
    clock: Callable[[], float]
    """The monotonic clock the player runs on (a fake one in tests)."""
    wall_clock: Callable[[], datetime]
    """The local time with its offset, for session records."""
    cues: CuePlayer
    sound_summary: str
    """How sound is being given right now, in a few words."""
    notifier: Notifier
    """Desktop notifications, in the form chosen for this terminal."""
    engine: Engine | None
    """The speech engine found on PATH, if any."""

    def apply_settings(self, settings: Settings) -> None:
        """Save settings and apply them at once."""

    def send_notice(self, notice: Notice) -> None:
        """Send a desktop notification unless it is off or the window has focus."""

    def voice_choice(self) -> VoiceChoice:
        """The voice in effect now, and why it is off when it was asked for."""

    def make_voice(self, plan: Plan) -> Voice | Silence:
        """The spoken cues for a plan about to play, or silence."""


def unpinch_app(node: DOMNode) -> AppContext:
    """The running app's context for ``node`` (the app is an :class:`AppContext`)."""
    return cast(AppContext, node.app)
