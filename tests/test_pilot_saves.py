"""Where the player's saves run: the loop only plays cues; the data file is written elsewhere."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.pilot_helpers import ROUTINE_ID, Rig, advance, drive, make_rig, seed
from unpinch.library.store import Store


def test_the_session_is_saved_as_begun_and_at_each_step_off_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save writes the whole data file: it must not hold up the count-in's ticks."""
    seed(tmp_path / "db.json")
    saved_on: list[tuple[str, object, bool]] = []
    loop_ran = threading.Event()
    put = Store.put_session

    def watched(
        store: Store, doc: Mapping[str, Any], writer: str = "", *, saved_before: bool = True
    ) -> str | None:
        """Hold the first save until the test's own code has run on the loop, for 10 s at most."""
        free = loop_ran.wait(10.0) if not saved_on else True
        saved_on.append((threading.current_thread().name, doc.get("resume_index"), free))
        return put(store, doc, writer, saved_before=saved_before)

    monkeypatch.setattr(Store, "put_session", watched)
    rig = make_rig(tmp_path / "db.json", routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        loop_ran.set()  # the loop got here while the first save was still being written
        await advance(pilot, rig, 3 + 1)  # past the count-in: one step change
        await pilot.pause(0.5)
        rig.extra["during"] = list(saved_on)

    drive(rig, body)
    during = rig.extra["during"]
    assert len(during) >= 2, during
    assert all(name.startswith("save") for name, _, _ in during), during
    assert during[0][1:] == (0, True), "the loop waited for the first save"
