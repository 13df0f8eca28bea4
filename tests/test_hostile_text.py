"""Text from files and people is shown as text: the real command line against hostile data.

Each case runs ``unpinch`` in a child process against a real data file that
holds what a hand edit, an older version or a shared routine file could put
there, and checks the bytes that reach the terminal.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run_cli
from unpinch.library.store import Store

EVIL = "Evil\x1b]52;c;aGFja2Vk\x07\x1b]0;PWNED\x07"
BIDI = "Ok\u202egnp.exe\u2066x\u2069"
C1 = "csi\x9b31mred"
HOSTILE = (EVIL, BIDI, C1, "nul\x00del\x7f", "cr\rover", "lone\ud800surrogate")
PLACEHOLDER = "PLACEHOLDER-NAME"
ROUTINE_ITEMS = [{"exercise": "bridge"}]


def obeyable(text: str) -> list[str]:
    """Every character in ``text`` that a terminal would obey rather than print."""
    bidi = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    return [
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\n\t")
        or 0x7F <= ord(c) <= 0x9F
        or c in bidi
        or 0xD800 <= ord(c) <= 0xDFFF
    ]


def hostile_store(db: Path, name: str) -> None:
    """A store whose routine, session and notes all carry ``name``, as a hand edit could leave.

    The store is written with a placeholder that is then replaced in the file's
    text by ``name`` as a JSON escape, the way a hand edit would put it there.
    """
    real, name = name, PLACEHOLDER
    with Store.open(db) as store:
        store.save_routine(
            {
                "id": "evil",
                "name": name,
                "description": name,
                "frequency": name,
                "items": ROUTINE_ITEMS,
            }
        )
        store.add_session(
            {
                "routine_id": "evil",
                "routine_name": name,
                "started": "2024-03-01T07:00:00+00:00",
                "ended": "2024-03-01T07:10:00+00:00",
                "status": "completed",
                "duration_s": 600,
                "before": {"leg": 3, "back": 2, "note": name},
                "after": {"leg": 2, "back": 2, "note": '=HYPERLINK("http://x")' + name},
                "marks": [],
                "steps": [],
            }
        )
    escaped = json.dumps(real)[1:-1]
    db.write_text(db.read_text("utf-8").replace(PLACEHOLDER, escaped), "utf-8")


@pytest.mark.parametrize("name", HOSTILE, ids=["osc", "bidi", "c1", "nul-del", "cr", "surrogate"])
@pytest.mark.parametrize(
    "args",
    [
        ("routines",),
        ("routines", "--json"),
        ("show", "evil"),
        ("history",),
        ("history", "--csv"),
        ("history", "--json"),
        ("export", "evil"),
        ("show", "evil\x1b]0;x\x07"),
    ],
    ids=["routines", "routines-json", "show", "history", "csv", "history-json", "export", "arg"],
)
def test_no_control_character_from_the_store_reaches_the_terminal(
    tmp_path: Path, name: str, args: tuple[str, ...]
) -> None:
    db = tmp_path / "unpinch.json"
    hostile_store(db, name)
    result = run_cli(*args, db=db)
    out = result.stdout + result.stderr
    assert obeyable(out.replace("\r\n", "\n")) == [], (args, out)
    if result.returncode == 0 and "json" in " ".join(args):
        names = [row.get("name", row.get("routine_name")) for row in json.loads(result.stdout)]
        assert name in names, "JSON keeps the data exactly, as escapes"


def test_the_osc_name_is_shown_with_visible_symbols(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    hostile_store(db, EVIL)
    result = run_cli("routines", db=db)
    assert "Evil␛]52;c;aGFja2Vk␇␛]0;PWNED␇" in result.stdout


def test_history_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    with Store.open(db) as store:
        for name in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tTab", "\rCR", "plain", "'=quoted"):
            store.add_session(
                {
                    "routine_id": "r",
                    "routine_name": name,
                    "started": "2024-03-01T07:00:00+00:00",
                    "status": "completed",
                    "duration_s": 5,
                    "ended": "2024-03-01T07:10:00+00:00",
                    "before": {"leg": 3, "back": 2, "note": name},
                }
            )
    result = run_cli("history", "--csv", db=db)
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    names = sorted(row["routine_name"] for row in rows)
    assert names == sorted(
        ["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tTab", "␍CR", "plain", "''=quoted"]
    )
    assert {row["note_before"] for row in rows} == set(names)
    assert {row["duration_s"] for row in rows} == {"5"}
    assert {row["leg_before"] for row in rows} == {"3"}


# --- import refuses ------------------------------------------------------------------------


def routine_file(tmp_path: Path, body: str, name: str = "r.toml") -> Path:
    """Write a routine file whose ``body`` follows the id line."""
    path = tmp_path / name
    path.write_text(f'id = "hostile"\n{body}\n\n[[items]]\nexercise = "bridge"\n', "utf-8")
    return path


def refused(tmp_path: Path, path: Path | str) -> str:
    """Import ``path`` into a fresh store, assert it failed in one line and saved nothing."""
    db = tmp_path / "data" / "unpinch.json"
    result = run_cli("import", str(path), db=db, timeout=20)
    assert result.returncode == 1, result
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert obeyable(result.stderr) == []
    listing = run_cli("routines", "--json", db=db)
    assert "hostile" not in listing.stdout
    return result.stderr


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (r'name = "Evil\u001b]52;c;aGFja2Vk\u0007\u001b]0;PWNED\u0007"', 2, "U+001B ESCAPE"),
        (r'name = "ok"' + "\n" + r'description = "right\u202eto left"', 3, "U+202E"),
        (r'name = "c1\u009b"', 2, "U+009B"),
        (r'name = "two\nlines"', 2, "U+000A"),
        ('name = "ok"\nfrequency = "daily\\u0007"', 3, "U+0007"),
        ('name = "ok"\nsources = ["x\\u001b"]', 3, "U+001B"),
    ],
)
def test_import_refuses_controls_at_their_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    path = routine_file(tmp_path, body)
    message = refused(tmp_path, path)
    assert message.startswith(f"unpinch: {path}:{line}: routine 'hostile': "), message
    assert words in message
    assert "cannot hold control or bidi characters" in message


def test_import_keeps_line_breaks_in_a_description(tmp_path: Path) -> None:
    path = routine_file(tmp_path, 'name = "Fine"\ndescription = """one\r\ntwo\tthree"""')
    result = run_cli("import", str(path), db=tmp_path / "unpinch.json")
    assert result.returncode == 0, result.stderr
    assert "Imported 'Fine' (hostile)" in result.stdout


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('name = "' + "n" * 81 + '"', "name must be at most 80 characters, got 81"),
        ('name = "ok"\ndescription = "' + "d" * 4001 + '"', "at most 4000 characters, got 4001"),
        ('name = "ok"\nfrequency = "' + "f" * 201 + '"', "at most 200 characters, got 201"),
    ],
)
def test_import_refuses_text_over_its_limit(tmp_path: Path, body: str, words: str) -> None:
    assert words in refused(tmp_path, routine_file(tmp_path, body))


def test_import_refuses_an_id_over_64_characters(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    long_id = "a" * 65
    path.write_text(f'id = "{long_id}"\nname = "x"\n[[items]]\nexercise = "bridge"\n', "utf-8")
    db = tmp_path / "data" / "unpinch.json"
    result = run_cli("import", str(path), db=db)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("id must be at most 64 characters, got 65")
    ok = path.with_name("ok.toml")
    ok.write_text(f'id = "{"a" * 64}"\nname = "x"\n[[items]]\nexercise = "bridge"\n', "utf-8")
    assert run_cli("import", str(ok), db=db).returncode == 0


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('id = "x"\nname = "x"\nsources = ' + "[" * 100_000 + "]" * 100_000 + "\n", 3),
        ("id = 'x'\nname = 'x'\n" + "a = " + "{ b = " * 5000 + "1" + " }" * 5000 + "\n", 3),
    ],
    ids=["arrays-100k", "inline-tables-5000"],
)
def test_import_refuses_deep_nesting_quickly(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, "utf-8")
    began = time.monotonic()
    message = refused(tmp_path, path)
    assert time.monotonic() - began < 10
    assert f"deep.toml:{line}: arrays and inline tables nest more than 8 deep" in message
    assert "Traceback" not in message and "RecursionError" not in message


def test_import_refuses_a_file_over_one_megabyte_unread(tmp_path: Path) -> None:
    path = routine_file(tmp_path, 'name = "x"\ndescription = "' + "d" * 50_000_000 + '"')
    began = time.monotonic()
    message = refused(tmp_path, path)
    took = time.monotonic() - began
    assert "cannot read file: it is larger than 1 MB" in message
    assert took < 10, took


def make_fifo(tmp_path: Path) -> Path:
    """A named pipe nobody writes to: reading it would block forever."""
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


SPECIAL: dict[str, Any] = {
    "fifo": (make_fifo, "is a named pipe (FIFO), not a regular file"),
    "dev-zero": (lambda _: Path("/dev/zero"), "is a device, not a regular file"),
    "dev-full": (lambda _: Path("/dev/full"), "is a device, not a regular file"),
    "folder": (lambda tmp: tmp, "is a folder, not a file"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_import_refuses_a_path_that_is_not_a_regular_file_at_once(
    tmp_path: Path, kind: str
) -> None:
    make, words = SPECIAL[kind]
    target = make(tmp_path)
    began = time.monotonic()
    message = refused(tmp_path, target)
    assert time.monotonic() - began < 10
    assert f"cannot read file: it {words}" in message


@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("command", [("routines",), ("history",), ("import", "x.toml")])
def test_db_refuses_a_path_that_is_not_a_regular_file_at_once(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    make, words = SPECIAL[kind]
    target = make(tmp_path)
    began = time.monotonic()
    result = run_cli("--db", str(target), *command, db=tmp_path / "unused.json", timeout=20)
    assert time.monotonic() - began < 10
    assert result.returncode == 1
    assert result.stderr == f"unpinch: {target}: {words}; the data file must be a regular file\n"
