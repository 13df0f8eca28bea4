"""The copy of the home screen a start draws its first frame from: saved, keyed and refused.

Every test works on a real data file (TinyDB through :class:`Store`) and a
real copy file beside it. The copy must come back exactly as saved, must be
refused after any change to what it was worked out from, and must never make
a start fail: a broken, hostile or foreign copy is simply not used.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import session_doc
from unpinch.library import home_snapshot
from unpinch.library.home_facts import StripFacts, home_rows, streak_run, strip_facts
from unpinch.library.home_snapshot import HomeSnapshot, capture, decoded, encoded, load, save
from unpinch.library.journal import journal_path
from unpinch.library.paths import LIBRARY_DATA_DIR
from unpinch.library.schedule import streak_with_rest
from unpinch.library.settings import Settings
from unpinch.library.store import Store
from unpinch.library.workspace import open_workspace
from unpinch.tui.widgets.history_strip import strip_text

TODAY = date(2026, 3, 10)
START = datetime(2026, 3, 10, 8, 30, tzinfo=UTC)


def seeded(db: Path, days: int = 40) -> None:
    """A data file with ``days`` daily sessions up to today, a rest day and a weekly check."""
    with Store.open(db) as store:
        store.set_setting("first_run_ack", True)
        for back in range(days):
            started = START - timedelta(days=back)
            store.add_session(session_doc("spasm-relief", started, minutes=7))
        store.add_rest_day((TODAY - timedelta(days=days + 1)).isoformat())
        store.add_weekly_check({"day": (TODAY - timedelta(days=3)).isoformat(), "skipped": True})


def kept(db: Path) -> HomeSnapshot:
    """Save the copy of what home shows for ``db`` as the app does when it closes; return it."""
    space = open_workspace(db, sync_exercises=False)
    try:
        snapshot = capture(space)
    finally:
        space.close()
    save(db, None, snapshot)
    return snapshot


def test_a_saved_copy_loads_back_as_it_was_saved(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db)
    snapshot = kept(db)
    assert load(db, None) == snapshot
    assert snapshot.settings.first_run_ack is True
    assert [row[0] for row in snapshot.rows][:2] == ["morning-in-bed", "spasm-relief"]
    assert snapshot.strip.has_sessions


def test_the_copy_draws_the_same_rows_and_strip_as_the_data_file(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=400)
    kept(db)
    copy = load(db, None)
    assert copy is not None
    with Store.open(db) as store:
        sessions = store.sealed_sessions()
        full = strip_facts(sessions, store.rest_days(), store.weekly_checks())
    space = open_workspace(db, sync_exercises=False)
    try:
        assert list(copy.rows) == home_rows(space, space.store.sealed_sessions())
    finally:
        space.close()
    for today in (
        TODAY,
        TODAY + timedelta(days=1),
        TODAY + timedelta(days=2),
        TODAY + timedelta(9),
    ):
        for count in (2, 5, 11):
            assert strip_text(copy.strip, today, count) == strip_text(full, today, count)
    assert len(copy.strip.done) == 400  # the unbroken run of daily sessions, no more
    assert len(copy.strip.recent) == 12


def test_the_copy_is_a_private_file_beside_the_data_file(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    kept(db)
    path = home_snapshot.snapshot_path(db)
    assert path.parent == tmp_path and path.name == ".unpinch.json.home-copy"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def change_session(db: Path) -> None:
    """Another copy of unpinch saves a session."""
    with Store.open(db) as store:
        store.add_session(session_doc("bridge-basics", START, minutes=3))


def touch(db: Path) -> None:
    """An editor saves the file with the same bytes: only its times change."""
    os.utime(db, ns=(time.time_ns(), time.time_ns() + 1_000_000))


def chmod(db: Path) -> None:
    """The file's mode changes (its change time moves, its content does not)."""
    time.sleep(0.01)
    db.chmod(0o640)


def journal(db: Path) -> None:
    """A workout was cut off: its journal lies beside the data file."""
    journal_path(db.parent, db.name, "s-1").write_text("{}", encoding="utf-8")


@pytest.mark.parametrize("change", [change_session, touch, chmod, journal])
def test_any_change_to_the_data_file_or_a_journal_voids_the_copy(
    tmp_path: Path, change: Any
) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=3)
    kept(db)
    assert load(db, None) is not None
    change(db)
    assert load(db, None) is None


def test_the_journal_names_the_copy_looks_for_are_the_journals_names(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    name = journal_path(tmp_path, db.name, "abc").name
    assert name.startswith(home_snapshot.journal_start(db))


def test_an_edited_library_file_voids_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    shutil.copytree(LIBRARY_DATA_DIR, library)
    monkeypatch.setattr(home_snapshot, "LIBRARY_DATA_DIR", library)
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    kept(db)
    assert load(db, None) is not None
    routines = library / "routines.toml"
    routines.write_text(routines.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert load(db, None) is None


def test_other_config_defaults_or_another_time_zone_void_the_copy(
    tmp_path: Path, zone: None
) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    snapshot = kept(db)
    assert load(db, {"count_in_s": 3}) is None
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    assert load(db, None) is None
    os.environ.pop("TZ")
    time.tzset()
    assert load(db, None) == snapshot


def test_no_data_file_no_copy_and_no_copy_saved(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    assert load(db, None) is None
    save(db, None, HomeSnapshot(settings=Settings(), rows=(), strip=strip_facts([], [], [])))
    assert list(tmp_path.iterdir()) == []


def test_a_named_pipe_in_the_copys_place_is_refused_at_once(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    os.mkfifo(home_snapshot.snapshot_path(db))
    started = time.monotonic()
    assert load(db, None) is None
    assert time.monotonic() - started < 5


def test_a_copy_too_large_or_not_json_is_not_used(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    path = home_snapshot.snapshot_path(db)
    path.write_bytes(b"{" * 10)
    assert load(db, None) is None
    path.write_bytes(b" " * (home_snapshot.SIZE_LIMIT + 1))
    assert load(db, None) is None


def test_a_copy_that_cannot_be_saved_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    space = open_workspace(db, sync_exercises=False)
    snapshot = capture(space)
    space.close()
    before = db.read_bytes()
    tmp_path.chmod(0o500)
    try:
        save(db, None, snapshot)  # a read-only folder: nothing is written, nothing raised
    finally:
        tmp_path.chmod(0o700)
    assert db.read_bytes() == before
    assert not home_snapshot.snapshot_path(db).exists() or os.geteuid() == 0


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a JSON value: dict keys and list indexes from the top."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*prefix, index))
    return found


def replaced(doc: Any, where: tuple[Any, ...], value: Any) -> Any:
    """``doc`` with the value at ``where`` replaced by ``value``."""
    if not where:
        return value
    head, rest = where[0], where[1:]
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[head] = replaced(doc[head], rest, value)
    return copy


@given(choice=st.integers(min_value=0), value=JSON)
def test_a_hand_edited_copy_never_breaks_a_start(
    tmp_path_factory: pytest.TempPathFactory, choice: int, value: Any
) -> None:
    folder = tmp_path_factory.mktemp("edited")
    db = folder / "unpinch.json"
    seeded(db, days=3)
    kept(db)
    path = home_snapshot.snapshot_path(db)
    doc = json.loads(path.read_text(encoding="utf-8"))
    places = [p for p in paths_of(doc) if p[:1] != ("key",)]
    path.write_text(json.dumps(replaced(doc, places[choice % len(places)], value)), "utf-8")
    found = load(db, None)
    assert found is None or isinstance(found, HomeSnapshot)
    if found is not None:
        assert all(isinstance(row[1], str) and type(row[2]) is int for row in found.rows)


WORDS = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
DAYS = st.frozensets(st.integers(min_value=0, max_value=60).map(lambda n: TODAY - timedelta(n)))
WHEN = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
ROWS = st.lists(
    st.tuples(WORDS, WORDS, st.integers(0, 10**6), st.booleans(), st.none() | WHEN), max_size=10
)
SESSIONS = st.lists(
    st.fixed_dictionaries(
        {
            "started": WHEN.map(datetime.isoformat),
            "status": st.sampled_from(["completed", "stopped", "interrupted"]),
            "routine_id": WORDS,
            "routine_name": st.none() | WORDS,
            "duration_s": st.integers(0, 7200) | st.floats(0, 7200),
        }
    ),
    max_size=12,
)


@given(
    rows=ROWS,
    done=DAYS,
    rests=DAYS,
    recent=SESSIONS,
    checks=DAYS,
    theme=st.sampled_from(["textual-dark", "nord", "gruvbox"]),
)
def test_every_copy_survives_its_json_form_exactly(
    rows: list[Any],
    done: frozenset[date],
    rests: frozenset[date],
    recent: list[dict[str, Any]],
    checks: frozenset[date],
    theme: str,
) -> None:
    facts = StripFacts(
        done=done,
        rests=rests,
        recent=tuple(recent),
        check_days=tuple(sorted(checks)),
        has_sessions=bool(recent),
    )
    snapshot = HomeSnapshot(settings=Settings(theme=theme), rows=tuple(rows), strip=facts)
    again = decoded(json.loads(json.dumps(encoded(snapshot), ensure_ascii=False)))
    assert again == snapshot


@given(done=DAYS, rests=DAYS, ahead=st.integers(min_value=0, max_value=4))
def test_the_streaks_run_gives_every_later_day_the_same_streak(
    done: frozenset[date], rests: frozenset[date], ahead: int
) -> None:
    facts = StripFacts(done=done, rests=rests, recent=(), check_days=(), has_sessions=bool(done))
    run = streak_run(facts)
    newest = facts.newest_day() or TODAY
    today = newest + timedelta(days=ahead)
    assert run.done <= done and run.rests <= rests
    assert streak_with_rest(run.done, run.rests, today) == streak_with_rest(done, rests, today)
    assert (today in run.rests) == (today in rests)


def test_a_value_json_cannot_hold_means_no_copy_and_no_error(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    session = {"started": START.isoformat(), "status": "completed", "duration_s": float("nan")}
    facts = StripFacts(
        done=frozenset(), rests=frozenset(), recent=(session,), check_days=(), has_sessions=True
    )
    save(db, None, HomeSnapshot(settings=Settings(), rows=(), strip=facts))
    assert not home_snapshot.snapshot_path(db).exists()


def test_a_start_with_no_data_file_yet_draws_an_empty_home_with_the_configs_defaults(
    tmp_path: Path,
) -> None:
    db = tmp_path / "new" / "unpinch.json"
    start = home_snapshot.fresh(db, {"count_in_s": 3, "theme": "nord"})
    assert start is not None
    assert start.rows == () and not start.strip.has_sessions and not start.strip.recent
    assert start.settings == Settings(count_in_s=3, theme="nord")
    assert not start.settings.first_run_ack
    seeded(tmp_path / "unpinch.json", days=1)
    assert home_snapshot.fresh(tmp_path / "unpinch.json", None) is None  # it exists
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert home_snapshot.fresh(tmp_path / "file" / "unpinch.json", None) is None  # not a folder


def test_a_journal_with_no_data_file_means_an_ordinary_first_start(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"  # deleted mid-workout: the journal is written back in
    journal(db)
    assert home_snapshot.fresh(db, None) is None


def test_a_copy_read_before_another_copy_saved_is_not_kept(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    keeper = home_snapshot.HomeKeeper(db_path=db, defaults=None)
    taken = keeper.key()
    space = open_workspace(db, sync_exercises=False)
    snapshot = capture(space)
    space.close()
    change_session(db)  # another login saves between the reading and the keeping
    keeper.save(snapshot, taken)
    assert not home_snapshot.snapshot_path(db).exists()
    keeper.save(snapshot, keeper.key())
    assert home_snapshot.snapshot_path(db).is_file()


def test_a_day_too_far_from_any_calendar_is_refused_not_raised(tmp_path: Path) -> None:
    db = tmp_path / "unpinch.json"
    seeded(db, days=2)
    kept(db)
    path = home_snapshot.snapshot_path(db)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["strip"]["done"] = [2**31]  # date.fromordinal raises OverflowError for it
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load(db, None) is None
