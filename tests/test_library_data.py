"""The shipped exercise library: it loads, it is complete, and it hangs together."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import unpinch.library as library
from unpinch.library.catalog import DATA_DIR, load_catalog
from unpinch.library.model import Catalog, Span

REQUIRED_ROUTINES = {
    "morning-in-bed": "in-bed morning start",
    "spasm-relief": "nerve spasm relief",
    "pinched-nerve-seven": "the seven pinched-nerve stretches",
    "gentle-stretches": "gentle stretches",
    "stretching-stage": "progressive programme, stretching",
    "strength-stage-1": "progressive programme, first strengthening stage",
    "strength-stage-2": "progressive programme, second strengthening stage",
    "piriformis-hamstring": "piriformis and hamstring",
}

AVOIDED = {
    "sit-ups-and-crunches",
    "heavy-lifting",
    "running",
    "cycling",
    "bending-forward-under-load",
}

FLEXION = [
    "back-flexion-stretch",
    "standing-forward-bend",
    "seated-hamstring-stretch",
    "hurdler-stretch",
]

BENDING_FORWARD = re.compile(r"\bbend(ing)? (the back |your back )?forward", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(cached=False)


def test_data_folder_sits_inside_the_package() -> None:
    package_data = Path(library.__file__).parent / "data"
    assert package_data == DATA_DIR
    assert sorted(p.name for p in DATA_DIR.glob("*.toml")) == [
        "avoid.toml",
        "exercises.toml",
        "figures.toml",
        "routines.toml",
        "sources.toml",
    ]


def test_library_size(catalog: Catalog) -> None:
    assert len(catalog.exercises) >= 28
    assert len(catalog.routines) >= 7
    assert len(catalog.sources) == 5


@pytest.mark.parametrize("routine_id", sorted(REQUIRED_ROUTINES))
def test_required_routine_exists(catalog: Catalog, routine_id: str) -> None:
    routine = catalog.routines[routine_id]
    assert routine.builtin
    assert routine.description and routine.frequency
    assert routine.items


def test_every_exercise_is_complete(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        assert 3 <= len(exercise.cues) <= 6, exercise.id
        assert len(exercise.steps) >= 2, exercise.id
        assert exercise.sources, exercise.id
        assert exercise.targets, exercise.id
        assert exercise.cautions, exercise.id
        assert exercise.summary.endswith("."), exercise.id
        assert ". " not in exercise.summary, f"{exercise.id}: summary is one sentence"


def test_cues_are_short_imperatives(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        for cue in exercise.cues:
            assert len(cue.split()) <= 7, (exercise.id, cue)
            assert not cue.endswith("."), (exercise.id, cue)
            assert cue[0].isupper(), (exercise.id, cue)


def test_steps_are_sentences(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        for step in exercise.steps:
            assert step[0].isupper() and step.endswith("."), (exercise.id, step)


def test_variants_point_both_ways(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        for harder in exercise.harder:
            assert exercise.id in catalog.exercises[harder].easier, (exercise.id, harder)
        for easier in exercise.easier:
            assert exercise.id in catalog.exercises[easier].harder, (exercise.id, easier)


@pytest.mark.parametrize(
    ("easier", "harder"),
    [
        ("knee-plank", "plank"),
        ("plank", "side-plank"),
        ("bridge", "single-leg-bridge"),
        ("core-stabilisation", "knee-plank"),
    ],
)
def test_progressions_from_the_articles(catalog: Catalog, easier: str, harder: str) -> None:
    assert harder in catalog.exercises[easier].harder


def test_routine_sources_back_every_item(catalog: Catalog) -> None:
    for routine in catalog.routines.values():
        cited = set(routine.sources)
        used: set[str] = set()
        for item in routine.items:
            sources = set(catalog.exercises[item.exercise_id].sources)
            assert sources & cited, (routine.id, item.exercise_id)
            used |= sources
        assert cited <= used, routine.id


def test_dose_overrides_keep_the_kind_of_dose(catalog: Catalog) -> None:
    for routine in catalog.routines.values():
        for item in routine.items:
            if item.dose is not None:
                exercise = catalog.exercises[item.exercise_id]
                assert item.dose.is_hold == exercise.dose.is_hold, (routine.id, item.exercise_id)


def test_every_source_and_exercise_is_used(catalog: Catalog) -> None:
    cited = {s for e in catalog.exercises.values() for s in e.sources}
    assert cited == set(catalog.sources)
    in_routines = {i.exercise_id for r in catalog.routines.values() for i in r.items}
    missing = set(catalog.exercises) - in_routines - {"knee-plank"}
    assert not missing


@pytest.mark.parametrize(
    ("exercise_id", "sources"),
    [
        ("knee-to-chest", {"pinched-nerve", "six-exercises"}),
        ("bridge", {"pinched-nerve", "sciatica-exercises"}),
        ("supine-piriformis-stretch", {"nerve-spasms", "leg-pain"}),
        ("figure-four-stretch", {"pinched-nerve", "six-exercises"}),
    ],
)
def test_shared_movements_are_merged(catalog: Catalog, exercise_id: str, sources: set[str]) -> None:
    assert set(catalog.exercises[exercise_id].sources) == sources


@pytest.mark.parametrize(
    ("exercise_id", "hold", "reps", "sides"),
    [
        ("lower-back-rotation", Span(20, 20), Span(1, 1), "each"),
        ("towel-hamstring-stretch", Span(10, 30), Span(1, 1), "each"),
        ("back-flexion-stretch", Span(8, 10), Span(8, 12), "both"),
        ("supine-piriformis-stretch", Span(30, 30), Span(3, 3), "each"),
        ("seated-hip-stretch", Span(30, 60), Span(1, 1), "each"),
        ("bridge", Span(25, 50), Span(1, 1), "both"),
        ("standing-hip-abduction", None, Span(15, 20), "each"),
        ("clamshell", None, Span(15, 20), "each"),
        ("in-bed-knee-rocks", None, Span(10, 20), "both"),
        ("straight-leg-raise-glide", None, Span(10, 20), "each"),
        ("gluteal-stretch", Span(30, 30), Span(3, 3), "each"),
        ("wall-calf-stretch", Span(30, 30), Span(3, 3), "each"),
        ("step-hamstring-stretch", Span(10, 10), Span(10, 10), "each"),
        ("bird-dog", None, Span(30, 30), "alternating"),
        ("core-stabilisation", None, Span(15, 20), "each"),
        ("seated-ankle-to-chest", Span(5, 5), Span(3, 4), "each"),
        ("knee-press-down", Span(5, 5), Span(5, 5), "each"),
        ("seated-hamstring-stretch", Span(10, 10), Span(5, 5), "both"),
        ("lying-leg-raise", None, Span(5, 5), "each"),
    ],
)
def test_doses_carry_the_articles_facts(
    catalog: Catalog, exercise_id: str, hold: Span | None, reps: Span, sides: str
) -> None:
    exercise = catalog.exercises[exercise_id]
    assert exercise.dose.hold_s == hold
    assert exercise.dose.reps == reps
    assert exercise.sides == sides


def test_nerve_glide_is_not_held(catalog: Catalog) -> None:
    glide = catalog.exercises["straight-leg-raise-glide"]
    assert glide.kind == "nerve_glide"
    assert not glide.dose.is_hold


def test_self_paced_movements_are_counted(catalog: Catalog) -> None:
    for exercise_id in ("squat", "lunge", "bird-dog", "single-leg-hip-hinge"):
        assert catalog.exercises[exercise_id].dose.counted, exercise_id


def test_breaths_are_converted_and_explained(catalog: Catalog) -> None:
    bridge = catalog.exercises["bridge"]
    assert any("breaths" in step and "seconds" in step for step in bridge.steps)


def test_first_pinched_nerve_routine_uses_its_own_holds(catalog: Catalog) -> None:
    routine = catalog.routines["pinched-nerve-seven"]
    doses = {item.exercise_id: catalog.dose_for(item) for item in routine.items}
    assert doses["knee-to-chest"].hold_s == Span(20, 20)
    assert doses["figure-four-stretch"].hold_s == Span(30, 30)
    assert "21 days" in routine.frequency
    gentle = catalog.routines["gentle-stretches"]
    figure_four = next(i for i in gentle.items if i.exercise_id == "figure-four-stretch")
    assert catalog.dose_for(figure_four).hold_s == Span(60, 60)
    assert catalog.dose_for(figure_four).reps == Span(3, 3)


@pytest.mark.parametrize("exercise_id", FLEXION)
def test_flexion_stretches_warn_about_bending_forward(catalog: Catalog, exercise_id: str) -> None:
    cautions = " ".join(catalog.exercises[exercise_id].cautions)
    assert BENDING_FORWARD.search(cautions), exercise_id


def test_avoid_list_has_the_articles_activities(catalog: Catalog) -> None:
    avoid = {a.id: a for a in catalog.avoid}
    assert set(avoid) >= AVOIDED
    assert "pelvic tilt" in avoid["sit-ups-and-crunches"].instead.lower()
    assert "walk" in avoid["running"].instead.lower()
    assert set(avoid["sit-ups-and-crunches"].sources) == {"six-exercises", "sciatica-exercises"}


def test_pelvic_tilt_is_an_exercise(catalog: Catalog) -> None:
    assert catalog.exercises["pelvic-tilt"].sources == ("six-exercises",)


@pytest.mark.parametrize(
    "path", sorted(p for p in DATA_DIR.rglob("*") if p.is_file()), ids=lambda p: p.name
)
def test_no_drug_advertising(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for pattern in (r"aspadol", r"soma\b", r"\bmg\b", r"tapentadol", r"carisoprodol"):
        assert not re.search(pattern, text, re.IGNORECASE), (path.name, pattern)


def test_drug_check_would_catch_an_advert() -> None:
    advert = "Pain O Soma 500 mg tablets"
    assert re.search(r"soma\b", advert, re.IGNORECASE)
    assert re.search(r"\bmg\b", advert, re.IGNORECASE)
