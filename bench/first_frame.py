"""Run a program until it hands the terminal a frame showing some texts, then end it at once.

Run as a script, with the same interpreter as the app::

    python bench/first_frame.py 'Routines|Good morning' app
    python bench/first_frame.py Ready reference word
    python bench/first_frame.py 'Routines|Good morning' reference home FILE

The texts are separated by ``|``. ``app`` runs unpinch as its console script
does (:func:`unpinch.tui.__main__.main`, no arguments); ``reference`` runs a
program of ``bench/reference_apps.py``. Textual's Linux driver is wrapped so
that, as soon as everything it was given to write holds every text, its
writer thread is let finish writing that frame to the terminal and the
process ends with ``os._exit(0)``: nothing after that frame is counted. Any
other end (an error, the program quitting) gives another exit status.

The start-up bench runs this under valgrind to count the instructions each
program executes up to its first frame (:mod:`bench.startup_counts`). The
wrapper costs a string join per write, the same in every program. The driver's
module is imported with the garbage collector off, so a collection it would
have started cannot land in one program's count and not another's.
"""

from __future__ import annotations

import gc
import os
import runpy
import sys
from pathlib import Path
from typing import Any

REFERENCE_APPS = Path(__file__).with_name("reference_apps.py")


def end_at_frame(texts: list[str]) -> None:
    """Wrap the Linux driver's ``write`` so the process ends once all ``texts`` were written."""
    gc.disable()
    from textual.drivers import linux_driver

    gc.enable()
    write = linux_driver.LinuxDriver.write
    written: list[str] = []

    def watched(self: Any, data: str) -> None:
        """Write as before; end the process once everything written holds every text."""
        write(self, data)
        written.append(data)
        joined = "".join(written)
        if all(text in joined for text in texts):
            thread = self._writer_thread
            thread.stop()  # it writes what is queued, this frame last, and ends
            thread.join()
            os._exit(0)

    linux_driver.LinuxDriver.write = watched  # type: ignore[method-assign]


def main(argv: list[str]) -> None:
    """Run the program ``argv`` names (see the module) until its frame shows the texts."""
    texts, kind, *rest = argv
    if kind not in ("app", "reference"):
        raise SystemExit(f"first_frame: unknown program {kind!r}")
    end_at_frame(texts.split("|"))
    try:
        if kind == "app":
            from unpinch.tui.__main__ import main as unpinch_main

            sys.argv = ["unpinch"]
            unpinch_main()
        else:
            sys.argv = [str(REFERENCE_APPS), *rest]
            runpy.run_path(str(REFERENCE_APPS), run_name="__main__")
    except SystemExit as ended:
        raise SystemExit(
            f"first_frame: the program ended ({ended.code}) before the texts"
        ) from None
    raise SystemExit("first_frame: the program ended before showing the texts")


if __name__ == "__main__":
    main(sys.argv[1:])
