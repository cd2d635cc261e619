"""How long the interview engine takes per turn, and a whole headless run.

    python benchmarks/bench_engine.py

- an offline turn: from the candidate's answer to the interviewer's whole reply (scoring the
  turn and the story, planning, wording), journaled to a real session store with fsync;
- the openai backend's own overhead: prompt building, the SDK and the sanitizer, against an
  in-process mock endpoint (respx), i.e. everything but the network and the model;
- `interviewer run` on the sample answers, offline, as a fresh process (Python start-up
  included).

Figures are printed as JSON lines (see run_all.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "transcripts" / "answers.txt"


def report(metric: str, value: float, unit: str, target: float | None, better: str) -> None:
    line = {"metric": metric, "value": round(value, 2), "unit": unit, "target": target}
    line["better"] = better
    print(json.dumps(line))


def answers() -> list[str]:
    from interviewer.cli.run import read_answers

    return read_answers(ANSWERS)


async def offline_turns(rounds: int, root: Path) -> list[float]:
    from interviewer.backends.offline import OfflineBackend
    from interviewer.models import Session
    from interviewer.questions import bank
    from interviewer.session import Interview
    from interviewer.store import SessionStore

    store = SessionStore(root)
    texts = answers()
    timings: list[float] = []
    for n in range(rounds):
        session = Session(id=f"bench-{n}", question=bank().default, backend="offline")
        journal = store.create(session)
        interview = Interview(session, OfflineBackend(), journal=journal)
        async for _ in interview.open():
            pass
        for text in texts:
            if interview.finished:
                break
            began = time.perf_counter()
            async for _ in interview.answer(text):
                pass
            timings.append((time.perf_counter() - began) * 1000)
        journal.close()
    return timings


async def openai_overhead(rounds: int) -> list[float]:
    import httpx
    import respx
    from pydantic import SecretStr

    from interviewer.backends.factory import make_openai_backend
    from interviewer.config import Settings
    from interviewer.models import Session
    from interviewer.questions import bank
    from interviewer.session import Interview

    body = "".join(
        "data: "
        + json.dumps(
            {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "m",
                "choices": [{"index": 0, "delta": {"content": w}, "finish_reason": None}],
            }
        )
        + "\n\n"
        for w in ["Thanks. ", "What ", "was ", "the ", "baseline?"]
    )
    body += (
        'data: {"id":"c","object":"chat.completion.chunk","created":0,"model":"m",'
        '"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
    )
    timings: list[float] = []
    texts = answers()
    with respx.mock:
        respx.post("https://api.openai.com/v1/chat/completions").mock(
            side_effect=lambda request: httpx.Response(
                200, content=body.encode(), headers={"content-type": "text/event-stream"}
            )
        )
        backend = make_openai_backend(Settings(backend="openai", api_key=SecretStr("sk-bench")))
        for n in range(rounds):
            session = Session(id=f"ai-{n}", question=bank().default, backend="openai")
            interview = Interview(session, backend)
            async for _ in interview.open():
                pass
            for text in texts:
                if interview.finished:
                    break
                began = time.perf_counter()
                async for _ in interview.answer(text):
                    pass
                timings.append((time.perf_counter() - began) * 1000)
        await backend.aclose()
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        offline = asyncio.run(offline_turns(20, Path(scratch) / "sessions"))
    report(
        "offline turn (score, journal, plan, word), median",
        statistics.median(offline),
        "ms",
        50,
        "lower",
    )
    report("offline turn, p95", p95(offline), "ms", 100, "lower")
    overhead = asyncio.run(openai_overhead(10))
    report(
        "openai turn against a mock endpoint, median",
        statistics.median(overhead),
        "ms",
        100,
        "lower",
    )
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "INTERVIEWER_DATA_DIR": scratch, "INTERVIEWER_CONFIG_DIR": scratch}
        env.pop("OPENAI_API_KEY", None)
        began = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "interviewer",
                "run",
                "--backend",
                "offline",
                "--answers",
                str(ANSWERS),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        report(
            "interviewer run, whole sample session, offline",
            time.perf_counter() - began,
            "s",
            3,
            "lower",
        )


if __name__ == "__main__":
    main()
