"""Large terminals use the room: a big clock, a full-width bar, a taller history strip."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot

from tests.pilot_helpers import (
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    hold,
    make_rig,
    region_text,
    seed,
    widget_text,
)
from unpinch.library.store import Store
from unpinch.tui.widgets.big_clock import GLYPH_ROWS, BigClock, big_text, width_of


@given(st.from_regex(r"[0-9]{1,2}:[0-9]{2}", fullmatch=True), st.integers(1, 3))
def test_the_clock_is_five_rows_per_scale_and_as_wide_as_said(text: str, scale: int) -> None:
    rows = big_text(text, scale).split("\n")
    assert len(rows) == GLYPH_ROWS * scale
    assert max(len(row) for row in rows) == width_of(text, scale)


def test_an_eight_is_a_full_block_outline() -> None:
    assert big_text("8", 1).split("\n") == ["██████", "██  ██", "██████", "██  ██", "██████"]


def timer_at(tmp_path: Path, size: tuple[int, int]) -> Rig:
    """The player at ``size``, two seconds into a 30 s hold."""
    db = tmp_path / "unpinch.json"
    seed(db, (("bridge", hold(30, rest_s=2)),))
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 2)
        clock = rig.app.screen.query_one(BigClock)
        rig.extra["big"] = clock.display
        rig.extra["scale"] = clock.scale
        rig.extra["digits"] = rig.app.screen.query_one("#timer-digits").display
        rig.extra["bar"] = region_text(rig.app, "#timer-bar")
        rig.extra["panel"] = rig.app.screen.query_one("#timer-bar").content_region.width

    drive(rig, body, size=size)
    return rig


def test_a_large_terminal_gets_large_digits_and_a_full_width_bar(tmp_path: Path) -> None:
    rig = timer_at(tmp_path, (200, 50))
    assert rig.extra["big"] and not rig.extra["digits"]
    assert rig.extra["scale"] >= 2
    assert len(rig.extra["bar"]) == rig.extra["panel"] > 26


def test_the_design_size_keeps_the_compact_digits(tmp_path: Path) -> None:
    rig = timer_at(tmp_path, (80, 24))
    assert rig.extra["digits"] and not rig.extra["big"]


def test_a_tall_home_screen_lists_more_recent_sessions(tmp_path: Path) -> None:
    from tests.factories import NOW
    from tests.test_snapshots import past_session

    db = tmp_path / "unpinch.json"
    seed(db)
    with Store.open(db) as store:
        for days in range(1, 8):
            store.add_session(past_session(NOW - timedelta(days=days)))
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.pause()
        rig.extra["strip"] = widget_text(rig.app, "#history-strip")

    drive(rig, body, size=(200, 50))
    assert str(rig.extra["strip"]).count("Nerve spasm relief") >= 5
