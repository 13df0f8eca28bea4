"""The routine builder: name a routine, add, remove and reorder exercises, set doses, save.

Editing works on an immutable :class:`~library.model.Routine` through the pure
helpers in ``unpinch.library.builder``; the screen only keeps the current version and
the last saved one (to know whether there are unsaved changes). Built-in
routines are never changed: opening one here edits a copy, which becomes the
user's own routine when saved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from unpinch.library.builder import (
    check_dose_value,
    duplicate,
    estimated_duration_s,
    new_routine_id,
    with_item_added,
    with_item_dose,
    with_item_moved,
    with_item_removed,
)
from unpinch.library.codec import routine_to_dict
from unpinch.library.describe import minutes
from unpinch.library.model import Dose, Routine, RoutineItem
from unpinch.library.plain_text import shown
from unpinch.library.schedule import Schedule, parse_daily_days, parse_per_week, per_week_text
from unpinch.library.store import RoutineChanged, StoreError, revision
from unpinch.tui.context import unpinch_app
from unpinch.tui.plain import plain
from unpinch.tui.screens.base import UnpinchScreen, help_row
from unpinch.tui.screens.confirm import ConfirmScreen
from unpinch.tui.screens.dose_editor import DoseEditor
from unpinch.tui.screens.exercise_picker import ExercisePicker
from unpinch.tui.screens.footer import compact_footer
from unpinch.tui.widgets.builder_items import BuilderItems

LeaveAnswer = Literal["save", "discard"] | None
NEW_IN_NAME = "A new routine: type its name, then press Enter to go on to its exercises."
"""The new-routine hint while the cursor is in the name box, where letters type."""
NEW_IN_LIST = "A new routine: press a to add exercises (each goes at the end), r to rename."
"""The new-routine hint once the exercise list has the cursor."""
LIST_ACTIONS = frozenset({"add", "remove", "move", "edit_dose", "rename", "delete", "undo"})
"""Actions on the exercise list, offered only when the cursor is not in the name box."""


class UnsavedScreen(ModalScreen[LeaveAnswer]):
    """Ask "Save changes?" when leaving the builder: y saves, n discards, Esc stays."""

    BINDINGS = [
        Binding("y", "answer('save')", "Save", id="unsaved.save"),
        Binding("n", "answer('discard')", "Discard", id="unsaved.discard"),
        Binding("escape,q,c", "answer('')", "Cancel", id="unsaved.cancel"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.routine_name = name

    def compose(self) -> ComposeResult:
        """The question and its three answers."""
        with Vertical(id="unsaved-box"):
            yield Static("Save changes?", classes="box-title")
            yield Static(plain(f"“{self.routine_name}” has changes that are not saved."))
            yield Static("y: save    n: discard    Esc: keep editing", classes="box-hint")
        yield compact_footer()

    def action_answer(self, answer: str) -> None:
        """Close with "save", "discard", or None to keep editing."""
        self.dismiss("save" if answer == "save" else "discard" if answer == "discard" else None)


class BuilderScreen(UnpinchScreen):
    """Build or change one routine with the keyboard alone; the mouse works too."""

    BINDINGS = [
        Binding("a", "add", "Add", id="builder.add", tooltip="Add an exercise at the end"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            key_display="d",
            id="builder.remove",
            tooltip="Remove the highlighted exercise",
        ),
        Binding(
            "shift+up,K",
            "move(-1)",
            "Up",
            key_display="K/⇧↑",
            id="builder.up",
            tooltip="Move the highlighted exercise up",
        ),
        Binding(
            "shift+down,J",
            "move(1)",
            "Down",
            key_display="J/⇧↓",
            id="builder.down",
            tooltip="Move the highlighted exercise down",
        ),
        Binding(
            "enter",
            "edit_dose",
            "Dose",
            key_display="⏎",
            id="builder.dose",
            tooltip="Edit the highlighted exercise's dose",
        ),
        Binding(
            "e",
            "rename",
            "Name",
            id="builder.rename",
            tooltip="Edit the routine's name (Tab: rest between)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="builder.undo",
            show=False,
            tooltip="Put back the exercise removed last",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            key_display="^s",
            id="builder.save",
            tooltip="Save the routine",
        ),
        Binding(
            "ctrl+d",
            "delete",
            "Delete",
            key_display="^d",
            id="builder.delete",
            tooltip="Delete the routine",
        ),
        Binding(
            "escape,q",
            "leave",
            "Back",
            key_display="esc",
            id="builder.leave",
            tooltip="Back to the routines",
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="builder.help", show=False),
    ]

    HELP_BEFORE = (help_row("up,down,j,k", "Pick an exercise", "↑/↓  j/k"),)

    def __init__(self, routine_id: str | None) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.routine = Routine(id="", name="", items=(), builtin=False)
        self.baseline = self.routine
        self.stored = False
        self.opened_as = ""
        """The stored routine's revision when the builder opened or last saved it ("" if new)."""
        self.copied_from: str | None = None
        self.rest_refused: str | None = None
        self.schedule_refused: str | None = None
        self.removed: list[tuple[int, RoutineItem]] = []
        """Exercises removed, with where they were, newest last: what u puts back."""

    def compose(self) -> ComposeResult:
        """Title bar, name box, notes, the exercise list and the footer."""
        yield Static("Routine builder", id="builder-top")
        with Horizontal(id="builder-name-row"):
            yield Static("Name", id="builder-name-label")
            yield Input(
                placeholder="Name your routine",
                id="builder-name",
                compact=True,
                select_on_focus=False,
            )
            yield Static("Rest between", id="builder-rest-label")
            yield Input(id="builder-rest", compact=True, select_on_focus=True)
            yield Static("s", id="builder-rest-unit")
        with Horizontal(id="builder-schedule-row"):
            yield Static("Schedule", id="builder-schedule-label")
            yield Input(id="builder-per-week", compact=True, select_on_focus=True)
            yield Static("times a week, after", classes="builder-schedule-words")
            yield Input(id="builder-daily", compact=True, select_on_focus=True)
            yield Static("days daily", classes="builder-schedule-words")
            yield Static("", id="builder-schedule-said")
        yield Static("", id="builder-refused")
        yield Static("", id="builder-note")
        yield Static("", id="builder-status")
        yield BuilderItems(id="builder-items")
        yield compact_footer()

    def on_mount(self) -> None:
        """Load the routine to edit (or copy, or start afresh) and show it."""
        self.load(self.routine_id)
        self.query_one("#builder-name", Input).value = shown(self.routine.name)
        self.query_one("#builder-rest", Input).value = str(self.routine.rest_between_s)
        self.query_one("#builder-per-week", Input).value = per_week_text(self.routine.schedule)
        self.query_one("#builder-daily", Input).value = str(self.routine.schedule.daily_days)
        self.show_schedule()
        self.query_one("#builder-refused", Static).display = False
        self.redraw(0)
        if self.routine.items:
            self.query_one(BuilderItems).focus()
        else:
            self.query_one("#builder-name", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the list's actions while the name box has the cursor (letters type there)."""
        return not (action in LIST_ACTIONS and isinstance(self.focused, Input))

    # -- loading and state -------------------------------------------------------

    def load(self, routine_id: str | None) -> None:
        """Start from a user routine as stored, a copy of a built-in, or a new empty one."""
        catalog = unpinch_app(self).workspace.catalog
        original = catalog.routines.get(routine_id) if routine_id else None
        if routine_id and original is None:
            self.notify(f"No routine '{routine_id}'; starting a new one.", severity="warning")
        if original is None:
            note = NEW_IN_NAME
        elif original.builtin:
            self.routine = duplicate(original, self.taken_ids())
            self.copied_from = original.name
            note = f"Editing a copy of “{original.name}”; the built-in stays as it is."
        else:
            self.routine = original
            self.stored = True
            note = ""
        self.opened_as = self.stored_revision(self.routine.id) if self.stored else ""
        self.baseline = self.routine
        self.query_one("#builder-note", Static).update(plain(note))
        self.query_one("#builder-note", Static).display = bool(note)

    def on_descendant_focus(self) -> None:
        """Keep the hints true to where the cursor is: a box where letters type, or the list."""
        self.show_status()
        if self.stored or self.copied_from is not None:
            return
        note = self.query_one("#builder-note", Static)
        if note.display:
            in_name = self.focused is self.query_one("#builder-name", Input)
            note.update(NEW_IN_NAME if in_name else NEW_IN_LIST)

    def stored_revision(self, routine_id: str) -> str:
        """The revision of the routine as stored now ("" when it is not stored)."""
        return revision(unpinch_app(self).workspace.store.routine(routine_id))

    def taken_ids(self) -> set[str]:
        """Every routine id in use: the catalogue's and any in the store."""
        space = unpinch_app(self).workspace
        return set(space.catalog.routines) | {str(d.get("id")) for d in space.store.routines()}

    @property
    def dirty(self) -> bool:
        """True when the routine differs from what was last saved (or first opened)."""
        return self.routine != self.baseline

    def highlighted(self) -> int | None:
        """The index of the highlighted item, if any."""
        return self.query_one(BuilderItems).highlighted

    def change(self, routine: Routine, highlight: int | None) -> None:
        """Take an edited routine and redraw with ``highlight`` under the cursor."""
        self.routine = routine
        self.redraw(highlight)

    def redraw(self, highlight: int | None) -> None:
        """Refresh the list and the status line from the current routine."""
        space = unpinch_app(self).workspace
        self.query_one(BuilderItems).show(self.routine, space.catalog, highlight)
        self.show_status()

    def show_status(self) -> None:
        """Count, estimated duration, and whether there is anything unsaved."""
        count = len(self.routine.items)
        if count == 0:
            typing = isinstance(self.focused, Input)
            text = "No exercises yet." if typing else "No exercises yet. Press a to add one."
        else:
            space = unpinch_app(self).workspace
            seconds = estimated_duration_s(self.routine, space.catalog, space.settings)
            plural = "exercise" if count == 1 else "exercises"
            text = f"{count} {plural} · about {minutes(seconds)}"
        state = "unsaved changes" if self.dirty else ("saved" if self.stored else "not saved")
        status = self.query_one("#builder-status", Static)
        status.update(f"{text} · {state}")
        status.set_class(self.dirty, "-dirty")

    # -- the name ------------------------------------------------------------------

    @on(Input.Changed, "#builder-name")
    def name_changed(self, event: Input.Changed) -> None:
        """Keep the routine's name in step with the name box."""
        name = event.value.strip()
        if name != self.routine.name:
            self.routine = replace(self.routine, name=name)
            self.show_status()

    @on(Input.Submitted, "#builder-name")
    def name_submitted(self) -> None:
        """Enter in the name box goes on to the exercise list."""
        self.query_one(BuilderItems).focus()

    @on(Input.Changed, "#builder-rest")
    def rest_changed(self, event: Input.Changed) -> None:
        """Check the rest between exercises as it is typed; keep only an accepted value."""
        value, reason = check_dose_value("rest_between_s", event.value)
        self.rest_refused = reason
        refused = self.query_one("#builder-refused", Static)
        refused.update(f"Refused: {reason}" if reason else "")
        refused.display = reason is not None
        if value is not None and int(value) != self.routine.rest_between_s:
            self.routine = replace(self.routine, rest_between_s=int(value))
            self.show_status()

    @on(Input.Changed, "#builder-per-week")
    @on(Input.Changed, "#builder-daily")
    def schedule_changed(self) -> None:
        """Check the schedule as it is typed; keep it only when both boxes read."""
        try:
            per_week = parse_per_week(self.query_one("#builder-per-week", Input).value)
            daily = parse_daily_days(self.query_one("#builder-daily", Input).value)
        except ValueError as refused:
            self.schedule_refused = str(refused)
        else:
            self.schedule_refused = None
            schedule = Schedule(per_week, daily)
            if schedule != self.routine.schedule:
                self.routine = replace(self.routine, schedule=schedule)
                self.show_status()
        self.show_schedule()

    def show_schedule(self) -> None:
        """Say beside the schedule's boxes why what was typed is refused (nothing when fine)."""
        refused = self.schedule_refused
        said = self.query_one("#builder-schedule-said", Static)
        said.update(f"Refused: {refused}" if refused else "")
        said.set_class(refused is not None, "-refused")

    @on(Input.Submitted, "#builder-per-week")
    @on(Input.Submitted, "#builder-daily")
    @on(Input.Submitted, "#builder-rest")
    def rest_submitted(self) -> None:
        """Enter in the rest box goes on to the exercise list."""
        self.query_one(BuilderItems).focus()

    def action_rename(self) -> None:
        """Put the cursor at the end of the current name, to change it rather than retype it.

        ctrl+u clears the box for a new name; spaces at either end are dropped.
        """
        box = self.query_one("#builder-name", Input)
        box.focus()
        box.cursor_position = len(box.value)

    # -- editing items ---------------------------------------------------------------

    def action_add(self) -> None:
        """Pick an exercise from the library and add it at the end of the routine."""
        exercises = unpinch_app(self).workspace.catalog.exercises.values()
        self.app.push_screen(ExercisePicker(exercises), self.added)

    def added(self, exercise_id: str | None) -> None:
        """Append the picked exercise and highlight it; J/K then move it where it belongs."""
        if exercise_id is None:
            return
        index = len(self.routine.items)
        self.change(with_item_added(self.routine, index, exercise_id), index)
        self.query_one(BuilderItems).focus()

    def action_remove(self) -> None:
        """Remove the highlighted exercise and say which one went."""
        index = self.highlighted()
        if index is None:
            self.notify("There is nothing to remove.", severity="warning")
            return
        name = self.exercise_name(index)
        self.removed.append((index, self.routine.items[index]))
        self.change(with_item_removed(self.routine, index), index)
        self.notify(f"Removed {name}. Press u to undo.")

    def action_undo(self) -> None:
        """Put the exercise removed last back where it was, with its dose."""
        if not self.removed:
            self.notify("Nothing to undo.")
            return
        index, item = self.removed.pop()
        items = self.routine.items
        index = min(index, len(items))
        self.change(replace(self.routine, items=(*items[:index], item, *items[index:])), index)
        self.notify(f"Put back {self.exercise_name(index)}.")

    def action_move(self, step: int) -> None:
        """Move the highlighted exercise one place up or down, keeping it highlighted."""
        index = self.highlighted()
        if index is None:
            return
        target = index + step
        if not 0 <= target < len(self.routine.items):
            return
        self.change(with_item_moved(self.routine, index, target), target)

    def action_edit_dose(self) -> None:
        """Open the dose editor for the highlighted exercise."""
        index = self.highlighted()
        if index is None:
            self.notify("Add an exercise first (a).", severity="warning")
            return
        catalog = unpinch_app(self).workspace.catalog
        dose = catalog.dose_for(self.routine.items[index])
        editor = DoseEditor(self.exercise_name(index), dose)
        self.app.push_screen(editor, lambda new: self.dose_edited(index, new))

    @on(OptionList.OptionSelected, "#builder-items")
    def item_selected(self) -> None:
        """Enter (or a click) on an exercise edits its dose."""
        self.action_edit_dose()

    def dose_edited(self, index: int, dose: Dose | None) -> None:
        """Apply a dose from the editor (None means it was cancelled)."""
        if dose is not None and dose != unpinch_app(self).workspace.catalog.dose_for(
            self.routine.items[index]
        ):
            self.change(with_item_dose(self.routine, index, dose), index)

    def exercise_name(self, index: int) -> str:
        """The name of the exercise at ``index``."""
        catalog = unpinch_app(self).workspace.catalog
        return catalog.exercises[self.routine.items[index].exercise_id].name

    # -- saving, deleting, leaving -------------------------------------------------------

    def problem(self) -> str | None:
        """Why the routine cannot be saved yet, or None when it can."""
        if not self.routine.name.strip():
            return "Give the routine a name first (e)."
        twin = self.same_name()
        if twin is not None:
            return f"“{twin}” already has that name; rename this one (e)."
        if not self.routine.items:
            return "Add at least one exercise (a) before saving."
        if self.rest_refused is not None:
            return f"rest between exercises: {self.rest_refused}."
        if self.schedule_refused is not None:
            return f"schedule: {self.schedule_refused}."
        return None

    def same_name(self) -> str | None:
        """The name of another routine called the same (any case), or None."""
        wanted = self.routine.name.strip().casefold()
        own = self.routine.id if self.stored else None
        for other in unpinch_app(self).workspace.catalog.routines.values():
            if other.id != own and other.name.strip().casefold() == wanted:
                return other.name
        return None

    def action_save(self) -> bool:
        """Save to the store and refresh the catalogue; True when it was saved.

        If the routine was changed elsewhere since it was opened, nothing is
        written: the user is asked what to keep.
        """
        reason = self.problem()
        if reason is not None:
            self.notify(f"Not saved: {reason}", severity="error")
            return False
        routine = replace(self.routine, name=self.routine.name.strip(), builtin=False)
        if not self.stored:
            routine = replace(routine, id=new_routine_id(routine.name, self.taken_ids()))
        return self.store_routine(routine, self.opened_as)

    def store_routine(self, routine: Routine, expected: str) -> bool:
        """Write ``routine`` if the stored one is still at revision ``expected``; say so."""
        space = unpinch_app(self).workspace
        try:
            space.store.save_routine(routine_to_dict(routine), expected=expected)
        except RoutineChanged as changed:
            self.ask_about_conflict(routine, changed)
            return False
        except (StoreError, OSError) as error:
            self.notify(f"Could not save: {error}", severity="error", timeout=10)
            return False
        space.reload_routines()
        self.routine = self.baseline = routine
        self.stored = True
        box = self.query_one("#builder-name", Input)
        if box.value != shown(routine.name):
            box.value = shown(routine.name)
        self.opened_as = self.stored_revision(routine.id)
        self.query_one("#builder-note", Static).display = False
        self.show_status()
        self.notify(f"Saved “{routine.name}”.")
        return True

    def ask_about_conflict(self, routine: Routine, changed: RoutineChanged) -> None:
        """Ask whether to overwrite the other version, keep it, or save mine as a copy."""
        from unpinch.tui.screens.routine_conflict import ConflictAnswer, RoutineConflictScreen

        theirs = revision(changed.current)

        def answered(answer: ConflictAnswer) -> None:
            if answer == "overwrite":
                self.store_routine(routine, theirs)
            elif answer == "copy":
                name = f"{routine.name} (my copy)"[:80]
                copy = replace(routine, id=new_routine_id(name, self.taken_ids()), name=name)
                self.store_routine(copy, "")
            elif answer == "theirs":
                self.keep_theirs(routine.id)

        gone = changed.current is None
        self.app.push_screen(RoutineConflictScreen(routine.name, gone), answered)

    def keep_theirs(self, routine_id: str) -> None:
        """Drop my changes and show the version saved elsewhere (or close if it was deleted)."""
        space = unpinch_app(self).workspace
        space.reload_routines()
        if routine_id not in space.catalog.routines:
            self.notify("Kept the other version: the routine was deleted.")
            self.app.pop_screen()
            return
        self.load(routine_id)
        self.redraw(None)
        self.show_status()
        self.notify("Kept the other version; your changes were dropped.")

    def action_delete(self) -> None:
        """Ask, then delete the routine (or, if never saved, discard it) and go home."""
        if not self.stored:
            question, detail = "Discard this routine?", "It has not been saved."
        else:
            question, detail = f"Delete “{self.baseline.name}”?", "This cannot be undone."
        self.app.push_screen(ConfirmScreen(question, detail), self.delete_confirmed)

    def delete_confirmed(self, yes: bool | None) -> None:
        """Delete from the store on yes; stay on no."""
        if not yes:
            return
        if self.stored:
            space = unpinch_app(self).workspace
            try:
                space.store.delete_routine(self.baseline.id)
            except (StoreError, OSError) as error:
                self.notify(f"Could not delete: {error}", severity="error", timeout=10)
                return
            space.reload_routines()
            self.app.notify(f"Deleted “{self.baseline.name}”.")
        self.app.pop_screen()

    def action_leave(self) -> None:
        """Go back home, first asking to save when there are unsaved changes."""
        if not self.dirty:
            self.app.pop_screen()
            return
        self.app.push_screen(UnsavedScreen(self.routine.name or "This routine"), self.leave_answer)

    def leave_answer(self, answer: LeaveAnswer) -> None:
        """Save then leave, leave without saving, or stay."""
        if answer == "discard" or (answer == "save" and self.action_save()):
            self.app.pop_screen()
