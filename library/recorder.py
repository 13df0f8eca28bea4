"""Saving one session as it is played: ordered background saves, its id and the last problem.

A session is saved when it begins, whenever the step changes, when it ends
and when the check-in after it is given. The saves that happen during play
must not hold up the timer, so they run on one background thread: one thread
keeps them in order, so an older state can never overwrite a newer one.

Failures are returned as values (the problem's text), never raised into the
caller's event loop or reported through a callback into a screen that may
already be gone; the screen that gets the value turns it into a message.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from unpinch.library.session import SessionRecord, session_to_dict
from unpinch.library.store import Store, StoreError


class SessionRecorder:
    """Saves successive states of one session to the store, in the order given."""

    def __init__(self, store: Store, session_id: str | None = None) -> None:
        """Record into ``store``; ``session_id`` continues a stored (interrupted) session."""
        self.store = store
        self.session_id = session_id
        self.problem: str | None = None
        """The first save problem met, or None while every save has worked."""
        self._reported = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save")
        self._closed = False

    def save(self, record: SessionRecord) -> str | None:
        """Save now, after any background saves still queued; return the problem, if any."""
        if self._closed:
            return self._write(record)
        return self._pool.submit(self._write, record).result()

    def save_soon(self, record: SessionRecord) -> Future[str | None]:
        """Queue a save without waiting; the future gives its problem (None when saved)."""
        if self._closed:
            done: Future[str | None] = Future()
            done.set_result(self._write(record))
            return done
        return self._pool.submit(self._write, record)

    def unreported(self) -> str | None:
        """The problem, the first time it is asked for after it happened; otherwise None.

        A session that cannot be saved is said once, not at every step.
        """
        if self.problem is None or self._reported:
            return None
        self._reported = True
        return self.problem

    def close(self) -> None:
        """Wait for queued saves and stop the thread; later saves happen in the caller."""
        self._closed = True
        self._pool.shutdown(wait=True)

    def _write(self, record: SessionRecord) -> str | None:
        """Add or update the session's stored record (on the save thread)."""
        try:
            if self.session_id is None:
                self.session_id = self.store.add_session(session_to_dict(record))
            else:
                doc = session_to_dict(replace(record, id=self.session_id))
                self.store.update_session(self.session_id, doc)
        except (StoreError, KeyError) as error:
            self.problem = self.problem or str(error)
            return str(error)
        return None
