"""The report for a physiotherapist: one self-contained HTML file that prints well on A4.

Everything is inline — CSS, SVG charts — with no scripts and nothing fetched, so the file can
be mailed, opened offline or printed. Every piece of text that came from a person (notes,
routine and exercise names, activities) is escaped and stripped of control characters.
It is written for a reader who has never seen unpinch: each section says what it shows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

from unpinch.library.history import Session, check_in, started_at, week_start
from unpinch.library.model import Catalog, Routine
from unpinch.library.record import Record, record
from unpinch.library.recovery import (
    MEANINGFUL_FRACTION,
    MEANINGFUL_POINTS,
    NOT_A_DIAGNOSIS,
    REACH_LABELS,
    REACH_LEVELS,
    READING_TEXT,
    RED_FLAG_QUESTIONS,
    SBI_ITEMS,
    WeeklyCheck,
    reach_over_period,
    reach_reading,
    sbi_trend,
    session_reach,
    trend_line,
)
from unpinch.library.report_charts import Series, bar_chart, legend, line_chart, step_chart
from unpinch.library.schedule import DEFAULT_SCHEDULE, Schedule

PERIOD_TEXT = {
    "centralising": "the symptoms drew back toward the spine, which the article "
    '"Sciatica Exercises" describes as a sign of healing.',
    "spreading": "the symptoms reached further down the leg as time went on.",
    "steady": "where the symptoms reach did not change overall.",
}
"""The period's reach reading in words."""

WEEKLY_SPAN_LIMIT = 26
"""Up to this many weeks the charts show weeks; beyond it, calendar months."""

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def text(value: Any) -> str:
    """Person-supplied text made safe for the page: controls removed, then HTML-escaped."""
    return escape(_CONTROLS.sub("", str(value)))


@record
class ReportData(Record):
    """What the report is built from; ``since``/``until`` bound the sessions shown."""

    sessions: Sequence[Session]
    catalog: Catalog
    generated: datetime
    weekly: Sequence[WeeklyCheck] = ()
    rest_days: Sequence[date] = ()
    pins: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None


@record
class Period(Record):
    """The report's first and last day and how its charts are bucketed."""

    first: date
    last: date

    @property
    def by_week(self) -> bool:
        """True when the period is short enough for one bar per week."""
        return (self.last - self.first).days <= WEEKLY_SPAN_LIMIT * 7

    def buckets(self) -> list[date]:
        """The first day of every week (Monday) or calendar month in the period."""
        if self.by_week:
            start = week_start(self.first)
            return [start + timedelta(weeks=n) for n in range((self.last - start).days // 7 + 1)]
        months = []
        day = self.first.replace(day=1)
        while day <= self.last:
            months.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months

    def bucket_of(self, day: date) -> date:
        """The bucket a day falls in."""
        return week_start(day) if self.by_week else day.replace(day=1)

    def label(self, bucket: date) -> str:
        """A short axis label for a bucket."""
        return bucket.strftime("%d %b") if self.by_week else bucket.strftime("%b %y")


def _dated(sessions: Iterable[Session]) -> list[tuple[date, Session]]:
    """Sessions with a readable start, as (local day, session), oldest first."""
    found = [(when, s) for s in sessions if (when := started_at(s)) is not None]
    found.sort(key=lambda pair: pair[0].timestamp())
    return [(when.astimezone().date(), s) for when, s in found]


def period_of(data: ReportData, dated: Sequence[tuple[date, Session]]) -> Period:
    """The period asked for, else from the first to the last session (today when none)."""
    today = data.generated.date()
    first = data.since or (dated[0][0] if dated else today)
    last = data.until or (dated[-1][0] if dated else today)
    return Period(first, max(first, last))


def build_report(data: ReportData) -> str:
    """The whole report as one HTML document."""
    dated = [
        (day, s)
        for day, s in _dated(data.sessions)
        if (data.since is None or day >= data.since) and (data.until is None or day <= data.until)
    ]
    period = period_of(data, dated)
    weekly = [c for c in data.weekly if period.first <= c.day <= period.last and not c.skipped]
    sections = [
        _header(data, period, dated),
        _adherence(data.catalog, period, dated),
        _pain(period, dated),
        _reach(period, dated),
        _outcomes(weekly),
        _marks(data.catalog, dated),
        _dose_changes(data.catalog, dated, data.pins),
        _notes(dated),
    ]
    return _page(period, "".join(sections))


def _page(period: Period, body: str) -> str:
    """The HTML document around the sections."""
    title = f"Exercise and recovery record, {period.first:%d %b %Y} – {period.last:%d %b %Y}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _header(data: ReportData, period: Period, dated: Sequence[tuple[date, Session]]) -> str:
    """Title, who made it and how to read it, and the headline numbers."""
    done = sum(1 for _, s in dated if s.get("status") == "completed")
    minutes = sum(_seconds(s.get("duration_s")) for _, s in dated) / 60
    rests = [d for d in data.rest_days if period.first <= d <= period.last]
    return (
        "<header><h1>Exercise and recovery record</h1>"
        f'<p class="period">{period.first:%d %B %Y} to {period.last:%d %B %Y} · '
        f"made {data.generated:%d %B %Y %H:%M}</p>"
        "<p>This record was kept by the person themselves in unpinch, a home exercise player "
        "for sciatica. Each session is one routine of stretches or strengthening exercises "
        "played with a timer. Before and after a session they may rate leg and back pain "
        "from 0 (none) to 10 (worst imaginable) and say how far down the leg the symptoms "
        "reach. Once a week they may answer a short outcome check. Nothing here is a "
        "diagnosis.</p>"
        '<table class="facts"><tr>'
        f"<td><b>{len(dated)}</b> sessions</td><td><b>{done}</b> played to the end</td>"
        f"<td><b>{minutes:.0f}</b> minutes of exercise</td>"
        f"<td><b>{len(rests)}</b> rest day{'' if len(rests) == 1 else 's'} marked</td>"
        "</tr></table></header>"
    )


def _seconds(value: Any) -> float:
    """A stored duration as seconds; anything unusable counts as 0."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    return max(0.0, float(value)) if ok and abs(value) < 1e9 else 0.0


def _routine(catalog: Catalog, session: Session) -> tuple[str, Routine | None]:
    """The session's routine name (as stored, else from the catalog) and the routine if known."""
    routine = catalog.routines.get(str(session.get("routine_id")))
    name = session.get("routine_name") or (routine.name if routine else session.get("routine_id"))
    return str(name or "unknown routine"), routine


def _adherence(catalog: Catalog, period: Period, dated: Sequence[tuple[date, Session]]) -> str:
    """Sessions per week (or month) against the schedules' minimum, and a table per routine."""
    buckets = period.buckets()
    counts = Counter(period.bucket_of(day) for day, _ in dated)
    minutes: dict[date, float] = defaultdict(float)
    for day, s in dated:
        minutes[period.bucket_of(day)] += _seconds(s.get("duration_s")) / 60
    unit = "week" if period.by_week else "month"
    schedules = _schedules_played(catalog, dated)
    target = _target_per_bucket(schedules, period.by_week)
    labels = [period.label(b) for b in buckets]
    chart = bar_chart(
        f"Sessions per {unit}", "sessions", labels, [counts[b] for b in buckets], "sessions", target
    )
    minute_chart = bar_chart(
        f"Minutes of exercise per {unit}",
        "minutes",
        labels,
        [round(minutes[b], 1) for b in buckets],
        "min",
    )
    target_note = (
        f"The dashed line is the least the routines' schedules ask for in a {unit} ({target:g})."
        if target is not None
        else ""
    )
    return (
        f"<section><h2>Sessions and adherence</h2>{chart}"
        f'{legend([("sessions", f"sessions per {unit}")])}<p class="note">{target_note}</p>'
        f"{_adherence_table(catalog, period, dated)}{minute_chart}"
        f"{legend([('minutes', f'minutes per {unit}, pauses left out')])}</section>"
    )


def _schedules_played(
    catalog: Catalog, dated: Sequence[tuple[date, Session]]
) -> dict[str, Schedule]:
    """The schedule of every routine played in the period, by routine id."""
    found = {}
    for _, s in dated:
        _, routine = _routine(catalog, s)
        if routine is not None:
            found[routine.id] = routine.schedule
    return found


def _target_per_bucket(schedules: Mapping[str, Schedule], by_week: bool) -> float | None:
    """The most sessions any played routine's schedule asks for at least, per week or month."""
    if not schedules:
        return None
    weekly = max(s.per_week[0] for s in schedules.values())
    return float(weekly) if by_week else round(weekly * 30 / 7, 1)


def _adherence_table(
    catalog: Catalog, period: Period, dated: Sequence[tuple[date, Session]]
) -> str:
    """Per routine: its schedule, sessions, and the share of weeks that met the schedule."""
    by_routine: dict[str, list[date]] = defaultdict(list)
    names: dict[str, str] = {}
    schedules: dict[str, Schedule] = {}
    for day, s in dated:
        name, routine = _routine(catalog, s)
        key = str(s.get("routine_id"))
        by_routine[key].append(day)
        names[key] = name
        schedules[key] = routine.schedule if routine else DEFAULT_SCHEDULE
    if not by_routine:
        return "<p>No sessions in this period.</p>"
    rows = "".join(
        _adherence_row(names[k], schedules[k], days, period) for k, days in by_routine.items()
    )
    return (
        "<table><thead><tr><th>Routine</th><th>Schedule</th><th>Sessions</th>"
        "<th>Weeks on schedule</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _adherence_row(name: str, schedule: Schedule, days: Sequence[date], period: Period) -> str:
    """One routine's line: weeks from its first session that reached the schedule's minimum."""
    first = week_start(min(days))
    weeks = [first + timedelta(weeks=n) for n in range((period.last - first).days // 7 + 1)]
    per_week = Counter(week_start(d) for d in days)
    wanted = schedule.per_week[0]
    met = sum(1 for w in weeks if per_week[w] >= wanted)
    share = f"{met} of {len(weeks)} ({100 * met / len(weeks):.0f} %)"
    return (
        f"<tr><td>{text(name)}</td><td>{text(schedule.label())}</td>"
        f"<td>{len(days)}</td><td>{share}</td></tr>"
    )


def _pain(period: Period, dated: Sequence[tuple[date, Session]]) -> str:
    """Leg against back pain per bucket (the after check-in, else the before), with trends."""
    buckets = period.buckets()
    leg: dict[date, list[int]] = defaultdict(list)
    back: dict[date, list[int]] = defaultdict(list)
    legs, backs = [], []
    for day, s in dated:
        found = check_in(s, "after") or check_in(s, "before")
        if found is None:
            continue
        if found["leg"] is not None:
            leg[period.bucket_of(day)].append(found["leg"])
            legs.append(float(found["leg"]))
        if found["back"] is not None:
            back[period.bucket_of(day)].append(found["back"])
            backs.append(float(found["back"]))
    if not legs and not backs:
        return (
            "<section><h2>Leg and back pain</h2><p>No pain check-ins in this period.</p></section>"
        )
    chart = line_chart(
        "Leg and back pain (0–10)",
        [period.label(b) for b in buckets],
        [
            Series("leg", "Leg pain", [_mean(leg.get(b)) for b in buckets]),
            Series("back", "Back pain", [_mean(back.get(b)) for b in buckets]),
        ],
        10,
        "0–10",
    )
    trends = [t for t in (trend_line("Leg pain", legs), trend_line("Back pain", backs)) if t]
    rule = (
        f"A change counts as meaningful at {MEANINGFUL_POINTS} points or "
        f"{MEANINGFUL_FRACTION:.0%} on the 0–10 scale (Farrar et al. 2001); the trend compares "
        "the mean of the first and the last third of the check-ins."
    )
    lines = "".join(f"<li>{text(t)}</li>" for t in trends)
    return (
        f"<section><h2>Leg and back pain</h2>{chart}"
        f"{legend([('leg', 'leg pain'), ('back', 'back pain')])}"
        f'<ul>{lines}</ul><p class="note">{rule} Each point is the mean of the '
        f"{'week' if period.by_week else 'month'}.</p></section>"
    )


def _mean(values: Sequence[int] | None) -> float | None:
    """The mean of some scores, or None when there are none."""
    return sum(values) / len(values) if values else None


def _reach(period: Period, dated: Sequence[tuple[date, Session]]) -> str:
    """Where the symptoms reach, session by session, and the reading of its direction."""
    levels = [(day, session_reach(s)) for day, s in dated]
    answered = [(d, lv) for d, lv in levels if lv is not None]
    if not answered:
        return (
            "<section><h2>Where the symptoms reach</h2>"
            "<p>No answers about where the symptoms reach in this period.</p></section>"
        )
    chart = step_chart(
        "How far down the leg the symptoms reach",
        [f"{d:%d %b}" for d, _ in answered],
        [lv for _, lv in answered],
        [REACH_LABELS[level] for level in REACH_LEVELS],
    )
    values = [lv for _, lv in answered]
    lines = [f"Latest sessions: {READING_TEXT[r]}" for r in [reach_reading(values)] if r]
    lines += [f"Over this period: {PERIOD_TEXT[r]}" for r in [reach_over_period(values)] if r]
    said = "".join(f"<li>{text(line)}</li>" for line in lines)
    return (
        f"<section><h2>Where the symptoms reach</h2>{chart}"
        f"{legend([('reach', 'furthest point after each session')])}"
        f'<ul>{said}</ul><p class="note">{text(NOT_A_DIAGNOSIS)} The trend compares the mean '
        "level of the first and the last third of the period; half a level counts.</p></section>"
    )


def _outcomes(weekly: Sequence[WeeklyCheck]) -> str:
    """The weekly checks: bothersomeness index, the person's own activities, tolerances, flags."""
    if not weekly:
        return "<section><h2>Weekly outcome checks</h2><p>None in this period.</p></section>"
    activities = list(dict.fromkeys(a for c in weekly for a in c.psfs))
    head = "".join(f"<th>{text(label)}</th>" for _, label in SBI_ITEMS)
    head += "<th>Index (0–24)</th>" + "".join(f"<th>{text(a)}</th>" for a in activities)
    rows = "".join(_outcome_row(c, activities) for c in weekly)
    trend = sbi_trend(weekly)
    flags = [c for c in weekly if c.any_red_flag]
    flag_text = (
        f'<p class="alert">A red-flag symptom was reported on '
        f"{', '.join(f'{c.day:%d %b %Y}' for c in flags)}; unpinch told the person to seek "
        "urgent care that day.</p>"
        if flags
        else ""
    )
    return (
        "<section><h2>Weekly outcome checks</h2>"
        "<p>The Sciatica Bothersomeness Index asks how bothersome four symptoms were in the "
        "last week, from 0 (not at all) to 6 (extremely). The Patient-Specific Functional "
        "Scale rates activities the person chose, from 0 (unable) to 10 (as before the "
        "problem). Sitting and walking are the minutes they can manage at a time.</p>"
        f'<table class="small"><thead><tr><th>Week of</th>{head}<th>Sitting (min)</th>'
        f"<th>Walking (min)</th><th>Red flags</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{text(trend or '')}</p>{flag_text}</section>"
    )


def _outcome_row(check: WeeklyCheck, activities: Sequence[str]) -> str:
    """One weekly check as a table row; unanswered cells show "–"."""
    cells = [_cell(check.sbi.get(key)) for key, _ in SBI_ITEMS]
    cells.append(_cell(check.sbi_total))
    cells += [_cell(check.psfs.get(a)) for a in activities]
    cells += [_cell(check.sitting_min), _cell(check.walking_min)]
    answered = check.red_flags or {}
    said = [label for key, label in RED_FLAG_QUESTIONS if answered.get(key) is True]
    cells.append(text("yes: " + "; ".join(said)) if said else ("no" if answered else "–"))
    return f"<tr><td>{check.day:%d %b %Y}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _cell(value: int | None) -> str:
    """A number, or "–" when unanswered."""
    return "–" if value is None else str(value)


def _marks(catalog: Catalog, dated: Sequence[tuple[date, Session]]) -> str:
    """Every "this hurts" mark, with the exercise and side."""
    rows = []
    for day, s in dated:
        marks = s.get("marks")
        for mark in marks if isinstance(marks, list) else []:
            if isinstance(mark, Mapping):
                rows.append(
                    f"<tr><td>{day:%d %b %Y}</td><td>{text(_routine(catalog, s)[0])}</td>"
                    f"<td>{text(_exercise_name(catalog, mark.get('exercise_id')))}</td>"
                    f"<td>{text(mark.get('side') or '–')}</td></tr>"
                )
    if not rows:
        return '<section><h2>"This hurts" marks</h2><p>None in this period.</p></section>'
    return (
        '<section><h2>"This hurts" marks</h2><p>The person pressed "this hurts" during these '
        "exercises; unpinch moved on and offered an easier variant next time.</p>"
        "<table><thead><tr><th>Day</th><th>Routine</th><th>Exercise</th><th>Side</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _exercise_name(catalog: Catalog, exercise_id: Any) -> str:
    """An exercise's name from the catalog, else its id as stored."""
    found = catalog.exercises.get(str(exercise_id))
    return found.name if found else str(exercise_id)


def _dose_changes(
    catalog: Catalog, dated: Sequence[tuple[date, Session]], pins: Mapping[str, Mapping[str, Any]]
) -> str:
    """Dose changes between sessions (progressions and easing), easier swaps, and pins."""
    rows = _target_changes(catalog, dated) + _swap_rows(catalog, dated)
    rows.sort(key=lambda row: row[0])
    body = "".join(
        f"<tr><td>{day:%d %b %Y}</td><td>{text(what)}</td><td>{text(change)}</td></tr>"
        for day, what, change in rows
    )
    pinned = "".join(
        f"<li>{text(_exercise_name(catalog, ex_id))}: {text(_dose_words(dose))}</li>"
        for ex_id, dose in pins.items()
    )
    return (
        "<section><h2>Dose changes</h2><p>unpinch raises a dose within the article's range "
        "after sessions that went well and lowers it after pain; the person can pin a dose "
        "or take an easier variant.</p>"
        + (
            "<table><thead><tr><th>Day</th><th>Exercise</th><th>Change</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
            if body
            else "<p>No dose changes in this period.</p>"
        )
        + (f"<p>Pinned now:</p><ul>{pinned}</ul>" if pinned else "")
        + "</section>"
    )


def _targets(session: Session) -> dict[str, str]:
    """The first target of each exercise played in a session, as words ("30 s", "10 reps")."""
    found: dict[str, str] = {}
    steps = session.get("steps")
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, Mapping) or step.get("exercise_id") in found:
            continue
        hold, reps = step.get("target_s"), step.get("target_reps")
        words = f"{hold:g} s hold" if _number(hold) else f"{reps} reps" if _number(reps) else ""
        if words:
            found[str(step["exercise_id"])] = words
    return found


def _number(value: Any) -> bool:
    """True for a usable positive number (booleans are not numbers)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1e6


def _target_changes(
    catalog: Catalog, dated: Sequence[tuple[date, Session]]
) -> list[tuple[date, str, str]]:
    """Where an exercise's target differs from the last time it was played."""
    last: dict[str, str] = {}
    rows = []
    for day, s in dated:
        for ex_id, words in _targets(s).items():
            if ex_id in last and last[ex_id] != words:
                rows.append((day, _exercise_name(catalog, ex_id), f"{last[ex_id]} → {words}"))
            last[ex_id] = words
    return rows


def _swap_rows(
    catalog: Catalog, dated: Sequence[tuple[date, Session]]
) -> list[tuple[date, str, str]]:
    """Easier variants taken in place of an exercise."""
    rows = []
    for day, s in dated:
        swaps = s.get("swaps")
        for old, new in swaps.items() if isinstance(swaps, Mapping) else []:
            rows.append(
                (day, _exercise_name(catalog, old), f"easier: {_exercise_name(catalog, new)}")
            )
    return rows


def _dose_words(dose: Mapping[str, Any]) -> str:
    """A pinned dose in words, from its stored form."""
    parts = []
    for key, unit in (("sets", "sets"), ("reps", "reps"), ("hold_s", "s hold")):
        value = dose.get(key)
        if isinstance(value, list) and value:
            value = value[0] if len(set(value)) == 1 else f"{value[0]}–{value[-1]}"
        if value not in (None, [], 0):
            parts.append(f"{value} {unit}")
    return ", ".join(parts) or "as stored"


def _notes(dated: Sequence[tuple[date, Session]]) -> str:
    """The notes written at check-ins, as the person wrote them (escaped)."""
    rows = []
    for day, s in dated:
        for which in ("before", "after"):
            found = check_in(s, which)
            if found and found["note"].strip():
                note = text(found["note"])
                rows.append(f"<tr><td>{day:%d %b %Y}</td><td>{which}</td><td>{note}</td></tr>")
    if not rows:
        return "<section><h2>Notes</h2><p>No notes in this period.</p></section>"
    return (
        "<section><h2>Notes</h2><table><thead><tr><th>Day</th><th>When</th><th>Note</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


STYLE = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10.5pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1a202c;
       margin: 0; }
main { max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #cbd5e0; }
p { margin: 1.5mm 0; }
.period { color: #4a5568; }
.note { color: #4a5568; font-size: 9pt; }
.alert { border: 2px solid #c53030; padding: 2mm; font-weight: bold; }
section { break-inside: avoid-page; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; }
table.small { font-size: 8pt; }
th, td { border: 1px solid #cbd5e0; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.facts td { border: none; font-size: 11pt; }
svg.chart { width: 100%; height: auto; display: block; margin: 2mm 0; }
svg text { font-size: 10px; fill: #2d3748; }
svg .grid { stroke: #e2e8f0; stroke-width: 1; }
svg .unit { font-size: 9px; }
.legend { font-size: 9pt; }
.swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; }
"""
