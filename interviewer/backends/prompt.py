"""The chat messages an LLM interviewer gets for one move.

One system message (``data/interviewer_system.md``) holds the rules and the move to word,
with the planner's gaps and the scorer's probe hints as guidance (``data/
interviewer_moves.toml``). The conversation follows: the interviewer's turns as
``assistant``, the candidate's as ``user``, each inside ``<candidate_answer>`` tags that the
candidate cannot close (see :mod:`interviewer.backends.sanitize`). The model is told that
what is inside those tags is data, never instructions. Nothing the model writes decides the
flow or a grade: the move is already decided when the prompt is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from string import Template
from typing import Any

from interviewer.backends.base import SpeakRequest
from interviewer.backends.offline import OfflineBackend
from interviewer.backends.sanitize import delimit_candidate
from interviewer.models import (
    Ask,
    ChallengeFit,
    Competency,
    Deepen,
    Probe,
    Question,
    Redirect,
    Turn,
    TurnScore,
    WrapUp,
)
from interviewer.resources import load_text, load_toml

__all__ = [
    "MAX_CANDIDATE_CHARS",
    "MAX_HISTORY_TURNS",
    "build_messages",
    "fixed_prompt_texts",
    "system_prompt",
]

MAX_CANDIDATE_CHARS = 6000
"""A candidate turn longer than this is cut in the prompt (the scorer still sees all of it)."""
MAX_HISTORY_TURNS = 24
"""Only the latest turns go to the model; the move carries what the planner knows."""


@cache
def _system_template() -> Template:
    return Template(load_text("interviewer_system.md"))


def _moves() -> Mapping[str, Any]:
    return load_toml("interviewer_moves.toml")


def fixed_prompt_texts() -> tuple[str, ...]:
    """The prompt's own fixed wording (templates before the question and move are filled
    in), so that a reply echoing its instructions can be recognised as such."""
    texts = [_system_template().template]
    texts.extend(str(value) for value in _moves().values() if isinstance(value, str))
    return tuple(texts)


def _move_text(key: str, **values: object) -> str:
    return Template(str(_moves()[key])).substitute({k: str(v) for k, v in values.items()})


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _gap_lines(gaps: tuple[str, ...], score: TurnScore | None) -> str:
    lines = []
    for rule_id in gaps:
        message, hint = "not covered yet.", "ask the candidate about it."
        if score is not None:
            try:
                result = score.rule(rule_id)
                message, hint = result.message, result.probe
            except KeyError:
                pass
        lines.append(_move_text("gap_line", rule=rule_id, message=message, hint=hint))
    return "\n".join(lines)


def _describe_move(request: SpeakRequest) -> str:
    move = request.move
    question = request.question
    if isinstance(move, Ask):
        comp: Competency = move.competency
        values = {"competency": comp.name, "definition": comp.definition.rstrip(".")}
        if move.story == 0:
            key = "ask_first_multi" if len(question.competencies) > 1 else "ask_first_single"
            return _move_text("ask_first", story_clause=_move_text(key, **values))
        return _move_text("ask_next", **values)
    if isinstance(move, Probe):
        return _move_text(
            "probe",
            competency=move.competency.name,
            number=move.number,
            gaps=_gap_lines(move.gaps, request.last_score),
        )
    if isinstance(move, Deepen | ChallengeFit | Redirect):
        values = {"competency": move.competency.name, "definition": move.competency.definition}
        if isinstance(move, Deepen):
            return _move_text("deepen", angle=move.angle.replace("_", " "), **values)
        if isinstance(move, ChallengeFit):
            return _move_text("challenge_fit", shows=move.shows, **values)
        return _move_text(f"redirect_{move.why}", **values)
    answered = sorted({t.story for t in request.history if t.role == "candidate"})
    names = [question.competencies[i].name for i in answered if i < len(question.competencies)]
    return _move_text("wrap_up", covered=_join(names or [c.name for c in question.competencies]))


def _instruction(request: SpeakRequest) -> str:
    """The prompt's last line: what exactly to ask (or how to close), in plain words."""
    plain = OfflineBackend().plain_question(request)
    key = "close_with" if isinstance(request.move, WrapUp) else "end_with"
    return _move_text(key, plain=plain)


def system_prompt(request: SpeakRequest) -> str:
    question: Question = request.question
    competencies = "\n".join(
        f"{i + 1}. {c.name}: {c.definition}" for i, c in enumerate(question.competencies)
    )
    return _system_template().substitute(
        company_clause=f" for {question.company}" if question.company else "",
        role_clause=f" ({question.role} role)" if question.role else "",
        question=question.text,
        competencies=competencies,
        move=_describe_move(request),
        instruction=_instruction(request),
    )


def _as_asked(turn: Turn) -> str:
    """An interviewer turn as the model should see its own past turn. A turn the wording
    guard repaired (the model's words, then "To put it plainly: <question>") becomes just the
    question: a weak model shown its own misfire and the lead imitates both."""
    if not (turn.spoken_by or "").endswith("+offline"):
        return turn.text
    marker = f"\n\n{OfflineBackend().plain_templates.lead} "
    at = turn.text.rfind(marker)
    if at < 0:
        return turn.text
    asked = turn.text[at + len(marker) :].strip()
    return asked[:1].upper() + asked[1:]


def build_messages(request: SpeakRequest) -> list[dict[str, str]]:
    """System message, then the conversation; always ends with the candidate's side."""
    messages = [{"role": "system", "content": system_prompt(request)}]
    for turn in request.history[-MAX_HISTORY_TURNS:]:
        if turn.role == "interviewer":
            if turn.text:
                messages.append({"role": "assistant", "content": _as_asked(turn)})
        else:
            text = turn.text
            if len(text) > MAX_CANDIDATE_CHARS:
                text = text[:MAX_CANDIDATE_CHARS] + " [...]"
            messages.append({"role": "user", "content": delimit_candidate(text)})
    if messages[-1]["role"] != "user":
        messages.append({"role": "user", "content": str(_moves()["ready"])})
    return messages
