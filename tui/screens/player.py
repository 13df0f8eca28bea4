"""The player screen: the live exercise card, the hold timer and the rotating form cue.

The screen owns no time of its own. It asks the headless player what is due,
sets one one-shot timer for the earliest moment anything on screen changes
(a cue, a step change, the next whole second, the next form cue), and on
waking reads the player again. Nothing counts ticks, so a blocked event loop
cannot make the timer drift, and an idle hold redraws once a second.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from unpinch.library.lease import HEARTBEAT_S
from unpinch.library.live import TAKEN_LINE
from unpinch.library.model import Exercise
from unpinch.library.plan import Plan, Step
from unpinch.library.player import Cue, Player
from unpinch.library.progress import progress_line, routine_progress
from unpinch.library.recorder import SessionRecorder
from unpinch.library.session import SessionRecord, check_in_from
from unpinch.library.store import StoreError
from unpinch.library.workout import Workout, summary_of
from unpinch.tui.context import unpinch_app
from unpinch.tui.notices import PAUSED, PauseReminder, notice_for
from unpinch.tui.plain import plain
from unpinch.tui.screens.base import UnpinchScreen
from unpinch.tui.screens.player_keys import PLAYER_KEYS
from unpinch.tui.voice import Silence, Voice
from unpinch.tui.wakeup import QuietCollector, call_soon_after
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.exercise_figure import FIGURE_HIDDEN_KEY, ExerciseFigure, show_step
from unpinch.tui.widgets.form_cue import FormCue, cue_at, next_change_in
from unpinch.tui.widgets.hold_timer import HoldTimer, timer_view

STALE_CUE_S = 1.5
"""A cue noticed this late (after a long block) is shown but not sounded."""

BURST_FRAME_S = 0.1
"""After a key, the screen is drawn at most this often: a held key is drawn ten times a second."""

STEP_CUES = {
    "count_in": "Get into your starting position",
    "rest": "Rest, breathe slowly and let your muscles soften",
    "switch": "Change sides slowly and with control",
}


SHIFTING_KEYS = ("pause", "resume", "count", "extend")
"""The actions whose keys come and go with the moment; the footer is redrawn when they do."""


class PlayerScreen(UnpinchScreen):
    """Plays one routine from its count-in to its summary."""

    BINDINGS = PLAYER_KEYS

    frame_clock: Callable[[], float] = staticmethod(time.monotonic)
    """Real time, for spacing the drawings of a burst of keys (the player's clock may be fake)."""

    def __init__(self, workout: Workout, *, checkin: bool = True) -> None:
        super().__init__()
        self.workout = workout
        self.ask_before = checkin and workout.resumed is None
        self.live: Player | None = None
        """The player, once the session has begun (after the heads-up and check-in)."""
        self.recorder: SessionRecorder | None = None
        self.timer: asyncio.TimerHandle | asyncio.Handle | None = None
        self.collector = QuietCollector()
        self.top_text = ""
        self.auto_paused = False
        self.wake_queued = False
        self.burst_timer: asyncio.TimerHandle | asyncio.Handle | None = None
        self.drawn_at = -BURST_FRAME_S
        self.keys_state: tuple[object, ...] = ()
        self.saved_index = -1
        self.reminder = PauseReminder()
        self.voice: Voice | Silence = Silence()
        """Spoken cues once the session has begun; silence until then or with voice off."""
        self.reminder_timer: asyncio.TimerHandle | asyncio.Handle | None = None

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

    # -- set-up ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Top line, card and timer side by side, the form cue, the footer."""
        yield Static(id="player-top")
        with Horizontal(id="player-main"):
            yield ExerciseCard(id="exercise-card")
            with Vertical(id="player-side"):
                yield HoldTimer(id="hold-timer")
                yield ExerciseFigure(id="player-figure")
        yield FormCue(id="form-cue")
        yield self.compact_footer()

    def on_mount(self) -> None:
        """Show the routine's name and set the session going (at once when there is no question).

        Starting at once keeps ``unpinch play`` and a resume exactly on the clock
        they were started by; questions wait for the user in :meth:`start_session`.
        """
        self.query_one("#player-top", Static).update(plain(self.workout.routine.name))
        store = unpinch_app(self).workspace.store
        hidden = store.settings().get(FIGURE_HIDDEN_KEY) is True
        self.query_one(ExerciseFigure).set_class(hidden, "-hidden")
        resumed = self.workout.resumed
        self.recorder = SessionRecorder(store, resumed.id if resumed is not None else None)
        if self.recorder.taken:  # another copy of unpinch is playing it: never two at once
            self.notify(TAKEN_LINE, severity="warning", timeout=8)
            self.app.pop_screen()
            return
        self.set_interval(HEARTBEAT_S, self.recorder.heartbeat)
        if self.workout.easier_offers() or self.workout.spread_note() or self.ask_before:
            self.start_session()
        else:
            self.begin()

    @work(exclusive=True, group="start")
    async def start_session(self) -> None:
        """Offer easier variants of what hurt last time, ask the check-in, then play."""
        from unpinch.tui.screens.checkin import CheckinScreen
        from unpinch.tui.screens.heads_up import HeadsUpScreen

        offers = self.workout.easier_offers()
        spread = self.workout.spread_note()
        if offers or spread:
            screen = HeadsUpScreen(offers, spread, self.workout.marked)
            swaps = await self.app.push_screen_wait(screen)
            self.workout.swaps = dict(swaps or {})
        self.prepare_voice()  # the plan is settled now: render its phrases during the check-in
        if self.ask_before:
            answer = await self.app.push_screen_wait(CheckinScreen())
            self.workout.before = check_in_from(answer)
        self.begin()

    def prepare_voice(self) -> None:
        """Start rendering the spoken cues of the plan about to play (voice on)."""
        if isinstance(self.voice, Silence):
            self.voice = unpinch_app(self).make_voice(self.workout.build())

    def begin(self) -> None:
        """Start playing and save the session as begun."""
        app = unpinch_app(self)
        self.prepare_voice()
        self.live = self.workout.play(app.clock, app.wall_clock())
        self.saved_index = self.live.index
        self.save()
        self.collector.start()
        self.wake()

    # -- the loop --------------------------------------------------------------

    def wake(self) -> None:
        """Catch up with the clock, sound and show due cues, redraw, and sleep again.

        A wake-up that lands while the app is closing, after the screen's
        widgets have been removed, does nothing: there is nothing left to draw,
        and unmounting saves the session.
        """
        if not self.query(FormCue):
            return
        cues = self.player.update()
        for cue in cues:
            self.announce(cue)
        flash = cues[-1].kind if cues else ""
        self.remind_if_paused()
        self.speak()
        if self.player.over:
            self.finish()
            return
        if self.player.index != self.saved_index:
            self.save_in_background()
        self.report_save_problem()
        self.render_step(flash)
        self.schedule()

    def schedule(self) -> None:
        """Set one timer for the earliest moment anything on screen changes."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.player.status != "running":
            self.schedule_reminder()
            return
        clock = unpinch_app(self).clock
        now = clock()
        moments = [now + next_change_in(self.player.elapsed_in_step(), self.cue_interval)]
        due = self.player.next_due()
        if due is not None:
            moments.append(due)
        words = self.voice.next_in(self.player.index, self.player.elapsed_in_step())
        if words is not None:
            moments.append(now + words)
        remaining = self.player.remaining_s()
        if remaining is not None and remaining > 0:
            fraction = remaining - math.floor(remaining)
            moments.append(now + (fraction if fraction > 1e-6 else 1.0))
        delay = max(0.0, min(moments) - now)
        self.timer = call_soon_after(self.app, delay, self.wake)
        self.collector.quiet_moment(delay)

    def speak(self) -> None:
        """Say the phrase whose moment has come (voice on), or that the routine is complete."""
        if self.player.status == "finished":
            self.voice.finished()
        elif self.player.status == "running":
            self.voice.update(self.player.index, self.player.elapsed_in_step())

    def announce(self, cue: Cue) -> None:
        """Sound a cue (unless it is stale), always show it, and notify where it matters."""
        app = unpinch_app(self)
        fresh = app.clock() - cue.at <= STALE_CUE_S
        if fresh:
            app.cues.play(cue.kind)
        notice = notice_for(self.plan, cue, self.exercise_names) if fresh else None
        if notice is not None:
            app.send_notice(notice)

    @property
    def exercise_names(self) -> dict[str, str]:
        """Exercise names by id, for notification text."""
        catalog = unpinch_app(self).workspace.catalog
        return {key: exercise.name for key, exercise in catalog.exercises.items()}

    def remind_if_paused(self) -> None:
        """Notify once when the workout has been left paused for two minutes."""
        app = unpinch_app(self)
        if self.reminder.update(self.player.status, app.clock()):
            app.send_notice(PAUSED)

    def schedule_reminder(self) -> None:
        """While paused, wake when the pause reminder falls due (the player sleeps meanwhile)."""
        if self.reminder_timer is not None:
            self.reminder_timer.cancel()
            self.reminder_timer = None
        self.remind_if_paused()
        due = self.reminder.due_in(unpinch_app(self).clock())
        if due is not None:
            # Wake into this same method: a wake a hair early just sets the timer again.
            self.reminder_timer = call_soon_after(self.app, due, self.schedule_reminder)

    @property
    def cue_interval(self) -> float:
        """Seconds between form cues, from the settings."""
        return float(self.workout.settings.cue_interval_s)

    # -- drawing ---------------------------------------------------------------

    def exercise_for(self, step: Step) -> tuple[Exercise, str]:
        """The exercise the card shows for a step, and a heading for it."""
        catalog = self.workout.catalog
        if step.exercise_id is not None:
            heading = "Rest" if step.kind == "rest" else ""
            return catalog.exercises[step.exercise_id], heading
        exercise_id = self.plan.exercise_at(step.index) or self.plan.steps[-1].exercise_id
        heading = "Get ready" if step.kind == "count_in" else "Up next"
        return catalog.exercises[exercise_id or ""], heading

    def render_step(self, flash: str = "") -> None:
        """Redraw the card, timer and cue from the player's current state, flashing ``flash``."""
        step = self.player.step
        exercise, heading = self.exercise_for(step)
        heading = "\n".join(line for line in [heading, *self.workout.flags(exercise.id)] if line)
        self.query_one(ExerciseCard).show(exercise, heading)
        self.query_one(HoldTimer).show(timer_view(self.player, exercise.sides), flash)
        upcoming = (
            self.plan.steps[step.index + 1] if step.index + 1 < len(self.plan.steps) else None
        )
        show_step(
            self.query_one(ExerciseFigure), step, upcoming, exercise.id, self.player.elapsed_in_step
        )
        elapsed = self.player.elapsed_in_step()
        cue = STEP_CUES.get(step.kind) or cue_at(exercise.cues, elapsed, self.cue_interval)
        self.query_one(FormCue).say(cue)
        self.draw_top()
        keys_state = tuple(self.check_action(name, ()) for name in SHIFTING_KEYS)
        if keys_state != self.keys_state:
            self.keys_state = keys_state
            self.refresh_bindings()

    def draw_top(self) -> None:
        """The top line: the routine's name, cut to leave room for its whole progress."""
        bar = self.query_one("#player-top", Static)
        progress = progress_line(routine_progress(self.player))
        top = top_line(self.workout.routine.name, progress, bar.content_region.width)
        if top != self.top_text:
            self.top_text = top
            bar.update(plain(top))

    def on_resize(self) -> None:
        """Fit the top line to the new width."""
        if self.live is not None and not self.live.over:
            self.call_after_refresh(self.draw_top)

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer space as pause, resume or count, whichever fits the moment.

        ``+``/``-`` change a time, so a step whose reps you count yourself
        (no time to change) does not offer them.
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
        if action == "extend":
            return not counted
        return True

    def after_control(self) -> None:
        """Redraw and reschedule after a key changed the player, once for a run of keys.

        A held-down key repeats some 30 times a second, and drawing the card
        for every step it passes would keep a core busy and leave later keys
        (q) waiting behind the backlog. The player takes every key at once;
        the screen is drawn after the keys already queued have been handled,
        and, for keys that follow each other closely, at most every
        :data:`BURST_FRAME_S`: in a burst only the state after the latest key
        is drawn. A single key is drawn at once.
        """
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
        """Pause the timer; the deadline moves by however long the pause lasts."""
        self.auto_paused = False
        self.player.pause()
        self.after_control()

    def away(self, since: float, away_s: float) -> None:
        """The process was suspended: pause as of when it stopped, and say so.

        The time away is neither held nor counted as active; space carries on.
        """
        if self.live is None or self.player.status != "running":
            return
        self.auto_paused = False
        self.player.pause_since(since)
        self.wake()
        self.notify(f"Paused — you were away {round(away_s)} s", timeout=60)

    def action_resume(self) -> None:
        """Carry on from where the pause left off."""
        self.auto_paused = False
        self.player.resume()
        self.after_control()

    def action_count(self) -> None:
        """Count one rep of a step whose pace is the user's own."""
        self.player.count_rep()
        self.after_control()

    def action_next(self) -> None:
        """Skip to the next step."""
        self.player.next()
        self.after_control()

    def action_previous(self) -> None:
        """Go back a step (or restart this one if it has been running)."""
        self.player.previous()
        self.after_control()

    def action_extend(self, seconds: int) -> None:
        """Add or take five seconds from the current hold."""
        change = self.player.extend(seconds)
        if change:
            self.notify(f"{change:+.0f} s", timeout=1.5)
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

    # -- pausing around other screens -------------------------------------------

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

    # -- the end ---------------------------------------------------------------

    def record(self) -> SessionRecord:
        """The session as it stands, for the store."""
        return self.workout.record(self.player, unpinch_app(self).wall_clock())

    def save(self) -> None:
        """Save the session so far, now; a failure is reported once and kept on screen."""
        if self.recorder is not None:
            self.recorder.save(self.record())
        self.report_save_problem()

    def save_in_background(self) -> None:
        """Save the session so far without holding up the timer (one save at a time, in order).

        Called whenever the step changes, so a crash or a dropped connection
        loses at most the step in progress.
        """
        self.saved_index = self.player.index
        if self.recorder is not None:
            self.await_save(self.recorder.save_soon(self.record()))

    @work(group="saves")
    async def await_save(self, saving: Future[str | None]) -> None:
        """Report a background save's problem as soon as it is known (cancelled with the screen)."""
        if await asyncio.wrap_future(saving) is not None:
            self.report_save_problem()

    def report_save_problem(self) -> None:
        """Tell the user once that the session could not be saved, and what the saves noticed.

        A data file that was deleted, restored or moved aside under the player
        gets one line; so does a save that works again after failing.
        """
        if self.recorder is None:
            return
        problem = self.recorder.unreported()
        if problem is not None:
            self.notify(f"Could not save the session: {problem}", severity="error", timeout=10)
        for line in self.recorder.news():
            self.notify(line, severity="warning", timeout=10)

    def keep_progress(self) -> None:
        """Save the session so far at once if one is being played (before the app is cut off)."""
        if self.live is not None and not self.live.over:
            self.save()

    def on_unmount(self) -> None:
        """Keep what was done when the app closes mid-workout (ctrl+q, a hang-up)."""
        if self.timer is not None:
            self.timer.cancel()
        if self.reminder_timer is not None:
            self.reminder_timer.cancel()
        if self.burst_timer is not None:
            self.burst_timer.cancel()
        self.voice.close()
        self.collector.stop()
        self.keep_progress()
        if self.recorder is not None:
            self.recorder.close()
            self.recorder.release()

    def finish(self) -> None:
        """Save the finished or stopped session and show the summary."""
        from unpinch.tui.screens.summary import SummaryScreen

        if self.timer is not None:
            self.timer.cancel()
        self.collector.stop()
        record = self.record()
        if self.recorder is not None:
            self.recorder.save(record)
            self.recorder.release()
        self.report_save_problem()
        summary = summary_of(record)
        name = self.workout.routine.name
        self.app.switch_screen(SummaryScreen(name, summary, self.recorder, record))


def top_line(name: str, progress: str, width: int) -> str:
    """``name · progress`` in ``width`` cells, the name cut with an ellipsis if need be."""
    room = width - len(progress) - 3
    if len(name) > room:
        name = name[: max(0, room - 1)].rstrip() + "…"
    return f"{name} · {progress}"
