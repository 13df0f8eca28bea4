"""The settings screen: one row per setting, changed with ←/→ or Enter and saved at once.

Every change goes through :meth:`Settings.from_dict`, the same validation the
store's data gets at start-up, so the screen can never save a value that
would be thrown away on the next start. The app applies theme and sound
straight away (``apply_settings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from unpinch.library.record import Record, record
from unpinch.library.settings import SPECS, Settings, SettingSpec, SpecKind
from unpinch.tui.context import unpinch_app
from unpinch.tui.messages import SettingsChanged, SoundChosen
from unpinch.tui.screens.base import UnpinchScreen, help_row
from unpinch.tui.screens.footer import compact_footer

RowKind = Literal["choice", "number", "flag", "action"]
ROW_KINDS: dict[SpecKind, RowKind] = {"choice": "choice", "name": "choice", "number": "number"}


@record
class SettingRow(Record):
    """How one setting is shown: its label and explanation; what it may hold is its spec's.

    ``action`` shows a flag as a one-way action (Enter resets it).
    """

    key: str
    label: str
    explain: str
    action: bool = False

    @property
    def spec(self) -> SettingSpec:
        """The setting's allowed values, declared once in ``library.settings``."""
        return SPECS[self.key]

    @property
    def kind(self) -> RowKind:
        """How the row changes: cycle a choice, step a number, flip a flag, run an action."""
        return "action" if self.action else ROW_KINDS.get(self.spec.kind, "flag")

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a choice row cycles through (themes come from the app)."""
        return self.spec.choices

    @property
    def bounds(self) -> tuple[int, int]:
        """A number's lowest and highest value."""
        return self.spec.bounds

    @property
    def optional(self) -> bool:
        """For numbers: None sits below the lowest value (e.g. "routine's own")."""
        return self.spec.optional


ROWS: tuple[SettingRow, ...] = (
    SettingRow("sound", "Sound", "auto: the speaker, or the bell over SSH or with no device"),
    SettingRow("voice", "Voice", "Spoken cues"),
    SettingRow("notify", "Notifications", "Pop-ups while the window is unfocused"),
    SettingRow("count_in_s", "Count-in", "Seconds to get ready before the first exercise"),
    SettingRow(
        "rest_between_s",
        "Rest between",
        "Rest between exercises; ← past 0 uses each routine's own",
    ),
    SettingRow(
        "affected_side", "Affected side", "Affected-leg stretches play on it; others start on it"
    ),
    SettingRow("switch_pause_s", "Switch sides", "Pause to change sides in each-side exercises"),
    SettingRow("cue_interval_s", "Cue rotation", "Seconds each form cue shows before the next one"),
    SettingRow("theme", "Theme", "Colours of the whole app; changes at once"),
    SettingRow("glyphs", "Glyphs", "plain: only what the Linux console draws; auto: by TERM"),
    SettingRow(
        "progression", "Progression", "Grow holds and reps session by session, within each range"
    ),
    SettingRow(
        "first_run_ack",
        "First-run notice",
        "Enter shows the safety notice again at the next start",
        action=True,
    ),
)
"""Every row in the order shown."""


def stepped_number(row: SettingRow, value: int | None, step: int) -> int | None:
    """Move a number by ``step`` within its bounds; optional ones go below the low end to None."""
    low, high = row.bounds
    if value is None:
        return low if step > 0 else None
    moved = value + step
    if moved < low:
        return None if row.optional and value == low else low
    return min(moved, high)


def stepped(row: SettingRow, value: Any, step: int, choices: Sequence[str]) -> Any:
    """The value after one press: cycle a choice, flip a flag, add to a number, reset an action."""
    if row.kind == "choice":
        index = list(choices).index(value) if value in choices else -1
        offset = 1 if step > 0 else -1
        return choices[(index + offset) % len(choices)] if choices else value
    if row.kind == "flag":
        return not value
    if row.kind == "action":
        return False
    return stepped_number(row, value, step)


def shown_value(row: SettingRow, value: Any) -> str:
    """How a value reads: "5 s", "routine's own", "on", "shows at next start"."""
    if row.kind == "flag":
        return "on" if value else "off"
    if row.kind == "action":
        return "dismissed" if value else "shows at next start"
    if row.kind == "number":
        return "routine's own" if value is None else f"{value} s"
    return str(value)


def range_hint(row: SettingRow, choices: Sequence[str]) -> str:
    """The bounds or the number of choices, shown beside the value."""
    if row.kind == "number":
        low, high = row.bounds
        below = "own, " if row.optional else ""
        return f"{below}{low}–{high} s · ⇧ ±5"
    if row.kind == "choice":
        return f"{len(choices)} choices"
    return "Enter" if row.kind == "action" else "on / off"


def row_prompt(
    row: SettingRow,
    value: Any,
    choices: Sequence[str],
    playing: str = "",
    explain: str | None = None,
) -> Group:
    """One two-line entry: label, ‹ value › and bounds, then the explanation.

    The sound row's explanation starts with what actually plays cues (``playing``,
    e.g. "speaker (miniaudio)", "bell: over SSH"), and says it is still being
    checked until the output has opened, so ``auto`` never reads as a guess. ``explain``
    replaces a row's own explanation where the app knows more (why the voice
    is off, which notification form ``auto`` picked here).
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=17, no_wrap=True)
    grid.add_column(width=24, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, overflow="ellipsis")
    grid.add_row(
        Text(row.label, style="bold"),
        Text(f"‹ {shown_value(row, value)} ›"),
        Text(range_hint(row, choices), style="dim"),
    )
    text = f"  {explain or row.explain}"
    line = Text(text, style="dim italic", no_wrap=True, overflow="ellipsis")
    if row.key == "sound":
        line = Text.assemble(
            ("  Now: ", "dim"),
            (playing or "checking what can play here…", "bold" if playing else "dim"),
            (f" · {row.explain}", "dim italic"),
        )
        line.no_wrap, line.overflow = True, "ellipsis"
    return Group(grid, line)


class SettingsScreen(UnpinchScreen):
    """A list of settings; ←/→ or Enter changes the highlighted one, Escape goes back."""

    BINDINGS = [
        Binding(
            "right",
            "change(1)",
            "More",
            key_display="→",
            id="settings.more",
            priority=True,
            tooltip="Next value, or one more",
        ),
        Binding(
            "left",
            "change(-1)",
            "Less",
            key_display="←",
            id="settings.less",
            priority=True,
            tooltip="Previous value, or one less",
        ),
        Binding(
            "shift+right",
            "change(5)",
            "+5",
            key_display="⇧→",
            show=False,
            id="settings.more5",
            priority=True,
            tooltip="Five more",
        ),
        Binding(
            "shift+left",
            "change(-5)",
            "−5",
            key_display="⇧←",
            show=False,
            id="settings.less5",
            priority=True,
            tooltip="Five less",
        ),
        Binding("escape,q", "back", "Back", id="settings.back", tooltip="Back to home"),
        Binding("question_mark", "help", "Help", key_display="?", id="settings.help"),
    ]

    HELP_BEFORE = (
        help_row("up,down", "Choose a setting", "↑/↓"),
        help_row("enter", "Change (like →)"),
    )

    def compose(self) -> ComposeResult:
        """A title line, the rows, and the footer."""
        yield Header(show_clock=False, icon="")
        yield Static(
            "Changes are saved at once.  ↑/↓ choose · ←/→ or Enter change", id="settings-intro"
        )
        yield OptionList(id="settings-list")
        yield compact_footer()

    def on_mount(self) -> None:
        """Fill the rows from the current settings and start on the first."""
        self.sub_title = "Settings"
        options = self.query_one("#settings-list", OptionList)
        settings = unpinch_app(self).workspace.settings
        options.add_options(
            [Option(self.prompt(row, getattr(settings, row.key)), id=row.key) for row in ROWS]
        )
        options.highlighted = 0
        options.focus()

    def prompt(self, row: SettingRow, value: Any) -> Group:
        """A row's entry, the sound row saying what plays cues right now."""
        playing = unpinch_app(self).sound_summary
        return row_prompt(row, value, self.choices(row), playing, self.explain(row))

    @on(SoundChosen)
    def sound_chosen(self) -> None:
        """Redraw the sound and voice rows when the output opened or changed (voice needs it)."""
        settings = unpinch_app(self).workspace.settings
        for index, row in enumerate(ROWS):
            if row.key in ("sound", "voice"):
                self.redraw(index, row, getattr(settings, row.key))

    @on(SettingsChanged)
    def settings_changed(self) -> None:
        """Show every row's stored value again when one changed elsewhere (the palette's theme)."""
        settings = unpinch_app(self).workspace.settings
        for index, row in enumerate(ROWS):
            self.redraw(index, row, getattr(settings, row.key))

    def choices(self, row: SettingRow) -> tuple[str, ...]:
        """The values a choice row cycles through; themes come from the running app."""
        if row.key == "theme":
            return tuple(sorted(self.app.available_themes))
        return row.choices

    def explain(self, row: SettingRow) -> str | None:
        """A row's explanation with what only the app knows: the form notifications use here."""
        app = unpinch_app(self)
        if row.key == "voice":
            reason = app.voice_choice().reason
            engine = app.engine.name if app.engine is not None else ""
            return f"{row.explain} · {reason or 'spoken by ' + engine}"
        if row.key != "notify":
            return None
        return f"{row.explain} · now {app.notifier.choice.describe()}"

    def current_row(self) -> tuple[int, SettingRow] | None:
        """The highlighted row and its index."""
        index = self.query_one("#settings-list", OptionList).highlighted
        return None if index is None else (index, ROWS[index])

    @on(OptionList.OptionSelected, "#settings-list")
    def row_selected(self) -> None:
        """Enter changes the value forward, like →."""
        self.action_change(1)

    def action_change(self, step: int) -> None:
        """Change the highlighted setting by one step, validate it, save and apply it."""
        current = self.current_row()
        if current is None:
            return
        index, row = current
        app = unpinch_app(self)
        settings = app.workspace.settings
        value = stepped(row, getattr(settings, row.key), step, self.choices(row))
        changed = Settings.from_dict({**settings.to_dict(), row.key: value})
        if getattr(changed, row.key) != value:
            self.notify(f"{row.label}: {shown_value(row, value)} is not allowed.", severity="error")
            return
        if changed == settings:
            self.notify(f"{row.label} is already at its limit ({range_hint(row, ())}).")
            return
        app.apply_settings(changed)
        self.redraw(index, row, value)
        if row.kind == "action":
            self.notify("The first-run notice will show again next time unpinch starts.")

    def redraw(self, index: int, row: SettingRow, value: Any) -> None:
        """Show a row's new value."""
        prompt = self.prompt(row, value)
        self.query_one("#settings-list", OptionList).replace_option_prompt_at_index(index, prompt)
