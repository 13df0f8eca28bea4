"""A copy of what home showed, so the next start can draw it before opening the data file.

Opening the data file is most of what unpinch itself does before its first
frame: importing the store, TinyDB, the catalogue and the planner, loading
the library, reading the file, merging the routines (about 63 million
instructions, some 6 % of a warm start). None of it changes what the first
frame shows when the data file, the library and the settings are as they were
when the app last closed. So the app saves, as it closes, the home screen's
routine rows, the strip's facts and the settings in use, under a key made of
everything they were worked out from (see :func:`identity`). The next start
that finds the same key draws its first frame from the copy, then opens the
data file straight after that frame and draws home again from it: the copy
is never the source of anything but that first frame.

The key holds the data file's identity, size and change times (any write,
by this app, another copy, a plain command or an editor, changes them), the
library files' sizes and times, the config file's ``[defaults]`` and the time
zone (a session's local day depends on it). A session journal beside the
data file (a workout that was cut off) means an ordinary start, as does
anything else the copy cannot be trusted for: no copy, another key, a file
that is not a regular one, bad JSON, a value of the wrong kind. A copy that
cannot be saved (a full disk) is no loss either.

The copy holds routine names and recent sessions, so it lives beside the data
file, in its private folder, as a private file (``.unpinch.json.home-copy``),
like the ``due`` command's answer (:mod:`unpinch.library.quick_due`).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unpinch.library.due import local_start
from unpinch.library.home_facts import (
    SESSION_KEYS,
    RoutineRow,
    StripFacts,
    read_home,
    streak_run,
)
from unpinch.library.paths import LIBRARY_DATA_DIR
from unpinch.library.record import Record, record
from unpinch.library.regular_files import read_regular
from unpinch.library.settings import Settings

if TYPE_CHECKING:
    from unpinch.library.workspace import Workspace

FORMAT = 1
"""Bumped whenever what a copy holds changes, so an older copy is never read."""
SIZE_LIMIT = 1_000_000
"""The largest copy read (a typical one is about 2 KB)."""
ZONE_FILE = "/etc/localtime"
JOURNAL_PREFIX = "journal-"
"""What :data:`unpinch.library.journal.PREFIX` is (that module loads the store with it)."""


@record
class HomeSnapshot(Record):
    """The home screen as it was: the settings in use, the routine rows and the strip's facts."""

    settings: Settings
    rows: tuple[RoutineRow, ...]
    strip: StripFacts


def identity(db_path: Path, defaults: Mapping[str, Any] | None) -> list[Any] | None:
    """The key a copy for ``db_path`` must match, as JSON values; None without a data file."""
    try:
        data = os.stat(db_path)
        if any(name.startswith(journal_start(db_path)) for name in os.listdir(db_path.parent)):
            return None  # a session was cut off: the start folds it in, and may offer it
        library = sorted(
            [entry.name, entry.stat().st_size, entry.stat().st_mtime_ns]
            for entry in os.scandir(LIBRARY_DATA_DIR)
            if entry.name.endswith(".toml")
        )
    except OSError:
        return None
    return [
        FORMAT,
        [data.st_dev, data.st_ino, data.st_size, data.st_mtime_ns, data.st_ctime_ns],
        library,
        repr(sorted((defaults or {}).items())),
        zone(),
    ]


def zone() -> list[Any]:
    """What the local time zone depends on: TZ, the zone's names and offsets, the zone file."""
    try:
        found = os.stat(ZONE_FILE)
        zone_file = [found.st_ino, found.st_mtime_ns]
    except OSError:
        zone_file = None
    return [os.environ.get("TZ"), list(time.tzname), time.timezone, time.altzone, zone_file]


def snapshot_path(db_path: Path) -> Path:
    """Where the copy for the data file ``db_path`` lives: a hidden file beside it."""
    return db_path.with_name(f".{db_path.name}.home-copy")


def journal_start(db_path: Path) -> str:
    """How the names of the data file's session journals start (:mod:`unpinch.library.journal`)."""
    return f".{db_path.name}.{JOURNAL_PREFIX}"


def load(db_path: Path, defaults: Mapping[str, Any] | None) -> HomeSnapshot | None:
    """The copy saved for ``db_path`` when its key still matches, else None (an ordinary start)."""
    key = identity(db_path, defaults)
    if key is None:
        return None
    try:
        doc = json.loads(read_regular(snapshot_path(db_path), SIZE_LIMIT))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("key") != key:
        return None
    try:
        return decoded(doc)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
        return None


def fresh(db_path: Path, defaults: Mapping[str, Any] | None) -> HomeSnapshot | None:
    """What a start shows before making a data file that does not exist yet; None if it exists.

    Such a start's first frame is the first-run notice over a home screen
    that lists nothing yet: the data file is made, and the routines listed,
    straight after that frame. A journal with no data file (one deleted
    mid-workout) means an ordinary start, which writes the journal in.
    """
    try:
        os.stat(db_path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    else:
        return None
    with contextlib.suppress(OSError):
        if any(name.startswith(journal_start(db_path)) for name in os.listdir(db_path.parent)):
            return None
    nothing = StripFacts(
        done=frozenset(), rests=frozenset(), recent=(), check_days=(), has_sessions=False
    )
    return HomeSnapshot(settings=Settings.from_dict(defaults or {}), rows=(), strip=nothing)


def save(
    db_path: Path,
    defaults: Mapping[str, Any] | None,
    snapshot: HomeSnapshot,
    taken: list[Any] | None = None,
) -> None:
    """Write the copy for ``db_path`` as it is now on disk, in one rename; failing loses nothing.

    ``taken`` is the key read before ``snapshot`` was: when the data file has
    changed since (another copy saved a session meanwhile), nothing is written.
    tempfile is imported here, as the app closes: it costs a start about a millisecond.
    """
    import tempfile

    key = identity(db_path, defaults)
    if key is None or (taken is not None and key != taken):
        return
    try:
        text = json.dumps({"key": key, **encoded(snapshot)}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # a value JSON cannot hold (a hand-edited NaN): keep none
        return
    target = snapshot_path(db_path)
    with contextlib.suppress(OSError):
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".home-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def encoded(snapshot: HomeSnapshot) -> dict[str, Any]:
    """The copy's JSON form: dates as ordinals, last-done times as ISO text."""
    strip = snapshot.strip
    return {
        "settings": snapshot.settings.to_dict(),
        "rows": [
            [key, name, duration, builtin, None if done is None else done.isoformat()]
            for key, name, duration, builtin, done in snapshot.rows
        ],
        "strip": {
            "done": sorted(day.toordinal() for day in strip.done),
            "rests": sorted(day.toordinal() for day in strip.rests),
            "recent": [dict(session) for session in strip.recent],
            "checks": [day.toordinal() for day in strip.check_days],
            "any": strip.has_sessions,
        },
    }


def decoded(doc: dict[str, Any]) -> HomeSnapshot:
    """The copy from its JSON form; TypeError or ValueError when any part is not as saved."""
    settings = doc["settings"]
    strip = doc["strip"]
    if not isinstance(settings, dict) or not isinstance(strip, dict):
        raise TypeError("a copy's settings and strip are tables")
    return HomeSnapshot(
        settings=Settings.from_dict(settings),
        rows=tuple(decoded_row(row) for row in listed(doc["rows"])),
        strip=StripFacts(
            done=frozenset(days(strip["done"])),
            rests=frozenset(days(strip["rests"])),
            recent=tuple(decoded_session(s) for s in listed(strip["recent"])),
            check_days=tuple(days(strip["checks"])),
            has_sessions=strip["any"] is True,
        ),
    )


def listed(value: object) -> list[Any]:
    """``value`` when it is a list; TypeError otherwise."""
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def days(value: object) -> list[date]:
    """Dates from a list of ordinals; TypeError or ValueError for anything else."""
    found = []
    for ordinal in listed(value):
        if type(ordinal) is not int:
            raise TypeError("a day is an ordinal")
        found.append(date.fromordinal(ordinal))
    return found


def decoded_row(row: object) -> RoutineRow:
    """One routine row: [id, name, duration in seconds, built in, last done as ISO text or null]."""
    key, name, duration, builtin, done = listed(row)
    if not (isinstance(key, str) and isinstance(name, str) and type(duration) is int):
        raise TypeError("a row is an id, a name and a duration")
    if type(builtin) is not bool or not (done is None or isinstance(done, str)):
        raise TypeError("a row's last two values are a flag and a time")
    when: datetime | None = None if done is None else local_start(done)
    if done is not None and when is None:
        raise ValueError("a row's last-done time does not read as one")
    return (key, name, duration, builtin, when)


def decoded_session(value: object) -> dict[str, Any]:
    """One of the strip's sessions: only its known fields, each text, a number or null."""
    if not isinstance(value, dict):
        raise TypeError("a session is a table")
    session = {key: value[key] for key in SESSION_KEYS if key in value}
    if any(not (v is None or type(v) in (str, int, float)) for v in session.values()):
        raise TypeError("a session's fields are text or numbers")
    return session


def capture(space: Workspace) -> HomeSnapshot:
    """What the home screen shows for ``space`` now (its strip cut to the streak's run)."""
    rows, facts = read_home(space)
    return HomeSnapshot(settings=space.settings, rows=tuple(rows), strip=streak_run(facts))


@record
class HomeKeeper(Record):
    """Keeps the copy of home for one data file as the app closes (see :func:`save`)."""

    db_path: Path
    defaults: Mapping[str, Any] | None

    def key(self) -> list[Any] | None:
        """The key as things are now: read it before reading what the copy will hold."""
        return identity(self.db_path, self.defaults)

    def save(self, snapshot: HomeSnapshot, taken: list[Any] | None) -> None:
        """Write ``snapshot`` unless the data file changed since ``taken`` was read."""
        if taken is not None:
            save(self.db_path, self.defaults, snapshot, taken)


@record
class EarlyStart(Record):
    """A start drawn first from ``snapshot``; ``open`` opens the data file after that frame."""

    snapshot: HomeSnapshot
    open: Callable[[], Workspace]
