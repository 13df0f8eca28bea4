"""One key grammar for the whole app: each key means one thing on every screen.

:data:`GRAMMAR` lists every key the app's screens and their widgets bind, what
it means, and which bindings (by id) use it. ``tests/test_key_grammar.py`` walks
every ``BINDINGS`` list and fails when a binding uses a key for something its
row does not say, when a key has two rows, or when a screen cannot be left with
Esc and q; README's keys table is written from the same rows. Questions in a
box (yes/no, resume, the check-in's rows) answer with the letters shown on
their buttons instead, and close with Esc or q as their safe answer.
"""

from __future__ import annotations

from unpinch.library.record import Record, record


@record
class Rule(Record):
    """Keys that mean one thing, how README shows them, and the bindings that use them."""

    keys: tuple[str, ...]
    shown: str
    meaning: str
    ids: frozenset[str]


def rule(keys: str, shown: str, meaning: str, *ids: str) -> Rule:
    """A grammar row from comma-separated keys and the ids of the bindings that use them."""
    return Rule(tuple(keys.split(",")), shown, meaning, frozenset(ids))


BACK_IDS = (
    "history.back",
    "library.back",
    "settings.back",
    "safety.back",
    "glossary.back",
    "session_detail.back",
    "summary.skip",
    "builder.leave",
    "player.stop",
    "too_small.quit",
)
"""The bindings that go back or close a screen (the player's stops a workout, after asking)."""

MOVE_IDS = (
    "session_table.up",
    "session_table.down",
    "session_table.page_up",
    "session_table.page_down",
    "session_table.first",
    "session_table.last",
    "routines.up",
    "routines.down",
    "builder-items.up",
    "builder-items.down",
    "preview.up",
    "library.up",
    "library.down",
    "preview.down",
    "glossary.up",
    "glossary.down",
    "safety.up",
    "safety.down",
    "player.steps_up",
    "player.steps_down",
)
"""The bindings that move a highlight or scroll a page."""

GRAMMAR: tuple[Rule, ...] = (
    rule(
        "escape,q",
        "Esc, q",
        "back or close; on home q quits; in the player both stop the workout, after a confirm",
        *BACK_IDS,
        "home.quit",
    ),
    rule("ctrl+q", "ctrl+q", "quit unpinch from anywhere", "app.quit", "too_small.quit"),
    rule(
        "question_mark",
        "?",
        "the keys of this screen",
        "home.help",
        "history.help",
        "library.help",
        "settings.help",
        "builder.help",
        "player.help",
    ),
    rule(
        "enter",
        "Enter",
        "open, start or edit what is highlighted; save on the summary",
        "home.play",
        "session_table.open",
        "builder.dose",
        "builder-items.dose",
        "summary.home",
    ),
    rule(
        "up,down,j,k,pageup,pagedown,home,end",
        "↑ ↓ j k PgUp PgDn Home End",
        "move the highlight or scroll",
        *MOVE_IDS,
    ),
    rule(
        "right,left",
        "→ ←",
        "next or previous: the player's step, a setting's value",
        "player.next",
        "player.previous",
        "settings.more",
        "settings.less",
    ),
    rule(
        "shift+right,shift+left",
        "Shift+→ ←",
        "a setting's number by 5",
        "settings.more5",
        "settings.less5",
    ),
    rule(
        "shift+up,shift+down,K,J",
        "K J, Shift+↑ ↓",
        "move the highlighted exercise up or down (builder)",
        "builder.up",
        "builder.down",
    ),
    rule("n", "n", "next step (player)", "player.next"),
    rule("p", "p", "previous step (player)", "player.previous"),
    rule(
        "space",
        "Space",
        "pause or resume; count a rep (player)",
        *(
            "player.pause",
            "player.resume",
            "player.count",
        ),
    ),
    rule(
        "plus,equals_sign,minus",
        "+ −",
        "more or less time: 5 s on a hold, a slower or faster pace in a paced rep (player)",
        "player.longer",
        "player.shorter",
        "player.slower",
        "player.faster",
    ),
    rule("r", "r", "restart the step (player)", "player.restart"),
    rule("P", "P", "pin the exercise's dose (player)", "player.pin"),
    rule("exclamation_mark", "!", "this hurts (player)", "player.hurts"),
    rule("f", "f", "hide or show the figure (player)", "player.figure"),
    rule(
        "1,2,3,4",
        "1 2 3 4",
        "cycle the filters named at the top (library: kind, position, target, equipment; "
        "history: routine, dates)",
        "library.kind",
        "library.position",
        "library.target",
        "library.equipment",
        "history.routine",
        "history.range",
    ),
    rule("0", "0", "clear the filters (library)", "library.clear"),
    rule("slash", "/", "search (library)", "library.search"),
    rule("a", "a", "add an exercise (library, builder)", "library.add", "builder.add"),
    rule(
        "d,delete",
        "d, Delete",
        "delete or remove the highlighted item (history: a session; builder: an exercise)",
        "history.delete",
        "builder.remove",
    ),
    rule(
        "ctrl+d",
        "ctrl+d",
        "delete the whole routine, after a confirm (builder)",
        "builder.delete",
    ),
    rule("ctrl+s", "ctrl+s", "save (builder)", "builder.save"),
    rule(
        "e",
        "e",
        "edit: the highlighted routine (home), the routine's name (builder)",
        "home.edit",
        "builder.rename",
    ),
    rule("c", "c", "create a routine (home)", "home.create"),
    rule("x", "x", "export the shown sessions as CSV (history)", "history.export"),
    rule("t", "t", "the report for your physiotherapist (history)", "history.report"),
    rule("tab", "Tab", "switch tab: Sessions or Progress (history)", "history.view"),
    rule("v", "v", "the easier or harder version (library)", "library.variant"),
    rule("u", "u", "put back the exercise removed last (builder)", "builder.undo"),
    rule("g", "g", "the glossary, open or close", "library.glossary", "glossary.back"),
    rule("h", "h", "history (home)", "home.history"),
    rule("l", "l", "the exercise library (home)", "home.library"),
    rule("s", "s", "settings (home)", "home.settings"),
    rule("i", "i", "the safety page (home)", "home.safety"),
    rule("w", "w", "the weekly check (home)", "home.weekly"),
    rule("z", "z", "mark today a rest day (home)", "home.rest_day"),
)
"""Every key of the app's screens, once each, with its one meaning."""


def rule_for(key: str) -> Rule | None:
    """The grammar row that holds ``key``, or None when no row does."""
    for found in GRAMMAR:
        if key in found.keys:
            return found
    return None
