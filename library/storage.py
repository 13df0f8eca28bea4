"""TinyDB storages that never lose a saved write: cached, transactional, crash-safe.

TinyDB's stock ``JSONStorage`` rewrites its file in place, so a kill in the
middle of a save leaves a file that no longer parses, and two processes on
one file silently drop each other's writes. :class:`SafeJSONStorage` instead

* writes the whole database to a temporary file in the same folder, fsyncs it,
  ``os.replace``-s it over the data file and fsyncs the folder, so the file on
  disk is always either the old version or the new one;
* runs every read-modify-write as a :meth:`~CachedStorage.transaction` under
  an inter-process lock, re-reading the file first if another process has
  replaced it, so concurrent copies of the app see and keep each other's work;
* keeps the parsed data in memory and re-parses only when the file's identity
  (device, inode, size, modification time) changes; it keeps the file it read
  open so that its inode number cannot be reused by a later file;
* moves a file that does not parse aside under a timestamped name, never
  overwriting it, and starts fresh with a one-line :attr:`~CachedStorage.notice`.

:class:`MemoryJSONStorage` runs the same code with the text held in memory,
for tests that do not need a file.
"""

from __future__ import annotations

import errno
import gc
import os
import time
from abc import abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from unpinch.library.filelock import FileLock
from unpinch.library.store_error import StoreError as StoreError
from unpinch.library.tabletext import BrokenText, Fragments, Tables, parse, render

Signature = tuple[int, int, int, int]
"""What identifies one version of the data file: device, inode, size, mtime in ns."""


class CachedStorage(Storage):
    """A TinyDB storage that caches parsed data and batches writes into transactions.

    Outside a transaction ``read()`` re-parses only when the backing text
    changed, and ``write()`` saves at once under the lock. Inside a
    transaction reads come from the cache and writes are kept until the
    outermost transaction ends, then saved once; an exception drops them.

    ``generation`` goes up whenever the cache is replaced from the backing
    text, so holders of derived state (TinyDB tables and their query caches)
    know to rebuild it. ``changes`` goes up on that and on every write or drop
    of the cache as well, so state derived from the data itself (the checked
    sessions) is rebuilt after this process's own writes too.
    """

    def __init__(self) -> None:
        super().__init__()
        self._data: Tables | None = None
        self._fragments: Fragments = {}
        self._depth = 0
        self._dirty = False
        self.generation = 0
        self.changes = 0
        self.notice: str | None = None
        self._untold: list[str] = []
        self._odd: Tables = {}

    def tell(self, message: str) -> None:
        """Record a one-line message for the user: latest in ``notice``, all in ``news``."""
        self.notice = message
        self._untold.append(message)

    def news(self) -> list[str]:
        """Hand over the messages not yet shown to the user, oldest first, and forget them."""
        told, self._untold = self._untold, []
        return told

    def read(self) -> Tables:
        """Return the whole database, from the cache unless the backing text has changed."""
        if self._depth == 0:
            self.refresh()
        if self._data is None:
            self._data = {}
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the whole database: kept until commit inside a transaction, else saved now."""
        self.changes += 1
        if self._depth:
            self._data, self._dirty = data, True
            return
        try:
            with self._locked():
                self._data = data
                self._save()
        except BaseException:
            self._forget()  # TinyDB changed the cached dict before calling us
            raise

    def refresh(self) -> None:
        """Re-read the backing text if it changed since it was last read or written.

        Inside a transaction the cache is already current: we hold the lock.
        """
        if self._depth:
            return
        if self._data is None or self._changed():
            data, self._fragments = self._reload()
            self._data, self._odd = self._set_aside_odd_keys(data)
            self.generation += 1
            self.changes += 1

    def _set_aside_odd_keys(self, data: Tables) -> tuple[Tables, Tables]:
        """Keep documents whose key is not a whole number out of TinyDB's sight.

        TinyDB turns every document key into an int and fails on anything
        else, such as a hand-edited ``"abc"``. Such documents are kept aside,
        named once to the user, and written back unchanged with every save.
        """
        odd: Tables = {}
        for name, table in data.items():
            bad = [key for key in table if not _is_doc_id(key)]
            if not bad:
                continue
            odd[name] = {key: table[key] for key in bad}
            data[name] = {key: doc for key, doc in table.items() if key not in odd[name]}
            for key in bad:
                self.tell(
                    f"Skipped record '{name}/{key}': its key is not a number "
                    "(it stays in the file as it is)."
                )
        return data, odd

    def holding_lock(self) -> AbstractContextManager[None]:
        """Hold the inter-process lock for a block, for files kept beside the data (journals)."""
        return self._locked()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run a read-modify-write under the lock: fresh data in, one save out.

        Nested transactions join the outermost one. If the block raises, its
        writes are dropped and the cache is re-read from the backing text.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._locked():
            self.refresh()
            self._depth = 1
            try:
                yield
                if self._dirty:
                    self._save()
            except BaseException:
                self._forget()
                raise
            finally:
                self._depth, self._dirty = 0, False

    def _save(self) -> None:
        """Render the cached data, reusing unchanged documents' text, and store it."""
        assert self._data is not None
        tables = self._data
        if self._odd:
            tables = {name: dict(table) for name, table in tables.items()}
            for name, docs in self._odd.items():
                tables.setdefault(name, {}).update(docs)
        try:
            text, fragments = render(tables, self._fragments)
            self._store_text(text)
        except BaseException:
            self._forget()
            raise
        self._fragments = fragments

    def forget(self) -> None:
        """Drop the cache (not inside a transaction): the next read parses the backing text."""
        if self._depth:
            raise RuntimeError("the cache cannot be dropped inside a transaction")
        self._forget()

    def _forget(self) -> None:
        """Drop the cache so that the next read re-parses what is really stored."""
        self._data, self._fragments, self._odd = None, {}, {}
        self.changes += 1

    @abstractmethod
    def _locked(self) -> AbstractContextManager[None]:
        """Return a context that holds the inter-process lock."""

    @abstractmethod
    def _changed(self) -> bool:
        """Tell whether the backing text may differ from what the cache was read from."""

    @abstractmethod
    def _reload(self) -> tuple[Tables, Fragments]:
        """Parse the backing text (an empty database when there is none)."""

    @abstractmethod
    def _store_text(self, text: str) -> None:
        """Make ``text`` the backing text, atomically."""


class MemoryJSONStorage(CachedStorage):
    """The cached, transactional storage over JSON text held in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.text: str | None = None

    def _locked(self) -> AbstractContextManager[None]:
        """No other process can see memory, so there is nothing to lock."""
        return nullcontext()

    def _changed(self) -> bool:
        """Only this object changes the text, and it keeps its cache in step."""
        return False

    def _reload(self) -> tuple[Tables, Fragments]:
        """Parse the text kept in memory."""
        return ({}, {}) if self.text is None else parse(self.text)

    def _store_text(self, text: str) -> None:
        """Keep the text."""
        self.text = text


class SnapshotJSONStorage(MemoryJSONStorage):
    """The data file read once into memory, for commands that only read.

    Nothing on disk is created, locked or changed: a missing file reads as an
    empty database, and upgrades or built-in syncing apply to the copy in
    memory only. Text that does not parse raises :class:`BrokenText`, so the
    caller can open the file for repair instead.
    Construct it through TinyDB: ``TinyDB(path, storage=SnapshotJSONStorage)``.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"Could not read {self.path}: {_why(error)}") from None
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BrokenText("it is not UTF-8 text") from None

    @property
    def target(self) -> Path:
        """The file that really holds the data (where a symlink points), as for the real file.

        Journals of sessions being played lie beside it, and are read from there.
        """
        return Path(os.path.realpath(self.path))


class SafeJSONStorage(CachedStorage):
    """The cached, transactional storage over a JSON file that survives kills and rivals.

    Construct it through TinyDB: ``TinyDB(path, storage=SafeJSONStorage)``.
    Creates the data folder and sweeps temporary files left by writers that
    were killed. Raises :class:`StoreError` when the folder cannot be created.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self._held: int | None = None
        self._signature: Signature | None = None
        self.vanished = False
        try:
            make_private_folder(self.target.parent)
        except OSError as error:
            raise StoreError(
                f"Could not create the folder {self.target.parent}: {_why(error)}"
            ) from None
        self.lock = FileLock(self.target.parent)
        self._sweep_temporary_files()

    @property
    def target(self) -> Path:
        """The file that really holds the data: the path, or where its symlink points now.

        A data file that is a symlink (to a synced folder, say) stays one:
        saves replace the link's target, never the link.
        """
        return Path(os.path.realpath(self.path))

    @property
    def temp_prefix(self) -> str:
        """How every temporary file this storage writes begins."""
        return f".{self.target.name}.tmp-"

    def close(self) -> None:
        """Close the kept data file and the lock file."""
        self._hold(None, None)
        self.lock.close()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the lock file; failing to open it is a StoreError naming it."""
        try:
            self.lock.acquire()
        except OSError as error:
            raise StoreError(f"Could not lock {self.lock.path}: {_why(error)}") from None
        try:
            yield
        finally:
            self.lock.release()

    def _changed(self) -> bool:
        """Compare the data file's identity now with the version the cache came from."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return self._signature is not None
        except OSError as error:
            raise StoreError(f"Could not read {self.path}: {_why(error)}") from None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != self._signature

    def _reload(self) -> tuple[Tables, Fragments]:
        """Parse the data file; one that does not parse is moved aside under the lock."""
        try:
            return self._parse_current()
        except BrokenText:
            pass
        with self._locked():
            try:  # another copy may have moved it aside or replaced it meanwhile
                return self._parse_current()
            except BrokenText as broken:
                self._move_aside(broken.reason)
        return {}, {}

    def _parse_current(self) -> tuple[Tables, Fragments]:
        """Read and parse the data file, keeping it open; an absent file is an empty database."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            self.vanished = self._signature is not None
            self._hold(None, None)
            return {}, {}
        except OSError as error:
            raise StoreError(f"Could not read {self.path}: {_why(error)}") from None
        self.vanished = False
        try:
            st = os.fstat(fd)
            with open(fd, "rb", closefd=False) as handle:
                raw = handle.read()
        except OSError as error:
            os.close(fd)
            raise StoreError(f"Could not read {self.path}: {_why(error)}") from None
        self._hold(fd, (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BrokenText("it is not UTF-8 text") from None
        return parse(text)

    def _store_text(self, text: str) -> None:
        """Write a temporary file, fsync it, replace the data file with it, fsync the folder.

        Afterwards the new file is kept open read-only (see ``_hold``).
        """
        target = self.target
        temp = target.with_name(f"{self.temp_prefix}{os.getpid()}-{os.urandom(4).hex()}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, self._mode())
        except OSError as error:
            raise StoreError(f"Could not save {self.path}: {_why(error)}") from None
        try:
            _write_all(fd, text.encode("utf-8"))
            os.fsync(fd)
            os.replace(temp, target)
        except OSError as error:
            _remove_quietly(temp)
            raise StoreError(f"Could not save {self.path}: {_why(error)}") from None
        finally:
            os.close(fd)
        try:
            self._hold_current()
            _fsync_folder(target.parent)
        except OSError as error:
            raise StoreError(f"Could not save {self.path}: {_why(error)}") from None

    def _hold_current(self) -> None:
        """Keep the data file we just wrote open read-only; we hold the lock, so it is ours."""
        fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        st = os.fstat(fd)
        self._hold(fd, (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))

    def _mode(self) -> int:
        """Permission bits for a new data file: the current file's, or owner-only."""
        try:
            return os.stat(self.path).st_mode & 0o777
        except OSError:
            return 0o600

    def _hold(self, fd: int | None, signature: Signature | None) -> None:
        """Keep ``fd`` open as the version the cache matches, closing the one kept before."""
        if self._held is not None:
            os.close(self._held)
        self._held, self._signature = fd, signature

    def _move_aside(self, reason: str) -> None:
        """Rename an unreadable data file to a timestamped name and say so in ``notice``."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        data = self.target
        target = data.with_name(f"{data.name}.broken-{stamp}")
        count = 1
        while target.exists():
            count += 1
            target = data.with_name(f"{data.name}.broken-{stamp}-{count}")
        try:
            os.rename(data, target)
            _fsync_folder(data.parent)
        except OSError as error:
            raise StoreError(
                f"Your data file {self.path} could not be read ({reason}) "
                f"and could not be moved aside: {_why(error)}"
            ) from None
        self._hold(None, None)
        self.tell(
            f"Your data file could not be read ({reason}); it was moved to {target} "
            "and a fresh one was started."
        )

    def _sweep_temporary_files(self) -> None:
        """Delete temporary files left by killed writers.

        Writers create temporary files only while holding the lock, so any
        found while we hold it are orphans. Best effort: a folder we cannot
        lock or change is left alone.
        """
        folder, prefix = self.target.parent, self.temp_prefix  # each resolves the path: once
        try:
            if not any(name.startswith(prefix) for name in os.listdir(folder)):
                return
            with self.lock.exclusive():
                for name in os.listdir(folder):
                    if name.startswith(prefix):
                        _remove_quietly(folder / name)
        except OSError:
            return


def _is_doc_id(key: str) -> bool:
    """Tell whether a document key is one TinyDB can read: a whole number."""
    try:
        int(key)
    except ValueError:
        return False
    return True


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents as owner-only (0700); leave existing ones be.

    Other users on a shared SSH host must not even list a health record's folder.
    ``Path.mkdir(parents=True)`` would give the parents the umask's mode instead.
    """
    missing = []
    here = folder
    while not here.exists() and here.parent != here:
        missing.append(here)
        here = here.parent
    for made in reversed(missing):
        with suppress(FileExistsError):
            os.mkdir(made, 0o700)
    if not folder.is_dir():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(folder))


def _why(error: OSError) -> str:
    """Return the short reason an OSError carries, such as "No space left on device"."""
    return error.strerror or str(error)


def write_atomically(target: Path, data: bytes, temp: Path, mode: int) -> None:
    """Make ``data`` the content of ``target``: write ``temp``, fsync, rename, fsync the folder.

    A kill at any moment leaves ``target`` as it was or as it is now, never half
    written. Raises :class:`StoreError` naming ``target``; ``temp`` is removed on failure.
    """
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    except OSError as error:
        raise StoreError(f"Could not save {target}: {_why(error)}") from None
    try:
        _write_all(fd, data)
        os.fsync(fd)
        os.replace(temp, target)
        _fsync_folder(target.parent)
    except OSError as error:
        _remove_quietly(temp)
        raise StoreError(f"Could not save {target}: {_why(error)}") from None
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte, looping over short writes."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder: Path) -> None:
    """Fsync a folder so that a rename inside it survives a power cut."""
    fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    """Delete a file if it is there and we may; never raise."""
    with suppress(OSError):
        os.unlink(path)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a one-shot command reads a big history.

    Ten years of sessions are about a million small dicts, lists and strings,
    none of them in a cycle; the collections their allocation sets off would
    walk all of them again and again (a third of the time of reading them).
    Only for the main thread of a plain command: the app, whose save thread
    reads the store, leaves the collector to its own timing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
