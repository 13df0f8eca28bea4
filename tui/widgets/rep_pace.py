"""The pace of a paced rep: the phase word shown large and a bar that sweeps through each rep.

The timer panel's digits say which rep it is; this widget says where in the
rep the body should be ("LIFT", "LOWER") and how far through it, so someone
glancing up mid-rep can fall in with the pace. It moves by itself, like the
drawn figure: it reads the rep position from the callable it is given (the
player's, so the injected clock) and sets one timer for the next moment its
text changes — the next step of the sweep or the next turn, whichever comes
first. The sweep moves at most :data:`SWEEP_HZ` times a second, and only
the row that changed is redrawn, so a paced set costs a few hundred bytes a
second on the wire.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static

from unpinch.library.pace import Phase, phase_at_position, turn_points
from unpinch.library.record import Record, record

SWEEP_HZ = 4.0
"""Most steps a second the sweep takes: smooth to the eye, cheap on the wire."""
PAUSED_LOOK_S = 0.5
"""While the position stands still (paused), how often to look whether it moves again."""
SWEEP_WIDTH = 26
TURN_MARK = "╎"
"""Where a new phase begins, on the part of the sweep still to come."""


@record
class PaceFeed(Record):
    """What the widget follows: the rep's phases, its tempo and where the set is now.

    ``position`` returns the rep position (2.25 = a quarter into rep 3); two
    feeds of the same player compare equal, so an unchanged feed costs nothing.
    """

    phases: tuple[Phase, ...]
    tempo_s: float
    reps: int
    position: Callable[[], float]


def sweep_text(fraction: float, width: int, turns: Sequence[float] = ()) -> str:
    """A bar ``fraction`` of the way through a rep, with a mark where each later phase begins.

    Half cells are counted down (a half cell shows once it has been passed),
    so the same point of a rep draws the same bar at any tempo.
    """
    halves = math.floor(max(0.0, min(1.0, fraction)) * width * 2 + 1e-9)
    full, half = divmod(halves, 2)
    cells = list("█" * full + ("▌" if half else "")) + ["·"] * (width - full - half)
    for turn in turns:
        cell = min(width - 1, math.floor(turn * width))
        if cell >= full + half:
            cells[cell] = TURN_MARK
    return "".join(cells[:width])


def word_text(name: str) -> str:
    """The phase word as it is shown: capitals, spaced out so that it reads from afar."""
    return "  ".join(" ".join(word) for word in name.upper().split())


@record
class PaceLook(Record):
    """What the widget shows at one moment, and the rep position of its next change."""

    word: str
    sweep: str
    next_change: float | None


def pace_look(feed: PaceFeed, width: int, position: float) -> PaceLook:
    """The word and sweep at ``position``, and the position at which to look again.

    That is the next turn, or the next half cell of the sweep but no sooner
    than :data:`SWEEP_HZ` allows (a quick rep skips half cells rather than
    redraw more often), whichever comes first.
    """
    if position >= feed.reps:
        last = phase_at_position(feed.phases, feed.reps - 1e-9)
        return PaceLook(word_text(last.name), sweep_text(1.0, width), None)
    at = phase_at_position(feed.phases, position)
    turns = turn_points(feed.phases)
    cell = (math.floor(at.fraction * width * 2 + 1e-9) + 1) / (width * 2)
    soonest = at.fraction + 1.0 / (feed.tempo_s * SWEEP_HZ)
    later = [t for t in turns if t > at.fraction]
    next_change = at.rep + min([*later, max(cell, soonest), 1.0])
    return PaceLook(word_text(at.name), sweep_text(at.fraction, width, turns), next_change)


class RepPace(Vertical, can_focus=False):
    """The phase word and the in-rep sweep; give it a :class:`PaceFeed` with :meth:`follow`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.feed: PaceFeed | None = None
        self.ticker: Timer | None = None
        self.shown: tuple[str, str] = ("", "")
        self.last_position = -1.0

    def compose(self) -> ComposeResult:
        """The word above the sweep."""
        yield Static(id="pace-word")
        yield Static(id="pace-sweep")

    def follow(self, feed: PaceFeed | None) -> None:
        """Follow this set (None: stop), redrawing at once if what it shows has changed."""
        self.feed = feed
        self.redraw()

    def on_unmount(self) -> None:
        """Stop the timer."""
        self._stop()

    def _stop(self) -> None:
        """Cancel the pending redraw, if any."""
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None

    def redraw(self) -> None:
        """Show the word and sweep for the position now, and set the timer for the next change."""
        self._stop()
        if self.feed is None:
            return
        feed = self.feed
        width = max(SWEEP_WIDTH, self.content_region.width)
        position = feed.position()
        look = pace_look(feed, width, position)
        self._update((look.word, look.sweep))
        moved = position != self.last_position
        self.last_position = position
        if look.next_change is None:
            return
        due = (look.next_change - position) * feed.tempo_s if moved else PAUSED_LOOK_S
        self.ticker = self.set_timer(max(0.02, due), self.redraw)

    def _update(self, shown: tuple[str, str]) -> None:
        """Write only the rows whose text changed."""
        word, sweep = shown
        # One row each, whatever the text: no layout pass, just the row repainted.
        if word != self.shown[0]:
            self.query_one("#pace-word", Static).update(Text(word), layout=False)
        if sweep != self.shown[1]:
            self.query_one("#pace-sweep", Static).update(Text(sweep), layout=False)
        self.shown = shown

    def on_resize(self) -> None:
        """Fit the sweep to the new width."""
        self.call_after_refresh(self.redraw)
