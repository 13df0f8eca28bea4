"""What an unexpected error prints: where it happened, never the data it was working on.

Textual's own report shows every local variable of every frame, which puts a
person's session (pain scores, notes) on the screen and in any log that
captures it. This report names the error's type and the frames it passed
through (file, line, function), nothing of their values and not the error's
message, which can quote a record too. The session so far is saved when the
app closes, and the process ends with status 1.
"""

from __future__ import annotations

import traceback
from types import TracebackType

__all__ = ["crash_report"]

HEADLINE = "unpinch stopped after an unexpected error. What you did so far is saved."


def crash_report(error: BaseException) -> str:
    """A short plain-text report of ``error``: a headline, its frames and its type."""
    lines = [HEADLINE, "", "Where it happened (most recent call last):"]
    lines += [f"  {frame}" for frame in _frames(error.__traceback__)]
    lines += [f"{type(error).__module__}.{type(error).__qualname__}"]
    return "\n".join(lines) + "\n"


def _frames(trace: TracebackType | None) -> list[str]:
    """Each frame as "file:line in function", with no source text or values."""
    return [
        f"{summary.filename}:{summary.lineno} in {summary.name}"
        for summary in traceback.extract_tb(trace, limit=30)
    ]
