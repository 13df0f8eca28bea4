"""TinyDB data as JSON text, kept as one text fragment per document.

A store of ten years of daily sessions is several megabytes of JSON, and
serialising all of it takes longer than a save is allowed to take. TinyDB's
storage interface hands over the whole database on every write, so instead
of serialising everything again we remember, for every document, the exact
text it was read from or last written as. A write then serialises only the
documents that are new objects and joins the remembered text for the rest.

That is only sound if a stored document is never changed in place, so every
document that passes through here becomes a :class:`SealedDoc`, a ``dict``
that refuses mutation: a change must replace the document object, which
gives it fresh text. Nested values are the caller's to leave alone; the store
hands out copies.
"""

from __future__ import annotations

import gc
import json
import re
from json.scanner import make_scanner
from typing import Any, NoReturn, cast

Tables = dict[str, dict[str, Any]]
"""TinyDB's whole-database shape: table name -> document key -> document."""

Fragments = dict[str, dict[str, tuple[Any, str]]]
"""Table name -> document key -> (the document object, its ``"key":{...}`` text)."""

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SPACE = frozenset(" \t\n\r")
# json's own C scanner, as JSONDecoder uses it; typeshed types the context too narrowly.
_SCAN = make_scanner(cast(Any, json.JSONDecoder()))
_SCALARS = frozenset({str, int, float, bool, type(None)})
"""The JSON values that need no copy: they cannot be changed in place."""
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


class BrokenText(ValueError):
    """The text is not a TinyDB database; ``reason`` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SealedDoc(dict[str, Any]):
    """A stored document: a ``dict`` that raises on any in-place change.

    Reading, copying and serialising work as for any dict. The store replaces
    documents instead of editing them, so remembered text can never go stale.
    """

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        """Refuse an in-place change, naming the rule that forbids it."""
        raise TypeError("stored documents are sealed: replace the document instead")

    __setitem__ = __delitem__ = __ior__ = _refuse
    update = pop = popitem = clear = setdefault = _refuse


class SealedList(list[Any]):
    """A list inside a sealed value: a ``list`` that raises on any in-place change."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        """Refuse an in-place change, naming the rule that forbids it."""
        raise TypeError("stored documents are sealed: replace the document instead")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse


def sealed_copy(value: Any) -> Any:
    """Copy a JSON value with every dict and list in it sealed, to share without copying again.

    Reading, ``==`` with plain values and ``json.dumps`` work as for the plain value.
    """
    if isinstance(value, dict):
        return SealedDoc(
            {k: v if type(v) in _SCALARS else sealed_copy(v) for k, v in value.items()}
        )
    if isinstance(value, list | tuple):
        return SealedList([v if type(v) in _SCALARS else sealed_copy(v) for v in value])
    return value


def parse(text: str) -> tuple[Tables, Fragments]:
    """Parse database text into sealed documents and the text of each one.

    Raises :class:`BrokenText` when the text is not JSON or is not an object
    of tables whose values are objects of documents. The cyclic garbage
    collector is paused meanwhile: parsed JSON holds no cycles, and the
    hundreds of thousands of new objects would otherwise set off repeated
    full collections that cost more than the parse itself.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _scan_tables(text)
    except (ValueError, IndexError, RecursionError):
        pass
    finally:
        if paused:
            gc.enable()
    # The fast scanner rejected it: ask the full parser why, for a clear message.
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise BrokenText(f"line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise BrokenText("it is nested too deeply") from None
    problem = _shape_problem(value)
    if problem:
        raise BrokenText(problem)
    # A layout the scanner does not follow but json accepts: keep it, without fragments.
    return {name: {k: SealedDoc(d) for k, d in t.items()} for name, t in value.items()}, {}


def render(tables: Tables, fragments: Fragments) -> tuple[str, Fragments]:
    """Serialise ``tables``, reusing remembered text for unchanged documents.

    Documents are sealed in place as they are serialised. Returns the text and
    the fragments to remember for the next write (only those still present).
    """
    parts = []
    fresh: Fragments = {}
    for name, table in tables.items():
        known = fragments.get(name, {})
        kept: dict[str, tuple[Any, str]] = {}
        items = []
        for key, doc in table.items():
            entry = known.get(key)
            if entry is None or entry[0] is not doc:
                sealed = doc if type(doc) is SealedDoc else SealedDoc(doc)
                table[key] = sealed
                entry = (sealed, _ENCODE(str(key)) + ":" + _ENCODE(sealed))
            kept[key] = entry
            items.append(entry[1])
        fresh[name] = kept
        parts.append(_ENCODE(name) + ":{" + ",".join(items) + "}")
    return "{" + ",".join(parts) + "}", fresh


def _scan_tables(text: str) -> tuple[Tables, Fragments]:
    """Walk the top two object levels by hand, decoding each document with json.

    Raises ValueError or IndexError on anything unexpected; :func:`parse` then
    finds the reason with the standard parser.
    """
    tables: Tables = {}
    fragments: Fragments = {}
    pos = _expect(text, _skip(text, 0), "{")
    pos = _skip(text, pos)
    while text[pos] != "}":
        name, pos = _key(text, pos)
        pos = _skip(text, _expect(text, _skip(text, pos), "{"))
        table: dict[str, Any] = {}
        known: dict[str, tuple[Any, str]] = {}
        while text[pos] != "}":
            start = pos
            key, pos = _key(text, pos)
            pos = _skip(text, pos)
            if text[pos] != "{":
                raise ValueError("document is not an object")
            doc, pos = _value(text, pos)
            sealed = SealedDoc(doc)
            table[key] = sealed
            known[key] = (sealed, text[start:pos])
            pos = _after_item(text, pos)
        tables[name] = table
        fragments[name] = known
        pos = _after_item(text, pos + 1)
    if _skip(text, pos + 1) != len(text):
        raise ValueError("extra data")
    return tables, fragments


def _skip(text: str, pos: int) -> int:
    """Find the first non-whitespace character at or after ``pos`` (compact text has none)."""
    if pos < len(text) and text[pos] not in _SPACE:
        return pos
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


def _value(text: str, pos: int) -> tuple[Any, int]:
    """Decode the JSON value at ``pos`` with json's own C scanner; return it and its end."""
    try:
        value, end = _SCAN(text, pos)
    except StopIteration:
        raise ValueError("expected a value") from None
    return value, end


def _expect(text: str, pos: int, char: str) -> int:
    """Position after ``char``, which must be at ``pos``."""
    if text[pos] != char:
        raise ValueError(f"expected {char!r}")
    return pos + 1


def _key(text: str, pos: int) -> tuple[str, int]:
    """Decode an object key and its colon; return the key and the position after."""
    if text[pos] != '"':
        raise ValueError("key is not a string")
    key, pos = _value(text, pos)
    return key, _skip(text, _expect(text, _skip(text, pos), ":"))


def _after_item(text: str, pos: int) -> int:
    """Skip a comma between object members, or stop at the closing brace."""
    pos = _skip(text, pos)
    if text[pos] == ",":
        pos = _skip(text, pos + 1)
        if text[pos] == "}":
            raise ValueError("trailing comma")
    elif text[pos] != "}":
        raise ValueError("expected ',' or '}'")
    return pos


def _shape_problem(value: object) -> str:
    """Say why valid JSON is still not a TinyDB database, or "" when it is one."""
    if not isinstance(value, dict):
        return f"it holds a JSON {_json_kind(value)}, not an object"
    for name, table in value.items():
        if not isinstance(table, dict):
            return f"table '{name}' holds a JSON {_json_kind(table)}, not an object"
        for key, doc in table.items():
            if not isinstance(doc, dict):
                return f"document '{name}/{key}' holds a JSON {_json_kind(doc)}, not an object"
    return ""


def _json_kind(value: object) -> str:
    """Name a decoded value's JSON type: array, string, number ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "string" if isinstance(value, str) else "object"
