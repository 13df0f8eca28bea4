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

EMERGENCY_TODAY = (
    "New trouble passing water, or controlling your bladder or bowels",
    "Numbness in the saddle area: the groin, between the legs, around the back passage",
    "New problems with sexual function, such as lost feeling or erection",
    "Sciatica in both legs at once",
    "Weakness in a leg that is getting worse, or a foot that starts to drag",
)
"""Signs of pressure on the nerves at the base of the spine: emergency care the same day."""

EMERGENCY_HEADING = "Go to emergency care today (A&E, or call 999, 112 or 911) if you have:\n"
"""The heading of the most urgent list: same-day care, not an appointment."""

SEE_A_DOCTOR_SOON = (
    "A history of cancer, or weight loss you cannot explain",
    "Pain that is unrelenting at night and does not ease when you rest or change position",
    "A fever as well as back pain, or feeling generally unwell with it",
    "Pain that started after a fall, an accident or another injury",
)
"""Signs that need a doctor's assessment within days, before more exercise."""

STOP_THE_EXERCISE = (
    "Pain travels further down the leg, or tingling or numbness spreads",
    "An exercise brings on sharp pain rather than a gentle stretch",
    "Pain keeps getting worse from one session to the next",
)
"""Signs to stop exercising and check with a doctor or physiotherapist."""

GUIDELINE = (
    'Warning signs from NICE guideline NG59, "Low back pain and sciatica in over 16s: '
    'assessment and management", and the red-flag lists clinicians use with it.'
)
"""Where the warning signs come from: the articles do not list them."""


def bullets(text: Text, heading: str, lines: tuple[str, ...]) -> None:
    """Append a bold heading and one bullet per line."""
    text.append(heading, style="bold")
    for line in lines:
        text.append(f"  • {line}\n")


def safety_text(catalog: Catalog) -> Text:
    """The whole safety page as styled text: warning signs, then what to avoid and why."""
    text = Text()
    bullets(text, EMERGENCY_HEADING, EMERGENCY_TODAY)
    bullets(text, "\nSee a doctor within days, before exercising more, if:\n", SEE_A_DOCTOR_SOON)
    bullets(text, "\nStop the exercise and check with a clinician if:\n", STOP_THE_EXERCISE)
    text.append(f"\n{GUIDELINE}\n", style="dim")
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
