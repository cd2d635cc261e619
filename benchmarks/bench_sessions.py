"""Time of ``interviewer sessions`` over a store of 30 finished sessions.

Each session is recorded the way the room records it: the engine (``Interview``) with the
offline interviewer journals every turn to a real store, three stories, each a main answer
of about 120 words and its follow-ups (two probes at most). Measured: ``interviewer
sessions --json`` in-process after a warm-up (median of 5), and the cold command in a
fresh process. The command lists every session with its overall score, so any scoring it
does shows up here directly.

    python benchmarks/bench_sessions.py            # 30 sessions
    python benchmarks/bench_sessions.py --count 60
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.5

MAIN = (
    "At my last job our CI pipeline took about 47 minutes and no team owned it. I took it "
    "on: I measured every test in isolation, quarantined the worst twenty behind a flag, "
    "sharded the suite and added remote caching. The trade-off was a week away from "
    "feature work, which I agreed with my manager because releases had slowed to one a "
    "week. Build time went from 47 to 13 minutes within a quarter. In hindsight I would "
    "set the targets on day one, and I would bring the other teams in sooner so they "
    "could help me decide which tests to quarantine first."
)
FOLLOW_UP = (
    "The pass rate went from 82% to 98.5% over the same six weeks, and I wrote the "
    "runbook myself so the next on-call engineer could keep it there."
)


async def _record(store, session_id: str, at: datetime) -> None:
    from interviewer.backends.offline import OfflineBackend
    from interviewer.models import Session
    from interviewer.questions import bank
    from interviewer.session import Interview

    question = bank().get("amazon-lp-three-stories")
    session = Session(
        id=session_id, question=question, backend="offline", max_probes=2, created_at=at
    )
    journal = store.create(session)
    interview = Interview(session, OfflineBackend(), journal=journal)
    async for _ in interview.open():
        pass
    while not interview.finished:
        text = FOLLOW_UP if interview.follow_up else MAIN
        async for _ in interview.answer(text):
            pass
    journal.close()


def make_store(root: Path, count: int):
    from interviewer.store import SessionStore

    store = SessionStore(root)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(count):
        at = start + timedelta(days=n)
        asyncio.run(_record(store, f"{at:%Y%m%d-%H%M%S}-{n:06x}", at))
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30)
    count = parser.parse_args().count

    tmp = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    os.environ["INTERVIEWER_DATA_DIR"] = str(tmp / "data")
    os.environ["INTERVIEWER_CONFIG_DIR"] = str(tmp / "config")
    from interviewer.cli import main as cli

    store = make_store(tmp / "data" / "sessions", count)
    argv = ["sessions", "--json", "--sessions-dir", str(store.root)]
    times = []
    for _ in range(6):
        out = io.StringIO()
        began = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = cli(argv)
        times.append(time.perf_counter() - began)
        assert code == 0
    rows = json.loads(out.getvalue())
    assert len(rows) == count, rows[:1]
    assert all("score" in row for row in rows), rows[:1]
    print(
        json.dumps(
            {
                "metric": f"interviewer sessions over {count} sessions, in-process",
                "value": round(statistics.median(times[1:]), 3),
                "unit": "s",
                "target": TARGET_S,
                "better": "lower",
                "note": f"scores {sorted({row['score'] for row in rows})}",
            }
        )
    )
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "interviewer", *argv],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        json.dumps(
            {
                "metric": f"interviewer sessions over {count} sessions, cold command",
                "value": round(time.perf_counter() - began, 3),
                "unit": "s",
                "target": 1.0,
                "better": "lower",
            }
        )
    )


if __name__ == "__main__":
    main()
