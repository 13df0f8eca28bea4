"""Before playing: exercises that hurt last time, and an easier variant for this session.

Only the session being started changes: the routine itself is left as the
user saved it, and the swap is recorded in the session (``swaps``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from unpinch.library.workout import EasierOffer
from unpinch.tui.screens.footer import compact_footer


class HeadsUpScreen(ModalScreen[dict[str, str]]):
    """Ask, one exercise at a time, whether to play the easier variant this time.

    Dismisses with the chosen swaps, {exercise_id: easier_id} (empty for none).
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Easier", id="heads_up.yes", tooltip="Use the easier one"),
        Binding("n,enter", "answer(False)", "Keep", id="heads_up.no", tooltip="Keep as planned"),
        Binding("escape,q", "keep_all", "Keep all", key_display="esc", id="heads_up.keep_all"),
    ]

    def __init__(
        self,
        offers: Sequence[EasierOffer],
        spread: str | None = None,
        marked: Sequence[str] = (),
    ) -> None:
        """``spread`` says the symptoms spread last time; ``marked`` are the ids that hurt."""
        super().__init__()
        self.offers = list(offers)
        self.spread = spread
        self.marked = set(marked)
        self.at = 0
        self.swaps: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """The flag, the question for the first offer, and the keys."""
        with Vertical(id="heads-up-box"):
            title = "⚑ Go easier this time" if self.spread else "⚑ Some exercises hurt last time"
            yield Static(title, classes="box-title")
            if self.spread:
                yield Static(self.spread, id="heads-up-spread")
            yield Static(id="heads-up-question")
            yield Static(
                "y: easier one this time    n / Enter: keep it    Esc: keep all",
                classes="box-hint",
            )
        yield compact_footer()

    def on_mount(self) -> None:
        """Ask the first question."""
        self.ask()

    def ask(self) -> None:
        """Show the current offer (or, with none, how to go on)."""
        if not self.offers:
            self.query_one("#heads-up-question", Static).update("Press Enter to start.")
            return
        offer = self.offers[self.at]
        count = f" ({self.at + 1} of {len(self.offers)})" if len(self.offers) > 1 else ""
        why = "hurt last time" if offer.exercise_id in self.marked else "has an easier variant"
        self.query_one("#heads-up-question", Static).update(
            Text(f"“{offer.name}” {why}{count}.\nUse “{offer.easier_name}” instead this time? y/n")
        )

    def action_answer(self, easier: bool) -> None:
        """Note the answer and ask the next question, or close after the last."""
        if not self.offers:
            self.dismiss(self.swaps)
            return
        if easier:
            offer = self.offers[self.at]
            self.swaps[offer.exercise_id] = offer.easier_id
        self.at += 1
        if self.at >= len(self.offers):
            self.dismiss(self.swaps)
        else:
            self.ask()

    def action_keep_all(self) -> None:
        """Keep the rest as planned."""
        self.dismiss(self.swaps)
