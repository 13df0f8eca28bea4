"""What unpinch says aloud, and when: the spoken cues of a plan, as plain text.

Someone lying on the floor cannot read the card, so in ``announce`` mode each
step is introduced in words: the exercise, its side and dose when it starts,
"Switch to your right side", "Rest, 15 seconds. Next: Clamshell", "Ten
seconds left" in holds of 30 s or more, and "Routine complete". ``coach`` adds
the exercise's form cues as they rotate on screen, at most one every
``COACH_GAP_S`` seconds, and in paced reps the phase word at each turn of a
rep ("lift", "lower"), each only into silence.

This module only decides words and moments; rendering them to sound is the
UI's business (``unpinch.tui.voice``). Every phrase of a plan is known before
it plays, so the UI can render them all ahead of time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from unpinch.library.plan import Plan, Step
from unpinch.library.record import Record, record

TEN_LEFT_MIN_S = 30.0
"""Holds at least this long get "Ten seconds left"."""
TEN_LEFT = "Ten seconds left."
COMPLETE = "Routine complete. Well done."
COACH_GAP_S = 8.0
"""Coach mode speaks a form cue at most this often."""


@record
class Phrase(Record):
    """Words to say ``offset_s`` seconds into step ``step_index`` (of active time)."""

    step_index: int
    offset_s: float
    text: str
    coach: bool = False
    """True for a form cue, spoken in coach mode only and only into silence."""


def entry_phrase(plan: Plan, step: Step, names: Mapping[str, str]) -> str:
    """What to say as a step begins: the exercise and dose, the switch, or the rest."""
    if step.kind == "count_in":
        coming = next((s for s in plan.steps if s.is_exercise), None)
        first = names.get(coming.exercise_id or "", "") if coming else ""
        return f"Get ready. First: {first}." if first else "Get ready."
    if step.kind == "switch":
        coming = plan.steps[step.index + 1] if step.index + 1 < len(plan.steps) else None
        side = coming.side if coming is not None else None
        return f"Switch to your {side} side." if side in ("left", "right") else "Switch sides."
    if step.kind == "rest":
        return rest_phrase(plan, step, names)
    name = names.get(step.exercise_id or "", "")
    on = f" {(step.side or '').capitalize()} side." if step.side in ("left", "right") else ""
    return f"{name}.{on} {dose_words(step)}".strip()


def rest_phrase(plan: Plan, step: Step, names: Mapping[str, str]) -> str:
    """Say the rest's length, and the next exercise when the rest leads to another one."""
    seconds = f"Rest, {step.duration_s:g} seconds." if step.duration_s else "Rest."
    coming = next((s for s in plan.steps[step.index + 1 :] if s.is_exercise), None)
    if coming is None or coming.exercise_id == step.exercise_id:
        return seconds
    return f"{seconds} Next: {names.get(coming.exercise_id or '', 'the next exercise')}."


def dose_words(step: Step) -> str:
    """Say the dose: "Hold for 20 seconds.", "10 reps, 4 seconds each." or at your own pace."""
    if step.kind == "hold" and step.duration_s is not None:
        return f"Hold for {step.duration_s:g} seconds."
    if step.counted or not step.tempo_s:
        return f"{step.reps} reps, at your own pace."
    return f"{step.reps} reps, {step.tempo_s:g} seconds each."


def step_phrases(
    plan: Plan, step: Step, names: Mapping[str, str], cues: Sequence[str] = (), every_s: float = 6
) -> list[Phrase]:
    """Every phrase of one step, in time order.

    ``cues`` are the step's exercise's form cues, which rotate every
    ``every_s`` seconds on screen; the ones that fall ``COACH_GAP_S`` or more
    after the phrase before are coach phrases.
    """
    phrases = [Phrase(step.index, 0.0, entry_phrase(plan, step, names))]
    duration = step.duration_s
    if step.kind == "hold" and duration is not None and duration >= TEN_LEFT_MIN_S:
        phrases.append(Phrase(step.index, duration - 10.0, TEN_LEFT))
    if step.is_exercise and cues:
        phrases.extend(coach_phrases(step, cues, every_s, [p.offset_s for p in phrases]))
    return sorted(phrases, key=lambda p: p.offset_s)


def coach_phrases(
    step: Step, cues: Sequence[str], every_s: float, taken: Sequence[float]
) -> Iterator[Phrase]:
    """Form cues at each on-screen turn that is at least ``COACH_GAP_S`` clear of other words."""
    interval = max(1.0, every_s)
    end = step.duration_s if step.duration_s is not None else interval * len(cues) * 3
    spoken = list(taken)
    turn = 1
    while turn * interval < end - 2.0:
        at = turn * interval
        if all(abs(at - other) >= COACH_GAP_S for other in spoken):
            spoken.append(at)
            yield Phrase(step.index, at, cues[turn % len(cues)], coach=True)
        turn += 1


def pace_words(plan: Plan) -> tuple[str, ...]:
    """The phase words of a plan's paced reps, once each, which coach mode says at each turn.

    Their moments depend on the tempo, which ``+``/``-`` change as the set
    plays, so they are not phrases with an offset: the UI says one when the
    player's "rep" or "turn" cue carries it.
    """
    words: dict[str, None] = {}
    for step in plan.steps:
        if step.kind == "reps" and step.tempo_s:
            words.update(dict.fromkeys(phase.name for phase in step.phases))
    return tuple(words)


def plan_phrases(
    plan: Plan,
    names: Mapping[str, str],
    cues: Mapping[str, Sequence[str]] | None = None,
    every_s: float = 6,
) -> list[Phrase]:
    """Every phrase of a plan in playing order, ending with "Routine complete"."""
    found: list[Phrase] = []
    for step in plan.steps:
        form = (cues or {}).get(step.exercise_id or "", ())
        found.extend(step_phrases(plan, step, names, form, every_s))
    last = plan.steps[-1].index if plan.steps else 0
    found.append(Phrase(last, float("inf"), COMPLETE))
    return found
