"""Train the principle-fit model on the dev split and write interviewer/data/fit_model.json.

    python scripts/train_fit.py [--labels gold|a] [--l2 X] [--epochs N]

A softmax regression over the sixteen Leadership Principles (answers that are no story
are left to the rule ``fit.no_story``): inputs are the
word stems of the story (reflections left out) and a few facts of the analysis (see
``interviewer.scoring.fit``), the target is the corpus's best-fit principle. ``fit_ratio``
(how close to the strongest principle the asked one must be to count as shown) is chosen
by five-fold cross-validation on dev, for the balanced accuracy of the ``fit`` label. Only
dev is read; nothing is random, so the same corpus gives the same weights.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import accuracy  # noqa: E402

from interviewer.resources import data_path  # noqa: E402
from interviewer.scoring.analysis import analyse  # noqa: E402
from interviewer.scoring.competencies import principles  # noqa: E402
from interviewer.scoring.fit import NONE, story_stems  # noqa: E402

OUT = data_path("fit_model.json")
STOPWORDS = sorted(
    line.strip()
    for line in data_path("fit_stopwords.txt").open()
    if line.strip() and not line.startswith("#")
)
MIN_DF = 3
RATIOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
FLOORS = (0.0, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25)


def _examples(labels: str) -> list[dict]:
    answers = {r["id"]: r for r in accuracy.read_jsonl(accuracy.CORPUS / "answers.jsonl")}
    rows = []
    if labels == "gold":
        source = {g["id"]: g for g in accuracy.read_jsonl(accuracy.CORPUS / "gold.jsonl")}
        get = lambda g: (g["best_fit"], g["labels"]["fit"])  # noqa: E731
    else:
        source = {}
        for path in sorted((accuracy.CORPUS / "labels" / labels).glob("*.jsonl")):
            source.update({r["id"]: r for r in accuracy.read_jsonl(path)})
        get = lambda r: (r["best_fit"], r["labels"]["fit"]["value"])  # noqa: E731
    for ident in sorted(source):
        answer = answers[ident]
        if answer["split"] != "dev":
            continue
        if get(source[ident])[0] == NONE:
            continue  # "no story" is decided by rule (fit.no_story), not learned
        a = analyse(answer["text"])
        stems = story_stems(a, frozenset(STOPWORDS))
        best, fit = get(source[ident])
        rows.append(
            {
                "id": ident,
                "asked": answer["asked"],
                "stems": stems,
                "best": best,
                "fit": fit,
            }
        )
    return rows


def _train(rows: list[dict], classes: list[str], vocab: list[str], l2: float, epochs: int):
    """Softmax regression by full-batch gradient descent from zeros (deterministic)."""
    k = len(classes)
    index = {w: i for i, w in enumerate(vocab)}
    W = [[0.0] * k for _ in vocab]
    b = [0.0] * k
    xs = [[index[s] for s in r["stems"] if s in index] for r in rows]
    ys = [classes.index(r["best"]) for r in rows]
    n = len(rows)
    lr = 0.5
    for _ in range(epochs):
        gW = [[0.0] * k for _ in vocab]
        gb = [0.0] * k
        for words, y in zip(xs, ys, strict=True):
            grad = _softmax([sum(col) for col in zip(b, *(W[w] for w in words), strict=True)])
            grad[y] -= 1.0
            for c in range(k):
                gb[c] += grad[c]
            for w in words:
                row = gW[w]
                for c in range(k):
                    row[c] += grad[c]
        for i in range(len(vocab)):
            for c in range(k):
                W[i][c] -= lr * (gW[i][c] / n + l2 * W[i][c])
        for c in range(k):
            b[c] -= lr * gb[c] / n
    return W, b


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _probs(row, classes, vocab_index, W, b):
    rows = [W[i] for i in (vocab_index.get(s) for s in row["stems"]) if i is not None]
    scores = [sum(col) for col in zip(b, *rows, strict=True)]
    return dict(zip(classes, _softmax(scores), strict=True))


def _vocab(rows: list[dict]) -> list[str]:
    df = Counter(s for r in rows for s in r["stems"])
    return sorted(w for w, n in df.items() if n >= MIN_DF)


def _fit_verdict(probs: dict[str, float], asked: str, ratio: float, floor: float) -> bool:
    top = max(probs, key=lambda c: probs[c])
    shown = probs.get(asked, 0.0)
    return shown >= floor and shown >= ratio * probs[top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labels", default="gold", help="gold (default) or a labelling pass")
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=300)
    args = parser.parse_args()
    classes = [p.id for p in principles()]
    rows = _examples(args.labels)
    folds = 5
    grid = [(r, f) for r in RATIOS for f in FLOORS]
    cv: dict[tuple[float, float], list[tuple[bool, bool]]] = {g: [] for g in grid}
    best_hits = 0
    for f in range(folds):
        train = [r for i, r in enumerate(rows) if i % folds != f]
        test = [r for i, r in enumerate(rows) if i % folds == f]
        vocab = _vocab(train)
        W, b = _train(train, classes, vocab, args.l2, args.epochs)
        vi = {w: i for i, w in enumerate(vocab)}
        for r in test:
            probs = _probs(r, classes, vi, W, b)
            best_hits += max(probs, key=lambda c: probs[c]) == r["best"]
            for ratio, floor in grid:
                cv[ratio, floor].append((r["fit"], _fit_verdict(probs, r["asked"], ratio, floor)))
    scores = {
        key: accuracy.balanced_accuracy([t for t, _ in v], [p for _, p in v])
        for key, v in cv.items()
    }
    ratio, floor = max(grid, key=lambda g: (round(scores[g], 3), -abs(g[0] - 0.3), -g[1]))
    print(f"cross-validated on dev ({len(rows)}): best-fit exact {best_hits / len(rows):.3f}")
    for r in RATIOS:
        cells = "  ".join(f"{scores[r, f]:.3f}" for f in FLOORS)
        print(f"  fit_ratio {r:.2f}, floors {FLOORS}: {cells}")
    vocab = _vocab(rows)
    W, b = _train(rows, classes, vocab, args.l2, args.epochs)
    model = {
        "trained_on": f"corpus dev split, {len(rows)} answers, labels: {args.labels}",
        "classes": classes,
        "fit_ratio": ratio,
        "fit_floor": floor,
        "stopwords": STOPWORDS,
        "bias": [round(x, 4) for x in b],
        "words": {
            w: [round(x, 4) for x in W[i]]
            for i, w in enumerate(vocab)
            if max(abs(x) for x in W[i]) >= 0.02
        },
    }
    OUT.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    kept = len(model["words"])
    print(f"fit_ratio {ratio}, fit_floor {floor}; {kept} stems kept; wrote {OUT.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
