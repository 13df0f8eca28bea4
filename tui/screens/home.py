"""The home screen: pick a routine, see what it holds, glance at recent history."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from unpinch.library.history import last_done
from unpinch.tui.context import unpinch_app
from unpinch.tui.widgets.history_strip import HistoryStrip
from unpinch.tui.widgets.routine_list import RoutineList
from unpinch.tui.widgets.routine_preview import RoutinePreview


class HomeScreen(Screen[None]):
    """Routine pane on the left, preview on the right, history strip below."""

    BINDINGS = [
        Binding("enter", "play", "Start", id="home.play", priority=True),
        Binding("h", "open('history')", "History", id="home.history", tooltip="Your history"),
        Binding("l", "open('library')", "Library", id="home.library", tooltip="Browse exercises"),
        Binding("c", "open('create')", "New", id="home.create", tooltip="Create a routine"),
        Binding("e", "open('edit')", "Edit", id="home.edit", tooltip="Edit or copy this routine"),
        Binding("s", "open('settings')", "Settings", id="home.settings", tooltip="Settings"),
        Binding("i", "open('safety')", "Safety", id="home.safety", tooltip="When to stop"),
        Binding("question_mark", "help", "Help", key_display="?", id="home.help"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    @dataclass
    class Play(Message):
        """Ask the home screen to start a routine by id."""

        routine_id: str

    def compose(self) -> ComposeResult:
        """Header, the two panes, the history strip and the footer."""
        yield Static("unpinch · stretches and strength work for sciatica", id="home-title")
        with Horizontal(id="home-panes"):
            with Vertical(id="routine-pane"):
                yield Static("Routines", classes="pane-title")
                yield RoutineList(id="routine-list")
            yield RoutinePreview(id="routine-preview")
        yield HistoryStrip(id="history-strip")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Focus the routine list; the panes are filled when the screen is first shown."""
        self.query_one(RoutineList).focus()

    def on_screen_resume(self) -> None:
        """Fill the panes, and refresh last-done dates and history on coming back."""
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read routines and sessions and redraw the list and the strip."""
        app = unpinch_app(self)
        space = app.workspace
        today = app.wall_clock().date()
        sessions = space.store.sessions()
        rows = [
            (r.id, r.name, space.duration_s(r), r.builtin, last_done(sessions, r.id))
            for r in space.catalog.routines.values()
        ]
        self.query_one(RoutineList).set_routines(rows, today)
        self.query_one(HistoryStrip).show(sessions, today)
        # The list is what the first frame needs; the preview follows a frame later.
        self.call_after_refresh(self.show_preview)

    def selected_id(self) -> str | None:
        """The id of the highlighted routine, if any."""
        routines = self.query_one(RoutineList)
        if routines.highlighted is None:
            return None
        return routines.get_option_at_index(routines.highlighted).id

    def show_preview(self) -> None:
        """Show the highlighted routine in the preview pane."""
        routine_id = self.selected_id()
        if routine_id is None:
            return
        space = unpinch_app(self).workspace
        routine = space.catalog.routines[routine_id]
        self.query_one(RoutinePreview).show(routine, space.catalog, space.duration_s(routine))

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

    def action_open(self, name: str) -> None:
        """Open another screen by name (history, library, create, edit, settings, safety)."""
        from unpinch.tui.screens.registry import open_screen

        open_screen(self.app, name, self.selected_id())

    def action_help(self) -> None:
        """Show the keys."""
        from unpinch.tui.screens.help import HelpScreen

        moves = Binding("up,down,j,k", "", "Pick a routine", key_display="↑/↓  j/k")
        own = [b for b in self.BINDINGS if isinstance(b, Binding)]
        palette = Binding("ctrl+p", "", "All actions (command palette)", key_display="ctrl+p")
        self.app.push_screen(HelpScreen([moves, *own, palette]))
