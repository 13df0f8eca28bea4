"""Database text kept per document: parsing, rendering, reuse, and why broken text is broken."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library.tabletext import BrokenText, SealedDoc, parse, render

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
)
documents = st.dictionaries(st.text(), values, max_size=4)
databases = st.dictionaries(
    st.text(min_size=1), st.dictionaries(st.integers(1, 999).map(str), documents), max_size=3
)


@given(databases)
@settings(max_examples=60, deadline=None)
def test_render_then_parse_gives_back_the_data(data: dict[str, Any]) -> None:
    text, _ = render({name: dict(table) for name, table in data.items()}, {})
    assert json.loads(text) == data
    parsed, fragments = parse(text)
    assert parsed == data
    assert render(parsed, fragments)[0] == text


@given(databases, st.sampled_from([None, 1, 2, 4]))
@settings(max_examples=40, deadline=None)
def test_any_json_layout_of_a_database_parses(data: dict[str, Any], indent: int | None) -> None:
    assert parse(json.dumps(data, indent=indent))[0] == data


def test_unchanged_documents_keep_their_exact_text() -> None:
    original = '{"s": {"1": {"a" :  1,  "b": [1, 2]}, "2": {"c": 3}}}'
    data, fragments = parse(original)
    data["s"]["3"] = {"d": "é"}
    del data["s"]["2"]
    text, fragments = render(data, fragments)
    assert text == '{"s":{"1": {"a" :  1,  "b": [1, 2]},"3":{"d":"é"}}}'
    assert set(fragments["s"]) == {"1", "3"}


def test_a_replaced_document_object_gets_new_text() -> None:
    data, fragments = parse('{"s":{"1":{"a":1}}}')
    data["s"]["1"] = {**data["s"]["1"], "a": 2}
    assert render(data, fragments)[0] == '{"s":{"1":{"a":2}}}'


def test_stored_documents_are_sealed() -> None:
    data, fragments = parse('{"s":{"1":{"a":1}}}')
    doc = data["s"]["1"]
    assert isinstance(doc, SealedDoc) and doc == {"a": 1}
    changes: list[Callable[[], object]] = [
        lambda: doc.__setitem__("a", 2),
        lambda: doc.update(a=2),
        lambda: doc.pop("a"),
        lambda: doc.clear(),
        lambda: doc.setdefault("b", 1),
        lambda: doc.__delitem__("a"),
    ]
    for change in changes:
        with pytest.raises(TypeError, match="sealed"):
            change()
    assert doc == {"a": 1} and dict(doc) == {"a": 1}
    data["s"]["2"] = {"new": True}
    render(data, fragments)
    assert isinstance(data["s"]["2"], SealedDoc)


BROKEN = {
    "": "line 1: Expecting value",
    "   ": "line 1: Expecting value",
    '{"s": {"1": {"a": 1}}': "line 1: Expecting ',' delimiter",
    '{"s": {"1": {"a": 1}}}\n{}': "line 2: Extra data",
    "[]": "it holds a JSON array, not an object",
    '"text"': "it holds a JSON string, not an object",
    "null": "it holds a JSON null, not an object",
    '{"s": 3}': "table 's' holds a JSON number, not an object",
    '{"s": {"1": [1]}}': "document 's/1' holds a JSON array, not an object",
    '{"s": {"1": true}}': "document 's/1' holds a JSON boolean, not an object",
}


@pytest.mark.parametrize("text, reason", BROKEN.items(), ids=range(len(BROKEN)))
def test_broken_text_says_why(text: str, reason: str) -> None:
    with pytest.raises(BrokenText) as caught:
        parse(text)
    assert caught.value.reason.startswith(reason), caught.value.reason
