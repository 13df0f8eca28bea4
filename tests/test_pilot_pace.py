"""Pilot tests of the pace controls: + and - are offered only where there is a time to change."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.pilot_helpers import (
    DEFAULT_SETTINGS,
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    make_rig,
    paced,
    player_of,
    press,
    screen_text,
    seed,
    widget_text,
)
from unpinch.library.catalog import load_catalog
from unpinch.tui.widgets.rep_pace import word_text


def footer_line(rig: Rig) -> str:
    """The footer: the last row of the screen."""
    return screen_text(rig.app).splitlines()[-1]


def test_plus_and_minus_are_hidden_on_counted_steps_and_shown_on_holds(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(db, settings=DEFAULT_SETTINGS)
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 0.5)
        rig.extra["hold"] = footer_line(rig)
        await advance(pilot, rig, 4 + 2 + 4 + 3, step=1)
        screen = player_of(rig.app)
        assert screen.player.step.counted
        await pilot.pause()
        rig.extra["counted"] = footer_line(rig)
        before = screen.player.remaining_s()
        await press(pilot, "plus")
        rig.extra["after_plus"] = (before, screen.player.remaining_s(), screen.player.index)

    drive(rig, body)
    assert "+5s" in rig.extra["hold"] and "-5s" in rig.extra["hold"]
    assert "+5s" not in rig.extra["counted"] and "-5s" not in rig.extra["counted"]
    assert "Count rep" in rig.extra["counted"]
    assert "Tempo" not in rig.extra["hold"] and "Tempo" not in rig.extra["counted"]
    before, after, _ = rig.extra["after_plus"]
    assert before is None and after is None


BAR_CELLS = set("█▌·╎")


def bar_in(text: str) -> str:
    """The progress bar the timer panel shows in a screen's text: its first row of bar cells."""
    for line in text.splitlines()[1:-1]:
        panel = line[49:].strip()
        if len(panel) >= 20 and set(panel) <= BAR_CELLS:
            return panel
    raise AssertionError("no bar on screen:\n" + text)


def visible_bar(rig: Rig) -> str:
    """The progress bar the timer panel shows now."""
    return bar_in(screen_text(rig.app))


def test_more_time_at_the_last_paced_rep_keeps_the_bar_moving(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seed(
        db, (("in-bed-knee-rocks", paced(3, 4.0)),), settings={**DEFAULT_SETTINGS, "count_in_s": 0}
    )
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 8 + 2, step=1)  # halfway through the last of three reps
        screen = player_of(rig.app)
        await press(pilot, "plus")
        await pilot.pause()
        left = screen.player.remaining_s()
        assert left is not None and left > 2.0
        bars = []
        for _ in range(int(left) - 1):
            await advance(pilot, rig, 1)
            bars.append(visible_bar(rig))
        rig.extra["bars"] = bars
        rig.extra["index"] = screen.player.index

    drive(rig, body)
    bars = rig.extra["bars"]
    assert rig.extra["index"] == 0
    assert len(set(bars)) == len(bars), bars  # it moves every second
    assert all(bar.count("█") < len(bar) for bar in bars), bars  # and is never full before the end


def paced_rig(tmp_path: Path, tempo_s: float = 4.0, count: int = 5) -> Rig:
    """Clamshells (lift, lower) paced at ``tempo_s``, straight after the count-in."""
    db = tmp_path / "unpinch.json"
    items = (("clamshell", paced(count, tempo_s)),)
    seed(db, items, settings={**DEFAULT_SETTINGS, "count_in_s": 0})
    return make_rig(db, routine_id=ROUTINE_ID)


def test_a_paced_rep_shows_its_phase_word_sweep_and_tempo(tmp_path: Path) -> None:
    rig = paced_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        seen = []
        for moment in (0.5, 1.0, 1.0, 1.0):  # 0.5, 1.5, 2.5, 3.5 s into the first rep
            await advance(pilot, rig, moment)
            seen.append((widget_text(rig.app, "#pace-word"), visible_bar(rig)))
        rig.extra["seen"] = seen
        rig.extra["tempo"] = widget_text(rig.app, "#timer-tempo")
        rig.extra["screen"] = screen_text(rig.app)

    drive(rig, body)
    seen = rig.extra["seen"]
    assert [word for word, _ in seen] == ["L I F T", "L I F T", "L O W E R", "L O W E R"]
    fills = [bar.count("█") for _, bar in seen]
    assert fills == sorted(fills) and len(set(fills)) == 4, seen
    assert "╎" in seen[0][1]  # where "lower" begins, still to come
    assert rig.extra["tempo"] == "4 s a rep"
    assert "Rep 1 of 5" in rig.extra["screen"]


def test_plus_and_minus_change_the_tempo_of_paced_reps_without_a_jump(tmp_path: Path) -> None:
    rig = paced_rig(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 5.0)  # a quarter into rep 2
        screen = player_of(rig.app)
        rig.extra["footer"] = footer_line(rig)
        before = (screen.player.rep_position(), visible_bar(rig), screen.player.remaining_s())
        await press(pilot, "plus", "plus")
        await pilot.pause()
        after = (screen.player.rep_position(), visible_bar(rig), screen.player.remaining_s())
        rig.extra["slower"] = (before, after, widget_text(rig.app, "#timer-tempo"))
        await press(pilot, *["minus"] * 20)
        await pilot.pause()
        rig.extra["fastest"] = (screen.player.tempo_s(), widget_text(rig.app, "#timer-tempo"))

    drive(rig, body)
    assert "+/- Tempo" in rig.extra["footer"] and "? Help" in rig.extra["footer"]
    assert "+5s" not in rig.extra["footer"] and "-5s" not in rig.extra["footer"]
    (pos0, bar0, left0), (pos1, bar1, left1), tempo = rig.extra["slower"]
    assert pos1 == pos0 == 1.25 and bar1 == bar0  # the rep in progress stays where it was
    assert left0 == 15.0 and left1 == 3.75 * 5.0  # the 3.75 reps to come take 5 s each
    assert tempo == "5 s a rep"
    assert rig.extra["fastest"] == (0.5, "0.5 s a rep")


def test_every_paced_exercise_shows_its_pace_and_cautions_at_80_by_24(tmp_path: Path) -> None:
    catalog = load_catalog()
    paced_ids = [e.id for e in catalog.exercises.values() if not (e.dose.hold_s or e.dose.counted)]
    db = tmp_path / "unpinch.json"
    items = tuple((ex_id, paced(1, 2.0)) for ex_id in paced_ids)
    settings = {**DEFAULT_SETTINGS, "count_in_s": 0, "switch_pause_s": 0}
    seed(db, items, settings=settings, rest_between_s=0)
    rig = make_rig(db, routine_id=ROUTINE_ID)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        screens: dict[str, str] = {}
        player = player_of(rig.app).player
        while not player.over:
            await advance(pilot, rig, 0.5)
            screens.setdefault(player.step.exercise_id or "", screen_text(rig.app))
            await advance(pilot, rig, 1.5)
        rig.extra["screens"] = screens

    drive(rig, body)
    screens = rig.extra["screens"]
    assert sorted(screens) == sorted(paced_ids) and len(paced_ids) >= 7
    for ex_id, text in screens.items():
        exercise = catalog.exercises[ex_id]
        first = exercise.phases[0][0] if exercise.phases else "move"
        assert word_text(first) in text, (ex_id, text)
        assert "2 s a rep" in text and bar_in(text), (ex_id, text)
        caution = " ".join(exercise.cautions[0].split()[:4])
        assert caution in " ".join(text.split()), (ex_id, text)
