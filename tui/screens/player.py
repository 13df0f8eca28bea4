"""The player screen: the live exercise card, the hold timer and the rotating form cue.

The screen owns no time of its own. It asks the headless player what is due,
sets one one-shot timer for the earliest moment anything on screen changes
(a cue, a step change, the next whole second, the next form cue), and on
waking reads the player again. Nothing counts ticks, so a blocked event loop
cannot make the timer drift, and an idle hold redraws once a second.

Its keys are :class:`~unpinch.tui.screens.player_controls.PlayerControls`',
its drawing :class:`~unpinch.tui.screens.player_view.PlayerView`'s and its
saves :class:`~unpinch.tui.screens.player_saving.SessionKeeper`'s.
"""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from unpinch.library.lease import HEARTBEAT_S
from unpinch.library.live import TAKEN_LINE
from unpinch.library.session import SessionRecord, check_in_from
from unpinch.library.workout import Workout, summary_of
from unpinch.tui.context import unpinch_app
from unpinch.tui.notices import PAUSED, PauseReminder
from unpinch.tui.plain import plain
from unpinch.tui.screens.footer import compact_footer
from unpinch.tui.screens.player_controls import BURST_FRAME_S, PlayerControls
from unpinch.tui.screens.player_loop import announce, next_wake_in
from unpinch.tui.screens.player_saving import SessionKeeper
from unpinch.tui.screens.player_view import PlayerView
from unpinch.tui.voice import Silence, Voice
from unpinch.tui.wakeup import QuietCollector, call_soon_after
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.exercise_figure import FIGURE_HIDDEN_KEY, ExerciseFigure
from unpinch.tui.widgets.form_cue import FormCue
from unpinch.tui.widgets.hold_timer import UNFLASHED_CUES, HoldTimer

__all__ = ["BURST_FRAME_S", "PlayerScreen"]


class PlayerScreen(PlayerControls):
    """Plays one routine from its count-in to its summary."""

    def __init__(self, workout: Workout, *, checkin: bool = True) -> None:
        super().__init__(workout)
        self.ask_before = checkin and workout.resumed is None
        self.keeper: SessionKeeper | None = None
        self.view = PlayerView(self, workout)
        self.timer: asyncio.TimerHandle | asyncio.Handle | None = None
        self.collector = QuietCollector()
        self.keys_state: tuple[object, ...] = ()
        self.reminder = PauseReminder()
        self.voice: Voice | Silence = Silence()
        """Spoken cues once the session has begun; silence until then or with voice off."""
        self.reminder_timer: asyncio.TimerHandle | asyncio.Handle | None = None

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
        yield compact_footer()

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
        self.keeper = SessionKeeper(self, store, resumed.id if resumed else None, HEARTBEAT_S)
        if self.keeper.taken:  # another copy of unpinch is playing it: never two at once
            self.notify(TAKEN_LINE, severity="warning", timeout=8)
            self.app.pop_screen()
            return
        self.keeper.start()
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
        """Start playing and save the session as begun, on the save thread.

        The first save writes the data file (with years of history in it) and syncs
        it; done here it would hold up the count-in's first ticks.
        """
        app = unpinch_app(self)
        self.prepare_voice()
        self.live = self.workout.play(app.clock, app.wall_clock())
        if self.keeper is not None:
            self.keeper.save_at_step(self.live.index, self.record)
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
            announce(unpinch_app(self), self.plan, cue, self.voice)
        self.remind_if_paused()
        self.speak()
        if self.player.over:
            self.finish()
            return
        if self.keeper is not None:
            self.keeper.save_at_step(self.player.index, self.record)
            self.keeper.report_problem()
        flashed = [cue.kind for cue in cues if cue.kind not in UNFLASHED_CUES]
        self.render_step(flashed[-1] if flashed else "")
        self.schedule()

    def keep_step(self) -> None:
        """Save in the background when a key moved the session to another step."""
        if self.keeper is not None and self.live is not None:
            self.keeper.save_at_step(self.live.index, self.record)

    def schedule(self) -> None:
        """Set one timer for the earliest moment anything on screen changes."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.player.status != "running":
            self.schedule_reminder()
            return
        now = unpinch_app(self).clock()
        delay = next_wake_in(self.player, self.voice, self.view.cue_interval, now)
        self.timer = call_soon_after(self.app, delay, self.wake)
        self.collector.quiet_moment(delay)

    def speak(self) -> None:
        """Say the phrase whose moment has come (voice on), or that the routine is complete."""
        if self.player.status == "finished":
            self.voice.finished()
        elif self.player.status == "running" and self.player.resume_at is None:
            self.voice.update(self.player.index, self.player.elapsed_in_step())

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

    # -- drawing ---------------------------------------------------------------

    def render_step(self, flash: str = "") -> None:
        """Redraw from the player's state, and the footer when the keys on offer change."""
        self.view.render(self.player, flash)
        keys_state = self.keys_on_offer()
        if keys_state != self.keys_state:
            self.keys_state = keys_state
            self.refresh_bindings()

    def on_resize(self) -> None:
        """Fit the top line to the new width."""
        if self.live is not None and not self.live.over:
            self.call_after_refresh(self.view.draw_top, self.live)

    # -- the end ---------------------------------------------------------------

    def record(self) -> SessionRecord:
        """The session as it stands, for the store."""
        return self.workout.record(self.player, unpinch_app(self).wall_clock())

    def save(self) -> None:
        """Save the session so far, now; a failure is reported once and kept on screen."""
        if self.keeper is not None:
            self.keeper.save(self.record())

    def mid_workout(self) -> bool:
        """Tell whether a workout is being played here, so quitting the app should ask first."""
        return self.live is not None and not self.live.over

    def keep_progress(self) -> None:
        """Save the session so far at once if one is being played (before the app is cut off)."""
        if self.live is not None and not self.live.over:
            self.save()

    def on_unmount(self) -> None:
        """Keep what was done when the app closes mid-workout (ctrl+q, a hang-up)."""
        for timer in (self.timer, self.reminder_timer, self.burst_timer):
            if timer is not None:
                timer.cancel()
        self.voice.close()
        self.collector.stop()
        self.keep_progress()
        if self.keeper is not None:
            self.keeper.close()

    def finish(self) -> None:
        """Save the finished or stopped session and show the summary."""
        from unpinch.tui.screens.summary import SummaryScreen

        if self.timer is not None:
            self.timer.cancel()
        self.collector.stop()
        record = self.record()
        if self.keeper is not None:
            self.keeper.finish(record)
        recorder = self.keeper.recorder if self.keeper is not None else None
        summary, name = summary_of(record), self.workout.routine.name
        self.app.switch_screen(SummaryScreen(name, summary, recorder, record))
