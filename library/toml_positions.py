"""Find the line on which each key, table and array element of a TOML text starts.

``tomllib`` reports positions only for syntax errors: once a file parses, the
values it returns carry no line numbers. To point at the line of a value that
parses but is not allowed (a negative hold, an unknown exercise), this module
re-reads a text that ``tomllib`` has already accepted with a small scanner and
records, for every key path, the line where it appears. Paths use 1-based
numbers for array elements and ``[[table]]`` entries, so the hold of the second
item is ``("items", 2, "dose", "hold_s")`` whether the file writes items as
``[[items]]`` tables or as an inline ``items = [{ ... }, { ... }]`` array.

The scanner skips strings, comments and scalar values without interpreting
them; it trusts that the text is valid TOML, which ``tomllib`` has checked.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

__all__ = ["KeyPath", "Positions", "dotted", "scan_positions"]

KeyPath = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = " \t"
_SCALAR_END = ",]}\n#"


def dotted(path: KeyPath) -> str:
    """Write a key path the way a person reads it: ``items[2].dose.hold_s``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass
class Positions:
    """The first line (1-based) of every key path found in a TOML text."""

    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int:
        """The line of ``path``, else of its nearest recorded parent, else line 1.

        A field that is missing has no line of its own; the table that should
        hold it is the best place to point at.
        """
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return 1


class _Scanner:
    """A cursor over the text that records where each key path starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found = Positions()
        self.table_counts: dict[KeyPath, int] = {}

    # -- bookkeeping ------------------------------------------------------------

    def line_at(self, offset: int) -> int:
        """The 1-based line number of a character offset."""
        return bisect.bisect_right(self.starts, offset)

    def record(self, path: KeyPath, offset: int) -> None:
        """Remember where ``path`` starts, keeping the first place it was seen."""
        self.found.lines.setdefault(path, self.line_at(offset))

    def peek(self, length: int = 1) -> str:
        """The next ``length`` characters without moving."""
        return self.text[self.i : self.i + length]

    # -- whitespace, comments, keys ----------------------------------------------

    def skip_space(self, *, newlines: bool = False) -> None:
        """Skip spaces and comments, and line breaks too inside arrays."""
        while self.i < len(self.text):
            char = self.text[self.i]
            if char in _SPACE or (newlines and char in "\r\n"):
                self.i += 1
            elif char == "#":
                end = self.text.find("\n", self.i)
                self.i = len(self.text) if end < 0 else end
            else:
                return

    def key(self) -> tuple[str, ...]:
        """Read a bare, quoted or dotted key and return its parts."""
        parts: list[str] = []
        while True:
            self.skip_space()
            if self.peek() in "\"'":
                start = self.i
                self.skip_string()
                parts.append(self.text[start + 1 : self.i - 1])
            else:
                match = _BARE_KEY.match(self.text, self.i)
                end = match.end() if match else self.i + 1
                parts.append(self.text[self.i : end])
                self.i = end
            self.skip_space()
            if self.peek() != ".":
                return tuple(parts)
            self.i += 1

    # -- values ------------------------------------------------------------------

    def skip_string(self) -> None:
        """Skip a basic, literal or multi-line string, honouring escapes in basic ones."""
        quote = self.peek()
        delimiter = quote * 3 if self.peek(3) == quote * 3 else quote
        self.i += len(delimiter)
        while self.i < len(self.text):
            if quote == '"' and self.text[self.i] == "\\":
                self.i += 2
            elif self.text.startswith(delimiter, self.i):
                self.i += len(delimiter)
                while len(delimiter) == 3 and self.peek() == quote:
                    self.i += 1
                return
            else:
                self.i += 1

    def value(self, path: KeyPath) -> None:
        """Skip one value, recording the keys and elements inside arrays and inline tables."""
        self.record(path, self.i)
        char = self.peek()
        if char in "\"'":
            self.skip_string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.i < len(self.text) and self.text[self.i] not in _SCALAR_END:
                self.i += 1

    def array(self, path: KeyPath) -> None:
        """Skip ``[a, b, ...]``, numbering its elements from 1."""
        self.i += 1
        number = 0
        while True:
            self.skip_space(newlines=True)
            if self.peek() in ("]", ""):
                self.i += 1
                return
            if self.peek() == ",":
                self.i += 1
                continue
            number += 1
            self.value((*path, number))

    def inline_table(self, path: KeyPath) -> None:
        """Skip ``{ k = v, ... }``, recording each key."""
        self.i += 1
        while True:
            self.skip_space(newlines=True)
            if self.peek() in ("}", ""):
                self.i += 1
                return
            if self.peek() == ",":
                self.i += 1
                continue
            self.key_value(path)

    def key_value(self, table: KeyPath) -> None:
        """Read ``key = value`` inside ``table``, recording the key's line."""
        start = self.i
        full = (*table, *self.key())
        self.record(full, start)
        self.skip_space()
        self.i += 1  # the "="
        self.skip_space()
        self.value(full)

    # -- tables ------------------------------------------------------------------

    def header(self) -> KeyPath:
        """Read a ``[table]`` or ``[[array.of.tables]]`` header and return its resolved path."""
        start = self.i
        many = self.peek(2) == "[["
        self.i += 2 if many else 1
        parts = self.key()
        self.i += 2 if many else 1
        resolved: KeyPath = ()
        for n, part in enumerate(parts, 1):
            resolved = (*resolved, part)
            if many and n == len(parts):
                self.table_counts[resolved] = self.table_counts.get(resolved, 0) + 1
            if resolved in self.table_counts:
                resolved = (*resolved, self.table_counts[resolved])
        self.record(resolved, start)
        return resolved

    def document(self) -> Positions:
        """Scan the whole text line by line: headers, key/value pairs, blanks and comments."""
        table: KeyPath = ()
        while self.i < len(self.text):
            self.skip_space(newlines=True)
            if self.i >= len(self.text):
                break
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)
        return self.found


def scan_positions(text: str) -> Positions:
    """Map every key path of an already-valid TOML ``text`` to the line where it starts."""
    return _Scanner(text).document()
