"""Charts drawn with text: minutes per week as bars, and leg against back pain over time.

Both read the same with NO_COLOR: bars are block glyphs with their values
printed under them, and the two pain series use different glyphs (● leg,
○ back, ◉ where they meet), with colour only as a second cue. The content is
built by plain functions so it can be timed and tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from unpinch.library.history import PainPoint

BLOCKS = " ▁▂▃▄▅▆▇█"
BAR_WIDTH = 3
BAR_GAP = 1
BAR_HEIGHT = 4
LEG = "●"
BACK = "○"
BOTH = "◉"
PAIN_LEVELS = (10, 8, 6, 4, 2, 0)
"""The pain level each plot row stands for, top to bottom (each row covers two levels)."""
AXIS = 3
"""Width of the y-axis labels ("10┤")."""

StyleLike = Style | str


def week_bars(weeks: Sequence[tuple[date, float]], bar_style: StyleLike = "") -> Text:
    """Minutes per week as vertical bars, each week's minutes under its bar, dates below."""
    text = Text()
    text.append("Minutes per week\n", style="bold")
    peak = max((m for _, m in weeks), default=0.0)
    for row in range(BAR_HEIGHT, 0, -1):
        for _, value in weeks:
            level = bar_level(value, peak, row)
            text.append(BLOCKS[level] * BAR_WIDTH, style=bar_style)
            text.append(" " * BAR_GAP)
        text.append("\n")
    column = BAR_WIDTH + BAR_GAP
    text.append("".join(f"{round(value):>{BAR_WIDTH}}".ljust(column) for _, value in weeks))
    if weeks:
        first = f"week of {weeks[0][0]:%d %b}"
        last = f"{weeks[-1][0]:%d %b}"
        gap = max(1, column * len(weeks) - BAR_GAP - len(first) - len(last))
        text.append(f"\n{first}{' ' * gap}{last}", style="dim")
    return text


def bar_level(value: float, peak: float, row: int) -> int:
    """How full (0-8 eighths) the bar of ``value`` is in plot row ``row`` (1 is the bottom)."""
    if peak <= 0 or value <= 0:
        return 0
    eighths = max(1, round(value / peak * BAR_HEIGHT * 8))
    return min(8, max(0, eighths - (row - 1) * 8))


def pain_row(level: int) -> int:
    """The plot row index (0 is the top) for a pain level 0-10, rounding half up."""
    clamped = min(10, max(0, level))
    return len(PAIN_LEVELS) - 1 - (clamped + 1) // 2


def pain_plot(
    points: Sequence[PainPoint],
    width: int,
    leg_style: StyleLike = "",
    back_style: StyleLike = "",
) -> Text:
    """Leg and back pain of the most recent check-ins that fit ``width``, one column each."""
    text = Text()
    shown = list(points[-max(1, width - AXIS - 1) :]) if points else []
    text.append("Pain 0-10  ", style="bold")
    text.append(LEG, style=leg_style)
    text.append(" leg  ")
    text.append(BACK, style=back_style)
    text.append(f" back  {BOTH} both", style="")
    if not shown:
        text.append("\n\nNo pain check-ins yet: they are asked before and after a session.")
        return text
    text.append(f"   last {len(shown)} check-ins", style="dim")
    for row, level in enumerate(PAIN_LEVELS):
        text.append(f"\n{level:>2}┤", style="dim")
        for point in shown:
            plot_cell(text, row, point, leg_style, back_style)
    text.append("\n  └" + "─" * len(shown), style="dim")
    text.append("\n" + date_axis(shown), style="dim")
    return text


def plot_cell(
    text: Text, row: int, point: PainPoint, leg_style: StyleLike, back_style: StyleLike
) -> None:
    """Append one check-in's glyph for plot row ``row``: leg, back, both or blank."""
    leg = pain_row(point.leg) == row
    back = pain_row(point.back) == row
    if leg and back:
        text.append(BOTH, style=leg_style)
    elif leg:
        text.append(LEG, style=leg_style)
    elif back:
        text.append(BACK, style=back_style)
    else:
        text.append(" ")


def date_axis(shown: Sequence[PainPoint]) -> str:
    """The first and last check-in dates under the plot's ends."""
    first = f"{shown[0].when:%d %b %Y}"
    last = f"{shown[-1].when:%d %b %Y}"
    span = AXIS + len(shown)
    if span < len(first) + len(last) + 1:
        return " " * AXIS + last
    return " " * AXIS + first + " " * (span - AXIS - len(first) - len(last)) + last


class WeeklyBars(Static):
    """Minutes per week for the last twelve weeks."""

    COMPONENT_CLASSES = {"weekly-bars--bar"}
    """The style of the bars."""

    def show(self, weeks: Sequence[tuple[date, float]]) -> None:
        """Render bars for these (Monday, minutes) pairs, oldest first."""
        self.update(week_bars(weeks, self.get_component_rich_style("weekly-bars--bar")))


class PainChart(Widget):
    """Leg against back pain over time, as many recent check-ins as the width allows."""

    COMPONENT_CLASSES = {"pain-chart--leg", "pain-chart--back"}
    """The styles of the leg and back series (their glyphs differ too)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: Sequence[PainPoint] = ()
        self.drawn: tuple[int, Text] | None = None

    def show(self, points: Sequence[PainPoint]) -> None:
        """Plot these check-ins (oldest first) and redraw."""
        self.points = points
        self.drawn = None
        self.refresh()

    def render(self) -> Text:
        """The plot for the current width, built once per width."""
        width = self.size.width
        if self.drawn is None or self.drawn[0] != width:
            leg = self.get_component_rich_style("pain-chart--leg", partial=True)
            back = self.get_component_rich_style("pain-chart--back", partial=True)
            self.drawn = (width, pain_plot(self.points, width, leg, back))
        return self.drawn[1]
