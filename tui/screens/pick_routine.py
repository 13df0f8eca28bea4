"""A small modal that asks which of the user's routines an exercise goes into, or a new one.

Built-in routines are read-only, so only the user's own are listed, followed
by "New routine…", which asks for a name in the same box.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from unpinch.library.builder import check_name
from unpinch.library.record import Record, record
from unpinch.tui.plain import plain
from unpinch.tui.screens.footer import compact_footer

NEW_OPTION = "new-routine"
"""The option id of "New routine…" (never a valid routine id: ids come from the store)."""

DEFAULT_NAME = "My routine"


@record
class Pick(Record):
    """The answer: an existing routine's id, or the name for a new routine."""

    routine_id: str | None = None
    new_name: str | None = None


def suggested_name(taken_names: Collection[str]) -> str:
    """A name for a new routine that none of the user's routines has yet."""
    name, number = DEFAULT_NAME, 2
    while name in taken_names:
        name, number = f"{DEFAULT_NAME} {number}", number + 1
    return name


class PickRoutineScreen(ModalScreen[Pick | None]):
    """Choose a routine with ↑/↓ and Enter; "New routine…" then asks for its name."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="pick.cancel"),
    ]

    def __init__(self, exercise_name: str, routines: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.exercise_name = exercise_name
        self.routines = list(routines)

    def compose(self) -> ComposeResult:
        """The question, the routines, and a name field that shows when "New" is chosen."""
        options = [Option(plain(name), id=routine_id) for routine_id, name in self.routines]
        options.append(Option("New routine…", id=NEW_OPTION))
        with Vertical(id="pick-box"):
            yield Static(plain(f"Add {self.exercise_name} to…"), classes="box-title")
            yield OptionList(*options, id="pick-list")
            yield Static("Name of the new routine:", id="pick-name-label", classes="-hidden")
            yield Input(
                suggested_name({name for _, name in self.routines}),
                id="pick-name",
                classes="-hidden",
                compact=True,
            )
            yield Static("Enter: choose    Esc: cancel", id="pick-hint", classes="box-hint")
        yield compact_footer()

    def on_mount(self) -> None:
        """Start on the first routine."""
        self.query_one("#pick-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """An existing routine answers at once; "New routine…" asks for a name."""
        if event.option.id == NEW_OPTION:
            self.ask_name(True)
        elif event.option.id is not None:
            self.dismiss(Pick(routine_id=event.option.id))

    @on(Input.Submitted, "#pick-name")
    def named(self, event: Input.Submitted) -> None:
        """Answer with the typed name, refusing a blank one."""
        name = event.value.strip()
        problem = check_name(name)
        if problem is not None:
            self.query_one("#pick-hint", Static).update(f"The {problem}.    Esc: back")
            return
        self.dismiss(Pick(new_name=name))

    def ask_name(self, asking: bool) -> None:
        """Show the name field and focus it, or hide it and go back to the list."""
        for widget in self.query("#pick-name-label, #pick-name"):
            widget.set_class(not asking, "-hidden")
        hint = "Enter: create    Esc: back" if asking else "Enter: choose    Esc: cancel"
        self.query_one("#pick-hint", Static).update(hint)
        self.query_one("#pick-name" if asking else "#pick-list").focus()

    def action_cancel(self) -> None:
        """Escape leaves the name field first, then closes without adding anything."""
        if not self.query_one("#pick-name", Input).has_class("-hidden"):
            self.ask_name(False)
            return
        self.dismiss(None)
