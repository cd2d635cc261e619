"""The session driver: one interview's life, the same for every front end.

A front end (the TUI's interview screen, ``interviewer run``) does three things: it gets a
:class:`Driver` (:meth:`Driver.start` for a new session, :meth:`Driver.resume` for a saved
one), it hands each step a :class:`Renderer` (``await driver.open(renderer)`` once, then
``await driver.answer(text, renderer)`` per answer), and it closes the driver when it is done
(``await driver.aclose()``, or ``async with``). Everything else is here or below:

- **compose**: the session record, its journal in the store, the engine
  (:class:`interviewer.session.Interview`) with its fallback;
- **run**: each engine event goes to the renderer through :func:`dispatch`, one ``match``
  over the closed union of event types, so a new event kind is a type error in every
  front end that does not handle it, not a silently ignored message;
- **close**: the journal always, the backend when the driver owns it (``run`` owns its
  backend; the TUI's room shares one backend across sessions and closes it on exit);
- **errors**: anything that goes wrong in a step reaches the front end as one
  :class:`DriverError` with a one-line message and whether the answer was recorded, so a
  front end can say so and give the candidate their text back.

Because both front ends call the same two methods with the same answers, they make the same
moves: the planner decides inside the engine, never in a front end.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self, assert_never

from interviewer.backends.base import Backend, session_label
from interviewer.events import (
    CandidateScored,
    Event,
    Finished,
    InterviewerChunk,
    InterviewerStarts,
    InterviewerTurn,
    Notice,
)
from interviewer.journal import JournalError, SessionJournal
from interviewer.models import Move, Question, Session, StoryScore, Turn, utcnow
from interviewer.session import Interview
from interviewer.store import SessionStore, new_session_id

__all__ = ["Driver", "DriverError", "Renderer", "dispatch"]


class Renderer(Protocol):
    """What a front end shows; one method per event kind (see :mod:`interviewer.events`)."""

    def interviewer_starts(self, move: Move) -> None:
        """The interviewer begins wording ``move`` (before its first words)."""
        ...

    def interviewer_chunk(self, text: str) -> None:
        """A piece of the interviewer's words, as they are produced."""
        ...

    def interviewer_turn(self, turn: Turn) -> None:
        """The interviewer's whole turn, journaled."""
        ...

    def candidate_scored(self, turn: Turn, story: StoryScore) -> None:
        """The candidate's turn, journaled and scored, with the story so far."""
        ...

    def notice(self, message: str) -> None:
        """Something the user should know (e.g. the offline interviewer took over)."""
        ...

    def interview_over(self, session: Session) -> None:
        """The interview is over."""
        ...


def dispatch(event: Event, renderer: Renderer) -> None:
    """Hand one engine event to the renderer method for its kind."""
    match event:
        case InterviewerStarts(move=move):
            renderer.interviewer_starts(move)
        case InterviewerChunk(text=text):
            renderer.interviewer_chunk(text)
        case InterviewerTurn(turn=turn):
            renderer.interviewer_turn(turn)
        case CandidateScored(turn=turn, story=story):
            renderer.candidate_scored(turn, story)
        case Notice(message=message):
            renderer.notice(message)
        case Finished(session=session):
            renderer.interview_over(session)
        case _:
            assert_never(event)


class DriverError(Exception):
    """A step failed. ``str(error)`` is one line for the user; ``answer_recorded`` says
    whether the answer of a failed :meth:`Driver.answer` is in the session (when it is not,
    the front end gives it back to the candidate)."""

    def __init__(self, message: str, *, answer_recorded: bool = False) -> None:
        super().__init__(message)
        self.answer_recorded = answer_recorded


def _one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


class Driver:
    """One session under way: its record, its journal and its engine."""

    def __init__(
        self,
        interview: Interview,
        journal: SessionJournal | None,
        *,
        owns_backend: bool = False,
        warnings: tuple[str, ...] = (),
    ) -> None:
        self.interview = interview
        self.journal = journal
        self.owns_backend = owns_backend
        self.warnings = warnings
        """What had to be skipped to read a resumed session back."""
        self._closed = False

    # ------------------------------------------------------------------ compose

    @classmethod
    def start(
        cls,
        question: Question,
        backend: Backend,
        *,
        store: SessionStore | None,
        max_probes: int,
        session_id: str | None = None,
        fallback: Backend | None = None,
        owns_backend: bool = False,
        new_id: Callable[[], str] = new_session_id,
        clock: Callable[[], datetime] = utcnow,
    ) -> Driver:
        """A new session on ``question``, journaled in ``store`` (None: not saved).

        Raises ``ValueError`` for an invalid ``session_id`` and :class:`JournalError` when
        the session cannot be saved.
        """
        session = Session(
            id=session_id or new_id(),
            question=question,
            backend=session_label(backend),
            max_probes=max_probes,
            created_at=clock(),
        )
        journal = store.create(session) if store is not None else None
        interview = Interview(session, backend, journal=journal, fallback=fallback)
        return cls(interview, journal, owns_backend=owns_backend)

    @classmethod
    def resume(
        cls,
        store: SessionStore,
        session_id: str,
        backend: Backend,
        *,
        fallback: Backend | None = None,
        owns_backend: bool = False,
    ) -> Driver:
        """Reopen a saved session where it stopped (raises the store's errors)."""
        loaded = store.load(session_id)
        session = loaded.session
        journal = store.open_journal(session.id)
        interview = Interview(session, backend, journal=journal, fallback=fallback)
        return cls(interview, journal, owns_backend=owns_backend, warnings=loaded.warnings)

    # ------------------------------------------------------------------ where we are

    @property
    def session(self) -> Session:
        return self.interview.session

    @property
    def finished(self) -> bool:
        return self.interview.finished

    # ------------------------------------------------------------------ run

    async def open(self, renderer: Renderer) -> None:
        """Start the interview, or continue a resumed one (see :meth:`Interview.open`)."""
        await self._run(self.interview.open(), renderer, answer=None)

    async def answer(self, text: str, renderer: Renderer) -> None:
        """The candidate's answer, and the interviewer's reply to it."""
        await self._run(self.interview.answer(text), renderer, answer=text)

    def save_draft(self, text: str) -> None:
        """Keep the answer being typed (raises :class:`DriverError` when it cannot)."""
        try:
            self.interview.save_draft(text)
        except (JournalError, OSError) as error:
            raise DriverError(f"could not save the draft: {_one_line(error)}") from error

    async def _run(
        self, events: AsyncGenerator[Event, None], renderer: Renderer, *, answer: str | None
    ) -> None:
        turns_before = len(self.session.turns)
        try:
            async with aclosing(events):
                async for event in events:
                    dispatch(event, renderer)
        except (asyncio.CancelledError, GeneratorExit, KeyboardInterrupt):
            raise  # a stop, not a failure: the engine has recorded what was said
        except JournalError as error:
            raise DriverError(
                f"cannot save the session: {_one_line(error)}",
                answer_recorded=self._recorded(answer, turns_before),
            ) from error
        except Exception as error:  # the engine falls back on backend errors; last resort
            raise DriverError(
                _one_line(error), answer_recorded=self._recorded(answer, turns_before)
            ) from error

    def _recorded(self, answer: str | None, turns_before: int) -> bool:
        if answer is None:
            return False
        return any(
            t.role == "candidate" and t.text == answer for t in self.session.turns[turns_before:]
        )

    # ------------------------------------------------------------------ close

    async def aclose(self) -> None:
        """Close the journal, and the backend when this driver owns it. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.journal is not None:
                self.journal.close()
        finally:
            if self.owns_backend:
                await self.interview.backend.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
