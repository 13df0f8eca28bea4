"""Fixtures shared across the test modules."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from bench.ptyterm import PtyTerm
from tests.factories import NOW, AppFactory, snapshot_app
from tests.fakes import FakeClock
from unpinch.library.store import Store
from unpinch.tui.app import UnpinchApp

Spawn = Callable[..., PtyTerm]

pytest_plugins = ["tests.hangs"]

# The suite runs on two shared cores: generation speed and per-example time depend on the
# machine's load, not on the code, so neither may fail a property test.
settings.register_profile("unpinch", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("unpinch")

# Child Pythons get no current folder on sys.path, as an installed unpinch has none: an import
# that works only from the repository root (``import tui``) fails in the tests too.
os.environ["PYTHONSAFEPATH"] = "1"

# The cache of parsed library files goes to a folder of this run's own, not the user's.
os.environ["UNPINCH_CACHE_DIR"] = tempfile.mkdtemp(prefix="unpinch-test-cache-")

# What the terminal and multiplexer around the test run say changes which notification form
# ``auto`` picks, and so what the settings screen shows: tests set these themselves.
TERMINAL_HINTS = ("TERM_PROGRAM", "LC_TERMINAL", "KITTY_WINDOW_ID", "TMUX", "STY")
for _name in TERMINAL_HINTS:
    os.environ.pop(_name, None)


@pytest.fixture
def spawn() -> Iterator[Spawn]:
    """Start commands in real pseudo-terminals; every one is stopped at teardown."""
    started: list[PtyTerm] = []

    def start(argv: Sequence[str | Path], **options: Any) -> PtyTerm:
        term = PtyTerm(argv, **options)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A real, empty TinyDB data file in the test's own folder (first-run notice seen)."""
    path = tmp_path / "unpinch.json"
    with Store.open(path) as store:
        store.set_setting("first_run_ack", True)
    return path


@pytest.fixture
def wall_now() -> datetime:
    """The fixed wall-clock time the apps under test are given."""
    return NOW


@pytest.fixture
def app_factory() -> AppFactory:
    """Build the app on a data file with a fake monotonic clock, the fixed time and no sound."""

    def build(db: Path, clock: FakeClock | None = None) -> UnpinchApp:
        return snapshot_app(db, clock)

    return build


@pytest.fixture
def e2e_home(tmp_path: Path) -> Path:
    """A home folder for child processes, so nothing touches the real one."""
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, once per test process."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(root)],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"building the wheel failed:\n{result.stderr}"
    (built,) = out.glob("unpinch-*.whl")
    return built


def skip_or_fail(reason: str) -> None:
    """Skip a test whose real component is missing, except in CI, where it must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must install it (see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def only_the_unpinch_namespace() -> Iterator[None]:
    """Fail the run if code imported ``library``, ``tui`` or ``sounds`` outside ``unpinch``.

    In a checkout the repository root is importable, so a stray ``import tui`` would work here
    and break only in the installed wheel, where the packages live under ``unpinch``.
    """
    yield
    import sys

    stray = sorted(m for m in sys.modules if m.split(".")[0] in {"library", "tui", "sounds"})
    assert not stray, f"imported outside the unpinch namespace: {stray}"


@pytest.fixture
def zone() -> Iterator[None]:
    """Leave the process's time zone as it found it."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()
