"""A cache of the exercise library's parsed TOML, so a start need not parse it again.

tomllib is pure Python: parsing the library's 70 KB of TOML took 7–8 ms of
every start, most of the 9–10 ms the whole catalogue load took. The cache
keeps each file's parsed tables as JSON, which the C json module reads in
about 0.2 ms, under a name that holds the SHA-256 of the TOML's bytes. An
edited or upgraded file has another digest, so a stale entry is never read.

The cache holds only the parse: :mod:`unpinch.library.catalog` validates and
cross-checks every entry on every load, as before, and parses the files
again when what the cache gave does not pass, so a damaged cache file costs
a parse and nothing else. Any other problem with the cache (no cache folder,
a read-only one, a full disk, bad JSON, a digest that does not match, a
named pipe in an entry's place) also falls back to parsing the TOML,
silently: the cache is only for speed. A cache file edited by hand so that
it still passes every check would be believed; it sits in the user's own
cache folder, as writable to them as their shell's start-up files.

The package also ships the parse of its own library files, in ``parsed/``
beside them, in the same form: so even the first start after installing,
with an empty cache, does not parse the TOML (which cost a fresh start about
15 ms, tomllib's import with it). ``python -m unpinch.library.toml_cache``
writes those entries again after the library is edited; a test fails while
they are out of date, and until then an edited file simply has no shipped
entry and is parsed and cached as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unpinch.library.digest import sha256_hex
from unpinch.library.paths import APP_NAME
from unpinch.library.regular_files import read_regular

CACHE_ENV = "UNPINCH_CACHE_DIR"
"""Names the cache folder, overriding the per-user cache folder (used by the tests)."""
FORMAT = 1
"""Bumped whenever what an entry holds changes, so older entries are not read."""
ENTRY_LIMIT = 4_000_000
"""The largest cache file read (the biggest entry is about 50 KB)."""
DIGEST_CHARS = 64
SHIPPED = "parsed"
"""The folder, beside the library's TOML files, of the parse shipped with the package."""

Parse = Callable[[bytes], dict[str, Any]]


def cache_dir() -> Path:
    """The folder of parsed library files: ``$UNPINCH_CACHE_DIR``, else the user cache folder.

    platformdirs is imported here: Textual has loaded it already when the app
    starts, and a plain command that never loads the library does not pay for it.
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME)) / "library"


def entry_path(folder: Path, name: str, digest: str) -> Path:
    """The cache file for the TOML file ``name`` whose bytes have SHA-256 ``digest``."""
    return folder / f"{Path(name).stem}-{digest}.json"


def is_entry_of(path: Path, name: str) -> bool:
    """Tell whether ``path`` is a cache file of the TOML file ``name``, for any digest."""
    prefix = f"{Path(name).stem}-"
    digest = path.name.removeprefix(prefix).removesuffix(".json")
    named = path.name.startswith(prefix) and path.name.endswith(".json")
    return named and len(digest) == DIGEST_CHARS and all(c in "0123456789abcdef" for c in digest)


def parsed_tables(
    name: str,
    data: bytes,
    parse: Parse,
    *,
    use_cache: bool = True,
    shipped: Path | None = None,
) -> dict[str, Any]:
    """The tables of the TOML file ``name`` holding ``data``: cached or shipped, else ``parse``.

    ``shipped`` is the folder of the parse shipped with the package, looked in
    first. ``parse`` raises on a file that is not valid TOML; nothing is cached
    then. With ``use_cache`` False, the file is parsed whatever the shipped
    entries and the cache hold, and that parse replaces the cache's entry.
    """
    digest = sha256_hex(data)
    if use_cache:
        for folder in (shipped, cache_dir()):
            found = None if folder is None else read_entry(entry_path(folder, name, digest), digest)
            if found is not None:
                return found
    tables = parse(data)
    write_entry(cache_dir(), name, digest, tables)
    return tables


def read_entry(path: Path, digest: str) -> dict[str, Any] | None:
    """The tables a cache file holds for ``digest``, or None when it has no usable ones.

    Only a regular file is read: a named pipe put in its place cannot hang a start.
    """
    try:
        entry = json.loads(read_regular(path, ENTRY_LIMIT))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return None
    tables = entry.get("tables")
    if entry.get("digest") != digest or not isinstance(tables, dict):
        return None
    return tables


def encoded(digest: str, tables: dict[str, Any]) -> bytes | None:
    """The cache file's bytes for ``tables``, or None when JSON cannot hold them exactly.

    TOML has dates and times, which JSON has not, and a NaN never equals
    itself: such files are simply not cached.
    """
    entry = {"format": FORMAT, "digest": digest, "tables": tables}
    try:
        text = json.dumps(entry, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None
    if json.loads(text)["tables"] != tables:
        return None
    return text.encode("utf-8")


def write_entry(folder: Path, name: str, digest: str, tables: dict[str, Any]) -> None:
    """Save ``tables`` for ``digest`` in one atomic rename, and drop older entries of ``name``.

    Failing to save only means parsing again next time, so any OSError is ignored.
    """
    data = encoded(digest, tables)
    if data is None:
        return
    keep = entry_path(folder, name, digest)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, keep)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        for older in folder.iterdir():
            if older != keep and is_entry_of(older, name):
                older.unlink(missing_ok=True)


def ship(sources: list[Path], parse: Parse) -> list[Path]:
    """Write the shipped parse of the TOML files ``sources`` beside them, dropping older entries.

    Returns the entries written, readable by everyone as the package's other
    files are. A file JSON cannot hold exactly is left out.
    """
    written = []
    for source in sources:
        data = source.read_bytes()
        digest = sha256_hex(data)
        write_entry(source.parent / SHIPPED, source.name, digest, parse(data))
        entry = entry_path(source.parent / SHIPPED, source.name, digest)
        if entry.is_file():
            entry.chmod(0o644)
            written.append(entry)
    return written


def main() -> None:
    """Write the shipped parse of the exercise library again (after its TOML was edited)."""
    import tomllib

    from unpinch.library.catalog import LIBRARY_FILES
    from unpinch.library.paths import LIBRARY_DATA_DIR

    def parse(data: bytes) -> dict[str, Any]:
        return tomllib.loads(data.decode("utf-8"))

    for path in ship([LIBRARY_DATA_DIR / name for name in LIBRARY_FILES], parse):
        print(path)


if __name__ == "__main__":
    main()
