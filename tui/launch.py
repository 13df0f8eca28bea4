"""Start the full-screen app, and the one-line errors every command shares, without click.

``unpinch`` with no arguments is the everyday start, so it goes straight from
:func:`unpinch.tui.__main__.main` to :func:`launch` without importing click,
which only the plain commands need; those import :mod:`unpinch.tui.commands.common`,
which takes :class:`Options`, :func:`fail` and :func:`failures_as_messages` from here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from unpinch.library.paths import resolve_db_path
from unpinch.library.plain_text import shown
from unpinch.library.regular_files import not_regular_reason


class Options:
    """Global options shared by every command."""

    def __init__(
        self,
        db: str | None,
        sound: str | None,
        notify: str | None = None,
        voice: str | None = None,
        glyphs: str | None = None,
    ) -> None:
        self.db_path: Path = resolve_db_path(db, os.environ)
        self.sound = sound
        self.notify = notify
        self.voice = voice
        self.glyphs = glyphs
        refused = not_regular_reason(self.db_path)
        if refused is not None:
            fail(f"{self.db_path}: {refused}; the data file must be a regular file")


@contextmanager
def failures_as_messages() -> Iterator[None]:
    """Turn expected failures into one line on stderr and exit status 1, no traceback."""
    from unpinch.library.codec import CatalogError
    from unpinch.library.store_error import StoreError

    try:
        yield
    except (CatalogError, StoreError) as error:
        fail(str(error))
    except KeyError as error:
        fail(str(error.args[0]) if error.args else "not found")
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))


def fail(message: str) -> None:
    """Print ``message`` as unpinch's one-line error and exit 1.

    A message can quote a file or the store, so it is printed with every
    control character made visible, on one line.
    """
    sys.stderr.write(f"unpinch: {shown(message)}\n")
    sys.exit(1)


def launch(options: Options, routine_id: str | None) -> None:
    """Start the full-screen app, optionally straight into a routine.

    The garbage collector is paused from here to the app's first frame
    (:mod:`unpinch.tui.collector`); the app resumes it, and so does the end
    of this function when the app stopped before it could. Records write
    their ``__init__`` after that frame too (:func:`unpinch.library.record.defer_inits`).
    """
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        fail("the player needs a terminal; try 'unpinch --help' for plain commands")
    from unpinch.library import record
    from unpinch.tui import collector

    record.defer_inits()
    collector.pause()
    try:
        code = run_configured(options, routine_id)
    finally:
        collector.resume()
    leave(code)


def run_configured(options: Options, routine_id: str | None) -> int:
    """Read the config file and the glyph choice, then run the app; return its exit status."""
    from unpinch.library.config import load_config, resolve_config_path
    from unpinch.tui.app import run_app
    from unpinch.tui.glyphs import FIGURE_STYLE_ENV, glyph_mode

    config = load_config(resolve_config_path(os.environ))
    if glyph_mode(options.glyphs, os.environ) == "plain":  # braille is not in the console's font
        os.environ.setdefault(FIGURE_STYLE_ENV, "ascii")
    with failures_as_messages():
        code = run_app(
            db_path=options.db_path,
            sound=options.sound,
            routine_id=routine_id,
            config=config,
            notify=options.notify,
            voice=options.voice,
            glyphs=None if options.glyphs in (None, "auto") else options.glyphs,
        )
    return code


def leave(code: int) -> None:
    """Exit with ``code``, even when the terminal has gone.

    After a hang-up, flushing what is left for the terminal fails, and Python
    would then end with status 120 instead of the 129 a hang-up gives. After
    a signal the app has already saved and closed everything, so the process
    ends at once, without a final flush that could fail.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        os._exit(code)
    if code >= 128:
        os._exit(code)
    sys.exit(code)
