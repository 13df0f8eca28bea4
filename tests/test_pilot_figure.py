"""The figure in the player: still through a hold, mirrored for the left, moving with a rep.

The default pilot routine is lower-back-rotation held 4 s on each side, squats
counted, then in-bed knee rocks paced at 2 s a rep; count-in 3 s, switch 2 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.pilot_helpers import (
    ROUTINE_ID,
    Rig,
    advance,
    drive,
    make_rig,
    player_of,
    press,
    screen_text,
    seed,
)
from unpinch.library.figures.data import load_figures
from unpinch.library.figures.draw import FigureDrawing
from unpinch.library.figures.grid import Grid
from unpinch.library.figures.motion import next_frame_in
from unpinch.library.store import Store
from unpinch.tui.widgets.exercise_card import ExerciseCard
from unpinch.tui.widgets.exercise_figure import (
    FIGURE_HIDDEN_KEY,
    FRAME_LAG_S,
    ExerciseFigure,
    figure_style,
)

FIGURES = load_figures()
PACED_START = 3 + 4 + 2 + 4 + 3 + 0  # count-in, hold, switch, hold, rest: then counted reps


def start(tmp_path: Path) -> Rig:
    seed(tmp_path / "db.json")
    return make_rig(tmp_path / "db.json", routine_id=ROUTINE_ID)


def shown(rig: Rig) -> str:
    """The characters the figure pane shows now."""
    figure = rig.app.screen.query_one(ExerciseFigure)
    return str(figure.content)


def size_of(rig: Rig) -> tuple[int, int]:
    region = rig.app.screen.query_one(ExerciseFigure).content_region
    return region.width, region.height


def expected(exercise_id: str, pose: str, size: tuple[int, int], *, mirrored: bool) -> Grid:
    """What the pane should show: the same drawing, made directly from the library."""
    return FigureDrawing(FIGURES[exercise_id], mirrored).still(pose, *size, figure_style())


def test_a_hold_shows_the_hold_pose_and_stays_still(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        rig.extra["side"] = player_of(rig.app).player.step.side
        rig.extra["first"] = shown(rig)
        rig.extra["size"] = size_of(rig)
        await advance(pilot, rig, 1.5)
        rig.extra["later"] = shown(rig)

    drive(rig, body)
    left = rig.extra["side"] == "left"
    grid = expected("lower-back-rotation", "end", rig.extra["size"], mirrored=left)
    assert rig.extra["first"] == grid.text
    assert rig.extra["later"] == rig.extra["first"]
    assert rig.extra["size"][1] >= 3


def test_the_second_side_is_drawn_mirrored(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        rig.extra["first_side"] = player_of(rig.app).player.step.side
        rig.extra["first"] = shown(rig)
        await advance(pilot, rig, 3 + 2 + 1)
        rig.extra["second_side"] = player_of(rig.app).player.step.side
        rig.extra["second"] = shown(rig)
        rig.extra["size"] = size_of(rig)

    drive(rig, body)
    sides = (rig.extra["first_side"], rig.extra["second_side"])
    assert sorted(sides) == ["left", "right"]
    second = rig.extra["second_side"] == "left"
    want = expected("lower-back-rotation", "end", rig.extra["size"], mirrored=second)
    assert rig.extra["second"] == want.text
    assert rig.extra["first"] != rig.extra["second"]


def test_a_paced_rep_moves_with_the_clock_and_freezes_when_paused(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, PACED_START)
        await press(pilot, "space", "space", "space")  # count the three squats
        await advance(pilot, rig, 3)  # the rest before the paced rocks
        player = player_of(rig.app).player
        rig.extra["kind"] = (player.step.kind, player.step.exercise_id, player.step.counted)
        figure = rig.app.screen.query_one(ExerciseFigure)
        frames = []
        for _ in range(6):
            await advance(pilot, rig, 1 / 3)
            figure.redraw()
            frames.append(shown(rig))
        rig.extra["frames"] = frames
        await press(pilot, "space")
        paused = [shown(rig)]
        for _ in range(3):
            rig.clock.advance(0.5)
            figure.redraw()
            paused.append(shown(rig))
        rig.extra["paused"] = paused

    drive(rig, body)
    assert rig.extra["kind"] == ("reps", "in-bed-knee-rocks", False)
    assert len(set(rig.extra["frames"])) >= 3  # start, towards one side, towards the other
    assert len(set(rig.extra["paused"])) == 1


def test_a_paced_rep_redraws_on_its_own_a_few_times_a_second(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, PACED_START)
        await press(pilot, "space", "space", "space")
        await advance(pilot, rig, 3)
        figure = rig.app.screen.query_one(ExerciseFigure)
        updates: list[str] = []
        real_update = figure.update

        def counting(content: object = "", **options: bool) -> None:
            updates.append(str(content))
            real_update(content, **options)  # type: ignore[arg-type]

        figure.update = counting  # type: ignore[method-assign]
        rig.clock.advance(1.0)  # the clock moves; the widget's own timer must notice
        await pilot.pause(0.6)
        rig.extra["updates"] = list(updates)
        rig.clock.advance(0.0)
        await pilot.pause(1.0)  # the clock stands still: nothing new to send
        rig.extra["idle"] = len(updates) - len(rig.extra["updates"])

    drive(rig, body)
    assert 1 <= len(rig.extra["updates"]) <= 2
    assert rig.extra["idle"] == 0


def test_f_hides_the_figure_without_moving_the_card_and_remembers(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        card = rig.app.screen.query_one(ExerciseCard)
        rig.extra["card_before"] = card.region
        await press(pilot, "f")
        figure = rig.app.screen.query_one(ExerciseFigure)
        rig.extra["hidden"] = (figure.has_class("-hidden"), figure.display)
        rig.extra["card_after"] = card.region
        rig.extra["text"] = screen_text(rig.app)
        await press(pilot, "f")
        await press(pilot, "f")

    drive(rig, body)
    assert rig.extra["hidden"] == (True, False)
    assert rig.extra["card_before"] == rig.extra["card_after"]
    assert "Keep both shoulders on the floor" in rig.extra["text"] or "»" in rig.extra["text"]
    with Store.open(tmp_path / "db.json") as store:
        assert store.settings()[FIGURE_HIDDEN_KEY] is True

    again = make_rig(tmp_path / "db.json", routine_id=ROUTINE_ID)

    async def second(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 1)
        rig.extra["hidden"] = rig.app.screen.query_one(ExerciseFigure).has_class("-hidden")

    drive(again, second)
    assert again.extra["hidden"] is True


def test_the_caution_and_the_cue_stay_on_screen_at_80_by_24(tmp_path: Path) -> None:
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, 3 + 1)
        rig.extra["text"] = screen_text(rig.app)
        figure = rig.app.screen.query_one(ExerciseFigure)
        cue = rig.app.screen.query_one("#form-cue")
        rig.extra["regions"] = (figure.region, cue.region, rig.app.screen.region)

    drive(rig, body)
    text = rig.extra["text"]
    assert "⚠ Roll only as far as your back allows" in text
    figure, cue, screen = rig.extra["regions"]
    assert cue.y + cue.height <= screen.height - 1
    assert figure.y + figure.height <= cue.y
    assert any(0x2800 < ord(ch) <= 0x28FF for ch in text)


def test_blank_cells_join_the_run_before_them() -> None:
    from unpinch.tui.widgets.exercise_figure import runs

    row = " ab  c d "
    roles = (None, "body", "body", None, None, "work", None, "body", None)
    assert runs(row, roles) == [(" ", None), ("ab  ", "body"), ("c ", "work"), ("d ", "body")]
    assert "".join(chars for chars, _ in runs(row, roles)) == row


def test_a_moving_figure_draws_its_frames_just_after_they_are_due_not_on_the_cue(
    tmp_path: Path,
) -> None:
    """A rep's first frame is due when its cue rings; the figure's own timer comes later."""
    rig = start(tmp_path)

    async def body(pilot: Pilot[int], rig: Rig) -> None:
        await advance(pilot, rig, PACED_START)
        await press(pilot, "space", "space", "space")
        await advance(pilot, rig, 3)
        figure = rig.app.screen.query_one(ExerciseFigure)
        asked: list[float] = []
        real_timer = figure.set_timer

        def recording(delay: float, callback: Any, **options: Any) -> Any:
            asked.append(delay)
            return real_timer(delay, callback, **options)

        figure.set_timer = recording  # type: ignore[method-assign,assignment]
        for _ in range(3):
            rig.clock.advance(0.4)
            assert figure.ticker is not None and figure.elapsed is not None
            figure.ticker.stop()
            figure.ticker = None
            figure.redraw()
            due = next_frame_in(figure.elapsed(), figure.tempo_s or 0.0)
            rig.extra.setdefault("pairs", []).append((asked[-1], due))

    drive(rig, body)
    for delay, due in rig.extra["pairs"]:
        assert delay == pytest.approx(max(0.02, due + FRAME_LAG_S))
