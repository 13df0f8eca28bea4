"""Small inline SVG charts for the clinician report: bars, lines and a step chart.

Each chart is a self-contained ``<svg>`` string with a fixed view box that scales to the page
width, its own title and axis labels as text (so they print and can be read by a screen
reader), and no scripts. Every series has a colour of its own, listed in :data:`COLOURS`, so a
printed page can be checked for each chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from unpinch.library.record import Record, record

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 24, 34
"""The view box and the margins around the plotting area."""

COLOURS = {
    "sessions": "#2b6cb0",
    "minutes": "#2f855a",
    "leg": "#c53030",
    "back": "#6b46c1",
    "reach": "#b7791f",
    "target": "#1a202c",
}
"""One colour per series, used for the bars, lines and their legend swatches."""


@record
class Series(Record):
    """One named line of values; None leaves a gap."""

    key: str
    label: str
    values: Sequence[float | None]


def _x(index: int, count: int) -> float:
    """The horizontal centre of slot ``index`` of ``count``."""
    span = WIDTH - LEFT - RIGHT
    return LEFT + span * (index + 0.5) / max(count, 1)


def _y(value: float, top: float) -> float:
    """The vertical position of ``value`` on an axis from 0 to ``top``."""
    span = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - span * (value / top if top else 0)


def _frame(title: str, body: list[str], top: float, labels: Sequence[str], unit: str) -> str:
    """Wrap chart marks in an SVG with a y axis (0, half, top), x labels and a title."""
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for value in (0, top / 2, top):
        y = _y(value, top)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(value)}</text>')
    parts.append(
        f'<text x="{LEFT - 6}" y="11" text-anchor="end" class="unit">{escape(unit)}</text>'
    )
    parts.extend(body)
    parts.extend(_x_labels(labels))
    parts.append("</svg>")
    return "".join(parts)


def _num(value: float) -> str:
    """A tick label: whole numbers without a decimal point."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _x_labels(labels: Sequence[str]) -> list[str]:
    """At most eight evenly spread labels under the x axis."""
    count = len(labels)
    if not count:
        return []
    step = max(1, -(-count // 8))
    return [
        f'<text x="{_x(i, count):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
        f"{escape(labels[i])}</text>"
        for i in range(0, count, step)
    ]


def bar_chart(
    title: str,
    key: str,
    labels: Sequence[str],
    values: Sequence[float],
    unit: str,
    target: float | None = None,
) -> str:
    """Bars, one per label, with an optional dashed target line (the schedule's minimum)."""
    top = _nice_top(max([*values, target or 0, 1]))
    count = len(values)
    width = max(1.0, (WIDTH - LEFT - RIGHT) / max(count, 1) * 0.7)
    body = []
    for i, value in enumerate(values):
        y = _y(value, top)
        body.append(
            f'<rect x="{_x(i, count) - width / 2:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{HEIGHT - BOTTOM - y:.1f}" fill="{COLOURS[key]}"/>'
        )
    if target is not None:
        y = _y(target, top)
        body.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{COLOURS["target"]}" stroke-dasharray="6 4" stroke-width="1.5"/>'
        )
    return _frame(title, body, top, labels, unit)


def line_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], top: float, unit: str
) -> str:
    """Lines with a dot at every value; a None value breaks the line."""
    body = []
    for line in series:
        body.extend(_line_marks(line, len(labels), top))
    return _frame(title, body, top, labels, unit)


def _line_marks(line: Series, count: int, top: float) -> list[str]:
    """The polylines (split at gaps) and dots of one series."""
    colour = COLOURS[line.key]
    runs: list[list[str]] = [[]]
    dots = []
    for i, value in enumerate(line.values):
        if value is None:
            runs.append([])
            continue
        point = f"{_x(i, count):.1f},{_y(value, top):.1f}"
        runs[-1].append(point)
        dots.append(f'<circle cx="{point.split(",")[0]}" cy="{point.split(",")[1]}" r="3" ')
    marks = [
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        for run in runs
        if len(run) > 1
    ]
    marks += [f'{dot}fill="{colour}"/>' for dot in dots]
    return marks


def step_chart(
    title: str, labels: Sequence[str], levels: Sequence[int | None], names: Sequence[str]
) -> str:
    """Where the pain reaches over time: level 0 at the top (the spine) down to the foot.

    Drawn as filled squares on a grid whose rows are named, so "further down the leg" is lower
    on the page, as on a body.
    """
    count = len(levels)
    rows = len(names)
    row_h = (HEIGHT - TOP - BOTTOM) / rows
    body = []
    for r, name in enumerate(names):
        y = TOP + row_h * (r + 0.5)
        body.append(
            f'<line x1="{LEFT + 40}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" class="grid"/>'
        )
        body.append(
            f'<text x="{LEFT + 34}" y="{y + 4:.1f}" text-anchor="end">{escape(name)}</text>'
        )
    size = max(2.0, min(10.0, (WIDTH - LEFT - RIGHT - 40) / max(count, 1) * 0.8))
    for i, level in enumerate(levels):
        if level is None:
            continue
        x = LEFT + 40 + (WIDTH - LEFT - RIGHT - 40) * (i + 0.5) / max(count, 1)
        y = TOP + row_h * (level + 0.5)
        body.append(
            f'<rect x="{x - size / 2:.1f}" y="{y - size / 2:.1f}" width="{size:.1f}" '
            f'height="{size:.1f}" fill="{COLOURS["reach"]}"/>'
        )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        *body,
        *_x_labels(labels),
        "</svg>",
    ]
    return "".join(parts)


def _nice_top(value: float) -> float:
    """A round axis top at or above ``value``: 1, 2, 5, 10, 20, 50 and so on."""
    top = 1.0
    while top < value:
        for factor in (2, 2.5, 2):
            top *= factor
            if top >= value:
                break
    return top


def legend(keys: Sequence[tuple[str, str]]) -> str:
    """A row of colour swatches with their labels, as HTML."""
    items = "".join(
        f'<span class="swatch" style="background:{COLOURS[key]}"></span>{escape(label)} '
        for key, label in keys
    )
    return f'<p class="legend">{items}</p>'
