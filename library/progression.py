"""Progression: the dose each exercise is played with next time, grown one step at a time.

Where an exercise's dose is a range (hold 10 → 30 s, reps 8 → 12), a new user
starts at the low end. After a session of the routine in which the exercise
was completed without a "this hurts" mark and leg pain did not rise, the next
target grows by one step; a mark on it, or a rise in leg pain after a session
in which it was done, steps it back one. It never leaves the range.

Steps (see :data:`HOLD_STEP_S` and :data:`REPS_STEP`): a hold grows 5 s at a
time, repetitions one at a time. Five seconds is the smallest change a person
notices on a hold timer, and one repetition is the smallest change there is;
small steps suit a nerve that is still healing, and with the library's ranges
(hold 10 → 30 s, reps 10 → 20) a user who exercises daily reaches the top in
one to two weeks, the scale over which recovery is judged. Where a dose has
both a hold range and a reps range, the hold grows first and the repetitions
after it; stepping back undoes them in the opposite order. So a step up never
lowers either number, and a step back never raises either.

The state is kept in the sessions themselves: each saved session records the
doses it was played with under ``targets``, and the next target is worked out
from the last session of the routine alone. That makes the rule deterministic
and lets a user see, in their own history, why a target moved.

The user can pin an exercise's dose (``Settings.pinned_doses``); a pinned
dose is always used exactly as stored, even with progression turned off,
because it is the user's own choice rather than an automatic one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

from unpinch.library.codec import CatalogError, dose_from_dict, dose_to_dict
from unpinch.library.history import check_in, started_at
from unpinch.library.model import Catalog, Dose, Routine, Span
from unpinch.library.record import Record, record
from unpinch.library.settings import PINS_KEY

__all__ = [
    "HOLD_STEP_S",
    "PINS_KEY",
    "REPS_STEP",
    "Target",
    "at_low",
    "next_targets",
    "pin",
    "pins_from",
    "session_outcome",
    "step",
    "targets_as_doses",
    "unpin",
]

HOLD_STEP_S = 5
"""Seconds added to (or taken from) a hold per step."""

REPS_STEP = 1
"""Repetitions added to (or taken from) a set per step."""

Change = Literal["up", "down", "same", "pinned"]
Outcome = Literal["up", "down", "same"]


@record
class Target(Record):
    """The dose an exercise is played with next session, and how it moved from the last one.

    ``dose`` has fixed (single-value) hold and reps unless pinned; ``previous``
    is the dose the exercise was last played with in this routine, or None
    when there is no earlier session (or progression is off).
    """

    exercise_id: str
    dose: Dose
    previous: Dose | None
    change: Change

    def note(self) -> str:
        """A line for the exercise card, e.g. "Hold 20 s — up from 15 s"; "" when unchanged."""
        if self.change == "pinned":
            return pinned_note(self.dose)
        if self.change == "same" or self.previous is None:
            return ""
        was, now = self.previous, self.dose
        if _hold(was) != _hold(now):
            return f"Hold {_hold(now)} s — {self.change} from {_hold(was)} s"
        unit = "holds" if now.is_hold else "reps"
        return f"{now.reps.low} {unit} — {self.change} from {was.reps.low} {unit}"


def pinned_note(dose: Dose) -> str:
    """The card's line for a pinned dose, e.g. "Hold 20 s — pinned"."""
    return f"{_amount(dose)} — pinned"


def _hold(dose: Dose) -> int | None:
    """The dose's hold in seconds (its low end), or None for a movement dose."""
    return None if dose.hold_s is None else dose.hold_s.low


def _amounts(dose: Dose) -> tuple[int | None, int]:
    """The two numbers progression moves: the hold (low end) and the reps (low end)."""
    return _hold(dose), dose.reps.low


def _amount(dose: Dose) -> str:
    """The headline amount of a dose: "Hold 20 s", "Hold 20 s × 3" or "12 reps"."""
    if dose.hold_s is None:
        return f"{dose.reps.label()} reps"
    times = "" if dose.reps.high == 1 else f" × {dose.reps.label()}"
    return f"Hold {dose.hold_s.label(' s')}{times}"


# --- the rule ---------------------------------------------------------------------


def next_targets(
    routine: Routine,
    catalog: Catalog,
    sessions: Sequence[Mapping[str, Any]],
    pins: Mapping[str, Dose | Mapping[str, Any]],
    enabled: bool = True,
) -> dict[str, Target]:
    """The next session's target for every ranged or pinned exercise of ``routine``.

    ``sessions`` is the user's history (any order, any routines); only the most
    recent session of this routine is read. ``pins`` maps exercise ids to
    doses (``Settings.pinned_doses``) or stored dose dicts; a pin that no
    longer validates is ignored rather than stopping the session. With ``enabled`` false every
    unpinned exercise is at the low end of its range.
    """
    last = _last_session(routine.id, sessions)
    targets: dict[str, Target] = {}
    for item in routine.items:
        exercise_id = item.exercise_id
        if exercise_id in targets or exercise_id not in catalog.exercises:
            continue
        base = catalog.dose_for(item)
        pinned = _valid_dose(pins.get(exercise_id))
        previous = _played(last, exercise_id, base) if last is not None else None
        if pinned is not None:
            targets[exercise_id] = Target(exercise_id, pinned, previous, "pinned")
        elif _ranged(base):
            targets[exercise_id] = _progressed(exercise_id, base, last, previous, enabled)
    return targets


def _progressed(
    exercise_id: str,
    base: Dose,
    last: Mapping[str, Any] | None,
    previous: Dose | None,
    enabled: bool,
) -> Target:
    """Move one exercise's target a step from where it was last played, as the rule says."""
    if not enabled or last is None or previous is None:
        return Target(exercise_id, at_low(base), None if not enabled else previous, "same")
    outcome = session_outcome(last, exercise_id)
    moved = step(base, previous, outcome)
    change: Outcome = "same" if _amounts(moved) == _amounts(previous) else outcome
    return Target(exercise_id, moved, previous, change)


def session_outcome(session: Mapping[str, Any], exercise_id: str) -> Outcome:
    """What one session says about an exercise: step "up", step "down", or stay the "same".

    Down when the exercise was marked, or when it was done and leg pain rose
    (after > before, both checked in); up when every one of its steps was
    completed and none skipped; otherwise the same (stopped early, skipped,
    or not in that session at all).
    """
    steps = [s for s in _steps(session) if s.get("exercise_id") == exercise_id]
    if _marked(session, exercise_id, steps):
        return "down"
    done = [s for s in steps if not s.get("skipped")]
    if done and leg_pain_rose(session):
        return "down"
    if steps and all(s.get("completed") is True and not s.get("skipped") for s in steps):
        return "up"
    return "same"


def leg_pain_rose(session: Mapping[str, Any]) -> bool:
    """True when both check-ins exist and leg pain after is higher than before."""
    before, after = check_in(session, "before"), check_in(session, "after")
    return before is not None and after is not None and after["leg"] > before["leg"]


def _steps(session: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The session's step records that are well-formed mappings."""
    steps = session.get("steps")
    if not isinstance(steps, list):
        return []
    return [s for s in steps if isinstance(s, Mapping)]


def _marked(
    session: Mapping[str, Any], exercise_id: str, steps: Sequence[Mapping[str, Any]]
) -> bool:
    """True when the user marked this exercise "this hurts" anywhere in the session."""
    marks = session.get("marks")
    in_marks = isinstance(marks, list) and any(
        isinstance(m, Mapping) and m.get("exercise_id") == exercise_id for m in marks
    )
    return in_marks or any(s.get("marked") is True for s in steps)


# --- stepping within a range ------------------------------------------------------


def step(base: Dose, previous: Dose, outcome: Outcome) -> Dose:
    """The dose one step up or down from ``previous`` within ``base``'s ranges.

    ``previous`` is first clamped into the ranges (the routine may have been
    edited since). Up grows the hold first, then the reps; down takes reps
    off first, then hold, so the two directions mirror each other.
    """
    hold, reps = _clamped(base, previous)
    if outcome == "up":
        hold, reps = _up(base, hold, reps)
    elif outcome == "down":
        hold, reps = _down(base, hold, reps)
    return _fixed(base, hold, reps)


def _clamped(base: Dose, previous: Dose) -> tuple[int | None, int]:
    """The previous hold and reps, each pulled into the base dose's range."""
    reps = _clamp(previous.reps.low, base.reps)
    if base.hold_s is None:
        return None, reps
    was = previous.hold_s.low if previous.hold_s is not None else base.hold_s.low
    return _clamp(was, base.hold_s), reps


def _clamp(value: int, span: Span) -> int:
    """``value`` limited to the span's low and high."""
    return min(max(value, span.low), span.high)


def _up(base: Dose, hold: int | None, reps: int) -> tuple[int | None, int]:
    """One step up: more hold while there is room, else one more repetition."""
    if base.hold_s is not None and hold is not None and hold < base.hold_s.high:
        return min(hold + HOLD_STEP_S, base.hold_s.high), reps
    return hold, min(reps + REPS_STEP, base.reps.high)


def _down(base: Dose, hold: int | None, reps: int) -> tuple[int | None, int]:
    """One step back: one repetition fewer while above the low end, else less hold."""
    if reps > base.reps.low:
        return hold, max(reps - REPS_STEP, base.reps.low)
    if base.hold_s is not None and hold is not None:
        return max(hold - HOLD_STEP_S, base.hold_s.low), reps
    return hold, reps


def _fixed(base: Dose, hold: int | None, reps: int) -> Dose:
    """``base`` with its hold and reps set to single values."""
    return replace(
        base,
        hold_s=None if hold is None else Span(hold, hold),
        reps=Span(reps, reps),
    )


def at_low(dose: Dose) -> Dose:
    """The dose at the low end of each of its ranges: where every user starts."""
    return _fixed(dose, _hold(dose), dose.reps.low)


def _ranged(dose: Dose) -> bool:
    """True when the dose's hold or reps is a range, i.e. there is room to progress."""
    return not dose.reps.fixed or (dose.hold_s is not None and not dose.hold_s.fixed)


# --- reading history --------------------------------------------------------------


def _last_session(
    routine_id: str, sessions: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The most recently started session of this routine, or None."""
    dated = [
        (when.timestamp(), n, s)
        for n, s in enumerate(sessions)
        if s.get("routine_id") == routine_id and (when := started_at(s)) is not None
    ]
    return max(dated, key=lambda t: (t[0], t[1]))[2] if dated else None


def _played(session: Mapping[str, Any], exercise_id: str, base: Dose) -> Dose:
    """The dose the exercise was played with last time, from the session's ``targets``.

    Older sessions saved no targets: they were played at the routine's dose,
    which starts at the low end of each range.
    """
    targets = session.get("targets")
    recorded = targets.get(exercise_id) if isinstance(targets, Mapping) else None
    return _valid_dose(recorded) or at_low(base)


def _valid_dose(value: Any) -> Dose | None:
    """A Dose from a stored dose dict, or None when it is missing or does not validate."""
    if isinstance(value, Dose):
        return value
    if not isinstance(value, Mapping):
        return None
    try:
        return dose_from_dict(value, "stored dose")
    except (CatalogError, KeyError, TypeError):
        return None


# --- pins and plans ---------------------------------------------------------------


def pins_from(store_settings: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The pinned doses held in the store's settings, as a fresh dict (empty when none)."""
    value = store_settings.get(PINS_KEY)
    if not isinstance(value, Mapping):
        return {}
    return {str(k): dict(v) for k, v in value.items() if isinstance(v, Mapping)}


def pin(
    store_settings: Mapping[str, Any], exercise_id: str, dose: Dose | Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """The new value for :data:`PINS_KEY` with ``exercise_id`` pinned to ``dose``.

    Pure: ``store_settings`` (``Store.settings()``) is not changed; save the
    result with ``store.set_setting(PINS_KEY, ...)``.
    """
    stored = dose_to_dict(dose) if isinstance(dose, Dose) else dict(dose)
    return {**pins_from(store_settings), exercise_id: stored}


def unpin(store_settings: Mapping[str, Any], exercise_id: str) -> dict[str, dict[str, Any]]:
    """The new value for :data:`PINS_KEY` without a pin on ``exercise_id`` (pure)."""
    pins = pins_from(store_settings)
    pins.pop(exercise_id, None)
    return pins


def targets_as_doses(targets: Mapping[str, Target]) -> dict[str, Dose]:
    """The targets as ``{exercise_id: Dose}``, the shape ``build_plan(..., targets=...)`` takes."""
    return {exercise_id: target.dose for exercise_id, target in targets.items()}
