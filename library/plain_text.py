"""Text that came from a file or a person, made safe to show, to import and to open in a sheet.

A routine file, a hand-edited store or a typed note can hold characters that a
terminal obeys rather than prints: C0 and C1 controls start escape sequences
(OSC 52 writes the clipboard, OSC 0 sets the window title, CSI moves the
cursor), and the bidi controls reorder what is shown so that text reads
differently from what it is. Three rules keep such text data:

- :func:`shown` is used for every output of data, on the command line and in
  the full-screen app: each C0 control becomes its visible Unicode "control
  picture" (ESC shows as ``␛``) and each C1 control, bidi control and lone
  surrogate becomes ``�``, so nothing is obeyed and nothing vanishes silently;
- :func:`forbidden_char` finds the first such character, so that import can
  refuse a file that holds one, naming its line;
- :func:`csv_cell` applies the usual leading-apostrophe rule so that a
  spreadsheet never reads a text cell as a formula.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "char_name",
    "csv_cell",
    "csv_text",
    "csv_uncell",
    "forbidden_char",
    "inert_json",
    "shown",
]

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Arabic letter mark, LRM/RLM, the embeddings and overrides, and the isolates."""
REPLACEMENT = "\ufffd"
FORMULA_STARTS = frozenset("=+-@\t\r")
"""A spreadsheet cell that begins with one of these can be read as a formula."""


def _is_c0(code: int) -> bool:
    """C0 controls and DEL: bytes 0x00–0x1f and 0x7f."""
    return code < 0x20 or code == 0x7F


def _picture(code: int) -> str:
    """The visible control picture of a C0 control or DEL (U+2400–U+2421)."""
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def _unsafe(char: str) -> bool:
    """True for every character a terminal could obey instead of print."""
    code = ord(char)
    return (
        _is_c0(code)
        or 0x80 <= code <= 0x9F
        or char in BIDI_CONTROLS
        or 0xD800 <= code <= 0xDFFF
        or char in "\u2028\u2029"
    )


def _printable(text: str, keep: str = "") -> bool:
    """A quick True for text with nothing to make safe: printable throughout, bar ``keep``.

    ``str.isprintable`` runs in C and is False for every character
    :func:`_unsafe` names (controls, bidi controls, surrogates, line and
    paragraph separators) and for some harmless ones too, which then take the
    character-by-character path. ``keep`` lists the controls the caller leaves
    as they are (line breaks, tabs).
    """
    for char in keep:
        if char in text:
            return all(_printable(part, keep.replace(char, "")) for part in text.split(char))
    return text.isprintable()


def shown(text: str, *, lines: bool = False) -> str:
    """``text`` with every control, bidi control and lone surrogate made visible and inert.

    With ``lines``, line breaks and tabs are kept as they are (a multi-line
    description or note); a Windows CR LF counts as one line break. Any
    other such character becomes its control picture or ``�``.
    """
    if _printable(text, "\n\t" if lines else ""):
        return text
    if not any(_unsafe(c) for c in text):
        return text
    if lines:
        text = text.replace("\r\n", "\n")
    out = []
    for char in text:
        if not _unsafe(char) or (lines and char in "\n\t"):
            out.append(char)
        elif _is_c0(ord(char)):
            out.append(_picture(ord(char)))
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def forbidden_char(text: str, *, lines: bool = False) -> tuple[int, str] | None:
    """The first control, bidi control or surrogate in ``text`` as (column from 1, char).

    With ``lines``, line breaks (LF or CR LF) and tabs are allowed (free text
    such as a description); columns then count CR LF as one. None when the
    text is clean.
    """
    if lines:
        text = text.replace("\r\n", "\n")
    for column, char in enumerate(text, 1):
        if _unsafe(char) and not (lines and char in "\n\t"):
            return column, char
    return None


def char_name(char: str) -> str:
    """Name a character for a message: ``U+001B`` plus its Unicode name when it has one."""
    name = unicodedata.name(char, "")
    if not name and _is_c0(ord(char)):
        name = unicodedata.name(_picture(ord(char))).removeprefix("SYMBOL FOR ")
    return f"U+{ord(char):04X} {name}".rstrip()


def csv_text(text: str) -> str:
    """A text cell for a CSV file: controls made inert, line breaks and tabs kept."""
    return csv_cell(shown(text, lines=True))


def csv_cell(text: str) -> str:
    """Prefix an apostrophe when a spreadsheet would read the cell as a formula.

    The rule is applied to the text after any apostrophes it already starts
    with, so :func:`csv_uncell` can undo it exactly: ``'=1`` is written
    ``''=1`` and reads back as ``'=1``.
    """
    bare = text.lstrip("'")
    return "'" + text if bare[:1] in FORMULA_STARTS and bare else text


def csv_uncell(text: str) -> str:
    """Undo :func:`csv_cell`: drop the apostrophe it added, and only that one."""
    bare = text.lstrip("'")
    return text[1:] if text.startswith("'") and bare and bare[0] in FORMULA_STARTS else text


def inert_json(text: str) -> str:
    """JSON text with every character a terminal could obey written as a JSON escape.

    ``json.dumps`` already escapes C0 controls; with ``ensure_ascii=False`` it
    leaves C1 and bidi controls as they are. Those can only stand inside JSON
    strings, where the escape means the same character, so the data is unchanged.
    """
    if _printable(text, "\n"):
        return text
    if not any(_unsafe(c) for c in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if _unsafe(c) and c not in "\n" else c for c in text)
