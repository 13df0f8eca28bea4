"""The child process that plays cue sounds, so the UI process never touches audio.

Run as ``python -m unpinch.tui.sound_worker``: it reads cue names from stdin, one a line,
and plays each WAV without waiting for it to finish, so cues may overlap
slightly. A line ``wav PATH`` plays that WAV file (a spoken phrase rendered
ahead of time). Unknown names and unreadable files are ignored. At end of
input it waits for the sounds still playing and exits 0.

``python -m unpinch.tui.sound_worker --probe`` loads the cues, plays a millisecond of
silence and exits 0 if a sound device opened, 1 if not. It also prints one line
for the parent: ``ok``, ``no-device`` or ``no-library``, then the backend and its
version (or why no speaker library loaded).

The speaker library is simpleaudio, or miniaudio where simpleaudio is missing or
known to crash on this Python (see ``unpinch.tui.sound_backends``).

The worker sends its own fd 2 to /dev/null before loading a speaker library, because
ALSA prints errors straight onto fd 2 whatever Python does with ``sys.stderr``;
the parent also starts it with stderr to DEVNULL. Exit codes say why it stopped:
0 end of input, 1 probe failed, 2 no speaker library or the WAVs could not be loaded,
3 the sound device failed while playing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

from unpinch.sounds import CUES, cue_path
from unpinch.tui.sound_backends import Unavailable, load_backend

EXIT_OK = 0
EXIT_PROBE_FAILED = 1
EXIT_NO_AUDIO = 2
EXIT_DEVICE_FAILED = 3

SPEECH_PREFIX = "wav "
"""A line starting with this names a WAV file to play (speech), not a cue."""

PROBE_SILENCE = b"\x00\x00" * 44
"""One millisecond of 16-bit mono silence at 44.1 kHz: opens the device, is inaudible."""


def silence_stderr() -> None:
    """Point fd 2 at /dev/null so that C libraries cannot write to the terminal."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def load_cues(simpleaudio: Any) -> dict[str, Any]:
    """Load every cue WAV once, keyed by cue name."""
    return {name: simpleaudio.WaveObject.from_wave_file(str(cue_path(name))) for name in CUES}


def probe(simpleaudio: Any) -> int:
    """Play a millisecond of silence and report whether the default device opened."""
    try:
        load_cues(simpleaudio)
        simpleaudio.play_buffer(PROBE_SILENCE, 1, 2, 44_100).wait_done()
    except Exception:
        return EXIT_PROBE_FAILED
    return EXIT_OK


def wave_for(waves: dict[str, Any], line: str, load: Callable[[str], Any] | None) -> Any:
    """The loaded cue a line names, or the WAV file a ``wav PATH`` line names; None if neither.

    A speech file is read in full here (a few milliseconds for a phrase), so
    playing it never waits on the disk.
    """
    if not line.startswith(SPEECH_PREFIX):
        return waves.get(line)
    if load is None:
        return None
    try:
        return load(line[len(SPEECH_PREFIX) :])
    except Exception:
        return None


def serve(waves: dict[str, Any], stream: BinaryIO, load: Callable[[str], Any] | None = None) -> int:
    """Play each cue named on ``stream`` until end of input, then drain and exit.

    Finished play objects are dropped as new cues arrive so the list stays short.
    """
    playing: list[Any] = []
    for raw in iter(stream.readline, b""):
        wave_object = wave_for(waves, raw.decode("utf-8", "replace").strip(), load)
        if wave_object is None:
            continue
        playing = [p for p in playing if p.is_playing()]
        try:
            playing.append(wave_object.play())
        except Exception:
            return EXIT_DEVICE_FAILED
    for play_object in playing:
        play_object.wait_done()
    return EXIT_OK


def report(status: str, detail: str) -> None:
    """Tell the probing parent, on one stdout line, what was found."""
    sys.stdout.write(f"{status} {detail}\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Silence fd 2, load a speaker library and either probe or serve stdin."""
    args = sys.argv[1:] if argv is None else list(argv)
    silence_stderr()
    backend = load_backend()
    if isinstance(backend, Unavailable):
        if "--probe" in args:
            report("no-library", backend.reason)
            return EXIT_PROBE_FAILED
        return EXIT_NO_AUDIO
    if "--probe" in args:
        code = probe(backend.audio)
        report("ok" if code == EXIT_OK else "no-device", f"{backend.name} {backend.version}")
        return code
    try:
        waves = load_cues(backend.audio)
    except Exception:
        return EXIT_NO_AUDIO
    return serve(waves, sys.stdin.buffer, backend.audio.WaveObject.from_wave_file)


if __name__ == "__main__":
    raise SystemExit(main())
