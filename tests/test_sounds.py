"""The cue WAVs: remakeable byte for byte, valid, short, click-free and distinct."""

from __future__ import annotations

import itertools
import struct
import subprocess
import sys
import wave
from pathlib import Path
from typing import NamedTuple

import pytest

from unpinch.sounds import CUES, cue_path

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "sounds"

DURATION_BOUNDS_S = {
    "tick": (0.04, 0.08),
    "rep": (0.02, 0.06),
    "turn": (0.05, 0.1),
    "start": (0.12, 0.18),
    "switch": (0.20, 0.30),
    "rest": (0.15, 0.25),
    "done": (0.20, 0.30),
    "complete": (0.40, 0.60),
}


class WavInfo(NamedTuple):
    nchannels: int
    sampwidth: int
    framerate: int
    nframes: int


def read_samples(path: Path) -> tuple[WavInfo, tuple[int, ...]]:
    with wave.open(str(path), "rb") as wav:
        info = WavInfo(wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), wav.getnframes())
        frames = wav.readframes(info.nframes)
    return info, struct.unpack(f"<{info.nframes}h", frames)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the documented command into a fresh folder, as a real process."""
    out = tmp_path_factory.mktemp("regenerated")
    subprocess.run(
        [sys.executable, str(SOUNDS_DIR / "make_sounds.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def test_script_writes_exactly_the_known_cues(regenerated: Path) -> None:
    assert sorted(p.stem for p in regenerated.glob("*.wav")) == sorted(CUES)
    assert set(DURATION_BOUNDS_S) == set(CUES)


@pytest.mark.parametrize("cue", CUES)
def test_committed_wav_is_what_the_script_writes(cue: str, regenerated: Path) -> None:
    assert cue_path(cue).read_bytes() == (regenerated / f"{cue}.wav").read_bytes()


@pytest.mark.parametrize("cue", CUES)
def test_cue_is_mono_16_bit_44k_and_short(cue: str) -> None:
    params, _ = read_samples(cue_path(cue))
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44_100)
    low, high = DURATION_BOUNDS_S[cue]
    assert low <= params.nframes / params.framerate <= high
    assert cue_path(cue).stat().st_size < 50_000


@pytest.mark.parametrize("cue", CUES)
def test_cue_fades_in_and_out_and_is_audible_without_clipping(cue: str) -> None:
    _, samples = read_samples(cue_path(cue))
    assert abs(samples[0]) < 100 and abs(samples[-1]) < 100
    assert 3_000 < max(abs(s) for s in samples) < 32_000


def test_all_cues_together_stay_small() -> None:
    assert sum(cue_path(cue).stat().st_size for cue in CUES) < 160_000


def test_cues_are_pairwise_distinct() -> None:
    frames = {cue: read_samples(cue_path(cue))[1] for cue in CUES}
    for a, b in itertools.combinations(CUES, 2):
        assert frames[a] != frames[b], (a, b)


def test_cue_path_finds_files_in_the_package_and_rejects_unknown_names() -> None:
    import unpinch.sounds as sounds

    assert cue_path("tick").parent == Path(sounds.__file__).parent
    assert cue_path("tick").is_file()
    with pytest.raises(KeyError, match="unknown cue"):
        cue_path("tock")
