"""unpinch with its voice on while every cue rings the terminal bell, for the cue benchmark.

Speech needs the speaker, and the benchmark times cues by the BELs reaching a
pty. This launcher gives the app a cue output that says it is a speaker, so the
whole voice path runs as it does for a user — every phrase rendered by the
speech engine in the background, and each one sent at its moment — while each
cue rings the terminal bell, and the spoken WAV lines go to the file named by
``UNPINCH_BENCH_SPOKEN`` (else /dev/null) instead of a sound device, so the
benchmark can count them. Run as ``python bench/voiced_app.py ARGS`` (the ARGS of
``unpinch``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from unpinch.tui import sound as sound_module
from unpinch.tui.cue_players import CuePlayer
from unpinch.tui.sound import ModeChoice

SPEECH_PREFIX = "wav "
SPOKEN_VARIABLE = "UNPINCH_BENCH_SPOKEN"


class VoicedBell:
    """A cue output that rings the bell for cues and swallows spoken phrases, like a speaker."""

    mode = "speaker"

    def __init__(self, bell: CuePlayer) -> None:
        self.bell = bell
        self.problem: str | None = None
        sink = os.environ.get(SPOKEN_VARIABLE) or os.devnull
        self._sink = os.open(sink, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)

    def play(self, cue: str) -> None:
        """Ring for a cue; send a spoken phrase's line where the speaker's pipe would take it."""
        if cue.startswith(SPEECH_PREFIX):
            os.write(self._sink, f"{cue}\n".encode())
        else:
            self.bell.play(cue)

    def close(self) -> None:
        """Stop ringing."""
        self.bell.close()
        os.close(self._sink)


def voiced_output(*args: Any, **kwargs: Any) -> tuple[CuePlayer, ModeChoice]:
    """Open the output the app asked for (the bell) and give it a voice."""
    player, choice = real_output(*args, **kwargs)
    return VoicedBell(player), choice


real_output = vars(sound_module)["open_output"]

if __name__ == "__main__":
    # The app imports open_output from the sound module when sound opens, so it gets this one.
    vars(sound_module)["open_output"] = voiced_output
    from unpinch.tui.__main__ import main

    sys.argv = ["unpinch", *sys.argv[1:]]
    main()
