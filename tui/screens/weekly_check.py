"""The weekly check: red-flag questions first, then the outcome questions, all skippable.

Red flags come first because a "yes" matters more than any score: it stops the check and
shows the urgent-care page before anything else. The outcome questions are the Sciatica
Bothersomeness Index (four symptoms, 0–6), the Patient-Specific Functional Scale (up to three
activities the person names, 0–10) and how many minutes they can sit and walk at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from unpinch.library.recovery import (
    PSFS_ACTIVITIES,
    PSFS_MAX,
    RED_FLAG_QUESTIONS,
    SBI_MAX,
    WeeklyCheck,
)
from unpinch.tui.screens.footer import compact_footer
from unpinch.tui.screens.safety import SafetyScreen
from unpinch.tui.widgets.pain_scale import ChoiceRow, PainScale

SBI_SHORT = {
    "leg_pain": "Leg pain",
    "numbness": "Numbness",
    "weakness": "Weakness",
    "sitting": "Sitting pain",
}
"""The index's items as row labels; the full wording is in the box's lead line."""

RED_FLAG_HINT = "y yes · n no · Tab next · Enter go on · Esc skip this week"
CHECK_HINT = "0–9 set · ←/→ adjust · Tab next · Enter save · Esc skip this week"


class YesNoRow(ChoiceRow):
    """A yes/no question answered with y or n."""

    LABEL = "Answer"
    CHOICES = [("y", "Yes"), ("n", "No")]
    BINDINGS = [
        *ChoiceRow.BINDINGS,
        Binding("y", "choose(0)", show=False),
        Binding("n", "choose(1)", show=False),
    ]


class RedFlagScreen(ModalScreen[dict[str, bool | None] | None]):
    """Three red-flag questions; dismisses with the answers, or None when skipped."""

    BINDINGS = [
        Binding("enter", "done", "Go on", id="red_flags.done", priority=True),
        Binding("escape,q", "skip", "Skip", key_display="esc", id="red_flags.skip"),
    ]

    def compose(self) -> ComposeResult:
        """The questions, each with its yes/no row."""
        with Vertical(id="weekly-box"):
            yield Static("Weekly check · first, three questions", classes="box-title")
            yield Static("Since last week, have you had:", classes="weekly-lead")
            for key, question in RED_FLAG_QUESTIONS:
                yield Static(question, classes="weekly-question")
                yield YesNoRow(id=f"flag-{key}")
            yield Static(RED_FLAG_HINT, classes="box-hint")

    def on_mount(self) -> None:
        """Start on the first question."""
        self.query(YesNoRow).first().focus()

    def answers(self) -> dict[str, bool | None]:
        """Each question's answer: True for yes, False for no, None when unanswered."""
        found: dict[str, bool | None] = {}
        for key, _ in RED_FLAG_QUESTIONS:
            value = self.query_one(f"#flag-{key}", YesNoRow).value
            found[key] = None if value is None else value == 0
        return found

    def action_done(self) -> None:
        """Close with the answers."""
        self.dismiss(self.answers())

    def action_skip(self) -> None:
        """Close without answers (the check is skipped for this week)."""
        self.dismiss(None)


class WeeklyCheckScreen(ModalScreen[WeeklyCheck | None]):
    """The outcome questions; dismisses with the check, or None when skipped."""

    BINDINGS = [
        Binding("enter", "save", "Save", id="weekly.save", priority=True),
        Binding("escape,q", "skip", "Skip", key_display="esc", id="weekly.skip"),
    ]

    def __init__(
        self, day: date, activities: Sequence[str], red_flags: dict[str, bool | None]
    ) -> None:
        """``activities`` are the names the person gave last time, offered again."""
        super().__init__()
        self.day = day
        self.activities = list(activities)[:PSFS_ACTIVITIES]
        self.red_flags = red_flags

    def compose(self) -> ComposeResult:
        """The index, the activities and the tolerances in a scrolling box."""
        with Vertical(id="weekly-box"):
            yield Static("Weekly check", classes="box-title")
            with VerticalScroll(id="weekly-form"):
                yield Static(
                    "In the last week, how bothersome was each? 0 not at all … 6 extremely",
                    classes="weekly-lead",
                )
                for key, label in SBI_SHORT.items():
                    yield PainScale(label, top=SBI_MAX, width=13, id=f"sbi-{key}")
                yield Static(
                    "Activities that matter to you: 0 cannot do it … 10 as before",
                    classes="weekly-lead",
                )
                for n in range(PSFS_ACTIVITIES):
                    name = self.activities[n] if n < len(self.activities) else ""
                    yield Input(
                        name,
                        placeholder=f"Activity {n + 1} (for example: walking the dog)",
                        id=f"psfs-name-{n}",
                        max_length=40,
                        compact=True,
                    )
                    yield PainScale("  able", top=PSFS_MAX, width=13, id=f"psfs-{n}")
                yield Static("Minutes you can manage at a time", classes="weekly-lead")
                yield Input(
                    placeholder="Sitting, minutes", id="sitting", type="integer", compact=True
                )
                yield Input(
                    placeholder="Walking, minutes", id="walking", type="integer", compact=True
                )
            yield Static(CHECK_HINT, classes="box-hint")

    def on_mount(self) -> None:
        """Start on the first index item."""
        self.query_one("#sbi-leg_pain").focus()

    def check(self) -> WeeklyCheck:
        """The answers as a weekly check; anything left blank is unanswered."""
        sbi = {key: self.query_one(f"#sbi-{key}", PainScale).value for key in SBI_SHORT}
        psfs: dict[str, int | None] = {}
        for n in range(PSFS_ACTIVITIES):
            name = self.query_one(f"#psfs-name-{n}", Input).value.strip()
            if name:
                psfs[name] = self.query_one(f"#psfs-{n}", PainScale).value
        return WeeklyCheck(
            day=self.day,
            sbi=sbi,
            psfs=psfs,
            sitting_min=_minutes(self.query_one("#sitting", Input).value),
            walking_min=_minutes(self.query_one("#walking", Input).value),
            red_flags=self.red_flags,
        )

    def action_save(self) -> None:
        """Close with the check."""
        self.dismiss(self.check())

    def action_skip(self) -> None:
        """Close without a check (skipped for this week)."""
        self.dismiss(None)


def _minutes(value: str) -> int | None:
    """Typed minutes as a whole number within a day, or None when blank or out of range."""
    try:
        minutes = int(value.strip())
    except ValueError:
        return None
    return minutes if 0 <= minutes <= 24 * 60 else None


def skipped_check(day: date, red_flags: dict[str, Any] | None = None) -> WeeklyCheck:
    """The record of a week whose check was skipped, so it is not offered again that week."""
    return WeeklyCheck(day=day, sbi={}, psfs={}, red_flags=red_flags, skipped=True)


URGENT_TITLE = (
    "⚠ You answered yes to a warning sign. Get medical care today: these signs can mean "
    "pressure on the nerves at the base of the spine. Do not exercise until you have been seen."
)
"""Shown above the safety page after a red-flag "yes", before anything else."""


class UrgentScreen(SafetyScreen):
    """The safety page, opened by a red-flag "yes", with the urgent line above it."""

    def compose(self) -> ComposeResult:
        """The urgent line, the safety page and the footer."""
        yield Static(URGENT_TITLE, id="urgent-title")
        with VerticalScroll(id="safety-page"):
            yield Static(id="safety-body")
        yield compact_footer()
