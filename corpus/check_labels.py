"""Check one labeller's file against the answers it labels (stdlib only), and the one
place that names the corpus's label keys (``RULES``) for the corpus tools and the benchmark.

    python corpus/check_labels.py TASK.jsonl LABELS.jsonl

Prints the number of rows and every problem: a missing or extra id, a missing rule, a
grade outside 1-5, an unknown principle, or evidence that is not an exact quote.
Exits 1 when there is a problem.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RULES = (
    "situation",
    "task",
    "action",
    "result",
    "result_quantified",
    "result_baseline",
    "result_timeframe",
    "learning",
    "tradeoff",
    "first_person",
    "fit",
)
PRINCIPLES = {
    "customer_obsession",
    "ownership",
    "invent_and_simplify",
    "are_right_a_lot",
    "learn_and_be_curious",
    "hire_and_develop_the_best",
    "insist_on_the_highest_standards",
    "think_big",
    "bias_for_action",
    "frugality",
    "earn_trust",
    "dive_deep",
    "have_backbone_disagree_and_commit",
    "deliver_results",
    "strive_to_be_earths_best_employer",
    "success_and_scale_bring_broad_responsibility",
    "none",
}


def read_jsonl(path: str | Path) -> list[dict]:
    """The JSON objects of a JSON Lines file, blank lines skipped."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def problems(task_path: str, labels_path: str) -> tuple[int, list[str]]:
    answers = read_jsonl(task_path)
    texts = {a["id"]: a["text"] for a in answers}
    found: list[str] = []
    rows = []
    with open(labels_path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                found.append(f"line {number}: not JSON ({exc})")
    ids = [r.get("id") for r in rows]
    if ids != [a["id"] for a in answers]:
        missing = [i for i in texts if i not in ids]
        extra = [i for i in ids if i not in texts]
        found.append(f"ids differ from the task: missing {missing}, extra {extra}")
    for row in rows:
        rid = row.get("id")
        text = texts.get(rid, "")
        labels = row.get("labels", {})
        for rule in RULES:
            label = labels.get(rule)
            if not isinstance(label, dict) or not isinstance(label.get("value"), bool):
                found.append(f"{rid}: {rule} has no true/false value")
                continue
            evidence = label.get("evidence", "")
            if evidence and evidence not in text:
                found.append(f"{rid}: {rule} evidence is not an exact quote: {evidence[:60]!r}")
        if row.get("grade") not in (1, 2, 3, 4, 5):
            found.append(f"{rid}: grade must be 1-5")
        if row.get("best_fit") not in PRINCIPLES:
            found.append(f"{rid}: best_fit {row.get('best_fit')!r} is not a principle id")
    return len(rows), found


def main() -> int:
    count, found = problems(sys.argv[1], sys.argv[2])
    for line in found:
        print(line)
    print(f"{count} rows, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
