"""The session driver: compose, run (events to a renderer), close, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from stub_backend import StubBackend

from interviewer.backends.base import SpeakRequest
from interviewer.backends.offline import OfflineBackend
from interviewer.driver import Driver, DriverError, dispatch
from interviewer.events import (
    Event,
    Finished,
    InterviewerChunk,
    InterviewerStarts,
    InterviewerTurn,
    Notice,
)
from interviewer.journal import JournalError
from interviewer.models import Ask, Move, Session, StoryScore, Turn
from interviewer.questions import bank
from interviewer.store import SessionStore


class Seen:
    """A renderer that writes down what it was shown."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def interviewer_starts(self, move: Move) -> None:
        self.calls.append(("starts", move))

    def interviewer_chunk(self, text: str) -> None:
        self.calls.append(("chunk", text))

    def interviewer_turn(self, turn: Turn) -> None:
        self.calls.append(("turn", turn))

    def candidate_scored(self, turn: Turn, story: StoryScore) -> None:
        self.calls.append(("scored", turn))

    def notice(self, message: str) -> None:
        self.calls.append(("notice", message))

    def interview_over(self, session: Session) -> None:
        self.calls.append(("over", session))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.calls]


class Closing(StubBackend):
    name = "closing"
    description = "a backend that says one line"

    async def speak(self, request: SpeakRequest) -> AsyncIterator[str]:
        yield "Tell me about a time you owned something?"


def test_dispatch_sends_each_event_kind_to_its_method() -> None:
    question = bank().default
    session = Session(id="s-1", question=question, backend="offline")
    move = Ask(story=0, competency=question.competencies[0])
    turn = Turn(role="interviewer", text="Hi?", story=0, move=move)
    events: list[Event] = [
        InterviewerStarts(move),
        InterviewerChunk("Hi"),
        InterviewerTurn(turn),
        Notice("heads up"),
        Finished(session),
    ]
    seen = Seen()
    for event in events:
        dispatch(event, seen)
    assert seen.calls == [
        ("starts", move),
        ("chunk", "Hi"),
        ("turn", turn),
        ("notice", "heads up"),
        ("over", session),
    ]


async def test_a_step_reaches_the_renderer_in_order(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    driver = Driver.start(
        bank().default, OfflineBackend(), store=store, max_probes=1, session_id="d-1"
    )
    seen = Seen()
    async with driver:
        await driver.open(seen)
        assert seen.kinds()[0] == "starts"
        assert seen.kinds()[-1] == "turn"
        assert set(seen.kinds()[1:-1]) == {"chunk"}
        seen.calls.clear()
        await driver.answer("We fixed the build and it was better.", seen)
    kinds = seen.kinds()
    assert kinds[:2] == ["scored", "starts"]
    assert kinds[-1] == "turn"
    # The journal was written through the driver and closed by it.
    assert driver.journal is not None
    assert driver.journal.closed
    assert [t.role for t in store.load("d-1").session.turns] == [
        "interviewer",
        "candidate",
        "interviewer",
    ]


async def test_the_driver_closes_a_backend_it_owns_and_only_that() -> None:
    question = bank().default
    owned, shared = Closing(), Closing()
    first = Driver.start(question, owned, store=None, max_probes=0, owns_backend=True)
    second = Driver.start(question, shared, store=None, max_probes=0)
    await first.aclose()
    await first.aclose()
    await second.aclose()
    assert owned.closed_count == 1
    assert shared.closed_count == 0


class BrokenJournal:
    """Takes the interviewer's first turn, then the disk is full."""

    def __init__(self) -> None:
        self.appended = 0

    def append(self, turn: Turn) -> None:
        if self.appended >= 1:
            raise JournalError("could not save to /x: No space left on device")
        self.appended += 1

    def save_draft(self, text: str) -> None:
        raise JournalError("could not save to /x: No space left on device")

    def finish(self) -> None:
        pass

    def close(self) -> None:
        pass


async def test_a_journal_failure_is_one_driver_error_and_the_answer_is_not_recorded() -> None:
    from interviewer.session import Interview

    session = Session(id="s-1", question=bank().default, backend="offline")
    interview = Interview(session, OfflineBackend(), journal=BrokenJournal())
    driver = Driver(interview, None)
    await driver.open(Seen())
    with pytest.raises(DriverError) as caught:
        await driver.answer("I owned the flaky CI pipeline.", Seen())
    assert (
        str(caught.value)
        == "cannot save the session: could not save to /x: No space left on device"
    )
    assert not caught.value.answer_recorded
    # Nothing half-recorded: the session holds only the question it asked.
    assert [t.role for t in session.turns] == ["interviewer"]
    with pytest.raises(DriverError, match="could not save the draft"):
        driver.save_draft("half an answer")


async def test_the_driver_refuses_a_bad_session_id() -> None:
    with pytest.raises(ValueError, match="id"):
        Driver.start(bank().default, OfflineBackend(), store=None, max_probes=1, session_id="../x")
