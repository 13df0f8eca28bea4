"""When the player screen wakes next, and what a due cue does: a sound and a notification.

The player screen sleeps between the moments anything on screen changes;
:func:`next_wake_in` finds the earliest of them. :func:`announce` sounds a
cue that is on time and sends the desktop notification it calls for.
"""

from __future__ import annotations

import math

from unpinch.library.plan import Plan
from unpinch.library.player import Cue, Player
from unpinch.tui.context import AppContext
from unpinch.tui.notices import notice_for
from unpinch.tui.voice import Silence, Voice
from unpinch.tui.widgets.form_cue import next_change_in

STALE_CUE_S = 1.5
"""A cue noticed this late (after a long block) is shown but not sounded."""


def next_wake_in(player: Player, voice: Voice | Silence, cue_interval: float, now: float) -> float:
    """Seconds until anything on screen changes: a form cue, a cue, words, the next second."""
    moments = [now + next_change_in(player.elapsed_in_step(), cue_interval)]
    due = player.next_due()
    if due is not None:
        moments.append(due)
    words = voice.next_in(player.index, player.elapsed_in_step())
    if words is not None:
        moments.append(now + words)
    remaining = player.remaining_s()
    if remaining is not None and remaining > 0:
        fraction = remaining - math.floor(remaining)
        moments.append(now + (fraction if fraction > 1e-6 else 1.0))
    return max(0.0, min(moments) - now)


def announce(app: AppContext, plan: Plan, cue: Cue, voice: Voice | Silence) -> None:
    """Sound a cue (unless it is stale), say its pace word, notify where it matters.

    The redraw after it flashes it.
    """
    fresh = app.clock() - cue.at <= STALE_CUE_S
    if not fresh:
        return
    app.cues.play(cue.kind)
    voice.pace(cue.word)
    catalog = app.workspace.catalog
    names = {key: exercise.name for key, exercise in catalog.exercises.items()}
    notice = notice_for(plan, cue, names)
    if notice is not None:
        app.send_notice(notice)
