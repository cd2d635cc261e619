"""The engine's side of the reply gate: each model reply goes through a gate as it streams.

:mod:`interviewer.backends.gate` decides, sentence by sentence and before anything is shown,
what of a model's reply the candidate may see, and at the end whether the reply went through
``unchanged``, was ``repaired`` (sentences dropped, or the offline interviewer's plain
question appended after a blank line) or ``replaced`` (the offline interviewer worded the
whole move). :class:`WordingRepair` owns the gates of a session: it opens one per reply,
settles it at the end (the text still to show, the notice, the voice), and counts the
outcomes. The first reply that is not unchanged comes with one notice saying so. The offline
interviewer's own wording passes through untouched: it is the move by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.backends.base import Backend, SpeakRequest
from interviewer.backends.gate import SEPARATOR, GateResult, GateRules, ReplyGate
from interviewer.backends.offline import OfflineBackend
from interviewer.models import WrapUp

__all__ = ["SEPARATOR", "Settled", "Verbatim", "WordingRepair", "gate_notice", "repair_notice"]


def repair_notice(request: SpeakRequest, why: str) -> str:
    """What the user is told when the plain wording was appended, worded for the move."""
    if isinstance(request.move, WrapUp):
        return (
            f"The model's closing did not end the interview cleanly ({why}); the offline "
            "interviewer added a plain closing."
        )
    return (
        f"The model's reply missed the question ({why}); the offline interviewer added it in "
        "plain words."
    )


def gate_notice(request: SpeakRequest, result: GateResult) -> str | None:
    """What the user is told about a reply that did not go through unchanged."""
    if result.kind == "unchanged":
        return None
    if result.kind == "replaced":
        what = "closed the interview" if isinstance(request.move, WrapUp) else "asked instead"
        return f"The model's reply was not usable ({result.why}); the offline interviewer {what}."
    if result.appended:
        return repair_notice(request, result.why)
    return f"Part of the model's reply was not shown ({result.why})."


class Verbatim:
    """The gate of a reply that needs none (the offline interviewer's): shows every chunk."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    @property
    def received(self) -> str:
        return "".join(self._parts)

    def feed(self, chunk: str) -> list[str]:
        self._parts.append(chunk)
        return [chunk] if chunk else []


@dataclass(frozen=True)
class Settled:
    """How a reply ends: the chunks still to show, a notice, and who else spoke in it."""

    chunks: tuple[str, ...] = ()
    notice: str | None = None
    voice: str = ""
    """Appended to the turn's ``spoken_by`` ("+offline" when the offline interviewer spoke)."""
    result: GateResult | None = None


class WordingRepair:
    """Opens a :class:`ReplyGate` per model reply, settles it, and counts the outcomes."""

    def __init__(self, fallback: Backend | None = None, rules: GateRules | None = None) -> None:
        self.fallback: Backend = fallback if fallback is not None else OfflineBackend()
        """Who takes over when the backend fails: the offline interviewer unless given. This
        is the one place the engine's fallback is chosen."""
        plain = self.fallback if isinstance(self.fallback, OfflineBackend) else None
        self._plain = plain if plain is not None else OfflineBackend()
        self._rules = rules
        self.unchanged = 0
        self.repaired = 0
        self.replaced = 0
        self.results: list[GateResult] = []
        """Every model reply's outcome, in order (for benchmarks and diagnostics)."""

    @property
    def count(self) -> int:
        """Model replies the candidate did not see as the model wrote them."""
        return self.repaired + self.replaced

    @property
    def outcomes(self) -> dict[str, int]:
        return {"unchanged": self.unchanged, "repaired": self.repaired, "replaced": self.replaced}

    def gate(self, speaker: Backend, request: SpeakRequest) -> ReplyGate | Verbatim:
        """The gate for ``speaker``'s reply to ``request`` (none for the offline one)."""
        if isinstance(speaker, OfflineBackend):
            return Verbatim()
        return ReplyGate(request, self._rules, plain=self._plain)

    def settle(self, gate: ReplyGate | Verbatim, finish_reason: str | None) -> Settled:
        """The reply has ended (``finish_reason`` from its :class:`ReplyEnd`, if any): what
        is left to show, and the notice (the first only)."""
        if not isinstance(gate, ReplyGate):
            return Settled()
        result = gate.finish(finish_reason)
        self.results.append(result)
        setattr(self, result.kind, getattr(self, result.kind) + 1)
        first = result.kind != "unchanged" and self.count == 1
        return Settled(
            chunks=(*result.released, *result.appended),
            notice=gate_notice(gate.request, result) if first else None,
            voice="+offline" if result.appended else "",
            result=result,
        )

    @property
    def voice(self) -> str:
        """Who words the plain text (for a turn's ``spoken_by``)."""
        return self._plain.name

    def plain_question(self, request: SpeakRequest) -> str:
        """The move in its plainest words, for a reply stopped before its first word."""
        return self._plain.plain_question(request)
