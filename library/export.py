"""Sessions as flat rows for a physiotherapist or a spreadsheet: CSV and JSON.

One row per session with the fields in :data:`EXPORT_FIELDS`. Text fields are
always strings ("" when missing) and number fields are numbers or None, so a
row survives a trip through CSV, where an empty cell cannot say which of ""
and None it was: :func:`rows_from_csv` reads back exactly what
:func:`export_rows` gave.

The CSV follows RFC 4180 (a header row, CRLF line ends, fields quoted when they
hold a comma, a quote or a line break, quotes doubled), so notes with commas,
quotes and new lines open correctly in a spreadsheet. Every CSV unpinch gives —
the file the history pane writes and ``unpinch history --csv`` alike — is
:func:`csv_document`: it starts with a UTF-8 byte-order mark, which spreadsheet
programs need to read non-ASCII text (the "→" of a note, accented names) as
UTF-8 rather than guessing a legacy code page.

Text cells are safe to open and to print: a cell that begins with ``=``, ``+``,
``-``, ``@`` or a tab gets a leading apostrophe, so no spreadsheet runs it as a
formula, and control characters are shown as visible symbols (see
:mod:`unpinch.library.plain_text`). :func:`rows_from_csv` removes the apostrophe again.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from unpinch.library.history import check_in
from unpinch.library.plain_text import csv_text, csv_uncell, inert_json
from unpinch.library.recovery import LEGS, REACH_LEVELS

Cell = str | int | float | None
Row = dict[str, Cell]

EXPORT_FIELDS: tuple[str, ...] = (
    "id",
    "routine_id",
    "routine_name",
    "started",
    "ended",
    "status",
    "duration_s",
    "leg_before",
    "back_before",
    "leg_after",
    "back_after",
    "reach_before",
    "reach_after",
    "reach_leg",
    "note_before",
    "note_after",
    "marks",
)
"""The exported columns, in order."""

NUMBER_FIELDS = frozenset({"duration_s", "leg_before", "back_before", "leg_after", "back_after"})
"""Columns holding a number or None; every other column holds text."""

TEXT_FIELDS = ("id", "routine_id", "routine_name", "started", "ended", "status")
"""Columns copied as text straight from the session document."""

BOM = "\ufeff"
"""The UTF-8 byte-order mark every CSV export starts with (see :func:`csv_document`)."""


def export_rows(sessions: Iterable[Mapping[str, Any]]) -> list[Row]:
    """One flat row per session, in the given order, with exactly :data:`EXPORT_FIELDS`."""
    return [export_row(session) for session in sessions]


def export_row(session: Mapping[str, Any]) -> Row:
    """Flatten one session: its text fields, active seconds, both check-ins and its marks."""
    row: Row = {name: _text(session.get(name)) for name in TEXT_FIELDS}
    row["duration_s"] = _number(session.get("duration_s"))
    for which in ("before", "after"):
        found = check_in(session, which)
        row[f"leg_{which}"] = None if found is None else found["leg"]
        row[f"back_{which}"] = None if found is None else found["back"]
        row[f"note_{which}"] = "" if found is None else found["note"]
        row[f"reach_{which}"] = _reach(session.get(which), "reach", REACH_LEVELS)
    legs = [_reach(session.get(w), "reach_leg", LEGS) for w in ("after", "before")]
    row["reach_leg"] = next((leg for leg in legs if leg), "")
    row["marks"] = marks_text(session.get("marks"))
    return {name: row[name] for name in EXPORT_FIELDS}


def _reach(answer: Any, key: str, known: tuple[str, ...]) -> str:
    """A check-in's reach or leg answer when it is one of the known words, else ""."""
    value = answer.get(key) if isinstance(answer, Mapping) else None
    return value if isinstance(value, str) and value in known else ""


def marks_text(marks: Any) -> str:
    """The session's "this hurts" marks as ``exercise_id:side`` joined with ";"."""
    if not isinstance(marks, list):
        return ""
    return ";".join(
        f"{_text(m.get('exercise_id'))}:{_text(m.get('side'))}"
        for m in marks
        if isinstance(m, Mapping)
    )


def _text(value: Any) -> str:
    """A text cell: strings as they are, anything else missing or odd as ""."""
    return value if isinstance(value, str) else ""


def _number(value: Any) -> int | float | None:
    """A number cell: finite ints and floats as they are, anything else as None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


# --- CSV and JSON -----------------------------------------------------------------


def to_csv(sessions: Iterable[Mapping[str, Any]]) -> str:
    """The sessions as RFC 4180 CSV text with a header row (no byte-order mark)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(EXPORT_FIELDS)
    for row in export_rows(sessions):
        writer.writerow(_cell(row[name]) for name in EXPORT_FIELDS)
    return out.getvalue()


def csv_document(sessions: Iterable[Mapping[str, Any]]) -> bytes:
    """The CSV export as bytes, as written to a file or to standard output.

    One rule for both: UTF-8 with a byte-order mark, so a spreadsheet opened on
    either reads the text right; :func:`rows_from_csv` skips the mark.
    """
    return (BOM + to_csv(sessions)).encode("utf-8")


def _cell(value: Cell) -> str:
    """How one value is written in CSV: None as an empty cell, numbers in Python's exact form.

    Text is made safe: controls are shown as visible symbols (line breaks and
    tabs are kept) and a cell a spreadsheet would take for a formula gets a
    leading apostrophe. Numbers are written as they are, so ``-5`` stays a number.
    """
    if value is None:
        return ""
    return csv_text(value) if isinstance(value, str) else str(value)


def rows_from_csv(text: str) -> list[Row]:
    """Read CSV written by :func:`to_csv` (or :func:`write_csv`) back into export rows.

    Number columns come back as int or float (None when empty); text columns
    as strings. Used to prove the export loses nothing, and handy for scripts.
    """
    reader = csv.DictReader(io.StringIO(text.removeprefix(BOM), newline=""))
    return [{name: _parsed(name, raw.get(name) or "") for name in EXPORT_FIELDS} for raw in reader]


def _parsed(name: str, raw: str) -> Cell:
    """Turn one CSV cell back into its row value according to its column."""
    if name not in NUMBER_FIELDS:
        return csv_uncell(raw)
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        return float(raw)


def to_json(sessions: Iterable[Mapping[str, Any]]) -> str:
    """The export rows as an indented JSON array, non-ASCII text kept readable.

    Characters a terminal would obey are written as escapes (the same data).
    """
    return inert_json(json.dumps(export_rows(sessions), indent=2, ensure_ascii=False)) + "\n"


# --- files ------------------------------------------------------------------------


def export_filename(now: datetime) -> str:
    """The file name of an export made at ``now``: ``unpinch-history-YYYYMMDD-HHMMSS.csv``."""
    return f"unpinch-history-{now:%Y%m%d-%H%M%S}.csv"


def write_csv(sessions: Iterable[Mapping[str, Any]], folder: Path, now: datetime) -> Path:
    """Write the CSV export into ``folder`` (created if needed) and return its path.

    Atomic: the text goes to a temporary file in the same folder, is flushed to
    disk, then renamed into place, so a crash or a full disk never leaves a
    half-written export that a therapist might trust.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / export_filename(now)
    data = csv_document(sessions)
    fd, temp = tempfile.mkstemp(prefix=".unpinch-export-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
