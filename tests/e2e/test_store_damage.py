"""Damaged journals load with clear warnings; unreadable ones fail with clear errors."""

from __future__ import annotations

import json

import pytest
from sample_sessions import make_session

from interviewer.store import FutureSchemaError, JournalError, SessionStore


@pytest.fixture
def stored(tmp_path):
    store = SessionStore(tmp_path)
    session = make_session(stories=2, finished=False)
    store.create(session).close()
    return store, session, store.path_for(session.id)


def test_truncated_last_line_is_skipped_with_a_warning(stored) -> None:
    store, session, path = stored
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the last turn's write was cut short
    loaded = store.load(session.id)
    assert loaded.session.turns == session.turns[:-1]
    (warning,) = loaded.warnings
    assert f"line {len(session.turns) + 1} skipped" in warning
    assert "cut short" in warning


def test_corrupt_middle_line_is_skipped_and_the_rest_kept(stored) -> None:
    store, session, path = stored
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = b'{"kind":"turn","tu\xff\xfe garbage\n'
    path.write_bytes(b"".join(lines))
    loaded = store.load(session.id)
    assert loaded.session.turns == [t for i, t in enumerate(session.turns) if i != 1]
    assert loaded.warnings == (f"{path.name}: line 3 skipped: not valid JSON",)


def test_invalid_turn_and_unknown_record_are_skipped(stored) -> None:
    store, session, path = stored
    with path.open("a") as f:
        f.write(json.dumps({"kind": "turn", "turn": {"role": "judge", "text": "x"}}) + "\n")
        f.write(json.dumps({"kind": "hologram"}) + "\n")
    loaded = store.load(session.id)
    assert loaded.session.turns == session.turns
    assert len(loaded.warnings) == 2
    assert "not a valid turn" in loaded.warnings[0]
    assert "unknown record 'hologram'" in loaded.warnings[1]


def test_resuming_after_a_cut_write_keeps_new_turns_readable(stored) -> None:
    store, session, path = stored
    data = path.read_bytes()
    path.write_bytes(data[:-15])
    journal = store.open_journal(session.id)
    journal.append(session.turns[-1])
    journal.close()
    loaded = store.load(session.id)
    assert loaded.session.turns == session.turns
    assert len(loaded.warnings) == 1


def test_future_schema_version_is_refused_by_name(stored) -> None:
    store, session, path = stored
    lines = path.read_text().splitlines(keepends=True)
    header = json.loads(lines[0])
    header["schema_version"] = 7
    lines[0] = json.dumps(header) + "\n"
    path.write_text("".join(lines))
    with pytest.raises(FutureSchemaError, match="schema version 7") as caught:
        store.load(session.id)
    assert caught.value.version == 7
    assert "upgrade" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"{broken\n", "header"),
        (b'{"kind":"turn"}\n', "header"),
        (b'{"kind":"header","schema_version":1}\n', "header is damaged"),
    ],
)
def test_unreadable_header_is_a_clear_error(tmp_path, content, message) -> None:
    store = SessionStore(tmp_path)
    (tmp_path / "20261128-000000-aaaaaa.jsonl").write_bytes(content)
    with pytest.raises(JournalError, match=message):
        store.load("20261128-000000-aaaaaa")


def test_a_turn_after_the_finished_record_is_skipped_with_a_warning(tmp_path) -> None:
    from interviewer.journal import (
        encode,
        finished_record,
        header_record,
        parse_journal,
        turn_record,
    )
    from interviewer.models import Turn

    session = make_session("after-end", stories=0)
    late = Turn(role="candidate", text="one more thing", story=0)
    lines = [
        encode(header_record(session)),
        encode(finished_record()),
        encode(turn_record(late)),
    ]
    loaded, warnings = parse_journal(tmp_path / "after-end.jsonl", lines)
    assert loaded.finished
    assert loaded.turns == []
    assert warnings == ["after-end.jsonl: line 3 skipped: a turn after the session was finished"]
