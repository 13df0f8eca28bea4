"""Plain glyphs: what reaches a terminal whose font has only the PC character set.

The Linux console (``TERM=linux``) draws the 256 characters of code page 437 and
shows a blank or a diamond for the rest, so the thin bars (▎), the Enter key's
⏎, rounded corners (╭) and eighth blocks (▇) of the usual screen arrive broken.
In plain mode :class:`PlainGlyphs`, a Textual line filter, maps every character
on its way to the terminal to one the console has — rounded corners to square
ones, eighth blocks to half or full blocks, ⚠ to !, anything else unknown to ? —
one cell for one cell, so the layout is unchanged. Plain mode is picked when
``TERM=linux`` and can be chosen with ``--glyphs`` or ``UNPINCH_GLYPHS``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

GLYPHS_ENV = "UNPINCH_GLYPHS"
FIGURE_STYLE_ENV = "UNPINCH_FIGURES"
"""braille, blocks or ascii: how figures are drawn (plain mode sets ascii, braille being absent)."""

CP437_LOW = "☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼⌂"
"""The glyphs the console's font draws at the positions of the control codes (and 0x7F)."""

CP437_HIGH = (
    "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ"
    "áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
    "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀"
    "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\xa0"
)
"""Code page 437 from 0x80 to 0xFF, written out: decoding it at start loaded a codec (0.5 ms)."""

CONSOLE_SET = frozenset([chr(code) for code in range(0x20, 0x7F)] + list(CP437_LOW + CP437_HIGH))
"""Every character the Linux console's default font draws: code page 437."""

SWAPS: Mapping[str, str] = {
    **dict.fromkeys("╭┏╔", "┌"),
    **dict.fromkeys("╮┓╗", "┐"),
    **dict.fromkeys("╰┗╚", "└"),
    **dict.fromkeys("╯┛╝", "┘"),
    **dict.fromkeys("━╸╺╼╾┄┅┈┉╌╍", "─"),
    **dict.fromkeys("┃╹╻╽╿┆┇┊┋╎╏▏▎▕", "│"),
    **dict.fromkeys("┣┠┝", "├"),
    **dict.fromkeys("┫┨┥", "┤"),
    **dict.fromkeys("┳┯┰", "┬"),
    **dict.fromkeys("┻┷┸", "┴"),
    **dict.fromkeys("╋┿╂", "┼"),
    **dict.fromkeys("▁▂", "_"),
    **dict.fromkeys("▃▅", "▄"),
    **dict.fromkeys("▆▇▉", "█"),
    **dict.fromkeys("▍▋▊", "▌"),
    **dict.fromkeys("▔", "▀"),
    **dict.fromkeys("●◉⬤", "*"),
    **dict.fromkeys("◯◦", "○"),
    **dict.fromkeys("⚠⚑", "!"),
    **dict.fromkeys("–—−‐‒", "-"),
    **dict.fromkeys("“”„″", '"'),
    **dict.fromkeys("‘’‚′", "'"),
    "…": ".",
    "×": "x",
    "✓": "√",
    "✗": "x",
    "⏎": "<",
    "⭘": "o",
    "▸": "►",
    "▶": "►",
    "◂": "◄",
    "◀": "◄",
    "⇄": "↔",
    "␛": "^",
    "�": "?",
}
"""Characters outside the console's set and the console character drawn for each."""


@lru_cache(maxsize=4096)
def console_char(char: str) -> str:
    """The console character for ``char``: itself, its swap, a braille dot, or "?".

    A wide character (two cells) becomes two question marks and a zero-width one
    vanishes, so every line keeps its width.
    """
    if char in CONSOLE_SET:
        return char
    swap = SWAPS.get(char)
    if swap is not None:
        return swap
    if "\u2800" <= char <= "\u28ff":
        return " " if char == "\u2800" else "."
    width = cell_len(char)
    if width == 0 or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""
    return "?" * width


def console_text(text: str) -> str:
    """``text`` with every character the console lacks replaced, cell for cell."""
    if text.isascii():
        return text
    return "".join(console_char(char) for char in text)


def glyph_mode(choice: str | None, env: Mapping[str, str], setting: str = "auto") -> str:
    """Plain or unicode: the option's choice, else ``UNPINCH_GLYPHS``, the setting, then TERM."""
    for wanted in (choice, env.get(GLYPHS_ENV), setting):
        if wanted in ("plain", "unicode"):
            return wanted
    return "plain" if env.get("TERM") == "linux" else "unicode"


class PlainGlyphs(LineFilter):
    """A line filter that leaves only characters the Linux console can draw."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The same segments with their text mapped by :func:`console_text`."""
        return [
            segment if segment.control else Segment(console_text(segment.text), segment.style)
            for segment in segments
        ]
