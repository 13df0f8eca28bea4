"""Picking up a session that was cut off: resume at its step, finish it as is, or not now.

A session saved with status "interrupted" (the terminal closed, the SSH link
dropped, the program was killed or crashed) keeps ``resume_index``. Resuming
plays the same routine, with the same doses and swaps, from that step and
keeps the same session record: steps before the resume point keep what was
saved, the rest are what the resumed run does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unpinch.library.codec import CatalogError, dose_from_dict
from unpinch.library.model import Dose
from unpinch.library.plan import Plan, build_plan
from unpinch.library.store import StoreError
from unpinch.library.workspace import Workspace
from unpinch.tui.plain import plain

Choice = Literal["resume", "finish", "later"]


def resumable(sessions: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The newest session when it was interrupted and can be resumed; otherwise None."""
    if not sessions:
        return None
    newest = sessions[-1]
    index = newest.get("resume_index")
    if newest.get("status") != "interrupted" or not isinstance(index, int):
        return None
    return dict(newest)


def stored_doses(doc: Mapping[str, Any]) -> dict[str, Dose]:
    """The doses a saved session was played with (its ``targets``), skipping broken ones."""
    stored = doc.get("targets")
    doses: dict[str, Dose] = {}
    for exercise_id, data in (stored if isinstance(stored, Mapping) else {}).items():
        try:
            doses[str(exercise_id)] = dose_from_dict(data, "a saved session")
        except (CatalogError, KeyError, TypeError, AttributeError):
            continue
    return doses


def resume_plan(space: Workspace, doc: Mapping[str, Any]) -> Plan | None:
    """The plan the interrupted session was playing, or None if it can no longer be rebuilt."""
    from unpinch.tui.screens.heads_up import with_swaps

    routine = space.catalog.routines.get(str(doc.get("routine_id")))
    if routine is None:
        return None
    swaps = doc.get("swaps")
    played = with_swaps(routine, swaps if isinstance(swaps, Mapping) else {})
    if any(item.exercise_id not in space.catalog.exercises for item in played.items):
        return None
    plan = build_plan(played, space.catalog, space.settings, stored_doses(doc))
    return plan if 0 <= int(doc.get("resume_index", -1)) < len(plan) else None


def offer_resume(app: App[Any]) -> None:
    """Push the resume offer when the newest session was cut off (app start only)."""
    space: Workspace = app.workspace  # type: ignore[attr-defined]
    try:
        doc = resumable(space.store.sessions())
    except StoreError:
        return
    if doc is None:
        return
    plan = resume_plan(space, doc)
    label = plan.steps[int(doc["resume_index"])].label if plan is not None else ""

    def chosen(choice: Choice | None) -> None:
        if choice == "resume" and plan is not None:
            from unpinch.tui.screens.player import PlayerScreen

            index = int(doc["resume_index"])
            app.push_screen(PlayerScreen(str(doc["routine_id"]), index, resumed=doc))
        elif choice == "finish" or (choice == "resume" and plan is None):
            try:
                space.store.update_session(str(doc["id"]), finished_as_is(doc))
            except (StoreError, KeyError) as error:
                app.notify(f"Could not update the session: {error}", severity="error")
                return
            app.notify("Saved as stopped, with what was done.", timeout=4)

    app.push_screen(ResumeScreen(doc, label or "a step that no longer exists"), chosen)


def finished_as_is(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The interrupted session closed as "stopped", keeping what was done."""
    closed = {key: value for key, value in doc.items() if key != "resume_index"}
    closed["status"] = "stopped"
    return closed


def merge_resumed(
    old: Mapping[str, Any], new: Mapping[str, Any], plan: Plan, resume_index: int
) -> dict[str, Any]:
    """The resumed run's record joined onto the interrupted one it continues.

    Exercise steps before ``resume_index`` keep their old records; the rest come
    from the resumed run. Marks and active time add up; the completed and
    skipped counts are worked out again from the joined steps.
    """
    exercise_steps = [s for s in plan.steps if s.is_exercise]
    old_steps, new_steps = list(old.get("steps", [])), list(new.get("steps", []))
    if len(old_steps) != len(new_steps) or len(new_steps) != len(exercise_steps):
        old_steps = new_steps
    done_before = sum(1 for s in exercise_steps if s.index < resume_index)
    steps = old_steps[:done_before] + new_steps[done_before:]
    merged = dict(new)
    merged["steps"] = steps
    merged["started"] = old.get("started", new.get("started"))
    merged["marks"] = [*old.get("marks", []), *new.get("marks", [])]
    merged["duration_s"] = round(float(old.get("duration_s", 0)) + new.get("duration_s", 0), 1)
    completed, skipped = _exercise_counts(steps, [s.exercise_no for s in exercise_steps])
    merged["exercises_completed"], merged["exercises_skipped"] = completed, skipped
    for key in ("before", "targets", "swaps"):
        if key in old:
            merged[key] = old[key]
    return merged


def _exercise_counts(steps: Sequence[Mapping[str, Any]], numbers: Sequence[int]) -> tuple[int, int]:
    """Exercises completed (every step completed) and skipped (a step skipped, not completed)."""
    groups: dict[int, list[Mapping[str, Any]]] = {}
    for number, step in zip(numbers, steps, strict=False):
        groups.setdefault(number, []).append(step)
    done = [all(s.get("completed") for s in g) for g in groups.values()]
    skipped = [any(s.get("skipped") for s in g) for g in groups.values()]
    return sum(done), sum(s and not d for s, d in zip(skipped, done, strict=True))


class ResumeScreen(ModalScreen[Choice]):
    """Offer to resume, finish as is, or leave for later an interrupted session."""

    BINDINGS = [
        Binding("r,enter", "choose('resume')", "Resume", id="resume.resume"),
        Binding("f", "choose('finish')", "Finish as is", id="resume.finish"),
        Binding("escape,l", "choose('later')", "Not now", key_display="esc", id="resume.later"),
    ]

    def __init__(self, doc: Mapping[str, Any], step_label: str) -> None:
        super().__init__()
        self.doc = doc
        self.step_label = step_label

    def compose(self) -> ComposeResult:
        """What was cut off, where, and the three choices."""
        name = self.doc.get("routine_name", self.doc.get("routine_id", "a routine"))
        done = self.doc.get("exercises_completed", 0)
        total = self.doc.get("exercises", 0)
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

    def action_choose(self, choice: Choice) -> None:
        """Close with the choice."""
        self.dismiss(choice)
