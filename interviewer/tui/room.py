"""What the interview room runs on, apart from the screen: bank, backends, store, ids.

The CLI builds a :class:`Room` from the settings; tests build one by hand (a temp store, a
fixed id and clock, a fake backend). Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.backends.base import Backend, session_label
from interviewer.models import DEFAULT_MAX_PROBES, Question, Scorecard, Session
from interviewer.questions import QuestionBank
from interviewer.store import SessionJournal, SessionStore, new_session_id

if TYPE_CHECKING:
    from interviewer.session import Interview


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Started:
    """A session under way: what the interview screen drives."""

    session: Session
    interview: Interview
    journal: SessionJournal | None
    warnings: tuple[str, ...] = ()
    """What had to be skipped to read a resumed session back."""


@dataclass
class Room:
    bank: QuestionBank
    backend: Backend
    store: SessionStore | None
    fallback: Backend | None = None
    max_probes: int = DEFAULT_MAX_PROBES
    question_id: str | None = None
    """Preselected on the start screen (the bank's default when None)."""
    begin_now: bool = False
    """Skip the start screen and open ``question_id`` at once."""
    export_dir: Path = field(default_factory=Path.cwd)
    new_id: Callable[[], str] = new_session_id
    clock: Callable[[], datetime] = _now

    @property
    def interviewer_label(self) -> str:
        return self.backend.description

    @property
    def preselected(self) -> Question:
        if self.question_id is None:
            return self.bank.default
        return self.bank.get(self.question_id)

    def start(self, question: Question) -> Started:
        """Create and journal a new session on ``question``."""
        from interviewer.session import Interview

        session = Session(
            id=self.new_id(),
            question=question,
            backend=session_label(self.backend),
            max_probes=self.max_probes,
            created_at=self.clock(),
        )
        journal = self.store.create(session) if self.store is not None else None
        interview = Interview(session, self.backend, journal=journal, fallback=self.fallback)
        return Started(session, interview, journal)

    def resume(self, session_id: str) -> Started:
        """Reopen an unfinished session with its draft (raises the store's errors)."""
        from interviewer.session import Interview

        if self.store is None:
            raise ValueError("there is no session store to resume from")
        loaded = self.store.load(session_id)
        session = loaded.session
        journal = self.store.open_journal(session.id)
        interview = Interview(session, self.backend, journal=journal, fallback=self.fallback)
        return Started(session, interview, journal, loaded.warnings)

    def scorecard(self, session: Session) -> Scorecard:
        """The scorecard, with the trend over the store's past sessions (the same one
        ``interviewer scorecard`` and ``interviewer export`` show)."""
        from interviewer.scorecard import build

        return build(session, self.store.sessions() if self.store is not None else ())
