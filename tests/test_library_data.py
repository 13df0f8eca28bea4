"""The shipped exercise library: it loads, it is complete, and it hangs together."""

from __future__ import annotations

import re
import tomllib
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
    "knee-to-chest",
    "lower-back-rocking",
    "seated-ankle-to-chest",
    "chest-to-bed-stretch",
]

BENDING_FORWARD = re.compile(r"\bbend(ing|s)? (the back |your back )?forward", re.IGNORECASE)

NAMED_SIDE = re.compile(r"\b(left|right) (leg|foot|knee|side|hand|arm|hip)", re.IGNORECASE)
CHANGE_SIDES = re.compile(
    r"switch sides|change sides|swap (legs|sides|to)|change legs|other (leg|side) too"
    r"|repeat (on|with) the other|work the other leg|turn over for the other",
    re.IGNORECASE,
)
LEG_PAIN_RULE = re.compile(
    r"(pain|symptoms)[^.;]*(down|in) (the|your) leg|leg pain (increases|spreads)", re.IGNORECASE
)
IMPERATIVES = {
    "Bend", "Brace", "Breathe", "Come", "Control", "Count", "Curl", "Don't", "Draw", "Ease",
    "Feel", "Fold", "Go", "Grow", "Hinge", "Hold", "Hug", "Keep", "Lead", "Let", "Lift",
    "Lower", "Move", "Pause", "Press", "Pull", "Push", "Reach", "Relax", "Rest", "Rise",
    "Rock", "Sink", "Sit", "Soften", "Squeeze", "Stand", "Start", "Steer", "Take", "Tighten",
    "Turn",
}  # fmt: skip
ONE_WORD = re.compile(
    r"\bbum\b|\babdominals?\b|\bbodyweight\b|\btoward\b|physical therapist", re.IGNORECASE
)


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
        "glossary.toml",
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
            assert cue.split()[0].rstrip(",") in IMPERATIVES, (exercise.id, cue)


def test_steps_never_name_a_side_the_card_does_not_show(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        for step in exercise.steps:
            assert not NAMED_SIDE.search(step), (exercise.id, step)


def test_steps_change_sides_only_where_the_player_does(catalog: Catalog) -> None:
    """A step may say "switch sides" after a hold only when the next hold is on the other side."""
    for exercise in catalog.exercises.values():
        one_hold = exercise.dose.reps.high == 1 or not exercise.dose.is_hold
        turns = exercise.switch_sides == "after_each_hold"
        for step in exercise.steps:
            if CHANGE_SIDES.search(step):
                assert exercise.sides == "each" and (one_hold or turns), (exercise.id, step)


@pytest.mark.parametrize(
    ("exercise_id", "switch_sides"),
    [
        ("standing-forward-bend", "after_each_hold"),
        ("single-leg-bridge", "after_each_hold"),
        ("gluteal-stretch", "after_all_holds"),
        ("wall-calf-stretch", "after_all_holds"),
        ("figure-four-stretch", "after_all_holds"),
        ("step-hamstring-stretch", "after_all_holds"),
        ("supine-piriformis-stretch", "after_all_holds"),
    ],
)
def test_sides_follow_each_articles_order(
    catalog: Catalog, exercise_id: str, switch_sides: str
) -> None:
    assert catalog.exercises[exercise_id].switch_sides == switch_sides


def test_affected_leg_exercises_are_the_articles_ones(catalog: Catalog) -> None:
    affected = {e.id for e in catalog.exercises.values() if e.affected_only}
    assert affected == {"towel-hamstring-stretch", "seated-ankle-to-chest"}
    for exercise_id in affected:
        steps = " ".join(catalog.exercises[exercise_id].steps)
        assert "affected leg" in steps, exercise_id


def test_the_leg_pain_rule_is_said_once_by_the_app_not_per_exercise(catalog: Catalog) -> None:
    for exercise in catalog.exercises.values():
        for text in (*exercise.cautions, *exercise.cues):
            assert not LEG_PAIN_RULE.search(text), (exercise.id, text)


def test_counted_exercises_carry_their_own_per_rep_estimate() -> None:
    doc = tomllib.loads((DATA_DIR / "exercises.toml").read_text(encoding="utf-8"))
    for table in doc["exercise"]:
        if table["dose"].get("counted"):
            assert "tempo_s" in table["dose"], table["id"]


def test_hip_hinge_starts_below_the_articles_goal(catalog: Catalog) -> None:
    dose = catalog.exercises["single-leg-hip-hinge"].dose
    assert dose.reps.low < 20 <= dose.reps.high
    assert dose.tempo_s > 3.0


def test_hip_rotator_lifts_have_their_own_reps_and_the_pigeon_its_hold(catalog: Catalog) -> None:
    lifts = catalog.exercises["hip-rotator-stretch"].dose
    assert not lifts.is_hold and lifts.counted and lifts.sets == 3
    assert catalog.exercises["pigeon-pose"].dose.hold_s == Span(20, 20)
    items = [i.exercise_id for i in catalog.routines["pinched-nerve-seven"].items]
    assert items.index("pigeon-pose") == items.index("hip-rotator-stretch") + 1


def test_prone_relaxation_minutes_count_before_the_extension(catalog: Catalog) -> None:
    relax = catalog.exercises["prone-relaxation"].dose.hold_s
    assert relax is not None and relax.low >= 120
    items = [i.exercise_id for i in catalog.routines["stretching-stage"].items]
    assert items.index("prone-back-extension") == items.index("prone-relaxation") + 1


def test_strength_stage_one_keeps_the_articles_order(catalog: Catalog) -> None:
    items = [i.exercise_id for i in catalog.routines["strength-stage-1"].items]
    assert items.index("lunge") < items.index("bridge")
    assert "first strengthening stage" in catalog.routines["strength-stage-1"].description


def test_data_readme_states_the_doses_the_data_has(catalog: Catalog) -> None:
    readme = flat((DATA_DIR / "README.md").read_text(encoding="utf-8"))
    assert catalog.exercises["chair-hamstring-stretch"].dose.reps == Span(10, 15)
    assert "`chair-hamstring-stretch` (10–15 slow rocks)" in readme
    assert catalog.exercises["lower-back-rocking"].dose.reps == Span(10, 20)
    assert "`lower-back-rocking` takes Sciatica Exercises' ten to twenty" in readme
    for invented in ("pelvic-tilt", "seated-spinal-twist", "lower-back-rocking"):
        assert f"`{invented}`" in readme.split("are not spelled out by the articles")[0][-400:]


def flat(text: str) -> str:
    """Text with every run of whitespace squeezed to one space."""
    return " ".join(text.split())


def test_one_word_for_one_thing(catalog: Catalog) -> None:
    for path in sorted(p for p in DATA_DIR.iterdir() if p.suffix in (".toml", ".md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not ONE_WORD.search(line), f"{path.name}:{number}: {line.strip()}"


@pytest.mark.parametrize("word", ["muscle energy", "abductors", "SI joint", "deep core"])
def test_glossary_explains_the_jargon(catalog: Catalog, word: str) -> None:
    terms = [t for t in catalog.glossary if word.lower() in t.term.lower()]
    assert len(terms) == 1, word
    assert terms[0].meaning.endswith(".")


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
    assert "Sciatica Exercises warns" in cautions, exercise_id


def test_loaded_forward_bend_keeps_the_knees_soft_and_never_calls_it_unloaded(
    catalog: Catalog,
) -> None:
    bend = catalog.exercises["standing-forward-bend"]
    steps = " ".join(bend.steps)
    assert "knees soft" in steps and "come up slowly" in steps and "chair" in steps
    cautions = " ".join(bend.cautions)
    assert "load" in cautions and "unloaded" not in cautions
    assert "chair" in bend.equipment


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
