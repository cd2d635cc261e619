"""`interviewer questions` lists the bank, default first, with the ids --question takes."""

from __future__ import annotations

import json

from interviewer.cli import main
from interviewer.questions import bank


def test_json_lists_every_question_default_first(capsys) -> None:
    assert main(["questions", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == list(bank().ids)
    assert rows[0]["id"] == "amazon-lp-three-stories"
    assert rows[0]["default"] is True
    assert rows[0]["competencies"] == ["ownership", "bias_for_action", "customer_obsession"]
    assert sum(row["default"] for row in rows) == 1


def test_table_shows_ids_that_run_accepts(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["questions"]) == 0
    out = capsys.readouterr().out
    for question_id in bank().ids:
        assert question_id in out
