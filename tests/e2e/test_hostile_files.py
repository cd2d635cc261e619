"""Hostile files: damaged journals and drafts, odd question and config files.

Whatever a file holds, the product either reads it or refuses it with a one-line error of
its own type; it never crashes with some other exception, and it never drops what is
still intact.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from sample_sessions import make_session

from interviewer.journal import JournalError
from interviewer.models import Turn
from interviewer.store import SessionStore

SESSION_ID = "20261128-075512-ab12cd"


@contextmanager
def fresh_store() -> Iterator[SessionStore]:
    with tempfile.TemporaryDirectory() as root:
        yield SessionStore(Path(root) / "sessions")


def written_journal(store: SessionStore) -> tuple[Path, list[bytes], list[Turn]]:
    session = make_session(SESSION_ID, stories=3, finished=True)
    store.create(session).close()
    path = store.path_for(SESSION_ID)
    return path, path.read_bytes().splitlines(keepends=True), list(session.turns)


garbage = st.binary(max_size=200).filter(lambda b: b"\n" not in b)
damage = st.one_of(
    st.tuples(st.just("truncate"), st.integers(min_value=0, max_value=10**6), st.just(b"")),
    st.tuples(st.just("replace"), st.integers(min_value=1, max_value=50), garbage),
    st.tuples(st.just("insert"), st.integers(min_value=1, max_value=50), garbage),
    st.tuples(
        st.just("flip"),
        st.integers(min_value=0, max_value=10**6),
        st.binary(min_size=1, max_size=1),
    ),
    st.tuples(
        st.just("replace"),
        st.integers(min_value=1, max_value=50),
        st.sampled_from(
            [
                b'{"kind": "turn", "turn": {"role": "candidate"}}',
                b'{"kind": "header", "schema_version": 99}',
                b'{"kind": 5}',
                b"null",
                b'"just a string"',
                b"\xff\xfe\x00garbage",
            ]
        ),
    ),
)


def apply(lines: list[bytes], kind: str, where: int, payload: bytes) -> list[bytes]:
    lines = list(lines)
    if kind == "truncate":
        blob = b"".join(lines)
        blob = blob[: where % (len(blob) + 1)]
        return blob.splitlines(keepends=True)
    if kind == "flip":
        blob = bytearray(b"".join(lines))
        if not blob:
            return lines
        index = where % len(blob)
        blob[index] = payload[0]
        return bytes(blob).splitlines(keepends=True)
    index = 1 + where % max(1, len(lines) - 1)
    if kind == "replace" and index < len(lines):
        lines[index] = payload + b"\n"
    else:
        lines.insert(index, payload + b"\n")
    return lines


@settings(max_examples=60)
@given(damages=st.lists(damage, min_size=1, max_size=3))
def test_a_damaged_journal_loads_what_is_intact_or_fails_cleanly(damages) -> None:
    with fresh_store() as store:
        path, original, turns = written_journal(store)
        lines = original
        for kind, where, payload in damages:
            lines = apply(lines, kind, where, payload)
        path.write_bytes(b"".join(lines))

        intact = [turn for line, turn in zip(original[1:], turns, strict=False) if line in lines]
        try:
            loaded = store.load(SESSION_ID)
        except JournalError as error:
            message = str(error)
        else:
            message = ""
        if message:
            assert "\n" not in message
            assert original[0] not in lines  # only a damaged header may stop the load
            return
        kept = iter(loaded.session.turns)
        assert all(any(turn == seen for seen in kept) for turn in intact), "an intact turn was lost"
        for warning in loaded.warnings:
            assert "\n" not in warning
        # Listing never raises either, whatever the journal holds.
        assert [row.id for row in store.list()] == [SESSION_ID]


@settings(max_examples=40)
@given(content=st.binary(max_size=300))
def test_any_bytes_as_a_draft_never_break_loading(content: bytes) -> None:
    with fresh_store() as store:
        store.create(make_session(SESSION_ID, stories=1)).close()
        store.path_for(SESSION_ID).with_name(f"{SESSION_ID}.draft.json").write_bytes(content)
        loaded = store.load(SESSION_ID)
        assert len(loaded.session.turns) == 4


@settings(max_examples=60)
@given(text=st.text(max_size=2000))
@example(text="\x00\x1b[31mred\x1b[0m\r\n\u2028\u2029[bold]x[/]")
@example(text="x" * 200_000)
def test_a_draft_of_any_text_comes_back_exactly(text: str) -> None:
    with fresh_store() as store:
        with store.create(make_session(SESSION_ID, stories=1)) as journal:
            journal.save_draft(text)
        assert store.load(SESSION_ID).session.draft == text


@settings(max_examples=40)
@given(text=st.text(max_size=3000))
@example(text="\ud800 lone surrogate\x00 and NUL")
@example(text="line one\nline two\r\n---\n\u2028 after a line separator")
def test_a_turn_of_any_text_is_journaled_and_read_back_exactly(text: str) -> None:
    with fresh_store() as store:
        turn = Turn(role="candidate", text=text, story=0)
        with store.create(make_session(SESSION_ID, stories=0)) as journal:
            journal.append(turn)
        assert store.load(SESSION_ID).session.turns == [turn]


def test_session_files_are_owner_only() -> None:
    with fresh_store() as store:
        with store.create(make_session(SESSION_ID, stories=1)) as journal:
            journal.save_draft("half an answer")
        assert stat.S_IMODE(store.root.stat().st_mode) == 0o700
        files = list(store.root.iterdir())
        assert len(files) == 2
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_owner_only_even_with_a_permissive_umask() -> None:
    old = os.umask(0)
    try:
        test_session_files_are_owner_only()
    finally:
        os.umask(old)


@pytest.mark.parametrize("version", [2, 10**6])
def test_a_future_journal_names_its_version(version: int) -> None:
    with fresh_store() as store:
        path, lines, _ = written_journal(store)
        header = json.loads(lines[0])
        header["schema_version"] = version
        path.write_bytes(json.dumps(header).encode() + b"\n" + b"".join(lines[1:]))
        with pytest.raises(JournalError, match=str(version)):
            store.load(SESSION_ID)


@pytest.mark.parametrize(
    "line",
    [
        b"[" * 5000,
        b'{"kind": "turn", "turn": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ],
    ids=["open-brackets", "nested-turn"],
)
def test_a_deeply_nested_line_is_skipped_not_fatal(line: bytes) -> None:
    with fresh_store() as store:
        path, lines, turns = written_journal(store)
        path.write_bytes(b"".join([*lines[:2], line + b"\n", *lines[2:]]))
        loaded = store.load(SESSION_ID)
        assert loaded.session.turns == turns
        assert len(loaded.warnings) == 1
        assert [row.error for row in store.list()] == [None]


def test_a_deeply_nested_draft_is_ignored_with_a_warning() -> None:
    with fresh_store() as store:
        store.create(make_session(SESSION_ID, stories=1)).close()
        draft = store.path_for(SESSION_ID).with_name(f"{SESSION_ID}.draft.json")
        draft.write_bytes(b'{"text": ' + b"[" * 5000)
        loaded = store.load(SESSION_ID)
        assert loaded.session.draft == ""
        assert len(loaded.warnings) == 1


# --------------------------------------------------------------------------- question files

COMPETENCIES_TOML = """
[[competency]]
id = "ownership"
name = "Ownership"
definition = "Acts for the whole."

[[competency]]
id = "bias_for_action"
name = "Bias for Action"
definition = "Moves fast on reversible decisions."
"""


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_document(fields: dict[str, object]) -> str:
    return "".join(f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in fields.items())


scalars = st.one_of(st.text(max_size=80), st.integers(-5, 5), st.booleans())
question_fields = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["q1", "Bad Id", "", "../x", "q-2"]), st.text(max_size=20)),
        "title": scalars,
        "company": scalars,
        "role": scalars,
        "default": scalars,
        "text": st.one_of(scalars, st.just("   "), st.just("[bold red]x[/] \x1b[2J")),
        "competencies": st.one_of(
            scalars,
            st.lists(
                st.sampled_from(["ownership", "bias_for_action", "nope", "", "OWNERSHIP"]),
                max_size=3,
            ),
        ),
        "extra": scalars,
    },
)


@contextmanager
def question_dir(*files: bytes) -> Iterator[tuple[Path, Path]]:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "questions"
        folder.mkdir()
        competencies = Path(root) / "competencies.toml"
        competencies.write_text(COMPETENCIES_TOML)
        for index, content in enumerate(files):
            (folder / f"q{index}.toml").write_bytes(content)
        yield folder, competencies


def load_or_message(folder: Path, competencies: Path) -> object:
    from interviewer.questions import QuestionBankError, load_bank

    try:
        return load_bank(folder, competencies)
    except QuestionBankError as error:
        message = str(error)
    assert message
    assert "\n" not in message
    return message


@settings(max_examples=80)
@given(fields=question_fields)
@example(fields={"id": "q", "title": "T", "text": "   ", "competencies": ["ownership"]})
def test_any_question_file_loads_or_is_refused_in_one_line(fields: dict[str, object]) -> None:
    with question_dir(toml_document(fields).encode()) as (folder, competencies):
        result = load_or_message(folder, competencies)
    if not isinstance(result, str):
        (question,) = result.questions  # type: ignore[attr-defined]
        assert question.text == " ".join(str(fields["text"]).split())  # shown as written


@settings(max_examples=40)
@given(content=st.binary(max_size=300))
@example(content=b'id = "\xff\xfe"\n')
@example(content=b"\x00\x01\x02")
def test_any_bytes_as_a_question_file_are_refused_in_one_line(content: bytes) -> None:
    with question_dir(content) as (folder, competencies):
        assert isinstance(load_or_message(folder, competencies), str)


def test_markup_in_a_question_stays_literal() -> None:
    fields = {
        "id": "markup",
        "title": "[bold]Title[/bold]",
        "text": "Tell me [link=https://x.example]about[/link] a time. \\x1b[31m",
        "competencies": ["ownership"],
    }
    with question_dir(toml_document(fields).encode()) as (folder, competencies):
        bank = load_or_message(folder, competencies)
    (question,) = bank.questions  # type: ignore[attr-defined]
    assert question.title == "[bold]Title[/bold]"
    assert question.text == fields["text"]


# --------------------------------------------------------------------------- config files

config_fields = st.fixed_dictionaries(
    {},
    optional={
        "backend": st.one_of(st.sampled_from(["auto", "offline", "openai", "OpenAI", ""]), scalars),
        "base_url": scalars,
        "model": scalars,
        "api_key": scalars,
        "timeout": st.one_of(scalars, st.sampled_from([0, -1, 10**9])),
        "temperature": scalars,
        "max_tokens": scalars,
        "max_attempts": scalars,
        "retry_budget": scalars,
        "max_probes": scalars,
        "sessions_dir": st.one_of(scalars, st.just("~/x"), st.just("")),
        "nonsense": scalars,
    },
)


def settings_or_message(path: Path) -> object:
    from interviewer.config import ConfigError, load_settings

    try:
        return load_settings(config_path=path, environ={})
    except ConfigError as error:
        message = str(error)
    assert message
    assert "\n" not in message
    return message


@settings(max_examples=80)
@given(fields=config_fields)
def test_any_config_file_loads_or_is_refused_in_one_line(fields: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / "config.toml"
        path.write_text(toml_document(fields), encoding="utf-8")
        result = settings_or_message(path)
    if not isinstance(result, str) and "api_key" in fields and result.api_key is not None:
        # The key never shows: the settings read the same whatever the key is (a substring
        # test would trip on a key like "Tru" inside "stream=True").
        same_length = "z" * len(result.api_key.get_secret_value())
        other = result.model_copy(update={"api_key": SecretStr(same_length)})
        assert repr(result) == repr(other)


@settings(max_examples=40)
@given(content=st.binary(max_size=300))
@example(content=b'model = "\xff"\n')
@example(content=b"[section]\nmodel = 1\n")
def test_any_bytes_as_a_config_file_are_refused_in_one_line(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / "config.toml"
        path.write_bytes(content)
        settings_or_message(path)
