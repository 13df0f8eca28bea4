"""The one-line footer that every screen and every box shows."""

from __future__ import annotations

from textual.widgets import Footer


def compact_footer() -> Footer:
    """The one-line footer of every screen and box (the palette is on ctrl+p).

    A box (a modal screen) needs its own: the footer of the screen under it
    would show through and name that screen's keys, not the box's.
    """
    return Footer(compact=True, show_command_palette=False)
