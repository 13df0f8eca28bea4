"""The session being played here: its id, its lease, and every save of it.

The recorder hands each version of the session record to :meth:`LiveSession.save`
and the player shows what comes back. Everything that can go wrong between two steps
is handled here, not on the screen:

* while it plays, this copy of unpinch holds the session's lease, so another
  copy (a second SSH login) never offers it for resume;
* the data file may have been deleted, restored from a backup or moved aside
  since the last save: the session is written into whatever file is at the
  path now, and one line says so;
* a save that fails for any reason is returned as a value and tried again
  with the next step's save; a later success says the session is safe again;
* if another copy moved this session further on, our saves stop, and the
  other copy's record is kept.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from typing import Any

from unpinch.library.lease import Lease
from unpinch.library.store import SessionTaken, Store

TAKEN_LINE = "This workout is being played in another window of unpinch."


class LiveSession:
    """One session played by this process; create it with :meth:`claim`."""

    def __init__(self, store: Store, session_id: str, lease: Lease) -> None:
        self.store = store
        self.session_id = session_id
        self.lease = lease
        self.writer = uuid.uuid4().hex[:12]
        self.taken: str | None = None
        """Why saves stopped: another copy moved this session further on; else None."""
        self.failing: str | None = None
        """Why the last save failed, or None after a save that worked."""
        self._news: list[str] = []
        self.saved_before = store.session(session_id) is not None
        self._mutex = threading.Lock()
        """Held through each save, so saves run one at a time."""
        self._told = threading.Lock()
        """Held only to hand over news: the UI loop asks for it and must never wait for a save."""

    @classmethod
    def claim(cls, store: Store, session_id: str | None = None) -> LiveSession | None:
        """Start playing a new session, or continue ``session_id``; None if it is live elsewhere."""
        chosen = session_id or uuid.uuid4().hex
        held = store.lease_session(chosen)
        return None if held is None else cls(store, chosen, held)

    def save(self, doc: Mapping[str, Any]) -> str | None:
        """Save this version of the session; return why it could not be saved, or None.

        Lines the user should see besides a failure (the file was replaced,
        the session is safe again) wait in :meth:`news`. Safe to call from a
        background thread; saves run one at a time.
        """
        with self._mutex:
            if self.taken is not None:
                return self.taken
            lines: list[str] = []
            problem = self._put({**doc, "id": self.session_id}, lines)
            self.lease.beat_if_due()
            lines.extend(self.store.news())
            with self._told:
                self._news.extend(lines)
            return problem

    def news(self) -> list[str]:
        """Hand over the lines for the user gathered by saves since the last call.

        Never waits for a save in progress: the player asks at every wake.
        """
        with self._told:
            told, self._news = self._news, []
            return told

    def _put(self, doc: Mapping[str, Any], lines: list[str]) -> str | None:
        """Write one version; add what happened to ``lines``, and return the failure, if any."""
        try:
            found = self.store.put_session(doc, self.writer, saved_before=self.saved_before)
        except SessionTaken as error:
            self.taken = str(error)
            return self.taken
        except Exception as error:  # a save must never take the session down
            self.failing = str(error) or type(error).__name__
            return self.failing
        self.saved_before = True
        if found:
            lines.append(found)
        if self.failing is not None:
            self.failing = None
            lines.append("The session is saved again.")
        return None

    def end(self) -> None:
        """The workout is over here (done, stopped or closed): fold its journal, free the lease."""
        self.store.release_session(self.session_id, self.lease)
