"""The question bank: the packaged questions, and clear errors for broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.questions import (
    QuestionBankError,
    UnknownQuestionError,
    bank,
    load_bank,
    load_competencies,
)
from interviewer.resources import data_path

AMAZON_PRINCIPLES = {
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
}

COMPETENCIES = """
[[competency]]
id = "ownership"
name = "Ownership"
definition = "Acts for the long term."
signals = ["acts beyond their role"]
patterns = []

[[competency]]
id = "bias_for_action"
name = "Bias for Action"
definition = "Speed matters."
"""

GOOD = """
id = "q-one"
title = "One"
text = "Tell me   about\\n a time."
competencies = ["ownership", "bias_for_action"]
"""


def make_bank(tmp_path: Path, **files: str) -> tuple[Path, Path]:
    questions = tmp_path / "questions"
    questions.mkdir(parents=True)
    for name, text in files.items():
        (questions / f"{name}.toml").write_text(text, encoding="utf-8")
    competencies = tmp_path / "competencies.toml"
    competencies.write_text(COMPETENCIES, encoding="utf-8")
    return questions, competencies


# --------------------------------------------------------------------------- the packaged bank


def test_seeded_question_is_the_default_and_first() -> None:
    questions = bank()
    default = questions.default
    assert default.id == "amazon-lp-three-stories"
    assert questions.questions[0] == default
    assert [c.id for c in default.competencies] == [
        "ownership",
        "bias_for_action",
        "customer_obsession",
    ]
    assert default.text.startswith("Describe three separate experiences that demonstrate")
    assert default.text.endswith("one thing you would change in hindsight.")
    assert default.company == "Amazon"
    assert default.role == "Software Engineer"


def test_every_amazon_principle_is_asked_somewhere() -> None:
    covered = {c.id for q in bank() if q.company == "Amazon" for c in q.competencies}
    assert covered >= AMAZON_PRINCIPLES


def test_general_questions_are_not_tied_to_a_company() -> None:
    general = [q for q in bank() if q.company is None]
    assert len(general) >= 5


def test_competencies_carry_definitions_and_signals() -> None:
    for question in bank():
        for competency in question.competencies:
            assert competency.definition
            assert competency.signals, f"{question.id}: {competency.id} has no signals"


def test_unknown_question_lists_the_known_ones() -> None:
    with pytest.raises(UnknownQuestionError) as caught:
        bank().get("nope")
    assert "amazon-lp-three-stories" in str(caught.value)


def test_packaged_files_are_where_the_loader_looks() -> None:
    names = {p.stem for p in data_path("questions").glob("*.toml")}
    assert names == set(bank().ids)


# --------------------------------------------------------------------------- loading files


def test_loads_and_resolves_competencies(tmp_path: Path) -> None:
    questions, competencies = make_bank(tmp_path, one=GOOD)
    loaded = load_bank(questions, competencies)
    question = loaded.get("q-one")
    assert question.text == "Tell me about a time."
    assert [c.name for c in question.competencies] == ["Ownership", "Bias for Action"]
    assert question.competencies[0].signals == ("acts beyond their role",)
    assert loaded.default_id == "q-one"


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    questions, competencies = make_bank(
        tmp_path, broken='id = "x"\ntext = "t"\ncompetencies = ["ownership"]\n'
    )
    with pytest.raises(QuestionBankError, match=r"broken\.toml: field 'title': Field required"):
        load_bank(questions, competencies)


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    questions, competencies = make_bank(tmp_path, typo=GOOD + 'titel = "x"\n')
    with pytest.raises(QuestionBankError, match=r"typo\.toml: field 'titel'"):
        load_bank(questions, competencies)


def test_unknown_competency_names_the_index(tmp_path: Path) -> None:
    text = GOOD.replace('"bias_for_action"', '"telepathy"')
    questions, competencies = make_bank(tmp_path, odd=text)
    with pytest.raises(
        QuestionBankError,
        match=r"odd\.toml: field 'competencies\.1': unknown competency 'telepathy'",
    ):
        load_bank(questions, competencies)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    questions, competencies = make_bank(tmp_path, bad="id = ")
    with pytest.raises(QuestionBankError, match=r"bad\.toml: invalid TOML"):
        load_bank(questions, competencies)


def test_duplicate_ids_and_two_defaults_are_refused(tmp_path: Path) -> None:
    questions, competencies = make_bank(tmp_path, a=GOOD, b=GOOD)
    with pytest.raises(
        QuestionBankError, match=r"b\.toml: field 'id': 'q-one' is already used by a\.toml"
    ):
        load_bank(questions, competencies)
    questions2, _ = make_bank(
        tmp_path / "two",
        a=GOOD + "default = true\n",
        b=GOOD.replace("q-one", "q-two") + "default = true\n",
    )
    with pytest.raises(QuestionBankError, match="more than one question says default"):
        load_bank(questions2, competencies)


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    questions, competencies = make_bank(tmp_path)
    with pytest.raises(QuestionBankError, match="no question files"):
        load_bank(questions, competencies)


def test_broken_competency_file_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "competencies.toml"
    path.write_text('[[competency]]\nid = "Not Snake"\nname = "x"\ndefinition = "y"\n')
    with pytest.raises(QuestionBankError, match=r"competency #1 \('Not Snake'\): field 'id'"):
        load_competencies(path)
