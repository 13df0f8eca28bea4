"""Where the data file lives: ``--db``, then ``$UNPINCH_DB``, then the user data folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

APP_NAME = "unpinch"
DB_FILE = "unpinch.json"
DB_ENV = "UNPINCH_DB"
LIBRARY_DATA_DIR = Path(__file__).parent / "data"
"""The built-in exercise library's files (see :mod:`unpinch.library.catalog`)."""


def default_db_path() -> Path:
    """Return the data file in the per-user data folder (~/.local/share/unpinch on Linux).

    platformdirs is imported here, not at the top, so a start with ``--db`` or
    ``UNPINCH_DB`` does not pay for it.
    """
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / DB_FILE


def resolve_db_path(cli_value: str | None, env: Mapping[str, str]) -> Path:
    """Pick the data file: the ``--db`` option wins, then ``UNPINCH_DB``, then the default.

    Empty values count as unset, and a leading ``~`` is expanded, so that
    ``UNPINCH_DB=~/tmp/test.json`` works as a person expects.
    """
    for value in (cli_value, env.get(DB_ENV)):
        if value:
            return Path(value).expanduser()
    return default_db_path()
