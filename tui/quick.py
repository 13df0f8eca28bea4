"""Answer ``unpinch due`` before click, the library or Textual are imported.

A tmux status line or a shell prompt runs ``unpinch due --tmux`` every few
seconds, so its answer must come in well under a tenth of a second. Only the
plain forms are taken here — ``due`` and ``due --tmux``, optionally after
``--db PATH`` — and only when :func:`unpinch.library.quick_due.quick_answer`
finds the answer the full command stored for the data file as it is now. Every
other command line, and every case the quick path is unsure of, goes on to the
full command, which answers the same way and stores its answer.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
"""Stands in for ``typing.TYPE_CHECKING``: importing typing costs a status line dearly."""

if TYPE_CHECKING:
    from collections.abc import Sequence


def due_request(argv: Sequence[str]) -> tuple[str | None, bool] | None:
    """Read ``[--db PATH] due [--tmux]`` as (the --db value, for tmux); None for anything else."""
    args = list(argv)
    db: str | None = None
    if args[:1] == ["--db"] and len(args) >= 2:
        db, args = args[1], args[2:]
    elif args[:1] and args[0].startswith("--db="):
        db, args = args[0].removeprefix("--db="), args[1:]
    if args == ["due"]:
        return db, False
    if args == ["due", "--tmux"]:
        return db, True
    return None


def answer_due(argv: Sequence[str]) -> int | None:
    """Print the stored answer and return its exit status; None lets the full command answer."""
    request = due_request(argv)
    if request is None:
        return None
    from unpinch.library.plain_text import shown
    from unpinch.library.quick_due import quick_answer, quick_db_path

    db_value, for_tmux = request
    db = quick_db_path(db_value, os.environ)
    found = None if db is None else quick_answer(db)
    if found is None:
        return None
    status, tmux, text = found
    sys.stdout.write(shown(tmux) if for_tmux else shown(text, lines=True))
    sys.stdout.flush()
    return status
