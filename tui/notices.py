"""Which moments of a workout become desktop notifications, and in what words.

A notification is for someone who is not looking at the screen, so only the
moments that ask them to do something get one: switch sides, a rest is over
(or the count-in: the exercise starts now), the routine is done, and a workout
that has been left paused for a while. The words are the product's own;
exercise names come from the library.
"""

from __future__ import annotations

from collections.abc import Mapping

from unpinch.library.plan import Plan, Step
from unpinch.library.player import Cue, Status
from unpinch.tui.notify import Notice

PAUSE_REMINDER_S = 120.0
"""A workout left paused this long gets one reminder."""
PAUSED = Notice("Workout paused", "Still paused after 2 minutes. Press space to carry on.")
COMPLETE = Notice("Routine complete", "Well done. Take a moment before you get up.")


def notice_for(plan: Plan, cue: Cue, names: Mapping[str, str]) -> Notice | None:
    """The notification a cue calls for, or None for cues that only need a sound.

    ``names`` maps exercise ids to their names.
    """
    if cue.kind == "complete":
        return COMPLETE
    if not 0 <= cue.step_index < len(plan.steps):
        return None
    step = plan.steps[cue.step_index]
    if cue.kind == "switch":
        coming = plan.steps[step.index + 1] if step.index + 1 < len(plan.steps) else None
        return switch_notice(coming or step, names)
    if cue.kind == "start":
        return start_notice(plan, step, names)
    return None


def switch_notice(coming: Step, names: Mapping[str, str]) -> Notice:
    """Say which side comes next, for the step that follows a switch."""
    name = names.get(coming.exercise_id or "", "the exercise")
    side = f"your {coming.side} side" if coming.side in ("left", "right") else "the other side"
    return Notice("Switch sides", f"{name}: now {side}.")


def start_notice(plan: Plan, step: Step, names: Mapping[str, str]) -> Notice | None:
    """A notice when an exercise step starts after a rest or the count-in, else None.

    Without a switch pause the second side follows the first directly: that
    start is the moment to switch, so it says so.
    """
    before = plan.steps[step.index - 1] if step.index > 0 else None
    if before is None or not step.is_exercise:
        return None
    name = names.get(step.exercise_id or "", "The exercise")
    if before.kind == "rest":
        return Notice("Rest over", f"{name} starts now ({what(step)}).")
    if before.kind == "count_in":
        return Notice("Starting", f"{name} starts now ({what(step)}).")
    if before.is_exercise and before.exercise_id == step.exercise_id and before.side != step.side:
        return switch_notice(step, names)
    return None


def what(step: Step) -> str:
    """The dose in a few words: "hold 20 s, left side" or "10 reps"."""
    if step.kind == "hold" and step.duration_s is not None:
        text = f"hold {step.duration_s:g} s"
    else:
        text = f"{step.reps} reps"
    return text if step.side in (None, "both") else f"{text}, {step.side} side"


class PauseReminder:
    """Says when a paused workout has been paused long enough for one reminder.

    Fed the player's status and the app's clock at every wake; a pause that
    ends and starts again starts the wait afresh.
    """

    def __init__(self, after_s: float = PAUSE_REMINDER_S) -> None:
        self.after_s = after_s
        self.paused_since: float | None = None
        self.reminded = False

    def update(self, status: Status, now: float) -> bool:
        """Note the status; True once, when the pause has just lasted ``after_s``."""
        if status != "paused":
            self.paused_since, self.reminded = None, False
            return False
        if self.paused_since is None:
            self.paused_since = now
        if self.reminded or now - self.paused_since < self.after_s:
            return False
        self.reminded = True
        return True

    def due_in(self, now: float) -> float | None:
        """Seconds until the reminder is due, or None when none is waiting."""
        if self.paused_since is None or self.reminded:
            return None
        return max(0.0, self.paused_since + self.after_s - now)
