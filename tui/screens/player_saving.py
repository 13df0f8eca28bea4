"""Keeping the session being played in the store: saves now and in the background, and their news.

:class:`SessionKeeper` is the player screen's link to its
:class:`~unpinch.library.recorder.SessionRecorder`: it saves at each step
change without holding up the timer, saves at once where it must (the end, a
hang-up), and tells the user once of a problem and of what the saves noticed
(a data file deleted or moved aside under the player).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future

from textual.screen import Screen

from unpinch.library.recorder import SessionRecorder
from unpinch.library.session import SessionRecord
from unpinch.library.store import Store


class SessionKeeper:
    """Saves one session for ``screen``, whose notifications carry the problems."""

    def __init__(
        self, screen: Screen[None], store: Store, session_id: str | None, heartbeat_s: float
    ) -> None:
        self.screen = screen
        self.recorder = SessionRecorder(store, session_id)
        self.heartbeat_s = heartbeat_s
        self.saved_index = -1
        """The step the last save was asked at, so a save is asked once a step."""

    @property
    def taken(self) -> bool:
        """True when another copy of unpinch is playing this session: do not play it here."""
        return self.recorder.taken

    def start(self) -> None:
        """Keep the lease on the session fresh while it plays."""
        self.screen.set_interval(self.heartbeat_s, self.recorder.heartbeat)

    def save(self, record: SessionRecord) -> None:
        """Save the session so far, now; a failure is reported once and kept on screen."""
        self.recorder.save(record)
        self.report_problem()

    def save_at_step(self, index: int, record: Callable[[], SessionRecord]) -> None:
        """Save in the background when the step changed since the last save.

        Called at every wake-up, so a crash or a dropped connection loses at
        most the step in progress; one save runs at a time, newest state last.
        """
        if index == self.saved_index:
            return
        self.saved_index = index
        saving = self.recorder.save_soon(record())
        self.screen.run_worker(self.await_save(saving), group="saves")

    async def await_save(self, saving: Future[str | None]) -> None:
        """Report a background save's problem as soon as it is known (cancelled with the screen)."""
        if await asyncio.wrap_future(saving) is not None:
            self.report_problem()

    def report_problem(self) -> None:
        """Tell the user once that the session could not be saved, and what the saves noticed.

        A data file that was deleted, restored or moved aside under the player
        gets one line; so does a save that works again after failing.
        """
        problem = self.recorder.unreported()
        if problem is not None:
            self.screen.notify(
                f"Could not save the session: {problem}", severity="error", timeout=10
            )
        for line in self.recorder.news():
            self.screen.notify(line, severity="warning", timeout=10)

    def finish(self, record: SessionRecord) -> None:
        """Save the finished or stopped session and give up the lease."""
        self.recorder.save(record)
        self.recorder.release()
        self.report_problem()

    def close(self) -> None:
        """Stop the save thread and give up the lease (the screen is going away)."""
        self.recorder.close()
        self.recorder.release()
