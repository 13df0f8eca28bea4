"""Small hand-built test doubles: a fake monotonic clock and tiny catalogs.

Nothing here reads the shipped library data, so these tests keep meaning the
same thing whatever the library files say.
"""

from __future__ import annotations

from unpinch.library.model import Catalog, Dose, Exercise, Routine, RoutineItem, Sides


class FakeClock:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, "a monotonic clock never goes back"
        self.now += seconds


def exercise(ex_id: str, dose: Dose, sides: Sides = "both", name: str | None = None) -> Exercise:
    """An exercise with just enough text to be valid."""
    return Exercise(
        id=ex_id,
        name=name or ex_id.replace("_", " ").title(),
        kind="stretch",
        position="lying_on_back",
        sides=sides,
        dose=dose,
        steps=("Do it.",),
        cues=("Breathe.",),
        sources=("test",),
    )


def catalog(*exercises: Exercise, rest_between_s: int = 15) -> Catalog:
    """A catalog holding ``exercises`` and one routine "r" that plays them in order."""
    routine = Routine(
        id="r",
        name="Test routine",
        items=tuple(RoutineItem(e.id) for e in exercises),
        rest_between_s=rest_between_s,
    )
    return Catalog(exercises={e.id: e for e in exercises}, routines={"r": routine})


def routine(cat: Catalog) -> Routine:
    return cat.routines["r"]


class SilentCues:
    """A cue sink that plays nothing, so snapshots never start a sound process."""

    mode = "off"
    problem = None

    def play(self, cue: str) -> None:
        """Play nothing."""

    def close(self) -> None:
        """Nothing to close."""
