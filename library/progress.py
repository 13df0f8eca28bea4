"""How far through the whole routine a player is: exercise n of m, time done and time left.

Time done is active time (pauses left out), the same figure the session
records. Time left is the current step's remaining time plus the planned
length of every later step, counting the user's own reps at the plan's
estimate, so it is an estimate wherever the user sets the pace.
"""

from __future__ import annotations

from unpinch.library.player import Player
from unpinch.library.record import Record, record


@record
class RoutineProgress(Record):
    """The routine's progress at one moment."""

    exercise_no: int
    exercises: int
    done_s: float
    left_s: float


def routine_progress(player: Player) -> RoutineProgress:
    """The progress of ``player`` through its whole plan, right now."""
    step = player.step
    done = sum(record.actual_s for record in player.records())
    ahead = player.index + 1 if player.resume_at is None else player.resume_at
    later = sum(s.estimate_s for s in player.plan.steps[ahead:])
    if player.resume_at is not None:  # a resumed session's count-in: where it goes on
        step = player.plan.steps[player.resume_at]
    if player.over:
        return RoutineProgress(step.exercises, step.exercises, done, 0.0)
    left = later + current_left(player)
    return RoutineProgress(max(step.exercise_no, 1), step.exercises, done, left)


def current_left(player: Player) -> float:
    """Seconds left in the current step: the timer's, or the estimate for reps still to count."""
    remaining = player.remaining_s()
    if remaining is not None:
        return remaining
    step = player.step
    return max(0, step.reps - player.reps_done()) * (step.estimate_s / max(step.reps, 1))


def clock(seconds: float) -> str:
    """Seconds as M:SS (H:MM:SS from an hour), rounded to the nearest second."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


def progress_line(progress: RoutineProgress) -> str:
    """One line such as "exercise 3 of 7 · 4:10 done · 6:20 left"."""
    return (
        f"exercise {progress.exercise_no} of {progress.exercises} · "
        f"{clock(progress.done_s)} done · {clock(progress.left_s)} left"
    )
