"""``unpinch due`` for a shell prompt or a tmux status line: the data file read directly.

The full command loads and validates the whole exercise library and opens the
store, which costs far more than a status line that runs every few seconds can
spend. What ``due`` needs of the library is only each routine's name and
schedule, so the full command keeps them in a small cache file beside the data
file, keyed by a digest of the library's files and of the user's stored
routines. The quick path reads the data file as JSON, recomputes that digest and
answers only when it matches; anything unusual (no cache, a changed routine or
library file, a data file that is missing, not plain JSON, or from another
schema version) makes it step aside, and the full command answers instead and
refreshes the cache. The cache is never trusted for anything else.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from unpinch.library.due import RoutineTimes, due_routines
from unpinch.library.schedule import Due, Schedule, schedule_from_dict, schedule_to_dict

TYPE_CHECKING = False
"""Stands in for ``typing.TYPE_CHECKING``: importing typing costs a status line dearly."""

if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 1
"""Bumped whenever the cache's layout changes, so an old cache is simply ignored."""

SCHEMA_VERSION = 2
"""The data file schema the quick path understands (the store's current one)."""

LIBRARY_FILES = ("sources.toml", "exercises.toml", "routines.toml", "avoid.toml", "glossary.toml")
"""The library files the catalogue is built from; a change to any of them voids the cache."""


def cache_path(db: Path) -> Path:
    """The cache file that belongs to data file ``db``: a hidden file beside it."""
    return db.with_name(f".{db.name}.due-cache.json")


def read_tables(db: Path) -> dict[str, Any] | None:
    """The data file's tables, or None when the quick path should not read it.

    None for a missing or unreadable file, one that is not plain JSON of the
    current schema, or anything else the store itself would have to sort out.
    """
    try:
        with db.open("rb") as handle:
            tables = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(tables, dict) or not all(_plain_table(t) for t in tables.values()):
        return None
    versions = [d.get("schema_version") for d in tables.get("meta", {}).values() if _is_doc(d)]
    return tables if versions == [SCHEMA_VERSION] else None


def digest(tables: Mapping[str, Any], data_dir: Path) -> str | None:
    """A digest of the library files and the stored routines; None if a file cannot be read."""
    hasher = hashlib.sha256(f"unpinch due cache {CACHE_FORMAT}\0".encode())
    try:
        for name in LIBRARY_FILES:
            hasher.update((data_dir / name).read_bytes())
            hasher.update(b"\0")
    except OSError:
        return None
    routines = tables.get("routines", {})
    hasher.update(json.dumps(routines, sort_keys=True, ensure_ascii=True).encode("ascii"))
    return hasher.hexdigest()


def current_key(db: Path, data_dir: Path) -> str | None:
    """The cache key for the data file as it is now; None when the quick path cannot read it.

    The full command takes the key *before* it reads the library and the store:
    should the file change in between, the cache is then filed under the old
    key, which the changed file no longer matches, so a stale cache is never used.
    """
    tables = read_tables(db)
    return None if tables is None else digest(tables, data_dir)


def write_cache(db: Path, key: str | None, routines: RoutineTimes) -> None:
    """Save the routines' names and schedules for the quick path under ``key``.

    Written to a temporary file and renamed, so a reader never sees half a
    cache, and private like the data file (it names the user's routines); a
    folder that cannot be written to only means no quick answers.
    """
    if key is None:
        return
    entries = {rid: [name, schedule_to_dict(s)] for rid, (name, s) in routines.items()}
    text = json.dumps({"format": CACHE_FORMAT, "key": key, "routines": entries})
    target = cache_path(db)
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, target)
    except FileExistsError:
        return  # another file in the way (a crashed run's, or planted): never write through it
    except OSError:
        temp.unlink(missing_ok=True)


def read_cache(db: Path, key: str) -> dict[str, tuple[str, Schedule]] | None:
    """The cached routines if the cache was written for exactly this ``key``, else None."""
    try:
        cache = json.loads(cache_path(db).read_text(encoding="utf-8"))
        if cache["format"] != CACHE_FORMAT or cache["key"] != key:
            return None
        return {
            rid: (str(name), schedule_from_dict(schedule))
            for rid, (name, schedule) in cache["routines"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def quick_due(db: Path, today: date, data_dir: Path) -> list[Due] | None:
    """What is due today, read without the library; None when the full command must answer."""
    tables = read_tables(db)
    key = None if tables is None else digest(tables, data_dir)
    if tables is None or key is None:
        return None
    routines = read_cache(db, key)
    if routines is None:
        return None
    return due_routines(starts(tables), rest_values(tables), routines, today)


def starts(tables: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every session's (routine id, start) where both are text, as the store reads them."""
    pairs = []
    for doc in tables.get("sessions", {}).values():
        if _is_doc(doc):
            routine_id, started = doc.get("routine_id"), doc.get("started")
            if isinstance(routine_id, str) and isinstance(started, str):
                pairs.append((routine_id, started))
    return pairs


def rest_values(tables: Mapping[str, Any]) -> list[str]:
    """Every stored rest day as text, as the store reads them."""
    docs = tables.get("rest_days", {}).values()
    return sorted(str(doc["day"]) for doc in docs if _is_doc(doc) and "day" in doc)


def _plain_table(table: Any) -> bool:
    """True for a table the store reads as it is: documents (objects) under whole-number keys."""
    return isinstance(table, dict) and all(
        key.isascii() and key.isdigit() and _is_doc(doc) for key, doc in table.items()
    )


def _is_doc(value: Any) -> bool:
    """True for a stored document (a JSON object)."""
    return isinstance(value, dict)
