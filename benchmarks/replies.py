"""How often the reply classifier misreads a real answer, measured on the labelled corpus.

    python benchmarks/replies.py [--json]

Every corpus answer is a real attempt at an answer, so any other reading is a false
positive:

- main: each answer as the main answer of a first story (nothing told before);
- reused: each answer as the main answer after one earlier story that is another answer of
  the same chunk (the same world of work, so the most alike stories there are); it is
  never the same story, so REUSED_STORY is a false positive;
- probe: each answer cut in two at a sentence boundary, its second half as the reply to a
  follow-up after its first half; the same story going on, so anything but ANSWER (above
  all NEW_STORY) is a false positive.

And how often the classifier sees what it should (recall, for a sense of scale):

- retold: each answer lightly reworded (a sentence in three dropped, some words swapped
  for synonyms, a spoken opening) after the original as the earlier story: REUSED_STORY;
- switched: another chunk's answer as the reply to a follow-up on this one: NEW_STORY
  (only those that open with a scene-setting line can be seen without a cue).

Also the time per reply (the scorer's share included, as the planner would pay it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.scoring.replies import ReplyKind, read_reply  # noqa: E402

CORPUS = ROOT / "corpus" / "answers.jsonl"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

SYNONYMS = {
    "fixed": "repaired",
    "built": "put together",
    "team": "group",
    "manager": "boss",
    "customers": "clients",
    "customer": "client",
    "because": "since",
    "decided": "chose",
    "noticed": "saw",
    "started": "began",
    "problem": "issue",
    "quickly": "fast",
    "asked": "requested",
    "wrote": "drafted",
    "called": "phoned",
    "week": "seven days",
    "big": "large",
    "about": "around",
}
_SWAP = re.compile(r"\b(" + "|".join(SYNONYMS) + r")\b")


def answers() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def halves(text: str) -> tuple[str, str] | None:
    """The answer cut at its middle sentence boundary, or None for one sentence."""
    parts = sentences(text)
    if len(parts) < 2:
        return None
    middle = len(parts) // 2
    return " ".join(parts[:middle]), " ".join(parts[middle:])


def reword(text: str) -> str:
    """The same story told again, a little differently: deterministic."""
    parts = sentences(text)
    kept = [s for i, s in enumerate(parts) if i % 3 != 2 or len(parts) < 3]
    body = _SWAP.sub(lambda m: SYNONYMS[m.group(1)], " ".join(kept))
    return "So, um, the example I'd give here: " + body


def _rate(found: Counter[str], total: int, wrong: set[str]) -> float:
    return sum(n for kind, n in found.items() if kind in wrong) / total if total else 0.0


def measure() -> dict[str, Any]:
    rows = answers()
    not_answer = {k.value for k in ReplyKind} - {ReplyKind.ANSWER.value}
    report: dict[str, Any] = {"answers": len(rows)}

    main: Counter[str] = Counter()
    main_ids: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        kind = read_reply(row["text"], competency=row["asked"]).kind
        main[kind.value] += 1
        if kind != ReplyKind.ANSWER:
            main_ids[kind.value].append(row["id"])
    report["main"] = {
        "false_positive_rate": _rate(main, len(rows), not_answer),
        "kinds": dict(main),
        "ids": dict(main_ids),
    }

    by_chunk: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_chunk[row["chunk"]].append(row)
    reused: Counter[str] = Counter()
    reused_ids: list[tuple[str, str]] = []
    pairs = 0
    for chunk in by_chunk.values():
        for row in chunk:
            for other in chunk:
                if other is row:
                    continue
                pairs += 1
                reading = read_reply(row["text"], earlier_stories=[[other["text"]]])
                reused[reading.kind.value] += 1
                if reading.kind == ReplyKind.REUSED_STORY:
                    reused_ids.append((row["id"], other["id"]))
    report["reused"] = {
        "pairs": pairs,
        "false_positive_rate": _rate(reused, pairs, {ReplyKind.REUSED_STORY.value}),
        "kinds": dict(reused),
        "pairs_read_as_reused": reused_ids[:20],
    }

    probe: Counter[str] = Counter()
    probe_ids: dict[str, list[str]] = defaultdict(list)
    cut = 0
    for row in rows:
        split = halves(row["text"])
        if split is None:
            continue
        cut += 1
        reading = read_reply(split[1], story_so_far=[split[0]], probing=True)
        probe[reading.kind.value] += 1
        if reading.kind != ReplyKind.ANSWER:
            probe_ids[reading.kind.value].append(row["id"])
    report["probe"] = {
        "replies": cut,
        "false_positive_rate": _rate(probe, cut, not_answer),
        "new_story_rate": _rate(probe, cut, {ReplyKind.NEW_STORY.value}),
        "kinds": dict(probe),
        "ids": dict(probe_ids),
    }

    retold = sum(
        read_reply(reword(row["text"]), earlier_stories=[[row["text"]]]).kind
        == ReplyKind.REUSED_STORY
        for row in rows
    )
    report["retold_recall"] = retold / len(rows)

    chunks = list(by_chunk)
    switched = total = 0
    for n, chunk in enumerate(chunks):
        others = by_chunk[chunks[(n + 1) % len(chunks)]]
        for i, row in enumerate(by_chunk[chunk]):
            other = others[i % len(others)]
            total += 1
            reading = read_reply(other["text"], story_so_far=[row["text"]], probing=True)
            switched += reading.kind == ReplyKind.NEW_STORY
    report["switched_recall"] = switched / total

    texts = [row["text"] for row in rows]
    start = time.perf_counter()
    for text in texts:
        read_reply(text, earlier_stories=[[texts[0]], [texts[1]]])
    report["ms_per_reply"] = (time.perf_counter() - start) * 1000 / len(texts)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    report = measure()
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    main_, reused, probe = report["main"], report["reused"], report["probe"]
    print(f"answers: {report['answers']}")
    print(
        f"main answer read as other than ANSWER: {main_['false_positive_rate']:.2%} {main_['ids']}"
    )
    print(
        f"another story of the same chunk read as REUSED_STORY: "
        f"{reused['false_positive_rate']:.2%} of {reused['pairs']} pairs"
    )
    print(
        f"second half after a follow-up read as other than ANSWER: "
        f"{probe['false_positive_rate']:.2%} (NEW_STORY {probe['new_story_rate']:.2%}) "
        f"{probe['ids']}"
    )
    print(f"lightly reworded retelling read as REUSED_STORY: {report['retold_recall']:.2%}")
    switched = report["switched_recall"]
    print(f"another chunk's story after a follow-up read as NEW_STORY: {switched:.2%}")
    print(f"time per reply (scorer included): {report['ms_per_reply']:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
