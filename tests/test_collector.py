"""The garbage collector is paused while the app starts and resumed after its first frame."""

from __future__ import annotations

import gc
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

import unpinch.tui.app as app_module
import unpinch.tui.launch as launch_module
from tests.pilot_helpers import Rig, drive, make_rig, seed
from unpinch.tui import collector
from unpinch.tui.launch import Options, launch
from unpinch.tui.screens.home import HomeScreen


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Leave the test process's collector as it was: on, nothing frozen, nothing paused."""
    yield
    collector._paused = False
    gc.unfreeze()
    gc.enable()


def test_a_pause_turns_the_collector_off_and_a_resume_freezes_and_turns_it_on() -> None:
    frozen_before = gc.get_freeze_count()
    collector.pause()
    assert not gc.isenabled()
    assert collector.paused()

    assert collector.resume()
    assert gc.isenabled()
    assert not collector.paused()
    assert gc.get_freeze_count() > frozen_before
    assert not collector.resume()  # once only


def test_a_resume_leaves_a_collector_it_did_not_pause_alone() -> None:
    assert not collector.resume()
    assert gc.isenabled()

    gc.disable()  # turned off by someone else: not ours to turn on
    collector.pause()
    assert not collector.paused()
    assert not collector.resume()
    assert not gc.isenabled()


def test_the_app_resumes_the_collector_soon_after_its_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "LATER_CSS_DELAY_S", 1.0)  # time to look before it resumes
    db = tmp_path / "unpinch.json"
    seed(db, settings={"first_run_ack": True})
    rig = make_rig(db)
    collector.pause()

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        assert isinstance(rig.app.screen, HomeScreen)
        rig.extra["paused at home"] = collector.paused()
        await pilot.pause(app_module.LATER_CSS_DELAY_S + 0.3)
        rig.extra["enabled later"] = gc.isenabled()

    drive(rig, body)
    assert rig.extra == {"paused at home": True, "enabled later": True}
    assert not collector.paused()


def pretend_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make stdin and stdout say they are terminals, as under a real start."""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(sys, "stdout", Tty())


def test_a_start_runs_with_the_collector_paused_and_resumes_it_when_the_app_fails_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pretend_terminal(monkeypatch)
    seen: list[bool] = []

    def fails(options: Options, routine_id: str | None) -> int:
        seen.append(gc.isenabled())
        raise SystemExit(1)  # as a one-line error does, before any frame

    monkeypatch.setattr(launch_module, "run_configured", fails)
    with pytest.raises(SystemExit):
        launch(Options(str(tmp_path / "unpinch.json"), "off"), routine_id=None)
    assert seen == [False]
    assert gc.isenabled()
    assert not collector.paused()
