"""``unpinch report``, ``due`` and ``rest-day``: the recovery record outside the app."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from unpinch.library.catalog import DATA_DIR
from unpinch.library.plain_text import shown
from unpinch.library.programme import (
    due_today,
    report_data,
    rest_days,
    write_report,
)
from unpinch.library.quick_due import answer_key, write_answer
from unpinch.library.schedule import RestDayRefused, check_rest_day, rest_days_left
from unpinch.tui.commands.common import cli, workspace
from unpinch.tui.commands.history import parse_since
from unpinch.tui.launch import Options, fail, failures_as_messages


@cli.command()
@click.option("--since", metavar="YYYY-MM-DD", callback=parse_since, help="First day to include.")
@click.option("--until", metavar="YYYY-MM-DD", callback=parse_since, help="Last day to include.")
@click.option(
    "--out",
    "out",
    metavar="FILE.html",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the report.",
)
@click.pass_obj
def report(options: Options, since: date | None, until: date | None, out: Path) -> None:
    """Write a report for your physiotherapist: one HTML file that prints on A4."""
    if since and until and until < since:
        raise click.UsageError("--until is before --since")
    with workspace(options, read_only=True) as space:
        data = report_data(space, since, until, datetime.now().astimezone())
    with failures_as_messages():
        size = write_report(data, out)
    click.echo(f"Report written to {out} ({size // 1024 + 1} KB). Open it in a browser to print.")


@cli.command()
@click.option("--tmux", "for_tmux", is_flag=True, help="A short segment for a tmux status line.")
@click.pass_obj
def due(options: Options, for_tmux: bool) -> None:
    """Say which routine is due today; exit 1 when one is, 0 when nothing is."""
    today = date.today()
    key = answer_key(options.db_path, DATA_DIR, today.isoformat())
    with workspace(options, read_only=True) as space:
        found = due_today(space, today)
        stored = not space.notices and space.store.notice is None
    tmux = shown(f"{found[0].name} due") if found else ""
    text = "".join(shown(d.line(today), lines=True) + "\n" for d in found)
    status = 1 if found else 0
    if stored:
        write_answer(options.db_path, key, status, tmux, text or "Nothing is due today.\n")
    if for_tmux:
        click.echo(tmux, nl=False)
    else:
        click.echo(text or "Nothing is due today.\n", nl=False)
    sys.exit(status)


@cli.command("rest-day")
@click.option(
    "--day", metavar="YYYY-MM-DD", callback=parse_since, help="Another day of the past week."
)
@click.pass_obj
def rest_day(options: Options, day: date | None) -> None:
    """Mark today (or a day of the past week) as a rest day: streaks and due routines wait."""
    today = date.today()
    chosen = day or today
    with workspace(options) as space:
        known = rest_days(space.store)
        try:
            check_rest_day(chosen, known, today)
        except RestDayRefused as refused:
            fail(str(refused))
        space.store.add_rest_day(chosen.isoformat())
        left = rest_days_left([*known, chosen], chosen)
    click.echo(f"{chosen:%A %d %B} is a rest day. {left} left in {chosen:%B}.")
