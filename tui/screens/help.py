"""The keys, listed from the bindings of the screen it was opened from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from unpinch.tui.screens.footer import compact_footer

SAFETY_LINE = (
    "Stop any exercise that sends pain further down your leg, and check with a doctor "
    "or physiotherapist before starting."
)


def keys_table(bindings: list[Binding]) -> Table:
    """A two-column table of key and what it does, one row per described action."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    seen: dict[str, list[str]] = {}
    for binding in bindings:
        if binding.description:
            keys = seen.setdefault(binding.tooltip or binding.description, [])
            keys.append(binding.key_display or binding.key)
    for description, keys in seen.items():
        table.add_row(" / ".join(dict.fromkeys(keys)), description)
    return table


def rebound(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings with the keys the config file's [keymap] gives them, by binding id.

    Textual applies the keymap to the live bindings (the footer shows those);
    lists built from a screen's ``BINDINGS`` go through here to show the same keys.
    """
    out: list[Binding] = []
    for binding in bindings:
        keys = keymap.get(binding.id) if binding.id else None
        if keys:
            display = " / ".join(k.strip() for k in keys.split(","))
            binding = binding.with_key(key=keys, key_display=display)
        out.append(binding)
    return out


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of Escape, ? or q closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, bindings: list[Binding] | None = None) -> None:
        super().__init__()
        self.listed = bindings or []

    def compose(self) -> ComposeResult:
        """A bordered box with the keys and the one safety reminder."""
        with Vertical(id="help-box"):
            yield Static("Keys", classes="box-title")
            keymap: Mapping[str, str] = getattr(self.app, "user_keymap", {})
            with VerticalScroll(id="help-keys"):
                yield Static(keys_table(rebound(self.listed, keymap)))
            yield Static(SAFETY_LINE, id="help-safety")
            yield Static("Esc closes · ctrl+p opens the command palette", classes="box-hint")
        yield compact_footer()

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)
