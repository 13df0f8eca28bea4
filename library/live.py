"""The session being played here: its id, its lease, and every save of it.

The player hands each version of the session record to :meth:`LiveSession.save`
and shows the lines it returns. Everything that can go wrong between two steps
is handled here, not on the screen:

* while it plays, this copy of unpinch holds the session's lease, so another
  copy (a second SSH login) never offers it for resume;
* the data file may have been deleted, restored from a backup or moved aside
  since the last save: the session is written into whatever file is at the
  path now, and one line says so;
* a save that fails for any reason is reported once and tried again with the
  next step's save; a later success says the session is safe again;
* if another copy moved this session further on, our saves stop with one
  line, and the other copy's record is kept.
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
        self.taken = False
        self.failing: str | None = None
        self.saved_before = store.session(session_id) is not None
        self._mutex = threading.Lock()

    @classmethod
    def claim(cls, store: Store, session_id: str | None = None) -> LiveSession | None:
        """Start playing a new session, or continue ``session_id``; None if it is live elsewhere."""
        chosen = session_id or uuid.uuid4().hex
        held = store.lease_session(chosen)
        return None if held is None else cls(store, chosen, held)

    def save(self, doc: Mapping[str, Any]) -> list[str]:
        """Save this version of the session; return the lines the user should see (often none).

        Safe to call from a background thread; saves run one at a time.
        """
        with self._mutex:
            if self.taken:
                return []
            lines = self._put({**doc, "id": self.session_id})
            self.lease.beat_if_due()
            return lines + self.store.news()

    def _put(self, doc: Mapping[str, Any]) -> list[str]:
        """Write one version and turn every outcome into lines for the user."""
        try:
            found = self.store.put_session(doc, self.writer, saved_before=self.saved_before)
        except SessionTaken as error:
            self.taken = True
            return [f"Stopped saving here: {error}."]
        except Exception as error:
            return self._failed(error)
        self.saved_before = True
        lines = [found] if found else []
        if self.failing is not None:
            self.failing = None
            lines.append("The session is saved again.")
        return lines

    def _failed(self, error: BaseException) -> list[str]:
        """Remember a failed save; the first failure in a row is reported, the rest are not."""
        first = self.failing is None
        self.failing = str(error) or type(error).__name__
        if not first:
            return []
        return [f"Could not save the session: {self.failing} (trying again at the next step)."]

    def end(self) -> None:
        """Give up the lease: the workout is over here (finished, stopped or closed)."""
        self.lease.release()
