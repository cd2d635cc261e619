"""Scorer speed: `interviewer score --jsonl` throughput, per-answer latency, big answers.

    python benchmarks/bench_scorer.py [--answers N]

Answers are 150-300 words, stitched deterministically from the sentences of the labelled
dev set and the seed's examples. Throughput runs the real batch path (JSON in, JSON out) in
this one process; latency times `score_turn` alone. Big answers (0.25, 0.5, 1 MB) show
whether time grows linearly with size.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.cli.score import _batch  # noqa: E402
from interviewer.scoring import score_turn  # noqa: E402

DATA = ROOT / "tests" / "data"


def sentences() -> list[str]:
    texts = [json.loads(line)["text"] for line in (DATA / "labelled_answers.jsonl").open()]
    found: list[str] = []
    for text in texts:
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.split()) > 3]
    return found


def answers(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    pool = sentences()
    out: list[str] = []
    for _ in range(count):
        target = rng.randint(150, 300)
        parts: list[str] = []
        words = 0
        while words < target:
            sentence = rng.choice(pool)
            parts.append(sentence)
            words += len(sentence.split())
        out.append(" ".join(parts))
    return out


def throughput(texts: list[str]) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": i, "text": text, "competency": "ownership"}) + "\n")
        path = handle.name
    sink = io.StringIO()
    start = time.perf_counter()
    _batch(path, sink)
    elapsed = time.perf_counter() - start
    Path(path).unlink()
    assert sink.getvalue().count("\n") == len(texts)
    return len(texts) / elapsed


def latency(texts: list[str]) -> tuple[float, float]:
    samples: list[float] = []
    for text in texts:
        start = time.perf_counter()
        score_turn(text)
        samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def big(size: int, pool: list[str]) -> float:
    text = " ".join(pool)
    text = (text + " ") * (size // len(text) + 1)
    text = text[:size]
    start = time.perf_counter()
    score_turn(text)
    return time.perf_counter() - start


# Shapes that once made scoring grow with the square of the size: one endless sentence of
# "I ..., and" clauses, a long run of spaces after a verb, comma lists after "able to".
ADVERSARIAL = {
    "one endless sentence of 'I ..., and' clauses": "I fixed it, and ",
    "a verb, then a long run of spaces": None,
    "'we ..., then' clauses": "We shipped it, then we tested it, ",
    "comma lists after 'able to'": (
        "I was able to script the setup, disk encryption, printer mappings, "
    ),
    "labels on every line": "Task: Deadline was two weeks away.\nAction: Find a fix.\n",
}


def adversarial(shape: str | None, size: int) -> str:
    if shape is None:
        return "I fixed it" + " " * size + "."
    return (shape * (size // len(shape) + 1))[:size]


def worst_ratio() -> tuple[str, float]:
    """The largest 1 MB / 0.25 MB time ratio over the adversarial shapes (4 = linear)."""
    worst = ("", 0.0)
    for name, shape in ADVERSARIAL.items():
        times = []
        for size in (250_000, 1_000_000):
            text = adversarial(shape, size)
            start = time.perf_counter()
            score_turn(text)
            times.append(time.perf_counter() - start)
        ratio = times[1] / times[0]
        print(f"adversarial, {name}: 0.25 MB {times[0]:.2f} s, 1 MB {times[1]:.2f} s ({ratio:.1f})")
        worst = max(worst, (name, ratio), key=lambda item: item[1])
    return worst


_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[2])
from interviewer.cli import main
start = time.perf_counter()
code = main(["score", "--jsonl", sys.argv[1]])
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, code)
"""


def five_mb(pool: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `interviewer score --jsonl` on one 5 MB answer, in a fresh
    process (so the peak is this answer's, not the benchmark's)."""
    import subprocess

    text = " ".join(pool)
    text = ((text + " ") * (5_000_000 // len(text) + 1))[:5_000_000]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write(json.dumps({"id": 1, "text": text, "competency": "ownership"}) + "\n")
        path = handle.name
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, path, str(ROOT)], capture_output=True, text=True, check=True
    )
    Path(path).unlink()
    seconds, rss, _code = done.stdout.split()[-3:]
    return float(seconds), float(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=5000)
    args = parser.parse_args()
    texts = answers(args.answers)
    words = [len(t.split()) for t in texts]
    score_turn(texts[0])  # load and compile the lexicon outside the timings
    mean = statistics.mean(words)
    print(f"answers: {len(texts)}, words {min(words)}-{max(words)} (mean {mean:.0f})")
    rate = throughput(texts)
    print(f"--jsonl throughput: {rate:,.0f} answers/s")
    p50, p99 = latency(texts[:2000])
    print(f"score_turn latency: p50 {p50 * 1e6:.0f} us, p99 {p99 * 1e6:.0f} us")
    pool = sentences()
    times = {size: big(size, pool) for size in (250_000, 500_000, 1_000_000)}
    for size, seconds in times.items():
        print(f"{size / 1e6:.2f} MB answer: {seconds:.2f} s")
    ratio = times[1_000_000] / times[250_000]
    print(f"1 MB / 0.25 MB time ratio: {ratio:.1f} (4.0 = linear)")
    worst_name, worst = worst_ratio()
    big_seconds, big_rss = five_mb(pool)
    print(f"5 MB answer, score --jsonl in a fresh process: {big_seconds:.2f} s, {big_rss:.0f} MB")
    # One JSON line per figure, for benchmarks/run_all.py.
    for figure in (
        {
            "metric": "scorer throughput (--jsonl, 150-300 word answers)",
            "value": round(rate),
            "unit": "answers/s",
            "target": 1000,
            "better": "higher",
        },
        {"metric": "scorer latency per answer, p50", "value": round(p50 * 1e3, 3), "unit": "ms"},
        {"metric": "scorer latency per answer, p99", "value": round(p99 * 1e3, 3), "unit": "ms"},
        {
            "metric": "1 MB answer time / 0.25 MB (4 = linear)",
            "value": round(ratio, 2),
            "unit": "x",
        },
        {"metric": "5 MB answer, score --jsonl: time", "value": round(big_seconds, 2), "unit": "s"},
        {
            "metric": "5 MB answer, score --jsonl: peak memory (RSS)",
            "value": round(big_rss),
            "unit": "MB",
            "target": 120,
            "better": "lower",
        },
        {
            "metric": "the same on adversarial shapes, worst (4 = linear)",
            "value": round(worst, 2),
            "unit": "x",
            "note": worst_name,
        },
    ):
        print(json.dumps(figure))


if __name__ == "__main__":
    main()
