"""Shared pieces of the end-to-end tests: the installed program, data files, cue schedules.

The end-to-end tests start the installed ``unpinch`` console script in a real
pseudo-terminal (``bench.ptyterm``), locally and over SSH. These helpers set up
their data file with short user routines and work out, from the same plan the
app plays, the moments its terminal bells are due.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.ptyterm import PtyTerm
from tests.fakes import FakeClock
from unpinch.library.codec import routine_to_dict
from unpinch.library.model import Dose, Routine, RoutineItem, Span
from unpinch.library.plan import build_plan
from unpinch.library.player import Cue, Player
from unpinch.library.store import Store
from unpinch.library.workspace import open_workspace
from unpinch.tui.sound import BellPlayer

UNPINCH = Path(sys.executable).parent / "unpinch"
"""The installed console script, next to the interpreter running the tests."""

COLS, ROWS = 80, 24
HOME_TEXT = "Routines"
"""Text that is on the home screen once it has drawn."""

SHORT_ID = "e2e-short"
SHORT_ITEMS: tuple[RoutineItem, ...] = (
    RoutineItem("bridge", Dose(reps=Span(1, 1), hold_s=Span(3, 3), rest_s=1)),
    RoutineItem("knee-to-chest", Dose(reps=Span(1, 1), hold_s=Span(2, 2), rest_s=1)),
)
"""A 12-second routine: a 3 s hold, then 2 s holds on each side with a 1 s switch."""

CUES_ID = "e2e-cues"
CUES_ITEMS: tuple[RoutineItem, ...] = (
    RoutineItem("knee-to-chest", Dose(reps=Span(1, 1), hold_s=Span(2, 2), rest_s=1)),
    RoutineItem("in-bed-knee-rocks", Dose(reps=Span(3, 3), tempo_s=1.0, rest_s=1)),
)
"""A 12-second routine that raises every kind of cue: tick, start, switch, rest, rep, done."""

SHORT_SETTINGS: dict[str, Any] = {"count_in_s": 3, "switch_pause_s": 1, "first_run_ack": True}
"""Settings that keep a played routine short: three count-in ticks, a 1 s switch."""

GLYPHS: dict[tuple[str, str, str], str] = {}
"""Textual's 3×3 ``Digits`` glyphs, filled in by :func:`digit_glyphs`."""


def base_env(db: Path, home: Path, term: str = "xterm-256color", **extra: str) -> dict[str, str]:
    """Environment for a child: its own data file and home, a UTF-8 locale, nothing inherited."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": term,
        "UNPINCH_DB": str(db),
    }
    env.update(extra)
    return env


def start_unpinch(
    spawn: Callable[..., PtyTerm],
    db: Path,
    home: Path,
    *args: str,
    cols: int = COLS,
    rows: int = ROWS,
    term: str = "xterm-256color",
    **extra: str,
) -> PtyTerm:
    """Start the installed ``unpinch ARGS`` through ``spawn`` with ``db`` as its data file."""
    assert UNPINCH.exists(), f"unpinch is not installed next to {sys.executable}"
    env = base_env(db, home, term, **extra)
    return spawn([UNPINCH, *args], cols=cols, rows=rows, env=env, cwd=home)


def toast_text(screen: str) -> str:
    """The notifications on ``screen`` as one line: each toast row's text after its ``▌`` edge.

    Toasts sit in a narrow column beside the card, so a message wraps over
    several rows; joined, it reads as it was written.
    """
    rows = [line.rsplit("▌ ", 1)[1].strip() for line in screen.splitlines() if "▌ " in line]
    return " ".join(rows)


def routines_json(db: Path, home: Path) -> list[dict[str, Any]]:
    """What ``unpinch routines --json`` prints: id, name, exercises ... of every routine."""
    result = subprocess.run(
        [str(UNPINCH), "routines", "--json"],
        env=base_env(db, home),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    entries: list[dict[str, Any]] = json.loads(result.stdout)
    return entries


def routine_names(db: Path, home: Path) -> list[str]:
    """The routine names ``unpinch routines --json`` lists, in order."""
    return [str(entry["name"]) for entry in routines_json(db, home)]


def save_routine(
    db: Path,
    routine_id: str,
    items: Sequence[RoutineItem],
    *,
    rest_between_s: int = 1,
    settings: Mapping[str, Any] = SHORT_SETTINGS,
) -> Routine:
    """Save a user routine and settings into the data file, as the app would find them."""
    routine = Routine(
        id=routine_id,
        name=f"Test routine {routine_id}",
        items=tuple(items),
        rest_between_s=rest_between_s,
        builtin=False,
    )
    with Store.open(db) as store:
        store.save_routine(routine_to_dict(routine))
        for key, value in settings.items():
            store.set_setting(key, value)
    return routine


def sessions(db: Path) -> list[dict[str, Any]]:
    """Every session saved in the data file."""
    with Store.open(db) as store:
        return store.sessions()


# -- the cue schedule -----------------------------------------------------------


def planned_cues(db: Path, routine_id: str) -> list[Cue]:
    """Every cue of an untouched run of the routine, timed from the start (t = 0).

    Plays the same plan the app builds (same catalogue, store and settings)
    through the headless player with a clock that jumps from one due moment to
    the next, so the ``at`` values are exactly the player's schedule.
    """
    space = open_workspace(db)
    try:
        plan = build_plan(space.routine(routine_id), space.catalog, space.settings)
    finally:
        space.close()
    clock = FakeClock(0.0)
    player = Player(plan, clock)
    player.start()
    cues: list[Cue] = []
    while True:
        cues.extend(player.update())
        due = player.next_due()
        if player.over or due is None:
            return cues
        clock.now = max(clock.now, due)


def bell_schedule(cues: Iterable[Cue]) -> list[float]:
    """When the app's bell player rings for these cues, spacing and dropping as it does.

    Feeds the cues through the real ``BellPlayer`` with a fake clock, so cues
    due together are spaced by its minimum gap, exactly as in the app.
    """
    clock = FakeClock(0.0)
    rings: list[float] = []

    def schedule(delay: float, ring: object) -> None:
        rings.append(clock.now + delay)

    bell = BellPlayer(lambda: rings.append(clock.now), clock=clock, schedule=schedule)
    for cue in cues:
        clock.now = cue.at
        bell.play(cue.kind)
    return sorted(rings)


@dataclass(frozen=True)
class Alignment:
    """Measured bell times against their schedule, after removing the best constant offset."""

    offset: float
    deviations: tuple[float, ...]

    @property
    def max_abs(self) -> float:
        """The largest deviation from schedule, in seconds."""
        return max(abs(d) for d in self.deviations)

    @property
    def median_abs(self) -> float:
        """The median deviation from schedule, in seconds."""
        return statistics.median(abs(d) for d in self.deviations)


def align(expected: Sequence[float], measured: Sequence[float]) -> Alignment:
    """Fit ``measured ≈ expected + offset`` by least squares and return the residuals."""
    assert len(expected) == len(measured), f"{len(measured)} bells for {len(expected)} cues"
    offset = statistics.fmean(m - e for e, m in zip(expected, measured, strict=True))
    residuals = tuple(m - e - offset for e, m in zip(expected, measured, strict=True))
    return Alignment(offset, residuals)


# -- reading the screen ---------------------------------------------------------


def digit_glyphs() -> dict[tuple[str, str, str], str]:
    """Map each 3×3 glyph Textual's ``Digits`` draws to the character it shows."""
    if not GLYPHS:
        from textual.renderables.digits import DIGITS, DIGITS3X3

        for index, char in enumerate(DIGITS):
            if char == " ":
                continue
            rows = DIGITS3X3[index * 3 : index * 3 + 3]
            key = (rows[0].ljust(3), rows[1].ljust(3), rows[2].ljust(3))
            GLYPHS.setdefault(key, char)
    return GLYPHS


def read_big_clock(lines: Sequence[str]) -> str | None:
    """Find a big ``M:SS`` clock drawn with ``Digits`` on the screen and return its text."""
    glyphs = digit_glyphs()
    for top in range(len(lines) - 2):
        rows = [line.ljust(max(map(len, lines))) for line in lines[top : top + 3]]
        for start in range(len(rows[0]) - 2):
            text = ""
            column = start
            while column + 3 <= len(rows[0]):
                cell = (
                    rows[0][column : column + 3],
                    rows[1][column : column + 3],
                    rows[2][column : column + 3],
                )
                char = glyphs.get(cell)
                if char is None:
                    break
                text += char
                column += 3
            if re.fullmatch(r"\d+:\d\d", text):
                return text
    return None


def clock_seconds(text: str) -> int:
    """Seconds shown by an ``M:SS`` clock."""
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def sgr_colours(data: bytes) -> set[str]:
    """Colour codes used by the SGR sequences in ``data``: "5;N" (256), "2;R;G;B", "basic:N"."""
    found: set[str] = set()
    for match in SGR.finditer(data):
        params = match.group(1).decode().replace(":", ";").split(";")
        i = 0
        while i < len(params):
            code = params[i]
            if code in ("38", "48") and i + 1 < len(params):
                if params[i + 1] == "5" and i + 2 < len(params):
                    found.add(f"5;{params[i + 2]}")
                    i += 3
                    continue
                if params[i + 1] == "2" and i + 4 < len(params):
                    found.add("2;" + ";".join(params[i + 2 : i + 5]))
                    i += 5
                    continue
            elif code.isdigit() and (30 <= int(code) <= 47 or 90 <= int(code) <= 107):
                found.add(f"basic:{code}")
            i += 1
    return found


def is_grey(colour: str) -> bool:
    """Tell whether a colour from :func:`sgr_colours` has no hue (black, white or grey)."""
    kind, _, value = colour.partition(";")
    if kind == "5":
        index = int(value)
        if index >= 232 or index in (0, 7, 8, 15):
            return True
        if 16 <= index <= 231:
            cube = index - 16
            return cube // 36 == (cube // 6) % 6 == cube % 6
        return False
    if kind == "2":
        red, green, blue = (int(v) for v in value.split(";"))
        return red == green == blue
    code = int(colour.partition(":")[2]) % 10
    return code in (0, 7, 9)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (``fraction`` in 0..1)."""
    ordered = sorted(values)
    rank = max(0, math.ceil(fraction * len(ordered)) - 1)
    return ordered[rank]
