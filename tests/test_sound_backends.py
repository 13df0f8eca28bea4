"""Which speaker library the worker picks, and how the choice is reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unpinch.tui.sound import (
    NO_DEVICE,
    SpeakerCheck,
    check_speaker,
    choose_mode,
    parse_probe,
)
from unpinch.tui.sound_backends import (
    BACKEND_VARIABLE,
    Backend,
    load_backend,
    simpleaudio_problem,
)

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("python", "installed", "problem"),
    [
        ((3, 11), {"simpleaudio": "1.0.4"}, None),
        ((3, 12), {"simpleaudio": "1.0.4"}, "simpleaudio 1.0.4 crashes on Python 3.12"),
        ((3, 13), {"simpleaudio": "1.0.4"}, "simpleaudio 1.0.4 crashes on Python 3.13"),
        ((3, 13), {"simpleaudio-312compat": "1.0.4"}, None),
        ((3, 11), {}, "simpleaudio is not installed"),
        ((3, 13), {}, "simpleaudio is not installed"),
    ],
)
def test_simpleaudio_is_refused_where_it_crashes(
    python: tuple[int, int], installed: dict[str, str], problem: str | None
) -> None:
    assert simpleaudio_problem(python, installed.get) == problem


@pytest.mark.parametrize(
    ("code", "line", "check"),
    [
        (0, "ok miniaudio 1.71\n", SpeakerCheck(True, "ok", "miniaudio 1.71")),
        (0, "", SpeakerCheck(True, "ok", "")),
        (1, "no-device simpleaudio 1.0.4\n", SpeakerCheck(False, "no-device", "simpleaudio 1.0.4")),
        (
            1,
            "no-library miniaudio does not import\n",
            SpeakerCheck(False, "no-library", "miniaudio does not import"),
        ),
        (1, "", SpeakerCheck(False, "no-device", "")),
        (-11, "garbage", SpeakerCheck(False, "no-device", "")),
    ],
)
def test_probe_output_is_parsed(code: int, line: str, check: SpeakerCheck) -> None:
    assert parse_probe(code, line) == check


@pytest.mark.parametrize(
    ("requested", "env", "check", "summary", "reason"),
    [
        ("auto", {}, SpeakerCheck(True, "ok", "miniaudio 1.71"), "speaker (miniaudio)", None),
        ("auto", {}, SpeakerCheck(True, "ok", "simpleaudio 1.0.4"), "speaker (simpleaudio)", None),
        ("auto", {"SSH_TTY": "/dev/pts/1"}, SpeakerCheck(True, "ok", ""), "bell: over SSH", None),
        ("auto", {}, SpeakerCheck(False, "no-device", "x 1"), "bell: no sound device", None),
        ("auto", {}, SpeakerCheck(False, "no-library", "gone"), "bell: no speaker library", None),
        ("speaker", {}, SpeakerCheck(False, "no-device", ""), "bell: no sound device", NO_DEVICE),
        ("bell", {}, SpeakerCheck(True), "bell", None),
        ("off", {}, SpeakerCheck(True), "off", None),
    ],
)
def test_the_choice_says_what_plays_and_why(
    requested: str, env: dict[str, str], check: SpeakerCheck, summary: str, reason: str | None
) -> None:
    choice = choose_mode(requested, env, lambda: check)
    assert (choice.summary, choice.reason) == (summary, reason)


def test_a_missing_library_is_not_called_a_missing_device() -> None:
    choice = choose_mode("speaker", {}, lambda: SpeakerCheck(False, "no-library", "nothing"))
    assert choice.mode == "bell"
    assert choice.reason is not None
    assert "No sound device" not in choice.reason
    assert "No speaker library loaded (nothing)" in choice.reason


def test_a_forced_backend_is_the_only_one_tried() -> None:
    loaded = load_backend({BACKEND_VARIABLE: "miniaudio"})
    assert isinstance(loaded, Backend)
    assert loaded.name == "miniaudio"
    assert hasattr(loaded.audio, "WaveObject") and hasattr(loaded.audio, "play_buffer")


def blocked_imports(tmp_path: Path) -> dict[str, str]:
    """An environment in which importing simpleaudio and miniaudio fails."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    for name in ("simpleaudio", "miniaudio"):
        (shadow / f"{name}.py").write_text(f"raise ImportError('no {name} here')\n")
    env = dict(os.environ, PYTHONPATH=str(shadow))
    env.pop(BACKEND_VARIABLE, None)
    return env


def test_without_any_library_the_probe_says_so(tmp_path: Path) -> None:
    env = blocked_imports(tmp_path)
    check = check_speaker(env)
    assert (check.ok, check.status) == (False, "no-library")
    assert "miniaudio does not import (ImportError)" in check.detail
    choice = choose_mode("auto", {}, lambda: check)
    assert (choice.mode, choice.summary) == ("bell", "bell: no speaker library")


def test_without_any_library_the_worker_exits_2_quietly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "unpinch.tui.sound_worker"],
        input=b"start\n",
        capture_output=True,
        env=blocked_imports(tmp_path),
        cwd=REPO,
        timeout=30,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (2, b"", b"")
