"""What a figure is: an exercise's poses, its props, its view and its working limbs."""

from __future__ import annotations

from typing import Literal, get_args

from unpinch.library.figures.body import Pose
from unpinch.library.record import Record, record

Prop = Literal["floor", "bed", "towel", "band", "chair", "wall", "step", "pillow"]
Limb = Literal["left_leg", "right_leg", "left_arm", "right_arm", "trunk", "head"]
Support = Literal["floor", "bed", "step"]
PoseName = Literal["start", "middle", "end", "other"]

PROPS: tuple[str, ...] = get_args(Prop)
LIMBS: tuple[str, ...] = get_args(Limb)
SUPPORTS: tuple[str, ...] = get_args(Support)
POSE_NAMES: tuple[str, ...] = get_args(PoseName)


@record
class Figure(Record):
    """The drawing of one exercise, as played on its right side.

    ``poses`` always has ``start`` and ``end``; ``middle`` and ``other`` are
    optional. ``hold`` names the pose shown through a hold, ``rep`` the poses
    one paced repetition passes through before it returns to the first.
    ``view`` turns the camera about the vertical (0 = from the side, 90 =
    facing the person). ``support`` is what the lowest point of the body rests
    on, and ``anchor`` the joint that stays put while the figure moves.
    A ``still`` figure shows a movement too small to draw (its ``note`` says
    why) and is never animated.
    The left side is drawn as the mirror image.
    """

    exercise_id: str
    poses: dict[str, Pose]
    working: tuple[Limb, ...]
    props: tuple[Prop, ...] = ("floor",)
    view: float = 0.0
    hold: str = "end"
    rep: tuple[str, ...] = ("start", "end")
    support: Support = "floor"
    anchor: str = "hip"
    note: str = ""
    still: bool = False

    def pose(self, name: str) -> Pose:
        """One of the figure's named poses."""
        return self.poses[name]
