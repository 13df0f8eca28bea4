"""Drawing the player screen from the player's state: top line, card, timer, figure and cue.

:class:`PlayerView` holds no state of the session; it reads the player and
the workout and hands each widget what it shows. Widgets skip what has not
changed, so drawing an unchanged moment costs next to nothing.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static

from unpinch.library.model import Exercise
from unpinch.library.plan import Step
from unpinch.library.player import Player
from unpinch.library.progress import progress_line, routine_progress
from unpinch.library.workout import Workout
from unpinch.tui.plain import plain
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.exercise_figure import ExerciseFigure, show_step
from unpinch.tui.widgets.form_cue import FormCue, cue_at
from unpinch.tui.widgets.hold_timer import HoldTimer, timer_view

STEP_CUES = {
    "count_in": "Get into your starting position",
    "rest": "Rest, breathe slowly and let your muscles soften",
    "switch": "Change sides slowly and with control",
}


def top_line(name: str, progress: str, width: int) -> str:
    """``name · progress`` in ``width`` cells, the name cut with an ellipsis if need be."""
    room = width - len(progress) - 3
    if len(name) > room:
        name = name[: max(0, room - 1)].rstrip() + "…"
    return f"{name} · {progress}"


def exercise_for(workout: Workout, player: Player, step: Step) -> tuple[Exercise, str]:
    """The exercise the card shows for a step, and a heading for it."""
    catalog, plan = workout.catalog, player.plan
    if step.exercise_id is not None:
        heading = "Rest" if step.kind == "rest" else ""
        return catalog.exercises[step.exercise_id], heading
    ahead = player.resume_at if step.kind == "count_in" and player.resume_at else step.index
    exercise_id = plan.exercise_at(ahead) or plan.steps[-1].exercise_id
    heading = "Get ready" if step.kind == "count_in" else "Up next"
    return catalog.exercises[exercise_id or ""], heading


class PlayerView:
    """Draws a player screen's widgets from the player of ``workout``."""

    def __init__(self, screen: Screen[None], workout: Workout) -> None:
        self.screen = screen
        self.workout = workout
        self.top_text = ""

    @property
    def cue_interval(self) -> float:
        """Seconds between form cues, from the settings."""
        return float(self.workout.settings.cue_interval_s)

    def render(self, player: Player, flash: str = "") -> None:
        """Redraw the card, timer and cue from the player's current state, flashing ``flash``."""
        screen, step = self.screen, player.step
        exercise, heading = exercise_for(self.workout, player, step)
        heading = "\n".join(line for line in [heading, *self.workout.flags(exercise.id)] if line)
        screen.query_one(ExerciseCard).show(exercise, heading)
        screen.query_one(HoldTimer).show(timer_view(player, exercise.sides), flash)
        steps = player.plan.steps
        upcoming = steps[step.index + 1] if step.index + 1 < len(steps) else None
        figure, tempo = screen.query_one(ExerciseFigure), player.tempo_s()
        show_step(figure, step, upcoming, exercise.id, player.pace_elapsed, tempo)
        elapsed = player.elapsed_in_step()
        cue = STEP_CUES.get(step.kind) or cue_at(exercise.cues, elapsed, self.cue_interval)
        screen.query_one(FormCue).say(cue)
        self.draw_top(player)

    def draw_top(self, player: Player) -> None:
        """The top line: the routine's name, cut to leave room for its whole progress."""
        bar = self.screen.query_one("#player-top", Static)
        progress = progress_line(routine_progress(player))
        top = top_line(self.workout.routine.name, progress, bar.content_region.width)
        if top != self.top_text:
            self.top_text = top
            bar.update(plain(top))
