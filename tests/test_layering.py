"""The headless domain must never pull in the UI toolkit."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY_MODULES = sorted(
    ".".join(("unpinch", "library", *p.relative_to(ROOT / "library").with_suffix("").parts))
    for p in (ROOT / "library").rglob("*.py")
    if p.stem != "__init__"
)


@pytest.mark.parametrize("module", LIBRARY_MODULES)
def test_library_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{module} imports {result.stdout.strip()} {result.stderr}"


def test_library_modules_were_found() -> None:
    assert "unpinch.library.model" in LIBRARY_MODULES
    assert "unpinch.library.figures.grid" in LIBRARY_MODULES
    assert len(LIBRARY_MODULES) >= 5


def test_the_app_gives_screens_their_context_without_being_imported(tmp_path: Path) -> None:
    from unpinch.tui.app import make_app
    from unpinch.tui.context import AppContext

    app = make_app(tmp_path / "unpinch.json")
    context: AppContext = app  # mypy checks that the app has everything screens may use
    assert context.workspace is app.workspace
    assert context.wall_clock().utcoffset() is not None
    app.workspace.close()


def test_the_import_contracts_hold() -> None:
    """The layering in pyproject.toml: library never imports tui, widgets never import
    screens, screens never import the app, and tui has no import cycles."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "4 kept, 0 broken" in result.stdout
