"""The dose editor's reasons: each one names its bound and is read whole at 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.pilot_helpers import ROUTINE_ID, Rig, drive, press, screen_text
from tests.test_pilot_builder import open_builder, rig_for, set_field
from unpinch.tui.screens.dose_editor import DoseEditor, check_field


def shown_in(rig: Rig, selector: str) -> str:
    """The text the screen draws inside a widget's region, its lines joined by spaces."""
    region = rig.app.screen.query_one(selector, Static).region
    lines = screen_text(rig.app).splitlines()[region.y : region.y + region.height]
    return " ".join(" ".join(line[region.x : region.x + region.width].split()) for line in lines)


def test_a_negative_hold_names_the_bound_not_just_a_number() -> None:
    assert check_field("hold_s", "-5").reason == "hold must be between 1 and 600 s"
    assert check_field("reps", "-3").reason == "reps must be between 1 and 200"


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        ("hold_s", "5.5", "hold must be a whole number between 1 and 600 s"),
        ("hold_s", "-5", "hold must be between 1 and 600 s"),
        ("hold_s", "abc", "hold must be a number between 1 and 600 s"),
        ("rest_s", "2.5", "rest must be a whole number between 0 and 600 s"),
        ("hold_s", "30-20", "a range goes from low to high, like 20-30"),
    ],
)
def test_every_reason_is_drawn_whole_at_80_columns(
    tmp_path: Path, field: str, typed: str, reason: str
) -> None:
    rig = rig_for(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await open_builder(pilot, rig, ROUTINE_ID)
        await press(pilot, "enter")
        assert isinstance(rig.app.screen, DoseEditor)
        await set_field(pilot, rig, field, typed)
        await pilot.pause()
        rig.extra["shown"] = shown_in(rig, f"#note-{field}")

    drive(rig, body)
    assert rig.extra["shown"] == reason
