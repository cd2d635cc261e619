"""The interview engine: UI-free and async. The TUI and the headless runner both drive it.

One candidate turn: score it (the scorer), journal it (durable before anything else), plan
the next move (the planner), have the backend word the move as a stream of text, journal
the interviewer's turn. Nothing here decides anything the LLM says, and nothing the LLM says
changes a grade or the flow.

Events, yielded by :meth:`Interview.open` and :meth:`Interview.answer`:

- ``CandidateScored(turn, story)``: the candidate's turn, journaled, with the story so far.
- ``InterviewerStarts(move)``: the interviewer begins wording the move its chunks carry.
- ``InterviewerChunk(text)``: a piece of the interviewer's words as they are produced.
- ``InterviewerTurn(turn)``: the interviewer's whole turn, journaled.
- ``Notice(message)``: something the user should know (e.g. the API failed and the offline
  interviewer took over); at most one fallback notice per session.
- ``Finished(session)``: the interview is over (after the wrap-up).

Cancelling while the interviewer streams (``aclose()`` on the generator, or cancelling the
task that iterates it) is a normal path: the text streamed so far is recorded as the
interviewer's turn, with its move, so the session stays consistent and resumable.

When the backend fails (``BackendError`` or any other error) the move is worded by the
fallback (the offline interviewer unless another is given), one ``Notice`` says so, and the
fallback words the rest of the session: flipping between two voices turn by turn would read
oddly, and a failing API would cost its retry time on every turn. If the backend fails after
part of its reply was streamed, that part stays, and the fallback's wording follows it after
a blank line (a retry cannot take back text already shown).

The reply gate: a model's reply is checked sentence by sentence before it is shown
(:mod:`interviewer.backends.gate`): a sentence that leaks a prompt tag, breaks role, grades,
praises or judges the answer, is code or markup, asks about something other than the move,
echoes the prompt, repeats the previous turn or runs on too long is never shown, and nothing
is shown until the kept text carries the move. At the end the reply is ``unchanged``,
``repaired`` (sentences dropped, or the offline interviewer's plain question appended after a
blank line, "To put it plainly: ...") or ``replaced`` (the offline interviewer words the
move), so the candidate always gets exactly one clean question (or a clean closing). A turn
with offline words in it is ``spoken_by`` e.g. ``"openai+offline"``; :attr:`Interview.repairs`
counts the replies repaired or replaced, :attr:`Interview.outcomes` all three kinds, and one
``Notice`` per session says so (:mod:`interviewer.backends.repair`). The offline
interviewer's own wording is never checked.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from contextlib import aclosing, asynccontextmanager
from typing import Protocol

from interviewer.backends.base import Backend, BackendError, ReplyEnd, SpeakRequest
from interviewer.backends.repair import SEPARATOR, WordingRepair
from interviewer.events import (
    CandidateScored,
    Event,
    Finished,
    InterviewerChunk,
    InterviewerStarts,
    InterviewerTurn,
    Notice,
)
from interviewer.models import (
    ChallengeFit,
    Deepen,
    Move,
    Probe,
    Question,
    Reading,
    Redirect,
    Session,
    StoryScore,
    Turn,
    TurnScore,
    WrapUp,
    story_answers,
)
from interviewer.planner import next_move
from interviewer.scoring import UnknownCompetencyError, score_story, score_turn, scorer_version
from interviewer.scoring.replies import read_reply, read_story_choice

__all__ = ["Interview", "Journal", "SessionFinishedError"]


class Journal(Protocol):
    """Where the engine records the session as it happens (implemented by the store)."""

    def append(self, turn: Turn) -> None:
        """Record a completed turn; durable before it returns."""
        ...

    def save_draft(self, text: str) -> None:
        """Keep the answer being typed."""
        ...

    def finish(self) -> None:
        """Mark the session finished."""
        ...


class SessionFinishedError(RuntimeError):
    """The interview is over; it takes no more answers."""


@asynccontextmanager
async def _closing(
    stream: AsyncIterator[str | ReplyEnd],
) -> AsyncGenerator[AsyncIterator[str | ReplyEnd], None]:
    """Close a backend's stream when we stop reading it (cancel, failure or done)."""
    try:
        yield stream
    finally:
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()


def _score_turn(text: str, competency: str) -> TurnScore:
    try:
        return score_turn(text, competency)
    except UnknownCompetencyError:
        return score_turn(text, None)


def _score_story(texts: Sequence[str], competency: str) -> StoryScore:
    try:
        return score_story(texts, competency)
    except UnknownCompetencyError:
        return score_story(texts, None)


class Interview:
    """One interview in progress over a :class:`Session` (new or resumed)."""

    def __init__(
        self,
        session: Session,
        backend: Backend,
        *,
        journal: Journal | None = None,
        fallback: Backend | None = None,
    ) -> None:
        self.session = session
        self.backend = backend
        self.journal = journal
        self._repair = WordingRepair(fallback)
        self.fallback: Backend = self._repair.fallback
        self._speaker: Backend = backend
        self._fell_back = False
        self._busy = False
        self._speaking: Move | None = None

    # ------------------------------------------------------------------ where we are

    @property
    def question(self) -> Question:
        return self.session.question

    @property
    def story_count(self) -> int:
        return len(self.session.question.competencies)

    @property
    def story_index(self) -> int:
        """The story in progress (0-based); the last one once the interview is over."""
        turns = self.session.turns
        story = turns[-1].story if turns else 0
        return min(story, self.story_count - 1)

    @property
    def follow_up(self) -> int:
        """0 while the main answer of the story is awaited, then the probe's number."""
        move = self.pending_move
        return move.number if isinstance(move, Probe | Deepen | ChallengeFit) else 0

    @property
    def max_probes(self) -> int:
        return self.session.max_probes

    @property
    def pending_move(self) -> Move | None:
        """The interviewer's move the candidate is answering, if any."""
        turns = self.session.turns
        if turns and turns[-1].role == "interviewer":
            return turns[-1].move
        return None

    @property
    def finished(self) -> bool:
        return self.session.finished

    @property
    def awaiting_answer(self) -> bool:
        """True when the interviewer has spoken and the candidate's turn is next."""
        return not self.finished and self.pending_move is not None

    @property
    def fell_back(self) -> bool:
        """True once the fallback interviewer has taken over."""
        return self._fell_back

    @property
    def speaking(self) -> Move | None:
        """The move the interviewer is wording right now (None between turns)."""
        return self._speaking

    @property
    def repairs(self) -> int:
        """How many model replies the reply gate repaired or replaced."""
        return self._repair.count

    @property
    def outcomes(self) -> dict[str, int]:
        """Model replies shown ``unchanged``, ``repaired`` and ``replaced`` by the reply gate."""
        return self._repair.outcomes

    @property
    def speaker(self) -> Backend:
        """Who words the next move (the backend, or the fallback after a failure)."""
        return self._speaker

    def competency_id(self, story: int | None = None) -> str:
        index = self.story_index if story is None else story
        return self.session.question.competencies[index].id

    # ------------------------------------------------------------------ scoring views

    def story_score(self, story: int | None = None) -> StoryScore | None:
        index = self.story_index if story is None else story
        texts = [t.text for t in self.session.answers(index)]
        if not texts:
            return None
        return _score_story(texts, self.competency_id(index))

    def preview(self, draft: str) -> StoryScore:
        """The story in progress as it would score with ``draft`` sent (for a live checklist)."""
        index = self.story_index
        texts = [t.text for t in self.session.answers(index)]
        return _score_story([*texts, draft], self.competency_id(index))

    def save_draft(self, text: str) -> None:
        self.session.draft = text
        if self.journal is not None:
            self.journal.save_draft(text)

    # ------------------------------------------------------------------ the flow

    async def open(self) -> AsyncGenerator[Event, None]:
        """Start the interview, or continue a resumed one.

        New session: the interviewer asks the first question. Resumed with the interviewer's
        question last: nothing to say (the candidate's answer is awaited). Resumed with the
        candidate's answer last (the reply was lost): the interviewer replies now.
        """
        if self.finished:
            yield Finished(self.session)
            return
        turns = self.session.turns
        if turns and turns[-1].role == "interviewer":
            return
        story = turns[-1].story if turns else 0
        score = self.story_score(story) if turns else None
        move = next_move(self.session.question, turns, self.session.max_probes, score)
        async with aclosing(self._speak(move)) as events:
            async for event in events:
                yield event

    async def answer(self, text: str) -> AsyncGenerator[Event, None]:
        """The candidate's turn: score, journal, plan, and the interviewer's reply."""
        if self.finished:
            raise SessionFinishedError("the interview is over")
        if not text.strip():
            raise ValueError("an answer cannot be empty")
        if self._busy:
            raise RuntimeError("the interviewer is still speaking")
        if not self.awaiting_answer:
            # Between an answer being recorded and the interviewer's reply there is no
            # question to answer: a second answer there would be recorded twice.
            raise RuntimeError("the interviewer has not asked the next question yet")
        story = self.story_index
        competency = self.competency_id(story)
        turn = Turn(
            role="candidate",
            text=text,
            story=story,
            score=_score_turn(text, competency),
            reading=self._read(text, story, competency),
        )
        # A reply that does not count for the story (a refusal, a question about the
        # question) leaves it as it was: nothing, before the first answer.
        answers = [t.text for t in story_answers([*self.session.turns, turn], story)]
        story_score = _score_story(answers, competency)
        turn = turn.model_copy(
            update={"story_score": story_score.combined, "scorer_version": scorer_version()}
        )
        self._record(turn)
        self.session.draft = ""
        yield CandidateScored(turn, story_score)
        move = next_move(
            self.session.question,
            self.session.turns,
            self.session.max_probes,
            story_score if answers else None,
        )
        async with aclosing(self._speak(move)) as events:
            async for event in events:
                yield event

    def _read(self, text: str, story: int, competency: str) -> Reading:
        """What kind of reply ``text`` is, in the context of the move it answers."""
        move = self.pending_move
        if isinstance(move, Redirect) and move.why == "which_story":
            choice = read_story_choice(text)
            if choice is not None:
                return Reading(kind=choice)
        session = self.session
        try:
            found = read_reply(
                text,
                story_so_far=[t.text for t in session.answers(story)],
                earlier_stories=[[t.text for t in session.answers(i)] for i in range(story)],
                probing=isinstance(move, Probe | Deepen | ChallengeFit),
                competency=competency,
            )
        except UnknownCompetencyError:
            return Reading(kind="answer")
        return Reading(
            kind=found.kind.value,
            evidence=found.evidence,
            term=found.term or "",
            story=found.story,
        )

    # ------------------------------------------------------------------ speaking

    def _record(self, turn: Turn) -> None:
        if self.journal is not None:
            self.journal.append(turn)
        self.session.turns.append(turn)

    def _request(self, move: Move) -> SpeakRequest:
        history = tuple(self.session.turns)
        last = next((t for t in reversed(history) if t.role == "candidate"), None)
        return SpeakRequest(
            move=move,
            question=self.session.question,
            history=history,
            last_answer=last.text if last else None,
            last_score=last.score if last else None,
            seed=self.session.id,
        )

    async def _speak(self, move: Move) -> AsyncGenerator[Event, None]:
        request = self._request(move)
        parts: list[str] = []
        spoken_by = self._speaker.name
        self._busy = True
        self._speaking = move
        try:
            yield InterviewerStarts(move)
            try:
                gate = self._repair.gate(self._speaker, request)  # shows only what passes
                finish: str | None = None
                async with _closing(self._speaker.speak(request)) as stream:
                    async for chunk in stream:
                        if isinstance(chunk, ReplyEnd):
                            finish = chunk.finish_reason
                            continue
                        for piece in gate.feed(chunk):
                            parts.append(piece)
                            yield InterviewerChunk(piece)
                said = gate.received
                if not said.strip():
                    raise BackendError(f"the {self._speaker.description} gave an empty reply")
                settled = self._repair.settle(gate, finish)
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except Exception as error:  # any backend failure degrades the same way
                notice = self._take_over(error)
                if notice is not None:
                    yield notice
                spoken_by = self._speaker.name
                if "".join(parts).strip():
                    parts.append(SEPARATOR)
                    yield InterviewerChunk(SEPARATOR)
                else:
                    parts.clear()
                async with _closing(self._speaker.speak(request)) as stream:
                    async for chunk in stream:
                        if chunk and not isinstance(chunk, ReplyEnd):
                            parts.append(chunk)
                            yield InterviewerChunk(chunk)
            else:
                # The gate's last word: the kept text it held, and any plain wording after it.
                spoken_by += settled.voice
                for chunk in settled.chunks:
                    parts.append(chunk)
                    yield InterviewerChunk(chunk)
                if settled.notice is not None:
                    yield Notice(settled.notice)
        finally:
            # Reached on success, on failure and on cancellation alike: what was said is
            # what the interviewer said.
            self._busy = False
            self._speaking = None
            text = "".join(parts).strip()
            if not text:
                # Stopped before its first word: record the move in plain words, so the
                # conversation (and a resumed session) shows what the candidate is answering.
                text, spoken_by = self._repair.plain_question(request), self._repair.voice
            turn = Turn(
                role="interviewer",
                text=text,
                story=self._move_story(move),
                move=move,
                spoken_by=spoken_by,
            )
            self._record(turn)
            if isinstance(move, WrapUp):
                self.session.finished = True
                if self.journal is not None:
                    self.journal.finish()
        yield InterviewerTurn(turn)
        if isinstance(move, WrapUp):
            yield Finished(self.session)

    def _move_story(self, move: Move) -> int:
        if isinstance(move, WrapUp):
            return self.story_index
        return move.story

    def _take_over(self, error: Exception) -> Notice | None:
        if self._speaker is self.fallback:
            raise error
        self._speaker = self.fallback
        if self._fell_back:
            return None
        self._fell_back = True
        reason = str(error) if isinstance(error, BackendError) else type(error).__name__
        return Notice(
            f"The interviewer API failed ({reason}). The {self.fallback.description} "
            "takes over for the rest of this session; your answers are safe."
        )
