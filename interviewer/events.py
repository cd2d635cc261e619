"""What the interview engine tells its user (the TUI, the headless runner) as it goes.

Yielded by :class:`interviewer.session.Interview` (see its docstring for when each comes);
front ends receive them through :func:`interviewer.driver.dispatch`.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.models import Move, Session, StoryScore, Turn

__all__ = [
    "CandidateScored",
    "Event",
    "Finished",
    "InterviewerChunk",
    "InterviewerStarts",
    "InterviewerTurn",
    "Notice",
]


@dataclass(frozen=True)
class InterviewerStarts:
    """The interviewer begins wording a move (its chunks follow)."""

    move: Move


@dataclass(frozen=True)
class InterviewerChunk:
    """A piece of the interviewer's words, as they are produced."""

    text: str


@dataclass(frozen=True)
class InterviewerTurn:
    """The interviewer's whole turn, journaled."""

    turn: Turn


@dataclass(frozen=True)
class CandidateScored:
    """The candidate's turn, journaled and scored, with the story so far."""

    turn: Turn
    story: StoryScore


@dataclass(frozen=True)
class Notice:
    """Something the user should know, e.g. the offline interviewer took over."""

    message: str


@dataclass(frozen=True)
class Finished:
    """The interview is over."""

    session: Session


Event = InterviewerStarts | InterviewerChunk | InterviewerTurn | CandidateScored | Notice | Finished
