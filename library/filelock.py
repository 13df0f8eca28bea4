"""An inter-process lock held on a separate lock file with ``flock``.

Two copies of unpinch may run at once (two SSH logins, say). Each save is a
read-modify-write of the whole data file, so it must run under a lock that
every copy respects. The lock lives on its own file beside the data file,
because the data file itself is replaced on every save and a lock on a
replaced file protects nothing.

The lock file itself may be deleted or replaced by hand while a copy waits
on it; a lock on a file that no longer has the name protects nothing either,
so after taking the lock we check that the path still names the very file we
locked (same device and inode) and lock the new one if not.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class FileLock:
    """A re-entrant exclusive lock on ``path`` (a file, made if missing, or a folder).

    Nested ``exclusive()`` blocks in one process take the lock once. The lock
    file is opened lazily and again after a fork, since a forked child would
    otherwise share (and could release) its parent's lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid = 0
        self._depth = 0

    @property
    def held(self) -> bool:
        """True while this process holds the lock through this object."""
        return self._depth > 0

    def acquire(self) -> None:
        """Take the lock exclusively, waiting for another process to release it.

        Raises OSError when the lock file can neither be created nor opened.
        """
        if self._depth == 0:
            self._lock_current()
        self._depth += 1

    def release(self) -> None:
        """Give back one ``acquire``; the last one unlocks the file."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the lock for the duration of the block."""
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def close(self) -> None:
        """Close the lock file; the lock, if held, is released with it."""
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None
        self._depth = 0

    def _lock_current(self) -> None:
        """Lock the file that the path names now, retrying while it is swapped under us.

        Another copy may delete the lock file and create a new one between our
        ``open`` and our ``flock``; the lock would then sit on an orphan. We
        compare the locked descriptor with the path and start over on a
        mismatch, so two holders can never each lock a different file.
        """
        while True:
            fd = self._open()
            fcntl.flock(fd, fcntl.LOCK_EX)
            if self._names(fd):
                return
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            self._fd = None

    def _names(self, fd: int) -> bool:
        """Tell whether the lock path still names the file open on ``fd``."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)

    def _open(self) -> int:
        """Return the lock file's descriptor, opened by this process.

        Read-only is enough for ``flock``, and it lets a read-only folder with
        an existing lock file still be locked, and a file system be remounted
        read-only under a running copy.
        """
        if self._fd is not None and self._pid == os.getpid():
            return self._fd
        if self._fd is not None:
            # Inherited over a fork: closing our copy leaves the parent's lock alone.
            os.close(self._fd)
            self._fd = None
        try:
            self._fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except IsADirectoryError:  # a folder can be locked too; it cannot be created here
            self._fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self._pid = os.getpid()
        return self._fd
