"""The domain vocabulary of unpinch: exercises, doses and routines.

Everything here is a frozen dataclass so that catalogue data can be shared
between the player, the store and the UI without anyone mutating it by
accident. Nothing in this module reads files or knows about a terminal.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal, get_args

from unpinch.library.record import Record, record
from unpinch.library.schedule import DEFAULT_SCHEDULE, Schedule

Kind = Literal["stretch", "strength", "mobility", "nerve_glide"]
Position = Literal[
    "lying_on_back",
    "lying_on_stomach",
    "lying_on_side",
    "seated",
    "standing",
    "all_fours",
    "in_bed",
    "kneeling",
]
Equipment = Literal[
    "none", "towel", "resistance_band", "step", "chair", "wall", "weights", "pillow"
]
Sides = Literal["both", "each", "alternating"]
Side = Literal["left", "right", "both"]
SwitchSides = Literal["after_all_holds", "after_each_hold"]

KINDS: tuple[str, ...] = get_args(Kind)
POSITIONS: tuple[str, ...] = get_args(Position)
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
SIDES: tuple[str, ...] = get_args(Sides)
SWITCH_SIDES: tuple[str, ...] = get_args(SwitchSides)


@record
class Span(Record):
    """An inclusive whole-number range, such as "hold 10 s building to 30 s".

    ``low == high`` is a fixed value. The player starts at ``low``; the
    progression logic may move a user's target up towards ``high``.
    """

    low: int
    high: int

    @property
    def fixed(self) -> bool:
        """True when the range is a single value."""
        return self.low == self.high

    def label(self, unit: str = "") -> str:
        """Render as "10" or "10–30" followed by an optional unit."""
        text = str(self.low) if self.fixed else f"{self.low}–{self.high}"
        return f"{text}{unit}"


@record
class Dose(Record):
    """How much of an exercise to do.

    A *hold* exercise has ``hold_s``: each repetition is a timed hold.
    A *rep* exercise has no ``hold_s``: each set is ``reps`` movements, paced
    by ``tempo_s`` seconds per movement, or counted by the user when
    ``counted`` is true (for movements whose pace is personal); for counted
    reps ``tempo_s`` is the expected seconds per rep, used only to estimate
    how long the routine takes.
    ``rest_s`` is the pause between sets and between repeated holds.
    """

    reps: Span = Span(1, 1)
    hold_s: Span | None = None
    sets: int = 1
    rest_s: int = 10
    tempo_s: float = 3.0
    counted: bool = False

    @property
    def is_hold(self) -> bool:
        """True when every repetition is a timed hold."""
        return self.hold_s is not None

    def label(self) -> str:
        """A compact human summary such as "3 × 30 s" or "15–20 reps"."""
        if self.hold_s is not None:
            hold = self.hold_s.label(" s")
            text = hold if self.reps.high == 1 else f"{self.reps.label()} × {hold}"
        else:
            text = f"{self.reps.label()} reps"
        if self.sets > 1:
            text = f"{self.sets} sets of {text}"
        return text


@record
class Exercise(Record):
    """One movement from the library, written in the project's own words.

    For each-side exercises, ``switch_sides`` says whether every hold on one
    side comes first ("after_all_holds") or the sides take turns hold by hold
    ("after_each_hold"), and ``affected_only`` marks the ones the articles
    give for the affected leg: they play on the side the user says hurts.
    ``phases`` names the parts of one paced rep in order, with their seconds
    at the dose's tempo (for example lift 1.5, hold 1, lower 1.5); empty
    means a "move" half and a "return" half.
    """

    id: str
    name: str
    kind: Kind
    position: Position
    sides: Sides
    dose: Dose
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    sources: tuple[str, ...]
    summary: str = ""
    aliases: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    equipment: tuple[Equipment, ...] = ("none",)
    cautions: tuple[str, ...] = ()
    easier: tuple[str, ...] = ()
    harder: tuple[str, ...] = ()
    switch_sides: SwitchSides = "after_all_holds"
    affected_only: bool = False
    builtin: bool = True
    phases: tuple[tuple[str, float], ...] = ()


@record
class RoutineItem(Record):
    """An exercise inside a routine, with the routine's own dose if it differs."""

    exercise_id: str
    dose: Dose | None = None


@record
class Routine(Record):
    """An ordered list of exercises played one after another."""

    id: str
    name: str
    items: tuple[RoutineItem, ...]
    description: str = ""
    frequency: str = ""
    sources: tuple[str, ...] = ()
    rest_between_s: int = 15
    builtin: bool = True
    schedule: Schedule = DEFAULT_SCHEDULE


@record
class Avoid(Record):
    """An activity the articles say to avoid while sciatica is healing."""

    id: str
    name: str
    reason: str
    instead: str
    sources: tuple[str, ...]


@record
class Source(Record):
    """An article the library draws on, cited by its title."""

    id: str
    title: str


@record
class Term(Record):
    """A word of jargon the library uses, explained once in plain words.

    ``sources`` lists the articles that use the word; the explanation itself
    is the library's own.
    """

    id: str
    term: str
    meaning: str
    sources: tuple[str, ...] = ()


@record
class Catalog(Record):
    """The whole library: exercises and routines keyed by id, in file order."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    avoid: tuple[Avoid, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    glossary: tuple[Term, ...] = ()

    def dose_for(self, item: RoutineItem) -> Dose:
        """The dose a routine item is played with: its own, else the exercise's."""
        return item.dose or self.exercises[item.exercise_id].dose
