"""The text rules alone: shown text is inert, CSV cells are never formulas, depth is found."""

from __future__ import annotations

import tomllib

from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.plain_text import (
    _printable,
    _unsafe,
    char_name,
    csv_cell,
    csv_uncell,
    forbidden_char,
    inert_json,
    shown,
)
from unpinch.library.toml_depth import MAX_DEPTH, too_deep_at

ANY = st.text(st.characters(), max_size=40)
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def obeyable(char: str) -> bool:
    """Written out independently of the module: what a terminal could obey or misread."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or char in BIDI or 0xD800 <= code <= 0xDFFF


@given(ANY)
def test_shown_text_holds_nothing_a_terminal_obeys(text: str) -> None:
    out = shown(text)
    assert not [c for c in out if obeyable(c) or c in "\u2028\u2029"]
    assert len(out) == len(text), "one visible character for each"
    assert forbidden_char(out) is None


@given(ANY)
def test_shown_keeps_line_breaks_and_tabs_when_asked(text: str) -> None:
    out = shown(text, lines=True)
    assert not [c for c in out if obeyable(c) and c not in "\n\t"]
    assert out.count("\n") == text.replace("\r\n", "\n").count("\n")


@given(st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=40))
def test_clean_text_is_shown_unchanged(text: str) -> None:
    clean = "".join(c for c in text if c not in BIDI)
    assert shown(clean) == clean
    assert forbidden_char(clean) is None


def test_controls_have_visible_pictures_and_names() -> None:
    assert shown("a\x1bb\x07\x00\x7f") == "a␛b␇␀␡"
    assert shown("\u202e\x9b") == "\ufffd\ufffd"
    assert char_name("\x1b") == "U+001B ESCAPE"
    assert char_name("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert forbidden_char("ok\u202e!") == (3, "\u202e")
    assert forbidden_char("one\r\ntwo\tthree", lines=True) is None
    assert forbidden_char("one\rtwo", lines=True) == (4, "\r")


@given(ANY)
def test_a_csv_cell_is_never_a_formula_and_reads_back_exactly(text: str) -> None:
    cell = csv_cell(text)
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert csv_uncell(cell) == text
    assert cell in (text, "'" + text)


def test_csv_cell_examples() -> None:
    assert csv_cell("=SUM(A1)") == "'=SUM(A1)"
    assert csv_cell("-5") == "'-5"
    assert csv_cell("'=x") == "''=x"
    assert csv_cell("'plain") == "'plain"
    assert csv_cell("") == ""


@given(st.text(st.characters(), max_size=20))
def test_inert_json_is_the_same_data(text: str) -> None:
    import json

    dumped = json.dumps({"name": text}, ensure_ascii=False)
    safe = inert_json(dumped)
    assert json.loads(safe) == {"name": text}
    assert not [c for c in safe if obeyable(c)]


@given(st.integers(1, 40), st.sampled_from(["[", "{ a = "]))
def test_depth_is_found_at_its_line_and_agrees_with_the_parser(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else " }"
    value = opener * depth + "1" + closer * depth
    text = 'id = "x"\n# [[[[[[[[[[ a comment\nname = "[[[[[[[[[[{{{{"\nv = ' + value + "\n"
    found = too_deep_at(text)
    assert found == (4 if depth > MAX_DEPTH else None)
    if found is None:
        assert tomllib.loads(text)["name"] == "[[[[[[[[[[{{{{"


def test_multi_line_strings_do_not_count() -> None:
    text = 'a = """\n' + "[" * 50 + "\n\"\"\"\nb = '''" + "{" * 50 + "'''\n"
    assert too_deep_at(text) is None
    assert too_deep_at("x = " + "[" * 9 + "]" * 9) == 1


@given(ANY, st.booleans())
def test_the_quick_printable_path_never_passes_a_character_to_make_safe(
    text: str, lines: bool
) -> None:
    keep = "\n\t" if lines else ""
    if _printable(text, keep):
        assert not [c for c in text if _unsafe(c) and c not in keep]
