"""The player's keys turned into :class:`~unpinch.library.player.Player` actions.

:class:`PlayerControls` is the half of the player screen that answers keys:
which keys are on offer at the moment, what each does to the player, and the
pauses the screen takes when another screen covers it or the process was
stopped. Drawing, the wake-up loop and saving are the player screen's; after
a key changes the player, the screen is asked to redraw through :meth:`wake`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace

from unpinch.library.pace import tempo_text
from unpinch.library.plan import Plan
from unpinch.library.player import Player
from unpinch.library.store import StoreError
from unpinch.library.workout import Workout
from unpinch.tui.context import unpinch_app
from unpinch.tui.screens.base import UnpinchScreen
from unpinch.tui.screens.player_keys import PLAYER_KEYS
from unpinch.tui.wakeup import call_soon_after
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.exercise_figure import FIGURE_HIDDEN_KEY, ExerciseFigure

BURST_FRAME_S = 0.1
"""After a key, the screen is drawn at most this often: a held key is drawn ten times a second."""

EXTRA_TAPS_S = 1.5
"""Space this soon after the last counted rep is ignored rather than pausing the rest."""

SHIFTING_KEYS = ("pause", "resume", "count", "extend", "tempo")
"""The actions whose keys come and go with the moment; the footer is redrawn when they do."""


class PlayerControls(UnpinchScreen):
    """The player screen's keys: what is on offer, and what each does to the player."""

    BINDINGS = PLAYER_KEYS

    frame_clock: Callable[[], float] = staticmethod(time.monotonic)
    """Real time, for spacing the drawings of a burst of keys (the player's clock may be fake)."""

    def __init__(self, workout: Workout) -> None:
        super().__init__()
        self.workout = workout
        self.live: Player | None = None
        """The player, once the session has begun (after the heads-up and check-in)."""
        self.auto_paused = False
        self.wake_queued = False
        self.burst_timer: asyncio.TimerHandle | asyncio.Handle | None = None
        self.drawn_at = -BURST_FRAME_S
        self.counted_out_at: float | None = None
        """When the last counted rep moved the player on, for ignoring taps too many."""

    @property
    def player(self) -> Player:
        """The player of the session being played (only once it has begun)."""
        if self.live is None:
            raise RuntimeError("the session has not begun")
        return self.live

    @property
    def routine_id(self) -> str:
        """The id of the routine being played."""
        return self.workout.routine.id

    @property
    def plan(self) -> Plan:
        """The plan being played."""
        return self.player.plan

    def wake(self) -> None:
        """Catch up with the clock and redraw (the player screen's loop)."""
        raise NotImplementedError

    def schedule(self) -> None:
        """Set the next wake-up for the player's new state (the player screen's loop)."""
        raise NotImplementedError

    def keep_step(self) -> None:
        """Save the session if a key moved it to another step (the player screen's saves)."""
        raise NotImplementedError

    def keys_on_offer(self) -> tuple[bool | None, ...]:
        """Which of the keys that come and go are offered now, to redraw the footer on a change."""
        return tuple(self.check_action(name, ()) for name in SHIFTING_KEYS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer space as pause, resume or count, whichever fits the moment.

        ``+``/``-`` change a time, so a step whose reps you count yourself
        (no time to change) does not offer them; in paced reps they change
        the tempo instead of adding time.
        """
        if self.live is None:
            return True
        status = self.player.status
        counted = self.player.step.kind == "reps" and self.player.step.counted
        running = status == "running" or (status == "paused" and self.auto_paused)
        if action == "pause":
            return running and not counted
        if action == "resume":
            return status == "paused" and not self.auto_paused
        if action == "count":
            return status == "running" and counted
        paced = self.player.tempo_s() is not None
        if action == "extend":
            return not counted and not paced
        if action == "tempo":
            return paced
        return True

    def after_control(self) -> None:
        """Redraw and reschedule after a key changed the player, once for a run of keys.

        A held-down key repeats some 30 times a second, and drawing the card
        for every step it passes would keep a core busy and leave later keys
        (q) waiting behind the backlog. The player takes every key at once;
        the screen is drawn after the keys already queued have been handled,
        and, for keys that follow each other closely, at most every
        :data:`BURST_FRAME_S`: in a burst only the state after the latest key
        is drawn. A single key is drawn at once. The step a key moved to is
        saved at once either way: a deferred drawing must not defer the record.
        """
        self.keep_step()
        if self.wake_queued:
            return
        self.wake_queued = True
        wait = self.drawn_at + BURST_FRAME_S - self.frame_clock()
        if wait > 0:
            self.burst_timer = call_soon_after(self.app, wait, self.queued_wake)
        else:
            self.call_later(self.queued_wake)

    def queued_wake(self) -> None:
        """The redraw that :meth:`after_control` put after the queued keys."""
        self.wake_queued = False
        self.burst_timer = None
        self.wake()
        self.drawn_at = self.frame_clock()

    def action_pause(self) -> None:
        """Pause the timer; the deadline moves by however long the pause lasts.

        Space just after the last counted rep is a tap too many, not a pause:
        it is ignored for :data:`EXTRA_TAPS_S`.
        """
        if self.counted_out_at is not None:
            if unpinch_app(self).clock() - self.counted_out_at < EXTRA_TAPS_S:
                return
            self.counted_out_at = None
        self.auto_paused = False
        self.player.pause()
        self.after_control()

    def action_resume(self) -> None:
        """Carry on from where the pause left off."""
        self.auto_paused = False
        self.player.resume()
        self.after_control()

    def action_count(self) -> None:
        """Count one rep of a step whose pace is the user's own (the last one moves on)."""
        index = self.player.index
        self.player.count_rep()
        if self.player.index != index:
            self.counted_out_at = unpinch_app(self).clock()
        self.after_control()

    def action_next(self) -> None:
        """Skip to the next step."""
        self.player.next()
        self.after_control()

    def action_previous(self) -> None:
        """Go back a step (or restart this one), asking first if that drops counted reps."""
        from unpinch.tui.screens.confirm import ConfirmScreen

        step, done = self.player.step, self.player.reps_done()
        if not (step.kind == "reps" and step.counted and done):
            self.go_back(True)
            return
        question = f"Drop the {done} of {step.reps} reps you counted?"
        detail = "Going back starts the count again from 0."
        self.app.push_screen(ConfirmScreen(question, detail), self.go_back)

    def go_back(self, yes: bool | None) -> None:
        """Go back a step if the answer was yes."""
        if yes and self.live is not None and not self.live.over:
            self.player.previous()
            self.after_control()

    def action_extend(self, seconds: int) -> None:
        """Add or take five seconds from the current hold."""
        change = self.player.extend(seconds)
        if change:
            self.notify(f"{change:+.0f} s", timeout=1.5)
        self.after_control()

    def action_tempo(self, seconds: float) -> None:
        """Make each paced rep longer (slower) or shorter (faster) from this rep on."""
        change = self.player.change_tempo(seconds)
        if change:
            self.notify(tempo_text(self.player.tempo_s() or 0.0), timeout=1.5)
        self.after_control()

    def action_restart(self) -> None:
        """Start the current step again."""
        self.player.restart_step()
        self.after_control()

    def action_hurts(self) -> None:
        """Record that this exercise hurts and move on to the next one."""
        mark = self.player.mark_hurts()
        if mark is not None:
            name = self.workout.catalog.exercises[mark.exercise_id].name
            self.notify(f"Marked “{name}” as hurting; moving on.", timeout=4)
        self.after_control()

    def action_pin(self) -> None:
        """Pin the current exercise's dose so progression leaves it alone (again: unpin)."""
        exercise_id = self.plan.exercise_at(self.player.index)
        if exercise_id is None:
            return
        space = unpinch_app(self).workspace
        name = self.workout.catalog.exercises[exercise_id].name
        settings = self.workout.pin_toggled(exercise_id)
        try:
            space.save_settings(settings)
        except StoreError as error:
            self.notify(f"Could not save the pin: {error}", severity="error", timeout=8)
            return
        # Pins saved in another window meanwhile come back with the save: keep them too.
        pins = space.settings.pinned_doses
        self.workout.settings = replace(settings, pinned_doses=pins)
        if exercise_id in pins:
            dose = pins[exercise_id]
            self.notify(f"Pinned “{name}” at {dose.label()}.", timeout=4)
        else:
            self.notify(f"Unpinned “{name}”: its dose may change again.", timeout=4)
        self.after_control()  # the card says so at once

    def action_stop(self) -> None:
        """Ask before stopping; what was done so far is kept either way."""
        from unpinch.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.player.stop()
                self.wake()

        self.app.push_screen(
            ConfirmScreen("Stop this workout?", "What you have done so far is saved."), answered
        )

    def action_steps(self, pages: int) -> None:
        """Scroll the card's steps by a page, leaving the caution and the cue where they are."""
        self.query_one(ExerciseCard).scroll_steps(pages)

    def action_toggle_figure(self) -> None:
        """Hide or show the drawn figure, and remember the choice."""
        figure = self.query_one(ExerciseFigure)
        hidden = not figure.has_class("-hidden")
        figure.set_class(hidden, "-hidden")
        try:
            unpinch_app(self).workspace.store.set_setting(FIGURE_HIDDEN_KEY, hidden)
        except StoreError as error:
            self.notify(f"Could not save the choice: {error}", severity="error", timeout=6)

    # -- pausing around other screens and time away -------------------------------

    def away(self, since: float, away_s: float) -> None:
        """The process was suspended: pause as of when it stopped, and say so.

        The time away is neither held nor counted as active; space carries on.
        """
        if self.live is None or self.player.status != "running":
            return
        self.auto_paused = False
        self.player.pause_since(since)
        self.wake()
        self.notify(f"Paused — you were away {max(1, round(away_s))} s", timeout=60)

    def on_screen_suspend(self) -> None:
        """Pause while another screen (help, confirm, too small) covers the player."""
        if self.live is not None and self.live.status == "running":
            self.player.pause()
            self.auto_paused = True
            self.schedule()

    def on_screen_resume(self) -> None:
        """Carry on if the pause was ours, not the user's."""
        if self.auto_paused and self.player.status == "paused":
            self.auto_paused = False
            self.player.resume()
        if self.live is not None and not self.live.over:
            self.wake()
