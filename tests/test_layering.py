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
