"""``unpinch due`` answered from the data file and a cache: the same answers, far fewer imports."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.cli_helpers import ROOT, run_cli
from tests.test_recovery_cli import played, store_with
from unpinch.library.codec import routine_to_dict
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.paths import LIBRARY_DATA_DIR
from unpinch.library.programme import due_today
from unpinch.library.quick_due import cache_path, current_key, quick_due, write_cache
from unpinch.library.schedule import Schedule
from unpinch.library.store import Store
from unpinch.library.workspace import open_workspace
from unpinch.tui.quick import due_request

HEAVY = ("textual", "rich", "simpleaudio", "miniaudio")
"""What a status-line command must never import."""


def own_routine(schedule: Schedule, exercise: str = "bridge") -> Routine:
    """A user routine of one exercise on ``schedule``."""
    item = RoutineItem(exercise, Dose(hold_s=Span(10, 10), reps=Span(1, 1)))
    return Routine(id="mine", name="My \x1b[31mroutine", items=(item,), schedule=schedule)


def save_routine(db: Path, routine: Routine, *, raw: dict[str, object] | None = None) -> None:
    """Store a user routine (or a hand-written document) in the data file."""
    with Store.open(db) as store:
        store.save_routine(raw or routine_to_dict(routine))


@pytest.mark.parametrize(
    ("argv", "request_"),
    [
        (["due"], (None, False)),
        (["due", "--tmux"], (None, True)),
        (["--db", "x.json", "due"], ("x.json", False)),
        (["--db=x.json", "due", "--tmux"], ("x.json", True)),
        (["due", "--help"], None),
        (["--sound", "off", "due"], None),
        (["due", "--tmux", "extra"], None),
        (["--db"], None),
        (["history"], None),
        ([], None),
    ],
)
def test_only_the_plain_forms_of_due_are_taken_early(
    argv: list[str], request_: tuple[str | None, bool] | None
) -> None:
    assert due_request(argv) == request_


def scenario(tmp_path: Path) -> Path:
    """A data file with a due built-in routine, a due user routine and a rest-free week."""
    db = store_with(
        tmp_path / "db.json",
        [played("stretching-stage", 4), played("mine", 2), played("gone", 9)],
    )
    save_routine(db, own_routine(Schedule(per_week=(7, 7))))
    return db


def test_the_quick_answer_is_the_full_answer(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    assert quick_due(db, date.today(), LIBRARY_DATA_DIR) is None  # no cache yet
    full = run_cli("due", db=db)
    assert cache_path(db).is_file()
    quick = run_cli("due", db=db)
    assert (quick.returncode, quick.stdout, quick.stderr) == (1, full.stdout, full.stderr)
    assert full.stdout.splitlines()[0].startswith("Stretching stage is due today")
    assert "My \u241b[31mroutine is due today" in full.stdout  # controls shown, not obeyed
    found = quick_due(db, date.today(), LIBRARY_DATA_DIR)
    space = open_workspace(db)
    try:
        assert found == due_today(space, date.today())
    finally:
        space.close()
    tmux = run_cli("due", "--tmux", db=db)
    assert (tmux.returncode, tmux.stdout) == (1, "Stretching stage due")


def test_a_user_routine_the_library_refuses_is_left_out_both_ways(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("mine", 3)])
    save_routine(db, own_routine(Schedule(per_week=(7, 7))))
    write_cache(db, current_key(db, LIBRARY_DATA_DIR), {})
    with Store.open(db) as store:
        doc = dict(store.routines()[0])
    doc["items"] = [{**doc["items"][0], "exercise": "no-such-exercise"}]
    save_routine(db, own_routine(Schedule()), raw=doc)
    assert quick_due(db, date.today(), LIBRARY_DATA_DIR) is None  # the routines changed
    full = run_cli("due", db=db)
    assert (full.returncode, full.stdout) == (0, "Nothing is due today.\n")
    assert "no-such-exercise" in full.stderr
    assert quick_due(db, date.today(), LIBRARY_DATA_DIR) is None  # the notice stays in sight


def test_a_changed_routine_voids_the_cache_until_the_full_command_runs(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("mine", 2)])
    save_routine(db, own_routine(Schedule(per_week=(1, 1))))
    assert run_cli("due", db=db).returncode == 0  # once a week: not due two days on
    assert quick_due(db, date.today(), LIBRARY_DATA_DIR) == []
    save_routine(db, own_routine(Schedule(per_week=(7, 7))))
    assert quick_due(db, date.today(), LIBRARY_DATA_DIR) is None
    assert run_cli("due", "--tmux", db=db).returncode == 1  # the full command answers
    found = quick_due(db, date.today(), LIBRARY_DATA_DIR)
    assert found is not None and [d.routine_id for d in found] == ["mine"]


def test_an_edited_library_file_voids_the_cache(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(LIBRARY_DATA_DIR, data)
    db = scenario(tmp_path)
    write_cache(db, current_key(db, data), {"stretching-stage": ("Old name", Schedule())})
    assert quick_due(db, date.today(), data) is not None
    routines = data / "routines.toml"
    routines.write_text(routines.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert quick_due(db, date.today(), data) is None


@pytest.mark.parametrize(
    "spoil",
    [
        lambda tables: tables["sessions"].update({"abc": {"routine_id": "mine"}}),
        lambda tables: tables["meta"]["1"].update({"schema_version": 1}),
        lambda tables: tables.update({"sessions": []}),
        lambda tables: tables["sessions"].update({"9": "not a document"}),
    ],
    ids=["odd key", "old schema", "table not an object", "document not an object"],
)
def test_a_file_the_store_would_have_to_sort_out_goes_to_the_full_command(
    tmp_path: Path, spoil: object
) -> None:
    db = scenario(tmp_path)
    assert run_cli("due", db=db).returncode == 1
    tables = json.loads(db.read_text(encoding="utf-8"))
    spoil(tables)  # type: ignore[operator]
    db.write_text(json.dumps(tables), encoding="utf-8")
    write_cache(db, current_key(db, LIBRARY_DATA_DIR) or "k", {})
    assert quick_due(db, date.today(), LIBRARY_DATA_DIR) is None


def test_a_broken_or_foreign_cache_is_ignored_and_the_cache_is_private(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    assert run_cli("due", db=db).returncode == 1
    assert stat.S_IMODE(cache_path(db).stat().st_mode) == 0o600
    good = cache_path(db).read_text(encoding="utf-8")
    for text in ("{", "[]", json.dumps({**json.loads(good), "format": 0}), '{"format": 1}'):
        cache_path(db).write_text(text, encoding="utf-8")
        assert quick_due(db, date.today(), LIBRARY_DATA_DIR) is None, text
    db.write_text("{ not json", encoding="utf-8")
    cache_path(db).write_text(good, encoding="utf-8")
    assert quick_due(db, date.today(), LIBRARY_DATA_DIR) is None


def imported_by(args: list[str], db: Path) -> set[str]:
    """The modules a fresh ``unpinch ARGS`` has imported by the time it exits."""
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(' '.join(sys.modules), file=sys.stderr))\n"
        f"sys.argv = ['unpinch', *{args!r}]\n"
        "from unpinch.tui.__main__ import main\n"
        "main()\n"
    )
    env = {**os.environ, "UNPINCH_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return set(done.stderr.split())


@pytest.mark.parametrize(
    "args", [["--version"], ["due"], ["due", "--tmux"], ["--sound", "off", "due"]]
)
def test_due_and_version_import_neither_textual_nor_rich_nor_a_sound_library(
    tmp_path: Path, args: list[str]
) -> None:
    db = scenario(tmp_path)
    run_cli("due", db=db)
    modules = imported_by(args, db)
    assert "unpinch.tui.__main__" in modules
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)


def test_the_quick_due_imports_neither_click_nor_the_library_nor_the_store(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    run_cli("due", db=db)
    modules = imported_by(["due", "--tmux"], db)
    assert "unpinch.library.quick_due" in modules
    assert not modules & {"click", "tinydb", "unpinch.library.catalog", "tomllib", "typing"}


def test_the_cache_is_never_written_through_a_file_in_its_way(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("mine", encoding="utf-8")
    temp = cache_path(db).with_name(f"{cache_path(db).name}.{os.getpid()}.tmp")
    temp.symlink_to(elsewhere)
    write_cache(db, current_key(db, LIBRARY_DATA_DIR), {"x": ("X", Schedule())})
    assert elsewhere.read_text(encoding="utf-8") == "mine"
    assert not cache_path(db).exists()
