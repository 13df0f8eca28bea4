"""Work the app leaves until its first frame is up still gets done, and a failure is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

import unpinch.tui.app as app_module
from tests.pilot_helpers import Rig, drive, make_rig, notices, seed
from unpinch.library import record as record_module
from unpinch.library.catalog import load_catalog
from unpinch.library.record import Record, record
from unpinch.library.store import Store, StoreError
from unpinch.library.workspace import Workspace

SETTLE_S = app_module.LATER_CSS_DELAY_S + 0.3
"""Long enough for the work after the first frame to be done."""


def stored_builtins(db: Path) -> set[str]:
    """The ids of the built-in exercises the data file holds."""
    store = Store.open(db)
    try:
        return {doc["id"] for doc in store.exercises() if doc.get("builtin") is True}
    finally:
        store.close()


def test_the_built_in_exercises_are_stored_after_the_first_frame(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings={"first_run_ack": True})
    rig = make_rig(db)
    before = stored_builtins(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.pause(SETTLE_S)

    drive(rig, body)
    assert before == set()  # opening the app did not write them
    assert stored_builtins(db) == set(load_catalog().exercises)


def test_records_declared_during_the_start_have_their_inits_written_after_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "LATER_CSS_DELAY_S", 1.0)  # time to look before it runs
    db = tmp_path / "unpinch.json"
    seed(db, settings={"first_run_ack": True})
    record_module.defer_inits()  # as launch() does, before the app's modules are imported
    try:

        @record
        class Waiting(Record):
            """A record declared while the start defers inits."""

            value: int = 0

        rig = make_rig(db)

        async def body(pilot: Pilot[int], rig: Rig) -> None:
            rig.extra["at start"] = vars(Waiting)["__init__"].record_init
            await pilot.pause(1.3)
            rig.extra["later"] = vars(Waiting)["__init__"].record_init

        drive(rig, body)
    finally:
        record_module.write_deferred_inits()
    assert (rig.extra["at start"], rig.extra["later"]) == ("stub", "written")


def test_a_data_file_that_cannot_take_them_is_said_in_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings={"first_run_ack": True})

    def full(self: Workspace) -> None:
        raise StoreError(f"{db}: no space left on device")

    monkeypatch.setattr(Workspace, "sync_builtin_exercises", full)
    rig = make_rig(db)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await pilot.pause(SETTLE_S)
        rig.extra["notes"] = notices(rig.app)
        rig.extra["running"] = rig.app.is_running

    drive(rig, body)
    assert rig.extra["running"]
    assert any("no space left on device" in note for note in rig.extra["notes"]), rig.extra
