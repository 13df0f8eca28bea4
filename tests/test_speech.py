"""What is spoken and when: the phrases of a plan, and the voice that plays them."""

from __future__ import annotations

import itertools
import math
import shutil
import wave
from dataclasses import replace
from pathlib import Path

import pytest

from tests.factories import hold, reps
from tests.fakes import FakeClock, catalog, exercise, routine
from unpinch.library.plan import Plan, build_plan
from unpinch.library.settings import Settings
from unpinch.library.speech import COMPLETE, TEN_LEFT, Phrase, pace_words, plan_phrases
from unpinch.tui.voice import (
    INSTALL_HINT,
    OVER_SSH,
    Engine,
    Voice,
    choose_voice,
    find_engine,
)

SETTINGS = Settings(count_in_s=5, switch_pause_s=5)


def plan_of(*exercises: object, rest_between_s: int = 15) -> tuple[Plan, dict[str, str]]:
    """The plan of a routine of ``exercises``, and their names by id."""
    cat = catalog(*exercises, rest_between_s=rest_between_s)  # type: ignore[arg-type]
    names = {key: ex.name for key, ex in cat.exercises.items()}
    return build_plan(routine(cat), cat, SETTINGS), names


def said(phrases: list[Phrase]) -> list[tuple[int, float, str]]:
    return [(p.step_index, p.offset_s, p.text) for p in phrases]


def test_announce_names_the_exercise_side_and_dose_and_every_pause() -> None:
    plan, names = plan_of(
        exercise("bridge", hold(20, reps=2, rest_s=10), name="Bridge"),
        exercise("clam", reps(10, tempo_s=4.0), sides="each", name="Clamshell"),
    )
    assert said(plan_phrases(plan, names)) == [
        (0, 0.0, "Get ready. First: Bridge."),
        (1, 0.0, "Bridge. Hold for 20 seconds."),
        (2, 0.0, "Rest, 10 seconds."),
        (3, 0.0, "Bridge. Hold for 20 seconds."),
        (4, 0.0, "Rest, 15 seconds. Next: Clamshell."),
        (5, 0.0, "Clamshell. Left side. 10 reps, 4 seconds each."),
        (6, 0.0, "Switch to your right side."),
        (7, 0.0, "Clamshell. Right side. 10 reps, 4 seconds each."),
        (7, math.inf, COMPLETE),
    ]


def test_ten_seconds_left_only_in_holds_of_thirty_seconds_or_more() -> None:
    plan, names = plan_of(
        exercise("long", hold(45), name="Long"), exercise("short", hold(29), name="Short")
    )
    tens = [(p.step_index, p.offset_s) for p in plan_phrases(plan, names) if p.text == TEN_LEFT]
    assert tens == [(1, 35.0)]


def test_counted_reps_are_at_your_own_pace() -> None:
    plan, names = plan_of(exercise("sq", reps(8, counted=True), name="Squat"))
    assert plan_phrases(plan, names)[1].text == "Squat. 8 reps, at your own pace."


def test_coach_cues_follow_the_rotation_but_never_closer_than_eight_seconds() -> None:
    plan, names = plan_of(exercise("bridge", hold(40), name="Bridge"))
    cues = {"bridge": ("Squeeze", "Breathe", "Hips level")}
    found = plan_phrases(plan, names, cues, every_s=6)
    phrases = [p for p in found if p.step_index == 1 and p.text != COMPLETE]
    assert said(phrases) == [
        (1, 0.0, "Bridge. Hold for 40 seconds."),
        (1, 12.0, "Hips level"),
        (1, 30.0, TEN_LEFT),
    ]
    assert [p.coach for p in phrases] == [False, True, False]
    offsets = [p.offset_s for p in phrases]
    assert all(b - a >= 8.0 for a, b in itertools.pairwise(offsets))


# --- choosing whether to speak ------------------------------------------------------


ENGINE = Engine("espeak-ng", "/usr/bin/espeak-ng")


@pytest.mark.parametrize(
    ("requested", "env", "engine", "sound", "expected"),
    [
        ("announce", {}, ENGINE, "speaker", ("announce", "")),
        ("coach", {}, ENGINE, "pending", ("coach", "")),
        ("off", {}, ENGINE, "speaker", ("off", "")),
        ("announce", {"SSH_CONNECTION": "1 2 3 4"}, ENGINE, "speaker", ("off", OVER_SSH)),
        ("announce", {}, None, "speaker", ("off", INSTALL_HINT)),
        ("announce", {}, ENGINE, "bell", ("off", "Needs speaker sound; sound is bell now")),
    ],
)
def test_voice_is_off_over_ssh_without_an_engine_or_a_speaker(
    requested: str,
    env: dict[str, str],
    engine: Engine | None,
    sound: str,
    expected: tuple[str, str],
) -> None:
    choice = choose_voice(requested, env, engine, sound)
    assert (choice.mode, choice.reason) == expected


def test_engines_are_searched_in_order_on_path() -> None:
    on_path = {"say": "/usr/bin/say", "spd-say": "/usr/bin/spd-say"}
    assert find_engine(on_path.get) == Engine("say", "/usr/bin/say")
    nothing: dict[str, str] = {}
    assert find_engine(nothing.get) is None
    assert not Engine("spd-say", "x").renders


# --- the voice, with the real engine ------------------------------------------------


class Speaker:
    """A cue player in speaker mode that records the lines it is sent."""

    def __init__(self, mode: str = "speaker") -> None:
        self.mode = mode
        self.problem: str | None = None
        self.lines: list[str] = []

    def play(self, cue: str) -> None:
        self.lines.append(cue)

    def close(self) -> None:
        pass


@pytest.fixture
def espeak() -> Engine:
    engine = find_engine()
    if engine is None or engine.name != "espeak-ng":
        from tests.conftest import skip_or_fail

        skip_or_fail("espeak-ng is not installed (apt-get install espeak-ng)")
    assert engine is not None
    return engine


def wait_rendered(voice: Voice, texts: list[str]) -> None:
    import time

    assert voice.renderer is not None
    deadline = time.monotonic() + 30
    while any(voice.renderer.ready(t) is None for t in texts):
        assert time.monotonic() < deadline, "phrases were not rendered"
        time.sleep(0.02)


def test_phrases_are_rendered_to_wavs_and_sent_down_the_cue_pipe(espeak: Engine) -> None:
    phrases = [Phrase(1, 0.0, "Bridge. Hold for 20 seconds."), Phrase(1, 10.0, TEN_LEFT)]
    speaker, clock = Speaker(), FakeClock()
    voice = Voice(phrases, espeak, lambda: speaker, clock)
    wait_rendered(voice, [p.text for p in phrases])
    voice.update(1, 0.0)
    voice.update(1, 5.0)
    voice.update(1, 10.2)
    voice.update(1, 20.0)
    assert voice.spoken == ["Bridge. Hold for 20 seconds.", TEN_LEFT]
    paths = [Path(line.removeprefix("wav ")) for line in speaker.lines]
    assert [line[:4] for line in speaker.lines] == ["wav ", "wav "]
    for path in paths:
        with wave.open(str(path), "rb") as wav:
            assert wav.getnframes() / wav.getframerate() > 0.5  # longer than any beep
    folder = paths[0].parent
    voice.close()
    assert not folder.exists()


def test_restarting_a_step_says_it_again_and_a_late_phrase_is_dropped(espeak: Engine) -> None:
    phrases = [Phrase(1, 0.0, "Bridge."), Phrase(1, 10.0, TEN_LEFT), Phrase(2, 0.0, "Rest.")]
    speaker = Speaker()
    voice = Voice(phrases, espeak, lambda: speaker, FakeClock())
    wait_rendered(voice, ["Bridge.", TEN_LEFT, "Rest."])
    voice.update(1, 0.0)
    voice.update(1, 4.0)
    voice.update(1, 0.0)  # restarted
    voice.update(1, 12.0)  # 2 s late: dropped
    voice.update(2, 0.1)
    assert voice.spoken == ["Bridge.", "Bridge.", "Rest."]
    assert voice.next_in(1, 4.0) == 6.0 and voice.next_in(2, 1.0) is None
    voice.close()


def test_coach_phrases_wait_for_silence_and_nothing_plays_without_the_speaker(
    espeak: Engine,
) -> None:
    long = "Bridge. Left side. Hold for 40 seconds, and breathe slowly all the way."
    phrases = [Phrase(1, 0.0, long), Phrase(1, 1.0, "Squeeze", coach=True)]
    speaker, clock = Speaker(), FakeClock()
    voice = Voice(phrases, espeak, lambda: speaker, clock, coach=True)
    wait_rendered(voice, [long, "Squeeze"])
    voice.update(1, 0.0)
    clock.advance(1.0)
    voice.update(1, 1.0)  # the first phrase is still playing
    assert voice.spoken == [long]
    speaker.mode = "bell"  # fell back mid-session: never a bell for words
    voice.finished()
    assert len(speaker.lines) == 1
    voice.close()


def test_announce_leaves_coach_phrases_out(espeak: Engine) -> None:
    phrases = [Phrase(1, 0.0, "Bridge."), Phrase(1, 8.0, "Squeeze", coach=True)]
    voice = Voice(phrases, espeak, Speaker, FakeClock())
    assert [p.text for p in voice.by_step[1]] == ["Bridge."]
    assert shutil.which(espeak.path)
    voice.close()


def test_pace_words_are_the_phase_words_of_paced_reps_only() -> None:
    rocks = replace(
        exercise("rocks", reps(4, tempo_s=4.0)), phases=(("back", 2.0), ("forward", 2.0))
    )
    plan, _ = plan_of(rocks, exercise("plain", reps(3)), exercise("count", reps(5, counted=True)))
    assert pace_words(plan) == ("back", "forward", "move", "return")


def test_coach_says_the_phase_word_at_a_turn_but_never_over_another_phrase(
    espeak: Engine,
) -> None:
    long = "Clamshell. Left side. 10 reps, 3 seconds each, slowly and evenly."
    speaker, clock = Speaker(), FakeClock()
    voice = Voice([Phrase(1, 0.0, long)], espeak, lambda: speaker, clock, True, ("lift", "lower"))
    wait_rendered(voice, [long, "lift", "lower"])
    voice.update(1, 0.0)
    clock.advance(1.5)
    voice.pace("lower")  # the exercise's name is still being said
    clock.advance(30.0)
    voice.pace("lift")
    voice.pace("")  # a cue that carries no word
    assert voice.spoken == [long, "lift"]
    announcer = Voice([], espeak, lambda: speaker, clock, False, ("lift",))
    announcer.pace("lift")
    assert announcer.spoken == [] and announcer.pace_words == frozenset()
    voice.close()
    announcer.close()
