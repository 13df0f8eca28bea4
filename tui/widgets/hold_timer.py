"""The hold timer: side, big digits, a progress bar, set and rep, and what comes next.

It redraws only what changed, so a hold costs a few bytes a second on the wire.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Static

from unpinch.library.plan import Step
from unpinch.library.player import Player

BAR_WIDTH = 26
SIDE_WORDS = {"left": "LEFT SIDE", "right": "RIGHT SIDE", "both": "BOTH SIDES"}


@dataclass(frozen=True)
class TimerView:
    """Everything the timer shows, so an unchanged view costs nothing to "redraw"."""

    side: str
    digits: str
    progress: float
    counter: str
    state: str
    up_next: str
    mode: str


def clock_text(seconds: float) -> str:
    """Seconds left as M:SS, rounded up so a hold never shows 0:00 while running."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def timer_view(player: Player) -> TimerView:
    """What the timer panel shows for the player's current step right now."""
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
    state = {"paused": "PAUSED", "ready": ""}.get(player.status, "")
    if step.kind == "reps" and step.counted and not state:
        state = "Press space for each rep"
    return TimerView(
        side=side_text(step),
        digits=digits,
        progress=progress,
        counter=counter,
        state=state,
        up_next=step.next_label,
        mode=step.kind,
    )


def side_text(step: Step) -> str:
    """The big side label: which side now, or what kind of pause this is."""
    if step.kind == "count_in":
        return "GET READY"
    if step.kind == "rest":
        return "REST"
    if step.kind == "switch":
        return "SWITCH SIDES"
    return SIDE_WORDS.get(step.side or "both", "")


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


class HoldTimer(Vertical, can_focus=False):
    """The right-hand panel of the player: give it a :class:`TimerView` with :meth:`show`."""

    view: reactive[TimerView | None] = reactive(None, repaint=False)
    """What the panel shows; equal views change nothing, and a new one redraws only its changes."""

    cue: reactive[str] = reactive("", repaint=False)
    """The cue being flashed ("" for none): colours the panel until the next redraw."""

    def compose(self) -> ComposeResult:
        """Side, digits, bar, counter, state, next."""
        yield Static(id="timer-side")
        yield Digits("0:00", id="timer-digits")
        yield Static(id="timer-bar")
        yield Static(id="timer-counter")
        yield Static(id="timer-state")
        yield Static(id="timer-next")

    def watch_view(self, old: TimerView | None, view: TimerView | None) -> None:
        """Update only the parts of the panel whose content changed."""
        if view is None:
            return
        if old is None or old.mode != view.mode:
            self.set_class(view.mode == "rest", "-rest")
            self.set_class(view.mode == "switch", "-switch")
            self.set_class(view.mode == "count_in", "-count-in")
        parts = (
            ("#timer-side", view.side, old and old.side),
            ("#timer-bar", bar_text(view.progress), old and bar_text(old.progress)),
            ("#timer-counter", view.counter, old and old.counter),
            ("#timer-state", view.state, old and old.state),
            ("#timer-next", view.up_next, old and old.up_next),
        )
        for selector, new, previous in parts:
            if new != previous:
                self.query_one(selector, Static).update(new)
        if old is None or old.digits != view.digits:
            self.query_one(Digits).update(view.digits)
        self.set_class(view.state == "PAUSED", "-paused")

    def watch_cue(self, old: str, cue: str) -> None:
        """Swap the cue colour classes."""
        if old:
            self.remove_class("-cue", f"-cue-{old}")
        if cue:
            self.add_class("-cue", f"-cue-{cue}")

    def show(self, view: TimerView) -> None:
        """Show this view (a view equal to the last one costs nothing)."""
        self.view = view

    def flash(self, kind: str) -> None:
        """Make a cue visible for muted terminals: colour the panel until the next redraw.

        The player redraws at least once a second, so the flash lasts up to a
        second; tying it to redraws rather than a wall-clock timer keeps it
        in step with the injected clock and costs no extra frames.
        """
        self.cue = kind

    def clear_flash(self) -> None:
        """Remove the cue colour, if any."""
        self.cue = ""
