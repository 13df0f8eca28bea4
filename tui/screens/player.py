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
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from unpinch.library.codec import dose_to_dict
from unpinch.library.model import Dose, Exercise, Routine
from unpinch.library.plan import Plan, Step, build_plan
from unpinch.library.player import Cue, Player
from unpinch.library.progression import (
    PINS_KEY,
    Target,
    next_targets,
    pin,
    pins_from,
    targets_as_doses,
    unpin,
)
from unpinch.library.session import session_doc
from unpinch.library.store import StoreError
from unpinch.tui.context import unpinch_app
from unpinch.tui.notices import PAUSED, PauseReminder, notice_for
from unpinch.tui.screens.heads_up import HeadsUpScreen, easier_offers, with_swaps
from unpinch.tui.screens.resume import merge_resumed, stored_doses
from unpinch.tui.wakeup import QuietCollector, call_soon_after
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.form_cue import FormCue, cue_at, next_change_in
from unpinch.tui.widgets.hold_timer import HoldTimer, TimerView, clock_text
from unpinch.tui.widgets.routine_preview import HURT_MARK, marked_in

STALE_CUE_S = 1.5
"""A cue noticed this late (after a long block) is shown but not sounded."""

SIDE_WORDS = {"left": "LEFT SIDE", "right": "RIGHT SIDE", "both": "BOTH SIDES"}
STEP_CUES = {
    "count_in": "Get into your starting position",
    "rest": "Rest, breathe slowly and let your muscles soften",
    "switch": "Change sides slowly and with control",
}


class PlayerScreen(Screen[None]):
    """Plays one routine from its count-in to its summary."""

    BINDINGS = [
        Binding("space", "pause", "Pause", id="player.pause", tooltip="Pause the timer"),
        Binding("space", "resume", "Resume", id="player.resume", tooltip="Carry on"),
        Binding("space", "count", "Count rep", id="player.count", tooltip="Count one rep"),
        Binding(
            "n,right", "next", "Next", key_display="n/→", id="player.next", tooltip="Next step"
        ),
        Binding(
            "p,left",
            "previous",
            "Back",
            key_display="p/←",
            id="player.previous",
            tooltip="Previous step, or restart this one",
        ),
        Binding(
            "plus,equals_sign",
            "extend(5)",
            "+5s",
            key_display="+",
            id="player.longer",
            tooltip="Add 5 seconds to this hold",
        ),
        Binding(
            "minus",
            "extend(-5)",
            "-5s",
            key_display="-",
            id="player.shorter",
            tooltip="Take 5 seconds off this hold",
        ),
        Binding("r", "restart", "Restart", id="player.restart", tooltip="Restart this step"),
        Binding(
            "P",
            "pin",
            "Pin",
            key_display="P",
            id="player.pin",
            tooltip="Pin this exercise's dose (or unpin it) so it stops changing",
        ),
        Binding(
            "exclamation_mark",
            "hurts",
            "Hurts",
            key_display="!",
            id="player.hurts",
            tooltip="This hurts: note it and move on to the next exercise",
        ),
        Binding(
            "q,escape",
            "stop",
            "Stop",
            key_display="q",
            id="player.stop",
            tooltip="Stop the workout (asks first; progress is saved)",
        ),
        Binding(
            "question_mark", "help", "Help", key_display="?", id="player.help", tooltip="List keys"
        ),
    ]

    def __init__(
        self,
        routine_id: str,
        resume_index: int = 0,
        *,
        checkin: bool = True,
        resumed: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.resume_index = resume_index
        self.resumed = dict(resumed) if resumed is not None else None
        """The interrupted session this run continues (same id), or None."""
        self.ask_before = checkin and resumed is None
        self.before: dict[str, Any] | None = None
        self.after: dict[str, Any] | None = None
        self.swaps: dict[str, str] = {}
        self.marked: set[str] = set()
        self.targets: dict[str, Target] = {}
        self.doses: dict[str, Dose] = {}
        self.timer: asyncio.TimerHandle | asyncio.Handle | None = None
        self.collector = QuietCollector()
        self.last: dict[str, Any] | None = None
        self.top_text = ""
        self.session_id: str | None = None
        self.started: datetime | None = None
        self.auto_paused = False
        self.save_problem: str | None = None
        self.save_reported = False
        self.keys_state: tuple[object, ...] = ()
        self.saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save")
        self.saved_index = -1
        self.reminder = PauseReminder()
        self.reminder_timer: asyncio.TimerHandle | asyncio.Handle | None = None

    # -- set-up ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Top line, card and timer side by side, the form cue, the footer."""
        yield Static(id="player-top")
        with Horizontal(id="player-main"):
            yield ExerciseCard(id="exercise-card")
            yield HoldTimer(id="hold-timer")
        yield FormCue(id="form-cue")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Offer easier variants of what hurt last time, ask the check-in, then play."""
        space = unpinch_app(self).workspace
        self.routine: Routine = space.routine(self.routine_id)
        self.query_one("#player-top", Static).update(self.routine.name)
        if self.resumed is not None:
            self.swaps = dict(self.resumed.get("swaps") or {})
            self.session_id = str(self.resumed["id"])
            self.before = self.resumed.get("before")
            self.begin()
            return
        self.last = space.store.last_session_for(self.routine_id)
        self.marked = set(marked_in(self.last))
        offers = easier_offers(self.routine, space.catalog, sorted(self.marked))
        if offers:
            self.app.push_screen(HeadsUpScreen(offers), self.swapped)
        else:
            self.ask_checkin()

    def swapped(self, swaps: dict[str, str] | None) -> None:
        """Play the chosen easier variants this time, then go on to the check-in."""
        self.swaps = dict(swaps or {})
        self.ask_checkin()

    def ask_checkin(self) -> None:
        """Ask how the leg and back feel before starting (one key skips it)."""
        if not self.ask_before:
            self.begin()
            return
        from unpinch.tui.screens.checkin import CheckinScreen

        self.app.push_screen(CheckinScreen(), self.checked_in)

    def checked_in(self, answer: dict[str, Any] | None) -> None:
        """Keep the check-in (if any) and start playing."""
        self.before = answer
        self.begin()

    def played_doses(self, routine: Routine) -> dict[str, Dose]:
        """The dose of every exercise this session: progressed, pinned, or the routine's own.

        A resumed session plays the doses it was started with.
        """
        space = unpinch_app(self).workspace
        if self.resumed is not None:
            doses = stored_doses(self.resumed)
        else:
            # Progression reads only the routine's last session: no need to copy them all.
            sessions = [self.last] if self.last else []
            pins = pins_from(space.store.settings())
            enabled = space.settings.progression
            self.targets = next_targets(routine, space.catalog, sessions, pins, enabled)
            doses = targets_as_doses(self.targets)
        return {
            item.exercise_id: doses.get(item.exercise_id) or space.catalog.dose_for(item)
            for item in routine.items
        }

    def begin(self) -> None:
        """Build the plan, save the session as begun, and start playing."""
        app = unpinch_app(self)
        space = app.workspace
        played = with_swaps(self.routine, self.swaps)
        self.doses = self.played_doses(played)
        self.plan: Plan = build_plan(played, space.catalog, space.settings, self.doses)
        self.player = Player(self.plan, app.clock)
        self.started = app.wall_clock()
        self.player.start(self.resume_index)
        self.saved_index = self.player.index
        self.save()
        self.saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save")
        self.collector.start()
        self.wake()

    # -- the loop --------------------------------------------------------------

    def wake(self) -> None:
        """Catch up with the clock, sound and show due cues, redraw, and sleep again."""
        cues = self.player.update()
        self.query_one(HoldTimer).clear_flash()
        for cue in cues:
            self.announce(cue)
        self.remind_if_paused()
        if self.player.over:
            self.finish()
            return
        if self.player.index != self.saved_index:
            self.save_in_background()
        self.report_save_problem()
        self.render_step()
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
        remaining = self.player.remaining_s()
        if remaining is not None and remaining > 0:
            fraction = remaining - math.floor(remaining)
            moments.append(now + (fraction if fraction > 1e-6 else 1.0))
        delay = max(0.0, min(moments) - now)
        self.timer = call_soon_after(self.app, delay, self.wake)
        self.collector.quiet_moment(delay)

    def announce(self, cue: Cue) -> None:
        """Sound a cue (unless it is stale), always show it, and notify where it matters."""
        app = unpinch_app(self)
        fresh = app.clock() - cue.at <= STALE_CUE_S
        if fresh:
            app.cues.play(cue.kind)
        self.query_one(HoldTimer).flash(cue.kind)
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
        return float(unpinch_app(self).workspace.settings.cue_interval_s)

    # -- drawing ---------------------------------------------------------------

    def exercise_for(self, step: Step) -> tuple[Exercise, str]:
        """The exercise the card shows for a step, and a heading for it."""
        catalog = unpinch_app(self).workspace.catalog
        if step.exercise_id is not None:
            heading = "Rest" if step.kind == "rest" else ""
            return catalog.exercises[step.exercise_id], heading
        exercise_id = self.plan.exercise_at(step.index) or self.plan.steps[-1].exercise_id
        heading = "Get ready" if step.kind == "count_in" else "Up next"
        return catalog.exercises[exercise_id or ""], heading

    def flags(self, exercise_id: str) -> list[str]:
        """Lines above the card: how the target moved, and whether it hurt last time."""
        lines = []
        target = self.targets.get(exercise_id)
        if target is not None and target.note():
            lines.append(target.note())
        if exercise_id in self.marked:
            lines.append(f"{HURT_MARK} — go gently")
        return lines

    def render_step(self) -> None:
        """Redraw the card, timer and cue from the player's current state."""
        step = self.player.step
        exercise, heading = self.exercise_for(step)
        heading = "\n".join(line for line in [heading, *self.flags(exercise.id)] if line)
        self.query_one(ExerciseCard).show(exercise, heading)
        self.query_one(HoldTimer).show(self.timer_view(step))
        elapsed = self.player.elapsed_in_step()
        cue = STEP_CUES.get(step.kind) or cue_at(exercise.cues, elapsed, self.cue_interval)
        self.query_one(FormCue).say(cue)
        top = f"{self.routine.name} · exercise {max(step.exercise_no, 1)} of {step.exercises}"
        if top != self.top_text:
            self.top_text = top
            self.query_one("#player-top", Static).update(top)
        keys_state = (self.player.status, step.kind, step.counted, self.auto_paused)
        if keys_state != self.keys_state:
            self.keys_state = keys_state
            self.refresh_bindings()

    def timer_view(self, step: Step) -> TimerView:
        """What the timer panel shows for this step right now."""
        player = self.player
        remaining = player.remaining_s()
        duration = player.duration_s()
        progress = 0.0
        if remaining is not None and duration:
            progress = 1.0 - remaining / duration
        digits = clock_text(remaining or 0.0)
        counter = set_rep_text(step)
        if step.kind == "reps":
            done = player.reps_done()
            digits = str(min(done + (0 if step.counted else 1), step.reps))
            progress = done / step.reps if step.reps else 0.0
            counter = f"Rep {digits} of {step.reps}" + (f" · Set {step.set_no}/{step.sets}")
        state = {"paused": "PAUSED", "ready": ""}.get(player.status, "")
        if step.kind == "reps" and step.counted and not state:
            state = "Press space for each rep"
        return TimerView(
            side=side_text(step),
            digits=digits,
            progress=progress,
            counter=counter,
            state=state,
            up_next=step.next_label,
            mode=step.kind,
        )

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer space as pause, resume or count, whichever fits the moment."""
        if not hasattr(self, "player"):
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
        return True

    def after_control(self) -> None:
        """Redraw and reschedule after a key changed the player."""
        self.wake()

    def action_pause(self) -> None:
        """Pause the timer; the deadline moves by however long the pause lasts."""
        self.auto_paused = False
        self.player.pause()
        self.after_control()

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
            name = unpinch_app(self).workspace.catalog.exercises[mark.exercise_id].name
            self.notify(f"Marked “{name}” as hurting; moving on.", timeout=4)
        self.after_control()

    def action_pin(self) -> None:
        """Pin the current exercise's dose so progression leaves it alone (again: unpin)."""
        exercise_id = self.plan.exercise_at(self.player.index)
        if exercise_id is None:
            return
        space = unpinch_app(self).workspace
        name = space.catalog.exercises[exercise_id].name
        dose = self.doses[exercise_id]
        try:
            stored = space.store.settings()
            if exercise_id in pins_from(stored):
                space.store.set_setting(PINS_KEY, unpin(stored, exercise_id))
                self.notify(f"Unpinned “{name}”: its dose may change again.", timeout=4)
            else:
                space.store.set_setting(PINS_KEY, pin(stored, exercise_id, dose))
                self.notify(f"Pinned “{name}” at {dose.label()}.", timeout=4)
        except StoreError as error:
            self.notify(f"Could not save the pin: {error}", severity="error", timeout=8)

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

    def action_help(self) -> None:
        """Show every key."""
        from unpinch.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen([b for b in self.BINDINGS if isinstance(b, Binding)]))

    # -- pausing around other screens -------------------------------------------

    def on_screen_suspend(self) -> None:
        """Pause while another screen (help, confirm, too small) covers the player."""
        if hasattr(self, "player") and self.player.status == "running":
            self.player.pause()
            self.auto_paused = True
            self.schedule()

    def on_screen_resume(self) -> None:
        """Carry on if the pause was ours, not the user's."""
        if self.auto_paused and self.player.status == "paused":
            self.auto_paused = False
            self.player.resume()
        if hasattr(self, "player") and not self.player.over:
            self.wake()

    # -- the end ---------------------------------------------------------------

    def session(self) -> dict[str, Any]:
        """The session as it stands, for the store."""
        app = unpinch_app(self)
        started = self.started or app.wall_clock()
        doc = session_doc(self.plan, self.player, self.routine.name, started, app.wall_clock())
        doc["targets"] = {key: dose_to_dict(dose) for key, dose in self.doses.items()}
        extras = {"swaps": self.swaps, "before": self.before, "after": self.after}
        doc.update({key: value for key, value in extras.items() if value})
        if self.resumed is not None:
            doc = merge_resumed(self.resumed, doc, self.plan, self.resume_index)
        return doc

    def record_after(self, answer: dict[str, Any]) -> str | None:
        """Save the check-in given on the summary; returns the problem if it could not be."""
        self.after = answer
        self.save()
        return self.save_problem

    def save(self) -> None:
        """Save the session so far, now; a failure is reported once and kept on screen."""
        self.saver.shutdown(wait=True)
        self.write(self.session())
        self.report_save_problem()

    def save_in_background(self) -> None:
        """Save the session so far without holding up the timer (one save at a time, in order).

        Called whenever the step changes, so a crash or a dropped connection
        loses at most the step in progress.
        """
        self.saved_index = self.player.index
        doc = self.session()
        try:
            self.saver.submit(self.write, doc)
        except RuntimeError:  # the saver was shut down: the session is ending
            return

    def write(self, doc: dict[str, Any]) -> None:
        """Add or update this session's record in the store (from any thread)."""
        store = unpinch_app(self).workspace.store
        try:
            if self.session_id is None:
                self.session_id = store.add_session(doc)
            else:
                store.update_session(self.session_id, doc)
        except StoreError as error:
            if self.save_problem is None:
                self.save_problem = str(error)
                self.app.call_later(self.report_save_problem)

    def report_save_problem(self) -> None:
        """Tell the user once that the session could not be saved."""
        if self.save_problem is None or self.save_reported:
            return
        self.save_reported = True
        self.notify(
            f"Could not save the session: {self.save_problem}", severity="error", timeout=10
        )

    def keep_progress(self) -> None:
        """Save the session so far at once if one is being played (before the app is cut off)."""
        if hasattr(self, "player") and not self.player.over:
            self.save()

    def on_unmount(self) -> None:
        """Keep what was done when the app closes mid-workout (ctrl+q, a hang-up)."""
        if self.timer is not None:
            self.timer.cancel()
        if self.reminder_timer is not None:
            self.reminder_timer.cancel()
        self.collector.stop()
        if hasattr(self, "player") and not self.player.over:
            self.save()

    def finish(self) -> None:
        """Save the finished or stopped session and show the summary."""
        from unpinch.tui.screens.summary import SummaryScreen

        if self.timer is not None:
            self.timer.cancel()
        self.collector.stop()
        self.save()
        summary = self.player.summary()
        self.app.switch_screen(
            SummaryScreen(self.routine.name, summary, self.save_problem, self.record_after)
        )


def side_text(step: Step) -> str:
    """The big side label: which side now, or what kind of pause this is."""
    if step.kind == "count_in":
        return "GET READY"
    if step.kind == "rest":
        return "REST"
    if step.kind == "switch":
        return "SWITCH SIDES"
    return SIDE_WORDS.get(step.side or "both", "")


def set_rep_text(step: Step) -> str:
    """Say "Set 1/2 · Hold 2/3" for holds; blank outside exercises."""
    if step.kind == "hold":
        return f"Set {step.set_no}/{step.sets} · Hold {step.rep_no}/{step.reps}"
    if step.kind in ("rest", "switch") and step.sets:
        return f"Set {step.set_no}/{step.sets}"
    return ""
