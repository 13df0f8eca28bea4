"""Spoken cues: a speech engine renders each phrase to a WAV ahead of time; the speaker plays it.

Speech must never block the screen or delay a beep. So every phrase of the
plan is rendered in a background thread as soon as the workout starts (in
playing order, so the next ones are ready first), and at its moment the
ready WAV goes down the same pipe to the same sound worker as the beeps, as
one ``wav PATH`` line. A phrase that is not ready in time is left out; the
beep and the screen still carry the cue.

Engines are found on PATH: ``espeak-ng`` and macOS ``say`` write WAV files;
``spd-say`` cannot, so with it each phrase is handed to speech-dispatcher at
its moment instead. Speech plays where unpinch runs, so over SSH it is off.

This module has no textual import; ``wave`` and the thread pool are imported
only when a voice is made, since every start imports this module.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from unpinch.library.record import Record, record
from unpinch.library.speech import COMPLETE, Phrase
from unpinch.tui.cue_players import CuePlayer
from unpinch.tui.sound import over_ssh

STALE_S = 1.0
"""A phrase noticed this late is dropped: words out of step mislead more than silence."""
RETRY_S = 0.05
"""How soon to try again when a phrase is due but still being rendered."""
RENDER_TIMEOUT_S = 15.0
INSTALL_HINT = "No speech engine found: install espeak-ng (apt install espeak-ng)"
OVER_SSH = "Off over SSH: speech would play on the server, not where you are"


@record
class Engine(Record):
    """A speech program on PATH and how it turns text into a WAV file (or speaks it now)."""

    name: str
    path: str

    @property
    def renders(self) -> bool:
        """True when the engine writes WAV files; spd-say only speaks straight away."""
        return self.name != "spd-say"

    def render_command(self, text: str, out: Path) -> list[str]:
        """The command line that writes ``text`` spoken to ``out`` as a WAV."""
        if self.name == "say":
            return [
                self.path,
                "-o",
                str(out),
                "--file-format=WAVE",
                "--data-format=LEI16@22050",
                text,
            ]
        return [self.path, "-w", str(out), "-s", "150", "--", text]

    def speak_command(self, text: str) -> list[str]:
        """The command line that speaks ``text`` now (engines that cannot render)."""
        return [self.path, "--", text]


ENGINES = ("espeak-ng", "say", "spd-say")
"""Searched in this order."""


def find_engine(which: Callable[[str], str | None] = shutil.which) -> Engine | None:
    """The first speech engine on PATH, or None."""
    for name in ENGINES:
        found = which(name)
        if found:
            return Engine(name, found)
    return None


@record
class VoiceChoice(Record):
    """The voice mode in effect and, when it is off against the request, why."""

    mode: str
    reason: str = ""


def choose_voice(
    requested: str, env: Mapping[str, str], engine: Engine | None, sound_mode: str
) -> VoiceChoice:
    """Resolve the ``voice`` setting against SSH, the engine and the sound output."""
    if requested == "off":
        return VoiceChoice("off")
    if over_ssh(env):
        return VoiceChoice("off", OVER_SSH)
    if sound_mode not in ("speaker", "pending"):
        return VoiceChoice("off", f"Needs speaker sound; sound is {sound_mode} now")
    if engine is None:
        return VoiceChoice("off", INSTALL_HINT)
    return VoiceChoice(requested)


def wav_seconds(path: Path) -> float:
    """How long a WAV file plays."""
    import wave

    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate() or 1)


def lower_priority() -> None:
    """Run the engine at a low CPU priority, so rendering gives way to the cues."""
    with contextlib.suppress(OSError):
        os.nice(10)


class Renderer:
    """Renders phrases to WAV files in one background thread, in the order asked.

    ``ready(text)`` returns the file once it is there, else None. Files live in
    a private temporary folder removed by ``close``.
    """

    def __init__(self, engine: Engine) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.engine = engine
        self.folder = Path(tempfile.mkdtemp(prefix="unpinch-voice-"))
        self._done: dict[str, tuple[Path, float]] = {}
        self._asked: set[str] = set()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice")

    def prepare(self, texts: Sequence[str]) -> None:
        """Queue every text not already rendered or queued."""
        for text in texts:
            if text not in self._asked:
                self._asked.add(text)
                with contextlib.suppress(RuntimeError):
                    self._pool.submit(self._render, text, len(self._asked))

    def ready(self, text: str) -> tuple[Path, float] | None:
        """The rendered file and its length in seconds, or None if not (yet) there."""
        with self._lock:
            return self._done.get(text)

    def _render(self, text: str, number: int) -> None:
        """Run the engine for one text; a failure just leaves that phrase unspoken."""
        import wave

        out = self.folder / f"phrase-{number:04d}.wav"
        try:
            subprocess.run(
                self.engine.render_command(text, out),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=RENDER_TIMEOUT_S,
                check=True,
                preexec_fn=lower_priority,
            )
            length = wav_seconds(out)
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError):
            return
        with self._lock:
            self._done[text] = (out, length)

    def close(self) -> None:
        """Stop rendering and remove the files."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)


class Voice:
    """Speaks a plan's phrases at their moments, through the cue player's sound worker.

    ``update`` is called at every wake of the player with the step being
    played and its active time; phrases whose offset has just been passed are
    spoken, at most one per call (the latest), coach phrases only into
    silence. Going back or restarting a step speaks its phrases again.
    """

    def __init__(
        self,
        phrases: Sequence[Phrase],
        engine: Engine,
        cues: Callable[[], CuePlayer],
        clock: Callable[[], float],
        coach: bool = False,
        pace_words: Sequence[str] = (),
    ) -> None:
        self.by_step: dict[int, list[Phrase]] = {}
        self.pace_words = frozenset(pace_words) if coach else frozenset()
        """The phase words said at the turns of paced reps (coach mode only)."""
        for phrase in phrases:
            if coach or not phrase.coach:
                self.by_step.setdefault(phrase.step_index, []).append(phrase)
        self.engine = engine
        self.cues = cues
        self.clock = clock
        self.renderer = Renderer(engine) if engine.renders else None
        if self.renderer is not None:
            texts = [p.text for p in phrases if coach or not p.coach]
            self.renderer.prepare([*texts, *sorted(self.pace_words)])
        self.step = -1
        self.mark = -math.inf
        self.busy_until = -math.inf
        self.spoken: list[str] = []
        self.waiting: Phrase | None = None
        """A phrase due while it was being rendered or sound was opening; tried until stale."""

    def update(self, step_index: int, elapsed: float) -> None:
        """Speak the phrase of this step whose moment has just come, if any."""
        if step_index != self.step or elapsed < self.mark:
            self.step, self.mark, self.waiting = step_index, -1.0, None
        due = [p for p in self.by_step.get(step_index, []) if self.mark < p.offset_s <= elapsed]
        self.mark = max(self.mark, elapsed)
        phrase = due[-1] if due else self.waiting
        self.waiting = None
        if phrase is None or elapsed - phrase.offset_s > STALE_S:
            return
        if not self.say(phrase) and self.can_wait(phrase):
            self.waiting = phrase

    def pace(self, word: str) -> None:
        """Say a paced rep's phase word as it begins (coach mode), only into silence.

        A word that cannot be said at its moment is dropped, never kept for
        later: a late "lift" would be worse than none.
        """
        if word in self.pace_words:
            self.say(Phrase(self.step, 0.0, word, coach=True))

    def can_wait(self, phrase: Phrase) -> bool:
        """True when a phrase went unsaid only because it or the sound output is not ready yet."""
        if self.cues().mode == "pending":
            return True
        return self.renderer is not None and self.renderer.ready(phrase.text) is None

    def next_in(self, step_index: int, elapsed: float) -> float | None:
        """Seconds until this step's next phrase, for the player's wake-up timer."""
        if self.waiting is not None:
            return RETRY_S
        later = [p.offset_s for p in self.by_step.get(step_index, []) if p.offset_s > elapsed]
        finite = [t for t in later if math.isfinite(t)]
        return min(finite) - elapsed if finite else None

    def finished(self) -> None:
        """Say that the routine is complete."""
        self.say(Phrase(self.step, 0.0, COMPLETE))

    def say(self, phrase: Phrase) -> bool:
        """Send one phrase to the speaker now; False when it is skipped."""
        now = self.clock()
        if phrase.coach and now < self.busy_until:
            return False
        player = self.cues()
        if player.mode != "speaker":
            return False
        if self.renderer is None:
            return self.speak_live(phrase.text, now)
        ready = self.renderer.ready(phrase.text)
        if ready is None:
            return False
        path, length = ready
        player.play(f"wav {path}")
        self.busy_until = now + length
        self.spoken.append(phrase.text)
        return True

    def speak_live(self, text: str, now: float) -> bool:
        """Hand the text to an engine that speaks by itself (spd-say), without waiting."""
        try:
            subprocess.Popen(
                self.engine.speak_command(text),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            return False
        self.busy_until = now + 0.4 * len(text.split())
        self.spoken.append(text)
        return True

    def close(self) -> None:
        """Stop rendering and remove the rendered files."""
        if self.renderer is not None:
            self.renderer.close()


class Silence:
    """The voice when speech is off: it says nothing and never asks for a wake-up."""

    spoken: tuple[str, ...] = ()

    def update(self, step_index: int, elapsed: float) -> None:
        """Say nothing."""

    def next_in(self, step_index: int, elapsed: float) -> float | None:
        """Nothing is due."""
        return None

    def pace(self, word: str) -> None:
        """Say nothing."""

    def finished(self) -> None:
        """Say nothing."""

    def close(self) -> None:
        """Nothing to release."""
