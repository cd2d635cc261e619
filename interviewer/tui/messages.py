"""Messages the screens send up to the app, which owns the flow between screens."""

from __future__ import annotations

from textual.message import Message

from interviewer.models import Question, Session


class BeginInterview(Message):
    """The candidate picked a question on the start screen."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question


class InterviewFinished(Message):
    """The interviewer wrapped up; show the scorecard."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class StartAgain(Message):
    """Back to the start screen for a new interview."""
