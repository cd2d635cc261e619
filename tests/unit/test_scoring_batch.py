"""The batch path (`score --jsonl`, `grade_turn`) decides exactly as `score_turn` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.scoring import grade_turn, score_turn

DATA = Path(__file__).parent.parent / "data"
LABELLED = [json.loads(line) for line in (DATA / "labelled_answers.jsonl").open(encoding="utf-8")]
SEEDS = sorted(DATA.glob("seed_*.md"))
COMPETENCIES = (None, "ownership", "bias_for_action", "customer_obsession")


def _dev_set() -> list[tuple[str, str, str | None]]:
    items = [(str(row["id"]), str(row["text"]), None) for row in LABELLED]
    items += [(path.stem, path.read_text(encoding="utf-8"), None) for path in SEEDS]
    # Every answer once more with a competency, so that competency fit is compared too.
    return items + [
        (f"{key}@{COMPETENCIES[i % 4]}", text, COMPETENCIES[i % 4])
        for i, (key, text, _) in enumerate(list(items))
    ]


DEV_SET = _dev_set()


def test_the_dev_set_is_not_trivial() -> None:
    assert len(LABELLED) >= 30
    scores = {grade_turn(text).score for _, text, _ in DEV_SET}
    assert len(scores) > 5  # a spread of scores, not one value


@pytest.mark.parametrize(("key", "text", "competency"), DEV_SET, ids=[k for k, _, _ in DEV_SET])
def test_grade_turn_equals_score_turn(key: str, text: str, competency: str | None) -> None:
    full = score_turn(text, competency)
    grade = grade_turn(text, competency)
    assert grade.score == full.score
    assert grade.rating == full.rating
    assert grade.rules == {r.id: r.passed for r in full.rules}
    assert list(grade.rules) == [r.id for r in full.rules]  # same rules, same order


def test_jsonl_output_equals_score_turn_on_the_dev_set(capsys, tmp_path) -> None:
    path = tmp_path / "dev.jsonl"
    lines = []
    for key, text, competency in DEV_SET:
        item: dict[str, str] = {"id": key, "text": text}
        if competency is not None:
            item["competency"] = competency
        lines.append(json.dumps(item))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["score", "--jsonl", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["id"] for row in out] == [key for key, _, _ in DEV_SET]
    for row, (_, text, competency) in zip(out, DEV_SET, strict=True):
        full = score_turn(text, competency)
        assert row == {
            "id": row["id"],
            "score": full.score,
            "rating": full.rating,
            "rules": {r.id: r.passed for r in full.rules},
        }
