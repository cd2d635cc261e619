"""What the interview room runs on, apart from the screen: bank, backends, store, ids.

The CLI builds a :class:`Room` from the settings; tests build one by hand (a temp store, a
fixed id and clock, a fake backend). Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from interviewer.backends.base import Backend
from interviewer.driver import Driver
from interviewer.models import DEFAULT_MAX_PROBES, Question, Scorecard, Session
from interviewer.questions import QuestionBank
from interviewer.store import SessionStore, new_session_id


def _now() -> datetime:
    return datetime.now(UTC)


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

    def start(self, question: Question) -> Driver:
        """A new session on ``question``, journaled in the store. The room keeps its backend
        (one for every session of the app's life) and closes it in :meth:`aclose`."""
        return Driver.start(
            question,
            self.backend,
            store=self.store,
            max_probes=self.max_probes,
            fallback=self.fallback,
            new_id=self.new_id,
            clock=self.clock,
        )

    def resume(self, session_id: str) -> Driver:
        """Reopen an unfinished session with its draft (raises the store's errors)."""
        if self.store is None:
            raise ValueError("there is no session store to resume from")
        return Driver.resume(self.store, session_id, self.backend, fallback=self.fallback)

    async def aclose(self) -> None:
        """Release the backends (the app is closing)."""
        await self.backend.aclose()
        if self.fallback is not None:
            await self.fallback.aclose()

    def scorecard(self, session: Session) -> Scorecard:
        """The scorecard, with the trend over the store's past sessions (the same one
        ``interviewer scorecard`` and ``interviewer export`` show)."""
        from interviewer.scorecard import build

        return build(session, self.store.sessions() if self.store is not None else ())
