"""Routine files: export, line-exact import errors, nothing written on error, and round trips."""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unpinch.library.catalog import CatalogError, load_catalog
from unpinch.library.codec import HOLD_BOUNDS, REPS_BOUNDS, REST_BOUNDS, SETS_BOUNDS, TEMPO_BOUNDS
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.routine_files import (
    import_routine_file,
    read_routine_text,
    routine_from_toml,
    routine_to_toml,
)
from unpinch.library.toml_positions import dotted, scan_positions
from unpinch.library.workspace import Workspace, open_workspace

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad_routines"
CATALOG = load_catalog()

# file -> (line, field named in the message, words the message must contain)
EXPECTED: dict[str, tuple[int, str, str]] = {
    "syntax_error.toml": (3, "name", "TOML syntax error"),
    "missing_name.toml": (1, "name", "missing required field 'name'"),
    "missing_items.toml": (1, "items", "missing required field 'items'"),
    "empty_items.toml": (4, "items", "items must not be empty"),
    "unknown_exercise.toml": (9, "items[2].exercise", "did you mean 'knee-to-chest'?"),
    "unknown_field.toml": (4, "descripton", "did you mean 'description'?"),
    "unknown_dose_field.toml": (8, "items[1].dose.hold", "did you mean 'hold_s'?"),
    "negative_hold.toml": (12, "items[2].dose.hold_s", "must be a positive number, got -5"),
    "zero_reps.toml": (5, "items[1].dose.reps", "must be a positive number, got 0"),
    "hold_range_reversed.toml": (8, "items[1].dose.hold_s", "low <= high, got [30, 10]"),
    "string_for_int.toml": (9, "items[1].dose.sets", "must be a whole number, got '3'"),
    "list_for_string.toml": (3, "name", "must be text, got ['Morning', 'stretches']"),
    "bad_sides.toml": (7, "items[1].sides", "come from the exercise itself"),
    "long_name.toml": (3, "name", "at most 80 characters, got 90"),
    "id_with_spaces.toml": (2, "id", "must be kebab-case"),
    "duplicate_keys.toml": (4, "name", "Cannot overwrite a value"),
    "tempo_out_of_bounds.toml": (9, "items[1].dose.tempo_s", "at most 30.0, got 45.0"),
    "sets_out_of_bounds.toml": (9, "items[1].dose.sets", "at most 20, got 25"),
    "rest_negative.toml": (9, "items[1].dose.rest_s", "must not be negative, got -1"),
    "rest_between_negative.toml": (4, "rest_between_s", "must not be negative, got -10"),
    "item_without_exercise.toml": (8, "items[2].exercise", "missing required field"),
    "counted_hold.toml": (10, "items[1].dose.counted", "cannot be true for a hold"),
    "not_utf8.toml": (3, "name", "not UTF-8"),
    "empty.toml": (1, "id", "missing required field 'id'"),
    "unknown_source.toml": (4, "sources", "unknown source 'my-physio'"),
    "library_style.toml": (1, "routine", "not [[routine]] tables"),
    "item_not_table.toml": (5, "items[1]", 'must be a table like { exercise = "id" }'),
    "reps_decimal.toml": (6, "items[2].dose.reps", "got 2.5"),
    "exercise_not_text.toml": (6, "items[1].exercise", "must be text, got 7"),
    "dose_not_table.toml": (5, "items[1].dose", "must be a table"),
    "counted_not_flag.toml": (8, "items[1].dose.counted", "must be true or false, got 'yes'"),
}


def error_for(path: Path) -> str:
    """The message of the error a bad routine file raises when read."""
    with pytest.raises(CatalogError) as caught:
        routine_from_toml(read_routine_text(path), path.name, CATALOG)
    return str(caught.value)


@pytest.fixture
def space(tmp_path: Path) -> Iterator[Workspace]:
    opened = open_workspace(tmp_path / "data" / "unpinch.json")
    yield opened
    opened.close()


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINE = """\
id = "mine"
name = "Mine"

[[items]]
exercise = "bridge"

[[items]]
exercise = "clamshell"
[items.dose]
reps = [8, 12]
sets = 2
"""

# --- malformed files ------------------------------------------------------------------


def test_every_bad_file_has_an_expectation() -> None:
    files = sorted(p.name for p in BAD.glob("*.toml"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_names_file_line_and_field(name: str) -> None:
    line, field, words = EXPECTED[name]
    message = error_for(BAD / name)
    assert f"{name}:{line}: " in message
    assert field in message
    assert words in message
    assert "\n" not in message


def test_each_bad_file_gives_its_own_error() -> None:
    messages = [error_for(BAD / name).split(": ", 1)[1] for name in sorted(EXPECTED)]
    assert len(set(messages)) == len(messages)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_importing_a_bad_file_writes_nothing(name: str, tmp_path: Path, space: Workspace) -> None:
    import_routine_file(write(tmp_path, MINE), space)
    assert space.store.path is not None
    before = space.store.path.read_bytes()
    routines_before = dict(space.catalog.routines)
    with pytest.raises(CatalogError, match=name):
        import_routine_file(BAD / name, space)
    assert space.store.path.read_bytes() == before
    assert space.catalog.routines == routines_before


# --- importing good files ---------------------------------------------------------------


def test_import_saves_a_user_routine(tmp_path: Path, space: Workspace) -> None:
    routine = import_routine_file(write(tmp_path, MINE), space)
    assert routine.id == "mine"
    assert routine.builtin is False
    assert routine.items[1] == RoutineItem("clamshell", Dose(reps=Span(8, 12), sets=2))
    assert space.catalog.routines["mine"] == routine
    assert [doc["id"] for doc in space.store.routines()] == ["mine"]


def test_import_survives_reopening_the_store(tmp_path: Path) -> None:
    db = tmp_path / "data" / "unpinch.json"
    first = open_workspace(db)
    imported = import_routine_file(write(tmp_path, MINE), first)
    first.close()
    again = open_workspace(db)
    try:
        assert again.catalog.routines["mine"] == imported
    finally:
        again.close()


def test_import_reads_the_inline_items_form(space: Workspace) -> None:
    routine = import_routine_file(DATA / "user_routine.toml", space)
    assert [item.exercise_id for item in routine.items] == ["knee-to-chest", "bridge"]
    assert routine.rest_between_s == 12


def test_import_refuses_a_builtin_id_and_suggests_another(tmp_path: Path, space: Workspace) -> None:
    text = routine_to_toml(CATALOG.routines["gentle-stretches"])
    before = space.store.routines()
    with pytest.raises(CatalogError) as caught:
        import_routine_file(write(tmp_path, text), space)
    message = str(caught.value)
    assert "mine.toml:" in message
    assert "built-in" in message
    assert "change the id" in message
    assert "'gentle-stretches-mine'" in message
    assert space.store.routines() == before
    assert space.catalog.routines["gentle-stretches"].builtin


def test_import_refuses_a_user_id_unless_replacing(tmp_path: Path, space: Workspace) -> None:
    import_routine_file(write(tmp_path, MINE), space)
    renamed = write(tmp_path, MINE.replace('name = "Mine"', 'name = "Mine, longer"'), "b.toml")
    with pytest.raises(CatalogError, match=r"b\.toml:1: .*already one of your routines.*--replace"):
        import_routine_file(renamed, space)
    assert space.catalog.routines["mine"].name == "Mine"
    replaced = import_routine_file(renamed, space, replace=True)
    assert replaced.name == "Mine, longer"
    assert space.catalog.routines["mine"].name == "Mine, longer"
    assert len(space.store.routines()) == 1


def test_import_of_a_missing_file_says_it_cannot_read(tmp_path: Path, space: Workspace) -> None:
    with pytest.raises(CatalogError, match=r"nope\.toml: cannot read file"):
        import_routine_file(tmp_path / "nope.toml", space)


# --- exporting ------------------------------------------------------------------------------


def test_export_is_commented_and_uses_items_tables() -> None:
    text = routine_to_toml(CATALOG.routines["pinched-nerve-seven"], CATALOG)
    lines = text.splitlines()
    assert lines[0] == "# unpinch routine: Pinched-nerve stretches and exercises"
    assert any("unpinch import" in line for line in lines if line.startswith("#"))
    assert lines.count("[[items]]") == 8
    assert "[items.dose]" in text
    assert 'exercise = "knee-to-chest"  # Knee-to-chest stretch' in text
    assert "builtin" not in text


@pytest.mark.parametrize("routine_id", sorted(CATALOG.routines))
def test_every_builtin_routine_round_trips(routine_id: str) -> None:
    routine = CATALOG.routines[routine_id]
    text = routine_to_toml(routine, CATALOG)
    back = routine_from_toml(text, "export.toml", CATALOG)
    assert back == dataclasses.replace(routine, builtin=False)


def test_tricky_text_is_escaped() -> None:
    name = 'Say "hi" \\ then — ½ ✓ [/]'
    routine = Routine(
        "tricky", name, (RoutineItem("bridge"),), description="a'b\"c\r\nd\te", builtin=False
    )
    text = routine_to_toml(routine)
    assert tomllib.loads(text)["name"] == name
    assert routine_from_toml(text, "t.toml", CATALOG) == routine
    assert text.splitlines()[0].startswith('# unpinch routine: Say "hi" \\ then')


def test_a_control_character_is_escaped_on_export_and_refused_on_import() -> None:
    name = "Evil\x1b]52;c;aGFja2Vk\x07\x1b]0;PWNED\x07"
    routine = Routine("evil", name, (RoutineItem("bridge"),), builtin=False)
    text = routine_to_toml(routine)
    assert "\x1b" not in text and "\x07" not in text
    assert tomllib.loads(text)["name"] == name
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("name =")))
    with pytest.raises(CatalogError) as caught:
        routine_from_toml(text, "t.toml", CATALOG)
    assert str(caught.value) == (
        f"t.toml:{line + 1}: routine 'evil': name holds the control character U+001B ESCAPE "
        "at character 5; routine text cannot hold control or bidi characters"
    )


# --- round trip property --------------------------------------------------------------------

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CHARS = st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], exclude_characters=BIDI)
TEXT = st.text(CHARS, max_size=40)
NAMES = st.text(CHARS, min_size=1, max_size=80).filter(lambda s: bool(s.strip()))
IDS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


def spans(bounds: tuple[int, int]) -> st.SearchStrategy[Span]:
    pair = st.tuples(st.integers(*bounds), st.integers(*bounds))
    return pair.map(lambda p: Span(min(p), max(p)))


@st.composite
def doses(draw: st.DrawFn) -> Dose:
    hold = draw(st.none() | spans(HOLD_BOUNDS))
    return Dose(
        reps=draw(spans(REPS_BOUNDS)),
        hold_s=hold,
        sets=draw(st.integers(*SETS_BOUNDS)),
        rest_s=draw(st.integers(*REST_BOUNDS)),
        tempo_s=draw(st.floats(*TEMPO_BOUNDS, allow_nan=False)),
        counted=hold is None and draw(st.booleans()),
    )


ITEMS = st.builds(RoutineItem, st.sampled_from(sorted(CATALOG.exercises)), st.none() | doses())
ROUTINES = st.builds(
    Routine,
    id=IDS,
    name=NAMES,
    items=st.lists(ITEMS, min_size=1, max_size=6).map(tuple),
    description=TEXT,
    frequency=TEXT,
    sources=st.lists(st.sampled_from(sorted(CATALOG.sources)), unique=True).map(tuple),
    rest_between_s=st.integers(*REST_BOUNDS),
    builtin=st.just(False),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUTINES, st.booleans())
def test_export_then_import_gives_the_same_routine(routine: Routine, comments: bool) -> None:
    text = routine_to_toml(routine, CATALOG if comments else None)
    assert routine_from_toml(text, "gen.toml", CATALOG) == routine


# --- where keys are ----------------------------------------------------------------------


def test_positions_of_items_tables_and_inline_items() -> None:
    text = MINE + "\n# trailing comment\n"
    lines = scan_positions(text).lines
    assert lines[("items", 1)] == 4
    assert lines[("items", 2, "exercise")] == 8
    assert lines[("items", 2, "dose")] == 9
    assert lines[("items", 2, "dose", "reps", 2)] == 10
    inline = (DATA / "user_routine.toml").read_text()
    found = scan_positions(inline)
    assert found.lines[("items", 2, "dose", "rest_s")] == 8
    assert found.line_of(("items", 2, "dose", "tempo_s")) == 8
    assert found.line_of(("nothing",)) == 1


def test_positions_ignore_headers_inside_strings() -> None:
    text = (
        'id = "x"\ndescription = """\n[[items]]\nexercise = "no"\n"""\n[[items]]\nexercise = "a"\n'
    )
    found = scan_positions(text)
    assert found.lines[("items", 1, "exercise")] == 7
    assert ("items", 2) not in found.lines


def test_dotted_paths_read_naturally() -> None:
    assert dotted(("items", 2, "dose", "hold_s")) == "items[2].dose.hold_s"
    assert dotted(("name",)) == "name"


@settings(max_examples=60, deadline=None)
@given(ROUTINES)
def test_positions_point_at_each_exported_key(routine: Routine) -> None:
    text = routine_to_toml(routine, CATALOG)
    lines = text.splitlines()
    found = scan_positions(text)
    assert lines[found.line_of(("name",)) - 1].startswith("name = ")
    for number, item in enumerate(routine.items, 1):
        line = lines[found.line_of(("items", number, "exercise")) - 1]
        assert line.startswith(f'exercise = "{item.exercise_id}"')
        if item.dose is not None:
            assert lines[found.line_of(("items", number, "dose", "sets")) - 1] == (
                f"sets = {item.dose.sets}"
            )
