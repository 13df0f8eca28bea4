"""miniaudio behind simpleaudio's API: ``WaveObject.from_wave_file``, ``play_buffer``, play objects.

miniaudio ships prebuilt wheels, so it gives speaker output to users who cannot
build simpleaudio. Each sound opens its own playback device in the WAV's own
format, as simpleaudio does, so overlapping cues mix in the sound server and
every cue reaches ALSA as one stream. A device closes itself once its sound has
been handed over and has had time to leave the buffer, so nothing streams
silence between cues. Loaded only in the sound worker process.
"""

from __future__ import annotations

import threading
import wave
from collections.abc import Callable, Generator
from typing import Any

import miniaudio

PERIOD_MS = 20
"""Device period: short, so a cue starts within a frame of being asked for."""

TAIL_S = 4 * PERIOD_MS / 1000
"""How long a finished sound's device stays open so the last periods are played out."""

FORMATS = {
    1: miniaudio.SampleFormat.UNSIGNED8,
    2: miniaudio.SampleFormat.SIGNED16,
    3: miniaudio.SampleFormat.SIGNED24,
    4: miniaudio.SampleFormat.SIGNED32,
}
"""miniaudio's sample format for each sample width in bytes."""


def frames_generator(
    frames: bytes, frame_bytes: int, finished: Callable[[], None]
) -> Generator[bytes, int, None]:
    """Yield ``frames`` in the sizes the device asks for, then call ``finished``.

    miniaudio sends the number of frames it wants into the generator; the first
    ``next`` primes it. ``finished`` runs on the audio thread, so it must not block.
    """
    position = 0
    wanted = yield b""
    while position < len(frames):
        chunk = frames[position : position + wanted * frame_bytes]
        position += len(chunk)
        wanted = yield chunk
    finished()


class PlayObject:
    """One sound playing on its own miniaudio device, which closes itself when done."""

    def __init__(self, frames: bytes, channels: int, sample_width: int, rate: int) -> None:
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._device: Any = open_device(channels, sample_width, rate)
        generator = frames_generator(frames, channels * sample_width, self._close_after_tail)
        next(generator)
        try:
            self._device.start(generator)
        except Exception:
            self._close()
            raise

    def is_playing(self) -> bool:
        """Return True until the sound and its tail have played and the device is closed."""
        return not self._closed.is_set()

    def wait_done(self) -> None:
        """Block until the sound and its tail have played out and the device is closed."""
        self._closed.wait()

    def _close_after_tail(self) -> None:
        """From the audio thread: close the device once the last periods have left it.

        A device left open streams silence until someone closes it, and the
        worker only looks when the next cue comes, seconds later.
        """
        closer = threading.Timer(TAIL_S, self._close)
        closer.daemon = True
        closer.start()

    def _close(self) -> None:
        """Release the device, once, from whichever thread gets here first."""
        with self._lock:
            device, self._device = self._device, None
        if device is not None:
            device.close()
        self._closed.set()


def open_device(channels: int, sample_width: int, rate: int) -> Any:
    """Open the default playback device in the sound's format; refuse miniaudio's null output.

    Without a real device miniaudio quietly falls back to a null backend that
    plays nothing: that is "no sound device" here, so the caller uses the bell.
    """
    if sample_width not in FORMATS:
        raise ValueError(f"unsupported sample width {sample_width}")
    device = miniaudio.PlaybackDevice(
        output_format=FORMATS[sample_width],
        nchannels=channels,
        sample_rate=rate,
        buffersize_msec=PERIOD_MS,
        app_name="unpinch",
    )
    if str(device.backend).lower() == "null":
        device.close()
        raise OSError("no sound device (miniaudio found only its null output)")
    return device


class WaveObject:
    """A loaded sound, played as many times as asked."""

    def __init__(self, frames: bytes, channels: int, sample_width: int, rate: int) -> None:
        self.frames = frames
        self.channels = channels
        self.sample_width = sample_width
        self.rate = rate

    @classmethod
    def from_wave_file(cls, path: str) -> WaveObject:
        """Read a WAV file's frames and format."""
        with wave.open(path, "rb") as wav:
            frames = wav.readframes(wav.getnframes())
            return cls(frames, wav.getnchannels(), wav.getsampwidth(), wav.getframerate())

    def play(self) -> PlayObject:
        """Start playing on a fresh device and return at once."""
        return PlayObject(self.frames, self.channels, self.sample_width, self.rate)


def play_buffer(data: bytes, channels: int, sample_width: int, rate: int) -> PlayObject:
    """Play raw frames, like ``simpleaudio.play_buffer``."""
    return PlayObject(bytes(data), channels, sample_width, rate)
