"""Cue output: the speaker (through a worker process), the terminal bell, or nothing.

Sound must never hurt the session. simpleaudio is archived upstream, its C code
has crashed on newer Pythons, and ALSA prints error lines straight onto fd 2 when
there is no sound card. So the UI process never imports a speaker library
(simpleaudio, or miniaudio where simpleaudio cannot work): the
``SpeakerPlayer`` writes cue names down a pipe to ``python -m unpinch.tui.sound_worker``,
a long-lived child whose stdout and stderr go to /dev/null. If that child dies
it is restarted once; if it dies again the player falls back to the terminal
bell and says why in ``problem``. ``play`` never raises and never blocks.

Over SSH the speaker is on the wrong machine, so ``auto`` picks the bell there:
only bytes sent to the user's terminal reach them. The bell is one BEL per cue,
spaced out so the terminal does not merge a burst of cues into one.

This module has no textual import; the app passes in its ``bell`` method and a
timer-based ``schedule`` so every BEL is written from the app thread.
"""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from unpinch.library.record import Record, record
from unpinch.library.settings import SOUNDS
from unpinch.tui.cue_players import CuePlayer, OffPlayer

OutputMode = Literal["speaker", "bell", "off"]
"""What actually plays cues once ``auto`` has been resolved."""

Schedule = Callable[[float, Callable[[], None]], object]
"""Call ``fn`` after ``delay`` seconds on the UI thread, e.g. ``app.set_timer``."""

NO_DEVICE = "No sound device; using the terminal bell"
NO_BELL_CUES = frozenset({"turn"})
"""Cues the terminal bell leaves out: they come too often to be anything but noise."""
"""The note shown when the speaker was asked for but no device opens."""

NO_LIBRARY = "No speaker library loaded ({why}); using the terminal bell"
"""The note shown when the speaker was asked for but neither simpleaudio nor miniaudio loads."""

WORKER_MODULE = "unpinch.tui.sound_worker"
PROBE_TIMEOUT_S = 3.0
"""How long the speaker probe may take (Python start, speaker library import, open)."""

WORKER_EXITS: dict[int, str] = {
    2: "the speaker library or the cue sounds could not be loaded",
    3: "the sound device failed",
}
"""Why the worker stopped, by exit code (see ``unpinch.tui.sound_worker``)."""


@record
class SpeakerCheck(Record):
    """What the speaker probe found: whether it works, through which library, or why not.

    ``status`` is "ok", "no-device" or "no-library"; ``detail`` is the backend and
    its version ("miniaudio 1.71") or why no library loaded. Truthy when it works.
    """

    ok: bool
    status: str = ""
    detail: str = ""

    def __bool__(self) -> bool:
        """A check is true when the speaker works."""
        return self.ok

    @property
    def backend(self) -> str | None:
        """Return the speaker library's name when one loaded, else None."""
        if self.status in ("ok", "no-device") and self.detail:
            return self.detail.split()[0]
        return None


@record
class ModeChoice(Record):
    """The output mode to use, a note when it is a fallback, and what was chosen and why.

    ``summary`` reads like "speaker (miniaudio)", "bell: over SSH" or
    "bell: no sound device"; the settings screen and the command line show it.
    """

    mode: OutputMode
    reason: str | None = None
    summary: str = ""


def over_ssh(env: Mapping[str, str]) -> bool:
    """Return True when the session runs over SSH, where a speaker would be remote."""
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def as_check(found: bool | SpeakerCheck) -> SpeakerCheck:
    """Treat a plain yes/no from a probe as a check with no details."""
    if isinstance(found, SpeakerCheck):
        return found
    return SpeakerCheck(bool(found), "ok" if found else "no-device")


def speaker_choice(check: SpeakerCheck, explicit: bool) -> ModeChoice:
    """The choice once the speaker was probed: the speaker, or the bell saying why not.

    Only an explicit ``speaker`` request gets a fallback note; ``auto`` picking the
    bell is expected. A library that does not load is never called "no sound device".
    """
    if check.ok:
        backend = check.backend
        return ModeChoice("speaker", None, f"speaker ({backend})" if backend else "speaker")
    if check.status == "no-library":
        note = NO_LIBRARY.format(why=check.detail or "not installed")
        return ModeChoice("bell", note if explicit else None, "bell: no speaker library")
    return ModeChoice("bell", NO_DEVICE if explicit else None, "bell: no sound device")


def choose_mode(
    requested: str, env: Mapping[str, str], speaker_available: Callable[[], bool | SpeakerCheck]
) -> ModeChoice:
    """Resolve the requested mode to an output mode, with a note on any fallback.

    ``auto`` picks the bell over SSH (without probing) or when no sound device
    opens, else the speaker. An explicit ``speaker`` that cannot work falls back
    to the bell with ``NO_DEVICE`` (or ``NO_LIBRARY``) as the reason.
    ``speaker_available`` is called at most once, and only when the speaker is a
    candidate; it may return a plain bool or a ``SpeakerCheck`` with details.
    """
    if requested in ("bell", "off"):
        return ModeChoice("bell" if requested == "bell" else "off", None, requested)
    if requested == "auto":
        if over_ssh(env):
            return ModeChoice("bell", None, "bell: over SSH")
        return speaker_choice(as_check(speaker_available()), explicit=False)
    if requested == "speaker":
        return speaker_choice(as_check(speaker_available()), explicit=True)
    raise ValueError(f"unknown sound mode {requested!r}; use one of {', '.join(SOUNDS)}")


def resolve_mode(
    requested: str, env: Mapping[str, str], speaker_available: Callable[[], bool | SpeakerCheck]
) -> OutputMode:
    """Return just the output mode of ``choose_mode``."""
    return choose_mode(requested, env, speaker_available).mode


def worker_command(*args: str) -> list[str]:
    """Return the command line that runs the sound worker with this Python."""
    return [sys.executable, "-m", WORKER_MODULE, *args]


def check_speaker(
    env: Mapping[str, str] | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
    command: Sequence[str] | None = None,
) -> SpeakerCheck:
    """Ask the worker's ``--probe`` whether a speaker library loads and the device opens.

    The probe runs in a child process so a crash or ALSA's error lines stay out
    of this process. It blocks for the child's run, typically well under a
    second, at most ``timeout_s``; call it once, at start. The child's exit code
    decides; its one stdout line, when there is one, says which library or why.
    """
    try:
        result = subprocess.run(
            list(command) if command is not None else worker_command("--probe"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=None if env is None else dict(env),
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return SpeakerCheck(False, "no-device", "the probe timed out")
    except (OSError, subprocess.SubprocessError) as error:
        return SpeakerCheck(False, "no-library", f"the sound worker did not start ({error})")
    return parse_probe(result.returncode, result.stdout.decode("utf-8", "replace"))


def parse_probe(returncode: int, output: str) -> SpeakerCheck:
    """Read the probe's exit code and its "STATUS DETAIL" line into a check."""
    status, _, detail = output.strip().partition("\n")[0].partition(" ")
    if returncode == 0:
        return SpeakerCheck(True, "ok", detail if status == "ok" else "")
    if status not in ("no-device", "no-library"):
        status, detail = "no-device", ""
    return SpeakerCheck(False, status, detail)


def probe_speaker(
    env: Mapping[str, str] | None = None,
    timeout_s: float = PROBE_TIMEOUT_S,
    command: Sequence[str] | None = None,
) -> bool:
    """Return True if a speaker library imports and the default sound device opens."""
    return check_speaker(env, timeout_s, command).ok


class BellPlayer:
    """Rings the terminal bell once per cue, spacing bells so none are merged.

    ``write`` rings one bell (the Textual app's ``bell``, which must run on the
    app thread). A cue that comes within ``min_gap_s`` of the previous bell is
    delayed through ``schedule(delay, fn)`` (the app's ``set_timer``) rather
    than a thread, so ``write`` is always called on the app thread. Without a
    ``schedule`` every cue rings at once and close cues may merge. A cue that
    would wait longer than ``max_delay_s`` is dropped: a late beep misleads.
    """

    def __init__(
        self,
        write: Callable[[], None],
        min_gap_s: float = 0.15,
        clock: Callable[[], float] = time.monotonic,
        schedule: Schedule | None = None,
        max_delay_s: float = 1.0,
    ) -> None:
        self.mode: str = "bell"
        self.problem: str | None = None
        self._write = write
        self._min_gap_s = min_gap_s
        self._clock = clock
        self._schedule = schedule
        self._max_delay_s = max_delay_s
        self._next_free = -math.inf
        self._closed = False

    def play(self, cue: str) -> None:
        """Ring now, or schedule the bell for when the previous one has had its gap.

        The turns inside a paced rep (:data:`NO_BELL_CUES`) never ring: a bell
        two or three times a rep would be noise, and the phase word on the
        card and the bell of each new rep already keep the pace.
        """
        if self._closed or cue in NO_BELL_CUES:
            return
        now = self._clock()
        if self._schedule is None:
            self._next_free = now + self._min_gap_s
            self._ring()
            return
        at = max(now, self._next_free)
        if at - now > self._max_delay_s:
            return
        self._next_free = at + self._min_gap_s
        if at <= now:
            self._ring()
        else:
            self._schedule(at - now, self._ring)

    def close(self) -> None:
        """Stop ringing, including bells already scheduled."""
        self._closed = True

    def _ring(self) -> None:
        """Write one bell unless closed; a failing write is noted, never raised."""
        if self._closed:
            return
        try:
            self._write()
        except Exception as error:
            self.problem = f"The terminal bell failed: {error}"


class SpeakerPlayer:
    """Plays cues on the speaker through a long-lived ``unpinch.tui.sound_worker`` child.

    ``play`` writes the cue name and a newline to the worker's stdin, which is
    non-blocking: it takes microseconds and never waits on audio. If the worker
    has died it is restarted ``restarts`` times; after that, and if it cannot be
    started at all, cues go to ``fallback`` and ``problem`` says why; the
    optional ``on_problem`` is called once with that note, from whichever call
    found the worker dead (``play``, or the constructor if it cannot start). The
    worker's stdout and stderr are /dev/null and it runs in its own session, so
    nothing it or ALSA prints can reach the terminal. Use from one thread.
    """

    def __init__(
        self,
        fallback: CuePlayer,
        *,
        command: Sequence[str] | None = None,
        env: Mapping[str, str] | None = None,
        restarts: int = 1,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self._fallback = fallback
        self._on_problem = on_problem
        self._command = list(command) if command is not None else worker_command()
        self._env = None if env is None else dict(env)
        self._restarts_left = restarts
        self._process: subprocess.Popen[bytes] | None = None
        self._problem: str | None = None
        self._fell_back = False
        self._closed = False
        self._start()

    @property
    def mode(self) -> str:
        """Return "speaker" while the worker plays cues, else the fallback's mode."""
        return self._fallback.mode if self._fell_back else "speaker"

    @property
    def problem(self) -> str | None:
        """Return why the player fell back, or None while the speaker works."""
        return self._problem

    @property
    def worker_pid(self) -> int | None:
        """Return the current worker's process id, or None when there is none."""
        return None if self._process is None else self._process.pid

    def play(self, cue: str) -> None:
        """Send ``cue`` to the worker, restarting or falling back if it has died."""
        if self._closed or not cue or "\n" in cue:
            return
        for _attempt in range(2):
            process = self._live_process()
            if process is None:
                self._fallback.play(cue)
                return
            if self._send(process, cue):
                return

    def close(self, timeout_s: float = 0.0) -> None:
        """Close the worker's stdin so it finishes its sounds and exits.

        With ``timeout_s`` above zero, wait that long for it and kill it if it
        is still running; by default return at once and let it finish alone.
        """
        self._closed = True
        self._fallback.close()
        process = self._process
        if process is None:
            return
        self._close_stdin(process)
        if timeout_s > 0:
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _start(self) -> subprocess.Popen[bytes] | None:
        """Start a worker with a non-blocking stdin; fall back if it cannot start."""
        try:
            process = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=self._env,
                start_new_session=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            self._fall_back(f"could not start ({error})")
            return None
        assert process.stdin is not None
        os.set_blocking(process.stdin.fileno(), False)
        self._process = process
        return process

    def _live_process(self) -> subprocess.Popen[bytes] | None:
        """Return a running worker, restarting a dead one once; None after fallback."""
        if self._fell_back:
            return None
        process = self._process
        if process is not None and process.poll() is None:
            return process
        if process is None:
            return self._start()
        self._close_stdin(process)
        if self._restarts_left <= 0:
            self._fall_back(exit_reason(process.returncode))
            return None
        self._restarts_left -= 1
        return self._start()

    def _send(self, process: subprocess.Popen[bytes], cue: str) -> bool:
        """Write one cue line; False if the pipe is broken (the worker is dying).

        A full pipe means the worker is stuck; that cue is dropped rather than
        blocking the UI.
        """
        assert process.stdin is not None
        try:
            os.write(process.stdin.fileno(), cue.encode("utf-8") + b"\n")
        except BlockingIOError:
            return True
        except OSError:
            self._reap(process)
            return False
        return True

    def _reap(self, process: subprocess.Popen[bytes]) -> None:
        """Make sure a worker whose pipe broke is gone, so ``poll`` sees it exit."""
        try:
            process.wait(0.05)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _fall_back(self, why: str) -> None:
        """Switch to the fallback player for good and record a one-line note."""
        self._fell_back = True
        then = "using the terminal bell" if self._fallback.mode == "bell" else "sound is off"
        self._problem = f"Speaker sound stopped: {why}; {then}"
        if self._on_problem is not None:
            with contextlib.suppress(Exception):
                self._on_problem(self._problem)

    @staticmethod
    def _close_stdin(process: subprocess.Popen[bytes]) -> None:
        """Close the worker's stdin, ignoring a pipe that is already broken."""
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError):
                process.stdin.close()


def exit_reason(returncode: int | None) -> str:
    """Describe in a few words why the worker process ended."""
    if returncode is not None and returncode < 0:
        return f"the sound worker crashed (signal {-returncode})"
    return WORKER_EXITS.get(returncode or 0, f"the sound worker exited (code {returncode})")


def open_output(
    mode: str,
    env: Mapping[str, str],
    bell_write: Callable[[], None],
    schedule: Schedule | None = None,
    *,
    speaker_available: Callable[[], bool | SpeakerCheck] | None = None,
    worker: Sequence[str] | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> tuple[CuePlayer, ModeChoice]:
    """Build the player for the requested ``mode``, and say what was chosen and why.

    ``env`` is the process environment: it decides SSH and is handed to the
    probe and the worker. ``speaker_available`` defaults to ``check_speaker``
    (which blocks for a fraction of a second at start); ``worker`` overrides
    the worker command line. The speaker's fallback is the bell; ``on_problem``
    hears about a fallback that happens later, mid-session (a problem known at
    the start is in the returned player's ``problem``).
    """
    probe = speaker_available or (lambda: check_speaker(env))
    choice = choose_mode(mode, env, probe)
    if choice.mode == "off":
        return OffPlayer(choice.reason), choice
    bell = BellPlayer(bell_write, schedule=schedule)
    if choice.mode == "bell":
        bell.problem = choice.reason
        return bell, choice
    return SpeakerPlayer(bell, command=worker, env=env, on_problem=on_problem), choice


def make_player(
    mode: str,
    env: Mapping[str, str],
    bell_write: Callable[[], None],
    schedule: Schedule | None = None,
    *,
    speaker_available: Callable[[], bool | SpeakerCheck] | None = None,
    worker: Sequence[str] | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> CuePlayer:
    """Return just the player of ``open_output``."""
    player, _choice = open_output(
        mode,
        env,
        bell_write,
        schedule,
        speaker_available=speaker_available,
        worker=worker,
        on_problem=on_problem,
    )
    return player
