"""The clinician report as HTML: self-contained, escaped, and saying what the record holds."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.record_history import sessions, weekly
from unpinch.library.catalog import load_catalog
from unpinch.library.recovery import weekly_check_from
from unpinch.library.report import ReportData, build_report
from unpinch.library.store import Store

END = date(2026, 11, 29)
NOW = datetime(2026, 11, 30, 9, 0).astimezone()


def report_of(days: int, **changes: object) -> str:
    """The report over a generated history of ``days`` days."""
    checks = [c for doc in weekly(days, end=END) if (c := weekly_check_from(doc))]
    data = ReportData(
        sessions=sessions(days, end=END),
        catalog=load_catalog(),
        generated=NOW,
        weekly=checks,
        rest_days=[END - timedelta(days=3)],
        pins={"bridge": {"sets": 1, "reps": [10, 10]}},
    )
    for key, value in changes.items():
        object.__setattr__(data, key, value)
    return build_report(data)


def test_the_report_is_self_contained_with_no_scripts_or_network() -> None:
    html = report_of(84)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "@page { size: A4" in html


def test_every_section_a_physiotherapist_asks_for_is_there() -> None:
    html = report_of(84)
    for heading in (
        "Sessions and adherence",
        "Leg and back pain",
        "Where the symptoms reach",
        "Weekly outcome checks",
        "This hurts",
        "Dose changes",
        "Notes",
    ):
        assert heading in html
    assert html.count("<svg") == 4  # sessions, minutes, pain, reach


def test_the_record_reads_as_a_recovery_with_the_rule_named() -> None:
    html = report_of(84)
    assert "Leg pain:" in html and "better (a meaningful change)" in html
    assert "Farrar et al. 2001" in html
    assert "drew back toward the spine" in html
    assert "Sciatica Bothersomeness Index:" in html
    assert "Walking the dog" in html
    assert "Daily for 21 days, then 3–4 times a week" in html
    assert "<b>1</b> rest day marked" in html


def test_short_periods_are_weekly_and_long_ones_monthly() -> None:
    assert "Sessions per week" in report_of(84)
    long = report_of(3 * 365)
    assert "Sessions per month" in long


def test_person_text_is_escaped_and_stripped_of_controls() -> None:
    hostile = sessions(14, end=END)
    hostile[0]["after"]["note"] = '<script>alert(1)</script>\x1b]52;c;aGk=\x07 & "quoted"'
    hostile[0]["routine_name"] = "<b>bold</b>\u202eevil"
    hostile[0]["marks"] = [{"exercise_id": "<img src=x>", "side": "left"}]
    data = ReportData(sessions=hostile, catalog=load_catalog(), generated=NOW)
    html = build_report(data)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html and "\x07" not in html and "\u202e" not in html
    assert "<img" not in html and "&lt;img src=x&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_since_and_until_bound_the_sessions() -> None:
    data = ReportData(
        sessions=sessions(60, end=END),
        catalog=load_catalog(),
        generated=NOW,
        since=END - timedelta(days=13),
        until=END - timedelta(days=7),
    )
    html = build_report(data)
    assert f"{END - timedelta(days=13):%d %B %Y} to {END - timedelta(days=7):%d %B %Y}" in html
    assert "<b>4</b> sessions" in html  # every second day over seven days


def test_an_empty_record_still_makes_a_readable_report() -> None:
    html = build_report(ReportData(sessions=[], catalog=load_catalog(), generated=NOW))
    assert "No sessions in this period." in html
    assert "No pain check-ins in this period." in html


@pytest.mark.parametrize("broken", ["5 min", float("inf"), None, True, -3])
def test_hand_edited_durations_do_not_break_the_report(broken: object) -> None:
    found = sessions(14, end=END)
    found[0]["duration_s"] = broken
    found[1]["started"] = "not a time"
    found[2]["steps"] = "none"
    html = build_report(ReportData(sessions=found, catalog=load_catalog(), generated=NOW))
    assert "minutes of exercise" in html


def test_the_store_keeps_weekly_checks_and_rest_days(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.json") as store:
        for doc in weekly(21, end=END):
            store.add_weekly_check(doc)
        store.add_rest_day("2026-11-20")
        store.add_rest_day("2026-11-20")
    with Store.open(tmp_path / "db.json") as store:
        assert [d["day"] for d in store.weekly_checks()] == [
            (END - timedelta(days=20 - 7 * n)).isoformat() for n in range(3)
        ]
        assert store.rest_days() == ["2026-11-20"]
