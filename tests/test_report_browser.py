"""The clinician report in a real browser: printed to A4 PDF, every chart on the page.

Headless Chromium opens the file written by ``unpinch report``, prints it to PDF and takes a
screenshot (kept under ``build/test-artifacts/`` to look at). Poppler counts the pages and
renders them, and each chart's own colour must cover real area on a page — a chart that failed
to draw leaves none.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.record_history import sessions, weekly
from unpinch.library.report_charts import COLOURS
from unpinch.library.store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "test-artifacts"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)

pytestmark = pytest.mark.slow


def browser() -> str:
    """The Chromium on PATH, or skip (fail in CI)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    skip_or_fail("Chromium is not installed (Debian package chromium)")
    raise AssertionError("unreachable")


def poppler() -> None:
    """Skip (fail in CI) without pdfinfo and pdftoppm."""
    if not (shutil.which("pdfinfo") and shutil.which("pdftoppm")):
        skip_or_fail("pdfinfo/pdftoppm are not installed (Debian package poppler-utils)")


def write_store(path: Path, days: int) -> None:
    """A data file laid out as the store writes it, holding a generated recovery."""
    found = sessions(days)
    data = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "sessions": {str(n): doc for n, doc in enumerate(found, 1)},
        "weekly_checks": {str(n): doc for n, doc in enumerate(weekly(days), 1)},
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command, failing with its output when it fails."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"{argv[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done


def pages(pdf: Path) -> int:
    """The page count pdfinfo reports."""
    info = run(["pdfinfo", str(pdf)], pdf.parent).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def colour_counts(pdf: Path) -> Counter[str]:
    """How many pixels of each chart colour the printed pages show, at 60 dpi."""
    run(["pdftoppm", "-r", "60", str(pdf), str(pdf.with_suffix(""))], pdf.parent)
    wanted = {bytes.fromhex(c[1:]): key for key, c in COLOURS.items()}
    counts: Counter[str] = Counter()
    for page in sorted(pdf.parent.glob(f"{pdf.stem}-*.ppm")):
        pixels = _ppm_pixels(page.read_bytes())
        for i in range(0, len(pixels), 3):
            key = wanted.get(pixels[i : i + 3])
            if key:
                counts[key] += 1
    return counts


def _ppm_pixels(data: bytes) -> bytes:
    """The RGB bytes of a binary PPM (P6) image."""
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P6" and fields[3] == b"255", "not an 8-bit binary PPM"
    return fields[4]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A half-year report written by the CLI, printed to PDF and screenshotted."""
    chrome = browser()
    poppler()
    here = tmp_path_factory.mktemp("report")
    write_store(here / "db.json", 182)
    report = here / "report.html"
    cli = [sys.executable, "-m", "unpinch.tui", "--db", str(here / "db.json")]
    run([*cli, "report", "--out", str(report)], here)
    common = [chrome, *CHROMIUM_FLAGS, f"--user-data-dir={here / 'profile'}"]
    run([*common, f"--print-to-pdf={here / 'report.pdf'}", report.as_uri()], here)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    run([*common, "--window-size=900,2600", f"--screenshot={shot}", report.as_uri()], here)
    return here / "report.pdf", shot


def test_the_report_prints_on_a_few_a4_pages(printed: tuple[Path, Path]) -> None:
    pdf, _ = printed
    assert 2 <= pages(pdf) <= 8
    info = run(["pdfinfo", str(pdf)], pdf.parent).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in size.split()[2:5:2])
    assert (round(width), round(height)) == (595, 842), size  # A4 in points


@pytest.fixture(scope="module")
def colours(printed: tuple[Path, Path]) -> Counter[str]:
    """The chart colours' pixel counts over the printed pages."""
    return colour_counts(printed[0])


@pytest.mark.parametrize("series", ["sessions", "minutes", "leg", "back", "reach"])
def test_every_chart_is_drawn_on_the_printed_page(colours: Counter[str], series: str) -> None:
    counts = colours
    assert counts[series] > 40, f"{series} chart drew {counts[series]} pixels: {dict(counts)}"


def test_the_screenshot_is_kept_to_look_at(printed: tuple[Path, Path]) -> None:
    _, shot = printed
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
