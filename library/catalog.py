"""Load and validate the built-in exercise library and user routine files.

The library is five TOML files in ``library/data`` (sources, exercises,
routines, avoid, glossary). Loading checks every field and every cross-reference and
stops at the first problem with a :class:`CatalogError` whose message names the
file, the entry and the field, so a hand edit that goes wrong is easy to fix.
The parse of each library file is cached (:mod:`unpinch.library.toml_cache`);
the checks run on every load.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from unpinch.library.codec import (
    CatalogError,
    avoid_from_dict,
    check_known,
    did_you_mean,
    exercise_from_dict,
    routine_from_dict,
    source_from_dict,
    term_from_dict,
)
from unpinch.library.model import Avoid, Catalog, Exercise, Routine, Source, Term
from unpinch.library.paths import LIBRARY_DATA_DIR
from unpinch.library.toml_cache import SHIPPED, parsed_tables

__all__ = ["DATA_DIR", "CatalogError", "clear_cache", "load_catalog", "load_routine_file"]

DATA_DIR: Path = LIBRARY_DATA_DIR
LIBRARY_FILES = ("sources.toml", "exercises.toml", "routines.toml", "avoid.toml", "glossary.toml")
"""The library's files, in the order they are read (each may cite those before it)."""

T = TypeVar("T", Source, Exercise, Routine, Avoid, Term)

TOML_POSITION = re.compile(r"^(?P<msg>.*) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def shown_path(path: Path) -> str:
    """Show a path for messages: relative to the working folder when inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _read_bytes(path: Path) -> bytes:
    """Read a library or routine file, turning a read error into a CatalogError."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise CatalogError(
            f"{shown_path(path)}: cannot read file: {error.strerror or error}"
        ) from error


def _parse_toml(data: bytes, path: Path) -> dict[str, Any]:
    """Parse the TOML text ``data`` read from ``path``, turning its errors into CatalogErrors.

    tomllib is imported here: with the library's parse cached, most starts never need it.
    """
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CatalogError(f"{shown_path(path)}: cannot read file: it is not UTF-8 text") from error
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{shown_path(path)}: {_syntax_message(str(error))}") from error


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning read and syntax errors into CatalogErrors."""
    return _parse_toml(_read_bytes(path), path)


def _read_library_toml(path: Path, use_cache: bool = True) -> dict[str, Any]:
    """Parse a library file through the cache of parsed files (see :mod:`.toml_cache`).

    With ``use_cache`` False the file is parsed whatever the cache holds, and
    that parse is cached.
    """
    data = _read_bytes(path)
    return parsed_tables(
        path.name,
        data,
        lambda text: _parse_toml(text, path),
        use_cache=use_cache,
        shipped=path.parent / SHIPPED,
    )


Read = Callable[[Path], dict[str, Any]]
"""How a library file is read and parsed: through the cache, or past it."""


def _syntax_message(message: str) -> str:
    """Reword tomllib's "... (at line 3, column 5)" as "TOML syntax error on line 3, ..."."""
    match = TOML_POSITION.match(message)
    if match is None:
        return f"TOML syntax error: {message}"
    return f"TOML syntax error on line {match['line']}, column {match['col']}: {match['msg']}"


def _entries(doc: Mapping[str, Any], shown: str, key: str) -> list[Mapping[str, Any]]:
    """Return the ``[[key]]`` tables of a library file, refusing any other top-level content."""
    for name in doc:
        if name != key:
            hint = did_you_mean(name, [key])
            raise CatalogError(f"{shown}: unknown top-level key '{name}'{hint}")
    tables = doc.get(key)
    if not tables:
        raise CatalogError(f"{shown}: no [[{key}]] entries found")
    if not isinstance(tables, list) or not all(isinstance(t, Mapping) for t in tables):
        raise CatalogError(f"{shown}: '{key}' must be written as [[{key}]] tables")
    return tables


def _entry_where(shown: str, kind: str, table: Mapping[str, Any], number: int) -> str:
    """Name an entry for messages: by id when it has a usable one, else by position."""
    ident = table.get("id")
    label = f"'{ident}'" if isinstance(ident, str) and ident.strip() else f"#{number}"
    return f"{shown}: {kind} {label}"


def _load_file(
    path: Path, key: str, build: Callable[[Mapping[str, Any], str], T], read: Read
) -> dict[str, tuple[T, str]]:
    """Parse every entry of one library file, keyed by id in file order, refusing duplicates.

    Each value keeps the entry's ``where`` prefix so later cross-checks can
    report against the right file and entry.
    """
    shown = shown_path(path)
    found: dict[str, tuple[T, str]] = {}
    numbers: dict[str, int] = {}
    for number, table in enumerate(_entries(read(path), shown, key), 1):
        where = _entry_where(shown, key, table, number)
        item = build(table, where)
        if item.id in found:
            raise CatalogError(f"{where}: duplicate id, already used by {key} #{numbers[item.id]}")
        found[item.id] = (item, where)
        numbers[item.id] = number
    return found


def _check_exercise_links(
    exercises: Mapping[str, tuple[Exercise, str]], source_ids: Mapping[str, Source]
) -> None:
    """Check each exercise cites known sources and its easier/harder variants exist."""
    for exercise, where in exercises.values():
        if not exercise.sources:
            raise CatalogError(f"{where}: sources must not be empty")
        check_known(where, "sources", exercise.sources, source_ids, "source")
        for field in ("easier", "harder"):
            variants = getattr(exercise, field)
            check_known(where, field, variants, exercises, "exercise")
            if exercise.id in variants:
                raise CatalogError(f"{where}: {field} must not name the exercise itself")


def _load(data_dir: Path) -> Catalog:
    """Read and cross-check the five library files in ``data_dir``, parsed through the cache.

    Should what the cache gave not pass the checks (a damaged cache file that
    is still JSON), the files are parsed again, so only a real mistake in the
    library itself is reported.
    """
    try:
        return _load_with(data_dir, _read_library_toml)
    except CatalogError:
        return _load_with(data_dir, functools.partial(_read_library_toml, use_cache=False))


def _load_with(data_dir: Path, read: Read) -> Catalog:
    """Read the five library files with ``read`` and check every entry and cross-reference."""
    sources_file, exercises_file, routines_file, avoid_file, glossary_file = LIBRARY_FILES
    sources = _load_file(data_dir / sources_file, "source", source_from_dict, read)
    exercises = _load_file(data_dir / exercises_file, "exercise", exercise_from_dict, read)
    known_sources = {key: source for key, (source, _) in sources.items()}
    _check_exercise_links(exercises, known_sources)

    def build_routine(table: Mapping[str, Any], where: str) -> Routine:
        """Parse a routine against the exercises just loaded and the known sources."""
        routine = routine_from_dict(table, where, exercises)
        check_known(where, "sources", routine.sources, known_sources, "source")
        return routine

    def build_avoid(table: Mapping[str, Any], where: str) -> Avoid:
        """Parse an avoid entry and check the sources it cites."""
        avoid = avoid_from_dict(table, where)
        check_known(where, "sources", avoid.sources, known_sources, "source")
        return avoid

    routines = _load_file(data_dir / routines_file, "routine", build_routine, read)

    def build_term(table: Mapping[str, Any], where: str) -> Term:
        """Parse a glossary entry and check the sources it cites."""
        term = term_from_dict(table, where)
        check_known(where, "sources", term.sources, known_sources, "source")
        return term

    avoid = _load_file(data_dir / avoid_file, "avoid", build_avoid, read)
    glossary = _load_file(data_dir / glossary_file, "term", build_term, read)
    return Catalog(
        exercises={key: value for key, (value, _) in exercises.items()},
        routines={key: value for key, (value, _) in routines.items()},
        avoid=tuple(value for value, _ in avoid.values()),
        sources=known_sources,
        glossary=tuple(value for value, _ in glossary.values()),
    )


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path) -> Catalog:
    """Memoised :func:`_load`, keyed by the resolved data folder."""
    return _load(data_dir)


def load_catalog(data_dir: Path = DATA_DIR, *, cached: bool = True) -> Catalog:
    """Load the exercise library from ``data_dir``, raising CatalogError on any problem.

    Results are cached per folder because the library is read-only while the
    app runs; pass ``cached=False`` (or call :func:`clear_cache`) to re-read
    files after editing them.
    """
    if not cached:
        return _load(data_dir)
    return _load_cached(data_dir.resolve())


def clear_cache() -> None:
    """Forget every cached catalogue so the next load reads the files again."""
    _load_cached.cache_clear()


def load_routine_file(path: Path, catalog: Catalog) -> Routine:
    """Load a user's routine from a TOML file whose top-level keys are a routine's fields.

    The routine must only name exercises and sources in ``catalog``. It is
    marked ``builtin=False``.
    """
    doc = _read_toml(path)
    where = _entry_where(shown_path(path), "routine", doc, 1)
    routine = routine_from_dict(doc, where, catalog.exercises)
    check_known(where, "sources", routine.sources, catalog.sources, "source")
    return replace(routine, builtin=False)
