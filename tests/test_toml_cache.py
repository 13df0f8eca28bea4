"""The cache of parsed library files: read instead of the TOML, never believed over a check.

Each test has a cache folder of its own (``UNPINCH_CACHE_DIR``) and loads a
copy of the library it may edit (without the parse the package ships, unless
the test is about that), or the real library, with the catalogue's memo off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import threading
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unpinch.library import toml_cache
from unpinch.library.catalog import DATA_DIR, LIBRARY_FILES, CatalogError, load_catalog
from unpinch.library.toml_cache import (
    CACHE_ENV,
    SHIPPED,
    encoded,
    entry_path,
    is_entry_of,
    parsed_tables,
    read_entry,
)

GENTLE = 'name = "Gentle stretches"'
"""A line of routines.toml the tests edit."""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the TOML parses the catalogue makes: each parsed text's first line."""
    seen: list[str] = []
    real = tomllib.loads

    def counting(text: str, **options: Any) -> dict[str, Any]:
        seen.append(text.split("\n", 1)[0])
        return real(text, **options)

    monkeypatch.setattr(tomllib, "loads", counting)
    return seen


def library_copy(tmp_path: Path, *, shipped: bool = False) -> Path:
    """A copy of the library files that a test may edit, with the shipped parse if asked."""
    folder = tmp_path / "data"
    folder.mkdir(parents=True)
    for name in LIBRARY_FILES:
        shutil.copy(DATA_DIR / name, folder / name)
    if shipped:
        shutil.copytree(DATA_DIR / SHIPPED, folder / SHIPPED)
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the library without the shipped parse: only the cache can spare a parse."""
    return library_copy(tmp_path)


def entries(cache: Path) -> list[str]:
    """The cache's entry files, by name."""
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


@pytest.mark.usefixtures("cache")
def test_a_second_load_reads_the_cache_and_gives_the_same_catalogue(
    library: Path, parses: list[str]
) -> None:
    first = load_catalog(library, cached=False)
    assert len(parses) == len(LIBRARY_FILES)
    second = load_catalog(library, cached=False)
    assert len(parses) == len(LIBRARY_FILES)  # no parse the second time
    assert second == first


def test_each_file_has_one_entry_named_by_its_digest(library: Path, cache: Path) -> None:
    load_catalog(library, cached=False)
    names = entries(cache)
    assert len(names) == len(LIBRARY_FILES)
    for name in LIBRARY_FILES:
        assert sum(is_entry_of(cache / n, name) for n in names) == 1


def test_an_edited_file_is_parsed_again_and_its_old_entry_dropped(
    tmp_path: Path, cache: Path, parses: list[str]
) -> None:
    data = library_copy(tmp_path)
    load_catalog(data, cached=False)
    before = set(entries(cache))
    routines = data / "routines.toml"
    routines.write_text(routines.read_text().replace(GENTLE, 'name = "Gentle ones"'))
    parses.clear()
    catalog = load_catalog(data, cached=False)
    assert len(parses) == 1
    assert "Gentle ones" in {r.name for r in catalog.routines.values()}
    after = set(entries(cache))
    assert len(after) == len(before) and len(after - before) == 1
    [added] = after - before
    assert added.startswith("routines-")


DAMAGE = {
    "not JSON": b"{ not json",
    "empty": b"",
    "not a table": b"[1, 2, 3]",
    "wrong digest": b'{"format": 1, "digest": "00", "tables": {}}',
    "wrong format": None,  # filled in from a real entry
    "fails the checks": None,
}


def damage(path: Path, kind: str) -> None:
    """Spoil one cache entry in the way ``kind`` names."""
    if kind == "wrong format":
        path.write_text(path.read_text().replace('"format": 1', '"format": 99', 1))
    elif kind == "fails the checks":
        # Still JSON, right digest and format, but the first exercise has lost its name.
        path.write_text(path.read_text().replace('"name":', '"nom":', 1))
    else:
        raw = DAMAGE[kind]
        assert raw is not None
        path.write_bytes(raw)


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_entry_costs_a_parse_and_nothing_else(
    library: Path, cache: Path, parses: list[str], kind: str
) -> None:
    good = load_catalog(library, cached=False)
    [exercises] = [cache / n for n in entries(cache) if n.startswith("exercises-")]
    damage(exercises, kind)
    parses.clear()
    assert load_catalog(library, cached=False) == good
    if kind == "fails the checks":  # every file is parsed again, past the cache
        assert len(parses) == len(LIBRARY_FILES)
    else:
        assert parses == ["# The built-in exercise library."]
    assert read_entry(exercises, exercises.stem.split("-", 1)[1]) is not None  # mended


def test_a_named_pipe_in_an_entrys_place_does_not_hang(library: Path, cache: Path) -> None:
    good = load_catalog(library, cached=False)
    [exercises] = [cache / n for n in entries(cache) if n.startswith("exercises-")]
    exercises.unlink()
    os.mkfifo(exercises)
    found: list[object] = []
    loader = threading.Thread(target=lambda: found.append(load_catalog(library, cached=False)))
    loader.start()
    loader.join(10)
    assert not loader.is_alive(), "the load blocked on the named pipe"
    assert found == [good]
    assert stat.S_ISREG(exercises.stat().st_mode)  # the pipe was replaced by a good entry


def test_a_cache_that_cannot_be_written_only_means_parsing(
    library: Path, cache: Path, parses: list[str]
) -> None:
    cache.write_text("a file where the folder should be")
    first = load_catalog(library, cached=False)
    assert load_catalog(library, cached=False) == first
    assert len(parses) == 2 * len(LIBRARY_FILES)


def test_a_real_mistake_in_the_library_is_still_reported(tmp_path: Path, cache: Path) -> None:
    data = library_copy(tmp_path)
    load_catalog(data, cached=False)
    routines = data / "routines.toml"
    text = routines.read_text()
    routines.write_text(text.replace(GENTLE, f"{GENTLE}\nbogus = 1"))
    with pytest.raises(CatalogError, match="bogus"):
        load_catalog(data, cached=False)
    routines.write_text("not toml at all = = =")
    with pytest.raises(CatalogError, match="TOML syntax error"):
        load_catalog(data, cached=False)


def test_a_file_json_cannot_hold_is_not_cached(cache: Path) -> None:
    text = b'when = 2026-12-02\n[[source]]\nid = "x"\n'
    tables = parsed_tables("dated.toml", text, lambda data: tomllib.loads(data.decode()))
    assert str(tables["when"]) == "2026-12-02"
    assert entries(cache) == []


def test_another_files_entries_are_kept(cache: Path) -> None:
    cache.mkdir()
    neighbour = entry_path(cache, "figures-extra.toml", "a" * 64)
    neighbour.write_text("{}")
    parsed_tables("figures.toml", b"x = 1\n", lambda data: tomllib.loads(data.decode()))
    assert neighbour.exists()
    assert len(entries(cache)) == 2


def test_the_shipped_parse_is_the_parse_of_the_library_as_it_is() -> None:
    folder = DATA_DIR / SHIPPED
    expected = set()
    for name in LIBRARY_FILES:
        data = (DATA_DIR / name).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        entry = entry_path(folder, name, digest)
        stale = f"{name} changed: run `python -m unpinch.library.toml_cache` to ship its parse"
        assert read_entry(entry, digest) == tomllib.loads(data.decode("utf-8")), stale
        expected.add(entry.name)
    assert {path.name for path in folder.iterdir()} == expected


def test_a_first_start_reads_the_shipped_parse_and_parses_nothing(
    cache: Path, parses: list[str], library: Path
) -> None:
    catalog = load_catalog(cached=False)
    assert parses == []
    assert entries(cache) == []  # nothing to keep: the package has it
    assert catalog == load_catalog(library, cached=False)  # as parsing the TOML gives


@pytest.mark.parametrize("kind", ["not JSON", "fails the checks"])
def test_a_damaged_shipped_entry_costs_a_parse_and_nothing_else(
    tmp_path: Path, cache: Path, parses: list[str], library: Path, kind: str
) -> None:
    good = load_catalog(library, cached=False)
    shutil.rmtree(cache)
    data = library_copy(tmp_path / "shipped", shipped=True)
    [exercises] = (data / SHIPPED).glob("exercises-*.json")
    damage(exercises, kind)
    parses.clear()
    assert load_catalog(data, cached=False) == good
    assert parses  # the TOML was parsed instead


def test_ship_writes_one_readable_entry_per_file_and_drops_older_ones(tmp_path: Path) -> None:
    data = library_copy(tmp_path)
    (data / SHIPPED).mkdir()
    older = entry_path(data / SHIPPED, "routines.toml", "0" * 64)
    older.write_text("{}")
    written = toml_cache.ship(
        [data / name for name in LIBRARY_FILES], lambda b: tomllib.loads(b.decode())
    )
    assert sorted(path.name for path in (data / SHIPPED).iterdir()) == sorted(
        p.name for p in written
    )
    assert len(written) == len(LIBRARY_FILES) and not older.exists()
    assert all(path.stat().st_mode & 0o777 == 0o644 for path in written)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
TABLES = st.dictionaries(st.text(), JSON_VALUES, max_size=5)


@given(tables=TABLES)
def test_any_tables_json_can_hold_come_back_exactly(tables: dict[str, Any]) -> None:
    data = encoded("d" * 64, tables)
    assert data is not None
    entry = json.loads(data)
    assert entry == {"format": toml_cache.FORMAT, "digest": "d" * 64, "tables": tables}


@given(junk=st.binary(max_size=200))
def test_any_bytes_in_an_entry_give_tables_or_nothing(junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.json"
        path.write_bytes(junk)
        found = read_entry(path, "d" * 64)
    assert found is None or isinstance(found, dict)
