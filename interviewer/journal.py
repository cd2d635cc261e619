"""The on-disk journal of one session: an append-only JSON Lines file, fsynced per record.

Layout of ``<id>.jsonl`` (one JSON object per line, each with a ``kind``):

- line 1, ``header``: ``schema_version`` and the session's metadata (id, question, backend,
  max_probes, created_at). Never the API key: a session only knows a backend description.
- ``turn``: one completed :class:`~interviewer.models.Turn`, score included.
- ``finished``: the interview ended.

The answer being typed lives beside it in ``<id>.draft.json``, replaced atomically (temp
file, fsync, rename) so a crash leaves either the old draft or the new one, never half.
The draft records how many candidate turns existed when it was saved; once a later
candidate turn is journaled, the draft is stale (it was sent) and is ignored on load.

Reading is forgiving: a line that does not parse (a write cut short by a crash, a corrupt
line in the middle) is skipped with a warning naming the line, and everything else loads.
A header from a newer schema is refused with an error naming the version.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from pydantic import ValidationError

from interviewer.durable_files import FILE_MODE, fsync_dir, write_atomic
from interviewer.models import SCHEMA_VERSION, Question, Session, Turn

try:  # POSIX: keep two windows from appending to one journal at once.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

JOURNAL_SUFFIX = ".jsonl"
DRAFT_SUFFIX = ".draft.json"


class JournalError(Exception):
    """A journal cannot be read or written; the message is one line for the user."""


class FutureSchemaError(JournalError):
    """The journal was written by a newer interviewer than this one."""

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"{path.name} was written with session schema version {version}, but this "
            f"interviewer only knows versions up to {SCHEMA_VERSION}; upgrade interviewer "
            "to open it"
        )
        self.version = version


class JournalBusyError(JournalError):
    """Another process holds the journal open for writing."""


# --------------------------------------------------------------------------- records


def header_record(session: Session) -> dict[str, Any]:
    return {
        "kind": "header",
        "schema_version": session.schema_version,
        "id": session.id,
        "question": session.question.model_dump(mode="json"),
        "backend": session.backend,
        "max_probes": session.max_probes,
        "created_at": session.created_at.isoformat(),
    }


def turn_record(turn: Turn) -> dict[str, Any]:
    return {"kind": "turn", "turn": turn.model_dump(mode="json")}


def finished_record(at: datetime | None = None) -> dict[str, Any]:
    return {"kind": "finished", "at": (at or datetime.now(UTC)).isoformat()}


def encode(record: dict[str, Any]) -> bytes:
    # ensure_ascii keeps every record one line whatever the text holds (U+2028 and the like).
    return (json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")


def parse_journal(path: Path, lines: Iterable[bytes]) -> tuple[Session, list[str]]:
    """Rebuild the session from journal lines; returns it with warnings for skipped lines."""
    warnings: list[str] = []
    header: dict[str, Any] | None = None
    turns: list[Turn] = []
    finished = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        truncated = not raw.endswith(b"\n")
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            if header is None:
                raise JournalError(
                    f"{path.name}: the header (line {number}) is damaged; "
                    "the session cannot be read"
                ) from None
            why = "cut short (the write was interrupted)" if truncated else "not valid JSON"
            warnings.append(f"{path.name}: line {number} skipped: {why}")
            continue
        kind = record.get("kind")
        if header is None:
            if kind != "header":
                raise JournalError(f"{path.name}: line {number} should be the header")
            version = record.get("schema_version")
            if not isinstance(version, int) or version < 1:
                raise JournalError(f"{path.name}: the header has no valid schema_version")
            if version > SCHEMA_VERSION:
                raise FutureSchemaError(path, version)
            header = record
            continue
        if kind == "turn" and finished:
            warnings.append(
                f"{path.name}: line {number} skipped: a turn after the session was finished"
            )
        elif kind == "turn":
            try:
                turns.append(Turn.model_validate(record.get("turn")))
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "turn"
                warnings.append(
                    f"{path.name}: line {number} skipped: "
                    f"not a valid turn ({where}: {first['msg']})"
                )
        elif kind == "finished":
            finished = True
        else:
            warnings.append(f"{path.name}: line {number} skipped: unknown record {kind!r}")
    if header is None:
        raise JournalError(f"{path.name} is empty; the session cannot be read")
    try:
        session = Session(
            schema_version=header["schema_version"],
            id=header["id"],
            question=Question.model_validate(header["question"]),
            backend=header["backend"],
            max_probes=header["max_probes"],
            created_at=header["created_at"],
            turns=turns,
            finished=finished,
        )
    except (KeyError, ValidationError) as error:
        raise JournalError(
            f"{path.name}: the header is damaged ({error.__class__.__name__})"
        ) from None
    return session, warnings


def read_draft(path: Path, session: Session) -> tuple[str, list[str]]:
    """The unsent answer saved beside the journal, if it is still current."""
    try:
        data = json.loads(path.read_bytes())
        text = data["text"]
        after = data["candidate_turns"]
        if not isinstance(text, str) or not isinstance(after, int):
            raise TypeError
    except FileNotFoundError:
        return "", []
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return "", [f"{path.name}: the saved draft is damaged and was ignored"]
    sent = sum(1 for t in session.turns if t.role == "candidate")
    return (text if after == sent else ""), []


# --------------------------------------------------------------------------- writer


class SessionJournal:
    """Appends a session's turns to disk; implements the engine's ``Journal`` protocol.

    Every method is durable when it returns: the bytes are written and fsynced.
    """

    def __init__(self, path: Path, fd: int, candidate_turns: int = 0) -> None:
        self.path = path
        self.draft_path = path.with_name(path.name.removesuffix(JOURNAL_SUFFIX) + DRAFT_SUFFIX)
        self._fd: int | None = fd
        self._candidate_turns = candidate_turns

    # -- opening

    @classmethod
    def create(cls, path: Path, session: Session) -> Self:
        """Start a new journal for ``session`` (refuses to overwrite an existing one)."""
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            raise JournalError(f"a session with id {session.id!r} already exists") from None
        journal = cls(path, fd)
        journal._lock()
        lines = [encode(header_record(session))]
        lines += [encode(turn_record(t)) for t in session.turns]
        if session.finished:
            lines.append(encode(finished_record()))
        journal._write(b"".join(lines))
        fsync_dir(path.parent)
        journal._candidate_turns = sum(1 for t in session.turns if t.role == "candidate")
        if session.draft:
            journal.save_draft(session.draft)
        return journal

    @classmethod
    def reopen(cls, path: Path, candidate_turns: int) -> Self:
        """Continue an existing journal (to resume a session)."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_APPEND)
        except FileNotFoundError:
            raise JournalError(f"no journal at {path}") from None
        journal = cls(path, fd, candidate_turns)
        journal._lock()
        # A write cut short by a crash leaves a line without its newline; end it, so the
        # next record starts on a line of its own (the damaged line is skipped on load).
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            journal._write(b"\n")
        return journal

    def _lock(self) -> None:
        if fcntl is None or self._fd is None:  # pragma: no cover - Windows
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.close()
            raise JournalBusyError(
                f"session {self.path.stem} is open in another window; close it there first"
            ) from None

    # -- the Journal protocol

    def append(self, turn: Turn) -> None:
        """Write one completed turn and fsync it before returning."""
        self._write(encode(turn_record(turn)))
        if turn.role == "candidate":
            self._candidate_turns += 1
            # The draft was just sent; forget it (if this unlink is lost to a crash, the
            # draft's candidate_turns count marks it stale anyway).
            with contextlib.suppress(FileNotFoundError):
                self.draft_path.unlink()

    def save_draft(self, text: str) -> None:
        """Replace the saved draft atomically; an empty text removes it."""
        if self._fd is None:
            raise JournalError("the journal is closed")
        if not text:
            with contextlib.suppress(FileNotFoundError):
                self.draft_path.unlink()
            return
        data = {"text": text, "candidate_turns": self._candidate_turns}
        write_atomic(self.draft_path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def finish(self) -> None:
        """Mark the session finished, drop the draft and close the journal."""
        self._write(encode(finished_record()))
        with contextlib.suppress(FileNotFoundError):
            self.draft_path.unlink()
        self.close()

    # -- housekeeping

    def _write(self, data: bytes) -> None:
        if self._fd is None:
            raise JournalError("the journal is closed")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError as error:
            raise JournalError(f"could not save to {self.path}: {error.strerror}") from error

    @property
    def closed(self) -> bool:
        return self._fd is None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # also releases the lock
            self._fd = None

    def __del__(self) -> None:
        # A journal dropped without close() must not leak its descriptor (and its lock).
        fd, self._fd = getattr(self, "_fd", None), None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
