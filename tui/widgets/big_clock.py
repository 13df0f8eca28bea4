"""A large block-digit clock for big terminals, readable from across the room.

Textual's ``Digits`` are three rows tall whatever the room; on a large
terminal the hold timer draws its time with this font instead, each pixel of
a 3×5 glyph scaled to ``2 × scale`` columns by ``scale`` rows (terminal cells
are about twice as tall as they are wide).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

GLYPHS = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    " ": ("..", "..", "..", "..", ".."),
}
GLYPH_ROWS = 5


def big_text(text: str, scale: int) -> str:
    """``text`` (digits, ":" and spaces) as rows of full blocks, ``5 × scale`` rows tall."""
    rows: list[str] = []
    glyphs = [GLYPHS.get(char, GLYPHS[" "]) for char in text]
    for row in range(GLYPH_ROWS):
        cells = " ".join(glyph[row] for glyph in glyphs)
        line = "".join(("█" if cell == "#" else " ") * 2 * scale for cell in cells)
        rows += [line.rstrip()] * scale
    return "\n".join(rows)


def width_of(text: str, scale: int) -> int:
    """Columns ``big_text(text, scale)`` takes."""
    cells = sum(len(GLYPHS.get(char, GLYPHS[" "])[0]) for char in text) + max(0, len(text) - 1)
    return cells * 2 * scale


class BigClock(Static, can_focus=False):
    """The hold timer's time in large block digits."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scale = 1
        self.value = ""

    def show(self, value: str, scale: int) -> None:
        """Draw ``value`` at ``scale`` unless that is already drawn."""
        if (value, scale) != (self.value, self.scale):
            self.value, self.scale = value, scale
            self.update(Text(big_text(value, scale)))
