"""The cue WAV files that ship with unpinch (see README.md in this folder).

The WAVs live inside this package so they travel in the wheel; ``cue_path``
finds them through ``importlib.resources`` rather than a path relative to the
source tree, so it works the same from a checkout and from an installed wheel.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CUES: tuple[str, ...] = ("tick", "rep", "turn", "start", "switch", "rest", "done", "complete")
"""Every cue name; each has a ``<name>.wav`` in this package."""


def cue_path(name: str) -> Path:
    """Return the file-system path of the WAV for cue ``name``.

    Raises ``KeyError`` for a name that is not in ``CUES`` (a typo should fail
    loudly in tests, not play nothing) and ``FileNotFoundError`` if the package
    is not on the file system (for example imported from a zip file).
    """
    if name not in CUES:
        raise KeyError(f"unknown cue {name!r}; known cues: {', '.join(CUES)}")
    resource = resources.files(__name__).joinpath(f"{name}.wav")
    if not isinstance(resource, Path):
        raise FileNotFoundError(f"cue {name!r} is not on the file system: {resource}")
    return resource
