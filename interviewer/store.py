"""Where sessions live on disk: create, resume, load and list them.

A :class:`SessionStore` is a directory (``settings.sessions_dir``, by default
``interviewer.locations.default_sessions_dir()``) holding one journal per session; the
journal format is described in :mod:`interviewer.journal`. The directory is created
owner-only (0700) and every file in it owner-only (0600).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from interviewer.durable_files import ensure_dir, sweep_temps
from interviewer.journal import (
    DRAFT_SUFFIX,
    JOURNAL_SUFFIX,
    FutureSchemaError,
    JournalBusyError,
    JournalError,
    SessionJournal,
    parse_journal,
    read_draft,
)
from interviewer.models import Session

__all__ = [
    "FutureSchemaError",
    "JournalBusyError",
    "JournalError",
    "LoadedSession",
    "SessionJournal",
    "SessionNotFoundError",
    "SessionStore",
    "SessionSummary",
    "new_session_id",
]

LATEST = "latest"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


class SessionNotFoundError(JournalError):
    """No session has this id."""


def new_session_id(now: datetime | None = None) -> str:
    """A sortable, filename-safe id such as ``20261128-075512-ab12cd``."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class LoadedSession:
    """A session read back from disk, with what had to be skipped to read it."""

    session: Session
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionSummary:
    """One row of ``interviewer sessions``; ``error`` is set when the journal is unreadable."""

    id: str
    path: Path
    created_at: datetime | None = None
    question_id: str = ""
    question_title: str = ""
    backend: str = ""
    stories_answered: int = 0
    stories_total: int = 0
    turns: int = 0
    finished: bool = False
    has_draft: bool = False
    warnings: tuple[str, ...] = ()
    error: str | None = None
    session: Session | None = field(default=None, repr=False, compare=False)


class SessionStore:
    """The sessions directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def permission_warning(self) -> str | None:
        """What is unsafe about the folder's permissions, or None: like ssh with its keys,
        a sessions folder other users can write to lets them change or plant sessions."""
        try:
            mode = self.root.stat().st_mode
        except OSError:
            return None  # not created yet: it will be, owner-only
        if not mode & 0o022:
            return None
        who = "every user" if mode & 0o002 else "its group"
        return (
            f"the sessions folder {self.root} is writable by {who} (mode {mode & 0o7777:04o}); "
            f"others could change your sessions: chmod 700 {self.root}"
        )

    # -- paths

    def path_for(self, session_id: str) -> Path:
        if not _ID.match(session_id):
            raise SessionNotFoundError(f"{session_id!r} is not a session id")
        return self.root / f"{session_id}{JOURNAL_SUFFIX}"

    def ids(self) -> list[str]:
        """Every session id in the store, oldest first (ids sort by time)."""
        if not self.root.is_dir():
            return []
        found = (
            p.name.removesuffix(JOURNAL_SUFFIX)
            for p in self.root.iterdir()
            if p.name.endswith(JOURNAL_SUFFIX) and not p.name.startswith(".")
        )
        return sorted(i for i in found if _ID.match(i))

    def resolve(self, session_id: str) -> str:
        """Turn ``latest`` into the newest id; check that the id exists."""
        if session_id == LATEST:
            ids = self.ids()
            if not ids:
                raise SessionNotFoundError(f"no sessions yet in {self.root}")
            return ids[-1]
        if not self.path_for(session_id).is_file():
            raise SessionNotFoundError(
                f"no session {session_id!r} in {self.root} (see `interviewer sessions`)"
            )
        return session_id

    # -- writing

    def create(self, session: Session) -> SessionJournal:
        """Start journaling a new session; returns the journal the engine appends to. Temp
        files that crashed draft saves left behind are cleared first."""
        ensure_dir(self.root)
        sweep_temps(self.root)
        return SessionJournal.create(self.path_for(session.id), session)

    def open_journal(self, session_id: str) -> SessionJournal:
        """Reopen a session's journal to continue it (see :meth:`load` for its content)."""
        session_id = self.resolve(session_id)
        loaded = self.load(session_id)
        if loaded.session.finished:
            raise JournalError(f"session {session_id} is finished; there is nothing to resume")
        candidates = sum(1 for t in loaded.session.turns if t.role == "candidate")
        return SessionJournal.reopen(self.path_for(session_id), candidates)

    # -- reading

    def load(self, session_id: str) -> LoadedSession:
        """Read a session back; damaged lines are skipped and reported in ``warnings``."""
        session_id = self.resolve(session_id)
        path = self.path_for(session_id)
        try:
            with path.open("rb") as lines:
                session, warnings = parse_journal(path, lines)
        except OSError as error:
            raise JournalError(f"cannot read {path}: {error.strerror}") from error
        draft, draft_warnings = read_draft(path.with_name(session_id + DRAFT_SUFFIX), session)
        if draft and not session.finished:
            session.draft = draft
        return LoadedSession(session, tuple(warnings + draft_warnings))

    def iter_loaded(self) -> Iterator[tuple[str, LoadedSession | JournalError]]:
        """Every session, oldest first, loaded or with the error that stopped it."""
        for session_id in self.ids():
            try:
                yield session_id, self.load(session_id)
            except JournalError as error:
                yield session_id, error

    def sessions(self) -> list[Session]:
        """Every readable session, oldest first (the history a scorecard's trend is drawn
        from; unreadable ones are left out)."""
        return [r.session for _, r in self.iter_loaded() if not isinstance(r, JournalError)]

    def list(self) -> list[SessionSummary]:
        """A summary of every session, newest first (by id, which sorts by time)."""
        rows: list[SessionSummary] = []
        for session_id, result in self.iter_loaded():
            path = self.path_for(session_id)
            if isinstance(result, JournalError):
                rows.append(SessionSummary(id=session_id, path=path, error=str(result)))
                continue
            session = result.session
            total = len(session.question.competencies)
            answered = len({t.story for t in session.turns if t.role == "candidate"})
            rows.append(
                SessionSummary(
                    id=session_id,
                    path=path,
                    created_at=session.created_at,
                    question_id=session.question.id,
                    question_title=session.question.title,
                    backend=session.backend,
                    stories_answered=min(answered, total),
                    stories_total=total,
                    turns=len(session.turns),
                    finished=session.finished,
                    has_draft=bool(session.draft),
                    warnings=result.warnings,
                    session=session,
                )
            )
        rows.reverse()  # ids sort by creation time
        return rows
