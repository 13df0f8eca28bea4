"""SVG snapshots at 80×24 of the exercise library (with a filter on) and the settings screen.

The data file is fresh, time is injected and nothing is typed into a text box,
so there is no blinking cursor and no clock in the picture. Update with
``--snapshot-update`` after a deliberate layout change and look at the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.factories import AppFactory, Snap


async def browse_strength(pilot: Pilot[Any]) -> None:
    """Open the library, filter to strength exercises and highlight the second one."""
    await pilot.press("l")
    await pilot.pause()
    await pilot.press("1", "1", "down")
    await pilot.pause()


async def open_settings(pilot: Pilot[Any]) -> None:
    """Open the settings screen and move to the count-in row."""
    await pilot.press("s")
    await pilot.pause()
    await pilot.press("down")
    await pilot.pause()


def test_library_with_a_filter(snap_compare: Snap, db: Path, app_factory: AppFactory) -> None:
    assert snap_compare(app_factory(db), terminal_size=(80, 24), run_before=browse_strength)


def test_settings(snap_compare: Snap, db: Path, app_factory: AppFactory) -> None:
    assert snap_compare(app_factory(db), terminal_size=(80, 24), run_before=open_settings)
