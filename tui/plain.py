"""User text in the full-screen app: always a ``rich.text.Text``, never markup, never controls.

A routine name such as ``[@click=app.quit]Click me[/]`` would be a clickable
action if it reached a widget as a markup string, and ``[/]`` would end the
player with a ``MarkupError``; a name holding ESC would reach the terminal. So
every widget that shows text from a file, the store or a person gets it
through :func:`plain`, which makes controls visible with
:func:`unpinch.library.plain_text.shown` and wraps the result in a ``Text``,
which Textual never parses.
"""

from __future__ import annotations

from rich.text import Text

from unpinch.library.plain_text import shown

__all__ = ["plain", "plain_line"]


def plain(text: object, style: str = "") -> Text:
    """Text for a widget, shown exactly as written: line breaks kept, controls made visible."""
    return Text(shown(str(text), lines=True), style=style)


def plain_line(text: object) -> str:
    """One line of data for building a larger ``Text`` (controls and line breaks visible)."""
    return shown(str(text))
