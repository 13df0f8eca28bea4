"""The catalog loader and the dict codec: broken files give precise messages; data round-trips."""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library import catalog as catalog_module
from unpinch.library.catalog import (
    DATA_DIR,
    CatalogError,
    clear_cache,
    load_catalog,
    load_routine_file,
)
from unpinch.library.codec import (
    ID_PATTERN,
    dose_from_dict,
    dose_to_dict,
    exercise_from_dict,
    exercise_to_dict,
    routine_from_dict,
    routine_to_dict,
)
from unpinch.library.model import (
    EQUIPMENT,
    KINDS,
    POSITIONS,
    SIDES,
    SWITCH_SIDES,
    Dose,
    Exercise,
    Routine,
    RoutineItem,
    Span,
)

FIXTURES = Path(__file__).parent / "data"

SOURCES = """\
[[source]]
id = "art"
title = "An article"
"""

EXERCISES = """\
[[exercise]]
id = "bridge"
name = "Bridge"
kind = "strength"
position = "lying_on_back"
sides = "both"
steps = ["Lie down.", "Lift your hips."]
cues = ["Squeeze", "Breathe", "Hold still"]
sources = ["art"]
harder = ["single-leg-bridge"]

[exercise.dose]
hold_s = 20
reps = 3

[[exercise]]
id = "single-leg-bridge"
name = "Single-leg bridge"
kind = "strength"
position = "lying_on_back"
sides = "each"
steps = ["Lift your hips.", "Straighten one leg."]
cues = ["Hips level", "Breathe", "Slowly"]
sources = ["art"]
easier = ["bridge"]

[exercise.dose]
reps = [5, 10]
"""

ROUTINES = """\
[[routine]]
id = "glutes"
name = "Glutes"
sources = ["art"]
items = [
    { exercise = "bridge" },
    { exercise = "single-leg-bridge", dose = { reps = 8 } },
]
"""

AVOID = """\
[[avoid]]
id = "running"
name = "Running"
reason = "Too much jarring."
instead = "Brisk walks."
sources = ["art"]
"""

GLOSSARY = """\
[[term]]
id = "glutes"
term = "glutes"
meaning = "The buttock muscles."
sources = ["art"]
"""

FILES = {
    "sources.toml": SOURCES,
    "exercises.toml": EXERCISES,
    "routines.toml": ROUTINES,
    "avoid.toml": AVOID,
    "glossary.toml": GLOSSARY,
}


def write_library(root: Path, edits: dict[str, str | None] | None = None) -> Path:
    """Write the small valid library under root/lib, with whole-file replacements (None deletes)."""
    lib = root / "lib"
    lib.mkdir()
    for name, text in {**FILES, **(edits or {})}.items():
        if text is not None:
            (lib / name).write_text(text, encoding="utf-8")
    return lib


@dataclass(frozen=True)
class Broken:
    """One way to break the small library and the exact message it must produce."""

    id: str
    file: str
    change: Callable[[str], str | None]
    message: str


def sub(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    """An edit that replaces the first ``count`` occurrences of ``old`` (which must be present)."""

    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


EX = "lib/exercises.toml: exercise 'bridge'"
SLB = "lib/exercises.toml: exercise 'single-leg-bridge'"
RT = "lib/routines.toml: routine 'glutes'"

PH = 'harder = ["single-leg-bridge"]'


def phases(value: str) -> Callable[[str], str]:
    """An edit that gives the bridge ``phases = value`` (its tempo is the default 3 s)."""
    return sub(PH, f"{PH}\nphases = {value}")


BROKEN = [
    Broken(
        "phases-not-a-list",
        "exercises.toml",
        phases('"lift"'),
        f"{EX}: phases must be a list, got 'lift'",
    ),
    Broken(
        "phases-only-one",
        "exercises.toml",
        phases('[["lift", 3]]'),
        f"{EX}: phases must list 2 to 5 parts, got 1",
    ),
    Broken(
        "phase-not-a-pair",
        "exercises.toml",
        phases('[["lift", 1.5], "lower"]'),
        f"{EX}: phases item 2 must be [name, seconds], got 'lower'",
    ),
    Broken(
        "phase-name-blank",
        "exercises.toml",
        phases('[["lift", 1.5], [" ", 1.5]]'),
        f"{EX}: phases item 2 name must not be empty",
    ),
    Broken(
        "phase-name-too-long",
        "exercises.toml",
        phases('[["lift", 1.5], ["lower very slowly", 1.5]]'),
        f"{EX}: phases item 2 name must be at most 12 characters, got 'lower very slowly'",
    ),
    Broken(
        "phase-seconds-zero",
        "exercises.toml",
        phases('[["lift", 0], ["lower", 3]]'),
        f"{EX}: phases item 1 seconds must be at least 0.1, got 0",
    ),
    Broken(
        "phase-seconds-text",
        "exercises.toml",
        phases('[["lift", "slow"], ["lower", 3]]'),
        f"{EX}: phases item 1 seconds must be a number, got 'slow'",
    ),
    Broken(
        "phases-off-tempo",
        "exercises.toml",
        phases('[["lift", 1.5], ["hold", 1], ["lower", 1.5]]'),
        f"{EX}: phases add up to 4 s but the dose's tempo_s is 3 s",
    ),
    Broken(
        "negative-hold",
        "exercises.toml",
        sub("hold_s = 20", "hold_s = -5"),
        f"{EX}: hold_s must be a positive number, got -5",
    ),
    Broken(
        "hold-too-long",
        "exercises.toml",
        sub("hold_s = 20", "hold_s = 900"),
        f"{EX}: hold_s must be at most 600, got 900",
    ),
    Broken(
        "range-reversed",
        "exercises.toml",
        sub("hold_s = 20", "hold_s = [30, 10]"),
        f"{EX}: hold_s range must be [low, high] with low <= high, got [30, 10]",
    ),
    Broken(
        "range-wrong-length",
        "exercises.toml",
        sub("hold_s = 20", "hold_s = [10, 20, 30]"),
        f"{EX}: hold_s must be a whole number or [low, high], got [10, 20, 30]",
    ),
    Broken(
        "reps-too-many",
        "exercises.toml",
        sub("reps = 3", "reps = 500"),
        f"{EX}: reps must be at most 200, got 500",
    ),
    Broken(
        "reps-boolean",
        "exercises.toml",
        sub("reps = 3", "reps = true"),
        f"{EX}: reps must be a whole number or [low, high], got true",
    ),
    Broken(
        "sets-zero",
        "exercises.toml",
        sub("reps = 3", "reps = 3\nsets = 0"),
        f"{EX}: sets must be a positive number, got 0",
    ),
    Broken(
        "rest-negative",
        "exercises.toml",
        sub("reps = 3", "reps = 3\nrest_s = -1"),
        f"{EX}: rest_s must not be negative, got -1",
    ),
    Broken(
        "tempo-too-fast",
        "exercises.toml",
        sub("reps = 3", "reps = 3\ntempo_s = 0.1"),
        f"{EX}: tempo_s must be at least 0.5, got 0.1",
    ),
    Broken(
        "tempo-text",
        "exercises.toml",
        sub("reps = 3", 'reps = 3\ntempo_s = "slow"'),
        f"{EX}: tempo_s must be a number, got 'slow'",
    ),
    Broken(
        "counted-text",
        "exercises.toml",
        sub("reps = 3", 'reps = 3\ncounted = "yes"'),
        f"{EX}: counted must be true or false, got 'yes'",
    ),
    Broken(
        "unknown-dose-field",
        "exercises.toml",
        sub("hold_s = 20", "holds = 20"),
        f"{EX}: unknown field 'holds' (did you mean 'hold_s'?)",
    ),
    Broken(
        "unknown-field-no-hint",
        "exercises.toml",
        sub('name = "Bridge"', 'name = "Bridge"\nzzz = 1'),
        f"{EX}: unknown field 'zzz'",
    ),
    Broken(
        "missing-field",
        "exercises.toml",
        sub('name = "Bridge"\n', ""),
        f"{EX}: missing required field 'name'",
    ),
    Broken(
        "missing-id",
        "exercises.toml",
        sub('id = "bridge"\n', ""),
        "lib/exercises.toml: exercise #1: missing required field 'id'",
    ),
    Broken(
        "name-wrong-type",
        "exercises.toml",
        sub('name = "Bridge"', "name = 5"),
        f"{EX}: name must be text, got 5",
    ),
    Broken(
        "name-blank",
        "exercises.toml",
        sub('name = "Bridge"', 'name = "  "'),
        f"{EX}: name must not be empty",
    ),
    Broken(
        "id-not-kebab",
        "exercises.toml",
        sub('id = "bridge"', 'id = "Bridge Pose"'),
        "lib/exercises.toml: exercise 'Bridge Pose': id must be kebab-case (lowercase letters, "
        "digits and single hyphens), got 'Bridge Pose'",
    ),
    Broken(
        "bad-kind",
        "exercises.toml",
        sub('kind = "strength"', 'kind = "strech"'),
        f"{EX}: kind must be one of stretch, strength, mobility, nerve_glide, got 'strech' "
        "(did you mean 'stretch'?)",
    ),
    Broken(
        "bad-position",
        "exercises.toml",
        sub('position = "lying_on_back"', 'position = "upside_down"'),
        f"{EX}: position must be one of {', '.join(POSITIONS)}, got 'upside_down'",
    ),
    Broken(
        "bad-sides",
        "exercises.toml",
        sub('sides = "both"', "sides = 2"),
        f"{EX}: sides must be one of both, each, alternating, got 2",
    ),
    Broken(
        "bad-equipment",
        "exercises.toml",
        sub('sides = "both"', 'sides = "both"\nequipment = ["band"]'),
        f"{EX}: equipment item 1 must be one of {', '.join(EQUIPMENT)}, got 'band'",
    ),
    Broken(
        "switch-sides-unknown",
        "exercises.toml",
        sub('sides = "each"', 'sides = "each"\nswitch_sides = "sometimes"'),
        f"{SLB}: switch_sides must be one of after_all_holds, after_each_hold, got 'sometimes'",
    ),
    Broken(
        "switch-sides-not-each",
        "exercises.toml",
        sub('sides = "both"', 'sides = "both"\nswitch_sides = "after_each_hold"'),
        f"{EX}: switch_sides only applies when sides = 'each', got sides = 'both'",
    ),
    Broken(
        "affected-only-text",
        "exercises.toml",
        sub('sides = "each"', 'sides = "each"\naffected_only = "yes"'),
        f"{SLB}: affected_only must be true or false, got 'yes'",
    ),
    Broken(
        "affected-only-not-each",
        "exercises.toml",
        sub('sides = "both"', 'sides = "both"\naffected_only = true'),
        f"{EX}: affected_only only applies when sides = 'each', got sides = 'both'",
    ),
    Broken(
        "steps-not-list",
        "exercises.toml",
        sub('steps = ["Lie down.", "Lift your hips."]', 'steps = "Lie down."'),
        f"{EX}: steps must be a list, got 'Lie down.'",
    ),
    Broken(
        "steps-empty",
        "exercises.toml",
        sub('steps = ["Lie down.", "Lift your hips."]', "steps = []"),
        f"{EX}: steps must not be empty",
    ),
    Broken(
        "cues-empty",
        "exercises.toml",
        sub('cues = ["Squeeze", "Breathe", "Hold still"]', "cues = []"),
        f"{EX}: cues must not be empty",
    ),
    Broken(
        "cue-blank",
        "exercises.toml",
        sub('cues = ["Squeeze", "Breathe", "Hold still"]', 'cues = ["Squeeze", ""]'),
        f"{EX}: cues item 2 must not be empty",
    ),
    Broken(
        "dose-not-table",
        "exercises.toml",
        sub("[exercise.dose]\nhold_s = 20\nreps = 3", "dose = 5"),
        f"{EX}: dose must be a table, got 5",
    ),
    Broken(
        "duplicate-id",
        "exercises.toml",
        sub('id = "single-leg-bridge"', 'id = "bridge"'),
        f"{EX}: duplicate id, already used by exercise #1",
    ),
    Broken(
        "variant-nowhere",
        "exercises.toml",
        sub('harder = ["single-leg-bridge"]', 'harder = ["superman"]'),
        f"{EX}: harder names unknown exercise 'superman'",
    ),
    Broken(
        "variant-self",
        "exercises.toml",
        sub('harder = ["single-leg-bridge"]', 'harder = ["bridge"]'),
        f"{EX}: harder must not name the exercise itself",
    ),
    Broken(
        "exercise-unknown-source",
        "exercises.toml",
        sub('sources = ["art"]', 'sources = ["arts"]'),
        f"{EX}: sources names unknown source 'arts' (did you mean 'art'?)",
    ),
    Broken(
        "exercise-no-sources",
        "exercises.toml",
        sub('sources = ["art"]', "sources = []"),
        f"{EX}: sources must not be empty",
    ),
    Broken(
        "routine-unknown-exercise",
        "routines.toml",
        sub('{ exercise = "bridge" }', '{ exercise = "brige" }'),
        f"{RT}: item 1: unknown exercise 'brige' (did you mean 'bridge'?)",
    ),
    Broken(
        "routine-item-not-table",
        "routines.toml",
        sub('{ exercise = "bridge" }', '"bridge"'),
        f"{RT}: item 1 must be a table like {{ exercise = \"id\" }}, got 'bridge'",
    ),
    Broken(
        "routine-item-bad-dose",
        "routines.toml",
        sub("dose = { reps = 8 }", "dose = { reps = 0 }"),
        f"{RT}: item 2: reps must be a positive number, got 0",
    ),
    Broken(
        "routine-no-items",
        "routines.toml",
        lambda text: text.split("items")[0] + "items = []\n",
        f"{RT}: items must not be empty",
    ),
    Broken(
        "routine-unknown-source",
        "routines.toml",
        sub('sources = ["art"]', 'sources = ["other"]'),
        f"{RT}: sources names unknown source 'other'",
    ),
    Broken(
        "routine-rest-too-long",
        "routines.toml",
        sub('name = "Glutes"', 'name = "Glutes"\nrest_between_s = 601'),
        f"{RT}: rest_between_s must be at most 600, got 601",
    ),
    Broken(
        "avoid-unknown-source",
        "avoid.toml",
        sub('sources = ["art"]', 'sources = ["nope"]'),
        "lib/avoid.toml: avoid 'running': sources names unknown source 'nope'",
    ),
    Broken(
        "avoid-missing-instead",
        "avoid.toml",
        sub('instead = "Brisk walks."\n', ""),
        "lib/avoid.toml: avoid 'running': missing required field 'instead'",
    ),
    Broken(
        "term-missing-meaning",
        "glossary.toml",
        sub('meaning = "The buttock muscles."\n', ""),
        "lib/glossary.toml: term 'glutes': missing required field 'meaning'",
    ),
    Broken(
        "term-blank",
        "glossary.toml",
        sub('term = "glutes"', 'term = " "'),
        "lib/glossary.toml: term 'glutes': term must not be empty",
    ),
    Broken(
        "term-unknown-source",
        "glossary.toml",
        sub('sources = ["art"]', 'sources = ["artt"]'),
        "lib/glossary.toml: term 'glutes': sources names unknown source 'artt' "
        "(did you mean 'art'?)",
    ),
    Broken(
        "source-duplicate",
        "sources.toml",
        lambda text: text + "\n" + text,
        "lib/sources.toml: source 'art': duplicate id, already used by source #1",
    ),
    Broken(
        "toml-syntax",
        "exercises.toml",
        sub('name = "Bridge"', 'name "Bridge"'),
        "lib/exercises.toml: TOML syntax error on line 3, column 6: "
        "Expected '=' after a key in a key/value pair",
    ),
    Broken(
        "unknown-top-level",
        "exercises.toml",
        lambda text: text.replace("exercise", "exercises"),
        "lib/exercises.toml: unknown top-level key 'exercises' (did you mean 'exercise'?)",
    ),
    Broken(
        "no-entries",
        "avoid.toml",
        lambda _text: "# nothing yet\n",
        "lib/avoid.toml: no [[avoid]] entries found",
    ),
    Broken(
        "unreadable",
        "avoid.toml",
        lambda _text: None,
        "lib/avoid.toml: cannot read file: No such file or directory",
    ),
]


def test_the_small_library_is_valid(tmp_path: Path) -> None:
    catalog = load_catalog(write_library(tmp_path), cached=False)
    assert list(catalog.exercises) == ["bridge", "single-leg-bridge"]
    assert catalog.exercises["bridge"].dose == Dose(reps=Span(3, 3), hold_s=Span(20, 20))
    assert catalog.routines["glutes"].items[1] == RoutineItem("single-leg-bridge", Dose(Span(8, 8)))
    assert catalog.avoid[0].instead == "Brisk walks."
    assert [(t.term, t.meaning) for t in catalog.glossary] == [("glutes", "The buttock muscles.")]
    assert catalog.exercises["single-leg-bridge"].switch_sides == "after_all_holds"
    assert not catalog.exercises["single-leg-bridge"].affected_only


def test_phases_load_as_name_and_seconds(tmp_path: Path) -> None:
    edited = phases('[["lift", 1], ["hold", 1], ["lower", 1]]')(EXERCISES)
    lib = write_library(tmp_path, {"exercises.toml": edited})
    exercises = load_catalog(lib, cached=False).exercises
    assert exercises["bridge"].phases == (("lift", 1.0), ("hold", 1.0), ("lower", 1.0))
    assert exercises["single-leg-bridge"].phases == ()


def test_side_fields_load_for_each_side_exercises(tmp_path: Path) -> None:
    edited = EXERCISES.replace(
        'sides = "each"', 'sides = "each"\nswitch_sides = "after_each_hold"\naffected_only = true'
    )
    lib = write_library(tmp_path, {"exercises.toml": edited})
    exercise = load_catalog(lib, cached=False).exercises["single-leg-bridge"]
    assert exercise.switch_sides == "after_each_hold"
    assert exercise.affected_only


@pytest.mark.parametrize("case", BROKEN, ids=[case.id for case in BROKEN])
def test_broken_file_names_file_entry_and_field(
    case: Broken, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lib = write_library(tmp_path, {case.file: case.change(FILES[case.file])})
    with pytest.raises(CatalogError) as caught:
        load_catalog(lib, cached=False)
    assert str(caught.value) == case.message


def test_broken_cases_have_distinct_messages() -> None:
    assert len({case.message for case in BROKEN}) == len(BROKEN) >= 15


def test_path_outside_working_folder_is_shown_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    lib = write_library(tmp_path, {"avoid.toml": None})
    with pytest.raises(CatalogError, match=r"^/.*/lib/avoid\.toml: cannot read file"):
        load_catalog(lib, cached=False)


def test_shipped_data_paths_are_shown_relative_to_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(DATA_DIR.parents[1])
    assert catalog_module.shown_path(DATA_DIR / "exercises.toml") == "library/data/exercises.toml"


def test_dose_message_matches_the_documented_shape() -> None:
    where = "library/data/exercises.toml: exercise 'bridge'"
    with pytest.raises(CatalogError) as caught:
        dose_from_dict({"hold_s": -5}, where)
    assert str(caught.value) == (
        "library/data/exercises.toml: exercise 'bridge': hold_s must be a positive number, got -5"
    )


def test_catalog_error_is_a_value_error() -> None:
    assert issubclass(CatalogError, ValueError)


# --- caching ----------------------------------------------------------------------


def test_catalog_is_cached_per_folder_and_can_be_bypassed(tmp_path: Path) -> None:
    lib = write_library(tmp_path)
    first = load_catalog(lib)
    assert load_catalog(lib) is first
    (lib / "avoid.toml").write_text(AVOID.replace("Running", "Jogging"), encoding="utf-8")
    assert load_catalog(lib) is first
    assert load_catalog(lib, cached=False).avoid[0].name == "Jogging"
    clear_cache()
    assert load_catalog(lib).avoid[0].name == "Jogging"


def test_errors_are_not_cached(tmp_path: Path) -> None:
    lib = write_library(tmp_path, {"avoid.toml": None})
    with pytest.raises(CatalogError):
        load_catalog(lib)
    (lib / "avoid.toml").write_text(AVOID, encoding="utf-8")
    assert load_catalog(lib).avoid[0].id == "running"


# --- user routine files ---------------------------------------------------------------


def test_user_routine_file_loads_as_not_builtin() -> None:
    catalog = load_catalog()
    routine = load_routine_file(FIXTURES / "user_routine.toml", catalog)
    assert routine.id == "my-evening"
    assert routine.builtin is False
    assert [item.exercise_id for item in routine.items] == ["knee-to-chest", "bridge"]
    assert routine.items[1].dose == Dose(reps=Span(3, 3), hold_s=Span(20, 20), rest_s=15)
    assert routine.rest_between_s == 12


def test_user_routine_file_reports_unknown_exercise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "mine.toml"
    path.write_text('id = "mine"\nname = "Mine"\nitems = [{ exercise = "brigde" }]\n')
    with pytest.raises(CatalogError) as caught:
        load_routine_file(path, load_catalog())
    assert str(caught.value) == (
        "mine.toml: routine 'mine': item 1: unknown exercise 'brigde' (did you mean 'bridge'?)"
    )


def test_user_routine_file_reports_unknown_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "mine.toml"
    path.write_text(
        'id = "mine"\nname = "Mine"\nsources = ["blog"]\nitems = [{ exercise = "bridge" }]\n'
    )
    with pytest.raises(CatalogError, match=r"^mine\.toml: routine 'mine': sources names unknown"):
        load_routine_file(path, load_catalog())


def test_user_routine_file_syntax_error_gives_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "mine.toml"
    path.write_text('id = "mine"\nname = \n')
    with pytest.raises(CatalogError, match=r"^mine\.toml: TOML syntax error on line 2, column 8: "):
        load_routine_file(path, load_catalog())


# --- codec round trips ----------------------------------------------------------------


def test_shipped_exercises_and_routines_round_trip_through_json() -> None:
    catalog = load_catalog()
    ids = catalog.exercises.keys()
    for exercise in catalog.exercises.values():
        stored = json.loads(json.dumps(exercise_to_dict(exercise)))
        assert exercise_from_dict(stored, "store") == exercise
    for routine in catalog.routines.values():
        stored = json.loads(json.dumps(routine_to_dict(routine)))
        assert routine_from_dict(stored, "store", ids) == routine


def test_spans_serialise_as_number_when_fixed_and_pair_otherwise() -> None:
    data = dose_to_dict(Dose(reps=Span(3, 3), hold_s=Span(10, 30)))
    assert data["reps"] == 3
    assert data["hold_s"] == [10, 30]
    assert "hold_s" not in dose_to_dict(Dose())


def test_exercise_defaults_fill_in_optional_fields() -> None:
    exercise = exercise_from_dict(
        {
            "id": "x",
            "name": "X",
            "kind": "stretch",
            "position": "seated",
            "sides": "both",
            "dose": {},
            "steps": ["a"],
            "cues": ["b"],
            "sources": [],
        },
        "here",
    )
    assert exercise.equipment == ("none",)
    assert exercise.dose == Dose()
    assert exercise.builtin is True
    assert (exercise.switch_sides, exercise.affected_only) == ("after_all_holds", False)


TEXT = st.text(
    alphabet=string.ascii_letters + string.digits + " .,'’–é", min_size=1, max_size=30
).filter(str.strip)
WORDS = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=6)
IDS = st.lists(WORDS, min_size=1, max_size=3).map("-".join)


@st.composite
def spans(draw: st.DrawFn, low: int, high: int) -> Span:
    a, b = draw(st.integers(low, high)), draw(st.integers(low, high))
    return Span(min(a, b), max(a, b))


DOSES = st.builds(
    Dose,
    reps=spans(1, 200),
    hold_s=st.none() | spans(1, 600),
    sets=st.integers(1, 20),
    rest_s=st.integers(0, 600),
    tempo_s=st.floats(0.5, 30.0, allow_nan=False),
    counted=st.booleans(),
)


def tuples_of(
    strategy: st.SearchStrategy[str], min_size: int = 0
) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=4).map(tuple)


@st.composite
def side_settings(draw: st.DrawFn) -> dict[str, object]:
    """Sides with the switch and affected-leg settings that go with them."""
    sides = draw(st.sampled_from(SIDES))
    if sides != "each":
        return {"sides": sides}
    return {
        "sides": sides,
        "switch_sides": draw(st.sampled_from(SWITCH_SIDES)),
        "affected_only": draw(st.booleans()),
    }


EXERCISES_ST = side_settings().flatmap(
    lambda sided: st.builds(
        Exercise,
        id=IDS,
        name=TEXT,
        kind=st.sampled_from(KINDS),
        position=st.sampled_from(POSITIONS),
        dose=DOSES,
        steps=tuples_of(TEXT, 1),
        cues=tuples_of(TEXT, 1),
        sources=tuples_of(IDS),
        summary=st.text(max_size=40),
        aliases=tuples_of(TEXT),
        targets=tuples_of(TEXT),
        equipment=tuples_of(st.sampled_from(EQUIPMENT), 1),
        cautions=tuples_of(TEXT),
        easier=tuples_of(IDS),
        harder=tuples_of(IDS),
        builtin=st.booleans(),
        phases=st.just(()),
        **{key: st.just(value) for key, value in sided.items()},
    )
)

ROUTINES_ST = st.builds(
    Routine,
    id=IDS,
    name=TEXT,
    items=st.lists(
        st.builds(RoutineItem, exercise_id=IDS, dose=st.none() | DOSES), min_size=1, max_size=5
    ).map(tuple),
    description=st.text(max_size=40),
    frequency=st.text(max_size=40),
    sources=tuples_of(IDS),
    rest_between_s=st.integers(0, 600),
    builtin=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(DOSES)
def test_dose_round_trips(dose: Dose) -> None:
    stored = json.loads(json.dumps(dose_to_dict(dose)))
    assert dose_from_dict(stored, "here") == dose


@settings(max_examples=80, deadline=None)
@given(EXERCISES_ST)
def test_exercise_round_trips(exercise: Exercise) -> None:
    stored = json.loads(json.dumps(exercise_to_dict(exercise)))
    assert exercise_from_dict(stored, "here") == exercise


@settings(max_examples=80, deadline=None)
@given(ROUTINES_ST)
def test_routine_round_trips(routine: Routine) -> None:
    ids = {item.exercise_id for item in routine.items}
    stored = json.loads(json.dumps(routine_to_dict(routine)))
    assert routine_from_dict(stored, "here", ids) == routine


@settings(max_examples=50, deadline=None)
@given(IDS)
def test_generated_ids_are_valid(ident: str) -> None:
    assert ID_PATTERN.fullmatch(ident)


@st.composite
def phased_exercises(draw: st.DrawFn) -> Exercise:
    """An exercise whose phases add up to its dose's tempo, as the codec requires."""
    base = draw(EXERCISES_ST)
    names = draw(
        st.lists(st.sampled_from(["lift", "hold", "lower", "one side"]), min_size=2, max_size=5)
    )
    weights = draw(st.lists(st.integers(1, 9), min_size=len(names), max_size=len(names)))
    tempo = max(base.dose.tempo_s, 0.12 * sum(weights))
    parts = tuple((name, tempo * w / sum(weights)) for name, w in zip(names, weights, strict=True))
    parts = (*parts[:-1], (parts[-1][0], tempo - sum(s for _, s in parts[:-1])))
    return replace(base, dose=replace(base.dose, tempo_s=tempo), phases=parts)


@settings(max_examples=60, deadline=None)
@given(phased_exercises())
def test_exercise_with_phases_round_trips(exercise: Exercise) -> None:
    stored = json.loads(json.dumps(exercise_to_dict(exercise)))
    assert exercise_from_dict(stored, "here") == exercise
