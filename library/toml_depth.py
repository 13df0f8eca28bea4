"""How deeply a TOML text nests its arrays and inline tables, found without parsing it.

``tomllib`` parses nested values recursively, so a file of 100,000 ``[``
characters or 5,000 nested inline tables ends in ``RecursionError``. A routine
needs three levels at most (``items = [{ dose = { hold_s = [20, 30] } }]``),
so a routine file is scanned first and refused at the line where it goes
deeper than :data:`MAX_DEPTH`. The scan skips strings and comments, so a
bracket inside a name never counts.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "too_deep_at"]

MAX_DEPTH = 8
"""More levels of arrays and inline tables than any routine needs, with room to spare."""

_OPEN = "[{"
_CLOSE = "]}"


def _skip_string(text: str, at: int) -> int:
    """The index just past the string that starts at ``at`` (basic, literal, or multi-line)."""
    quote = text[at]
    triple = text.startswith(quote * 3, at)
    end_mark = quote * 3 if triple else quote
    i = at + len(end_mark)
    while i < len(text):
        char = text[i]
        if char == "\\" and quote == '"':
            i += 2
            continue
        if char == "\n" and not triple:
            return i
        if text.startswith(end_mark, i):
            return i + len(end_mark)
        i += 1
    return i


def _skip_comment(text: str, at: int) -> int:
    """The index of the line break that ends the comment starting at ``at``."""
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def too_deep_at(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line (from 1) where arrays and inline tables first nest deeper than ``limit``.

    None when the text stays within the limit. Table headers (``[[items]]``)
    count while they are open, which never comes near the limit.
    """
    if text.count("[") + text.count("{") <= limit:
        return None
    depth, line, i = 0, 1, 0
    while i < len(text):
        char = text[i]
        if char in "\"'":
            end = _skip_string(text, i)
            line += text.count("\n", i, end)
            i = end
            continue
        if char == "#":
            i = _skip_comment(text, i)
            continue
        if char == "\n":
            line += 1
        elif char in _OPEN:
            depth += 1
            if depth > limit:
                return line
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        i += 1
    return None
