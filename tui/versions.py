"""What ``unpinch --version`` prints: unpinch, Python, Textual and the speaker libraries.

Versions come from the installed distributions' metadata, so nothing heavy is
imported: ``--version`` stays as quick as the plain commands.
"""

from __future__ import annotations

import platform

from unpinch.library import __version__
from unpinch.tui.sound_backends import (
    BACKENDS,
    distribution_version,
    installed_versions,
    simpleaudio_problem,
)


def speaker_line() -> str:
    """Which speaker library the sound worker would use here, and why not the first."""
    versions = installed_versions()
    problem = simpleaudio_problem()
    if problem is None:
        return "speaker: simpleaudio"
    if versions["miniaudio"] is not None:
        return f"speaker: miniaudio ({problem})"
    return f"speaker: none ({problem}; miniaudio is not installed)"


def version_text() -> str:
    """Every line of ``unpinch --version``."""
    versions = installed_versions()
    lines = [
        f"unpinch {__version__}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        f"Textual {distribution_version('textual') or 'not installed'}",
    ]
    lines += [f"{name} {versions[name] or 'not installed'}" for name in BACKENDS]
    lines.append(speaker_line())
    return "\n".join(lines)
