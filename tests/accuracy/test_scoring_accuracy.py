"""Balanced accuracy per rule on the hand-labelled dev set (tests/data/labelled_answers.jsonl).

The labels follow the rule definitions in docs/scoring.md. The scorer was tuned with this set
in view, so these figures are in-sample; the floor guards against regressions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.scoring import CORE_RULE_IDS, score_turn

LABELLED = Path(__file__).parent.parent / "data" / "labelled_answers.jsonl"
FLOOR = 0.80


def _items() -> list[dict[str, object]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


def balanced_accuracy(rule: str) -> float:
    hits = {True: 0, False: 0}
    totals = {True: 0, False: 0}
    for item in _items():
        labels = item["labels"]
        assert isinstance(labels, dict)
        expected = bool(labels[rule])
        competency = item.get("competency")
        got = score_turn(str(item["text"]), competency if isinstance(competency, str) else None)
        totals[expected] += 1
        hits[expected] += got.rule(rule).passed == expected
    rates = [hits[k] / totals[k] for k in (True, False) if totals[k]]
    return sum(rates) / len(rates)


def test_dev_set_is_big_and_varied() -> None:
    items = _items()
    assert len(items) >= 40
    for rule in CORE_RULE_IDS:
        values = {bool(item["labels"][rule]) for item in items}  # type: ignore[index]
        assert values == {True, False}, rule


@pytest.mark.parametrize("rule", CORE_RULE_IDS)
def test_balanced_accuracy_per_rule(rule: str) -> None:
    assert balanced_accuracy(rule) >= FLOOR
