"""Widgets take data in and post messages out: each works in a bare app with no store."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from functools import partial

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Digits, Static

from tests.factories import hold
from tests.fakes import catalog, exercise, routine
from unpinch.library.home_facts import strip_facts
from unpinch.tui.contrast import readable_variables
from unpinch.tui.screens.base import PALETTE_ROW, UnpinchScreen, help_row
from unpinch.tui.stylesheets import START_CSS, TUI
from unpinch.tui.widgets.history_strip import HistoryStrip
from unpinch.tui.widgets.hold_timer import HoldTimer, TimerView
from unpinch.tui.widgets.routine_preview import HURT_MARK, RoutinePreview


class Bare(App[None]):
    """An app holding one widget and remembering the messages it posts."""

    def __init__(self, widget: Static | RoutinePreview | HoldTimer) -> None:
        super().__init__()
        self.widget = widget
        self.opened = 0

    def compose(self) -> ComposeResult:
        """Just the widget."""
        yield self.widget

    def on_history_strip_open(self) -> None:
        """Count the strip's requests for the history."""
        self.opened += 1


def test_a_click_on_the_history_strip_posts_open_and_opens_nothing_itself() -> None:
    async def main() -> tuple[int, int]:
        strip = HistoryStrip()
        app = Bare(strip)
        async with app.run_test(size=(60, 5)) as pilot:
            strip.show(strip_facts([], [], []), date(2026, 1, 1))
            await pilot.click(HistoryStrip)
            await pilot.pause()
            return app.opened, len(app.screen_stack)

    assert asyncio.run(main()) == (1, 1)


def test_the_routine_preview_flags_exactly_the_marked_exercises_it_is_given() -> None:
    cat = catalog(exercise("a", hold(10)), exercise("b", hold(10)))

    async def main() -> str:
        app = Bare(RoutinePreview())
        async with app.run_test(size=(60, 20)) as pilot:
            preview = app.query_one(RoutinePreview)
            preview.show(routine(cat), cat, 60, marked={"b"})
            await pilot.pause()
            return str(preview.query_one("#preview-body", Static).content)

    lines = asyncio.run(main()).splitlines()
    flagged = [line for line in lines if HURT_MARK in line]
    assert len(flagged) == 1 and flagged[0].lstrip().startswith("2. B")


def test_the_hold_timer_redraws_only_the_parts_of_a_new_view_that_changed() -> None:
    first = TimerView("LEFT SIDE", "0:20", 0.0, "Set 1/1", "", "Next: rest", "hold")
    later = replace(first, digits="0:19", progress=0.05)

    async def main() -> tuple[list[str | None], bool, str]:
        timer = HoldTimer()
        app = Bare(timer)
        async with app.run_test(size=(40, 12)) as pilot:
            timer.show(first)
            await pilot.pause()
            updated: list[str | None] = []
            for part in timer.query(Static):
                part.update = partial(lambda name, *a, **k: updated.append(name), part.id)  # type: ignore[method-assign]
            timer.show(later)
            timer.show(later)  # an equal view changes nothing
            timer.flash("start")
            await pilot.pause()
            return updated, timer.has_class("-cue-start"), timer.query_one(Digits).value

    updated, flashing, digits = asyncio.run(main())
    assert updated == ["timer-bar"]  # the side, counter, state and next lines are left alone
    assert digits == "0:19"
    assert flashing


class Helped(UnpinchScreen):
    """A screen with one binding of its own and extra help rows around it."""

    BINDINGS = [
        Binding("x", "clear", "Clear", id="helped.clear"),
        Binding("question_mark", "help", "Help", key_display="?", id="helped.help"),
    ]
    HELP_BEFORE = (help_row("up,down", "Pick one", "↑/↓"),)
    HELP_AFTER = (PALETTE_ROW,)


def test_a_base_screen_lists_its_extra_rows_around_its_own_bindings_and_goes_back() -> None:
    async def main() -> tuple[str, int, int]:
        app = Bare(Static("home"))
        async with app.run_test(size=(60, 20)) as pilot:
            await app.push_screen(Helped())
            await pilot.press("question_mark")
            await pilot.pause()
            listed = " ".join(plain(app.screen.listed))  # type: ignore[attr-defined]
            await pilot.press("escape")
            before = len(app.screen_stack)
            app.screen.action_back()  # type: ignore[attr-defined]
            await pilot.pause()
            return listed, before, len(app.screen_stack)

    listed, before, after = asyncio.run(main())
    assert listed == "↑/↓ Pick one x Clear ? Help ctrl+p All actions (command palette)"
    assert (before, after) == (2, 1)


def plain(bindings: list[Binding]) -> list[str]:
    """Each help row as "keys description"."""
    return [f"{b.key_display or b.key} {b.description}" for b in bindings]


class StyledTimer(App[None]):
    """A hold timer alone, styled by the app's own style sheet, as wide as the player's panel."""

    CSS_PATH = [str(TUI / START_CSS), str(TUI / "styles" / "player.tcss")]

    def __init__(self, timer: HoldTimer) -> None:
        super().__init__()
        self.timer = timer

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and the readable text colours the style sheet uses."""
        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        return variables

    def compose(self) -> ComposeResult:
        """Just the timer, with the player's id so its rules apply."""
        self.timer.id = "hold-timer"
        yield self.timer


def test_a_new_second_and_a_cue_flash_touch_only_the_digits_cells() -> None:
    view = TimerView("LEFT SIDE", "0:20", 0.3, "Set 1/1", "", "Next: rest", "hold")

    async def main() -> tuple[int, int, list[str], list[str]]:
        timer = HoldTimer()
        app = StyledTimer(timer)
        async with app.run_test(size=(80, 24)) as pilot:
            timer.show(view)
            await pilot.pause()
            digits = timer.query_one(Digits)
            others = [w for w in timer.query(Static) if w.id not in ("timer-digits", "timer-big")]
            before = [str(w.styles.background) for w in [timer, *others]]
            timer.flash("tick")
            await pilot.pause()
            after = [str(w.styles.background) for w in [timer, *others]]
            lit = digits.styles.background != timer.styles.background
            return digits.region.width, timer.content_region.width, before, after if lit else []

    width, panel, before, after = asyncio.run(main())
    assert width <= 12 < panel  # "0:20" in Digits glyphs, not the panel's whole width
    assert after == before  # the flash lights the digits; the rest of the panel keeps its colours
