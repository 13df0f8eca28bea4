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
from contextlib import contextmanager, suppress
from functools import update_wrapper
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from unpinch.library import journal, lease
from unpinch.library.digest import sha256_hex
from unpinch.library.record import Record, record
from unpinch.library.records import session_problem
from unpinch.library.storage import (
    CachedStorage,
    MemoryJSONStorage,
    SafeJSONStorage,
    SnapshotJSONStorage,
)
from unpinch.library.store_error import StoreError
from unpinch.library.tabletext import BrokenText, sealed_copy

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Migration",
    "RoutineChanged",
    "SessionTaken",
    "Store",
    "StoreError",
]
FINAL_STATUSES = frozenset({"completed", "stopped"})
"""A session with one of these statuses is over; no later step may reopen it."""

SCHEMA_VERSION = 2
"""The data layout this code reads and writes; ``meta.schema_version`` in the file."""

TableGetter = Callable[[str], Table]
Doc = Document
P = ParamSpec("P")
R = TypeVar("R")
Plain = dict[str, Any]
"""A stored document as a plain dict."""
_SCALARS = frozenset({str, int, float, bool, type(None)})


@record
class Migration(Record):
    """One step that rewrites stored data from ``from_version`` to ``to_version``.

    ``apply`` gets a function returning TinyDB tables by name and runs inside
    the open transaction, so all its changes are saved together or not at all.
    """

    from_version: int
    to_version: int
    apply: Callable[[TableGetter], None]


class SessionTaken(StoreError):
    """Another copy of unpinch has moved this session further on; our save was not applied."""


class RoutineChanged(StoreError):
    """The routine was changed elsewhere since it was read; ``current`` is what is stored now."""

    def __init__(self, routine_id: str, current: dict[str, Any] | None) -> None:
        super().__init__(f"routine '{routine_id}' was changed elsewhere since it was opened")
        self.routine_id = routine_id
        self.current = current


def revision(doc: Mapping[str, Any] | None) -> str:
    """A short content hash of a stored document ("" for none), to notice changes made elsewhere."""
    if doc is None:
        return ""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256_hex(text.encode())[:16]


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
        self._checked: tuple[tuple[CachedStorage, int], list[Plain]] | None = None
        """The readable stored sessions, sealed, and the version of the data they are of."""
        self._mutex = threading.RLock()
        self._told: set[str] = set()
        self._memory_leases: set[str] = set()
        self._journaled: dict[str, lease.Lease] = {}
        """Sessions played here, whose step saves go to their journal (see library.journal)."""

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
        with suppress(StoreError, OSError):  # a folder we cannot change: the journals stay read
            store.fold_journals()
        return store

    @classmethod
    def open_read_only(cls, path: Path) -> Store:
        """Read the data file at ``path`` into memory without creating or changing anything.

        For commands that only list or show: what they change (an upgrade of
        an older layout, the built-in exercises) stays in memory. A file that
        does not parse is opened as :meth:`open` does, which moves it aside.
        """
        try:
            store = cls(TinyDB(path, storage=SnapshotJSONStorage))
            store.migrate()
        except BrokenText:
            return cls.open(path)
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

    def news(self) -> list[str]:
        """Messages about the data not yet shown to the user (skipped records, a replaced file)."""
        return self._storage.news()

    @property
    def path(self) -> Path | None:
        """The data file, or None for a store in memory."""
        storage = self._storage
        return storage.path if isinstance(storage, SafeJSONStorage | SnapshotJSONStorage) else None

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
        if not meta:
            return 0
        version = meta[0].get("schema_version", 0)
        if isinstance(version, int) and not isinstance(version, bool) and version >= 0:
            return version
        self._tell_once(
            "meta",
            f"The data version {_shown(version)} is not a whole number; "
            "it was read as the oldest layout and brought up to date.",
        )
        return 0

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
        gone. Saves once, and not at all when nothing changed: that is every
        start but the first after an upgrade, so the docs are first compared
        as given, and made exactly as they will read back (a JSON round trip
        each) only when they differ. A stored doc came from JSON, so one that
        equals the given doc leaves nothing to make.
        """
        given = {doc["id"]: {**doc, "builtin": True} for doc in docs}
        if not any(self._builtin_changes(given)):
            return
        wanted = {key: _normalised(doc) for key, doc in given.items()}
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
    def routine(self, routine_id: str) -> dict[str, Any] | None:
        """Return the user's routine with this id as stored now, or None."""
        found = self._table("routines").search(Query().id == routine_id)
        return _plain(found[0]) if found else None

    @_serialised
    def save_routine(self, doc: Mapping[str, Any], expected: str | None = None) -> None:
        """Insert the routine, or replace the stored one with the same ``id``.

        ``expected`` is the :func:`revision` of the routine when the editor
        opened it ("" for a routine that did not exist yet). If what is stored
        now differs, someone else changed it meanwhile: :class:`RoutineChanged`
        is raised and nothing is written, so the caller can ask what to keep.
        """
        new = _normalised(doc)
        if not isinstance(new.get("id"), str):
            raise ValueError("a routine needs a string 'id'")
        with self._transaction():
            table = self._table("routines")
            if expected is not None:
                found = table.search(Query().id == new["id"])
                current = _plain(found[0]) if found else None
                if revision(current) != expected:
                    raise RoutineChanged(new["id"], current)
            _upsert(table, Query().id == new["id"], new)

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
    def delete_session(self, session_id: str) -> bool:
        """Delete the session with this id in one locked write; False when there was none.

        Only that record goes: the other sessions are written back as they are.
        """
        with self._transaction():
            return bool(self._table("sessions").remove(Query().id == session_id))

    @_serialised
    def sessions(self) -> list[dict[str, Any]]:
        """Return a copy of every session, oldest first by its ``started`` time (an ISO string)."""
        return [_plain(doc) for doc in self.sealed_sessions()]

    @_serialised
    def sealed_sessions(self) -> list[dict[str, Any]]:
        """Every session, oldest first, shared with the store: for readers, at no copying cost.

        The stored ones are checked and sealed once per version of the data
        (a write here or a save elsewhere makes a new version), so a history
        of ten years costs its checks once, not at every screen that shows
        it. Sealed documents raise on any change, at every depth; a live
        journal's version of a session is a fresh copy each call.
        """
        return self._with_journals(list(self._checked_sessions()))

    @_serialised
    def taken_sessions(self) -> list[dict[str, Any]]:
        """Every readable session, oldest first, handed over with no copy; the store forgets them.

        For a command that reads the history once and exits (``history --csv``
        with ten years of it): the documents given are the ones parsed from
        the file, so the store drops its cache, and any later read parses the
        file again rather than share them.
        """
        docs: list[Plain] = list(self._readable(self._table("sessions")))
        docs.sort(key=_started)
        docs = self._with_journals(docs)
        self._storage.forget()
        return docs

    def _with_journals(self, docs: list[Plain]) -> list[Plain]:
        """``docs`` (oldest first) with live journals' versions over them, still oldest first.

        Sorted again only when a journal changed the list: the checked sessions
        are kept in order, so most reads cost no sort.
        """
        live = self._journal_docs()
        if not live:
            return docs
        docs = _overlaid(docs, live)
        docs.sort(key=_started)
        return docs

    def _checked_sessions(self) -> list[Plain]:
        """The readable stored sessions, sealed, oldest first; rebuilt when the data changed."""
        table = self._table("sessions")
        version = (self._storage, self._storage.changes)
        if self._checked is None or self._checked[0] != version:
            docs = [sealed_copy(doc) for doc in self._readable(table)]
            docs.sort(key=_started)
            self._checked = (version, docs)
        return self._checked[1]

    @_serialised
    def session_starts(self) -> list[tuple[str, str]]:
        """Every session's (routine id, start) as stored text, for what is due and streaks.

        Reads two fields only, each checked to be text, so it stays quick with years of
        history and needs none of the full check every record gets in :meth:`sessions`.
        """
        live = self._journal_docs()
        pairs = []
        stored = (doc for doc in self._table("sessions") if _id_of(doc) not in live)
        for doc in [*stored, *live.values()]:
            routine_id, started = doc.get("routine_id"), doc.get("started")
            if isinstance(routine_id, str) and isinstance(started, str):
                pairs.append((routine_id, started))
        return pairs

    @_serialised
    def session(self, session_id: str) -> dict[str, Any] | None:
        """Return the session with this id, or None (also when it cannot be read)."""
        found = self._readable(self._table("sessions").search(Query().id == session_id))
        live = self._journal_docs(session_id)
        docs = _overlaid([_plain(doc) for doc in found[:1]], live)
        return docs[0] if docs else None

    @_serialised
    def last_session_for(self, routine_id: str) -> dict[str, Any] | None:
        """Return the most recently started session of a routine; None if never done."""
        found = self._readable(self._table("sessions").search(Query().routine_id == routine_id))
        docs = _overlaid([_plain(doc) for doc in found], self._journal_docs())
        docs = [doc for doc in docs if doc.get("routine_id") == routine_id]
        return max(docs, key=_started) if docs else None

    @_serialised
    def put_session(
        self, doc: Mapping[str, Any], writer: str = "", *, saved_before: bool = True
    ) -> str | None:
        """Save a session played here, by its ``id``: update it, or add it if it is missing.

        The player calls this at every step. It never loses the session: if
        the data file was deleted, replaced by a backup or moved aside since
        the last save, the session is written into whatever file is at the
        path now, and the returned line says so (None when all was as
        expected). ``writer`` names the copy of unpinch playing it; when the
        stored record was written by another one that got further (finished
        it, or reached a later step), :class:`SessionTaken` is raised and the
        stored record is kept: progress never goes backwards.
        """
        new = _normalised(doc)
        session_id = new.get("id")
        if not isinstance(session_id, str) or not session_id:
            raise ValueError("a session to put needs a string 'id'")
        if writer:
            new["writer"] = writer
        journal_file = self._journal_of(session_id)
        with self._transaction():
            table = self._table("sessions")
            found = table.get(Query().id == session_id)
            if isinstance(found, Document) and _overtaken(found, new):
                raise SessionTaken(
                    "this workout was moved further on in another window of unpinch; "
                    "that record is kept"
                )
            if journal_file is not None:  # played here: the step goes to the small file
                journal.write(journal_file, new, self._temp_prefix())
            if isinstance(found, Document):
                if journal_file is None:
                    _replace_all(table, [Document(new, found.doc_id)])
                return None
            table.insert(new)
            return self._lost_and_found() if saved_before else None

    # -- who is playing -----------------------------------------------------

    def lease_session(self, session_id: str) -> lease.Lease | None:
        """Become the one copy of unpinch playing this session; None while another one is.

        Hold the lease while the workout plays and release it when it ends;
        if this process dies, the lease is free at once.
        """
        folder = self._lease_folder()
        if folder is None:
            if session_id in self._memory_leases:
                return None
            self._memory_leases.add(session_id)
            return _MemoryLease(self._memory_leases, session_id)
        held = lease.take(lease.lease_path(folder, self._data_name(), session_id))
        if held is not None:
            with self._mutex:
                self._fold_quietly(self._journal_path(session_id))  # ours now: its owner is gone
                self._journaled[session_id] = held
        return held

    def release_session(self, session_id: str, held: lease.Lease) -> None:
        """The workout is over here: fold its journal into the data file, then give up the lease.

        A fold that fails leaves the journal for the next start, which folds it.
        """
        try:
            with self._mutex:
                if self._journaled.get(session_id) is held:
                    del self._journaled[session_id]
                    self._fold_quietly(self._journal_path(session_id))
        finally:
            held.release()

    @_serialised
    def fold_journals(self) -> None:
        """Fold every journal whose owner is gone into the data file (done by :meth:`open`).

        Each is checked and folded under the store's lock, so a journal a new
        owner has just started is never removed unread.
        """
        folder = self._lease_folder()
        if folder is None:
            return
        name = self._data_name()
        found = [(sid, path) for sid, path in journal.journals(folder, name)]
        if not found:
            return
        with self._storage.holding_lock():
            for session_id, path in found:
                if session_id in self._journaled:
                    continue
                if not lease.is_live(lease.lease_path(folder, name, session_id)):
                    self._fold(path)

    def session_is_live(self, session_id: str) -> bool:
        """Tell whether some copy of unpinch is playing this session right now."""
        folder = self._lease_folder()
        if folder is None:
            return session_id in self._memory_leases
        return lease.is_live(lease.lease_path(folder, self._data_name(), session_id))

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
        new = [_normalised({"key": key, "value": value}) for key, value in values.items()]
        if not self._settings_differ(new):
            return
        with self._transaction():  # re-read under the lock: only these keys are written
            for doc in self._settings_differ(new):
                _upsert(self._table("settings"), Query().key == doc["key"], doc)

    @_serialised
    def update_setting(self, key: str, change: Callable[[Any], Any], default: Any = None) -> Any:
        """Read a setting, change it with ``change`` and store the result, all under the lock.

        For values that several copies may change at once, such as the pins:
        each copy's change is applied to the other's, never over it. Returns
        the new value.
        """
        with self._transaction():
            value = change(self.get_setting(key, default))
            doc = _normalised({"key": key, "value": value})
            _upsert(self._table("settings"), Query().key == key, doc)
        return value

    @_serialised
    def settings(self) -> dict[str, Any]:
        """Return every stored setting as a key -> value dict, skipping documents without a key."""
        values: dict[str, Any] = {}
        for doc in self._table("settings"):
            key = doc.get("key")
            if isinstance(key, str) and "value" in doc:
                values[key] = _plain(doc["value"])
            else:
                self._tell_once(
                    f"settings/{doc.doc_id}",
                    f"Skipped setting record {doc.doc_id}: it has no key or no value "
                    "(it stays in the file as it is).",
                )
        return values

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

    def _readable(self, docs: Iterable[Document]) -> list[Document]:
        """Keep the sessions the app can read; name each other one once (it stays in the file)."""
        kept = []
        for doc in docs:
            problem = session_problem(doc)
            if not problem:
                kept.append(doc)
                continue
            self._tell_once(
                f"sessions/{doc.doc_id}",
                f"Skipped session record {doc.doc_id} ({_shown(doc.get('id'))}): {problem} "
                "(it stays in the file as it is).",
            )
        return kept

    def _tell_once(self, what: str, message: str) -> None:
        """Give the user ``message`` about ``what`` the first time only."""
        if what not in self._told:
            self._told.add(what)
            self._storage.tell(message)

    def _settings_differ(self, new: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The setting documents in ``new`` that differ from what is stored."""
        table = self._table("settings")
        return [doc for doc in new if table.search(Query().key == doc["key"]) != [doc]]

    def _lost_and_found(self) -> str:
        """Say why a session being updated had to be added again, in one line."""
        storage = self._storage
        where = self._name()
        if isinstance(storage, SafeJSONStorage) and storage.vanished:
            return f"The data file {where} was deleted; a new one was made with this session."
        return (
            f"The data file {where} no longer held this session (replaced or moved aside); "
            "the session was saved into it again."
        )

    def _fold(self, path: Path) -> None:
        """Write the journal's version into the data file, then delete the journal.

        Call with the store's lock held. The journal goes only once the data file
        holding its version is on disk, so a kill in between folds it again, to
        the same result.
        """
        doc = journal.read(path)
        if doc is not None:
            with self._transaction():
                table = self._table("sessions")
                found = table.get(Query().id == doc["id"])
                if not isinstance(found, Document):
                    table.insert(doc)
                elif journal.kept(found, doc, _overtaken) is doc and _plain(found) != doc:
                    _replace_all(table, [Document(doc, found.doc_id)])
        journal.remove(path)

    def _fold_quietly(self, path: Path | None) -> None:
        """Fold one journal, if there is one, under the lock; a failure leaves it for later."""
        if path is None or not path.exists():
            return
        with suppress(StoreError, OSError), self._storage.holding_lock():
            self._fold(path)

    def _journal_path(self, session_id: str) -> Path | None:
        """The journal file of one session of this data file; None in memory."""
        folder = self._lease_folder()
        if folder is None:
            return None
        return journal.journal_path(folder, self._data_name(), session_id)

    def _journal_of(self, session_id: str) -> Path | None:
        """The journal that step saves of ``session_id`` go to: only while it is leased here."""
        held = self._journaled.get(session_id)
        return self._journal_path(session_id) if held is not None and held.held else None

    def _journal_docs(self, session_id: str | None = None) -> dict[str, dict[str, Any]]:
        """The sessions held in journals now, by id (only ``session_id``'s when given)."""
        folder = self._lease_folder()
        if folder is None:
            return {}
        if session_id is not None:
            path = journal.journal_path(folder, self._data_name(), session_id)
            found = [(session_id, path)] if path.exists() else []
        else:
            found = list(journal.journals(folder, self._data_name()))
        docs = {}
        for sid, path in found:
            doc = journal.read(path)
            if doc is not None and doc["id"] == sid and not session_problem(doc):
                docs[sid] = doc
        return docs

    def _temp_prefix(self) -> str:
        """How this store's temporary files begin (swept at start)."""
        storage = self._storage
        return storage.temp_prefix if isinstance(storage, SafeJSONStorage) else ".tmp-"

    def _lease_folder(self) -> Path | None:
        """The folder that holds this store's session leases and journals; None in memory."""
        storage = self._storage
        if isinstance(storage, SafeJSONStorage | SnapshotJSONStorage):
            return storage.target.parent
        return None

    def _data_name(self) -> str:
        """The data file's own name, which lease and journal names start from."""
        storage = self._storage
        if isinstance(storage, SafeJSONStorage | SnapshotJSONStorage):
            return storage.target.name
        return "memory"

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


class _MemoryLease(lease.Lease):
    """A lease on a session of an in-memory store: a name in a set, for tests."""

    def __init__(self, held: set[str], session_id: str) -> None:
        self._names, self._session = held, session_id
        self.path = Path(session_id)
        self._fd = None
        self._beat_at = 0.0
        self._free = False

    @property
    def held(self) -> bool:
        """True until released."""
        return not self._free

    def beat(self, now: float | None = None) -> None:
        """Nothing to refresh in memory."""

    def release(self) -> None:
        """Drop the name."""
        self._names.discard(self._session)
        self._free = True


def _overtaken(stored: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Tell whether another writer's stored session is further on than ``new``.

    The same writer may go back (the user pressed "previous"); a different
    one may not undo a finish or move the resume point back.
    """
    if stored.get("writer", "") == new.get("writer", "") or not stored.get("writer"):
        return False
    if stored.get("status") in FINAL_STATUSES:
        return new.get("status") not in FINAL_STATUSES
    if new.get("status") in FINAL_STATUSES:
        return False
    old_at, new_at = stored.get("resume_index"), new.get("resume_index")
    return isinstance(old_at, int) and isinstance(new_at, int) and new_at < old_at


def _overlaid(docs: list[dict[str, Any]], live: Mapping[str, Mapping[str, Any]]) -> list[Plain]:
    """``docs`` from the data file with each journal's version of a session over its copy.

    A session only a journal holds (its start was never written) is added.
    """
    if not live:
        return docs
    seen = set()
    result = []
    for doc in docs:
        sid = doc.get("id")
        if isinstance(sid, str) and sid in live:
            seen.add(sid)
            doc = dict(journal.kept(doc, live[sid], _overtaken))
        result.append(doc)
    result.extend(_plain(doc) for sid, doc in live.items() if sid not in seen)
    return result


def _shown(value: Any) -> str:
    """A short, escaped rendering of a stored value for a one-line message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
