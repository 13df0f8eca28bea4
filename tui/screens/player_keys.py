"""The player's keys, as data: one binding per action, with the id a keymap rebinds.

Space is three bindings (pause, resume, count a rep), and ``+``/``-`` are two
pairs (add or take off 5 s; slow down or speed up paced reps); the player
screen's ``check_action`` offers whichever fits the moment. The footer shows
the tempo pair as one "+/- Tempo" so that the player's keys fit in 80 columns.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from unpinch.library.pace import TEMPO_STEP_S

PLAYER_KEYS: list[BindingType] = [
    Binding("space", "pause", "Pause", id="player.pause", tooltip="Pause the timer"),
    Binding("space", "resume", "Resume", id="player.resume", tooltip="Carry on"),
    Binding("space", "count", "Count rep", id="player.count", tooltip="Count one rep"),
    Binding("n,right", "next", "Next", key_display="n/→", id="player.next", tooltip="Next step"),
    Binding(
        "p,left",
        "previous",
        "Back",
        key_display="p/←",
        id="player.previous",
        tooltip="Previous step, or restart this one",
    ),
    Binding(
        "plus,equals_sign",
        "extend(5)",
        "+5s",
        key_display="+",
        id="player.longer",
        tooltip="Add 5 seconds to this hold",
    ),
    Binding(
        "minus",
        "extend(-5)",
        "-5s",
        key_display="-",
        id="player.shorter",
        tooltip="Take 5 seconds off this hold",
    ),
    Binding(
        "plus,equals_sign",
        f"tempo({TEMPO_STEP_S})",
        "Tempo",
        key_display="+/-",
        id="player.slower",
        tooltip=f"Paced reps: make each rep {TEMPO_STEP_S:g} s longer",
    ),
    Binding(
        "minus",
        f"tempo({-TEMPO_STEP_S})",
        "Faster",
        key_display="-",
        id="player.faster",
        tooltip=f"Paced reps: make each rep {TEMPO_STEP_S:g} s shorter",
        show=False,
    ),
    Binding("r", "restart", "Restart", id="player.restart", tooltip="Restart this step"),
    Binding(
        "P",
        "pin",
        "Pin",
        key_display="P",
        id="player.pin",
        tooltip="Pin this exercise's dose (or unpin it) so it stops changing",
    ),
    Binding(
        "exclamation_mark",
        "hurts",
        "Hurts",
        key_display="!",
        id="player.hurts",
        tooltip="This hurts: note it and move on to the next exercise",
    ),
    Binding(
        "q,escape",
        "stop",
        "Stop",
        key_display="q",
        id="player.stop",
        tooltip="Stop the workout (asks first; progress is saved)",
    ),
    Binding(
        "question_mark", "help", "Help", key_display="?", id="player.help", tooltip="List keys"
    ),
    Binding(
        "down,j,pagedown",
        "steps(1)",
        "More steps",
        key_display="↓/j",
        id="player.steps_down",
        tooltip="Show the card's later steps",
        show=False,
    ),
    Binding(
        "up,k,pageup",
        "steps(-1)",
        "Earlier steps",
        key_display="↑/k",
        id="player.steps_up",
        tooltip="Show the card's earlier steps",
        show=False,
    ),
    Binding(
        "f",
        "toggle_figure",
        "Figure",
        id="player.figure",
        show=False,
        tooltip="Hide or show the drawn figure",
    ),
]
"""Every key of the player screen, in the order the footer and help list them."""
