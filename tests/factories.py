"""The one place tests make doses, fixed times and snapshot apps from.

Doses are built from plain numbers so a test reads as its plan; the fixed
wall-clock time and the snapshot app keep pictures the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.fakes import FakeClock, SilentCues
from unpinch.library.model import Dose, Span
from unpinch.tui.app import UnpinchApp, make_app

NOW = datetime(2026, 11, 22, 8, 30, tzinfo=timezone(timedelta(hours=1)))
"""The fixed wall-clock time of the snapshot tests."""

Snap = Callable[..., bool]
"""pytest-textual-snapshot's ``snap_compare`` fixture."""

AppFactory = Callable[..., UnpinchApp]
"""The ``app_factory`` fixture: the app on a data file, with fixed clocks and no sound."""


def hold(seconds: int, reps: int = 1, sets: int = 1, rest_s: int = 10) -> Dose:
    """A fixed hold dose: ``reps`` holds of ``seconds`` a set, ``rest_s`` between them."""
    return Dose(reps=Span(reps, reps), hold_s=Span(seconds, seconds), sets=sets, rest_s=rest_s)


def reps(
    count: int, sets: int = 1, rest_s: int = 10, tempo_s: float = 3.0, counted: bool = False
) -> Dose:
    """A fixed reps dose, paced at ``tempo_s`` unless the user counts them."""
    return Dose(reps=Span(count, count), sets=sets, rest_s=rest_s, tempo_s=tempo_s, counted=counted)


def counted(count: int) -> Dose:
    """Reps the user counts with the space bar."""
    return Dose(reps=Span(count, count), counted=True)


def paced(count: int, tempo_s: float) -> Dose:
    """Reps paced by the clock at ``tempo_s`` seconds each."""
    return Dose(reps=Span(count, count), tempo_s=tempo_s)


def snapshot_app(db: Path, clock: FakeClock | None = None) -> UnpinchApp:
    """The app on ``db`` with a fake monotonic clock, the fixed wall clock and no sound."""
    return make_app(db, clock=clock or FakeClock(), wall_clock=lambda: NOW, cues=SilentCues())
