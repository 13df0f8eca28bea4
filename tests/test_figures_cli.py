"""``unpinch figures``, ``unpinch show`` with a figure, and the committed gallery."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from tests.cli_helpers import ROOT, run_cli
from unpinch.library.catalog import load_catalog
from unpinch.library.figures.data import load_figures
from unpinch.library.figures.gallery import figure_svg, gallery_svg
from unpinch.library.model import Exercise

GALLERY = ROOT / "library" / "data" / "figures" / "gallery.svg"
SVG = "{http://www.w3.org/2000/svg}"


def test_figures_writes_an_svg_per_exercise_and_side_and_a_gallery(tmp_path: Path) -> None:
    out = tmp_path / "svg"
    result = run_cli("figures", "--svg", str(out), db=tmp_path / "db.json")
    assert result.returncode == 0, result.stderr
    catalog = load_catalog()
    sided = sum(1 for e in catalog.exercises.values() if e.sides != "both")
    expected = len(catalog.exercises) + sided + 1
    assert result.stdout.strip() == f"Wrote {expected} SVG files to {out}"
    assert (out / "bridge.svg").is_file()
    assert (out / "clamshell-left.svg").is_file() and (out / "clamshell-right.svg").is_file()
    ElementTree.parse(out / "gallery.svg")


def test_figures_prints_every_exercise_in_the_terminal(tmp_path: Path) -> None:
    result = run_cli("figures", db=tmp_path / "db.json")
    assert result.returncode == 0, result.stderr
    for exercise in load_catalog().exercises.values():
        assert f"{exercise.name} ({exercise.id})" in result.stdout
    assert "no figure yet" not in result.stdout
    assert any(0x2800 < ord(ch) <= 0x28FF for ch in result.stdout)


def test_figures_in_ascii_for_a_plain_console(tmp_path: Path) -> None:
    result = run_cli("figures", "--style", "ascii", db=tmp_path / "db.json")
    assert result.returncode == 0, result.stderr
    drawings = [line for line in result.stdout.splitlines() if not line.endswith(")")]
    assert all(line.isascii() for line in drawings)
    assert "START" in result.stdout and "O" in result.stdout


def test_show_prints_the_exercise_with_its_figure(tmp_path: Path) -> None:
    result = run_cli("show", "single-leg-bridge", db=tmp_path / "db.json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Figure:" in lines
    labels = lines[lines.index("Figure:") + 1]
    assert labels.split() == ["START", "MIDDLE", "END"]


def test_show_a_routine_has_no_figure(tmp_path: Path) -> None:
    result = run_cli("show", "gentle-stretches", db=tmp_path / "db.json")
    assert result.returncode == 0
    assert "Figure:" not in result.stdout


def test_the_committed_gallery_is_the_current_drawing() -> None:
    catalog = load_catalog()
    figures = load_figures(exercise_ids=frozenset(catalog.exercises))
    fresh = gallery_svg(figures, catalog.exercises)
    assert GALLERY.read_text(encoding="utf-8") == fresh, (
        "library/data/figures/gallery.svg is out of date: run "
        "`unpinch figures --svg DIR` and copy DIR/gallery.svg there, then look at it"
    )


def test_the_gallery_shows_every_exercise_by_name() -> None:
    tree = ElementTree.parse(GALLERY)
    titles = [t.text or "" for t in tree.iter(f"{SVG}text")]
    names = {e.name for e in load_catalog().exercises.values()}
    assert {t.split(" · ")[0] for t in titles} == names


def test_names_are_escaped_in_svg() -> None:
    catalog = load_catalog()
    figure = load_figures()["bridge"]
    odd = Exercise(**{**catalog.exercises["bridge"].__dict__, "name": "<b>Bridge & co</b>"})
    text = figure_svg(figure, odd)
    ElementTree.fromstring(text)
    assert "&lt;b&gt;Bridge &amp; co&lt;/b&gt;" in text
