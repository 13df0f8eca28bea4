"""The start-up bench's instruction counts: the first-frame probe, and counting under valgrind."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import bench_startup, launch, startup_counts
from bench.reference_apps import WORD
from tests.conftest import skip_or_fail

PROBE = [sys.executable, str(startup_counts.FIRST_FRAME)]

CALLGRIND_LOG = """==4709== Callgrind, a call-graph generating cache profiler
==4709== Events    : Ir
==4709== Collected : 557900721
==4709==
==4709== I   refs:      557,900,721
"""


def test_the_probe_ends_the_word_app_as_its_frame_shows_the_word(tmp_path: Path) -> None:
    with launch.spawn([*PROBE, WORD, "reference", "word"], launch.pty_env(tmp_path)) as term:
        assert term.wait_exit(30) == 0
        assert WORD in term.screen_text()


def test_the_probe_ends_unpinch_at_the_home_screen(tmp_path: Path) -> None:
    texts = bench_startup.home_texts()
    db = tmp_path / "u.json"
    launch.prepare_db(db, settings={"first_run_ack": True})
    env = launch.pty_env(tmp_path, db)
    with launch.spawn([*PROBE, "|".join(texts), "app"], env) as term:
        assert term.wait_exit(30) == 0
        assert all(text in term.screen_text() for text in texts)


def test_a_program_that_ends_before_the_texts_is_not_a_success(tmp_path: Path) -> None:
    env = launch.pty_env(tmp_path)
    with launch.spawn([*PROBE, WORD, "reference", "no-such-program"], env) as term:
        assert term.wait_exit(30) != 0
    with launch.spawn([*PROBE, WORD, "neither"], env) as term:
        assert term.wait_exit(30) != 0
        assert "unknown program" in term.screen_text()


def test_the_count_is_callgrinds_collected_line() -> None:
    assert startup_counts.counted(CALLGRIND_LOG) == 557_900_721
    with pytest.raises(ValueError):
        startup_counts.counted("==1== Events : Ir\n")


def test_counted_starts_stand_against_the_one_word_apps_count_without_targets() -> None:
    found = {"reference": 900.0, "fresh": 1125.0, "warm": 1080.0, "shaped": 1026.0}
    fresh, warm, shaped = startup_counts.figures(found)
    assert fresh.ratio == pytest.approx(1.25) and warm.ratio == pytest.approx(1.2)
    assert shaped.value == 1026.0 and shaped.reference == 900.0
    assert all(f.target is None and f.ratio_target is None and f.ok for f in (fresh, warm, shaped))
    assert [f.name for f in startup_counts.figures({"reference": 1.0, "warm": 2.0})] == [warm.name]


def test_valgrind_counts_the_same_start_alike_and_refuses_a_failed_one(tmp_path: Path) -> None:
    if startup_counts.valgrind() is None:
        skip_or_fail("valgrind is not installed (apt-get install valgrind)")
    env = launch.pty_env(tmp_path)
    word = ["reference", "word"]
    first, second = (startup_counts.count_start(word, [WORD], env) for _ in range(2))
    assert 100e6 < first < 5e9  # importing Textual alone is hundreds of millions
    assert abs(first - second) / first < 0.01
    with pytest.raises(RuntimeError, match="ended with"):
        startup_counts.count_start(["reference", "no-such-program"], [WORD], env)
