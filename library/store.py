"""The store: exercises, routines, sessions and settings in one TinyDB file.

Documents are plain JSON dicts; turning them into domain objects is the
codec's job. Every change is one transaction — lock, re-read if another copy
of the app saved meanwhile, apply, save atomically, unlock — so a kill at any
moment or a second copy running at the same time never loses a saved
session. Reads come from memory unless the file changed on disk, and every
read hands out copies, so callers may change what they get freely.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import update_wrapper
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from unpinch.library.storage import CachedStorage, MemoryJSONStorage, SafeJSONStorage, StoreError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "Store", "StoreError"]

SCHEMA_VERSION = 2
"""The data layout this code reads and writes; ``meta.schema_version`` in the file."""

TableGetter = Callable[[str], Table]
Doc = Document
P = ParamSpec("P")
R = TypeVar("R")
_SCALARS = frozenset({str, int, float, bool, type(None)})


@dataclass(frozen=True)
class Migration:
    """One step that rewrites stored data from ``from_version`` to ``to_version``.

    ``apply`` gets a function returning TinyDB tables by name and runs inside
    the open transaction, so all its changes are saved together or not at all.
    """

    from_version: int
    to_version: int
    apply: Callable[[TableGetter], None]


def _v0_to_v1(table: TableGetter) -> None:
    """Version 0 had no meta table and could hold sessions without an id: give them one."""
    sessions = table("sessions")
    missing = [doc for doc in sessions if not doc.get("id")]
    _replace_all(sessions, [Document({**d, "id": uuid.uuid4().hex}, d.doc_id) for d in missing])


def _v1_to_v2(table: TableGetter) -> None:
    """Version 2 asks where the pain reaches: older check-ins get ``reach`` and ``reach_leg``.

    Both are null in them: a null answer reads as "not asked", never as a level, so the
    reach chart and the report show older sessions as gaps rather than as "back only".
    """
    sessions = table("sessions")
    changed = []
    for doc in sessions:
        updated = {**doc}
        for which in ("before", "after"):
            answer = doc.get(which)
            if isinstance(answer, dict):
                updated[which] = {"reach": None, "reach_leg": None, **answer}
        if updated != doc:
            changed.append(Document(updated, doc.doc_id))
    _replace_all(sessions, changed)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(0, 1, _v0_to_v1),
    Migration(1, 2, _v1_to_v2),
)
"""Every step from the first layout to :data:`SCHEMA_VERSION`, in order."""


def _serialised(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Run a Store method under the store's thread lock, so threads share one cache safely."""

    def locked(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._mutex:
            return method(self, *args, **kwargs)

    update_wrapper(locked, method)
    return locked


class Store:
    """The user's data in one TinyDB database over a cached, transactional storage.

    Open one with :meth:`open` (a file) or :meth:`in_memory` (tests). Tables:
    ``exercises`` (built-ins synced at start plus the user's own), ``routines``
    (the user's), ``sessions``, ``settings`` and ``meta`` (the schema version).
    """

    def __init__(self, db: TinyDB) -> None:
        storage = db.storage
        if not isinstance(storage, CachedStorage):
            raise TypeError("Store needs a CachedStorage such as SafeJSONStorage")
        self._db = db
        self._storage: CachedStorage = storage
        self._tables: dict[str, Table] = {}
        self._generation = -1
        self._mutex = threading.RLock()

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) the data file at ``path`` and bring it up to date.

        A file that does not parse is moved aside and :attr:`notice` says so.
        Raises :class:`StoreError` when the file cannot be read or saved.
        """
        store = cls(TinyDB(path, storage=SafeJSONStorage))
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def in_memory(cls) -> Store:
        """Open a store kept in memory as JSON text, for tests and throwaway use."""
        store = cls(TinyDB(storage=MemoryJSONStorage))
        store.migrate()
        return store

    @property
    def notice(self) -> str | None:
        """A one-line message for the user about what happened to their data, if anything."""
        return self._storage.notice

    @property
    def path(self) -> Path | None:
        """The data file, or None for a store in memory."""
        return self._storage.path if isinstance(self._storage, SafeJSONStorage) else None

    def close(self) -> None:
        """Release the data and lock files."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- schema -------------------------------------------------------------

    @_serialised
    def schema_version(self) -> int:
        """Return the layout version recorded in the data; 0 when there is no meta table."""
        meta = self._table("meta").all()
        return int(meta[0].get("schema_version", 0)) if meta else 0

    @_serialised
    def migrate(
        self, steps: Iterable[Migration] = MIGRATIONS, target: int = SCHEMA_VERSION
    ) -> None:
        """Run the steps that lead from the stored version to ``target``, in one transaction.

        Does nothing (and takes no lock) when the data is already at ``target``.
        Raises :class:`StoreError` for data newer than ``target``, which this
        code must not touch, or when no chain of steps reaches ``target``.
        """
        if self._checked_version(target) == target:
            return
        with self._transaction():
            version = self._checked_version(target)
            for step in sorted(steps, key=lambda s: s.from_version):
                if step.from_version == version and step.to_version <= target:
                    step.apply(self._table)
                    version = step.to_version
            if version != target:
                raise StoreError(f"{self._name()}: no way to update data version {version}")
            meta = self._table("meta")
            meta.truncate()
            meta.insert({"schema_version": target})

    # -- exercises ----------------------------------------------------------

    @_serialised
    def sync_builtin_exercises(self, docs: Iterable[Mapping[str, Any]]) -> None:
        """Make the built-in exercises match ``docs``; leave the user's own alone.

        Upserts by ``id`` with ``builtin: True`` and removes built-ins that are
        gone. Saves once, and not at all when nothing changed.
        """
        wanted = {doc["id"]: _normalised({**doc, "builtin": True}) for doc in docs}
        if not any(self._builtin_changes(wanted)):
            return
        with self._transaction():
            table = self._table("exercises")
            gone, changed = self._builtin_changes(wanted)
            table.remove(doc_ids=gone)
            table.insert_multiple(changed)

    @_serialised
    def exercises(self) -> list[dict[str, Any]]:
        """Return every exercise, built-in and user-made, in the order first stored."""
        return _in_stored_order(self._table("exercises"))

    # -- routines -----------------------------------------------------------

    @_serialised
    def routines(self) -> list[dict[str, Any]]:
        """Return the user's routines, in the order they were first saved."""
        return _in_stored_order(self._table("routines"))

    @_serialised
    def save_routine(self, doc: Mapping[str, Any]) -> None:
        """Insert the routine, or replace the stored one with the same ``id``."""
        new = _normalised(doc)
        if not isinstance(new.get("id"), str):
            raise ValueError("a routine needs a string 'id'")
        with self._transaction():
            _upsert(self._table("routines"), Query().id == new["id"], new)

    @_serialised
    def delete_routine(self, routine_id: str) -> bool:
        """Delete the routine with this id; False when there was none."""
        if not self._table("routines").contains(Query().id == routine_id):
            return False
        with self._transaction():
            return bool(self._table("routines").remove(Query().id == routine_id))

    # -- sessions -----------------------------------------------------------

    @_serialised
    def add_session(self, doc: Mapping[str, Any]) -> str:
        """Save a new session and return its id, assigning a fresh one when it has none."""
        new = _normalised(doc)
        supplied = bool(new.get("id"))
        if not supplied:
            new["id"] = uuid.uuid4().hex
        elif not isinstance(new["id"], str):
            raise ValueError("a session 'id' must be a string")
        with self._transaction():
            table = self._table("sessions")
            if supplied and table.contains(Query().id == new["id"]):
                raise ValueError(f"a session with id '{new['id']}' already exists")
            table.insert(new)
        return str(new["id"])

    @_serialised
    def update_session(self, session_id: str, doc: Mapping[str, Any]) -> None:
        """Replace the stored session ``session_id`` with ``doc``; KeyError if there is none."""
        new = {**_normalised(doc), "id": session_id}
        with self._transaction():
            table = self._table("sessions")
            found = table.get(Query().id == session_id)
            if not isinstance(found, Document):
                raise KeyError(f"no session with id '{session_id}'")
            _replace_all(table, [Document(new, found.doc_id)])

    @_serialised
    def sessions(self) -> list[dict[str, Any]]:
        """Return every session, oldest first by its ``started`` time (an ISO string)."""
        docs = [_plain(doc) for doc in self._table("sessions")]
        docs.sort(key=_started)
        return docs

    @_serialised
    def session(self, session_id: str) -> dict[str, Any] | None:
        """Return the session with this id, or None."""
        found = self._table("sessions").search(Query().id == session_id)
        return _plain(found[0]) if found else None

    @_serialised
    def last_session_for(self, routine_id: str) -> dict[str, Any] | None:
        """Return the most recently started session of a routine; None if never done."""
        found = self._table("sessions").search(Query().routine_id == routine_id)
        return _plain(max(found, key=_started)) if found else None

    # -- the recovery record -------------------------------------------------

    @_serialised
    def add_weekly_check(self, doc: Mapping[str, Any]) -> None:
        """Save a weekly check (answered or skipped), replacing one saved the same day."""
        new = _normalised(doc)
        if not isinstance(new.get("day"), str):
            raise ValueError("a weekly check needs a 'day' (YYYY-MM-DD)")
        with self._transaction():
            _upsert(self._table("weekly_checks"), Query().day == new["day"], new)

    @_serialised
    def weekly_checks(self) -> list[dict[str, Any]]:
        """Every weekly check, oldest first by day."""
        docs = [_plain(doc) for doc in self._table("weekly_checks")]
        docs.sort(key=lambda d: str(d.get("day", "")))
        return docs

    @_serialised
    def add_rest_day(self, day: str) -> None:
        """Mark a local day (YYYY-MM-DD) as a rest day; marking it twice changes nothing."""
        if self._table("rest_days").contains(Query().day == day):
            return
        with self._transaction():
            _upsert(self._table("rest_days"), Query().day == day, {"day": day})

    @_serialised
    def rest_days(self) -> list[str]:
        """Every rest day, oldest first."""
        return sorted(str(doc["day"]) for doc in self._table("rest_days") if "day" in doc)

    # -- settings -----------------------------------------------------------

    @_serialised
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return the stored value of a setting, or ``default``."""
        found = self._table("settings").search(Query().key == key)
        return _plain(found[0]["value"]) if found else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting; no save happens when the value is unchanged."""
        self.set_settings({key: value})

    @_serialised
    def set_settings(self, values: Mapping[str, Any]) -> None:
        """Store several settings in one save; no save happens when none changed."""
        table = self._table("settings")
        new = [_normalised({"key": key, "value": value}) for key, value in values.items()]
        changed = [doc for doc in new if table.search(Query().key == doc["key"]) != [doc]]
        if not changed:
            return
        with self._transaction():
            for doc in changed:
                _upsert(self._table("settings"), Query().key == doc["key"], doc)

    @_serialised
    def settings(self) -> dict[str, Any]:
        """Return every stored setting as a key -> value dict."""
        return {doc["key"]: _plain(doc["value"]) for doc in self._table("settings")}

    # -- internals ----------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One locked read-modify-write of the whole database (see CachedStorage)."""
        with self._storage.transaction():
            yield

    def _table(self, name: str) -> Table:
        """Return a TinyDB table over the current data, rebuilt when another process saved.

        TinyDB tables cache query results and the next document id, which
        would hide another process's writes; new table objects start clean.
        """
        self._storage.refresh()
        if self._storage.generation != self._generation:
            self._tables.clear()
            self._generation = self._storage.generation
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = self._db.table_class(self._storage, name)
        return table

    def _checked_version(self, target: int) -> int:
        """Return the stored schema version, refusing data written by a newer version."""
        version = self.schema_version()
        if version > target:
            raise StoreError(
                f"{self._name()} was written by a newer unpinch (data version {version}; "
                f"this one knows up to {target}); it was left untouched."
            )
        return version

    def _builtin_changes(self, wanted: dict[str, dict[str, Any]]) -> tuple[list[int], list[Doc]]:
        """List the doc ids of stored built-ins to drop, and the built-ins to (re)insert.

        A changed built-in keeps its doc id; a new one gets the next free id.
        """
        stored = list(self._table("exercises"))
        by_id = {key: doc for doc in stored if (key := _id_of(doc)) is not None}
        gone = [
            d.doc_id
            for d in stored
            if d.get("builtin") is True and wanted.get(_id_of(d) or "") != d
        ]
        next_id = max((int(d.doc_id) for d in stored), default=0) + 1
        fresh = []
        for exercise_id, new in wanted.items():
            old = by_id.get(exercise_id)
            if old is None:
                fresh.append(Document(new, next_id))
                next_id += 1
            elif old.get("builtin") is True and old != new:
                fresh.append(Document(new, old.doc_id))
        return gone, fresh

    def _name(self) -> str:
        """Name the data file for messages, or "the store" in memory."""
        return str(self.path) if self.path else "the store"


def _upsert(table: Table, match: Any, doc: dict[str, Any]) -> None:
    """Replace the documents matching ``match`` with ``doc`` (keeping the first's id), or add it."""
    found = table.search(match)
    if found == [doc]:
        return
    if not found:
        table.insert(doc)
        return
    table.remove(doc_ids=[d.doc_id for d in found])
    table.insert(Document(doc, found[0].doc_id))


def _replace_all(table: Table, docs: list[Document]) -> None:
    """Swap stored documents for new ones with the same doc ids, in two passes in all.

    Stored documents are sealed against in-place change (see library.tabletext),
    so an update is a removal and an insertion of a new object.
    """
    if docs:
        table.remove(doc_ids=[doc.doc_id for doc in docs])
        table.insert_multiple(docs)


def _in_stored_order(table: Table) -> list[dict[str, Any]]:
    """Copy a table's documents, ordered by document id."""
    return [_plain(doc) for doc in sorted(table, key=lambda d: int(d.doc_id))]


def _id_of(doc: Mapping[str, Any]) -> str | None:
    """Return a document's ``id`` when it is a string, else None."""
    value = doc.get("id")
    return value if isinstance(value, str) else None


def _started(doc: Mapping[str, Any]) -> str:
    """Sort key for sessions: the ISO start time, or "" when missing."""
    return str(doc.get("started") or "")


def _normalised(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-copy ``doc`` exactly as it will read back from the file (tuples become lists).

    Also rejects values JSON cannot hold before anything is saved.
    """
    try:
        result = json.loads(json.dumps(doc, ensure_ascii=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"cannot store this document: {error}") from None
    if not isinstance(result, dict):
        raise ValueError("a document must be a JSON object")
    return result


def _plain(value: Any) -> Any:
    """Deep-copy a JSON value into plain dicts and lists, quickly for stored data."""
    if isinstance(value, Mapping):
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    return value
