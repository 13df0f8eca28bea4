"""The bare reference programs the app's figures are measured against.

Run as a script with the same interpreter as the app, so both pay the same
start-up and library costs::

    python bench/reference_apps.py word            # a Textual app that paints one word
    python bench/reference_apps.py home FILE       # a screen shaped like unpinch's home
    python bench/reference_apps.py digits 1        # a Digits countdown redrawn at 1 Hz
    python bench/reference_apps.py bells FILE      # BELs at the times listed in FILE

This file imports nothing from unpinch: it is what a minimal program doing the
same job costs.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import sys
import time

WORD = "Ready"
"""The one word the start-up reference paints."""
WORD_LABEL = "bare Textual app, one word"
"""How the figures name that reference."""

COUNTDOWN_S = 600.0
"""How long the Digits countdown runs; longer than any measurement."""


def countdown_text(remaining_s: float, hz: float) -> str:
    """Show time left as M:SS, or M:SS.t when redrawn faster than once a second.

    Rounded up, like a hold timer, so each redraw at ``hz`` shows a new value.
    """
    if hz <= 1:
        whole = max(0, math.ceil(remaining_s - 1e-9))
        return f"{whole // 60}:{whole % 60:02d}"
    tenths = max(0, math.ceil(remaining_s * 10 - 1e-9))
    seconds, tenth = divmod(tenths, 10)
    return f"{seconds // 60}:{seconds % 60:02d}.{tenth}"


def read_times(path: str) -> list[float]:
    """Read one time in seconds per line (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return [float(line) for line in handle if line.strip()]


def run_word() -> None:
    """Run a bare Textual app whose only content is ``WORD``."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class WordApp(App[None]):
        """One word on an otherwise empty screen."""

        def compose(self) -> ComposeResult:
            """Yield the word."""
            yield Static(WORD)

    WordApp().run()


HOME_CSS = """
#title { height: 1; width: 100%; text-align: center; background: $panel; }
#panes { height: 1fr; }
#left { width: 45%; min-width: 34; border-right: tall $panel; }
#left-title { text-style: bold; padding: 0 1; }
#routines { height: 1fr; border: none; padding: 0; }
#right { width: 1fr; padding: 0 1; }
#strip { height: 16%; min-height: 4; padding: 0 1; border-top: solid $panel; }
"""
"""Roughly the home screen's layout: two panes, a list, a strip below."""


def run_home(path: str) -> None:
    """Run a bare Textual app laid out like unpinch's home screen, from rows in ``path``.

    ``path`` holds a JSON list of ``[name, duration, last]`` rows, the routines
    the real home screen lists. Like it, the list shows two lines a routine,
    and the footer is mounted after the first frame. Nothing is read from
    unpinch: this is what Textual alone costs to draw such a screen.
    """
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Footer, OptionList, Static
    from textual.widgets.option_list import Option

    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)

    def option(name: str, duration: str, last: str) -> Option:
        """One two-line entry, name and duration, then when it was last done."""
        prompt = Text(" ")
        prompt.append(name, style="bold")
        prompt.append(" " * max(1, 32 - len(name) - len(duration)))
        prompt.append(duration, style="dim")
        prompt.append(f"\n   {last}", style="dim italic")
        return Option(prompt)

    class HomeShapedApp(App[None]):
        """A title, a list pane, a preview pane and a strip, with a footer a frame later."""

        CSS = HOME_CSS

        def compose(self) -> ComposeResult:
            """Yield the title, the panes and the strip."""
            yield Static("A title line", id="title")
            with Horizontal(id="panes"):
                with Vertical(id="left"):
                    yield Static("Routines", id="left-title")
                    yield OptionList(*(option(*row) for row in rows), id="routines")
                with Vertical(id="right"):
                    yield Static("", id="preview")
                    yield Static("", id="more")
            yield Static("Streak: 0 days", id="strip")

        def on_mount(self) -> None:
            """Focus the list; add the footer after the first frame."""
            self.query_one(OptionList).focus()
            self.call_after_refresh(self.mount, Footer())

    HomeShapedApp().run()


def run_digits(hz: float) -> None:
    """Run a bare Textual app with a ``Digits`` countdown redrawn ``hz`` times a second."""
    from textual.app import App, ComposeResult
    from textual.widgets import Digits

    class CountdownApp(App[None]):
        """A countdown from a monotonic deadline, like a hold timer without the rest."""

        def compose(self) -> ComposeResult:
            """Yield the digits."""
            yield Digits(countdown_text(COUNTDOWN_S, hz))

        def on_mount(self) -> None:
            """Start the countdown and its interval timer."""
            self.deadline = time.monotonic() + COUNTDOWN_S
            self.set_interval(1.0 / hz, self.tick)

        def tick(self) -> None:
            """Redraw the digits from the deadline."""
            left = self.deadline - time.monotonic()
            self.query_one(Digits).update(countdown_text(left, hz))

    CountdownApp().run()


async def ring_bells(times: list[float]) -> None:
    """Write one BEL to stdout at each time (seconds after start) on an asyncio loop."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    done = loop.create_future()

    def ring(last: bool) -> None:
        os.write(sys.stdout.fileno(), b"\x07")
        if last:
            done.set_result(None)

    for number, at in enumerate(times, start=1):
        loop.call_at(start + at, ring, number == len(times))
    if times:
        await done
    await asyncio.sleep(3600)


def main(argv: list[str]) -> int:
    """Run the reference program named by ``argv[0]``."""
    if argv[:1] == ["word"]:
        run_word()
    elif argv[:1] == ["home"] and len(argv) == 2:
        run_home(argv[1])
    elif argv[:1] == ["digits"] and len(argv) == 2:
        run_digits(float(argv[1]))
    elif argv[:1] == ["bells"] and len(argv) == 2:
        asyncio.run(ring_bells(read_times(argv[1])))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
