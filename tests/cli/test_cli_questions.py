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


def test_a_broken_bank_is_bad_input_for_every_command(capsys, monkeypatch, tmp_path) -> None:
    # One exit code for one fault: listing the bank, a headless run and the interview room
    # all refuse a broken question file the same way (2: bad input, README "Exit codes").
    import interviewer.questions as questions

    def broken(*_args: object) -> None:
        raise questions.QuestionBankError("q.toml: field 'title': Field required")

    monkeypatch.setattr(questions, "bank", broken)
    monkeypatch.setattr(questions, "load_bank", broken)
    answers = tmp_path / "answers.txt"
    answers.write_text("I fixed the build.\n")
    for argv in (["questions"], ["run", "--answers", str(answers)], ["--backend", "offline"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("interviewer: error: the question bank is broken: q.toml"), argv
        assert err.count("\n") == 1
