"""The library browser: every exercise, filtered and searched, with a detail panel.

From here an exercise can be added to one of the user's routines, or to a new
one; built-in routines stay read-only.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from unpinch.library.builder import new_routine_id, with_item_added
from unpinch.library.codec import routine_to_dict
from unpinch.library.model import Exercise, Routine
from unpinch.library.workspace import Workspace
from unpinch.tui.context import unpinch_app
from unpinch.tui.screens.base import UnpinchScreen, help_row
from unpinch.tui.screens.footer import compact_footer
from unpinch.tui.screens.pick_routine import Pick, PickRoutineScreen
from unpinch.tui.widgets.exercise_detail import ExerciseDetail, variant_ids
from unpinch.tui.widgets.exercise_filters import (
    FACETS,
    ExerciseFilter,
    FilterBar,
    FilterChip,
    filtered,
)

NO_MATCH = "No exercise matches. Press x to clear the filters, or change the search."


def add_to_routine(workspace: Workspace, exercise: Exercise, pick: Pick) -> Routine:
    """Append the exercise (with its own default dose) to the picked or a new routine, and save.

    Returns the routine as saved; the workspace's routines are re-merged so
    every screen sees it at once.
    """
    if pick.routine_id is not None:
        routine = workspace.routine(pick.routine_id)
    else:
        name = pick.new_name or exercise.name
        routine_id = new_routine_id(name, workspace.catalog.routines.keys())
        routine = Routine(routine_id, name, (), builtin=False)
    routine = with_item_added(routine, len(routine.items), exercise.id)
    workspace.store.save_routine(routine_to_dict(routine))
    workspace.reload_routines()
    return routine


def list_label(exercise: Exercise) -> Text:
    """One line per exercise in the list: its name, cut with an ellipsis when too long."""
    return Text(exercise.name, no_wrap=True, overflow="ellipsis")


def user_routines(workspace: Workspace) -> list[tuple[str, str]]:
    """The (id, name) of every routine the user made, in store order."""
    return [(r.id, r.name) for r in workspace.catalog.routines.values() if not r.builtin]


FILTER_ROWS = tuple(
    help_row(f.key, f"Next {f.label.lower()} (after the last: any)") for f in FACETS
)
"""Help rows for the filters' cycle keys (a click with shift held goes back)."""


class LibraryScreen(UnpinchScreen):
    """Filters and search on top; the matching exercises left, the highlighted one right."""

    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/", id="library.search"),
        *(
            Binding(
                f.key,
                f"cycle('{f.name}', 1)",
                f.label,
                show=False,
                id=f"library.{f.name}",
                tooltip=f"Next {f.label.lower()} filter",
            )
            for f in FACETS
        ),
        Binding("j", "move(1)", "Down", show=False, id="library.down", tooltip="Next exercise"),
        Binding("k", "move(-1)", "Up", show=False, id="library.up", tooltip="Previous exercise"),
        Binding(
            "v",
            "variant",
            "Variant",
            id="library.variant",
            tooltip="Go to the easier or harder version (again: the next, then back)",
        ),
        Binding("0", "clear", "Clear filters", id="library.clear", tooltip="Clear all filters"),
        Binding("a", "add", "Add to routine", id="library.add", tooltip="Add to a routine"),
        Binding("g", "glossary", "Glossary", id="library.glossary", tooltip="Words explained"),
        Binding(
            "escape,q", "back", "Back", key_display="esc", id="library.back", tooltip="Back to home"
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="library.help"),
    ]

    HELP_BEFORE = (
        help_row("up,down,j,k", "Pick an exercise", "↑/↓  j/k"),
        help_row("tab", "Search, list, detail (scroll with ↑/↓)"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.wanted = ExerciseFilter()
        self.shown: list[Exercise] = []
        self.variant_trail: tuple[str, int] | None = None
        """While v steps through an exercise's variants: that exercise's id and the step."""

    def compose(self) -> ComposeResult:
        """Search and count, the filter chips, then the list and the detail side by side."""
        exercises = list(unpinch_app(self).workspace.catalog.exercises.values())
        yield Header(show_clock=False, icon="")
        with Horizontal(id="library-search-row"):
            yield Input(
                placeholder="Search names and aliases  ( / )",
                id="library-search",
                compact=True,
            )
            yield Static(id="library-count")
        yield FilterBar(exercises, id="library-filters")
        with Horizontal(id="library-panes"):
            yield OptionList(id="library-list")
            yield ExerciseDetail(id="library-detail")
        yield compact_footer()

    def on_mount(self) -> None:
        """Fill the list and start there."""
        self.sub_title = "Exercise library"
        self.refilter()
        self.query_one("#library-list", OptionList).focus()

    def refilter(self) -> None:
        """Show the exercises that match, keeping the highlight on the same one if it stays."""
        catalog = unpinch_app(self).workspace.catalog
        before = self.highlighted()
        self.shown = filtered(catalog.exercises.values(), self.wanted)
        options = self.query_one("#library-list", OptionList)
        options.clear_options()
        options.add_options([Option(list_label(e), id=e.id) for e in self.shown])
        ids = [e.id for e in self.shown]
        if ids:
            options.highlighted = ids.index(before.id) if before and before.id in ids else 0
        self.show_count(len(catalog.exercises))
        self.show_detail()

    def show_count(self, total: int) -> None:
        """Say how many exercises match out of how many."""
        self.query_one("#library-count", Static).update(f"{len(self.shown)} of {total}")

    def highlighted(self) -> Exercise | None:
        """The exercise under the list's highlight, if any."""
        options = self.query_one("#library-list", OptionList)
        index = options.highlighted
        if index is None or index >= len(self.shown):
            return None
        return self.shown[index]

    def show_detail(self) -> None:
        """Describe the highlighted exercise, or say that nothing matches."""
        detail = self.query_one(ExerciseDetail)
        exercise = self.highlighted()
        if exercise is None:
            detail.show_nothing(NO_MATCH)
        else:
            detail.show(exercise, unpinch_app(self).workspace.catalog)

    @on(OptionList.OptionHighlighted, "#library-list")
    def exercise_highlighted(self) -> None:
        """Follow the highlight with the detail panel."""
        self.show_detail()

    @on(Input.Changed, "#library-search")
    def search_changed(self, event: Input.Changed) -> None:
        """Narrow the list as the user types."""
        self.wanted = replace(self.wanted, text=event.value)
        self.refilter()

    @on(Input.Submitted, "#library-search")
    def search_done(self) -> None:
        """Enter in the search box moves to the list of matches."""
        self.query_one("#library-list", OptionList).focus()

    @on(FilterChip.Changed)
    def filter_changed(self, event: FilterChip.Changed) -> None:
        """Apply a filter chosen by key or click."""
        self.wanted = self.wanted.with_value(event.facet, event.value)
        self.refilter()

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#library-search", Input).focus()

    def action_cycle(self, facet: str, step: int) -> None:
        """Move one filter to its next or previous value that leaves some exercise listed."""
        exercises = unpinch_app(self).workspace.catalog.exercises.values()

        def usable(value: str) -> bool:
            wanted = self.wanted.with_value(facet, value)
            return any(wanted.matches(e) for e in exercises)

        self.query_one(FilterBar).chip(facet).cycle(step, usable)

    @on(FilterChip.Clicked)
    def chip_clicked(self, event: FilterChip.Clicked) -> None:
        """A click on a filter cycles it as its key does."""
        self.action_cycle(event.facet, event.step)

    def action_move(self, step: int) -> None:
        """J and k: the next or previous exercise, or scroll the detail when it has focus."""
        focused = self.focused
        if isinstance(focused, ExerciseDetail):
            focused.scroll_relative(y=step, animate=False)
            return
        options = self.query_one("#library-list", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_variant(self) -> None:
        """Go to the highlighted exercise's easier or harder version; again: the next, then back.

        A variant hidden by the search or the filters is shown by clearing them.
        """
        catalog = unpinch_app(self).workspace.catalog
        here = self.highlighted()
        if here is None:
            return
        origin, step = self.next_variant_step(here.id)
        variants = variant_ids(catalog.exercises[origin], catalog)
        if not variants:
            self.notify(f"{here.name} has no easier or harder version in the library.")
            return
        target = origin if step >= len(variants) else variants[step]
        self.variant_trail = None if target == origin else (origin, step)
        self.go_to(target)

    def next_variant_step(self, here: str) -> tuple[str, int]:
        """Where v goes from ``here``: on from the variant last reached, else to the first."""
        trail = self.variant_trail
        if trail is not None:
            origin, step = trail
            catalog = unpinch_app(self).workspace.catalog
            variants = variant_ids(catalog.exercises[origin], catalog)
            if step < len(variants) and variants[step] == here:
                return origin, step + 1
        return here, 0

    def go_to(self, exercise_id: str) -> None:
        """Highlight one exercise, clearing the search and filters first if they hide it."""
        if exercise_id not in [e.id for e in self.shown]:
            trail = self.variant_trail
            self.wanted = ExerciseFilter()
            self.query_one(FilterBar).clear()
            self.query_one("#library-search", Input).value = ""
            self.refilter()
            self.variant_trail = trail
        options = self.query_one("#library-list", OptionList)
        options.highlighted = [e.id for e in self.shown].index(exercise_id)

    def action_clear(self) -> None:
        """Clear every filter and the search text."""
        self.query_one(FilterBar).clear()
        self.query_one("#library-search", Input).value = ""

    def action_back(self) -> None:
        """Escape leaves the search box first, then goes back home."""
        search = self.query_one("#library-search", Input)
        if search.has_focus:
            self.query_one("#library-list", OptionList).focus()
            return
        self.dismiss()

    def action_add(self) -> None:
        """Ask which routine to add the highlighted exercise to."""
        exercise = self.highlighted()
        if exercise is None:
            self.notify("Nothing to add: no exercise matches.", severity="warning")
            return
        routines = user_routines(unpinch_app(self).workspace)

        def added(pick: Pick | None) -> None:
            if pick is not None:
                self.add(exercise, pick)

        self.app.push_screen(PickRoutineScreen(exercise.name, routines), added)

    def add(self, exercise: Exercise, pick: Pick) -> None:
        """Save the exercise into the chosen routine and say so."""
        routine = add_to_routine(unpinch_app(self).workspace, exercise, pick)
        self.notify(f"Added {exercise.name} to {routine.name}")

    def action_glossary(self) -> None:
        """Open the glossary of the library's jargon."""
        from unpinch.tui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen())

    def help_rows(self) -> list[Binding]:
        """The keys: moving, tabbing, each filter's cycle keys, then the shown bindings."""
        own = [b for b in self.BINDINGS if isinstance(b, Binding) and b.show]
        return [*self.HELP_BEFORE, *FILTER_ROWS, *own]
