"""The hold timer: side, big digits, a progress bar, set and rep, and what comes next.

During paced reps the progress bar gives way to the pace: the phase word and
a bar that sweeps through each rep (:mod:`unpinch.tui.widgets.rep_pace`), with
the tempo ("4 s a rep") under the rep count.

It redraws only what changed, so a hold costs a few bytes a second on the wire: the
digits are only as wide as their glyphs (centred by their row), so a new second
repaints the glyphs, not the blank cells beside them, and a cue's flash colours the
digits alone rather than the whole panel.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Static

from unpinch.library.describe import side_label, wrap_keeping_units
from unpinch.library.pace import tempo_text
from unpinch.library.plan import Step
from unpinch.library.player import Player
from unpinch.library.record import Record, record
from unpinch.tui.widgets.big_clock import BigClock, width_of
from unpinch.tui.widgets.rep_pace import PaceFeed, RepPace

BAR_WIDTH = 26
MODE_CLASSES = {"rest": "-rest", "switch": "-switch", "count_in": "-count-in"}
"""The class that names the kind of step the panel shows (holds and reps have none)."""
UNFLASHED_CUES = frozenset({"turn"})
"""Cues the panel does not light up for."""


@record
class TimerView(Record):
    """Everything the timer shows, so an unchanged view costs nothing to "redraw"."""

    side: str
    digits: str
    progress: float
    counter: str
    state: str
    up_next: str
    mode: str
    pace: PaceFeed | None = None
    """The set being paced (paced reps only): what the phase word and sweep follow."""
    tempo: str = ""
    """"4 s a rep" during paced reps, else empty."""


def clock_text(seconds: float) -> str:
    """Seconds left as M:SS, rounded up so a hold never shows 0:00 while running."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def timer_view(player: Player, sides: str = "both") -> TimerView:
    """What the timer panel shows for the player's current step right now.

    ``sides`` is the exercise's side model ("each", "alternating", "both"),
    which names the side label.
    """
    step = player.step
    remaining = player.remaining_s()
    duration = player.duration_s()
    progress = 0.0
    if remaining is not None and duration:
        progress = 1.0 - remaining / duration
    digits = clock_text(remaining or 0.0)
    counter = set_rep_text(step)
    if step.kind == "reps":
        done = player.reps_done()
        digits = str(min(done + (0 if step.counted else 1), step.reps))
        progress = done / step.reps if step.reps else 0.0
        counter = f"Rep {digits} of {step.reps}" + (f" · Set {step.set_no}/{step.sets}")
    pace: PaceFeed | None = None
    tempo = player.tempo_s()
    if step.kind == "reps" and tempo is not None:
        pace = PaceFeed(step.phases, tempo, step.reps, player.rep_position)
    state = {"paused": "PAUSED", "ready": ""}.get(player.status, "")
    if step.kind == "reps" and step.counted and not state:
        state = "Press space for each rep"
    return TimerView(
        side=side_text(step, sides),
        digits=digits,
        progress=progress,
        counter=counter,
        state=state,
        up_next=up_next_label(player),
        mode=step.kind,
        pace=pace,
        tempo=tempo_text(pace.tempo_s) if pace is not None else "",
    )


def up_next_label(player: Player) -> str:
    """What comes next: after a resumed session's count-in, the step it goes on with."""
    resume_at = player.resume_at
    if player.step.kind == "count_in" and resume_at:
        return player.plan.steps[resume_at - 1].next_label
    return player.step.next_label


def side_text(step: Step, sides: str = "both") -> str:
    """The big side label: which side now, or what kind of pause this is."""
    if step.kind == "count_in":
        return "GET READY"
    if step.kind == "rest":
        return "REST"
    if step.kind == "switch":
        return "SWITCH SIDES"
    return side_label(sides, step.side, step.affected)


def set_rep_text(step: Step) -> str:
    """Say "Set 1/2 · Hold 2/3" for holds; blank outside exercises."""
    if step.kind == "hold":
        return f"Set {step.set_no}/{step.sets} · Hold {step.rep_no}/{step.reps}"
    if step.kind in ("rest", "switch") and step.sets:
        return f"Set {step.set_no}/{step.sets}"
    return ""


def bar_text(progress: float, width: int = BAR_WIDTH) -> str:
    """A progress bar of ``width`` cells using full and half blocks."""
    halves = round(max(0.0, min(1.0, progress)) * width * 2)
    full, half = divmod(halves, 2)
    return ("█" * full + ("▌" if half else "")).ljust(width, "·")


BIG_FROM_ROWS = {2: 40, 1: 30}
"""The terminal height from which the clock is drawn at each scale of the big font."""


def clock_scale(text: str, width: int, rows: int) -> int:
    """The largest scale of the big clock that fits ``width`` and ``rows``; 0 for Digits."""
    for scale, needed_rows in BIG_FROM_ROWS.items():
        if rows >= needed_rows and width_of(text, scale) <= width:
            return scale
    return 0


class HoldTimer(Vertical, can_focus=False):
    """The right-hand panel of the player: give it a :class:`TimerView` with :meth:`show`."""

    view: reactive[TimerView | None] = reactive(None, repaint=False)
    """What the panel shows; equal views change nothing, and a new one redraws only its changes."""

    cue: str = ""
    """The cue being flashed ("" for none): colours the panel until the next redraw."""

    bar_width: int = BAR_WIDTH
    """Cells of the progress bar: the panel's width once it has been laid out."""

    def compose(self) -> ComposeResult:
        """Side, digits, bar, counter, state, next."""
        yield Static(id="timer-side")
        with Center(
            id="timer-digits-row"
        ):  # as wide as the digits: a new second repaints only them
            yield Digits("0:00", id="timer-digits")
        yield BigClock(id="timer-big")
        yield Static(id="timer-bar")
        yield RepPace(id="timer-pace")
        yield Static(id="timer-counter")
        yield Static(id="timer-tempo")
        yield Static(id="timer-state")
        yield Static(id="timer-next")

    def watch_view(self, old: TimerView | None, view: TimerView | None) -> None:
        """Update only the parts of the panel whose content changed."""
        if view is None:
            return
        parts = (
            ("#timer-side", view.side, old and old.side),
            ("#timer-bar", self.bar(view), old and self.bar(old)),
            ("#timer-counter", view.counter, old and old.counter),
            ("#timer-tempo", view.tempo, old and old.tempo),
            ("#timer-state", view.state, old and old.state),
        )
        for selector, new, previous in parts:
            if new != previous:
                self.query_one(selector, Static).update(Text(new))
        if old is None or old.up_next != view.up_next:
            self.draw_next()
        if old is None or old.digits != view.digits:
            self.query_one(Digits).update(view.digits)
        self.draw_big()
        self.restyle()

    def draw_next(self) -> None:
        """What comes next, wrapped so that no number is parted from its unit."""
        shown = self.query_one("#timer-next", Static)
        text = self.view.up_next if self.view is not None else ""
        shown.update(Text(wrap_keeping_units(text, shown.content_region.width)))

    def bar(self, view: TimerView) -> str:
        """The progress bar of ``view`` as wide as the panel."""
        return bar_text(view.progress, self.bar_width)

    def draw_big(self) -> None:
        """Show the time in large digits when the room allows, else in the compact ones."""
        if self.view is None:
            return
        width = self.content_region.width
        scale = clock_scale(self.view.digits, width, self.screen.size.height)
        big = self.query_one(BigClock)
        big.display = scale > 0
        self.query_one(Digits).display = scale == 0
        if scale:
            big.show(self.view.digits, scale)

    def on_resize(self) -> None:
        """Fit the bar, the digits and what comes next to the new size."""
        self.call_after_refresh(self.refit)

    def refit(self) -> None:
        """Redraw the parts whose shape depends on the panel's size."""
        self.bar_width = max(BAR_WIDTH, self.query_one("#timer-bar").content_region.width)
        if self.view is not None:
            self.query_one("#timer-bar", Static).update(self.bar(self.view))
        self.draw_big()
        self.draw_next()

    def modifier_classes(self) -> set[str]:
        """The classes that colour the panel for its step kind, a pause and a flashed cue."""
        view = self.view
        wanted = set()
        if view is not None and view.mode in MODE_CLASSES:
            wanted.add(MODE_CLASSES[view.mode])
        if view is not None and view.state == "PAUSED":
            wanted.add("-paused")
        if view is not None and view.pace is not None:
            wanted.add("-paced")
        if self.cue:
            wanted |= {"-cue", f"-cue-{self.cue}"}
        return wanted

    def restyle(self) -> None:
        """Swap the modifier classes in one go, so a change restyles the panel once at most.

        Each class change makes Textual apply the stylesheet to the panel and
        all it holds; adding and removing classes one by one did that several
        times a step, which a held-down step key turned into most of a core.
        """
        managed = {*MODE_CLASSES.values(), "-paused", "-paced", "-cue"}
        current = {name for name in self.classes if name in managed or name.startswith("-cue-")}
        wanted = self.modifier_classes()
        if current == wanted:
            return
        self.remove_class(*(current - wanted), update=False)
        self.add_class(*(wanted - current), update=False)
        self.update_node_styles()

    def show(self, view: TimerView, cue: str | None = None) -> None:
        """Show this view (a view equal to the last one costs nothing), and follow its pace.

        A cue given here (one the panel lights up for) is swapped in with the
        view's own classes, in one restyle.
        """
        if cue is not None:
            self.cue = "" if cue in UNFLASHED_CUES else cue
        self.view = view
        self.query_one(RepPace).follow(view.pace)
        self.restyle()

    def flash(self, kind: str) -> None:
        """Make a cue visible for muted terminals: colour the panel until the next redraw.

        The player redraws at least once a second, so the flash lasts up to a
        second; tying it to redraws rather than a wall-clock timer keeps it
        in step with the injected clock and costs no extra frames. The turns
        inside a paced rep are not flashed: the phase word changing is their
        sign, and lighting the whole panel two or three times a rep would be
        flicker (and a repaint of the panel each time).
        """
        if kind in UNFLASHED_CUES:
            return
        self.cue = kind
        self.restyle()

    def clear_flash(self) -> None:
        """Remove the cue colour, if any."""
        self.flash("")
