"""The session store: journal round trips, drafts, listing, permissions, ids."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sample_sessions import QUESTION, make_session

from interviewer.models import Session, Turn
from interviewer.store import (
    JournalBusyError,
    JournalError,
    SessionNotFoundError,
    SessionStore,
    new_session_id,
)


def journal_with(store: SessionStore, session: Session) -> None:
    """Write ``session`` the way the engine does: header, then turn by turn."""
    empty = session.model_copy(update={"turns": [], "finished": False})
    journal = store.create(empty)
    for turn in session.turns:
        journal.append(turn)
    if session.finished:
        journal.finish()
    else:
        journal.close()


def test_journal_round_trips_the_session_exactly(tmp_path) -> None:
    store = SessionStore(tmp_path / "sessions")
    session = make_session(stories=3, finished=True)
    journal_with(store, session)
    loaded = store.load(session.id)
    assert loaded.warnings == ()
    assert loaded.session == session
    assert loaded.session.model_dump_json() == session.model_dump_json()


def test_create_writes_turns_already_in_the_session(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    store.create(session).close()
    assert store.load(session.id).session == session


def test_each_append_is_on_disk_before_it_returns(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    journal = store.create(session.model_copy(update={"turns": []}))
    for count, turn in enumerate(session.turns, start=1):
        journal.append(turn)
        # A second reader (another process would see the same) finds it immediately.
        assert len(store.load(session.id).session.turns) == count
    journal.close()


def test_header_holds_metadata_and_schema_version(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session()
    journal_with(store, session)
    first = json.loads(store.path_for(session.id).read_text().splitlines()[0])
    assert first["kind"] == "header"
    assert first["schema_version"] == 1
    assert first["backend"] == "offline"
    assert first["question"]["id"] == QUESTION.id
    assert first["max_probes"] == 2
    assert "api_key" not in store.path_for(session.id).read_text()


def test_files_and_directories_are_owner_only(tmp_path) -> None:
    root = tmp_path / "data" / "sessions"
    store = SessionStore(root)
    old = os.umask(0o022)
    try:
        journal = store.create(make_session(stories=0))
        journal.save_draft("half an answer")
    finally:
        os.umask(old)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(root.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.draft_path.stat().st_mode) == 0o600
    journal.close()


def test_draft_is_restored_and_forgotten_once_sent(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    journal = store.create(session.model_copy(update={"turns": session.turns[:1]}))
    journal.save_draft("At my last job")
    journal.save_draft("At my last job the pipeline é ✓ was slow")
    assert store.load(session.id).session.draft == "At my last job the pipeline é ✓ was slow"
    journal.append(session.turns[1])  # the answer is sent
    assert store.load(session.id).session.draft == ""
    journal.save_draft("")
    assert not journal.draft_path.exists()
    journal.close()


def test_stale_draft_left_by_a_crash_is_ignored(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    journal = store.create(session.model_copy(update={"turns": session.turns[:1]}))
    journal.save_draft("the answer")
    saved = journal.draft_path.read_bytes()
    journal.append(session.turns[1])
    journal.close()
    journal.draft_path.write_bytes(saved)  # as if the unlink never reached the disk
    assert store.load(session.id).session.draft == ""


def test_damaged_draft_loads_with_a_warning(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    journal = store.create(session)
    journal.close()
    journal.draft_path.write_text("{not json")
    loaded = store.load(session.id)
    assert loaded.session.turns == session.turns
    assert any("draft" in w for w in loaded.warnings)


def test_finish_marks_finished_and_closes(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    journal = store.create(session)
    journal.save_draft("x")
    journal.finish()
    assert journal.closed
    assert not journal.draft_path.exists()
    assert store.load(session.id).session.finished
    with pytest.raises(JournalError, match="closed"):
        journal.append(session.turns[0])


def test_open_journal_continues_where_it_stopped(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=2, finished=True)
    journal = store.create(
        session.model_copy(update={"turns": session.turns[:3], "finished": False})
    )
    journal.close()
    again = store.open_journal(session.id)
    for turn in session.turns[3:]:
        again.append(turn)
    again.finish()
    assert store.load(session.id).session == session


def test_open_journal_refuses_a_finished_session(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1, finished=True)
    store.create(session).close()
    with pytest.raises(JournalError, match="finished"):
        store.open_journal(session.id)


def test_one_journal_cannot_be_opened_twice(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    journal = store.create(session)
    with pytest.raises(JournalBusyError, match="another window"):
        store.open_journal(session.id)
    journal.close()
    store.open_journal(session.id).close()


def test_create_refuses_an_existing_id(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=0)
    store.create(session).close()
    with pytest.raises(JournalError, match="already exists"):
        store.create(session)


@pytest.mark.parametrize("bad", ["nope", "../etc/passwd", "a/b", "", ".hidden"])
def test_unknown_or_unsafe_ids_are_clear_errors(tmp_path, bad) -> None:
    store = SessionStore(tmp_path)
    with pytest.raises(SessionNotFoundError):
        store.load(bad)


def test_latest_is_the_newest_session(tmp_path) -> None:
    store = SessionStore(tmp_path)
    with pytest.raises(SessionNotFoundError, match="no sessions yet"):
        store.load("latest")
    for session_id in ("20261101-000000-aaaaaa", "20261128-000000-bbbbbb"):
        store.create(make_session(session_id, stories=0)).close()
    assert store.load("latest").session.id == "20261128-000000-bbbbbb"


def test_new_session_ids_are_safe_sortable_and_distinct() -> None:
    moment = datetime(2026, 11, 28, 7, 55, 12, tzinfo=UTC)
    ids = {new_session_id(moment) for _ in range(50)}
    assert len(ids) == 50
    for session_id in ids:
        assert session_id.startswith("20261128-075512-")
        Session(id=session_id, question=QUESTION, backend="offline")  # the model accepts it
    assert new_session_id(moment) < new_session_id(moment.replace(second=13))


def test_list_summarises_newest_first_and_survives_broken_files(tmp_path) -> None:
    store = SessionStore(tmp_path)
    assert store.list() == []
    older = make_session(
        "20261101-000000-aaaaaa", stories=3, finished=True, start=datetime(2026, 11, 1, tzinfo=UTC)
    )
    newer = make_session("20261128-000000-bbbbbb", stories=1)
    for session in (older, newer):
        journal_with(store, session)
    (tmp_path / "20261129-000000-cccccc.jsonl").write_text("garbage\n")
    (tmp_path / "notes.txt").write_text("not a session")
    rows = store.list()
    assert [r.id for r in rows] == [
        "20261129-000000-cccccc",
        "20261128-000000-bbbbbb",
        "20261101-000000-aaaaaa",
    ]
    broken, new, old = rows
    assert broken.error
    assert "header" in broken.error
    assert (new.stories_answered, new.stories_total, new.finished) == (1, 3, False)
    assert (old.stories_answered, old.stories_total, old.finished) == (3, 3, True)
    assert old.question_title == QUESTION.title
    assert old.backend == "offline"
    assert old.session == older


def test_turn_text_with_line_separators_stays_one_record(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=0)
    journal = store.create(session)
    odd = Turn(role="candidate", text="a\nb\u2028c\r\nd\x00e", story=0)
    journal.append(odd)
    journal.close()
    assert len(store.path_for(session.id).read_bytes().splitlines()) == 2
    assert store.load(session.id).session.turns == [odd]


def test_a_dropped_journal_releases_its_lock(tmp_path) -> None:
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    journal = store.create(session)
    del journal
    store.open_journal(session.id).close()


def test_temp_files_of_crashed_draft_saves_are_cleared_when_a_session_starts(tmp_path) -> None:
    import time

    stale = tmp_path / ".20260101-090000-abcd.draft.json.4242.tmp"
    fresh = tmp_path / ".20260101-090000-abcd.draft.json.4343.tmp"
    other = tmp_path / "notes.tmp"  # not ours: not hidden, never touched
    for path in (stale, fresh, other):
        path.write_text("{}")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))
    store = SessionStore(tmp_path)
    store.create(make_session(stories=1)).close()
    assert not stale.exists()
    assert fresh.exists()  # a save may be in flight right now
    assert other.exists()


def test_a_failed_atomic_write_leaves_no_temp_file(tmp_path, monkeypatch) -> None:
    from interviewer import durable_files

    target = tmp_path / "draft.json"
    target.write_text("old")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(durable_files.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        durable_files.write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.json"]


def test_an_atomic_write_never_follows_a_symlink_planted_at_its_temp_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from interviewer import durable_files

    tokens = iter(["planted", "fresh"])
    monkeypatch.setattr(durable_files, "_temp_token", lambda: next(tokens), raising=False)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    target = tmp_path / "draft.json"
    planted = tmp_path / f".draft.json.{os.getpid()}-planted.tmp"
    planted.symlink_to(outside)
    predictable = tmp_path / f".draft.json.{os.getpid()}.tmp"  # the name writes once used
    predictable.symlink_to(outside)
    durable_files.write_atomic(target, b"{}")
    assert outside.read_text() == "keep me"
    assert target.read_bytes() == b"{}"
    assert oct(target.stat().st_mode & 0o777) == oct(durable_files.FILE_MODE)
    assert planted.is_symlink()  # left alone, not written through
