"""Turn a pose into a flat drawing: project, rest it on its support, add the props.

A :class:`Scene` is a list of lines and circles in body units with y up,
each with a role (``far``, ``body``, ``work``, ``prop``, ``floor``) that the
character grid and the SVG writer colour. Everything that depends on where
the body is (the towel reaching the foot, the wall at the hands) is placed
from the pose itself, so a prop can never float away from the body.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

from unpinch.library.figures.body import HEAD_RADIUS, Pose, Skeleton, Vec, rotate, skeleton
from unpinch.library.figures.spec import Figure
from unpinch.library.record import Record, record

Role = Literal["far", "prop", "floor", "body", "work"]
ROLES: tuple[Role, ...] = ("floor", "prop", "far", "body", "work")
"""Drawing order, back to front; a later role wins a shared character cell."""

Point = tuple[float, float]

BED_HEIGHT = 14.0
STEP_HEIGHT = 12.0
CHAIR_SEAT = 30.0
CONTACT_RADIUS: dict[str, float] = {
    "head": 5.0,
    "neck": 5.0,
    "hip": 5.0,
    "shoulder": 4.0,
    "elbow": 1.5,
    "hand": 1.0,
    "knee": 2.5,
    "ankle": 1.5,
    "toe": 1.0,
}
"""How far the flesh reaches below each joint line: the body rests on this, not on bone."""

BONES: tuple[tuple[str, str], ...] = (
    ("hip", "knee"),
    ("knee", "ankle"),
    ("ankle", "toe"),
    ("shoulder", "elbow"),
    ("elbow", "hand"),
)


@record
class Line(Record):
    """A straight stroke from ``a`` to ``b``."""

    a: Point
    b: Point
    role: Role


@record
class Circle(Record):
    """A ring (the head) around ``centre``."""

    centre: Point
    radius: float
    role: Role


Shape = Line | Circle


@record
class Scene(Record):
    """One drawn frame: shapes in body units (y up, floor at 0) and the body's joints."""

    shapes: tuple[Shape, ...]
    joints: dict[str, Point]

    def bounds(self) -> tuple[float, float, float, float]:
        """The smallest box (x0, y0, x1, y1) holding every shape."""
        xs: list[float] = []
        ys: list[float] = []
        for shape in self.shapes:
            if isinstance(shape, Line):
                xs += [shape.a[0], shape.b[0]]
                ys += [shape.a[1], shape.b[1]]
            else:
                xs += [shape.centre[0] - shape.radius, shape.centre[0] + shape.radius]
                ys += [shape.centre[1] - shape.radius, shape.centre[1] + shape.radius]
        return (min(xs), min(ys), max(xs), max(ys))


def contact_radius(joint: str) -> float:
    """The flesh under a joint (``left_knee`` looks up ``knee``)."""
    return CONTACT_RADIUS[joint.split("_")[-1]]


def view_points(skel: Skeleton, view: float) -> dict[str, Vec]:
    """The skeleton's joints seen by a camera turned ``view`` degrees about the vertical."""
    up: Vec = (0.0, 1.0, 0.0)
    return {name: rotate(p, up, -view) for name, p in skel.points.items()}


def support_height(figure: Figure) -> float:
    """The height of what the body rests on: the floor, a bed or a step."""
    return {"floor": 0.0, "bed": BED_HEIGHT, "step": STEP_HEIGHT}[figure.support]


def lowest(points: dict[str, Vec]) -> float:
    """The lowest point of the body's flesh."""
    return min(p[1] - contact_radius(name) for name, p in points.items())


def placed(figure: Figure, pose: Pose) -> dict[str, Vec]:
    """A pose's joints as drawn: seen from the figure's view, resting on its support.

    The anchor joint is kept at x = 0 so that a moving figure does not slide.
    """
    points = view_points(skeleton(pose), figure.view)
    anchor = points[figure.anchor]
    dy = support_height(figure) - lowest(points)
    return {n: (p[0] - anchor[0], p[1] + dy, p[2]) for n, p in points.items()}


def _role(figure: Figure, side: str, part: str, depth: float, other: float) -> Role:
    """Colour a limb: the working limb stands out, the far limb is dimmed."""
    limb = f"{side}_{part}"
    if limb in figure.working:
        return "work"
    return "far" if depth < other - 2.0 else "body"


def _limb_lines(figure: Figure, points: dict[str, Vec]) -> list[Line]:
    """The legs and arms as lines, far limbs first."""
    lines: list[Line] = []
    for a, b in BONES:
        part = "leg" if a in ("hip", "knee", "ankle") else "arm"
        root = "hip" if part == "leg" else "shoulder"
        for side, other in (("left", "right"), ("right", "left")):
            depth, other_depth = points[f"{side}_{root}"][2], points[f"{other}_{root}"][2]
            role = _role(figure, side, part, depth, other_depth)
            pa, pb = points[f"{side}_{a}"], points[f"{side}_{b}"]
            lines.append(Line((pa[0], pa[1]), (pb[0], pb[1]), role))
    return lines


def _trunk(figure: Figure, points: dict[str, Vec], face: Vec) -> list[Shape]:
    """The trunk, the shoulders and hips as short bars, the head with a nose for the face."""
    trunk_role: Role = "work" if "trunk" in figure.working else "body"
    head_role: Role = "work" if "head" in figure.working else "body"
    shapes: list[Shape] = []
    for a, b in (("left_hip", "right_hip"), ("left_shoulder", "right_shoulder")):
        pa, pb = points[a], points[b]
        shapes.append(Line((pa[0], pa[1]), (pb[0], pb[1]), trunk_role))
    hip, neck, head = points["hip"], points["neck"], points["head"]
    shapes.append(Line((hip[0], hip[1]), (neck[0], neck[1]), trunk_role))
    neck_top = _towards(neck, head, max(0.0, _dist(neck, head) - HEAD_RADIUS))
    shapes.append(Line((neck[0], neck[1]), neck_top, trunk_role))
    shapes.append(Circle((head[0], head[1]), HEAD_RADIUS, head_role))
    nose_from = (head[0] + face[0] * HEAD_RADIUS, head[1] + face[1] * HEAD_RADIUS)
    nose_to = (head[0] + face[0] * (HEAD_RADIUS + 2.5), head[1] + face[1] * (HEAD_RADIUS + 2.5))
    shapes.append(Line(nose_from, nose_to, head_role))
    return shapes


def _dist(a: Vec, b: Vec) -> float:
    """Distance between two joints in the picture plane."""
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _towards(a: Vec, b: Vec, length: float) -> Point:
    """The point ``length`` along the picture-plane line from ``a`` to ``b``."""
    d = _dist(a, b) or 1.0
    return (a[0] + (b[0] - a[0]) * length / d, a[1] + (b[1] - a[1]) * length / d)


def _xy(p: Vec) -> Point:
    """Drop the depth of a placed joint."""
    return (p[0], p[1])


def _box(x0: float, x1: float, y0: float, y1: float) -> list[Line]:
    """A rectangle's four sides as prop lines."""
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return [Line(corners[i], corners[(i + 1) % 4], "prop") for i in range(4)]


def _working_foot(figure: Figure) -> str:
    """The side whose foot a towel, band or step goes with."""
    return "left" if "left_leg" in figure.working else "right"


def _props(
    figure: Figure, points: dict[str, Vec], fixed: dict[str, Vec], span: tuple[float, float]
) -> list[Line]:
    """The props the exercise uses, placed against the body.

    Furniture (a step, a wall, a chair) stands where the hold pose touches it
    (``fixed``), so it stays put while the body moves; a towel or band follows
    the body (``points``).
    """
    x0, x1 = span
    side = _working_foot(figure)
    shapes: list[Line] = []
    if "bed" in figure.props:
        shapes += _box(x0 - 4, x1 + 4, 0.0, BED_HEIGHT)
    if "step" in figure.props:
        shapes += _step(figure, fixed, side)
    if "towel" in figure.props:
        hand = _xy(points[f"{side}_hand"])
        knee = _xy(points[f"{side}_knee"])
        shapes.append(Line(hand, knee, "prop"))
    if "band" in figure.props:
        shapes += _band(figure, points, side)
    if "wall" in figure.props:
        front = max(p[0] for p in fixed.values()) + 1.0
        shapes.append(Line((front, 0.0), (front, max(p[1] for p in fixed.values()) + 8), "prop"))
    if "chair" in figure.props:
        shapes += _chair(fixed)
    return shapes


def _step(figure: Figure, points: dict[str, Vec], side: str) -> list[Line]:
    """A step under both feet when standing on it, else under the raised heel."""
    if figure.support == "step":
        feet = [points[f"{s}_{j}"][0] for s in ("left", "right") for j in ("ankle", "toe")]
        return _box(min(feet) - 4, max(feet) + 3, 0.0, STEP_HEIGHT)
    heel = points[f"{side}_ankle"]
    top = heel[1] - contact_radius("ankle")
    return _box(heel[0] - 5, heel[0] + 7, 0.0, top)


def _band(figure: Figure, points: dict[str, Vec], side: str) -> list[Line]:
    """A band round both knees when lying on the side, else from the ankle to a low anchor."""
    if figure.support == "floor" and points["hip"][1] < 12:
        a, b = _xy(points["left_knee"]), _xy(points["right_knee"])
        return [Line(a, b, "prop")]
    other = "right" if side == "left" else "left"
    ankle = _xy(points[f"{side}_ankle"])
    stand = points[f"{other}_ankle"][0]
    post = stand + (8 if stand >= ankle[0] else -8)
    return [Line(ankle, (post, 4.0), "prop"), Line((post, 0.0), (post, 10.0), "prop")]


def _chair(points: dict[str, Vec]) -> list[Line]:
    """A chair in front of the person, its back under the hands."""
    hand = max((points["left_hand"], points["right_hand"]), key=lambda p: p[0])
    back = hand[0] + 1.0
    top = hand[1]
    seat = (back, CHAIR_SEAT)
    far = back + 18.0
    return [
        Line((back, 0.0), (back, top), "prop"),
        Line(seat, (far, CHAIR_SEAT), "prop"),
        Line((far, 0.0), (far, CHAIR_SEAT), "prop"),
    ]


def scene(figure: Figure, pose: Pose, *, mirrored: bool = False) -> Scene:
    """Draw ``pose`` of ``figure``: body, props and floor; mirrored for the left side."""
    points = placed(figure, pose)
    skel = skeleton(pose)
    face = rotate(skel.face, (0.0, 1.0, 0.0), -figure.view)
    body: list[Shape] = [*_limb_lines(figure, points), *_trunk(figure, points, face)]
    xs = [p[0] for p in points.values()]
    span = (min(xs) - HEAD_RADIUS, max(xs) + HEAD_RADIUS)
    props = _props(figure, points, placed(figure, figure.pose(figure.hold)), span)
    floor = Line((span[0] - 8, 0.0), (span[1] + 8, 0.0), "floor")
    shapes = _order([floor, *props, *body])
    joints = {name: _xy(p) for name, p in points.items()}
    if mirrored:
        shapes = tuple(_mirror(s) for s in shapes)
        joints = {name: (-x, y) for name, (x, y) in joints.items()}
    return Scene(shapes, joints)


def _order(shapes: Iterable[Shape]) -> tuple[Shape, ...]:
    """Shapes sorted back to front by role, keeping their order within a role."""
    rank = {role: n for n, role in enumerate(ROLES)}
    return tuple(sorted(shapes, key=lambda s: rank[s.role]))


def _mirror(shape: Shape) -> Shape:
    """Flip a shape left to right about x = 0."""
    if isinstance(shape, Line):
        return Line((-shape.a[0], shape.a[1]), (-shape.b[0], shape.b[1]), shape.role)
    return Circle((-shape.centre[0], shape.centre[1]), shape.radius, shape.role)


def union_bounds(scenes: Sequence[Scene]) -> tuple[float, float, float, float]:
    """One box holding every scene, so an animation keeps one scale."""
    boxes = [s.bounds() for s in scenes]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
