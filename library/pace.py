"""The pace of a paced rep: its phases ("lift", "hold", "lower") and where a moment falls.

A paced rep lasts the tempo, and the exercise's data may split it into named
phases with seconds each, in the order the articles give the movement. The
seconds are written at the exercise's own tempo; when a rep is played at
another tempo (a routine's dose, or ``+``/``-`` during the set) every phase
scales by the same factor, so the shape of the rep stays the same. Where the
data gives no phases, a rep is a "move" half and a "return" half.

Everything here is plain arithmetic on a rep *position*: 2.25 means a quarter
of the way through the third rep. The player keeps the position in step with
its clock; the screen asks what the position means.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from unpinch.library.record import Record, record

TEMPO_STEP_S = 0.5
"""How much ``+``/``-`` change the seconds a rep takes."""

MIN_PHASES = 2
MAX_PHASES = 5
MAX_PHASE_NAME = 12
"""A phase word is shown large on the card; longer words would not fit at 80×24."""


@record
class Phase(Record):
    """One part of a rep: the word shown and spoken, and its share of the rep (0 < share ≤ 1)."""

    name: str
    share: float


@record
class PhaseAt(Record):
    """Where a moment falls in a paced set.

    ``rep`` counts from 0, ``index`` is the phase within the rep, ``fraction``
    is how far through the rep the moment is (0 ≤ fraction < 1) and
    ``phase_fraction`` how far through the phase.
    """

    rep: int
    index: int
    name: str
    fraction: float
    phase_fraction: float


DEFAULT_PHASES: tuple[Phase, ...] = (Phase("move", 0.5), Phase("return", 0.5))
"""The halves of a rep whose exercise names no phases."""


def phases_from_seconds(parts: Sequence[tuple[str, float]]) -> tuple[Phase, ...]:
    """Turn ``(name, seconds)`` pairs into phases with shares that add up to exactly 1.

    No pairs give :data:`DEFAULT_PHASES`. The last share is whatever is left,
    so rounding can never leave a gap at the end of a rep.
    """
    total = sum(seconds for _, seconds in parts)
    if not parts or total <= 0:
        return DEFAULT_PHASES
    shares = [seconds / total for _, seconds in parts[:-1]]
    shares.append(max(0.0, 1.0 - sum(shares)))
    return tuple(Phase(name, share) for (name, _), share in zip(parts, shares, strict=True))


def phase_seconds(phases: Sequence[Phase], tempo_s: float) -> tuple[float, ...]:
    """The seconds each phase lasts at ``tempo_s`` seconds a rep (they add up to the tempo)."""
    return tuple(phase.share * tempo_s for phase in phases)


def turn_points(phases: Sequence[Phase]) -> tuple[float, ...]:
    """The fractions of a rep at which a new phase begins, leaving out the rep's own start."""
    points: list[float] = []
    edge = 0.0
    for phase in phases[:-1]:
        edge += phase.share
        points.append(edge)
    return tuple(points)


def phase_at_position(phases: Sequence[Phase], position: float) -> PhaseAt:
    """Say which rep and phase rep position ``position`` (≥ 0) falls in.

    Every position belongs to exactly one phase: phase ``i`` covers the
    fractions from its start up to, not including, the next phase's start.
    """
    chosen = phases if phases else DEFAULT_PHASES
    position = max(0.0, position)
    rep = math.floor(position)
    fraction = position - rep
    start = 0.0
    for index, phase in enumerate(chosen):
        end = start + phase.share
        if fraction < end or index == len(chosen) - 1:
            inside = (fraction - start) / phase.share if phase.share > 0 else 0.0
            return PhaseAt(rep, index, phase.name, fraction, min(1.0, max(0.0, inside)))
        start = end
    raise AssertionError("unreachable: the last phase takes every remaining fraction")


def phase_at(phases: Sequence[Phase], tempo_s: float, elapsed_s: float) -> PhaseAt:
    """Say which rep and phase ``elapsed_s`` seconds into a set at ``tempo_s`` a rep falls in."""
    return phase_at_position(phases, elapsed_s / tempo_s)


def tempo_text(tempo_s: float) -> str:
    """The tempo as the card shows it: "4 s a rep", "3.5 s a rep"."""
    return f"{tempo_s:g} s a rep"


def clamp_tempo(tempo_s: float, bounds: tuple[float, float]) -> float:
    """Keep a tempo within ``bounds`` (the dose's limits)."""
    low, high = bounds
    return min(high, max(low, tempo_s))
