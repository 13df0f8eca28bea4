"""Real audio: the real worker, real simpleaudio or miniaudio and real ALSA, with the sound
card replaced by ALSA's ``file`` plugin so every sample played lands in a file.

Every test that plays runs once per speaker library (``UNPINCH_SOUND_BACKEND``).

Each test gets a temporary HOME whose ``.asoundrc`` makes the default PCM a
``file`` plugin over the ``null`` device. With ``truncate false`` every stream
opened writes its own file (out.raw, out.raw.0001, ...), so overlapping cues do
not interleave. Both libraries ask for the WAV's own format and there is no
``plug`` layer, so the captured bytes are the WAV frames unconverted.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from tests.conftest import Spawn, skip_or_fail
from tests.e2e_helpers import align, percentile, planned_cues, save_routine, start_unpinch
from unpinch.library.model import Dose, RoutineItem, Span
from unpinch.sounds import CUES, cue_path
from unpinch.tui.sound import SpeakerPlayer, check_speaker, make_player, open_output, probe_speaker
from unpinch.tui.sound_backends import BACKEND_VARIABLE, BACKENDS, Unavailable, load_backend

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def real_alsa() -> None:
    """Skip without libasound locally; in CI it must be there."""
    if ctypes.util.find_library("asound") is None:
        skip_or_fail("libasound is missing (apt-get install libasound2-dev)")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each speaker library in turn; skip one that does not load here (in CI it must)."""
    name: str = request.param
    loaded = load_backend({BACKEND_VARIABLE: name})
    if isinstance(loaded, Unavailable):
        skip_or_fail(f"{loaded.reason} (pip install 'unpinch[speaker]')")
    return name


CAPTURE_RC = """\
pcm.!default {{
    type file
    slave.pcm "null"
    file "{capture}/out.raw"
    format "raw"
    truncate false
}}
"""

BROKEN_RC = 'pcm.!default { type plug; slave.pcm "nosuchpcm" }\n'
"""A default device that fails to open, with ALSA printing why onto fd 2."""


def alsa_env(home: Path, backend: str | None = None) -> dict[str, str]:
    """The current environment with a private HOME and nothing that overrides it."""
    env = {k: v for k, v in os.environ.items() if k not in ("ALSA_CONFIG_PATH", "SSH_TTY")}
    env.pop("SSH_CONNECTION", None)
    env.pop(BACKEND_VARIABLE, None)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), PYTHONPATH=str(REPO))
    if backend is not None:
        env[BACKEND_VARIABLE] = backend
    return env


@pytest.fixture
def capture(tmp_path: Path, backend: str) -> tuple[dict[str, str], Path]:
    """A HOME whose default sound device writes into ``capture/``."""
    folder = tmp_path / "capture"
    folder.mkdir()
    (tmp_path / ".asoundrc").write_text(CAPTURE_RC.format(capture=folder))
    return alsa_env(tmp_path, backend), folder


@pytest.fixture
def broken(tmp_path: Path, backend: str) -> dict[str, str]:
    """A HOME whose default sound device cannot be opened."""
    (tmp_path / ".asoundrc").write_text(BROKEN_RC)
    return alsa_env(tmp_path, backend)


def wav_frames(cue: str) -> bytes:
    with wave.open(str(cue_path(cue)), "rb") as wav:
        return wav.readframes(wav.getnframes())


def captured(folder: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(folder.glob("out.raw*"))]


def assert_each_cue_captured(cues: list[str], streams: list[bytes]) -> None:
    """Each cue's frames appear whole in its own stream, with nothing but silence around."""
    remaining = list(streams)
    for cue in cues:
        frames = wav_frames(cue)
        match = next((s for s in remaining if frames in s), None)
        assert match is not None, f"{cue}: frames not found in any captured stream"
        assert match.replace(frames, b"", 1).strip(b"\x00") == b"", f"{cue}: extra sound"
        remaining.remove(match)
    assert remaining == [], "a stream was captured that no cue explains"


def run_worker(env: dict[str, str], lines: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "unpinch.tui.sound_worker"],
        input=lines.encode(),
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=30,
        check=False,
    )


def test_worker_plays_each_cue_sample_for_sample(capture: tuple[dict[str, str], Path]) -> None:
    env, folder = capture
    result = run_worker(env, "start\nnot-a-cue\nswitch\ncomplete\n")
    assert result.returncode == 0
    assert (result.stdout, result.stderr) == (b"", b"")
    assert_each_cue_captured(["start", "switch", "complete"], captured(folder))


def test_probe_finds_the_device_and_the_player_plays_through_it(
    capture: tuple[dict[str, str], Path],
) -> None:
    env, folder = capture
    rings: list[str] = []
    player = make_player("auto", env, lambda: rings.append("BEL"))
    assert isinstance(player, SpeakerPlayer)
    assert (player.mode, player.problem) == ("speaker", None)
    probe_streams = captured(folder)  # the probe's millisecond of silence
    assert len(probe_streams) == 1 and probe_streams[0].strip(b"\x00") == b""

    for cue in ("tick", "done"):
        player.play(cue)
    player.close(timeout_s=30)
    streams = [s for s in captured(folder) if s.strip(b"\x00")]
    assert_each_cue_captured(["tick", "done"], streams)
    assert rings == []


def test_the_probe_names_the_library_that_plays(
    capture: tuple[dict[str, str], Path], backend: str
) -> None:
    env, _ = capture
    check = check_speaker(env)
    assert (check.ok, check.status, check.backend) == (True, "ok", backend)
    player, choice = open_output("auto", env, lambda: None)
    assert isinstance(player, SpeakerPlayer)
    player.close(timeout_s=10)
    assert (choice.mode, choice.summary) == ("speaker", f"speaker ({backend})")


def test_without_a_device_the_choice_says_no_device(broken: dict[str, str], backend: str) -> None:
    check = check_speaker(broken)
    assert (check.ok, check.status, check.backend) == (False, "no-device", backend)
    _player, choice = open_output("auto", broken, lambda: None)
    assert (choice.mode, choice.summary) == ("bell", "bell: no sound device")


def test_without_a_device_alsa_complains_on_fd_2(tmp_path: Path) -> None:
    """The control case: this is the noise that must never reach the terminal."""
    if importlib.util.find_spec("simpleaudio") is None:
        skip_or_fail("simpleaudio is not installed (pip install 'unpinch[speaker]')")
    (tmp_path / ".asoundrc").write_text(BROKEN_RC)
    broken = alsa_env(tmp_path)
    script = (
        "import simpleaudio as sa\n"
        "try:\n"
        "    sa.play_buffer(bytes(2), 1, 2, 44100)\n"
        "except Exception:\n"
        "    pass\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=broken, timeout=30, check=False
    )
    assert b"ALSA lib" in result.stderr


def test_without_a_device_the_worker_is_silent_and_says_why(broken: dict[str, str]) -> None:
    result = run_worker(broken, "start\n")
    assert result.returncode == 3
    assert (result.stdout, result.stderr) == (b"", b"")
    assert not probe_speaker(broken)


def test_without_a_device_auto_picks_the_bell_and_speaker_says_why(
    broken: dict[str, str],
) -> None:
    auto = make_player("auto", broken, lambda: None)
    assert (auto.mode, auto.problem) == ("bell", None)
    speaker = make_player("speaker", broken, lambda: None)
    assert (speaker.mode, speaker.problem) == ("bell", "No sound device; using the terminal bell")


def test_a_device_that_fails_later_ends_in_the_bell_quietly(
    tmp_path: Path, capture: tuple[dict[str, str], Path]
) -> None:
    """Speaker chosen while the device worked; then it breaks mid-session."""
    env, _ = capture
    rings: list[str] = []
    player = make_player("speaker", env, lambda: rings.append("BEL"))
    assert player.mode == "speaker"
    (tmp_path / ".asoundrc").write_text(BROKEN_RC)  # the worker reads it on each open
    deadline = time.monotonic() + 20
    while player.mode == "speaker":
        assert time.monotonic() < deadline, "never fell back"
        player.play("tick")
        time.sleep(0.05)
    assert player.problem == (
        "Speaker sound stopped: the sound device failed; using the terminal bell"
    )
    assert rings


# -- spoken cues in the real app ----------------------------------------------------

VOICE_ID = "e2e-voice"
VOICE_ITEMS = (
    RoutineItem("knee-to-chest", Dose(reps=Span(1, 1), hold_s=Span(3, 3), rest_s=1)),
    RoutineItem("bridge", Dose(reps=Span(1, 1), hold_s=Span(3, 3), rest_s=1)),
)
"""Count-in, left, switch, right, rest, bridge: six announcements and seven beeps or more."""
VOICE_SETTINGS = {"count_in_s": 3, "switch_pause_s": 2, "first_run_ack": True}
WORKER_READY_S = 3.0
"""Time on the home screen for the sound worker to start and load (as a person reading it)."""
CHECKIN_S = 2.0
"""Time on the check-in, shorter than anyone takes to answer it; phrases render meanwhile."""
SPEECH_ONSET_S = 0.300
BEEP_NOISE_S = 0.030
"""Beep p99 with voice on may exceed voice off by at most this: the runs are a minute apart on
a machine that may be busy with other work, and one late wake-up moves a p99 of ten beeps."""
SPOKEN_AT = ("start", "rest", "switch", "complete")
"""The cues whose moment also has a phrase (the count-in's phrase is at t = 0)."""


class StreamWatch:
    """Notes when each captured stream's file appears: the moment its samples begin.

    The file plugin creates a new file as each stream opens, just before its
    first samples are written; a thread looks every 2 ms.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: dict[str, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            for entry in os.scandir(self.folder):
                self.seen.setdefault(entry.name, time.monotonic())
            time.sleep(0.002)

    def streams(self) -> list[tuple[float, bytes]]:
        """Every captured stream with the time it opened, in order."""
        self.stop.set()
        self.thread.join(2)
        return sorted((at, (self.folder / name).read_bytes()) for name, at in self.seen.items())


def cue_frames() -> dict[str, bytes]:
    return {name: wav_frames(name) for name in CUES}


def is_beep(stream: bytes, frames: dict[str, bytes]) -> bool:
    return any(
        f in stream and stream.replace(f, b"", 1).strip(b"\x00") == b"" for f in frames.values()
    )


def chosen(screen: str) -> bool:
    """True when the home screen's preview shows the voice routine (it follows the highlight)."""
    return screen.count(f"Test routine {VOICE_ID}") >= 2


def play_with_capture(
    spawn: Spawn, tmp_path: Path, voice: str
) -> tuple[list[float], list[float], list[int]]:
    """Play the voice routine in the real app; return beep times, speech times, speech sizes."""
    home = tmp_path / voice
    capture = home / "capture"
    capture.mkdir(parents=True)
    (home / ".asoundrc").write_text(CAPTURE_RC.format(capture=capture))
    db = home / "unpinch.json"
    save_routine(db, VOICE_ID, VOICE_ITEMS, settings=VOICE_SETTINGS)
    watch = StreamWatch(capture)
    # From home, as a person starts: sound output is open by the time a routine is chosen.
    term = start_unpinch(spawn, db, home, "--sound", "speaker", "--voice", voice)
    term.wait_for_text(f"Test routine {VOICE_ID}", timeout=30)
    time.sleep(WORKER_READY_S)
    term.send_key("end")
    term.wait_until(lambda t: chosen(t.screen_text()), 10, "the test routine highlighted")
    term.send_key("enter")
    term.wait_for_text("how do you feel", timeout=10)
    time.sleep(CHECKIN_S)
    term.send_key("escape")
    term.wait_for_text("Routine complete", timeout=60)
    time.sleep(4.0)  # the last phrase plays out
    term.send("\r")
    term.wait_for_text("Routines", timeout=10)
    term.send("q")
    assert term.wait_exit(15) == 0
    frames = cue_frames()
    beeps, speech, sizes = [], [], []
    for at, data in watch.streams():
        if not data.strip(b"\x00"):
            continue  # the probe's silence
        if is_beep(data, frames):
            beeps.append(at)
        else:
            speech.append(at)
            sizes.append(len(data))
    return beeps, speech, sizes


def test_speech_starts_on_time_and_leaves_the_beeps_alone(spawn: Spawn, tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        skip_or_fail("espeak-ng is not installed (apt-get install espeak-ng)")
    off_beeps, off_speech, _ = play_with_capture(spawn, tmp_path, "off")
    on_beeps, on_speech, sizes = play_with_capture(spawn, tmp_path, "announce")

    db = tmp_path / "plan.json"
    save_routine(db, VOICE_ID, VOICE_ITEMS, settings=VOICE_SETTINGS)
    cues = planned_cues(db, VOICE_ID)
    expected_beeps = [c.at for c in cues]
    expected_speech = [0.0, *(c.at for c in cues if c.kind in SPOKEN_AT)]
    assert off_speech == []
    assert len(on_speech) == len(expected_speech), (on_speech, expected_speech)
    longest_beep = max(len(f) for f in cue_frames().values())
    assert min(sizes) > longest_beep, "a phrase is no longer than a beep"

    # The first cue is due the moment the player starts, and the player saves the new session
    # (a disk write) before its first wake, so the first beep, and the count-in's phrase with
    # it, come late by that write with or without voice: they are left out of the fits.
    off_fit = align(expected_beeps[1:], off_beeps[1:])
    on_fit = align(expected_beeps[1:], on_beeps[1:])
    first_late = [on_beeps[0] - on_fit.offset - expected_beeps[0]]
    first_late.append(off_beeps[0] - off_fit.offset - expected_beeps[0])
    first_phrase_late = on_speech[0] - on_fit.offset - expected_speech[0]
    expected_speech, on_speech = expected_speech[1:], on_speech[1:]
    pairs = zip(expected_speech, on_speech, strict=True)
    speech_dev = [abs(m - e - on_fit.offset) for e, m in pairs]
    off_p99 = percentile([abs(d) for d in off_fit.deviations], 0.99)
    on_p99 = percentile([abs(d) for d in on_fit.deviations], 0.99)
    print(
        f"\nspeech onset: {len(speech_dev)} phrases,"
        f" p50 {statistics.median(speech_dev) * 1000:.1f} ms,"
        f" p99 {percentile(speech_dev, 0.99) * 1000:.1f} ms, max {max(speech_dev) * 1000:.1f} ms;"
        f" beep p99 voice off {off_p99 * 1000:.1f} ms, voice on {on_p99 * 1000:.1f} ms"
        f" (first beep late by {first_late[1] * 1000:.0f} / {first_late[0] * 1000:.0f} ms,"
        f" count-in phrase by {first_phrase_late * 1000:.0f} ms)"
    )
    assert max(speech_dev) <= SPEECH_ONSET_S, [round(d, 3) for d in speech_dev]
    assert on_p99 <= off_p99 + BEEP_NOISE_S


def test_a_finished_cue_releases_the_device_before_the_next_one(
    capture: tuple[dict[str, str], Path],
) -> None:
    """Between cues no device stays open: a held device streams silence until the next cue.

    Over ALSA's ``null`` slave that silence is written as fast as it is taken (gigabytes
    over a routine); on a real card it keeps the speaker busy for nothing.
    """
    env, folder = capture
    worker = subprocess.Popen(
        [sys.executable, "-m", "unpinch.tui.sound_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=env,
    )
    assert worker.stdin is not None
    try:
        worker.stdin.write(b"start\n")
        worker.stdin.flush()
        time.sleep(1.5)  # the cue lasts well under a second
        before = sum(p.stat().st_size for p in folder.glob("out.raw*"))
        time.sleep(0.5)
        after = sum(p.stat().st_size for p in folder.glob("out.raw*"))
    finally:
        worker.stdin.close()
        worker.wait(timeout=10)
    assert before >= len(wav_frames("start"))
    assert after == before, f"{after - before} bytes written while no cue played"
