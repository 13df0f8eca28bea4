"""Write unpinch's cue WAV files from a few lines of synthesis.

Run ``python sounds/make_sounds.py`` to remake the WAVs next to this file, or
``python sounds/make_sounds.py --out DIR`` to write them somewhere else. Only the
standard library is used and nothing is random, so the same Python produces the
same bytes every time; a test regenerates the files and compares them.

Every cue is mono, 16-bit, 44.1 kHz, short, and shaped by a raised-cosine fade
in and out so that it starts and ends at silence (no clicks).
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

RATE = 44_100
"""Samples per second of every cue."""

Samples = list[float]
"""Mono samples in the range -1.0 .. 1.0."""


def tone(
    freq: float,
    dur_s: float,
    amp: float,
    *,
    end_freq: float | None = None,
    attack_s: float = 0.005,
    release_s: float = 0.03,
    decay_s: float | None = None,
) -> Samples:
    """Return one shaped tone, optionally sweeping from ``freq`` to ``end_freq``.

    The phase is accumulated sample by sample so a sweep stays continuous. A
    little second harmonic makes the tone rounder than a bare sine. ``decay_s``
    adds an exponential decay for plucked or bell-like cues.
    """
    count = round(dur_s * RATE)
    target = freq if end_freq is None else end_freq
    out: Samples = []
    phase = 0.0
    for n in range(count):
        t = n / RATE
        f = freq + (target - freq) * (n / max(count - 1, 1))
        phase += 2.0 * math.pi * f / RATE
        value = math.sin(phase) + 0.15 * math.sin(2.0 * phase)
        gain = envelope(n, count, attack_s, release_s)
        if decay_s is not None:
            gain *= math.exp(-t / decay_s)
        out.append(amp * gain * value / 1.15)
    return out


def envelope(n: int, count: int, attack_s: float, release_s: float) -> float:
    """Return the raised-cosine fade gain of sample ``n`` out of ``count``.

    Both ends reach exactly zero, which is what keeps the cues click-free.
    """
    attack = max(round(attack_s * RATE), 1)
    release = max(round(release_s * RATE), 1)
    gain = 1.0
    if n < attack:
        gain = min(gain, 0.5 - 0.5 * math.cos(math.pi * n / attack))
    left = count - 1 - n
    if left < release:
        gain = min(gain, 0.5 - 0.5 * math.cos(math.pi * left / release))
    return gain


def silence(dur_s: float) -> Samples:
    """Return ``dur_s`` seconds of silence, used as a gap between notes."""
    return [0.0] * round(dur_s * RATE)


def chord(freqs: Sequence[float], dur_s: float, amp: float, decay_s: float) -> Samples:
    """Return several decaying tones played together, scaled to ``amp`` overall."""
    parts = [tone(f, dur_s, amp / len(freqs), decay_s=decay_s, release_s=0.06) for f in freqs]
    return [sum(values) for values in zip(*parts, strict=True)]


def tick() -> Samples:
    """Count-in tick: a very short, high, quickly decaying blip (60 ms)."""
    return tone(1976.0, 0.060, 0.45, attack_s=0.002, release_s=0.02, decay_s=0.025)


def rep() -> Samples:
    """Paced-rep click: a very short, soft, woody click (40 ms)."""
    return tone(1320.0, 0.040, 0.30, attack_s=0.001, release_s=0.015, decay_s=0.008)


def turn() -> Samples:
    """Turn of a paced rep (lift to lower): a soft, low, rounded knock (70 ms).

    Lower and gentler than the rep click so that the two are told apart by
    ear: the click starts a rep, the knock marks the turn inside it.
    """
    return tone(587.33, 0.070, 0.22, end_freq=523.25, attack_s=0.008, release_s=0.04, decay_s=0.03)


def start() -> Samples:
    """Start of a hold or set of reps: a bright rising sweep (150 ms)."""
    return tone(523.25, 0.150, 0.50, end_freq=1046.5, attack_s=0.006, release_s=0.035)


def switch() -> Samples:
    """Switch sides: a high note then a lower one, like a swap (250 ms)."""
    high = tone(880.0, 0.110, 0.45, release_s=0.025)
    low = tone(659.25, 0.110, 0.45, release_s=0.025)
    return high + silence(0.030) + low


def rest() -> Samples:
    """Rest: a soft, low tone with slow edges so it calms rather than alerts (200 ms)."""
    return tone(392.0, 0.200, 0.30, attack_s=0.030, release_s=0.080)


def done() -> Samples:
    """Exercise done: a bell-like fifth that rings and fades (250 ms)."""
    return chord((659.25, 987.77), 0.250, 0.50, decay_s=0.090)


def complete() -> Samples:
    """Routine complete: a rising C-E-G arpeggio, the last note held (500 ms)."""
    first = tone(523.25, 0.120, 0.45, release_s=0.030)
    second = tone(659.25, 0.120, 0.45, release_s=0.030)
    last = tone(783.99, 0.260, 0.45, release_s=0.120, decay_s=0.250)
    return first + second + last


CUE_MAKERS: dict[str, Callable[[], Samples]] = {
    "tick": tick,
    "rep": rep,
    "turn": turn,
    "start": start,
    "switch": switch,
    "rest": rest,
    "done": done,
    "complete": complete,
}
"""Each cue's name (the WAV's stem) and the function that synthesises it."""


def to_pcm(samples: Samples) -> bytes:
    """Quantise samples to little-endian signed 16-bit PCM, clipping at full scale."""
    ints = [max(-32768, min(32767, round(s * 32767.0))) for s in samples]
    return struct.pack(f"<{len(ints)}h", *ints)


def write_wav(path: Path, samples: Samples) -> None:
    """Write ``samples`` to ``path`` as a mono 16-bit 44.1 kHz WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(to_pcm(samples))


def write_cues(folder: Path) -> list[Path]:
    """Write every cue into ``folder`` (created if needed) and return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in CUE_MAKERS.items():
        path = folder / f"{name}.wav"
        write_wav(path, make())
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, write the cues and list what was written."""
    parser = argparse.ArgumentParser(description="Write unpinch's cue WAV files.")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder to write into (default: the sounds folder itself)",
    )
    args = parser.parse_args(argv)
    for path in write_cues(args.out):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
