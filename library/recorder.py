"""Saving one session as it is played: ordered background saves, its id and the last problem.

A session is saved when it begins, whenever the step changes, when it ends
and when the check-in after it is given. The saves that happen during play
must not hold up the timer, so they run on one background thread: one thread
keeps them in order, so an older state can never overwrite a newer one.

Background saves are coalesced: each replaces the session's journal and syncs
it to disk, so a held-down step key (30 steps a second) would otherwise keep
a core busy and build a queue of stale states that a hang-up then waits for.
Only the newest state waits to be written, and background writes are at
least :data:`MIN_GAP_S` apart; :meth:`SessionRecorder.save` writes at once.

Every save goes through a :class:`~unpinch.library.live.LiveSession`, which
writes each step into the session's small journal, holds the session's lease
while it plays (so a second copy of unpinch never offers it for resume) and
writes the session into whatever data file is at the path now, should it have
been deleted, replaced or moved aside.

Failures are returned as values (the problem's text), never raised into the
caller's event loop or reported through a callback into a screen that may
already be gone; the screen that gets the value turns it into a message.
"""

from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from dataclasses import replace

from unpinch.library.live import TAKEN_LINE, LiveSession
from unpinch.library.session import SessionRecord, session_to_dict
from unpinch.library.store import Store

MIN_GAP_S = 0.25
"""Background saves are at least this far apart; a crash loses at most this much."""


class SessionRecorder:
    """Saves successive states of one session to the store, in the order given."""

    def __init__(self, store: Store, session_id: str | None = None) -> None:
        """Record into ``store``; ``session_id`` continues a stored (interrupted) session.

        Takes the session's lease at once; when another copy of unpinch holds
        it, :attr:`taken` is True and nothing is ever saved.
        """
        self.store = store
        self.owner = LiveSession.claim(store, session_id)
        self.session_id = self.owner.session_id if self.owner is not None else session_id
        self.problem: str | None = None
        """The first problem of the saves failing now, or None once a save has worked."""
        self._reported = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save")
        self._closed = False
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._pending: SessionRecord | None = None
        self._waiting: list[Future[str | None]] = []
        self._draining = False
        self._last_write = -MIN_GAP_S

    @property
    def taken(self) -> bool:
        """True when another copy of unpinch is playing this session: do not play it here."""
        return self.owner is None

    def save(self, record: SessionRecord) -> str | None:
        """Save now, replacing any background save still waiting; return the problem, if any."""
        if self._closed:
            return self._write(record)
        return self._enqueue(record, urgent=True).result()

    def save_soon(self, record: SessionRecord) -> Future[str | None]:
        """Queue a save without waiting; the future gives its problem (None when saved).

        A newer state queued before this one is written replaces it, and the
        future then gives the result of writing the newer one.
        """
        if self._closed:
            done: Future[str | None] = Future()
            done.set_result(self._write(record))
            return done
        return self._enqueue(record, urgent=False)

    def _enqueue(self, record: SessionRecord, *, urgent: bool) -> Future[str | None]:
        """Make ``record`` the state to write next and start the save thread if it is idle."""
        future: Future[str | None] = Future()
        with self._lock:
            self._pending = record
            self._waiting.append(future)
            if urgent:
                self._wake.set()
            if not self._draining:
                self._draining = True
                self._pool.submit(self._drain)
        return future

    def _drain(self) -> None:
        """On the save thread: write the newest pending state, spaced, until none is left."""
        while True:
            wait = self._last_write + MIN_GAP_S - time.monotonic()
            if wait > 0:
                self._wake.wait(wait)
            with self._lock:
                record, waiting = self._pending, self._waiting
                self._pending, self._waiting = None, []
                self._wake.clear()
                if record is None:
                    self._draining = False
                    return
            problem = self._write_safely(record)
            self._last_write = time.monotonic()
            for future in waiting:
                _answer(future, problem)

    def unreported(self) -> str | None:
        """The problem, the first time it is asked for after it happened; otherwise None.

        A session that cannot be saved is said once, not at every step.
        """
        if self.problem is None or self._reported:
            return None
        self._reported = True
        return self.problem

    def news(self) -> list[str]:
        """Lines for the user from the saves so far, once each: the data file was replaced, ..."""
        return self.owner.news() if self.owner is not None else []

    def heartbeat(self) -> None:
        """Tell copies on other hosts that this session is still being played."""
        if self.owner is not None:
            self.owner.lease.beat()

    def release(self) -> None:
        """The workout is over here: fold its journal and give its lease back (saves still work).

        Folding writes the whole data file, so it runs on the save thread, after the
        saves queued so far, and never holds up the last bells; ``close`` waits for it.
        """
        if self.owner is None:
            return
        if self._closed:
            self.owner.end()
            return
        with self._lock:
            self._pool.submit(self.owner.end)

    def close(self) -> None:
        """Write the pending save at once, stop the thread; later saves happen in the caller."""
        self._closed = True
        self._wake.set()
        self._pool.shutdown(wait=True)

    def _write_safely(self, record: SessionRecord) -> str | None:
        """Write on the save thread; an error no one expected becomes the problem.

        The caller of :meth:`save` (the UI loop) waits for this answer: a raise
        here would end the save thread without one and leave it waiting for ever.
        """
        try:
            return self._write(record)
        except Exception as error:
            problem = str(error) or type(error).__name__
            self.problem = self.problem or problem
            return problem

    def _write(self, record: SessionRecord) -> str | None:
        """Save the session through its live session (on the save thread)."""
        if self.owner is None:
            self.problem = self.problem or TAKEN_LINE
            return TAKEN_LINE
        problem = self.owner.save(session_to_dict(replace(record, id=self.session_id)))
        if problem is None:  # saved: a later failure is news again
            self.problem, self._reported = None, False
        else:
            self.problem = self.problem or problem
        return problem


def _answer(future: Future[str | None], problem: str | None) -> None:
    """Give a waiting save its result; one its watcher cancelled (the screen closed) is skipped.

    Setting a cancelled future raises, and a raise here would end the save
    thread before it answered the saves queued behind it.
    """
    with contextlib.suppress(InvalidStateError):
        future.set_result(problem)
