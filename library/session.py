"""A played session as a typed record, and its saved form: plain JSON-ready data for the store.

The store keeps sessions as dicts so that history, export and a hand-reading
user all see the same thing; everything above the store works with
:class:`SessionRecord`, and :func:`session_to_dict` / :func:`session_from_dict`
convert at the boundary (in the style of ``codec.py`` for exercises and
routines). Times are ISO 8601 in local time with the UTC offset, so a session
reads correctly wherever the file is opened later.

A session saved while the player is still running or paused (the terminal
closed, the SSH link dropped) is "interrupted" and carries ``resume_index``,
the step to start from with ``Player.start(from_index=...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import datetime, timedelta
from typing import Any, Literal

from unpinch.library.codec import CatalogError, dose_from_dict, dose_to_dict
from unpinch.library.model import Dose, Side
from unpinch.library.plan import Plan
from unpinch.library.player import Mark, Player, StepRecord
from unpinch.library.record import Record, record
from unpinch.library.recovery import LEGS, REACH_LEVELS

SessionStatus = Literal["completed", "stopped", "interrupted"]
STATUSES: tuple[SessionStatus, ...] = ("completed", "stopped", "interrupted")
SIDES: tuple[Side, ...] = ("left", "right", "both")
KNOWN_KEYS = (
    "id",
    "routine_id",
    "routine_name",
    "started",
    "ended",
    "status",
    "duration_s",
    "exercises",
    "exercises_completed",
    "exercises_skipped",
    "steps",
    "marks",
    "resume_index",
    "targets",
    "swaps",
    "before",
    "after",
)


class SessionError(ValueError):
    """A stored session that cannot be read as a :class:`SessionRecord`."""


@record
class CheckIn(Record):
    """How the leg and back felt, before or after a session; every answer may be missing.

    ``leg`` and ``back`` are 0–10, ``reach`` how far down the symptoms reach (one of
    :data:`~unpinch.library.recovery.REACH_LEVELS`) and ``reach_leg`` which leg. None means
    the person did not answer, which is never the same as 0.
    """

    leg: int | None
    back: int | None
    note: str = ""
    reach: str | None = None
    reach_leg: str | None = None


@record
class StepResult(Record):
    """What happened in one hold or reps step, as saved (rests and switches are not saved)."""

    exercise_id: str
    side: Side | None
    set_no: int
    rep_no: int
    target_s: float | None
    actual_s: float
    extended_s: float
    target_reps: int | None
    actual_reps: int | None
    skipped: bool
    marked: bool
    completed: bool


@record
class MarkResult(Record):
    """A "this hurts" mark as saved: the exercise, the side and the wall-clock time."""

    exercise_id: str
    side: Side | None
    at: datetime


@record
class SessionRecord(Record):
    """One played (or interrupted) session of a routine.

    ``targets`` are the doses it was played with, ``swaps`` the easier
    variants chosen for it, ``resume_index`` the step to resume from when it
    was cut off. ``extra`` keeps stored keys this version does not read (and
    known ones that did not parse), so saving a record never drops them.
    """

    routine_id: str
    routine_name: str
    started: datetime
    ended: datetime
    status: SessionStatus
    duration_s: float
    exercises: int
    exercises_completed: int
    exercises_skipped: int
    steps: tuple[StepResult, ...] = ()
    marks: tuple[MarkResult, ...] = ()
    targets: Mapping[str, Dose] = field(default_factory=dict)
    swaps: Mapping[str, str] = field(default_factory=dict)
    before: CheckIn | None = None
    after: CheckIn | None = None
    resume_index: int | None = None
    id: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def marked(self) -> list[str]:
        """Exercise ids marked "this hurts", in order, each once."""
        return list(dict.fromkeys(mark.exercise_id for mark in self.marks))

    @property
    def resumable(self) -> bool:
        """True when the session was cut off and knows the step to resume from."""
        return self.status == "interrupted" and self.resume_index is not None


# --- from a player ------------------------------------------------------------


def session_status(player: Player) -> SessionStatus:
    """Say how the session ended: played to the end, stopped by the user, or cut off."""
    if player.status == "finished":
        return "completed"
    if player.status == "stopped":
        return "stopped"
    return "interrupted"


def resume_index(player: Player) -> int:
    """Where a cut-off session would go on: during a resumed count-in, where it was resumed."""
    return player.index if player.resume_at is None else player.resume_at


def record_of(
    plan: Plan, player: Player, routine_name: str, started: datetime, ended: datetime
) -> SessionRecord:
    """The session as the player has it now (no id, targets, swaps or check-ins yet).

    ``steps`` holds only hold and reps steps, in plan order; rests, switches
    and the count-in are bookkeeping, not exercise. ``duration_s`` is active
    time, pauses excluded.
    """
    summary = player.summary()
    status = session_status(player)
    return SessionRecord(
        routine_id=plan.routine_id,
        routine_name=routine_name,
        started=started,
        ended=ended,
        status=status,
        duration_s=round(summary.active_s, 1),
        exercises=summary.exercises,
        exercises_completed=summary.exercises_completed,
        exercises_skipped=summary.exercises_skipped,
        steps=tuple(_step_result(r) for r in player.records() if r.kind in ("hold", "reps")),
        marks=tuple(_mark_result(m, player, started) for m in player.marks()),
        resume_index=resume_index(player) if status == "interrupted" else None,
    )


def session_doc(
    plan: Plan, player: Player, routine_name: str, started: datetime, ended: datetime
) -> dict[str, Any]:
    """The saved form of :func:`record_of` (the store assigns the id)."""
    return session_to_dict(record_of(plan, player, routine_name, started, ended))


def _step_result(record: StepRecord) -> StepResult:
    """One exercise step's record in its saved form."""
    return StepResult(
        exercise_id=record.exercise_id or "",
        side=record.side,
        set_no=record.set_no,
        rep_no=record.rep_no,
        target_s=record.target_s,
        actual_s=round(record.actual_s, 2),
        extended_s=round(record.extended_s, 2),
        target_reps=record.target_reps,
        actual_reps=record.actual_reps,
        skipped=record.skipped,
        marked=record.marked,
        completed=record.completed,
    )


def _mark_result(mark: Mark, player: Player, started: datetime) -> MarkResult:
    """A mark in its saved form, its monotonic time moved onto the wall clock."""
    offset = mark.at - player.started_at if player.started_at is not None else 0.0
    return MarkResult(mark.exercise_id, mark.side, started + timedelta(seconds=offset))


# --- to the store ---------------------------------------------------------------


def iso_local(moment: datetime) -> str:
    """Format a time as ISO 8601 in local time with its offset; naive times count as local."""
    return moment.astimezone().isoformat(timespec="seconds")


def session_to_dict(record: SessionRecord) -> dict[str, Any]:
    """The JSON-ready dict the store keeps; round-trips through :func:`session_from_dict`."""
    doc: dict[str, Any] = dict(record.extra)
    if record.id is not None:
        doc["id"] = record.id
    doc.update(
        routine_id=record.routine_id,
        routine_name=record.routine_name,
        started=iso_local(record.started),
        ended=iso_local(record.ended),
        status=record.status,
        duration_s=record.duration_s,
        exercises=record.exercises,
        exercises_completed=record.exercises_completed,
        exercises_skipped=record.exercises_skipped,
        steps=[_step_to_dict(step) for step in record.steps],
        marks=[_mark_to_dict(mark) for mark in record.marks],
    )
    if record.resume_index is not None:
        doc["resume_index"] = record.resume_index
    doc["targets"] = {key: dose_to_dict(dose) for key, dose in record.targets.items()}
    if record.swaps:
        doc["swaps"] = dict(record.swaps)
    for key, check in (("before", record.before), ("after", record.after)):
        if check is not None:
            doc[key] = {
                "leg": check.leg,
                "back": check.back,
                "note": check.note,
                "reach": check.reach,
                "reach_leg": check.reach_leg,
            }
    return doc


def _step_to_dict(step: StepResult) -> dict[str, Any]:
    """One step's saved form."""
    return {
        "exercise_id": step.exercise_id,
        "side": step.side,
        "set_no": step.set_no,
        "rep_no": step.rep_no,
        "target_s": step.target_s,
        "actual_s": step.actual_s,
        "extended_s": step.extended_s,
        "target_reps": step.target_reps,
        "actual_reps": step.actual_reps,
        "skipped": step.skipped,
        "marked": step.marked,
        "completed": step.completed,
    }


def _mark_to_dict(mark: MarkResult) -> dict[str, Any]:
    """One mark's saved form."""
    return {"exercise_id": mark.exercise_id, "side": mark.side, "at": iso_local(mark.at)}


# --- from the store -------------------------------------------------------------


def session_from_dict(doc: Mapping[str, Any]) -> SessionRecord:
    """Read a stored session; :class:`SessionError` when its core fields are unusable.

    Stored sessions may be old or hand-edited: counts default to 0, a missing
    end to the start, broken targets are skipped and an unreadable check-in is
    kept as it was (in ``extra``) rather than trusted.
    """
    started = _time(doc.get("started"), "started")
    status = doc.get("status")
    if status not in STATUSES:
        raise SessionError(f"a session's status must be one of {STATUSES}, got {status!r}")
    before, after = _check_in(doc.get("before")), _check_in(doc.get("after"))
    kept = {"before": before, "after": after}
    extra = {
        key: value
        for key, value in doc.items()
        if key not in KNOWN_KEYS or (key in kept and kept[key] is None)
    }
    index = doc.get("resume_index")
    return SessionRecord(
        routine_id=_text(doc.get("routine_id"), "routine_id"),
        routine_name=str(doc.get("routine_name") or doc.get("routine_id")),
        started=started,
        ended=_time(doc["ended"], "ended") if doc.get("ended") else started,
        status=status,
        duration_s=_number(doc.get("duration_s", 0), "duration_s"),
        exercises=_count(doc.get("exercises", 0), "exercises"),
        exercises_completed=_count(doc.get("exercises_completed", 0), "exercises_completed"),
        exercises_skipped=_count(doc.get("exercises_skipped", 0), "exercises_skipped"),
        steps=tuple(_step_from_dict(step) for step in _list(doc.get("steps"), "steps")),
        marks=tuple(_mark_from_dict(mark, started) for mark in _list(doc.get("marks"), "marks")),
        targets=stored_doses(doc.get("targets")),
        swaps=_swaps(doc.get("swaps")),
        before=before,
        after=after,
        resume_index=index if isinstance(index, int) and not isinstance(index, bool) else None,
        id=str(doc["id"]) if doc.get("id") else None,
        extra=extra,
    )


def stored_doses(stored: object) -> dict[str, Dose]:
    """The doses a saved session was played with (its ``targets``), skipping broken ones."""
    doses: dict[str, Dose] = {}
    for exercise_id, data in (stored if isinstance(stored, Mapping) else {}).items():
        try:
            doses[str(exercise_id)] = dose_from_dict(data, "a saved session")
        except (CatalogError, KeyError, TypeError, AttributeError):
            continue
    return doses


def _step_from_dict(data: object) -> StepResult:
    """One saved step, with missing numbers as 0 and missing flags as false."""
    step = data if isinstance(data, Mapping) else {}
    return StepResult(
        exercise_id=_text(step.get("exercise_id"), "a step's exercise_id"),
        side=_side(step.get("side")),
        set_no=_count(step.get("set_no", 1), "set_no"),
        rep_no=_count(step.get("rep_no", 1), "rep_no"),
        target_s=_optional_number(step.get("target_s"), "target_s"),
        actual_s=_number(step.get("actual_s", 0), "actual_s"),
        extended_s=_number(step.get("extended_s", 0), "extended_s"),
        target_reps=_optional_count(step.get("target_reps"), "target_reps"),
        actual_reps=_optional_count(step.get("actual_reps"), "actual_reps"),
        skipped=bool(step.get("skipped")),
        marked=bool(step.get("marked")),
        completed=bool(step.get("completed")),
    )


def _mark_from_dict(data: object, started: datetime) -> MarkResult:
    """One saved mark; a mark without a readable time is put at the session's start."""
    mark = data if isinstance(data, Mapping) else {}
    at = mark.get("at")
    return MarkResult(
        exercise_id=_text(mark.get("exercise_id"), "a mark's exercise_id"),
        side=_side(mark.get("side")),
        at=_time(at, "a mark's at") if at else started,
    )


def _check_in(value: object) -> CheckIn | None:
    """A check-in when it is well formed, else None.

    Leg and back are whole numbers 0–10 or null (not answered); reach and leg are one of
    their known words or null. Anything else makes the whole check-in unreadable, so it is
    kept as stored rather than trusted.
    """
    if not isinstance(value, Mapping):
        return None
    leg, back, note = value.get("leg"), value.get("back"), value.get("note", "")
    reach, side = value.get("reach"), value.get("reach_leg")
    fits = (
        _score_or_none(leg)
        and _score_or_none(back)
        and isinstance(note, str)
        and (reach is None or reach in REACH_LEVELS)
        and (side is None or side in LEGS)
    )
    if not fits or (leg is None and back is None and reach is None and not note):
        return None
    return CheckIn(leg, back, note, reach, side)


def _score_or_none(value: object) -> bool:
    """True for a whole number 0–10 or None (not answered)."""
    return value is None or _is_score(value)


def check_in_from(answer: Mapping[str, Any] | None) -> CheckIn | None:
    """A check-in form's answer as a :class:`CheckIn`, or None when nothing was answered."""
    return None if answer is None else _check_in(answer)


def _is_score(value: object) -> bool:
    """True for a whole number 0–10 (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def _swaps(value: object) -> dict[str, str]:
    """The saved swaps {exercise_id: easier_id}, keeping only text to text."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


def _time(value: object, key: str) -> datetime:
    """An ISO 8601 time; one without an offset (a hand-edited file) is taken as local."""
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        raise SessionError(f"a session's {key} must be an ISO 8601 time, got {value!r}") from None
    return when if when.tzinfo is not None else when.astimezone()


def _text(value: object, key: str) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value:
        raise SessionError(f"a session's {key} must be text, got {value!r}")
    return value


def _side(value: object) -> Side | None:
    """A side, or None for anything else."""
    return next((side for side in SIDES if side == value), None)


def _number(value: object, key: str) -> float:
    """A number (not a bool) as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SessionError(f"a session's {key} must be a number, got {value!r}")
    return float(value)


def _optional_number(value: object, key: str) -> float | None:
    """A number, or None when absent."""
    return None if value is None else _number(value, key)


def _count(value: object, key: str) -> int:
    """A whole number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SessionError(f"a session's {key} must be a whole number, got {value!r}")
    return value


def _optional_count(value: object, key: str) -> int | None:
    """A whole number, or None when absent."""
    return None if value is None else _count(value, key)


def _list(value: object, key: str) -> list[Any]:
    """A list; absent counts as empty."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise SessionError(f"a session's {key} must be a list, got {value!r}")
    return list(value)
