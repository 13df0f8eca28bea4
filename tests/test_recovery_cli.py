"""``unpinch due``, ``rest-day`` and ``report`` as a shell prompt or a person would use them."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.cli_helpers import run_cli
from tests.record_history import sessions
from unpinch.library.store import SCHEMA_VERSION


def store_with(path: Path, docs: list[dict[str, object]]) -> Path:
    """A data file holding ``docs`` as sessions, as the store lays it out."""
    data = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "sessions": {str(n): doc for n, doc in enumerate(docs, 1)},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def played(routine_id: str, days_ago: int) -> dict[str, object]:
    """One completed session of a routine, ``days_ago`` days before today."""
    day = date.today() - timedelta(days=days_ago)
    started = datetime(day.year, day.month, day.day, 8, 0).astimezone()
    return {
        "id": f"{routine_id}-{days_ago}",
        "routine_id": routine_id,
        "started": started.isoformat(timespec="seconds"),
        "status": "completed",
        "duration_s": 600,
    }


def test_nothing_is_due_for_a_new_user(tmp_path: Path) -> None:
    done = run_cli("due", db=tmp_path / "db.json")
    assert (done.returncode, done.stdout) == (0, "Nothing is due today.\n")


def test_a_routine_past_its_spacing_is_due_with_exit_1(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("stretching-stage", 3)])
    done = run_cli("due", db=db)
    last = date.today() - timedelta(days=3)
    assert done.returncode == 1
    assert done.stdout == f"Stretching stage is due today (last done {last:%A})\n"
    segment = run_cli("due", "--tmux", db=db)
    assert (segment.returncode, segment.stdout) == (1, "Stretching stage due")


def test_a_routine_done_yesterday_on_three_to_five_a_week_is_not_due(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("stretching-stage", 1)])
    done = run_cli("due", "--tmux", db=db)
    assert (done.returncode, done.stdout) == (0, "")


def test_a_rest_day_takes_today_off_and_the_month_has_a_cap(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", [played("stretching-stage", 3)])
    rest = run_cli("rest-day", db=db)
    assert rest.returncode == 0, rest.stderr
    assert "is a rest day" in rest.stdout and "left in" in rest.stdout
    assert run_cli("due", db=db).returncode == 0
    again = run_cli("rest-day", db=db)
    assert again.returncode == 1
    assert again.stderr.startswith("unpinch: ") and "already a rest day" in again.stderr


def test_rest_days_ahead_or_long_past_are_refused(tmp_path: Path) -> None:
    ahead = (date.today() + timedelta(days=1)).isoformat()
    done = run_cli("rest-day", "--day", ahead, db=tmp_path / "db.json")
    assert done.returncode == 1 and "not ahead" in done.stderr
    bad = run_cli("rest-day", "--day", "soon", db=tmp_path / "db.json")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_report_writes_one_html_file_and_says_where(tmp_path: Path) -> None:
    db = store_with(tmp_path / "db.json", sessions(30))
    out = tmp_path / "for-my-physio.html"
    done = run_cli("report", "--out", str(out), db=db)
    assert done.returncode == 0, done.stderr
    assert f"Report written to {out}" in done.stdout
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<b>15</b> sessions" in html


def test_report_refuses_a_backwards_period_and_an_unwritable_path(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    backwards = run_cli(
        "report", "--since", "2026-05-01", "--until", "2026-04-01", "--out", "r.html", db=db
    )
    assert backwards.returncode == 2 and "--until is before --since" in backwards.stderr
    missing = run_cli("report", "--out", str(tmp_path / "no" / "such" / "r.html"), db=db)
    assert missing.returncode == 1
    assert missing.stderr.startswith("unpinch: ") and "Traceback" not in missing.stderr
