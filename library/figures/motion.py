"""Where the figure is in a repetition: the pose at a moment, and how many frames to draw.

A paced rep passes through the figure's ``rep`` poses and returns to the
first, so the drawing moves at the rep's tempo and *is* the pace to follow.
Moments are quantised to a few frames a second: a person needs no more, and
every frame is bytes on an SSH connection.
"""

from __future__ import annotations

import math

from unpinch.library.figures.body import Pose, blend
from unpinch.library.figures.spec import Figure

MAX_FPS = 2.0
"""The most frames a second an animated figure is redrawn."""
MAX_FRAMES = 16


def ease(t: float) -> float:
    """Slow at both ends, like a controlled movement (smoothstep)."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def frames_per_rep(tempo_s: float) -> int:
    """How many distinct frames one rep of ``tempo_s`` seconds is drawn with."""
    return max(1, min(MAX_FRAMES, math.floor(tempo_s * MAX_FPS + 1e-9)))


def pose_at(figure: Figure, phase: float) -> Pose:
    """The pose ``phase`` of the way through one rep (0 and 1 are the first pose)."""
    names = figure.rep
    legs = len(names)
    where = (phase % 1.0) * legs
    leg = min(legs - 1, math.floor(where))
    a = figure.pose(names[leg])
    b = figure.pose(names[(leg + 1) % legs])
    return blend(a, b, ease(where - leg))


def frame_index(elapsed_s: float, tempo_s: float) -> int:
    """The frame to show ``elapsed_s`` into a paced set, counted from the set's start."""
    frames = frames_per_rep(tempo_s)
    return math.floor(max(0.0, elapsed_s) / tempo_s * frames + 1e-9)


def frame_phase(index: int, tempo_s: float) -> float:
    """The phase within a rep that frame ``index`` draws."""
    frames = frames_per_rep(tempo_s)
    return (index % frames) / frames


def next_frame_in(elapsed_s: float, tempo_s: float) -> float:
    """Seconds from ``elapsed_s`` until the next frame is due."""
    frames = frames_per_rep(tempo_s)
    step = tempo_s / frames
    return (frame_index(elapsed_s, tempo_s) + 1) * step - elapsed_s
