"""The app reads only its start sheet before the first frame, and every other sheet soon after.

What the first frame shows must not depend on the later sheets: each screen
that can open with the home screen is drawn before and after they are read,
and the two pictures must be the same. Any other screen has them read before
it is pushed, however soon it comes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

import unpinch.tui.app as app_module
from tests.pilot_helpers import (
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    hold,
    make_rig,
    press,
    seed,
)
from unpinch.tui.app import UnpinchApp
from unpinch.tui.screens.first_run import FirstRunScreen
from unpinch.tui.screens.help import HelpScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.screens.resume import ResumeScreen
from unpinch.tui.screens.too_small import TooSmallScreen
from unpinch.tui.stylesheets import LATER_CSS, START_CSS, TUI, later_paths, read_later_css

ACKNOWLEDGED = {"first_run_ack": True}
"""Settings of a data file whose first-run notice was read."""


def later_read(app: UnpinchApp) -> list[bool]:
    """Whether each later sheet is in the app's style sheet, in order."""
    return [app.stylesheet.has_source(str(path)) for path in later_paths()]


@pytest.fixture
def no_later_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the app from reading the later sheets by itself during a test."""
    monkeypatch.setattr(app_module, "LATER_CSS_DELAY_S", 3600.0)


def test_every_style_sheet_is_read_at_start_or_later() -> None:
    sheets = sorted(str(p.relative_to(TUI)) for p in TUI.rglob("*.tcss"))
    assert sorted([START_CSS, *LATER_CSS]) == sheets
    assert len(set(LATER_CSS)) == len(LATER_CSS)
    assert UnpinchApp.CSS_PATH == START_CSS


def interrupted_file(tmp_path: Path) -> Path:
    """A data file whose only session was cut off in its second hold."""
    db = tmp_path / "unpinch.json"
    items = (("bridge", hold(4, rest_s=2)), ("squat", hold(4, rest_s=2)))
    seed(db, items, settings={**ACKNOWLEDGED, "count_in_s": 3}, rest_between_s=2)
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 10)

    drive(rig, body)
    return db


def start_file(tmp_path: Path, kind: str) -> Path:
    """The data file each kind of start screen opens on."""
    if kind == "resume":
        return interrupted_file(tmp_path)
    db = tmp_path / "unpinch.json"
    seed(db, settings={} if kind == "first run" else ACKNOWLEDGED)
    return db


START_SCREENS = [
    ("home", HomeScreen, (80, 24), ()),
    ("home", HomeScreen, (120, 36), ()),
    ("first run", FirstRunScreen, (80, 24), ()),
    ("resume", ResumeScreen, (80, 24), ()),
    ("too small", TooSmallScreen, (60, 16), ()),
]


@pytest.mark.parametrize(("kind", "screen", "size", "keys"), START_SCREENS)
@pytest.mark.usefixtures("no_later_timer")
def test_a_start_screen_looks_the_same_before_and_after_the_later_sheets(
    tmp_path: Path,
    kind: str,
    screen: type[object],
    size: tuple[int, int],
    keys: tuple[str, ...],
) -> None:
    rig = make_rig(start_file(tmp_path, kind))

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await press(pilot, *keys)
        await pilot.pause(0.2)
        assert isinstance(rig.app.screen, screen)
        assert later_read(rig.app) == [False] * len(LATER_CSS)
        rig.extra["before"] = rig.app.export_screenshot()
        assert read_later_css(rig.app)
        await pilot.pause(0.2)
        assert later_read(rig.app) == [True] * len(LATER_CSS)
        rig.extra["after"] = rig.app.export_screenshot()

    drive(rig, body, size)
    assert rig.extra["before"] == rig.extra["after"]


@pytest.mark.usefixtures("no_later_timer")
def test_help_opened_at_once_has_the_later_sheets_read_first(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings=ACKNOWLEDGED)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert later_read(rig.app) == [False] * len(LATER_CSS)
        await press(pilot, "question_mark")
        assert isinstance(rig.app.screen, HelpScreen)
        rig.extra["read"] = later_read(rig.app)
        box = rig.app.screen.query_one("#help-box")
        rig.extra["box"] = (box.styles.width, box.styles.border.top)  # set by styles/boxes.tcss

    drive(rig, body)
    assert rig.extra["read"] == [True] * len(LATER_CSS)
    width, border = rig.extra["box"]
    assert str(width) == "64" and border[0] == "round"


@pytest.mark.usefixtures("no_later_timer")
def test_a_screen_opened_before_the_later_sheets_has_them_read_first(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings=ACKNOWLEDGED)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert later_read(rig.app) == [False] * len(LATER_CSS)
        await press(pilot, "s")
        listing = rig.app.screen.query_one("#settings-list")
        rig.extra["read"] = later_read(rig.app)
        rig.extra["padding"] = listing.styles.padding.left  # set by styles/settings.tcss
        assert not read_later_css(rig.app)  # once only

    drive(rig, body)
    assert rig.extra["read"] == [True] * len(LATER_CSS)
    assert rig.extra["padding"] == 1


def test_the_app_reads_the_later_sheets_soon_after_the_home_screen_is_up(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings=ACKNOWLEDGED)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, HomeScreen)
        await pilot.pause(app_module.LATER_CSS_DELAY_S + 0.3)
        rig.extra["read"] = later_read(rig.app)

    drive(rig, body)
    assert rig.extra["read"] == [True] * len(LATER_CSS)
