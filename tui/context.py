"""Typed access to what the running app owns, from any screen or widget.

Screens need the workspace, the clocks, the sound output and the settings
the app owns. :class:`AppContext` says exactly that much, so screens and
widgets never import the app (``tui/app.py`` imports them); the app is an
``AppContext`` by having those attributes, which mypy checks where the app
hands itself out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol, cast

from textual.dom import DOMNode

from unpinch.library.settings import Settings
from unpinch.library.workspace import Workspace
from unpinch.tui.sound import CuePlayer


class AppContext(Protocol):
    """The part of the app that screens use besides Textual's own ``App``."""

    workspace: Workspace
    clock: Callable[[], float]
    """The monotonic clock the player runs on (a fake one in tests)."""
    wall_clock: Callable[[], datetime]
    """The local time with its offset, for session records."""
    cues: CuePlayer
    sound_summary: str
    """How sound is being given right now, in a few words."""

    def apply_settings(self, settings: Settings) -> None:
        """Save settings and apply them at once."""


def unpinch_app(node: DOMNode) -> AppContext:
    """The running app's context for ``node`` (the app is an :class:`AppContext`)."""
    return cast(AppContext, node.app)
