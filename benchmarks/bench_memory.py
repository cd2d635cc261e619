"""Memory (RSS) of a process that has just held a three-story offline interview.

Two fresh Python processes, each with its user directories in a temp folder:

- headless: ``interviewer run --backend offline`` in-process on
  ``benchmarks/data/three_stories.txt`` (three stories, one of them probed);
- interview room: the Textual app, driven headless by its Pilot through a whole session
  (three stories, the first one probed), measured while the app is still open on the
  scorecard.

Each reports its resident set size at the end (``VmRSS``) and its peak (``VmHWM``).
Target: under 120 MB.

    python benchmarks/bench_memory.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ANSWERS = HERE / "data" / "three_stories.txt"
TARGET_MB = 120

MEASURE = r"""
import json, os, resource

def status_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def rss_mb():
    return status_mb("VmRSS")

def saved_files():
    sessions = os.path.join(os.environ["INTERVIEWER_DATA_DIR"], "sessions")
    return sum(len(f) for _, _, f in os.walk(sessions)) if os.path.isdir(sessions) else 0
"""

CHILD = (
    MEASURE
    + r"""
import contextlib, sys

before = rss_mb()
from interviewer.cli import main
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    code = main(["run", "--backend", "offline", "--answers", sys.argv[1]])
after = rss_mb()
peak = status_mb("VmHWM")
result = {"code": code, "before": before, "after": after, "peak": peak}
print(json.dumps(result | {"saved": saved_files()}))
"""
)

TUI_CHILD = (
    MEASURE
    + r"""
import asyncio, sys, tempfile
from pathlib import Path

sys.path.insert(0, sys.argv[2])  # tests/: the Pilot helpers the interview-room tests use
before = rss_mb()
from tui_support import finish_interview, make_app, settle

async def main():
    app = make_app(Path(tempfile.mkdtemp()), begin_now=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await finish_interview(pilot)
        await pilot.press("ctrl+s")  # on to the scorecard
        await settle(pilot)
        return rss_mb(), type(app.screen).__name__

after, screen = asyncio.run(main())
peak = status_mb("VmHWM")
result = {"code": 0, "before": before, "after": after, "peak": peak, "saved": 1}
print(json.dumps(result | {"screen": screen}))
"""
)


def measure(child: str, *args: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as home:
        env = dict(os.environ)
        env["INTERVIEWER_CONFIG_DIR"] = str(Path(home) / "config")
        env["INTERVIEWER_DATA_DIR"] = str(Path(home) / "data")
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            env.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-c", child, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if done.returncode != 0 or not done.stdout.strip():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"bench_memory: the session process failed: {tail}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    on_scorecard = result.get("screen", "ScorecardScreen") == "ScorecardScreen"
    if result["code"] != 0 or not result["saved"] or not on_scorecard:
        raise SystemExit(f"bench_memory: the session did not complete and save: {result}")
    return result


def report(label: str, result: dict[str, Any]) -> None:
    print(
        f"{label}: RSS before import {result['before']:.1f} MB, at the end "
        f"{result['after']:.1f} MB, peak {result['peak']:.1f} MB"
    )
    for metric, value in (
        (f"memory after a three-story session, {label} (RSS)", result["after"]),
        (f"peak memory during that session, {label}", result["peak"]),
    ):
        print(
            json.dumps(
                {
                    "metric": metric,
                    "value": round(value, 1),
                    "unit": "MB",
                    "target": TARGET_MB,
                    "better": "lower",
                }
            )
        )


def main() -> None:
    report("headless run", measure(CHILD, str(ANSWERS)))
    report("interview room", measure(TUI_CHILD, "", str(HERE.parent / "tests")))


if __name__ == "__main__":
    main()
