"""Helpers for respx tests of the OpenAI-compatible backend: SSE bodies and requests."""

from __future__ import annotations

import json
from typing import Any

import httpx

from interviewer.backends.base import SpeakRequest
from interviewer.models import Ask, Competency, Probe, Question, RuleResult, Turn, TurnScore

OFFICIAL = "https://api.openai.com/v1/chat/completions"
LOCAL = "http://127.0.0.1:8088/v1/chat/completions"

COMPETENCIES = (
    Competency(id="ownership", name="Ownership", definition="Acting on behalf of the company."),
    Competency(id="bias_for_action", name="Bias for Action", definition="Speed matters."),
)
QUESTION = Question(
    id="test-question",
    title="Test",
    company="Amazon",
    role="Software Engineer",
    text="Describe two experiences that show Ownership and Bias for Action.",
    competencies=COMPETENCIES,
)


def chunk(content: str | None = None, finish: str | None = None, role: str | None = None) -> str:
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    body = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


def sse(*pieces: str, finish: bool = True, done: bool = True) -> httpx.Response:
    """A streamed reply of ``pieces``; without ``finish``/``done`` it is cut off."""
    body = chunk(role="assistant", content="")
    body += "".join(chunk(content=p) for p in pieces)
    if finish:
        body += chunk(finish="stop")
    if done:
        body += "data: [DONE]\n\n"
    return httpx.Response(200, content=body.encode(), headers={"content-type": "text/event-stream"})


def raw_sse(body: str) -> httpx.Response:
    return httpx.Response(200, content=body.encode(), headers={"content-type": "text/event-stream"})


def completion(text: str) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "id": "chatcmpl-2",
            "object": "chat.completion",
            "created": 0,
            "model": "test-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
        },
    )


def error(status: int, message: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        json={"error": {"message": message, "type": "invalid_request_error", "code": None}},
        headers=headers or {},
    )


def _rule(rule_id: str, passed: bool) -> RuleResult:
    return RuleResult(
        id=rule_id,
        passed=passed,
        weight=10,
        message=f"{rule_id} message.",
        probe=f"Ask for the {rule_id}.",
    )


def probe_request(answer: str) -> SpeakRequest:
    """A follow-up about the baseline, after ``answer``."""
    score = TurnScore(
        competency="ownership",
        rules=(_rule("result_quantified", True), _rule("result_baseline", False)),
        score=60,
        rating=3,
        word_count=len(answer.split()),
        speaking_seconds=10.0,
    )
    move = Probe(story=0, competency=COMPETENCIES[0], gaps=("result_baseline",), number=1)
    history = (
        Turn(
            role="interviewer",
            text="Tell me about Ownership.",
            story=0,
            move=Ask(story=0, competency=COMPETENCIES[0]),
        ),
        Turn(role="candidate", text=answer, story=0, score=score),
    )
    return SpeakRequest(
        move=move, question=QUESTION, history=history, last_answer=answer, last_score=score
    )


def ask_request() -> SpeakRequest:
    return SpeakRequest(
        move=Ask(story=0, competency=COMPETENCIES[0]), question=QUESTION, history=()
    )


class Sleeps:
    """A stand-in for asyncio.sleep that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
