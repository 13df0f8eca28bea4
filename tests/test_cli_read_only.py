"""Commands that only read: they name what is wrong first and never create or rewrite data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from tests.test_journal import played
from unpinch.library.codec import routine_to_dict
from unpinch.library.live import LiveSession
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.quick_due import cache_path
from unpinch.library.store import Store

READING = [
    ("routines",),
    ("routines", "--json"),
    ("exercises",),
    ("show", "knee-to-chest"),
    ("history",),
    ("history", "--json"),
    ("due",),
    ("export", "mine"),
]
"""One run of each command that lists or shows, with the routine the stored file holds."""

MINE = routine_to_dict(
    Routine(
        id="mine",
        name="My short one",
        items=(RoutineItem("knee-to-chest", Dose(reps=Span(2, 2), rest_s=0, tempo_s=3.0)),),
        builtin=False,
    )
)


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A data file with one routine of the user's and no built-in exercises synced into it.

    A command that opened it for writing would sync the built-ins and so rewrite it.
    """
    path = tmp_path / "unpinch.json"
    with Store.open(path) as store:
        store.save_routine(MINE)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return path


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_a_missing_data_file_stays_missing(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "not-yet" / "unpinch.json"
    result = run_cli(*command, db=db)
    assert "Traceback" not in result.stderr
    assert not db.parent.exists()


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_an_existing_data_file_keeps_its_bytes_and_time(
    stored: Path, command: tuple[str, ...]
) -> None:
    before = stored.read_bytes()
    result = run_cli(*command, db=stored)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert stored.read_bytes() == before
    assert stored.stat().st_mtime_ns == 1_000_000_000_000_000_000
    beside = {p.name for p in stored.parent.iterdir()} - {Path(cache_path(stored)).name}
    assert beside == {"unpinch.json"}  # due may leave its own cache, nothing else


def test_the_listing_reads_what_the_file_holds(stored: Path) -> None:
    listed = json.loads(run_cli("routines", "--json", db=stored).stdout)
    assert [r["id"] for r in listed if not r["builtin"]] == ["mine"]


def test_the_users_own_routines_are_marked_as_theirs(stored: Path) -> None:
    lines = run_cli("routines", db=stored).stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TIME", "EXERCISES", "WHOSE"]
    mine = [line for line in lines if line.startswith("mine ")]
    assert len(mine) == 1 and mine[0].endswith("yours")
    others = [line for line in lines[1:] if not line.startswith("mine ")]
    assert others and all(line.endswith("built-in") for line in others)


def test_a_short_routine_shows_seconds_not_zero_minutes(stored: Path) -> None:
    lines = run_cli("routines", db=stored).stdout.splitlines()
    mine = next(line for line in lines if line.startswith("mine "))
    assert " 0 " not in mine
    assert " s " in mine


def test_play_names_an_unknown_routine_before_asking_for_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    result = run_cli("play", "nope", db=db)
    assert result.returncode == 1
    assert result.stderr == "unpinch: no routine with id 'nope' (see 'unpinch routines')\n"
    assert not db.exists()


def test_play_of_a_known_routine_still_needs_a_terminal(stored: Path) -> None:
    result = run_cli("play", "mine", db=stored)
    assert result.returncode == 1
    assert "needs a terminal" in result.stderr


def test_history_reads_the_journal_of_a_session_being_played(tmp_path: Path) -> None:
    path = tmp_path / "unpinch.json"
    with Store.open(path) as store:
        live = LiveSession.claim(store, "live")
        assert live is not None
        live.save(played(1))
        live.save(played(5))  # this step is in the journal only
        before = path.read_bytes()
        listed = json.loads(run_cli("history", "--json", db=path).stdout)
        assert path.read_bytes() == before
    assert [(row["id"], row["duration_s"]) for row in listed] == [("live", 50.0)]
