r"""Draw scenes into a grid of terminal characters: braille dots, half blocks or ASCII.

Braille packs 2×4 dots into a cell and half blocks 1×2 pixels, both square on
a terminal whose cells are twice as tall as wide; ASCII (for the Linux console
and anyone who asks for it) draws each line with ``- | / \`` and the head as
``O``. Each cell also carries the role of what was drawn there, so a widget
can colour the working limb without the grid knowing any colours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from unpinch.library.figures.scene import ROLES, Line, Role, Scene, union_bounds
from unpinch.library.record import Record, record

Style = Literal["braille", "blocks", "ascii"]
STYLES: tuple[str, ...] = ("braille", "blocks", "ascii")

CELL_PIXELS: dict[str, tuple[int, int]] = {"braille": (2, 4), "blocks": (1, 2), "ascii": (1, 1)}
PIXEL_ASPECT: dict[str, float] = {"braille": 1.0, "blocks": 1.0, "ascii": 0.5}
"""Pixel height per pixel width, in units of a pixel's width."""
BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
RANK = {role: n for n, role in enumerate(ROLES)}
Bounds = tuple[float, float, float, float]


@record
class Grid(Record):
    """Rows of characters and, for each character, the role that drew it (None: blank)."""

    rows: tuple[str, ...]
    roles: tuple[tuple[Role | None, ...], ...]

    @property
    def text(self) -> str:
        """The grid as plain lines, trailing blanks kept so every row is as wide."""
        return "\n".join(self.rows)


def style_for(term: str | None, setting: str = "auto") -> Style:
    """The grid style to draw with: the setting if it names one, ASCII on the Linux console."""
    if setting in STYLES:
        return setting  # type: ignore[return-value]
    return "ascii" if (term or "") in ("linux", "dumb", "vt100", "vt220") else "braille"


class _Canvas:
    """A pixel canvas that keeps, for each lit pixel, the highest-ranked role drawn there."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.pixels: dict[tuple[int, int], Role] = {}

    def plot(self, x: float, y: float, role: Role) -> None:
        """Light the pixel nearest (x, y) if it is on the canvas."""
        px, py = round(x), round(y)
        if 0 <= px < self.width and 0 <= py < self.height:
            old = self.pixels.get((px, py))
            if old is None or RANK[role] >= RANK[old]:
                self.pixels[(px, py)] = role

    def line(self, a: tuple[float, float], b: tuple[float, float], role: Role) -> None:
        """Light every pixel along a segment."""
        steps = max(1, math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1]))))
        for i in range(steps + 1):
            t = i / steps
            self.plot(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, role)

    def ring(self, c: tuple[float, float], rx: float, ry: float, role: Role) -> None:
        """Light a ring of radii ``rx`` by ``ry`` pixels (a single pixel when tiny)."""
        count = max(8, math.ceil(2 * math.pi * max(rx, ry) * 1.5))
        for i in range(count):
            a = 2 * math.pi * i / count
            self.plot(c[0] + rx * math.cos(a), c[1] + ry * math.sin(a), role)


@record
class _Fit(Record):
    """How body units map to pixels for one canvas."""

    scale: float
    aspect: float
    x0: float
    y1: float
    dx: float
    dy: float

    def to_px(self, p: tuple[float, float]) -> tuple[float, float]:
        """A point in body units as pixel coordinates (y down)."""
        return (
            (p[0] - self.x0) * self.scale + self.dx,
            (self.y1 - p[1]) * self.scale * self.aspect + self.dy,
        )


def _fit(bounds: Bounds, width: int, height: int, aspect: float) -> _Fit:
    """Scale a box into a canvas, centred across and standing on the bottom edge."""
    x0, y0, x1, y1 = bounds
    bw, bh = max(1e-6, x1 - x0), max(1e-6, y1 - y0)
    scale = min((width - 1) / bw, (height - 1) / (bh * aspect))
    dx = ((width - 1) - bw * scale) / 2
    dy = (height - 1) - bh * scale * aspect
    return _Fit(scale, aspect, x0, y1, dx, dy)


def _paint(scene: Scene, canvas: _Canvas, fit: _Fit) -> None:
    """Draw every shape of a scene onto a canvas."""
    for shape in scene.shapes:
        if isinstance(shape, Line):
            canvas.line(fit.to_px(shape.a), fit.to_px(shape.b), shape.role)
        else:
            r = shape.radius * fit.scale
            canvas.ring(fit.to_px(shape.centre), r, r * fit.aspect, shape.role)


def render(
    scene: Scene, cols: int, rows: int, style: Style = "braille", bounds: Bounds | None = None
) -> Grid:
    """Draw ``scene`` into ``cols`` × ``rows`` characters, fitted to ``bounds`` (or its own)."""
    if style == "ascii":
        return _render_ascii(scene, cols, rows, bounds or scene.bounds())
    cw, ch = CELL_PIXELS[style]
    canvas = _Canvas(cols * cw, rows * ch)
    _paint(scene, canvas, _fit(bounds or scene.bounds(), canvas.width, canvas.height, 1.0))
    return _cells(canvas, cols, rows, style)


def render_all(scenes: Sequence[Scene], cols: int, rows: int, style: Style) -> list[Grid]:
    """Draw several frames of one movement at one common scale."""
    bounds = union_bounds(scenes)
    return [render(s, cols, rows, style, bounds) for s in scenes]


def _cells(canvas: _Canvas, cols: int, rows: int, style: Style) -> Grid:
    """Pack the canvas's pixels into braille or half-block characters."""
    cw, ch = CELL_PIXELS[style]
    chars = [[" "] * cols for _ in range(rows)]
    roles: list[list[Role | None]] = [[None] * cols for _ in range(rows)]
    bits = [[0] * cols for _ in range(rows)]
    for (px, py), role in canvas.pixels.items():
        cx, cy = px // cw, py // ch
        if style == "braille":
            bits[cy][cx] |= BRAILLE_BITS[py % 4][px % 2]
        else:
            bits[cy][cx] |= 1 << (py % 2)
        old = roles[cy][cx]
        if old is None or RANK[role] > RANK[old]:
            roles[cy][cx] = role
    blocks = {0: " ", 1: "▀", 2: "▄", 3: "█"}
    for cy in range(rows):
        for cx in range(cols):
            value = bits[cy][cx]
            if value:
                chars[cy][cx] = chr(0x2800 + value) if style == "braille" else blocks[value]
    return Grid(tuple("".join(r) for r in chars), tuple(tuple(r) for r in roles))


def _slope_char(a: tuple[float, float], b: tuple[float, float]) -> str:
    """The ASCII character that best follows a line from ``a`` to ``b`` (cells, y down)."""
    dx, dy = b[0] - a[0], (b[1] - a[1]) * 2
    if abs(dx) < 1e-9 and abs(dy) < 1e-9:
        return "."
    angle = math.degrees(math.atan2(-dy, dx)) % 180
    if angle < 22.5 or angle >= 157.5:
        return "-"
    if angle < 67.5:
        return "/"
    if angle < 112.5:
        return "|"
    return "\\"


def _render_ascii(scene: Scene, cols: int, rows: int, bounds: Bounds) -> Grid:
    """Draw a scene with ASCII line characters, one character per cell."""
    fit = _fit(bounds, cols, rows, PIXEL_ASPECT["ascii"])
    chars = [[" "] * cols for _ in range(rows)]
    roles: list[list[Role | None]] = [[None] * cols for _ in range(rows)]

    def put(x: float, y: float, char: str, role: Role) -> None:
        """Write one character if it is on the grid and not under a higher role."""
        cx, cy = round(x), round(y)
        if 0 <= cx < cols and 0 <= cy < rows:
            old = roles[cy][cx]
            if old is None or RANK[role] >= RANK[old]:
                chars[cy][cx], roles[cy][cx] = char, role

    for shape in scene.shapes:
        if isinstance(shape, Line):
            a, b = fit.to_px(shape.a), fit.to_px(shape.b)
            char = "_" if shape.role == "floor" else _slope_char(a, b)
            steps = max(1, math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1]))))
            for i in range(steps + 1):
                t = i / steps
                put(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, char, shape.role)
        else:
            c = fit.to_px(shape.centre)
            put(c[0], c[1], "O", shape.role)
    return Grid(tuple("".join(r) for r in chars), tuple(tuple(r) for r in roles))
