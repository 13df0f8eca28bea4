"""Plain glyphs: the map to the Linux console's character set keeps every line's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding
from textual.color import Color
from textual.pilot import Pilot

from tests.pilot_helpers import Rig, drive, make_rig, press, seed
from unpinch.library.store import Store
from unpinch.tui.glyphs import CONSOLE_SET, CP437_HIGH, PlainGlyphs, console_text, glyph_mode
from unpinch.tui.screens.settings import ROWS, SettingsScreen


def test_the_written_out_code_page_is_code_page_437() -> None:
    assert bytes(range(0x80, 0x100)).decode("cp437") == CP437_HIGH
    assert set(CP437_HIGH) <= CONSOLE_SET


@given(st.text())
def test_console_text_draws_only_console_characters_in_the_same_cells(text: str) -> None:
    text = "".join(c for c in text if c.isprintable())
    plain = console_text(text)
    assert set(plain) <= CONSOLE_SET
    assert cell_len(plain) == cell_len(text)


def test_the_usual_screen_glyphs_become_their_console_cousins() -> None:
    assert console_text("╭─╮ ▎ ⏎ ▇ ⚠ ● ·") == "┌─┐ │ < █ ! * ·"
    assert console_text("Strengthening sta…") == "Strengthening sta."
    assert console_text("ASCII stays") == "ASCII stays"


def test_the_filter_maps_the_text_of_every_segment() -> None:
    segments = [Segment("╭▇"), Segment("plain")]
    out = PlainGlyphs().apply(segments, Color(0, 0, 0))
    assert [segment.text for segment in out] == ["┌█", "plain"]


def test_plain_is_chosen_on_the_linux_console_or_when_asked() -> None:
    assert glyph_mode(None, {"TERM": "linux"}) == "plain"
    assert glyph_mode(None, {"TERM": "xterm-256color"}) == "unicode"
    assert glyph_mode("unicode", {"TERM": "linux"}) == "unicode"
    assert glyph_mode("plain", {"TERM": "xterm"}) == "plain"
    assert glyph_mode("auto", {"TERM": "xterm", "UNPINCH_GLYPHS": "plain"}) == "plain"


def test_the_setting_turns_plain_glyphs_on_at_once_and_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("UNPINCH_GLYPHS", raising=False)
    db = tmp_path / "unpinch.json"
    seed(db)
    rig = make_rig(db)
    row = [r.key for r in ROWS].index("glyphs")

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert rig.app.glyphs == "unicode"
        assert not any(isinstance(f, PlainGlyphs) for f in rig.app.get_line_filters())
        await press(pilot, "s")
        assert isinstance(rig.app.screen, SettingsScreen)
        await press(pilot, *["down"] * row, "right")  # auto -> plain
        assert rig.app.glyphs == "plain"
        assert any(isinstance(f, PlainGlyphs) for f in rig.app.get_line_filters())
        enter = Binding("enter", "select", "Open")
        assert rig.app.get_key_display(enter) == "enter"
        await press(pilot, "right")  # plain -> unicode
        assert rig.app.glyphs == "unicode"

    drive(rig, body)
    with Store.open(db) as store:
        assert store.get_setting("glyphs") == "unicode"
