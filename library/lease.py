"""Who is playing a session right now: a lease file held while a workout plays.

Two copies of unpinch may run at once (two SSH logins). A workout that one
copy is playing looks, in the data file, exactly like one that was cut off:
both are "interrupted" with a step to resume at. Only the live copy knows
the difference, so while it plays it holds a lease beside the data file:

* a small JSON file naming the owner — pid, host, boot id and a heartbeat
  time — so a person (or a copy on another machine sharing the folder) can
  see who holds it;
* an exclusive ``flock`` on that file for as long as the owner runs. The
  kernel drops it the moment the owner dies, however it dies (SIGKILL, a
  crash, a power cut), so "is the owner gone?" never depends on a guess.

A lease whose lock can be taken is free. On another host the lock may not be
shared, so a lease written there is taken as live while its heartbeat is
fresh. On this host the lock alone decides: a dead owner holds no lock,
whatever its card says.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

HEARTBEAT_S = 30.0
"""How often a live owner refreshes its heartbeat (at the latest; each saved step does too)."""
STALE_AFTER_S = 120.0
"""A lease from another host with no heartbeat for this long is taken as free."""
TAKE_TRIES = 4
TAKE_PAUSE_S = 0.05
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str:
    """Return the boot id of this machine (new at every boot), or "" where there is none."""
    try:
        return BOOT_ID.read_text().strip()
    except OSError:
        return ""


def owner_card() -> dict[str, Any]:
    """What a lease says about its owner: this process, now."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "boot_id": boot_id()}


def lease_path(folder: Path, store_name: str, session_id: str) -> Path:
    """Where the lease for one session of the data file ``store_name`` lives."""
    return folder / f".{store_name}.live-{session_id}"


class Lease:
    """A held lease on one session; :meth:`release` (or the owner's death) frees it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd
        self._beat_at = 0.0
        self._mutex = threading.Lock()
        """The player beats on the UI thread while the save thread may release: one at a time."""
        self.beat()

    @property
    def held(self) -> bool:
        """True until the lease is released."""
        return self._fd is not None

    def beat(self, now: float | None = None) -> None:
        """Rewrite the owner card with a fresh heartbeat (a few dozen bytes, in place)."""
        moment = time.time() if now is None else now
        card = json.dumps({**owner_card(), "heartbeat": moment}).encode()
        with self._mutex:
            if self._fd is None:
                return
            with suppress(OSError):
                os.ftruncate(self._fd, 0)
                os.pwrite(self._fd, card, 0)
            self._beat_at = moment

    def beat_if_due(self) -> None:
        """Refresh the heartbeat when the last one is older than :data:`HEARTBEAT_S`."""
        if time.time() - self._beat_at >= HEARTBEAT_S:
            self.beat()

    def release(self) -> None:
        """Give the lease up: remove the file while still holding it, then let go."""
        with self._mutex:
            if self._fd is None:
                return
            with suppress(OSError):
                if _same_file(self.path, self._fd):
                    os.unlink(self.path)
            os.close(self._fd)
            self._fd = None


def take(path: Path) -> Lease | None:
    """Take the lease at ``path`` for this process, or None while another owner holds it.

    Loops when the file is swapped between opening and locking it (a releasing
    owner deletes it), so the lease held is always the one the path names.
    """
    tries = 0
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            return None
        locked = _lock_now(fd)
        if locked and not _free_by_card(fd):
            os.close(fd)
            return None
        if locked and _same_file(path, fd):
            return Lease(path, fd)
        os.close(fd)
        tries += 1
        if not locked and tries >= TAKE_TRIES:
            return None
        time.sleep(TAKE_PAUSE_S)  # a look by is_live holds the lock for a moment only


def is_live(path: Path) -> bool:
    """Tell whether a live owner holds the lease at ``path`` (without taking it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not _lock_now(fd):
            return True
        live = not _free_by_card(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return live
    finally:
        os.close(fd)


def _lock_now(fd: int) -> bool:
    """Try to lock ``fd`` exclusively without waiting; False when someone holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _free_by_card(fd: int) -> bool:
    """With the lock taken, tell from the owner card whether its owner is really gone.

    The lock is only trusted on this host: a card from another host with a
    fresh heartbeat still counts as live.
    """
    try:
        card = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return True
    if not isinstance(card, dict) or card.get("host") in (None, socket.gethostname()):
        return True
    heartbeat = card.get("heartbeat")
    if not isinstance(heartbeat, int | float):
        return True
    return time.time() - heartbeat > STALE_AFTER_S


def _same_file(path: Path, fd: int) -> bool:
    """Tell whether ``path`` still names the file open on ``fd``."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)
