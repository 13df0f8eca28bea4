"""The saved form of a played session: plain JSON-ready data for the store.

The store keeps sessions as dicts so that history, export and a hand-reading
user all see the same thing. Times are ISO 8601 in local time with the UTC
offset, so a session reads correctly wherever the file is opened later.

A session saved while the player is still running or paused (the terminal
closed, the SSH link dropped) is "interrupted" and carries ``resume_index``,
the step to start from with ``Player.start(from_index=...)``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from unpinch.library.plan import Plan
from unpinch.library.player import Mark, Player, StepRecord

SessionStatus = Literal["completed", "stopped", "interrupted"]


def session_status(player: Player) -> SessionStatus:
    """Say how the session ended: played to the end, stopped by the user, or cut off."""
    if player.status == "finished":
        return "completed"
    if player.status == "stopped":
        return "stopped"
    return "interrupted"


def session_doc(
    plan: Plan, player: Player, routine_name: str, started: datetime, ended: datetime
) -> dict[str, Any]:
    """Build the dict saved to the store (the store assigns the id).

    ``steps`` holds only hold and reps steps, in plan order; rests, switches
    and the count-in are bookkeeping, not exercise. ``duration_s`` is active
    time, pauses excluded.
    """
    summary = player.summary()
    status = session_status(player)
    doc: dict[str, Any] = {
        "routine_id": plan.routine_id,
        "routine_name": routine_name,
        "started": iso_local(started),
        "ended": iso_local(ended),
        "status": status,
        "duration_s": round(summary.active_s, 1),
        "exercises": summary.exercises,
        "exercises_completed": summary.exercises_completed,
        "exercises_skipped": summary.exercises_skipped,
        "steps": [_step_doc(r) for r in player.records() if r.kind in ("hold", "reps")],
        "marks": [_mark_doc(m, player, started) for m in player.marks()],
    }
    if status == "interrupted":
        doc["resume_index"] = player.index
    return doc


def iso_local(moment: datetime) -> str:
    """Format a time as ISO 8601 in local time with its offset; naive times count as local."""
    return moment.astimezone().isoformat(timespec="seconds")


def _step_doc(record: StepRecord) -> dict[str, Any]:
    """Turn one exercise step's record into its saved form."""
    return {
        "exercise_id": record.exercise_id,
        "side": record.side,
        "set_no": record.set_no,
        "rep_no": record.rep_no,
        "target_s": record.target_s,
        "actual_s": round(record.actual_s, 2),
        "extended_s": round(record.extended_s, 2),
        "target_reps": record.target_reps,
        "actual_reps": record.actual_reps,
        "skipped": record.skipped,
        "marked": record.marked,
        "completed": record.completed,
    }


def _mark_doc(mark: Mark, player: Player, started: datetime) -> dict[str, Any]:
    """Turn a mark into its saved form, moving its monotonic time onto the wall clock."""
    offset = mark.at - player.started_at if player.started_at is not None else 0.0
    return {
        "exercise_id": mark.exercise_id,
        "side": mark.side,
        "at": iso_local(started + timedelta(seconds=offset)),
    }
