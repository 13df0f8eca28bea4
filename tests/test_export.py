"""Export: every field survives CSV and JSON, spreadsheets can read it, files are atomic."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library.export import (
    EXPORT_FIELDS,
    export_rows,
    rows_from_csv,
    to_csv,
    to_json,
    write_csv,
)
from unpinch.library.plain_text import shown

# Any text a person could type, including separators, quotes and line breaks; no lone
# surrogates, which no file or terminal can hold.
texts = st.text(
    st.characters(exclude_categories=["Cs"]) | st.sampled_from([",", '"', "\n", "\r", ";"]),
    max_size=30,
)
scores = st.integers(0, 10)
ids = st.text("abcxyz019-", min_size=1, max_size=12)
check_ins = st.none() | st.fixed_dictionaries(
    {"leg": scores, "back": scores, "note": texts},
    optional={
        "reach": st.sampled_from(["back", "buttock", "thigh", "below_knee", "foot"]) | st.none(),
        "reach_leg": st.sampled_from(["left", "right", "both"]) | st.none(),
    },
)
marks = st.lists(
    st.fixed_dictionaries(
        {
            "exercise_id": ids,
            "side": st.sampled_from(["left", "right", "both"]),
            "at": st.just("2024-03-01T07:01:00+01:00"),
        }
    ),
    max_size=4,
)
durations = (
    st.integers(0, 10**6) | st.floats(min_value=0, max_value=1e6, allow_nan=False) | st.none()
)
times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.isoformat(timespec="seconds")
)
sessions = st.fixed_dictionaries(
    {
        "id": st.uuids().map(lambda u: u.hex),
        "routine_id": ids,
        "routine_name": texts,
        "started": times,
        "ended": times,
        "status": st.sampled_from(["completed", "stopped", "interrupted"]),
        "duration_s": durations,
        "before": check_ins,
        "after": check_ins,
        "marks": marks,
        "steps": st.just([]),
    }
)


def expected_row(session: dict[str, Any]) -> dict[str, Any]:
    """The row a session must export to, written out from the session itself."""
    before, after = session["before"] or {}, session["after"] or {}
    return {
        "id": session["id"],
        "routine_id": session["routine_id"],
        "routine_name": session["routine_name"],
        "started": session["started"],
        "ended": session["ended"],
        "status": session["status"],
        "duration_s": session["duration_s"],
        "leg_before": before.get("leg"),
        "back_before": before.get("back"),
        "leg_after": after.get("leg"),
        "back_after": after.get("back"),
        "reach_before": before.get("reach") or "",
        "reach_after": after.get("reach") or "",
        "reach_leg": after.get("reach_leg") or before.get("reach_leg") or "",
        "note_before": before.get("note", ""),
        "note_after": after.get("note", ""),
        "marks": ";".join(f"{m['exercise_id']}:{m['side']}" for m in session["marks"]),
    }


def as_csv_reads(row: dict[str, Any]) -> dict[str, Any]:
    """The row as CSV carries it: text with its controls shown as symbols, breaks and tabs kept."""
    return {k: shown(v, lines=True) if isinstance(v, str) else v for k, v in row.items()}


def same(row: dict[str, Any], other: dict[str, Any]) -> None:
    """Equal field by field, and numbers of the same type (12 stays 12, 12.0 stays 12.0)."""
    assert list(row) == list(other) == list(EXPORT_FIELDS)
    for name in EXPORT_FIELDS:
        assert row[name] == other[name], name
        assert type(row[name]) is type(other[name]), name


@settings(max_examples=150)
@given(st.lists(sessions, max_size=5))
def test_every_field_survives_csv(docs: list[dict[str, Any]]) -> None:
    back = rows_from_csv(to_csv(docs))
    assert len(back) == len(docs)
    for row, doc in zip(back, docs, strict=True):
        same(row, as_csv_reads(expected_row(doc)))


@settings(max_examples=150)
@given(st.lists(sessions, max_size=5))
def test_every_field_survives_json(docs: list[dict[str, Any]]) -> None:
    back = json.loads(to_json(docs))
    assert len(back) == len(docs)
    for row, doc in zip(back, docs, strict=True):
        same(row, expected_row(doc))


@settings(max_examples=100)
@given(st.lists(sessions, max_size=5))
def test_a_plain_csv_reader_sees_the_same_cells(docs: list[dict[str, Any]]) -> None:
    """What any RFC 4180 reader (here Python's "excel" dialect) makes of the text."""
    table = list(csv.reader(io.StringIO(to_csv(docs), newline="")))
    assert table[0] == list(EXPORT_FIELDS)
    for cells, doc in zip(table[1:], docs, strict=True):
        name = shown(doc["routine_name"], lines=True)
        assert cells[EXPORT_FIELDS.index("routine_name")] in (name, "'" + name)
        note = shown((doc["after"] or {}).get("note", ""), lines=True)
        assert cells[EXPORT_FIELDS.index("note_after")] in (note, "'" + note)
        for cell in cells:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
            assert not any(ord(c) < 0x20 and c not in "\n\t" for c in cell)


def test_rows_from_export_rows_match_the_session() -> None:
    doc = {
        "id": "abc",
        "routine_id": "gentle",
        "routine_name": "Gentle",
        "started": "2024-03-01T07:00:00+01:00",
        "ended": "2024-03-01T07:12:00+01:00",
        "status": "completed",
        "duration_s": 612.5,
        "before": {"leg": 6, "back": 2, "note": "stiff"},
        "after": None,
        "marks": [
            {"exercise_id": "bridge", "side": "left"},
            {"exercise_id": "cat", "side": "both"},
        ],
    }
    (row,) = export_rows([doc])
    assert row["leg_before"] == 6 and row["leg_after"] is None
    assert row["note_before"] == "stiff" and row["note_after"] == ""
    assert row["marks"] == "bridge:left;cat:both"
    assert row["duration_s"] == 612.5


def test_odd_stored_values_export_as_missing() -> None:
    doc: dict[str, Any] = {
        "id": 7,
        "duration_s": math.inf,
        "before": {"leg": "bad", "back": 2},
        "after": {"leg": 3, "back": 4, "note": None},
        "marks": "bridge",
    }
    (row,) = export_rows([doc])
    assert row["id"] == "" and row["duration_s"] is None
    assert row["leg_before"] is None and row["note_before"] == ""
    assert (row["leg_after"], row["back_after"], row["note_after"]) == (3, 4, "")
    assert row["marks"] == ""
    assert rows_from_csv(to_csv([doc])) == [row]
    assert math.isinf(doc["duration_s"])  # the session itself is untouched


def test_csv_is_rfc_4180_for_a_spreadsheet() -> None:
    doc = {
        "id": "s1",
        "routine_name": "Morning, gentle",
        "after": {"leg": 2, "back": 3, "note": 'felt "tight",\nthen fine'},
    }
    text = to_csv([doc])
    header, rest = text.split("\r\n", 1)
    assert header == ",".join(EXPORT_FIELDS)
    assert rest.endswith("\r\n")
    assert '"Morning, gentle"' in rest
    assert '"felt ""tight"",\nthen fine"' in rest
    assert "\ufeff" not in text


def test_empty_export_is_just_the_header() -> None:
    assert to_csv([]) == ",".join(EXPORT_FIELDS) + "\r\n"
    assert json.loads(to_json([])) == []
    assert rows_from_csv(to_csv([])) == []


def test_write_csv_names_the_file_by_time_and_marks_it_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "exports" / "new"
    doc = {"id": "s1", "routine_name": "Tête → genou", "duration_s": 60}
    path = write_csv([doc], folder, datetime(2024, 3, 1, 7, 5, 9))
    assert path == folder / "unpinch-history-20240301-070509.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text == to_csv([doc])
    assert rows_from_csv(raw.decode("utf-8"))[0]["routine_name"] == "Tête → genou"
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_write_csv_leaves_nothing_behind_when_it_cannot_finish(tmp_path: Path) -> None:
    now = datetime(2024, 3, 1, 7, 5, 9)
    blocker = tmp_path / "unpinch-history-20240301-070509.csv"
    blocker.mkdir()  # a folder where the file should go: the final rename fails
    with pytest.raises(OSError):
        write_csv([{"id": "s1"}], tmp_path, now)
    assert [p.name for p in tmp_path.iterdir()] == [blocker.name]
    assert list(blocker.iterdir()) == []


def test_write_csv_replaces_an_export_of_the_same_second(tmp_path: Path) -> None:
    now = datetime(2024, 3, 1, 7, 5, 9)
    write_csv([{"id": "old"}], tmp_path, now)
    path = write_csv([{"id": "new"}], tmp_path, now)
    assert [r["id"] for r in rows_from_csv(path.read_text(encoding="utf-8-sig"))] == ["new"]
    assert len(list(tmp_path.iterdir())) == 1


def test_the_benchmark_history_is_shaped_like_saved_sessions() -> None:
    from bench.bench_export import sessions as bench_sessions
    from unpinch.library.history import pain_points

    docs = bench_sessions(random.Random(3), days=60)
    assert len(docs) == 60
    assert all(len(d["steps"]) == 8 for d in docs)
    assert 30 < len(pain_points(docs)) < 60  # check-ins on most, not all
    assert any(d["marks"] for d in docs)
    rows = rows_from_csv(to_csv(docs))
    assert rows == export_rows(docs)
