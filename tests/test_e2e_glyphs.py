"""End-to-end: at TERM=linux no character outside the console's font reaches the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Spawn
from tests.e2e_helpers import HOME_TEXT, start_unpinch
from unpinch.library.store import Store
from unpinch.tui.glyphs import CONSOLE_SET

pytestmark = pytest.mark.e2e


def foreign(data: bytes) -> set[str]:
    """Every character in the terminal output that the Linux console cannot draw."""
    return (
        {char for char in data.decode("utf-8", "replace") if char not in CONSOLE_SET}
        - {chr(code) for code in range(0x20)}
        - {"\x7f"}
    )


def test_the_linux_console_gets_only_characters_its_font_has(
    spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = tmp_path / "unpinch.json"
    with Store.open(db) as store:
        store.set_setting("first_run_ack", True)
        store.set_setting("count_in_s", 3)
    term = start_unpinch(spawn, db, e2e_home, "--sound", "off", term="linux")
    term.wait_for_text(HOME_TEXT)
    # Texts of each screen's own top, none of which the home screen's footer shows.
    screens = (
        ("h", "Sessions  Progress"),
        ("l", "Exercise library"),
        ("i", "Safety: when to stop"),
    )
    for key, text in screens:
        term.send(key)
        term.wait_for_text(text)
        term.wait_quiet()
        term.send_key("escape")
        term.wait_for_text(HOME_TEXT)
    term.send("?")
    term.wait_for_text("Keys")
    term.send_key("escape")
    term.wait_for_text(HOME_TEXT)
    term.wait_quiet()
    term.send_key("enter")  # the first routine: its check-in, then the player's count-in
    term.wait_for_text("Esc skip")
    term.send_key("escape")
    term.wait_for_text("GET READY")
    term.wait_quiet(0.5)
    shown = term.screen_text()
    assert "GET READY" in shown
    assert not foreign(term.output()), sorted(foreign(term.output()))
