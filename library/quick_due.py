"""``unpinch due`` for a shell prompt or a tmux status line: yesterday's work not done twice.

The full command loads and validates the whole exercise library and opens the
store, which costs far more than a status line that runs every few seconds can
spend. Its answer depends only on the data file, the library's files, the day
and the local time zone, so the full command writes the answer it gave into a
small private file beside the data file, under a key naming exactly those
inputs: each file's device, inode, size and modification time (to the
nanosecond), today's date and the zone's name and offset. The quick path builds
the same key from a handful of ``stat`` calls and prints the stored answer only
when the keys match; anything else (no cache, a data file written since, an
edited library file, a new day, another zone, a cache from another format) makes
it step aside, and the full command answers instead and stores its answer.

Nothing here imports more than :mod:`os`, :mod:`stat` and :mod:`time`: not
pathlib, json, datetime or the library, since each import is paid on every
status-line refresh.
"""

from __future__ import annotations

import os
import stat
import sys
import time

TYPE_CHECKING = False
"""Stands in for ``typing.TYPE_CHECKING``: importing typing costs a status line dearly."""

if TYPE_CHECKING:
    from collections.abc import Mapping

CACHE_FORMAT = 2
"""Bumped whenever the cache's layout changes, so an old cache is simply ignored."""

LIBRARY_FILES = ("sources.toml", "exercises.toml", "routines.toml", "avoid.toml", "glossary.toml")
"""The library files the catalogue is built from; a change to any of them voids the cache."""

LIBRARY_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
"""The built-in library's folder, as :data:`unpinch.library.paths.LIBRARY_DATA_DIR` names it."""

MAX_CACHE_BYTES = 64 * 1024
"""A cache larger than this was not written by unpinch and is not read."""


def cache_path(db: str | os.PathLike[str]) -> str:
    """The cache file that belongs to data file ``db``: a hidden file beside it."""
    folder, name = os.path.split(os.fspath(db))
    return os.path.join(folder, f".{name}.due-cache")


def quick_db_path(cli_value: str | None, env: Mapping[str, str]) -> str | None:
    """The data file as :func:`unpinch.library.paths.resolve_db_path` picks it, without pathlib.

    The default folder is worked out here only on Linux (``$XDG_DATA_HOME`` or
    ``~/.local/share``, as platformdirs does); elsewhere None sends the command
    the long way, which asks platformdirs.
    """
    for value in (cli_value, env.get("UNPINCH_DB")):
        if value:
            return os.path.expanduser(value)
    if not sys.platform.startswith("linux"):
        return None
    base = env.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
    return os.path.join(base, "unpinch", "unpinch.json")


def _signature(path: str) -> str | None:
    """Device, inode, size and modification time of the regular file ``path``; else None."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return f"{found.st_dev}:{found.st_ino}:{found.st_size}:{found.st_mtime_ns}"


def today_text() -> str:
    """Today's local date as ``YYYY-MM-DD``, the form :meth:`datetime.date.isoformat` gives."""
    now = time.localtime()
    return f"{now.tm_year:04d}-{now.tm_mon:02d}-{now.tm_mday:02d}"


def answer_key(
    db: str | os.PathLike[str], data_dir: str | os.PathLike[str], today: str
) -> str | None:
    """The key an answer for ``today`` is filed under; None when a file cannot be read.

    The full command takes the key *before* it reads the library and the store:
    should a file change in between, the answer is filed under the old key,
    which the changed file no longer matches, so a stale answer is never shown.
    """
    parts = [f"unpinch due {CACHE_FORMAT}", today, _zone()]
    for path in (os.fspath(db), *(os.path.join(data_dir, n) for n in LIBRARY_FILES)):
        signature = _signature(path)
        if signature is None:
            return None
        parts.append(signature)
    return " ".join(parts)


def _zone() -> str:
    """The local zone as it decides which day a session fell on: $TZ, its name and offset."""
    now = time.localtime()
    return f"{os.environ.get('TZ', '-')!r}:{now.tm_zone}:{now.tm_gmtoff}"


def write_answer(
    db: str | os.PathLike[str], key: str | None, status: int, tmux: str, text: str
) -> None:
    """Store the answer the full command gave (exit status, tmux segment, plain text) under ``key``.

    ``tmux`` is one line and ``text`` ends with a newline; both are already
    made safe to show. Written to a temporary file and renamed, so a reader
    never sees half a cache, and private like the data file (it names the
    user's routines); a folder that cannot be written to only means no quick
    answers.
    """
    if key is None or "\n" in key or "\n" in tmux:
        return
    target = cache_path(db)
    temp = f"{target}.{os.getpid()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{key}\n{status}\n{tmux}\n{text}")
        os.replace(temp, target)
    except FileExistsError:
        return  # another file in the way (a crashed run's, or planted): never write through it
    except OSError:
        try:  # noqa: SIM105 (contextlib.suppress would cost the status line an import)
            os.unlink(temp)
        except OSError:
            pass  # the folder refuses writes: there is no answer to keep, nothing to tidy


def read_answer(db: str | os.PathLike[str], key: str) -> tuple[int, str, str] | None:
    """The stored (exit status, tmux segment, text) if filed under exactly ``key``, else None.

    The cache is opened without following a symlink and without waiting (a
    FIFO planted in its place would otherwise hold the status line forever),
    and read only when it is a regular file of a plausible size.
    """
    raw = _read_small(cache_path(db))
    if raw is None:
        return None
    try:
        stored_key, status, tmux, text = raw.decode("utf-8").split("\n", 3)
    except ValueError:
        return None
    if stored_key != key or status not in ("0", "1"):
        return None
    return int(status), tmux, text


def _read_small(path: str) -> bytes | None:
    """The bytes of the regular file ``path`` if it holds at most MAX_CACHE_BYTES; else None."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        raw = os.read(fd, MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return raw if len(raw) <= MAX_CACHE_BYTES else None


def quick_answer(
    db: str | os.PathLike[str], data_dir: str | os.PathLike[str] = LIBRARY_DATA_DIR
) -> tuple[int, str, str] | None:
    """Today's stored answer for ``db`` while nothing it depends on has changed; else None."""
    key = answer_key(db, data_dir, today_text())
    return None if key is None else read_answer(db, key)
