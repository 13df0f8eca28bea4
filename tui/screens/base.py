"""What the full screens share: help built from their bindings, and back.

A screen lists extra help rows (keys that are not bindings of its own, such
as moving in a list) as data in :attr:`UnpinchScreen.HELP_BEFORE` and
:attr:`UnpinchScreen.HELP_AFTER`; ``?`` shows them around the screen's own bindings.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.screen import Screen


def help_row(keys: str, description: str, display: str | None = None) -> Binding:
    """One help row for keys that are not a binding here, e.g. ("up,down", "Pick", "↑/↓")."""
    return Binding(keys, "", description, key_display=display or keys)


PALETTE_ROW = help_row("ctrl+p", "All actions (command palette)")


class UnpinchScreen(Screen[None]):
    """A full screen with ``?`` for its keys and ``back`` (its footer: :func:`compact_footer`)."""

    HELP_BEFORE: ClassVar[tuple[Binding, ...]] = ()
    """Help rows listed before the screen's own bindings."""

    HELP_AFTER: ClassVar[tuple[Binding, ...]] = ()
    """Help rows listed after the screen's own bindings."""

    def help_rows(self) -> list[Binding]:
        """Every row ``?`` lists: the extra rows around the screen's own bindings."""
        own = [b for b in self.BINDINGS if isinstance(b, Binding)]
        return [*self.HELP_BEFORE, *own, *self.HELP_AFTER]

    def action_help(self) -> None:
        """Show the keys."""
        from unpinch.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.help_rows()))

    def action_back(self) -> None:
        """Go back to the screen this one was opened from."""
        self.dismiss()
