"""The engine's side of the wording guard: what to do when a model's reply misses its move.

:mod:`interviewer.backends.guard` says whether a finished reply carries its move. When it
does not, the reply stays (it is on screen already) and the offline interviewer's plain
wording of the move follows it after a blank line: the question for an ask or a follow-up,
a plain closing for the wrap-up. The first repair of a session comes with one notice saying
so; :attr:`WordingRepair.count` counts them all. The offline interviewer's own wording is
never checked: it is the move by construction.
"""

from __future__ import annotations

from interviewer.backends.base import Backend, SpeakRequest
from interviewer.backends.guard import missed_move
from interviewer.backends.offline import OfflineBackend
from interviewer.models import WrapUp

__all__ = ["SEPARATOR", "WordingRepair", "repair_notice"]

SEPARATOR = "\n\n"
"""Between the model's words and the plain wording appended to them."""


def repair_notice(request: SpeakRequest, why: str) -> str:
    """What the user is told the first time a reply is repaired, worded for the move."""
    if isinstance(request.move, WrapUp):
        return (
            f"The model's closing did not end the interview cleanly ({why}); the offline "
            "interviewer added a plain closing."
        )
    return (
        f"The model's reply missed the question ({why}); the offline interviewer added it in "
        "plain words."
    )


class WordingRepair:
    """Checks each finished model reply and supplies the plain wording that repairs it."""

    def __init__(self, plain: OfflineBackend | None = None) -> None:
        self._plain = plain if plain is not None else OfflineBackend()
        self.count = 0

    def missed(self, speaker: Backend, request: SpeakRequest, text: str) -> str | None:
        """Why ``speaker``'s finished reply ``text`` misses its move, or None when it carries
        it (always None for the offline interviewer)."""
        if isinstance(speaker, OfflineBackend):
            return None
        cut = getattr(speaker, "last_finish_reason", None) == "length"
        return missed_move(text, request, cut=cut)

    @property
    def voice(self) -> str:
        """Who words the plain text (for a turn's ``spoken_by``)."""
        return self._plain.name

    def plain_question(self, request: SpeakRequest) -> str:
        """The move in its plainest words, for a reply stopped before its first word."""
        return self._plain.plain_question(request)

    def repair(self, request: SpeakRequest, why: str) -> tuple[str | None, tuple[str, ...]]:
        """Count a repair; the notice to show (the session's first repair only) and the
        chunks to append to the reply."""
        self.count += 1
        notice = repair_notice(request, why) if self.count == 1 else None
        return notice, (SEPARATOR, self._plain.plain(request))
