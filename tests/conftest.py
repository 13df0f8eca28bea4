"""Fixtures shared across the test modules."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.ptyterm import PtyTerm

Spawn = Callable[..., PtyTerm]


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
def e2e_home(tmp_path: Path) -> Path:
    """A home folder for child processes, so nothing touches the real one."""
    home = tmp_path / "home"
    home.mkdir()
    return home


def skip_or_fail(reason: str) -> None:
    """Skip a test whose real component is missing, except in CI, where it must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must install it (see .ci/run)")
    pytest.skip(reason)
