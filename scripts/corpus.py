"""Build the labelled corpus from its parts (see corpus/README.md).

    python scripts/corpus.py prepare     raw/*.jsonl -> answers.jsonl (+ split), tasks/<chunk>.jsonl
    python scripts/corpus.py disputes    labels a, b -> tasks/c-<chunk>.jsonl (where they differ)
    python scripts/corpus.py gold        labels a, b, c -> gold.jsonl (majority of the blind passes)

Every step is deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
sys.path.insert(0, str(CORPUS))

from check_labels import RULES, read_jsonl  # noqa: E402  (the corpus's own schema)

DEV_SHARE = 60  # percent of answers in the dev split


def split_of(answer_id: str) -> str:
    """dev or test, fixed by the id alone (so adding answers never moves old ones)."""
    digest = hashlib.sha256(answer_id.encode("utf-8")).digest()
    return "dev" if int.from_bytes(digest[:4], "big") % 100 < DEV_SHARE else "test"


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")


def prepare() -> int:
    rows: list[dict] = []
    for raw in sorted((CORPUS / "raw").glob("*.jsonl")):
        chunk = raw.stem
        for row in read_jsonl(raw):
            rows.append(
                {
                    "id": row["id"],
                    "asked": row["asked"],
                    "split": split_of(row["id"]),
                    "chunk": chunk,
                    "styles": sorted(set(row.get("styles", []))),
                    "intended_grade": row.get("intended_grade"),
                    "text": row["text"],
                }
            )
    ids = Counter(r["id"] for r in rows)
    dupes = [i for i, n in ids.items() if n > 1]
    if dupes:
        print(f"duplicate ids: {dupes}", file=sys.stderr)
        return 1
    write_jsonl(CORPUS / "answers.jsonl", rows)
    by_chunk: dict[str, list[dict]] = {}
    for r in rows:
        by_chunk.setdefault(r["chunk"], []).append(
            {"id": r["id"], "asked": r["asked"], "text": r["text"]}
        )
    for chunk, task in by_chunk.items():
        write_jsonl(CORPUS / "tasks" / f"{chunk}.jsonl", task)
    splits = Counter(r["split"] for r in rows)
    print(f"{len(rows)} answers: {dict(splits)}; {len(by_chunk)} chunks")
    return 0


def _labels(passname: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted((CORPUS / "labels" / passname).glob("*.jsonl")):
        for row in read_jsonl(path):
            row["labeller"] = f"{passname}/{path.stem}"
            out[row["id"]] = row
    return out


def _disagree(a: dict, b: dict) -> list[str]:
    keys = [r for r in RULES if a["labels"][r]["value"] != b["labels"][r]["value"]]
    if abs(a["grade"] - b["grade"]) >= 2:
        keys.append("grade")
    if a["best_fit"] != b["best_fit"]:
        keys.append("best_fit")
    return keys


def disputes() -> int:
    answers = read_jsonl(CORPUS / "answers.jsonl")
    first, second = _labels("a"), _labels("b")
    by_chunk: dict[str, list[dict]] = {}
    count = 0
    for r in answers:
        if r["id"] not in first or r["id"] not in second:
            continue
        if _disagree(first[r["id"]], second[r["id"]]):
            count += 1
            by_chunk.setdefault(r["chunk"], []).append(
                {"id": r["id"], "asked": r["asked"], "text": r["text"]}
            )
    for chunk, task in by_chunk.items():
        write_jsonl(CORPUS / "tasks" / f"c-{chunk}.jsonl", task)
    print(f"{count} answers with a disagreement, in {len(by_chunk)} chunks")
    return 0


def gold() -> int:
    answers = read_jsonl(CORPUS / "answers.jsonl")
    passes = {name: _labels(name) for name in ("a", "b", "c")}
    rows: list[dict] = []
    missing: list[str] = []
    for r in answers:
        votes = [passes[p][r["id"]] for p in ("a", "b", "c") if r["id"] in passes[p]]
        if len(votes) < 2:
            missing.append(r["id"])
            continue
        a, b = votes[0], votes[1]
        third = votes[2] if len(votes) > 2 else None
        labels: dict[str, bool] = {}
        evidence: dict[str, str] = {}
        adjudicated: list[str] = []
        for rule in RULES:
            values = [v["labels"][rule]["value"] for v in (a, b)]
            if values[0] == values[1]:
                value = values[0]
            elif third is not None:
                value = third["labels"][rule]["value"]
                adjudicated.append(rule)
            else:
                missing.append(f"{r['id']}:{rule}")
                continue
            labels[rule] = value
            quotes = [
                v["labels"][rule].get("evidence", "")
                for v in votes
                if v["labels"][rule]["value"] == value
            ]
            evidence[rule] = next((q for q in quotes if q), "")
        fits = Counter(v["best_fit"] for v in votes)
        top = fits.most_common()
        best_fit = top[0][0] if len(top) == 1 or top[0][1] > top[1][1] else a["best_fit"]
        if third is not None and a["best_fit"] != b["best_fit"]:
            best_fit = (
                third["best_fit"]
                if third["best_fit"] in (a["best_fit"], b["best_fit"])
                else a["best_fit"]
            )
        grades = [v["grade"] for v in votes]
        rows.append(
            {
                "id": r["id"],
                "asked": r["asked"],
                "split": r["split"],
                "labels": labels,
                "evidence": evidence,
                "best_fit": best_fit,
                "grades": grades,
                "grade": round(statistics.mean(grades), 3),
                "labellers": [v["labeller"] for v in votes],
                "adjudicated": adjudicated,
            }
        )
    if missing:
        print(f"not labelled twice or unresolved: {missing[:20]} ({len(missing)})", file=sys.stderr)
    write_jsonl(CORPUS / "gold.jsonl", rows)
    print(f"{len(rows)} gold answers")
    return 1 if missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("step", choices=("prepare", "disputes", "gold"))
    args = parser.parse_args()
    return {"prepare": prepare, "disputes": disputes, "gold": gold}[args.step]()


if __name__ == "__main__":
    raise SystemExit(main())
