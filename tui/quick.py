"""Answer ``unpinch due`` before click, the library or Textual are imported.

A tmux status line or a shell prompt runs ``unpinch due --tmux`` every few
seconds, so its answer must come in well under a tenth of a second. Only the
plain forms are taken here — ``due`` and ``due --tmux``, optionally after
``--db PATH`` — and only when :func:`unpinch.library.quick_due.quick_due` can
answer from the data file and its cache. Every other command line, and every
case the quick path is unsure of, goes on to the full command, which answers
the same way and refreshes the cache.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path


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
    """Print what is due and return the exit status, or None to let the full command answer."""
    request = due_request(argv)
    if request is None:
        return None
    from unpinch.library.paths import LIBRARY_DATA_DIR, resolve_db_path
    from unpinch.library.plain_text import shown
    from unpinch.library.quick_due import quick_due
    from unpinch.library.regular_files import not_regular_reason

    db_value, for_tmux = request
    db = resolve_db_path(db_value, os.environ)
    if not_regular_reason(db) is not None or not db.exists():
        return None
    today = date.today()
    found = quick_due(Path(db), today, LIBRARY_DATA_DIR)
    if found is None:
        return None
    if for_tmux:
        text = shown(f"{found[0].name} due") if found else ""
    elif found:
        text = "\n".join(shown(d.line(today), lines=True) for d in found) + "\n"
    else:
        text = "Nothing is due today.\n"
    sys.stdout.write(text)
    sys.stdout.flush()
    return 1 if found else 0
