"""The command line's set-up commands: --version, locate, sound, completion."""

from __future__ import annotations

import platform
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from unpinch.library import __version__


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "unpinch.json"


def test_version_names_python_textual_and_the_speaker_libraries(db: Path) -> None:
    result = run_cli("--version", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"unpinch {__version__}"
    assert lines[1].startswith(f"Python {platform.python_version()} ")
    assert lines[2] == f"Textual {version('textual')}"
    assert lines[3].startswith("simpleaudio ")
    assert lines[4] == f"miniaudio {version('miniaudio')}"
    assert lines[5].startswith("speaker: ")


def test_locate_prints_the_config_and_data_paths(db: Path, tmp_path: Path) -> None:
    config = tmp_path / "elsewhere" / "config.toml"
    found = run_cli("locate", "config", db=db, env={"UNPINCH_CONFIG": str(config)})
    assert (found.returncode, found.stdout, found.stderr) == (0, f"{config}\n", "")
    data = run_cli("locate", "data", db=db)
    assert (data.returncode, data.stdout) == (0, f"{db}\n")
    home = run_cli(
        "locate", "config", db=db, env={"UNPINCH_CONFIG": "", "XDG_CONFIG_HOME": str(tmp_path)}
    )
    assert home.stdout == f"{tmp_path / 'unpinch' / 'config.toml'}\n"


def test_locate_config_reports_a_bad_file(db: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[defaults]\nsound = "loud"\n')
    result = run_cli("locate", "config", db=db, env={"UNPINCH_CONFIG": str(config)})
    assert result.returncode == 0
    assert result.stdout == f"{config}\n"
    assert result.stderr == (
        f"unpinch: {config}:2: defaults.sound: must be one of auto, speaker, bell, off,"
        " got 'loud'; using the defaults\n"
    )


@pytest.mark.parametrize(
    ("args", "env", "first_line"),
    [
        (["--sound", "auto"], {"SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22"}, "bell: over SSH"),
        (["--sound", "bell"], {}, "bell"),
        (["--sound", "off"], {}, "off"),
        ([], {"SSH_TTY": "/dev/pts/4"}, "bell: over SSH"),
    ],
)
def test_sound_says_what_plays_and_why(
    db: Path, args: list[str], env: dict[str, str], first_line: str
) -> None:
    result = run_cli(*args, "sound", db=db, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == first_line


def test_sound_without_any_library_does_not_blame_the_device(db: Path, tmp_path: Path) -> None:
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    for name in ("simpleaudio", "miniaudio"):
        (shadow / f"{name}.py").write_text("raise ImportError('gone')\n")
    env = {"PYTHONPATH": str(shadow), "SSH_TTY": "", "SSH_CONNECTION": ""}
    result = run_cli("--sound", "speaker", "sound", db=db, env=env)
    assert result.stdout.splitlines()[0] == "bell: no speaker library"
    assert "No speaker library loaded" in result.stderr
    assert "No sound device" not in result.stderr


@pytest.mark.parametrize(
    ("shell", "marker"), [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")]
)
def test_shell_completion_scripts_come_from_click(db: Path, shell: str, marker: str) -> None:
    result = run_cli(db=db, env={"_UNPINCH_COMPLETE": f"{shell}_source"})
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout
