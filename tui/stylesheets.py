"""Which style sheets the app reads before its first frame, and the rest, read just after.

Textual parses every style sheet of ``App.CSS_PATH`` before the first frame,
and matches every rule against each widget it mounts. The home screen uses
about a sixth of unpinch's rules, yet reading all of them cost 20–30 ms of a
300 ms start (measured in a pty with the start-up bench's warm data file).
So the app starts with ``app.tcss`` alone, which holds the rules of every
screen that can open with the home screen, and reads the sheets of
``styles/`` once the home screen is up, in the same order as ever, so the
cascade is unchanged. A screen that is not
styled by ``app.tcss`` has them read before it is pushed, should it come first.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.screen import Screen, ScreenResultCallbackType, ScreenResultType
from textual.widget import AwaitMount

TUI = Path(__file__).parent
START_CSS = "app.tcss"
"""The sheet read before the first frame, relative to ``tui/`` (Textual's ``CSS_PATH``)."""
LATER_CSS = (
    "styles/boxes.tcss",
    "styles/player.tcss",
    "styles/builder.tcss",
    "styles/card.tcss",
    "styles/figure.tcss",
    "styles/history.tcss",
    "styles/library.tcss",
    "styles/player_flow.tcss",
    "styles/settings.tcss",
)
"""The other sheets, in cascade order (each after ``app.tcss``, the boxes' first)."""


def later_paths() -> list[Path]:
    """The full paths of the sheets read after the first frame, in cascade order."""
    return [TUI / name for name in LATER_CSS]


def styled_at_start(screen: Screen[Any] | str) -> bool:
    """Tell whether ``screen`` needs no sheet but the start one.

    A screen class says so with ``STYLED_AT_START = True``; a screen named by
    a string is not known here, so it is not.
    """
    return bool(getattr(screen, "STYLED_AT_START", False))


def read_later_css(app: App[Any]) -> bool:
    """Add the later sheets to the app's style sheet and restyle every widget, once.

    Returns True when it read them now, False when they were read before.
    Only the new sheets are parsed (Textual keeps what it parsed of the
    others), then every node is restyled, as Textual does when a screen
    brings its own sheet.
    """
    sheet = app.stylesheet
    missing = [path for path in later_paths() if not sheet.has_source(str(path))]
    if not missing:
        return False
    for path in missing:
        sheet.read(path)
    sheet.parse()
    sheet.update(app)
    return True


class LaterStylesApp(App[int]):
    """An app that reads its later sheets before pushing a screen that needs them.

    The app reads them itself once its home screen is up; this covers a
    screen that comes sooner (``unpinch play``, or keys typed ahead).
    """

    if TYPE_CHECKING:

        @overload
        def push_screen(
            self,
            screen: Screen[ScreenResultType] | str,
            callback: ScreenResultCallbackType[ScreenResultType] | None = None,
            wait_for_dismiss: Literal[False] = False,
            *,
            mode: str | None = None,
        ) -> AwaitMount: ...

        @overload
        def push_screen(
            self,
            screen: Screen[ScreenResultType] | str,
            callback: ScreenResultCallbackType[ScreenResultType] | None = None,
            wait_for_dismiss: Literal[True] = True,
            *,
            mode: str | None = None,
        ) -> asyncio.Future[ScreenResultType]: ...

    def push_screen(
        self,
        screen: Screen[ScreenResultType] | str,
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount | asyncio.Future[ScreenResultType]:
        """Push ``screen`` as Textual does, its style sheets read first."""
        if not styled_at_start(screen):
            read_later_css(self)
        if wait_for_dismiss:
            return super().push_screen(screen, callback, True, mode=mode)
        return super().push_screen(screen, callback, False, mode=mode)

    def switch_screen(self, screen: Screen[Any] | str) -> AwaitComplete:
        """Switch to ``screen`` as Textual does, its style sheets read first."""
        if not styled_at_start(screen):
            read_later_css(self)
        return super().switch_screen(screen)
