"""Turn a routine into the ordered steps the player walks through.

A plan is plain data: every hold, set of reps, rest and side switch of a
routine, in order, with the text the screen shows for it. Building it once up
front keeps the player a small state machine (it only moves an index through
the steps) and lets the library list a routine's duration without playing it.

Order: a count-in; then for each exercise, for each set, for each side, the
holds (with a rest between repeated holds) or one step of reps. Each-side
exercises play the affected side first with a switch pause between sides;
those marked ``switch_sides = "after_each_hold"`` take turns hold by hold
instead (left, switch, right, rest, left ...). Exercises meant for the
affected leg only play on that side, or on both when the user says both
legs are affected. "both" and "alternating" exercises are one side, "both".
Sets are separated by the dose's rest and exercises by the routine's rest.
Nothing trails the last exercise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import partial
from typing import Literal

from unpinch.library.model import Catalog, Dose, Exercise, Routine, Side
from unpinch.library.pace import Phase, phases_from_seconds
from unpinch.library.record import Record, record
from unpinch.library.settings import Settings

StepKind = Literal["count_in", "hold", "reps", "rest", "switch"]

EXERCISE_KINDS: tuple[StepKind, ...] = ("hold", "reps")
COUNTED_REP_ESTIMATE_S = 3.0
DEFAULT_SETTINGS = Settings()


@record
class Step(Record):
    """One thing the player does, such as "hold 30 s on the left side" or "rest 10 s".

    ``exercise_id`` names the exercise the step belongs to; it is None for the
    count-in and for rests between exercises, whose ``exercise_no`` is then the
    number of the exercise coming up. ``side`` is set on hold and reps steps
    only; ``affected`` is true when an affected-leg exercise plays on that
    one side only. For a hold, ``rep_no``/``reps`` say which hold of how many; for
    reps, ``rep_no`` is 1 and ``reps`` is the target. Rests and switches inside
    an exercise carry that exercise's ``set_no``/``sets`` and have ``rep_no`` and
    ``reps`` of 0; steps outside an exercise have all four at 0.
    ``duration_s`` is None only for counted reps, which the user advances;
    ``rep_estimate_s`` is then the expected seconds per rep, from the dose.
    ``phases`` are the parts of each paced rep (empty for other steps).
    """

    index: int
    kind: StepKind
    exercise_id: str | None
    exercise_no: int
    exercises: int
    side: Side | None
    set_no: int
    sets: int
    rep_no: int
    reps: int
    duration_s: float | None
    tempo_s: float | None
    counted: bool
    label: str
    next_label: str = ""
    affected: bool = False
    rep_estimate_s: float = COUNTED_REP_ESTIMATE_S
    phases: tuple[Phase, ...] = ()

    @property
    def is_exercise(self) -> bool:
        """True for hold and reps steps, the ones a session records as exercise."""
        return self.kind in EXERCISE_KINDS

    @property
    def timed(self) -> bool:
        """True when the clock ends the step; False for counted reps."""
        return self.duration_s is not None

    @property
    def estimate_s(self) -> float:
        """Expected seconds: the duration, or the dose's per-rep estimate for counted reps."""
        if self.duration_s is not None:
            return self.duration_s
        return self.reps * self.rep_estimate_s


@record
class Plan(Record):
    """A routine laid out as steps; the player only ever moves an index through them."""

    routine_id: str
    steps: tuple[Step, ...]

    def __len__(self) -> int:
        """Count the steps."""
        return len(self.steps)

    @property
    def total_s(self) -> float:
        """Estimated seconds to play the plan, counting counted reps at their per-rep estimate."""
        return sum(step.estimate_s for step in self.steps)

    @property
    def exercise_count(self) -> int:
        """How many exercises the routine has."""
        return self.steps[0].exercises if self.steps else 0

    def exercise_at(self, index: int) -> str | None:
        """Return the exercise a step belongs to or leads into (the card shown in rests)."""
        for step in self.steps[index:]:
            if step.exercise_id is not None:
                return step.exercise_id
        return None

    def exercise_end(self, index: int) -> int:
        """Return the last index of step ``index``'s exercise (``index`` if it has none)."""
        step = self.steps[index]
        if step.exercise_id is None:
            return index
        end = index
        while end + 1 < len(self.steps) and _same_exercise(self.steps[end + 1], step):
            end += 1
        return end

    def previous_exercise_step(self, index: int) -> int | None:
        """Find the nearest hold or reps step before ``index``; None if there is none."""
        for earlier in range(index - 1, -1, -1):
            if self.steps[earlier].is_exercise:
                return earlier
        return None

    def leaves_exercise(self, index: int, target: int) -> bool:
        """Tell whether moving from step ``index`` to ``target`` finishes its exercise."""
        step = self.steps[index]
        if step.exercise_id is None:
            return False
        return target >= len(self.steps) or not _same_exercise(self.steps[target], step)


def build_plan(
    routine: Routine,
    catalog: Catalog,
    settings: Settings = DEFAULT_SETTINGS,
    targets: Mapping[str, Dose] | None = None,
) -> Plan:
    """Lay a routine out as steps, using ``targets`` to override doses by exercise id."""
    return Plan(routine.id, _finish(_drafts(routine, catalog, settings, targets), catalog))


def _drafts(
    routine: Routine,
    catalog: Catalog,
    settings: Settings,
    targets: Mapping[str, Dose] | None,
) -> list[Step]:
    """The routine's steps in order, each still without its index and "what comes next" text."""
    total = len(routine.items)
    drafts: list[Step] = []
    for kind, number, part in _parts(routine, catalog, settings, targets):
        if isinstance(part, tuple):
            exercise, dose = part
            drafts.extend(_exercise_steps(exercise, dose, number, total, settings))
        elif kind == "count_in":
            drafts.append(_outside("count_in", number, total, part, "Get ready"))
        else:
            drafts.append(_outside("rest", number, total, part, "Rest"))
    return drafts


Part = tuple[Literal["count_in", "rest", "exercise"], int, int | tuple[Exercise, Dose]]
"""One part of a routine as laid out: what it is, its exercise's number, and its seconds
(the count-in, a rest between exercises) or its exercise and dose."""


def _parts(
    routine: Routine,
    catalog: Catalog,
    settings: Settings,
    targets: Mapping[str, Dose] | None,
) -> Iterator[Part]:
    """The routine's parts in order, each with its exercise's number: exercises and pauses.

    An exercise comes with its dose; the count-in and the rests between
    exercises come as seconds. The plan and its quick estimate are both laid
    out from these.
    """
    if settings.count_in_s > 0:
        yield "count_in", 1, settings.count_in_s
    rest_between = routine.rest_between_s
    if settings.rest_between_s is not None:
        rest_between = settings.rest_between_s
    for number, item in enumerate(routine.items, start=1):
        if number > 1 and rest_between > 0:
            yield "rest", number, rest_between
        dose = (targets or {}).get(item.exercise_id) or catalog.dose_for(item)
        yield "exercise", number, (catalog.exercises[item.exercise_id], dose)


def estimate_duration_s(
    routine: Routine,
    catalog: Catalog,
    settings: Settings = DEFAULT_SETTINGS,
    targets: Mapping[str, Dose] | None = None,
) -> int:
    """Compute a routine's length in whole seconds from its doses, never typed in.

    An empty routine (one being built) lasts 0 s: it has nothing to count in to.
    """
    if not routine.items:
        return 0
    # The steps' lengths, in plan order so the sum is the plan's to the last bit, are all it
    # takes: the home screen asks for every routine, and building the steps took most of it.
    return round(sum(_step_seconds(routine, catalog, settings, targets)))


def _step_seconds(
    routine: Routine,
    catalog: Catalog,
    settings: Settings,
    targets: Mapping[str, Dose] | None,
) -> Iterator[float]:
    """Each step's expected seconds (:attr:`Step.estimate_s`), in order, without making steps."""
    for _kind, _number, part in _parts(routine, catalog, settings, targets):
        if not isinstance(part, tuple):
            yield float(part)
            continue
        exercise, dose = part
        turn_s = _turn_seconds(dose)
        for kind, _set_no, _side, _rep_no in _slots(exercise, dose, settings):
            if kind == "turn":
                yield turn_s
            else:
                yield float(settings.switch_pause_s if kind == "switch" else dose.rest_s)


def _turn_seconds(dose: Dose) -> float:
    """The expected seconds of one hold, or of one set's reps on one side.

    Paced reps last their count times the tempo, and counted ones are expected
    to take as long (:attr:`Step.estimate_s`).
    """
    if dose.hold_s is not None:
        return float(dose.hold_s.low)
    return dose.reps.low * dose.tempo_s


def _same_exercise(step: Step, other: Step) -> bool:
    """Tell whether both steps are inside the same exercise of the routine."""
    return step.exercise_id is not None and step.exercise_no == other.exercise_no


def _outside(kind: StepKind, number: int, total: int, seconds: int, label: str) -> Step:
    """Make a count-in or between-exercise rest, which belongs to no exercise."""
    return Step(-1, kind, None, number, total, None, 0, 0, 0, 0, float(seconds), None, False, label)


def _side_order(exercise: Exercise, settings: Settings) -> tuple[Side, ...]:
    """List the sides to play in order: the affected side first for each-side exercises.

    An affected-leg exercise plays only on the affected side, unless the user
    says both legs are affected.
    """
    if exercise.sides != "each":
        return ("both",)
    if exercise.affected_only and settings.affected_side in ("left", "right"):
        return ("right",) if settings.affected_side == "right" else ("left",)
    return ("right", "left") if settings.first_side == "right" else ("left", "right")


def _side_suffix(exercise: Exercise, side: Side) -> str:
    """Return the " — left side" style ending of a step label."""
    if side != "both":
        affected = " (affected leg)" if exercise.affected_only else ""
        return f" — {side} side{affected}"
    return " — alternating sides" if exercise.sides == "alternating" else ""


def _turns(exercise: Exercise, dose: Dose, sides: tuple[Side, ...]) -> list[tuple[Side, int]]:
    """The (side, hold number) pairs of one set, in the order they are played.

    Holds on one side come first unless the exercise switches sides after each
    hold; a movement set is one turn per side.
    """
    count = dose.reps.low if dose.hold_s is not None else 1
    if exercise.switch_sides == "after_each_hold":
        return [(side, rep) for rep in range(1, count + 1) for side in sides]
    return [(side, rep) for side in sides for rep in range(1, count + 1)]


def _exercise_steps(
    exercise: Exercise, dose: Dose, number: int, total: int, settings: Settings
) -> list[Step]:
    """Every step of one exercise: its sets, sides, holds or reps, and the rests between."""
    out: list[Step] = []
    affected = exercise.affected_only and len(_side_order(exercise, settings)) == 1
    for kind, set_no, side, rep_no in _slots(exercise, dose, settings):
        if kind == "turn":
            where = (number, total, set_no)
            out.append(_side_step(exercise, dose, where, side, rep_no, affected))
        elif kind == "switch":
            pause = settings.switch_pause_s
            out.append(_inside("switch", exercise, number, total, dose, set_no, pause))
        else:
            out.append(_inside("rest", exercise, number, total, dose, set_no, dose.rest_s))
    return out


Slot = tuple[Literal["turn", "switch", "rest"], int, Side, int]
"""One step of an exercise as laid out: what it is, its set, side and hold number.

A rest or a side switch carries the side it follows and hold number 0; the
rest between two sets carries the number of the set it follows.
"""


def _slots(exercise: Exercise, dose: Dose, settings: Settings) -> Iterator[Slot]:
    """One exercise laid out: each set's turns (sides, holds) and the pauses between them."""
    sides = _side_order(exercise, settings)
    for set_no in range(1, dose.sets + 1):
        if set_no > 1 and dose.rest_s > 0:
            yield "rest", set_no - 1, sides[-1], 0
        previous: Side | None = None
        for side, rep_no in _turns(exercise, dose, sides):
            if previous is not None and previous != side:
                if settings.switch_pause_s > 0:
                    yield "switch", set_no, previous, 0
            elif previous is not None and dose.rest_s > 0:
                yield "rest", set_no, previous, 0
            yield "turn", set_no, side, rep_no
            previous = side


def _inside(
    kind: StepKind,
    exercise: Exercise,
    number: int,
    total: int,
    dose: Dose,
    set_no: int,
    seconds: int,
) -> Step:
    """Make a rest or side switch inside an exercise."""
    label = "Switch sides" if kind == "switch" else "Rest"
    return Step(
        index=-1,
        kind=kind,
        exercise_id=exercise.id,
        exercise_no=number,
        exercises=total,
        side=None,
        set_no=set_no,
        sets=dose.sets,
        rep_no=0,
        reps=0,
        duration_s=float(seconds),
        tempo_s=None,
        counted=False,
        label=label,
    )


def _side_step(
    exercise: Exercise,
    dose: Dose,
    where: tuple[int, int, int],
    side: Side,
    rep_no: int,
    affected: bool,
) -> Step:
    """Make one hold (hold number ``rep_no``) or the one reps step of a set on one side.

    ``where`` is (exercise number, exercises in the routine, set number); ``affected``
    marks a turn on the affected leg alone.
    """
    number, total, set_no = where
    suffix = _side_suffix(exercise, side)
    count = dose.reps.low
    step = partial(
        Step,
        index=-1,
        exercise_id=exercise.id,
        exercise_no=number,
        exercises=total,
        side=side,
        set_no=set_no,
        sets=dose.sets,
        reps=count,
        affected=affected,
    )
    if dose.hold_s is None:
        tempo = None if dose.counted else dose.tempo_s
        label = f"{'Count ' if dose.counted else ''}{count} reps{suffix}"
        duration = None if tempo is None else count * tempo
        return step(
            kind="reps",
            rep_no=1,
            duration_s=duration,
            tempo_s=tempo,
            counted=dose.counted,
            label=label,
            rep_estimate_s=dose.tempo_s,
            phases=() if tempo is None else phases_from_seconds(exercise.phases),
        )
    return step(
        kind="hold",
        rep_no=rep_no,
        duration_s=float(dose.hold_s.low),
        tempo_s=None,
        counted=False,
        label=f"Hold{suffix}",
    )


def _finish(drafts: list[Step], catalog: Catalog) -> tuple[Step, ...]:
    """Give each step its index and its "what comes next" text."""
    upcoming: list[Step | None] = [None] * len(drafts)
    following: Step | None = None
    for i in range(len(drafts) - 1, -1, -1):
        upcoming[i] = following
        if drafts[i].is_exercise:
            following = drafts[i]
    steps: list[Step] = []
    context: Step | None = None
    for i, draft in enumerate(drafts):
        if draft.exercise_id is None:
            context = None
        elif draft.is_exercise:
            context = draft
        last = i == len(drafts) - 1
        text = "Last step" if last else _next_label(context, upcoming[i], catalog)
        steps.append(replace(draft, index=i, next_label=text))
    return tuple(steps)


def _next_label(context: Step | None, coming: Step | None, catalog: Catalog) -> str:
    """Say what the next exercise step is, relative to the one just played (``context``)."""
    if coming is None or coming.exercise_id is None:
        return "Last step"
    if context is None or coming.exercise_no != context.exercise_no:
        name = catalog.exercises[coming.exercise_id].name
        return f"Next: {name} ({_dose_text(coming)})"
    if coming.set_no != context.set_no:
        return f"Next: set {coming.set_no} of {coming.sets}"
    if coming.side != context.side:
        return f"Next: {coming.side} side"
    return f"Next: hold {coming.rep_no} of {coming.reps}"


def _dose_text(step: Step) -> str:
    """Describe a dose for "Next:" text, such as "hold 30 s" or "10 reps, left side"."""
    if step.kind == "hold" and step.duration_s is not None:
        text = f"hold {step.duration_s:g} s"
    else:
        text = f"{step.reps} reps"
    return text if step.side in (None, "both") else f"{text}, {step.side} side"
