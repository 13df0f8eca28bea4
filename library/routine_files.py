"""Routine files: write a routine as a readable TOML file and read one back, line-exact.

A routine file holds one routine. Its top-level keys are the fields of a
``[[routine]]`` entry in ``library/data/routines.toml`` and its exercises are
``[[items]]`` tables, each with ``exercise = "id"`` and an optional
``[items.dose]`` (the inline ``items = [{ ... }]`` form of the library files is
read too; both parse to the same data).

Reading validates with the codec, so a file accepts exactly what the store
and the library accept, plus two rules of the builder (a name of at most 80
characters, no counted hold). Every problem is a :class:`CatalogError` that
names the file, the line and the field::

    my.toml:7: routine 'x': items[2].dose.hold_s must be a positive number, got -5

``tomllib`` gives no positions for values, so the document is checked one
field at a time: each field is handed to the codec inside an otherwise valid
probe, which pins any error on that field, and the field's line comes from
:mod:`unpinch.library.toml_positions`, which re-scans the text for where each key
starts. Importing writes nothing until the whole file has passed.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

from unpinch.library import __version__
from unpinch.library.builder import NAME_MAX, dose_conflict, new_routine_id
from unpinch.library.catalog import TOML_POSITION, shown_path
from unpinch.library.codec import (
    DOSE_FIELDS,
    ROUTINE_OPTIONAL,
    ROUTINE_REQUIRED,
    CatalogError,
    check_known,
    did_you_mean,
    dose_from_dict,
    routine_from_dict,
    routine_to_dict,
    span_to_json,
)
from unpinch.library.model import Catalog, Dose, Routine, RoutineItem
from unpinch.library.plain_text import char_name, forbidden_char
from unpinch.library.record import Record, record
from unpinch.library.regular_files import NotRegularFile, read_regular
from unpinch.library.toml_depth import MAX_DEPTH, too_deep_at
from unpinch.library.toml_positions import KeyPath, Positions, dotted, scan_positions
from unpinch.library.workspace import Workspace

__all__ = [
    "import_routine_file",
    "read_routine_text",
    "routine_from_toml",
    "routine_to_toml",
]

_MARK = "\x00"
MAX_FILE_BYTES = 1_000_000
"""A routine file is a few kilobytes; anything over a megabyte is refused unread."""
ID_MAX = 64
"""The longest routine id a file may give."""
TEXT_MAX = {"description": 4000, "frequency": 200}
"""The longest free text a file may give, per field."""
FREE_TEXT = ("description", "frequency")
"""Fields that may hold line breaks and tabs."""
_LINE_KEY = re.compile(r"^\s*\[*\s*(?P<key>[A-Za-z0-9_.\"'-]+)")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"


# --- writing ----------------------------------------------------------------------


def _toml_string(text: str) -> str:
    """Quote text as a TOML basic string, escaping quotes, backslashes and unprintable characters.

    Every character that is not printable (controls, and line separators such
    as U+0085 or U+2028 that some editors break lines at) is written as a
    unicode escape, so each key stays on one line in any editor.
    """
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not char.isprintable() and char != " ":
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    """Write a string, number, true/false or list of those in TOML syntax."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def _one_line(text: str) -> str:
    """Fold text onto one line for a comment, dropping control characters TOML forbids there."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(printable.split())


def _dose_lines(dose: Dose) -> list[str]:
    """The ``[items.dose]`` table, leaving out tempo and counted when they are the defaults."""
    base = Dose()
    lines = ["[items.dose]"]
    if dose.hold_s is not None:
        lines.append(f"hold_s = {_toml_value(span_to_json(dose.hold_s))}")
    lines.append(f"reps = {_toml_value(span_to_json(dose.reps))}")
    lines += [f"sets = {dose.sets}", f"rest_s = {dose.rest_s}"]
    if dose.hold_s is None or dose.tempo_s != base.tempo_s:
        lines.append(f"tempo_s = {_toml_value(dose.tempo_s)}")
    if dose.counted:
        lines.append("counted = true")
    return lines


def _item_lines(item: RoutineItem, catalog: Catalog | None) -> list[str]:
    """One ``[[items]]`` table, with the exercise's name as a comment when it is known."""
    line = f"exercise = {_toml_string(item.exercise_id)}"
    exercise = catalog.exercises.get(item.exercise_id) if catalog else None
    if exercise is not None:
        line += f"  # {_one_line(exercise.name)}"
    lines = ["", "[[items]]", line]
    return lines + _dose_lines(item.dose) if item.dose is not None else lines


def _header(routine: Routine) -> list[str]:
    """The comment at the top of the file: what it is and how to import it."""
    return [
        f"# unpinch routine: {_one_line(routine.name)}",
        f"# Exported by unpinch {__version__}. Edit it in any text editor, then add it with:",
        "#     unpinch import FILE.toml        (or --replace to update your routine of this id)",
        "# Each [[items]] table is one exercise, played in order; an [items.dose] table under",
        "# it replaces the exercise's own dose (hold_s, reps, sets, rest_s, tempo_s, counted).",
        "",
    ]


def routine_to_toml(routine: Routine, catalog: Catalog | None = None) -> str:
    """Write ``routine`` as a routine file that :func:`routine_from_toml` reads back equal.

    With ``catalog``, each item carries its exercise's name as a comment.
    ``builtin`` is not written: an imported routine is always the user's own.
    """
    lines = _header(routine)
    lines += [f"id = {_toml_string(routine.id)}", f"name = {_toml_string(routine.name)}"]
    for key in ("description", "frequency"):
        if getattr(routine, key):
            lines.append(f"{key} = {_toml_string(getattr(routine, key))}")
    if routine.sources:
        lines.append(f"sources = {_toml_value(routine.sources)}")
    lines.append(f"rest_between_s = {routine.rest_between_s}")
    low, high = routine.schedule.per_week
    lines.append(
        f"schedule = {{ per_week = [{low}, {high}], daily_days = {routine.schedule.daily_days} }}"
    )
    for item in routine.items:
        lines += _item_lines(item, catalog)
    return "\n".join(lines) + "\n"


# --- reading: errors with a line ---------------------------------------------------


@record
class _Where(Record):
    """The file being read, where its keys are, and how to name the routine in messages."""

    shown: str
    positions: Positions
    label: str

    def fail(self, path: KeyPath, message: str) -> NoReturn:
        """Raise the error for ``path``: "file:line: routine 'x': message"."""
        line = self.positions.line_of(path)
        raise CatalogError(f"{self.shown}:{line}: {self.label}: {message}")


def _label(doc: Mapping[str, Any]) -> str:
    """Name the routine by its id when it has a usable one."""
    ident = doc.get("id")
    return f"routine '{ident}'" if isinstance(ident, str) and ident.strip() else "routine"


def _with_path(message: str, path: KeyPath) -> str:
    """Put the full field path in a codec message that starts with the bare key."""
    key = str(path[-1])
    if message.startswith(f"{key} "):
        return dotted(path) + message[len(key) :]
    return f"{dotted(path)}: {message}"


def _probe(where: _Where, path: KeyPath, check: Callable[[], object], prefix: str) -> None:
    """Run a codec check on one field and re-raise its error against that field's line."""
    try:
        check()
    except CatalogError as error:
        message = str(error).removeprefix(f"{_MARK}: ").removeprefix(prefix)
        where.fail(path, _with_path(message, path))


def _syntax_error(shown: str, text: str, message: str) -> CatalogError:
    """Reword tomllib's "... (at line 3, column 5)" as "file:3: TOML syntax error ..." plus key."""
    match = TOML_POSITION.match(message)
    if match is None:
        return CatalogError(f"{shown}:1: TOML syntax error: {message}")
    line = int(match["line"])
    lines = text.split("\n")
    source = lines[line - 1] if line <= len(lines) else ""
    key = _LINE_KEY.match(source)
    near = f" (in '{key['key']}')" if key else ""
    return CatalogError(
        f"{shown}:{line}: TOML syntax error at column {match['col']}{near}: {match['msg']}"
    )


# --- reading: checking each field ---------------------------------------------------


def _check_keys(
    where: _Where,
    table: Mapping[str, Any],
    path: KeyPath,
    required: Collection[str],
    optional: Collection[str],
) -> None:
    """Refuse unknown keys (with a did-you-mean) and missing required ones, at their lines."""
    known = [*required, *optional]
    for key in table:
        if key == "sides":
            where.fail(
                (*path, key),
                f"{dotted((*path, key))} cannot be set in a routine: "
                "an exercise's sides (both, each, alternating) come from the exercise itself",
            )
        if key == "routine" and not path:
            where.fail(
                (key,),
                "unknown field 'routine': a routine file holds one routine with its fields "
                "(id, name, items) at the top level, not [[routine]] tables",
            )
        if key not in known:
            where.fail(
                (*path, key), f"unknown field '{dotted((*path, key))}'{did_you_mean(key, known)}"
            )
    for key in required:
        if key not in table:
            where.fail(path, f"missing required field '{dotted((*path, key))}'")


def _probe_base(catalog: Catalog) -> dict[str, Any]:
    """A minimal valid routine into which one field at a time is placed for checking."""
    return {"id": "probe", "name": "probe", "items": [{"exercise": next(iter(catalog.exercises))}]}


def _check_top(where: _Where, doc: Mapping[str, Any], catalog: Catalog) -> None:
    """Check every top-level field except the items, each against its own line."""
    _check_keys(where, doc, (), ROUTINE_REQUIRED, ROUTINE_OPTIONAL)
    _check_texts(where, doc)
    base, ids = _probe_base(catalog), catalog.exercises
    for key in doc:
        if key != "items":
            check = partial(routine_from_dict, {**base, key: doc[key]}, _MARK, ids)
            _probe(where, (key,), check, "")
    sources = doc.get("sources", [])
    known = partial(check_known, _MARK, "sources", sources, catalog.sources, "source")
    _probe(where, ("sources",), known, "")
    if len(doc["name"]) > NAME_MAX:
        where.fail(("name",), f"name must be at most {NAME_MAX} characters, got {len(doc['name'])}")
    if len(doc["id"]) > ID_MAX:
        where.fail(("id",), f"id must be at most {ID_MAX} characters, got {len(doc['id'])}")
    for key, most in TEXT_MAX.items():
        if len(doc.get(key, "")) > most:
            where.fail((key,), f"{key} must be at most {most} characters, got {len(doc[key])}")
    items = doc["items"]
    if not isinstance(items, list) or not items:
        check = partial(routine_from_dict, {**base, "items": items}, _MARK, ids)
        _probe(where, ("items",), check, "")


def _check_texts(where: _Where, doc: Mapping[str, Any]) -> None:
    """Refuse control and bidi characters in the routine's text, at the field's line.

    They would reach the terminal wherever the routine is shown; line breaks
    and tabs are allowed only in the free-text fields.
    """
    fields: list[tuple[KeyPath, Any]] = [((key,), doc.get(key)) for key in doc if key != "items"]
    sources = doc.get("sources")
    if isinstance(sources, list):
        fields += [(("sources", n), value) for n, value in enumerate(sources, 1)]
    for path, value in fields:
        if not isinstance(value, str):
            continue
        found = forbidden_char(value, lines=path[0] in FREE_TEXT)
        if found is not None:
            column, char = found
            where.fail(
                path[:1],
                f"{dotted(path)} holds the control character {char_name(char)} "
                f"at character {column}; routine text cannot hold control or bidi characters",
            )


def _check_dose(where: _Where, dose: Any, path: KeyPath) -> None:
    """Check an item's dose table field by field, then that its fields agree."""
    if not isinstance(dose, Mapping):
        where.fail(path, f"{dotted(path)} must be a table such as [items.dose], got {dose!r}")
    _check_keys(where, dose, path, (), DOSE_FIELDS)
    for key, value in dose.items():
        _probe(where, (*path, key), partial(dose_from_dict, {key: value}, _MARK), "")
    conflict = dose_conflict(dose_from_dict(dose, _MARK))
    if conflict:
        where.fail((*path, "counted"), f"{dotted(path)}.{conflict}")


def _check_item(where: _Where, item: Any, path: KeyPath, catalog: Catalog) -> None:
    """Check one items entry: a table naming a known exercise, with an optional dose."""
    if not isinstance(item, Mapping):
        where.fail(path, f'{dotted(path)} must be a table like {{ exercise = "id" }}, got {item!r}')
    _check_keys(where, item, path, ("exercise",), ("dose",))
    probe = {**_probe_base(catalog), "items": [{"exercise": item["exercise"]}]}
    check = partial(routine_from_dict, probe, _MARK, catalog.exercises)
    _probe(where, (*path, "exercise"), check, "item 1: ")
    if "dose" in item:
        _check_dose(where, item["dose"], (*path, "dose"))


def _parse(text: str, shown: str) -> dict[str, Any]:
    """Parse TOML text, turning syntax errors into CatalogErrors with the line and key.

    Nesting deeper than any routine needs is refused first, at its line, so
    the parser never recurses into it.
    """
    deep = too_deep_at(text)
    if deep is not None:
        raise CatalogError(
            f"{shown}:{deep}: arrays and inline tables nest more than {MAX_DEPTH} deep; "
            "a routine needs three levels at most"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(shown, text, str(error)) from None


def routine_from_toml(text: str, path: str, catalog: Catalog) -> Routine:
    """Read a routine file's text; ``path`` is how the file is named in error messages.

    Raises CatalogError "path:line: routine 'id': field problem" for the first
    problem found. The routine is marked ``builtin=False``.
    """
    doc = _parse(text, path)
    where = _Where(path, scan_positions(text), _label(doc))
    _check_top(where, doc, catalog)
    for number, item in enumerate(doc["items"], 1):
        _check_item(where, item, ("items", number), catalog)
    routine = routine_from_dict(doc, f"{path}: {where.label}", catalog.exercises)
    return dataclasses.replace(routine, builtin=False)


# --- importing --------------------------------------------------------------------


def read_routine_text(path: Path) -> str:
    """Read a routine file as UTF-8 text; a file that is not UTF-8 is refused at its line.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read: a folder,
    a FIFO or a device is refused at once, without reading it.
    """
    shown = shown_path(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as error:
        raise CatalogError(f"{shown}: cannot read file: {error}") from None
    except OSError as error:
        raise CatalogError(f"{shown}: cannot read file: {error.strerror or error}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        source = data.splitlines()[line - 1].decode("utf-8", "replace") if data else ""
        key = _LINE_KEY.match(source)
        near = f" in '{key['key']}'" if key else ""
        raise CatalogError(
            f"{shown}:{line}: cannot read file: it is not UTF-8 text "
            f"(byte {data[error.start]:#04x}{near}); save it as UTF-8"
        ) from None


def _check_id_free(routine: Routine, workspace: Workspace, where: _Where, replace: bool) -> None:
    """Refuse an id that belongs to a built-in, or to a user routine unless replacing."""
    existing = workspace.catalog.routines.get(routine.id)
    taken = set(workspace.catalog.routines) | {str(d.get("id")) for d in workspace.store.routines()}
    if existing is not None and existing.builtin:
        where.fail(
            ("id",),
            f"id '{routine.id}' belongs to a built-in routine, which cannot be replaced; "
            f"change the id (for example to '{new_routine_id(routine.id + '-mine', taken)}')",
        )
    if routine.id in taken and not replace:
        where.fail(
            ("id",),
            f"id '{routine.id}' is already one of your routines; import with --replace "
            "to overwrite it, or change the id",
        )


def import_routine_file(path: Path, workspace: Workspace, replace: bool = False) -> Routine:
    """Validate a routine file and save it as the user's own routine; nothing is written on error.

    An id used by a built-in routine is always refused; an id used by one of
    the user's routines is refused unless ``replace`` is true.
    """
    text = read_routine_text(path)
    shown = shown_path(path)
    routine = routine_from_toml(text, shown, workspace.catalog)
    where = _Where(shown, scan_positions(text), _label({"id": routine.id}))
    _check_id_free(routine, workspace, where, replace)
    workspace.store.save_routine(routine_to_dict(routine))
    workspace.reload_routines()
    return routine
