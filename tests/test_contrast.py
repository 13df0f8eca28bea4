"""Every text colour the app's .tcss sets is readable on its background, in every theme.

The rules are read from the .tcss files themselves; each colour is resolved with
the variables of each theme the settings offer (as the app makes them, with its
``$readable-*`` colours) and checked against the rule's own background, or against
every background text sits on when the rule sets none. Text needs 4.5:1 (WCAG 2.1,
1.4.3); the big hold digits and the bars need 3:1 (large text, and graphics: 1.4.3
and 1.4.11). The ANSI themes are left out: the terminal's own palette picks their colours.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

from tests.pilot_helpers import make_rig
from unpinch.tui.contrast import LARGE_MINIMUM, TEXT_MINIMUM, backgrounds, parse, ratio

TUI = Path(__file__).resolve().parent.parent / "tui"
STYLESHEETS = sorted([*TUI.glob("*.tcss"), *(TUI / "styles").glob("*.tcss")])
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
LARGE = (
    "#timer-big",
    "#timer-digits",
    "#timer-bar",
    ".weekly-bars--bar",
    ".exercise-figure--",
)
"""Selectors drawn large (the block digits) or as graphics (bars, the figure's lines)."""


def rules() -> list[tuple[str, dict[str, str]]]:
    """Every rule of the app's stylesheets: its selector and its declarations."""
    found = []
    for sheet in STYLESHEETS:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        for selector, body in RULE.findall(text):
            declarations = dict(
                (name.strip(), value.strip())
                for name, _, value in (d.partition(":") for d in body.split(";") if ":" in d)
            )
            found.append((f"{sheet.name}: {' '.join(selector.split())}", declarations))
    return found


def themes() -> list[str]:
    """The themes the settings screen offers, but the ANSI ones."""
    app = make_rig(Path("/nonexistent/unpinch.json")).app
    return sorted(name for name in app.available_themes if not name.startswith("ansi"))


def theme_variables(theme: str) -> dict[str, str]:
    """The CSS variables the app makes for ``theme``."""
    app = make_rig(Path("/nonexistent/unpinch.json")).app
    app.theme = theme
    return app.get_css_variables()


def test_the_stylesheets_are_read() -> None:
    coloured = [selector for selector, d in rules() if "color" in d]
    assert len(STYLESHEETS) >= 8 and len(coloured) >= 40


@pytest.mark.parametrize("theme", themes())
def test_every_text_colour_is_readable_on_its_background(theme: str) -> None:
    variables = theme_variables(theme)
    anywhere = backgrounds(variables)
    failing = []
    for selector, declarations in rules():
        color = declarations.get("color")
        if color is None:
            continue
        value = declarations.get("background")
        behind = [parse(value, variables, base) for base in anywhere] if value else anywhere
        minimum = LARGE_MINIMUM if any(s in selector for s in LARGE) else TEXT_MINIMUM
        for back in behind:
            shown = ratio(parse(color, variables, back), back)
            if shown < minimum:
                failing.append(f"{selector} {color} on {back.hex}: {shown:.2f}:1")
                break
    assert not failing, "\n".join(failing)


XTERM_PALETTE = (
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
)  # fmt: skip
"""xterm's default 16 colours, as a TERM=xterm terminal shows the app's colours."""


def on_xterm(value: str) -> Color:
    """A CSS colour value as xterm draws it: downgraded to 16 colours, in its palette."""
    number = RichColor.parse(Color.parse(value).hex).downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return Color(*XTERM_PALETTE[number])


@pytest.mark.parametrize("theme", themes())
def test_the_highlighted_row_is_readable_with_16_colours(theme: str) -> None:
    app = make_rig(Path("/nonexistent/unpinch.json")).app
    app.few_colours = True  # what run_app sets where TERM=xterm gives 16 colours
    app.theme = theme
    variables = app.get_css_variables()
    back = on_xterm(variables["block-cursor-background"])
    text = on_xterm(variables["readable-cursor-text"])
    assert ratio(text, back) >= TEXT_MINIMUM, (text.hex, back.hex)
