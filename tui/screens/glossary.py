"""The glossary: the library's jargon, each word explained once, opened from the library."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from unpinch.library.describe import source_titles
from unpinch.library.model import Catalog
from unpinch.tui.context import unpinch_app
from unpinch.tui.screens.footer import compact_footer


def glossary_text(catalog: Catalog) -> Text:
    """Every term in bold with its meaning below and the articles that use it, dimmed."""
    text = Text()
    for number, term in enumerate(catalog.glossary):
        if number:
            text.append("\n")
        text.append(f"{term.term}\n", style="bold")
        text.append(f"  {term.meaning}\n")
        if term.sources:
            titles = "; ".join(source_titles(catalog, term.sources))
            text.append(f"  Used in: {titles}\n", style="dim")
    return text


class GlossaryScreen(Screen[None]):
    """A scrollable list of terms and what they mean; Escape goes back to the library."""

    BINDINGS = [
        Binding("escape,q,g", "back", "Back", key_display="esc", id="glossary.back"),
        Binding("down,j", "scroll(1)", "Scroll", key_display="↓/↑", id="glossary.down"),
        Binding("up,k", "scroll(-1)", "", show=False, id="glossary.up"),
    ]

    def compose(self) -> ComposeResult:
        """A title line, the terms, the footer."""
        yield Static("Glossary: the words the library uses", id="glossary-title")
        with VerticalScroll(id="glossary-page"):
            yield Static(id="glossary-body")
        yield compact_footer()

    def on_mount(self) -> None:
        """Fill the page from the library."""
        body = glossary_text(unpinch_app(self).workspace.catalog)
        self.query_one("#glossary-body", Static).update(body)
        self.query_one("#glossary-page").focus()

    def action_scroll(self, lines: int) -> None:
        """Scroll the page by a few lines."""
        page = self.query_one("#glossary-page", VerticalScroll)
        page.scroll_relative(y=lines * 3, animate=False)

    def action_back(self) -> None:
        """Back to the library."""
        self.dismiss()
