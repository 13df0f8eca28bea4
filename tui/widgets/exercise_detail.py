"""The library browser's detail panel: everything about one exercise, scrollable.

Shows what the exercise is, its default dose, the steps, form cues, cautions,
easier and harder variants and the articles it comes from.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from unpinch.library.describe import sides_text, source_titles, words
from unpinch.library.model import Catalog, Exercise
from unpinch.tui.widgets.exercise_card import CAUTION_MARK
from unpinch.tui.widgets.exercise_figure import ExerciseFigure, figure_book


def facts_line(exercise: Exercise) -> str:
    """Kind, position, sides and default dose on one line."""
    parts = (
        words(exercise.kind),
        words(exercise.position),
        sides_text(exercise),
        exercise.dose.label(),
    )
    return " · ".join(part for part in parts if part)


def variant_ids(exercise: Exercise, catalog: Catalog) -> list[str]:
    """The exercise's easier then harder versions that the library holds, in that order."""
    return [i for i in (*exercise.easier, *exercise.harder) if i in catalog.exercises]


def variant_names(ids: tuple[str, ...], catalog: Catalog) -> str:
    """The names of variant exercises that the library holds, comma separated."""
    return ", ".join(catalog.exercises[i].name for i in ids if i in catalog.exercises)


def section(text: Text, title: str, lines: list[str], style: str = "") -> None:
    """Append a titled block of lines (nothing when there are no lines)."""
    if not lines:
        return
    text.append(f"\n\n{title}\n", style="bold")
    text.append("\n".join(lines), style=style)


def detail_text(exercise: Exercise, catalog: Catalog) -> Text:
    """The panel's content: name, facts, summary, steps, cues, cautions, variants, sources."""
    text = Text()
    text.append(exercise.name, style="bold")
    text.append(f"\n{facts_line(exercise)}", style="dim")
    needs = [words(e) for e in exercise.equipment if e != "none"]
    text.append(f"\nNeeds: {', '.join(needs) or 'no equipment'}", style="dim")
    if exercise.targets:
        text.append(f"\nTargets: {', '.join(exercise.targets)}", style="dim")
    if exercise.aliases:
        text.append(f"\nAlso called: {', '.join(exercise.aliases)}", style="dim")
    if exercise.summary:
        text.append(f"\n\n{exercise.summary}")
    section(text, "Steps", [f"{n}. {step}" for n, step in enumerate(exercise.steps, 1)])
    section(text, "Form cues", [f"• {cue}" for cue in exercise.cues])
    section(text, "Cautions", [f"{CAUTION_MARK} {c}" for c in exercise.cautions], style="italic")
    variants = [
        f"{label}: {names}"
        for label, names in (
            ("Easier", variant_names(exercise.easier, catalog)),
            ("Harder", variant_names(exercise.harder, catalog)),
        )
        if names
    ]
    section(text, "Variants (press v to go to each)", variants)
    section(text, "Sources", [f"• {t}" for t in source_titles(catalog, exercise.sources)])
    return text


class ExerciseDetail(VerticalScroll):
    """A scrollable description of one exercise; focus it to scroll with the arrow keys."""

    def compose(self) -> ComposeResult:
        """The exercise's figure above a single text block."""
        yield ExerciseFigure(id="library-figure")
        yield Static(id="detail-body")

    def show(self, exercise: Exercise, catalog: Catalog) -> None:
        """Show this exercise, in its hold (or end) pose, and scroll back to its top."""
        drawing = figure_book().drawing(exercise.id, "right")
        self.query_one(ExerciseFigure).show_still(
            drawing, drawing.figure.hold if drawing else "end"
        )
        self.query_one("#detail-body", Static).update(detail_text(exercise, catalog))
        self.scroll_home(animate=False)

    def show_nothing(self, message: str) -> None:
        """Show a plain message instead of an exercise (no matches)."""
        self.query_one(ExerciseFigure).show_still(None, "end")
        self.query_one("#detail-body", Static).update(Text(message, style="dim"))
        self.scroll_home(animate=False)
