"""The one-line footer that every screen and every box shows."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def compact_footer() -> Footer:
    """The one-line footer of every screen and box (the palette is on ctrl+p).

    A box (a modal screen) needs its own: the footer of the screen under it
    would show through and name that screen's keys, not the box's.
    """
    return Footer(compact=True, show_command_palette=False)


async def mount_footer(screen: Screen[Any]) -> None:
    """Add the footer to ``screen`` after its first frame, then have it draw the keys.

    The footer draws on news of the bindings, so they are refreshed once it is in.
    A screen imports this module here, when it adds its footer, and Textual's
    Footer with it: building the keys costs about as much as the rest of a screen.
    """
    await screen.mount(compact_footer())
    screen.refresh_bindings()
