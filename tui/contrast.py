"""Readable text colours for every theme: contrast ratios and the ``$readable-*`` variables.

A theme's accent, warning or success colour is chosen to be seen, not read: the
orange accent of ``textual-light`` is 1.5:1 on its own background. The app's
``.tcss`` files colour text with ``$readable-accent`` and its siblings instead,
which :func:`readable_variables` makes from the theme's colour, moved toward
black or white just far enough to reach :data:`TEXT_MINIMUM` (WCAG 2.1, 1.4.3)
on every background text sits on. Large digits and bars need
:data:`LARGE_MINIMUM` (WCAG 1.4.3 for large text, 1.4.11 for graphics).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.color import Color

TEXT_MINIMUM = 4.5
LARGE_MINIMUM = 3.0
WHITE = Color(255, 255, 255)
BLACK = Color(0, 0, 0)

READABLE: Mapping[str, tuple[str, float, str | None]] = {
    "readable-accent": ("accent", TEXT_MINIMUM, None),
    "readable-primary": ("primary", TEXT_MINIMUM, None),
    "readable-success": ("success", TEXT_MINIMUM, None),
    "readable-warning": ("warning", TEXT_MINIMUM, None),
    "readable-error": ("error", TEXT_MINIMUM, None),
    "readable-secondary": ("text-secondary", TEXT_MINIMUM, None),
    "readable-muted": ("text-muted", TEXT_MINIMUM, None),
    "readable-disabled": ("text-disabled", LARGE_MINIMUM, None),
    "readable-cursor-text": ("block-cursor-foreground", TEXT_MINIMUM, "block-cursor-background"),
}
"""Each variable the app adds: the theme variable it starts from, the ratio it needs, and
the one background it sits on (None: every background of :func:`backgrounds`)."""

FEW_COLOURS: Mapping[str, str] = {
    "block-cursor-background": "#000080",
    "block-cursor-foreground": "#FFFFFF",
    "block-cursor-blurred-background": "#303030",
    "block-cursor-blurred-foreground": "#FFFFFF",
    "readable-cursor-text": "#FFFFFF",
}
"""The highlight on a terminal of 8 or 16 colours (``TERM=xterm``): the theme's blue cursor
comes out as the terminal's cyan there, under white text (2:1 in xterm's palette). These
come out as the terminal's blue (colour 4) under bright white (15), apart in every common
palette, and bright black (8) for a highlight without focus."""

BASES = ("background", "surface", "panel")
"""The backgrounds text sits on; ``$boost`` is laid over each of them as well."""


def luminance(color: Color) -> float:
    """The relative luminance of an opaque colour, as WCAG 2.1 defines it."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def ratio(one: Color, other: Color) -> float:
    """The WCAG contrast ratio of two opaque colours, from 1 to 21."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(color: Color, base: Color) -> Color:
    """``color`` as it shows laid over ``base`` (its alpha blended away)."""
    return base.blend(color.with_alpha(1.0), color.a) if color.a < 1 else color


def parse(value: str, variables: Mapping[str, str], behind: Color = BLACK) -> Color:
    """A CSS colour value resolved with a theme's variables, as it shows over ``behind``.

    Takes "#abc", "$accent", "$accent 30%" and "auto 60%" (Textual's black or white,
    whichever stands out on the background, at that opacity).
    """
    name, _, percent = value.strip().partition(" ")
    if name.startswith("$"):
        inner, _, inner_percent = variables[name[1:]].strip().partition(" ")
        name, percent = inner, percent or inner_percent
    alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
    if name == "auto":
        return over(behind.get_contrast_text(alpha), behind)
    return over(Color.parse(name).multiply_alpha(alpha), behind)


def backgrounds(variables: Mapping[str, str]) -> list[Color]:
    """Every background the app's text sits on in a theme: the bases, and $boost over each."""
    page = parse("$background", variables)
    bases = [parse(f"${name}", variables, page) for name in BASES]
    return [*bases, *(parse("$boost", variables, base) for base in bases)]


def readable(color: Color, behind: Iterable[Color], minimum: float) -> Color:
    """``color``, moved toward black or white by the least that reaches ``minimum`` on all.

    It moves first away from the backgrounds' average lightness, then the other
    way; when neither reaches ``minimum``, black or white, whichever is better.
    """
    behind = list(behind)

    def worst(candidate: Color) -> float:
        return min(ratio(candidate, back) for back in behind)

    if worst(color) >= minimum:
        return color
    average = sum(luminance(back) for back in behind) / len(behind)
    targets = (BLACK, WHITE) if average > 0.18 else (WHITE, BLACK)
    for target in targets:
        for step in range(1, 21):
            moved = color.blend(target, step / 20)
            if worst(moved) >= minimum:
                return moved
    return max(targets, key=worst)


def readable_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The ``$readable-*`` variables for a theme's variables, as hex colours."""
    if variables["background"].startswith("ansi"):  # the terminal's own palette decides
        return {name: variables[source] for name, (source, _, _) in READABLE.items()}
    anywhere = backgrounds(variables)
    made = {}
    for name, (source, minimum, on) in READABLE.items():
        behind = anywhere if on is None else [parse(f"${on}", variables, anywhere[0])]
        start = parse(f"${source}", variables, behind[0])
        made[name] = readable(start, behind, minimum).hex
    return made
