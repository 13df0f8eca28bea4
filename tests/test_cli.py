"""The plain command line: output, exit codes and one-line errors, run for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from unpinch.library import __version__


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "unpinch.json"


def test_version(db: Path) -> None:
    result = run_cli("--version", db=db)
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_exercises_json_lists_the_library(db: Path) -> None:
    result = run_cli("exercises", "--json", db=db)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    ids = [item["id"] for item in items]
    assert len(ids) >= 28
    assert len(ids) == len(set(ids))
    assert all(item["steps"] and item["cues"] and item["sources"] for item in items)


def test_exercises_table_has_a_row_per_exercise(db: Path) -> None:
    listed = json.loads(run_cli("exercises", "--json", db=db).stdout)
    result = run_cli("exercises", db=db)
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:2] == ["ID", "NAME"]
    assert len(lines) == len(listed) + 1


def test_routines_json_has_computed_durations(db: Path) -> None:
    result = run_cli("routines", "--json", db=db)
    assert result.returncode == 0, result.stderr
    routines = json.loads(result.stdout)
    assert len(routines) >= 7
    for routine in routines:
        assert set(routine) >= {"id", "name", "duration_s", "exercises"}
        assert isinstance(routine["duration_s"], int)
        assert routine["duration_s"] >= 30 * len(routine["exercises"]) // 3
        assert routine["exercises"]


def test_show_exercise_and_routine(db: Path) -> None:
    exercises = json.loads(run_cli("exercises", "--json", db=db).stdout)
    first = exercises[0]
    page = run_cli("show", first["id"], db=db)
    assert page.returncode == 0
    assert first["name"] in page.stdout
    assert "Steps:" in page.stdout and "Sources:" in page.stdout
    routine = json.loads(run_cli("routines", "--json", db=db).stdout)[0]
    page = run_cli("show", routine["id"], db=db)
    assert page.returncode == 0
    assert routine["name"] in page.stdout and "Exercises:" in page.stdout


def test_unknown_id_is_one_line_exit_1(db: Path) -> None:
    result = run_cli("show", "no-such-thing", db=db)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no-such-thing" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2(db: Path) -> None:
    assert run_cli("exercises", "--bogus", db=db).returncode == 2
    assert run_cli("no-such-command", db=db).returncode == 2


def test_broken_data_file_is_moved_aside_and_reported(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b'{"sessions": {"1": {"id": "x"')
    result = run_cli("routines", db=db)
    assert result.returncode == 0
    assert "moved" in result.stderr
    aside = [p for p in db.parent.iterdir() if p.name.startswith(db.name + ".broken")]
    assert len(aside) == 1
    assert aside[0].read_bytes() == b'{"sessions": {"1": {"id": "x"'


def test_unusable_data_path_is_one_line_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("routines", db=blocker / "unpinch.json")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.stderr
    assert blocker.read_text() == "not a folder"


def test_player_without_a_terminal_says_so(db: Path) -> None:
    result = run_cli(db=db)
    assert result.returncode == 1
    assert "terminal" in result.stderr
