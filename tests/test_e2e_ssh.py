"""End-to-end over a real SSH connection: a private sshd on 127.0.0.1 and the real ssh client.

The remote side is this machine: sshd runs the installed ``unpinch`` in the
pty it allocates, and the ssh client runs in our own pty, so the bytes the
test reads are exactly what a user's terminal would receive. Over SSH the
app's "auto" sound picks the terminal bell, so every cue must arrive as one
BEL byte, on time.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench import bench_terminal
from bench.launch import REFERENCE_APPS, prepare_db
from bench.ptyterm import ALT_SCREEN_ON, PtyTerm, bel_offsets
from tests.conftest import Spawn, skip_or_fail
from tests.e2e_helpers import (
    CUES_ID,
    CUES_ITEMS,
    HOME_TEXT,
    UNPINCH,
    align,
    bell_schedule,
    percentile,
    planned_cues,
    save_routine,
    sessions,
)
from unpinch.library.model import Dose, RoutineItem, Span

pytestmark = pytest.mark.e2e

SSHD = Path("/usr/sbin/sshd")
BELL_TOLERANCE_S = 0.150
NOISE = (
    b"ALSA",
    b"Traceback",
    b"Warning",
    b"warning:",
    b"Pseudo-terminal",
    b"Permanently added",
    b"Last login",
    b"Welcome",
    b"Connection to",
)
"""Text that must never reach the user's terminal: errors, ssh chatter, banners."""
CONTROL = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[ -~])")
"""Escape sequences (CSI, OSC, two-byte), which draw nothing readable."""


@dataclass(frozen=True)
class Sshd:
    """A running private sshd and the client key that logs in to it as the current user."""

    port: int
    client_key: Path
    folder: Path
    log: Path

    def ssh_argv(self, remote: list[str]) -> list[str]:
        """The ssh client command that runs ``remote`` on this server in a remote pty."""
        return [
            "ssh",
            "-tt",
            "-F",
            "/dev/null",
            "-i",
            str(self.client_key),
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            f"{pwd.getpwuid(os.geteuid()).pw_name}@127.0.0.1",
            shlex.join(remote),
        ]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sshd_config(folder: Path, port: int) -> str:
    """A minimal sshd configuration: key login only, on loopback, quiet."""
    return "\n".join(
        [
            "ListenAddress 127.0.0.1",
            f"Port {port}",
            f"HostKey {folder / 'host_key'}",
            f"AuthorizedKeysFile {folder / 'authorized_keys'}",
            f"PidFile {folder / 'sshd.pid'}",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PrintMotd no",
            "PrintLastLog no",
            "LogLevel ERROR",
            "",
        ]
    )


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Wait until something accepts connections on ``port``; fail if sshd exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"sshd did not listen on port {port} within {timeout} s")


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    """Start a private sshd with fresh host and client keys for the whole session."""
    missing = [n for n in ("ssh", "ssh-keygen") if shutil.which(n) is None]
    if not SSHD.exists():
        missing.append(str(SSHD))
    if missing:
        skip_or_fail(f"OpenSSH is not installed here ({', '.join(missing)} missing)")
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)],
            check=True,
            timeout=30,
        )
    (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(sshd_config(folder, port))
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    log = folder / "sshd.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(SSHD), "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
        )
    try:
        wait_for_port(port, process)
        yield Sshd(port, folder / "client_key", folder, log)
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def remote_unpinch(db: Path, home: Path, *args: str) -> list[str]:
    """The remote command line: the installed unpinch on ``db``, with a terminal type set."""
    env = ["env", "TERM=xterm-256color", "LANG=C.UTF-8", f"HOME={home}"]
    return [*env, str(UNPINCH), "--db", str(db), *args]


def client_env(home: Path) -> dict[str, str]:
    """The ssh client's environment: no agent, its own home, a common terminal type."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "TERM": "xterm"}


def unpinch_pids(db: Path) -> list[int]:
    """Process ids of every running unpinch whose command line names ``db``."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(db).encode() in argv and any(a.endswith(b"unpinch") for a in argv):
            found.append(int(entry.name))
    return found


def assert_clean(term: PtyTerm) -> None:
    """Nothing but the app reached the terminal: no stray text before it started, no noise."""
    output = term.output()
    for noise in NOISE:
        assert noise not in output, f"{noise!r} reached the terminal"
    assert ALT_SCREEN_ON in output
    before = output[: output.index(ALT_SCREEN_ON)]
    assert CONTROL.sub(b"", before).strip() == b"", before


@pytest.mark.timing
def test_cues_arrive_as_bells_on_time_over_ssh(
    sshd: Sshd, spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = tmp_path / "unpinch.json"
    save_routine(db, CUES_ID, CUES_ITEMS)
    cues = planned_cues(db, CUES_ID)
    kinds = {"tick", "start", "switch", "rest", "rep", "turn", "done", "complete"}
    assert {c.kind for c in cues} == kinds
    expected = bell_schedule(cues)
    rung = [c for c in cues if c.kind != "turn"]  # the turns inside a rep never ring
    assert len(expected) == len(rung), "the bell player would drop a cue of this routine"

    argv = sshd.ssh_argv(remote_unpinch(db, e2e_home, "play", CUES_ID))
    term = spawn(argv, cols=80, rows=24, env=client_env(e2e_home))
    screen = term.wait_for_text("GET READY", timeout=15)
    assert f"Test routine {CUES_ID} · exercise 1 of 2" in screen
    term.wait_for_text("Routine complete", timeout=expected[-1] + 10)
    time.sleep(0.5)
    measured = term.bel_times()

    assert len(measured) == len(expected), (measured, expected)
    fit = align(expected, measured)
    deviations_ms = [abs(d) * 1000 for d in fit.deviations]
    print(
        f"\nBEL deviation over SSH: {len(measured)} bells, max {fit.max_abs * 1000:.1f} ms, "
        f"p50 {fit.median_abs * 1000:.1f} ms, p90 {percentile(deviations_ms, 0.9):.1f} ms"
    )
    assert fit.max_abs <= BELL_TOLERANCE_S, [round(d, 3) for d in fit.deviations]

    term.send("\r")
    term.wait_for_text(HOME_TEXT, timeout=5)
    term.send("q")
    assert term.wait_exit(10) == 0
    assert_clean(term)
    (session,) = sessions(db)
    assert session["status"] == "completed"


def test_a_dropped_connection_does_not_leave_the_player_running(
    sshd: Sshd, spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = tmp_path / "unpinch.json"
    hold = [RoutineItem("bridge", Dose(hold_s=Span(60, 60)))]
    save_routine(db, "e2e-long", hold, settings={"count_in_s": 1, "first_run_ack": True})
    argv = sshd.ssh_argv(remote_unpinch(db, e2e_home, "play", "e2e-long"))
    term = spawn(argv, cols=80, rows=24, env=client_env(e2e_home))
    term.wait_for_text("Set 1/1 · Hold 1/1", timeout=15)
    remote = unpinch_pids(db)
    assert len(remote) == 1, remote

    dropped = time.monotonic()
    term.signal(signal.SIGKILL)
    term.wait_exit(5)
    while unpinch_pids(db) and time.monotonic() < dropped + 5.0:
        time.sleep(0.05)
    gone_after = time.monotonic() - dropped
    assert unpinch_pids(db) == [], "the remote player outlived its connection"
    saved = sessions(db)
    kept = [(s["status"], s.get("resume_index")) for s in saved]
    print(f"\nRemote player gone {gone_after:.2f} s after the drop; store holds {kept}")
    assert len(saved) == 1
    assert saved[0]["status"] != "completed"


# -- desktop notifications over SSH ---------------------------------------------------

NOTIFY_ID = "e2e-notify"
NOTIFY_ITEMS = [RoutineItem("knee-to-chest", Dose(reps=Span(1, 1), hold_s=Span(2, 2), rest_s=1))]
"""Count-in, the left side, a switch, the right side: Starting, Switch sides, Routine complete."""
NOTIFY_SETTINGS = {"count_in_s": 1, "switch_pause_s": 1, "first_run_ack": True}
DONE_TEXT = b"Routine complete;Well done. Take a moment before you get up."
DONE_BODY = b"Routine complete: Well done. Take a moment before you get up."
EXACT_DONE: dict[str, list[bytes]] = {
    "osc777": [b"\x1b]777;notify;" + DONE_TEXT + b"\x07"],
    "osc9": [b"\x1b]9;" + DONE_BODY + b"\x07"],
    "osc99": [
        b"\x1b]99;i=unpinch:d=0;Routine complete\x1b\\",
        b"\x1b]99;i=unpinch:d=1:p=body;Well done. Take a moment before you get up.\x1b\\",
    ],
}
"""The exact sequences of the last notification, per form, as the user's terminal receives them.

kitty's comes in two (title, then body); tmux may send its own drawing between them.
"""
STARTS: dict[str, bytes] = {
    "osc777": b"\x1b]777;notify;",
    "osc9": b"\x1b]9;",
    "osc99": b"\x1b]99;i=unpinch:d=0;",
}
"""How each form's notification (its title part, for kitty's) begins."""
NOTIFICATION = re.compile(rb"\x1b\](?:777|99|9);[^\x07\x1b]*(?:\x07|\x1b\\)")
"""Any OSC 777, 9 or 99 sequence, for counting the bytes each notification takes."""
TMUX_CONF = "set -g status off\nset -g allow-passthrough on\nset -g escape-time 0\n"


def play_notified(
    sshd: Sshd, spawn: Spawn, db: Path, home: Path, remote: list[str], focus_in: bool = False
) -> bytes:
    """Play the notify routine over SSH with ``remote`` as the command; return what arrived.

    With ``focus_in`` the client reports that its window has focus as soon as
    the player shows, as a terminal with focus reporting would.
    """
    term = spawn(sshd.ssh_argv(remote), cols=80, rows=24, env=client_env(home))
    if focus_in:
        term.wait_for_text("GET READY", timeout=40)
        term.send(b"\x1b[I")
    term.wait_for_text("Routine complete", timeout=40)
    time.sleep(0.3)
    output = term.output()
    term.send("\r")
    term.wait_for_text(HOME_TEXT, timeout=5)
    term.send("q")
    assert term.wait_exit(10) == 0
    assert_clean(term)
    return output


def notify_db(tmp_path: Path) -> Path:
    """A data file holding the notify routine and its short settings."""
    db = tmp_path / "unpinch.json"
    save_routine(db, NOTIFY_ID, NOTIFY_ITEMS, settings=NOTIFY_SETTINGS)
    return db


@pytest.mark.parametrize("form", ["osc777", "osc9", "osc99"])
def test_each_notification_form_arrives_exactly_over_ssh(
    form: str, sshd: Sshd, spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = notify_db(tmp_path)
    args = ("--notify", form, "--sound", "off", "play", NOTIFY_ID)
    output = play_notified(sshd, spawn, db, e2e_home, remote_unpinch(db, e2e_home, *args))
    sent = NOTIFICATION.findall(output)
    sizes = ", ".join(str(len(seq)) for seq in sent)
    print(f"\n{form} over SSH: {len(sent)} sequences of {sizes} bytes; last: {EXACT_DONE[form]!r}")
    assert output.count(STARTS[form]) == 3, output
    assert [output.count(part) for part in EXACT_DONE[form]] == [1] * len(EXACT_DONE[form])
    assert b"Switch sides" in output and b"now your right side." in output
    others = [start for name, start in STARTS.items() if name != form]
    assert not any(start in output for start in others)


def test_bell_notifications_are_one_bel_each_and_off_sends_nothing(
    sshd: Sshd, spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = notify_db(tmp_path)
    for form, bells in (("bell", 3), ("off", 0)):
        args = ("--notify", form, "--sound", "off", "play", NOTIFY_ID)
        output = play_notified(sshd, spawn, db, e2e_home, remote_unpinch(db, e2e_home, *args))
        assert len(bel_offsets(output)) == bells, (form, output)
        assert not any(start in output for start in STARTS.values())
        print(f"\n{form} over SSH: {bells} BEL byte(s)")


def test_nothing_is_sent_after_the_terminal_reports_focus(
    sshd: Sshd, spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    db = notify_db(tmp_path)
    args = ("--notify", "osc777", "--sound", "off", "play", NOTIFY_ID)
    remote = remote_unpinch(db, e2e_home, *args)
    output = play_notified(sshd, spawn, db, e2e_home, remote, focus_in=True)
    assert b"\x1b[?1004h" in output, "the app did not ask for focus reports"
    assert b"\x1b]777;" not in output


@pytest.mark.parametrize("form", ["osc777", "osc99"])
def test_inside_a_real_tmux_notifications_pass_through_unchanged(
    form: str, sshd: Sshd, spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    if shutil.which("tmux") is None:
        skip_or_fail("tmux is not installed here")
    db = notify_db(tmp_path)
    conf = tmp_path / "tmux.conf"
    conf.write_text(TMUX_CONF)
    inner = remote_unpinch(db, e2e_home, "--notify", form, "--sound", "off", "play", NOTIFY_ID)
    tmux = ["tmux", "-S", str(tmp_path / "tmux.sock"), "-f", str(conf), "new-session"]
    remote = ["env", "TERM=xterm-256color", "LANG=C.UTF-8", f"HOME={e2e_home}", *tmux]
    output = play_notified(sshd, spawn, db, e2e_home, [*remote, shlex.join(inner)])
    print(f"\n{form} through tmux over SSH, last notification: {EXACT_DONE[form]!r}")
    assert [output.count(part) for part in EXACT_DONE[form]] == [1] * len(EXACT_DONE[form])
    assert output.count(STARTS[form]) == 3
    assert b"\x1bPtmux;" not in output, "tmux did not unwrap the passthrough"


def test_a_hold_costs_under_a_kilobyte_a_second_over_ssh(
    sshd: Sshd, spawn: Spawn, tmp_path: Path, e2e_home: Path
) -> None:
    """The mean over a whole 30 s hold, cue rotating and every cue a bell, as a user pays it.

    The reference, a bare countdown at 1 Hz, is measured over SSH during the same hold.
    """
    db = tmp_path / "unpinch.json"
    prepare_db(db, [bench_terminal.ROUTINE], bench_terminal.PLAY_SETTINGS)
    argv = sshd.ssh_argv(remote_unpinch(db, e2e_home, "play", bench_terminal.ROUTINE.id))
    term = spawn(argv, cols=80, rows=24, env=client_env(e2e_home))
    term.wait_for_text(bench_terminal.HOLD_TEXTS[1], timeout=20)
    # The reference runs over a second SSH login during the same hold, so both see one machine.
    env = ["env", "TERM=xterm-256color", "LANG=C.UTF-8", f"HOME={e2e_home}"]
    reference = [*env, sys.executable, str(REFERENCE_APPS), "digits", "1"]
    digits = spawn(sshd.ssh_argv(reference), cols=80, rows=24, env=client_env(e2e_home))
    digits.wait_until(lambda t: ":" in t.screen_text(), 20, "the countdown")
    started = time.monotonic()
    term.wait_until(
        lambda t: bench_terminal.HOLD_TEXTS[1] not in t.screen_text(),
        bench_terminal.HOLD_S + 10,
        "the hold to end",
    )
    mean, seconds = bench_terminal.hold_mean(term.chunks(), bench_terminal.HOLD_TEXTS)
    floor = bench_terminal.mean_rate(
        digits.chunks(), started + bench_terminal.SKIP_S, time.monotonic()
    )
    print(
        f"\nbytes over SSH, mean over {seconds:.1f} s of a hold: {mean:.0f} B/s "
        f"(bare Digits countdown at 1 Hz: {floor:.0f} B/s)"
    )
    assert bel_offsets(term.output()), "every cue is a bell over SSH"
    assert seconds >= bench_terminal.HOLD_S - 5
    assert mean <= bench_terminal.BYTES_TARGET
