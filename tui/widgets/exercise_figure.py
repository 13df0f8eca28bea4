"""The figure pane: a drawn exercise, still through a hold, moving at the rep's pace.

The widget takes a :class:`FigureDrawing` in and draws it at whatever size
the layout gives it, so it grows on a larger terminal. During a paced rep it
redraws only when the frame changes (a few times a second at most) and reads
the moment from the ``elapsed`` callable it is given, the player's clock, so
a pause freezes the figure and nothing drifts.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping

from rich.style import Style as RichStyle
from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from unpinch.library.codec import CatalogError
from unpinch.library.figures.data import load_figures
from unpinch.library.figures.draw import FigureBook, FigureDrawing
from unpinch.library.figures.grid import Grid, Style, style_for
from unpinch.library.figures.motion import frame_index, frame_phase, next_frame_in
from unpinch.library.plan import Step
from unpinch.tui.glyphs import FIGURE_STYLE_ENV

STYLE_ENV = FIGURE_STYLE_ENV
"""braille, blocks or ascii: how figures are drawn (default: ASCII on the Linux console)."""
MIN_ROWS = 3
MIN_COLS = 12
ROLE_CLASSES = ("floor", "prop", "far", "body", "work")
FIGURE_HIDDEN_KEY = "figure_hidden"
"""The stored setting that remembers the player's figure was hidden with its key."""
PAUSED_LOOK_S = 0.25
"""How often a moving figure checks the clock while its frame stands still (paused)."""
FRAME_LAG_S = 0.03
"""Frames are drawn this long after they are due: a rep's first frame falls on the moment its
cue rings, and drawing it then would make the cue wait. The player draws that frame itself,
just after the bell; 30 ms late is not to be seen in a figure moving a few frames a second."""


def figure_style(environ: Mapping[str, str] = os.environ) -> Style:
    """The character style for this terminal: the environment's choice, else by TERM."""
    return style_for(environ.get("TERM"), environ.get(STYLE_ENV, "auto"))


class ExerciseFigure(Static, can_focus=False):
    """Draws one figure, still or moving, coloured by role from the theme."""

    COMPONENT_CLASSES = {f"exercise-figure--{role}" for role in ROLE_CLASSES}

    DEFAULT_CSS = """
    ExerciseFigure { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None, style: Style | None = None) -> None:
        super().__init__(id=id)
        self.drawing: FigureDrawing | None = None
        self.pose = "end"
        self.tempo_s: float | None = None
        self.elapsed: Callable[[], float] | None = None
        self.char_style: Style = style or figure_style()
        self.style_given = style is not None
        self.ticker: Timer | None = None
        self.drawn: tuple[object, ...] = ()
        self.last_elapsed: float | None = None
        """The player's moment at the last redraw, to tell a paused clock from a moving one."""

    def show_still(self, drawing: FigureDrawing | None, pose: str) -> None:
        """Hold one pose (``start`` while getting ready, the hold pose during a hold)."""
        self._stop()
        self.drawing, self.pose, self.tempo_s, self.elapsed = drawing, pose, None, None
        self.redraw()

    def show_moving(
        self, drawing: FigureDrawing, tempo_s: float, elapsed: Callable[[], float]
    ) -> None:
        """Move through one rep every ``tempo_s`` seconds, at the moment ``elapsed`` gives."""
        if self.drawing is drawing and self.tempo_s == tempo_s and self.elapsed is not None:
            self.elapsed = elapsed
            self.redraw()  # catch up with the clock now; sends nothing if the frame is the same
            return
        self._stop()
        self.drawing, self.tempo_s, self.elapsed = drawing, tempo_s, elapsed
        self.redraw()

    def on_mount(self) -> None:
        """Draw in ASCII when the app shows plain glyphs (braille is not in the console's font)."""
        if not self.style_given and getattr(self.app, "glyphs", "") == "plain":
            self.char_style = style_for("linux", os.environ.get(STYLE_ENV, "auto"))

    def on_resize(self) -> None:
        """Draw again at the new size."""
        self.drawn = ()
        self.redraw()

    def on_unmount(self) -> None:
        """Stop the frame timer."""
        self._stop()

    def _stop(self) -> None:
        """Cancel a pending frame."""
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None

    def _tick(self) -> None:
        """A frame is due: draw it and wait for the next."""
        self.ticker = None
        self.redraw()

    def redraw(self) -> None:
        """Draw the current frame if it differs from what is on screen."""
        size = self.content_region.size
        cols, rows = size.width, size.height
        if self.drawing is None or cols < MIN_COLS or rows < MIN_ROWS:
            self._update_if_new(("blank",), Text())
            return
        if self.tempo_s is None or self.elapsed is None:
            key: tuple[object, ...] = ("still", id(self.drawing), self.pose, cols, rows)
            self._update_if_new(key, lambda: self.drawing_still(cols, rows))
            return
        elapsed = self.elapsed()
        frame = frame_index(elapsed, self.tempo_s)
        key = ("frame", id(self.drawing), frame % 10_000, cols, rows)
        phase = frame_phase(frame, self.tempo_s)
        self._update_if_new(key, lambda: self.drawing_moving(phase, cols, rows))
        moving, self.last_elapsed = elapsed != self.last_elapsed, elapsed
        if self.ticker is None:
            # A clock that did not move means the player is paused: look again calmly.
            due = next_frame_in(elapsed, self.tempo_s) + FRAME_LAG_S if moving else PAUSED_LOOK_S
            self.ticker = self.set_timer(max(0.02, due), self._tick)

    def drawing_still(self, cols: int, rows: int) -> Text:
        """The held pose as coloured text."""
        assert self.drawing is not None
        return self.coloured(self.drawing.still(self.pose, cols, rows, self.char_style))

    def drawing_moving(self, phase: float, cols: int, rows: int) -> Text:
        """The frame at ``phase`` of a rep as coloured text."""
        assert self.drawing is not None
        return self.coloured(self.drawing.moving(phase, cols, rows, self.char_style))

    def _update_if_new(self, key: tuple[object, ...], content: Text | Callable[[], Text]) -> bool:
        """Send the frame to the terminal only when it changed; say whether it did."""
        if key == self.drawn:
            return False
        self.drawn = key
        self.update(content() if callable(content) else content, layout=False)
        return True

    def coloured(self, grid: Grid) -> Text:
        """The grid's characters, each run coloured by the role that drew it.

        A blank cell joins the run before it (a space looks the same in any
        colour), so each row costs as few colour changes on the wire as it can.
        """
        styles: dict[str, RichStyle] = {
            role: self.get_component_rich_style(f"exercise-figure--{role}", partial=True)
            for role in ROLE_CLASSES
        }
        text = Text(no_wrap=True, overflow="crop")
        for n, (row, roles) in enumerate(zip(grid.rows, grid.roles, strict=True)):
            if n:
                text.append("\n")
            for chars, role in runs(row, roles):
                text.append(chars, styles[role] if role else None)
        return text


def runs(row: str, roles: tuple[str | None, ...]) -> list[tuple[str, str | None]]:
    """Split a row into (characters, role) runs, letting blank cells join the run before."""
    out: list[tuple[str, str | None]] = []
    current: str | None = None
    start = 0
    for i, role in enumerate(roles):
        if role is None or role == current:
            continue
        if i > start:
            out.append((row[start:i], current))
        current, start = role, i
    out.append((row[start:], current))
    return [(chars, role) for chars, role in out if chars]


COUNTED_TEMPO_S = 4.0
"""The pace a figure shows for reps the user counts at their own pace."""


@functools.cache
def figure_book() -> FigureBook:
    """The built-in figures, loaded once; a broken figures file shows no figures, not an error.

    ``unpinch figures`` and the tests report what is wrong with the file.
    """
    try:
        return FigureBook(load_figures())
    except CatalogError:
        return FigureBook({})


def show_step(
    widget: ExerciseFigure,
    step: Step,
    upcoming: Step | None,
    exercise_id: str,
    elapsed: Callable[[], float],
    tempo_s: float | None = None,
) -> None:
    """Show what a step asks for: the hold pose, a moving rep, or the start pose to get into.

    ``tempo_s`` is the rep's tempo now, when ``+``/``-`` have changed the plan's.
    """
    book = figure_book()
    if step.kind in ("hold", "reps"):
        drawing = book.drawing(exercise_id, step.side)
        if drawing is not None and step.kind == "reps" and not drawing.figure.still:
            widget.show_moving(drawing, tempo_s or step.tempo_s or COUNTED_TEMPO_S, elapsed)
            return
        widget.show_still(drawing, drawing.figure.hold if drawing else "end")
        return
    side = upcoming.side if upcoming is not None else None
    widget.show_still(book.drawing(exercise_id, side), "start")
