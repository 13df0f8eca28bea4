"""A wheel built from the repo runs from a clean virtual environment outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import venv
import zipfile
from pathlib import Path

import pytest

from unpinch.tui.stylesheets import LATER_CSS

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command, failing the test with its output if it fails."""
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_wheel_carries_data_and_sounds(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "unpinch/library/data/exercises.toml" in names
    assert "unpinch/library/data/routines.toml" in names
    assert "unpinch/library/data/glossary.toml" in names
    shipped = [n for n in names if n.startswith("unpinch/library/data/parsed/")]
    assert len(shipped) == 5 and all(n.endswith(".json") for n in shipped), shipped
    assert any(n.startswith("unpinch/sounds/") and n.endswith(".wav") for n in names)
    assert "unpinch/tui/app.tcss" in names
    assert all(f"unpinch/tui/{sheet}" in names for sheet in LATER_CSS), names
    top = {n.split("/")[0] for n in names if not n.startswith("unpinch-")}
    assert top == {"unpinch"}, f"the wheel installs more than the unpinch namespace: {top}"


def test_wheel_runs_in_clean_venv_outside_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    env = {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env["UNPINCH_DB"] = str(tmp_path / "db.json")
    out = run([str(bin_dir / "unpinch"), "exercises", "--json"], tmp_path, env)
    assert len(json.loads(out)) >= 28
    probe = (
        "import unpinch.sounds as s, unpinch.library as lib; print(s.__file__); print(lib.__file__)"
    )
    where = run([str(bin_dir / "python"), "-c", probe], tmp_path, env)
    assert str(ROOT) not in where
    assert str(env_dir) in where

    for name in ("library", "tui", "sounds"):
        result = subprocess.run(
            [str(bin_dir / "python"), "-c", f"import {name}"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "ModuleNotFoundError" in result.stderr, f"the wheel installs a top-level {name!r}"
