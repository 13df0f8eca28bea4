"""Where each screen reached from home lives, so home needs no import of every screen.

Screens are imported when first opened, which keeps start-up quick.
"""

from __future__ import annotations

import importlib

from textual.app import App
from textual.screen import Screen

SCREENS: dict[str, tuple[str, str]] = {
    "history": ("unpinch.tui.screens.history", "HistoryScreen"),
    "library": ("unpinch.tui.screens.library_browser", "LibraryScreen"),
    "create": ("unpinch.tui.screens.builder", "BuilderScreen"),
    "edit": ("unpinch.tui.screens.builder", "BuilderScreen"),
    "settings": ("unpinch.tui.screens.settings", "SettingsScreen"),
    "safety": ("unpinch.tui.screens.safety", "SafetyScreen"),
}
"""Screen name -> (module, class). Builder screens take the routine id to edit or copy."""


def make_screen(name: str, routine_id: str | None) -> Screen[object]:
    """Build the named screen; "edit" gets the highlighted routine's id, "create" gets None."""
    module_name, class_name = SCREENS[name]
    screen_class = getattr(importlib.import_module(module_name), class_name)
    if name == "edit":
        return screen_class(routine_id)  # type: ignore[no-any-return]
    if name == "create":
        return screen_class(None)  # type: ignore[no-any-return]
    return screen_class()  # type: ignore[no-any-return]


def open_screen(app: App[object], name: str, routine_id: str | None) -> None:
    """Push the named screen, or say plainly that it is not there yet."""
    try:
        screen = make_screen(name, routine_id)
    except ModuleNotFoundError:
        app.notify(f"The {name} screen is not available in this version.", severity="warning")
        return
    app.push_screen(screen)
