"""Only regular files are read: a FIFO, a device or a folder is refused at once, by name.

Reading a named pipe blocks until someone writes to it, ``/dev/zero`` never
ends and a folder cannot be read at all, so a data file (``--db``) or a routine
file (``import``) that is not a regular file is refused before anything reads
it. Opening uses ``O_NONBLOCK`` and checks the opened file itself, so a path
swapped for a pipe between the check and the read cannot hang either. A
symlink to a regular file is a regular file here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NotRegularFile", "not_regular_reason", "read_regular"]


class NotRegularFile(OSError):
    """The path names something other than a regular file, or a file over the size limit."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def not_regular_reason(path: Path) -> str | None:
    """Why ``path`` cannot be used as a file ("is a folder, not a file"); None if it can.

    A path that does not exist yet is fine (it will be created); so is a
    symlink whose target is a regular file or does not exist yet.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    kind = _kind(mode)
    return None if kind is None else f"is {kind}"


def read_regular(path: Path, limit: int) -> bytes:
    """Read a whole regular file of at most ``limit`` bytes, refusing anything else at once.

    Raises :class:`NotRegularFile` for a folder, FIFO, device or socket and
    for a file over ``limit`` bytes (checked on the open file and again while
    reading, in case it grows), and ``OSError`` when it cannot be opened.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegularFile(f"it is {kind}")
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise NotRegularFile(f"it is larger than {limit // 1_000_000} MB")
    return data
