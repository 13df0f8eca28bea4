"""The recovery record's readings: where the pain reaches, meaningful change, weekly outcomes.

Everything here reads the plain session and weekly-check dicts the store keeps and says
something a person (or their physiotherapist) can act on. Each reading is information, not a
diagnosis, and names where its rule comes from:

- *Where the pain reaches.* The article "Sciatica Exercises" describes leg symptoms receding
  toward the back as a sign of healing; symptoms spreading further down the leg are the warning
  every article gives. The five levels run from the spine outwards.
- *Meaningful change* on a 0–10 pain scale is a change of at least 2 points or at least 30 %,
  the thresholds of Farrar et al. (2001), "Clinical importance of changes in chronic pain
  intensity measured on an 11-point numerical pain rating scale", Pain 94:149–158, taken up for
  low back pain by Ostelo et al. (2008), Spine 33:90–94.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

from unpinch.library.due import check_day, weekly_due_on
from unpinch.library.history import Session, started_at
from unpinch.library.record import Record, record

REACH_LEVELS: tuple[str, ...] = ("back", "buttock", "thigh", "below_knee", "foot")
"""How far down the symptoms reach, from the spine outwards; the index is the distance."""

REACH_LABELS: dict[str, str] = {
    "back": "Back only",
    "buttock": "Buttock",
    "thigh": "Thigh",
    "below_knee": "Below the knee",
    "foot": "Foot",
}
"""The words shown for each level."""

LEGS: tuple[str, ...] = ("left", "right", "both")
"""Which leg the symptoms are in."""

MEANINGFUL_POINTS = 2
"""The smallest change on a 0–10 pain scale that counts as meaningful (Farrar et al. 2001)."""

MEANINGFUL_FRACTION = 0.30
"""The smallest relative change that counts as meaningful (Farrar et al. 2001)."""

REACH_WINDOW = 6
"""How many of the latest sessions with a reach answer the reach reading looks at."""

Reading = Literal["centralising", "spreading", "steady"]

READING_TEXT: dict[str, str] = {
    "centralising": (
        "Your symptoms have been moving back toward the spine over your last sessions. "
        'The article "Sciatica Exercises" describes this as a sign of healing.'
    ),
    "spreading": (
        "Your symptoms have been reaching further down the leg over your last sessions. "
        "Every article behind unpinch treats this as a reason to ease off; tell your doctor "
        "or physiotherapist."
    ),
    "steady": "Where your symptoms reach has not changed over your last sessions.",
}
"""One line per reading; always shown with "information, not a diagnosis"."""

NOT_A_DIAGNOSIS = "This is information, not a diagnosis."


def reach_index(value: Any) -> int | None:
    """The distance of a stored reach answer (0 = back only … 4 = foot), or None if unusable."""
    return REACH_LEVELS.index(value) if isinstance(value, str) and value in REACH_LEVELS else None


def checkin_reach(session: Session, which: str) -> int | None:
    """The reach answered in the session's ``before`` or ``after`` check-in, if any."""
    answer = session.get(which)
    return reach_index(answer.get("reach")) if isinstance(answer, Mapping) else None


def session_reach(session: Session) -> int | None:
    """How far the symptoms reached by the end of a session: ``after`` wins over ``before``."""
    after = checkin_reach(session, "after")
    return after if after is not None else checkin_reach(session, "before")


def spread_during(session: Session) -> bool:
    """True when the after check-in reaches further down the leg than the before check-in."""
    before, after = checkin_reach(session, "before"), checkin_reach(session, "after")
    return before is not None and after is not None and after > before


@record
class ReachPoint(Record):
    """One session's furthest reach on the chart."""

    when: datetime
    level: int


def reach_points(sessions: Iterable[Session]) -> list[ReachPoint]:
    """One point per session that has a reach answer, oldest first."""
    points = []
    for session in sessions:
        when, level = started_at(session), session_reach(session)
        if when is not None and level is not None:
            points.append(ReachPoint(when, level))
    points.sort(key=lambda p: p.when.timestamp())
    return points


def reach_reading(levels: Sequence[int]) -> Reading | None:
    """Centralising, spreading or steady over the latest answers; None with fewer than three.

    The latest :data:`REACH_WINDOW` answers are split into an earlier and a later half and
    their means compared: a move of half a level or more is a direction, so one odd day does
    not decide it.
    """
    recent = list(levels)[-REACH_WINDOW:]
    if len(recent) < 3:
        return None
    half = len(recent) // 2
    earlier, later = recent[:half], recent[-half:]
    return _reach_direction(sum(earlier) / len(earlier), sum(later) / len(later))


def reach_over_period(levels: Sequence[int]) -> Reading | None:
    """The same reading over a whole period: its first third against its last third."""
    ends = trend_ends([float(level) for level in levels])
    return None if ends is None else _reach_direction(*ends)


def _reach_direction(earlier: float, later: float) -> Reading:
    """Half a level or more toward the spine is centralising, away from it spreading."""
    change = later - earlier
    if change <= -0.5:
        return "centralising"
    if change >= 0.5:
        return "spreading"
    return "steady"


def meaningful(before: float, after: float) -> bool:
    """True when a change on a 0–10 pain scale is clinically meaningful (2 points or 30 %)."""
    change = abs(after - before)
    if change >= MEANINGFUL_POINTS:
        return True
    return before > 0 and change / before >= MEANINGFUL_FRACTION


Direction = Literal["better", "worse", "no meaningful change"]


def pain_direction(before: float, after: float) -> Direction:
    """Say whether pain went meaningfully down (better), up (worse), or neither."""
    if not meaningful(before, after):
        return "no meaningful change"
    return "better" if after < before else "worse"


def trend_ends(values: Sequence[float]) -> tuple[float, float] | None:
    """The mean of the first and of the last third of a series; None with fewer than four."""
    if len(values) < 4:
        return None
    third = len(values) // 3
    first, last = values[:third], values[-third:]
    return sum(first) / len(first), sum(last) / len(last)


def trend_line(label: str, values: Sequence[float]) -> str | None:
    """A sentence such as "Leg pain: 6.0 → 3.5, better (a meaningful change)."; None if too few."""
    ends = trend_ends(values)
    if ends is None:
        return None
    start, end = ends
    direction = pain_direction(start, end)
    said = (
        direction if direction == "no meaningful change" else f"{direction} (a meaningful change)"
    )
    return f"{label}: {start:.1f} → {end:.1f}, {said}."


# --- the weekly check -------------------------------------------------------------------------

SBI_ITEMS: tuple[tuple[str, str], ...] = (
    ("leg_pain", "Leg pain"),
    ("numbness", "Numbness or tingling in the leg, foot or groin"),
    ("weakness", "Weakness in the leg or foot"),
    ("sitting", "Back or leg pain while sitting"),
)
"""The Sciatica Bothersomeness Index: how bothersome each was in the last week, 0–6 each."""

SBI_MAX = 6
SBI_WORDS = (
    "not at all",
    "barely",
    "slightly",
    "moderately",
    "quite",
    "very",
    "extremely",
)
"""What each SBI answer means, 0 to 6."""

PSFS_MAX = 10
PSFS_ACTIVITIES = 3
"""The Patient-Specific Functional Scale: up to three activities, 0 (unable) to 10 (as before)."""

RED_FLAG_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("bladder_bowel", "New trouble passing urine or controlling your bladder or bowels?"),
    ("saddle", "New numbness around your back passage, genitals or inner thighs?"),
    ("weakness_worse", "Weakness in a leg that is getting worse?"),
)
"""Asked once a week; any "yes" stops everything and shows the urgent-care message."""


@record
class WeeklyCheck(Record):
    """One weekly check as stored: outcome answers, tolerance minutes and red-flag answers.

    Every answer is optional (None) because every question can be skipped; a check the user
    skipped entirely is stored with ``skipped`` so it is not offered again that week.
    """

    day: date
    sbi: dict[str, int | None]
    psfs: dict[str, int | None]
    sitting_min: int | None = None
    walking_min: int | None = None
    red_flags: dict[str, bool | None] | None = None
    skipped: bool = False

    @property
    def sbi_total(self) -> int | None:
        """The index's sum (0–24) when every item was answered, else None."""
        values = [self.sbi.get(key) for key, _ in SBI_ITEMS]
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    @property
    def any_red_flag(self) -> bool:
        """True when any red-flag question was answered yes."""
        return any(v is True for v in (self.red_flags or {}).values())


def weekly_check_doc(check: WeeklyCheck) -> dict[str, Any]:
    """The stored form of a weekly check (plain JSON)."""
    return {
        "day": check.day.isoformat(),
        "sbi": dict(check.sbi),
        "psfs": dict(check.psfs),
        "sitting_min": check.sitting_min,
        "walking_min": check.walking_min,
        "red_flags": dict(check.red_flags) if check.red_flags is not None else None,
        "skipped": check.skipped,
    }


def weekly_check_from(doc: Mapping[str, Any]) -> WeeklyCheck | None:
    """Read a stored weekly check; anything malformed is dropped field by field, a bad day is None.

    Stored data can be hand-edited, so each answer is checked for its type and range and
    treated as unanswered when it does not fit.
    """
    day = check_day(doc)
    if day is None:
        return None
    sbi_raw, psfs_raw = doc.get("sbi"), doc.get("psfs")
    flags_raw = doc.get("red_flags")
    return WeeklyCheck(
        day=day,
        sbi={key: _score(_get(sbi_raw, key), SBI_MAX) for key, _ in SBI_ITEMS},
        psfs=_psfs(psfs_raw),
        sitting_min=_minutes(doc.get("sitting_min")),
        walking_min=_minutes(doc.get("walking_min")),
        red_flags=(
            {key: _flag(_get(flags_raw, key)) for key, _ in RED_FLAG_QUESTIONS}
            if isinstance(flags_raw, Mapping)
            else None
        ),
        skipped=doc.get("skipped") is True,
    )


def _get(value: Any, key: str) -> Any:
    """``value[key]`` when value is a mapping, else None."""
    return value.get(key) if isinstance(value, Mapping) else None


def _score(value: Any, top: int) -> int | None:
    """A whole number from 0 to ``top``, or None (booleans are not scores)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= top
    return value if ok else None


def _minutes(value: Any) -> int | None:
    """A whole number of minutes from 0 to a day, or None."""
    return _score(value, 24 * 60)


def _flag(value: Any) -> bool | None:
    """A yes/no answer, or None when not answered."""
    return value if isinstance(value, bool) else None


def _psfs(value: Any) -> dict[str, int | None]:
    """The activity scores, at most three, with names trimmed; malformed entries dropped."""
    if not isinstance(value, Mapping):
        return {}
    items = [(str(k).strip(), _score(v, PSFS_MAX)) for k, v in value.items() if str(k).strip()]
    return dict(items[:PSFS_ACTIVITIES])


def weekly_due(checks: Iterable[WeeklyCheck], today: date) -> bool:
    """True when no weekly check, answered or skipped, was made in the last seven days."""
    return weekly_due_on((c.day for c in checks), today)


def sbi_trend(checks: Sequence[WeeklyCheck]) -> str | None:
    """A sentence on the index's first and latest totals; None with fewer than two.

    The index has no single published threshold of its own here, so the sentence gives the
    numbers and their direction and leaves the judgement to the reader.
    """
    totals = [(c.day, t) for c in checks if not c.skipped and (t := c.sbi_total) is not None]
    if len(totals) < 2:
        return None
    (first_day, first), (last_day, last) = totals[0], totals[-1]
    way = "down" if last < first else "up" if last > first else "unchanged"
    return (
        f"Sciatica Bothersomeness Index: {first} on {first_day:%d %b} → {last} on "
        f"{last_day:%d %b} (of 24; lower is better), {way}."
    )
