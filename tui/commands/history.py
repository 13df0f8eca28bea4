"""``unpinch history``: past sessions as a table, CSV or JSON, for the user or their therapist."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import click

from unpinch.library.export import csv_document, to_json
from unpinch.library.history import filter_sessions, pain_change, started_at
from unpinch.library.storage import collection_paused
from unpinch.library.store import Store
from unpinch.tui.commands.common import cli, say, table
from unpinch.tui.launch import Options, failures_as_messages

NO_SESSIONS = "No sessions yet."
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_since(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Read ``--since`` as a calendar date, refusing anything else as a usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if DATE.fullmatch(value) else _refuse(value)
    except ValueError:
        return _refuse(value)


def _refuse(value: str) -> date:
    """Raise the usage error for a ``--since`` value that is not a YYYY-MM-DD date."""
    raise click.BadParameter(f"expected a date as YYYY-MM-DD, such as 2024-03-01; got {value!r}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (with a header row).")
@click.option(
    "--since",
    metavar="YYYY-MM-DD",
    callback=parse_since,
    help="Only sessions started on or after this date.",
)
@click.pass_obj
def history(options: Options, as_json: bool, as_csv: bool, since: date | None) -> None:
    """List your sessions: when, which routine, how long, and pain before and after."""
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    with collection_paused():  # the whole command: reading, filtering and printing
        everything = load_sessions(options)
        chosen = filter_sessions(everything, since=since)
        empty = NO_SESSIONS if since is None or not everything else f"No sessions since {since}."
        show(chosen, as_json, as_csv, empty)


def show(sessions: Sequence[Mapping[str, Any]], as_json: bool, as_csv: bool, empty: str) -> None:
    """Print the sessions in the chosen form; the line ``empty`` when a table would be empty."""
    if as_csv:
        click.echo(csv_document(sessions), nl=False)
    elif as_json:
        click.echo(to_json(sessions), nl=False)
    elif not sessions:
        click.echo(empty)
    else:
        click.echo(table(session_table(sessions)))


def load_sessions(options: Options) -> list[dict[str, Any]]:
    """Every stored session, oldest first; only the store is opened, not the library."""
    with failures_as_messages(), Store.open_read_only(options.db_path) as store:
        sessions = store.taken_sessions()
        for notice in store.news():
            say(f"unpinch: {notice}", err=True)
        return sessions


def session_table(sessions: Sequence[Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """Rows of the readable listing, with a header: one line per session."""
    rows: list[tuple[str, ...]] = [("STARTED", "ROUTINE", "MIN", "STATUS", "PAIN", "MARKS")]
    for session in sessions:
        when = started_at(session)
        minutes = session.get("duration_s")
        rows.append(
            (
                "?" if when is None else f"{when:%Y-%m-%d %H:%M}",
                str(session.get("routine_name") or session.get("routine_id") or "?"),
                f"{minutes / 60:.0f}" if isinstance(minutes, int | float) else "-",
                str(session.get("status") or "?"),
                pain_change(session) or "-",
                str(len(session.get("marks") or [])),
            )
        )
    return rows
