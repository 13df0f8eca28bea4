"""A hand-edited or older store never crashes the app.

Every case from the field is a real data file, opened by the real command line
in a child process: the record that cannot be read is named in one line, the
rest works, and the record is still in the file after the next write.
Hypothesis then puts wrong types in every field and opens every command and
the home, history, Progress and player screens.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import run_cli
from tests.pilot_helpers import ROUTINE_ID, drive, make_rig, player_of, press, seed
from unpinch.library.store import SCHEMA_VERSION as SCHEMA
from unpinch.library.store import Store
from unpinch.tui.__main__ import load_commands
from unpinch.tui.commands.common import cli

GOOD = {
    "id": "good",
    "routine_id": ROUTINE_ID,
    "routine_name": "Mine",
    "started": "2026-03-01T07:00:00+00:00",
    "ended": "2026-03-01T07:10:00+00:00",
    "status": "completed",
    "duration_s": 600,
}


def write_store(path: Path, edit: Callable[[dict[str, Any]], None], *, raw: str = "") -> None:
    """Make a real store with one good and one bad session, hand-edit it, and write it back."""
    seed(path)
    with Store.open(path) as store:
        store.add_session(GOOD)
        store.add_session({**GOOD, "id": "bad", "started": "2026-03-02T07:00:00+00:00"})
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(raw or json.dumps(data))


def bad_session(data: dict[str, Any]) -> dict[str, Any]:
    """The stored document of the session with id "bad"."""
    return next(doc for doc in data["sessions"].values() if doc.get("id") == "bad")


def set_bad(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """An edit that puts ``value`` into the bad session's ``key``."""

    def edit(data: dict[str, Any]) -> None:
        bad_session(data)[key] = value

    return edit


SESSION_CASES = {
    "duration as text": (set_bad("duration_s", "5 min"), "duration_s is '5 min'"),
    "duration infinite": (set_bad("duration_s", math.inf), "duration_s is inf"),
    "marks not a list": (set_bad("marks", "left"), "marks is 'left', not a list"),
    "started in year 1": (set_bad("started", "0001-01-01T00:00:00"), "started is"),
    "started in 9999": (set_bad("started", "9999-12-31T23:59:59+00:00"), "started is"),
}


@pytest.mark.parametrize("case", SESSION_CASES)
def test_an_unreadable_session_is_skipped_with_one_line_and_kept(tmp_path: Path, case: str) -> None:
    path = tmp_path / "unpinch.json"
    edit, named = SESSION_CASES[case]
    write_store(path, edit)
    for command in (["history"], ["history", "--csv"], ["history", "--json"], ["routines"]):
        result = run_cli(*command, db=path)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
        lines = [line for line in result.stderr.splitlines() if "Skipped session" in line]
        if command[0] == "history":
            assert len(lines) == 1 and named in lines[0] and "'bad'" in lines[0], result.stderr
            assert "good" in result.stdout or "Mine" in result.stdout
    with Store.open(path) as store:  # a write of something else leaves the bad record alone
        store.set_setting("count_in_s", 9)
    assert bad_session(json.loads(path.read_text().replace("Infinity", "1e999")))


def set_meta(version: Any) -> Callable[[dict[str, Any]], None]:
    """An edit that puts ``version`` into the data version."""

    def edit(data: dict[str, Any]) -> None:
        data["meta"] = {"1": {"schema_version": version}}

    return edit


@pytest.mark.parametrize("version", ["abc", None])
def test_a_data_version_that_is_not_a_number_is_said_and_brought_up_to_date(
    tmp_path: Path, version: Any
) -> None:
    path = tmp_path / "unpinch.json"
    write_store(path, set_meta(version))
    before = path.read_bytes()
    result = run_cli("history", db=path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("is not a whole number") == 1
    assert path.read_bytes() == before  # a listing reads; it does not rewrite
    writing = run_cli("rest-day", db=path)
    assert writing.stderr.count("is not a whole number") == 1
    again = run_cli("history", db=path)
    assert again.returncode == 0 and again.stderr == ""


def test_a_document_key_that_is_not_a_number_is_skipped_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "unpinch.json"

    def edit(data: dict[str, Any]) -> None:
        key = next(k for k, d in data["sessions"].items() if d["id"] == "bad")
        data["sessions"]["abc"] = data["sessions"].pop(key)

    write_store(path, edit)
    result = run_cli("history", db=path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Skipped record 'sessions/abc'") == 1
    assert "Mine" in result.stdout
    with Store.open(path) as store:
        store.add_session({**GOOD, "id": "later"})
    assert json.loads(path.read_text())["sessions"]["abc"]["id"] == "bad"


def test_a_setting_without_a_key_is_skipped_and_a_bad_value_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "unpinch.json"

    def edit(data: dict[str, Any]) -> None:
        data["settings"]["900"] = {"value": 3}
        data["settings"]["901"] = {"key": "count_in_s", "value": 999}
        data["settings"]["902"] = {"key": "colour", "value": "blue"}

    write_store(path, edit)
    result = run_cli("routines", db=path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert sum("Skipped setting record 900" in line for line in lines) == 1
    assert sum("count_in_s had 999" in line and "default (5)" in line for line in lines) == 1
    assert sum("unknown setting 'colour'" in line for line in lines) == 1


def test_json_nested_too_deep_is_unreadable_and_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "unpinch.json"
    write_store(path, lambda data: None)
    text = path.read_text()
    deep = text[:-1] + ',"deep":{"1":{"x":' + "[" * 3000 + "]" * 3000 + "}}}"
    path.write_text(deep)
    result = run_cli("history", db=path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    try:
        json.loads(deep)
    except RecursionError:
        # This Python cannot read it: the file is unreadable, so it is moved aside.
        assert "nested too deeply" in result.stderr and "moved to" in result.stderr
        assert len(list(tmp_path.glob("unpinch.json.broken-*"))) == 1
    else:
        # Python 3.12+ parses it: the file is read as it is and nothing is lost.
        assert not list(tmp_path.glob("unpinch.json.broken-*"))
        assert path.read_text() == deep


def test_a_theme_textual_does_not_have_falls_back_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "unpinch.json"
    seed(path, settings={"first_run_ack": True, "theme": "gone-in-a-later-textual"})
    rig = make_rig(path)

    async def body(pilot: Any, rig: Any) -> None:
        assert rig.app.theme == "textual-dark"
        lines = [n.message for n in rig.app._notifications]
        assert sum("gone-in-a-later-textual" in str(line) for line in lines) == 1

    drive(rig, body)


# -- wrong types in every field ----------------------------------------------------

EDGES = st.sampled_from(
    [
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59+00:00",
        "2026-13-45",
        "5 min",
        "",
        "[/]",
        math.inf,
        -math.inf,
        math.nan,
        -1,
        10**30,
        True,
        [],
        {},
    ]
)
"""Values that broke readers in the field: impossible dates, text for numbers, huge numbers."""
LEAVES = EDGES | st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
ANY_JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
SESSION_KEYS = [*GOOD, "marks", "steps", "before", "after", "targets", "swaps", "resume_index"]
SETTING_KEYS = ["sound", "count_in_s", "theme", "affected_side", "rest_between_s", "pinned_doses"]


FIELD_VALUE = st.one_of(EDGES, EDGES, EDGES, ANY_JSON)
"""Mostly the values known to break readers, otherwise any JSON at all."""


def not_from_a_newer_unpinch(version: object) -> bool:
    """False for a data version above ours: that store is refused on purpose, untouched."""
    return not (isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA)


@st.composite
def hostile_store(draw: st.DrawFn) -> Callable[[dict[str, Any]], None]:
    """An edit that adds sessions with arbitrary JSON in some fields, and odd settings."""
    field_edits = st.dictionaries(
        st.sampled_from(SESSION_KEYS), FIELD_VALUE, min_size=1, max_size=3
    )
    session_edits = draw(st.lists(field_edits, min_size=1, max_size=8))
    setting_edits = draw(st.dictionaries(st.sampled_from(SETTING_KEYS), FIELD_VALUE, max_size=3))
    meta = draw((st.none() | FIELD_VALUE).filter(not_from_a_newer_unpinch))

    def edit(data: dict[str, Any]) -> None:
        template = bad_session(data)
        for n, edits in enumerate(session_edits):
            data["sessions"][str(500 + n)] = {**template, "id": f"hostile-{n}", **edits}
        for n, (key, value) in enumerate(setting_edits.items()):
            data["settings"][str(800 + n)] = {"key": key, "value": value}
        if meta is not None:
            data["meta"] = {"1": {"schema_version": meta}}

    return edit


COMMANDS = [
    ["history"],
    ["history", "--csv"],
    ["history", "--json"],
    ["routines"],
    ["routines", "--json"],
    ["exercises"],
    ["show", ROUTINE_ID],
    ["export", ROUTINE_ID],
    ["due"],
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edit=hostile_store())
def test_every_command_opens_a_store_with_wrong_types_anywhere(
    tmp_path_factory: pytest.TempPathFactory, edit: Callable[[dict[str, Any]], None]
) -> None:
    path = tmp_path_factory.mktemp("hostile") / "unpinch.json"
    write_store(path, edit, raw="")
    load_commands()
    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(cli, ["--db", str(path), *command])
        assert result.exit_code in (0, 1), (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            repr(result.exception),
        )


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edit=hostile_store())
def test_home_history_progress_and_player_open_a_store_with_wrong_types(
    tmp_path_factory: pytest.TempPathFactory, edit: Callable[[dict[str, Any]], None]
) -> None:
    path = tmp_path_factory.mktemp("hostile") / "unpinch.json"
    write_store(path, edit)
    rig = make_rig(path)

    async def body(pilot: Any, rig: Any) -> None:
        while rig.app.screen.__class__.__name__ != "HomeScreen":
            await press(pilot, "escape")
        await press(pilot, "h")
        assert rig.app.screen.__class__.__name__ == "HistoryScreen"
        await press(pilot, "tab")
        await press(pilot, "escape")

    drive(rig, body)
    player = make_rig(path, routine_id=ROUTINE_ID)

    async def play(pilot: Any, rig: Any) -> None:
        await pilot.pause()
        assert player_of(rig.app).workout.routine.id == ROUTINE_ID

    drive(player, play)


def test_the_full_screen_app_names_a_skipped_session_once(tmp_path: Path) -> None:
    path = tmp_path / "unpinch.json"
    write_store(path, set_bad("started", "0001-01-01T00:00:00"))
    rig = make_rig(path)

    async def body(pilot: Any, rig: Any) -> None:
        await press(pilot, "h")
        lines: list[str] = []
        for _ in range(40):  # the app shows the store's lines once a second
            await pilot.pause(0.25)
            lines = [str(n.message) for n in rig.app._notifications]
            if any("Skipped session" in line for line in lines):
                break
        await pilot.pause(1.5)
        lines = [str(n.message) for n in rig.app._notifications]
        assert sum("Skipped session" in line and "'bad'" in line for line in lines) == 1, lines

    drive(rig, body)
