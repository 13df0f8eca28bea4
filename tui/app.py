"""The full-screen app: wiring only — screens, global bindings, store and sound.

Everything that decides what happens lives in ``library``; every screen and
pane lives in its own module under ``tui/screens`` and ``tui/widgets``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from unpinch.library import home_snapshot
from unpinch.library.codec import CatalogError
from unpinch.library.config import Config
from unpinch.library.history import newest_cut_off
from unpinch.library.home_snapshot import EarlyStart, HomeKeeper, HomeSnapshot
from unpinch.library.plain_text import shown
from unpinch.library.record import write_deferred_inits
from unpinch.library.settings import Settings
from unpinch.library.store_error import StoreError
from unpinch.tui import collector
from unpinch.tui.away import AwayWatch, environ_threshold
from unpinch.tui.contrast import FEW_COLOURS, readable_variables
from unpinch.tui.crash import HEADLINE, crash_report
from unpinch.tui.cue_players import CuePlayer, PendingPlayer
from unpinch.tui.glyphs import PlainGlyphs, console_text, glyph_mode
from unpinch.tui.leaving import Leaving
from unpinch.tui.messages import SettingsChanged, SoundChosen
from unpinch.tui.screen_size import covers_too_small, too_small
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.stylesheets import START_CSS, LaterStylesApp, read_later_css
from unpinch.tui.wakeup import call_soon_after

if TYPE_CHECKING:  # imported where they are used, after the first frame
    from unpinch.library.plan import Plan
    from unpinch.library.workspace import Workspace
    from unpinch.tui.notify import Notice, Notifier
    from unpinch.tui.sound import ModeChoice
    from unpinch.tui.voice import Engine, Silence, Voice, VoiceChoice

UNSET: Any = object()
"""Not looked for yet (the speech engine, the notifier): each is found when first needed."""

Clock = Callable[[], float]
SOUND_START_DELAY_S = 0.4
"""Open sound output this long after start-up; the first cue is seconds away."""
LATER_CSS_DELAY_S = 0.1
"""Read the other screens' style sheets this long after the home screen's first frame."""
KEYMAP_CHECK_DELAY_S = 0.8
"""Check the config's keymap ids this long after start (it imports every screen)."""
WallClock = Callable[[], datetime]
STORE_NEWS_S = 1.0
"""How often the app shows lines the store gathered (a skipped record): cheap, a list swap."""


def local_now() -> datetime:
    """The current local time with its UTC offset, for session records."""
    return datetime.now().astimezone()


class UnpinchApp(LaterStylesApp):
    """unpinch's Textual app: a home screen that opens the player and the history."""

    CSS_PATH = START_CSS
    TITLE = "unpinch"
    ENABLE_COMMAND_PALETTE = True
    few_colours = False
    """True on a terminal of 8 or 16 colours (set by :func:`run_app` from the console)."""
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        workspace: Workspace | EarlyStart,
        *,
        sound: str | None = None,
        routine_id: str | None = None,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = local_now,
        cues: CuePlayer | None = None,
        config: Config | None = None,
        notify: str | None = None,
        notify_write: Callable[[str], None] | None = None,
        voice: str | None = None,
        glyphs: str | None = None,
        keep_home: HomeKeeper | None = None,
    ) -> None:
        super().__init__()
        self._workspace: Workspace | None = None
        self._open_workspace: Callable[[], Workspace] | None = None
        self.home_snapshot: HomeSnapshot | None = None
        """What home showed when the app last closed, until the data file is open."""
        if isinstance(workspace, EarlyStart):
            self.home_snapshot, self._open_workspace = workspace.snapshot, workspace.open
            settings = workspace.snapshot.settings
        else:
            self._workspace, settings = workspace, workspace.settings
        self.keep_home = keep_home
        """Saves what home shows as the app closes, for the next start (None: nothing is saved)."""
        self.start_notices: list[str] = []
        """Lines found before the data file was open, shown with the data file's own."""
        self.start_failure: Exception | None = None
        """Why the data file could not be opened after a first frame drawn from the copy."""
        self.data_shown = False
        """Whether what opening the data file found was said (it is said once)."""
        self.data_closed = False
        """Whether the app closed the data file as it ended (a timer due then writes nothing)."""
        self.first_run_shown = False
        """Whether the first-run notice was pushed in this run (it is shown once a start)."""
        self.glyphs_option = glyphs
        """The ``--glyphs`` choice, which wins over the setting; None follows the setting."""
        self.glyph_filter = PlainGlyphs(enabled=False)
        self._filters.append(self.glyph_filter)
        self.glyphs = "unicode"
        """"plain" on a terminal whose font has only the PC character set, else "unicode"."""
        self.choose_glyphs(settings)
        self.clock = clock
        self.wall_clock = wall_clock
        self.start_routine_id = routine_id
        self.sound_mode = sound or settings.sound
        self.sound_from_command_line = sound is not None
        self.sound_summary = "" if cues is None else cues.mode
        """What plays cues and why, e.g. "speaker (miniaudio)"; empty until sound opens."""
        self.cues: CuePlayer = cues or PendingPlayer()
        self.cues_given = cues is not None
        self.leaving = Leaving(self.cut_off)
        self.away_watch = AwayWatch(self.came_back, clock, environ_threshold())
        self.notify_mode = notify
        """The ``--notify`` form, which wins over the setting; None follows the setting."""
        self.notify_write = notify_write or self.write_to_terminal
        self._notifier: Notifier | None = None
        self.voice_mode = voice
        """The ``--voice`` mode, which wins over the setting; None follows the setting."""
        self._engine: Engine | None = UNSET
        self.theme_saved = False
        """Whether a change of theme is saved as the setting; from mount on, it is."""
        self.theme = self.usable_theme(settings.theme)
        self.config = config
        self.user_keymap: dict[str, str] = dict(config.keymap) if config else {}
        """Binding id -> keys from the config file's [keymap]; the help screen shows them."""
        self.set_keymap(self.user_keymap)

    @property
    def workspace(self) -> Workspace:
        """The library, the data file and the settings; opened here when the start drew from a copy.

        After a first frame drawn from the home snapshot the app opens the data
        file at once (:meth:`open_data`); anything that needs it sooner (a key
        pressed in between) opens it here, the same way.
        """
        if self._workspace is None:
            assert self._open_workspace is not None
            self._workspace = self._open_workspace()
            self.home_snapshot = None
        return self._workspace

    def settings_in_use(self) -> Settings:
        """The data file's settings; until it is open, the same ones, from home's copy.

        What runs before the data file is open (the first-run check, the
        notifier a focus report from the terminal builds) reads them here, so
        it does not open the file early.
        """
        early = self.home_snapshot
        return early.settings if early is not None else self.workspace.settings

    @property
    def notifier(self) -> Notifier:
        """Desktop notifications in the form chosen for this terminal, built when first used."""
        if self._notifier is None:
            self._notifier = self.make_notifier(self.settings_in_use())
        return self._notifier

    @notifier.setter
    def notifier(self, notifier: Notifier) -> None:
        self._notifier = notifier

    @property
    def engine(self) -> Engine | None:
        """The speech engine found on PATH, if any; looked for when first asked."""
        if self._engine is UNSET:
            from unpinch.tui.voice import find_engine

            self._engine = find_engine()
        return self._engine

    @engine.setter
    def engine(self, engine: Engine | None) -> None:
        self._engine = engine

    def after_first_frame(self) -> None:
        """Read the later style sheets, write records' inits, resume the collector, store exercises.

        Each waits until the first frame is on the screen (see
        :mod:`unpinch.tui.stylesheets`, :mod:`unpinch.library.record`,
        :mod:`unpinch.tui.collector` and
        :meth:`Workspace.sync_builtin_exercises`); a data file that cannot take
        the exercises (a full disk) is said in a line, as other saves are.
        """
        read_later_css(self)
        write_deferred_inits()
        collector.resume()
        if self._workspace is None or self.data_closed:  # not opened, or closed already
            return
        try:
            self.workspace.sync_builtin_exercises()
        except (StoreError, OSError) as problem:
            self.notify(
                f"Could not update the library in the data file: {problem}",
                severity="warning",
                markup=False,
            )

    def usable_theme(self, name: str) -> str:
        """The stored theme if this Textual has it, else the default with one line saying so.

        A hand edit, or a later Textual that dropped a theme, must not stop the app.
        """
        if name in self.available_themes:
            return name
        fallback = Settings().theme
        self.start_notices.append(
            f"The theme {name!r} is not available here; using {fallback} instead."
        )
        return fallback

    def get_default_screen(self) -> HomeScreen:
        """Home is the bottom of the screen stack, there from the very first event."""
        return HomeScreen()

    def on_mount(self) -> None:
        """Report notices, start sound, catch hang-ups, and open what the start asks for.

        ``unpinch play ROUTINE`` goes straight into the routine; a plain start
        offers to resume a session that was cut off, and shows the first-run
        notice once.
        """
        self.theme_saved = True
        self.call_after_refresh(self.set_timer, LATER_CSS_DELAY_S, self.after_first_frame)
        self.set_interval(STORE_NEWS_S, self.show_store_news)
        if self.config is not None and self.config.problem:
            self.notify(self.config.problem, severity="warning", timeout=15, markup=False)
        if self.user_keymap:
            self.set_timer(KEYMAP_CHECK_DELAY_S, self.check_keymap)
        if not self.cues_given:
            # Straight into a routine, sound is needed at once; from home, it can wait for
            # the first frames (a device probe starts a process that competes with them).
            if self.start_routine_id is not None:
                self.start_sound()
            else:
                self.set_timer(SOUND_START_DELAY_S, self.start_sound)
        self.catch_signals()
        # A too-small notice pushed by an early resize goes; check_size puts one back on top.
        while covers_too_small(self.screen):
            self.pop_screen()
        if self.home_snapshot is not None and not self.home_snapshot.settings.first_run_ack:
            self.after_first_run(None)  # a first start: the notice is its first frame
        if self._workspace is None:
            self.call_after_refresh(self.open_data)
        else:
            self.show_data()
        self.check_size(self.size.width, self.size.height)

    def open_data(self) -> None:
        """Open the data file after a first frame drawn from the copy, and draw home from it.

        Should it fail (the file changed in a way its times did not show), the
        app closes and the start ends with the same one-line message as a start
        that opened the file first.
        """
        try:
            self.workspace  # noqa: B018 - opening it is the point
        except (CatalogError, StoreError, KeyError, OSError) as problem:
            self.start_failure = problem
            self.exit(return_code=1)
            return
        while covers_too_small(self.screen):
            self.pop_screen()
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.data_opened()
        self.show_data()
        self.check_size(self.size.width, self.size.height)

    def show_data(self) -> None:
        """Say what opening the data file found, then offer to resume or show the first-run notice.

        ``unpinch play ROUTINE`` goes straight into the routine instead of resuming.
        """
        if self.data_shown:
            return
        self.data_shown = True
        for notice in [*self.start_notices, *self.workspace.notices]:
            self.notify(notice, severity="warning", timeout=10)
        if self.start_routine_id is not None:
            self.after_first_run(self.play_start_routine)
        else:
            self.offer_resume()
            if not self.first_run_shown:
                self.after_first_run(None)

    def after_first_run(self, then: Callable[[], None] | None) -> None:
        """Show the first-run notice if it was never read, then run ``then``.

        The notice comes before the first workout whichever way it starts:
        from home, or straight into a routine with ``unpinch play``.
        """
        if self.settings_in_use().first_run_ack:
            if then is not None:
                then()
            return
        from unpinch.tui.screens.first_run import FirstRunScreen

        self.first_run_shown = True
        self.push_screen(FirstRunScreen(), None if then is None else lambda _: then())

    def play_start_routine(self) -> None:
        """Open the player on the routine named on the command line."""
        from unpinch.library.workout import open_workout
        from unpinch.tui.screens.player import PlayerScreen

        assert self.start_routine_id is not None
        workout = open_workout(self.workspace, self.start_routine_id)
        self.push_screen(PlayerScreen(workout, checkin=False))

    async def action_quit(self) -> None:
        """Quit; mid-workout, ask first, as q in the player does (ctrl+q twice quits at once).

        What was done so far is kept either way: the player saves it as it closes.
        """
        from unpinch.tui.screens.confirm import QuitConfirm

        if isinstance(self.screen, QuitConfirm) or not self.mid_workout():
            self.exit(0)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        self.push_screen(
            QuitConfirm("Quit unpinch?", "This workout stops here; what you have done is saved."),
            answered,
        )

    def mid_workout(self) -> bool:
        """Tell whether any screen in the stack is playing a workout."""
        for screen in self.screen_stack:
            playing = getattr(screen, "mid_workout", None)
            if callable(playing) and playing():
                return True
        return False

    def watch_theme(self, theme: str) -> None:
        """Keep the theme setting in step with the theme in use, however it was changed.

        The command palette's Theme command sets ``App.theme`` directly; the
        setting follows here, written alone through the per-key settings API.
        Before the app has mounted, the theme is only being applied: a stored
        theme this Textual lacks is then replaced on screen, not in the file.
        """
        if not self.theme_saved:
            return
        settings = self.workspace.settings
        if theme == settings.theme:
            return
        try:
            self.workspace.save_settings(replace(settings, theme=theme))
        except (StoreError, OSError) as problem:
            self.notify(f"Could not save the theme: {problem}", severity="error")
            return
        for screen in self.screen_stack:
            screen.post_message(SettingsChanged())

    def check_keymap(self) -> None:
        """Say which [keymap] entries name a binding id that no binding has."""
        from unpinch.tui.keymap_check import known_binding_ids, unknown_ids

        if self.config is None:
            return
        for line in unknown_ids(self.config, known_binding_ids()):
            self.notify(line, severity="warning", timeout=15, markup=False)

    def show_store_news(self) -> None:
        """Show what the store noticed since (a record skipped when a screen read it, ...)."""
        if self._workspace is None or self.data_closed:
            return
        for line in self.workspace.store.news():
            self.notify(line, severity="warning", timeout=10)

    def offer_resume(self) -> None:
        """Ask what to do with the newest session when it was cut off mid-workout.

        The resume offer's code is loaded only when the newest session says it
        was cut off; a store that cannot be read offers nothing, as the offer does.
        """
        try:
            if not newest_cut_off(self.workspace.store.sealed_sessions()):
                return
        except StoreError:
            return
        from unpinch.tui.screens.resume import offer_resume

        offer_resume(self)

    def catch_signals(self) -> None:
        """Save the session in progress on a hang-up (SSH drop), SIGTERM or SIGINT, then exit.

        Only a real terminal gets the handlers; a headless test run keeps its own.
        """
        if not self.is_headless:
            self.leaving.install()
            self.away_watch.install()

    def came_back(self, since: float, away_s: float) -> None:
        """The process was suspended for ``away_s`` seconds from ``since``: tell the player."""
        for screen in self.screen_stack:
            away = getattr(screen, "away", None)
            if callable(away):
                away(since, away_s)

    def cut_off(self, signum: int) -> None:
        """Keep every session being played, then exit with 128 + ``signum``.

        A save that fails here (the data file was removed) must not stop the
        exit: :class:`Leaving` has already started the deadline that ends the
        process, and every step was saved as it happened.
        """
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_progress", None)
            if callable(keep):
                with contextlib.suppress(Exception):
                    keep()
        self.exit(128 + signum)

    def _fatal_error(self) -> None:
        """Exit after an unexpected error with a report that holds no session data.

        Textual's report lists every local variable; this one lists only
        where the error happened (see :mod:`unpinch.tui.crash`).
        """
        self.bell()
        error = self._exception
        report = crash_report(error) if error is not None else HEADLINE
        self._exit_renderables.append(Text(report))
        self._close_messages_no_wait()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification as plain text: messages quote names, paths and notes.

        Textual reads a notification as markup by default, so a routine named
        ``[/]`` would break it; here every message is data, its controls made
        visible, whatever ``markup`` says.
        """
        super().notify(
            shown(str(message), lines=True),
            title=shown(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def choose_glyphs(self, settings: Settings) -> None:
        """Pick plain or unicode glyphs from the option, the environment, the setting and TERM."""
        self.glyphs = glyph_mode(self.glyphs_option, os.environ, settings.glyphs)
        self.glyph_filter.enabled = self.glyphs == "plain"

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer shows it; in plain glyph mode spelled out where needed ("enter")."""
        shown = super().get_key_display(binding)
        return console_text(shown.replace("⏎", "enter")) if self.glyphs == "plain" else shown

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and the app's ``$readable-*`` text colours made from them.

        A theme's accent or warning colour is not always readable as text on its own
        background; the ``.tcss`` files colour text with these instead (see
        :mod:`unpinch.tui.contrast`).
        """
        variables = super().get_css_variables()
        with contextlib.suppress(ValueError, KeyError):
            variables.update(readable_variables(variables))
        if self.few_colours:
            variables.update(FEW_COLOURS)
        return variables

    def on_resize(self, event: events.Resize) -> None:
        """Cover everything with a clear message when the window is below the minimum."""
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int, height: int) -> None:
        """Push or pop the too-small screen to match the current size."""
        small = too_small(width, height)
        screen = self.screen
        if not covers_too_small(screen):
            if small:
                from unpinch.tui.screens.too_small import TooSmallScreen  # a small window only

                self.push_screen(TooSmallScreen(width, height))
        elif small:
            screen.update_size(width, height)
        else:
            while covers_too_small(self.screen):
                self.pop_screen()

    def apply_settings(self, settings: Settings) -> None:
        """Save settings and apply them at once: theme, notifications, sound if its mode changed."""
        old = self.workspace.settings
        self.workspace.save_settings(settings)
        self.theme = self.usable_theme(settings.theme)
        if settings.glyphs != old.glyphs:
            self.choose_glyphs(settings)
            self.refresh(repaint=True, layout=True)
            self.screen.refresh(repaint=True, layout=True)
        if settings.notify != old.notify:
            self.notifier = self.make_notifier(settings)
        if settings.sound != old.sound and not self.cues_given:
            self.sound_mode = settings.sound
            self.sound_summary = ""  # the settings row says it is being checked again
            self.cues.close()
            self.cues = PendingPlayer()
            self.start_sound()

    def start_sound(self) -> None:
        """Open the cue output in a thread worker."""
        self.run_worker(self.open_sound, thread=True, name="sound", exclusive=True)

    def open_sound(self) -> None:
        """Pick and start the cue output off the UI thread (probing a device takes a moment)."""
        from unpinch.tui.sound import open_output

        player, choice = open_output(
            self.sound_mode,
            os.environ,
            self.ring_bell,
            self.schedule_call,
            on_problem=self.sound_problem,
        )
        try:
            self.call_from_thread(self.sound_ready, player, choice)
        except RuntimeError:  # the app closed while the device was being probed
            player.close()

    def sound_ready(self, player: CuePlayer, choice: ModeChoice) -> None:
        """Use the cue output that was just opened, say if it fell back, and what plays.

        A ``--sound`` given on the command line is answered with what it chose
        ("Sound: bell: over SSH"); the showing screen hears of it either way.
        """
        previous, self.cues = self.cues, player
        if isinstance(previous, PendingPlayer):
            previous.hand_over(player)
        previous.close()
        self.sound_chosen(choice.summary or player.mode)
        if player.problem:
            self.sound_problem(player.problem)
        elif self.sound_from_command_line:
            self.notify(f"Sound: {self.sound_summary}", timeout=5)

    def sound_chosen(self, summary: str) -> None:
        """Remember what plays cues now and tell the showing screen."""
        self.sound_summary = summary
        self.screen.post_message(SoundChosen(summary))

    def sound_problem(self, note: str) -> None:
        """Tell the user once, plainly, when sound output changed mode."""
        if self.cues.mode != "speaker" and self.sound_summary.startswith("speaker"):
            self.sound_chosen("bell: the speaker stopped")
        self.notify(note, severity="warning", timeout=8)

    def make_notifier(self, settings: Settings) -> Notifier:
        """Build the notifier for ``--notify`` or the setting, keeping the focus last reported."""
        from unpinch.tui.notify import Notifier, choose_form

        choice = choose_form(self.notify_mode or settings.notify, os.environ)
        notifier = Notifier(choice, self.notify_write)
        previous = self._notifier
        if previous is not None:
            notifier.focused = previous.focused
        return notifier

    def voice_choice(self) -> VoiceChoice:
        """The voice in effect now, and why it is off when it was asked for."""
        from unpinch.tui.voice import choose_voice

        requested = self.voice_mode or self.workspace.settings.voice
        return choose_voice(requested, os.environ, self.engine, self.cues.mode)

    def make_voice(self, plan: Plan) -> Voice | Silence:
        """The spoken cues for a plan about to play, or silence when voice is off."""
        from unpinch.tui.voice import Silence, Voice

        choice = self.voice_choice()
        if choice.mode == "off" or self.engine is None:
            return Silence()
        from unpinch.library.speech import pace_words, plan_phrases

        catalog = self.workspace.catalog
        names = {key: exercise.name for key, exercise in catalog.exercises.items()}
        cues = {key: exercise.cues for key, exercise in catalog.exercises.items()}
        every = float(self.workspace.settings.cue_interval_s)
        phrases = plan_phrases(plan, names, cues, every)
        coach = choice.mode == "coach"
        words = pace_words(plan)
        return Voice(phrases, self.engine, lambda: self.cues, self.clock, coach, words)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; on POSIX, one that rings cue bells on time."""
        base = super().get_driver_class()
        if os.name == "posix":
            from textual.drivers.linux_driver import LinuxDriver

            from unpinch.tui.bell_driver import BellDriver

            if base is LinuxDriver:
                return BellDriver
        return base

    def ring_bell(self) -> None:
        """Ring the terminal bell for a cue: written at once between frames where the driver can."""
        if self.is_headless or self._driver is None:
            return
        ring = getattr(self._driver, "ring", None)
        if callable(ring):
            ring()
        else:
            self.bell()

    def write_to_terminal(self, text: str) -> None:
        """Write raw text (a notification's escape sequence) to the terminal, between frames."""
        if not self.is_headless and self._driver is not None:
            self._driver.write(text)

    def send_notice(self, notice: Notice) -> None:
        """Send a desktop notification, unless it is off or the window has focus."""
        self.notifier.send(notice)

    def on_app_focus(self, event: events.AppFocus) -> None:
        """The terminal window got focus: the user can see the screen, so notify nothing."""
        self.notifier.focus_changed(True)

    def on_app_blur(self, event: events.AppBlur) -> None:
        """The terminal window lost focus: notifications reach the user again."""
        self.notifier.focus_changed(False)

    def schedule_call(self, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the app's loop exactly ``delay`` seconds from now (spaced bells)."""
        call_soon_after(self, delay, callback)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Offer the current screen's own key bindings in the command palette too."""
        yield from super().get_system_commands(screen)
        from unpinch.tui.screens.help import rebound

        seen: set[str] = set()
        own = [b for b in screen.BINDINGS if isinstance(b, Binding)]
        for binding in rebound(own, self.user_keymap):
            if not binding.description:
                continue
            name = binding.action.split("(")[0].removeprefix("app.")
            if binding.action in seen or screen.check_action(name, ()) is False:
                continue
            seen.add(binding.action)
            key = binding.key_display or binding.key
            title = binding.tooltip or binding.description
            yield SystemCommand(title, f"key: {key}", self.binding_runner(screen, binding.action))

    def binding_runner(self, node: object, action: str) -> Callable[[], None]:
        """A callback that runs a binding's action on the node that declared it."""

        def run() -> None:
            self.call_later(self.run_action, action, node)

        return run

    def on_unmount(self) -> None:
        """Stop sound output, give the signals back, close the store and keep what home showed."""
        self.leaving.uninstall()
        self.away_watch.uninstall()
        self.cues.close()
        space = self._workspace
        if space is None:
            return
        keeper = self.keep_home
        taken = None if keeper is None else keeper.key()
        kept = self.home_to_keep(space)
        self.data_closed = True
        space.close()
        if kept is not None and keeper is not None:
            keeper.save(kept, taken)

    def home_to_keep(self, space: Workspace) -> HomeSnapshot | None:
        """What home shows now, for the next start's first frame; None when it should not be kept.

        A start that shows something over home first (the first-run notice, the
        offer to resume a cut-off session) is left to open the data file first.
        """
        if self.keep_home is None or not space.settings.first_run_ack:
            return None
        from unpinch.library.home_snapshot import capture

        try:
            if newest_cut_off(space.store.sealed_sessions()):
                return None
            return capture(space)
        except (StoreError, OSError, ValueError, KeyError, TypeError):
            return None  # a copy is only for speed


def make_app(
    db_path: Path,
    *,
    sound: str | None = None,
    routine_id: str | None = None,
    clock: Clock = time.monotonic,
    wall_clock: WallClock = local_now,
    cues: CuePlayer | None = None,
    config: Config | None = None,
    notify: str | None = None,
    notify_write: Callable[[str], None] | None = None,
    voice: str | None = None,
    glyphs: str | None = None,
) -> UnpinchApp:
    """Build the app the same way for the command line and for tests.

    ``config`` is the config file's content (keymap, defaults); tests leave it
    out and so never read a real home folder.
    """
    defaults = config.settings_defaults() if config else None

    def opened() -> Workspace:
        """Open the library and the data file (the built-in exercises are stored later)."""
        from unpinch.library.workspace import open_workspace

        return open_workspace(db_path, defaults=defaults, sync_exercises=False)

    start: Workspace | EarlyStart
    snapshot = None
    if routine_id is None:
        snapshot = home_snapshot.load(db_path, defaults) or home_snapshot.fresh(db_path, defaults)
    if snapshot is not None:
        start = EarlyStart(snapshot=snapshot, open=opened)
    else:
        start = opened()
        if routine_id is not None:
            start.routine(routine_id)
    return UnpinchApp(
        start,
        sound=sound,
        routine_id=routine_id,
        clock=clock,
        wall_clock=wall_clock,
        cues=cues,
        config=config,
        notify=notify,
        notify_write=notify_write,
        voice=voice,
        glyphs=glyphs,
        keep_home=HomeKeeper(db_path=db_path, defaults=defaults),
    )


def run_app(
    db_path: Path,
    sound: str | None,
    routine_id: str | None,
    config: Config | None = None,
    notify: str | None = None,
    voice: str | None = None,
    glyphs: str | None = None,
) -> int:
    """Run the full-screen app until it exits; return the process exit status."""
    app = make_app(
        db_path,
        sound=sound,
        routine_id=routine_id,
        config=config,
        notify=notify,
        voice=voice,
        glyphs=glyphs,
    )
    app.few_colours = app.console.color_system in ("standard", "windows")
    if app.few_colours:
        app.stylesheet.set_variables(app.get_css_variables())
    result = app.run()
    if app.start_failure is not None:
        raise app.start_failure
    return result or app.return_code or 0
