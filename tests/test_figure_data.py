"""Loading figures.toml: every problem names the file, the figure and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unpinch.library.catalog import DATA_DIR, load_catalog
from unpinch.library.codec import CatalogError
from unpinch.library.figures.body import JOINT_RANGES, Pose
from unpinch.library.figures.data import figure_from_dict, load_figures, pose_from_dict

WHERE = "figures.toml: figure 'bridge'"
GOOD = """
[[figure]]
exercise = "bridge"
working = ["trunk"]

[figure.start]
spine = 180
legs.hip = 45
legs.knee = 100

[figure.end]
spine = 203
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "figures.toml").write_text(text, encoding="utf-8")
    return tmp_path


def load(tmp_path: Path, text: str) -> dict[str, Any]:
    ids = frozenset({"bridge", "plank"})
    return dict(load_figures(write(tmp_path, text), ids))


def test_a_good_file_loads_and_later_poses_start_from_the_start_pose(tmp_path: Path) -> None:
    figure = load(tmp_path, GOOD)["bridge"]
    assert figure.poses["end"].spine == 203
    assert figure.poses["end"].left_leg.knee == 100
    assert figure.rep == ("start", "end")
    assert figure.hold == "end"


@pytest.mark.parametrize(
    ("good", "bad", "message"),
    [
        (
            "legs.knee = 100",
            "legs.knee = 170",
            "start.legs.knee must be between 0 and 150 degrees, got 170",
        ),
        (
            "legs.knee = 100",
            "legs.kneee = 100",
            "unknown field 'start.legs.kneee' (did you mean 'knee'?)",
        ),
        ("spine = 180", 'spine = "up"', "start.spine must be a number of degrees, got 'up'"),
        ("spine = 203", "spine = 203\nelbow = 3", "unknown field 'end.elbow'"),
    ],
)
def test_bad_angles_name_the_figure_and_the_field(
    tmp_path: Path, good: str, bad: str, message: str
) -> None:
    with pytest.raises(CatalogError) as error:
        load(tmp_path, GOOD.replace(good, bad))
    assert str(error.value).endswith(f"{WHERE}: {message}")


def test_an_unknown_exercise_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"exercise 'bridj' is not in the library \(did you"):
        load(tmp_path, GOOD.replace('exercise = "bridge"', 'exercise = "bridj"'))


def test_a_second_figure_for_one_exercise_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="a figure for this exercise is already given"):
        load(tmp_path, GOOD + GOOD)


def test_a_missing_end_pose_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"figure 'bridge': missing \[figure.end\] pose"):
        load(tmp_path, GOOD.split("[figure.end]")[0])


def test_an_unknown_prop_or_limb_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="props has unknown value 'sofa'"):
        load(tmp_path, GOOD.replace('working = ["trunk"]', 'working = ["trunk"]\nprops = ["sofa"]'))
    with pytest.raises(CatalogError, match="working has unknown value 'tail'"):
        load(tmp_path, GOOD.replace('working = ["trunk"]', 'working = ["tail"]'))


def test_a_rep_must_name_poses_the_figure_has(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="rep has unknown value 'middle'"):
        load(tmp_path, GOOD.replace('working = ["trunk"]', 'working = ["trunk"]\nrep = ["middle"]'))


def test_a_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="TOML syntax error on line"):
        load(tmp_path, GOOD + "\nspine = = 3\n")


def test_the_shipped_file_covers_the_library() -> None:
    catalog = load_catalog()
    figures = load_figures(DATA_DIR, frozenset(catalog.exercises))
    assert set(figures) == set(catalog.exercises)


joint_keys = st.sampled_from(["spine", "roll", "twist", "neck"])
legs = st.sampled_from(["hip", "abd", "rot", "knee", "ankle"])


@settings(max_examples=150, deadline=None)
@given(
    key=st.one_of(joint_keys, legs.map(lambda k: f"leg.{k}")),
    value=st.one_of(
        st.floats(-400, 400, allow_nan=False), st.integers(-400, 400), st.text(max_size=3)
    ),
)
def test_any_angle_is_either_kept_in_range_or_refused_by_name(key: str, value: Any) -> None:
    leg = key.startswith("leg.")
    table: dict[str, Any] = {"legs": {key[4:]: value}} if leg else {key: value}
    try:
        pose = pose_from_dict(table, Pose(), "start", "f: figure 'x'")
    except CatalogError as error:
        assert str(error).startswith("f: figure 'x': start.")
        return
    low, high = JOINT_RANGES[key]
    got = getattr(pose.left_leg, key[4:]) if key.startswith("leg.") else getattr(pose, key)
    assert low <= got <= high
    assert got == value


def test_a_figure_table_keeps_its_view_and_props() -> None:
    figure = figure_from_dict(
        {
            "exercise": "x",
            "working": ["right_leg"],
            "props": ["floor", "towel"],
            "view": 30,
            "start": {"spine": 180},
            "end": {"right_leg": {"hip": 70}},
        },
        "f: figure 'x'",
    )
    assert figure.view == 30.0
    assert figure.props == ("floor", "towel")
    assert figure.poses["end"].right_leg.hip == 70
    assert figure.poses["end"].left_leg.hip == 0
