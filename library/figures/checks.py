"""Facts about a figure, read from its pose data, to check it against its exercise.

A wrong drawing is worse than none, so each figure is checked against the
exercise's ``position``: lying on the back means the trunk lies level on the
floor with the face up, on the stomach face down, on the side with the chest
facing sideways and the pelvis stacked; seated means the hips rest on the
floor with the trunk upright, standing that the feet are on the ground, all
fours that both hands and both knees are down. :func:`problems` lists every
rule a figure breaks, in words; an empty list means it passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import fields

from unpinch.library.figures.body import Pose, Vec, skeleton
from unpinch.library.figures.motion import pose_at
from unpinch.library.figures.scene import contact_radius, placed, support_height
from unpinch.library.figures.spec import Figure
from unpinch.library.model import Exercise
from unpinch.library.record import Record, record

TOUCH = 3.0
"""A joint whose flesh is within this many body units of its support touches it."""
LEVEL = 20.0
"""A trunk within this many degrees of horizontal lies level."""
UPRIGHT = 60.0
"""A trunk at least this many degrees above horizontal sits or stands upright."""
MOVES = 6.0
"""A working limb's joints travel at least this many body units between its poses ..."""
TURN_TO_TRAVEL = 0.4
"""... or turn at least 15° in all (6 / 0.4), as a leg does when the trunk bends over it."""


@record
class Facts(Record):
    """What one pose of a figure looks like, as numbers."""

    trunk_elevation: float
    """Degrees the hip-to-shoulder line rises above horizontal (negative: falls)."""
    chest_up: float
    """How much the chest faces the ceiling: 1 face up, -1 face down, 0 sideways."""
    heights: dict[str, float]
    """Each joint's flesh above the surface the body rests on."""
    pelvis_stack: float
    """How vertically one hip sits over the other: 1 stacked, 0 side by side."""


def facts(figure: Figure, pose: Pose) -> Facts:
    """Measure a pose of ``figure`` as it is drawn."""
    points = placed(figure, pose)
    skel = skeleton(pose)
    hip, neck = skel.points["hip"], skel.points["neck"]
    rise = neck[1] - hip[1]
    run = math.hypot(neck[0] - hip[0], neck[2] - hip[2])
    base = support_height(figure)
    heights = {n: p[1] - contact_radius(n) - base for n, p in points.items()}
    left, right = skel.points["left_hip"], skel.points["right_hip"]
    span = _length(_minus(left, right)) or 1.0
    return Facts(
        trunk_elevation=math.degrees(math.atan2(rise, run)),
        chest_up=skel.chest[1],
        heights=heights,
        pelvis_stack=abs(left[1] - right[1]) / span,
    )


def _minus(a: Vec, b: Vec) -> Vec:
    """Vector difference."""
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _length(a: Vec) -> float:
    """Vector length."""
    return math.sqrt(a[0] ** 2 + a[1] ** 2 + a[2] ** 2)


def _down(f: Facts, *joints: str) -> bool:
    """True when every named joint touches the surface."""
    return all(f.heights[j] <= TOUCH for j in joints)


def _lying_back(f: Facts) -> list[str]:
    """On the back: trunk level, face up, shoulders and hips down."""
    out = []
    if abs(f.trunk_elevation) > LEVEL:
        out.append(f"trunk is not level (rises {f.trunk_elevation:.0f}°)")
    if f.chest_up < 0.8:
        out.append("chest does not face the ceiling")
    if not _down(f, "hip", "neck"):
        out.append("back is not on the floor")
    return out


def _lying_front(f: Facts) -> list[str]:
    """On the stomach: trunk level, face down, hips on the floor."""
    out = []
    if abs(f.trunk_elevation) > LEVEL:
        out.append(f"trunk is not level (rises {f.trunk_elevation:.0f}°)")
    if f.chest_up > -0.8:
        out.append("chest does not face the floor")
    if not _down(f, "hip"):
        out.append("hips are not on the floor")
    return out


def _lying_side(f: Facts) -> list[str]:
    """On the side: trunk level, chest facing sideways, pelvis stacked, the lower hip down."""
    out = []
    if abs(f.trunk_elevation) > LEVEL:
        out.append(f"trunk is not level (rises {f.trunk_elevation:.0f}°)")
    if abs(f.chest_up) > 0.35:
        out.append("chest does not face sideways")
    if f.pelvis_stack < 0.9:
        out.append("pelvis is not stacked, one hip over the other")
    if min(f.heights["left_hip"], f.heights["right_hip"]) > TOUCH:
        out.append("the lower hip is not on the floor")
    return out


def _seated(f: Facts) -> list[str]:
    """Seated: hips on the floor or seat, trunk upright."""
    out = []
    if f.trunk_elevation < UPRIGHT:
        out.append(f"trunk is not upright (rises only {f.trunk_elevation:.0f}°)")
    if not _down(f, "hip"):
        out.append("hips are not on the floor")
    return out


def _standing(f: Facts) -> list[str]:
    """Standing: trunk upright and both feet on the ground."""
    out = []
    if f.trunk_elevation < UPRIGHT:
        out.append(f"trunk is not upright (rises only {f.trunk_elevation:.0f}°)")
    if not _down(f, "left_ankle", "right_ankle"):
        out.append("both feet are not on the ground")
    return out


def _all_fours(f: Facts) -> list[str]:
    """On hands and knees: both hands and both knees down, trunk near level, face down."""
    out = []
    if not _down(f, "left_hand", "right_hand"):
        out.append("hands are not on the floor")
    if not _down(f, "left_knee", "right_knee"):
        out.append("knees are not on the floor")
    if abs(f.trunk_elevation) > LEVEL:
        out.append(f"back is not level (rises {f.trunk_elevation:.0f}°)")
    if f.chest_up > -0.8:
        out.append("chest does not face the floor")
    return out


START_RULES: dict[str, Callable[[Facts], list[str]]] = {
    "lying_on_back": _lying_back,
    "lying_on_stomach": _lying_front,
    "lying_on_side": _lying_side,
    "seated": _seated,
    "standing": _standing,
    "all_fours": _all_fours,
}
"""What the start pose of each position must look like."""


def _every_pose(figure: Figure, position: str, name: str, f: Facts) -> list[str]:
    """Rules every pose keeps: on its support, nothing below it, the position's facing."""
    out = []
    low = min(f.heights.values())
    if low < -0.5:
        out.append(f"{name}: the body goes {-low:.1f} units below what it rests on")
    if low > TOUCH:
        out.append(f"{name}: the body floats {low:.1f} units above what it rests on")
    if position == "lying_on_back" and f.chest_up < 0.3:
        out.append(f"{name}: chest turns away from the ceiling")
    if position == "lying_on_stomach" and f.chest_up > -0.3:
        out.append(f"{name}: chest turns away from the floor")
    if position == "standing" and not any(
        _down(f, j) for j in ("left_ankle", "right_ankle", "left_toe", "right_toe")
    ):
        out.append(f"{name}: neither foot is on the ground")
    if position == "seated" and not _down(f, "hip"):
        out.append(f"{name}: hips leave the floor")
    return out


def _kneeling(f: Facts) -> list[str]:
    """Kneeling: both knees down."""
    return [] if _down(f, "left_knee", "right_knee") else ["knees are not down"]


def start_rules(exercise: Exercise) -> Callable[[Facts], list[str]] | None:
    """The start-pose rule for an exercise's position.

    In bed, the steps say how: kneeling on the mattress or lying on the back.
    """
    if exercise.position == "in_bed":
        steps = " ".join(exercise.steps).lower()
        if "kneel" in steps:
            return _kneeling
        return _lying_back if "on your back" in steps else None
    return START_RULES.get(exercise.position)


LIMB_JOINTS: dict[str, tuple[str, ...]] = {
    "left_leg": ("left_knee", "left_ankle", "left_toe"),
    "right_leg": ("right_knee", "right_ankle", "right_toe"),
    "left_arm": ("left_elbow", "left_hand"),
    "right_arm": ("right_elbow", "right_hand"),
    "trunk": ("hip", "neck"),
    "head": ("head",),
}
"""The joints whose travel shows that a limb moves."""


def limb_motion(figure: Figure, limb: str) -> float:
    """The farthest any of a limb's joints travels, against the body, across the poses.

    Positions are taken relative to the body's anchor so that a limb carried
    along by the whole body (the legs when the trunk twists) still counts, and
    the trunk counts by its hips and shoulders moving against the anchor.
    """
    placed_poses = [placed(figure, p) for p in figure.poses.values()]
    start = placed_poses[0]
    travel = max(
        _length(_minus(points[j], start[j])) for points in placed_poses for j in LIMB_JOINTS[limb]
    )
    return max(travel, limb_turn(figure, limb) * TURN_TO_TRAVEL)


def _angle_of(part: object, name: str) -> float:
    """One named angle of a pose, a leg or an arm."""
    return float(getattr(part, name))


def limb_turn(figure: Figure, limb: str) -> float:
    """The most degrees a limb's joints (or the trunk's spine, roll and twist) turn in all."""
    poses = list(figure.poses.values())
    start = poses[0]
    if limb in ("trunk", "head"):
        keys = ("spine", "roll", "twist") if limb == "trunk" else ("neck",)
        return max(sum(abs(_angle_of(p, k) - _angle_of(start, k)) for k in keys) for p in poses)
    first = getattr(start, limb)
    names = [f.name for f in fields(first)]
    return max(
        sum(abs(_angle_of(first, n) - _angle_of(getattr(p, limb), n)) for n in names) for p in poses
    )


def problems(figure: Figure, exercise: Exercise) -> list[str]:
    """Every way the figure disagrees with the exercise; empty when it is right."""
    out: list[str] = []
    rule = start_rules(exercise)
    if exercise.position == "in_bed" and figure.support != "bed":
        out.append("an exercise in bed must rest on the bed")
    if rule is not None:
        out += [f"start: {p}" for p in rule(facts(figure, figure.pose("start")))]
    moments = [(n, p) for n, p in figure.poses.items()]
    moments += [(f"rep {i}/8", pose_at(figure, i / 8)) for i in range(8)]
    for name, pose in moments:
        out += _every_pose(figure, exercise.position, name, facts(figure, pose))
    if not figure.working:
        out.append("no working limb is named")
    for limb in figure.working:
        if limb_motion(figure, limb) < MOVES and not figure.still:
            out.append(f"working limb {limb} hardly moves")
    sided = any(w.startswith(("left", "right")) for w in figure.working)
    if exercise.sides != "both" and not sided:
        out.append("a one-sided exercise must name a left or right working limb")
    return out
