"""The speaker libraries the sound worker can play through, and which one it picks.

unpinch is specified with simpleaudio. The original simpleaudio 1.0.4 builds on
Python 3.12 and later but crashes the process as soon as a sound finishes; the
``simpleaudio-312compat`` distribution keeps the import name and works. Both need
a C compiler and the ALSA headers to install, which a ``pipx install`` user often
lacks, so miniaudio (prebuilt wheels) is the second backend.

Each backend is offered with simpleaudio's own small API — ``WaveObject.from_wave_file``,
``play_buffer`` and play objects with ``is_playing`` and ``wait_done`` — so the worker
treats them alike. This module is loaded only in the worker process (and by
``unpinch --version`` for version numbers); it never imports textual.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from unpinch.library.record import Record, record

BACKENDS = ("simpleaudio", "miniaudio")
"""Speaker libraries in order of preference."""

BACKEND_VARIABLE = "UNPINCH_SOUND_BACKEND"
"""Environment variable that forces one backend (for tests, or to work around a bad one)."""

COMPAT_DISTRIBUTION = "simpleaudio-312compat"
"""The maintained simpleaudio build that works on Python 3.12 and later."""


@record
class Backend(Record):
    """A speaker library that imported: its name, version and simpleaudio-like module."""

    name: str
    version: str
    audio: Any


@record
class Unavailable(Record):
    """Why no speaker library could be used, in a few words."""

    reason: str


def distribution_version(name: str) -> str | None:
    """Return the installed version of distribution ``name``, or None."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def simpleaudio_problem(
    python: tuple[int, int] = (sys.version_info[0], sys.version_info[1]),
    version_of: Callable[[str], str | None] = distribution_version,
) -> str | None:
    """Return why the installed simpleaudio must not be used here, or None when it may.

    The original 1.0.4 crashes after each sound on Python 3.12 and later;
    ``simpleaudio-312compat`` (same import name) does not. ``version_of`` looks up
    an installed distribution's version.
    """
    if version_of(COMPAT_DISTRIBUTION) is not None:
        return None
    original = version_of("simpleaudio")
    if original is None:
        return "simpleaudio is not installed"
    if python >= (3, 12):
        return f"simpleaudio {original} crashes on Python {python[0]}.{python[1]}"
    return None


def simpleaudio_version() -> str:
    """Return the version of whichever simpleaudio distribution is installed."""
    return distribution_version(COMPAT_DISTRIBUTION) or distribution_version("simpleaudio") or "?"


def load_simpleaudio() -> Backend | Unavailable:
    """Import simpleaudio unless it is missing or known to crash on this Python."""
    problem = simpleaudio_problem()
    if problem is not None:
        return Unavailable(problem)
    try:
        audio = importlib.import_module("simpleaudio")
    except Exception as error:
        return Unavailable(f"simpleaudio does not import ({type(error).__name__})")
    return Backend("simpleaudio", simpleaudio_version(), audio)


def load_miniaudio() -> Backend | Unavailable:
    """Import miniaudio behind the simpleaudio-like adapter."""
    try:
        importlib.import_module("miniaudio")
    except Exception as error:
        return Unavailable(f"miniaudio does not import ({type(error).__name__})")
    from unpinch.tui import miniaudio_adapter

    return Backend("miniaudio", distribution_version("miniaudio") or "?", miniaudio_adapter)


LOADERS = {"simpleaudio": load_simpleaudio, "miniaudio": load_miniaudio}


def load_backend(env: Mapping[str, str] = os.environ) -> Backend | Unavailable:
    """Return the first backend that loads, or why none did.

    ``UNPINCH_SOUND_BACKEND`` names one backend to use alone.
    """
    forced = env.get(BACKEND_VARIABLE, "").strip()
    names = (forced,) if forced in LOADERS else BACKENDS
    reasons: list[str] = []
    for name in names:
        loaded = LOADERS[name]()
        if isinstance(loaded, Backend):
            return loaded
        reasons.append(loaded.reason)
    return Unavailable("; ".join(reasons))


def installed_versions() -> dict[str, str | None]:
    """Return each backend's installed version (None when absent), without importing it."""
    return {"simpleaudio": simpleaudio_version_or_none(), "miniaudio": miniaudio_version()}


def simpleaudio_version_or_none() -> str | None:
    """Return simpleaudio's version with its distribution name when it is not the original."""
    compat = distribution_version(COMPAT_DISTRIBUTION)
    if compat is not None:
        return f"{compat} ({COMPAT_DISTRIBUTION})"
    return distribution_version("simpleaudio")


def miniaudio_version() -> str | None:
    """Return miniaudio's installed version, or None."""
    return distribution_version("miniaudio")
