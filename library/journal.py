"""The journal: the session being played, kept in a small file of its own beside the data file.

The data file holds years of history; rewriting and syncing all of it at every
step change would write megabytes per step. While a workout plays, each step's
save goes instead into one small file per live session,
``.<data file>.journal-<session id>``, replaced atomically (temporary file,
fsync, rename, fsync of the folder) under the store's lock, so a kill at any
moment leaves either the last step's version or the one before it.

The data file is written when the session starts and when it ends, when the
journal is *folded* into it. A journal whose owner is gone (killed, crashed,
power cut) is folded at the next start, and until then every read of the
sessions sees it over the data file's copy. Folding keeps the rule that
progress never goes backwards between two writers (see :func:`kept`), and
folding twice is folding once: the journal goes only after the data file
holding its version is safely on disk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from unpinch.library.storage import write_atomically

PREFIX = "journal-"


def journal_path(folder: Path, store_name: str, session_id: str) -> Path:
    """Where the journal of one session of the data file ``store_name`` lives."""
    return folder / f".{store_name}.{PREFIX}{session_id}"


def journals(folder: Path, store_name: str) -> Iterator[tuple[str, Path]]:
    """Every journal beside the data file ``store_name``: (session id, path), in name order."""
    start = f".{store_name}.{PREFIX}"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        if name.startswith(start) and len(name) > len(start):
            yield name[len(start) :], folder / name


def write(path: Path, doc: Mapping[str, Any], temp_prefix: str) -> None:
    """Make ``doc`` the journal at ``path``, atomically and synced (call under the store lock).

    The temporary file starts with the data file's ``temp_prefix``, so one left by
    a killed writer is swept with the store's own.
    """
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    temp = path.with_name(f"{temp_prefix}{PREFIX}{os.getpid()}-{os.urandom(4).hex()}")
    write_atomically(path, data, temp, 0o600)


def read(path: Path) -> dict[str, Any] | None:
    """The session a journal holds, or None when it is gone or does not hold one."""
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and isinstance(doc.get("id"), str) else None


def remove(path: Path) -> None:
    """Delete a journal that has been folded; one already gone is fine."""
    with suppress(FileNotFoundError):
        os.unlink(path)


def kept(
    stored: Mapping[str, Any] | None,
    journal: Mapping[str, Any],
    overtaken: Callable[[Mapping[str, Any], Mapping[str, Any]], bool],
) -> Mapping[str, Any]:
    """Which version of a session stands: the journal's, unless another writer got further.

    ``overtaken(stored, new)`` is the store's rule for two writers. Reads and
    folds both use this, so what history shows before a fold is what it keeps after.
    """
    if stored is not None and overtaken(stored, journal):
        return stored
    return journal
