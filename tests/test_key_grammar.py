"""The app's key grammar holds on every screen: walk every BINDINGS list and check it.

A key means one thing everywhere (the row of ``unpinch.tui.key_grammar.GRAMMAR``
that holds it names the bindings allowed to use it), every screen closes with
Esc and q, and README's keys table says what the grammar says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

import unpinch.tui.app
from unpinch.tui.key_grammar import GRAMMAR, rule_for
from unpinch.tui.keymap_check import import_all, subclasses
from unpinch.tui.screens.base import UnpinchScreen
from unpinch.tui.screens.home import HomeScreen
from unpinch.tui.widgets.pain_scale import ChoiceRow, PainScale

README = Path(__file__).resolve().parent.parent / "README.md"
ANSWER_WIDGETS = (ChoiceRow, PainScale)
"""Rows of a question box: their letters are the answers shown on them."""


def as_binding(entry: BindingType) -> Binding:
    """A BINDINGS entry as a Binding (a tuple is its short form)."""
    return entry if isinstance(entry, Binding) else Binding(*entry)


def own_classes() -> Iterator[type[DOMNode]]:
    """Every class of the app's own (screens, widgets, the app) that declares bindings."""
    import_all()
    assert unpinch.tui.app.UnpinchApp.BINDINGS  # the app class is imported, so it is seen
    for cls in subclasses(DOMNode):
        if cls.__module__.startswith("unpinch.") and cls.__dict__.get("BINDINGS"):
            yield cls


def is_question(cls: type[DOMNode]) -> bool:
    """True for a box that asks something, and for the rows inside one."""
    return issubclass(cls, ModalScreen) or issubclass(cls, ANSWER_WIDGETS)


def command_bindings() -> Iterator[tuple[type[DOMNode], Binding]]:
    """Each binding of the app's screens and widgets outside question boxes."""
    for cls in own_classes():
        if not is_question(cls):
            for entry in cls.__dict__["BINDINGS"]:
                yield cls, as_binding(entry)


def keys_of(cls: type[DOMNode]) -> dict[str, Binding]:
    """Every key a screen class binds, its own and its base classes', to its binding."""
    keys: dict[str, Binding] = {}
    for base in reversed(cls.__mro__):
        for entry in base.__dict__.get("BINDINGS", ()):
            binding = as_binding(entry)
            for key in binding.key.split(","):
                keys[key.strip()] = binding
    return keys


def test_every_key_has_one_meaning_on_every_screen() -> None:
    wrong = []
    checked = 0
    for cls, binding in command_bindings():
        for key in binding.key.split(","):
            found = rule_for(key.strip())
            checked += 1
            if found is None or binding.id not in found.ids:
                said = found.meaning if found else "nothing"
                wrong.append(f"{cls.__name__}: {key} -> {binding.id} (the grammar says: {said})")
    assert checked > 80
    assert not wrong, "\n".join(wrong)


def test_no_key_has_two_rows_and_every_row_is_used() -> None:
    keys = [key for row in GRAMMAR for key in row.keys]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    used = {binding.id for _, binding in command_bindings()}
    stale = sorted(i for row in GRAMMAR for i in row.ids if i not in used)
    assert not stale, stale


def test_every_screen_closes_with_escape_and_q() -> None:
    screens = [cls for cls in own_classes() if issubclass(cls, Screen) and cls is not UnpinchScreen]
    assert len(screens) > 20
    missing = []
    for cls in screens:
        keys = keys_of(cls)
        wanted = ("q",) if cls is HomeScreen else ("escape", "q")  # Esc never quits the app
        missing += [f"{cls.__name__}: {key}" for key in wanted if key not in keys]
        both = "escape" in keys and "q" in keys
        if issubclass(cls, ModalScreen) and both and keys["escape"].action != keys["q"].action:
            missing.append(f"{cls.__name__}: Esc and q answer differently")
    assert not missing, missing


def test_readme_keys_table_is_the_grammar() -> None:
    readme = README.read_text(encoding="utf-8")
    absent = [
        f"| {row.shown} | {row.meaning} |"
        for row in GRAMMAR
        if f"| {row.shown} | {row.meaning} |" not in readme
    ]
    assert not absent, "\n".join(absent)
