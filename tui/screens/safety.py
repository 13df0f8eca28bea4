"""Safety: when to stop and see a clinician, and the activities the library says to avoid."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from unpinch.library.describe import source_titles
from unpinch.library.model import Catalog
from unpinch.tui.context import unpinch_app
from unpinch.tui.screens.base import UnpinchScreen

SEE_SOMEONE_NOW = (
    "Weakness in a leg that is getting worse, or a foot that starts to drag",
    "Trouble controlling your bladder or bowels, or not being able to pass water",
    "Numbness in the groin, between the legs or down the inner thighs",
    "A fever as well as back pain, or feeling generally unwell with it",
    "Pain that started after a fall, an accident or another injury",
)
"""Warning signs that need a clinician promptly rather than exercise."""

STOP_THE_EXERCISE = (
    "Pain travels further down the leg, or tingling or numbness spreads",
    "An exercise brings on sharp pain rather than a gentle stretch",
    "Pain keeps getting worse from one session to the next",
)
"""Signs to stop exercising and check with a doctor or physical therapist."""


def safety_text(catalog: Catalog) -> Text:
    """The whole safety page as styled text: warning signs, then what to avoid and why."""
    text = Text()
    text.append("See a doctor straight away if you notice:\n", style="bold")
    for line in SEE_SOMEONE_NOW:
        text.append(f"  • {line}\n")
    text.append("\nStop the exercise and check with a clinician if:\n", style="bold")
    for line in STOP_THE_EXERCISE:
        text.append(f"  • {line}\n")
    text.append(
        "\nThis program guides exercise; it does not diagnose. Mark an exercise with ! when "
        "it hurts and it will be flagged next time.\n",
        style="italic",
    )
    text.append("\nWhile sciatica is healing, avoid:\n", style="bold")
    for avoid in catalog.avoid:
        text.append(f"\n{avoid.name}\n", style="bold")
        text.append(f"  Why: {avoid.reason}\n")
        text.append(f"  Instead: {avoid.instead}\n")
        titles = "; ".join(source_titles(catalog, avoid.sources))
        text.append(f"  Source: {titles}\n", style="dim")
    return text


class SafetyScreen(UnpinchScreen):
    """A scrollable page of warning signs and activities to avoid; Escape goes back."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", key_display="esc", id="safety.back"),
        Binding("down,j", "scroll(1)", "Scroll", key_display="↓/↑", id="safety.down"),
        Binding("up,k", "scroll(-1)", "", show=False, id="safety.up"),
    ]

    def compose(self) -> ComposeResult:
        """A title line, the page, the footer."""
        yield Static("Safety: when to stop", id="safety-title")
        with VerticalScroll(id="safety-page"):
            yield Static(id="safety-body")
        yield self.compact_footer()

    def on_mount(self) -> None:
        """Fill the page from the library."""
        body = safety_text(unpinch_app(self).workspace.catalog)
        self.query_one("#safety-body", Static).update(body)
        self.query_one("#safety-page").focus()

    def action_scroll(self, lines: int) -> None:
        """Scroll the page by a few lines."""
        self.query_one("#safety-page", VerticalScroll).scroll_relative(y=lines * 3, animate=False)
