"""The one place tests make doses, stored sessions, fixed times and snapshot apps from.

Doses are built from plain numbers so a test reads as its plan; sessions are
stored documents as the player writes them, each test naming only the fields
it is about; the fixed wall-clock time and the snapshot app keep pictures the
same on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tests.fakes import FakeClock, SilentCues
from unpinch.library.codec import routine_to_dict
from unpinch.library.model import Dose, Routine, Span
from unpinch.library.store import Store
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


def session_doc(
    routine_id: str,
    started: datetime | str,
    *,
    minutes: float | None = None,
    status: str = "completed",
    stamp: Callable[[datetime], str] = datetime.isoformat,
    **fields: Any,
) -> dict[str, Any]:
    """A stored session document: its routine, start and status, then ``fields`` over them.

    With ``minutes`` (and a ``started`` time rather than text) it also ended
    that many minutes later and lasted as long. ``stamp`` writes the times
    (ISO 8601 with the time's own offset unless a test needs the local form).
    """
    text = started if isinstance(started, str) else stamp(started)
    doc: dict[str, Any] = {"routine_id": routine_id, "started": text, "status": status}
    if minutes is not None and isinstance(started, datetime):
        doc["ended"] = stamp(started + timedelta(minutes=minutes))
        doc["duration_s"] = minutes * 60.0
    return {**doc, **fields}


def seeded_app(
    tmp_path: Path,
    *,
    routines: Sequence[Routine] = (),
    settings: Mapping[str, Any] | None = None,
    seed: Callable[[Path], None] | None = None,
    clock: FakeClock | None = None,
) -> UnpinchApp:
    """The snapshot app on a new data file: ``seed``'s data, then ``routines`` and ``settings``."""
    db = tmp_path / "db.json"
    if seed is not None:
        seed(db)
    with Store.open(db) as store:
        for routine in routines:
            store.save_routine(routine_to_dict(routine))
        for key, value in (settings or {}).items():
            store.set_setting(key, value)
    return snapshot_app(db, clock)
