"""Time to export a long session, with a long history behind it (the trend).

The long session: three stories, each a main answer and five follow-ups of about 300
words (36 turns, scored by the real scorer), journaled to a temp store beside 50 past
sessions. Measured in-process, after a warm-up, median of 5: ``interviewer export ID
--format md|json|html -o FILE`` (load the journal, score every story of the session and
its history, render, write). Also the cold command (a fresh process) for HTML.
Target: under 1 s each.

    python benchmarks/bench_export.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

TARGET_S = 1.0
ROOT = Path(__file__).resolve().parent.parent

ANSWER = (
    "At my last job our CI pipeline took about 47 minutes and 18% of builds failed on flaky "
    "tests, and no team owned it. I took it on: I measured every test in isolation, "
    "quarantined the worst twenty behind a flag, sharded the suite and added remote caching. "
    "The trade-off was a week away from feature work, which I agreed with my manager because "
    "releases had slowed to one a week. Build time went from 47 to 13 minutes within a "
    "quarter and the pass rate from 82% to 98.5%. In hindsight I would set the targets on "
    "day one. "
)


def make_sessions(store, count: int) -> str:
    from interviewer.models import Ask, Probe, Session, Turn, WrapUp
    from interviewer.questions import bank
    from interviewer.scoring import score_turn

    question = bank().default
    words = (ANSWER * 4).split()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    last = ""
    for n in range(count):
        long_one = n == count - 1
        turns: list[Turn] = []
        for story, competency in enumerate(question.competencies):
            follow_ups = 5 if long_one else 1
            for k in range(follow_ups + 1):
                move = (
                    Ask(story=story, competency=competency)
                    if k == 0
                    else Probe(story=story, competency=competency, gaps=("result",), number=k)
                )
                turns.append(Turn(role="interviewer", text="Tell me more.", story=story, move=move))
                text = " ".join(words[: 300 if long_one else 120])
                turns.append(
                    Turn(
                        role="candidate",
                        text=text,
                        story=story,
                        score=score_turn(text, competency.id),
                    )
                )
        turns.append(Turn(role="interviewer", text="Thanks.", story=2, move=WrapUp()))
        session = Session(
            id=f"{(start + timedelta(days=n)):%Y%m%d-%H%M%S}-{n:06x}",
            question=question,
            backend="offline",
            created_at=start + timedelta(days=n),
            turns=turns,
            finished=True,
        )
        store.create(session).close()
        last = session.id
    return last


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-export-"))
    os.environ["INTERVIEWER_DATA_DIR"] = str(tmp / "data")
    os.environ["INTERVIEWER_CONFIG_DIR"] = str(tmp / "config")
    from interviewer.cli import main as cli
    from interviewer.store import SessionStore

    store = SessionStore(tmp / "data" / "sessions")
    session_id = make_sessions(store, 51)
    size_kb = store.path_for(session_id).stat().st_size / 1024
    for fmt in ("md", "json", "html"):
        times = []
        for i in range(6):
            out = tmp / f"out{i}.{fmt}"
            began = time.perf_counter()
            code = cli(["export", session_id, "--format", fmt, "-o", str(out)])
            times.append(time.perf_counter() - began)
            assert code == 0
        median = statistics.median(times[1:])
        print(
            json.dumps(
                {
                    "metric": f"export a long session as {fmt} (36 turns, 50 past sessions)",
                    "value": round(median, 3),
                    "unit": "s",
                    "target": TARGET_S,
                    "better": "lower",
                    "note": f"journal {size_kb:.0f} KB",
                }
            )
        )
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "interviewer", "export", session_id, "-f", "html", "-o", "-"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    cold = time.perf_counter() - began
    print(
        json.dumps(
            {
                "metric": "export a long session as html, cold command",
                "value": round(cold, 3),
                "unit": "s",
                "target": TARGET_S,
                "better": "lower",
            }
        )
    )


if __name__ == "__main__":
    main()
