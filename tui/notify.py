"""Desktop notifications written to the terminal: OSC 777, OSC 9, kitty's OSC 99, or a bell.

Over SSH the terminal is the one thing on the user's own machine, so a
notification is an escape sequence that their terminal turns into a desktop
pop-up. Inside tmux each sequence is wrapped for passthrough (``ESC P tmux;``
with every inner ESC doubled; tmux needs ``allow-passthrough on``), inside GNU
screen in its DCS form. ``auto`` reads the environment to pick a form.

A notification only matters when the user is not looking: where the terminal
reports focus, nothing is sent while the window has focus; where it never
reports it, every notification is sent.

This module has no textual import; the app hands in a function that writes raw
text to its terminal, so tests can capture the exact bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal

from unpinch.library.record import Record, record
from unpinch.library.settings import NOTIFY_FORMS

Form = Literal["osc777", "osc9", "osc99", "bell", "off"]
"""How a notification is written, once ``auto`` has been resolved."""

Wrap = Literal["none", "tmux", "screen"]
"""Which multiplexer, if any, the sequence has to pass through."""

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
MAX_TEXT = 160
"""Longest title or body sent; terminals and screen's DCS buffer have limits."""
KITTY_ID = "unpinch"
"""kitty replaces a notification with the same id, so a stale one never lingers."""

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f;]+")
"""Control characters (C0, DEL, C1) and the field separator ``;``."""


@record
class Notice(Record):
    """One notification: a short title and a one-line body, both the product's own words."""

    title: str
    body: str


@record
class FormChoice(Record):
    """The resolved form, the multiplexer wrapping, and what ``auto`` went by (if it chose)."""

    form: Form
    wrap: Wrap
    reason: str = ""

    def describe(self) -> str:
        """A few words for the settings screen, e.g. "osc777 (unknown terminal) through tmux"."""
        if self.form == "off":
            return "off"
        through = {"tmux": " through tmux", "screen": " through screen", "none": ""}[self.wrap]
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.form}{why}{through}"


def clean(text: str) -> str:
    """Make text safe inside any form: no control characters, no ``;``, one short line."""
    flat = _UNSAFE.sub(lambda m: ", " if ";" in m.group() else " ", text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= MAX_TEXT else flat[: MAX_TEXT - 1].rstrip() + "…"


def sequences(form: Form, notice: Notice, terminator: str = BEL) -> list[str]:
    """The escape sequences that show ``notice`` in ``form``, unwrapped.

    ``terminator`` ends each OSC; kitty's own examples use ST, and inside GNU
    screen only BEL works (an ST would close screen's DCS early).
    """
    title, body = clean(notice.title), clean(notice.body)
    if form == "osc777":
        return [f"{ESC}]777;notify;{title};{body}{terminator}"]
    if form == "osc9":
        return [f"{ESC}]9;{title}: {body}{terminator}"]
    if form == "osc99":
        return [
            f"{ESC}]99;i={KITTY_ID}:d=0;{title}{terminator}",
            f"{ESC}]99;i={KITTY_ID}:d=1:p=body;{body}{terminator}",
        ]
    if form == "bell":
        return [BEL]
    return []


def wrapped(sequence: str, wrap: Wrap) -> str:
    """Wrap one sequence for tmux passthrough or GNU screen's DCS; a bare bell needs none."""
    if wrap == "none" or sequence == BEL:
        return sequence
    if wrap == "tmux":
        return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"
    return f"{ESC}P{sequence}{ST}"


def encode(choice: FormChoice, notice: Notice) -> str:
    """Everything to write to the terminal for ``notice`` with this choice of form."""
    terminator = BEL if choice.wrap == "screen" or choice.form != "osc99" else ST
    return "".join(wrapped(s, choice.wrap) for s in sequences(choice.form, notice, terminator))


def multiplexer(env: Mapping[str, str]) -> Wrap:
    """Name the multiplexer to wrap for: tmux when ``TMUX`` is set, screen for ``STY``."""
    if env.get("TMUX"):
        return "tmux"
    if env.get("STY"):
        return "screen"
    return "none"


def terminal_form(env: Mapping[str, str]) -> tuple[Form, str]:
    """Guess the form the outer terminal understands, and name the hint that decided it.

    tmux sets ``TERM_PROGRAM=tmux`` itself, which says nothing of the terminal
    around it, so that value is passed over; ``LC_TERMINAL`` (iTerm2 sets it,
    and ssh sends ``LC_*`` by default) and ``KITTY_WINDOW_ID`` survive both.
    """
    program = env.get("TERM_PROGRAM", "")
    if env.get("KITTY_WINDOW_ID") or env.get("TERM") == "xterm-kitty":
        return "osc99", "kitty"
    if program == "iTerm.app" or env.get("LC_TERMINAL") == "iTerm2":
        return "osc9", "iTerm2"
    if program == "Apple_Terminal":
        return "bell", "Terminal.app shows no OSC notifications"
    if program in ("WezTerm", "ghostty"):
        return "osc777", program
    return "osc777", "unknown terminal"


def choose_form(requested: str, env: Mapping[str, str]) -> FormChoice:
    """Resolve ``requested`` (a ``NOTIFY_FORMS`` value) against the environment."""
    if requested not in NOTIFY_FORMS:
        raise ValueError(f"unknown notify form {requested!r}; use one of {', '.join(NOTIFY_FORMS)}")
    wrap = multiplexer(env)
    if requested == "auto":
        form, reason = terminal_form(env)
        return FormChoice(form, wrap, reason)
    explicit: Form = requested  # type: ignore[assignment]
    return FormChoice(explicit, wrap)


class Notifier:
    """Sends notices to the terminal, but only while its window is not focused.

    ``focused`` is None until the terminal reports focus at all; then every
    notice is sent, because nothing says the user is looking. ``write`` must
    run on the app thread (the app's driver write). A failing write is kept
    in ``problem`` and never raised: a notification is never worth a session.
    """

    def __init__(self, choice: FormChoice, write: Callable[[str], None]) -> None:
        self.choice = choice
        self.focused: bool | None = None
        self.problem: str | None = None
        self.sent: int = 0
        self._write = write

    def focus_changed(self, focused: bool) -> None:
        """Remember the terminal's latest focus report."""
        self.focused = focused

    def send(self, notice: Notice) -> bool:
        """Write ``notice`` unless it is off or the window has focus; True if written."""
        if self.choice.form == "off" or self.focused:
            return False
        try:
            self._write(encode(self.choice, notice))
        except Exception as error:
            self.problem = f"Could not send a notification: {error}"
            return False
        self.sent += 1
        return True
