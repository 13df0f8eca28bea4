"""A generated recovery history: sessions with check-ins, reach, marks and notes, weekly checks.

Uses the shipped routine and exercise ids, so reports and due dates read as they would for a
real user. Pain eases and the symptoms draw back toward the spine over the history, as in a
recovery, with day-to-day noise from a seeded random generator.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from unpinch.library.recovery import REACH_LEVELS, WeeklyCheck, weekly_check_doc

ROUTINES = {
    "stretching-stage": ["gluteal-stretch", "wall-calf-stretch", "bird-dog"],
    "pinched-nerve-seven": ["knee-to-chest", "bridge", "clamshell"],
}


def session(rng: random.Random, started: datetime, progress: float) -> dict[str, Any]:
    """One session ``progress`` (0 → 1) of the way through a recovery."""
    routine_id = rng.choice(sorted(ROUTINES))
    leg = _noisy(rng, 7 - 5 * progress)
    back = _noisy(rng, 4 - 1 * progress)
    reach = max(0, min(4, round(3.6 - 3 * progress + rng.uniform(-0.6, 0.6))))
    hold = 20 + 10 * round(progress * 2) // 2
    steps = [
        {
            "exercise_id": ex,
            "side": "left",
            "set_no": 1,
            "rep_no": 1,
            "target_s": hold,
            "actual_s": hold,
            "extended_s": 0,
            "target_reps": None,
            "actual_reps": None,
            "skipped": False,
            "marked": False,
            "completed": True,
        }
        for ex in ROUTINES[routine_id]
    ]
    marked = rng.random() < 0.05
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex,
        "routine_id": routine_id,
        "routine_name": routine_id.replace("-", " ").capitalize(),
        "started": started.astimezone().isoformat(timespec="seconds"),
        "ended": (started + timedelta(minutes=12)).astimezone().isoformat(timespec="seconds"),
        "status": "completed" if rng.random() < 0.9 else "stopped",
        "duration_s": 600.0 + rng.randint(0, 300),
        "exercises": 3,
        "exercises_completed": 3,
        "exercises_skipped": 0,
        "steps": steps,
        "marks": (
            [{"exercise_id": steps[0]["exercise_id"], "side": "left", "at": started.isoformat()}]
            if marked
            else []
        ),
        "before": {"leg": leg, "back": back, "note": "", "reach": REACH_LEVELS[reach]},
        "after": {
            "leg": max(0, leg - 1),
            "back": back,
            "note": "stiff this morning" if rng.random() < 0.05 else "",
            "reach": REACH_LEVELS[max(0, reach - 1)],
        },
    }


def _noisy(rng: random.Random, centre: float) -> int:
    """A whole pain score near ``centre``, within 0–10."""
    return max(0, min(10, round(centre + rng.uniform(-1.2, 1.2))))


def sessions(
    days: int, seed: int = 7, end: date | None = None, every: int = 2
) -> list[dict[str, Any]]:
    """A session every ``every`` days for ``days`` days, ending ``end`` (today by default)."""
    rng = random.Random(seed)
    last = end or date.today()
    first = last - timedelta(days=days - 1)
    out = []
    for n in range(0, days, every):
        day = first + timedelta(days=n)
        started = datetime(day.year, day.month, day.day, 7, rng.randint(0, 59))
        out.append(session(rng, started, n / max(days - 1, 1)))
    return out


def weekly(days: int, seed: int = 7, end: date | None = None) -> list[dict[str, Any]]:
    """A weekly check every seven days over the history, easing as it goes."""
    rng = random.Random(seed)
    last = end or date.today()
    first = last - timedelta(days=days - 1)
    docs = []
    for n in range(0, days, 7):
        progress = n / max(days - 1, 1)
        level = max(0, min(6, round(5 - 4 * progress + rng.uniform(-0.5, 0.5))))
        check = WeeklyCheck(
            day=first + timedelta(days=n),
            sbi={
                "leg_pain": level,
                "numbness": level,
                "weakness": max(0, level - 1),
                "sitting": level,
            },
            psfs={"Walking the dog": min(10, round(3 + 6 * progress)), "Sitting at work": 5},
            sitting_min=round(10 + 40 * progress),
            walking_min=round(5 + 45 * progress),
            red_flags={"bladder_bowel": False, "saddle": False, "weakness_worse": False},
        )
        docs.append(weekly_check_doc(check))
    return docs
