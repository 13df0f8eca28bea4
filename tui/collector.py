"""Python's cyclic garbage collector, paused while the app starts and resumed after.

On the way to its first frame a start allocates a few hundred thousand
objects (modules, classes, style rules, widgets) and hardly any garbage
cycles, yet the collector would walk them about a hundred times: some 20 ms
of a 250 ms start here. So the full-screen start pauses it (:func:`pause`),
and the app resumes it once the first frame is up and the later style sheets
are read (:func:`resume`). What the start made is then frozen rather than
collected: those objects live as long as the app, and a full collection of
them would hold the screen for some 30 ms here; frozen, the collections during
a workout no longer walk them either. The price is the few hundred objects of
the start's garbage cycles, kept for the life of the process.

Only the collector of reference *cycles* is paused; everything else is freed
as soon as it is dropped, as always.
"""

from __future__ import annotations

import gc

_paused = False
"""Whether :func:`pause` turned the collector off and nothing has turned it back on."""


def pause() -> None:
    """Turn the cyclic collector off for the start, unless something already did."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> bool:
    """Freeze what the start made, and turn the collector back on.

    Does nothing unless :func:`pause` turned it off, so a caller that never
    paused it (a test, an embedding program) keeps its own settings. Returns
    whether it resumed the collector.
    """
    global _paused
    if not _paused:
        return False
    _paused = False
    gc.freeze()
    gc.enable()
    return True


def paused() -> bool:
    """Whether the collector is paused for a start still on its way to the first frame."""
    return _paused
