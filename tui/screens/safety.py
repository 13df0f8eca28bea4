"""Safety: when to stop and see a clinician, and the activities the library says to avoid."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from unpinch.library.describe import source_titles
from unpinch.library.model import Catalog
from unpinch.tui.context import unpinch_app
from unpinch.tui.screens.base import UnpinchScreen
from unpinch.tui.screens.footer import compact_footer

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


BULLET = "  • "
INDENT = " " * len(BULLET)
"""Where a bullet's wrapped lines start: under its first word, not at the margin."""


def hanging(line: str, first: str, width: int | None) -> str:
    """``line`` after ``first``, wrapped to ``width`` with later lines under its first word.

    Without a width the line is left whole (the terminal then wraps it wherever).
    """
    if width is None:
        return f"{first}{line}\n"
    rest = " " * len(first)
    wrapped = textwrap.wrap(
        line, max(width, len(first) + 10), initial_indent=first, subsequent_indent=rest
    )
    return "\n".join(wrapped) + "\n"


def bullets(text: Text, heading: str, lines: tuple[str, ...], width: int | None) -> None:
    """Append a bold heading and one bullet per line, each with a hanging indent."""
    text.append(heading, style="bold")
    for line in lines:
        text.append(hanging(line, BULLET, width))


def safety_text(catalog: Catalog, width: int | None = None) -> Text:
    """The whole safety page as styled text: warning signs, then what to avoid and why.

    With a ``width`` the bullets and the "Why" and "Instead" lines are wrapped to
    it with a hanging indent, so each item's wrapped lines stay under its text.
    """
    text = Text()
    bullets(text, EMERGENCY_HEADING, EMERGENCY_TODAY, width)
    soon = "\nSee a doctor within days, before exercising more, if:\n"
    bullets(text, soon, SEE_A_DOCTOR_SOON, width)
    bullets(text, "\nStop the exercise and check with a clinician if:\n", STOP_THE_EXERCISE, width)
    text.append(f"\n{GUIDELINE}\n", style="dim")
    text.append(
        "\nThis program guides exercise; it does not diagnose. Mark an exercise with ! when "
        "it hurts and it will be flagged next time.\n",
        style="italic",
    )
    text.append("\nWhile sciatica is healing, avoid:\n", style="bold")
    for avoid in catalog.avoid:
        text.append(f"\n{avoid.name}\n", style="bold")
        text.append(hanging(avoid.reason, "  Why: ", width))
        text.append(hanging(avoid.instead, "  Instead: ", width))
        titles = "; ".join(source_titles(catalog, avoid.sources))
        text.append(hanging(titles, "  Source: ", width), style="dim")
    return text


class SafetyPage(Widget):
    """The safety page's text, wrapped to the widget's width with hanging indents."""

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog

    def render(self) -> Text:
        """The page at the current width."""
        return safety_text(self.catalog, self.content_size.width or None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the page takes at ``width``."""
        return len(safety_text(self.catalog, width).plain.splitlines())


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
            yield SafetyPage(unpinch_app(self).workspace.catalog, id="safety-body")
        yield compact_footer()

    def on_mount(self) -> None:
        """Put the focus on the page, so the arrows scroll it."""
        self.query_one("#safety-page").focus()

    def action_scroll(self, lines: int) -> None:
        """Scroll the page by a few lines."""
        self.query_one("#safety-page", VerticalScroll).scroll_relative(y=lines * 3, animate=False)
