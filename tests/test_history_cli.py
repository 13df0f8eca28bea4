"""``unpinch history``: a real process over a seeded data file, as a table, CSV and JSON."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import ROOT, run_cli
from unpinch.library.export import BOM, EXPORT_FIELDS, export_rows, rows_from_csv
from unpinch.library.storage import collection_paused as without_cycle_collection
from unpinch.library.store import Store

SESSIONS: list[dict[str, Any]] = [
    {
        "routine_id": "gentle-morning",
        "routine_name": "Gentle morning",
        "started": "2024-02-28T07:00:00+01:00",
        "ended": "2024-02-28T07:10:00+01:00",
        "status": "completed",
        "duration_s": 540.5,
        "steps": [],
        "marks": [],
        "before": {"leg": 6, "back": 2, "note": ""},
        "after": {"leg": 4, "back": 3, "note": 'better, "much" better\nthen stiff'},
    },
    {
        "routine_id": "desk-break",
        "routine_name": "Desk break",
        "started": "2024-03-01T12:30:00+01:00",
        "ended": "2024-03-01T12:35:00+01:00",
        "status": "stopped",
        "duration_s": 120,
        "steps": [],
        "marks": [{"exercise_id": "bridge", "side": "left", "at": "2024-03-01T12:32:00+01:00"}],
    },
    {
        "routine_id": "gentle-morning",
        "routine_name": "Gentle morning",
        "started": "2024-03-02T07:00:00+01:00",
        "ended": "2024-03-02T07:04:00+01:00",
        "status": "interrupted",
        "duration_s": 200.0,
        "steps": [],
        "marks": [],
        "resume_index": 4,
        "before": {"leg": 5, "back": 2, "note": "stiff, tired"},
    },
]


def run_raw(*args: str, db: Path) -> subprocess.CompletedProcess[bytes]:
    """Like ``run_cli`` but keeps stdout as bytes, so line ends are seen as written."""
    env = {**os.environ, "UNPINCH_DB": str(db), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "unpinch.tui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "unpinch.json"


@pytest.fixture
def seeded(db: Path) -> list[dict[str, Any]]:
    """Three sessions saved through the real store; returns them as stored (with ids)."""
    with Store.open(db) as store:
        for doc in SESSIONS:
            store.add_session(doc)
        return store.sessions()


def test_no_sessions_is_a_friendly_line(db: Path) -> None:
    result = run_cli("history", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No sessions yet.\n"
    assert result.stderr == ""


def test_no_sessions_as_csv_and_json(db: Path) -> None:
    as_csv = run_raw("history", "--csv", db=db)
    assert as_csv.returncode == 0
    assert as_csv.stdout == (BOM + ",".join(EXPORT_FIELDS) + "\r\n").encode()
    as_json = run_cli("history", "--json", db=db)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout) == []


def test_csv_carries_every_field(db: Path, seeded: list[dict[str, Any]]) -> None:
    result = run_raw("history", "--csv", db=db)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8-sig")
    rows = rows_from_csv(text)
    assert rows == export_rows(seeded)
    assert [r["id"] for r in rows] == [s["id"] for s in seeded]
    assert rows[0]["note_after"] == 'better, "much" better\nthen stiff'
    assert (rows[0]["leg_before"], rows[0]["leg_after"]) == (6, 4)
    assert rows[1]["marks"] == "bridge:left"
    assert rows[2]["leg_after"] is None
    assert text.startswith(",".join(EXPORT_FIELDS) + "\r\n")
    assert text.count("\r\n") == 1 + len(seeded)  # the line break inside the note stays bare


def test_json_carries_every_field(db: Path, seeded: list[dict[str, Any]]) -> None:
    result = run_cli("history", "--json", db=db)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == export_rows(seeded)


def test_since_keeps_sessions_from_that_day_on(db: Path, seeded: list[dict[str, Any]]) -> None:
    result = run_cli("history", "--json", "--since", "2024-03-01", db=db)
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == [s["id"] for s in seeded[1:]]
    later = run_cli("history", "--since", "2024-03-03", db=db)
    assert later.returncode == 0
    assert later.stdout == "No sessions since 2024-03-03.\n"


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024-3-1", "2024-W09-5"])
def test_a_bad_since_date_is_a_usage_error(db: Path, value: str) -> None:
    result = run_cli("history", "--csv", "--since", value, db=db)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--since" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    assert value in result.stderr


def test_since_on_an_empty_history_says_there_are_none_yet(db: Path) -> None:
    result = run_cli("history", "--since", "2024-03-03", db=db)
    assert (result.returncode, result.stdout) == (0, "No sessions yet.\n")


def test_cycle_collection_is_paused_only_while_printing() -> None:
    assert gc.isenabled()
    with without_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_json_and_csv_together_is_a_usage_error(db: Path) -> None:
    result = run_cli("history", "--csv", "--json", db=db)
    assert result.returncode == 2
    assert "one of --json and --csv" in result.stderr


def test_table_has_a_line_per_session(
    db: Path, seeded: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")  # the zone the sessions were stored in
    result = run_cli("history", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["STARTED", "ROUTINE", "MIN", "STATUS", "PAIN", "MARKS"]
    assert len(lines) == 1 + len(seeded)
    assert "2024-02-28 07:00" in lines[1] and "Gentle morning" in lines[1]
    assert "leg 6→4 · back 2→3" in lines[1]
    assert "stopped" in lines[2] and lines[2].rstrip().endswith("1")
    assert "leg 5→– · back 2→–" in lines[3]
    assert max(len(line) for line in lines) <= 80


def test_a_broken_data_file_is_reported_and_history_is_empty(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text("{ not json", encoding="utf-8")
    result = run_cli("history", db=db)
    assert result.returncode == 0
    assert result.stdout == "No sessions yet.\n"
    assert result.stderr.startswith("unpinch: ")
