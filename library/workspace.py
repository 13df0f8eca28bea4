"""Everything a front end needs at start: the library, the store and the settings.

The command line and the full-screen app both start here, so the rules for
merging built-in routines with the user's own live in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from unpinch.library.catalog import CatalogError, load_catalog
from unpinch.library.codec import exercise_to_dict, routine_from_dict
from unpinch.library.model import Catalog, Exercise, Routine
from unpinch.library.plan import estimate_duration_s
from unpinch.library.settings import PINS_KEY, Settings, pins_merged
from unpinch.library.store import Store


@dataclass
class Workspace:
    """The merged catalogue (built-in plus user routines), the open store and settings."""

    catalog: Catalog
    store: Store
    settings: Settings
    notices: list[str] = field(default_factory=list)

    def routine(self, routine_id: str) -> Routine:
        """The routine with this id, or a KeyError that names it."""
        try:
            return self.catalog.routines[routine_id]
        except KeyError:
            raise KeyError(f"no routine with id '{routine_id}'") from None

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id, or a KeyError that names it."""
        try:
            return self.catalog.exercises[exercise_id]
        except KeyError:
            raise KeyError(f"no exercise with id '{exercise_id}'") from None

    def duration_s(self, routine: Routine) -> int:
        """The routine's duration in seconds, computed from its doses and the settings."""
        return estimate_duration_s(routine, self.catalog, self.settings)

    def sync_builtin_exercises(self) -> None:
        """Make the data file's copies of the built-in exercises match the library.

        Nothing reads those copies while the app runs (the library is the
        source), so the app does this after its first frame rather than
        before; a fresh data file takes all forty, and a save.
        """
        _sync_builtin_exercises(self.store, self.catalog)

    def save_settings(self, settings: Settings) -> None:
        """Store the settings the user changed, and use them with any changed elsewhere.

        Only the keys that differ from the settings in use are written (under
        the lock, against a fresh read), so a second copy of unpinch that
        changed another setting meanwhile keeps its change.
        """
        old = self.settings
        changes = settings.changed_from(old)
        pins_changed = changes.pop(PINS_KEY, None) is not None
        self.store.set_settings(changes)
        if pins_changed:
            self.store.update_setting(PINS_KEY, lambda stored: pins_merged(stored, old, settings))
        self.settings = replace(Settings.from_dict(self.store.settings()), **changes)

    def reload_routines(self) -> None:
        """Re-merge the user's routines from the store after one was saved or deleted."""
        builtins = {k: r for k, r in self.catalog.routines.items() if r.builtin}
        routines, problems = merge_user_routines(builtins, self.catalog, self.store)
        self.catalog = replace(self.catalog, routines=routines)
        self.notices.extend(problems)

    def close(self) -> None:
        """Close the store."""
        self.store.close()


def _sync_builtin_exercises(store: Store, catalog: Catalog) -> None:
    """Have ``store`` hold the library's exercises as its built-in ones."""
    store.sync_builtin_exercises(exercise_to_dict(e) for e in catalog.exercises.values())


def merge_user_routines(
    builtins: dict[str, Routine], catalog: Catalog, store: Store
) -> tuple[dict[str, Routine], list[str]]:
    """Built-in routines followed by the user's valid ones, and a note per invalid one.

    A user routine that no longer validates (say, it names an exercise that was
    removed from the library) stays in the store untouched and is reported
    rather than stopping the app.
    """
    routines = dict(builtins)
    problems: list[str] = []
    for doc in store.routines():
        where = f"{store.path}: routine '{doc.get('id', '?')}'"
        try:
            routine = routine_from_dict(doc, where, catalog.exercises.keys())
        except CatalogError as error:
            problems.append(f"{error} (kept in the store, not shown)")
            continue
        routines[routine.id] = replace(routine, builtin=False)
    return routines, problems


def open_workspace(
    db_path: Path,
    data_dir: Path | None = None,
    defaults: Mapping[str, Any] | None = None,
    *,
    read_only: bool = False,
    sync_exercises: bool = True,
) -> Workspace:
    """Load the library, open the store, sync built-in exercises and merge user routines.

    ``defaults`` are settings a fresh store starts with (the config file's
    ``[defaults]``); anything the store already holds wins. ``read_only``
    reads the data file into memory and never creates or rewrites it, for
    commands that only list or show. ``sync_exercises`` False leaves the
    stored built-in exercises to :meth:`Workspace.sync_builtin_exercises`.
    """
    catalog = load_catalog() if data_dir is None else load_catalog(data_dir)
    store = Store.open_read_only(db_path) if read_only else Store.open(db_path)
    if sync_exercises:
        _sync_builtin_exercises(store, catalog)
    notices = store.news()
    routines, problems = merge_user_routines(catalog.routines, catalog, store)
    merged = replace(catalog, routines=routines)
    stored = store.settings()
    settings = Settings.from_dict({**(defaults or {}), **stored})
    problems.extend(Settings.problems(stored))
    notices.extend(store.news())
    return Workspace(catalog=merged, store=store, settings=settings, notices=notices + problems)
