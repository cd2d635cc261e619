"""The interview room's speed: launch to first question, and streaming a long reply.

    python benchmarks/bench_tui.py            # both, JSON lines at the end
    python benchmarks/bench_tui.py --runs 9   # more launches for the median

1. Launch to first question (target < 1 s). Measured end to end, as a person sees it: a
   fresh ``python -m interviewer --question amazon-lp-three-stories --backend offline``
   runs in a pseudo-terminal (100x30) with empty user directories, and the clock stops
   when the terminal output contains the interviewer's first turn (its "Interviewer"
   label and the question's word "Describe"). Python start-up, imports, the question bank,
   the store, the first screen and the first frame are all inside the figure.

2. Streaming a 2,000-token reply at 500 tokens/s (ideal: 4.0 s). In-process with
   ``App.run_test`` (headless, 100x30): a fake backend yields one token every 2 ms on a
   fixed schedule. Reported: how long the reply took to be on screen against the ideal 4 s,
   how many times the reply was redrawn (the widget batches chunks into <= 30 redraws a
   second), the event loop's worst lag, and how long a key press takes to be handled while
   the reply streams (keys typed into the answer box every 100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import re
import select
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUESTION = "amazon-lp-three-stories"
_ANSI = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?"
)

TOKENS = 2000
TOKENS_PER_SECOND = 500


# --------------------------------------------------------------------------- launch


def launch_once(home: Path, timeout: float = 10.0) -> float:
    env = dict(os.environ)
    env.update(
        {
            "INTERVIEWER_CONFIG_DIR": str(home / "config"),
            "INTERVIEWER_DATA_DIR": str(home / "data"),
            "TERM": "xterm-256color",
            "COLUMNS": "100",
            "LINES": "30",
        }
    )
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "interviewer", "--question", QUESTION, "--backend", "offline"]
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.chdir(ROOT)
        os.execve(sys.executable, argv, env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            seen += data
            plain = _ANSI.sub(b"", seen)
            if b"Interviewer" in plain and b"Describe" in plain:
                elapsed = time.perf_counter() - start
                break
    finally:
        os.kill(pid, signal.SIGTERM)
        deadline = time.perf_counter() + 3
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                while select.select([fd], [], [], 0.01)[0] and os.read(fd, 65536):
                    pass
            except OSError:
                pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    if elapsed != elapsed:  # NaN
        tail = _ANSI.sub(b"", seen)[-300:].decode("utf-8", "replace")
        raise SystemExit(f"bench_tui: the first question never appeared; output ended: {tail!r}")
    return elapsed


def measure_launch(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as home:
            times.append(launch_once(Path(home)))
    return times


# --------------------------------------------------------------------------- streaming


class PacedBackend:
    """Yields ``TOKENS`` one-word tokens at ``TOKENS_PER_SECOND`` on a fixed schedule."""

    name = "paced"
    description = "paced fake interviewer"
    model = None

    async def aclose(self) -> None:
        """Nothing to release."""

    def __init__(self) -> None:
        self.first_token_at: float | None = None
        self.last_token_at: float | None = None

    async def speak(self, request: object) -> AsyncIterator[str]:
        start = time.perf_counter()
        self.first_token_at = start
        for index in range(TOKENS):
            due = start + index / TOKENS_PER_SECOND
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            yield f"word{index % 97} "
        self.last_token_at = time.perf_counter()


async def measure_stream() -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from textual import events
    from tui_support import make_app

    from interviewer.tui.widgets.answer_box import AnswerBox
    from interviewer.tui.widgets.conversation import Utterance

    backend = PacedBackend()
    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as tmp:
        app = make_app(Path(tmp), backend, begin_now=True)  # type: ignore[arg-type]
        lags: list[float] = []
        presses: list[float] = []
        async with app.run_test(size=(100, 30)):
            while backend.first_token_at is None:
                await asyncio.sleep(0.001)

            async def watch_loop() -> None:
                while backend.last_token_at is None:
                    before = time.perf_counter()
                    await asyncio.sleep(0.01)
                    lags.append(time.perf_counter() - before - 0.01)

            watcher = asyncio.create_task(watch_loop())
            box = app.screen.query_one(AnswerBox)
            while backend.last_token_at is None:
                await asyncio.sleep(0.1)
                # A key as the terminal driver delivers it; the clock stops when the
                # answer box has it.
                length = len(box.text)
                before = time.perf_counter()
                app.post_message(events.Key("x", "x"))
                while len(box.text) == length and time.perf_counter() - before < 2:
                    await asyncio.sleep(0.0005)
                presses.append(time.perf_counter() - before)
            await app.workers.wait_for_complete()
            shown_at = time.perf_counter()
            await watcher
            utterance = app.screen.query_one(Utterance)
            words = len(utterance.text.split())
            typed = len(box.text)
    assert backend.first_token_at is not None
    assert backend.last_token_at is not None
    return {
        "total": shown_at - backend.first_token_at,
        "frames": utterance.frames,
        "words": words,
        "lag_max": max(lags),
        "press_median": statistics.median(presses),
        "press_max": max(presses),
        "typed": typed,
        "presses": len(presses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="launches to time (default 5)")
    args = parser.parse_args()

    launches = measure_launch(args.runs)
    median = statistics.median(launches)
    print(
        f"launch to first question: median {median:.3f} s, best {min(launches):.3f} s, "
        f"worst {max(launches):.3f} s over {len(launches)} runs"
    )
    stream = asyncio.run(measure_stream())
    ideal = TOKENS / TOKENS_PER_SECOND
    print(
        f"2,000 tokens at 500/s: on screen after {stream['total']:.2f} s (ideal {ideal:.1f} s), "
        f"{stream['frames']:.0f} redraws, event loop lag max {stream['lag_max'] * 1000:.1f} ms, "
        f"key press handled in median {stream['press_median'] * 1000:.1f} ms / max "
        f"{stream['press_max'] * 1000:.1f} ms ({stream['typed']:.0f} of "
        f"{stream['presses']:.0f} keys landed)"
    )
    rows = [
        ("launch to first interviewer question (median, pty)", median, "s", 1.0),
        ("2,000-token reply at 500 tok/s: time on screen", stream["total"], "s", ideal * 1.1),
        ("2,000-token reply: redraws of the reply", stream["frames"], "frames", None),
        ("key press handled during the stream (max)", stream["press_max"] * 1000, "ms", 100),
    ]
    for metric, value, unit, target in rows:
        print(
            json.dumps(
                {
                    "metric": metric,
                    "value": round(value, 3),
                    "unit": unit,
                    "target": target,
                    "better": "lower",
                }
            )
        )


if __name__ == "__main__":
    main()
