"""Memory (RSS) of a process that has just held a three-story offline interview.

A fresh Python process runs ``interviewer run --backend offline`` in-process on
``benchmarks/data/three_stories.txt`` (three stories, one follow-up answer), with its user
directories in a temp folder, then reports its resident set size. Target: under 120 MB.

    python benchmarks/bench_memory.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANSWERS = HERE / "data" / "three_stories.txt"
TARGET_MB = 120

CHILD = r"""
import contextlib, json, os, resource, sys

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

before = rss_mb()
from interviewer.cli import main
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    code = main(["run", "--backend", "offline", "--answers", sys.argv[1]])
after = rss_mb()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sessions = os.path.join(os.environ["INTERVIEWER_DATA_DIR"], "sessions")
saved = sum(len(files) for _, _, files in os.walk(sessions)) if os.path.isdir(sessions) else 0
print(json.dumps({"code": code, "before": before, "after": after, "peak": peak, "saved": saved}))
"""


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as home:
        env = dict(os.environ)
        env["INTERVIEWER_CONFIG_DIR"] = str(Path(home) / "config")
        env["INTERVIEWER_DATA_DIR"] = str(Path(home) / "data")
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            env.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(ANSWERS)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if done.returncode != 0 or not done.stdout.strip():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"bench_memory: the session process failed: {tail}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0 or not result["saved"]:
        raise SystemExit(f"bench_memory: the session did not complete and save: {result}")
    return result


def main() -> None:
    result = measure()
    print(
        f"RSS before import {result['before']:.1f} MB, after the session "
        f"{result['after']:.1f} MB, peak {result['peak']:.1f} MB"
    )
    print(
        json.dumps(
            {
                "metric": "memory after a three-story session (RSS)",
                "value": round(result["after"], 1),
                "unit": "MB",
                "target": TARGET_MB,
                "better": "lower",
            }
        )
    )
    print(
        json.dumps(
            {
                "metric": "peak memory during that session (max RSS)",
                "value": round(result["peak"], 1),
                "unit": "MB",
                "target": TARGET_MB,
                "better": "lower",
            }
        )
    )


if __name__ == "__main__":
    main()
