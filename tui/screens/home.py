"""The home screen: pick a routine, see what it holds, glance at recent history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static

from unpinch.library.store_error import StoreError
from unpinch.tui.context import unpinch_app
from unpinch.tui.screens.base import PALETTE_ROW, UnpinchScreen, help_row
from unpinch.tui.widgets.history_strip import HistoryStrip
from unpinch.tui.widgets.routine_list import RoutineList

if TYPE_CHECKING:
    from datetime import date

    from unpinch.library.home_facts import RoutineRow, StripFacts
    from unpinch.library.recovery import WeeklyCheck


class HomeScreen(UnpinchScreen):
    """Routine pane on the left, preview on the right, history strip below."""

    STYLED_AT_START: ClassVar[bool] = True
    """Every rule it needs is in app.tcss, read before the first frame."""

    BINDINGS = [
        Binding("enter", "play", "Start", id="home.play", priority=True),
        Binding("h", "open('history')", "History", id="home.history", tooltip="Your history"),
        Binding("l", "open('library')", "Library", id="home.library", tooltip="Browse exercises"),
        Binding("c", "open('create')", "New", id="home.create", tooltip="Create a routine"),
        Binding("e", "open('edit')", "Edit", id="home.edit", tooltip="Edit or copy this routine"),
        Binding("s", "open('settings')", "Settings", id="home.settings", tooltip="Settings"),
        Binding("i", "open('safety')", "Safety", id="home.safety", tooltip="When to stop"),
        Binding(
            "w",
            "weekly_check",
            "Weekly check",
            id="home.weekly",
            show=False,
            tooltip="Weekly check",
        ),
        Binding("z", "rest_day", "Rest day", id="home.rest_day", show=False, tooltip="Rest today"),
        Binding("question_mark", "help", "Help", key_display="?", id="home.help"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    preview_mounted = False
    """Whether the preview pane's widgets are in place (a frame after the first)."""

    HELP_BEFORE = (help_row("up,down,j,k", "Pick a routine", "↑/↓  j/k"),)
    HELP_AFTER = (PALETTE_ROW,)

    @dataclass
    class Play(Message):
        """Ask the home screen to start a routine by id."""

        routine_id: str

    def compose(self) -> ComposeResult:
        """Header, the two panes and the history strip; the preview and footer follow."""
        yield Static("unpinch · stretches and strength work for sciatica", id="home-title")
        with Horizontal(id="home-panes"), Vertical(id="routine-pane"):
            yield Static("Routines", classes="pane-title")
            yield RoutineList(id="routine-list")
        yield HistoryStrip(id="history-strip")

    def on_mount(self) -> None:
        """Focus the routine list; the panes are filled when the screen is first shown.

        The preview pane and the footer are mounted after the first frame, which
        shows the routines: the pane would be blank in it anyway, yet building it
        cost about a fifth of that frame, and the footer's keys about as much as
        the rest of the screen.
        """
        self.query_one(RoutineList).focus()
        self.call_after_refresh(self.mount_preview)
        self.call_after_refresh(self.mount_footer)

    async def mount_preview(self) -> None:
        """Add the preview pane (the preview, the hint under it), then show the highlighted routine.

        The preview's code is imported here, with the pane, after the first frame.
        """
        from unpinch.tui.widgets.routine_preview import RoutinePreview

        panes = self.query_one("#home-panes")
        if not panes.is_attached:  # the app is closing already (its data file would not open)
            return
        preview = RoutinePreview(id="routine-preview")
        pane = Vertical(preview, Static(id="preview-more"), id="preview-pane")
        await panes.mount(pane)
        self.watch(preview, "scroll_y", self.update_preview_hint, init=False)
        self.watch(preview, "virtual_size", self.update_preview_hint, init=False)
        self.watch(preview, "has_focus", self.update_preview_hint, init=False)
        self.preview_mounted = True
        self.show_preview()

    def update_preview_hint(self) -> None:
        """Say under the preview how to read the rest of it."""
        from unpinch.tui.widgets.routine_preview import preview_hint

        preview = self.query_one("#routine-preview")
        hint = preview_hint(preview.has_focus, preview.scroll_y, preview.max_scroll_y)
        self.query_one("#preview-more", Static).update(hint)

    async def mount_footer(self) -> None:
        """Add the footer (see :func:`unpinch.tui.screens.footer.mount_footer`)."""
        from unpinch.tui.screens.footer import mount_footer

        if self.is_attached:  # not when the app is closing already
            await mount_footer(self)

    def on_screen_resume(self) -> None:
        """Fill the panes, and refresh last-done dates and history on coming back."""
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read routines and sessions and redraw the list and the strip.

        Until the app has opened the data file, the list and the strip are
        drawn from the copy saved when the app last closed
        (:mod:`unpinch.library.home_snapshot`); the app calls this again once
        the file is open.
        """
        app = unpinch_app(self)
        today = app.wall_clock().date()
        early = app.home_snapshot
        if early is not None:
            self.show_rows(list(early.rows), early.strip, today)
            return
        rows, facts = self.read_data()
        self.show_rows(rows, facts, today)

    def read_data(self) -> tuple[list[RoutineRow], StripFacts]:
        """The routine rows and the strip's facts, read from the data file."""
        from unpinch.library.home_facts import read_home

        return read_home(unpinch_app(self).workspace)

    def data_opened(self) -> None:
        """The app opened the data file after a first frame drawn from the copy: catch up.

        Only what the data file shows differently is drawn again (usually
        nothing), and the preview follows at once: the list is on screen already.
        """
        from unpinch.library.home_facts import streak_run

        rows, facts = self.read_data()
        today = unpinch_app(self).wall_clock().date()
        routines = self.query_one(RoutineList)
        if routines.rows != rows or routines.today != today:
            routines.set_routines(rows, today)
        strip = self.query_one(HistoryStrip)
        if strip.shown != (streak_run(facts), today):
            strip.show(facts, today)
        self.show_preview()

    def show_rows(self, rows: list[RoutineRow], facts: StripFacts, today: date) -> None:
        """Draw the routine list and the strip; the preview follows a frame later."""
        self.query_one(RoutineList).set_routines(rows, today)
        self.query_one(HistoryStrip).show(facts, today)
        self.call_after_refresh(self.show_preview)

    def selected_id(self) -> str | None:
        """The id of the highlighted routine, if any."""
        routines = self.query_one(RoutineList)
        if routines.highlighted is None:
            return None
        return routines.get_option_at_index(routines.highlighted).id

    def show_preview(self) -> None:
        """Show the highlighted routine in the preview pane, once the pane is mounted."""
        routine_id = self.selected_id()
        if routine_id is None or not self.preview_mounted or unpinch_app(self).home_snapshot:
            return
        from unpinch.tui.widgets.routine_preview import RoutinePreview  # loaded with the pane

        space = unpinch_app(self).workspace
        routine = space.catalog.routines[routine_id]
        marked = self.marked_last_time(routine_id)
        preview = self.query_one(RoutinePreview)
        preview.show(routine, space.catalog, space.duration_s(routine), marked)
        self.call_after_refresh(self.update_preview_hint)

    def marked_last_time(self, routine_id: str) -> list[str]:
        """Exercises marked "this hurts" in the routine's last session (none if unreadable).

        The workout code is loaded here, after the first frame, not with the screen.
        """
        from unpinch.library.workout import decoded, marked_in

        try:
            last = unpinch_app(self).workspace.store.last_session_for(routine_id)
        except StoreError:
            return []
        return marked_in(decoded(last))

    @on(OptionList.OptionHighlighted, "#routine-list")
    def routine_highlighted(self) -> None:
        """Follow the highlight with the preview."""
        self.show_preview()

    @on(OptionList.OptionSelected, "#routine-list")
    def routine_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a routine starts it."""
        if event.option.id is not None:
            self.post_message(self.Play(event.option.id))

    def action_play(self) -> None:
        """Start the highlighted routine."""
        routine_id = self.selected_id()
        if routine_id is not None:
            self.post_message(self.Play(routine_id))

    def on_home_screen_play(self, message: Play) -> None:
        """Open the player for a routine."""
        from unpinch.library.workout import open_workout
        from unpinch.tui.screens.player import PlayerScreen

        workout = open_workout(unpinch_app(self).workspace, message.routine_id)
        self.app.push_screen(PlayerScreen(workout))

    def on_history_strip_open(self) -> None:
        """A click on the history strip opens the history."""
        self.action_open("history")

    def action_open(self, name: str) -> None:
        """Open another screen by name (history, library, create, edit, settings, safety)."""
        self.app.push_screen(SCREENS[name](self.selected_id()))

    @work(exclusive=True, group="weekly")
    async def action_weekly_check(self) -> None:
        """Ask the red-flag questions, then the outcome questions; keep what was answered.

        A red-flag "yes" is saved at once and the urgent-care page shown instead of the rest;
        Esc at either step saves the week as skipped, so it is not offered again this week.
        """
        from unpinch.tui.screens.weekly_check import (
            RedFlagScreen,
            UrgentScreen,
            WeeklyCheckScreen,
            skipped_check,
        )

        app = unpinch_app(self)
        today = app.wall_clock().date()
        flags = await self.app.push_screen_wait(RedFlagScreen())
        if flags is None:
            self.save_weekly(skipped_check(today))
            return
        if any(flags.values()):
            self.save_weekly(skipped_check(today, flags))
            await self.app.push_screen_wait(UrgentScreen())
            return
        from unpinch.library.programme import last_activities, weekly_checks

        names = last_activities(weekly_checks(app.workspace.store))
        check = await self.app.push_screen_wait(WeeklyCheckScreen(today, names, flags))
        self.save_weekly(check or skipped_check(today, flags))
        if check is not None:
            self.notify("Weekly check saved. It shows in your history and your report.")

    def save_weekly(self, check: WeeklyCheck) -> None:
        """Store a weekly check, saying so if the data file cannot take it."""
        from unpinch.library.recovery import weekly_check_doc

        try:
            unpinch_app(self).workspace.store.add_weekly_check(weekly_check_doc(check))
        except (StoreError, OSError) as problem:
            self.notify(f"Could not save the weekly check: {problem}", severity="error")
        self.refresh_data()

    def action_rest_day(self) -> None:
        """Mark today a rest day: streaks and due routines wait; capped per month."""
        from unpinch.library.programme import rest_days
        from unpinch.library.schedule import RestDayRefused, check_rest_day, rest_days_left

        app = unpinch_app(self)
        today = app.wall_clock().date()
        store = app.workspace.store
        known = rest_days(store)
        try:
            check_rest_day(today, known, today)
            store.add_rest_day(today.isoformat())
        except RestDayRefused as refused:
            self.notify(str(refused).capitalize() + ".", severity="warning")
            return
        except (StoreError, OSError) as problem:
            self.notify(f"Could not save the rest day: {problem}", severity="error")
            return
        left = rest_days_left([*known, today], today)
        self.notify(f"Today is a rest day. {left} left in {today:%B}. Go gently.")
        self.refresh_data()


# --- the screens home opens, each imported when first opened (start-up stays quick) -----

ScreenFactory = Callable[[str | None], Screen[None]]
"""Builds a screen reached from home, given the highlighted routine's id (or None)."""


def history_screen(routine_id: str | None) -> Screen[None]:
    """The history pane."""
    from unpinch.tui.screens.history import HistoryScreen

    return HistoryScreen()


def library_screen(routine_id: str | None) -> Screen[None]:
    """The exercise library."""
    from unpinch.tui.screens.library_browser import LibraryScreen

    return LibraryScreen()


def create_screen(routine_id: str | None) -> Screen[None]:
    """The builder with a new, empty routine."""
    from unpinch.tui.screens.builder import BuilderScreen

    return BuilderScreen(None)


def edit_screen(routine_id: str | None) -> Screen[None]:
    """The builder on the highlighted routine (a built-in one is copied first)."""
    from unpinch.tui.screens.builder import BuilderScreen

    return BuilderScreen(routine_id)


def settings_screen(routine_id: str | None) -> Screen[None]:
    """The settings."""
    from unpinch.tui.screens.settings import SettingsScreen

    return SettingsScreen()


def safety_screen(routine_id: str | None) -> Screen[None]:
    """When to stop and see someone."""
    from unpinch.tui.screens.safety import SafetyScreen

    return SafetyScreen()


SCREENS: dict[str, ScreenFactory] = {
    "history": history_screen,
    "library": library_screen,
    "create": create_screen,
    "edit": edit_screen,
    "settings": settings_screen,
    "safety": safety_screen,
}
"""Screen name (as in the bindings' ``open(...)`` actions) -> its factory."""
