"""``unpinch import`` and ``unpinch export``, run for real against a data file in tmp_path."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from unpinch.library.workspace import open_workspace

BAD = Path(__file__).parent / "data" / "bad_routines"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A data file that already exists, so later byte comparisons mean something."""
    path = tmp_path / "data" / "unpinch.json"
    open_workspace(path).close()
    assert path.exists()
    return path


def exported(routine_id: str, db: Path) -> str:
    result = run_cli("export", routine_id, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_export_prints_a_routine_file(db: Path) -> None:
    text = exported("gentle-stretches", db)
    doc = tomllib.loads(text)
    assert doc["id"] == "gentle-stretches"
    assert [item["exercise"] for item in doc["items"]] == [
        "pelvic-tilt",
        "knee-to-chest",
        "figure-four-stretch",
        "seated-spinal-twist",
    ]
    assert text.startswith("# unpinch routine: Gentle stretches\n")


def test_export_of_an_unknown_id_fails_in_one_line(db: Path) -> None:
    result = run_cli("export", "nope", db=db)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "unpinch: no routine with id 'nope' (see 'unpinch routines')"


def test_import_then_export_gives_back_the_file(tmp_path: Path, db: Path) -> None:
    text = exported("gentle-stretches", db).replace('id = "gentle-stretches"', 'id = "my-gentle"')
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("import", str(path), db=db)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"Imported 'Gentle stretches' \(my-gentle\) — 4 exercises, about \d+ min\n", result.stdout
    )
    listed = {r["id"]: r for r in json.loads(run_cli("routines", "--json", db=db).stdout)}
    assert listed["my-gentle"]["builtin"] is False
    assert listed["my-gentle"]["exercises"] == listed["gentle-stretches"]["exercises"]
    assert exported("my-gentle", db) == text


def test_import_refuses_a_taken_id_until_replace(tmp_path: Path, db: Path) -> None:
    text = exported("gentle-stretches", db).replace('id = "gentle-stretches"', 'id = "mine"')
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    assert run_cli("import", str(path), db=db).returncode == 0
    path.write_text(text.replace('name = "Gentle stretches"', 'name = "Softer"'), encoding="utf-8")
    before = db.read_bytes()
    again = run_cli("import", str(path), db=db)
    assert again.returncode == 1
    assert "already one of your routines" in again.stderr
    assert db.read_bytes() == before
    replaced = run_cli("import", str(path), "--replace", db=db)
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.startswith("Imported 'Softer' (mine)")


def test_import_refuses_a_builtin_id(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "same.toml"
    path.write_text(exported("spasm-relief", db), encoding="utf-8")
    before = db.read_bytes()
    result = run_cli("import", str(path), "--replace", db=db)
    assert result.returncode == 1
    assert "same.toml:" in result.stderr
    assert "built-in" in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("target", ["missing.toml", "."])
def test_import_of_an_unreadable_path_fails_in_one_line(
    tmp_path: Path, db: Path, target: str
) -> None:
    result = run_cli("import", str(tmp_path / target), db=db)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "cannot read file" in result.stderr


@pytest.mark.parametrize(
    ("name", "line", "field"),
    [
        ("negative_hold.toml", 12, "items[2].dose.hold_s"),
        ("unknown_exercise.toml", 9, "items[2].exercise"),
        ("duplicate_keys.toml", 4, "name"),
        ("not_utf8.toml", 3, "name"),
        ("empty.toml", 1, "id"),
    ],
)
def test_bad_files_fail_with_one_line_and_write_nothing(
    db: Path, name: str, line: int, field: str
) -> None:
    before = db.read_bytes()
    result = run_cli("import", str(BAD / name), db=db)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("unpinch: ")
    assert result.stderr.count("\n") == 1
    assert f"{name}:{line}: " in result.stderr
    assert field in result.stderr
    assert db.read_bytes() == before
