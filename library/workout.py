"""One workout: everything decided before and after playing a routine.

The path of a workout's data reads as one line::

    routine -> Workout (swaps, doses, pins, resume) -> Plan -> Player -> SessionRecord -> Store

Before playing, a :class:`Workout` knows what hurt last time (``marked``), which
easier variants to offer for it, and, once the swaps are chosen, the dose of
every exercise: progressed from the last session, pinned by the user, or the
routine's own. :meth:`Workout.play` builds the plan and starts the player;
:meth:`Workout.record` turns the player's state into the session record to
save, joined onto the interrupted session when this run resumes one.

A session saved with status "interrupted" (the terminal closed, the SSH link
dropped, the program was killed or crashed) keeps ``resume_index``. Resuming
plays the same routine, with the same doses and swaps, from that step and
keeps the same session record: steps before the resume point keep what was
saved, the rest are what the resumed run does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from unpinch.library.describe import HURT_MARK
from unpinch.library.model import Catalog, Dose, Routine
from unpinch.library.plan import Plan, build_plan
from unpinch.library.player import Player, exercise_counts
from unpinch.library.progression import Target, next_targets, pinned_note, targets_as_doses
from unpinch.library.record import Record, record
from unpinch.library.recovery import REACH_LABELS, REACH_LEVELS, reach_index
from unpinch.library.session import (
    CheckIn,
    SessionError,
    SessionRecord,
    record_of,
    session_from_dict,
    session_to_dict,
)
from unpinch.library.settings import Settings
from unpinch.library.workspace import Workspace


@record
class EasierOffer(Record):
    """An exercise that hurt last time and the library's easier variant of it."""

    exercise_id: str
    name: str
    easier_id: str
    easier_name: str


class Workout:
    """One playing of a routine, from the choices before it to the record after it."""

    def __init__(
        self,
        routine: Routine,
        catalog: Catalog,
        settings: Settings,
        last: SessionRecord | None = None,
        *,
        resumed: SessionRecord | None = None,
    ) -> None:
        """Prepare ``routine``; ``last`` is its last session, ``resumed`` the one this continues.

        The user's pins come with the settings. A resumed workout plays the
        doses and swaps it was started with, so neither the last session nor
        the pins are read for it.
        """
        self.routine = routine
        self.catalog = catalog
        self.settings = settings
        self.resumed = resumed
        self.last = None if resumed is not None else last
        self.marked: tuple[str, ...] = tuple(marked_in(self.last))
        self.spread: tuple[str, str] | None = spread_in(self.last)
        self.swaps: dict[str, str] = dict(resumed.swaps) if resumed is not None else {}
        self.before: CheckIn | None = resumed.before if resumed is not None else None
        self.targets: dict[str, Target] = {}
        self.doses: dict[str, Dose] = {}
        self.plan: Plan | None = None
        self.started: datetime | None = None

    @property
    def start_index(self) -> int:
        """The step to start from: the interrupted one when resuming, else the first."""
        return self.resumed.resume_index or 0 if self.resumed is not None else 0

    def easier_offers(self) -> list[EasierOffer]:
        """Easier variants to offer for what hurt last time (none when resuming).

        When the symptoms spread further down the leg after the last session, every
        exercise with an easier variant is offered, not only the marked ones.
        """
        chosen = sorted(self.marked)
        if self.spread is not None:
            chosen += [i.exercise_id for i in self.routine.items if i.exercise_id not in chosen]
        return easier_offers(self.routine, self.catalog, chosen)

    def spread_note(self) -> str | None:
        """The line shown before starting when the symptoms spread after the last session."""
        if self.spread is None:
            return None
        before, after = self.spread
        return (
            f"After your last session the symptoms reached further down the leg "
            f"({before} → {after}). The doses stay as they were this time."
        )

    def build(self) -> Plan:
        """Fix the doses for the chosen swaps and build the plan (once; later calls reuse it)."""
        if self.plan is None:
            played = with_swaps(self.routine, self.swaps)
            self.doses = self.played_doses(played)
            self.plan = build_plan(played, self.catalog, self.settings, self.doses)
        return self.plan

    def played_doses(self, played: Routine) -> dict[str, Dose]:
        """The dose of every exercise this session: progressed, pinned, or the routine's own.

        A resumed session plays the doses it was started with.
        """
        if self.resumed is not None:
            doses = dict(self.resumed.targets)
        else:
            # Progression reads only the routine's last session: no need to copy them all.
            sessions = [session_to_dict(self.last)] if self.last is not None else []
            enabled = self.settings.progression and self.spread is None
            pins = self.settings.pinned_doses
            self.targets = next_targets(played, self.catalog, sessions, pins, enabled)
            doses = targets_as_doses(self.targets)
        return {
            item.exercise_id: doses.get(item.exercise_id) or self.catalog.dose_for(item)
            for item in played.items
        }

    def play(self, clock: Callable[[], float], started: datetime) -> Player:
        """Build the plan and a player on ``clock``, started at the right step."""
        player = Player(self.build(), clock)
        self.started = started
        player.start(self.start_index, count_in=self.resumed is not None)
        return player

    def record(self, player: Player, now: datetime, after: CheckIn | None = None) -> SessionRecord:
        """The session as it stands, for the store (joined onto the one it resumes).

        ``now`` is used only when the player never started; otherwise the end
        is the start plus the player's monotonic time, so a wall-clock jump
        never makes a session end before it began.
        """
        plan = self.build()
        started = self.started or now
        ended = started + timedelta(seconds=player.since_start()) if self.started else now
        record = replace(
            record_of(plan, player, self.routine.name, started, ended),
            targets=dict(self.doses),
            swaps=dict(self.swaps),
            before=self.before,
            after=after,
        )
        if self.resumed is not None:
            record = merge_resumed(self.resumed, record, plan, self.start_index)
        return record

    def pin_toggled(self, exercise_id: str) -> Settings:
        """The settings with this exercise's dose pinned as played now, or unpinned if it was."""
        if exercise_id in self.settings.pinned_doses:
            return self.settings.unpinned(exercise_id)
        return self.settings.pinned(exercise_id, self.doses[exercise_id])

    def flags(self, exercise_id: str) -> list[str]:
        """Lines above the card: the target's change or its pin, and whether it hurt last time."""
        lines = []
        target = self.targets.get(exercise_id)
        pin = self.settings.pinned_doses.get(exercise_id)
        if pin is not None:  # pinned now, perhaps during this very session
            lines.append(pinned_note(pin))
        elif target is not None and target.change != "pinned" and target.note():
            lines.append(target.note())
        if exercise_id in self.marked:
            lines.append(f"{HURT_MARK} — go gently")
        return lines


# --- opening a workout -------------------------------------------------------------


def open_workout(space: Workspace, routine_id: str) -> Workout:
    """A workout of ``routine_id`` with its last session from the store."""
    routine = space.routine(routine_id)
    last = decoded(space.store.last_session_for(routine_id))
    return Workout(routine, space.catalog, space.settings, last)


def resumed_workout(space: Workspace, record: SessionRecord) -> Workout:
    """A workout that continues the interrupted session ``record``."""
    routine = space.routine(record.routine_id)
    return Workout(routine, space.catalog, space.settings, resumed=record)


def decoded(doc: Mapping[str, Any] | None) -> SessionRecord | None:
    """A stored session as a record; None when there is none or it cannot be read."""
    if doc is None:
        return None
    try:
        return session_from_dict(doc)
    except SessionError:
        return None


# --- before playing ----------------------------------------------------------------


def spread_in(session: SessionRecord | None) -> tuple[str, str] | None:
    """Where the symptoms reached before and after a session that spread them, in words.

    None unless both check-ins say where the symptoms reach and the after one is further down
    the leg: a warning sign in every article, so the next start eases off.
    """
    if session is None or session.before is None or session.after is None:
        return None
    before, after = reach_index(session.before.reach), reach_index(session.after.reach)
    if before is None or after is None or after <= before:
        return None
    return REACH_LABELS[REACH_LEVELS[before]].lower(), REACH_LABELS[REACH_LEVELS[after]].lower()


def marked_in(session: SessionRecord | None) -> list[str]:
    """Exercise ids marked "this hurts" in a session, in order, each once."""
    return [] if session is None else session.marked


def easier_offers(routine: Routine, catalog: Catalog, marked: Sequence[str]) -> list[EasierOffer]:
    """One offer per marked exercise of the routine that has an easier variant in the library."""
    offers: list[EasierOffer] = []
    in_routine = {item.exercise_id for item in routine.items}
    for exercise_id in marked:
        exercise = catalog.exercises.get(exercise_id)
        if exercise is None or exercise_id not in in_routine:
            continue
        easier = next((e for e in exercise.easier if e in catalog.exercises), None)
        if easier is not None:
            name = catalog.exercises[easier].name
            offers.append(EasierOffer(exercise_id, exercise.name, easier, name))
    return offers


def with_swaps(routine: Routine, swaps: Mapping[str, str]) -> Routine:
    """The routine with swapped exercises replaced (each played at its own library dose)."""
    if not swaps:
        return routine
    items = tuple(
        replace(item, exercise_id=swaps[item.exercise_id], dose=None)
        if item.exercise_id in swaps
        else item
        for item in routine.items
    )
    return replace(routine, items=items)


# --- resuming ----------------------------------------------------------------------


def resumable(sessions: Sequence[Mapping[str, Any]]) -> SessionRecord | None:
    """The newest session when it was interrupted and can be resumed; otherwise None."""
    newest = decoded(sessions[-1]) if sessions else None
    return newest if newest is not None and newest.resumable else None


def resume_plan(catalog: Catalog, settings: Settings, record: SessionRecord) -> Plan | None:
    """The plan the interrupted session was playing, or None if it can no longer be rebuilt."""
    routine = catalog.routines.get(record.routine_id)
    if routine is None:
        return None
    played = with_swaps(routine, record.swaps)
    if any(item.exercise_id not in catalog.exercises for item in played.items):
        return None
    plan = build_plan(played, catalog, settings, dict(record.targets))
    index = record.resume_index if record.resume_index is not None else -1
    return plan if 0 <= index < len(plan) else None


def finished_as_is(record: SessionRecord) -> SessionRecord:
    """The interrupted session closed as "stopped", keeping what was done."""
    return replace(record, status="stopped", resume_index=None)


def merge_resumed(
    old: SessionRecord, new: SessionRecord, plan: Plan, resume_index: int
) -> SessionRecord:
    """The resumed run's record joined onto the interrupted one it continues.

    Exercise steps before ``resume_index`` keep their old records; the rest come
    from the resumed run. Marks and active time add up; the completed and
    skipped counts are worked out again from the joined steps. The id, the
    check-in before, the doses and the swaps are the interrupted session's.
    """
    exercise_steps = [s for s in plan.steps if s.is_exercise]
    old_steps, new_steps = old.steps, new.steps
    if len(old_steps) != len(new_steps) or len(new_steps) != len(exercise_steps):
        old_steps = new_steps
    done_before = sum(1 for s in exercise_steps if s.index < resume_index)
    steps = old_steps[:done_before] + new_steps[done_before:]
    numbers = [s.exercise_no for s in exercise_steps]
    completed, skipped = exercise_counts(
        (number, step.completed, step.skipped) for number, step in zip(numbers, steps, strict=False)
    )
    return replace(
        new,
        id=old.id,
        steps=steps,
        started=old.started,
        marks=old.marks + new.marks,
        duration_s=round(old.duration_s + new.duration_s, 1),
        exercises_completed=completed,
        exercises_skipped=skipped,
        before=old.before,
        targets=old.targets,
        swaps=old.swaps,
        extra={**old.extra, **new.extra},
    )


# --- after playing -----------------------------------------------------------------


@record
class WorkoutSummary(Record):
    """The end-of-workout numbers, read from the whole session record.

    A resumed session's record holds what was done before the drop as well, so
    the summary agrees with the history whichever way the session went.
    """

    status: str
    active_s: float
    exercises: int
    completed: int
    skipped: int
    marks: int

    @property
    def headline(self) -> str:
        """Say what happened: complete, finished with skips, or stopped part way."""
        if self.status != "completed":
            return f"Workout stopped. {self.completed} of {self.exercises} exercises done."
        if self.completed == self.exercises:
            return "Routine complete — well done."
        return (
            f"Finished: {self.completed} of {self.exercises} exercises done, "
            f"{self.skipped} skipped."
        )


def summary_of(record: SessionRecord) -> WorkoutSummary:
    """The summary of a saved (or about to be saved) session record."""
    return WorkoutSummary(
        status=record.status,
        active_s=record.duration_s,
        exercises=record.exercises,
        completed=record.exercises_completed,
        skipped=record.exercises_skipped,
        marks=len(record.marks),
    )


def stopped_at(plan: Plan, index: int, catalog: Catalog) -> str:
    """Where a cut-off session stopped, with its exercise: "Squat — Hold", "Rest, before Squat"."""
    step = plan.steps[index]
    exercise_id = plan.exercise_at(index)
    exercise = catalog.exercises.get(exercise_id or "")
    if exercise is None:
        return step.label
    if step.exercise_id is None:
        return f"{step.label}, before {exercise.name}"
    return f"{exercise.name} — {step.label}"
