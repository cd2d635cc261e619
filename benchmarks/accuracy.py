"""How well the scorer agrees with the labelled corpus, next to how well labellers agree.

    python benchmarks/accuracy.py [--split dev|test|all] [--markdown] [--json]
                                  [--confusions RULE] [--write-baseline] [--check]

Per rule: balanced accuracy of the scorer against the adjudicated gold (corpus/gold.jsonl)
on the dev and test splits, and beside it the labellers' pairwise agreement (balanced
accuracy of one blind pass against the other, averaged both ways): the ceiling. Then the
Spearman correlation of the scorer's 1-5 rating with the mean labeller grade (and between
the labellers' grades), and the ids the scorer gets wrong for each rule.

--write-baseline records the current figures in corpus/baseline.json; --check exits 1 when
any figure is more than 0.02 below it (the same check tests/scoring/test_corpus.py runs).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpus"))

from check_labels import RULES, read_jsonl  # noqa: E402  (the corpus's own schema)

from interviewer.scoring import grade_turn  # noqa: E402
from interviewer.scoring.fit import best_fit  # noqa: E402

CORPUS = ROOT / "corpus"
BASELINE = CORPUS / "baseline.json"
TOLERANCE = 0.02
SCORER_ID = {"fit": "competency_fit"}


def balanced_accuracy(truth: Sequence[bool], guess: Sequence[bool]) -> float:
    """Mean of the recall on true and on false cases (plain recall when one class is absent)."""
    recalls = []
    for cls in (True, False):
        idx = [i for i, t in enumerate(truth) if t is cls]
        if idx:
            recalls.append(sum(1 for i in idx if guess[i] is cls) / len(idx))
    return sum(recalls) / len(recalls) if recalls else 1.0


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho with average ranks for ties."""
    if len(xs) < 2:
        return float("nan")
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else float("nan")


@dataclass
class Report:
    split: str
    count: int
    scorer: dict[str, float] = field(default_factory=dict)
    ceiling: dict[str, float] = field(default_factory=dict)
    confusions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    rating_spearman: float = 0.0
    labeller_spearman: float = 0.0
    best_fit_accuracy: float = 0.0
    best_fit_ceiling: float = 0.0


def _passes() -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for name in ("a", "b"):
        rows: dict[str, dict] = {}
        for path in sorted((CORPUS / "labels" / name).glob("*.jsonl")):
            rows.update({r["id"]: r for r in read_jsonl(path)})
        out[name] = rows
    return out


Predict = Callable[[str, str], tuple[dict[str, bool], int, str]]


def predict(text: str, asked: str) -> tuple[dict[str, bool], int, str]:
    """The scorer's verdicts on one answer: rule -> passed, the 1-5 rating, the best fit."""
    grade = grade_turn(text, asked)
    rules = {rule: grade.rules.get(SCORER_ID.get(rule, rule), False) for rule in RULES}
    return rules, grade.rating, best_fit(text)


def evaluate(split: str = "all", scorer: Predict = predict) -> Report:
    answers = {r["id"]: r for r in read_jsonl(CORPUS / "answers.jsonl")}
    gold = [g for g in read_jsonl(CORPUS / "gold.jsonl") if split in ("all", g["split"])]
    passes = _passes()
    report = Report(split, len(gold))
    predictions = {g["id"]: scorer(answers[g["id"]]["text"], g["asked"]) for g in gold}
    for rule in RULES:
        truth = [g["labels"][rule] for g in gold]
        guess = [predictions[g["id"]][0][rule] for g in gold]
        report.scorer[rule] = balanced_accuracy(truth, guess)
        report.confusions[rule] = {
            "missed": [g["id"] for g, t, p in zip(gold, truth, guess, strict=True) if t and not p],
            "false": [g["id"] for g, t, p in zip(gold, truth, guess, strict=True) if p and not t],
        }
        pairs = [
            (
                passes["a"][g["id"]]["labels"][rule]["value"],
                passes["b"][g["id"]]["labels"][rule]["value"],
            )
            for g in gold
            if g["id"] in passes["a"] and g["id"] in passes["b"]
        ]
        a_vals, b_vals = [p[0] for p in pairs], [p[1] for p in pairs]
        report.ceiling[rule] = (
            balanced_accuracy(a_vals, b_vals) + balanced_accuracy(b_vals, a_vals)
        ) / 2
    report.rating_spearman = spearman(
        [predictions[g["id"]][1] for g in gold], [g["grade"] for g in gold]
    )
    both = [g for g in gold if g["id"] in passes["a"] and g["id"] in passes["b"]]
    report.labeller_spearman = spearman(
        [passes["a"][g["id"]]["grade"] for g in both], [passes["b"][g["id"]]["grade"] for g in both]
    )
    report.best_fit_accuracy = sum(
        1 for g in gold if predictions[g["id"]][2] == g["best_fit"]
    ) / max(1, len(gold))
    report.best_fit_ceiling = sum(
        1 for g in both if passes["a"][g["id"]]["best_fit"] == passes["b"][g["id"]]["best_fit"]
    ) / max(1, len(both))
    return report


def figures(report: Report) -> dict[str, float]:
    out = {rule: round(report.scorer[rule], 3) for rule in RULES}
    out["rating_spearman"] = round(report.rating_spearman, 3)
    out["best_fit_accuracy"] = round(report.best_fit_accuracy, 3)
    return out


def markdown(reports: Sequence[Report]) -> str:
    head = (
        "| rule | "
        + " | ".join(f"scorer, {r.split} ({r.count}) | labellers, {r.split}" for r in reports)
        + " |"
    )
    lines = [head, "|---|" + "---:|---:|" * len(reports)]
    for rule in RULES:
        cells = " | ".join(f"{r.scorer[rule]:.2f} | {r.ceiling[rule]:.2f}" for r in reports)
        lines.append(f"| {rule} | {cells} |")
    cells = " | ".join(f"{r.rating_spearman:.2f} | {r.labeller_spearman:.2f}" for r in reports)
    lines.append(f"| 1-5 rating, Spearman vs mean grade | {cells} |")
    cells = " | ".join(f"{r.best_fit_accuracy:.2f} | {r.best_fit_ceiling:.2f}" for r in reports)
    lines.append(f"| best-fit principle, exact | {cells} |")
    return "\n".join(lines)


def check(reports: Sequence[Report]) -> list[str]:
    """Figures more than TOLERANCE below the committed baseline."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    drops = []
    for report in reports:
        now = figures(report)
        for key, before in baseline.get(report.split, {}).items():
            if now.get(key, 0.0) < before - TOLERANCE:
                drops.append(
                    f"{report.split} {key}: {now.get(key, 0.0):.3f} < baseline {before:.3f}"
                )
    return drops


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default=None)
    parser.add_argument("--markdown", action="store_true", help="one Markdown table")
    parser.add_argument("--json", action="store_true", help="figures and confusions as JSON")
    parser.add_argument("--confusions", metavar="RULE", help="ids the scorer gets wrong for RULE")
    parser.add_argument("--write-baseline", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    splits = [args.split] if args.split else ["dev", "test"]
    reports = [evaluate(s) for s in splits]
    if args.json:
        print(
            json.dumps(
                {
                    r.split: {
                        "figures": figures(r),
                        "ceiling": r.ceiling,
                        "confusions": r.confusions,
                    }
                    for r in reports
                },
                indent=2,
            )
        )
    else:
        print(markdown(reports))
    if args.confusions:
        for r in reports:
            c = r.confusions[args.confusions]
            print(f"\n{r.split} {args.confusions}: missed {c['missed']}\n  false {c['false']}")
    if args.write_baseline:
        BASELINE.write_text(json.dumps({r.split: figures(r) for r in reports}, indent=2) + "\n")
        print(f"\nwrote {BASELINE.relative_to(ROOT)}")
    if args.check:
        drops = check(reports)
        for d in drops:
            print(d)
        return 1 if drops else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
