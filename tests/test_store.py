"""The store's API, over memory and over a real file, plus where the file lives."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import session_doc
from unpinch.library.paths import default_db_path, resolve_db_path
from unpinch.library.store import SCHEMA_VERSION, Migration, Store, StoreError, TableGetter


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same tests over an in-memory store and a store on disk (TinyDB's habit)."""
    opened = Store.in_memory() if request.param == "memory" else Store.open(tmp_path / "u.json")
    with opened:
        yield opened


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "unpinch.json"


def session(started: str, routine_id: str = "gentle", **extra: Any) -> dict[str, Any]:
    steps = [{"exercise_id": "cat-cow", "actual_reps": 5, "skipped": False}]
    return session_doc(routine_id, started, **{"steps": steps, **extra})


def identity(path: Path) -> tuple[int, int]:
    """What changes when the file is saved again: its inode and modification time."""
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


# -- opening -------------------------------------------------------------------


def test_a_fresh_store_is_empty_and_at_the_current_version(store: Store) -> None:
    assert store.schema_version() == SCHEMA_VERSION == 2
    assert store.sessions() == []
    assert store.routines() == []
    assert store.exercises() == []
    assert store.settings() == {}
    assert store.notice is None


def test_open_creates_missing_folders_and_a_valid_file(path: Path) -> None:
    with Store.open(path) as store:
        assert store.path == path
    assert json.loads(path.read_text()) == {"meta": {"1": {"schema_version": SCHEMA_VERSION}}}


def test_data_survives_closing_and_reopening(path: Path) -> None:
    with Store.open(path) as store:
        sid = store.add_session(session("2026-01-01T07:00:00"))
        store.save_routine({"id": "mine", "items": ["cat-cow"]})
        store.set_setting("sound", "bell")
        store.sync_builtin_exercises([{"id": "cat-cow", "name": "Cat-cow"}])
    with Store.open(path) as store:
        assert [s["id"] for s in store.sessions()] == [sid]
        assert store.routines() == [{"id": "mine", "items": ["cat-cow"]}]
        assert store.settings() == {"sound": "bell"}
        assert store.exercises() == [{"id": "cat-cow", "name": "Cat-cow", "builtin": True}]


def test_the_file_is_compact_utf8_json(path: Path) -> None:
    with Store.open(path) as store:
        store.set_setting("name", "Zoë — ça va")
    text = path.read_text(encoding="utf-8")
    assert "Zoë — ça va" in text
    assert ", " not in text and ": " not in text


# -- sessions --------------------------------------------------------------------


def test_add_session_assigns_a_uuid4_hex_id(store: Store) -> None:
    sid = store.add_session(session("2026-01-01T07:00:00"))
    assert len(sid) == 32 and int(sid, 16) >= 0
    assert store.session(sid) == {**session("2026-01-01T07:00:00"), "id": sid}


def test_add_session_keeps_a_given_id_and_refuses_a_duplicate(store: Store) -> None:
    assert store.add_session(session("2026-01-01T07:00:00", id="abc")) == "abc"
    with pytest.raises(ValueError, match="already exists"):
        store.add_session(session("2026-01-02T07:00:00", id="abc"))
    assert len(store.sessions()) == 1


def test_ids_are_unique_over_many_sessions(store: Store) -> None:
    ids = [store.add_session(session(f"2026-01-01T07:{n:02}:00")) for n in range(50)]
    assert len(set(ids)) == 50
    assert sorted(s["id"] for s in store.sessions()) == sorted(ids)


def test_sessions_are_ordered_by_start_time_not_insertion(store: Store) -> None:
    for started in ["2026-03-01T07:00:00", "2025-12-31T23:00:00", "2026-01-15T07:00:00"]:
        store.add_session(session(started))
    assert [s["started"] for s in store.sessions()] == [
        "2025-12-31T23:00:00",
        "2026-01-15T07:00:00",
        "2026-03-01T07:00:00",
    ]


def test_update_session_replaces_the_whole_document(store: Store) -> None:
    sid = store.add_session(session("2026-01-01T07:00:00", status="active", pain_before=5))
    store.update_session(sid, session("2026-01-01T07:00:00", status="completed", pain_after=3))
    saved = store.session(sid)
    assert saved is not None
    assert saved["status"] == "completed" and saved["pain_after"] == 3
    assert "pain_before" not in saved and saved["id"] == sid
    assert len(store.sessions()) == 1


def test_update_session_of_an_unknown_id_is_a_key_error(store: Store) -> None:
    with pytest.raises(KeyError, match="nope"):
        store.update_session("nope", session("2026-01-01T07:00:00"))
    assert store.sessions() == []


def test_unknown_session_is_none(store: Store) -> None:
    store.add_session(session("2026-01-01T07:00:00"))
    assert store.session("missing") is None


def test_last_session_for_picks_the_latest_start_of_that_routine(store: Store) -> None:
    store.add_session(session("2026-01-03T07:00:00", "gentle", note="newest gentle"))
    store.add_session(session("2026-01-05T07:00:00", "desk"))
    store.add_session(session("2026-01-01T07:00:00", "gentle"))
    last = store.last_session_for("gentle")
    assert last is not None and last["note"] == "newest gentle"
    assert store.last_session_for("never") is None
    store.add_session(session("2026-01-04T07:00:00", "gentle", note="later"))
    last = store.last_session_for("gentle")
    assert last is not None and last["note"] == "later"


def test_returned_documents_are_copies(store: Store) -> None:
    sid = store.add_session(session("2026-01-01T07:00:00"))
    got = store.sessions()[0]
    got["status"] = "changed"
    got["steps"][0]["skipped"] = True
    got["steps"].append({"exercise_id": "extra"})
    one = store.session(sid)
    assert one is not None
    one["steps"].clear()
    assert store.session(sid) == {**session("2026-01-01T07:00:00"), "id": sid}


def test_the_callers_document_is_not_kept(store: Store) -> None:
    doc = session("2026-01-01T07:00:00")
    sid = store.add_session(doc)
    doc["steps"].append({"exercise_id": "after the fact"})
    saved = store.session(sid)
    assert saved is not None and len(saved["steps"]) == 1


def test_values_json_cannot_hold_are_refused_before_saving(store: Store) -> None:
    with pytest.raises(ValueError, match="cannot store"):
        store.add_session(session("2026-01-01T07:00:00", when=object()))
    assert store.sessions() == []


def test_tuples_are_stored_as_lists(store: Store) -> None:
    sid = store.add_session(session("2026-01-01T07:00:00", sides=("left", "right")))
    saved = store.session(sid)
    assert saved is not None and saved["sides"] == ["left", "right"]


# -- routines --------------------------------------------------------------------


def test_save_routine_inserts_then_replaces_by_id_keeping_order(store: Store) -> None:
    store.save_routine({"id": "a", "name": "A"})
    store.save_routine({"id": "b", "name": "B"})
    store.save_routine({"id": "a", "name": "A2", "items": []})
    assert store.routines() == [{"id": "a", "name": "A2", "items": []}, {"id": "b", "name": "B"}]


def test_save_routine_needs_an_id(store: Store) -> None:
    with pytest.raises(ValueError, match="id"):
        store.save_routine({"name": "nameless"})
    assert store.routines() == []


def test_delete_routine(store: Store) -> None:
    store.save_routine({"id": "a"})
    store.save_routine({"id": "b"})
    assert store.delete_routine("a") is True
    assert store.delete_routine("a") is False
    assert store.routines() == [{"id": "b"}]


# -- settings --------------------------------------------------------------------


def test_settings_round_trip_any_json_value(store: Store) -> None:
    assert store.get_setting("sound") is None
    assert store.get_setting("sound", "auto") == "auto"
    store.set_setting("sound", "bell")
    store.set_setting("volume", 0.5)
    store.set_setting("hold", {"scale": [1, 2]})
    store.set_setting("sound", "off")
    assert store.get_setting("sound") == "off"
    assert store.settings() == {"sound": "off", "volume": 0.5, "hold": {"scale": [1, 2]}}
    got = store.get_setting("hold")
    got["scale"].append(3)
    assert store.get_setting("hold") == {"scale": [1, 2]}


def test_setting_an_unchanged_value_does_not_save(path: Path) -> None:
    with Store.open(path) as store:
        store.set_setting("sound", "bell")
        before = identity(path)
        store.set_setting("sound", "bell")
        assert identity(path) == before
        store.set_setting("sound", "off")
        assert identity(path) != before


# -- exercises -------------------------------------------------------------------


def test_sync_upserts_builtins_and_leaves_user_exercises_alone(store: Store) -> None:
    store.sync_builtin_exercises([{"id": "a", "name": "A"}, {"id": "b", "name": "B"}])
    assert store.exercises() == [
        {"id": "a", "name": "A", "builtin": True},
        {"id": "b", "name": "B", "builtin": True},
    ]
    # A user-made exercise arrives by a route other than sync (say, an older file).
    store._table("exercises").insert({"id": "mine", "name": "Mine", "builtin": False})
    store._table("exercises").insert({"id": "c", "name": "User's c", "builtin": False})
    store.sync_builtin_exercises([{"id": "b", "name": "B2"}, {"id": "c", "name": "Built-in c"}])
    assert store.exercises() == [
        {"id": "b", "name": "B2", "builtin": True},
        {"id": "mine", "name": "Mine", "builtin": False},
        {"id": "c", "name": "User's c", "builtin": False},
    ]


def test_sync_saves_once_and_not_at_all_when_nothing_changed(path: Path) -> None:
    docs = [{"id": f"e{n}", "name": f"E{n}", "sides": ("left", "right")} for n in range(40)]
    with Store.open(path) as store:
        before = identity(path)
        store.sync_builtin_exercises(docs)
        after_first = identity(path)
        assert after_first != before
        store.sync_builtin_exercises(docs)
        assert identity(path) == after_first
        assert len(store.exercises()) == 40
    with Store.open(path) as store:
        store.sync_builtin_exercises(iter(docs))
        assert identity(path) == after_first


# -- transactions and caching ----------------------------------------------------


def test_a_failing_change_leaves_nothing_behind(store: Store) -> None:
    store.add_session(session("2026-01-01T07:00:00"))
    with pytest.raises(RuntimeError), store._transaction():
        store._table("sessions").insert({"id": "half-done"})
        raise RuntimeError("interrupted")
    assert [s.get("id") for s in store.sessions()] != ["half-done"]
    assert len(store.sessions()) == 1
    store.add_session(session("2026-01-02T07:00:00"))
    assert len(store.sessions()) == 2


def test_stored_documents_refuse_in_place_change(store: Store) -> None:
    sid = store.add_session(session("2026-01-01T07:00:00"))
    with pytest.raises(TypeError, match="sealed"), store._transaction():
        store._table("sessions").update({"status": "edited"})
    saved = store.session(sid)
    assert saved is not None and saved["status"] == "completed"


def test_two_handles_on_one_file_see_each_others_writes(path: Path) -> None:
    with Store.open(path) as one, Store.open(path) as two:
        one.add_session(session("2026-01-01T07:00:00", "gentle", note="one"))
        last = two.last_session_for("gentle")  # fills TinyDB's query cache in `two`
        assert last is not None and last["note"] == "one"
        one.add_session(session("2026-01-02T07:00:00", "gentle", note="newer"))
        last = two.last_session_for("gentle")
        assert last is not None and last["note"] == "newer"
        for n in range(10):  # alternating inserts: neither may reuse the other's doc id
            (one if n % 2 else two).add_session(session(f"2026-02-01T07:{n:02}:00"))
        assert len(one.sessions()) == len(two.sessions()) == 12
        two.set_setting("sound", "bell")
        assert one.get_setting("sound") == "bell"


def test_same_size_saves_in_the_same_clock_tick_are_noticed(path: Path) -> None:
    """Size and mtime alike, and the file system reuses freed inode numbers (ext4 does).

    Only the inode can tell the versions apart, so the store must keep the
    version it read open, which stops its inode number being handed out again.
    """
    with Store.open(path) as one, Store.open(path) as two:
        for n in range(20):
            first, second, third = (f"{n:04}{c}" for c in "abc")
            one.set_setting("sound", first)
            assert two.get_setting("sound") == first
            seen = path.stat()
            one.set_setting("sound", second)
            one.set_setting("sound", third)
            os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
            assert path.stat().st_size == seen.st_size
            assert two.get_setting("sound") == third


def test_threads_sharing_one_store_lose_nothing(store: Store) -> None:
    def add(tag: str) -> None:
        for n in range(40):
            store.add_session(session(f"2026-01-01T07:{n:02}:00", note=tag))

    threads = [threading.Thread(target=add, args=(tag,)) for tag in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    notes = [s["note"] for s in store.sessions()]
    assert notes.count("a") == notes.count("b") == 40


# -- migrations ------------------------------------------------------------------


def test_a_version_0_file_is_migrated_to_the_current_version(path: Path) -> None:
    path.parent.mkdir(parents=True)
    v0 = {
        "sessions": {
            "1": {"routine_id": "gentle", "started": "2024-05-01T07:00:00"},
            "2": {"routine_id": "desk", "started": "2024-05-02T07:00:00", "id": "kept"},
        },
        "settings": {"1": {"key": "sound", "value": "bell"}},
    }
    path.write_text(json.dumps(v0, indent=2))
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 2
        sessions = store.sessions()
        assert [s["routine_id"] for s in sessions] == ["gentle", "desk"]
        assert sessions[1]["id"] == "kept" and len(sessions[0]["id"]) == 32
        assert store.get_setting("sound") == "bell"
    on_disk = json.loads(path.read_text())
    assert on_disk["meta"] == {"1": {"schema_version": SCHEMA_VERSION}}
    assert on_disk["sessions"]["1"]["id"] == sessions[0]["id"]


def test_a_version_1_file_gets_null_reach_answers_and_keeps_everything_else(path: Path) -> None:
    path.parent.mkdir(parents=True)
    before = {"leg": 6, "back": 2, "note": "sore"}
    plain = {"id": "b", "started": "2024-05-02T07:00:00"}
    v1 = {
        "meta": {"1": {"schema_version": 1}},
        "sessions": {
            "1": {"id": "a", "started": "2024-05-01T07:00:00", "before": before, "after": None},
            "2": plain,
        },
    }
    path.write_text(json.dumps(v1))
    with Store.open(path) as store:
        first, second = store.sessions()
    assert first["before"] == {**before, "reach": None, "reach_leg": None}
    assert first["after"] is None
    assert second == plain
    assert json.loads(path.read_text())["meta"]["1"]["schema_version"] == 2


def test_an_up_to_date_file_is_not_rewritten_at_open(path: Path) -> None:
    Store.open(path).close()
    before = identity(path)
    Store.open(path).close()
    assert identity(path) == before


def test_data_from_a_newer_version_is_refused_and_left_alone(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('{"meta": {"1": {"schema_version": 99}}, "sessions": {}}')
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer unpinch") as caught:
        Store.open(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == before


def add_tag(tag: str) -> Migration:
    """A test step that tags every routine, recording the order steps ran in."""

    def apply(table: TableGetter) -> None:
        routines = table("routines")
        for doc in routines:
            routines.remove(doc_ids=[doc.doc_id])
            routines.insert({**doc, "tags": [*doc.get("tags", []), tag]})

    return Migration(0, 0, apply)


def test_migration_steps_run_in_order_in_one_transaction() -> None:
    store = Store.in_memory()
    store.save_routine({"id": "r"})
    store._table("meta").truncate()  # back to version 0
    steps = [
        Migration(2, 3, add_tag("2->3").apply),
        Migration(0, 1, add_tag("0->1").apply),
        Migration(1, 2, add_tag("1->2").apply),
    ]
    store.migrate(steps, target=3)
    assert store.schema_version() == 3
    assert store.routines() == [{"id": "r", "tags": ["0->1", "1->2", "2->3"]}]


def test_a_failing_migration_changes_nothing(path: Path) -> None:
    with Store.open(path) as store:
        store.save_routine({"id": "r"})
    before = path.read_bytes()

    def broken(table: TableGetter) -> None:
        table("routines").truncate()
        raise RuntimeError("bad step")

    with Store.open(path) as store, pytest.raises(RuntimeError, match="bad step"):
        store.migrate([Migration(SCHEMA_VERSION, SCHEMA_VERSION + 1, broken)], target=3)
    assert path.read_bytes() == before
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.routines() == [{"id": "r"}]


def test_a_gap_in_the_migration_steps_is_a_store_error() -> None:
    store = Store.in_memory()
    with pytest.raises(StoreError, match=f"no way to update data version {SCHEMA_VERSION}"):
        store.migrate([Migration(SCHEMA_VERSION + 1, 9, add_tag("x").apply)], target=9)
    assert store.schema_version() == SCHEMA_VERSION


# -- where the file lives --------------------------------------------------------


def test_cli_value_wins_over_environment_and_default(tmp_path: Path) -> None:
    env = {"UNPINCH_DB": str(tmp_path / "env.json")}
    assert resolve_db_path(str(tmp_path / "cli.json"), env) == tmp_path / "cli.json"
    assert resolve_db_path(None, env) == tmp_path / "env.json"
    assert resolve_db_path("", env) == tmp_path / "env.json"
    assert resolve_db_path(None, {}) == default_db_path()
    assert resolve_db_path(None, {"UNPINCH_DB": ""}) == default_db_path()


def test_a_leading_tilde_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_db_path("~/x.json", {}) == tmp_path / "x.json"


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname != "Linux", reason="XDG is Linux")
def test_default_path_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert default_db_path() == tmp_path / "share" / "unpinch" / "unpinch.json"


def test_sealed_sessions_are_shared_and_refuse_change_at_every_depth(store: Store) -> None:
    store.add_session(session("2026-01-01T07:00:00", before={"leg": 3}))
    first, again = store.sealed_sessions(), store.sealed_sessions()
    assert first[0] is again[0]  # checked and built once, not per call
    doc = first[0]
    for change in (
        lambda: doc.__setitem__("status", "changed"),
        lambda: doc["steps"].append({"exercise_id": "extra"}),
        lambda: doc["steps"][0].__setitem__("skipped", True),
        lambda: doc["before"].update(leg=9),
        lambda: doc["steps"].sort(),
    ):
        with pytest.raises(TypeError, match="sealed"):
            change()
    expected = {**session("2026-01-01T07:00:00", before={"leg": 3}), "id": doc["id"]}
    assert store.sessions() == [expected]
    assert json.loads(json.dumps(doc)) == store.sessions()[0]


def test_sealed_sessions_follow_this_processes_writes(store: Store) -> None:
    sid = store.add_session(session("2026-01-01T07:00:00"))
    assert [s["status"] for s in store.sealed_sessions()] == ["completed"]
    store.update_session(sid, {**session("2026-01-01T07:00:00", status="stopped"), "id": sid})
    assert [s["status"] for s in store.sealed_sessions()] == ["stopped"]
    store.add_session(session("2026-01-02T07:00:00"))
    assert len(store.sealed_sessions()) == 2
    store.delete_session(sid)
    assert [s["started"] for s in store.sealed_sessions()] == ["2026-01-02T07:00:00"]


def test_sealed_sessions_follow_another_processes_writes(path: Path) -> None:
    with Store.open(path) as one, Store.open(path) as two:
        one.add_session(session("2026-01-01T07:00:00", note="one"))
        assert [s["note"] for s in two.sealed_sessions()] == ["one"]
        one.add_session(session("2026-01-02T07:00:00", note="two"))
        assert [s["note"] for s in two.sealed_sessions()] == ["one", "two"]


def test_a_bad_record_is_skipped_by_the_sealed_view_and_named_once(path: Path) -> None:
    with Store.open(path) as store:
        store.add_session(session("2026-01-01T07:00:00"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sessions"]["2"] = {**session("2026-01-02T07:00:00"), "id": "bad", "duration_s": "5 min"}
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(path) as store:
        assert len(store.sealed_sessions()) == len(store.sessions()) == 1
        assert sum("Skipped session record" in line for line in store.news()) == 1


def test_taken_sessions_are_handed_over_and_not_shared_with_a_later_read(path: Path) -> None:
    with Store.open(path) as store:
        sid = store.add_session(session("2026-01-01T07:00:00"))
        store.add_session(session("2026-01-02T07:00:00", before={"leg": 2}))
    with Store.open_read_only(path) as store:
        taken = store.taken_sessions()
        assert [s["started"] for s in taken] == ["2026-01-01T07:00:00", "2026-01-02T07:00:00"]
        taken[0]["steps"].append({"exercise_id": "scribbled"})
        taken[1]["before"]["leg"] = 9
        assert store.sessions() == [
            {**session("2026-01-01T07:00:00"), "id": sid},
            {**session("2026-01-02T07:00:00", before={"leg": 2}), "id": taken[1]["id"]},
        ]
