"""A modal that edits one routine item's dose, refusing out-of-range values with the reason.

Every field is checked as it is typed with ``unpinch.library.builder.check_dose_value``;
a refused value shows its reason beside the field in place of the limits, and
the dose is only handed back when every field is acceptable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from unpinch.library.builder import DOSE_LIMITS, check_dose_value
from unpinch.library.model import Dose, Span
from unpinch.library.record import Record, record
from unpinch.tui.plain import plain
from unpinch.tui.screens.footer import compact_footer
from unpinch.tui.widgets.mark_box import MarkBox

RANGE_SPLIT = re.compile(r"\s*(?:-|–|\bto\b)\s*")
"""What separates the two ends of a range typed as "20-30", "20–30" or "20 to 30"."""

HOLD_FIELDS = ("hold_s", "reps", "sets", "rest_s")
MOVE_FIELDS = ("reps", "sets", "rest_s", "tempo_s")
SPAN_FIELDS = frozenset({"hold_s", "reps"})
LABELS = {
    "hold_s": "Hold (s)",
    "reps": "Reps",
    "sets": "Sets",
    "rest_s": "Rest (s)",
    "tempo_s": "Tempo (s)",
}


@record
class Checked(Record):
    """One field's parsed value (None when refused) and the reason it was refused."""

    value: Span | int | float | None
    reason: str | None = None


def limits_text(field: str) -> str:
    """The accepted range of a field as "1–600 s", read from DOSE_LIMITS."""
    low, high, unit = DOSE_LIMITS[field]
    return f"{low:g}–{high:g} {unit}".strip()


def check_span(field: str, text: str) -> Checked:
    """Check "20" or a range "20-30" for a span field; both ends must pass and be in order.

    A leading minus is a negative number, not a range with no start, so "-5"
    is refused with the field's bounds.
    """
    cleaned = text.strip()
    parts = [cleaned] if cleaned.startswith("-") else RANGE_SPLIT.split(cleaned, maxsplit=1)
    values: list[int] = []
    for part in parts:
        value, reason = check_dose_value(field, part)
        if value is None:
            return Checked(None, reason or "not accepted")
        values.append(int(value))
    low, high = values[0], values[-1]
    if low > high:
        return Checked(None, f"a range goes from low to high, like {high}-{low}")
    return Checked(Span(low, high))


def check_field(field: str, text: str) -> Checked:
    """Check one field's text: a range for hold and reps, a single number for the rest."""
    if field in SPAN_FIELDS:
        return check_span(field, text)
    value, reason = check_dose_value(field, text)
    if value is None:
        return Checked(None, reason or "not accepted")
    return Checked(value if field == "tempo_s" else int(value))


def field_text(dose: Dose, field: str) -> str:
    """How a field of ``dose`` is written in its box: "20", "20-30" or "2.5"."""
    value = getattr(dose, field)
    if isinstance(value, Span):
        return str(value.low) if value.fixed else f"{value.low}-{value.high}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def dose_from_fields(base: Dose, checked: Mapping[str, Checked], counted: bool) -> Dose:
    """The dose ``base`` with every checked field and the counted flag applied."""
    changes = {name: c.value for name, c in checked.items()}
    return replace(base, counted=counted and not base.is_hold, **changes)  # type: ignore[arg-type]


class DoseEditor(ModalScreen[Dose | None]):
    """Edit hold, reps, sets, rest, tempo and counting; dismisses with the new dose or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="dose.save", tooltip="Keep this dose"),
        Binding(
            "escape,q", "cancel", "Cancel", id="dose.cancel", tooltip="Leave the dose as it was"
        ),
    ]

    def __init__(self, exercise_name: str, dose: Dose) -> None:
        super().__init__()
        self.exercise_name = exercise_name
        self.dose = dose
        self.fields = HOLD_FIELDS if dose.is_hold else MOVE_FIELDS

    def compose(self) -> ComposeResult:
        """The exercise's name, one row per field, the counted switch and the keys."""
        with Vertical(id="dose-box"):
            yield Static(plain(f"Dose · {self.exercise_name}"), classes="box-title")
            for name in self.fields:
                with Horizontal(classes="dose-row"):
                    yield Static(LABELS[name], classes="dose-label")
                    yield Input(
                        field_text(self.dose, name),
                        id=f"dose-{name}",
                        compact=True,
                        select_on_focus=False,
                    )
                    yield Static(limits_text(name), id=f"note-{name}", classes="dose-note")
            if not self.dose.is_hold:
                yield MarkBox(
                    "Counted by you (Space per rep), not paced",
                    self.dose.counted,
                    id="dose-counted",
                    compact=True,
                )
            yield Static("A range such as 20-30 starts low and builds up.", id="dose-tip")
            yield Static("Enter/ctrl+s save · Tab next field · Esc cancel", classes="box-hint")
        yield compact_footer()

    def on_mount(self) -> None:
        """Put the cursor in the first field."""
        self.query_one(f"#dose-{self.fields[0]}", Input).focus()

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        """Check a field as it is typed and show its limits or the reason it is refused."""
        if event.input.id and event.input.id.startswith("dose-"):
            self.show_check(event.input.id.removeprefix("dose-"), event.value)

    @on(Input.Submitted)
    def field_submitted(self) -> None:
        """Enter in any field saves the whole dose (if every field is acceptable)."""
        self.action_save()

    def show_check(self, name: str, text: str) -> Checked:
        """Check one field and show the result beside it; return the result."""
        result = check_field(name, text)
        note = self.query_one(f"#note-{name}", Static)
        note.update(limits_text(name) if result.reason is None else result.reason)
        note.set_class(result.reason is not None, "-refused")
        return result

    def checked_fields(self) -> dict[str, Checked]:
        """Every field's current check result, refreshing the notes on screen."""
        return {
            name: self.show_check(name, self.query_one(f"#dose-{name}", Input).value)
            for name in self.fields
        }

    def action_save(self) -> None:
        """Close with the new dose, or stay and say what to fix when a value is refused."""
        checked = self.checked_fields()
        refused = [LABELS[name] for name, c in checked.items() if c.reason is not None]
        if refused:
            self.notify(
                f"Not saved: fix {', '.join(refused)} (see the reason beside it).",
                severity="error",
            )
            return
        counted = bool(self.query("#dose-counted") and self.query_one(MarkBox).value)
        self.dismiss(dose_from_fields(self.dose, checked, counted))

    def action_cancel(self) -> None:
        """Close and keep the dose as it was."""
        self.dismiss(None)
