"""Saving one session as it is played: ordered background saves, its id and the last problem.

A session is saved when it begins, whenever the step changes, when it ends
and when the check-in after it is given. The saves that happen during play
must not hold up the timer, so they run on one background thread: one thread
keeps them in order, so an older state can never overwrite a newer one.

Every save goes through a :class:`~unpinch.library.live.LiveSession`, which
holds the session's lease while it plays (so a second copy of unpinch never
offers it for resume) and writes the session into whatever data file is at
the path now, should it have been deleted, replaced or moved aside.

Failures are returned as values (the problem's text), never raised into the
caller's event loop or reported through a callback into a screen that may
already be gone; the screen that gets the value turns it into a message.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from unpinch.library.live import TAKEN_LINE, LiveSession
from unpinch.library.session import SessionRecord, session_to_dict
from unpinch.library.store import Store


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

    @property
    def taken(self) -> bool:
        """True when another copy of unpinch is playing this session: do not play it here."""
        return self.owner is None

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

    def news(self) -> list[str]:
        """Lines for the user from the saves so far, once each: the data file was replaced, ..."""
        return self.owner.news() if self.owner is not None else []

    def heartbeat(self) -> None:
        """Tell copies on other hosts that this session is still being played."""
        if self.owner is not None:
            self.owner.lease.beat()

    def release(self) -> None:
        """The workout is over here: give the session's lease back (saves still work)."""
        if self.owner is not None:
            self.owner.end()

    def close(self) -> None:
        """Wait for queued saves and stop the thread; later saves happen in the caller."""
        self._closed = True
        self._pool.shutdown(wait=True)

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
