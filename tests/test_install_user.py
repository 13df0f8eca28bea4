"""The built wheel installed as a user would (``pip install --user``), then run in a real pty.

A private HOME holds the install and an ``.asoundrc`` whose default device is ALSA's
``file`` plugin, as in ``test_speaker_e2e``. Everything installs from prebuilt
wheels (``--only-binary=:all:``) with no compiler on PATH, so simpleaudio is absent
and speaker output has to come from the second backend, miniaudio. The test then
plays a routine with ``unpinch --sound speaker play`` and checks that each cue's
samples reached ALSA whole.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from tests.conftest import Spawn, skip_or_fail
from tests.e2e_helpers import CUES_ID, CUES_ITEMS, base_env, planned_cues, save_routine
from unpinch.sounds import CUES, cue_path

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CAPTURE_RC = """\
pcm.!default {{
    type file
    slave.pcm "null"
    file "{capture}/out.raw"
    format "raw"
    truncate false
}}
"""


def base_python() -> Path:
    """The interpreter this venv was made from: a user's plain Python, with a user site."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return Path(sys.base_prefix) / "bin" / version


def user_env(home: Path, no_compiler: Path) -> dict[str, str]:
    """A user's environment: the private HOME, no compiler on PATH, no inherited Python paths."""
    env = {k: v for k, v in os.environ.items() if k.startswith("PIP_")}
    env.update(
        HOME=str(home),
        PATH=f"{home / '.local' / 'bin'}:{no_compiler}",
        LANG="C.UTF-8",
        CC="false",
        CXX="false",
    )
    return env


@pytest.fixture(scope="module")
def user_install(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``pip install --user`` of the wheel into a private HOME; returns (HOME, its unpinch)."""
    if ctypes.util.find_library("asound") is None:
        skip_or_fail("libasound is missing (apt-get install libasound2-dev)")
    python = base_python()
    if not python.exists():
        skip_or_fail(f"no base interpreter at {python}")
    home = tmp_path_factory.mktemp("user-home")
    no_compiler = tmp_path_factory.mktemp("bin")
    env = user_env(home, no_compiler)
    assert shutil.which("gcc", path=env["PATH"]) is None
    assert shutil.which("cc", path=env["PATH"]) is None
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--user", "--only-binary=:all:", "-q", str(wheel)],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"pip install --user failed:\n{result.stdout}\n{result.stderr}"
    script = home / ".local" / "bin" / "unpinch"
    assert script.exists(), "the console script was not installed in ~/.local/bin"
    return home, script


def test_the_user_install_runs_from_home_with_miniaudio(user_install: tuple[Path, Path]) -> None:
    home, script = user_install
    env = user_env(home, home / "nothing")
    result = subprocess.run(
        [str(script), "--version"], env=env, cwd=home, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"Python {sys.version_info[0]}.{sys.version_info[1]}." in lines[1]
    assert "simpleaudio not installed" in lines
    assert lines[-1] == "speaker: miniaudio (simpleaudio is not installed)"
    where = subprocess.run(
        [str(base_python()), "-c", "import unpinch.tui; print(unpinch.tui.__file__)"],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(home / ".local" / "lib"))


def cue_of(stream: bytes) -> str | None:
    """The cue whose frames are the whole sound of ``stream`` (silence around), else None."""
    for name in CUES:
        with wave.open(str(cue_path(name)), "rb") as wav:
            frames = wav.readframes(wav.getnframes())
        if frames in stream and stream.replace(frames, b"", 1).strip(b"\x00") == b"":
            return name
    return None


def test_speaker_play_in_a_pty_sends_every_cue_to_alsa(
    user_install: tuple[Path, Path], spawn: Spawn, tmp_path: Path
) -> None:
    home, script = user_install
    capture = tmp_path / "capture"
    capture.mkdir()
    (home / ".asoundrc").write_text(CAPTURE_RC.format(capture=capture))
    db = tmp_path / "unpinch.json"
    save_routine(db, CUES_ID, CUES_ITEMS)
    planned = [cue.kind for cue in planned_cues(db, CUES_ID)]

    env = base_env(db, home, PATH=user_env(home, tmp_path / "nothing")["PATH"])
    term = spawn(
        [script, "--sound", "speaker", "play", CUES_ID], cols=80, rows=24, env=env, cwd=home
    )
    term.wait_for_text("Sound: speaker (miniaudio)", timeout=15)
    term.wait_for_text("Routine complete", timeout=40)
    time.sleep(1.5)  # the last cue lasts a second; let the worker play it out

    streams = [p.read_bytes() for p in sorted(capture.glob("out.raw*"))]
    sounding = [s for s in streams if s.strip(b"\x00")]
    heard = [cue_of(s) for s in sounding]
    assert None not in heard, "a captured stream is not one whole cue"
    # The first count-in ticks may come before the speaker has opened and be dropped as stale.
    assert set(planned) - {"tick"} <= set(heard)
    assert len(planned) - 3 <= len(heard) <= len(planned)
