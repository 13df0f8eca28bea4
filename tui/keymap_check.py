"""Find keymap entries in the config file whose binding id no binding has.

Textual ignores such an entry, so a typo ("home.histroy") would rebind nothing
without a word. The check imports every screen and widget module to see all
bindings, so the app runs it a moment after start, not before the first paint.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode

from unpinch.library.config import Config

PACKAGES = ("unpinch.tui.screens", "unpinch.tui.widgets")
"""Where every screen and widget with bindings lives."""


def import_all() -> None:
    """Import every module of the screen and widget packages."""
    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{name}.{module.name}")


def subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    """``cls`` and every class that inherits from it, once each."""
    seen: set[type[DOMNode]] = set()
    stack = [cls]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        stack.extend(current.__subclasses__())


def known_binding_ids() -> set[str]:
    """Every binding id declared by the app, its screens and widgets (and Textual's own)."""
    import_all()
    ids: set[str] = set()
    for cls in subclasses(DOMNode):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def unknown_ids(config: Config, known: set[str]) -> list[str]:
    """One line per keymap entry whose id no binding has, naming the file and line."""
    return [
        f"{config.path}:{config.keymap_lines.get(binding_id, 1)}: keymap.{binding_id}: "
        "no binding has this id, so it changes nothing"
        for binding_id in config.keymap
        if binding_id not in known
    ]
