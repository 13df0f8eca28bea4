"""Every exercise's figure against its exercise, and the renderer's promises.

The figure checks read the pose data itself: where each joint is once the
body rests on its support, which way the chest faces, how the trunk lies.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library.catalog import load_catalog
from unpinch.library.figures.body import (
    FOREARM,
    JOINT_RANGES,
    SHIN,
    THIGH,
    UPPER_ARM,
    Arm,
    Leg,
    Pose,
    skeleton,
)
from unpinch.library.figures.checks import facts, problems
from unpinch.library.figures.data import load_figures
from unpinch.library.figures.draw import FigureDrawing, figure_scenes, key_grids
from unpinch.library.figures.grid import render, style_for
from unpinch.library.figures.motion import MAX_FPS, frames_per_rep, pose_at
from unpinch.library.figures.scene import contact_radius, placed, scene
from unpinch.library.figures.spec import Figure

CATALOG = load_catalog()
FIGURES = load_figures(exercise_ids=frozenset(CATALOG.exercises))
EXERCISE_IDS = sorted(CATALOG.exercises)


def test_every_exercise_has_a_figure() -> None:
    assert sorted(FIGURES) == EXERCISE_IDS
    assert len(FIGURES) >= 38


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_figure_matches_its_exercise(exercise_id: str) -> None:
    assert problems(FIGURES[exercise_id], CATALOG.exercises[exercise_id]) == []


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_nothing_goes_below_the_floor_in_any_frame(exercise_id: str) -> None:
    figure = FIGURES[exercise_id]
    for n in range(16):
        points = placed(figure, pose_at(figure, n / 16))
        lowest = min(p[1] - contact_radius(name) for name, p in points.items())
        assert lowest >= -0.01, (exercise_id, n, lowest)


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_every_joint_angle_is_in_human_range(exercise_id: str) -> None:
    for pose in FIGURES[exercise_id].poses.values():
        for side in ("left", "right"):
            leg: Leg = getattr(pose, f"{side}_leg")
            arm: Arm = getattr(pose, f"{side}_arm")
            assert JOINT_RANGES["leg.knee"][0] <= leg.knee <= JOINT_RANGES["leg.knee"][1]
            assert leg.knee >= 0, "a knee never bends backwards"
            assert arm.elbow >= 0, "an elbow never bends backwards"
            assert JOINT_RANGES["leg.hip"][0] <= leg.hip <= JOINT_RANGES["leg.hip"][1]


def _distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return math.dist(a, b)


def _assert_attached(pose: Pose) -> None:
    points = skeleton(pose).points
    for side in ("left", "right"):
        assert _distance(points[f"{side}_hip"], points[f"{side}_knee"]) == pytest.approx(THIGH)
        assert _distance(points[f"{side}_knee"], points[f"{side}_ankle"]) == pytest.approx(SHIN)
        shoulder, elbow = points[f"{side}_shoulder"], points[f"{side}_elbow"]
        assert _distance(shoulder, elbow) == pytest.approx(UPPER_ARM)
        assert _distance(elbow, points[f"{side}_hand"]) == pytest.approx(FOREARM)


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_limbs_stay_attached_through_a_rep(exercise_id: str) -> None:
    figure = FIGURES[exercise_id]
    for n in range(12):
        _assert_attached(pose_at(figure, n / 12))


angles = st.floats(min_value=-180, max_value=180, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    spine=angles,
    roll=angles,
    twist=st.floats(-60, 60),
    hip=st.floats(-30, 140),
    knee=st.floats(0, 150),
    abd=st.floats(-30, 60),
    rot=st.floats(-45, 70),
    shoulder=st.floats(-60, 180),
    elbow=st.floats(0, 150),
)
def test_any_pose_keeps_its_limbs_attached(
    spine: float,
    roll: float,
    twist: float,
    hip: float,
    knee: float,
    abd: float,
    rot: float,
    shoulder: float,
    elbow: float,
) -> None:
    leg = Leg(hip=hip, abd=abd, rot=rot, knee=knee)
    arm = Arm(shoulder=shoulder, elbow=elbow)
    _assert_attached(Pose(spine, roll, twist, 0.0, leg, leg, arm, arm))


def test_standing_straight_puts_the_head_on_top_and_the_feet_down() -> None:
    points = skeleton(Pose()).points
    assert points["head"][1] > points["neck"][1] > points["hip"][1] > points["left_knee"][1]
    assert points["left_ankle"][1] == pytest.approx(-(THIGH + SHIN))


def test_knee_flexion_bends_the_shin_backwards_not_forwards() -> None:
    standing = skeleton(Pose(right_leg=Leg(knee=90))).points
    assert standing["right_ankle"][0] < standing["right_knee"][0] - 20


def test_hip_flexion_brings_the_thigh_forward() -> None:
    points = skeleton(Pose(right_leg=Leg(hip=90))).points
    assert points["right_knee"][0] == pytest.approx(THIGH, abs=1e-6)


def test_lying_on_the_back_faces_up_and_the_stomach_faces_down() -> None:
    figure = FIGURES["bridge"]
    back = facts(figure, Pose(spine=180))
    front = facts(figure, Pose(spine=180, roll=180))
    assert back.chest_up == pytest.approx(1.0)
    assert front.chest_up == pytest.approx(-1.0)


def _with_start(figure: Figure, **changes: Any) -> Figure:
    poses = dict(figure.poses)
    poses["start"] = replace(poses["start"], **changes)
    return replace(figure, poses=poses)


def test_the_checks_catch_a_figure_lying_face_down_for_a_back_exercise() -> None:
    wrong = _with_start(FIGURES["knee-to-chest"], roll=180)
    found = problems(wrong, CATALOG.exercises["knee-to-chest"])
    assert "start: chest does not face the ceiling" in found


def test_the_checks_catch_a_seated_figure_slumped_flat() -> None:
    wrong = _with_start(FIGURES["seated-hip-stretch"], spine=170)
    found = problems(wrong, CATALOG.exercises["seated-hip-stretch"])
    assert any("trunk is not upright" in p for p in found)


def test_the_checks_catch_all_fours_with_a_knee_off_the_floor() -> None:
    figure = FIGURES["bird-dog"]
    start = figure.poses["start"]
    lifted = replace(start, left_leg=replace(start.left_leg, hip=20, knee=10))
    wrong = replace(figure, poses={**figure.poses, "start": lifted})
    assert "start: knees are not on the floor" in problems(wrong, CATALOG.exercises["bird-dog"])


def test_the_checks_catch_a_working_limb_that_does_not_move() -> None:
    figure = FIGURES["lying-leg-raise"]
    wrong = replace(figure, working=("left_leg",))
    found = problems(wrong, CATALOG.exercises["lying-leg-raise"])
    assert "working limb left_leg hardly moves" in found


def test_the_checks_catch_a_standing_figure_with_no_foot_down() -> None:
    figure = FIGURES["squat"]
    start = figure.poses["start"]
    kneeling = replace(start, left_leg=Leg(knee=120), right_leg=Leg(knee=120))
    wrong = replace(figure, poses={**figure.poses, "start": kneeling})
    assert "start: both feet are not on the ground" in problems(wrong, CATALOG.exercises["squat"])


def test_one_sided_exercises_name_the_working_side() -> None:
    for exercise_id, figure in FIGURES.items():
        if CATALOG.exercises[exercise_id].sides != "both":
            assert any(w.startswith(("left_", "right_")) for w in figure.working), exercise_id


def test_the_left_side_is_the_mirror_image_of_the_right() -> None:
    figure = FIGURES["towel-hamstring-stretch"]
    right = scene(figure, figure.pose("end"))
    left = scene(figure, figure.pose("end"), mirrored=True)
    for name, (x, y) in right.joints.items():
        assert left.joints[name] == pytest.approx((-x, y))
    assert right.joints["right_toe"][0] > right.joints["head"][0]
    assert left.joints["right_toe"][0] < left.joints["head"][0]


def test_the_working_limb_is_drawn_as_working() -> None:
    figure = FIGURES["lying-leg-raise"]
    roles = {s.role for s in scene(figure, figure.pose("end")).shapes}
    assert {"work", "body", "floor"} <= roles


@pytest.mark.parametrize("style", ["braille", "blocks", "ascii"])
def test_a_grid_has_the_size_asked_for_and_draws_something(style: str) -> None:
    figure = FIGURES["bridge"]
    grid = FigureDrawing(figure).still("end", 28, 6, style)  # type: ignore[arg-type]
    assert len(grid.rows) == 6
    assert all(len(row) == 28 for row in grid.rows)
    assert sum(ch != " " for row in grid.rows for ch in row) > 20
    assert len(grid.roles) == 6 and all(len(r) == 28 for r in grid.roles)


def test_ascii_grids_use_only_plain_ascii() -> None:
    for figure in FIGURES.values():
        grid = FigureDrawing(figure).still(figure.hold, 24, 8, "ascii")
        assert all(ch.isascii() and ch.isprintable() for row in grid.rows for ch in row)


def test_braille_grids_use_only_braille_and_spaces() -> None:
    grid = FigureDrawing(FIGURES["squat"]).still("end", 20, 8, "braille")
    assert all(ch == " " or 0x2800 <= ord(ch) <= 0x28FF for row in grid.rows for ch in row)


def test_the_floor_is_drawn_on_the_bottom_row() -> None:
    grid = FigureDrawing(FIGURES["plank"]).still("end", 30, 6, "braille")
    assert grid.roles[-1].count("floor") > 10


def test_the_linux_console_gets_ascii_and_the_setting_wins() -> None:
    assert style_for("linux") == "ascii"
    assert style_for("xterm-256color") == "braille"
    assert style_for("xterm-256color", "ascii") == "ascii"
    assert style_for("linux", "blocks") == "blocks"
    assert style_for(None) == "braille"


def test_one_scale_for_a_whole_movement() -> None:
    figure = FIGURES["squat"]
    drawing = FigureDrawing(figure)
    start = drawing.still("start", 20, 10, "braille")
    end = drawing.still("end", 20, 10, "braille")
    floor_start = [i for i, r in enumerate(start.roles[-1]) if r == "floor"]
    floor_end = [i for i, r in enumerate(end.roles[-1]) if r == "floor"]
    assert floor_start and floor_end
    assert start.rows != end.rows


@pytest.mark.parametrize("tempo", [0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 30.0])
def test_an_animation_never_exceeds_a_few_frames_a_second(tempo: float) -> None:
    assert frames_per_rep(tempo) / tempo <= MAX_FPS + 1e-9
    assert frames_per_rep(tempo) >= 1


def test_a_rep_returns_to_where_it_started() -> None:
    figure = FIGURES["bird-dog"]
    assert pose_at(figure, 0.0) == figure.pose("start")
    assert pose_at(figure, 1.0) == figure.pose("start")
    assert pose_at(figure, 0.5) == figure.pose("end")


def test_rep_frames_differ_from_one_another() -> None:
    scenes = figure_scenes(FIGURES["in-bed-knee-rocks"], 8)
    grids = {render(s, 30, 8).text for s in scenes}
    assert len(grids) >= 5


def test_key_grids_label_each_pose() -> None:
    text = key_grids(FIGURES["single-leg-bridge"], 20, 5, "braille")
    assert text.splitlines()[0].split() == ["START", "MIDDLE", "END"]
    assert len(text.splitlines()) == 6
