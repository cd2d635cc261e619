"""The one small protocol every interviewer backend satisfies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from interviewer.models import Move, Question, Turn, TurnScore


class SpeakRequest(BaseModel):
    """Everything a backend may use to word one move. It decides nothing."""

    model_config = ConfigDict(frozen=True)

    move: Move
    question: Question
    history: tuple[Turn, ...]
    last_answer: str | None = None
    last_score: TurnScore | None = None
    seed: str = ""
    """Stable per session (e.g. its id); backends may use it for deterministic variety."""


@dataclass(frozen=True)
class ReplyEnd:
    """The last item of a reply's stream: how the reply ended."""

    finish_reason: str | None
    """``"stop"``, ``"length"`` (cut at the token limit), ...; None when unknown."""


class BackendError(Exception):
    """The backend could not word this move; the message is one line for the user."""


class Backend(Protocol):
    """Words a planned move as interviewer text, streamed in chunks."""

    @property
    def name(self) -> str:
        """Short id, e.g. 'offline' or 'openai'."""
        ...

    @property
    def description(self) -> str:
        """What the user sees, e.g. 'offline interviewer' or 'gpt-4o-mini at localhost'."""
        ...

    @property
    def model(self) -> str | None:
        """The model that words the replies, or None (the offline interviewer)."""
        ...

    def speak(self, request: SpeakRequest) -> AsyncIterator[str | ReplyEnd]:
        """Stream the interviewer's words. Raise BackendError when it cannot.

        A backend that knows why a reply ended says so last, with a :class:`ReplyEnd`
        (``"stop"``, ``"length"``, ...): a reply that ended on ``"length"`` was cut off, and
        the reply gate treats it so (:mod:`interviewer.backends.gate`). A backend that does
        not know yields text only."""
        ...

    async def aclose(self) -> None:
        """Release what the backend holds (an HTTP client); safe to call twice."""
        ...


def session_label(backend: Backend) -> str:
    """Who interviewed, as a session records it: 'offline', or 'openai:<model>'."""
    model = backend.model
    return f"{backend.name}:{model}" if model else backend.name
