"""What the scorer's per-answer budget is spent on before any rule runs.

    python benchmarks/bench_scorer_floor.py [--answers N]

5,000 answers/s leaves 200 us per answer for everything: reading the JSON line, scoring,
writing the result. This times, on the same 150-300 word answers as bench_scorer.py, the
steps no design of the rules can skip in CPython (the JSON round trip, one fold to lower
case, one pass of the regex engine to split the words, one to find sentence ends, one Python
loop over the words) against the whole of `grade_turn`, so the gap between the target and
the floor is measured rather than guessed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scorer import answers  # noqa: E402

from interviewer.scoring import grade_turn  # noqa: E402
from interviewer.scoring.lexicon import fold  # noqa: E402

BUDGET_US = 1e6 / 5000
T = TypeVar("T")
_WORDS = re.compile(r"(\w+)")
_ENDS = re.compile(r"[.!?]+(?=[\s\"'”’)\]]|$)[\"'”’)\]]*|\n")


def per_answer(texts: list[T], step: Callable[[T], object], rounds: int = 3) -> float:
    """Best of ``rounds`` mean microseconds per answer for ``step``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            step(text)
        best = min(best, (time.perf_counter() - start) / len(texts))
    return best * 1e6


def json_round_trip(text: str) -> object:
    item = json.loads(json.dumps({"id": 1, "text": text, "competency": "ownership"}))
    record = {
        "id": item["id"],
        "score": 80,
        "rating": 4,
        "rules": dict.fromkeys("abcdefghijkl", True),
    }
    return json.dumps(record)


def word_loop(words: list[str]) -> int:
    """The cheapest useful loop: one dict lookup per word (a per-word memo, as the cue scan has)."""
    seen: dict[str, int] = {}
    for word in words:
        seen[word] = seen.get(word, 0) + 1
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=2000)
    args = parser.parse_args()
    texts = answers(args.answers)
    grade_turn(texts[0])  # load and compile the lexicon outside the timings
    low = [fold(text) for text in texts]
    steps = {
        "JSON line in and out": per_answer(texts, json_round_trip),
        "fold to lower case": per_answer(texts, fold),
        "split into words (one regex pass)": per_answer(low, _WORDS.split),
        "find sentence ends (one regex pass)": per_answer(low, lambda t: _ENDS.findall(t)),
    }
    words = [_WORDS.split(text)[1::2] for text in low]
    steps["one Python loop over the words"] = per_answer(words, word_loop)
    whole = per_answer(texts, lambda t: grade_turn(t, "ownership"))
    floor = sum(steps.values())
    print(f"budget at 5,000 answers/s: {BUDGET_US:.0f} us per answer")
    for name, micros in steps.items():
        print(f"  {name:38s} {micros:6.1f} us  ({micros / BUDGET_US:4.0%} of the budget)")
    print(f"  {'floor (the steps above)':38s} {floor:6.1f} us  ({floor / BUDGET_US:4.0%})")
    print(f"  {'grade_turn, all rules':38s} {whole:6.1f} us  ({whole / BUDGET_US:4.0%})")
    print(
        json.dumps(
            {
                "metric": "scorer floor per answer (JSON, fold, split, one loop)",
                "value": round(floor),
                "unit": "us",
            }
        )
    )


if __name__ == "__main__":
    main()
