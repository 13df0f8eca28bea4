"""The player: a headless state machine that walks a plan against a clock.

Time comes from an injected monotonic clock, never from counting ticks. A timed
step has a deadline, ``base + duration``, where ``base`` is when the step
started plus any time spent paused; pausing freezes the step and resuming
shifts ``base`` (and so the deadline) by the length of the pause.

:meth:`Player.update` catches up with the clock: after the event loop was
blocked for ten seconds it completes every step those seconds cover, each
starting exactly at the previous one's deadline, so the schedule never drifts
and the cues it returns carry their scheduled times. Controls (pause, next,
extend, ...) first catch up the same way, then act "now". Cues raised by
controls are queued and returned by the next :meth:`Player.update`, so the UI
has a single place to collect them: call ``update()`` after any control and
on the one-shot timer set for :meth:`Player.next_due`.

Every step of the plan has a record from the start; controls only change the
records' contents, so no sequence of key presses can lose a step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from unpinch.library.codec import TEMPO_BOUNDS
from unpinch.library.model import Side
from unpinch.library.pace import PhaseAt, clamp_tempo, phase_at_position, turn_points
from unpinch.library.plan import Plan, Step, StepKind
from unpinch.library.record import Record, record

Status = Literal["ready", "running", "paused", "finished", "stopped"]
CueKind = Literal["tick", "start", "rep", "turn", "switch", "rest", "done", "complete"]
Outcome = Literal["completed", "skipped", "left"]

MIN_REMAINING_S = 1.0
"""Shortening a step with :meth:`Player.extend` never leaves less than this."""
RESTART_AFTER_S = 1.0
"""From this far into an exercise step, :meth:`Player.previous` restarts it."""
TICKS_BEFORE_END_S: tuple[int, ...] = (3, 2, 1)
"""The count-in ticks, in seconds before its end."""

_ENTRY_CUES: dict[StepKind, CueKind] = {
    "hold": "start",
    "reps": "start",
    "rest": "rest",
    "switch": "switch",
}
_ACTIVE: tuple[Status, ...] = ("running", "paused")


@record
class Cue(Record):
    """Something the UI should sound or flash, with the monotonic time it was due.

    ``at`` is the scheduled time, not the time ``update()`` noticed it: after a
    blocked event loop the UI can tell a late cue from a fresh one. In paced
    reps, "rep" (a new rep) and "turn" (a new phase inside a rep) carry the
    ``word`` of the phase that begins, such as "lift" or "lower".
    """

    kind: CueKind
    at: float
    step_index: int
    word: str = ""


@record
class StepRecord(Record):
    """What happened in one step of the plan.

    ``actual_s`` is active time spent in the step (pauses excluded), summed
    over every visit. ``completed`` means the step ran to its end at least once
    and wins over ``skipped``, which means it was skipped and never completed.
    A step never reached is neither. ``extended_s`` is the net change made with
    :meth:`Player.extend`. Rep fields are None for steps that are not reps.
    """

    index: int
    kind: StepKind
    exercise_id: str | None
    side: Side | None
    set_no: int
    rep_no: int
    target_s: float | None
    actual_s: float
    target_reps: int | None
    actual_reps: int | None
    skipped: bool
    marked: bool
    completed: bool
    extended_s: float = 0.0


@record
class Mark(Record):
    """A "this hurts" mark on an exercise and side, with the monotonic time it was made."""

    exercise_id: str
    side: Side | None
    step_index: int
    at: float


@record
class Summary(Record):
    """The end-of-session numbers.

    An exercise is completed when all its hold and reps steps were completed,
    and skipped when it is not completed and at least one of them was skipped.
    """

    status: Status
    active_s: float
    exercises: int
    exercises_completed: int
    exercises_skipped: int
    steps_completed: int
    steps_skipped: int
    marks: tuple[Mark, ...]


@dataclass
class _Tally:
    """The mutable inside of a :class:`StepRecord`."""

    actual_s: float = 0.0
    actual_reps: int = 0
    skipped: bool = False
    marked: bool = False
    completed: bool = False
    extended_s: float = 0.0


def exercise_counts(steps: Iterable[tuple[int, bool, bool]]) -> tuple[int, int]:
    """Exercises completed and skipped, from ``(exercise_no, completed, skipped)`` per step.

    An exercise is completed when every one of its steps was, and skipped when
    one of its steps was skipped and it was not completed.
    """
    groups: dict[int, list[tuple[bool, bool]]] = {}
    for number, completed, skipped in steps:
        groups.setdefault(number, []).append((completed, skipped))
    done = [all(c for c, _ in group) for group in groups.values()]
    missed = [any(s for _, s in group) for group in groups.values()]
    return sum(done), sum(m and not d for m, d in zip(missed, done, strict=True))


class Player:
    """Plays a :class:`Plan` against a monotonic clock.

    ``status`` moves ready → running ⇄ paused → finished, or to stopped from any
    of the first three. Controls do nothing in a state where they make no
    sense (for example ``next()`` once finished). Queries never advance the
    player; call :meth:`update` first so they reflect the clock.
    """

    def __init__(self, plan: Plan, clock: Callable[[], float] = time.monotonic) -> None:
        if not plan.steps:
            raise ValueError("a plan with no steps cannot be played")
        self.plan = plan
        self._clock = clock
        self._status: Status = "ready"
        self._index = 0
        self._base = 0.0
        self._duration: float | None = plan.steps[0].duration_s
        self._frozen_at: float | None = None
        self._cue_mark = -1.0
        self._count = 0
        self._tallies = [_Tally() for _ in plan.steps]
        self._pending: list[Cue] = []
        self._marks: list[Mark] = []
        self._last_cue_at = -math.inf
        self._tempo: float | None = None
        self._pos0 = 0.0
        self._e0 = 0.0
        self._tempos: dict[int, float] = {}
        self.started_at: float | None = None
        """The monotonic time :meth:`start` was called, or None before that."""
        self.ended_at: float | None = None
        """The monotonic time the player finished or stopped, or None."""
        self._resume_at: int | None = None

    # -- state ---------------------------------------------------------------

    @property
    def status(self) -> Status:
        """Return "ready", "running", "paused", "finished" or "stopped"."""
        return self._status

    @property
    def index(self) -> int:
        """Return the current step's index (the last step once finished)."""
        return self._index

    @property
    def step(self) -> Step:
        """Return the current step."""
        return self.plan.steps[self._index]

    @property
    def resume_at(self) -> int | None:
        """The step a resumed session goes on with after its count-in; None once there."""
        return self._resume_at

    @property
    def over(self) -> bool:
        """Tell whether the session has ended, finished or stopped."""
        return self._status in ("finished", "stopped")

    def duration_s(self) -> float | None:
        """Return the current step's length including extensions; None for counted reps."""
        return self._duration

    def remaining_s(self) -> float | None:
        """Return seconds left in the current step, never negative; None if untimed.

        Frozen while paused or stopped; the full length before starting; 0 once finished.
        """
        if self._duration is None:
            return None
        if self._status == "ready":
            return self._duration
        if self._status == "finished":
            return 0.0
        return max(0.0, self._duration - self._elapsed(self._clock()))

    def elapsed_in_step(self) -> float:
        """Return active seconds spent in the current step (for rotating form cues)."""
        if self._status in ("ready", "finished"):
            return 0.0
        return self._elapsed(self._clock())

    def since_start(self) -> float:
        """Monotonic seconds since the player started (0 before), pauses included.

        The wall clock can jump (a time sync, a manual change, a laptop lid);
        this cannot, so the session's end is its start plus this.
        """
        return 0.0 if self.started_at is None else max(0.0, self._clock() - self.started_at)

    def reps_done(self) -> int:
        """Return reps finished in the current reps step: paced by the clock, or counted."""
        return self._reps_done(self.elapsed_in_step())

    def tempo_s(self) -> float | None:
        """Seconds a paced rep takes now (the plan's, or as ``+``/``-`` changed it); else None."""
        return self._tempo

    def rep_position(self) -> float:
        """How far through a paced set the player is, in reps: 2.25 is a quarter into rep 3.

        0 outside paced reps; never more than the number of reps.
        """
        if self._tempo is None:
            return 0.0
        return self._position(self.elapsed_in_step())

    def pace_elapsed(self) -> float:
        """Seconds into the step as the tempo now counts them, for drawings that move with the rep.

        In paced reps this is the rep position times the current tempo, so after
        a change of tempo a moving figure carries on from the same point of the
        rep; elsewhere it is :meth:`elapsed_in_step`.
        """
        if self._tempo is None:
            return self.elapsed_in_step()
        return self.rep_position() * self._tempo

    def phase(self) -> PhaseAt | None:
        """The rep and phase a paced set is in now ("lift", "hold" ...); None outside paced reps.

        Once the set has run to its end the last phase of the last rep is
        reported as complete, rather than a rep after the last.
        """
        if self._tempo is None:
            return None
        reps = self.step.reps
        position = self.rep_position()
        if position >= reps:
            last = phase_at_position(self.step.phases, reps - 1e-9)
            return PhaseAt(reps - 1, last.index, last.name, 1.0, 1.0)
        return phase_at_position(self.step.phases, position)

    def next_due(self) -> float | None:
        """Return the monotonic time of the next cue or step change, for a one-shot timer.

        None when nothing will happen without the user (paused, counted reps,
        over). If cues are already waiting, returns the earliest one's time.
        """
        if self._pending:
            return self._pending[0].at
        if self._status != "running" or self._duration is None:
            return None
        due = [off for _, off, _ in self._offsets() if off > self._cue_mark]
        return self._base + min([*due, self._duration])

    def records(self) -> tuple[StepRecord, ...]:
        """Return one record per plan step, in plan order, including the step in progress."""
        return tuple(self._record(i) for i in range(len(self.plan.steps)))

    def marks(self) -> tuple[Mark, ...]:
        """Return the "this hurts" marks made so far, oldest first."""
        return tuple(self._marks)

    def summary(self) -> Summary:
        """Return the end-of-session numbers (also valid mid-session)."""
        records = self.records()
        completed, skipped = exercise_counts(
            (self.plan.steps[r.index].exercise_no, r.completed, r.skipped)
            for r in records
            if r.kind in ("hold", "reps")
        )
        return Summary(
            status=self._status,
            active_s=sum(r.actual_s for r in records),
            exercises=self.plan.exercise_count,
            exercises_completed=completed,
            exercises_skipped=skipped,
            steps_completed=sum(r.completed for r in records),
            steps_skipped=sum(r.skipped for r in records),
            marks=self.marks(),
        )

    # -- driving -------------------------------------------------------------

    def start(self, from_index: int = 0, *, count_in: bool = False) -> None:
        """Start playing, at step ``from_index`` when resuming an interrupted session.

        With ``count_in`` a resumed session first plays the plan's count-in, so
        there is time to get back into position, and goes on with
        ``from_index`` when it ends (or is skipped).
        """
        if self._status != "ready":
            return
        now = self._clock()
        self.started_at = now
        self._status = "running"
        target = min(max(from_index, 0), len(self.plan.steps) - 1)
        if count_in and target > 0 and self.plan.steps[0].kind == "count_in":
            self._resume_at, target = target, 0
        self._enter(target, now)

    def update(self) -> list[Cue]:
        """Catch up with the clock and return the cues due since the last call, in order."""
        self._sync()
        cues, self._pending = self._pending, []
        return cues

    # -- controls ------------------------------------------------------------

    def pause(self) -> None:
        """Freeze the current step; its remaining time stays as it is now."""
        now = self._sync()
        if self._status == "running":
            self._frozen_at = now
            self._status = "paused"

    def pause_since(self, since: float) -> None:
        """Pause as if the pause began at ``since``: the time from then until now is not played.

        For a process that was suspended (SIGSTOP, Ctrl+Z): what the clock
        moved on while nothing ran is neither held nor completed; steps are
        played only up to ``since`` and the player waits, paused, from there.
        """
        if self._status != "running":
            return
        since = min(since, self._clock())
        self._sync(max(since, self._base))
        if self._status == "running":
            self._frozen_at = max(since, self._base)
            self._status = "paused"

    def resume(self) -> None:
        """Carry on after a pause, moving the deadline later by the pause's length."""
        if self._status != "paused" or self._frozen_at is None:
            return
        now = self._clock()
        self._base += now - self._frozen_at
        self._frozen_at = None
        self._status = "running"

    def toggle_pause(self) -> None:
        """Pause when running, resume when paused, start when ready (one key does all)."""
        if self._status == "ready":
            self.start()
        elif self._status == "running":
            self.pause()
        else:
            self.resume()

    def next(self) -> None:
        """Skip the rest of the current step; it is recorded as skipped unless completed."""
        now = self._sync()
        if self._status in _ACTIVE:
            self._close(now, "skipped")
            self._move(self._index + 1, now)

    def previous(self) -> None:
        """Go back: restart an exercise step that has run for a second or more.

        Otherwise (in a step's first second, or in a rest, switch or count-in)
        go back to the nearest earlier hold or reps step and start it afresh;
        with none before, restart the current step. Steps passed over keep
        their records and are played again.
        """
        now = self._sync()
        if self._status not in _ACTIVE:
            return
        target: int | None = self._index
        if not (self.step.is_exercise and self._elapsed(now) >= RESTART_AFTER_S):
            target = self.plan.previous_exercise_step(self._index)
        self._close(now, "left")
        self._enter(self._index if target is None else target, now)

    def restart_step(self) -> None:
        """Start the current step again from its beginning (time spent so far still counts)."""
        now = self._sync()
        if self._status in _ACTIVE:
            self._close(now, "left")
            self._enter(self._index, now)

    def extend(self, seconds: float) -> float:
        """Lengthen (or, negative, shorten) the current timed step; return the change made.

        Shortening never leaves less than one second (or less than what was
        left, if that was already under a second). Counted reps are untimed
        and unchanged. In paced reps the time is spread over the reps still
        to come, which slows (or quickens) them within the tempo's bounds, so
        extra time is always time spent moving, never a still bar at the end.
        """
        now = self._sync()
        if self._status not in _ACTIVE or self._duration is None:
            return 0.0
        remaining = self._duration - self._elapsed(now)
        wanted = max(remaining + seconds, min(remaining, MIN_REMAINING_S))
        if self._tempo is not None:
            left = self.step.reps - self._position(self._elapsed(now))
            if left <= 0:
                return 0.0
            return self._retime(wanted / left, now)
        change = wanted - remaining
        self._duration += change
        self._tallies[self._index].extended_s += change
        return change

    def change_tempo(self, seconds: float) -> float:
        """Make each paced rep ``seconds`` longer (or, negative, shorter) from now on.

        The rep in progress keeps how far through it is, so nothing jumps: it
        just goes on at the new pace, and so do the reps after it and the
        later sets and sides of the same exercise. The tempo stays within the
        dose's bounds. Returns the change made to the tempo (0 outside paced reps).
        """
        now = self._sync()
        if self._status not in _ACTIVE or self._tempo is None:
            return 0.0
        before = self._tempo
        self._retime(clamp_tempo(before + seconds, TEMPO_BOUNDS), now)
        return self._tempo - before

    def mark_hurts(self) -> Mark | None:
        """Mark the current exercise and side as hurting, then move on to the next exercise.

        In a rest or switch inside an exercise the mark goes on the hold or
        reps step just played. The exercise's remaining steps are recorded as
        skipped. In a rest between exercises the mark goes on the exercise just
        finished and the rest carries on. Returns None (and does nothing)
        when no exercise has been played yet.
        """
        now = self._sync()
        if self._status not in _ACTIVE:
            return None
        target = self._index if self.step.is_exercise else None
        target = self.plan.previous_exercise_step(self._index) if target is None else target
        if target is None:
            return None
        marked = self.plan.steps[target]
        mark = Mark(marked.exercise_id or "", marked.side, target, now)
        self._marks.append(mark)
        self._tallies[target].marked = True
        if self.step.exercise_id is not None:
            self._skip_rest_of_exercise(now)
        return mark

    def count_rep(self) -> int:
        """Count one rep of a counted reps step and return the count.

        Reaching the target completes the step. Other steps ignore it and return 0.
        """
        now = self._sync()
        step = self.step
        if self._status not in _ACTIVE or step.kind != "reps" or not step.counted:
            return 0
        self._count += 1
        count = self._count
        tally = self._tallies[self._index]
        tally.actual_reps = max(tally.actual_reps, count)
        if count >= step.reps:
            self._close(now, "completed")
            self._move(self._index + 1, now)
        return count

    def stop(self) -> None:
        """End the session early; the step in progress keeps the time spent in it."""
        now = self._sync()
        if self.over:
            return
        if self._status in _ACTIVE:
            self._close(now, "left")
        else:
            self._base = now
        self._frozen_at = self._frozen_at if self._frozen_at is not None else now
        self._status = "stopped"
        self.ended_at = now

    # -- internals -----------------------------------------------------------

    def _sync(self, at: float | None = None) -> float:
        """Read the clock once (or take ``at``), complete every step that time covers, return it."""
        now = self._clock() if at is None else at
        while self._status == "running":
            self._emit_due(now)
            if self._duration is None or now < self._base + self._duration:
                break
            deadline = self._base + self._duration
            self._close(deadline, "completed")
            self._move(self._index + 1, deadline)
        return now

    def _position(self, elapsed: float) -> float:
        """The rep position of a paced set after ``elapsed`` active seconds."""
        if self._tempo is None:
            return 0.0
        position = self._pos0 + (elapsed - self._e0) / self._tempo
        return min(float(self.step.reps), max(0.0, position))

    def _retime(self, tempo: float, now: float) -> float:
        """Play the rest of a paced set at ``tempo`` seconds a rep from ``now``; return the change.

        The position now is kept, so the reps done and the rep in progress stay
        as they are; the step's end moves to match the new pace.
        """
        if self._tempo is None or self._duration is None:
            return 0.0
        tempo = clamp_tempo(tempo, TEMPO_BOUNDS)
        elapsed = self._elapsed(now)
        position = self._position(elapsed)
        self._pos0, self._e0, self._tempo = position, elapsed, tempo
        self._tempos[self.step.exercise_no] = tempo
        before = self._duration
        self._duration = elapsed + (self.step.reps - position) * tempo
        change = self._duration - before
        self._tallies[self._index].extended_s += change
        return change

    def _elapsed(self, now: float) -> float:
        """Return active time in the current step at ``now``, frozen while paused or stopped."""
        reference = self._frozen_at if self._frozen_at is not None else now
        elapsed = max(0.0, reference - self._base)
        return elapsed if self._duration is None else min(elapsed, self._duration)

    def _offsets(self) -> list[tuple[CueKind, float, str]]:
        """List the current step's in-step cues as (kind, offset into its active time, word)."""
        step, duration = self.step, self._duration
        if step.kind == "count_in" and duration is not None:
            return [("tick", duration - s, "") for s in TICKS_BEFORE_END_S if duration - s >= 0]
        if self._tempo is not None:
            return self._pace_offsets()
        return []

    def _pace_offsets(self) -> list[tuple[CueKind, float, str]]:
        """The "rep" and "turn" cues of a paced set still to come, at the current tempo.

        Offsets are measured from the moment the tempo was last set, so a
        change of pace moves only the cues that have not happened yet.
        """
        tempo, step = self._tempo or 1.0, self.step
        phases = step.phases
        first_name = phases[0].name if phases else ""
        out: list[tuple[CueKind, float, str]] = []
        for rep in range(math.floor(self._pos0), step.reps):
            if rep > 0 and rep > self._pos0:
                out.append(("rep", self._e0 + (rep - self._pos0) * tempo, first_name))
            for point, phase in zip(turn_points(phases), phases[1:], strict=True):
                if rep + point > self._pos0:
                    out.append(("turn", self._e0 + (rep + point - self._pos0) * tempo, phase.name))
        return out

    def _emit_due(self, now: float) -> None:
        """Queue the in-step cues that fall between the last check and ``now``."""
        elapsed = self._elapsed(now)
        for kind, offset, word in self._offsets():
            inside = self._duration is None or offset < self._duration
            if inside and self._cue_mark < offset <= elapsed:
                self._cue(kind, min(self._base + offset, now), word)
        self._cue_mark = max(self._cue_mark, elapsed)

    def _cue(self, kind: CueKind, at: float, word: str = "") -> None:
        """Queue a cue for the current step, never earlier than the cue before it.

        Times are sums of floats; the floor keeps a last-bit rounding difference
        from ever putting a cue before its predecessor.
        """
        at = max(at, self._last_cue_at)
        self._last_cue_at = at
        self._pending.append(Cue(kind, at, self._index, word))

    def _reps_done(self, elapsed: float) -> int:
        """Return reps finished after ``elapsed`` active seconds of the current step."""
        step = self.step
        if step.kind != "reps":
            return 0
        if step.counted or self._tempo is None:
            return self._count
        return min(step.reps, math.floor(self._position(elapsed) + 1e-9))

    def _close(self, at: float, outcome: Outcome) -> None:
        """Book the time spent in the current step and how it ended."""
        tally = self._tallies[self._index]
        spent = self._elapsed(at)
        tally.actual_s += spent
        reps = self.step.reps if outcome == "completed" else self._reps_done(spent)
        tally.actual_reps = max(tally.actual_reps, reps)
        if outcome == "completed":
            tally.completed, tally.skipped = True, False
        elif outcome == "skipped" and not tally.completed:
            tally.skipped = True

    def _move(self, target: int, at: float) -> None:
        """Go forward to step ``target`` at time ``at``, finishing after the last step.

        Out of a resumed session's count-in, forward is where the session left off.
        """
        if self._resume_at is not None and self._index == 0:
            target, self._resume_at = max(target, self._resume_at), None
        if self.plan.leaves_exercise(self._index, target):
            self._cue("done", at)
        if target >= len(self.plan.steps):
            self._finish(at)
        else:
            self._enter(target, at)

    def _enter(self, index: int, at: float) -> None:
        """Begin step ``index`` at time ``at``; a paused player stays paused at its start."""
        self._index = index
        self._base = at
        self._duration = self.step.duration_s
        self._cue_mark = -1.0
        self._count = 0
        self._enter_pace()
        if self._frozen_at is not None:
            self._frozen_at = at
        entry = _ENTRY_CUES.get(self.step.kind)
        if entry is not None:
            self._cue(entry, at)

    def _enter_pace(self) -> None:
        """Set a paced step's tempo: the plan's, or the one chosen earlier in this exercise."""
        step = self.step
        self._pos0 = self._e0 = 0.0
        self._tempo = None
        if step.kind != "reps" or step.counted or not step.tempo_s:
            return
        self._tempo = self._tempos.get(step.exercise_no, step.tempo_s)
        self._duration = step.reps * self._tempo

    def _finish(self, at: float) -> None:
        """End the session after its last step."""
        self._index = len(self.plan.steps) - 1
        self._status = "finished"
        self._frozen_at = at
        self.ended_at = at
        self._cue("complete", at)

    def _skip_rest_of_exercise(self, now: float) -> None:
        """Record the current exercise's remaining steps as skipped and move past them."""
        end = self.plan.exercise_end(self._index)
        self._close(now, "skipped")
        for later in range(self._index + 1, end + 1):
            if not self._tallies[later].completed:
                self._tallies[later].skipped = True
        self._move(end + 1, now)

    def _record(self, index: int) -> StepRecord:
        """Return a frozen copy of one step's record, adding the live part of the current step."""
        step, tally = self.plan.steps[index], self._tallies[index]
        actual_s, reps = tally.actual_s, tally.actual_reps
        if index == self._index and self._status in _ACTIVE:
            live = self._elapsed(self._clock())
            actual_s += live
            reps = max(reps, self._reps_done(live))
        is_reps = step.kind == "reps"
        return StepRecord(
            index=index,
            kind=step.kind,
            exercise_id=step.exercise_id,
            side=step.side,
            set_no=step.set_no,
            rep_no=step.rep_no,
            target_s=step.duration_s,
            actual_s=actual_s,
            target_reps=step.reps if is_reps else None,
            actual_reps=reps if is_reps else None,
            skipped=tally.skipped,
            marked=tally.marked,
            completed=tally.completed,
            extended_s=tally.extended_s,
        )
