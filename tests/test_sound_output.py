"""Cue output: choosing the mode, spacing bells, and a speaker worker that may die.

The speaker tests use small stand-in worker scripts (real processes) so each
failure — a crash, a bad exit, a closed pipe, a hang — happens on purpose.
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from unpinch.tui.cue_players import OffPlayer
from unpinch.tui.sound import (
    NO_DEVICE,
    BellPlayer,
    SpeakerPlayer,
    choose_mode,
    make_player,
    probe_speaker,
    resolve_mode,
)

REPO = Path(__file__).resolve().parent.parent
SSH_CONNECTION = {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}
SSH_TTY = {"SSH_TTY": "/dev/pts/3"}


# --- choosing the mode -------------------------------------------------------


class Probe:
    """A speaker_available stand-in that counts how often it was asked."""

    def __init__(self, available: bool) -> None:
        self.available = available
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.available


@pytest.mark.parametrize(
    ("requested", "env", "available", "expected", "probed"),
    [
        ("auto", {}, True, "speaker", 1),
        ("auto", SSH_CONNECTION, True, "bell", 0),
        ("auto", SSH_TTY, True, "bell", 0),
        ("auto", {}, False, "bell", 1),
        ("speaker", {}, True, "speaker", 1),
        ("speaker", {}, False, "bell", 1),
        ("speaker", SSH_TTY, True, "speaker", 1),
        ("bell", {}, True, "bell", 0),
        ("off", {}, True, "off", 0),
        ("off", SSH_CONNECTION, True, "off", 0),
    ],
)
def test_resolve_mode_table(
    requested: str, env: dict[str, str], available: bool, expected: str, probed: int
) -> None:
    probe = Probe(available)
    assert resolve_mode(requested, env, probe) == expected
    assert probe.calls == probed


def test_explicit_speaker_without_a_device_falls_back_with_a_reason() -> None:
    choice = choose_mode("speaker", {}, Probe(False))
    assert (choice.mode, choice.reason) == ("bell", NO_DEVICE)
    assert choose_mode("auto", {}, Probe(False)).reason is None


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sound mode 'loud'"):
        resolve_mode("loud", {}, Probe(True))


def test_empty_ssh_variables_do_not_count_as_ssh() -> None:
    assert resolve_mode("auto", {"SSH_TTY": "", "SSH_CONNECTION": ""}, Probe(True)) == "speaker"


# --- the terminal bell ------------------------------------------------------


class FakeTimers:
    """A fake clock plus a schedule that runs callbacks when the clock passes them."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pending: list[tuple[float, Callable[[], None]]] = []

    def clock(self) -> float:
        return self.now

    def schedule(self, delay: float, fn: Callable[[], None]) -> None:
        assert delay > 0
        self.pending.append((self.now + delay, fn))

    def advance(self, seconds: float) -> None:
        """Move time forward in small steps, firing due callbacks in order."""
        end = self.now + seconds
        while True:
            due = sorted((t, i) for i, (t, _) in enumerate(self.pending) if t <= end)
            if not due:
                break
            at, index = due[0]
            self.now = max(self.now, at)
            _, fn = self.pending.pop(index)
            fn()
        self.now = end


@pytest.fixture
def timers() -> FakeTimers:
    return FakeTimers()


def bell_with_log(timers: FakeTimers, **kwargs: float) -> tuple[BellPlayer, list[float]]:
    rings: list[float] = []
    player = BellPlayer(
        lambda: rings.append(timers.now),
        clock=timers.clock,
        schedule=timers.schedule,
        **kwargs,
    )
    return player, rings


def test_three_quick_cues_give_three_spaced_bells(timers: FakeTimers) -> None:
    player, rings = bell_with_log(timers)
    for _ in range(3):
        player.play("tick")
        timers.advance(0.01)
    timers.advance(1.0)
    assert len(rings) == 3
    assert rings[0] == 0.0
    gaps = [b - a for a, b in itertools.pairwise(rings)]
    assert all(gap >= 0.15 - 1e-9 for gap in gaps), gaps
    assert rings[-1] == pytest.approx(0.30)


def test_the_turns_of_a_paced_rep_never_ring_the_bell(timers: FakeTimers) -> None:
    player, rings = bell_with_log(timers)
    for cue in ("start", "turn", "turn", "rep", "turn"):
        player.play(cue)
        timers.advance(1.0)
    assert rings == [0.0, 3.0]


def test_a_cue_after_the_gap_rings_at_once(timers: FakeTimers) -> None:
    player, rings = bell_with_log(timers)
    player.play("start")
    timers.advance(0.5)
    player.play("done")
    assert rings == [0.0, 0.5]
    assert timers.pending == []


def test_a_long_burst_drops_bells_that_would_come_too_late(timers: FakeTimers) -> None:
    player, rings = bell_with_log(timers)
    for _ in range(10):
        player.play("tick")
    timers.advance(5.0)
    assert len(rings) == 7
    assert rings[-1] <= 1.0


def test_closing_cancels_bells_still_waiting(timers: FakeTimers) -> None:
    player, rings = bell_with_log(timers)
    player.play("start")
    player.play("done")
    player.close()
    timers.advance(1.0)
    player.play("rest")
    assert rings == [0.0]


def test_without_a_schedule_each_cue_rings_immediately() -> None:
    rings: list[str] = []
    player = BellPlayer(lambda: rings.append("BEL"))
    for _ in range(3):
        player.play("tick")
    assert rings == ["BEL"] * 3
    assert (player.mode, player.problem) == ("bell", None)


def test_a_failing_bell_never_raises_and_is_noted() -> None:
    def broken() -> None:
        raise OSError("terminal gone")

    player = BellPlayer(broken)
    player.play("tick")
    assert player.problem is not None and "terminal gone" in player.problem


def test_off_plays_nothing() -> None:
    player = OffPlayer()
    player.play("start")
    player.close()
    assert (player.mode, player.problem) == ("off", None)


# --- the speaker worker -----------------------------------------------------


def write_worker(folder: Path, name: str, body: str) -> list[str]:
    """Write a stand-in worker script and return the command that runs it."""
    script = folder / f"{name}.py"
    script.write_text(textwrap.dedent(body))
    return [sys.executable, str(script)]


def recording_worker(folder: Path, log: Path) -> list[str]:
    """A worker that appends every line it reads to ``log``."""
    return write_worker(
        folder,
        "recorder",
        f"""
        import sys
        with open({str(log)!r}, "a") as out:
            for line in sys.stdin:
                out.write(line)
                out.flush()
        """,
    )


def crashing_worker(folder: Path) -> list[str]:
    """A worker that shouts on both stderr routes, then aborts on its first cue."""
    return write_worker(
        folder,
        "crasher",
        """
        import os, sys
        os.write(2, b"ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\\n")
        print("noise on stdout", flush=True)
        sys.stdin.readline()
        os.abort()
        """,
    )


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def is_gone(pid: int) -> bool:
    """True once ``pid`` has exited (a zombie counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


@pytest.fixture
def bell_log() -> Iterator[tuple[BellPlayer, list[str]]]:
    rings: list[str] = []
    player = BellPlayer(lambda: rings.append("BEL"))
    yield player, rings


def test_cues_reach_the_worker_line_by_line(
    tmp_path: Path, bell_log: tuple[BellPlayer, list[str]]
) -> None:
    log = tmp_path / "cues.log"
    player = SpeakerPlayer(bell_log[0], command=recording_worker(tmp_path, log))
    for cue in ("start", "switch", "complete"):
        player.play(cue)
    player.play("bad\ncue")
    player.close(timeout_s=10)
    assert log.read_text().splitlines() == ["start", "switch", "complete"]
    assert (player.mode, player.problem, bell_log[1]) == ("speaker", None, [])


def test_a_crashing_worker_is_restarted_once_then_the_bell_takes_over(
    tmp_path: Path, bell_log: tuple[BellPlayer, list[str]]
) -> None:
    bell, rings = bell_log
    notes: list[str] = []
    player = SpeakerPlayer(bell, command=crashing_worker(tmp_path), on_problem=notes.append)
    first = player.worker_pid
    assert first is not None
    player.play("start")
    wait_until(lambda: is_gone(first))

    player.play("switch")
    second = player.worker_pid
    assert second is not None and second != first
    assert player.mode == "speaker" and rings == []
    wait_until(lambda: is_gone(second))

    player.play("done")
    player.play("complete")
    assert player.mode == "bell"
    assert rings == ["BEL", "BEL"]
    assert player.problem is not None
    assert "crashed (signal 6)" in player.problem
    assert player.problem.endswith("using the terminal bell")
    assert notes == [player.problem]
    player.close()


def test_a_worker_that_cannot_use_the_device_falls_back_with_the_reason(
    tmp_path: Path, bell_log: tuple[BellPlayer, list[str]]
) -> None:
    command = write_worker(tmp_path, "nodevice", "raise SystemExit(3)")
    player = SpeakerPlayer(bell_log[0], command=command, restarts=0)
    pid = player.worker_pid
    assert pid is not None
    wait_until(lambda: is_gone(pid))
    player.play("start")
    assert player.mode == "bell"
    assert player.problem == (
        "Speaker sound stopped: the sound device failed; using the terminal bell"
    )
    assert bell_log[1] == ["BEL"]


def test_a_worker_that_closed_its_pipe_is_replaced_without_raising(
    tmp_path: Path, bell_log: tuple[BellPlayer, list[str]]
) -> None:
    ready = tmp_path / "ready"
    ready.mkdir()
    command = write_worker(
        tmp_path,
        "deaf",
        f"""
        import os, pathlib, time
        os.close(0)
        (pathlib.Path({str(ready)!r}) / str(os.getpid())).touch()
        time.sleep(60)
        """,
    )
    player = SpeakerPlayer(bell_log[0], command=command)
    first = player.worker_pid
    wait_until(lambda: (ready / str(first)).exists())
    player.play("start")  # broken pipe: the deaf worker is killed and replaced
    second = player.worker_pid
    assert second != first and is_gone(first or 0)
    wait_until(lambda: (ready / str(second)).exists())
    player.play("switch")  # broken again, no restarts left
    player.play("done")
    assert player.mode == "bell"
    assert bell_log[1]  # at least one cue rang instead of vanishing
    assert is_gone(second or 0)


def test_a_worker_that_cannot_start_falls_back_at_once(
    tmp_path: Path, bell_log: tuple[BellPlayer, list[str]]
) -> None:
    player = SpeakerPlayer(bell_log[0], command=[str(tmp_path / "missing-python")])
    player.play("start")
    assert player.mode == "bell"
    assert player.problem is not None and player.problem.startswith(
        "Speaker sound stopped: could not start"
    )
    assert bell_log[1] == ["BEL"]


def test_falling_back_to_off_says_so(tmp_path: Path) -> None:
    player = SpeakerPlayer(OffPlayer(), command=[str(tmp_path / "missing-python")])
    assert player.mode == "off"
    assert player.problem is not None and player.problem.endswith("sound is off")


def test_a_stuck_worker_never_blocks_play(
    tmp_path: Path, bell_log: tuple[BellPlayer, list[str]]
) -> None:
    command = write_worker(tmp_path, "stuck", "import time; time.sleep(60)")
    player = SpeakerPlayer(bell_log[0], command=command)
    times = []
    for _ in range(20_000):  # 180 KB of cue lines: far more than a pipe buffer holds
        started = time.perf_counter()
        player.play("complete")
        times.append(time.perf_counter() - started)
    # A blocking write would hang here for the worker's 60 s; these bounds are loose.
    assert statistics.median(times) < 0.001
    assert max(times) < 1.0
    assert player.mode == "speaker"
    player.close(timeout_s=0.5)  # killed after the wait
    assert is_gone(player.worker_pid or 0)


def test_play_takes_microseconds(tmp_path: Path, bell_log: tuple[BellPlayer, list[str]]) -> None:
    log = tmp_path / "cues.log"
    player = SpeakerPlayer(bell_log[0], command=recording_worker(tmp_path, log))
    times = []
    for _ in range(500):
        started = time.perf_counter()
        player.play("tick")
        times.append(time.perf_counter() - started)
    player.close(timeout_s=10)
    assert statistics.median(times) < 0.001
    assert len(log.read_text().splitlines()) == 500


def test_worker_output_never_reaches_the_parents_terminal(tmp_path: Path) -> None:
    """Run a parent process whose worker shouts and crashes; the parent stays silent."""
    command = crashing_worker(tmp_path)
    parent = textwrap.dedent(
        f"""
        import os, time
        from unpinch.tui.cue_players import OffPlayer
        from unpinch.tui.sound import SpeakerPlayer
        player = SpeakerPlayer(OffPlayer(), command={command!r})
        for _ in range(3):
            pid = player.worker_pid
            player.play("start")
            while os.path.exists(f"/proc/{{pid}}") and open(f"/proc/{{pid}}/stat").read(
            ).rsplit(")", 1)[1].split()[0] not in "ZX":
                time.sleep(0.005)
        player.play("done")
        assert player.mode == "off", player.mode
        player.close()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", parent],
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == (b"", b"")


# --- probing and the factory -------------------------------------------------


def test_probe_reports_the_probe_process_exit_code() -> None:
    assert probe_speaker(command=[sys.executable, "-c", "raise SystemExit(0)"])
    assert not probe_speaker(command=[sys.executable, "-c", "raise SystemExit(1)"])


def test_probe_gives_up_after_its_timeout() -> None:
    started = time.monotonic()
    assert not probe_speaker(
        command=[sys.executable, "-c", "import time; time.sleep(30)"], timeout_s=0.3
    )
    assert time.monotonic() - started < 5


def test_make_player_off_and_bell_never_probe() -> None:
    probe = Probe(True)
    assert make_player("off", {}, lambda: None, speaker_available=probe).mode == "off"
    assert make_player("bell", {}, lambda: None, speaker_available=probe).mode == "bell"
    assert make_player("auto", SSH_TTY, lambda: None, speaker_available=probe).mode == "bell"
    assert probe.calls == 0


def test_make_player_notes_a_missing_device() -> None:
    rings: list[str] = []
    player = make_player("speaker", {}, lambda: rings.append("BEL"), speaker_available=Probe(False))
    player.play("start")
    assert (player.mode, player.problem, rings) == ("bell", NO_DEVICE, ["BEL"])


def test_make_player_speaker_sends_cues_to_the_worker(tmp_path: Path) -> None:
    log = tmp_path / "cues.log"
    player = make_player(
        "auto",
        dict(os.environ, SSH_TTY="", SSH_CONNECTION=""),
        lambda: None,
        speaker_available=Probe(True),
        worker=recording_worker(tmp_path, log),
    )
    assert isinstance(player, SpeakerPlayer)
    player.play("rest")
    player.close(timeout_s=10)
    assert log.read_text() == "rest\n"


def test_pending_player_hands_fresh_cues_over_and_drops_stale_ones() -> None:
    from tests.fakes import FakeClock
    from unpinch.tui.cue_players import PendingPlayer

    class Heard(OffPlayer):
        def __init__(self) -> None:
            super().__init__()
            self.heard: list[str] = []

        def play(self, cue: str) -> None:
            self.heard.append(cue)

    clock = FakeClock()
    pending = PendingPlayer(clock, max_age_s=0.5)
    pending.play("tick")
    clock.advance(0.6)
    pending.play("start")
    clock.advance(0.1)
    target = Heard()
    pending.hand_over(target)
    assert target.heard == ["start"]
    assert pending.waiting == []
