"""The scorer against the labelled corpus (corpus/): no figure may fall more than 0.02 below
the committed baseline (corpus/baseline.json). Raise the baseline only when accuracy rises:
`python benchmarks/accuracy.py --write-baseline`."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def _accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy()


def _read(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text("utf-8").splitlines() if line]


def test_the_corpus_is_whole_and_split():
    answers = _read("answers.jsonl")
    gold = _read("gold.jsonl")
    assert len(answers) >= 400
    assert {g["id"] for g in gold} == {a["id"] for a in answers}
    splits = {a["split"] for a in answers}
    assert splits == {"dev", "test"}
    dev = sum(1 for a in answers if a["split"] == "dev") / len(answers)
    assert 0.5 < dev < 0.7
    for g in gold:
        assert len(g["grades"]) >= 2, g["id"]  # at least two blind labellers each
        assert set(g["labels"]) == set(accuracy.RULES)


def test_gold_evidence_quotes_the_answer():
    texts = {a["id"]: a["text"] for a in _read("answers.jsonl")}
    for g in _read("gold.jsonl"):
        for rule, quote in g["evidence"].items():
            assert not quote or quote in texts[g["id"]], (g["id"], rule)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_no_figure_falls_below_the_baseline(split):
    drops = accuracy.check([accuracy.evaluate(split)])
    assert not drops, "accuracy fell below corpus/baseline.json:\n" + "\n".join(drops)


def test_balanced_accuracy_and_spearman():
    assert (
        accuracy.balanced_accuracy([True, True, False, False], [True, False, False, False]) == 0.75
    )
    assert accuracy.balanced_accuracy([True, True], [True, False]) == 0.5
    assert accuracy.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert accuracy.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert accuracy.spearman([1, 1, 2, 2], [1, 2, 3, 4]) == pytest.approx(0.894, abs=0.001)
