"""Write scenes as SVG: one figure for the README or a report, or a gallery of them all.

Text in the SVG (exercise names) is escaped, so a name from a file can never
become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from unpinch.library.figures.scene import Circle, Line, Scene, union_bounds
from unpinch.library.record import Record, record

COLOURS = {
    "floor": "#8a8a8a",
    "prop": "#b07a3c",
    "far": "#9fb3c8",
    "body": "#23395b",
    "work": "#d1495b",
}
WIDTHS = {"floor": 1.5, "prop": 2.5, "far": 3.0, "body": 3.2, "work": 3.6}
PAD = 6.0
Bounds = tuple[float, float, float, float]


def _shapes(scene: Scene, dx: float, dy: float) -> list[str]:
    """SVG elements for a scene, with y flipped so up is up, shifted by (dx, dy)."""
    out: list[str] = []
    for shape in scene.shapes:
        colour, width = COLOURS[shape.role], WIDTHS[shape.role]
        if isinstance(shape, Line):
            (ax, ay), (bx, by) = shape.a, shape.b
            out.append(
                f'<line x1="{ax + dx:.1f}" y1="{dy - ay:.1f}" x2="{bx + dx:.1f}" '
                f'y2="{dy - by:.1f}" stroke="{colour}" stroke-width="{width}" '
                'stroke-linecap="round"/>'
            )
        elif isinstance(shape, Circle):
            (cx, cy), r = shape.centre, shape.radius
            out.append(
                f'<circle cx="{cx + dx:.1f}" cy="{dy - cy:.1f}" r="{r:.1f}" fill="white" '
                f'stroke="{colour}" stroke-width="{width}"/>'
            )
    return out


def svg(scenes: Sequence[Scene], title: str = "") -> str:
    """One SVG with the scenes side by side at one scale (start, middle, end)."""
    return gallery([(title, scenes)], columns=1)


@record
class _Panel(Record):
    """One gallery cell: a title and its frames, with the box they need."""

    title: str
    scenes: Sequence[Scene]
    bounds: Bounds

    @property
    def frame_width(self) -> float:
        """The width of one frame."""
        return self.bounds[2] - self.bounds[0] + 2 * PAD

    @property
    def width(self) -> float:
        """The width of the whole cell."""
        return self.frame_width * len(self.scenes)

    @property
    def height(self) -> float:
        """The height of the cell's drawings."""
        return self.bounds[3] - self.bounds[1] + 2 * PAD


def _panel_svg(panel: _Panel, x: float, y: float, title_h: float) -> list[str]:
    """The SVG for one gallery cell whose top left corner is (x, y)."""
    out = [
        f'<text x="{x + PAD:.1f}" y="{y + title_h - 4:.1f}" font-family="sans-serif" '
        f'font-size="7" fill="#222">{escape(panel.title)}</text>'
    ]
    x0, _, _, y1 = panel.bounds
    for n, scene in enumerate(panel.scenes):
        dx = x + n * panel.frame_width + PAD - x0
        dy = y + title_h + PAD + y1
        out += _shapes(scene, dx, dy)
    return out


def gallery(items: Sequence[tuple[str, Sequence[Scene]]], columns: int = 3) -> str:
    """A grid of titled figures, each shown in its poses side by side."""
    panels = [_Panel(t, s, union_bounds(s)) for t, s in items]
    title_h = 12.0
    col_w = max(p.width for p in panels)
    rows = [panels[i : i + columns] for i in range(0, len(panels), columns)]
    body: list[str] = []
    y = 0.0
    for row in rows:
        for n, panel in enumerate(row):
            body += _panel_svg(panel, n * col_w, y, title_h)
        y += title_h + max(p.height for p in row)
    width = col_w * min(columns, len(panels))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {y:.0f}" '
        f'width="{width * 2:.0f}" height="{y * 2:.0f}">\n'
        f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(body) + "\n</svg>\n"
    )
