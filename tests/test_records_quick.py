"""The quick pass over stored sessions never lets through a record the full check refuses."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.bench_history import seeded_history
from unpinch.library import records
from unpinch.library.records import full_problem, session_problem

EDGES = st.sampled_from([-1, 0, 11, -0.5, math.inf, -math.inf, math.nan, True, None])
ODD_VALUES = st.one_of(
    EDGES,
    EDGES,
    EDGES,
    st.sampled_from(["", "x", "2026-01-01T07:00:00+00:00", "0001-01-01T00:00:00", "left"]),
    st.integers(min_value=-3, max_value=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["leg", "back", "note"]), st.integers(), max_size=2),
)
"""Values of every JSON kind, right or wrong for any field, and at the edges of each check."""


BASES = json.loads(json.dumps(seeded_history(20)))
"""Readable sessions of every shape the app writes, to spoil a field or two of."""
PLACES = st.sampled_from(
    [
        *(("", key) for key in records.SESSION_FIELDS),
        *(("steps", key) for key in records.STEP_FIELDS),
        *(("marks", key) for key in records.MARK_FIELDS),
        *(("before", key) for key in records.CHECK_IN_FIELDS),
        *(("after", key) for key in records.CHECK_IN_FIELDS),
        *(("", key) for key in ("steps", "marks", "before", "after", "targets", "swaps", "x")),
    ]
)
"""Where a value can go: a session field, or a field of its steps, marks or check-ins."""


@st.composite
def sessions(draw: st.DrawFn) -> dict[str, Any]:
    """A readable session with none, one or a few of its fields given an odd value."""
    doc: dict[str, Any] = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for table, key in draw(st.lists(PLACES, max_size=2)):
        value = draw(ODD_VALUES)
        if not table:
            doc[key] = value
        elif table in ("steps", "marks"):
            items = doc.get(table)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                items[draw(st.integers(0, len(items) - 1))][key] = value
            else:
                doc[table] = [{key: value}]
        else:
            found = doc.get(table)
            doc[table] = {**(found if isinstance(found, dict) else {}), key: value}
    return doc


@settings(max_examples=1500)
@given(sessions())
def test_a_record_the_quick_pass_lets_through_has_no_problem(doc: dict[str, Any]) -> None:
    if records._quick_pass(doc):
        assert full_problem(doc) == ""
    assert session_problem(doc) == full_problem(doc)


def test_every_seeded_session_takes_the_quick_pass() -> None:
    docs = json.loads(json.dumps(seeded_history(60)))
    assert all(records._quick_pass(doc) for doc in docs)


def test_no_field_is_a_count_in_one_table_and_a_signed_number_in_another() -> None:
    tables = (records.SESSION_FIELDS, records.STEP_FIELDS, records.MARK_FIELDS)
    for table in (*tables, records.CHECK_IN_FIELDS):
        for key, check in table.items():
            if key in records._COUNTS:
                assert check is records._optional_count, key


def test_the_quick_pass_refuses_each_edge_the_full_check_refuses() -> None:
    good = json.loads(json.dumps(seeded_history(1)))[0]
    for change in (
        {"exercises": -1},
        {"duration_s": math.inf},
        {"duration_s": math.nan},
        {"exercises": True},
        {"started": "0001-01-01T00:00:00"},
        {"steps": [{"exercise_id": "x", "set_no": -2}]},
        {"before": {"leg": 11}},
        {"marks": "none"},
    ):
        bad = {**good, **change}
        assert not records._quick_pass(bad), change
        assert session_problem(bad), change
