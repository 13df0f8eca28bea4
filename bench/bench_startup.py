"""How long unpinch takes to show its interactive home screen in an 80×24 pty.

The clock starts when the process is spawned and stops when the output chunk
arrives after which the screen shows the routine pane: its title and the first
routine's name. The reference, run with the same interpreter in the same
environment, is a bare Textual app that paints one word (``reference_apps.py
word``); runs alternate reference, fresh start, warm start. A fresh start has
a data file that does not exist yet and an empty cache of the parsed library
(the first run after installing, which reads the parse the package ships): its
first screen is the first-run notice, alone, so its clock stops when the notice
shows, and the bench then acknowledges it as a user would; a warm start opens
the data file the fresh start left behind. One unmeasured start of each
program first warms the file-system and bytecode caches. A fourth kind of start
opens a data file of ten years of daily sessions (the history bench's), to show
what a long history adds to the start.

A warm start draws its first frame from the copy of the home screen the
previous run saved as it closed (:mod:`unpinch.library.home_snapshot`) and
opens the data file after that frame. So a sixth kind of start opens the same
data file with that copy deleted first, as after a change made elsewhere:
the data file is then read before the first frame (no target; it shows what
the copy saves). The warm, copy-less and ten-year starts are also timed until
home's preview pane shows, which waits for the data file to be open: what a
user waits before the screen answers (no target).

A fifth program, started in the same rounds, is a bare Textual app laid out
like the home screen (``reference_apps.py home``: a title, a list of the same
routines two lines each, a preview pane, a strip, the footer a frame later),
with no unpinch code: what Textual alone costs to draw such a screen. It has
no target; it shows how much of the start is unpinch's own work.

Every ratio is paired: each start is divided by its reference's start in the
same round, a second or two apart (the one-word app heads each round; the
home-shaped app and the warm start are the references of two rows), and the
figure's ratio is the median of those per-round ratios
(:func:`bench.common.paired_ratio`). The
times shown are the medians of each kind. The share of CPU time the host took
from this machine (``steal`` in ``/proc/stat``) over the rounds is shown too:
a run with much of it was not measured on a quiet machine.

After the rounds, each kind of start but the ten-year one is counted once
in instructions to its first frame, under valgrind when it is installed
(:mod:`bench.startup_counts`): figures with no target that do not move with
the host.

Beside the totals, a breakdown of a warm start: the interpreter's own start
(``python -c pass``), importing the app as plain ``unpinch`` does (without
click), reading home's copy, and what is left of the warm start-up: building
and painting the first frame. What the app does straight after that frame is
timed too (no target): loading the library from its cache and opening the
data file (the workspace), which a start without a usable copy does before
it. Each part is timed in a fresh process, the median of the same number of
runs.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.common import Figure, paired_ratio
from bench.launch import app_command, pty_env, reference_command, spawn, wait_showing
from bench.ptyterm import KEYS, PtyTerm
from bench.reference_apps import WORD, WORD_LABEL
from bench.startup_counts import Kinds, count_figures
from unpinch.library.catalog import load_catalog
from unpinch.library.describe import minutes
from unpinch.library.home_snapshot import snapshot_path
from unpinch.library.plan import estimate_duration_s
from unpinch.library.toml_cache import CACHE_ENV

RUNS = 21
"""Rounds of starts: on a shared machine one start can take a third longer than the next.
Five rounds left the median ratio swinging by 0.1 between runs of the same code, and eleven
still missed once in seven full runs (1.50x, against 1.14-1.25x in the other six)."""
QUICK_RUNS = 3
RATIO_TARGET = 1.25
PARTS_PROBE = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
import unpinch.tui.launch
import unpinch.tui.app
imported = time.perf_counter()
from unpinch.library.home_snapshot import load
assert load(Path(sys.argv[1]), None) is not None, "no usable home copy"
copied = time.perf_counter()
from unpinch.library.catalog import load_catalog
load_catalog()
loaded = time.perf_counter()
from unpinch.library.workspace import open_workspace
open_workspace(Path(sys.argv[1]), sync_exercises=False).close()
opened = time.perf_counter()
print(json.dumps([imported - start, copied - imported, loaded - copied, opened - loaded]))
"""
"""Times, in one fresh process, importing the app, reading home's copy, loading the library and
opening the store (closing it leaves the data file and its copy as they were)."""
LIST_WIDTH = 34
"""The routine list's text width at 80×24, for the home-shaped reference's rows."""
NAME_CHARS = 20
"""How much of the first routine's name to look for (long names are cut with …)."""


FIRST_RUN = "Welcome to unpinch"
"""The title of the notice a fresh data file gets before the home screen."""
HOME_ROWS = "home-rows.json"
"""The file, in the scratch folder, of the rows the home-shaped reference lists."""


def home_texts() -> list[str]:
    """Return what the home screen shows once its routine pane is filled in."""
    first = next(iter(load_catalog().routines.values()))
    return ["Routines", first.name[:NAME_CHARS]]


def time_to_screen(
    argv: Sequence[str],
    env: dict[str, str],
    texts: Sequence[str],
    then: Callable[[PtyTerm], None] | None = None,
) -> float:
    """Spawn ``argv`` on a fresh pty and return seconds until the screen shows ``texts``.

    ``then`` runs on the terminal after the measurement, before the program is stopped.
    """
    term = spawn(argv, env)
    try:
        shown = wait_showing(term, texts) - term.started_at
        if then is not None:
            then(term)
        return shown
    finally:
        term.close()


def preview_texts() -> list[str]:
    """What home's preview pane shows for the first routine: drawn once the data file is open."""
    catalog = load_catalog()
    first = next(iter(catalog.routines.values()))
    duration = minutes(estimate_duration_s(first, catalog))
    return [f"About {duration} · {len(first.items)} exercises"]


def noting_ready(found: list[float], texts: Sequence[str]) -> Callable[[PtyTerm], None]:
    """A ``then`` for :func:`time_to_screen` that notes when home's preview shows too."""

    def then(term: PtyTerm) -> None:
        found.append(wait_showing(term, texts) - term.started_at)

    return then


def acknowledge_first_run(term: PtyTerm) -> None:
    """Press Enter on the first-run notice, as a new user does, and wait for it to close.

    The acknowledgement is saved in the data file, so the next start is an
    ordinary one.
    """
    term.send(KEYS["enter"])
    term.wait_until(lambda t: FIRST_RUN not in t.screen_text(), 10.0, "the notice to close")


def runs() -> int:
    """Return how many measured starts of each kind to make (fewer in quick mode)."""
    return QUICK_RUNS if os.environ.get("UNPINCH_BENCH_QUICK") == "1" else RUNS


Starts = dict[str, list[float]]
"""Seconds to the first screen by kind of start: reference, fresh, warm, long and shaped."""


def measure(scratch: Path, count: int) -> Starts:
    """Time ``count`` rounds of reference, fresh, warm and ten-year starts, in turn."""
    from bench.bench_history import DAYS, seeded_history, write_sessions

    texts = home_texts()
    found: Starts = {
        "reference": [],
        "fresh": [],
        "warm": [],
        "uncopied": [],
        "long": [],
        "shaped": [],
        "warm_ready": [],
        "uncopied_ready": [],
        "long_ready": [],
    }
    preview = preview_texts()
    env = pty_env(scratch)
    shaped = reference_command("home", str(write_home_rows(scratch / HOME_ROWS)))
    long_db = scratch / "long" / "unpinch.json"
    write_sessions(long_db, seeded_history(DAYS))
    time_to_screen(reference_command("word"), env, [WORD])
    time_to_screen(shaped, env, texts)
    warmup = pty_env(scratch, scratch / "warmup" / "unpinch.json")
    time_to_screen(app_command(), warmup, [FIRST_RUN], acknowledge_first_run)
    time_to_screen(app_command(), pty_env(scratch, long_db), texts)
    for number in range(count):
        # As after installing: no data file, and no cache of the parsed library either.
        first = round_env(scratch, f"run{number}")
        found["reference"].append(time_to_screen(reference_command("word"), env, [WORD]))
        found["fresh"].append(
            time_to_screen(app_command(), first, [FIRST_RUN], acknowledge_first_run)
        )
        ready = noting_ready(found["warm_ready"], preview)
        found["warm"].append(time_to_screen(app_command(), first, texts, ready))
        snapshot_path(round_db(scratch, f"run{number}")).unlink()  # saved as the last one closed
        ready = noting_ready(found["uncopied_ready"], preview)
        found["uncopied"].append(time_to_screen(app_command(), first, texts, ready))
        ready = noting_ready(found["long_ready"], preview)
        found["long"].append(time_to_screen(app_command(), pty_env(scratch, long_db), texts, ready))
        found["shaped"].append(time_to_screen(shaped, env, texts))
    return found


def round_db(scratch: Path, name: str) -> Path:
    """The data file of the round (or counted start) ``name``."""
    return scratch / name / "unpinch.json"


def round_env(scratch: Path, name: str) -> dict[str, str]:
    """The environment of a round's starts: its own data file and library cache in ``name``."""
    db = round_db(scratch, name)
    return pty_env(scratch, db, {CACHE_ENV: str(db.parent / "cache")})


def write_home_rows(path: Path) -> Path:
    """Write the rows the home screen lists (name, duration, last done) for the shaped reference."""
    catalog = load_catalog()
    rows = []
    for routine in catalog.routines.values():
        duration = minutes(estimate_duration_s(routine, catalog))
        room = LIST_WIDTH - len(duration) - 3  # cut as the home screen cuts a long name
        name = routine.name if len(routine.name) <= room else routine.name[: room - 1] + "…"
        rows.append([name, duration, "never done"])
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


PARTS = ("import", "copy", "catalog", "store")
"""The parts :data:`PARTS_PROBE` times, in its order."""


def parts(db: Path, count: int) -> dict[str, float]:
    """Median seconds of each part of a warm start but the first frame, over ``count`` runs."""
    samples: dict[str, list[float]] = {"interpreter": [], **{name: [] for name in PARTS}}
    # The library's parse is cached, as for a warm start (the first run fills the cache).
    cache_env = {**os.environ, CACHE_ENV: str(db.parent / "parts-cache")}
    for _ in range(count):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        samples["interpreter"].append(time.perf_counter() - start)
        probe = [sys.executable, "-c", PARTS_PROBE, str(db)]
        ran = subprocess.run(probe, check=True, capture_output=True, env=cache_env)
        found = json.loads(ran.stdout)
        for name, seconds in zip(PARTS, found, strict=True):
            samples[name].append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


def breakdown(found: dict[str, float], warm: list[float]) -> list[Figure]:
    """The parts of a warm start in milliseconds, the first frame being what is left.

    The library and the data file are opened after that frame, so they are
    shown apart and not taken from what is left.
    """
    before = {
        "interpreter": "python -c pass",
        "import": "importing the app (as plain unpinch does: no click)",
        "copy": "reading home's copy",
    }
    after = {
        "catalog": "after the first frame: loading the exercise library",
        "store": "after the first frame: opening the data file (workspace)",
    }
    rest = statistics.median(warm) - sum(found[key] for key in before)
    shown = [(label, found[key]) for key, label in before.items()]
    shown.append(("first frame (the rest, to home screen)", rest))
    shown += [(label, found[key]) for key, label in after.items()]
    return [Figure(f"warm start-up: {label}", seconds * 1000, "ms") for label, seconds in shown]


def figures(starts: Starts) -> list[Figure]:
    """Turn start-up times (seconds) into the figures: medians in milliseconds, paired ratios.

    The start with ten years of sessions has no target of its own: it shows
    what a long history adds, beside the warm start with none.
    """
    ref = starts["reference"]
    fresh, warm, shaped, long = starts["fresh"], starts["warm"], starts["shaped"], starts["long"]
    label = WORD_LABEL
    return [
        against(
            "start-up to the first-run notice, 80×24, fresh data file",
            fresh,
            ref,
            label,
            RATIO_TARGET,
        ),
        against("start-up to home screen, 80×24, warm data file", warm, ref, label, RATIO_TARGET),
        against(
            "start-up to home screen, warm, data file read first (no home copy; no target)",
            starts["uncopied"],
            ref,
            label,
        ),
        against(
            "start-up of a bare Textual app laid out like the home screen (no target)",
            shaped,
            ref,
            label,
        ),
        against(
            "start-up to home screen, warm, against that home-shaped app (no target)",
            warm,
            shaped,
            "bare Textual app shaped like home",
        ),
        against(
            "start-up to home screen, 80×24, ten years of sessions (3,650, 8.5 MB)",
            long,
            warm,
            "the warm start, no sessions",
        ),
        against(
            "start-up until home's preview shows (data file open), warm (no target)",
            starts["warm_ready"],
            ref,
            label,
        ),
        against(
            "start-up until home's preview shows, data file read first (no home copy; no target)",
            starts["uncopied_ready"],
            starts["warm_ready"],
            "the same, drawn first from home's copy",
        ),
        against(
            "start-up until home's preview shows (data file open), ten years (no target)",
            starts["long_ready"],
            starts["warm_ready"],
            "the same, no sessions",
        ),
    ]


def against(
    name: str,
    starts: list[float],
    reference: list[float],
    label: str,
    ratio_target: float | None = None,
) -> Figure:
    """One figure: the median of ``starts`` beside the median of ``reference``, in ms.

    Its ratio is paired round by round (see the module's docstring).
    """
    return Figure(
        name,
        statistics.median(starts) * 1000,
        "ms",
        reference=statistics.median(reference) * 1000,
        reference_label=label,
        ratio_target=ratio_target,
        paired_ratio=paired_ratio(starts, reference),
    )


def machine_ticks() -> tuple[int, int] | None:
    """Return (stolen, all) CPU ticks of the whole machine so far, or None without /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    ticks = [int(field) for field in fields[1:]]
    # user nice system idle iowait irq softirq steal [guest guest_nice, counted in user]
    return ticks[7], sum(ticks[:8])


def steal_figure(before: tuple[int, int] | None, after: tuple[int, int] | None) -> list[Figure]:
    """The share of CPU time the host took from this machine between two readings, if known."""
    if before is None or after is None or after[1] <= before[1]:
        return []
    share = 100 * (after[0] - before[0]) / (after[1] - before[1])
    name = "start-up rounds: CPU time the host took from this machine (steal; no target)"
    return [Figure(name, share, "%")]


def counted_kinds(scratch: Path) -> Kinds:
    """The starts to count in instructions, each as its timed start runs (after the rounds).

    The fresh start gets a data file and a library cache that do not exist;
    the warm one opens the first round's data file and cache, which that
    round's fresh start filled and whose first-run notice it acknowledged
    (its last start saved home's copy); the one that reads its data file
    first opens a copy of that data file, which has no home copy.
    """
    texts = home_texts()
    rows = str(scratch / HOME_ROWS)
    uncopied = round_db(scratch, "counted-uncopied")
    uncopied.parent.mkdir()
    shutil.copyfile(round_db(scratch, "run0"), uncopied)
    return {
        "reference": (["reference", "word"], [WORD], pty_env(scratch)),
        "fresh": (["app"], [FIRST_RUN], round_env(scratch, "counted")),
        "warm": (["app"], texts, round_env(scratch, "run0")),
        "uncopied": (["app"], texts, round_env(scratch, "counted-uncopied")),
        "shaped": (["reference", "home", rows], texts, pty_env(scratch)),
    }


def run() -> list[Figure]:
    """Measure start-up against the bare reference and return the figures."""
    with tempfile.TemporaryDirectory(prefix="unpinch-bench-") as folder:
        before = machine_ticks()
        starts = measure(Path(folder), runs())
        stolen = steal_figure(before, machine_ticks())
        found = parts(Path(folder) / "run0" / "unpinch.json", runs())
        counts = count_figures(counted_kinds(Path(folder)))
        return figures(starts) + stolen + breakdown(found, starts["warm"]) + counts
