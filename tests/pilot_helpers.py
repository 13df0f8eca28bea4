"""Shared pieces for the pilot tests: a fake clock, a recording cue sink and a seeded store.

Every pilot test drives the real app through ``App.run_test`` with a fresh data
file under ``tmp_path``, a :class:`FakeClock` that only moves when the test says
so, and a fixed wall clock, so what the screens show never depends on when or
how fast the tests run. Pytest-asyncio is not used: :func:`drive` wraps the
pilot in ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.binding import Binding
from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from tests.e2e_helpers import sessions as sessions
from tests.factories import counted as counted
from tests.factories import hold as hold
from tests.factories import paced as paced
from tests.fakes import FakeClock
from unpinch.library.codec import routine_to_dict
from unpinch.library.config import Config
from unpinch.library.model import Dose, Routine, RoutineItem
from unpinch.library.store import Store
from unpinch.tui.app import UnpinchApp, make_app
from unpinch.tui.screens.player import PlayerScreen
from unpinch.tui.widgets.routine_list import RoutineList

SIZE = (80, 24)
WALL_NOW = datetime(2026, 11, 22, 8, 0, tzinfo=timezone(timedelta(hours=1)))
"""The fixed wall-clock time every pilot test runs at."""

ROUTINE_ID = "pilot-routine"
ROUTINE_NAME = "Pilot routine"


class RecordingCues:
    """A cue sink that remembers every cue it was asked to play, in order."""

    def __init__(self) -> None:
        self.played: list[str] = []
        self.closed = False

    @property
    def mode(self) -> str:
        return "off"

    @property
    def problem(self) -> str | None:
        return None

    def play(self, cue: str) -> None:
        self.played.append(cue)

    def close(self) -> None:
        self.closed = True


# The default routine: an each-side hold with a switch, a rest, counted reps,
# a rest and paced reps. With count_in_s=3 and switch_pause_s=2 its plan is
# count-in 3, hold 4, switch 2, hold 4, rest 3, count 3 reps, rest 3, reps 3 x 2 s.
DEFAULT_ITEMS: tuple[tuple[str, Dose], ...] = (
    ("lower-back-rotation", hold(4, rest_s=2)),
    ("squat", counted(3)),
    ("in-bed-knee-rocks", paced(3, 2.0)),
)
DEFAULT_SETTINGS: Mapping[str, Any] = {"count_in_s": 3, "switch_pause_s": 2, "first_run_ack": True}


def seed(
    db_path: Path,
    items: Sequence[tuple[str, Dose]] = DEFAULT_ITEMS,
    settings: Mapping[str, Any] = DEFAULT_SETTINGS,
    rest_between_s: int = 3,
) -> None:
    """Save a user routine of shipped exercises and some settings, then close the store."""
    routine = Routine(
        id=ROUTINE_ID,
        name=ROUTINE_NAME,
        items=tuple(RoutineItem(ex_id, dose) for ex_id, dose in items),
        rest_between_s=rest_between_s,
        builtin=False,
    )
    with Store.open(db_path) as store:
        store.save_routine(routine_to_dict(routine))
        for key, value in settings.items():
            store.set_setting(key, value)


@dataclass
class Rig:
    """The app under test with its clock, its cue sink and its data file."""

    app: UnpinchApp
    clock: FakeClock
    cues: RecordingCues
    db_path: Path
    extra: dict[str, Any] = field(default_factory=dict)


Body = Callable[[Pilot[int], Rig], Awaitable[None]]
"""A test's async part: it gets the pilot and the rig."""


def make_rig(db_path: Path, routine_id: str | None = None, config: Config | None = None) -> Rig:
    """Build the app on ``db_path`` with a fake clock, the fixed wall clock and recorded cues."""
    clock = FakeClock()
    cues = RecordingCues()
    app = make_app(
        db_path,
        sound="off",
        routine_id=routine_id,
        clock=clock,
        wall_clock=lambda: WALL_NOW,
        cues=cues,
        config=config,
    )
    return Rig(app, clock, cues, db_path)


def drive(rig: Rig, body: Body, size: tuple[int, int] = SIZE, *, toasts: bool = False) -> None:
    """Run the app headless at ``size`` and hand the pilot to ``body`` (``toasts``: drawn too)."""

    async def main() -> None:
        async with rig.app.run_test(size=size, notifications=toasts) as pilot:
            await pilot.pause()
            await body(pilot, rig)

    asyncio.run(main())


def player_of(app: UnpinchApp) -> PlayerScreen:
    """The player screen, wherever it sits in the stack."""
    found = [s for s in app.screen_stack if isinstance(s, PlayerScreen)]
    assert found, f"no player screen in {app.screen_stack}"
    return found[-1]


async def advance(pilot: Pilot[int], rig: Rig, seconds: float, step: float | None = None) -> None:
    """Move the fake clock ``seconds`` forward, waking the player after every ``step``.

    One wake at the end (the default) is enough for what the screen shows, since
    the player catches up with the clock; cues noticed more than 1.5 s late are
    shown but not sounded, so tests that listen to cues advance a second at a time.
    """
    left = seconds
    move_by = seconds if step is None else step
    while left > 1e-9:
        move = min(move_by, left)
        rig.clock.advance(move)
        left -= move
        screen = rig.app.screen
        if isinstance(screen, PlayerScreen):
            screen.wake()
        await pilot.pause(0)
    await pilot.pause()


async def press(pilot: Pilot[int], *keys: str) -> None:
    """Press keys; the pilot waits for the app to settle after them.

    Settling includes the player's redraw of a burst of keys, which comes up
    to a tenth of a second after the last of them.
    """
    await pilot.press(*keys)
    await pilot.pause(0)
    while isinstance(pilot.app.screen, PlayerScreen) and pilot.app.screen.wake_queued:
        await pilot.pause(0.01)
    await pilot.pause(0)


async def saves_settled(pilot: Pilot[int]) -> None:
    """Wait until the player's background saves asked for so far are written.

    Step saves are spaced apart on their own thread, so a test that reads the data
    file straight after a key waits for them first, as a second reader would.
    """
    saving = [w for w in pilot.app.workers if w.group == "saves" and not w.is_finished]
    if saving:
        await pilot.app.workers.wait_for_complete(saving)
    await pilot.pause(0)


def screen_text(app: UnpinchApp) -> str:
    """The current screen as plain text, one line per terminal row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def region_text(app: UnpinchApp, selector: str) -> str:
    """The text the terminal shows inside one widget's region, lines joined by spaces."""
    region = app.screen.query_one(selector).region
    strips = app.screen._compositor.render_strips()
    rows = strips[region.y : region.bottom]
    return flat(" ".join(strip.crop(region.x, region.right).text for strip in rows))


def widget_text(app: UnpinchApp, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    return str(app.screen.query_one(selector, Static).content)


def plain(renderable: object, width: int = 60) -> str:
    """Render a Rich renderable (text, table, grid) to plain text, whitespace squeezed."""
    buffer = io.StringIO()
    Console(width=width, file=buffer, color_system=None).print(renderable)
    return flat(buffer.getvalue())


def routine_rows(app: UnpinchApp) -> dict[str, str]:
    """Each entry of the home screen's routine list as one line of plain text, by id."""
    routines = app.screen.query_one(RoutineList)
    rows = {}
    for index in range(routines.option_count):
        option = routines.get_option_at_index(index)
        rows[option.id or ""] = plain(option.prompt)
    return rows


def shows_name(row: str, name: str) -> bool:
    """True when a routine list row shows ``name``, whole or cut short with an ellipsis."""
    if row.startswith(name):
        return True
    head, cut, _ = row.partition("…")
    return bool(cut) and len(head) >= 8 and name.startswith(head)


def modal_text(app: UnpinchApp) -> str:
    """Everything the Statics of the current (modal) screen say, wrapped lines rejoined."""
    return " ".join(plain(static.content) for static in app.screen.query(Static))


def binding_rows(bindings: Sequence[Binding | tuple[str, ...]]) -> list[str]:
    """The "key what-it-does" rows the help lists for these bindings."""
    return [
        flat(f"{b.key_display or b.key} {b.tooltip or b.description}")
        for b in bindings
        if isinstance(b, Binding) and b.description
    ]


def palette_title(bindings: Sequence[Binding | tuple[str, ...]], action: str) -> str:
    """The command palette title of the binding that runs ``action``."""
    for b in bindings:
        if isinstance(b, Binding) and b.action == action:
            return b.tooltip or b.description
    raise KeyError(action)


def notices(app: UnpinchApp) -> list[str]:
    """The messages of every notification the app is showing."""
    return [str(note.message) for note in app._notifications]


async def open_palette(pilot: Pilot[int], app: UnpinchApp, query: str = "") -> CommandList:
    """Open the command palette, type ``query`` and wait for its list of commands."""
    await press(pilot, "ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    if query:
        await press(pilot, *query)
    commands = app.screen.query_one(CommandList)
    for _ in range(50):
        if commands.option_count:
            break
        await pilot.pause(0.02)
    await pilot.pause(0.05)
    return commands


def palette_texts(commands: CommandList) -> list[str]:
    """The titles of the commands the palette lists."""
    texts = []
    for index in range(commands.option_count):
        option = commands.get_option_at_index(index)
        assert isinstance(option, Command)
        texts.append(str(option.hit.text))
    return texts


async def palette_entries(pilot: Pilot[int], app: UnpinchApp) -> list[str]:
    """Open the command palette and return the commands it lists before any typing."""
    return palette_texts(await open_palette(pilot, app))


async def run_from_palette(pilot: Pilot[int], app: UnpinchApp, title: str) -> None:
    """Find the command titled ``title`` in the palette, highlight it and press Enter."""
    commands = await open_palette(pilot, app, title)
    texts = palette_texts(commands)
    assert title in texts, texts
    for _ in range(texts.index(title) + 1):
        await press(pilot, "down")
    assert commands.highlighted == texts.index(title)
    await press(pilot, "enter")
    await pilot.pause()


def flat(text: str) -> str:
    """Text with every run of whitespace (padding, line ends) squeezed to one space."""
    return " ".join(text.split())
