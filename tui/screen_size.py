"""The smallest window unpinch lays out, apart from the screen that says so.

The app checks every size against it from the first frame on; the notice that
covers a smaller window (:mod:`unpinch.tui.screens.too_small`) is only
imported when a window is that small, which most starts never see.
"""

from __future__ import annotations

from typing import Protocol, TypeGuard

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small(width: int, height: int) -> bool:
    """Tell whether a ``width`` × ``height`` window is below the minimum."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class SizeNotice(Protocol):
    """The too-small notice, as the app sees it: it shows each new size."""

    def update_size(self, width: int, height: int) -> None:
        """Show the new size after another resize that is still too small."""


def covers_too_small(screen: object) -> TypeGuard[SizeNotice]:
    """Tell whether ``screen`` is the notice shown while the window is too small."""
    return bool(getattr(screen, "COVERS_TOO_SMALL", False))
