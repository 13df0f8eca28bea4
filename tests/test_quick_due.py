"""``unpinch due`` answered from the full command's stored answer: the same words, few imports."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cli_helpers import ROOT, run_cli
from tests.test_recovery_cli import played, store_with
from unpinch.library import paths
from unpinch.library.codec import routine_to_dict
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.quick_due import (
    LIBRARY_DATA_DIR,
    MAX_CACHE_BYTES,
    answer_key,
    cache_path,
    quick_answer,
    quick_db_path,
    read_answer,
    today_text,
    write_answer,
)
from unpinch.library.schedule import Schedule
from unpinch.library.store import Store
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
    assert quick_answer(db) is None  # nothing stored yet
    full = run_cli("due", db=db)
    assert Path(cache_path(db)).is_file()
    assert quick_answer(db) == (1, "Stretching stage due", full.stdout)
    quick = run_cli("due", db=db)
    assert (quick.returncode, quick.stdout, quick.stderr) == (1, full.stdout, full.stderr)
    assert full.stdout.splitlines()[0].startswith("Stretching stage is due today")
    assert "My \u241b[31mroutine is due today" in full.stdout  # controls shown, not obeyed
    tmux = run_cli("due", "--tmux", db=db)
    assert (tmux.returncode, tmux.stdout) == (1, "Stretching stage due")


def test_nothing_due_is_stored_and_answered_the_same_way(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("stretching-stage", 0)])
    full = run_cli("due", db=db)
    assert (full.returncode, full.stdout) == (0, "Nothing is due today.\n")
    assert quick_answer(db) == (0, "", "Nothing is due today.\n")
    tmux = run_cli("due", "--tmux", db=db)
    assert (tmux.returncode, tmux.stdout) == (0, "")


def test_a_session_saved_since_voids_the_answer_until_the_full_command_runs(
    tmp_path: Path,
) -> None:
    db = store_with(tmp_path / "db.json", [played("stretching-stage", 4)])
    assert run_cli("due", db=db).returncode == 1
    assert quick_answer(db) is not None
    with Store.open(db) as store:
        store.add_session(played("stretching-stage", 0))
    assert quick_answer(db) is None  # the data file changed: the stored answer is not used
    assert run_cli("due", db=db).returncode == 0  # played today: nothing is due
    assert quick_answer(db) == (0, "", "Nothing is due today.\n")


def test_a_user_routine_the_library_refuses_is_never_stored(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("mine", 3)])
    save_routine(db, own_routine(Schedule(per_week=(7, 7))))
    with Store.open(db) as store:
        doc = dict(store.routines()[0])
    doc["items"] = [{**doc["items"][0], "exercise": "no-such-exercise"}]
    save_routine(db, own_routine(Schedule()), raw=doc)
    full = run_cli("due", db=db)
    assert (full.returncode, full.stdout) == (0, "Nothing is due today.\n")
    assert "no-such-exercise" in full.stderr
    assert quick_answer(db) is None  # the notice stays in sight on every run
    assert "no-such-exercise" in run_cli("due", db=db).stderr


def test_a_changed_routine_voids_the_answer(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("mine", 2)])
    save_routine(db, own_routine(Schedule(per_week=(1, 1))))
    assert run_cli("due", db=db).returncode == 0  # once a week: not due two days on
    assert quick_answer(db) == (0, "", "Nothing is due today.\n")
    save_routine(db, own_routine(Schedule(per_week=(7, 7))))
    assert quick_answer(db) is None
    assert run_cli("due", "--tmux", db=db).returncode == 1  # the full command answers
    found = quick_answer(db)
    assert found is not None and found[:2] == (1, "My \u241b[31mroutine due")


def test_an_edited_library_file_voids_the_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(LIBRARY_DATA_DIR, data)
    db = scenario(tmp_path)
    write_answer(db, answer_key(db, data, today_text()), 1, "X due", "X is due today\n")
    assert quick_answer(db, data) == (1, "X due", "X is due today\n")
    routines = data / "routines.toml"
    routines.write_text(routines.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert quick_answer(db, data) is None
    (data / "avoid.toml").unlink()
    assert answer_key(db, data, today_text()) is None


def test_yesterdays_answer_is_not_todays(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert today_text() == date.today().isoformat()
    write_answer(db, answer_key(db, LIBRARY_DATA_DIR, yesterday), 1, "X due", "X\n")
    assert read_answer(db, answer_key(db, LIBRARY_DATA_DIR, yesterday) or "") is not None
    assert quick_answer(db) is None


def test_an_answer_given_in_another_time_zone_is_not_used(tmp_path: Path, zone: None) -> None:
    db = scenario(tmp_path)
    os.environ["TZ"] = "UTC0"
    time.tzset()
    write_answer(db, answer_key(db, LIBRARY_DATA_DIR, today_text()), 1, "X due", "X\n")
    assert quick_answer(db) is not None
    os.environ["TZ"] = "JST-9"
    time.tzset()
    assert quick_answer(db) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        '{"format": 1, "key": "k", "routines": {}}',
        "{key}",
        "{key}\n2\nX due\nX\n",
        "{key}\n1\nX due",
        "other {key}\n1\nX due\nX\n",
    ],
    ids=["empty", "garbage", "old format", "key alone", "odd status", "no text", "other key"],
)
def test_a_broken_or_foreign_cache_is_ignored(tmp_path: Path, text: str) -> None:
    db = scenario(tmp_path)
    key = answer_key(db, LIBRARY_DATA_DIR, today_text())
    assert key is not None
    Path(cache_path(db)).write_text(text.replace("{key}", key), encoding="utf-8")
    assert quick_answer(db) is None


def test_an_oversized_or_undecodable_cache_is_ignored(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    key = answer_key(db, LIBRARY_DATA_DIR, today_text())
    cache = Path(cache_path(db))
    cache.write_text(f"{key}\n1\nX due\n" + "x" * MAX_CACHE_BYTES, encoding="utf-8")
    assert quick_answer(db) is None
    cache.write_bytes(f"{key}\n1\nX due\n".encode() + b"\xff\xfe\n")
    assert quick_answer(db) is None


def test_the_cache_is_private_and_a_fifo_or_symlink_in_its_place_is_not_read(
    tmp_path: Path,
) -> None:
    db = scenario(tmp_path)
    assert run_cli("due", db=db).returncode == 1
    cache = Path(cache_path(db))
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    good = tmp_path / "good"
    cache.rename(good)
    cache.symlink_to(good)
    assert quick_answer(db) is None  # a symlink is not followed
    cache.unlink()
    os.mkfifo(cache)
    assert quick_answer(db) is None  # returns at once instead of waiting for a writer
    done = run_cli("due", db=db, timeout=30)  # and the full command still answers
    assert done.returncode == 1


def test_a_data_file_that_is_not_a_regular_file_gets_no_quick_answer(tmp_path: Path) -> None:
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    assert answer_key(fifo, LIBRARY_DATA_DIR, today_text()) is None
    assert answer_key(tmp_path, LIBRARY_DATA_DIR, today_text()) is None
    assert answer_key(tmp_path / "missing.json", LIBRARY_DATA_DIR, today_text()) is None


@given(st.binary(max_size=300))
def test_any_cache_bytes_give_none_or_an_answer_filed_under_the_key(raw: bytes) -> None:
    key = "unpinch due 2 2026-12-01 k"
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"unpinch-quick-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    Path(cache_path(folder / "db.json")).write_bytes(raw)
    found = read_answer(folder / "db.json", key)
    if found is not None:
        assert raw.startswith(key.encode() + b"\n") and found[0] in (0, 1)


def test_the_quick_data_file_is_the_one_the_store_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = str(tmp_path)
    monkeypatch.setenv("HOME", home)
    cases: list[tuple[str | None, dict[str, str]]] = [
        ("x.json", {}),
        ("~/y.json", {"UNPINCH_DB": "elsewhere.json"}),
        (None, {"UNPINCH_DB": "~/z.json"}),
        ("", {"UNPINCH_DB": ""}),
        (None, {"XDG_DATA_HOME": f"{home}/data"}),
        (None, {"XDG_DATA_HOME": "  "}),
        (None, {}),
    ]
    for cli_value, env in cases:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        expected = paths.resolve_db_path(cli_value, {**os.environ, **env})
        assert quick_db_path(cli_value, {**os.environ, **env}) == str(expected), (cli_value, env)
        monkeypatch.delenv("UNPINCH_DB", raising=False)
    assert str(paths.LIBRARY_DATA_DIR) == LIBRARY_DATA_DIR


def imported_by(args: list[str], db: Path, prelude: str = "") -> set[str]:
    """The modules a fresh ``unpinch ARGS`` has imported by the time it exits."""
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(' '.join(sys.modules), file=sys.stderr))\n"
        f"{prelude}"
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


def test_the_quick_due_imports_little_beyond_the_interpreters_own_start(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    run_cli("due", db=db)
    start = subprocess.run(
        [sys.executable, "-c", "import atexit, sys; atexit.register(lambda: print(*sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    bare = set(start.stdout.split())
    modules = imported_by(["due", "--tmux"], db) - bare
    assert "unpinch.library.quick_due" in modules
    others = {m for m in modules if m.split(".")[0] != "unpinch"}
    assert others <= {"stat", "unicodedata", "__future__"}, others


def test_the_answer_is_never_written_through_a_file_in_its_way(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("mine", encoding="utf-8")
    temp = Path(f"{cache_path(db)}.{os.getpid()}.tmp")
    temp.symlink_to(elsewhere)
    write_answer(db, answer_key(db, LIBRARY_DATA_DIR, today_text()), 1, "X due", "X\n")
    assert elsewhere.read_text(encoding="utf-8") == "mine"
    assert not Path(cache_path(db)).exists()


AS_IF_IN_A_TERMINAL = (
    "import io\n"
    "class Tty(io.StringIO):\n"
    "    def isatty(self): return True\n"
    "sys.stdin = sys.stdout = Tty()\n"
    "import unpinch.tui.app\n"
    "unpinch.tui.app.run_app = lambda **options: 0\n"
)
"""A probe's prelude: standard streams that say they are a terminal; an app that ends at once."""


def test_plain_unpinch_goes_to_the_app_without_click_or_the_figures(tmp_path: Path) -> None:
    db = scenario(tmp_path)
    modules = imported_by([], db, AS_IF_IN_A_TERMINAL)
    assert "unpinch.tui.launch" in modules
    assert "click" not in modules
    assert "unpinch.library.figures.data" not in modules
    completion = run_cli(db=db, env={"_UNPINCH_COMPLETE": "bash_source"})
    assert "complete -o" in completion.stdout  # a shell asking for completions still gets click
