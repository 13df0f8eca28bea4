"""Child-process side of the store's multi-process tests: real interpreters on one file.

Run as ``python -m unpinch.tests.store_helpers COMMAND PATH [ARGS]``. Each command
prints ``ready`` and waits for a line on stdin before it starts, so that the
parent can release several children at the same moment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from unpinch.library.filelock import FileLock
from unpinch.library.model import Dose
from unpinch.library.store import Store
from unpinch.library.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[1]


def spawn(command: str, path: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``command`` in a fresh interpreter and wait until it says it is ready."""
    child = subprocess.Popen(
        [sys.executable, "-m", "unpinch.tests.store_helpers", command, str(path), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


def go(child: subprocess.Popen[str]) -> None:
    """Release a child that is waiting after ``ready``."""
    assert child.stdin is not None
    child.stdin.write("go\n")
    child.stdin.flush()


def finish(child: subprocess.Popen[str], timeout: float = 60) -> list[str]:
    """Wait for a child to exit cleanly and return the lines it printed."""
    out, _ = child.communicate(timeout=timeout)
    assert child.returncode == 0, f"child failed with status {child.returncode}"
    return out.splitlines()


def ready() -> None:
    """Say we are ready, then wait for the go line."""
    print("ready", flush=True)
    sys.stdin.readline()


def append(path: Path, count: int, tag: str) -> None:
    """Add ``count`` sessions tagged ``tag``, printing each id once it is saved."""
    with Store.open(path) as store:
        ready()
        for n in range(count):
            doc = {"routine_id": tag, "started": f"2026-01-01T07:00:{n:02}", "n": n}
            print(store.add_session(doc), flush=True)


def settings(path: Path, count: int, tag: str) -> None:
    """Set ``count`` distinct settings named after ``tag``."""
    with Store.open(path) as store:
        ready()
        for n in range(count):
            store.set_setting(f"{tag}-{n}", n)
            print(f"{tag}-{n}", flush=True)


def pin(path: Path, count: int, tag: str) -> None:
    """Pin ``count`` exercises named after ``tag`` through the workspace, as the player does."""
    space = open_workspace(path)
    ready()
    for n in range(count):
        name = f"{tag}-{n}"
        space.save_settings(space.settings.pinned(name, Dose()))
        print(name, flush=True)
    space.close()


def hold_file_lock(path: Path) -> None:
    """Take a FileLock on ``path`` itself, say so, and keep it until a line arrives."""
    lock = FileLock(path)
    ready()
    with lock.exclusive():
        print("locked", flush=True)
        sys.stdin.readline()


def hold_lock(path: Path) -> None:
    """Take the store's lock, say so, and keep it until a line arrives on stdin."""
    lock = FileLock(path.parent)  # the store locks its data folder
    ready()
    with lock.exclusive():
        print("locked", flush=True)
        sys.stdin.readline()


def main(argv: list[str]) -> None:
    """Dispatch one command."""
    command, path = argv[0], Path(argv[1])
    if command == "hold-lock":
        hold_lock(path)
    elif command == "append":
        append(path, int(argv[2]), argv[3])
    elif command == "pin":
        pin(path, int(argv[2]), argv[3])
    elif command == "hold-file-lock":
        hold_file_lock(path)
    elif command == "settings":
        settings(path, int(argv[2]), argv[3])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
