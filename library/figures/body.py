"""An articulated body: joint angles in, joint positions in three dimensions out.

The body is a stick figure with a head, a one-piece trunk, upper and lower arms,
thighs, shins and feet. A pose gives the trunk's direction in the picture
plane and its roll, how far the pelvis twists against the chest, and the angles
of each joint in the usual clinical sense (flexion positive, 0 = standing
straight with the arms hanging). Forward kinematics turns a pose into points,
so every check (on the floor, face up, knee not bent backwards) is made on the
same numbers that are drawn.

World axes: X runs along the floor to the right of the picture, Y points up,
Z points out of the picture towards the viewer. With no roll, the body's
right side is the one nearer the viewer.
"""

from __future__ import annotations

import math
from dataclasses import field, fields, replace
from typing import Any, Literal

from unpinch.library.record import Record, record

Vec = tuple[float, float, float]
Side = Literal["left", "right"]

TRUNK = 30.0
"""Hip centre to shoulder centre, in body units (a standing height is about 100)."""
NECK = 9.0
"""Shoulder centre to the middle of the head."""
HEAD_RADIUS = 5.5
THIGH = 25.0
SHIN = 25.0
FOOT = 10.0
UPPER_ARM = 15.0
FOREARM = 15.0
HIP_HALF_WIDTH = 5.0
SHOULDER_HALF_WIDTH = 8.0

SEGMENTS: dict[str, float] = {
    "thigh": THIGH,
    "shin": SHIN,
    "foot": FOOT,
    "upper_arm": UPPER_ARM,
    "forearm": FOREARM,
}


@record
class Leg(Record):
    """One leg's joint angles in degrees.

    ``hip`` is flexion (thigh forward; negative is extension behind the body),
    ``abd`` abduction (out to the side; negative crosses the midline), ``rot``
    external rotation (knee turned outward), ``knee`` flexion (0 = straight)
    and ``ankle`` plantar flexion (toes pointed; negative pulls them up).
    """

    hip: float = 0.0
    abd: float = 0.0
    rot: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0


@record
class Arm(Record):
    """One arm's joint angles in degrees.

    ``shoulder`` is flexion (0 = hanging, 90 = reaching forward, 180 =
    overhead; negative reaches behind), ``abd`` abduction out to the side and
    ``elbow`` flexion (0 = straight).
    """

    shoulder: float = 0.0
    abd: float = 0.0
    elbow: float = 0.0


@record
class Pose(Record):
    """A whole-body pose.

    ``spine`` is the direction from the hips to the shoulders in the picture
    plane (0 = to the right, 90 = up, 180 = to the left). With ``roll`` 0 the
    chest faces the spine's direction turned 90° clockwise (up when the head is
    to the left, to the right when standing); ``roll`` turns the chest about
    the spine towards the viewer. ``twist`` turns the pelvis and legs against
    the chest about the spine, ``neck`` bends the head forward (chin to chest;
    negative looks back).
    """

    spine: float = 90.0
    roll: float = 0.0
    twist: float = 0.0
    neck: float = 0.0
    left_leg: Leg = field(default_factory=Leg)
    right_leg: Leg = field(default_factory=Leg)
    left_arm: Arm = field(default_factory=Arm)
    right_arm: Arm = field(default_factory=Arm)


JOINT_RANGES: dict[str, tuple[float, float]] = {
    "spine": (-360.0, 360.0),
    "roll": (-180.0, 180.0),
    "twist": (-60.0, 60.0),
    "neck": (-60.0, 70.0),
    "leg.hip": (-30.0, 140.0),
    "leg.abd": (-30.0, 60.0),
    "leg.rot": (-45.0, 70.0),
    "leg.knee": (0.0, 150.0),
    "leg.ankle": (-30.0, 60.0),
    "arm.shoulder": (-60.0, 180.0),
    "arm.abd": (-45.0, 180.0),
    "arm.elbow": (0.0, 150.0),
}
"""What a body can do, in degrees: a pose outside these is refused when loading."""


def joint_names() -> tuple[str, ...]:
    """Every joint a skeleton has, as named in :class:`Skeleton`."""
    sided = ("hip", "knee", "ankle", "toe", "shoulder", "elbow", "hand")
    return ("head", "neck", "hip", *(f"{s}_{j}" for s in ("left", "right") for j in sided))


def _add(a: Vec, b: Vec) -> Vec:
    """Vector sum."""
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _scale(a: Vec, k: float) -> Vec:
    """Vector times a number."""
    return (a[0] * k, a[1] * k, a[2] * k)


def _cross(a: Vec, b: Vec) -> Vec:
    """Cross product."""
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vec, b: Vec) -> float:
    """Dot product."""
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def rotate(v: Vec, axis: Vec, degrees: float) -> Vec:
    """Rotate ``v`` about the unit vector ``axis`` by ``degrees`` (right-hand rule)."""
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    cross = _cross(axis, v)
    along = _scale(axis, _dot(axis, v) * (1 - c))
    return _add(_add(_scale(v, c), _scale(cross, s)), along)


@record
class Frame(Record):
    """An orthonormal body frame: up the spine, out of the chest, towards the body's left."""

    up: Vec
    front: Vec
    left: Vec


def chest_frame(pose: Pose) -> Frame:
    """The chest's frame from the pose's spine direction and roll."""
    a = math.radians(pose.spine)
    up: Vec = (math.cos(a), math.sin(a), 0.0)
    front: Vec = (math.sin(a), -math.cos(a), 0.0)
    front = rotate(front, up, -pose.roll)
    return Frame(up, front, _cross(up, front))


def pelvis_frame(pose: Pose, chest: Frame) -> Frame:
    """The pelvis's frame: the chest's, twisted about the spine."""
    front = rotate(chest.front, chest.up, pose.twist)
    return Frame(chest.up, front, _cross(chest.up, front))


@record
class Skeleton(Record):
    """Joint positions of one pose, with the hip centre at the origin.

    ``points`` maps joint names (``head``, ``neck``, ``hip``, ``left_hip``,
    ``left_knee``, ``left_ankle``, ``left_toe``, ``left_shoulder``,
    ``left_elbow``, ``left_hand`` and the right-hand ones) to positions;
    ``face`` is the unit vector the face points along and ``chest`` the one
    the chest faces.
    """

    points: dict[str, Vec]
    face: Vec
    chest: Vec


def _limb_dirs(frame: Frame, side: Side, flex: float, abd: float, rot: float) -> tuple[Vec, Vec]:
    """The direction of a limb's upper segment and of its "front" after its three rotations.

    The limb starts hanging down the body with its front facing the body's
    front; it is turned about its own length (``rot``, outward positive), then
    swung out to the side (``abd``), then swung forward (``flex``).
    """
    lateral = 1.0 if side == "left" else -1.0
    down = _scale(frame.up, -1.0)
    front = frame.front
    front = rotate(front, down, -lateral * rot)
    d = down
    d, front = rotate(d, frame.front, lateral * abd), rotate(front, frame.front, lateral * abd)
    axis = _scale(frame.left, -1.0)
    return rotate(d, axis, flex), rotate(front, axis, flex)


def _leg(points: dict[str, Vec], frame: Frame, side: Side, leg: Leg) -> None:
    """Add one leg's hip, knee, ankle and toe to ``points``."""
    lateral = 1.0 if side == "left" else -1.0
    hip = _scale(frame.left, lateral * HIP_HALF_WIDTH)
    thigh, front = _limb_dirs(frame, side, leg.hip, leg.abd, leg.rot)
    knee = _add(hip, _scale(thigh, THIGH))
    axis = _cross(thigh, front)
    shin = rotate(thigh, axis, -leg.knee)
    shin_front = rotate(front, axis, -leg.knee)
    ankle = _add(knee, _scale(shin, SHIN))
    foot = rotate(shin_front, _cross(shin, shin_front), -leg.ankle)
    points[f"{side}_hip"] = hip
    points[f"{side}_knee"] = knee
    points[f"{side}_ankle"] = ankle
    points[f"{side}_toe"] = _add(ankle, _scale(foot, FOOT))


def _arm(points: dict[str, Vec], frame: Frame, top: Vec, side: Side, arm: Arm) -> None:
    """Add one arm's shoulder, elbow and hand to ``points``."""
    lateral = 1.0 if side == "left" else -1.0
    shoulder = _add(top, _scale(frame.left, lateral * SHOULDER_HALF_WIDTH))
    upper, front = _limb_dirs(frame, side, arm.shoulder, arm.abd, 0.0)
    elbow = _add(shoulder, _scale(upper, UPPER_ARM))
    forearm = rotate(upper, _cross(upper, front), arm.elbow)
    points[f"{side}_shoulder"] = shoulder
    points[f"{side}_elbow"] = elbow
    points[f"{side}_hand"] = _add(elbow, _scale(forearm, FOREARM))


def skeleton(pose: Pose) -> Skeleton:
    """Every joint of ``pose``, hip centre at the origin."""
    chest = chest_frame(pose)
    pelvis = pelvis_frame(pose, chest)
    top = _scale(chest.up, TRUNK)
    face_axis = chest.left
    head_dir = rotate(chest.up, face_axis, pose.neck)
    face = rotate(chest.front, face_axis, pose.neck)
    points: dict[str, Vec] = {"hip": (0.0, 0.0, 0.0), "neck": top}
    points["head"] = _add(top, _scale(head_dir, NECK))
    for side in ("left", "right"):
        _leg(points, pelvis, side, getattr(pose, f"{side}_leg"))
        _arm(points, chest, top, side, getattr(pose, f"{side}_arm"))
    return Skeleton(points, face, chest.front)


def _mix(a: float, b: float, t: float) -> float:
    """Linear interpolation between two numbers."""
    return a + (b - a) * t


def _mix_parts(a: Leg | Arm, b: Leg | Arm, t: float) -> Leg | Arm:
    """Interpolate every angle of a leg or an arm."""
    values: dict[str, Any] = {
        f.name: _mix(getattr(a, f.name), getattr(b, f.name), t) for f in fields(a)
    }
    return replace(a, **values)


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose ``t`` of the way from ``a`` to ``b`` (0 = a, 1 = b), joint by joint."""
    values: dict[str, Any] = {}
    for f in fields(a):
        left, right = getattr(a, f.name), getattr(b, f.name)
        if isinstance(left, Leg | Arm):
            values[f.name] = _mix_parts(left, right, t)
        else:
            values[f.name] = _mix(left, right, t)
    return replace(a, **values)
