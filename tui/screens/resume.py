"""Picking up a session that was cut off: resume at its step, finish it as is, or not now.

What resuming means (same doses, swaps and record) is decided in ``library.workout``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unpinch.library.live import TAKEN_LINE, LiveSession
from unpinch.library.session import SessionRecord, session_to_dict
from unpinch.library.store import StoreError
from unpinch.library.workout import (
    finished_as_is,
    resumable,
    resume_plan,
    resumed_workout,
    stopped_at,
)
from unpinch.library.workspace import Workspace
from unpinch.tui.plain import plain
from unpinch.tui.screens.footer import compact_footer

Choice = Literal["resume", "finish", "later"]


def offer_resume(app: App[Any]) -> None:
    """Push the resume offer when the newest session was cut off (app start only)."""
    space: Workspace = app.workspace  # type: ignore[attr-defined]
    try:
        record = resumable(space.store.sealed_sessions())
        if record is not None and space.store.session_is_live(str(record.id)):
            return  # another copy of unpinch is playing it right now
    except StoreError:
        return
    if record is None:
        return
    plan = resume_plan(space.catalog, space.settings, record)
    label = stopped_at(plan, record.resume_index or 0, space.catalog) if plan is not None else ""

    def chosen(choice: Choice | None) -> None:
        if choice == "resume" and plan is not None:
            from unpinch.tui.screens.player import PlayerScreen

            app.push_screen(PlayerScreen(resumed_workout(space, record)))
        elif choice == "finish" or (choice == "resume" and plan is None):
            finish_as_is(app, space, record)

    app.push_screen(ResumeScreen(record, label or "a step that no longer exists"), chosen)


def finish_as_is(app: App[Any], space: Workspace, record: SessionRecord) -> None:
    """Close the interrupted session as stopped, keeping what was done, and say so.

    Not while another copy of unpinch has started playing it meanwhile.
    """
    live = LiveSession.claim(space.store, str(record.id))
    if live is None:
        app.notify(TAKEN_LINE, severity="warning", timeout=8)
        return
    try:
        problem = live.save(session_to_dict(finished_as_is(record)))
    finally:
        live.end()
    for line in live.news():
        app.notify(line, severity="warning", timeout=8)
    if problem is not None:
        app.notify(f"Could not update the session: {problem}", severity="error")
        return
    app.notify("Saved as stopped, with what was done.", timeout=4)


class ResumeScreen(ModalScreen[Choice]):
    """Offer to resume, finish as is, or leave for later an interrupted session."""

    STYLED_AT_START: ClassVar[bool] = True
    """Every rule it needs is in app.tcss, read before the first frame."""

    BINDINGS = [
        Binding("r,enter", "choose('resume')", "Resume", id="resume.resume"),
        Binding("f", "choose('finish')", "Finish as is", id="resume.finish"),
        Binding("escape,q,l", "choose('later')", "Not now", key_display="esc", id="resume.later"),
    ]

    def __init__(self, record: SessionRecord, step_label: str) -> None:
        super().__init__()
        self.record = record
        self.step_label = step_label

    def compose(self) -> ComposeResult:
        """What was cut off, where, and the three choices."""
        name = self.record.routine_name
        done, total = self.record.exercises_completed, self.record.exercises
        with Vertical(id="resume-box"):
            yield Static("Your last workout was cut off", classes="box-title")
            yield Static(
                plain(
                    f"{name}: {done} of {total} exercises done.\nIt stopped at: {self.step_label}"
                ),
                id="resume-detail",
            )
            yield Static(
                "r / Enter: resume there\n"
                "f: finish it as is (saved as stopped)\n"
                "Esc: not now (asked again next time)",
                classes="box-hint",
            )
        yield compact_footer()

    def action_choose(self, choice: Choice) -> None:
        """Close with the choice."""
        self.dismiss(choice)
